/* test_dates.c — the date extractor, table-driven against the reference day 2016-11-20
 * (a Sunday), without a reference, and its offsets. */
#include <stdio.h>

#include "extract/dates.h"
#include "marsad.h"
#include "test.h"

/* "text|value|grain[|rel][|hijri]|start-end" joined by " ; " */
static const char *render(const char *s, const char *ref)
{
    static char out[4096];
    size_t o = 0;
    msd_dates ds;
    out[0] = 0;
    CHECK_EQ(msd_extract_dates(s, strlen(s), ref, &ds), MARSAD_OK);
    for (size_t i = 0; i < ds.n && o < sizeof out - 512; i++) {
        const msd_date *d = &ds.items[i];
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%s|%s|%s%s%s|%zu-%zu", i ? " ; " : "",
                              d->text, d->value, d->grain, d->relative ? "|rel" : "",
                              strcmp(d->calendar, "hijri") ? "" : "|hijri", d->start, d->end);
    }
    msd_dates_clear(&ds);
    return out;
}

/* Each expectation was checked by hand (Hijri dates by the arithmetic calendar, which
 * may be a day off Umm al-Qura: 10 Dhu al-Hijjah 1437 was 2016-09-12 there). */
static const struct {
    const char *in, *want;
} cases[] = {
    {"الثلاثاء 6 كانون الأول", "الثلاثاء 6 كانون الأول|2016-12-06|day|0-22"},
    {"في 23 آذار/ مارس 2016", "23 آذار/ مارس 2016|2016-03-23|day|3-21"},
    {"أواخر تشرين الأول/ أكتوبر", "تشرين الأول/ أكتوبر|2016-10|month|6-25"},
    {"23 من آذار", "23 من آذار|2016-03-23|day|0-10"},
    {"عام 2015", "عام 2015|2015|year|0-8"},
    {"2015م", "2015م|2015|year|0-5"},
    {"10 ذو الحجة 1437هـ", "10 ذو الحجة 1437هـ|2016-09-13|day|hijri|0-18"},
    {"1441هـ", "1441هـ|2019|year|hijri|0-6"},
    {"أمس السبت", "أمس السبت|2016-11-19|day|rel|0-9"},
    {"اليوم الأحد", "اليوم الأحد|2016-11-20|day|rel|0-11"},
    {"أول أمس", "أول أمس|2016-11-18|day|rel|0-7"},
    {"غدًا", "غدًا|2016-11-21|day|rel|0-4"},
    {"الأسبوع الماضي", "الأسبوع الماضي|2016-11-13|week|rel|0-14"},
    {"الشهر الماضي", "الشهر الماضي|2016-10|month|rel|0-12"},
    {"تشرين الأول الماضي", "تشرين الأول الماضي|2016-10|month|rel|0-18"},
    {"أكتوبر المقبل", "أكتوبر المقبل|2017-10|month|rel|0-13"},
    {"قبل 3 سنوات", "قبل 3 سنوات|2013|year|rel|0-11"},
    {"قبل 5 أيام", "قبل 5 أيام|2016-11-15|day|rel|0-10"},
    {"قبل شهرين", "قبل شهرين|2016-09|month|rel|0-9"},
    {"الخميس", "الخميس|2016-11-17|day|rel|0-6"},
    {"مارس الرياضة", ""},
    {"يونيو 2016", "يونيو 2016|2016-06|month|0-10"},
    {"15 جوان 2016", "15 جوان 2016|2016-06-15|day|0-12"},
    {"5 غشت", "5 غشت|2016-08-05|day|0-5"},
    {"12 يوليوز 2016", "12 يوليوز 2016|2016-07-12|day|0-14"},
    {"3 أوت", "3 أوت|2016-08-03|day|0-5"},
    {"منذ 2011", "منذ 2011|2011|year|0-8"},
    {"في 2015 قتل", ""},
    {"أب الشهيد", ""},
    {"رمضان", ""},
    {"الاثنين 9 يناير 2017 - 09:10 ص", "الاثنين 9 يناير 2017|2017-01-09|day|0-20"},
    {"كانون ثاني 2017", "كانون ثاني 2017|2017-01|month|0-15"},
    {"1 تشرين ثاني", "1 تشرين ثاني|2016-11-01|day|0-12"},
    {"في 15 شباط", "15 شباط|2016-02-15|day|3-10"},
    {"حزيران 2014", "حزيران 2014|2014-06|month|0-11"},
    {"الأحد 6 كانون الأول", "الأحد 6 كانون الأول|2015-12-06|day|0-19"},
    {"في 5 رمضان 1437هـ", "5 رمضان 1437هـ|2016-06-11|day|hijri|3-17"},
    {"انتهى في 30 أيلول", "30 أيلول|2016-09-30|day|9-17"},
    {"عام 2015 وعام 2016", "عام 2015|2015|year|0-8 ; وعام 2016|2016|year|9-18"},
    {"قبل شهرين", "قبل شهرين|2016-09|month|rel|0-9"},
    {"قبل يومين", "قبل يومين|2016-11-18|day|rel|0-9"},
};

static void check_without_reference(void)
{
    const char *got = render("الثلاثاء 6 كانون الأول وأمس", NULL);
    CHECK_STR(got, "الثلاثاء 6 كانون الأول|XXXX-12-06|day|0-22");
    got = render("تشرين الأول/ أكتوبر", NULL);
    CHECK_STR(got, "تشرين الأول/ أكتوبر|XXXX-10|month|0-19");
}

static void check_calendar(void)
{
    int y, m, d;
    msd_hijri_to_gregorian(1, 1, 1, &y, &m, &d);    /* the epoch: 16 July 622, Julian */
    CHECK(y == 622 && m == 7 && d == 19);           /* … 19 July, proleptic Gregorian */
    msd_hijri_to_gregorian(1441, 1, 1, &y, &m, &d); /* Umm al-Qura: 2019-08-31 */
    CHECK(y == 2019 && ((m == 8 && d >= 30) || (m == 9 && d <= 2)));
    msd_hijri_to_gregorian(1437, 9, 1, &y, &m, &d); /* 1 Ramadan 1437: 2016-06-06 */
    CHECK(y == 2016 && m == 6 && d >= 5 && d <= 7);
}

void suite_dates(void);
void suite_dates(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = render(cases[i].in, "2016-11-20");
        test_check_str(got, strlen(got), cases[i].want, __FILE__, __LINE__, cases[i].in);
    }
    check_without_reference();
    check_calendar();
}
