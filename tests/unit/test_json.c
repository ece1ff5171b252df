/* test_json.c — the JSON of src/archive/json.c, driven by the field tables: the three
 * views of articles made by marsad_process (a few files of data/examples and a JSONL
 * fixture of our own) parsed back with jansson — every key the field table (and
 * ../shared/API.md, when it is there) names, with its JSON type, and no other; offsets
 * that slice the body in code points to each item's text; whole numbers as integers.
 * Then the round trip: the same inputs ingested, each article fetched back from the
 * archive prints, key for key, what marsad_process printed, plus the archive's own
 * keys. Last, the shapes of search results, statistics, duplicate groups and search
 * errors. */
#include <math.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "marsad.h"
#include "store/fields.h"
#include "store/record.h"
#include "test.h"

static void check_at(int ok, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void check_at(int ok, int line, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    test_check(ok, __FILE__, line, msg);
}

/* Our own articles: the same report from two outlets (an exact duplicate), and one with
 * a date the readers cannot read, so it is kept raw. */
static const char fixture[] =
    "{\"id\":\"fx-1\",\"source\":\"nahar.example\",\"url\":\"https://nahar.example/a/1\","
    "\"date\":\"2016-12-02\",\"title\":\"قافلة مساعدات إلى مخيمات عرسال\",\"author\":\"مراسل "
    "البقاع\",\"section\":\"محليات\",\"text\":\"قافلة مساعدات إلى مخيمات عرسال\\n\\nقال مدير "
    "الهلال الأحمر في البقاع سامر الخطيب إن نحو 300 عائلة تلقت حصصا غذائية وبطانيات أمس الخميس "
    "بعد العاصفة الثلجية التي ضربت المنطقة.\\n\\nوأضاف الخطيب أن فرق الإغاثة ستعود إلى المخيمات "
    "خلال الأسبوع المقبل لتوزيع 1200 مدفأة على الأسر الأكثر حاجة، على بعد 3.5 كلم من البلدة.\"}\n"
    "{\"id\":\"fx-2\",\"source\":\"bilad.example\",\"date\":\"2016-12-02\",\"title\":\"قافلة "
    "مساعدات إلى مخيمات عرسال\",\"text\":\"قافلة مساعدات إلى مخيمات عرسال\\n\\nقال مدير الهلال "
    "الأحمر في البقاع سامر الخطيب إن نحو 300 عائلة تلقت حصصا غذائية وبطانيات أمس الخميس بعد "
    "العاصفة الثلجية التي ضربت المنطقة.\\n\\nوأضاف الخطيب أن فرق الإغاثة ستعود إلى المخيمات خلال "
    "الأسبوع المقبل لتوزيع 1200 مدفأة على الأسر الأكثر حاجة، على بعد 3.5 كلم من البلدة.\"}\n"
    "{\"id\":\"fx-3\",\"source\":\"nahar.example\",\"date\":\"الجمعة الماضي\",\"title\":\"صيانة "
    "شبكة المياه\",\"text\":\"أعلنت بلدية طرابلس أن أكثر من 40 عاملا أنهوا صيانة شبكة المياه في "
    "الأحياء الشرقية، وقال رئيس البلدية إن الأعمال ستستمر حتى نهاية الشهر.\"}\n";

static const char *const examples[] = {
    "data/examples/raqqa-offensive-alwatan.txt",  "data/examples/raqqa-offensive-sada.txt",
    "data/examples/raqqa-offensive-rafidain.txt", "data/examples/rabat-summit-rafidain.txt",
    "data/examples/oil-budget-khaleej.txt",
};
#define N_EXAMPLES (sizeof examples / sizeof examples[0])

/* ---- Code points ------------------------------------------------------------------------- */

static size_t cp_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The code points [a, b) of s, malloc'd; NULL when they are not all there. */
static char *cp_slice(const char *s, size_t a, size_t b)
{
    const char *p = s, *q;
    char *out;
    size_t cp = 0;
    if (a > b) return NULL;
    for (; *p && cp < a; p++)
        if (((unsigned char)p[1] & 0xC0) != 0x80) cp++;
    if (cp < a) return NULL;
    for (q = p; *q && cp < b; q++)
        if (((unsigned char)q[1] & 0xC0) != 0x80) cp++;
    if (cp < b) return NULL;
    if (!(out = malloc((size_t)(q - p) + 1))) return NULL;
    memcpy(out, p, (size_t)(q - p));
    out[q - p] = 0;
    return out;
}

/* s cut to at most max bytes, at a code point (for messages). */
static char *clip(char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    if (n > max) {
        while (max && ((unsigned char)s[max] & 0xC0) == 0x80) max--;
        s[max] = 0;
    }
    return s;
}

/* ---- One view against the field table ----------------------------------------------------- */

static const char *type_name(const json_t *v)
{
    static const char *const names[] = {"object", "array",   "string",  "integer",
                                        "real",   "boolean", "boolean", "null"};
    return v ? names[json_typeof(v)] : "missing";
}

/* The item's value of one column as the table says the JSON writes it. */
static void check_col(const msd_fcol *col, const char *item, const json_t *o, const char *where,
                      int line)
{
    const void *p = item + col->off;
    const json_t *v = json_object_get(o, col->json);
    if ((col->flags & MSD_OMIT_UNLESS) && !*(char *const *)(item + col->off_with)) {
        check_at(!v, line, "%s.%s: present without %s", where, col->json, "its companion");
        return;
    }
    switch (col->type) {
    case MSD_T_STR:
    case MSD_T_NAME:
    case MSD_T_ENUM:
    case MSD_T_SLICE: {
        const char *s = *(const char *const *)p;
        if ((!s && (col->flags & MSD_OMIT_NULL)) ||
            (s && (col->flags & MSD_OMIT_DEFAULT) && !strcmp(s, col->def))) {
            check_at(!v, line, "%s.%s: should be left out", where, col->json);
            return;
        }
        check_at(s ? json_is_string(v) && !strcmp(json_string_value(v), s) : json_is_null(v), line,
                 "%s.%s: %s, want %s", where, col->json, type_name(v), s ? s : "null");
        return;
    }
    case MSD_T_CHARS: {
        const char *s = (const char *)p;
        if (!*s && (col->flags & (MSD_OMIT_EMPTY | MSD_SPACE_LIST))) {
            check_at(!v, line, "%s.%s: \"\" should be left out", where, col->json);
        } else if (col->flags & MSD_SPACE_LIST) { /* "a b" → ["a", "b"] */
            char joined[256] = "";
            size_t at = 0;
            for (size_t k = 0; json_is_array(v) && k < json_array_size(v) && at < sizeof joined;
                 k++)
                at += (size_t)snprintf(joined + at, sizeof joined - at, "%s%s", k ? " " : "",
                                       json_string_value(json_array_get(v, k)));
            check_at(json_is_array(v) && !strcmp(joined, s), line, "%s.%s: %s, want [%s]", where,
                     col->json, type_name(v), s);
        } else {
            check_at(json_is_string(v) && !strcmp(json_string_value(v), s), line, "%s.%s", where,
                     col->json);
        }
        return;
    }
    case MSD_T_SIZE: {
        size_t n = *(const size_t *)p;
        if (!n && (col->flags & MSD_ZERO_NULL))
            check_at(json_is_null(v), line, "%s.%s: %s, want null", where, col->json, type_name(v));
        else
            check_at(json_is_integer(v) && json_integer_value(v) == (json_int_t)n, line,
                     "%s.%s: %s, want the integer %zu", where, col->json, type_name(v), n);
        return;
    }
    case MSD_T_BOOL:
        if (!*(const int *)p && (col->flags & MSD_OMIT_FALSE)) {
            check_at(!v, line, "%s.%s: false should be left out", where, col->json);
            return;
        }
        check_at(json_is_boolean(v) && json_is_true(v) == !!*(const int *)p, line, "%s.%s", where,
                 col->json);
        return;
    default: { /* a whole number prints as an integer, any other as a real */
        double d = *(const double *)p;
        int whole = d == (double)(long long)d;
        if (isnan(d) && (col->flags & MSD_NAN_NULL)) {
            check_at(!v, line, "%s.%s: NAN should be left out", where, col->json);
            return;
        }
        check_at(whole ? json_is_integer(v) : json_is_real(v), line, "%s.%s: %s for %g", where,
                 col->json, type_name(v), d);
        check_at(json_is_number(v) && json_number_value(v) == d, line, "%s.%s: value", where,
                 col->json);
    }
    }
}

/* Every key of an item is a column of its kind. */
static void check_no_stray(const json_t *o, const msd_fcol *cols, size_t n, const char *where,
                           int line)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)o, key, v)
    {
        size_t c = 0;
        while (c < n && strcmp(cols[c].json, key)) c++;
        check_at(c < n, line, "%s: a key the table does not have: %s", where, key);
    }
}

/* The items of one kind: as many as the article has, each column as the table says, and
 * each span slicing the JSON's own body to the item's text. */
static void check_items(const marsad_article *a, int kind, const json_t *arr, const char *body,
                        const char *id)
{
    const msd_fkind *k = &msd_fact_kinds[kind];
    size_t n;
    const char *items = msd_record_items(a, kind, &n);
    check_at(json_is_array(arr) && json_array_size(arr) == n, __LINE__, "%s: %s has %zu items", id,
             k->table, n);
    for (size_t i = 0; json_is_array(arr) && i < n && i < json_array_size(arr); i++) {
        const json_t *o = json_array_get(arr, i);
        char where[128];
        snprintf(where, sizeof where, "%s: %s[%zu]", id, k->table, i);
        check_at(json_is_object(o), __LINE__, "%s is an object", where);
        for (size_t c = 0; c < k->ncols; c++)
            check_col(&k->cols[c], items + i * k->item_size, o, where, __LINE__);
        check_no_stray(o, k->cols, k->ncols, where, __LINE__);
        /* spans: code points of the body, end exclusive */
        for (size_t c = 0; body && c < k->ncols; c++) {
            const msd_fcol *col = &k->cols[c];
            const json_t *t = json_object_get(o, col->json);
            const char *from = NULL, *to = NULL;
            char *slice;
            if (col->type != MSD_T_SLICE || !json_is_string(t)) continue;
            for (size_t j = 0; j < k->ncols; j++) {
                if (k->cols[j].type != MSD_T_SIZE) continue;
                if (k->cols[j].off == col->off_start) from = k->cols[j].json;
                if (k->cols[j].off == col->off_end) to = k->cols[j].json;
            }
            if (!from || !to) continue;
            slice = cp_slice(body, (size_t)json_integer_value(json_object_get(o, from)),
                             (size_t)json_integer_value(json_object_get(o, to)));
            check_at(slice && !strcmp(slice, json_string_value(t)), __LINE__,
                     "%s.%s: the body's code points [%s, %s) are [%s], not [%s]", where, col->json,
                     from, to, slice ? slice : "out of range", json_string_value(t));
            free(slice);
        }
    }
}

/* One view of an article, parsed: the keys the table gives that view, in its order, with
 * their types and values, and no other. */
static json_t *check_view(const marsad_article *a, int view, int archived, const char *id)
{
    char *text = NULL;
    size_t len = 0, fi = 0;
    json_error_t err;
    json_t *o;
    const char *key, *body = NULL;
    json_t *v;
    CHECK_EQ(marsad_article_json(a, view, &text, &len), MARSAD_OK);
    if (!text) return NULL;
    CHECK(len == strlen(text) && !strchr(text, '\n'));
    o = json_loads(text, 0, &err);
    check_at(json_is_object(o), __LINE__, "%s: view %d is not a JSON object: %s", id, view,
             err.text);
    marsad_free(text);
    if (!o) return NULL;
    body = json_string_value(json_object_get(o, "body"));
    CHECK(body != NULL);
    for (size_t i = 0; i < msd_article_nfields; i++) {
        const msd_afield *f = &msd_article_fields[i];
        const char *s = f->field >= 0 && f->field < MSD_NFIELDS ? a->f[f->field] : NULL;
        v = json_object_get(o, f->json);
        if (!(f->views & (1u << view))) continue;
        if ((f->flags & MSD_ONLY_ARCHIVED) && !archived) {
            check_at(!v, __LINE__, "%s: %s in an article not archived", id, f->json);
            continue;
        }
        switch (f->kind) {
        case MSD_A_SCHEMA:
            check_at(json_is_integer(v) && json_integer_value(v) == 1, __LINE__, "%s: schema", id);
            break;
        case MSD_A_BODY: {
            size_t n;
            const char *b = marsad_article_body(a, &n);
            check_at(json_is_string(v) && json_string_length(v) == n &&
                         !memcmp(json_string_value(v), b, n),
                     __LINE__, "%s: body", id);
            break;
        }
        case MSD_A_REMOVED:
        case MSD_A_FACTS: check_items(a, f->field, v, body, id); break;
        case MSD_A_TRUNCATED:
            check_at(a->facts_truncated ? json_is_true(v) : !v, __LINE__, "%s: facts_truncated",
                     id);
            break;
        case MSD_A_JSON:
            check_at(s ? json_is_object(v) : !v, __LINE__, "%s: %s: %s", id, f->json, type_name(v));
            break;
        case MSD_A_JACCARD:
            check_at(a->f[MARSAD_FIELD_DUPLICATE_KIND] ? json_is_real(v) : json_is_null(v),
                     __LINE__, "%s: %s: %s", id, f->json, type_name(v));
            break;
        case MSD_A_DUPS:
            check_at(json_is_array(v) &&
                         json_array_size(v) == marsad_article_count(a, MARSAD_DUPLICATES),
                     __LINE__, "%s: duplicates", id);
            break;
        default: /* a string, or null (or left out) when there is none */
            if (!s && !(f->flags & MSD_SHOW_NULL))
                check_at(!v, __LINE__, "%s: %s should be left out", id, f->json);
            else
                check_at(
                    s ? json_is_string(v) && !strcmp(json_string_value(v), s) : json_is_null(v),
                    __LINE__, "%s: %s: %s, want %s", id, f->json, type_name(v), s ? s : "null");
        }
    }
    /* no other key, and the table's order */
    json_object_foreach(o, key, v)
    {
        while (fi < msd_article_nfields && (strcmp(msd_article_fields[fi].json, key) ||
                                            !(msd_article_fields[fi].views & (1u << view))))
            fi++;
        check_at(fi < msd_article_nfields, __LINE__,
                 "%s: view %d: key %s is not in the table, "
                 "or out of its order",
                 id, view, key);
    }
    return o;
}

/* ---- ../shared/API.md: the contract, when it is beside the repository ---------------------- */

/* The nth ```json block of API.md, parsed; NULL when there is none. */
static json_t *api_block(int nth)
{
    const char *data = test_shared_data();
    char path[1024];
    char *md, *p, *end;
    json_t *o = NULL;
    if (!data) return NULL;
    snprintf(path, sizeof path, "%s/../API.md", data);
    if (!(md = test_read_file(path, NULL))) return NULL;
    for (p = md; (p = strstr(p, "```json\n")) && nth-- > 0; p++)
        ;
    if (p && (end = strstr(p + 8, "\n```"))) {
        *end = 0;
        o = json_loads(p + 8, 0, NULL);
    }
    free(md);
    return o;
}

/* ours has the type doc shows: a string or null for a string (or a null), a number for
 * a number (null where the table allows it), the same kind of container. */
static int api_type_ok(const json_t *doc, const json_t *ours, int nullable)
{
    if (!ours) return 0;
    switch (json_typeof(doc)) {
    case JSON_STRING:
    case JSON_NULL: return json_is_string(ours) || json_is_null(ours);
    case JSON_INTEGER:
    case JSON_REAL: return json_is_number(ours) || (nullable && json_is_null(ours));
    case JSON_TRUE:
    case JSON_FALSE: return json_is_boolean(ours);
    default: return json_typeof(doc) == json_typeof(ours);
    }
}

/* Whether the table lets a column of that key print null for a number (MSD_ZERO_NULL). */
static int nullable_number(const char *key)
{
    for (int kind = MARSAD_REMOVED; kind <= MARSAD_DATES; kind++)
        for (size_t c = 0; c < msd_fact_kinds[kind].ncols; c++)
            if (!strcmp(msd_fact_kinds[kind].cols[c].json, key) &&
                (msd_fact_kinds[kind].cols[c].flags & MSD_ZERO_NULL))
                return 1;
    return 0;
}

/* Every key of API.md's article, and of its items, with its type. */
static void check_api(const json_t *doc, const json_t *ours, const char *id)
{
    const char *key;
    json_t *dv;
    json_object_foreach((json_t *)doc, key, dv)
    {
        const json_t *ov = json_object_get(ours, key);
        check_at(api_type_ok(dv, ov, 0), __LINE__, "%s: API.md's %s is a %s, ours a %s", id, key,
                 type_name(dv), type_name(ov));
        if (!json_is_array(dv) || !json_is_object(json_array_get(dv, 0)) || !json_is_array(ov))
            continue;
        for (size_t i = 0; i < json_array_size(ov); i++) {
            const char *ik;
            json_t *idv;
            json_object_foreach(json_array_get(dv, 0), ik, idv)
            {
                const json_t *iov = json_object_get(json_array_get(ov, i), ik);
                check_at(api_type_ok(idv, iov, nullable_number(ik)), __LINE__,
                         "%s: API.md's %s[].%s is a %s, ours a %s", id, key, ik, type_name(idv),
                         type_name(iov));
            }
        }
    }
}

/* ---- Articles made by marsad_process -------------------------------------------------------- */

#define MAX_ARTICLES 16

struct seen {
    json_t *api; /* API.md's article, or NULL */
    size_t n;
    char id[MAX_ARTICLES][64];
    json_t *article[MAX_ARTICLES]; /* its MARSAD_JSON_ARTICLE, parsed */
    int empty[MAX_ARTICLES];
};

static int on_article(void *ctx, const marsad_article *a)
{
    struct seen *s = ctx;
    const char *id = marsad_article_field(a, MARSAD_FIELD_ID);
    json_t *views[3];
    CHECK(id != NULL);
    if (!id || s->n >= MAX_ARTICLES) return 1;
    snprintf(s->id[s->n], sizeof s->id[s->n], "%s", id);
    for (int view = MARSAD_JSON_ARTICLE; view <= MARSAD_JSON_FACTS; view++)
        views[view] = check_view(a, view, 0, id);
    if (s->api && views[0]) check_api(s->api, views[0], id);
    /* the facts view opens with the body; the record ends with it */
    if (views[2]) CHECK_STR(json_object_iter_key(json_object_iter(views[2])), "body");
    s->article[s->n] = views[0];
    s->empty[s->n] = a->body_len == 0;
    s->n++;
    json_decref(views[1]);
    json_decref(views[2]);
    return 0;
}

/* What an article of the fixture must show: a quote, "نحو 300" as 300 (an integer) and
 * 3.5 as a real, a relative date resolved against the article's day, the raw date. */
static void check_fixture(const struct seen *s)
{
    for (size_t i = 0; i < s->n; i++) {
        const json_t *o = s->article[i];
        char *text;
        if (!o) continue;
        text = json_dumps(o, JSON_COMPACT);
        if (!strcmp(s->id[i], "fx-1")) {
            CHECK(strstr(text, "\"value\":300,") != NULL);
            CHECK(strstr(text, "\"value\":3.5,") != NULL);
            CHECK(strstr(text, "\"text\":\"أمس الخميس\",\"value\":\"2016-12-01\"") != NULL);
            CHECK(json_array_size(json_object_get(o, "quotes")) >= 1);
            CHECK_STR(json_string_value(json_object_get(o, "author")), "مراسل البقاع");
            CHECK_STR(json_string_value(json_object_get(json_object_get(o, "meta"), "section")),
                      "محليات");
        }
        if (!strcmp(s->id[i], "fx-3")) {
            CHECK(json_is_null(json_object_get(o, "date")));
            CHECK_STR(json_string_value(json_object_get(o, "date_raw")), "الجمعة الماضي");
            CHECK(json_is_null(json_object_get(o, "author")));
        }
        free(text);
    }
}

/* ---- The archive's JSON: the round trip and the other shapes ------------------------------- */

static const char *const archive_keys[] = {"duplicate_of", "duplicate_kind", "duplicate_jaccard",
                                           "duplicates", "ingested"};

static int is_archive_key(const char *key)
{
    for (size_t k = 0; k < sizeof archive_keys / sizeof archive_keys[0]; k++)
        if (!strcmp(key, archive_keys[k])) return 1;
    return 0;
}

/* The archived article prints every key marsad_process printed, with the same value, and
 * the archive's keys beside them. */
static void round_trip(marsad_archive *ar, const struct seen *s)
{
    for (size_t i = 0; i < s->n; i++) {
        marsad_article *a = NULL;
        int rc = marsad_archive_get(ar, s->id[i], &a);
        json_t *o;
        const char *key;
        json_t *v;
        if (s->empty[i]) { /* nothing left to store */
            check_at(rc == MARSAD_ENOTFOUND, __LINE__, "%s: an empty article stored", s->id[i]);
            continue;
        }
        check_at(rc == MARSAD_OK, __LINE__, "%s: marsad_archive_get: %s", s->id[i],
                 marsad_strerror(rc));
        if (rc) continue;
        o = check_view(a, MARSAD_JSON_ARTICLE, 1, s->id[i]);
        for (int view = MARSAD_JSON_RECORD; view <= MARSAD_JSON_FACTS; view++)
            json_decref(check_view(a, view, 1, s->id[i]));
        json_object_foreach(s->article[i], key, v)
        {
            json_t *w = json_object_get(o, key);
            char *want = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
            char *got = w ? json_dumps(w, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
            check_at(w && json_equal(v, w), __LINE__,
                     "%s: key \"%s\" differs once archived:\n  processed %s\n  archived  %s",
                     s->id[i], key, clip(want, 240), got ? clip(got, 240) : "(missing)");
            free(want);
            free(got);
        }
        json_object_foreach(o, key, v)
            check_at(json_object_get(s->article[i], key) || is_archive_key(key), __LINE__,
                     "%s: key \"%s\" only once archived", s->id[i], key);
        for (size_t k = 0; k < sizeof archive_keys / sizeof archive_keys[0]; k++)
            check_at(json_object_get(o, archive_keys[k]) != NULL, __LINE__,
                     "%s: archived without %s", s->id[i], archive_keys[k]);
        if (!strcmp(s->id[i], "fx-2")) { /* fx-1 from another outlet */
            CHECK_STR(json_string_value(json_object_get(o, "duplicate_of")), "fx-1");
            CHECK_STR(json_string_value(json_object_get(o, "duplicate_kind")), "exact");
            CHECK(json_real_value(json_object_get(o, "duplicate_jaccard")) == 1.0);
        }
        if (!strcmp(s->id[i], "fx-1")) {
            json_t *d = json_array_get(json_object_get(o, "duplicates"), 0);
            CHECK(json_is_null(json_object_get(o, "duplicate_of")));
            CHECK_STR(json_string_value(json_object_get(d, "id")), "fx-2");
            CHECK_STR(json_string_value(json_object_get(d, "source")), "bilad.example");
            CHECK_STR(json_string_value(json_object_get(d, "kind")), "exact");
        }
        json_decref(o);
        marsad_article_free(a);
    }
}

static json_t *parse_or_fail(char *text, int line)
{
    json_error_t err;
    json_t *o = text ? json_loads(text, 0, &err) : NULL;
    check_at(json_is_object(o), line, "not a JSON object: %s", text ? text : "(none)");
    marsad_free(text);
    return o;
}

static int integer_is(const json_t *o, const char *key, json_int_t want)
{
    const json_t *v = json_object_get(o, key);
    return json_is_integer(v) && json_integer_value(v) == want;
}

static void results_shape(marsad_archive *ar)
{
    static const char q[] = "الرقة";
    marsad_search_options so;
    marsad_results *r = NULL;
    json_t *o, *results, *api = api_block(1);
    char *text = NULL;
    int lower;
    marsad_search_options_init(&so);
    so.all = 1; /* every duplicate */
    CHECK_EQ(marsad_search(ar, q, strlen(q), &so, &r, NULL), MARSAD_OK);
    if (!r) return;
    CHECK(marsad_results_count(r) >= 2);
    CHECK_EQ(marsad_results_json(r, q, strlen(q), &text, NULL), MARSAD_OK);
    o = parse_or_fail(text, __LINE__);
    CHECK(integer_is(o, "schema", 1));
    CHECK_STR(json_string_value(json_object_get(o, "query")), q);
    CHECK(integer_is(o, "total", (json_int_t)marsad_results_total(r, &lower)));
    CHECK(lower ? json_is_true(json_object_get(o, "total_is_lower_bound"))
                : !json_object_get(o, "total_is_lower_bound"));
    CHECK(json_is_number(json_object_get(o, "took_ms")));
    results = json_object_get(o, "results");
    CHECK(json_is_array(results) && json_array_size(results) == marsad_results_count(r));
    for (size_t i = 0; i < json_array_size(results); i++) {
        const json_t *e = json_array_get(results, i), *hl = json_object_get(e, "highlights");
        const marsad_hit *h = marsad_results_hit(r, i);
        const char *snippet = json_string_value(json_object_get(e, "snippet"));
        CHECK_STR(json_string_value(json_object_get(e, "id")), h->id);
        CHECK(json_is_real(json_object_get(e, "score")));
        CHECK(json_is_string(json_object_get(e, "title")));
        CHECK(json_is_string(json_object_get(e, "source")) ||
              json_is_null(json_object_get(e, "source")));
        CHECK(json_is_string(json_object_get(e, "date")) ||
              json_is_null(json_object_get(e, "date")));
        CHECK(integer_is(e, "duplicates", (json_int_t)h->duplicates));
        CHECK(snippet && json_is_array(hl) && json_array_size(hl) == h->n_highlights);
        for (size_t k = 0; snippet && k < json_array_size(hl); k++) {
            const json_t *pair = json_array_get(hl, k);
            json_int_t a = json_integer_value(json_array_get(pair, 0)),
                       b = json_integer_value(json_array_get(pair, 1));
            char *word = cp_slice(snippet, (size_t)a, (size_t)b);
            CHECK(json_array_size(pair) == 2 && a < b && (size_t)b <= cp_len(snippet));
            CHECK(word && strstr(word, "رقة")); /* the matched word, in code points */
            free(word);
        }
        if (api) /* API.md's result, key by key */
            check_api(json_array_get(json_object_get(api, "results"), 0), e, "search result");
    }
    if (api) {
        const char *key;
        json_t *v;
        json_object_foreach(api, key, v) check_at(api_type_ok(v, json_object_get(o, key), 0),
                                                  __LINE__, "search: API.md's %s", key);
    } else {
        test_skip("json: search results against API.md", "../shared/API.md is not there");
    }
    json_decref(api);
    json_decref(o);
    marsad_results_free(r);
}

static void error_shape(void)
{
    marsad_query_error err;
    marsad_query *pq = NULL;
    char *text = NULL;
    json_t *o;
    static const char bad[] = "الرقة (التحالف";
    CHECK_EQ(marsad_query_parse(bad, strlen(bad), 0, &pq, &err), MARSAD_EQUERY);
    CHECK_EQ(marsad_search_error_json(bad, strlen(bad), MARSAD_EQUERY, &err, &text, NULL),
             MARSAD_OK);
    o = parse_or_fail(text, __LINE__);
    CHECK(integer_is(o, "schema", 1));
    CHECK_STR(json_string_value(json_object_get(o, "query")), bad);
    CHECK_STR(json_string_value(json_object_get(o, "error")), err.message);
    CHECK_STR(json_string_value(json_object_get(o, "code")), "EQUERY");
    CHECK(integer_is(o, "position", (json_int_t)err.position));
    CHECK(json_is_array(json_object_get(o, "results")) &&
          json_array_size(json_object_get(o, "results")) == 0);
    json_decref(o);
    /* a refusal of the whole query: position 0, the status's message */
    CHECK_EQ(marsad_search_error_json("في", strlen("في"), MARSAD_ESTOPWORDS, NULL, &text, NULL),
             MARSAD_OK);
    o = parse_or_fail(text, __LINE__);
    CHECK_STR(json_string_value(json_object_get(o, "code")), "ESTOPWORDS");
    CHECK_STR(json_string_value(json_object_get(o, "error")), marsad_strerror(MARSAD_ESTOPWORDS));
    CHECK(integer_is(o, "position", 0));
    CHECK(json_object_size(o) == 6);
    json_decref(o);
}

static void stats_shape(marsad_archive *ar)
{
    static const char *const keys[] = {
        "articles", "sources",         "exact_duplicates", "near_duplicates", "duplicate_groups",
        "segments", "index_documents", "index_terms",      "index_bytes",     "catalog_bytes"};
    marsad_stats st;
    char *text = NULL;
    json_t *o;
    marsad_stats_init(&st);
    CHECK_EQ(marsad_archive_stats(ar, &st), MARSAD_OK);
    CHECK_EQ(marsad_stats_json(&st, &text, NULL), MARSAD_OK);
    o = parse_or_fail(text, __LINE__);
    CHECK_EQ(json_object_size(o), 12);
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        check_at(json_is_integer(json_object_get(o, keys[k])), __LINE__, "stats: %s", keys[k]);
    CHECK(integer_is(o, "articles", (json_int_t)st.articles));
    CHECK(integer_is(o, "exact_duplicates", (json_int_t)st.exact_duplicates));
    CHECK(integer_is(o, "index_documents", (json_int_t)st.index_documents));
    CHECK_STR(json_string_value(json_object_get(o, "first_date")), st.first_date);
    CHECK_STR(json_string_value(json_object_get(o, "last_date")), st.last_date);
    json_decref(o);
    st.version = 0;
    CHECK_EQ(marsad_stats_json(&st, &text, NULL), MARSAD_EINVAL);
    /* an archive with no date: null, not "" */
    marsad_stats_init(&st);
    CHECK_EQ(marsad_stats_json(&st, &text, NULL), MARSAD_OK);
    o = parse_or_fail(text, __LINE__);
    CHECK(json_is_null(json_object_get(o, "first_date")) &&
          json_is_null(json_object_get(o, "last_date")));
    json_decref(o);
}

static int groups_seen;

static int on_group(void *ctx, const marsad_dup_group *g)
{
    char *text = NULL;
    json_t *o, *members;
    (void)ctx;
    groups_seen++;
    CHECK_EQ(marsad_dup_group_json(g, &text, NULL), MARSAD_OK);
    o = parse_or_fail(text, __LINE__);
    CHECK(integer_is(o, "size", (json_int_t)g->size));
    CHECK_STR(json_string_value(json_object_get(o, "first")), g->id);
    CHECK(json_is_string(json_object_get(o, "title")));
    CHECK(json_is_string(json_object_get(o, "source")) ||
          json_is_null(json_object_get(o, "source")));
    CHECK(json_is_string(json_object_get(o, "date")) || json_is_null(json_object_get(o, "date")));
    members = json_object_get(o, "members");
    CHECK(json_is_array(members) && json_array_size(members) == g->n_members &&
          g->n_members + 1 == g->size);
    for (size_t i = 0; i < json_array_size(members); i++) {
        const json_t *m = json_array_get(members, i);
        const char *kind = json_string_value(json_object_get(m, "kind"));
        CHECK_STR(json_string_value(json_object_get(m, "id")), g->members[i].id);
        CHECK(kind && (!strcmp(kind, "exact") || !strcmp(kind, "near")));
        CHECK(json_is_real(json_object_get(m, "jaccard")));
        CHECK(json_object_size((json_t *)m) == 5);
    }
    json_decref(o);
    return 0;
}

void suite_json(void);
void suite_json(void)
{
    char dir[64], fx[128], db[128];
    char *paths[N_EXAMPLES + 1];
    marsad_input in = {paths, N_EXAMPLES + 1, NULL, 0, NULL};
    marsad_options o;
    marsad_report rep;
    struct seen seen;
    marsad_archive *ar = NULL;
    for (size_t i = 0; i < N_EXAMPLES; i++)
        if (access(examples[i], R_OK)) {
            test_skip("json", "data/examples is not there (run from the repository)");
            return;
        }
    if (test_tmpdir("json", dir, sizeof dir)) return;
    snprintf(fx, sizeof fx, "%s/fixture.jsonl", dir);
    snprintf(db, sizeof db, "%s/m.db", dir);
    CHECK_EQ(test_write_file(fx, fixture, strlen(fixture)), 0);
    for (size_t i = 0; i < N_EXAMPLES; i++) paths[i] = (char *)examples[i];
    paths[N_EXAMPLES] = fx;
    memset(&seen, 0, sizeof seen);
    if (!(seen.api = api_block(0))) test_skip("json: articles against API.md", "not there");
    marsad_options_init(&o);
    o.jobs = 2;
    CHECK_EQ(marsad_process(&in, &o, on_article, &seen, &rep), MARSAD_OK);
    CHECK_EQ(seen.n, N_EXAMPLES + 3);
    CHECK_EQ(rep.rejected, 0);
    check_fixture(&seen);
    /* the same inputs archived, and read back */
    CHECK_EQ(marsad_archive_open(db, MARSAD_WRITE, NULL, &ar), MARSAD_OK);
    CHECK_EQ(marsad_ingest(ar, &in, &o, &rep), MARSAD_OK);
    CHECK_EQ(marsad_archive_close(ar), MARSAD_OK);
    CHECK_EQ(marsad_archive_open(db, MARSAD_READ, NULL, &ar), MARSAD_OK);
    round_trip(ar, &seen);
    results_shape(ar);
    stats_shape(ar);
    groups_seen = 0;
    CHECK_EQ(marsad_archive_dups(ar, 0, on_group, NULL), MARSAD_OK);
    CHECK_EQ(groups_seen, 2); /* raqqa alwatan, sada (exact), rafidain (near); fx-1, fx-2 */
    error_shape();
    {
        char *text = NULL;
        CHECK_EQ(marsad_article_json(NULL, MARSAD_JSON_ARTICLE, &text, NULL), MARSAD_EINVAL);
        CHECK_EQ(marsad_dup_group_json(NULL, &text, NULL), MARSAD_EINVAL);
    }
    marsad_archive_close(ar);
    for (size_t i = 0; i < seen.n; i++) json_decref(seen.article[i]);
    json_decref(seen.api);
    test_rmtree(dir);
}
