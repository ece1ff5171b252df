/*
 * store.c — the SQLite catalog; the contract is in store.h, the schema in schema.c.
 *
 * Statements are prepared once per handle (a table below names them) and reset after
 * each use. The catalog runs in WAL mode with synchronous=NORMAL: a commit is durable
 * once the WAL is synced at a checkpoint, and a crash never leaves a half transaction.
 * Writers wait up to 10 s for the write lock (busy_timeout) rather than failing.
 */
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clean/clean.h"
#include "extract/facts.h"
#include "extract/lexicon.h"
#include "marsad.h"
#include "store/schema.h"
#include "util/grow.h"

enum {
    Q_SOURCE_GET,
    Q_SOURCE_ADD,
    Q_FIND_EXT,
    Q_FIND_HASH,
    Q_ADD_ARTICLE,
    Q_SET_GROUP,
    Q_ADD_REMOVED,
    Q_ADD_ENTITY,
    Q_ADD_QUOTE,
    Q_ADD_NUMBER,
    Q_ADD_DATE,
    Q_BRIEF,
    Q_GROUP_SIZE,
    Q_ADD_SIG,
    Q_ADD_LSH,
    Q_LSH,
    Q_SIG,
    Q_ADD_SEGMENT,
    Q_DEL_SEGMENT,
    Q_SEGMENTS,
    Q_DELETED,
    Q_SET_DELETED,
    Q_DEL_LSH,
    Q_GROUP_NEXT,
    Q_REGROUP,
    Q_NEW_FIRST,
    NQ
};

static const char *const sql[NQ] = {
    [Q_SOURCE_GET] = "SELECT id FROM sources WHERE name = ?1",
    [Q_SOURCE_ADD] = "INSERT INTO sources(name) VALUES (?1)",
    [Q_FIND_EXT] = "SELECT id FROM articles WHERE ext_id = ?1",
    [Q_FIND_HASH] = "SELECT id, grp FROM articles WHERE body_hash = ?1 ORDER BY id LIMIT 1",
    [Q_ADD_ARTICLE] = "INSERT INTO articles(ext_id, source_id, url, title, date, date_source, "
                      "language, body, body_hash, grp, dup_kind, dup_jaccard, origin, format, "
                      "ingested) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                      "?14, ?15)",
    [Q_SET_GROUP] = "UPDATE articles SET grp = id WHERE id = ?1",
    [Q_ADD_REMOVED] = "INSERT INTO removed VALUES (?1, ?2, ?3, ?4)",
    [Q_ADD_ENTITY] = "INSERT INTO entities VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [Q_ADD_QUOTE] = "INSERT INTO quotes VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [Q_ADD_NUMBER] = "INSERT INTO numbers VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [Q_ADD_DATE] = "INSERT INTO dates VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [Q_BRIEF] = "SELECT a.ext_id, a.title, s.name, a.date, a.body, a.grp FROM articles a "
                "LEFT JOIN sources s ON s.id = a.source_id WHERE a.id = ?1",
    [Q_GROUP_SIZE] = "SELECT count(*) FROM articles WHERE grp = ?1",
    [Q_ADD_SIG] = "INSERT OR REPLACE INTO signatures VALUES (?1, ?2)",
    [Q_ADD_LSH] = "INSERT OR IGNORE INTO lsh VALUES (?1, ?2, ?3)",
    [Q_LSH] = "SELECT article_id FROM lsh WHERE band = ?1 AND key = ?2",
    [Q_SIG] = "SELECT s.minhash, a.grp FROM signatures s JOIN articles a ON a.id = s.article_id "
              "WHERE s.article_id = ?1",
    [Q_ADD_SEGMENT] = "INSERT INTO segments(id, file, ndocs, bytes, level, created) VALUES "
                      "(?6, ?1, ?2, ?3, ?4, ?5)",
    [Q_DEL_SEGMENT] = "DELETE FROM segments WHERE id = ?1",
    [Q_SEGMENTS] = "SELECT id, file, ndocs, bytes, level FROM segments ORDER BY id",
    [Q_DELETED] = "SELECT deleted FROM segments WHERE id = ?1",
    [Q_SET_DELETED] = "UPDATE segments SET deleted = ?2 WHERE id = ?1",
    [Q_DEL_LSH] = "DELETE FROM lsh WHERE band = ?1 AND key = ?2 AND article_id = ?3",
    [Q_GROUP_NEXT] = "SELECT min(id) FROM articles WHERE grp = ?1 AND id != ?1",
    [Q_REGROUP] = "UPDATE articles SET grp = ?2 WHERE grp = ?1",
    [Q_NEW_FIRST] = "UPDATE articles SET dup_kind = NULL, dup_jaccard = NULL WHERE id = ?1",
};

struct msd_store {
    sqlite3 *db;
    sqlite3_stmt *q[NQ];
    int writer;
    char err[256];
};

static int fail(msd_store *s, int rc)
{
    if (s && s->db) snprintf(s->err, sizeof s->err, "%s", sqlite3_errmsg(s->db));
    return rc == SQLITE_NOMEM ? MARSAD_ENOMEM : MARSAD_EIO;
}

const char *msd_store_error(const msd_store *s)
{
    return s && s->err[0] ? s->err : "no error";
}

static int exec(msd_store *s, const char *q)
{
    int rc = sqlite3_exec(s->db, q, NULL, NULL, NULL);
    return rc == SQLITE_OK ? MARSAD_OK : fail(s, rc);
}

static sqlite3_stmt *stmt(msd_store *s, int which)
{
    if (!s->q[which] && sqlite3_prepare_v3(s->db, sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                                           &s->q[which], NULL) != SQLITE_OK)
        return NULL;
    return s->q[which];
}

/* Steps a statement that returns no row and resets it. */
static int run(msd_store *s, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? MARSAD_OK : fail(s, rc);
}

static int user_version(msd_store *s, int *version)
{
    sqlite3_stmt *st;
    *version = 0;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return fail(s, SQLITE_ERROR);
    if (sqlite3_step(st) == SQLITE_ROW) *version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return MARSAD_OK;
}

/* tables: how many objects the file holds; a file with some and no marsad schema
 * version is someone else's database, left as it is. */
static int check_ours(msd_store *s, int tables)
{
    int version, rc = user_version(s, &version);
    if (!rc && version == 0 && tables > 0) {
        snprintf(s->err, sizeof s->err,
                 "not a marsad catalog: an SQLite database with tables of its own");
        return MARSAD_EFORMAT;
    }
    return rc;
}

static int migrate(msd_store *s)
{
    int version = 0, rc;
    size_t latest = msd_schema_versions();
    if ((rc = user_version(s, &version))) return rc;
    if (version < 0 || (size_t)version > latest) {
        snprintf(s->err, sizeof s->err, "catalog schema %d is newer than this marsad (%zu)",
                 version, latest);
        return MARSAD_EFORMAT;
    }
    if ((size_t)version == latest) return MARSAD_OK;
    if (!s->writer) {
        snprintf(s->err, sizeof s->err, "catalog schema %d needs migrating to %zu (ingest does it)",
                 version, latest);
        return MARSAD_EFORMAT;
    }
    if ((rc = exec(s, "BEGIN IMMEDIATE"))) return rc;
    for (size_t v = (size_t)version + 1; v <= latest && !rc; v++) {
        char q[96];
        rc = exec(s, msd_schema_migration(v));
        snprintf(q, sizeof q, "PRAGMA user_version = %zu", v);
        if (!rc) rc = exec(s, q);
    }
    if (!rc) {
        char q[128];
        snprintf(q, sizeof q, "INSERT OR REPLACE INTO meta VALUES ('schema', '%zu')", latest);
        rc = exec(s, q);
    }
    if (!rc) rc = exec(s, "COMMIT");
    if (rc) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

int msd_store_open(const char *path, int mode, msd_store **out)
{
    msd_store *s = calloc(1, sizeof *s);
    int flags =
        mode == MSD_STORE_WRITE ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    int rc, tables = 0;
    *out = s;
    if (!s) return MARSAD_ENOMEM;
    s->writer = mode == MSD_STORE_WRITE;
    if ((rc = sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL)) != SQLITE_OK)
        return fail(s, rc);
    sqlite3_busy_timeout(s->db, 10000);
    {
        /* a file that is not SQLite, or not ours */
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL) !=
            SQLITE_OK) {
            fail(s, SQLITE_ERROR);
            return MARSAD_EFORMAT;
        }
        rc = sqlite3_step(st);
        tables = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
        sqlite3_finalize(st);
        if (rc != SQLITE_ROW) {
            fail(s, rc);
            return MARSAD_EFORMAT;
        }
    }
    /* the checks come before any change to the file (WAL mode, tables) */
    if ((rc = check_ours(s, tables))) return rc;
    if (s->writer && (rc = exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA "
                                   "foreign_keys=ON; PRAGMA cache_size=-65536")))
        return rc;
    return migrate(s);
}

void msd_store_close(msd_store *s)
{
    if (!s) return;
    for (int i = 0; i < NQ; i++) sqlite3_finalize(s->q[i]);
    sqlite3_close(s->db);
    free(s);
}

int msd_store_begin(msd_store *s)
{
    return exec(s, "BEGIN IMMEDIATE");
}

int msd_store_commit(msd_store *s)
{
    return exec(s, "COMMIT");
}

int msd_store_rollback(msd_store *s)
{
    if (sqlite3_get_autocommit(s->db)) return MARSAD_OK;
    return exec(s, "ROLLBACK");
}

struct sqlite3 *msd_store_db(msd_store *s)
{
    return s->db;
}

int msd_store_source(msd_store *s, const char *name, int create, uint32_t *id)
{
    sqlite3_stmt *st;
    int rc;
    *id = 0;
    if (!name || !name[0]) return MARSAD_OK;
    if (!(st = stmt(s, Q_SOURCE_GET))) return fail(s, SQLITE_ERROR);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *id = (uint32_t)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) return MARSAD_OK;
    if (rc != SQLITE_DONE) return fail(s, rc);
    if (!create) return MARSAD_END;
    if (!(st = stmt(s, Q_SOURCE_ADD))) return fail(s, SQLITE_ERROR);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    if ((rc = run(s, st))) return rc;
    *id = (uint32_t)sqlite3_last_insert_rowid(s->db);
    return MARSAD_OK;
}

int msd_store_find_ext(msd_store *s, const char *ext_id, int64_t *id)
{
    sqlite3_stmt *st = stmt(s, Q_FIND_EXT);
    int rc;
    if (!st) return fail(s, SQLITE_ERROR);
    sqlite3_bind_text(st, 1, ext_id, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? MARSAD_OK : rc == SQLITE_DONE ? MARSAD_END : fail(s, rc);
}

int msd_store_find_hash(msd_store *s, uint64_t hash, int64_t *id, int64_t *group)
{
    sqlite3_stmt *st = stmt(s, Q_FIND_HASH);
    int rc;
    if (!st) return fail(s, SQLITE_ERROR);
    sqlite3_bind_int64(st, 1, (sqlite3_int64)hash);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        *group = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? MARSAD_OK : rc == SQLITE_DONE ? MARSAD_END : fail(s, rc);
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* The first three columns of every fact row: its article and its code-point span. */
static void bind_span(sqlite3_stmt *st, int64_t id, size_t start, size_t end)
{
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)start);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)end);
}

static int add_facts(msd_store *s, int64_t id, const msd_facts *f)
{
    sqlite3_stmt *st;
    int rc = MARSAD_OK;
    if (!(st = stmt(s, Q_ADD_ENTITY))) return fail(s, SQLITE_ERROR);
    for (size_t k = 0; k < f->entities.n && !rc; k++) {
        const msd_entity *e = &f->entities.items[k];
        bind_span(st, id, e->start, e->end);
        bind_text(st, 4, e->type);
        bind_text(st, 5,
                  e->etype == MSD_E_GPE || e->etype == MSD_E_LOC ? msd_etype_name(e->etype) : NULL);
        bind_text(st, 6, e->text);
        bind_text(st, 7, e->canonical);
        rc = run(s, st);
    }
    if (!rc && !(st = stmt(s, Q_ADD_QUOTE))) return fail(s, SQLITE_ERROR);
    for (size_t k = 0; k < f->quotes.n && !rc; k++) {
        const msd_quote *q = &f->quotes.items[k];
        bind_span(st, id, q->start, q->end);
        bind_text(st, 4, q->speaker);
        bind_text(st, 5, q->speaker_text);
        bind_text(st, 6, q->cue);
        sqlite3_bind_int(st, 7, q->direct);
        bind_text(st, 8, q->text);
        rc = run(s, st);
    }
    if (!rc && !(st = stmt(s, Q_ADD_NUMBER))) return fail(s, SQLITE_ERROR);
    for (size_t k = 0; k < f->numbers.n && !rc; k++) {
        const msd_number *n = &f->numbers.items[k];
        bind_span(st, id, n->start, n->end);
        sqlite3_bind_double(st, 4, n->value);
        bind_text(st, 5, n->qualifier);
        bind_text(st, 6, n->unit);
        bind_text(st, 7, n->counted);
        bind_text(st, 8, n->text);
        rc = run(s, st);
    }
    if (!rc && !(st = stmt(s, Q_ADD_DATE))) return fail(s, SQLITE_ERROR);
    for (size_t k = 0; k < f->dates.n && !rc; k++) {
        const msd_date *d = &f->dates.items[k];
        bind_span(st, id, d->start, d->end);
        bind_text(st, 4, d->value);
        bind_text(st, 5, d->grain);
        bind_text(st, 6, d->calendar);
        sqlite3_bind_int(st, 7, d->relative);
        bind_text(st, 8, d->text);
        rc = run(s, st);
    }
    return rc;
}

static void utc_now(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    if (gmtime_r(&t, &tm))
        strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
    else
        snprintf(buf, n, "unknown");
}

int msd_store_add(msd_store *s, const msd_store_article *a, const msd_article *clean,
                  const msd_facts *facts, int64_t *id)
{
    sqlite3_stmt *st = stmt(s, Q_ADD_ARTICLE);
    uint32_t source = 0;
    char now[32];
    int rc;
    if (!st) return fail(s, SQLITE_ERROR);
    if ((rc = msd_store_source(s, a->source, 1, &source))) return rc;
    utc_now(now, sizeof now);
    sqlite3_bind_text(st, 1, a->ext_id, -1, SQLITE_STATIC);
    if (source)
        sqlite3_bind_int64(st, 2, source);
    else
        sqlite3_bind_null(st, 2);
    bind_text(st, 3, a->url);
    bind_text(st, 4, a->title);
    bind_text(st, 5, a->date);
    bind_text(st, 6, a->date_source);
    bind_text(st, 7, a->language);
    sqlite3_bind_text(st, 8, a->body, (int)a->body_len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 9, (sqlite3_int64)a->body_hash);
    sqlite3_bind_int64(st, 10, a->group); /* 0: itself, fixed below */
    bind_text(st, 11, a->dup_kind);
    if (a->dup_kind)
        sqlite3_bind_double(st, 12, a->dup_jaccard);
    else
        sqlite3_bind_null(st, 12);
    bind_text(st, 13, a->origin);
    bind_text(st, 14, a->format);
    sqlite3_bind_text(st, 15, now, -1, SQLITE_TRANSIENT);
    if ((rc = run(s, st))) return rc;
    *id = sqlite3_last_insert_rowid(s->db);
    if (!a->group) { /* its own group */
        if (!(st = stmt(s, Q_SET_GROUP))) return fail(s, SQLITE_ERROR);
        sqlite3_bind_int64(st, 1, *id);
        if ((rc = run(s, st))) return rc;
    }
    if (clean && clean->n_removed) {
        if (!(st = stmt(s, Q_ADD_REMOVED))) return fail(s, SQLITE_ERROR);
        for (size_t k = 0; k < clean->n_removed && !rc; k++) {
            const msd_removed_line *r = &clean->removed[k];
            sqlite3_bind_int64(st, 1, *id);
            if (r->line)
                sqlite3_bind_int64(st, 2, (sqlite3_int64)r->line);
            else
                sqlite3_bind_null(st, 2);
            bind_text(st, 3, r->text);
            bind_text(st, 4, r->reason);
            rc = run(s, st);
        }
    }
    if (!rc && facts) rc = add_facts(s, *id, facts);
    return rc;
}

int msd_store_brief_of(msd_store *s, int64_t id, msd_store_brief *out)
{
    sqlite3_stmt *st = stmt(s, Q_BRIEF);
    int rc;
    memset(out, 0, sizeof *out);
    if (!st) return fail(s, SQLITE_ERROR);
    sqlite3_reset(st); /* the strings of the last call end here */
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? MARSAD_END : fail(s, rc);
    }
    out->ext_id = (const char *)sqlite3_column_text(st, 0);
    out->title = (const char *)sqlite3_column_text(st, 1);
    out->source = (const char *)sqlite3_column_text(st, 2);
    out->date = (const char *)sqlite3_column_text(st, 3);
    out->body = (const char *)sqlite3_column_text(st, 4);
    out->body_len = (size_t)sqlite3_column_bytes(st, 4);
    out->group = sqlite3_column_int64(st, 5);
    return MARSAD_OK; /* left stepped: the strings live until the next call */
}

int msd_store_group_size(msd_store *s, int64_t group, int64_t *n)
{
    sqlite3_stmt *st = stmt(s, Q_GROUP_SIZE);
    int rc;
    if (!st) return fail(s, SQLITE_ERROR);
    sqlite3_bind_int64(st, 1, group);
    rc = sqlite3_step(st);
    *n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? MARSAD_OK : fail(s, rc);
}

int msd_store_add_signature(msd_store *s, int64_t id, const uint32_t *sig, size_t n,
                            const uint64_t *keys, size_t nbands)
{
    sqlite3_stmt *st = stmt(s, Q_ADD_SIG);
    unsigned char *blob = malloc(n * 4 + 1);
    int rc;
    if (!st || !blob) {
        free(blob);
        return st ? MARSAD_ENOMEM : fail(s, SQLITE_ERROR);
    }
    for (size_t k = 0; k < n; k++) /* little-endian, whatever the machine */
        for (int b = 0; b < 4; b++) blob[4 * k + (size_t)b] = (unsigned char)(sig[k] >> (8 * b));
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_blob(st, 2, blob, (int)(n * 4), SQLITE_STATIC);
    rc = run(s, st);
    free(blob);
    if (rc) return rc;
    if (!(st = stmt(s, Q_ADD_LSH))) return fail(s, SQLITE_ERROR);
    for (size_t b = 0; b < nbands && !rc; b++) {
        sqlite3_bind_int(st, 1, (int)b);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)keys[b]);
        sqlite3_bind_int64(st, 3, id);
        rc = run(s, st);
    }
    return rc;
}

static int by_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int msd_store_candidates(msd_store *s, const uint64_t *keys, size_t nbands, int64_t *ids,
                         size_t cap, size_t *n)
{
    sqlite3_stmt *st = stmt(s, Q_LSH);
    size_t o = 0;
    if (!st) return fail(s, SQLITE_ERROR);
    for (size_t b = 0; b < nbands; b++) {
        int rc;
        sqlite3_bind_int(st, 1, (int)b);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)keys[b]);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && o < cap) {
            int64_t id = sqlite3_column_int64(st, 0), seen = 0;
            for (size_t k = 0; k < o && !seen; k++) seen = ids[k] == id;
            if (!seen) ids[o++] = id;
        }
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) return fail(s, rc);
    }
    qsort(ids, o, sizeof *ids, by_id);
    *n = o;
    return MARSAD_OK;
}

int msd_store_signature(msd_store *s, int64_t id, uint32_t *sig, size_t n, int64_t *group)
{
    sqlite3_stmt *st = stmt(s, Q_SIG);
    const unsigned char *blob;
    int rc;
    if (!st) return fail(s, SQLITE_ERROR);
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? MARSAD_END : fail(s, rc);
    }
    blob = sqlite3_column_blob(st, 0);
    if (!blob || (size_t)sqlite3_column_bytes(st, 0) != n * 4) {
        sqlite3_reset(st);
        return MARSAD_EFORMAT; /* a signature of other parameters */
    }
    for (size_t k = 0; k < n; k++)
        sig[k] = (uint32_t)blob[4 * k] | (uint32_t)blob[4 * k + 1] << 8 |
                 (uint32_t)blob[4 * k + 2] << 16 | (uint32_t)blob[4 * k + 3] << 24;
    *group = sqlite3_column_int64(st, 1);
    sqlite3_reset(st);
    return MARSAD_OK;
}

/* at: the manifest id to take, or 0 for the next one. */
static int add_segment_at(msd_store *s, const msd_store_segment *seg, int64_t at, int64_t *id)
{
    sqlite3_stmt *st = stmt(s, Q_ADD_SEGMENT);
    char now[32];
    int rc;
    if (!st) return fail(s, SQLITE_ERROR);
    utc_now(now, sizeof now);
    if (at)
        sqlite3_bind_int64(st, 6, at);
    else
        sqlite3_bind_null(st, 6);
    sqlite3_bind_text(st, 1, seg->file, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, seg->ndocs);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)seg->bytes);
    sqlite3_bind_int(st, 4, seg->level);
    sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
    if ((rc = run(s, st))) return rc;
    if (id) *id = sqlite3_last_insert_rowid(s->db);
    return MARSAD_OK;
}

int msd_store_add_segment(msd_store *s, const msd_store_segment *seg, int64_t *id)
{
    return add_segment_at(s, seg, 0, id);
}

int msd_store_replace_segments(msd_store *s, const int64_t *old, size_t n_old,
                               const msd_store_segment *merged, int64_t *id)
{
    sqlite3_stmt *st = stmt(s, Q_DEL_SEGMENT);
    int rc = MARSAD_OK;
    if (!st) return fail(s, SQLITE_ERROR);
    for (size_t k = 0; k < n_old && !rc; k++) {
        sqlite3_bind_int64(st, 1, old[k]);
        rc = run(s, st);
    }
    return rc ? rc : add_segment_at(s, merged, n_old ? old[0] : 0, id);
}

int msd_store_segments(msd_store *s, msd_store_segment **segs, size_t *n)
{
    sqlite3_stmt *st = stmt(s, Q_SEGMENTS);
    msd_store_segment *a = NULL;
    size_t cap = 0, o = 0;
    int rc;
    *segs = NULL;
    *n = 0;
    if (!st) return fail(s, SQLITE_ERROR);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        msd_store_segment *g;
        int grc = msd_grow((void **)&a, &cap, o + 1, sizeof *a, MSD_GROW_BATCH_MAX);
        if (grc) {
            sqlite3_reset(st);
            free(a);
            return grc;
        }
        g = &a[o++];
        memset(g, 0, sizeof *g);
        g->id = sqlite3_column_int64(st, 0);
        snprintf(g->file, sizeof g->file, "%s", (const char *)sqlite3_column_text(st, 1));
        g->ndocs = (uint32_t)sqlite3_column_int64(st, 2);
        g->bytes = (uint64_t)sqlite3_column_int64(st, 3);
        g->level = sqlite3_column_int(st, 4);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(a);
        return fail(s, rc);
    }
    *segs = a;
    *n = o;
    return MARSAD_OK;
}

/* One integer from a query. */
static int64_t one(msd_store *s, const char *q)
{
    sqlite3_stmt *st;
    int64_t v = 0;
    if (sqlite3_prepare_v2(s->db, q, -1, &st, NULL) != SQLITE_OK) return 0;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

int msd_store_stats_of(msd_store *s, msd_store_stats *st)
{
    sqlite3_stmt *q;
    memset(st, 0, sizeof *st);
    st->articles = one(s, "SELECT count(*) FROM articles");
    st->sources = one(s, "SELECT count(*) FROM sources");
    st->exact_dups = one(s, "SELECT count(*) FROM articles WHERE dup_kind = 'exact'");
    st->near_dups = one(s, "SELECT count(*) FROM articles WHERE dup_kind = 'near'");
    st->groups_with_dups = one(s, "SELECT count(DISTINCT grp) FROM articles WHERE grp <> id");
    if (sqlite3_prepare_v2(
            s->db,
            "SELECT min(substr(date, 1, 10)), max(substr(date, 1, 10)) FROM articles "
            "WHERE date GLOB '[0-9][0-9][0-9][0-9]-*'",
            -1, &q, NULL) != SQLITE_OK)
        return fail(s, SQLITE_ERROR);
    if (sqlite3_step(q) == SQLITE_ROW) {
        const char *a = (const char *)sqlite3_column_text(q, 0),
                   *b = (const char *)sqlite3_column_text(q, 1);
        snprintf(st->first_date, sizeof st->first_date, "%s", a ? a : "");
        snprintf(st->last_date, sizeof st->last_date, "%s", b ? b : "");
    }
    sqlite3_finalize(q);
    return MARSAD_OK;
}

/* ---- Deletions ------------------------------------------------------------------------ */

int msd_store_deleted(msd_store *s, int64_t segment, uint8_t **bits, size_t *n)
{
    sqlite3_stmt *st = stmt(s, Q_DELETED);
    int rc;
    *bits = NULL;
    *n = 0;
    if (!st) return fail(s, SQLITE_ERROR);
    sqlite3_bind_int64(st, 1, segment);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) > 0) {
        size_t len = (size_t)sqlite3_column_bytes(st, 0);
        const void *b = sqlite3_column_blob(st, 0);
        if (!(*bits = malloc(len))) {
            sqlite3_reset(st);
            return MARSAD_ENOMEM;
        }
        memcpy(*bits, b, len);
        *n = len;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? MARSAD_OK : fail(s, rc);
}

int msd_store_set_deleted(msd_store *s, int64_t segment, const uint8_t *bits, size_t n)
{
    sqlite3_stmt *st = stmt(s, Q_SET_DELETED);
    if (!st) return fail(s, SQLITE_ERROR);
    sqlite3_bind_int64(st, 1, segment);
    if (n)
        sqlite3_bind_blob(st, 2, bits, (int)n, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 2);
    return run(s, st);
}

int msd_store_delete(msd_store *s, int64_t id, const uint64_t *keys, size_t nbands)
{
    static const char *const rows[] = {
        "DELETE FROM removed WHERE article_id = ?1", "DELETE FROM entities WHERE article_id = ?1",
        "DELETE FROM quotes WHERE article_id = ?1",  "DELETE FROM numbers WHERE article_id = ?1",
        "DELETE FROM dates WHERE article_id = ?1",   "DELETE FROM signatures WHERE article_id = ?1",
        "DELETE FROM articles WHERE id = ?1",
    };
    sqlite3_stmt *st = stmt(s, Q_DEL_LSH);
    int64_t next = 0;
    int rc = MARSAD_OK;
    if (!st) return fail(s, SQLITE_ERROR);
    for (size_t b = 0; b < nbands && !rc; b++) {
        sqlite3_bind_int64(st, 1, (sqlite3_int64)b);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)keys[b]);
        sqlite3_bind_int64(st, 3, id);
        rc = run(s, st);
    }
    /* the group's next article becomes its first */
    if (!rc && !(st = stmt(s, Q_GROUP_NEXT))) rc = fail(s, SQLITE_ERROR);
    if (!rc) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW) next = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
    }
    if (!rc && next) {
        if (!(st = stmt(s, Q_REGROUP))) return fail(s, SQLITE_ERROR);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, next);
        if ((rc = run(s, st))) return rc;
        if (!(st = stmt(s, Q_NEW_FIRST))) return fail(s, SQLITE_ERROR);
        sqlite3_bind_int64(st, 1, next);
        rc = run(s, st);
    }
    for (size_t k = 0; k < sizeof rows / sizeof rows[0] && !rc; k++) {
        sqlite3_stmt *d;
        if (sqlite3_prepare_v2(s->db, rows[k], -1, &d, NULL) != SQLITE_OK)
            return fail(s, SQLITE_ERROR);
        sqlite3_bind_int64(d, 1, id);
        rc = sqlite3_step(d) == SQLITE_DONE ? MARSAD_OK : fail(s, SQLITE_ERROR);
        sqlite3_finalize(d);
    }
    return rc;
}
