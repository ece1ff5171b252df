/*
 * server.h — what the files of `marsad serve` share (src/server/). The server is a
 * program like the CLI: it reaches the library through include/marsad.h only, and adds
 * HTTP around it (libmicrohttpd, its internal thread pool).
 *
 * Threads: MHD runs the handlers on its pool's threads; each request takes an archive
 * reader from the pool (pool.c) for its duration, so no reader is shared. The writer is
 * one at a time (a mutex; opened per ingest so that other processes can write between
 * requests). Metrics take their own mutex. Everything else is read-only after start.
 *
 * Memory: a request's state (struct srv_req) is made when MHD first sees its URI and
 * freed when MHD says the request is over (route.c); a reply's body is malloc'd and
 * handed to MHD, which frees it.
 */
#ifndef MSD_SERVER_H
#define MSD_SERVER_H

#include <microhttpd.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "marsad.h"

/* ---- Options (serve.c) ---------------------------------------------------------------- */

typedef struct srv_config {
    const char *db, *listen, *token_file, *cors;
    unsigned threads;      /* MHD pool threads (default: one per core) */
    size_t max_body;       /* bytes of a POST body (default 64 MiB) → 413 */
    size_t max_header;     /* per-connection memory for the request head (default 32 KiB) → 431 */
    size_t max_query;      /* bytes of the URI's query string (default 8 KiB) → 414 */
    unsigned max_conns;    /* connections at once (default 1000) */
    unsigned max_conns_ip; /* … from one address (default 64) */
    unsigned timeout;      /* seconds: idle keep-alive, and the whole of a request's head */
    unsigned body_timeout; /* seconds for a request's body (default 120) */
    double query_budget_ms; /* a search's time budget (default 2000) → 503 timeout */
} srv_config;

/* ---- The archive handles (pool.c) ------------------------------------------------------ */

typedef struct srv_pool srv_pool;

int srv_pool_new(const char *db, unsigned n, srv_pool **out);
void srv_pool_free(srv_pool *p);

/* A reader, opened lazily and refreshed (marsad_archive_refresh) at each checkout; it
 * waits while every slot is taken. The handle stays the pool's: use it on this thread
 * only and give it back with srv_pool_checkin (the same pointer) before the request ends.
 * Returns NULL when the archive cannot be opened (msg, cap bytes, says why). */
marsad_archive *srv_pool_checkout(srv_pool *p, char *msg, size_t cap);
void srv_pool_checkin(srv_pool *p, marsad_archive *a);
/* The archive's statistics (marsad_archive_stats) through a, a handle checked out of p:
 * computed again only when a checkout's refresh has seen a commit since the last time,
 * else the copy kept. Thread-safe. Returns marsad_archive_stats's status. */
int srv_pool_stats(srv_pool *p, marsad_archive *a, marsad_stats *out);

/* ---- Metrics (metrics.c) ---------------------------------------------------------------- */

enum srv_route {
    R_HEALTHZ,
    R_METRICS,
    R_SEARCH,
    R_ARTICLE,
    R_STORIES,
    R_STORY,
    R_QUOTES,
    R_ENTITIES,
    R_DUPS,
    R_STATS,
    R_INGEST,
    R_PAGE,
    R_STATIC,
    R_OTHER,
    R_COUNT
};

const char *srv_route_name(int route);
void srv_metrics_request(int route, unsigned status, double seconds);
void srv_metrics_ingested(uint64_t n);
/* The Prometheus text of every counter, with the archive's gauges from st (NULL: none);
 * malloc'd (a reply body: srv_reply takes it), NULL when out of memory. */
char *srv_metrics_text(const marsad_stats *st, size_t *len);

/* ---- Requests (route.c) and replies (reply.c) -------------------------------------------- */

typedef struct srv srv;

struct srv_req {
    double t0; /* monotonic seconds when MHD saw the URI */
    size_t uri_len, query_len;
    int route;       /* enum srv_route */
    unsigned status; /* of the reply queued, 0 before */
    size_t bytes;    /* of its body */
    char *body;      /* a POST body so far */
    size_t body_len, body_cap;
    int body_too_big; /* kept reading it to the end, answering 413 */
    int started;      /* the handler was called once */
    char method[8];
    char path[160]; /* for the log line, cut */
};

struct srv {
    srv_config cfg;
    srv_pool *pool;
    pthread_mutex_t writer; /* one ingest at a time in this process */
    char *token;            /* from --token-file, or NULL: writes disabled */
    size_t token_len;
};

double srv_now(void);

/* Queues a reply with the security headers (and CORS when configured); takes body
 * (malloc'd, freed by MHD, also when queuing fails; NULL with len 0 for none). Returns
 * MHD's result (MHD_NO: the connection is closed). */
enum MHD_Result srv_reply(srv *s, struct MHD_Connection *c, struct srv_req *r, unsigned status,
                          const char *type, char *body, size_t len);
/* The same for a body that lives forever (embedded assets). */
enum MHD_Result srv_reply_static(srv *s, struct MHD_Connection *c, struct srv_req *r,
                                 unsigned status, const char *type, const void *body, size_t len);
/* {"error":{"code","message"[,"position"]}} with status; position < 0: none. The
 * strings are copied. MHD_NO when even that cannot be built (the connection closes). */
enum MHD_Result srv_error(srv *s, struct MHD_Connection *c, struct srv_req *r, unsigned status,
                          const char *code, const char *message, long position);
/* A JSON text as the body, a newline added; takes json (the library's or json_dumps's,
 * released with marsad_free, which is free(), also on failure); NULL: 500 internal. */
enum MHD_Result srv_json(srv *s, struct MHD_Connection *c, struct srv_req *r, unsigned status,
                         char *json, size_t len);

/* A growable text for bodies built from pieces ({"stories":[…]}); sticky on failure. */
typedef struct srv_buf {
    char *p;
    size_t n, cap;
    int failed;
} srv_buf;
void srv_buf_add(srv_buf *b, const char *s, size_t n);
void srv_buf_str(srv_buf *b, const char *s);

/* ---- Handlers (api_read.c, api_ingest.c, assets.c) ---------------------------------------- */

/* Query parameters: the value of name (NULL when absent), MHD's: it lives until the
 * request is over. */
const char *srv_arg(struct MHD_Connection *c, const char *name);

enum MHD_Result srv_api_read(srv *s, struct MHD_Connection *c, struct srv_req *r, const char *path);
enum MHD_Result srv_api_ingest(srv *s, struct MHD_Connection *c, struct srv_req *r);
/* GET / and /static/NAME; 404 for anything else. */
enum MHD_Result srv_assets(srv *s, struct MHD_Connection *c, struct srv_req *r, const char *path);

/* ---- Auth (auth.c) ----------------------------------------------------------------------- */

/* Reads the token file: its first line (trailing CR/LF stripped) into *token (malloc'd:
 * the caller frees it). Refuses an empty token, and a file that group or others can read.
 * Returns 0, or -1 with msg set and *token untouched. */
int srv_token_load(const char *path, char **token, size_t *len, char *msg, size_t cap);
/* Whether the Authorization header is "Bearer <token>", compared in constant time. */
int srv_token_ok(const srv *s, const char *authorization);

/* ---- The embedded web files (generated by scripts/embed.c into build/) ------------------- */

typedef struct srv_asset {
    const char *name; /* the path under web/: "index.html", "app.js" */
    const unsigned char *data;
    size_t size;
} srv_asset;
extern const srv_asset srv_assets_table[];
extern const size_t srv_assets_count;

/* ---- MHD's callbacks (route.c) and the connections' deadlines (serve.c) ------------------ */

void *srv_uri_log(void *cls, const char *uri, struct MHD_Connection *c);
enum MHD_Result srv_handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                           const char *version, const char *upload, size_t *upload_size,
                           void **con_cls);
void srv_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                   enum MHD_RequestTerminationCode toe);
/* The connection must have sent what it owes within secs from now (0: no deadline, while
 * it is answered); past it the reaper shuts its socket down. */
void srv_conn_deadline(struct MHD_Connection *c, double secs);

/* ---- The command (serve.c) ---------------------------------------------------------------- */

int srv_main(int argc, char **argv);

#endif
