/* postings.c — the postings cursor; contract in postings.h, format in segment.c. */
#include "index/postings.h"

#include <stdlib.h>
#include <string.h>

#include "marsad.h"

#define SKIP_ENTRY 20

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void finish(msd_pcur *c, int corrupt)
{
    c->doc = MSD_PCUR_END;
    if (corrupt && !c->corrupt && c->seg) msd_seg_note_damage(c->seg, c->run, c->run_len);
    c->corrupt |= corrupt;
    c->n = c->i = 0;
}

static uint32_t block_docs(const msd_pcur *c, uint32_t b)
{
    return b + 1 < c->nblocks ? MSD_CODEC_BLOCK : c->df - MSD_CODEC_BLOCK * (c->nblocks - 1);
}

/* The last local id of block b (a single block: known once decoded). */
static uint32_t block_last(const msd_pcur *c, uint32_t b)
{
    if (c->skip) return get32(c->skip + (size_t)b * SKIP_ENTRY);
    return c->n ? c->docs[c->n - 1] : MSD_PCUR_END;
}

/* Decodes block b; returns 0 when corrupt. */
static int decode(msd_pcur *c, uint32_t b)
{
    size_t start = b ? get32(c->skip + (size_t)(b - 1) * SKIP_ENTRY + 4) : 0;
    size_t end = c->skip ? get32(c->skip + (size_t)b * SKIP_ENTRY + 4) : c->data_len;
    uint32_t n = block_docs(c, b),
             prev = b ? get32(c->skip + (size_t)(b - 1) * SKIP_ENTRY) : UINT32_MAX;
    size_t used;
    if (start > end || end > c->data_len) return 0;
    used = msd_codec_decode(c->data + start, end - start, n, c->docs);
    if (!used) return 0;
    if (!msd_codec_decode(c->data + start + used, end - start - used, n, c->tfs)) return 0;
    for (uint32_t k = 0; k < n; k++) { /* gaps - 1 → ids (prev starts at -1); tf - 1 → tf */
        int64_t d = (prev == UINT32_MAX ? -1 : (int64_t)prev) + (int64_t)c->docs[k] + 1;
        if (d >= c->ndocs) return 0; /* a damaged run: no reading past the document rows */
        c->docs[k] = prev = (uint32_t)d;
        c->tfs[k]++;
    }
    if (c->skip && prev != get32(c->skip + (size_t)b * SKIP_ENTRY)) return 0;
    c->block = b;
    c->n = n;
    c->i = 0;
    c->doc = c->docs[0];
    return 1;
}

int msd_pcur_init(msd_pcur *c, const msd_term *t)
{
    uint64_t data_len;
    size_t used, skip_len;
    memset(c, 0, sizeof *c);
    c->seg = t->seg;
    c->run = t->p;
    c->run_len = t->len;
    c->df = t->df;
    c->ndocs = t->ndocs;
    c->max_tf = t->max_tf;
    c->min_len = t->min_len;
    c->has_pos = t->has_pos;
    c->pv_block = UINT32_MAX;
    c->nblocks = (t->df + MSD_CODEC_BLOCK - 1) / MSD_CODEC_BLOCK;
    used = msd_varint_get(t->p, t->len, &data_len);
    skip_len = c->nblocks > 1 ? (size_t)c->nblocks * SKIP_ENTRY : 0;
    if (!used || !t->df || skip_len > t->len - used || data_len > t->len - used - skip_len) {
        finish(c, 1);
        return MARSAD_EFORMAT;
    }
    c->skip = skip_len ? t->p + used : NULL;
    c->data = t->p + used + skip_len;
    c->data_len = (size_t)data_len;
    c->pos = c->data + c->data_len;
    c->pos_len = t->len - used - skip_len - c->data_len;
    if (!decode(c, 0)) {
        finish(c, 1);
        return MARSAD_EFORMAT;
    }
    return MARSAD_OK;
}

void msd_pcur_free(msd_pcur *c)
{
    free(c->pv);
    free(c->abs);
    c->pv = c->abs = NULL;
}

uint32_t msd_pcur_next(msd_pcur *c)
{
    if (c->doc == MSD_PCUR_END) return c->doc;
    if (++c->i < c->n) return c->doc = c->docs[c->i];
    if (c->block + 1 >= c->nblocks) {
        finish(c, 0);
        return c->doc;
    }
    if (!decode(c, c->block + 1)) finish(c, 1);
    return c->doc;
}

uint32_t msd_pcur_seek(msd_pcur *c, uint32_t target)
{
    if (c->doc == MSD_PCUR_END || c->doc >= target) return c->doc;
    if (target > block_last(c, c->block)) {
        uint32_t lo = c->block + 1, hi = c->nblocks;
        if (lo >= hi) {
            finish(c, 0);
            return c->doc;
        }
        while (lo < hi) { /* the first block whose last id >= target */
            uint32_t mid = lo + (hi - lo) / 2;
            if (get32(c->skip + (size_t)mid * SKIP_ENTRY) < target)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo >= c->nblocks) {
            finish(c, 0);
            return c->doc;
        }
        if (!decode(c, lo)) {
            finish(c, 1);
            return c->doc;
        }
    }
    while (c->i < c->n && c->docs[c->i] < target) c->i++;
    if (c->i == c->n) { /* cannot happen with a consistent skip table */
        finish(c, 1);
        return c->doc;
    }
    return c->doc = c->docs[c->i];
}

int msd_pcur_block_of(const msd_pcur *c, uint32_t target, uint32_t *last, uint32_t *max_tf,
                      uint32_t *min_len)
{
    uint32_t lo, hi;
    if (c->doc == MSD_PCUR_END) return 0;
    if (!c->skip) { /* one block: its bounds are the term's */
        if (target > c->docs[c->n - 1]) return 0;
        *last = c->docs[c->n - 1];
        *max_tf = c->max_tf;
        *min_len = c->min_len;
        return 1;
    }
    lo = c->block;
    hi = c->nblocks;
    if (get32(c->skip + (size_t)lo * SKIP_ENTRY) < target) {
        lo++;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (get32(c->skip + (size_t)mid * SKIP_ENTRY) < target)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo >= c->nblocks) return 0;
    }
    *last = get32(c->skip + (size_t)lo * SKIP_ENTRY);
    *max_tf = get32(c->skip + (size_t)lo * SKIP_ENTRY + 12);
    *min_len = get32(c->skip + (size_t)lo * SKIP_ENTRY + 16);
    return 1;
}

/* Decodes the positions of the current block into pv. */
static int decode_positions(msd_pcur *c)
{
    size_t start, end, total = 0, off, k;
    uint32_t b = c->block;
    for (k = 0; k < c->n; k++) {
        c->pstart[k] = (uint32_t)total;
        total += c->tfs[k];
    }
    c->pstart[c->n] = (uint32_t)total;
    start = b ? get32(c->skip + (size_t)(b - 1) * SKIP_ENTRY + 8) : 0;
    end = c->skip ? get32(c->skip + (size_t)b * SKIP_ENTRY + 8) : c->pos_len;
    if (start > end || end > c->pos_len) return MARSAD_EFORMAT;
    /* every codec block takes a byte at least: frequencies that promise more positions
     * than the bytes can hold are corrupt (and must not size an allocation) */
    if (total > UINT32_MAX || (total + MSD_CODEC_BLOCK - 1) / MSD_CODEC_BLOCK > end - start)
        return MARSAD_EFORMAT;
    if (total > c->pv_cap) {
        uint32_t *n = realloc(c->pv, total * sizeof *n);
        if (!n) return MARSAD_ENOMEM;
        c->pv = n;
        c->pv_cap = total;
    }
    for (off = start, k = 0; k < total;) {
        size_t n = total - k < MSD_CODEC_BLOCK ? total - k : MSD_CODEC_BLOCK;
        size_t used = msd_codec_decode(c->pos + off, end - off, n, c->pv + k);
        if (!used) return MARSAD_EFORMAT;
        off += used;
        k += n;
    }
    c->pv_block = b;
    return MARSAD_OK;
}

int msd_pcur_positions(msd_pcur *c, const uint32_t **pos, size_t *n)
{
    uint32_t from, to, p = 0;
    int rc;
    if (!c->has_pos) return MARSAD_EINVAL;
    if (c->doc == MSD_PCUR_END) return MARSAD_EFORMAT;
    if (c->pv_block != c->block && (rc = decode_positions(c))) return rc;
    from = c->pstart[c->i];
    to = c->pstart[c->i + 1];
    if (to - from > c->abs_cap) {
        uint32_t *a = realloc(c->abs, (to - from) * sizeof *a);
        if (!a) return MARSAD_ENOMEM;
        c->abs = a;
        c->abs_cap = to - from;
    }
    for (uint32_t k = from; k < to; k++) { /* gaps → absolute, the flag kept */
        p += c->pv[k] >> 1;
        c->abs[k - from] = p << 1 | (c->pv[k] & 1);
    }
    *pos = c->abs;
    *n = to - from;
    return MARSAD_OK;
}
