/* fuzz_input.c — libFuzzer target: any bytes as an input file, through compression and
 * format detection, the gzip and zstd decoders, the JSONL, text, HTML and WARC readers,
 * and both cleaning passes; then the same bytes as a memory input (msd_input_open_memory).
 *
 * Checks: every document is either read or rejected with a message; every article's
 * body is valid UTF-8 of the stated length; the run ends (MARSAD_END); both passes and
 * both ways in (a file, a buffer) see the same documents and the same errors. */
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

/* Reads in twice (observe, then clean); returns the documents read plus 1000 times the
 * errors of the second pass, and checks the first pass counted the same. */
static long run(msd_input *in, msd_cleaner *c)
{
    msd_doc doc = {0};
    long seen[2] = {0, 0};
    int rc, guard = 0;
    for (int pass = 0; pass < 2; pass++) {
        while ((rc = msd_input_next(in, &doc)) != MARSAD_END) {
            msd_article a;
            if (++guard > 200000) abort(); /* the reader must make progress */
            if (rc == MARSAD_ENOMEM) abort();
            if (rc) {
                if (!msd_input_error(in)[0]) abort(); /* every rejection says why */
                seen[pass] += 1000;
                continue;
            }
            seen[pass]++;
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
    if (seen[0] != seen[1]) abort();
    return seen[1];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    char *paths[1] = {path};
    /* 1 MiB a document: a decompression bomb must stop at it, not at the default 64 MiB */
    msd_input_options opt = {0, 1 << 20, 0};
    int fd = memfd_create("fuzz", 0);
    msd_input *in = NULL;
    msd_cleaner *c = NULL;
    long from_file, from_memory;
    if (fd < 0) return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    if (msd_input_open(paths, 1, &opt, &in) || msd_cleaner_new(1024, &c)) abort();
    from_file = run(in, c);
    msd_input_close(in);
    msd_cleaner_free(c);
    close(fd);
    if (msd_input_open_memory(data, size, "fuzz", &opt, &in) || msd_cleaner_new(1024, &c)) abort();
    from_memory = run(in, c);
    if (from_file != from_memory) abort();
    msd_cleaner_free(c);
    msd_input_close(in);
    return 0;
}
