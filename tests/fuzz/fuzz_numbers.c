/* fuzz_numbers.c — libFuzzer target: the numeric-claim extractor on any text.
 *
 * The input is repaired to valid UTF-8 without NUL bytes (what the extractor is given). Checks:
 * offsets lie inside the text, claims come in order without overlapping, and each claim's text is
 * exactly the slice [start, end) of the input in code points. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract/numbers.h"
#include "marsad.h"
#include "text/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t need = 0, total = 0, i = 0, prev_end = 0;
    char *text;
    msd_numbers ns;
    marsad_utf8_repair((const char *)data, size, NULL, 0, &need, NULL);
    text = malloc(need + 1);
    if (!text) return 0;
    marsad_utf8_repair((const char *)data, size, text, need, &need, NULL);
    text[need] = 0;
    for (size_t k = 0; k < need; k++) /* bodies never hold NUL bytes (readers reject them) */
        if (!text[k]) text[k] = ' ';
    while (i < need) msd_utf8_next((const unsigned char *)text, need, &i, NULL), total++;
    if (msd_extract_numbers(text, need, &ns) != MARSAD_OK) abort();
    for (size_t k = 0; k < ns.n; k++) {
        const msd_number *n = &ns.items[k];
        size_t b = 0, cp = 0, b0;
        if (n->start >= n->end || n->end > total || n->start < prev_end) abort();
        if (n->byte_end > need || strlen(n->text) != n->byte_end - n->byte_start) abort();
        while (cp < n->start) msd_utf8_next((const unsigned char *)text, need, &b, NULL), cp++;
        b0 = b;
        while (cp < n->end) msd_utf8_next((const unsigned char *)text, need, &b, NULL), cp++;
        if (b0 != n->byte_start || b != n->byte_end || memcmp(text + b0, n->text, b - b0)) abort();
        if (!n->qualifier) abort();
        prev_end = n->end;
    }
    msd_numbers_clear(&ns);
    free(text);
    return 0;
}
