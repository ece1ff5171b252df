/* cpvec.c — growable code-point array. */
#include "util/cpvec.h"

#include <stdlib.h>

#include "marsad.h"

int msd_cpvec_reserve(msd_cpvec *v, size_t need)
{
    size_t max = v->cap_max ? v->cap_max : SIZE_MAX / sizeof(int32_t);
    size_t cap;
    int32_t *a;
    if (need <= v->cap) return MARSAD_OK;
    if (need > max) return MARSAD_ETOOBIG;
    cap = v->cap ? v->cap : 64;
    while (cap < need) cap = cap > max / 2 ? max : cap * 2;
    a = realloc(v->a, cap * sizeof(int32_t));
    if (!a) return MARSAD_ENOMEM;
    v->a = a;
    v->cap = cap;
    return MARSAD_OK;
}

void msd_cpvec_free(msd_cpvec *v)
{
    free(v->a);
    v->a = NULL;
    v->n = 0;
    v->cap = 0;
}
