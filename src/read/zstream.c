/*
 * zstream.c — gzip and zstd decoding behind a FILE*; contract in zstream.h.
 *
 * glibc's fopencookie() gives a FILE* whose reads call zs_read() and whose seeks call
 * zs_seek(), so getline, fread and getc work on decoded bytes. zs_read() decodes at most
 * what stdio asks for, from a 64 KiB chunk of the compressed file, and returns as soon
 * as it has produced a byte; a failure found after some bytes were produced is kept for
 * the next call, so those bytes are delivered first.
 *
 * gzip (RFC 1952) is a sequence of members: zlib's inflate stops at each member's end
 * (Z_STREAM_END), and the next two bytes must begin another member (1f 8b) or the file
 * must end there. Unlike gzstream.c, which resynchronizes after a damaged member for the
 * WARC reader, we stop at the first damage: the bytes after it would start mid-line or
 * mid-document. zstd (RFC 8878): ZSTD_decompressStream() goes from frame to frame by
 * itself and skips skippable frames; it returns 0 exactly when a frame is decoded and
 * flushed whole, so input that ends when the last return was not 0 is a cut frame.
 */
#define _GNU_SOURCE /* fopencookie, off64_t */
#include "read/zstream.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "marsad.h"

#define IN_CAP         (64 * 1024)
#define WINDOW_LOG_MAX 27 /* 128 MiB, zstd's own default, stated so that it cannot grow */

struct msd_zs {
    FILE *src; /* the compressed bytes, the caller's */
    FILE *fp;  /* the decoded stream, ours */
    msd_zs_kind kind;
    off_t start; /* src's position at open (-1: src cannot seek) */
    z_stream gz;
    int gz_ready;
    ZSTD_DCtx *zd;
    int boundary; /* between members or frames: the input may end here */
    int eof;      /* src has no more bytes */
    int failed;   /* sticky errno for every read until a seek; 0 while all is well */
    uint64_t pos; /* decoded bytes delivered */
    size_t ipos, ilen;
    char msg[160]; /* why it failed, "" unless it was the data */
    unsigned char in[IN_CAP];
};

msd_zs_kind msd_zs_detect(const void *head, size_t n)
{
    const unsigned char *p = head;
    if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) return MSD_ZS_GZIP;
    if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd) return MSD_ZS_ZSTD;
    /* a skippable frame (magic 0x184D2A50..5F, little-endian) may open a zstd file */
    if (n >= 4 && (p[0] & 0xf0) == 0x50 && p[1] == 0x2a && p[2] == 0x4d && p[3] == 0x18)
        return MSD_ZS_ZSTD;
    return MSD_ZS_NONE;
}

/* ---- Failing -------------------------------------------------------------------------- */

/* Bad data: remembered with the number of bytes decoded before it. The `produced` bytes
 * of this call still go out; the failure is returned from the next call on. */
static ssize_t bad(msd_zs *z, size_t produced, const char *why, const char *detail)
{
    snprintf(z->msg, sizeof z->msg, "%s%s%s%s after %llu decoded bytes", why, detail ? " (" : "",
             detail ? detail : "", detail ? ")" : "", (unsigned long long)(z->pos + produced));
    z->failed = EILSEQ;
    if (produced) return (ssize_t)produced;
    errno = EILSEQ;
    return -1;
}

/* A read error of src, or no memory: no message of ours, the errno says it. */
static ssize_t broken(msd_zs *z, int err)
{
    z->failed = err ? err : EIO;
    errno = z->failed;
    return -1;
}

/* Makes k (<= IN_CAP) unread input bytes available unless src ends first. Returns 0, or
 * -1 on a read error of src. */
static int need(msd_zs *z, size_t k)
{
    while (z->ilen - z->ipos < k && !z->eof) {
        size_t n;
        if (z->ipos > 0) {
            memmove(z->in, z->in + z->ipos, z->ilen - z->ipos);
            z->ilen -= z->ipos;
            z->ipos = 0;
        }
        errno = 0;
        n = fread(z->in + z->ilen, 1, IN_CAP - z->ilen, z->src);
        z->ilen += n;
        if (n == 0) {
            if (ferror(z->src)) return -1;
            z->eof = 1;
        }
    }
    return 0;
}

/* ---- Decoding ------------------------------------------------------------------------- */

static ssize_t gz_read(msd_zs *z, unsigned char *dst, size_t cap)
{
    for (;;) {
        size_t before, produced;
        int zr;
        if (z->boundary) {
            if (need(z, 2)) return broken(z, errno);
            if (z->ipos == z->ilen) return 0; /* the end, after a whole member */
            if (z->ilen - z->ipos < 2 || z->in[z->ipos] != 0x1f || z->in[z->ipos + 1] != 0x8b)
                return bad(z, 0, "bytes after the gzip data that are not gzip", NULL);
            inflateReset(&z->gz);
            z->boundary = 0;
        }
        if (need(z, 1)) return broken(z, errno);
        /* At the end of src inflate still runs once with no input: it may hold output. */
        before = z->ilen - z->ipos;
        z->gz.next_in = z->in + z->ipos;
        z->gz.avail_in = (uInt)before;
        z->gz.next_out = dst;
        z->gz.avail_out = (uInt)cap;
        zr = inflate(&z->gz, Z_NO_FLUSH);
        z->ipos += before - z->gz.avail_in;
        produced = cap - z->gz.avail_out;
        if (zr == Z_MEM_ERROR) return broken(z, ENOMEM);
        if (zr == Z_STREAM_END)
            z->boundary = 1;
        else if (zr != Z_OK && zr != Z_BUF_ERROR)
            return bad(z, produced, "corrupt gzip data", z->gz.msg);
        if (produced) return (ssize_t)produced;
        if (z->boundary) continue;
        if (z->ipos == z->ilen && z->eof) return bad(z, 0, "truncated gzip stream", NULL);
        if (before && z->gz.avail_in == before) /* no progress: never loop on it */
            return bad(z, 0, "corrupt gzip data", NULL);
    }
}

static ssize_t zstd_read(msd_zs *z, unsigned char *dst, size_t cap)
{
    for (;;) {
        ZSTD_inBuffer ib;
        ZSTD_outBuffer ob = {dst, cap, 0};
        size_t r;
        if (need(z, 1)) return broken(z, errno);
        if (z->ipos == z->ilen && z->boundary) return 0; /* the end, after a whole frame */
        ib = (ZSTD_inBuffer){z->in + z->ipos, z->ilen - z->ipos, 0};
        r = ZSTD_decompressStream(z->zd, &ob, &ib);
        z->ipos += ib.pos;
        if (ZSTD_isError(r)) {
            if (ZSTD_getErrorCode(r) == ZSTD_error_memory_allocation) return broken(z, ENOMEM);
            if (ZSTD_getErrorCode(r) == ZSTD_error_frameParameter_windowTooLarge)
                return bad(z, ob.pos, "zstd frame needs a window over 128 MiB", NULL);
            return bad(z, ob.pos, "corrupt zstd data", ZSTD_getErrorName(r));
        }
        z->boundary = r == 0;
        if (ob.pos) return (ssize_t)ob.pos;
        if (z->ipos == z->ilen && z->eof) {
            if (z->boundary) return 0;
            return bad(z, 0, "truncated zstd stream", NULL);
        }
        if (ib.size && !ib.pos) return bad(z, 0, "corrupt zstd data", NULL); /* no progress */
    }
}

static ssize_t zs_read(void *cookie, char *buf, size_t size)
{
    msd_zs *z = cookie;
    ssize_t n;
    if (z->failed) {
        errno = z->failed;
        return -1;
    }
    if (size > (size_t)1 << 30) size = (size_t)1 << 30; /* fits zlib's uInt */
    n = z->kind == MSD_ZS_GZIP ? gz_read(z, (unsigned char *)buf, size)
                               : zstd_read(z, (unsigned char *)buf, size);
    if (n > 0) z->pos += (uint64_t)n;
    return n;
}

/* ---- Seeking -------------------------------------------------------------------------- */

/* Back to the first compressed byte, with a fresh decoder and no error. */
static int restart(msd_zs *z)
{
    if (z->start < 0) {
        errno = ESPIPE;
        return -1;
    }
    clearerr(z->src);
    if (fseeko(z->src, z->start, SEEK_SET)) return -1;
    if (z->kind == MSD_ZS_GZIP)
        inflateReset(&z->gz);
    else
        ZSTD_DCtx_reset(z->zd, ZSTD_reset_session_only);
    z->boundary = 1;
    z->eof = 0;
    z->failed = 0;
    z->pos = 0;
    z->ipos = z->ilen = 0;
    z->msg[0] = 0;
    return 0;
}

static int zs_seek(void *cookie, off64_t *offset, int whence)
{
    msd_zs *z = cookie;
    off64_t target = *offset;
    if (whence == SEEK_CUR) target += (off64_t)z->pos;
    if ((whence != SEEK_SET && whence != SEEK_CUR) || target < 0) {
        errno = EINVAL; /* SEEK_END: the decoded length is unknown */
        return -1;
    }
    if ((z->failed || (uint64_t)target < z->pos) && restart(z)) return -1;
    while (z->pos < (uint64_t)target) {
        char sink[8192];
        uint64_t left = (uint64_t)target - z->pos;
        ssize_t n = zs_read(z, sink, left < sizeof sink ? (size_t)left : sizeof sink);
        if (n == 0) errno = EINVAL; /* past the end */
        if (n <= 0) return -1;
    }
    *offset = target;
    return 0;
}

static int zs_close(void *cookie)
{
    (void)cookie; /* msd_zs_close() frees the handle after fclose() */
    return 0;
}

/* ---- The handle ----------------------------------------------------------------------- */

int msd_zs_open(FILE *src, msd_zs_kind kind, msd_zs **out)
{
    cookie_io_functions_t io = {zs_read, NULL, zs_seek, zs_close};
    msd_zs *z;
    *out = NULL;
    if (!src || (kind != MSD_ZS_GZIP && kind != MSD_ZS_ZSTD)) return MARSAD_EINVAL;
    z = calloc(1, sizeof *z);
    if (!z) return MARSAD_ENOMEM;
    z->src = src;
    z->kind = kind;
    z->boundary = 1;
    z->start = ftello(src);
    if (kind == MSD_ZS_GZIP) {
        /* 16 + MAX_WBITS: the gzip wrapper only, so its CRC and length are checked */
        if (inflateInit2(&z->gz, 16 + MAX_WBITS) != Z_OK) goto fail;
        z->gz_ready = 1;
    } else {
        z->zd = ZSTD_createDCtx();
        if (!z->zd ||
            ZSTD_isError(ZSTD_DCtx_setParameter(z->zd, ZSTD_d_windowLogMax, WINDOW_LOG_MAX)))
            goto fail;
    }
    z->fp = fopencookie(z, "r", io);
    if (!z->fp) goto fail;
    /* fewer, larger calls into the decoder than stdio's default BUFSIZ */
    setvbuf(z->fp, NULL, _IOFBF, IN_CAP);
    *out = z;
    return MARSAD_OK;
fail:
    msd_zs_close(z);
    return MARSAD_ENOMEM;
}

FILE *msd_zs_file(msd_zs *z)
{
    return z->fp;
}

const char *msd_zs_error(const msd_zs *z)
{
    return z->msg[0] ? z->msg : NULL;
}

void msd_zs_close(msd_zs *z)
{
    if (!z) return;
    if (z->fp) fclose(z->fp);
    if (z->gz_ready) inflateEnd(&z->gz);
    ZSTD_freeDCtx(z->zd);
    free(z);
}
