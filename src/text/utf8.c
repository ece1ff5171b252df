/*
 * utf8.c — strict UTF-8 validation, decoding and repair.
 *
 * Well-formed sequences (Unicode Table 3-7):
 *   U+0000..U+007F     00..7F
 *   U+0080..U+07FF     C2..DF 80..BF
 *   U+0800..U+0FFF     E0     A0..BF 80..BF
 *   U+1000..U+CFFF     E1..EC 80..BF 80..BF
 *   U+D000..U+D7FF     ED     80..9F 80..BF
 *   U+E000..U+FFFF     EE..EF 80..BF 80..BF
 *   U+10000..U+3FFFF   F0     90..BF 80..BF 80..BF
 *   U+40000..U+FFFFF   F1..F3 80..BF 80..BF 80..BF
 *   U+100000..U+10FFFF F4     80..8F 80..BF 80..BF
 * A maximal subpart is the longest prefix of a well-formed sequence seen before the
 * first byte that cannot continue it (or 1 byte when the lead itself is bad).
 */
#include "text/utf8.h"

#include "marsad.h"

int32_t msd_utf8_next_multi(const unsigned char *s, size_t n, size_t *i, int *bad)
{
    size_t p = *i;
    unsigned char c = s[p];
    int len;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    int32_t cp;

    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        goto invalid1;
    }
    for (int k = 1; k < len; k++) {
        unsigned char b;
        if (p + (size_t)k >= n) goto invalid_k;
        b = s[p + (size_t)k];
        if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) goto invalid_k;
        cp = (cp << 6) | (b & 0x3F);
        continue;
    invalid_k:
        *i = p + (size_t)k;
        if (bad) *bad = 1;
        return MSD_REPLACEMENT;
    }
    *i = p + (size_t)len;
    return cp;

invalid1:
    *i = p + 1;
    if (bad) *bad = 1;
    return MSD_REPLACEMENT;
}

int marsad_utf8_check(const char *s, size_t n, size_t *bad_offset)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    if (!s && n) return MARSAD_EINVAL;
    while (i < n) {
        /* Skip ASCII eight bytes at a time: most news markup and digits are ASCII. */
        while (i + 8 <= n) {
            uint64_t w;
            __builtin_memcpy(&w, u + i, 8);
            if (w & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= n) break;
        size_t at = i;
        int bad = 0;
        msd_utf8_next(u, n, &i, &bad);
        if (bad) {
            if (bad_offset) *bad_offset = at;
            return MARSAD_EUTF8;
        }
    }
    return MARSAD_OK;
}

int marsad_utf8_repair(const char *s, size_t n, char *out, size_t cap, size_t *out_len,
                       size_t *n_replaced)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, need = 0, nrep = 0;
    if ((!s && n) || !out_len) return MARSAD_EINVAL;
    /* First pass: size. Valid sequences keep their length; each subpart becomes 3. */
    while (i < n) {
        size_t at = i;
        int bad = 0;
        msd_utf8_next(u, n, &i, &bad);
        if (bad) {
            need += 3;
            nrep++;
        } else {
            need += i - at;
        }
    }
    *out_len = need;
    if (n_replaced) *n_replaced = nrep;
    if (need > cap || (!out && need)) return MARSAD_ERANGE;
    unsigned char *o = (unsigned char *)out;
    i = 0;
    while (i < n) {
        size_t at = i;
        int bad = 0;
        msd_utf8_next(u, n, &i, &bad);
        if (bad) {
            o += msd_utf8_put(o, MSD_REPLACEMENT);
        } else {
            for (size_t k = at; k < i; k++) *o++ = u[k];
        }
    }
    return MARSAD_OK;
}
