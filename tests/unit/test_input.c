/* test_input.c — documents from a buffer (msd_input_open_memory) and from compressed
 * input: formats sniffed inside gzip and zstd, both passes, truncation, the size cap.
 *
 * Fixtures are short made-up Arabic news texts, compressed here with zlib and libzstd. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "marsad.h"
#include "read/input.h"
#include "test.h"

struct buf {
    unsigned char *p;
    size_t n, cap;
};

static void put(struct buf *b, const void *s, size_t n)
{
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        unsigned char *p;
        while (cap < b->n + n) cap *= 2;
        p = realloc(b->p, cap);
        if (!p) abort(); /* test code: out of memory is fatal */
        b->p = p;
        b->cap = cap;
    }
    if (n) memcpy(b->p + b->n, s, n);
    b->n += n;
}

static void puts_(struct buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void gzip_member(struct buf *out, const void *in, size_t n)
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
        put(out, chunk, sizeof chunk - z.avail_out);
    } while (zr == Z_OK);
    if (zr != Z_STREAM_END) abort();
    deflateEnd(&z);
}

static void zstd_frame(struct buf *out, const void *in, size_t n)
{
    size_t cap = ZSTD_compressBound(n), got;
    unsigned char *tmp = malloc(cap);
    if (!tmp) abort();
    got = ZSTD_compress(tmp, cap, in, n, 19);
    if (ZSTD_isError(got)) abort();
    put(out, tmp, got);
    free(tmp);
}

static const char jsonl[] =
    "{\"id\":\"m1\",\"title\":\"افتتاح سوق شعبي\",\"text\":\"افتتحت البلدية سوقا شعبيا جديدا "
    "يضم مئة محل.\"}\n"
    "{\"id\":\"m2\",\"title\":\"هطول أمطار غزيرة\",\"text\":\"هطلت أمطار غزيرة على المدينة "
    "طوال الليل.\"}\n"
    "{\"id\":\"m3\",\"title\":\"إغلاق طريق ساحلي\",\"text\":\"أغلقت السلطات الطريق الساحلي "
    "بسبب الانهيارات.\"}\n";

static const char text[] = "ندوة عن تاريخ المدينة\n\nنظم المركز الثقافي ندوة عن تاريخ المدينة "
                           "القديمة حضرها عشرات الباحثين.\n";

static const char html[] =
    "<!doctype html><html><head><meta charset=\"utf-8\"><title>معرض للصور</title></head><body>"
    "<article><h1>معرض للصور</h1><p>افتتح في قاعة المدينة معرض للصور الفوتوغرافية يوثق الحياة "
    "اليومية في الأحياء القديمة خلال القرن الماضي.</p></article></body></html>";

/* Reads every document of in; the ids (or formats) joined by spaces into out, errors as
 * "!" and their messages into errs. Returns the number of documents read. */
static int read_all(msd_input *in, char *out, size_t cap, char *errs, size_t ecap)
{
    msd_doc d = {0};
    int rc, n = 0, guard = 0;
    out[0] = errs[0] = 0;
    while ((rc = msd_input_next(in, &d)) != MARSAD_END && ++guard < 1000) {
        if (rc) {
            strncat(out, "! ", cap - strlen(out) - 1);
            strncat(errs, msd_input_error(in), ecap - strlen(errs) - 1);
            strncat(errs, "\n", ecap - strlen(errs) - 1);
            continue;
        }
        n++;
        strncat(out, d.id ? d.id : d.format, cap - strlen(out) - 1);
        strncat(out, "@", cap - strlen(out) - 1);
        strncat(out, d.origin, cap - strlen(out) - 1);
        strncat(out, " ", cap - strlen(out) - 1);
    }
    msd_doc_clear(&d);
    return n;
}

/* Opens data as a memory input, reads it twice (the two passes), checks both passes
 * agree and returns the first's listing. */
static int both_passes(const void *data, size_t len, const msd_input_options *opt, char *out,
                       size_t cap, char *errs, size_t ecap)
{
    msd_input *in = NULL;
    char again[2048], errs2[2048];
    int n = -1;
    CHECK_EQ(msd_input_open_memory(data, len, "body", opt, &in), MARSAD_OK);
    if (in) {
        n = read_all(in, out, cap, errs, ecap);
        CHECK_EQ(msd_input_rewind(in), MARSAD_OK);
        CHECK_EQ(read_all(in, again, sizeof again, errs2, sizeof errs2), n);
        CHECK_STR(again, out);
        CHECK_STR(errs2, errs);
    }
    msd_input_close(in);
    return n;
}

static void check_memory_plain(void)
{
    char out[2048], errs[2048];
    CHECK_EQ(both_passes(jsonl, strlen(jsonl), NULL, out, sizeof out, errs, sizeof errs), 3);
    CHECK_STR(out, "m1@body:1 m2@body:2 m3@body:3 ");
    CHECK_STR(errs, "");
    CHECK_EQ(both_passes(text, strlen(text), NULL, out, sizeof out, errs, sizeof errs), 1);
    CHECK_STR(out, "text@body ");
    CHECK_EQ(both_passes(html, strlen(html), NULL, out, sizeof out, errs, sizeof errs), 1);
    CHECK_STR(out, "html@body ");
    /* empty, and no buffer at all: an empty document */
    CHECK_EQ(both_passes("", 0, NULL, out, sizeof out, errs, sizeof errs), 0);
    CHECK_STR(errs, "body: empty document\n");
    CHECK_EQ(both_passes(NULL, 0, NULL, out, sizeof out, errs, sizeof errs), 0);
    CHECK_STR(errs, "body: empty document\n");
    /* the buffer is not read past len (no NUL needed) */
    CHECK_EQ(both_passes(jsonl, strlen(jsonl) - 1, NULL, out, sizeof out, errs, sizeof errs), 3);
    {
        msd_input *in = NULL;
        char o[256], e[256];
        CHECK_EQ(msd_input_open_memory(text, strlen(text), NULL, NULL, &in), MARSAD_OK);
        if (in) CHECK_EQ(read_all(in, o, sizeof o, e, sizeof e), 1);
        if (in) CHECK_STR(o, "text@memory ");
        msd_input_close(in);
    }
}

static void check_memory_compressed(void)
{
    struct buf c = {0};
    char out[2048], errs[2048];
    msd_input_options force = {0, 0, 1};
    gzip_member(&c, jsonl, strlen(jsonl));
    CHECK_EQ(both_passes(c.p, c.n, NULL, out, sizeof out, errs, sizeof errs), 3);
    CHECK_STR(out, "m1@body:1 m2@body:2 m3@body:3 ");
    /* --jsonl still decompresses */
    CHECK_EQ(both_passes(c.p, c.n, &force, out, sizeof out, errs, sizeof errs), 3);
    c.n = 0;
    zstd_frame(&c, jsonl, 150);
    zstd_frame(&c, jsonl + 150, strlen(jsonl) - 150); /* a frame ends mid-line */
    CHECK_EQ(both_passes(c.p, c.n, NULL, out, sizeof out, errs, sizeof errs), 3);
    CHECK_STR(out, "m1@body:1 m2@body:2 m3@body:3 ");
    c.n = 0;
    zstd_frame(&c, text, strlen(text));
    CHECK_EQ(both_passes(c.p, c.n, NULL, out, sizeof out, errs, sizeof errs), 1);
    CHECK_STR(out, "text@body ");
    c.n = 0;
    gzip_member(&c, html, strlen(html));
    CHECK_EQ(both_passes(c.p, c.n, NULL, out, sizeof out, errs, sizeof errs), 1);
    CHECK_STR(out, "html@body ");
    /* a compressed empty file is an empty document */
    c.n = 0;
    gzip_member(&c, "", 0);
    CHECK_EQ(both_passes(c.p, c.n, NULL, out, sizeof out, errs, sizeof errs), 0);
    CHECK_STR(errs, "body: empty document\n");
    free(c.p);
}

/* A gzip WARC goes to the WARC reader, records named by their member's offset; a zstd
 * WARC by its decoded offset. */
static void check_memory_warc(void)
{
    static const char page[] =
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        "<html><head><title>تدشين مستشفى</title></head><body><p>دشن وزير الصحة مستشفى جديدا "
        "في شمال البلاد بسعة مئتي سرير، على أن يستقبل المرضى الشهر المقبل.</p></body></html>";
    struct buf rec = {0}, c = {0};
    char out[2048], errs[2048], want[256], num[32];
    snprintf(num, sizeof num, "%zu", strlen(page));
    puts_(&rec, "WARC/1.1\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: <urn:uuid:w0>\r\n");
    puts_(&rec, "Content-Length: 0\r\n\r\n\r\n\r\n");
    gzip_member(&c, rec.p, rec.n);
    rec.n = 0;
    puts_(&rec, "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:w1>\r\n");
    puts_(&rec, "WARC-Target-URI: https://news.example/a\r\nContent-Type: application/http\r\n");
    puts_(&rec, "Content-Length: ");
    puts_(&rec, num);
    puts_(&rec, "\r\n\r\n");
    puts_(&rec, page);
    puts_(&rec, "\r\n\r\n");
    snprintf(want, sizeof want, "urn:uuid:w1@body@%zu ", c.n);
    gzip_member(&c, rec.p, rec.n);
    CHECK_EQ(both_passes(c.p, c.n, NULL, out, sizeof out, errs, sizeof errs), 1);
    CHECK_STR(out, want);
    /* its first member damaged: still a WARC, read from the next member on */
    c.p[12] ^= 0xff;
    c.p[13] ^= 0xff;
    CHECK_EQ(both_passes(c.p, c.n, NULL, out, sizeof out, errs, sizeof errs), 1);
    CHECK(strstr(out, "urn:uuid:w1@body@") != NULL);
    CHECK(strstr(errs, "body@0: corrupt gzip member\n") != NULL);
    c.n = 0;
    zstd_frame(&c, rec.p, rec.n);
    CHECK_EQ(both_passes(c.p, c.n, NULL, out, sizeof out, errs, sizeof errs), 1);
    CHECK_STR(out, "urn:uuid:w1@body@0 ");
    free(rec.p);
    free(c.p);
}

/* Cut compressed JSONL: the lines before the cut, one error naming the buffer, the end. */
static void check_truncated(void)
{
    struct buf c = {0};
    char out[2048], errs[2048];
    size_t two = strchr(strchr(jsonl, '\n') + 1, '\n') + 1 - jsonl;
    gzip_member(&c, jsonl, two);
    gzip_member(&c, jsonl + two, strlen(jsonl) - two);
    c.n -= 30; /* into the last line's deflate data, past what zlib could still decode */
    CHECK_EQ(both_passes(c.p, c.n, NULL, out, sizeof out, errs, sizeof errs), 2);
    CHECK_STR(out, "m1@body:1 m2@body:2 ! ");
    CHECK(!strncmp(errs, "body: truncated gzip stream after ", 34));
    c.n = 0;
    zstd_frame(&c, jsonl, two);
    zstd_frame(&c, jsonl + two, strlen(jsonl) - two);
    c.n -= 5;
    CHECK_EQ(both_passes(c.p, c.n, NULL, out, sizeof out, errs, sizeof errs), 2);
    CHECK_STR(out, "m1@body:1 m2@body:2 ! ");
    CHECK(!strncmp(errs, "body: truncated zstd stream after ", 34));
    free(c.p);
}

/* A decompression bomb: far more decoded bytes than max_document, in a small buffer. It
 * costs one "too large" error per document, never the decoded size in memory. */
static void check_bomb(void)
{
    size_t big = 8u << 20;
    char out[2048], errs[2048];
    struct buf plain = {0}, c = {0};
    msd_input_options small = {0, 4096, 0};
    char *fill = malloc(big);
    if (!fill) abort();
    memset(fill, 'a', big);
    /* one text file of 8 MiB */
    puts_(&plain, "عنوان\n");
    put(&plain, fill, big);
    zstd_frame(&c, plain.p, plain.n);
    CHECK(c.n < 4096);
    CHECK_EQ(both_passes(c.p, c.n, &small, out, sizeof out, errs, sizeof errs), 0);
    CHECK_STR(errs, "body: larger than 4096 bytes decompressed\n");
    /* JSONL: an 8 MiB line between two good ones */
    plain.n = c.n = 0;
    puts_(&plain, "{\"id\":\"a\",\"text\":\"خبر قصير\"}\n{\"text\":\"");
    put(&plain, fill, big);
    puts_(&plain, "\"}\n{\"id\":\"c\",\"text\":\"خبر آخر\"}\n");
    gzip_member(&c, plain.p, plain.n);
    CHECK_EQ(both_passes(c.p, c.n, &small, out, sizeof out, errs, sizeof errs), 2);
    CHECK_STR(out, "a@body:1 ! c@body:3 ");
    CHECK_STR(errs, "body:2: line larger than 4096 bytes\n");
    free(fill);
    free(plain.p);
    free(c.p);
}

void suite_input(void);
void suite_input(void)
{
    check_memory_plain();
    check_memory_compressed();
    check_memory_warc();
    check_truncated();
    check_bomb();
}
