/*
 * internal.h — what archive.c and merge.c share: the archive handle itself.
 *
 * Ownership: the handle owns every pointer in it (store, index, analyzer, the batch's
 * segment writer and the scratch arrays); msd_archive_close() frees them all. The
 * scratch arrays (toks, words, cands) are reused from one article to the next and hold
 * only the article being added. ix is replaced by msd_archive_reload(): results taken
 * from the old index must not outlive that call.
 */
#ifndef MSD_ARCHIVE_INTERNAL_H
#define MSD_ARCHIVE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "archive/archive.h"
#include "index/index.h"
#include "index/segment.h"
#include "marsad.h"

#define MSD_ARCHIVE_CANDIDATES 256 /* LSH candidates compared per article, at most */

struct tokbuf { /* one analyzed token of the article being ingested */
    char stem[256], norm[256];
    uint8_t sl, nl, title;
    uint32_t pos;
};

struct msd_archive {
    struct msd_store *store;
    msd_index *ix; /* the segments the manifest names, for search */
    marsad_analyzer *an;
    msd_archive_options opt;
    int writer;
    int lock_fd;    /* the writer's lock on PATH.idx/LOCK (one writer at a time), or -1 */
    char dir[4096]; /* PATH.idx */
    char err[8800];
    /* ingest */
    msd_segw *w; /* the batch's segment */
    int in_batch;
    int broken; /* an add failed midway: the batch must not be committed */
    size_t batch_docs, orphans;
    unsigned seq;
    struct tokbuf *toks;
    size_t ntoks, cap_toks;
    uint64_t *words; /* MinHash words of the body */
    size_t nwords, cap_words;
    int64_t *cands;
};

/* Reopens the index from the manifest (after a commit). A reader retries for up to
 * 0.1 s when a named file was unlinked by a concurrent merge. Returns MARSAD_OK, or the
 * store's or msd_index_open's error (a->err says which file); the old index is then
 * kept. */
int msd_archive_reload(msd_archive *a);

/* Writes into name (cap bytes) a fresh segment file name for a level, unique to this
 * process and moment. Returns MARSAD_OK, or MARSAD_EINVAL when cap is too small. */
int msd_archive_new_segment_name(msd_archive *a, int level, char *name, size_t cap);

/* Days since 1970-01-01 of "YYYY-MM-DD…", or MSD_SEG_NO_DATE. */
int32_t msd_archive_days(const char *date);

#endif
