/*
 * zstream.h — a gzip or zstd file read as its decoded bytes through a FILE* of its own,
 * so that every reader that takes a FILE* takes compressed input unchanged.
 *
 * The compression is told by the first bytes (msd_zs_detect), never by a file name:
 * gzip 1f 8b; zstd 28 b5 2f fd, or a skippable frame 5? 2a 4d 18. Any number of gzip
 * members or zstd frames (skippable ones ignored) are one stream.
 *
 * Memory is bounded: one 64 KiB chunk of compressed input, the stdio buffer and the
 * decoder's state (zlib's 32 KiB window; zstd's window as its frame header asks, at most
 * 128 MiB, a frame asking more is refused). Nothing is decompressed ahead of the reader.
 *
 * Seeking: fseek/rewind to 0 starts decoding again from the start of the compressed
 * data (the caller's FILE* is sought back to where it was at open, so it must be
 * seekable: a pipe fails the seek with ESPIPE), so the stream can be read twice. Any
 * other position is reached by decoding (forward) or by starting again and decoding
 * (backward); SEEK_END is refused (EINVAL).
 *
 * Errors are sticky until a seek: truncated or corrupt compressed data, or bytes after
 * the last member that are not gzip, make a read fail (ferror() set, errno EILSEQ) after
 * every byte decoded before them has been delivered; msd_zs_error() says what and after
 * how many decoded bytes. A read error of the underlying FILE* fails the same way with
 * its errno, and msd_zs_error() returns NULL.
 */
#ifndef MSD_READ_ZSTREAM_H
#define MSD_READ_ZSTREAM_H

#include <stddef.h>
#include <stdio.h>

typedef enum msd_zs_kind { MSD_ZS_NONE, MSD_ZS_GZIP, MSD_ZS_ZSTD } msd_zs_kind;

typedef struct msd_zs msd_zs;

/* The compression of data starting with head[0..n) (4 bytes are enough). */
msd_zs_kind msd_zs_detect(const void *head, size_t n);

/* Decodes src from its current position; kind is MSD_ZS_GZIP or MSD_ZS_ZSTD. src stays
 * the caller's and must outlive the handle. Returns MARSAD_OK, MARSAD_EINVAL (kind) or
 * MARSAD_ENOMEM; *out is NULL on failure. */
int msd_zs_open(FILE *src, msd_zs_kind kind, msd_zs **out);

/* The decoded stream, owned by the handle: read and seek it, never fclose it. */
FILE *msd_zs_file(msd_zs *z);

/* Why the stream failed ("truncated zstd stream after 1234 decoded bytes"), or NULL when
 * it has not failed or failed on a read error of src. Owned by the handle; valid until
 * the next read, seek or msd_zs_close(). */
const char *msd_zs_error(const msd_zs *z);

/* Closes the decoded FILE* and frees the decoder; src is left open. Accepts NULL. */
void msd_zs_close(msd_zs *z);

#endif
