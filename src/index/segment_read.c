/* segment_read.c — mapping and reading index segments; the format is specified at the
 * top of segment.c, the contract in segment.h. */
#define _DEFAULT_SOURCE /* MAP_* */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "index/codec.h"
#include "index/mapguard.h"
#include "index/segment.h"
#include "index/segment_int.h"
#include "marsad.h"

/* ---- Reader ---------------------------------------------------------------------------- */

struct msd_seg {
    const uint8_t *map;
    size_t len;
    size_t end; /* of the indexed bytes: sums_off (version 2), len (version 1) */
    uint32_t hdr, ndocs, nblocks;
    uint64_t nterms, body_tokens, title_tokens, dict_off, index_off;
    const uint8_t *docs, *index, *keys;
    size_t keys_len;
    uint16_t (*lens)[2]; /* body, title; LEN_FULL: read the row (a longer field) */
    const uint8_t *sums; /* a crc32 per page, or NULL (version 1) */
    size_t npages;
    uint64_t *verified;        /* a bit per page, set once its sum matched (atomically) */
    unsigned damage;           /* how many times damage was met (atomically) */
    msd_mapfault fault;        /* reads past the end of a file cut short under us */
    uint64_t bad_from, bad_to; /* the first damage met: its bytes */
    char path[];
};

#define LEN_FULL UINT16_MAX

/* Records damage in bytes [from, to): counted always, described the first time. */
static void note_damage(const msd_seg *cs, uint64_t from, uint64_t to)
{
    msd_seg *s = (msd_seg *)cs; /* the count changes under a const reader, as a cache would */
    if (__atomic_fetch_add(&s->damage, 1, __ATOMIC_RELAXED) == 0) {
        s->bad_from = from;
        s->bad_to = to;
    }
}

/* Verifies the pages holding bytes [off, off + n) (n > 0, within the indexed bytes);
 * returns 0, or -1 when one does not match its sum (damage noted). */
static int verify(const msd_seg *s, uint64_t off, uint64_t n)
{
    if (!s->sums || !n) return 0;
    if (off > s->end || n > s->end - off) { /* the callers check first: never past the sums */
        note_damage(s, off, off + n);
        return -1;
    }
    for (size_t p = (size_t)(off / MSD_SEG_PAGE); p <= (size_t)((off + n - 1) / MSD_SEG_PAGE);
         p++) {
        uint64_t *w = &s->verified[p / 64], bit = (uint64_t)1 << (p % 64);
        size_t from = p ? p * (size_t)MSD_SEG_PAGE : s->hdr;
        size_t to =
            (p + 1) * (size_t)MSD_SEG_PAGE < s->end ? (p + 1) * (size_t)MSD_SEG_PAGE : s->end;
        if (__atomic_load_n(w, __ATOMIC_RELAXED) & bit) continue;
        if ((uint32_t)crc32(0, s->map + from, (uInt)(to - from)) != msd_get32(s->sums + 4 * p)) {
            note_damage(s, from, to);
            return -1;
        }
        __atomic_fetch_or(w, bit, __ATOMIC_RELAXED);
    }
    return 0;
}

/* The version-2 header's own checks: its crc, the sums' place, size and crc. */
static int open_sums(msd_seg *s)
{
    uint64_t sums_off = msd_get64(s->map + 64);
    if ((uint32_t)crc32(0, s->map, 92) != msd_get32(s->map + 92) ||
        msd_get32(s->map + 72) != MSD_SEG_PAGE || sums_off < MSD_SEG_HEADER || sums_off > s->len)
        return -1;
    s->npages = (size_t)((sums_off + MSD_SEG_PAGE - 1) / MSD_SEG_PAGE);
    if ((uint64_t)s->npages * 4 != s->len - sums_off) return -1;
    s->end = (size_t)sums_off;
    s->sums = s->map + sums_off;
    if ((uint32_t)crc32(0, s->sums, (uInt)(4 * s->npages)) != msd_get32(s->map + 76)) return -1;
    s->verified = calloc((s->npages + 63) / 64, sizeof *s->verified);
    return s->verified ? 0 : -2;
}

int msd_seg_open(const char *path, msd_seg **out)
{
    struct stat st;
    msd_seg *s;
    int fd = open(path, O_RDONLY | O_CLOEXEC), rc = MARSAD_EFORMAT;
    uint32_t version;
    void *m;
    *out = NULL;
    if (fd < 0) return MARSAD_EIO;
    if (fstat(fd, &st)) {
        close(fd);
        return MARSAD_EIO;
    }
    if (st.st_size < MSD_SEG_HEADER_V1) {
        close(fd);
        return MARSAD_ECORRUPT; /* a truncated file, not a foreign one: not mapped */
    }
    m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (m == MAP_FAILED) return MARSAD_EIO;
    if (!(s = calloc(1, sizeof *s + strlen(path) + 1))) {
        munmap(m, (size_t)st.st_size);
        return MARSAD_ENOMEM;
    }
    strcpy(s->path, path);
    s->map = m;
    s->len = s->end = (size_t)st.st_size;
    msd_mapguard_add(s->map, s->len, &s->fault);    /* unguarded when it cannot be */
    if (memcmp(s->map, msd_seg_magic, 8)) goto bad; /* not a segment */
    rc = MARSAD_ECORRUPT;                           /* a segment, damaged */
    version = msd_get32(s->map + 8);
    if (version == 1) {
        s->hdr = MSD_SEG_HEADER_V1;
    } else if (version == MSD_SEG_VERSION && s->len >= MSD_SEG_HEADER) {
        int r;
        s->hdr = MSD_SEG_HEADER;
        if ((r = open_sums(s))) {
            rc = r == -2 ? MARSAD_ENOMEM : MARSAD_ECORRUPT;
            goto bad;
        }
    } else {
        rc = MARSAD_EFORMAT; /* a version this build does not know */
        goto bad;
    }
    s->ndocs = msd_get32(s->map + 12);
    s->nterms = msd_get64(s->map + 16);
    s->body_tokens = msd_get64(s->map + 24);
    s->title_tokens = msd_get64(s->map + 32);
    s->dict_off = msd_get64(s->map + 40);
    s->index_off = msd_get64(s->map + 48);
    if (msd_get64(s->map + 56) != s->len) goto bad;
    if ((uint64_t)s->hdr + (uint64_t)MSD_SEG_DOC_ROW * s->ndocs > s->dict_off ||
        s->dict_off > s->index_off || s->index_off + 8 > s->end)
        goto bad;
    /* what open reads: the document rows, the block index and its keys */
    if (verify(s, s->hdr, (uint64_t)MSD_SEG_DOC_ROW * s->ndocs) ||
        verify(s, s->index_off, s->end - s->index_off))
        goto bad;
    s->docs = s->map + s->hdr;
    s->nblocks = msd_get32(s->map + s->index_off);
    if (s->nblocks != (s->nterms + MSD_SEG_DICT_BLOCK - 1) / MSD_SEG_DICT_BLOCK ||
        (uint64_t)s->nblocks * 16 > s->end - s->index_off - 8)
        goto bad;
    s->index = s->map + s->index_off + 8;
    s->keys = s->index + (size_t)s->nblocks * 16;
    s->keys_len = s->end - (size_t)(s->keys - s->map);
    for (uint32_t b = 0; b < s->nblocks; b++) { /* every block and first key in range */
        const uint8_t *r = s->index + 16 * (size_t)b;
        uint64_t off = msd_get64(r);
        if (off < s->dict_off || off >= s->index_off ||
            (uint64_t)msd_get32(r + 8) + msd_get32(r + 12) > s->keys_len ||
            (b && off <= msd_get64(r - 16)))
            goto bad;
    }
    rc = MARSAD_ENOMEM;
    if (!(s->lens = malloc(((size_t)s->ndocs + 1) * sizeof *s->lens))) goto bad;
    for (uint32_t i = 0; i < s->ndocs; i++) { /* the rows' lengths, dense */
        const uint8_t *r = s->docs + (size_t)i * MSD_SEG_DOC_ROW;
        uint32_t b = msd_get32(r + 8), t = msd_get32(r + 12);
        s->lens[i][0] = b < LEN_FULL ? (uint16_t)b : LEN_FULL;
        s->lens[i][1] = t < LEN_FULL ? (uint16_t)t : LEN_FULL;
    }
    *out = s;
    return MARSAD_OK;
bad:
    msd_seg_close(s);
    return rc;
}

void msd_seg_close(msd_seg *s)
{
    if (!s) return;
    msd_mapguard_remove(s->map);
    munmap((void *)s->map, s->len);
    free(s->lens);
    free(s->verified);
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
    const uint8_t *r = s->docs + (size_t)i * MSD_SEG_DOC_ROW;
    d->docid = msd_get32(r);
    d->group = msd_get32(r + 4);
    d->body_len = msd_get32(r + 8);
    d->title_len = msd_get32(r + 12);
    d->source = msd_get32(r + 16);
    d->date = (int32_t)msd_get32(r + 20);
}

void msd_seg_lens(const msd_seg *s, uint32_t i, uint32_t *body, uint32_t *title)
{
    *body = s->lens[i][0];
    *title = s->lens[i][1];
    if (*body == LEN_FULL) *body = msd_get32(s->docs + (size_t)i * MSD_SEG_DOC_ROW + 8);
    if (*title == LEN_FULL) *title = msd_get32(s->docs + (size_t)i * MSD_SEG_DOC_ROW + 12);
}

uint32_t msd_seg_local(const msd_seg *s, uint32_t docid)
{
    uint32_t lo = 0, hi = s->ndocs;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2, v = msd_get32(s->docs + (size_t)mid * MSD_SEG_DOC_ROW);
        if (v == docid) return mid;
        if (v < docid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return UINT32_MAX;
}

/* Reads the dictionary entry at *p (before end) into key/kl (the previous key of the
 * block there, for its shared prefix) and t; returns 0, or -1 when it is damaged. */
static int read_entry(const msd_seg *s, const uint8_t **pp, const uint8_t *end, uint8_t *key,
                      size_t *kl, msd_term *t)
{
    const uint8_t *p = *pp;
    uint64_t shared, sl, df, maxtf, minlen, flags, off, len;
    uint64_t *fields[] = {&df, &maxtf, &minlen, &flags, &off, &len};
    size_t used;
    if (!(used = msd_varint_get(p, (size_t)(end - p), &shared))) return -1;
    p += used;
    if (!(used = msd_varint_get(p, (size_t)(end - p), &sl))) return -1;
    p += used;
    if (shared > *kl || shared + sl > 1100 || sl > (uint64_t)(end - p)) return -1;
    memcpy(key + shared, p, sl);
    *kl = shared + sl;
    p += sl;
    for (size_t q = 0; q < 6; q++) {
        if (!(used = msd_varint_get(p, (size_t)(end - p), fields[q]))) return -1;
        p += used;
    }
    if (off < s->hdr || off > s->dict_off || len > s->dict_off - off || df > s->ndocs || df == 0)
        return -1;
    t->df = (uint32_t)df;
    t->max_tf = maxtf > UINT32_MAX ? UINT32_MAX : (uint32_t)maxtf;
    t->min_len = minlen > UINT32_MAX ? UINT32_MAX : (uint32_t)minlen;
    t->has_pos = (int)(flags & 1);
    t->ndocs = s->ndocs;
    t->p = s->map + off;
    t->len = (size_t)len;
    t->seg = s;
    *pp = p;
    return 0;
}

/* The bytes of dictionary block b, verified; returns 0, or -1 when damaged. */
static int block_bytes(const msd_seg *s, uint32_t b, const uint8_t **p, const uint8_t **end)
{
    const uint8_t *r = s->index + 16 * (size_t)b;
    *p = s->map + msd_get64(r);
    *end = b + 1 < s->nblocks ? s->map + msd_get64(r + 16) : s->map + s->index_off;
    return verify(s, (uint64_t)(*p - s->map), (uint64_t)(*end - *p));
}

/* Reads the entry at *pp as read_entry does, and verifies its postings: a term handed
 * out is one whose bytes matched their sums. Damage (of either) is noted. */
static int read_term(const msd_seg *s, const uint8_t **pp, const uint8_t *end, uint8_t *key,
                     size_t *kl, msd_term *t)
{
    if (read_entry(s, pp, end, key, kl, t)) {
        note_damage(s, (uint64_t)(*pp - s->map), (uint64_t)(end - s->map));
        return -1;
    }
    return verify(s, (uint64_t)(t->p - s->map), t->len);
}

/* Walks dictionary block b; for each entry calls fn with its key (its postings not yet
 * verified: fn verifies those it takes). A block ends at the next block's offset.
 * Returns fn's nonzero result, 0 at the end, -1 when damaged. */
typedef int (*entry_fn)(void *ctx, const uint8_t *key, size_t kl, const msd_term *t);

static int walk_block(const msd_seg *s, uint32_t b, entry_fn fn, void *ctx)
{
    const uint8_t *p, *end;
    uint8_t key[1100];
    size_t kl = 0;
    if (block_bytes(s, b, &p, &end)) return -1;
    for (int k = 0; k < MSD_SEG_DICT_BLOCK && p < end; k++) {
        msd_term t;
        int rc;
        if (read_entry(s, &p, end, key, &kl, &t)) {
            note_damage(s, (uint64_t)(p - s->map), (uint64_t)(end - s->map));
            return -1;
        }
        if ((rc = fn(ctx, key, kl, &t))) return rc;
    }
    return 0;
}

void msd_seg_iter_init(msd_seg_iter *it, const msd_seg *s)
{
    memset(it, 0, sizeof *it);
    it->seg = s;
    it->k = MSD_SEG_DICT_BLOCK; /* block 0 is entered at the first step */
    it->block = UINT32_MAX;
}

int msd_seg_iter_next(msd_seg_iter *it)
{
    const msd_seg *s = it->seg;
    if (it->k == MSD_SEG_DICT_BLOCK || it->p >= it->end) { /* the next block */
        uint32_t b = it->block + 1;
        if (b >= s->nblocks) return 0;
        it->block = b;
        if (block_bytes(s, b, &it->p, &it->end)) return -1;
        it->k = 0;
        it->kl = 0;
        if (it->p >= it->end) {
            note_damage(s, (uint64_t)(it->p - s->map), (uint64_t)(it->p - s->map));
            return -1;
        }
    }
    if (read_term(s, &it->p, it->end, it->key, &it->kl, &it->t)) return -1;
    it->k++;
    return 1;
}

/* The last block whose first key is <= key (0 when key precedes them all). */
static uint32_t block_for(const msd_seg *s, const char *key, size_t kl)
{
    uint32_t lo = 0, hi = s->nblocks;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        const uint8_t *r = s->index + 16 * (size_t)mid;
        if (msd_keycmp(s->keys + msd_get32(r + 8), msd_get32(r + 12), key, kl) <= 0)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

struct find {
    const msd_seg *s;
    const char *key;
    size_t kl;
    msd_term *t;
};

static int find_entry(void *ctx, const uint8_t *key, size_t kl, const msd_term *t)
{
    struct find *f = ctx;
    int c = msd_keycmp(key, kl, f->key, f->kl);
    if (c == 0) {
        if (verify(f->s, (uint64_t)(t->p - f->s->map), t->len)) return 3; /* damaged */
        *f->t = *t;
        return 1;
    }
    return c > 0 ? 2 : 0; /* past it: not there */
}

int msd_seg_term(const msd_seg *s, const char *key, size_t key_len, msd_term *t)
{
    struct find f = {s, key, key_len, t};
    if (!s->nblocks) return 0;
    return walk_block(s, block_for(s, key, key_len), find_entry, &f) == 1;
}

struct range {
    const msd_seg *s;
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
        if (verify(r->s, (uint64_t)(t->p - r->s->map), t->len)) return 0; /* damage, noted */
        if ((c = r->fn(r->ctx, (const char *)key, kl, t))) {
            r->rc = c;
            return 1;
        }
        return 0;
    }
    return msd_keycmp(key, kl, r->prefix, r->pl) > 0 ? 2 : 0;
}

int msd_seg_prefix(const msd_seg *s, const char *prefix, size_t prefix_len, msd_seg_term_fn fn,
                   void *ctx)
{
    struct range r = {s, prefix, prefix_len, fn, ctx, 0};
    if (!s->nblocks) return 0;
    for (uint32_t b = block_for(s, prefix, prefix_len); b < s->nblocks; b++) {
        int rc = walk_block(s, b, range_entry, &r);
        if (rc) return rc == 1 ? r.rc : 0; /* -1: damage, noted */
    }
    return 0;
}

/* ---- Damage ----------------------------------------------------------------------------- */

unsigned msd_seg_damage(const msd_seg *s)
{
    return __atomic_load_n(&s->damage, __ATOMIC_RELAXED) +
           __atomic_load_n(&s->fault.count, __ATOMIC_RELAXED);
}

void msd_seg_note_damage(const msd_seg *s, const uint8_t *p, size_t n)
{
    uint64_t off = p >= s->map && p <= s->map + s->len ? (uint64_t)(p - s->map) : 0;
    note_damage(s, off, off + n);
}

const char *msd_seg_path(const msd_seg *s)
{
    return s->path;
}

int msd_seg_describe(const msd_seg *s, char *buf, size_t cap)
{
    if (!msd_seg_damage(s)) return snprintf(buf, cap, "sound");
    if (__atomic_load_n(&s->fault.count, __ATOMIC_RELAXED))
        return snprintf(buf, cap, "cut short while open: no data at byte %llu of its %zu",
                        (unsigned long long)s->fault.first, s->len);
    return snprintf(buf, cap, "damaged: bytes %llu to %llu do not match %s",
                    (unsigned long long)s->bad_from, (unsigned long long)s->bad_to,
                    s->sums ? "their checksum"
                            : "the format (a version-1 file, without checksums)");
}

uint64_t msd_seg_pages(const msd_seg *s)
{
    return s->npages;
}

int msd_seg_verify_all(const msd_seg *s)
{
    int bad = 0;
    for (size_t p = 0; p < s->npages; p++) {
        size_t from = p * (size_t)MSD_SEG_PAGE, to = from + MSD_SEG_PAGE;
        if (!from) from = s->hdr;
        if (to > s->end) to = s->end;
        if (verify(s, from, to - from)) bad++;
    }
    return bad;
}
