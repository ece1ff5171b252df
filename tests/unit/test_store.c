/* test_store.c — the catalog (src/store/) on its own, in a temporary directory: a new
 * catalog's schema and pages; articles built by hand (fields, removed lines, facts whose
 * offsets slice the body, duplicate keys) stored and read back whole, column by column
 * of the field tables; lookups by id, exact key and LSH band; duplicate groups and what
 * a deletion does to them; the segment manifest and meta; damaged rows refused without a
 * crash; files that are not catalogs (someone else's database, a newer or an older
 * schema); and the views a user reads through the sqlite3 shell. */
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "marsad.h"
#include "store/fields.h"
#include "store/record.h"
#include "store/schema.h"
#include "store/store.h"
#include "store/store_int.h"
#include "test.h"
#include "util/str.h"

/* A check whose message is formatted (the key or the column that differs). */
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

static int str_eq(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* ---- Articles built by hand ------------------------------------------------------------ */

static const char body1[] =
    "قال المتحدث باسم وزارة الصحة أحمد السالم إن نحو 300 مصاب وصلوا إلى مستشفيات الرقة أمس "
    "الخميس.\n"
    "\n"
    "وأضاف السالم أن وزارة الصحة أرسلت 12 سيارة إسعاف إلى بلدة تبعد 1.5 كلم عن خط الجبهة في "
    "ربيع الأول 1438.";

/* The code-point and byte span of the nth (0-based) occurrence of needle in body. */
static void span_of(const char *body, const char *needle, int nth, size_t *c0, size_t *c1,
                    size_t *b0, size_t *b1)
{
    const char *p = strstr(body, needle);
    size_t cp = 0;
    while (p && nth-- > 0) p = strstr(p + 1, needle);
    CHECK(p != NULL);
    if (!p) p = body;
    for (const char *q = body; q < p; q++) cp += ((unsigned char)*q & 0xC0) != 0x80;
    *b0 = (size_t)(p - body);
    *b1 = *b0 + strlen(needle);
    *c0 = cp;
    *c1 = cp;
    for (size_t i = *b0; i < *b1; i++) *c1 += ((unsigned char)body[i] & 0xC0) != 0x80;
}

/* A new zeroed item at the end of a malloc'd array. */
static void *push(void **items, size_t *n, size_t size)
{
    char *grown = realloc(*items, (*n + 1) * size);
    if (!grown) abort();
    memset(grown + *n * size, 0, size);
    *items = grown;
    return grown + (*n)++ * size;
}

static char *dup_or_null(const char *s)
{
    return s ? msd_strdup(s) : NULL;
}

static void add_entity(marsad_article *r, const char *text, int nth, const char *canonical,
                       const char *type, const char *subtype)
{
    msd_entities *es = &r->facts.entities;
    msd_entity *e = push((void **)&es->items, &es->n, sizeof *e);
    es->cap = es->n;
    span_of(r->f[MARSAD_FIELD_BODY], text, nth, &e->start, &e->end, &e->byte_start, &e->byte_end);
    e->text = msd_strdup(text);
    e->canonical = msd_strdup(canonical);
    e->type = type;
    e->subtype = subtype;
}

static void add_quote(marsad_article *r, const char *speaker, const char *speaker_text,
                      const char *cue, const char *text, int direct)
{
    msd_quotes *qs = &r->facts.quotes;
    msd_quote *q = push((void **)&qs->items, &qs->n, sizeof *q);
    const char *body = r->f[MARSAD_FIELD_BODY];
    size_t b0, b1;
    qs->cap = qs->n;
    span_of(body, text, 0, &q->start, &q->end, &q->byte_start, &q->byte_end);
    if (speaker_text) span_of(body, speaker_text, 0, &q->speaker_start, &q->speaker_end, &b0, &b1);
    if (cue) span_of(body, cue, 0, &q->cue_start, &q->cue_end, &b0, &b1);
    q->speaker = dup_or_null(speaker);
    q->speaker_text = dup_or_null(speaker_text);
    q->cue = dup_or_null(cue);
    q->text = msd_strdup(text);
    q->direct = direct;
}

static void add_number(marsad_article *r, const char *text, double value, const char *qualifier,
                       const char *unit, const char *counted)
{
    msd_numbers *ns = &r->facts.numbers;
    msd_number *n = push((void **)&ns->items, &ns->n, sizeof *n);
    ns->cap = ns->n;
    span_of(r->f[MARSAD_FIELD_BODY], text, 0, &n->start, &n->end, &n->byte_start, &n->byte_end);
    n->text = msd_strdup(text);
    n->value = value;
    n->qualifier = qualifier;
    n->unit = dup_or_null(unit);
    n->counted = dup_or_null(counted);
}

static void add_date(marsad_article *r, const char *text, const char *value, const char *grain,
                     const char *calendar, int relative)
{
    msd_dates *ds = &r->facts.dates;
    msd_date *d = push((void **)&ds->items, &ds->n, sizeof *d);
    ds->cap = ds->n;
    span_of(r->f[MARSAD_FIELD_BODY], text, 0, &d->start, &d->end, &d->byte_start, &d->byte_end);
    d->text = msd_strdup(text);
    snprintf(d->value, sizeof d->value, "%s", value);
    d->grain = grain;
    d->calendar = calendar;
    d->relative = relative;
}

static void add_removed(marsad_article *r, size_t line, const char *text, const char *reason)
{
    msd_removed_line *l = push((void **)&r->removed, &r->n_removed, sizeof *l);
    l->line = line;
    l->text = msd_strdup(text);
    l->reason = reason;
}

static void set(marsad_article *r, int f, const char *v)
{
    CHECK_EQ(msd_record_set(r, f, v, v ? strlen(v) : 0), MARSAD_OK);
}

/* The first article: every field, every kind of fact, names shared between facts. */
static void build_full(marsad_article *r, const char *id, const char *source)
{
    memset(r, 0, sizeof *r);
    set(r, MARSAD_FIELD_ID, id);
    set(r, MARSAD_FIELD_SOURCE, source);
    set(r, MARSAD_FIELD_URL, "https://sada.example/news/1");
    set(r, MARSAD_FIELD_TITLE, "وصول مئات المصابين إلى مستشفيات الرقة");
    set(r, MARSAD_FIELD_AUTHOR, "قسم الأخبار");
    set(r, MARSAD_FIELD_DATE, "2016-12-02");
    set(r, MARSAD_FIELD_DATE_SOURCE, "metadata");
    set(r, MARSAD_FIELD_LANGUAGE, "ar");
    set(r, MARSAD_FIELD_BODY, body1);
    set(r, MARSAD_FIELD_ORIGIN, "fixture.jsonl:1");
    set(r, MARSAD_FIELD_FORMAT, "jsonl");
    set(r, MSD_F_SOURCE_FROM, "metadata");
    set(r, MSD_F_META, "{\"section\":\"سوريا\"}");
    add_removed(r, 2, "الرئيسية > أخبار > سوريا", "breadcrumb");
    add_removed(r, 0, "شارك", "widget"); /* a block the reader dropped: no line */
    add_removed(r, 9, "جميع الحقوق محفوظة", "footer");
    add_entity(r, "وزارة الصحة", 0, "وزارة الصحة", "ORG", NULL);
    add_entity(r, "أحمد السالم", 0, "أحمد السالم", "PERS", NULL);
    add_entity(r, "الرقة", 0, "الرقة", "LOC", "GPE");
    add_entity(r, "السالم", 1, "أحمد السالم", "PERS", NULL);
    add_entity(r, "وزارة الصحة", 1, "وزارة الصحة", "ORG", NULL);
    add_quote(r, "أحمد السالم", "أحمد السالم", "قال",
              "نحو 300 مصاب وصلوا إلى مستشفيات الرقة أمس الخميس", 0);
    add_quote(r, "أحمد السالم", NULL, "أضاف", "وزارة الصحة أرسلت 12 سيارة إسعاف", 1);
    add_number(r, "نحو 300 مصاب", 300, "approx", NULL, "مصاب");
    add_number(r, "12 سيارة", 12, "eq", NULL, "سيارة");
    add_number(r, "1.5 كلم", 1.5, "eq", "كلم", NULL);
    add_date(r, "أمس الخميس", "2016-12-01", "day", "gregorian", 1);
    add_date(r, "ربيع الأول 1438", "1438-03", "month", "hijri", 0);
}

/* A short article without facts. */
static void build_short(marsad_article *r, const char *id, const char *source, const char *date,
                        const char *body)
{
    memset(r, 0, sizeof *r);
    set(r, MARSAD_FIELD_ID, id);
    set(r, MARSAD_FIELD_SOURCE, source);
    set(r, MARSAD_FIELD_TITLE, "خبر قصير");
    set(r, MARSAD_FIELD_DATE, date);
    set(r, MARSAD_FIELD_LANGUAGE, "ar");
    set(r, MARSAD_FIELD_BODY, body);
}

/* Duplicate keys: an exact key, and a signature whose band keys are base, base+1 … */
static void keys_of(msd_dupkeys *k, uint64_t exact, int has_sig, uint64_t base, uint8_t fill)
{
    memset(k, 0, sizeof *k);
    k->exact = exact;
    k->words = 30;
    k->has_sig = has_sig;
    k->nslots = 128;
    k->nbands = 32;
    for (size_t i = 0; i < k->nslots; i++) k->sig[i] = (uint8_t)(fill + i);
    for (size_t b = 0; b < k->nbands; b++) k->bands[b] = base + b;
}

static int64_t add(msd_store *s, const marsad_article *r, const msd_dupkeys *k, int64_t group,
                   const char *kind, double jaccard)
{
    msd_store_link link = {k, group, kind, jaccard, NULL, 0};
    int64_t id = 0;
    int rc = msd_store_add(s, r, &link, &id);
    check_at(rc == MARSAD_OK, __LINE__, "msd_store_add of %s: %s", r->f[MARSAD_FIELD_ID],
             rc ? msd_store_error(s) : "");
    return id;
}

/* ---- Comparing records column by column -------------------------------------------------- */

/* The column of a kind's table (by its JSON key) where two items differ, or NULL. */
static const char *item_diff(const msd_fkind *k, const char *x, const char *y)
{
    for (size_t c = 0; c < k->ncols; c++) {
        const msd_fcol *col = &k->cols[c];
        const void *p = x + col->off, *q = y + col->off;
        int same;
        switch (col->type) {
        case MSD_T_CHARS: same = !strcmp(p, q); break;
        case MSD_T_SIZE: same = *(const size_t *)p == *(const size_t *)q; break;
        case MSD_T_BOOL: same = !*(const int *)p == !*(const int *)q; break;
        case MSD_T_NUMBER: same = *(const double *)p == *(const double *)q; break;
        default: same = str_eq(*(const char *const *)p, *(const char *const *)q);
        }
        if (!same) return col->json;
    }
    if (k->off_start != (size_t)-1 &&
        (*(const size_t *)(x + k->off_bstart) != *(const size_t *)(y + k->off_bstart) ||
         *(const size_t *)(x + k->off_bend) != *(const size_t *)(y + k->off_bend)))
        return "byte span";
    return NULL;
}

/* got (read back) holds what want (stored) held: every field but those the catalog
 * fills in, and every item of every kind. */
static void check_same(const marsad_article *want, const marsad_article *got, int line)
{
    for (int f = 0; f < MSD_NFIELDS; f++) {
        if (f == MARSAD_FIELD_DUPLICATE_OF || f == MARSAD_FIELD_DUPLICATE_KIND ||
            f == MSD_F_INGESTED)
            continue;
        check_at(str_eq(want->f[f], got->f[f]), line, "field %d: [%s] read back as [%s]", f,
                 want->f[f] ? want->f[f] : "NULL", got->f[f] ? got->f[f] : "NULL");
    }
    check_at(want->body_len == got->body_len, line, "body_len");
    check_at(!want->facts_truncated == !got->facts_truncated, line, "facts_truncated");
    for (int kind = MARSAD_REMOVED; kind <= MARSAD_DATES; kind++) {
        const msd_fkind *k = &msd_fact_kinds[kind];
        size_t nw, ng;
        const char *w = msd_record_items(want, kind, &nw), *g = msd_record_items(got, kind, &ng);
        check_at(nw == ng, line, "%s: %zu items read back as %zu", k->table, nw, ng);
        for (size_t i = 0; i < nw && i < ng; i++) {
            const char *col = item_diff(k, w + i * k->item_size, g + i * k->item_size);
            check_at(!col, line, "%s[%zu].%s differs", k->table, i, col ? col : "");
        }
    }
}

/* ---- A second connection, as a user's sqlite3 shell ---------------------------------------- */

static sqlite3 *side(const char *path)
{
    sqlite3 *db = NULL;
    CHECK_EQ(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_EQ(msd_store_functions(db), MARSAD_OK);
    sqlite3_busy_timeout(db, 5000);
    return db;
}

static void exec_at(sqlite3 *db, const char *q, int line)
{
    char *err = NULL;
    int rc = sqlite3_exec(db, q, NULL, NULL, &err);
    check_at(rc == SQLITE_OK, line, "%s: %s", q, err ? err : "");
    sqlite3_free(err);
}
#define EXEC(db, q) exec_at((db), (q), __LINE__)

/* The first column of the first row as an integer (0 when none) or a text. */
static int64_t int_of(sqlite3 *db, const char *q)
{
    sqlite3_stmt *st;
    int64_t v = 0;
    if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK) {
        check_at(0, __LINE__, "%s: %s", q, sqlite3_errmsg(db));
        return -1;
    }
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static const char *text_of(sqlite3 *db, const char *q)
{
    static char out[4096];
    sqlite3_stmt *st;
    out[0] = 0;
    if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK) {
        check_at(0, __LINE__, "%s: %s", q, sqlite3_errmsg(db));
        return "";
    }
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, sizeof out, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

static int column_index(sqlite3_stmt *st, const char *name)
{
    for (int i = 0; i < sqlite3_column_count(st); i++)
        if (!strcmp(sqlite3_column_name(st, i), name)) return i;
    return -1;
}

/* Whether column i of the current row shows an item's value as the field table says. */
static int view_shows(sqlite3_stmt *st, int i, const msd_fcol *col, const char *item)
{
    const void *p = item + col->off;
    const char *t = (const char *)sqlite3_column_text(st, i);
    switch (col->type) {
    case MSD_T_CHARS:
        if (!*(const char *)p && (col->flags & (MSD_OMIT_EMPTY | MSD_SPACE_LIST)))
            return sqlite3_column_type(st, i) == SQLITE_NULL; /* "" is stored as NULL */
        return str_eq(t, (const char *)p);
    case MSD_T_SIZE:
        if (!*(const size_t *)p && (col->flags & MSD_ZERO_NULL))
            return sqlite3_column_type(st, i) == SQLITE_NULL;
        return sqlite3_column_int64(st, i) == (sqlite3_int64) * (const size_t *)p;
    case MSD_T_BOOL: return !sqlite3_column_int(st, i) == !*(const int *)p;
    case MSD_T_NUMBER:
        if (isnan(*(const double *)p) && (col->flags & MSD_NAN_NULL))
            return sqlite3_column_type(st, i) == SQLITE_NULL;
        return sqlite3_column_double(st, i) == *(const double *)p;
    default: return str_eq(t, *(const char *const *)p);
    }
}

/* The views show the article as the library does: article_text its fields and body,
 * each kind's view its items with the text sliced from the body and coded values as
 * words, in the columns the JSON names. */
static void check_views(sqlite3 *db, int64_t id, const marsad_article *r)
{
    sqlite3_stmt *st;
    char q[256];
    snprintf(q, sizeof q, "SELECT * FROM article_text WHERE article_id = %lld", (long long)id);
    CHECK_EQ(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
    CHECK_EQ(sqlite3_step(st), SQLITE_ROW);
    for (size_t i = 0; i < msd_article_nfields; i++) {
        const msd_afield *f = &msd_article_fields[i];
        int c = f->column ? column_index(st, f->json) : -2;
        const char *t;
        if (c == -2) continue;
        check_at(c >= 0, __LINE__, "article_text has no column %s", f->json);
        if (c < 0) continue;
        t = (const char *)sqlite3_column_text(st, c);
        switch (f->kind) {
        case MSD_A_JACCARD:
            check_at(r->f[MARSAD_FIELD_DUPLICATE_KIND]
                         ? sqlite3_column_double(st, c) == r->dup_jaccard
                         : sqlite3_column_type(st, c) == SQLITE_NULL,
                     __LINE__, "article_text.%s", f->json);
            break;
        case MSD_A_TRUNCATED:
            check_at(!sqlite3_column_int(st, c) == !r->facts_truncated, __LINE__, "article_text.%s",
                     f->json);
            break;
        default:
            check_at(str_eq(t, r->f[f->field]), __LINE__, "article_text.%s: [%s], want [%s]",
                     f->json, t ? t : "NULL", r->f[f->field] ? r->f[f->field] : "NULL");
        }
    }
    sqlite3_finalize(st);
    for (int kind = MARSAD_REMOVED; kind <= MARSAD_DATES; kind++) {
        const msd_fkind *k = &msd_fact_kinds[kind];
        size_t n, j = 0;
        const char *items = msd_record_items(r, kind, &n);
        snprintf(q, sizeof q, "SELECT * FROM %s WHERE article_id = %lld ORDER BY n", k->view,
                 (long long)id);
        CHECK_EQ(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
        for (; sqlite3_step(st) == SQLITE_ROW; j++) {
            for (size_t c = 0; j < n && c < k->ncols; c++) {
                const msd_fcol *col = &k->cols[c];
                int i = column_index(st, col->json);
                const char *t = i >= 0 ? (const char *)sqlite3_column_text(st, i) : NULL;
                check_at(i >= 0 && view_shows(st, i, col, items + j * k->item_size), __LINE__,
                         "%s[%zu].%s shows [%s]", k->view, j, col->json, t ? t : "NULL");
            }
        }
        check_at(j == n, __LINE__, "%s: %zu rows, want %zu", k->view, j, n);
        sqlite3_finalize(st);
    }
}

/* ---- The suite --------------------------------------------------------------------------- */

static int dup_calls;
static int on_group(void *ctx, int64_t size, const msd_dupref *first, const char *title,
                    const msd_dupref *others, size_t n)
{
    (void)ctx;
    dup_calls++;
    CHECK_EQ(size, 3);
    CHECK_STR(first->id, "st-1");
    CHECK_STR(first->source, "sada.example");
    CHECK_STR(title, "وصول مئات المصابين إلى مستشفيات الرقة");
    CHECK_EQ(n, 2);
    if (n == 2) {
        CHECK_STR(others[0].id, "st-2");
        CHECK_STR(others[0].kind, "exact");
        CHECK(others[0].jaccard == 1);
        CHECK_STR(others[1].id, "st-3");
        CHECK_STR(others[1].kind, "near");
        CHECK(others[1].jaccard == 0.75);
    }
    return 0;
}

static int stop_at_first(void *ctx, int64_t size, const msd_dupref *first, const char *title,
                         const msd_dupref *others, size_t n)
{
    (void)ctx, (void)size, (void)first, (void)title, (void)others, (void)n;
    return 1;
}

struct bodies {
    int64_t ids[8];
    size_t n;
    int ok;
};

static int on_body(void *ctx, int64_t id, const char *title, const char *date, uint32_t source,
                   int64_t group, const char *body, size_t len)
{
    struct bodies *b = ctx;
    (void)title, (void)date, (void)source, (void)group;
    if (b->n < 8) b->ids[b->n++] = id;
    b->ok &= strlen(body) == len && len > 0;
    return 0;
}

/* A new catalog's file: schema 3, 16 KiB pages, WAL; meta names the schema and views. */
static void new_catalog(const char *path, msd_store *s)
{
    sqlite3 *db = side(path);
    char buf[64];
    CHECK_EQ(int_of(db, "PRAGMA user_version"), MSD_STORE_SCHEMA);
    CHECK_EQ((size_t)MSD_STORE_SCHEMA, msd_schema_versions());
    CHECK_EQ(int_of(db, "PRAGMA page_size"), 16384);
    CHECK_STR(text_of(db, "PRAGMA journal_mode"), "wal");
    sqlite3_close(db);
    CHECK_EQ(msd_store_meta(s, "schema", buf, sizeof buf), MARSAD_OK);
    CHECK_STR(buf, "6");
    CHECK_EQ(msd_store_meta(s, "views", buf, sizeof buf), MARSAD_OK);
    CHECK_STR(buf, MARSAD_VERSION);
    CHECK_EQ(msd_store_meta(s, "no such key", buf, sizeof buf), MARSAD_END);
    CHECK_EQ(msd_store_set_meta(s, "analysis", "1"), MARSAD_OK);
    CHECK_EQ(msd_store_set_meta(s, "analysis", "2"), MARSAD_OK);
    CHECK_EQ(msd_store_meta(s, "analysis", buf, sizeof buf), MARSAD_OK);
    CHECK_STR(buf, "2");
}

static void manifest(msd_store *s)
{
    msd_store_segment seg, *segs = NULL;
    int64_t ids[4] = {0};
    uint8_t bits[3] = {0x05, 0, 0x80}, *got = NULL;
    size_t n = 0;
    memset(&seg, 0, sizeof seg);
    for (int i = 0; i < 3; i++) {
        snprintf(seg.file, sizeof seg.file, "seg-%d.msx", i);
        seg.ndocs = (uint32_t)(10 + i);
        seg.bytes = 1000u + (uint64_t)i;
        CHECK_EQ(msd_store_add_segment(s, &seg, &ids[i]), MARSAD_OK);
    }
    CHECK(ids[0] < ids[1] && ids[1] < ids[2]);
    CHECK_EQ(msd_store_segments(s, &segs, &n), MARSAD_OK);
    CHECK_EQ(n, 3);
    if (n == 3) {
        CHECK_STR(segs[1].file, "seg-1.msx");
        CHECK_EQ(segs[1].ndocs, 11);
        CHECK_EQ(segs[1].bytes, 1001);
        CHECK_EQ(segs[1].level, 0);
        CHECK_EQ(segs[2].id, ids[2]);
    }
    free(segs);
    /* deletion bitmaps, NULL until set */
    CHECK_EQ(msd_store_deleted(s, ids[1], &got, &n), MARSAD_OK);
    CHECK(got == NULL && n == 0);
    CHECK_EQ(msd_store_set_deleted(s, ids[1], bits, sizeof bits), MARSAD_OK);
    CHECK_EQ(msd_store_deleted(s, ids[1], &got, &n), MARSAD_OK);
    CHECK(n == sizeof bits && got && !memcmp(got, bits, n));
    free(got);
    /* a merge takes the first one's id, so the manifest stays in document order */
    snprintf(seg.file, sizeof seg.file, "seg-merged.msx");
    seg.ndocs = 21;
    seg.level = 1;
    CHECK_EQ(msd_store_begin(s), MARSAD_OK);
    CHECK_EQ(msd_store_replace_segments(s, ids, 2, &seg, &ids[3]), MARSAD_OK);
    CHECK_EQ(msd_store_commit(s), MARSAD_OK);
    CHECK_EQ(ids[3], ids[0]);
    CHECK_EQ(msd_store_segments(s, &segs, &n), MARSAD_OK);
    CHECK_EQ(n, 2);
    if (n == 2) {
        CHECK_STR(segs[0].file, "seg-merged.msx");
        CHECK_EQ(segs[0].level, 1);
        CHECK_EQ(segs[0].ndocs, 21);
        CHECK_STR(segs[1].file, "seg-2.msx");
    }
    free(segs);
    CHECK_EQ(msd_store_deleted(s, ids[0], &got, &n), MARSAD_OK); /* a new row: none */
    CHECK(got == NULL && n == 0);
    /* none replaced: added at the end */
    snprintf(seg.file, sizeof seg.file, "seg-last.msx");
    CHECK_EQ(msd_store_replace_segments(s, NULL, 0, &seg, &ids[3]), MARSAD_OK);
    CHECK(ids[3] > ids[2]);
    CHECK_EQ(msd_store_set_deleted(s, ids[2], NULL, 0), MARSAD_OK);
    CHECK_EQ(msd_store_deleted(s, ids[2], &got, &n), MARSAD_OK);
    CHECK(got == NULL && n == 0);
    CHECK_EQ(msd_store_clear_segments(s), MARSAD_OK);
    CHECK_EQ(msd_store_segments(s, &segs, &n), MARSAD_OK);
    CHECK_EQ(n, 0);
    free(segs);
}

/* A row written wrong through another connection: msd_store_get refuses the article
 * with MARSAD_EFORMAT and the handle goes on serving the others. */
static void damaged(const char *path, msd_store *s, const char *id, const char *damage,
                    const char *what)
{
    sqlite3 *db = side(path);
    sqlite3_stmt *st = NULL;
    marsad_article r;
    int64_t rowid = 0;
    CHECK_EQ(msd_store_find_ext(s, id, &rowid), MARSAD_OK);
    CHECK_EQ(sqlite3_prepare_v2(db, damage, -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, rowid);
    check_at(sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(db) > 0, __LINE__, "%s", damage);
    sqlite3_finalize(st);
    sqlite3_close(db);
    check_at(msd_store_get(s, id, &r) == MARSAD_EFORMAT, __LINE__, "a damaged row (%s)", what);
    check_at(strlen(msd_store_error(s)) > 0, __LINE__, "a message for a damaged row (%s)", what);
    msd_record_clear(&r);
    CHECK_EQ(msd_store_get(s, "st-3", &r), MARSAD_OK);
    msd_record_clear(&r);
}

/* Files that are not catalogs this library may use. */
static void refusals(const char *dir)
{
    char path[300], wal[320];
    msd_store *s = NULL;
    sqlite3 *db;
    size_t n0, n1;
    char *before, *after;
    /* someone else's database: refused, and left as it was */
    snprintf(path, sizeof path, "%s/notes.db", dir);
    db = side(path);
    EXEC(db, "CREATE TABLE notes(t); INSERT INTO notes VALUES ('mine')");
    sqlite3_close(db);
    before = test_read_file(path, &n0);
    for (int mode = MSD_STORE_READ; mode <= MSD_STORE_WRITE; mode++) {
        CHECK_EQ(msd_store_open(path, mode, &s), MARSAD_EFORMAT);
        CHECK(strstr(msd_store_error(s), "not a marsad catalog") != NULL);
        msd_store_close(s);
    }
    after = test_read_file(path, &n1);
    CHECK(before && after && n0 == n1 && !memcmp(before, after, n0));
    snprintf(wal, sizeof wal, "%s-wal", path);
    CHECK(access(wal, F_OK) != 0);
    free(before);
    free(after);
    db = side(path);
    CHECK_STR(text_of(db, "PRAGMA journal_mode"), "delete");
    CHECK_EQ(int_of(db, "SELECT count(*) FROM sqlite_master"), 1);
    sqlite3_close(db);
    /* a file that is not SQLite */
    snprintf(path, sizeof path, "%s/text.db", dir);
    CHECK_EQ(test_write_file(path, "plain text, not a database\n", 27), 0); /* 27 bytes */
    CHECK_EQ(msd_store_open(path, MSD_STORE_WRITE, &s), MARSAD_EFORMAT);
    msd_store_close(s);
    after = test_read_file(path, &n1);
    CHECK(after && n1 == 27);
    free(after);
    /* an empty file (truncated, or `: > PATH`): only CREATE takes it for a new catalog */
    snprintf(path, sizeof path, "%s/empty.db", dir);
    CHECK_EQ(test_write_file(path, "", 0), 0);
    for (int mode = MSD_STORE_READ; mode <= MSD_STORE_WRITE; mode++) {
        CHECK_EQ(msd_store_open(path, mode, &s), MARSAD_EFORMAT);
        CHECK(strstr(msd_store_error(s), "no marsad catalog in it") != NULL);
        msd_store_close(s);
        after = test_read_file(path, &n1);
        CHECK(after && n1 == 0);
        free(after);
    }
    CHECK_EQ(msd_store_open(path, MSD_STORE_CREATE, &s), MARSAD_OK);
    msd_store_close(s);
    CHECK_EQ(msd_store_open(path, MSD_STORE_WRITE, &s), MARSAD_OK);
    msd_store_close(s);
    /* WRITE makes no file where there is none */
    snprintf(path, sizeof path, "%s/absent.db", dir);
    CHECK(msd_store_open(path, MSD_STORE_WRITE, &s) != MARSAD_OK);
    msd_store_close(s);
    CHECK(access(path, F_OK) != 0);
    /* a newer schema: refused by readers and writers */
    snprintf(path, sizeof path, "%s/newer.db", dir);
    CHECK_EQ(msd_store_open(path, MSD_STORE_CREATE, &s), MARSAD_OK);
    msd_store_close(s);
    db = side(path);
    EXEC(db, "PRAGMA user_version = 7");
    sqlite3_close(db);
    for (int mode = MSD_STORE_READ; mode <= MSD_STORE_WRITE; mode++) {
        CHECK_EQ(msd_store_open(path, mode, &s), MARSAD_EFORMAT);
        CHECK(strstr(msd_store_error(s), "newer") != NULL);
        msd_store_close(s);
    }
    /* an older schema: a reader refuses it, a writer migrates it */
    snprintf(path, sizeof path, "%s/older.db", dir);
    db = side(path);
    EXEC(db, msd_schema_migration(1));
    EXEC(db, msd_schema_migration(2));
    EXEC(db, "PRAGMA user_version = 2; INSERT INTO meta VALUES ('schema', '2')");
    sqlite3_close(db);
    CHECK_EQ(msd_store_open(path, MSD_STORE_READ, &s), MARSAD_EFORMAT);
    CHECK(strstr(msd_store_error(s), "needs migrating") != NULL);
    msd_store_close(s);
    CHECK_EQ(msd_store_open(path, MSD_STORE_WRITE, &s), MARSAD_OK);
    msd_store_close(s);
    CHECK_EQ(msd_store_open(path, MSD_STORE_READ, &s), MARSAD_OK);
    msd_store_close(s);
    db = side(path);
    CHECK_EQ(int_of(db, "PRAGMA user_version"), 6);
    CHECK_STR(text_of(db, "SELECT value FROM meta WHERE key = 'schema'"), "6");
    sqlite3_close(db);
    CHECK(msd_schema_migration(0) == NULL && msd_schema_migration(7) == NULL);
}

void suite_store(void);
void suite_store(void)
{
    char dir[64], path[128], buf[64];
    msd_store *s = NULL;
    marsad_article r1, r2, r3, r4, got;
    msd_dupkeys k1, k3, k4, probe;
    msd_dupcand cands[8];
    msd_store_brief brief;
    msd_store_stats st;
    int64_t id1, id2, id3, id4, id5, rid = 0, eid = 0, id, grp, n64;
    uint32_t src;
    size_t n;
    sqlite3 *db;
    if (test_tmpdir("store", dir, sizeof dir)) return;
    snprintf(path, sizeof path, "%s/catalog.db", dir);
    CHECK_EQ(msd_store_open(path, MSD_STORE_CREATE, &s), MARSAD_OK);
    new_catalog(path, s);

    /* sources: created on demand, NULL has none */
    CHECK_EQ(msd_store_source(s, "nowhere.example", 0, &src), MARSAD_END);
    CHECK_EQ(msd_store_source(s, NULL, 1, &src), MARSAD_OK);
    CHECK_EQ(src, 0);

    /* three articles of one group (the first, an exact and a near duplicate), one alone */
    build_full(&r1, "st-1", "sada.example");
    build_full(&r2, "st-2", "khaleej.example");
    build_full(&r3, "st-3", "alwatan.example");
    build_short(&r4, "st-4", NULL, "2016-11-20", "وصلت قافلة مساعدات إلى البلدة");
    set(&r3, MARSAD_FIELD_DATE, "2016-12-04");
    r3.facts_truncated = 1;
    keys_of(&k1, 0x1111, 1, 100, 0);
    keys_of(&k3, 0x3333, 1, 130, 7); /* shares band keys 130..131 with k1 */
    keys_of(&k4, 0x4444, 0, 0, 0);
    CHECK_EQ(msd_store_begin(s), MARSAD_OK);
    id1 = add(s, &r1, &k1, 0, NULL, 0);
    id2 = add(s, &r2, &k1, id1, "exact", 1);
    id3 = add(s, &r3, &k3, id1, "near", 0.75);
    id4 = add(s, &r4, &k4, 0, NULL, 0);
    CHECK_EQ(msd_store_commit(s), MARSAD_OK);
    CHECK(id1 > 0 && id2 == id1 + 1 && id3 == id2 + 1 && id4 == id3 + 1);
    CHECK_EQ(msd_store_source(s, "khaleej.example", 0, &src), MARSAD_OK);
    CHECK(src > 0);

    /* read back whole */
    CHECK_EQ(msd_store_get(s, "st-1", &got), MARSAD_OK);
    check_same(&r1, &got, __LINE__);
    CHECK_EQ(got.rowid, id1);
    CHECK(got.f[MARSAD_FIELD_DUPLICATE_OF] == NULL && got.f[MARSAD_FIELD_DUPLICATE_KIND] == NULL);
    CHECK(got.f[MSD_F_INGESTED] && strlen(got.f[MSD_F_INGESTED]) == 20 &&
          got.f[MSD_F_INGESTED][10] == 'T' && got.f[MSD_F_INGESTED][19] == 'Z');
    CHECK_EQ(got.n_dups, 2);
    if (got.n_dups == 2) {
        CHECK_STR(got.dups[0].id, "st-2");
        CHECK_STR(got.dups[0].source, "khaleej.example");
        CHECK_STR(got.dups[0].kind, "exact");
        CHECK_STR(got.dups[1].id, "st-3");
        CHECK_STR(got.dups[1].date, "2016-12-04");
        CHECK(got.dups[1].jaccard == 0.75);
    }
    /* coded values come back as the static words, sliced texts as the body's */
    if (got.facts.entities.n == 5) {
        CHECK(got.facts.entities.items[2].subtype ==
              msd_fact_kinds[MARSAD_ENTITIES].cols[3].values[0]);
        CHECK_STR(got.facts.entities.items[3].text, "السالم");
        CHECK_STR(got.facts.entities.items[3].canonical, "أحمد السالم");
    }
    if (got.facts.quotes.n == 2) CHECK(got.facts.quotes.items[1].speaker_text == NULL);
    if (got.n_removed == 3) CHECK_EQ(got.removed[1].line, 0);
    check_views(db = side(path), id1, &got);
    /* a name is stored once, however many facts give it */
    CHECK_EQ(int_of(db, "SELECT count(*) FROM names"), 3);
    CHECK_EQ(int_of(db, "SELECT count(*) FROM names WHERE name = 'أحمد السالم'"), 1);
    /* the body deflated, readable with sqlar_uncompress as the shell has it */
    CHECK(int_of(db, "SELECT length(body_z) < body_size FROM articles WHERE ext_id = 'st-1'"));
    msd_record_clear(&got);

    CHECK_EQ(msd_store_get(s, "st-2", &got), MARSAD_OK);
    check_same(&r2, &got, __LINE__);
    CHECK_STR(got.f[MARSAD_FIELD_DUPLICATE_OF], "st-1");
    CHECK_STR(got.f[MARSAD_FIELD_DUPLICATE_KIND], "exact");
    CHECK(got.dup_jaccard == 1);
    CHECK_EQ(got.n_dups, 2);
    if (got.n_dups == 2) {
        CHECK_STR(got.dups[0].id, "st-1");
        CHECK(got.dups[0].kind == NULL);
    }
    check_views(db, id2, &got);
    msd_record_clear(&got);
    CHECK_EQ(msd_store_get(s, "st-4", &got), MARSAD_OK);
    check_same(&r4, &got, __LINE__);
    CHECK_EQ(got.n_dups, 0);
    check_views(db, id4, &got);
    msd_record_clear(&got);
    CHECK_EQ(msd_store_get(s, "no-such-id", &got), MARSAD_END);

    /* lookups */
    CHECK_EQ(msd_store_find_ext(s, "st-3", &id), MARSAD_OK);
    CHECK_EQ(id, id3);
    CHECK_EQ(msd_store_find_ext(s, "st-9", &id), MARSAD_END);
    CHECK_EQ(msd_store_find_hash(s, 0x1111, &id, &grp), MARSAD_OK);
    CHECK(id == id1 && grp == id1);
    CHECK_EQ(msd_store_find_hash(s, 0x3333, &id, &grp), MARSAD_OK);
    CHECK(id == id3 && grp == id1);
    CHECK_EQ(msd_store_find_hash(s, 0x9999, &id, &grp), MARSAD_END);
    CHECK_EQ(msd_store_group_size(s, id1, &n64), MARSAD_OK);
    CHECK_EQ(n64, 3);
    CHECK_EQ(msd_store_group_size(s, id4, &n64), MARSAD_OK);
    CHECK_EQ(n64, 1);
    CHECK_EQ(msd_store_brief_of(s, id3, 1, &brief), MARSAD_OK);
    CHECK_STR(brief.ext_id, "st-3");
    CHECK_STR(brief.source, "alwatan.example");
    CHECK_STR(brief.date, "2016-12-04");
    CHECK(brief.body_len == strlen(body1) && brief.body && !strcmp(brief.body, body1));
    CHECK_EQ(brief.group, id1);
    /* … and holds no read snapshot once it returns: another connection's commit is seen */
    EXEC(db, "INSERT INTO meta VALUES ('seen', 'yes')");
    CHECK_EQ(msd_store_meta(s, "seen", buf, sizeof buf), MARSAD_OK);
    CHECK_EQ(msd_store_brief_of(s, 999, 0, &brief), MARSAD_END);

    /* candidates by band key: the articles sharing one, in id order, with signatures */
    keys_of(&probe, 0, 1, 131, 0); /* bands 131…: k1 has 131, k3 130… */
    CHECK_EQ(msd_store_candidates(s, &probe, cands, 8, &n), MARSAD_OK);
    CHECK_EQ(n, 3); /* st-1, st-2 (same keys as st-1), st-3 */
    if (n == 3) {
        CHECK(cands[0].id == id1 && cands[1].id == id2 && cands[2].id == id3);
        CHECK(cands[2].group == id1);
        CHECK(!memcmp(cands[0].sig, k1.sig, k1.nslots) && !memcmp(cands[2].sig, k3.sig, 128));
    }
    CHECK_EQ(msd_store_candidates(s, &probe, cands, 2, &n), MARSAD_OK); /* at most cap */
    CHECK_EQ(n, 2);
    keys_of(&probe, 0, 1, 10000, 0);
    CHECK_EQ(msd_store_candidates(s, &probe, cands, 8, &n), MARSAD_OK);
    CHECK_EQ(n, 0);
    keys_of(&probe, 0, 1, 100, 0);
    probe.nslots = 64; /* signatures of other parameters are left out */
    CHECK_EQ(msd_store_candidates(s, &probe, cands, 8, &n), MARSAD_OK);
    CHECK_EQ(n, 0);

    /* duplicate groups: only groups of two or more */
    dup_calls = 0;
    CHECK_EQ(msd_store_groups(s, 0, on_group, NULL), MARSAD_OK);
    CHECK_EQ(dup_calls, 1);
    CHECK_EQ(msd_store_groups(s, 1, stop_at_first, NULL), MARSAD_ESTOP);

    /* statistics and the bodies walk */
    CHECK_EQ(msd_store_stats_of(s, &st), MARSAD_OK);
    CHECK_EQ(st.articles, 4);
    CHECK_EQ(st.sources, 3);
    CHECK_EQ(st.exact_dups, 1);
    CHECK_EQ(st.near_dups, 1);
    CHECK_EQ(st.groups_with_dups, 1);
    CHECK_STR(st.first_date, "2016-11-20");
    CHECK_STR(st.last_date, "2016-12-04");
    {
        struct bodies b = {{0}, 0, 1};
        CHECK_EQ(msd_store_each_body(s, on_body, &b), MARSAD_OK);
        CHECK(b.n == 4 && b.ok && b.ids[0] == id1 && b.ids[3] == id4);
    }

    /* a name rolled back with its transaction is not taken for stored */
    {
        marsad_article r;
        build_short(&r, "st-r", NULL, NULL, "أعلن الهلال الأحمر وصول القافلة");
        add_entity(&r, "الهلال الأحمر", 0, "جمعية الهلال الأحمر", "ORG", NULL);
        CHECK_EQ(msd_store_begin(s), MARSAD_OK);
        id = add(s, &r, &k4, 0, NULL, 0);
        CHECK_EQ(msd_store_rollback(s), MARSAD_OK);
        CHECK_EQ(msd_store_find_ext(s, "st-r", &id), MARSAD_END);
        rid = add(s, &r, &k4, 0, NULL, 0);
        CHECK_EQ(rid, id4 + 1); /* the id rolled back with its row */
        CHECK_EQ(msd_store_get(s, "st-r", &got), MARSAD_OK);
        check_same(&r, &got, __LINE__);
        msd_record_clear(&got);
        CHECK_EQ(msd_store_delete(s, rid), MARSAD_OK);
        msd_record_clear(&r);
        CHECK_EQ(msd_store_rollback(s), MARSAD_OK); /* none open: nothing to do */
    }

    /* an empty body (stored as zero bytes) comes back empty, not NULL */
    {
        marsad_article r;
        build_short(&r, "st-e", NULL, NULL, "");
        id = eid = add(s, &r, &k4, 0, NULL, 0);
        CHECK_EQ(msd_store_get(s, "st-e", &got), MARSAD_OK);
        check_same(&r, &got, __LINE__);
        CHECK(got.f[MARSAD_FIELD_BODY] && got.body_len == 0);
        msd_record_clear(&got);
        CHECK_EQ(msd_store_brief_of(s, id, 1, &brief), MARSAD_OK);
        CHECK(brief.body && brief.body_len == 0);
        CHECK_EQ(msd_store_delete(s, id), MARSAD_OK);
        msd_record_clear(&r);
    }

    /* deleting the group's first: the next article leads it, the rest follow; the
     * first's facts and signature go */
    CHECK_EQ(msd_store_begin(s), MARSAD_OK);
    CHECK_EQ(msd_store_delete(s, id1), MARSAD_OK);
    CHECK_EQ(msd_store_commit(s), MARSAD_OK);
    CHECK_EQ(msd_store_find_ext(s, "st-1", &id), MARSAD_END);
    CHECK_EQ(msd_store_get(s, "st-2", &got), MARSAD_OK);
    CHECK(got.f[MARSAD_FIELD_DUPLICATE_OF] == NULL && got.f[MARSAD_FIELD_DUPLICATE_KIND] == NULL);
    CHECK(got.n_dups == 1 && !strcmp(got.dups[0].id, "st-3"));
    msd_record_clear(&got);
    CHECK_EQ(msd_store_get(s, "st-3", &got), MARSAD_OK);
    CHECK_STR(got.f[MARSAD_FIELD_DUPLICATE_OF], "st-2");
    CHECK_STR(got.f[MARSAD_FIELD_DUPLICATE_KIND], "near");
    CHECK(got.dup_jaccard == 0.75 && got.facts_truncated);
    check_same(&r3, &got, __LINE__);
    check_views(db, id3, &got);
    msd_record_clear(&got);
    CHECK_EQ(msd_store_group_size(s, id2, &n64), MARSAD_OK);
    CHECK_EQ(n64, 2);
    CHECK_EQ(msd_store_group_size(s, id1, &n64), MARSAD_OK);
    CHECK_EQ(n64, 0);
    CHECK_EQ(msd_store_find_hash(s, 0x1111, &id, &grp), MARSAD_OK);
    CHECK(id == id2 && grp == id2);
    keys_of(&probe, 0, 1, 131, 0);
    CHECK_EQ(msd_store_candidates(s, &probe, cands, 8, &n), MARSAD_OK);
    CHECK(n == 2 && cands[0].id == id2 && cands[1].id == id3 && cands[1].group == id2);
    {
        static const char *const tables[] = {"removed", "entities", "quotes",
                                             "numbers", "dates",    "signatures"};
        for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
            char q[128];
            snprintf(q, sizeof q, "SELECT count(*) FROM %s WHERE article_id = %lld", tables[t],
                     (long long)id1);
            check_at(int_of(db, q) == 0, __LINE__, "%s rows of a deleted article", tables[t]);
        }
    }
    /* a deleted id is never given again, not even the last one */
    CHECK_EQ(msd_store_delete(s, id4), MARSAD_OK);
    id5 = add(s, &r4, &k4, 0, NULL, 0);
    CHECK_EQ(id5, eid + 1); /* st-e's */

    /* damaged rows */
    {
        static const struct {
            const char *sql, *what;
        } cases[] = {
            {"UPDATE entities SET type = 99 WHERE article_id = ?1 AND n = 0", "entity type"},
            {"UPDATE entities SET end = 100000 WHERE article_id = ?1 AND n = 1", "span past"},
            {"UPDATE numbers SET start = 40, end = 30 WHERE article_id = ?1", "span reversed"},
            {"UPDATE dates SET start = -3 WHERE article_id = ?1 AND n = 1", "negative offset"},
            {"UPDATE quotes SET speaker_end = 900 WHERE article_id = ?1 AND n = 0", "speaker past"},
            {"UPDATE removed SET reason = 0 WHERE article_id = ?1 AND n = 2", "reason code"},
            {"UPDATE dates SET grain = 12 WHERE article_id = ?1", "grain code"},
            {"UPDATE numbers SET qualifier = -1 WHERE article_id = ?1 AND n = 2", "qualifier"},
            {"UPDATE articles SET body_z = x'00112233' WHERE id = ?1", "body not zlib"},
            {"UPDATE articles SET body_size = -1 WHERE id = ?1", "negative body size"},
            {"UPDATE articles SET body_size = body_size + 1 WHERE id = ?1", "body size"},
            {"UPDATE articles SET body_size = 1099511627776 WHERE id = ?1", "huge body size"},
        };
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
            marsad_article r;
            char id_c[16];
            snprintf(id_c, sizeof id_c, "dmg-%zu", c);
            build_full(&r, id_c, "sada.example");
            add(s, &r, &k4, 0, NULL, 0);
            msd_record_clear(&r);
            damaged(path, s, id_c, cases[c].sql, cases[c].what);
        }
    }

    /* the segment manifest */
    manifest(s);
    sqlite3_close(db);
    msd_store_close(s);

    /* a reader sees what was committed, and cannot write */
    CHECK_EQ(msd_store_open(path, MSD_STORE_READ, &s), MARSAD_OK);
    CHECK_EQ(msd_store_get(s, "st-3", &got), MARSAD_OK);
    check_same(&r3, &got, __LINE__);
    msd_record_clear(&got);
    CHECK_EQ(msd_store_meta(s, "analysis", buf, sizeof buf), MARSAD_OK);
    CHECK(msd_store_set_meta(s, "analysis", "3") != MARSAD_OK);
    msd_store_close(s);

    refusals(dir);
    msd_record_clear(&r1);
    msd_record_clear(&r2);
    msd_record_clear(&r3);
    msd_record_clear(&r4);
    test_rmtree(dir);
}
