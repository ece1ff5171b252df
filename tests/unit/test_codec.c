/* test_codec.c — the postings block codec and varints: exact round trips at every
 * width and count, and truncated or corrupt input that must not be over-read.
 *
 * Every decode reads a heap copy of exactly `avail` bytes and writes a heap array of
 * exactly n values, so under ASan (make asan) a read or write past either is caught. */
#include <stdio.h>
#include <stdlib.h>

#include "index/codec.h"
#include "marsad.h"
#include "test.h"

#define N MSD_CODEC_BLOCK

static uint64_t rng_state = 0x9e3779b97f4a7c15ull; /* fixed seed: failures reproduce */

static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

/* A random value of exactly w bits (0 for w == 0). */
static uint32_t rnd_width(unsigned w)
{
    if (w == 0) return 0;
    uint32_t top = 1u << (w - 1);
    return top | (rnd() & (top - 1));
}

/* Decodes n values from a heap copy of exactly avail bytes into a heap array of n. */
static size_t decode_exact(const uint8_t *src, size_t avail, size_t n, uint32_t *got)
{
    uint8_t *b = malloc(avail ? avail : 1);
    uint32_t *o = malloc((n ? n : 1) * sizeof *o);
    size_t r = 0;
    if (b && o) {
        if (avail) memcpy(b, src, avail);
        r = msd_codec_decode(b, avail, n, o);
        if (r && got) memcpy(got, o, n * sizeof *o);
    }
    free(b);
    free(o);
    return r;
}

static int n_bad; /* failures inside the loops, reported through one CHECK each */

/* Encodes v[0..n), checks the size bound and that the block decodes exactly, with and
 * without bytes after it; with prefixes, that every shorter input decodes to 0.
 * Returns the encoded size (the block is left in enc). */
static size_t roundtrip(const uint32_t *v, size_t n, int prefixes, uint8_t *enc)
{
    uint8_t buf[1 + 4 * N + 16];
    uint32_t got[N];
    size_t len;
    memset(buf, 0xA5, sizeof buf);
    len = msd_codec_encode(v, n, buf);
    if (len == 0 || len > msd_codec_bound(n) || buf[msd_codec_bound(n)] != 0xA5) goto bad;
    if (decode_exact(buf, len, n, got) != len || memcmp(got, v, n * sizeof *v)) goto bad;
    if (decode_exact(buf, len + 16, n, got) != len || memcmp(got, v, n * sizeof *v)) goto bad;
    for (size_t k = 0; prefixes && k < len; k++)
        if (decode_exact(buf, k, n, NULL) != 0) goto bad;
    if (enc) memcpy(enc, buf, len);
    return len;
bad:
    if (n_bad++ < 5) {
        fprintf(stderr, "     codec round trip failed: n=%zu len=%zu v[0]=%u\n", n, len, v[0]);
    }
    return 0;
}

static void test_varint(void)
{
    static const uint64_t vals[] = {0,          1,          127,           128,
                                    16383,      16384,      UINT32_MAX,    (uint64_t)UINT32_MAX + 1,
                                    1ull << 63, UINT64_MAX, 0x123456789ull};
    static const size_t lens[] = {1, 1, 1, 2, 2, 3, 5, 5, 10, 10, 5};
    uint8_t b[MSD_VARINT_MAX + 1];
    uint64_t v;
    uint32_t v32;
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        size_t len = msd_varint_put(vals[i], b);
        int ok = len == lens[i];
        ok &= msd_varint_get(b, len, &v) == len && v == vals[i];
        for (size_t k = 0; k < len; k++) ok &= msd_varint_get(b, k, &v) == 0; /* truncated */
        test_check(ok, __FILE__, __LINE__, "varint round trip and truncation");
        if (vals[i] <= UINT32_MAX)
            CHECK(msd_varint_get32(b, len, &v32) == len && v32 == vals[i]);
        else
            CHECK_EQ(msd_varint_get32(b, len, &v32), 0); /* does not fit 32 bits */
    }
    /* Overlong: a redundant zero group, eleven bytes, bits past 64. */
    CHECK_EQ(msd_varint_get((const uint8_t *)"\x80\x00", 2, &v), 0);
    CHECK_EQ(msd_varint_get((const uint8_t *)"\xff\x00", 2, &v), 0);
    CHECK_EQ(msd_varint_get32((const uint8_t *)"\x81\x00", 2, &v32), 0);
    memset(b, 0x80, sizeof b);
    CHECK_EQ(msd_varint_get(b, sizeof b, &v), 0);
    memcpy(b, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 10);
    CHECK_EQ(msd_varint_get(b, 10, &v), 0);
    b[9] = 0x01;
    CHECK(msd_varint_get(b, 10, &v) == 10 && v == UINT64_MAX);
    CHECK(msd_varint_get32((const uint8_t *)"\xff\xff\xff\xff\x0f", 5, &v32) == 5 &&
          v32 == UINT32_MAX);
    CHECK_EQ(msd_varint_get32((const uint8_t *)"\xff\xff\xff\xff\x10", 5, &v32), 0);
    CHECK_EQ(msd_varint_get32((const uint8_t *)"\xff\xff\xff\xff\xff\x01", 6, &v32), 0);
    CHECK(msd_varint_get((const uint8_t *)"\x05\x80", 2, &v) == 1 && v == 5); /* stops at 1 */
}

/* msd_bits_pack/unpack at every width and count, from exactly the packed bytes. */
static void test_bits(void)
{
    uint32_t v[N];
    uint8_t packed[4 * N];
    int ok = 1;
    CHECK_EQ(msd_bits_bytes(128, 32), 512);
    CHECK_EQ(msd_bits_bytes(3, 3), 2);
    CHECK_EQ(msd_bits_bytes(5, 0), 0);
    CHECK_EQ(msd_bits_of(0), 0);
    CHECK_EQ(msd_bits_of(1), 1);
    CHECK_EQ(msd_bits_of(UINT32_MAX), 32);
    CHECK_EQ(msd_bits_of(0x80000000u), 32);
    CHECK_EQ(msd_bits_of(255), 8);
    for (unsigned w = 0; w <= 32; w++) {
        for (size_t n = 1; n <= N; n++) {
            size_t len;
            for (size_t i = 0; i < n; i++) v[i] = w ? rnd() >> (32 - w) : 0;
            len = msd_bits_pack(v, n, w, packed);
            ok &= len == msd_bits_bytes(n, w);
            uint8_t *b = malloc(len ? len : 1);
            uint32_t *o = malloc(n * sizeof *o);
            if (!b || !o) abort();
            memcpy(b, packed, len);
            msd_bits_unpack(b, len, n, w, o);
            ok &= !memcmp(o, v, n * sizeof *v);
            free(b);
            free(o);
        }
    }
    CHECK(ok);
    /* Higher bits than w are dropped. */
    v[0] = 0xffffffffu;
    v[1] = 0;
    CHECK_EQ(msd_bits_pack(v, 2, 4, packed), 1);
    CHECK_EQ(packed[0], 0x0f);
}

static void test_widths(void)
{
    uint32_t v[N];
    n_bad = 0;
    /* Every width 0..32 and every count 1..128, the largest value exactly w bits wide:
     * plain and patched blocks, with and without a tail past the 32-value groups. */
    for (unsigned w = 0; w <= 32; w++) {
        for (size_t n = 1; n <= N; n++) {
            for (size_t i = 0; i < n; i++) v[i] = rnd_width(rnd() % (w + 1));
            v[rnd() % n] = rnd_width(w);
            roundtrip(v, n, n % 9 == 1 || n >= 120, NULL);
        }
    }
    CHECK_EQ(n_bad, 0);
}

static void test_patterns(void)
{
    static const uint32_t eq[] = {0, 1, 2, 127, 128, 1u << 31, UINT32_MAX};
    uint32_t v[N];
    uint8_t enc[1 + 4 * N];
    size_t len;
    n_bad = 0;
    /* All equal, every count: zeros take one header byte. */
    for (size_t k = 0; k < sizeof eq / sizeof eq[0]; k++) {
        for (size_t n = 1; n <= N; n++) {
            for (size_t i = 0; i < n; i++) v[i] = eq[k];
            len = roundtrip(v, n, 1, enc);
            if (eq[k] == 0 && n > 1 && len != 1) n_bad++;
        }
    }
    CHECK_EQ(n_bad, 0);
    /* Max uint32 everywhere: the bound is reached. */
    for (size_t i = 0; i < N; i++) v[i] = UINT32_MAX;
    CHECK_EQ(roundtrip(v, N, 1, enc), msd_codec_bound(N));
    CHECK_EQ(enc[0], 32);
    /* One outlier among small gaps: a patched block with one exception. */
    for (size_t i = 0; i < N; i++) v[i] = i % 4;
    v[77] = 1000000;
    len = roundtrip(v, N, 1, enc);
    CHECK(len > 0 && len < 1 + msd_bits_bytes(N, 20));
    CHECK_EQ(enc[0], 0x40 | 2);
    CHECK_EQ(enc[1], 0); /* nexc - 1 */
    /* Exceptions at the first and last position, high parts up to 32 bits (w = 0). */
    memset(v, 0, sizeof v);
    v[0] = UINT32_MAX;
    v[N - 1] = 1u << 31;
    CHECK(roundtrip(v, N, 1, enc) > 0);
    CHECK_EQ(enc[0], 0x40);
    /* Two values, one large: VByte is smaller. */
    v[0] = 0;
    v[1] = 1u << 20;
    CHECK_EQ(roundtrip(v, 2, 1, enc), 5);
    CHECK_EQ(enc[0], 0x80);
    /* A single value is a bare varint. */
    v[0] = 300;
    CHECK_EQ(roundtrip(v, 1, 1, enc), 2);
    /* Random blocks: counts, widths and skew from a fixed seed. */
    n_bad = 0;
    for (int r = 0; r < 3000; r++) {
        size_t n = 1 + rnd() % N;
        unsigned base = rnd() % 20, spread = rnd() % 13;
        for (size_t i = 0; i < n; i++) {
            unsigned w = base + (rnd() % 100 < 8 ? spread : 0);
            v[i] = rnd_width(w > 32 ? 32 : (unsigned)(rnd() % (w + 1)));
        }
        roundtrip(v, n, r % 10 == 0, NULL);
    }
    CHECK_EQ(n_bad, 0);
    /* Arguments out of range. */
    CHECK_EQ(msd_codec_encode(v, 0, enc), 0);
    CHECK_EQ(msd_codec_encode(v, N + 1, enc), 0);
    CHECK_EQ(msd_codec_decode(enc, sizeof enc, 0, v), 0);
    CHECK_EQ(msd_codec_decode(enc, sizeof enc, N + 1, v), 0);
    CHECK_EQ(msd_codec_decode(enc, 0, 5, v), 0);
}

/* Hand-made corrupt blocks and random damage: 0 or a size within avail, never a crash
 * or an over-read. */
static void test_corrupt(void)
{
    uint32_t v[N], got[N];
    uint8_t enc[1 + 4 * N], b[64];
    size_t len;
    int ok = 1;
    CHECK_EQ(decode_exact((const uint8_t *)"\x81\x00\x00", 3, 2, got), 0);     /* VByte + bits */
    CHECK_EQ(decode_exact((const uint8_t *)"\xc1\x00\x00", 3, 2, got), 0);     /* both kinds */
    CHECK_EQ(decode_exact((const uint8_t *)"\x21", 1, 2, got), 0);             /* width 33 */
    CHECK_EQ(decode_exact((const uint8_t *)"\x80\x01\x80\x00", 4, 2, got), 0); /* overlong */
    CHECK_EQ(decode_exact((const uint8_t *)"\x80\x01\x02", 3, 2, got), 3);
    CHECK(got[0] == 1 && got[1] == 2);
    /* Patched, n = 4, w = 1, one exception: low bits 0x0f, position, high part 1. */
    memcpy(b, "\x41\x00\x01\x0f\x02\x01", 6);
    CHECK_EQ(decode_exact(b, 6, 4, got), 6);
    CHECK(got[0] == 1 && got[1] == 1 && got[2] == 3 && got[3] == 1);
    b[4] = 4; /* position past the block */
    CHECK_EQ(decode_exact(b, 6, 4, got), 0);
    b[4] = 2;
    b[2] = 0; /* high width 0 */
    CHECK_EQ(decode_exact(b, 6, 4, got), 0);
    b[2] = 32; /* 1 + 32 bits */
    CHECK_EQ(decode_exact(b, 16, 4, got), 0);
    b[2] = 1;
    b[1] = 4; /* 5 exceptions in 4 values */
    CHECK_EQ(decode_exact(b, 16, 4, got), 0);
    memcpy(b, "\x41\x01\x01\x0f\x02\x02\x03", 7); /* two exceptions, one position twice */
    CHECK_EQ(decode_exact(b, 7, 4, got), 0);
    b[5] = 1; /* decreasing */
    CHECK_EQ(decode_exact(b, 7, 4, got), 0);
    b[5] = 3;
    CHECK_EQ(decode_exact(b, 7, 4, got), 7);
    CHECK(got[2] == 3 && got[3] == 3);
    /* Every byte of encoded blocks set to several values, and random bytes. */
    for (int r = 0; r < 200; r++) {
        size_t n = 1 + rnd() % N;
        unsigned w = rnd() % 33;
        for (size_t i = 0; i < n; i++) v[i] = rnd_width(rnd() % 100 < 10 ? w : w / 2);
        len = msd_codec_encode(v, n, enc);
        for (size_t k = 0; k < len && k < 40; k++) {
            static const uint8_t subst[] = {0x00, 0xff, 0x80, 0x40, 0x7f, 0x20, 0x21};
            uint8_t keep = enc[k];
            for (size_t s = 0; s < sizeof subst; s++) {
                enc[k] = subst[s];
                size_t got_len = decode_exact(enc, len, n, got);
                ok &= got_len <= len;
            }
            enc[k] = keep;
        }
        for (size_t i = 0; i < sizeof b; i++) b[i] = (uint8_t)rnd();
        for (size_t avail = 0; avail <= sizeof b; avail += 7)
            ok &= decode_exact(b, avail, n, got) <= avail;
    }
    CHECK(ok);
}

void suite_codec(void);
void suite_codec(void)
{
    test_varint();
    test_bits();
    test_widths();
    test_patterns();
    test_corrupt();
}
