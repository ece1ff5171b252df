/*
 * input.h — documents from files, directories and standard input, whatever their format.
 *
 * The format of each file is detected from its first bytes, not its name. A gzip or zstd
 * file (any number of members or frames) is decoded as it is read (zstream.h), and the
 * first 4 KiB of what it holds are sniffed as a plain file's: "WARC/1." → WARC; '{' →
 * JSONL; HTML markup → HTML; anything else → plain text (one article a file, its first
 * non-empty line the headline). A gzip WARC is read by warc.h from the file itself, so
 * its records keep their members' offsets. Directories are walked recursively in name
 * order, taking the files whose names say news (.txt .text .html .htm .xhtml .jsonl
 * .ndjson .json .warc .arc, each also with .gz or .zst after it); a file named on the
 * command line is always read. "-" is standard input, spooled to a temporary file so
 * that it can be read twice.
 *
 * Reading is two steps, so that the costly one can run on other threads. Framing
 * (msd_input_next_raw, input.c) is sequential and stateful, on the thread that owns the
 * handle: it finds the next file, decodes it, and cuts one record from it (a whole text
 * or HTML file, a JSONL line, a WARC response's payload) with what the framing knows (its
 * format, where it is, a WARC record's URL, date and charset). Parsing (msd_input_parse,
 * input_parse.c) turns a record into a document (the JSON, the HTML's article, the UTF-8
 * check or repair, the headline, character references) on any thread: it reads the
 * record alone, never the handle. msd_input_next() is the two in one.
 *
 * Memory is bounded whatever the input: files are streamed, and one document (a text or
 * HTML file, a JSONL line, a WARC record's block) is held up to max_document bytes of
 * decoded text; past that it is a MARSAD_ETOOBIG error, so a decompression bomb costs
 * decoding time, never memory. A framed record holds at most max_document bytes too;
 * a caller that keeps k records in flight holds k of them.
 *
 * Errors are per document: msd_input_next() returns the error of one document (a bad
 * JSONL line, invalid UTF-8, a binary or empty file, a broken WARC record) with a
 * message naming the file and line or offset, and the next call goes on with the next
 * document. Compressed data that is truncated or corrupt is one MARSAD_EFORMAT error
 * ("PATH: truncated gzip stream after N decoded bytes"): the documents decoded before it
 * were returned, and the next call goes on with the next file. Framing errors (a file
 * that cannot be opened or read, truncated compressed data, a broken WARC record, a
 * record over max_document) come from msd_input_next_raw(); errors of what a record says
 * (JSON, UTF-8, HTML, an empty or binary document) from msd_input_parse(). Nothing is
 * skipped silently but records that are not pages (WARC requests, images), which are
 * counted, and blank JSONL lines.
 */
#ifndef MSD_READ_INPUT_H
#define MSD_READ_INPUT_H

#include <stddef.h>

#include "read/doc.h"

typedef struct msd_input msd_input;

typedef struct msd_input_options {
    int repair_utf8;     /* replace invalid UTF-8 with U+FFFD instead of rejecting */
    size_t max_document; /* bytes of one document; 0: 64 MiB */
    int force_jsonl;     /* read every file as JSONL, whatever its first bytes */
} msd_input_options;

/* Prepares to read the n paths. opts may be NULL. Fails with MARSAD_EIO (and a message
 * in msd_input_error) only when a named path does not exist or a directory cannot be
 * read. *out is set even on failure (for the message); msd_input_close() it. */
int msd_input_open(char *const *paths, size_t n, const msd_input_options *opts, msd_input **out);

/* The same, reading the len bytes at data (plain or compressed, any format) as one file
 * named name ("memory" when NULL; copied) in messages and origins ("name:3" for a JSONL
 * line). The buffer is read in place, never written or copied: the caller keeps it
 * unchanged until msd_input_close(). Returns MARSAD_OK or MARSAD_ENOMEM; *out is set even on
 * failure (NULL when the handle itself could not be allocated). */
int msd_input_open_memory(const void *data, size_t len, const char *name,
                          const msd_input_options *opts, msd_input **out);

/* ---- Framing (input.c): on the thread that owns the handle ------------------------------ */

/* What a record is, as framing found it. */
typedef enum msd_input_format {
    MSD_INPUT_TEXT,  /* a plain text file: one article */
    MSD_INPUT_JSONL, /* one line of a JSONL file */
    MSD_INPUT_HTML,  /* an HTML file */
    MSD_INPUT_WARC   /* the HTML payload of a WARC response record */
} msd_input_format;

/* One framed record, not yet parsed. Every pointer is malloc'd and owned by the record:
 * nothing is borrowed from the input handle, so a record may go to another thread while
 * the owner reads on, and may outlive the handle. Whoever holds it last frees it with
 * msd_input_raw_clear(). A zeroed record is an empty one. */
typedef struct msd_input_raw {
    msd_input_format format;
    char *bytes; /* the record, NUL-terminated after len (NUL bytes may come before): a
                    whole file; a JSONL line, its '\n' kept, a byte-order mark dropped;
                    a WARC response's HTTP body (chunked transfer-encoding decoded) */
    size_t len;
    char *where;     /* where it is, for messages and the document's origin: "PATH",
                        "PATH:LINE" (JSONL), "PATH@OFFSET" (WARC) */
    int repair_utf8; /* the input's option, which parsing follows */
    /* A WARC record's headers, as written; each NULL when absent, and for other formats */
    char *url;       /* WARC-Target-URI */
    char *record_id; /* WARC-Record-ID */
    char *date;      /* WARC-Date */
    char *charset;   /* the HTTP Content-Type's charset parameter, lower-cased */
} msd_input_raw;

/* The next record into *raw (cleared first; the caller clears it after use), in input
 * order. Returns MARSAD_OK, MARSAD_END, the framing error of one document with its
 * message in msd_input_error() (MARSAD_EIO: a file that cannot be opened or read;
 * MARSAD_EFORMAT: truncated or corrupt compressed data, a broken WARC record;
 * MARSAD_ETOOBIG: a record over max_document) — *raw is then empty; call again to go on —
 * or MARSAD_ENOMEM. */
int msd_input_next_raw(msd_input *in, msd_input_raw *raw);

/* The next document into *doc (cleared first; the caller clears it after use):
 * msd_input_next_raw() and msd_input_parse(), the parse's message in msd_input_error().
 * Returns MARSAD_OK, MARSAD_END, or the error of one document (MARSAD_EFORMAT,
 * MARSAD_EUTF8, MARSAD_ETOOBIG, MARSAD_EIO, MARSAD_EEMPTY) — call again to go on — or
 * MARSAD_ENOMEM. */
int msd_input_next(msd_input *in, msd_doc *doc);

/* The message of the last error: "PATH:LINE: reason". Owned by the input; valid until
 * the next call. */
const char *msd_input_error(const msd_input *in);

/* Starts again from the first document (a second pass over the same input). */
int msd_input_rewind(msd_input *in);

/* Records that were not pages (WARC requests, metadata, images) skipped so far. */
size_t msd_input_skipped(const msd_input *in);

void msd_input_close(msd_input *in);

/* ---- Parsing (input_parse.c): on any thread ----------------------------------------------- */

/* Parses raw into *doc (cleared first; the caller clears it after use), the document
 * msd_input_next() gives for it. It reads raw alone: no input handle, no mutable global
 * state (libxml2 is set up once under pthread_once, html.c), so records parse on several
 * threads at once. raw's buffers may be taken over or changed (a text file's bytes
 * become the document's text): clear raw after, whatever the result, and parse it only
 * once. An error's message ("PATH:LINE: reason", as msd_input_error() would say it) is
 * written into the caller's err[0..err_cap), cut to fit and NUL-terminated; err is left
 * "" on MARSAD_OK and MARSAD_ENOMEM. Returns MARSAD_OK, the error of this document —
 * MARSAD_EFORMAT (bad JSON, no text or HTML field, binary data, no text in a page),
 * MARSAD_EUTF8, MARSAD_EEMPTY, MARSAD_ETOOBIG (a page over html.h's limit); *doc is then
 * empty — or MARSAD_ENOMEM. */
int msd_input_parse(msd_input_raw *raw, msd_doc *doc, char *err, size_t err_cap);

/* Frees what raw holds and zeroes it. Accepts a zeroed record. */
void msd_input_raw_clear(msd_input_raw *raw);

#endif
