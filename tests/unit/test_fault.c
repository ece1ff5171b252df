/* test_fault.c — the library under allocation failure, in the manner of SQLite's fault
 * tests: the unit tests are linked with tests/fault/alloc_wrap.c (--wrap=malloc, …), and
 * for every N the Nth allocation of one call fails. The call must return MARSAD_ENOMEM or
 * succeed, never crash (nor leak: `make asan`), and what it reports must be what it did.
 * The fault harness (tests/fault/run.sh) does the same over the whole tool, from outside. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../fault/alloc_wrap.h"
#include "marsad.h"
#include "test.h"

static char dir[256];

/* Entities with and without a gazetteer name, a quotation, figures, dates. */
static const char text[] =
    "وقال الكولونيل شون رايان، المتحدث باسم التحالف الدولي، إن الغارات مستمرة. وأضاف رايان أن "
    "«العملية ستنتهي قريبا». وقتل أكثر من 40 مقاتلا أمس الثلاثاء 6 كانون الأول في مدينة الرقة، "
    "بحسب المرصد السوري لحقوق الإنسان.";

/* marsad_extract: an entity whose text could not be copied was measured with strlen(NULL)
 * (entities.c, emit): a crash at two of the 390 allocations of this extraction. */
static void extract(void)
{
    marsad_lexicon *lx = NULL;
    size_t runs = 0, wrong = 0;
    if (marsad_lexicon_new(&lx) != MARSAD_OK) {
        CHECK(!"lexicon");
        return;
    }
    for (unsigned long n = 1;; n++) {
        marsad_article *a = NULL;
        unsigned long failed;
        int rc;
        alloc_fault_set(n, 0);
        rc = marsad_extract(lx, text, sizeof text - 1, "2016-12-07", &a);
        failed = alloc_fault_set(0, 0);
        marsad_article_free(a);
        if (!failed) {
            CHECK_EQ(rc, MARSAD_OK);
            break;
        }
        runs++;
        if (rc != MARSAD_ENOMEM && rc != MARSAD_OK) wrong++;
    }
    CHECK(runs > 300); /* each allocation of it failed once */
    CHECK_EQ(wrong, 0);
    marsad_lexicon_free(lx);
}

/* The articles of a run, as JSON, a line each (stops the run when that fails). */
struct collect {
    char out[8192];
    size_t n;
};

static int collect(void *ctx, const marsad_article *a)
{
    struct collect *c = ctx;
    char *json = NULL;
    size_t len = 0;
    if (marsad_article_json(a, MARSAD_JSON_ARTICLE, &json, &len)) return 1;
    if (c->n + len + 1 < sizeof c->out) {
        memcpy(c->out + c->n, json, len);
        c->out[c->n += len] = '\n';
        c->out[++c->n] = 0;
    }
    marsad_free(json);
    return 0;
}

/* A source in the metadata, and one from the URL's host. */
static const char sourced[] =
    "{\"id\":\"s1\",\"source\":\"nahar.example\",\"title\":\"سوق شعبي\",\"text\":\"افتتحت "
    "البلدية سوقا شعبيا جديدا يضم مئة محل في وسط المدينة القديمة.\"}\n"
    "{\"id\":\"s2\",\"url\":\"https://www.Example.org/a/1\",\"title\":\"أمطار غزيرة\","
    "\"text\":\"هطلت أمطار غزيرة على المدينة طوال الليل وغمرت المياه شوارع حي الزيتون.\"}\n";

/* marsad_process with each allocation failing in turn: it ends with MARSAD_ENOMEM (or the
 * callback's stop), or succeeds with the articles of the run without failures. A source
 * that could not be copied (clean.c) left the article without one, silently, its
 * per-site line counts and its duplicate group with it (found by the fault harness: an
 * ingest that exited 0 with 11 exact duplicates instead of 12). */
static void process(void)
{
    static struct collect want, got;
    marsad_lexicon *lx = NULL;
    marsad_options o;
    marsad_input in = {NULL, 0, sourced, sizeof sourced - 1, "sourced.jsonl"};
    size_t runs = 0, wrong = 0, differ = 0;
    if (marsad_lexicon_new(&lx) != MARSAD_OK) {
        CHECK(!"lexicon");
        return;
    }
    marsad_options_init(&o);
    o.jobs = 1;
    o.lexicon = lx;
    CHECK_EQ(marsad_process(&in, &o, collect, &want, NULL), MARSAD_OK);
    CHECK(strstr(want.out, "\"source\":\"nahar.example\"") &&
          strstr(want.out, "\"source\":\"example.org\""));
    for (unsigned long n = 1;; n++) {
        unsigned long failed;
        int rc;
        got.n = 0;
        got.out[0] = 0;
        alloc_fault_set(n, 0);
        rc = marsad_process(&in, &o, collect, &got, NULL);
        failed = alloc_fault_set(0, 0);
        if (!failed) {
            CHECK_EQ(rc, MARSAD_OK);
            break;
        }
        runs++;
        if (rc != MARSAD_OK && rc != MARSAD_ENOMEM && rc != MARSAD_ESTOP) wrong++;
        if (rc == MARSAD_OK && strcmp(got.out, want.out) && !differ++)
            fprintf(stderr, "allocation %lu failing: marsad_process succeeded with\n%s", n,
                    got.out);
    }
    CHECK(runs > 300);
    CHECK_EQ(wrong, 0);
    CHECK_EQ(differ, 0);
    marsad_lexicon_free(lx);
}

static const char two[] =
    "{\"id\":\"f1\",\"title\":\"سوق شعبي\",\"text\":\"افتتحت البلدية سوقا شعبيا جديدا يضم مئة محل "
    "في وسط المدينة القديمة.\"}\n"
    "{\"id\":\"f2\",\"title\":\"أمطار غزيرة\",\"text\":\"هطلت أمطار غزيرة على المدينة طوال الليل "
    "وغمرت المياه شوارع حي الزيتون.\"}\n";

static void remove_archive(const char *db)
{
    char p[300];
    unlink(db);
    snprintf(p, sizeof p, "%s-wal", db);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", db);
    unlink(p);
    snprintf(p, sizeof p, "%s.idx", db);
    if (!access(p, F_OK)) test_rmtree(p);
}

/* The articles the archive at db holds (0: none there). */
static uint64_t committed(const char *db)
{
    marsad_archive *a = NULL;
    marsad_stats st;
    uint64_t n = 0;
    if (access(db, F_OK)) return 0;
    marsad_stats_init(&st);
    if (marsad_archive_open(db, MARSAD_READ, NULL, &a) == MARSAD_OK &&
        marsad_archive_stats(a, &st) == MARSAD_OK)
        n = st.articles;
    else
        n = UINT64_MAX;
    marsad_archive_close(a);
    return n;
}

/* marsad_ingest with each allocation failing in turn (every third: the run stays short):
 * it ends with MARSAD_ENOMEM or succeeds, and its report counts what the archive holds.
 * An allocation failing on a document's analysis while the batch held the one before
 * left that batch to closing, which committed it uncounted (the report said 0 stored,
 * the archive held 1: the "999 vs 1,000"); the batch an error cuts short is
 * rolled back (marsad.h). And the catalog's statements built at run time (an article's
 * INSERT) failing for memory said "m.db: " with MARSAD_EIO. */
static void ingest(void)
{
    char db[300];
    marsad_lexicon *lx = NULL;
    marsad_archive_options ao;
    marsad_options o;
    marsad_input in = {NULL, 0, two, sizeof two - 1, "two.jsonl"};
    size_t runs = 0, wrong = 0, miscounted = 0;
    snprintf(db, sizeof db, "%s/m.db", dir);
    if (marsad_lexicon_new(&lx) != MARSAD_OK) {
        CHECK(!"lexicon");
        return;
    }
    marsad_archive_options_init(&ao);
    ao.batch = 2;
    marsad_options_init(&o);
    o.jobs = 1;
    o.lexicon = lx;
    /* the analysis of the second document, and more: a stride keeps it short */
    for (unsigned long n = 1;; n += 3) {
        marsad_archive *a = NULL;
        marsad_report rep;
        unsigned long failed;
        uint64_t held;
        char msg[512];
        int rc;
        remove_archive(db);
        if (marsad_archive_open(db, MARSAD_WRITE, &ao, &a) != MARSAD_OK) {
            CHECK(!"open");
            break;
        }
        alloc_fault_set(n, 0);
        rc = marsad_ingest(a, &in, &o, &rep);
        snprintf(msg, sizeof msg, "%s", marsad_archive_errmsg(a));
        marsad_archive_close(a);
        failed = alloc_fault_set(0, 0);
        held = committed(db);
        if (!failed) {
            CHECK_EQ(rc, MARSAD_OK);
            CHECK_EQ(held, 2);
            break;
        }
        runs++;
        if (rc != MARSAD_OK && rc != MARSAD_ENOMEM && !wrong++)
            fprintf(stderr, "allocation %lu failing: %s (%s)\n", n, marsad_status_name(rc), msg);
        if (rep.stored != held) {
            if (!miscounted++)
                fprintf(stderr, "allocation %lu failing: %llu stored, %llu committed\n", n,
                        (unsigned long long)rep.stored, (unsigned long long)held);
        }
    }
    CHECK(runs > 100);
    CHECK_EQ(wrong, 0);
    CHECK_EQ(miscounted, 0);
    remove_archive(db);
    marsad_lexicon_free(lx);
}

void suite_fault(void);
void suite_fault(void)
{
    extract();
    process();
    if (test_tmpdir("fault", dir, sizeof dir)) return;
    ingest();
    test_rmtree(dir);
}
