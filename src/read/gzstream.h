/*
 * gzstream.h — a FILE* read as one byte stream, plain or gzip (any number of members).
 *
 * Gzip is recognized from the magic bytes 1f 8b at the start, never from a file name.
 * Members are decoded one after another; a read never returns bytes of two members, and
 * says when its bytes begin a member (and where that member starts in the file), so the
 * WARC reader can name a record by its member's compressed offset. A corrupt member is
 * reported once and skipped (decoding goes on at the next 1f 8b 08 in the file); a
 * member cut short by the end of the file is reported once, then the stream ends.
 */
#ifndef MSD_READ_GZSTREAM_H
#define MSD_READ_GZSTREAM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct msd_gzs msd_gzs;

/* Reads f from its current position; f stays the caller's. Returns MARSAD_OK or
 * MARSAD_ENOMEM. */
int msd_gzs_open(FILE *f, msd_gzs **out);

/* Reads up to cap (> 0) decoded bytes into dst. *member receives the compressed offset
 * of the gzip member when dst begins with that member's first byte, else -1 (always -1
 * for plain input). Returns MARSAD_OK with *got > 0, MARSAD_END, MARSAD_EFORMAT (a
 * corrupt or truncated member, or bytes between members that are not gzip; the stream
 * has moved past it, so call again), MARSAD_EIO (sticky) or MARSAD_ENOMEM. */
int msd_gzs_read(msd_gzs *g, unsigned char *dst, size_t cap, size_t *got, int64_t *member);

/* Nonzero when the input is gzip (known after the first read). */
int msd_gzs_is_gzip(const msd_gzs *g);

/* The reason for the last MARSAD_EFORMAT and the compressed offset it refers to. */
const char *msd_gzs_error(const msd_gzs *g, uint64_t *offset);

void msd_gzs_close(msd_gzs *g);

#endif
