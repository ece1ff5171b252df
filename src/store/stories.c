/*
 * stories.c — the catalog's story tables (schema v5): members, merges, document
 * frequencies, the articles in assignment order, and the read queries behind
 * `marsad stories` and `marsad story` (store.h).
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "util/date.h"
#include "util/grow.h"

const char *msd_row_text(const msd_store_row *r, int col)
{
    return (const char *)sqlite3_column_text(r->st, col);
}

int64_t msd_row_int(const msd_store_row *r, int col)
{
    return sqlite3_column_int64(r->st, col);
}

double msd_row_double(const msd_store_row *r, int col)
{
    return sqlite3_column_double(r->st, col);
}

const void *msd_row_blob(const msd_store_row *r, int col, size_t *len)
{
    const void *p = sqlite3_column_blob(r->st, col);
    *len = (size_t)sqlite3_column_bytes(r->st, col);
    return p;
}

int msd_row_is_null(const msd_store_row *r, int col)
{
    return sqlite3_column_type(r->st, col) == SQLITE_NULL;
}

/* Prepares sql (not cached: these run once per command or per rebuild). */
static int prepare(msd_store *s, const char *sql, sqlite3_stmt **st)
{
    if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK) {
        *st = NULL;
        return msd_store_fail(s, SQLITE_ERROR);
    }
    return MARSAD_OK;
}

/* Runs a statement of no rows with up to three integer parameters. */
static int run3(msd_store *s, const char *sql, int64_t a, int64_t b, int64_t c)
{
    sqlite3_stmt *st;
    int rc = prepare(s, sql, &st);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    sqlite3_bind_int64(st, 3, c);
    rc = sqlite3_step(st);
    rc = rc == SQLITE_DONE ? MARSAD_OK : msd_store_fail(s, rc);
    sqlite3_finalize(st);
    return rc;
}

int msd_store_story_new(msd_store *s, int64_t story)
{
    sqlite3_stmt *st = msd_store_stmt(s, Q_STORY_NEW);
    if (!st) return s->stmt_rc;
    sqlite3_bind_int64(st, 1, story);
    return msd_store_run(s, st);
}

int msd_store_story_member(msd_store *s, int64_t article, int64_t story, int32_t day,
                           const void *vec, size_t vec_len)
{
    sqlite3_stmt *st = msd_store_stmt(s, Q_STORY_MEMBER);
    if (!st) return s->stmt_rc;
    sqlite3_bind_int64(st, 1, article);
    sqlite3_bind_int64(st, 2, story);
    if (day == MSD_NO_DAY)
        sqlite3_bind_null(st, 3);
    else
        sqlite3_bind_int(st, 3, day);
    sqlite3_bind_blob(st, 4, vec_len ? vec : "", (int)vec_len, SQLITE_STATIC);
    return msd_store_run(s, st);
}

int msd_store_story_merge(msd_store *s, int64_t from, int64_t into)
{
    int rc = run3(s, "UPDATE story_members SET story = ?2 WHERE story = ?1", from, into, 0);
    if (!rc)
        rc = run3(s, "UPDATE stories SET merged_into = ?2 WHERE id = ?1 OR merged_into = ?1", from,
                  into, 0);
    return rc;
}

/* One integer from a statement of one integer parameter (reset after): MARSAD_OK,
 * MARSAD_END or an error. */
static int one_int_of(msd_store *s, sqlite3_stmt *st, int64_t arg, int64_t *out)
{
    int rc;
    sqlite3_bind_int64(st, 1, arg);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        *out = sqlite3_column_int64(st, 0);
        rc = MARSAD_OK;
    } else {
        rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? MARSAD_END : msd_store_fail(s, rc);
    }
    sqlite3_reset(st);
    return rc;
}

static int one_int(msd_store *s, const char *sql, int64_t arg, int64_t *out)
{
    sqlite3_stmt *st;
    int rc = prepare(s, sql, &st);
    if (rc) return rc;
    rc = one_int_of(s, st, arg, out);
    sqlite3_finalize(st);
    return rc;
}

int msd_store_story_of(msd_store *s, int64_t article, int64_t *story)
{
    sqlite3_stmt *st = msd_store_stmt(s, Q_STORY_OF);
    return st ? one_int_of(s, st, article, story) : s->stmt_rc;
}

int msd_store_story_resolve(msd_store *s, int64_t id, int64_t *story)
{
    sqlite3_stmt *st = msd_store_stmt(s, Q_STORY_RESOLVE);
    return st ? one_int_of(s, st, id, story) : s->stmt_rc;
}

int msd_store_story_last_day(msd_store *s, int32_t *day)
{
    int64_t d = 0;
    int rc = one_int(s, "SELECT max(day) FROM story_members WHERE ?1 = ?1", 0, &d);
    *day = rc == MARSAD_OK ? (int32_t)d : MSD_NO_DAY;
    return rc == MARSAD_END ? MARSAD_OK : rc;
}

int msd_store_story_members(msd_store *s, int64_t story, int32_t since, msd_store_member_fn fn,
                            void *ctx)
{
    sqlite3_stmt *st;
    int rc, stop = 0;
    if (story)
        rc = prepare(s, "SELECT article_id, story, day, vec FROM story_members WHERE story = ?1",
                     &st);
    else if (since == MSD_NO_DAY)
        rc = prepare(s, "SELECT article_id, story, day, vec FROM story_members WHERE ?1 = ?1", &st);
    else /* every member of a story with a member that recent */
        rc = prepare(s,
                     "SELECT article_id, story, day, vec FROM story_members WHERE story IN "
                     "(SELECT DISTINCT story FROM story_members WHERE day >= ?1)",
                     &st);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, story ? story : since);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int32_t day =
            sqlite3_column_type(st, 2) == SQLITE_NULL ? MSD_NO_DAY : sqlite3_column_int(st, 2);
        if ((stop = fn(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), day,
                       sqlite3_column_blob(st, 3), (size_t)sqlite3_column_bytes(st, 3))))
            break;
    }
    rc = stop ? stop : rc == SQLITE_DONE ? MARSAD_OK : msd_store_fail(s, rc);
    sqlite3_finalize(st);
    return rc;
}

int msd_store_story_df(msd_store *s, int (*fn)(void *ctx, uint32_t term, uint32_t n), void *ctx)
{
    sqlite3_stmt *st;
    int stop = 0, rc = prepare(s, "SELECT term, n FROM story_df", &st);
    if (rc) return rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if ((stop = fn(ctx, (uint32_t)sqlite3_column_int64(st, 0),
                       (uint32_t)sqlite3_column_int64(st, 1))))
            break;
    rc = stop ? stop : rc == SQLITE_DONE ? MARSAD_OK : msd_store_fail(s, rc);
    sqlite3_finalize(st);
    return rc;
}

int msd_store_story_set_df(msd_store *s, uint32_t term, uint32_t n)
{
    sqlite3_stmt *st = msd_store_stmt(s, Q_STORY_SET_DF);
    if (!st) return s->stmt_rc;
    sqlite3_bind_int64(st, 1, term);
    sqlite3_bind_int64(st, 2, n);
    return msd_store_run(s, st);
}

int msd_store_story_articles(msd_store *s, int64_t story, uint32_t **ids, size_t *n)
{
    sqlite3_stmt *st;
    size_t cap = 0;
    int rc = prepare(s, "SELECT article_id FROM story_members WHERE story = ?1 ORDER BY article_id",
                     &st);
    *ids = NULL;
    *n = 0;
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, story);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (msd_grow((void **)ids, &cap, *n + 1, sizeof **ids, MSD_GROW_BATCH_MAX)) {
            rc = SQLITE_NOMEM;
            break;
        }
        (*ids)[(*n)++] = (uint32_t)sqlite3_column_int64(st, 0);
    }
    rc = rc == SQLITE_DONE ? MARSAD_OK : msd_store_fail(s, rc);
    sqlite3_finalize(st);
    if (rc) {
        free(*ids);
        *ids = NULL;
        *n = 0;
    }
    return rc;
}

int msd_store_story_clear(msd_store *s)
{
    char *err = NULL;
    int rc = sqlite3_exec(s->db,
                          "DELETE FROM story_members; DELETE FROM stories; "
                          "DELETE FROM story_df",
                          NULL, NULL, &err);
    sqlite3_free(err);
    return rc == SQLITE_OK ? MARSAD_OK : msd_store_fail(s, rc);
}

/* The order of assignment: a full date's day first, in day order, then the rest. */
#define DAY_SQL                                                                                    \
    "CASE WHEN a.date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN "                    \
    "substr(a.date, 1, 10) END"

/* The canonical names of an article's entities, copied into *names (strings in *copies,
 * both grown as needed), their number in *n. */
static int entity_names(msd_store *s, sqlite3_stmt *ents, int64_t id, char ***copies, size_t *cap,
                        size_t *n)
{
    int rc;
    *n = 0;
    sqlite3_bind_int64(ents, 1, id);
    while ((rc = sqlite3_step(ents)) == SQLITE_ROW) {
        char *c;
        if (*n == *cap) {
            char **g = realloc(*copies, (*cap * 2 + 8) * sizeof **copies);
            if (!g) break;
            *copies = g;
            *cap = *cap * 2 + 8;
        }
        if (!(c = strdup((const char *)sqlite3_column_text(ents, 0)))) break;
        (*copies)[(*n)++] = c;
    }
    sqlite3_reset(ents);
    return rc == SQLITE_DONE ? MARSAD_OK : rc == SQLITE_ROW ? MARSAD_ENOMEM : msd_store_fail(s, rc);
}

int msd_store_story_inputs(msd_store *s, int (*fn)(void *ctx, const msd_store_story_input *in),
                           void *ctx)
{
    sqlite3_stmt *st = NULL, *ents = NULL;
    char **names = NULL;
    size_t cap = 0, n = 0;
    int stop = 0, rc = prepare(s,
                               "SELECT a.id, a.grp, a.date, a.title, a.body_z, a.body_size "
                               "FROM articles a ORDER BY " DAY_SQL " NULLS LAST, a.id",
                               &st);
    if (!rc)
        rc = prepare(s,
                     "SELECT nm.name FROM entities e JOIN names nm ON nm.id = e.name_id "
                     "WHERE e.article_id = ?1 ORDER BY e.n",
                     &ents);
    while (st && ents && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        msd_store_story_input in;
        const char *body;
        memset(&in, 0, sizeof in);
        in.id = sqlite3_column_int64(st, 0);
        in.group = sqlite3_column_int64(st, 1);
        in.day = msd_date_days((const char *)sqlite3_column_text(st, 2));
        in.title = (const char *)sqlite3_column_text(st, 3);
        in.body_len = (size_t)sqlite3_column_int64(st, 5);
        for (size_t i = 0; i < n; i++) free(names[i]);
        n = 0;
        if ((stop = msd_store_inflate(s, sqlite3_column_blob(st, 4),
                                      (size_t)sqlite3_column_bytes(st, 4), in.body_len, &body)) ||
            (stop = entity_names(s, ents, in.id, &names, &cap, &n)))
            break;
        in.body = body;
        in.ents = (const char *const *)names;
        in.n_ents = n;
        if ((stop = fn(ctx, &in))) break;
    }
    if (stop)
        rc = stop;
    else if (st && ents) /* the loop ended on the last row or an error */
        rc = rc == SQLITE_DONE ? MARSAD_OK : msd_store_fail(s, rc);
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    sqlite3_finalize(ents);
    sqlite3_finalize(st);
    return rc;
}

#define SRC "(SELECT name FROM sources WHERE id = a.source_id)"

static const char *const queries[] = {
    [MSD_STORY_Q_ROWS] = "SELECT m.story, a.id, a.ext_id, a.date, " SRC ", a.grp, a.title "
                         "FROM story_members m JOIN articles a ON a.id = m.article_id "
                         "WHERE ?1 = ?1 ORDER BY m.story, a.date, a.id",
    [MSD_STORY_Q_ARTICLES] =
        "SELECT a.id, a.ext_id, a.title, " SRC ", a.date, a.url, "
        "(SELECT g.ext_id FROM articles g WHERE g.id = a.grp AND g.id <> a.id), a.dup_kind, "
        "m.vec, a.grp FROM story_members m JOIN articles a ON a.id = m.article_id "
        "WHERE m.story = ?1 ORDER BY a.date IS NULL, a.date, a.id",
    [MSD_STORY_Q_NUMBERS] =
        "SELECT a.ext_id, a.date, " SRC ", n.start, n.end, n.value, CASE n.qualifier WHEN 1 "
        "THEN 'eq' WHEN 2 THEN 'approx' WHEN 3 THEN 'gt' WHEN 4 THEN 'lt' WHEN 5 THEN 'gte' "
        "WHEN 6 THEN 'lte' END, n.unit, n.counted, substr(t.body, n.start + 1, n.end - "
        "n.start), (SELECT nm.name FROM quotes q JOIN names nm ON nm.id = q.speaker_id "
        "WHERE q.article_id = n.article_id AND q.start <= n.start AND n.end <= q.end "
        "ORDER BY q.n LIMIT 1), substr(t.body, max(1, n.start - 39), min(n.start, 40)), "
        "substr(t.body, n.end + 1, 40) FROM numbers n JOIN story_members m ON m.article_id = "
        "n.article_id JOIN articles a ON a.id = n.article_id JOIN article_text t ON "
        "t.article_id = n.article_id WHERE m.story = ?1 "
        "ORDER BY a.date IS NULL, a.date, a.id, n.start",
    [MSD_STORY_Q_QUOTES] =
        "SELECT a.ext_id, a.date, " SRC ", q.speaker, q.cue, q.text, q.direct, q.start, q.end "
        "FROM quote_texts q JOIN story_members m ON m.article_id = q.article_id "
        "JOIN articles a ON a.id = q.article_id WHERE m.story = ?1 "
        "ORDER BY a.date IS NULL, a.date, a.id, q.start",
    [MSD_STORY_Q_ENTITIES] =
        "SELECT nm.name, CASE e.type WHEN 1 THEN 'PERS' WHEN 2 THEN 'ORG' WHEN 3 THEN 'LOC' "
        "WHEN 4 THEN 'MISC' WHEN 5 THEN 'GPE' END, a.ext_id, a.date, e.subtype "
        "FROM entities e JOIN names nm ON nm.id = e.name_id JOIN story_members m ON "
        "m.article_id = e.article_id JOIN articles a ON a.id = e.article_id WHERE m.story = ?1 "
        "ORDER BY a.date IS NULL, a.date, a.id, e.n",
    [MSD_STORY_Q_QUOTES_OF] =
        "SELECT a.ext_id, a.date, " SRC ", q.speaker, q.cue, q.text, q.direct, q.start, q.end, "
        "m.story FROM quote_texts q JOIN articles a ON a.id = q.article_id LEFT JOIN "
        "story_members m ON m.article_id = q.article_id WHERE q.article_id = ?1 ORDER BY q.start",
};

int msd_store_story_query(msd_store *s, int which, int64_t story, msd_store_row_fn fn, void *ctx)
{
    struct msd_store_row row;
    int rc, stop = 0;
    if (which < 0 || which > MSD_STORY_Q_QUOTES_OF) return MARSAD_EINVAL;
    if ((rc = prepare(s, queries[which], &row.st))) return rc;
    sqlite3_bind_int64(row.st, 1, story);
    while ((rc = sqlite3_step(row.st)) == SQLITE_ROW)
        if ((stop = fn(ctx, &row))) break;
    rc = stop ? stop : rc == SQLITE_DONE ? MARSAD_OK : msd_store_fail(s, rc);
    sqlite3_finalize(row.st);
    return rc;
}
