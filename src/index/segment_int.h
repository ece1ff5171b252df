/*
 * segment_int.h — what the segment writer (segment.c, where the file format is
 * specified) and the reader (segment_read.c) share: the layout constants and the
 * little-endian and key-order helpers. Library-internal.
 */
#ifndef MSD_INDEX_SEGMENT_INT_H
#define MSD_INDEX_SEGMENT_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define MSD_SEG_HEADER     96 /* version 2; version 1's was 64 bytes */
#define MSD_SEG_HEADER_V1  64
#define MSD_SEG_DOC_ROW    24
#define MSD_SEG_SKIP_ENTRY 20
#define MSD_SEG_DICT_BLOCK 32
#define MSD_SEG_VERSION    2
#define MSD_SEG_PAGE       16384 /* bytes a checksum covers: 8 µs of crc32 (zlib, 2 GB/s here) */

static const char msd_seg_magic[8] = {'M', 'S', 'D', 'S', 'E', 'G', '0', '1'};

static inline void msd_put32(uint8_t *p, uint32_t v)
{
    for (int k = 0; k < 4; k++) p[k] = (uint8_t)(v >> (8 * k));
}

static inline void msd_put64(uint8_t *p, uint64_t v)
{
    for (int k = 0; k < 8; k++) p[k] = (uint8_t)(v >> (8 * k));
}

static inline uint32_t msd_get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t msd_get64(const uint8_t *p)
{
    return (uint64_t)msd_get32(p) | (uint64_t)msd_get32(p + 4) << 32;
}

/* Key order: bytes, then length (a prefix first). */
static inline int msd_keycmp(const uint8_t *a, size_t al, const char *b, size_t bl)
{
    size_t n = al < bl ? al : bl;
    int c = memcmp(a, b, n);
    return c ? c : (al > bl) - (al < bl);
}

#endif
