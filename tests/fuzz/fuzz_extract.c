/* fuzz_extract.c — libFuzzer target: the extractors (entities, numbers, dates) on any text.
 *
 * The input is repaired to valid UTF-8 without NUL bytes (what the extractors are
 * given); the first byte picks a reference date or none. Checks, for every kind
 * alike: offsets lie inside the text, items come in order without overlapping, and
 * each item's text is exactly the slice [start, end) of the input in code points. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract/facts.h"
#include "extract/lexicon.h"
#include "marsad.h"
#include "text/utf8.h"

static void check_span(const char *text, size_t len, size_t total, size_t start, size_t end,
                       size_t b_start, size_t b_end, const char *item, size_t *prev_end)
{
    size_t b = 0, cp = 0, b0;
    if (start >= end || end > total || start < *prev_end) abort();
    if (b_end > len || strlen(item) != b_end - b_start) abort();
    while (cp < start) msd_utf8_next((const unsigned char *)text, len, &b, NULL), cp++;
    b0 = b;
    while (cp < end) msd_utf8_next((const unsigned char *)text, len, &b, NULL), cp++;
    if (b0 != b_start || b != b_end || memcmp(text + b0, item, b - b0)) abort();
    *prev_end = end;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const refs[] = {NULL, "2016-11-20", "2000-02-29", "1999-12-31"};
    static msd_lexicon *lx;
    size_t need = 0, total = 0, i = 0, prev = 0;
    char *text;
    msd_facts f;
    if (!size) return 0;
    marsad_utf8_repair((const char *)data + 1, size - 1, NULL, 0, &need, NULL);
    text = malloc(need + 1);
    if (!text) return 0;
    marsad_utf8_repair((const char *)data + 1, size - 1, text, need, &need, NULL);
    text[need] = 0;
    for (size_t k = 0; k < need; k++) /* bodies never hold NUL bytes (readers reject them) */
        if (!text[k]) text[k] = ' ';
    while (i < need) msd_utf8_next((const unsigned char *)text, need, &i, NULL), total++;
    if (!lx && msd_lexicon_new(&lx)) abort(); /* built once: it is only read */
    if (msd_extract_facts(lx, text, need, refs[data[0] % 4], &f) != MARSAD_OK) abort();
    for (size_t k = 0; k < f.numbers.n; k++) {
        const msd_number *n = &f.numbers.items[k];
        check_span(text, need, total, n->start, n->end, n->byte_start, n->byte_end, n->text, &prev);
        if (!n->qualifier) abort();
    }
    prev = 0;
    for (size_t k = 0; k < f.entities.n; k++) {
        const msd_entity *e = &f.entities.items[k];
        check_span(text, need, total, e->start, e->end, e->byte_start, e->byte_end, e->text, &prev);
        if (!e->type || !e->canonical || !e->canonical[0]) abort();
    }
    prev = 0;
    for (size_t k = 0; k < f.dates.n; k++) {
        const msd_date *d = &f.dates.items[k];
        check_span(text, need, total, d->start, d->end, d->byte_start, d->byte_end, d->text, &prev);
        if (!d->grain || !d->value[0]) abort();
    }
    msd_facts_clear(&f);
    free(text);
    return 0;
}
