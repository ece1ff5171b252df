/*
 * reindex.c — rebuilding the index from the catalog's bodies.
 *
 * An index term is what the analysis made of a word when the article was stored; a
 * search analyzes the query with today's analysis. When they differ (a new
 * normalization rule: ؤ ئ → ء; a tokenization rule: عبدالعزيز → عبد العزيز) a search
 * misses what the old index spelled the old way, silently. So the catalog records the
 * analysis version its index was built with (meta 'analysis'), and a writer that finds
 * another one rebuilds every segment from the stored titles and bodies before anything
 * else, in id order, as the ingest would have built them; and the duplicate keys with
 * them (exact keys, signatures, LSH rows: their words are the analysis's too), so that
 * an article stored after the change still finds its duplicates stored before it. The
 * duplicate groups stay as they were.
 *
 * Crash order: one catalog transaction is open for the whole rebuild; the new segment
 * files are written and fsync'd under new names; then the transaction replaces the
 * whole manifest, the keys and the version, and commits; then the old files are
 * unlinked. A crash before the commit leaves the old index and keys whole (the new files
 * are debris the next writer removes); after it, the new ones.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive/internal.h"
#include "store/store.h"
#include "util/date.h"
#include "util/grow.h"

struct rebuild {
    msd_archive *a;
    msd_segw *w;
    msd_tokens title, body;
    msd_segterms *terms;
    msd_dupkeys keys;
    msd_store_segment *made; /* the new segments, in id order */
    size_t n_made, cap_made;
};

static int write_batch(struct rebuild *b)
{
    msd_store_segment *seg;
    char path[4400];
    int rc;
    if (!b->w || !msd_segw_ndocs(b->w)) return MARSAD_OK;
    if ((rc = msd_grow((void **)&b->made, &b->cap_made, b->n_made + 1, sizeof *b->made,
                       MSD_GROW_BATCH_MAX)))
        return rc;
    seg = &b->made[b->n_made];
    memset(seg, 0, sizeof *seg);
    if ((rc = msd_archive_new_segment_name(b->a, 0, seg->file, sizeof seg->file))) return rc;
    snprintf(path, sizeof path, "%s/%s", b->a->dir, seg->file);
    if ((rc = msd_segw_write(b->w, path, &seg->bytes)))
        return msd_archive_fail(b->a, rc, "%s: %s", path,
                                rc == MARSAD_EIO ? strerror(errno) : marsad_strerror(rc));
    seg->ndocs = msd_segw_ndocs(b->w);
    b->n_made++;
    msd_segw_free(b->w);
    b->w = NULL;
    return MARSAD_OK;
}

static int one_body(void *ctx, int64_t id, const char *title, const char *date, uint32_t source,
                    int64_t group, const char *body, size_t len)
{
    struct rebuild *b = ctx;
    msd_segdoc row;
    int rc;
    if (id > UINT32_MAX) return MARSAD_ETOOBIG;
    if ((!b->w && (rc = msd_segw_new(&b->w))) || (!b->terms && (rc = msd_segterms_new(&b->terms))))
        return rc;
    if ((rc = msd_tokens_analyze(b->a->an, title ? title : "", title ? strlen(title) : 0,
                                 &b->title)) ||
        (rc = msd_tokens_analyze(b->a->an, body, len, &b->body)))
        return rc;
    memset(&row, 0, sizeof row);
    row.docid = (uint32_t)id;
    row.group = (uint32_t)group;
    row.source = source;
    row.date = msd_date_days(date);
    if ((rc = msd_archive_terms(&b->title, &b->body, b->terms, &row)) ||
        (rc = msd_segw_add(b->w, &row, b->terms)) || (rc = msd_dupkeys_of(&b->body, &b->keys)) ||
        (rc = msd_store_set_keys(b->a->store, id, &b->keys)))
        return rc;
    return msd_segw_ndocs(b->w) >= b->a->opt.batch ? write_batch(b) : MARSAD_OK;
}

/* Unlinks the files of segs[0..n) (after the commit that forgot them). */
static void unlink_all(msd_archive *a, const msd_store_segment *segs, size_t n)
{
    char path[4400];
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", a->dir, segs[i].file);
        unlink(path);
    }
}

int msd_archive_reindex(msd_archive *a, int force)
{
    struct rebuild b;
    msd_store_segment *old = NULL;
    size_t n_old = 0;
    char version[32];
    int rc = msd_store_meta(a->store, "analysis", version, sizeof version);
    if (rc && rc != MARSAD_END) return rc;
    if (!force && !rc && !strcmp(version, MSD_ANALYSIS_VERSION)) return MARSAD_OK;
    memset(&b, 0, sizeof b);
    b.a = a;
    if ((rc = msd_store_segments(a->store, &old, &n_old)) || (rc = msd_store_begin(a->store))) {
        free(old);
        return rc;
    }
    if (!(rc = msd_store_clear_lsh(a->store)) &&
        !(rc = msd_store_each_body(a->store, one_body, &b)) && !(rc = write_batch(&b)) &&
        !(rc = msd_store_clear_segments(a->store))) {
        for (size_t i = 0; !rc && i < b.n_made; i++)
            rc = msd_store_add_segment(a->store, &b.made[i], NULL);
        if (!rc) rc = msd_store_set_meta(a->store, "analysis", MSD_ANALYSIS_VERSION);
        if (!rc) rc = msd_store_commit(a->store);
    }
    if (rc) msd_store_rollback(a->store);
    if (rc) {
        unlink_all(a, b.made, b.n_made); /* named by no manifest row */
    } else {
        unlink_all(a, old, n_old);
    }
    msd_segw_free(b.w);
    msd_segterms_free(b.terms);
    msd_tokens_free(&b.title);
    msd_tokens_free(&b.body);
    free(b.made);
    free(old);
    return rc ? rc : msd_archive_merge(a, NULL);
}
