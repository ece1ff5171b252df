/*
 * source.c — which outlet a document comes from, when its metadata does not say
 * (clean.h, msd_clean_source): the host of its URL, else a domain its text names, else
 * the name the outlet gives itself in its copyright line or its logo's alt text.
 *
 * Plain-text crawl dumps often carry no source or URL, and without one the cleaner's
 * per-source statistics pool every such document into one source, where one outlet's
 * boilerplate is a small share. But an outlet names itself on every page: in its
 * copyright line ("© ٢٠٢٦ بريد السنابل. جميع الحقوق محفوظة") and its logo's alt text
 * ("شعار موقع الجسر الخامس"). That name groups its pages as a source would. Not its
 * appeals: "ادعم غزة" is a banner many outlets run, and would make them one source.
 */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean/clean.h"
#include "clean/lines.h"
#include "marsad.h"
#include "util/str.h"

static int dom_char(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '-' || ch == '.';
}

/* Finds the last domain name in p (label.label…, a top-level label of letters); sets
 * *at, *len. Digits-only dotted runs (3.5, 1.250) are not domains. */
int msd_last_domain(const char *p, size_t n, size_t *at, size_t *len)
{
    int found = 0;
    size_t i = 0;
    while (i < n) {
        size_t b = i, e, dot = 0, tld_letters = 0;
        if (!dom_char((unsigned char)p[i]) || p[i] == '.' || p[i] == '-') {
            i++;
            continue;
        }
        while (i < n && dom_char((unsigned char)p[i])) i++;
        e = i;
        while (e > b && (p[e - 1] == '.' || p[e - 1] == '-')) e--;
        for (size_t k = b; k < e; k++)
            if (p[k] == '.') dot = k;
        if (!dot) continue;
        for (size_t k = dot + 1; k < e; k++)
            tld_letters += (p[k] | 0x20) >= 'a' && (p[k] | 0x20) <= 'z';
        if (tld_letters >= 2 && tld_letters == e - dot - 1) {
            *at = b;
            *len = e - b;
            found = 1;
        }
    }
    return found;
}

/* ---- Source ------------------------------------------------------------------------ */

/* The host of a URL ("https://www.example.org/a" → "example.org") into *out, malloc'd,
 * or NULL when it has none. Returns MARSAD_OK or MARSAD_ENOMEM. */
static int url_host(const char *url, char **out)
{
    const char *p = strstr(url, "://"), *e;
    *out = NULL;
    if (!p) return MARSAD_OK;
    p += 3;
    e = p + strcspn(p, "/:?#");
    if (e - p > 4 && !strncmp(p, "www.", 4)) p += 4;
    if (e == p) return MARSAD_OK;
    if (!(*out = msd_strndup(p, (size_t)(e - p)))) return MARSAD_ENOMEM;
    for (char *q = *out; *q; q++)
        if (*q >= 'A' && *q <= 'Z') *q += 32;
    return MARSAD_OK;
}

/* ---- The name an outlet gives itself ------------------------------------------------- */

enum { NAME_NONE, NAME_LOGO, NAME_COPYRIGHT }; /* weakest to strongest */

#define NAME_MAX_WORDS  4  /* of an outlet's name */
#define NAME_LINE_WORDS 12 /* of a line that names it */

/* Words around a name in a copyright line or a logo's alt text, not part of it. */
static const char *const frame_words[] = {
    "©",     "(c)", "(C)", "جميع", "كافة", "الحقوق", "حقوق", "محفوظة", "محفوظه", "النشر", "موقع",
    "لموقع", "لـ",  "ل",   "-",    "–",    "|",      ".",    "،",      ",",      ":",     NULL};

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r';
}

static int word_is(const char *w, size_t n, const char *s)
{
    return strlen(s) == n && !memcmp(w, s, n);
}

/* Digits of any script, and the punctuation of a year or a date. */
static int numeric_word(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '/') continue;
        if (c == 0xD9 && i + 1 < n && (unsigned char)w[i + 1] >= 0xA0 &&
            (unsigned char)w[i + 1] <= 0xA9) { /* ٠ … ٩ */
            i++;
            continue;
        }
        return 0;
    }
    return 1;
}

static int contains(const char *p, size_t n, const char *s)
{
    return memmem(p, n, s, strlen(s)) != NULL;
}

static int opens(const char *p, size_t n, const char *s)
{
    return n >= strlen(s) && !memcmp(p, s, strlen(s));
}

/* The kind of line p[0..n) is, at `at` of the text's len bytes: a copyright line in the
 * last 40% of the text (a © that is no photo's credit, or one that opens with its
 * rights words: "جميع الحقوق محفوظة لحبر الواحة"; a sentence saying "… أن جميع الحقوق
 * محفوظة للمواطنين" is none), or a logo's alt text (شعار …). */
static int name_line_kind(const char *p, size_t n, size_t at, size_t len, size_t words)
{
    if (words > NAME_LINE_WORDS) return NAME_NONE;
    if (at * 5 >= len * 3 &&
        ((contains(p, n, "©") && !contains(p, n, "تصوير") && !contains(p, n, "صورة") &&
          !contains(p, n, "عدسة")) ||
         ((opens(p, n, "جميع") || opens(p, n, "كافة") || opens(p, n, "حقوق")) &&
          contains(p, n, "محفوظ"))))
        return NAME_COPYRIGHT;
    if (n > 9 && opens(p, n, "شعار ")) return NAME_LOGO;
    return NAME_NONE;
}

/* The name in such a line: its words less the frame words, numbers and the opening
 * شعار, trailing punctuation cut, a لـ before a word dropped (and a ل glued
 * after محفوظة). Writes it into
 * name (cap bytes) and returns its words, or 0 when it is not 1 to NAME_MAX_WORDS
 * words. */
static size_t name_in_line(const char *p, size_t n, int kind, char *name, size_t cap)
{
    size_t i = 0, o = 0, words = 0;
    int first = 1, after_reserved = 0; /* the word before was محفوظة: "محفوظة لحبر الواحة" */
    while (i < n) {
        size_t b, e;
        while (i < n && is_space(p[i])) i++;
        b = i;
        while (i < n && !is_space(p[i])) i++;
        e = i;
        if (b == e) continue;
        if (first && kind != NAME_COPYRIGHT) { /* شعار */
            first = 0;
            continue;
        }
        first = 0;
        while (e > b && strchr(".,:;!|", p[e - 1])) e--;
        if (e - b >= 2 && !memcmp(p + e - 2, "،", 2)) e -= 2;
        if (e - b > 4 && !memcmp(p + b, "لـ", 4))
            b += 4;
        else if (after_reserved && e - b > 4 && !memcmp(p + b, "ل", 2))
            b += 2;
        after_reserved = e - b >= 10 && !memcmp(p + b, "محفوظ", 10);
        if (b == e || numeric_word(p + b, e - b)) continue;
        {
            int frame = 0;
            for (size_t k = 0; frame_words[k] && !frame; k++)
                frame = word_is(p + b, e - b, frame_words[k]);
            if (frame) continue;
        }
        if (++words > NAME_MAX_WORDS || o + (e - b) + 2 > cap) return 0;
        if (o) name[o++] = ' ';
        memcpy(name + o, p + b, e - b);
        o += e - b;
    }
    name[o] = 0;
    return o >= 4 ? words : 0; /* two Arabic letters at least */
}

/* The name the outlet gives itself in text[0..len): from its strongest kind of line, the
 * first such line. Writes it into name (cap bytes) and returns 1, or returns 0. */
static int self_name(const char *text, size_t len, char *name, size_t cap)
{
    int best = NAME_NONE;
    size_t b = 0;
    name[0] = 0;
    while (b < len && best < NAME_COPYRIGHT) {
        const char *nl = memchr(text + b, '\n', len - b);
        size_t e = nl ? (size_t)(nl - text) : len, words = 0;
        int kind;
        char buf[128];
        for (size_t i = b; i < e; i++) /* word starts */
            words += !is_space(text[i]) && (i == b || is_space(text[i - 1]));
        while (b < e && is_space(text[b])) b++;
        kind = name_line_kind(text + b, e - b, b, len, words);
        if (kind > best && name_in_line(text + b, e - b, kind, buf, sizeof buf)) {
            best = kind;
            snprintf(name, cap, "%s", buf);
        }
        b = e + 1;
    }
    return best != NAME_NONE;
}

int msd_clean_source(const msd_doc *doc, char **out, const char **how)
{
    size_t at = 0, len = 0;
    char *s;
    int rc;
    *out = NULL;
    if (how) *how = "metadata";
    if (doc->source && *doc->source)
        return (*out = msd_strndup(doc->source, strlen(doc->source))) ? MARSAD_OK : MARSAD_ENOMEM;
    if (doc->url && ((rc = url_host(doc->url, out)) || *out)) return rc;
    if (how) *how = "footer";
    if (doc->text && msd_last_domain(doc->text, doc->text_len, &at, &len)) {
        if (!(s = msd_strndup(doc->text + at, len))) return MARSAD_ENOMEM;
        for (char *q = s; *q; q++)
            if (*q >= 'A' && *q <= 'Z') *q += 32;
        if (!strncmp(s, "www.", 4)) memmove(s, s + 4, strlen(s + 4) + 1);
        *out = s;
        return MARSAD_OK;
    }
    if (how) *how = "name";
    {
        char name[128];
        if (doc->text && self_name(doc->text, doc->text_len, name, sizeof name))
            return (*out = msd_strdup(name)) ? MARSAD_OK : MARSAD_ENOMEM;
    }
    if (how) *how = NULL;
    return MARSAD_OK;
}
