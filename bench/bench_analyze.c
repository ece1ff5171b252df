/*
 * bench_analyze.c — analysis throughput of the text core on one core, beside the
 * Snowball-only baseline (measured here, in this run) and Lucene's ArabicAnalyzer
 * (from bench-peers' baseline on this machine type).
 *
 * usage: bench_analyze [--max-mb N] [--corpus PATH.jsonl.zst] [--baseline RESULTS.json]
 *                      [--only ROW]   (measure one row, for profiling)
 *        bench_analyze --peer TEXTFILE MAXBYTES   (bench-peers analysis protocol)
 *
 * Like the peers, the texts are read into memory first (64 MiB by default, the
 * harness's ANALYSIS_MAX_BYTES) and only analysis is timed; each row is the best of
 * three passes. MB is 10^6 bytes of input text.
 */
#include <jansson.h>
#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "marsad.h"
#include "text/tokenize.h"

#define DEFAULT_BASELINE "../shared/bench-peers/baseline/saudinewsnet-lucene8.results.json"

static size_t ntokens;
static size_t checksum; /* keeps the compiler from discarding work */

static int count_tok(void *ctx, const marsad_token *t)
{
    (void)ctx;
    ntokens++;
    checksum += t->stem_len + t->norm_len;
    return 0;
}

/* One measured configuration: a function over one text. */
struct mode {
    const char *name;
    void (*run)(const char *s, size_t n);
    marsad_analyzer *a;
};

static struct mode *current;

static void run_tokenize(const char *s, size_t n)
{
    msd_tokenizer t;
    msd_rawtok rt;
    msd_tok_init(&t, s, n);
    while (msd_tok_next(&t, &rt)) {
        ntokens++;
        checksum += rt.b1 - rt.b0;
    }
}

static void run_analyzer(const char *s, size_t n)
{
    marsad_analyze(current->a, s, n, count_tok, NULL);
}

/* The baseline: the same token boundaries, each token stemmed by libstemmer as it is,
 * with no normalization and no cache (what the snowball_c peer does). */
static struct sb_stemmer *sb;
static void run_snowball_only(const char *s, size_t n)
{
    msd_tokenizer t;
    msd_rawtok rt;
    msd_tok_init(&t, s, n);
    while (msd_tok_next(&t, &rt)) {
        sb_stemmer_stem(sb, (const sb_symbol *)s + rt.b0, (int)(rt.b1 - rt.b0));
        checksum += (size_t)sb_stemmer_length(sb);
        ntokens++;
    }
}

static marsad_analyzer *make_analyzer(int stemmer, size_t cache)
{
    marsad_analyzer_config cfg;
    marsad_analyzer *a = NULL;
    marsad_analyzer_config_init(&cfg);
    cfg.stemmer = stemmer;
    cfg.stem_cache = cache;
    if (marsad_analyzer_new(&cfg, &a)) {
        fprintf(stderr, "bench: cannot create analyzer\n");
        exit(1);
    }
    return a;
}

/* Best of three passes over the corpus: seconds and tokens of that pass. */
static double measure(struct mode *m, const struct bench_corpus *c, size_t *tokens)
{
    double best = 1e30;
    current = m;
    for (int pass = 0; pass < 3; pass++) {
        double t0 = bench_now(), dt;
        ntokens = 0;
        for (size_t i = 0; i < c->n; i++) m->run(c->text[i], c->len[i]);
        dt = bench_now() - t0;
        if (dt < best) {
            best = dt;
            *tokens = ntokens;
        }
    }
    return best;
}

/* Lucene's ArabicAnalyzer MB/s and tokens/s from the peers' baseline, or 0. */
static double lucene_mbps(const char *path, const char *peer, double *tok_s)
{
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    json_t *p = root ? json_object_get(json_object_get(root, "analysis"), peer) : NULL;
    double mbps = p ? json_number_value(json_object_get(p, "mb_per_s")) : 0;
    *tok_s = p ? json_number_value(json_object_get(p, "tokens_per_s")) : 0;
    json_decref(root);
    return mbps;
}

/* bench-peers protocol: ANALYZER TEXTFILE MAXBYTES -> {"bytes","tokens","seconds"}. */
static int peer_mode(const char *file, size_t maxbytes)
{
    FILE *f = fopen(file, "rb");
    char *buf;
    size_t n, tokens = 0;
    marsad_analyzer *a;
    double t0, dt;
    if (!f) {
        perror(file);
        return 1;
    }
    buf = malloc(maxbytes + 1);
    if (!buf) return 1;
    n = fread(buf, 1, maxbytes, f);
    fclose(f);
    a = make_analyzer(MARSAD_STEMMER_LIGHT, 16384);
    t0 = bench_now();
    ntokens = 0;
    marsad_analyze(a, buf, n, count_tok, NULL);
    tokens = ntokens;
    dt = bench_now() - t0;
    printf("{\"bytes\": %zu, \"tokens\": %zu, \"seconds\": %.6f, \"engine\": \"marsad %s "
           "analyzer (normalize+tokenize+light10)\"}\n",
           n, tokens, dt, marsad_version());
    marsad_analyzer_free(a);
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    size_t max_bytes = 64u << 20;
    const char *corpus = NULL, *baseline = DEFAULT_BASELINE;
    int only = -1;
    struct bench_corpus c;
    double lucene_tok, lucene;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--peer") && i + 2 < argc)
            return peer_mode(argv[i + 1], (size_t)strtoull(argv[i + 2], NULL, 10));
        if (!strcmp(argv[i], "--max-mb") && i + 1 < argc)
            max_bytes = (size_t)atoi(argv[++i]) << 20;
        else if (!strcmp(argv[i], "--corpus") && i + 1 < argc)
            corpus = argv[++i];
        else if (!strcmp(argv[i], "--baseline") && i + 1 < argc)
            baseline = argv[++i];
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: %s [--max-mb N] [--corpus PATH] [--baseline JSON]\n", argv[0]);
            return 2;
        }
    }
    if (bench_corpus_load(&c, corpus, max_bytes)) return 1;
    sb = sb_stemmer_new("arabic", "UTF_8");

    struct mode modes[] = {
        {"reference tokenizer alone", run_tokenize, NULL},
        {"normalize+tokenize", run_analyzer, make_analyzer(MARSAD_STEMMER_NONE, 0)},
        {"normalize+tokenize+light10", run_analyzer, make_analyzer(MARSAD_STEMMER_LIGHT, 0)},
        {"normalize+tokenize+snowball", run_analyzer,
         make_analyzer(MARSAD_STEMMER_SNOWBALL, 16384)},
        {"  same, no stem cache", run_analyzer, make_analyzer(MARSAD_STEMMER_SNOWBALL, 0)},
        {"baseline: snowball only", run_snowball_only, NULL},
    };
    printf("corpus: %s: %zu texts, %.1f MB; one core, best of 3 passes\n\n", c.source, c.n,
           (double)c.bytes / 1e6);
    printf("%-30s %9s %12s\n", "analysis", "MB/s", "tokens/s");
    printf("%-30s %9s %12s\n", "------------------------------", "---------", "------------");
    double full = 0;
    for (size_t k = 0; k < sizeof modes / sizeof modes[0]; k++) {
        size_t tokens = 0;
        double s;
        if (only >= 0 && (size_t)only != k) {
            marsad_analyzer_free(modes[k].a);
            continue;
        }
        s = measure(&modes[k], &c, &tokens);
        double mbps = (double)c.bytes / s / 1e6;
        if (k == 2) full = mbps;
        printf("%-30s %9.1f %12.0f\n", modes[k].name, mbps, (double)tokens / s);
        marsad_analyzer_free(modes[k].a);
    }
    lucene = lucene_mbps(baseline, "lucene_arabic", &lucene_tok);
    if (lucene > 0) {
        double l8_tok, l8 = lucene_mbps(baseline, "lucene8_arabic", &l8_tok);
        double sbp_tok, sbp = lucene_mbps(baseline, "snowball_c", &sbp_tok);
        printf("%-30s %9.1f %12.0f   (bench-peers baseline)\n", "Lucene 4.10 ArabicAnalyzer",
               lucene, lucene_tok);
        printf("%-30s %9.1f %12.0f   (bench-peers baseline)\n", "Lucene 8.8 ArabicAnalyzer", l8,
               l8_tok);
        printf("%-30s %9.1f %12.0f   (bench-peers baseline)\n", "snowball_c peer", sbp, sbp_tok);
        printf("\nmarsad full path / Lucene 4.10: %.1fx (goal: 3x)\n", full / lucene);
    } else {
        printf("\n(no bench-peers baseline at %s: Lucene figures omitted)\n", baseline);
    }
    if (checksum == 42) printf(" ");
    sb_stemmer_delete(sb);
    bench_corpus_free(&c);
    return 0;
}
