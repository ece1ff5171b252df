/* fuzz_codec.c — libFuzzer target: the postings block codec.
 *
 * The first byte picks the test. Even: the rest is a block to decode with a count n
 * taken from the second byte (0..255, so out-of-range counts are tried too); decoding
 * must stay within the input (libFuzzer's buffer is exactly `size` bytes, so ASan sees
 * an over-read) and within out[0..n), and a block that decodes must re-encode no larger
 * (the encoder picks the smallest form) and back to the same values. Odd: the rest is
 * up to 128 little-endian uint32 values, which must round-trip exactly within
 * msd_codec_bound. Varints get the same two checks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "index/codec.h"

#define N MSD_CODEC_BLOCK

/* Decodes from a heap copy of exactly len bytes into a heap array of exactly n. */
static size_t decode_exact(const uint8_t *src, size_t len, size_t n, uint32_t *vals)
{
    uint8_t *b = malloc(len ? len : 1);
    uint32_t *o = malloc((n ? n : 1) * sizeof *o);
    size_t r;
    if (!b || !o) abort();
    if (len) memcpy(b, src, len);
    r = msd_codec_decode(b, len, n, o);
    if (r) memcpy(vals, o, n * sizeof *o);
    free(b);
    free(o);
    return r;
}

static void check_roundtrip(const uint32_t *vals, size_t n, size_t at_most)
{
    uint8_t enc[1 + 4 * N];
    uint32_t back[N];
    size_t len = msd_codec_encode(vals, n, enc);
    if (len == 0 || len > msd_codec_bound(n) || len > at_most) abort();
    if (decode_exact(enc, len, n, back) != len || memcmp(back, vals, n * sizeof *vals)) abort();
    for (size_t k = 0; k < len; k++) /* every strict prefix is truncated */
        if (decode_exact(enc, k, n, back) != 0) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint32_t vals[256];
    uint64_t v;
    if (size < 2) return 0;
    if (!(data[0] & 1)) {
        size_t n = data[1], r = decode_exact(data + 2, size - 2, n, vals);
        if (r > size - 2) abort();
        if (r && (n == 0 || n > N)) abort();
        if (r) check_roundtrip(vals, n, r);
        r = msd_varint_get(data + 2, size - 2, &v);
        if (r > size - 2 || r > MSD_VARINT_MAX) abort();
        if (r) {
            uint8_t b[MSD_VARINT_MAX];
            if (msd_varint_put(v, b) != r || memcmp(b, data + 2, r)) abort(); /* canonical */
        }
        return 0;
    }
    size_t n = (size - 1) / 4;
    if (n > N) n = N;
    for (size_t i = 0; i < n; i++) {
        const uint8_t *p = data + 1 + 4 * i;
        vals[i] =
            (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    }
    if (n) check_roundtrip(vals, n, msd_codec_bound(n));
    if (size >= 9) {
        uint8_t b[MSD_VARINT_MAX];
        memcpy(&v, data + 1, 8);
        size_t len = msd_varint_put(v, b);
        uint64_t back;
        if (msd_varint_get(b, len, &back) != len || back != v) abort();
    }
    return 0;
}
