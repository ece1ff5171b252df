/*
 * fields.h — the article's fields as the catalog stores them and the JSON shows them,
 * in one table (and one per kind of fact): the catalog's INSERT and SELECT statements
 * are built from it (store.c), and the JSON is written from it (archive/json.c), so a
 * field added here appears in both. The contract of the JSON is docs/api.md; of the
 * tables, docs/store.md.
 */
#ifndef MSD_STORE_FIELDS_H
#define MSD_STORE_FIELDS_H

#include <stddef.h>

/* ---- The article ------------------------------------------------------------------- */

enum msd_akind {
    MSD_A_STR,       /* a string field f[field]; column holds it as TEXT */
    MSD_A_SOURCE,    /* the source: sources.name through articles.source_id */
    MSD_A_BODY,      /* the body: zlib in body_z (body_size bytes once inflated) */
    MSD_A_JSON,      /* a string field holding a JSON object, shown as the object */
    MSD_A_SCHEMA,    /* "schema": 1 */
    MSD_A_REMOVED,   /* removed[] (table removed) */
    MSD_A_FACTS,     /* one kind of fact (fact tables below), by `field` */
    MSD_A_TRUNCATED, /* facts_truncated: true, when some kind was cut */
    MSD_A_DUP_OF,    /* the ext_id of the group's first article (articles.grp) */
    MSD_A_JACCARD,   /* dup_jaccard */
    MSD_A_DUPS       /* duplicates[]: the others of the group */
};

enum {
    MSD_SHOW_NULL = 1u << 0,     /* shown when NULL (as null); otherwise left out */
    MSD_ONLY_ARCHIVED = 1u << 1, /* shown only for an article read from an archive */
    MSD_ONLY_SET = 1u << 2,      /* MSD_A_TRUNCATED: shown only when true */
    MSD_MUTABLE = 1u << 3        /* rewritten after the insert (a delete regroups): left out of
                                    the row's checksum (rowsum.c) */
};

/* The views (enum marsad_json_view) as bits. */
#define MSD_V_ARTICLE (1u << 0)
#define MSD_V_RECORD  (1u << 1)
#define MSD_V_FACTS   (1u << 2)

typedef struct msd_afield {
    const char *json;   /* key in the JSON */
    const char *column; /* column of articles, or NULL (another table, or not stored) */
    int kind;           /* enum msd_akind */
    int field;          /* index into marsad_article.f (MSD_A_STR, _JSON, _SOURCE, _BODY);
                           enum marsad_fact_kind (MSD_A_FACTS) */
    unsigned views;     /* MSD_V_* it appears in, in table order */
    unsigned flags;
} msd_afield;

extern const msd_afield msd_article_fields[];
extern const size_t msd_article_nfields;

/* ---- Facts and removed lines --------------------------------------------------------- */

enum msd_ftype {
    MSD_T_STR,   /* char * (malloc'd), TEXT */
    MSD_T_NAME,  /* char * (malloc'd), stored once in names, the row holds its id */
    MSD_T_ENUM,  /* const char * from a fixed list (static); INTEGER, its 1-based place in
                    the list (the views show the text) */
    MSD_T_CHARS, /* char[size] inline, TEXT */
    MSD_T_SLICE, /* char * (malloc'd): the body between the code points at off_start and
                    off_end (size_t fields); not stored: a view slices it (store.md).
                    An empty span is NULL. */
    MSD_T_SIZE,  /* size_t, INTEGER */
    MSD_T_BOOL,  /* int, INTEGER 0/1, JSON true/false */
    MSD_T_NUMBER /* double, REAL; JSON integer when whole */
};

enum {
    MSD_OMIT_NULL = 1u << 0,       /* left out of the JSON when NULL */
    MSD_OMIT_FALSE = 1u << 1,      /* left out when 0 */
    MSD_OMIT_DEFAULT = 1u << 2,    /* left out when equal to `def` */
    MSD_OMIT_UNLESS = 1u << 3,     /* left out when the char * at off_with is NULL */
    MSD_ZERO_NULL = 1u << 4,       /* MSD_T_SIZE: 0 shows (and is stored) as null */
    MSD_OMIT_EMPTY_SPAN = 1u << 5, /* left out when the span off_start..off_end is empty (a
                                      v2 quotation's cue has no offsets to migrate) */
    MSD_NAN_NULL = 1u << 6,   /* MSD_T_NUMBER: NAN is stored as NULL and left out of the JSON */
    MSD_SPACE_LIST = 1u << 7, /* MSD_T_CHARS: words between single spaces, shown as a JSON
                                 array of strings; "" is stored as NULL and left out */
    MSD_OMIT_EMPTY = 1u << 8  /* MSD_T_CHARS: "" is stored as NULL and left out */
};

typedef struct msd_fcol {
    const char *json;          /* key in the item's JSON object */
    const char *column;        /* column of the kind's table, or NULL (MSD_T_SLICE) */
    int type;                  /* enum msd_ftype */
    size_t off;                /* offset of the value in the item's struct */
    size_t off_start, off_end; /* MSD_T_SLICE: its span */
    size_t size;               /* MSD_T_CHARS: the array's size */
    const char *const *values; /* MSD_T_ENUM: the allowed values, NULL-terminated */
    unsigned flags;
    size_t off_with; /* MSD_OMIT_UNLESS */
    const char *def; /* MSD_OMIT_DEFAULT */
} msd_fcol;

typedef struct msd_fkind {
    const char *table; /* the catalog table: (article_id, n, columns…) */
    const char *view;  /* the view that shows it with its text (views.c) */
    size_t item_size;  /* sizeof the item struct */
    size_t off_start, off_end, off_bstart, off_bend; /* its span: code points, bytes */
    const msd_fcol *cols;
    size_t ncols;
} msd_fkind;

/* By enum marsad_fact_kind, MARSAD_REMOVED to MARSAD_DATES. */
extern const msd_fkind msd_fact_kinds[5];

/* An MSD_T_ENUM column's code for a value (its 1-based place in the list), 0 when the
 * list does not hold it; and the static value of a code, NULL for none. */
int msd_field_enum_code(const msd_fcol *col, const char *value);
const char *msd_field_enum_value(const msd_fcol *col, int code);

#endif
