/*
 * tokens.h — the token view the extractors read (library-internal): each token's kind,
 * normalized index form (NUL-terminated) and offsets, plus phrase matching on it.
 */
#ifndef MSD_EXTRACT_TOKENS_H
#define MSD_EXTRACT_TOKENS_H

#include <stddef.h>

struct msd_xtok {
    int kind;   /* enum marsad_token_kind */
    char *norm; /* index form, NUL-terminated */
    size_t b0, b1, c0, c1;
};

typedef struct msd_xtoks { /* struct tag named so other headers can declare it */
    struct msd_xtok *t;
    size_t n, cap;
    char *arena; /* every norm, NUL-terminated, one after another */
    size_t used, arena_cap;
    int rc; /* why loading stopped */
} msd_xtoks;

/* Tokenizes text (valid UTF-8) into *ts (zeroed first; free with msd_xtoks_free).
 * Returns MARSAD_OK or MARSAD_ENOMEM. */
int msd_xtoks_load(const char *text, size_t len, msd_xtoks *ts);
void msd_xtoks_free(msd_xtoks *ts);

/* Token i exists and its normalized form is w. */
int msd_xtok_is(const msd_xtoks *ts, size_t i, const char *w);

/* Whether tokens [i, i+k) spell the space-separated phrase (index form); the first
 * word may carry a proclitic ب ل و ف ("بحوالي"). Returns k, or 0. */
size_t msd_xtok_phrase(const msd_xtoks *ts, size_t i, const char *phrase);

/* Words in a space-separated phrase. */
size_t msd_phrase_words(const char *phrase);

/* w is one of list[0..n). */
int msd_in_list(const char *w, const char *const *list, size_t n);

#endif
