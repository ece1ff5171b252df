/*
 * grow.h — the growable arrays of the library: one rule for them all.
 *
 * msd_grow(&p, &cap, need, size) makes room for at least need elements of size bytes
 * in the malloc'd array *p of *cap elements, doubling (from 16) so that n appends cost
 * O(n). The caller keeps the count; *p and *cap change only on success. On failure
 * (out of memory, or need * size past SIZE_MAX) it returns MARSAD_ENOMEM and leaves *p
 * as it was, still owned by the caller. *p may be NULL with *cap 0.
 */
#ifndef MSD_UTIL_GROW_H
#define MSD_UTIL_GROW_H

#include <stdint.h>
#include <stdlib.h>

#include "marsad.h"

static inline int msd_grow(void **p, size_t *cap, size_t need, size_t size)
{
    size_t c = *cap ? *cap : 16;
    void *q;
    if (need <= *cap) return MARSAD_OK;
    while (c < need) {
        if (c > SIZE_MAX / 2) return MARSAD_ENOMEM;
        c *= 2;
    }
    if (c > SIZE_MAX / size || !(q = realloc(*p, c * size))) return MARSAD_ENOMEM;
    *p = q;
    *cap = c;
    return MARSAD_OK;
}

#endif
