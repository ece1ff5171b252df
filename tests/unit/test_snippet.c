/* test_snippet.c — search-result snippets: passage choice, cuts and ellipses, whitespace
 * collapse, highlights in code points (checked by slicing the text), and rendering.
 *
 * Expected snippets are written with the plain markers: "[word]" is a highlight. Each
 * is checked twice: rebuilt from text and hl by code-point slicing (so the offsets are
 * tested, not the renderer), and as msd_snippet_render's plain output. The bodies are
 * made up for the tests. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "marsad.h"
#include "search/snippet.h"
#include "test.h"
#include "text/tokenize.h"
#include "text/utf8.h"

#define ELL "\xe2\x80\xa6"

/* ---- Helpers ------------------------------------------------------------------------- */

static size_t cp_len(const char *s, size_t n)
{
    size_t i = 0, k = 0;
    while (i < n) msd_utf8_next((const unsigned char *)s, n, &i, NULL), k++;
    return k;
}

/* Byte offset of code point k of s[0..n) (n when k is the count). */
static size_t cp_byte(const char *s, size_t n, size_t k)
{
    size_t i = 0;
    while (k-- && i < n) msd_utf8_next((const unsigned char *)s, n, &i, NULL);
    return i;
}

typedef struct mlist {
    msd_snip_match m[512];
    size_t n;
} mlist;

static void add_span(mlist *l, size_t b0, size_t b1, unsigned term)
{
    size_t k = l->n;
    if (l->n == sizeof l->m / sizeof l->m[0]) return;
    while (k && l->m[k - 1].b0 > b0) {
        l->m[k] = l->m[k - 1];
        k--;
    }
    l->m[k] = (msd_snip_match){b0, b1, term};
    l->n++;
}

static int sep_at(const char *s, size_t n, size_t i, int before)
{
    size_t j;
    if (before) {
        if (i == 0) return 1;
        j = i - 1;
        while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80) j--;
    } else {
        if (i >= n) return 1;
        j = i;
    }
    return msd_char_class(msd_utf8_next((const unsigned char *)s, n, &j, NULL)) == MSD_C_SEP;
}

/* Every whole-token occurrence of w in body, as term. */
static void add_word(mlist *l, const char *body, const char *w, unsigned term)
{
    size_t n = strlen(body), wl = strlen(w);
    for (const char *p = strstr(body, w); p; p = strstr(p + 1, w)) {
        size_t i = (size_t)(p - body);
        if (sep_at(body, n, i, 1) && sep_at(body, n, i + wl, 0)) add_span(l, i, i + wl, term);
    }
}

/* The byte span of the nth occurrence of sub (any position). */
static void add_sub(mlist *l, const char *body, const char *sub, int nth, unsigned term)
{
    const char *p = strstr(body, sub);
    while (p && nth--) p = strstr(p + 1, sub);
    CHECK(p != NULL);
    if (p) add_span(l, (size_t)(p - body), (size_t)(p - body) + strlen(sub), term);
}

/* The text with "[" "]" put in by slicing it at the highlight offsets. */
static char *sliced(const msd_snippet *s)
{
    char *r = malloc(s->len + 2 * s->n_hl + 1);
    size_t o = 0, at = 0;
    if (!r) return NULL;
    for (size_t k = 0; k < s->n_hl; k++) {
        size_t b0 = cp_byte(s->text, s->len, s->hl[k][0]);
        size_t b1 = cp_byte(s->text, s->len, s->hl[k][1]);
        memcpy(r + o, s->text + at, b0 - at), o += b0 - at;
        r[o++] = '[';
        memcpy(r + o, s->text + b0, b1 - b0), o += b1 - b0;
        r[o++] = ']';
        at = b1;
    }
    memcpy(r + o, s->text + at, s->len - at), o += s->len - at;
    r[o] = 0;
    return r;
}

/* Makes the snippet and checks it against want; keeps it in *keep when not NULL. */
static void expect_at(int line, const char *body, size_t blen, const mlist *l, size_t max,
                      const char *want, msd_snippet *keep)
{
    msd_snippet s;
    char *a, *r = NULL;
    int rc = msd_snippet_make(body, blen, l ? l->m : NULL, l ? l->n : 0, max, &s);
    test_check(rc == MARSAD_OK, __FILE__, line, "msd_snippet_make");
    if (rc) return;
    a = sliced(&s);
    test_check_str(a, a ? strlen(a) : 0, want, __FILE__, line, "sliced snippet");
    test_check(msd_snippet_render(&s, MSD_SNIP_PLAIN, &r) == MARSAD_OK, __FILE__, line, "render");
    test_check_str(r, r ? strlen(r) : 0, want, __FILE__, line, "rendered snippet");
    test_check(s.text[s.len] == 0 && strlen(s.text) == s.len, __FILE__, line, "NUL");
    test_check(marsad_utf8_check(s.text, s.len, NULL) == MARSAD_OK, __FILE__, line, "UTF-8");
    test_check(cp_len(s.text, s.len) - 2 <= max || cp_len(s.text, s.len) < 2, __FILE__, line,
               "length");
    test_check(!s.cut_start || !strncmp(s.text, ELL, 3), __FILE__, line, "cut_start");
    test_check(!s.cut_end || (s.len >= 3 && !strcmp(s.text + s.len - 3, ELL)), __FILE__, line,
               "cut_end");
    free(a);
    free(r);
    if (keep)
        *keep = s;
    else
        msd_snippet_clear(&s);
}

#define EXPECT(body, l, max, want)         expect_at(__LINE__, body, strlen(body), l, max, want, NULL)
#define EXPECT_KEEP(body, l, max, want, s) expect_at(__LINE__, body, strlen(body), l, max, want, s)

/* The body text of a highlight, code points [a, b) of the text. */
static void check_hl(const msd_snippet *s, size_t k, const char *want)
{
    size_t b0, b1;
    CHECK(k < s->n_hl);
    if (k >= s->n_hl) return;
    b0 = cp_byte(s->text, s->len, s->hl[k][0]);
    b1 = cp_byte(s->text, s->len, s->hl[k][1]);
    CHECK_STRN(s->text + b0, b1 - b0, want);
}

/* ---- Passage choice ------------------------------------------------------------------ */

static void test_no_match(void)
{
    const char *b = "قالت وزارة الصحة إن عدد الإصابات انخفض هذا الأسبوع بشكل ملحوظ.";
    msd_snippet s;
    /* 19 code points fit in 20; the next word would make 23. */
    EXPECT_KEEP(b, NULL, 20, "قالت وزارة الصحة إن" ELL, &s);
    CHECK_EQ(s.cut_start, 0);
    CHECK_EQ(s.cut_end, 1);
    CHECK_EQ(s.body_cp_start, 0);
    CHECK_EQ(s.n_hl, 0);
    CHECK(s.hl == NULL);
    msd_snippet_clear(&s);
    /* A short body is the snippet, untouched. */
    EXPECT(b, NULL, 200, b);
    EXPECT("  \n  خبر قصير\n", NULL, 200, "خبر قصير");
}

static void test_distinct_beats_repeats(void)
{
    const char *b = "ارتفعت أسعار النفط اليوم، ورأى محللون أن النفط سيبقى مرتفعا لأن النفط الخام "
                    "شحيح والطلب على النفط قوي.\n\n"
                    "وفي الشأن الاقتصادي نفسه، قال وزير الطاقة إن إنتاج النفط سيرتفع الشهر المقبل.";
    mlist l = {.n = 0};
    add_word(&l, b, "النفط", 0);
    add_word(&l, b, "الطاقة", 1);
    CHECK_EQ(l.n, 6);
    EXPECT(b, &l, 60, ELL "وفي الشأن الاقتصادي نفسه، قال وزير [الطاقة] إن إنتاج [النفط]" ELL);
}

static void test_more_matches_win(void)
{
    /* One term; the second sentence holds it twice within 40 code points. */
    const char *b = "أعلنت الحكومة خطة جديدة للنقل العام في المدن الكبرى. وناقش البرلمان الخطة "
                    "أمس، وقال نواب إن الخطة طموحة وإن الخطة تحتاج تمويلا كبيرا.";
    mlist l = {.n = 0};
    add_word(&l, b, "خطة", 0);
    add_word(&l, b, "الخطة", 0);
    CHECK_EQ(l.n, 4);
    /* No sentence start reaches both: the window starts at the first of the pair, less
     * a context shift of 5 (half the slack) rounded down to the word start before. */
    EXPECT(b, &l, 40, ELL "البرلمان [الخطة] أمس، وقال نواب إن [الخطة]" ELL);
}

static const char *s1 = "وتحدث مسؤولون في الغرفة التجارية مطولا عن تراجع حركة الشحن خلال الأشهر "
                        "الماضية وأثر ذلك على الميناء. ";

static void test_sentence_start_wins(void)
{
    char b[1024];
    mlist l = {.n = 0};
    snprintf(b, sizeof b, "%s%s%s", s1,
             "وكانت السلطات قد أغلقت المرفأ الرئيسي الأسبوع الماضي بسبب العاصفة القوية. ",
             "أعيد فتح الميناء أمام السفن التجارية صباح اليوم بعد أسبوع من الإغلاق.");
    add_word(&l, b, "الميناء", 0);
    CHECK_EQ(l.n, 2);
    /* Both windows hold one match; the first is earlier but its sentence start is too
     * far back, the second starts a sentence. */
    EXPECT(b, &l, 40, ELL "أعيد فتح [الميناء] أمام السفن التجارية" ELL);
}

static void test_earliest_with_context(void)
{
    char b[1024];
    mlist l = {.n = 0};
    snprintf(b, sizeof b, "%s%s", s1,
             "وقال متحدث باسم هيئة النقل البحري في بيان صدر مساء أمس إن الميناء سيعمل "
             "بطاقته الكاملة.");
    add_word(&l, b, "الميناء", 0);
    CHECK_EQ(l.n, 2);
    /* No window starts a sentence: the earliest wins, with 10 code points (a quarter of
     * 40) of context before the match, rounded down to a word start. */
    EXPECT(b, &l, 40, ELL "وأثر ذلك على [الميناء]. وقال متحدث باسم" ELL);
}

static void test_body_start_and_end(void)
{
    const char *b1 = "وصل الوفد المفاوض إلى العاصمة صباح اليوم لبحث اتفاق وقف إطلاق النار مع "
                     "الأطراف المعنية.";
    const char *b2 = "واصلت الفرق الفنية العمل طوال الليل لإصلاح الأعطال في شبكة الكهرباء التي "
                     "تضررت بسبب العاصفة.";
    mlist l = {.n = 0};
    msd_snippet s;
    add_word(&l, b1, "الوفد", 0);
    EXPECT_KEEP(b1, &l, 30, "وصل [الوفد] المفاوض إلى العاصمة" ELL, &s);
    CHECK_EQ(s.cut_start, 0);
    CHECK_EQ(s.body_cp_start, 0);
    msd_snippet_clear(&s);
    /* At the body end the window reaches back to use the whole budget. */
    l.n = 0;
    add_word(&l, b2, "العاصفة", 0);
    EXPECT_KEEP(b2, &l, 30, ELL "التي تضررت بسبب [العاصفة].", &s);
    CHECK_EQ(s.cut_end, 0);
    CHECK_EQ(s.cut_start, 1);
    CHECK_EQ(s.body_cp_start, 68);
    /* body_cp_start maps back: the body from there is the text after the ellipsis. */
    CHECK(!strcmp(b2 + cp_byte(b2, strlen(b2), s.body_cp_start), s.text + 3));
    msd_snippet_clear(&s);
}

static void test_whole_body_fits(void)
{
    /* Every sentence start holds the match, the earliest (the body start) wins. */
    const char *b = "عاد الهدوء إلى المدينة.\n\nوفتحت المحلات أبوابها\nصباح اليوم.";
    mlist l = {.n = 0};
    add_word(&l, b, "المحلات", 0);
    EXPECT(b, &l, 200, "عاد الهدوء إلى المدينة. وفتحت [المحلات] أبوابها صباح اليوم.");
    EXPECT(b, &l, SIZE_MAX, "عاد الهدوء إلى المدينة. وفتحت [المحلات] أبوابها صباح اليوم.");
    EXPECT(b, NULL, SIZE_MAX, "عاد الهدوء إلى المدينة. وفتحت المحلات أبوابها صباح اليوم.");
}

static void test_terminators(void)
{
    /* Each sentence ends another way; the match's sentence start is chosen each time. */
    static const char *const ends[] = {"؟ ", "! ", "؛ ", ".» ", "\n\n"};
    const char *pre = "تساءل مراقبون كثيرون في العاصمة عن موعد الانتخابات البرلمانية المقبلة";
    const char *post = "حدد المجلس الموعد في الربيع";
    for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++) {
        char b[512];
        mlist l = {.n = 0};
        snprintf(b, sizeof b, "%s%s%s", pre, ends[k], post);
        add_word(&l, b, "الموعد", 0);
        EXPECT(b, &l, 20, ELL "حدد المجلس [الموعد] في" ELL);
    }
}

static void test_single_newline_not_paragraph(void)
{
    /* A line break alone does not start a sentence (bodies are often hard-wrapped), so
     * the window is placed with context before the match rather than at the line. */
    const char *b = "تساءل مراقبون كثيرون في العاصمة عن موعد الانتخابات البرلمانية المقبلة\n"
                    "حدد المجلس الموعد في الربيع";
    mlist l = {.n = 0};
    add_word(&l, b, "الموعد", 0);
    /* slack 14, shift 5: rounded down to the start of المجلس. */
    EXPECT(b, &l, 20, ELL "المجلس [الموعد] في" ELL);
}

static void test_many_distinct(void)
{
    /* Three terms together beat two terms twice. */
    const char *b = "قالت الوزارة إن الوزارة تتابع ملف المياه وإن ملف المياه أولوية. "
                    "وفي بيان آخر، دعت الوزارة إلى ترشيد المياه خلال موسم الصيف الحار.";
    mlist l = {.n = 0};
    add_word(&l, b, "الوزارة", 0);
    add_word(&l, b, "المياه", 1);
    add_word(&l, b, "الصيف", 2);
    EXPECT(b, &l, 65,
           ELL "وفي بيان آخر، دعت [الوزارة] إلى ترشيد [المياه] خلال موسم [الصيف] الحار.");
}

/* ---- Whitespace, marks, scripts ------------------------------------------------------ */

static void test_whitespace_collapse(void)
{
    const char *b = "  الجلسة\t\tالأولى   انتهت \r\n بلا اتفاق  ";
    mlist l = {.n = 0};
    msd_snippet s;
    add_word(&l, b, "انتهت", 0);
    add_word(&l, b, "اتفاق", 1);
    EXPECT_KEEP(b, &l, 200, "الجلسة الأولى [انتهت] بلا [اتفاق]", &s);
    CHECK_EQ(s.n_hl, 2);
    CHECK_EQ(s.hl[0][0], 14);
    CHECK_EQ(s.hl[0][1], 19);
    CHECK_EQ(s.hl[1][0], 24);
    CHECK_EQ(s.hl[1][1], 29);
    check_hl(&s, 0, "انتهت");
    check_hl(&s, 1, "اتفاق");
    msd_snippet_clear(&s);
}

static void test_phrase_span(void)
{
    /* A phrase match spans a line break: one highlight, with one space inside. */
    const char *b = "قال وزير\nالطاقة إن الإنتاج مستقر";
    mlist l = {.n = 0};
    msd_snippet s;
    add_sub(&l, b, "وزير\nالطاقة", 0, 0);
    EXPECT_KEEP(b, &l, 200, "قال [وزير الطاقة] إن الإنتاج مستقر", &s);
    check_hl(&s, 0, "وزير الطاقة");
    msd_snippet_clear(&s);
    /* Whitespace at the ends of a span is not highlighted; a blank span is ignored. */
    l.n = 0;
    add_sub(&l, b, "قال ", 0, 0);
    add_sub(&l, b, " إن ", 0, 1);
    add_sub(&l, b, " ", 3, 2);
    EXPECT(b, &l, 200, "[قال] وزير الطاقة [إن] الإنتاج مستقر");
}

static void test_tashkeel_kept_whole(void)
{
    const char *b = "أكدت الحُكُومَةُ الجديدةُ التزامها.";
    mlist l = {.n = 0};
    msd_snippet s;
    /* The span stops before the final damma: the highlight takes it. */
    add_sub(&l, b, "الحُكُومَة", 0, 0);
    EXPECT_KEEP(b, &l, 200, "أكدت [الحُكُومَةُ] الجديدةُ التزامها.", &s);
    check_hl(&s, 0, "الحُكُومَةُ");
    msd_snippet_clear(&s);
    /* A span starting on a mark reaches back to the letter, and the whole word. */
    l.n = 0;
    add_sub(&l, b, "ُكُو", 0, 0);
    EXPECT(b, &l, 200, "أكدت [الحُكُومَةُ] الجديدةُ التزامها.");
    /* ANSI: the reset comes after the damma, not between it and its letter. */
    EXPECT_KEEP(b, &l, 200, "أكدت [الحُكُومَةُ] الجديدةُ التزامها.", &s);
    char *r = NULL;
    CHECK_EQ(msd_snippet_render(&s, MSD_SNIP_ANSI, &r), MARSAD_OK);
    CHECK_STR(r, "أكدت \x1b[1;31mالحُكُومَةُ\x1b[0m الجديدةُ التزامها.");
    free(r);
    msd_snippet_clear(&s);
}

static void test_tatweel_and_joiners(void)
{
    const char *b = "قال المتحـــدث باسم الوزارة";
    const char *p = "این خبر را می‌خواهم بخوانم"; /* ZWNJ inside the verb */
    mlist l = {.n = 0};
    add_word(&l, b, "المتحـــدث", 0);
    EXPECT(b, &l, 200, "قال [المتحـــدث] باسم الوزارة");
    l.n = 0;
    add_sub(&l, b, "المتح", 0, 0);
    EXPECT(b, &l, 200, "قال [المتحـــدث] باسم الوزارة");
    l.n = 0;
    add_sub(&l, p, "می", 0, 0);
    EXPECT(p, &l, 200, "این خبر را [می‌خواهم] بخوانم");
}

static void test_arabic_run_snapped(void)
{
    /* A span inside a word of joined letters marks the whole run: a marker between
     * ب and ا would break the word's shaping. Latin letters do not join. */
    const char *b = "التقى الرئيس بالحكومة الجديدة في مقر superstructure";
    mlist l = {.n = 0};
    add_sub(&l, b, "الحكومة", 0, 0);
    add_sub(&l, b, "struct", 0, 1);
    EXPECT(b, &l, 200, "التقى الرئيس [بالحكومة] الجديدة في مقر super[struct]ure");
}

static void test_mixed_scripts(void)
{
    const char *b = "قال رئيس OPEC إن الإنتاج بلغ 25,000 برميل يوميا في 2023 وفق تقرير (Reuters).";
    mlist l = {.n = 0};
    msd_snippet s;
    add_word(&l, b, "OPEC", 0);
    add_word(&l, b, "25,000", 1);
    add_word(&l, b, "2023", 2);
    add_word(&l, b, "Reuters", 3);
    EXPECT_KEEP(b, &l, 200,
                "قال رئيس [OPEC] إن الإنتاج بلغ [25,000] برميل يوميا في [2023] وفق تقرير "
                "([Reuters]).",
                &s);
    CHECK_EQ(s.n_hl, 4);
    check_hl(&s, 0, "OPEC");
    check_hl(&s, 1, "25,000");
    check_hl(&s, 2, "2023");
    check_hl(&s, 3, "Reuters");
    CHECK_EQ(s.hl[0][0], 9);
    CHECK_EQ(s.hl[0][1], 13);
    msd_snippet_clear(&s);
}

static void test_punctuation_and_touching(void)
{
    const char *b = "أعلنت (الحكومة) عن «خطة» جديدة لخفض التضخم إلى 25% هذا العام";
    mlist l = {.n = 0};
    add_word(&l, b, "الحكومة", 0);
    add_word(&l, b, "خطة", 1);
    add_sub(&l, b, "25", 0, 2);
    add_sub(&l, b, "%", 0, 2); /* touches the number: one highlight */
    EXPECT(b, &l, 200, "أعلنت ([الحكومة]) عن «[خطة]» جديدة لخفض التضخم إلى [25%] هذا العام");
}

static void test_no_break_space(void)
{
    /* U+00A0 is not a cut point: "25 000" stays one word. */
    const char *b = "بلغ العدد 25\xc2\xa0"
                    "000 شخص";
    EXPECT(b, NULL, 11, "بلغ العدد" ELL);
    EXPECT(b, NULL, 16,
           "بلغ العدد 25\xc2\xa0"
           "000" ELL);
}

/* ---- Long tokens --------------------------------------------------------------------- */

static void test_huge_token(void)
{
    const char *b = "انظر الرابط https://example.org/news/2024/very/long/path/that/keeps/going "
                    "للتفاصيل";
    mlist l = {.n = 0};
    msd_snippet s;
    add_sub(&l, b, "https://example.org/news/2024/very/long/path/that/keeps/going", 0, 0);
    EXPECT_KEEP(b, &l, 20, ELL "[https://example.org/]" ELL, &s);
    CHECK_EQ(s.body_cp_start, 12);
    CHECK_EQ(s.cut_start, 1);
    CHECK_EQ(s.cut_end, 1);
    msd_snippet_clear(&s);
    /* A fitting match elsewhere is preferred to the long one. */
    add_word(&l, b, "للتفاصيل", 1);
    EXPECT(b, &l, 20, ELL "[للتفاصيل]");
}

static void test_huge_token_marks(void)
{
    char b[256] = "";
    mlist l = {.n = 0};
    for (int k = 0; k < 15; k++) strcat(b, "بَ"); /* 30 code points, marks at odd ones */
    add_span(&l, 0, strlen(b), 0);
    /* Cut at 11 would put a fatha first after the cut: back off to 10. */
    EXPECT(b, &l, 11, "[بَبَبَبَبَ]" ELL);
    EXPECT(b, &l, 10, "[بَبَبَبَبَ]" ELL);
    /* No match: a first word longer than max_cp is cut the same way. */
    EXPECT(b, NULL, 11, "بَبَبَبَبَ" ELL);
    /* Only marks after the first letter: nothing to back off to, cut at max_cp. */
    char m[256] = "ب";
    for (int k = 0; k < 12; k++) strcat(m, "\xd9\x8b"); /* fathatan */
    EXPECT(m, NULL, 4, "ب\xd9\x8b\xd9\x8b\xd9\x8b" ELL);
}

static void test_long_match_in_long_word(void)
{
    /* The span fits but its word does not: the snippet is the span alone. */
    const char *b = "راجع www.example.org/arabic-news-archive-2024 الآن";
    mlist l = {.n = 0};
    add_sub(&l, b, "arabic", 0, 0);
    EXPECT(b, &l, 12, ELL "[arabic]" ELL);
}

/* ---- Scale, bad input, arguments ----------------------------------------------------- */

static void test_large_body(void)
{
    const char *filler = "وتستمر الأعمال في المشروع وفق الجدول الزمني المحدد له سلفا. ";
    const char *tail = "وقال المهندس المسؤول إن الجسر الجديد سيفتح في الصيف.";
    size_t fl = strlen(filler), tl = strlen(tail), reps = (1u << 20) / fl, n = reps * fl + tl;
    char *b = malloc(n + 1);
    mlist l = {.n = 0};
    msd_snippet s;
    CHECK(b != NULL);
    if (!b) return;
    for (size_t k = 0; k < reps; k++) memcpy(b + k * fl, filler, fl);
    memcpy(b + reps * fl, tail, tl + 1);
    /* Many repeats of one term across the body, two distinct terms at the end. */
    for (size_t k = 0; k + 10 < reps && l.n < 400; k += reps / 400 + 1) {
        const char *p = strstr(b + k * fl, "المشروع");
        add_span(&l, (size_t)(p - b), (size_t)(p - b) + strlen("المشروع"), 0);
    }
    for (int t = 1; t <= 2; t++) {
        const char *w = t == 1 ? "الجسر" : "الصيف", *p = strstr(b + reps * fl, w);
        add_span(&l, (size_t)(p - b), (size_t)(p - b) + strlen(w), (unsigned)t);
    }
    /* The earliest sentence start whose 200 code points reach both: two fillers back. */
    char want[512];
    snprintf(want, sizeof want, ELL "%s%s%s", filler, filler,
             "وقال المهندس المسؤول إن [الجسر] الجديد سيفتح في [الصيف].");
    expect_at(__LINE__, b, n, &l, 200, want, &s);
    CHECK_EQ(s.body_cp_start, cp_len(b, (reps - 2) * fl));
    msd_snippet_clear(&s);
    free(b);
}

static void test_long_body_no_sentence(void)
{
    /* 12,000 code points of hard-wrapped lines with no full stop, one match near the
     * end: the window reaches back (16 units of room at the body end) from a resume
     * mark near it, not from the body start. */
    const char *filler = "وتستمر الأعمال في المشروع وفق الجدول الزمني المحدد له سلفا\n";
    const char *tail = "وقال المهندس إن الجسر الجديد سيفتح قريبا";
    size_t fl = strlen(filler), tl = strlen(tail), reps = 200, n = reps * fl + tl;
    char *b = malloc(n + 1);
    mlist l = {.n = 0};
    msd_snippet s;
    CHECK(b != NULL);
    if (!b) return;
    for (size_t k = 0; k < reps; k++) memcpy(b + k * fl, filler, fl);
    memcpy(b + reps * fl, tail, tl + 1);
    const char *p = strstr(b + reps * fl, "الجسر");
    add_span(&l, (size_t)(p - b), (size_t)(p - b) + strlen("الجسر"), 0);
    expect_at(__LINE__, b, n, &l, 40, ELL "وقال المهندس إن [الجسر] الجديد سيفتح قريبا", &s);
    CHECK_EQ(s.body_cp_start, cp_len(b, reps * fl));
    msd_snippet_clear(&s);
    free(b);
}

static void test_invalid_bytes_and_controls(void)
{
    const char *b = "خبر \xff عاجل\x1b[2J من المراسل";
    mlist l = {.n = 0};
    msd_snippet s;
    add_word(&l, b, "المراسل", 0);
    /* The bad byte reads as U+FFFD; ESC becomes a space, so no body escape survives. */
    EXPECT_KEEP(b, &l, 200, "خبر \xef\xbf\xbd عاجل [2J من [المراسل]", &s);
    CHECK(memchr(s.text, 0x1b, s.len) == NULL);
    msd_snippet_clear(&s);
    const char nul[] = "خبر\0عاجل";
    expect_at(__LINE__, nul, sizeof nul - 1, NULL, 200, "خبر عاجل", NULL);
}

static void test_empty(void)
{
    msd_snippet s;
    EXPECT_KEEP("", NULL, 200, "", &s);
    CHECK_EQ(s.len, 0);
    CHECK(s.text != NULL);
    msd_snippet_clear(&s);
    EXPECT(" \n\n\t ", NULL, 200, "");
    CHECK_EQ(msd_snippet_make(NULL, 0, NULL, 0, 200, &s), MARSAD_OK);
    CHECK_STR(s.text, "");
    msd_snippet_clear(&s);
}

static void test_bad_arguments(void)
{
    const char *b = "خبر عاجل من العاصمة";
    msd_snippet s;
    msd_snip_match m[2] = {{0, 6, 0}, {7, 15, 1}};
    CHECK_EQ(msd_snippet_make(b, strlen(b), m, 2, 200, NULL), MARSAD_EINVAL);
    CHECK_EQ(msd_snippet_make(b, strlen(b), m, 2, 0, &s), MARSAD_EINVAL);
    CHECK(s.text == NULL);
    CHECK_EQ(msd_snippet_make(NULL, 3, NULL, 0, 200, &s), MARSAD_EINVAL);
    CHECK_EQ(msd_snippet_make(b, strlen(b), NULL, 1, 200, &s), MARSAD_EINVAL);
    m[1] = (msd_snip_match){3, 8, 0}; /* overlaps */
    CHECK_EQ(msd_snippet_make(b, strlen(b), m, 2, 200, &s), MARSAD_EINVAL);
    m[1] = (msd_snip_match){7, 7, 0}; /* empty */
    CHECK_EQ(msd_snippet_make(b, strlen(b), m, 2, 200, &s), MARSAD_EINVAL);
    m[1] = (msd_snip_match){7, 400, 0}; /* past the end */
    CHECK_EQ(msd_snippet_make(b, strlen(b), m, 2, 200, &s), MARSAD_EINVAL);
    m[1] = (msd_snip_match){7, 15, 32}; /* term out of range */
    CHECK_EQ(msd_snippet_make(b, strlen(b), m, 2, 200, &s), MARSAD_EINVAL);
    m[1] = (msd_snip_match){8, 15, 1}; /* starts inside a code point */
    CHECK_EQ(msd_snippet_make(b, strlen(b), m, 2, 200, &s), MARSAD_EINVAL);
    m[1] = (msd_snip_match){7, 14, 1}; /* ends inside a code point */
    CHECK_EQ(msd_snippet_make(b, strlen(b), m, 2, 200, &s), MARSAD_EINVAL);
    CHECK(s.text == NULL && s.hl == NULL);
    m[0] = (msd_snip_match){7, 15, 1}, m[1] = (msd_snip_match){0, 6, 0}; /* unsorted */
    CHECK_EQ(msd_snippet_make(b, strlen(b), m, 2, 200, &s), MARSAD_EINVAL);
    msd_snippet_clear(&s);
    msd_snippet_clear(NULL);
}

/* ---- Rendering ----------------------------------------------------------------------- */

static void test_render(void)
{
    const char *b = "وفي الشأن الاقتصادي نفسه، قال وزير الطاقة إن إنتاج النفط سيرتفع الشهر المقبل.";
    mlist l = {.n = 0};
    msd_snippet s, bad;
    char *r = NULL;
    add_word(&l, b, "الطاقة", 0);
    add_word(&l, b, "النفط", 1);
    EXPECT_KEEP(b, &l, 30, ELL "وزير [الطاقة] إن إنتاج [النفط]" ELL, &s);
    CHECK_EQ(msd_snippet_render(&s, MSD_SNIP_PLAIN, &r), MARSAD_OK);
    CHECK_STR(r, ELL "وزير [الطاقة] إن إنتاج [النفط]" ELL);
    free(r);
    CHECK_EQ(msd_snippet_render(&s, MSD_SNIP_ANSI, &r), MARSAD_OK);
    CHECK_STR(r, ELL "وزير \x1b[1;31mالطاقة\x1b[0m إن إنتاج \x1b[1;31mالنفط\x1b[0m" ELL);
    free(r);
    CHECK_EQ(msd_snippet_render(&s, 2, &r), MARSAD_EINVAL);
    CHECK(r == NULL);
    CHECK_EQ(msd_snippet_render(NULL, 0, &r), MARSAD_EINVAL);
    CHECK_EQ(msd_snippet_render(&s, 0, NULL), MARSAD_EINVAL);
    /* Highlights that do not fit the text are refused, not followed. */
    bad = s;
    bad.hl[1][1] = 1000;
    CHECK_EQ(msd_snippet_render(&bad, 0, &r), MARSAD_EINVAL);
    bad.hl[1][1] = bad.hl[1][0];
    CHECK_EQ(msd_snippet_render(&bad, 0, &r), MARSAD_EINVAL);
    msd_snippet_clear(&s);
    /* No highlight: the text as it is. */
    EXPECT_KEEP(b, NULL, 9, "وفي الشأن" ELL, &s);
    CHECK_EQ(msd_snippet_render(&s, MSD_SNIP_ANSI, &r), MARSAD_OK);
    CHECK_STR(r, "وفي الشأن" ELL);
    free(r);
    msd_snippet_clear(&s);
}

static void test_classes(void)
{
    CHECK(msd_snippet_is_space(' ') && msd_snippet_is_space('\n') && msd_snippet_is_space(0x3000));
    CHECK(!msd_snippet_is_space(0xA0) && !msd_snippet_is_space(0x200C));
    CHECK(msd_snippet_is_attached(0x64E) && msd_snippet_is_attached(0x640));
    CHECK(msd_snippet_is_attached(0x200C) && msd_snippet_is_attached(0x200D));
    CHECK(msd_snippet_glued(0x628, 0x627) && msd_snippet_glued('e', 0x301));
    CHECK(!msd_snippet_glued('a', 'b') && !msd_snippet_glued(0x628, '(') &&
          !msd_snippet_glued(' ', 0x64E));
}

void suite_snippet(void);
void suite_snippet(void)
{
    test_no_match();
    test_distinct_beats_repeats();
    test_more_matches_win();
    test_sentence_start_wins();
    test_earliest_with_context();
    test_body_start_and_end();
    test_whole_body_fits();
    test_terminators();
    test_single_newline_not_paragraph();
    test_many_distinct();
    test_whitespace_collapse();
    test_phrase_span();
    test_tashkeel_kept_whole();
    test_tatweel_and_joiners();
    test_arabic_run_snapped();
    test_mixed_scripts();
    test_punctuation_and_touching();
    test_no_break_space();
    test_huge_token();
    test_huge_token_marks();
    test_long_match_in_long_word();
    test_large_body();
    test_long_body_no_sentence();
    test_invalid_bytes_and_controls();
    test_empty();
    test_bad_arguments();
    test_render();
    test_classes();
}
