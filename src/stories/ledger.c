/*
 * ledger.c — claims grouped by quantity and judged (ledger.h).
 */
#include "stories/ledger.h"

#include <math.h>
#include <string.h>

#include "util/date.h"

/* Plurals of the nouns casualty and damage reports count, with their singulars. The light
 * stemmer leaves a broken plural whole (منازل) or cuts it to a root-like stem (قتلى →
 * قتل), so neither meets its singular without this table. */
static const char *const plurals[][2] = {
    {"قتلى", "قتيل"},       {"جرحى", "جريح"},     {"أشخاص", "شخص"},     {"منازل", "منزل"},
    {"بيوت", "بيت"},        {"مبان", "مبنى"},     {"مباني", "مبنى"},    {"غارات", "غارة"},
    {"ضحايا", "ضحية"},      {"أطفال", "طفل"},     {"نساء", "امرأة"},    {"جنود", "جندي"},
    {"عناصر", "عنصر"},      {"أسرى", "أسير"},     {"قرى", "قرية"},      {"شهداء", "شهيد"},
    {"صواريخ", "صاروخ"},    {"قذائف", "قذيفة"},   {"طائرات", "طائرة"},  {"أسر", "أسرة"},
    {"عائلات", "عائلة"},    {"رجال", "رجل"},      {"مدارس", "مدرسة"},   {"آلاف", "ألف"},
    {"ملايين", "مليون"},    {"مليارات", "مليار"}, {"دولارات", "دولار"}, {"حجاج", "حاج"},
    {"مستشفيات", "مستشفى"}, {"وفيات", "وفاة"},    {"حالات", "حالة"},    {"سيارات", "سيارة"},
    {"مسلحين", "مسلح"},     {"مقاتلين", "مقاتل"}, {"معتقلين", "معتقل"}, {"لاجئين", "لاجئ"},
    {"مصابين", "مصاب"},     {"نازحين", "نازح"},   {"مفقودين", "مفقود"}, {"مدنيين", "مدني"},
};

/* Nouns that count people, and the cues of what befell them, by status. */
static const char *const persons[] = {"شخص",  "أشخاص",  "مواطن", "مواطنين", "فرد",   "أفراد",
                                      "مدني", "مدنيين", "طفل",   "أطفال",   "امرأة", "نساء",
                                      "رجل",  "رجال",   "عامل",  "عمال"};
/* What tolls count: the people nouns above, the statuses' nouns, and these. */
static const char *const tallies[] = {
    "قتيل", "جريح", "مصاب",  "مفقود", "نازح",  "لاجئ",   "معتقل", "أسير", "ضحية",  "شهيد",
    "جندي", "عنصر", "مسلح",  "مقاتل", "إصابة", "وفاة",   "حالة",  "منزل", "مبنى",  "بيت",
    "قرية", "غارة", "صاروخ", "قذيفة", "هجوم",  "انفجار", "سيارة", "أسرة", "عائلة", "حاج",
};

static const char *const statuses[] = {"قتلى", "مصابون", "مفقودون", "ناجون", "نازحون", "معتقلون"};
static const struct {
    const char *word;
    int status; /* an index of statuses */
} cues[] = {
    {"مقتل", 0},   {"مصرع", 0},    {"وفاة", 0},      {"جثث", 0},    {"جثة", 0},    {"حتفهم", 0},
    {"قتل", 0},    {"قتلى", 0},    {"قتيل", 0},      {"ضحايا", 0},  {"توفي", 0},   {"إصابة", 1},
    {"إصابات", 1}, {"جرح", 1},     {"جرحى", 1},      {"مصاب", 1},   {"مصابين", 1}, {"جريح", 1},
    {"مفقود", 2},  {"مفقودين", 2}, {"المفقودين", 2}, {"فقدان", 2},  {"فقد", 2},    {"إنقاذ", 3},
    {"نجاة", 3},   {"انتشال", 3},  {"نزوح", 4},      {"تشريد", 4},  {"إجلاء", 4},  {"نازح", 4},
    {"اعتقال", 5}, {"توقيف", 5},   {"القبض", 5},     {"احتجاز", 5},
};

struct first {
    char *out;
    size_t cap, len;
};

static int first_stem(void *ctx, const marsad_token *tok)
{
    struct first *f = ctx;
    if (tok->stem_len < f->cap) {
        memcpy(f->out, tok->stem, tok->stem_len);
        f->out[tok->stem_len] = 0;
        f->len = tok->stem_len;
    }
    return 1; /* the first token only */
}

/* The lemma of one word: its stem, without the accusative alef of قتيلا (an alef after
 * three letters or more: the light stemmer keeps it). Returns its length or 0. */
static size_t lemma(marsad_analyzer *an, const char *word, char *out, size_t cap)
{
    struct first f = {out, cap, 0};
    size_t letters = 0;
    if (!word || !*word) return 0;
    marsad_analyze(an, word, strlen(word), first_stem, &f);
    for (size_t i = 0; i < f.len; i++) letters += ((unsigned char)out[i] & 0xc0) != 0x80;
    if (letters >= 4 && f.len >= 2 && !memcmp(out + f.len - 2, "\xd8\xa7", 2)) /* ا */
        out[f.len -= 2] = 0;
    return f.len;
}

int msd_ledger_lemmas_init(msd_ledger_lemmas *l, marsad_analyzer *an)
{
    l->n = 0;
    for (size_t i = 0; i < sizeof plurals / sizeof plurals[0] && l->n < MSD_LEDGER_LEMMAS; i++) {
        if (!lemma(an, plurals[i][0], l->from[l->n], sizeof l->from[0]) ||
            !lemma(an, plurals[i][1], l->to[l->n], sizeof l->to[0]))
            continue;
        if (strcmp(l->from[l->n], l->to[l->n])) l->n++;
    }
    l->n_person = 0;
    for (size_t i = 0; i < sizeof persons / sizeof persons[0] && l->n_person < 16; i++)
        if (lemma(an, persons[i], l->person[l->n_person], sizeof l->person[0])) l->n_person++;
    l->n_tally = 0;
    l->n_cases = 0;
    for (size_t i = 0; i < sizeof tallies / sizeof tallies[0] && l->n_tally < MSD_LEDGER_LEMMAS;
         i++)
        if (lemma(an, tallies[i], l->tally[l->n_tally], sizeof l->tally[0])) {
            if (!strcmp(tallies[i], "حالة")) l->n_cases = l->n_tally;
            l->n_tally++;
        }
    l->n_cues = 0;
    for (size_t i = 0; i < sizeof cues / sizeof cues[0] && l->n_cues < MSD_LEDGER_CUES; i++)
        if (lemma(an, cues[i].word, l->cue[l->n_cues], sizeof l->cue[0]))
            l->cue_status[l->n_cues++] = cues[i].status;
    return MARSAD_OK;
}

#define CUE_WORDS 4 /* a cue this many words from the claim, at most */

struct cue_scan {
    const msd_ledger_lemmas *l;
    int after;  /* scanning the text after the claim: the first cue wins */
    int status; /* the cue's, or -1 */
    int at[64]; /* before: the status of each word, to take the last CUE_WORDS */
    size_t tokens;
};

static int scan_cue(void *ctx, const marsad_token *tok)
{
    struct cue_scan *c = ctx;
    char stem[64];
    size_t n = tok->stem_len < sizeof stem - 1 ? tok->stem_len : sizeof stem - 1;
    int status = -1;
    memcpy(stem, tok->stem, n);
    stem[n] = 0;
    for (size_t i = 0; i < c->l->n_cues && status < 0; i++)
        if (!strcmp(stem, c->l->cue[i])) status = c->l->cue_status[i];
    if (c->after) {
        c->status = status;
        return status >= 0 || ++c->tokens >= CUE_WORDS; /* stop at the first cue */
    }
    c->at[c->tokens++ % 64] = status;
    return 0;
}

/* The status of the cue nearest the claim, within `within` words of it: the first
 * in the text after it, the last in the text before it; or -1. */
static int status_in(const msd_ledger_lemmas *l, marsad_analyzer *an, const char *text, int after,
                     size_t within)
{
    struct cue_scan c;
    memset(&c, 0, sizeof c);
    c.l = l;
    c.after = after;
    c.status = -1;
    if (!text || !*text) return -1;
    marsad_analyze(an, text, strlen(text), scan_cue, &c);
    if (after) return c.status;
    for (size_t k = 0; k < within && k < c.tokens && k < 64; k++)
        if (c.at[(c.tokens - 1 - k) % 64] >= 0) return c.at[(c.tokens - 1 - k) % 64];
    return -1;
}

/* The status a noun names itself (مصاب: injured), or -1. */
static int own_status(const msd_ledger_lemmas *l, const char *lemma_)
{
    for (size_t i = 0; i < l->n_cues; i++)
        if (!strcmp(lemma_, l->cue[i])) return l->cue_status[i];
    return -1;
}

size_t msd_ledger_quantity(const msd_ledger_lemmas *l, marsad_analyzer *an, const char *counted,
                           const char *unit, const char *before, const char *after, char *buf,
                           size_t cap)
{
    size_t n = lemma(an, counted ? counted : unit, buf, cap);
    int status = -1, own, person = 0;
    for (size_t i = 0; n && i < l->n; i++)
        if (!strcmp(buf, l->from[i])) {
            n = strlen(l->to[i]);
            if (n >= cap) return 0;
            memcpy(buf, l->to[i], n + 1);
            break;
        }
    if (!n || !counted) return n;
    for (size_t i = 0; i < l->n_person && !person; i++) person = !strcmp(buf, l->person[i]);
    own = own_status(l, buf);
    /* what befell them: a cue just before the number ("مقتل 12 شخصا وإصابة 50") is
     * nearest; else one just after the noun ("تسعة أشخاص في عداد المفقودين"); else one a
     * little before. A noun that names its own status (مصاب) takes only a cue just
     * before that says otherwise ("وفاة ثلاثة مصابين": the injured who died). */
    if ((status = status_in(l, an, before, 0, 2)) < 0 && person &&
        (status = status_in(l, an, after, 1, CUE_WORDS)) < 0)
        status = status_in(l, an, before, 0, CUE_WORDS);
    if (status < 0 || status == own || (!person && own < 0)) return n;
    {
        size_t add = 2 + strlen(statuses[status]);
        if (n + add >= cap) return 0;
        memcpy(buf + n, ": ", 2);
        memcpy(buf + n + 2, statuses[status], add - 1);
        n += add;
    }
    return n;
}

int msd_ledger_is_tally(const msd_ledger_lemmas *l, const char *key)
{
    size_t n = strcspn(key, ":"); /* "شخص: قتلى" is a person noun with its status */
    int status = key[n] == ':';
    for (size_t i = 0; i < l->n_person; i++) /* people: a toll only by what befell them */
        if (strlen(l->person[i]) == n && !strncmp(key, l->person[i], n)) return status;
    if (!strcmp(key, l->tally[l->n_cases])) return 0; /* حالة alone: cases of what? */
    for (size_t i = 0; i < l->n_tally; i++)
        if (strlen(l->tally[i]) == n && !strncmp(key, l->tally[i], n)) return 1;
    return 0;
}

int msd_ledger_qualifier(const char *name)
{
    static const char *const names[] = {"eq", "approx", "gt", "lt", "gte", "lte"};
    for (int i = 0; name && i < 6; i++)
        if (!strcmp(name, names[i])) return i + 1;
    return 0;
}

struct interval {
    double lo, hi;
    int lo_open, hi_open;
};

static struct interval interval_of(const msd_ledger_claim *c)
{
    struct interval iv = {c->value, c->value, 0, 0};
    switch (c->qualifier) {
    case 2:
        iv.lo = c->value * (1 - MSD_LEDGER_APPROX);
        iv.hi = c->value * (1 + MSD_LEDGER_APPROX);
        break;
    /* more than v, at least v: news writes "أكثر من 100" of a hundred, so the bound is
     * taken as reached (a strict bound flagged "more than 100" against "100") */
    case 3:
    case 5: iv.hi = INFINITY; break;
    case 4:
    case 6: iv.lo = -INFINITY; break;
    default: break;
    }
    return iv;
}

/* Whether a lies wholly below b. */
static int below(const struct interval *a, const struct interval *b)
{
    return a->hi < b->lo || (a->hi == b->lo && (a->hi_open || b->lo_open));
}

int msd_ledger_agree(const msd_ledger_claim *a, const msd_ledger_claim *b)
{
    struct interval x = interval_of(a), y = interval_of(b);
    return !below(&x, &y) && !below(&y, &x);
}

void msd_ledger_judge(msd_ledger_claim *claims, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        claims[j].verdict = MARSAD_CLAIM_ALONE;
        claims[j].other = j;
    }
    for (size_t j = 0; j < n; j++) {
        msd_ledger_claim *c = &claims[j];
        struct interval cj = interval_of(c);
        for (size_t i = 0; c->judged && i < j; i++) {
            const msd_ledger_claim *e = &claims[i];
            struct interval ci = interval_of(e);
            /* an article does not contradict itself: two figures of one noun in one
             * report count two things (38 cases moved, 29 not) */
            if (!e->judged || e->quantity != c->quantity ||
                (c->article && c->article == e->article) || msd_ledger_agree(e, c))
                continue;
            if (e->day != MSD_NO_DAY && c->day != MSD_NO_DAY && c->day > e->day &&
                below(&ci, &cj)) {
                if (c->verdict == MARSAD_CLAIM_ALONE) {
                    c->verdict = MARSAD_CLAIM_UPDATE;
                    c->other = i;
                }
                continue;
            }
            /* days apart, a lower figure is most often another count (today's strikes,
             * the wounded still in hospital), not the same toll told otherwise */
            if (e->day != MSD_NO_DAY && c->day != MSD_NO_DAY && c->day - e->day > MSD_LEDGER_DAYS)
                continue;
            if (c->verdict != MARSAD_CLAIM_DISAGREES) {
                c->verdict = MARSAD_CLAIM_DISAGREES;
                c->other = i;
            }
            if (claims[i].verdict != MARSAD_CLAIM_DISAGREES) {
                claims[i].verdict = MARSAD_CLAIM_DISAGREES;
                claims[i].other = j;
            }
        }
    }
}
