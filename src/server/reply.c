/*
 * reply.c — every answer goes out here, so that each carries the same security headers
 * (a strict Content-Security-Policy, nosniff, no referrer) and CORS only when the server
 * was started with --cors ORIGIN (then exactly that origin). Errors are the API's JSON
 * envelope {"error":{"code","message"}} with the contract's stable codes (docs/server.md).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server.h"

static const char csp[] = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                          "script-src 'self'; object-src 'none'; base-uri 'none'; "
                          "frame-ancestors 'none'";

double srv_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static enum MHD_Result queue(srv *s, struct MHD_Connection *c, struct srv_req *r, unsigned status,
                             const char *type, struct MHD_Response *resp, size_t len)
{
    enum MHD_Result ok;
    if (!resp) return MHD_NO; /* MHD then closes the connection */
    if (type) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(resp, "Content-Security-Policy", csp);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    if (s->cfg.cors) {
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", s->cfg.cors);
        MHD_add_response_header(resp, "Vary", "Origin");
        MHD_add_response_header(resp, "Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS");
        MHD_add_response_header(resp, "Access-Control-Allow-Headers",
                                "Authorization, Content-Type");
        MHD_add_response_header(resp, "Access-Control-Max-Age", "600");
    }
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW,
                                r->route == R_INGEST ? "POST" : "GET, HEAD");
    ok = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    if (ok == MHD_YES && r) {
        r->status = status;
        r->bytes = len;
    }
    return ok;
}

enum MHD_Result srv_reply(srv *s, struct MHD_Connection *c, struct srv_req *r, unsigned status,
                          const char *type, char *body, size_t len)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer_with_free_callback(len, body, free);
    if (!resp) free(body);
    return queue(s, c, r, status, type, resp, len);
}

enum MHD_Result srv_reply_static(srv *s, struct MHD_Connection *c, struct srv_req *r,
                                 unsigned status, const char *type, const void *body, size_t len)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_PERSISTENT);
    return queue(s, c, r, status, type, resp, len);
}

enum MHD_Result srv_error(srv *s, struct MHD_Connection *c, struct srv_req *r, unsigned status,
                          const char *code, const char *message, long position)
{
    json_t *e = json_pack("{s:s, s:s}", "code", code, "message", message ? message : "");
    json_t *o;
    char *text;
    if (!e) /* a message jansson refuses (not UTF-8): the code alone */
        e = json_pack("{s:s, s:s}", "code", code, "message", "");
    if (e && position >= 0) json_object_set_new(e, "position", json_integer(position));
    o = e ? json_pack("{s:o}", "error", e) : NULL;
    text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    if (!text) return MHD_NO;
    return srv_json(s, c, r, status, text, strlen(text));
}

enum MHD_Result srv_json(srv *s, struct MHD_Connection *c, struct srv_req *r, unsigned status,
                         char *json, size_t len)
{
    char *copy;
    if (!json) return srv_error(s, c, r, 500, "internal", "out of memory", -1);
    /* the library's allocation goes back through marsad_free; MHD frees with free() */
    if (!(copy = malloc(len + 1))) { /* no memory for an error either: drop the connection */
        marsad_free(json);
        return MHD_NO;
    }
    memcpy(copy, json, len);
    copy[len] = '\n';
    marsad_free(json);
    return srv_reply(s, c, r, status, "application/json; charset=utf-8", copy, len + 1);
}

void srv_buf_add(srv_buf *b, const char *s, size_t n)
{
    if (b->failed) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        char *p;
        while (cap < b->n + n + 1) cap *= 2;
        if (!(p = realloc(b->p, cap))) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

void srv_buf_str(srv_buf *b, const char *s)
{
    srv_buf_add(b, s, strlen(s));
}
