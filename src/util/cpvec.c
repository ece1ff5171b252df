/* cpvec.c — growable code-point array. */
#include "util/cpvec.h"

#include <stdlib.h>

#include "marsad.h"
#include "util/grow.h"

int msd_cpvec_reserve(msd_cpvec *v, size_t need)
{
    size_t max = v->cap_max ? v->cap_max : MSD_GROW_DOC_MAX / sizeof(int32_t);
    return msd_grow((void **)&v->a, &v->cap, need, sizeof(int32_t), max * sizeof(int32_t));
}

void msd_cpvec_free(msd_cpvec *v)
{
    free(v->a);
    v->a = NULL;
    v->n = 0;
    v->cap = 0;
}
