/* fuzz_utf8.c — libFuzzer target: validation, repair and the decoder must agree.
 *
 * Round trip: repair(s) is valid; repairing it again changes nothing; the check's
 * first bad offset is where the decoder first reports a bad subpart. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "text/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t bad = 0, need = 0, nrep = 0, need2 = 0, nrep2 = 0, i = 0, first_bad = (size_t)-1;
    char *out, *out2;
    int rc = marsad_utf8_check(s, size, &bad);

    while (i < size) {
        size_t at = i;
        int b = 0;
        msd_utf8_next(data, size, &i, &b);
        if (i <= at || i > size) abort();
        if (b && first_bad == (size_t)-1) first_bad = at;
    }
    if ((rc == MARSAD_OK) != (first_bad == (size_t)-1)) abort();
    if (rc != MARSAD_OK && bad != first_bad) abort();

    if (marsad_utf8_repair(s, size, NULL, 0, &need, &nrep) == MARSAD_OK && need) abort();
    if (need > 3 * size) abort();
    out = malloc(need + 1);
    if (!out) return 0;
    if (marsad_utf8_repair(s, size, out, need, &need, &nrep) != MARSAD_OK) abort();
    if (marsad_utf8_check(out, need, NULL) != MARSAD_OK) abort();
    if ((nrep == 0) != (rc == MARSAD_OK)) abort();
    out2 = malloc(need + 1);
    if (out2) {
        if (marsad_utf8_repair(out, need, out2, need, &need2, &nrep2) != MARSAD_OK) abort();
        if (need2 != need || nrep2 != 0 || memcmp(out, out2, need)) abort();
        free(out2);
    }
    free(out);
    return 0;
}
