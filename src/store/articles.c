/*
 * articles.c — articles in the catalog: storing one with its removed lines, facts,
 * signature and LSH keys, reading one back whole, the brief a search result shows,
 * duplicate candidates and groups. The statements for the articles and the facts are
 * built from the field tables (fields.h) when first used, so the columns written and
 * the columns read are the same list.
 */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "store/fields.h"
#include "store/store.h"
#include "store/store_int.h"
#include "text/utf8.h"
#include "util/grow.h"
#include "util/str.h"

#define NAME_CACHE 65536 /* names (canonicals, speakers) whose ids the writer keeps */

/* A row that does not match its checksum (rowsum.c). */
static int damaged_row(msd_store *s, int64_t id)
{
    snprintf(s->err, sizeof s->err,
             "article row %lld is damaged: its columns do not match their checksum (marsad check "
             "lists every such row; restore the catalog from a copy)",
             (long long)id);
    return MARSAD_ECORRUPT;
}

/* ---- The statements of the field tables -------------------------------------------- */

/* Appends s to a growing SQL text (sticky error). */
static void cat(char **q, size_t *len, size_t *cap, int *rc, const char *s)
{
    size_t n = strlen(s);
    if (*rc || (*rc = msd_grow((void **)q, cap, *len + n + 1, 1, 1u << 20))) return;
    memcpy(*q + *len, s, n + 1);
    *len += n;
}

/* INSERT INTO articles(…) VALUES (?1 …): the columns of the table, then body_hash, then
 * the row's checksum over the parameters of its fixed columns (rowsum.c). */
static int article_insert_sql(char **out)
{
    char *q = NULL, num[16], sum[512] = "marsad_rowsum(";
    size_t len = 0, cap = 0, np = 0, sl = strlen(sum);
    int rc = MARSAD_OK;
    cat(&q, &len, &cap, &rc, "INSERT INTO articles(");
    for (size_t i = 0; i < msd_article_nfields; i++) {
        const msd_afield *f = &msd_article_fields[i];
        if (!f->column) continue;
        cat(&q, &len, &cap, &rc, np ? ", " : "");
        cat(&q, &len, &cap, &rc, f->column);
        np++;
        if (!(f->flags & MSD_MUTABLE))
            sl += (size_t)snprintf(sum + sl, sizeof sum - sl, "?%zu, ", np);
        if (f->kind == MSD_A_BODY) {
            cat(&q, &len, &cap, &rc, ", body_size"), np++;
            sl += (size_t)snprintf(sum + sl, sizeof sum - sl, "?%zu, ", np);
        }
    }
    cat(&q, &len, &cap, &rc, ", body_hash, rowsum) VALUES (");
    for (size_t k = 1; k <= np + 1; k++) {
        snprintf(num, sizeof num, "%s?%zu", k > 1 ? ", " : "", k);
        cat(&q, &len, &cap, &rc, num);
    }
    if (sl < 2 || sl >= sizeof sum) rc = MARSAD_ERANGE;
    if (!rc) strcpy(sum + sl - 2, ")"); /* the last ", " */
    cat(&q, &len, &cap, &rc, ", ");
    cat(&q, &len, &cap, &rc, sum);
    cat(&q, &len, &cap, &rc, ")");
    if (rc) free(q);
    *out = rc ? NULL : q;
    return rc;
}

/* SELECT a.id, a.grp, then the table's columns (the source and the group's first
 * article through their tables), then whether the row matches its checksum, FROM
 * articles a WHERE a.ext_id = ?1. */
static int article_select_sql(char **out)
{
    char *q = NULL;
    size_t len = 0, cap = 0;
    int rc = MARSAD_OK;
    cat(&q, &len, &cap, &rc, "SELECT a.id, a.grp");
    for (size_t i = 0; i < msd_article_nfields; i++) {
        const msd_afield *f = &msd_article_fields[i];
        if (!f->column) continue;
        cat(&q, &len, &cap, &rc, ", ");
        if (f->kind == MSD_A_SOURCE) {
            cat(&q, &len, &cap, &rc, "(SELECT name FROM sources WHERE id = a.source_id)");
        } else if (f->kind == MSD_A_DUP_OF) {
            cat(&q, &len, &cap, &rc,
                "(SELECT ext_id FROM articles g WHERE g.id = a.grp AND g.id <> a.id)");
        } else {
            cat(&q, &len, &cap, &rc, "a.");
            cat(&q, &len, &cap, &rc, f->column);
            if (f->kind == MSD_A_BODY) cat(&q, &len, &cap, &rc, ", a.body_size");
        }
    }
    {
        char sum[512];
        if (msd_store_rowsum_sql("a.", sum, sizeof sum)) rc = MARSAD_ERANGE;
        cat(&q, &len, &cap, &rc, ", a.rowsum IS ");
        cat(&q, &len, &cap, &rc, sum);
    }
    cat(&q, &len, &cap, &rc, " FROM articles a WHERE a.ext_id = ?1");
    if (rc) free(q);
    *out = rc ? NULL : q;
    return rc;
}

/* INSERT INTO <kind>(article_id, n, …) and SELECT … FROM <kind> WHERE article_id = ?1. */
static int fact_sql(const msd_fkind *k, int insert, char **out)
{
    char *q = NULL, num[16];
    size_t len = 0, cap = 0, np = 2;
    int rc = MARSAD_OK;
    cat(&q, &len, &cap, &rc, insert ? "INSERT INTO " : "SELECT ");
    if (insert) {
        cat(&q, &len, &cap, &rc, k->table);
        cat(&q, &len, &cap, &rc, "(article_id, n");
    }
    for (size_t c = 0, first = 1; c < k->ncols; c++) {
        const msd_fcol *col = &k->cols[c];
        if (!col->column) continue;
        cat(&q, &len, &cap, &rc, insert || !first ? ", " : "");
        first = 0;
        if (!insert && col->type == MSD_T_NAME) {
            cat(&q, &len, &cap, &rc, "(SELECT name FROM names WHERE id = ");
            cat(&q, &len, &cap, &rc, col->column);
            cat(&q, &len, &cap, &rc, ")");
        } else {
            cat(&q, &len, &cap, &rc, col->column);
        }
        np++;
    }
    if (insert) {
        cat(&q, &len, &cap, &rc, ") VALUES (");
        for (size_t i = 1; i <= np; i++) {
            snprintf(num, sizeof num, "%s?%zu", i > 1 ? ", " : "", i);
            cat(&q, &len, &cap, &rc, num);
        }
        cat(&q, &len, &cap, &rc, ")");
    } else {
        cat(&q, &len, &cap, &rc, " FROM ");
        cat(&q, &len, &cap, &rc, k->table);
        cat(&q, &len, &cap, &rc, " WHERE article_id = ?1 ORDER BY n");
    }
    if (rc) free(q);
    *out = rc ? NULL : q;
    return rc;
}

/* The statement of the field tables `which` (Q_ADD_ARTICLE, Q_GET_ARTICLE, Q_ADD_FACT +
 * kind, Q_GET_FACT + kind), its SQL built on first use. */
static sqlite3_stmt *table_stmt(msd_store *s, int which)
{
    if (!s->sql[which]) {
        int rc = which == Q_ADD_ARTICLE   ? article_insert_sql(&s->sql[which])
                 : which == Q_GET_ARTICLE ? article_select_sql(&s->sql[which])
                 : which < Q_GET_FACT
                     ? fact_sql(&msd_fact_kinds[which - Q_ADD_FACT], 1, &s->sql[which])
                     : fact_sql(&msd_fact_kinds[which - Q_GET_FACT], 0, &s->sql[which]);
        if (rc) { /* out of memory: not SQLite's error, nor "m.db: " and an I/O error */
            snprintf(s->err, sizeof s->err, "%s", marsad_strerror(rc));
            s->stmt_rc = rc;
            return NULL;
        }
    }
    return msd_store_stmt(s, which);
}

void msd_store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* ---- Lookups ------------------------------------------------------------------------- */

int msd_store_find_ext(msd_store *s, const char *ext_id, int64_t *id)
{
    sqlite3_stmt *st = msd_store_stmt(s, Q_FIND_EXT);
    int rc;
    if (!st) return s->stmt_rc;
    sqlite3_bind_text(st, 1, ext_id, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? MARSAD_OK : rc == SQLITE_DONE ? MARSAD_END : msd_store_fail(s, rc);
}

int msd_store_find_hash(msd_store *s, uint64_t hash, int64_t *id, int64_t *group)
{
    sqlite3_stmt *st = msd_store_stmt(s, Q_FIND_HASH);
    int rc;
    if (!st) return s->stmt_rc;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)hash);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        *group = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? MARSAD_OK : rc == SQLITE_DONE ? MARSAD_END : msd_store_fail(s, rc);
}

/* The id of a name, stored when new (in the transaction of the article). */
static int name_id(msd_store *s, const char *name, int64_t *id)
{
    sqlite3_stmt *st;
    const char *v;
    size_t vl, n = strlen(name);
    int rc;
    if (!s->names && (rc = msd_strmap_new(NAME_CACHE, 48, &s->names))) return rc;
    if (msd_strmap_get(s->names, name, n, &v, &vl) && vl == sizeof *id) {
        memcpy(id, v, sizeof *id);
        return MARSAD_OK;
    }
    if (!(st = msd_store_stmt(s, Q_NAME_GET))) return s->stmt_rc;
    sqlite3_bind_text(st, 1, name, (int)n, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) {
        if (!(st = msd_store_stmt(s, Q_NAME_ADD))) return s->stmt_rc;
        sqlite3_bind_text(st, 1, name, (int)n, SQLITE_STATIC);
        if ((rc = msd_store_run(s, st))) return rc;
        *id = sqlite3_last_insert_rowid(s->db);
    } else if (rc != SQLITE_ROW) {
        return msd_store_fail(s, rc);
    }
    rc = msd_strmap_put(s->names, name, n, (const char *)id, sizeof *id);
    return rc == MARSAD_ETOOBIG ? MARSAD_OK : rc; /* a name too long to cache */
}

/* ---- Storing ---------------------------------------------------------------------------- */

/* Binds one column of a fact (or removed line) item; *i is the parameter. */
static int bind_col(msd_store *s, sqlite3_stmt *st, int i, const msd_fcol *col, const char *item)
{
    const void *p = item + col->off;
    switch (col->type) {
    case MSD_T_STR: msd_store_bind_text(st, i, *(char *const *)p); return MARSAD_OK;
    case MSD_T_ENUM: {
        const char *v = *(const char *const *)p;
        int code = msd_field_enum_code(col, v);
        if (!v)
            sqlite3_bind_null(st, i);
        else if (code)
            sqlite3_bind_int(st, i, code);
        else
            return MARSAD_EINVAL; /* a value the table does not list: the code's bug */
        return MARSAD_OK;
    }
    case MSD_T_CHARS:
        if ((col->flags & (MSD_SPACE_LIST | MSD_OMIT_EMPTY)) && !*(const char *)p)
            sqlite3_bind_null(st, i);
        else
            sqlite3_bind_text(st, i, (const char *)p, -1, SQLITE_STATIC);
        return MARSAD_OK;
    case MSD_T_NAME: {
        const char *name = *(char *const *)p;
        int64_t id;
        int rc;
        if (!name) {
            sqlite3_bind_null(st, i);
            return MARSAD_OK;
        }
        if ((rc = name_id(s, name, &id))) return rc;
        sqlite3_bind_int64(st, i, id);
        return MARSAD_OK;
    }
    case MSD_T_SIZE: {
        size_t v = *(const size_t *)p;
        if (!v && (col->flags & MSD_ZERO_NULL))
            sqlite3_bind_null(st, i);
        else
            sqlite3_bind_int64(st, i, (sqlite3_int64)v);
        return MARSAD_OK;
    }
    case MSD_T_BOOL: sqlite3_bind_int(st, i, *(const int *)p != 0); return MARSAD_OK;
    case MSD_T_NUMBER:
        if ((col->flags & MSD_NAN_NULL) && isnan(*(const double *)p))
            sqlite3_bind_null(st, i);
        else
            sqlite3_bind_double(st, i, *(const double *)p);
        return MARSAD_OK;
    default: return MARSAD_OK; /* MSD_T_SLICE: not stored */
    }
}

static int add_items(msd_store *s, int64_t id, const marsad_article *r, int kind)
{
    const msd_fkind *k = &msd_fact_kinds[kind];
    size_t n;
    const char *items = msd_record_items(r, kind, &n);
    sqlite3_stmt *st;
    int rc = MARSAD_OK;
    if (!n) return MARSAD_OK;
    if (!(st = table_stmt(s, Q_ADD_FACT + kind))) return s->stmt_rc;
    for (size_t j = 0; j < n && !rc; j++) {
        const char *item = items + j * k->item_size;
        int i = 3;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)j);
        for (size_t c = 0; c < k->ncols && !rc; c++)
            if (k->cols[c].column) rc = bind_col(s, st, i++, &k->cols[c], item);
        if (!rc)
            rc = msd_store_run(s, st);
        else
            sqlite3_reset(st);
    }
    return rc;
}

static int add_signature(msd_store *s, int64_t id, const msd_dupkeys *k)
{
    sqlite3_stmt *st = msd_store_stmt(s, Q_ADD_SIG);
    int rc;
    if (!st) return s->stmt_rc;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_blob(st, 2, k->sig, (int)k->nslots, SQLITE_STATIC); /* a byte a slot */
    if ((rc = msd_store_run(s, st))) return rc;
    if (!(st = msd_store_stmt(s, Q_ADD_LSH))) return s->stmt_rc;
    for (size_t b = 0; b < k->nbands && !rc; b++) {
        sqlite3_bind_int64(st, 1, (int32_t)(uint32_t)k->bands[b]); /* low 32 bits, signed */
        sqlite3_bind_int64(st, 2, id);
        rc = msd_store_run(s, st);
    }
    return rc;
}

int msd_store_add(msd_store *s, const marsad_article *r, const msd_store_link *link, int64_t *id)
{
    sqlite3_stmt *st = table_stmt(s, Q_ADD_ARTICLE);
    void *z = NULL;
    size_t zlen = 0;
    char now[32];
    int rc = MARSAD_OK, i = 1;
    if (!st) return s->stmt_rc;
    msd_store_utc_now(now, sizeof now);
    if (!link->body_z &&
        (rc = msd_store_deflate(r->f[MARSAD_FIELD_BODY] ? r->f[MARSAD_FIELD_BODY] : "", r->body_len,
                                &z, &zlen)))
        return rc;
    for (size_t k = 0; k < msd_article_nfields && !rc; k++) {
        const msd_afield *f = &msd_article_fields[k];
        if (!f->column) continue;
        switch (f->kind) {
        case MSD_A_SOURCE: {
            uint32_t src = 0;
            if ((rc = msd_store_source(s, r->f[f->field], 1, &src))) break;
            if (src)
                sqlite3_bind_int64(st, i, src);
            else
                sqlite3_bind_null(st, i);
            i++;
            break;
        }
        case MSD_A_BODY:
            sqlite3_bind_blob(st, i++, link->body_z ? link->body_z : z,
                              (int)(link->body_z ? link->body_z_len : zlen), SQLITE_STATIC);
            sqlite3_bind_int64(st, i++, (sqlite3_int64)r->body_len);
            break;
        case MSD_A_TRUNCATED:
            if (r->facts_truncated)
                sqlite3_bind_int(st, i++, 1);
            else
                sqlite3_bind_null(st, i++);
            break;
        case MSD_A_DUP_OF: sqlite3_bind_int64(st, i++, link->group); break; /* 0: set below */
        case MSD_A_JACCARD:
            if (link->dup_kind)
                sqlite3_bind_double(st, i++, link->jaccard);
            else
                sqlite3_bind_null(st, i++);
            break;
        default: {
            const char *v = f->field == MARSAD_FIELD_DUPLICATE_KIND         ? link->dup_kind
                            : f->field == MSD_F_INGESTED && !r->f[f->field] ? now
                                                                            : r->f[f->field];
            if (v == now)
                sqlite3_bind_text(st, i++, v, -1, SQLITE_TRANSIENT);
            else
                msd_store_bind_text(st, i++, v);
        }
        }
    }
    if (!rc) {
        sqlite3_bind_int64(st, i, (sqlite3_int64)link->keys->exact);
        rc = msd_store_run(s, st);
    } else {
        sqlite3_reset(st);
    }
    free(z);
    if (rc) return rc;
    *id = sqlite3_last_insert_rowid(s->db);
    if (!link->group) { /* its own group */
        if (!(st = msd_store_stmt(s, Q_SET_GROUP))) return s->stmt_rc;
        sqlite3_bind_int64(st, 1, *id);
        if ((rc = msd_store_run(s, st))) return rc;
    }
    for (int kind = MARSAD_REMOVED; kind <= MARSAD_DATES && !rc; kind++)
        rc = add_items(s, *id, r, kind);
    if (!rc && link->keys->has_sig) rc = add_signature(s, *id, link->keys);
    return rc;
}

/* ---- Reading an article back ----------------------------------------------------------- */

/* The byte offset of every code point of a body (and of its end). */
static int cp_index(const char *body, size_t len, size_t **out, size_t *ncp)
{
    size_t n = 0, *ix;
    for (size_t i = 0; i < len; i++) n += ((unsigned char)body[i] & 0xC0) != 0x80;
    if (!(ix = malloc((n + 1) * sizeof *ix))) return MARSAD_ENOMEM;
    for (size_t i = 0, k = 0; i < len; i++)
        if (((unsigned char)body[i] & 0xC0) != 0x80) ix[k++] = i;
    ix[n] = len;
    *out = ix;
    *ncp = n;
    return MARSAD_OK;
}

/* Reads one column of a row into item; *i is the column. */
static int load_col(sqlite3_stmt *st, int i, const msd_fcol *col, char *item)
{
    void *p = item + col->off;
    const char *t = (const char *)sqlite3_column_text(st, i);
    switch (col->type) {
    case MSD_T_STR:
    case MSD_T_NAME:
        if (t && !(*(char **)p = msd_strdup(t))) return MARSAD_ENOMEM;
        return MARSAD_OK;
    case MSD_T_ENUM: {
        int code = sqlite3_column_int(st, i);
        if (sqlite3_column_type(st, i) == SQLITE_NULL) return MARSAD_OK;
        *(const char **)p = msd_field_enum_value(col, code);
        return *(const char **)p ? MARSAD_OK : MARSAD_EFORMAT;
    }
    case MSD_T_CHARS: snprintf((char *)p, col->size, "%s", t ? t : ""); return MARSAD_OK;
    case MSD_T_SIZE: {
        sqlite3_int64 v = sqlite3_column_int64(st, i);
        *(size_t *)p = v > 0 ? (size_t)v : 0;
        return v < 0 ? MARSAD_EFORMAT : MARSAD_OK;
    }
    case MSD_T_BOOL: *(int *)p = sqlite3_column_int(st, i) != 0; return MARSAD_OK;
    case MSD_T_NUMBER:
        *(double *)p = (col->flags & MSD_NAN_NULL) && sqlite3_column_type(st, i) == SQLITE_NULL
                           ? NAN
                           : sqlite3_column_double(st, i);
        return MARSAD_OK;
    default: return MARSAD_OK;
    }
}

/* The slices of an item (its text, a speaker's) and its byte span, from its code-point
 * offsets into the body. */
static int slice_item(const msd_fkind *k, char *item, const char *body, const size_t *ix,
                      size_t ncp)
{
    for (size_t c = 0; c < k->ncols; c++) {
        const msd_fcol *col = &k->cols[c];
        size_t a, b;
        if (col->type != MSD_T_SLICE) continue;
        a = *(const size_t *)(item + col->off_start);
        b = *(const size_t *)(item + col->off_end);
        if (a > b || b > ncp) return MARSAD_EFORMAT;
        if (a < b && !(*(char **)(item + col->off) = msd_strndup(body + ix[a], ix[b] - ix[a])))
            return MARSAD_ENOMEM;
    }
    if (k->off_start != (size_t)-1) {
        size_t a = *(const size_t *)(item + k->off_start), b = *(const size_t *)(item + k->off_end);
        *(size_t *)(item + k->off_bstart) = ix[a];
        *(size_t *)(item + k->off_bend) = ix[b];
    }
    return MARSAD_OK;
}

/* Hands the loaded array to the record, where msd_record_items finds it. */
static void attach(marsad_article *r, int kind, void *items, size_t n)
{
    switch (kind) {
    case MARSAD_REMOVED: r->removed = items, r->n_removed = n; break;
    case MARSAD_ENTITIES:
        r->facts.entities.items = items, r->facts.entities.n = r->facts.entities.cap = n;
        break;
    case MARSAD_QUOTES:
        r->facts.quotes.items = items, r->facts.quotes.n = r->facts.quotes.cap = n;
        break;
    case MARSAD_NUMBERS:
        r->facts.numbers.items = items, r->facts.numbers.n = r->facts.numbers.cap = n;
        break;
    default: r->facts.dates.items = items, r->facts.dates.n = r->facts.dates.cap = n;
    }
}

static int load_items(msd_store *s, marsad_article *r, int kind, const size_t *ix, size_t ncp)
{
    const msd_fkind *k = &msd_fact_kinds[kind];
    sqlite3_stmt *st = table_stmt(s, Q_GET_FACT + kind);
    char *items = NULL;
    size_t n = 0, cap = 0;
    int rc = MARSAD_OK, step;
    if (!st) return s->stmt_rc;
    sqlite3_bind_int64(st, 1, r->rowid);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        char *item;
        int i = 0;
        if ((rc = msd_grow((void **)&items, &cap, n + 1, k->item_size, MSD_GROW_DOC_MAX))) break;
        item = items + n * k->item_size;
        memset(item, 0, k->item_size);
        n++; /* counted at once: a failure below frees what it holds */
        for (size_t c = 0; c < k->ncols && !rc; c++)
            if (k->cols[c].column) rc = load_col(st, i++, &k->cols[c], item);
        if (!rc) rc = slice_item(k, item, r->f[MARSAD_FIELD_BODY], ix, ncp);
    }
    if (!rc && step != SQLITE_DONE) rc = msd_store_fail(s, step);
    sqlite3_reset(st);
    attach(r, kind, items, n); /* the record frees them, whatever happened */
    if (rc == MARSAD_EFORMAT)
        snprintf(s->err, sizeof s->err, "a damaged row in %s of article %lld", k->table,
                 (long long)r->rowid);
    return rc;
}

static sqlite3_stmt *dups_stmt(msd_store *s);

static int load_dups(msd_store *s, marsad_article *r, int64_t group)
{
    sqlite3_stmt *st = dups_stmt(s);
    size_t cap = 0;
    int rc = MARSAD_OK, step;
    if (!st) return s->stmt_rc;
    sqlite3_bind_int64(st, 1, group);
    sqlite3_bind_int64(st, 2, r->rowid);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        msd_dupref *d;
        const char *kind = (const char *)sqlite3_column_text(st, 3);
        if ((rc = msd_grow((void **)&r->dups, &cap, r->n_dups + 1, sizeof *r->dups,
                           MSD_GROW_DOC_MAX)))
            break;
        d = &r->dups[r->n_dups++];
        memset(d, 0, sizeof *d);
        d->id = msd_strdup((const char *)sqlite3_column_text(st, 0));
        d->source = msd_strdup((const char *)sqlite3_column_text(st, 1));
        d->date = msd_strdup((const char *)sqlite3_column_text(st, 2));
        d->kind = !kind ? NULL : !strcmp(kind, "exact") ? "exact" : "near";
        d->jaccard = sqlite3_column_double(st, 4);
        if (!d->id) rc = MARSAD_ENOMEM;
        if (!rc && !sqlite3_column_int(st, 5)) rc = damaged_row(s, sqlite3_column_int64(st, 6));
    }
    if (!rc && step != SQLITE_DONE) rc = msd_store_fail(s, step);
    sqlite3_reset(st);
    return rc;
}

int msd_store_get(msd_store *s, const char *ext_id, marsad_article *r)
{
    sqlite3_stmt *st = table_stmt(s, Q_GET_ARTICLE);
    size_t *ix = NULL, ncp = 0;
    int64_t group = 0;
    int rc = MARSAD_OK, i = 2;
    memset(r, 0, sizeof *r);
    if (!st) return s->stmt_rc;
    sqlite3_bind_text(st, 1, ext_id, -1, SQLITE_STATIC);
    if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? MARSAD_END : msd_store_fail(s, rc);
    }
    rc = MARSAD_OK;
    r->rowid = sqlite3_column_int64(st, 0);
    group = sqlite3_column_int64(st, 1);
    for (size_t k = 0; k < msd_article_nfields && !rc; k++) {
        const msd_afield *f = &msd_article_fields[k];
        const char *t;
        if (!f->column) continue;
        switch (f->kind) {
        case MSD_A_BODY: {
            const char *body;
            sqlite3_int64 size = sqlite3_column_int64(st, i + 1);
            rc = size < 0
                     ? MARSAD_EFORMAT
                     : msd_store_inflate(s, sqlite3_column_blob(st, i),
                                         (size_t)sqlite3_column_bytes(st, i), (size_t)size, &body);
            if (!rc) rc = msd_record_set(r, MARSAD_FIELD_BODY, body, (size_t)size);
            i += 2;
            break;
        }
        case MSD_A_TRUNCATED: r->facts_truncated = sqlite3_column_int(st, i++) != 0; break;
        case MSD_A_JACCARD: r->dup_jaccard = sqlite3_column_double(st, i++); break;
        default:
            t = (const char *)sqlite3_column_text(st, i++);
            if (t) rc = msd_record_set(r, f->field, t, strlen(t));
        }
    }
    if (!rc && !sqlite3_column_int(st, i)) rc = damaged_row(s, r->rowid);
    sqlite3_reset(st);
    if (!rc && !r->f[MARSAD_FIELD_BODY]) rc = MARSAD_EFORMAT;
    if (!rc) rc = cp_index(r->f[MARSAD_FIELD_BODY], r->body_len, &ix, &ncp);
    for (int kind = MARSAD_REMOVED; kind <= MARSAD_DATES && !rc; kind++)
        rc = load_items(s, r, kind, ix, ncp);
    if (!rc) rc = load_dups(s, r, group);
    free(ix);
    if (rc) msd_record_clear(r);
    return rc;
}

/* ---- What search and the index read ----------------------------------------------------- */

/* A statement on rows of articles a whose SQL is head, then the checksum of a's row
 * (rowsum.c: "a.rowsum IS" before it makes a column telling the row is sound), then
 * tail; built at its first use. */
static sqlite3_stmt *summed_stmt(msd_store *s, int which, const char *head, const char *tail)
{
    if (!s->sql[which]) {
        char sum[512], q[1024];
        int rc = msd_store_rowsum_sql("a.", sum, sizeof sum);
        if (!rc && (size_t)snprintf(q, sizeof q, "%s%s%s", head, sum, tail) >= sizeof q)
            rc = MARSAD_ERANGE;
        if (!rc && !(s->sql[which] = strdup(q))) rc = MARSAD_ENOMEM;
        if (rc) { /* as table_stmt: not SQLite's error */
            snprintf(s->err, sizeof s->err, "%s", marsad_strerror(rc));
            s->stmt_rc = rc;
            return NULL;
        }
    }
    return msd_store_stmt(s, which);
}

/* What a search result shows of an article, and whether its row is sound. */
static sqlite3_stmt *brief_stmt(msd_store *s)
{
    return summed_stmt(
        s, Q_BRIEF,
        "SELECT a.ext_id, a.title, s.name, a.date, a.body_z, a.body_size, a.grp, "
        "a.rowsum IS ",
        ", a.url FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id = ?1");
}

/* The other members of a group, as a duplicate list shows them, each row checked. */
static sqlite3_stmt *dups_stmt(msd_store *s)
{
    return summed_stmt(s, Q_GET_DUPS,
                       "SELECT a.ext_id, s.name, a.date, a.dup_kind, a.dup_jaccard, a.rowsum IS ",
                       ", a.id FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE "
                       "a.grp = ?1 AND a.id <> ?2 ORDER BY a.id");
}

int msd_store_brief_of(msd_store *s, int64_t id, int with_body, msd_store_brief *out)
{
    sqlite3_stmt *st = brief_stmt(s);
    const char *text[5],
        **dst[5] = {&out->ext_id, &out->title, &out->source, &out->date, &out->url};
    size_t len[5], need = 0, o = 0;
    static const int col[5] = {0, 1, 2, 3, 8};
    int rc;
    memset(out, 0, sizeof *out);
    if (!st) return s->stmt_rc;
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? MARSAD_END : msd_store_fail(s, rc);
    }
    /* The strings are copied out and the statement reset: a statement left stepped holds
     * the connection's read snapshot, so a handle would not see later commits (nor let
     * the WAL be checkpointed past them) until its next brief. */
    for (int c = 0; c < 5; c++) {
        text[c] = (const char *)sqlite3_column_text(st, col[c]);
        len[c] = text[c] ? (size_t)sqlite3_column_bytes(st, col[c]) : 0;
        need += len[c] + 1;
    }
    rc = msd_grow((void **)&s->brief, &s->brief_cap, need, 1, MSD_GROW_DOC_MAX);
    for (int c = 0; !rc && c < 5; c++) {
        if (!text[c]) continue;
        memcpy(s->brief + o, text[c], len[c]);
        s->brief[o + len[c]] = 0;
        *dst[c] = s->brief + o;
        o += len[c] + 1;
    }
    out->group = sqlite3_column_int64(st, 6);
    if (!rc && !sqlite3_column_int(st, 7)) rc = damaged_row(s, id);
    if (!rc && with_body) {
        sqlite3_int64 size = sqlite3_column_int64(st, 5);
        rc = size < 0
                 ? MARSAD_EFORMAT
                 : msd_store_inflate(s, sqlite3_column_blob(st, 4),
                                     (size_t)sqlite3_column_bytes(st, 4), (size_t)size, &out->body);
        if (!rc) out->body_len = (size_t)size;
    }
    sqlite3_reset(st);
    return rc;
}

int msd_store_group_size(msd_store *s, int64_t group, int64_t *n)
{
    sqlite3_stmt *st = msd_store_stmt(s, Q_GROUP_SIZE);
    int rc;
    if (!st) return s->stmt_rc;
    sqlite3_bind_int64(st, 1, group);
    rc = sqlite3_step(st);
    *n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? MARSAD_OK : msd_store_fail(s, rc);
}

int msd_store_each_body(msd_store *s, msd_store_body_fn fn, void *ctx)
{
    sqlite3_stmt *st;
    int rc = MARSAD_OK, step;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT id, title, date, coalesce(source_id, 0), grp, body_z, body_size "
                           "FROM articles ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK)
        return msd_store_fail(s, SQLITE_ERROR);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *body;
        sqlite3_int64 size = sqlite3_column_int64(st, 6);
        rc = size < 0 ? MARSAD_EFORMAT
                      : msd_store_inflate(s, sqlite3_column_blob(st, 5),
                                          (size_t)sqlite3_column_bytes(st, 5), (size_t)size, &body);
        if (!rc)
            rc = fn(ctx, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
                    (const char *)sqlite3_column_text(st, 2), (uint32_t)sqlite3_column_int64(st, 3),
                    sqlite3_column_int64(st, 4), body, (size_t)size);
    }
    if (!rc && step != SQLITE_DONE) rc = msd_store_fail(s, step);
    sqlite3_finalize(st);
    return rc;
}

/* ---- Near-duplicate candidates ---------------------------------------------------------- */

static int by_id(const void *a, const void *b)
{
    const msd_dupcand *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

int msd_store_candidates(msd_store *s, const msd_dupkeys *k, msd_dupcand *cands, size_t cap,
                         size_t *n)
{
    sqlite3_stmt *st = msd_store_stmt(s, Q_LSH);
    size_t o = 0, need = cap * k->nslots;
    uint8_t *sigs;
    int rc = MARSAD_OK;
    *n = 0;
    if (!st) return s->stmt_rc;
    /* the signatures live in s->buf until the next call */
    if ((rc =
             msd_grow((void **)&s->buf, &s->buf_cap, need * sizeof *sigs + 1, 1, MSD_GROW_DOC_MAX)))
        return rc;
    sigs = (uint8_t *)s->buf;
    for (size_t b = 0; b < k->nbands && !rc; b++) {
        int step;
        sqlite3_bind_int64(st, 1, (int32_t)(uint32_t)k->bands[b]);
        while ((step = sqlite3_step(st)) == SQLITE_ROW && o < cap) {
            int64_t id = sqlite3_column_int64(st, 0);
            const unsigned char *blob = sqlite3_column_blob(st, 2);
            size_t seen = 0;
            for (size_t j = 0; j < o && !seen; j++) seen = cands[j].id == id;
            if (seen || !blob || (size_t)sqlite3_column_bytes(st, 2) != k->nslots) continue;
            cands[o].id = id;
            cands[o].group = sqlite3_column_int64(st, 1);
            cands[o].sig = sigs + o * k->nslots;
            memcpy(sigs + o * k->nslots, blob, k->nslots);
            o++;
        }
        sqlite3_reset(st);
        if (step != SQLITE_ROW && step != SQLITE_DONE) rc = msd_store_fail(s, step);
    }
    qsort(cands, o, sizeof *cands, by_id);
    *n = o;
    return rc;
}

int msd_store_clear_lsh(msd_store *s)
{
    char *err = NULL;
    int rc = sqlite3_exec(s->db, "DELETE FROM lsh", NULL, NULL, &err);
    sqlite3_free(err);
    return rc == SQLITE_OK ? MARSAD_OK : msd_store_fail(s, rc);
}

int msd_store_set_keys(msd_store *s, int64_t id, const msd_dupkeys *k)
{
    sqlite3_stmt *st;
    int rc;
    if (sqlite3_prepare_v2(s->db, "UPDATE articles SET body_hash = ?2 WHERE id = ?1", -1, &st,
                           NULL) != SQLITE_OK)
        return msd_store_fail(s, SQLITE_ERROR);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)k->exact);
    rc = sqlite3_step(st) == SQLITE_DONE ? MARSAD_OK : msd_store_fail(s, SQLITE_ERROR);
    sqlite3_finalize(st);
    if (rc) return rc;
    if (k->has_sig) return add_signature(s, id, k);
    if (sqlite3_prepare_v2(s->db, "DELETE FROM signatures WHERE article_id = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return msd_store_fail(s, SQLITE_ERROR);
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st) == SQLITE_DONE ? MARSAD_OK : msd_store_fail(s, SQLITE_ERROR);
    sqlite3_finalize(st);
    return rc;
}

/* ---- Duplicate groups -------------------------------------------------------------------- */

int msd_store_groups(msd_store *s, size_t limit, msd_store_group_fn fn, void *ctx)
{
    sqlite3_stmt *groups, *members = dups_stmt(s);
    char sum[512], q[1024];
    msd_dupref *others = NULL;
    size_t cap = 0;
    int rc = MARSAD_OK, step;
    if (!members) return s->stmt_rc;
    if ((rc = msd_store_rowsum_sql("f.", sum, sizeof sum))) return rc;
    snprintf(q, sizeof q,
             "SELECT g.grp, count(*), f.ext_id, f.date, s.name, f.title, f.rowsum IS %s FROM "
             "articles g JOIN articles f ON f.id = g.grp LEFT JOIN sources s ON s.id = "
             "f.source_id GROUP BY g.grp HAVING count(*) > 1 ORDER BY count(*) DESC, g.grp LIMIT "
             "?1",
             sum);
    if (sqlite3_prepare_v2(s->db, q, -1, &groups, NULL) != SQLITE_OK)
        return msd_store_fail(s, SQLITE_ERROR);
    sqlite3_bind_int64(groups, 1, limit ? (sqlite3_int64)limit : -1);
    while (!rc && (step = sqlite3_step(groups)) == SQLITE_ROW) {
        int64_t grp = sqlite3_column_int64(groups, 0);
        msd_dupref first = {(char *)sqlite3_column_text(groups, 2),
                            (char *)sqlite3_column_text(groups, 4),
                            (char *)sqlite3_column_text(groups, 3), NULL, 1};
        size_t n = 0;
        int m;
        sqlite3_bind_int64(members, 1, grp);
        sqlite3_bind_int64(members, 2, grp);
        while (!rc && (m = sqlite3_step(members)) == SQLITE_ROW) {
            const char *kind = (const char *)sqlite3_column_text(members, 3);
            if ((rc = msd_grow((void **)&others, &cap, n + 1, sizeof *others, MSD_GROW_DOC_MAX)))
                break;
            /* copied: the next step ends this row's texts */
            others[n].id = msd_strdup((const char *)sqlite3_column_text(members, 0));
            others[n].source = msd_strdup((const char *)sqlite3_column_text(members, 1));
            others[n].date = msd_strdup((const char *)sqlite3_column_text(members, 2));
            others[n].kind = !kind ? NULL : !strcmp(kind, "exact") ? "exact" : "near";
            others[n].jaccard = sqlite3_column_double(members, 4);
            if (!others[n++].id) rc = MARSAD_ENOMEM;
            if (!rc && !sqlite3_column_int(members, 5))
                rc = damaged_row(s, sqlite3_column_int64(members, 6));
        }
        if (!rc && !sqlite3_column_int(groups, 6)) rc = damaged_row(s, grp);
        sqlite3_reset(members);
        /* the group row's texts last until groups steps again */
        if (!rc && fn(ctx, sqlite3_column_int64(groups, 1), &first,
                      (const char *)sqlite3_column_text(groups, 5), others, n))
            rc = MARSAD_ESTOP;
        for (size_t j = 0; j < n; j++) {
            free(others[j].id);
            free(others[j].source);
            free(others[j].date);
        }
    }
    if (!rc && step != SQLITE_DONE) rc = msd_store_fail(s, step);
    sqlite3_finalize(groups);
    free(others);
    return rc;
}
