/* quote_score.c — matching quotations and judging speakers; see quote_score.h. */
#include "quote_score.h"

#include <stdlib.h>
#include <string.h>

#include "marsad.h"

static const char *const kinds[QS_NKINDS] = {"person", "org", "descriptor", "none"};

int qs_kind_parse(const char *s)
{
    for (int k = 0; k < QS_NKINDS; k++)
        if (!strcmp(s, kinds[k])) return k;
    return -1;
}

const char *qs_kind_name(int kind)
{
    return kind >= 0 && kind < QS_NKINDS ? kinds[kind] : "?";
}

void qs_match(const struct qs_gold *g, size_t ng, const struct qs_pred *p, size_t np, long *gm,
              unsigned char *used)
{
    memset(used, 0, np);
    for (size_t i = 0; i < ng; i++) {
        gm[i] = -1;
        for (size_t j = 0; j < np && gm[i] < 0; j++)
            if (!used[j] && p[j].has_cue && p[j].cs < g[i].ce && g[i].cs < p[j].ce) gm[i] = (long)j;
        for (size_t j = 0; j < np && gm[i] < 0; j++)
            if (!used[j] && (g[i].cue_is_mark || !p[j].has_cue) && p[j].start >= g[i].cs &&
                p[j].start <= g[i].ce + QS_SLACK)
                gm[i] = (long)j;
        if (gm[i] >= 0) used[gm[i]] = 1;
    }
}

/* Code points of a UTF-8 string. */
static size_t ncp(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* The key of one normalized word (see the header), into out (NUL-terminated): every
 * leading ال و ف ب ل ك dropped in turn while three letters stay. Greedy on purpose, so a
 * word whose first letter is one of them wears down alike with a clitic or without
 * (وزارة and بوزارة both give زاره). */
static void word_key(const char *w, size_t n, char *out, size_t cap)
{
    static const char *const pre[] = {"\xD8\xA7\xD9\x84", "\xD9\x88", "\xD9\x81",
                                      "\xD8\xA8",         "\xD9\x84", "\xD9\x83"};
    size_t o = 0;
    for (int again = 1; again;) {
        again = 0;
        for (size_t k = 0; k < sizeof pre / sizeof *pre && !again; k++) {
            size_t l = strlen(pre[k]);
            if (n > l && !memcmp(w, pre[k], l) && ncp(w + l, n - l) >= 3) w += l, n -= l, again = 1;
        }
    }
    for (size_t i = 0; i < n && o + 1 < cap; i++) out[o++] = w[i];
    out[o] = 0;
}

/* Splits s into word keys: normalized, punctuation and quote marks dropped (any ASCII
 * non-alphanumeric, « » “ ” ، ؛ and the like become spaces). Returns the number of
 * words, or -1 without memory; *words is a malloc'd array of malloc'd keys. */
static long keys(const char *s, char ***words)
{
    size_t n = strlen(s), len = 0, cap = n * 2 + 16, nw = 0;
    char *norm = malloc(cap), **ws = NULL;
    int rc = norm ? marsad_normalize(s, n, MARSAD_NORM_INDEX, norm, cap - 1, &len) : MARSAD_ENOMEM;
    if (rc == MARSAD_ERANGE) { /* NFKC grew it (a ligature such as ﷺ) */
        char *big = realloc(norm, len + 1);
        rc = big ? marsad_normalize(s, n, MARSAD_NORM_INDEX, big, len, &len) : MARSAD_ENOMEM;
        norm = big ? big : norm;
    }
    if (rc) {
        free(norm);
        return -1;
    }
    norm[len] = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)norm[i];
        if (c < 0x80 && !((c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z')))
            norm[i] = ' ';
        /* « » (C2 AB, C2 BB), “ ” (E2 80 9C/9D), ، ؛ (D8 8C, D8 9B) */
        if (c == 0xC2 && i + 1 < len && (norm[i + 1] == '\xAB' || norm[i + 1] == '\xBB'))
            norm[i] = norm[i + 1] = ' ';
        if (c == 0xD8 && i + 1 < len && (norm[i + 1] == '\x8C' || norm[i + 1] == '\x9B'))
            norm[i] = norm[i + 1] = ' ';
        if (c == 0xE2 && i + 2 < len && norm[i + 1] == '\x80')
            norm[i] = norm[i + 1] = norm[i + 2] = ' ';
    }
    ws = calloc(len / 2 + 2, sizeof *ws);
    if (!ws) {
        free(norm);
        return -1;
    }
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (i < len && norm[i] == ' ') i++;
        j = i;
        while (j < len && norm[j] != ' ') j++;
        if (j > i) {
            char *k = malloc(j - i + 1);
            if (!k) {
                while (nw) free(ws[--nw]);
                free(ws);
                free(norm);
                return -1;
            }
            word_key(norm + i, j - i, k, j - i + 1);
            if (*k)
                ws[nw++] = k;
            else
                free(k);
        }
        i = j;
    }
    free(norm);
    *words = ws;
    return (long)nw;
}

static void free_keys(char **ws, long n)
{
    for (long i = 0; i < n; i++) free(ws[i]);
    free(ws);
}

/* qs_speaker_ok, with the part rule for persons only (part 0) or for every kind. */
static int judge(const char *gold, int kind, const char *pred, int part)
{
    char **g = NULL, **p = NULL;
    long ng, np;
    int ok = 1;
    if (!gold || !strcmp(gold, "-")) return !pred || !*pred;
    if (!pred || !*pred) return 0;
    ng = keys(gold, &g);
    np = ng < 0 ? -1 : keys(pred, &p);
    if (ng < 0 || np < 0) {
        if (ng >= 0) free_keys(g, ng);
        return -1;
    }
    if (np == 0) ok = 0;
    if (ok && ng == np)
        for (long i = 0; i < ng && ok; i++) ok = !strcmp(g[i], p[i]);
    else
        ok = 0;
    if (!ok && (part || kind == QS_PERSON) && np > 0) { /* every predicted word in the gold name */
        ok = 1;
        for (long i = 0; i < np && ok; i++) {
            int in = 0;
            for (long k = 0; k < ng && !in; k++) in = !strcmp(p[i], g[k]);
            ok = in;
        }
    }
    free_keys(g, ng);
    free_keys(p, np);
    return ok;
}

int qs_speaker_ok(const char *gold, int kind, const char *pred)
{
    return judge(gold, kind, pred, 0);
}

int qs_speaker_part(const char *gold, int kind, const char *pred)
{
    return judge(gold, kind, pred, 1);
}
