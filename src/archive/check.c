/*
 * check.c — marsad_check (marsad.h): the catalog, the manifest, every segment and
 * their agreement, verified as a reader sees them; and the repair that rebuilds a
 * damaged index from the catalog.
 *
 * What a segment's check reads: every page against its checksum (msd_seg_verify_all),
 * then every term's postings decoded to the end with their positions (a version-1 file
 * has no checksums: the decoding is its only check), then its document rows (catalog ids
 * increasing). Agreement: the live documents of all segments, in manifest order, must
 * be exactly the catalog's article ids, increasing, each once (segments cover disjoint,
 * increasing id ranges; internal.h).
 *
 * The check opens files as a reader does and takes no lock, so an ingest may run beside
 * it; a segment the manifest no longer names by the time it is opened (merged away
 * meanwhile) makes the check read the manifest again, up to three times.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/internal.h"
#include "index/postings.h"
#include "store/store.h"
#include "util/grow.h"

struct check {
    marsad_notice_fn fn;
    void *ctx;
    marsad_check_report *r;
    int64_t *live; /* the index's live document ids, in manifest order */
    size_t n_live, cap_live;
};

static void say(struct check *c, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void say(struct check *c, int rc, const char *fmt, ...)
{
    char msg[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (rc) c->r->problems++;
    if (c->fn) c->fn(c->ctx, rc, msg);
}

static void catalog_problem(void *ctx, const char *line)
{
    struct check *c = ctx;
    say(c, MARSAD_ECORRUPT, "catalog: %s", line);
}

int msd_archive_damaged(msd_archive *a, const msd_index *ix)
{
    const msd_seg *s = ix ? msd_index_damaged(ix) : NULL;
    char what[200];
    if (!s) return msd_archive_fail(a, MARSAD_ECORRUPT, "%s: the index is damaged", a->dir);
    msd_seg_describe(s, what, sizeof what);
    return msd_archive_fail(a, MARSAD_ECORRUPT,
                            "index segment %s: %s; `marsad check --repair` rebuilds the index "
                            "from the catalog",
                            msd_seg_path(s), what);
}

/* Every term's postings decoded to the end, positions included. */
static void walk_terms(const msd_seg *s)
{
    msd_seg_iter it;
    msd_seg_iter_init(&it, s);
    while (msd_seg_iter_next(&it) == 1) {
        msd_pcur cur;
        if (msd_pcur_init(&cur, &it.t)) continue; /* counted as damage */
        for (uint32_t d = cur.doc; d != MSD_PCUR_END; d = msd_pcur_next(&cur)) {
            const uint32_t *pos;
            size_t np;
            if (it.t.has_pos && msd_pcur_positions(&cur, &pos, &np)) break;
        }
        msd_pcur_free(&cur);
    }
}

/* One segment of the manifest: opened, verified, walked; its live ids gathered.
 * Returns MARSAD_OK (problems said), ENOENT's MARSAD_EIO (merged away meanwhile: read
 * the manifest again) or MARSAD_ENOMEM. */
static int check_segment(struct check *c, msd_store *st, const char *dir,
                         const msd_store_segment *row)
{
    char path[4400], what[200];
    uint8_t *del = NULL;
    size_t ndel = 0;
    msd_seg *s;
    int rc;
    uint32_t prev = 0;
    snprintf(path, sizeof path, "%s/%s", dir, row->file);
    if ((rc = msd_seg_open(path, &s))) {
        if (rc == MARSAD_ENOMEM || (rc == MARSAD_EIO && errno == ENOENT)) return rc;
        say(c, MARSAD_ECORRUPT, "index segment %s: %s", path,
            rc == MARSAD_EIO        ? strerror(errno)
            : rc == MARSAD_ECORRUPT ? "damaged: cut short, or its header fails its checksum"
                                    : "not a segment this version of marsad reads");
        return MARSAD_OK;
    }
    c->r->segments++;
    c->r->pages += msd_seg_pages(s);
    msd_seg_verify_all(s);
    if (!msd_seg_damage(s)) walk_terms(s);
    if (msd_seg_damage(s)) {
        msd_seg_describe(s, what, sizeof what);
        say(c, MARSAD_ECORRUPT, "index segment %s: %s", path, what);
    }
    if (msd_seg_ndocs(s) != row->ndocs)
        say(c, MARSAD_ECORRUPT, "index segment %s: %u documents, the manifest says %u", path,
            msd_seg_ndocs(s), row->ndocs);
    if ((rc = msd_store_deleted(st, row->id, &del, &ndel))) {
        msd_seg_close(s);
        return rc == MARSAD_ENOMEM ? rc : MARSAD_OK; /* the catalog's check says why */
    }
    for (uint32_t i = 0; i < msd_seg_ndocs(s) && !rc; i++) {
        msd_segdoc d;
        msd_seg_doc(s, i, &d);
        if (i && d.docid <= prev) {
            say(c, MARSAD_ECORRUPT, "index segment %s: document ids out of order (%u after %u)",
                path, d.docid, prev);
            break;
        }
        prev = d.docid;
        if (msd_index_deleted_bit(del, ndel, i)) continue;
        if (!(rc = msd_grow((void **)&c->live, &c->cap_live, c->n_live + 1, sizeof *c->live,
                            MSD_GROW_BATCH_MAX)))
            c->live[c->n_live++] = d.docid;
    }
    free(del);
    msd_seg_close(s);
    return rc;
}

/* Segment files the manifest does not name: an ingest's uncommitted batch, or what a
 * crash left (the next writer removes them). Notes, not problems. */
static void stray_files(struct check *c, const char *dir, const msd_store_segment *segs, size_t n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (!d) {
        if (n) say(c, MARSAD_ECORRUPT, "%s: %s", dir, strerror(errno));
        return;
    }
    while ((e = readdir(d))) {
        size_t k;
        if (strncmp(e->d_name, "seg-", 4)) continue;
        for (k = 0; k < n && strcmp(segs[k].file, e->d_name); k++)
            ;
        if (k == n)
            say(c, MARSAD_OK,
                "%s/%s: named by no manifest row (an ingest's batch not committed yet, or a "
                "crash's leftover, which the next ingest removes)",
                dir, e->d_name);
    }
    closedir(d);
}

/* The catalog's ids against the index's live documents, both increasing. */
static void agreement(struct check *c, msd_store *st)
{
    int64_t *ids = NULL;
    size_t n = 0, i = 0, j = 0, missing = 0, extra = 0;
    int rc = msd_store_ids(st, &ids, &n);
    if (rc) {
        if (rc != MARSAD_ENOMEM)
            say(c, MARSAD_ECORRUPT, "catalog: the article ids cannot be read: %s",
                msd_store_error(st));
        return;
    }
    c->r->articles = n;
    c->r->index_documents = c->n_live;
    for (size_t k = 1; k < c->n_live; k++)
        if (c->live[k] <= c->live[k - 1]) {
            say(c, MARSAD_ECORRUPT,
                "index: document %lld is live twice, or the segments overlap (after %lld)",
                (long long)c->live[k], (long long)c->live[k - 1]);
            free(ids);
            return;
        }
    while (i < n || j < c->n_live) {
        if (j == c->n_live || (i < n && ids[i] < c->live[j])) {
            if (!missing++)
                say(c, MARSAD_ECORRUPT, "index: article %lld of the catalog is in no segment",
                    (long long)ids[i]);
            i++;
        } else if (i == n || c->live[j] < ids[i]) {
            if (!extra++)
                say(c, MARSAD_ECORRUPT,
                    "index: document %lld has no article in the catalog (deleted, or lost)",
                    (long long)c->live[j]);
            j++;
        } else {
            i++, j++;
        }
    }
    if (missing > 1)
        say(c, MARSAD_ECORRUPT, "index: %zu articles of the catalog in all are in no segment",
            missing);
    if (extra > 1)
        say(c, MARSAD_ECORRUPT, "index: %zu documents in all have no article in the catalog",
            extra);
    free(ids);
}

/* One pass over the archive; *catalog_ok: SQLite's check passed. */
static int check_once(struct check *c, const char *path, int *catalog_ok)
{
    char dir[4200];
    msd_store *st = NULL;
    msd_store_segment *segs = NULL;
    size_t n = 0, problems = 0;
    int rc, tries = 0;
    *catalog_ok = 0;
    snprintf(dir, sizeof dir, "%s.idx", path);
    if ((rc = msd_store_open(path, MSD_STORE_READ, &st))) {
        if (rc == MARSAD_EIO && errno == ENOENT) { /* nothing to check: the caller says so */
            msd_store_close(st);
            return MARSAD_EIO;
        }
        say(c, MARSAD_ECORRUPT, "catalog %s: %s", path, msd_store_error(st));
        msd_store_close(st);
        c->r->catalog_damaged = 1;
        return rc == MARSAD_ENOMEM ? rc : MARSAD_OK;
    }
    if ((rc = msd_store_integrity(st, catalog_problem, c, &problems))) {
        say(c, MARSAD_ECORRUPT, "catalog %s: %s", path, msd_store_error(st));
        problems++;
    }
    if (!rc) {
        size_t rows = 0;
        if ((rc = msd_store_damaged_rows(st, catalog_problem, c, &rows))) {
            say(c, MARSAD_ECORRUPT, "catalog %s: %s", path, msd_store_error(st));
            rows++;
        }
        problems += rows;
    }
    *catalog_ok = problems == 0;
    c->r->catalog_damaged = !*catalog_ok;
    do { /* the segments, as the manifest names them now */
        free(segs);
        c->n_live = 0;
        c->r->segments = c->r->pages = 0;
        if ((rc = msd_store_segments(st, &segs, &n))) {
            say(c, MARSAD_ECORRUPT, "catalog %s: the manifest cannot be read: %s", path,
                msd_store_error(st));
            segs = NULL;
            n = 0;
            rc = MARSAD_OK;
            break;
        }
        for (size_t i = 0; i < n && !rc; i++) rc = check_segment(c, st, dir, &segs[i]);
    } while (rc == MARSAD_EIO && ++tries < 3);
    if (rc == MARSAD_EIO) { /* named, and not there */
        say(c, MARSAD_ECORRUPT, "index: a segment the manifest names is missing from %s", dir);
        rc = MARSAD_OK;
    }
    if (!rc) {
        stray_files(c, dir, segs, n);
        agreement(c, st);
    }
    free(segs);
    msd_store_close(st);
    return rc;
}

void marsad_check_report_init(marsad_check_report *r)
{
    memset(r, 0, sizeof *r);
    r->version = MARSAD_CHECK_REPORT_VERSION;
}

/* Rebuilds the index from the catalog, under the writer's lock. */
static int repair(struct check *c, const char *path)
{
    msd_archive *a = NULL;
    int rc = msd_archive_open_repair(path, &a);
    if (rc) {
        say(c, MARSAD_OK, "repair failed: %s", a ? marsad_archive_errmsg(a) : marsad_strerror(rc));
        marsad_archive_close(a);
        return rc;
    }
    if ((rc = marsad_archive_close(a)))
        say(c, MARSAD_OK, "repair failed while committing: %s", marsad_strerror(rc));
    return rc;
}

int marsad_check(const char *path, unsigned flags, marsad_notice_fn fn, void *ctx,
                 marsad_check_report *r)
{
    marsad_check_report scratch;
    struct check c = {fn, ctx, r ? r : &scratch, NULL, 0, 0};
    int rc, catalog_ok;
    if (!path || (flags & ~(unsigned)MARSAD_CHECK_REPAIR) ||
        (r && r->version != MARSAD_CHECK_REPORT_VERSION))
        return MARSAD_EINVAL;
    marsad_check_report_init(c.r);
    rc = check_once(&c, path, &catalog_ok);
    if (!rc && c.r->problems && (flags & MARSAD_CHECK_REPAIR)) {
        if (!catalog_ok) {
            say(&c, MARSAD_OK,
                "not repaired: the catalog itself is damaged (restore it from a copy, or try "
                "sqlite3's .recover); the index is rebuilt from it, so it must be sound first");
        } else {
            uint64_t found = c.r->problems;
            say(&c, MARSAD_OK, "repairing: rebuilding the index from the catalog's articles");
            if ((rc = repair(&c, path))) {
                free(c.live);
                return rc;
            }
            marsad_check_report_init(c.r);
            c.r->repaired = 1;
            rc = check_once(&c, path, &catalog_ok);
            if (!rc && !c.r->problems)
                say(&c, MARSAD_OK, "repaired: %llu problem%s found, none left",
                    (unsigned long long)found, found == 1 ? "" : "s");
        }
    }
    free(c.live);
    if (rc) return rc;
    return c.r->problems ? MARSAD_ECORRUPT : MARSAD_OK;
}
