/*
 * idsets.c — the catalog sets of a query: the clauses that match articles by what the
 * catalog knows of them rather than by their words (entity:, speaker:). Each MSD_Q_SET
 * node of the parsed tree is resolved here, before the engine runs, into the sorted
 * catalog ids of its articles (msd_qnode.ids); the engine maps them to each segment's
 * documents and walks them like a posting list, under AND, OR and NOT.
 *
 * Adding a catalog-backed clause (story:ID, say):
 *   1. query.h: a MSD_QSET_* value; query.c: the field name (field_names, F_*) and its
 *      line in set_of_field(); query.c's put_node names it for --explain.
 *   2. here: a resolver, int fn(msd_archive *, const char *text, uint32_t **ids,
 *      size_t *n), which returns the ids ascending and distinct (malloc'd), and its line
 *      in resolvers[]. A value the catalog does not know is no error: no ids, no match.
 *   3. docs/search.md: its line in the query-language table and in "Catalog sets".
 * Nothing in the engine changes.
 *
 * Names are compared in the index form (marsad_normalize MARSAD_NORM_INDEX, one space
 * between words), as the lexicon keeps them, so hamza, ى/ي and ة/ه variants meet. The
 * typed name goes through the lexicon the extractor uses (built in, data/gazetteer/),
 * so an alias (داعش) stands for its canonical name (تنظيم الدولة الإسلامية).
 */
#include <stdlib.h>
#include <string.h>

#include "archive/internal.h"
#include "extract/lexicon.h"
#include "search/query.h"
#include "store/store.h"
#include "util/grow.h"

size_t msd_archive_name_form(const char *s, size_t n, char *out, size_t cap)
{
    size_t len = 0, m = 0;
    if (marsad_normalize(s, n, MARSAD_NORM_INDEX, out, cap, &len) || len >= cap) return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)out[i];
        int space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (space && (!m || out[m - 1] == ' ')) continue;
        out[m++] = space ? ' ' : (char)c;
    }
    while (m && out[m - 1] == ' ') m--;
    out[m] = '\0';
    return m;
}

/* Whether form (index form) holds want[0..wl)'s words, whole: bounded by its ends or
 * by spaces. */
static int holds_words(const char *form, const char *want, size_t wl)
{
    for (const char *p = form; wl && (p = strstr(p, want)); p++)
        if ((p == form || p[-1] == ' ') && (p[wl] == '\0' || p[wl] == ' ')) return 1;
    return 0;
}

int msd_archive_name_holds(const char *name, const char *want)
{
    char form[1024];
    return name && msd_archive_name_form(name, strlen(name), form, sizeof form) &&
           holds_words(form, want, strlen(want));
}

struct name_match {
    const char *want; /* the canonical name in index form */
    size_t wl;
    int words; /* 1: want's words anywhere in the name, whole; 0: the name is want */
    int64_t *ids;
    size_t n, cap;
    int rc;
};

static int match_name(void *ctx, int64_t id, const char *name, size_t len)
{
    struct name_match *m = ctx;
    char form[1024];
    size_t fl = msd_archive_name_form(name, len, form, sizeof form);
    int hit = 0;
    if (!fl) return 0;
    hit = m->words ? holds_words(form, m->want, m->wl) : fl == m->wl && !memcmp(form, m->want, fl);
    if (!hit) return 0;
    if ((m->rc = msd_grow((void **)&m->ids, &m->cap, m->n + 1, sizeof *m->ids, MSD_GROW_BATCH_MAX)))
        return 1;
    m->ids[m->n++] = id;
    return 0;
}

static int by_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The articles with an entity (speakers 0) or a quotation's speaker (1) whose name is
 * text's canonical name (words 0) or holds its words (words 1). */
static int naming(msd_archive *a, const char *text, int speakers, int words, uint32_t **ids,
                  size_t *n)
{
    char key[1024], want[1024];
    size_t kl = msd_archive_name_form(text, strlen(text), key, sizeof key);
    struct name_match m = {want, 0, words, NULL, 0, 0, MARSAD_OK};
    msd_lexicon *lx = NULL;
    const msd_lexent *e;
    int rc;
    *ids = NULL;
    *n = 0;
    if (!kl) return MARSAD_OK; /* no letters: no name */
    if ((rc = msd_lexicon_new(&lx))) return rc;
    e = msd_lexicon_name(lx, key, kl);
    m.wl = e && e->canonical
               ? msd_archive_name_form(e->canonical, strlen(e->canonical), want, sizeof want)
               : 0;
    if (!m.wl) memcpy(want, key, (m.wl = kl) + 1);
    msd_lexicon_free(lx);
    rc = msd_store_each_name(a->store, match_name, &m);
    if (!rc) rc = m.rc;
    if (rc) {
        free(m.ids);
        return msd_archive_fail(a, rc, "%s: %s", a->path, msd_store_error(a->store));
    }
    if (m.n) qsort(m.ids, m.n, sizeof *m.ids, by_id);
    rc = msd_store_articles_naming(a->store, speakers, m.ids, m.n, ids, n);
    free(m.ids);
    if (rc) msd_archive_fail(a, rc, "%s: %s", a->path, msd_store_error(a->store));
    return rc;
}

static int entity_set(msd_archive *a, const char *text, uint32_t **ids, size_t *n)
{
    return naming(a, text, 0, 0, ids, n);
}

static int speaker_set(msd_archive *a, const char *text, uint32_t **ids, size_t *n)
{
    return naming(a, text, 1, 1, ids, n);
}

/* The articles of a story (a merged id: of the story it went into). */
static int story_set(msd_archive *a, const char *text, uint32_t **ids, size_t *n)
{
    char *end;
    long long id = strtoll(text, &end, 10);
    int64_t story;
    int rc;
    *ids = NULL;
    *n = 0;
    if (*end || id < 1) return MARSAD_OK; /* not a story id: no match */
    rc = msd_store_story_resolve(a->store, id, &story);
    if (rc == MARSAD_END) return MARSAD_OK;
    if (!rc) rc = msd_store_story_articles(a->store, story, ids, n);
    if (rc) msd_archive_fail(a, rc, "%s: %s", a->path, msd_store_error(a->store));
    return rc;
}

static const struct {
    int set;
    int (*resolve)(msd_archive *a, const char *text, uint32_t **ids, size_t *n);
} resolvers[] = {
    {MSD_QSET_ENTITY, entity_set},
    {MSD_QSET_SPEAKER, speaker_set},
    {MSD_QSET_STORY, story_set},
};

int msd_archive_resolve_sets(msd_archive *a, msd_qnode *q)
{
    int rc = MARSAD_OK;
    if (!q) return MARSAD_OK;
    if (q->kind == MSD_Q_SET) {
        free(q->ids);
        q->ids = NULL;
        q->n_ids = 0;
        for (size_t k = 0; k < sizeof resolvers / sizeof *resolvers; k++)
            if (resolvers[k].set == q->set)
                return resolvers[k].resolve(a, q->text, &q->ids, &q->n_ids);
        return MARSAD_OK; /* a set this build cannot resolve matches nothing */
    }
    for (size_t k = 0; !rc && k < q->n_kids; k++) rc = msd_archive_resolve_sets(a, q->kids[k]);
    return rc;
}
