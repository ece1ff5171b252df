/*
 * stem_light.c — light10, the light Arabic stemmer of Larkey, Ballesteros and Connell
 * ("Improving stemming for Arabic information retrieval", SIGIR 2002), written here from
 * the paper's description, on the normalized form (ة→ه, ى→ي already applied):
 *
 *  1. remove a leading و when at least 3 letters remain;
 *  2. remove one definite article ال وال بال كال فال لل when at least 2 letters remain;
 *     after a removed و only ال بال لل are tried (measured on SaudiNewsNet: "ووالده"
 *     must not lose وال, "وكالات" must not lose كال);
 *  3. go once through the suffixes ها ان ات ون ين يه ه ي, in that order, removing each
 *     one found at the end when at least 2 letters remain.
 */
#include <string.h>

#include "text/stem.h"
#include "text/utf8.h"

#define MAXW 64

enum {
    ALEF = 0x627,
    BEH = 0x628,
    TEH = 0x62A,
    FEH = 0x641,
    KAF = 0x643,
    LAM = 0x644,
    NOON = 0x646,
    HEH = 0x647,
    WAW = 0x648,
    YEH = 0x64A
};

/* The first three may follow a removed و; the last three may not. */
static const int32_t articles[][3] = {
    {BEH, ALEF, LAM}, {ALEF, LAM, 0},   {LAM, LAM, 0},
    {WAW, ALEF, LAM}, {KAF, ALEF, LAM}, {FEH, ALEF, LAM},
};

static const int32_t suffixes[][2] = {
    {HEH, ALEF}, {ALEF, NOON}, {ALEF, TEH}, {WAW, NOON},
    {YEH, NOON}, {YEH, HEH},   {HEH, 0},    {YEH, 0},
};

static size_t len_of(const int32_t *a, size_t max)
{
    size_t k = 0;
    while (k < max && a[k]) k++;
    return k;
}

size_t msd_stem_light10(const char *w, size_t n, char *out)
{
    int32_t cp[MAXW];
    size_t len = 0, i = 0, b = 0, e;
    const unsigned char *s = (const unsigned char *)w;

    while (i < n) {
        if (len == MAXW) goto unchanged;
        cp[len++] = msd_utf8_next(s, n, &i, NULL);
    }
    e = len;
    if (e - b >= 4 && cp[b] == WAW) b++;
    for (size_t a = 0; a < (b ? 3 : sizeof articles / sizeof articles[0]); a++) {
        size_t al = len_of(articles[a], 3);
        if (e - b >= al + 2 && !memcmp(cp + b, articles[a], al * sizeof(int32_t))) {
            b += al;
            break;
        }
    }
    for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++) {
        size_t sl = len_of(suffixes[k], 2);
        if (e - b >= sl + 2 && !memcmp(cp + e - sl, suffixes[k], sl * sizeof(int32_t))) e -= sl;
    }
    {
        size_t o = 0;
        unsigned char *u = (unsigned char *)out;
        for (size_t k = b; k < e; k++) {
            unsigned char tmp[4];
            size_t m = msd_utf8_put(tmp, cp[k]);
            /* Invalid input bytes decode to U+FFFD (3 bytes) and could outgrow n. */
            if (o + m > n) goto unchanged;
            memcpy(u + o, tmp, m);
            o += m;
        }
        return o;
    }
unchanged:
    memmove(out, w, n);
    return n;
}
