/* test_normalize.c — each rule on its own, NFKC, the UTF-8 entry point, Lucene's pairs. */
#include <stdio.h>
#include <stdlib.h>

#include "marsad.h"
#include "test.h"
#include "text/normalize.h"

/* Normalizes s with rules into a static buffer. */
static const char *norm(const char *s, unsigned rules, size_t *len)
{
    static char out[4096];
    int rc = marsad_normalize(s, strlen(s), rules, out, sizeof out, len);
    CHECK_EQ(rc, MARSAD_OK);
    return out;
}

#define NORM_IS(in, rules, want)                                                                   \
    do {                                                                                           \
        size_t n_;                                                                                 \
        const char *o_ = norm((in), (rules), &n_);                                                 \
        CHECK_STRN(o_, n_, (want));                                                                \
    } while (0)

/* Each rule alone changes exactly what it names. */
static void check_rules(void)
{
    NORM_IS("مَدرَسةٌ", MARSAD_NORM_DIACRITICS, "مدرسة");
    NORM_IS("قُرْآنٌ", MARSAD_NORM_DIACRITICS, "قرآن");
    NORM_IS("رحمٰن", MARSAD_NORM_DIACRITICS, "رحمن"); /* superscript alef U+0670 */
    NORM_IS("جـــديد", MARSAD_NORM_TATWEEL, "جديد");
    NORM_IS("جـــديد", MARSAD_NORM_DIACRITICS, "جـــديد");
    NORM_IS("أسد إيران آمن ٱلله", MARSAD_NORM_ALEF, "اسد ايران امن الله");
    NORM_IS("مستشفى", MARSAD_NORM_YEH, "مستشفي");
    NORM_IS("مستشفى", MARSAD_NORM_ALEF, "مستشفى");
    NORM_IS("الدولة الإسلامية", MARSAD_NORM_TEH_MARBUTA, "الدوله الإسلاميه");
    NORM_IS("کتاب فارسی", MARSAD_NORM_PERSIAN, "كتاب فارسي");
    NORM_IS("خانۀ", MARSAD_NORM_PERSIAN, "خانه");
    NORM_IS("a\u200Cb\u200Fc\u202Bd\uFEFFe\u00ADf\u061Cg", MARSAD_NORM_CONTROLS, "abcdefg");
    NORM_IS("عام ٢٠١٥ و۱۳۹۴", MARSAD_NORM_DIGITS, "عام 2015 و1394");
    NORM_IS("نعم، لا؛ لماذا؟ ٥٪ ٣٫٥ ٢٥٬٠٠٠", MARSAD_NORM_PUNCT, "نعم, لا; لماذا? ٥% ٣.٥ ٢٥,٠٠٠");
    NORM_IS("Reuters ÉTAT", MARSAD_NORM_CASEFOLD, "reuters état");
    NORM_IS("ẸKỌ ΑΘΗΝΑ", MARSAD_NORM_CASEFOLD, "ẹkọ αθηνα");
    NORM_IS("ق\u0619تل \u0610محمد", MARSAD_NORM_DIACRITICS, "قتل محمد"); /* small marks */
    NORM_IS("ق\u08F0تل", MARSAD_NORM_DIACRITICS, "قتل");                 /* Extended-A */
    NORM_IS("\u0675", MARSAD_NORM_NFKC | MARSAD_NORM_ALEF, "ا");         /* high hamza */
    NORM_IS("مسؤول مسئول شؤون شئون رئيس", MARSAD_NORM_HAMZA, "مسءول مسءول شءون شءون رءيس");
    /* HAMZA alone: the bare hamza stays, alef hamzas are ALEF's, nothing else moves */
    NORM_IS("شيء أسئلة إيران آمن جزيئات", MARSAD_NORM_HAMZA, "شيء أسءلة إيران آمن جزيءات");
    NORM_IS("مسؤول", MARSAD_NORM_INDEX & ~MARSAD_NORM_HAMZA, "مسؤول");
    NORM_IS("Reuters", 0, "Reuters");
    NORM_IS("أَحْمَدُ", 0, "أَحْمَدُ");
}

static void check_index_form(void)
{
    NORM_IS("الإسلامية", MARSAD_NORM_INDEX, "الاسلاميه");
    /* the seat of the hamza is a spelling choice: every spelling meets */
    NORM_IS("المسؤولية المسئولية", MARSAD_NORM_INDEX, "المسءوليه المسءوليه");
    NORM_IS("أبناؤنا أبنائنا أبناءنا", MARSAD_NORM_INDEX, "ابناءنا ابناءنا ابناءنا");
    NORM_IS("الاسلامية", MARSAD_NORM_INDEX, "الاسلاميه");
    NORM_IS("إلى", MARSAD_NORM_INDEX, "الي");
    NORM_IS("المُستشفـى", MARSAD_NORM_INDEX, "المستشفي");
    NORM_IS("في ٢٣ آذار/ مارس، قُتِل ٢٥٬٠٠٠", MARSAD_NORM_INDEX, "في 23 اذار/ مارس، قتل 25٬000");
    NORM_IS("", MARSAD_NORM_INDEX, "");
    NORM_IS("line one\nline two\n", MARSAD_NORM_INDEX, "line one\nline two\n");
}

/* NFKC folds presentation forms and ligatures, and composes before marks are dropped. */
static void check_nfkc(void)
{
    NORM_IS("\uFEFB", MARSAD_NORM_NFKC, "لا");   /* lam-alef ligature */
    NORM_IS("\uFDF2", MARSAD_NORM_NFKC, "الله"); /* the Allah ligature */
    NORM_IS("\uFE8D\uFEDF\uFEE4\uFEAE\uFEBB\uFEAA", MARSAD_NORM_NFKC, "المرصد");
    NORM_IS("\uFEF7", MARSAD_NORM_INDEX, "لا"); /* lam-alef with hamza, folded */
    NORM_IS("و\u0654", MARSAD_NORM_NFKC, "ؤ");  /* waw + hamza above composes */
    NORM_IS("و\u0654", MARSAD_NORM_INDEX, "ء"); /* ... before diacritics go */
    NORM_IS("و\u0654", MARSAD_NORM_INDEX & ~MARSAD_NORM_HAMZA, "ؤ");
    NORM_IS("و\u0654", MARSAD_NORM_DIACRITICS, "و"); /* without NFKC the mark goes */
    NORM_IS("ا\u0653", MARSAD_NORM_INDEX, "ا");      /* alef + madda → آ → ا */
    NORM_IS("e\u0301", MARSAD_NORM_NFKC, "é");       /* an ASCII base composes */
    NORM_IS("\u00A0x\u2026", MARSAD_NORM_NFKC, " x...");
    NORM_IS("ب\u064E\u0651", MARSAD_NORM_NFKC, "ب\u064E\u0651"); /* fatha, shadda: in order */
    NORM_IS("ب\u0651\u064E", MARSAD_NORM_NFKC, "ب\u064E\u0651"); /* shadda, fatha: reordered */
    NORM_IS("ب\u0651\u0619", MARSAD_NORM_NFKC, "ب\u0619\u0651"); /* small damma before shadda */
    NORM_IS("\uFB8E", MARSAD_NORM_INDEX, "ك");
    /* a deletion brings base and mark together: compose again (idempotence) */
    NORM_IS("ا\u0640\u0654", MARSAD_NORM_NFKC | MARSAD_NORM_TATWEEL, "أ");
    NORM_IS("أ\u0653", MARSAD_NORM_INDEX & ~MARSAD_NORM_DIACRITICS, "ا");
    NORM_IS("ا\u0651\u0654\u0654", MARSAD_NORM_INDEX & ~MARSAD_NORM_DIACRITICS, "ا\u0651");
    NORM_IS("ى\u0654", MARSAD_NORM_NFKC | MARSAD_NORM_YEH, "ئ");
    NORM_IS("ي\u0654", MARSAD_NORM_NFKC | MARSAD_NORM_YEH, "ئ"); /* keheh isolated → ک → ك */
    /* the yeh the YEH fold brings to a hamza mark is the seat HAMZA folds: ء, stable */
    NORM_IS("ى\u0654", MARSAD_NORM_NFKC | MARSAD_NORM_YEH | MARSAD_NORM_HAMZA, "ء");
    NORM_IS("ى\u0640\u0654", MARSAD_NORM_INDEX & ~MARSAD_NORM_DIACRITICS, "ء");
    NORM_IS("و\u0640\u0654", MARSAD_NORM_INDEX & ~MARSAD_NORM_DIACRITICS, "ء");
}

/* The size protocol: ask with no buffer, get ERANGE and the size. */
static void check_sizes(void)
{
    const char *in = "\uFDFA"; /* one code point, 18 after NFKC */
    size_t need = 0, again = 0;
    char small[4], *big;
    CHECK_EQ(marsad_normalize(in, strlen(in), MARSAD_NORM_NFKC, NULL, 0, &need), MARSAD_ERANGE);
    CHECK(need > 30);
    CHECK_EQ(marsad_normalize(in, strlen(in), MARSAD_NORM_NFKC, small, sizeof small, &again),
             MARSAD_ERANGE);
    CHECK_EQ(again, need);
    big = malloc(need);
    CHECK_EQ(marsad_normalize(in, strlen(in), MARSAD_NORM_NFKC, big, need, &again), MARSAD_OK);
    CHECK_EQ(again, need);
    free(big);
    CHECK_EQ(marsad_normalize(NULL, 3, 0, small, 4, &need), MARSAD_EINVAL);
    /* Invalid bytes read as U+FFFD. */
    NORM_IS("a\xffب", MARSAD_NORM_INDEX, "a\uFFFDب");
}

/* A run of non-ASCII text longer than one segment normalizes like short pieces. */
static void check_long_run(void)
{
    size_t n = 20000, len;
    char *in = malloc(n * 2 + 1), *out = malloc(n * 2 + 1);
    for (size_t i = 0; i < n; i++) memcpy(in + 2 * i, i % 3 ? "ة" : "َ", 2);
    in[n * 2] = 0;
    CHECK_EQ(marsad_normalize(in, n * 2, MARSAD_NORM_INDEX, out, n * 2, &len), MARSAD_OK);
    CHECK_EQ(len, (n - (n + 2) / 3) * 2);
    CHECK(!memcmp(out, "هه", 4));
    free(in);
    free(out);
}

static void check_parse(void)
{
    unsigned r = 0;
    CHECK_EQ(marsad_norm_rules_parse("index", &r), MARSAD_OK);
    CHECK_EQ(r, MARSAD_NORM_INDEX);
    CHECK_EQ(marsad_norm_rules_parse("all,-teh-marbuta", &r), MARSAD_OK);
    CHECK_EQ(r, MARSAD_NORM_ALL & ~MARSAD_NORM_TEH_MARBUTA);
    CHECK_EQ(marsad_norm_rules_parse("diacritics, tatweel", &r), MARSAD_OK);
    CHECK_EQ(r, MARSAD_NORM_DIACRITICS | MARSAD_NORM_TATWEEL);
    CHECK_EQ(marsad_norm_rules_parse("none", &r), MARSAD_OK);
    CHECK_EQ(r, 0);
    CHECK_EQ(marsad_norm_rules_parse("diacritic", &r), MARSAD_EINVAL);
    CHECK_STR(marsad_norm_rule_name(MARSAD_NORM_YEH), "yeh");
    CHECK_STR(marsad_norm_rule_name(MARSAD_NORM_HAMZA), "hamza");
    CHECK_EQ(marsad_norm_rules_parse("index,-hamza", &r), MARSAD_OK);
    CHECK_EQ(r, MARSAD_NORM_INDEX & ~MARSAD_NORM_HAMZA);
    CHECK(MARSAD_NORM_INDEX & MARSAD_NORM_HAMZA);
    CHECK(marsad_norm_rule_name(MARSAD_NORM_INDEX) == NULL);
}

/* Lucene's ArabicNormalizationFilter pairs, read from ../shared when it is there. */
static void check_lucene_pairs(void)
{
    char path[512], line[1024];
    const char *dir = test_shared_data();
    FILE *f;
    int pairs = 0;
    if (!dir) {
        test_skip("lucene normalization pairs", "../shared/data not present");
        return;
    }
    snprintf(path, sizeof path, "%s/lucene-arabic/normalization.tsv", dir);
    f = fopen(path, "r");
    if (!f) {
        test_skip("lucene normalization pairs", "normalization.tsv not readable");
        return;
    }
    while (fgets(line, sizeof line, f)) {
        char *in = line, *want, *name, *end;
        size_t n;
        if (line[0] == '#') continue;
        want = strchr(in, '\t');
        if (!want) continue;
        *want++ = 0;
        name = strchr(want, '\t');
        if (!name) continue;
        *name++ = 0;
        if ((end = strchr(name, '\n'))) *end = 0;
        const char *got = norm(in, MARSAD_NORM_INDEX, &n);
        test_check_str(got, n, want, __FILE__, __LINE__, name);
        pairs++;
    }
    fclose(f);
    CHECK(pairs >= 15);
}

/* Presentation-form runs in base letters; every other character as it was. */
static void check_presentation(void)
{
    char *out = NULL;
    size_t len = 0;
    const char *s = "«ﻣﺼﺪﺭ» قُتل ﻻ ﷲ ٢٥ Ａ ﹰ ﺏﹰ\xff";
    CHECK_EQ(msd_norm_presentation(s, strlen(s), &out, &len), MARSAD_OK);
    /* the fullwidth Ａ, the Arabic-Indic digits and the tashkeel are not presentation
     * forms; the isolated fathatan (space + mark) keeps no space before its mark */
    if (out) CHECK_STRN(out, len, "«مصدر» قُتل لا الله ٢٥ Ａ \u064B ب\u064B\xff");
    CHECK(out && out[len] == 0);
    free(out);
    out = (char *)1;
    CHECK_EQ(msd_norm_presentation("قال مصدر", strlen("قال مصدر"), &out, &len), MARSAD_OK);
    CHECK(out == NULL);
    CHECK_EQ(msd_norm_presentation("", 0, &out, &len), MARSAD_OK);
    CHECK(out == NULL);
    CHECK(msd_is_presentation_form(0xFEFB) && msd_is_presentation_form(0xFB50));
    CHECK(!msd_is_presentation_form(0x0644) && !msd_is_presentation_form(0xFF21));
}

void suite_normalize(void);
void suite_normalize(void)
{
    check_presentation();
    check_rules();
    check_index_form();
    check_nfkc();
    check_sizes();
    check_long_run();
    check_parse();
    check_lucene_pairs();
}
