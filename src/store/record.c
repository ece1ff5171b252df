/* record.c — the article record; see record.h. */
#include "store/record.h"

#include <stdlib.h>
#include <string.h>

#include "util/str.h"

int msd_record_set(marsad_article *r, int f, const char *s, size_t n)
{
    char *copy = NULL;
    if (s && !(copy = msd_strndup(s, n))) return MARSAD_ENOMEM;
    free(r->f[f]);
    r->f[f] = copy;
    if (f == MARSAD_FIELD_BODY) r->body_len = copy ? n : 0;
    return MARSAD_OK;
}

void *msd_record_items(const marsad_article *r, int kind, size_t *n)
{
    switch (kind) {
    case MARSAD_REMOVED: *n = r->n_removed; return r->removed;
    case MARSAD_ENTITIES: *n = r->facts.entities.n; return r->facts.entities.items;
    case MARSAD_QUOTES: *n = r->facts.quotes.n; return r->facts.quotes.items;
    case MARSAD_NUMBERS: *n = r->facts.numbers.n; return r->facts.numbers.items;
    case MARSAD_DATES: *n = r->facts.dates.n; return r->facts.dates.items;
    default: *n = 0; return NULL;
    }
}

void msd_record_clear(marsad_article *r)
{
    for (int f = 0; f < MSD_NFIELDS; f++) free(r->f[f]);
    for (size_t i = 0; i < r->n_removed; i++) free(r->removed[i].text);
    free(r->removed);
    msd_facts_clear(&r->facts);
    for (size_t i = 0; i < r->n_dups; i++) {
        free(r->dups[i].id);
        free(r->dups[i].source);
        free(r->dups[i].date);
    }
    free(r->dups);
    memset(r, 0, sizeof *r);
}
