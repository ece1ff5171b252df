/*
 * search_sets.c — what a search asks of the catalog beyond an article's brief: an
 * outlet's name for the facets, and the articles that name an entity or a speaker for
 * the catalog sets (entity:, speaker:). The contract is in store.h.
 *
 * The statements are prepared per call, not cached in the handle's table: a search asks
 * a few of them per query, and preparing costs microseconds against the pass over the
 * fact table.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "util/grow.h"

int msd_store_source_name(msd_store *s, uint32_t id, char *buf, size_t cap)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, "SELECT name FROM sources WHERE id = ?1", -1, &st, NULL);
    if (rc != SQLITE_OK) return msd_store_fail(s, rc);
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        size_t n = t ? (size_t)sqlite3_column_bytes(st, 0) : 0;
        if (n >= cap) n = cap ? cap - 1 : 0;
        if (cap) {
            if (n) memcpy(buf, t, n);
            buf[n] = '\0';
        }
        rc = MARSAD_OK;
    } else {
        rc = rc == SQLITE_DONE ? MARSAD_END : msd_store_fail(s, rc);
    }
    sqlite3_finalize(st);
    return rc;
}

int msd_store_each_name(msd_store *s, msd_store_name_fn fn, void *ctx)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, "SELECT id, name FROM names", -1, &st, NULL);
    if (rc != SQLITE_OK) return msd_store_fail(s, rc);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 1);
        if (t && fn(ctx, sqlite3_column_int64(st, 0), t, (size_t)sqlite3_column_bytes(st, 1)))
            break;
    }
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? MARSAD_OK : msd_store_fail(s, rc);
    sqlite3_finalize(st);
    return rc;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Looked up by name through the indexes of schema 5 (entities_name, quotes_speaker):
 * entity:داعش read all 490,000 entity rows of SaudiNewsNet in 350 ms before. */
int msd_store_articles_naming(msd_store *s, int speakers, const int64_t *names, size_t n_names,
                              uint32_t **ids, size_t *n)
{
    sqlite3_stmt *st = NULL;
    size_t cap = 0, m = 0;
    int rc;
    *ids = NULL;
    *n = 0;
    if (!n_names) return MARSAD_OK;
    rc = sqlite3_prepare_v2(s->db,
                            speakers ? "SELECT article_id FROM quotes WHERE speaker_id = ?1"
                                     : "SELECT article_id FROM entities WHERE name_id = ?1",
                            -1, &st, NULL);
    if (rc != SQLITE_OK) return msd_store_fail(s, rc);
    rc = MARSAD_OK;
    for (size_t k = 0; !rc && k < n_names; k++) {
        int step;
        sqlite3_bind_int64(st, 1, names[k]);
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t art = sqlite3_column_int64(st, 0);
            if (art <= 0 || art > UINT32_MAX) continue;
            if ((rc = msd_grow((void **)ids, &cap, *n + 1, sizeof **ids, SIZE_MAX / 8))) break;
            (*ids)[(*n)++] = (uint32_t)art;
        }
        if (!rc && step != SQLITE_DONE) rc = msd_store_fail(s, step);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    if (rc) {
        free(*ids);
        *ids = NULL;
        *n = 0;
        return rc;
    }
    if (*n) qsort(*ids, *n, sizeof **ids, cmp_u32); /* ascending and distinct */
    for (size_t k = 0; k < *n; k++)
        if (!m || (*ids)[m - 1] != (*ids)[k]) (*ids)[m++] = (*ids)[k];
    *n = m;
    return MARSAD_OK;
}
