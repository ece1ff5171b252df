/* test_quote_score.c — bench/quote_score.c, the quotation benchmark's judge: which of
 * marsad's quotations a hand label matches, and when a speaker counts as right. */
#include "../../bench/quote_score.h"
#include "test.h"

static struct qs_gold gold(size_t cs, size_t ce, int mark)
{
    return (struct qs_gold){cs, ce, mark, "-", QS_NONE};
}

static struct qs_pred pred(size_t cs, size_t ce, int has_cue, size_t start)
{
    return (struct qs_pred){cs, ce, has_cue, start, NULL};
}

static void matching(void)
{
    long gm[4];
    unsigned char used[4];
    /* cue spans overlap: وقال [10,14) against the cue without its و [11,14) */
    struct qs_gold g1[] = {gold(10, 14, 0)};
    struct qs_pred p1[] = {pred(40, 43, 1, 50), pred(11, 14, 1, 20)};
    qs_match(g1, 1, p1, 2, gm, used);
    CHECK_EQ(gm[0], 1);
    CHECK(!used[0] && used[1]);
    /* a word cue is not matched by text that merely starts nearby */
    struct qs_pred p2[] = {pred(20, 24, 1, 14)};
    qs_match(g1, 1, p2, 1, gm, used);
    CHECK_EQ(gm[0], -1);
    CHECK(!used[0]);
    /* a quote-mark cue at 30 and a cue-less quotation whose text starts after it */
    struct qs_gold g3[] = {gold(30, 31, 1)};
    struct qs_pred p3[] = {pred(0, 0, 0, 31)};
    qs_match(g3, 1, p3, 1, gm, used);
    CHECK_EQ(gm[0], 0);
    struct qs_pred p4[] = {pred(0, 0, 0, 31 + QS_SLACK + 1)}; /* too far */
    qs_match(g3, 1, p4, 1, gm, used);
    CHECK_EQ(gm[0], -1);
    /* one to one: two gold cues over one prediction, the first takes it */
    struct qs_gold g5[] = {gold(5, 9, 0), gold(8, 12, 0)};
    struct qs_pred p5[] = {pred(7, 10, 1, 15)};
    qs_match(g5, 2, p5, 1, gm, used);
    CHECK_EQ(gm[0], 0);
    CHECK_EQ(gm[1], -1);
}

static void speakers(void)
{
    const int P = QS_PERSON, O = QS_ORG, D = QS_DESCRIPTOR;
    /* spelling variants: hamza seat, alef, ta marbuta, diacritics */
    CHECK_EQ(qs_speaker_ok("أشرف سالمان", P, "اشرف سالمان"), 1);
    CHECK_EQ(qs_speaker_ok("الرابطة الوطنية", O, "الرابطه الوطنيه"), 1);
    CHECK_EQ(qs_speaker_ok("مصدر مسؤول", D, "مصدر مسئول"), 1);
    CHECK_EQ(qs_speaker_ok("موسى الفيفي", P, "مُوسَى الفيفي"), 1);
    /* clitics: لمحرج (a typo with ل) and المحرج, وزارة and بوزارة */
    CHECK_EQ(qs_speaker_ok("عثمان بن ناصر المحرج", P, "لمحرج"), 1);
    CHECK_EQ(qs_speaker_ok("مصدر في وزارة الداخلية", D, "مصدر في بوزارة الداخلية"), 1);
    /* quote marks and punctuation do not count */
    CHECK_EQ(qs_speaker_ok("هيومن رايتس ووتش", O, "«هيومن رايتس ووتش»"), 1);
    /* a person: any part of the gold name, but no word outside it */
    CHECK_EQ(qs_speaker_ok("أشرف سالمان", P, "سالمان"), 1);
    CHECK_EQ(qs_speaker_ok("موسى الفيفي", P, "طيار موسى الفيفي"), 0);
    CHECK_EQ(qs_speaker_ok("موسى الفيفي", P, "موسى العتيبي"), 0);
    /* organizations and descriptors: the whole name; parts only in the looser reading */
    CHECK_EQ(qs_speaker_ok("الرابطة الوطنية للوسطاء العقاريين", O, "الرابطة"), 0);
    CHECK_EQ(qs_speaker_part("الرابطة الوطنية للوسطاء العقاريين", O, "الرابطة"), 1);
    CHECK_EQ(qs_speaker_ok("مصدر أمني", D, "مصدر"), 0);
    CHECK_EQ(qs_speaker_part("مصدر أمني", D, "مصدر عسكري"), 0);
    /* nobody */
    CHECK_EQ(qs_speaker_ok("أشرف سالمان", P, NULL), 0);
    CHECK_EQ(qs_speaker_ok("-", QS_NONE, NULL), 1);
    CHECK_EQ(qs_speaker_ok("-", QS_NONE, "سالمان"), 0);
    CHECK_EQ(qs_kind_parse("descriptor"), QS_DESCRIPTOR);
    CHECK_EQ(qs_kind_parse("place"), -1);
}

void suite_quote_score(void);
void suite_quote_score(void)
{
    matching();
    speakers();
}
