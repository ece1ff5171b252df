/* test_strmap.c — the bounded string map. */
#include <stdio.h>

#include "marsad.h"
#include "test.h"
#include "util/strmap.h"

void suite_strmap(void);
void suite_strmap(void)
{
    msd_strmap *m = NULL;
    const char *v;
    size_t vn;
    char k[32];
    CHECK_EQ(msd_strmap_new(0, 8, &m), MARSAD_EINVAL);
    CHECK_EQ(msd_strmap_new(4, 8, &m), MARSAD_OK);
    CHECK_EQ(msd_strmap_get(m, "a", 1, &v, &vn), 0);
    CHECK_EQ(msd_strmap_put(m, "a", 1, "1", 1), MARSAD_OK);
    CHECK_EQ(msd_strmap_put(m, "b", 1, "22", 2), MARSAD_OK);
    CHECK_EQ(msd_strmap_get(m, "b", 1, &v, &vn), 1);
    CHECK_STRN(v, vn, "22");
    CHECK_EQ(msd_strmap_put(m, "b", 1, "333", 3), MARSAD_OK); /* replace */
    CHECK_EQ(msd_strmap_get(m, "b", 1, &v, &vn), 1);
    CHECK_STRN(v, vn, "333");
    CHECK_EQ(msd_strmap_count(m), 2);
    CHECK_EQ(msd_strmap_get(m, "", 0, &v, &vn), 0);
    CHECK_EQ(msd_strmap_put(m, "", 0, "empty", 5), MARSAD_OK);
    CHECK_EQ(msd_strmap_get(m, "", 0, &v, &vn), 1);
    /* The bound holds: never more than 4 entries, the newest always present. */
    for (int i = 0; i < 100; i++) {
        snprintf(k, sizeof k, "key%d", i);
        CHECK_EQ(msd_strmap_put(m, k, strlen(k), k, strlen(k)), MARSAD_OK);
        CHECK(msd_strmap_count(m) <= 4);
        CHECK(msd_strmap_get(m, k, strlen(k), &v, &vn) == 1 && vn == strlen(k));
    }
    /* A pair bigger than the whole arena is refused. */
    char big[100] = {0};
    CHECK_EQ(msd_strmap_put(m, big, sizeof big, "", 0), MARSAD_ETOOBIG);
    msd_strmap_clear(m);
    CHECK_EQ(msd_strmap_count(m), 0);
    msd_strmap_free(m);
    msd_strmap_free(NULL);
}
