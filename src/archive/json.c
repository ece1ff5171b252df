/*
 * json.c — the JSON marsad prints and serves (docs/api.md, schema 1): articles, written
 * from the field tables the catalog is built from (store/fields.h), search results,
 * statistics and duplicate groups. Compact, one object a line, keys in a fixed order.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/internal.h"
#include "store/fields.h"

/* Reals with 15 significant digits: 0.1, not 0.10000000000000001 (a double's 17). */
#define FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/* A string or null; a value jansson refuses (invalid UTF-8) is null too, never a key
 * silently missing from the object. */
static json_t *str_or_null(const char *s)
{
    json_t *v = s ? json_string(s) : NULL;
    return v ? v : json_null();
}

/* A number: whole numbers as integers (3000, not 3000.0). */
static json_t *number(double v)
{
    if (v == (double)(long long)v && fabs(v) < 9007199254740992.0)
        return json_integer((json_int_t)v);
    return json_real(v);
}

static int dump_flags(json_t *o, size_t flags, char **json, size_t *len)
{
    char *s = o ? json_dumps(o, flags) : NULL;
    json_decref(o);
    *json = s;
    if (len) *len = s ? strlen(s) : 0;
    return s ? MARSAD_OK : MARSAD_ENOMEM;
}

static int dump(json_t *o, char **json, size_t *len)
{
    return dump_flags(o, FLAGS, json, len);
}

/* ---- Articles ------------------------------------------------------------------------ */

/* "2023-05-14 2017-05-14" → ["2023-05-14", "2017-05-14"] (MSD_SPACE_LIST). */
static json_t *words_json(const char *s)
{
    json_t *arr = json_array();
    while (arr && *s) {
        size_t n = strcspn(s, " ");
        if (n) json_array_append_new(arr, json_stringn(s, n));
        s += n + (s[n] == ' ');
    }
    return arr;
}

static json_t *item_json(const msd_fkind *k, const char *item)
{
    json_t *o = json_object();
    for (size_t c = 0; o && c < k->ncols; c++) {
        const msd_fcol *col = &k->cols[c];
        const void *p = item + col->off;
        json_t *v = NULL;
        if ((col->flags & MSD_OMIT_UNLESS) && !*(char *const *)(item + col->off_with)) continue;
        if ((col->flags & MSD_OMIT_EMPTY_SPAN) &&
            *(const size_t *)(item + col->off_start) == *(const size_t *)(item + col->off_end))
            continue;
        switch (col->type) {
        case MSD_T_STR:
        case MSD_T_NAME:
        case MSD_T_ENUM:
        case MSD_T_SLICE: {
            const char *s = *(const char *const *)p;
            if (!s && (col->flags & MSD_OMIT_NULL)) continue;
            if (s && (col->flags & MSD_OMIT_DEFAULT) && !strcmp(s, col->def)) continue;
            v = str_or_null(s);
            break;
        }
        case MSD_T_CHARS:
            if (!*(const char *)p && (col->flags & (MSD_SPACE_LIST | MSD_OMIT_EMPTY))) {
                continue;
            } else if (!(col->flags & MSD_SPACE_LIST)) {
                v = str_or_null((const char *)p);
            } else {
                v = words_json((const char *)p);
            }
            break;
        case MSD_T_SIZE: {
            size_t n = *(const size_t *)p;
            v = !n && (col->flags & MSD_ZERO_NULL) ? json_null() : json_integer((json_int_t)n);
            break;
        }
        case MSD_T_BOOL:
            if (!*(const int *)p && (col->flags & MSD_OMIT_FALSE)) continue;
            v = json_boolean(*(const int *)p);
            break;
        default:
            if ((col->flags & MSD_NAN_NULL) && isnan(*(const double *)p)) continue;
            v = number(*(const double *)p);
        }
        json_object_set_new(o, col->json, v);
    }
    return o;
}

static json_t *items_json(const marsad_article *r, int kind)
{
    const msd_fkind *k = &msd_fact_kinds[kind];
    size_t n;
    const char *items = msd_record_items(r, kind, &n);
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++)
        json_array_append_new(arr, item_json(k, items + i * k->item_size));
    return arr;
}

static json_t *dups_json(const marsad_article *r)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < r->n_dups; i++) {
        const msd_dupref *d = &r->dups[i];
        json_t *o = json_object();
        json_object_set_new(o, "id", str_or_null(d->id));
        json_object_set_new(o, "source", str_or_null(d->source));
        json_object_set_new(o, "date", str_or_null(d->date));
        json_object_set_new(o, "kind", str_or_null(d->kind));
        json_object_set_new(o, "jaccard",
                            d->kind ? json_real(round(d->jaccard * 1000) / 1000) : json_null());
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *field_json(const marsad_article *r, const msd_afield *f)
{
    const char *s = f->field >= 0 && f->field < MSD_NFIELDS ? r->f[f->field] : NULL;
    switch (f->kind) {
    case MSD_A_SCHEMA: return json_integer(1);
    case MSD_A_BODY:
        return r->f[MARSAD_FIELD_BODY] ? json_stringn(r->f[MARSAD_FIELD_BODY], r->body_len)
                                       : json_null();
    case MSD_A_REMOVED:
    case MSD_A_FACTS: return items_json(r, f->field);
    case MSD_A_TRUNCATED: return r->facts_truncated ? json_true() : NULL;
    case MSD_A_JSON: {
        json_error_t err;
        return s ? json_loads(s, 0, &err) : NULL; /* an object, not its text */
    }
    case MSD_A_JACCARD:
        return r->f[MARSAD_FIELD_DUPLICATE_KIND] ? json_real(round(r->dup_jaccard * 1000) / 1000)
                                                 : json_null();
    case MSD_A_DUPS: return dups_json(r);
    default:
        if (!s) return f->flags & MSD_SHOW_NULL ? json_null() : NULL;
        return str_or_null(s);
    }
}

int marsad_article_json(const marsad_article *a, int view, char **json, size_t *len)
{
    json_t *o;
    unsigned bit;
    *json = NULL;
    if (!a || view < MARSAD_JSON_ARTICLE || view > MARSAD_JSON_FACTS) return MARSAD_EINVAL;
    bit = 1u << view;
    if (!(o = json_object())) return MARSAD_ENOMEM;
    for (size_t i = 0; i < msd_article_nfields; i++) {
        const msd_afield *f = &msd_article_fields[i];
        json_t *v;
        if (!(f->views & bit) || ((f->flags & MSD_ONLY_ARCHIVED) && !a->rowid)) continue;
        if ((v = field_json(a, f))) json_object_set_new(o, f->json, v);
    }
    return dump(o, json, len);
}

/* ---- Search results, statistics, duplicate groups --------------------------------------- */

int marsad_results_json(const marsad_results *r, const char *q, size_t n, char **json, size_t *len)
{
    json_t *o = json_object(), *arr = json_array();
    int lower, partial = 0;
    size_t nf = 0;
    uint64_t total = marsad_results_total(r, &lower);
    *json = NULL;
    if (!o || !arr) {
        json_decref(o);
        json_decref(arr);
        return MARSAD_ENOMEM;
    }
    json_object_set_new(o, "schema", json_integer(1));
    json_object_set_new(o, "query", q ? json_stringn(q, n) : json_null());
    json_object_set_new(o, "total", json_integer((json_int_t)total));
    if (lower) json_object_set_new(o, "total_is_lower_bound", json_true());
    json_object_set_new(o, "took_ms", json_real(round(marsad_results_took_ms(r) * 1000) / 1000));
    for (size_t k = 0; k < marsad_results_count(r); k++) {
        const marsad_hit *x = marsad_results_hit(r, k);
        json_t *e = json_object(), *hl = json_array();
        json_object_set_new(e, "id", str_or_null(x->id));
        json_object_set_new(e, "score", json_real(round(x->score * 1000) / 1000));
        json_object_set_new(e, "title", str_or_null(x->title));
        json_object_set_new(e, "source", str_or_null(x->source));
        json_object_set_new(e, "date", str_or_null(x->date));
        json_object_set_new(e, "duplicates", json_integer((json_int_t)x->duplicates));
        json_object_set_new(e, "url", str_or_null(x->url));
        json_object_set_new(e, "story",
                            x->story ? json_integer((json_int_t)x->story) : json_null());
        json_object_set_new(e, "snippet", str_or_null(x->snippet));
        for (size_t h = 0; h < x->n_highlights; h++) {
            json_t *pair = json_array();
            json_array_append_new(pair, json_integer((json_int_t)x->highlights[h][0]));
            json_array_append_new(pair, json_integer((json_int_t)x->highlights[h][1]));
            json_array_append_new(hl, pair);
        }
        json_object_set_new(e, "highlights", hl);
        json_array_append_new(arr, e);
    }
    json_object_set_new(o, "results", arr);
    if (marsad_results_facets(r, MARSAD_FACET_SOURCES, &nf, &partial)) { /* asked */
        json_t *fo = json_object();
        static const char *const kinds[2] = {"sources", "days"}, *const keys[2] = {"name", "day"};
        for (int kind = 0; kind < 2; kind++) {
            const marsad_facet *f = marsad_results_facets(r, kind, &nf, NULL);
            json_t *fa = json_array();
            for (size_t i = 0; i < nf; i++) {
                json_t *e = json_object();
                json_object_set_new(e, keys[kind], str_or_null(f[i].name));
                json_object_set_new(e, "count", json_integer((json_int_t)f[i].count));
                json_array_append_new(fa, e);
            }
            json_object_set_new(fo, kinds[kind], fa);
        }
        if (partial) json_object_set_new(fo, "partial", json_true());
        json_object_set_new(o, "facets", fo);
    }
    /* scores and times are rounded to 3 decimals: printed so, not as 0.36499999999999999 */
    return dump_flags(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10), json, len);
}

int marsad_search_error_json(const char *q, size_t n, int rc, const marsad_query_error *err,
                             char **json, size_t *len)
{
    json_t *o = json_object();
    int at_place = rc == MARSAD_EQUERY && err; /* else the query as a whole */
    *json = NULL;
    if (!o) return MARSAD_ENOMEM;
    json_object_set_new(o, "schema", json_integer(1));
    json_object_set_new(o, "query", q ? json_stringn(q, n) : json_null());
    json_object_set_new(o, "error", json_string(at_place ? err->message : marsad_strerror(rc)));
    json_object_set_new(o, "code", json_string(marsad_status_name(rc)));
    json_object_set_new(o, "position", json_integer(at_place ? (json_int_t)err->position : 0));
    json_object_set_new(o, "results", json_array());
    return dump(o, json, len);
}

int marsad_stats_json(const marsad_stats *st, char **json, size_t *len)
{
    json_t *o = json_object();
    *json = NULL;
    if (!st || st->version != MARSAD_STATS_VERSION) {
        json_decref(o);
        return MARSAD_EINVAL;
    }
    json_object_set_new(o, "articles", json_integer((json_int_t)st->articles));
    json_object_set_new(o, "sources", json_integer((json_int_t)st->sources));
    json_object_set_new(o, "first_date",
                        st->first_date[0] ? json_string(st->first_date) : json_null());
    json_object_set_new(o, "last_date",
                        st->last_date[0] ? json_string(st->last_date) : json_null());
    json_object_set_new(o, "exact_duplicates", json_integer((json_int_t)st->exact_duplicates));
    json_object_set_new(o, "near_duplicates", json_integer((json_int_t)st->near_duplicates));
    json_object_set_new(o, "duplicate_groups", json_integer((json_int_t)st->duplicate_groups));
    json_object_set_new(o, "segments", json_integer((json_int_t)st->segments));
    json_object_set_new(o, "index_documents", json_integer((json_int_t)st->index_documents));
    json_object_set_new(o, "index_terms", json_integer((json_int_t)st->index_terms));
    json_object_set_new(o, "index_bytes", json_integer((json_int_t)st->index_bytes));
    json_object_set_new(o, "catalog_bytes", json_integer((json_int_t)st->catalog_bytes));
    return dump(o, json, len);
}

int marsad_dup_group_json(const marsad_dup_group *g, char **json, size_t *len)
{
    json_t *o = json_object(), *arr = json_array();
    *json = NULL;
    if (!g || !o || !arr) {
        json_decref(o);
        json_decref(arr);
        return g ? MARSAD_ENOMEM : MARSAD_EINVAL;
    }
    json_object_set_new(o, "size", json_integer((json_int_t)g->size));
    json_object_set_new(o, "first", str_or_null(g->id));
    json_object_set_new(o, "date", str_or_null(g->date));
    json_object_set_new(o, "source", str_or_null(g->source));
    json_object_set_new(o, "title", str_or_null(g->title));
    for (size_t i = 0; i < g->n_members; i++) {
        const marsad_duplicate *m = &g->members[i];
        json_t *e = json_object();
        json_object_set_new(e, "id", str_or_null(m->id));
        json_object_set_new(e, "date", str_or_null(m->date));
        json_object_set_new(e, "source", str_or_null(m->source));
        json_object_set_new(e, "kind", str_or_null(m->kind));
        json_object_set_new(e, "jaccard", json_real(round(m->jaccard * 1000) / 1000));
        json_array_append_new(arr, e);
    }
    json_object_set_new(o, "members", arr);
    return dump(o, json, len);
}

/* ---- Stories ---------------------------------------------------------------------------- */

static json_t *counts_json(const marsad_count *c, size_t n, const char *key)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        json_t *e = json_object();
        json_object_set_new(e, key, str_or_null(c[i].name));
        json_object_set_new(e, "articles", json_integer((json_int_t)c[i].n));
        json_array_append_new(arr, e);
    }
    return arr;
}

static json_t *entities_json(const marsad_story *s)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < s->n_entities; i++) {
        const marsad_story_entity *e = &s->entities[i];
        json_t *o = json_object();
        json_object_set_new(o, "canonical", str_or_null(e->canonical));
        json_object_set_new(o, "type", str_or_null(e->type));
        json_object_set_new(o, "mentions", json_integer((json_int_t)e->mentions));
        json_object_set_new(o, "articles", json_integer((json_int_t)e->articles));
        json_object_set_new(o, "first", str_or_null(e->first));
        json_object_set_new(o, "last", str_or_null(e->last));
        json_array_append_new(arr, o);
    }
    return arr;
}

int marsad_entity_json(const marsad_story_entity *e, char **json, size_t *len)
{
    json_t *o;
    *json = NULL;
    if (len) *len = 0;
    if (!e || !e->canonical) return MARSAD_EINVAL;
    if (!(o = json_object())) return MARSAD_ENOMEM;
    json_object_set_new(o, "name", str_or_null(e->canonical));
    json_object_set_new(o, "type", str_or_null(e->type));
    json_object_set_new(o, "articles", json_integer((json_int_t)e->articles));
    json_object_set_new(o, "mentions", json_integer((json_int_t)e->mentions));
    json_object_set_new(o, "first", str_or_null(e->first));
    json_object_set_new(o, "last", str_or_null(e->last));
    return dump(o, json, len);
}

/* A quotation of a story, or of `marsad quotes` (which adds its story). */
static json_t *quote_obj(const marsad_story_quote *q)
{
    json_t *e = json_object();
    json_object_set_new(e, "speaker", str_or_null(q->speaker));
    json_object_set_new(e, "cue", str_or_null(q->cue));
    json_object_set_new(e, "text", str_or_null(q->text));
    json_object_set_new(e, "direct", json_boolean(q->direct));
    json_object_set_new(e, "article", str_or_null(q->article));
    json_object_set_new(e, "source", str_or_null(q->source));
    json_object_set_new(e, "date", str_or_null(q->date));
    json_object_set_new(e, "start", json_integer((json_int_t)q->start));
    json_object_set_new(e, "end", json_integer((json_int_t)q->end));
    return e;
}

static json_t *story_detail_json(const marsad_story *s, json_t *o)
{
    static const char *const verdicts[] = {"agrees", "update", "disagrees"};
    json_t *tl = json_array(), *mem = json_array(), *cl = json_array(), *qs = json_array();
    for (size_t i = 0; i < s->n_timeline; i++) {
        json_t *e = json_object();
        json_object_set_new(e, "day", str_or_null(s->timeline[i].day));
        json_object_set_new(e, "source", str_or_null(s->timeline[i].source));
        json_object_set_new(e, "articles", json_integer((json_int_t)s->timeline[i].n));
        json_array_append_new(tl, e);
    }
    for (size_t i = 0; i < s->n_members; i++) {
        const marsad_story_article *m = &s->members[i];
        json_t *e = json_object();
        json_object_set_new(e, "id", str_or_null(m->id));
        json_object_set_new(e, "title", str_or_null(m->title));
        json_object_set_new(e, "source", str_or_null(m->source));
        json_object_set_new(e, "date", str_or_null(m->date));
        json_object_set_new(e, "url", str_or_null(m->url));
        json_object_set_new(e, "duplicate_of", str_or_null(m->duplicate_of));
        json_object_set_new(e, "duplicate_kind", str_or_null(m->duplicate_kind));
        json_array_append_new(mem, e);
    }
    for (size_t i = 0; i < s->n_claims; i++) {
        const marsad_claim *c = &s->claims[i];
        json_t *e = json_object();
        json_object_set_new(e, "quantity", str_or_null(c->quantity));
        json_object_set_new(e, "text", str_or_null(c->text));
        json_object_set_new(e, "value", number(c->value));
        json_object_set_new(e, "qualifier", str_or_null(c->qualifier));
        json_object_set_new(e, "unit", str_or_null(c->unit));
        json_object_set_new(e, "counted", str_or_null(c->counted));
        json_object_set_new(e, "article", str_or_null(c->article));
        json_object_set_new(e, "source", str_or_null(c->source));
        json_object_set_new(e, "date", str_or_null(c->date));
        json_object_set_new(e, "speaker", str_or_null(c->speaker));
        json_object_set_new(e, "start", json_integer((json_int_t)c->start));
        json_object_set_new(e, "end", json_integer((json_int_t)c->end));
        json_object_set_new(e, "verdict", json_string(verdicts[c->verdict % 3]));
        if (c->verdict) json_object_set_new(e, "other", json_integer((json_int_t)c->other));
        json_array_append_new(cl, e);
    }
    for (size_t i = 0; i < s->n_quotes; i++) json_array_append_new(qs, quote_obj(&s->quotes[i]));
    json_object_set_new(o, "timeline", tl);
    json_object_set_new(o, "members", mem);
    json_object_set_new(o, "claims", cl);
    json_object_set_new(o, "quotes", qs);
    return o;
}

int marsad_story_json(const marsad_story *s, char **json, size_t *len)
{
    json_t *o, *ids;
    *json = NULL;
    if (!s) return MARSAD_EINVAL;
    if (!(o = json_object()) || !(ids = json_array())) {
        json_decref(o);
        return MARSAD_ENOMEM;
    }
    json_object_set_new(o, "id", json_integer((json_int_t)s->id));
    if (s->asked) json_object_set_new(o, "merged_from", json_integer((json_int_t)s->asked));
    json_object_set_new(o, "title", str_or_null(s->title));
    json_object_set_new(o, "first", str_or_null(s->first));
    json_object_set_new(o, "last", str_or_null(s->last));
    json_object_set_new(o, "size", json_integer((json_int_t)s->articles));
    json_object_set_new(o, "texts", json_integer((json_int_t)s->texts));
    json_object_set_new(o, "heat", json_real(round(s->heat * 1000) / 1000));
    json_object_set_new(o, "sources", counts_json(s->sources, s->n_sources, "name"));
    json_object_set_new(o, "days", counts_json(s->days, s->n_days, "day"));
    json_object_set_new(o, "entities", entities_json(s));
    for (size_t i = 0; i < s->n_article_ids; i++)
        json_array_append_new(ids, str_or_null(s->article_ids[i]));
    json_object_set_new(o, "articles", ids);
    if (s->members) story_detail_json(s, o);
    return dump(o, json, len);
}

int marsad_quote_json(const marsad_story_quote *q, int64_t story, char **json, size_t *len)
{
    json_t *o;
    *json = NULL;
    if (!q) return MARSAD_EINVAL;
    if (!(o = quote_obj(q))) return MARSAD_ENOMEM;
    json_object_set_new(o, "story", story ? json_integer((json_int_t)story) : json_null());
    return dump(o, json, len);
}
