/* stats.c — bounded key counts; see stats.h. */
#include "clean/stats.h"

#include <stdlib.h>
#include <string.h>

#include "marsad.h"

struct slot {
    uint64_t key; /* 0 = empty; callers' keys are forced non-zero */
    uint32_t count;
};

struct msd_stats {
    struct slot *t;
    size_t mask, used;
};

int msd_stats_new(size_t slots, msd_stats **out)
{
    msd_stats *s = calloc(1, sizeof *s);
    size_t n = 1024;
    if (!s) return MARSAD_ENOMEM;
    while (n < slots && n < ((size_t)1 << 40)) n *= 2;
    s->t = calloc(n, sizeof *s->t);
    if (!s->t) {
        free(s);
        return MARSAD_ENOMEM;
    }
    s->mask = n - 1;
    *out = s;
    return MARSAD_OK;
}

void msd_stats_free(msd_stats *s)
{
    if (!s) return;
    free(s->t);
    free(s);
}

static size_t find(const msd_stats *s, uint64_t key)
{
    size_t i = (size_t)(key * 0x9e3779b97f4a7c15ull >> 20) & s->mask;
    while (s->t[i].key && s->t[i].key != key) i = (i + 1) & s->mask;
    return i;
}

/* Drops every entry counted once, re-inserting the rest. When nothing can be dropped
 * (all counts above one), it clears the table: counts restart, memory holds. */
static void prune(msd_stats *s)
{
    size_t n = s->mask + 1, kept = 0;
    struct slot *old = malloc(n * sizeof *old);
    if (old) {
        memcpy(old, s->t, n * sizeof *old);
        memset(s->t, 0, n * sizeof *s->t);
        s->used = 0;
        for (size_t i = 0; i < n; i++) {
            if (old[i].key && old[i].count > 1) {
                s->t[find(s, old[i].key)] = old[i];
                kept++;
            }
        }
        s->used = kept;
        free(old);
    }
    if (!old || kept * 4 >= n * 3 / 2) {
        memset(s->t, 0, n * sizeof *s->t);
        s->used = 0;
    }
}

void msd_stats_add(msd_stats *s, uint64_t key)
{
    size_t i;
    if (!key) key = 1;
    i = find(s, key);
    if (!s->t[i].key) {
        if ((s->used + 1) * 4 > (s->mask + 1) * 3) {
            prune(s);
            i = find(s, key);
        }
        s->t[i].key = key;
        s->used++;
    }
    if (s->t[i].count < UINT32_MAX) s->t[i].count++;
}

uint32_t msd_stats_get(const msd_stats *s, uint64_t key)
{
    size_t i;
    if (!key) key = 1;
    i = find(s, key);
    return s->t[i].key ? s->t[i].count : 0;
}
