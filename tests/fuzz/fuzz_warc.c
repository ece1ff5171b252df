/* fuzz_warc.c — libFuzzer target: the WARC reader on arbitrary bytes, plain or gzip.
 *
 * Reads the input through fmemopen() until MARSAD_END and checks what every record
 * promises: the body is within max_record and non-NULL when non-empty (its last byte is
 * read, for ASan), strings are NUL-terminated, an HTTP status is 0 or a 3-digit code,
 * plain-input offsets grow, END is final, and the reader ends (every call consumes
 * input, so the number of calls is bounded).
 *
 * An input starting with 'Z' is gzip-compressed here first, one member per "WARC/"
 * (as Common Crawl writes), so the fuzzer reaches the record parser behind gzip too;
 * mutating compressed bytes directly mostly exercises zlib's error paths. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "marsad.h"
#include "read/warc.h"

#define MAX_RECORD 4096

static void check_str(const char *s)
{
    if (s && strlen(s) > (size_t)1 << 20) abort();
}

/* Appends one gzip member of in[0..n) to out (capacity cap); returns the new length. */
static size_t gz_member(const uint8_t *in, size_t n, uint8_t *out, size_t len, size_t cap)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 1, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) return len;
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)n;
    z.next_out = out + len;
    z.avail_out = (uInt)(cap - len);
    if (deflate(&z, Z_FINISH) == Z_STREAM_END) len = cap - z.avail_out;
    deflateEnd(&z);
    return len;
}

/* gzip with a member boundary before each "WARC/". */
static uint8_t *gz_records(const uint8_t *in, size_t n, size_t *out_len)
{
    size_t cap = n + n / 2 + 64 * (n / 5 + 2), len = 0, start = 0;
    uint8_t *out = malloc(cap);
    if (!out) return NULL;
    for (size_t i = 1; i <= n; i++) {
        if (i < n && (i + 5 > n || memcmp(in + i, "WARC/", 5))) continue;
        len = gz_member(in + start, i - start, out, len, cap);
        start = i;
    }
    *out_len = len;
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f;
    msd_warc *w = NULL;
    msd_warc_record r;
    uint8_t *packed = NULL;
    int gz, rc;
    uint64_t last = 0;
    size_t calls = 0, bound;

    if (size > 1 && data[0] == 'Z') {
        packed = gz_records(data + 1, size - 1, &size);
        if (!packed) return 0;
        data = packed;
    }
    /* A deflate stream inflates at most ~1032:1, and every call consumes a byte. */
    bound = 2000 * size + 1000;
    gz = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    if (size == 0) { /* fmemopen rejects a zero-size buffer */
        free(packed);
        return 0;
    }
    f = fmemopen((void *)(uintptr_t)data, size, "rb");
    if (!f) {
        free(packed);
        return 0;
    }
    if (msd_warc_open(f, MAX_RECORD, &w) != MARSAD_OK) {
        fclose(f);
        free(packed);
        return 0;
    }
    while ((rc = msd_warc_next(w, &r)) != MARSAD_END) {
        if (++calls > bound) abort();
        if (rc == MARSAD_EFORMAT) {
            uint64_t off;
            const char *why = msd_warc_error(w, &off);
            if (!why || !*why) abort();
            continue;
        }
        if (rc != MARSAD_OK) break; /* EIO/ENOMEM: nothing more to read */
        if (r.body_len > MAX_RECORD) abort();
        if (r.body_len > 0) {
            volatile char last_byte;
            if (!r.body) abort();
            last_byte = r.body[r.body_len - 1];
            (void)last_byte;
        }
        if (r.http_status != 0 && (r.http_status < 100 || r.http_status > 999)) abort();
        if (!gz) {
            if (r.offset < last || r.offset >= size) abort();
            last = r.offset;
        }
        check_str(r.type);
        check_str(r.target_uri);
        check_str(r.date);
        check_str(r.record_id);
        check_str(r.content_type);
        check_str(r.charset);
        check_str(r.http_date);
    }
    if (rc == MARSAD_END && msd_warc_next(w, &r) != MARSAD_END) abort(); /* END is final */
    msd_warc_close(w);
    fclose(f);
    free(packed);
    return 0;
}
