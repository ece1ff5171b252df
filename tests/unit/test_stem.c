/* test_stem.c — light10, the Snowball backend, the cache, the names. */
#include "marsad.h"
#include "test.h"
#include "text/stem.h"

static void check_light10(void)
{
    /* normalized input, as the analyzer gives it */
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"الكتاب", "كتاب"},     {"والكتاب", "كتاب"},
        {"بالكتاب", "كتاب"},    {"كالبحر", "بحر"},
        {"فالامر", "امر"},      {"للعالم", "عالم"},
        {"وكتب", "كتب"},        {"وقف", "وقف"}, /* و kept: two letters would remain */
        {"مدرستها", "مدرست"},   {"مدرسه", "مدرس"},
        {"معلمون", "معلم"},     {"معلمين", "معلم"},
        {"معلمات", "معلم"},     {"كتابان", "كتاب"},
        {"عربيه", "عرب"},       {"عربي", "عرب"},
        {"والمعلمون", "معلم"},  {"الو", "الو"},
        {"ال", "ال"},           {"من", "من"},
        {"English", "English"}, {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t off = 99, n = msd_stem_light10(cases[i].in, strlen(cases[i].in), &off);
        test_check_str(cases[i].in + off, n, cases[i].want, __FILE__, __LINE__, cases[i].in);
    }
}

static void check_backends(void)
{
    msd_stemmer *sb = NULL, *none = NULL;
    const char *out;
    size_t n;
    CHECK_EQ(msd_stemmer_new(MARSAD_STEMMER_SNOWBALL, 0, &sb), MARSAD_OK);
    CHECK_EQ(msd_stemmer_stem(sb, "المعلمون", strlen("المعلمون"), &out, &n), MARSAD_OK);
    CHECK_STRN(out, n, "معلم");
    CHECK_EQ(msd_stemmer_new(MARSAD_STEMMER_NONE, 100, &none), MARSAD_OK);
    CHECK_EQ(msd_stemmer_stem(none, "والمعلمون", strlen("والمعلمون"), &out, &n), MARSAD_OK);
    CHECK_STRN(out, n, "والمعلمون");
    CHECK_EQ(msd_stemmer_new(7, 0, &none), MARSAD_EINVAL);
    msd_stemmer_free(sb);
    msd_stemmer_free(none);
    msd_stemmer_free(NULL);
    CHECK_EQ(marsad_stemmer_from_name("light"), MARSAD_STEMMER_LIGHT);
    CHECK_EQ(marsad_stemmer_from_name("porter"), -1);
    CHECK_STR(msd_stemmer_name(MARSAD_STEMMER_SNOWBALL), "snowball");
}

/* With a tiny cache that is emptied often, stems must equal the uncached ones. */
static void check_cache(void)
{
    static const char *const words[] = {"الحكومة", "والحكومة", "بالحكومة", "المقاتلين", "مقاتلون",
                                        "الرقة",   "للرقة",    "دير",      "الزور",     "قوات"};
    for (int kind = MARSAD_STEMMER_SNOWBALL; kind <= MARSAD_STEMMER_LIGHT; kind++) {
        msd_stemmer *plain = NULL, *cached = NULL;
        int same = 1;
        CHECK_EQ(msd_stemmer_new(kind, 0, &plain), MARSAD_OK);
        CHECK_EQ(msd_stemmer_new(kind, 3, &cached), MARSAD_OK);
        for (int round = 0; round < 50; round++) {
            const char *w = words[(round * 7) % 10], *a, *b;
            size_t an, bn;
            char keep[256];
            msd_stemmer_stem(plain, w, strlen(w), &a, &an);
            memcpy(keep, a, an);
            msd_stemmer_stem(cached, w, strlen(w), &b, &bn);
            if (an != bn || memcmp(keep, b, an)) same = 0;
        }
        CHECK(same);
        msd_stemmer_free(plain);
        msd_stemmer_free(cached);
    }
}

void suite_stem(void);
void suite_stem(void)
{
    check_light10();
    check_backends();
    check_cache();
}
