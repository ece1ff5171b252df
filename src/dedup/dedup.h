/*
 * dedup.h — an article's duplicate keys, and the group a new article joins.
 *
 * Exact duplicates share the sequence of their body's normalized words (a hash of it);
 * near duplicates have a MinHash estimate at or above MSD_MINHASH_THRESHOLD over their
 * word shingles (minhash.h), found through the LSH band keys. Both come from the body's
 * token stream (text/tokens.h): every token, stopwords included (docs/dedup.md).
 *
 * Signatures are compared on the low 8 bits of each slot, as the catalog keeps them (a
 * quarter of the bytes of 32: b-bit minwise hashing, Li and König 2010). Two different
 * slot values agree there by chance with probability 2^-8, so the fraction p of equal
 * slots estimates J as (p - 2^-8) / (1 - 2^-8) (docs/dedup.md measures what it changes).
 */
#ifndef MSD_DEDUP_DEDUP_H
#define MSD_DEDUP_DEDUP_H

#include <stddef.h>
#include <stdint.h>

#include "dedup/minhash.h"

struct msd_tokens;

typedef struct msd_dupkeys {
    uint64_t exact; /* hash of the normalized word sequence (a text without words: a fixed
                       value, never matched: exact duplicates need words) */
    size_t words;   /* tokens of the body */
    int has_sig;    /* at least MSD_MINHASH_MIN_WORDS words: a signature and band keys */
    size_t nslots, nbands;
    uint8_t sig[MSD_MINHASH_MAX_SLOTS];    /* low 8 bits of each MinHash slot */
    uint64_t bands[MSD_MINHASH_MAX_SLOTS]; /* LSH band keys */
} msd_dupkeys;

/* The keys of a body's tokens with the default parameters. Returns MARSAD_OK,
 * MARSAD_ENOMEM or MARSAD_ETOOBIG. */
int msd_dupkeys_of(const struct msd_tokens *body, msd_dupkeys *out);

/* A candidate: an earlier article sharing a band key, its group (the first article of
 * its duplicate group) and its stored signature (nslots entries). */
typedef struct msd_dupcand {
    int64_t id, group;
    const uint8_t *sig;
} msd_dupcand;

/* The estimate of the Jaccard similarity between two 8-bit signatures of n slots. */
double msd_dup_estimate(const uint8_t *a, const uint8_t *b, size_t n);

/* The group of the candidate nearest to k, when its estimate reaches the threshold;
 * ties go to the earliest candidate (cands in increasing id order). *group 0 when none,
 * *jaccard its estimate. */
void msd_dup_choose(const msd_dupkeys *k, const msd_dupcand *cands, size_t n, int64_t *group,
                    double *jaccard);

#endif
