/*
 * segterms.c — a document's distinct index keys; the contract is in segterms.h.
 *
 * Keys go into an arena and an open-addressing table of term indexes (a news article
 * has a few hundred distinct keys; the table is cleared per document, not freed).
 * Positions are recorded as (term, value) occurrences in the order given, and finish
 * groups them by term with a counting sort: each term's run keeps that order.
 */
#include "index/segterms.h"

#include <stdlib.h>
#include <string.h>

#include "index/segment.h"
#include "marsad.h"
#include "util/grow.h"

#define KEY_MAX 1100 /* a tag byte and a form of up to 1,098 bytes, NUL room kept */

struct term {
    uint64_t hash;
    uint32_t key_off, key_len, tf;
    uint32_t npos, pos_off; /* positions: how many, where in pos after finish */
};

struct occ {
    uint32_t term, val;
};

struct msd_segterms {
    struct term *terms;
    size_t n, cap;
    char *keys;
    size_t keys_len, keys_cap;
    struct occ *occ;
    size_t nocc, occ_cap;
    uint32_t *pos; /* grouped positions, after finish */
    size_t pos_cap;
    uint32_t *slots; /* term index + 1; 0: empty */
    size_t nslots;
    int finished;
};

int msd_segterms_new(msd_segterms **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? MARSAD_OK : MARSAD_ENOMEM;
}

void msd_segterms_free(msd_segterms *t)
{
    if (!t) return;
    free(t->terms);
    free(t->keys);
    free(t->occ);
    free(t->pos);
    free(t->slots);
    free(t);
}

void msd_segterms_reset(msd_segterms *t)
{
    if (t->n) memset(t->slots, 0, t->nslots * sizeof *t->slots);
    t->n = t->keys_len = t->nocc = 0;
    t->finished = 0;
}

static uint64_t hash_key(const char *key, size_t len)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) h = (h ^ (uint8_t)key[i]) * 1099511628211u;
    return h;
}

/* Doubles the table (from 512 slots) and places every term again. */
static int rehash(msd_segterms *t)
{
    size_t n = t->nslots ? t->nslots * 2 : 512;
    uint32_t *s = calloc(n, sizeof *s);
    if (!s) return MARSAD_ENOMEM;
    for (size_t i = 0; i < t->n; i++) {
        size_t k = t->terms[i].hash & (n - 1);
        while (s[k]) k = (k + 1) & (n - 1);
        s[k] = (uint32_t)i + 1;
    }
    free(t->slots);
    t->slots = s;
    t->nslots = n;
    return MARSAD_OK;
}

/* The index of key's term, added when new; -1 when out of memory or too big. */
static long term_of(msd_segterms *t, const char *key, size_t len, int *rc)
{
    uint64_t h = hash_key(key, len);
    size_t k;
    struct term *e;
    if ((t->n + 1) * 2 > t->nslots && (*rc = rehash(t))) return -1;
    for (k = h & (t->nslots - 1); t->slots[k]; k = (k + 1) & (t->nslots - 1)) {
        e = &t->terms[t->slots[k] - 1];
        if (e->hash == h && e->key_len == len && !memcmp(t->keys + e->key_off, key, len))
            return (long)(t->slots[k] - 1);
    }
    if ((*rc =
             msd_grow((void **)&t->terms, &t->cap, t->n + 1, sizeof *t->terms, MSD_GROW_DOC_MAX)) ||
        (*rc = msd_grow((void **)&t->keys, &t->keys_cap, t->keys_len + len, 1, MSD_GROW_DOC_MAX)))
        return -1;
    e = &t->terms[t->n];
    memset(e, 0, sizeof *e);
    e->hash = h;
    e->key_off = (uint32_t)t->keys_len;
    e->key_len = (uint32_t)len;
    memcpy(t->keys + t->keys_len, key, len);
    t->keys_len += len;
    t->slots[k] = (uint32_t)++t->n;
    return (long)(t->n - 1);
}

/* Counts one occurrence of key; a stem key records its position value. */
static int occur(msd_segterms *t, const char *key, size_t len, int has_pos, uint32_t val)
{
    int rc = MARSAD_OK;
    long i = term_of(t, key, len, &rc);
    if (i < 0) return rc;
    t->terms[i].tf++;
    if (!has_pos) return MARSAD_OK;
    if ((rc = msd_grow((void **)&t->occ, &t->occ_cap, t->nocc + 1, sizeof *t->occ,
                       MSD_GROW_DOC_MAX)))
        return rc;
    t->terms[i].npos++;
    t->occ[t->nocc++] = (struct occ){(uint32_t)i, val};
    return MARSAD_OK;
}

int msd_segterms_keys(int title, uint32_t pos, const char *stem, size_t stem_len, const char *norm,
                      size_t norm_len, msd_segkey_fn add, void *ctx)
{
    char key[KEY_MAX];
    int same = stem_len == norm_len && !memcmp(stem, norm, stem_len), rc;
    if (stem_len + 1 > sizeof key || norm_len + 1 > sizeof key || pos > (UINT32_MAX >> 1))
        return MARSAD_EINVAL;
    key[0] = (char)(title ? MSD_TAG_TITLE : MSD_TAG_BODY);
    memcpy(key + 1, stem, stem_len);
    rc = add(ctx, key, stem_len + 1, 1, pos << 1 | (uint32_t)same);
    if (rc || same) return rc;
    key[0] = (char)(title ? MSD_TAG_TITLE_EXACT : MSD_TAG_BODY_EXACT);
    memcpy(key + 1, norm, norm_len);
    return add(ctx, key, norm_len + 1, 0, 0);
}

static int occur_key(void *t, const char *key, size_t len, int has_pos, uint32_t val)
{
    return occur(t, key, len, has_pos, val);
}

int msd_segterms_token(msd_segterms *t, int title, uint32_t pos, const char *stem, size_t stem_len,
                       const char *norm, size_t norm_len)
{
    if (t->finished) return MARSAD_EINVAL;
    return msd_segterms_keys(title, pos, stem, stem_len, norm, norm_len, occur_key, t);
}

int msd_segterms_finish(msd_segterms *t)
{
    size_t off = 0;
    int rc;
    if (t->finished) return MARSAD_OK;
    if ((rc = msd_grow((void **)&t->pos, &t->pos_cap, t->nocc, sizeof *t->pos, MSD_GROW_DOC_MAX)))
        return rc;
    for (size_t i = 0; i < t->n; i++) {
        t->terms[i].pos_off = (uint32_t)off;
        off += t->terms[i].npos;
        t->terms[i].npos = 0; /* refilled below */
    }
    for (size_t k = 0; k < t->nocc; k++) {
        struct term *e = &t->terms[t->occ[k].term];
        t->pos[e->pos_off + e->npos++] = t->occ[k].val;
    }
    t->finished = 1;
    return MARSAD_OK;
}

size_t msd_segterms_count(const msd_segterms *t)
{
    return t->finished ? t->n : 0;
}

void msd_segterms_at(const msd_segterms *t, size_t i, msd_segterm *out)
{
    const struct term *e = &t->terms[i];
    out->key = t->keys + e->key_off;
    out->key_len = e->key_len;
    out->tf = e->tf;
    out->pos = e->npos ? t->pos + e->pos_off : NULL;
}
