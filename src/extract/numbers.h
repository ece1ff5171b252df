/*
 * numbers.h — numeric claims in Arabic news text: digits of any kind, number words in
 * their case and gender forms, scales (ألف، مليون، مليار) and fractions, with the
 * hedge before them (نحو، أكثر من، أقل من …), the unit (دولار، بالمئة، كلم مربع) and
 * the counted noun after them (مقاتلا، مدنيين).
 *
 * Numbers that belong to a date (a day before a month name, a year after عام or a
 * month, a year marked م or هـ) are left to the date extractor. Offsets are code points
 * of the text, end exclusive; `text` is exactly the slice [start, end).
 */
#ifndef MSD_EXTRACT_NUMBERS_H
#define MSD_EXTRACT_NUMBERS_H

#include <stddef.h>

typedef struct msd_number {
    double value;
    const char *qualifier; /* static: "eq", "approx", "gt", "lt", "gte", "lte" */
    /* A range ("بين 3 و5"، "من 3 إلى 5 قتلى"، "2-3 أيام") is one claim: value is its low
     * end, the qualifier "gte", and high its high end; high is NAN for any other claim
     * (stored as NULL, left out of the JSON). */
    double high;
    char *unit;        /* malloc'd surface of the unit, or NULL */
    char *counted;     /* malloc'd surface of the counted noun, or NULL */
    char *text;        /* malloc'd: the slice of the input */
    size_t start, end; /* code points */
    size_t byte_start, byte_end;
} msd_number;

typedef struct msd_numbers {
    msd_number *items;
    size_t n, cap;
} msd_numbers;

/* Finds the numeric claims of text[0..len) (valid UTF-8, no NUL) into *out, which the caller
 * releases with msd_numbers_clear(). Returns MARSAD_OK or MARSAD_ENOMEM. */
int msd_extract_numbers(const char *text, size_t len, msd_numbers *out);

/* The same on tokens already made by msd_xtoks_load() (extract/tokens.h) from text, so
 * several extractors share one tokenization. */
struct msd_tokens;
int msd_numbers_from_tokens(const char *text, size_t len, const struct msd_tokens *tokens,
                            msd_numbers *out);

void msd_numbers_clear(msd_numbers *nums);

#endif
