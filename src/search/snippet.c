/*
 * snippet.c — passage choice and rendering for search results; the rules are in
 * snippet.h.
 *
 * Units. Positions are counted in units of the collapsed body: each code point that
 * is not whitespace is one unit, and each run of whitespace after a word is one unit
 * (it renders as one space); whitespace at the very start of the body takes none, so
 * the first word starts at unit 0. A snippet's text is exactly the units [t0, t1) of
 * the body, after an optional "…", so unit u is code point cut_start + (u - t0) of the
 * text: highlight offsets stay right after whitespace is collapsed with no second
 * mapping, and max_cp can be compared with unit distances directly.
 *
 * Steps, each linear:
 *   scan()    decodes the whole body once and makes one record per match: its
 *             highlight span in units (trimmed of whitespace, snapped outward, see
 *             snippet.h), the span of the words holding it, and two resume points
 *             (byte, code point, unit) at its word start and at the sentence start
 *             before it; and keeps the sentence starts from which a window could reach
 *             a match. Nothing is kept per code point, so a megabyte body costs its
 *             scan and no memory.
 *   choose()  slides windows over the match records, per-term counts telling the
 *             distinct terms: first from each match's word start (the best score is
 *             always reached there), then from each kept sentence start.
 *   emit()    decodes again from a resume point (locate() finds the start) and writes
 *             the window's text.
 */
#include "search/snippet.h"

#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "text/tokenize.h"
#include "text/utf8.h"
#include "util/grow.h"

#define ELLIPSIS     "\xe2\x80\xa6" /* U+2026 */
#define ELLIPSIS_LEN 3
#define ANSI_ON      "\x1b[1;31m"
#define ANSI_OFF     "\x1b[0m"
#define NO_HIT       ((size_t)-1)
#define MARK_EVERY   4096 /* units between resume marks: bounds the second pass */

/* ---- Character classes --------------------------------------------------------------- */

static inline int is_space(int32_t c)
{
    /* C0 and C1 controls count as whitespace: NUL must not end the text, and ESC or
     * CSI from a body must not reach a terminal next to our own escapes. */
    if (c <= 0x20) return 1;
    if (c < 0x7F || (c > 0x9F && c < 0x1680)) return 0; /* ASCII, Arabic: the bulk */
    if (c <= 0x9F) return 1;
    if (c >= 0x2000 && c <= 0x200A) return c != 0x2007; /* figure space does not break */
    return c == 0x1680 || c == 0x2028 || c == 0x2029 || c == 0x205F || c == 0x3000;
}

int msd_snippet_is_space(int32_t c)
{
    return is_space(c);
}

/* Glue of one code point (not whitespace): bit 1 attached, bit 2 joins (an Arabic
 * letter, or attached). The scan classes each code point once with it. */
enum { ATTACHED = 1, JOINS = 2 };
static int glue_of(int32_t c)
{
    int k = msd_char_class(c);
    if (k == MSD_C_MARK || k == MSD_C_TATWEEL || k == MSD_C_FORMAT) return ATTACHED | JOINS;
    return k == MSD_C_ALETTER ? JOINS : 0;
}

static int glued_by(int ga, int gb)
{
    return (gb & ATTACHED) || (ga & gb & JOINS);
}

int msd_snippet_is_attached(int32_t c)
{
    return glue_of(c) & ATTACHED;
}

int msd_snippet_glued(int32_t a, int32_t b)
{
    if (is_space(a) || is_space(b)) return 0;
    return glued_by(glue_of(a), glue_of(b));
}

/* Line breaks in a whitespace run: two make a blank line, a paragraph break. */
static int line_breaks(int32_t c, int32_t prev)
{
    if (c == '\n') return prev != '\r'; /* CR LF is one break */
    if (c == '\r' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028) return 1;
    return c == 0x2029 ? 2 : 0;
}

static int ends_sentence(int32_t c)
{
    return c == '.' || c == '!' || c == '?' || c == ';' || c == 0x61F || c == 0x61B || c == 0x6D4;
}

/* Closing quotes and brackets that may follow the full stop: «…انتهى.» */
static int closes_quote(int32_t c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' || c == 0xBB || c == 0x2019 ||
           c == 0x201D || c == 0x203A;
}

/* ---- Pass 1: match records ----------------------------------------------------------- */

/* A place to start decoding again: a word start (or the body start). */
typedef struct resume {
    size_t q, b, c; /* unit, byte, code point */
} resume;

typedef struct hit {
    size_t hs, he; /* highlight span in units, trimmed and snapped */
    size_t ws, we; /* units: start of the word of the first code point, end of the
                      word of the last one */
    resume word;   /* at ws */
    resume sent;   /* the latest sentence start at or before ws */
    unsigned term;
} hit;

/* A growable list of resume points. */
typedef struct resvec {
    resume *a;
    size_t n, cap;
} resvec;

static int resvec_push(resvec *v, resume r)
{
    int rc = msd_grow((void **)&v->a, &v->cap, v->n + 1, sizeof *v->a, MSD_GROW_DOC_MAX);
    if (rc) return rc;
    v->a[v->n++] = r;
    return MARSAD_OK;
}

typedef struct body_info {
    hit *h;
    size_t nh;    /* matches left after dropping whitespace-only spans */
    size_t q_end; /* unit just after the last word; 0 when the body has no word */
    resvec sents; /* the sentence starts less than max_cp units before some match */
    resvec queue; /* scan(): recent sentence starts, from `head` on, not yet judged */
    size_t head;
    resvec marks; /* a word start every MARK_EVERY units or so, to resume near a window */
    size_t next_mark;
} body_info;

/* A sentence start at unit r.q: forget those too far back for any later match. */
static int sentence_seen(body_info *bi, resume r, size_t max)
{
    resvec *v = &bi->queue;
    while (bi->head < v->n && r.q - v->a[bi->head].q >= max) bi->head++;
    if (bi->head == v->n) {
        v->n = bi->head = 0;
    } else if (bi->head > 64 && 2 * bi->head > v->n) {
        memmove(v->a, v->a + bi->head, (v->n - bi->head) * sizeof *v->a);
        v->n -= bi->head;
        bi->head = 0;
    }
    return resvec_push(v, r);
}

/* A match starts in the word at unit ws: keep the waiting sentence starts from which
 * a window of max_cp could reach it. */
static int sentences_keep(body_info *bi, size_t ws, size_t max)
{
    int rc = MARSAD_OK;
    for (size_t j = bi->head; j < bi->queue.n && !rc; j++)
        if (ws - bi->queue.a[j].q < max) rc = resvec_push(&bi->sents, bi->queue.a[j]);
    bi->queue.n = bi->head = 0;
    return rc;
}

static int check_matches(size_t len, const msd_snip_match *m, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (m[k].b0 >= m[k].b1 || m[k].b1 > len || m[k].term > 31) return MARSAD_EINVAL;
        if (k && m[k].b0 < m[k - 1].b1) return MARSAD_EINVAL;
    }
    return MARSAD_OK;
}

static int scan(const unsigned char *s, size_t n, const msd_snip_match *m, size_t nm, size_t max,
                body_info *bi)
{
    hit *h = bi->h;
    size_t i = 0, cp = 0, q = 0, k = 0, nh = 0, last_q = 0, q_unglued = 0;
    size_t pend = 0;  /* hits [pend, nh) wait for the end of their last word */
    size_t glo = 0;   /* hits [glo, nh) ended inside a run of glued code points and
                         grow to its end, all together (set once: linear) */
    size_t q_end = 0; /* end of the last finished word */
    int in_ws = 1;    /* the body start behaves as whitespace */
    int first = 1, stop = 0, breaks = 0, open = 0, seen = 0, g_prev = 0;
    int32_t prev = ' ';
    resume word = {0, 0, 0}, sent = {0, 0, 0};

    for (;;) {
        /* Span ends and starts fall between code points. */
        if (open && i >= m[k].b1) {
            if (i > m[k].b1) return MARSAD_EINVAL;
            if (seen) {
                h[nh].he = last_q + 1;
                if (in_ws) { /* the span ended in whitespace: its last word is done */
                    h[nh].we = q_end;
                    pend = glo = nh + 1;
                }
                nh++;
            }
            open = 0;
            k++;
        }
        if (!open && k < nm) {
            if (i > m[k].b0) return MARSAD_EINVAL;
            if (i == m[k].b0) open = 1, seen = 0;
        }
        if (i >= n) break;

        size_t at = i;
        int32_t c = msd_utf8_next(s, n, &i, NULL);
        if (is_space(c)) {
            if (!in_ws) { /* a word ends: resolve the word ends of its matches */
                for (; glo < nh; glo++) h[glo].he = q;
                for (; pend < nh; pend++) h[pend].we = q;
                q_end = q;
                in_ws = 1;
                breaks = 0;
                q++;
            }
            breaks += line_breaks(c, prev);
        } else {
            int g = glue_of(c);
            if (in_ws) {
                /* past every match by more than a window: no passage reaches here, and
                 * the text is known to go on (q_end > any passage's end: cut_end) */
                size_t past = q - (nh ? h[nh - 1].we : 0); /* no overflow: max may be SIZE_MAX */
                if (k == nm && !open && pend == nh && glo == nh && q >= past && past > max &&
                    past - max > 1)
                    break;
                if (q >= bi->next_mark) {
                    if (resvec_push(&bi->marks, (resume){q, at, cp})) return MARSAD_ENOMEM;
                    bi->next_mark = q + MARK_EVERY;
                }
                if (first || breaks >= 2 || stop) {
                    sent = (resume){q, at, cp};
                    if (sentence_seen(bi, sent, max)) return MARSAD_ENOMEM;
                }
                word = (resume){q, at, cp};
                q_unglued = q;
                first = stop = in_ws = 0;
            } else if (!glued_by(g_prev, g)) {
                q_unglued = q;
                for (; glo < nh; glo++) h[glo].he = q;
            }
            if (open) {
                if (!seen) {
                    seen = 1;
                    h[nh].hs = q_unglued;
                    h[nh].ws = word.q;
                    h[nh].word = word;
                    h[nh].sent = sent;
                    h[nh].term = m[k].term;
                    if (sentences_keep(bi, word.q, max)) return MARSAD_ENOMEM;
                }
                last_q = q;
            }
            stop = ends_sentence(c) || (stop && closes_quote(c));
            g_prev = g;
            q++;
        }
        prev = c;
        cp++;
    }
    if (k < nm) return MARSAD_EINVAL; /* a span start inside a code point at the end */
    if (!in_ws) {
        for (; glo < nh; glo++) h[glo].he = q;
        for (; pend < nh; pend++) h[pend].we = q;
        q_end = q;
    }
    bi->nh = nh;
    bi->q_end = q_end;
    return MARSAD_OK;
}

/* ---- Passage choice ------------------------------------------------------------------ */

/* The matches inside the window of units [S, S + max): those whose words lie in it.
 * Word spans grow with the match index, so they form a run [lo, hi); S may only grow
 * from one call to the next. */
typedef struct window {
    size_t lo, hi;
    size_t distinct, count;
    size_t per_term[32];
} window;

static int within(size_t end, size_t S, size_t max)
{
    return end <= S || end - S <= max;
}

static void window_move(window *w, const hit *h, size_t nh, size_t S, size_t max)
{
    for (; w->hi < nh && within(h[w->hi].we, S, max); w->hi++) {
        if (w->hi < w->lo) continue;
        w->count++;
        if (w->per_term[h[w->hi].term]++ == 0) w->distinct++;
    }
    for (; w->lo < nh && h[w->lo].ws < S; w->lo++) {
        if (w->lo >= w->hi) continue;
        w->count--;
        if (--w->per_term[h[w->lo].term] == 0) w->distinct--;
    }
}

static int fits(const hit *x, size_t max)
{
    return x->we - x->ws <= max;
}

typedef struct plan {
    resume from;  /* where the search for the text start begins */
    size_t lo, x; /* the text starts at the latest word start in [lo, x], else at the
                     first one after x; hard: at unit x */
    int hard;     /* the text is hit `big` alone, cut anywhere after max_cp units */
    size_t big;
} plan;

static plan choose(const body_info *bi, size_t max)
{
    const hit *h = bi->h;
    size_t nh = bi->nh, best_i = NO_HIT, best_hi = 0, best_d = 0, best_c = 0;
    window w;
    plan p = {{0, 0, 0}, 0, 0, 0, 0};

    /* The best score is reached by a window that starts at the word of its first
     * match, so trying each match's word start finds it. */
    memset(&w, 0, sizeof w);
    for (size_t i = 0; i < nh; i++) {
        if (!fits(&h[i], max)) continue;
        window_move(&w, h, nh, h[i].ws, max);
        if (w.distinct > best_d || (w.distinct == best_d && w.count > best_c)) {
            best_d = w.distinct, best_c = w.count, best_i = i, best_hi = w.hi;
        }
    }
    if (best_i == NO_HIT) {
        if (nh) p.hard = 1, p.big = 0, p.lo = p.x = h[0].hs, p.from = h[0].word;
        return p; /* no match at all: the body start */
    }

    /* The earliest sentence start whose window scores as well. */
    memset(&w, 0, sizeof w);
    for (size_t i = 0; i < bi->sents.n; i++) {
        window_move(&w, h, nh, bi->sents.a[i].q, max);
        if (w.distinct == best_d && w.count == best_c) {
            p.from = bi->sents.a[i];
            p.lo = p.x = p.from.q;
            return p;
        }
    }

    /* Otherwise start a little before the best window's first match: up to a quarter
     * of max_cp, half the slack, more if the window would end at the body end with
     * room unused, rounded down to a word start. Any start within the slack keeps
     * every match of the window. */
    size_t S = h[best_i].ws, slack = max - (h[best_hi - 1].we - S);
    size_t shift = slack / 2 < max / 4 ? slack / 2 : max / 4;
    if (within(bi->q_end, S, max)) {
        size_t room = max - (bi->q_end - S);
        if (room > slack) room = slack;
        if (room > shift) shift = room;
    }
    p.x = shift < S ? S - shift : 0;
    p.lo = slack < S ? S - slack : 0;
    /* Any word start at or before x will do to find the latest one in [lo, x]: take
     * the nearest known, a mark, the sentence start or an earlier match's word. */
    p.from = h[best_i].sent;
    size_t a = 0, b = bi->marks.n;
    while (a < b) { /* the last mark at or before x */
        size_t mid = a + (b - a) / 2;
        if (bi->marks.a[mid].q <= p.x)
            a = mid + 1;
        else
            b = mid;
    }
    if (a && bi->marks.a[a - 1].q > p.from.q) p.from = bi->marks.a[a - 1];
    for (size_t k = best_i; k-- > 0 && h[k].ws > p.from.q;) {
        if (h[k].ws <= p.x) {
            p.from = h[k].word;
            break;
        }
    }
    if (p.x < p.from.q) p.x = p.from.q;
    if (p.lo < p.from.q) p.lo = p.from.q;
    return p;
}

/* ---- Pass 2: the text ---------------------------------------------------------------- */

/* Drops code points off the end of t[base..*len) while the one after the cut is
 * attached to what precedes it; gives up (keeps the cut) when nothing would be left. */
static void back_off(const char *t, size_t base, size_t *len, int32_t next, size_t *q)
{
    size_t l = *len, qq = *q;
    while (l > base && msd_snippet_is_attached(next)) {
        size_t j = l - 1, tmp;
        while (j > base && ((unsigned char)t[j] & 0xC0) == 0x80) j--;
        tmp = j;
        next = msd_utf8_next((const unsigned char *)t, l, &tmp, NULL);
        l = j;
        qq--;
    }
    if (l > base) *len = l, *q = qq;
}

typedef struct text_out {
    char *t;
    size_t len;
    size_t t0, t1, cp0;
    int lead;
} text_out;

/* Finds where the text starts, as plan p says. Never at the body end: p comes from a
 * word or hit start. */
static resume locate(const unsigned char *s, size_t n, const plan *p)
{
    size_t i = p->from.b, cp = p->from.c, q = p->from.q;
    resume best = {0, 0, 0};
    int in_ws = 1, have = 0;
    while (i < n) {
        size_t at = i;
        int sp = is_space(msd_utf8_next(s, n, &i, NULL));
        if (!sp && (p->hard ? q == p->x : in_ws)) { /* a possible start */
            resume r = {q, at, cp};
            if (p->hard || q > p->x) return have ? best : r;
            if (q >= p->lo) best = r, have = 1;
            if (q == p->x) return best;
        }
        if (!sp || !in_ws) q++;
        in_ws = sp;
        cp++;
    }
    return best; /* not reached: p names a word start or a hit of the body */
}

/* Writes the text planned by p into o->t, which has room for 4 bytes per unit of
 * min(max, q_end), both ellipses and the NUL: at most max units are written, or the
 * body's words and one space after them. */
static void emit(const unsigned char *s, size_t n, const plan *p, const body_info *bi, size_t max,
                 text_out *o)
{
    resume r = locate(s, n, p);
    size_t i = r.b, q = r.q, lim, base, we_len = 0, we_q = 0;
    int in_ws = 1, have_we = 0, stopped = 0;
    int32_t next = 0;
    char *t = o->t;

    o->t0 = q;
    o->cp0 = r.c;
    o->lead = q > 0;
    o->len = o->lead ? ELLIPSIS_LEN : 0;
    if (o->lead) memcpy(t, ELLIPSIS, ELLIPSIS_LEN);
    base = o->len;
    lim = within(SIZE_MAX, q, max) ? SIZE_MAX : q + max;
    if (p->hard && bi->h[p->big].he < lim) lim = bi->h[p->big].he;
    while (i < n) {
        int32_t c = msd_utf8_next(s, n, &i, NULL);
        int sp = is_space(c);
        if (sp) {
            if (!in_ws) {
                in_ws = 1;
                we_len = o->len, we_q = q, have_we = 1;
                if (q >= lim) {
                    stopped = 1, next = c;
                    break;
                }
                t[o->len++] = ' ';
                q++;
            }
        } else {
            if (q >= lim) {
                stopped = 1, next = c;
                break;
            }
            in_ws = 0;
            o->len += msd_utf8_put((unsigned char *)t + o->len, c);
            q++;
        }
    }
    if (!in_ws && !stopped) we_len = o->len, we_q = q, have_we = 1;
    if (!p->hard && have_we) {
        o->len = we_len;
        o->t1 = we_q;
    } else {
        /* One piece longer than max_cp: the hit itself, or a first word with no hit. */
        o->t1 = q;
        if (stopped && (!p->hard || q < bi->h[p->big].he)) back_off(t, base, &o->len, next, &o->t1);
        if (o->len > base && t[o->len - 1] == ' ') o->len--, o->t1--;
    }
}

/* ---- Public -------------------------------------------------------------------------- */

void msd_snippet_clear(msd_snippet *s)
{
    if (!s) return;
    free(s->text);
    free(s->hl);
    memset(s, 0, sizeof *s);
}

/* Highlights: every match whose span lies in the text, plus the cut part of the one
 * hit a hard snippet is made of; snapped spans that overlap or touch are merged. */
static int hl_span(const body_info *bi, const plan *p, const text_out *o, size_t k, size_t *a,
                   size_t *b)
{
    *a = bi->h[k].hs;
    *b = bi->h[k].he;
    if (*a < o->t0 || *a >= o->t1) return 0;
    if (*b > o->t1) {
        if (!p->hard || k != p->big) return 0;
        *b = o->t1;
    }
    *a = *a - o->t0 + (size_t)o->lead;
    *b = *b - o->t0 + (size_t)o->lead;
    return 1;
}

static int highlights(const body_info *bi, const plan *p, const text_out *o, msd_snippet *out)
{
    size_t n = 0, a, b;
    for (size_t k = 0; k < bi->nh; k++) n += (size_t)hl_span(bi, p, o, k, &a, &b);
    if (!n) return MARSAD_OK;
    if (!(out->hl = malloc(n * sizeof *out->hl))) return MARSAD_ENOMEM;
    for (size_t k = 0; k < bi->nh; k++) {
        if (!hl_span(bi, p, o, k, &a, &b)) continue;
        if (out->n_hl && a <= out->hl[out->n_hl - 1][1]) {
            if (b > out->hl[out->n_hl - 1][1]) out->hl[out->n_hl - 1][1] = b;
            continue;
        }
        out->hl[out->n_hl][0] = a;
        out->hl[out->n_hl][1] = b;
        out->n_hl++;
    }
    return MARSAD_OK;
}

int msd_snippet_make(const char *body, size_t len, const msd_snip_match *m, size_t n, size_t max_cp,
                     msd_snippet *out)
{
    const unsigned char *s = (const unsigned char *)body;
    body_info bi;
    text_out o = {NULL, 0, 0, 0, 0, 0};
    plan p;
    size_t room;
    int rc;

    if (!out) return MARSAD_EINVAL;
    memset(out, 0, sizeof *out);
    memset(&bi, 0, sizeof bi);
    if (!max_cp || (!body && len) || (!m && n)) return MARSAD_EINVAL;
    rc = check_matches(len, m, n);
    if (rc) return rc;
    if (n > SIZE_MAX / sizeof(hit)) return MARSAD_ENOMEM;
    if (n && !(bi.h = malloc(n * sizeof(hit)))) return MARSAD_ENOMEM;
    rc = scan(s, len, m, n, max_cp, &bi);
    if (rc) goto fail;

    /* A unit takes at most 4 text bytes; the units never outnumber the body bytes. */
    room = max_cp < bi.q_end ? max_cp : bi.q_end;
    if (room > (SIZE_MAX - 2 * ELLIPSIS_LEN - 1) / 4) {
        rc = MARSAD_ENOMEM;
        goto fail;
    }
    o.t = malloc(4 * room + 2 * ELLIPSIS_LEN + 1);
    if (!o.t) {
        rc = MARSAD_ENOMEM;
        goto fail;
    }
    if (bi.q_end) {
        p = choose(&bi, max_cp);
        emit(s, len, &p, &bi, max_cp, &o);
        rc = highlights(&bi, &p, &o, out);
        if (rc) goto fail;
        out->cut_start = o.lead;
        out->cut_end = o.t1 < bi.q_end;
        if (out->cut_end) memcpy(o.t + o.len, ELLIPSIS, ELLIPSIS_LEN), o.len += ELLIPSIS_LEN;
        out->body_cp_start = o.cp0;
    }
    o.t[o.len] = 0;
    out->text = o.t;
    out->len = o.len;
    rc = MARSAD_OK;
    goto done;

fail:
    free(o.t);
    msd_snippet_clear(out);
done:
    free(bi.h);
    free(bi.sents.a);
    free(bi.queue.a);
    free(bi.marks.a);
    return rc;
}

int msd_snippet_render(const msd_snippet *s, int style, char **out)
{
    if (!out) return MARSAD_EINVAL;
    *out = NULL;
    if (!s || (style != MSD_SNIP_PLAIN && style != MSD_SNIP_ANSI)) return MARSAD_EINVAL;
    return msd_snippet_mark(s, style == MSD_SNIP_ANSI ? ANSI_ON : "[",
                            style == MSD_SNIP_ANSI ? ANSI_OFF : "]", out);
}

int msd_snippet_mark(const msd_snippet *s, const char *on, const char *off, char **out)
{
    size_t n_on, n_off, need, o = 0, ci = 0, h = 0, b = 0;
    int open = 0;
    char *r;

    if (!out) return MARSAD_EINVAL;
    *out = NULL;
    if (!s || !on || !off || (!s->text && s->len) || (!s->hl && s->n_hl)) return MARSAD_EINVAL;
    n_on = strlen(on);
    n_off = strlen(off);
    for (size_t k = 0; k < s->n_hl; k++)
        if (s->hl[k][0] >= s->hl[k][1] || (k && s->hl[k][0] < s->hl[k - 1][1]))
            return MARSAD_EINVAL;
    if (n_on + n_off && s->n_hl > (SIZE_MAX - s->len - 1) / (n_on + n_off)) return MARSAD_ENOMEM;
    need = s->len + s->n_hl * (n_on + n_off) + 1;
    if (!(r = malloc(need))) return MARSAD_ENOMEM;

    /* Markers go at code-point boundaries the highlights name; make() put those only
     * where nothing joins across them (see snippet.h), so no escape splits a letter
     * from its marks. */
    for (;;) {
        if (open && ci == s->hl[h][1]) {
            memcpy(r + o, off, n_off), o += n_off;
            open = 0;
            h++;
        }
        if (!open && h < s->n_hl && ci == s->hl[h][0]) {
            memcpy(r + o, on, n_on), o += n_on;
            open = 1;
        }
        if (b >= s->len) break;
        do r[o++] = s->text[b++];
        while (b < s->len && ((unsigned char)s->text[b] & 0xC0) == 0x80);
        ci++;
    }
    if (open || h < s->n_hl) {
        free(r);
        return MARSAD_EINVAL;
    }
    r[o] = 0;
    *out = r;
    return MARSAD_OK;
}
