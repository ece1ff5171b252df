/*
 * tokens.h — a text analyzed once and kept: each token's kind, flags, offsets, position,
 * normalized form and stem, for the stages after analysis to read (the cleaner's word
 * rules, the fact extractors, the duplicate keys, the index). An article's body is
 * analyzed once, not once per stage.
 *
 * Ownership: a token stream owns its token array and an arena holding every norm and
 * stem (NUL-terminated). A stream made by msd_tokens_take() has no arena: its strings
 * point into the source stream's, which must outlive it. The pointers of a stream stay
 * valid until it is changed or freed.
 */
#ifndef MSD_TEXT_TOKENS_H
#define MSD_TEXT_TOKENS_H

#include <stddef.h>
#include <stdint.h>

#include "marsad.h"

struct msd_tok {
    uint8_t kind;  /* enum marsad_token_kind */
    uint8_t flags; /* MARSAD_TOKEN_ARABIC, MARSAD_TOKEN_STOPWORD */
    uint32_t pos;  /* 0-based ordinal among the stream's tokens */
    /* bytes and code points of the text, end exclusive: 32 bits, as a text is at most
     * MSD_GROW_DOC_MAX (64 MiB), so a token takes 48 bytes, not 64 (a 64 MB article is
     * 9 million tokens) */
    uint32_t b0, b1;
    uint32_t c0, c1;
    char *norm; /* normalized form (the index rules), NUL-terminated */
    char *stem; /* its stem, NUL-terminated */
    uint32_t norm_len, stem_len;
};

typedef struct msd_tokens {
    struct msd_tok *t;
    size_t n, cap;
    char *arena; /* NULL in a selected stream: its strings are its source's */
    size_t used, arena_cap;
    int rc; /* why the last analysis stopped */
} msd_tokens;

/* Analyzes text[0..len) with a (marsad_analyze) into ts, replacing what it held (its
 * memory is reused). Returns MARSAD_OK, MARSAD_ENOMEM, MARSAD_ETOOBIG (a text past
 * MSD_GROW_DOC_MAX of tokens, or over 4 GiB) or the analyzer's error. */
int msd_tokens_analyze(marsad_analyzer *a, const char *text, size_t len, msd_tokens *ts);

/* A piece of a text kept in another: the tokens of src whose bytes lie in
 * [b_from, b_to), moved by (b_shift, c_shift) bytes and code points. */
typedef struct msd_tokspan {
    size_t b_from, b_to;
    int64_t b_shift, c_shift;
} msd_tokspan;

/* Makes dst the tokens of src that lie in spans[0..n) (in text order, not overlapping),
 * their offsets moved into the new text and their positions made to run on from 0
 * across the spans (steps inside a span kept): the tokens of a text assembled from
 * pieces of another, as analyzing it would give them, without analyzing it again. The
 * selection is made in src's own array, which dst takes (src gets dst's old array and
 * no tokens): one array, not two (a 60 MB article has 9 million tokens, 430 MB of
 * them). dst borrows src's strings (it has no arena): src must outlive it. Returns
 * MARSAD_OK. */
int msd_tokens_take(msd_tokens *dst, msd_tokens *src, const msd_tokspan *spans, size_t n);

/* Empties ts, keeping its memory. */
void msd_tokens_reset(msd_tokens *ts);

/* Frees what ts holds and zeroes it; accepts a zeroed stream. */
void msd_tokens_free(msd_tokens *ts);

#endif
