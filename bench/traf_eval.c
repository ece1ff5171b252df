/*
 * traf_eval — main-text extraction scored on trafilatura's evaluation set (989 pages in
 * many languages; ../shared/data/trafilatura-eval.tar.zst, unpacked by bench/run.sh).
 *
 *   traf_eval DIR                    the scores (DIR holds evaldata.json and pages/)
 *   traf_eval DIR --misses reader|article
 *                                    then each miss: "file<TAB>FN|FP<TAB>fragment"
 *
 * evaldata.json gives for each page's URL its file under pages/, fragments that must be
 * in the extracted text ("with") and fragments that must not ("without"). Scoring is
 * trafilatura's own (tests/eval_common.py): the text and each fragment have every run
 * of white space (Python's \s, Unicode included) made one space and are trimmed; a
 * "with" fragment found is a true positive, missing a false negative; a "without"
 * fragment found is a false positive, absent a true negative. A page that gives no text
 * counts all its "with" as false negatives and all its "without" as true negatives.
 *
 * Two paths are scored: the reader alone (msd_html_extract's text: what html.c keeps),
 * and the article `marsad analyze` prints for the page (read/input.h's document, both
 * passes of the cleaner over all the pages, as `marsad analyze pages/` runs them; the
 * body, whose headline the cleaner takes out as trafilatura's text leaves it out).
 *
 * Against overfitting the pages are cut in two halves by a hash of their URL: A, on
 * which the reader's rules were tuned, and B, held out; both and the total are printed.
 * The throughput is the reader's alone (decode, parse, walk, classify), one thread: its
 * CPU time, which a loaded machine disturbs less than the wall clock (printed too).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clean/clean.h"
#include "marsad.h"
#include "read/html.h"
#include "read/input.h"
#include "text/utf8.h"
#include "util/hash.h"

enum { P_READER, P_ARTICLE, NPATH };
static const char *const path_name[NPATH] = {"reader", "article"};

struct page {
    const char *url, *file;
    json_t *with, *without;
    int half;    /* 0: A (tuning), 1: B (held out) */
    char *bytes; /* the page */
    size_t len;
    char *text[NPATH]; /* normalized; NULL when the path gave nothing */
};

struct score {
    long tp, fp, fn, tn;
};

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Python's str.isspace(), which is what re's \s matches in a str pattern. */
static int py_space(int32_t cp)
{
    if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F)) return 1;
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* s with every white-space run one space, none at the ends; malloc'd (NULL: no memory). */
static char *norm(const char *s, size_t n)
{
    char *o = malloc(n + 1);
    size_t i = 0, k = 0;
    int pending = 0;
    if (!o) return NULL;
    while (i < n) {
        size_t at = i;
        int32_t cp = msd_utf8_next((const unsigned char *)s, n, &i, NULL);
        if (py_space(cp)) {
            pending = 1;
            continue;
        }
        if (pending && k) o[k++] = ' ';
        pending = 0;
        memcpy(o + k, s + at, i - at);
        k += i - at;
    }
    o[k] = '\0';
    return o;
}

static int read_file(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    long n;
    *out = NULL;
    if (!f) return -1;
    if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
        fclose(f);
        return -1;
    }
    *out = malloc((size_t)n + 1);
    if (!*out || fread(*out, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(*out);
        *out = NULL;
        return -1;
    }
    fclose(f);
    (*out)[n] = '\0';
    *len = (size_t)n;
    return 0;
}

static void count(const struct page *p, int path, struct score *s, int misses)
{
    const char *t = p->text[path];
    size_t i;
    json_t *v;
    json_array_foreach(p->with, i, v)
    {
        char *f = norm(json_string_value(v), json_string_length(v));
        int hit = t && f && strstr(t, f);
        hit ? s->tp++ : s->fn++;
        if (!hit && misses) printf("%s\tFN\t%s\n", p->file, f ? f : "");
        free(f);
    }
    json_array_foreach(p->without, i, v)
    {
        char *f = norm(json_string_value(v), json_string_length(v));
        int hit = t && f && strstr(t, f);
        hit ? s->fp++ : s->tn++;
        if (hit && misses) printf("%s\tFP\t%s\n", p->file, f);
        free(f);
    }
}

static void print_row(const char *path, const char *half, size_t pages, const struct score *s)
{
    double p = s->tp + s->fp ? (double)s->tp / (double)(s->tp + s->fp) : 0;
    double r = s->tp + s->fn ? (double)s->tp / (double)(s->tp + s->fn) : 0;
    double f1 =
        2 * s->tp + s->fp + s->fn ? 2.0 * (double)s->tp / (double)(2 * s->tp + s->fp + s->fn) : 0;
    long all = s->tp + s->fp + s->fn + s->tn;
    double acc = all ? (double)(s->tp + s->tn) / (double)all : 0;
    printf("%-8s %-12s %5zu %6ld %6ld %6ld %6ld  %.4f %.4f %.4f %.4f\n", path, half, pages, s->tp,
           s->fn, s->fp, s->tn, p, r, f1, acc);
}

/* The reader alone on every page, timed. */
static void run_reader(struct page *pg, size_t n, size_t *failed, double secs[2], size_t *bytes)
{
    for (size_t i = 0; i < n; i++) {
        msd_html_doc d;
        double t0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
        int rc = msd_html_extract(pg[i].bytes, pg[i].len, NULL, &d);
        secs[0] += clock_s(CLOCK_MONOTONIC) - t0;
        secs[1] += clock_s(CLOCK_THREAD_CPUTIME_ID) - c0;
        *bytes += pg[i].len;
        if (rc || !d.text_len) {
            (*failed)++;
        } else {
            pg[i].text[P_READER] = norm(d.text, d.text_len);
        }
        msd_html_doc_free(&d);
    }
}

/* What `marsad analyze` prints: each page read as a document, the cleaner's two passes. */
static int run_article(struct page *pg, size_t n, size_t *failed)
{
    msd_doc *docs = calloc(n, sizeof *docs);
    int *ok = calloc(n, sizeof *ok);
    msd_cleaner *cl = NULL;
    int rc = MARSAD_ENOMEM;
    if (!docs || !ok || msd_cleaner_new(0, &cl)) goto done;
    for (size_t i = 0; i < n; i++) {
        msd_input *in = NULL;
        if (msd_input_open_memory(pg[i].bytes, pg[i].len, pg[i].file, NULL, &in)) {
            msd_input_close(in);
            goto done;
        }
        ok[i] = msd_input_next(in, &docs[i]) == MARSAD_OK;
        msd_input_close(in);
        if (ok[i] && msd_cleaner_observe(cl, &docs[i])) goto done;
    }
    for (size_t i = 0; i < n; i++) {
        msd_article a;
        memset(&a, 0, sizeof a);
        if (!ok[i] || msd_cleaner_clean(cl, &docs[i], &a) || !a.body_len) {
            (*failed)++;
        } else {
            pg[i].text[P_ARTICLE] = norm(a.body, a.body_len);
        }
        msd_article_clear(&a);
    }
    rc = MARSAD_OK;
done:
    for (size_t i = 0; docs && i < n; i++) msd_doc_clear(&docs[i]);
    free(docs);
    free(ok);
    msd_cleaner_free(cl);
    return rc;
}

int main(int argc, char **argv)
{
    char path[4096];
    json_error_t jerr;
    json_t *eval, *item;
    const char *url;
    struct page *pg;
    size_t n = 0, failed[NPATH] = {0, 0}, bytes = 0;
    double secs[2] = {0, 0}; /* wall, CPU */
    int misses = -1;
    if (argc < 2) {
        fprintf(stderr, "usage: traf_eval DIR [--misses reader|article]\n");
        return 2;
    }
    if (argc > 3 && !strcmp(argv[2], "--misses")) misses = strcmp(argv[3], "reader") ? 1 : 0;
    snprintf(path, sizeof path, "%s/evaldata.json", argv[1]);
    if (!(eval = json_load_file(path, 0, &jerr)) || !json_is_object(eval)) {
        fprintf(stderr, "traf_eval: %s: %s\n", path, jerr.text);
        return 1;
    }
    pg = calloc(json_object_size(eval), sizeof *pg);
    if (!pg) return 1;
    json_object_foreach(eval, url, item)
    {
        struct page *p = &pg[n];
        json_t *file = json_object_get(item, "file");
        if (!json_is_string(file)) continue;
        p->url = url;
        p->file = json_string_value(file);
        p->with = json_object_get(item, "with");
        p->without = json_object_get(item, "without");
        p->half = (int)(msd_hash64(url, strlen(url)) & 1);
        snprintf(path, sizeof path, "%s/pages/%s", argv[1], p->file);
        if (read_file(path, &p->bytes, &p->len)) {
            fprintf(stderr, "traf_eval: cannot read %s\n", path);
            return 1;
        }
        n++;
    }
    run_reader(pg, n, &failed[P_READER], secs, &bytes);
    if (run_article(pg, n, &failed[P_ARTICLE])) {
        fprintf(stderr, "traf_eval: out of memory\n");
        return 1;
    }
    printf("%-8s %-12s %5s %6s %6s %6s %6s  %-6s %-6s %-6s %-6s\n", "path", "half", "pages", "TP",
           "FN", "FP", "TN", "P", "R", "F1", "acc");
    for (int k = 0; k < NPATH; k++) {
        struct score s[3];
        size_t pages[3] = {0, 0, 0};
        memset(s, 0, sizeof s);
        for (size_t i = 0; i < n; i++) {
            count(&pg[i], k, &s[pg[i].half], 0);
            count(&pg[i], k, &s[2], 0);
            pages[pg[i].half]++, pages[2]++;
        }
        print_row(path_name[k], "A (tuning)", pages[0], &s[0]);
        print_row(path_name[k], "B (held out)", pages[1], &s[1]);
        print_row(path_name[k], "all", pages[2], &s[2]);
    }
    printf("pages that gave no text: reader %zu, article %zu (of %zu)\n", failed[P_READER],
           failed[P_ARTICLE], n);
    printf("reader throughput: %zu pages, %.1f MB of HTML; CPU %.2f s: %.0f pages/s, %.1f MB/s "
           "(wall %.2f s)\n",
           n, (double)bytes / 1e6, secs[1], (double)n / secs[1], (double)bytes / 1e6 / secs[1],
           secs[0]);
    if (misses >= 0) {
        struct score s;
        memset(&s, 0, sizeof s);
        for (size_t i = 0; i < n; i++) count(&pg[i], misses, &s, 1);
    }
    for (size_t i = 0; i < n; i++) {
        free(pg[i].bytes);
        for (int k = 0; k < NPATH; k++) free(pg[i].text[k]);
    }
    free(pg);
    json_decref(eval);
    return 0;
}
