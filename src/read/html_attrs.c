/*
 * html_attrs.c — a page's start tags cut to their first MSD_HTML_MAX_ATTRS attributes
 * before libxml2 parses it.
 *
 * libxml2's HTML parser (2.9) checks each attribute of a tag against every one before
 * it: one element with 10,000 / 20,000 / 80,000 attributes took 0.85 / 2.96 / 44 s, and
 * a 12 MB page of them hours. No page of news needs hundreds, so the rest of a tag's
 * attributes are dropped here, in one pass over the bytes, and the parser sees at most
 * MSD_HTML_MAX_ATTRS per tag: linear in the page (80,000 attributes: 0.02 s). On the
 * 989 pages of trafilatura's benchmark `marsad analyze` prints the same with the cap as
 * without it.
 *
 * The scan knows what decides where a tag ends: quoted values (a '>' inside one is
 * text), comments, and the raw text of <script> and <style>, where a '<' starts no tag.
 * It only ever removes bytes from inside a start tag, after its last kept attribute and
 * before its '>', so nothing outside tags changes. All the delimiters are ASCII, so the
 * cuts fall between UTF-8 characters.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "marsad.h"
#include "read/html_int.h"

static int space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Where the first occurrence of the ASCII string s, in any case, begins in p[0..n), or
 * n. */
static size_t find(const char *p, size_t n, const char *s)
{
    size_t m = strlen(s);
    for (const char *q = p; (q = memchr(q, s[0], (size_t)(p + n - q))); q++)
        if ((size_t)(p + n - q) >= m && !strncasecmp(q, s, m)) return (size_t)(q - p);
    return n;
}

/* The end of the start tag at p[0] == '<' (the index of its '>', or n), the name's
 * length, and where its attributes past the cap begin (*cut; *cut == the end: none). */
static size_t start_tag(const char *p, size_t n, size_t max, size_t *name_len, size_t *cut)
{
    size_t j = 1, count = 0;
    while (j < n && !space(p[j]) && p[j] != '/' && p[j] != '>') j++;
    *name_len = j - 1;
    *cut = 0;
    for (;;) {
        size_t at;
        while (j < n && (space(p[j]) || p[j] == '/')) j++;
        if (j >= n || p[j] == '>') break;
        at = j++; /* a name of one character at least, whatever it is ('=' included) */
        while (j < n && !space(p[j]) && p[j] != '/' && p[j] != '>' && p[j] != '=') j++;
        while (j < n && space(p[j])) j++;
        if (j < n && p[j] == '=') {
            j++;
            while (j < n && space(p[j])) j++;
            if (j < n && (p[j] == '"' || p[j] == '\'')) {
                const char *q = memchr(p + j + 1, p[j], n - j - 1);
                j = q ? (size_t)(q - p) + 1 : n;
            } else {
                while (j < n && !space(p[j]) && p[j] != '>') j++;
            }
        }
        if (++count == max + 1) *cut = at;
    }
    if (!*cut) *cut = j;
    return j;
}

int msd_html_cap_attrs(const char *in, size_t n, size_t max, char **out, size_t *out_len)
{
    char *o = NULL;
    size_t i = 0, len = 0, from = 0; /* in[from..i) is yet to be copied */
    *out = NULL;
    *out_len = 0;
    while (i < n) {
        const char *lt = memchr(in + i, '<', n - i);
        size_t tag, end, name_len, cut;
        if (!lt) break;
        i = (size_t)(lt - in);
        if (n - i >= 4 && !memcmp(in + i, "<!--", 4)) {
            i += 4 + find(in + i + 4, n - i - 4, "-->");
            i = i < n ? i + 3 : n;
            continue;
        }
        if (i + 1 >= n || !alpha(in[i + 1])) {
            i++;
            continue;
        }
        tag = i;
        end = start_tag(in + tag, n - tag, max, &name_len, &cut) + tag;
        cut += tag;
        if (cut < end) { /* copy up to the cut, skip to the tag's '>' */
            if (!o && !(o = malloc(n + 1))) return MARSAD_ENOMEM;
            memcpy(o + len, in + from, cut - from);
            len += cut - from;
            from = end;
        }
        i = end < n ? end + 1 : n;
        /* raw text: no tags until the element's end tag */
        if ((name_len == 6 && !strncasecmp(in + tag + 1, "script", 6)) ||
            (name_len == 5 && !strncasecmp(in + tag + 1, "style", 5)))
            i += find(in + i, n - i, name_len == 6 ? "</script" : "</style");
    }
    if (!o) return MARSAD_OK;
    memcpy(o + len, in + from, n - from);
    len += n - from;
    o[len] = 0;
    *out = o;
    *out_len = len;
    return MARSAD_OK;
}
