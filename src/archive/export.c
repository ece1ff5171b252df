/*
 * export.c — articles whole with their stories (marsad_archive_export, `marsad export`),
 * and one article's story (marsad_archive_story_of, `marsad show`).
 */
#include <stdlib.h>
#include <string.h>

#include "archive/internal.h"
#include "store/store.h"
#include "util/str.h"

/* One article, by its catalog id (row) and its id (ext, or NULL: read from the row),
 * whole, with its story, to fn. A row gone since its id was read (a delete in between)
 * is skipped. */
static int export_one(msd_archive *a, int64_t row, const char *ext, marsad_export_fn fn, void *ctx)
{
    msd_store_brief br;
    marsad_article *art = NULL;
    int64_t story = 0;
    char *copy = NULL;
    int rc = MARSAD_OK;
    if (!ext) {
        if ((rc = msd_store_brief_of(a->store, row, 0, &br)))
            return rc == MARSAD_END ? MARSAD_OK : rc;
        /* the brief lives until the next read: get reads */
        if (!(ext = copy = msd_strdup(br.ext_id))) return MARSAD_ENOMEM;
    }
    rc = marsad_archive_get(a, ext, &art);
    free(copy);
    if (rc == MARSAD_ENOTFOUND) return MARSAD_OK;
    if (rc) return rc;
    rc = msd_store_story_of(a->store, row, &story);
    if (rc == MARSAD_END) story = 0, rc = MARSAD_OK;
    if (!rc && fn(ctx, art, story)) rc = MARSAD_ESTOP;
    marsad_article_free(art);
    return rc;
}

int marsad_archive_export(marsad_archive *a, const char *query, marsad_export_fn fn, void *ctx,
                          marsad_query_error *err)
{
    int64_t *ids = NULL;
    size_t n = 0;
    int rc;
    if (!a || !fn) return MARSAD_EINVAL;
    if (a->deferred) return MARSAD_OK;
    if (query && *query) {
        marsad_search_options o;
        marsad_results *res = NULL;
        marsad_search_options_init(&o);
        o.limit = 10000;
        o.all = 1;
        o.snippet_chars = 0;
        o.sort = MARSAD_SORT_OLDEST;
        if ((rc = marsad_search(a, query, strlen(query), &o, &res, err))) return rc;
        for (size_t i = 0; !rc && i < marsad_results_count(res); i++) {
            const char *ext = marsad_results_hit(res, i)->id;
            int64_t row;
            rc = msd_store_find_ext(a->store, ext, &row);
            if (rc == MARSAD_END)
                rc = MARSAD_OK; /* deleted since */
            else if (!rc)
                rc = export_one(a, row, ext, fn, ctx);
        }
        marsad_results_free(res);
    } else {
        if ((rc = msd_store_ids(a->store, &ids, &n))) return rc;
        for (size_t i = 0; !rc && i < n; i++) rc = export_one(a, ids[i], NULL, fn, ctx);
        free(ids);
    }
    if (rc == MARSAD_EIO && !a->err[0])
        msd_archive_fail(a, rc, "%s: %s", a->path, msd_store_error(a->store));
    return rc;
}

int marsad_archive_story_of(marsad_archive *a, const char *id, int64_t *story)
{
    int64_t row;
    int rc;
    *story = 0;
    if (!a || !id) return MARSAD_EINVAL;
    if (a->deferred) return MARSAD_ENOTFOUND;
    rc = msd_store_find_ext(a->store, id, &row);
    if (!rc) rc = msd_store_story_of(a->store, row, story);
    if (rc == MARSAD_END) return MARSAD_ENOTFOUND;
    if (rc) msd_archive_fail(a, rc, "%s: %s", a->path, msd_store_error(a->store));
    return rc;
}
