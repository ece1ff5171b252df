/*
 * warc.h — streaming reader of WARC 1.0/1.1 files, plain or gzip-compressed
 * (one member per record or one for the whole file, as Common Crawl and wget write).
 *
 * The reader pulls from a FILE* it does not own and never holds more than one record
 * (capped at max_record bytes of block) in memory, so a multi-GB WARC streams.
 *
 * Errors are per record: msd_warc_next() returns MARSAD_EFORMAT for a record it cannot
 * read (bad header, Content-Length past the end, truncated gzip), with a reason and
 * the record's offset from msd_warc_error(); the next call resynchronizes at the next
 * record (next gzip member, or next "WARC/1." line) when it can, else returns
 * MARSAD_END. MARSAD_EIO is returned when the FILE* fails.
 */
#ifndef MSD_READ_WARC_H
#define MSD_READ_WARC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct msd_warc msd_warc;

typedef struct msd_warc_record {
    /* WARC headers; each NULL when absent. Owned by the reader. */
    const char *type;       /* WARC-Type: "response", "request", "resource", "warcinfo", … */
    const char *target_uri; /* WARC-Target-URI */
    const char *date;       /* WARC-Date, as written (ISO 8601) */
    const char *record_id;  /* WARC-Record-ID, without the angle brackets */
    uint64_t offset;        /* where the record starts in the file (for gzip: its member's
                               compressed offset when members are per record, else the
                               uncompressed offset) */
    /* For a "response" record whose block is an HTTP message: */
    int http_status;          /* e.g. 200; 0 when the block is not an HTTP response */
    const char *content_type; /* HTTP Content-Type media type, lower-cased, no params */
    const char *charset;      /* its charset parameter, lower-cased, or NULL */
    const char *http_date;    /* HTTP Date header, as written */
    /* The payload: the HTTP body for HTTP responses (chunked transfer-encoding decoded),
     * else the whole block. Not NUL-terminated. */
    const char *body;
    size_t body_len;
    int truncated; /* the block was longer than max_record and was cut */
} msd_warc_record;

/* Starts reading f (positioned at the first record). Compression is detected from the
 * first bytes (gzip magic 1f 8b), not from a file name. max_record caps the bytes of
 * one record's block kept in memory (0: 64 MiB). Returns MARSAD_OK, MARSAD_ENOMEM. */
int msd_warc_open(FILE *f, size_t max_record, msd_warc **out);

/* Reads the next record into *rec; everything *rec points to stays valid until the next
 * call or msd_warc_close(). Returns MARSAD_OK, MARSAD_END, MARSAD_EFORMAT (this record
 * is skipped; call again), MARSAD_EIO or MARSAD_ENOMEM. */
int msd_warc_next(msd_warc *w, msd_warc_record *rec);

/* The reason for the last MARSAD_EFORMAT ("truncated gzip member", "bad WARC version
 * line", …) and the offset it refers to. The string is static or owned by the reader. */
const char *msd_warc_error(const msd_warc *w, uint64_t *offset);

void msd_warc_close(msd_warc *w);

#endif
