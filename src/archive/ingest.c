/*
 * ingest.c — adding analyzed articles to the archive, committing batches, deleting and
 * fetching articles. The pipeline (pipeline.c) hands articles here one at a time, in
 * input order, on the thread that owns the handle.
 *
 * Durability order of a batch: (1) the segment file is written and fsync'd under a new
 * name; (2) one catalog transaction inserts the batch's articles, facts, signatures and
 * the segment's manifest row, and commits. A crash before (2) leaves a file no manifest
 * names (removed at the next writer's open) and no article of the batch; after (2)
 * everything is there. Articles are inserted as they come (in the open transaction) so
 * that duplicates within a batch find each other.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "archive/internal.h"
#include "store/store.h"
#include "util/date.h"

void msd_analyzed_clear(msd_analyzed *x)
{
    msd_record_clear(&x->rec);
    msd_tokens_free(&x->body_toks); /* borrows doc_toks' strings: first */
    msd_tokens_free(&x->doc_toks);
    msd_tokens_free(&x->title_toks);
    free(x->body_z);
    msd_segterms_free(x->terms);
    memset(x, 0, sizeof *x);
}

/* The length of a field for BM25: one past the last indexed position. */
static uint32_t field_len(const msd_tokens *t)
{
    for (size_t k = t->n; k-- > 0;)
        if (!(t->t[k].flags & MARSAD_TOKEN_STOPWORD)) return t->t[k].pos + 1;
    return 0;
}

int msd_archive_terms(const msd_tokens *title, const msd_tokens *body, msd_segterms *t,
                      msd_segdoc *row)
{
    int rc;
    msd_segterms_reset(t);
    row->title_len = field_len(title);
    row->body_len = field_len(body);
    for (int field = 0; field < 2; field++) {
        const msd_tokens *ts = field ? body : title;
        for (size_t k = 0; k < ts->n; k++) {
            const struct msd_tok *e = &ts->t[k];
            if (e->flags & MARSAD_TOKEN_STOPWORD) continue;       /* not indexed */
            if (e->stem_len > 255 || e->norm_len > 255) continue; /* no term that long */
            if ((rc = msd_segterms_token(t, !field, e->pos, e->stem, e->stem_len, e->norm,
                                         e->norm_len)))
                return rc;
        }
    }
    return msd_segterms_finish(t);
}

static int begin_batch(msd_archive *a)
{
    int rc;
    if (a->in_batch) return MARSAD_OK;
    if ((rc = msd_store_begin(a->store))) return rc;
    if (!a->w && (rc = msd_segw_new(&a->w))) return rc;
    a->in_batch = 1;
    return MARSAD_OK;
}

/* The group a new article joins: an exact duplicate's, else a near one's. */
static int find_group(msd_archive *a, const msd_dupkeys *k, msd_store_link *link)
{
    int64_t first;
    size_t n = 0;
    int rc;
    link->group = 0;
    link->dup_kind = NULL;
    link->jaccard = 0;
    if (k->words) {
        rc = msd_store_find_hash(a->store, k->exact, &first, &link->group);
        if (rc == MARSAD_OK) {
            link->dup_kind = "exact";
            link->jaccard = 1;
            return MARSAD_OK;
        }
        if (rc != MARSAD_END) return rc;
    }
    if (!k->has_sig) return MARSAD_OK;
    if (!a->cands && !(a->cands = malloc(MSD_ARCHIVE_CANDIDATES * sizeof *a->cands)))
        return MARSAD_ENOMEM;
    if ((rc = msd_store_candidates(a->store, k, a->cands, MSD_ARCHIVE_CANDIDATES, &n))) return rc;
    msd_dup_choose(k, a->cands, n, &link->group, &link->jaccard);
    if (link->group) link->dup_kind = "near";
    return MARSAD_OK;
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Adds time since *t0 to a stage of the ingest's report, and restarts the clock. */
static void lap(msd_archive *a, int stage, double *t0)
{
    double t = seconds_now();
    if (a->report) a->report->stage_seconds[stage] += t - *t0;
    *t0 = t;
}

static int add_one(msd_archive *a, msd_analyzed *x, int *outcome)
{
    const marsad_article *r = &x->rec;
    msd_store_link link = {&x->keys, 0, NULL, 0, x->body_z, x->body_z_len};
    msd_segdoc row;
    int64_t id, prev;
    uint32_t source = 0;
    double t0 = seconds_now();
    int rc;
    *outcome = MARSAD_STORED;
    if ((rc = msd_archive_materialize(a)) || (rc = begin_batch(a))) return rc;
    rc = msd_store_find_ext(a->store, r->f[MARSAD_FIELD_ID], &prev);
    if (rc == MARSAD_OK) {
        *outcome = MARSAD_KNOWN;
        return MARSAD_OK;
    }
    if (rc != MARSAD_END) return rc;
    if (!a->sto && (rc = msd_archive_story_ready(a))) return rc;
    if ((rc = find_group(a, &x->keys, &link))) return rc;
    if (link.dup_kind) *outcome = link.dup_kind[0] == 'e' ? MARSAD_EXACT : MARSAD_NEAR;
    a->pend[*outcome]++;
    lap(a, MARSAD_STAGE_DEDUP, &t0);
    if ((rc = msd_store_add(a->store, r, &link, &id))) return rc;
    if (id > UINT32_MAX) return MARSAD_ETOOBIG; /* index document ids are 32-bit */
    if ((rc = msd_store_source(a->store, r->f[MARSAD_FIELD_SOURCE], 1, &source))) return rc;
    lap(a, MARSAD_STAGE_STORE, &t0);
    row = x->row; /* the field lengths, from the worker */
    row.docid = (uint32_t)id;
    row.group = (uint32_t)(link.group ? link.group : id);
    row.source = source;
    row.date = msd_date_days(r->f[MARSAD_FIELD_DATE]);
    if ((rc = msd_segw_add(a->w, &row, x->terms))) return rc;
    lap(a, MARSAD_STAGE_INDEX, &t0);
    if ((rc = msd_archive_story_add(a, x, id, link.group))) return rc;
    lap(a, MARSAD_STAGE_STORIES, &t0);
    a->batch_docs++;
    if (a->batch_docs >= a->opt.batch) rc = msd_archive_commit(a);
    lap(a, MARSAD_STAGE_COMMIT, &t0);
    return rc;
}

int msd_archive_add(msd_archive *a, msd_analyzed *x, int *outcome)
{
    int rc;
    if (!a->writer) return MARSAD_EREADONLY;
    if (a->broken) return MARSAD_EABORTED;
    a->err[0] = 0;
    rc = add_one(a, x, outcome);
    if (rc && a->in_batch) a->broken = 1; /* whatever of it got in stays uncommitted */
    if (rc && !a->err[0] && a->store)
        msd_archive_fail(a, rc, "%s: %s", a->path,
                         rc == MARSAD_EIO ? msd_store_error(a->store) : marsad_strerror(rc));
    return rc;
}

/* The merges the policy asks for (merge.c), a failure said with its cause: the
 * catalog's message, else the system's (the merged segment written, synced or opened),
 * which merge.c leaves to its caller. A disk full there said "PATH: " and nothing more.
 * merge.c unlinks the merged file after a failure, when it is gone already: ENOENT then
 * stands for the reason it lost, said as an I/O error. */
int msd_archive_merge_due(msd_archive *a)
{
    int rc;
    msd_store_clear_error(a->store);
    a->err[0] = 0;
    errno = 0;
    if (!(rc = msd_archive_merge(a, NULL)) || a->err[0]) return rc;
    if (msd_store_error(a->store)[0])
        return msd_archive_fail(a, rc, "%s: merging segments: %s", a->path,
                                msd_store_error(a->store));
    return msd_archive_fail(a, rc, "%s: merging segments: %s", a->dir,
                            rc == MARSAD_EIO && errno && errno != ENOENT ? strerror(errno)
                                                                         : marsad_strerror(rc));
}

int msd_archive_commit(msd_archive *a)
{
    msd_store_segment seg;
    char path[4400];
    int rc;
    if (!a->writer || !a->in_batch) return MARSAD_OK;
    if (a->broken) return MARSAD_EABORTED;
    memset(&seg, 0, sizeof seg);
    if (a->w && msd_segw_ndocs(a->w)) {
        if ((rc = msd_archive_new_segment_name(a, 0, seg.file, sizeof seg.file))) return rc;
        snprintf(path, sizeof path, "%s/%s", a->dir, seg.file);
        if ((rc = msd_segw_write(a->w, path, &seg.bytes)))
            return msd_archive_fail(a, rc, "%s: %s", path,
                                    rc == MARSAD_EIO ? strerror(errno) : marsad_strerror(rc));
        seg.ndocs = msd_segw_ndocs(a->w);
        if ((rc = msd_store_add_segment(a->store, &seg, NULL))) {
            unlink(path);
            return rc;
        }
    }
    if ((rc = msd_archive_story_flush(a)) || (rc = msd_store_commit(a->store))) return rc;
    if (a->report) { /* the report counts what is committed */
        a->report->stored += a->pend[MARSAD_STORED] + a->pend[MARSAD_EXACT] + a->pend[MARSAD_NEAR];
        a->report->exact += a->pend[MARSAD_EXACT];
        a->report->near += a->pend[MARSAD_NEAR];
    }
    memset(a->pend, 0, sizeof a->pend);
    a->in_batch = 0;
    a->batch_docs = 0;
    msd_segw_free(a->w);
    a->w = NULL;
    if ((rc = msd_archive_reload(a))) return rc;
    /* merge as runs of ten form, so readers during a long ingest face few segments */
    return msd_archive_merge_due(a);
}

int marsad_archive_flush(marsad_archive *a)
{
    int rc;
    if (!a) return MARSAD_EINVAL;
    if (a->broken) return MARSAD_EABORTED;
    if ((rc = msd_archive_commit(a)) && a->writer) a->broken = 1;
    return rc;
}

/* ---- Deleting ------------------------------------------------------------------------- */

/* Sets the bit of catalog document id in the deletion bitmap of the segment holding it. */
static int mark_deleted(msd_archive *a, int64_t id)
{
    msd_store_segment *segs = NULL;
    size_t n = 0;
    int rc = msd_store_segments(a->store, &segs, &n);
    if (rc) return rc;
    rc = n == msd_index_nsegs(a->ix) ? MARSAD_OK : MARSAD_EFORMAT; /* the writer's view */
    for (size_t i = 0; !rc && i < n; i++) {
        uint32_t local = msd_seg_local(msd_index_seg(a->ix, i), (uint32_t)id);
        uint8_t *bits = NULL, *grown;
        size_t nb = 0, need = (size_t)local / 8 + 1;
        if (local == UINT32_MAX) continue;
        if ((rc = msd_store_deleted(a->store, segs[i].id, &bits, &nb))) break;
        if (nb < need) {
            if (!(grown = realloc(bits, need))) {
                free(bits);
                rc = MARSAD_ENOMEM;
                break;
            }
            memset(grown + nb, 0, need - nb);
            bits = grown;
            nb = need;
        }
        bits[local / 8] |= (uint8_t)(1u << (local % 8));
        rc = msd_store_set_deleted(a->store, segs[i].id, bits, nb);
        if (!rc) rc = msd_index_set_deleted(a->ix, i, bits, nb);
        free(bits);
        break;
    }
    free(segs);
    return rc;
}

int marsad_archive_delete(marsad_archive *a, const char *id, int *found)
{
    int64_t rowid;
    int rc;
    *found = 0;
    if (!a || !id) return MARSAD_EINVAL;
    if (!a->writer) return MARSAD_EREADONLY;
    if (a->broken) return MARSAD_EABORTED;
    if (a->deferred) return MARSAD_OK; /* no archive yet: nothing to delete */
    if (a->index_damaged)              /* its bit may belong in the segment left out */
        return msd_archive_fail(a, MARSAD_ECORRUPT,
                                "%s: an index segment is damaged, so deleting waits for "
                                "`marsad check --repair` (marsad check names it)",
                                a->dir);
    if ((rc = marsad_archive_flush(a))) return rc; /* the batch in progress first */
    rc = msd_store_find_ext(a->store, id, &rowid);
    if (rc == MARSAD_END) return MARSAD_OK;
    if (rc || (rc = msd_store_begin(a->store))) return rc;
    if (!(rc = msd_store_delete(a->store, rowid)) && !(rc = mark_deleted(a, rowid)))
        rc = msd_store_commit(a->store);
    if (rc) {
        msd_store_rollback(a->store);
        msd_archive_reload(a); /* the bitmaps as committed */
        return rc;
    }
    *found = 1;
    msd_archive_story_drop(a); /* the assignment resumes from the catalog, without it */
    return MARSAD_OK;
}

/* ---- Fetching ------------------------------------------------------------------------- */

int marsad_archive_get(marsad_archive *a, const char *id, marsad_article **out)
{
    marsad_article *r;
    int rc;
    *out = NULL;
    if (!a || !id) return MARSAD_EINVAL;
    if (a->deferred) return MARSAD_ENOTFOUND;
    if (!(r = calloc(1, sizeof *r))) return MARSAD_ENOMEM;
    rc = msd_store_get(a->store, id, r);
    if (rc) {
        free(r);
        if (rc == MARSAD_END) return MARSAD_ENOTFOUND;
        return msd_archive_fail(a, rc, "%s: %s", a->path, msd_store_error(a->store));
    }
    *out = r;
    return MARSAD_OK;
}
