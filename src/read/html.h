/*
 * html.h — from an HTML page to its article: metadata and main-content text.
 *
 * Parsing goes through libxml2's HTML parser (error-tolerant, no network, no entity
 * loading). The page is decoded to UTF-8 first: from `charset` when the caller knows it
 * (an HTTP header), else from <meta charset> / <meta http-equiv>, else UTF-8 when the
 * bytes are valid UTF-8, else windows-1256 (the common legacy Arabic encoding);
 * ISO-8859-6 and windows-1256 are converted with iconv.
 *
 * Main content is chosen block by block in the manner of jusText: the text blocks
 * (paragraphs, headings, list items, captions, table cells, <br>-separated lines) are
 * scored on length, link density and markup context (script, style, nav, header,
 * footer, aside, form, noscript and elements whose class/id says menu, share, related,
 * comment, footer, breadcrumb, author, copyright … are boilerplate, unless the element
 * holds over half the page's prose: then it is a layout wrapper), then short blocks are
 * decided by their neighbours. The article body is the deepest element holding most of
 * the good text: its blocks up to its last good one are kept, nothing outside it. A page
 * that would keep nothing is read again by its tags alone. Kept blocks form `text`;
 * dropped blocks are listed with a reason so the cleaner can report them (docs/api.md
 * removed[]). Measured on trafilatura's 989 pages: docs/clean.md.
 */
#ifndef MSD_READ_HTML_H
#define MSD_READ_HTML_H

#include <stddef.h>

#include "read/doc.h"

/* A dropped block (the same struct as a document's reader-removed block). reason is
 * one of docs/api.md's: "breadcrumb", "related", "widget", "footer", "caption", "other"
 * (static strings). */
typedef msd_doc_removed msd_html_removed;

typedef struct msd_html_doc {
    /* Metadata; each malloc'd UTF-8, or NULL when the page does not say. */
    char *title;     /* og:title, else JSON-LD headline, else <title> (site suffix kept) */
    char *site_name; /* og:site_name, else JSON-LD publisher name */
    char *author;    /* <meta name=author>, else JSON-LD author names (", " between two
                        or more), else article:author when it is a name, not a URL */
    char *published; /* article:published_time, else JSON-LD datePublished, else a
                        <meta> date (DC.date …, itemprop=datePublished, pubdate), else
                        <time datetime> in the main content; as written */
    char *canonical; /* <link rel=canonical href> */
    char *lang;      /* <html lang> */
    char *dir;       /* <html dir> */
    char *charset;   /* the encoding the page was decoded from, lower-cased */
    /* Main content: kept blocks, one a line ('\n'-separated, no trailing newline),
     * white space inside a block collapsed to single spaces. Valid UTF-8. */
    char *text;
    size_t text_len;
    msd_html_removed *removed; /* dropped blocks, in page order */
    size_t n_removed;
} msd_html_doc;

/* Extracts from n bytes of HTML. charset may be NULL. On success *doc holds malloc'd
 * fields the caller releases with msd_html_doc_free(). Returns MARSAD_OK,
 * MARSAD_EFORMAT (no parseable document, or no <body> text at all: doc is left empty),
 * MARSAD_ETOOBIG (over 64 MiB) or MARSAD_ENOMEM. */
int msd_html_extract(const char *html, size_t n, const char *charset, msd_html_doc *doc);

/* Decodes n bytes of a page to valid, NUL-free, NUL-terminated UTF-8 in *out, choosing
 * the charset as above (hint: the caller's, or NULL); *charset receives its malloc'd
 * lower-case name. Returns MARSAD_OK, MARSAD_ETOOBIG or MARSAD_ENOMEM. */
int msd_html_decode(const char *html, size_t n, const char *hint, char **out, size_t *out_len,
                    char **charset);

/* Frees what msd_html_extract() filled and zeroes *doc. Accepts a zeroed doc. */
void msd_html_doc_free(msd_html_doc *doc);

/* Decodes the HTML character references of s[0..n), valid UTF-8 (a JSONL title or text
 * that a feed copied from its page): &quot; &amp; &nbsp; … (HTML 4's names, through
 * libxml2's table), &#39; and &#x627;. Only a real reference is decoded: '&', a known
 * name or '#' and digits, and ';' ("AT&T", "&amp" and "&foo;" stay as they are). Once:
 * "&amp;quot;" gives "&quot;". A number that is no character (0, a surrogate, past
 * U+10FFFF) or a control gives U+FFFD, but 0x80..0x9F, which are windows-1252's
 * punctuation as HTML reads them (&#150; is –). *out is NULL when s has no reference;
 * else a malloc'd, NUL-terminated string of *out_len bytes (never more than n), the
 * caller's to free. Returns MARSAD_OK or MARSAD_ENOMEM. */
int msd_html_unescape(const char *s, size_t n, char **out, size_t *out_len);

#endif
