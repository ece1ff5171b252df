/*
 * words.h — the word view the entity and quotation extractors share: each token's base
 * form (a proclitic stripped when that leaves a word the lexicon knows: "وبحسب" → بحسب,
 * "للأمم" → الأمم) and its word classes (lexicon.h), computed once per text.
 */
#ifndef MSD_EXTRACT_WORDS_H
#define MSD_EXTRACT_WORDS_H

#include <stddef.h>
#include <stdint.h>

#include "extract/lexicon.h"
#include "extract/tokens.h"

struct msd_xword {
    const char *base; /* index form without its proclitic: into the token's norm, or a
                         malloc'd rebuilt form when `owned` ("للأمم" → "الامم") */
    size_t base_len;
    unsigned strip : 8;  /* proclitic letters the base leaves out */
    unsigned def : 1;    /* the base begins with ال */
    unsigned arabic : 1; /* an Arabic word */
    unsigned owned : 1;
    unsigned cls; /* MSD_W_* of the base */
};

typedef struct msd_xview {
    const msd_lexicon *lx;
    const char *text;
    size_t len; /* of text, in bytes (text need not be NUL-terminated) */
    const msd_tokens *ts;
    struct msd_xword *w; /* one per token; malloc'd */
} msd_xview;

/* Classifies the tokens of text[0..len) (msd_xtoks_load). The view borrows lx, text and ts, which
 * must outlive it; release it with msd_xview_free() (also after a failed load). Returns
 * MARSAD_OK or MARSAD_ENOMEM. */
int msd_xview_load(msd_xview *v, const msd_lexicon *lx, const char *text, size_t len,
                   const msd_tokens *ts);
void msd_xview_free(msd_xview *v);

/* Only spaces between tokens a and a+1 (no punctuation, no line break). */
int msd_xview_joined(const msd_xview *v, size_t a);

/* The last letter of token i's surface (marks and tatweel skipped). */
int32_t msd_xview_last_char(const msd_xview *v, size_t i);

/* Token i is the preposition على, whose index form is the name علي. */
int msd_xview_is_ala(const msd_xview *v, size_t i);

/* The offsets (bytes, code points) in token i after its first n letters, each with the
 * marks and tatweel that follow it: where an entity begins once its proclitic is off. */
void msd_xview_skip(const msd_xview *v, size_t i, size_t n, size_t *b, size_t *cp);

/* A malloc'd copy of s[0..n) without tashkeel, tatweel and invisible controls (the form
 * names are shown in), or NULL when out of memory. */
char *msd_xview_clean(const char *s, size_t n);

/* Whether the text between tokens a and a+1 (or after a, when a is the last) holds one
 * of the bytes in `chars` (ASCII) or one of the code points in `cps` (0-terminated). */
int msd_xview_gap_has(const msd_xview *v, size_t a, const char *chars, const int32_t *cps);

#endif
