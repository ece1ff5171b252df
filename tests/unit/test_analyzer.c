/* test_analyzer.c — the public pipeline: forms, offsets, stopwords, errors. */
#include <stdio.h>
#include <stdlib.h>

#include "marsad.h"
#include "test.h"
#include "text/utf8.h"

struct collect {
    const char *text;
    char out[8192];
    size_t o;
    size_t count;
    int offsets_ok; /* surface == text[byte_start..byte_end], code points agree */
    int stop_after;
    size_t next_position; /* positions increase; dropped stopwords leave gaps */
};

static size_t count_cps(const char *s, size_t n)
{
    size_t i = 0, k = 0;
    while (i < n) {
        msd_utf8_next((const unsigned char *)s, n, &i, NULL);
        k++;
    }
    return k;
}

static int collect_tok(void *ctx, const marsad_token *t)
{
    struct collect *c = ctx;
    if (t->surface != c->text + t->byte_start || t->byte_end - t->byte_start != t->surface_len ||
        count_cps(c->text, t->byte_start) != t->cp_start ||
        t->cp_end - t->cp_start != count_cps(t->surface, t->surface_len) ||
        t->position < c->next_position)
        c->offsets_ok = 0;
    c->next_position = t->position + 1;
    if (c->o < sizeof c->out - 512)
        c->o += (size_t)snprintf(c->out + c->o, sizeof c->out - c->o, "%s%.*s/%.*s%s",
                                 c->o ? " " : "", (int)t->norm_len, t->norm, (int)t->stem_len,
                                 t->stem, (t->flags & MARSAD_TOKEN_STOPWORD) ? "*" : "");
    c->count++;
    return c->stop_after && c->count >= (size_t)c->stop_after;
}

static const char *analyze(marsad_analyzer *a, const char *text, struct collect *c)
{
    memset(c, 0, sizeof *c);
    c->text = text;
    c->offsets_ok = 1;
    CHECK_EQ(marsad_analyze(a, text, strlen(text), collect_tok, c), MARSAD_OK);
    CHECK(c->offsets_ok);
    return c->out;
}

static void check_forms(void)
{
    marsad_analyzer *a = NULL;
    marsad_analyzer_config cfg;
    struct collect c;
    marsad_analyzer_config_init(&cfg);
    cfg.stemmer = MARSAD_STEMMER_LIGHT;
    CHECK_EQ(marsad_analyzer_new(&cfg, &a), MARSAD_OK);
    CHECK_STR(analyze(a, "وقالت الحكومةُ السورية إن ٢٥٬٠٠٠ مقاتل", &c),
              "وقالت/قالت الحكومه/حكوم السوريه/سور ان/ان 25000/25000 مقاتل/مقاتل");
    /* spelling variants meet in the normalized form */
    CHECK_STR(analyze(a, "الإسلامية الاسلامية", &c), "الاسلاميه/اسلام الاسلاميه/اسلام");
    CHECK_STR(analyze(a, "مسؤولية مسئولية والشؤون والشئون", &c),
              "مسءوليه/مسءول مسءوليه/مسءول والشءون/شء والشءون/شء");
    /* a glued compound name gives the tokens of its spaced spelling, fast lane or not */
    CHECK_STR(analyze(a, "عبدالعزيز وعبدالرحمن", &c), "عبد/عبد العزيز/عزيز وعبد/عبد الرحمن/رحمن");
    CHECK_STR(analyze(a, "عبد العزيز وعبد الرحمن", &c), "عبد/عبد العزيز/عزيز وعبد/عبد الرحمن/رحمن");
    CHECK_STR(analyze(a, "عبدُالعزيز", &c), "عبد/عبد العزيز/عزيز");
    CHECK_STR(analyze(a, "٣٫٥ 3.5 1,250,000 3,5", &c), "3.5/3.5 3.5/3.5 1250000/1250000 3,5/3,5");
    CHECK_STR(analyze(a, "Reuters WWW.Example.COM/X @AFP #عاجل", &c),
              "reuters/reuters www.example.com/X/www.example.com/X @afp/@afp عاجل/عاجل");
    /* a hashtag's words are normalized and stemmed as words */
    CHECK_STR(analyze(a, "#دير_الزور #السعودية_2030 #مسئولية", &c),
              "دير/دير الزور/زور السعوديه/سعود 2030/2030 مسءوليه/مسءول");
    CHECK_STR(analyze(a, "", &c), "");
    CHECK_EQ(c.count, 0);
    marsad_analyzer_free(a);
}

static void check_offsets_on_messy_text(void)
{
    marsad_analyzer *a = NULL;
    struct collect c;
    static const char *const texts[] = {
        "\uFEFFالرئيسية > أخبار > سوريا\n\nصورة أرشيفية (رويترز) camera icon\u200F\n"
        "قال الكولونيل شون رايان: «سنواصل الضربات» في ٢٣ آذار/ مارس ٢٠١٦.\n"
        "tag icon ع ع ع ×\nhttps://alwatan-today.example/news/123 © 2016",
        "\xff\xfe bad \xd8 bytes \xe2\x82 في النص",
        "\uFEFB\uFDF2\uFDFA ligatures",
    };
    CHECK_EQ(marsad_analyzer_new(NULL, &a), MARSAD_OK);
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        analyze(a, texts[i], &c);
        CHECK(c.count >= 2);
    }
    marsad_analyzer_free(a);
}

static void check_stopwords(void)
{
    marsad_analyzer *a = NULL;
    marsad_analyzer_config cfg;
    struct collect c;
    marsad_analyzer_config_init(&cfg);
    cfg.stemmer = MARSAD_STEMMER_NONE;
    cfg.mark_stopwords = 1;
    CHECK_EQ(marsad_analyzer_new(&cfg, &a), MARSAD_OK);
    /* the list says إلى and على; normalized forms match الى and علي */
    CHECK_STR(analyze(a, "ذهب الى المدينة على عجل", &c),
              "ذهب/ذهب الي/الي* المدينه/المدينه علي/علي* عجل/عجل");
    CHECK(marsad_analyzer_is_stopword(a, "في", strlen("في")));
    CHECK(!marsad_analyzer_is_stopword(a, "مرصد", strlen("مرصد")));
    /* the list's هؤلاء and أولئك are kept in index form: ء, as their tokens */
    CHECK_STR(analyze(a, "هؤلاء أولئك المسؤولون", &c),
              "هءلاء/هءلاء* اولءك/اولءك* المسءولون/المسءولون");
    CHECK(marsad_analyzer_is_stopword(a, "هؤلاء", strlen("هؤلاء")));
    marsad_analyzer_free(a);
    cfg.mark_stopwords = 0;
    cfg.drop_stopwords = 1;
    CHECK_EQ(marsad_analyzer_new(&cfg, &a), MARSAD_OK);
    CHECK_STR(analyze(a, "ذهب الى المدينة على عجل", &c), "ذهب/ذهب المدينه/المدينه عجل/عجل");
    /* the name Ali stays; the preposition goes */
    CHECK_STR(analyze(a, "قال علي إن", &c), "قال/قال علي/علي");
    /* numbers in fullwidth digits are canonical; other scripts' digits are letters */
    CHECK_STR(analyze(a, "２０２４", &c), "2024/2024");
    marsad_analyzer_free(a);
}

static void check_errors_and_limits(void)
{
    marsad_analyzer *a = NULL;
    marsad_analyzer_config cfg;
    struct collect c;
    char *big;
    marsad_analyzer_config_init(&cfg);
    cfg.norm_rules = 1u << 20;
    CHECK_EQ(marsad_analyzer_new(&cfg, &a), MARSAD_EINVAL);
    CHECK(a == NULL);
    cfg.norm_rules = MARSAD_NORM_INDEX;
    cfg.stemmer = 42;
    CHECK_EQ(marsad_analyzer_new(&cfg, &a), MARSAD_EINVAL);
    CHECK_EQ(marsad_analyzer_new(NULL, &a), MARSAD_OK);
    CHECK_EQ(marsad_analyze(a, NULL, 5, collect_tok, &c), MARSAD_EINVAL);
    /* a callback can stop the run */
    memset(&c, 0, sizeof c);
    c.text = "واحد اثنان ثلاثة اربعة";
    c.offsets_ok = 1;
    c.stop_after = 2;
    CHECK_EQ(marsad_analyze(a, c.text, strlen(c.text), collect_tok, &c), MARSAD_ESTOP);
    CHECK_EQ(c.count, 2);
    /* a 100 kB "word" is skipped, the words around it are kept */
    big = malloc(100011);
    memcpy(big, "قبل ", 7);
    memset(big + 7, 'x', 100000);
    memcpy(big + 100007, " ب", 3);
    big[100010] = 0;
    analyze(a, big, &c);
    CHECK_EQ(c.count, 2);
    free(big);
    marsad_analyzer_free(a);
    marsad_analyzer_free(NULL);
    CHECK_STR(marsad_strerror(MARSAD_EUTF8), "invalid UTF-8");
    CHECK_STR(marsad_version(), MARSAD_VERSION);
}

void suite_analyzer(void);
void suite_analyzer(void)
{
    check_forms();
    check_offsets_on_messy_text();
    check_stopwords();
    check_errors_and_limits();
}
