/* fuzz_html.c — libFuzzer target: the HTML reader on arbitrary bytes.
 *
 * The first byte picks the charset hint (none, utf-8, windows-1256); the rest is the
 * page. Whatever the page, extraction returns OK or EFORMAT, the text and every
 * removed block are valid UTF-8 with text_len == strlen(text), and freeing the doc
 * releases everything (ASan reports leaks). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "read/html.h"

static int valid(const char *s)
{
    return s == NULL || marsad_utf8_check(s, strlen(s), NULL) == MARSAD_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const hints[] = {NULL, "utf-8", "windows-1256"};
    const char *hint = NULL;
    msd_html_doc d;
    int rc;
    if (size) {
        hint = hints[data[0] % 3];
        data++, size--;
    }
    rc = msd_html_extract((const char *)data, size, hint, &d);
    if (rc != MARSAD_OK && rc != MARSAD_EFORMAT) abort();
    if (rc == MARSAD_EFORMAT && (d.text || d.removed || d.charset)) abort();
    if (rc == MARSAD_OK) {
        if (!d.text || d.text_len != strlen(d.text)) abort();
        if (marsad_utf8_check(d.text, d.text_len, NULL) != MARSAD_OK) abort();
        if (!d.charset) abort();
        if (!valid(d.title) || !valid(d.site_name) || !valid(d.published)) abort();
        if (!valid(d.canonical) || !valid(d.lang) || !valid(d.dir)) abort();
        for (size_t i = 0; i < d.n_removed; i++)
            if (!d.removed[i].text || !d.removed[i].reason || !valid(d.removed[i].text)) abort();
    }
    msd_html_doc_free(&d);
    if (d.text || d.removed || d.n_removed || d.title) abort();
    return 0;
}
