/*
 * idmap.c — see idmap.h. Linear probing at most half full.
 */
#include "util/idmap.h"

#include <stdlib.h>
#include <string.h>

#include "util/hash.h"

static size_t slot_of(const msd_idmap *m, uint64_t key)
{
    size_t mask = m->cap - 1, i = (size_t)msd_mix64(key) & mask;
    while (m->used[i] && m->keys[i] != key) i = (i + 1) & mask;
    return i;
}

uint32_t *msd_idmap_get(const msd_idmap *m, uint64_t key)
{
    size_t i;
    if (!m->cap) return NULL;
    i = slot_of(m, key);
    return m->used[i] ? &m->vals[i] : NULL;
}

static int grow(msd_idmap *m)
{
    msd_idmap g;
    g.cap = m->cap ? m->cap * 2 : 64;
    g.n = m->n;
    g.keys = malloc(g.cap * sizeof *g.keys);
    g.vals = malloc(g.cap * sizeof *g.vals);
    g.used = calloc(g.cap, 1);
    if (!g.keys || !g.vals || !g.used) {
        free(g.keys);
        free(g.vals);
        free(g.used);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        size_t j;
        if (!m->used[i]) continue;
        j = slot_of(&g, m->keys[i]);
        g.used[j] = 1;
        g.keys[j] = m->keys[i];
        g.vals[j] = m->vals[i];
    }
    msd_idmap_free(m);
    *m = g;
    return 0;
}

uint32_t *msd_idmap_slot(msd_idmap *m, uint64_t key, uint32_t init, int *fresh)
{
    size_t i;
    if (fresh) *fresh = 0;
    if ((m->n + 1) * 2 > m->cap && grow(m)) return NULL;
    i = slot_of(m, key);
    if (!m->used[i]) {
        m->used[i] = 1;
        m->keys[i] = key;
        m->vals[i] = init;
        m->n++;
        if (fresh) *fresh = 1;
    }
    return &m->vals[i];
}

void msd_idmap_clear(msd_idmap *m)
{
    if (m->cap) memset(m->used, 0, m->cap);
    m->n = 0;
}

void msd_idmap_free(msd_idmap *m)
{
    free(m->keys);
    free(m->vals);
    free(m->used);
    memset(m, 0, sizeof *m);
}
