/*
 * pipeline.c — crawled news in, articles out: the two passes over the input (count each
 * site's repeated lines, then clean), one analysis per document feeding the cleaner, the
 * extractors, the duplicate keys and the index, on worker threads; and its consumers,
 * the caller's callback (marsad_process) or the archive (marsad_ingest).
 *
 * Threads. The owner thread frames records in order (framing is sequential: a stream,
 * a WARC file, a JSONL line after another; read/input.h) and pushes each into an
 * ordered pool (util/workq.h); the workers compute what depends on one document alone
 * — they parse its record (the JSON, the page, the UTF-8), then find its line keys in
 * the first pass; its tokens, cleaned article, facts, duplicate keys and deflated body
 * in the second — each with its own analyzer; the owner takes them back in input order
 * and does what depends on the order: counting lines into the cleaner's table (its
 * forgetting when full depends on the order), and the archive's duplicate lookups, rows
 * and postings. So the archive is the same whatever the number of jobs (tests/e2e: the
 * same archive for 1, 2 and 4 jobs). With one job there is no thread: each record is
 * parsed and worked on on the owner's thread as it is framed.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "archive/internal.h"
#include "clean/clean.h"
#include "extract/facts.h"
#include "extract/lexicon.h"
#include "read/html.h"
#include "read/input.h"
#include "store/store.h"
#include "util/date.h"
#include "util/str.h"
#include "util/workq.h"

#define MAX_JOBS       64
#define PROGRESS_EVERY 256
/* Documents in flight: enough that the workers still have work while the owner stores
 * (at --jobs 2, 4 a job left a fifth of the two cores idle: SaudiNewsNet in 37.3 s;
 * 32 a job, 31.6-33.2 s; 128 gained nothing more), and at most this many bytes of
 * records, so that large documents do not pile up in memory. */
#define QUEUE_PER_JOB  32
#define INFLIGHT_BYTES ((size_t)16 << 20)

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- Options and reports --------------------------------------------------------------- */

void marsad_options_init(marsad_options *o)
{
    memset(o, 0, sizeof *o);
    o->version = MARSAD_OPTIONS_VERSION;
    o->facts = 1;
}

void marsad_report_init(marsad_report *r)
{
    memset(r, 0, sizeof *r);
    r->version = MARSAD_REPORT_VERSION;
}

const char *marsad_reject_name(int kind)
{
    static const char *const names[] = {"malformed", "invalid UTF-8", "too large",
                                        "I/O",       "empty",         "other"};
    return kind >= 0 && kind < MARSAD_REJECT_KINDS ? names[kind] : NULL;
}

const char *marsad_stage_name(int stage)
{
    static const char *const names[] = {"read",  "count", "clean", "extract", "sign",
                                        "dedup", "store", "index", "commit",  "stories"};
    return stage >= 0 && stage < MARSAD_STAGES ? names[stage] : NULL;
}

static int reject_kind(int rc)
{
    switch (rc) {
    case MARSAD_EFORMAT: return MARSAD_REJECT_MALFORMED;
    case MARSAD_EUTF8: return MARSAD_REJECT_UTF8;
    case MARSAD_ETOOBIG: return MARSAD_REJECT_TOOBIG;
    case MARSAD_EIO: return MARSAD_REJECT_IO;
    case MARSAD_EEMPTY: return MARSAD_REJECT_EMPTY;
    default: return MARSAD_REJECT_OTHER;
    }
}

/* ---- One document on its way ----------------------------------------------------------- */

struct run {
    const marsad_options *o;
    const msd_cleaner *cleaner;
    const msd_lexicon *lx; /* NULL: no facts */
    int for_archive;       /* title tokens, duplicate keys, deflated body */
};

struct item {
    int pass;
    int rc;            /* the document's read error (framing or parsing), or MARSAD_OK */
    char *msg;         /* its message, when rejected */
    msd_input_raw raw; /* framed by the owner, parsed (and freed) by the worker */
    msd_doc doc;
    msd_linekeys keys; /* pass 1 */
    msd_analyzed x;    /* pass 2 */
    int work_rc;       /* what the worker ran into (out of memory) */
    int known;         /* pass 2: its id is in the archive already, so it was not analyzed */
    size_t bytes;      /* the record's length, counted in flight */
};

struct worker {
    const struct run *run;
    marsad_analyzer *an;
    msd_store *known; /* marsad_ingest into an archive with a catalog: a reader of it */
    double stage[MARSAD_STAGES];
};

static void item_free(struct item *it)
{
    if (!it) return;
    free(it->msg);
    msd_input_raw_clear(&it->raw);
    msd_doc_clear(&it->doc);
    msd_linekeys_clear(&it->keys);
    msd_analyzed_clear(&it->x);
    free(it);
}

/* Moves the cleaned article and what the document says into the record. */
static int make_record(const msd_doc *doc, msd_article *art, marsad_article *r)
{
    char idbuf[17], datebuf[11];
    const char *id = msd_article_id(doc, art, idbuf), *date = msd_date_iso(doc->date, datebuf);
    int rc = MARSAD_OK;
    r->f[MARSAD_FIELD_TITLE] = art->title, art->title = NULL;
    r->f[MARSAD_FIELD_BODY] = art->body, art->body = NULL;
    r->body_len = art->body_len;
    r->f[MARSAD_FIELD_SOURCE] = art->source, art->source = NULL;
    r->removed = art->removed, art->removed = NULL;
    r->n_removed = art->n_removed, art->n_removed = 0;
    if ((rc = msd_record_set(r, MARSAD_FIELD_ID, id, strlen(id))) ||
        (doc->url && (rc = msd_record_set(r, MARSAD_FIELD_URL, doc->url, strlen(doc->url)))) ||
        (doc->author &&
         (rc = msd_record_set(r, MARSAD_FIELD_AUTHOR, doc->author, strlen(doc->author)))) ||
        (date && (rc = msd_record_set(r, MARSAD_FIELD_DATE, date, strlen(date)))) ||
        (date && (rc = msd_record_set(r, MARSAD_FIELD_DATE_SOURCE, "metadata", 8))) ||
        (doc->date && !date &&
         (rc = msd_record_set(r, MSD_F_DATE_RAW, doc->date, strlen(doc->date)))) ||
        (rc = msd_record_set(r, MARSAD_FIELD_LANGUAGE, art->language, strlen(art->language))) ||
        (doc->origin &&
         (rc = msd_record_set(r, MARSAD_FIELD_ORIGIN, doc->origin, strlen(doc->origin)))) ||
        (doc->format &&
         (rc = msd_record_set(r, MARSAD_FIELD_FORMAT, doc->format, strlen(doc->format)))) ||
        (art->source_how &&
         (rc = msd_record_set(r, MSD_F_SOURCE_FROM, art->source_how, strlen(art->source_how)))) ||
        (doc->extra_json &&
         (rc = msd_record_set(r, MSD_F_META, doc->extra_json, strlen(doc->extra_json)))))
        return rc;
    return MARSAD_OK;
}

#define STAMP_TOP_LINES 10 /* a stamp without a cue word counts only this high up */

/* The day the page's publication stamp states, when the cleaner took one out of the
 * body ("نُشر في: الثلاثاء 17 نوفمبر 2026 - 01:20 م" is removed as "other"): a line that
 * says نشر / تحديث / بتاريخ, or one in the page's first lines. A bare date further down
 * is a related item's or an event's ("الأحد 15/11/2020" under the last paragraph). */
static int stamp_day(const marsad_article *r, char out[11])
{
    size_t n;
    const msd_removed_line *rm = msd_record_items(r, MARSAD_REMOVED, &n);
    for (size_t i = 0; i < n; i++) {
        const char *t = rm[i].text;
        if (!rm[i].line || strcmp(rm[i].reason, "other")) continue;
        if (rm[i].line > STAMP_TOP_LINES && !strstr(t, "نشر") && !strstr(t, "نُشر") &&
            !strstr(t, "تحديث") && !strstr(t, "بتاريخ"))
            continue;
        if (msd_facts_stamp_day(t, strlen(t), out)) return 1;
    }
    return 0;
}

/* The facts of the body, against the publication day when there is one; else the day
 * of the page's own stamp, else a day the text gives away, which becomes the article's
 * date when the input had none. */
static int find_facts(const struct run *run, msd_analyzed *x)
{
    marsad_article *r = &x->rec;
    const char *date = r->f[MARSAD_FIELD_DATE];
    const char *ref = date && strlen(date) == 10 ? date : NULL;
    char stamp[11];
    int stamped = !date && stamp_day(r, stamp), rc;
    if (stamped) ref = stamp;
    rc = msd_extract_facts_tokens(run->lx, r->f[MARSAD_FIELD_BODY], r->body_len, &x->body_toks, ref,
                                  &r->facts);
    if (rc) return rc;
    r->facts_truncated = r->facts.truncated;
    if (stamped)
        return (rc = msd_record_set(r, MARSAD_FIELD_DATE, stamp, 10)) ||
                       (rc = msd_record_set(r, MARSAD_FIELD_DATE_SOURCE, "stamp", 5))
                   ? rc
                   : MARSAD_OK;
    if (!date && r->facts.date_inferred &&
        ((rc = msd_record_set(r, MARSAD_FIELD_DATE, r->facts.date, strlen(r->facts.date))) ||
         (rc = msd_record_set(r, MARSAD_FIELD_DATE_SOURCE, msd_facts_date_source(&r->facts),
                              strlen(msd_facts_date_source(&r->facts))))))
        return rc;
    return MARSAD_OK;
}

/* The second pass on one document: analyze, clean, extract, sign, gather its terms. */
static int analyze_doc(struct worker *w, struct item *it)
{
    const struct run *run = w->run;
    msd_analyzed *x = &it->x;
    msd_article art;
    double t0 = now(), t1;
    char *stored = NULL; /* the text in its stored form, when it differs from the input's */
    size_t len = it->doc.text_len;
    int rc = msd_clean_stored_text(&it->doc, &stored, &len);
    const char *text = stored ? stored : it->doc.text;
    if (!rc) rc = msd_tokens_analyze(w->an, text, len, &x->doc_toks);
    if (!rc)
        rc = msd_cleaner_clean_tokens(run->cleaner, &it->doc, text, len, &x->doc_toks, &art,
                                      &x->body_toks);
    free(stored); /* the tokens keep their own copies of their strings */
    if (rc) return rc;
    rc = make_record(&it->doc, &art, &x->rec);
    msd_article_clear(&art);
    t1 = now(), w->stage[MARSAD_STAGE_CLEAN] += t1 - t0, t0 = t1;
    if (!rc && run->lx && x->rec.body_len) rc = find_facts(run, x);
    t1 = now(), w->stage[MARSAD_STAGE_EXTRACT] += t1 - t0, t0 = t1;
    if (rc || !run->for_archive || !x->rec.body_len) return rc;
    if (!(rc = msd_tokens_analyze(w->an, x->rec.f[MARSAD_FIELD_TITLE],
                                  strlen(x->rec.f[MARSAD_FIELD_TITLE]), &x->title_toks)))
        rc = msd_dupkeys_of(&x->body_toks, &x->keys);
    t1 = now(), w->stage[MARSAD_STAGE_SIGN] += t1 - t0, t0 = t1;
    if (!rc && !(rc = msd_segterms_new(&x->terms)))
        rc = msd_archive_terms(&x->title_toks, &x->body_toks, x->terms, &x->row);
    t1 = now(), w->stage[MARSAD_STAGE_INDEX] += t1 - t0, t0 = t1;
    if (!rc)
        rc = msd_store_deflate(x->rec.f[MARSAD_FIELD_BODY], x->rec.body_len, &x->body_z,
                               &x->body_z_len);
    w->stage[MARSAD_STAGE_STORE] += now() - t0;
    return rc;
}

/* A document rejected when read: its status, and its message in the second pass, where
 * it is reported (the first only counts the documents). */
static void reject(struct item *it, int rc, const char *msg)
{
    it->rc = rc;
    if (it->pass == 2 && !(it->msg = msd_strdup(msg))) it->rc = MARSAD_ENOMEM;
}

/* Parses the record the owner framed, on the worker: a document its parsing refuses is
 * rejected as one its framing refused. Its time is the read stage's. */
static int parse_record(struct worker *w, struct item *it)
{
    char err[1024];
    double t0 = now();
    int rc = msd_input_parse(&it->raw, &it->doc, err, sizeof err);
    msd_input_raw_clear(&it->raw); /* its bytes are not needed again */
    w->stage[MARSAD_STAGE_READ] += now() - t0;
    if (rc == MARSAD_ENOMEM)
        it->work_rc = rc;
    else if (rc)
        reject(it, rc, err);
    return rc;
}

/* Whether a document whose id comes from its input (its own id, or its URL's hash) is in
 * the archive already: then it is not analyzed, and the writer skips it unseen. Running
 * an ingest again after a crash, or over a crawl that grows, costs a lookup for each
 * article it stored before instead of its whole analysis. The reader sees what is
 * committed; an article of this run still in the writer's batch is analyzed, and the
 * writer finds it there, as before. The outcome is the same either way. */
static int already_stored(struct worker *w, struct item *it)
{
    char buf[17];
    int64_t id;
    double t0;
    int found;
    if (!w->known || (!it->doc.id && !it->doc.url)) return 0; /* no clock on this path */
    t0 = now();
    found = msd_store_find_ext(w->known, msd_article_id(&it->doc, NULL, buf), &id) == MARSAD_OK;
    w->stage[MARSAD_STAGE_DEDUP] += now() - t0;
    return found;
}

static void work(void *ctx, void *arg)
{
    struct worker *w = ctx;
    struct item *it = arg;
    if (it->rc || parse_record(w, it)) return; /* rejected when framed or parsed */
    if (it->pass == 1) {
        double t0 = now();
        it->work_rc = msd_cleaner_keys(&it->doc, &it->keys);
        w->stage[MARSAD_STAGE_COUNT] += now() - t0;
        msd_doc_clear(&it->doc); /* the second pass reads it again */
        return;
    }
    if ((it->known = already_stored(w, it))) return;
    it->work_rc = analyze_doc(w, it);
}

/* ---- The driver ------------------------------------------------------------------------ */

struct drive {
    const marsad_input *in;
    const marsad_options *o;
    marsad_report *rep;
    marsad_article_fn fn; /* marsad_process */
    void *ctx;
    msd_archive *a; /* marsad_ingest */
    msd_cleaner *cleaner;
    msd_input *input;
    msd_workq *q;
    struct worker *workers;
    size_t nworkers;
    size_t inflight;  /* bytes of the records pushed and not yet consumed */
    int rc;           /* sticky: what stops the run */
    int last_reject;  /* the status of the last document rejected */
    int last_outcome; /* enum marsad_outcome of the last article (marsad_ingest) */
};

static void notice(const struct drive *d, int rc, const char *msg)
{
    if (d->o->notice) d->o->notice(d->o->ctx, rc, msg);
}

/* Takes a finished item back, in input order. */
static void consume(struct drive *d, struct item *it)
{
    marsad_report *rep = d->rep;
    d->inflight -= it->bytes;
    if (d->rc) goto done; /* the run stopped: what is still in flight is dropped */
    if (it->pass == 1) {
        if (!it->rc && !it->work_rc) msd_cleaner_count(d->cleaner, &it->keys);
        if (it->work_rc) d->rc = it->work_rc;
        goto done;
    }
    if (it->rc) { /* rejected: named, counted, and the run goes on */
        rep->rejected++;
        rep->rejected_by[reject_kind(it->rc)]++;
        d->last_reject = it->rc;
        notice(d, it->rc, it->msg ? it->msg : marsad_strerror(it->rc));
        goto done;
    }
    if (it->work_rc) {
        d->rc = it->work_rc;
        goto done;
    }
    rep->read++;
    rep->bytes_in += it->doc.text_len;
    if (it->known) {
        rep->known++;
        d->last_outcome = MARSAD_KNOWN;
        goto progress;
    }
    rep->bytes_out += it->x.rec.body_len;
    rep->removed_lines += it->x.rec.n_removed;
    if (!it->x.rec.body_len) rep->empty++, d->last_outcome = MARSAD_EMPTIED;
    if (d->fn) {
        if (d->fn(d->ctx, &it->x.rec)) d->rc = MARSAD_ESTOP;
    } else if (it->x.rec.body_len) {
        int outcome;
        if ((d->rc = msd_archive_add(d->a, &it->x, &outcome))) goto done;
        if (outcome == MARSAD_KNOWN) rep->known++; /* the others count once committed */
        d->last_outcome = outcome;
    }
progress:
    if (d->o->progress && rep->read % PROGRESS_EVERY == 0) d->o->progress(d->o->ctx, rep, 0);
done:
    item_free(it);
}

/* Frames every record of one pass, parsed and worked on by the workers, back in order. */
static void pass(struct drive *d, int which)
{
    for (;;) {
        struct item *it;
        double t0;
        int rc;
        if (d->rc) break;
        while (msd_workq_full(d->q) || d->inflight > INFLIGHT_BYTES) {
            struct item *done = msd_workq_pop(d->q);
            if (!done) break;
            consume(d, done);
        }
        t0 = now();
        if (!(it = calloc(1, sizeof *it))) {
            d->rc = MARSAD_ENOMEM;
            break;
        }
        it->pass = which;
        rc = msd_input_next_raw(d->input, &it->raw);
        d->rep->stage_seconds[MARSAD_STAGE_READ] += now() - t0;
        if (rc == MARSAD_END || rc == MARSAD_ENOMEM) {
            if (rc == MARSAD_ENOMEM) d->rc = rc;
            item_free(it);
            break;
        }
        if (which == 1) d->rep->documents++;
        if (rc) reject(it, rc, msd_input_error(d->input));
        it->bytes = it->raw.len;
        d->inflight += it->bytes;
        msd_workq_push(d->q, it);
    }
    for (struct item *it; (it = msd_workq_pop(d->q));) consume(d, it);
}

static size_t cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (size_t)n;
}

/* Runs both passes; fn (marsad_process) or a (marsad_ingest) takes the articles. */
static int drive(struct drive *d, int for_archive)
{
    const marsad_options *o = d->o;
    msd_input_options io = {o->repair_utf8, o->max_document, o->force_jsonl};
    msd_lexicon *own_lx = NULL;
    struct run run = {o, NULL, o->lexicon, for_archive};
    void *ctx[MAX_JOBS];
    size_t jobs = o->jobs ? (o->jobs > MAX_JOBS ? MAX_JOBS : o->jobs) : cores();
    marsad_analyzer_config cfg;
    double t0 = now();
    int rc;
    char *const stdin_only[] = {"-"};
    d->nworkers = jobs;
    if (d->in->data)
        rc = msd_input_open_memory(d->in->data, d->in->size, d->in->name, &io, &d->input);
    else
        rc = msd_input_open(d->in->n_paths ? d->in->paths : stdin_only,
                            d->in->n_paths ? d->in->n_paths : 1, &io, &d->input);
    if (rc) {
        if (rc != MARSAD_ENOMEM) notice(d, rc, msd_input_error(d->input));
        goto done;
    }
    if (o->facts && !run.lx) { /* the built-in names */
        if ((rc = msd_lexicon_new(&own_lx))) goto done;
        run.lx = own_lx;
    }
    if (!o->facts) run.lx = NULL;
    if ((rc = msd_cleaner_new(0, &d->cleaner))) goto done;
    run.cleaner = d->cleaner;
    if (!(d->workers = calloc(jobs, sizeof *d->workers))) {
        rc = MARSAD_ENOMEM;
        goto done;
    }
    msd_archive_analyzer_config(&cfg);
    for (size_t k = 0; k < jobs; k++) {
        d->workers[k].run = &run;
        if ((rc = marsad_analyzer_new(&cfg, &d->workers[k].an))) goto done;
        ctx[k] = &d->workers[k];
        /* a reader of the catalog per worker (SQLite connections are not shared between
         * threads); without one, every document is analyzed and the writer decides */
        if (d->a && d->a->store &&
            msd_store_open(d->a->path, MSD_STORE_READ, &d->workers[k].known) != MARSAD_OK) {
            msd_store_close(d->workers[k].known);
            d->workers[k].known = NULL;
        }
    }
    /* one job: no thread, the owner works each document as it reads it */
    if ((rc = msd_workq_new(jobs > 1 ? jobs : 0, QUEUE_PER_JOB * jobs, work, ctx, &d->q)))
        goto done;
    pass(d, 1);
    if (!d->rc && (rc = msd_input_rewind(d->input))) d->rc = rc;
    if (!d->rc) pass(d, 2);
    rc = d->rc;
    if (o->progress && !rc) o->progress(o->ctx, d->rep, 1);
done:
    msd_workq_free(d->q);
    d->q = NULL;
    if (d->input) d->rep->skipped = msd_input_skipped(d->input);
    for (size_t k = 0; d->workers && k < jobs; k++) {
        for (int s = 0; s < MARSAD_STAGES; s++) d->rep->stage_seconds[s] += d->workers[k].stage[s];
        marsad_analyzer_free(d->workers[k].an);
        msd_store_close(d->workers[k].known);
    }
    free(d->workers);
    msd_cleaner_free(d->cleaner);
    msd_input_close(d->input);
    msd_lexicon_free(own_lx);
    d->rep->seconds += now() - t0;
    return rc;
}

static int check_options(const marsad_options *o)
{
    return !o || o->version == MARSAD_OPTIONS_VERSION ? MARSAD_OK : MARSAD_EINVAL;
}

/* A driver of in (NULL: standard input) with the options o, counting into report. */
static void drive_init(struct drive *d, const marsad_input *in, const marsad_options *o,
                       marsad_report *report)
{
    static const marsad_input standard_input = {NULL, 0, NULL, 0, NULL};
    memset(d, 0, sizeof *d);
    d->in = in ? in : &standard_input;
    d->o = o;
    d->rep = report;
    marsad_report_init(report);
}

int marsad_process(const marsad_input *in, const marsad_options *o, marsad_article_fn fn, void *ctx,
                   marsad_report *report)
{
    marsad_options defaults;
    marsad_report scratch;
    struct drive d;
    if (!fn || check_options(o)) return MARSAD_EINVAL;
    if (!o) marsad_options_init(&defaults), o = &defaults;
    drive_init(&d, in, o, report ? report : &scratch);
    d.fn = fn;
    d.ctx = ctx;
    return drive(&d, 0);
}

int marsad_ingest(marsad_archive *a, const marsad_input *in, const marsad_options *o,
                  marsad_report *report)
{
    marsad_options defaults;
    marsad_report scratch;
    struct drive d;
    int rc, crc;
    if (!a || check_options(o)) return MARSAD_EINVAL;
    if (!a->writer) return MARSAD_EREADONLY;
    if (a->broken) return MARSAD_EABORTED;
    if (!o) marsad_options_init(&defaults), o = &defaults;
    drive_init(&d, in, o, report ? report : &scratch);
    d.a = a;
    a->report = d.rep;
    rc = drive(&d, 1);
    if (!rc) { /* the last batch: committed before the report is final */
        double t0 = now();
        /* without one, the merges an earlier failure left (closing would run them, and
         * its error would reach the user as "closing: input/output error") */
        crc = a->in_batch ? msd_archive_commit(a) : a->store ? msd_archive_merge_due(a) : 0;
        if (crc) a->broken = 1, rc = crc;
        d.rep->stage_seconds[MARSAD_STAGE_COMMIT] += now() - t0;
    } else if (a->in_batch) {
        /* the batch an error cut short is rolled back, whatever stopped the run (a
         * worker out of memory, the input): closing committed it, uncounted */
        a->broken = 1;
    }
    a->report = NULL;
    if (!rc && a->merge_off) /* all stored; the damage met is said now */
        rc = msd_archive_fail(a, MARSAD_ECORRUPT, "%s", a->damage);
    return rc;
}

void marsad_document_init(marsad_document *d)
{
    memset(d, 0, sizeof *d);
    d->version = MARSAD_DOCUMENT_VERSION;
}

/* Sets key to n bytes of s; invalid UTF-8 is repaired when repair, else the document's
 * error. */
static int set_text(json_t *obj, const char *key, const char *s, size_t n, int repair)
{
    char *fixed = NULL;
    size_t need = 0;
    int rc;
    if (marsad_utf8_check(s, n, NULL) != MARSAD_OK) {
        if (!repair) return MARSAD_EUTF8;
        marsad_utf8_repair(s, n, NULL, 0, &need, NULL);
        if (!(fixed = malloc(need ? need : 1))) return MARSAD_ENOMEM;
        marsad_utf8_repair(s, n, fixed, need, &need, NULL);
        s = fixed, n = need;
    }
    rc = json_object_set_new(obj, key, json_stringn(s, n)) ? MARSAD_ENOMEM : MARSAD_OK;
    free(fixed);
    return rc;
}

/* One document: written as a JSONL line and read back by the readers, so it is read
 * and cleaned as any input is. An HTML page is decoded first as a page file is (its
 * <meta charset>, else UTF-8, else windows-1256): the line carries it as Unicode. */
int marsad_ingest_document(marsad_archive *a, const marsad_document *doc, const marsad_options *o,
                           int *outcome)
{
    static const char *const keys[] = {"id", "url", "source", "date", "title", "author"};
    const char *vals[6];
    marsad_options defaults;
    marsad_report rep;
    marsad_input in = {NULL, 0, NULL, 0, "document"};
    struct drive d;
    json_t *obj;
    char *line, *page = NULL, *charset = NULL;
    size_t page_len = 0;
    int rc = MARSAD_OK;
    if (outcome) *outcome = MARSAD_EMPTIED;
    if (!a || !doc || doc->version != MARSAD_DOCUMENT_VERSION || check_options(o) ||
        (!doc->text && !doc->html))
        return MARSAD_EINVAL;
    if (!a->writer) return MARSAD_EREADONLY;
    if (a->broken) return MARSAD_EABORTED;
    if (!o) marsad_options_init(&defaults), o = &defaults;
    vals[0] = doc->id, vals[1] = doc->url, vals[2] = doc->source;
    vals[3] = doc->date, vals[4] = doc->title, vals[5] = doc->author;
    if (!(obj = json_object())) return MARSAD_ENOMEM;
    for (size_t k = 0; k < 6 && !rc; k++)
        if (vals[k]) rc = set_text(obj, keys[k], vals[k], strlen(vals[k]), o->repair_utf8);
    if (!rc && doc->text) rc = set_text(obj, "text", doc->text, doc->text_len, o->repair_utf8);
    if (!rc && doc->html && !doc->text &&
        !(rc = msd_html_decode(doc->html, doc->html_len, NULL, &page, &page_len, &charset)))
        rc = set_text(obj, "html", page, page_len, 0);
    free(page);
    free(charset);
    line = rc ? NULL : json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    if (rc) return rc;
    if (!line) return MARSAD_ENOMEM;
    in.data = line;
    in.size = strlen(line);
    drive_init(&d, &in, o, &rep);
    d.a = a;
    d.last_outcome = MARSAD_EMPTIED;
    rc = drive(&d, 1);
    free(line);
    if (rc && a->in_batch) a->broken = 1; /* as marsad_ingest: the batch is rolled back */
    if (!rc && rep.rejected) return d.last_reject;
    if (!rc && outcome) *outcome = d.last_outcome;
    return rc;
}
