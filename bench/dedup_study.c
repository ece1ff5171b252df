/*
 * dedup_study.c — measures MinHash/LSH near-duplicate detection (src/dedup/minhash.h) on
 * SaudiNewsNet, to choose its parameters. Numbers and the choice: docs/dedup.md.
 *
 *   dedup_study [--corpus PATH.jsonl.zst] [--min-words N] [--threshold T]
 *               [--choose SHINGLE BANDS ROWS] [--samples N] [--range LO HI N]
 *               [--short N] [--diff N]
 *
 * With no option it studies the shipped setting (msd_minhash_default, T =
 * MSD_MINHASH_THRESHOLD, texts of MSD_MINHASH_MIN_WORDS words or more) and prints 20
 * reported pairs; --range prints candidates with true J in [LO, HI), --short reported
 * pairs with a short text, --diff pairs on which two representations disagree.
 *
 * 1. Every body is analyzed with the default analyzer (light10 stems, stopwords marked)
 *    and kept as its 64-bit stem hashes (msd_minhash_word).
 * 2. Exact duplicates: bodies whose sequences of normalized tokens are equal. Checked
 *    against the dataset README's count, which is of bodies equal after collapsing
 *    white space. One body of each group stands for it from then on; texts with fewer
 *    than --min-words words are left out (and counted).
 * 3. For stopwords kept and dropped, and shingles of 3, 4 and 5 words: the exact
 *    shingle sets, and as ground truth every pair with Jaccard >= 0.5, found exactly by
 *    a prefix-filtered similarity join (Bayardo et al. 2007, "All-pairs"): order the
 *    shingles rarest first; two sets with J >= t share a shingle among the first
 *    |x| - ceil(t|x|) + 1 of each, and |y| >= t|x|. Every pair so found is verified by
 *    exact intersection, so recall is measured against all pairs above 0.5, not a
 *    sample (and a brute force over two days' articles checks that none is missed).
 *    Then 128-slot signatures, and for each bands x rows setting the LSH candidates
 *    (prefixes of those signatures, checked equal to the setting's own), their true
 *    Jaccard, recall at 0.8/0.7/0.5, precision and recall of "estimate >= T", and the
 *    setting's signature time. Same-headline pairs from different outlets (one story,
 *    told by each) give a check that does not depend on the representation.
 * 4. At the chosen setting: the decision table over T, the hash family beside
 *    mix64(h ^ seed_i), the near-duplicate groups (connected components), and sample
 *    pairs to be checked by hand.
 *
 * Times are CPU seconds of this thread (the machine is shared).
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zstd.h>

#include "dedup/minhash.h"
#include "marsad.h"
#include "util/hash.h"

#define DEFAULT_PATH "../shared/data/saudinewsnet.jsonl.zst"
#define SLOTS        128 /* signatures are made once at this size; settings use prefixes */
#define GT_T         0.5 /* the ground truth holds every pair at or above this */

static const struct {
    unsigned b, r;
} settings[] = {{14, 8}, {20, 5}, {16, 6}, {9, 13}, {25, 4}, {32, 4}, {42, 3}};
#define NSET (sizeof settings / sizeof settings[0])

static void die(const char *what)
{
    fprintf(stderr, "dedup_study: %s\n", what);
    exit(1);
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) die("out of memory");
    return p;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- Growable arrays ------------------------------------------------------------ */

#define VEC(T)                                                                                     \
    struct {                                                                                       \
        T *a;                                                                                      \
        size_t n, cap;                                                                             \
    }
#define PUSH(v, x)                                                                                 \
    do {                                                                                           \
        if ((v).n == (v).cap) {                                                                    \
            (v).cap = (v).cap ? (v).cap * 2 : 1024;                                                \
            (v).a = xrealloc((v).a, (v).cap * sizeof *(v).a);                                      \
        }                                                                                          \
        (v).a[(v).n++] = (x);                                                                      \
    } while (0)

typedef VEC(uint64_t) u64vec;
typedef VEC(uint32_t) u32vec;

struct pair {
    uint32_t x, y; /* x < y, positions in the population */
    float j, est;  /* true Jaccard, estimate */
};
typedef VEC(struct pair) pairvec;

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

/* LSD radix sort of n uint64 (tmp has n slots): the shingle arrays run to millions. */
static void radix64(uint64_t *a, uint64_t *tmp, size_t n)
{
    for (unsigned sh = 0; sh < 64; sh += 16) {
        static size_t cnt[65537];
        memset(cnt, 0, sizeof cnt);
        for (size_t i = 0; i < n; i++) cnt[((a[i] >> sh) & 0xffff) + 1]++;
        for (size_t d = 1; d <= 65536; d++) cnt[d] += cnt[d - 1];
        for (size_t i = 0; i < n; i++) tmp[cnt[(a[i] >> sh) & 0xffff]++] = a[i];
        memcpy(a, tmp, n * sizeof *a);
    }
}

/* ---- The corpus -------------------------------------------------------------------- */

struct doc {
    char *id, *source, *date, *title, *text;
    size_t text_len;
    size_t w0, nw;      /* the stem hashes words[w0 .. w0+nw) */
    size_t nstop;       /* of which stopwords */
    uint64_t norm_hash; /* of the sequence of normalized tokens */
    uint64_t ws_hash;   /* of the body with white space collapsed (the README's count) */
    uint64_t title_hash;
    size_t title_words;
};

static VEC(struct doc) docs;
static u64vec words;                /* all stem hashes, every document's in turn */
static VEC(unsigned char) stopflag; /* parallel to words */

static char *dup_field(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    size_t n = json_is_string(v) ? json_string_length(v) : 0;
    char *d = xrealloc(NULL, n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

static void take_line(const char *line, size_t n)
{
    json_error_t err;
    json_t *o = json_loadb(line, n, 0, &err);
    struct doc d;
    if (!o) return;
    memset(&d, 0, sizeof d);
    d.id = dup_field(o, "id");
    d.source = dup_field(o, "source");
    d.date = dup_field(o, "date");
    d.title = dup_field(o, "title");
    d.text = dup_field(o, "text");
    d.text_len = strlen(d.text);
    json_decref(o);
    PUSH(docs, d);
}

static void load(const char *path)
{
    FILE *f = fopen(path, "rb");
    ZSTD_DCtx *z = ZSTD_createDCtx();
    size_t in_cap = ZSTD_DStreamInSize(), out_cap = ZSTD_DStreamOutSize();
    char *in = xrealloc(NULL, in_cap), *out = xrealloc(NULL, out_cap);
    VEC(char) line = {0};
    if (!f || !z) die("cannot open the corpus (try --corpus PATH)");
    for (;;) {
        size_t got = fread(in, 1, in_cap, f);
        ZSTD_inBuffer ib = {in, got, 0};
        if (!got) break;
        while (ib.pos < ib.size) {
            ZSTD_outBuffer ob = {out, out_cap, 0};
            if (ZSTD_isError(ZSTD_decompressStream(z, &ob, &ib))) die("corrupt zstd stream");
            for (size_t k = 0; k < ob.pos; k++) {
                if (out[k] != '\n') {
                    PUSH(line, out[k]);
                    continue;
                }
                take_line(line.a, line.n);
                line.n = 0;
            }
        }
    }
    if (line.n) take_line(line.a, line.n);
    fclose(f);
    ZSTD_freeDCtx(z);
    free(in);
    free(out);
    free(line.a);
}

/* ---- Analysis -------------------------------------------------------------------- */

struct acc {
    uint64_t h;
    size_t n, nstop;
    int keep; /* push the stems to words[] */
};

static int on_token(void *ctx, const marsad_token *t)
{
    struct acc *a = ctx;
    a->h = msd_mix64(a->h ^ msd_hash64(t->norm, t->norm_len));
    a->n++;
    if (!a->keep) return 0;
    PUSH(words, msd_minhash_word(t->stem, t->stem_len));
    PUSH(stopflag, (unsigned char)!!(t->flags & MARSAD_TOKEN_STOPWORD));
    a->nstop += !!(t->flags & MARSAD_TOKEN_STOPWORD);
    return 0;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The byte length of the white space at s[0..n) (Python's str.split set, which the
 * README's count used: ASCII, U+001C..001F, U+0085, U+00A0, U+1680, U+2000..200A,
 * U+2028, U+2029, U+202F, U+205F, U+3000), or 0. */
static size_t space_len(const unsigned char *s, size_t n)
{
    unsigned cp;
    if (is_space(s[0]) || (s[0] >= 0x1c && s[0] <= 0x1f)) return 1;
    if (n >= 2 && s[0] == 0xc2) return s[1] == 0x85 || s[1] == 0xa0 ? 2 : 0;
    if (n < 3 || (s[0] & 0xf0) != 0xe0) return 0;
    cp = (unsigned)(s[0] & 0x0f) << 12 | (unsigned)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
    if (cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 ||
        cp == 0x202f || cp == 0x205f || cp == 0x3000)
        return 3;
    return 0;
}

/* The body with runs of white space made one space and the ends trimmed, hashed; 0 for
 * a body of white space only. */
static uint64_t ws_hash(const char *text, size_t n, char *buf)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t o = 0, i = 0;
    int gap = 0;
    while (i < n) {
        size_t w = space_len(s + i, n - i);
        if (w) {
            gap = 1;
            i += w;
            continue;
        }
        if (gap && o) buf[o++] = ' ';
        gap = 0;
        buf[o++] = (char)s[i++];
    }
    return o ? msd_hash64(buf, o) : 0;
}

static double analyze_all(void)
{
    marsad_analyzer_config cfg;
    marsad_analyzer *an = NULL;
    char *buf = NULL;
    size_t cap = 0;
    double t0 = cpu_now();
    marsad_analyzer_config_init(&cfg);
    cfg.mark_stopwords = 1;
    if (marsad_analyzer_new(&cfg, &an)) die("cannot create the analyzer");
    for (size_t i = 0; i < docs.n; i++) {
        struct doc *d = &docs.a[i];
        struct acc a = {0x1234567ull, 0, 0, 1};
        struct acc t = {0x7654321ull, 0, 0, 0};
        if (d->text_len + 1 > cap) buf = xrealloc(buf, cap = d->text_len + 1);
        d->w0 = words.n;
        if (marsad_analyze(an, d->text, d->text_len, on_token, &a)) die("analysis failed");
        d->nw = a.n;
        d->nstop = a.nstop;
        d->norm_hash = a.n ? a.h : 0;
        d->ws_hash = ws_hash(d->text, d->text_len, buf);
        if (marsad_analyze(an, d->title, strlen(d->title), on_token, &t)) die("analysis failed");
        d->title_hash = t.h;
        d->title_words = t.n;
    }
    marsad_analyzer_free(an);
    free(buf);
    return cpu_now() - t0;
}

/* ---- Exact duplicates ---------------------------------------------------------------- */

static size_t *rep; /* rep[i]: the first document with i's normalized body */

struct grouping {
    size_t groups, cross, members, short_groups;
};

/* Groups of >= 2 non-empty bodies with equal key; short: bodies under 10 words. */
/* order[] lists the documents sorted by key (key 0: an empty body). */
static struct grouping group_by(uint64_t (*key)(size_t), const size_t *order)
{
    struct grouping g = {0, 0, 0, 0};
    size_t i = 0;
    while (i < docs.n) {
        size_t j = i + 1;
        uint64_t k = key(order[i]);
        while (j < docs.n && key(order[j]) == k) j++;
        if (k && j - i >= 2) {
            int cross = 0;
            for (size_t m = i + 1; m < j; m++)
                cross |= strcmp(docs.a[order[m]].source, docs.a[order[i]].source) != 0;
            g.groups++;
            g.cross += cross;
            g.members += j - i;
            g.short_groups += docs.a[order[i]].nw < 10;
        }
        i = j;
    }
    return g;
}

static uint64_t key_norm(size_t i)
{
    return docs.a[i].norm_hash;
}
static uint64_t key_ws(size_t i)
{
    return docs.a[i].ws_hash;
}

struct kd {
    uint64_t key;
    uint64_t doc;
};

static int cmp_kd(const void *x, const void *y)
{
    const struct kd *a = x, *b = y;
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    return a->doc < b->doc ? -1 : a->doc > b->doc;
}

/* order[] receives the documents sorted by key, then by index. */
static void sort_by(uint64_t (*key)(size_t), size_t *order)
{
    struct kd *kd = xrealloc(NULL, docs.n * sizeof *kd);
    for (size_t i = 0; i < docs.n; i++) kd[i] = (struct kd){key(i), i};
    qsort(kd, docs.n, sizeof *kd, cmp_kd);
    for (size_t i = 0; i < docs.n; i++) order[i] = kd[i].doc;
    free(kd);
}

static void print_head(const char *s, size_t chars);

static void exact_duplicates(void)
{
    size_t *order = xrealloc(NULL, docs.n * sizeof *order), empty = 0, notok = 0, split = 0;
    struct grouping gn, gw;
    for (size_t i = 0; i < docs.n; i++) {
        empty += docs.a[i].ws_hash == 0;
        notok += docs.a[i].nw == 0;
    }
    sort_by(key_ws, order);
    gw = group_by(key_ws, order);
    /* every README group (equal after collapsing white space) must lie in one group of
     * equal normalized bodies: check it member by member */
    for (size_t i = 0; i + 1 < docs.n; i++) {
        const struct doc *a = &docs.a[order[i]], *b = &docs.a[order[i + 1]];
        if (a->ws_hash && a->ws_hash == b->ws_hash && a->norm_hash != b->norm_hash) split++;
    }
    sort_by(key_norm, order);
    gn = group_by(key_norm, order);
    rep = xrealloc(NULL, docs.n * sizeof *rep);
    for (size_t i = 0; i < docs.n; i++) {
        size_t j = i, first = order[i];
        while (j < docs.n && docs.a[order[j]].norm_hash == docs.a[order[i]].norm_hash) {
            if (order[j] < first) first = order[j];
            j++;
        }
        for (size_t m = i; m < j; m++) rep[order[m]] = first;
        i = j - 1;
    }
    printf("== exact duplicates (%zu articles) ==\n", docs.n);
    printf("empty bodies (only white space): %zu; bodies with no token: %zu; both are "
           "left out of the groups below\n",
           empty, notok);
    printf("equal after collapsing white space (the README's count): %zu groups, %zu across "
           "outlets, %zu bodies; %zu groups of bodies under 10 words (names, captions), so "
           "%zu groups of 10 words or more\n",
           gw.groups, gw.cross, gw.members, gw.short_groups, gw.groups - gw.short_groups);
    printf("equal normalized token sequences: %zu groups, %zu across outlets, %zu bodies "
           "(%zu README pairs split: %s)\n",
           gn.groups, gn.cross, gn.members, split,
           split ? "NOT all found" : "every README group is found");
    /* what normalization adds: groups whose bodies differ beyond white space */
    size_t joined = 0;
    for (size_t i = 0; i < docs.n;) {
        size_t j = i + 1, other = i;
        while (j < docs.n && docs.a[order[j]].norm_hash == docs.a[order[i]].norm_hash) {
            if (docs.a[order[j]].ws_hash != docs.a[order[i]].ws_hash) other = j;
            j++;
        }
        if (docs.a[order[i]].norm_hash && other != i) {
            if (joined++ < 3) {
                printf("  joined by normalization: %s %s | %s %s\n", docs.a[order[i]].id,
                       docs.a[order[i]].source, docs.a[order[other]].id,
                       docs.a[order[other]].source);
                print_head(docs.a[order[i]].text, 100);
                print_head(docs.a[order[other]].text, 100);
            }
        }
        i = j;
    }
    printf("%zu groups join bodies that differ beyond white space (punctuation, diacritics, "
           "letter forms, markup)\n",
           joined);
    free(order);
}

/* ---- Shingle sets and the exact ground truth -------------------------------------- */

struct sets {
    size_t nd;           /* the documents studied, pop[0..nd) */
    size_t *pop;         /* their indices in docs */
    size_t *off;         /* ranks of document d: rank[off[d] .. off[d+1]) ascending */
    uint32_t *rank;      /* shingles as ranks: rarest first, ties by hash */
    size_t *nwords;      /* the words the document has in this representation */
    size_t total;        /* shingle (document, shingle) entries */
    size_t distinct;     /* distinct shingles */
    const uint64_t **wp; /* the words given to msd_minhash_sig */
    uint64_t *wbuf;      /* the words when stopwords are dropped */
};

static size_t min_words = MSD_MINHASH_MIN_WORDS;

/* The studied population: one body per exact group, at least min_words words. */
static size_t *population(size_t *n_short, size_t *nd)
{
    size_t *pop = xrealloc(NULL, docs.n * sizeof *pop), n = 0;
    *n_short = 0;
    for (size_t i = 0; i < docs.n; i++) {
        if (rep[i] != i || docs.a[i].nw == 0) continue;
        if (docs.a[i].nw < min_words) {
            (*n_short)++;
            continue;
        }
        pop[n++] = i;
    }
    *nd = n;
    return pop;
}

static void build_sets(struct sets *s, size_t *pop, size_t nd, unsigned k, int drop_stop)
{
    u64vec all = {0};
    uint64_t *tmp, *dist;
    size_t nd2;
    memset(s, 0, sizeof *s);
    s->nd = nd;
    s->pop = pop;
    s->off = xrealloc(NULL, (nd + 1) * sizeof *s->off);
    s->nwords = xrealloc(NULL, nd * sizeof *s->nwords);
    s->wp = xrealloc(NULL, nd * sizeof *s->wp);
    if (drop_stop) s->wbuf = xrealloc(NULL, words.n * sizeof *s->wbuf);
    size_t wb = 0;
    for (size_t d = 0; d < nd; d++) {
        const struct doc *doc = &docs.a[pop[d]];
        const uint64_t *w = words.a + doc->w0;
        size_t n = doc->nw;
        if (drop_stop) {
            size_t m = 0;
            for (size_t i = 0; i < doc->nw; i++)
                if (!stopflag.a[doc->w0 + i]) s->wbuf[wb + m++] = w[i];
            w = s->wbuf + wb;
            n = m;
            wb += m;
        }
        s->wp[d] = w;
        s->nwords[d] = n;
        s->off[d] = all.n;
        size_t first = all.n;
        if (n && n < k) PUSH(all, msd_minhash_shingle(w, n));
        for (size_t j = 0; j + k <= n; j++) PUSH(all, msd_minhash_shingle(w + j, k));
        /* a set: sort and drop repeats */
        qsort(all.a + first, all.n - first, sizeof *all.a, cmp_u64);
        size_t o = first;
        for (size_t j = first; j < all.n; j++)
            if (j == first || all.a[j] != all.a[o - 1]) all.a[o++] = all.a[j];
        all.n = o;
    }
    s->off[nd] = all.n;
    s->total = all.n;
    /* document frequency of each distinct shingle, then ranks by (df, hash) */
    tmp = xrealloc(NULL, all.n * sizeof *tmp);
    dist = xrealloc(NULL, all.n * sizeof *dist);
    memcpy(dist, all.a, all.n * sizeof *dist);
    radix64(dist, tmp, all.n);
    uint64_t *dfkey = tmp; /* df << 40 | distinct index: sorts rarest first */
    nd2 = 0;
    for (size_t i = 0; i < all.n;) {
        size_t j = i + 1;
        while (j < all.n && dist[j] == dist[i]) j++;
        dist[nd2] = dist[i];
        dfkey[nd2] = (uint64_t)(j - i) << 40 | nd2;
        nd2++;
        i = j;
    }
    s->distinct = nd2;
    qsort(dfkey, nd2, sizeof *dfkey, cmp_u64);
    uint32_t *rank_of = xrealloc(NULL, nd2 * sizeof *rank_of);
    for (size_t r = 0; r < nd2; r++) rank_of[dfkey[r] & ((1ull << 40) - 1)] = (uint32_t)r;
    s->rank = xrealloc(NULL, all.n * sizeof *s->rank);
    for (size_t d = 0; d < nd; d++) {
        size_t a = s->off[d], b = s->off[d + 1];
        for (size_t j = a; j < b; j++) {
            size_t lo = 0, hi = nd2; /* the shingle's place among the distinct ones */
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (dist[mid] < all.a[j])
                    lo = mid + 1;
                else
                    hi = mid;
            }
            s->rank[j] = rank_of[lo];
        }
        /* ranks ascending: insertion sort is enough for one article's few hundred */
        for (size_t j = a + 1; j < b; j++) {
            uint32_t v = s->rank[j];
            size_t m = j;
            while (m > a && s->rank[m - 1] > v) {
                s->rank[m] = s->rank[m - 1];
                m--;
            }
            s->rank[m] = v;
        }
    }
    free(rank_of);
    free(tmp);
    free(dist);
    free(all.a);
}

static void free_sets(struct sets *s)
{
    free(s->off);
    free(s->rank);
    free(s->nwords);
    free(s->wp);
    free(s->wbuf);
}

static size_t set_size(const struct sets *s, size_t d)
{
    return s->off[d + 1] - s->off[d];
}

static double jaccard(const struct sets *s, size_t x, size_t y)
{
    const uint32_t *a = s->rank + s->off[x], *b = s->rank + s->off[y];
    size_t na = set_size(s, x), nb = set_size(s, y), i = 0, j = 0, both = 0;
    while (i < na && j < nb) {
        if (a[i] < b[j])
            i++;
        else if (a[i] > b[j])
            j++;
        else {
            both++;
            i++;
            j++;
        }
    }
    return na + nb ? (double)both / (double)(na + nb - both) : 0.0;
}

static uint64_t pair_key(size_t x, size_t y)
{
    return x < y ? (uint64_t)x << 32 | y : (uint64_t)y << 32 | x;
}

/* Every pair with J >= GT_T (All-pairs with a length filter), sorted by pair_key. */
static u64vec truth(const struct sets *s, size_t *verified)
{
    size_t nd = s->nd, *order = xrealloc(NULL, nd * sizeof *order);
    uint64_t *ord = xrealloc(NULL, nd * sizeof *ord), *tmp = xrealloc(NULL, nd * sizeof *tmp);
    uint32_t *head = xrealloc(NULL, s->distinct * sizeof *head), *stamp;
    u32vec next = {0}, who = {0}, cand = {0};
    u64vec out = {0};
    for (size_t d = 0; d < nd; d++) ord[d] = (uint64_t)set_size(s, d) << 32 | d;
    radix64(ord, tmp, nd);
    for (size_t d = 0; d < nd; d++) order[d] = ord[d] & 0xffffffff;
    memset(head, 0xff, s->distinct * sizeof *head);
    stamp = xrealloc(NULL, nd * sizeof *stamp);
    memset(stamp, 0xff, nd * sizeof *stamp);
    *verified = 0;
    for (size_t o = 0; o < nd; o++) {
        size_t x = order[o], sx = set_size(s, x);
        size_t need = (sx + 1) / 2; /* ceil(0.5 sx): the least |y| and |x ∩ y| can be */
        size_t prefix = sx - need + 1;
        const uint32_t *r = s->rank + s->off[x];
        cand.n = 0;
        for (size_t p = 0; p < prefix && p < sx; p++)
            /* lists are newest first, so sizes fall along them: stop at the first short */
            for (uint32_t e = head[r[p]]; e != UINT32_MAX; e = next.a[e]) {
                uint32_t y = who.a[e];
                if (set_size(s, y) < need) break;
                if (stamp[y] != x) {
                    stamp[y] = (uint32_t)x;
                    PUSH(cand, y);
                }
            }
        for (size_t c = 0; c < cand.n; c++) {
            ++*verified;
            if (jaccard(s, x, cand.a[c]) >= GT_T) PUSH(out, pair_key(x, cand.a[c]));
        }
        for (size_t p = 0; p < prefix && p < sx; p++) {
            PUSH(next, head[r[p]]);
            PUSH(who, (uint32_t)x);
            head[r[p]] = (uint32_t)(who.n - 1);
        }
    }
    qsort(out.a, out.n, sizeof *out.a, cmp_u64);
    free(order);
    free(ord);
    free(tmp);
    free(head);
    free(stamp);
    free(next.a);
    free(who.a);
    free(cand.a);
    return out;
}

/* The join's exactness, checked by brute force: every pair of the articles dated on two
 * busy days (the Abha bombing, 6-7 August). Returns the pairs at J >= GT_T found, and
 * sets *missed to those the join did not report. */
static size_t brute_check(const struct sets *s, const u64vec *gt, size_t *missed, size_t *nday)
{
    size_t *day = xrealloc(NULL, s->nd * sizeof *day), n = 0, found = 0;
    for (size_t d = 0; d < s->nd; d++) {
        const char *date = docs.a[s->pop[d]].date;
        if (!strncmp(date, "2015-08-06", 10) || !strncmp(date, "2015-08-07", 10)) day[n++] = d;
    }
    *missed = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            size_t a = set_size(s, day[i]), b = set_size(s, day[j]);
            if ((a < b ? a : b) * 2 < (a > b ? a : b)) continue; /* J <= min/max < 0.5 */
            if (jaccard(s, day[i], day[j]) < GT_T) continue;
            found++;
            uint64_t key = pair_key(day[i], day[j]);
            if (!bsearch(&key, gt->a, gt->n, sizeof key, cmp_u64)) ++*missed;
        }
    *nday = n;
    free(day);
    return found;
}

/* ---- Signatures and LSH ---------------------------------------------------------- */

static double make_sigs(const struct sets *s, unsigned k, uint32_t *sig)
{
    msd_minhash_params p = {k, 1, SLOTS};
    double t0 = cpu_now();
    for (size_t d = 0; d < s->nd; d++)
        if (msd_minhash_sig(s->wp[d], s->nwords[d], &p, sig + d * SLOTS)) die("sig failed");
    return cpu_now() - t0;
}

/* Seconds to make every signature of one setting, checking each equals the prefix of
 * the SLOTS-slot one (slot i depends on i alone, minhash.h): the table uses prefixes. */
static double time_setting(const struct sets *s, unsigned k, unsigned b, unsigned r,
                           const uint32_t *sig)
{
    msd_minhash_params p = {k, b, r};
    uint32_t one[MSD_MINHASH_MAX_SLOTS];
    double t = 0;
    for (size_t d = 0; d < s->nd; d++) {
        double t0 = cpu_now();
        if (msd_minhash_sig(s->wp[d], s->nwords[d], &p, one)) die("sig failed");
        t += cpu_now() - t0;
        if (memcmp(one, sig + d * SLOTS, (size_t)b * r * sizeof *one))
            die("a short signature is not the prefix of the long one");
    }
    return t;
}

/* Candidate pairs of one setting, sorted by pair_key; *biggest the largest bucket. */
static u64vec candidates(const struct sets *s, const uint32_t *sig, unsigned k, unsigned b,
                         unsigned r, size_t *biggest)
{
    msd_minhash_params p = {k, b, r};
    struct kd *kd = xrealloc(NULL, s->nd * sizeof *kd);
    uint64_t keys[MSD_MINHASH_MAX_SLOTS], *all = xrealloc(NULL, s->nd * b * sizeof *all);
    u64vec out = {0};
    for (size_t d = 0; d < s->nd; d++) {
        if (msd_minhash_bands(sig + d * SLOTS, &p, keys)) die("bands failed");
        for (unsigned i = 0; i < b; i++) all[d * b + i] = keys[i];
    }
    *biggest = 0;
    for (unsigned i = 0; i < b; i++) {
        for (size_t d = 0; d < s->nd; d++) kd[d] = (struct kd){all[d * b + i], d};
        qsort(kd, s->nd, sizeof *kd, cmp_kd);
        for (size_t x = 0; x < s->nd;) {
            size_t y = x + 1;
            while (y < s->nd && kd[y].key == kd[x].key) y++;
            if (y - x > *biggest) *biggest = y - x;
            for (size_t m = x; m < y; m++)
                for (size_t q = m + 1; q < y; q++) PUSH(out, pair_key(kd[m].doc, kd[q].doc));
            x = y;
        }
    }
    qsort(out.a, out.n, sizeof *out.a, cmp_u64);
    size_t o = 0;
    for (size_t i = 0; i < out.n; i++)
        if (!o || out.a[i] != out.a[o - 1]) out.a[o++] = out.a[i];
    out.n = o;
    free(kd);
    free(all);
    return out;
}

static pairvec score(const struct sets *s, const uint32_t *sig, const u64vec *c, size_t slots)
{
    pairvec v = {0};
    for (size_t i = 0; i < c->n; i++) {
        uint32_t x = (uint32_t)(c->a[i] >> 32), y = (uint32_t)c->a[i];
        struct pair p = {x, y, (float)jaccard(s, x, y),
                         (float)msd_minhash_estimate(sig + x * SLOTS, sig + y * SLOTS, slots)};
        PUSH(v, p);
    }
    return v;
}

static size_t count_ge(const u64vec *gt, const struct sets *s, double t)
{
    size_t n = 0;
    for (size_t i = 0; i < gt->n; i++) n += jaccard(s, gt->a[i] >> 32, (uint32_t)gt->a[i]) >= t;
    return n;
}

/* ---- Same-headline pairs: an outside check on the representation ----------------- */

static u64vec same_title_pairs(const struct sets *s)
{
    u64vec out = {0};
    struct kd *kd = xrealloc(NULL, s->nd * sizeof *kd);
    for (size_t d = 0; d < s->nd; d++) kd[d] = (struct kd){docs.a[s->pop[d]].title_hash, d};
    qsort(kd, s->nd, sizeof *kd, cmp_kd);
    for (size_t x = 0; x < s->nd;) {
        size_t y = x + 1;
        while (y < s->nd && kd[y].key == kd[x].key) y++;
        /* headlines of five words or more, shared by a few outlets: one story each */
        if (y - x <= 10 && docs.a[s->pop[kd[x].doc]].title_words >= 5)
            for (size_t m = x; m < y; m++)
                for (size_t q = m + 1; q < y; q++)
                    if (strcmp(docs.a[s->pop[kd[m].doc]].source, docs.a[s->pop[kd[q].doc]].source))
                        PUSH(out, pair_key(kd[m].doc, kd[q].doc));
        x = y;
    }
    free(kd);
    return out;
}

/* ---- The chosen setting: decisions, hash family, groups, samples ------------------ */

static size_t uf_find(size_t *par, size_t x)
{
    while (par[x] != x) x = par[x] = par[par[x]];
    return x;
}

static void print_head(const char *s, size_t chars)
{
    size_t cp = 0;
    putchar(' ');
    putchar(' ');
    for (; *s && cp < chars; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c & 0xc0) != 0x80) cp++;
        putchar(is_space(c) ? ' ' : c);
    }
    /* finish a character cut in the middle */
    while ((*(const unsigned char *)s & 0xc0) == 0x80) putchar(*s++);
    putchar('\n');
}

static void print_pair(const struct sets *s, const struct pair *p, int n)
{
    const struct doc *a = &docs.a[s->pop[p->x]], *b = &docs.a[s->pop[p->y]];
    printf("[%d] est %.3f  true %.3f  %s %s %s (%zu words) | %s %s %s (%zu words)\n", n, p->est,
           p->j, a->id, a->source, a->date, a->nw, b->id, b->source, b->date, b->nw);
    print_head(a->text, 150);
    print_head(b->text, 150);
}

static int cmp_pair_est(const void *x, const void *y)
{
    const struct pair *a = x, *b = y;
    if (a->est != b->est) return a->est < b->est ? -1 : 1;
    if (a->x != b->x) return a->x < b->x ? -1 : 1;
    return a->y < b->y ? -1 : a->y > b->y;
}

/* Slots of the mix64(h ^ seed_i) family, for comparison with the shipped
 * multiply-add-shift one (minhash.c). */
static void sig_mix64(const uint64_t *w, size_t n, unsigned k, size_t slots, uint32_t *sig)
{
    uint64_t seed[SLOTS];
    for (size_t i = 0; i < slots; i++) {
        seed[i] = msd_mix64(0x1111 + i);
        sig[i] = UINT32_MAX;
    }
    size_t len = n < k ? n : k, last = n < k ? 0 : n - k; /* shingles as minhash.c makes */
    for (size_t j = 0; n && j <= last; j++) {
        uint64_t h = msd_minhash_shingle(w + j, len);
        for (size_t i = 0; i < slots; i++) {
            uint32_t v = (uint32_t)(msd_mix64(h ^ seed[i]) >> 32);
            if (v < sig[i]) sig[i] = v;
        }
    }
}

/* Mean |estimate - J| of both families over the candidate pairs ps[0..np) (mostly
 * J >= 0.5) and over the same-headline pairs tp (J spread from 0 to 1). */
static void hash_families(const struct sets *s, unsigned k, size_t slots, const struct pair *ps,
                          size_t np, const u64vec *tp)
{
    uint32_t *mx = xrealloc(NULL, s->nd * SLOTS * sizeof *mx), *ma;
    msd_minhash_params p = {k, 1, (unsigned)slots};
    double t0 = cpu_now(), t_ma, t_mx, e[2][2] = {{0, 0}, {0, 0}}, th[2] = {0, 0};
    size_t n[2] = {np, tp->n};
    for (size_t d = 0; d < s->nd; d++) sig_mix64(s->wp[d], s->nwords[d], k, slots, mx + d * SLOTS);
    t_mx = cpu_now() - t0;
    ma = xrealloc(NULL, s->nd * SLOTS * sizeof *ma);
    t0 = cpu_now();
    for (size_t d = 0; d < s->nd; d++)
        if (msd_minhash_sig(s->wp[d], s->nwords[d], &p, ma + d * SLOTS)) die("sig failed");
    t_ma = cpu_now() - t0;
    for (int set = 0; set < 2; set++)
        for (size_t i = 0; i < n[set]; i++) {
            size_t x = set ? tp->a[i] >> 32 : ps[i].x, y = set ? (uint32_t)tp->a[i] : ps[i].y;
            double j = jaccard(s, x, y);
            e[set][0] += fabs(msd_minhash_estimate(ma + x * SLOTS, ma + y * SLOTS, slots) - j);
            e[set][1] += fabs(msd_minhash_estimate(mx + x * SLOTS, mx + y * SLOTS, slots) - j);
            /* E|Binomial(slots, j)/slots - j| by the normal approximation */
            th[set] += sqrt(j * (1 - j) / (double)slots) * 0.7978845608;
        }
    printf("\n== hash family, %zu slots, shingle %u ==\n", slots, k);
    printf("%-30s %12s %22s %22s\n", "family", "us/article", "|est-J|, candidates",
           "|est-J|, same headline");
    printf("%-30s %12.1f %22.4f %22.4f\n", "(a_i*h + b_i) >> 32 (shipped)", t_ma / s->nd * 1e6,
           n[0] ? e[0][0] / n[0] : 0, n[1] ? e[1][0] / n[1] : 0);
    printf("%-30s %12.1f %22.4f %22.4f\n", "mix64(h ^ seed_i)", t_mx / s->nd * 1e6,
           n[0] ? e[0][1] / n[0] : 0, n[1] ? e[1][1] / n[1] : 0);
    printf("%-30s %12s %22.4f %22.4f\n", "binomial expectation", "", n[0] ? th[0] / n[0] : 0,
           n[1] ? th[1] / n[1] : 0);
    printf("(%zu candidate pairs, %zu same-headline pairs)\n", n[0], n[1]);
    free(ma);
    free(mx);
}

/* What the closer look at one setting prints. */
struct opts {
    unsigned k, b, r; /* the setting */
    double T;         /* the decision threshold on the estimate */
    int samples;      /* reported pairs to print */
    double lo, hi;    /* and candidates with true J in [lo, hi) ... */
    int nrange;       /* ... this many */
    int nshort;       /* reported pairs with a text under MSD_MINHASH_MIN_WORDS words */
    int ndiff;        /* pairs where two representations disagree */
};

/* Prints up to n pairs of ps[0..m) that pass keep(), evenly spaced. */
static void print_some(const struct sets *s, const struct pair *ps, size_t m, int n,
                       int (*keep)(const struct sets *, const struct pair *, const struct opts *),
                       const struct opts *o)
{
    size_t *at = xrealloc(NULL, (m ? m : 1) * sizeof *at), na = 0;
    for (size_t q = 0; q < m; q++)
        if (keep(s, &ps[q], o)) at[na++] = q;
    if ((size_t)n > na) n = (int)na;
    for (int i = 0; i < n; i++) {
        size_t q = n > 1 ? (size_t)i * (na - 1) / (size_t)(n - 1) : 0;
        print_pair(s, &ps[at[q]], i + 1);
    }
    free(at);
}

static int keep_reported(const struct sets *s, const struct pair *p, const struct opts *o)
{
    (void)s;
    return p->est >= o->T - 1e-9;
}
static int keep_range(const struct sets *s, const struct pair *p, const struct opts *o)
{
    (void)s;
    return p->j >= o->lo && p->j < o->hi;
}
static int keep_short(const struct sets *s, const struct pair *p, const struct opts *o)
{
    return p->est >= o->T - 1e-9 &&
           (s->nwords[p->x] < MSD_MINHASH_MIN_WORDS || s->nwords[p->y] < MSD_MINHASH_MIN_WORDS);
}

static void chosen(const struct sets *s, const uint32_t *sig, const u64vec *gt,
                   const struct opts *o)
{
    unsigned k = o->k, b = o->b, r = o->r;
    double T = o->T;
    size_t missed, nday, found = brute_check(s, gt, &missed, &nday);
    printf("\n== the ground truth checked by brute force, shingle %u: all %zu pairs of the %zu "
           "articles of 6-7 August ==\n%zu pairs at J >= 0.5, %zu of them missing from the join\n",
           k, nday * (nday - 1) / 2, nday, found, missed);
    size_t big, slots = (size_t)b * r;
    u64vec c = candidates(s, sig, k, b, r, &big);
    pairvec ps = score(s, sig, &c, slots);
    static const double ts[] = {0.5, 0.6, 0.7, 0.8, 0.9};
    printf("\n== decisions at shingle %u, %ux%u: a candidate is a near-duplicate when its "
           "estimate >= T ==\n",
           k, b, r);
    printf("%5s %9s %12s %16s %12s\n", "T", "reported", "prec(J>=T)", "prec(J>=T-0.1)",
           "recall(J>=T)");
    for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
        size_t rep_n = 0, ok = 0, ok1 = 0, all = count_ge(gt, s, ts[i]);
        for (size_t q = 0; q < ps.n; q++) {
            int dec = ps.a[q].est >= ts[i] - 1e-9;
            rep_n += dec;
            ok += dec && ps.a[q].j >= ts[i];
            ok1 += dec && ps.a[q].j >= ts[i] - 0.1;
        }
        printf("%5.2f %9zu %12.3f %16.3f %12.3f\n", ts[i], rep_n, rep_n ? (double)ok / rep_n : 0,
               rep_n ? (double)ok1 / rep_n : 0, all ? (double)ok / all : 0);
    }
    u64vec tp = same_title_pairs(s);
    hash_families(s, k, slots, ps.a, ps.n, &tp);
    free(tp.a);

    /* groups: connected components of the reported pairs */
    size_t *par = xrealloc(NULL, s->nd * sizeof *par), *size = calloc(s->nd, sizeof *size);
    size_t groups = 0, in_groups = 0, cross = 0, largest = 0, npairs = 0, n_short = 0, n_tiny = 0;
    char **src1 = calloc(s->nd, sizeof *src1);
    unsigned char *mixed = calloc(s->nd, 1);
    if (!size || !src1 || !mixed) die("out of memory");
    for (size_t d = 0; d < s->nd; d++) par[d] = d;
    for (size_t q = 0; q < ps.n; q++) {
        if (ps.a[q].est < T - 1e-9) continue;
        npairs++;
        n_short += s->nwords[ps.a[q].x] < 50 || s->nwords[ps.a[q].y] < 50;
        n_tiny += s->nwords[ps.a[q].x] < MSD_MINHASH_MIN_WORDS ||
                  s->nwords[ps.a[q].y] < MSD_MINHASH_MIN_WORDS;
        size_t x = uf_find(par, ps.a[q].x), y = uf_find(par, ps.a[q].y);
        if (x != y) par[x] = y;
    }
    for (size_t d = 0; d < s->nd; d++) {
        size_t root = uf_find(par, d);
        size[root]++;
        if (!src1[root])
            src1[root] = docs.a[s->pop[d]].source;
        else if (strcmp(src1[root], docs.a[s->pop[d]].source))
            mixed[root] = 1;
    }
    size_t hist[5] = {0, 0, 0, 0, 0}, big_root = 0;
    for (size_t d = 0; d < s->nd; d++)
        if (size[d] >= 2) {
            groups++;
            in_groups += size[d];
            cross += mixed[d];
            hist[size[d] == 2 ? 0 : size[d] == 3 ? 1 : size[d] <= 5 ? 2 : size[d] <= 10 ? 3 : 4]++;
            if (size[d] > largest) {
                largest = size[d];
                big_root = d;
            }
        }
    printf("\n== near-duplicate groups at T = %.2f (exact duplicates already merged) ==\n", T);
    printf("%zu pairs reported (%zu with a text under 50 words, %zu under %d); %zu groups "
           "holding %zu articles, %zu across outlets, largest %zu\n",
           npairs, n_short, n_tiny, MSD_MINHASH_MIN_WORDS, groups, in_groups, cross, largest);
    printf("group sizes: 2: %zu, 3: %zu, 4-5: %zu, 6-10: %zu, more: %zu\n", hist[0], hist[1],
           hist[2], hist[3], hist[4]);
    printf("the largest group, by date:\n");
    for (size_t d = 0, shown = 0; d < s->nd && shown < 12; d++)
        if (uf_find(par, d) == big_root) {
            const struct doc *m = &docs.a[s->pop[d]];
            printf("  %s %s %s |", m->id, m->source, m->date);
            print_head(m->text, 70);
            shown++;
        }

    /* samples over the range of estimates, and any asked for */
    qsort(ps.a, ps.n, sizeof *ps.a, cmp_pair_est);
    printf("\n== %d reported pairs, evenly spaced by estimate, for checking by hand ==\n",
           o->samples);
    print_some(s, ps.a, ps.n, o->samples, keep_reported, o);
    if (o->nrange > 0) {
        printf("\n== %d candidate pairs with %.2f <= J < %.2f ==\n", o->nrange, o->lo, o->hi);
        print_some(s, ps.a, ps.n, o->nrange, keep_range, o);
    }
    if (o->nshort > 0) {
        printf("\n== %d reported pairs with a text under %d words (run with --min-words 1) ==\n",
               o->nshort, MSD_MINHASH_MIN_WORDS);
        print_some(s, ps.a, ps.n, o->nshort, keep_short, o);
    }
    free(par);
    free(size);
    free(src1);
    free(mixed);
    free(ps.a);
    free(c.a);
}

/* ---- Representations compared: pairs at J >= 0.5 in one and not in the other ----- */

struct saved {
    u64vec gt; /* pair keys, sorted */
    float *j;  /* their Jaccard */
};

static int has_pair(const u64vec *gt, uint64_t key)
{
    return bsearch(&key, gt->a, gt->n, sizeof key, cmp_u64) != NULL;
}

static void compare(const struct sets *s, const char *na, const struct saved *a, const char *nb,
                    const struct saved *b, int nprint)
{
    pairvec only = {0};
    size_t both = 0, only_b = 0;
    for (size_t i = 0; i < a->gt.n; i++) {
        if (has_pair(&b->gt, a->gt.a[i])) {
            both++;
            continue;
        }
        struct pair p = {(uint32_t)(a->gt.a[i] >> 32), (uint32_t)a->gt.a[i], a->j[i], a->j[i]};
        PUSH(only, p);
    }
    for (size_t i = 0; i < b->gt.n; i++) only_b += !has_pair(&a->gt, b->gt.a[i]);
    printf("%s vs %s: %zu pairs at J >= 0.5 in both, %zu only in %s, %zu only in %s\n", na, nb,
           both, only.n, na, only_b, nb);
    if (nprint > 0 && only.n) {
        if ((size_t)nprint > only.n) nprint = (int)only.n;
        qsort(only.a, only.n, sizeof *only.a, cmp_pair_est);
        printf("  %d of those only in %s (shown: its J; in %s J < 0.5):\n", nprint, na, nb);
        for (int i = 0; i < nprint; i++) {
            size_t q = nprint > 1 ? (size_t)i * (only.n - 1) / (size_t)(nprint - 1) : 0;
            print_pair(s, &only.a[q], i + 1);
        }
    }
    free(only.a);
}

/* ---- Main ------------------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    const char *path = DEFAULT_PATH;
    struct opts o = {msd_minhash_default.shingle,
                     msd_minhash_default.bands,
                     msd_minhash_default.rows,
                     MSD_MINHASH_THRESHOLD,
                     20,
                     0,
                     0,
                     0,
                     0,
                     0};
    double t_total = cpu_now(), T;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--corpus") && i + 1 < argc)
            path = argv[++i];
        else if (!strcmp(argv[i], "--min-words") && i + 1 < argc)
            min_words = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--samples") && i + 1 < argc)
            o.samples = (int)strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--range") && i + 3 < argc) {
            o.lo = strtod(argv[++i], NULL);
            o.hi = strtod(argv[++i], NULL);
            o.nrange = (int)strtol(argv[++i], NULL, 10);
        } else if (!strcmp(argv[i], "--diff") && i + 1 < argc)
            o.ndiff = (int)strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--short") && i + 1 < argc)
            o.nshort = (int)strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--threshold") && i + 1 < argc)
            o.T = strtod(argv[++i], NULL);
        else if (!strcmp(argv[i], "--choose") && i + 3 < argc) {
            o.k = (unsigned)strtoul(argv[++i], NULL, 10);
            o.b = (unsigned)strtoul(argv[++i], NULL, 10);
            o.r = (unsigned)strtoul(argv[++i], NULL, 10);
        } else {
            fprintf(stderr, "usage: dedup_study [--corpus PATH] [--min-words N] [--samples N] "
                            "[--range LO HI N] [--short N] [--diff N] [--threshold T] "
                            "[--choose SHINGLE BANDS ROWS]\n");
            return 2;
        }
    }
    double t_an;
    T = o.T;
    if (!msd_minhash_slots(&(msd_minhash_params){o.k, o.b, o.r}) || o.b * o.r > SLOTS)
        die("--choose: a setting of at most 128 slots");
    load(path);
    t_an = analyze_all();
    printf("corpus: %s, %zu articles, %zu tokens (%.1f s to analyze)\n\n", path, docs.n, words.n,
           t_an);
    exact_duplicates();

    size_t n_short, nd, *pop = population(&n_short, &nd);
    printf("\nstudied: %zu bodies (one per exact group); %zu shorter than %zu words left out\n", nd,
           n_short, min_words);

    printf("\n== LSH settings (candidates = pairs sharing a band key; recall against every "
           "pair with J >= 0.5, found exactly) ==\n");
    printf("%-5s %2s %-6s %6s %9s %8s %8s %8s %8s %8s %8s %7s %7s\n", "stop", "k", "b x r", "S-thr",
           "cands", "J>=.5", "rec.8", "rec.7", "rec.5", "P@T", "R@T", "bucket", "us/art");
    uint32_t *sig = xrealloc(NULL, nd * SLOTS * sizeof *sig), *csig = NULL;
    struct sets cs;
    u64vec cgt = {0};
    struct saved saved[2][6]; /* [drop][k] */
    memset(saved, 0, sizeof saved);
    for (int drop = 0; drop <= 1; drop++)
        for (unsigned k = 3; k <= 5; k++) {
            struct sets s;
            size_t verified;
            build_sets(&s, pop, nd, k, drop);
            u64vec gt = truth(&s, &verified);
            saved[drop][k].gt.n = gt.n;
            saved[drop][k].gt.a = xrealloc(NULL, gt.n * sizeof *gt.a);
            memcpy(saved[drop][k].gt.a, gt.a, gt.n * sizeof *gt.a);
            saved[drop][k].j = xrealloc(NULL, gt.n * sizeof(float));
            for (size_t q = 0; q < gt.n; q++)
                saved[drop][k].j[q] = (float)jaccard(&s, gt.a[q] >> 32, (uint32_t)gt.a[q]);
            size_t g8 = count_ge(&gt, &s, 0.8), g7 = count_ge(&gt, &s, 0.7),
                   gT = count_ge(&gt, &s, T);
            double t_sig = make_sigs(&s, k, sig);
            printf("%-5s %2u  truth: %zu pairs J>=.5, %zu >=.7, %zu >=.8 (%zu candidates of the "
                   "join verified); %zu shingles, %zu distinct; %.1f us/article at %d slots\n",
                   drop ? "drop" : "keep", k, gt.n, g7, g8, verified, s.total, s.distinct,
                   t_sig / nd * 1e6, SLOTS);
            for (size_t si = 0; si < NSET; si++) {
                unsigned b = settings[si].b, r = settings[si].r;
                size_t big;
                u64vec c = candidates(&s, sig, k, b, r, &big);
                pairvec ps = score(&s, sig, &c, (size_t)b * r);
                size_t h8 = 0, h7 = 0, h5 = 0, dec = 0, dec_ok = 0;
                for (size_t q = 0; q < ps.n; q++) {
                    h8 += ps.a[q].j >= 0.8;
                    h7 += ps.a[q].j >= 0.7;
                    h5 += ps.a[q].j >= 0.5;
                    if (ps.a[q].est >= T - 1e-9) {
                        dec++;
                        dec_ok += ps.a[q].j >= T;
                    }
                }
                char br[16];
                double t_set = time_setting(&s, k, b, r, sig);
                snprintf(br, sizeof br, "%ux%u", b, r);
                printf("%-5s %2u %-6s %6.3f %9zu %8zu %8.3f %8.3f %8.3f %8.3f %8.3f %7zu %7.1f\n",
                       drop ? "drop" : "keep", k, br, pow(1.0 / b, 1.0 / r), c.n, h5,
                       g8 ? (double)h8 / g8 : 0, g7 ? (double)h7 / g7 : 0,
                       gt.n ? (double)h5 / gt.n : 0, dec ? (double)dec_ok / dec : 0,
                       gT ? (double)dec_ok / gT : 0, big, t_set / nd * 1e6);
                free(ps.a);
                free(c.a);
            }
            u64vec tp = same_title_pairs(&s);
            size_t t3 = 0, t5 = 0, t8 = 0;
            for (size_t q = 0; q < tp.n; q++) {
                double j = jaccard(&s, tp.a[q] >> 32, (uint32_t)tp.a[q]);
                t3 += j >= 0.3;
                t5 += j >= 0.5;
                t8 += j >= 0.8;
            }
            printf("%-5s %2u  same-headline cross-outlet pairs: %zu; J>=0.3 %.3f, J>=0.5 %.3f, "
                   "J>=0.8 %.3f\n",
                   drop ? "drop" : "keep", k, tp.n, tp.n ? (double)t3 / tp.n : 0,
                   tp.n ? (double)t5 / tp.n : 0, tp.n ? (double)t8 / tp.n : 0);
            free(tp.a);
            if (!drop && k == o.k) { /* kept for the closer look below */
                cs = s;
                cgt = gt;
                csig = xrealloc(NULL, nd * SLOTS * sizeof *csig);
                memcpy(csig, sig, nd * SLOTS * sizeof *csig);
                continue;
            }
            free(gt.a);
            free_sets(&s);
        }
    {
        struct sets ps = {0};
        ps.pop = pop;
        printf("\n== representations compared (exact Jaccard, every pair at J >= 0.5) ==\n");
        compare(&ps, "keep/3", &saved[0][3], "keep/5", &saved[0][5], o.ndiff);
        compare(&ps, "keep/5", &saved[0][5], "keep/3", &saved[0][3], o.ndiff);
        compare(&ps, "keep/5", &saved[0][5], "drop/5", &saved[1][5], o.ndiff);
        compare(&ps, "drop/5", &saved[1][5], "keep/5", &saved[0][5], o.ndiff);
        for (int d = 0; d < 2; d++)
            for (int k = 3; k <= 5; k++) {
                free(saved[d][k].gt.a);
                free(saved[d][k].j);
            }
    }
    if (csig) {
        chosen(&cs, csig, &cgt, &o);
        free(csig);
        free(cgt.a);
        free_sets(&cs);
    }
    printf("\ntotal CPU %.1f s\n", cpu_now() - t_total);
    free(sig);
    free(pop);
    return 0;
}
