/*
 * clean.c — the cleaner: line features, the two passes, and the article it makes.
 * The rules themselves are in rules.c; the contract is in clean.h.
 */
#define _GNU_SOURCE /* memmem */
#include "clean/clean.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean/lines.h"
#include "clean/stats.h"
#include "marsad.h"
#include "text/normalize.h"
#include "text/tokenize.h"
#include "text/tokens.h"
#include "text/utf8.h"
#include "util/grow.h"
#include "util/hash.h"

#define DEFAULT_SLOTS (1u << 20)

extern const char *const msd_cues_widget[],
    *const msd_cues_related[], *const msd_cues_appeal[],
                                   *const msd_cues_caption[],
                                       *const msd_cues_icons[],
                                           *const msd_cues_time[],
                                               *const msd_cues_weekdays[],
                                                   *const msd_cues_months[],
                                                       *const msd_cues_stamp[],
                                                           *const msd_cues_byline[];

/* After msd_cleaner_new, only the first pass's counting (msd_cleaner_count) changes a
 * cleaner; everything else reads it, so the second pass may run on many threads. */
struct msd_cleaner {
    marsad_analyzer *an; /* the cues' stems; msd_cleaner_clean's own analysis */
    msd_tokens toks;     /* msd_cleaner_clean's token stream */
    struct cues cues;
    msd_stats *lines; /* (source, line) → documents */
    msd_stats *docs;  /* source → documents */
};

/* ---- Keys and features --------------------------------------------------------------- */

/* The normalized letters and digits of s (digits as 0), malloc'd; counts letters. The
 * line is normalized into the key's own buffer and filtered in place (a key is never
 * longer than the normalized text); the buffer grows to what marsad_normalize reports
 * when NFKC lengthens the line past the first allocation. */
static char *make_key(const char *s, size_t n, size_t *len, size_t *letters, size_t *arabic)
{
    size_t need = 0, o = 0, i = 0, cap = 2 * n + 16;
    char *key = malloc(cap);
    int rc;
    if (!key) return NULL;
    rc = marsad_normalize(s, n, MARSAD_NORM_INDEX, key, cap - 1, &need);
    if (rc == MARSAD_ERANGE) {
        char *k2 = realloc(key, need + 1);
        if (!k2) {
            free(key);
            return NULL;
        }
        key = k2;
        rc = marsad_normalize(s, n, MARSAD_NORM_INDEX, key, need, &need);
    }
    if (rc) {
        free(key);
        return NULL;
    }
    while (i < need) {
        size_t at = i;
        int32_t cp = msd_utf8_next((const unsigned char *)key, need, &i, NULL);
        int k = msd_char_class(cp);
        if (k == MSD_C_DIGIT) {
            key[o++] = '0';
        } else if (k == MSD_C_ALETTER || k == MSD_C_LETTER) {
            memmove(key + o, key + at, i - at);
            o += i - at;
            if (letters) ++*letters;
            if (arabic && k == MSD_C_ALETTER) ++*arabic;
        }
    }
    key[o] = 0;
    *len = o;
    return key;
}

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v';
}

/* Whether the line ends (before closing quotes and brackets) with one of enders. */
static int ends_with(const char *p, size_t n, const char *const *enders, size_t n_enders)
{
    static const char *const closers[] = {"\"", "'", ")", "»", "”", "’"};
    int moved = 1;
    while (n && is_space(p[n - 1])) n--;
    while (moved) { /* skip closing quotes and brackets */
        moved = 0;
        for (size_t k = 0; k < sizeof closers / sizeof closers[0]; k++) {
            size_t m = strlen(closers[k]);
            if (n >= m && !memcmp(p + n - m, closers[k], m)) {
                n -= m;
                moved = 1;
            }
        }
    }
    for (size_t k = 0; k < n_enders; k++) {
        size_t m = strlen(enders[k]);
        if (n >= m && !memcmp(p + n - m, enders[k], m)) return 1;
    }
    return 0;
}

static const char *const sentence_enders[] = {".", "!", "?", "؟", "…"};

static int starts_list_item(const char *p, size_t n)
{
    static const char *const bullets[] = {"- ", "– ", "• ", "* ", "· "};
    while (n && is_space(*p)) p++, n--;
    for (size_t k = 0; k < sizeof bullets / sizeof bullets[0]; k++)
        if (n >= strlen(bullets[k]) && !memcmp(p, bullets[k], strlen(bullets[k]))) return 1;
    return 0;
}

static int has_str(const char *p, size_t n, const char *s)
{
    return memmem(p, n, s, strlen(s)) != NULL;
}

static int has_comma(const char *p, size_t n)
{
    if (has_str(p, n, "،")) return 1;
    for (size_t i = 0; i < n; i++) /* a comma not between digits (25,000) */
        if (p[i] == ',' && !(i > 0 && i + 1 < n && p[i - 1] >= '0' && p[i - 1] <= '9' &&
                             p[i + 1] >= '0' && p[i + 1] <= '9'))
            return 1;
    return 0;
}

static int has_separator(const char *p, size_t n)
{
    /* not " - ": datelines (واس – الرياض) and numbered list items use it */
    static const char *const seps[] = {" > ", " › ", " » ", " | ", " / ", " < ", " ‹ ", " I "};
    for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++)
        if (has_str(p, n, seps[k])) return 1;
    return memchr(p, '|', n) != NULL;
}

/* Only white space, no-break spaces and invisible format characters. */
static int blank_line(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        int32_t cp = msd_utf8_next((const unsigned char *)p, n, &i, NULL);
        if (cp < 0x80 ? !is_space((char)cp)
                      : !(cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200F) || cp == 0x202F ||
                          cp == 0x3000 || cp == 0xFEFF))
            return 0;
    }
    return 1;
}

/* The features of line l. Its tokens are those of the document's stream from *tok on
 * (lines and tokens are both in text order, so one walk serves the document); with no
 * stream (the first pass) only the key. */
static int line_features(struct line *l, const msd_tokens *toks, size_t *tok)
{
    size_t at, len, end;
    l->key = make_key(l->p, l->n, &l->key_len, &l->letters, &l->arabic);
    if (!l->key) return MARSAD_ENOMEM;
    l->hash = msd_hash64(l->key, l->key_len);
    if (!toks) return MARSAD_OK;
    l->blank = blank_line(l->p, l->n);
    for (end = l->b + l->n; *tok < toks->n && toks->t[*tok].b0 < end; ++*tok) {
        const struct msd_tok *t = &toks->t[*tok];
        if (t->b0 < l->b) continue; /* cannot happen: tokens never cross a line break */
        if (!l->ntok) l->tok = t;
        if (l->ntok < MAX_LINE_TOKENS) l->ntok++;
        l->words++;
    }
    if (l->blank) return MARSAD_OK;
    l->ends_sentence = ends_with(l->p, l->n, sentence_enders, 5);
    l->ends_period = ends_with(l->p, l->n, sentence_enders, 2);
    l->has_comma = has_comma(l->p, l->n);
    /* The structural marks matter only to the short-line rules (prose has 16+ words). */
    if (l->words < 16) {
        l->list_item = starts_list_item(l->p, l->n);
        l->has_sep = has_separator(l->p, l->n);
        l->has_domain = msd_last_domain(l->p, l->n, &at, &len) || memchr(l->p, '@', l->n) != NULL;
        l->has_copyright =
            has_str(l->p, l->n, "©") || has_str(l->p, l->n, "(c)") || has_str(l->p, l->n, "(C)");
    }
    return MARSAD_OK;
}

/* Splits doc's text into lines with their features (toks: the text's tokens; NULL for
 * the keys alone). */
static int split(const msd_doc *doc, const char *text, size_t len, const msd_tokens *toks,
                 struct line **out, size_t *n_out)
{
    size_t n = 1, k = 0, tok = 0, cp = 0, rb = 0;
    const char *p = text ? text : "", *raw = doc->text ? doc->text : "";
    size_t raw_len = doc->text ? doc->text_len : 0;
    struct line *lines;
    for (size_t i = 0; i < len; i++) n += p[i] == '\n';
    lines = calloc(n, sizeof *lines);
    if (!lines) return MARSAD_ENOMEM;
    for (size_t i = 0, b = 0; i <= len; i++) {
        int rc;
        if (i < len && p[i] != '\n') continue;
        lines[k].p = p + b;
        lines[k].n = i - b;
        if (p == raw) { /* the line as the input had it, for removed[] */
            lines[k].raw = lines[k].p, lines[k].raw_n = lines[k].n;
        } else { /* the same line of the input (the stored form keeps the line breaks) */
            const char *e = rb < raw_len ? memchr(raw + rb, '\n', raw_len - rb) : NULL;
            size_t re = e ? (size_t)(e - raw) : raw_len;
            lines[k].raw = raw + (rb < raw_len ? rb : raw_len);
            lines[k].raw_n = rb < raw_len ? re - rb : 0;
            rb = re + 1;
        }
        lines[k].b = b;
        lines[k].c = cp;
        lines[k].no = k + 1;
        if ((rc = line_features(&lines[k], toks, &tok))) {
            *out = lines;
            *n_out = k + 1;
            return rc;
        }
        for (size_t j = b; j < i; j++) cp += ((unsigned char)p[j] & 0xC0) != 0x80;
        cp++; /* the line break */
        k++;
        b = i + 1;
    }
    *out = lines;
    *n_out = k;
    return MARSAD_OK;
}

static void free_lines(struct line *lines, size_t n)
{
    if (!lines) return;
    for (size_t i = 0; i < n; i++) free(lines[i].key);
    free(lines);
}

/* ---- Cues -------------------------------------------------------------------------- */

static int stem_into(void *ctx, const marsad_token *t)
{
    return msd_strmap_put(ctx, t->stem, t->stem_len, "", 0) != MARSAD_OK;
}

static int stem_set(msd_cleaner *c, const char *const *words, msd_strmap **out)
{
    size_t n = 0;
    int rc;
    while (words[n]) n++;
    rc = msd_strmap_new(n * 2 + 1, 32, out);
    for (size_t i = 0; !rc && i < n; i++)
        rc = marsad_analyze(c->an, words[i], strlen(words[i]), stem_into, *out);
    return rc;
}

static int key_list(const char *const *words, char ***out, size_t *n_out)
{
    size_t n = 0, len;
    while (words[n]) n++;
    *out = calloc(n + 1, sizeof **out);
    if (!*out) return MARSAD_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        (*out)[i] = make_key(words[i], strlen(words[i]), &len, NULL, NULL);
        if (!(*out)[i]) return MARSAD_ENOMEM;
        *n_out = i + 1;
    }
    return MARSAD_OK;
}

static void free_keys(char **keys, size_t n)
{
    if (!keys) return;
    for (size_t i = 0; i < n; i++) free(keys[i]);
    free(keys);
}

int msd_cleaner_new(size_t count_slots, msd_cleaner **out)
{
    msd_cleaner *c = calloc(1, sizeof *c);
    marsad_analyzer_config cfg;
    int rc;
    if (!c) return MARSAD_ENOMEM;
    marsad_analyzer_config_init(&cfg);
    cfg.stemmer = MARSAD_STEMMER_LIGHT;
    if ((rc = marsad_analyzer_new(&cfg, &c->an)) ||
        (rc = msd_stats_new(count_slots ? count_slots : DEFAULT_SLOTS, &c->lines)) ||
        (rc = msd_stats_new(1 << 12, &c->docs)) ||
        (rc = stem_set(c, msd_cues_widget, &c->cues.widget)) ||
        (rc = stem_set(c, msd_cues_time, &c->cues.time)) ||
        (rc = stem_set(c, msd_cues_weekdays, &c->cues.weekday)) ||
        (rc = stem_set(c, msd_cues_months, &c->cues.month)) ||
        (rc = stem_set(c, msd_cues_stamp, &c->cues.stamp)) ||
        (rc = stem_set(c, msd_cues_byline, &c->cues.byline)) ||
        (rc = key_list(msd_cues_related, &c->cues.related, &c->cues.n_related)) ||
        (rc = key_list(msd_cues_appeal, &c->cues.appeal, &c->cues.n_appeal)) ||
        (rc = key_list(msd_cues_caption, &c->cues.caption, &c->cues.n_caption)) ||
        (rc = key_list(msd_cues_icons, &c->cues.icons, &c->cues.n_icons))) {
        msd_cleaner_free(c);
        return rc == MARSAD_ESTOP ? MARSAD_ENOMEM : rc;
    }
    *out = c;
    return MARSAD_OK;
}

void msd_cleaner_free(msd_cleaner *c)
{
    if (!c) return;
    marsad_analyzer_free(c->an);
    msd_tokens_free(&c->toks);
    msd_stats_free(c->lines);
    msd_stats_free(c->docs);
    msd_strmap_free(c->cues.widget);
    msd_strmap_free(c->cues.time);
    msd_strmap_free(c->cues.weekday);
    msd_strmap_free(c->cues.month);
    msd_strmap_free(c->cues.stamp);
    msd_strmap_free(c->cues.byline);
    free_keys(c->cues.related, c->cues.n_related);
    free_keys(c->cues.appeal, c->cues.n_appeal);
    free_keys(c->cues.caption, c->cues.n_caption);
    free_keys(c->cues.icons, c->cues.n_icons);
    free(c);
}

static uint64_t source_hash(const char *source)
{
    uint64_t h = source ? msd_hash64(source, strlen(source)) : 0x5eed;
    return h ? h : 1;
}

/* ---- The passes -------------------------------------------------------------------- */

static int by_hash(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int msd_cleaner_keys(const msd_doc *doc, msd_linekeys *k)
{
    struct line *lines = NULL;
    size_t n = 0;
    char *source;
    int rc = msd_clean_source(doc, &source, NULL);
    memset(k, 0, sizeof *k);
    if (rc) return rc;
    rc = split(doc, doc->text, doc->text ? doc->text_len : 0, NULL, &lines, &n);
    k->source = source_hash(source);
    free(source);
    if (!rc && !(k->hashes = malloc((n + 1) * sizeof *k->hashes))) rc = MARSAD_ENOMEM;
    for (size_t i = 0; !rc && i < n; i++)
        if (lines[i].key_len >= 2) k->hashes[k->n++] = lines[i].hash;
    free_lines(lines, n);
    if (rc) {
        msd_linekeys_clear(k);
        return rc;
    }
    qsort(k->hashes, k->n, sizeof *k->hashes, by_hash);
    return MARSAD_OK;
}

void msd_cleaner_count(msd_cleaner *c, const msd_linekeys *k)
{
    msd_stats_add(c->docs, k->source);
    for (size_t i = 0; i < k->n; i++) /* each distinct line once per document */
        if (!i || k->hashes[i] != k->hashes[i - 1])
            msd_stats_add(c->lines, msd_line_stat_key(k->source, k->hashes[i]));
}

void msd_linekeys_clear(msd_linekeys *k)
{
    free(k->hashes);
    memset(k, 0, sizeof *k);
}

int msd_cleaner_observe(msd_cleaner *c, const msd_doc *doc)
{
    msd_linekeys k;
    int rc = msd_cleaner_keys(doc, &k);
    if (rc) return rc;
    msd_cleaner_count(c, &k);
    msd_linekeys_clear(&k);
    return MARSAD_OK;
}

const char *msd_article_id(const msd_doc *doc, const msd_article *a, char buf[17])
{
    uint64_t h;
    if (doc->id) return doc->id;
    if (doc->url) {
        h = msd_mix64(msd_hash64(doc->url, strlen(doc->url)) ^ 0x75726cull); /* "url" */
    } else {
        h = msd_hash64(a->body, a->body_len);
        if (a->source) h = msd_mix64(h ^ msd_hash64(a->source, strlen(a->source)));
    }
    snprintf(buf, 17, "%016llx", (unsigned long long)h);
    return buf;
}

void msd_article_clear(msd_article *a)
{
    free(a->title);
    free(a->body);
    free(a->source);
    for (size_t i = 0; i < a->n_removed; i++) free(a->removed[i].text);
    free(a->removed);
    memset(a, 0, sizeof *a);
}

static int add_removed(msd_article *a, size_t line, const char *p, size_t n, const char *reason)
{
    msd_removed_line *r;
    int rc = msd_grow((void **)&a->removed, &a->cap_removed, a->n_removed + 1, sizeof *a->removed,
                      MSD_GROW_DOC_MAX);
    if (rc) return rc;
    r = &a->removed[a->n_removed];
    r->text = msd_strndup(p, n);
    if (!r->text) return MARSAD_ENOMEM;
    r->line = line;
    r->reason = reason;
    a->n_removed++;
    return MARSAD_OK;
}

/* Text stored in presentation forms (ﻣﺼﺪﺭ) in its base letters (مصدر), so that it groups
 * with the same words typed plainly: in duplicate keys, entity canonicals and display.
 * Only the presentation-form runs change (msd_norm_presentation). The body is built from
 * the document's text in that form (msd_clean_stored_text: the text its tokens come
 * from, so every offset points into the body); the title gets it here; removed[] lines
 * keep the text as it was, the record of what the cleaner saw. */
static int stored_form(char **text, size_t *len)
{
    char *nt;
    size_t nl;
    int rc = msd_norm_presentation(*text, *len, &nt, &nl);
    if (rc || !nt) return rc;
    free(*text);
    *text = nt;
    *len = nl;
    return MARSAD_OK;
}

static char *trimmed(const char *p, size_t n)
{
    while (n && is_space(*p)) p++, n--;
    while (n && is_space(p[n - 1])) n--;
    return msd_strndup(p, n);
}

/* Joins kept lines: adjacent ones with '\n', across a gap (a blank or dropped line)
 * with a blank line, so paragraphs are separated by one blank line. When every line is
 * a block of its own (HTML), every line is a paragraph. spans (n entries, may be NULL)
 * receives where each kept line's text went, for its tokens to follow it; *nspans how
 * many. */
static int assemble(const struct line *lines, size_t n, int line_blocks, msd_article *a,
                    msd_tokspan *spans, size_t *nspans)
{
    size_t cap = 1, o = 0, ocp = 0, ns = 0;
    int gap = 0, any = 0;
    char *body;
    for (size_t i = 0; i < n; i++) cap += lines[i].n + 2; /* the line and two breaks */
    body = malloc(cap);
    if (!body) return MARSAD_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const struct line *l = &lines[i];
        const char *p = l->p;
        size_t k = l->n, lead;
        if (l->blank || l->reason) {
            gap = 1;
            continue;
        }
        gap |= line_blocks;
        while (k && is_space(*p)) p++, k--;
        while (k && is_space(p[k - 1])) k--;
        lead = (size_t)(p - l->p); /* ASCII spaces: as many code points as bytes */
        if (any) {
            body[o++] = '\n';
            ocp++;
            if (gap) body[o++] = '\n', ocp++;
        }
        if (spans) {
            spans[ns].b_from = l->b + lead;
            spans[ns].b_to = l->b + lead + k;
            spans[ns].b_shift = (int64_t)o - (int64_t)(l->b + lead);
            spans[ns].c_shift = (int64_t)ocp - (int64_t)(l->c + lead);
            ns++;
        }
        memcpy(body + o, p, k);
        for (size_t j = 0; j < k; j++) ocp += ((unsigned char)p[j] & 0xC0) != 0x80;
        o += k;
        gap = 0;
        any = 1;
    }
    body[o] = 0;
    a->body = body;
    a->body_len = o;
    if (nspans) *nspans = ns;
    return MARSAD_OK;
}

/* Boilerplate is what surrounds an article. When every prose line of a document is one
 * its source repeats, the document is that article posted again (a duplicate, for the
 * deduplicator to link), not a page of template: its prose is kept. */
static void keep_reposted_prose(struct line *lines, size_t n)
{
    size_t kept = 0, repeated = 0;
    for (size_t i = 0; i < n; i++) {
        if (!msd_line_is_prose(&lines[i])) continue;
        if (!lines[i].reason) kept++;
        if (lines[i].reason && !strcmp(lines[i].reason, "site-repeated")) repeated++;
    }
    if (kept || !repeated) return;
    for (size_t i = 0; i < n; i++)
        if (lines[i].reason && !strcmp(lines[i].reason, "site-repeated") &&
            msd_line_is_prose(&lines[i]))
            lines[i].reason = NULL;
}

/* How many documents of the batch come from the outlet of a document that names none.
 * They all share one pool, where an outlet's boilerplate is its share of the batch:
 * with 30 outlets, a footer on every page of one is in 3% of the pool, far under the
 * 20% the short-line rule asks. But every page of an outlet carries the same template
 * lines around its article, so the fewest documents that share one of this document's
 * (three at least) are taken as its outlet's pages; a line the whole pool shares
 * ("شارك") would say the pool. It takes two such lines: a template is several, and
 * one line shared by chance says nothing. Lines between prose lines are left out:
 * copies of one wire story share those (keep_reposted_prose's case). */
static uint32_t outlet_docs(const struct docctx *d)
{
    uint32_t fewest = 0;
    size_t shared = 0;
    for (size_t i = 0; i < d->n; i++) {
        const struct line *l = &d->lines[i];
        uint32_t k;
        if (l->blank || l->key_len < 6 || msd_line_is_prose(l) ||
            (d->first_prose < d->n && i > d->first_prose && i < d->last_prose))
            continue;
        k = msd_stats_get(d->stats, msd_line_stat_key(d->source_hash, l->hash));
        if (k < 3) continue;
        shared++;
        if (!fewest || k < fewest) fewest = k;
    }
    return shared >= 2 && fewest < d->source_docs ? fewest : d->source_docs;
}

int msd_cleaner_clean_tokens(const msd_cleaner *c, const msd_doc *doc, const char *text, size_t len,
                             msd_tokens *toks, msd_article *a, msd_tokens *body)
{
    struct line *lines = NULL;
    struct docctx d = {0};
    msd_tokspan *spans = NULL;
    size_t n = 0, letters = 0, arabic = 0, tl = doc->title_line, nspans = 0;
    int rc, in_related = 0;
    char *title_key = NULL;

    memset(a, 0, sizeof *a);
    /* out of memory here stored the article without its source, silently */
    if ((rc = msd_clean_source(doc, &a->source, &a->source_how))) goto done;
    rc = split(doc, text, len, toks, &lines, &n);
    if (rc) goto done;
    /* the headline: metadata, else the title line */
    if (doc->title)
        a->title = trimmed(doc->title, strlen(doc->title));
    else if (tl >= 1 && tl <= n)
        a->title = trimmed(lines[tl - 1].p, lines[tl - 1].n);
    else
        a->title = msd_strndup("", 0);
    if (!a->title) goto oom;
    {
        size_t title_len = strlen(a->title);
        if ((rc = stored_form(&a->title, &title_len))) goto done;
    }
    title_key = make_key(a->title, strlen(a->title), &d.title_key_len, NULL, NULL);
    if (!title_key) goto oom;
    d.lines = lines;
    d.n = n;
    d.title_key = title_key;
    d.first_prose = n;
    d.last_prose = n;
    for (size_t i = 0; i < n; i++)
        if (i + 1 != tl && !lines[i].blank && msd_line_is_prose(&lines[i])) {
            if (d.first_prose == n) d.first_prose = i;
            d.last_prose = i;
        }
    d.source_hash = source_hash(a->source);
    d.source_docs = msd_stats_get(c->docs, d.source_hash);
    d.stats = c->lines;
    d.edge_docs = a->source ? d.source_docs : outlet_docs(&d);

    for (size_t i = 0; i < doc->n_removed; i++) {
        const msd_doc_removed *r = &doc->removed[i];
        if ((rc = add_removed(a, 0, r->text, strlen(r->text), r->reason))) goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (i + 1 == tl) {
            lines[i].reason = "title";
            continue;
        }
        lines[i].reason = msd_rules_classify(&c->cues, &d, i, &in_related);
    }
    keep_reposted_prose(lines, n);
    for (size_t i = 0; i < n; i++) {
        if (i + 1 == tl) continue;
        if (lines[i].reason &&
            (rc = add_removed(a, lines[i].no, lines[i].raw, lines[i].raw_n, lines[i].reason)))
            goto done;
        if (!lines[i].reason) {
            letters += lines[i].letters;
            arabic += lines[i].arabic;
        }
    }
    if (body && !(spans = malloc((n + 1) * sizeof *spans))) goto oom;
    rc = assemble(lines, n, doc->line_blocks, a, spans, &nspans);
    if (!rc && body) rc = msd_tokens_take(body, toks, spans, nspans); /* toks: strings only */
    a->arabic_share = letters ? (double)arabic / (double)letters : 0;
    a->language = letters && arabic * 2 >= letters ? "ar" : "und";
    goto done;
oom:
    rc = MARSAD_ENOMEM;
done:
    free(title_key);
    free(spans);
    free_lines(lines, n);
    if (rc) msd_article_clear(a);
    return rc;
}

int msd_clean_stored_text(const msd_doc *doc, char **text, size_t *len)
{
    size_t n = doc->text ? doc->text_len : 0;
    int rc = msd_norm_presentation(doc->text ? doc->text : "", n, text, len);
    if (!rc && !*text) *len = n; /* unchanged: the document's own */
    return rc;
}

int msd_cleaner_clean(msd_cleaner *c, const msd_doc *doc, msd_article *a)
{
    char *stored = NULL;
    size_t len = doc->text ? doc->text_len : 0;
    const char *text = doc->text;
    int rc = msd_clean_stored_text(doc, &stored, &len);
    if (!rc && stored) text = stored;
    if (!rc) rc = msd_tokens_analyze(c->an, text, len, &c->toks);
    if (!rc)
        rc = msd_cleaner_clean_tokens(c, doc, text, len, &c->toks, a, NULL);
    else
        memset(a, 0, sizeof *a);
    free(stored);
    return rc;
}
