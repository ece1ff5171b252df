/*
 * compress.c — article bodies deflated as the catalog keeps them, and the SQL functions
 * the schema uses.
 *
 * The format is the sqlite3 shell's sqlar: a zlib stream (compress2), or the bytes as
 * they are when deflating does not make them smaller; the row keeps the size once
 * inflated beside it. So `sqlar_uncompress(body_z, body_size)` in the plain sqlite3
 * shell reads a body, and the catalog needs no program of ours to be read. zlib rather
 * than zstd for that reason: on SaudiNewsNet the bodies deflate to 36% (docs/store.md).
 * This file registers the same two functions, under the same names, on marsad's own
 * connections (the views and the v3 migration call them), and marsad_sig8, which
 * keeps the low byte of each 32-bit MinHash slot of a v2 signature.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "marsad.h"
#include "store/store_int.h"
#include "util/grow.h"

int msd_store_deflate(const char *body, size_t len, void **out, size_t *out_len)
{
    uLongf zlen = compressBound((uLong)len);
    unsigned char *z = malloc(zlen ? zlen : 1);
    *out = NULL;
    *out_len = 0;
    if (!z) return MARSAD_ENOMEM;
    if (compress2(z, &zlen, (const Bytef *)body, (uLong)len, 6) != Z_OK || zlen >= len) {
        memcpy(z, body, len); /* stored as it is: sqlar's rule */
        zlen = len;
    }
    *out = z;
    *out_len = zlen;
    return MARSAD_OK;
}

/* Whether zlen bytes can hold a body of size bytes: as they are (zlen == size), or
 * deflated, which gains at most 1032:1 (zlib's technical details). A row that says
 * otherwise is damaged: refused before its size is allocated. */
static int inflatable(size_t zlen, size_t size)
{
    return zlen == size || size / 1032 <= zlen;
}

int msd_store_inflate(msd_store *s, const void *z, size_t zlen, size_t size, const char **out)
{
    uLongf got = (uLongf)size;
    int rc;
    /* no body the library stores is past MSD_GROW_DOC_MAX either */
    rc = inflatable(zlen, size)
             ? msd_grow((void **)&s->buf, &s->buf_cap, size + 1, 1, MSD_GROW_DOC_MAX)
             : MARSAD_ETOOBIG;
    if (rc == MARSAD_ETOOBIG) {
        snprintf(s->err, sizeof s->err, "an article's body does not inflate to its size");
        return MARSAD_EFORMAT;
    }
    if (rc) return rc;
    if (zlen == size) {
        if (size) memcpy(s->buf, z, size); /* an empty blob comes back from SQLite as NULL */
    } else if (uncompress((Bytef *)s->buf, &got, z, (uLong)zlen) != Z_OK || got != size) {
        snprintf(s->err, sizeof s->err, "an article's body does not inflate to its size");
        return MARSAD_EFORMAT;
    }
    s->buf[size] = 0;
    *out = s->buf;
    return MARSAD_OK;
}

/* sqlar_compress(X): X deflated when that makes it smaller, else X. */
static void sql_compress(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const void *x = sqlite3_value_blob(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    void *z;
    size_t zlen;
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
    if (msd_store_deflate(x ? x : "", n, &z, &zlen)) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_blob(ctx, z, (int)zlen, free);
}

/* sqlar_uncompress(X, SZ): X inflated to SZ bytes, or X when it has SZ bytes already. */
static void sql_uncompress(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const void *x = sqlite3_value_blob(argv[0]);
    sqlite3_int64 size = sqlite3_value_int64(argv[1]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    uLongf got;
    unsigned char *out;
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
    if (size < 0 || (size_t)size == n) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    if (!inflatable(n, (size_t)size)) {
        sqlite3_result_error(ctx, "sqlar_uncompress: not zlib data of that size", -1);
        return;
    }
    got = (uLongf)size;
    if (!(out = malloc((size_t)size + 1))) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (uncompress(out, &got, x, (uLong)n) != Z_OK) {
        free(out);
        sqlite3_result_error(ctx, "sqlar_uncompress: not zlib data", -1);
        return;
    }
    sqlite3_result_blob(ctx, out, (int)got, free);
}

/* marsad_sig8(X): a v2 signature (little-endian u32 slots) as v3 keeps it: the low byte
 * of each slot. */
static void sql_sig8(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const unsigned char *x = sqlite3_value_blob(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]) / 4;
    unsigned char *out;
    (void)argc;
    if (!x || !n) return;
    if (!(out = malloc(n))) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    for (size_t k = 0; k < n; k++) out[k] = x[4 * k];
    sqlite3_result_blob(ctx, out, (int)n, free);
}

int msd_store_functions(sqlite3 *db)
{
    int f = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    if (sqlite3_create_function(db, "sqlar_compress", 1, f, NULL, sql_compress, NULL, NULL) ||
        sqlite3_create_function(db, "sqlar_uncompress", 2, f, NULL, sql_uncompress, NULL, NULL) ||
        sqlite3_create_function(db, "marsad_sig8", 1, f, NULL, sql_sig8, NULL, NULL))
        return MARSAD_ENOMEM;
    return msd_store_enum_function(db) ? MARSAD_ENOMEM : msd_store_rowsum_function(db);
}
