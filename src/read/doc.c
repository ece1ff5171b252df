/* doc.c — the raw document; see doc.h. */
#include "read/doc.h"

#include <stdlib.h>
#include <string.h>

#include "marsad.h"

int msd_doc_set(char **field, const char *s)
{
    free(*field);
    *field = NULL;
    if (!s) return MARSAD_OK;
    *field = msd_strndup(s, strlen(s));
    return *field ? MARSAD_OK : MARSAD_ENOMEM;
}

void msd_doc_clear(msd_doc *d)
{
    free(d->id);
    free(d->url);
    free(d->source);
    free(d->date);
    free(d->title);
    free(d->author);
    free(d->text);
    free(d->origin);
    free(d->lang);
    free(d->extra_json);
    for (size_t i = 0; i < d->n_removed; i++) free(d->removed[i].text);
    free(d->removed);
    memset(d, 0, sizeof *d);
}
