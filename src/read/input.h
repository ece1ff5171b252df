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
 * Memory is bounded whatever the input: files are streamed, and one document (a text or
 * HTML file, a JSONL line, a WARC record's block) is held up to max_document bytes of
 * decoded text; past that it is a MARSAD_ETOOBIG error, so a decompression bomb costs
 * decoding time, never memory.
 *
 * Errors are per document: msd_input_next() returns the error of one document (a bad
 * JSONL line, invalid UTF-8, a binary or empty file, a broken WARC record) with a
 * message naming the file and line or offset, and the next call goes on with the next
 * document. Compressed data that is truncated or corrupt is one MARSAD_EFORMAT error
 * ("PATH: truncated gzip stream after N decoded bytes"): the documents decoded before it
 * were returned, and the next call goes on with the next file. Nothing is skipped
 * silently but records that are not pages (WARC requests, images), which are counted.
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

/* The next document into *doc (cleared first; the caller clears it after use).
 * Returns MARSAD_OK, MARSAD_END, or the error of one document (MARSAD_EFORMAT,
 * MARSAD_EUTF8, MARSAD_ETOOBIG, MARSAD_EIO) — call again to go on — or MARSAD_ENOMEM. */
int msd_input_next(msd_input *in, msd_doc *doc);

/* The message of the last error: "PATH:LINE: reason". Owned by the input; valid until
 * the next call. */
const char *msd_input_error(const msd_input *in);

/* Starts again from the first document (a second pass over the same input). */
int msd_input_rewind(msd_input *in);

/* Records that were not pages (WARC requests, metadata, images) skipped so far. */
size_t msd_input_skipped(const msd_input *in);

void msd_input_close(msd_input *in);

#endif
