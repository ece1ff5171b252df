/*
 * codec.h — the postings codec: one block of up to 128 uint32 values to bytes and back,
 * and the LEB128 varints of headers.
 *
 * The index cuts each term's document gaps, frequencies and position gaps into blocks
 * of MSD_CODEC_BLOCK values and encodes every block alone; the block's value count and
 * byte offset live in the skip data, so a block carries neither. The format (patched
 * frame of reference with a VByte fallback) and the measurements that chose it are at
 * the top of codec.c and in docs/index.md.
 *
 * Contract of every function below:
 *  - No allocation, no global state, no aborts: safe from any thread on distinct
 *    buffers.
 *  - Encoders write into the caller's buffer, which must hold msd_codec_bound(n) bytes
 *    (a varint: MSD_VARINT_MAX bytes). They fail only on an out-of-range n (0).
 *  - Decoders are given the bytes available and never read past in+avail nor write past
 *    out[n-1]; they return the bytes consumed, or 0 when the input is truncated or
 *    corrupt (out then holds nothing useful). Any bytes after the block are ignored.
 *  - The format is byte-oriented and little-endian: files move between machines.
 */
#ifndef MSD_INDEX_CODEC_H
#define MSD_INDEX_CODEC_H

#include <stddef.h>
#include <stdint.h>

#define MSD_CODEC_BLOCK 128 /* values per full block; the largest n accepted */
#define MSD_VARINT_MAX  10  /* bytes of the longest uint64 varint */

/* ---- Blocks ------------------------------------------------------------------------ */

/* The most bytes msd_codec_encode writes for n values (n <= MSD_CODEC_BLOCK): 1 + 4n,
 * a plain block at width 32. */
size_t msd_codec_bound(size_t n);

/* Encodes in[0..n), 1 <= n <= MSD_CODEC_BLOCK, into out (msd_codec_bound(n) bytes) and
 * returns the bytes written. Any uint32 values; small values take few bits, so the
 * index stores d-gaps and frequencies minus 1. Returns 0 for n == 0 or n too large. */
size_t msd_codec_encode(const uint32_t *in, size_t n, uint8_t *out);

/* Decodes the n values (1 <= n <= MSD_CODEC_BLOCK) of one block from in[0..avail) into
 * out[0..n). Returns the bytes consumed, or 0 when the block is truncated or corrupt or
 * n is out of range. */
size_t msd_codec_decode(const uint8_t *in, size_t avail, size_t n, uint32_t *out);

/* ---- Bit packing (the layer under the block codec; the benchmark uses it too) ----- */

/* Bytes that n values of w bits (0..32) take packed: ceil(n * w / 8). */
static inline size_t msd_bits_bytes(size_t n, unsigned w)
{
    return (n * w + 7) / 8;
}

/* Packs the low w bits (0..32) of in[0..n) LSB-first into out, which must hold
 * msd_bits_bytes(n, w) bytes; returns that size. Higher bits of the values are
 * dropped. */
size_t msd_bits_pack(const uint32_t *in, size_t n, unsigned w, uint8_t *out);

/* Unpacks n values of w bits (0..32) from in[0..avail) into out[0..n). Requires
 * avail >= msd_bits_bytes(n, w) (the caller checks); bytes past that are only read
 * when avail allows, as 8-byte windows for speed. Groups of 32 values take an unrolled
 * path specialised per width. */
void msd_bits_unpack(const uint8_t *in, size_t avail, size_t n, unsigned w, uint32_t *out);

/* Bits needed for v: 0 for 0, else 1 + floor(log2 v). */
static inline unsigned msd_bits_of(uint32_t v)
{
#if defined(__GNUC__) || defined(__clang__)
    return v ? 32u - (unsigned)__builtin_clz(v) : 0u;
#else
    unsigned b = 0;
    for (; v; v >>= 1) b++;
    return b;
#endif
}

/* ---- Varints (LEB128: 7 bits a byte, low group first, high bit = more) ---------- */

/* Writes v into out (room for MSD_VARINT_MAX bytes); returns the bytes written, 1..10. */
size_t msd_varint_put(uint64_t v, uint8_t *out);

/* Reads one varint from in[0..avail) into *v. Returns the bytes consumed, or 0 when it
 * is truncated or overlong: more than 10 bytes, bits past 64, or a redundant final zero
 * group (each value has exactly one encoding, so corruption shows sooner). */
size_t msd_varint_get(const uint8_t *in, size_t avail, uint64_t *v);

/* The same for a value that must fit 32 bits (at most 5 bytes); 0 when it does not. */
size_t msd_varint_get32(const uint8_t *in, size_t avail, uint32_t *v);

#endif
