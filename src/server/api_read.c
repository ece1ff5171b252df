/*
 * api_read.c — the read routes of /api/v1: search, articles/{id}, stories, stories/{id},
 * quotes, entities, dups, stats. Each takes a reader from the pool for its duration and
 * answers the library's own JSON rendering of the object (docs/api.md), so the body is
 * what the CLI's --json prints for the same object. Parameters are checked here (ranges,
 * UTF-8) and refused with 400 bad_request before the library sees them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

#define JSON_TYPE "application/json; charset=utf-8"

struct args {
    const char *names[32];
    const char *values[32];
    size_t n;
    int overflow, bad_utf8;
};

static enum MHD_Result collect(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
    struct args *a = cls;
    (void)kind;
    if (a->n == sizeof a->names / sizeof a->names[0]) {
        a->overflow = 1;
        return MHD_NO;
    }
    if (marsad_utf8_check(key, strlen(key), NULL) ||
        (value && marsad_utf8_check(value, strlen(value), NULL)))
        a->bad_utf8 = 1;
    a->names[a->n] = key;
    a->values[a->n++] = value ? value : "";
    return MHD_YES;
}

const char *srv_arg(struct MHD_Connection *c, const char *name)
{
    return MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
}

/* The values of a repeatable parameter, in order (into out, at most cap); more than cap
 * is a bad request (returns cap + 1). */
static size_t all_of(const struct args *a, const char *name, const char **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < a->n; i++)
        if (!strcmp(a->names[i], name)) {
            if (n == cap) return cap + 1;
            out[n++] = a->values[i];
        }
    return n;
}

#define MAX_SOURCES 16

/* A whole number in [lo, hi]; def when absent. Returns 0, or -1 (a bad value). */
static int num(struct MHD_Connection *c, const char *name, long lo, long hi, long def, long *out)
{
    const char *v = srv_arg(c, name);
    char *end;
    long x;
    *out = def;
    if (!v) return 0;
    errno = 0;
    x = strtol(v, &end, 10);
    if (!*v || *end || errno || x < lo || x > hi) return -1;
    *out = x;
    return 0;
}

static int flag(struct MHD_Connection *c, const char *name)
{
    const char *v = srv_arg(c, name);
    return v && (!strcmp(v, "1") || !strcmp(v, "true"));
}

static enum MHD_Result bad_param(srv *s, struct MHD_Connection *c, struct srv_req *r,
                                 const char *name, const char *range)
{
    char msg[160];
    snprintf(msg, sizeof msg, "parameter %s: %s", name, range);
    return srv_error(s, c, r, 400, "bad_request", msg, -1);
}

/* A library status as the API's error: the contract's codes. */
static enum MHD_Result lib_error(srv *s, struct MHD_Connection *c, struct srv_req *r, int rc,
                                 marsad_archive *a, const marsad_query_error *err)
{
    switch (rc) {
    case MARSAD_EQUERY:
        return srv_error(s, c, r, 400, "bad_query", err ? err->message : "bad query",
                         err ? (long)err->position : -1);
    case MARSAD_ESTOPWORDS:
        return srv_error(s, c, r, 400, "stopwords_only", marsad_strerror(rc), 0);
    case MARSAD_EONLYNOT: return srv_error(s, c, r, 400, "only_not", marsad_strerror(rc), 0);
    case MARSAD_EINVAL:
        return srv_error(
            s, c, r, 400, "bad_request",
            a && marsad_archive_errmsg(a)[0] ? marsad_archive_errmsg(a) : marsad_strerror(rc), -1);
    case MARSAD_ENOTFOUND: return srv_error(s, c, r, 404, "not_found", marsad_strerror(rc), -1);
    case MARSAD_ETIMEOUT: return srv_error(s, c, r, 503, "timeout", marsad_strerror(rc), -1);
    case MARSAD_EBUSY: return srv_error(s, c, r, 409, "busy", marsad_strerror(rc), -1);
    default:
        /* the detail (a file name) stays in the server's log, not in the answer */
        fprintf(stderr, "marsad serve: %s: %s\n", marsad_strerror(rc),
                a ? marsad_archive_errmsg(a) : "");
        return srv_error(s, c, r, 500, "internal", marsad_strerror(rc), -1);
    }
}

/* ---- The routes -------------------------------------------------------------------------- */

static enum MHD_Result search(srv *s, struct MHD_Connection *c, struct srv_req *r,
                              marsad_archive *a, const struct args *args)
{
    marsad_search_options o;
    marsad_query_error err;
    marsad_results *res = NULL;
    const char *q = srv_arg(c, "q"), *sort = srv_arg(c, "sort"), *sources[MAX_SOURCES];
    long limit, offset, snippet;
    char *json;
    size_t len;
    int rc;
    marsad_search_options_init(&o);
    if (!q) return bad_param(s, c, r, "q", "required");
    if (num(c, "limit", 1, 100, 10, &limit)) return bad_param(s, c, r, "limit", "1..100");
    if (num(c, "offset", 0, 10000, 0, &offset) || limit + offset > 10000)
        return bad_param(s, c, r, "offset", "0.., limit + offset <= 10000");
    if (num(c, "snippet", 0, 1000, 200, &snippet)) return bad_param(s, c, r, "snippet", "0..1000");
    o.limit = (size_t)limit;
    o.offset = (size_t)offset;
    o.snippet_chars = (size_t)snippet;
    o.any = flag(c, "any");
    o.all = flag(c, "all");
    o.facets = flag(c, "facets");
    o.budget_ms = s->cfg.query_budget_ms;
    if (!sort || !strcmp(sort, "relevance"))
        o.sort = MARSAD_SORT_RELEVANCE;
    else if (!strcmp(sort, "newest") || !strcmp(sort, "date"))
        o.sort = MARSAD_SORT_NEWEST;
    else if (!strcmp(sort, "oldest"))
        o.sort = MARSAD_SORT_OLDEST;
    else
        return bad_param(s, c, r, "sort", "relevance, newest or oldest");
    if ((o.n_sources = all_of(args, "source", sources, MAX_SOURCES)) > MAX_SOURCES)
        return bad_param(s, c, r, "source", "at most 16");
    o.sources = o.n_sources ? sources : NULL;
    o.from = srv_arg(c, "since");
    o.to = srv_arg(c, "until");
    rc = marsad_search(a, q, strlen(q), &o, &res, &err);
    if (rc) {
        if (rc == MARSAD_EINVAL)
            return bad_param(s, c, r, "since/until", "YYYY, YYYY-MM or YYYY-MM-DD");
        return lib_error(s, c, r, rc, a, &err);
    }
    rc = marsad_results_json(res, q, strlen(q), &json, &len);
    marsad_results_free(res);
    return srv_json(s, c, r, 200, rc ? NULL : json, len);
}

static enum MHD_Result article(srv *s, struct MHD_Connection *c, struct srv_req *r,
                               marsad_archive *a, const char *id)
{
    marsad_article *art = NULL;
    int64_t story = 0;
    char *json = NULL, tail[40];
    size_t len = 0;
    srv_buf b = {0};
    int rc;
    if (!*id) return srv_error(s, c, r, 404, "not_found", "no article id", -1);
    if ((rc = marsad_archive_get(a, id, &art))) return lib_error(s, c, r, rc, a, NULL);
    rc = marsad_archive_story_of(a, id, &story);
    if (rc && rc != MARSAD_ENOTFOUND) {
        marsad_article_free(art);
        return lib_error(s, c, r, rc, a, NULL);
    }
    if (rc) story = 0;
    rc = marsad_article_json(art, MARSAD_JSON_ARTICLE, &json, &len);
    marsad_article_free(art);
    if (rc || !len || json[len - 1] != '}') {
        marsad_free(json);
        return srv_json(s, c, r, 200, NULL, 0);
    }
    /* as `marsad show --json`: the object with its story appended as the last key */
    srv_buf_add(&b, json, len - 1);
    marsad_free(json);
    if (story)
        snprintf(tail, sizeof tail, ",\"story\":%lld}\n", (long long)story);
    else
        snprintf(tail, sizeof tail, ",\"story\":null}\n");
    srv_buf_str(&b, tail);
    if (b.failed) {
        free(b.p);
        return srv_json(s, c, r, 200, NULL, 0);
    }
    return srv_reply(s, c, r, 200, JSON_TYPE, b.p, b.n);
}

/* Gathers JSON objects into {"key":[…]}. */
struct list {
    srv_buf b;
    int n;
};

static void list_open(struct list *l, const char *key)
{
    srv_buf_str(&l->b, "{\"");
    srv_buf_str(&l->b, key);
    srv_buf_str(&l->b, "\":[");
}

static int list_item(struct list *l, char *json, int rc)
{
    if (rc || !json) {
        l->b.failed = 1;
        marsad_free(json);
        return 1;
    }
    if (l->n++) srv_buf_add(&l->b, ",", 1);
    srv_buf_str(&l->b, json);
    marsad_free(json);
    return l->b.failed;
}

static enum MHD_Result list_reply(srv *s, struct MHD_Connection *c, struct srv_req *r,
                                  struct list *l)
{
    srv_buf_str(&l->b, "]}\n");
    if (l->b.failed) {
        free(l->b.p);
        return srv_json(s, c, r, 200, NULL, 0);
    }
    return srv_reply(s, c, r, 200, JSON_TYPE, l->b.p, l->b.n);
}

static int story_item(void *ctx, const marsad_story *st)
{
    char *json = NULL;
    int rc = marsad_story_json(st, &json, NULL);
    return list_item(ctx, json, rc);
}

static enum MHD_Result stories(srv *s, struct MHD_Connection *c, struct srv_req *r,
                               marsad_archive *a, const struct args *args)
{
    marsad_story_filter f;
    marsad_query_error err;
    struct list l = {{0}, 0};
    const char *sources[MAX_SOURCES];
    long min, limit;
    int rc;
    marsad_story_filter_init(&f);
    if (num(c, "min_articles", 1, 1000000, 2, &min))
        return bad_param(s, c, r, "min_articles", "1..");
    if (num(c, "limit", 1, 500, 20, &limit)) return bad_param(s, c, r, "limit", "1..500");
    f.min_articles = (size_t)min;
    f.limit = (size_t)limit;
    if (flag(c, "all")) {
        f.min_articles = 1;
        f.limit = 0;
    }
    f.since = srv_arg(c, "since");
    f.until = srv_arg(c, "until");
    f.query = srv_arg(c, "q");
    if ((f.n_sources = all_of(args, "source", sources, MAX_SOURCES)) > MAX_SOURCES)
        return bad_param(s, c, r, "source", "at most 16");
    f.sources = f.n_sources ? sources : NULL;
    list_open(&l, "stories");
    rc = marsad_archive_stories(a, &f, story_item, &l, &err);
    if (rc) {
        free(l.b.p);
        return lib_error(s, c, r, rc == MARSAD_ESTOP ? MARSAD_ENOMEM : rc, a, &err);
    }
    return list_reply(s, c, r, &l);
}

static enum MHD_Result story(srv *s, struct MHD_Connection *c, struct srv_req *r, marsad_archive *a,
                             const char *idtext)
{
    marsad_story *st = NULL;
    char *end, *json = NULL;
    size_t len = 0;
    long long id;
    int rc;
    errno = 0;
    id = strtoll(idtext, &end, 10);
    if (!*idtext || *end || errno || id <= 0)
        return srv_error(s, c, r, 404, "not_found", "no story with that id", -1);
    if ((rc = marsad_archive_story(a, (int64_t)id, &st)))
        return rc == MARSAD_ENOTFOUND
                   ? srv_error(s, c, r, 404, "not_found", "no story with that id", -1)
                   : lib_error(s, c, r, rc, a, NULL);
    rc = marsad_story_json(st, &json, &len);
    marsad_story_free(st);
    return srv_json(s, c, r, 200, rc ? NULL : json, len);
}

static int quote_item(void *ctx, const marsad_story_quote *q, int64_t st)
{
    char *json = NULL;
    int rc = marsad_quote_json(q, st, &json, NULL);
    return list_item(ctx, json, rc);
}

static enum MHD_Result quotes(srv *s, struct MHD_Connection *c, struct srv_req *r,
                              marsad_archive *a)
{
    const char *speaker = srv_arg(c, "speaker"), *q = srv_arg(c, "q");
    marsad_query_error err;
    struct list l = {{0}, 0};
    long limit;
    int rc;
    if (speaker && !*speaker) speaker = NULL;
    if (q && !*q) q = NULL;
    if (!speaker && !q) return bad_param(s, c, r, "speaker or q", "at least one is required");
    if (num(c, "limit", 1, 1000, 50, &limit)) return bad_param(s, c, r, "limit", "1..1000");
    list_open(&l, "quotes");
    rc = marsad_archive_quotes(a, speaker, q, (size_t)limit, quote_item, &l, &err);
    if (rc) {
        free(l.b.p);
        return lib_error(s, c, r, rc == MARSAD_ESTOP ? MARSAD_ENOMEM : rc, a, &err);
    }
    return list_reply(s, c, r, &l);
}

static int entity_item(void *ctx, const marsad_story_entity *e)
{
    char *json = NULL;
    int rc = marsad_entity_json(e, &json, NULL);
    return list_item(ctx, json, rc);
}

static enum MHD_Result entities(srv *s, struct MHD_Connection *c, struct srv_req *r,
                                marsad_archive *a)
{
    struct list l = {{0}, 0};
    long limit;
    int rc;
    if (num(c, "limit", 1, 1000, 50, &limit)) return bad_param(s, c, r, "limit", "1..1000");
    list_open(&l, "entities");
    rc = marsad_archive_entities(a, srv_arg(c, "q"), srv_arg(c, "type"), (size_t)limit, entity_item,
                                 &l);
    if (rc) {
        free(l.b.p);
        if (rc == MARSAD_EINVAL) return bad_param(s, c, r, "type", "PERS, ORG, LOC, GPE or MISC");
        return lib_error(s, c, r, rc == MARSAD_ESTOP ? MARSAD_ENOMEM : rc, a, NULL);
    }
    return list_reply(s, c, r, &l);
}

static int dup_item(void *ctx, const marsad_dup_group *g)
{
    char *json = NULL;
    int rc = marsad_dup_group_json(g, &json, NULL);
    return list_item(ctx, json, rc);
}

static enum MHD_Result dups(srv *s, struct MHD_Connection *c, struct srv_req *r, marsad_archive *a)
{
    struct list l = {{0}, 0};
    long limit;
    int rc;
    if (num(c, "limit", 1, 1000, 20, &limit)) return bad_param(s, c, r, "limit", "1..1000");
    list_open(&l, "groups");
    if ((rc = marsad_archive_dups(a, (size_t)limit, dup_item, &l))) {
        free(l.b.p);
        return lib_error(s, c, r, rc == MARSAD_ESTOP ? MARSAD_ENOMEM : rc, a, NULL);
    }
    return list_reply(s, c, r, &l);
}

static enum MHD_Result stats(srv *s, struct MHD_Connection *c, struct srv_req *r, marsad_archive *a)
{
    marsad_stats st;
    char *json = NULL;
    size_t len = 0;
    int rc;
    marsad_stats_init(&st); /* asked for: counted now, not the polls' copy */
    if ((rc = marsad_archive_stats(a, &st))) return lib_error(s, c, r, rc, a, NULL);
    rc = marsad_stats_json(&st, &json, &len);
    return srv_json(s, c, r, 200, rc ? NULL : json, len);
}

static enum MHD_Result healthz(srv *s, struct MHD_Connection *c, struct srv_req *r,
                               marsad_archive *a)
{
    marsad_stats st;
    char body[96];
    int n;
    marsad_stats_init(&st);
    if (srv_pool_stats(s->pool, a, &st)) return lib_error(s, c, r, MARSAD_EIO, a, NULL);
    n = snprintf(body, sizeof body, "{\"status\":\"ok\",\"articles\":%llu}\n",
                 (unsigned long long)st.articles);
    return srv_reply(s, c, r, 200, JSON_TYPE, strdup(body), (size_t)n);
}

static enum MHD_Result metrics(srv *s, struct MHD_Connection *c, struct srv_req *r,
                               marsad_archive *a)
{
    marsad_stats st;
    size_t len = 0;
    char *text;
    marsad_stats_init(&st);
    text = srv_metrics_text(a && !srv_pool_stats(s->pool, a, &st) ? &st : NULL, &len);
    if (!text) return srv_error(s, c, r, 500, "internal", "out of memory", -1);
    return srv_reply(s, c, r, 200, "text/plain; version=0.0.4; charset=utf-8", text, len);
}

enum MHD_Result srv_api_read(srv *s, struct MHD_Connection *c, struct srv_req *r, const char *path)
{
    struct args args = {0};
    char msg[300];
    marsad_archive *a;
    enum MHD_Result ok;
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect, &args);
    if (args.overflow) return srv_error(s, c, r, 400, "bad_request", "too many parameters", -1);
    if (args.bad_utf8)
        return srv_error(s, c, r, 400, "bad_request", "a parameter is not valid UTF-8", -1);
    if (!(a = srv_pool_checkout(s->pool, msg, sizeof msg))) {
        if (r->route == R_METRICS) return metrics(s, c, r, NULL); /* the counters still */
        fprintf(stderr, "marsad serve: %s\n", msg);
        return srv_error(s, c, r, 503, "unavailable", "the archive cannot be opened (yet)", -1);
    }
    switch (r->route) {
    case R_HEALTHZ: ok = healthz(s, c, r, a); break;
    case R_METRICS: ok = metrics(s, c, r, a); break;
    case R_SEARCH: ok = search(s, c, r, a, &args); break;
    case R_ARTICLE: ok = article(s, c, r, a, path + strlen("/api/v1/articles/")); break;
    case R_STORIES: ok = stories(s, c, r, a, &args); break;
    case R_STORY: ok = story(s, c, r, a, path + strlen("/api/v1/stories/")); break;
    case R_QUOTES: ok = quotes(s, c, r, a); break;
    case R_ENTITIES: ok = entities(s, c, r, a); break;
    case R_DUPS: ok = dups(s, c, r, a); break;
    case R_STATS: ok = stats(s, c, r, a); break;
    default: ok = srv_error(s, c, r, 404, "not_found", "no such route", -1);
    }
    srv_pool_checkin(s->pool, a);
    return ok;
}
