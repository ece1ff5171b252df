/*
 * wojood_eval.c — precision, recall and F1 of the entity extractor against Wojood
 * annotations (../shared/data/wojood-sample/, CoNLL-like: one "token TAG [TAG…]" a line,
 * sentences separated by a blank line, nested IOB2 tags).
 *
 *   wojood_eval FILE...        one table per file, then all files together
 *
 * Each sentence is rebuilt by joining its tokens with spaces and run through the fact
 * extractors (marsad's own tokenization, as in `marsad extract`). A predicted entity
 * counts when its token span and type equal a gold span's, at any nesting level. An
 * entity that begins after a proclitic inside a token ("بدير الزور" → دير الزور) is
 * given that whole token, since Wojood tags whole tokens. Our GPE and LOC are scored
 * against Wojood's GPE and LOC, and once more merged as "place".
 *
 * Wojood nests entities ("[جريدة [فلسطين]]"); marsad's are flat. Two scores: against
 * every gold span ("all levels": a flat extractor cannot reach recall 1), and against
 * the outermost spans only ("outermost": each gold span not inside another).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/facts.h"
#include "extract/lexicon.h"
#include "marsad.h"

enum { T_PERS, T_ORG, T_GPE, T_LOC, T_PLACE, NT };
static const char *const tname[NT] = {"PERS", "ORG", "GPE", "LOC", "place"};

struct counts {
    long tp[NT], fp[NT], fn[NT];
};

struct both {
    struct counts all, outer;
};

struct tok {
    char *w;
    char tags[8][16]; /* the token's labels: "B-PERS", "I-ORG" … */
    int ntags;
    size_t c0, c1; /* code points in the sentence */
};

struct span {
    size_t a, b; /* first and last token */
    int type;
};

static int type_of(const char *label) /* "PERS" → T_PERS, others -1 */
{
    for (int t = 0; t < T_PLACE; t++)
        if (!strcmp(label, tname[t])) return t;
    return -1;
}

static int has(const struct tok *t, const char *prefix, int type)
{
    char want[16];
    snprintf(want, sizeof want, "%s-%s", prefix, tname[type]);
    for (int k = 0; k < t->ntags; k++)
        if (!strcmp(t->tags[k], want)) return 1;
    return 0;
}

static size_t cps(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Gold spans: a B-X and the I-X tokens after it, for each type. */
static size_t gold_spans(const struct tok *ts, size_t n, struct span *out, size_t cap)
{
    size_t k = 0;
    for (int type = 0; type < T_PLACE; type++)
        for (size_t i = 0; i < n; i++) {
            size_t j = i;
            if (!has(&ts[i], "B", type)) continue;
            while (j + 1 < n && has(&ts[j + 1], "I", type) && !has(&ts[j + 1], "B", type)) j++;
            if (k < cap) out[k++] = (struct span){i, j, type};
        }
    return k;
}

/* The token holding code point c (a start) or ending at it (an end), or -1. */
static long tok_at(const struct tok *ts, size_t n, size_t c, int end)
{
    for (size_t i = 0; i < n; i++) {
        if (!end && c >= ts[i].c0 && c < ts[i].c1) return (long)i;
        if (end && c == ts[i].c1) return (long)i;
    }
    return -1;
}

static int our_type(int etype)
{
    switch (etype) {
    case MSD_E_PERS: return T_PERS;
    case MSD_E_ORG: return T_ORG;
    case MSD_E_GPE: return T_GPE;
    case MSD_E_LOC: return T_LOC;
    default: return -1;
    }
}

static int same(const struct span *x, const struct span *y, int merged)
{
    int tx = x->type, ty = y->type;
    if (merged) {
        tx = tx == T_GPE || tx == T_LOC ? T_PLACE : tx;
        ty = ty == T_GPE || ty == T_LOC ? T_PLACE : ty;
    }
    return x->a == y->a && x->b == y->b && tx == ty;
}

/* WOJOOD_SHOW=TYPE prints the misses and false hits of that type (for development). */
static void show(const char *what, const struct tok *ts, size_t n, const struct span *s)
{
    const char *want = getenv("WOJOOD_SHOW");
    if (!ts || !want || strcmp(want, tname[s->type]) || s->a > n) return;
    printf("%s %s: ", what, tname[s->type]);
    for (size_t i = s->a >= 3 ? s->a - 3 : 0; i < n && i <= s->b + 3; i++)
        printf("%s%s%s ", i == s->a ? "[" : "", ts[i].w, i == s->b ? "]" : "");
    printf("\n");
}

static void score(const struct tok *ts, size_t n, const struct span *gold, size_t ng,
                  const struct span *pred, size_t np, struct counts *c)
{
    for (int merged = 0; merged < 2; merged++) {
        for (size_t i = 0; i < np; i++) {
            int t = merged ? (pred[i].type == T_GPE || pred[i].type == T_LOC ? T_PLACE : -1)
                           : pred[i].type;
            int hit = 0;
            if (t < 0) continue;
            for (size_t k = 0; k < ng && !hit; k++) hit = same(&pred[i], &gold[k], merged);
            if (hit)
                c->tp[t]++;
            else
                c->fp[t]++;
            if (!hit && !merged) show("FP", ts, n, &pred[i]);
        }
        for (size_t k = 0; k < ng; k++) {
            int t = merged ? (gold[k].type == T_GPE || gold[k].type == T_LOC ? T_PLACE : -1)
                           : gold[k].type;
            int hit = 0;
            if (t < 0) continue;
            for (size_t i = 0; i < np && !hit; i++) hit = same(&pred[i], &gold[k], merged);
            if (!hit) c->fn[t]++;
            if (!hit && !merged) show("FN", ts, n, &gold[k]);
        }
    }
}

/* Keeps the gold spans that lie inside no other; returns how many. */
static size_t outermost(const struct span *g, size_t n, struct span *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int inside = 0;
        for (size_t j = 0; j < n && !inside; j++)
            inside = j != i && g[j].a <= g[i].a && g[i].b <= g[j].b &&
                     (g[j].b - g[j].a > g[i].b - g[i].a || j < i);
        if (!inside) out[k++] = g[i];
    }
    return k;
}

static void sentence(const msd_lexicon *lx, struct tok *ts, size_t n, struct both *c)
{
    size_t len = 0, o = 0, cp = 0, ng, np = 0;
    char *text;
    struct span *gold, *pred;
    msd_facts f;
    for (size_t i = 0; i < n; i++) len += strlen(ts[i].w) + 1;
    text = malloc(len + 1);
    gold = malloc((n * 4 + 1) * sizeof *gold);
    if (!text || !gold) exit(1);
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(ts[i].w);
        if (i) text[o++] = ' ', cp++;
        memcpy(text + o, ts[i].w, l);
        o += l;
        ts[i].c0 = cp;
        cp += cps(ts[i].w);
        ts[i].c1 = cp;
    }
    text[o] = 0;
    ng = gold_spans(ts, n, gold, n * 4);
    if (marsad_utf8_check(text, o, NULL) || msd_extract_facts(lx, text, o, NULL, &f)) {
        free(text);
        free(gold);
        return;
    }
    pred = malloc((f.entities.n + 1) * sizeof *pred);
    if (!pred) exit(1);
    for (size_t k = 0; k < f.entities.n; k++) {
        const msd_entity *e = &f.entities.items[k];
        long a = tok_at(ts, n, e->start, 0), b = tok_at(ts, n, e->end, 1);
        int t = our_type(e->etype);
        if (t < 0) continue;
        if (a < 0 || b < 0) a = b = (long)n + 1; /* off Wojood's token boundaries: a miss */
        pred[np++] = (struct span){(size_t)a, (size_t)b, t};
    }
    score(ts, n, gold, ng, pred, np, &c->all);
    {
        struct span *outer = malloc((ng + 1) * sizeof *outer);
        if (!outer) exit(1);
        score(NULL, 0, outer, outermost(gold, ng, outer), pred, np, &c->outer);
        free(outer);
    }
    msd_facts_clear(&f);
    free(pred);
    free(gold);
    free(text);
}

static void prf(const struct counts *c, int t, double *p, double *r, double *f)
{
    *p = c->tp[t] + c->fp[t] ? (double)c->tp[t] / (double)(c->tp[t] + c->fp[t]) : 0;
    *r = c->tp[t] + c->fn[t] ? (double)c->tp[t] / (double)(c->tp[t] + c->fn[t]) : 0;
    *f = *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0;
}

static void print(const char *name, const struct both *c)
{
    printf("%s\n  %-6s %5s %5s %5s %6s %6s %6s | outermost %5s %6s %6s %6s\n", name, "type", "tp",
           "fp", "fn", "P", "R", "F1", "gold", "P", "R", "F1");
    for (int t = 0; t < NT; t++) {
        double p, r, f, po, ro, fo;
        prf(&c->all, t, &p, &r, &f);
        prf(&c->outer, t, &po, &ro, &fo);
        printf("  %-6s %5ld %5ld %5ld %6.3f %6.3f %6.3f |           %5ld %6.3f %6.3f %6.3f\n",
               tname[t], c->all.tp[t], c->all.fp[t], c->all.fn[t], p, r, f,
               c->outer.tp[t] + c->outer.fn[t], po, ro, fo);
    }
}

static void add(struct counts *to, const struct counts *c)
{
    for (int t = 0; t < NT; t++) {
        to->tp[t] += c->tp[t];
        to->fp[t] += c->fp[t];
        to->fn[t] += c->fn[t];
    }
}

static int eval_file(const msd_lexicon *lx, const char *path, struct both *total)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    struct tok *ts = NULL;
    size_t n = 0, cap = 0;
    struct both c;
    memset(&c, 0, sizeof c);
    if (!f) {
        perror(path);
        return 1;
    }
    for (;;) {
        char *got = fgets(line, sizeof line, f), *save = NULL, *w;
        if (!got || line[0] == '\n' || line[0] == '\r') {
            if (n) sentence(lx, ts, n, &c);
            for (size_t i = 0; i < n; i++) free(ts[i].w);
            n = 0;
            if (!got) break;
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            ts = realloc(ts, cap * sizeof *ts);
            if (!ts) return 1;
        }
        w = strtok_r(line, " \t\r\n", &save);
        if (!w) continue;
        ts[n].w = strdup(w);
        ts[n].ntags = 0;
        while ((w = strtok_r(NULL, " \t\r\n", &save)) && ts[n].ntags < 8) {
            snprintf(ts[n].tags[ts[n].ntags], sizeof ts[n].tags[0], "%s", w);
            if (strlen(w) > 2 && type_of(w + 2) >= 0) ts[n].ntags++;
        }
        n++;
    }
    fclose(f);
    free(ts);
    print(path, &c);
    add(&total->all, &c.all);
    add(&total->outer, &c.outer);
    return 0;
}

int main(int argc, char **argv)
{
    msd_lexicon *lx;
    struct both total;
    int rc = 0;
    memset(&total, 0, sizeof total);
    if (argc < 2) {
        fprintf(stderr, "usage: wojood_eval FILE...\n");
        return 2;
    }
    if (msd_lexicon_new(&lx)) return 1;
    for (int i = 1; i < argc; i++) rc |= eval_file(lx, argv[i], &total);
    if (argc > 2) print("all", &total);
    msd_lexicon_free(lx);
    return rc;
}
