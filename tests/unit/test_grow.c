/* test_grow.c — the one growth rule of the library: doubling, and a byte limit. */
#include <stdint.h>
#include <stdlib.h>

#include "marsad.h"
#include "test.h"
#include "util/grow.h"

void suite_grow(void);
void suite_grow(void)
{
    uint32_t *a = NULL;
    size_t cap = 0;
    CHECK_EQ(msd_grow((void **)&a, &cap, 1, sizeof *a, 1000), MARSAD_OK);
    CHECK_EQ(cap, 16); /* the first step */
    a[15] = 7;
    CHECK_EQ(msd_grow((void **)&a, &cap, 17, sizeof *a, 1000), MARSAD_OK);
    CHECK_EQ(cap, 32);
    CHECK_EQ(a[15], 7); /* kept across the move */
    CHECK_EQ(msd_grow((void **)&a, &cap, 10, sizeof *a, 1000), MARSAD_OK); /* enough room */
    CHECK_EQ(cap, 32);
    /* the last doubling stops at the limit, and the limit holds: 1000 bytes = 250 */
    CHECK_EQ(msd_grow((void **)&a, &cap, 200, sizeof *a, 1000), MARSAD_OK);
    CHECK_EQ(cap, 250);
    CHECK_EQ(msd_grow((void **)&a, &cap, 250, sizeof *a, 1000), MARSAD_OK);
    CHECK_EQ(msd_grow((void **)&a, &cap, 251, sizeof *a, 1000), MARSAD_ETOOBIG);
    CHECK_EQ(cap, 250); /* unchanged, still owned */
    CHECK(a != NULL);
    free(a);

    /* a limit below the first step of 16 */
    a = NULL;
    cap = 0;
    CHECK_EQ(msd_grow((void **)&a, &cap, 3, sizeof *a, 5 * sizeof *a), MARSAD_OK);
    CHECK_EQ(cap, 5);
    CHECK_EQ(msd_grow((void **)&a, &cap, 6, sizeof *a, 5 * sizeof *a), MARSAD_ETOOBIG);
    free(a);

    /* need * size past SIZE_MAX is too big, not an overflowed small allocation */
    a = NULL;
    cap = 0;
    CHECK_EQ(msd_grow((void **)&a, &cap, SIZE_MAX / 2, sizeof *a, SIZE_MAX), MARSAD_ETOOBIG);
    CHECK(a == NULL);
    CHECK_EQ(cap, 0);
}
