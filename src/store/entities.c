/*
 * entities.c — the archive's entities as a list (`marsad entities`, GET /api/v1/entities):
 * one aggregate query over the entities table joined to names and articles. Nothing is
 * kept between calls: a statement is prepared per call, since the list is asked rarely
 * next to the ingest's statements and a cached one would pin a read snapshot's schema.
 * Errors: the store's (msd_store_fail) with SQLite's message on the handle.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

/* Codes of the field table (store/fields.c): types PERS 1 ORG 2 LOC 3 MISC 4 GPE 5;
 * subtypes GPE 1 LOC 2, so GPE asks for a place whose subtype is GPE too.
 * GROUP BY over (name, type): the canonical name already joins the aliases, the type keeps
 * a person and a place of one spelling apart. LIKE with '\' as its escape, so that a
 * query's own % and _ match themselves. */
static const char sql[] =
    "SELECT nm.name, CASE e.type WHEN 1 THEN 'PERS' WHEN 2 THEN 'ORG' WHEN 3 THEN 'LOC' "
    "WHEN 4 THEN 'MISC' WHEN 5 THEN 'GPE' ELSE 'MISC' END AS t, "
    "count(DISTINCT e.article_id) AS na, count(*) AS nm, min(a.date), max(a.date) "
    "FROM entities e JOIN names nm ON nm.id = e.name_id JOIN articles a ON a.id = e.article_id "
    "WHERE (?1 IS NULL OR nm.name LIKE ?1 ESCAPE '\\') "
    "AND (?2 = 0 OR e.type = ?2 OR (?2 = 5 AND e.subtype = 1)) "
    "GROUP BY nm.id, e.type ORDER BY na DESC, nm DESC, nm.name LIMIT ?3";

/* "%text%" with % _ and \ escaped; malloc'd. */
static char *like_pattern(const char *text)
{
    size_t n = strlen(text), k = 0;
    char *p = malloc(2 * n + 3);
    if (!p) return NULL;
    p[k++] = '%';
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '%' || text[i] == '_' || text[i] == '\\') p[k++] = '\\';
        p[k++] = text[i];
    }
    p[k++] = '%';
    p[k] = 0;
    return p;
}

int msd_store_entities(msd_store *s, const char *contains, int type, size_t limit,
                       msd_store_row_fn fn, void *ctx)
{
    struct msd_store_row row;
    char *pat = NULL;
    int rc, stop = 0;
    if (contains && !(pat = like_pattern(contains))) return MARSAD_ENOMEM;
    if (sqlite3_prepare_v2(s->db, sql, -1, &row.st, NULL) != SQLITE_OK) {
        free(pat);
        return msd_store_fail(s, SQLITE_ERROR);
    }
    msd_store_bind_text(row.st, 1, pat);
    sqlite3_bind_int(row.st, 2, type);
    sqlite3_bind_int64(row.st, 3, limit ? (sqlite3_int64)limit : -1); /* -1: no limit */
    while ((rc = sqlite3_step(row.st)) == SQLITE_ROW)
        if ((stop = fn(ctx, &row))) break;
    rc = stop ? stop : rc == SQLITE_DONE ? MARSAD_OK : msd_store_fail(s, rc);
    sqlite3_finalize(row.st);
    free(pat);
    return rc;
}
