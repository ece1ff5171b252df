/*
 * codec.c — the postings block codec; contract in codec.h.
 *
 * Block format (n values, 1 <= n <= 128; n is known to the reader, never stored):
 *
 *   n == 1    one varint (LEB128, at most 5 bytes). A term seen once has one-value
 *             blocks in each of its streams; a header would double them.
 *   n >= 2    a header byte h, then by its kind:
 *     h = 0x80          VByte: n varints. Chosen when smaller (short, skewed blocks).
 *     h = w             frame of reference: every value in w bits (0..32), packed:
 *                       ceil(n*w/8) bytes.
 *     h = 0x40 | w      patched FOR: as above for the low w bits of each value, preceded
 *                       by two bytes (nexc-1, hw) and followed by nexc bytes of
 *                       strictly increasing positions (< n) and the exceptions' high
 *                       parts (value >> w), packed at hw bits (1..32-w): ceil(nexc*hw/8)
 *                       bytes. Decoding ORs each high part back at its position.
 *   Other header values are corrupt.
 *
 * Bit packing is LSB-first over the whole block: value i takes bits i*w .. i*w+w-1 of
 * the byte string read as one little-endian number. So 32 values are exactly w
 * little-endian 32-bit words, which the decoder unpacks with code unrolled per width.
 *
 * The encoder picks, per block, the width that makes the block smallest (OptPFOR's
 * rule: every width from 0 to the largest is costed from a histogram of value widths),
 * and VByte if that is smaller still; on a tie, fewer exceptions. Why this codec:
 * bench/bench_codec and docs/index.md.
 */
#include "index/codec.h"

#include <string.h>

/* ---- Bit packing ------------------------------------------------------------------- */

#define MASK(w) ((uint32_t)((1ull << (w)) - 1))

/* Byte composition rather than memcpy: compilers turn it into one load on
 * little-endian machines, and it reads the format right on big-endian ones. */
static inline uint32_t load32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

size_t msd_bits_pack(const uint32_t *in, size_t n, unsigned w, uint8_t *out)
{
    uint64_t acc = 0; /* holds fewer than 8 + 32 bits */
    unsigned have = 0;
    size_t o = 0;
    uint32_t mask = MASK(w);
    for (size_t i = 0; i < n; i++) {
        acc |= (uint64_t)(in[i] & mask) << have;
        have += w;
        while (have >= 8) {
            out[o++] = (uint8_t)acc;
            acc >>= 8;
            have -= 8;
        }
    }
    if (have) out[o++] = (uint8_t)acc;
    return o;
}

static inline uint64_t load64(const uint8_t *p)
{
    return (uint64_t)load32(p) | (uint64_t)load32(p + 4) << 32;
}

/* Any count from any bit: value i is read through the 8-byte window at its first byte
 * while that window lies within avail, then a byte at a time, so the last values read
 * no byte past ceil(n*w/8). w <= 32 and a shift of at most 7 keep a value inside its
 * window. */
static void unpack_any(const uint8_t *in, size_t avail, size_t n, unsigned w, uint32_t *out)
{
    uint32_t mask = MASK(w);
    size_t i = 0;
    uint64_t acc;
    unsigned have;
    const uint8_t *p;
    if (avail >= 8)
        for (size_t last = avail - 8; i < n && (i * w >> 3) <= last; i++)
            out[i] = (uint32_t)(load64(in + (i * w >> 3)) >> (i * w & 7)) & mask;
    if (i == n) return;
    p = in + (i * w >> 3);
    have = (unsigned)(8 - (i * w & 7));
    acc = (uint64_t)*p++ >> (i * w & 7);
    for (; i < n; i++) {
        while (have < w) {
            acc |= (uint64_t)*p++ << have;
            have += 8;
        }
        out[i] = (uint32_t)acc & mask;
        acc >>= w;
        have -= w;
    }
}

/* Value i of a 32-value group at width w, from the group's w words. With w and i
 * constants the test and shifts fold, leaving one or two loads, shifts and a mask. The
 * second word is read only when the value straddles it, so a group reads 4*w bytes. */
#define AT(w, i) ((unsigned)((i) * (w)))
#define LD(k)    load32(in + 4 * (k))
#define LO(w, i) (LD(AT(w, i) >> 5) >> (AT(w, i) & 31))
#define HI(w, i) (LD((AT(w, i) >> 5) + 1) << ((32 - (AT(w, i) & 31)) & 31))
#define GET(w, i)                                                                                  \
    ((AT(w, i) & 31) + (w) <= 32 ? LO(w, i) & MASK(w) : (LO(w, i) | HI(w, i)) & MASK(w))
#define ONE(w, i) out[i] = GET(w, i)
#define EIGHT(w, i)                                                                                \
    ONE(w, i);                                                                                     \
    ONE(w, i + 1);                                                                                 \
    ONE(w, i + 2);                                                                                 \
    ONE(w, i + 3);                                                                                 \
    ONE(w, i + 4);                                                                                 \
    ONE(w, i + 5);                                                                                 \
    ONE(w, i + 6);                                                                                 \
    ONE(w, i + 7)
#define UNPACK32(w)                                                                                \
    static void unpack32_##w(const uint8_t *restrict in, uint32_t *restrict out)                   \
    {                                                                                              \
        EIGHT(w, 0);                                                                               \
        EIGHT(w, 8);                                                                               \
        EIGHT(w, 16);                                                                              \
        EIGHT(w, 24);                                                                              \
    }

UNPACK32(1)
UNPACK32(2)
UNPACK32(3)
UNPACK32(4)
UNPACK32(5)
UNPACK32(6)
UNPACK32(7)
UNPACK32(8)
UNPACK32(9)
UNPACK32(10)
UNPACK32(11)
UNPACK32(12)
UNPACK32(13)
UNPACK32(14)
UNPACK32(15)
UNPACK32(16)
UNPACK32(17)
UNPACK32(18)
UNPACK32(19)
UNPACK32(20)
UNPACK32(21)
UNPACK32(22)
UNPACK32(23)
UNPACK32(24)
UNPACK32(25)
UNPACK32(26)
UNPACK32(27)
UNPACK32(28)
UNPACK32(29)
UNPACK32(30)
UNPACK32(31)
UNPACK32(32)

typedef void (*unpack32_fn)(const uint8_t *restrict in, uint32_t *restrict out);
static const unpack32_fn unpack32[33] = {
    NULL,        unpack32_1,  unpack32_2,  unpack32_3,  unpack32_4,  unpack32_5,  unpack32_6,
    unpack32_7,  unpack32_8,  unpack32_9,  unpack32_10, unpack32_11, unpack32_12, unpack32_13,
    unpack32_14, unpack32_15, unpack32_16, unpack32_17, unpack32_18, unpack32_19, unpack32_20,
    unpack32_21, unpack32_22, unpack32_23, unpack32_24, unpack32_25, unpack32_26, unpack32_27,
    unpack32_28, unpack32_29, unpack32_30, unpack32_31, unpack32_32,
};

void msd_bits_unpack(const uint8_t *in, size_t avail, size_t n, unsigned w, uint32_t *out)
{
    if (w == 0) { /* nothing to read: a group of zeros takes no bytes */
        memset(out, 0, n * sizeof *out);
        return;
    }
    for (; n >= 32; n -= 32, in += 4 * w, avail -= 4 * w, out += 32) unpack32[w](in, out);
    if (n) unpack_any(in, avail, n, w, out);
}

/* ---- Varints ----------------------------------------------------------------------- */

size_t msd_varint_put(uint64_t v, uint8_t *out)
{
    size_t i = 0;
    while (v >= 0x80) {
        out[i++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    out[i++] = (uint8_t)v;
    return i;
}

size_t msd_varint_get(const uint8_t *in, size_t avail, uint64_t *v)
{
    uint64_t x = 0;
    for (size_t i = 0; i < avail && i < MSD_VARINT_MAX; i++) {
        uint8_t b = in[i];
        x |= (uint64_t)(b & 0x7f) << (7 * i);
        if (b & 0x80) continue;
        if ((i && !b) || (i == 9 && b > 1)) return 0; /* redundant zero, or past 64 bits */
        *v = x;
        return i + 1;
    }
    return 0;
}

/* Inline for the VByte blocks; the same rules as msd_varint_get for 5 bytes. */
static inline size_t get32(const uint8_t *in, size_t avail, uint32_t *v)
{
    uint32_t x = 0;
    if (avail && in[0] < 0x80) { /* most VByte values of a block take one byte */
        *v = in[0];
        return 1;
    }
    for (size_t i = 0; i < avail && i < 5; i++) {
        uint8_t b = in[i];
        x |= (uint32_t)(b & 0x7f) << (7 * i);
        if (b & 0x80) continue;
        if ((i && !b) || (i == 4 && b > 0x0f)) return 0;
        *v = x;
        return i + 1;
    }
    return 0;
}

size_t msd_varint_get32(const uint8_t *in, size_t avail, uint32_t *v)
{
    return get32(in, avail, v);
}

/* ---- Blocks ------------------------------------------------------------------------ */

#define H_VBYTE 0x80u
#define H_PATCH 0x40u

size_t msd_codec_bound(size_t n)
{
    return 1 + 4 * n; /* the plain FOR block at the largest width is always a candidate */
}

static size_t vbyte_size(uint32_t v)
{
    return v < (1u << 7) ? 1 : v < (1u << 14) ? 2 : v < (1u << 21) ? 3 : v < (1u << 28) ? 4 : 5;
}

size_t msd_codec_encode(const uint32_t *in, size_t n, uint8_t *out)
{
    size_t cnt[33] = {0}, vb = 1, best, o;
    unsigned maxb = 0, w;
    if (n == 0 || n > MSD_CODEC_BLOCK) return 0;
    if (n == 1) return msd_varint_put(in[0], out);
    for (size_t i = 0; i < n; i++) {
        unsigned b = msd_bits_of(in[i]);
        cnt[b]++;
        if (b > maxb) maxb = b;
        vb += vbyte_size(in[i]);
    }
    /* From the widest width down, counting the values that would not fit. */
    best = 1 + msd_bits_bytes(n, maxb);
    w = maxb;
    for (size_t nexc = cnt[maxb], b = maxb; b-- > 0; nexc += cnt[b]) {
        size_t c =
            3 + msd_bits_bytes(n, (unsigned)b) + nexc + msd_bits_bytes(nexc, maxb - (unsigned)b);
        if (c < best) {
            best = c;
            w = (unsigned)b;
        }
    }
    if (vb < best) {
        out[0] = H_VBYTE;
        o = 1;
        for (size_t i = 0; i < n; i++) o += msd_varint_put(in[i], out + o);
        return o;
    }
    if (w == maxb) {
        out[0] = (uint8_t)w;
        return 1 + msd_bits_pack(in, n, w, out + 1);
    }
    /* Patched: low bits of all, then the positions and high parts of the exceptions. */
    uint32_t high[MSD_CODEC_BLOCK];
    uint8_t *pos;
    size_t nexc = 0;
    out[0] = (uint8_t)(H_PATCH | w);
    o = 3 + msd_bits_pack(in, n, w, out + 3);
    pos = out + o;
    for (size_t i = 0; i < n; i++) {
        if (in[i] >> w) { /* w < maxb <= 32 here, so the shift is defined */
            pos[nexc] = (uint8_t)i;
            high[nexc++] = in[i] >> w;
        }
    }
    out[1] = (uint8_t)(nexc - 1);
    out[2] = (uint8_t)(maxb - w);
    o += nexc;
    return o + msd_bits_pack(high, nexc, maxb - w, out + o);
}

/* ORs the nexc high parts (hw bits each, packed at hp) back above the low w bits at
 * their positions. Returns nonzero when a position is out of the block or not above
 * the one before it: checked without a branch, and an out-of-block position patches
 * out[0] instead, so one loop both checks and patches. */
static inline unsigned patch(uint32_t *out, size_t n, unsigned w, const uint8_t *pos, size_t nexc,
                             const uint8_t *hp, size_t avail, unsigned hw)
{
    uint32_t high[MSD_CODEC_BLOCK], mask = MASK(hw);
    unsigned bad = 0;
    int prev = -1;
#define PATCH(value)                                                                               \
    for (size_t j = 0; j < nexc; j++) {                                                            \
        size_t p = pos[j];                                                                         \
        bad |= (p >= n) | ((int)p <= prev);                                                        \
        prev = (int)p;                                                                             \
        out[p < n ? p : 0] |= (value) << w;                                                        \
    }
    if (((nexc - 1) * hw >> 3) + 8 <= avail) { /* every 8-byte window is readable */
        PATCH((uint32_t)(load64(hp + (j * hw >> 3)) >> (j * hw & 7)) & mask)
    } else {
        msd_bits_unpack(hp, avail, nexc, hw, high);
        PATCH(high[j])
    }
#undef PATCH
    return bad;
}

size_t msd_codec_decode(const uint8_t *in, size_t avail, size_t n, uint32_t *out)
{
    unsigned h, w, hw;
    size_t o, len, nexc;
    if (n == 0 || n > MSD_CODEC_BLOCK || avail == 0) return 0;
    if (n == 1) return get32(in, avail, out);
    h = in[0];
    if (h == H_VBYTE) {
        o = 1;
        for (size_t i = 0; i < n; i++) {
            size_t k = get32(in + o, avail - o, out + i);
            if (!k) return 0;
            o += k;
        }
        return o;
    }
    w = h & 0x3f;
    if ((h & ~(H_PATCH | 0x3fu)) || w > 32) return 0;
    if (!(h & H_PATCH)) {
        len = msd_bits_bytes(n, w);
        if (len > avail - 1) return 0;
        msd_bits_unpack(in + 1, avail - 1, n, w, out);
        return 1 + len;
    }
    if (avail < 3) return 0;
    nexc = (size_t)in[1] + 1;
    hw = in[2];
    if (nexc > n || hw == 0 || hw > 32 - w) return 0;
    len = msd_bits_bytes(n, w);
    o = 3 + len + nexc + msd_bits_bytes(nexc, hw);
    if (o > avail) return 0;

    const uint8_t *pos = in + 3 + len, *hp = pos + nexc;
    msd_bits_unpack(in + 3, avail - 3, n, w, out);
    return patch(out, n, w, pos, nexc, hp, (size_t)(in + avail - hp), hw) ? 0 : o;
}
