/*
 * merge.c — the merge policy of the archive (archive.h): segments are tiered by level
 * (how many merges made them: a batch is level 0); while ten or more segments of one
 * level lie next to each other in the manifest's id order, the first ten are merged
 * into one of the next level. Merging runs in the writer, at the end of an ingest, with
 * no background thread. Ten at a time keeps the number of segments logarithmic in the
 * articles (a search opens every segment) while each document is rewritten once per
 * level only.
 *
 * A merge reads every posting of its segments and writes them into a new segment, the
 * local ids shifted by the documents before each (ids increase across adjacent
 * segments, so the order holds); then one catalog transaction swaps the manifest rows,
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
#include "store/store.h"

#define MERGE_FANIN 10

struct copy {
    msd_segw *w;
    const uint32_t *map; /* local id -> id in the merged segment, UINT32_MAX: deleted */
    int rc;
};

static int copy_term(void *ctx, const char *key, size_t kl, const msd_term *t)
{
    struct copy *c = ctx;
    msd_pcur cur;
    if (msd_pcur_init(&cur, t)) {
        c->rc = MARSAD_EFORMAT;
        return 1;
    }
    for (uint32_t d = cur.doc; d != MSD_PCUR_END && !c->rc; d = msd_pcur_next(&cur)) {
        const uint32_t *pos = NULL;
        size_t n = 0;
        if (c->map[d] == UINT32_MAX) continue; /* deleted: gone for good */
        if (t->has_pos && (c->rc = msd_pcur_positions(&cur, &pos, &n))) break;
        c->rc = msd_segw_posting(c->w, key, kl, c->map[d], msd_pcur_tf(&cur), pos);
    }
    if (!c->rc && cur.corrupt) c->rc = MARSAD_EFORMAT;
    msd_pcur_free(&cur);
    return c->rc != 0;
}

/* Merges segs[0..n) (manifest rows) into one segment of level `level`. */
static int merge_run(msd_archive *a, const msd_store_segment *segs, size_t n, int level)
{
    const char **files = calloc(n, sizeof *files);
    msd_index *ix = NULL;
    msd_store_segment out;
    int64_t *ids = calloc(n, sizeof *ids);
    uint32_t **maps = calloc(n, sizeof *maps);
    char path[4400] = "";
    uint32_t next = 0;
    size_t bad;
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
    if (!rc) rc = msd_segw_new(&a->w);
    for (size_t i = 0; !rc && i < n; i++) { /* the live document rows, in order */
        const msd_seg *s = msd_index_seg(ix, i);
        uint32_t nd = msd_seg_ndocs(s);
        uint8_t *del = NULL;
        size_t ndel = 0;
        if (!(maps[i] = malloc((nd ? nd : 1) * sizeof **maps))) rc = MARSAD_ENOMEM;
        if (!rc) rc = msd_store_deleted(a->store, segs[i].id, &del, &ndel);
        for (uint32_t d = 0; !rc && d < nd; d++) {
            msd_segdoc row;
            if (msd_index_deleted_bit(del, ndel, d)) {
                maps[i][d] = UINT32_MAX;
                continue;
            }
            maps[i][d] = next++;
            msd_seg_doc(s, d, &row);
            rc = msd_segw_doc(a->w, &row);
        }
        free(del);
    }
    for (size_t i = 0; !rc && i < n; i++) { /* every term's postings, segment by segment */
        struct copy c = {a->w, maps[i], MARSAD_OK};
        msd_seg_prefix(msd_index_seg(ix, i), "", 0, copy_term, &c);
        rc = c.rc;
    }
    if (!rc) rc = msd_archive_new_segment_name(a, level, out.file, sizeof out.file);
    if (!rc) {
        snprintf(path, sizeof path, "%s/%s", a->dir, out.file);
        rc = msd_segw_write(a->w, path, &out.bytes);
        out.ndocs = msd_segw_ndocs(a->w);
    }
    msd_segw_free(a->w);
    a->w = NULL;
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
    if (!a->writer) return MARSAD_EINVAL;
    for (;;) {
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
    if (merged) *merged = done;
    if (!rc && done) rc = msd_archive_reload(a);
    return rc;
}
