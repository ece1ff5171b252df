/*
 * segment.c — writing and mapping index segments; the contract is in segment.h.
 *
 * File format, version 1. Integers are little-endian; "varint" is the LEB128 of
 * codec.h; "block" is a codec block of up to 128 values (msd_codec_encode).
 *
 *   header, 64 bytes
 *      0  "MSDSEG01"
 *      8  u32 version = 1          12  u32 ndocs
 *     16  u64 nterms               24  u64 body_tokens       32  u64 title_tokens
 *     40  u64 dict_off             48  u64 index_off         56  u64 file_len
 *   documents, at 64: ndocs rows of 24 bytes, in local id order (catalog ids increase)
 *      u32 docid, u32 group, u32 body_len, u32 title_len, u32 source, i32 date
 *   postings, from 64 + 24 * ndocs to dict_off: one run per term, in key order
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
 *   block index, index_off to file_len: u32 nblocks, u32 0, then per block 16 bytes
 *      (u64 block offset, u32 first-key offset into the key area, u32 first-key length),
 *      then the key area
 *
 * The writer gathers a batch in memory (a map from term key to its postings), sorts
 * the keys and writes the file in one pass; the reader binary-searches the block index
 * and walks one block of at most 32 entries.
 */
#define _DEFAULT_SOURCE /* fsync, MAP_* */
#include "index/segment.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index/codec.h"
#include "marsad.h"
#include "util/strmap.h"

#define HEADER_SIZE 64
#define DOC_ROW     24
#define SKIP_ENTRY  20
#define DICT_BLOCK  32
#define VERSION     1
static const char magic[8] = {'M', 'S', 'D', 'S', 'E', 'G', '0', '1'};

static void put32(uint8_t *p, uint32_t v)
{
    for (int k = 0; k < 4; k++) p[k] = (uint8_t)(v >> (8 * k));
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int k = 0; k < 8; k++) p[k] = (uint8_t)(v >> (8 * k));
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
    return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* ---- Writer ---------------------------------------------------------------------------- */

struct plist {
    uint32_t key_off, key_len; /* in the key arena */
    uint32_t *docs, *tfs, *pos;
    size_t n, cap, npos, pcap;
    int has_pos;
};

struct msd_segw {
    msd_strmap *map; /* key → uint32 index into lists */
    struct plist *lists;
    size_t nlists, cap_lists;
    char *keys; /* key arena */
    size_t keys_used, keys_cap;
    msd_segdoc *docs;
    size_t ndocs, cap_docs;
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
    msd_strmap_free(w->map);
    free(w);
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    size_t c = *cap ? *cap : 8;
    void *n;
    if (need <= *cap) return MARSAD_OK;
    while (c < need) c *= 2;
    if (!(n = realloc(*p, c * size))) return MARSAD_ENOMEM;
    *p = n;
    *cap = c;
    return MARSAD_OK;
}

int msd_segw_doc(msd_segw *w, const msd_segdoc *d)
{
    if (w->ndocs && d->docid <= w->docs[w->ndocs - 1].docid) return MARSAD_EINVAL;
    if (w->ndocs >= UINT32_MAX - 1) return MARSAD_ETOOBIG;
    if (grow((void **)&w->docs, &w->cap_docs, w->ndocs + 1, sizeof *w->docs)) return MARSAD_ENOMEM;
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

/* Doubles a list's document and frequency arrays together. */
static int grow_docs(struct plist *l)
{
    size_t cap = l->cap ? l->cap * 2 : 4;
    uint32_t *d = realloc(l->docs, cap * sizeof *d), *t;
    if (!d) return MARSAD_ENOMEM;
    l->docs = d;
    if (!(t = realloc(l->tfs, cap * sizeof *t))) return MARSAD_ENOMEM;
    l->tfs = t;
    l->cap = cap;
    return MARSAD_OK;
}

/* The postings list of a key, created when new. */
static struct plist *list_of(msd_segw *w, const char *key, size_t kl, int has_pos)
{
    const char *v;
    size_t vl;
    uint32_t idx;
    struct plist *l;
    if (msd_strmap_get(w->map, key, kl, &v, &vl)) {
        memcpy(&idx, v, sizeof idx);
        return &w->lists[idx];
    }
    if (kl > UINT16_MAX ||
        grow((void **)&w->lists, &w->cap_lists, w->nlists + 1, sizeof *w->lists) ||
        grow((void **)&w->keys, &w->keys_cap, w->keys_used + kl, 1))
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
    return l;
}

/* Counts one occurrence in the current document; a stem term records its position. */
static int occur(msd_segw *w, const char *key, size_t kl, int has_pos, uint32_t posval)
{
    struct plist *l = list_of(w, key, kl, has_pos);
    uint32_t doc = (uint32_t)w->ndocs - 1;
    if (!l) return MARSAD_ENOMEM;
    if (!l->n || l->docs[l->n - 1] != doc) {
        if (l->n == l->cap && grow_docs(l)) return MARSAD_ENOMEM;
        l->docs[l->n] = doc;
        l->tfs[l->n] = 0;
        l->n++;
    }
    l->tfs[l->n - 1]++;
    if (has_pos) {
        if (grow((void **)&l->pos, &l->pcap, l->npos + 1, sizeof *l->pos)) return MARSAD_ENOMEM;
        l->pos[l->npos++] = posval;
    }
    return MARSAD_OK;
}

int msd_segw_posting(msd_segw *w, const char *key, size_t key_len, uint32_t doc, uint32_t tf,
                     const uint32_t *pos)
{
    int has_pos = key_len && (key[0] == MSD_TAG_BODY || key[0] == MSD_TAG_TITLE);
    struct plist *l;
    if (doc >= w->ndocs || !tf || (has_pos && !pos)) return MARSAD_EINVAL;
    if (!(l = list_of(w, key, key_len, has_pos))) return MARSAD_ENOMEM;
    if (l->n && l->docs[l->n - 1] >= doc) return MARSAD_EINVAL;
    if (l->n == l->cap && grow_docs(l)) return MARSAD_ENOMEM;
    l->docs[l->n] = doc;
    l->tfs[l->n++] = tf;
    if (has_pos) {
        if (grow((void **)&l->pos, &l->pcap, l->npos + tf, sizeof *l->pos)) return MARSAD_ENOMEM;
        memcpy(l->pos + l->npos, pos, tf * sizeof *pos);
        l->npos += tf;
    }
    return MARSAD_OK;
}

int msd_segw_token(msd_segw *w, int title, uint32_t pos, const char *stem, size_t stem_len,
                   const char *norm, size_t norm_len)
{
    char key[1100];
    int same = stem_len == norm_len && !memcmp(stem, norm, stem_len), rc;
    if (!w->ndocs || stem_len + 1 > sizeof key || norm_len + 1 > sizeof key ||
        pos > (UINT32_MAX >> 1))
        return MARSAD_EINVAL;
    key[0] = (char)(title ? MSD_TAG_TITLE : MSD_TAG_BODY);
    memcpy(key + 1, stem, stem_len);
    rc = occur(w, key, stem_len + 1, 1, pos << 1 | (uint32_t)same);
    if (rc || same) return rc;
    key[0] = (char)(title ? MSD_TAG_TITLE_EXACT : MSD_TAG_BODY_EXACT);
    memcpy(key + 1, norm, norm_len);
    return occur(w, key, norm_len + 1, 0, 0);
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

/* Encodes one term's postings into tmp (data) and ptmp (positions); the skip table goes
 * into skip. */
struct termstats {
    uint32_t max_tf, min_len;
};

static void encode_postings(const msd_segw *w, const struct plist *l, int title, struct out *data,
                            struct out *posb, struct out *skip, struct termstats *ts)
{
    uint32_t vals[MSD_CODEC_BLOCK], prev = UINT32_MAX; /* the first gap counts from -1 */
    size_t pi = 0;
    ts->max_tf = 0;
    ts->min_len = UINT32_MAX;
    for (size_t b0 = 0; b0 < l->n; b0 += MSD_CODEC_BLOCK) {
        size_t n = l->n - b0 < MSD_CODEC_BLOCK ? l->n - b0 : MSD_CODEC_BLOCK, npos = 0;
        uint32_t bmax = 0, bmin = UINT32_MAX;
        uint8_t e[SKIP_ENTRY];
        for (size_t k = 0; k < n; k++) {
            const msd_segdoc *d = &w->docs[l->docs[b0 + k]];
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
        put32(e, prev);
        put32(e + 4, (uint32_t)data->n);
        put32(e + 8, (uint32_t)posb->n);
        put32(e + 12, bmax);
        put32(e + 16, bmin);
        emit_bytes(skip, e, SKIP_ENTRY);
    }
}

static const msd_segw *sort_ctx;

static int by_key(const void *a, const void *b)
{
    const struct plist *x = &sort_ctx->lists[*(const uint32_t *)a];
    const struct plist *y = &sort_ctx->lists[*(const uint32_t *)b];
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int c = memcmp(sort_ctx->keys + x->key_off, sort_ctx->keys + y->key_off, n);
    return c ? c : (x->key_len > y->key_len) - (x->key_len < y->key_len);
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

int msd_segw_write(msd_segw *w, const char *path, uint64_t *bytes)
{
    struct out f = {0}, data = {0}, posb = {0}, skip = {0}, dict = {0}, index = {0}, keys = {0};
    uint32_t *order = malloc((w->nlists + 1) * sizeof *order);
    uint64_t body = 0, title = 0;
    uint32_t nblocks = 0;
    uint8_t h[HEADER_SIZE] = {0};
    int fd, rc;
    if (!order) return MARSAD_ENOMEM;
    for (size_t i = 0; i < w->nlists; i++) order[i] = (uint32_t)i;
    sort_ctx = w; /* qsort has no context argument; writers do not run concurrently here */
    qsort(order, w->nlists, sizeof *order, by_key);
    reserve(&f, HEADER_SIZE);
    f.n = HEADER_SIZE;
    for (size_t i = 0; i < w->ndocs; i++) { /* documents */
        uint8_t r[DOC_ROW];
        const msd_segdoc *d = &w->docs[i];
        put32(r, d->docid);
        put32(r + 4, d->group);
        put32(r + 8, d->body_len);
        put32(r + 12, d->title_len);
        put32(r + 16, d->source);
        put32(r + 20, (uint32_t)d->date);
        emit_bytes(&f, r, DOC_ROW);
        body += d->body_len;
        title += d->title_len;
    }
    for (size_t k = 0; k < w->nlists && !f.rc; k++) { /* postings and dictionary */
        const struct plist *l = &w->lists[order[k]];
        const char *key = w->keys + l->key_off;
        int is_title = key[0] == MSD_TAG_TITLE || key[0] == MSD_TAG_TITLE_EXACT;
        struct termstats ts;
        uint64_t off = f.n;
        size_t shared = 0;
        data.n = posb.n = skip.n = 0;
        encode_postings(w, l, is_title, &data, &posb, &skip, &ts);
        if (data.rc || posb.rc || skip.rc) {
            f.rc = MARSAD_ENOMEM;
            break;
        }
        emit_varint(&f, data.n);
        if (l->n > MSD_CODEC_BLOCK) emit_bytes(&f, skip.p, skip.n);
        emit_bytes(&f, data.p, data.n);
        emit_bytes(&f, posb.p, posb.n);
        if (k % DICT_BLOCK == 0) { /* a new dictionary block, its first key indexed */
            uint8_t r[16];
            put64(r, dict.n); /* relative to dict_off, fixed below */
            put32(r + 8, (uint32_t)keys.n);
            put32(r + 12, l->key_len);
            emit_bytes(&index, r, 16);
            emit_bytes(&keys, key, l->key_len);
            nblocks++;
        } else {
            const struct plist *p = &w->lists[order[k - 1]];
            const char *pk = w->keys + p->key_off;
            while (shared < l->key_len && shared < p->key_len && pk[shared] == key[shared])
                shared++;
        }
        emit_varint(&dict, shared);
        emit_varint(&dict, l->key_len - shared);
        emit_bytes(&dict, key + shared, l->key_len - shared);
        emit_varint(&dict, l->n);
        emit_varint(&dict, ts.max_tf);
        emit_varint(&dict, ts.min_len);
        emit_varint(&dict, (uint64_t)l->has_pos);
        emit_varint(&dict, off);
        emit_varint(&dict, f.n - off);
    }
    {
        uint64_t dict_off = f.n, index_off;
        uint8_t nb[8] = {0};
        emit_bytes(&f, dict.p, dict.n);
        index_off = f.n;
        for (uint32_t b = 0; b < nblocks && !index.rc; b++) /* block offsets into the file */
            put64(index.p + 16 * b, get64(index.p + 16 * b) + dict_off);
        put32(nb, nblocks);
        emit_bytes(&f, nb, 8);
        emit_bytes(&f, index.p, index.n);
        emit_bytes(&f, keys.p, keys.n);
        memcpy(h, magic, 8);
        put32(h + 8, VERSION);
        put32(h + 12, (uint32_t)w->ndocs);
        put64(h + 16, w->nlists);
        put64(h + 24, body);
        put64(h + 32, title);
        put64(h + 40, dict_off);
        put64(h + 48, index_off);
        put64(h + 56, f.n);
    }
    rc = f.rc ? f.rc : dict.rc ? dict.rc : index.rc ? index.rc : keys.rc;
    free(order);
    free(data.p);
    free(posb.p);
    free(skip.p);
    free(dict.p);
    free(index.p);
    free(keys.p);
    if (rc) {
        free(f.p);
        return rc;
    }
    memcpy(f.p, h, HEADER_SIZE);
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        free(f.p);
        return MARSAD_EIO;
    }
    rc = write_all(fd, f.p, f.n);
    if (!rc && fsync(fd)) rc = MARSAD_EIO;
    if (close(fd) && !rc) rc = MARSAD_EIO;
    if (!rc) rc = sync_dir(path);
    if (rc) {
        int e = errno;
        unlink(path);
        errno = e;
    } else if (bytes) {
        *bytes = f.n;
    }
    free(f.p);
    return rc;
}

/* ---- Reader ---------------------------------------------------------------------------- */

struct msd_seg {
    const uint8_t *map;
    size_t len;
    uint32_t ndocs, nblocks;
    uint64_t nterms, body_tokens, title_tokens, dict_off, index_off;
    const uint8_t *docs, *index, *keys;
    size_t keys_len;
};

int msd_seg_open(const char *path, msd_seg **out)
{
    struct stat st;
    msd_seg *s;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    void *m;
    *out = NULL;
    if (fd < 0) return MARSAD_EIO;
    if (fstat(fd, &st) || st.st_size < HEADER_SIZE) {
        close(fd);
        return st.st_size < HEADER_SIZE ? MARSAD_EFORMAT : MARSAD_EIO;
    }
    m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (m == MAP_FAILED) return MARSAD_EIO;
    if (!(s = calloc(1, sizeof *s))) {
        munmap(m, (size_t)st.st_size);
        return MARSAD_ENOMEM;
    }
    s->map = m;
    s->len = (size_t)st.st_size;
    if (memcmp(s->map, magic, 8) || get32(s->map + 8) != VERSION) goto bad;
    s->ndocs = get32(s->map + 12);
    s->nterms = get64(s->map + 16);
    s->body_tokens = get64(s->map + 24);
    s->title_tokens = get64(s->map + 32);
    s->dict_off = get64(s->map + 40);
    s->index_off = get64(s->map + 48);
    if (get64(s->map + 56) != s->len) goto bad;
    if ((uint64_t)HEADER_SIZE + (uint64_t)DOC_ROW * s->ndocs > s->dict_off ||
        s->dict_off > s->index_off || s->index_off + 8 > s->len)
        goto bad;
    s->docs = s->map + HEADER_SIZE;
    s->nblocks = get32(s->map + s->index_off);
    if (s->nblocks != (s->nterms + DICT_BLOCK - 1) / DICT_BLOCK ||
        (uint64_t)s->nblocks * 16 > s->len - s->index_off - 8)
        goto bad;
    s->index = s->map + s->index_off + 8;
    s->keys = s->index + (size_t)s->nblocks * 16;
    s->keys_len = s->len - (size_t)(s->keys - s->map);
    for (uint32_t b = 0; b < s->nblocks; b++) { /* every block and first key in range */
        const uint8_t *r = s->index + 16 * (size_t)b;
        uint64_t off = get64(r);
        if (off < s->dict_off || off >= s->index_off ||
            (uint64_t)get32(r + 8) + get32(r + 12) > s->keys_len)
            goto bad;
    }
    *out = s;
    return MARSAD_OK;
bad:
    msd_seg_close(s);
    return MARSAD_EFORMAT;
}

void msd_seg_close(msd_seg *s)
{
    if (!s) return;
    munmap((void *)s->map, s->len);
    free(s);
}

uint32_t msd_seg_ndocs(const msd_seg *s)
{
    return s->ndocs;
}

uint64_t msd_seg_nterms(const msd_seg *s)
{
    return s->nterms;
}

uint64_t msd_seg_bytes(const msd_seg *s)
{
    return s->len;
}

uint64_t msd_seg_body_tokens(const msd_seg *s)
{
    return s->body_tokens;
}

uint64_t msd_seg_title_tokens(const msd_seg *s)
{
    return s->title_tokens;
}

void msd_seg_doc(const msd_seg *s, uint32_t i, msd_segdoc *d)
{
    const uint8_t *r = s->docs + (size_t)i * DOC_ROW;
    d->docid = get32(r);
    d->group = get32(r + 4);
    d->body_len = get32(r + 8);
    d->title_len = get32(r + 12);
    d->source = get32(r + 16);
    d->date = (int32_t)get32(r + 20);
}

uint32_t msd_seg_local(const msd_seg *s, uint32_t docid)
{
    uint32_t lo = 0, hi = s->ndocs;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2, v = get32(s->docs + (size_t)mid * DOC_ROW);
        if (v == docid) return mid;
        if (v < docid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return UINT32_MAX;
}

static int keycmp(const uint8_t *a, size_t al, const char *b, size_t bl)
{
    size_t n = al < bl ? al : bl;
    int c = memcmp(a, b, n);
    return c ? c : (al > bl) - (al < bl);
}

/* Walks dictionary block b; for each entry calls fn with its key. A block ends at the
 * next block's offset. Returns fn's nonzero result, 0 at the end, -1 when corrupt. */
typedef int (*entry_fn)(void *ctx, const uint8_t *key, size_t kl, const msd_term *t);

static int walk_block(const msd_seg *s, uint32_t b, entry_fn fn, void *ctx)
{
    const uint8_t *r = s->index + 16 * (size_t)b;
    const uint8_t *p = s->map + get64(r);
    const uint8_t *end = b + 1 < s->nblocks ? s->map + get64(r + 16) : s->map + s->index_off;
    uint8_t key[1100];
    size_t kl = 0;
    for (int k = 0; k < DICT_BLOCK && p < end; k++) {
        uint64_t shared, sl, df, maxtf, minlen, flags, off, len;
        size_t used;
        msd_term t;
        int rc;
        if (!(used = msd_varint_get(p, (size_t)(end - p), &shared))) return -1;
        p += used;
        if (!(used = msd_varint_get(p, (size_t)(end - p), &sl))) return -1;
        p += used;
        if (shared > kl || shared + sl > sizeof key || sl > (uint64_t)(end - p)) return -1;
        memcpy(key + shared, p, sl);
        kl = shared + sl;
        p += sl;
        uint64_t *fields[] = {&df, &maxtf, &minlen, &flags, &off, &len};
        for (size_t q = 0; q < 6; q++) {
            if (!(used = msd_varint_get(p, (size_t)(end - p), fields[q]))) return -1;
            p += used;
        }
        if (off < HEADER_SIZE || off > s->dict_off || len > s->dict_off - off || df > s->ndocs ||
            df == 0)
            return -1;
        t.df = (uint32_t)df;
        t.max_tf = maxtf > UINT32_MAX ? UINT32_MAX : (uint32_t)maxtf;
        t.min_len = minlen > UINT32_MAX ? UINT32_MAX : (uint32_t)minlen;
        t.has_pos = (int)(flags & 1);
        t.ndocs = s->ndocs;
        t.p = s->map + off;
        t.len = (size_t)len;
        if ((rc = fn(ctx, key, kl, &t))) return rc;
    }
    return 0;
}

/* The last block whose first key is <= key (0 when key precedes them all). */
static uint32_t block_for(const msd_seg *s, const char *key, size_t kl)
{
    uint32_t lo = 0, hi = s->nblocks;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        const uint8_t *r = s->index + 16 * (size_t)mid;
        if (keycmp(s->keys + get32(r + 8), get32(r + 12), key, kl) <= 0)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

struct find {
    const char *key;
    size_t kl;
    msd_term *t;
};

static int find_entry(void *ctx, const uint8_t *key, size_t kl, const msd_term *t)
{
    struct find *f = ctx;
    int c = keycmp(key, kl, f->key, f->kl);
    if (c == 0) {
        *f->t = *t;
        return 1;
    }
    return c > 0 ? 2 : 0; /* past it: not there */
}

int msd_seg_term(const msd_seg *s, const char *key, size_t key_len, msd_term *t)
{
    struct find f = {key, key_len, t};
    if (!s->nblocks) return 0;
    return walk_block(s, block_for(s, key, key_len), find_entry, &f) == 1;
}

struct range {
    const char *prefix;
    size_t pl;
    msd_seg_term_fn fn;
    void *ctx;
    int rc;
};

static int range_entry(void *ctx, const uint8_t *key, size_t kl, const msd_term *t)
{
    struct range *r = ctx;
    int c;
    if (kl >= r->pl && !memcmp(key, r->prefix, r->pl)) {
        if ((c = r->fn(r->ctx, (const char *)key, kl, t))) {
            r->rc = c;
            return 1;
        }
        return 0;
    }
    return keycmp(key, kl, r->prefix, r->pl) > 0 ? 2 : 0;
}

int msd_seg_prefix(const msd_seg *s, const char *prefix, size_t prefix_len, msd_seg_term_fn fn,
                   void *ctx)
{
    struct range r = {prefix, prefix_len, fn, ctx, 0};
    if (!s->nblocks) return 0;
    for (uint32_t b = block_for(s, prefix, prefix_len); b < s->nblocks; b++) {
        int rc = walk_block(s, b, range_entry, &r);
        if (rc) return rc == 1 ? r.rc : 0;
    }
    return 0;
}
