/*
 * gzstream.c — plain or multi-member gzip input as one byte stream; contract in
 * gzstream.h.
 *
 * A gzip file (RFC 1952) is a sequence of members, each a header (1f 8b 08 …), a
 * deflate stream and an 8-byte trailer. Common Crawl writes one member per WARC record
 * so that a record can be fetched by (offset, length); wget and others write one member
 * for the whole file. zlib's inflate stops at the end of each member (Z_STREAM_END);
 * we reset it and go on with the next one. The file is read in 64 KiB chunks into `in`;
 * bytes before `ipos` are consumed but kept until the next refill, so that after a
 * corrupt member the search for the next one can start right after that member's
 * header instead of after the point where zlib noticed the damage.
 */
#include "read/gzstream.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "marsad.h"

#define IN_CAP (64 * 1024)

enum state {
    S_START,   /* nothing read yet */
    S_PLAIN,   /* not gzip: bytes pass through */
    S_MEMBER,  /* inside a gzip member */
    S_BETWEEN, /* after a member's trailer */
    S_SCAN,    /* looking for the next member after damage */
    S_END,
    S_EIO
};

struct msd_gzs {
    FILE *f;
    z_stream z;
    enum state state;
    int eof;     /* fread reached the end of the file */
    int gzip;    /* the input starts with 1f 8b */
    int fresh;   /* the current member has not produced a byte yet */
    int pending; /* an error to return at the next call (its data went out first) */
    size_t ipos, ilen;
    uint64_t ibase;  /* file offset of in[0] */
    uint64_t member; /* file offset of the current member */
    const char *err;
    uint64_t err_off;
    unsigned char in[IN_CAP];
};

int msd_gzs_open(FILE *f, msd_gzs **out)
{
    msd_gzs *g;
    *out = NULL;
    g = calloc(1, sizeof *g);
    if (!g) return MARSAD_ENOMEM;
    g->f = f;
    /* 16 + MAX_WBITS: gzip wrapper only; the magic was checked before inflating. */
    if (inflateInit2(&g->z, 16 + MAX_WBITS) != Z_OK) {
        free(g);
        return MARSAD_ENOMEM;
    }
    g->state = S_START;
    g->err = "no error";
    *out = g;
    return MARSAD_OK;
}

void msd_gzs_close(msd_gzs *g)
{
    if (!g) return;
    inflateEnd(&g->z);
    free(g);
}

int msd_gzs_is_gzip(const msd_gzs *g)
{
    return g->gzip;
}

const char *msd_gzs_error(const msd_gzs *g, uint64_t *offset)
{
    if (offset) *offset = g->err_off;
    return g->err;
}

/* Makes at least k (<= IN_CAP) unread bytes available unless the file ends first;
 * *avail receives how many there are. */
static int need(msd_gzs *g, size_t k, size_t *avail)
{
    while (g->ilen - g->ipos < k && !g->eof) {
        size_t n;
        if (g->ipos > 0) {
            memmove(g->in, g->in + g->ipos, g->ilen - g->ipos);
            g->ibase += g->ipos;
            g->ilen -= g->ipos;
            g->ipos = 0;
        }
        n = fread(g->in + g->ilen, 1, IN_CAP - g->ilen, g->f);
        g->ilen += n;
        if (n == 0) {
            if (ferror(g->f)) {
                g->state = S_EIO;
                return MARSAD_EIO;
            }
            g->eof = 1;
        }
    }
    *avail = g->ilen - g->ipos;
    return MARSAD_OK;
}

static void start_member(msd_gzs *g)
{
    inflateReset(&g->z);
    g->member = g->ibase + g->ipos;
    g->fresh = 1;
    g->state = S_MEMBER;
}

static int fail(msd_gzs *g, const char *why, uint64_t off, enum state next)
{
    g->err = why;
    g->err_off = off;
    g->state = next;
    return MARSAD_EFORMAT;
}

/* Finds the next 1f 8b 08 (gzip with deflate) from ipos. */
static int scan(msd_gzs *g)
{
    for (;;) {
        size_t avail;
        const unsigned char *p;
        int rc = need(g, 3, &avail);
        if (rc) return rc;
        if (avail < 3) {
            g->ipos = g->ilen;
            g->state = S_END;
            return MARSAD_END;
        }
        p = memchr(g->in + g->ipos, 0x1f, avail - 2);
        if (!p) {
            g->ipos = g->ilen - 2; /* a match may straddle the refill */
            continue;
        }
        g->ipos = (size_t)(p - g->in);
        if (p[1] == 0x8b && p[2] == 0x08) {
            start_member(g);
            return MARSAD_OK;
        }
        g->ipos++;
    }
}

/* Inflates the current member into dst; returns with *got bytes (possibly 0 when the
 * member ended without output) or an error. */
static int inflate_some(msd_gzs *g, unsigned char *dst, size_t cap, size_t *got)
{
    size_t produced = 0;
    int rc;
    for (;;) {
        size_t avail, before_in;
        int zr;
        rc = need(g, 1, &avail);
        if (rc) return rc;
        if (avail == 0) {
            rc = fail(g, "truncated gzip stream", g->member, S_END);
            goto out;
        }
        if (avail > UINT_MAX) avail = UINT_MAX;
        g->z.next_in = g->in + g->ipos;
        g->z.avail_in = (uInt)avail;
        g->z.next_out = dst + produced;
        g->z.avail_out = (uInt)(cap - produced);
        before_in = avail;
        zr = inflate(&g->z, Z_NO_FLUSH);
        g->ipos += before_in - g->z.avail_in;
        produced = (size_t)(g->z.next_out - dst);
        if (zr == Z_STREAM_END) {
            g->state = S_BETWEEN;
            break;
        }
        if (zr == Z_OK || zr == Z_BUF_ERROR) {
            if (produced == cap) break;
            if (zr == Z_BUF_ERROR && g->z.avail_in > 0) goto corrupt; /* no progress */
            continue;
        }
        if (zr == Z_MEM_ERROR) return MARSAD_ENOMEM;
    corrupt : {
        /* Search again right after this member's magic when it is still buffered. */
        uint64_t from = g->member + 1;
        if (from < g->ibase) from = g->ibase;
        if (from > g->ibase + g->ilen) from = g->ibase + g->ilen;
        g->ipos = (size_t)(from - g->ibase);
        rc = fail(g, "corrupt gzip member", g->member, S_SCAN);
        goto out;
    }
    }
    *got = produced;
    return MARSAD_OK;
out:
    *got = produced;
    if (produced == 0) return rc;
    g->pending = rc; /* the good bytes go out first */
    return MARSAD_OK;
}

int msd_gzs_read(msd_gzs *g, unsigned char *dst, size_t cap, size_t *got, int64_t *member)
{
    *got = 0;
    *member = -1;
    if (cap > (size_t)1 << 30) cap = (size_t)1 << 30;
    if (g->pending) {
        int rc = g->pending;
        g->pending = 0;
        return rc;
    }
    for (;;) {
        size_t avail;
        int rc;
        switch (g->state) {
        case S_START:
            rc = need(g, 2, &avail);
            if (rc) return rc;
            if (avail >= 2 && g->in[g->ipos] == 0x1f && g->in[g->ipos + 1] == 0x8b) {
                g->gzip = 1;
                start_member(g);
            } else {
                g->state = S_PLAIN;
            }
            break;
        case S_PLAIN:
            if (g->ipos < g->ilen) {
                size_t n = g->ilen - g->ipos < cap ? g->ilen - g->ipos : cap;
                memcpy(dst, g->in + g->ipos, n);
                g->ipos += n;
                *got = n;
                return MARSAD_OK;
            }
            if (!g->eof) {
                size_t n = fread(dst, 1, cap, g->f);
                if (n > 0) {
                    *got = n;
                    return MARSAD_OK;
                }
                if (ferror(g->f)) {
                    g->state = S_EIO;
                    return MARSAD_EIO;
                }
                g->eof = 1;
            }
            g->state = S_END;
            return MARSAD_END;
        case S_MEMBER: {
            uint64_t m = g->member;
            int fresh = g->fresh;
            rc = inflate_some(g, dst, cap, got);
            if (rc) return rc;
            if (*got == 0) break; /* an empty member: go on with the next */
            g->fresh = 0;
            if (fresh) *member = (int64_t)m;
            return MARSAD_OK;
        }
        case S_BETWEEN:
            rc = need(g, 2, &avail);
            if (rc) return rc;
            if (avail == 0) {
                g->state = S_END;
                return MARSAD_END;
            }
            if (avail >= 2 && g->in[g->ipos] == 0x1f && g->in[g->ipos + 1] == 0x8b) {
                start_member(g);
                break;
            }
            return fail(g, "garbage after gzip member", g->ibase + g->ipos, S_SCAN);
        case S_SCAN:
            rc = scan(g);
            if (rc) return rc;
            break;
        case S_END: return MARSAD_END;
        case S_EIO: return MARSAD_EIO;
        }
    }
}
