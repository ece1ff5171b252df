/*
 * facts.h — every extractor over one article body, reconciled: a number inside a date
 * ("قبل 3 سنوات", "6 كانون الأول") is the date's, not a numeric claim.
 */
#ifndef MSD_EXTRACT_FACTS_H
#define MSD_EXTRACT_FACTS_H

#include <stddef.h>

#include "extract/dates.h"
#include "extract/entities.h"
#include "extract/numbers.h"
#include "extract/quotes.h"

#define MSD_FACTS_MAX 10000 /* items of each kind kept per text */

typedef struct msd_facts {
    msd_entities entities;
    msd_quotes quotes;
    msd_numbers numbers;
    msd_dates dates;
    int truncated;     /* some kind had more than MSD_FACTS_MAX items; the first are kept */
    char date[11];     /* the reference day relative dates used: ref, or one the text gave away
                          when ref was NULL (msd_dates_infer_publication); "" when none */
    int date_inferred; /* date came from the text, not from ref: 1; 2 when its year was
                          chosen by a weekday (the date that gave it lists its candidates) */
} msd_facts;

struct marsad_lexicon;

/* Runs the extractors on text[0..len) (valid UTF-8, no NUL) with ref ("YYYY-MM-DD" or
 * NULL) as the date relative expressions resolve against. Without ref, a publication day
 * the text gives away (a weekday with its date) becomes the reference, and out->date
 * says which (the ten-year window of a weekday without year ends at the last year the
 * text writes, else at this year). lx (lexicon.h) holds the
 * names and cue words; entities and quotations need it, and are left out when it is
 * NULL. Release with msd_facts_clear(). Returns MARSAD_OK or MARSAD_ENOMEM. */
int msd_extract_facts(const struct marsad_lexicon *lx, const char *text, size_t len,
                      const char *ref, msd_facts *out);

/* The same on the text's tokens, analyzed already (text/tokens.h: any analyzer with
 * the index normalization rules). ts is only read. */
struct msd_tokens;
int msd_extract_facts_tokens(const struct marsad_lexicon *lx, const char *text, size_t len,
                             const struct msd_tokens *ts, const char *ref, msd_facts *out);

void msd_facts_clear(msd_facts *f);

/* The day a page's publication stamp states ("نُشر في: الثلاثاء 17 نوفمبر 2026 - 01:20
 * م", "آخر تحديث: الأحد ١٥/١١/٢٠٢٦ - ٠٩:٣٠", "2015-08-10 16:09"): its first full
 * Gregorian date, written out or in digits (year first, or day/month/year as Arabic
 * pages write it), not after today. Writes "YYYY-MM-DD" into out and returns 1, or
 * returns 0 and leaves out as it was (also on out of memory: a stamp is a hint). */
int msd_facts_stamp_day(const char *line, size_t len, char out[11]);

/* How f's date was found, as date_source says it (docs/api.md): "given" (ref), "text"
 * (the text gave the day away), "weekday" (…and a weekday chose its year), or NULL when
 * f has no date. Static. */
const char *msd_facts_date_source(const msd_facts *f);

#endif
