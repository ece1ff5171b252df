/*
 * engine.c — query compilation and evaluation; the contract is in engine.h.
 *
 * A query goes through three forms:
 *   plan (struct pnode): the parsed tree with its words analyzed into index forms and
 *     weighted by their IDF over the whole index — built once per query;
 *   iterators (struct it): per segment, the plan over that segment's postings cursors;
 *   hits: a top-k min-heap shared by all segments, so the bar a block must clear rises
 *     as segments go by.
 * Scores are BM25 per field, summed (body, and title times title_boost):
 *   w · tf · (k1 + 1) / (tf + k1 · (1 − b + b · len / avg_len)),  w = IDF · boost,
 *   IDF = ln(1 + (N − df + 0.5) / (df + 0.5)).
 * A term's bound uses its highest tf and shortest field (the dictionary's, or a
 * block's from the skip table): the score is increasing in tf and decreasing in length.
 */
#include "search/engine.h"

#include <math.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "index/postings.h"

#define MAX_WORD_TOKENS 16 /* tokens one query word may analyze into (a phrase) */

/* ---- Analysis of query words ------------------------------------------------------------ */

struct qtok {
    char stem[256], norm[256];
    size_t sl, nl;
    uint32_t pos;
};

struct qtoks {
    struct qtok t[MAX_WORD_TOKENS];
    size_t n;
};

static int take(void *ctx, const marsad_token *t)
{
    struct qtoks *q = ctx;
    if (t->flags & MARSAD_TOKEN_STOPWORD) return 0; /* not indexed */
    if (q->n == MAX_WORD_TOKENS || t->stem_len >= 256 || t->norm_len >= 256) return 0;
    memcpy(q->t[q->n].stem, t->stem, t->stem_len);
    q->t[q->n].sl = t->stem_len;
    memcpy(q->t[q->n].norm, t->norm, t->norm_len);
    q->t[q->n].nl = t->norm_len;
    q->t[q->n].pos = (uint32_t)t->position;
    q->n++;
    return 0;
}

/* ---- Plan --------------------------------------------------------------------------------- */

enum { PN_WORD, PN_EXACT, PN_PREFIX, PN_PHRASE, PN_AND, PN_OR, PN_NOT, PN_SET, PN_PIN };

struct pnode {
    int kind, title_only;
    char key[260]; /* PN_WORD/EXACT: the body key (tag and form); PREFIX: 'b' + prefix */
    size_t kl;
    char skey[260]; /* PN_WORD/EXACT: the body stem key, for phrases (positions) */
    size_t skl;
    char xkey[260]; /* PN_WORD whose form differs from its stem: that form, scored on top */
    size_t xkl;
    double w_exact;
    int via_stem;           /* PN_EXACT answered by stem positions with the exact bit */
    double w_body, w_title; /* IDF (title: times the boost) */
    double mult;            /* PN_PREFIX: how many times the query gave it (fold_leaf) */
    uint32_t offset;        /* in a phrase: the token's position from the first */
    const msd_qnode *set;   /* PN_SET: the resolved set (its ids), owned by the query */
    msd_phrase_word *pat;   /* PN_PIN: the phrase with its pinned forms; PN_PHRASE: with
                               its typed forms, for the bonus (NULL: none differ) */
    size_t npat;
    struct pnode **kids;
    size_t n;
};

struct plan {
    const msd_index *ix;
    const msd_search_opts *o;
    marsad_analyzer *a;
    double n_docs, avg_body, avg_title;
    msd_hits *out;
    int pruned;       /* block-max WAND skipped documents: matched is a lower bound */
    int rank_sort;    /* what orders the hits: o->sort, or MSD_SORT_NEWEST when nothing scores */
    uint64_t counted; /* block-max WAND's segments: matches counted without scores */
    int capped;       /* the count stopped at count_cap */
    uint64_t cap;
    /* facets: the duplicate groups tallied (an open-addressing set; 0 is empty) */
    uint32_t *groups;
    size_t groups_cap;
    uint64_t tallied; /* matches looked at for the facets */
    int cb_rc;        /* phrase_at's error, or MARSAD_ETIMEOUT: ends the run */
    uint64_t visits;  /* candidates looked at, for the deadline's checks */
};

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Whether the run's deadline passed; sets cb_rc so every loop ends. */
static int past_deadline(struct plan *pl)
{
    if (pl->o->deadline > 0 && !pl->cb_rc && mono_now() > pl->o->deadline)
        pl->cb_rc = MARSAD_ETIMEOUT;
    return pl->cb_rc == MARSAD_ETIMEOUT;
}

static void pnode_free(struct pnode *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->n; i++) pnode_free(p->kids[i]);
    free(p->kids);
    free(p->pat);
    free(p);
}

/* The words of phrase ph as phrase_at checks them: a pinned form (=word) as its form;
 * with typed, a word's typed form where it differs from its stem; else the stem.
 * Returns the pattern (malloc'd) or NULL; *any: some word is checked by its form. */
static msd_phrase_word *phrase_pattern(const struct pnode *ph, int typed, size_t *any, int *rc)
{
    msd_phrase_word *w = calloc(ph->n ? ph->n : 1, sizeof *w);
    *any = 0;
    if (!w) {
        *rc = MARSAD_ENOMEM;
        return NULL;
    }
    for (size_t i = 0; i < ph->n; i++) {
        const struct pnode *k = ph->kids[i];
        w[i].offset = k->offset;
        if (k->kind == PN_EXACT) { /* its key: the form, or the stem it equals */
            w[i].form = 1;
            w[i].text = k->key + 1;
            w[i].len = k->kl - 1;
            *any += !k->via_stem;
        } else if (typed && k->xkl) {
            w[i].form = 1;
            w[i].text = k->xkey + 1;
            w[i].len = k->xkl - 1;
            (*any)++;
        } else {
            w[i].text = k->skey + 1;
            w[i].len = k->skl - 1;
        }
    }
    return w;
}

static double idf(const struct plan *pl, const char *key, size_t kl)
{
    double df = (double)msd_index_df(pl->ix, key, kl);
    return log(1.0 + (pl->n_docs - df + 0.5) / (df + 0.5));
}

/* Notes an index form the results should highlight. */
static int note_term(struct plan *pl, char tag, const char *form, size_t n)
{
    msd_hits *h = pl->out;
    char **nt, *s;
    for (size_t i = 0; i < h->n_terms; i++)
        if (h->terms[i][0] == tag && strlen(h->terms[i] + 1) == n &&
            !memcmp(h->terms[i] + 1, form, n))
            return MARSAD_OK;
    if (!(nt = realloc(h->terms, (h->n_terms + 1) * sizeof *nt))) return MARSAD_ENOMEM;
    h->terms = nt;
    if (!(s = malloc(n + 2))) return MARSAD_ENOMEM;
    s[0] = tag;
    memcpy(s + 1, form, n);
    s[n + 1] = 0;
    h->terms[h->n_terms++] = s;
    return MARSAD_OK;
}

static struct pnode *leaf(struct plan *pl, int kind, const struct qtok *t, int title_only, int *rc)
{
    struct pnode *p = calloc(1, sizeof *p);
    char tkey[260];
    if (!p) {
        *rc = MARSAD_ENOMEM;
        return NULL;
    }
    p->kind = kind;
    p->title_only = title_only;
    if (kind == PN_EXACT && !(t->sl == t->nl && !memcmp(t->stem, t->norm, t->sl))) {
        p->key[0] = MSD_TAG_BODY_EXACT; /* a form that differs from its stem is indexed */
        memcpy(p->key + 1, t->norm, t->nl);
        p->kl = t->nl + 1;
        *rc = note_term(pl, 'b', t->norm, t->nl);
    } else { /* a word; or an exact word that is its own stem: the stem's exact bit */
        p->via_stem = kind == PN_EXACT;
        p->key[0] = MSD_TAG_BODY;
        memcpy(p->key + 1, t->stem, t->sl);
        p->kl = t->sl + 1;
        *rc = kind == PN_EXACT ? note_term(pl, 'b', t->norm, t->nl)
                               : note_term(pl, 'B', t->stem, t->sl);
    }
    p->skey[0] = MSD_TAG_BODY;
    memcpy(p->skey + 1, t->stem, t->sl);
    p->skl = t->sl + 1;
    memcpy(tkey, p->key, p->kl);
    tkey[0] = p->key[0] == MSD_TAG_BODY ? MSD_TAG_TITLE : MSD_TAG_TITLE_EXACT;
    p->w_body = title_only ? 0 : idf(pl, p->key, p->kl);
    p->w_title = idf(pl, tkey, p->kl) * pl->o->title_boost;
    if (kind == PN_WORD && !title_only && pl->o->exact_bonus > 0 &&
        !(t->sl == t->nl && !memcmp(t->stem, t->norm, t->sl))) {
        /* the very form typed, on top of its stem: "والتحالف" ranks والتحالف first */
        p->xkey[0] = MSD_TAG_BODY_EXACT;
        memcpy(p->xkey + 1, t->norm, t->nl);
        p->xkl = t->nl + 1;
        p->w_exact = idf(pl, p->xkey, p->xkl) * pl->o->exact_bonus;
    }
    return p;
}

static struct pnode *compile(struct plan *pl, const msd_qnode *q, int *rc);

/* A word: one token is a leaf, several a phrase ("لـ40", "دير_الزور"), none nothing. */
static struct pnode *word(struct plan *pl, const msd_qnode *q, int kind, int *rc)
{
    struct qtoks toks = {0};
    struct pnode *p;
    int arc = marsad_analyze(pl->a, q->text, strlen(q->text), take, &toks);
    if (arc && arc != MARSAD_ESTOP) {
        *rc = arc;
        return NULL;
    }
    if (!toks.n) return NULL;
    if (toks.n == 1) return leaf(pl, kind, &toks.t[0], q->title_only, rc);
    if (!(p = calloc(1, sizeof *p)) || !(p->kids = calloc(toks.n, sizeof *p->kids))) {
        free(p);
        *rc = MARSAD_ENOMEM;
        return NULL;
    }
    p->kind = PN_PHRASE;
    p->title_only = q->title_only;
    for (size_t i = 0; i < toks.n && !*rc; i++) {
        if ((p->kids[p->n] = leaf(pl, kind, &toks.t[i], q->title_only, rc)))
            p->kids[p->n++]->offset = toks.t[i].pos - toks.t[0].pos;
    }
    if (*rc) {
        pnode_free(p);
        return NULL;
    }
    return p;
}

static struct pnode *prefix(struct plan *pl, const msd_qnode *q, int *rc)
{
    struct pnode *p = calloc(1, sizeof *p);
    size_t nl = 0;
    if (!p) {
        *rc = MARSAD_ENOMEM;
        return NULL;
    }
    p->kind = PN_PREFIX;
    p->title_only = q->title_only;
    p->mult = 1;
    *rc = marsad_normalize(q->text, strlen(q->text), MARSAD_NORM_INDEX, p->key + 1,
                           sizeof p->key - 1, &nl);
    if (*rc == MARSAD_ERANGE) { /* longer than any indexed form (255 bytes): matches none */
        *rc = MARSAD_OK;
        p->kl = 0;
        return p;
    }
    if (*rc || !nl) { /* out of memory, or only invisible characters: no word at all */
        free(p);
        return NULL;
    }
    p->key[0] = MSD_TAG_BODY_EXACT;
    p->kl = nl + 1;
    *rc = note_term(pl, 'p', p->key + 1, nl);
    return p;
}

/* Positions are the stem's, so a phrase matches =والتحالف by its stem: the phrase is
 * then ANDed with each exact form unlike its stem, which the document must hold too. */
static struct pnode *exact_forms_too(struct pnode *ph, int *rc)
{
    struct pnode *and;
    size_t n = 0;
    for (size_t i = 0; i < ph->n; i++) n += ph->kids[i]->kind == PN_EXACT && !ph->kids[i]->via_stem;
    if (!n) return ph;
    if (!(and = calloc(1, sizeof *and)) || !(and->kids = calloc(n + 1, sizeof *and->kids))) {
        free(and);
        *rc = MARSAD_ENOMEM;
        return ph;
    }
    and->kind = PN_AND;
    and->title_only = ph->title_only;
    and->kids[ and->n++] = ph;
    for (size_t i = 0; i < ph->n && !*rc; i++) {
        struct pnode *x;
        if (ph->kids[i]->kind != PN_EXACT || ph->kids[i]->via_stem) continue;
        if (!(x = malloc(sizeof *x))) {
            *rc = MARSAD_ENOMEM;
            break;
        }
        *x = *ph->kids[i]; /* a leaf: no kids to share */
        and->kids[ and->n++] = x;
    }
    return and;
}

/* A phrase with a pinned form, when the caller can check it at its place: the AND of
 * exact_forms_too finds the candidates (stems in place, the forms somewhere), and
 * phrase_at keeps those whose forms stand at their places. */
static struct pnode *pin(struct plan *pl, struct pnode *ph, int *rc)
{
    struct pnode *and, *p;
    size_t any;
    if (!pl->o->phrase_at) return exact_forms_too(ph, rc);
    and = exact_forms_too(ph, rc);
    if (*rc || and == ph) return and;
    if (!(p = calloc(1, sizeof *p)) || !(p->kids = calloc(1, sizeof *p->kids)) ||
        !(p->pat = phrase_pattern(ph, 0, &any, rc))) {
        if (p) free(p->kids);
        free(p);
        if (!*rc) *rc = MARSAD_ENOMEM;
        return and;
    }
    p->kind = PN_PIN;
    p->title_only = ph->title_only;
    p->npat = ph->n;
    p->kids[p->n++] = and;
    return p;
}

/* A word or prefix the query gives twice under one AND, OR or NOT is one leaf: its
 * weights add up (a term's BM25 score is linear in its weight), so the ranking is the
 * one the copies would give, for the work of one. 255 copies of ال* took 5.3 s on
 * SaudiNewsNet, one prefix expansion each; one takes 9 ms. Folds k into an equal kid of
 * p and frees it (1), or leaves it (0). */
static int fold_leaf(struct pnode *p, struct pnode *k)
{
    if (k->kind != PN_WORD && k->kind != PN_EXACT && k->kind != PN_PREFIX) return 0;
    for (size_t i = 0; i < p->n; i++) {
        struct pnode *e = p->kids[i];
        if (e->kind != k->kind || e->title_only != k->title_only || e->via_stem != k->via_stem ||
            e->kl != k->kl || e->xkl != k->xkl || memcmp(e->key, k->key, k->kl) ||
            memcmp(e->xkey, k->xkey, k->xkl))
            continue;
        e->w_body += k->w_body;
        e->w_title += k->w_title;
        e->w_exact += k->w_exact;
        e->mult += k->mult;
        pnode_free(k);
        return 1;
    }
    return 0;
}

/* The prefix leaves of a compiled query (copies folded). */
static size_t count_prefixes(const struct pnode *p)
{
    size_t n = p->kind == PN_PREFIX;
    for (size_t i = 0; i < p->n; i++) n += count_prefixes(p->kids[i]);
    return n;
}

static struct pnode *compile(struct plan *pl, const msd_qnode *q, int *rc)
{
    struct pnode *p;
    switch (q->kind) {
    case MSD_Q_WORD: return word(pl, q, PN_WORD, rc);
    case MSD_Q_EXACT: return word(pl, q, PN_EXACT, rc);
    case MSD_Q_PREFIX: return prefix(pl, q, rc);
    case MSD_Q_SET:
        if (!(p = calloc(1, sizeof *p))) {
            *rc = MARSAD_ENOMEM;
            return NULL;
        }
        p->kind = PN_SET;
        p->set = q;
        return p;
    default: break;
    }
    if (!(p = calloc(1, sizeof *p)) ||
        !(p->kids = calloc(q->n_kids ? q->n_kids : 1, sizeof *p->kids))) {
        free(p);
        *rc = MARSAD_ENOMEM;
        return NULL;
    }
    p->kind = q->kind == MSD_Q_PHRASE ? PN_PHRASE
              : q->kind == MSD_Q_AND  ? PN_AND
              : q->kind == MSD_Q_OR   ? PN_OR
                                      : PN_NOT;
    p->title_only = q->title_only;
    if (p->kind == PN_PHRASE) { /* the words of a phrase, their offsets by analysis */
        uint32_t next = 0;
        size_t cap = q->n_kids ? q->n_kids : 1;
        for (size_t i = 0; i < q->n_kids && !*rc; i++) {
            struct pnode *k = compile(pl, q->kids[i], rc);
            size_t parts;
            if (!k) {
                next++; /* a stopword keeps its place */
                continue;
            }
            parts = k->kind == PN_PHRASE ? k->n : 1;
            if (p->n + parts > cap) { /* a word of several tokens ("لـ40") brings them all */
                struct pnode **g = realloc(p->kids, (p->n + parts) * sizeof *g);
                if (!g) {
                    *rc = MARSAD_ENOMEM;
                    pnode_free(k);
                    break;
                }
                p->kids = g;
                cap = p->n + parts;
            }
            if (k->kind == PN_PHRASE) {
                for (size_t j = 0; j < k->n; j++) {
                    k->kids[j]->offset += next;
                    p->kids[p->n++] = k->kids[j];
                }
                next = p->kids[p->n - 1]->offset + 1;
                k->n = 0;
                pnode_free(k);
            } else {
                k->offset = next++;
                p->kids[p->n++] = k;
            }
        }
        if (!*rc && p->n && p->kids[0]->offset) /* offsets from the first word kept */
            for (size_t i = p->n; i-- > 0;) p->kids[i]->offset -= p->kids[0]->offset;
        if (!*rc && p->n > 1 && pl->o->exact_bonus > 0 && !p->title_only) {
            size_t any; /* the typed forms in place score a bonus (phrase_at checks) */
            msd_phrase_word *w = phrase_pattern(p, 1, &any, rc);
            if (w && any) {
                p->pat = w;
                p->npat = p->n;
            } else
                free(w);
        }
        if (!*rc && p->n > 1) p = pin(pl, p, rc);
    } else {
        for (size_t i = 0; i < q->n_kids && !*rc; i++) {
            struct pnode *k = compile(pl, q->kids[i], rc);
            if (k && !fold_leaf(p, k)) p->kids[p->n++] = k;
        }
    }
    if (*rc || !p->n || (p->kind == PN_NOT && !p->n)) {
        pnode_free(p);
        return NULL;
    }
    if ((p->kind == PN_AND || p->kind == PN_OR || p->kind == PN_PHRASE) && p->n == 1) {
        struct pnode *only = p->kids[0];
        p->n = 0;
        pnode_free(p);
        return only;
    }
    return p;
}

/* ---- Hits: a top-k heap, one entry per group when collapsing ---------------------------- */

struct heap {
    msd_hit *h;
    size_t n, k;
    int collapse;
    uint64_t matched;
};

/* The heap orders hits by rank: the score, or under a date sort the date (see offer). */
static double theta(const struct heap *hp)
{
    return hp->n < hp->k ? -1.0 : hp->h[0].rank;
}

static void sift_down(struct heap *hp, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        msd_hit t;
        if (l < hp->n && hp->h[l].rank < hp->h[m].rank) m = l;
        if (r < hp->n && hp->h[r].rank < hp->h[m].rank) m = r;
        if (m == i) return;
        t = hp->h[i];
        hp->h[i] = hp->h[m];
        hp->h[m] = t;
        i = m;
    }
}

static void sift_up(struct heap *hp, size_t i)
{
    while (i && hp->h[(i - 1) / 2].rank > hp->h[i].rank) {
        msd_hit t = hp->h[i];
        hp->h[i] = hp->h[(i - 1) / 2];
        hp->h[(i - 1) / 2] = t;
        i = (i - 1) / 2;
    }
}

static void offer(struct heap *hp, uint32_t docid, uint32_t group, double score, double rank)
{
    msd_hit hit = {docid, group, score, rank};
    hp->matched++;
    if (hp->collapse) /* a better document of a group already in: replace it */
        for (size_t i = 0; i < hp->n; i++)
            if (hp->h[i].group == group) {
                if (rank > hp->h[i].rank) {
                    hp->h[i] = hit;
                    sift_down(hp, i);
                }
                return;
            }
    if (hp->n < hp->k) {
        hp->h[hp->n] = hit;
        sift_up(hp, hp->n++);
    } else if (rank > hp->h[0].rank) {
        hp->h[0] = hit;
        sift_down(hp, 0);
    }
}

/* The rank of a document under a date sort: its day, newest or oldest first; an undated
 * one after every dated one. */
static double date_rank(int sort, int32_t date)
{
    if (date == MSD_SEG_NO_DATE) return -1e12;
    return sort == MSD_SORT_OLDEST ? -(double)date : (double)date;
}

/* ---- Iterators ---------------------------------------------------------------------------- */

enum { IT_TERM, IT_AND, IT_OR, IT_PHRASE, IT_EMPTY, IT_SET, IT_PIN };

struct it {
    int kind;
    int sought; /* doc is meaningful: a composite is only once it was sought */
    uint32_t doc;
    double ub;
    /* IT_TERM */
    msd_pcur cur;
    double w, avg;
    int title, via_stem;
    struct it *rider; /* the typed form of this stem: its documents are among the stem's,
                         so it never decides a match and is sought only to score one */
    uint32_t ftf;     /* via_stem: the exact occurrences at doc */
    uint32_t offset;  /* in a phrase */
    /* composite: positive kids, excluded kids */
    struct it **kids, **excl;
    size_t n, nx;
    /* IT_SET: the set's documents in this segment, local ids ascending; at: the next */
    uint32_t *set;
    size_t nset, at;
    /* IT_PIN: the pattern; IT_PHRASE: the typed forms' cursors (pr[i] for word i, or
       NULL) and the pattern that earns their bonus */
    const struct pnode *pn;
    struct it **pr;
    uint32_t pinned; /* IT_PIN: 1 + the document phrase_at last accepted, or 0 */
};

/* A phrase whose typed forms' bonus awaits phrase_at, for the document being scored. */
struct pending {
    const struct pnode *pn;
    double bonus;
};

struct segrun {
    struct pending pend[MSD_QUERY_MAX_NODES];
    size_t npend;
    int no_tally; /* block-max WAND: count() tallies this segment's matches instead */
};

struct seg_ctx {
    const msd_seg *seg;
    struct plan *pl;
    const msd_search_filter *f;
    size_t si;          /* the segment's place in the index (its deletions) */
    struct segrun *run; /* what scoring the current document left pending */
};

static void it_free(struct it *it)
{
    if (!it) return;
    if (it->kind == IT_TERM) msd_pcur_free(&it->cur);
    it_free(it->rider);
    for (size_t i = 0; i < it->n; i++) it_free(it->kids[i]);
    for (size_t i = 0; i < it->nx; i++) it_free(it->excl[i]);
    for (size_t i = 0; it->pr && i < it->n; i++) it_free(it->pr[i]);
    free(it->pr);
    free(it->set);
    free(it->kids);
    free(it->excl);
    free(it);
}

static double bm25(const struct plan *pl, double w, uint32_t tf, uint32_t len, double avg)
{
    double k1 = pl->o->k1, b = pl->o->b;
    return w * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / (avg > 0 ? avg : 1)));
}

/* An exact word answered from its stem: the document must hold a token whose
 * normalized form is the stem (exact bit). Counts those into ftf. */
static int exact_here(struct it *it)
{
    const uint32_t *pos;
    size_t n;
    it->ftf = 0;
    if (msd_pcur_positions(&it->cur, &pos, &n)) return 0;
    for (size_t k = 0; k < n; k++) it->ftf += pos[k] & 1;
    return it->ftf > 0;
}

static uint32_t it_seek(const struct seg_ctx *sc, struct it *it, uint32_t target);

static uint32_t term_seek(struct it *it, uint32_t target)
{
    uint32_t d = msd_pcur_seek(&it->cur, target);
    while (it->via_stem && d != MSD_PCUR_END && !exact_here(it)) d = msd_pcur_next(&it->cur);
    return it->doc = d;
}

/* Whether the phrase's kids (all at doc) have positions p + offset_i for some p. */
static int phrase_here(struct it *it)
{
    const uint32_t *first;
    size_t nf;
    if (msd_pcur_positions(&it->kids[0]->cur, &first, &nf)) return 0;
    for (size_t a = 0; a < nf; a++) {
        uint32_t p0 = first[a] >> 1;
        size_t k;
        if (it->kids[0]->via_stem && !(first[a] & 1)) continue;
        for (k = 1; k < it->n; k++) {
            struct it *kid = it->kids[k];
            const uint32_t *pos;
            size_t n, j;
            uint32_t want = p0 + kid->offset;
            if (msd_pcur_positions(&kid->cur, &pos, &n)) return 0;
            for (j = 0; j < n && (pos[j] >> 1) < want; j++)
                ;
            if (j == n || (pos[j] >> 1) != want || (kid->via_stem && !(pos[j] & 1))) break;
        }
        if (k == it->n) return 1;
    }
    return 0;
}

/* Whether some excluded kid matches doc. */
static int excluded(const struct seg_ctx *sc, struct it *it, uint32_t doc)
{
    for (size_t i = 0; i < it->nx; i++)
        if (it_seek(sc, it->excl[i], doc) == doc) return 1;
    return 0;
}

static uint32_t it_seek(const struct seg_ctx *sc, struct it *it, uint32_t target)
{
    it->sought = 1;
    switch (it->kind) {
    case IT_EMPTY: return it->doc = MSD_PCUR_END;
    case IT_SET: { /* gallop from the last place, then halve */
        size_t lo = it->at, step = 1, hi;
        while (lo + step < it->nset && it->set[lo + step] < target) {
            lo += step;
            step *= 2;
        }
        hi = lo + step < it->nset ? lo + step : it->nset;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (it->set[mid] < target)
                lo = mid + 1;
            else
                hi = mid;
        }
        it->at = lo;
        return it->doc = lo < it->nset ? it->set[lo] : MSD_PCUR_END;
    }
    case IT_PIN:
        if (it->pinned && it->pinned - 1 >= target && it->kids[0]->doc == it->pinned - 1)
            return it->doc = it->pinned - 1; /* checked already: seeks never go back */
        for (;;) {
            uint32_t d = it_seek(sc, it->kids[0], target);
            msd_segdoc row;
            int r;
            if (d == MSD_PCUR_END || sc->pl->cb_rc) return it->doc = MSD_PCUR_END;
            msd_seg_doc(sc->seg, d, &row);
            r = sc->pl->o->phrase_at(sc->pl->o->phrase_ctx, row.docid, it->pn->pat, it->pn->npat);
            if (r == 1) {
                it->pinned = d + 1;
                return it->doc = d;
            }
            if (r) {
                sc->pl->cb_rc = r;
                return it->doc = MSD_PCUR_END;
            }
            target = d + 1;
        }
    case IT_TERM:
        return it->doc >= target && it->doc != MSD_PCUR_END ? it->doc : term_seek(it, target);
    case IT_OR: {
        uint32_t best = MSD_PCUR_END;
        for (;;) {
            best = MSD_PCUR_END;
            for (size_t i = 0; i < it->n; i++) {
                uint32_t d = it->kids[i]->doc;
                if (!it->kids[i]->sought || d < target) d = it_seek(sc, it->kids[i], target);
                if (d < best) best = d;
            }
            if (best == MSD_PCUR_END || !excluded(sc, it, best)) break;
            target = best + 1;
        }
        return it->doc = best;
    }
    case IT_AND:
    case IT_PHRASE:
        for (;;) {
            uint32_t d = it_seek(sc, it->kids[0], target);
            size_t i;
            if (d == MSD_PCUR_END) return it->doc = d;
            for (i = 1; i < it->n; i++) {
                uint32_t e = it_seek(sc, it->kids[i], d);
                if (e != d) break;
            }
            if (i < it->n) { /* someone is past d: restart from there */
                uint32_t e = it->kids[i]->doc;
                if (e == MSD_PCUR_END) return it->doc = e;
                target = e;
                continue;
            }
            if ((it->kind == IT_PHRASE && !phrase_here(it)) || excluded(sc, it, d)) {
                target = d + 1;
                continue;
            }
            return it->doc = d;
        }
    }
    return it->doc = MSD_PCUR_END;
}

/* The score of doc, whose field lengths (read once for all the terms) are len[0] (body)
 * and len[1] (title). */
static double it_score(const struct seg_ctx *sc, struct it *it, uint32_t doc, const uint32_t len[2])
{
    double s = 0;
    if (it->doc != doc) return 0;
    switch (it->kind) {
    case IT_TERM: {
        uint32_t tf = it->via_stem ? it->ftf : msd_pcur_tf(&it->cur);
        s = bm25(sc->pl, it->w, tf, len[it->title != 0], it->avg);
        if (it->rider && it_seek(sc, it->rider, doc) == doc) s += it_score(sc, it->rider, doc, len);
        return s;
    }
    case IT_PHRASE:
        for (size_t i = 0; i < it->n; i++) s += it_score(sc, it->kids[i], doc, len);
        if (it->pr) { /* the typed forms: a bonus if they stand in the phrase */
            double bonus = 0;
            for (size_t i = 0; i < it->n; i++)
                if (it->pr[i] && it_seek(sc, it->pr[i], doc) == doc)
                    bonus += it_score(sc, it->pr[i], doc, len);
            if (bonus > 0 && !sc->pl->o->phrase_at)
                s += bonus; /* nobody to ask: the forms somewhere in the body */
            else if (bonus > 0 && sc->run->npend < MSD_QUERY_MAX_NODES)
                sc->run->pend[sc->run->npend++] = (struct pending){it->pn, bonus};
        }
        return s;
    case IT_AND:
    case IT_OR:
    case IT_PIN:
        for (size_t i = 0; i < it->n; i++) s += it_score(sc, it->kids[i], doc, len);
        return s;
    }
    return 0;
}

static struct it *new_it(int kind)
{
    struct it *it = calloc(1, sizeof *it);
    if (it) it->kind = kind; /* doc 0 until sought: build() seeks composites */
    return it;
}

static struct it *term_it(const struct seg_ctx *sc, const char *key, size_t kl, double w, int title,
                          int via_stem, int *rc)
{
    msd_term t;
    struct it *it;
    const struct plan *pl = sc->pl;
    if (w <= 0 || !msd_seg_term(sc->seg, key, kl, &t)) return NULL;
    if (!(it = new_it(IT_TERM))) {
        *rc = MARSAD_ENOMEM;
        return NULL;
    }
    it->w = w;
    it->title = title;
    it->via_stem = via_stem;
    it->avg = title ? pl->avg_title : pl->avg_body;
    if (msd_pcur_init(&it->cur, &t)) { /* a corrupt run: no documents (damage, counted) */
        it->kind = IT_EMPTY;
        it->doc = MSD_PCUR_END;
        it->sought = 1;
        return it;
    }
    it->ub = bm25(pl, w, t.max_tf, t.min_len, it->avg);
    it->doc = it->cur.doc;
    it->sought = 1;
    if (via_stem && it->doc != MSD_PCUR_END && !exact_here(it))
        it->doc = term_seek(it, it->doc + 1);
    return it;
}

static int add_kid(struct it *p, struct it *k, int excl)
{
    struct it ***arr = excl ? &p->excl : &p->kids;
    size_t *n = excl ? &p->nx : &p->n;
    struct it **na = realloc(*arr, (*n + 1) * sizeof *na);
    if (!na) return MARSAD_ENOMEM;
    *arr = na;
    na[(*n)++] = k;
    if (!excl)
        p->ub =
            p->kind == IT_OR || p->kind == IT_AND || p->kind == IT_PHRASE ? p->ub + k->ub : k->ub;
    return MARSAD_OK;
}

struct it_prefix {
    const struct seg_ctx *sc;
    struct it * or ;
    int title, rc;
    size_t n;
    double mult; /* the prefix's copies in the query */
};

static int prefix_term(void *ctx, const char *key, size_t kl, const msd_term *t)
{
    struct it_prefix *px = ctx;
    const struct plan *pl = px->sc->pl;
    double df = (double)msd_index_df(pl->ix, key, kl);
    double w = log(1.0 + (pl->n_docs - df + 0.5) / (df + 0.5)) *
               (px->title ? pl->o->title_boost : 1) * px->mult;
    struct it *k;
    (void)t;
    if (px->n >= MSD_PREFIX_TERMS) return 1;
    if (!(k = term_it(px->sc, key, kl, w, px->title, 0, &px->rc)) || px->rc) return px->rc ? 1 : 0;
    if ((px->rc = add_kid(px->or, k, 0))) {
        it_free(k);
        return 1;
    }
    px->n++;
    return 0;
}

/* A word in its fields: the body term (unless title only) with the typed form riding on
 * it when it differs from its stem (its documents are among the stem's: a bonus, never a
 * new match), and the title term. */
static struct it *field_or(const struct seg_ctx *sc, const struct pnode *p, int *rc)
{
    char tkey[260];
    struct it *k[3] = {NULL, NULL, NULL}, * or = NULL;
    size_t n = 0;
    memcpy(tkey, p->key, p->kl);
    tkey[0] = p->key[0] == MSD_TAG_BODY ? MSD_TAG_TITLE : MSD_TAG_TITLE_EXACT;
    if (!p->title_only) k[n++] = term_it(sc, p->key, p->kl, p->w_body, 0, p->via_stem, rc);
    if (!*rc) k[n++] = term_it(sc, tkey, p->kl, p->w_title, 1, p->via_stem, rc);
    if (!*rc && p->xkl && k[0] && k[0]->kind == IT_TERM && !p->title_only) {
        k[0]->rider = term_it(sc, p->xkey, p->xkl, p->w_exact, 0, 0, rc);
        if (k[0]->rider) k[0]->ub += k[0]->rider->ub;
    }
    if (!*rc) { /* drop the terms this segment lacks */
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (k[i]) k[m++] = k[i];
        n = m;
        if (n <= 1) return n ? k[0] : NULL;
        if (!(or = new_it(IT_OR))) *rc = MARSAD_ENOMEM;
        for (size_t i = 0; i < n && !*rc; i++)
            if (!(*rc = add_kid(or, k[i], 0))) k[i] = NULL;
    }
    if (*rc) {
        for (size_t i = 0; i < n; i++) it_free(k[i]);
        it_free(or);
        return NULL;
    }
    return or ;
}

/* A phrase in one field: its words' cursors in that field. */
static struct it *phrase_in(const struct seg_ctx *sc, const struct pnode *p, int title, int *rc)
{
    struct it *ph = new_it(IT_PHRASE);
    if (!ph) {
        *rc = MARSAD_ENOMEM;
        return NULL;
    }
    for (size_t i = 0; i < p->n && !*rc; i++) {
        const struct pnode *k = p->kids[i];
        char key[260];
        struct it *kit;
        /* positions are the stem's: an exact form unlike its stem is matched by the stem
         * in a phrase (the document still holds the form, checked by the exact term) */
        memcpy(key, k->skey, k->skl);
        if (title) key[0] = MSD_TAG_TITLE;
        if (!(kit = term_it(sc, key, k->skl, title ? k->w_title : k->w_body, title, k->via_stem,
                            rc))) {
            it_free(ph);
            return NULL;
        }
        kit->offset = k->offset;
        if ((*rc = add_kid(ph, kit, 0))) {
            it_free(kit);
            break;
        }
        if (!title && p->pat && k->xkl) { /* the typed form: its bonus, if in place */
            struct it *x;
            if (!ph->pr && !(ph->pr = calloc(p->n, sizeof *ph->pr))) {
                *rc = MARSAD_ENOMEM;
                break;
            }
            x = term_it(sc, k->xkey, k->xkl, k->w_exact, 0, 0, rc);
            if (x && x->kind != IT_TERM) {
                it_free(x);
                x = NULL;
            }
            ph->pr[ph->n - 1] = x;
            ph->pn = p;
        }
    }
    if (*rc) {
        it_free(ph);
        return NULL;
    }
    return ph;
}

static struct it *build_node(const struct seg_ctx *sc, const struct pnode *p, int *rc);

/* Builds the iterator of p and puts it on its first match (a composite's doc is only
 * meaningful once it has been sought). */
static struct it *build(const struct seg_ctx *sc, const struct pnode *p, int *rc)
{
    struct it *it = build_node(sc, p, rc);
    if (it && it->kind != IT_TERM) it_seek(sc, it, 0);
    return it;
}

static struct it *build_node(const struct seg_ctx *sc, const struct pnode *p, int *rc)
{
    struct it *it = NULL, *k;
    switch (p->kind) {
    case PN_WORD:
    case PN_EXACT: return field_or(sc, p, rc);
    case PN_SET: { /* the set's catalog ids, ascending, to this segment's local ids */
        const uint32_t *ids = p->set->ids;
        size_t n = 0;
        if (!p->set->n_ids) return NULL;
        if (!(it = new_it(IT_SET)) || !(it->set = malloc(p->set->n_ids * sizeof *it->set))) {
            it_free(it);
            *rc = MARSAD_ENOMEM;
            return NULL;
        }
        for (size_t i = 0; i < p->set->n_ids; i++) { /* rows are in catalog id order */
            uint32_t local = msd_seg_local(sc->seg, ids[i]);
            if (local != UINT32_MAX) it->set[n++] = local;
        }
        if (!n) {
            it_free(it);
            return NULL;
        }
        it->nset = n;
        it->doc = it->set[0];
        it->sought = 1;
        return it;
    }
    case PN_PIN:
        if (!(k = build(sc, p->kids[0], rc))) return NULL;
        if (!(it = new_it(IT_PIN))) {
            it_free(k);
            *rc = MARSAD_ENOMEM;
            return NULL;
        }
        it->pn = p;
        if ((*rc = add_kid(it, k, 0))) {
            it_free(k);
            it_free(it);
            return NULL;
        }
        return it;
    case PN_PREFIX: {
        struct it_prefix px = {sc, NULL, 0, 0, 0, p->mult};
        char key[260];
        if (!p->kl) return NULL; /* a prefix no indexed form can begin with */
        if (!(px.or = new_it(IT_OR))) {
            *rc = MARSAD_ENOMEM;
            return NULL;
        }
        memcpy(key, p->key, p->kl);
        for (int title = p->title_only ? 1 : 0; title < 2 && !px.rc; title++) {
            px.title = title;
            px.n = 0;
            for (int tag = 0; tag < 2 && !px.rc; tag++) { /* stems and normalized forms */
                key[0] = title ? (tag ? MSD_TAG_TITLE_EXACT : MSD_TAG_TITLE)
                               : (tag ? MSD_TAG_BODY_EXACT : MSD_TAG_BODY);
                msd_seg_prefix(sc->seg, key, p->kl, prefix_term, &px);
            }
        }
        if ((*rc = px.rc) || !px.or->n) {
            it_free(px.or);
            return NULL;
        }
        return px.or ;
    }
    case PN_PHRASE: {
        struct it *b = p->title_only ? NULL : phrase_in(sc, p, 0, rc);
        struct it *t = *rc ? NULL : phrase_in(sc, p, 1, rc);
        if (*rc || !b || !t) {
            if (*rc) {
                it_free(b);
                it_free(t);
                return NULL;
            }
            return b ? b : t;
        }
        if (!(it = new_it(IT_OR)) || (*rc = add_kid(it, b, 0)) || (*rc = add_kid(it, t, 0))) {
            if (!*rc) *rc = MARSAD_ENOMEM;
            it_free(b);
            it_free(t);
            it_free(it);
            return NULL;
        }
        return it;
    }
    case PN_AND:
    case PN_OR:
        if (!(it = new_it(p->kind == PN_AND ? IT_AND : IT_OR))) {
            *rc = MARSAD_ENOMEM;
            return NULL;
        }
        for (size_t i = 0; i < p->n && !*rc; i++) {
            int excl = p->kids[i]->kind == PN_NOT;
            k = build(sc, excl ? p->kids[i]->kids[0] : p->kids[i], rc);
            if (!k) {
                if (!excl && p->kind == PN_AND && !*rc) { /* a required part absent here */
                    it_free(it);
                    return NULL;
                }
                continue;
            }
            if ((*rc = add_kid(it, k, excl))) it_free(k);
        }
        if (*rc || !it->n) {
            it_free(it);
            return NULL;
        }
        if (it->kind == IT_AND) { /* the rarest leads the leapfrog */
            for (size_t i = 1; i < it->n; i++)
                for (size_t j = i; j > 0 && it->kids[j]->ub > it->kids[j - 1]->ub; j--) {
                    struct it *t = it->kids[j];
                    it->kids[j] = it->kids[j - 1];
                    it->kids[j - 1] = t;
                }
        }
        return it;
    }
    return NULL;
}

/* ---- Evaluation ---------------------------------------------------------------------------- */

/* A cursor in BMW's list, its document and bound kept beside it so that ordering and
 * the pivot walk read one array instead of chasing pointers. */
struct bcur {
    uint32_t doc;
    double ub; /* with its rider's */
    struct it *it;
    uint32_t bfrom, blast; /* bmax bounds the cursor's documents bfrom..blast */
    double bmax;
};

static int filtered(const msd_search_filter *f)
{
    return f->n_sources || f->from != MSD_SEG_NO_DATE || f->to != MSD_SEG_NO_DATE;
}

static int passes(const struct seg_ctx *sc, uint32_t doc, msd_segdoc *d)
{
    const msd_search_filter *f = sc->f;
    if (msd_index_deleted(sc->pl->ix, sc->si, doc)) return 0;
    msd_seg_doc(sc->seg, doc, d);
    if (f->n_sources) {
        size_t k;
        for (k = 0; k < f->n_sources && f->sources[k] != d->source; k++)
            ;
        if (k == f->n_sources) return 0;
    }
    if (f->from != MSD_SEG_NO_DATE && (d->date == MSD_SEG_NO_DATE || d->date < f->from)) return 0;
    if (f->to != MSD_SEG_NO_DATE && (d->date == MSD_SEG_NO_DATE || d->date > f->to)) return 0;
    return 1;
}

/* Whether doc is live and passes the filters; then its lengths are in len, and its row in
 * *row when *checked (filters need it). */
static int match_ok(const struct seg_ctx *sc, uint32_t doc, uint32_t len[2], msd_segdoc *row,
                    int *checked)
{
    if (sc->pl->cb_rc || (++sc->pl->visits % MSD_DEADLINE_EVERY == 0 && past_deadline(sc->pl)))
        return 0;
    *checked = filtered(sc->f);
    if (*checked ? !passes(sc, doc, row) : msd_index_deleted(sc->pl->ix, sc->si, doc)) return 0;
    msd_seg_lens(sc->seg, doc, &len[0], &len[1]);
    return 1;
}

/* Offers a match scored s. Without filters, the document's row (its catalog id and
 * group) is read only when the score can enter the top k: most matches of a large
 * result cannot, and their rows would cost a cache miss each (24 bytes a row, against 4
 * for the lengths). */
static void tally(struct plan *pl, const msd_segdoc *row);

static void offer_match(const struct seg_ctx *sc, struct heap *hp, uint32_t doc, double s,
                        int checked, msd_segdoc *row)
{
    struct plan *pl = sc->pl;
    int sort = pl->rank_sort;
    double bonus = 0;
    for (size_t i = 0; i < sc->run->npend; i++) bonus += sc->run->pend[i].bonus;
    if (pl->o->facets && !sc->run->no_tally) {
        if (!checked) msd_seg_doc(sc->seg, doc, row);
        checked = 1;
        tally(pl, row);
    }
    if (!sort && hp->n == hp->k && s + bonus <= hp->h[0].rank) { /* cannot change the top k */
        sc->run->npend = 0;
        hp->matched++;
        return;
    }
    if (!checked) msd_seg_doc(sc->seg, doc, row);
    for (size_t i = 0; i < sc->run->npend && !pl->cb_rc; i++) { /* typed forms in place? */
        const struct pnode *pn = sc->run->pend[i].pn;
        int r = pl->o->phrase_at(pl->o->phrase_ctx, row->docid, pn->pat, pn->npat);
        if (r == 1)
            s += sc->run->pend[i].bonus;
        else if (r)
            pl->cb_rc = r;
    }
    sc->run->npend = 0;
    offer(hp, row->docid, row->group, s, sort ? date_rank(sort, row->date) : s);
}

/* Whether group was tallied already; notes it. The set holds at most cap groups, in a
 * table at most half full. */
static int group_seen(struct plan *pl, uint32_t group)
{
    size_t mask, i;
    if (!pl->groups) {
        size_t n = 64;
        while (n < 2 * (pl->cap + 1)) n *= 2;
        if (!(pl->groups = calloc(n, sizeof *pl->groups))) return -1;
        pl->groups_cap = n;
    }
    mask = pl->groups_cap - 1;
    for (i = (group * 2654435761u) & mask; pl->groups[i]; i = (i + 1) & mask)
        if (pl->groups[i] == group) return 1;
    pl->groups[i] = group ? group : UINT32_MAX; /* 0 marks an empty slot */
    return 0;
}

/* Notes the outlet and day of a counted match (its group's first, when collapsing), up
 * to the cap. */
static void tally(struct plan *pl, const msd_segdoc *row)
{
    msd_hits *h = pl->out;
    int seen;
    if (pl->tallied >= pl->cap) {
        h->facets_partial = 1;
        return;
    }
    pl->tallied++;
    if (pl->o->collapse && (seen = group_seen(pl, row->group))) {
        if (seen < 0) pl->cb_rc = MARSAD_ENOMEM;
        return;
    }
    if (!h->f_sources) { /* room for the cap: no growing inside the walk */
        if (!(h->f_sources = malloc(pl->cap * sizeof *h->f_sources)) ||
            !(h->f_days = malloc(pl->cap * sizeof *h->f_days))) {
            pl->cb_rc = MARSAD_ENOMEM;
            return;
        }
    }
    h->f_sources[h->n_facets] = row->source;
    h->f_days[h->n_facets++] = row->date;
}

/* Document at a time over the tree. */
static void exhaustive(const struct seg_ctx *sc, struct it *root, struct heap *hp)
{
    for (uint32_t d = it_seek(sc, root, 0); d != MSD_PCUR_END && !sc->pl->cb_rc;
         d = it_seek(sc, root, d + 1)) {
        msd_segdoc row;
        uint32_t len[2];
        int checked;
        if (match_ok(sc, d, len, &row, &checked))
            offer_match(sc, hp, d, it_score(sc, root, d, len), checked, &row);
    }
}

/* Block-max WAND over a flat list of term cursors. */
static double block_bound(const struct seg_ctx *sc, struct it *t, uint32_t doc, uint32_t *last)
{
    uint32_t mtf, mlen;
    if (!msd_pcur_block_of(&t->cur, doc, last, &mtf, &mlen)) {
        *last = MSD_PCUR_END;
        return 0;
    }
    return bm25(sc->pl, t->w, mtf, mlen, t->avg);
}

/* Puts c[i], whose document just grew, back in order; c[i+1..n) is sorted. */
static void reorder(struct bcur *c, size_t n, size_t i)
{
    struct bcur t = c[i];
    t.doc = t.it->doc;
    for (; i + 1 < n && c[i + 1].doc < t.doc; i++) c[i] = c[i + 1];
    c[i] = t;
}

static int by_doc(const void *a, const void *b)
{
    const struct bcur *x = a, *y = b;
    return (x->doc > y->doc) - (x->doc < y->doc);
}

/* Returns nonzero when it skipped documents without looking at them. */
static int bmw(const struct seg_ctx *sc, struct it **its, size_t n, struct heap *hp)
{
    struct bcur c[3 * MSD_QUERY_MAX_NODES];
    int skipped = 0;
    for (size_t i = 0; i < n; i++) c[i] = (struct bcur){its[i]->doc, its[i]->ub, its[i], 1, 0, 0};
    qsort(c, n, sizeof *c, by_doc);
    for (;;) {
        double acc = 0, th = theta(hp), bsum = 0;
        if (sc->pl->cb_rc) return 1; /* stopped: the run fails, its count is moot */
        size_t pivot = n, i;
        uint32_t pd, next = MSD_PCUR_END;
        for (i = 0; i < n && c[i].doc != MSD_PCUR_END; i++) {
            acc += c[i].ub;
            if (acc > th) {
                pivot = i;
                break;
            }
        }
        if (pivot == n) /* nothing left can enter the top k */
            return skipped || (n && c[0].doc != MSD_PCUR_END);
        pd = c[pivot].doc;
        while (pivot + 1 < n && c[pivot + 1].doc == pd) pivot++; /* all at the pivot doc */
        for (i = 0; i <= pivot; i++) { /* a block's bound is looked up once */
            if (pd < c[i].bfrom || pd > c[i].blast) {
                c[i].bmax = block_bound(sc, c[i].it, pd, &c[i].blast);
                c[i].bfrom = pd;
                if (c[i].it->rider) { /* its block there too: the shorter of the ranges */
                    uint32_t xl;
                    c[i].bmax += block_bound(sc, c[i].it->rider, pd, &xl);
                    if (xl < c[i].blast) c[i].blast = xl;
                }
            }
            bsum += c[i].bmax;
            if (c[i].blast < next) next = c[i].blast;
        }
        if (bsum > th) {
            if (c[0].doc == pd) { /* every cursor up to the pivot is on pd: score it */
                msd_segdoc row;
                uint32_t len[2];
                int checked;
                if (match_ok(sc, pd, len, &row, &checked)) {
                    double score = 0;
                    for (i = 0; i <= pivot; i++) score += it_score(sc, c[i].it, pd, len);
                    offer_match(sc, hp, pd, score, checked, &row);
                }
                for (i = pivot + 1; i-- > 0;) {
                    term_seek(c[i].it, pd + 1);
                    reorder(c, n, i);
                }
            } else {
                term_seek(c[0].it, pd); /* the first cursor comes up to the pivot */
                reorder(c, n, 0);
                skipped = 1;
            }
        } else {
            /* no document up to the end of these blocks can make it: skip past them, or
             * to the next cursor's document if that comes first */
            uint32_t to = next == MSD_PCUR_END ? MSD_PCUR_END : next + 1;
            size_t best = 0;
            if (pivot + 1 < n && c[pivot + 1].doc < to) to = c[pivot + 1].doc;
            if (to <= pd) to = pd + 1;
            for (i = 1; i <= pivot; i++) /* move the cursor that bounds most */
                if (c[i].ub > c[best].ub) best = i;
            if (to == MSD_PCUR_END)
                c[best].it->doc = MSD_PCUR_END;
            else
                term_seek(c[best].it, to);
            reorder(c, n, best);
            skipped = 1;
        }
    }
}

/* Collects the term cursors of a plan that is a flat disjunction of words (body and
 * title terms), or returns 0. */
static int flat_or(const struct pnode *p)
{
    if (p->kind == PN_WORD) return 1;
    if (p->kind != PN_OR) return 0;
    for (size_t i = 0; i < p->n; i++)
        if (p->kids[i]->kind != PN_WORD) return 0;
    return 1;
}

/* Counts the matches of a flat disjunction in this segment without scoring them, after
 * block-max WAND skipped some, and tallies their facets: the tree's OR walks the same
 * postings, no bounds, no scores, no heap, until the count passes the cap, so its cost
 * is bounded by the cap where --exhaustive's grows with the matches. Measured on 31,000
 * articles of SaudiNewsNet (docs/search.md, "Counting"; medians, a loaded machine):
 * الرئيس (10,611 matches) 1.2 ms with a floor of 660 before, 2.4 ms counted to the cap;
 * المملكة (5,778) 1.4 ms either way, now exact. */
static int count(const struct seg_ctx *sc, const struct pnode *root)
{
    struct plan *pl = sc->pl;
    int rc = MARSAD_OK;
    struct it *it = build(sc, root, &rc);
    for (uint32_t d = it ? it->doc : MSD_PCUR_END; !rc && !pl->cb_rc && d != MSD_PCUR_END;
         d = it_seek(sc, it, d + 1)) {
        msd_segdoc row;
        uint32_t len[2];
        int checked;
        if (!match_ok(sc, d, len, &row, &checked)) continue;
        if (pl->counted >= pl->cap) { /* one past the cap: a floor from here on */
            pl->capped = pl->pruned = 1;
            if (!pl->o->facets) break;
            pl->out->facets_partial = 1;
            break;
        }
        pl->counted++;
        if (pl->o->facets) {
            if (!checked) msd_seg_doc(sc->seg, d, &row);
            tally(pl, &row);
        }
    }
    it_free(it);
    return rc;
}

/* From this many words on, a word's typed form rides on its stem's cursor in block-max
 * WAND (fewer cursors to order, a looser bound: its bounds are added to the stem's);
 * below it, it is a cursor of its own. Measured in docs/search.md. */
#define ATTACH_WORDS 2

static int run_segment(struct plan *pl, const struct pnode *root, size_t s,
                       const msd_search_filter *f, struct heap *hp)
{
    struct segrun run = {.npend = 0};
    struct seg_ctx sc = {msd_index_seg(pl->ix, s), pl, f, s, &run};
    int rc = MARSAD_OK;
    if (!root) { /* filters only: every document that passes, the newest first */
        for (uint32_t d = 0; d < msd_seg_ndocs(sc.seg); d++) {
            msd_segdoc row;
            if (passes(&sc, d, &row)) {
                if (pl->o->facets) tally(pl, &row);
                offer(hp, row.docid, row.group, 0, date_rank(pl->rank_sort, row.date));
            }
        }
        return MARSAD_OK;
    }
    if (flat_or(root) && !pl->o->exhaustive && !pl->o->sort) { /* WAND bounds scores, not dates */
        struct it *c[3 * MSD_QUERY_MAX_NODES];
        size_t n = 0;
        char tkey[260];
        size_t nw = root->kind == PN_WORD ? 1 : root->n;
        for (size_t i = 0; i < nw && !rc; i++) {
            const struct pnode *w = root->kind == PN_WORD ? root : root->kids[i];
            struct it *b = w->title_only ? NULL : term_it(&sc, w->key, w->kl, w->w_body, 0, 0, &rc),
                      *t;
            memcpy(tkey, w->key, w->kl);
            tkey[0] = MSD_TAG_TITLE;
            t = rc ? NULL : term_it(&sc, tkey, w->kl, w->w_title, 1, 0, &rc);
            if (b && b->kind == IT_TERM) {
                struct it *form = NULL;
                if (!rc && w->xkl) { /* the typed form, on top of its stem */
                    form = term_it(&sc, w->xkey, w->xkl, w->w_exact, 0, 0, &rc);
                    if (form && form->kind != IT_TERM) {
                        it_free(form);
                        form = NULL;
                    }
                }
                c[n++] = b;
                if (form && nw >= ATTACH_WORDS) {
                    b->rider = form;
                    b->ub += form->ub;
                } else if (form)
                    c[n++] = form;
            } else
                it_free(b);
            if (t && t->kind == IT_TERM)
                c[n++] = t;
            else
                it_free(t);
        }
        if (!rc && n) {
            uint64_t before = hp->matched;
            int skipped;
            run.no_tally = 1;
            skipped = bmw(&sc, c, n, hp);
            run.no_tally = 0;
            if (!skipped && !pl->o->facets) /* it saw every match: its count is exact */
                pl->counted += hp->matched - before;
            else if (!pl->capped)
                rc = count(&sc, root);
            else
                pl->pruned = 1;
        }
        for (size_t i = 0; i < n; i++) it_free(c[i]);
        return rc;
    }
    {
        struct it *it = build(&sc, root, &rc);
        if (it && !rc) exhaustive(&sc, it, hp);
        it_free(it);
    }
    return rc;
}

/* Whether p can score a document: a set or an exclusion scores nothing. */
static int scores(const struct pnode *p)
{
    if (p->kind == PN_SET || p->kind == PN_NOT) return 0;
    if (p->kind != PN_AND && p->kind != PN_OR && p->kind != PN_PIN) return 1;
    for (size_t i = 0; i < p->n; i++)
        if (scores(p->kids[i])) return 1;
    return 0;
}

static int by_rank(const void *a, const void *b)
{
    const msd_hit *x = a, *y = b;
    if (x->rank != y->rank) return x->rank < y->rank ? 1 : -1;
    if (x->score != y->score) return x->score < y->score ? 1 : -1; /* a date tie */
    return (x->docid > y->docid) - (x->docid < y->docid);
}

void msd_search_opts_init(msd_search_opts *o)
{
    o->k = 10;
    o->collapse = 1;
    o->k1 = 1.2;
    o->b = 0.75;
    o->title_boost = 2.0;
    o->exhaustive = 0;
    o->exact_bonus = 0.3;
    o->sort = MSD_SORT_SCORE;
    o->facets = 0;
    o->count_cap = MARSAD_COUNT_CAP;
    o->deadline = 0;
    o->phrase_at = NULL;
    o->phrase_ctx = NULL;
}

int msd_search_run(const msd_index *ix, marsad_analyzer *a, const msd_qnode *root,
                   const msd_search_filter *f, const msd_search_opts *o, msd_hits *out)
{
    struct plan pl = {.ix = ix,
                      .o = o,
                      .a = a,
                      .n_docs = (double)msd_index_docs(ix),
                      .avg_body = msd_index_avg_body(ix),
                      .avg_title = msd_index_avg_title(ix),
                      .out = out,
                      .cap = o->count_cap ? o->count_cap : MARSAD_COUNT_CAP};
    struct pnode *p = NULL;
    struct heap hp = {NULL, 0, o->k ? o->k : 10, o->collapse, 0};
    uint64_t damage = msd_index_damage(ix); /* damage met during the run fails it */
    int rc = MARSAD_OK, wand = 0;
    memset(out, 0, sizeof *out);
    if (root) {
        p = compile(&pl, root, &rc);
        if (!rc && !p) rc = MARSAD_ESTOPWORDS; /* only stopwords or punctuation */
        if (!rc && p->kind == PN_NOT) rc = MARSAD_EONLYNOT;
        if (!rc && count_prefixes(p) > MSD_QUERY_MAX_PREFIXES) rc = MARSAD_ETOOBIG;
    }
    pl.rank_sort = o->sort ? o->sort : !p || !scores(p) ? MSD_SORT_NEWEST : MSD_SORT_SCORE;
    if (!rc && !(hp.h = malloc(hp.k * sizeof *hp.h))) rc = MARSAD_ENOMEM;
    for (size_t s = 0; !rc && s < msd_index_nsegs(ix); s++)
        if (past_deadline(&pl) || !(rc = run_segment(&pl, p, s, f, &hp))) rc = pl.cb_rc;
    wand = p && flat_or(p) && !o->exhaustive && !o->sort;
    pnode_free(p);
    free(pl.groups);
    if (!rc && msd_index_damage(ix) != damage) rc = MARSAD_ECORRUPT;
    if (rc) {
        free(hp.h);
        msd_hits_clear(out);
        return rc;
    }
    qsort(hp.h, hp.n, sizeof *hp.h, by_rank);
    out->items = hp.h;
    out->n = hp.n;
    if (wand) { /* counted apart (count()); past the cap, a floor */
        out->matched = pl.capped && hp.matched < pl.cap ? pl.cap
                       : pl.capped                      ? hp.matched
                                                        : pl.counted;
        out->pruned = pl.capped;
    } else {
        out->matched = hp.matched;
        out->pruned = 0;
    }
    return MARSAD_OK;
}

void msd_hits_clear(msd_hits *h)
{
    for (size_t i = 0; i < h->n_terms; i++) free(h->terms[i]);
    free(h->terms);
    free(h->f_sources);
    free(h->f_days);
    free(h->items);
    memset(h, 0, sizeof *h);
}
