/* fuzz_input.c — libFuzzer target: any bytes as an input file, through compression and
 * format detection, the gzip and zstd decoders, the JSONL, text, HTML and WARC readers,
 * and both cleaning passes; then the same bytes as a memory input (msd_input_open_memory),
 * read once more in the pipeline's two steps (msd_input_next_raw, msd_input_parse).
 *
 * Checks: every document is either read or rejected with a message; every article's
 * body is valid UTF-8 of the stated length; the run ends (MARSAD_END); both passes and
 * both ways in (a file, a buffer) see the same documents and the same errors, and so do
 * the two steps with each record parsed only after the next one is framed (a record
 * that borrowed what the handle reuses would be read after it is freed). */
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

/* The count of run(), of in read in the two steps, each record parsed a step late. */
static long run_split(msd_input *in)
{
    msd_input_raw late = {0}, raw = {0};
    msd_doc doc = {0};
    long seen = 0;
    int rc, guard = 0;
    do {
        char err[1024];
        rc = msd_input_next_raw(in, &raw);
        if (++guard > 200000 || rc == MARSAD_ENOMEM) abort();
        if (rc && rc != MARSAD_END) {
            if (!msd_input_error(in)[0]) abort();
            seen += 1000;
        }
        if (late.where) { /* framed, not yet parsed */
            int prc = msd_input_parse(&late, &doc, err, sizeof err);
            if (prc == MARSAD_ENOMEM || (prc && !err[0])) abort();
            seen += prc ? 1000 : 1;
        }
        msd_input_raw_clear(&late);
        late = raw;
        memset(&raw, 0, sizeof raw);
    } while (rc != MARSAD_END);
    msd_doc_clear(&doc);
    msd_input_rewind(in);
    return seen;
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
    if (from_file != from_memory || run_split(in) != from_memory) abort();
    msd_cleaner_free(c);
    msd_input_close(in);
    return 0;
}
