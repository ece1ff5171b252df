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

/* Calls fn on each line of a JSONL file, plain or zstd-compressed (told apart by the
 * zstd magic number), without its '\n'; the line is only valid during the call. fn
 * returns 0 to go on, 1 to stop, -1 to stop with an error. Returns 0, or -1 (a message
 * on stderr when the file cannot be read). */
int bench_jsonl_lines(const char *path, int (*fn)(const char *line, size_t n, void *ctx),
                      void *ctx);

/* Monotonic seconds. */
double bench_now(void);

#endif
