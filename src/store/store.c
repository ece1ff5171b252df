/*
 * store.c — the SQLite catalog's file: opening and migrating it, transactions, the meta
 * table, sources, the segment manifest and deletions, statistics. Articles and their
 * facts are in articles.c, deflated bodies in compress.c; the contract is in store.h,
 * the schema in schema.c.
 *
 * Statements are prepared once per handle (a table below names them; articles.c builds
 * those of the field table) and reset after each use. The catalog runs in WAL mode with
 * synchronous=NORMAL: a commit is durable once the WAL is synced at a checkpoint, and a
 * crash never leaves a half transaction. Writers wait up to 10 s for the write lock
 * (busy_timeout) rather than failing.
 *
 * The WAL holds a batch until its commit, and with readers about, SQLite's automatic
 * checkpoints cannot start it over, so it grew to 112 MB during an ingest with searches
 * and stayed that size on disk. A writer caps what it keeps (journal_size_limit: the
 * WAL is cut back to 32 MB whenever it starts over) and, closing, checkpoints it and
 * truncates it to nothing when no reader is in the middle of a read.
 */
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "marsad.h"
#include "store/schema.h"
#include "store/store_int.h"
#include "util/grow.h"

static const char *const sql[NQ] = {
    [Q_SOURCE_GET] = "SELECT id FROM sources WHERE name = ?1",
    [Q_SOURCE_ADD] = "INSERT INTO sources(name) VALUES (?1)",
    [Q_FIND_EXT] = "SELECT id FROM articles WHERE ext_id = ?1",
    [Q_FIND_HASH] = "SELECT id, grp FROM articles WHERE body_hash = ?1 ORDER BY id LIMIT 1",
    [Q_SET_GROUP] = "UPDATE articles SET grp = id WHERE id = ?1",
    [Q_NAME_GET] = "SELECT id FROM names WHERE name = ?1",
    [Q_NAME_ADD] = "INSERT INTO names(name) VALUES (?1)",
    /* Q_BRIEF: built at its first use, with the row's checksum (articles.c) */
    [Q_GROUP_SIZE] = "SELECT count(*) FROM articles WHERE grp = ?1",
    [Q_ADD_SIG] = "INSERT OR REPLACE INTO signatures VALUES (?1, ?2)",
    [Q_ADD_LSH] = "INSERT OR IGNORE INTO lsh VALUES (?1, ?2)",
    [Q_LSH] = "SELECT l.article_id, a.grp, g.minhash FROM lsh l JOIN signatures g ON "
              "g.article_id = l.article_id JOIN articles a ON a.id = l.article_id WHERE l.key = ?1",
    [Q_ADD_SEGMENT] = "INSERT INTO segments(id, file, ndocs, bytes, level, created) VALUES "
                      "(?6, ?1, ?2, ?3, ?4, ?5)",
    [Q_DEL_SEGMENT] = "DELETE FROM segments WHERE id = ?1",
    [Q_SEGMENTS] = "SELECT id, file, ndocs, bytes, level FROM segments ORDER BY id",
    [Q_DELETED] = "SELECT deleted FROM segments WHERE id = ?1",
    [Q_SET_DELETED] = "UPDATE segments SET deleted = ?2 WHERE id = ?1",
    [Q_GROUP_NEXT] = "SELECT min(id) FROM articles WHERE grp = ?1 AND id != ?1",
    [Q_REGROUP] = "UPDATE articles SET grp = ?2 WHERE grp = ?1",
    [Q_NEW_FIRST] = "UPDATE articles SET dup_kind = NULL, dup_jaccard = NULL WHERE id = ?1",
    [Q_META_GET] = "SELECT value FROM meta WHERE key = ?1",
    [Q_META_SET] = "INSERT OR REPLACE INTO meta VALUES (?1, ?2)",
    /* Q_GET_DUPS: built at its first use, with the rows' checksums (articles.c) */
    [Q_STORY_NEW] = "INSERT INTO stories(id, merged_into) VALUES (?1, NULL)",
    [Q_STORY_MEMBER] =
        "INSERT INTO story_members(article_id, story, day, vec) VALUES (?1, ?2, ?3, ?4)",
    [Q_STORY_OF] = "SELECT coalesce(s.merged_into, s.id) FROM story_members m "
                   "JOIN stories s ON s.id = m.story WHERE m.article_id = ?1",
    [Q_STORY_RESOLVE] = "SELECT coalesce(merged_into, id) FROM stories WHERE id = ?1",
    [Q_STORY_SET_DF] = "INSERT INTO story_df(term, n) VALUES (?1, ?2) ON CONFLICT(term) DO "
                       "UPDATE SET n = excluded.n",
};

/* What SQLite was doing when an I/O error struck, from its extended code. */
static const char *io_doing(int code)
{
    switch (code) {
    case SQLITE_IOERR_READ:
    case SQLITE_IOERR_SHORT_READ: return "reading";
    case SQLITE_IOERR_WRITE: return "writing";
    case SQLITE_IOERR_FSYNC:
    case SQLITE_IOERR_DIR_FSYNC: return "syncing";
    case SQLITE_IOERR_TRUNCATE: return "truncating";
    case SQLITE_IOERR_DELETE: return "deleting";
    case SQLITE_IOERR_SHMOPEN:
    case SQLITE_IOERR_SHMSIZE:
    case SQLITE_IOERR_SHMMAP: return "in the WAL index, -shm";
    default: return NULL;
    }
}

/* SQLite's message, with what it was doing when that is an I/O error: "disk I/O error"
 * alone does not tell a write from a sync. (Not the system's errno: SQLite's
 * sqlite3_system_errno is errno when it reports the error, after a cleanup that often
 * changed it: a WAL that could not be made said "No such file or directory".) rc is
 * what the call returned; SQLITE_ERROR from a prepare (or a guess) defers to the
 * connection's own code, which tells out of memory from the rest. */
int msd_store_fail(msd_store *s, int rc)
{
    if (s && s->db && rc == SQLITE_ERROR && sqlite3_errcode(s->db) != SQLITE_OK)
        rc = sqlite3_errcode(s->db);
    if (s && s->db) {
        const char *doing = io_doing(sqlite3_extended_errcode(s->db));
        if (doing)
            snprintf(s->err, sizeof s->err, "%s (%s)", sqlite3_errmsg(s->db), doing);
        else
            snprintf(s->err, sizeof s->err, "%s", sqlite3_errmsg(s->db));
    } else if (s) {
        snprintf(s->err, sizeof s->err, "%s", sqlite3_errstr(rc));
    }
    return (rc & 0xff) == SQLITE_NOMEM ? MARSAD_ENOMEM : MARSAD_EIO;
}

void msd_store_clear_error(msd_store *s)
{
    if (s) s->err[0] = 0;
}

const char *msd_store_error(const msd_store *s)
{
    return s && s->err[0] ? s->err : "";
}

static int exec(msd_store *s, const char *q)
{
    int rc = sqlite3_exec(s->db, q, NULL, NULL, NULL);
    return rc == SQLITE_OK ? MARSAD_OK : msd_store_fail(s, rc);
}

sqlite3_stmt *msd_store_stmt(msd_store *s, int which)
{
    const char *q = s->sql[which] ? s->sql[which] : sql[which];
    if (!s->q[which] && (!q || sqlite3_prepare_v3(s->db, q, -1, SQLITE_PREPARE_PERSISTENT,
                                                  &s->q[which], NULL) != SQLITE_OK)) {
        s->stmt_rc = msd_store_fail(s, SQLITE_ERROR);
        return NULL;
    }
    return s->q[which];
}

int msd_store_run(msd_store *s, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? MARSAD_OK : msd_store_fail(s, rc);
}

static int user_version(msd_store *s, int *version)
{
    sqlite3_stmt *st;
    *version = 0;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return msd_store_fail(s, SQLITE_ERROR);
    if (sqlite3_step(st) == SQLITE_ROW) *version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return MARSAD_OK;
}

/* tables: how many objects the file holds; a file with some and no marsad schema
 * version is someone else's database, left as it is. */
static int check_ours(msd_store *s, int tables, int mode)
{
    int version, rc = user_version(s, &version);
    if (!rc && version == 0 && tables > 0) {
        snprintf(s->err, sizeof s->err,
                 "not a marsad catalog: an SQLite database with tables of its own");
        return MARSAD_EFORMAT;
    }
    if (!rc && version == 0 && mode != MSD_STORE_CREATE) {
        snprintf(s->err, sizeof s->err,
                 "an empty file or database, no marsad catalog in it (truncated? restore it, "
                 "or remove it and its .idx folder to start a new archive)");
        return MARSAD_EFORMAT;
    }
    return rc;
}

/* A catalog migrated from v1 or v2 is rewritten once: v3 took a third of its bytes,
 * and the pages they freed would stay in the file (267 MB of SaudiNewsNet's 367), in
 * 4 KiB pages. Best effort: VACUUM needs the file to itself, and with a reader open it
 * fails; the catalog is whole either way (`sqlite3 PATH VACUUM` does it later). */
static void compact(msd_store *s)
{
    exec(s, "PRAGMA journal_mode=DELETE");
    exec(s, "PRAGMA page_size=16384");
    exec(s, "VACUUM");
    exec(s, "PRAGMA journal_mode=WAL");
    s->err[0] = 0;
}

/* Brings the catalog to the latest schema; *from receives the version it had. */
static int migrate(msd_store *s, int *from)
{
    int version = 0, rc;
    size_t latest = msd_schema_versions();
    if ((rc = user_version(s, &version))) return rc;
    *from = version;
    if (version < 0 || (size_t)version > latest) {
        snprintf(s->err, sizeof s->err, "catalog schema %d is newer than this marsad (%zu)",
                 version, latest);
        return MARSAD_EFORMAT;
    }
    if ((size_t)version == latest) {
        char views[32] = "";
        /* a writer brings the views up to this library's field tables */
        if (!s->writer ||
            (!msd_store_meta(s, "views", views, sizeof views) && !strcmp(views, MARSAD_VERSION)))
            return MARSAD_OK;
        if ((rc = exec(s, "BEGIN IMMEDIATE"))) return rc;
        if (!(rc = msd_store_views(s))) rc = exec(s, "COMMIT");
        if (rc) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    if (!s->writer) {
        snprintf(s->err, sizeof s->err, "catalog schema %d needs migrating to %zu (ingest does it)",
                 version, latest);
        return MARSAD_EFORMAT;
    }
    /* read again under the write lock: another writer may have migrated meanwhile */
    if ((rc = exec(s, "BEGIN IMMEDIATE"))) return rc;
    if (!(rc = user_version(s, &version))) *from = version;
    for (size_t v = (size_t)version + 1; v <= latest && !rc; v++) {
        char q[96];
        rc = exec(s, msd_schema_migration(v));
        snprintf(q, sizeof q, "PRAGMA user_version = %zu", v);
        if (!rc) rc = exec(s, q);
    }
    if (!rc && version < 4) { /* the rows stored before checksums get theirs */
        char sum[512], q[640];
        rc = msd_store_rowsum_sql("", sum, sizeof sum);
        snprintf(q, sizeof q, "UPDATE articles SET rowsum = %s", sum);
        if (!rc) rc = exec(s, q);
    }
    if (!rc) {
        char q[128];
        snprintf(q, sizeof q, "INSERT OR REPLACE INTO meta VALUES ('schema', '%zu')", latest);
        rc = exec(s, q);
    }
    if (!rc) rc = msd_store_views(s);
    if (!rc) rc = exec(s, "COMMIT");
    if (rc) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

int msd_store_open(const char *path, int mode, msd_store **out)
{
    msd_store *s = calloc(1, sizeof *s);
    int flags = mode == MSD_STORE_CREATE  ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                : mode == MSD_STORE_WRITE ? SQLITE_OPEN_READWRITE
                                          : SQLITE_OPEN_READONLY;
    int rc, tables = 0, from = 0;
    *out = s;
    if (!s) return MARSAD_ENOMEM;
    s->writer = mode != MSD_STORE_READ;
    if ((rc = sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL)) != SQLITE_OK)
        return msd_store_fail(s, rc);
    if ((rc = msd_store_functions(s->db))) return rc;
    sqlite3_busy_timeout(s->db, 10000);
    {
        /* a file that is not SQLite, or not ours */
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL) !=
            SQLITE_OK) {
            msd_store_fail(s, SQLITE_ERROR);
            return MARSAD_EFORMAT;
        }
        rc = sqlite3_step(st);
        tables = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
        sqlite3_finalize(st);
        if (rc != SQLITE_ROW) {
            msd_store_fail(s, rc);
            return MARSAD_EFORMAT;
        }
    }
    /* the checks come before any change to the file (WAL mode, tables) */
    if ((rc = check_ours(s, tables, mode))) return rc;
    /* A new catalog gets 16 KiB pages: a deflated body takes about 1.1 KB, and 4 KiB pages
     * left a fifth of the articles table empty (10.9 of 53 MB on SaudiNewsNet). */
    if (s->writer && !tables && (rc = exec(s, "PRAGMA page_size=16384"))) return rc;
    if (s->writer && (rc = exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA "
                                   "foreign_keys=ON; PRAGMA cache_size=-65536; "
                                   "PRAGMA journal_size_limit=33554432")))
        return rc;
    if ((rc = migrate(s, &from))) return rc;
    if (from == 1 || from == 2) compact(s); /* from v1 or v2: a third of the bytes left */
    return MARSAD_OK;
}

void msd_store_close(msd_store *s)
{
    if (!s) return;
    for (int i = 0; i < NQ; i++) {
        sqlite3_finalize(s->q[i]);
        free(s->sql[i]);
    }
    if (s->writer && s->db) { /* best effort, and without waiting on a reader */
        sqlite3_busy_timeout(s->db, 0);
        sqlite3_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    }
    sqlite3_close(s->db);
    msd_strmap_free(s->names);
    free(s->buf);
    free(s->brief);
    free(s);
}

int msd_store_checkpoint(msd_store *s)
{
    sqlite3_stmt *st;
    int rc, busy = 0;
    if (sqlite3_prepare_v2(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &st, NULL) != SQLITE_OK)
        return msd_store_fail(s, SQLITE_ERROR);
    if ((rc = sqlite3_step(st)) == SQLITE_ROW) busy = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW) return msd_store_fail(s, rc);
    if (busy) {
        snprintf(s->err, sizeof s->err, "the WAL could not be checkpointed: a reader holds it");
        return MARSAD_EBUSY;
    }
    return MARSAD_OK;
}

int msd_store_begin(msd_store *s)
{
    return exec(s, "BEGIN IMMEDIATE");
}

int msd_store_read_begin(msd_store *s)
{
    return sqlite3_get_autocommit(s->db) &&
           sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

void msd_store_read_end(msd_store *s, int began)
{
    /* a read transaction commits nothing; its end cannot lose data */
    if (began) sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}

int msd_store_commit(msd_store *s)
{
    return exec(s, "COMMIT");
}

int msd_store_rollback(msd_store *s)
{
    if (s->names) msd_strmap_clear(s->names); /* it may hold names rolled back */
    if (sqlite3_get_autocommit(s->db)) return MARSAD_OK;
    return exec(s, "ROLLBACK");
}

int msd_store_meta(msd_store *s, const char *key, char *buf, size_t cap)
{
    sqlite3_stmt *st = msd_store_stmt(s, Q_META_GET);
    int rc;
    if (!st) return s->stmt_rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) snprintf(buf, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? MARSAD_OK : rc == SQLITE_DONE ? MARSAD_END : msd_store_fail(s, rc);
}

int msd_store_set_meta(msd_store *s, const char *key, const char *value)
{
    sqlite3_stmt *st = msd_store_stmt(s, Q_META_SET);
    if (!st) return s->stmt_rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    return msd_store_run(s, st);
}

void msd_store_utc_now(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    if (gmtime_r(&t, &tm))
        strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
    else
        snprintf(buf, n, "unknown");
}

int msd_store_source(msd_store *s, const char *name, int create, uint32_t *id)
{
    sqlite3_stmt *st;
    int rc;
    *id = 0;
    if (!name || !name[0]) return MARSAD_OK;
    if (!(st = msd_store_stmt(s, Q_SOURCE_GET))) return s->stmt_rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *id = (uint32_t)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) return MARSAD_OK;
    if (rc != SQLITE_DONE) return msd_store_fail(s, rc);
    if (!create) return MARSAD_END;
    if (!(st = msd_store_stmt(s, Q_SOURCE_ADD))) return s->stmt_rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    if ((rc = msd_store_run(s, st))) return rc;
    *id = (uint32_t)sqlite3_last_insert_rowid(s->db);
    return MARSAD_OK;
}

/* at: the manifest id to take, or 0 for the next one. */
static int add_segment_at(msd_store *s, const msd_store_segment *seg, int64_t at, int64_t *id)
{
    sqlite3_stmt *st = msd_store_stmt(s, Q_ADD_SEGMENT);
    char now[32];
    int rc;
    if (!st) return s->stmt_rc;
    msd_store_utc_now(now, sizeof now);
    if (at)
        sqlite3_bind_int64(st, 6, at);
    else
        sqlite3_bind_null(st, 6);
    sqlite3_bind_text(st, 1, seg->file, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, seg->ndocs);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)seg->bytes);
    sqlite3_bind_int(st, 4, seg->level);
    sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
    if ((rc = msd_store_run(s, st))) return rc;
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
    sqlite3_stmt *st = msd_store_stmt(s, Q_DEL_SEGMENT);
    int rc = MARSAD_OK;
    if (!st) return s->stmt_rc;
    for (size_t k = 0; k < n_old && !rc; k++) {
        sqlite3_bind_int64(st, 1, old[k]);
        rc = msd_store_run(s, st);
    }
    return rc ? rc : add_segment_at(s, merged, n_old ? old[0] : 0, id);
}

int msd_store_clear_segments(msd_store *s)
{
    return exec(s, "DELETE FROM segments");
}

int msd_store_segments(msd_store *s, msd_store_segment **segs, size_t *n)
{
    sqlite3_stmt *st = msd_store_stmt(s, Q_SEGMENTS);
    msd_store_segment *a = NULL;
    size_t cap = 0, o = 0;
    int rc;
    *segs = NULL;
    *n = 0;
    if (!st) return s->stmt_rc;
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
        return msd_store_fail(s, rc);
    }
    *segs = a;
    *n = o;
    return MARSAD_OK;
}

/* One integer from a query; an error is sticky in *rc (a damaged catalog must not read
 * as zero sources: tests/fault/corrupt.sh met it). */
static int64_t one(msd_store *s, const char *q, int *rc)
{
    sqlite3_stmt *st;
    int64_t v = 0;
    int r;
    if (*rc) return 0;
    if ((r = sqlite3_prepare_v2(s->db, q, -1, &st, NULL)) != SQLITE_OK) {
        *rc = msd_store_fail(s, r);
        return 0;
    }
    if ((r = sqlite3_step(st)) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    else
        *rc = msd_store_fail(s, r);
    sqlite3_finalize(st);
    return v;
}

int msd_store_stats_of(msd_store *s, msd_store_stats *st)
{
    sqlite3_stmt *q;
    int rc = MARSAD_OK, r;
    memset(st, 0, sizeof *st);
    st->articles = one(s, "SELECT count(*) FROM articles", &rc);
    st->sources = one(s, "SELECT count(*) FROM sources", &rc);
    st->exact_dups = one(s, "SELECT count(*) FROM articles WHERE dup_kind = 'exact'", &rc);
    st->near_dups = one(s, "SELECT count(*) FROM articles WHERE dup_kind = 'near'", &rc);
    st->groups_with_dups = one(s, "SELECT count(DISTINCT grp) FROM articles WHERE grp <> id", &rc);
    if (rc) return rc;
    if ((r = sqlite3_prepare_v2(
             s->db,
             "SELECT min(substr(date, 1, 10)), max(substr(date, 1, 10)) FROM articles "
             "WHERE date GLOB '[0-9][0-9][0-9][0-9]-*'",
             -1, &q, NULL)) != SQLITE_OK)
        return msd_store_fail(s, r);
    if ((r = sqlite3_step(q)) == SQLITE_ROW) {
        const char *a = (const char *)sqlite3_column_text(q, 0),
                   *b = (const char *)sqlite3_column_text(q, 1);
        snprintf(st->first_date, sizeof st->first_date, "%s", a ? a : "");
        snprintf(st->last_date, sizeof st->last_date, "%s", b ? b : "");
    } else {
        rc = msd_store_fail(s, r);
    }
    sqlite3_finalize(q);
    return rc;
}

/* ---- Deletions ------------------------------------------------------------------------ */

int msd_store_deleted(msd_store *s, int64_t segment, uint8_t **bits, size_t *n)
{
    sqlite3_stmt *st = msd_store_stmt(s, Q_DELETED);
    int rc;
    *bits = NULL;
    *n = 0;
    if (!st) return s->stmt_rc;
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
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? MARSAD_OK : msd_store_fail(s, rc);
}

int msd_store_set_deleted(msd_store *s, int64_t segment, const uint8_t *bits, size_t n)
{
    sqlite3_stmt *st = msd_store_stmt(s, Q_SET_DELETED);
    if (!st) return s->stmt_rc;
    sqlite3_bind_int64(st, 1, segment);
    if (n)
        sqlite3_bind_blob(st, 2, bits, (int)n, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 2);
    return msd_store_run(s, st);
}

int msd_store_delete(msd_store *s, int64_t id)
{
    /* The article's LSH rows stay: a candidate without a signature is never compared,
     * and its id is never given to another article (AUTOINCREMENT). Finding them would
     * need the full 32-bit slots or an index by article (10 MB on SaudiNewsNet). */
    static const char *const rows[] = {
        "DELETE FROM removed WHERE article_id = ?1",
        "DELETE FROM entities WHERE article_id = ?1",
        "DELETE FROM quotes WHERE article_id = ?1",
        "DELETE FROM numbers WHERE article_id = ?1",
        "DELETE FROM dates WHERE article_id = ?1",
        "DELETE FROM signatures WHERE article_id = ?1",
        "DELETE FROM story_members WHERE article_id = ?1",
        "DELETE FROM articles WHERE id = ?1",
    };
    sqlite3_stmt *st;
    int64_t next = 0;
    int rc = MARSAD_OK;
    /* the group's next article becomes its first */
    if (!(st = msd_store_stmt(s, Q_GROUP_NEXT))) return s->stmt_rc;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW) next = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (next) {
        if (!(st = msd_store_stmt(s, Q_REGROUP))) return s->stmt_rc;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, next);
        if ((rc = msd_store_run(s, st))) return rc;
        if (!(st = msd_store_stmt(s, Q_NEW_FIRST))) return s->stmt_rc;
        sqlite3_bind_int64(st, 1, next);
        if ((rc = msd_store_run(s, st))) return rc;
    }
    for (size_t k = 0; k < sizeof rows / sizeof rows[0] && !rc; k++) {
        sqlite3_stmt *d;
        if (sqlite3_prepare_v2(s->db, rows[k], -1, &d, NULL) != SQLITE_OK)
            return msd_store_fail(s, SQLITE_ERROR);
        sqlite3_bind_int64(d, 1, id);
        rc = sqlite3_step(d) == SQLITE_DONE ? MARSAD_OK : msd_store_fail(s, SQLITE_ERROR);
        sqlite3_finalize(d);
    }
    return rc;
}
