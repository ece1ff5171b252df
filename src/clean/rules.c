/*
 * rules.c — the line rules of the cleaner, in the order clean.h lists them.
 *
 * The rules read structure (length, punctuation, separators, position, parentheses),
 * statistics (how often the source repeats a line) and a few short cue lists in
 * data/cues/ that name the interface words, block headers and appeals of Arabic news
 * sites in general, never one site's strings.
 */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "clean/lines.h"
#include "clean/stats.h"
#include "text/tokens.h"

int msd_line_is_prose(const struct line *l)
{
    return l->words >= 16 || (l->words >= 8 && (l->ends_period || l->has_comma));
}

uint64_t msd_line_stat_key(uint64_t source_hash, uint64_t line_hash)
{
    uint64_t k = source_hash ^ (line_hash * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e019ull);
    return k ? k : 1;
}

static int key_has(const struct line *l, const char *cue)
{
    size_t k = strlen(cue);
    return k && memmem(l->key, l->key_len, cue, k) != NULL;
}

static int key_has_any(const struct line *l, char *const *cues, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (key_has(l, cues[i])) return 1;
    return 0;
}

static int in_set(const msd_strmap *set, const char *s, size_t n)
{
    const char *v;
    size_t vn;
    return msd_strmap_get(set, s, n, &v, &vn);
}

/* The headline again: the same key, or the key pasted k times (the last copy may be
 * cut short by the crawler). */
static int repeated_title(const struct docctx *d, const struct line *l)
{
    size_t t = d->title_key_len, i;
    if (t < 8 || l->key_len < t) return 0;
    for (i = 0; i + t <= l->key_len; i += t)
        if (memcmp(l->key + i, d->title_key, t)) return 0;
    return !memcmp(l->key + i, d->title_key, l->key_len - i);
}

/* A parenthesis of at most four words closing the line: a photo credit. */
static int ends_with_credit(const struct line *l)
{
    size_t e = l->n, words = 1;
    while (e > 0 && (l->p[e - 1] == ' ' || l->p[e - 1] == '\t')) e--;
    if (!e || l->p[e - 1] != ')') return 0;
    for (size_t i = e - 1; i-- > 0;) {
        if (l->p[i] == '(') return words <= 4 && i + 2 < e;
        if (l->p[i] == ' ') words++;
    }
    return 0;
}

/* A photographer's credit closing the line: "… في أسوان. تصوير: حسن النوبي" (تصوير or
 * عدسة, a colon, at most four words to the end). */
static int ends_with_photographer(const struct line *l)
{
    static const char *const credits[] = {"تصوير", "عدسة"};
    for (size_t k = 0; k < 2; k++) {
        const char *at = NULL, *q = l->p, *e = l->p + l->n;
        size_t words = 0, m = strlen(credits[k]);
        while ((q = memmem(q, (size_t)(e - q), credits[k], m))) {
            /* a word of its own, or after و ("رصد وتصوير:"), not التصوير or بالتصوير */
            const char *w = q >= l->p + 2 && !memcmp(q - 2, "و", 2) ? q - 2 : q;
            if (w == l->p || w[-1] == ' ') at = q;
            q += m;
        }
        if (!at) continue;
        q = at + m;
        while (q < e && *q == ' ') q++;
        if (q == e || *q != ':') continue;
        for (q++; q < e; q++) words += *q != ' ' && (q[-1] == ' ' || q[-1] == ':');
        if (words >= 1 && words <= 4) return 1;
    }
    return 0;
}

/* A caption opener ("صورة أرشيفية …") or a closing photo credit on a short line that is
 * not a list item. */
static int caption(const struct cues *c, const struct line *l)
{
    if (l->words > 25 || l->list_item) return 0;
    if (ends_with_photographer(l)) return 1; /* "… أسوان. تصوير: …": a sentence before it */
    if (l->ends_sentence) return 0;
    for (size_t i = 0; i < c->n_caption; i++)
        if (!strncmp(l->key, c->caption[i], strlen(c->caption[i]))) return 1;
    return ends_with_credit(l);
}

/* Only interface words, single letters and symbols. */
static int widget(const struct cues *c, const struct line *l)
{
    if (l->words > 8 || l->ntok < l->words) return 0;
    if (!l->words) return !l->blank; /* symbols only: "×", "|" */
    for (size_t k = 0; k < l->ntok; k++) {
        int single = l->tok[k].stem_len <= 2 && l->tok[k].kind == MARSAD_TOKEN_WORD;
        if (!single && !in_set(c->widget, l->tok[k].stem, l->tok[k].stem_len)) return 0;
    }
    return 1;
}

/* Words in « » that someone is said to have said after them: "«ادعموا المزارع المحلي
 * …»، قال صاحب معصرة". A slogan in « » with an appeal after it ("«…» تبرعوا الآن") is
 * not. */
static int quotes_speech(const struct line *l)
{
    static const char *const verbs[] = {"قال", "يقول", "تقول", "أضاف", "أكد", "تابع"};
    const char *open = memmem(l->p, l->n, "«", 2), *close, *e = l->p + l->n;
    if (!open) return 0;
    close = memmem(open, (size_t)(e - open), "»", 2);
    if (!close) return 0;
    for (size_t k = 0; k < sizeof verbs / sizeof verbs[0]; k++)
        if (memmem(close, (size_t)(e - close), verbs[k], strlen(verbs[k]))) return 1;
    return 0;
}

/* An appeal cue on a line of appeal length, or opening a longer one: a whole article
 * that mentions "تبرعوا" in a quote is news, not an appeal; so is a line quoting
 * someone's «ادعموا المزارع المحلي …». */
static int appeal(const struct cues *c, const struct line *l)
{
    if (quotes_speech(l)) return 0;
    if (l->words <= 40) return key_has_any(l, c->appeal, c->n_appeal);
    for (size_t i = 0; i < c->n_appeal; i++)
        if (!strncmp(l->key, c->appeal[i], strlen(c->appeal[i]))) return 1;
    return 0;
}

static uint32_t source_count(const struct docctx *d, const struct line *l)
{
    return d->stats ? msd_stats_get(d->stats, msd_line_stat_key(d->source_hash, l->hash)) : 0;
}

/* Seen in at least `share` of the source's documents, and in three at least. */
static int site_repeated(const struct docctx *d, const struct line *l, double share)
{
    uint32_t n = source_count(d, l);
    return d->source_docs >= 3 && n >= 3 && (double)n >= share * (double)d->source_docs;
}

/* The same for a short line around the article (before its first prose line, after its
 * last), measured against the documents of its outlet (edge_docs). */
static int edge_repeated(const struct docctx *d, size_t i, double share)
{
    uint32_t n = source_count(d, &d->lines[i]);
    if (d->first_prose < d->n && i > d->first_prose && i < d->last_prose) return 0;
    return d->edge_docs >= 3 && n >= 3 && (double)n >= share * (double)d->edge_docs;
}

/* Copyright, a domain or e-mail after the article's last paragraph (a link inside the
 * article is the article's), or the site's name alone: a short line the source repeats
 * that also stands inside one of this page's copyright lines. */
static int footer(const struct docctx *d, size_t i)
{
    const struct line *l = &d->lines[i];
    if (l->has_copyright || key_has(l, "جميعالحقوقمحفوظه") || key_has(l, "allrightsreserved"))
        return 1;
    if (l->has_domain && l->words <= 8 && (d->last_prose == d->n || i > d->last_prose)) return 1;
    if (l->words <= 4 && l->key_len >= 6 && site_repeated(d, l, 0.2)) {
        for (size_t k = 0; k < d->n; k++) {
            const struct line *o = &d->lines[k];
            if (o != l && o->has_copyright && o->key_len > l->key_len && key_has(o, l->key))
                return 1;
        }
    }
    return 0;
}

/* The line opens with a related-block header (its key: letters only). */
static int opens_related(const struct cues *c, const struct line *l)
{
    for (size_t i = 0; i < c->n_related; i++)
        if (!strncmp(l->key, c->related[i], strlen(c->related[i]))) return 1;
    return 0;
}

/* A header of a related block: a header alone, or with أيضا / لك after it ("قد يهمك
 * أيضاً", "Related Articles"); not one that goes on ("آخر الأخبار الميدانية" is a heading
 * of the article's). */
static int related_header(const struct cues *c, const struct line *l)
{
    static const char *const tails[] = {"", "ايضا", "لك", "كذلك", "articles", "posts", "stories"};
    if (l->words > 5) return 0;
    for (size_t i = 0; i < c->n_related; i++) {
        size_t k = strlen(c->related[i]);
        if (strncmp(l->key, c->related[i], k)) continue;
        for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++)
            if (!strcmp(l->key + k, tails[t])) return 1;
    }
    return 0;
}

/* A related headline inline: "اقرأ أيضاً: وزارة الري تحذر من …", the header, a colon, and
 * a headline's length, not a sentence. */
static int related_inline(const struct cues *c, const struct line *l)
{
    return l->words <= 20 && !l->ends_period && memchr(l->p, ':', l->n) && opens_related(c, l);
}

/* A short headline-like line: what a related block lists. */
static int headline_like(const struct line *l)
{
    return l->words >= 2 && l->words <= 15 && !l->ends_period;
}

static int is_number(const struct line *l, size_t k)
{
    return l->tok[k].kind == MARSAD_TOKEN_NUMBER;
}

/* Time stamps and counters: "قبل 3 سنوات I …", "منذ سنتين | 862 مشاهدة",
 * "الاثنين 9 يناير 2017 - 09:10 ص". */
static int timestamp(const struct cues *c, const struct line *l)
{
    size_t months = 0, years = 0;
    if (l->words > 12 || l->ntok < 2 || l->has_comma || l->ends_sentence) return 0;
    /* قبل / منذ, then a number or a unit */
    if ((l->tok[0].stem_len == 6 &&
         (!memcmp(l->tok[0].stem, "قبل", 6) || !memcmp(l->tok[0].stem, "منذ", 6))) &&
        (is_number(l, 1) || in_set(c->time, l->tok[1].stem, l->tok[1].stem_len)))
        return 1;
    if (!in_set(c->weekday, l->tok[0].stem, l->tok[0].stem_len)) return 0;
    for (size_t k = 1; k < l->ntok; k++) {
        if (in_set(c->month, l->tok[k].stem, l->tok[k].stem_len)) months++;
        if (is_number(l, k) && l->tok[k].stem_len == 4) years++;
    }
    return months && years;
}

/* The token's text has a ':' or '/' (09:30, 15/11/2026): a clock or a date. */
static int clock_or_date(const struct line *l, size_t k)
{
    const char *p = l->p + (l->tok[k].b0 - l->b);
    size_t n = l->tok[k].b1 - l->tok[k].b0;
    return is_number(l, k) && (memchr(p, ':', n) || memchr(p, '/', n));
}

/* A publication stamp: dates, times and their labels only ("نُشر في: الأحد 15 نوفمبر
 * 2026 - 09:40 ص | آخر تحديث: 11:05 ص", "آخر تحديث: الأحد ١٥/١١/٢٠٢٦ - ٠٩:٣٠"), with a
 * clock, a numeric date, or a month and a year in it. Not a list item: "• الأحد 17/10
 * (88.55-100%)" is a schedule in an article (SaudiNewsNet has one). */
static int stamp(const struct cues *c, const struct line *l)
{
    size_t evidence = 0, month = 0, year = 0;
    if (l->words > 16 || l->ntok < l->words || l->ntok < 2 || l->has_comma || l->list_item)
        return 0;
    for (size_t k = 0; k < l->ntok; k++) {
        const struct msd_tok *t = &l->tok[k];
        if (clock_or_date(l, k)) {
            evidence++;
        } else if (is_number(l, k)) {
            year += t->stem_len == 4;
        } else if (in_set(c->month, t->stem, t->stem_len)) {
            month++;
        } else if (!in_set(c->weekday, t->stem, t->stem_len) &&
                   !in_set(c->time, t->stem, t->stem_len) &&
                   !in_set(c->stamp, t->stem, t->stem_len)) {
            return 0;
        }
    }
    return evidence || (month && year);
}

/* A byline: "كتبت: سارة الأمين", "بقلم: …" — a credit word and a colon, then a few words. */
static int byline(const struct cues *c, const struct line *l)
{
    const char *colon;
    if (l->words > 8 || l->ntok < 2 || l->ends_sentence ||
        !in_set(c->byline, l->tok[0].stem, l->tok[0].stem_len))
        return 0;
    colon = memchr(l->p, ':', l->n);
    return colon && (size_t)(colon - l->p) <= l->tok[1].b0 - l->b;
}

/* "الرئيسية > أخبار > سوريا": short segments between separators. */
static int breadcrumb_trail(const struct line *l)
{
    return l->has_sep && l->words <= 10 && !l->ends_sentence && !l->has_comma;
}

/* A section label: one or two words above the article's first paragraph. */
static int section_label(const struct docctx *d, size_t i)
{
    const struct line *l = &d->lines[i];
    /* with no prose after it, the short line is all the article there is */
    return l->words >= 1 && l->words <= 2 && i < d->first_prose && d->first_prose < d->n &&
           !l->ends_sentence && l->arabic * 2 >= l->letters;
}

const char *msd_rules_classify(const struct cues *c, const struct docctx *d, size_t i,
                               int *in_related)
{
    const struct line *l = &d->lines[i];
    if (l->blank) {
        *in_related = 0;
        return NULL;
    }
    if (repeated_title(d, l)) return "repeated-title";
    if (key_has_any(l, c->icons, c->n_icons)) return "caption"; /* "…camera icon…" */
    if (appeal(c, l)) return "appeal";
    if (msd_line_is_prose(l)) {
        *in_related = 0;
        return site_repeated(d, l, 0.5) ? "site-repeated" : NULL;
    }
    if (caption(c, l)) return "caption";
    if (widget(c, l)) return "widget";
    if (footer(d, i)) return "footer";
    if (related_header(c, l)) {
        *in_related = 1;
        return "related";
    }
    if (*in_related && headline_like(l)) return "related";
    *in_related = 0;
    if (related_inline(c, l)) return "related";
    if (timestamp(c, l) || stamp(c, l) || byline(c, l)) return "other";
    if (breadcrumb_trail(l) || section_label(d, i)) return "breadcrumb";
    if (site_repeated(d, l, 0.2) || edge_repeated(d, i, 0.2)) return "site-repeated";
    return NULL;
}
