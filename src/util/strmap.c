/* strmap.c — bounded open-addressing string map; contract in strmap.h. */
#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "util/hash.h"

struct slot {
    uint64_t hash; /* 0 = empty (real hashes are forced non-zero) */
    uint32_t off;  /* offset of key bytes in the arena; the value follows the key */
    uint16_t klen, vlen;
};

struct msd_strmap {
    struct slot *slots;
    size_t mask; /* number of slots - 1 */
    size_t count, max_entries;
    char *arena;
    size_t used, arena_cap;
};

int msd_strmap_new(size_t max_entries, size_t avg_bytes, msd_strmap **out)
{
    msd_strmap *m;
    size_t nslots = 16;
    if (!out || !max_entries || !avg_bytes || max_entries > (1u << 26)) return MARSAD_EINVAL;
    while (nslots < max_entries * 2) nslots *= 2; /* load factor at most 1/2 */
    m = calloc(1, sizeof *m);
    if (!m) return MARSAD_ENOMEM;
    m->slots = calloc(nslots, sizeof *m->slots);
    /* max_entries <= 2^26, so the product overflows only for absurd avg_bytes */
    m->arena_cap = avg_bytes > UINT32_MAX / max_entries ? UINT32_MAX : max_entries * avg_bytes;
    m->arena = malloc(m->arena_cap);
    if (!m->slots || !m->arena) {
        msd_strmap_free(m);
        return MARSAD_ENOMEM;
    }
    m->mask = nslots - 1;
    m->max_entries = max_entries;
    *out = m;
    return MARSAD_OK;
}

void msd_strmap_free(msd_strmap *m)
{
    if (!m) return;
    free(m->slots);
    free(m->arena);
    free(m);
}

void msd_strmap_clear(msd_strmap *m)
{
    memset(m->slots, 0, (m->mask + 1) * sizeof *m->slots);
    m->count = 0;
    m->used = 0;
}

int msd_strmap_grow(msd_strmap *m, size_t max_entries, size_t avg_bytes)
{
    size_t nslots = m->mask + 1, cap;
    struct slot *slots;
    char *arena;
    if (!max_entries || !avg_bytes || max_entries > (1u << 26)) return MARSAD_EINVAL;
    if (max_entries <= m->max_entries) return MARSAD_OK;
    cap = avg_bytes > UINT32_MAX / max_entries ? UINT32_MAX : max_entries * avg_bytes;
    if (cap < m->arena_cap) cap = m->arena_cap;
    while (nslots < max_entries * 2) nslots *= 2;
    slots = calloc(nslots, sizeof *slots);
    arena = slots ? realloc(m->arena, cap) : NULL;
    if (!arena) {
        free(slots);
        return MARSAD_ENOMEM;
    }
    /* offsets into the arena survive the realloc; only the slots move */
    for (size_t i = 0; i <= m->mask; i++) {
        size_t k;
        if (!m->slots[i].hash) continue;
        for (k = (size_t)m->slots[i].hash & (nslots - 1); slots[k].hash; k = (k + 1) & (nslots - 1))
            ;
        slots[k] = m->slots[i];
    }
    free(m->slots);
    m->slots = slots;
    m->mask = nslots - 1;
    m->arena = arena;
    m->arena_cap = cap;
    m->max_entries = max_entries;
    return MARSAD_OK;
}

int msd_strmap_fits(const msd_strmap *m, size_t entries, size_t bytes)
{
    return m->count + entries <= m->max_entries && m->used + bytes <= m->arena_cap;
}

int msd_strmap_put_keep(msd_strmap *m, const char *key, size_t key_len, const char *val,
                        size_t val_len)
{
    if (!msd_strmap_fits(m, 1, key_len + val_len)) {
        size_t n = m->count * 2 + 64;
        size_t avg = (m->used + key_len + val_len) / (m->count + 1) + 16;
        int rc = msd_strmap_grow(m, n > (1u << 26) ? (1u << 26) : n, avg * 2);
        if (rc) return rc;
    }
    return msd_strmap_put(m, key, key_len, val, val_len);
}

size_t msd_strmap_count(const msd_strmap *m)
{
    return m->count;
}

static uint64_t key_hash(const char *key, size_t len)
{
    uint64_t h = msd_hash64(key, len);
    return h ? h : 1;
}

/* The slot holding key, or the empty slot where it would go. */
static struct slot *find(const msd_strmap *m, const char *key, size_t len, uint64_t h)
{
    size_t i = (size_t)h & m->mask;
    for (;;) {
        struct slot *s = &m->slots[i];
        if (!s->hash) return s;
        if (s->hash == h && s->klen == len && !memcmp(m->arena + s->off, key, len)) return s;
        i = (i + 1) & m->mask;
    }
}

int msd_strmap_get(const msd_strmap *m, const char *key, size_t key_len, const char **val,
                   size_t *val_len)
{
    const struct slot *s;
    if (key_len > UINT16_MAX) return 0;
    s = find(m, key, key_len, key_hash(key, key_len));
    if (!s->hash) return 0;
    *val = m->arena + s->off + s->klen;
    *val_len = s->vlen;
    return 1;
}

int msd_strmap_put(msd_strmap *m, const char *key, size_t key_len, const char *val, size_t val_len)
{
    uint64_t h;
    struct slot *s;
    size_t need = key_len + val_len;
    if (key_len > UINT16_MAX || val_len > UINT16_MAX || need > m->arena_cap) return MARSAD_ETOOBIG;
    h = key_hash(key, key_len);
    s = find(m, key, key_len, h);
    if (m->used + need > m->arena_cap || (!s->hash && m->count >= m->max_entries)) {
        msd_strmap_clear(m);
        s = find(m, key, key_len, h);
    }
    if (!s->hash) m->count++;
    /* Replacing appends a fresh copy; the old bytes are reclaimed at the next clear. */
    memcpy(m->arena + m->used, key, key_len);
    memcpy(m->arena + m->used + key_len, val, val_len);
    s->hash = h;
    s->off = (uint32_t)m->used;
    s->klen = (uint16_t)key_len;
    s->vlen = (uint16_t)val_len;
    m->used += need;
    return MARSAD_OK;
}
