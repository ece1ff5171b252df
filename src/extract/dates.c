/*
 * dates.c — dates and relative time expressions; the contract is in dates.h.
 *
 * Patterns, tried at each token (the longest that fits wins):
 *   weekday? day (من)? month (/ month)? year? (م|هـ)?     "الثلاثاء 6 كانون الأول"
 *   month (/ month)? year (م|هـ)?                          "تشرين الأول/ أكتوبر 2016"
 *   month / month                                          "تشرين الأول/ أكتوبر"
 *   month (الماضي|المقبل)                                  "تشرين الأول الماضي"
 *   (عام|العام|منذ …) year, year م                         "عام 2015", "2015م"
 *   relative words                                         "أمس", "قبل 3 سنوات"
 *   ordinal من month                                       "الحادي والعشرين من أكتوبر"
 *   Nth/last weekday من month|الشهر                        "أول جمعة من شهر مايو"
 *   part word + month                                      "مطلع الشهر المقبل"
 *   weekday (المقبل|الماضي)?, with a future cue before    "سيزور … الثلاثاء"
 *   (قبل|بعد) count unit                                   "بعد ثلاثة أيام"
 * and after a day, a clock time                            "الساعة الثالثة عصرا"
 * A month name alone is not a date: مارس is also a verb, آب a father, رمضان a name.
 *
 * Calendar arithmetic: days since 1970-01-01 from a civil date and back (the usual
 * era-based formulas), Hijri through the Julian day number of the arithmetic Islamic
 * calendar.
 */
#include "extract/dates.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/tokens.h"
#include "marsad.h"
#include "util/date.h"
#include "util/grow.h"
#include "util/str.h"

/* ---- Calendar arithmetic --------------------------------------------------------------- */

static long days_from_civil(long y, int m, int d)
{
    long era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    long era, doe, yoe, doy, mp, yy;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    yy = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

void msd_hijri_to_gregorian(int hy, int hm, int hd, int *y, int *m, int *d)
{
    /* Julian day of the arithmetic Islamic calendar; JD 2440588 is 1970-01-01 */
    long jd = (11L * hy + 3) / 30 + 354L * hy + 30L * hm - (hm - 1) / 2 + hd + 1948440 - 385;
    civil_from_days(jd - 2440588, y, m, d);
}

/* 0 = Sunday (الأحد) … 6 = Saturday */
static int weekday_of(long days)
{
    return (int)(((days % 7) + 11) % 7);
}

/* ---- Lexicon (index form) ------------------------------------------------------------ */

struct month {
    const char *w; /* one or two words */
    int m;
    int hijri;
    int weak; /* also an ordinary word: a date only with a day or a year */
};

static const struct month months[] = {
    {"كانون الثاني", 1, 0, 0},  {"كانون ثاني", 1, 0, 0},   {"كانون الاول", 12, 0, 0},
    {"كانون اول", 12, 0, 0},    {"تشرين الاول", 10, 0, 0}, {"تشرين اول", 10, 0, 0},
    {"تشرين الثاني", 11, 0, 0}, {"تشرين ثاني", 11, 0, 0},  {"يناير", 1, 0, 0},
    {"جانفي", 1, 0, 0},         {"فيفري", 2, 0, 0},        {"افريل", 4, 0, 0},
    {"يوليه", 7, 0, 0},         {"فبراير", 2, 0, 0},       {"مارس", 3, 0, 1},
    {"ابريل", 4, 0, 0},         {"مايو", 5, 0, 0},         {"ماي", 5, 0, 1},
    {"يونيو", 6, 0, 0},         {"يونيه", 6, 0, 0},        {"جوان", 6, 0, 0},
    {"يوليو", 7, 0, 0},         {"يوليوز", 7, 0, 0},       {"جويليه", 7, 0, 0},
    {"اغسطس", 8, 0, 0},         {"غشت", 8, 0, 0},          {"اوت", 8, 0, 0},
    {"سبتمبر", 9, 0, 0},        {"شتنبر", 9, 0, 0},        {"اكتوبر", 10, 0, 0},
    {"نوفمبر", 11, 0, 0},       {"نونبر", 11, 0, 0},       {"ديسمبر", 12, 0, 0},
    {"دجنبر", 12, 0, 0},        {"شباط", 2, 0, 0},         {"اذار", 3, 0, 0},
    {"نيسان", 4, 0, 0},         {"ايار", 5, 0, 0},         {"حزيران", 6, 0, 0},
    {"تموز", 7, 0, 0},          {"اب", 8, 0, 1},           {"ايلول", 9, 0, 0},
    {"ربيع الاول", 3, 1, 0},    {"ربيع الاخر", 4, 1, 0},   {"ربيع الثاني", 4, 1, 0},
    {"جمادي الاولي", 5, 1, 0},  {"جمادي الاخره", 6, 1, 0}, {"جمادي الثانيه", 6, 1, 0},
    {"ذو القعده", 11, 1, 0},    {"ذي القعده", 11, 1, 0},   {"ذو الحجه", 12, 1, 0},
    {"ذي الحجه", 12, 1, 0},     {"محرم", 1, 1, 1},         {"صفر", 2, 1, 1},
    {"رجب", 7, 1, 1},           {"شعبان", 8, 1, 1},        {"رمضان", 9, 1, 1},
    {"شوال", 10, 1, 1},
};

static const char *const weekdays[] = {"الاحد",  "الاثنين", "الثلاثاء", "الاربعاء",
                                       "الخميس", "الجمعه",  "السبت"};
static const char *const year_lead[] = {"عام",  "العام", "سنه",   "السنه", "منذ",   "حتي",
                                        "مطلع", "اواخر", "اواءل", "نهايه", "بدايه", "خلال"};

/* First words of every pattern: a token that is none of these (after a proclitic) and
 * not a number starts no date, which spares the phrase matching on most tokens. */
static const char *const starters[] = {
    /* sorted by bytes, for bsearch */
    "اب",      "ابريل",    "اخر",      "اذار",     "اغسطس",   "افريل",  "اكتوبر", "الاثنين",
    "الاحد",   "الاربعاء", "الاسبوع",  "الاول",    "البارحه", "التاسع", "الثالث", "الثامن",
    "الثاني",  "الثلاثاء", "الثلاثون", "الثلاثين", "الجمعه",  "الحادي", "الخامس", "الخميس",
    "الرابع",  "السابع",   "السادس",   "السبت",    "السنه",   "الشهر",  "العاشر", "العام",
    "العشرون", "العشرين",  "النهارده", "اليوم",    "امبارح",  "امس",    "اواءل",  "اواخر",
    "اواسط",   "اوت",      "اول",      "ايار",     "ايلول",   "بدايه",  "بعد",    "بكره",
    "تشرين",   "تموز",     "ثالث",     "ثاني",     "جانفي",   "جمادي",  "جوان",   "جويليه",
    "حتي",     "حزيران",   "خامس",     "خلال",     "دجنبر",   "ديسمبر", "ذو",     "ذي",
    "رابع",    "ربيع",     "رجب",      "رمضان",    "سبتمبر",  "سنه",    "شباط",   "شتنبر",
    "شعبان",   "شوال",     "صفر",      "عام",      "غد",      "غدا",    "غشت",    "فبراير",
    "فيفري",   "قبل",      "كانون",    "مارس",     "ماي",     "مايو",   "محرم",   "مطلع",
    "منتصف",   "منذ",      "نهايه",    "نوفمبر",   "نونبر",   "نيسان",  "هذا",    "هذه",
    "يناير",   "يوليه",    "يوليو",    "يوليوز",   "يونيه",   "يونيو",
};

static int by_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int may_start(const struct msd_tok *t)
{
    const char *w = t->norm;
    if (t->kind == MARSAD_TOKEN_NUMBER) return 1;
    for (int strip = 0; strip < 2; strip++) {
        if (bsearch(&w, starters, sizeof starters / sizeof starters[0], sizeof starters[0], by_str))
            return 1;
        if (strncmp(w, "و", 2) && strncmp(w, "ب", 2) && strncmp(w, "ل", 2) && strncmp(w, "ف", 2))
            return 0;
        w += 2;
    }
    return 0;
}

/* The month spelled at token i (longest first); sets *words. */
static const struct month *month_at(const msd_tokens *ts, size_t i, size_t *words)
{
    const struct month *best = NULL;
    size_t bw = 0;
    for (size_t k = 0; k < sizeof months / sizeof months[0]; k++) {
        size_t w = msd_xtok_phrase(ts, i, months[k].w);
        if (w > bw) {
            best = &months[k];
            bw = w;
        }
    }
    *words = bw;
    return best;
}

static int weekday_at(const msd_tokens *ts, size_t i)
{
    /* "الأحد عشر": the numeral eleven, not Sunday */
    if (msd_xtok_phrase(ts, i, "الاحد") &&
        (msd_xtok_is(ts, i + 1, "عشر") || msd_xtok_is(ts, i + 1, "عشره")))
        return -1;
    for (int k = 0; k < 7; k++)
        if (msd_xtok_phrase(ts, i, weekdays[k])) return k;
    return -1;
}

static int number_at(const msd_tokens *ts, size_t i, int lo, int hi)
{
    char *end;
    long v;
    if (i >= ts->n || ts->t[i].kind != MARSAD_TOKEN_NUMBER) return -1;
    v = strtol(ts->t[i].norm, &end, 10);
    if (*end || v < lo || v > hi) return -1;
    return (int)v;
}

/* ---- Results ---------------------------------------------------------------------------- */

struct ref {
    int ok;
    long days;
    int y, m, d;
};

struct found { /* what a pattern read */
    char value[40];
    const char *grain;
    int hijri, relative, weekday, year_written, pub_delta;
    const char *part;
};

static int emit(msd_dates *out, const char *text, const msd_tokens *ts, size_t first, size_t last,
                const struct found *f)
{
    msd_date *d;
    int rc =
        msd_grow((void **)&out->items, &out->cap, out->n + 1, sizeof *out->items, MSD_GROW_DOC_MAX);
    if (rc) return rc;
    d = &out->items[out->n];
    memset(d, 0, sizeof *d);
    snprintf(d->value, sizeof d->value, "%s", f->value);
    d->grain = f->grain;
    d->calendar = f->hijri ? "hijri" : "gregorian";
    d->relative = f->relative;
    d->weekday = f->weekday;
    d->year_written = f->year_written;
    d->pub_delta = f->pub_delta;
    d->part = f->part;
    d->byte_start = ts->t[first].b0;
    d->byte_end = ts->t[last].b1;
    d->start = ts->t[first].c0;
    d->end = ts->t[last].c1;
    d->text = msd_strndup(text + d->byte_start, d->byte_end - d->byte_start);
    out->n++;
    return d->text ? MARSAD_OK : MARSAD_ENOMEM;
}

static void fmt_day(char *buf, int y, int m, int d)
{
    if (y > 0)
        snprintf(buf, 40, "%04d-%02d-%02d", y, m, d);
    else
        snprintf(buf, 40, "XXXX-%02d-%02d", m, d);
}

/* A year the text leaves out: the reference's, or the year before when the month is
 * still to come in it (news reports the past). */
static int infer_year(const struct ref *r, int m, int d)
{
    if (!r->ok) return 0;
    return (m > r->m || (m == r->m && d > r->d)) ? r->y - 1 : r->y;
}

/* ---- Patterns ---------------------------------------------------------------------------- */

/* The year for a day and month the text gives with its weekday but no year: of the
 * years around the reference, the one where that day falls on that weekday, nearest
 * the reference ("الثلاثاء 6 كانون الأول" in an article of 2016-11-20 is 2016-12-06). */
static int year_by_weekday(const struct ref *r, int wd, int m, int d)
{
    int best = 0;
    long best_dist = 0;
    if (!r->ok || wd < 0) return 0;
    for (int y = r->y - 1; y <= r->y + 1; y++) {
        long days = days_from_civil(y, m, d), dist = labs(days - r->days);
        if (weekday_of(days) == wd && (!best || dist < best_dist)) {
            best = y;
            best_dist = dist;
        }
    }
    return best;
}

/* Ordinal day numbers, masculine (اليوم الأول): "الأول", "الثالث عشر", "الحادي والعشرين". */
static const char *const ordinals[] = {"الاول",  "الثاني", "الثالث", "الرابع", "الخامس",
                                       "السادس", "السابع", "الثامن", "التاسع", "العاشر"};

/* The day an ordinal at token i spells (1 … 31); sets *words, or returns 0. */
static int ordinal_at(const msd_tokens *ts, size_t i, size_t *words)
{
    int unit = 0;
    if (msd_xtok_phrase(ts, i, "الحادي")) unit = 1;
    for (int k = 1; k < 9 && !unit; k++) /* الثاني … التاسع */
        if (msd_xtok_phrase(ts, i, ordinals[k])) unit = k + 1;
    if (unit) {
        *words = 2;
        if (msd_xtok_is(ts, i + 1, "عشر")) return 10 + unit;
        if (msd_xtok_is(ts, i + 1, "والعشرين") || msd_xtok_is(ts, i + 1, "والعشرون"))
            return 20 + unit;
        if (unit == 1 &&
            (msd_xtok_is(ts, i + 1, "والثلاثين") || msd_xtok_is(ts, i + 1, "والثلاثون")))
            return 31;
        *words = 1;
        return unit == 1 ? 0 : unit; /* الحادي alone is no day */
    }
    *words = 1;
    if (msd_xtok_phrase(ts, i, "الاول")) return 1;
    if (msd_xtok_phrase(ts, i, "العاشر")) return 10;
    if (msd_xtok_phrase(ts, i, "العشرين") || msd_xtok_phrase(ts, i, "العشرون")) return 20;
    if (msd_xtok_phrase(ts, i, "الثلاثين") || msd_xtok_phrase(ts, i, "الثلاثون")) return 30;
    *words = 0;
    return 0;
}

/* An explicit date at token i (wd: the weekday before it, or -1); returns the last token
 * used or (size_t)-1. */
static size_t absolute(const msd_tokens *ts, size_t i, int wd, const struct ref *r, char *value,
                       const char **grain, int *hijri, int *year_written, int *rel)
{
    size_t j = i, w = 0;
    int day = number_at(ts, j, 1, 31), year = -1, marked_h = 0;
    const struct month *mo, *mo2;
    if (day > 0) {
        j++;
        if (msd_xtok_is(ts, j, "من")) j++;
    } else if (wd < 0 && (day = ordinal_at(ts, j, &w)) > 0) {
        /* "الأول من شباط": an ordinal only with من ("الأحد الأول من" is a weekday's) */
        if (!msd_xtok_is(ts, j + w, "من")) return (size_t)-1;
        j += w + 1;
    }
    mo = month_at(ts, j, &w);
    if (!mo) return (size_t)-1;
    j += w;
    /* a paired name: "تشرين الأول/ أكتوبر" (the slash is not a token) */
    mo2 = month_at(ts, j, &w);
    if (mo2 && mo2->m == mo->m && mo2->hijri == mo->hijri) j += w;
    year = number_at(ts, j, mo->hijri ? 1300 : 1900, mo->hijri ? 1600 : 2100);
    if (year <= 0 && day > 0 && wd < 0 && !mo->hijri && r->ok &&
        (msd_xtok_is(ts, j, "المقبل") || msd_xtok_is(ts, j, "القادم"))) {
        /* "الخامس عشر من تشرين الثاني/ نوفمبر المقبل": the next such day */
        year = (mo->m > r->m || (mo->m == r->m && day > r->d)) ? r->y : r->y + 1;
        fmt_day(value, year, mo->m, day);
        *grain = "day";
        *hijri = 0;
        *year_written = 0;
        *rel = 1;
        return j;
    }
    if (year <= 0 && day > 0 && wd < 0 && !mo->hijri && r->ok && msd_xtok_is(ts, j, "الماضي")) {
        fmt_day(value, infer_year(r, mo->m, day), mo->m, day); /* "5 أيار الماضي" */
        *grain = "day";
        *hijri = 0;
        *year_written = 0;
        *rel = 1;
        return j;
    }
    if (year > 0) {
        j++;
        if (msd_xtok_is(ts, j, "م"))
            j++;
        else if (msd_xtok_is(ts, j, "ه"))
            j++, marked_h = 1;
    }
    (void)marked_h;
    *year_written = year > 0;
    if (mo->weak && day <= 0 && year <= 0) return (size_t)-1;
    if (day <= 0 && year <= 0 && !mo2) return (size_t)-1; /* a month alone */
    *hijri = mo->hijri;
    if (mo->hijri) {
        int gy, gm, gd;
        if (year <= 0) return (size_t)-1; /* a Hijri month without its year: unknown */
        msd_hijri_to_gregorian(year, mo->m, day > 0 ? day : 1, &gy, &gm, &gd);
        if (day > 0) {
            fmt_day(value, gy, gm, gd);
            *grain = "day";
        } else {
            snprintf(value, 40, "%04d-%02d", gy, gm);
            *grain = "month";
        }
        return j - 1;
    }
    if (day > 0) {
        int y = year > 0 ? year : year_by_weekday(r, wd, mo->m, day);
        fmt_day(value, y > 0 ? y : infer_year(r, mo->m, day), mo->m, day);
        *grain = "day";
    } else if (year > 0) {
        snprintf(value, 40, "%04d-%02d", year, mo->m);
        *grain = "month";
    } else {
        int y = infer_year(r, mo->m, 1);
        if (y > 0)
            snprintf(value, 40, "%04d-%02d", y, mo->m);
        else
            snprintf(value, 40, "XXXX-%02d", mo->m);
        *grain = "month";
    }
    return j - 1;
}

static void shift_days(const struct ref *r, long delta, char *value)
{
    int y, m, d;
    civil_from_days(r->days + delta, &y, &m, &d);
    fmt_day(value, y, m, d);
}

/* The duals of time units: "قبل شهرين" is two months ago. */
static const struct {
    const char *w;
    char unit; /* d, w, m, y */
} duals[] = {{"يومين", 'd'}, {"اسبوعين", 'w'}, {"شهرين", 'm'}, {"سنتين", 'y'}, {"عامين", 'y'}};

/* Units after a count: "3 أيام", "ثلاثة أسابيع", "10 سنوات"; the singulars also alone
 * ("قبل أسبوع"). */
static const struct {
    const char *w;
    char unit;
    int single; /* the singular: one unit without a count */
} units[] = {{"ايام", 'd', 0},   {"يوما", 'd', 0},  {"يوم", 'd', 1},   {"اسابيع", 'w', 0},
             {"اسبوعا", 'w', 0}, {"اسبوع", 'w', 1}, {"اشهر", 'm', 0},  {"شهور", 'm', 0},
             {"شهرا", 'm', 0},   {"شهر", 'm', 1},   {"سنوات", 'y', 0}, {"اعوام", 'y', 0},
             {"سنين", 'y', 0},   {"عاما", 'y', 0},  {"سنه", 'y', 1},   {"عام", 'y', 1}};

/* Counts in words, three to ten (masculine and feminine). */
static const char *const counts[] = {"ثلاثه", "ثلاث", "اربعه", "اربع", "خمسه",   "خمس",
                                     "سته",   "ست",   "سبعه",  "سبع",  "ثمانيه", "ثماني",
                                     "تسعه",  "تسع",  "عشره",  "عشر"};

static int unit_at(const msd_tokens *ts, size_t i, int single)
{
    for (size_t k = 0; i < ts->n && k < sizeof units / sizeof units[0]; k++)
        if ((!single || units[k].single) && !strcmp(ts->t[i].norm, units[k].w))
            return units[k].unit;
    return 0;
}

static void shift_months(const struct ref *r, long delta, char *value)
{
    long mm = (long)r->y * 12 + (r->m - 1) + delta;
    snprintf(value, 40, "%04ld-%02ld", mm / 12, mm % 12 + 1);
}

/* "قبل 3 أيام", "بعد ثلاثة أسابيع", "قبل أسبوع", "بعد شهرين" at token i (قبل or بعد):
 * n units back (sign -1) or on (+1) from the reference. */
static size_t offset(const msd_tokens *ts, size_t i, int sign, const struct ref *r, char *value,
                     const char **grain)
{
    int n = 0, u = 0;
    size_t j = i + 1;
    if ((n = number_at(ts, j, 1, 100)) > 0)
        u = unit_at(ts, ++j, 0);
    else if (j < ts->n && msd_in_list(ts->t[j].norm, counts, sizeof counts / sizeof counts[0])) {
        for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++)
            if (!strcmp(ts->t[j].norm, counts[k])) n = 3 + (int)k / 2;
        u = unit_at(ts, ++j, 0);
    } else {
        for (size_t k = 0; !u && k < sizeof duals / sizeof duals[0]; k++)
            if (msd_xtok_is(ts, j, duals[k].w)) n = 2, u = duals[k].unit;
        if (!u && (u = unit_at(ts, j, 1))) {
            n = 1;
            /* "قبل عام 2015", "بعد شهر رمضان": not an offset */
            size_t w;
            if (j + 1 < ts->n && ts->t[j + 1].kind == MARSAD_TOKEN_NUMBER) return (size_t)-1;
            if (month_at(ts, j + 1, &w)) return (size_t)-1;
        }
    }
    if (!u) return (size_t)-1;
    /* "قبل يوم الجمعة", "بعد ثلاثة أيام من الانتخابات": counted from another day */
    if (weekday_at(ts, j + 1) >= 0 || msd_xtok_is(ts, j + 1, "من") || msd_xtok_is(ts, j + 1, "علي"))
        return (size_t)-1;
    if (u == 'd' || u == 'w') {
        shift_days(r, (long)sign * n * (u == 'd' ? 1 : 7), value);
        *grain = "day";
    } else if (u == 'm') {
        shift_months(r, (long)sign * n, value);
        *grain = "month";
    } else {
        snprintf(value, 40, "%04d", r->y + sign * n);
        *grain = "year";
    }
    return j;
}

/* A cue before token i that a bare weekday is to come: سوف, or a verb with the future
 * prefix سـ ("سيعقد", "ستجري", "سنلتقي") among the three tokens before. */
static int future_cue(const msd_tokens *ts, size_t i)
{
    static const char *const not_verbs[] = {
        "سياره", "سيارات", "سياسه",    "سياسي", "سياسيه", "سياسات",  "سياسيون", "سياسيين",
        "سيده",  "سيدات",  "سيناء",    "سنه",   "سنوات",  "سنين",    "سته",     "ستين",
        "ستون",  "ستار",   "سنغافوره", "سيول",  "سيطره",  "سيناريو", "سنويا",   "سنوي"};
    for (size_t k = 1; k <= 3 && k <= i; k++) {
        const char *w = ts->t[i - k].norm;
        if (!strcmp(w, "سوف")) return 1;
        if (strlen(w) >= 8 &&
            (!strncmp(w, "سي", 4) || !strncmp(w, "ست", 4) || !strncmp(w, "سن", 4)) &&
            !msd_in_list(w, not_verbs, sizeof not_verbs / sizeof not_verbs[0]))
            return 1;
    }
    return 0;
}

/* A relative expression at token i, resolved against r (which must be known).
 * after_date: a date ends just before ("11 فبراير بعد 18 يوما" is a duration). */
static size_t relative(const msd_tokens *ts, size_t i, const struct ref *r, int after_date,
                       char *value, const char **grain)
{
    size_t w;
    int wd;
    if (!r->ok) return (size_t)-1;
    if ((w = msd_xtok_phrase(ts, i, "اول امس")) || (w = msd_xtok_phrase(ts, i, "قبل امس")) ||
        (w = msd_xtok_phrase(ts, i, "اول من امس")) || (w = msd_xtok_phrase(ts, i, "امس الاول"))) {
        shift_days(r, -2, value);
        *grain = "day";
        return weekday_at(ts, i + w) >= 0 ? i + w : i + w - 1; /* "أول أمس الجمعة" */
    }
    if ((w = msd_xtok_phrase(ts, i, "بعد غد")) || (w = msd_xtok_phrase(ts, i, "بعد غدا"))) {
        shift_days(r, 2, value);
        *grain = "day";
        return weekday_at(ts, i + w) >= 0 ? i + w : i + w - 1; /* "بعد غد الثلاثاء" */
    }
    if (msd_xtok_phrase(ts, i, "امس") || msd_xtok_phrase(ts, i, "البارحه") ||
        msd_xtok_phrase(ts, i, "امبارح")) {
        shift_days(r, -1, value);
        *grain = "day";
        return weekday_at(ts, i + 1) >= 0 ? i + 1 : i; /* "أمس السبت" */
    }
    if (msd_xtok_is(ts, i, "اليوم") || msd_xtok_phrase(ts, i, "النهارده")) {
        shift_days(r, 0, value);
        *grain = "day";
        return weekday_at(ts, i + 1) >= 0 ? i + 1 : i; /* "اليوم الأحد" */
    }
    if (msd_xtok_is(ts, i, "غدا") || msd_xtok_is(ts, i, "غد") || msd_xtok_phrase(ts, i, "بكره")) {
        shift_days(r, 1, value);
        *grain = "day";
        return weekday_at(ts, i + 1) >= 0 ? i + 1 : i;
    }
    if ((w = msd_xtok_phrase(ts, i, "الاسبوع الماضي"))) {
        shift_days(r, -7, value);
        *grain = "week";
        return i + w - 1;
    }
    if ((w = msd_xtok_phrase(ts, i, "الاسبوع المقبل")) ||
        (w = msd_xtok_phrase(ts, i, "الاسبوع القادم"))) {
        shift_days(r, 7, value);
        *grain = "week";
        return i + w - 1;
    }
    {
        static const struct {
            const char *w;
            char unit;
            int delta;
        } rel[] = {{"الشهر الماضي", 'm', -1}, {"الشهر المقبل", 'm', 1},   {"الشهر القادم", 'm', 1},
                   {"الشهر الجاري", 'm', 0},  {"الشهر الحالي", 'm', 0},   {"هذا الشهر", 'm', 0},
                   {"العام الماضي", 'y', -1}, {"السنه الماضيه", 'y', -1}, {"العام المقبل", 'y', 1},
                   {"العام القادم", 'y', 1},  {"السنه المقبله", 'y', 1},  {"السنه القادمه", 'y', 1},
                   {"العام الجاري", 'y', 0},  {"العام الحالي", 'y', 0},   {"السنه الجاريه", 'y', 0},
                   {"السنه الحاليه", 'y', 0}, {"هذا العام", 'y', 0},      {"هذه السنه", 'y', 0}};
        for (size_t k = 0; k < sizeof rel / sizeof rel[0]; k++) {
            if (!(w = msd_xtok_phrase(ts, i, rel[k].w))) continue;
            if (rel[k].unit == 'm') {
                shift_months(r, rel[k].delta, value);
                *grain = "month";
            } else {
                snprintf(value, 40, "%04d", r->y + rel[k].delta);
                *grain = "year";
            }
            return i + w - 1;
        }
    }
    /* قبل N سنوات / أيام / أشهر, بعد ثلاثة أسابيع */
    if (msd_xtok_phrase(ts, i, "قبل") || msd_xtok_phrase(ts, i, "منذ")) /* منذ: since */
        return offset(ts, i, -1, r, value, grain);
    if (msd_xtok_phrase(ts, i, "بعد"))
        return after_date ? (size_t)-1 : offset(ts, i, 1, r, value, grain);
    /* a weekday: with المقبل/القادم the next one after the reference, with الماضي the one
     * before it; bare, the last on or before the reference unless a future cue (سوف, a
     * verb with سـ) comes before it: then the next after */
    if ((wd = weekday_at(ts, i)) >= 0) {
        int today = weekday_of(r->days);
        int fwd = (wd - today + 7) % 7, back = (today - wd + 7) % 7;
        const char *nx = i + 1 < ts->n ? ts->t[i + 1].norm : "";
        if (!strcmp(nx, "المقبل") || !strcmp(nx, "القادم") || !strcmp(nx, "المقبله") ||
            !strcmp(nx, "القادمه")) {
            shift_days(r, fwd ? fwd : 7, value);
            *grain = "day";
            return i + 1;
        }
        if (!strcmp(nx, "الماضي") || !strcmp(nx, "الماضيه")) {
            shift_days(r, -(back ? back : 7), value);
            *grain = "day";
            return i + 1;
        }
        shift_days(r, future_cue(ts, i) ? (fwd ? fwd : 7) : -back, value);
        *grain = "day";
        return i;
    }
    return (size_t)-1;
}

/* "أول جمعة من شهر مايو", "الخميس الأخير من أيار 2016", "آخر خميس من الشهر": the Nth
 * or last weekday of a Gregorian month (named, or the reference's: الشهر, هذا الشهر,
 * الشهر المقبل/الماضي). Sets *rel when the month is the reference's. */
static size_t nth_weekday(const msd_tokens *ts, size_t i, const struct ref *r, char *value,
                          const char **grain, int *rel, int *year_written)
{
    static const char *const bare[] = {"احد", "اثنين", "ثلاثاء", "اربعاء", "خميس", "جمعه", "سبت"};
    static const struct {
        const char *w;
        int n; /* 1 … 5, or -1: the last */
    } lead[] = {{"اول", 1}, {"ثاني", 2}, {"ثالث", 3}, {"رابع", 4}, {"خامس", 5}, {"اخر", -1}},
      trail[] = {{"الاولي", 1}, {"الاول", 1},   {"الثانيه", 2}, {"الثاني", 2},   {"الثالثه", 3},
                 {"الثالث", 3}, {"الرابعه", 4}, {"الرابع", 4},  {"الاخيره", -1}, {"الاخير", -1}};
    int n = 0, wd = -1, y = 0, m = 0, dim, d, relative = 0, written = 0;
    size_t j = i, w;
    long first;
    for (size_t k = 0; !n && k < sizeof lead / sizeof lead[0]; k++)
        if (msd_xtok_phrase(ts, j, lead[k].w)) n = lead[k].n;
    if (n) {
        for (int k = 0; k < 7 && wd < 0; k++)
            if (msd_xtok_is(ts, j + 1, bare[k])) wd = k;
        j += 2;
    } else if ((wd = weekday_at(ts, j)) >= 0) {
        for (size_t k = 0; !n && k < sizeof trail / sizeof trail[0]; k++)
            if (msd_xtok_is(ts, j + 1, trail[k].w)) n = trail[k].n;
        j += 2;
    }
    if (!n || wd < 0 || !msd_xtok_is(ts, j, "من")) return (size_t)-1;
    j++; /* rel and written are set only on success: a failed matcher leaves nothing */
    if ((w = msd_xtok_phrase(ts, j, "هذا الشهر")) || (w = msd_xtok_phrase(ts, j, "الشهر"))) {
        long delta = 0;
        if (!r->ok) return (size_t)-1;
        j += w;
        if (w == 1 && (msd_xtok_is(ts, j, "المقبل") || msd_xtok_is(ts, j, "القادم")))
            delta = 1, j++;
        else if (w == 1 && msd_xtok_is(ts, j, "الماضي"))
            delta = -1, j++;
        else if (w == 1 && (msd_xtok_is(ts, j, "الجاري") || msd_xtok_is(ts, j, "الحالي")))
            j++;
        {
            long mm = (long)r->y * 12 + (r->m - 1) + delta;
            y = (int)(mm / 12);
            m = (int)(mm % 12) + 1;
        }
        relative = 1;
    } else {
        const struct month *mo;
        if (msd_xtok_is(ts, j, "شهر")) j++;
        if (!(mo = month_at(ts, j, &w)) || mo->hijri) return (size_t)-1;
        j += w;
        m = mo->m;
        if ((y = number_at(ts, j, 1900, 2100)) > 0)
            j++, written = 1;
        else if ((y = infer_year(r, m, 1)) <= 0)
            return (size_t)-1;
    }
    first = days_from_civil(y, m, 1);
    dim = (int)(days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - first);
    if (n > 0)
        d = 1 + (wd - weekday_of(first) + 7) % 7 + 7 * (n - 1);
    else
        d = dim - (weekday_of(first + dim - 1) - wd + 7) % 7;
    if (d > dim) return (size_t)-1;
    fmt_day(value, y, m, d);
    *grain = "day";
    *rel = relative;
    *year_written = written;
    return j - 1;
}

/* "تشرين الأول الماضي", "أكتوبر المقبل" */
static size_t month_relative(const msd_tokens *ts, size_t i, const struct ref *r, char *value,
                             const char **grain)
{
    size_t w;
    const struct month *mo = month_at(ts, i, &w);
    int past;
    if (!mo || mo->hijri || !r->ok) return (size_t)-1;
    if (msd_xtok_is(ts, i + w, "الماضي"))
        past = 1;
    else if (msd_xtok_is(ts, i + w, "المقبل") || msd_xtok_is(ts, i + w, "القادم"))
        past = 0;
    else
        return (size_t)-1;
    if (past)
        snprintf(value, 40, "%04d-%02d", mo->m >= r->m ? r->y - 1 : r->y, mo->m);
    else
        snprintf(value, 40, "%04d-%02d", mo->m <= r->m ? r->y + 1 : r->y, mo->m);
    *grain = "month";
    return i + w;
}

/* The token before i is a year's lead word ("عام", "وعام"). */
static int led_by_year_word(const msd_tokens *ts, size_t i)
{
    for (size_t k = 0; i > 0 && k < sizeof year_lead / sizeof year_lead[0]; k++)
        if (msd_xtok_phrase(ts, i - 1, year_lead[k])) return 1;
    return 0;
}

/* "عام 2015", "منذ 2011", "2015م", "1441هـ" */
static size_t year_only(const msd_tokens *ts, size_t i, char *value, const char **grain, int *hijri,
                        size_t *first)
{
    int y;
    if ((y = number_at(ts, i, 1300, 1600)) > 0 && msd_xtok_is(ts, i + 1, "ه")) {
        int gy, gm, gd;
        msd_hijri_to_gregorian(y, 1, 1, &gy, &gm, &gd);
        /* a Hijri year spans two Gregorian ones; give the one it starts in */
        snprintf(value, 40, "%04d", gy);
        *grain = "year";
        *hijri = 1;
        *first = led_by_year_word(ts, i) ? i - 1 : i; /* "عام 1438هـ" */
        return i + 1;
    }
    if ((y = number_at(ts, i, 1900, 2100)) <= 0) return (size_t)-1;
    if (msd_xtok_is(ts, i + 1, "م")) {
        snprintf(value, 40, "%04d", y);
        *grain = "year";
        *first = led_by_year_word(ts, i) ? i - 1 : i; /* "عام 1975م" */
        return i + 1;
    }
    for (size_t k = 0; i > 0 && k < sizeof year_lead / sizeof year_lead[0]; k++) {
        if (!msd_xtok_phrase(ts, i - 1, year_lead[k])) continue; /* "عام", "وعام" */
        snprintf(value, 40, "%04d", y);
        *grain = "year";
        *first = i - 1;
        return i;
    }
    return (size_t)-1;
}

/* The part of a month a word at token i names ("مطلع", "منتصف", "أواخر"), or NULL. */
static const char *part_at(const msd_tokens *ts, size_t i)
{
    static const struct {
        const char *w, *part;
    } parts[] = {{"مطلع", "early"}, {"اواءل", "early"}, {"بدايه", "early"}, {"منتصف", "mid"},
                 {"اواسط", "mid"},  {"اواخر", "late"},  {"نهايه", "late"}};
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
        if (msd_xtok_phrase(ts, i, parts[k].w)) return parts[k].part;
    return NULL;
}

/* A month after a part word at token i ("مطلع الشهر المقبل", "منتصف أيار", "أواخر تشرين
 * الأول/ أكتوبر 2016", "نهاية الشهر"); fills f (grain month) and returns the last token. */
static size_t part_of_month(const msd_tokens *ts, size_t i, const struct ref *r, struct found *out)
{
    const char *part = part_at(ts, i);
    size_t j = i + 1, last, w;
    const struct month *mo;
    struct found fl = *out, *f = &fl; /* written back only on a match */
    if (!part) return (size_t)-1;
    if (msd_xtok_is(ts, j, "شهر")) j++; /* "منتصف شهر أيار" */
    if ((last = absolute(ts, j, -1, r, f->value, &f->grain, &f->hijri, &f->year_written,
                         &f->relative)) != (size_t)-1) {
        if (strcmp(f->grain, "month")) return (size_t)-1; /* "مطلع 5 أيار": not a part */
    } else if ((last = month_relative(ts, j, r, f->value, &f->grain)) != (size_t)-1) {
        f->relative = 1;
    } else if (r->ok && msd_xtok_is(ts, j, "الشهر") &&
               relative(ts, j, r, 0, f->value, &f->grain) == (size_t)-1) {
        /* "منتصف الشهر", "نهاية الشهر الجاري": the reference's month */
        snprintf(f->value, 40, "%04d-%02d", r->y, r->m);
        f->grain = "month";
        f->relative = 1;
        last = j;
    } else if (r->ok && (last = relative(ts, j, r, 0, f->value, &f->grain)) != (size_t)-1) {
        if (strcmp(f->grain, "month")) return (size_t)-1; /* "نهاية الأسبوع الماضي" */
        f->relative = 1;
    } else if ((mo = month_at(ts, j, &w)) && !mo->hijri) {
        /* a month alone: a date after a part word ("أواخر مارس"); "أواخر نوفمبر المقبل"
         * without a reference is relative, left out */
        int y = infer_year(r, mo->m, 1);
        if (msd_xtok_is(ts, j + w, "المقبل") || msd_xtok_is(ts, j + w, "القادم") ||
            msd_xtok_is(ts, j + w, "الماضي"))
            return (size_t)-1;
        if (y > 0)
            snprintf(f->value, 40, "%04d-%02d", y, mo->m);
        else
            snprintf(f->value, 40, "XXXX-%02d", mo->m);
        f->grain = "month";
        last = j + w - 1;
    } else
        return (size_t)-1;
    f->part = part;
    *out = fl;
    return last;
}

/* The hour a word at token i spells ("الثالثة", "الحادية عشرة"); sets *words. */
static int hour_word_at(const msd_tokens *ts, size_t i, size_t *words)
{
    static const char *const hours[] = {"الواحده", "الثانيه", "الثالثه", "الرابعه",
                                        "الخامسه", "السادسه", "السابعه", "الثامنه",
                                        "التاسعه", "العاشره", "الحاديه"};
    for (int k = 0; k < 11; k++) {
        if (!msd_xtok_is(ts, i, hours[k])) continue;
        *words = 1;
        if ((k == 1 || k == 10) && msd_xtok_is(ts, i + 1, "عشره")) {
            *words = 2;
            return k == 1 ? 12 : 11;
        }
        return k == 10 ? -1 : k + 1;
    }
    return -1;
}

/* A clock time at token i: "الساعة الثالثة عصرا", "الساعة 8 مساء", "الساعة العاشرة
 * والنصف", "10:30 صباحا" (without الساعة a period word is needed). Writes "HH:MM" into
 * out and returns the last token, or (size_t)-1. */
static size_t clock_at(const msd_tokens *ts, size_t i, char *out)
{
    static const struct {
        const char *w;
        char half; /* a: morning, p: afternoon/evening, n: night */
    } periods[] = {{"صباحا", 'a'}, {"صباح", 'a'},  {"فجرا", 'a'}, {"فجر", 'a'},
                   {"ظهرا", 'p'},  {"ظهر", 'p'},   {"عصرا", 'p'}, {"عصر", 'p'},
                   {"مساء", 'p'},  {"مساءا", 'p'}, {"ليلا", 'n'}, {"ليل", 'n'}};
    size_t j = i, w = 0;
    int lead = 0, h = -1, mi = 0, half = 0;
    if (msd_xtok_phrase(ts, j, "الساعه")) lead = 1, j++;
    if (j < ts->n && ts->t[j].kind == MARSAD_TOKEN_NUMBER) {
        char *end;
        long v = strtol(ts->t[j].norm, &end, 10);
        if (*end == ':') {
            long m2 = strtol(end + 1, &end, 10);
            if (*end || m2 < 0 || m2 > 59) return (size_t)-1;
            mi = (int)m2;
        } else if (*end || !lead)
            return (size_t)-1;
        if (v < 0 || v > 24) return (size_t)-1;
        h = (int)v;
        j++;
    } else if (lead && (h = hour_word_at(ts, j, &w)) > 0) {
        j += w;
    } else
        return (size_t)-1;
    if (msd_xtok_is(ts, j, "والنصف"))
        mi = 30, j++;
    else if (msd_xtok_is(ts, j, "والربع"))
        mi = 15, j++;
    else if (msd_xtok_phrase(ts, j, "الا ربعا") || msd_xtok_phrase(ts, j, "الا ربع") ||
             msd_xtok_phrase(ts, j, "الا الربع")) {
        h = h == 0 ? 23 : h - 1;
        mi = 45;
        j += 2;
    }
    for (size_t k = 0; k < sizeof periods / sizeof periods[0] && !half; k++)
        if (msd_xtok_is(ts, j, periods[k].w)) half = periods[k].half, j++;
    if (!half && msd_xtok_phrase(ts, j, "بعد الظهر")) half = 'p', j += 2;
    if (!half && !lead) return (size_t)-1;              /* "10:30" alone may be a score */
    if ((half == 'a' || half == 'n') && h == 12) h = 0; /* "12 ليلا": midnight */
    if ((half == 'p' && h < 12) || (half == 'n' && h >= 6 && h < 12)) h += 12;
    if (h > 23) h = h == 24 ? 0 : h;
    snprintf(out, 6, "%02d:%02d", h, mi);
    return j - 1;
}

static int parse_ref(const char *s, struct ref *r)
{
    memset(r, 0, sizeof *r);
    if (!s || strlen(s) < 10 || sscanf(s, "%4d-%2d-%2d", &r->y, &r->m, &r->d) != 3) return 0;
    if (r->m < 1 || r->m > 12 || r->d < 1 || r->d > 31) return 0;
    r->days = days_from_civil(r->y, r->m, r->d);
    r->ok = 1;
    return 1;
}

int msd_extract_dates(const char *text, size_t len, const char *ref_date, msd_dates *out)
{
    msd_tokens ts;
    int rc = msd_xtoks_load(text, len, &ts);
    memset(out, 0, sizeof *out);
    if (rc) return rc;
    rc = msd_dates_from_tokens(text, &ts, ref_date, out);
    msd_tokens_free(&ts);
    return rc;
}

int msd_dates_from_tokens(const char *text, const msd_tokens *tokens, const char *ref_date,
                          msd_dates *out)
{
    const msd_tokens ts = *tokens; /* a view: the tokens are only read */
    struct ref r;
    int rc = MARSAD_OK;
    memset(out, 0, sizeof *out);
    parse_ref(ref_date, &r);
    size_t prev_last = (size_t)-1; /* the last token of the last date */
    for (size_t i = 0; !rc && i < ts.n;) {
        struct found f = {"", NULL, 0, 0, -1, 0, INT_MIN, NULL};
        int wd;
        size_t first = i, last = (size_t)-1;
        if (!may_start(&ts.t[i])) {
            i++;
            continue;
        }
        wd = weekday_at(&ts, i);
        if ((last = part_of_month(&ts, i, &r, &f)) != (size_t)-1)
            ;
        else if ((last = nth_weekday(&ts, i, &r, f.value, &f.grain, &f.relative,
                                     &f.year_written)) != (size_t)-1)
            ;
        /* a weekday before an explicit date belongs to it */
        else if (wd >= 0 && (last = absolute(&ts, i + 1, wd, &r, f.value, &f.grain, &f.hijri,
                                             &f.year_written, &f.relative)) != (size_t)-1) {
            first = i;
            f.weekday = wd;
            /* "أمس الثلاثاء 6 …": written the day after that date */
            if (i > 0 && (msd_xtok_phrase(&ts, i - 1, "امس") || msd_xtok_is(&ts, i - 1, "البارحه")))
                f.pub_delta = 1;
            else if (i > 0 && msd_xtok_is(&ts, i - 1, "اليوم"))
                f.pub_delta = 0;
            else if (i > 0 && (msd_xtok_is(&ts, i - 1, "غدا") || msd_xtok_is(&ts, i - 1, "غد")))
                f.pub_delta = -1;
        } else if ((last = absolute(&ts, i, -1, &r, f.value, &f.grain, &f.hijri, &f.year_written,
                                    &f.relative)) != (size_t)-1)
            first = i;
        else if ((last = month_relative(&ts, i, &r, f.value, &f.grain)) != (size_t)-1)
            f.relative = 1;
        else if ((last = year_only(&ts, i, f.value, &f.grain, &f.hijri, &first)) != (size_t)-1)
            f.year_written = 1;
        else if ((last = relative(&ts, i, &r, prev_last != (size_t)-1 && i <= prev_last + 2,
                                  f.value, &f.grain)) != (size_t)-1)
            f.relative = 1;
        if (last == (size_t)-1) {
            i++;
            continue;
        }
        /* "عام 2015" takes the token before; never reach back into the previous date */
        if (out->n && ts.t[first].c0 < out->items[out->n - 1].end) first = i;
        rc = emit(out, text, &ts, first, last, &f);
        if (!rc && !strcmp(f.grain, "day")) { /* a clock time after the day */
            char tm[6];
            size_t at = last + 1, tl;
            if (msd_xtok_is(&ts, at, "في") || msd_xtok_is(&ts, at, "عند") ||
                msd_xtok_is(&ts, at, "منذ"))
                at++;
            if ((tl = clock_at(&ts, at, tm)) != (size_t)-1) {
                msd_date *d = &out->items[out->n - 1];
                memcpy(d->time, tm, sizeof d->time);
                d->time_start = ts.t[at].c0;
                d->time_end = ts.t[tl].c1;
                last = tl;
            }
        }
        prev_last = last;
        i = last + 1;
    }
    if (rc) msd_dates_clear(out);
    return rc;
}

/* The days of the window (the ten years up to anchor) that fall on weekday wd, month m,
 * day dd, moved by delta and not after now: latest first, into out ("" when none). */
static void weekday_fits(int anchor, int m, int dd, int wd, int delta, long now, char out[24])
{
    size_t o = 0;
    out[0] = 0;
    for (int y = anchor; y > anchor - 10; y--) {
        long at = days_from_civil(y, m, dd);
        int cy, cm, cd;
        if (!msd_date_valid(y, m, dd) || weekday_of(at) != wd || at + delta > now || o + 11 > 24)
            continue;
        civil_from_days(at + delta, &cy, &cm, &cd);
        o += (size_t)snprintf(out + o, 24 - o, "%s%04d-%02d-%02d", o ? " " : "", cy, cm, cd);
    }
}

int msd_dates_infer_publication(const msd_dates *ds, const char *today, msd_pubday *out)
{
    long best = 0, now;
    int found = 0, anchor = 0, anchor_year, tm, td;
    const msd_date *from = NULL;
    memset(out, 0, sizeof *out);
    if (sscanf(today, "%4d-%2d-%2d", &anchor_year, &tm, &td) != 3) return 0;
    now = days_from_civil(anchor_year, tm, td);
    for (size_t k = 0; k < ds->n; k++) { /* the last year the text writes, up to now */
        int y;
        if (ds->items[k].year_written && sscanf(ds->items[k].value, "%4d", &y) == 1 && y > anchor &&
            y <= anchor_year)
            anchor = y;
    }
    if (!anchor) anchor = anchor_year;
    for (size_t k = 0; k < ds->n; k++) {
        const msd_date *d = &ds->items[k];
        int y = 0, m, dd, hijri = strcmp(d->calendar, "gregorian") != 0;
        long days = 0;
        if (d->weekday < 0 || d->relative || strcmp(d->grain, "day") || (hijri && !d->year_written))
            continue; /* (a Hijri date's value is its Gregorian day) */
        if (sscanf(d->value + 5, "%2d-%2d", &m, &dd) != 2) continue;
        if (d->year_written) {
            long at;
            int agrees = 0;
            if (sscanf(d->value, "%4d", &y) != 1 || y != anchor)
                continue; /* history ("فجر الخميس 2 أغسطس 1990") or a plan */
            at = days_from_civil(y, m, dd);
            /* a Hijri month begins with a sighting, a day either side of the tabular
             * calendar's: the weekday says which */
            for (int off = 0; off <= (hijri ? 2 : 0) && !agrees; off++) {
                long cand = at + (off == 2 ? -1 : off);
                if (weekday_of(cand) == d->weekday) agrees = 1, days = cand;
            }
            if (!agrees) continue; /* a weekday that contradicts its date proves nothing */
        } else {
            for (int cand = anchor; cand > anchor - 10 && !y; cand--)
                if (msd_date_valid(cand, m, dd) &&
                    weekday_of(days_from_civil(cand, m, dd)) == d->weekday)
                    y = cand;
            if (!y) continue;
            days = days_from_civil(y, m, dd);
        }
        days += d->pub_delta == INT_MIN ? 0 : d->pub_delta;
        if (days > now) continue; /* not written yet: a plan ("يعقد الأحد 26 يوليو") */
        {
            int rank = d->pub_delta != INT_MIN ? 2 : 1; /* "اليوم الاثنين …" says it outright */
            int later = days > best;
            if (rank > found || (rank == found && later)) best = days, found = rank, from = d;
        }
    }
    for (size_t k = 0; !found && k < ds->n; k++) { /* a dateline */
        const msd_date *d = &ds->items[k];
        int y, m, dd;
        if (d->start >= 40) break; /* a dateline opens the text; later, a date is an event's */
        if (!d->year_written || d->relative || d->weekday >= 0 || strcmp(d->grain, "day") ||
            strcmp(d->calendar, "gregorian") || sscanf(d->value, "%4d-%2d-%2d", &y, &m, &dd) != 3)
            continue;
        if (y != anchor || days_from_civil(y, m, dd) > now)
            continue; /* an older year written later: history; a later day: a plan */
        best = days_from_civil(y, m, dd);
        found = 1;
        from = d;
    }
    if (found) {
        int y, m, dd;
        civil_from_days(best, &y, &m, &dd);
        snprintf(out->day, sizeof out->day, "%04d-%02d-%02d", y, m, dd);
        out->from = from->start;
        if (!from->year_written && sscanf(from->value + 5, "%2d-%2d", &m, &dd) == 2) {
            out->by_weekday = 1;
            weekday_fits(anchor, m, dd, from->weekday,
                         from->pub_delta == INT_MIN ? 0 : from->pub_delta, now, out->candidates);
        }
    }
    return found != 0;
}

void msd_dates_clear(msd_dates *d)
{
    for (size_t i = 0; i < d->n; i++) free(d->items[i].text);
    free(d->items);
    memset(d, 0, sizeof *d);
}
