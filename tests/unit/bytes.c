/* bytes.c — growing byte buffers and the compressors the reader suites build their
 * inputs with (test.h). Test code: out of memory, or a compressor refusing, aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "test.h"

void test_put(struct test_buf *b, const void *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *p;
        while (cap < b->n + n + 1) cap *= 2;
        if (!(p = realloc(b->p, cap))) abort();
        b->p = p;
        b->cap = cap;
    }
    if (n) memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

void test_puts(struct test_buf *b, const char *s)
{
    test_put(b, s, strlen(s));
}

void test_gzip(struct test_buf *out, const void *in, size_t n)
{
    z_stream z;
    unsigned char chunk[4096];
    int zr;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) abort();
    z.next_in = (Bytef *)(uintptr_t)in; /* zlib does not write through it */
    z.avail_in = (uInt)n;
    do {
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        zr = deflate(&z, Z_FINISH);
        test_put(out, chunk, sizeof chunk - z.avail_out);
    } while (zr == Z_OK);
    if (zr != Z_STREAM_END) abort();
    deflateEnd(&z);
}

void test_zstd(struct test_buf *out, const void *in, size_t n)
{
    size_t cap = ZSTD_compressBound(n), got;
    unsigned char *tmp = malloc(cap);
    if (!tmp) abort();
    got = ZSTD_compress(tmp, cap, in, n, 3);
    if (ZSTD_isError(got)) abort();
    test_put(out, tmp, got);
    free(tmp);
}
