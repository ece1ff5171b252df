/*
 * entities.c — marsad_archive_entities: the archive's named entities counted over every
 * article (the contract is in marsad.h; its JSON is in json.c). The counting is one
 * catalog query (store/entities.c); here the type is checked and the dates put in the
 * article JSON's form. The strings handed to the callback live during the call.
 */
#include <string.h>

#include "archive/internal.h"
#include "store/store.h"
#include "util/date.h"

struct each {
    marsad_entity_fn fn;
    void *ctx;
};

static int entity_row(void *ctx, const msd_store_row *r)
{
    struct each *x = ctx;
    char d0[11], d1[11];
    const char *first = msd_row_text(r, 4), *last = msd_row_text(r, 5);
    marsad_story_entity e = {.canonical = msd_row_text(r, 0),
                             .type = msd_row_text(r, 1),
                             .articles = (uint64_t)msd_row_int(r, 2),
                             .mentions = (uint64_t)msd_row_int(r, 3),
                             .first = first ? msd_date_iso(first, d0) : NULL,
                             .last = last ? msd_date_iso(last, d1) : NULL};
    if (!e.canonical) return 0;
    return x->fn(x->ctx, &e) ? MARSAD_ESTOP : 0;
}

int marsad_archive_entities(marsad_archive *a, const char *query, const char *type, size_t limit,
                            marsad_entity_fn fn, void *ctx)
{
    /* the codes of the field table's entity types (store/fields.c) */
    static const char *const types[] = {"PERS", "ORG", "LOC", "MISC", "GPE"};
    struct each x = {fn, ctx};
    int code = 0, rc;
    if (!a || !fn) return MARSAD_EINVAL;
    if (type) {
        for (size_t i = 0; i < sizeof types / sizeof types[0] && !code; i++)
            if (!strcmp(type, types[i])) code = (int)i + 1;
        if (!code) return msd_archive_fail(a, MARSAD_EINVAL, "unknown entity type '%s'", type);
    }
    if (a->deferred || !a->store) return MARSAD_OK; /* no archive yet: no entities */
    rc = msd_store_entities(a->store, query && *query ? query : NULL, code, limit, entity_row, &x);
    if (rc && rc != MARSAD_ESTOP && rc != MARSAD_ENOMEM)
        msd_archive_fail(a, rc, "%s: %s", a->path, msd_store_error(a->store));
    return rc;
}
