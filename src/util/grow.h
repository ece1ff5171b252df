/*
 * grow.h — the growable arrays of the library: one rule for them all.
 *
 * msd_grow(&p, &cap, need, size, limit) makes room for at least need elements of size
 * bytes in the malloc'd array *p of *cap elements, doubling (from 16) so that n appends
 * cost O(n), and never past limit bytes (curl's dynbuf "toobig"): every array that
 * grows with its input names, at the call, how large that input may make it. The caller
 * keeps the count; *p and *cap change only on success. Returns MARSAD_OK,
 * MARSAD_ETOOBIG when need * size passes limit (or SIZE_MAX), MARSAD_ENOMEM when the
 * allocation fails; *p is then as it was, still owned by the caller. *p may be NULL with
 * *cap 0.
 *
 * The limits. A document is at most 64 MiB (read/input.h), and what grows with one
 * document (its lines, tokens, stems, facts, a snippet's marks) stays below
 * MSD_GROW_DOC_MAX; what grows with a batch of documents (a segment writer's postings,
 * a merge) below MSD_GROW_BATCH_MAX; small structures of a query or a file list name
 * their own.
 */
#ifndef MSD_UTIL_GROW_H
#define MSD_UTIL_GROW_H

#include <stdint.h>
#include <stdlib.h>

#include "marsad.h"

#define MSD_GROW_DOC_MAX   ((size_t)1 << 30)
#define MSD_GROW_BATCH_MAX (SIZE_MAX > 0xffffffffu ? (size_t)1 << 38 : (size_t)3 << 30)

static inline int msd_grow(void **p, size_t *cap, size_t need, size_t size, size_t limit)
{
    size_t max = limit / size, c = *cap ? *cap : 16;
    void *q;
    if (need <= *cap) return MARSAD_OK;
    if (need > max) return MARSAD_ETOOBIG;
    while (c < need) c = c > max / 2 ? max : c * 2;
    if (c > max) c = max; /* a first 16 past a small limit */
    if (!(q = realloc(*p, c * size))) return MARSAD_ENOMEM;
    *p = q;
    *cap = c;
    return MARSAD_OK;
}

#endif
