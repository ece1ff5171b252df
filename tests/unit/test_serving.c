/*
 * test_serving.c — what a long-running server needs of the library: a reader that sees
 * other handles' commits after marsad_archive_refresh (and re-reads nothing when nothing
 * changed), the archive's entities counted (marsad_archive_entities, its JSON), and a
 * search's time budget (MARSAD_ETIMEOUT; older option structs still accepted).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "test.h"

static char dir[64];

static const char *at(const char *name)
{
    static char buf[2][256];
    static int k;
    char *b = buf[k++ % 2];
    snprintf(b, sizeof buf[0], "%s/%s", dir, name);
    return b;
}

#define DOC(id, date, title, body)                                                                 \
    "{\"id\":\"" id "\",\"source\":\"s.example\",\"date\":\"" date "\",\"title\":\"" title         \
    "\",\"text\":\"" body "\"}\n"

static const char first[] =
    DOC("a1", "2016-12-01", "اجتماع في دمشق",
        "قال الرئيس بشار الأسد في دمشق إن الحكومة ستعيد بناء المدارس في حلب خلال العام المقبل، "
        "وأضاف أن الجيش السوري سيواصل عملياته.")
        DOC("a2", "2016-12-03", "زيارة إلى حلب",
            "زار وفد من الأمم المتحدة مدينة حلب أمس، واطلع على أوضاع المدارس والمستشفيات في "
            "المدينة بعد أشهر من القتال.");

static const char second[] =
    DOC("b1", "2016-12-05", "مطر غزير في بيروت",
        "هطلت أمطار غزيرة على بيروت صباح اليوم وأغلقت عدة طرق رئيسية في العاصمة اللبنانية.");

static int ingest(marsad_archive *a, const char *text)
{
    marsad_input in = {NULL, 0, text, strlen(text), "test"};
    marsad_options o;
    marsad_options_init(&o);
    o.jobs = 1;
    return marsad_ingest(a, &in, &o, NULL);
}

static uint64_t total_of(marsad_archive *a, const char *q)
{
    marsad_results *r = NULL;
    uint64_t n = 0;
    if (!marsad_search(a, q, strlen(q), NULL, &r, NULL)) n = marsad_results_total(r, NULL);
    marsad_results_free(r);
    return n;
}

static void refresh(void)
{
    marsad_archive *w = NULL, *r = NULL;
    int changed = -1;
    CHECK_EQ(marsad_archive_refresh(NULL, &changed), MARSAD_EINVAL);
    CHECK_EQ(marsad_archive_open(at("r.db"), MARSAD_WRITE, NULL, &w), MARSAD_OK);
    CHECK_EQ(ingest(w, first), MARSAD_OK);
    CHECK_EQ(marsad_archive_flush(w), MARSAD_OK);
    CHECK_EQ(marsad_archive_open(at("r.db"), MARSAD_READ, NULL, &r), MARSAD_OK);
    if (!r) {
        marsad_archive_close(w);
        return;
    }
    CHECK_EQ(total_of(r, "حلب"), 2);
    CHECK_EQ(marsad_archive_refresh(r, &changed), MARSAD_OK);
    CHECK_EQ(changed, 0); /* nothing committed since it opened */
    CHECK_EQ(marsad_archive_refresh(w, &changed), MARSAD_OK); /* a writer: nothing to do */
    CHECK_EQ(changed, 0);
    CHECK_EQ(ingest(w, second), MARSAD_OK);
    CHECK_EQ(marsad_archive_flush(w), MARSAD_OK);
    CHECK_EQ(total_of(r, "بيروت"), 0); /* the reader keeps the index it read */
    CHECK_EQ(marsad_archive_refresh(r, &changed), MARSAD_OK);
    CHECK_EQ(changed, 1);
    CHECK_EQ(total_of(r, "بيروت"), 1);
    CHECK_EQ(marsad_archive_refresh(r, NULL), MARSAD_OK);
    CHECK_EQ(marsad_archive_refresh(r, &changed), MARSAD_OK);
    CHECK_EQ(changed, 0);
    CHECK_EQ(marsad_archive_close(w), MARSAD_OK); /* close merges and commits: a change */
    CHECK_EQ(marsad_archive_refresh(r, &changed), MARSAD_OK);
    CHECK_EQ(total_of(r, "بيروت"), 1);
    CHECK_EQ(total_of(r, "حلب"), 2);
    marsad_archive_close(r);
}

struct names {
    char text[1024];
    size_t n;
    uint64_t articles_of_aleppo;
    int stop_after;
};

static int name_cb(void *ctx, const marsad_story_entity *e)
{
    struct names *x = ctx;
    size_t len = strlen(x->text);
    snprintf(x->text + len, sizeof x->text - len, "%s%s/%s", x->n ? "|" : "", e->canonical,
             e->type);
    if (!strcmp(e->canonical, "حلب")) x->articles_of_aleppo = e->articles;
    x->n++;
    return x->stop_after && (int)x->n >= x->stop_after;
}

static void entities(void)
{
    marsad_archive *r = NULL;
    struct names x;
    marsad_story_entity e = {.canonical = "حلب",
                             .type = "LOC",
                             .articles = 1,
                             .mentions = 2,
                             .first = "2016-12-01",
                             .last = NULL};
    char *json = NULL;
    if (marsad_archive_open(at("r.db"), MARSAD_READ, NULL, &r) != MARSAD_OK) {
        CHECK(0);
        marsad_archive_close(r);
        return;
    }
    memset(&x, 0, sizeof x);
    CHECK_EQ(marsad_archive_entities(r, NULL, NULL, 0, name_cb, &x), MARSAD_OK);
    CHECK(x.n >= 3);
    CHECK_EQ(x.articles_of_aleppo, 2); /* named in both articles of the first batch */
    CHECK(strstr(x.text, "بيروت/") != NULL);
    memset(&x, 0, sizeof x);
    CHECK_EQ(marsad_archive_entities(r, "حل", NULL, 0, name_cb, &x), MARSAD_OK);
    CHECK(x.n >= 1 && strstr(x.text, "حلب/") != NULL && !strstr(x.text, "بيروت"));
    memset(&x, 0, sizeof x);
    CHECK_EQ(marsad_archive_entities(r, NULL, NULL, 1, name_cb, &x), MARSAD_OK);
    CHECK_EQ(x.n, 1);
    CHECK(!strncmp(x.text, "حلب/", strlen("حلب/"))); /* most articles first */
    memset(&x, 0, sizeof x);
    x.stop_after = 1;
    CHECK_EQ(marsad_archive_entities(r, NULL, NULL, 0, name_cb, &x), MARSAD_ESTOP);
    memset(&x, 0, sizeof x);
    CHECK_EQ(marsad_archive_entities(r, NULL, "PERS", 0, name_cb, &x), MARSAD_OK);
    CHECK(x.n >= 1 && !strstr(x.text, "/LOC") && !strstr(x.text, "/GPE"));
    memset(&x, 0, sizeof x);
    CHECK_EQ(marsad_archive_entities(r, NULL, "GPE", 0, name_cb, &x), MARSAD_OK);
    CHECK(!strstr(x.text, "/PERS") && !strstr(x.text, "/ORG"));
    CHECK_EQ(marsad_archive_entities(r, NULL, "NOPE", 0, name_cb, &x), MARSAD_EINVAL);
    memset(&x, 0, sizeof x);
    CHECK_EQ(marsad_archive_entities(r, "%", NULL, 0, name_cb, &x), MARSAD_OK);
    CHECK_EQ(x.n, 0); /* % is a character, not LIKE's wildcard */
    CHECK_EQ(marsad_entity_json(&e, &json, NULL), MARSAD_OK);
    CHECK_STR(json, "{\"name\":\"حلب\",\"type\":\"LOC\",\"articles\":1,\"mentions\":2,"
                    "\"first\":\"2016-12-01\",\"last\":null}");
    marsad_free(json);
    marsad_archive_close(r);
}

static void budget(void)
{
    marsad_archive *r = NULL;
    marsad_search_options o;
    marsad_results *res = NULL;
    if (marsad_archive_open(at("r.db"), MARSAD_READ, NULL, &r) != MARSAD_OK) {
        CHECK(0);
        marsad_archive_close(r);
        return;
    }
    marsad_search_options_init(&o);
    CHECK_EQ(o.version, 3);
    CHECK(o.budget_ms == 0);
    o.budget_ms = 1e-9; /* spent before the first segment is looked at */
    CHECK_EQ(marsad_search(r, "حلب", strlen("حلب"), &o, &res, NULL), MARSAD_ETIMEOUT);
    CHECK(res == NULL);
    o.budget_ms = 60000;
    CHECK_EQ(marsad_search(r, "حلب", strlen("حلب"), &o, &res, NULL), MARSAD_OK);
    CHECK_EQ(marsad_results_total(res, NULL), 2);
    marsad_results_free(res);
    o.budget_ms = -1;
    CHECK_EQ(marsad_search(r, "حلب", strlen("حلب"), &o, &res, NULL), MARSAD_EINVAL);
    /* a caller built against version 2 has no budget_ms: never read */
    o.budget_ms = 1e-9;
    o.version = 2;
    CHECK_EQ(marsad_search(r, "حلب", strlen("حلب"), &o, &res, NULL), MARSAD_OK);
    marsad_results_free(res);
    o.version = 4;
    CHECK_EQ(marsad_search(r, "حلب", strlen("حلب"), &o, &res, NULL), MARSAD_EINVAL);
    CHECK(marsad_strerror(MARSAD_ETIMEOUT)[0] != 0);
    marsad_archive_close(r);
}

void suite_serving(void);
void suite_serving(void)
{
    if (test_tmpdir("serving", dir, sizeof dir)) return;
    refresh();
    entities();
    budget();
    test_rmtree(dir);
}
