/*
 * analyzer.c — the public analysis pipeline: tokenize, normalize, stem, mark stopwords.
 *
 * Per token: decode its code points into the handle's scratch vector, normalize them
 * by the token's kind, encode the normalized form into the handle's buffer, and stem
 * it. Nothing is allocated per token once the buffers have grown to the longest token.
 */
#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "text/normalize.h"
#include "text/stem.h"
#include "text/tokenize.h"
#include "text/utf8.h"
#include "util/cpvec.h"
#include "util/strmap.h"

/* Tokens longer than this (base64 blobs, runs without spaces) are not emitted: no
 * reader searches for them, and they would bloat the index. */
#define MAX_TOKEN_BYTES    1024
#define DEFAULT_STEM_CACHE 16384

extern const char *const msd_stopwords_builtin[];

/* The fast normalization path: what one code point of the Arabic block (by low byte) or
 * of ASCII becomes under the handle's rules, as UTF-8 bytes. `slow` sends the token to
 * the general path (NFKC, mark reordering, hamza composition). */
struct fastmap {
    uint8_t len;
    uint8_t slow;
    uint8_t cls;  /* enum msd_cclass */
    uint8_t word; /* continues an Arabic word: a letter, a mark or tatweel */
    char b[2];
};

struct marsad_analyzer {
    marsad_analyzer_config cfg;
    struct fastmap fast_ar[256], fast_ascii[128];
    uint8_t ascii_skip[128]; /* ASCII that never starts a token (not '#', '@') */
    int letters_only;        /* the rules drop marks and tatweel: the fast lane's normalized
                                words are their letters, two bytes each */
    msd_stemmer *stemmer;
    msd_strmap *stopwords;  /* normalized forms; values unused */
    msd_strmap *stop_maybe; /* the same under the token rules: a token whose form is not
                               here is no stopword, without normalizing it again */
    msd_cpvec cps, scratch;
    char norm[4 * MAX_TOKEN_BYTES + 64]; /* NFKC can lengthen a token */
};

void marsad_analyzer_config_init(marsad_analyzer_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->norm_rules = MARSAD_NORM_INDEX;
    cfg->stemmer = MARSAD_STEMMER_LIGHT;
    cfg->stem_cache = DEFAULT_STEM_CACHE;
}

/* Normalizes the word w with the handle's rules into a->norm. */
static int norm_word(marsad_analyzer *a, const char *w, size_t n, size_t *out_len);
static size_t norm_fast(const marsad_analyzer *a, const unsigned char *s, size_t n, char *out);

/* Stopwords compare in the handle's form but for the ى → ي fold, so that على (on) is a
 * stopword and علي (Ali) is not. */
static unsigned stop_rules(const marsad_analyzer *a)
{
    return a->cfg.norm_rules & ~(unsigned)MARSAD_NORM_YEH;
}

static int load_stopwords(marsad_analyzer *a)
{
    size_t count = 0;
    int rc;
    while (msd_stopwords_builtin[count]) count++;
    /* sized for all of them, so the map never empties itself */
    rc = msd_strmap_new(count ? count : 1, 64, &a->stopwords);
    if (!rc) rc = msd_strmap_new(count ? count : 1, 64, &a->stop_maybe);
    if (rc) return rc;
    for (size_t i = 0; i < count; i++) {
        const char *w = msd_stopwords_builtin[i];
        size_t len;
        int yeh;
        rc = marsad_normalize(w, strlen(w), stop_rules(a), a->norm, sizeof a->norm, &len);
        if (rc) return rc;
        rc = msd_strmap_put(a->stopwords, a->norm, len, "", 0);
        if (rc) return rc;
        rc = marsad_normalize(w, strlen(w), a->cfg.norm_rules, a->norm, sizeof a->norm, &len);
        if (rc) return rc;
        /* a form without ي is a stopword whatever its surface (only ى/ي folding sets
         * the two rule sets apart); one with ي needs its surface checked */
        yeh = 0;
        for (size_t k = 0; k + 1 < len && !yeh; k++)
            yeh = (unsigned char)a->norm[k] == 0xD9 && (unsigned char)a->norm[k + 1] == 0x8A;
        rc = msd_strmap_put(a->stop_maybe, a->norm, len, "y", yeh ? 1 : 0);
        if (rc) return rc;
    }
    return MARSAD_OK;
}

static void build_fastmaps(marsad_analyzer *a)
{
    unsigned r = a->cfg.norm_rules;
    for (int c = 0; c < 128; c++) {
        a->ascii_skip[c] = msd_char_class(c) == MSD_C_SEP && c != '#' && c != '@';
        a->fast_ascii[c].len = 1;
        a->fast_ascii[c].b[0] = (char)msd_norm_fold_cp(c, r);
    }
    for (int k = 0; k < 256; k++) {
        int32_t cp = 0x600 + k, to = msd_norm_fold_cp(cp, r);
        struct fastmap *f = &a->fast_ar[k];
        int32_t one[1] = {cp};
        int mark = msd_is_arabic_mark(cp);
        f->slow = (cp >= 0x653 && cp <= 0x655) ||
                  ((r & MARSAD_NORM_NFKC) && msd_norm_nfkc_needed(one, 1, 1)) ||
                  (mark && !(r & MARSAD_NORM_DIACRITICS));
        /* every fold target is below U+0800 (two bytes); anything else takes the
         * general path rather than overflow b[2] */
        if (to >= 0x800) {
            f->slow = 1;
            to = cp;
        }
        f->len = to < 0 ? 0 : (uint8_t)msd_utf8_put((unsigned char *)f->b, to);
        f->cls = (uint8_t)msd_char_class(cp);
        f->word = f->cls == MSD_C_ALETTER || f->cls == MSD_C_MARK || f->cls == MSD_C_TATWEEL;
        /* the fast lane promises words of two-byte letters (light10 relies on it) */
        if (f->word && to >= 0 && to < 0x80) f->slow = 1;
    }
}

/* The fast path of norm_word: ASCII and Arabic-block two-byte sequences only. Returns
 * the length, or (size_t)-1 when the token needs the general path. */
static size_t norm_fast(const marsad_analyzer *a, const unsigned char *s, size_t n, char *out)
{
    size_t o = 0, i = 0;
    while (i < n) {
        unsigned char b = s[i];
        const struct fastmap *f;
        if (b < 0x80) {
            f = &a->fast_ascii[b];
            i++;
        } else if (b >= 0xD8 && b <= 0xDB && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
            f = &a->fast_ar[((b & 0x03) << 6) | (s[i + 1] & 0x3F)];
            if (f->slow) return (size_t)-1;
            i += 2;
        } else {
            return (size_t)-1;
        }
        out[o] = f->b[0];
        out[o + 1] = f->b[1];
        o += f->len;
    }
    return o;
}

int marsad_analyzer_new(const marsad_analyzer_config *cfg, marsad_analyzer **out)
{
    marsad_analyzer *a;
    int rc;
    if (!out) return MARSAD_EINVAL;
    *out = NULL;
    a = calloc(1, sizeof *a);
    if (!a) return MARSAD_ENOMEM;
    if (cfg)
        a->cfg = *cfg;
    else
        marsad_analyzer_config_init(&a->cfg);
    if (a->cfg.norm_rules & ~MARSAD_NORM_ALL) {
        rc = MARSAD_EINVAL;
        goto fail;
    }
    build_fastmaps(a);
    a->letters_only =
        (a->cfg.norm_rules & MARSAD_NORM_DIACRITICS) && (a->cfg.norm_rules & MARSAD_NORM_TATWEEL);
    /* A token has at most MAX_TOKEN_BYTES code points; NFKC may expand them, and the
     * scratch stops at four times that (longer forms drop the token: ETOOBIG). */
    a->cps.cap_max = 4 * MAX_TOKEN_BYTES;
    a->scratch.cap_max = 4 * MAX_TOKEN_BYTES;
    rc = msd_stemmer_new(a->cfg.stemmer, a->cfg.stem_cache, &a->stemmer);
    if (rc) goto fail;
    rc = load_stopwords(a);
    if (rc) goto fail;
    *out = a;
    return MARSAD_OK;
fail:
    marsad_analyzer_free(a);
    return rc;
}

void marsad_analyzer_free(marsad_analyzer *a)
{
    if (!a) return;
    msd_stemmer_free(a->stemmer);
    msd_strmap_free(a->stopwords);
    msd_strmap_free(a->stop_maybe);
    msd_cpvec_free(&a->cps);
    msd_cpvec_free(&a->scratch);
    free(a);
}

int marsad_analyzer_is_stopword(marsad_analyzer *a, const char *word, size_t n)
{
    char buf[4 * 256];
    size_t len = 0;
    const char *v;
    size_t vn;
    if (!a || marsad_normalize(word, n, stop_rules(a), buf, sizeof buf, &len) != MARSAD_OK)
        return 0;
    return msd_strmap_get(a->stopwords, buf, len, &v, &vn);
}

/* The stopword test of a token (short words only: no stopword is long), by one lookup of
 * its normalized form; only a form with ي needs its surface normalized again (the
 * stopword rules keep ى apart from ي: على is a stopword, علي a name). */
static int stopword_token(marsad_analyzer *a, const char *w, size_t n, const char *norm,
                          size_t norm_len)
{
    const char *v;
    size_t vn;
    return n <= 64 && msd_strmap_get(a->stop_maybe, norm, norm_len, &v, &vn) &&
           (!vn || marsad_analyzer_is_stopword(a, w, n));
}

/* Decodes w into a->cps. */
static int decode(marsad_analyzer *a, const char *w, size_t n)
{
    const unsigned char *s = (const unsigned char *)w;
    size_t i = 0;
    int rc = msd_cpvec_reserve(&a->cps, n);
    if (rc) return rc;
    a->cps.n = 0;
    while (i < n) a->cps.a[a->cps.n++] = msd_utf8_next(s, n, &i, NULL);
    return MARSAD_OK;
}

/* Encodes a->cps into a->norm, leaving out spaces (NFKC turns some isolated
 * presentation forms into space + mark; a token never contains a space). A form that
 * NFKC made longer than the buffer is cut at a code-point boundary. */
static size_t encode(marsad_analyzer *a)
{
    size_t o = 0;
    for (size_t k = 0; k < a->cps.n; k++) {
        if (a->cps.a[k] == ' ') continue;
        if (o + 4 > sizeof a->norm) break;
        o += msd_utf8_put((unsigned char *)a->norm + o, a->cps.a[k]);
    }
    return o;
}

static int norm_word(marsad_analyzer *a, const char *w, size_t n, size_t *out_len)
{
    int rc;
    if (n <= MAX_TOKEN_BYTES) {
        size_t k = norm_fast(a, (const unsigned char *)w, n, a->norm);
        if (k != (size_t)-1) {
            *out_len = k;
            return MARSAD_OK;
        }
    }
    rc = decode(a, w, n);
    if (!rc) rc = msd_norm_cps(&a->cps, a->cfg.norm_rules, &a->scratch);
    if (rc) return rc;
    *out_len = encode(a);
    return MARSAD_OK;
}

static int digit_value(int32_t cp)
{
    if (cp >= '0' && cp <= '9') return cp - '0';
    if (cp >= 0x660 && cp <= 0x669) return cp - 0x660;
    if (cp >= 0x6F0 && cp <= 0x6F9) return cp - 0x6F0;
    if (cp >= 0xFF10 && cp <= 0xFF19) return cp - 0xFF10;
    return -1;
}

/* A comma followed by exactly three digits groups thousands: "25,000", "1,250,000". */
static int thousands_comma(const int32_t *cp, size_t n, size_t k)
{
    size_t d = 0;
    while (k + 1 + d < n && digit_value(cp[k + 1 + d]) >= 0) d++;
    return d == 3;
}

/* The canonical number: ASCII digits, no thousands separators, '.' as decimal mark.
 * (The tokenizer's digits are ASCII, Arabic-Indic, Eastern and fullwidth.) */
static size_t norm_number(marsad_analyzer *a)
{
    const int32_t *cp = a->cps.a;
    size_t n = a->cps.n, o = 0;
    for (size_t k = 0; k < n; k++) {
        int d = digit_value(cp[k]);
        if (d >= 0)
            a->norm[o++] = (char)('0' + d);
        else if (cp[k] == 0x66C || (cp[k] == ',' && thousands_comma(cp, n, k)))
            continue;
        else if (cp[k] == 0x66B)
            a->norm[o++] = '.';
        else
            o += msd_utf8_put((unsigned char *)a->norm + o, cp[k]);
    }
    return o;
}

/* E-mail addresses and mentions: ASCII letters lower-cased. A URL: only its scheme and
 * host, since paths and queries are case-sensitive (bit.ly/AbC is not bit.ly/abc). */
static size_t norm_ascii_lower(marsad_analyzer *a, const char *w, size_t n, int url)
{
    size_t host_end = n;
    if (url) {
        const char *p = memchr(w, ':', n);
        size_t from = p && p + 2 < w + n && p[1] == '/' && p[2] == '/' ? (size_t)(p - w) + 3 : 0;
        const char *slash = memchr(w + from, '/', n - from);
        host_end = slash ? (size_t)(slash - w) : n;
    }
    for (size_t k = 0; k < n; k++) {
        char c = w[k];
        a->norm[k] = (k < host_end && c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    return n;
}

/* One analysis run: the handle, the text, the callback and the next position. */
struct run {
    marsad_analyzer *a;
    const char *text;
    marsad_token_fn fn;
    void *ctx;
    size_t position;
};

/* Finishes one raw token: normalizes it (unless the fast lane has, norm_len then being
 * its length), stems it, marks stopwords, and calls back. Returns MARSAD_OK to go on. */
static int finish(struct run *r, const msd_rawtok *rt, int normalized, size_t norm_len)
{
    marsad_analyzer *a = r->a;
    marsad_token tok;
    const char *w = r->text + rt->b0;
    size_t wn = rt->b1 - rt->b0;
    int rc;
    if (wn > MAX_TOKEN_BYTES) return MARSAD_OK;
    tok.kind = rt->kind;
    tok.flags = rt->flags;
    tok.surface = w;
    tok.surface_len = wn;
    tok.byte_start = rt->b0;
    tok.byte_end = rt->b1;
    tok.cp_start = rt->c0;
    tok.cp_end = rt->c1;
    tok.norm = a->norm;
    tok.norm_len = norm_len;
    if (!normalized) {
        switch (rt->kind) {
        case MARSAD_TOKEN_NUMBER:
            rc = decode(a, w, wn);
            if (rc) return rc;
            tok.norm_len = norm_number(a);
            break;
        case MARSAD_TOKEN_URL:
        case MARSAD_TOKEN_EMAIL:
        case MARSAD_TOKEN_MENTION:
            tok.norm_len = norm_ascii_lower(a, w, wn, rt->kind == MARSAD_TOKEN_URL);
            break;
        default:
            rc = norm_word(a, w, wn, &tok.norm_len);
            if (rc == MARSAD_ETOOBIG) return MARSAD_OK; /* NFKC blew past the token cap */
            if (rc) return rc;
        }
    }
    if (!tok.norm_len) return MARSAD_OK; /* only invisible characters */
    if (normalized && a->cfg.stemmer == MARSAD_STEMMER_LIGHT) {
        /* the fast lane's words are Arabic-block letters: two bytes each */
        size_t off;
        tok.stem_len = msd_stem_light10_letters(tok.norm, tok.norm_len, &off);
        tok.stem = tok.norm + off;
    } else if ((rt->kind == MARSAD_TOKEN_WORD || rt->kind == MARSAD_TOKEN_HASHTAG) &&
               (rt->flags & MARSAD_TOKEN_ARABIC)) {
        rc = msd_stemmer_stem(a->stemmer, tok.norm, tok.norm_len, &tok.stem, &tok.stem_len);
        if (rc) return rc;
    } else {
        tok.stem = tok.norm;
        tok.stem_len = tok.norm_len;
    }
    if ((a->cfg.mark_stopwords || a->cfg.drop_stopwords) &&
        (rt->kind == MARSAD_TOKEN_WORD || rt->kind == MARSAD_TOKEN_HASHTAG) &&
        stopword_token(a, w, wn, tok.norm, tok.norm_len)) {
        /* a dropped stopword keeps its position, so phrases do not match across it */
        if (a->cfg.drop_stopwords) {
            r->position++;
            return MARSAD_OK;
        }
        tok.flags |= MARSAD_TOKEN_STOPWORD;
    }
    tok.position = r->position++;
    return r->fn(r->ctx, &tok) ? MARSAD_ESTOP : MARSAD_OK;
}

/* ع among the first three letters of a normalized word (a compound name's عبد is there). */
static inline int ain_first3(const char *w)
{
    const unsigned char *u = (const unsigned char *)w;
    return (u[0] == 0xD8 && u[1] == 0xB9) || (u[2] == 0xD8 && u[3] == 0xB9) ||
           (u[4] == 0xD8 && u[5] == 0xB9);
}

/* Index of a two-byte Arabic-block sequence at s[i] in fast_ar, or -1. */
static int arabic2(const unsigned char *s, size_t n, size_t i)
{
    if (i + 1 < n && s[i] >= 0xD8 && s[i] <= 0xDB && (s[i + 1] & 0xC0) == 0x80)
        return ((s[i] & 0x03) << 6) | (s[i + 1] & 0x3F);
    return -1;
}

/*
 * The fast lane: an Arabic word made only of two-byte Arabic-block characters, scanned
 * and normalized in one pass with one table lookup per character. It takes the word
 * only when the reference tokenizer (tokenize.c) would certainly give the same token:
 * it starts at a letter, and what ends it is the end of text, ASCII, or an Arabic-block
 * separator or digit. Anything else, and lone proclitics ("لـ", "و" before digits), is
 * left to the reference. Returns 1 when it took the word; *normalized says whether
 * a->norm holds its normalized form (0 when a character needs the general path).
 */
static int fast_word(marsad_analyzer *a, const unsigned char *s, size_t n, size_t i, size_t cp,
                     msd_rawtok *rt, int *normalized, size_t *norm_len)
{
    size_t start = i, o = 0;
    int k = arabic2(s, n, i), slow = 0, chars = 0, tatweel2 = 0;
    if (k < 0 || a->fast_ar[k].cls != MSD_C_ALETTER) return 0;
    for (;;) {
        const struct fastmap *f;
        k = arabic2(s, n, i);
        if (k < 0) break;
        f = &a->fast_ar[k];
        if (!f->word) break;
        if (chars == 1 && f->cls == MSD_C_TATWEEL) tatweel2 = 1;
        slow |= f->slow;
        a->norm[o] = f->b[0];
        a->norm[o + 1] = f->b[1];
        o += f->len;
        i += 2;
        chars++;
        if (o > MAX_TOKEN_BYTES) return 0;
    }
    if (i < n && s[i] >= 0x80 && (k < 0 || a->fast_ar[k].cls == MSD_C_FORMAT)) return 0;
    if (chars == 1 || tatweel2) return 0; /* maybe a lone proclitic */
    /* a glued compound name (عبدالله) is two tokens: the reference splits it */
    if (o >= 14 &&
        (a->letters_only && !slow ? ain_first3(a->norm)
                                  : msd_tok_compound_maybe((const char *)s + start, i - start)) &&
        msd_tok_compound((const char *)s + start, i - start))
        return 0;
    rt->kind = MARSAD_TOKEN_WORD;
    rt->flags = MARSAD_TOKEN_ARABIC;
    rt->b0 = start;
    rt->b1 = i;
    rt->c0 = cp;
    rt->c1 = cp + (size_t)chars;
    *normalized = !slow;
    *norm_len = o;
    return 1;
}

int marsad_analyze(marsad_analyzer *a, const char *text, size_t n, marsad_token_fn fn, void *ctx)
{
    const unsigned char *s = (const unsigned char *)text;
    struct run r = {a, text, fn, ctx, 0};
    msd_tokenizer t;
    msd_rawtok rt;
    size_t i = 0, cp = 0;
    if (!a || !fn || (!text && n)) return MARSAD_EINVAL;
    msd_tok_init(&t, text, n);
    while (i < n) {
        int normalized = 0, rc;
        size_t norm_len = 0;
        if (s[i] < 0x80 && a->ascii_skip[s[i]]) {
            i++;
            cp++;
            continue;
        }
        /* in a hashtag the tokenizer gives its words (kind HASHTAG) */
        if (i < t.tag_end || !fast_word(a, s, n, i, cp, &rt, &normalized, &norm_len)) {
            t.i = i;
            t.cp = cp;
            if (!msd_tok_next(&t, &rt)) break;
        }
        rc = finish(&r, &rt, normalized, norm_len);
        if (rc) return rc;
        i = rt.b1;
        cp = rt.c1;
    }
    return MARSAD_OK;
}
