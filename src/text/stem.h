/*
 * stem.h — the stemmer interface (library-internal).
 *
 * Backends (enum marsad_stemmer_kind): light10 (stem_light.c, the default), Snowball
 * "arabic" through libstemmer, or none. All take a word already in the analyzer's normalized form.
 * A stemmer optionally memoizes results in a bounded cache: news vocabulary is
 * Zipfian, so a few thousand entries answer most lookups without calling the backend.
 *
 * A stemmer is not thread-safe; give each thread its own (libstemmer's handles keep
 * state between calls).
 */
#ifndef MSD_TEXT_STEM_H
#define MSD_TEXT_STEM_H

#include <stddef.h>

typedef struct msd_stemmer msd_stemmer;

/* Creates a stemmer of `kind` with a cache of cache_entries (0: no cache).
 * Returns MARSAD_OK, MARSAD_EINVAL (unknown kind), MARSAD_ESTEMMER, MARSAD_ENOMEM. */
int msd_stemmer_new(int kind, size_t cache_entries, msd_stemmer **out);
void msd_stemmer_free(msd_stemmer *st);

/* Stems w[0..n). *out points into memory owned by the stemmer and stays valid until
 * the next call on it. Returns MARSAD_OK or MARSAD_ESTEMMER (the backend failed; *out
 * is then the word itself). */
int msd_stemmer_stem(msd_stemmer *st, const char *w, size_t n, const char **out, size_t *out_n);

/* "snowball", "light", "none"; NULL for an unknown kind. */
const char *msd_stemmer_name(int kind);

/* light10 on UTF-8: writes the stem of w[0..n) to out (room for n bytes) and returns its
 * length. Words longer than 64 code points are returned unchanged. */
size_t msd_stem_light10(const char *w, size_t n, char *out);

#endif
