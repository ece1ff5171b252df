/*
 * bench_extract.c — throughput of the fact extractors on one core: each extractor on its
 * own (on the shared tokenization, as msd_extract_facts runs them) and all of them
 * together, over the article texts of the benchmark corpus (bench/corpus.h).
 *
 * usage: bench_extract [--max-mb N] [--corpus PATH.jsonl.zst]
 *
 * Texts are read into memory first; each row is the best of three passes and counts
 * articles per second and MB (10^6 bytes) of text per second, with the items found.
 * The texts are taken whole as bodies (no cleaning), without a reference date.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "extract/facts.h"
#include "extract/lexicon.h"
#include "extract/tokens.h"
#include "extract/words.h"
#include "marsad.h"

enum { TOKENS, NUMBERS, DATES, ENTITIES, QUOTES, ALL, NROWS };
static const char *const row_name[NROWS] = {
    "tokenize (shared)", "+ numbers",           "+ dates",
    "+ entities",        "+ entities + quotes", "msd_extract_facts (all)"};

/* One pass of a row over text; returns the items found. */
static size_t run(const msd_lexicon *lx, int row, const char *s, size_t n)
{
    size_t items = 0;
    msd_tokens ts;
    if (row == ALL) {
        msd_facts f;
        if (msd_extract_facts(lx, s, n, NULL, &f)) return 0;
        items = f.entities.n + f.quotes.n + f.numbers.n + f.dates.n;
        msd_facts_clear(&f);
        return items;
    }
    if (msd_xtoks_load(s, n, &ts)) return 0;
    if (row == NUMBERS) {
        msd_numbers ns;
        if (!msd_numbers_from_tokens(s, n, &ts, &ns)) items = ns.n, msd_numbers_clear(&ns);
    } else if (row == DATES) {
        msd_dates ds;
        if (!msd_dates_from_tokens(s, &ts, NULL, &ds)) items = ds.n, msd_dates_clear(&ds);
    } else if (row == ENTITIES || row == QUOTES) {
        msd_xview v;
        msd_entities es;
        if (!msd_xview_load(&v, lx, s, n, &ts) && !msd_entities_find(&v, &es)) {
            items = es.n;
            if (row == QUOTES) {
                msd_quotes qs;
                if (!msd_quotes_find(&v, &es, &qs)) items = qs.n, msd_quotes_clear(&qs);
            }
            msd_entities_clear(&es);
        }
        msd_xview_free(&v);
    }
    msd_tokens_free(&ts);
    return items;
}

int main(int argc, char **argv)
{
    struct bench_corpus c;
    const char *path = NULL;
    size_t max = 64u << 20;
    msd_lexicon *lx;
    double base = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--max-mb") && i + 1 < argc)
            max = (size_t)atol(argv[++i]) << 20;
        else if (!strcmp(argv[i], "--corpus") && i + 1 < argc)
            path = argv[++i];
        else {
            fprintf(stderr, "usage: bench_extract [--max-mb N] [--corpus PATH.jsonl.zst]\n");
            return 2;
        }
    }
    if (bench_corpus_load(&c, path, max)) return 1;
    if (msd_lexicon_new(&lx)) return 1;
    printf("corpus: %s, %zu articles, %.1f MB of text; one core, best of 3\n", c.source, c.n,
           (double)c.bytes / 1e6);
    printf("%-26s %10s %8s %10s %10s %12s\n", "extractor", "articles/s", "MB/s", "ms/article",
           "items", "own ms/art.");
    for (int row = 0; row < NROWS; row++) {
        double best = 0;
        size_t items = 0;
        for (int pass = 0; pass < 3; pass++) {
            double t0 = bench_now(), dt;
            items = 0;
            for (size_t k = 0; k < c.n; k++) items += run(lx, row, c.text[k], c.len[k]);
            dt = bench_now() - t0;
            if (!pass || dt < best) best = dt;
        }
        if (row == TOKENS) base = best;
        printf("%-26s %10.0f %8.2f %10.3f %10zu %12.3f\n", row_name[row], (double)c.n / best,
               (double)c.bytes / 1e6 / best, best * 1e3 / (double)c.n, row == TOKENS ? 0 : items,
               row == TOKENS || row == ALL ? best * 1e3 / (double)c.n
                                           : (best - base) * 1e3 / (double)c.n);
    }
    msd_lexicon_free(lx);
    bench_corpus_free(&c);
    return 0;
}
