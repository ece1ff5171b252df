/*
 * dates.h — dates in Arabic news text: Gregorian month names in their Egyptian, Gulf and
 * Maghrebi forms (يناير، جوان، غشت …), Levantine and Iraqi names (كانون الثاني، تشرين
 * الأول، with or without ال), paired forms ("تشرين الأول/ أكتوبر"), "من" between day
 * and month, weekdays, years (عام 2015، 2015م), Hijri months and years (converted to
 * Gregorian with the arithmetic Islamic calendar), and relative expressions (اليوم،
 * أمس، أول أمس، غدًا، الأسبوع الماضي، الشهر الماضي، "تشرين الأول الماضي"، "قبل 3
 * سنوات"، a bare weekday) resolved against a reference date when there is one; also
 * ordinal days ("الأول من شباط"), the Nth or last weekday of a month, weekdays with
 * المقبل/الماضي or a future cue, قبل أمس/بعد غد, الشهر المقبل/هذا العام, قبل/بعد N
 * units, dialect words (بكرة، امبارح، النهارده), parts of a month (`part`) and clock
 * times after a day (`time`); docs/extract.md.
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
    int weekday;      /* 0 (Sunday) … 6 written with the date ("الثلاثاء 6 …"), or -1 */
    int year_written; /* the text gives the year (not the reference, nor a weekday) */
    int pub_delta;    /* "أمس الثلاثاء 6 …": days from this date to the day of writing
                         (1; اليوم 0, غدا -1), or INT_MIN when the text does not say */
    const char *part; /* static: "early" (مطلع، أوائل، بداية: days 1-10), "mid" (منتصف،
                         أواسط: 11-20), "late" (أواخر، نهاية: 21 to the end) of the month
                         the value gives, or NULL. Internal: not stored nor in the JSON */
    char time[6]; /* "15:00": a clock time right after the date ("الخميس الساعة
                     الثالثة عصرا"), or "" (stored, and in the JSON as "time") */
    size_t time_start, time_end; /* its code points (outside [start, end)) */
    /* When this date gave an undated article its day and the year was chosen by the
     * weekday alone: every day of the window it may be, latest first, one space
     * between ("2023-05-14 2017-05-14"); else "". Set by msd_extract_facts. */
    char candidates[24];
    char *text;        /* malloc'd: the slice of the input */
    size_t start, end; /* code points */
    size_t byte_start, byte_end;
} msd_date;

typedef struct msd_dates {
    msd_date *items;
    size_t n, cap;
} msd_dates;

/* Finds the dates of text[0..len) (valid UTF-8, no NUL). ref is the reference date
 * "YYYY-MM-DD" (the article's publication date) or NULL. The caller releases *out with
 * msd_dates_clear(). Returns MARSAD_OK or MARSAD_ENOMEM. */
int msd_extract_dates(const char *text, size_t len, const char *ref, msd_dates *out);

/* The same on tokens already made by msd_xtoks_load() (extract/tokens.h) from text. */
struct msd_tokens;
int msd_dates_from_tokens(const char *text, const struct msd_tokens *tokens, const char *ref,
                          msd_dates *out);

void msd_dates_clear(msd_dates *d);

/* How the publication day was found (msd_dates_infer_publication). */
typedef struct msd_pubday {
    char day[11];        /* "YYYY-MM-DD" */
    int by_weekday;      /* the year was chosen by a weekday (the date writes none) */
    size_t from;         /* start of the date it came from (code points) */
    char candidates[24]; /* by_weekday: the days that weekday fits in the window (the ten
                            years up to the anchor), latest first (day among them), one
                            space between; else "" */
} msd_pubday;

/* The publication day a text gives away when its article has no date, from its dates
 * (extracted without a reference), never after today ("YYYY-MM-DD", the day of the
 * run: a later day is a plan). The anchor is the last year the text writes up to
 * today's year (a later year is a plan, "بحلول عام 2050"), or today's year when it
 * writes none.
 *  - a weekday written with its day and month ("الثلاثاء 6 كانون الأول"), one day later
 *    after أمس ("أمس الثلاثاء 6 …" was written on the Wednesday): with its year when the
 *    weekday agrees with it and the year is the anchor (an older year is history: "فجر
 *    الخميس 2 أغسطس 1990"), else the latest of the ten years up to the anchor where that
 *    day falls on that weekday; of several such dates the latest, one that says it is
 *    today, yesterday or tomorrow ("اليوم الاثنين 10 ذو الحجة 1437هـ") first;
 *  - else a full date of the anchor year with no weekday in the first 40 code points (a
 *    dateline: "الرياض 12 أغسطس 2015 -"; further in, a date is an event's).
 * Without a year in the text the weekday fixes the year only within the window: right
 * for today's crawl, a calendar twin eleven years on for an old one (docs/extract.md):
 * such a day is flagged by_weekday, with the other days of the window that fit.
 * Fills *out and returns 1, or returns 0. */
int msd_dates_infer_publication(const msd_dates *ds, const char *today, msd_pubday *out);

/* Gregorian date of a Hijri date (arithmetic calendar; within a day or two of the
 * Umm al-Qura calendar Saudi sources use). */
void msd_hijri_to_gregorian(int hy, int hm, int hd, int *y, int *m, int *d);

#endif
