/* facts.c — all extractors over one text; see facts.h. */
#include "extract/facts.h"

#include <stdlib.h>
#include <string.h>

#include "extract/tokens.h"
#include "marsad.h"

/* Drops the numeric claims that overlap a date. */
static void drop_date_numbers(msd_numbers *ns, const msd_dates *ds)
{
    size_t o = 0;
    for (size_t i = 0; i < ns->n; i++) {
        int inside = 0;
        for (size_t k = 0; k < ds->n && !inside; k++)
            inside = ns->items[i].start < ds->items[k].end && ds->items[k].start < ns->items[i].end;
        if (inside) {
            free(ns->items[i].text);
            free(ns->items[i].unit);
            free(ns->items[i].counted);
        } else {
            ns->items[o++] = ns->items[i];
        }
    }
    ns->n = o;
}

int msd_extract_facts(const char *text, size_t len, const char *ref, msd_facts *out)
{
    msd_xtoks ts; /* one tokenization for every extractor */
    int rc;
    memset(out, 0, sizeof *out);
    rc = msd_xtoks_load(text, len, &ts);
    if (rc) return rc;
    rc = msd_dates_from_tokens(text, &ts, ref, &out->dates);
    if (!rc) rc = msd_numbers_from_tokens(text, len, &ts, &out->numbers);
    msd_xtoks_free(&ts);
    if (rc) {
        msd_facts_clear(out);
        return rc;
    }
    drop_date_numbers(&out->numbers, &out->dates);
    return MARSAD_OK;
}

void msd_facts_clear(msd_facts *f)
{
    msd_numbers_clear(&f->numbers);
    msd_dates_clear(&f->dates);
}
