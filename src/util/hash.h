/*
 * hash.h — a fast non-cryptographic 64-bit hash for short keys (words, lines).
 *
 * Eight bytes at a time, each word mixed by a multiply-xorshift; stable across runs
 * and platforms of the same endianness, so it may key data kept on disk only with a
 * format note saying so.
 */
#ifndef MSD_UTIL_HASH_H
#define MSD_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t msd_mix64(uint64_t x)
{
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93ull;
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93ull;
    x ^= x >> 32;
    return x;
}

static inline uint64_t msd_hash64(const void *p, size_t n)
{
    const unsigned char *s = (const unsigned char *)p;
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (n * 0xff51afd7ed558ccdull);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ msd_mix64(w)) * 0xc4ceb9fe1a85ec53ull;
        s += 8;
        n -= 8;
    }
    if (n) {
        uint64_t w = 0;
        memcpy(&w, s, n);
        h = (h ^ msd_mix64(w ^ ((uint64_t)n << 56))) * 0xc4ceb9fe1a85ec53ull;
    }
    return msd_mix64(h);
}

#endif
