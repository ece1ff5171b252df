/*
 * stem_agreement.c — how marsad's stemming choices agree with Lucene's Arabic light
 * stemmer, measured on the 50,000 most frequent SaudiNewsNet words.
 *
 * usage: stem_agreement ORACLE_DIR [--diff VARIANT N]
 *   ORACLE_DIR holds vocab_saudinewsnet_top50k.tsv (word, count) and
 *   lucene-8.7_arabic_norm_stem_saudinewsnet50k.tsv (word, normalized, stem).
 *
 * For each variant it prints: agreement with Lucene by word type and weighted by corpus
 * frequency; how many distinct stems the vocabulary collapses to; prefix conflation (the
 * share of words w/b/l/f/k + "al" word whose stem equals the stem of the bare "al" word,
 * when both are in the vocabulary: what a reader expects of والتحالف and التحالف); and
 * uncached stemming speed. Both sides are compared in marsad's index form.
 */
#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "marsad.h"
#include "text/stem.h"
#include "util/strmap.h"

#define MAXW 200000

struct word {
    char *w; /* as in the corpus */
    long count;
    char *lucene; /* Lucene's stem, in index form */
};

static struct word words[MAXW];
static size_t nwords;
static struct sb_stemmer *sb;

/* The normalization that keeps what Snowball reads (ة, ى) and folds the rest. */
#define PRE_SNOWBALL (MARSAD_NORM_INDEX & ~(MARSAD_NORM_TEH_MARBUTA | MARSAD_NORM_YEH))

static size_t norm(const char *in, size_t n, unsigned rules, char *out, size_t cap)
{
    size_t len = 0;
    if (marsad_normalize(in, n, rules, out, cap, &len) != MARSAD_OK) return 0;
    return len;
}

static size_t snowball(const char *in, size_t n, char *out)
{
    const sb_symbol *r = sb_stemmer_stem(sb, (const sb_symbol *)in, (int)n);
    size_t len;
    if (!r) {
        fprintf(stderr, "stem_agreement: libstemmer out of memory\n");
        exit(1);
    }
    len = (size_t)sb_stemmer_length(sb);
    memcpy(out, r, len);
    return len;
}

/* Each variant maps a corpus word to a stem in index form. */
typedef size_t (*variant_fn)(const char *w, size_t n, char *out);

static size_t v_snowball_raw(const char *w, size_t n, char *out)
{
    char tmp[1024];
    size_t k = snowball(w, n, tmp);
    return norm(tmp, k, MARSAD_NORM_INDEX, out, 1024);
}

static size_t v_snowball_index(const char *w, size_t n, char *out)
{
    char a[1024];
    size_t k = norm(w, n, MARSAD_NORM_INDEX, a, sizeof a);
    return snowball(a, k, out);
}

static size_t v_snowball_pre(const char *w, size_t n, char *out)
{
    char a[1024], b[1024];
    size_t k = norm(w, n, PRE_SNOWBALL, a, sizeof a);
    k = snowball(a, k, b);
    return norm(b, k, MARSAD_NORM_INDEX, out, 1024);
}

static size_t v_light10(const char *w, size_t n, char *out)
{
    char a[1024];
    size_t off, k = norm(w, n, MARSAD_NORM_INDEX, a, sizeof a);
    k = msd_stem_light10(a, k, &off);
    memcpy(out, a + off, k);
    return k;
}

/* Through the library's own analyzer with its default configuration. */
static marsad_analyzer *analyzer;
static char *an_out;
static size_t an_len;
static int take_stem(void *ctx, const marsad_token *t)
{
    (void)ctx;
    memcpy(an_out, t->stem, t->stem_len);
    an_len = t->stem_len;
    return 1;
}
static size_t v_analyzer(const char *w, size_t n, char *out)
{
    an_out = out;
    an_len = 0;
    marsad_analyze(analyzer, w, n, take_stem, NULL);
    return an_len;
}

static const struct {
    const char *name;
    variant_fn fn;
} variants[] = {
    {"snowball(raw word)", v_snowball_raw},  {"snowball(index form)", v_snowball_index},
    {"snowball(keep ة ى)", v_snowball_pre},  {"light10(index form)", v_light10},
    {"marsad analyzer default", v_analyzer},
};
#define NVAR (sizeof variants / sizeof variants[0])

static char *xstrndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) exit(1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

static void load(const char *dir)
{
    char path[1024], line[4096];
    FILE *f;
    msd_strmap *idx = NULL;
    snprintf(path, sizeof path, "%s/vocab_saudinewsnet_top50k.tsv", dir);
    if (!(f = fopen(path, "r"))) {
        perror(path);
        exit(1);
    }
    if (msd_strmap_new(MAXW, 48, &idx)) exit(1);
    while (fgets(line, sizeof line, f) && nwords < MAXW) {
        char *tab = strchr(line, '\t');
        if (!tab || line[0] == '#') continue;
        *tab = 0;
        words[nwords].w = xstrndup(line, strlen(line));
        words[nwords].count = atol(tab + 1);
        msd_strmap_put(idx, line, strlen(line), (char *)&nwords, sizeof nwords);
        nwords++;
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/lucene-8.7_arabic_norm_stem_saudinewsnet50k.tsv", dir);
    if (!(f = fopen(path, "r"))) {
        perror(path);
        exit(1);
    }
    while (fgets(line, sizeof line, f)) {
        char *t1 = strchr(line, '\t'), *t2, *nl, buf[1024];
        const char *v;
        size_t vn, i, k;
        if (!t1) continue;
        *t1 = 0;
        t2 = strchr(t1 + 1, '\t');
        if (!t2) continue;
        if ((nl = strchr(t2 + 1, '\n'))) *nl = 0;
        if (!msd_strmap_get(idx, line, strlen(line), &v, &vn)) continue;
        memcpy(&i, v, sizeof i);
        k = norm(t2 + 1, strlen(t2 + 1), MARSAD_NORM_INDEX, buf, sizeof buf);
        words[i].lucene = xstrndup(buf, k);
    }
    fclose(f);
    msd_strmap_free(idx);
}

static int is_prefixed_al(const char *w, const char **bare)
{
    static const char *const pre[] = {"وال", "بال", "فال", "كال"};
    for (size_t k = 0; k < 4; k++) {
        size_t n = strlen(pre[k]);
        if (!strncmp(w, pre[k], n) && strlen(w) > n + 4) {
            *bare = w + n - strlen("ال");
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    char out[1024];
    int diff_var = -1, diff_n = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: %s ORACLE_DIR [--diff VARIANT_INDEX N]\n", argv[0]);
        return 2;
    }
    if (argc >= 5 && !strcmp(argv[2], "--diff")) {
        diff_var = atoi(argv[3]);
        diff_n = atoi(argv[4]);
    }
    sb = sb_stemmer_new("arabic", "UTF_8");
    if (!sb || marsad_analyzer_new(NULL, &analyzer)) return 1;
    load(argv[1]);

    /* stems of every word per variant, for the prefix test */
    msd_strmap *stems = NULL;
    size_t pairs = 0;
    if (msd_strmap_new(MAXW, 64, &stems)) return 1;
    printf("%-26s %9s %9s %9s %9s %10s\n", "variant (vs Lucene 8.7)", "types", "tokens", "stems",
           "prefix", "words/s");
    for (size_t v = 0; v < NVAR; v++) {
        size_t agree = 0, total = 0, pre_ok = 0, pre_n = 0;
        double wagree = 0, wtotal = 0;
        msd_strmap *distinct = NULL;
        struct timespec t0, t1;
        int shown = 0;
        if (msd_strmap_new(MAXW, 48, &distinct)) return 1;
        msd_strmap_clear(stems);
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (size_t i = 0; i < nwords; i++) {
            size_t k = variants[v].fn(words[i].w, strlen(words[i].w), out);
            msd_strmap_put(stems, words[i].w, strlen(words[i].w), out, k);
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        for (size_t i = 0; i < nwords; i++) {
            const char *s, *bs, *bare;
            size_t sn, bsn;
            if (!msd_strmap_get(stems, words[i].w, strlen(words[i].w), &s, &sn)) continue;
            msd_strmap_put(distinct, s, sn, "", 0);
            if (words[i].lucene) {
                int ok = strlen(words[i].lucene) == sn && !memcmp(words[i].lucene, s, sn);
                total++;
                agree += (size_t)ok;
                wtotal += (double)words[i].count;
                wagree += ok ? (double)words[i].count : 0;
                if (!ok && (int)v == diff_var && shown < diff_n) {
                    fprintf(stderr, "%s\tmarsad=%.*s\tlucene=%s\n", words[i].w, (int)sn, s,
                            words[i].lucene);
                    shown++;
                }
            }
            if (is_prefixed_al(words[i].w, &bare) &&
                msd_strmap_get(stems, bare, strlen(bare), &bs, &bsn)) {
                pre_n++;
                pre_ok += (bsn == sn && !memcmp(bs, s, sn));
            }
        }
        double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        printf("%-26s %8.1f%% %8.1f%% %9zu %8.1f%% %10.0f\n", variants[v].name,
               100.0 * (double)agree / (double)(total ? total : 1),
               100.0 * wagree / (wtotal ? wtotal : 1), msd_strmap_count(distinct),
               100.0 * (double)pre_ok / (double)(pre_n ? pre_n : 1), (double)nwords / secs);
        msd_strmap_free(distinct);
        pairs = pre_n;
    }
    printf("(%zu words; 'prefix' over %zu w/b/f/k+al pairs such as والتحالف/التحالف)\n", nwords,
           pairs);
    msd_strmap_free(stems);
    marsad_analyzer_free(analyzer);
    sb_stemmer_delete(sb);
    return 0;
}
