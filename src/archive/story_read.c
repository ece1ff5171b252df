/*
 * story_read.c — stories as a reader sees them (marsad_archive_stories,
 * marsad_archive_story): each assembled from the catalog's member rows with its title,
 * counts, timeline, entities and, for one story, its members, ledger and quotations.
 *
 * Nothing here is kept between calls: a story is computed from its rows when asked,
 * so it is always the catalog's (a list of every story of a 30,000-article archive
 * reads every member row once; bench/RESULTS.md has the times).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "archive/internal.h"
#include "stories/ledger.h"
#include "store/store.h"
#include "util/date.h"
#include "util/grow.h"
#include "util/hash.h"
#include "util/idmap.h"
#include "util/str.h"

#define HEAT_DAYS     2.0 /* a member's weight halves… every this many days before the newest */
#define LIST_ENTITIES 5
/* A figure is judged against others only in its article's lead: a toll one outlet gives
 * and another contradicts stands there ("أسفر عن مقتل 27 شخصا"); further down the body
 * the same noun counts the background (40,000 killed in 30 years of the conflict) or
 * another incident. Judging the whole body, 2 of 30 disagreements checked by hand on
 * SaudiNewsNet were true (bench/RESULTS.md). */
#define LEAD_CHARS 700

/* A story and everything it points to, in one allocation tree. */
struct story {
    marsad_story s; /* first: marsad_story_free casts back */
    char **strs;    /* every string the story gives out */
    size_t n_strs, cap_strs;
    marsad_count *sources, *days;
    size_t cap_sources, cap_days;
    char **ids;
    size_t cap_ids;
    marsad_story_entity *ents;
    size_t n_ents, cap_ents;
    uint64_t *ent_last; /* the article of each entity's last mention (hashed id) */
    msd_idmap ent_of;   /* hashed canonical name → its index in ents */
    marsad_story_cell *cells;
    size_t cap_cells;
    marsad_story_article *members;
    size_t cap_members;
    marsad_claim *claims;
    size_t cap_claims;
    marsad_story_quote *quotes;
    size_t cap_quotes;
    msd_idmap groups; /* distinct texts */
    int rc;
};

static const char *keep(struct story *b, const char *s)
{
    char *c;
    if (!s) return NULL;
    if (b->rc) return "";
    if (msd_grow((void **)&b->strs, &b->cap_strs, b->n_strs + 1, sizeof *b->strs,
                 MSD_GROW_BATCH_MAX) ||
        !(c = msd_strdup(s))) {
        b->rc = MARSAD_ENOMEM;
        return "";
    }
    b->strs[b->n_strs++] = c;
    return c;
}

static void story_release(struct story *b)
{
    for (size_t i = 0; i < b->n_strs; i++) free(b->strs[i]);
    free(b->strs);
    free(b->sources);
    free(b->days);
    free(b->ids);
    free(b->ents);
    free(b->ent_last);
    free(b->cells);
    free(b->members);
    free(b->claims);
    free(b->quotes);
    msd_idmap_free(&b->groups);
    msd_idmap_free(&b->ent_of);
    memset(b, 0, sizeof *b);
}

void marsad_story_free(marsad_story *s)
{
    if (!s) return;
    story_release((struct story *)s);
    free(s);
}

/* Adds one to the count named name in *arr (n, cap), kept as a string of b. */
static void count(struct story *b, marsad_count **arr, size_t *n, size_t *cap, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*arr)[i].name, name)) {
            (*arr)[i].n++;
            return;
        }
    if (b->rc || msd_grow((void **)arr, cap, *n + 1, sizeof **arr, MSD_GROW_BATCH_MAX)) {
        b->rc = MARSAD_ENOMEM;
        return;
    }
    (*arr)[*n].name = keep(b, name);
    (*arr)[(*n)++].n = 1;
}

static int cmp_count_desc(const void *x, const void *y)
{
    const marsad_count *a = x, *b = y;
    if (a->n != b->n) return a->n < b->n ? 1 : -1;
    return strcmp(a->name, b->name);
}

static int cmp_count_name(const void *x, const void *y)
{
    return strcmp(((const marsad_count *)x)->name, ((const marsad_count *)y)->name);
}

/* ---- One story from its rows ------------------------------------------------------ */

struct member_row {
    msd_storyvec v;
    const char *title;
};

struct assembling {
    msd_archive *a;
    struct story *b;
    int detail;
    int32_t ref_day; /* the newest day, for heat */
    struct member_row *rows;
    size_t n_rows, cap_rows;
    msd_ledger_lemmas lemmas;
    msd_ledger_claim *judged;
    size_t cap_judged;
    char **quantities; /* the quantity key of each claim, owned by b */
};

static int member(void *ctx, const msd_store_row *r)
{
    struct assembling *x = ctx;
    struct story *b = x->b;
    marsad_story *s = &b->s;
    const char *date = msd_row_text(r, 4), *source = msd_row_text(r, 3);
    const void *vec;
    size_t len;
    char day[11];
    const char *d = date ? msd_date_iso(date, day) : NULL;
    int32_t dn = msd_date_days(date);
    int fresh;
    if (msd_grow((void **)&b->ids, &b->cap_ids, s->n_article_ids + 1, sizeof *b->ids,
                 MSD_GROW_BATCH_MAX) ||
        msd_grow((void **)&x->rows, &x->cap_rows, x->n_rows + 1, sizeof *x->rows,
                 MSD_GROW_BATCH_MAX))
        return MARSAD_ENOMEM;
    b->ids[s->n_article_ids++] = (char *)keep(b, msd_row_text(r, 1));
    vec = msd_row_blob(r, 8, &len);
    if (msd_storyvec_decode(vec, len, &x->rows[x->n_rows].v))
        memset(&x->rows[x->n_rows].v, 0, sizeof x->rows[x->n_rows].v);
    x->rows[x->n_rows++].title = keep(b, msd_row_text(r, 2));
    s->articles++;
    if (!msd_idmap_slot(&b->groups, (uint64_t)msd_row_int(r, 9), 0, &fresh)) return MARSAD_ENOMEM;
    s->texts += fresh;
    if (source) count(b, &b->sources, &s->n_sources, &b->cap_sources, source);
    if (d) {
        if (!s->first || strcmp(d, s->first) < 0) s->first = keep(b, d);
        if (!s->last || strcmp(d, s->last) > 0) s->last = keep(b, d);
        count(b, &b->days, &s->n_days, &b->cap_days, d);
    }
    if (dn != MSD_NO_DAY && x->ref_day != MSD_NO_DAY && dn <= x->ref_day)
        s->heat += pow(0.5, (double)(x->ref_day - dn) / HEAT_DAYS);
    if (x->detail) {
        marsad_story_article *m;
        size_t i;
        if (msd_grow((void **)&b->members, &b->cap_members, s->n_members + 1, sizeof *b->members,
                     MSD_GROW_BATCH_MAX))
            return MARSAD_ENOMEM;
        m = &b->members[s->n_members++];
        m->id = b->ids[s->n_article_ids - 1];
        m->title = x->rows[x->n_rows - 1].title;
        m->source = keep(b, source);
        m->date = keep(b, d ? d : date);
        m->url = keep(b, msd_row_text(r, 5));
        m->duplicate_of = keep(b, msd_row_text(r, 6));
        m->duplicate_kind = keep(b, msd_row_text(r, 7));
        for (i = 0; i < s->n_timeline; i++) /* the cell of this day and outlet */
            if (((!d && !b->cells[i].day) ||
                 (d && b->cells[i].day && !strcmp(d, b->cells[i].day))) &&
                !strcmp(b->cells[i].source, source ? source : ""))
                break;
        if (i == s->n_timeline) {
            if (msd_grow((void **)&b->cells, &b->cap_cells, s->n_timeline + 1, sizeof *b->cells,
                         MSD_GROW_BATCH_MAX))
                return MARSAD_ENOMEM;
            b->cells[i].day = keep(b, d);
            b->cells[i].source = keep(b, source ? source : "");
            b->cells[i].n = 0;
            s->n_timeline++;
        }
        b->cells[i].n++;
    }
    return b->rc;
}

/* The title: the headline of the member closest to the story's centroid (the earliest
 * of equals), which is the story's most typical article, not merely its first. */
static void choose_title(struct assembling *x)
{
    msd_idmap sum = {0};
    uint64_t *vals = NULL;
    size_t n_vals = 0, cap_vals = 0, best = 0;
    double best_score = -1;
    for (size_t i = 0; i < x->n_rows; i++)
        for (uint32_t k = 0; k < x->rows[i].v.n; k++) {
            int fresh;
            uint32_t *slot = msd_idmap_slot(&sum, x->rows[i].v.key[k], (uint32_t)n_vals, &fresh);
            if (!slot || (fresh && msd_grow((void **)&vals, &cap_vals, n_vals + 1, sizeof *vals,
                                            MSD_GROW_BATCH_MAX))) {
                x->b->rc = MARSAD_ENOMEM;
                goto out;
            }
            if (fresh) vals[n_vals++] = 0;
            vals[*slot] += x->rows[i].v.w[k];
        }
    for (size_t i = 0; i < x->n_rows; i++) {
        double dot = 0;
        for (uint32_t k = 0; k < x->rows[i].v.n; k++)
            dot +=
                (double)x->rows[i].v.w[k] * (double)vals[*msd_idmap_get(&sum, x->rows[i].v.key[k])];
        if (dot > best_score) {
            best_score = dot;
            best = i;
        }
    }
    if (x->n_rows) x->b->s.title = x->rows[best].title;
out:
    msd_idmap_free(&sum);
    free(vals);
}

static int entity(void *ctx, const msd_store_row *r)
{
    struct assembling *x = ctx;
    struct story *b = x->b;
    const char *name = msd_row_text(r, 0), *type = msd_row_text(r, 1), *ext = msd_row_text(r, 2);
    const char *date = msd_row_text(r, 3);
    uint64_t article = ext ? msd_hash64(ext, strlen(ext)) : 0;
    char day[11];
    const char *d = date ? msd_date_iso(date, day) : NULL;
    marsad_story_entity *e = NULL;
    uint64_t key;
    const uint32_t *at;
    size_t i = 0;
    if (!name) return MARSAD_OK;
    key = msd_hash64(name, strlen(name));
    if ((at = msd_idmap_get(&b->ent_of, key)) && !strcmp(b->ents[*at].canonical, name))
        i = *at;
    else if (at) /* two names of one hash: look by name */
        while (i < b->n_ents && strcmp(b->ents[i].canonical, name)) i++;
    else
        i = b->n_ents;
    if (i == b->n_ents) {
        size_t cap = b->cap_ents;
        if (msd_grow((void **)&b->ents, &b->cap_ents, b->n_ents + 1, sizeof *b->ents,
                     MSD_GROW_BATCH_MAX) ||
            msd_grow((void **)&b->ent_last, &cap, b->n_ents + 1, sizeof *b->ent_last,
                     MSD_GROW_BATCH_MAX))
            return MARSAD_ENOMEM;
        if (!at && !msd_idmap_slot(&b->ent_of, key, (uint32_t)i, NULL)) return MARSAD_ENOMEM;
        e = &b->ents[b->n_ents++];
        memset(e, 0, sizeof *e);
        e->canonical = keep(b, name);
        e->type = keep(b, type ? type : "MISC");
        e->first = keep(b, d);
        b->ent_last[i] = 0;
    }
    e = &b->ents[i];
    e->mentions++;
    if (b->ent_last[i] != article || !e->articles) e->articles++; /* rows come by article */
    b->ent_last[i] = article;
    if (d) e->last = keep(b, d);
    return b->rc;
}

static int cmp_entity(const void *x, const void *y)
{
    const marsad_story_entity *a = x, *b = y;
    if (a->mentions != b->mentions) return a->mentions < b->mentions ? 1 : -1;
    return strcmp(a->canonical, b->canonical);
}

static int number(void *ctx, const msd_store_row *r)
{
    struct assembling *x = ctx;
    struct story *b = x->b;
    char key[128], day[11];
    const char *date = msd_row_text(r, 1), *d = date ? msd_date_iso(date, day) : NULL;
    marsad_claim *c;
    size_t n = msd_ledger_quantity(&x->lemmas, x->a->an, msd_row_text(r, 8), msd_row_text(r, 7),
                                   msd_row_text(r, 11), msd_row_text(r, 12), key, sizeof key);
    if (!n) return MARSAD_OK; /* counts nothing a ledger can compare */
    if (msd_grow((void **)&b->claims, &b->cap_claims, b->s.n_claims + 1, sizeof *b->claims,
                 MSD_GROW_BATCH_MAX))
        return MARSAD_ENOMEM;
    c = &b->claims[b->s.n_claims++];
    memset(c, 0, sizeof *c);
    c->quantity = keep(b, key);
    c->article = keep(b, msd_row_text(r, 0));
    c->date = keep(b, d ? d : date);
    c->source = keep(b, msd_row_text(r, 2));
    c->start = (size_t)msd_row_int(r, 3);
    c->end = (size_t)msd_row_int(r, 4);
    c->value = msd_row_double(r, 5);
    c->qualifier = keep(b, msd_row_text(r, 6));
    c->unit = keep(b, msd_row_text(r, 7));
    c->counted = keep(b, msd_row_text(r, 8));
    c->text = keep(b, msd_row_text(r, 9) ? msd_row_text(r, 9) : "");
    c->speaker = keep(b, msd_row_text(r, 10));
    return b->rc;
}

/* By quantity, then in the order the rows came (date, article, offset). */
static int cmp_claim(const void *x, const void *y)
{
    const marsad_claim *a = x, *b = y;
    int c = strcmp(a->quantity, b->quantity);
    if (c) return c;
    c = strcmp(a->date ? a->date : "~", b->date ? b->date : "~");
    if (c) return c;
    c = strcmp(a->article, b->article);
    return c ? c : (a->start > b->start) - (a->start < b->start);
}

static int judge(struct assembling *x)
{
    struct story *b = x->b;
    size_t n = b->s.n_claims, q = 0;
    if (n) qsort(b->claims, n, sizeof *b->claims, cmp_claim);
    if (msd_grow((void **)&x->judged, &x->cap_judged, n + 1, sizeof *x->judged, MSD_GROW_BATCH_MAX))
        return MARSAD_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (i && strcmp(b->claims[i].quantity, b->claims[i - 1].quantity)) q++;
        x->judged[i].quantity = q;
        x->judged[i].value = b->claims[i].value;
        x->judged[i].qualifier = msd_ledger_qualifier(b->claims[i].qualifier);
        x->judged[i].day = msd_date_days(b->claims[i].date);
        x->judged[i].article =
            (size_t)msd_hash64(b->claims[i].article, strlen(b->claims[i].article)) | 1;
        /* a count of things (a counted noun), not a measure (a unit alone: a percent's
         * lemma is وفاة's, فا); the first of its quantity in its article (claims come
         * sorted by quantity, date, article, offset), the toll the article gives: the
         * figures after it break it down (9 of the 66 injured are in Qalyubia, 24 still
         * in hospital of the 40 received) */
        x->judged[i].judged = b->claims[i].counted && b->claims[i].start < LEAD_CHARS &&
                              msd_ledger_is_tally(&x->lemmas, b->claims[i].quantity) &&
                              (!i || q != x->judged[i - 1].quantity ||
                               strcmp(b->claims[i].article, b->claims[i - 1].article));
    }
    msd_ledger_judge(x->judged, n);
    for (size_t i = 0; i < n; i++) {
        b->claims[i].verdict = x->judged[i].verdict;
        b->claims[i].other = x->judged[i].other;
    }
    return MARSAD_OK;
}

static int quote(void *ctx, const msd_store_row *r)
{
    struct assembling *x = ctx;
    struct story *b = x->b;
    char day[11];
    const char *date = msd_row_text(r, 1), *d = date ? msd_date_iso(date, day) : NULL;
    marsad_story_quote *q;
    if (msd_grow((void **)&b->quotes, &b->cap_quotes, b->s.n_quotes + 1, sizeof *b->quotes,
                 MSD_GROW_BATCH_MAX))
        return MARSAD_ENOMEM;
    q = &b->quotes[b->s.n_quotes++];
    q->article = keep(b, msd_row_text(r, 0));
    q->date = keep(b, d ? d : date);
    q->source = keep(b, msd_row_text(r, 2));
    q->speaker = keep(b, msd_row_text(r, 3));
    q->cue = keep(b, msd_row_text(r, 4));
    q->text = keep(b, msd_row_text(r, 5) ? msd_row_text(r, 5) : "");
    q->direct = (int)msd_row_int(r, 6);
    q->start = (size_t)msd_row_int(r, 7);
    q->end = (size_t)msd_row_int(r, 8);
    return b->rc;
}

/* By speaker (the unnamed last), then in date order as they came: a stable sort. */
static void sort_quotes(marsad_story_quote *q, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        marsad_story_quote t = q[i];
        size_t j = i;
        while (j > 0 &&
               (!q[j - 1].speaker ? t.speaker != NULL
                                  : t.speaker && strcmp(t.speaker, q[j - 1].speaker) < 0)) {
            q[j] = q[j - 1];
            j--;
        }
        q[j] = t;
    }
}

/* Fills b with story `id` (final, not merged). */
static int assemble(msd_archive *a, int64_t id, int detail, int32_t ref_day, struct story *b)
{
    struct assembling x;
    int rc;
    memset(&x, 0, sizeof x);
    x.a = a;
    x.b = b;
    x.detail = detail;
    x.ref_day = ref_day;
    b->s.id = id;
    if ((rc = msd_store_story_query(a->store, MSD_STORY_Q_ARTICLES, id, member, &x))) goto out;
    choose_title(&x);
    if (!b->s.title) b->s.title = keep(b, "");
    if (b->s.n_sources) qsort(b->sources, b->s.n_sources, sizeof *b->sources, cmp_count_desc);
    if (b->s.n_days) qsort(b->days, b->s.n_days, sizeof *b->days, cmp_count_name);
    if ((rc = msd_store_story_query(a->store, MSD_STORY_Q_ENTITIES, id, entity, &x))) goto out;
    if (b->n_ents) qsort(b->ents, b->n_ents, sizeof *b->ents, cmp_entity);
    b->s.n_entities = detail || b->n_ents < LIST_ENTITIES ? b->n_ents : LIST_ENTITIES;
    if (detail) {
        if ((rc = msd_ledger_lemmas_init(&x.lemmas, a->an)) ||
            (rc = msd_store_story_query(a->store, MSD_STORY_Q_NUMBERS, id, number, &x)) ||
            (rc = judge(&x)) ||
            (rc = msd_store_story_query(a->store, MSD_STORY_Q_QUOTES, id, quote, &x)))
            goto out;
        sort_quotes(b->quotes, b->s.n_quotes);
    }
    rc = b->rc;
out:
    b->s.sources = b->sources;
    b->s.days = b->days;
    b->s.article_ids = (const char *const *)b->ids;
    b->s.entities = b->ents;
    b->s.timeline = b->cells;
    b->s.members = b->members;
    b->s.claims = b->claims;
    b->s.quotes = b->quotes;
    free(x.rows);
    free(x.judged);
    if (rc && rc != MARSAD_ESTOP && rc != MARSAD_ENOMEM)
        msd_archive_fail(a, rc, "%s: %s", a->path, msd_store_error(a->store));
    return rc;
}

/* ---- The list ------------------------------------------------------------------------ */

void marsad_story_filter_init(marsad_story_filter *f)
{
    memset(f, 0, sizeof *f);
    f->version = MARSAD_STORY_FILTER_VERSION;
    f->min_articles = 2;
    f->limit = 20;
}

struct summary {
    int64_t id;
    uint64_t articles;
    int32_t last;
    double heat;
    int selected;
};

struct listing {
    const marsad_story_filter *f;
    int32_t since, until, ref;
    msd_idmap *matched; /* article ids (hashed) matching the query, or NULL */
    struct summary *all;
    size_t n, cap;
};

static int row(void *ctx, const msd_store_row *r)
{
    struct listing *l = ctx;
    struct summary *s;
    int64_t story = msd_row_int(r, 0);
    const char *ext = msd_row_text(r, 2), *src = msd_row_text(r, 4);
    int32_t day = msd_date_days(msd_row_text(r, 3));
    int pass = 1;
    if (!l->n || l->all[l->n - 1].id != story) {
        if (msd_grow((void **)&l->all, &l->cap, l->n + 1, sizeof *l->all, MSD_GROW_BATCH_MAX))
            return MARSAD_ENOMEM;
        s = &l->all[l->n++];
        memset(s, 0, sizeof *s);
        s->id = story;
        s->last = MSD_NO_DAY;
    }
    s = &l->all[l->n - 1];
    s->articles++;
    if (day != MSD_NO_DAY && day > s->last) s->last = day;
    if (day != MSD_NO_DAY && day <= l->ref) s->heat += pow(0.5, (double)(l->ref - day) / HEAT_DAYS);
    if (l->since != MSD_NO_DAY && (day == MSD_NO_DAY || day < l->since)) pass = 0;
    if (l->until != MSD_NO_DAY && (day == MSD_NO_DAY || day > l->until)) pass = 0;
    if (pass && l->f->n_sources) {
        size_t i;
        for (i = 0; i < l->f->n_sources && (!src || strcmp(src, l->f->sources[i])); i++) {
        }
        pass = i < l->f->n_sources;
    }
    if (pass && l->matched) pass = ext && msd_idmap_get(l->matched, msd_hash64(ext, strlen(ext)));
    s->selected |= pass;
    return MARSAD_OK;
}

static int cmp_summary(const void *x, const void *y)
{
    const struct summary *a = x, *b = y;
    if (a->heat != b->heat) return a->heat < b->heat ? 1 : -1;
    if (a->articles != b->articles) return a->articles < b->articles ? 1 : -1;
    if (a->last != b->last) return a->last < b->last ? 1 : -1;
    return (a->id > b->id) - (a->id < b->id);
}

/* The articles matching the query (every duplicate, up to the search's 10,000). */
static int match_query(msd_archive *a, const char *q, msd_idmap *set, marsad_query_error *err)
{
    marsad_search_options o;
    marsad_results *res = NULL;
    int rc;
    marsad_search_options_init(&o);
    o.limit = 10000;
    o.all = 1;
    o.snippet_chars = 0;
    if ((rc = marsad_search(a, q, strlen(q), &o, &res, err))) return rc;
    for (size_t i = 0; i < marsad_results_count(res); i++) {
        const marsad_hit *h = marsad_results_hit(res, i);
        if (!msd_idmap_slot(set, msd_hash64(h->id, strlen(h->id)), 1, NULL)) {
            rc = MARSAD_ENOMEM;
            break;
        }
    }
    marsad_results_free(res);
    return rc;
}

static int32_t day_arg(const char *d)
{
    return d ? msd_date_days(d) : MSD_NO_DAY;
}

int marsad_archive_stories(marsad_archive *a, const marsad_story_filter *f, marsad_story_fn fn,
                           void *ctx, marsad_query_error *err)
{
    struct listing l;
    msd_idmap matched = {0};
    marsad_story_filter dflt;
    size_t out = 0;
    int rc;
    if (!a || !fn) return MARSAD_EINVAL;
    if (!f) {
        marsad_story_filter_init(&dflt);
        f = &dflt;
    }
    if ((f->since && day_arg(f->since) == MSD_NO_DAY) ||
        (f->until && day_arg(f->until) == MSD_NO_DAY))
        return msd_archive_fail(a, MARSAD_EINVAL, "a date must be YYYY-MM-DD");
    if (a->deferred) return MARSAD_OK;
    memset(&l, 0, sizeof l);
    l.f = f;
    l.since = day_arg(f->since);
    l.until = day_arg(f->until);
    if ((rc = msd_store_story_last_day(a->store, &l.ref))) goto out;
    if (l.until != MSD_NO_DAY && (l.ref == MSD_NO_DAY || l.until < l.ref)) l.ref = l.until;
    if (f->query && *f->query) {
        if ((rc = match_query(a, f->query, &matched, err))) goto out;
        l.matched = &matched;
    }
    if ((rc = msd_store_story_query(a->store, MSD_STORY_Q_ROWS, 0, row, &l))) goto out;
    if (l.n) qsort(l.all, l.n, sizeof *l.all, cmp_summary);
    for (size_t i = 0; i < l.n && (!f->limit || out < f->limit); i++) {
        struct story b;
        if (!l.all[i].selected || l.all[i].articles < (f->min_articles ? f->min_articles : 1))
            continue;
        memset(&b, 0, sizeof b);
        rc = assemble(a, l.all[i].id, 0, l.ref, &b);
        if (!rc && fn(ctx, &b.s)) rc = MARSAD_ESTOP;
        story_release(&b);
        if (rc) break;
        out++;
    }
out:
    if (rc == MARSAD_EIO && !a->err[0])
        msd_archive_fail(a, rc, "%s: %s", a->path, msd_store_error(a->store));
    free(l.all);
    msd_idmap_free(&matched);
    return rc;
}

int marsad_archive_story(marsad_archive *a, int64_t id, marsad_story **out)
{
    struct story *b;
    int64_t final;
    int32_t ref;
    int rc;
    *out = NULL;
    if (!a) return MARSAD_EINVAL;
    if (a->deferred) return MARSAD_ENOTFOUND;
    rc = msd_store_story_resolve(a->store, id, &final);
    if (rc == MARSAD_END) return MARSAD_ENOTFOUND;
    if (rc || (rc = msd_store_story_last_day(a->store, &ref)))
        return msd_archive_fail(a, rc, "%s: %s", a->path, msd_store_error(a->store));
    if (!(b = calloc(1, sizeof *b))) return MARSAD_ENOMEM;
    if ((rc = assemble(a, final, 1, ref, b))) {
        marsad_story_free(&b->s);
        return rc;
    }
    if (!b->s.articles) { /* every article of it was deleted */
        marsad_story_free(&b->s);
        return MARSAD_ENOTFOUND;
    }
    if (final != id) b->s.asked = id;
    *out = &b->s;
    return MARSAD_OK;
}
