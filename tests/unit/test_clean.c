/* test_clean.c — the cleaner on the example corpus, against its line labels.
 *
 * data/examples/LABELS.tsv labels every non-empty line of every article: body, title,
 * or the clutter reason. The cleaner runs its two passes over the 24 articles; this
 * prints line-level precision and recall of clutter removal, overall and per reason,
 * and requires that no article line is lost. */
#include <stdio.h>
#include <stdlib.h>

#include "clean/clean.h"
#include "clean/lines.h"
#include "marsad.h"
#include "test.h"

#define MAX_DOCS  64
#define MAX_LINES 256

struct labeled {
    char name[128];
    msd_doc doc;
    char label[MAX_LINES][20];
};

static struct labeled docs[MAX_DOCS];
static size_t ndocs;

static const char *const reasons[] = {"repeated-title", "caption",       "widget",
                                      "breadcrumb",     "related",       "appeal",
                                      "footer",         "site-repeated", "other"};
#define NREASONS (sizeof reasons / sizeof reasons[0])

static const char *dir = "data/examples";

/* A plain-text document whose first line is its headline; doc borrows text. */
static void text_doc(msd_doc *doc, const char *text)
{
    memset(doc, 0, sizeof *doc);
    doc->text = (char *)text;
    doc->text_len = strlen(text);
    doc->title_line = 1;
}

static int load_doc(struct labeled *d, const char *name)
{
    char path[256];
    FILE *f;
    long n;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "rb");
    if (!f) return -1;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    d->doc.text = malloc((size_t)n + 1);
    if (fread(d->doc.text, 1, (size_t)n, f) != (size_t)n) n = 0;
    fclose(f);
    /* as the text reader does: no BOM, first non-empty line is the headline */
    if (n >= 3 && !memcmp(d->doc.text, "\xEF\xBB\xBF", 3)) {
        memmove(d->doc.text, d->doc.text + 3, (size_t)n - 3);
        n -= 3;
    }
    d->doc.text[n] = 0;
    d->doc.text_len = (size_t)n;
    d->doc.title_line = 1; /* every example starts with its headline */
    snprintf(d->name, sizeof d->name, "%s", name);
    return 0;
}

static struct labeled *find_doc(const char *name)
{
    for (size_t i = 0; i < ndocs; i++)
        if (!strcmp(docs[i].name, name)) return &docs[i];
    if (ndocs == MAX_DOCS || load_doc(&docs[ndocs], name)) return NULL;
    return &docs[ndocs++];
}

static int load_labels(void)
{
    char line[512], path[256];
    FILE *f;
    snprintf(path, sizeof path, "%s/LABELS.tsv", dir);
    f = fopen(path, "r");
    if (!f) return -1;
    while (fgets(line, sizeof line, f)) {
        char name[128], label[20];
        unsigned no;
        struct labeled *d;
        if (sscanf(line, "%127[^\t]\t%u\t%19s", name, &no, label) != 3) continue;
        d = find_doc(name);
        if (d && no < MAX_LINES) snprintf(d->label[no], sizeof d->label[no], "%s", label);
    }
    fclose(f);
    return 0;
}

static int reason_index(const char *r)
{
    for (size_t k = 0; k < NREASONS; k++)
        if (!strcmp(r, reasons[k])) return (int)k;
    return -1;
}

/* Runs the cleaner over the labelled set in `dir`; returns precision and recall. */
static void evaluate(double min_p, double min_r)
{
    msd_cleaner *c = NULL;
    size_t tp = 0, fp = 0, fn = 0, lost = 0, same_reason = 0;
    size_t r_tp[NREASONS] = {0}, r_fn[NREASONS] = {0}, r_fp[NREASONS] = {0};
    CHECK_EQ(load_labels(), 0);
    CHECK(ndocs >= 16);
    CHECK_EQ(msd_cleaner_new(0, &c), MARSAD_OK);
    for (size_t i = 0; i < ndocs; i++) CHECK_EQ(msd_cleaner_observe(c, &docs[i].doc), MARSAD_OK);
    for (size_t i = 0; i < ndocs; i++) {
        msd_article a;
        const char *got[MAX_LINES] = {0};
        CHECK_EQ(msd_cleaner_clean(c, &docs[i].doc, &a), MARSAD_OK);
        for (size_t k = 0; k < a.n_removed; k++)
            if (a.removed[k].line < MAX_LINES) got[a.removed[k].line] = a.removed[k].reason;
        for (size_t no = 1; no < MAX_LINES; no++) {
            const char *want = docs[i].label[no];
            int clutter = want[0] && strcmp(want, "body") && strcmp(want, "title");
            int wi = reason_index(want), gi = got[no] ? reason_index(got[no]) : -1;
            if (!want[0] || !strcmp(want, "byline")) continue; /* a byline may go either way */
            if (clutter && got[no]) {
                tp++;
                same_reason += !strcmp(want, got[no]);
                if (wi >= 0) r_tp[wi]++;
            } else if (clutter) {
                fn++;
                if (wi >= 0) r_fn[wi]++;
                if (getenv("MARSAD_CLEAN_VERBOSE"))
                    fprintf(stderr, "  missed %s:%zu (%s)\n", docs[i].name, no, want);
            } else if (got[no]) {
                fp++;
                if (gi >= 0) r_fp[gi]++;
                if (!strcmp(want, "body")) {
                    lost++;
                    fprintf(stderr, "  LOST body line %s:%zu as %s\n", docs[i].name, no, got[no]);
                }
            }
        }
        CHECK(a.title[0] != 0);
        CHECK(strstr(a.body, "\n\n\n") == NULL);
        msd_article_clear(&a);
    }
    {
        double p = tp ? (double)tp / (double)(tp + fp) : 0,
               r = tp ? (double)tp / (double)(tp + fn) : 0;
        printf("clean %s: clutter lines precision %.3f recall %.3f (tp %zu, fp %zu, fn %zu); "
               "reason agrees on %zu of %zu; article lines lost %zu\n",
               dir, p, r, tp, fp, fn, same_reason, tp, lost);
        for (size_t k = 0; k < NREASONS; k++)
            printf("  %-15s found %3zu of %3zu, wrongly %zu\n", reasons[k], r_tp[k],
                   r_tp[k] + r_fn[k], r_fp[k]);
        CHECK_EQ(lost, 0);
        CHECK(p >= min_p);
        CHECK(r >= min_r);
    }
    msd_cleaner_free(c);
    for (size_t i = 0; i < ndocs; i++) {
        msd_doc_clear(&docs[i].doc);
        memset(docs[i].label, 0, sizeof docs[i].label);
    }
    ndocs = 0;
}

/* Presentation forms are stored in base letters, in the title and the body; a line the
 * cleaner drops is kept as it was. */
static void check_presentation_forms(void)
{
    msd_cleaner *c = NULL;
    msd_article a;
    msd_doc doc;
    static const char text[] =
        "ﻣﺼﺪﺭ: ﺍﻟﻤﻔﺎﻭﺿﺎﺕ ﻣﺴﺘﻤﺮﺓ\n"
        "ﻗﺎﻝ ﻣﺼﺪﺭ ﻣﻄﻠﻊ ﺇﻥ ﺍﻟﻤﻔﺎﻭﺿﺎﺕ ﻣﺴﺘﻤﺮﺓ، ﻭﻻ ﺗﺰﺍﻝ ﺍﻟﺨﻼﻓﺎﺕ ﻗﺎﺋﻤﺔ ﺣﻮﻝ ٢٥ ﺑﻨﺪﺍ.\n"
        "ﻭﻗﺎﻝ ﺍﻟﺨﻄﻴﺐ ﺇﻥ ﺍﻟﻨﺒﻲ ﷺ ﺃﻭﺻﻰ ﺑﺎﻟﺠﺎﺭ، ﻭﻛﺘﺐﹰ ﻛﺜﻴﺮﺓ ﺗﻨﺎﻭﻟﺖ ﺫﻟﻚ.\n"
        "ﺷﺎﺭﻙ\n";
    text_doc(&doc, text);
    CHECK_EQ(msd_cleaner_new(1024, &c), MARSAD_OK);
    CHECK_EQ(msd_cleaner_clean(c, &doc, &a), MARSAD_OK);
    CHECK_STR(a.title, "مصدر: المفاوضات مستمرة");
    CHECK_STRN(a.body, a.body_len,
               "قال مصدر مطلع إن المفاوضات مستمرة، ولا تزال الخلافات قائمة حول ٢٥ بندا.\n"
               "وقال الخطيب إن النبي صلى الله عليه وسلم أوصى بالجار، وكتبً كثيرة تناولت ذلك.");
    CHECK_EQ(a.n_removed, 1);
    if (a.n_removed == 1) CHECK_STR(a.removed[0].text, "ﺷﺎﺭﻙ");
    msd_article_clear(&a);
    /* plain text is left as it is */
    doc.text = (char *)"عنوان\nقال مصدر إن الاجتماع انتهى.\n";
    doc.text_len = strlen(doc.text);
    CHECK_EQ(msd_cleaner_clean(c, &doc, &a), MARSAD_OK);
    CHECK_STRN(a.body, a.body_len, "قال مصدر إن الاجتماع انتهى.");
    msd_article_clear(&a);
    msd_cleaner_free(c);
}

/* What a line costs the cleaner does not grow with its words: a line held 64 tokens'
 * stems by copy (1.4 KB each; a file of a million blank lines took 1.4 GB, now 225 MB
 * with its keys and both passes). */
static void check_line_cost(void)
{
    CHECK(sizeof(struct line) <= 192);
}

/* A batch of pages that name no source, from eight outlets (three pages each): each
 * outlet's template lines are in 12.5% of the pool, under the 20% the short-line rule
 * asks, so they are measured against the outlet's own pages (outlet_docs). Three of
 * the pages carry one wire story, with a short subheading between its paragraphs: that
 * line is shared too, but is the story's, and stays. */
static void check_sourceless_batch(void)
{
    static const char *const tops[] = {"صدى الوادي | أخبار محلية", "نبض المدينة - الصفحة الأولى",
                                       "بوابة السهل الإخبارية",    "مرصد الضفاف اليومي",
                                       "شرفة الجنوب نيوز",         "منارة الشمال",
                                       "رصيف الميناء الإخباري",    "واحة القرى اليوم"};
    static const char *const feet[] = {
        "تابعوا صدى الوادي على المنصات", "نبض المدينة معكم كل صباح", "السهل: خبر موثوق",
        "مرصد الضفاف يرحب بتعليقاتكم",   "شرفة الجنوب على تلغرام",   "منارة الشمال في جيبك",
        "رصيف الميناء على يوتيوب",       "واحة القرى على فيسبوك"};
    static const char *const places[] = {"الموصل", "عمّان", "صفاقس", "وهران", "إربد", "صور"};
    msd_cleaner *c = NULL;
    msd_doc docs24[24];
    char *texts[24];
    size_t kept_footers = 0, kept_heads = 0, lost = 0;
    CHECK_EQ(msd_cleaner_new(1 << 12, &c), MARSAD_OK);
    for (size_t i = 0; i < 24; i++) {
        size_t o = i % 8, cap = 2048, n = 0;
        int wire = i == 0 || i == 9 || i == 18; /* outlets 0, 1, 2 */
        texts[i] = malloc(cap);
        n += (size_t)snprintf(texts[i] + n, cap - n, "عنوان الخبر رقم %zu عن %s\n%s\n\n", i,
                              places[i % 6], tops[o]);
        if (wire)
            n += (size_t)snprintf(texts[i] + n, cap - n,
                                  "أعلنت السلطات المحلية في %s أمس أنها ستعيد فتح الطريق "
                                  "الساحلي أمام حركة الشاحنات بعد إصلاح الجسر المتضرر.\n\n"
                                  "تفاصيل الخطة\n\n"
                                  "وقال مسؤول في البلدية إن الأعمال ستستمر ثلاثة أسابيع، وإن "
                                  "الحافلات ستسلك طريقا بديلا خلال هذه المدة.\n\n",
                                  places[0]);
        else
            n += (size_t)snprintf(texts[i] + n, cap - n,
                                  "شهدت مدينة %s يوم %zu من الشهر الجاري اجتماعا موسعا ناقش "
                                  "فيه المجلس البلدي خطة لتحسين شبكة المياه في الأحياء.\n\n"
                                  "وأوضح رئيس المجلس في %s أن المرحلة الأولى تشمل %zu حيا، "
                                  "وأن التمويل سيأتي من موازنة العام المقبل.\n\n",
                                  places[i % 6], i + 1, places[i % 6], i + 3);
        snprintf(texts[i] + n, cap - n, "%s\nجميع المواد تعبر عن رأي كتابها\n", feet[o]);
        text_doc(&docs24[i], texts[i]);
        CHECK_EQ(msd_cleaner_observe(c, &docs24[i]), MARSAD_OK);
    }
    for (size_t i = 0; i < 24; i++) {
        msd_article a;
        CHECK_EQ(msd_cleaner_clean(c, &docs24[i], &a), MARSAD_OK);
        CHECK(a.source == NULL);
        kept_footers += strstr(a.body, feet[i % 8]) != NULL;
        kept_heads += strstr(a.body, tops[i % 8]) != NULL;
        lost += (i == 0 || i == 9 || i == 18) && !strstr(a.body, "تفاصيل الخطة");
        lost += !strstr(a.body, "وقال مسؤول") && !strstr(a.body, "وأوضح رئيس");
        if (getenv("MARSAD_CLEAN_VERBOSE"))
            for (size_t k = 0; k < a.n_removed; k++)
                fprintf(stderr, "  batch %zu: %s (%s)\n", i, a.removed[k].text,
                        a.removed[k].reason);
        msd_article_clear(&a);
        free(texts[i]);
    }
    CHECK_EQ(kept_footers, 0);
    CHECK_EQ(kept_heads, 0);
    CHECK_EQ(lost, 0);
    msd_cleaner_free(c);
}

/* The reason one line of a one-document batch gets ("" when kept), and the source. */
static void clean_one(const char *text, size_t line, const char *reason, const char *source)
{
    msd_cleaner *c = NULL;
    msd_article a;
    msd_doc doc;
    const char *got = "";
    text_doc(&doc, text);
    CHECK_EQ(msd_cleaner_new(1024, &c), MARSAD_OK);
    CHECK_EQ(msd_cleaner_clean(c, &doc, &a), MARSAD_OK);
    for (size_t k = 0; k < a.n_removed; k++)
        if (a.removed[k].line == line) got = a.removed[k].reason;
    test_check_str(got, strlen(got), reason, __FILE__, __LINE__, text);
    test_check_str(a.source ? a.source : "", a.source ? strlen(a.source) : 0, source, __FILE__,
                   __LINE__, text);
    msd_article_clear(&a);
    msd_cleaner_free(c);
}

/* Lines that look like the new rules' clutter and are not (found in review). */
#define PROSE "قال مسؤول في البلدية إن أعمال الصيانة ستستمر ثلاثة أسابيع، وإن الطريق سيفتح بعدها.\n"
static void check_lookalikes(void)
{
    /* a word that holds تصوير is no photographer's credit */
    clean_one("عنوان\n" PROSE "وحدد المخرج مواعيد التصوير: الأحد والاثنين\n", 3, "", "");
    clean_one("عنوان\n" PROSE "الجسر بعد ترميمه. تصوير: ليلى حداد\n", 3, "caption", "");
    /* a heading that opens like a related header but goes on */
    clean_one("عنوان\n" PROSE "آخر الأخبار الميدانية\nالجيش يتقدم في المدينة\n", 4, "", "");
    clean_one("عنوان\n" PROSE "قد يهمك أيضاً\nالجيش يتقدم في المدينة\n", 4, "related", "");
    /* تقرير: is a section label or a headline, not a byline */
    clean_one("عنوان\nتقرير: الأمم المتحدة تحذر من مجاعة\n" PROSE, 2, "", "");
    clean_one("عنوان\nكتبت: سارة الأمين\n" PROSE, 2, "other", "");
    /* a slogan in « » with an appeal after it is an appeal; reported words are not */
    clean_one("عنوان\n" PROSE "«ادعموا المزارع المحلي واشتروا من منتجاتنا» تبرعوا الآن\n", 3,
              "appeal", "");
    clean_one("عنوان\n" PROSE
              "«ادعموا المزارع المحلي واشتروا الزيت من المعصرة»، قال صاحب معصرة في البلدة.\n",
              3, "", "");
    /* no outlet name from a sentence about rights, a photo's ©, or a banner's appeal */
    clean_one("عنوان\n" PROSE PROSE "وأكد أن جميع الحقوق محفوظة للمواطنين\n", 0, "", "");
    clean_one("عنوان\n" PROSE PROSE "تصوير: © رويترز\n", 0, "", "");
    clean_one("عنوان\n" PROSE PROSE "ادعم غزة\n", 0, "", "");
    clean_one("عنوان\n" PROSE PROSE "© ٢٠٢٦ بريد السنابل. جميع الحقوق محفوظة\n", 0, "",
              "بريد السنابل");
    clean_one("عنوان\n" PROSE PROSE "شعار موقع الجسر الخامس\n", 0, "", "الجسر الخامس");
}

void suite_clean(void);
void suite_clean(void)
{
    check_lookalikes();
    check_sourceless_batch();
    check_presentation_forms();
    check_line_cost();
    /* the development set the rules were written against */
    dir = "data/examples";
    evaluate(0.97, 0.97);
    /* a held-out set written without sight of the rules */
    dir = "tests/data/clean-holdout";
    evaluate(0.95, 0.95);
    /* a second one: pages without a source, endings cluttered (written blind to the
     * rules: P 0.997, R 0.913 and one article line lost before the rules saw it) */
    dir = "tests/data/clean-nosource";
    evaluate(0.95, 0.95);
    /* and a third, by another hand, kept blind until the rules were done: before them P
     * 1.000, R 0.884 (tests/data/clean-nosource2/README.md) */
    dir = "tests/data/clean-nosource2";
    evaluate(0.95, 0.95);
}
