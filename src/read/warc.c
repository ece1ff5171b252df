/*
 * warc.c — streaming WARC 1.0/1.1 reader; contract in warc.h.
 *
 * A WARC file (ISO 28500) is a sequence of records:
 *
 *   version   = "WARC/1.0" | "WARC/1.1" CRLF
 *   header    = *( name ":" value CRLF )     names case-insensitive; Content-Length,
 *               CRLF                           WARC-Type, WARC-Record-ID, WARC-Date required
 *   block     = Content-Length bytes         for a "response" record, usually an HTTP
 *                                            response (Content-Type: application/http)
 *   CRLF CRLF
 *
 * possibly gzip-compressed one member per record or as a whole (gzstream.c). We also
 * take bare LF line endings and any number of blank lines between records, since
 * writers differ. Decoded bytes pass through a 128 KiB window; a record's block is
 * copied out up to max_record and the rest is read and dropped, so the reader stays in
 * step with the file whatever a record's size. A record we cannot read is reported
 * and then skipped by scanning for the next "WARC/1." at the start of a line or the
 * next gzip member, whichever comes first.
 *
 * HTTP responses are parsed in place in the block buffer: header values are cut with
 * NULs there (the buffer has one spare byte for a header that runs to its end), and a
 * chunked body is decoded in place (the output never overtakes the input).
 */
#include "read/warc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#define ZLIB_CONST /* next_in is const */
#include <zlib.h>

#include "marsad.h"
#include "read/gzstream.h"

#define WIN_CAP     (128 * 1024)  /* also the longest header line */
#define MAX_HEADER  (1024 * 1024) /* WARC header bytes of one record */
#define DEF_MAX_REC ((size_t)64 << 20)
#define NMEMBERS    64 /* member starts remembered ahead of the read position */
#define W_FULL      (-1)

enum { F_TYPE, F_URI, F_DATE, F_ID, F_LEN, F_CTYPE, NFIELDS };
static const char *const field_names[NFIELDS] = {
    "WARC-Type", "WARC-Target-URI", "WARC-Date", "WARC-Record-ID", "Content-Length", "Content-Type",
};

struct member {
    uint64_t upos; /* decoded offset of its first byte */
    uint64_t coff; /* its offset in the file */
};

struct msd_warc {
    msd_gzs *src;
    size_t max_record;
    unsigned char *win; /* decoded bytes [wpos, wlen) not yet consumed */
    size_t wpos, wlen;
    uint64_t wupos; /* decoded offset of win[0] */
    int weof;       /* the source has ended */
    int ls;         /* wpos is at the start of a line */
    struct member ms[NMEMBERS];
    size_t nms;
    unsigned char *hdr; /* the wanted WARC header values, NUL-terminated */
    size_t hlen, hcap;
    unsigned char *block; /* the kept block, plus one spare byte */
    size_t bcap;
    unsigned char *dec; /* the body after Content-Encoding decoding */
    size_t dcap;
    int resync; /* the last record failed: skip to the next record first */
    int done;   /* MARSAD_END or MARSAD_EIO once reached */
    const char *err;
    uint64_t err_off;
};

int msd_warc_open(FILE *f, size_t max_record, msd_warc **out)
{
    msd_warc *w;
    if (!out) return MARSAD_EINVAL;
    *out = NULL;
    if (!f) return MARSAD_EINVAL;
    w = calloc(1, sizeof *w);
    if (!w) return MARSAD_ENOMEM;
    w->win = malloc(WIN_CAP);
    if (!w->win || msd_gzs_open(f, &w->src) != MARSAD_OK) goto fail;
    if (max_record == 0) max_record = DEF_MAX_REC;
    if (max_record > SIZE_MAX / 4) max_record = SIZE_MAX / 4; /* room for +1 and doubling */
    w->max_record = max_record;
    w->ls = 1;
    w->err = "no error";
    *out = w;
    return MARSAD_OK;
fail:
    msd_warc_close(w);
    return MARSAD_ENOMEM;
}

void msd_warc_close(msd_warc *w)
{
    if (!w) return;
    msd_gzs_close(w->src);
    free(w->win);
    free(w->hdr);
    free(w->block);
    free(w->dec);
    free(w);
}

const char *msd_warc_error(const msd_warc *w, uint64_t *offset)
{
    if (!w) {
        if (offset) *offset = 0;
        return "no reader";
    }
    if (offset) *offset = w->err_off;
    return w->err;
}

/* ---- Small helpers -------------------------------------------------------------------- */

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* s[0..n) equals the literal lit, ignoring ASCII case. */
static int ieq(const void *s, size_t n, const char *lit)
{
    const unsigned char *p = s;
    if (strlen(lit) != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (lower(p[i]) != lower((unsigned char)lit[i])) return 0;
    return 1;
}

static int ispre(const void *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    return n >= k && ieq(s, k, lit);
}

static int isws(int c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Grows *buf to hold at least want bytes, doubling to amortize but not past limit
 * (callers keep want <= limit). */
static int grow(unsigned char **buf, size_t *cap, size_t want, size_t limit)
{
    size_t n = *cap ? *cap : 4096;
    unsigned char *p;
    if (want <= *cap) return MARSAD_OK;
    if (n > limit) n = limit;
    while (n < want) {
        if (n > limit / 2) {
            n = limit;
            break;
        }
        n *= 2;
    }
    if (n < want) n = want;
    p = realloc(*buf, n);
    if (!p) return MARSAD_ENOMEM;
    *buf = p;
    *cap = n;
    return MARSAD_OK;
}

static uint64_t upos(const msd_warc *w)
{
    return w->wupos + w->wpos;
}

/* ---- The window of decoded bytes ------------------------------------------------------ */

/* A source error: the bytes of the broken member in the window are worthless, and the
 * source has already moved on to the next member (or the end). */
static int src_fail(msd_warc *w, int rc)
{
    if (rc == MARSAD_EFORMAT) w->err = msd_gzs_error(w->src, &w->err_off);
    if (rc == MARSAD_EIO) w->done = MARSAD_EIO;
    w->wpos = w->wlen;
    w->nms = 0;
    w->ls = 0;
    w->resync = 1;
    return rc;
}

/* Appends the source's next chunk. Returns MARSAD_OK, MARSAD_END, W_FULL (the window
 * holds WIN_CAP unconsumed bytes) or a source error. */
static int fill(msd_warc *w)
{
    size_t got = 0;
    int64_t m = -1;
    int rc;
    if (w->weof) return MARSAD_END;
    if (w->wpos > 0) {
        memmove(w->win, w->win + w->wpos, w->wlen - w->wpos);
        w->wupos += w->wpos;
        w->wlen -= w->wpos;
        w->wpos = 0;
    }
    if (w->wlen == WIN_CAP) return W_FULL;
    rc = msd_gzs_read(w->src, w->win + w->wlen, WIN_CAP - w->wlen, &got, &m);
    if (rc == MARSAD_END) {
        w->weof = 1;
        return MARSAD_END;
    }
    if (rc) return src_fail(w, rc);
    if (m >= 0) {
        if (w->nms == NMEMBERS) { /* pathological tiny members: forget the oldest */
            memmove(w->ms, w->ms + 1, (NMEMBERS - 1) * sizeof w->ms[0]);
            w->nms--;
        }
        w->ms[w->nms].upos = w->wupos + w->wlen;
        w->ms[w->nms].coff = (uint64_t)m;
        w->nms++;
    }
    w->wlen += got;
    return MARSAD_OK;
}

/* Makes k bytes available from wpos unless the stream ends first. */
static int want(msd_warc *w, size_t k)
{
    while (w->wlen - w->wpos < k) {
        int rc = fill(w);
        if (rc == MARSAD_END || rc == W_FULL) return MARSAD_OK;
        if (rc) return rc;
    }
    return MARSAD_OK;
}

/* The next line, without its '\n'; *nl = 0 when the stream ended before one. Returns
 * MARSAD_OK, MARSAD_END (nothing left), W_FULL (no '\n' in WIN_CAP bytes) or a source
 * error. The line points into the window: valid until the next window call. */
static int get_line(msd_warc *w, const unsigned char **line, size_t *len, int *nl)
{
    size_t scanned = 0;
    for (;;) {
        unsigned char *s = w->win + w->wpos;
        unsigned char *p = memchr(s + scanned, '\n', w->wlen - w->wpos - scanned);
        int rc;
        if (p) {
            *line = s;
            *len = (size_t)(p - s);
            *nl = 1;
            w->wpos += *len + 1;
            w->ls = 1;
            return MARSAD_OK;
        }
        scanned = w->wlen - w->wpos;
        rc = fill(w); /* keeps [wpos, wlen), so scanned stays right */
        if (rc == MARSAD_END) {
            if (scanned == 0) return MARSAD_END;
            *line = w->win + w->wpos;
            *len = scanned;
            *nl = 0;
            w->wpos = w->wlen;
            w->ls = 0;
            return MARSAD_OK;
        }
        if (rc) return rc;
    }
}

/* Offset of the next member start at or after `from`, or UINT64_MAX. */
static uint64_t next_member(const msd_warc *w, uint64_t from)
{
    uint64_t m = UINT64_MAX;
    for (size_t i = 0; i < w->nms; i++)
        if (w->ms[i].upos >= from && w->ms[i].upos < m) m = w->ms[i].upos;
    return m;
}

/* Skips to the next "WARC/1." at the start of a line or the next gzip member. */
static int resync(msd_warc *w)
{
    for (;;) {
        uint64_t here, m;
        size_t lim;
        unsigned char *p;
        int rc;
        if (w->wpos == w->wlen) {
            rc = fill(w);
            if (rc) return rc; /* W_FULL cannot happen on an empty window */
        }
        here = upos(w);
        m = next_member(w, here);
        if (m == here) return MARSAD_OK;
        if (w->ls) {
            rc = want(w, 7);
            if (rc) return rc;
            if (w->wlen - w->wpos >= 7 && !memcmp(w->win + w->wpos, "WARC/1.", 7)) return MARSAD_OK;
        }
        lim = w->wlen - w->wpos;
        if (m - here < lim) lim = (size_t)(m - here);
        p = memchr(w->win + w->wpos, '\n', lim);
        if (p) {
            w->wpos = (size_t)(p - w->win) + 1;
            w->ls = 1;
        } else {
            w->wpos += lim;
            w->ls = 0;
        }
    }
}

/* ---- HTTP responses ------------------------------------------------------------------- */

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Decodes a chunked body in place and returns its new length; returns n unchanged when
 * the body does not start with a chunk-size line (some writers store it decoded but
 * keep the header). A broken chunk stream ends the output where it breaks. */
static size_t dechunk(unsigned char *b, size_t n)
{
    size_t r = 0, out = 0;
    int first = 1;
    for (;;) {
        size_t sz = 0, take;
        int digits = 0;
        unsigned char *p;
        while (r < n && (b[r] == ' ' || b[r] == '\t')) r++;
        while (r < n && hexval(b[r]) >= 0) {
            if (sz > (SIZE_MAX >> 4)) return first ? n : out;
            sz = sz * 16 + (size_t)hexval(b[r++]);
            digits++;
        }
        if (!digits || r >= n || (b[r] != ';' && !isws(b[r]) && b[r] != '\n'))
            return first ? n : out;
        p = memchr(b + r, '\n', n - r); /* chunk extensions are ignored */
        if (!p) return first ? n : out;
        first = 0;
        r = (size_t)(p - b) + 1;
        if (sz == 0) return out; /* last chunk; trailers ignored */
        take = sz < n - r ? sz : n - r;
        memmove(b + out, b + r, take);
        out += take;
        r += take;
        if (take < sz) return out;
        if (r < n && b[r] == '\r') r++;
        if (r < n && b[r] == '\n')
            r++;
        else
            return out;
    }
}

/* Inflates a gzip or zlib (raw = 0) or raw deflate (raw = 1) body into w->dec, up to
 * max_record bytes. *ok says whether it decoded (some output, or a clean empty stream). */
static int inflate_body(msd_warc *w, const unsigned char *in, size_t n, int raw, size_t *out_len,
                        int *truncated, int *ok)
{
    z_stream z;
    size_t out = 0, used = 0;
    int rc = MARSAD_OK;
    memset(&z, 0, sizeof z);
    *out_len = 0;
    *ok = 0;
    if (inflateInit2(&z, raw ? -MAX_WBITS : 32 + MAX_WBITS) != Z_OK) return MARSAD_ENOMEM;
    for (;;) {
        size_t before_out, before_in;
        int zr;
        if (out == w->dcap) {
            if (out >= w->max_record) {
                *truncated = 1;
                break;
            }
            rc = grow(&w->dec, &w->dcap, out + 1, w->max_record);
            if (rc) goto done;
        }
        if (z.avail_in == 0) {
            size_t k = n - used < (1u << 30) ? n - used : (1u << 30);
            z.next_in = in + used;
            z.avail_in = (uInt)k;
            used += k;
        }
        before_out = w->dcap - out < (1u << 30) ? w->dcap - out : (1u << 30);
        before_in = z.avail_in;
        z.next_out = w->dec + out;
        z.avail_out = (uInt)before_out;
        zr = inflate(&z, Z_NO_FLUSH);
        out += before_out - z.avail_out;
        if (zr == Z_STREAM_END) {
            /* Another gzip member may follow. */
            const unsigned char *nx = z.next_in;
            *ok = 1;
            if (z.avail_in >= 2 && nx[0] == 0x1f && nx[1] == 0x8b && inflateReset(&z) == Z_OK)
                continue;
            break;
        }
        if (zr == Z_MEM_ERROR) {
            rc = MARSAD_ENOMEM;
            goto done;
        }
        if (zr != Z_OK && zr != Z_BUF_ERROR) break; /* damaged: keep what came out */
        if (z.avail_out > 0 && z.avail_in == 0 && used == n) break; /* input cut short */
        if (zr == Z_BUF_ERROR && z.avail_out > 0 && z.avail_in == before_in) break;
    }
    *out_len = out;
    if (out > 0) *ok = 1;
done:
    inflateEnd(&z);
    return rc;
}

/* Parses the HTTP response in the block b[0..n) (b has a spare byte at n). Leaves rec
 * alone when the block does not start with a status line. */
static int parse_http(msd_warc *w, msd_warc_record *rec, unsigned char *b, size_t n)
{
    size_t i = 5, le, body = n, blen;
    unsigned char *p;
    int status = 0, chunked = 0, enc = 0, have_ct = 0, have_date = 0, rc;

    if (n < 5 || memcmp(b, "HTTP/", 5)) return MARSAD_OK;
    p = memchr(b, '\n', n);
    le = p ? (size_t)(p - b) : n;
    while (i < le && b[i] != ' ' && b[i] != '\t') i++;
    while (i < le && (b[i] == ' ' || b[i] == '\t')) i++;
    for (int k = 0; k < 3; k++, i++) {
        if (i >= le || b[i] < '0' || b[i] > '9') return MARSAD_OK;
        status = status * 10 + (b[i] - '0');
    }
    if (i < le && !isws(b[i])) return MARSAD_OK;
    if (status < 100) return MARSAD_OK;
    rec->http_status = status;

    for (i = le < n ? le + 1 : n; i < n;) {
        size_t ls = i, e, next, c, v, ve;
        p = memchr(b + i, '\n', n - i);
        e = p ? (size_t)(p - b) : n;
        next = p ? e + 1 : n;
        while (e > ls && b[e - 1] == '\r') e--;
        if (e == ls) {
            body = next;
            break;
        }
        i = next;
        p = memchr(b + ls, ':', e - ls);
        if (!p || ls == e || b[ls] == ' ' || b[ls] == '\t') continue;
        c = (size_t)(p - b);
        v = c + 1;
        while (c > ls && isws(b[c - 1])) c--; /* "Name :" */
        while (v < e && isws(b[v])) v++;
        ve = e;
        while (ve > v && isws(b[ve - 1])) ve--;
        /* b[ve] is this line's '\r' or '\n', trailing blank, or the spare byte at n. */
        if (ieq(b + ls, c - ls, "Content-Type") && !have_ct) {
            size_t me = v, cs = 0, cse = 0;
            have_ct = 1;
            while (me < ve && b[me] != ';') me++;
            for (size_t q = me; q < ve;) { /* parameters: ; name = value */
                size_t nm, nme;
                q++;
                while (q < ve && isws(b[q])) q++;
                nm = q;
                while (q < ve && b[q] != '=' && b[q] != ';' && !isws(b[q])) q++;
                nme = q;
                while (q < ve && isws(b[q])) q++;
                if (q >= ve || b[q] != '=') {
                    while (q < ve && b[q] != ';') q++;
                    continue;
                }
                q++;
                while (q < ve && isws(b[q])) q++;
                if (q < ve && b[q] == '"') q++;
                if (ieq(b + nm, nme - nm, "charset") && !cse) {
                    cs = q;
                    while (q < ve && b[q] != ';' && b[q] != '"' && !isws(b[q])) q++;
                    cse = q;
                    if (cse == cs) cse = 0;
                }
                while (q < ve && b[q] != ';') q++;
            }
            while (me > v && isws(b[me - 1])) me--;
            if (cse) {
                for (size_t q = cs; q < cse; q++) b[q] = (unsigned char)lower(b[q]);
                b[cse] = 0;
                rec->charset = (const char *)b + cs;
            }
            if (me > v) {
                for (size_t q = v; q < me; q++) b[q] = (unsigned char)lower(b[q]);
                b[me] = 0;
                rec->content_type = (const char *)b + v;
            }
        } else if (ieq(b + ls, c - ls, "Date") && !have_date) {
            have_date = 1;
            b[ve] = 0;
            rec->http_date = (const char *)b + v;
        } else if (ieq(b + ls, c - ls, "Transfer-Encoding")) {
            for (size_t q = v; q + 7 <= ve; q++)
                if (ispre(b + q, ve - q, "chunked")) chunked = 1;
        } else if (ieq(b + ls, c - ls, "Content-Encoding")) {
            if (ieq(b + v, ve - v, "gzip") || ieq(b + v, ve - v, "x-gzip")) enc = 1;
            if (ieq(b + v, ve - v, "deflate")) enc = 2;
        }
    }

    blen = n - body;
    if (chunked) blen = dechunk(b + body, blen);
    rec->body = (const char *)b + body;
    rec->body_len = blen;
    if (enc && blen > 0) {
        size_t out = 0;
        int trunc = 0, ok = 0;
        rc = inflate_body(w, b + body, blen, 0, &out, &trunc, &ok);
        if (!rc && !ok && enc == 2) rc = inflate_body(w, b + body, blen, 1, &out, &trunc, &ok);
        if (rc) return rc;
        if (ok) { /* else the body was not what its header said: keep it as is */
            rec->body = out ? (const char *)w->dec : "";
            rec->body_len = out;
            if (trunc) rec->truncated = 1;
        }
    }
    return MARSAD_OK;
}

/* ---- Records -------------------------------------------------------------------------- */

static int bad(msd_warc *w, const char *why, uint64_t off)
{
    w->err = why;
    w->err_off = off;
    w->resync = 1;
    return MARSAD_EFORMAT;
}

/* Keeps the value of a wanted header line; off[] receives offsets into hdr. */
static int keep_field(msd_warc *w, const unsigned char *s, size_t n, size_t off[NFIELDS])
{
    const unsigned char *colon = memchr(s, ':', n);
    size_t ne, v, ve;
    int f;
    if (!colon || n == 0 || s[0] == ' ' || s[0] == '\t') return MARSAD_OK; /* continuation */
    ne = (size_t)(colon - s);
    while (ne > 0 && isws(s[ne - 1])) ne--;
    for (f = 0; f < NFIELDS; f++)
        if (ieq(s, ne, field_names[f])) break;
    if (f == NFIELDS || off[f] != SIZE_MAX) return MARSAD_OK; /* unwanted, or a repeat */
    v = (size_t)(colon - s) + 1;
    while (v < n && isws(s[v])) v++;
    ve = n;
    while (ve > v && isws(s[ve - 1])) ve--;
    if ((f == F_ID || f == F_URI) && ve - v >= 2 && s[v] == '<' && s[ve - 1] == '>') {
        v++;
        ve--;
    }
    if (grow(&w->hdr, &w->hcap, w->hlen + (ve - v) + 1, MAX_HEADER + 1)) return MARSAD_ENOMEM;
    memcpy(w->hdr + w->hlen, s + v, ve - v);
    off[f] = w->hlen;
    w->hlen += ve - v;
    w->hdr[w->hlen++] = 0;
    return MARSAD_OK;
}

/* Content-Length: decimal digits only. */
static int parse_length(const char *s, uint64_t *out)
{
    size_t n = strlen(s);
    unsigned long long v;
    char *end;
    if (n == 0 || n > 20) return -1;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno == ERANGE || *end) return -1;
    *out = (uint64_t)v;
    return 0;
}

static int read_record(msd_warc *w, msd_warc_record *rec)
{
    const unsigned char *line;
    size_t len, off[NFIELDS], have = 0, keep, hbytes = 0;
    uint64_t pos0 = upos(w), start, roff, clen, left;
    int nl, rc;

    /* Blank lines between records (the block's CRLF CRLF, or extra ones). */
    for (;;) {
        size_t k = 0;
        start = upos(w);
        rc = get_line(w, &line, &len, &nl);
        if (rc == MARSAD_END) return MARSAD_END;
        if (rc == W_FULL) {
            w->wpos = w->wlen;
            w->ls = 0;
            return bad(w, "bad WARC version line", start);
        }
        if (rc) return rc; /* a source error, already described */
        while (k < len && (isws(line[k]))) k++;
        if (k < len) break;
        if (!nl) return MARSAD_END;
    }
    /* A member that starts among the blank lines holds this record. */
    roff = start;
    for (size_t i = 0; i < w->nms; i++)
        if (w->ms[i].upos >= pos0 && w->ms[i].upos <= start) roff = w->ms[i].coff;
    {
        size_t j = 0;
        for (size_t i = 0; i < w->nms; i++)
            if (w->ms[i].upos > start) w->ms[j++] = w->ms[i];
        w->nms = j;
    }
    rec->offset = roff;

    while (len > 0 && isws(line[len - 1])) len--;
    if (len != 8 || (memcmp(line, "WARC/1.0", 8) && memcmp(line, "WARC/1.1", 8)))
        return bad(w, "bad WARC version line", roff);

    /* Header lines up to the blank line. */
    for (int f = 0; f < NFIELDS; f++) off[f] = SIZE_MAX;
    w->hlen = 0;
    for (;;) {
        rc = get_line(w, &line, &len, &nl);
        if (rc == MARSAD_END || (rc == MARSAD_OK && !nl))
            return bad(w, "record header cut short by end of file", roff);
        if (rc == W_FULL) {
            w->wpos = w->wlen;
            w->ls = 0;
            return bad(w, "WARC header line too long", roff);
        }
        if (rc == MARSAD_EFORMAT) {
            w->err_off = roff;
            return rc;
        }
        if (rc) return rc;
        hbytes += len + 1;
        if (hbytes > MAX_HEADER) return bad(w, "WARC header too long", roff);
        while (len > 0 && line[len - 1] == '\r') len--;
        if (len == 0) break;
        rc = keep_field(w, line, len, off);
        if (rc) {
            w->resync = 1;
            return rc;
        }
    }
    if (off[F_LEN] == SIZE_MAX) return bad(w, "missing Content-Length", roff);
    if (parse_length((const char *)w->hdr + off[F_LEN], &clen))
        return bad(w, "invalid Content-Length", roff);

    /* The block: keep up to max_record bytes, read past the rest. */
    keep = clen > w->max_record ? w->max_record : (size_t)clen;
    rec->truncated = clen > w->max_record;
    w->ls = 0;
    for (left = clen; left > 0;) {
        size_t n;
        if (w->wpos == w->wlen) {
            rc = fill(w);
            if (rc == MARSAD_END) return bad(w, "block cut short by end of file", roff);
            if (rc == MARSAD_EFORMAT) {
                w->err_off = roff;
                return rc;
            }
            if (rc) return rc;
        }
        n = w->wlen - w->wpos;
        if (n > left) n = (size_t)left;
        if (have < keep) {
            size_t k = keep - have < n ? keep - have : n;
            if (grow(&w->block, &w->bcap, have + k + 1, keep + 1)) {
                w->resync = 1;
                return MARSAD_ENOMEM;
            }
            memcpy(w->block + have, w->win + w->wpos, k);
            have += k;
        }
        w->wpos += n;
        left -= n;
    }
    if (grow(&w->block, &w->bcap, have + 1, keep + 1)) { /* the spare byte */
        w->resync = 1;
        return MARSAD_ENOMEM;
    }
    w->block[have] = 0;

    if (off[F_TYPE] != SIZE_MAX) rec->type = (const char *)w->hdr + off[F_TYPE];
    if (off[F_URI] != SIZE_MAX) rec->target_uri = (const char *)w->hdr + off[F_URI];
    if (off[F_DATE] != SIZE_MAX) rec->date = (const char *)w->hdr + off[F_DATE];
    if (off[F_ID] != SIZE_MAX) rec->record_id = (const char *)w->hdr + off[F_ID];
    rec->body = (const char *)w->block;
    rec->body_len = have;
    if (rec->type && ieq(rec->type, strlen(rec->type), "response")) {
        const char *ct = off[F_CTYPE] != SIZE_MAX ? (const char *)w->hdr + off[F_CTYPE] : "";
        if (ispre(ct, strlen(ct), "application/http") ||
            (have >= 7 && !memcmp(w->block, "HTTP/1.", 7))) {
            rc = parse_http(w, rec, w->block, have);
            if (rc) return rc; /* the block was consumed: no resync needed */
        }
    }
    return MARSAD_OK;
}

int msd_warc_next(msd_warc *w, msd_warc_record *rec)
{
    int rc;
    if (!w || !rec) return MARSAD_EINVAL;
    memset(rec, 0, sizeof *rec);
    if (w->done) return w->done;
    if (w->resync) {
        rc = resync(w);
        if (rc == MARSAD_END || rc == MARSAD_EIO) w->done = rc;
        if (rc) return rc; /* a source error met while skipping is reported too */
        w->resync = 0;
    }
    rc = read_record(w, rec);
    if (rc == MARSAD_END || rc == MARSAD_EIO) w->done = rc;
    if (rc) memset(rec, 0, sizeof *rec);
    return rc;
}
