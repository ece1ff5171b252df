/* verify.c — what `marsad check` asks of the catalog (store.h): SQLite's own integrity
 * check, every article row against its checksum (rowsum.c), and the article ids in
 * order for the agreement with the index. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "util/grow.h"

int msd_store_integrity(msd_store *s, msd_store_problem_fn fn, void *ctx, size_t *problems)
{
    sqlite3_stmt *st;
    int rc;
    *problems = 0;
    /* the full check (not quick_check): it also compares every index with its table */
    if ((rc = sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL)) != SQLITE_OK)
        return msd_store_fail(s, rc);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(st, 0);
        if (line && !strcmp(line, "ok")) continue;
        ++*problems;
        fn(ctx, line ? line : "(no message)");
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? MARSAD_OK : msd_store_fail(s, rc);
}

int msd_store_ids(msd_store *s, int64_t **ids, size_t *n)
{
    sqlite3_stmt *st;
    size_t cap = 0;
    int rc;
    *ids = NULL;
    *n = 0;
    if ((rc = sqlite3_prepare_v2(s->db, "SELECT id FROM articles ORDER BY id", -1, &st, NULL)) !=
        SQLITE_OK)
        return msd_store_fail(s, rc);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int grc = msd_grow((void **)ids, &cap, *n + 1, sizeof **ids, MSD_GROW_BATCH_MAX);
        if (grc) {
            sqlite3_finalize(st);
            free(*ids);
            *ids = NULL;
            *n = 0;
            return grc;
        }
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        free(*ids);
        *ids = NULL;
        *n = 0;
        return msd_store_fail(s, rc);
    }
    return MARSAD_OK;
}

int msd_store_damaged_rows(msd_store *s, msd_store_problem_fn fn, void *ctx, size_t *problems)
{
    char sum[512], q[700], line[300];
    sqlite3_stmt *st;
    int rc;
    *problems = 0;
    if ((rc = msd_store_rowsum_sql("", sum, sizeof sum))) return rc;
    snprintf(q, sizeof q, "SELECT id, ext_id FROM articles WHERE rowsum IS NOT %s ORDER BY id",
             sum);
    if ((rc = sqlite3_prepare_v2(s->db, q, -1, &st, NULL)) != SQLITE_OK)
        return msd_store_fail(s, rc);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *ext = (const char *)sqlite3_column_text(st, 1);
        ++*problems;
        snprintf(line, sizeof line,
                 "article row %lld (id %.100s) is damaged: its columns do not match their checksum",
                 (long long)sqlite3_column_int64(st, 0), ext ? ext : "?");
        fn(ctx, line);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? MARSAD_OK : msd_store_fail(s, rc);
}

int msd_store_data_version(msd_store *s, int64_t *v)
{
    sqlite3_stmt *st;
    int rc;
    *v = -1;
    if ((rc = sqlite3_prepare_v2(s->db, "PRAGMA data_version", -1, &st, NULL)) != SQLITE_OK)
        return msd_store_fail(s, rc);
    if ((rc = sqlite3_step(st)) == SQLITE_ROW) *v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? MARSAD_OK : msd_store_fail(s, rc);
}
