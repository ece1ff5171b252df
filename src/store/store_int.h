/*
 * store_int.h — what store.c (the catalog's file, transactions, manifest) and
 * articles.c (articles, facts, duplicates) share: the handle and its statements.
 */
#ifndef MSD_STORE_STORE_INT_H
#define MSD_STORE_STORE_INT_H

#include <sqlite3.h>

#include "store/store.h"
#include "util/strmap.h"

enum {
    Q_SOURCE_GET,
    Q_SOURCE_ADD,
    Q_FIND_EXT,
    Q_FIND_HASH,
    Q_SET_GROUP,
    Q_NAME_GET,
    Q_NAME_ADD,
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
    Q_GROUP_NEXT,
    Q_REGROUP,
    Q_NEW_FIRST,
    Q_META_GET,
    Q_META_SET,
    Q_GET_ARTICLE,
    Q_GET_DUPS,
    Q_STORY_NEW, /* stories.c: the statements of every article's assignment */
    Q_STORY_MEMBER,
    Q_STORY_OF,
    Q_STORY_RESOLVE,
    Q_STORY_SET_DF,
    Q_ADD_ARTICLE, /* built from the field table (articles.c) */
    Q_ADD_FACT,    /* … one per kind of fact: Q_ADD_FACT + kind */
    Q_GET_FACT = Q_ADD_FACT + 5,
    NQ = Q_GET_FACT + 5
};

struct msd_store {
    sqlite3 *db;
    sqlite3_stmt *q[NQ];
    char *sql[NQ]; /* the statements built at run time (NULL: a fixed one) */
    int writer;
    int stmt_rc;       /* why msd_store_stmt (or a built statement) last gave NULL */
    msd_strmap *names; /* name → id, of names committed or in this transaction */
    char *buf;         /* an inflated body, for the brief and the bodies walk */
    size_t buf_cap;
    char *brief; /* the strings of the last brief (msd_store_brief_of) */
    size_t brief_cap;
    char err[256];
};

/* A row of a read query (store.h): the statement stepped to it. */
struct msd_store_row {
    sqlite3_stmt *st;
};

/* Records SQLite's message; returns MARSAD_ENOMEM or MARSAD_EIO. */
int msd_store_fail(msd_store *s, int rc);

/* The prepared statement `which`, prepared on first use; NULL on failure (the message is
 * then in s->err, the status to return in s->stmt_rc: MARSAD_ENOMEM or MARSAD_EIO). */
sqlite3_stmt *msd_store_stmt(msd_store *s, int which);

/* Steps a statement that returns no row, then resets it. */
int msd_store_run(msd_store *s, sqlite3_stmt *st);

/* The UTC time now as "YYYY-MM-DDTHH:MM:SSZ". */
void msd_store_utc_now(char *buf, size_t n);

/* Binds a string or NULL. */
void msd_store_bind_text(sqlite3_stmt *st, int i, const char *v);

/* Inflates a body (the bytes as they are when their size is already size) into s->buf;
 * *out points there until the next call. Returns MARSAD_OK, MARSAD_EFORMAT (not zlib, or
 * not that size), MARSAD_ENOMEM. */
int msd_store_inflate(msd_store *s, const void *z, size_t zlen, size_t size, const char **out);

/* (Re)creates the views of the catalog from the field tables (views.c), in the caller's
 * transaction or alone; records the library's version in meta 'views'. */
int msd_store_views(msd_store *s);

/* Registers marsad_enum(table, column, text), the code of a value (views.c). */
int msd_store_enum_function(sqlite3 *db);

/* The functions the schema's views and migrations call (sqlar_compress,
 * sqlar_uncompress, marsad_sig8, marsad_rowsum), on this connection. */
int msd_store_functions(sqlite3 *db);

/* Row checksums (rowsum.c): the function marsad_rowsum(…); the columns it covers, in
 * order, into cols (their number is returned, even past cap); and the SQL of the call on
 * them, each column name prefixed (as "a."), into buf. */
int msd_store_rowsum_function(sqlite3 *db);
int msd_store_rowsum_columns(const char **cols, size_t cap);
int msd_store_rowsum_sql(const char *prefix, char *buf, size_t cap);

#endif
