/* input_parse.c — a framed record into a document, on any thread; see input.h.
 *
 * Everything here reads the record alone (its bytes, where it is, what its framing
 * knew), so that the ingest pipeline can parse records on its workers while the owner
 * frames the next ones. The messages are those msd_input_next() has always given. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "read/html.h"
#include "read/input.h"

/* One record being parsed, and where its error goes. */
struct parse {
    msd_input_raw *raw;
    char *err;
    size_t err_cap;
};

/* The record's error: "WHERE: reason" into the caller's buffer; returns rc. */
static int reject(struct parse *p, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int reject(struct parse *p, int rc, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (!p->err_cap) return rc;
    n = snprintf(p->err, p->err_cap, "%s: ", p->raw->where);
    if (n >= 0 && (size_t)n < p->err_cap) {
        va_start(ap, fmt);
        vsnprintf(p->err + n, p->err_cap - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return rc;
}

/* ---- Text ------------------------------------------------------------------------------ */

/* Checks text taken whole: not empty, not binary, valid UTF-8 (or repaired). On success
 * *text may have been replaced by a repaired copy. */
static int check_text(struct parse *p, char **text, size_t *len)
{
    size_t bad, i;
    for (i = 0; i < *len; i++)
        if ((*text)[i] != ' ' && (*text)[i] != '\n' && (*text)[i] != '\r' && (*text)[i] != '\t')
            break;
    if (i == *len) return reject(p, MARSAD_EEMPTY, "empty document");
    if (memchr(*text, 0, *len)) return reject(p, MARSAD_EFORMAT, "binary data (NUL bytes)");
    if (marsad_utf8_check(*text, *len, &bad) == MARSAD_OK) return MARSAD_OK;
    if (!p->raw->repair_utf8) return reject(p, MARSAD_EUTF8, "invalid UTF-8 at byte %zu", bad);
    {
        size_t need;
        char *fixed;
        marsad_utf8_repair(*text, *len, NULL, 0, &need, NULL);
        fixed = malloc(need + 1);
        if (!fixed) return MARSAD_ENOMEM;
        marsad_utf8_repair(*text, *len, fixed, need, &need, NULL);
        fixed[need] = 0;
        free(*text);
        *text = fixed;
        *len = need;
    }
    return MARSAD_OK;
}

/* Drops '\r' before '\n' (CRLF files) in place. */
static void unix_lines(char *s, size_t *len)
{
    size_t o = 0;
    for (size_t i = 0; i < *len; i++)
        if (!(s[i] == '\r' && i + 1 < *len && s[i + 1] == '\n')) s[o++] = s[i];
    s[o] = 0;
    *len = o;
}

static size_t first_nonempty_line(const char *s, size_t len)
{
    size_t line = 1, i = 0;
    while (i < len) {
        size_t j = i;
        int blank = 1;
        while (j < len && s[j] != '\n') {
            if (s[j] != ' ' && s[j] != '\t' && s[j] != '\r') blank = 0;
            j++;
        }
        if (!blank) return line;
        line++;
        i = j + 1;
    }
    return 0;
}

/* Whether a non-empty line follows line `line` (1-based). */
static int more_lines_after(const char *s, size_t len, size_t line)
{
    size_t i = 0, no = 1;
    while (i < len && no <= line) {
        if (s[i] == '\n') no++;
        i++;
    }
    for (; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return 1;
    return 0;
}

/* Whether line `line` (1-based) reads as a headline: short (a headline is a line, not
 * a paragraph: 160 code points at most) and not ended like a sentence. A JSONL record
 * without a title field may carry its headline as the first line of its text, or start
 * with its lead paragraph (SaudiNewsNet's text fields do); only the first is a title. */
static int headline_like(const char *s, size_t len, size_t line)
{
    size_t i = 0, no = 1, cps = 0, end;
    while (i < len && no < line) {
        if (s[i] == '\n') no++;
        i++;
    }
    for (end = i; end < len && s[end] != '\n'; end++) cps += ((unsigned char)s[end] & 0xC0) != 0x80;
    while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\r' || s[end - 1] == '\t')) end--;
    if (cps > 160 || end == i) return 0;
    return s[end - 1] != '.' && !(end - i >= 2 && !memcmp(s + end - 2, "\xD8\x8C", 2)); /* ، */
}

/* A text file: its bytes become the document's text. */
static int parse_text(struct parse *p, msd_doc *doc)
{
    msd_input_raw *raw = p->raw;
    int rc;
    /* A UTF-8 byte-order mark is not text (and a file of only one is empty). */
    if (raw->len >= 3 && !memcmp(raw->bytes, "\xEF\xBB\xBF", 3)) {
        memmove(raw->bytes, raw->bytes + 3, raw->len - 2);
        raw->len -= 3;
    }
    if ((rc = check_text(p, &raw->bytes, &raw->len))) return rc;
    unix_lines(raw->bytes, &raw->len);
    doc->text = raw->bytes, raw->bytes = NULL;
    doc->text_len = raw->len, raw->len = 0;
    doc->title_line = first_nonempty_line(doc->text, doc->text_len);
    return MARSAD_OK;
}

/* ---- HTML ------------------------------------------------------------------------------ */

/* Fills doc from an HTML page (a file, a JSONL "html" field or a WARC payload). */
static int from_html(struct parse *p, const char *html, size_t n, const char *charset, msd_doc *doc)
{
    msd_html_doc h = {0};
    int rc = msd_html_extract(html, n, charset, &h);
    if (rc == MARSAD_EFORMAT) return reject(p, rc, "no text in the HTML page");
    if (rc == MARSAD_ETOOBIG) return reject(p, rc, "HTML page too large");
    if (rc) return rc;
    if (!h.text_len) {
        msd_html_doc_free(&h);
        return reject(p, MARSAD_EEMPTY, "no article text in the HTML page");
    }
    /* Metadata the caller already has (JSONL, WARC) wins over the page's own. */
    if (!doc->title) doc->title = h.title, h.title = NULL;
    if (!doc->source) doc->source = h.site_name, h.site_name = NULL;
    if (!doc->date) doc->date = h.published, h.published = NULL;
    if (!doc->author) doc->author = h.author, h.author = NULL;
    if (!doc->url) doc->url = h.canonical, h.canonical = NULL;
    doc->lang = h.lang, h.lang = NULL;
    doc->text = h.text, h.text = NULL;
    doc->text_len = h.text_len;
    doc->line_blocks = 1;
    doc->removed = h.removed;
    doc->n_removed = h.n_removed;
    h.removed = NULL;
    h.n_removed = 0;
    msd_html_doc_free(&h);
    if (!doc->title) doc->title_line = first_nonempty_line(doc->text, doc->text_len);
    return MARSAD_OK;
}

static const char *utf8_or_null(const char *s)
{
    return s && marsad_utf8_check(s, strlen(s), NULL) == MARSAD_OK ? s : NULL;
}

/* A WARC response's page, under what its headers say. */
static int parse_warc(struct parse *p, msd_doc *doc)
{
    msd_input_raw *raw = p->raw;
    int rc;
    if ((rc = msd_doc_set(&doc->url, raw->url)) || (rc = msd_doc_set(&doc->id, raw->record_id)) ||
        (rc = from_html(p, raw->bytes, raw->len, raw->charset, doc)))
        return rc;
    return doc->date ? MARSAD_OK : msd_doc_set(&doc->date, utf8_or_null(raw->date));
}

/* ---- JSONL ----------------------------------------------------------------------------- */

static const char *const known_fields[] = {"id",    "url",  "source", "date",
                                           "title", "text", "html",   "author"};

static int is_known(const char *key)
{
    for (size_t i = 0; i < sizeof known_fields / sizeof known_fields[0]; i++)
        if (!strcmp(key, known_fields[i])) return 1;
    return 0;
}

/* A JSON value as a string field: strings as they are, numbers printed, else NULL. */
static int json_field(json_t *o, const char *key, char **out)
{
    json_t *v = json_object_get(o, key);
    if (json_is_string(v)) {
        *out = msd_strndup(json_string_value(v), json_string_length(v));
        return *out ? MARSAD_OK : MARSAD_ENOMEM;
    }
    if (json_is_integer(v)) {
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
        return msd_doc_set(out, buf);
    }
    return MARSAD_OK;
}

/* Decodes the character references of a JSONL string field in place (html.h: feeds copy
 * titles from their pages with &quot; and &#8220; left in). */
static int unescape_field(char **field, size_t *len)
{
    char *dec;
    size_t dl;
    int rc;
    if (!*field) return MARSAD_OK;
    rc = msd_html_unescape(*field, len ? *len : strlen(*field), &dec, &dl);
    if (rc || !dec) return rc;
    free(*field);
    *field = dec;
    if (len) *len = dl;
    return MARSAD_OK;
}

/* The JSONL author, references decoded, without the spaces around it (SaudiNewsNet's
 * bylines open with &nbsp;); NULL when nothing is left (4,736 of its 31,030 are ""). */
static int author_field(json_t *o, char **author)
{
    static const char nbsp[] = "\xC2\xA0";
    char *a = NULL;
    size_t n, b = 0;
    int rc = json_field(o, "author", &a);
    if (rc || !a || (rc = unescape_field(&a, NULL))) {
        free(a);
        return rc;
    }
    n = strlen(a);
    for (;;) {
        if (b < n && (a[b] == ' ' || a[b] == '\t' || a[b] == '\n' || a[b] == '\r'))
            b++;
        else if (n - b >= 2 && !memcmp(a + b, nbsp, 2))
            b += 2;
        else if (n > b &&
                 (a[n - 1] == ' ' || a[n - 1] == '\t' || a[n - 1] == '\n' || a[n - 1] == '\r'))
            n--;
        else if (n - b >= 2 && !memcmp(a + n - 2, nbsp, 2))
            n -= 2;
        else
            break;
    }
    if (n > b) *author = msd_strndup(a + b, n - b);
    free(a);
    return n > b && !*author ? MARSAD_ENOMEM : MARSAD_OK;
}

/* The fields that say what the article is, and those marsad does not know (meta). */
static int jsonl_meta(json_t *o, msd_doc *doc)
{
    json_t *extra, *val;
    const char *key;
    int rc;
    if ((rc = json_field(o, "id", &doc->id)) || (rc = json_field(o, "url", &doc->url)) ||
        (rc = json_field(o, "source", &doc->source)) || (rc = json_field(o, "date", &doc->date)) ||
        (rc = json_field(o, "title", &doc->title)) || (rc = unescape_field(&doc->title, NULL)) ||
        (rc = author_field(o, &doc->author)))
        return rc;
    extra = json_object();
    json_object_foreach(o, key, val) if (!is_known(key)) json_object_set(extra, key, val);
    if (json_object_size(extra)) doc->extra_json = json_dumps(extra, JSON_COMPACT);
    json_decref(extra);
    return MARSAD_OK;
}

/* The "text" field as the document's text. */
static int jsonl_text(struct parse *p, json_t *t, msd_doc *doc)
{
    char *text = msd_strndup(json_string_value(t), json_string_length(t));
    size_t len = json_string_length(t);
    int rc;
    if (!text) return MARSAD_ENOMEM;
    rc = check_text(p, &text, &len);
    if (!rc) rc = unescape_field(&text, &len);
    if (rc) {
        free(text);
        return rc;
    }
    unix_lines(text, &len);
    doc->text = text;
    doc->text_len = len;
    /* no title field: the first line is the headline only when more follow and it reads
     * as one */
    if (!doc->title) {
        size_t first = first_nonempty_line(text, len);
        doc->title_line =
            first && more_lines_after(text, len, first) && headline_like(text, len, first) ? first
                                                                                           : 0;
    }
    return MARSAD_OK;
}

/* One JSON object: its fields, then its text or its page. */
static int jsonl_object(struct parse *p, json_t *o, msd_doc *doc)
{
    json_t *text = json_object_get(o, "text"), *html = json_object_get(o, "html");
    int rc = jsonl_meta(o, doc);
    if (rc) return rc;
    if (json_is_string(text)) return jsonl_text(p, text, doc);
    /* a JSON string is Unicode: a <meta charset> the page kept from before it was decoded
     * no longer says how its bytes are encoded */
    if (json_is_string(html))
        return from_html(p, json_string_value(html), json_string_length(html), "utf-8", doc);
    return reject(p, MARSAD_EFORMAT, "no \"text\" or \"html\" field");
}

static int parse_jsonl(struct parse *p, msd_doc *doc)
{
    msd_input_raw *raw = p->raw;
    json_error_t jerr;
    json_t *o;
    size_t bad = 0;
    int rc;
    if (marsad_utf8_check(raw->bytes, raw->len, &bad) != MARSAD_OK) {
        if (!raw->repair_utf8)
            return reject(p, MARSAD_EUTF8, "invalid UTF-8 at byte %zu of the line", bad);
        if ((rc = check_text(p, &raw->bytes, &raw->len))) return rc;
    }
    o = json_loadb(raw->bytes, raw->len, JSON_REJECT_DUPLICATES, &jerr);
    if (!o) return reject(p, MARSAD_EFORMAT, "invalid JSON: %s", jerr.text);
    rc = json_is_object(o) ? jsonl_object(p, o, doc)
                           : reject(p, MARSAD_EFORMAT, "not a JSON object");
    json_decref(o);
    return rc;
}

/* ---- A record ---------------------------------------------------------------------------- */

int msd_input_parse(msd_input_raw *raw, msd_doc *doc, char *err, size_t err_cap)
{
    static const char *const formats[] = {"text", "jsonl", "html", "warc"};
    struct parse p = {raw, err, err_cap};
    int rc;
    msd_doc_clear(doc);
    if (err_cap) err[0] = 0;
    switch (raw->format) {
    case MSD_INPUT_TEXT: rc = parse_text(&p, doc); break;
    case MSD_INPUT_JSONL: rc = parse_jsonl(&p, doc); break;
    case MSD_INPUT_HTML: rc = from_html(&p, raw->bytes, raw->len, NULL, doc); break;
    case MSD_INPUT_WARC: rc = parse_warc(&p, doc); break;
    default: rc = MARSAD_EINVAL;
    }
    if (!rc) {
        doc->format = formats[raw->format];
        rc = msd_doc_set(&doc->origin, raw->where);
    }
    if (rc) msd_doc_clear(doc);
    return rc;
}

void msd_input_raw_clear(msd_input_raw *raw)
{
    if (!raw) return;
    free(raw->bytes);
    free(raw->where);
    free(raw->url);
    free(raw->record_id);
    free(raw->date);
    free(raw->charset);
    memset(raw, 0, sizeof *raw);
}
