/*
 * html_buf.c — white-space collapsing string building for the HTML reader.
 *
 * Pages separate words with every kind of space (tabs, newlines, &nbsp;, thin and
 * ideographic spaces); the text we hand on has one ASCII space between words and none
 * at either end, so lines compare and tokenize the same whatever the markup did.
 */
#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "read/html_int.h"
#include "text/utf8.h"

static int is_space(int32_t cp)
{
    if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D)) return 1;
    if (cp < 0x85) return 0;
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

static int reserve(msd_html_buf *b, size_t more)
{
    size_t want, cap;
    char *s;
    if (b->len + more + 1 <= b->cap) return MARSAD_OK;
    if (more > ((size_t)-1) / 4 - b->len) return MARSAD_ENOMEM;
    want = b->len + more + 1;
    cap = b->cap ? b->cap : 64;
    while (cap < want) cap *= 2;
    s = realloc(b->s, cap);
    if (!s) return MARSAD_ENOMEM;
    b->s = s;
    b->cap = cap;
    return MARSAD_OK;
}

int msd_html_buf_text(msd_html_buf *b, const char *s, size_t n, size_t *added)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, before = b->chars;
    /* Worst case every byte is a character preceded by a space. */
    if (reserve(b, 2 * n + 1)) return MARSAD_ENOMEM;
    while (i < n) {
        size_t at = i;
        int32_t cp = msd_utf8_next(u, n, &i, NULL);
        if (is_space(cp)) {
            b->pending = 1;
            continue;
        }
        if (b->pending && b->len) {
            b->s[b->len++] = ' ';
            b->chars++;
        }
        b->pending = 0;
        memcpy(b->s + b->len, s + at, i - at);
        b->len += i - at;
        b->chars++;
    }
    b->s[b->len] = '\0';
    if (added) *added = b->chars - before;
    return MARSAD_OK;
}

char *msd_html_buf_take(msd_html_buf *b)
{
    char *s = b->len ? b->s : NULL;
    if (!s) free(b->s);
    memset(b, 0, sizeof *b);
    return s;
}

void msd_html_buf_free(msd_html_buf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

int msd_html_clean(const char *s, size_t n, char **out)
{
    msd_html_buf b = {0};
    size_t need = 0;
    char *fixed;
    *out = NULL;
    if (!s || !n) return MARSAD_OK;
    if (marsad_utf8_check(s, n, NULL) == MARSAD_OK) {
        if (msd_html_buf_text(&b, s, n, NULL)) goto fail;
        *out = msd_html_buf_take(&b);
        return MARSAD_OK;
    }
    marsad_utf8_repair(s, n, NULL, 0, &need, NULL);
    fixed = malloc(need + 1);
    if (!fixed) return MARSAD_ENOMEM;
    marsad_utf8_repair(s, n, fixed, need, &need, NULL);
    if (msd_html_buf_text(&b, fixed, need, NULL)) {
        free(fixed);
        goto fail;
    }
    free(fixed);
    *out = msd_html_buf_take(&b);
    return MARSAD_OK;
fail:
    msd_html_buf_free(&b);
    return MARSAD_ENOMEM;
}

int msd_html_eq(const xmlChar *a, const char *b)
{
    if (!a) return 0;
    for (; *a && *b; a++, b++) {
        unsigned char x = *a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (unsigned char)(y + 32);
        if (x != y) return 0;
    }
    return !*a && !*b;
}
