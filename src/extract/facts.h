/*
 * facts.h — every extractor over one article body, reconciled: a number inside a date
 * ("قبل 3 سنوات", "6 كانون الأول") is the date's, not a numeric claim.
 */
#ifndef MSD_EXTRACT_FACTS_H
#define MSD_EXTRACT_FACTS_H

#include <stddef.h>

#include "extract/dates.h"
#include "extract/numbers.h"

typedef struct msd_facts {
    msd_numbers numbers;
    msd_dates dates;
} msd_facts;

/* Runs the extractors on text[0..len) (valid UTF-8, no NUL) with ref ("YYYY-MM-DD" or
 * NULL) as the date relative expressions resolve against. Release with
 * msd_facts_clear(). Returns MARSAD_OK or MARSAD_ENOMEM. */
int msd_extract_facts(const char *text, size_t len, const char *ref, msd_facts *out);

void msd_facts_clear(msd_facts *f);

#endif
