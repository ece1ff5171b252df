/*
 * corpus.h — the benchmark corpus: article texts held in memory.
 *
 * From ../shared/data/saudinewsnet.jsonl.zst when it is there (streamed through libzstd,
 * each line parsed with jansson, its "text" field kept), else generated from the
 * example articles in data/examples/ so `make bench` runs on any clone.
 */
#ifndef MSD_BENCH_CORPUS_H
#define MSD_BENCH_CORPUS_H

#include <stddef.h>

struct bench_corpus {
    char **text; /* one article text each, NUL-terminated */
    size_t *len;
    size_t n;
    size_t bytes;     /* sum of len */
    char source[256]; /* where the texts came from */
};

/* Loads texts until max_bytes of text are held. path may be NULL for the default
 * location. Returns 0, or -1 with a message on stderr. */
int bench_corpus_load(struct bench_corpus *c, const char *path, size_t max_bytes);
void bench_corpus_free(struct bench_corpus *c);

/* Monotonic seconds. */
double bench_now(void);

#endif
