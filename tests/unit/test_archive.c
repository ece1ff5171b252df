/* test_archive.c — the public API's contracts (marsad.h), in temporary directories:
 * marsad_process (input order whatever the jobs, a callback that stops it, the report's
 * counts by kind of rejection, a missing input); archives (a writer that creates nothing
 * until an article is stored, one writer at a time, no writes through a reader, unknown
 * ids, the ingest report counting committed articles only); marsad_ingest_document (text
 * and HTML, stored then known, a bad document that leaves the batch alone); search
 * refusals and options, sorting and paging, marked snippets; queries parsed and
 * explained; status names; marsad_extract with and without a date. */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <unistd.h>

#include "marsad.h"
#include "test.h"

static void check_at(int ok, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void check_at(int ok, int line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    test_check(ok, __FILE__, line, msg);
}

/* ---- Fixtures: short reports of our own ----------------------------------------------------- */

#define BODY1                                                                                                                                                            \
    "قال المتحدث باسم وزارة الصحة أحمد السالم إن نحو 300 مصاب وصلوا إلى مستشفيات الرقة أمس "          \
    "الخميس بعد اشتباكات عنيفة شهدتها الأحياء الشمالية من المدينة طوال الليل، وأضاف أن الفرق " \
    "الطبية تعمل بلا توقف منذ الصباح."
/* BODY1 retold by another outlet: two words changed */
#define BODY1_NEAR                                                                                                                                                       \
    "قال المتحدث باسم وزارة الصحة أحمد السالم إن نحو 300 مصاب وصلوا إلى مستشفيات المدينة أمس "      \
    "الخميس بعد اشتباكات عنيفة شهدتها الأحياء الشمالية من المدينة طوال الليل، وأضاف أن الفرق " \
    "الطبية تعمل دون توقف منذ الصباح."
#define BODY2                                                                                                                                                          \
    "أعلنت بلدية طرابلس أن أكثر من 40 عاملا أنهوا صيانة شبكة المياه في الأحياء الشرقية بعد "       \
    "أسبوعين من الانقطاع المتكرر، وقال رئيس البلدية إن الأعمال ستستمر حتى نهاية الشهر لتشمل " \
    "الأحياء الغربية أيضا."
#define BODY3                                                                                                                                                             \
    "انطلقت في الرباط أعمال القمة الإقليمية حول الهجرة والمياه بمشاركة وزراء خارجية عشر دول، "  \
    "وقال وزير الخارجية المغربي إن القمة ستبحث خطة مشتركة لتمويل مشاريع تحلية المياه في المدن " \
    "الساحلية خلال السنوات الخمس المقبلة."

/* A JSONL line of one article. */
#define LINE(id, source, date, title, body)                                                        \
    "{\"id\":\"" id "\",\"source\":\"" source "\",\"date\":\"" date "\",\"title\":\"" title        \
    "\",\"text\":\"" body "\"}\n"

/* Two articles, a broken line, a line of invalid UTF-8, one with nothing but its
 * headline (cleaning leaves nothing), in that order. */
static const char mixed[] =
    LINE("g1", "nahar.example", "2016-12-01", "مئات المصابين في مستشفيات الرقة",
         BODY1) "{\"id\":\"broken\",\"text\":\n"
                "{\"id\":\"bad-utf8\",\"text\":\"\xff\xfe\"}\n"
                "{\"id\":\"e1\",\"title\":\"عنوان وحده\",\"text\":\"عنوان وحده\"}\n" LINE(
                    "g2", "bilad.example", "2016-12-03", "صيانة شبكة المياه", BODY2);

/* g1 from another outlet (an exact duplicate), retold (a near one), and a new article. */
static const char dups[] =
    LINE("d1", "bilad.example", "2016-12-02", "مئات المصابين في مستشفيات الرقة", BODY1)
        LINE("n1", "sada.example", "2016-12-02", "مستشفيات الرقة تستقبل المصابين", BODY1_NEAR)
            LINE("s1", "sada.example", "2016-11-28", "قمة الرباط", BODY3);

static char dir[64];

/* path of name in the test's directory, in a static buffer among four: copy what must
 * outlast three more calls. */
static const char *at(const char *name)
{
    static char bufs[4][256];
    static int k;
    char *b = bufs[k++ % 4];
    snprintf(b, sizeof bufs[0], "%s/%s", dir, name);
    return b;
}

static int exists(const char *path)
{
    return access(path, F_OK) == 0;
}

static void write_at(const char *name, const char *text)
{
    CHECK_EQ(test_write_file(at(name), text, strlen(text)), 0);
}

/* ---- marsad_process ----------------------------------------------------------------------- */

struct seq {
    char ids[64][40];
    char origins[64][128];
    size_t n;
    size_t stop_at; /* return nonzero at this call (1-based), 0: never */
};

static int collect(void *ctx, const marsad_article *a)
{
    struct seq *s = ctx;
    const char *id = marsad_article_field(a, MARSAD_FIELD_ID),
               *origin = marsad_article_field(a, MARSAD_FIELD_ORIGIN);
    if (s->n < 64) {
        snprintf(s->ids[s->n], sizeof s->ids[0], "%s", id ? id : "");
        snprintf(s->origins[s->n], sizeof s->origins[0], "%s", origin ? origin : "");
    }
    s->n++;
    return s->stop_at && s->n >= s->stop_at;
}

struct notices {
    int n, rc[16];
    char msg[16][512];
};

static void on_notice(void *ctx, int rc, const char *message)
{
    struct notices *ns = ctx;
    if (ns->n < 16) {
        ns->rc[ns->n] = rc;
        snprintf(ns->msg[ns->n], sizeof ns->msg[0], "%s", message);
    }
    ns->n++;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The articles of data/examples come in input order (the directory in name order), the
 * same with one job as with three. */
static void process_order(void)
{
    char *path[] = {"data/examples"}, *names[64];
    marsad_input in = {path, 1, NULL, 0, NULL};
    marsad_options o;
    marsad_report rep;
    static struct seq one, three;
    size_t n = 0;
    DIR *d = opendir("data/examples");
    struct dirent *e;
    if (!d) {
        test_skip("archive: input order", "data/examples is not there");
        return;
    }
    while ((e = readdir(d)) && n < 64)
        if (e->d_name[0] != '.') names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    marsad_options_init(&o);
    o.jobs = 1;
    CHECK_EQ(marsad_process(&in, &o, collect, &one, &rep), MARSAD_OK);
    CHECK_EQ(one.n, rep.read);
    o.jobs = 3;
    CHECK_EQ(marsad_process(&in, &o, collect, &three, &rep), MARSAD_OK);
    CHECK_EQ(three.n, one.n);
    CHECK(one.n >= 24);
    for (size_t i = 0; i < one.n && i < three.n && i < 64; i++)
        check_at(!strcmp(one.ids[i], three.ids[i]), __LINE__,
                 "article %zu: %s with one job, %s "
                 "with three",
                 i, one.ids[i], three.ids[i]);
    /* in the directory's name order; a JSONL file's lines ("file:line") in line order */
    for (size_t i = 0, k = 0, last_line = 0; i < one.n && i < 64; i++) {
        char want[128];
        size_t len = 0;
        unsigned long line = 0;
        while (k < n) {
            snprintf(want, sizeof want, "data/examples/%s", names[k]);
            len = strlen(want);
            if (!strncmp(one.origins[i], want, len) &&
                (!one.origins[i][len] || one.origins[i][len] == ':'))
                break;
            k++;
            last_line = 0;
        }
        if (k < n && one.origins[i][len] == ':') line = strtoul(one.origins[i] + len + 1, NULL, 10);
        check_at(k < n && (line == 0 || line > last_line), __LINE__,
                 "article %zu (%s) out of the directory's order", i, one.origins[i]);
        last_line = line;
    }
    for (size_t k = 0; k < n; k++) free(names[k]);
}

static void process_report(void)
{
    char *path[2];
    marsad_input in = {path, 2, NULL, 0, NULL};
    marsad_options o;
    marsad_report rep;
    struct seq s;
    struct notices ns;
    memset(&ns, 0, sizeof ns);
    write_at("mixed.jsonl", mixed);
    write_at("empty.txt", "");
    path[0] = (char *)at("mixed.jsonl");
    path[1] = (char *)at("empty.txt");
    marsad_options_init(&o);
    o.notice = on_notice;
    o.ctx = &ns;
    memset(&s, 0, sizeof s);
    CHECK_EQ(marsad_process(&in, &o, collect, &s, &rep), MARSAD_OK);
    CHECK_EQ(rep.version, MARSAD_REPORT_VERSION);
    CHECK_EQ(rep.documents, 6);
    CHECK_EQ(rep.read, 3); /* g1, e1, g2 */
    CHECK_EQ(s.n, 3);
    CHECK(s.n == 3 && !strcmp(s.ids[0], "g1") && !strcmp(s.ids[1], "e1") &&
          !strcmp(s.ids[2], "g2"));
    CHECK_EQ(rep.empty, 1);
    CHECK_EQ(rep.rejected, 3);
    CHECK_EQ(rep.rejected_by[MARSAD_REJECT_MALFORMED], 1);
    CHECK_EQ(rep.rejected_by[MARSAD_REJECT_UTF8], 1);
    CHECK_EQ(rep.rejected_by[MARSAD_REJECT_EMPTY], 1);
    CHECK_EQ(rep.rejected_by[MARSAD_REJECT_TOOBIG] + rep.rejected_by[MARSAD_REJECT_IO] +
                 rep.rejected_by[MARSAD_REJECT_OTHER],
             0);
    CHECK(rep.removed_lines >= 1); /* e1's headline */
    CHECK(rep.bytes_in > rep.bytes_out && rep.bytes_out > 0);
    CHECK_EQ(rep.stored + rep.exact + rep.near + rep.known, 0); /* no archive here */
    /* each rejection named, with its file and line, in input order */
    CHECK_EQ(ns.n, 3);
    CHECK(ns.rc[0] == MARSAD_EFORMAT && strstr(ns.msg[0], "mixed.jsonl:2"));
    CHECK(ns.rc[1] == MARSAD_EUTF8 && strstr(ns.msg[1], "mixed.jsonl:3"));
    CHECK(ns.rc[2] == MARSAD_EEMPTY && strstr(ns.msg[2], "empty.txt"));
    CHECK_STR(marsad_reject_name(MARSAD_REJECT_UTF8), "invalid UTF-8");
    CHECK(marsad_reject_name(MARSAD_REJECT_KINDS) == NULL);
    CHECK_STR(marsad_stage_name(MARSAD_STAGE_COMMIT), "commit");
    CHECK(marsad_stage_name(MARSAD_STAGES) == NULL);
    /* a callback that asks to stop, stops it */
    memset(&s, 0, sizeof s);
    s.stop_at = 2;
    CHECK_EQ(marsad_process(&in, &o, collect, &s, &rep), MARSAD_ESTOP);
    CHECK_EQ(s.n, 2);
    /* a path that is not there: nothing read, the notice names it */
    memset(&ns, 0, sizeof ns);
    memset(&s, 0, sizeof s);
    path[1] = (char *)at("no-such-file.txt");
    CHECK_EQ(marsad_process(&in, &o, collect, &s, &rep), MARSAD_EIO);
    CHECK_EQ(s.n, 0);
    CHECK(ns.n == 1 && strstr(ns.msg[0], "no-such-file.txt"));
    /* bad options */
    o.version = 0;
    CHECK_EQ(marsad_process(&in, &o, collect, &s, &rep), MARSAD_EINVAL);
    marsad_options_init(&o);
    CHECK_EQ(marsad_process(&in, &o, NULL, &s, &rep), MARSAD_EINVAL);
}

/* ---- Archives ---------------------------------------------------------------------------------
 */

static int ingest_jobs(marsad_archive *a, const char *name, size_t jobs, marsad_report *rep)
{
    char *path[] = {(char *)at(name)};
    marsad_input in = {path, 1, NULL, 0, NULL};
    marsad_options o;
    marsad_options_init(&o);
    o.jobs = jobs;
    return marsad_ingest(a, &in, &o, rep);
}

static int ingest_file(marsad_archive *a, const char *name, marsad_report *rep)
{
    return ingest_jobs(a, name, 1, rep);
}

/* A writer where no archive is makes none until an article is stored. */
static void deferred(void)
{
    marsad_archive *a = NULL;
    marsad_article *art = NULL;
    marsad_report rep;
    marsad_stats st;
    int found = 1, outcome = -1;
    marsad_document d;
    write_at("rejects.jsonl", "{\"id\":\"broken\",\n"
                              "{\"id\":\"e1\",\"title\":\"عنوان وحده\",\"text\":\"عنوان وحده\"}\n");
    /* what writers killed while making lazy.db left; not another archive's */
    write_at("lazy.db.new-99999", "half a catalog");
    write_at("lazy.db.new-99999-wal", "its log");
    write_at("lazy.db2.new-7", "another archive's");
    CHECK_EQ(marsad_archive_open(at("lazy.db"), MARSAD_WRITE, NULL, &a), MARSAD_OK);
    CHECK(!exists(at("lazy.db")) && !exists(at("lazy.db.idx")));
    CHECK_EQ(ingest_file(a, "rejects.jsonl", &rep), MARSAD_OK);
    CHECK(rep.rejected == 1 && rep.empty == 1 && rep.stored == 0);
    CHECK_EQ(ingest_file(a, "empty.txt", &rep), MARSAD_OK);
    CHECK_EQ(marsad_archive_flush(a), MARSAD_OK);
    CHECK_EQ(marsad_archive_get(a, "g1", &art), MARSAD_ENOTFOUND);
    CHECK_EQ(marsad_archive_delete(a, "g1", &found), MARSAD_OK);
    CHECK_EQ(found, 0);
    marsad_stats_init(&st);
    CHECK_EQ(marsad_archive_stats(a, &st), MARSAD_OK);
    CHECK_EQ(st.articles, 0);
    CHECK(!exists(at("lazy.db")) && !exists(at("lazy.db.idx")));
    /* the first article stored makes it */
    marsad_document_init(&d);
    d.id = "lazy-1";
    d.title = "صيانة شبكة المياه";
    d.text = BODY2;
    d.text_len = strlen(BODY2);
    CHECK_EQ(marsad_ingest_document(a, &d, NULL, &outcome), MARSAD_OK);
    CHECK_EQ(outcome, MARSAD_STORED);
    CHECK(exists(at("lazy.db")) && exists(at("lazy.db.idx")));
    CHECK(!exists(at("lazy.db.new-99999")) && !exists(at("lazy.db.new-99999-wal")));
    CHECK(exists(at("lazy.db2.new-7")));
    CHECK_EQ(marsad_archive_close(a), MARSAD_OK);
    CHECK_EQ(marsad_archive_open(at("lazy.db"), MARSAD_READ, NULL, &a), MARSAD_OK);
    CHECK_EQ(marsad_archive_get(a, "lazy-1", &art), MARSAD_OK);
    marsad_article_free(art);
    marsad_archive_close(a);
    /* a reader where no archive is: an error naming the file */
    CHECK_EQ(marsad_archive_open(at("none.db"), MARSAD_READ, NULL, &a), MARSAD_EIO);
    CHECK(strstr(marsad_archive_errmsg(a), "none.db") != NULL);
    marsad_archive_close(a);
    CHECK(!exists(at("none.db")));
    /* a writer whose folder is missing is refused before any input is read */
    CHECK_EQ(marsad_archive_open(at("no-folder/n.db"), MARSAD_WRITE, NULL, &a), MARSAD_EIO);
    CHECK(strstr(marsad_archive_errmsg(a), "cannot make an archive there") != NULL);
    marsad_archive_close(a);
}

/* The ingest report: stored, exact, near and known, and only what was committed. */
static void ingest_report(void)
{
    marsad_archive *a = NULL;
    marsad_report rep;
    marsad_stats st;
    write_at("dups.jsonl", dups);
    CHECK_EQ(marsad_archive_open(at("m.db"), MARSAD_WRITE, NULL, &a), MARSAD_OK);
    CHECK_EQ(ingest_file(a, "mixed.jsonl", &rep), MARSAD_OK);
    CHECK_EQ(rep.documents, 5);
    CHECK_EQ(rep.read, 3);
    CHECK_EQ(rep.rejected, 2);
    CHECK_EQ(rep.empty, 1);
    CHECK(rep.stored == 2 && rep.exact == 0 && rep.near == 0 && rep.known == 0);
    /* again, on one thread and on two: known by their ids before they are cleaned (no
     * body kept); the title-only one is read and emptied again (its one line removed) */
    for (size_t jobs = 1; jobs <= 2; jobs++) {
        CHECK_EQ(ingest_jobs(a, "mixed.jsonl", jobs, &rep), MARSAD_OK);
        CHECK(rep.stored == 0 && rep.known == 2 && rep.read == 3 && rep.empty == 1);
        check_at(rep.bytes_out == 0 && rep.removed_lines == 1, __LINE__,
                 "bytes kept %llu, lines removed %llu", (unsigned long long)rep.bytes_out,
                 (unsigned long long)rep.removed_lines);
    }
    CHECK_EQ(ingest_file(a, "dups.jsonl", &rep), MARSAD_OK);
    CHECK(rep.stored == 3 && rep.exact == 1 && rep.near == 1 && rep.known == 0);
    marsad_stats_init(&st);
    CHECK_EQ(marsad_archive_stats(a, &st), MARSAD_OK);
    CHECK(st.articles == 5 && st.exact_duplicates == 1 && st.near_duplicates == 1 &&
          st.duplicate_groups == 1);
    CHECK(st.sources == 3 && !strcmp(st.first_date, "2016-11-28") &&
          !strcmp(st.last_date, "2016-12-03"));
    CHECK_EQ(st.index_documents, 5);
    CHECK_EQ(marsad_archive_close(a), MARSAD_OK);
}

struct sabotage {
    const char *idx, *moved;
    int done;
};

/* At the rejected line after the third article, the index directory goes away: the last
 * batch cannot be committed. */
static void remove_index(void *ctx, int rc, const char *message)
{
    struct sabotage *s = ctx;
    (void)rc, (void)message;
    if (!s->done++) CHECK_EQ(rename(s->idx, s->moved), 0);
}

static void uncommitted(void)
{
    static const char three[] = LINE("c1", "nahar.example", "2016-12-01", "الرقة", BODY1)
        LINE("c2", "nahar.example", "2016-12-02", "المياه", BODY2)
            LINE("c3", "nahar.example", "2016-12-03", "الرباط", BODY3) "{broken\n";
    char input[256], *path[] = {input};
    marsad_input in = {path, 1, NULL, 0, NULL};
    marsad_archive_options ao;
    marsad_archive *a = NULL;
    marsad_options o;
    marsad_report rep;
    marsad_stats st;
    struct sabotage s = {NULL, NULL, 0};
    char idx[256], moved[256];
    snprintf(input, sizeof input, "%s", at("three.jsonl"));
    snprintf(idx, sizeof idx, "%s", at("c.db.idx"));
    snprintf(moved, sizeof moved, "%s", at("c.db.moved"));
    s.idx = idx;
    s.moved = moved;
    write_at("three.jsonl", three);
    marsad_archive_options_init(&ao);
    ao.batch = 2;
    marsad_options_init(&o);
    o.jobs = 1;
    o.notice = remove_index;
    o.ctx = &s;
    CHECK_EQ(marsad_archive_open(at("c.db"), MARSAD_WRITE, &ao, &a), MARSAD_OK);
    CHECK(marsad_ingest(a, &in, &o, &rep) != MARSAD_OK);
    CHECK(strlen(marsad_archive_errmsg(a)) > 0);
    CHECK_EQ(s.done, 1);
    CHECK_EQ(rep.stored, 2); /* c1 and c2; c3's batch was not committed */
    CHECK_EQ(rep.rejected, 1);
    CHECK_EQ(marsad_ingest(a, &in, &o, &rep), MARSAD_EABORTED);
    marsad_archive_close(a);
    CHECK_EQ(rename(moved, idx), 0);
    CHECK_EQ(marsad_archive_open(at("c.db"), MARSAD_READ, NULL, &a), MARSAD_OK);
    marsad_stats_init(&st);
    CHECK_EQ(marsad_archive_stats(a, &st), MARSAD_OK);
    CHECK(st.articles == 2 && st.index_documents == 2);
    marsad_archive_close(a);
}

/* One writer at a time, in this process or another; none through a reader. */
static void writers(void)
{
    marsad_archive *w = NULL, *w2 = NULL, *r = NULL;
    marsad_article *art = (marsad_article *)1;
    marsad_document d;
    marsad_report rep;
    int found = 1, outcome;
    pid_t pid;
    CHECK_EQ(marsad_archive_open(at("m.db"), MARSAD_WRITE, NULL, &w), MARSAD_OK);
    CHECK_EQ(marsad_archive_open(at("m.db"), MARSAD_WRITE, NULL, &w2), MARSAD_EBUSY);
    CHECK(strstr(marsad_archive_errmsg(w2), "m.db.idx") != NULL);
    marsad_archive_close(w2); /* … which does not free the first one's lock */
    CHECK_EQ(marsad_archive_open(at("m.db"), MARSAD_WRITE, NULL, &w2), MARSAD_EBUSY);
    marsad_archive_close(w2);
    fflush(NULL);
    if ((pid = fork()) == 0) {
        marsad_archive *c = NULL;
        int rc = marsad_archive_open(at("m.db"), MARSAD_WRITE, NULL, &c);
        _exit(rc == MARSAD_EBUSY ? 0 : 1);
    }
    {
        int status = -1;
        CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0); /* another process: EBUSY */
    }
    /* readers alongside the writer */
    CHECK_EQ(marsad_archive_open(at("m.db"), MARSAD_READ, NULL, &r), MARSAD_OK);
    CHECK_EQ(marsad_archive_get(r, "no-such-id", &art), MARSAD_ENOTFOUND);
    CHECK(art == NULL);
    CHECK_EQ(marsad_archive_get(w, "no-such-id", &art), MARSAD_ENOTFOUND);
    CHECK_EQ(marsad_ingest(r, NULL, NULL, &rep), MARSAD_EREADONLY);
    marsad_document_init(&d);
    d.id = "ro";
    d.text = BODY3;
    d.text_len = strlen(BODY3);
    CHECK_EQ(marsad_ingest_document(r, &d, NULL, &outcome), MARSAD_EREADONLY);
    CHECK_EQ(marsad_archive_delete(r, "g1", &found), MARSAD_EREADONLY);
    CHECK_EQ(marsad_archive_get(r, "g1", &art), MARSAD_OK);
    marsad_article_free(art);
    CHECK_EQ(marsad_archive_close(r), MARSAD_OK);
    CHECK_EQ(marsad_archive_close(w), MARSAD_OK);
    CHECK_EQ(marsad_archive_open(at("m.db"), MARSAD_WRITE, NULL, &w), MARSAD_OK); /* free again */
    marsad_archive_close(w);
}

/* The ids of the hits of q over every duplicate, joined by spaces. */
static void hits_of(marsad_archive *a, const char *q, char *out, size_t cap)
{
    marsad_results *r;
    marsad_search_options o;
    size_t n = 0;
    marsad_search_options_init(&o);
    o.all = 1;
    o.snippet_chars = 0;
    out[0] = 0;
    if (marsad_search(a, q, strlen(q), &o, &r, NULL)) {
        snprintf(out, cap, "error");
        return;
    }
    for (size_t k = 0; k < marsad_results_count(r) && n < cap; k++)
        n += (size_t)snprintf(out + n, cap - n, "%s%s", k ? " " : "", marsad_results_hit(r, k)->id);
    marsad_results_free(r);
}

/* Ingests and deletes walked against a model of what is live, a seeded random walk
 * that deletes the newest article often (an id SQLite would hand out again): after each
 * step the archive counts what the model holds, and each article's own word finds it
 * alone while it lives, and nothing once it is deleted. */
static void delete_walk(void)
{
    enum { STEPS = 80, MAXDOCS = 64 };
    marsad_archive *a = NULL;
    marsad_archive_options opt;
    int live[MAXDOCS] = {0}, made = 0, n_live = 0, newest = -1;
    uint32_t seed = 12345;
    marsad_archive_options_init(&opt);
    opt.batch = 4; /* several segments, and merges among them */
    CHECK_EQ(marsad_archive_open(at("walk.db"), MARSAD_WRITE, &opt, &a), MARSAD_OK);
    for (int step = 0; step < STEPS && a; step++) {
        int op;
        seed = seed * 1103515245u + 12345u;
        op = (int)(seed >> 16) % 10;
        if ((op < 6 || !n_live) && made < MAXDOCS) { /* a new article with its own word */
            char id[16], body[512];
            marsad_document d;
            int outcome = -1;
            snprintf(id, sizeof id, "w%d", made);
            snprintf(body, sizeof body,
                     "قال مراسلنا إن الخبر رقم zq%c%c يروي ما جرى في الحي %s يوم السوق، "
                     "وأضاف أن السكان تجمعوا في الساحة الكبيرة حتى المساء.",
                     'a' + made / 26, 'a' + made % 26, made % 2 ? "الشرقي" : "الغربي");
            marsad_document_init(&d);
            d.id = id;
            d.text = body;
            d.text_len = strlen(body);
            CHECK_EQ(marsad_ingest_document(a, &d, NULL, &outcome), MARSAD_OK);
            live[made] = 1, n_live++, newest = made++;
        } else if (n_live) { /* delete the newest live one, or any */
            int k = op < 8 && newest >= 0 && live[newest] ? newest : (int)(seed >> 8) % made;
            char id[16];
            int found = 0;
            while (!live[k]) k = (k + 1) % made;
            snprintf(id, sizeof id, "w%d", k);
            CHECK_EQ(marsad_archive_delete(a, id, &found), MARSAD_OK);
            CHECK_EQ(found, 1);
            live[k] = 0, n_live--;
        }
        CHECK_EQ(marsad_archive_flush(a), MARSAD_OK);
        {
            marsad_stats st;
            marsad_stats_init(&st);
            CHECK_EQ(marsad_archive_stats(a, &st), MARSAD_OK);
            check_at(st.articles == (uint64_t)n_live && st.index_documents == (uint64_t)n_live,
                     __LINE__, "step %d: %llu articles, %llu index documents, %d live", step,
                     (unsigned long long)st.articles, (unsigned long long)st.index_documents,
                     n_live);
        }
        for (int k = 0; k < made; k++) {
            char q[16], want[16], got[256];
            snprintf(q, sizeof q, "zq%c%c", 'a' + k / 26, 'a' + k % 26);
            snprintf(want, sizeof want, live[k] ? "w%d" : "", k);
            hits_of(a, q, got, sizeof got);
            check_at(!strcmp(got, want), __LINE__, "step %d: %s found [%s], want [%s]", step, q,
                     got, want);
        }
    }
    CHECK(made > 30 && made < MAXDOCS);
    marsad_archive_close(a);
}

/* A writer that closes while a reader stays open leaves the WAL empty: the reader's
 * connection kept SQLite from removing it, and it stayed the size of the writer's
 * batches (112 MB seen during an ingest with searches). */
static void wal_left(void)
{
    marsad_archive *w = NULL, *r = NULL;
    marsad_report rep;
    struct stat st;
    char wal[300];
    snprintf(wal, sizeof wal, "%s-wal", at("wal.db"));
    CHECK_EQ(marsad_archive_open(at("wal.db"), MARSAD_WRITE, NULL, &w), MARSAD_OK);
    CHECK_EQ(ingest_file(w, "mixed.jsonl", &rep), MARSAD_OK);
    CHECK_EQ(marsad_archive_open(at("wal.db"), MARSAD_READ, NULL, &r), MARSAD_OK);
    CHECK_EQ(ingest_file(w, "dups.jsonl", &rep), MARSAD_OK);
    CHECK_EQ(rep.stored, 3);
    CHECK_EQ(marsad_archive_close(w), MARSAD_OK);
    if (stat(wal, &st)) st.st_size = 0;
    check_at(st.st_size == 0, __LINE__, "%s: %lld bytes", wal, (long long)st.st_size);
    marsad_archive_close(r);
}

static int outcome_of(marsad_archive *a, const char *id, const char *text, const char *html,
                      int *rc)
{
    marsad_document d;
    int outcome = -1;
    marsad_document_init(&d);
    d.id = id;
    d.source = "wire.example";
    d.date = "2016-12-05";
    d.text = text;
    d.text_len = text ? strlen(text) : 0;
    d.html = html;
    d.html_len = html ? strlen(html) : 0;
    *rc = marsad_ingest_document(a, &d, NULL, &outcome);
    return outcome;
}

static void documents(void)
{
    static const char page[] =
        "<html><head><title>قمة الرباط تبحث الهجرة والمياه</title></head><body>"
        "<nav><a href=\"/\">الرئيسية</a></nav><article><h1>قمة الرباط تبحث الهجرة "
        "والمياه</h1><p>" BODY3 "</p></article><footer>جميع الحقوق محفوظة</footer></body></html>";
    /* <h1>مستشفى جديد في الزرقاء</h1><p>أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد في
     * مدينة الزرقاء …</p><p>وقال مدير المستشفى …</p>, in windows-1256 */
    static const char cp1256_page[] =
        "<html><head><meta charset=\"windows-1256\"></head><body><h1>"
        "\xe3\xd3\xca\xd4\xdd\xec \xcc\xcf\xed\xcf \xdd\xed \xc7\xe1\xd2\xd1\xde\xc7\xc1</h1><p>"
        "\xc3\xda\xe1\xe4\xca \xe6\xd2\xc7\xd1\xc9 \xc7\xe1\xd5\xcd\xc9 \xc7\xe1\xed\xe6\xe3 "
        "\xc7\xdd\xca\xca\xc7\xcd \xe3\xd3\xca\xd4\xdd\xec \xcc\xcf\xed\xcf \xdd\xed "
        "\xe3\xcf\xed\xe4\xc9 \xc7\xe1\xd2\xd1\xde\xc7\xc1 \xed\xd6\xe3 \xe3\xc6\xca\xed "
        "\xd3\xd1\xed\xd1 \xe6\xde\xd3\xe3\xc7 \xe1\xe1\xd8\xe6\xc7\xd1\xc6.</p><p>"
        "\xe6\xde\xc7\xe1 \xe3\xcf\xed\xd1 \xc7\xe1\xe3\xd3\xca\xd4\xdd\xec \xc5\xe4 "
        "\xc7\xe1\xda\xe3\xe1 \xd3\xed\xc8\xcf\xc3 \xc7\xe1\xc3\xd3\xc8\xe6\xda "
        "\xc7\xe1\xe3\xde\xc8\xe1 \xc8\xd8\xc7\xde\xe3 \xe3\xe4 \xcb\xe1\xc7\xcb\xe3\xc6\xc9 "
        "\xe3\xe6\xd9\xdd.</p></body></html>";
    marsad_archive *a = NULL;
    marsad_article *art = NULL;
    marsad_document d;
    marsad_options o;
    int rc, outcome;
    CHECK_EQ(marsad_archive_open(at("doc.db"), MARSAD_WRITE, NULL, &a), MARSAD_OK);
    CHECK_EQ(outcome_of(a, "t1", "مستشفيات الرقة\n\n" BODY1, NULL, &rc), MARSAD_STORED);
    CHECK_EQ(rc, MARSAD_OK);
    CHECK_EQ(outcome_of(a, "t1", "مستشفيات الرقة\n\n" BODY1, NULL, &rc), MARSAD_KNOWN);
    CHECK_EQ(rc, MARSAD_OK);
    CHECK_EQ(outcome_of(a, "h1", NULL, page, &rc), MARSAD_STORED);
    CHECK_EQ(rc, MARSAD_OK);
    /* a document's own error leaves the batch as it was */
    outcome_of(a, "bad", "عنوان\n\xff\xfe نص", NULL, &rc);
    CHECK_EQ(rc, MARSAD_EUTF8);
    outcome_of(a, "blank", "  \n \n", NULL, &rc);
    CHECK_EQ(rc, MARSAD_EEMPTY);
    /* with repair_utf8 the same document is stored, U+FFFD for the bad bytes */
    marsad_document_init(&d);
    d.id = "repaired";
    d.text = "عنوان\n\xff\xfe وصلت قافلة المساعدات الثالثة إلى البلدة المحاصرة صباح اليوم.\n"
             "وقال منسق القافلة إن الشاحنات تحمل أغذية وأدوية تكفي أسبوعين.";
    d.text_len = strlen(d.text);
    marsad_options_init(&o);
    o.repair_utf8 = 1;
    CHECK_EQ(marsad_ingest_document(a, &d, &o, &outcome), MARSAD_OK);
    CHECK_EQ(outcome, MARSAD_STORED);
    /* a page in windows-1256, as served, says so in its <meta charset> */
    marsad_document_init(&d);
    d.id = "cp1256";
    d.html = cp1256_page;
    d.html_len = strlen(cp1256_page);
    CHECK_EQ(marsad_ingest_document(a, &d, NULL, &outcome), MARSAD_OK);
    CHECK_EQ(outcome, MARSAD_STORED);
    CHECK_EQ(outcome_of(a, "t2", "صيانة شبكة المياه\n\n" BODY2, NULL, &rc), MARSAD_STORED);
    CHECK_EQ(rc, MARSAD_OK);
    CHECK_EQ(outcome_of(a, "t3", "مستشفيات الرقة\n\n" BODY1, NULL, &rc), MARSAD_EXACT);
    CHECK_EQ(outcome_of(a, "t4", "مستشفيات المدينة\n\n" BODY1_NEAR, NULL, &rc), MARSAD_NEAR);
    /* arguments */
    marsad_document_init(&d);
    d.id = "none";
    CHECK_EQ(marsad_ingest_document(a, &d, NULL, &outcome), MARSAD_EINVAL); /* no text */
    d.text = BODY2;
    d.text_len = strlen(BODY2);
    d.version = 0;
    CHECK_EQ(marsad_ingest_document(a, &d, NULL, &outcome), MARSAD_EINVAL);
    CHECK_EQ(marsad_archive_flush(a), MARSAD_OK);
    CHECK_EQ(marsad_archive_close(a), MARSAD_OK);
    CHECK_EQ(marsad_archive_open(at("doc.db"), MARSAD_READ, NULL, &a), MARSAD_OK);
    CHECK_EQ(marsad_archive_get(a, "h1", &art), MARSAD_OK);
    if (art) {
        size_t n;
        const char *body = marsad_article_body(art, &n);
        CHECK(strstr(body, "انطلقت في الرباط") != NULL && !strstr(body, "الحقوق"));
        CHECK_STR(marsad_article_field(art, MARSAD_FIELD_TITLE), "قمة الرباط تبحث الهجرة والمياه");
        CHECK_STR(marsad_article_field(art, MARSAD_FIELD_FORMAT), "jsonl");
        marsad_article_free(art);
    }
    CHECK_EQ(marsad_archive_get(a, "t3", &art), MARSAD_OK);
    if (art) {
        marsad_duplicate dup;
        CHECK_STR(marsad_article_field(art, MARSAD_FIELD_DUPLICATE_OF), "t1");
        CHECK_STR(marsad_article_field(art, MARSAD_FIELD_DUPLICATE_KIND), "exact");
        CHECK_EQ(marsad_article_count(art, MARSAD_DUPLICATES), 2);
        CHECK_EQ(marsad_article_duplicate_at(art, 0, &dup), MARSAD_OK);
        CHECK(dup.kind == NULL && !strcmp(dup.id, "t1"));
        CHECK_EQ(marsad_article_duplicate_at(art, 2, &dup), MARSAD_EINVAL);
        marsad_article_free(art);
    }
    CHECK_EQ(marsad_archive_get(a, "bad", &art), MARSAD_ENOTFOUND);
    CHECK_EQ(marsad_archive_get(a, "repaired", &art), MARSAD_OK);
    if (art) {
        CHECK(strstr(marsad_article_body(art, NULL), "\xef\xbf\xbd") != NULL);
        marsad_article_free(art);
    }
    CHECK_EQ(marsad_archive_get(a, "cp1256", &art), MARSAD_OK);
    if (art) {
        CHECK(strstr(marsad_article_body(art, NULL), "افتتاح مستشفى جديد في مدينة الزرقاء") !=
              NULL);
        marsad_article_free(art);
    }
    CHECK_EQ(marsad_archive_get(a, "t2", &art), MARSAD_OK);
    marsad_article_free(art);
    marsad_archive_close(a);
}

/* ---- Search ------------------------------------------------------------------------------- */

static const char *search_ids(marsad_archive *a, const char *q, const marsad_search_options *o,
                              int *rc)
{
    static char out[512];
    marsad_results *r = NULL;
    size_t n = 0;
    out[0] = 0;
    if ((*rc = marsad_search(a, q, strlen(q), o, &r, NULL))) return "";
    for (size_t k = 0; k < marsad_results_count(r); k++)
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", k ? " " : "",
                              marsad_results_hit(r, k)->id);
    CHECK(marsad_results_hit(r, marsad_results_count(r)) == NULL);
    marsad_results_free(r);
    return out;
}

static size_t cp_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The snippet with [ and ] around each highlight, built here from the code points. */
static void check_marked(const marsad_hit *h)
{
    char *marked = NULL, want[2048];
    size_t o = 0, cp = 0, k = 0;
    CHECK_EQ(marsad_hit_marked(h, "[", "]", &marked), MARSAD_OK);
    if (!marked || !h->snippet) {
        CHECK(marked && !h->snippet && !marked[0]);
        marsad_free(marked);
        return;
    }
    for (const char *p = h->snippet; o < sizeof want - 4; p++) {
        int starts = ((unsigned char)*p & 0xC0) != 0x80;
        if (starts && k < h->n_highlights && cp == h->highlights[k][1]) want[o++] = ']', k++;
        if (starts && k < h->n_highlights && cp == h->highlights[k][0]) want[o++] = '[';
        if (!*p) break;
        want[o++] = *p;
        cp += ((unsigned char)p[1] & 0xC0) != 0x80;
    }
    want[o] = 0;
    CHECK_STR(marked, want);
    CHECK(strchr(marked, '[') != NULL);
    marsad_free(marked);
}

static void search(void)
{
    marsad_archive *a = NULL;
    marsad_search_options o;
    marsad_query_error err;
    marsad_results *r = NULL;
    int rc;
    CHECK_EQ(marsad_archive_open(at("m.db"), MARSAD_READ, NULL, &a), MARSAD_OK);
    marsad_search_options_init(&o);
    CHECK(o.limit == 10 && o.snippet_chars == 200);
    /* refusals: where and why */
    memset(&err, 0, sizeof err);
    CHECK_EQ(marsad_search(a, "الرقة (التحالف", strlen("الرقة (التحالف"), &o, &r, &err),
             MARSAD_EQUERY);
    CHECK(r == NULL);
    CHECK(err.position == 6 && err.byte_position == 11); /* the '(' */
    CHECK(strstr(err.message, "unclosed '('") != NULL);
    CHECK_EQ(marsad_search(a, "في من", strlen("في من"), &o, &r, &err), MARSAD_ESTOPWORDS);
    CHECK_EQ(marsad_search(a, "في -الرقة", strlen("في -الرقة"), &o, &r, &err), MARSAD_EONLYNOT);
    o.limit = 0;
    CHECK_EQ(marsad_search(a, "الرقة", strlen("الرقة"), &o, &r, &err), MARSAD_EINVAL);
    o.limit = 10001;
    CHECK_EQ(marsad_search(a, "الرقة", strlen("الرقة"), &o, &r, &err), MARSAD_EINVAL);
    o.limit = 2;
    o.offset = 9999;
    CHECK_EQ(marsad_search(a, "الرقة", strlen("الرقة"), &o, &r, &err), MARSAD_EINVAL);
    o.offset = 9998; /* limit + offset = 10000: allowed */
    CHECK_EQ(marsad_search(a, "الرقة", strlen("الرقة"), &o, &r, &err), MARSAD_OK);
    CHECK_EQ(marsad_results_count(r), 0);
    marsad_results_free(r);
    marsad_search_options_init(&o);
    o.version = 0;
    CHECK_EQ(marsad_search(a, "الرقة", strlen("الرقة"), &o, &r, &err), MARSAD_EINVAL);
    /* sorting and paging: g1 12-01, d1 and n1 12-02 (every duplicate), g2 12-03, s1 11-28 */
    marsad_search_options_init(&o);
    o.all = 1;
    o.sort = MARSAD_SORT_NEWEST;
    CHECK_STR(search_ids(a, "المتحدث OR البلدية OR القمة", &o, &rc), "g2 d1 n1 g1 s1");
    o.sort = MARSAD_SORT_OLDEST;
    CHECK_STR(search_ids(a, "المتحدث OR البلدية OR القمة", &o, &rc), "s1 g1 d1 n1 g2");
    o.offset = 2;
    o.limit = 2;
    CHECK_STR(search_ids(a, "المتحدث OR البلدية OR القمة", &o, &rc), "d1 n1");
    o.all = 0; /* one per group: g1 stands for d1 and n1 */
    o.offset = 0;
    o.limit = 10;
    CHECK_STR(search_ids(a, "المتحدث OR البلدية OR القمة", &o, &rc), "s1 g1 g2");
    CHECK_EQ(rc, MARSAD_OK);
    /* marked snippets */
    marsad_search_options_init(&o);
    CHECK_EQ(marsad_search(a, "مستشفيات", strlen("مستشفيات"), &o, &r, &err), MARSAD_OK);
    CHECK_EQ(marsad_results_count(r), 1);
    if (marsad_results_count(r)) {
        const marsad_hit *h = marsad_results_hit(r, 0);
        CHECK_STR(h->id, "n1"); /* its group's best: the word is in its title too */
        CHECK_EQ(h->duplicates, 2);
        CHECK(h->snippet && h->n_highlights >= 1 && h->highlights[0][1] <= cp_len(h->snippet));
        check_marked(h);
    }
    {
        char *marked = NULL;
        CHECK_EQ(marsad_hit_marked(NULL, "[", "]", &marked), MARSAD_EINVAL);
    }
    marsad_results_free(r);
    marsad_archive_close(a);
}

/* ---- Queries, status names, extraction ---------------------------------------------------- */

static void queries(void)
{
    static const struct {
        const char *q;
        int any;
        const char *explain;
    } cases[] = {
        {"التحالف -الرقة", 0, "(and (word \"التحالف\") (not (word \"الرقة\")))"},
        {"التحالف -الرقة", 1, "(or (word \"التحالف\") (not (word \"الرقة\")))"},
        {"title:غارة source:a.example from:2016-12", 0,
         "(title (word \"غارة\")) (source \"a.example\") (from \"2016-12-01\")"},
    };
    marsad_query *q = NULL;
    marsad_query_error err;
    char *text = NULL;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CHECK_EQ(marsad_query_parse(cases[i].q, strlen(cases[i].q), cases[i].any, &q, &err),
                 MARSAD_OK);
        CHECK_EQ(marsad_query_explain(q, &text), MARSAD_OK);
        CHECK_STR(text, cases[i].explain);
        marsad_free(text);
        marsad_query_free(q);
    }
    CHECK_EQ(marsad_query_parse("\"التحالف", strlen("\"التحالف"), 0, &q, &err), MARSAD_EQUERY);
    CHECK(q == NULL && err.position == 0 && strstr(err.message, "unclosed quote"));
    CHECK_EQ(marsad_query_parse("الرقة)", strlen("الرقة)"), 0, &q, &err), MARSAD_EQUERY);
    CHECK(err.position == 5 && err.byte_position == 10);
    CHECK_EQ(marsad_query_parse("الرقة)", strlen("الرقة)"), 0, &q, NULL), MARSAD_EQUERY);
    CHECK_EQ(marsad_query_explain(NULL, &text), MARSAD_EINVAL);
    marsad_query_free(NULL);
}

static void status_names(void)
{
    static const struct {
        int rc;
        const char *name;
    } codes[] = {
        {MARSAD_OK, "OK"},
        {MARSAD_ENOMEM, "ENOMEM"},
        {MARSAD_EINVAL, "EINVAL"},
        {MARSAD_EUTF8, "EUTF8"},
        {MARSAD_ERANGE, "ERANGE"},
        {MARSAD_ESTEMMER, "ESTEMMER"},
        {MARSAD_EIO, "EIO"},
        {MARSAD_ETOOBIG, "ETOOBIG"},
        {MARSAD_ESTOP, "ESTOP"},
        {MARSAD_EFORMAT, "EFORMAT"},
        {MARSAD_END, "END"},
        {MARSAD_EEMPTY, "EEMPTY"},
        {MARSAD_EBUSY, "EBUSY"},
        {MARSAD_ESTOPWORDS, "ESTOPWORDS"},
        {MARSAD_EONLYNOT, "EONLYNOT"},
        {MARSAD_EABORTED, "EABORTED"},
        {MARSAD_EREADONLY, "EREADONLY"},
        {MARSAD_ENOTFOUND, "ENOTFOUND"},
        {MARSAD_EQUERY, "EQUERY"},
        {MARSAD_ECORRUPT, "ECORRUPT"},
        {MARSAD_ETIMEOUT, "ETIMEOUT"},
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        CHECK_STR(marsad_status_name(codes[i].rc), codes[i].name);
        check_at(marsad_strerror(codes[i].rc)[0] != 0, __LINE__, "marsad_strerror(%d)",
                 codes[i].rc);
        for (size_t j = 0; j < i; j++)
            check_at(strcmp(marsad_strerror(codes[i].rc), marsad_strerror(codes[j].rc)) != 0,
                     __LINE__, "%s and %s share a message", codes[i].name, codes[j].name);
    }
    CHECK_STR(marsad_status_name(21), "EUNKNOWN");
    CHECK_STR(marsad_status_name(-1), "EUNKNOWN");
    CHECK(marsad_strerror(999) != NULL);
    CHECK_STR(marsad_version(), MARSAD_VERSION);
}

static void extract(void)
{
    static const char text[] = "قال المتحدث باسم الهلال الأحمر سامر الخطيب إن نحو 300 شخص وصلوا "
                               "أمس الخميس إلى المدينة";
    marsad_lexicon *lx = NULL;
    marsad_article *a = NULL;
    marsad_quote q;
    marsad_number n;
    marsad_date d;
    CHECK_EQ(marsad_lexicon_new(&lx), MARSAD_OK);
    /* with the day of writing: أمس الخميس is the day before */
    CHECK_EQ(marsad_extract(lx, text, strlen(text), "2016-12-02", &a), MARSAD_OK);
    if (a) {
        CHECK_STR(marsad_article_field(a, MARSAD_FIELD_DATE), "2016-12-02");
        CHECK_STR(marsad_article_field(a, MARSAD_FIELD_DATE_SOURCE), "given");
        CHECK_EQ(marsad_article_count(a, MARSAD_DATES), 1);
        CHECK_EQ(marsad_article_date_at(a, 0, &d), MARSAD_OK);
        CHECK(!strcmp(d.text, "أمس الخميس") && !strcmp(d.value, "2016-12-01") && d.relative &&
              !strcmp(d.grain, "day") && d.start == 64 && d.end == 74);
        CHECK_EQ(marsad_article_count(a, MARSAD_QUOTES), 1);
        CHECK_EQ(marsad_article_quote_at(a, 0, &q), MARSAD_OK);
        CHECK(!strcmp(q.speaker, "سامر الخطيب") && !strcmp(q.cue, "قال") && !q.direct);
        CHECK_EQ(marsad_article_number_at(a, 0, &n), MARSAD_OK);
        CHECK(n.value == 300 && !strcmp(n.qualifier, "approx") && !strcmp(n.counted, "شخص"));
        CHECK_EQ(marsad_article_count(a, MARSAD_ENTITIES), 2);
        CHECK_EQ(marsad_article_number_at(a, 1, &n), MARSAD_EINVAL);
        marsad_article_free(a);
    }
    /* without it, and without a lexicon: no day to resolve against, no names */
    CHECK_EQ(marsad_extract(NULL, text, strlen(text), NULL, &a), MARSAD_OK);
    if (a) {
        CHECK(marsad_article_field(a, MARSAD_FIELD_DATE) == NULL);
        CHECK_EQ(marsad_article_count(a, MARSAD_DATES), 0);
        CHECK_EQ(marsad_article_count(a, MARSAD_ENTITIES) + marsad_article_count(a, MARSAD_QUOTES),
                 0);
        CHECK_EQ(marsad_article_count(a, MARSAD_NUMBERS), 1);
        marsad_article_free(a);
    }
    { /* a range's high end; a year chosen by a weekday, with the days it may be */
        static const char t2[] = "قتل ما بين 10 و15 مقاتلا في اشتباكات اندلعت الأحد 14 مايو";
        double high = 0;
        const char *days = NULL, *date;
        CHECK_EQ(marsad_extract(NULL, t2, strlen(t2), NULL, &a), MARSAD_OK);
        if (a) {
            CHECK_EQ(marsad_article_count(a, MARSAD_NUMBERS), 1);
            CHECK_EQ(marsad_article_number_at(a, 0, &n), MARSAD_OK);
            CHECK(n.value == 10 && !strcmp(n.qualifier, "gte"));
            CHECK_EQ(marsad_article_number_high(a, 0, &high), MARSAD_OK);
            CHECK(high == 15);
            CHECK_EQ(marsad_article_number_high(a, 1, &high), MARSAD_EINVAL);
            CHECK_STR(marsad_article_field(a, MARSAD_FIELD_DATE_SOURCE), "weekday");
            date = marsad_article_field(a, MARSAD_FIELD_DATE);
            CHECK_EQ(marsad_article_date_candidates(a, 0, &days), MARSAD_OK);
            /* latest first: the date itself, then the 14th of May of other years, all
             * Sundays (every 5, 6 or 11 years: one or two in ten years) */
            CHECK(date && days && !strncmp(days, date, 10) && strlen(days) % 11 == 10);
            for (size_t k = 0; days && k + 10 <= strlen(days); k += 11)
                CHECK(!strncmp(days + k + 4, "-05-14", 6));
            marsad_article_free(a);
        }
        CHECK_EQ(marsad_extract(NULL, text, strlen(text), "2016-12-02", &a), MARSAD_OK);
        if (a) {
            CHECK_EQ(marsad_article_number_high(a, 0, &high), MARSAD_ENOTFOUND);
            CHECK_EQ(marsad_article_date_candidates(a, 0, &days), MARSAD_ENOTFOUND);
            CHECK_EQ(marsad_article_date_time(a, 0, &days), MARSAD_ENOTFOUND);
            CHECK_EQ(marsad_article_date_time(a, 9, &days), MARSAD_EINVAL);
            marsad_article_free(a);
        }
    }
    { /* a clock time said with the day */
        static const char t3[] = "بدأ الإجلاء الخميس الساعة الثالثة عصرا";
        const char *hhmm = NULL;
        CHECK_EQ(marsad_extract(NULL, t3, strlen(t3), "2016-12-07", &a), MARSAD_OK);
        if (a) {
            CHECK_EQ(marsad_article_date_time(a, 0, &hhmm), MARSAD_OK);
            CHECK(hhmm && !strcmp(hhmm, "15:00"));
            marsad_article_free(a);
        }
    }
    CHECK_EQ(marsad_extract(NULL, text, strlen(text), "2016-13-45", &a), MARSAD_EINVAL);
    CHECK(a == NULL);
    CHECK_EQ(marsad_extract(NULL, "\xff", 1, NULL, &a), MARSAD_EUTF8);
    marsad_lexicon_free(lx);
}

void suite_archive(void);
void suite_archive(void)
{
    process_order();
    status_names();
    queries();
    extract();
    if (test_tmpdir("archive", dir, sizeof dir)) return;
    process_report();
    deferred();
    ingest_report();
    uncommitted();
    writers();
    wal_left();
    delete_walk();
    documents();
    search();
    test_rmtree(dir);
}
