/*
 * views.c — the views a user reads the catalog through with the plain sqlite3 shell,
 * written from the field tables (fields.h) so that they show what the library shows:
 *
 *   article_text      every article with its body inflated (sqlar_uncompress, which the
 *                     sqlite3 shell has), its source's name and its group's first id
 *   removed_lines, entity_mentions, quote_texts, number_claims, date_mentions
 *                     each kind of fact with its text sliced from the body (substr
 *                     counts code points, as the offsets do), names and coded values
 *                     (entity types, qualifiers, grains …) as text
 *
 * A writer (re)creates them when the catalog's meta 'views' is not this library's
 * version, in the transaction of a migration or alone. The SQL function
 * marsad_enum(table, column, text) gives the code of a value, for migrations.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "store/fields.h"
#include "store/store_int.h"
#include "util/grow.h"

/* A growing SQL text with a sticky error. */
struct sql {
    char *q;
    size_t len, cap;
    int rc;
};

static void put(struct sql *b, const char *s)
{
    size_t n = strlen(s);
    if (b->rc || (b->rc = msd_grow((void **)&b->q, &b->cap, b->len + n + 1, 1, 1u << 20))) return;
    memcpy(b->q + b->len, s, n + 1);
    b->len += n;
}

/* The pieces of one clause, one after another; NULL ends them. */
static void cat(struct sql *b, const char *a, const char *c, const char *e)
{
    put(b, a);
    if (c) put(b, c);
    if (e) put(b, e);
}

/* CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' … END: the text of a coded column. */
static void enum_case(struct sql *b, const msd_fcol *col, const char *column)
{
    cat(b, "CASE f.", column, NULL);
    for (int k = 0; col->values[k]; k++) {
        char num[24];
        snprintf(num, sizeof num, " WHEN %d THEN '", k + 1);
        cat(b, num, col->values[k], "'");
    }
    put(b, " END");
}

static void article_view(struct sql *b)
{
    put(b, "CREATE VIEW article_text AS SELECT a.id AS article_id"); /* the facts' key */
    for (size_t i = 0; i < msd_article_nfields; i++) {
        const msd_afield *f = &msd_article_fields[i];
        if (!f->column) continue;
        put(b, ", ");
        switch (f->kind) {
        case MSD_A_SOURCE: put(b, "(SELECT name FROM sources WHERE id = a.source_id)"); break;
        case MSD_A_BODY: put(b, "CAST(sqlar_uncompress(a.body_z, a.body_size) AS TEXT)"); break;
        case MSD_A_DUP_OF:
            put(b, "(SELECT ext_id FROM articles g WHERE g.id = a.grp AND g.id <> a.id)");
            break;
        default: cat(b, "a.", f->column, NULL);
        }
        cat(b, " AS ", f->json, NULL);
    }
    put(b, ", a.grp FROM articles a;\n");
}

/* The column of the item's field at offset off (a span's start or end). */
static const char *column_at(const msd_fkind *k, size_t off)
{
    for (size_t j = 0; j < k->ncols; j++)
        if (k->cols[j].off == off && k->cols[j].column) return k->cols[j].column;
    return "NULL";
}

static void fact_view(struct sql *b, const msd_fkind *k)
{
    int sliced = 0;
    cat(b, "CREATE VIEW ", k->view, " AS SELECT f.article_id, f.n");
    for (size_t c = 0; c < k->ncols; c++) {
        const msd_fcol *col = &k->cols[c];
        put(b, ", ");
        switch (col->type) {
        case MSD_T_SLICE: { /* substr counts code points, as the offsets do */
            const char *from = column_at(k, col->off_start), *to = column_at(k, col->off_end);
            cat(b, "NULLIF(substr(t.body, f.", from, " + 1, "); /* empty: none, as the JSON */
            cat(b, "f.", to, " - ");
            cat(b, "f.", from, "), '')");
            sliced = 1;
            break;
        }
        case MSD_T_NAME: cat(b, "(SELECT name FROM names WHERE id = f.", col->column, ")"); break;
        case MSD_T_ENUM: enum_case(b, col, col->column); break;
        default: cat(b, "f.", col->column, NULL);
        }
        cat(b, " AS ", col->json, NULL);
    }
    cat(b, " FROM ", k->table, " f");
    if (sliced) put(b, " JOIN article_text t ON t.article_id = f.article_id");
    put(b, ";\n");
}

int msd_store_views(msd_store *s)
{
    struct sql b = {NULL, 0, 0, MARSAD_OK};
    char *err = NULL;
    int rc;
    put(&b, "DROP VIEW IF EXISTS article_text;\n");
    for (int kind = MARSAD_REMOVED; kind <= MARSAD_DATES; kind++)
        cat(&b, "DROP VIEW IF EXISTS ", msd_fact_kinds[kind].view, ";\n");
    article_view(&b);
    for (int kind = MARSAD_REMOVED; kind <= MARSAD_DATES; kind++)
        fact_view(&b, &msd_fact_kinds[kind]);
    cat(&b, "INSERT OR REPLACE INTO meta VALUES ('views', '", MARSAD_VERSION, "');\n");
    if (b.rc) {
        free(b.q);
        return b.rc;
    }
    rc = sqlite3_exec(s->db, b.q, NULL, NULL, &err);
    free(b.q);
    if (rc != SQLITE_OK) {
        snprintf(s->err, sizeof s->err, "creating the views: %s", err ? err : sqlite3_errstr(rc));
        sqlite3_free(err);
        return rc == SQLITE_NOMEM ? MARSAD_ENOMEM : MARSAD_EIO;
    }
    return MARSAD_OK;
}

/* marsad_enum(table, column, text): the code of text in that column's list, or NULL. */
static void sql_enum(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *table = (const char *)sqlite3_value_text(argv[0]);
    const char *column = (const char *)sqlite3_value_text(argv[1]);
    const char *text = (const char *)sqlite3_value_text(argv[2]);
    (void)argc;
    for (int kind = MARSAD_REMOVED; table && column && text && kind <= MARSAD_DATES; kind++) {
        const msd_fkind *k = &msd_fact_kinds[kind];
        if (strcmp(k->table, table)) continue;
        for (size_t c = 0; c < k->ncols; c++)
            if (k->cols[c].column && !strcmp(k->cols[c].column, column) &&
                k->cols[c].type == MSD_T_ENUM) {
                int code = msd_field_enum_code(&k->cols[c], text);
                if (code) sqlite3_result_int(ctx, code);
                return;
            }
    }
}

int msd_store_enum_function(sqlite3 *db)
{
    return sqlite3_create_function(db, "marsad_enum", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                   sql_enum, NULL, NULL)
               ? MARSAD_ENOMEM
               : MARSAD_OK;
}
