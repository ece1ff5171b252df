/*
 * html_decode.c — choosing a page's character encoding and decoding it to UTF-8.
 *
 * Order (html.h): the caller's hint (an HTTP header), a byte-order mark, the page's own
 * <meta charset> / <meta http-equiv content="...; charset=...">, then UTF-8 when the
 * bytes are valid UTF-8, else windows-1256, the legacy encoding most Arabic sites used.
 * We decode before libxml2 sees the page and hand it UTF-8 only: libxml2 falls back to
 * Latin-1 on a stray invalid byte, which would turn a whole Arabic page to mojibake.
 *
 * Also the character references of text that comes without its page (msd_html_unescape,
 * html.h): JSONL titles carry them (232 SaudiNewsNet titles hold 628 of them: &quot;,
 * &#8220; &#8221;, &#39;).
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "marsad.h"
#include "read/html.h"
#include "read/html_int.h"
#include "text/utf8.h"

#define PRESCAN   8192 /* bytes searched for <meta charset>; heads carry long scripts */
#define LABEL_MAX 40

static const struct {
    const char *label, *name;
} aliases[] = {
    {"utf-8", "utf-8"},
    {"utf8", "utf-8"},
    {"unicode-1-1-utf-8", "utf-8"},
    {"windows-1256", "windows-1256"},
    {"cp1256", "windows-1256"},
    {"x-cp1256", "windows-1256"},
    {"ms-arab", "windows-1256"},
    {"iso-8859-6", "iso-8859-6"},
    {"iso_8859-6", "iso-8859-6"},
    {"iso8859-6", "iso-8859-6"},
    {"iso-8859-6-i", "iso-8859-6"},
    {"iso-8859-6-e", "iso-8859-6"},
    {"arabic", "iso-8859-6"},
    {"asmo-708", "iso-8859-6"},
    {"ecma-114", "iso-8859-6"},
    {"iso-ir-127", "iso-8859-6"},
    {"csisolatinarabic", "iso-8859-6"},
};

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int label_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
           c == ':';
}

/* Copies a trimmed, lower-cased label into out; 0 when it is empty or odd. */
static int norm_label(const char *s, size_t n, char out[LABEL_MAX + 1])
{
    size_t k = 0;
    while (n && (*s == ' ' || *s == '"' || *s == '\'')) s++, n--;
    while (n && label_char(lower((unsigned char)*s)) && k < LABEL_MAX) {
        out[k++] = (char)lower((unsigned char)*s);
        s++, n--;
    }
    out[k] = '\0';
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (!strcmp(out, aliases[i].label)) {
            memcpy(out, aliases[i].name, strlen(aliases[i].name) + 1);
            break;
        }
    return k > 0;
}

static int usable(const char *name)
{
    iconv_t cd;
    if (!strcmp(name, "utf-8")) return 1;
    cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1) return 0;
    iconv_close(cd);
    return 1;
}

static const char *find_ci(const char *s, const char *end, const char *word)
{
    size_t w = strlen(word);
    for (; (size_t)(end - s) >= w; s++) {
        size_t k = 0;
        while (k < w && lower((unsigned char)s[k]) == word[k]) k++;
        if (k == w) return s;
    }
    return NULL;
}

/* Finds charset=LABEL inside a <meta ...> tag of the first PRESCAN bytes. */
static int sniff_meta(const char *s, size_t n, char out[LABEL_MAX + 1])
{
    const char *end = s + (n < PRESCAN ? n : PRESCAN), *p = s;
    while ((p = find_ci(p, end, "<meta")) != NULL) {
        const char *gt = memchr(p, '>', (size_t)(end - p));
        const char *tag_end = gt ? gt : end, *c = p + 5;
        while ((c = find_ci(c, tag_end, "charset")) != NULL) {
            c += 7;
            while (c < tag_end && *c == ' ') c++;
            if (c < tag_end && *c == '=') {
                c++;
                while (c < tag_end && (*c == ' ' || *c == '"' || *c == '\'')) c++;
                if (norm_label(c, (size_t)(tag_end - c), out)) return 1;
            }
        }
        p = tag_end;
    }
    return 0;
}

static int grow(char **buf, size_t *cap, size_t need)
{
    size_t c = *cap;
    char *b;
    if (need <= c) return MARSAD_OK;
    while (c < need) {
        if (c > ((size_t)-1) / 2) return MARSAD_ENOMEM;
        c *= 2;
    }
    b = realloc(*buf, c);
    if (!b) return MARSAD_ENOMEM;
    *buf = b;
    *cap = c;
    return MARSAD_OK;
}

/* Converts with iconv; a byte the encoding does not define becomes U+FFFD. */
static int convert(const char *in, size_t n, const char *from, char **out, size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", from);
    size_t cap = 2 * n + 16, len = 0, left = n;
    char *buf = NULL, *ip = (char *)(uintptr_t)in;
    if (cd == (iconv_t)-1) return MARSAD_EINVAL;
    buf = malloc(cap);
    if (!buf) goto fail;
    for (;;) {
        char *op = buf + len;
        size_t room = cap - len - 4, r = iconv(cd, left ? &ip : NULL, &left, &op, &room);
        len = (size_t)(op - buf);
        if (r != (size_t)-1 && !left) break;
        if (r == (size_t)-1 && errno == E2BIG) {
            if (grow(&buf, &cap, cap + 1)) goto fail;
        } else if (left) { /* EILSEQ or EINVAL: skip one byte */
            memcpy(buf + len, "\xef\xbf\xbd", 3);
            len += 3;
            ip++, left--;
            if (grow(&buf, &cap, len + 8)) goto fail;
        } else {
            break;
        }
    }
    iconv_close(cd);
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return MARSAD_OK;
fail:
    iconv_close(cd);
    free(buf);
    return MARSAD_ENOMEM;
}

static int copy_utf8(const char *in, size_t n, char **out, size_t *out_len)
{
    size_t need = n;
    char *buf;
    if (marsad_utf8_check(in, n, NULL) == MARSAD_OK) {
        buf = malloc(n + 1);
        if (!buf) return MARSAD_ENOMEM;
        if (n) memcpy(buf, in, n);
    } else {
        marsad_utf8_repair(in, n, NULL, 0, &need, NULL);
        buf = malloc(need + 1);
        if (!buf) return MARSAD_ENOMEM;
        marsad_utf8_repair(in, n, buf, need, &need, NULL);
    }
    buf[need] = '\0';
    *out = buf;
    *out_len = need;
    return MARSAD_OK;
}

/* The encoding to decode with, written into name; skips a byte-order mark. */
static void choose(const char **s, size_t *n, const char *hint, char name[LABEL_MAX + 1])
{
    const unsigned char *u = (const unsigned char *)*s;
    if (*n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        *s += 3, *n -= 3;
        memcpy(name, "utf-8", 6);
        return;
    }
    if (*n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        memcpy(name, u[0] == 0xFF ? "utf-16le" : "utf-16be", 9);
        *s += 2, *n -= 2;
        return;
    }
    if (hint && norm_label(hint, strlen(hint), name) && usable(name)) return;
    /* A page that reached us as bytes cannot really be UTF-16 (WHATWG). */
    if (sniff_meta(*s, *n, name) && strncmp(name, "utf-16", 6) && usable(name)) return;
    if (marsad_utf8_check(*s, *n, NULL) == MARSAD_OK)
        memcpy(name, "utf-8", 6);
    else
        memcpy(name, "windows-1256", 13);
}

int msd_html_decode(const char *html, size_t n, const char *hint, char **out, size_t *out_len,
                    char **charset)
{
    char name[LABEL_MAX + 1];
    int rc;
    *out = NULL;
    *charset = NULL;
    choose(&html, &n, hint, name);
    if (!strcmp(name, "utf-8"))
        rc = copy_utf8(html, n, out, out_len);
    else
        rc = convert(html, n, name, out, out_len);
    if (rc == MARSAD_EINVAL) { /* vanished between the check and the use */
        memcpy(name, "utf-8", 6);
        rc = copy_utf8(html, n, out, out_len);
    }
    if (rc) return rc;
    /* libxml2 stops at a NUL; a space keeps the rest of the page. */
    for (char *p = memchr(*out, '\0', *out_len); p;
         p = memchr(p, '\0', *out_len - (size_t)(p - *out)))
        *p = ' ';
    *charset = strdup(name);
    if (!*charset) {
        free(*out);
        *out = NULL;
        return MARSAD_ENOMEM;
    }
    return MARSAD_OK;
}

/* ---- Character references ------------------------------------------------------------ */

/* What HTML makes of &#128;..&#159;: windows-1252's characters (0 where it has none). */
static const uint16_t cp1252[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

/* The character a numeric reference names, U+FFFD for none. */
static int32_t numeric_char(uint32_t v)
{
    if (v >= 0x80 && v <= 0x9F) return cp1252[v - 0x80] ? cp1252[v - 0x80] : MSD_REPLACEMENT;
    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) ||
        (v < 0x20 && v != '\t' && v != '\n' && v != '\r') || v == 0x7F)
        return MSD_REPLACEMENT;
    return (int32_t)v;
}

/* The reference at s[i] ('&'): its character and *len its bytes, or -1. */
static int32_t reference(const char *s, size_t n, size_t i, size_t *len)
{
    size_t k = i + 1;
    if (k < n && s[k] == '#') {
        int hex = k + 1 < n && (s[k + 1] == 'x' || s[k + 1] == 'X');
        uint32_t v = 0;
        size_t d0;
        k += 1 + (size_t)hex;
        for (d0 = k; k < n && k - d0 < 8; k++) {
            int c = (unsigned char)s[k], d;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
                d = (c | 0x20) - 'a' + 10;
            else
                break;
            v = v * (hex ? 16u : 10u) + (uint32_t)d;
        }
        if (k == d0 || k >= n || s[k] != ';') return -1;
        *len = k + 1 - i;
        return numeric_char(v);
    }
    {
        char name[33];
        const htmlEntityDesc *e;
        size_t m = 0;
        while (
            k < n && m < 32 &&
            (((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z') || (m && s[k] >= '0' && s[k] <= '9')))
            name[m++] = s[k++];
        if (!m || k >= n || s[k] != ';') return -1;
        name[m] = 0;
        e = htmlEntityLookup((const xmlChar *)name);
        if (!e) return -1;
        *len = k + 1 - i;
        return (int32_t)e->value;
    }
}

int msd_html_unescape(const char *s, size_t n, char **out, size_t *out_len)
{
    const char *amp = memchr(s, '&', n);
    size_t i, o;
    char *buf;
    *out = NULL;
    *out_len = 0;
    if (!amp) return MARSAD_OK;
    /* a reference is never shorter than its character: "&lt;" (4) for '<' (1),
     * "&#65536;" (8) for U+10000 (4), "&#0;" (4) for U+FFFD (3) */
    if (!(buf = malloc(n + 1))) return MARSAD_ENOMEM;
    i = (size_t)(amp - s);
    memcpy(buf, s, i);
    o = i;
    while (i < n) {
        size_t len = 0;
        int32_t cp;
        if (s[i] != '&' || (cp = reference(s, n, i, &len)) < 0) {
            buf[o++] = s[i++];
            continue;
        }
        o += msd_utf8_put((unsigned char *)buf + o, cp);
        i += len;
    }
    buf[o] = 0;
    if (o == n) { /* '&' with no reference after it: the text as it was */
        free(buf);
        return MARSAD_OK;
    }
    *out = buf;
    *out_len = o;
    return MARSAD_OK;
}
