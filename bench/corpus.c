/* corpus.c — loading the benchmark corpus; see corpus.h. */
#include "corpus.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zstd.h>

#define DEFAULT_PATH "../shared/data/saudinewsnet.jsonl.zst"

double bench_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int add(struct bench_corpus *c, const char *s, size_t n)
{
    if ((c->n & (c->n - 1)) == 0) { /* grow at powers of two */
        size_t cap = c->n ? c->n * 2 : 1024;
        char **t = realloc(c->text, cap * sizeof *t);
        size_t *l;
        if (!t) return -1;
        c->text = t; /* keep what realloc gave even if the next one fails */
        l = realloc(c->len, cap * sizeof *l);
        if (!l) return -1;
        c->len = l;
    }
    c->text[c->n] = malloc(n + 1);
    if (!c->text[c->n]) return -1;
    memcpy(c->text[c->n], s, n);
    c->text[c->n][n] = 0;
    c->len[c->n++] = n;
    c->bytes += n;
    return 0;
}

/* One JSONL line: keep its "text". */
static int take_line(struct bench_corpus *c, const char *line, size_t n)
{
    json_error_t err;
    json_t *o = json_loadb(line, n, 0, &err);
    json_t *t = o ? json_object_get(o, "text") : NULL;
    int rc = 0;
    if (t && json_is_string(t) && json_string_length(t) > 0)
        rc = add(c, json_string_value(t), json_string_length(t));
    json_decref(o);
    return rc;
}

/* A line being gathered from the chunks read; fn gets each whole line. */
struct lines {
    char *line;
    size_t len, cap;
    int (*fn)(const char *line, size_t n, void *ctx);
    void *ctx;
    int stop; /* fn's nonzero answer */
};

static int feed(struct lines *l, const char *p, size_t n)
{
    for (size_t k = 0; k < n && !l->stop; k++) {
        if (p[k] == '\n') {
            l->stop = l->fn(l->line ? l->line : "", l->len, l->ctx);
            l->len = 0;
            continue;
        }
        if (l->len == l->cap) {
            size_t cap = l->cap ? l->cap * 2 : 1 << 16;
            char *nl = realloc(l->line, cap);
            if (!nl) return -1;
            l->line = nl, l->cap = cap;
        }
        l->line[l->len++] = p[k];
    }
    return 0;
}

int bench_jsonl_lines(const char *path, int (*fn)(const char *line, size_t n, void *ctx), void *ctx)
{
    FILE *f = fopen(path, "rb");
    ZSTD_DCtx *z = ZSTD_createDCtx();
    size_t in_cap = ZSTD_DStreamInSize(), out_cap = ZSTD_DStreamOutSize();
    char *in = malloc(in_cap), *out = malloc(out_cap);
    struct lines l = {NULL, 0, 0, fn, ctx, 0};
    unsigned char magic[4] = {0};
    int rc = -1, zst;
    if (!f || !z || !in || !out) {
        if (!f) perror(path);
        goto done;
    }
    zst = fread(magic, 1, 4, f) == 4 && magic[0] == 0x28 && magic[1] == 0xB5 && magic[2] == 0x2F &&
          magic[3] == 0xFD;
    rewind(f);
    while (!l.stop) {
        size_t got = fread(in, 1, in_cap, f);
        ZSTD_inBuffer ib = {in, got, 0};
        if (!got) break;
        if (!zst && feed(&l, in, got)) goto done;
        while (zst && ib.pos < ib.size && !l.stop) {
            ZSTD_outBuffer ob = {out, out_cap, 0};
            size_t r = ZSTD_decompressStream(z, &ob, &ib);
            if (ZSTD_isError(r)) {
                fprintf(stderr, "%s: %s\n", path, ZSTD_getErrorName(r));
                goto done;
            }
            if (feed(&l, out, ob.pos)) goto done;
        }
    }
    if (!l.stop && l.len) l.stop = fn(l.line, l.len, ctx); /* a last line without '\n' */
    rc = l.stop < 0 ? -1 : 0;
done:
    if (f) fclose(f);
    ZSTD_freeDCtx(z);
    free(in);
    free(out);
    free(l.line);
    return rc;
}

static int load_zst(struct bench_corpus *c, const char *path, size_t max_bytes)
{
    FILE *f = fopen(path, "rb");
    ZSTD_DCtx *z = ZSTD_createDCtx();
    size_t in_cap = ZSTD_DStreamInSize(), out_cap = ZSTD_DStreamOutSize();
    char *in = malloc(in_cap), *out = malloc(out_cap), *line = NULL;
    size_t line_len = 0, line_cap = 0;
    int rc = -1;
    if (!f || !z || !in || !out) goto done;
    while (c->bytes < max_bytes) {
        size_t got = fread(in, 1, in_cap, f);
        ZSTD_inBuffer ib = {in, got, 0};
        if (!got) break;
        while (ib.pos < ib.size && c->bytes < max_bytes) {
            ZSTD_outBuffer ob = {out, out_cap, 0};
            size_t r = ZSTD_decompressStream(z, &ob, &ib);
            if (ZSTD_isError(r)) {
                fprintf(stderr, "%s: %s\n", path, ZSTD_getErrorName(r));
                goto done;
            }
            for (size_t k = 0; k < ob.pos; k++) {
                char ch = out[k];
                if (ch == '\n') {
                    if (take_line(c, line, line_len)) goto done;
                    line_len = 0;
                    continue;
                }
                if (line_len == line_cap) {
                    line_cap = line_cap ? line_cap * 2 : 1 << 16;
                    char *nl = realloc(line, line_cap);
                    if (!nl) goto done;
                    line = nl;
                }
                line[line_len++] = ch;
            }
        }
    }
    snprintf(c->source, sizeof c->source, "%s", path);
    rc = 0;
done:
    if (f) fclose(f);
    ZSTD_freeDCtx(z);
    free(in);
    free(out);
    free(line);
    return rc;
}

/* No shared corpus: repeat the example articles, each copy with its paragraphs rotated
 * so the stem cache sees realistic reuse rather than one article. */
static int load_examples(struct bench_corpus *c, size_t max_bytes)
{
    DIR *d = opendir("data/examples");
    struct dirent *e;
    char *docs[64];
    size_t nd = 0;
    if (!d) {
        fprintf(stderr, "bench: no corpus (../shared/data or data/examples)\n");
        return -1;
    }
    while ((e = readdir(d)) && nd < 64) {
        char path[512];
        size_t n = strlen(e->d_name);
        FILE *f;
        if (n < 5 || strcmp(e->d_name + n - 4, ".txt")) continue;
        snprintf(path, sizeof path, "data/examples/%s", e->d_name);
        if (!(f = fopen(path, "rb"))) continue;
        docs[nd] = calloc(1, 1 << 16);
        if (docs[nd]) {
            fread(docs[nd], 1, (1 << 16) - 1, f);
            nd++;
        }
        fclose(f);
    }
    closedir(d);
    for (size_t round = 0; nd && c->bytes < max_bytes; round++) {
        const char *s = docs[round % nd];
        size_t n = strlen(s), cut = (round * 7919) % (n ? n : 1);
        while (cut < n && s[cut] != '\n') cut++;
        char *buf = malloc(n + 1);
        if (!buf) break;
        memcpy(buf, s + cut, n - cut);
        memcpy(buf + n - cut, s, cut);
        if (add(c, buf, n)) {
            free(buf);
            break;
        }
        free(buf);
    }
    for (size_t k = 0; k < nd; k++) free(docs[k]);
    snprintf(c->source, sizeof c->source, "data/examples (%zu articles, repeated)", nd);
    return c->n ? 0 : -1;
}

int bench_corpus_load(struct bench_corpus *c, const char *path, size_t max_bytes)
{
    FILE *probe;
    memset(c, 0, sizeof *c);
    if (!path) path = DEFAULT_PATH;
    probe = fopen(path, "rb");
    if (probe) {
        fclose(probe);
        return load_zst(c, path, max_bytes);
    }
    return load_examples(c, max_bytes);
}

void bench_corpus_free(struct bench_corpus *c)
{
    for (size_t i = 0; i < c->n; i++) free(c->text[i]);
    free(c->text);
    free(c->len);
    memset(c, 0, sizeof *c);
}
