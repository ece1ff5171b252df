/*
 * cpvec.h — a growable array of code points, the scratch space of the text core.
 *
 * Owned by whoever embeds it; msd_cpvec_free() releases it. Growth stops at cap_max
 * code points (MARSAD_ETOOBIG) so input from outside cannot take unbounded memory.
 */
#ifndef MSD_UTIL_CPVEC_H
#define MSD_UTIL_CPVEC_H

#include <stddef.h>
#include <stdint.h>

typedef struct msd_cpvec {
    int32_t *a;     /* the code points */
    size_t n;       /* used */
    size_t cap;     /* allocated */
    size_t cap_max; /* growth limit; 0 means SIZE_MAX / sizeof(int32_t) */
} msd_cpvec;

/* Ensures room for at least `need` code points. Returns MARSAD_OK, MARSAD_ENOMEM or
 * MARSAD_ETOOBIG; on failure the vector is unchanged. */
int msd_cpvec_reserve(msd_cpvec *v, size_t need);

/* Releases the array and zeroes the vector (cap_max is kept). */
void msd_cpvec_free(msd_cpvec *v);

#endif
