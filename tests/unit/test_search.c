/* test_search.c — the archive end to end in a temporary directory, through the public
 * API: ingest of crafted articles, then queries of every kind; block-max WAND against
 * exhaustive scoring; sorting and paging; a failed add that abandons its batch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive/internal.h"
#include "marsad.h"
#include "search/engine.h"
#include "search/query.h"
#include "test.h"

static const char *const bodies[] = {
    "قال المتحدث باسم التحالف الدولي إن الغارات استهدفت مواقع التنظيم قرب الرقة",
    "أعلنت قوات سوريا الديمقراطية السيطرة على قرى جديدة شمال الرقة بدعم من التحالف",
    "وصلت قوافل المساعدات إلى مخيمات عرسال بعد العاصفة الثلجية",
    "ارتفعت أسعار النفط فوق خمسين دولارا للبرميل في تعاملات الأمس",
    "قالت وزارة الخارجية إن المفاوضات مستمرة والتحالف يدعم الحل السياسي",
    "استهدفت غارات التحالف مواقع في دير الزور والبوكمال وقتل عشرات المسلحين",
    "البيشمركة تتقدم شرق الموصل والتحالف يقدم الإسناد الجوي للقوات",
    "انطلقت أعمال القمة العربية في الرباط بمشاركة وزراء الخارجية",
};

static const char *const titles[] = {"غارات قرب الرقة", "تقدم في ريف الرقة", "مساعدات لعرسال",
                                     "النفط يرتفع",     "مفاوضات",           "غارات على دير الزور",
                                     "معارك الموصل",    "قمة الرباط"};

static double exact_bonus = -1; /* < 0: the default */
static int sort, offset;

/* The ids of a search's results, joined by spaces. */
static const char *ids(marsad_archive *a, const char *q, int any, int exhaustive)
{
    static char out[1024];
    marsad_results *r;
    marsad_search_options o;
    size_t n = 0;
    marsad_search_options_init(&o);
    o.exhaustive = exhaustive;
    o.any = any;
    o.snippet_chars = 0;
    o.sort = sort;
    o.offset = (size_t)offset;
    if (exact_bonus >= 0) o.exact_bonus = exact_bonus;
    out[0] = 0;
    if (marsad_search(a, q, strlen(q), &o, &r, NULL)) return "error";
    for (size_t k = 0; k < marsad_results_count(r) && n < sizeof out - 32; k++)
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", k ? " " : "",
                              marsad_results_hit(r, k)->id);
    marsad_results_free(r);
    return out;
}

/* The score of article id in the results of q (any word), scored exhaustively; -1 when
 * it is not among them. */
static double score_of(marsad_archive *a, const char *q, const char *id)
{
    marsad_results *r;
    marsad_search_options o;
    double score = -1;
    marsad_search_options_init(&o);
    o.exhaustive = 1;
    o.any = 1;
    o.snippet_chars = 0;
    if (marsad_search(a, q, strlen(q), &o, &r, NULL)) return -2;
    for (size_t k = 0; k < marsad_results_count(r); k++)
        if (!strcmp(marsad_results_hit(r, k)->id, id)) score = marsad_results_hit(r, k)->score;
    marsad_results_free(r);
    return score;
}

static int near(double x, double y)
{
    return x > 0 && y > 0 && (x - y < 1e-9 * y && y - x < 1e-9 * y);
}

/* A word or prefix given twice is one term of twice the weight: the same scores as its
 * copies would sum to, for the work of one (255 copies of a prefix once took seconds). */
static void repeated_terms(marsad_archive *a)
{
    char q[4096];
    size_t n = 0;
    const char *docs[] = {"a0", "b1", "b5"};
    for (size_t i = 0; i < 3; i++) {
        double r = score_of(a, "الرقة", docs[i]), t = score_of(a, "التحالف", docs[i]),
               p = score_of(a, "الرق*", docs[i]);
        CHECK(near(score_of(a, "الرقة الرقة التحالف", docs[i]), 2 * r + t) ||
              (r < 0 && near(score_of(a, "الرقة الرقة التحالف", docs[i]), t)));
        CHECK(r < 0 || near(score_of(a, "الرق* الرق* OR الرق*", docs[i]), 3 * p));
    }
    for (int i = 0; i < 200; i++)
        n += (size_t)snprintf(q + n, sizeof q - n, "%sالرق*", i ? " " : "");
    CHECK(near(score_of(a, q, "a0"), 200 * score_of(a, "الرق*", "a0")));
    /* different prefixes are budgeted: 255 two-letter ones took 880 ms on SaudiNewsNet */
    for (int k = 32; k <= 33; k++) {
        static const char *const letters[] = {"ا", "ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر",
                                              "ز", "س", "ش", "ص", "ض", "ط", "ظ", "ع", "غ", "ف",
                                              "ق", "ك", "ل", "م", "ن", "ه", "و", "ي"};
        marsad_results *r = NULL;
        marsad_query_error err;
        n = 0;
        for (int i = 0; i < k; i++)
            n += (size_t)snprintf(q + n, sizeof q - n, "%s%s%s*", i ? " OR " : "",
                                  letters[i / 28 + 1], letters[i % 28]);
        CHECK_EQ(marsad_search(a, q, n, NULL, &r, &err), k <= 32 ? MARSAD_OK : MARSAD_EQUERY);
        CHECK(k <= 32 || strstr(err.message, "prefixes") != NULL);
        marsad_results_free(r);
    }
}

/* The total of a search (limit 1, so block-max WAND skips) and whether it is a floor. */
static uint64_t total_of(marsad_archive *a, const char *q, int any, int exhaustive, int *lower)
{
    marsad_results *r;
    marsad_search_options o;
    uint64_t t;
    marsad_search_options_init(&o);
    o.limit = 1;
    o.any = any;
    o.exhaustive = exhaustive;
    o.snippet_chars = 0;
    *lower = -1;
    if (marsad_search(a, q, strlen(q), &o, &r, NULL)) return UINT64_MAX;
    t = marsad_results_total(r, lower);
    marsad_results_free(r);
    return t;
}

/* Counts exact without scoring every match, floors past the cap, and facets that add up
 * to the groups counted. */
static void counting(marsad_archive *a)
{
    static const char *const qs[] = {"التحالف", "التحالف الرقة غارات", "الرقة OR عرسال",
                                     "النفط مخيمات", "القوات الجوي الإسناد"};
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        int l1, l2;
        uint64_t wand = total_of(a, qs[i], 1, 0, &l1), all = total_of(a, qs[i], 1, 1, &l2);
        CHECK_EQ(wand, all);
        CHECK_EQ(l1, 0);
        CHECK_EQ(l2, 0);
    }
    { /* the engine with a cap of 2: a floor of 2 past it, facets of the first 2 */
        msd_query q;
        msd_search_opts eo;
        msd_search_filter f = {NULL, 0, MSD_SEG_NO_DATE, MSD_SEG_NO_DATE};
        msd_hits h;
        CHECK_EQ(msd_query_parse("التحالف", strlen("التحالف"), 1, &q, NULL), MARSAD_OK);
        msd_search_opts_init(&eo);
        eo.k = 1;
        eo.count_cap = 2;
        eo.facets = 1;
        eo.collapse = 0;
        CHECK_EQ(msd_search_run(a->ix, a->an, q.root, &f, &eo, &h), MARSAD_OK);
        CHECK_EQ(h.matched, 2);
        CHECK_EQ(h.pruned, 1);
        CHECK_EQ(h.n_facets, 2);
        CHECK_EQ(h.facets_partial, 1);
        msd_hits_clear(&h);
        eo.count_cap = 5; /* exactly the 5 matches: exact, not a floor */
        CHECK_EQ(msd_search_run(a->ix, a->an, q.root, &f, &eo, &h), MARSAD_OK);
        CHECK_EQ(h.matched, 5);
        CHECK_EQ(h.pruned, 0);
        CHECK_EQ(h.n_facets, 5);
        CHECK_EQ(h.facets_partial, 0);
        msd_hits_clear(&h);
        msd_query_clear(&q);
    }
    { /* facets through the API: by outlet and by day, one per group */
        marsad_results *r;
        marsad_search_options o;
        const marsad_facet *fs, *fd;
        size_t ns = 0, nd = 0;
        int partial = -1;
        marsad_search_options_init(&o);
        o.facets = 1;
        o.snippet_chars = 0;
        CHECK_EQ(marsad_search(a, "التحالف", strlen("التحالف"), &o, &r, NULL), MARSAD_OK);
        fs = marsad_results_facets(r, MARSAD_FACET_SOURCES, &ns, &partial);
        fd = marsad_results_facets(r, MARSAD_FACET_DAYS, &nd, NULL);
        CHECK_EQ(ns, 2);
        CHECK_EQ(partial, 0);
        if (fs && ns == 2) {
            CHECK_STR(fs[0].name, "one.example"); /* a0 a4 a6; then b1 b5 */
            CHECK_EQ(fs[0].count + fs[1].count, 5);
        }
        CHECK_EQ(nd, 2);
        if (fd && nd == 2) {
            CHECK_STR(fd[0].name, "2016-11-01");
            CHECK_EQ(fd[0].count, 2);
            CHECK_STR(fd[1].name, "2016-12-01");
            CHECK_EQ(fd[1].count, 3);
        }
        CHECK(marsad_results_facets(r, 7, &ns, NULL) == NULL);
        marsad_results_free(r);
        o.facets = 0;
        CHECK_EQ(marsad_search(a, "التحالف", strlen("التحالف"), &o, &r, NULL), MARSAD_OK);
        CHECK(marsad_results_facets(r, MARSAD_FACET_SOURCES, &ns, NULL) == NULL);
        marsad_results_free(r);
    }
}

static void add(marsad_archive *a, const char *id, const char *title, const char *body,
                const char *date)
{
    marsad_document d;
    int outcome = -1;
    marsad_document_init(&d);
    d.id = id;
    d.date = date;
    d.title = title;
    d.text = body;
    d.text_len = strlen(body);
    d.source = id[0] == 'a' ? "one.example" : "two.example";
    CHECK_EQ(marsad_ingest_document(a, &d, NULL, &outcome), MARSAD_OK);
    CHECK(outcome != MARSAD_KNOWN && outcome != MARSAD_EMPTIED);
}

void suite_search(void);
void suite_search(void)
{
    char dir[] = "/tmp/marsad-search-XXXXXX", path[256];
    marsad_archive *a = NULL;
    marsad_archive_options opt;
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/m.db", dir);
    marsad_archive_options_init(&opt);
    opt.batch = 3; /* several segments */
    CHECK_EQ(marsad_archive_open(path, MARSAD_WRITE, &opt, &a), MARSAD_OK);
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        char id[8];
        snprintf(id, sizeof id, "%c%zu", i % 2 ? 'b' : 'a', i);
        add(a, id, titles[i], bodies[i],
            i < 4 ? "2016-11-0"
                    "1"
                  : "2016-12-01");
    }
    CHECK_EQ(marsad_archive_close(a), MARSAD_OK);
    CHECK_EQ(marsad_archive_open(path, MARSAD_READ, NULL, &a), MARSAD_OK);
    repeated_terms(a);
    counting(a);
    /* stems join forms (التحالف = والتحالف), the typed form first, then the shorter */
    CHECK_STR(ids(a, "التحالف", 0, 0), "b5 a0 b1 a6 a4");
    CHECK_STR(ids(a, "والتحالف", 0, 0), "a6 a4 b5 a0 b1");
    CHECK_STR(ids(a, "والتحالف", 0, 0), ids(a, "والتحالف", 0, 1));
    exact_bonus = 0; /* stems only: the two forms are one word */
    CHECK_STR(ids(a, "التحالف", 0, 0), "a6 a4 b5 a0 b1");
    CHECK_STR(ids(a, "والتحالف", 0, 0), ids(a, "التحالف", 0, 1));
    exact_bonus = -1;
    /* every word required, or any */
    CHECK_STR(ids(a, "التحالف الرقة", 0, 0), "a0 b1");
    CHECK_STR(ids(a, "عرسال النفط", 0, 0), "");
    CHECK_STR(ids(a, "عرسال النفط", 1, 0), "b3 a2");
    /* phrases, exclusion, OR, exact forms, prefixes, fields, filters */
    CHECK_STR(ids(a, "\"التحالف الدولي\"", 0, 0), "a0");
    CHECK_STR(ids(a, "\"الدولي التحالف\"", 0, 0), "");
    /* an exact form in a phrase: the stems' positions, and the form in the document */
    CHECK_STR(ids(a, "\"=والتحالف يدعم\"", 0, 0), "a4");
    CHECK_STR(ids(a, "\"=التحالف يدعم\"", 0, 0), "");
    CHECK_STR(ids(a, "\"التحالف يدعم\"", 0, 0), "a4");
    CHECK_STR(ids(a, "\"التحالف يد*\"", 0, 0), "error");
    CHECK_STR(ids(a, "التحالف -الرقة", 0, 0), "b5 a6 a4");
    CHECK_STR(ids(a, "عرسال OR الرباط", 0, 0), "b7 a2");
    CHECK_STR(ids(a, "=والتحالف", 0, 0), "a6 a4");
    CHECK_STR(ids(a, "=التحالف", 0, 0), "b5 a0 b1");
    CHECK_STR(ids(a, "المساعد*", 0, 0), "a2");
    CHECK_STR(ids(a, "title:الرقة", 0, 0), "a0 b1");
    CHECK_STR(ids(a, "التحالف source:two.example", 0, 0), "b5 b1");
    CHECK_STR(ids(a, "التحالف from:2016-12-01", 0, 0), "b5 a6 a4");
    CHECK_STR(ids(a, "to:2016-11-30", 0, 0), "a0 b1 a2 b3");
    CHECK_STR(ids(a, "في من", 0, 0), "error"); /* only stopwords */
    /* block-max WAND finds what exhaustive scoring finds */
    {
        static const char *const qs[] = {"التحالف الرقة غارات", "مواقع التنظيم دير الزور",
                                         "الخارجية وزراء", "القوات الجوي الإسناد", "النفط مخيمات"};
        for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
            char wand[1024];
            snprintf(wand, sizeof wand, "%s", ids(a, qs[i], 1, 0));
            test_check_str(wand, strlen(wand), ids(a, qs[i], 1, 1), __FILE__, __LINE__, qs[i]);
        }
    }
    /* sorted by date (ties by score), paged */
    sort = MARSAD_SORT_NEWEST;
    CHECK_STR(ids(a, "التحالف", 0, 0), "b5 a6 a4 a0 b1"); /* 12-01, then 11-01 */
    sort = MARSAD_SORT_OLDEST;
    CHECK_STR(ids(a, "التحالف", 0, 0), "a0 b1 b5 a6 a4");
    offset = 3;
    CHECK_STR(ids(a, "التحالف", 0, 0), "a6 a4");
    sort = 0;
    CHECK_STR(ids(a, "التحالف", 0, 0), "a6 a4"); /* of b5 a0 b1 a6 a4 */
    offset = 0;
    CHECK_EQ(marsad_archive_close(a), MARSAD_OK);
    /* an add that fails midway abandons its batch: nothing of it is committed */
    {
        marsad_stats st;
        msd_analyzed x;
        int outcome;
        CHECK_EQ(marsad_archive_open(path, MARSAD_WRITE, &opt, &a), MARSAD_OK);
        add(a, "c1", "خبر", "وصلت قوافل جديدة إلى المخيمات", "2016-12-02");
        memset(&x, 0, sizeof x); /* no id: the catalog refuses the row, after the batch began */
        CHECK_EQ(msd_record_set(&x.rec, MARSAD_FIELD_BODY, "نص", strlen("نص")), MARSAD_OK);
        CHECK_EQ(msd_record_set(&x.rec, MARSAD_FIELD_TITLE, "", 0), MARSAD_OK);
        CHECK(msd_archive_add(a, &x, &outcome) != MARSAD_OK);
        CHECK_EQ(msd_archive_add(a, &x, &outcome), MARSAD_EABORTED);
        CHECK_EQ(marsad_archive_flush(a), MARSAD_EABORTED);
        msd_analyzed_clear(&x);
        marsad_archive_close(a);
        CHECK_EQ(marsad_archive_open(path, MARSAD_READ, NULL, &a), MARSAD_OK);
        marsad_stats_init(&st);
        CHECK_EQ(marsad_archive_stats(a, &st), MARSAD_OK);
        CHECK_EQ(st.articles, (uint64_t)(sizeof bodies / sizeof bodies[0]));
        CHECK_EQ(st.index_documents, st.articles);
        CHECK_EQ(marsad_archive_close(a), MARSAD_OK);
    }
    { /* merges run after each batch's commit: a reader during a long ingest meets a
       * segment per ten batches, not one per batch */
        char mpath[300];
        marsad_archive *w = NULL, *r = NULL;
        marsad_stats st;
        snprintf(mpath, sizeof mpath, "%s/merge.db", dir);
        opt.batch = 1;
        CHECK_EQ(marsad_archive_open(mpath, MARSAD_WRITE, &opt, &w), MARSAD_OK);
        for (size_t i = 0; i < 12 && w; i++) {
            char id[8];
            snprintf(id, sizeof id, "m%zu", i);
            add(w, id, titles[i % 8], bodies[i % 8], "2016-12-01");
        }
        CHECK_EQ(marsad_archive_open(mpath, MARSAD_READ, NULL, &r), MARSAD_OK);
        if (r) {
            marsad_stats_init(&st);
            CHECK_EQ(marsad_archive_stats(r, &st), MARSAD_OK);
            CHECK_EQ(st.segments, 3); /* ten batches merged into one, then two more */
            CHECK_EQ(st.index_documents, 12);
            CHECK_STR(ids(r, "عرسال", 0, 0), "m2"); /* m10, its duplicate, collapsed */
            marsad_archive_close(r);
        }
        CHECK_EQ(marsad_archive_close(w), MARSAD_OK);
    }
    {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        CHECK_EQ(system(cmd), 0);
    }
}
