/*
 * normalize.c — table-driven Arabic normalization.
 *
 * Every fold is one row of a table: the code point, what it becomes (or DEL), and the
 * rule that governs it. The Arabic block U+0600..U+06FF is an array indexed by the low
 * byte, so the hot path is one load; the few code points outside it (bidi controls,
 * BOM, soft hyphen) are a short sorted list.
 *
 * NFKC goes through utf8proc, but only for the rare stretch that needs it: plain Arabic
 * letters, ASCII and common punctuation are already NFKC-stable, so they skip the
 * library call. Splitting text before an ASCII character or an Arabic base letter is
 * safe for NFKC, since neither reorders with nor composes onto what precedes it.
 */
#include "text/normalize.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "marsad.h"
#include "text/utf8.h"

#define DEL (-1)

struct fold {
    int32_t to;    /* replacement, or DEL; 0 means "no rule" */
    uint16_t rule; /* the MARSAD_NORM_* bit that enables it */
};

/* The Arabic block, indexed by cp - 0x600. */
static const struct fold arabic[256] = {
    [0x0C] = {',', MARSAD_NORM_PUNCT},               /* ، comma */
    [0x1B] = {';', MARSAD_NORM_PUNCT},               /* ؛ semicolon */
    [0x10 ... 0x1A] = {DEL, MARSAD_NORM_DIACRITICS}, /* honorific signs, small harakat */
    [0x1C] = {DEL, MARSAD_NORM_CONTROLS},            /* ALM, Arabic letter mark */
    [0x1F] = {'?', MARSAD_NORM_PUNCT},               /* ؟ question mark */
    [0x22] = {0x627, MARSAD_NORM_ALEF},              /* آ alef with madda */
    [0x23] = {0x627, MARSAD_NORM_ALEF},              /* أ alef with hamza above */
    /* the seat of a hamza is a spelling choice (مسؤول/مسئول, ابناؤنا/ابنائنا/ابناءنا): on
     * the 50,000 most frequent SaudiNewsNet words this merges 62 index forms in 53
     * groups, 51 of them right (the wrong: بئر well / بؤر hotbeds); docs/text.md */
    [0x24] = {0x621, MARSAD_NORM_HAMZA},       /* ؤ waw with hamza → ء */
    [0x25] = {0x627, MARSAD_NORM_ALEF},        /* إ alef with hamza below */
    [0x26] = {0x621, MARSAD_NORM_HAMZA},       /* ئ yeh with hamza → ء */
    [0x29] = {0x647, MARSAD_NORM_TEH_MARBUTA}, /* ة → ه */
    [0x40] = {DEL, MARSAD_NORM_TATWEEL},       /* ـ tatweel */
    [0x49] = {0x64A, MARSAD_NORM_YEH},         /* ى alef maksura → ي */
    /* tashkeel: tanween, harakat, shadda, sukun, madda/hamza marks, and the rest */
    [0x4B ... 0x5F] = {DEL, MARSAD_NORM_DIACRITICS},
    [0x60] = {'0', MARSAD_NORM_DIGITS},
    [0x61] = {'1', MARSAD_NORM_DIGITS},
    [0x62] = {'2', MARSAD_NORM_DIGITS},
    [0x63] = {'3', MARSAD_NORM_DIGITS},
    [0x64] = {'4', MARSAD_NORM_DIGITS},
    [0x65] = {'5', MARSAD_NORM_DIGITS},
    [0x66] = {'6', MARSAD_NORM_DIGITS},
    [0x67] = {'7', MARSAD_NORM_DIGITS},
    [0x68] = {'8', MARSAD_NORM_DIGITS},
    [0x69] = {'9', MARSAD_NORM_DIGITS},
    [0x6A] = {'%', MARSAD_NORM_PUNCT},      /* ٪ percent */
    [0x6B] = {'.', MARSAD_NORM_PUNCT},      /* ٫ decimal separator */
    [0x6C] = {',', MARSAD_NORM_PUNCT},      /* ٬ thousands separator */
    [0x70] = {DEL, MARSAD_NORM_DIACRITICS}, /* superscript alef */
    [0x71] = {0x627, MARSAD_NORM_ALEF},     /* ٱ alef wasla */
    [0x72] = {0x627, MARSAD_NORM_ALEF},     /* ٲ alef with wavy hamza above */
    [0x73] = {0x627, MARSAD_NORM_ALEF},     /* ٳ alef with wavy hamza below */
    [0x74] = {DEL, MARSAD_NORM_ALEF},       /* ٴ high hamza (NFKC of ٵ ٶ ٸ leaves it) */
    [0xA9] = {0x643, MARSAD_NORM_PERSIAN},  /* ک keheh → ك */
    [0xAA] = {0x643, MARSAD_NORM_PERSIAN},  /* ڪ swash kaf → ك */
    [0xBE] = {0x647, MARSAD_NORM_PERSIAN},  /* ھ heh doachashmee → ه */
    [0xC0] = {0x647, MARSAD_NORM_PERSIAN},  /* ۀ heh with yeh above → ه */
    [0xC1] = {0x647, MARSAD_NORM_PERSIAN},  /* ہ heh goal → ه */
    [0xC2] = {0x647, MARSAD_NORM_PERSIAN},  /* ۂ heh goal with hamza → ه */
    [0xCC] = {0x64A, MARSAD_NORM_PERSIAN},  /* ی Farsi yeh → ي */
    [0xD5] = {0x647, MARSAD_NORM_PERSIAN},  /* ە ae → ه */
    /* Quranic annotation marks: combining, never part of a word's spelling */
    [0xD6 ... 0xDC] = {DEL, MARSAD_NORM_DIACRITICS},
    [0xDF ... 0xE4] = {DEL, MARSAD_NORM_DIACRITICS},
    [0xE7 ... 0xE8] = {DEL, MARSAD_NORM_DIACRITICS},
    [0xEA ... 0xED] = {DEL, MARSAD_NORM_DIACRITICS},
    [0xF0] = {'0', MARSAD_NORM_DIGITS},
    [0xF1] = {'1', MARSAD_NORM_DIGITS},
    [0xF2] = {'2', MARSAD_NORM_DIGITS},
    [0xF3] = {'3', MARSAD_NORM_DIGITS},
    [0xF4] = {'4', MARSAD_NORM_DIGITS},
    [0xF5] = {'5', MARSAD_NORM_DIGITS},
    [0xF6] = {'6', MARSAD_NORM_DIGITS},
    [0xF7] = {'7', MARSAD_NORM_DIGITS},
    [0xF8] = {'8', MARSAD_NORM_DIGITS},
    [0xF9] = {'9', MARSAD_NORM_DIGITS},
};

/* Invisible format characters outside the Arabic block, all dropped by CONTROLS. */
static int is_control(int32_t cp)
{
    return cp == 0x00AD                      /* soft hyphen */
           || (cp >= 0x200B && cp <= 0x200F) /* ZWSP ZWNJ ZWJ LRM RLM */
           || (cp >= 0x202A && cp <= 0x202E) /* LRE RLE PDF LRO RLO */
           || (cp >= 0x2060 && cp <= 0x2064) /* word joiner, invisible operators */
           || (cp >= 0x2066 && cp <= 0x2069) /* LRI RLI FSI PDI */
           || cp == 0xFEFF;                  /* BOM, zero-width no-break space */
}

int32_t msd_norm_fold_cp(int32_t cp, unsigned rules)
{
    if (cp < 0x80) {
        if ((rules & MARSAD_NORM_CASEFOLD) && cp >= 'A' && cp <= 'Z') return cp + 32;
        return cp;
    }
    if (cp >= 0x600 && cp <= 0x6FF) {
        const struct fold *f = &arabic[cp - 0x600];
        if (f->to && (rules & f->rule)) return f->to;
        return cp;
    }
    if ((rules & MARSAD_NORM_CONTROLS) && is_control(cp)) return DEL;
    /* Arabic Extended-A marks (U+08D3..U+08FF but for the format character U+08E2) */
    if ((rules & MARSAD_NORM_DIACRITICS) && cp >= 0x8D3 && cp <= 0x8FF && cp != 0x8E2) return DEL;
    if (rules & MARSAD_NORM_CASEFOLD) return utf8proc_tolower(cp);
    return cp;
}

int msd_is_arabic_mark(int32_t cp)
{
    return (cp >= 0x610 && cp <= 0x61A) || (cp >= 0x64B && cp <= 0x65F) || cp == 0x670 ||
           (cp >= 0x6D6 && cp <= 0x6DC) || (cp >= 0x6DF && cp <= 0x6E4) ||
           (cp >= 0x6E7 && cp <= 0x6E8) || (cp >= 0x6EA && cp <= 0x6ED);
}

/* Code points above ASCII that NFKC leaves alone and that never combine with a
 * neighbour: the Arabic block (but for the combining madda/hamza marks U+0653..U+0655
 * and the compatibility high-hamza letters U+0675..U+0678), invisible controls and
 * the quotation marks and dashes of news text. */
static int nfkc_stable(int32_t cp)
{
    if (cp >= 0x600 && cp <= 0x6FF)
        return !(cp >= 0x653 && cp <= 0x655) && !(cp >= 0x675 && cp <= 0x678);
    return cp == 0xAB || cp == 0xBB || (cp >= 0x2013 && cp <= 0x2014) ||
           (cp >= 0x2018 && cp <= 0x201D) || is_control(cp);
}

int msd_norm_nfkc_needed(const int32_t *cps, size_t n, int marks_dropped)
{
    for (size_t i = 0; i < n; i++) {
        int32_t cp = cps[i];
        if (cp < 0x80) continue;
        if (!nfkc_stable(cp)) return 1;
        /* Two marks in a row may need canonical reordering (shadda + fatha). */
        if (!marks_dropped && i > 0 && msd_is_arabic_mark(cp) && msd_is_arabic_mark(cps[i - 1]))
            return 1;
    }
    return 0;
}

/* NFKC of v in place, through utf8proc: re-encode, decompose with reordering, compose. */
static int nfkc(msd_cpvec *v, msd_cpvec *scratch)
{
    const utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE;
    unsigned char *u8;
    size_t nb = 0;
    utf8proc_ssize_t got;
    int rc;

    /* Re-encode into scratch (4 bytes per code point at most), decompose into v. */
    rc = msd_cpvec_reserve(scratch, v->n + 8);
    if (rc) return rc;
    u8 = (unsigned char *)scratch->a;
    for (size_t i = 0; i < v->n; i++) nb += msd_utf8_put(u8 + nb, v->a[i]);
    for (;;) {
        got = utf8proc_decompose(u8, (utf8proc_ssize_t)nb, v->a, (utf8proc_ssize_t)v->cap, opt);
        if (got < 0) return MARSAD_EINVAL; /* cannot happen: input was re-encoded */
        if ((size_t)got <= v->cap) break;
        /* Grow the destination; the UTF-8 copy in scratch is untouched. */
        rc = msd_cpvec_reserve(v, (size_t)got);
        if (rc) return rc;
    }
    got = utf8proc_normalize_utf32(v->a, got, opt);
    if (got < 0) return MARSAD_EINVAL;
    v->n = (size_t)got;
    return MARSAD_OK;
}

/* The folds, plus two rules that keep a folded letter from composing with the mark
 * after it when NFKC runs again (normalizing twice must change nothing):
 *  - with ALEF, combining madda and hamza (U+0653..U+0655) in the marks that follow
 *    an alef go too: ا + U+0654 is أ, which the rule makes ا;
 *  - a yeh followed by U+0654 becomes ئ, as NFKC would (ء under HAMZA), unless the yeh
 *    came in as ي right before the mark (then NFKC has already seen the pair).
 * Returns nonzero when anything changed. */
static int fold_all(msd_cpvec *v, unsigned rules)
{
    size_t o = 0;
    int changed = 0, after_alef = 0;
    int32_t prev_in = -1; /* the previous code point as it came in */
    for (size_t i = 0; i < v->n; i++) {
        int32_t in = v->a[i], cp = msd_norm_fold_cp(in, rules), before = prev_in;
        prev_in = in;
        if (cp != in) changed = 1;
        if (cp == DEL) continue;
        if (msd_is_arabic_mark(cp)) {
            if (after_alef && cp >= 0x653 && cp <= 0x655) {
                changed = 1;
                continue;
            }
        } else {
            after_alef = (rules & MARSAD_NORM_ALEF) && cp == 0x627;
        }
        if (cp == 0x654 && o > 0 && v->a[o - 1] == 0x64A && before != 0x64A) {
            v->a[o - 1] = (rules & MARSAD_NORM_HAMZA) ? 0x621 : 0x626;
            changed = 1;
            continue;
        }
        v->a[o++] = cp;
    }
    v->n = o;
    return changed;
}

/* Passes of NFKC + folds at most; each pass after the first runs only when the folds
 * changed something that NFKC would now change again. */
#define MAX_PASSES 4

int msd_norm_cps(msd_cpvec *v, unsigned rules, msd_cpvec *scratch)
{
    int marks_dropped = (rules & MARSAD_NORM_DIACRITICS) != 0;
    for (int pass = 0; pass < MAX_PASSES; pass++) {
        if ((rules & MARSAD_NORM_NFKC) && msd_norm_nfkc_needed(v->a, v->n, marks_dropped)) {
            int rc = nfkc(v, scratch);
            if (rc) return rc;
        } else if (pass) {
            break;
        }
        if (!fold_all(v, rules)) break;
    }
    return MARSAD_OK;
}

/* ---- The UTF-8 entry point ----------------------------------------------------------- */

static const struct {
    const char *name;
    unsigned bits;
} rule_names[] = {
    {"nfkc", MARSAD_NORM_NFKC},
    {"diacritics", MARSAD_NORM_DIACRITICS},
    {"tatweel", MARSAD_NORM_TATWEEL},
    {"alef", MARSAD_NORM_ALEF},
    {"yeh", MARSAD_NORM_YEH},
    {"teh-marbuta", MARSAD_NORM_TEH_MARBUTA},
    {"persian", MARSAD_NORM_PERSIAN},
    {"controls", MARSAD_NORM_CONTROLS},
    {"digits", MARSAD_NORM_DIGITS},
    {"punct", MARSAD_NORM_PUNCT},
    {"casefold", MARSAD_NORM_CASEFOLD},
    {"hamza", MARSAD_NORM_HAMZA},
    {"index", MARSAD_NORM_INDEX},
    {"all", MARSAD_NORM_ALL},
    {"none", 0},
};

const char *marsad_norm_rule_name(unsigned rule)
{
    for (size_t i = 0; i < sizeof rule_names / sizeof rule_names[0]; i++)
        if (rule_names[i].bits == rule && rule && !(rule & (rule - 1))) return rule_names[i].name;
    return NULL;
}

int marsad_norm_rules_parse(const char *spec, unsigned *rules)
{
    unsigned r = 0;
    const char *p = spec;
    if (!spec || !rules) return MARSAD_EINVAL;
    while (*p) {
        int minus = 0;
        size_t len, i;
        while (*p == ',' || *p == ' ') p++;
        if (!*p) break;
        if (*p == '-' || *p == '+') minus = *p++ == '-';
        len = strcspn(p, ", ");
        for (i = 0; i < sizeof rule_names / sizeof rule_names[0]; i++)
            if (strlen(rule_names[i].name) == len && !memcmp(rule_names[i].name, p, len)) break;
        if (i == sizeof rule_names / sizeof rule_names[0]) return MARSAD_EINVAL;
        r = minus ? r & ~rule_names[i].bits : r | rule_names[i].bits;
        p += len;
    }
    *rules = r;
    return MARSAD_OK;
}

/* A segment may end before this code point without changing its NFKC form. */
static int safe_split(int32_t cp)
{
    return cp < 0x80 || (cp >= 0x621 && cp <= 0x64A);
}

#define SEG_MAX 4096 /* code points per segment before we look for a split point */

struct out {
    unsigned char *p;
    size_t cap, len;
};

static void emit(struct out *o, int32_t cp)
{
    unsigned char tmp[4];
    size_t k = msd_utf8_put(tmp, cp);
    if (o->len + k <= o->cap) memcpy(o->p + o->len, tmp, k);
    o->len += k;
}

int marsad_normalize(const char *in, size_t n, unsigned rules, char *out, size_t cap,
                     size_t *out_len)
{
    const unsigned char *s = (const unsigned char *)in;
    struct out o = {(unsigned char *)out, out ? cap : 0, 0};
    msd_cpvec seg = {0}, scratch = {0};
    size_t i = 0;
    int rc = MARSAD_OK;

    if ((!in && n) || !out_len) return MARSAD_EINVAL;
    while (i < n) {
        /* ASCII not followed by a combining candidate: fold directly. */
        if (s[i] < 0x80 && (i + 1 == n || s[i + 1] < 0x80)) {
            emit(&o, msd_norm_fold_cp(s[i++], rules));
            continue;
        }
        /* Gather a segment: this code point (an ASCII base letter may compose with the
         * marks after it) and the non-ASCII ones that follow, split only where safe. */
        seg.n = 0;
        while (i < n && (seg.n == 0 || s[i] >= 0x80)) {
            size_t at = i;
            int32_t cp = msd_utf8_next(s, n, &i, NULL);
            if (seg.n >= SEG_MAX && safe_split(cp)) {
                i = at;
                break;
            }
            rc = msd_cpvec_reserve(&seg, seg.n + 1);
            if (rc) goto done;
            seg.a[seg.n++] = cp;
        }
        rc = msd_norm_cps(&seg, rules, &scratch);
        if (rc) goto done;
        for (size_t k = 0; k < seg.n; k++) emit(&o, seg.a[k]);
    }
    *out_len = o.len;
    if (o.len > o.cap) rc = MARSAD_ERANGE;
done:
    msd_cpvec_free(&seg);
    msd_cpvec_free(&scratch);
    return rc;
}

/* ---- Presentation forms in stored text ----------------------------------------------- */

int msd_is_presentation_form(int32_t cp)
{
    return (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF);
}

int msd_norm_presentation(const char *s, size_t n, char **out, size_t *out_len)
{
    const unsigned char *u = (const unsigned char *)s;
    char *o = NULL, *tmp = NULL;
    size_t len = 0, cap = 0, tcap = 0, i = 0, copied = 0;
    int rc = MARSAD_OK;
    *out = NULL;
    *out_len = 0;
    while (i < n) {
        size_t at = i, end, need = 0;
        /* every presentation form is three bytes, EF AD..BB xx: skip the rest fast */
        if (u[i] != 0xEF) {
            i++;
            continue;
        }
        if (!msd_is_presentation_form(msd_utf8_next(u, n, &i, NULL))) continue;
        end = i;
        while (end < n) {
            size_t k = end;
            if (!msd_is_presentation_form(msd_utf8_next(u, n, &k, NULL))) break;
            end = k;
        }
        i = end;
        /* the run's NFKC form, into tmp (an expansion is at most 18 code points each) */
        rc = marsad_normalize(s + at, end - at, MARSAD_NORM_NFKC, tmp, tcap, &need);
        if (rc == MARSAD_ERANGE) {
            char *t = realloc(tmp, need);
            if (!t) goto oom;
            tmp = t;
            tcap = need;
            rc = marsad_normalize(s + at, end - at, MARSAD_NORM_NFKC, tmp, tcap, &need);
        }
        if (rc) goto fail;
        /* the text before the run, then the run without a space before a mark */
        if (len + (at - copied) + need + 1 > cap) {
            size_t nc = cap ? cap : n + 16;
            char *t;
            while (nc < len + (at - copied) + need + 1) nc *= 2;
            if (!(t = realloc(o, nc))) goto oom;
            o = t;
            cap = nc;
        }
        memcpy(o + len, s + copied, at - copied);
        len += at - copied;
        for (size_t k = 0; k < need; k++) {
            if (tmp[k] == ' ' && k + 2 < need) {
                size_t j = k + 1;
                if (msd_is_arabic_mark(msd_utf8_next((const unsigned char *)tmp, need, &j, NULL)))
                    continue;
            }
            o[len++] = tmp[k];
        }
        copied = end;
    }
    if (o) {
        if (len + (n - copied) + 1 > cap) {
            char *t = realloc(o, len + (n - copied) + 1);
            if (!t) goto oom;
            o = t;
        }
        memcpy(o + len, s + copied, n - copied);
        len += n - copied;
        o[len] = 0;
        *out = o;
        *out_len = len;
    }
    free(tmp);
    return MARSAD_OK;
oom:
    rc = MARSAD_ENOMEM;
fail:
    free(o);
    free(tmp);
    return rc;
}
