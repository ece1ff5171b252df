/*
 * utf8.h — UTF-8 decoding for the text core.
 *
 * msd_utf8_next() is the one decoder every module uses, so that code-point offsets
 * agree everywhere: an invalid maximal subpart (Unicode §3.9, as in
 * marsad_utf8_repair) decodes as one U+FFFD.
 */
#ifndef MSD_TEXT_UTF8_H
#define MSD_TEXT_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define MSD_REPLACEMENT 0xFFFD

/* Decodes the code point at s[*i] (requires *i < n), advances *i past it, and returns
 * it; an invalid subpart is consumed and returned as MSD_REPLACEMENT with *bad set to
 * 1 (bad may be NULL). Never reads past s[n-1]. */
static inline int32_t msd_utf8_next(const unsigned char *s, size_t n, size_t *i, int *bad);

/* Encodes cp (a valid scalar value) into out, which must have room for 4 bytes.
 * Returns the number of bytes written. */
static inline size_t msd_utf8_put(unsigned char *out, int32_t cp)
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Slow path of msd_utf8_next for lead bytes >= 0x80; defined in utf8.c. */
int32_t msd_utf8_next_multi(const unsigned char *s, size_t n, size_t *i, int *bad);

static inline int32_t msd_utf8_next(const unsigned char *s, size_t n, size_t *i, int *bad)
{
    unsigned char c = s[*i];
    if (c < 0x80) {
        (*i)++;
        return c;
    }
    /* Two-byte sequences (Arabic, Latin-1, Greek, Cyrillic, Hebrew) inline. */
    if (c >= 0xC2 && c <= 0xDF && *i + 1 < n && (s[*i + 1] & 0xC0) == 0x80) {
        int32_t cp = ((int32_t)(c & 0x1F) << 6) | (s[*i + 1] & 0x3F);
        *i += 2;
        return cp;
    }
    return msd_utf8_next_multi(s, n, i, bad);
}

#endif
