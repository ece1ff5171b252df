/* test_warc.c — the WARC reader: plain and gzip input, HTTP parsing, errors and resync.
 *
 * Fixtures are built here: WARC bytes written to a tmpfile(), gzip-compressed with zlib
 * for the compressed cases. The payloads are short made-up Arabic news pages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "marsad.h"
#include "read/warc.h"
#include "test.h"

static void putf(struct test_buf *b, const char *name, const char *value, const char *eol)
{
    test_puts(b, name);
    test_puts(b, ": ");
    test_puts(b, value);
    test_puts(b, eol);
}

/* Appends a record with the usual WARC headers. id is the bare urn; ctype may be NULL. */
static void record(struct test_buf *b, const char *eol, const char *version, const char *type,
                   const char *uri, const char *id, const char *ctype, const void *block,
                   size_t blen)
{
    char num[32], rid[128];
    test_puts(b, version);
    test_puts(b, eol);
    putf(b, "WARC-Type", type, eol);
    putf(b, "WARC-Date", "2024-03-01T10:15:00Z", eol);
    snprintf(rid, sizeof rid, "<%s>", id);
    putf(b, "WARC-Record-ID", rid, eol);
    if (uri) putf(b, "WARC-Target-URI", uri, eol);
    if (ctype) putf(b, "Content-Type", ctype, eol);
    snprintf(num, sizeof num, "%zu", blen);
    putf(b, "Content-Length", num, eol);
    test_puts(b, eol);
    test_put(b, block, blen);
    test_puts(b, eol);
    test_puts(b, eol);
}

static FILE *mem(const void *p, size_t n)
{
    FILE *f = tmpfile();
    if (!f) abort();
    if (n && fwrite(p, 1, n, f) != n) abort();
    rewind(f);
    return f;
}

static const char html_rain[] =
    "<html><head><meta charset=\"utf-8\"><title>أمطار غزيرة في الرياض</title></head>"
    "<body><h1>أمطار غزيرة في الرياض</h1><p>شهدت العاصمة صباح اليوم أمطارا غزيرة أدت إلى "
    "تعليق الدراسة في عدد من المدارس.</p></body></html>";
static const char html_port[] =
    "<html><body><h1>افتتاح ميناء جديد</h1><p>افتتح وزير النقل ميناء جديدا على البحر "
    "الأحمر يستقبل سفن الحاويات.</p></body></html>";

static void http_response(struct test_buf *b, const char *eol, const char *extra, const void *body,
                          size_t blen)
{
    test_puts(b, "HTTP/1.1 200 OK");
    test_puts(b, eol);
    putf(b, "Date", "Fri, 01 Mar 2024 10:15:00 GMT", eol);
    if (extra) test_puts(b, extra);
    test_puts(b, eol);
    test_put(b, body, blen);
}

/* The three-record capture of one page: warcinfo, request, response. Returns the
 * offset of each record in *offs. */
static void capture(struct test_buf *b, const char *eol, size_t offs[3])
{
    struct test_buf http = {0}, req = {0};
    const char *info = "software: marsad-test/0.1\r\nformat: WARC File Format 1.1\r\n";
    http_response(&http, eol, "Content-Type: text/html; charset=\"UTF-8\"\r\n", html_rain,
                  strlen(html_rain));
    test_puts(&req, "GET /news/rain HTTP/1.1\r\nHost: news.example\r\n\r\n");
    offs[0] = b->n;
    record(b, eol, "WARC/1.1", "warcinfo", NULL, "urn:uuid:0001", "application/warc-fields", info,
           strlen(info));
    offs[1] = b->n;
    record(b, eol, "WARC/1.1", "request", "https://news.example/news/rain", "urn:uuid:0002",
           "application/http; msgtype=request", req.p, req.n);
    offs[2] = b->n;
    record(b, eol, "WARC/1.1", "response", "https://news.example/news/rain", "urn:uuid:0003",
           "application/http; msgtype=response", http.p, http.n);
    free(http.p);
    free(req.p);
}

/* Checks the three records of capture() from f; offsets NULL to skip them. */
static void check_capture(FILE *f, const size_t *offs)
{
    msd_warc *w = NULL;
    msd_warc_record r;
    CHECK_EQ(msd_warc_open(f, 0, &w), MARSAD_OK);
    if (!w) return;

    CHECK_EQ(msd_warc_next(w, &r), MARSAD_OK);
    CHECK_STR(r.type, "warcinfo");
    CHECK(r.target_uri == NULL);
    CHECK_STR(r.record_id, "urn:uuid:0001");
    CHECK_EQ(r.http_status, 0);
    CHECK(r.content_type == NULL);
    CHECK(r.body_len > 0 && !memcmp(r.body, "software:", 9));
    if (offs) CHECK_EQ(r.offset, offs[0]);

    CHECK_EQ(msd_warc_next(w, &r), MARSAD_OK);
    CHECK_STR(r.type, "request");
    CHECK_STR(r.target_uri, "https://news.example/news/rain");
    CHECK_EQ(r.http_status, 0);
    CHECK_STRN(r.body, r.body_len, "GET /news/rain HTTP/1.1\r\nHost: news.example\r\n\r\n");
    if (offs) CHECK_EQ(r.offset, offs[1]);

    CHECK_EQ(msd_warc_next(w, &r), MARSAD_OK);
    CHECK_STR(r.type, "response");
    CHECK_STR(r.target_uri, "https://news.example/news/rain");
    CHECK_STR(r.date, "2024-03-01T10:15:00Z");
    CHECK_STR(r.record_id, "urn:uuid:0003");
    CHECK_EQ(r.http_status, 200);
    CHECK_STR(r.content_type, "text/html");
    CHECK_STR(r.charset, "utf-8");
    CHECK_STR(r.http_date, "Fri, 01 Mar 2024 10:15:00 GMT");
    CHECK_STRN(r.body, r.body_len, html_rain);
    CHECK_EQ(r.truncated, 0);
    if (offs) CHECK_EQ(r.offset, offs[2]);

    CHECK_EQ(msd_warc_next(w, &r), MARSAD_END);
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_END);
    msd_warc_close(w);
}

static void check_plain(void)
{
    struct test_buf b = {0};
    size_t offs[3];
    FILE *f;
    capture(&b, "\r\n", offs);
    f = mem(b.p, b.n);
    check_capture(f, offs);
    fclose(f);
    free(b.p);
}

static void check_lf_only(void)
{
    struct test_buf b = {0};
    size_t offs[3];
    FILE *f;
    capture(&b, "\n", offs);
    CHECK(strstr(b.p, "WARC-Type: warcinfo\n") != NULL);
    f = mem(b.p, b.n);
    check_capture(f, offs);
    fclose(f);
    free(b.p);
}

/* One gzip member per record: offsets are the members' offsets in the file. */
static void check_gzip_members(void)
{
    struct test_buf b = {0}, z = {0};
    size_t offs[3], zoffs[3];
    FILE *f;
    capture(&b, "\r\n", offs);
    for (int i = 0; i < 3; i++) {
        size_t end = i < 2 ? offs[i + 1] : b.n;
        zoffs[i] = z.n;
        test_gzip(&z, b.p + offs[i], end - offs[i]);
    }
    CHECK(zoffs[1] != offs[1]);
    f = mem(z.p, z.n);
    check_capture(f, zoffs);
    fclose(f);
    free(b.p);
    free(z.p);
}

/* One member for the whole file: offsets are uncompressed. */
static void check_gzip_whole(void)
{
    struct test_buf b = {0}, z = {0};
    size_t offs[3];
    FILE *f;
    capture(&b, "\r\n", offs);
    test_gzip(&z, b.p, b.n);
    f = mem(z.p, z.n);
    check_capture(f, offs);
    fclose(f);
    free(b.p);
    free(z.p);
}

static int read_one(FILE *f, size_t max_record, msd_warc_record *r, msd_warc **w)
{
    int rc = msd_warc_open(f, max_record, w);
    if (rc) return rc;
    return msd_warc_next(*w, r);
}

static void check_chunked(void)
{
    struct test_buf b = {0}, http = {0}, body = {0};
    const char *p1 = "<p>انخفاض أسعار الذهب</p>", *p2 = "<p>في الأسواق المحلية</p>";
    char line[32];
    msd_warc *w = NULL;
    msd_warc_record r;
    FILE *f;

    snprintf(line, sizeof line, "%zx;ext=1\r\n", strlen(p1));
    test_puts(&body, line);
    test_puts(&body, p1);
    snprintf(line, sizeof line, "\r\n%zX\r\n", strlen(p2));
    test_puts(&body, line);
    test_puts(&body, p2);
    test_puts(&body, "\r\n0\r\nX-Trailer: 1\r\n\r\n");
    http_response(&http, "\r\n",
                  "Content-Type: text/html;charset=windows-1256\r\n"
                  "Transfer-Encoding: chunked\r\n",
                  body.p, body.n);
    record(&b, "\r\n", "WARC/1.0", "response", "http://news.example/gold", "urn:uuid:c1",
           "application/http;msgtype=response", http.p, http.n);
    /* The same with the chunk stream broken after the first chunk. */
    http.n = 0;
    body.n = 0;
    snprintf(line, sizeof line, "%zx\r\n", strlen(p1));
    test_puts(&body, line);
    test_puts(&body, p1);
    test_puts(&body, "\r\nzz-not-hex\r\nrest");
    http_response(&http, "\r\n", "Transfer-Encoding: chunked\r\n", body.p, body.n);
    record(&b, "\r\n", "WARC/1.0", "response", "http://news.example/gold2", "urn:uuid:c2",
           "application/http", http.p, http.n);

    f = mem(b.p, b.n);
    CHECK_EQ(read_one(f, 0, &r, &w), MARSAD_OK);
    CHECK_EQ(r.http_status, 200);
    CHECK_STR(r.content_type, "text/html");
    CHECK_STR(r.charset, "windows-1256");
    CHECK_EQ(r.body_len, strlen(p1) + strlen(p2));
    CHECK(r.body_len >= strlen(p1) && !memcmp(r.body, p1, strlen(p1)));
    CHECK(r.body_len == strlen(p1) + strlen(p2) && !memcmp(r.body + strlen(p1), p2, strlen(p2)));
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_OK);
    CHECK_STR(r.target_uri, "http://news.example/gold2");
    CHECK(r.content_type == NULL);
    CHECK_STRN(r.body, r.body_len, p1);
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_END);
    msd_warc_close(w);
    fclose(f);
    free(b.p);
    free(http.p);
    free(body.p);
}

static void check_content_encoding(void)
{
    struct test_buf b = {0}, http = {0}, zbody = {0};
    msd_warc *w = NULL;
    msd_warc_record r;
    FILE *f;
    test_gzip(&zbody, html_port, strlen(html_port));
    http_response(&http, "\r\n",
                  "Content-Type: Text/HTML; Charset=ISO-8859-6\r\nContent-Encoding: gzip\r\n",
                  zbody.p, zbody.n);
    record(&b, "\r\n", "WARC/1.0", "response", "http://news.example/port", "urn:uuid:e1",
           "application/http; msgtype=response", http.p, http.n);
    f = mem(b.p, b.n);
    CHECK_EQ(read_one(f, 0, &r, &w), MARSAD_OK);
    CHECK_STR(r.content_type, "text/html");
    CHECK_STR(r.charset, "iso-8859-6");
    CHECK_STRN(r.body, r.body_len, html_port);
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_END);
    msd_warc_close(w);
    fclose(f);
    /* Decoding stops at max_record: a page that inflates past it is cut and flagged. */
    {
        struct test_buf page = {0};
        for (int i = 0; i < 40; i++) test_puts(&page, html_port);
        zbody.n = http.n = b.n = 0;
        test_gzip(&zbody, page.p, page.n);
        http_response(&http, "\r\n", "Content-Encoding: gzip\r\n", zbody.p, zbody.n);
        record(&b, "\r\n", "WARC/1.0", "response", "http://news.example/p", "urn:uuid:e2",
               "application/http", http.p, http.n);
        CHECK(http.n < 1024);
        f = mem(b.p, b.n);
        w = NULL;
        CHECK_EQ(read_one(f, 1024, &r, &w), MARSAD_OK);
        CHECK_EQ(r.truncated, 1);
        CHECK_EQ(r.body_len, 1024);
        CHECK(r.body_len == 1024 && !memcmp(r.body, page.p, 1024));
        msd_warc_close(w);
        fclose(f);
        free(page.p);
    }
    free(b.p);
    free(http.p);
    free(zbody.p);
}

static void check_too_big(void)
{
    struct test_buf b = {0}, big = {0};
    msd_warc *w = NULL;
    msd_warc_record r;
    FILE *f;
    for (int i = 0; i < 4000; i++) test_puts(&big, "خبر ");
    /* Also larger than the reader's 128 KiB window when repeated. */
    record(&b, "\r\n", "WARC/1.0", "resource", "http://news.example/big.txt", "urn:uuid:b1",
           "text/plain", big.p, big.n);
    record(&b, "\r\n", "WARC/1.0", "resource", "http://news.example/small.txt", "urn:uuid:b2",
           "text/plain", "صغير", strlen("صغير"));
    f = mem(b.p, b.n);
    CHECK_EQ(read_one(f, 100, &r, &w), MARSAD_OK);
    CHECK_EQ(r.truncated, 1);
    CHECK_EQ(r.body_len, 100);
    CHECK(!memcmp(r.body, big.p, 100));
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_OK);
    CHECK_STR(r.record_id, "urn:uuid:b2");
    CHECK_EQ(r.truncated, 0);
    CHECK_STRN(r.body, r.body_len, "صغير");
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_END);
    msd_warc_close(w);
    fclose(f);

    /* A 400 KB block read whole through the window, gzip-compressed. */
    {
        struct test_buf z = {0}, huge = {0};
        for (int i = 0; i < 25; i++) test_put(&huge, big.p, big.n);
        b.n = 0;
        record(&b, "\r\n", "WARC/1.0", "resource", "http://news.example/huge", "urn:uuid:h1",
               "text/plain", huge.p, huge.n);
        record(&b, "\r\n", "WARC/1.0", "resource", "http://news.example/s", "urn:uuid:h2",
               "text/plain", "x", 1);
        test_gzip(&z, b.p, b.n);
        f = mem(z.p, z.n);
        w = NULL;
        CHECK_EQ(read_one(f, 0, &r, &w), MARSAD_OK);
        CHECK_EQ(r.body_len, huge.n);
        CHECK(r.body_len == huge.n && !memcmp(r.body, huge.p, huge.n));
        CHECK_EQ(msd_warc_next(w, &r), MARSAD_OK);
        CHECK_STRN(r.body, r.body_len, "x");
        CHECK_EQ(msd_warc_next(w, &r), MARSAD_END);
        msd_warc_close(w);
        fclose(f);
        free(z.p);
        free(huge.p);
    }
    free(b.p);
    free(big.p);
}

static void check_bad_records(void)
{
    struct test_buf b = {0};
    size_t off_bad, off_ver;
    msd_warc *w = NULL;
    msd_warc_record r;
    uint64_t eoff = 0;
    FILE *f;

    record(&b, "\r\n", "WARC/1.0", "resource", NULL, "urn:uuid:a", "text/plain", "ألف", 6);
    off_bad = b.n;
    test_puts(&b, "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 12x\r\n\r\n"
                  "باء باء\r\n\r\n");
    record(&b, "\r\n", "WARC/1.0", "resource", NULL, "urn:uuid:c", "text/plain", "جيم", 6);
    off_ver = b.n;
    record(&b, "\r\n", "WARC/0.9", "resource", NULL, "urn:uuid:d", "text/plain", "دال", 6);
    record(&b, "\n", "WARC/1.0", "resource", NULL, "urn:uuid:e", "text/plain", "هاء", 6);
    test_puts(&b, "WARC/1.0\r\nWARC-Type: resource\r\n\r\nno length\r\n\r\n");
    record(&b, "\r\n", "WARC/1.0", "resource", NULL, "urn:uuid:f", "text/plain", "واو", 6);
    test_puts(&b, "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 5000\r\n\r\nقصير");

    f = mem(b.p, b.n);
    CHECK_EQ(read_one(f, 0, &r, &w), MARSAD_OK);
    CHECK_STR(r.record_id, "urn:uuid:a");
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_EFORMAT);
    CHECK(strstr(msd_warc_error(w, &eoff), "Content-Length") != NULL);
    CHECK_EQ(eoff, off_bad);
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_OK);
    CHECK_STR(r.record_id, "urn:uuid:c");
    CHECK_STRN(r.body, r.body_len, "جيم");
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_EFORMAT);
    CHECK_STR(msd_warc_error(w, &eoff), "bad WARC version line");
    CHECK_EQ(eoff, off_ver);
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_OK);
    CHECK_STR(r.record_id, "urn:uuid:e");
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_EFORMAT);
    CHECK_STR(msd_warc_error(w, NULL), "missing Content-Length");
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_OK);
    CHECK_STR(r.record_id, "urn:uuid:f");
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_EFORMAT);
    CHECK_STR(msd_warc_error(w, NULL), "block cut short by end of file");
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_END);
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_END);
    msd_warc_close(w);
    fclose(f);
    free(b.p);
}

static void check_gzip_damage(void)
{
    struct test_buf b = {0}, z = {0};
    size_t offs[3], zoffs[3];
    msd_warc *w = NULL;
    msd_warc_record r;
    uint64_t eoff = 0;
    FILE *f;
    capture(&b, "\r\n", offs);
    for (int i = 0; i < 3; i++) {
        size_t end = i < 2 ? offs[i + 1] : b.n;
        zoffs[i] = z.n;
        test_gzip(&z, b.p + offs[i], end - offs[i]);
    }

    /* Cut in the middle of the last member. */
    f = mem(z.p, zoffs[2] + (z.n - zoffs[2]) / 2);
    CHECK_EQ(read_one(f, 0, &r, &w), MARSAD_OK);
    CHECK_STR(r.type, "warcinfo");
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_OK);
    CHECK_STR(r.type, "request");
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_EFORMAT);
    CHECK_STR(msd_warc_error(w, &eoff), "truncated gzip stream");
    CHECK_EQ(eoff, zoffs[2]);
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_END);
    msd_warc_close(w);
    fclose(f);

    /* Cut inside the trailer only: the record is whole, the stream is not. */
    f = mem(z.p, z.n - 3);
    w = NULL;
    CHECK_EQ(read_one(f, 0, &r, &w), MARSAD_OK);
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_OK);
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_OK);
    CHECK_STRN(r.body, r.body_len, html_rain);
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_EFORMAT);
    CHECK_STR(msd_warc_error(w, NULL), "truncated gzip stream");
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_END);
    msd_warc_close(w);
    fclose(f);

    /* The middle member's deflate data damaged: it is skipped, the next one read. */
    {
        char *d = malloc(z.n);
        if (!d) abort();
        memcpy(d, z.p, z.n);
        for (size_t i = zoffs[1] + 12; i < zoffs[1] + 30; i++) d[i] = (char)0xff;
        f = mem(d, z.n);
        w = NULL;
        CHECK_EQ(read_one(f, 0, &r, &w), MARSAD_OK);
        CHECK_STR(r.type, "warcinfo");
        CHECK_EQ(msd_warc_next(w, &r), MARSAD_EFORMAT);
        CHECK_STR(msd_warc_error(w, &eoff), "corrupt gzip member");
        CHECK_EQ(eoff, zoffs[1]);
        CHECK_EQ(msd_warc_next(w, &r), MARSAD_OK);
        CHECK_STR(r.type, "response");
        CHECK_EQ(r.offset, zoffs[2]);
        CHECK_STRN(r.body, r.body_len, html_rain);
        CHECK_EQ(msd_warc_next(w, &r), MARSAD_END);
        msd_warc_close(w);
        fclose(f);
        free(d);
    }

    /* A whole-file member cut short: earlier records intact, one error, then the end. */
    z.n = 0;
    test_gzip(&z, b.p, b.n);
    f = mem(z.p, z.n - 40);
    w = NULL;
    CHECK_EQ(read_one(f, 0, &r, &w), MARSAD_OK);
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_OK);
    CHECK_STR(r.type, "request");
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_EFORMAT);
    CHECK_STR(msd_warc_error(w, NULL), "truncated gzip stream");
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_END);
    msd_warc_close(w);
    fclose(f);
    free(b.p);
    free(z.p);
}

static void check_empty_and_garbage(void)
{
    msd_warc *w = NULL;
    msd_warc_record r;
    unsigned char junk[20000];
    unsigned x = 12345;
    int rc, n = 0, nformat = 0;
    FILE *f = mem("", 0);

    CHECK_EQ(read_one(f, 0, &r, &w), MARSAD_END);
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_END);
    msd_warc_close(w);
    fclose(f);

    /* Only blank lines. */
    f = mem("\r\n\r\n\n", 5);
    w = NULL;
    CHECK_EQ(read_one(f, 0, &r, &w), MARSAD_END);
    msd_warc_close(w);
    fclose(f);

    for (size_t i = 0; i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (unsigned char)(x >> 16);
    }
    junk[0] = 'J';
    f = mem(junk, sizeof junk);
    w = NULL;
    CHECK_EQ(msd_warc_open(f, 0, &w), MARSAD_OK);
    while ((rc = msd_warc_next(w, &r)) != MARSAD_END && n++ < 100000)
        if (rc == MARSAD_EFORMAT) nformat++;
    CHECK_EQ(rc, MARSAD_END);
    CHECK(nformat >= 1);
    msd_warc_close(w);
    fclose(f);

    /* Garbage behind a gzip magic. */
    junk[0] = 0x1f;
    junk[1] = 0x8b;
    junk[2] = 0x08;
    f = mem(junk, sizeof junk);
    w = NULL;
    n = nformat = 0;
    CHECK_EQ(msd_warc_open(f, 0, &w), MARSAD_OK);
    while ((rc = msd_warc_next(w, &r)) != MARSAD_END && n++ < 100000)
        if (rc == MARSAD_EFORMAT) nformat++;
    CHECK_EQ(rc, MARSAD_END);
    CHECK(nformat >= 1);
    msd_warc_close(w);
    fclose(f);

    CHECK_EQ(msd_warc_open(NULL, 0, &w), MARSAD_EINVAL);
    msd_warc_close(NULL);
}

/* A non-HTML response comes back with its media type and raw bytes. */
static void check_image(void)
{
    struct test_buf b = {0}, http = {0};
    static const unsigned char jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J',  'F',
                                         'I',  'F',  0x00, 0x01, 0xff, 0xd9, '\r', '\n'};
    msd_warc *w = NULL;
    msd_warc_record r;
    FILE *f;
    test_puts(&http, "HTTP/1.0 404 Not Found\nContent-Type: image/jpeg\n\n");
    record(&b, "\r\n", "WARC/1.0", "response", "http://news.example/a.jpg", "urn:uuid:j0",
           "application/http; msgtype=response", http.p, http.n);
    http.n = 0;
    http_response(&http, "\r\n", "Content-Type: image/jpeg\r\nContent-Length: 16\r\n", jpeg,
                  sizeof jpeg);
    record(&b, "\r\n", "WARC/1.0", "response", "http://news.example/photo.jpg", "urn:uuid:j1", NULL,
           http.p, http.n);
    f = mem(b.p, b.n);
    CHECK_EQ(read_one(f, 0, &r, &w), MARSAD_OK);
    CHECK_EQ(r.http_status, 404);
    CHECK_EQ(r.body_len, 0);
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_OK);
    CHECK_EQ(r.http_status, 200);
    CHECK_STR(r.content_type, "image/jpeg");
    CHECK(r.charset == NULL);
    CHECK_EQ(r.body_len, sizeof jpeg);
    CHECK(r.body_len == sizeof jpeg && !memcmp(r.body, jpeg, sizeof jpeg));
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_END);
    msd_warc_close(w);
    fclose(f);
    free(b.p);
    free(http.p);
}

/* Header details: case-insensitive names, trimmed values, <…> around the URI, a
 * continuation line, a raw-deflate body, and gzip members followed by junk. */
static void check_misc(void)
{
    struct test_buf b = {0}, http = {0}, z = {0};
    unsigned char raw[512];
    z_stream zs;
    msd_warc *w = NULL;
    msd_warc_record r;
    FILE *f;

    memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) abort();
    zs.next_in = (Bytef *)(uintptr_t)html_port;
    zs.avail_in = (uInt)strlen(html_port);
    zs.next_out = raw;
    zs.avail_out = sizeof raw;
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END) abort();
    deflateEnd(&zs);
    test_puts(
        &http,
        "HTTP/1.1 301 Moved\r\ncontent-type:TEXT/html ; Format = flowed ; CHARSET = \"CP1256\""
        "\r\nContent-Encoding: deflate\r\n\r\n");
    test_put(&http, raw, sizeof raw - zs.avail_out);
    test_puts(&b,
              "WARC/1.1\r\nwarc-type:   response  \r\nWARC-TARGET-URI: <http://news.example/x>\r\n"
              "X-Long: first part\r\n  continued here\r\nwarc-record-id:<urn:uuid:m1>\r\n");
    {
        char cl[64];
        snprintf(cl, sizeof cl, "content-length:\t%zu\r\n\r\n", http.n);
        test_puts(&b, cl);
    }
    test_put(&b, http.p, http.n);
    test_puts(&b, "\r\n\r\n");
    test_gzip(&z, b.p, b.n);
    test_puts(&z, "junk at the end");

    f = mem(z.p, z.n);
    CHECK_EQ(read_one(f, 0, &r, &w), MARSAD_OK);
    CHECK_STR(r.type, "response");
    CHECK_STR(r.target_uri, "http://news.example/x");
    CHECK_STR(r.record_id, "urn:uuid:m1");
    CHECK(r.date == NULL);
    CHECK_EQ(r.offset, 0);
    CHECK_EQ(r.http_status, 301);
    CHECK_STR(r.content_type, "text/html");
    CHECK_STR(r.charset, "cp1256");
    CHECK(r.http_date == NULL);
    CHECK_STRN(r.body, r.body_len, html_port);
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_EFORMAT);
    CHECK_STR(msd_warc_error(w, NULL), "garbage after gzip member");
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_END);
    msd_warc_close(w);
    fclose(f);

    /* A gzip-encoded empty body decodes to nothing; a body that is not the gzip its header
     * claims is kept as it is. */
    http.n = b.n = z.n = 0;
    test_gzip(&z, "", 0);
    http_response(&http, "\r\n", "Content-Encoding : gzip\r\n", z.p, z.n);
    record(&b, "\r\n", "WARC/1.0", "response", NULL, "urn:uuid:g0", NULL, http.p, http.n);
    http.n = 0;
    http_response(&http, "\r\n", "Content-Encoding: gzip\r\n", "plain", 5);
    record(&b, "\r\n", "WARC/1.0", "response", NULL, "urn:uuid:g1", NULL, http.p, http.n);
    f = mem(b.p, b.n);
    w = NULL;
    CHECK_EQ(read_one(f, 0, &r, &w), MARSAD_OK);
    CHECK_EQ(r.http_status, 200);
    CHECK_EQ(r.body_len, 0);
    CHECK_EQ(msd_warc_next(w, &r), MARSAD_OK);
    CHECK_STRN(r.body, r.body_len, "plain");
    msd_warc_close(w);
    fclose(f);

    /* A stream that cannot be read gives MARSAD_EIO. */
    f = fopen("/dev/null", "w");
    if (f) {
        w = NULL;
        CHECK_EQ(read_one(f, 0, &r, &w), MARSAD_EIO);
        CHECK_EQ(msd_warc_next(w, &r), MARSAD_EIO);
        msd_warc_close(w);
        fclose(f);
    }
    free(b.p);
    free(http.p);
    free(z.p);
}

void suite_warc(void);
void suite_warc(void)
{
    check_plain();
    check_lf_only();
    check_gzip_members();
    check_gzip_whole();
    check_chunked();
    check_content_encoding();
    check_too_big();
    check_bad_records();
    check_gzip_damage();
    check_empty_and_garbage();
    check_image();
    check_misc();
}
