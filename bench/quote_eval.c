/*
 * quote_eval.c — recall, precision and speaker accuracy of the quotation extractor
 * against hand labels (bench/quotes/: 40 SaudiNewsNet articles, labels made blind).
 *
 *   quote_eval [--verbose] [CORPUS [IDS [LABELS]]]
 *
 * CORPUS is the SaudiNewsNet JSONL (plain or .zst; ../shared/data/saudinewsnet.jsonl.zst),
 * IDS the articles judged (bench/quotes/ids.txt, one id a line: an article without labels
 * has no quotation), LABELS the gold quotations (bench/quotes/labels.tsv: id, cue start,
 * cue end, speaker, kind; code points of the article's "text", end exclusive).
 *
 * Each article's text goes through the fact extractors as in `marsad extract` and
 * wojood_eval (msd_extract_facts, built-in lexicon, no reference date). Matching and the
 * speaker rule are quote_score.h's: a gold quotation is found when a quotation of marsad
 * has a cue overlapping the gold cue (or, for a quote mark or a cue-less quotation, text
 * starting just after it); its speaker is right when it is the gold speaker in index form
 * and clitics aside, or, for a person, any part of the gold name. Printed: recall, speaker
 * accuracy over the quotations found and over all gold ones, by kind, and marsad's
 * quotations that match no gold one (precision). --verbose lists every miss, wrong
 * speaker and extra quotation (with the text, so never commit that output).
 *
 * Exit status: 0, 1 on an error (a label out of its text, an id not in the corpus).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "extract/facts.h"
#include "extract/lexicon.h"
#include "marsad.h"
#include "quote_score.h"

#define MAX_ARTICLES 1000

struct label {
    char id[64];
    struct qs_gold g;
    char *speaker;
};

struct article {
    char id[64];
    char *text; /* malloc'd, from the corpus */
    size_t len;
};

struct run {
    struct article *a;
    size_t na;
    struct label *l;
    size_t nl;
    long gold[QS_NKINDS], found[QS_NKINDS], right[QS_NKINDS], part[QS_NKINDS];
    long pred, extra, twice; /* twice: extra ones whose cue is a found gold cue's */
    int verbose;
};

/* One corpus line: keeps the text of the articles asked for. */
static int take(const char *line, size_t n, void *ctx)
{
    struct run *r = ctx;
    json_t *o = json_loadb(line, n, 0, NULL);
    const char *id = json_string_value(json_object_get(o, "id"));
    json_t *t = json_object_get(o, "text");
    for (size_t i = 0; id && json_is_string(t) && i < r->na; i++)
        if (!strcmp(r->a[i].id, id) && !r->a[i].text) {
            r->a[i].len = json_string_length(t);
            r->a[i].text = malloc(r->a[i].len + 1);
            if (!r->a[i].text) {
                json_decref(o);
                return -1;
            }
            memcpy(r->a[i].text, json_string_value(t), r->a[i].len + 1);
        }
    json_decref(o);
    return 0;
}

static int read_ids(struct run *r, const char *path)
{
    FILE *f = fopen(path, "r");
    char line[256];
    if (!f) {
        perror(path);
        return -1;
    }
    r->a = calloc(MAX_ARTICLES, sizeof *r->a);
    while (r->a && fgets(line, sizeof line, f) && r->na < MAX_ARTICLES) {
        line[strcspn(line, " \t\r\n")] = 0;
        if (*line && *line != '#') snprintf(r->a[r->na++].id, sizeof r->a->id, "%.63s", line);
    }
    fclose(f);
    return r->a ? 0 : -1;
}

static int read_labels(struct run *r, const char *path)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    size_t cap = 0;
    if (!f) {
        perror(path);
        return -1;
    }
    while (fgets(line, sizeof line, f)) {
        char *fld[5], *save = NULL;
        int k = 0;
        line[strcspn(line, "\r\n")] = 0;
        if (!*line || *line == '#') continue;
        for (char *p = strtok_r(line, "\t", &save); p && k < 5; p = strtok_r(NULL, "\t", &save))
            fld[k++] = p;
        if (k != 5 || qs_kind_parse(fld[4]) < 0) {
            fprintf(stderr, "%s: bad line %zu\n", path, r->nl + 1);
            fclose(f);
            return -1;
        }
        if (r->nl == cap) {
            struct label *nl = realloc(r->l, (cap = cap ? cap * 2 : 256) * sizeof *nl);
            if (!nl) break;
            r->l = nl;
        }
        struct label *l = &r->l[r->nl++];
        snprintf(l->id, sizeof l->id, "%.63s", fld[0]);
        l->g.cs = strtoul(fld[1], NULL, 10);
        l->g.ce = strtoul(fld[2], NULL, 10);
        l->g.kind = qs_kind_parse(fld[4]);
        l->speaker = strdup(fld[3]);
        l->g.speaker = l->speaker;
        l->g.cue_is_mark = 0;
    }
    fclose(f);
    return 0;
}

/* Byte offset of code point cp in s[0..n), or n. */
static size_t byte_at(const char *s, size_t n, size_t cp)
{
    size_t b = 0;
    for (size_t k = 0; b < n; b++)
        if (((unsigned char)s[b] & 0xC0) != 0x80 && k++ == cp) return b;
    return n;
}

/* Prints s's code points [a, b) (at most 60), newlines as spaces. */
static void show(const char *s, size_t n, size_t a, size_t b)
{
    size_t x = byte_at(s, n, a), y = byte_at(s, n, b < a + 60 ? b : a + 60);
    for (size_t i = x; i < y; i++) putchar(s[i] == '\n' ? ' ' : s[i]);
}

static int article(struct run *r, const msd_lexicon *lx, const struct article *a)
{
    struct qs_gold g[512];
    const char *gs[512];
    struct qs_pred *p;
    unsigned char *used;
    long gm[512];
    size_t ng = 0, ncp = 0;
    msd_facts f;
    for (size_t i = 0; i < a->len; i++) ncp += ((unsigned char)a->text[i] & 0xC0) != 0x80;
    for (size_t i = 0; i < r->nl && ng < 512; i++) {
        if (strcmp(r->l[i].id, a->id)) continue;
        g[ng] = r->l[i].g;
        if (g[ng].ce <= g[ng].cs || g[ng].ce > ncp) {
            fprintf(stderr, "quote_eval: %s: cue %zu-%zu out of the text\n", a->id, g[ng].cs,
                    g[ng].ce);
            return -1;
        }
        {
            const char *c = a->text + byte_at(a->text, a->len, g[ng].cs);
            g[ng].cue_is_mark = !strncmp(c, "\xC2\xAB", 2) || !strncmp(c, "\xE2\x80\x9C", 3) ||
                                !strncmp(c, "\xE2\x80\x9D", 3) || *c == '"';
        }
        gs[ng++] = r->l[i].speaker;
    }
    if (marsad_utf8_check(a->text, a->len, NULL) ||
        msd_extract_facts(lx, a->text, a->len, NULL, &f)) {
        fprintf(stderr, "quote_eval: %s: not UTF-8, or no memory\n", a->id);
        return -1;
    }
    p = calloc(f.quotes.n + 1, sizeof *p);
    used = calloc(f.quotes.n + 1, 1);
    if (!p || !used) {
        free(p);
        msd_facts_clear(&f);
        return -1;
    }
    for (size_t j = 0; j < f.quotes.n; j++) {
        const msd_quote *q = &f.quotes.items[j];
        p[j] = (struct qs_pred){q->cue_start, q->cue_end, q->cue != NULL, q->start, q->speaker};
    }
    qs_match(g, ng, p, f.quotes.n, gm, used);
    for (size_t i = 0; i < ng; i++) {
        int k = g[i].kind, ok = 0;
        const msd_quote *q = gm[i] >= 0 ? &f.quotes.items[gm[i]] : NULL;
        r->gold[k]++;
        if (q) {
            r->found[k]++;
            int pt = qs_speaker_part(gs[i], k, q->speaker);
            ok = qs_speaker_ok(gs[i], k, q->speaker);
            if (ok < 0 || pt < 0) return -1;
            r->right[k] += ok;
            r->part[k] += pt;
        }
        if (r->verbose && !ok) {
            printf("%s %s %zu-%zu ", q ? "WRONG" : "MISS ", a->id, g[i].cs, g[i].ce);
            show(a->text, a->len, g[i].cs, g[i].ce);
            printf(" | gold: %s (%s)", gs[i], qs_kind_name(k));
            if (q) printf(" | marsad: %s", q->speaker ? q->speaker : "-");
            printf("\n");
        }
    }
    r->pred += (long)f.quotes.n;
    for (size_t j = 0; j < f.quotes.n; j++) {
        const msd_quote *q = &f.quotes.items[j];
        int dup = 0;
        if (used[j]) continue;
        r->extra++;
        for (size_t i = 0; i < ng && !dup; i++)
            dup = gm[i] >= 0 && q->cue && q->cue_start < g[i].ce && g[i].cs < q->cue_end;
        r->twice += dup;
        if (!r->verbose) continue;
        printf("%s %s %zu-%zu %s | marsad: %s | ", dup ? "TWICE" : "EXTRA", a->id,
               q->cue ? q->cue_start : q->start, q->cue ? q->cue_end : q->start,
               q->cue ? q->cue : "(no cue)", q->speaker ? q->speaker : "-");
        show(a->text, a->len, q->start, q->end);
        printf("\n");
    }
    free(p);
    free(used);
    msd_facts_clear(&f);
    return 0;
}

static double ratio(long a, long b)
{
    return b ? (double)a / (double)b : 0;
}

static void report(const struct run *r)
{
    long g = 0, fo = 0, ri = 0, pa = 0;
    printf("quote_eval: %zu articles, %zu gold quotations\n", r->na, r->nl);
    printf("  %-10s %5s %5s %7s %8s %10s %9s | %5s %9s\n", "kind", "gold", "found", "recall",
           "speaker", "acc(found)", "acc(all)", "part", "part(all)");
    for (int k = 0; k <= QS_NKINDS; k++) {
        int all = k == QS_NKINDS;
        long gk = all ? g : r->gold[k], fk = all ? fo : r->found[k], rk = all ? ri : r->right[k],
             pk = all ? pa : r->part[k];
        if (!all) g += gk, fo += fk, ri += rk, pa += pk;
        if (!all && !gk) continue;
        printf("  %-10s %5ld %5ld %7.3f %8ld %10.3f %9.3f | %5ld %9.3f\n",
               all ? "all" : qs_kind_name(k), gk, fk, ratio(fk, gk), rk, ratio(rk, fk),
               ratio(rk, gk), pk, ratio(pk, gk));
    }
    printf("  marsad's quotations: %ld; matching a gold one: %ld (precision %.3f); extra: %ld, "
           "of which %ld on a cue already matched\n",
           r->pred, r->pred - r->extra, ratio(r->pred - r->extra, r->pred), r->extra, r->twice);
}

int main(int argc, char **argv)
{
    const char *path[3] = {"../shared/data/saudinewsnet.jsonl.zst", "bench/quotes/ids.txt",
                           "bench/quotes/labels.tsv"};
    struct run r;
    msd_lexicon *lx = NULL;
    int np = 0, rc = 1;
    memset(&r, 0, sizeof r);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--verbose"))
            r.verbose = 1;
        else if (argv[i][0] == '-' || np == 3) {
            fprintf(stderr, "usage: quote_eval [--verbose] [CORPUS [IDS [LABELS]]]\n");
            return 2;
        } else
            path[np++] = argv[i];
    }
    if (read_ids(&r, path[1]) || read_labels(&r, path[2])) goto done;
    for (size_t i = 0; i < r.nl; i++) {
        size_t k = 0;
        while (k < r.na && strcmp(r.a[k].id, r.l[i].id)) k++;
        if (k == r.na) {
            fprintf(stderr, "quote_eval: %s is labelled but not in %s\n", r.l[i].id, path[1]);
            goto done;
        }
    }
    if (bench_jsonl_lines(path[0], take, &r) || msd_lexicon_new(&lx)) goto done;
    for (size_t i = 0; i < r.na; i++) {
        if (!r.a[i].text) {
            fprintf(stderr, "quote_eval: %s is not in %s\n", r.a[i].id, path[0]);
            goto done;
        }
        if (article(&r, lx, &r.a[i])) goto done;
    }
    report(&r);
    rc = 0;
done:
    msd_lexicon_free(lx);
    for (size_t i = 0; i < r.na; i++) free(r.a[i].text);
    for (size_t i = 0; i < r.nl; i++) free(r.l[i].speaker);
    free(r.a);
    free(r.l);
    return rc;
}
