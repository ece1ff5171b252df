/*
 * vector.c — an article's story vector and the document frequencies (vector.h).
 */
#include "stories/vector.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "util/hash.h"

#define CHANGED 0x80000000u
#define TITLE   0x80000000u /* in a distinct term's tf: a word of the title */

extern const char *const msd_stories_df_prior[]; /* build/gen, from data/stories/ */

static uint32_t key_of(const char *s, size_t n)
{
    return (uint32_t)msd_hash64(s, n);
}

int msd_storydf_load_prior(msd_storydf *df)
{
    msd_idmap_clear(&df->prior);
    df->prior_docs = 0;
    for (size_t i = 0; msd_stories_df_prior[i]; i++) {
        const char *line = msd_stories_df_prior[i], *tab = strchr(line, '\t');
        unsigned long n;
        uint32_t *v;
        if (!tab) continue;
        n = strtoul(tab + 1, NULL, 10);
        if (!strncmp(line, "=docs\t", 6)) {
            df->prior_docs = n;
            continue;
        }
        if (!(v = msd_idmap_slot(&df->prior, key_of(line, (size_t)(tab - line)), 0, NULL)))
            return MARSAD_ENOMEM;
        *v = (uint32_t)n;
    }
    return MARSAD_OK;
}

int msd_storydf_set(msd_storydf *df, uint32_t key, uint32_t n)
{
    uint32_t *v = msd_idmap_slot(&df->counts, key, 0, NULL);
    if (!v) return MARSAD_ENOMEM;
    *v = n & ~CHANGED;
    return MARSAD_OK;
}

int msd_storydf_each_changed(msd_storydf *df, int (*fn)(void *ctx, uint32_t key, uint32_t n),
                             void *ctx)
{
    msd_idmap *m = &df->counts;
    for (size_t i = 0; i < m->cap; i++) {
        int rc;
        if (!m->used[i] || !(m->vals[i] & CHANGED)) continue;
        if ((rc = fn(ctx, (uint32_t)m->keys[i], m->vals[i] & ~CHANGED))) return rc;
        m->vals[i] &= ~CHANGED;
    }
    return 0;
}

void msd_storydf_free(msd_storydf *df)
{
    msd_idmap_free(&df->counts);
    msd_idmap_free(&df->prior);
    df->docs = df->prior_docs = 0;
}

static int push(msd_storyvec_builder *b, uint32_t key, uint32_t tf)
{
    if (b->n == b->cap) {
        size_t cap = b->cap;
        if (msd_grow((void **)&b->keys, &cap, b->n + 1, sizeof *b->keys, MSD_GROW_BATCH_MAX) ||
            msd_grow((void **)&b->tf, &b->cap, b->n + 1, sizeof *b->tf, MSD_GROW_BATCH_MAX))
            return MARSAD_ENOMEM;
    }
    b->keys[b->n] = key;
    b->tf[b->n++] = tf;
    return MARSAD_OK;
}

/* Stems of words only: a number, a URL or a one-letter stem tells nothing of an event. */
/* The tokens of a title (tf: its weight) or of a body's lead (tf 1: the first
 * MSD_STORY_LEAD tokens). */
static int push_tokens(msd_storyvec_builder *b, const msd_tokens *ts, uint32_t tf)
{
    for (size_t k = 0; k < ts->n && (tf > 1 || k < MSD_STORY_LEAD); k++) {
        const struct msd_tok *e = &ts->t[k];
        if ((e->kind != MARSAD_TOKEN_WORD && e->kind != MARSAD_TOKEN_HASHTAG) ||
            (e->flags & MARSAD_TOKEN_STOPWORD) || e->stem_len < 3)
            continue;
        if (push(b, key_of(e->stem, e->stem_len), tf)) return MARSAD_ENOMEM;
    }
    return MARSAD_OK;
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

struct weighted {
    uint32_t key;
    int title;
    double w;
};

/* Heaviest first; equal weights by key, so the choice never depends on input order. */
static int cmp_weighted(const void *x, const void *y)
{
    const struct weighted *a = x, *b = y;
    if (a->w != b->w) return a->w < b->w ? 1 : -1;
    return (a->key > b->key) - (a->key < b->key);
}

static int cmp_key(const void *x, const void *y)
{
    const struct weighted *a = x, *b = y;
    return (a->key > b->key) - (a->key < b->key);
}

int msd_storyvec_build(msd_storyvec_builder *b, const msd_tokens *title, const msd_tokens *body,
                       const char *const *ents, size_t n_ents, msd_storydf *df, msd_storyvec *out)
{
    struct weighted top[MSD_STORY_TERMS + 1];
    size_t n_top = 0, d = 0;
    double norm = 0;
    b->n = 0;
    memset(out, 0, sizeof *out);
    if (push_tokens(b, title, MSD_STORY_TITLE_TF) || push_tokens(b, body, 1)) return MARSAD_ENOMEM;
    for (size_t i = 0; i < n_ents; i++) {
        char buf[256];
        size_t len = strlen(ents[i]);
        if (!len || len + 1 > sizeof buf) continue;
        buf[0] = '\x01'; /* an entity is not the word it is spelled with */
        memcpy(buf + 1, ents[i], len);
        if (push(b, key_of(buf, len + 1), 1)) return MARSAD_ENOMEM;
    }
    /* sort the occurrences by key (pairs: sort an index of keys with their tf) */
    {
        uint64_t *pairs = malloc((b->n ? b->n : 1) * sizeof *pairs);
        if (!pairs) return MARSAD_ENOMEM;
        for (size_t i = 0; i < b->n; i++) pairs[i] = (uint64_t)b->keys[i] << 32 | b->tf[i];
        qsort(pairs, b->n, sizeof *pairs, cmp_u64);
        for (size_t i = 0; i < b->n;) {
            uint32_t key = (uint32_t)(pairs[i] >> 32), tf = 0, in_title = 0;
            for (; i < b->n && (uint32_t)(pairs[i] >> 32) == key; i++) {
                tf += (uint32_t)pairs[i];
                in_title |= (uint32_t)pairs[i] == MSD_STORY_TITLE_TF; /* only a title word's is */
            }
            b->keys[d] = key;
            b->tf[d++] = tf | in_title << 31;
        }
        free(pairs);
    }
    /* grow the df map first, so that counting cannot fail halfway */
    for (size_t i = 0; i < d; i++) {
        const uint32_t *c = msd_idmap_get(&df->counts, b->keys[i]);
        const uint32_t *p = msd_idmap_get(&df->prior, b->keys[i]);
        double n = 1.0 + (double)(df->docs + df->prior_docs);
        double idf = log(n / (1.0 + (c ? (*c & ~CHANGED) : 0) + (p ? *p : 0))) + 1.0;
        struct weighted t = {b->keys[i], (int)(b->tf[i] >> 31),
                             (1.0 + log((double)(b->tf[i] & ~TITLE))) * idf};
        if (n_top < MSD_STORY_TERMS || cmp_weighted(&t, &top[n_top - 1]) < 0) {
            size_t j = n_top < MSD_STORY_TERMS ? n_top++ : n_top - 1;
            while (j > 0 && cmp_weighted(&t, &top[j - 1]) < 0) {
                top[j] = top[j - 1];
                j--;
            }
            top[j] = t;
        }
    }
    for (size_t i = 0; i < d; i++)
        if (!msd_idmap_slot(&df->counts, b->keys[i], 0, NULL)) return MARSAD_ENOMEM;
    for (size_t i = 0; i < d; i++) {
        uint32_t *c = msd_idmap_get(&df->counts, b->keys[i]);
        *c = ((*c & ~CHANGED) + 1) | CHANGED;
    }
    df->docs++;
    qsort(top, n_top, sizeof *top, cmp_key);
    for (size_t i = 0; i < n_top; i++) norm += top[i].w * top[i].w;
    norm = sqrt(norm);
    for (size_t i = 0; i < n_top; i++) {
        long q = lround(top[i].w / norm * MSD_STORY_WMAX);
        if (q < 1) continue; /* too light to keep at 16 bits */
        if (top[i].title) out->title |= (uint64_t)1 << out->n;
        out->key[out->n] = top[i].key;
        out->w[out->n++] = (uint16_t)(q > (long)MSD_STORY_WMAX ? MSD_STORY_WMAX : q);
    }
    return MARSAD_OK;
}

void msd_storyvec_builder_free(msd_storyvec_builder *b)
{
    free(b->keys);
    free(b->tf);
    memset(b, 0, sizeof *b);
}

/* Σ w_a · w_b over the keys both hold where both masks have the term's bit. */
static uint64_t common(const msd_storyvec *a, const msd_storyvec *b, uint64_t ma, uint64_t mb)
{
    uint64_t s = 0;
    for (uint32_t i = 0, j = 0; i < a->n && j < b->n;) {
        if (a->key[i] < b->key[j]) {
            i++;
        } else if (a->key[i] > b->key[j]) {
            j++;
        } else {
            if (ma >> i & mb >> j & 1) s += (uint64_t)a->w[i] * b->w[j];
            i++;
            j++;
        }
    }
    return s;
}

double msd_storyvec_dot(const msd_storyvec *a, const msd_storyvec *b)
{
    return (double)common(a, b, UINT64_MAX, UINT64_MAX) / ((double)MSD_STORY_WMAX * MSD_STORY_WMAX);
}

uint64_t msd_storyvec_title_sq(const msd_storyvec *v)
{
    uint64_t q = 0;
    for (uint32_t i = 0; i < v->n; i++)
        if (v->title >> i & 1) q += (uint64_t)v->w[i] * v->w[i];
    return q;
}

double msd_storyvec_title_cos(const msd_storyvec *a, const msd_storyvec *b)
{
    uint64_t qa = msd_storyvec_title_sq(a), qb = msd_storyvec_title_sq(b);
    if (!qa || !qb) return 0;
    return (double)common(a, b, a->title, b->title) / sqrt((double)qa * (double)qb);
}

size_t msd_storyvec_encode(const msd_storyvec *v, unsigned char *buf)
{
    for (uint32_t i = 0; i < v->n; i++) {
        unsigned char *p = buf + 6 * i;
        p[0] = (unsigned char)v->key[i];
        p[1] = (unsigned char)(v->key[i] >> 8);
        p[2] = (unsigned char)(v->key[i] >> 16);
        p[3] = (unsigned char)(v->key[i] >> 24);
        p[4] = (unsigned char)v->w[i];
        p[5] = (unsigned char)(v->w[i] >> 8);
    }
    for (int k = 0; k < 8; k++) buf[6 * v->n + k] = (unsigned char)(v->title >> 8 * k);
    return 6 * (size_t)v->n + 8;
}

int msd_storyvec_decode(const void *p, size_t n, msd_storyvec *v)
{
    const unsigned char *s = p;
    uint64_t title = 0;
    memset(v, 0, sizeof *v);
    if (n % 6 == 2 && n >= 8) { /* with its title mask */
        for (int k = 0; k < 8; k++) title |= (uint64_t)s[n - 8 + k] << 8 * k;
        n -= 8;
    }
    if (n % 6 || n / 6 > MSD_STORY_TERMS) return MARSAD_EFORMAT;
    if (n / 6 < 64 && title >> n / 6) return MARSAD_EFORMAT; /* a bit past the terms */
    for (size_t i = 0; i < n / 6; i++, s += 6) {
        uint32_t key =
            (uint32_t)s[0] | (uint32_t)s[1] << 8 | (uint32_t)s[2] << 16 | (uint32_t)s[3] << 24;
        if (i && key <= v->key[i - 1]) return MARSAD_EFORMAT; /* keys increase */
        v->key[i] = key;
        v->w[i] = (uint16_t)(s[4] | s[5] << 8);
    }
    v->n = (uint32_t)(n / 6);
    v->title = title;
    return MARSAD_OK;
}
