/* fuzz_input.c — libFuzzer target: any bytes as an input file, through format detection,
 * the JSONL, text, HTML and WARC readers, and both cleaning passes.
 *
 * Checks: every document is either read or rejected with a message; every article's
 * body is valid UTF-8 of the stated length; the run ends (MARSAD_END). */
#define _GNU_SOURCE /* memfd_create */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "clean/clean.h"
#include "marsad.h"
#include "read/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    char *paths[1] = {path};
    int fd = memfd_create("fuzz", 0);
    msd_input *in = NULL;
    msd_cleaner *c = NULL;
    msd_doc doc = {0};
    int rc, guard = 0;
    if (fd < 0) return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    if (msd_input_open(paths, 1, NULL, &in) || msd_cleaner_new(1024, &c)) abort();
    for (int pass = 0; pass < 2; pass++) {
        while ((rc = msd_input_next(in, &doc)) != MARSAD_END) {
            msd_article a;
            if (++guard > 100000) abort(); /* the reader must make progress */
            if (rc == MARSAD_ENOMEM) abort();
            if (rc) {
                if (!msd_input_error(in)[0]) abort(); /* every rejection says why */
                continue;
            }
            if (pass == 0) {
                if (msd_cleaner_observe(c, &doc)) abort();
                continue;
            }
            if (msd_cleaner_clean(c, &doc, &a)) abort();
            if (strlen(a.body) != a.body_len) abort();
            if (marsad_utf8_check(a.body, a.body_len, NULL) != MARSAD_OK) abort();
            msd_article_clear(&a);
        }
        msd_input_rewind(in);
    }
    msd_doc_clear(&doc);
    msd_cleaner_free(c);
    msd_input_close(in);
    close(fd);
    return 0;
}
