/*
 * metrics.c — the counters of GET /metrics, in Prometheus's text format (version 0.0.4):
 * requests by route and status, a latency histogram per route, articles ingested; the
 * archive's gauges (segments, bytes, articles) come from marsad_archive_stats at scrape
 * time. One mutex: a request adds to a few integers under it, far below what a request
 * costs. Routes are the fixed names of the router (never the path: a client cannot grow
 * the label set), statuses the few the server answers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "server.h"

static const char *const route_names[R_COUNT] = {
    "healthz",  "metrics", "search", "article", "stories", "story",  "quotes",
    "entities", "dups",    "stats",  "ingest",  "page",    "static", "other"};

/* what the server answers itself (a 431 is libmicrohttpd's: logged, not routed) */
static const unsigned statuses[] = {200, 204, 400, 401, 403, 404, 405, 409, 413, 414, 500, 503, 0};
#define NSTATUS (sizeof statuses / sizeof statuses[0]) /* the last: any other */

static const double buckets[] = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
#define NBUCKETS (sizeof buckets / sizeof buckets[0])

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static uint64_t requests[R_COUNT][NSTATUS];
static uint64_t hist[R_COUNT][NBUCKETS + 1]; /* the last: +Inf */
static double hist_sum[R_COUNT];
static uint64_t ingested;

const char *srv_route_name(int route)
{
    return route >= 0 && route < R_COUNT ? route_names[route] : "other";
}

void srv_metrics_request(int route, unsigned status, double seconds)
{
    size_t si = 0, bi = 0;
    if (route < 0 || route >= R_COUNT) route = R_OTHER;
    while (si + 1 < NSTATUS && statuses[si] != status) si++;
    while (bi < NBUCKETS && seconds > buckets[bi]) bi++;
    pthread_mutex_lock(&mu);
    requests[route][si]++;
    hist[route][bi]++;
    hist_sum[route] += seconds;
    pthread_mutex_unlock(&mu);
}

void srv_metrics_ingested(uint64_t n)
{
    pthread_mutex_lock(&mu);
    ingested += n;
    pthread_mutex_unlock(&mu);
}

static void addf(srv_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void addf(srv_buf *b, const char *fmt, ...)
{
    char line[256];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n > 0) srv_buf_add(b, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

char *srv_metrics_text(const marsad_stats *st, size_t *len)
{
    srv_buf b = {0};
    pthread_mutex_lock(&mu);
    srv_buf_str(&b, "# HELP marsad_http_requests_total HTTP requests answered, by route and "
                    "status.\n# TYPE marsad_http_requests_total counter\n");
    for (int r = 0; r < R_COUNT; r++)
        for (size_t i = 0; i < NSTATUS; i++)
            if (requests[r][i]) {
                if (statuses[i])
                    addf(&b, "marsad_http_requests_total{route=\"%s\",status=\"%u\"} %llu\n",
                         route_names[r], statuses[i], (unsigned long long)requests[r][i]);
                else
                    addf(&b, "marsad_http_requests_total{route=\"%s\",status=\"other\"} %llu\n",
                         route_names[r], (unsigned long long)requests[r][i]);
            }
    srv_buf_str(&b, "# HELP marsad_http_request_duration_seconds Time from the request line "
                    "to the end of the answer.\n"
                    "# TYPE marsad_http_request_duration_seconds histogram\n");
    for (int r = 0; r < R_COUNT; r++) {
        uint64_t cum = 0;
        for (size_t i = 0; i <= NBUCKETS; i++) cum += hist[r][i];
        if (!cum) continue;
        cum = 0;
        for (size_t i = 0; i < NBUCKETS; i++) {
            cum += hist[r][i];
            addf(&b, "marsad_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
                 route_names[r], buckets[i], (unsigned long long)cum);
        }
        cum += hist[r][NBUCKETS];
        addf(&b, "marsad_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n",
             route_names[r], (unsigned long long)cum);
        addf(&b, "marsad_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", route_names[r],
             hist_sum[r]);
        addf(&b, "marsad_http_request_duration_seconds_count{route=\"%s\"} %llu\n", route_names[r],
             (unsigned long long)cum);
    }
    addf(&b,
         "# HELP marsad_articles_ingested_total Articles stored through POST /api/v1/ingest.\n"
         "# TYPE marsad_articles_ingested_total counter\nmarsad_articles_ingested_total %llu\n",
         (unsigned long long)ingested);
    pthread_mutex_unlock(&mu);
    if (st) {
        addf(&b,
             "# HELP marsad_index_segments Index segment files.\n"
             "# TYPE marsad_index_segments gauge\nmarsad_index_segments %llu\n",
             (unsigned long long)st->segments);
        addf(&b,
             "# HELP marsad_archive_bytes Catalog and index on disk.\n"
             "# TYPE marsad_archive_bytes gauge\nmarsad_archive_bytes %llu\n",
             (unsigned long long)(st->catalog_bytes + st->index_bytes));
        addf(&b,
             "# HELP marsad_articles Articles in the archive.\n"
             "# TYPE marsad_articles gauge\nmarsad_articles %llu\n",
             (unsigned long long)st->articles);
    }
    if (b.failed) {
        free(b.p);
        return NULL;
    }
    *len = b.n;
    return b.p;
}
