/*
 * segment.c — writing and mapping index segments; the contract is in segment.h.
 *
 * File format, version 2. Integers are little-endian; "varint" is the LEB128 of
 * codec.h; "block" is a codec block of up to 128 values (msd_codec_encode).
 *
 *   header, 96 bytes
 *      0  "MSDSEG01"
 *      8  u32 version = 2          12  u32 ndocs
 *     16  u64 nterms               24  u64 body_tokens       32  u64 title_tokens
 *     40  u64 dict_off             48  u64 index_off         56  u64 file_len
 *     64  u64 sums_off             72  u32 page = 16384      76  u32 crc32 of the sums
 *     80  12 bytes of 0            92  u32 crc32 of bytes 0..91
 *   documents, at 96: ndocs rows of 24 bytes, in local id order (catalog ids increase)
 *      u32 docid, u32 group, u32 body_len, u32 title_len, u32 source, i32 date
 *   postings, from 96 + 24 * ndocs to dict_off: one run per term, in key order
 *      varint data_len                   bytes of the document and frequency blocks
 *      skip table, when df > 128: one 20-byte entry per block of 128 documents
 *         u32 last local id, u32 end of its data, u32 end of its positions (both
 *         relative: to the data start, to the positions start), u32 max tf, u32 min
 *         field length
 *      data: per block, block(local id gaps - 1; the first gap counts from the previous
 *         block's last id, or from -1) then block(tf - 1)
 *      positions (stem terms): per block, the positions of its documents in order, each
 *         document's as gaps from the previous position (the first from 0), every value
 *         shifted left once with bit 0 set when the token's normalized form is the stem;
 *         cut into blocks of 128 values
 *   dictionary, dict_off to index_off: blocks of up to 32 terms in key order, each
 *      entry: varint shared (key bytes shared with the previous key of the block, 0 for
 *      the first), varint suffix length, the suffix, then varint df, varint max tf,
 *      varint min field length, varint flags (bit 0: positions), varint postings
 *      offset (from the file start), varint postings length
 *   block index, index_off to sums_off: u32 nblocks, u32 0, then per block 16 bytes
 *      (u64 block offset, u32 first-key offset into the key area, u32 first-key length),
 *      then the key area
 *   sums, sums_off to file_len: u32 crc32 (zlib's) of each 16 KiB page of the bytes
 *      before sums_off, page k covering [16384k, 16384(k+1)); page 0 leaves the header
 *      out (the header has its own)
 *
 * Version 1 (read, never written) has a 64-byte header ending at file_len, and no sums.
 *
 * Checksums. A page is verified the first time the reader hands out anything in it:
 * the header, the sums, the document rows and the block index at open, a dictionary
 * block when it is walked, a term's postings when the term is looked up. A bitmap keeps
 * what was verified, so a page is hashed once per open. A mismatch is damage: the
 * reader answers as if the term were absent and counts it (msd_seg_damage), and its
 * callers turn a count that moved into an error naming the file. Pages, not the whole
 * file at open: opening the 300,000-article index would hash 0.3 GB before a query.
 *
 * A batch is gathered in memory (msd_segw: a map from term key to its postings), its
 * keys sorted, and handed term by term to the streaming writer (msd_segout), which a
 * merge feeds directly: the file is written front to back in 1 MiB pieces, the header
 * last; only the dictionary waits in memory. The reader (segment_read.c) binary-searches
 * the block index and walks one block of at most 32 entries.
 */
#define _DEFAULT_SOURCE /* fsync */
#include "index/segment.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "index/codec.h"
#include "index/segment_int.h"
#include "index/segterms.h"
#include "marsad.h"
#include "util/grow.h"
#include "util/strmap.h"

/* ---- Writer ---------------------------------------------------------------------------- */

struct plist {
    uint32_t key_off, key_len; /* in the key arena */
    uint32_t *docs, *tfs, *pos;
    size_t n, cap, npos, pcap;
    int has_pos;
};

/* A direct-mapped cache of short keys in front of the map: a Zipfian vocabulary sends
 * most tokens to a few thousand terms, whose key and list index then sit in one cache
 * line instead of a map slot, the arena and the list (measured: bench_index). */
#define HOT_SLOTS 262144 /* 8 MiB: 8,192 gave 8,300 docs/s, 131,072 10,600, this 11,200 */
#define HOT_KEY   27
struct hot {
    uint32_t idx;
    uint8_t len; /* 0: empty */
    char key[HOT_KEY];
};

struct msd_segw {
    msd_strmap *map; /* key → uint32 index into lists */
    struct plist *lists;
    size_t nlists, cap_lists;
    char *keys; /* key arena */
    size_t keys_used, keys_cap;
    msd_segdoc *docs;
    size_t ndocs, cap_docs;
    struct hot *hot; /* HOT_SLOTS entries, or NULL */
};

int msd_segw_new(msd_segw **out)
{
    msd_segw *w = calloc(1, sizeof *w);
    int rc;
    *out = NULL;
    if (!w) return MARSAD_ENOMEM;
    if ((rc = msd_strmap_new(1024, 24, &w->map))) {
        free(w);
        return rc;
    }
    w->hot = calloc(HOT_SLOTS, sizeof *w->hot); /* (without it, the map alone) */
    *out = w;
    return MARSAD_OK;
}

void msd_segw_free(msd_segw *w)
{
    if (!w) return;
    for (size_t i = 0; i < w->nlists; i++) {
        free(w->lists[i].docs);
        free(w->lists[i].tfs);
        free(w->lists[i].pos);
    }
    free(w->lists);
    free(w->keys);
    free(w->docs);
    free(w->hot);
    msd_strmap_free(w->map);
    free(w);
}

int msd_segw_doc(msd_segw *w, const msd_segdoc *d)
{
    if (w->ndocs && d->docid <= w->docs[w->ndocs - 1].docid) return MARSAD_EINVAL;
    if (w->ndocs >= UINT32_MAX - 1) return MARSAD_ETOOBIG;
    int rc = msd_grow((void **)&w->docs, &w->cap_docs, w->ndocs + 1, sizeof *w->docs,
                      MSD_GROW_BATCH_MAX);
    if (rc) return rc;
    w->docs[w->ndocs++] = *d;
    return MARSAD_OK;
}

void msd_segw_lengths(msd_segw *w, uint32_t body_len, uint32_t title_len)
{
    if (!w->ndocs) return;
    w->docs[w->ndocs - 1].body_len = body_len;
    w->docs[w->ndocs - 1].title_len = title_len;
}

uint32_t msd_segw_ndocs(const msd_segw *w)
{
    return (uint32_t)w->ndocs;
}

/* Grows a list's document and frequency arrays together. */
static int grow_docs(struct plist *l)
{
    size_t dcap = l->cap, tcap = l->cap;
    int rc = msd_grow((void **)&l->docs, &dcap, l->n + 1, sizeof *l->docs, MSD_GROW_BATCH_MAX);
    if (!rc) rc = msd_grow((void **)&l->tfs, &tcap, dcap, sizeof *l->tfs, MSD_GROW_BATCH_MAX);
    if (!rc) l->cap = dcap;
    return rc;
}

/* The postings list of a key, created when new. */
static struct plist *list_of(msd_segw *w, const char *key, size_t kl, int has_pos)
{
    const char *v;
    size_t vl;
    uint32_t idx;
    struct plist *l;
    struct hot *h = NULL;
    if (w->hot && kl <= HOT_KEY) {
        uint32_t x = 2166136261u; /* FNV-1a: short keys, one pass */
        for (size_t i = 0; i < kl; i++) x = (x ^ (uint8_t)key[i]) * 16777619u;
        h = &w->hot[x & (HOT_SLOTS - 1)];
        if (h->len == kl && !memcmp(h->key, key, kl)) return &w->lists[h->idx];
    }
    if (msd_strmap_get(w->map, key, kl, &v, &vl)) {
        memcpy(&idx, v, sizeof idx);
        if (h) h->idx = idx, h->len = (uint8_t)kl, memcpy(h->key, key, kl);
        return &w->lists[idx];
    }
    if (kl > UINT16_MAX ||
        msd_grow((void **)&w->lists, &w->cap_lists, w->nlists + 1, sizeof *w->lists,
                 MSD_GROW_BATCH_MAX) ||
        msd_grow((void **)&w->keys, &w->keys_cap, w->keys_used + kl, 1, MSD_GROW_BATCH_MAX))
        return NULL;
    idx = (uint32_t)w->nlists;
    if (msd_strmap_put_keep(w->map, key, kl, (const char *)&idx, sizeof idx)) return NULL;
    l = &w->lists[w->nlists++];
    memset(l, 0, sizeof *l);
    memcpy(w->keys + w->keys_used, key, kl);
    l->key_off = (uint32_t)w->keys_used;
    l->key_len = (uint32_t)kl;
    l->has_pos = has_pos;
    w->keys_used += kl;
    if (h) h->idx = idx, h->len = (uint8_t)kl, memcpy(h->key, key, kl);
    return l;
}

/* Counts one occurrence in the current document; a stem term records its position. */
static int occur(msd_segw *w, const char *key, size_t kl, int has_pos, uint32_t posval)
{
    struct plist *l = list_of(w, key, kl, has_pos);
    uint32_t doc = (uint32_t)w->ndocs - 1;
    if (!l) return MARSAD_ENOMEM;
    if (!l->n || l->docs[l->n - 1] != doc) {
        int rc = l->n == l->cap ? grow_docs(l) : MARSAD_OK;
        if (rc) return rc;
        l->docs[l->n] = doc;
        l->tfs[l->n] = 0;
        l->n++;
    }
    l->tfs[l->n - 1]++;
    if (has_pos) {
        int rc =
            msd_grow((void **)&l->pos, &l->pcap, l->npos + 1, sizeof *l->pos, MSD_GROW_BATCH_MAX);
        if (rc) return rc;
        l->pos[l->npos++] = posval;
    }
    return MARSAD_OK;
}

int msd_segw_add(msd_segw *w, const msd_segdoc *row, const msd_segterms *t)
{
    uint32_t doc;
    int rc = msd_segw_doc(w, row);
    if (rc) return rc;
    doc = (uint32_t)w->ndocs - 1;
    for (size_t i = 0, n = msd_segterms_count(t); i < n; i++) {
        msd_segterm e;
        struct plist *l;
        msd_segterms_at(t, i, &e);
        if (!(l = list_of(w, e.key, e.key_len, e.pos != NULL))) return MARSAD_ENOMEM;
        if (l->n == l->cap && (rc = grow_docs(l))) return rc;
        l->docs[l->n] = doc;
        l->tfs[l->n++] = e.tf;
        if (!e.pos) continue;
        if ((rc = msd_grow((void **)&l->pos, &l->pcap, l->npos + e.tf, sizeof *l->pos,
                           MSD_GROW_BATCH_MAX)))
            return rc;
        memcpy(l->pos + l->npos, e.pos, e.tf * sizeof *l->pos);
        l->npos += e.tf;
    }
    return MARSAD_OK;
}

static int occur_key(void *w, const char *key, size_t kl, int has_pos, uint32_t posval)
{
    return occur(w, key, kl, has_pos, posval);
}

int msd_segw_token(msd_segw *w, int title, uint32_t pos, const char *stem, size_t stem_len,
                   const char *norm, size_t norm_len)
{
    if (!w->ndocs) return MARSAD_EINVAL;
    return msd_segterms_keys(title, pos, stem, stem_len, norm, norm_len, occur_key, w);
}

/* A growable output buffer with a sticky error. */
struct out {
    uint8_t *p;
    size_t n, cap;
    int rc;
};

static uint8_t *reserve(struct out *o, size_t more)
{
    if (o->rc) return NULL;
    if (o->n + more > o->cap) {
        size_t c = o->cap ? o->cap : 1 << 16;
        uint8_t *np;
        while (c < o->n + more) c *= 2;
        if (!(np = realloc(o->p, c))) {
            o->rc = MARSAD_ENOMEM;
            return NULL;
        }
        o->p = np;
        o->cap = c;
    }
    return o->p + o->n;
}

static void emit_bytes(struct out *o, const void *b, size_t n)
{
    uint8_t *d = reserve(o, n);
    if (!d) return;
    memcpy(d, b, n);
    o->n += n;
}

static void emit_varint(struct out *o, uint64_t v)
{
    uint8_t *d = reserve(o, MSD_VARINT_MAX);
    if (d) o->n += msd_varint_put(v, d);
}

static void emit_block(struct out *o, const uint32_t *v, size_t n)
{
    uint8_t *d = reserve(o, msd_codec_bound(n));
    if (d) o->n += msd_codec_encode(v, n, d);
}

/* One term's postings as the encoder reads them: documents (local ids, increasing),
 * their frequencies and, for a stem term, their positions ((position << 1) | exact,
 * document after document). */
struct run {
    const uint32_t *docs, *tfs, *pos;
    size_t n;
    int has_pos;
};

struct termstats {
    uint32_t max_tf, min_len;
};

/* Encodes a run into data (blocks of gaps and frequencies) and posb (positions); the
 * skip table goes into skip. rows gives each document's field lengths. */
static void encode_postings(const msd_segdoc *rows, const struct run *l, int title,
                            struct out *data, struct out *posb, struct out *skip,
                            struct termstats *ts)
{
    uint32_t vals[MSD_CODEC_BLOCK], prev = UINT32_MAX; /* the first gap counts from -1 */
    size_t pi = 0;
    ts->max_tf = 0;
    ts->min_len = UINT32_MAX;
    for (size_t b0 = 0; b0 < l->n; b0 += MSD_CODEC_BLOCK) {
        size_t n = l->n - b0 < MSD_CODEC_BLOCK ? l->n - b0 : MSD_CODEC_BLOCK, npos = 0;
        uint32_t bmax = 0, bmin = UINT32_MAX;
        uint8_t e[MSD_SEG_SKIP_ENTRY];
        for (size_t k = 0; k < n; k++) {
            const msd_segdoc *d = &rows[l->docs[b0 + k]];
            uint32_t len = title ? d->title_len : d->body_len;
            vals[k] = l->docs[b0 + k] - prev - 1;
            prev = l->docs[b0 + k];
            if (l->tfs[b0 + k] > bmax) bmax = l->tfs[b0 + k];
            if (len < bmin) bmin = len;
            npos += l->tfs[b0 + k];
        }
        emit_block(data, vals, n);
        for (size_t k = 0; k < n; k++) vals[k] = l->tfs[b0 + k] - 1;
        emit_block(data, vals, n);
        if (l->has_pos) { /* this block's positions, gap-coded per document */
            size_t pend = pi + npos, c = 0, doc = 0, left = l->tfs[b0];
            uint32_t last = 0;
            while (pi < pend) {
                uint32_t p = l->pos[pi] >> 1, flag = l->pos[pi] & 1;
                if (left == 0) { /* the next document of the block */
                    doc++;
                    left = l->tfs[b0 + doc];
                    last = 0;
                }
                vals[c++] = (p - last) << 1 | flag;
                last = p;
                left--;
                pi++;
                if (c == MSD_CODEC_BLOCK || pi == pend) {
                    emit_block(posb, vals, c);
                    c = 0;
                }
            }
        }
        if (bmax > ts->max_tf) ts->max_tf = bmax;
        if (bmin < ts->min_len) ts->min_len = bmin;
        msd_put32(e, prev);
        msd_put32(e + 4, (uint32_t)data->n);
        msd_put32(e + 8, (uint32_t)posb->n);
        msd_put32(e + 12, bmax);
        msd_put32(e + 16, bmin);
        emit_bytes(skip, e, MSD_SEG_SKIP_ENTRY);
    }
}

/* A term to sort: its key (pointing into the writer's key arena, which does not move
 * while the batch is written) and its list. The key travels with the entry so that the
 * comparison needs no context: qsort has no context argument, and a file-scope one
 * would race between two writers in two threads. */
struct keyref {
    const char *key;
    uint32_t len, list;
};

static int by_key(const void *a, const void *b)
{
    const struct keyref *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->key, y->key, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Writes all of buf to fd. */
static int write_all(int fd, const uint8_t *buf, size_t n)
{
    while (n) {
        ssize_t k = write(fd, buf, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return MARSAD_EIO;
        buf += k;
        n -= (size_t)k;
    }
    return MARSAD_OK;
}

/* fsync of the directory holding path, so the new name is durable too. */
static int sync_dir(const char *path)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    int fd, rc = MARSAD_OK;
    if (!slash) {
        snprintf(dir, sizeof dir, ".");
    } else {
        size_t n = (size_t)(slash - path);
        if (n >= sizeof dir) return MARSAD_EIO;
        memcpy(dir, path, n ? n : 1);
        dir[n ? n : 1] = 0;
    }
    if ((fd = open(dir, O_RDONLY)) < 0) return MARSAD_EIO;
    if (fsync(fd)) rc = MARSAD_EIO;
    close(fd);
    return rc;
}

/* ---- The streaming writer ---------------------------------------------------------------- */

#define FLUSH_AT (1u << 20) /* bytes of postings buffered before a write */

struct msd_segout {
    int fd;
    char path[4096];
    const msd_segdoc *rows;
    uint32_t ndocs;
    uint64_t at; /* file offset of buf's first byte */
    struct out buf, data, posb, skip, dict, index, keys;
    char *prev; /* the previous key, for front coding and order */
    size_t prev_len, prev_cap;
    uint64_t nterms, body, title;
    uint32_t nblocks;
    struct out sums; /* the crc32 of each finished page */
    uLong crc;       /* of the page being written, so far */
    int rc;
};

/* Feeds the bytes about to be written at o->at into the page checksums (the header's
 * place, zeros until the end, left out). */
static void sum_bytes(msd_segout *o, const uint8_t *p, size_t n)
{
    uint64_t at = o->at;
    while (n) {
        size_t take = MSD_SEG_PAGE - (size_t)(at % MSD_SEG_PAGE), skip = 0;
        if (take > n) take = n;
        if (at < MSD_SEG_HEADER) skip = MSD_SEG_HEADER - at < take ? MSD_SEG_HEADER - at : take;
        o->crc = crc32(o->crc, p + skip, (uInt)(take - skip));
        at += take;
        p += take;
        n -= take;
        if (at % MSD_SEG_PAGE == 0) {
            uint8_t c[4];
            msd_put32(c, (uint32_t)o->crc);
            emit_bytes(&o->sums, c, 4);
            o->crc = 0;
        }
    }
}

static int flush_buf(msd_segout *o)
{
    if (!o->rc && o->buf.rc) o->rc = o->buf.rc;
    if (!o->rc) sum_bytes(o, o->buf.p, o->buf.n);
    if (!o->rc && o->buf.n && write_all(o->fd, o->buf.p, o->buf.n)) o->rc = MARSAD_EIO;
    o->at += o->buf.n;
    o->buf.n = 0;
    return o->rc;
}

int msd_segout_begin(const char *path, const msd_segdoc *rows, uint32_t ndocs, msd_segout **out)
{
    msd_segout *o = calloc(1, sizeof *o);
    uint8_t zero[MSD_SEG_HEADER] = {0};
    *out = o;
    if (!o) return MARSAD_ENOMEM;
    o->fd = -1;
    if ((size_t)snprintf(o->path, sizeof o->path, "%s", path) >= sizeof o->path)
        return o->rc = MARSAD_EINVAL;
    o->rows = rows;
    o->ndocs = ndocs;
    if ((o->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0)
        return o->rc = MARSAD_EIO;
    emit_bytes(&o->buf, zero, MSD_SEG_HEADER); /* the header is written last */
    for (uint32_t i = 0; i < ndocs; i++) {     /* documents */
        uint8_t r[MSD_SEG_DOC_ROW];
        const msd_segdoc *d = &rows[i];
        msd_put32(r, d->docid);
        msd_put32(r + 4, d->group);
        msd_put32(r + 8, d->body_len);
        msd_put32(r + 12, d->title_len);
        msd_put32(r + 16, d->source);
        msd_put32(r + 20, (uint32_t)d->date);
        emit_bytes(&o->buf, r, MSD_SEG_DOC_ROW);
        o->body += d->body_len;
        o->title += d->title_len;
        if (o->buf.n >= FLUSH_AT && flush_buf(o)) return o->rc;
    }
    return o->rc = o->buf.rc;
}

int msd_segout_term(msd_segout *o, const char *key, size_t kl, const uint32_t *docs,
                    const uint32_t *tfs, size_t n, const uint32_t *pos)
{
    struct run r = {docs, tfs, pos, n, key[0] == MSD_TAG_BODY || key[0] == MSD_TAG_TITLE};
    int is_title = key[0] == MSD_TAG_TITLE || key[0] == MSD_TAG_TITLE_EXACT;
    struct termstats ts;
    uint64_t off;
    size_t shared = 0;
    if (o->rc) return o->rc;
    if (!kl || !n || kl > UINT16_MAX || (r.has_pos && !pos) ||
        (o->nterms && msd_keycmp((const uint8_t *)o->prev, o->prev_len, key, kl) >= 0))
        return o->rc = MARSAD_EINVAL; /* keys in increasing order, each once */
    for (size_t k = 0; k < n; k++)
        if (docs[k] >= o->ndocs || !tfs[k] || (k && docs[k] <= docs[k - 1]))
            return o->rc = MARSAD_EINVAL;
    o->data.n = o->posb.n = o->skip.n = 0;
    encode_postings(o->rows, &r, is_title, &o->data, &o->posb, &o->skip, &ts);
    if (o->data.rc || o->posb.rc || o->skip.rc) return o->rc = MARSAD_ENOMEM;
    off = o->at + o->buf.n;
    emit_varint(&o->buf, o->data.n);
    if (n > MSD_CODEC_BLOCK) emit_bytes(&o->buf, o->skip.p, o->skip.n);
    emit_bytes(&o->buf, o->data.p, o->data.n);
    emit_bytes(&o->buf, o->posb.p, o->posb.n);
    if (o->nterms % MSD_SEG_DICT_BLOCK == 0) { /* a new dictionary block, its first key indexed */
        uint8_t ix[16];
        msd_put64(ix, o->dict.n); /* relative to dict_off, fixed at the end */
        msd_put32(ix + 8, (uint32_t)o->keys.n);
        msd_put32(ix + 12, (uint32_t)kl);
        emit_bytes(&o->index, ix, 16);
        emit_bytes(&o->keys, key, kl);
        o->nblocks++;
    } else {
        while (shared < kl && shared < o->prev_len && o->prev[shared] == key[shared]) shared++;
    }
    emit_varint(&o->dict, shared);
    emit_varint(&o->dict, kl - shared);
    emit_bytes(&o->dict, key + shared, kl - shared);
    emit_varint(&o->dict, n);
    emit_varint(&o->dict, ts.max_tf);
    emit_varint(&o->dict, ts.min_len);
    emit_varint(&o->dict, (uint64_t)r.has_pos);
    emit_varint(&o->dict, off);
    emit_varint(&o->dict, o->at + o->buf.n - off);
    if (kl > o->prev_cap) {
        char *np = realloc(o->prev, kl);
        if (!np) return o->rc = MARSAD_ENOMEM;
        o->prev = np;
        o->prev_cap = kl;
    }
    memcpy(o->prev, key, kl);
    o->prev_len = kl;
    o->nterms++;
    if (o->dict.rc || o->index.rc || o->keys.rc) return o->rc = MARSAD_ENOMEM;
    return o->buf.n >= FLUSH_AT ? flush_buf(o) : o->buf.rc;
}

static void segout_free(msd_segout *o)
{
    free(o->buf.p);
    free(o->data.p);
    free(o->posb.p);
    free(o->skip.p);
    free(o->dict.p);
    free(o->index.p);
    free(o->keys.p);
    free(o->sums.p);
    free(o->prev);
    free(o);
}

void msd_segout_abort(msd_segout *o)
{
    if (!o) return;
    if (o->fd >= 0) {
        close(o->fd);
        unlink(o->path);
    }
    segout_free(o);
}

int msd_segout_finish(msd_segout *o, uint64_t *bytes)
{
    uint64_t dict_off, index_off, sums_off;
    uint8_t h[MSD_SEG_HEADER] = {0}, nb[8] = {0};
    int rc;
    if (o->rc) {
        rc = o->rc;
        msd_segout_abort(o);
        return rc;
    }
    dict_off = o->at + o->buf.n;
    emit_bytes(&o->buf, o->dict.p, o->dict.n);
    index_off = o->at + o->buf.n;
    for (uint32_t b = 0; b < o->nblocks && !o->index.rc; b++) /* block offsets into the file */
        msd_put64(o->index.p + 16 * b, msd_get64(o->index.p + 16 * b) + dict_off);
    msd_put32(nb, o->nblocks);
    emit_bytes(&o->buf, nb, 8);
    emit_bytes(&o->buf, o->index.p, o->index.n);
    emit_bytes(&o->buf, o->keys.p, o->keys.n);
    if (!flush_buf(o) && o->at % MSD_SEG_PAGE) { /* the last page, partial */
        uint8_t c[4];
        msd_put32(c, (uint32_t)o->crc);
        emit_bytes(&o->sums, c, 4);
    }
    sums_off = o->at;
    if (!o->rc && o->sums.rc) o->rc = o->sums.rc;
    if (!o->rc && write_all(o->fd, o->sums.p, o->sums.n)) o->rc = MARSAD_EIO;
    o->at += o->sums.n;
    memcpy(h, msd_seg_magic, 8);
    msd_put32(h + 8, MSD_SEG_VERSION);
    msd_put32(h + 12, o->ndocs);
    msd_put64(h + 16, o->nterms);
    msd_put64(h + 24, o->body);
    msd_put64(h + 32, o->title);
    msd_put64(h + 40, dict_off);
    msd_put64(h + 48, index_off);
    msd_put64(h + 56, o->at);
    msd_put64(h + 64, sums_off);
    msd_put32(h + 72, MSD_SEG_PAGE);
    msd_put32(h + 76, (uint32_t)crc32(0, o->sums.p, (uInt)o->sums.n));
    msd_put32(h + 92, (uint32_t)crc32(0, h, 92));
    if (!o->rc && pwrite(o->fd, h, MSD_SEG_HEADER, 0) != MSD_SEG_HEADER) o->rc = MARSAD_EIO;
    if (!o->rc && fsync(o->fd)) o->rc = MARSAD_EIO;
    if (close(o->fd) && !o->rc) o->rc = MARSAD_EIO;
    o->fd = -1;
    if (!o->rc) o->rc = sync_dir(o->path);
    if ((rc = o->rc)) {
        int e = errno;
        unlink(o->path);
        errno = e;
    } else if (bytes) {
        *bytes = o->at;
    }
    segout_free(o);
    return rc;
}

/* ---- Writing a batch -------------------------------------------------------------------- */

int msd_segw_write(msd_segw *w, const char *path, uint64_t *bytes)
{
    struct keyref *order = malloc((w->nlists + 1) * sizeof *order);
    msd_segout *o;
    int rc;
    if (!order) return MARSAD_ENOMEM;
    for (size_t i = 0; i < w->nlists; i++) {
        order[i].key = w->keys + w->lists[i].key_off;
        order[i].len = w->lists[i].key_len;
        order[i].list = (uint32_t)i;
    }
    qsort(order, w->nlists, sizeof *order, by_key);
    if ((rc = msd_segout_begin(path, w->docs, (uint32_t)w->ndocs, &o))) {
        int exists = rc == MARSAD_EIO && errno == EEXIST;
        msd_segout_abort(o);
        free(order);
        if (exists) errno = EEXIST; /* never replaces a file */
        return rc;
    }
    for (size_t k = 0; k < w->nlists && !rc; k++) {
        const struct plist *l = &w->lists[order[k].list];
        rc = msd_segout_term(o, order[k].key, l->key_len, l->docs, l->tfs, l->n,
                             l->has_pos ? l->pos : NULL);
    }
    free(order);
    if (rc) {
        msd_segout_abort(o);
        return rc;
    }
    return msd_segout_finish(o, bytes);
}
