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

static int has_name(const int64_t *names, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (names[mid] == id) return 1;
        if (names[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

int msd_store_articles_naming(msd_store *s, int speakers, const int64_t *names, size_t n_names,
                              uint32_t **ids, size_t *n)
{
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    int rc;
    *ids = NULL;
    *n = 0;
    if (!n_names) return MARSAD_OK;
    /* both tables are keyed (article_id, n): the rows come in article order */
    rc = sqlite3_prepare_v2(s->db,
                            speakers ? "SELECT article_id, speaker_id FROM quotes"
                                     : "SELECT article_id, name_id FROM entities",
                            -1, &st, NULL);
    if (rc != SQLITE_OK) return msd_store_fail(s, rc);
    rc = MARSAD_OK;
    for (int step; !rc && (step = sqlite3_step(st)) != SQLITE_DONE;) {
        int64_t art, name;
        if (step != SQLITE_ROW) {
            rc = msd_store_fail(s, step);
            break;
        }
        if (sqlite3_column_type(st, 1) == SQLITE_NULL) continue;
        art = sqlite3_column_int64(st, 0);
        name = sqlite3_column_int64(st, 1);
        if (art <= 0 || art > UINT32_MAX || !has_name(names, n_names, name)) continue;
        if (*n && (*ids)[*n - 1] == (uint32_t)art) continue; /* another of its rows */
        if ((rc = msd_grow((void **)ids, &cap, *n + 1, sizeof **ids, SIZE_MAX / 8))) break;
        (*ids)[(*n)++] = (uint32_t)art;
    }
    sqlite3_finalize(st);
    if (rc) {
        free(*ids);
        *ids = NULL;
        *n = 0;
    }
    return rc;
}
