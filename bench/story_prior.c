/*
 * story_prior — builds data/stories/df-prior.txt, the document frequencies story vectors
 * start from (src/stories/vector.h): without them the first articles of a new archive
 * would be weighted by a handful of documents, where the name of the event itself looks
 * common (in the 41 example articles, كسلا is in 11).
 *
 *   story_prior SAUDINEWSNET.jsonl.zst > data/stories/df-prior.txt      (make story-prior)
 *
 * Counts, over the SaudiNewsNet articles of the story development days only
 * (2015-07-21 … 2015-07-25, bench/stories/README.md: the other days evaluate), in how
 * many articles each term occurs, terms taken as a story vector takes them: light stems
 * of the title and of the body's first MSD_STORY_LEAD words, stopwords, numbers and
 * one-letter stems left out. Writes the document count, then the 30,000 most frequent
 * terms seen in 3 articles or more, most frequent first.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/internal.h"
#include "stories/vector.h"
#include "text/tokens.h"
#include "util/strmap.h"

#define KEEP   30000
#define MIN_DF 3

struct term {
    char *stem;
    unsigned df, last; /* last: the document that counted it */
};

static struct term *terms;
static size_t n_terms, cap_terms;
static msd_strmap *index_of; /* stem → its place in terms, as decimal */

static void count(const msd_tokens *ts, size_t limit, unsigned doc)
{
    for (size_t k = 0; k < ts->n && k < limit; k++) {
        const struct msd_tok *e = &ts->t[k];
        const char *v;
        size_t vn, i;
        char num[24];
        if ((e->kind != MARSAD_TOKEN_WORD && e->kind != MARSAD_TOKEN_HASHTAG) ||
            (e->flags & MARSAD_TOKEN_STOPWORD) || e->stem_len < 3)
            continue;
        if (msd_strmap_get(index_of, e->stem, e->stem_len, &v, &vn)) {
            i = strtoul(v, NULL, 10);
        } else {
            if (n_terms == cap_terms)
                terms = realloc(terms, (cap_terms = cap_terms * 2 + 4096) * sizeof *terms);
            i = n_terms++;
            terms[i].stem = strndup(e->stem, e->stem_len);
            terms[i].df = 0;
            terms[i].last = UINT32_MAX;
            snprintf(num, sizeof num, "%zu", i);
            msd_strmap_put(index_of, e->stem, e->stem_len, num, strlen(num));
        }
        if (terms[i].last != doc) {
            terms[i].df++;
            terms[i].last = doc;
        }
    }
}

static int by_df(const void *x, const void *y)
{
    const struct term *a = x, *b = y;
    if (a->df != b->df) return a->df < b->df ? 1 : -1;
    return strcmp(a->stem, b->stem);
}

int main(int argc, char **argv)
{
    char cmd[4200], *line = NULL;
    size_t cap = 0;
    unsigned docs = 0;
    FILE *in;
    marsad_analyzer_config cfg;
    marsad_analyzer *an;
    msd_tokens title = {0}, body = {0};
    if (argc != 2) {
        fprintf(stderr, "usage: story_prior SAUDINEWSNET.jsonl.zst > data/stories/df-prior.txt\n");
        return 2;
    }
    snprintf(cmd, sizeof cmd, "zstd -dc '%s'", argv[1]);
    if (!(in = popen(cmd, "r"))) return 1;
    msd_archive_analyzer_config(&cfg);
    if (marsad_analyzer_new(&cfg, &an) || msd_strmap_new(1u << 22, 48, &index_of)) return 1;
    while (getline(&line, &cap, in) > 0) {
        json_t *o = json_loads(line, 0, NULL);
        const char *date = json_string_value(json_object_get(o, "date"));
        const char *t = json_string_value(json_object_get(o, "title"));
        const char *b = json_string_value(json_object_get(o, "text"));
        if (o && date && b && strncmp(date, "2015-07-21", 10) >= 0 &&
            strncmp(date, "2015-07-25", 10) <= 0) {
            msd_tokens_analyze(an, t ? t : "", t ? strlen(t) : 0, &title);
            msd_tokens_analyze(an, b, strlen(b), &body);
            count(&title, SIZE_MAX, docs);
            count(&body, MSD_STORY_LEAD, docs);
            docs++;
        }
        json_decref(o);
    }
    pclose(in);
    qsort(terms, n_terms, sizeof *terms, by_df);
    printf("# Document frequencies that story vectors start from (src/stories/vector.h): terms\n"
           "# as a story vector takes them (light stems of a title and of the body's first\n"
           "# %d words), counted over the %u SaudiNewsNet articles of 2015-07-21 to\n"
           "# 2015-07-25. Made by bench/story_prior (make story-prior); do not edit.\n"
           "# The first line is the document count. Format: term<TAB>documents.\n",
           MSD_STORY_LEAD, docs);
    printf("=docs\t%u\n", docs);
    for (size_t i = 0; i < n_terms && i < KEEP && terms[i].df >= MIN_DF; i++)
        printf("%s\t%u\n", terms[i].stem, terms[i].df);
    marsad_analyzer_free(an);
    msd_tokens_free(&title);
    msd_tokens_free(&body);
    return 0;
}
