/*
 * jsonl2warc.c — turns a JSONL corpus (id, source, title, text, url) into a WARC of
 * HTML pages, one gzip member per record as Common Crawl writes them, so the cleaning
 * benchmark can read the same articles as crawled pages.
 *
 * usage: jsonl2warc IN.jsonl OUT.warc.gz
 * Each page wraps the article in the clutter a news site adds: a nav menu, a share
 * widget, a related-articles list and a footer.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Appends s to the growing buffer, HTML-escaped when esc is set. */
struct buf {
    char *p;
    size_t n, cap;
};

static void put(struct buf *b, const char *s, int esc)
{
    for (; *s; s++) {
        const char *r = NULL;
        if (esc && *s == '<')
            r = "&lt;";
        else if (esc && *s == '>')
            r = "&gt;";
        else if (esc && *s == '&')
            r = "&amp;";
        size_t k = r ? strlen(r) : 1;
        if (b->n + k + 1 > b->cap) {
            b->cap = (b->cap + k) * 2;
            b->p = realloc(b->p, b->cap);
            if (!b->p) exit(1);
        }
        memcpy(b->p + b->n, r ? r : s, k);
        b->n += k;
    }
    b->p[b->n] = 0;
}

static const char *str(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : "";
}

static void page(struct buf *h, json_t *o)
{
    const char *text = str(o, "text");
    h->n = 0;
    put(h, "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>", 0);
    put(h, str(o, "title"), 1);
    put(h, "</title><meta property=\"og:site_name\" content=\"", 0);
    put(h, str(o, "source"), 1);
    put(h,
        "\"></head><body><nav class=\"menu\"><a href=\"/\">الرئيسية</a> <a href=\"/news\">أخبار"
        "</a> <a href=\"/sport\">رياضة</a></nav><div class=\"share\">شارك <a href=\"#\">فيسبوك"
        "</a> <a href=\"#\">تويتر</a></div><article><h1>",
        0);
    put(h, str(o, "title"), 1);
    put(h, "</h1>", 0);
    while (*text) { /* one <p> per line of the text */
        const char *e = strchr(text, '\n');
        size_t k = e ? (size_t)(e - text) : strlen(text);
        char *line = strndup(text, k);
        if (!line) exit(1);
        if (k) {
            put(h, "<p>", 0);
            put(h, line, 1);
            put(h, "</p>", 0);
        }
        free(line);
        text += k + (e != NULL);
    }
    put(h,
        "</article><aside class=\"related\"><h3>اقرأ أيضا</h3><ul><li><a href=\"/1\">خبر "
        "آخر من الموقع</a></li><li><a href=\"/2\">تقرير ذو صلة</a></li></ul></aside><footer>"
        "جميع الحقوق محفوظة</footer></body></html>",
        0);
}

static void member(gzFile gz, const char *rec, size_t n)
{
    gzwrite(gz, rec, (unsigned)n);
    gzflush(gz, Z_FINISH); /* ends this gzip member; the next write starts another */
}

int main(int argc, char **argv)
{
    FILE *in;
    gzFile gz;
    char *line = NULL;
    size_t cap = 0, count = 0;
    ssize_t got;
    struct buf html = {0}, rec = {0};
    if (argc != 3) {
        fprintf(stderr, "usage: %s IN.jsonl OUT.warc.gz\n", argv[0]);
        return 2;
    }
    in = fopen(argv[1], "r");
    gz = gzopen(argv[2], "wb6");
    if (!in || !gz) return 1;
    while ((got = getline(&line, &cap, in)) > 0) {
        json_error_t err;
        json_t *o = json_loadb(line, (size_t)got, 0, &err);
        char head[1024];
        if (!o) continue;
        page(&html, o);
        rec.n = 0;
        snprintf(head, sizeof head,
                 "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                 "Content-Length: %zu\r\n\r\n",
                 html.n);
        put(&rec, head, 0);
        put(&rec, html.p, 0);
        {
            char whead[2048];
            int k = snprintf(whead, sizeof whead,
                             "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%s>\r\n"
                             "WARC-Target-URI: https://%s.example/%zu\r\n"
                             "WARC-Date: 2015-08-01T00:00:00Z\r\n"
                             "Content-Type: application/http; msgtype=response\r\n"
                             "Content-Length: %zu\r\n\r\n",
                             str(o, "id"), str(o, "source"), count, rec.n);
            gzwrite(gz, whead, (unsigned)k);
            gzwrite(gz, rec.p, (unsigned)rec.n);
            member(gz, "\r\n\r\n", 4);
        }
        json_decref(o);
        count++;
    }
    gzclose(gz);
    fclose(in);
    free(line);
    free(html.p);
    free(rec.p);
    fprintf(stderr, "jsonl2warc: %zu records\n", count);
    return 0;
}
