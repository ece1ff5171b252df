/*
 * api_ingest.c — POST /api/v1/ingest: the request body (JSONL, HTML, WARC, plain text;
 * gzip or zstd; detected from its bytes as a file's are) goes through marsad_ingest into
 * the archive. The route checks the bearer token before it reads the body (route.c);
 * here the writer is opened for this one request, under a mutex (one writer per process:
 * a second ingest meanwhile, or another process holding the writer's lock, answers 409
 * busy), and closed at the end,
 * which commits: the readers of the pool then see the new articles at their next
 * checkout (marsad_archive_refresh). The answer is the run's report with the messages of
 * the first rejected documents.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

#define MAX_ERRORS 20

struct notices {
    json_t *errors;
};

static void notice(void *ctx, int rc, const char *message)
{
    struct notices *n = ctx;
    json_t *m;
    (void)rc;
    if (json_array_size(n->errors) >= MAX_ERRORS) return;
    /* a message may quote invalid bytes of the input: then the status name alone */
    m = json_string(message);
    json_array_append_new(n->errors, m ? m : json_string(marsad_strerror(rc)));
}

enum MHD_Result srv_api_ingest(srv *s, struct MHD_Connection *c, struct srv_req *r)
{
    marsad_archive *a = NULL;
    marsad_options o;
    marsad_report rep;
    marsad_input in = {0};
    struct notices nt = {json_array()};
    const char *name = srv_arg(c, "name");
    json_t *body;
    char *text;
    int rc, crc;
    if (!nt.errors) return srv_error(s, c, r, 500, "internal", "out of memory", -1);
    if (!r->body_len) {
        json_decref(nt.errors);
        return srv_error(s, c, r, 400, "bad_request", "an empty body", -1);
    }
    marsad_options_init(&o);
    o.notice = notice;
    o.ctx = &nt;
    marsad_report_init(&rep);
    in.data = r->body;
    in.size = r->body_len;
    in.name = name && *name && !marsad_utf8_check(name, strlen(name), NULL) ? name : "upload";
    /* one ingest at a time: a second one is told so rather than made to wait, which
     * would hold one of the pool's threads (and the connections it serves) meanwhile */
    if (pthread_mutex_trylock(&s->writer)) {
        json_decref(nt.errors);
        return srv_error(s, c, r, 409, "busy", "another ingest is running in this server", -1);
    }
    rc = marsad_archive_open(s->cfg.db, MARSAD_WRITE, NULL, &a);
    if (!rc) rc = marsad_ingest(a, &in, &o, &rep);
    if (rc && a) fprintf(stderr, "marsad serve: ingest: %s\n", marsad_archive_errmsg(a));
    crc = marsad_archive_close(a); /* commits */
    pthread_mutex_unlock(&s->writer);
    if (!rc) rc = crc;
    if (rc == MARSAD_EBUSY) {
        json_decref(nt.errors);
        return srv_error(s, c, r, 409, "busy", marsad_strerror(rc), -1);
    }
    if (rc && rc != MARSAD_ECORRUPT) { /* ECORRUPT: stored, a merge failed (logged) */
        json_decref(nt.errors);
        return srv_error(s, c, r, 500, "internal", marsad_strerror(rc), -1);
    }
    srv_metrics_ingested(rep.stored);
    body = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "stored", (json_int_t)rep.stored,
                     "exact", (json_int_t)rep.exact, "near", (json_int_t)rep.near, "known",
                     (json_int_t)rep.known, "emptied", (json_int_t)rep.empty, "rejected",
                     (json_int_t)rep.rejected, "errors", nt.errors);
    text = body ? json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(body);
    if (!text) return srv_error(s, c, r, 500, "internal", "out of memory", -1);
    {
        size_t n = strlen(text);
        char *t = realloc(text, n + 2);
        if (!t) {
            free(text);
            return srv_error(s, c, r, 500, "internal", "out of memory", -1);
        }
        t[n] = '\n';
        t[n + 1] = 0;
        return srv_reply(s, c, r, 200, "application/json; charset=utf-8", t, n + 1);
    }
}
