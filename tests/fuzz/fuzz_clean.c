/* fuzz_clean.c — libFuzzer target: the cleaner on any text as a document.
 *
 * The input is the document's text (repaired to valid UTF-8 without NUL bytes, as
 * the readers guarantee);
 * the first byte picks the headline line. Checks: every removed line is a line of the
 * text; the body is valid UTF-8 with no run of three newlines; the title is not NULL. */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clean/clean.h"
#include "marsad.h"

static msd_cleaner *cleaner;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    msd_doc doc = {0};
    msd_article a;
    size_t need = 0;
    if (size < 1) return 0;
    if (!cleaner && msd_cleaner_new(4096, &cleaner)) abort();
    marsad_utf8_repair((const char *)data + 1, size - 1, NULL, 0, &need, NULL);
    doc.text = malloc(need + 1);
    if (!doc.text) return 0;
    marsad_utf8_repair((const char *)data + 1, size - 1, doc.text, need, &need, NULL);
    doc.text[need] = 0;
    for (size_t i = 0; i < need; i++) /* readers reject NUL bytes (binary data) */
        if (!doc.text[i]) doc.text[i] = ' ';
    doc.text_len = need;
    doc.title_line = data[0] % 4;
    doc.format = "text";
    /* observe twice so the per-source rule has counts to work with */
    if (msd_cleaner_observe(cleaner, &doc) || msd_cleaner_observe(cleaner, &doc)) abort();
    if (msd_cleaner_clean(cleaner, &doc, &a)) abort();
    if (!a.title || strlen(a.body) != a.body_len) abort();
    if (marsad_utf8_check(a.body, a.body_len, NULL) != MARSAD_OK) abort();
    if (memmem(a.body, a.body_len, "\n\n\n", 3)) abort();
    for (size_t i = 0; i < a.n_removed; i++)
        if (!memmem(doc.text, doc.text_len, a.removed[i].text, strlen(a.removed[i].text))) abort();
    msd_article_clear(&a);
    free(doc.text);
    return 0;
}
