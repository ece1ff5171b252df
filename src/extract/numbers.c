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
    {"اثنا", 2, W_UNIT},          {"اثنان", 2, W_UNIT},        {"اثنتا", 2, W_UNIT},
    {"اثنتان", 2, W_UNIT},        {"اثنتي", 2, W_UNIT},        {"اثنتين", 2, W_UNIT},
    {"اثني", 2, W_UNIT},          {"اثنين", 2, W_UNIT},        {"احد", 1, W_UNIT},
    {"احدي", 1, W_UNIT},          {"اربع", 4, W_UNIT},         {"اربعمءه", 400, W_HUNDRED},
    {"اربعماءه", 400, W_HUNDRED}, {"اربعه", 4, W_UNIT},        {"اربعون", 40, W_TEN},
    {"اربعين", 40, W_TEN},        {"الاف", 1e3, W_SCALE},      {"الف", 1e3, W_SCALE},
    {"الفا", 1e3, W_SCALE},       {"الفان", 2e3, W_SCALE},     {"الفي", 2e3, W_SCALE},
    {"الفين", 2e3, W_SCALE},      {"بليون", 1e9, W_SCALE},     {"تريليون", 1e12, W_SCALE},
    {"تسع", 9, W_UNIT},           {"تسعمءه", 900, W_HUNDRED},  {"تسعماءه", 900, W_HUNDRED},
    {"تسعه", 9, W_UNIT},          {"تسعون", 90, W_TEN},        {"تسعين", 90, W_TEN},
    {"ثلاث", 3, W_UNIT},          {"ثلاثمءه", 300, W_HUNDRED}, {"ثلاثماءه", 300, W_HUNDRED},
    {"ثلاثه", 3, W_UNIT},         {"ثلاثون", 30, W_TEN},       {"ثلاثين", 30, W_TEN},
    {"ثلث", 1.0 / 3, W_FRACTION}, {"ثمان", 8, W_UNIT},         {"ثمانمءه", 800, W_HUNDRED},
    {"ثمانماءه", 800, W_HUNDRED}, {"ثمانون", 80, W_TEN},       {"ثماني", 8, W_UNIT},
    {"ثمانيمءه", 800, W_HUNDRED}, {"ثمانين", 80, W_TEN},       {"ثمانيه", 8, W_UNIT},
    {"خمس", 5, W_UNIT},           {"خمسمءه", 500, W_HUNDRED},  {"خمسماءه", 500, W_HUNDRED},
    {"خمسه", 5, W_UNIT},          {"خمسون", 50, W_TEN},        {"خمسين", 50, W_TEN},
    {"ربع", 0.25, W_FRACTION},    {"سبع", 7, W_UNIT},          {"سبعمءه", 700, W_HUNDRED},
    {"سبعماءه", 700, W_HUNDRED},  {"سبعه", 7, W_UNIT},         {"سبعون", 70, W_TEN},
    {"سبعين", 70, W_TEN},         {"ست", 6, W_UNIT},           {"ستمءه", 600, W_HUNDRED},
    {"ستماءه", 600, W_HUNDRED},   {"سته", 6, W_UNIT},          {"ستون", 60, W_TEN},
    {"ستين", 60, W_TEN},          {"عشر", 10, W_TEEN_TAIL},    {"عشره", 10, W_TEEN_TAIL},
    {"عشرون", 20, W_TEN},         {"عشرين", 20, W_TEN},        {"مءتا", 200, W_HUNDRED},
    {"مءتان", 200, W_HUNDRED},    {"مءتي", 200, W_HUNDRED},    {"مءتين", 200, W_HUNDRED},
    {"مءه", 100, W_HUNDRED},      {"ماءتان", 200, W_HUNDRED},  {"ماءتين", 200, W_HUNDRED},
    {"ماءه", 100, W_HUNDRED},     {"ملايين", 1e6, W_SCALE},    {"مليار", 1e9, W_SCALE},
    {"مليارا", 1e9, W_SCALE},     {"مليارات", 1e9, W_SCALE},   {"ملياري", 2e9, W_SCALE},
    {"مليارين", 2e9, W_SCALE},    {"مليون", 1e6, W_SCALE},     {"مليونا", 1e6, W_SCALE},
    {"مليونان", 2e6, W_SCALE},    {"مليوني", 2e6, W_SCALE},    {"مليونين", 2e6, W_SCALE},
    {"نصف", 0.5, W_FRACTION},     {"واحد", 1, W_UNIT},         {"واحده", 1, W_UNIT},
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
    {"سوي اقل من", "lt"},     {"ما لا يقل عن", "gte"},   {"لا يقل عن", "gte"},
    {"ما لايقل عن", "gte"},   {"لايقل عن", "gte"},       {"لايزيد عن", "lte"}, /* glued لا */
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
    *ok = 0;
    if (strchr(norm, '/') || strchr(norm, ':') || strlen(norm) >= sizeof buf) return 0;
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

/* Parses a number starting at token i; returns the tokens it used (0: none). */
static size_t parse_number(const char *text, const msd_tokens *ts, size_t i, double *value)
{
    double total = 0, current = 0, last_scale = 0;
    size_t j = i;
    int any = 0, last_unit = 0, last_digits = 0;
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
        if (t->kind != MARSAD_TOKEN_WORD) break;
        if (any && !strcmp(t->norm, "و") && j + 1 < ts->n && number_word(ts->t[j + 1].norm, NULL)) {
            j++; /* a separate connector */
            continue;
        }
        w = number_word(t->norm, &conj);
        if (!w) break;
        if (last_digits && w->kind != W_SCALE) break; /* "5 وثلاثة": two numbers */
        last_digits = 0;
        if (any && !conj && w->kind != W_SCALE && w->kind != W_TEEN_TAIL &&
            !(w->kind == W_HUNDRED && last_unit))
            break; /* two number words without و: a new number */
        switch (w->kind) {
        case W_UNIT:
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
    *value = total + current;
    return any ? j - i : 0;
}

/* ---- Claims -------------------------------------------------------------------------- */

static int add(msd_numbers *out, const char *text, const msd_tokens *ts, size_t first, size_t last,
               double value, const char *q, int unit_tok, int unit_last, int counted_tok,
               size_t end_byte, size_t end_cp)
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
    n->qualifier = q;
    n->byte_start = ts->t[first].b0;
    n->start = ts->t[first].c0;
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

static int is_arabic_word(const struct msd_tok *t)
{
    return t->kind == MARSAD_TOKEN_WORD && (unsigned char)t->norm[0] >= 0xD8;
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
        size_t end_byte = 0, end_cp = 0;
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
        if (part_of_date(&ts, i, used)) {
            i += used;
            continue;
        }
        /* a 7+ digit run without separators is a phone or an id, not a claim */
        if (ts.t[i].kind == MARSAD_TOKEN_NUMBER && strlen(ts.t[i].norm) >= 7 &&
            !strchr(ts.t[i].norm, '.') && used == 1 &&
            !has_group_separator(text + ts.t[i].b0, ts.t[i].b1 - ts.t[i].b0)) {
            i += used;
            continue;
        }
        /* a hedge before the number: after the previous claim, on the same line */
        for (k = 0; k < sizeof hedges_before / sizeof hedges_before[0]; k++) {
            size_t w = msd_phrase_words(hedges_before[k].phrase);
            if (i >= w && i - w >= next_free &&
                msd_xtok_phrase(&ts, i - w, hedges_before[k].phrase) &&
                !memchr(text + ts.t[i - w].b0, '\n', ts.t[i].b0 - ts.t[i - w].b0)) {
                first = i - w;
                q = hedges_before[k].q;
                break;
            }
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
                 end_byte, end_cp);
        if (!rc && unit == -2 && out->n > before) { /* (none added past MSD_XCOLLECT_MAX) */
            out->items[out->n - 1].unit = msd_strndup("%", 1);
            if (!out->items[out->n - 1].unit) rc = MARSAD_ENOMEM;
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
