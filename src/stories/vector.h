/*
 * vector.h — what story detection compares of an article: its terms weighted by TF-IDF,
 * the most telling few of them, and the document frequencies that weight them.
 *
 * A term is the light stem of a title word or of one of the body's first
 * MSD_STORY_LEAD words (stopwords, numbers and one-letter stems left out; the rest of a
 * long article drifts into background) or a canonical entity name (so داعش and تنظيم الدولة
 * الإسلامية meet), keyed by 32 bits of its hash (collisions only blur a weight). Its weight is (1 +
 * ln tf) * idf, a title word counting MSD_STORY_TITLE_TF times; idf is ln((1 + N) / (1 + df)) + 1
 * over the N articles assigned before this one and the articles of a reference corpus
 * (data/stories/df-prior.txt: 9,968 SaudiNewsNet articles), so that a young archive weighs its
 * words as news does. The MSD_STORY_TERMS heaviest terms are kept, the vector scaled to unit length
 * and each weight rounded to 16 bits: sums of these integers are exact in any order, which is what
 * makes a rebuild give the stories an ingest gave (docs/stories.md).
 *
 * Ownership: a builder owns its scratch; a df table owns its map. Neither is shared
 * between threads.
 */
#ifndef MSD_STORIES_VECTOR_H
#define MSD_STORIES_VECTOR_H

#include <stddef.h>
#include <stdint.h>

#include "text/tokens.h"
#include "util/idmap.h"

#define MSD_STORY_TERMS    64     /* terms kept per article */
#define MSD_STORY_TITLE_TF 3      /* a title word counts as this many body words */
#define MSD_STORY_LEAD     400    /* body words counted: the lead, where the event is told */
#define MSD_STORY_WMAX     65535u /* a weight of 1 */

typedef struct msd_storyvec {
    uint32_t n;
    uint32_t key[MSD_STORY_TERMS]; /* increasing */
    uint16_t w[MSD_STORY_TERMS];
    uint64_t title; /* bit i: term i is a word of the title */
} msd_storyvec;

/* Document frequencies: how many articles had each term. A count's top bit marks it
 * changed since the last msd_storydf_each_changed(). */
typedef struct msd_storydf {
    msd_idmap counts;
    uint64_t docs;
    msd_idmap prior; /* the reference corpus' counts (msd_storydf_load_prior) */
    uint64_t prior_docs;
} msd_storydf;

/* Loads the reference counts built into the library (data/stories/df-prior.txt).
 * Returns MARSAD_OK or MARSAD_ENOMEM. */
int msd_storydf_load_prior(msd_storydf *df);

/* Sets a loaded count (no change mark). Returns MARSAD_OK or MARSAD_ENOMEM. */
int msd_storydf_set(msd_storydf *df, uint32_t key, uint32_t n);

/* Calls fn for each count changed since the last call, and clears the marks; stops at
 * fn's first nonzero return, which it returns. */
int msd_storydf_each_changed(msd_storydf *df, int (*fn)(void *ctx, uint32_t key, uint32_t n),
                             void *ctx);

void msd_storydf_free(msd_storydf *df);

typedef struct msd_storyvec_builder {
    uint32_t *keys; /* the article's term occurrences, then its distinct terms */
    uint32_t *tf;
    size_t n, cap;
} msd_storyvec_builder;

/* The vector of an article from its analyzed title and body (tokens as the index gets
 * them, stopwords marked) and its entities' canonical names (n_ents, may be 0), weighted
 * by df; then the article's terms are counted into df. Returns MARSAD_OK or
 * MARSAD_ENOMEM (df then unchanged). */
int msd_storyvec_build(msd_storyvec_builder *b, const msd_tokens *title, const msd_tokens *body,
                       const char *const *ents, size_t n_ents, msd_storydf *df, msd_storyvec *out);

void msd_storyvec_builder_free(msd_storyvec_builder *b);

/* The dot product of two vectors, in [0, 1]. */
double msd_storyvec_dot(const msd_storyvec *a, const msd_storyvec *b);

/* The sum of the squared weights of a vector's title terms. */
uint64_t msd_storyvec_title_sq(const msd_storyvec *v);

/* The cosine of the two vectors' title terms alone, in [0, 1]: how alike two
 * headlines are, with the weights the terms have in their articles. */
double msd_storyvec_title_cos(const msd_storyvec *a, const msd_storyvec *b);

/* The stored form: n entries of key (4 bytes) then weight (2 bytes), then the title
 * mask (8 bytes), little-endian. encode writes 6 * v->n + 8 bytes into buf
 * (MSD_STORY_VEC_BYTES); decode also reads the form without the mask (stories version
 * 2), and returns MARSAD_OK, or MARSAD_EFORMAT for bytes that are not such a vector. */
#define MSD_STORY_VEC_BYTES (6 * MSD_STORY_TERMS + 8)
size_t msd_storyvec_encode(const msd_storyvec *v, unsigned char *buf);
int msd_storyvec_decode(const void *p, size_t n, msd_storyvec *v);

#endif
