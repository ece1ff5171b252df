/*
 * route.c — libmicrohttpd's callbacks: a request's state made when its URI is seen (and
 * its query string measured: 414 past --max-query), the router (path and method → a
 * handler; unknown path 404, wrong method 405), the POST body gathered under its cap
 * (413 from Content-Length before reading, or once the body passes the cap), the log
 * line and the metrics when the request is over.
 *
 * Threads: every callback runs on the MHD thread that owns the connection; the request
 * state belongs to that connection alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

void *srv_uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
    struct srv_req *r = calloc(1, sizeof *r);
    const char *q = strchr(uri, '?');
    (void)cls;
    (void)c;
    if (!r) return NULL;
    r->t0 = srv_now();
    r->uri_len = strlen(uri);
    r->query_len = q ? strlen(q + 1) : 0;
    r->route = R_OTHER;
    snprintf(r->path, sizeof r->path, "%s", uri); /* the path replaces it once parsed */
    return r;
}

/* The route of a path, and the method it takes (0 GET, 1 POST). */
static int route_of(const char *p, int *post)
{
    static const struct {
        const char *path;
        int route, prefix, post;
    } table[] = {
        {"/healthz", R_HEALTHZ, 0, 0},        {"/metrics", R_METRICS, 0, 0},
        {"/api/v1/search", R_SEARCH, 0, 0},   {"/api/v1/articles/", R_ARTICLE, 1, 0},
        {"/api/v1/stories", R_STORIES, 0, 0}, {"/api/v1/stories/", R_STORY, 1, 0},
        {"/api/v1/quotes", R_QUOTES, 0, 0},   {"/api/v1/entities", R_ENTITIES, 0, 0},
        {"/api/v1/dups", R_DUPS, 0, 0},       {"/api/v1/stats", R_STATS, 0, 0},
        {"/api/v1/ingest", R_INGEST, 0, 1},   {"/", R_PAGE, 0, 0},
        {"/static/", R_STATIC, 1, 0},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        size_t n = strlen(table[i].path);
        if (table[i].prefix ? !strncmp(p, table[i].path, n) && p[n] : !strcmp(p, table[i].path)) {
            *post = table[i].post;
            return table[i].route;
        }
    }
    *post = 0;
    return R_OTHER;
}

/* Gathers the body; returns 0, or -1 once it passed the cap (the rest is read and
 * dropped, then 413 is answered: MHD takes no answer in the middle of a body). */
static void gather(srv *s, struct srv_req *r, const char *data, size_t n)
{
    if (r->body_too_big) return;
    if (r->body_len + n > s->cfg.max_body) {
        r->body_too_big = 1;
        free(r->body);
        r->body = NULL;
        r->body_len = 0;
        return;
    }
    if (r->body_len + n > r->body_cap) {
        size_t cap = r->body_cap ? r->body_cap : 65536;
        char *p;
        while (cap < r->body_len + n) cap *= 2;
        if (cap > s->cfg.max_body) cap = s->cfg.max_body;
        if (!(p = realloc(r->body, cap))) {
            r->body_too_big = 1; /* answered 413 too: the server could not hold it */
            return;
        }
        r->body = p;
        r->body_cap = cap;
    }
    memcpy(r->body + r->body_len, data, n);
    r->body_len += n;
}

enum MHD_Result srv_handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                           const char *version, const char *upload, size_t *upload_size,
                           void **con_cls)
{
    srv *s = cls;
    struct srv_req *r = *con_cls;
    int post, is_get, is_head, is_post;
    (void)version;
    if (!r) return MHD_NO; /* out of memory at the URI: drop the connection */
    is_get = !strcmp(method, "GET");
    is_head = !strcmp(method, "HEAD");
    is_post = !strcmp(method, "POST");
    if (!r->started) {
        const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        r->started = 1;
        /* the head is in: the body (if any) has its own time, an answer none */
        srv_conn_deadline(c, is_post ? s->cfg.body_timeout : 0);
        snprintf(r->method, sizeof r->method, "%s", method);
        snprintf(r->path, sizeof r->path, "%s", url);
        r->route = route_of(url, &post);
        if (r->query_len > s->cfg.max_query)
            return srv_error(s, c, r, 414, "uri_too_long", "the query string is too long", -1);
        if (marsad_utf8_check(url, strlen(url), NULL))
            return srv_error(s, c, r, 400, "bad_request", "the path is not valid UTF-8", -1);
        if (r->route == R_OTHER) return srv_error(s, c, r, 404, "not_found", "no such path", -1);
        if (!strcmp(method, "OPTIONS") && s->cfg.cors) /* a CORS preflight: reply.c's headers */
            return srv_reply(s, c, r, 204, NULL, NULL, 0);
        if (post ? !is_post : !(is_get || is_head))
            return srv_error(s, c, r, 405, "method_not_allowed", "method not allowed here", -1);
        if (!post)
            return r->route == R_PAGE || r->route == R_STATIC ? srv_assets(s, c, r, url)
                                                              : srv_api_read(s, c, r, url);
        /* a write: refused before its body is read */
        if (!s->token)
            return srv_error(s, c, r, 403, "writes_disabled",
                             "the server was started without --token-file", -1);
        if (!srv_token_ok(s, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization")))
            return srv_error(s, c, r, 401, "unauthorized", "a valid bearer token is required", -1);
        if (len && strtoull(len, NULL, 10) > s->cfg.max_body)
            return srv_error(s, c, r, 413, "payload_too_large", "the body is over --max-body", -1);
        return MHD_YES; /* the body comes in the next calls */
    }
    if (*upload_size) {
        gather(s, r, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->status) return MHD_YES; /* answered already */
    if (r->body_too_big)
        return srv_error(s, c, r, 413, "payload_too_large", "the body is over --max-body", -1);
    return srv_api_ingest(s, c, r);
}

void srv_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                   enum MHD_RequestTerminationCode toe)
{
    struct srv_req *r = *con_cls;
    double secs;
    srv *s = cls;
    if (c) srv_conn_deadline(c, s->cfg.timeout); /* the next request's head */
    if (!r) return;
    secs = srv_now() - r->t0;
    {
        /* one line a request; the path is cut and may hold any byte but NUL: escape
         * control bytes so that a request cannot forge log lines */
        char path[sizeof r->path * 4];
        size_t k = 0;
        for (const unsigned char *p = (const unsigned char *)r->path; *p && k + 5 < sizeof path;
             p++)
            k += (size_t)(*p < 0x20 || *p == 0x7f ? snprintf(path + k, 5, "\\x%02x", *p)
                                                  : (path[k] = (char)*p, 1));
        path[k] = 0;
        if (r->started) {
            srv_metrics_request(r->route, r->status, secs);
            fprintf(stderr, "%s %s %u %zu %.1fms%s\n", r->method, path, r->status, r->bytes,
                    secs * 1e3, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (cut)");
        } else { /* answered by libmicrohttpd alone (431, a bad line): its status unknown here */
            srv_metrics_request(R_OTHER, 0, secs);
            fprintf(stderr, "- %s - - %.1fms (refused by libmicrohttpd)\n", path, secs * 1e3);
        }
    }
    free(r->body);
    free(r);
    *con_cls = NULL;
}
