/*
 * doc.h — a raw document: what a reader yields, before cleaning.
 *
 * Every reader (text, JSONL, HTML, WARC) fills the same struct, so the cleaner and the
 * commands need not know where a document came from. All strings are malloc'd UTF-8
 * owned by the document; msd_doc_clear() releases them.
 */
#ifndef MSD_READ_DOC_H
#define MSD_READ_DOC_H

#include <stddef.h>

#include "util/str.h"

/* A block the reader already dropped (HTML boilerplate), for the article's removed[]. */
typedef struct msd_doc_removed {
    char *text;
    const char *reason; /* static: one of API.md's removed[].reason values */
} msd_doc_removed;

typedef struct msd_doc {
    char *id;     /* the input's own id (JSONL id, WARC-Record-ID), or NULL */
    char *url;    /* or NULL */
    char *source; /* site or outlet from metadata, or NULL (the cleaner may detect it) */
    char *date;   /* publication date as given (ISO 8601 or as written), or NULL */
    char *title;  /* the headline from metadata, or NULL: then line title_line is it */
    char *author; /* the byline from metadata (JSONL author), or NULL */
    char *text;   /* the body as lines separated by '\n'; valid UTF-8, no NUL bytes */
    size_t text_len;
    size_t title_line;        /* 1-based line of text that is the headline, 0 when none */
    int line_blocks;          /* each line is a block (HTML): a paragraph of its own */
    char *origin;             /* provenance: "PATH", "PATH:LINE" (JSONL), "PATH@OFFSET" (WARC) */
    const char *format;       /* static: "text", "jsonl", "html", "warc" */
    char *lang;               /* a language the input declares (<html lang>), or NULL */
    char *extra_json;         /* JSONL fields marsad does not know, as a JSON object, or NULL */
    msd_doc_removed *removed; /* dropped by the reader, in input order */
    size_t n_removed;
} msd_doc;

/* Releases every field and zeroes *d. Accepts a zeroed document. */
void msd_doc_clear(msd_doc *d);

/* Sets *field to a copy of s (NULL stays NULL). Returns MARSAD_OK or MARSAD_ENOMEM. */
int msd_doc_set(char **field, const char *s);

#endif
