/*
 * internal.h — the archive handle (the public marsad_archive) and what the archive's
 * files share: opening and reloading (open.c), adding an analyzed article (ingest.c),
 * the pipeline that analyzes them (pipeline.c), rebuilding the index (reindex.c),
 * merging segments (merge.c), search results (results.c).
 *
 * Ownership: the handle owns every pointer in it (store, index, analyzer, the batch's
 * segment writer, scratch); marsad_archive_close() frees them all. ix is replaced by
 * msd_archive_reload(): results taken from the old index must not outlive that call.
 *
 * A writer opened on a path where no archive is yet creates nothing until the first
 * article is stored (msd_archive_materialize): an ingest that reads nothing it can use
 * leaves no archive behind.
 */
#ifndef MSD_ARCHIVE_INTERNAL_H
#define MSD_ARCHIVE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "dedup/dedup.h"
#include "index/index.h"
#include "index/segment.h"
#include "index/segterms.h"
#include "marsad.h"
#include "stories/cluster.h"
#include "stories/vector.h"
#include "store/record.h"
#include "text/tokens.h"

typedef struct marsad_archive msd_archive;

#define MSD_ARCHIVE_CANDIDATES 256 /* LSH candidates compared per article, at most */

/* The version of the analysis the index was built with, kept in the catalog's meta
 * table: a writer that finds another rebuilds the index from the stored bodies (a
 * search must look terms up as they were indexed). Raise it whenever normalization,
 * tokenization or stemming changes what an indexed term is. */
#define MSD_ANALYSIS_VERSION "3"

struct marsad_archive {
    struct msd_store *store; /* NULL in a writer whose archive is not created yet */
    msd_index *ix;           /* the segments the manifest names, for search */
    int64_t ix_version;      /* the catalog's data_version when ix was read (-1: unknown) */
    marsad_analyzer *an;     /* the index's analysis: search, snippets, reindexing */
    marsad_archive_options opt;
    int writer;
    int deferred;      /* a writer whose archive does not exist yet */
    int repairing;     /* a writer opened to rebuild a damaged index (msd_archive_open_repair) */
    int merge_off;     /* merging met a damaged segment: no more merges by this handle */
    int index_damaged; /* a writer's index left a damaged segment out: no deletes */
    char damage[8800]; /* what merge_off or index_damaged met, for the end of the ingest */
    int lock_fd;       /* the writer's lock on PATH.idx/LOCK (one writer at a time), or -1 */
    char path[4096];   /* PATH, the catalog */
    char dir[4100];    /* PATH.idx */
    char err[8800];
    /* ingest */
    msd_segw *w; /* the batch's segment */
    int in_batch;
    int broken; /* an add failed midway: the batch must not be committed */
    size_t batch_docs, orphans;
    uint64_t pend[3]; /* the batch's articles by outcome (STORED, EXACT, NEAR): counted in
                         the report once committed */
    unsigned seq;
    msd_dupcand *cands;
    marsad_report *report; /* of the ingest in progress, or NULL */
    /* stories (stories.c): the writer's online assignment, made ready by its first use */
    msd_stories *sto;
    msd_storydf df;
    msd_storyvec_builder vb;
};

/* An article analyzed by the pipeline, as the archive adds it. */
typedef struct msd_analyzed {
    marsad_article rec;    /* the article (fields, removed lines, facts) */
    msd_tokens doc_toks;   /* the document's text analyzed: the strings of body_toks */
    msd_tokens body_toks;  /* the body's tokens */
    msd_tokens title_toks; /* the title's tokens */
    msd_dupkeys keys;      /* its duplicate keys */
    msd_segterms *terms;   /* its index terms (msd_archive_terms) */
    msd_segdoc row;        /* its index row: the field lengths until the writer adds it */
    void *body_z;          /* the body deflated (msd_store_deflate) */
    size_t body_z_len;
} msd_analyzed;

void msd_analyzed_clear(msd_analyzed *x);

struct msd_qnode; /* search/query.h */

/* Resolves each catalog set (entity:, speaker:) of a parsed query into its articles'
 * catalog ids (idsets.c). Returns MARSAD_OK, or a store error (said on the handle). */
int msd_archive_resolve_sets(msd_archive *a, struct msd_qnode *q);

/* s[0..n) in the index form with single spaces and no space at either end, into
 * out[cap] (idsets.c): how names are compared. Returns its length, or 0 when it is
 * empty or too long (no name is). */
size_t msd_archive_name_form(const char *s, size_t n, char *out, size_t cap);

/* Whether name (any form) holds want's words (index form, msd_archive_name_form),
 * whole and in order. */
int msd_archive_name_holds(const char *name, const char *want);

/* Records an error message (printf style) on the handle; returns rc. */
int msd_archive_fail(msd_archive *a, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Creates the archive of a deferred writer: the index directory, the writer's lock, the
 * catalog. Returns MARSAD_OK (at once when it exists), or the error (in a->err). */
int msd_archive_materialize(msd_archive *a);

/* Opens the archive at path as a writer whose index may be damaged, and rebuilds the
 * index from the catalog's bodies (marsad_check's repair). *out as marsad_archive_open. */
int msd_archive_open_repair(const char *path, msd_archive **out);

/* Records, on the handle, which segment met damage and what it was (msd_index_damaged)
 * and what to do; returns MARSAD_ECORRUPT. */
int msd_archive_damaged(msd_archive *a, const msd_index *ix);

/* Reopens the index from the manifest (after a commit). A reader retries for up to
 * 0.1 s when a named file was unlinked by a concurrent merge. Returns MARSAD_OK, or the
 * store's or msd_index_open's error (a->err says which file); the old index is then
 * kept. */
int msd_archive_reload(msd_archive *a);

/* Writes into name (cap bytes) a fresh segment file name for a level, unique to this
 * process and moment. Returns MARSAD_OK, or MARSAD_EINVAL when cap is too small. */
int msd_archive_new_segment_name(msd_archive *a, int level, char *name, size_t cap);

/* Adds one analyzed article, in the batch in progress (ingest.c): skips a known id,
 * links an exact or near duplicate, stores it, indexes it; commits the batch when it is
 * full. *outcome: enum marsad_outcome. On an error the batch is abandoned (a->broken). */
int msd_archive_add(msd_archive *a, msd_analyzed *x, int *outcome);

/* Writes the current batch's segment and commits, then merges what the policy merges. */
int msd_archive_commit(msd_archive *a);

/* The merges due (msd_archive_merge), a failure said in a->err with the index folder or
 * the catalog and its cause (ingest.c). */
int msd_archive_merge_due(msd_archive *a);

/* The merge policy (merge.c): while ten segments or more share a level, the oldest ten
 * of them that are adjacent in id order are merged into one segment of the next level.
 * *merged (may be NULL) receives how many merges ran. */
int msd_archive_merge(msd_archive *a, size_t *merged);

/* Rebuilds every segment from the catalog's bodies (reindex.c), when the catalog's
 * analysis version is not MSD_ANALYSIS_VERSION, and records it. A writer's open calls it. */
int msd_archive_reindex(msd_archive *a, int force);

/* An article's index terms (ingest.c): its title's and body's tokens, stopwords and
 * forms over 255 bytes left out, into t (reset first, finished after), and its field
 * lengths into row. On a worker thread; msd_segw_add() then takes them on the
 * writer's. Returns MARSAD_OK, MARSAD_ETOOBIG or MARSAD_ENOMEM. */
int msd_archive_terms(const msd_tokens *title, const msd_tokens *body, msd_segterms *t,
                      msd_segdoc *row);

/* The version of the story rule (stories/, docs/stories.md), kept in meta 'stories': a
 * writer that finds another assigns every article again. Raise it whenever the vector,
 * the parameters or the decision change. */
#define MSD_STORIES_VERSION "3"

/* Readies the writer's story state (stories.c), in the batch's transaction and before
 * the batch stores an article: loaded from the catalog, or made by assigning every
 * article again when the rule's version changed (or the catalog has no stories yet). */
int msd_archive_story_ready(msd_archive *a);

/* Assigns a stored article (catalog id, the first article of its duplicate group) to a
 * story, in the batch's transaction. */
int msd_archive_story_add(msd_archive *a, const msd_analyzed *x, int64_t id, int64_t group);

/* Writes the document frequencies the batch changed (before its commit). */
int msd_archive_story_flush(msd_archive *a);

/* Frees the handle's story state (close; and a rollback, after which it is stale). */
void msd_archive_story_drop(msd_archive *a);

/* The analyzer configuration of the index: light stems, stopwords marked (the index
 * leaves them out, the duplicate keys keep them). */
void msd_archive_analyzer_config(marsad_analyzer_config *cfg);

#endif
