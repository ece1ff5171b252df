/* fuzz_normalize.c — libFuzzer target: marsad_normalize on any bytes and rule set.
 *
 * The first two bytes choose the rules. Checks: the size protocol (ERANGE then OK
 * with the same size), valid UTF-8 out, and idempotence: normalizing the output again
 * with the same rules changes nothing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned rules;
    size_t need = 0, got = 0, need2 = 0;
    char *out, *out2;
    int rc;
    if (size < 2) return 0;
    rules = ((unsigned)data[0] | (unsigned)data[1] << 8) & MARSAD_NORM_ALL;
    data += 2;
    size -= 2;

    rc = marsad_normalize((const char *)data, size, rules, NULL, 0, &need);
    if (rc != MARSAD_OK && rc != MARSAD_ERANGE) abort();
    if (rc == MARSAD_OK && need) abort();
    out = malloc(need + 1);
    if (!out) return 0;
    if (marsad_normalize((const char *)data, size, rules, out, need, &got) != MARSAD_OK) abort();
    if (got != need) abort();
    if (marsad_utf8_check(out, got, NULL) != MARSAD_OK) abort();

    rc = marsad_normalize(out, got, rules, NULL, 0, &need2);
    out2 = malloc(need2 + 1);
    if (out2) {
        if (marsad_normalize(out, got, rules, out2, need2, &need2) != MARSAD_OK) abort();
        if (need2 != got || memcmp(out, out2, got)) abort();
        free(out2);
    }
    free(out);
    return 0;
}
