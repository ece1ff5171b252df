/*
 * archive.h — the archive: the catalog (store.h) and the index segments (index/) kept
 * together, with the ingest loop that fills them and the search that reads them.
 *
 * Files: the catalog at PATH (SQLite, WAL) and the segments in PATH.idx/, one file per
 * ingest batch or merge. The catalog's manifest is the truth: a segment file it does
 * not name is debris of a crash, removed when a writer opens the archive.
 *
 * Ingest (a writer): msd_archive_add() per cleaned article, in input order. It skips an
 * article whose id is stored already (so the same input ingested twice is stored once),
 * links an exact duplicate (same normalized body) or a near-duplicate (MinHash estimate
 * over word shingles at or above MSD_MINHASH_THRESHOLD, candidates from the LSH buckets
 * kept in the catalog) to the first article of its group, stores the article with its
 * removed lines and facts, and indexes it. Every `batch` articles, and at
 * msd_archive_flush(), the batch's segment is written and made durable, then one
 * catalog transaction commits the articles and names the segment: a crash at any
 * moment leaves the archive at its last commit, and ingesting the same input again
 * completes it. After each such commit, segments are merged by the policy of
 * msd_archive_merge() (and at msd_archive_close(), which flushes).
 *
 * Search (readers and writers alike): msd_archive_search() parses a query (query.h),
 * runs it (engine.h), and fills each result from the catalog with a snippet.
 *
 * One archive handle per thread; several processes may read while one writes.
 */
#ifndef MSD_ARCHIVE_ARCHIVE_H
#define MSD_ARCHIVE_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "search/engine.h"
#include "search/query.h"

struct msd_doc;
struct msd_article;
struct msd_lexicon;

typedef struct msd_archive msd_archive;

enum { MSD_ARCHIVE_READ = 0, MSD_ARCHIVE_WRITE = 1 };

typedef struct msd_archive_options {
    size_t batch;                 /* articles per segment (default 20000) */
    const struct msd_lexicon *lx; /* the facts' lexicon (writers; NULL: no entities) */
} msd_archive_options;

void msd_archive_options_init(msd_archive_options *o);

/* Opens the archive at path (a writer creates it). *out is set even on failure when
 * there is a handle to explain it (msd_archive_error); close it. Returns MARSAD_OK,
 * MARSAD_EIO, MARSAD_EFORMAT (not an archive, or a newer schema), MARSAD_ENOMEM, or
 * MARSAD_EBUSY for a writer when another writer has the archive open (one at a time;
 * readers are never kept out). */
int msd_archive_open(const char *path, int mode, const msd_archive_options *opt, msd_archive **out);
int msd_archive_close(msd_archive *a);
const char *msd_archive_error(const msd_archive *a);

/* ---- Ingest ------------------------------------------------------------------------- */

enum msd_ingest_outcome {
    MSD_INGEST_STORED = 0, /* a new article */
    MSD_INGEST_EXACT,      /* stored, an exact duplicate of an earlier one */
    MSD_INGEST_NEAR,       /* stored, a near-duplicate of an earlier one */
    MSD_INGEST_KNOWN       /* its id is in the archive already: nothing done */
};

/* Stores and indexes one cleaned article (doc gives its id, url, date, origin). On an
 * error the article may be half stored: the batch in progress is abandoned, flush and
 * close then commit nothing more (the archive stays at its last commit, and the same
 * ingest run again completes it). */
int msd_archive_add(msd_archive *a, const struct msd_doc *doc, const struct msd_article *art,
                    int *outcome);

/* Deletes the article with input id ext_id (*found 0 when there is none): its catalog
 * rows go, and its index document is marked in its segment's deletion bitmap, in one
 * transaction (after the batch in progress is committed). The next article of its
 * duplicate group becomes the group's first. The id is free again: ingesting it once
 * more stores the article anew. Returns MARSAD_OK, MARSAD_EREADONLY (not a writer),
 * MARSAD_EABORTED (after a failed add), or a store error. */
int msd_archive_delete(msd_archive *a, const char *ext_id, int *found);

/* Writes the current batch's segment and commits, then merges what the policy merges.
 * Returns MARSAD_EABORTED after a failed msd_archive_add (nothing is committed). */
int msd_archive_flush(msd_archive *a);

/* The merge policy: while ten segments or more share a level, the oldest ten of them
 * that are adjacent in id order are merged into one segment of the next level. Runs at
 * close; *merged (may be NULL) receives how many merges ran. */
int msd_archive_merge(msd_archive *a, size_t *merged);

/* ---- Search ------------------------------------------------------------------------- */

typedef struct msd_result {
    const char *id, *title, *source, *date; /* live until the results are cleared */
    double score;
    int64_t duplicates; /* other articles of its group */
    char *snippet;      /* malloc'd */
    size_t (*hl)[2];    /* highlights in code points of the snippet */
    size_t n_hl;
} msd_result;

typedef struct msd_results {
    msd_result *items;
    size_t n;
    uint64_t matched;
    int pruned;     /* matched is a lower bound (block-max WAND skipped documents) */
    double took_ms; /* parse, search and results */
    char *strings;  /* the results' strings, one allocation */
} msd_results;

/* Runs query q[0..n). any: bare words are optional (OR), else required. snippet_cp:
 * the snippet length (0: none). Returns MARSAD_OK, MARSAD_EFORMAT / MARSAD_EUTF8 /
 * MARSAD_ETOOBIG with *err filled (a query the parser refuses), MARSAD_ESTOPWORDS or
 * MARSAD_EONLYNOT (nothing to search: only stopwords, or only exclusions once they are
 * dropped), MARSAD_EIO, MARSAD_ENOMEM. */
int msd_archive_search(msd_archive *a, const char *q, size_t n, int any, const msd_search_opts *o,
                       size_t snippet_cp, msd_results *out, msd_query_error *err);
void msd_results_clear(msd_results *r);

/* ---- Statistics ---------------------------------------------------------------------- */

typedef struct msd_archive_stats {
    int64_t articles, sources, exact_dups, near_dups, groups;
    char first_date[11], last_date[11];
    size_t segments;
    uint64_t index_bytes, index_docs, index_terms; /* terms: summed over segments */
    uint64_t catalog_bytes;
} msd_archive_stats;

int msd_archive_stats_of(msd_archive *a, msd_archive_stats *st);

/* The catalog, for commands that read it directly (marsad dups). */
struct msd_store *msd_archive_store(msd_archive *a);

#endif
