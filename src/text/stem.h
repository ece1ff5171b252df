/*
 * stem.h — the stemmer interface (library-internal).
 *
 * Backends (enum marsad_stemmer_kind): light10 (stem_light.c, the default), Snowball
 * "arabic" through libstemmer, or none. All take a word already in the analyzer's normalized form.
 * The Snowball backend memoizes results in a bounded cache: news vocabulary is Zipfian,
 * so a few thousand entries answer most lookups without calling libstemmer (light10
 * is cheaper than a lookup and is not cached).
 *
 * A stemmer is not thread-safe; give each thread its own (libstemmer's handles keep
 * state between calls).
 */
#ifndef MSD_TEXT_STEM_H
#define MSD_TEXT_STEM_H

#include <stddef.h>

typedef struct msd_stemmer msd_stemmer;

/* Creates a stemmer of `kind`; Snowball gets a cache of cache_entries (0: none).
 * Returns MARSAD_OK, MARSAD_EINVAL (unknown kind), MARSAD_ESTEMMER, MARSAD_ENOMEM. */
int msd_stemmer_new(int kind, size_t cache_entries, msd_stemmer **out);
void msd_stemmer_free(msd_stemmer *st);

/* Stems w[0..n). *out points into memory owned by the stemmer and stays valid until
 * the next call on it. Returns MARSAD_OK or MARSAD_ESTEMMER (the backend failed; *out
 * is then the word itself). */
int msd_stemmer_stem(msd_stemmer *st, const char *w, size_t n, const char **out, size_t *out_n);

/* "snowball", "light", "none"; NULL for an unknown kind. */
const char *msd_stemmer_name(int kind);

/* light10 on UTF-8. The stem is always a substring of the word: returns its length and
 * sets *off to its byte offset in w. Words not made of Arabic-script letters are their
 * own stem. */
size_t msd_stem_light10(const char *w, size_t n, size_t *off);

/* light10 without the check: w must be two-byte UTF-8 sequences only (the analyzer's
 * fast lane knows its Arabic words are). */
size_t msd_stem_light10_letters(const char *w, size_t n, size_t *off);

#endif
