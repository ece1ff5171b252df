/* index.c — the segments of the manifest, opened together; see index.h. */
#include "index/index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"

struct deleted {
    uint8_t *bits; /* malloc'd, NULL when none */
    size_t n;
    uint64_t count;
};

struct msd_index {
    msd_seg **segs;
    struct deleted *del; /* one per segment */
    size_t n;
    uint64_t docs, ndeleted, body_tokens, title_tokens, bytes;
};

int msd_index_open(const char *dir, const char *const *files, size_t n, msd_index **out,
                   size_t *bad)
{
    msd_index *ix = calloc(1, sizeof *ix);
    int rc = MARSAD_OK;
    *out = NULL;
    if (!ix || !(ix->segs = calloc(n ? n : 1, sizeof *ix->segs)) ||
        !(ix->del = calloc(n ? n : 1, sizeof *ix->del))) {
        if (ix) free(ix->segs);
        free(ix);
        return MARSAD_ENOMEM;
    }
    for (size_t i = 0; i < n && !rc; i++) {
        char path[4096];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, files[i]) >= sizeof path) {
            rc = MARSAD_EINVAL;
        } else if (!(rc = msd_seg_open(path, &ix->segs[i]))) {
            const msd_seg *s = ix->segs[i];
            ix->n++;
            ix->docs += msd_seg_ndocs(s);
            ix->body_tokens += msd_seg_body_tokens(s);
            ix->title_tokens += msd_seg_title_tokens(s);
            ix->bytes += msd_seg_bytes(s);
        }
        if (rc && bad) *bad = i;
    }
    if (rc) {
        msd_index_close(ix);
        return rc;
    }
    *out = ix;
    return MARSAD_OK;
}

void msd_index_close(msd_index *ix)
{
    if (!ix) return;
    for (size_t i = 0; i < ix->n; i++) {
        msd_seg_close(ix->segs[i]);
        free(ix->del[i].bits);
    }
    free(ix->segs);
    free(ix->del);
    free(ix);
}

int msd_index_set_deleted(msd_index *ix, size_t i, const uint8_t *bits, size_t n)
{
    struct deleted *d = &ix->del[i];
    uint32_t ndocs = msd_seg_ndocs(ix->segs[i]);
    uint8_t *copy = NULL;
    uint64_t count = 0;
    if (n > ((size_t)ndocs + 7) / 8) n = ((size_t)ndocs + 7) / 8;
    if (n && !(copy = malloc(n))) return MARSAD_ENOMEM;
    if (n) memcpy(copy, bits, n);
    for (uint32_t k = 0; k < ndocs; k++) count += msd_index_deleted_bit(copy, n, k);
    free(d->bits);
    ix->ndeleted = ix->ndeleted - d->count + count;
    d->bits = copy;
    d->n = n;
    d->count = count;
    return MARSAD_OK;
}

int msd_index_deleted(const msd_index *ix, size_t i, uint32_t doc)
{
    return msd_index_deleted_bit(ix->del[i].bits, ix->del[i].n, doc);
}

size_t msd_index_nsegs(const msd_index *ix)
{
    return ix->n;
}

const msd_seg *msd_index_seg(const msd_index *ix, size_t i)
{
    return ix->segs[i];
}

uint64_t msd_index_docs(const msd_index *ix)
{
    return ix->docs - ix->ndeleted;
}

double msd_index_avg_body(const msd_index *ix)
{
    return ix->docs ? (double)ix->body_tokens / (double)ix->docs : 1;
}

double msd_index_avg_title(const msd_index *ix)
{
    return ix->docs ? (double)ix->title_tokens / (double)ix->docs : 1;
}

uint64_t msd_index_bytes(const msd_index *ix)
{
    return ix->bytes;
}

uint64_t msd_index_df(const msd_index *ix, const char *key, size_t key_len)
{
    uint64_t df = 0;
    msd_term t;
    for (size_t i = 0; i < ix->n; i++)
        if (msd_seg_term(ix->segs[i], key, key_len, &t)) df += t.df;
    return df;
}

uint64_t msd_index_damage(const msd_index *ix)
{
    uint64_t d = 0;
    for (size_t i = 0; i < ix->n; i++) d += msd_seg_damage(ix->segs[i]);
    return d;
}

const msd_seg *msd_index_damaged(const msd_index *ix)
{
    for (size_t i = 0; i < ix->n; i++)
        if (msd_seg_damage(ix->segs[i])) return ix->segs[i];
    return NULL;
}
