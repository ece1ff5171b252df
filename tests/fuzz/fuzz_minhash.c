/* fuzz_minhash.c — libFuzzer target: MinHash signatures and band keys.
 *
 * The first three bytes are the parameters (shingle, bands, rows; zero and too-large
 * values included, so the range checks are tried); the rest are little-endian 64-bit
 * word hashes. A signature must fail exactly when msd_minhash_slots says the parameters
 * are out of range, and leave sig untouched then; otherwise it must be deterministic,
 * equal to the prefix of a longer one, estimate 1 against itself, and give the same
 * band keys twice. ASan checks that nothing is read past the words or written past
 * the slots (both are heap copies of exactly their size). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dedup/minhash.h"
#include "marsad.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    msd_minhash_params p;
    size_t n, k;
    uint64_t *w, *keys, *keys2;
    uint32_t *sig, *sig2, full[MSD_MINHASH_MAX_SLOTS];
    if (size < 3) return 0;
    p.shingle = data[0] % (MSD_MINHASH_MAX_SHINGLE + 2);
    p.bands = data[1];
    p.rows = data[2] % 20;
    n = (size - 3) / 8;
    w = malloc((n ? n : 1) * sizeof *w);
    if (!w) abort();
    for (size_t i = 0; i < n; i++) {
        uint64_t v = 0;
        for (int b = 0; b < 8; b++) v |= (uint64_t)data[3 + 8 * i + b] << (8 * b);
        w[i] = v;
    }
    k = msd_minhash_slots(&p);
    if (!k) {
        uint32_t one = 0x12345678u;
        if (msd_minhash_sig(w, n, &p, &one) != MARSAD_EINVAL || one != 0x12345678u) abort();
        free(w);
        return 0;
    }
    sig = malloc(k * sizeof *sig);
    sig2 = malloc(k * sizeof *sig2);
    keys = malloc(p.bands * sizeof *keys);
    keys2 = malloc(p.bands * sizeof *keys2);
    if (!sig || !sig2 || !keys || !keys2) abort();
    if (msd_minhash_sig(n ? w : NULL, n, &p, sig) != MARSAD_OK) abort();
    if (msd_minhash_sig(n ? w : NULL, n, &p, sig2) != MARSAD_OK) abort();
    if (memcmp(sig, sig2, k * sizeof *sig)) abort();
    if (msd_minhash_estimate(sig, sig2, k) != 1.0) abort();
    {
        msd_minhash_params all = {p.shingle, 1, MSD_MINHASH_MAX_SLOTS};
        if (msd_minhash_sig(n ? w : NULL, n, &all, full) != MARSAD_OK) abort();
        if (memcmp(full, sig, k * sizeof *sig)) abort(); /* slot i depends on i alone */
    }
    if (msd_minhash_bands(sig, &p, keys) != MARSAD_OK) abort();
    if (msd_minhash_bands(sig2, &p, keys2) != MARSAD_OK) abort();
    if (memcmp(keys, keys2, p.bands * sizeof *keys)) abort();
    free(w);
    free(sig);
    free(sig2);
    free(keys);
    free(keys2);
    return 0;
}
