/*
 * story_eval — story quality against hand labels: B-cubed precision, recall and F1
 * (Bagga and Baldwin 1998) over the labelled articles.
 *
 *   story_eval ARCHIVE GOLD.tsv             the archive's stories, scored
 *   story_eval ARCHIVE GOLD.tsv --grid      the assignment replayed from the stored
 *                                           vectors under a grid of thresholds
 *   story_eval ARCHIVE GOLD.tsv --params J,B,M,A,T,W,F  one replay: join, bridge, merge,
 *                                           alpha, tau, title weight, floor
 *   story_eval ARCHIVE - --cost N           the cost of assignment: the stored vectors
 *                                           replayed N times, each copy 30 days after
 *                                           the last (a corpus N times as long), with
 *                                           the time per article and the memory at
 *                                           each multiple
 *
 * GOLD.tsv (bench/stories/gold.tsv): `id<TAB>label` a line after a header; labels
 * starting with x- are distractors (articles of the same topics that belong to none of
 * the stories), each scored as the cluster it names. The grid is for studying the rule
 * on the development days only (bench/stories/README.md): the thresholds chosen are in
 * docs/stories.md with the figures this printed.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <sys/resource.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stories/cluster.h"
#include "stories/vector.h"
#include "util/date.h"

struct labelled {
    char id[512];
    int gold;      /* label index */
    int64_t row;   /* catalog id, 0 when not in the archive */
    int64_t story; /* assigned */
};

static struct labelled *items;
static size_t n_items;

static int find_row(int64_t row)
{
    size_t lo = 0, hi = n_items;
    /* items are sorted by row after load() */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (items[mid].row < row)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n_items && items[lo].row == row ? (int)lo : -1;
}

static int cmp_row(const void *x, const void *y)
{
    const struct labelled *a = x, *b = y;
    return (a->row > b->row) - (a->row < b->row);
}

static void load(sqlite3 *db, const char *gold)
{
    FILE *f = fopen(gold, "r");
    char line[512], labels[1024][64];
    int n_labels = 0;
    sqlite3_stmt *st;
    if (!f) {
        perror(gold);
        exit(1);
    }
    sqlite3_prepare_v2(db, "SELECT id FROM articles WHERE ext_id = ?1", -1, &st, NULL);
    while (fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t'), *nl;
        int k;
        if (!tab || !strncmp(line, "id\t", 3)) continue;
        *tab++ = 0;
        if ((nl = strchr(tab, '\n'))) *nl = 0;
        for (k = 0; k < n_labels && strcmp(labels[k], tab); k++) {
        }
        if (k == n_labels && n_labels < 1024) snprintf(labels[n_labels++], 64, "%s", tab);
        items = realloc(items, (n_items + 1) * sizeof *items);
        memset(&items[n_items], 0, sizeof *items);
        snprintf(items[n_items].id, sizeof items[n_items].id, "%s", line);
        items[n_items].gold = k;
        sqlite3_bind_text(st, 1, line, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW) items[n_items].row = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        n_items++;
    }
    sqlite3_finalize(st);
    fclose(f);
    qsort(items, n_items, sizeof *items, cmp_row);
}

/* B-cubed over the labelled articles found in the archive. */
static void score(double *p, double *r, size_t *n)
{
    double sp = 0, sr = 0;
    *n = 0;
    for (size_t i = 0; i < n_items; i++) {
        size_t same_sys = 0, same_gold = 0, both = 0;
        if (!items[i].row) continue;
        for (size_t j = 0; j < n_items; j++) {
            if (!items[j].row) continue;
            int s = items[j].story == items[i].story, g = items[j].gold == items[i].gold;
            same_sys += s;
            same_gold += g;
            both += s && g;
        }
        sp += (double)both / (double)same_sys;
        sr += (double)both / (double)same_gold;
        (*n)++;
    }
    *p = *n ? sp / (double)*n : 0;
    *r = *n ? sr / (double)*n : 0;
}

static void print_score(const char *what)
{
    double p, r;
    size_t n;
    score(&p, &r, &n);
    printf("%s  labelled %zu of %zu  B3 precision %.3f  recall %.3f  F1 %.3f\n", what, n, n_items,
           p, r, p + r > 0 ? 2 * p * r / (p + r) : 0);
}

/* The stored vectors in assignment order, replayed under p. */
static void replay(sqlite3 *db, const msd_story_params *p)
{
    sqlite3_stmt *st;
    msd_stories *s;
    int64_t *group_story = NULL;
    size_t cap = 0;
    msd_stories_new(p, &s);
    sqlite3_prepare_v2(db,
                       "SELECT m.article_id, m.day, m.vec, a.grp FROM story_members m JOIN "
                       "articles a ON a.id = m.article_id ORDER BY m.day IS NULL, m.day, "
                       "m.article_id",
                       -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0), grp = sqlite3_column_int64(st, 3), forced = 0;
        int32_t day =
            sqlite3_column_type(st, 1) == SQLITE_NULL ? MSD_NO_DAY : sqlite3_column_int(st, 1);
        msd_storyvec v;
        msd_story_decision d;
        int k;
        msd_storyvec_decode(sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2), &v);
        if ((size_t)grp >= cap) {
            size_t nc = (size_t)grp * 2 + 1024;
            group_story = realloc(group_story, nc * sizeof *group_story);
            memset(group_story + cap, 0, (nc - cap) * sizeof *group_story);
            cap = nc;
        }
        if (group_story[grp]) forced = msd_stories_resolve(s, group_story[grp]);
        msd_stories_assign(s, id, day, &v, forced, &d);
        if (!group_story[grp]) group_story[grp] = d.story;
        if ((k = find_row(id)) >= 0) items[k].story = d.story;
    }
    sqlite3_finalize(st);
    for (size_t i = 0; i < n_items; i++) items[i].story = msd_stories_resolve(s, items[i].story);
    msd_stories_free(s);
    free(group_story);
}

struct stored {
    int64_t id, grp;
    int32_t day;
    msd_storyvec v;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Assignment alone (no catalog, no vectors built): what each article costs as the
 * archive grows, from the stored vectors of `db` replayed `copies` times. */
static void cost(sqlite3 *db, int copies)
{
    sqlite3_stmt *st;
    struct stored *all = NULL;
    size_t n = 0, cap = 0;
    int64_t max_id = 0, *group_story = NULL;
    msd_story_params p;
    msd_stories *s;
    double t0 = now(), t_last = t0;
    size_t since = 0;
    sqlite3_prepare_v2(db,
                       "SELECT m.article_id, a.grp, m.day, m.vec FROM story_members m JOIN "
                       "articles a ON a.id = m.article_id ORDER BY m.day IS NULL, m.day, "
                       "m.article_id",
                       -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n == cap) all = realloc(all, (cap = cap * 2 + 1024) * sizeof *all);
        all[n].id = sqlite3_column_int64(st, 0);
        all[n].grp = sqlite3_column_int64(st, 1);
        all[n].day =
            sqlite3_column_type(st, 2) == SQLITE_NULL ? MSD_NO_DAY : sqlite3_column_int(st, 2);
        msd_storyvec_decode(sqlite3_column_blob(st, 3), (size_t)sqlite3_column_bytes(st, 3),
                            &all[n].v);
        if (all[n].id > max_id) max_id = all[n].id;
        if (all[n].grp > max_id) max_id = all[n].grp;
        n++;
    }
    sqlite3_finalize(st);
    msd_story_params_init(&p);
    msd_stories_new(&p, &s);
    group_story = calloc((size_t)(max_id + 1) * (size_t)copies, sizeof *group_story);
    printf("articles  µs/article since the line above  window  stories in memory  max RSS MB\n");
    for (int c = 0; c < copies; c++) {
        int64_t off = (int64_t)c * (max_id + 1);
        for (size_t i = 0; i < n; i++) {
            msd_story_decision d;
            int64_t g = all[i].grp + off,
                    forced = group_story[g] ? msd_stories_resolve(s, group_story[g]) : 0;
            int32_t day = all[i].day == MSD_NO_DAY ? MSD_NO_DAY : all[i].day + 30 * c;
            msd_stories_assign(s, all[i].id + off, day, &all[i].v, forced, &d);
            if (!group_story[g]) group_story[g] = d.story;
        }
        since += n;
        if (c == 0 || c + 1 == copies || (c + 1) % 10 == 0) {
            struct rusage ru;
            double t = now();
            getrusage(RUSAGE_SELF, &ru);
            printf("%9zu  %8.1f  %7zu  %8zu  %6.0f\n", n * (size_t)(c + 1),
                   (t - t_last) * 1e6 / (double)since, msd_stories_window(s),
                   msd_stories_in_memory(s), (double)ru.ru_maxrss / 1024);
            t_last = t;
            since = 0;
        }
    }
    printf("total: %zu articles in %.1f s\n", n * (size_t)copies, now() - t0);
    msd_stories_free(s);
    free(group_story);
    free(all);
}

int main(int argc, char **argv)
{
    sqlite3 *db;
    if (argc < 3) {
        fprintf(stderr, "usage: story_eval ARCHIVE GOLD.tsv [--grid]\n");
        return 2;
    }
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], sqlite3_errmsg(db));
        return 1;
    }
    if (argc > 4 && !strcmp(argv[3], "--cost")) {
        cost(db, atoi(argv[4]) > 0 ? atoi(argv[4]) : 1);
        sqlite3_close(db);
        return 0;
    }
    load(db, argv[2]);
    if (argc > 4 && !strcmp(argv[3], "--params")) { /* join,link,merge,alpha */
        msd_story_params p;
        msd_story_params_init(&p);
        sscanf(argv[4], "%lf,%lf,%lf,%lf,%lf,%lf,%lf", &p.join, &p.bridge, &p.merge, &p.alpha,
               &p.tau, &p.title, &p.floor);
        replay(db, &p);
        print_score(argv[4]);
    } else if (argc > 3 && !strcmp(argv[3], "--grid")) {
        static const double joins[] = {0.25, 0.3, 0.35};
        static const double merges[] = {0.3, 0.35, 0.4, 0.5};
        static const double alphas[] = {0.3, 0.6};
        static const double links[] = {0.1, 0.2, 0.35}; /* the bridge */
        for (size_t a = 0; a < 2; a++)
            for (size_t t = 0; t < 3; t++)
                for (size_t j = 0; j < 3; j++)
                    for (size_t m = 0; m < 4; m++) {
                        msd_story_params p;
                        char what[128];
                        msd_story_params_init(&p);
                        p.join = joins[j];
                        p.merge = merges[m];
                        p.alpha = alphas[a];
                        p.tau = 8;
                        p.bridge = links[t];
                        replay(db, &p);
                        snprintf(what, sizeof what, "join %.2f bridge %.2f merge %.2f alpha %.1f",
                                 p.join, p.bridge, p.merge, p.alpha);
                        print_score(what);
                    }
    } else {
        sqlite3_stmt *st;
        sqlite3_prepare_v2(db, "SELECT article_id, story FROM story_members", -1, &st, NULL);
        while (sqlite3_step(st) == SQLITE_ROW) {
            int k = find_row(sqlite3_column_int64(st, 0));
            if (k >= 0) items[k].story = sqlite3_column_int64(st, 1);
        }
        sqlite3_finalize(st);
        print_score(argv[1]);
    }
    sqlite3_close(db);
    free(items);
    return 0;
}
