/* fuzz_tokenize.c — libFuzzer target: the analyzer (tokenizer, normalizer, stemmers).
 *
 * The first byte picks the stemmer and stopword mode. Checks every token: offsets are
 * inside the input, increase, and agree with each other; the surface is the input's
 * bytes; normalized and stemmed forms are non-empty valid UTF-8; positions count up.
 * Differential: the analyzer's fused fast lane must give exactly the tokens of the
 * reference tokenizer (msd_tok_next), but for those the analyzer documents it drops
 * (longer than 1024 bytes, or nothing left after normalization), and each word's
 * normalized form must be what marsad_normalize makes of its surface. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "text/tokenize.h"
#include "text/utf8.h"

struct state {
    const uint8_t *text;
    size_t n;
    msd_tokenizer ref; /* the reference tokenizer, stepped along */
    size_t last_end_b, last_end_c, count;
    size_t cp_seen_b, cp_seen_c; /* incremental code-point counter */
};

static size_t cps_to(struct state *st, size_t b)
{
    while (st->cp_seen_b < b) {
        msd_utf8_next(st->text, st->n, &st->cp_seen_b, NULL);
        st->cp_seen_c++;
    }
    if (st->cp_seen_b != b) abort(); /* a token boundary inside a code point */
    return st->cp_seen_c;
}

static int check(void *ctx, const marsad_token *t)
{
    struct state *st = ctx;
    if (t->byte_start >= t->byte_end || t->byte_end > st->n) abort();
    if (t->byte_start < st->last_end_b || t->cp_start < st->last_end_c) abort();
    if ((const uint8_t *)t->surface != st->text + t->byte_start) abort();
    if (t->surface_len != t->byte_end - t->byte_start) abort();
    if (cps_to(st, t->byte_start) != t->cp_start) abort();
    if (cps_to(st, t->byte_end) != t->cp_end) abort();
    if (!t->norm_len || !t->stem_len) abort();
    if (marsad_utf8_check(t->norm, t->norm_len, NULL) != MARSAD_OK) abort();
    if (marsad_utf8_check(t->stem, t->stem_len, NULL) != MARSAD_OK) abort();
    if (t->position < st->count) abort();
    /* a word's normalized form is marsad_normalize of its surface, spaces removed */
    if (t->kind == MARSAD_TOKEN_WORD || t->kind == MARSAD_TOKEN_HASHTAG) {
        char buf[4096], want[4096];
        size_t len = 0, o = 0;
        if (marsad_normalize(t->surface, t->surface_len, MARSAD_NORM_INDEX, buf, sizeof buf,
                             &len) == MARSAD_OK) {
            for (size_t k = 0; k < len; k++)
                if (buf[k] != ' ') want[o++] = buf[k];
            if (o != t->norm_len || memcmp(want, t->norm, o)) abort();
        }
    }
    /* the reference's next kept token must be this one */
    for (;;) {
        msd_rawtok rt;
        size_t len = 0;
        if (!msd_tok_next(&st->ref, &rt)) abort();
        if (rt.b0 == t->byte_start) {
            if (rt.b1 != t->byte_end || rt.c0 != t->cp_start || rt.c1 != t->cp_end ||
                rt.kind != t->kind || rt.flags != (t->flags & MARSAD_TOKEN_ARABIC))
                abort();
            break;
        }
        if (rt.b0 > t->byte_start) abort();
        if (rt.b1 - rt.b0 > 1024) continue;
        /* dropped: its normalized form must be empty or spaces only, or past the
         * analyzer's cap of 4096 code points after NFKC */
        marsad_normalize((const char *)st->text + rt.b0, rt.b1 - rt.b0, MARSAD_NORM_INDEX, NULL, 0,
                         &len);
        if (len >= 4096) continue;
        {
            char buf[8192];
            if (len > sizeof buf) abort();
            marsad_normalize((const char *)st->text + rt.b0, rt.b1 - rt.b0, MARSAD_NORM_INDEX, buf,
                             sizeof buf, &len);
            for (size_t k = 0; k < len; k++)
                if (buf[k] != ' ') abort();
        }
    }
    st->last_end_b = t->byte_end;
    st->last_end_c = t->cp_end;
    st->count = t->position + 1;
    return 0;
}

static marsad_analyzer *analyzers[6];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct state st = {0};
    unsigned pick;
    if (size < 1) return 0;
    pick = data[0] % 6;
    if (!analyzers[pick]) {
        marsad_analyzer_config cfg;
        marsad_analyzer_config_init(&cfg);
        cfg.stemmer = (int)(pick % 3);
        cfg.mark_stopwords = pick >= 3;
        cfg.stem_cache = pick == 4 ? 0 : 64; /* small: exercise the cache's resets */
        if (marsad_analyzer_new(&cfg, &analyzers[pick]) != MARSAD_OK) abort();
    }
    st.text = data + 1;
    st.n = size - 1;
    msd_tok_init(&st.ref, (const char *)st.text, st.n);
    if (marsad_analyze(analyzers[pick], (const char *)st.text, st.n, check, &st) != MARSAD_OK)
        abort();
    return 0;
}
