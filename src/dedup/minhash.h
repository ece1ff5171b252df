/*
 * minhash.h — near-duplicate detection: MinHash signatures over word shingles, and the
 * LSH band keys that find candidate pairs without comparing every pair.
 *
 * A text is given as the 64-bit hashes of its words, in order (msd_minhash_word of each
 * token's stem). Its shingles are the runs of p->shingle consecutive words; a text with
 * fewer words than that has one shingle of the words it has, and an empty text has none.
 * Slot i of a signature is the least of hi32(a_i * h + b_i) over the shingle hashes h of
 * the text (fixed constants, a_i odd; minhash.c), so two texts agree at a slot with
 * probability equal to the Jaccard similarity J of their shingle sets, and the fraction
 * of equal slots estimates J (standard error sqrt(J(1-J)/slots)). The bands*rows slots
 * are cut into bands of rows slots; each band hashes to one 64-bit key. Texts that share
 * a key at any band are a candidate pair, with probability 1 - (1 - J^rows)^bands: an
 * S-curve that rises through (1/bands)^(1/rows). The caller confirms a candidate with
 * msd_minhash_estimate >= MSD_MINHASH_THRESHOLD.
 *
 * The words and the parameters were measured on SaudiNewsNet by bench/dedup_study
 * (docs/dedup.md): every token of the default analyzer in order (light10 stems, numbers
 * included), stopwords kept (dropping them loses 640 of the 8,083 pairs at J >= 0.5 and
 * adds 125, at the same precision), 5-word shingles (3 words chain formula texts of
 * different events — royal telegrams, phone calls — into groups), 32 bands of 4 rows, and
 * texts under MSD_MINHASH_MIN_WORDS words left out of the LSH index.
 *
 * Stability (signatures and keys are stored on disk by the archive): every value below
 * is integer arithmetic on uint64_t with fixed constants, bytes read little-endian, no
 * per-run seed; the same words give the same slots and keys on every platform, run and
 * thread. tests/unit/test_minhash.c pins values. Slot i depends on i alone, so the first
 * k slots of a longer signature equal a k-slot signature with the same shingle size.
 * The archive keeps only the low byte of each slot (dedup.h), so new bands need the
 * texts again (marsad reindex). Changing a constant, a hash or
 * the slot order is a format change.
 *
 * Contract of every function: no allocation, no global mutable state, no aborts, no
 * output; safe from any thread on distinct output buffers. Inputs are only read.
 */
#ifndef MSD_DEDUP_MINHASH_H
#define MSD_DEDUP_MINHASH_H

#include <stddef.h>
#include <stdint.h>

#define MSD_MINHASH_MAX_SHINGLE 16  /* largest p->shingle accepted */
#define MSD_MINHASH_MAX_SLOTS   256 /* largest bands*rows accepted */

/* Texts with fewer words than this should not enter the LSH index: they are names,
 * captions and link stubs ("بالصور .. رمضان في ليبيا" / "... في فلسطين"), whose only
 * near-duplicate pairs on SaudiNewsNet were false. */
#define MSD_MINHASH_MIN_WORDS 20
/* The estimate at or above which a candidate is a near-duplicate: at 0.5 formula texts
 * of different events chain into groups (28 royal telegrams), 0.7 drops 29% of the
 * pairs 0.6 reports, nearly all of them one story. */
#define MSD_MINHASH_THRESHOLD 0.6

typedef struct msd_minhash_params {
    unsigned shingle;     /* words per shingle, 1..MSD_MINHASH_MAX_SHINGLE */
    unsigned bands, rows; /* each >= 1, bands*rows <= MSD_MINHASH_MAX_SLOTS */
} msd_minhash_params;

/* The measured choice (docs/dedup.md). */
extern const msd_minhash_params msd_minhash_default;

/* The number of signature slots, bands*rows; 0 when p is NULL or out of range. */
size_t msd_minhash_slots(const msd_minhash_params *p);

/* The hash of one word's bytes (a stem, as the analyzer gives it). It equals
 * msd_hash64(s, n) on little-endian machines and has the same value on big-endian ones,
 * which msd_hash64 does not promise. s may be NULL when n is 0. */
uint64_t msd_minhash_word(const char *s, size_t n);

/* The hash of one shingle: the words w[0..n) in order. msd_minhash_sig hashes each
 * shingle with it; exposed so a caller can build exact shingle sets (the study does). */
uint64_t msd_minhash_shingle(const uint64_t *w, size_t n);

/* Writes the signature of words[0..n) into sig, which has msd_minhash_slots(p) slots.
 * n == 0 gives the empty signature, every slot 0xffffffff: all empty texts share it, so
 * do not index them. words may be NULL when n is 0. Returns MARSAD_OK, or
 * MARSAD_EINVAL (sig or p NULL, words NULL with n > 0, p out of range; sig untouched).
 * Time: n shingles times bands*rows slots, one multiply-add each. */
int msd_minhash_sig(const uint64_t *words, size_t n, const msd_minhash_params *p, uint32_t *sig);

/* Writes p->bands keys, one per band of the signature sig (msd_minhash_slots(p) slots),
 * into keys. The band number is hashed in, so keys of different bands differ and one
 * table may hold them all; equal keys at the same band mean a candidate pair. Keys are
 * comparable only between signatures made with the same params. Returns MARSAD_OK, or
 * MARSAD_EINVAL (NULL argument, p out of range; keys untouched). */
int msd_minhash_bands(const uint32_t *sig, const msd_minhash_params *p, uint64_t *keys);

/* The fraction of the n slots where a and b agree: the estimated Jaccard similarity.
 * 0 when n is 0 or an argument is NULL. */
double msd_minhash_estimate(const uint32_t *a, const uint32_t *b, size_t n);

#endif
