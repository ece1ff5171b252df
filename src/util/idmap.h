/*
 * idmap.h — a growing map from 64-bit keys to 32-bit values (term keys to counts, story
 * ids to slots), open addressing over a power-of-two slot array, no deletion.
 *
 * Ownership: the map owns its slots; msd_idmap_free() releases them. A value pointer from
 * msd_idmap_slot() lives until the next insert (which may grow the array).
 */
#ifndef MSD_UTIL_IDMAP_H
#define MSD_UTIL_IDMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct msd_idmap {
    uint64_t *keys;
    uint32_t *vals;
    uint8_t *used;
    size_t n, cap; /* entries, slots (0 or a power of two) */
} msd_idmap;

/* The value of key, or NULL. */
uint32_t *msd_idmap_get(const msd_idmap *m, uint64_t key);

/* The value of key, inserted as `init` when absent (*fresh, may be NULL, says so), or
 * NULL when memory ran out. */
uint32_t *msd_idmap_slot(msd_idmap *m, uint64_t key, uint32_t init, int *fresh);

/* Empties the map, keeping its memory. */
void msd_idmap_clear(msd_idmap *m);

void msd_idmap_free(msd_idmap *m);

#endif
