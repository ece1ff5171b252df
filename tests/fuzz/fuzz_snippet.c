/* fuzz_snippet.c — libFuzzer target: search-result snippets against a reference model.
 *
 * Input: byte 0 picks max_cp, byte 1 how match spans are made (tokens of the tokenizer,
 * or arbitrary code-point boundaries, whitespace included) and how many query terms,
 * bytes 2..9 seed the span choices; the rest, repaired to valid UTF-8, is the body.
 *
 * The model decodes the whole body into arrays (the module keeps nothing per code
 * point; the model may) and checks, beside the contract's invariants (valid UTF-8,
 * length <= max_cp + 2 ellipses, highlights in order inside the text, each highlight's
 * text the matched body text):
 *  - the text is the collapsed body from body_cp_start, ellipses exactly where words
 *    were left out, cut at whitespace (or, for a lone long match, as snippet.h says);
 *  - its score (distinct terms, matches) is the best of all word-aligned windows,
 *    found by brute force, and it starts at the earliest sentence start that scores
 *    as well, if any;
 *  - the highlights are exactly the snapped, merged spans of the matches inside, no
 *    marker lies between glued code points, and the ANSI render strips back to text. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "search/snippet.h"
#include "text/tokenize.h"
#include "text/utf8.h"

#define NONE ((size_t)-1)
/* A failed check names its line: the model is long. */
#define FAIL()                                                                                     \
    do {                                                                                           \
        fprintf(stderr, "fuzz_snippet.c:%d: check failed\n", __LINE__);                            \
        abort();                                                                                   \
    } while (0)

typedef struct model {
    const unsigned char *s;
    size_t n, ncp, nu, q_end;
    int32_t *c;            /* code points */
    size_t *off;           /* byte offset of each code point, off[ncp] = n */
    size_t *unit_of;       /* unit of each code point (NONE: leading whitespace) */
    int32_t *u;            /* units: a code point, or ' ' for a whitespace run */
    size_t *wstart, *wend; /* word span of each non-space unit */
    unsigned char *sent;   /* 1: the unit starts a sentence */
} model;

typedef struct mhit {
    size_t k0, k1;         /* trimmed span in code points */
    size_t hs, he, ws, we; /* in units */
    unsigned term;
} mhit;

static uint64_t rng_state;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static int ends_sentence(int32_t c)
{
    return c == '.' || c == '!' || c == '?' || c == ';' || c == 0x61F || c == 0x61B || c == 0x6D4;
}

static int closes_quote(int32_t c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' || c == 0xBB || c == 0x2019 ||
           c == 0x201D || c == 0x203A;
}

static int breaks_of(int32_t c, int32_t prev)
{
    if (c == '\n') return prev != '\r';
    if (c == '\r' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028) return 1;
    return c == 0x2029 ? 2 : 0;
}

static int build(model *m)
{
    size_t i = 0, q = 0, k = 0;
    int in_ws = 1, brk = 0, stop = 0, first = 1;
    int32_t prev = ' ';
    m->c = malloc((m->n + 1) * sizeof *m->c);
    m->off = malloc((m->n + 1) * sizeof *m->off);
    m->unit_of = malloc((m->n + 1) * sizeof *m->unit_of);
    m->u = malloc((m->n + 1) * sizeof *m->u);
    m->wstart = malloc((m->n + 1) * sizeof *m->wstart);
    m->wend = malloc((m->n + 1) * sizeof *m->wend);
    m->sent = calloc(m->n + 1, 1);
    if (!m->c || !m->off || !m->unit_of || !m->u || !m->wstart || !m->wend || !m->sent) return 0;
    while (i < m->n) {
        m->off[k] = i;
        int32_t c = msd_utf8_next(m->s, m->n, &i, NULL);
        m->c[k] = c;
        if (msd_snippet_is_space(c)) {
            if (!in_ws) in_ws = 1, brk = 0, m->u[q++] = ' ';
            brk += breaks_of(c, prev);
            m->unit_of[k] = q ? q - 1 : NONE;
        } else {
            if (in_ws && (first || brk >= 2 || stop)) m->sent[q] = 1;
            if (in_ws) first = stop = 0;
            in_ws = 0;
            stop = ends_sentence(c) || (stop && closes_quote(c));
            m->unit_of[k] = q;
            m->u[q++] = c;
        }
        prev = c;
        k++;
    }
    m->off[k] = m->n;
    m->ncp = k;
    m->nu = q;
    m->q_end = q && m->u[q - 1] == ' ' ? q - 1 : q;
    for (size_t a = 0; a < q;) {
        size_t b = a;
        if (m->u[a] == ' ') {
            a++;
            continue;
        }
        while (b < q && m->u[b] != ' ') b++;
        for (size_t x = a; x < b; x++) m->wstart[x] = a, m->wend[x] = b;
        a = b;
    }
    return 1;
}

/* The model's hit for code points [k0, k1); 0 when the span is only whitespace. */
static int make_hit(const model *m, size_t k0, size_t k1, unsigned term, mhit *h)
{
    while (k0 < k1 && msd_snippet_is_space(m->c[k0])) k0++;
    while (k1 > k0 && msd_snippet_is_space(m->c[k1 - 1])) k1--;
    if (k0 == k1) return 0;
    h->k0 = k0, h->k1 = k1, h->term = term;
    h->hs = m->unit_of[k0];
    h->he = m->unit_of[k1 - 1] + 1;
    while (h->hs > 0 && msd_snippet_glued(m->u[h->hs - 1], m->u[h->hs])) h->hs--;
    while (h->he < m->nu && msd_snippet_glued(m->u[h->he - 1], m->u[h->he])) h->he++;
    h->ws = m->wstart[m->unit_of[k0]];
    h->we = m->wend[m->unit_of[k1 - 1]];
    return 1;
}

/* Window from word start t0: its end and score. */
static size_t window_end(const model *m, size_t t0, size_t max)
{
    size_t e = 0;
    for (size_t u = t0; u < m->nu && u - t0 < max; u++)
        if (m->u[u] != ' ' && (u + 1 == m->nu || m->u[u + 1] == ' ')) e = u + 1;
    return e;
}

static void score(const mhit *h, size_t nh, size_t t0, size_t t1, size_t *d, size_t *c)
{
    uint32_t seen = 0;
    *d = *c = 0;
    for (size_t k = 0; k < nh; k++) {
        if (h[k].ws < t0 || h[k].we > t1) continue;
        (*c)++;
        if (!(seen & (1u << h[k].term))) (*d)++;
        seen |= 1u << h[k].term;
    }
}

static void check_model(const model *m, const mhit *h, size_t nh, size_t max, const msd_snippet *s)
{
    const unsigned char *t = (const unsigned char *)s->text;
    size_t ncp = 0, i = 0, lead = (size_t)s->cut_start, trail = (size_t)s->cut_end;
    int32_t *tc = malloc((s->len + 1) * sizeof *tc);
    size_t fit = 0, t0, t1, L;
    if (!tc) return;
    while (i < s->len) tc[ncp++] = msd_utf8_next(t, s->len, &i, NULL);
    if (s->cut_start > 1 || s->cut_end > 1 || s->cut_start < 0 || s->cut_end < 0) FAIL();
    if (lead && tc[0] != 0x2026) FAIL();
    if (trail && (ncp < 1 + lead || tc[ncp - 1] != 0x2026)) FAIL();
    L = ncp - lead - trail;
    if (L > max) FAIL();
    if (m->q_end == 0) {
        if (s->len || s->n_hl) FAIL();
        free(tc);
        return;
    }
    if (!L || s->body_cp_start >= m->ncp || msd_snippet_is_space(m->c[s->body_cp_start])) FAIL();
    t0 = m->unit_of[s->body_cp_start];
    t1 = t0 + L;
    if (t1 > m->q_end) FAIL();
    for (size_t k = 0; k < L; k++)
        if (tc[lead + k] != m->u[t0 + k]) FAIL(); /* the collapsed body */
    if (m->u[t1 - 1] == ' ') FAIL();
    if ((t0 > 0) != (int)lead || (t1 < m->q_end) != (int)trail) FAIL();

    for (size_t k = 0; k < nh; k++) fit += h[k].we - h[k].ws <= max;
    int hard = 0;
    if (nh && !fit) {
        /* The first hit alone, cut after max_cp, not before an attached code point. */
        size_t lim = h[0].he - h[0].hs < max ? h[0].he : h[0].hs + max, e = lim;
        hard = 1;
        if (t0 != h[0].hs) FAIL();
        if (lim < h[0].he) {
            while (e > t0 && msd_snippet_is_attached(m->u[e])) e--;
            if (e == t0) e = lim;
        }
        if (m->u[e - 1] == ' ') e--;
        if (t1 != e) FAIL();
    } else {
        /* Whole words; the next word would not fit; nothing better exists. */
        if (t0 && m->u[t0 - 1] != ' ') FAIL();
        size_t we0 = m->wend[t0];
        if (we0 - t0 > max) { /* no match: a first word longer than max_cp, cut */
            size_t e = t0 + max;
            if (nh || t0) FAIL();
            while (e > t0 && msd_snippet_is_attached(m->u[e])) e--;
            if (e == t0) e = t0 + max;
            if (t1 != e) FAIL();
        } else if (t1 != window_end(m, t0, max)) {
            FAIL();
        }
        if (!nh) {
            if (t0 != 0) FAIL();
        } else {
            size_t bd = 0, bc = 0, d, c, first_best = NONE, sent_best = NONE;
            for (size_t k = 0; k < nh; k++) {
                if (h[k].we - h[k].ws > max) continue;
                score(h, nh, h[k].ws, window_end(m, h[k].ws, max), &d, &c);
                if (d > bd || (d == bd && c > bc)) bd = d, bc = c, first_best = k;
            }
            for (size_t u = 0; u < m->nu && sent_best == NONE; u++) {
                if (!m->sent[u]) continue;
                score(h, nh, u, window_end(m, u, max), &d, &c);
                if (d == bd && c == bc) sent_best = u;
            }
            score(h, nh, t0, t1, &d, &c);
            if (d != bd || c != bc) FAIL();
            if (sent_best != NONE && t0 != sent_best) FAIL();
            if (sent_best == NONE) {
                size_t k = 0;
                while (k < nh && h[k].ws < t0) k++;
                if (k == nh || h[k].ws != h[first_best].ws) FAIL();
            }
        }
    }

    /* Highlights: the snapped spans inside, merged; the cut hit's part when hard. */
    size_t nexp = 0, (*exp)[2] = malloc((nh + 1) * sizeof *exp);
    if (!exp) {
        free(tc);
        return;
    }
    for (size_t k = 0; k < nh; k++) {
        size_t a = h[k].hs, b = h[k].he;
        if (a < t0 || a >= t1) continue;
        if (b > t1) {
            if (!hard || k) continue;
            b = t1;
        }
        a = a - t0 + lead, b = b - t0 + lead;
        if (nexp && a <= exp[nexp - 1][1]) {
            if (b > exp[nexp - 1][1]) exp[nexp - 1][1] = b;
            continue;
        }
        exp[nexp][0] = a, exp[nexp][1] = b;
        nexp++;
    }
    if (nexp != s->n_hl || (!s->n_hl && s->hl)) FAIL();
    for (size_t k = 0; k < nexp; k++) {
        if (s->hl[k][0] != exp[k][0] || s->hl[k][1] != exp[k][1]) FAIL();
        if (s->hl[k][0] >= s->hl[k][1] || s->hl[k][1] > ncp) FAIL();
        if (k && s->hl[k][0] <= s->hl[k - 1][1]) FAIL();
        for (int e = 0; e < 2; e++) {
            size_t at = s->hl[k][e];
            /* between two units of the body (the "…" carries no letter to split from) */
            if (at > lead && at < lead + L && msd_snippet_glued(tc[at - 1], tc[at])) FAIL();
        }
    }
    /* Each match inside shows its own body text, inside a highlight. */
    for (size_t k = 0; k < nh; k++) {
        size_t a = m->unit_of[h[k].k0], b = m->unit_of[h[k].k1 - 1] + 1, j = 0, sp = 0;
        if (h[k].hs < t0 || h[k].he > t1) continue;
        a = a - t0 + lead, b = b - t0 + lead;
        while (j < s->n_hl && s->hl[j][1] < b) j++;
        if (j == s->n_hl || s->hl[j][0] > a) FAIL();
        for (size_t x = h[k].k0; x < h[k].k1; x++) sp |= msd_snippet_is_space(m->c[x]);
        if (!sp) { /* no whitespace to collapse: byte for byte */
            size_t tb0 = 0, tb1, x = 0;
            i = 0;
            while (x < a) msd_utf8_next(t, s->len, &i, NULL), x++;
            tb0 = i;
            while (x < b) msd_utf8_next(t, s->len, &i, NULL), x++;
            tb1 = i;
            size_t bb0 = m->off[h[k].k0], bb1 = m->off[h[k].k1];
            if (tb1 - tb0 != bb1 - bb0 || memcmp(t + tb0, m->s + bb0, bb1 - bb0)) FAIL();
        }
    }
    free(exp);
    free(tc);
}

static void check_render(const msd_snippet *s)
{
    char *r = NULL;
    size_t o = 0, k = 0, on = strlen("\x1b[1;31m"), off = strlen("\x1b[0m");
    if (msd_snippet_render(s, MSD_SNIP_PLAIN, &r) != MARSAD_OK) FAIL();
    if (strlen(r) != s->len + 2 * s->n_hl) FAIL();
    free(r);
    if (msd_snippet_render(s, MSD_SNIP_ANSI, &r) != MARSAD_OK) FAIL();
    if (strlen(r) != s->len + s->n_hl * (on + off)) FAIL();
    /* The body cannot bring ESC (controls are whitespace), so stripping ours gives text. */
    while (r[o]) {
        if (!strncmp(r + o, "\x1b[1;31m", on))
            o += on;
        else if (!strncmp(r + o, "\x1b[0m", off))
            o += off;
        else if (k >= s->len || r[o++] != s->text[k++])
            FAIL();
    }
    if (k != s->len) FAIL();
    free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    model m;
    msd_snippet s;
    msd_snip_match *sp = NULL;
    mhit *h = NULL;
    size_t need = 0, max, nsp = 0, nh = 0;
    unsigned nterms;
    char *body;
    if (size < 10) return 0;
    max = data[0] >= 240 ? 200 + 40 * (size_t)(data[0] - 240) : 1 + (size_t)(data[0] % 48);
    nterms = data[1] & 0x80 ? 32 : 1 + (data[1] >> 1) % 6;
    rng_state = 0x9E3779B97F4A7C15ull;
    for (int k = 2; k < 10; k++) rng_state = (rng_state ^ data[k]) * 0x100000001B3ull;
    if (!rng_state) rng_state = 1;

    marsad_utf8_repair((const char *)data + 10, size - 10, NULL, 0, &need, NULL);
    if (!(body = malloc(need + 1))) return 0;
    marsad_utf8_repair((const char *)data + 10, size - 10, body, need, &need, NULL);
    memset(&m, 0, sizeof m);
    m.s = (const unsigned char *)body;
    m.n = need;
    if (!build(&m)) goto done;
    sp = malloc((m.ncp + 1) * sizeof *sp);
    h = malloc((m.ncp + 1) * sizeof *h);
    if (!sp || !h) goto done;

    if (!(data[1] & 1)) { /* tokens, each kept with probability 1/2 */
        msd_tokenizer tk;
        msd_rawtok tok;
        msd_tok_init(&tk, body, need);
        while (msd_tok_next(&tk, &tok))
            if (rng() & 1) sp[nsp++] = (msd_snip_match){tok.b0, tok.b1, 0};
    } else { /* arbitrary code-point spans with gaps */
        size_t k = 0;
        while (k < m.ncp) {
            k += rng() % 6;
            if (k >= m.ncp) break;
            size_t e = k + 1 + rng() % 8;
            if (e > m.ncp) e = m.ncp;
            sp[nsp++] = (msd_snip_match){m.off[k], m.off[e], 0};
            k = e;
        }
    }
    for (size_t k = 0, k0 = 0, k1; k < nsp; k++) {
        sp[k].term = (unsigned)(rng() % nterms);
        while (m.off[k0] < sp[k].b0) k0++; /* spans are sorted */
        k1 = k0;
        while (m.off[k1] < sp[k].b1) k1++;
        nh += (size_t)make_hit(&m, k0, k1, sp[k].term, &h[nh]);
    }

    int rc = msd_snippet_make(body, need, sp, nsp, max, &s);
    if (rc == MARSAD_ENOMEM) goto done;
    if (rc != MARSAD_OK) FAIL();
    if (s.text[s.len] || strlen(s.text) != s.len) FAIL();
    if (marsad_utf8_check(s.text, s.len, NULL) != MARSAD_OK) FAIL();
    check_model(&m, h, nh, max, &s);
    check_render(&s);
    msd_snippet_clear(&s);
done:
    free(sp);
    free(h);
    free(m.c), free(m.off), free(m.unit_of), free(m.u), free(m.wstart), free(m.wend);
    free(m.sent);
    free(body);
    return 0;
}
