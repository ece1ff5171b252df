/*
 * store.h — the catalog: one SQLite file (WAL) with every article, its removed lines and
 * facts, its duplicate links and MinHash signature, the LSH buckets, and the manifest
 * of index segments. The schema is in schema.c (and docs/store.md); users may open the
 * file with sqlite3 and read it (the views article_text, entity_mentions … show bodies
 * and facts as text).
 *
 * One handle per thread. A writer (MSD_STORE_WRITE or _CREATE) takes SQLite's write lock only
 * inside a transaction (msd_store_begin … msd_store_commit), so readers in other
 * processes search while an ingest runs, and a crash leaves the catalog at its last
 * commit (SQLite's journal). Strings handed out live until the next call on the handle
 * unless a function says otherwise.
 *
 * Errors: MARSAD_EIO for SQLite failures (msd_store_error() gives SQLite's message),
 * MARSAD_EFORMAT for a file that is not a marsad catalog (an empty one included), has a
 * newer schema, or holds a damaged row, MARSAD_ENOMEM, MARSAD_END for a lookup that
 * finds nothing.
 */
#ifndef MSD_STORE_STORE_H
#define MSD_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "dedup/dedup.h"
#include "store/record.h"

typedef struct msd_store msd_store;

#define MSD_STORE_SCHEMA 6

/* READ: an existing catalog, read only. WRITE: an existing catalog, migrated when older
 * (no file at path: MARSAD_EIO, and none is made). CREATE: as WRITE, but a missing file
 * or an empty database becomes a new catalog. Only
 * CREATE makes one: a catalog found empty beside an index (truncated, or `: > PATH`) is
 * refused, not taken for a new archive whose index would be orphans to delete. */
enum { MSD_STORE_READ = 0, MSD_STORE_WRITE = 1, MSD_STORE_CREATE = 2 };

/* Opens the catalog at path in mode (above). Refuses, with MARSAD_EFORMAT and before
 * changing the file: a file that is not SQLite, a database with tables of its own, a
 * newer schema, an older one to a reader, an empty database unless CREATE. *out is set
 * even on failure when a handle exists to report msd_store_error(); close it. */
int msd_store_open(const char *path, int mode, msd_store **out);
void msd_store_close(msd_store *s);
/* The message of the last failure ("" when none since msd_store_clear_error). */
const char *msd_store_error(const msd_store *s);
void msd_store_clear_error(msd_store *s);

/* Copies what the WAL holds into the catalog's file, synced, and empties the WAL:
 * MARSAD_OK, the I/O error, or MARSAD_EBUSY when a reader holds the WAL. */
int msd_store_checkpoint(msd_store *s);

int msd_store_begin(msd_store *s); /* BEGIN IMMEDIATE: the write lock */
int msd_store_commit(msd_store *s);
int msd_store_rollback(msd_store *s); /* accepts no open transaction */
/* Many reads as one: a read transaction when none is open (a writer's batch may be),
 * so that a search's 30 row lookups take SQLite's locks once, not 30 times, and read one
 * snapshot. Returns 1 when it began one (give it to msd_store_read_end), else 0. */
int msd_store_read_begin(msd_store *s);
void msd_store_read_end(msd_store *s, int began);

/* A value of the meta table (key, value), copied into buf (cap bytes): MARSAD_OK,
 * MARSAD_END when there is none; and setting one (in the caller's transaction, or
 * alone). */
int msd_store_meta(msd_store *s, const char *key, char *buf, size_t cap);
int msd_store_set_meta(msd_store *s, const char *key, const char *value);

/* The id of a source name (created when create is set and it is new); 0 for NULL. */
int msd_store_source(msd_store *s, const char *name, int create, uint32_t *id);

/* ---- Articles ------------------------------------------------------------------------- */

/* The article with that input id: MARSAD_OK and *id, or MARSAD_END. */
int msd_store_find_ext(msd_store *s, const char *ext_id, int64_t *id);

/* The first article with that exact key: MARSAD_OK with its id and group, or MARSAD_END. */
int msd_store_find_hash(msd_store *s, uint64_t hash, int64_t *id, int64_t *group);

/* How an article joins the catalog: its duplicate keys, and the group it joins. */
typedef struct msd_store_link {
    const msd_dupkeys *keys;
    int64_t group;        /* the first article of its group, or 0: its own group */
    const char *dup_kind; /* NULL, "exact" or "near" */
    double jaccard;       /* the estimate that linked it (1 for exact) */
    const void *body_z;   /* the body deflated (msd_store_deflate), or NULL: done here */
    size_t body_z_len;
} msd_store_link;

/* Stores an article with its removed lines, facts, signature and LSH keys; *id receives
 * its catalog id, which is also its index document id (ids only grow: one deleted is
 * never given again). r->f[MSD_F_INGESTED] is filled in by the store when NULL. */
int msd_store_add(msd_store *s, const marsad_article *r, const msd_store_link *link, int64_t *id);

/* The body deflated as the catalog keeps it (zlib, the sqlite3 shell's sqlar_compress:
 * the bytes as they are when deflating does not make them smaller). *out is malloc'd.
 * Safe from any thread. Returns MARSAD_OK or MARSAD_ENOMEM. */
int msd_store_deflate(const char *body, size_t len, void **out, size_t *out_len);

/* The article with that input id, whole: fields, removed lines, facts (their text
 * sliced from the body), duplicate links. *r is cleared first; release it with
 * msd_record_clear. Returns MARSAD_OK, MARSAD_END, MARSAD_EFORMAT (a damaged row),
 * MARSAD_EIO, MARSAD_ENOMEM. */
int msd_store_get(msd_store *s, const char *ext_id, marsad_article *r);

/* What a search result shows of an article. Strings live until the next call. */
typedef struct msd_store_brief {
    const char *ext_id, *title, *source, *date, *url, *body;
    size_t body_len;
    int64_t group;
} msd_store_brief;

/* with_body: inflate the body too (snippets need it). */
int msd_store_brief_of(msd_store *s, int64_t id, int with_body, msd_store_brief *out);

/* ---- What search asks of the catalog (search_sets.c) ---------------------------------- */

/* The name of source id into buf (cap bytes, NUL-terminated, cut to fit). Returns
 * MARSAD_OK, MARSAD_END (no such source), or a store error. */
int msd_store_source_name(msd_store *s, uint32_t id, char *buf, size_t cap);

/* Calls fn for every row of names (entities' canonical names and speakers) with its id
 * and name (valid during the call); fn returns nonzero to stop. Returns MARSAD_OK, or a
 * store error. */
typedef int (*msd_store_name_fn)(void *ctx, int64_t id, const char *name, size_t len);
int msd_store_each_name(msd_store *s, msd_store_name_fn fn, void *ctx);

/* The articles whose entities (speakers: 0) or quotations (speakers: 1) point to one of
 * the n_names name ids (ascending), as catalog ids ascending and distinct, malloc'd into
 * *ids (*n of them; NULL when none). One pass over the fact table: it has no index by
 * name (docs/search.md, "Catalog sets", says what that costs). Returns MARSAD_OK,
 * MARSAD_ENOMEM or a store error. */
int msd_store_articles_naming(msd_store *s, int speakers, const int64_t *names, size_t n_names,
                              uint32_t **ids, size_t *n);

/* How many articles share group (the first included). */
int msd_store_group_size(msd_store *s, int64_t group, int64_t *n);

/* Every stored article in id order with its title and body (inflated), for rebuilding
 * the index: fn returns nonzero to stop (returned). Strings live during the call. */
typedef int (*msd_store_body_fn)(void *ctx, int64_t id, const char *title, const char *date,
                                 uint32_t source, int64_t group, const char *body, size_t len);
int msd_store_each_body(msd_store *s, msd_store_body_fn fn, void *ctx);

/* ---- Near duplicates ---------------------------------------------------------------- */

/* The earlier articles sharing a band key with k, with their groups and signatures,
 * in increasing id order, at most cap; *n how many. The signatures live until the next
 * call. Articles whose signature is missing or of other parameters are left out. */
int msd_store_candidates(msd_store *s, const msd_dupkeys *k, msd_dupcand *cands, size_t cap,
                         size_t *n);

/* Replaces an article's duplicate keys (its exact key, signature and LSH rows; the LSH
 * table is emptied first by msd_store_clear_lsh): an index rebuild under a new
 * analysis brings them to it, so old and new articles keep finding each other. */
int msd_store_set_keys(msd_store *s, int64_t id, const msd_dupkeys *k);
int msd_store_clear_lsh(msd_store *s);

/* ---- Duplicate groups ------------------------------------------------------------------ */

/* Calls fn for each group of two articles or more, largest first (at most limit; 0 all),
 * with its first article and the others in id order. The strings live during the call.
 * Returns MARSAD_OK, MARSAD_ESTOP (fn returned nonzero), MARSAD_EIO. */
typedef int (*msd_store_group_fn)(void *ctx, int64_t size, const msd_dupref *first,
                                  const char *title, const msd_dupref *others, size_t n);
int msd_store_groups(msd_store *s, size_t limit, msd_store_group_fn fn, void *ctx);

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
 * order of the documents (the merge policy looks for runs of neighbours). n_old 0 adds
 * merged at the end. */
int msd_store_replace_segments(msd_store *s, const int64_t *old, size_t n_old,
                               const msd_store_segment *merged, int64_t *id);

/* The manifest, in id order, into a malloc'd array (*segs, free it). */
int msd_store_segments(msd_store *s, msd_store_segment **segs, size_t *n);

/* Empties the manifest (a rebuild of the index, in the caller's transaction). */
int msd_store_clear_segments(msd_store *s);

/* A segment's deletion bitmap (index.h) into a malloc'd *bits of *n bytes (NULL, 0 when
 * it has none); and its replacement (n 0: none). */
int msd_store_deleted(msd_store *s, int64_t segment, uint8_t **bits, size_t *n);
int msd_store_set_deleted(msd_store *s, int64_t segment, const uint8_t *bits, size_t n);

/* Removes an article and all that hangs on it: removed lines, facts, signature, LSH
 * rows. The rest of its duplicate group moves to the next article of the group, which
 * becomes the group's first. The index is the caller's (msd_store_set_deleted). */
int msd_store_delete(msd_store *s, int64_t id);

/* ---- Statistics ---------------------------------------------------------------------- */

typedef struct msd_store_stats {
    int64_t articles, sources, exact_dups, near_dups, groups_with_dups;
    char first_date[11], last_date[11];
} msd_store_stats;

int msd_store_stats_of(msd_store *s, msd_store_stats *st);

/* ---- Checking (verify.c) ------------------------------------------------------------- */

/* SQLite's full integrity check: fn receives each problem it reports (a line valid during
 * the call), *problems their number. Returns MARSAD_OK (the check ran, problems or not)
 * or a store error (a file too damaged to check). */
typedef void (*msd_store_problem_fn)(void *ctx, const char *problem);
int msd_store_integrity(msd_store *s, msd_store_problem_fn fn, void *ctx, size_t *problems);

/* The article rows that do not match their checksum (rowsum.c), each to fn. */
int msd_store_damaged_rows(msd_store *s, msd_store_problem_fn fn, void *ctx, size_t *problems);

/* SQLite's PRAGMA data_version: it changes when another connection commits, so a row
 * missing now that was there when the value was read is damage, not a race. */
int msd_store_data_version(msd_store *s, int64_t *v);

/* Every article id, increasing, into a malloc'd *ids (free it) of *n. */
int msd_store_ids(msd_store *s, int64_t **ids, size_t *n);

/* ---- Stories (stories.c) ---------------------------------------------------------------
 * The tables of schema v5 (schema.c). Writers call these inside their transaction. */

/* A member as stored: its story, assigned day (MSD_NO_DAY from util/date.h when
 * none) and vector bytes (stories/vector.h), living during the call. */
typedef int (*msd_store_member_fn)(void *ctx, int64_t article, int64_t story, int32_t day,
                                   const void *vec, size_t vec_len);

int msd_store_story_new(msd_store *s, int64_t story);
int msd_store_story_member(msd_store *s, int64_t article, int64_t story, int32_t day,
                           const void *vec, size_t vec_len);
/* Moves from's members into `into`, and names `into` as where from (and whatever had gone
 * into from) went. */
int msd_store_story_merge(msd_store *s, int64_t from, int64_t into);
/* The story an article is in now, after merges: MARSAD_OK, or MARSAD_END (none). */
int msd_store_story_of(msd_store *s, int64_t article, int64_t *story);
/* The story an id answers for (itself, or where it was merged): MARSAD_OK or MARSAD_END. */
int msd_store_story_resolve(msd_store *s, int64_t id, int64_t *story);
/* Members with day >= since (MSD_NO_DAY: every member), or the members of one story
 * (story nonzero; since ignored), to fn. */
int msd_store_story_members(msd_store *s, int64_t story, int32_t since, msd_store_member_fn fn,
                            void *ctx);
/* The latest assigned day (MSD_NO_DAY when none). */
int msd_store_story_last_day(msd_store *s, int32_t *day);
/* Document frequencies: every count to fn; one count set. */
int msd_store_story_df(msd_store *s, int (*fn)(void *ctx, uint32_t term, uint32_t n), void *ctx);
int msd_store_story_set_df(msd_store *s, uint32_t term, uint32_t n);
/* The catalog ids of a story's members, ascending, into a malloc'd *ids of *n. */
int msd_store_story_articles(msd_store *s, int64_t story, uint32_t **ids, size_t *n);
/* Empties the story tables (a rebuild, in the caller's transaction). */
int msd_store_story_clear(msd_store *s);

/* Every article in the order stories are assigned (its date's day, undated last, then
 * id), with what assigning it needs: title, body (inflated), day, duplicate group and the
 * canonical names of its entities. Strings live during the call. */
typedef struct msd_store_story_input {
    int64_t id, group;
    int32_t day;
    const char *title, *body;
    size_t body_len;
    const char *const *ents;
    size_t n_ents;
} msd_store_story_input;
int msd_store_story_inputs(msd_store *s, int (*fn)(void *ctx, const msd_store_story_input *in),
                           void *ctx);

/* Runs one of the read queries of stories.c over rows (a statement whose columns the
 * caller knows, bound to story or 0): see stories.c for each. */
enum {
    MSD_STORY_Q_ROWS,     /* every member: story, article, ext_id, date, source, grp, title */
    MSD_STORY_Q_ARTICLES, /* one story's members in date order: id, ext_id, title, source,
                             date, url, grp's ext_id, dup_kind, vec */
    MSD_STORY_Q_NUMBERS,  /* its numbers: ext_id, date, source, start, end, value,
                             qualifier, unit, counted, text, the speaker of a quotation
                             the number sits in, and 40 code points before and after */
    MSD_STORY_Q_QUOTES,   /* its quotations: ext_id, date, source, speaker, cue, text,
                             direct, start, end */
    MSD_STORY_Q_ENTITIES, /* its entities: canonical, type, ext_id, date */
    MSD_STORY_Q_QUOTES_OF /* (bound to an article's catalog id, not a story's) the
                             article's quotations: ext_id, date, source, speaker, cue,
                             text, direct, start, end, and its story (or NULL) */
};
/* A row of a read query: its columns by position (0-based). Text and blobs live until
 * the callback returns; NULL text is NULL. */
typedef struct msd_store_row msd_store_row;
const char *msd_row_text(const msd_store_row *r, int col);
int64_t msd_row_int(const msd_store_row *r, int col);
double msd_row_double(const msd_store_row *r, int col);
const void *msd_row_blob(const msd_store_row *r, int col, size_t *len);
int msd_row_is_null(const msd_store_row *r, int col);

typedef int (*msd_store_row_fn)(void *ctx, const msd_store_row *row);
/* Runs query `which` (above) for story (0 for MSD_STORY_Q_ROWS: every story; an article
 * for MSD_STORY_Q_QUOTES_OF), fn per row;
 * fn's nonzero return stops and is returned. */
int msd_store_story_query(msd_store *s, int which, int64_t story, msd_store_row_fn fn, void *ctx);

/* The entities of every article, one row per canonical name and type (entities.c):
 * name, type ("PERS" …), articles, mentions, first date, last date (raw dates; NULL when
 * none of its articles is dated), most articles first, then most mentions, then name.
 * contains (NULL: any) keeps names holding it; type (0: any) a type code of the field
 * table (1 PERS, 2 ORG, 3 LOC, 4 MISC, 5 GPE: a place's type or subtype); limit 0: all.
 * fn's nonzero return stops and is returned. */
int msd_store_entities(msd_store *s, const char *contains, int type, size_t limit,
                       msd_store_row_fn fn, void *ctx);

#endif