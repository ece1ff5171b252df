/*
 * bench_search.c — query latency inside the process, over an existing archive: the
 * figure to set beside Lucene's in-JVM latency. (bench-peers times Lucene inside the
 * JVM, but marsad through a pipe to `marsad search --batch --json`, with JSON and
 * snippets on the way; both numbers are needed to read its table.)
 *
 * usage: bench_search --db PATH --queries FILE [--k 10] [--warmup N]
 *
 * The archive is opened read-only. Each line of FILE is one query, run through
 * marsad_search as `marsad search --all` runs it (collapse off, k results) in OR
 * mode (--any) and in AND mode, each once without snippets (snippet_cp = 0: ids, what
 * Lucene returns; the catalog row of every hit is still read) and once with the CLI's
 * 200-code-point snippets. Two more rows time the engine alone (msd_query_parse and
 * msd_search_run: top-k ids of the index, no catalog). Before each row the query list
 * runs untimed until at least N queries ran (default 10000, as the peers' warm-up);
 * then every query runs once, timed with CLOCK_MONOTONIC. A query the parser refuses
 * (or one of stopwords only) counts as refused, and its time is kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/internal.h"
#include "corpus.h"
#include "search/engine.h"
#include "search/query.h"

struct queries {
    char **q;
    size_t *len;
    size_t n;
};

static int read_queries(const char *path, struct queries *qs)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0, room = 0;
    ssize_t got;
    memset(qs, 0, sizeof *qs);
    if (!f) {
        perror(path);
        return -1;
    }
    while ((got = getline(&line, &cap, f)) >= 0) {
        size_t n = (size_t)got;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) n--;
        if (qs->n == room) {
            size_t r = room ? room * 2 : 256;
            char **nq = realloc(qs->q, r * sizeof *nq);
            size_t *nl;
            if (!nq) break;
            qs->q = nq;
            if (!(nl = realloc(qs->len, r * sizeof *nl))) break;
            qs->len = nl;
            room = r;
        }
        if (!(qs->q[qs->n] = malloc(n + 1))) break;
        memcpy(qs->q[qs->n], line, n);
        qs->q[qs->n][n] = 0;
        qs->len[qs->n++] = n;
    }
    free(line);
    fclose(f);
    return 0;
}

static void free_queries(struct queries *qs)
{
    for (size_t i = 0; i < qs->n; i++) free(qs->q[i]);
    free(qs->q);
    free(qs->len);
}

/* One row: what is run and how. */
struct combo {
    const char *name;
    int any;
    size_t snippet_cp;
    int engine_only;
};

/* Runs one query; *hits receives the results returned. Returns the status. */
static int run_one(marsad_archive *a, const struct combo *c, const marsad_search_options *so,
                   const char *q, size_t n, size_t *hits)
{
    int rc;
    *hits = 0;
    if (c->engine_only) {
        msd_query parsed;
        msd_search_filter f = {NULL, 0, MSD_SEG_NO_DATE, MSD_SEG_NO_DATE};
        msd_search_opts eo;
        msd_hits h;
        msd_search_opts_init(&eo);
        eo.k = so->limit;
        eo.collapse = !so->all;
        if ((rc = msd_query_parse(q, n, c->any, &parsed, NULL))) return rc;
        rc = msd_search_run(a->ix, a->an, parsed.root, &f, &eo, &h);
        msd_query_clear(&parsed);
        if (!rc) {
            *hits = h.n;
            msd_hits_clear(&h);
        }
    } else {
        marsad_search_options o = *so;
        marsad_results *r;
        o.any = c->any;
        o.snippet_chars = c->snippet_cp;
        rc = marsad_search(a, q, n, &o, &r, NULL);
        if (!rc) {
            *hits = marsad_results_count(r);
            marsad_results_free(r);
        }
    }
    return rc;
}

/* The harness's percentile (linear between the two nearest ranks). */
static double pct(const double *v, size_t n, double p)
{
    double pos = (double)(n - 1) * p / 100.0;
    size_t lo = (size_t)pos, hi = lo + 1 < n ? lo + 1 : n - 1;
    return v[lo] + (v[hi] - v[lo]) * (pos - (double)lo);
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

int main(int argc, char **argv)
{
    static const struct combo combos[] = {
        {"OR,  ids only (snippet_cp 0)", 1, 0, 0},  {"OR,  snippets (snippet_cp 200)", 1, 200, 0},
        {"AND, ids only (snippet_cp 0)", 0, 0, 0},  {"AND, snippets (snippet_cp 200)", 0, 200, 0},
        {"OR,  engine only (no catalog)", 1, 0, 1}, {"AND, engine only (no catalog)", 0, 0, 1},
    };
    const char *db = NULL, *qfile = NULL;
    size_t k = 10, warmup = 10000;
    struct queries qs;
    marsad_archive *a = NULL;
    marsad_stats st;
    marsad_search_options so;
    double *ms = NULL;
    char note[16][512];
    size_t nnote = 0;
    int rc = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--db") && i + 1 < argc) {
            db = argv[++i];
        } else if (!strcmp(argv[i], "--queries") && i + 1 < argc) {
            qfile = argv[++i];
        } else if ((!strcmp(argv[i], "--k") || !strcmp(argv[i], "--warmup")) && i + 1 < argc) {
            char *end;
            long v = strtol(argv[i + 1], &end, 10);
            if (*end || v < (argv[i][2] == 'k' ? 1 : 0) || v > 100000000) {
                fprintf(stderr, "bench_search: %s takes a count, not '%s'\n", argv[i], argv[i + 1]);
                return 2;
            }
            if (argv[i][2] == 'k')
                k = (size_t)v;
            else
                warmup = (size_t)v;
            i++;
        } else {
            db = qfile = NULL;
            break;
        }
    }
    if (!db || !qfile) {
        fprintf(stderr, "usage: bench_search --db PATH --queries FILE [--k 10] [--warmup N]\n");
        return 2;
    }
    if (read_queries(qfile, &qs)) return 1;
    if (!qs.n || !(ms = malloc(qs.n * sizeof *ms))) {
        fprintf(stderr, "bench_search: %s: no queries\n", qfile);
        free_queries(&qs);
        return 1;
    }
    marsad_stats_init(&st);
    if (marsad_archive_open(db, MARSAD_READ, NULL, &a) || marsad_archive_stats(a, &st)) {
        fprintf(stderr, "bench_search: %s\n", marsad_archive_errmsg(a));
        goto done;
    }
    marsad_search_options_init(&so);
    so.limit = k;
    so.all = 1; /* as --all, and as the harness runs marsad */
    printf("archive: %s, %llu articles, %llu indexed in %zu segments (%.1f MB)\n", db,
           (unsigned long long)st.articles, (unsigned long long)st.index_documents,
           (size_t)st.segments, (double)st.index_bytes / 1e6);
    printf("%zu queries from %s; top-%zu, collapse off; warm-up: at least %zu queries per row; "
           "one thread\n",
           qs.n, qfile, k, warmup);
    printf("%-32s %8s %8s %8s %8s %8s %8s\n", "mode", "p50 ms", "p90 ms", "p99 ms", "mean ms",
           "hits>0", "refused");
    for (size_t c = 0; c < sizeof combos / sizeof *combos; c++) {
        const struct combo *cb = &combos[c];
        size_t done_q = 0, with_hits = 0, refused = 0, hits;
        double sum = 0;
        while (done_q < warmup)
            for (size_t i = 0; i < qs.n; i++, done_q++)
                run_one(a, cb, &so, qs.q[i], qs.len[i], &hits);
        for (size_t i = 0; i < qs.n; i++) {
            double t0 = bench_now();
            int r = run_one(a, cb, &so, qs.q[i], qs.len[i], &hits);
            ms[i] = (bench_now() - t0) * 1e3;
            sum += ms[i];
            if (r) {
                if (refused < 8 && !cb->engine_only && cb->snippet_cp == 0) {
                    snprintf(note[nnote], sizeof note[nnote], "%s: [%.*s] %s",
                             cb->any ? "OR" : "AND", (int)(qs.len[i] < 200 ? qs.len[i] : 200),
                             qs.q[i], marsad_strerror(r));
                    nnote++;
                }
                refused++;
            } else if (hits) {
                with_hits++;
            }
        }
        qsort(ms, qs.n, sizeof *ms, cmp_double);
        printf("%-32s %8.3f %8.3f %8.3f %8.3f %8zu %8zu\n", cb->name, pct(ms, qs.n, 50),
               pct(ms, qs.n, 90), pct(ms, qs.n, 99), sum / (double)qs.n, with_hits, refused);
        fflush(stdout);
    }
    if (nnote) printf("refused queries (at most 8 a mode):\n");
    for (size_t i = 0; i < nnote; i++) printf("  %s\n", note[i]);
    rc = 0;
done:
    marsad_archive_close(a);
    free(ms);
    free_queries(&qs);
    return rc;
}
