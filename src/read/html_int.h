/*
 * html_int.h — internals shared by the HTML reader's files (html.c, html_decode.c,
 * html_meta.c); not part of any public or module contract.
 */
#ifndef MSD_READ_HTML_INT_H
#define MSD_READ_HTML_INT_H

#include <stddef.h>

#include <libxml/tree.h>

/* A growing UTF-8 string whose white space is collapsed as it is appended. */
typedef struct msd_html_buf {
    char *s;      /* NUL-terminated when cap > 0 */
    size_t len;   /* bytes */
    size_t cap;   /* bytes allocated */
    size_t chars; /* code points */
    int pending;  /* white space seen since the last character */
} msd_html_buf;

/* Appends n bytes of valid UTF-8, white-space runs as one space, none leading.
 * *added (may be NULL) receives the code points appended. Returns MARSAD_OK or
 * MARSAD_ENOMEM. */
int msd_html_buf_text(msd_html_buf *b, const char *s, size_t n, size_t *added);

/* Gives up the string (NULL when nothing was appended) and resets b. */
char *msd_html_buf_take(msd_html_buf *b);

void msd_html_buf_free(msd_html_buf *b);

/* in[0..n) with every start tag cut to its first max attributes (html_attrs.c: why) into
 * *out, malloc'd and NUL-terminated with its length in *out_len; *out is NULL when no
 * tag has more (then in is the page). MARSAD_OK or MARSAD_ENOMEM. */
#define MSD_HTML_MAX_ATTRS 256
int msd_html_cap_attrs(const char *in, size_t n, size_t max, char **out, size_t *out_len);

/* Collapses, trims and repairs s into *out (NULL when nothing is left). */
int msd_html_clean(const char *s, size_t n, char **out);

/* Metadata candidates, each malloc'd or NULL; the first one found wins. */
typedef struct msd_html_meta {
    char *og_title, *og_site, *og_time;
    char *ld_headline, *ld_date, *ld_publisher, *ld_author;
    char *author, *og_author; /* <meta name=author>, article:author */
    char *meta_date;          /* Dublin Core, itemprop=datePublished, name=pubdate … */
    char *title, *canonical, *lang, *dir;
} msd_html_meta;

/* Looks at one element for metadata (meta, title, link, html, JSON-LD script). */
int msd_html_meta_element(msd_html_meta *m, xmlNode *el);

void msd_html_meta_free(msd_html_meta *m);

/* Case-insensitive ASCII comparison of a libxml2 string with a literal. */
int msd_html_eq(const xmlChar *a, const char *b);

#endif
