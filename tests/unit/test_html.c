/* test_html.c — the HTML reader: metadata, main text, removed boilerplate, charsets,
 * malformed input. Fixtures are invented pages in tests/data/html/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "marsad.h"
#include "read/html.h"
#include "read/html_int.h"
#include "test.h"

#define DIR "tests/data/html/"

typedef struct removed_want {
    const char *text, *reason;
} removed_want;

typedef struct fixture {
    const char *file, *hint;
    const char *title, *site, *published, *canonical, *lang, *dir, *charset;
    const char *lines[10];    /* article lines that must be in text */
    removed_want removed[12]; /* clutter that must be removed, with its reason */
    const char *absent[6];    /* substrings that must not be in text */
} fixture;

static const fixture fixtures[] = {
    {"article_full.html",
     NULL,
     "افتتاح مكتبة عامة جديدة في حمص",
     "شبكة المرصد",
     "2024-03-12T09:30:00+03:00",
     "https://marsad.example/news/syria/library-homs",
     "ar",
     "rtl",
     "utf-8",
     {"افتتاح مكتبة عامة جديدة في حمص",
      "افتتحت بلدية حمص صباح الثلاثاء مكتبة عامة جديدة في حي الوعر، تضم أكثر من عشرين ألف "
      "كتاب في الأدب والتاريخ والعلوم، وقاعة مطالعة تتسع لمئة وخمسين قارئا.",
      "وقال مدير المكتبة في حديث للصحفيين إن المشروع استغرق عامين من العمل، وإن متطوعين من "
      "طلاب الجامعة ساعدوا في فهرسة الكتب وترتيبها على الرفوف.",
      "«المكتبة بيت لكل الناس»",
      "وأضاف أن المكتبة ستفتح أبوابها يوميا من الثامنة صباحا حتى الثامنة مساء، وأن الاشتراك "
      "فيها مجاني للطلاب وكبار السن.",
      "قسم للأطفال", "مختبر حاسوب",
      "ويأمل القائمون على المشروع أن تتحول المكتبة إلى مركز ثقافي يستضيف الندوات والأمسيات "
      "الشعرية ومعارض الكتب خلال الأشهر المقبلة."},
     {{"الرئيسية > أخبار > سوريا", "breadcrumb"},
      {"شارك طباعة ع ع ع", "widget"},
      {"صورة أرشيفية لقاعة المطالعة في المكتبة", "caption"},
      {"حمص ثقافة كتب", "widget"},
      {"اقرأ أيضا", "related"},
      {"افتتاح معرض للكتاب في دمشق بمشاركة واسعة", "related"},
      {"ترميم المسرح القديم في حلب يقترب من نهايته", "related"},
      {"اشترك في نشرتنا البريدية ليصلك كل جديد", "widget"},
      {"جميع الحقوق محفوظة © 2024 marsad.example", "footer"},
      {"من نحن | اتصل بنا", "footer"}},
     {"الأكثر قراءة", "ارتفاع أسعار الخضار", "اقتصاد", "dataLayer", "font-family", "بريدك"}},
    {"legacy_cp1256.html",
     NULL,
     "أمطار غزيرة تغمر شوارع اللاذقية",
     "موقع الساحل",
     "2023-11-05",
     NULL,
     "ar",
     "rtl",
     "windows-1256",
     {"أمطار غزيرة تغمر شوارع اللاذقية",
      "شهدت مدينة اللاذقية مساء الأحد هطول أمطار غزيرة استمرت عدة ساعات، ما أدى إلى تجمع "
      "المياه في الشوارع الرئيسية وتعطل حركة السير في وسط المدينة.",
      "وأوضحت مديرية الأرصاد الجوية أن كمية الأمطار تجاوزت ستين مليمترا خلال ست ساعات، وهي "
      "من أعلى الكميات المسجلة في شهر تشرين الثاني منذ سنوات.",
      "ودعت فرق الدفاع المدني السكان إلى تجنب الخروج إلا للضرورة.",
      "وتتوقع الأرصاد أن يستمر الطقس الماطر حتى نهاية الأسبوع مع انخفاض ملحوظ في درجات "
      "الحرارة وهبوب رياح نشطة على المناطق الساحلية والجبلية."},
     {{"الرئيسية > أخبار > سوريا", "breadcrumb"},
      {"فيسبوك تويتر واتساب", "widget"},
      {"اقرأ أيضا: انقطاع الكهرباء عن أحياء في طرطوس بسبب العاصفة", "related"},
      {"جميع الحقوق محفوظة لموقع الساحل 2023 - sahel.example", "footer"}},
     {"محليات", "sahel.example", "طرطوس"}},
    {"legacy_iso88596.html",
     NULL,
     "جامعة دمشق تعلن نتائج المفاضلة الأولى",
     NULL,
     NULL,
     NULL,
     "ar",
     NULL,
     "iso-8859-6",
     {"جامعة دمشق تعلن نتائج المفاضلة الأولى",
      "أعلنت وزارة التعليم العالي اليوم نتائج المفاضلة الأولى للقبول في الجامعات الحكومية، "
      "وقالت إن عدد المقبولين هذا العام يزيد على خمسين ألف طالب وطالبة.",
      "وبينت الوزارة أن الطلاب يستطيعون الاطلاع على النتائج عبر الموقع الإلكتروني للوزارة "
      "أو في مراكز التسجيل المعتمدة في المحافظات.",
      "وتبدأ مرحلة التسجيل المباشر في الكليات مطلع الشهر المقبل وتستمر أسبوعين."},
     {{"الرئيسية", "widget"}, {"حقوق النشر محفوظة 2022 - edu.example", "footer"}},
     {"edu.example", "حقوق النشر"}},
    {"no_body.html",
     NULL,
     "مهرجان الزيتون في عفرين",
     NULL,
     "2022-10-21T10:00",
     "https://olive.example/festival",
     "ar-SY",
     NULL,
     "utf-8",
     {"انطلقت يوم الجمعة فعاليات مهرجان الزيتون السنوي بمشاركة عشرات المزارعين الذين عرضوا "
      "أصنافا مختلفة من الزيت والصابون والمخللات المصنوعة في القرى المجاورة.",
      "وقالت اللجنة المنظمة إن المهرجان يهدف إلى مساعدة صغار المنتجين على تسويق محاصيلهم بعد "
      "موسم صعب بسبب قلة الأمطار وارتفاع تكاليف النقل.",
      "ويستمر المهرجان ثلاثة أيام."},
     {{"الرئيسية زراعة", "breadcrumb"},
      {"تعليق: ما شاء الله مهرجان رائع", "other"},
      {"© olive.example", "footer"}},
     {"زراعة", "تعليق", "olive.example"}},
    {"br_body.html",
     NULL,
     "تراجع منسوب نهر الفرات يقلق المزارعين",
     "وكالة الفرات",
     "2021-07-18T08:15:00Z",
     NULL,
     "ar",
     "rtl",
     "utf-8",
     {"تراجع منسوب نهر الفرات إلى مستويات غير مسبوقة منذ عقود، بحسب ما أفاد به مهندسون "
      "يعملون في السدود المقامة على مجرى النهر.",
      "ويخشى المزارعون في ريف دير الزور من خسارة محاصيلهم الصيفية إذا استمر انخفاض المياه "
      "خلال الأسابيع القادمة.",
      "وطالب الأهالي الجهات المعنية بإيجاد حلول عاجلة.",
      "وأكد خبراء أن التغير المناخي وقلة الهطولات المطرية في المنطقة زادا من حدة الأزمة "
      "خلال السنوات الأخيرة."},
     {{"شارك: فيسبوك تويتر", "widget"},
      {"اشترك في قناتنا على تلغرام", "widget"},
      {"furat.example © 2021", "footer"}},
     {"تلغرام", "فيسبوك", "broken"}},
};

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long size;
    *n = 0;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) goto done;
    buf = malloc((size_t)size + 1);
    if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        buf = NULL;
    }
    if (buf) *n = (size_t)size;
done:
    fclose(f);
    return buf;
}

/* Whether line is one whole line of text. */
static int has_line(const char *text, const char *line)
{
    size_t k = strlen(line);
    for (const char *p = text; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len == k && !memcmp(p, line, k)) return 1;
        p = nl ? nl + 1 : NULL;
    }
    return 0;
}

static const char *reason_of(const msd_html_doc *d, const char *text)
{
    for (size_t i = 0; i < d->n_removed; i++)
        if (!strcmp(d->removed[i].text, text)) return d->removed[i].reason;
    return NULL;
}

static void check_field(const char *got, const char *want)
{
    if (!want) {
        CHECK(got == NULL);
        return;
    }
    CHECK(got != NULL);
    if (got) CHECK_STR(got, want);
}

static void check_fixture(const fixture *fx)
{
    char path[256];
    size_t n;
    char *html;
    msd_html_doc d;
    snprintf(path, sizeof path, DIR "%s", fx->file);
    html = slurp(path, &n);
    CHECK(html != NULL);
    if (!html) return;
    CHECK_EQ(msd_html_extract(html, n, fx->hint, &d), MARSAD_OK);
    free(html);
    check_field(d.title, fx->title);
    check_field(d.site_name, fx->site);
    check_field(d.published, fx->published);
    check_field(d.canonical, fx->canonical);
    check_field(d.lang, fx->lang);
    check_field(d.dir, fx->dir);
    check_field(d.charset, fx->charset);
    CHECK(d.text != NULL);
    if (!d.text) return;
    CHECK_EQ(d.text_len, strlen(d.text));
    CHECK_EQ(marsad_utf8_check(d.text, d.text_len, NULL), MARSAD_OK);
    for (int i = 0; i < 10 && fx->lines[i]; i++) {
        int ok = has_line(d.text, fx->lines[i]);
        CHECK(ok);
        if (!ok) fprintf(stderr, "     missing line [%s]\n", fx->lines[i]);
    }
    for (int i = 0; i < 12 && fx->removed[i].text; i++) {
        const char *why = reason_of(&d, fx->removed[i].text);
        CHECK(strstr(d.text, fx->removed[i].text) == NULL);
        CHECK(why != NULL);
        if (why) CHECK_STR(why, fx->removed[i].reason);
    }
    for (int i = 0; i < 6 && fx->absent[i]; i++) CHECK(strstr(d.text, fx->absent[i]) == NULL);
    msd_html_doc_free(&d);
    CHECK(d.text == NULL && d.removed == NULL && d.n_removed == 0 && d.title == NULL);
}

static void check_line_shape(void)
{
    size_t n;
    char *html = slurp(DIR "article_full.html", &n);
    msd_html_doc d;
    CHECK(html != NULL);
    if (!html) return;
    CHECK_EQ(msd_html_extract(html, n, NULL, &d), MARSAD_OK);
    free(html);
    /* One block a line: no empty line, no edge spaces, no doubled spaces. */
    CHECK(d.text_len > 0 && d.text[0] != '\n' && d.text[d.text_len - 1] != '\n');
    CHECK(strstr(d.text, "\n\n") == NULL && strstr(d.text, "  ") == NULL);
    CHECK(strstr(d.text, " \n") == NULL && strstr(d.text, "\n ") == NULL);
    /* The caption is listed before the story's second paragraph: page order. */
    CHECK(d.n_removed >= 10);
    for (size_t i = 0; i < d.n_removed; i++) {
        const char *r = d.removed[i].reason;
        CHECK(!strcmp(r, "breadcrumb") || !strcmp(r, "related") || !strcmp(r, "widget") ||
              !strcmp(r, "footer") || !strcmp(r, "caption") || !strcmp(r, "other"));
    }
    msd_html_doc_free(&d);
}

/* The same page decoded from a caller's hint, and from sniffing without a <meta>. */
static void check_charsets(void)
{
    /* مرحبا بكم في سوريا in windows-1256, long enough to be a paragraph. */
    static const char cp1256[] = "<p>\xe3\xd1\xcd\xc8\xc7 \xc8\xdf\xe3</p>";
    static const char iso[] = "<p>\xe5\xd1\xcd\xc8\xc7</p>"; /* ISO-8859-6 */
    static const char bom[] = "\xef\xbb\xbf<meta charset=windows-1256><p>سلام</p>";
    msd_html_doc d;
    size_t n;
    char *html = slurp(DIR "legacy_cp1256.html", &n);
    CHECK(html != NULL);
    if (html) {
        CHECK_EQ(msd_html_extract(html, n, "CP1256", &d), MARSAD_OK);
        check_field(d.charset, "windows-1256");
        CHECK(d.text &&
              has_line(d.text, "ودعت فرق الدفاع المدني السكان إلى تجنب الخروج إلا للضرورة."));
        msd_html_doc_free(&d);
        /* A wrong hint still yields valid UTF-8. */
        CHECK_EQ(msd_html_extract(html, n, "utf-8", &d), MARSAD_OK);
        check_field(d.charset, "utf-8");
        CHECK(d.text && marsad_utf8_check(d.text, d.text_len, NULL) == MARSAD_OK);
        msd_html_doc_free(&d);
        free(html);
    }
    CHECK_EQ(msd_html_extract(cp1256, sizeof cp1256 - 1, NULL, &d), MARSAD_OK);
    check_field(d.charset, "windows-1256");
    CHECK(d.n_removed == 1 && !strcmp(d.removed[0].text, "مرحبا بكم"));
    msd_html_doc_free(&d);
    CHECK_EQ(msd_html_extract(iso, sizeof iso - 1, "iso_8859-6", &d), MARSAD_OK);
    check_field(d.charset, "iso-8859-6");
    CHECK(d.n_removed == 1 && !strcmp(d.removed[0].text, "مرحبا"));
    msd_html_doc_free(&d);
    /* An unknown hint falls back to sniffing. */
    CHECK_EQ(msd_html_extract(cp1256, sizeof cp1256 - 1, "x-no-such-charset", &d), MARSAD_OK);
    check_field(d.charset, "windows-1256");
    msd_html_doc_free(&d);
    /* A UTF-8 byte-order mark wins over a <meta> that says otherwise. */
    CHECK_EQ(msd_html_extract(bom, sizeof bom - 1, NULL, &d), MARSAD_OK);
    check_field(d.charset, "utf-8");
    CHECK(d.n_removed == 1 && !strcmp(d.removed[0].text, "سلام"));
    msd_html_doc_free(&d);
}

#define LONG1 "يعمل المزارعون في السهل الشرقي منذ الفجر على جني محصول القمح قبل موجة الحر المتوقعة."
#define LONG2 "وقدرت مديرية الزراعة إنتاج هذا الموسم بأكثر من مئتي ألف طن، وهو أعلى رقم منذ سنوات."

/* Extracts a page given as a string; returns the doc for the caller to check and free. */
static int run(const char *html, msd_html_doc *d)
{
    return msd_html_extract(html, strlen(html), NULL, d);
}

static void check_rules(void)
{
    msd_html_doc d;
    /* "ads" is a whole class word only: "uploads" is no advert. */
    CHECK_EQ(run("<div class='uploads'><p>" LONG1 "</p></div><div class='top-ads'><p>" LONG2
                 "</p></div>",
                 &d),
             MARSAD_OK);
    CHECK(d.text && has_line(d.text, LONG1) && !strstr(d.text, LONG2));
    CHECK(d.n_removed == 1 && !strcmp(d.removed[0].reason, "widget"));
    msd_html_doc_free(&d);
    /* A short line between two good paragraphs is kept (jusText's context rule); a
     * heading before good text is kept; one before boilerplate only is not. */
    CHECK_EQ(run("<body><h2>موسم القمح</h2><p>" LONG1 "</p><p>وفي حديث قصير:</p><p>" LONG2
                 "</p><h2>روابط</h2><footer>حقوق</footer></body>",
                 &d),
             MARSAD_OK);
    CHECK(d.text && has_line(d.text, "موسم القمح") && has_line(d.text, "وفي حديث قصير:"));
    CHECK(d.text && !has_line(d.text, "روابط"));
    CHECK_STR(reason_of(&d, "روابط") ? reason_of(&d, "روابط") : "", "other");
    msd_html_doc_free(&d);
    /* A link-dense line is related; the site masthead <header> is removed, an
     * article's own <header> is not. */
    CHECK_EQ(run("<header><p>صحيفة الريف</p></header><article><header><h1>القمح</h1></header>"
                 "<p>" LONG1 "</p><p>اقرأ: <a href='/a'>أسعار القمح ترتفع في الأسواق</a></p>"
                 "<p>" LONG2 "</p></article>",
                 &d),
             MARSAD_OK);
    CHECK(d.text && has_line(d.text, "القمح") && has_line(d.text, LONG2));
    CHECK_STR(reason_of(&d, "صحيفة الريف") ? reason_of(&d, "صحيفة الريف") : "", "other");
    CHECK_STR(reason_of(&d, "اقرأ: أسعار القمح ترتفع في الأسواق")
                  ? reason_of(&d, "اقرأ: أسعار القمح ترتفع في الأسواق")
                  : "",
              "related");
    msd_html_doc_free(&d);
    /* White space of every kind collapses; &nbsp; too; inline markup joins its block. */
    CHECK_EQ(run("<pre>\t" LONG1
                 "\n\n   </pre><p>أ&nbsp;&nbsp;<b>ب</b>\tج<span>د</span></p><p>" LONG2 "</p>",
                 &d),
             MARSAD_OK);
    CHECK(d.text && has_line(d.text, LONG1) && has_line(d.text, "أ ب جد"));
    msd_html_doc_free(&d);
    /* Metadata variants: og: in name=, a string publisher, no <html lang>. */
    CHECK_EQ(run("<head><meta name='og:title' content=' عنوان   الخبر '><script "
                 "type='application/ld+json'>{\"publisher\": \"دار النشر\", \"datePublished\": "
                 "\"2020-01-02\"}</script></head><p>" LONG1 "</p>",
                 &d),
             MARSAD_OK);
    check_field(d.title, "عنوان الخبر");
    check_field(d.site_name, "دار النشر");
    check_field(d.published, "2020-01-02");
    check_field(d.lang, NULL);
    msd_html_doc_free(&d);
    /* The date by Dublin Core, by microdata, by a bare name; Open Graph's first */
    CHECK_EQ(
        run("<head><meta name='DC.date.issued' content='2016-10-18'></head><p>" LONG1 "</p>", &d),
        MARSAD_OK);
    check_field(d.published, "2016-10-18");
    msd_html_doc_free(&d);
    CHECK_EQ(run("<head><meta itemprop='datePublished' content='2016-10-19T08:00:00+03:00'>"
                 "</head><p>" LONG1 "</p>",
                 &d),
             MARSAD_OK);
    check_field(d.published, "2016-10-19T08:00:00+03:00");
    msd_html_doc_free(&d);
    CHECK_EQ(run("<head><meta name='pubdate' content='2016-10-20'><meta "
                 "property='article:published_time' content='2016-10-21'></head><p>" LONG1 "</p>",
                 &d),
             MARSAD_OK);
    check_field(d.published, "2016-10-21");
    check_field(d.canonical, NULL);
    msd_html_doc_free(&d);
    /* Only boilerplate: OK with empty text, everything listed as removed. */
    CHECK_EQ(run("<nav><a href='/'>الرئيسية</a></nav><footer>© 2024</footer>", &d), MARSAD_OK);
    CHECK(d.text && d.text_len == 0 && d.n_removed == 2);
    msd_html_doc_free(&d);
}

#define LONG3                                                                                      \
    "وأكد رئيس الجمعية الفلاحية أن الأسعار المعلنة هذا العام تغطي التكاليف وتترك هامشا معقولا."
#define SIDE "موقع الريف نشرة يومية مستقلة تهتم بأخبار الزراعة والمياه في المحافظات منذ عام ألفين."

/* Classes of failure found on trafilatura's evaluation set (docs/extract.md, "Measured
 * on trafilatura's pages"), each on a small page written for it. */
static void check_classes(void)
{
    msd_html_doc d;
    /* A layout wrapper named like a box (a theme's "content-sidebar-wrap", Elementor's
     * "widget-container") holds the article: it is no sidebar; the real one inside it,
     * with less than half the prose, still is. */
    CHECK_EQ(run("<body><div class='content-sidebar-wrap'><main><p>" LONG1 "</p><p>" LONG2
                 "</p><p>" LONG3 "</p></main><div class='sidebar'><p>" SIDE
                 "</p></div></div></body>",
                 &d),
             MARSAD_OK);
    CHECK(d.text && has_line(d.text, LONG1) && has_line(d.text, LONG3));
    CHECK(d.text && !strstr(d.text, SIDE));
    CHECK_STR(reason_of(&d, SIDE) ? reason_of(&d, SIDE) : "", "related");
    msd_html_doc_free(&d);
    /* its <time> is the article's; the sidebar's, inside the same wrapper, is not */
    CHECK_EQ(run("<body><div class='content-sidebar-wrap'><div class='sidebar'><time "
                 "datetime='2019-05-05'>قديم</time><p>" SIDE "</p></div><main><time "
                 "datetime='2024-01-02'>منذ 3 ساعات</time><p>" LONG1 "</p><p>" LONG2 "</p><p>" LONG3
                 "</p></main></div></body>",
                 &d),
             MARSAD_OK);
    check_field(d.published, "2024-01-02");
    msd_html_doc_free(&d);
    CHECK_EQ(run("<div class='elementor-widget-container'><p>" LONG1 "</p><p>" LONG2
                 "</p></div><div class='widget'><p>" SIDE "</p></div>",
                 &d),
             MARSAD_OK);
    CHECK(d.text && has_line(d.text, LONG1) && has_line(d.text, LONG2));
    CHECK(d.text && !strstr(d.text, SIDE));
    msd_html_doc_free(&d);
    /* A masthead <header> left open swallows the page: the article under it is kept,
     * the masthead's links are not. */
    CHECK_EQ(run("<body><header class='site-header'><p><a href='/'>صحيفة الريف</a></p>"
                 "<article><p>" LONG1 "</p><p>" LONG2 "</p></article></body>",
                 &d),
             MARSAD_OK);
    CHECK(d.text && has_line(d.text, LONG1) && has_line(d.text, LONG2));
    CHECK(d.text && !strstr(d.text, "صحيفة الريف"));
    msd_html_doc_free(&d);
    /* Inside the body, the short lines after its last paragraph are furniture; outside
     * it, even a long block (an author's box) is not the article. */
    CHECK_EQ(run("<body><article><h1>موسم القمح</h1><p>" LONG1 "</p><p>" LONG2 "</p><p>" LONG3
                 "</p><p>" LONG1 " " LONG2 "</p><p>" LONG3 " " LONG1 "</p><p>المزيد حول "
                 "الموضوع</p><p>12/03/2024</p></article><footer>حقوق</footer><div><p>" SIDE
                 "</p></div></body>",
                 &d),
             MARSAD_OK);
    CHECK(d.text && has_line(d.text, "موسم القمح") && has_line(d.text, LONG3));
    CHECK(d.text && !strstr(d.text, "المزيد حول") && !strstr(d.text, "12/03/2024"));
    CHECK(d.text && !strstr(d.text, SIDE));
    msd_html_doc_free(&d);
    /* A heading inside the body that opens a list of links, not text, is the list's. */
    CHECK_EQ(run("<body><article><p>" LONG1 "</p><p>" LONG2 "</p><h3>مواضيع ذات صلة</h3><ul><li>"
                 "<a href='/a'>أسعار القمح ترتفع في الأسواق المحلية</a></li></ul><h3>الأسعار</h3>"
                 "<p>" LONG3 "</p><p>" LONG1 " " LONG2 "</p><p>" LONG3 " " LONG1
                 "</p></article><footer>حقوق</footer></body>",
                 &d),
             MARSAD_OK);
    CHECK(d.text && has_line(d.text, "الأسعار") && has_line(d.text, LONG3));
    CHECK(d.text && !strstr(d.text, "مواضيع ذات صلة"));
    msd_html_doc_free(&d);
    /* Every paragraph under a boilerplate name, none holding half the prose: the page is
     * read by its tags alone rather than giving nothing; its <nav> is still dropped. */
    CHECK_EQ(run("<body><nav><a href='/'>الرئيسية</a> <a href='/b'>اقتصاد</a></nav>"
                 "<div class='widget-container'><p>" LONG1 "</p></div><div class='widget-"
                 "container'><p>" LONG2 "</p></div><div class='widget-container'><p>" LONG3
                 "</p></div></body>",
                 &d),
             MARSAD_OK);
    CHECK(d.text && has_line(d.text, LONG1) && has_line(d.text, LONG3));
    CHECK(d.text && !strstr(d.text, "الرئيسية"));
    msd_html_doc_free(&d);
    /* A <noscript> notice is dropped; one left open, that swallows the article, is not. */
    CHECK_EQ(run("<body><noscript><p>يرجى تفعيل جافاسكربت في المتصفح لعرض جميع محتويات هذه "
                 "الصفحة بصورة صحيحة وكاملة</p></noscript><p>" LONG1 "</p><p>" LONG2 "</p></body>",
                 &d),
             MARSAD_OK);
    CHECK(d.text && has_line(d.text, LONG1) && !strstr(d.text, "جافاسكربت"));
    msd_html_doc_free(&d);
    CHECK_EQ(run("<body><noscript><img src='/pixel.gif'><div><p>" LONG1 "</p><p>" LONG2
                 "</p><p>" LONG3 "</p></div></body>",
                 &d),
             MARSAD_OK);
    CHECK(d.text && has_line(d.text, LONG1) && has_line(d.text, LONG3));
    msd_html_doc_free(&d);
    /* Ruby annotations (Japanese readings) are no text of the line they gloss. */
    CHECK_EQ(
        run("<p>今年の夏は例年よりも暑く、東京では最高気温が三十五度を超える日が十日以上続いた。"
            "<ruby>気象庁<rp>(</rp><rt>きしょうちょう</rt><rp>)</rp></ruby>は熱中症に注意するよう"
            "呼びかけており、水分をこまめにとることを勧めている。</p>",
            &d),
        MARSAD_OK);
    CHECK(d.text && strstr(d.text, "続いた。気象庁は熱中症に") && !strstr(d.text, "きしょう"));
    msd_html_doc_free(&d);
    /* A box named for its author is no article text, nor a copyright notice. */
    CHECK_EQ(run("<article><p>" LONG1 "</p><p>" LONG2 "</p><p>" LONG3 "</p><p>" LONG1 " " LONG2
                 "</p><div class='author-box'><p>" SIDE "</p></div><div class='copyright'>"
                 "<p>جميع الحقوق محفوظة لموقع الريف، ولا يجوز النقل دون إذن مكتوب من إدارة "
                 "التحرير</p></div><p>" LONG3 "</p></article>",
                 &d),
             MARSAD_OK);
    CHECK(d.text && has_line(d.text, LONG2) && !strstr(d.text, SIDE));
    CHECK(d.text && !strstr(d.text, "جميع الحقوق"));
    CHECK_STR(reason_of(&d, SIDE) ? reason_of(&d, SIDE) : "", "related");
    msd_html_doc_free(&d);
}

/* The library never prints: libxml2's complaints about broken markup are silenced. */
static void check_silent(void)
{
    static const char bad[] = "<html><body><p>x</b></i><table><td><<<&bogus;<p\x01 a=<div>"
                              "<meta charset=utf-16><!DOCTYPE x><?pi?></nope></html></html>";
    msd_html_doc d;
    FILE *tmp = tmpfile();
    int saved = dup(2);
    long size = -1;
    CHECK(tmp != NULL && saved >= 0);
    if (!tmp || saved < 0) return;
    fflush(stderr);
    dup2(fileno(tmp), 2);
    msd_html_extract(bad, sizeof bad - 1, NULL, &d);
    msd_html_doc_free(&d);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    if (!fseek(tmp, 0, SEEK_END)) size = ftell(tmp);
    fclose(tmp);
    CHECK_EQ(size, 0);
}

static void check_tiny(void)
{
    size_t n;
    char *html = slurp(DIR "tiny.html", &n);
    msd_html_doc d;
    CHECK(html != NULL);
    if (!html) return;
    CHECK_EQ(msd_html_extract(html, n, NULL, &d), MARSAD_EFORMAT);
    CHECK(d.text == NULL && d.title == NULL && d.charset == NULL && d.removed == NULL);
    msd_html_doc_free(&d);
    free(html);
}

static void check_malformed(void)
{
    static const char unclosed[] =
        "<html><body><div><p>هذه فقرة طويلة بما يكفي لتعد فقرة من فقرات المقال، ولم يغلق "
        "كاتبها أي وسم من وسومها <b>ولا هذا <a href='x'>الرابط";
    static const char garbage[] = "\x00\xff\xfe<\x01<<>>&#xffffffff;&#0;<p\x80>\xc3\x28</";
    msd_html_doc d;
    char big[4096];
    CHECK_EQ(msd_html_extract("", 0, NULL, &d), MARSAD_EFORMAT);
    CHECK(d.text == NULL && d.charset == NULL);
    CHECK_EQ(msd_html_extract(NULL, 0, NULL, &d), MARSAD_EFORMAT);
    CHECK_EQ(msd_html_extract(NULL, 5, NULL, &d), MARSAD_EINVAL);
    CHECK_EQ(msd_html_extract("<p>x</p>", 8, NULL, NULL), MARSAD_EINVAL);
    CHECK_EQ(msd_html_extract("x", (size_t)65 << 20, NULL, &d), MARSAD_ETOOBIG);
    CHECK_EQ(msd_html_extract(unclosed, sizeof unclosed - 1, NULL, &d), MARSAD_OK);
    CHECK(d.text && strstr(d.text, "هذه فقرة طويلة") && strstr(d.text, "الرابط"));
    msd_html_doc_free(&d);
    {
        int rc = msd_html_extract(garbage, sizeof garbage - 1, NULL, &d);
        CHECK(rc == MARSAD_OK || rc == MARSAD_EFORMAT);
        CHECK(rc != MARSAD_OK || (d.text && marsad_utf8_check(d.text, d.text_len, NULL) == 0));
        msd_html_doc_free(&d);
    }
    /* Binary noise: never a crash, always valid UTF-8 out. */
    for (size_t i = 0; i < sizeof big; i++) big[i] = (char)((i * 2654435761u) >> 13);
    {
        int rc = msd_html_extract(big, sizeof big, NULL, &d);
        CHECK(rc == MARSAD_OK || rc == MARSAD_EFORMAT);
        for (size_t i = 0; rc == MARSAD_OK && i < d.n_removed; i++)
            CHECK(marsad_utf8_check(d.removed[i].text, strlen(d.removed[i].text), NULL) == 0);
        msd_html_doc_free(&d);
    }
    msd_html_doc_free(&d); /* a zeroed doc is fine */
    msd_html_doc_free(NULL);
    CHECK(1);
}

/* Deep nesting: libxml2 gives up past its depth limit, the walk itself is iterative. */
static void check_deep(void)
{
    static const size_t depths[] = {200, 20000};
    for (int k = 0; k < 2; k++) {
        size_t depth = depths[k], n = 0;
        char *html = malloc(depth * 5 + 200);
        msd_html_doc d;
        int rc;
        CHECK(html != NULL);
        if (!html) return;
        for (size_t i = 0; i < depth; i++, n += 5) memcpy(html + n, "<div>", 5);
        n += (size_t)snprintf(html + n, 200, "<p>%s</p>", "نص عميق جدا");
        rc = msd_html_extract(html, n, NULL, &d);
        if (k == 0) {
            CHECK_EQ(rc, MARSAD_OK);
            CHECK(d.n_removed == 1 && !strcmp(d.removed[0].text, "نص عميق جدا"));
        } else {
            CHECK(rc == MARSAD_OK || rc == MARSAD_EFORMAT);
        }
        msd_html_doc_free(&d);
        free(html);
    }
}

/* Character references of text without its page (JSONL fields): decoded once, only the
 * real ones. */
static void check_unescape(void)
{
    static const struct {
        const char *in, *want; /* want NULL: no reference, nothing allocated */
    } cases[] = {
        {"قال: &quot;لا&quot;", "قال: \"لا\""},
        {"&#8220;الحقوق&#8221; &#39;x&#39;", "“الحقوق” 'x'"},
        {"&#x627;&#X644;&#1606;", "الن"},
        {"a&amp;b &lt;p&gt; &nbsp;", "a&b <p> \u00A0"},
        {"&amp;quot;", "&quot;"},               /* once */
        {"&#150; &#128; &#129;", "– € \uFFFD"}, /* windows-1252 as HTML reads it */
        {"&#0; &#xD800; &#x110000; &#1;", "\uFFFD \uFFFD \uFFFD \uFFFD"},
        {"AT&T &amp &foo; & ; &#; &#x; &#12a; &Quot;", NULL},
        {"&#123456789;", NULL}, /* more than 8 digits: not read as a reference */
        {"لا مراجع هنا", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = (char *)"?";
        size_t len = 0;
        CHECK_EQ(msd_html_unescape(cases[i].in, strlen(cases[i].in), &out, &len), MARSAD_OK);
        if (!cases[i].want) {
            test_check(out == NULL, __FILE__, __LINE__, cases[i].in);
            continue;
        }
        if (!out) {
            test_check(0, __FILE__, __LINE__, cases[i].in);
            continue;
        }
        test_check_str(out, len, cases[i].want, __FILE__, __LINE__, cases[i].in);
        CHECK(out[len] == 0 && len < strlen(cases[i].in));
        free(out);
    }
}

/* The byline: <meta name=author>, else JSON-LD author names, else article:author when it
 * is a name; none gives NULL. */
static void check_author(void)
{
    static const struct {
        const char *head, *want;
    } cases[] = {
        {"<meta name=\"author\" content=\" سامر  الحلبي \">", "سامر الحلبي"},
        {"<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"author\":"
         "[{\"@type\":\"Person\",\"name\":\"ليلى حداد\"},{\"name\":\"كريم ناصر\"}]}</script>",
         "ليلى حداد, كريم ناصر"},
        {"<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"WebPage\"},"
         "{\"@type\":\"NewsArticle\",\"author\":{\"@type\":\"Person\",\"name\":\"ليلى "
         "حداد\"}}]}</script><meta name=\"author\" content=\"سامر الحلبي\">",
         "سامر الحلبي"},
        {"<meta property=\"article:author\" content=\"https://facebook.example/sahel\">", NULL},
        {"<meta property=\"article:author\" content=\"قسم التحرير\">", "قسم التحرير"},
        {"<script type=\"application/ld+json\">{\"author\":\"وكالة الساحل\"}</script>"
         "<meta property=\"article:author\" content=\"قسم التحرير\">",
         "وكالة الساحل"},
        {"<meta name=\"description\" content=\"خبر\">", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char page[2048];
        msd_html_doc d;
        int n = snprintf(page, sizeof page,
                         "<html><head>%s</head><body><p>شهدت المدينة أمطارا غزيرة استمرت "
                         "ساعات، وقالت البلدية إن فرقها فتحت مجاري السيول في الأحياء "
                         "المنخفضة.</p></body></html>",
                         cases[i].head);
        CHECK_EQ(msd_html_extract(page, (size_t)n, NULL, &d), MARSAD_OK);
        if (!cases[i].want)
            test_check(d.author == NULL, __FILE__, __LINE__, cases[i].head);
        else if (!d.author)
            test_check(0, __FILE__, __LINE__, cases[i].head);
        else
            test_check_str(d.author, strlen(d.author), cases[i].want, __FILE__, __LINE__,
                           cases[i].head);
        msd_html_doc_free(&d);
    }
}

/* The cap on a tag's attributes: the bytes past the cap's attribute, up to the tag's
 * '>', go; quoted '>', comments and script text are not taken for a tag's end. */
static void check_attr_cap(void)
{
    static const struct {
        const char *in, *out; /* out NULL: unchanged */
    } cases[] = {
        {"<div a=1 b='2>' c d=\"4\"><p>x</p>", "<div a=1 b='2>' ><p>x</p>"},
        {"<p a b>x</p><br c d e/>", "<p a b>x</p><br c d >"},
        {"<p a b>x</p>", NULL},
        {"<!-- <p a b c d> --><p a>", NULL},
        {"<script>if (a<b c d e) x = 1;</script><p a b c>",
         "<script>if (a<b c d e) x = 1;</script><p a b >"},
        {"<STYLE>p<a b c d {}</style>", NULL},
        {"<p a b c", "<p a b "},
        {"a < b c d e > f", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = (char *)1;
        size_t n = 0;
        CHECK_EQ(msd_html_cap_attrs(cases[i].in, strlen(cases[i].in), 2, &out, &n), MARSAD_OK);
        if (cases[i].out) {
            CHECK_STR(out ? out : "(unchanged)", cases[i].out);
            CHECK(out && n == strlen(out));
        } else {
            CHECK(out == NULL);
        }
        free(out);
    }
    /* a tag of 20,000 attributes (quadratic in libxml2: seconds) reads as one of three */
    {
        char *text[2] = {NULL, NULL};
        for (int t = 0; t < 2; t++) {
            int n_attrs = t ? 20000 : 3;
            char *page = malloc((size_t)n_attrs * 14 + 1024), *p = page;
            msd_html_doc d;
            if (!page) return;
            p += sprintf(p, "<html><head><title>سوق شعبي جديد</title></head><body><div");
            for (int k = 0; k < n_attrs; k++) p += sprintf(p, " a%d=\"x>\"", k);
            strcpy(p, "><p>افتتحت البلدية سوقا شعبيا جديدا يضم مئة محل في وسط المدينة القديمة "
                      "بعد سنوات من الانتظار.</p></div><p>وقال رئيس البلدية إن السوق سيفتح "
                      "أبوابه كل يوم من الصباح حتى المساء.</p></body></html>");
            CHECK_EQ(msd_html_extract(page, strlen(page), NULL, &d), MARSAD_OK);
            text[t] = d.text, d.text = NULL;
            msd_html_doc_free(&d);
            free(page);
        }
        CHECK(text[0] && strstr(text[0], "رئيس البلدية"));
        CHECK_STR(text[1] ? text[1] : "", text[0] ? text[0] : "-");
        free(text[0]);
        free(text[1]);
    }
}

void suite_html(void);
void suite_html(void)
{
    check_attr_cap();
    check_author();
    check_unescape();
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) check_fixture(&fixtures[i]);
    check_line_shape();
    check_charsets();
    check_rules();
    check_classes();
    check_silent();
    check_tiny();
    check_malformed();
    check_deep();
}
