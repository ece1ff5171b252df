/*
 * dates.h — dates in Arabic news text: Gregorian month names in their Egyptian, Gulf and
 * Maghrebi forms (يناير، جوان، غشت …), Levantine and Iraqi names (كانون الثاني، تشرين
 * الأول، with or without ال), paired forms ("تشرين الأول/ أكتوبر"), "من" between day
 * and month, weekdays, years (عام 2015، 2015م), Hijri months and years (converted to
 * Gregorian with the arithmetic Islamic calendar), and relative expressions (اليوم،
 * أمس، أول أمس، غدًا، الأسبوع الماضي، الشهر الماضي، "تشرين الأول الماضي"، "قبل 3
 * سنوات"، a bare weekday) resolved against a reference date when there is one.
 *
 * Values are ISO 8601 at the grain known: "2016-12-06", "2016-12", "2016"; a day and
 * month without a year and without a reference date is "XXXX-12-06". Offsets are code
 * points of the text, end exclusive; `text` is exactly the slice [start, end).
 */
#ifndef MSD_EXTRACT_DATES_H
#define MSD_EXTRACT_DATES_H

#include <stddef.h>

typedef struct msd_date {
    char value[40];       /* "2016-12-06", "XXXX-12-06", "2016-12", "2016" */
    const char *grain;    /* static: "day", "month", "year" */
    const char *calendar; /* static: "gregorian" or "hijri" (as written) */
    int relative;         /* resolved from a relative expression */
    char *text;           /* malloc'd: the slice of the input */
    size_t start, end;    /* code points */
    size_t byte_start, byte_end;
} msd_date;

typedef struct msd_dates {
    msd_date *items;
    size_t n;
} msd_dates;

/* Finds the dates of text[0..len) (valid UTF-8, no NUL). ref is the reference date
 * "YYYY-MM-DD" (the article's publication date) or NULL. The caller releases *out with
 * msd_dates_clear(). Returns MARSAD_OK or MARSAD_ENOMEM. */
int msd_extract_dates(const char *text, size_t len, const char *ref, msd_dates *out);

/* The same on tokens already made by msd_xtoks_load() (extract/tokens.h) from text. */
struct msd_xtoks;
int msd_dates_from_tokens(const char *text, const struct msd_xtoks *tokens, const char *ref,
                          msd_dates *out);

void msd_dates_clear(msd_dates *d);

/* Gregorian date of a Hijri date (arithmetic calendar; within a day or two of the
 * Umm al-Qura calendar Saudi sources use). */
void msd_hijri_to_gregorian(int hy, int hm, int hd, int *y, int *m, int *d);

#endif
