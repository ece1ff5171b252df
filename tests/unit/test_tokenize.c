/* test_tokenize.c — token boundaries, kinds and offsets, table-driven. */
#include <stdio.h>
#include <stdlib.h>

#include "marsad.h"
#include "test.h"
#include "text/tokenize.h"

static const char *const kinds[] = {"?", "w", "n", "url", "mail", "tag", "at"};

/* Renders the raw tokens of s as "surface@c0-c1:kind" joined by " | ". */
static const char *render(const char *s)
{
    static char out[4096];
    size_t o = 0;
    msd_tokenizer t;
    msd_rawtok rt;
    msd_tok_init(&t, s, strlen(s));
    out[0] = 0;
    while (msd_tok_next(&t, &rt) && o < sizeof out - 256) {
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%.*s@%zu-%zu:%s", o ? " | " : "",
                              (int)(rt.b1 - rt.b0), s + rt.b0, rt.c0, rt.c1, kinds[rt.kind]);
    }
    return out;
}

static const struct {
    const char *in, *want;
} cases[] = {
    {"", ""},
    {"   \n\t ", ""},
    {"مرصد", "مرصد@0-4:w"},
    {"قال إن", "قال@0-3:w | إن@4-6:w"},
    /* punctuation glued to words */
    {"،رايان", "رايان@1-6:w"},
    {"(رويترز)", "رويترز@1-7:w"},
    {"قال:\"لا\"", "قال@0-3:w | لا@5-7:w"},
    {"«الخلافة»", "الخلافة@1-8:w"},
    {"بـ“الخلافة”", "الخلافة@3-10:w"},
    {"لـ40 مقاتلا", "40@2-4:n | مقاتلا@5-11:w"},
    {"و25 ألفًا", "25@1-3:n | ألفًا@4-9:w"},
    {"بـالخلافة", "بـالخلافة@0-9:w"},
    {"روبرـــــت", "روبرـــــت@0-10:w"},
    {"ــ", ""},
    {"تشرين الأول/ أكتوبر", "تشرين@0-5:w | الأول@6-11:w | أكتوبر@13-19:w"},
    /* diacritics stay inside the word */
    {"قُتِلَ الجنديُّ", "قُتِلَ@0-6:w | الجنديُّ@7-15:w"},
    {"َقال", "قال@1-4:w"}, /* a stray mark before a word is not a token */
    /* numbers with separators, in three digit sets */
    {"25,000", "25,000@0-6:n"},
    {"٢٥٬٠٠٠", "٢٥٬٠٠٠@0-6:n"},
    {"3.5 و٣٫٥", "3.5@0-3:n | ٣٫٥@5-8:n"},
    {"1/2", "1/2@0-3:n"},
    {"10:30", "10:30@0-5:n"},
    {"۱۳۹۴", "۱۳۹۴@0-4:n"},
    {"بلغ 3.", "بلغ@0-3:w | 3@4-5:n"},
    {"2015م", "2015@0-4:n | م@4-5:w"},
    {"1441هـ", "1441@0-4:n | هـ@4-6:w"},
    {"25%", "25@0-2:n"},
    {"-7", "7@1-2:n"},
    /* Latin words keep their ASCII digits; a change of script ends a word */
    {"G20 F-16", "G20@0-3:w | F@4-5:w | 16@6-8:n"},
    {"CNNعربية", "CNN@0-3:w | عربية@3-8:w"},
    {"4G", "4@0-1:n | G@1-2:w"},
    /* URLs, e-mail, hashtags, mentions */
    {"زوروا https://news.example/a?id=5.", "زوروا@0-5:w | https://news.example/a?id=5@6-33:url"},
    {"(www.alwatan-today.example)", "www.alwatan-today.example@1-26:url"},
    {"http://", "http@0-4:w"},
    {"www.x", "www@0-3:w | x@4-5:w"}, /* no host with a dot: not a URL */
    {"www.a.b…", "www.a.b@0-7:url"},
    {"@123 @_a", "123@1-4:n | @_a@5-8:at"}, /* a mention has a letter */
    {"١٢٣ १२३ ２０", "١٢٣@0-3:n | १२३@4-7:w | ２０@8-10:n"},
    {"http://x.example/a\xa4"
     "b",
     "http://x.example/a@0-18:url | b@19-20:w"},
    {"راسلونا: desk@news.example.", "راسلونا@0-7:w | desk@news.example@9-26:mail"},
    {"a@b", "a@0-1:w | b@2-3:w"},
    /* a hashtag's tokens are its words and numbers, each at its own offsets */
    {"#دير_الزور", "دير@1-4:tag | الزور@5-10:tag"},
    {"#عاجل، #sport2", "عاجل@1-5:tag | sport2@8-14:tag"},
    {"#رؤية_٢٠٣٠ قال", "رؤية@1-5:tag | ٢٠٣٠@6-10:tag | قال@11-14:w"},
    {"#عبدالله_الثاني", "عبد@1-4:tag | الله@4-8:tag | الثاني@9-15:tag"},
    {"#لـ #و2016 #__ب_", "2016@6-10:tag | ب@14-15:tag"},
    {"#a#b", "a@1-2:tag | b@3-4:tag"},
    {"# 5 #_", "5@2-3:n"},
    {"@Marsad_AR قال", "@Marsad_AR@0-10:at | قال@11-14:w"},
    /* invisible characters: inside a word when letters follow, else separators */
    {"مي\u200Cخواهم", "مي\u200Cخواهم@0-8:w"},
    {"نص\u200F.", "نص@0-2:w"},
    {"\uFEFFنص", "نص@1-3:w"},
    /* presentation forms are Arabic letters */
    {"\uFEFB \uFDF2", "\uFEFB@0-1:w | \uFDF2@2-3:w"},
    /* invalid bytes are separators counted as one code point each subpart */
    {"ab\xff\xfe"
     "cd",
     "ab@0-2:w | cd@4-6:w"},
    {"س\xd8", "س@0-1:w"},
    /* a compound name glued to عبد is two words, as when written apart */
    {"عبدالعزيز", "عبد@0-3:w | العزيز@3-9:w"},
    {"عبد العزيز", "عبد@0-3:w | العزيز@4-10:w"},
    {"وعبدالله لعبدالرحمن", "وعبد@0-4:w | الله@4-8:w | لعبد@9-13:w | الرحمن@13-19:w"},
    {"فبعبدالكريم", "فبعبد@0-5:w | الكريم@5-11:w"},
    {"عبدُالله عبدـالإله", "عبدُ@0-4:w | الله@4-8:w | عبدـ@9-13:w | الإله@13-18:w"},
    /* … but not a word that only begins with عبد, nor ال + one letter, nor a family name */
    {"عبده عبدربه عبدة العبدلي", "عبده@0-4:w | عبدربه@5-11:w | عبدة@12-16:w | العبدلي@17-24:w"},
    {"عبدالي العبدالله معبدالله", "عبدالي@0-6:w | العبدالله@7-16:w | معبدالله@17-25:w"},
    /* other scripts */
    {"Москва 北京", "Москва@0-6:w | 北京@7-9:w"},
};

static void check_cases(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = render(cases[i].in);
        test_check_str(got, strlen(got), cases[i].want, __FILE__, __LINE__, cases[i].in);
    }
}

static void check_compound(void)
{
    CHECK_EQ(msd_tok_compound("عبدالله", strlen("عبدالله")), strlen("عبد"));
    CHECK_EQ(msd_tok_compound("وعبدالعزيز", strlen("وعبدالعزيز")), strlen("وعبد"));
    CHECK_EQ(msd_tok_compound("عبدال", strlen("عبدال")), 0);
    CHECK_EQ(msd_tok_compound("عبدالي", strlen("عبدالي")), 0);
    CHECK_EQ(msd_tok_compound("وفعبدالله", strlen("وفعبدالله")), 0);
    CHECK_EQ(msd_tok_compound("", 0), 0);
}

static void check_classes(void)
{
    CHECK_EQ(msd_char_class('a'), MSD_C_LETTER);
    CHECK_EQ(msd_char_class(0x628), MSD_C_ALETTER);
    CHECK_EQ(msd_char_class(0x64E), MSD_C_MARK);
    CHECK_EQ(msd_char_class(0x640), MSD_C_TATWEEL);
    CHECK_EQ(msd_char_class(0x663), MSD_C_DIGIT);
    CHECK_EQ(msd_char_class(0x60C), MSD_C_SEP);
    CHECK_EQ(msd_char_class(0x200C), MSD_C_FORMAT);
    CHECK_EQ(msd_char_class(0xFEFB), MSD_C_ALETTER);
    CHECK_EQ(msd_char_class(-1), MSD_C_SEP);
}

/* "a.a.a.…" once made e-mail scanning quadratic; it must stay linear (and correct). */
static void check_email_run(void)
{
    size_t n = 400000, count = 0;
    char *s = malloc(n + 1);
    msd_tokenizer t;
    msd_rawtok rt;
    for (size_t i = 0; i < n; i += 2) memcpy(s + i, "a.", 2);
    s[n] = 0;
    msd_tok_init(&t, s, n);
    while (msd_tok_next(&t, &rt)) count++;
    CHECK_EQ(count, n / 2);
    free(s);
}

void suite_tokenize(void);
void suite_tokenize(void)
{
    check_compound();
    check_cases();
    check_classes();
    check_email_run();
}
