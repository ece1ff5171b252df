/*
 * numbers.c — numeric claims; the contract is in numbers.h.
 *
 * The text is analyzed into tokens (normalized index form, with offsets), and a small
 * parser reads number phrases off the token sequence:
 *
 *   claim  := hedge? number (percent | unit | counted)? after-hedge?
 *   number := part (("و" | "و"-prefix) part)*
 *   part   := digits | unit-word | teen | ten | hundred | scale | fraction
 *
 * Values accumulate the usual way for number words: a group below a thousand grows by
 * addition ("خمسة وعشرون" = 25), a unit before مئة multiplies it ("ثلاث مئة" = 300), a
 * scale multiplies the group into the total ("ثلاثة آلاف" = 3000), and a fraction after
 * a scale is a fraction of that scale ("مليون ونصف" = 1,500,000).
 */
#include "extract/numbers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "extract/tokens.h"
#include "util/grow.h"
#include "util/str.h"

/* ---- Lexicon (index form: alef, yeh, teh marbuta, hamza seats folded; no diacritics) --- */

enum wkind { W_UNIT, W_TEN, W_HUNDRED, W_SCALE, W_FRACTION, W_TEEN_TAIL };

struct word {
    const char *w;
    double v;
    enum wkind kind;
};

static const struct word words[] = {
    /* sorted by bytes, for bsearch */
    {"اتناشر", 12, W_TEN},        {"اتنعش", 12, W_TEN},         {"اتنين", 2, W_UNIT},
    {"اثنا", 2, W_UNIT},          {"اثنان", 2, W_UNIT},         {"اثنتا", 2, W_UNIT},
    {"اثنتان", 2, W_UNIT},        {"اثنتي", 2, W_UNIT},         {"اثنتين", 2, W_UNIT},
    {"اثني", 2, W_UNIT},          {"اثنين", 2, W_UNIT},         {"احد", 1, W_UNIT},
    {"احداشر", 11, W_TEN},        {"احدي", 1, W_UNIT},          {"اربع", 4, W_UNIT},
    {"اربعتاشر", 14, W_TEN},      {"اربعطعش", 14, W_TEN},       {"اربعمءه", 400, W_HUNDRED},
    {"اربعماءه", 400, W_HUNDRED}, {"اربعميه", 400, W_HUNDRED},  {"اربعه", 4, W_UNIT},
    {"اربعون", 40, W_TEN},        {"اربعين", 40, W_TEN},        {"الاف", 1e3, W_SCALE},
    {"الف", 1e3, W_SCALE},        {"الفا", 1e3, W_SCALE},       {"الفان", 2e3, W_SCALE},
    {"الفي", 2e3, W_SCALE},       {"الفين", 2e3, W_SCALE},      {"بليون", 1e9, W_SCALE},
    {"تريليون", 1e12, W_SCALE},   {"تسع", 9, W_UNIT},           {"تسعتاشر", 19, W_TEN},
    {"تسعطعش", 19, W_TEN},        {"تسعمءه", 900, W_HUNDRED},   {"تسعماءه", 900, W_HUNDRED},
    {"تسعميه", 900, W_HUNDRED},   {"تسعه", 9, W_UNIT},          {"تسعون", 90, W_TEN},
    {"تسعين", 90, W_TEN},         {"تلات", 3, W_UNIT},          {"تلاتميه", 300, W_HUNDRED},
    {"تلاته", 3, W_UNIT},         {"تلاتون", 30, W_TEN},        {"تلاتين", 30, W_TEN},
    {"تلتاشر", 13, W_TEN},        {"تلتميه", 300, W_HUNDRED},   {"تلطعش", 13, W_TEN},
    {"تمان", 8, W_UNIT},          {"تمانتاشر", 18, W_TEN},      {"تمانميه", 800, W_HUNDRED},
    {"تمانون", 80, W_TEN},        {"تمانين", 80, W_TEN},        {"تمانيه", 8, W_UNIT},
    {"تمنتاشر", 18, W_TEN},       {"تمنطعش", 18, W_TEN},        {"تمنميه", 800, W_HUNDRED},
    {"تمنيه", 8, W_UNIT},         {"ثلاث", 3, W_UNIT},          {"ثلاثمءه", 300, W_HUNDRED},
    {"ثلاثماءه", 300, W_HUNDRED}, {"ثلاثه", 3, W_UNIT},         {"ثلاثون", 30, W_TEN},
    {"ثلاثين", 30, W_TEN},        {"ثلث", 1.0 / 3, W_FRACTION}, {"ثمان", 8, W_UNIT},
    {"ثمانمءه", 800, W_HUNDRED},  {"ثمانماءه", 800, W_HUNDRED}, {"ثمانون", 80, W_TEN},
    {"ثماني", 8, W_UNIT},         {"ثمانيمءه", 800, W_HUNDRED}, {"ثمانين", 80, W_TEN},
    {"ثمانيه", 8, W_UNIT},        {"حداشر", 11, W_TEN},         {"حدعش", 11, W_TEN},
    {"خمس", 5, W_UNIT},           {"خمستاشر", 15, W_TEN},       {"خمسطعش", 15, W_TEN},
    {"خمسمءه", 500, W_HUNDRED},   {"خمسماءه", 500, W_HUNDRED},  {"خمسميه", 500, W_HUNDRED},
    {"خمسه", 5, W_UNIT},          {"خمسون", 50, W_TEN},         {"خمسين", 50, W_TEN},
    {"ربع", 0.25, W_FRACTION},    {"ربعميه", 400, W_HUNDRED},   {"سبع", 7, W_UNIT},
    {"سبعتاشر", 17, W_TEN},       {"سبعطعش", 17, W_TEN},        {"سبعمءه", 700, W_HUNDRED},
    {"سبعماءه", 700, W_HUNDRED},  {"سبعميه", 700, W_HUNDRED},   {"سبعه", 7, W_UNIT},
    {"سبعون", 70, W_TEN},         {"سبعين", 70, W_TEN},         {"ست", 6, W_UNIT},
    {"ستاشر", 16, W_TEN},         {"ستطعش", 16, W_TEN},         {"ستمءه", 600, W_HUNDRED},
    {"ستماءه", 600, W_HUNDRED},   {"ستميه", 600, W_HUNDRED},    {"سته", 6, W_UNIT},
    {"ستون", 60, W_TEN},          {"ستين", 60, W_TEN},          {"عشر", 10, W_TEEN_TAIL},
    {"عشره", 10, W_TEEN_TAIL},    {"عشرون", 20, W_TEN},         {"عشرين", 20, W_TEN},
    {"مءتا", 200, W_HUNDRED},     {"مءتان", 200, W_HUNDRED},    {"مءتي", 200, W_HUNDRED},
    {"مءتين", 200, W_HUNDRED},    {"مءه", 100, W_HUNDRED},      {"ماءتان", 200, W_HUNDRED},
    {"ماءتين", 200, W_HUNDRED},   {"ماءه", 100, W_HUNDRED},     {"متين", 200, W_HUNDRED},
    {"ملايين", 1e6, W_SCALE},     {"مليار", 1e9, W_SCALE},      {"مليارا", 1e9, W_SCALE},
    {"مليارات", 1e9, W_SCALE},    {"ملياري", 2e9, W_SCALE},     {"مليارين", 2e9, W_SCALE},
    {"مليون", 1e6, W_SCALE},      {"مليونا", 1e6, W_SCALE},     {"مليونان", 2e6, W_SCALE},
    {"مليوني", 2e6, W_SCALE},     {"مليونين", 2e6, W_SCALE},    {"ميتين", 200, W_HUNDRED},
    {"نصف", 0.5, W_FRACTION},     {"واحد", 1, W_UNIT},          {"واحده", 1, W_UNIT},
};

/* Dual scales stand alone ("ألفين" = 2000); after a number they are plain scales. ألفا
 * is both: the dual "ألفا طن" (2000) alone, the accusative "25 ألفًا" after a number. */
static int dual_scale(const struct word *w)
{
    return w->kind == W_SCALE && (w->v == 2e3 || w->v == 2e6 || w->v == 2e9);
}

static int dual_alone(const struct word *w)
{
    return !strcmp(w->w, "الفا");
}

static const struct {
    const char *phrase; /* tokens separated by spaces, index form */
    const char *q;
} hedges_before[] = {
    {"سوي اقل من", "lt"},     {"ما دون", "lt"},          {"دون", "lt"},
    {"ما لا يقل عن", "gte"},  {"لا يقل عن", "gte"},      {"ما لايقل عن", "gte"},
    {"لايقل عن", "gte"},      {"لايزيد عن", "lte"}, /* glued لا */
    {"ما لا يزيد عن", "lte"}, {"ما لا يزيد علي", "lte"}, {"لا يزيد عن", "lte"},
    {"ما يزيد علي", "gt"},    {"ما يزيد عن", "gt"},      {"يزيد علي", "gt"},
    {"يزيد عن", "gt"},        {"ما يربو علي", "gt"},     {"يربو علي", "gt"},
    {"اكثر من", "gt"},        {"اقل من", "lt"},          {"ما يقارب", "approx"},
    {"يقارب", "approx"},      {"نحو", "approx"},         {"قرابه", "approx"},
    {"حوالي", "approx"},      {"زهاء", "approx"},        {"ما يناهز", "approx"},
    {"يناهز", "approx"},      {"علي الاقل", "gte"},      {"علي الاكثر", "lte"},
};

static const struct {
    const char *phrase;
    const char *q;
} hedges_after[] = {
    {"علي الاقل", "gte"},
    {"علي الاكثر", "lte"},
    {"تقريبا", "approx"},
};

static const char *const units[] = {
    "دولار",   "دولارا", "دولارات", "ريال",   "ريالا",   "ريالات",   "يورو",      "جنيه",
    "جنيها",   "جنيهات", "دينار",   "دينارا", "دنانير",  "درهم",     "درهما",     "دراهم",
    "ليره",    "ليرات",  "كلم",     "كم",     "كيلومتر", "كيلومترا", "كيلومترات", "متر",
    "مترا",    "امتار",  "طن",      "طنا",    "اطنان",   "برميل",    "برميلا",    "براميل",
    "ميغاواط", "درجه",   "درجات",   "هكتار",  "هكتارا",  "دونم",     "دونما",
};

static const char *const percent_words[] = {"بالمءه", "بالماءه", "في المءه", "في الماءه"};

/* Month names and date words: a number next to them is a date, not a claim. */
static const char *const month_words[] = {
    "يناير",  "فبراير", "مارس",   "ابريل",  "مايو",  "يونيو", "يونيه",  "يوليو", "اغسطس",
    "سبتمبر", "اكتوبر", "نوفمبر", "ديسمبر", "كانون", "شباط",  "اذار",   "نيسان", "ايار",
    "حزيران", "تموز",   "اب",     "ايلول",  "تشرين", "جوان",  "جويليه", "غشت",   "اوت",
    "محرم",   "صفر",    "ربيع",   "جمادي",  "رجب",   "شعبان", "رمضان",  "شوال",  "ذو",
    "ذي",     "جانفي",  "فيفري",  "افريل",  "يوليه",
};
static const char *const year_words[] = {"عام", "العام", "لعام", "سنه", "السنه", "لسنه"};

/* Words after a number that are not what it counts: prepositions and the like. */
static const char *const not_counted[] = {"الي",  "عن",  "مع",   "منذ", "حتي", "بين",
                                          "خلال", "حول", "نحو",  "ضد",  "بعد", "قبل",
                                          "لدي",  "عند", "داخل", "اثر", "ثم",  "او"};

/* Event nouns with و after a number open the next clause: in "استشهاد 15 وإصابة 33" the
 * 15 counts no injured. */
static const char *const next_clause[] = {"واصابه",  "واصابات", "وجرح", "ومقتل",    "ومصرع",
                                          "واعتقال", "وفقدان",  "واسر", "واستشهاد", "وانقاذ",
                                          "واصيب",   "وقتل",    "وفقد"};

/* Definite ordinals: "الحادي عشر", "الثالثة عشرة" are ranks, not counts. */
static const char *const ordinals[] = {"الحادي",  "الحاديه", "الثاني",  "الثانيه", "الثالث",
                                       "الثالثه", "الرابع",  "الرابعه", "الخامس",  "الخامسه",
                                       "السادس",  "السادسه", "السابع",  "السابعه", "الثامن",
                                       "الثامنه", "التاسع",  "التاسعه", "العاشر",  "العاشره"};

static int by_word(const void *a, const void *b)
{
    return strcmp(((const struct word *)a)->w, ((const struct word *)b)->w);
}

/* The number word of a token, with a proclitic و ب ل ف ك stripped when that makes one.
 * *conj says the word carried و (a connector inside a compound number). */
static const struct word *number_word(const char *norm, int *conj)
{
    for (int strip = 0; strip < 2; strip++) {
        const char *w = norm;
        if (strip) {
            static const char *const pro[] = {"و", "ب", "ل", "ف", "ك"};
            size_t k;
            for (k = 0; k < 5; k++)
                if (!strncmp(norm, pro[k], strlen(pro[k]))) break;
            if (k == 5) return NULL;
            w = norm + strlen(pro[k]);
            if (conj) *conj = k == 0;
        }
        {
            const struct word key = {w, 0, W_UNIT}, *hit;
            hit = bsearch(&key, words, sizeof words / sizeof words[0], sizeof words[0], by_word);
            if (hit) return hit;
        }
    }
    return NULL;
}

static double digits_value(const char *norm, int *ok)
{
    char buf[64], *end, *comma;
    double v;
    const char *slash = strchr(norm, '/');
    *ok = 0;
    if (strchr(norm, ':') || strlen(norm) >= sizeof buf) return 0;
    if (slash) { /* a fraction, 3/4 or ٧٧/١٠٠; two slashes are a date */
        char *e1, *e2;
        double num, den;
        if (strchr(slash + 1, '/') || slash == norm || !slash[1]) return 0;
        num = strtod(norm, &e1);
        den = strtod(slash + 1, &e2);
        if (e1 != slash || *e2 || den <= 0 || num > den) return 0; /* 12/10: a day */
        *ok = 1;
        return num / den;
    }
    /* the analyzer removed thousands commas; one left before 1-2 digits is a decimal
     * comma ("3,5 مليون") */
    snprintf(buf, sizeof buf, "%s", norm);
    comma = strchr(buf, ',');
    if (comma && !strchr(comma + 1, ',') && !strchr(buf, '.') && strlen(comma + 1) >= 1 &&
        strlen(comma + 1) <= 2)
        *comma = '.';
    v = strtod(buf, &end);
    if (*end || end == buf) return 0;
    *ok = 1;
    return v;
}

/* An opening parenthesis between token j-1 and token j. */
static int opens_paren(const char *text, const msd_tokens *ts, size_t j)
{
    return j > 0 && memchr(text + ts->t[j - 1].b1, '(', ts->t[j].b0 - ts->t[j - 1].b1) != NULL;
}

/* Parses a number starting at token i; returns the tokens it used (0: none). depth is 1
 * for the digits after a spelled decimal point (no second point). */
static size_t parse_number_at(const char *text, const msd_tokens *ts, size_t i, double *value,
                              int depth)
{
    double total = 0, current = 0, last_scale = 0;
    size_t j = i;
    int any = 0, last_unit = 0, last_digits = 0, sep_conj = 0;
    while (j < ts->n) {
        const struct msd_tok *t = &ts->t[j];
        int conj = 0, ok = 0;
        const struct word *w = NULL;
        if (t->kind == MARSAD_TOKEN_NUMBER) {
            double v;
            /* "مليون و200 ألف": digits written on و after a scale go on the number */
            int after_scale = any && last_scale && current == 0 && t->b0 >= 2 &&
                              !memcmp(text + t->b0 - 2, "و", 2);
            if (any && !after_scale) break; /* "25 30": two numbers */
            v = digits_value(t->norm, &ok);
            if (!ok) break;
            current = v;
            any = 1;
            last_unit = 0;
            last_digits = 1;
            j++;
            continue;
        }
        /* "1,059,593,121 (مليار …)": words in parentheses restate the digits, they do not
         * go on them */
        if (j > i && opens_paren(text, ts, j)) break;
        if (t->kind != MARSAD_TOKEN_WORD) break;
        if (any && !strcmp(t->norm, "و") && j + 1 < ts->n && number_word(ts->t[j + 1].norm, NULL)) {
            j++; /* a separate connector: "أربعة و عشرون" */
            sep_conj = 1;
            continue;
        }
        /* a spelled decimal point: "ثلاثة فاصلة خمسة" = 3.5 */
        if (any && !strcmp(t->norm, "فاصله") && j + 1 < ts->n) {
            double frac = 0;
            size_t fu = depth ? 0 : parse_number_at(text, ts, j + 1, &frac, 1);
            if (fu && frac >= 0 && frac < 1e6 && frac == (double)(long)frac) {
                double scale = 10;
                if (fu == 1 && ts->t[j + 1].kind == MARSAD_TOKEN_NUMBER) /* "3 فاصلة 05" */
                    for (size_t d = strlen(ts->t[j + 1].norm); d > 1; d--) scale *= 10;
                while (scale <= frac) scale *= 10;
                current += frac / scale;
                j += 1 + fu;
            }
            goto done;
        }
        w = number_word(t->norm, &conj);
        if (!w) break;
        if (sep_conj) conj = 1, sep_conj = 0;
        if (last_digits && w->kind != W_SCALE) break; /* "5 وثلاثة": two numbers */
        last_digits = 0;
        if (any && !conj && w->kind != W_SCALE && w->kind != W_TEEN_TAIL &&
            !(w->kind == W_HUNDRED && last_unit))
            break; /* two number words without و: a new number */
        switch (w->kind) {
        case W_UNIT:
            /* "ثلاثة وخمسة": a unit after a unit is a second number ("بين ثلاثة وخمسة") */
            if (last_unit && conj) goto done;
            current += w->v;
            last_unit = 1;
            break;
        case W_TEEN_TAIL:
            current += w->v; /* ثلاثة عشر = 3 + 10; عشرة alone = 10 */
            last_unit = 0;
            break;
        case W_TEN:
            current += w->v;
            last_unit = 0;
            break;
        case W_HUNDRED:
            if (last_unit && w->v == 100 && current >= 1 && current <= 9)
                current *= 100;
            else
                current += w->v;
            last_unit = 0;
            break;
        case W_SCALE:
            if ((dual_scale(w) || (dual_alone(w) && !any)) && current == 0)
                current = 2, last_scale = dual_scale(w) ? w->v / 2 : w->v;
            else
                last_scale = dual_scale(w) ? w->v / 2 : w->v;
            if (current == 0) current = 1;
            total += current * last_scale;
            current = 0;
            last_unit = 0;
            break;
        case W_FRACTION:
            if (last_scale && current == 0)
                total += w->v * last_scale; /* مليون ونصف */
            else if (!any)
                current = w->v; /* نصف مليون */
            else
                goto done; /* "ثلاثة ونصف" and the like: the fraction is not ours */
            last_unit = 0;
            break;
        }
        any = 1;
        j++;
    }
done:
    while (j > i + 1 && !strcmp(ts->t[j - 1].norm, "و")) j--; /* a connector left dangling */
    *value = total + current;
    return any ? j - i : 0;
}

static size_t parse_number(const char *text, const msd_tokens *ts, size_t i, double *value)
{
    return parse_number_at(text, ts, i, value, 0);
}

/* ---- Claims -------------------------------------------------------------------------- */

static int add(msd_numbers *out, const char *text, const msd_tokens *ts, size_t first, size_t last,
               double value, const char *q, int unit_tok, int unit_last, int counted_tok,
               size_t end_byte, size_t end_cp, size_t lead)
{
    msd_number *n;
    int rc;
    if (out->n >= MSD_XCOLLECT_MAX) return MARSAD_OK; /* enough: the rest is cut anyway */
    if ((rc = msd_grow((void **)&out->items, &out->cap, out->n + 1, sizeof *out->items,
                       MSD_GROW_DOC_MAX)))
        return rc;
    n = &out->items[out->n];
    memset(n, 0, sizeof *n);
    n->value = value;
    n->high = NAN;
    n->qualifier = q;
    n->byte_start = ts->t[first].b0 - (lead & 0xff); /* a sign or point before the token */
    n->start = ts->t[first].c0 - (lead >> 8);
    n->byte_end = end_byte ? end_byte : ts->t[last].b1;
    n->end = end_cp ? end_cp : ts->t[last].c1;
    n->text = msd_strndup(text + n->byte_start, n->byte_end - n->byte_start);
    if (unit_tok >= 0) /* "كلم مربع": the unit may be two words */
        n->unit = msd_strndup(text + ts->t[unit_tok].b0, ts->t[unit_last].b1 - ts->t[unit_tok].b0);
    if (counted_tok >= 0)
        n->counted = msd_strndup(text + ts->t[counted_tok].b0,
                                 ts->t[counted_tok].b1 - ts->t[counted_tok].b0);
    out->n++;
    if (!n->text || (unit_tok >= 0 && !n->unit) || (counted_tok >= 0 && !n->counted))
        return MARSAD_ENOMEM;
    return MARSAD_OK;
}

/* A digit number that is part of a date: a day before a month, a year after عام or a
 * month, or a year marked م / هـ. */
static int part_of_date(const msd_tokens *ts, size_t i, size_t used)
{
    const struct msd_tok *t = &ts->t[i];
    size_t after = i + used;
    if (t->kind != MARSAD_TOKEN_NUMBER) return 0;
    if (after < ts->n &&
        msd_in_list(ts->t[after].norm, month_words, sizeof month_words / sizeof month_words[0]))
        return 1;
    if (msd_xtok_is(ts, after, "من") && after + 1 < ts->n &&
        msd_in_list(ts->t[after + 1].norm, month_words, sizeof month_words / sizeof month_words[0]))
        return 1;
    if (strlen(t->norm) == 4) {
        if (i > 0 &&
            (msd_in_list(ts->t[i - 1].norm, year_words, sizeof year_words / sizeof year_words[0]) ||
             msd_in_list(ts->t[i - 1].norm, month_words,
                         sizeof month_words / sizeof month_words[0])))
            return 1;
        if (msd_xtok_is(ts, after, "م") || msd_xtok_is(ts, after, "ه")) return 1;
    }
    return 0;
}

/* 1,250,000 and ٢٥٬٠٠٠ are amounts; a phone number has no thousands separators. */
static int has_group_separator(const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (s[k] == ',' || (k + 1 < n && !memcmp(s + k, "٬", 2))) return 1;
    return 0;
}

/* A byte a sign cannot follow and still be a sign: "2-3", "A-5" are a span or a code. */
static int glued(char c)
{
    unsigned char u = (unsigned char)c;
    return (u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || u >= 0x80;
}

/* A % or ٪ right after token i, or بالمئة / في المئة. */
static int followed_by_percent(const char *text, size_t len, const msd_tokens *ts, size_t i)
{
    size_t b = ts->t[i].b1;
    while (b < len && text[b] == ' ') b++;
    if ((b < len && text[b] == '%') || (b + 1 < len && !memcmp(text + b, "٪", 2))) return 1;
    for (size_t k = 0; k < sizeof percent_words / sizeof percent_words[0]; k++)
        if (msd_xtok_phrase(ts, i + 1, percent_words[k])) return 1;
    return 0;
}

static int is_arabic_word(const struct msd_tok *t)
{
    return t->kind == MARSAD_TOKEN_WORD && (unsigned char)t->norm[0] >= 0xD8;
}

/* Digits that open a line as an item's number ("4. الجندي مشعل …", "2) …"): a list of
 * names, not a count of soldiers. */
static int list_item(const char *text, size_t len, const struct msd_tok *t)
{
    size_t b = t->b0, e = t->b1;
    while (b > 0 && (text[b - 1] == ' ' || text[b - 1] == '\t')) b--;
    if (b > 0 && text[b - 1] != '\n') return 0;
    return e + 1 < len && (text[e] == '.' || text[e] == ')' || text[e] == '-') &&
           (text[e + 1] == ' ' || text[e + 1] == '\t');
}

/* Verbs of change: "ارتفع من 20 إلى 35" is a change, not a range. */
static const char *const change_verbs[] = {
    "ارتفع", "ارتفعت", "انخفض", "انخفضت", "تراجع",  "تراجعت", "زاد",   "زادت", "قفز", "قفزت",
    "هبط",   "هبطت",   "صعد",   "صعدت",   "ارتفاع", "انخفاض", "زياده", "رفع",  "خفض"};

/* Verbs of a span: "تراوحت من 5 إلى 7 بالمئة" is a range whatever follows. */
static const char *const span_verbs[] = {"تراوح", "تراوحت", "يتراوح", "تتراوح", "يتراوحون"};

/* A range whose first number, at token i, took `used` tokens: returns the token the range
 * starts at plus one (its بين / من, or i) and sets *low, *high and *took, the tokens
 * from i the range takes; 0 when none. */
static size_t range_at(const char *text, const msd_tokens *ts, size_t i, size_t used,
                       size_t next_free, double *low, double *high, size_t *took)
{
    size_t c = i + used, c2 = 0, start = 0, used2;
    double v2, lo = *low;
    int dash = 0, spans = 0;
    if (c >= ts->n || !used) return 0;
    if (ts->t[i].kind == MARSAD_TOKEN_NUMBER && ts->t[c].kind == MARSAD_TOKEN_NUMBER &&
        ts->t[c].b0 == ts->t[c - 1].b1 + 1 && text[ts->t[c - 1].b1] == '-' &&
        (c + 1 >= ts->n || ts->t[c + 1].b0 != ts->t[c].b1 + 1 || text[ts->t[c].b1] != '-') &&
        strlen(ts->t[i].norm) <= 4 && strlen(ts->t[c].norm) <= 4) {
        dash = 1; /* 2-3, not 2016-12-07 */
        c2 = c;
        start = i;
    } else if (i >= 1 && msd_xtok_is(ts, i - 1, "بين")) {
        start = i - 1;
        if (i >= 2 && msd_xtok_is(ts, i - 2, "ما")) start = i - 2;
        if ((ts->t[c].kind == MARSAD_TOKEN_NUMBER && ts->t[c].b0 >= 2 &&
             !memcmp(text + ts->t[c].b0 - 2, "و", 2)) ||
            (ts->t[c].kind == MARSAD_TOKEN_WORD && !strncmp(ts->t[c].norm, "و", 2) &&
             number_word(ts->t[c].norm, NULL)))
            c2 = c;
        else if (msd_xtok_is(ts, c, "و") && c + 1 < ts->n)
            c2 = c + 1;
    } else if (i >= 1 && msd_xtok_is(ts, i - 1, "من") &&
               (msd_xtok_is(ts, c, "الي") || msd_xtok_is(ts, c, "حتي")) && c + 1 < ts->n) {
        start = i - 1;
        c2 = c + 1;
        for (size_t k = start; k > 0 && k + 5 > start; k--) {
            if (msd_in_list(ts->t[k - 1].norm, change_verbs,
                            sizeof change_verbs / sizeof change_verbs[0]))
                return 0;
            if (msd_in_list(ts->t[k - 1].norm, span_verbs,
                            sizeof span_verbs / sizeof span_verbs[0]))
                spans = 1;
        }
    }
    if (!c2 || start < next_free) return 0;
    if (memchr(text + ts->t[start].b0, '\n', ts->t[c2].b0 - ts->t[start].b0)) return 0;
    used2 = parse_number(text, ts, c2, &v2);
    if (!used2) return 0;
    /* "من 3 إلى 5 مارس", "بين 2 و4 يونيو": days of a month */
    if (c2 + used2 < ts->n && msd_in_list(ts->t[c2 + used2].norm, month_words,
                                          sizeof month_words / sizeof month_words[0]))
        return 0;
    /* "ما بين 10 و10.5 مليون": the scale of the second number is the first's too */
    if (used == 1 && used2 == 2) { /* "بين سبعة و تسعة ملايين" too */
        int ok = 0;
        double d2 = 0;
        const struct word *w2;
        if (ts->t[c2].kind == MARSAD_TOKEN_NUMBER)
            d2 = digits_value(ts->t[c2].norm, &ok);
        else if ((w2 = number_word(ts->t[c2].norm, NULL)) && w2->kind != W_SCALE &&
                 w2->kind != W_FRACTION)
            d2 = w2->v, ok = 1;
        if (ok && d2 > 0 && v2 / d2 >= 1000) lo *= v2 / d2;
    }
    if (!(v2 > lo)) return 0;
    /* "من 3 إلى 5 قتلى": a range of what the second counts; bare or with a unit ("من ٥٠
     * ألفاً إلى ٦٥ ألف ليرة", a price that rose) it is two figures */
    if (!dash && !spans && msd_xtok_is(ts, start, "من")) {
        size_t a = c2 + used2;
        if (a >= ts->n || !is_arabic_word(&ts->t[a]) || number_word(ts->t[a].norm, NULL) ||
            msd_in_list(ts->t[a].norm, not_counted, sizeof not_counted / sizeof not_counted[0]) ||
            msd_in_list(ts->t[a].norm, units, sizeof units / sizeof units[0]) ||
            followed_by_percent(text, ts->t[ts->n - 1].b1, ts, a - 1))
            return 0;
    }
    *low = lo;
    *high = v2;
    *took = c2 + used2 - i;
    return start + 1; /* 0 means none: the caller takes one off */
}

int msd_extract_numbers(const char *text, size_t len, msd_numbers *out)
{
    msd_tokens ts;
    int rc = msd_xtoks_load(text, len, &ts);
    memset(out, 0, sizeof *out);
    if (rc) return rc;
    rc = msd_numbers_from_tokens(text, len, &ts, out);
    msd_tokens_free(&ts);
    return rc;
}

int msd_numbers_from_tokens(const char *text, size_t len, const msd_tokens *tokens,
                            msd_numbers *out)
{
    const msd_tokens ts = *tokens; /* a view: the tokens are only read */
    int rc = MARSAD_OK;
    memset(out, 0, sizeof *out);
    size_t next_free = 0; /* the first token after the last claim */
    for (size_t i = 0; !rc && i < ts.n;) {
        double value;
        size_t used = parse_number(text, &ts, i, &value), first = i, last, after, k;
        const char *q = "eq";
        int unit = -1, unit_last = -1, counted = -1;
        size_t end_byte = 0, end_cp = 0, lead = 0;
        double high = 0;
        int is_range = 0; /* high may be 0: "بين -5 و0" */
        if (!used) {
            /* digits we cannot read (1,2,3): neither they nor the scale after them are
             * a claim of their own */
            int conj = 0;
            const struct word *w;
            if (ts.t[i].kind == MARSAD_TOKEN_NUMBER && i + 1 < ts.n &&
                (w = number_word(ts.t[i + 1].norm, &conj)) && w->kind == W_SCALE)
                i++;
            i++;
            continue;
        }
        /* "أحد المقاتلين", "وإحدى القرى": "one of", not a count */
        if (used == 1 && ts.t[i].kind == MARSAD_TOKEN_WORD) {
            const char *w = ts.t[i].norm + (strncmp(ts.t[i].norm, "و", 2) ? 0 : 2);
            if (!strcmp(w, "احد") || !strcmp(w, "احدي")) {
                i++;
                continue;
            }
        }
        /* a rank ("الحادي عشر"), a clock time ("الساعة 9"), a year in words ("عام ألفين
         * وسبعة عشر") */
        if (i > 0 &&
            (msd_in_list(ts.t[i - 1].norm, ordinals, sizeof ordinals / sizeof ordinals[0]) ||
             msd_xtok_is(&ts, i - 1, "الساعه") || msd_xtok_is(&ts, i - 1, "الساعة") ||
             (ts.t[i].kind == MARSAD_TOKEN_WORD && value >= 1900 && value <= 2100 &&
              msd_in_list(ts.t[i - 1].norm, year_words,
                          sizeof year_words / sizeof year_words[0])))) {
            i += used;
            continue;
        }
        /* a phone number: "+971 4 123 4567", or three bare numbers in a row */
        if (ts.t[i].kind == MARSAD_TOKEN_NUMBER && used == 1 &&
            ((ts.t[i].b0 > 0 && text[ts.t[i].b0 - 1] == '+') ||
             (i + 2 < ts.n && ts.t[i + 1].kind == MARSAD_TOKEN_NUMBER &&
              ts.t[i + 2].kind == MARSAD_TOKEN_NUMBER && ts.t[i + 1].b0 == ts.t[i].b1 + 1 &&
              ts.t[i + 2].b0 == ts.t[i + 1].b1 + 1))) {
            size_t j = i + 1;
            while (j < ts.n && ts.t[j].kind == MARSAD_TOKEN_NUMBER &&
                   ts.t[j].b0 == ts.t[j - 1].b1 + 1)
                j++;
            i = j;
            continue;
        }
        if (part_of_date(&ts, i, used) ||
            (ts.t[i].kind == MARSAD_TOKEN_NUMBER && list_item(text, len, &ts.t[i]))) {
            i += used;
            continue;
        }
        /* a 7+ digit run without separators is a phone or an id, not a claim, unless a
         * unit or a percent follows it ("1059593121 دولار") */
        if (ts.t[i].kind == MARSAD_TOKEN_NUMBER && strlen(ts.t[i].norm) >= 7 &&
            !strchr(ts.t[i].norm, '.') && !strchr(ts.t[i].norm, '/') && used == 1 &&
            !has_group_separator(text + ts.t[i].b0, ts.t[i].b1 - ts.t[i].b0) &&
            !(i + 1 < ts.n &&
              msd_in_list(ts.t[i + 1].norm, units, sizeof units / sizeof units[0])) &&
            !followed_by_percent(text, len, &ts, i)) {
            i += used;
            continue;
        }
        /* a sign or a leading point written before the digits: "-3.5", "−5", ".5"; the
         * tokenizer leaves them out. lead is bytes | code points << 8. */
        lead = 0;
        if (ts.t[i].kind == MARSAD_TOKEN_NUMBER) {
            size_t b = ts.t[i].b0;
            int neg = 0;
            if (b >= 1 && text[b - 1] == '.' && !(b >= 2 && glued(text[b - 2])) &&
                !strchr(ts.t[i].norm, '.') && !strchr(ts.t[i].norm, '/') &&
                strlen(ts.t[i].norm) < 60) {
                char buf[64];
                double d = strtod(ts.t[i].norm, NULL);
                snprintf(buf, sizeof buf, "0.%s", ts.t[i].norm);
                if (d > 0) value = value / d * strtod(buf, NULL);
                lead = 1 | 1 << 8;
                b--;
            }
            if (b >= 1 && text[b - 1] == '-' && !(b >= 2 && glued(text[b - 2])))
                neg = 1, lead += 1 | 1 << 8;
            else if (b >= 3 && !memcmp(text + b - 3, "\xe2\x88\x92", 3) && /* U+2212 */
                     !(b >= 4 && glued(text[b - 4])))
                neg = 1, lead += 3 | 1 << 8;
            if (neg) value = -value;
        }
        /* a range: "بين 3 و5"، "ما بين 10 و10.5 مليون"، "من 3 إلى 5 قتلى"، "2-3 أيام" */
        {
            size_t took = 0, rs = range_at(text, &ts, i, used, next_free, &value, &high, &took);
            if (rs) {
                is_range = 1;
                first = rs - 1;
                used = took;
                q = "gte";
            }
        }
        /* a hedge before the number: after the previous claim, on the same line */
        for (k = 0; !is_range && k < sizeof hedges_before / sizeof hedges_before[0]; k++) {
            size_t w = msd_phrase_words(hedges_before[k].phrase);
            if (i >= w && i - w >= next_free &&
                msd_xtok_phrase(&ts, i - w, hedges_before[k].phrase) &&
                !memchr(text + ts.t[i - w].b0, '\n', ts.t[i].b0 - ts.t[i - w].b0)) {
                first = i - w;
                q = hedges_before[k].q;
                break;
            }
        }
        /* "ناقص 4": minus in words */
        if (first == i && i > 0 && i - 1 >= next_free && msd_xtok_is(&ts, i - 1, "ناقص")) {
            first = i - 1;
            value = -value;
        }
        /* a bare plural of a scale, "آلاف النازحين": thousands, not one thousand. A
         * plural counts three or more in Arabic, but "آلاف" is said of 2,500 too: more
         * than two of the scale (a dual would be ألفان). */
        if (used == 1 && ts.t[i].kind == MARSAD_TOKEN_WORD && !strcmp(q, "eq")) {
            const char *w = ts.t[i].norm + (strncmp(ts.t[i].norm, "و", 2) ? 0 : 2);
            if (!strcmp(w, "الاف") || !strcmp(w, "ملايين") || !strcmp(w, "مليارات")) {
                value *= 2;
                q = "gt";
            }
        }
        last = i + used - 1;
        after = i + used;
        /* percent: a sign right after the number, or بالمئة / في المئة */
        {
            size_t b = ts.t[last].b1;
            while (b < len && text[b] == ' ') b++;
            if (b < len && text[b] == '%')
                end_byte = b + 1;
            else if (b + 1 < len && !memcmp(text + b, "٪", 2))
                end_byte = b + 2;
            if (end_byte) {
                /* code points: spaces and the sign, one each */
                end_cp = ts.t[last].c1 + (b - ts.t[last].b1) + 1;
                unit = -2;
            }
        }
        if (unit == -1) {
            for (k = 0; k < sizeof percent_words / sizeof percent_words[0]; k++) {
                size_t w = msd_xtok_phrase(&ts, after, percent_words[k]);
                if (w) {
                    unit = (int)after;
                    unit_last = (int)(after + w - 1);
                    last = after + w - 1;
                    after += w;
                    break;
                }
            }
        }
        if (unit == -1 && after < ts.n &&
            msd_in_list(ts.t[after].norm, units, sizeof units / sizeof units[0])) {
            unit = unit_last = (int)after;
            last = after;
            after++;
            if (msd_xtok_is(&ts, after, "مربع") || msd_xtok_is(&ts, after, "مكعب"))
                unit_last = (int)(last = after++);
        } else if (unit == -1 && after < ts.n && is_arabic_word(&ts.t[after]) &&
                   !number_word(ts.t[after].norm, NULL) &&
                   !msd_in_list(ts.t[after].norm, month_words,
                                sizeof month_words / sizeof month_words[0]) &&
                   !msd_xtok_phrase(&ts, after, "علي الاقل") &&
                   !msd_xtok_phrase(&ts, after, "علي الاكثر") && strcmp(ts.t[after].norm, "من") &&
                   strcmp(ts.t[after].norm, "في") && strcmp(ts.t[after].norm, "علي") &&
                   strcmp(ts.t[after].norm, "و") &&
                   !msd_in_list(ts.t[after].norm, not_counted,
                                sizeof not_counted / sizeof not_counted[0]) &&
                   !msd_in_list(ts.t[after].norm, next_clause,
                                sizeof next_clause / sizeof next_clause[0])) {
            counted = (int)after;
            last = after;
            after++;
        }
        for (k = 0; k < sizeof hedges_after / sizeof hedges_after[0]; k++) {
            size_t w = msd_xtok_phrase(&ts, after, hedges_after[k].phrase);
            if (w && !strcmp(q, "eq")) {
                q = hedges_after[k].q;
                last = after + w - 1;
                after += w;
                end_byte = end_cp = 0;
                break;
            }
        }
        if (end_byte && last != i + used - 1) end_byte = end_cp = 0; /* span ends at a token */
        size_t before = out->n;
        rc = add(out, text, &ts, first, last, value, q, unit >= 0 ? unit : -1, unit_last, counted,
                 end_byte, end_cp, first == i ? lead : 0);
        if (!rc && is_range && out->n > before) {
            out->items[out->n - 1].high = high;
        }
        if (!rc && unit == -2 && out->n > before) { /* (none added past MSD_XCOLLECT_MAX) */
            out->items[out->n - 1].unit = msd_strndup("%", 1);
            if (!out->items[out->n - 1].unit) rc = MARSAD_ENOMEM;
        }
        /* "1,059,593,121 (مليار وتسعة …)": the number words in parentheses right after
         * digits restate them; they are no claim of their own */
        if (ts.t[i].kind == MARSAD_TOKEN_NUMBER && after == i + used && after < ts.n &&
            opens_paren(text, &ts, after) && ts.t[after].kind == MARSAD_TOKEN_WORD) {
            double again;
            size_t u = parse_number(text, &ts, after, &again);
            after += u;
        }
        i = next_free = after;
    }
    if (rc) msd_numbers_clear(out);
    return rc;
}

void msd_numbers_clear(msd_numbers *nums)
{
    for (size_t i = 0; i < nums->n; i++) {
        free(nums->items[i].unit);
        free(nums->items[i].counted);
        free(nums->items[i].text);
    }
    free(nums->items);
    memset(nums, 0, sizeof *nums);
}
