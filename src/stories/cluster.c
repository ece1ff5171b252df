/*
 * cluster.c — online story detection (cluster.h).
 *
 * Memory: one entry per article of the window (its vector, 200 bytes), a posting list
 * per term of those vectors, and the centroids of the stories those articles belong
 * to. Entries leave from the front as the days advance (input in date order leaves
 * them in day order); when half the array has left, it is compacted, the postings
 * rebuilt and the stories no entry belongs to any more forgotten.
 */
#include "stories/cluster.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/grow.h"

#define NO_SLOT    UINT32_MAX
#define CAND_MIN   0.05 /* a story whose best member scores less is not scored further */
#define MERGED_MAX 8    /* stories one article may merge */
#define OPEN_TERMS 8    /* terms of an article that open candidates (candidates()) */

struct story {
    int64_t id;
    uint32_t n;       /* members */
    uint32_t live;    /* window entries */
    int32_t last_day; /* of its latest member */
    uint32_t m, cap;  /* centroid terms, by increasing key */
    uint32_t *key;
    uint64_t *sum;
    double norm; /* of the centroid */
};

struct entry {
    int64_t article, story; /* story as assigned: resolve() for today's */
    int32_t day;
    msd_storyvec v;
    uint64_t title_sq; /* the sum of its title terms' squared weights */
};

struct plist {
    uint32_t *ix; /* absolute entry numbers */
    uint16_t *w;  /* the term's weight in each */
    uint8_t *t;   /* 1: a word of that article's title */
    uint32_t n, cap;
};

struct cand {
    int64_t story;
    uint32_t slot;
    double best, score;
};

struct msd_stories {
    msd_story_params p;
    struct story *st;
    size_t n_st, cap_st;
    uint32_t *free_slots;
    size_t n_free, cap_free;
    msd_idmap slot_of;  /* story id → slot (NO_SLOT: forgotten) */
    msd_idmap redirect; /* merged story → the one it went into */
    struct entry *e;
    size_t n_e, cap_e, first;
    uint32_t base; /* absolute number of e[0] */
    msd_idmap plist_of;
    struct plist *pl;
    size_t n_pl, cap_pl;
    int32_t clock; /* the latest day seen */
    /* scratch of one assignment */
    uint64_t *acc, *acc_t; /* dot products with the recent articles: all, title terms */
    size_t cap_acc;
    uint32_t *touched;
    size_t n_touched, cap_touched;
    struct cand *cands;
    size_t n_cands, cap_cands;
    msd_idmap cand_of;
    int64_t merged[MERGED_MAX];
};

void msd_story_params_init(msd_story_params *p)
{
    p->window = 7;
    p->tau = 6;
    p->alpha = 0.6;
    p->join = 0.25;
    p->merge = 0.35;
    p->bridge = 0.35;
    p->title = 0.5;
    p->floor = 0.3;
}

int msd_stories_new(const msd_story_params *p, msd_stories **out)
{
    msd_stories *s;
    *out = NULL;
    if (!p || p->window < 0 || !(p->tau > 0) || p->alpha < 0 || p->alpha > 1 || p->title < 0 ||
        p->title > 1)
        return MARSAD_EINVAL;
    if (!(s = calloc(1, sizeof *s))) return MARSAD_ENOMEM;
    s->p = *p;
    s->clock = MSD_NO_DAY;
    *out = s;
    return MARSAD_OK;
}

static void story_free(struct story *t)
{
    free(t->key);
    free(t->sum);
    memset(t, 0, sizeof *t);
}

void msd_stories_free(msd_stories *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n_st; i++) story_free(&s->st[i]);
    for (size_t i = 0; i < s->n_pl; i++) {
        free(s->pl[i].ix);
        free(s->pl[i].w);
        free(s->pl[i].t);
    }
    free(s->st);
    free(s->free_slots);
    free(s->e);
    free(s->pl);
    free(s->acc);
    free(s->acc_t);
    free(s->touched);
    free(s->cands);
    msd_idmap_free(&s->slot_of);
    msd_idmap_free(&s->redirect);
    msd_idmap_free(&s->plist_of);
    msd_idmap_free(&s->cand_of);
    free(s);
}

int64_t msd_stories_resolve(const msd_stories *s, int64_t story)
{
    const uint32_t *to;
    while ((to = msd_idmap_get(&s->redirect, (uint64_t)story))) story = *to;
    return story;
}

static struct story *story_of(const msd_stories *s, int64_t id)
{
    const uint32_t *slot = msd_idmap_get(&s->slot_of, (uint64_t)id);
    return slot && *slot != NO_SLOT ? &s->st[*slot] : NULL;
}

int msd_stories_known(const msd_stories *s, int64_t story)
{
    return story_of(s, msd_stories_resolve(s, story)) != NULL;
}

size_t msd_stories_window(const msd_stories *s)
{
    return s->n_e - s->first;
}

size_t msd_stories_in_memory(const msd_stories *s)
{
    return s->n_st - s->n_free;
}

static double vnorm(const msd_storyvec *v)
{
    uint64_t q = 0;
    for (uint32_t i = 0; i < v->n; i++) q += (uint64_t)v->w[i] * v->w[i];
    return sqrt((double)q);
}

static void renorm(struct story *t)
{
    unsigned __int128 q = 0;
    for (uint32_t i = 0; i < t->m; i++) q += (unsigned __int128)t->sum[i] * t->sum[i];
    t->norm = sqrt((double)q);
}

/* Adds terms (keys increasing) with their weights to a centroid. */
static int centroid_add(struct story *t, const uint32_t *key, const uint64_t *w32,
                        const uint16_t *w16, uint32_t n)
{
    uint32_t need = t->m + n, i, j, k;
    uint32_t *nk;
    uint64_t *ns;
    if (!(nk = malloc((need ? need : 1) * sizeof *nk)) ||
        !(ns = malloc((need ? need : 1) * sizeof *ns))) {
        free(nk);
        return MARSAD_ENOMEM;
    }
    for (i = j = k = 0; i < t->m || j < n;) {
        uint64_t w = j < n ? (w32 ? w32[j] : w16[j]) : 0;
        if (j >= n || (i < t->m && t->key[i] < key[j])) {
            nk[k] = t->key[i];
            ns[k++] = t->sum[i++];
        } else if (i >= t->m || key[j] < t->key[i]) {
            nk[k] = key[j++];
            ns[k++] = w;
        } else {
            nk[k] = key[j++];
            ns[k++] = t->sum[i++] + w;
        }
    }
    free(t->key);
    free(t->sum);
    t->key = nk;
    t->sum = ns;
    t->m = t->cap = k;
    renorm(t);
    return MARSAD_OK;
}

/* Cosine of a vector and a centroid. */
static double cos_centroid(const msd_storyvec *v, const struct story *t)
{
    uint64_t dot = 0;
    double nv = vnorm(v);
    if (!t->m || nv == 0 || t->norm == 0) return 0;
    for (uint32_t i = 0; i < v->n; i++) {
        uint32_t lo = 0, hi = t->m;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (t->key[mid] < v->key[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < t->m && t->key[lo] == v->key[i]) dot += (uint64_t)v->w[i] * t->sum[lo];
    }
    return (double)dot / (nv * t->norm);
}

static double cos_stories(const struct story *a, const struct story *b)
{
    unsigned __int128 dot = 0;
    if (a->norm == 0 || b->norm == 0) return 0;
    for (uint32_t i = 0, j = 0; i < a->m && j < b->m;) {
        if (a->key[i] < b->key[j])
            i++;
        else if (a->key[i] > b->key[j])
            j++;
        else
            dot += (unsigned __int128)a->sum[i++] * b->sum[j++];
    }
    return (double)dot / (a->norm * b->norm);
}

static struct story *new_story(msd_stories *s, int64_t id)
{
    uint32_t slot, *v;
    if (s->n_free) {
        slot = s->free_slots[--s->n_free];
    } else {
        if (msd_grow((void **)&s->st, &s->cap_st, s->n_st + 1, sizeof *s->st, MSD_GROW_BATCH_MAX))
            return NULL;
        slot = (uint32_t)s->n_st++;
    }
    memset(&s->st[slot], 0, sizeof s->st[slot]);
    s->st[slot].id = id;
    s->st[slot].last_day = MSD_NO_DAY;
    if (!(v = msd_idmap_slot(&s->slot_of, (uint64_t)id, slot, NULL))) return NULL;
    *v = slot;
    return &s->st[slot];
}

static int add_member(struct story *t, int32_t day, const msd_storyvec *v)
{
    t->n++;
    if (day != MSD_NO_DAY && (t->last_day == MSD_NO_DAY || day > t->last_day)) t->last_day = day;
    return centroid_add(t, v->key, NULL, v->w, v->n);
}

static int post(msd_stories *s, uint32_t term, uint32_t abs, uint16_t w, int title)
{
    int fresh;
    uint32_t *ix = msd_idmap_slot(&s->plist_of, term, (uint32_t)s->n_pl, &fresh);
    struct plist *p;
    if (!ix) return MARSAD_ENOMEM;
    if (fresh) {
        if (msd_grow((void **)&s->pl, &s->cap_pl, s->n_pl + 1, sizeof *s->pl, MSD_GROW_BATCH_MAX))
            return MARSAD_ENOMEM;
        memset(&s->pl[s->n_pl++], 0, sizeof *s->pl);
    }
    p = &s->pl[*ix];
    if (p->n == p->cap) {
        size_t cap = p->cap, cap_w = p->cap, cap_t = p->cap;
        if (msd_grow((void **)&p->ix, &cap, (size_t)p->n + 1, sizeof *p->ix, MSD_GROW_BATCH_MAX) ||
            msd_grow((void **)&p->w, &cap_w, (size_t)p->n + 1, sizeof *p->w, MSD_GROW_BATCH_MAX) ||
            msd_grow((void **)&p->t, &cap_t, (size_t)p->n + 1, sizeof *p->t, MSD_GROW_BATCH_MAX))
            return MARSAD_ENOMEM;
        p->cap = (uint32_t)cap;
    }
    p->ix[p->n] = abs;
    p->t[p->n] = (uint8_t)title;
    p->w[p->n++] = w;
    return MARSAD_OK;
}

static int add_entry(msd_stories *s, int64_t article, int64_t story, int32_t day,
                     const msd_storyvec *v)
{
    struct entry *e;
    uint32_t abs;
    if (msd_grow((void **)&s->e, &s->cap_e, s->n_e + 1, sizeof *s->e, MSD_GROW_BATCH_MAX))
        return MARSAD_ENOMEM;
    abs = s->base + (uint32_t)s->n_e;
    e = &s->e[s->n_e++];
    e->article = article;
    e->story = story;
    e->day = day;
    e->v = *v;
    e->title_sq = msd_storyvec_title_sq(v);
    for (uint32_t i = 0; i < v->n; i++)
        if (post(s, v->key[i], abs, v->w[i], v->title >> i & 1)) return MARSAD_ENOMEM;
    return MARSAD_OK;
}

/* Drops the entries that left the window from the front, and the stories left without
 * one; postings are rebuilt over what stays. */
static int compact(msd_stories *s)
{
    size_t keep = s->n_e - s->first;
    for (size_t i = 0; i < s->n_pl; i++) {
        free(s->pl[i].ix);
        free(s->pl[i].w);
        free(s->pl[i].t);
    }
    s->n_pl = 0;
    msd_idmap_clear(&s->plist_of);
    memmove(s->e, s->e + s->first, keep * sizeof *s->e);
    s->base += (uint32_t)s->first;
    s->n_e = keep;
    s->first = 0;
    for (size_t i = 0; i < s->n_e; i++) {
        s->e[i].story = msd_stories_resolve(s, s->e[i].story);
        for (uint32_t k = 0; k < s->e[i].v.n; k++)
            if (post(s, s->e[i].v.key[k], s->base + (uint32_t)i, s->e[i].v.w[k],
                     s->e[i].v.title >> k & 1))
                return MARSAD_ENOMEM;
    }
    /* forget the stories no entry holds: their members are in the catalog */
    msd_idmap_clear(&s->slot_of);
    for (size_t i = 0; i < s->n_st; i++) {
        struct story *t = &s->st[i];
        uint32_t *v;
        if (!t->id) continue; /* free already */
        if (!t->live) {
            story_free(t);
            if (msd_grow((void **)&s->free_slots, &s->cap_free, s->n_free + 1,
                         sizeof *s->free_slots, MSD_GROW_BATCH_MAX))
                return MARSAD_ENOMEM;
            s->free_slots[s->n_free++] = (uint32_t)i;
            continue;
        }
        if (!(v = msd_idmap_slot(&s->slot_of, (uint64_t)t->id, (uint32_t)i, NULL)))
            return MARSAD_ENOMEM;
    }
    return MARSAD_OK;
}

static int expire(msd_stories *s)
{
    if (s->clock == MSD_NO_DAY) return MARSAD_OK;
    while (s->first < s->n_e && s->e[s->first].day < s->clock - s->p.window) {
        struct story *t = story_of(s, msd_stories_resolve(s, s->e[s->first].story));
        if (t && t->live) t->live--;
        s->first++;
    }
    if (s->first > 4096 && s->first * 2 > s->n_e) return compact(s);
    return MARSAD_OK;
}

static double decay(const msd_stories *s, int32_t a, int32_t b)
{
    int32_t d;
    if (a == MSD_NO_DAY || b == MSD_NO_DAY) return 1;
    d = a > b ? a - b : b - a;
    return exp(-(double)d / s->p.tau);
}

/* Scores every story with a window member sharing a term with v into s->cands: its
 * best member's similarity (damped by the days between), then with its centroid. */
static int candidates(msd_stories *s, int32_t day, const msd_storyvec *v)
{
    size_t span = s->n_e - s->first;
    uint64_t title_sq;
    s->n_cands = 0;
    s->n_touched = 0;
    msd_idmap_clear(&s->cand_of);
    if (span > s->cap_acc) {
        uint64_t *acc = realloc(s->acc, span * sizeof *acc), *acc_t;
        if (!acc) return MARSAD_ENOMEM;
        memset(acc + s->cap_acc, 0, (span - s->cap_acc) * sizeof *acc);
        s->acc = acc;
        if (!(acc_t = realloc(s->acc_t, span * sizeof *acc_t))) return MARSAD_ENOMEM;
        memset(acc_t + s->cap_acc, 0, (span - s->cap_acc) * sizeof *acc_t);
        s->acc_t = acc_t;
        s->cap_acc = span;
    }
    title_sq = msd_storyvec_title_sq(v);
    /* The dot products with the recent articles, summed term by term (a key is once in
     * a vector). Only the article's OPEN_TERMS heaviest terms open a recent article as
     * a candidate (accumulator limiting, Moffat and Zobel 1996): one that shares none of
     * them cannot be much like it. The lighter terms only add to the candidates opened,
     * each by the cheaper way: its postings, or a binary search in each candidate's
     * vector when its postings are the longer (a common term's are). The sums stay
     * exact for every candidate. */
    uint32_t order[MSD_STORY_TERMS];
    for (uint32_t i = 0; i < v->n; i++) order[i] = i;
    for (uint32_t i = 1; i < v->n; i++) /* heaviest first; equal weights by key */
        for (uint32_t j = i; j > 0 && v->w[order[j]] > v->w[order[j - 1]]; j--) {
            uint32_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    for (uint32_t r = 0; r < v->n; r++) {
        uint32_t i = order[r], key = v->key[i];
        int in_title = v->title >> i & 1;
        const uint32_t *pi = msd_idmap_get(&s->plist_of, key);
        const struct plist *pl;
        if (!pi) continue;
        pl = &s->pl[*pi];
        if (r >= OPEN_TERMS && pl->n > 8 * s->n_touched) {
            for (size_t t = 0; t < s->n_touched; t++) {
                const msd_storyvec *ev = &s->e[s->first + s->touched[t]].v;
                uint32_t lo = 0, hi = ev->n;
                while (lo < hi) {
                    uint32_t mid = lo + (hi - lo) / 2;
                    if (ev->key[mid] < key)
                        lo = mid + 1;
                    else
                        hi = mid;
                }
                if (lo < ev->n && ev->key[lo] == key) {
                    s->acc[s->touched[t]] += (uint64_t)v->w[i] * ev->w[lo];
                    if (in_title && (ev->title >> lo & 1))
                        s->acc_t[s->touched[t]] += (uint64_t)v->w[i] * ev->w[lo];
                }
            }
            continue;
        }
        for (uint32_t k = 0; k < pl->n; k++) {
            size_t pos = pl->ix[k] - s->base;
            if (pos < s->first) continue;
            pos -= s->first;
            if (!s->acc[pos]) {
                if (r >= OPEN_TERMS) continue;
                if (msd_grow((void **)&s->touched, &s->cap_touched, s->n_touched + 1,
                             sizeof *s->touched, MSD_GROW_BATCH_MAX))
                    return MARSAD_ENOMEM;
                s->touched[s->n_touched++] = (uint32_t)pos;
            }
            s->acc[pos] += (uint64_t)v->w[i] * pl->w[k];
            if (in_title && pl->t[k]) s->acc_t[pos] += (uint64_t)v->w[i] * pl->w[k];
        }
    }
    for (size_t i = 0; i < s->n_touched; i++) {
        const struct entry *e = &s->e[s->first + s->touched[i]];
        double sim = (double)s->acc[s->touched[i]] / ((double)MSD_STORY_WMAX * MSD_STORY_WMAX);
        double title = title_sq && e->title_sq ? (double)s->acc_t[s->touched[i]] /
                                                     sqrt((double)title_sq * (double)e->title_sq)
                                               : 0;
        int32_t gap;
        int fresh;
        uint32_t *ci;
        int64_t story;
        s->acc[s->touched[i]] = s->acc_t[s->touched[i]] = 0;
        gap = e->day == MSD_NO_DAY || day == MSD_NO_DAY ? 0
              : e->day > day                            ? e->day - day
                                                        : day - e->day;
        if (gap > s->p.window) continue;
        /* two reports of one event share their headline's words; two events of one
         * front share the body's (عدن، المقاومة، الحوثيين). The title's cosine is
         * msd_storyvec_title_cos, summed with the dot products. */
        sim = (1 - s->p.title) * sim + s->p.title * title;
        sim *= decay(s, day, e->day);
        if (sim < CAND_MIN) continue; /* too far to make its story a candidate */
        story = msd_stories_resolve(s, e->story);
        if (!(ci = msd_idmap_slot(&s->cand_of, (uint64_t)story, (uint32_t)s->n_cands, &fresh)))
            return MARSAD_ENOMEM;
        if (fresh) {
            struct cand *c;
            if (msd_grow((void **)&s->cands, &s->cap_cands, s->n_cands + 1, sizeof *s->cands,
                         MSD_GROW_BATCH_MAX))
                return MARSAD_ENOMEM;
            c = &s->cands[s->n_cands++];
            c->story = story;
            c->best = sim;
            c->score = 0;
        } else if (sim > s->cands[*ci].best) {
            s->cands[*ci].best = sim;
        }
    }
    for (size_t i = 0; i < s->n_cands; i++) {
        struct cand *c = &s->cands[i];
        const struct story *t = story_of(s, c->story);
        /* no member truly alike: a big story's centroid alone must not draw it in */
        if (c->best < CAND_MIN || c->best < s->p.floor || !t) continue;
        c->score = s->p.alpha * c->best +
                   (1 - s->p.alpha) * cos_centroid(v, t) * decay(s, day, t->last_day);
    }
    return MARSAD_OK;
}

static int cmp_cand_id(const void *x, const void *y)
{
    const struct cand *a = x, *b = y;
    return (a->story > b->story) - (a->story < b->story);
}

/* Moves story `from` into `into`: centroid, counts; `from` then answers as `into`. */
static int merge_into(msd_stories *s, struct story *into, struct story *from)
{
    uint32_t *r;
    int64_t from_id = from->id;
    uint32_t slot = (uint32_t)(from - s->st), *sl;
    if (centroid_add(into, from->key, from->sum, NULL, from->m)) return MARSAD_ENOMEM;
    into->n += from->n;
    into->live += from->live;
    if (from->last_day != MSD_NO_DAY &&
        (into->last_day == MSD_NO_DAY || from->last_day > into->last_day))
        into->last_day = from->last_day;
    if (!(r = msd_idmap_slot(&s->redirect, (uint64_t)from_id, (uint32_t)into->id, NULL)))
        return MARSAD_ENOMEM;
    *r = (uint32_t)into->id;
    if ((sl = msd_idmap_get(&s->slot_of, (uint64_t)from_id))) *sl = NO_SLOT;
    story_free(from);
    if (msd_grow((void **)&s->free_slots, &s->cap_free, s->n_free + 1, sizeof *s->free_slots,
                 MSD_GROW_BATCH_MAX))
        return MARSAD_ENOMEM;
    s->free_slots[s->n_free++] = slot;
    return MARSAD_OK;
}

int msd_stories_assign(msd_stories *s, int64_t article, int32_t day, const msd_storyvec *v,
                       int64_t forced, msd_story_decision *d)
{
    struct story *t = NULL;
    size_t win = SIZE_MAX;
    int rc;
    memset(d, 0, sizeof *d);
    d->merged = s->merged;
    if (article <= 0 || article > UINT32_MAX) return MARSAD_EINVAL;
    if (day == MSD_NO_DAY) day = s->clock; /* undated: as of the latest day seen */
    if (day != MSD_NO_DAY && (s->clock == MSD_NO_DAY || day > s->clock)) s->clock = day;
    if ((rc = expire(s))) return rc;
    if (forced) {
        if (!(t = story_of(s, msd_stories_resolve(s, forced)))) return MARSAD_EINVAL;
        d->score = 1;
    } else {
        if ((rc = candidates(s, day, v))) return rc;
        if (s->n_cands) /* ties: the oldest */
            qsort(s->cands, s->n_cands, sizeof *s->cands, cmp_cand_id);
        for (size_t i = 0; i < s->n_cands; i++)
            if (s->cands[i].score >= s->p.join &&
                (win == SIZE_MAX || s->cands[i].score > s->cands[win].score))
                win = i;
        if (win != SIZE_MAX) {
            t = story_of(s, s->cands[win].story);
            d->score = s->cands[win].score;
        }
    }
    if (!t) {
        if (!(t = new_story(s, article))) return MARSAD_ENOMEM;
        d->created = 1;
    }
    if ((rc = add_member(t, day, v))) return rc;
    /* converged stories: the article is as close to another, and so are the centroids */
    for (size_t i = 0; !forced && win != SIZE_MAX && i < s->n_cands; i++) {
        struct story *o;
        if (i == win || s->cands[i].score < s->p.bridge || d->n_merged == MERGED_MAX) continue;
        if (!(o = story_of(s, msd_stories_resolve(s, s->cands[i].story))) || o == t) continue;
        if (cos_stories(t, o) < s->p.merge) continue;
        if (o->id < t->id) { /* the older id stays */
            struct story *x = t;
            t = o;
            o = x;
        }
        s->merged[d->n_merged++] = o->id;
        if ((rc = merge_into(s, t, o))) return rc;
    }
    t->live++;
    d->story = t->id;
    return add_entry(s, article, t->id, day, v);
}

int msd_stories_load(msd_stories *s, int64_t article, int64_t story, int32_t day,
                     const msd_storyvec *v, int in_window)
{
    struct story *t;
    story = msd_stories_resolve(s, story);
    if (day != MSD_NO_DAY && in_window && (s->clock == MSD_NO_DAY || day > s->clock))
        s->clock = day;
    if (!(t = story_of(s, story)) && !(t = new_story(s, story))) return MARSAD_ENOMEM;
    if (add_member(t, day, v)) return MARSAD_ENOMEM;
    if (!in_window) return MARSAD_OK;
    t->live++;
    return add_entry(s, article, story, day, v);
}
