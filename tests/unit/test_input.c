/* test_input.c — documents from a buffer (msd_input_open_memory) and from compressed
 * input: formats sniffed inside gzip and zstd, both passes, truncation, the size cap.
 *
 * Fixtures are short made-up Arabic news texts, compressed here with zlib and libzstd. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "marsad.h"
#include "read/input.h"
#include "test.h"

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

/* Lists a document read, "ID@ORIGIN " (its format when it has no id), into out. */
static void list_doc(const msd_doc *d, char *out, size_t cap)
{
    strncat(out, d->id ? d->id : d->format, cap - strlen(out) - 1);
    strncat(out, "@", cap - strlen(out) - 1);
    strncat(out, d->origin, cap - strlen(out) - 1);
    strncat(out, " ", cap - strlen(out) - 1);
}

/* Lists a document rejected: "! " into out, its message and a newline into errs. */
static void list_error(const char *msg, char *out, size_t cap, char *errs, size_t ecap)
{
    strncat(out, "! ", cap - strlen(out) - 1);
    strncat(errs, msg, ecap - strlen(errs) - 1);
    strncat(errs, "\n", ecap - strlen(errs) - 1);
}

/* Reads every document of in; the ids (or formats) joined by spaces into out, errors as
 * "!" and their messages into errs. Returns the number of documents read. */
static int read_all(msd_input *in, char *out, size_t cap, char *errs, size_t ecap)
{
    msd_doc d = {0};
    int rc, n = 0, guard = 0;
    out[0] = errs[0] = 0;
    while ((rc = msd_input_next(in, &d)) != MARSAD_END && ++guard < 1000) {
        if (rc) {
            list_error(msd_input_error(in), out, cap, errs, ecap);
            continue;
        }
        n++;
        list_doc(&d, out, cap);
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
    struct test_buf c = {0};
    char out[2048], errs[2048];
    msd_input_options force = {0, 0, 1};
    test_gzip(&c, jsonl, strlen(jsonl));
    CHECK_EQ(both_passes(c.p, c.n, NULL, out, sizeof out, errs, sizeof errs), 3);
    CHECK_STR(out, "m1@body:1 m2@body:2 m3@body:3 ");
    /* --jsonl still decompresses */
    CHECK_EQ(both_passes(c.p, c.n, &force, out, sizeof out, errs, sizeof errs), 3);
    c.n = 0;
    test_zstd(&c, jsonl, 150);
    test_zstd(&c, jsonl + 150, strlen(jsonl) - 150); /* a frame ends mid-line */
    CHECK_EQ(both_passes(c.p, c.n, NULL, out, sizeof out, errs, sizeof errs), 3);
    CHECK_STR(out, "m1@body:1 m2@body:2 m3@body:3 ");
    c.n = 0;
    test_zstd(&c, text, strlen(text));
    CHECK_EQ(both_passes(c.p, c.n, NULL, out, sizeof out, errs, sizeof errs), 1);
    CHECK_STR(out, "text@body ");
    c.n = 0;
    test_gzip(&c, html, strlen(html));
    CHECK_EQ(both_passes(c.p, c.n, NULL, out, sizeof out, errs, sizeof errs), 1);
    CHECK_STR(out, "html@body ");
    /* a compressed empty file is an empty document */
    c.n = 0;
    test_gzip(&c, "", 0);
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
    struct test_buf rec = {0}, c = {0};
    char out[2048], errs[2048], want[256], num[32];
    snprintf(num, sizeof num, "%zu", strlen(page));
    test_puts(&rec, "WARC/1.1\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: <urn:uuid:w0>\r\n");
    test_puts(&rec, "Content-Length: 0\r\n\r\n\r\n\r\n");
    test_gzip(&c, rec.p, rec.n);
    rec.n = 0;
    test_puts(&rec, "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:w1>\r\n");
    test_puts(&rec,
              "WARC-Target-URI: https://news.example/a\r\nContent-Type: application/http\r\n");
    test_puts(&rec, "Content-Length: ");
    test_puts(&rec, num);
    test_puts(&rec, "\r\n\r\n");
    test_puts(&rec, page);
    test_puts(&rec, "\r\n\r\n");
    snprintf(want, sizeof want, "urn:uuid:w1@body@%zu ", c.n);
    test_gzip(&c, rec.p, rec.n);
    CHECK_EQ(both_passes(c.p, c.n, NULL, out, sizeof out, errs, sizeof errs), 1);
    CHECK_STR(out, want);
    /* its first member damaged: still a WARC, read from the next member on */
    c.p[12] ^= 0xff;
    c.p[13] ^= 0xff;
    CHECK_EQ(both_passes(c.p, c.n, NULL, out, sizeof out, errs, sizeof errs), 1);
    CHECK(strstr(out, "urn:uuid:w1@body@") != NULL);
    CHECK(strstr(errs, "body@0: corrupt gzip member\n") != NULL);
    c.n = 0;
    test_zstd(&c, rec.p, rec.n);
    CHECK_EQ(both_passes(c.p, c.n, NULL, out, sizeof out, errs, sizeof errs), 1);
    CHECK_STR(out, "urn:uuid:w1@body@0 ");
    free(rec.p);
    free(c.p);
}

/* Cut compressed JSONL: the lines before the cut, one error naming the buffer, the end. */
static void check_truncated(void)
{
    struct test_buf c = {0};
    char out[2048], errs[2048];
    size_t two = strchr(strchr(jsonl, '\n') + 1, '\n') + 1 - jsonl;
    test_gzip(&c, jsonl, two);
    test_gzip(&c, jsonl + two, strlen(jsonl) - two);
    c.n -= 30; /* into the last line's deflate data, past what zlib could still decode */
    CHECK_EQ(both_passes(c.p, c.n, NULL, out, sizeof out, errs, sizeof errs), 2);
    CHECK_STR(out, "m1@body:1 m2@body:2 ! ");
    CHECK(!strncmp(errs, "body: truncated gzip stream after ", 34));
    c.n = 0;
    test_zstd(&c, jsonl, two);
    test_zstd(&c, jsonl + two, strlen(jsonl) - two);
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
    struct test_buf plain = {0}, c = {0};
    msd_input_options small = {0, 4096, 0};
    char *fill = malloc(big);
    if (!fill) abort();
    memset(fill, 'a', big);
    /* one text file of 8 MiB */
    test_puts(&plain, "عنوان\n");
    test_put(&plain, fill, big);
    test_zstd(&c, plain.p, plain.n);
    CHECK(c.n < 4096);
    CHECK_EQ(both_passes(c.p, c.n, &small, out, sizeof out, errs, sizeof errs), 0);
    CHECK_STR(errs, "body: larger than 4096 bytes decompressed\n");
    /* JSONL: an 8 MiB line between two good ones */
    plain.n = c.n = 0;
    test_puts(&plain, "{\"id\":\"a\",\"text\":\"خبر قصير\"}\n{\"text\":\"");
    test_put(&plain, fill, big);
    test_puts(&plain, "\"}\n{\"id\":\"c\",\"text\":\"خبر آخر\"}\n");
    test_gzip(&c, plain.p, plain.n);
    CHECK_EQ(both_passes(c.p, c.n, &small, out, sizeof out, errs, sizeof errs), 2);
    CHECK_STR(out, "a@body:1 ! c@body:3 ");
    CHECK_STR(errs, "body:2: line larger than 4096 bytes\n");
    free(fill);
    free(plain.p);
    free(c.p);
}

#define MAX_RAW 16

/* read_all() of a memory input in the two steps, as the ingest pipeline takes them:
 * every record framed first, the input closed, then each record parsed. A record that
 * borrowed from the handle would be read after it is freed (ASan). */
static int split_all(const void *data, size_t len, const msd_input_options *opt, char *out,
                     size_t cap, char *errs, size_t ecap)
{
    msd_input *in = NULL;
    msd_input_raw raw[MAX_RAW];
    char why[MAX_RAW][256];
    int rc[MAX_RAW], n = 0;
    size_t k = 0;
    memset(raw, 0, sizeof raw);
    out[0] = errs[0] = 0;
    CHECK_EQ(msd_input_open_memory(data, len, "body", opt, &in), MARSAD_OK);
    while (in && k < MAX_RAW && (rc[k] = msd_input_next_raw(in, &raw[k])) != MARSAD_END) {
        snprintf(why[k], sizeof why[k], "%s", rc[k] ? msd_input_error(in) : "");
        if (rc[k]) CHECK(raw[k].bytes == NULL && raw[k].where == NULL); /* left empty */
        k++;
    }
    msd_input_close(in);
    for (size_t i = 0; i < k; i++) {
        msd_doc d = {0};
        if (!rc[i] && (rc[i] = msd_input_parse(&raw[i], &d, why[i], sizeof why[i])) == MARSAD_OK)
            CHECK_STR(why[i], "");
        if (rc[i])
            list_error(why[i], out, cap, errs, ecap);
        else
            n++, list_doc(&d, out, cap);
        msd_doc_clear(&d);
        msd_input_raw_clear(&raw[i]);
    }
    return n;
}

/* Framing and parsing apart give what msd_input_next() gives: the same documents, the
 * same errors with the same messages, whichever step meets them. */
static void check_split(void)
{
    static const char mixed[] =
        "\xEF\xBB\xBF{\"id\":\"a\",\"title\":\"&quot;عنوان&quot;\",\"text\":\"خبر قصير\"}\n"
        "\n   \n"                                  /* blank: no document */
        "{\"id\":\"b\",\"text\":\"خبر\"\n"         /* cut JSON */
        "[1,2]\n"                                  /* not an object */
        "{\"id\":\"c\"}\n"                         /* no text */
        "{\"id\":\"d\",\"text\":\"\xff\"}\n"       /* invalid UTF-8 */
        "{\"id\":\"e\",\"text\":\"  \\n \"}\n"     /* empty */
        "{\"id\":\"f\",\"html\":\"<p>سطر</p>\"}\n" /* a page with no article */
        "{\"id\":\"g\",\"text\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}\n" /* over max_document */
        "{\"id\":\"h\",\"text\":\"الأخير\"}";                         /* no newline at the end */
    msd_input_options small = {0, 160, 0}, repair = {1, 0, 0};
    const struct {
        const char *data;
        const msd_input_options *opt;
    } cases[] = {{mixed, &small}, {mixed, &repair}, {jsonl, NULL},         {text, NULL},
                 {html, NULL},    {"", NULL},       {"\xEF\xBB\xBF", NULL}};
    char out[2048], errs[2048], want[2048], want_errs[2048];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int n = both_passes(cases[i].data, strlen(cases[i].data), cases[i].opt, want, sizeof want,
                            want_errs, sizeof want_errs);
        CHECK_EQ(split_all(cases[i].data, strlen(cases[i].data), cases[i].opt, out, sizeof out,
                           errs, sizeof errs),
                 n);
        CHECK_STR(out, want);
        CHECK_STR(errs, want_errs);
    }
    /* the mixed lines under the small cap: each error met in its step, named by its line */
    split_all(mixed, strlen(mixed), &small, out, sizeof out, errs, sizeof errs);
    CHECK_STR(out, "a@body:1 ! ! ! ! ! ! ! h@body:11 ");
    CHECK(!strncmp(errs, "body:4: invalid JSON: ", 22));
    CHECK(strstr(errs, "\nbody:5: not a JSON object\nbody:6: no \"text\" or \"html\" field\n"
                       "body:7: invalid UTF-8 at byte 18 of the line\nbody:8: empty document\n"
                       "body:9: no article text in the HTML page\n"
                       "body:10: line larger than 160 bytes\n") != NULL);
}

/* Files in turn: one that opens but cannot be read as a file (a FIFO cannot seek) is one
 * error, and the next file is read in its own format, not in the format of the file
 * before it. */
static void check_files(void)
{
    static const char fifo_line[] = "{\"id\":\"x1\",\"text\":\"خبر من الأنبوب\"}\n";
    char dir[128], a[160], fifo[160], t[160], out[2048], errs[2048], want[1024];
    msd_input *in = NULL;
    pid_t child;
    if (test_tmpdir("input", dir, sizeof dir)) return;
    snprintf(a, sizeof a, "%s/a.jsonl", dir);
    snprintf(fifo, sizeof fifo, "%s/pipe.jsonl", dir);
    snprintf(t, sizeof t, "%s/t.txt", dir);
    CHECK_EQ(test_write_file(a, jsonl, strlen(jsonl)), 0);
    CHECK_EQ(mkfifo(fifo, 0600), 0);
    CHECK_EQ(test_write_file(t, text, strlen(text)), 0);
    child = fork();
    if (child == 0) { /* the FIFO's writer: blocks until the reader opens it */
        int fd = open(fifo, O_WRONLY);
        _exit(fd < 0 || write(fd, fifo_line, strlen(fifo_line)) < 0);
    }
    CHECK(child > 0);
    {
        char *paths[] = {a, fifo, t};
        CHECK_EQ(msd_input_open(paths, 3, NULL, &in), MARSAD_OK);
    }
    if (in && child > 0) {
        read_all(in, out, sizeof out, errs, sizeof errs);
        snprintf(want, sizeof want, "m1@%s:1 m2@%s:2 m3@%s:3 ! text@%s ", a, a, a, t);
        CHECK_STR(out, want);
        CHECK(!strncmp(errs, fifo, strlen(fifo)));
    }
    msd_input_close(in);
    if (child > 0) waitpid(child, NULL, 0);
    test_rmtree(dir);
}

void suite_input(void);
void suite_input(void)
{
    check_memory_plain();
    check_memory_compressed();
    check_memory_warc();
    check_truncated();
    check_bomb();
    check_split();
    check_files();
}
