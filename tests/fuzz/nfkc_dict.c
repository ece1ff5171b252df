/*
 * nfkc_dict.c — writes a libFuzzer dictionary of the code points whose NFKC form is
 * long (make fuzz runs it; the text targets read its output with -dict).
 *
 * A buffer sized by a guess about how much normalization can lengthen a text overflows
 * only on such input: U+FDFA (ﷺ) becomes 18 code points, U+FDFB 8, the squared
 * katakana words of U+3300–U+33FF up to 6, the presentation forms of U+FB50–U+FEFF one
 * or two (each of those blocks is listed whole).
 * Mutations rarely build these three- and four-byte sequences from random bytes; the
 * dictionary hands them over whole, alone and glued in runs (five glued ligatures were
 * enough to overflow the cleaner's stem buffer). The list comes from utf8proc, the
 * library marsad normalizes with, so it follows the Unicode version marsad runs on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* One entry: s repeated times, on a line of its own when line is set (a short line of
 * glued ligatures is what lengthens most per byte of the line). */
static void entry(const utf8proc_uint8_t *s, size_t n, int times, int line)
{
    fputs(line ? "\"\\x0A" : "\"", stdout);
    for (int t = 0; t < times; t++)
        for (size_t i = 0; i < n; i++) printf("\\x%02X", s[i]);
    puts(line ? "\\x0A\"" : "\"");
}

int main(void)
{
    for (utf8proc_int32_t cp = 0x80; cp <= 0x10FFFF; cp++) {
        utf8proc_uint8_t in[4], *out = NULL;
        utf8proc_ssize_t n = utf8proc_encode_char(cp, in), m;
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        m = utf8proc_map(in, n, &out, UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE);
        /* three times its own bytes, long in absolute terms (Arabic ligatures), or any
         * compatibility form of the blocks crawled Arabic and CJK pages carry */
        if (m >= 3 * n || m >= 12 ||
            (m > 0 && (m != n || memcmp(in, out, (size_t)n)) &&
             ((cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF) ||
              (cp >= 0x3300 && cp <= 0x33FF)))) {
            entry(in, (size_t)n, 1, 0);
            if (m >= 12) { /* glued, as crawled pages carry them */
                entry(in, (size_t)n, 5, 0);
                entry(in, (size_t)n, 5, 1);
            }
        }
        free(out);
    }
    return 0;
}
