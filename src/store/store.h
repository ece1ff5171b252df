/*
 * store.h — the catalog: one SQLite file (WAL) with every article, its removed lines and
 * facts, its duplicate links and MinHash signature, the LSH buckets, and the manifest
 * of index segments. The schema is in schema.c (and docs/store.md); users may open the
 * file with sqlite3 and read it.
 *
 * One handle per thread. A writer (MSD_STORE_WRITE) takes SQLite's write lock only
 * inside a transaction (msd_store_begin … msd_store_commit), so readers in other
 * processes search while an ingest runs, and a crash leaves the catalog at its last
 * commit (SQLite's journal). Strings handed out live until the next call on the handle.
 *
 * Errors: MARSAD_EIO for SQLite failures (msd_store_error() gives SQLite's message),
 * MARSAD_EFORMAT for a file that is not a marsad catalog or has a newer schema,
 * MARSAD_ENOMEM, MARSAD_END for a lookup that finds nothing.
 */
#ifndef MSD_STORE_STORE_H
#define MSD_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

struct msd_article;
struct msd_facts;

typedef struct msd_store msd_store;

#define MSD_STORE_SCHEMA 2

enum { MSD_STORE_READ = 0, MSD_STORE_WRITE = 1 };

/* Opens (and with MSD_STORE_WRITE creates or migrates) the catalog at path. *out is
 * set even on failure when a handle exists to report msd_store_error(); close it. */
int msd_store_open(const char *path, int mode, msd_store **out);
void msd_store_close(msd_store *s);
const char *msd_store_error(const msd_store *s);

int msd_store_begin(msd_store *s); /* BEGIN IMMEDIATE: the write lock */
int msd_store_commit(msd_store *s);
int msd_store_rollback(msd_store *s); /* accepts no open transaction */

/* The id of a source name (created when create is set and it is new); 0 for NULL. */
int msd_store_source(msd_store *s, const char *name, int create, uint32_t *id);

/* ---- Articles ------------------------------------------------------------------------- */

typedef struct msd_store_article {
    const char *ext_id; /* the input's id (API.md "id"); unique in the catalog */
    const char *source, *url, *title, *date, *date_source, *language, *origin, *format;
    const char *body;
    size_t body_len;
    uint64_t body_hash;   /* of the normalized body: exact duplicates share it */
    int64_t group;        /* the first article of its duplicate group, or 0: itself */
    const char *dup_kind; /* NULL, "exact" or "near" */
    double dup_jaccard;   /* the estimate that linked it (1 for exact) */
} msd_store_article;

/* The article with that input id: MARSAD_OK and *id, or MARSAD_END. */
int msd_store_find_ext(msd_store *s, const char *ext_id, int64_t *id);

/* The first article with that body hash: MARSAD_OK with its id and group, or MARSAD_END. */
int msd_store_find_hash(msd_store *s, uint64_t hash, int64_t *id, int64_t *group);

/* Stores an article with its removed lines (clean, may be NULL) and facts (may be
 * NULL); *id receives its catalog id, which is also its index document id. */
int msd_store_add(msd_store *s, const msd_store_article *a, const struct msd_article *clean,
                  const struct msd_facts *facts, int64_t *id);

/* What a search result shows of an article. Strings live until the next call. */
typedef struct msd_store_brief {
    const char *ext_id, *title, *source, *date, *body;
    size_t body_len;
    int64_t group;
} msd_store_brief;

int msd_store_brief_of(msd_store *s, int64_t id, msd_store_brief *out);

/* How many articles share group (the first included). */
int msd_store_group_size(msd_store *s, int64_t group, int64_t *n);

/* ---- Near duplicates ---------------------------------------------------------------- */

/* Keeps an article's MinHash signature (n slots) and its LSH band keys. */
int msd_store_add_signature(msd_store *s, int64_t id, const uint32_t *sig, size_t n,
                            const uint64_t *keys, size_t nbands);

/* Articles sharing at least one band key, into ids (cap; *n receives how many were
 * found, at most cap), in increasing id order. */
int msd_store_candidates(msd_store *s, const uint64_t *keys, size_t nbands, int64_t *ids,
                         size_t cap, size_t *n);

/* The signature (n slots) and group of an article. */
int msd_store_signature(msd_store *s, int64_t id, uint32_t *sig, size_t n, int64_t *group);

/* ---- Segments ---------------------------------------------------------------------- */

typedef struct msd_store_segment {
    int64_t id;
    char file[128]; /* a name in the index directory */
    uint32_t ndocs;
    uint64_t bytes;
    int level; /* merges it went through */
} msd_store_segment;

/* Records a segment, durable on disk already, in the manifest. */
int msd_store_add_segment(msd_store *s, const msd_store_segment *seg, int64_t *id);

/* Replaces the segments old[0..n_old) by merged (one transaction with the caller's).
 * merged takes the manifest id of old[0], so that the manifest's id order stays the
 * order of the documents (the merge policy looks for runs of neighbours). */
int msd_store_replace_segments(msd_store *s, const int64_t *old, size_t n_old,
                               const msd_store_segment *merged, int64_t *id);

/* The manifest, in id order, into a malloc'd array (*segs, free it). */
int msd_store_segments(msd_store *s, msd_store_segment **segs, size_t *n);

/* A segment's deletion bitmap (index.h) into a malloc'd *bits of *n bytes (NULL, 0 when
 * it has none); and its replacement (n 0: none). */
int msd_store_deleted(msd_store *s, int64_t segment, uint8_t **bits, size_t *n);
int msd_store_set_deleted(msd_store *s, int64_t segment, const uint8_t *bits, size_t n);

/* Removes an article and all that hangs on it: removed lines, facts, signature, and
 * its LSH rows under keys[0..nbands) (the bands of its signature; nbands 0 when it has
 * none). The rest of its duplicate group moves to the next article of the group, which
 * becomes the group's first. The index is the caller's (msd_store_set_deleted). */
int msd_store_delete(msd_store *s, int64_t id, const uint64_t *keys, size_t nbands);

/* ---- Statistics ---------------------------------------------------------------------- */

typedef struct msd_store_stats {
    int64_t articles, sources, exact_dups, near_dups, groups_with_dups;
    char first_date[11], last_date[11];
} msd_store_stats;

int msd_store_stats_of(msd_store *s, msd_store_stats *st);

/* The raw SQLite handle, for the few queries a command runs itself (dups listing). */
struct sqlite3 *msd_store_db(msd_store *s);

#endif
