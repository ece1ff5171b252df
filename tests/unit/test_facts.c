/* test_facts.c — the extractors together: the publication day an undated text gives away,
 * and relative dates resolved against it. */
#include <stdio.h>
#include <string.h>

#include "extract/dates.h"
#include "extract/facts.h"
#include "extract/lexicon.h"
#include "marsad.h"
#include "test.h"

/* Each expectation was checked with a calendar. The texts write a year, so that the
 * ten-year window of a weekday without its year does not move with the clock. */
static const struct {
    const char *in;
    const char *date;  /* the inferred day, "" for none */
    const char *dates; /* every date value, joined by " ; " */
} cases[] = {
    /* a weekday with a full date that agrees with it */
    {"قال المتحدث الثلاثاء 6 كانون الأول 2016 إن الهجوم بدأ", "2016-12-06", "2016-12-06"},
    /* أمس before it: written the day after; أمس then resolves to the same Tuesday */
    {"قال المتحدث أمس الثلاثاء 6 كانون الأول 2016 إن الهجوم بدأ", "2016-12-07",
     "2016-12-06 ; 2016-12-06"},
    /* اليوم before it */
    {"تنطلق اليوم الأحد 20 نوفمبر 2016 أعمال القمة", "2016-11-20", "2016-11-20 ; 2016-11-20"},
    /* no year with the weekday: the window ends at the year the text writes (2016) */
    {"وقعت الغارة يوم الثلاثاء 6 كانون الأول، وقال المرصد أمس إن 5 قتلوا عام 2016", "2016-12-06",
     "2016-12-06 ; 2016-12-05 ; 2016"},
    /* … and the latest year of the window where 6 December is a Tuesday (2011 here) */
    {"الثلاثاء 6 ديسمبر شهد مظاهرات، بعد أحداث عام 2015", "2011-12-06", "2011-12-06 ; 2015"},
    /* a weekday that contradicts its year proves nothing; a dateline still gives the day */
    {"الرياض 12 أغسطس 2015 - قال الوزير إن الاجتماع عقد الأربعاء 12 أغسطس 2015", "2015-08-12",
     "2015-08-12 ; 2015-08-12"},
    {"عقد الاجتماع الخميس 12 أغسطس 2015", "", "2015-08-12"},
    /* several weekday dates: the latest is the day of writing */
    {"بدأ الهجوم السبت 3 أيلول 2016 واستمر حتى الاثنين 5 أيلول 2016", "2016-09-05",
     "2016-09-03 ; 2016-09-05"},
    /* a Hijri day a sighting away from the tabular calendar: the weekday settles it
     * (10 ذو الحجة 1437 is 13 September 2016 by the table, a Monday the 12th in fact) */
    {"بدأ الحجاج صباح اليوم الاثنين 10 ذو الحجة 1437هـ رمي الجمرات", "2016-09-12",
     "2016-09-12 ; 2016-09-13"},
    /* a full date further in than a dateline is an event's day */
    {"أعلن الاتحاد الدولي لكرة القدم في بيان مطول أن الانتخابات ستجري في 26 فبراير 2016", "",
     "2016-02-26"},
    /* an older year than the text's last is history, not the day of writing */
    {"في فجر الخميس 2 أغسطس 1990 بدأ الاجتياح، واستعاد الناس الذكرى في أغسطس 2015", "",
     "1990-08-02 ; 2015-08"},
    /* a later year than now is a plan: the window does not move to it */
    {"قالت الأمم المتحدة أمس الأربعاء 29 يوليو إن الهند ستتخطى الصين عام 2015 وبحلول عام 2090",
     "2015-07-30", "2015-07-29 ; 2015-07-29 ; 2015 ; 2090"},
    /* nothing to go by */
    {"قتل 40 مقاتلا أمس في ريف حلب", "", ""},
    {"تأسست الشركة عام 1990 في دبي", "", "1990"},
};

/* The day of writing is never after the day of the run: a later day is a plan. */
static const struct {
    const char *in, *today, *date, *candidates; /* "": the year was written */
} plans[] = {
    /* a Sunday in the year written, before or after today */
    {"يعقد المؤتمر الأحد 26 يوليو 2026 في الرياض", "2026-03-01", "", ""},
    {"يعقد المؤتمر الأحد 26 يوليو 2026 في الرياض", "2026-08-01", "2026-07-26", ""},
    /* no year: this year's 26 July is a Sunday, but still to come in March */
    {"يعقد المؤتمر الأحد 26 يوليو في الرياض", "2026-03-01", "", ""},
    {"يعقد المؤتمر الأحد 26 يوليو في الرياض", "2026-12-01", "2026-07-26", "2026-07-26 2020-07-26"},
    /* أمس الاثنين 30 نوفمبر: written the Tuesday, today */
    {"قال الوزير أمس الاثنين 30 نوفمبر إن", "2026-12-01", "2026-12-01", "2026-12-01 2020-12-01"},
    /* غدا الأربعاء 2 ديسمبر: written the Tuesday; the Wednesday itself is tomorrow */
    {"تبدأ غدا الأربعاء 2 ديسمبر الانتخابات", "2026-12-01", "2026-12-01", "2026-12-01 2020-12-01"},
    /* a dateline after today is not one */
    {"الرياض 12 ديسمبر 2026 - قال الوزير", "2026-12-01", "", ""},
    {"الرياض 12 ديسمبر 2026 - قال الوزير", "2026-12-20", "2026-12-12", ""},
    /* 29 February: only a leap year has it (2020's was a Saturday; no Friday one in the
     * window) */
    {"وقال الوزير يوم الجمعة 29 فبراير إن العمل مستمر", "2026-12-08", "", ""},
    {"وقال الوزير يوم السبت 29 فبراير إن العمل مستمر", "2026-12-08", "2020-02-29", "2020-02-29"},
    /* a Sunday the 14th of May fits 2023 and 2017: the latest, with both candidates */
    {"أقيم الحفل الأحد 14 مايو في جدة", "2026-12-08", "2023-05-14", "2023-05-14 2017-05-14"},
};

static void check_plans(void)
{
    for (size_t i = 0; i < sizeof plans / sizeof plans[0]; i++) {
        msd_dates ds;
        msd_pubday out;
        CHECK_EQ(msd_extract_dates(plans[i].in, strlen(plans[i].in), NULL, &ds), MARSAD_OK);
        CHECK_EQ(msd_dates_infer_publication(&ds, plans[i].today, &out), plans[i].date[0] != 0);
        test_check_str(out.day, strlen(out.day), plans[i].date, __FILE__, __LINE__, plans[i].in);
        test_check_str(out.candidates, strlen(out.candidates), plans[i].candidates, __FILE__,
                       __LINE__, plans[i].in);
        CHECK_EQ(out.by_weekday, plans[i].candidates[0] != 0);
        msd_dates_clear(&ds);
    }
}

/* A page's publication stamp: its first full Gregorian date, words or digits. */
static void check_stamps(void)
{
    static const struct {
        const char *line, *day;
    } stamps[] = {
        {"نُشر في: الثلاثاء 17 نوفمبر 2026 - 01:20 م | آخر تحديث: 03:10 م", "2026-11-17"},
        {"آخر تحديث: الأحد ١٥/١١/٢٠٢٦ - ٠٩:٣٠", "2026-11-15"}, /* day first */
        {"٠٢/١١/٢٠٢٦ ٠٢:١٥ م", "2026-11-02"},
        {"2015-08-10 (1436/10/25) 16:09:03", "2015-08-10"},
        {"بتاريخ 2015/08/09", "2015-08-09"},
        {"آخر تحديث: منذ 3 ساعات", ""},                      /* no day in it */
        {"نُشر في: 31/02/2015", ""},                          /* no such day */
        {"نُشر في: 29/02/2016", "2016-02-29"},                /* a leap year's */
        {"نُشر في: 45/13/2015", ""},                          /* no such month */
        {"موعد الافتتاح: الأحد 12 يوليو 2099", ""},          /* after today: not a stamp */
        {"12/07/2099 - آخر تحديث 03/11/2025", "2025-11-03"}, /* the first not after today */
    };
    for (size_t i = 0; i < sizeof stamps / sizeof stamps[0]; i++) {
        char out[11] = "";
        int got = msd_facts_stamp_day(stamps[i].line, strlen(stamps[i].line), out);
        CHECK_EQ(got, stamps[i].day[0] != 0);
        if (got)
            test_check_str(out, strlen(out), stamps[i].day, __FILE__, __LINE__, stamps[i].line);
    }
}

void suite_facts(void);
void suite_facts(void)
{
    check_plans();
    check_stamps();
    msd_lexicon *lx;
    CHECK_EQ(msd_lexicon_new(&lx), MARSAD_OK);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        msd_facts f;
        char dates[512] = "";
        size_t o = 0;
        CHECK_EQ(msd_extract_facts(lx, cases[i].in, strlen(cases[i].in), NULL, &f), MARSAD_OK);
        test_check_str(f.date, strlen(f.date), cases[i].date, __FILE__, __LINE__, cases[i].in);
        CHECK_EQ(f.date_inferred != 0, (cases[i].date[0] != 0));
        for (size_t k = 0; k < f.dates.n && o < sizeof dates - 64; k++)
            o += (size_t)snprintf(dates + o, sizeof dates - o, "%s%s", k ? " ; " : "",
                                  f.dates.items[k].value);
        test_check_str(dates, o, cases[i].dates, __FILE__, __LINE__, cases[i].in);
        msd_facts_clear(&f);
    }
    { /* a given reference is kept as it is */
        msd_facts f;
        const char *s = "قتل 40 مقاتلا أمس";
        CHECK_EQ(msd_extract_facts(lx, s, strlen(s), "2016-12-07", &f), MARSAD_OK);
        CHECK_STR(f.date, "2016-12-07");
        CHECK_EQ(f.date_inferred, 0);
        CHECK_EQ(f.dates.n, 1);
        if (f.dates.n) CHECK_STR(f.dates.items[0].value, "2016-12-06");
        msd_facts_clear(&f);
    }
    msd_lexicon_free(lx);
}
