/*
 * stories.c — stories assigned as articles are stored, and all of them again on a
 * rebuild (internal.h, marsad_stories_rebuild). The rule is in src/stories/ and
 * docs/stories.md; this file feeds it from the ingest or the catalog and writes what it
 * decides.
 *
 * Crash order: a member row, a new story's row and a merge's updates go into the open
 * batch transaction with the article itself; the document frequencies the batch changed
 * are written just before its commit. Killed at any moment, the catalog holds the
 * stories of its last commit, and the next writer resumes from them: the members of the
 * last `window` days (with their stories, whole) and the frequencies are loaded back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archive/internal.h"
#include "store/store.h"
#include "util/date.h"

/* The rule's version and the analysis' (the vectors are stems of the analysis). */
#define STORIES_VERSION MSD_STORIES_VERSION "." MSD_ANALYSIS_VERSION

static int load_df(void *ctx, uint32_t term, uint32_t n)
{
    return msd_storydf_set(ctx, term, n);
}

struct loading {
    msd_stories *sto;
    int32_t since; /* members from this day on are candidates */
};

static int load_member(void *ctx, int64_t article, int64_t story, int32_t day, const void *vec,
                       size_t len)
{
    struct loading *l = ctx;
    msd_storyvec v;
    int rc = msd_storyvec_decode(vec, len, &v);
    if (rc) return rc;
    return msd_stories_load(l->sto, article, story, day, &v,
                            day != MSD_NO_DAY && l->since != MSD_NO_DAY && day >= l->since);
}

static int new_state(msd_archive *a)
{
    msd_story_params p;
    msd_story_params_init(&p);
    msd_archive_story_drop(a);
    if (msd_storydf_load_prior(&a->df)) return MARSAD_ENOMEM;
    return msd_stories_new(&p, &a->sto);
}

/* The assignment state as the catalog's last commit left it. */
static int load_state(msd_archive *a)
{
    struct loading l;
    msd_story_params p;
    char docs[32];
    int32_t last;
    int rc = new_state(a);
    if (rc) return rc;
    if ((rc = msd_store_story_df(a->store, load_df, &a->df))) return rc;
    rc = msd_store_meta(a->store, "story_docs", docs, sizeof docs);
    if (rc && rc != MARSAD_END) return rc;
    a->df.docs = rc ? 0 : strtoull(docs, NULL, 10);
    if ((rc = msd_store_story_last_day(a->store, &last))) return rc;
    if (last == MSD_NO_DAY) return MARSAD_OK;
    l.sto = a->sto;
    msd_story_params_init(&p);
    l.since = last - p.window;
    return msd_store_story_members(a->store, 0, l.since, load_member, &l);
}

/* Writes a decision: a new story's row, merges, the member. */
static int write_decision(msd_archive *a, int64_t id, int32_t day, const msd_storyvec *v,
                          const msd_story_decision *d)
{
    unsigned char buf[MSD_STORY_VEC_BYTES];
    size_t len = msd_storyvec_encode(v, buf);
    int rc;
    if (d->created && (rc = msd_store_story_new(a->store, d->story))) return rc;
    for (size_t i = 0; i < d->n_merged; i++)
        if ((rc = msd_store_story_merge(a->store, d->merged[i], d->story))) return rc;
    return msd_store_story_member(a->store, id, d->story, day, buf, len);
}

/* Brings a story the window forgot back into memory (a duplicate joins it). */
static int recall(msd_archive *a, int64_t story)
{
    struct loading l = {a->sto, MSD_NO_DAY};
    if (msd_stories_known(a->sto, story)) return MARSAD_OK;
    return msd_store_story_members(a->store, story, MSD_NO_DAY, load_member, &l);
}

/* Assigns one article: its vector from its tokens and entities, its forced story when
 * a duplicate group it belongs to has one already. */
static int assign(msd_archive *a, int64_t id, int32_t day, const msd_tokens *title,
                  const msd_tokens *body, const char *const *ents, size_t n_ents, int64_t forced)
{
    msd_storyvec v;
    msd_story_decision d;
    int rc;
    if ((rc = msd_storyvec_build(&a->vb, title, body, ents, n_ents, &a->df, &v))) return rc;
    if (forced && (rc = recall(a, forced))) return rc;
    if ((rc = msd_stories_assign(a->sto, id, day, &v, forced, &d))) return rc;
    return write_decision(a, id, day, &v, &d);
}

struct rebuild {
    msd_archive *a;
    msd_tokens title, body;
    msd_idmap group_story; /* duplicate group → its story, as the groups' members come */
};

static int rebuild_one(void *ctx, const msd_store_story_input *in)
{
    struct rebuild *b = ctx;
    int64_t forced = 0;
    uint32_t *g;
    int rc;
    if ((rc = msd_tokens_analyze(b->a->an, in->title ? in->title : "",
                                 in->title ? strlen(in->title) : 0, &b->title)) ||
        (rc = msd_tokens_analyze(b->a->an, in->body, in->body_len, &b->body)))
        return rc;
    if ((g = msd_idmap_get(&b->group_story, (uint64_t)in->group)))
        forced = msd_stories_resolve(b->a->sto, *g);
    if ((rc = assign(b->a, in->id, in->day, &b->title, &b->body, in->ents, in->n_ents, forced)))
        return rc;
    if (!g) {
        int64_t story;
        if ((rc = msd_store_story_of(b->a->store, in->id, &story))) return rc;
        if (!msd_idmap_slot(&b->group_story, (uint64_t)in->group, (uint32_t)story, NULL))
            return MARSAD_ENOMEM;
    }
    return MARSAD_OK;
}

/* Assigns every article again, in date order, in the caller's transaction. */
static int rebuild(msd_archive *a)
{
    struct rebuild b;
    int rc;
    memset(&b, 0, sizeof b);
    b.a = a;
    if ((rc = new_state(a)) || (rc = msd_store_story_clear(a->store))) return rc;
    rc = msd_store_story_inputs(a->store, rebuild_one, &b);
    if (!rc) rc = msd_archive_story_flush(a);
    if (!rc) rc = msd_store_set_meta(a->store, "stories", STORIES_VERSION);
    msd_tokens_free(&b.title);
    msd_tokens_free(&b.body);
    msd_idmap_free(&b.group_story);
    return rc;
}

int msd_archive_story_ready(msd_archive *a)
{
    char version[16];
    int rc;
    if (a->sto) return MARSAD_OK;
    rc = msd_store_meta(a->store, "stories", version, sizeof version);
    if (rc && rc != MARSAD_END) return rc;
    if (!rc && !strcmp(version, STORIES_VERSION)) return load_state(a);
    return rebuild(a);
}

int msd_archive_story_add(msd_archive *a, const msd_analyzed *x, int64_t id, int64_t group)
{
    const char *ents[256];
    size_t n_ents = 0, n = marsad_article_count(&x->rec, MARSAD_ENTITIES);
    int64_t forced = 0;
    int rc;
    if (!a->sto) return MARSAD_EINVAL; /* msd_archive_story_ready first */
    for (size_t i = 0; i < n && n_ents < sizeof ents / sizeof ents[0]; i++) {
        marsad_entity e;
        if (!marsad_article_entity_at(&x->rec, i, &e) && e.canonical) ents[n_ents++] = e.canonical;
    }
    if (group && group != id) { /* its group's story (the first article came before it) */
        rc = msd_store_story_of(a->store, group, &forced);
        if (rc && rc != MARSAD_END) return rc;
    }
    return assign(a, id, msd_date_days(x->rec.f[MARSAD_FIELD_DATE]), &x->title_toks, &x->body_toks,
                  ents, n_ents, forced);
}

static int save_df(void *ctx, uint32_t term, uint32_t n)
{
    return msd_store_story_set_df(ctx, term, n);
}

int msd_archive_story_flush(msd_archive *a)
{
    char docs[32];
    int rc;
    if (!a->sto) return MARSAD_OK;
    if ((rc = msd_storydf_each_changed(&a->df, save_df, a->store))) return rc;
    snprintf(docs, sizeof docs, "%llu", (unsigned long long)a->df.docs);
    return msd_store_set_meta(a->store, "story_docs", docs);
}

void msd_archive_story_drop(msd_archive *a)
{
    msd_stories_free(a->sto);
    a->sto = NULL;
    msd_storydf_free(&a->df);
    msd_storyvec_builder_free(&a->vb);
}

int marsad_stories_rebuild(marsad_archive *a)
{
    int rc;
    if (!a) return MARSAD_EINVAL;
    if (!a->writer) return MARSAD_EREADONLY;
    if (a->broken) return MARSAD_EABORTED;
    if (a->deferred)
        return msd_archive_fail(a, MARSAD_EIO, "%s: no archive there (marsad ingest makes one)",
                                a->path);
    if ((rc = marsad_archive_flush(a))) return rc;
    if ((rc = msd_store_begin(a->store))) return rc;
    if ((rc = rebuild(a)) || (rc = msd_store_commit(a->store))) {
        msd_store_rollback(a->store);
        msd_archive_story_drop(a);
        return msd_archive_fail(a, rc, "%s: rebuilding the stories: %s", a->path,
                                rc == MARSAD_EIO ? msd_store_error(a->store) : marsad_strerror(rc));
    }
    return MARSAD_OK;
}
