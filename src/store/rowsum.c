/*
 * rowsum.c — a checksum of each article row (schema v4, column articles.rowsum).
 *
 * SQLite checks its b-trees (PRAGMA integrity_check: pages, and every index against its
 * table) but not the bytes of a row: a flipped byte in a title is a different title, read
 * without a word (tests/fault/corrupt.sh met it: 1 catalog flip in 200 changed answers
 * that way). So each row carries marsad_rowsum() of its fixed columns: every column of
 * the field table but those a delete may rewrite (MSD_MUTABLE: the duplicate group and
 * its kind), then body_size; not body_hash, which a rebuild of the index rewrites (it is
 * the analysis's exact-duplicate key, never shown). It is computed by the INSERT itself (its
 * arguments are the statement's own parameters), verified where a row is read for
 * output (a search result's brief, a get) and by marsad check over every row. A row
 * stored before v4 got its sum when the catalog was migrated.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "store/fields.h"
#include "store/store_int.h"

/* crc32 over the arguments, each as a type byte then its bytes (an integer or real as 8
 * little-endian bytes), so that ("ab", NULL) and ("a", "b") differ. */
static void sql_rowsum(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    uLong crc = 0;
    for (int i = 0; i < argc; i++) {
        int type = sqlite3_value_type(argv[i]);
        uint8_t t = (uint8_t)type, b[8];
        uint64_t v = 0;
        crc = crc32(crc, &t, 1);
        switch (type) {
        case SQLITE_INTEGER: v = (uint64_t)sqlite3_value_int64(argv[i]); break;
        case SQLITE_FLOAT: {
            double d = sqlite3_value_double(argv[i]);
            memcpy(&v, &d, 8);
            break;
        }
        case SQLITE_TEXT:
        case SQLITE_BLOB: {
            const void *p = type == SQLITE_TEXT ? (const void *)sqlite3_value_text(argv[i])
                                                : sqlite3_value_blob(argv[i]);
            int n = sqlite3_value_bytes(argv[i]);
            if (n > 0) crc = crc32(crc, p, (uInt)n);
            continue;
        }
        default: continue; /* NULL: its type byte */
        }
        for (int k = 0; k < 8; k++) b[k] = (uint8_t)(v >> (8 * k));
        crc = crc32(crc, b, 8);
    }
    sqlite3_result_int64(ctx, (sqlite3_int64)crc);
}

int msd_store_rowsum_function(sqlite3 *db)
{
    return sqlite3_create_function(db, "marsad_rowsum", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                   NULL, sql_rowsum, NULL, NULL)
               ? MARSAD_ENOMEM
               : MARSAD_OK;
}

int msd_store_rowsum_columns(const char **cols, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < msd_article_nfields; i++) {
        const msd_afield *f = &msd_article_fields[i];
        if (!f->column || (f->flags & MSD_MUTABLE)) continue;
        if (n < cap) cols[n] = f->column;
        n++;
        if (f->kind == MSD_A_BODY && n++ < cap) cols[n - 1] = "body_size";
    }
    return (int)n;
}

int msd_store_rowsum_sql(const char *prefix, char *buf, size_t cap)
{
    const char *cols[64];
    int n = msd_store_rowsum_columns(cols, 64);
    size_t len = (size_t)snprintf(buf, cap, "marsad_rowsum(");
    for (int i = 0; i < n && n <= 64 && len < cap; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%s%s%s", i ? ", " : "", prefix, cols[i]);
    if (len < cap) len += (size_t)snprintf(buf + len, cap - len, ")");
    return n <= 64 && len < cap ? MARSAD_OK : MARSAD_ERANGE;
}
