/*
 * merge.c — the merge policy of the archive (internal.h): segments are tiered by level
 * (how many merges made them: a batch is level 0); while ten or more segments of one
 * level lie next to each other in the manifest's id order, the first ten are merged
 * into one of the next level. Merging runs in the writer, after each batch commits, with
 * no background thread. Ten at a time keeps the number of segments logarithmic in the
 * articles (a search opens every segment) while each document is rewritten once per
 * level only.
 *
 * A merge walks the dictionaries of its segments side by side in key order: each term
 * gathers the live postings of every segment that has it, the local ids shifted past
 * the live documents before each (ids increase across adjacent segments, so the order
 * holds), and goes straight to the streaming writer. Memory holds the document rows, one
 * term's postings and the new dictionary, never the segments (a level-2 merge of two
 * million articles would otherwise need gigabytes). Then one catalog transaction swaps
 * the manifest rows,
 * the merged segment taking the place (the manifest id) of the first of its ten; only
 * after its commit are the old files unlinked (a reader that mapped them keeps its
 * mapping). Levels therefore never rise along the manifest (older articles sit in
 * higher levels), so the segments of one level always lie together, and there are at
 * most nine of each level after a merge.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive/internal.h"
#include "index/postings.h"
#include "index/segment_int.h"
#include "store/store.h"
#include "util/grow.h"

#define MERGE_FANIN 10

/* One term's postings gathered from the segments, in merged local ids. */
struct gather {
    uint32_t *docs, *tfs, *pos;
    size_t n, dcap, tcap, npos, pcap;
};

/* Appends the live postings of term t of one segment, its local ids mapped by map. */
static int gather_term(struct gather *g, const msd_term *t, const uint32_t *map)
{
    msd_pcur cur;
    int rc = MARSAD_OK;
    if (msd_pcur_init(&cur, t)) return MARSAD_ECORRUPT; /* damage, counted */
    for (uint32_t d = cur.doc; d != MSD_PCUR_END && !rc; d = msd_pcur_next(&cur)) {
        const uint32_t *pos = NULL;
        size_t np = 0;
        if (map[d] == UINT32_MAX) continue; /* deleted: gone for good */
        if (t->has_pos && (rc = msd_pcur_positions(&cur, &pos, &np))) break;
        if ((rc = msd_grow((void **)&g->docs, &g->dcap, g->n + 1, sizeof *g->docs,
                           MSD_GROW_BATCH_MAX)) ||
            (rc = msd_grow((void **)&g->tfs, &g->tcap, g->n + 1, sizeof *g->tfs,
                           MSD_GROW_BATCH_MAX)))
            break;
        g->docs[g->n] = map[d];
        g->tfs[g->n++] = msd_pcur_tf(&cur);
        if (np && !(rc = msd_grow((void **)&g->pos, &g->pcap, g->npos + np, sizeof *g->pos,
                                  MSD_GROW_BATCH_MAX))) {
            memcpy(g->pos + g->npos, pos, np * sizeof *pos);
            g->npos += np;
        }
    }
    if (!rc && cur.corrupt) rc = MARSAD_ECORRUPT;
    msd_pcur_free(&cur);
    return rc;
}

/* The terms of the segments side by side, in key order: each merged term gathers the
 * postings of every segment that has it (ids increase from segment to segment, so the
 * concatenation is in order) and goes to the streaming writer at once. */
static int merge_terms(msd_index *ix, size_t n, uint32_t *const *maps, msd_segout *o)
{
    msd_seg_iter *it = calloc(n, sizeof *it);
    int *live = calloc(n, sizeof *live);
    struct gather g = {0};
    int rc = it && live ? MARSAD_OK : MARSAD_ENOMEM;
    for (size_t i = 0; !rc && i < n; i++) {
        msd_seg_iter_init(&it[i], msd_index_seg(ix, i));
        if ((live[i] = msd_seg_iter_next(&it[i])) < 0) rc = MARSAD_ECORRUPT;
    }
    while (!rc) {
        const msd_seg_iter *min = NULL;
        for (size_t i = 0; i < n; i++)
            if (live[i] > 0 &&
                (!min || msd_keycmp(it[i].key, it[i].kl, (const char *)min->key, min->kl) < 0))
                min = &it[i];
        if (!min) break;
        uint8_t key[sizeof min->key];
        size_t kl = min->kl;
        memcpy(key, min->key, kl);
        g.n = g.npos = 0;
        for (size_t i = 0; i < n && !rc; i++) {
            if (live[i] <= 0 || msd_keycmp(it[i].key, it[i].kl, (const char *)key, kl)) continue;
            rc = gather_term(&g, &it[i].t, maps[i]);
            if (!rc && (live[i] = msd_seg_iter_next(&it[i])) < 0) rc = MARSAD_ECORRUPT;
        }
        if (!rc && g.n) /* (a term of deleted documents only is dropped) */
            rc = msd_segout_term(o, (const char *)key, kl, g.docs, g.tfs, g.n,
                                 g.npos ? g.pos : NULL);
    }
    free(g.docs);
    free(g.tfs);
    free(g.pos);
    free(it);
    free(live);
    return rc;
}

/* Merges segs[0..n) (manifest rows) into one segment of level `level`. */
static int merge_run(msd_archive *a, const msd_store_segment *segs, size_t n, int level)
{
    const char **files = calloc(n, sizeof *files);
    msd_index *ix = NULL;
    msd_store_segment out;
    msd_segout *o = NULL;
    msd_segdoc *rows = NULL;
    int64_t *ids = calloc(n, sizeof *ids);
    uint32_t **maps = calloc(n, sizeof *maps);
    char path[4400] = "";
    uint32_t next = 0;
    size_t bad, cap = 0;
    int rc;
    if (!files || !ids || !maps) {
        free(files);
        free(ids);
        free(maps);
        return MARSAD_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        files[i] = segs[i].file;
        ids[i] = segs[i].id;
    }
    memset(&out, 0, sizeof out);
    out.level = level;
    rc = msd_index_open(a->dir, files, n, &ix, &bad);
    for (size_t i = 0; !rc && i < n; i++) { /* the live document rows, in order */
        const msd_seg *s = msd_index_seg(ix, i);
        uint32_t nd = msd_seg_ndocs(s);
        uint8_t *del = NULL;
        size_t ndel = 0;
        if (!(maps[i] = malloc((nd ? nd : 1) * sizeof **maps)))
            rc = MARSAD_ENOMEM;
        else
            rc =
                msd_grow((void **)&rows, &cap, (size_t)next + nd, sizeof *rows, MSD_GROW_BATCH_MAX);
        if (!rc) rc = msd_store_deleted(a->store, segs[i].id, &del, &ndel);
        for (uint32_t d = 0; !rc && d < nd; d++) {
            if (msd_index_deleted_bit(del, ndel, d)) {
                maps[i][d] = UINT32_MAX;
                continue;
            }
            msd_seg_doc(s, d, &rows[next]);
            maps[i][d] = next++;
        }
        free(del);
    }
    if (!rc) rc = msd_archive_new_segment_name(a, level, out.file, sizeof out.file);
    if (!rc) {
        snprintf(path, sizeof path, "%s/%s", a->dir, out.file);
        if (!(rc = msd_segout_begin(path, rows, next, &o)) && !(rc = merge_terms(ix, n, maps, o)))
            rc = msd_segout_finish(o, &out.bytes);
        else
            msd_segout_abort(o);
        out.ndocs = next;
    }
    if (rc == MARSAD_ECORRUPT && ix) msd_archive_damaged(a, ix);
    if (rc && !ix)
        msd_archive_fail(a, rc, "index segment %s/%s: %s", a->dir, files[bad],
                         rc == MARSAD_EIO ? strerror(errno) : marsad_strerror(rc));
    free(rows);
    msd_index_close(ix);
    if (!rc && !(rc = msd_store_begin(a->store))) {
        rc = msd_store_replace_segments(a->store, ids, n, &out, NULL);
        rc = rc ? rc : msd_store_commit(a->store);
        if (rc) msd_store_rollback(a->store);
    }
    if (rc) {
        if (path[0]) unlink(path); /* named by no manifest row; the next open would too */
    } else {
        for (size_t i = 0; i < n; i++) { /* now nobody new can open them */
            snprintf(path, sizeof path, "%s/%s", a->dir, segs[i].file);
            unlink(path);
        }
    }
    for (size_t i = 0; i < n; i++) free(maps[i]);
    free(maps);
    free(files);
    free(ids);
    return rc;
}

int msd_archive_merge(msd_archive *a, size_t *merged)
{
    size_t done = 0;
    int rc = MARSAD_OK;
    if (merged) *merged = 0;
    if (!a->writer) return MARSAD_EREADONLY;
    while (!a->merge_off) {
        msd_store_segment *segs;
        size_t n, run = 0, start = 0;
        int found = 0;
        if ((rc = msd_store_segments(a->store, &segs, &n))) break;
        for (size_t i = 0; i < n && !found; i++) { /* ten adjacent at one level */
            if (i && segs[i].level == segs[i - 1].level)
                run++;
            else
                run = 1, start = i;
            if (run == MERGE_FANIN) found = 1;
        }
        if (found) rc = merge_run(a, segs + start, MERGE_FANIN, segs[start].level + 1);
        free(segs);
        if (rc || !found) break;
        done++;
    }
    if (rc == MARSAD_ECORRUPT) {
        /* a damaged segment stays as it is (its pages may still answer most searches) and
         * this handle merges no more, so ingests go on storing; close reports it */
        if (!a->merge_off) memcpy(a->damage, a->err, sizeof a->damage);
        a->merge_off = 1;
        rc = MARSAD_OK;
    }
    if (merged) *merged = done;
    if (!rc && done) rc = msd_archive_reload(a);
    return rc;
}
