/*
 * bench_index.c — index build throughput on one core, measured the way the bench-peers
 * engines measure theirs: article text only (the peers withhold titles), analysis and
 * the inverted index only (no catalog, no duplicate detection, no fact extraction).
 *
 * usage: bench_index [--limit N] [--max-mb N] [--corpus PATH.jsonl.zst] [--tmp DIR]
 *
 * The texts are read into memory first (bench/corpus.h): the whole corpus, or --max-mb
 * of it (64 when there is no corpus file and the example articles are repeated). Each
 * text is analyzed with the archive's analyzer configuration (msd_archive_analyzer_config:
 * the defaults with stopwords marked) into a token stream (text/tokens.h), which goes
 * to the segment writer as the archive adds a body (msd_archive_terms, then
 * msd_segw_add): the stopwords left out with their positions kept, tokens over 255 bytes
 * dropped.
 * All documents go into one segment, written to a fresh directory under --tmp (default
 * $TMPDIR or /tmp) and removed at the end.
 *
 * Passes, each with a fresh analyzer: (1) analysis only (every token handed to a
 * callback that counts it), (2) analysis and index in memory, (3) msd_segw_write: sort
 * the keys, encode, write and fsync. Times are the thread's CPU time and the wall
 * clock; docs/s and MB/s (10^6 bytes of text) are per CPU second. The segment's bytes
 * are split by the offsets of its header (format v1, spec at the top of
 * src/index/segment.c); a segment of another version is reported whole.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "archive/internal.h"
#include "corpus.h"
#include "index/segment.h"
#include "marsad.h"
#include "util/grow.h"

struct timing {
    double cpu, wall;
};

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void start(struct timing *t)
{
    t->cpu = cpu_now();
    t->wall = bench_now();
}

static void stop(struct timing *t)
{
    t->cpu = cpu_now() - t->cpu;
    t->wall = bench_now() - t->wall;
}

/* Peak resident set of this process (VmHWM), in kB, or 0. */
static long peak_rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = 0;
    if (!f) return 0;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "VmHWM:", 6)) kb = strtol(line + 6, NULL, 10);
    fclose(f);
    return kb;
}

static int make_analyzer(marsad_analyzer **out)
{
    marsad_analyzer_config cfg;
    msd_archive_analyzer_config(&cfg); /* the index's */
    return marsad_analyzer_new(&cfg, out);
}

/* ---- Pass 1: analysis only ------------------------------------------------------------ */

struct counts {
    uint64_t tokens, stopwords, checksum;
};

static int count_tok(void *ctx, const marsad_token *t)
{
    struct counts *c = ctx;
    c->tokens++;
    c->stopwords += (t->flags & MARSAD_TOKEN_STOPWORD) != 0;
    c->checksum += t->stem_len + t->norm_len; /* keeps the work from being discarded */
    return 0;
}

/* ---- Pass 2: analysis and index, as the archive adds a body ------------------------------ */

struct gather {
    msd_tokens body, title;
    msd_segterms *terms;
};

static int index_doc(marsad_analyzer *an, msd_segw *w, struct gather *g, uint32_t id, const char *s,
                     size_t n, uint64_t *indexed)
{
    msd_segdoc row;
    int rc = msd_tokens_analyze(an, s, n, &g->body);
    if (rc) return rc;
    memset(&row, 0, sizeof row);
    row.docid = id;
    row.group = id;
    row.date = MSD_SEG_NO_DATE;
    if ((rc = msd_archive_terms(&g->title, &g->body, g->terms, &row)) ||
        (rc = msd_segw_add(w, &row, g->terms)))
        return rc;
    for (size_t k = 0; k < g->body.n; k++)
        *indexed += !(g->body.t[k].flags & MARSAD_TOKEN_STOPWORD) && g->body.t[k].stem_len <= 255 &&
                    g->body.t[k].norm_len <= 255;
    return MARSAD_OK;
}

/* ---- The segment's parts, from its header ---------------------------------------------- */

struct parts {
    int known; /* version 1 header read */
    uint64_t header, docs, postings, dict, block_index, total;
};

static uint64_t le64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int k = 7; k >= 0; k--) v = v << 8 | p[k];
    return v;
}

static void read_parts(const char *path, uint64_t total, struct parts *p)
{
    unsigned char h[64];
    FILE *f = fopen(path, "rb");
    memset(p, 0, sizeof *p);
    p->total = total;
    if (!f) return;
    if (fread(h, 1, sizeof h, f) == sizeof h && !memcmp(h, "MSDSEG01", 8) &&
        (le64(h + 8) & 0xffffffffu) == 1) {
        uint64_t ndocs = le64(h + 8) >> 32, dict = le64(h + 40), idx = le64(h + 48),
                 len = le64(h + 56);
        uint64_t post0 = 64 + 24 * ndocs;
        if (post0 <= dict && dict <= idx && idx <= len && len == total) {
            p->known = 1;
            p->header = 64;
            p->docs = 24 * ndocs;
            p->postings = dict - post0;
            p->dict = idx - dict;
            p->block_index = len - idx;
        }
    }
    fclose(f);
}

/* ---- Report ------------------------------------------------------------------------------ */

static void row(const char *name, const struct timing *t, size_t docs, size_t bytes)
{
    printf("%-36s %8.2f %8.2f %9.0f %8.2f\n", name, t->cpu, t->wall, (double)docs / t->cpu,
           (double)bytes / 1e6 / t->cpu);
}

int main(int argc, char **argv)
{
    struct bench_corpus c;
    const char *path = NULL, *tmp = getenv("TMPDIR");
    size_t limit = 0, max = 0, n, bytes = 0;
    FILE *probe;
    struct counts cnt = {0, 0, 0};
    struct gather g = {{0}, {0}, NULL};
    struct timing t_an, t_ix, t_wr, t_all;
    marsad_analyzer *an = NULL;
    msd_segw *w = NULL;
    msd_seg *seg = NULL;
    uint64_t seg_bytes = 0, indexed = 0;
    struct parts p;
    char dir[4096], file[4200];
    long rss_loaded;
    int rc = 1, made_dir = 0, made_file = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--limit") && i + 1 < argc) {
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (*end || v < 1) {
                fprintf(stderr, "bench_index: --limit takes a positive count\n");
                return 2;
            }
            limit = (size_t)v;
        } else if (!strcmp(argv[i], "--max-mb") && i + 1 < argc) {
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (*end || v < 1) {
                fprintf(stderr, "bench_index: --max-mb takes a positive count\n");
                return 2;
            }
            max = (size_t)v << 20;
        } else if (!strcmp(argv[i], "--corpus") && i + 1 < argc) {
            path = argv[++i];
        } else if (!strcmp(argv[i], "--tmp") && i + 1 < argc) {
            tmp = argv[++i];
        } else {
            fprintf(stderr, "usage: bench_index [--limit N] [--max-mb N] [--corpus PATH.jsonl.zst] "
                            "[--tmp DIR]\n");
            return 2;
        }
    }
    if (!tmp || !tmp[0]) tmp = "/tmp";
    /* corpus.c's default path; without a file it repeats the examples up to the cap */
    if ((probe = fopen(path ? path : "../shared/data/saudinewsnet.jsonl.zst", "rb"))) fclose(probe);
    if (!max) max = probe ? SIZE_MAX : (size_t)64 << 20;
    if (bench_corpus_load(&c, path, max)) return 1;
    n = limit && limit < c.n ? limit : c.n;
    for (size_t k = 0; k < n; k++) bytes += c.len[k];
    rss_loaded = peak_rss_kb();
    printf("corpus: %s, %zu articles, %.1f MB of text (text only, no titles); one core\n", c.source,
           n, (double)bytes / 1e6);

    /* (1) analysis only */
    if (make_analyzer(&an)) goto done;
    start(&t_an);
    for (size_t k = 0; k < n; k++)
        if (marsad_analyze(an, c.text[k], c.len[k], count_tok, &cnt)) goto done;
    stop(&t_an);
    marsad_analyzer_free(an);
    an = NULL;

    /* (2) analysis and index in memory, (3) the segment written */
    if (make_analyzer(&an) || msd_segw_new(&w) || msd_segterms_new(&g.terms)) goto done;
    start(&t_ix);
    for (size_t k = 0; k < n; k++) {
        int r = index_doc(an, w, &g, (uint32_t)k + 1, c.text[k], c.len[k], &indexed);
        if (r) {
            fprintf(stderr, "bench_index: article %zu: %s\n", k, marsad_strerror(r));
            goto done;
        }
    }
    stop(&t_ix);
    if ((size_t)snprintf(dir, sizeof dir, "%s/bench_index.XXXXXX", tmp) >= sizeof dir ||
        !mkdtemp(dir)) {
        fprintf(stderr, "bench_index: %s: cannot make a directory: %s\n", tmp, strerror(errno));
        goto done;
    }
    made_dir = 1;
    snprintf(file, sizeof file, "%s/seg-bench.msx", dir);
    start(&t_wr);
    if (msd_segw_write(w, file, &seg_bytes)) {
        fprintf(stderr, "bench_index: %s: cannot write the segment: %s\n", file, strerror(errno));
        goto done;
    }
    stop(&t_wr);
    made_file = 1;
    t_all.cpu = t_ix.cpu + t_wr.cpu;
    t_all.wall = t_ix.wall + t_wr.wall;

    printf("%-36s %8s %8s %9s %8s\n", "phase", "cpu s", "wall s", "docs/s", "MB/s");
    row("analysis only", &t_an, n, bytes);
    row("analysis + index (in memory)", &t_ix, n, bytes);
    printf("%-36s %8.2f %8.2f\n", "segment write (sort, encode, fsync)", t_wr.cpu, t_wr.wall);
    row("analysis + index + write (total)", &t_all, n, bytes);
    printf("analysis share of the total: %.0f%% (of CPU time); index share %.0f%%, write %.0f%%\n",
           100 * t_an.cpu / t_all.cpu, 100 * (t_ix.cpu - t_an.cpu) / t_all.cpu,
           100 * t_wr.cpu / t_all.cpu);
    printf("tokens: %llu analyzed, %llu stopwords, %llu indexed\n", (unsigned long long)cnt.tokens,
           (unsigned long long)cnt.stopwords, (unsigned long long)indexed);

    if (msd_seg_open(file, &seg)) {
        fprintf(stderr, "bench_index: the segment written does not open\n");
        goto done;
    }
    read_parts(file, seg_bytes, &p);
    printf("segment: %.2f MB, %u docs, %llu terms, %llu body positions", (double)seg_bytes / 1e6,
           msd_seg_ndocs(seg), (unsigned long long)msd_seg_nterms(seg),
           (unsigned long long)msd_seg_body_tokens(seg));
    if (p.known)
        printf("\n  postings %.2f MB (%.1f%%), dictionary %.2f MB (%.1f%%), block index %.2f MB, "
               "doc rows %.2f MB, header 64 B\n",
               (double)p.postings / 1e6, 100.0 * (double)p.postings / (double)p.total,
               (double)p.dict / 1e6, 100.0 * (double)p.dict / (double)p.total,
               (double)p.block_index / 1e6, (double)p.docs / 1e6);
    else
        printf(" (not a version 1 segment: no split)\n");
    printf("peak RSS %.0f MB (%.0f MB of it the corpus, loaded first)\n",
           (double)peak_rss_kb() / 1024, (double)rss_loaded / 1024);
    rc = 0;
done:
    msd_seg_close(seg);
    if (made_file) unlink(file);
    if (made_dir) rmdir(dir);
    msd_segw_free(w);
    marsad_analyzer_free(an);
    msd_tokens_free(&g.body);
    msd_tokens_free(&g.title);
    msd_segterms_free(g.terms);
    bench_corpus_free(&c);
    return rc;
}
