/*
 * results.c — searching an archive: a query parsed (search/query.h), run over the index
 * (search/engine.h), each hit filled from the catalog with its snippet
 * (search/snippet.h). The contract is in marsad.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archive/internal.h"
#include "search/engine.h"
#include "search/query.h"
#include "search/snippet.h"
#include "store/store.h"
#include "util/date.h"
#include "util/grow.h"
#include "util/str.h"

#define MAX_RESULTS 10000

struct marsad_query {
    msd_query q;
    int any;
};

struct marsad_results {
    marsad_hit *hits;
    size_t n;
    uint64_t total;
    int lower_bound;
    double took_ms;
    char *strings;           /* every id, title, source, date and url, one after another */
    marsad_facet *facets[2]; /* by enum marsad_facet_kind; names in fstrings */
    size_t n_facets[2];
    int facets_partial;
    int facets_asked;
    char *fstrings;
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ---- Queries ----------------------------------------------------------------------------- */

static void copy_error(marsad_query_error *out, const msd_query_error *e)
{
    if (!out) return;
    out->position = e->pos;
    out->byte_position = e->byte_pos;
    snprintf(out->message, sizeof out->message, "%s", e->msg);
}

/* The parser's refusals (syntax, UTF-8, size) are one status for the caller: the
 * query's fault, which err explains. */
static int parse(const char *q, size_t n, int any, msd_query *out, marsad_query_error *err)
{
    msd_query_error e;
    int rc;
    memset(&e, 0, sizeof e);
    rc = msd_query_parse(q, n, any, out, &e);
    if (rc == MARSAD_EFORMAT && any) {
        /* `any` is for pasted text (a headline, a paragraph): when its punctuation is not
         * a well-formed query, its words are searched as they stand */
        char *lit = msd_query_literal(q, n);
        if (!lit) return MARSAD_ENOMEM;
        rc = msd_query_parse(lit, strlen(lit), any, out, &e);
        free(lit);
    }
    if (rc == MARSAD_EFORMAT || rc == MARSAD_EUTF8 || rc == MARSAD_ETOOBIG) {
        copy_error(err, &e);
        return MARSAD_EQUERY;
    }
    return rc;
}

int marsad_query_parse(const char *q, size_t n, int any, marsad_query **out,
                       marsad_query_error *err)
{
    marsad_query *p;
    int rc;
    *out = NULL;
    if (!q && n) return MARSAD_EINVAL;
    if (!(p = calloc(1, sizeof *p))) return MARSAD_ENOMEM;
    if ((rc = parse(q, n, any, &p->q, err))) {
        free(p);
        return rc;
    }
    p->any = any;
    *out = p;
    return MARSAD_OK;
}

int marsad_query_explain(const marsad_query *q, char **text)
{
    size_t need = 0;
    char *buf;
    *text = NULL;
    if (!q) return MARSAD_EINVAL;
    msd_query_format(&q->q, NULL, 0, &need);
    if (!(buf = malloc(need + 1))) return MARSAD_ENOMEM;
    msd_query_format(&q->q, buf, need + 1, &need);
    *text = buf;
    return MARSAD_OK;
}

void marsad_query_free(marsad_query *q)
{
    if (!q) return;
    msd_query_clear(&q->q);
    free(q);
}

/* ---- Options ----------------------------------------------------------------------------- */

void marsad_search_options_init(marsad_search_options *o)
{
    msd_search_opts e;
    msd_search_opts_init(&e);
    memset(o, 0, sizeof *o);
    o->version = MARSAD_SEARCH_OPTIONS_VERSION;
    o->limit = 10;
    o->snippet_chars = 200;
    o->k1 = e.k1;
    o->b = e.b;
    o->title_boost = e.title_boost;
    o->exact_bonus = e.exact_bonus;
}

static int engine_options(const marsad_search_options *o, msd_search_opts *e)
{
    if (o->version < 1 || o->version > MARSAD_SEARCH_OPTIONS_VERSION || o->limit < 1 ||
        o->limit + o->offset > MAX_RESULTS || o->offset > MAX_RESULTS || o->sort < 0 ||
        o->sort > MARSAD_SORT_OLDEST || !(o->k1 >= 0) || !(o->b >= 0 && o->b <= 1) ||
        !(o->title_boost >= 0) || !(o->exact_bonus >= 0) || (o->n_sources && !o->sources) ||
        (o->version >= 3 && !(o->budget_ms >= 0)))
        return MARSAD_EINVAL;
    msd_search_opts_init(e);
    e->k = o->offset + o->limit;
    e->collapse = !o->all;
    e->k1 = o->k1;
    e->b = o->b;
    e->title_boost = o->title_boost;
    e->exact_bonus = o->exact_bonus;
    e->exhaustive = o->exhaustive;
    e->sort = o->sort;
    e->facets = o->version >= 2 && o->facets; /* a version 1 struct ends before it */
    return MARSAD_OK;
}

/* A day bound of the options ("YYYY-MM-DD", "YYYY-MM", "YYYY"): the first or the last
 * day of what it names, as the query's from: and to: take them. */
static int option_day(const char *s, int last, int32_t *day)
{
    msd_query q;
    char text[32];
    int rc;
    if (!s) return MARSAD_OK;
    if (strlen(s) > 10) return MARSAD_EINVAL;
    snprintf(text, sizeof text, "%s:%s", last ? "to" : "from", s);
    if ((rc = msd_query_parse(text, strlen(text), 0, &q, NULL))) return MARSAD_EINVAL;
    *day = msd_date_days(last ? q.to : q.from);
    msd_query_clear(&q);
    return MARSAD_OK;
}

/* ---- Results ----------------------------------------------------------------------------- */

struct marks {
    const msd_hits *h;
    msd_snip_match *m;
    size_t n, cap;
    int rc;
};

/* A token of the body matches when its stem is a query stem, its normalized form an
 * exact word, or its normalized form or its stem begins with a prefix (the engine
 * expands a prefix over both: تحال* finds والتحالف by its stem تحالف). */
static int mark_tok(void *ctx, const marsad_token *t)
{
    struct marks *mk = ctx;
    if (t->flags & MARSAD_TOKEN_STOPWORD) return 0; /* never a term */
    for (size_t i = 0; i < mk->h->n_terms; i++) {
        const char *term = mk->h->terms[i];
        size_t tl = strlen(term + 1);
        int hit = term[0] == 'B'   ? tl == t->stem_len && !memcmp(term + 1, t->stem, tl)
                  : term[0] == 'b' ? tl == t->norm_len && !memcmp(term + 1, t->norm, tl)
                                   : (tl <= t->norm_len && !memcmp(term + 1, t->norm, tl)) ||
                                         (tl <= t->stem_len && !memcmp(term + 1, t->stem, tl));
        if (!hit) continue;
        if ((mk->rc =
                 msd_grow((void **)&mk->m, &mk->cap, mk->n + 1, sizeof *mk->m, MSD_GROW_DOC_MAX)))
            return 1;
        mk->m[mk->n].b0 = t->byte_start;
        mk->m[mk->n].b1 = t->byte_end;
        mk->m[mk->n].term = (unsigned)(i < 31 ? i : 31);
        mk->n++;
        break;
    }
    return 0;
}

static int snippet_of(msd_archive *a, const msd_hits *h, const char *body, size_t len, size_t cp,
                      msd_snippet *out)
{
    struct marks mk = {h, NULL, 0, 0, MARSAD_OK};
    int rc = marsad_analyze(a->an, body, len, mark_tok, &mk);
    if (rc == MARSAD_ESTOP) rc = mk.rc;
    if (!rc) rc = msd_snippet_make(body, len, mk.m, mk.n, cp, out);
    free(mk.m);
    return rc;
}

/* Appends a string to the results' string area; returns its offset, or -1 for NULL. */
static size_t keep(char **area, size_t *used, size_t *cap, const char *s, int *rc)
{
    size_t n = s ? strlen(s) + 1 : 0, at = *used;
    if (!s || *rc) return (size_t)-1;
    if ((*rc = msd_grow((void **)area, cap, *used + n, 1, MSD_GROW_DOC_MAX))) return (size_t)-1;
    memcpy(*area + at, s, n);
    *used += n;
    return at;
}

/* Fills the results from the hits past the offset: the catalog's brief of each, its
 * snippet and the size of its group. */
static int fill(msd_archive *a, const msd_hits *hits, const marsad_search_options *o,
                marsad_results *r)
{
    size_t used = 0, cap = 0, (*offs)[5] = NULL, from = o->offset < hits->n ? o->offset : hits->n;
    int rc = MARSAD_OK;
    if (hits->n > from && (!(r->hits = calloc(hits->n - from, sizeof *r->hits)) ||
                           !(offs = calloc(hits->n - from, sizeof *offs))))
        rc = MARSAD_ENOMEM;
    for (size_t k = from; !rc && k < hits->n; k++) {
        msd_store_brief b;
        marsad_hit *h = &r->hits[r->n];
        msd_snippet sn;
        int64_t size = 1;
        if ((rc = msd_store_brief_of(a->store, hits->items[k].docid, o->snippet_chars > 0, &b))) {
            int64_t version;
            /* a live document without its row: deleted since the index was read (skipped),
             * or, when nothing was committed since, a damaged catalog */
            if (rc == MARSAD_END && (msd_store_data_version(a->store, &version) ||
                                     version != a->ix_version || a->ix_version < 0))
                rc = MARSAD_OK;
            else if (rc == MARSAD_END)
                rc = msd_archive_fail(a, MARSAD_ECORRUPT,
                                      "%s: index document %u has no article row, and nothing was "
                                      "committed since the index was read: the catalog is "
                                      "damaged (marsad check)",
                                      a->path, hits->items[k].docid);
            else /* the catalog's own error: its file, its row */
                msd_archive_fail(a, rc, "%s: %s", a->path, msd_store_error(a->store));
            continue;
        }
        h->score = hits->items[k].score;
        offs[r->n][0] = keep(&r->strings, &used, &cap, b.ext_id, &rc);
        offs[r->n][1] = keep(&r->strings, &used, &cap, b.title, &rc);
        offs[r->n][2] = keep(&r->strings, &used, &cap, b.source, &rc);
        offs[r->n][3] = keep(&r->strings, &used, &cap, b.date, &rc);
        offs[r->n][4] = keep(&r->strings, &used, &cap, b.url, &rc);
        if (!rc && o->snippet_chars && b.body &&
            !(rc = snippet_of(a, hits, b.body, b.body_len, o->snippet_chars, &sn))) {
            h->snippet = sn.text; /* taken over */
            h->highlights = (const size_t(*)[2])sn.hl;
            h->n_highlights = sn.n_hl;
        }
        if (!rc && (rc = msd_store_group_size(a->store, hits->items[k].group, &size)))
            msd_archive_fail(a, rc, "%s: %s", a->path, msd_store_error(a->store));
        h->duplicates = size > 1 ? (uint64_t)(size - 1) : 0;
        if (!rc) {
            int64_t story = 0;
            int src = msd_store_story_of(a->store, hits->items[k].docid, &story);
            if (src == MARSAD_OK)
                h->story = story;
            else if (src != MARSAD_END)
                rc = msd_archive_fail(a, src, "%s: %s", a->path, msd_store_error(a->store));
        }
        r->n++;
    }
    for (size_t k = 0; !rc && k < r->n; k++) { /* the string area stopped moving */
        marsad_hit *h = &r->hits[k];
        h->id = offs[k][0] == (size_t)-1 ? NULL : r->strings + offs[k][0];
        h->title = offs[k][1] == (size_t)-1 ? NULL : r->strings + offs[k][1];
        h->source = offs[k][2] == (size_t)-1 ? NULL : r->strings + offs[k][2];
        h->date = offs[k][3] == (size_t)-1 ? NULL : r->strings + offs[k][3];
        h->url = offs[k][4] == (size_t)-1 ? NULL : r->strings + offs[k][4];
    }
    free(offs);
    return rc;
}

/* ---- Phrases at their place -------------------------------------------------------------- */

/* The tokens of one field of the article being checked (stopwords left out: no phrase
 * word is one), copied out of the analyzer's callback. */
struct ptok {
    uint32_t pos;
    size_t norm, nl, stem, sl; /* offsets into the text buffer */
};

struct pfield {
    struct ptok *t;
    size_t n, cap;
    char *text;
    size_t used, tcap;
    int rc;
};

static int keep_tok(void *ctx, const marsad_token *t)
{
    struct pfield *f = ctx;
    if (t->flags & MARSAD_TOKEN_STOPWORD) return 0;
    if ((f->rc = msd_grow((void **)&f->t, &f->cap, f->n + 1, sizeof *f->t, MSD_GROW_DOC_MAX)) ||
        (f->rc = msd_grow((void **)&f->text, &f->tcap, f->used + t->norm_len + t->stem_len, 1,
                          MSD_GROW_DOC_MAX)))
        return 1;
    f->t[f->n] = (struct ptok){(uint32_t)t->position, f->used, t->norm_len, f->used + t->norm_len,
                               t->stem_len};
    memcpy(f->text + f->used, t->norm, t->norm_len);
    memcpy(f->text + f->used + t->norm_len, t->stem, t->stem_len);
    f->used += t->norm_len + t->stem_len;
    f->n++;
    return 0;
}

static int word_is(const struct pfield *f, const struct ptok *t, const msd_phrase_word *w)
{
    size_t at = w->form ? t->norm : t->stem, len = w->form ? t->nl : t->sl;
    return len == w->len && !memcmp(f->text + at, w->text, len);
}

/* Whether the words w stand at their offsets somewhere in the analyzed field. */
static int phrase_in_field(const struct pfield *f, const msd_phrase_word *w, size_t n)
{
    for (size_t i = 0; i < f->n; i++) {
        size_t k, j = i;
        if (!word_is(f, &f->t[i], &w[0])) continue;
        for (k = 1; k < n; k++) { /* tokens ascend by position: look ahead */
            uint32_t want = f->t[i].pos + w[k].offset;
            while (j < f->n && f->t[j].pos < want) j++;
            if (j == f->n || f->t[j].pos != want || !word_is(f, &f->t[j], &w[k])) break;
        }
        if (k == n) return 1;
    }
    return 0;
}

/* msd_search_opts.phrase_at: re-reads the article and analyzes its body, then its
 * title, as the index did. */
static int phrase_at(void *ctx, uint32_t docid, const msd_phrase_word *w, size_t n)
{
    msd_archive *a = ctx;
    msd_store_brief b;
    struct pfield f;
    int rc, found = 0;
    if (!n) return 0;
    if ((rc = msd_store_brief_of(a->store, docid, 1, &b))) {
        if (rc == MARSAD_END) return 0; /* deleted since the index was read */
        /* the catalog's own error, named (corrupt.sh cuts the catalog under a phrase) */
        return msd_archive_fail(a, rc, "%s: %s", a->path, msd_store_error(a->store));
    }
    memset(&f, 0, sizeof f);
    for (int field = 0; !found && field < 2; field++) {
        const char *text = field ? b.title : b.body;
        size_t len = field ? (b.title ? strlen(b.title) : 0) : b.body_len;
        f.n = f.used = 0;
        if (!text || !len) continue;
        rc = marsad_analyze(a->an, text, len, keep_tok, &f);
        if (rc == MARSAD_ESTOP) rc = f.rc;
        if (rc) break;
        found = phrase_in_field(&f, w, n);
    }
    free(f.t);
    free(f.text);
    return rc ? rc : found;
}

/* ---- Facets ------------------------------------------------------------------------------ */

static int by_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int by_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    if (x == MSD_SEG_NO_DATE || y == MSD_SEG_NO_DATE) /* undated last */
        return (x == MSD_SEG_NO_DATE) - (y == MSD_SEG_NO_DATE);
    return (x > y) - (x < y);
}

static int by_count(const void *a, const void *b)
{
    const marsad_facet *x = a, *y = b;
    if (x->count != y->count) return x->count < y->count ? 1 : -1;
    if (!x->name || !y->name) return !x->name - !y->name; /* no outlet last */
    return strcmp(x->name, y->name);
}

/* "YYYY-MM-DD" of days since 1970-01-01 (Howard Hinnant's civil_from_days). */
static void day_text(int32_t days, char out[11])
{
    int64_t z = (int64_t)days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100),
            mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    unsigned yy = (unsigned)((y + (m <= 2)) % 10000), mm = (unsigned)m % 100,
             dd = (unsigned)d % 100;
    char buf[16];
    snprintf(buf, sizeof buf, "%04u-%02u-%02u", yy % 10000u, mm % 100u, dd % 100u);
    memcpy(out, buf, 11);
}

/* The facet counts from the engine's tally: values sorted, runs counted, names found.
 * Strings go to r->fstrings; the facets point into it once it stopped moving. */
static int facets_of(msd_archive *a, msd_hits *h, marsad_results *r)
{
    size_t used = 0, cap = 0, *offs[2] = {NULL, NULL};
    int rc = MARSAD_OK;
    r->facets_partial = h->facets_partial;
    if (!h->n_facets) return MARSAD_OK;
    qsort(h->f_sources, h->n_facets, sizeof *h->f_sources, by_u32);
    qsort(h->f_days, h->n_facets, sizeof *h->f_days, by_i32);
    for (int kind = 0; !rc && kind < 2; kind++) {
        marsad_facet *f;
        if (!(f = r->facets[kind] = calloc(h->n_facets, sizeof *f)) ||
            !(offs[kind] = calloc(h->n_facets, sizeof *offs[kind]))) {
            rc = MARSAD_ENOMEM;
            break;
        }
        for (size_t i = 0, j; !rc && i < h->n_facets; i = j) {
            char name[512];
            size_t m = r->n_facets[kind]++;
            int named = 1;
            for (j = i + 1; j < h->n_facets && (kind ? h->f_days[j] == h->f_days[i]
                                                     : h->f_sources[j] == h->f_sources[i]);
                 j++)
                ;
            f[m].count = j - i;
            if (kind) {
                named = h->f_days[i] != MSD_SEG_NO_DATE;
                if (named) day_text(h->f_days[i], name);
            } else if (!h->f_sources[i] ||
                       (rc = msd_store_source_name(a->store, h->f_sources[i], name, sizeof name))) {
                named = 0;
                if (rc == MARSAD_END)
                    rc = MARSAD_OK; /* a source gone: no name */
                else if (rc)
                    msd_archive_fail(a, rc, "%s: %s", a->path, msd_store_error(a->store));
            }
            offs[kind][m] = named ? keep(&r->fstrings, &used, &cap, name, &rc) : (size_t)-1;
        }
    }
    for (int kind = 0; !rc && kind < 2; kind++) {
        for (size_t m = 0; m < r->n_facets[kind]; m++)
            r->facets[kind][m].name =
                offs[kind][m] == (size_t)-1 ? NULL : r->fstrings + offs[kind][m];
        if (!kind) qsort(r->facets[0], r->n_facets[0], sizeof *r->facets[0], by_count);
    }
    free(offs[0]);
    free(offs[1]);
    return rc;
}

/* The filters of the query and of the options, as the engine takes them: source ids
 * (an unknown source matches nothing) and day bounds (both must hold). */
static int filters(msd_archive *a, const msd_query *q, const marsad_search_options *o,
                   msd_search_filter *f, uint32_t **srcs)
{
    size_t n = q->n_sources + o->n_sources;
    int32_t from = MSD_SEG_NO_DATE, to = MSD_SEG_NO_DATE;
    int rc = MARSAD_OK;
    memset(f, 0, sizeof *f);
    f->from = f->to = MSD_SEG_NO_DATE;
    *srcs = NULL;
    if (n && !(*srcs = calloc(n, sizeof **srcs))) return MARSAD_ENOMEM;
    /* both lists must hold: the query's sources, then the options' (an outlet in
     * neither list is out; in one list only, out too when the other has any) */
    for (size_t k = 0; !rc && k < n; k++) {
        const char *name = k < q->n_sources ? q->sources[k] : o->sources[k - q->n_sources];
        rc = msd_store_source(a->store, name, 0, &(*srcs)[f->n_sources]);
        if (rc == MARSAD_END) {
            rc = MARSAD_OK;
            (*srcs)[f->n_sources] = UINT32_MAX;
        }
        if (!rc) f->n_sources++;
    }
    if (!rc && q->n_sources && o->n_sources) { /* the intersection of the two lists */
        size_t m = 0;
        for (size_t i = 0; i < q->n_sources; i++)
            for (size_t j = q->n_sources; j < n; j++)
                if ((*srcs)[i] == (*srcs)[j] && (*srcs)[i] != UINT32_MAX) (*srcs)[m++] = (*srcs)[i];
        if (!m) (*srcs)[m++] = UINT32_MAX; /* nothing passes both */
        f->n_sources = m;
    }
    f->sources = *srcs;
    if (q->from[0]) f->from = msd_date_days(q->from);
    if (q->to[0]) f->to = msd_date_days(q->to);
    if (!rc && !(rc = option_day(o->from, 0, &from)) && !(rc = option_day(o->to, 1, &to))) {
        if (from != MSD_SEG_NO_DATE && (f->from == MSD_SEG_NO_DATE || from > f->from))
            f->from = from;
        if (to != MSD_SEG_NO_DATE && (f->to == MSD_SEG_NO_DATE || to < f->to)) f->to = to;
    }
    return rc;
}

static int run_query(marsad_archive *a, msd_query *q, const marsad_search_options *o, double t0,
                     marsad_results **out)
{
    marsad_search_options defaults;
    msd_search_opts eo;
    msd_search_filter f;
    uint32_t *srcs = NULL;
    msd_hits hits;
    marsad_results *r;
    int rc;
    if (!o) marsad_search_options_init(&defaults), o = &defaults;
    if ((rc = engine_options(o, &eo))) return rc;
    /* the budget runs from the call (t0: parsing included); a version 1 or 2 struct ends
     * before budget_ms */
    if (o->version >= 3 && o->budget_ms > 0) eo.deadline = (t0 + o->budget_ms) / 1e3;
    if (a->deferred) return msd_archive_fail(a, MARSAD_EIO, "%s: no archive there yet", a->path);
    if (!(r = calloc(1, sizeof *r))) return MARSAD_ENOMEM;
    eo.phrase_at = phrase_at;
    eo.phrase_ctx = a;
    rc = filters(a, q, o, &f, &srcs);
    if (!rc) rc = msd_archive_resolve_sets(a, q->root);
    if (!rc && (rc = msd_search_run(a->ix, a->an, q->root, &f, &eo, &hits)) == MARSAD_ECORRUPT)
        msd_archive_damaged(a, a->ix); /* a segment: named */
    free(srcs);
    if (!rc) {
        int txn = msd_store_read_begin(a->store); /* the hits' rows: one snapshot, one lock */
        r->total = hits.matched;
        r->lower_bound = hits.pruned;
        rc = fill(a, &hits, o, r); /* its errors are said on the handle */
        r->facets_asked = eo.facets;
        if (!rc) rc = facets_of(a, &hits, r);
        msd_store_read_end(a->store, txn);
        msd_hits_clear(&hits);
    }
    if (rc) {
        marsad_results_free(r);
        return rc;
    }
    r->took_ms = now_ms() - t0;
    *out = r;
    return MARSAD_OK;
}

int marsad_search(marsad_archive *a, const char *q, size_t n, const marsad_search_options *o,
                  marsad_results **out, marsad_query_error *err)
{
    double t0 = now_ms();
    msd_query parsed;
    int rc;
    *out = NULL;
    if (!a || (!q && n)) return MARSAD_EINVAL;
    if ((rc = parse(q, n, o ? o->any : 0, &parsed, err))) return rc;
    rc = run_query(a, &parsed, o, t0, out);
    msd_query_clear(&parsed);
    if (rc == MARSAD_ETOOBIG) { /* the query's fault: refused as a parser refusal is */
        if (err) {
            memset(err, 0, sizeof *err);
            snprintf(err->message, sizeof err->message,
                     "more than %d different prefixes (word*); make them fewer or longer",
                     MSD_QUERY_MAX_PREFIXES);
        }
        rc = MARSAD_EQUERY;
    }
    return rc;
}

int marsad_search_query(marsad_archive *a, const marsad_query *q, const marsad_search_options *o,
                        marsad_results **out)
{
    *out = NULL;
    if (!a || !q) return MARSAD_EINVAL;
    /* its catalog sets take their ids for this archive (marsad.h: not shared meanwhile) */
    return run_query(a, &((marsad_query *)q)->q, o, now_ms(), out);
}

size_t marsad_results_count(const marsad_results *r)
{
    return r ? r->n : 0;
}

const marsad_hit *marsad_results_hit(const marsad_results *r, size_t i)
{
    return r && i < r->n ? &r->hits[i] : NULL;
}

uint64_t marsad_results_total(const marsad_results *r, int *lower_bound)
{
    if (lower_bound) *lower_bound = r ? r->lower_bound : 0;
    return r ? r->total : 0;
}

const marsad_facet *marsad_results_facets(const marsad_results *r, int kind, size_t *n,
                                          int *partial)
{
    static const marsad_facet none[1];
    if (partial) *partial = r ? r->facets_partial : 0;
    if (!n) return NULL;
    *n = 0;
    if (!r || kind < 0 || kind > 1 || !r->facets_asked) return NULL;
    *n = r->n_facets[kind];
    return *n ? r->facets[kind] : none;
}

double marsad_results_took_ms(const marsad_results *r)
{
    return r ? r->took_ms : 0;
}

int marsad_hit_marked(const marsad_hit *h, const char *open, const char *close, char **out)
{
    msd_snippet sn;
    if (!out) return MARSAD_EINVAL;
    *out = NULL;
    if (!h) return MARSAD_EINVAL;
    memset(&sn, 0, sizeof sn);
    sn.text = (char *)(h->snippet ? h->snippet : "");
    sn.len = strlen(sn.text);
    sn.hl = (size_t(*)[2])h->highlights;
    sn.n_hl = h->snippet ? h->n_highlights : 0;
    return msd_snippet_mark(&sn, open, close, out);
}

void marsad_results_free(marsad_results *r)
{
    if (!r) return;
    for (size_t k = 0; k < r->n; k++) {
        free((char *)r->hits[k].snippet);
        free((void *)r->hits[k].highlights);
    }
    free(r->hits);
    free(r->strings);
    free(r->facets[0]);
    free(r->facets[1]);
    free(r->fstrings);
    free(r);
}
