/* fields.c — the article's fields, for the catalog and the JSON; see fields.h. */
#include "store/fields.h"

#include <stddef.h>
#include <string.h>

#include "marsad.h"
#include "store/record.h"

#define A MSD_V_ARTICLE
#define R MSD_V_RECORD
#define F MSD_V_FACTS

/* In the order the JSON writes them (docs/api.md). A field that one view writes
 * elsewhere has an entry of its own for that view, without a column: the facts view
 * (`marsad extract`) opens with the body. */
const msd_afield msd_article_fields[] = {
    {"schema", NULL, MSD_A_SCHEMA, 0, A, 0},
    {"body", NULL, MSD_A_BODY, MARSAD_FIELD_BODY, F, MSD_SHOW_NULL},
    {"id", "ext_id", MSD_A_STR, MARSAD_FIELD_ID, A | R, MSD_SHOW_NULL},
    {"source", "source_id", MSD_A_SOURCE, MARSAD_FIELD_SOURCE, A | R, MSD_SHOW_NULL},
    {"url", "url", MSD_A_STR, MARSAD_FIELD_URL, A | R, MSD_SHOW_NULL},
    {"title", "title", MSD_A_STR, MARSAD_FIELD_TITLE, A | R, MSD_SHOW_NULL},
    {"author", "author", MSD_A_STR, MARSAD_FIELD_AUTHOR, A | R, MSD_SHOW_NULL},
    {"date", "date", MSD_A_STR, MARSAD_FIELD_DATE, A | R | F, MSD_SHOW_NULL},
    {"date_source", "date_source", MSD_A_STR, MARSAD_FIELD_DATE_SOURCE, A | F, MSD_SHOW_NULL},
    {"language", "language", MSD_A_STR, MARSAD_FIELD_LANGUAGE, A, MSD_SHOW_NULL},
    {"body", "body_z", MSD_A_BODY, MARSAD_FIELD_BODY, A | R, MSD_SHOW_NULL},
    {"removed", NULL, MSD_A_REMOVED, MARSAD_REMOVED, A, 0},
    {"entities", NULL, MSD_A_FACTS, MARSAD_ENTITIES, A | F, 0},
    {"quotes", NULL, MSD_A_FACTS, MARSAD_QUOTES, A | F, 0},
    {"numbers", NULL, MSD_A_FACTS, MARSAD_NUMBERS, A | F, 0},
    {"dates", NULL, MSD_A_FACTS, MARSAD_DATES, A | F, 0},
    {"facts_truncated", "facts_truncated", MSD_A_TRUNCATED, 0, A | F, MSD_ONLY_SET},
    {"origin", "origin", MSD_A_STR, MARSAD_FIELD_ORIGIN, A, MSD_SHOW_NULL},
    {"format", "format", MSD_A_STR, MARSAD_FIELD_FORMAT, A, MSD_SHOW_NULL},
    {"source_from", "source_from", MSD_A_STR, MSD_F_SOURCE_FROM, A, MSD_SHOW_NULL},
    {"date_raw", "date_raw", MSD_A_STR, MSD_F_DATE_RAW, A, 0},
    {"meta", "meta", MSD_A_JSON, MSD_F_META, A, 0},
    {"duplicate_of", "grp", MSD_A_DUP_OF, MARSAD_FIELD_DUPLICATE_OF, A,
     MSD_SHOW_NULL | MSD_ONLY_ARCHIVED | MSD_MUTABLE},
    {"duplicate_kind", "dup_kind", MSD_A_STR, MARSAD_FIELD_DUPLICATE_KIND, A,
     MSD_SHOW_NULL | MSD_ONLY_ARCHIVED | MSD_MUTABLE},
    {"duplicate_jaccard", "dup_jaccard", MSD_A_JACCARD, 0, A,
     MSD_SHOW_NULL | MSD_ONLY_ARCHIVED | MSD_MUTABLE},
    {"duplicates", NULL, MSD_A_DUPS, MARSAD_DUPLICATES, A, MSD_ONLY_ARCHIVED},
    {"ingested", "ingested", MSD_A_STR, MSD_F_INGESTED, A, MSD_ONLY_ARCHIVED},
};
const size_t msd_article_nfields = sizeof msd_article_fields / sizeof msd_article_fields[0];

#undef A
#undef R
#undef F

/* ---- Facts -------------------------------------------------------------------------- */

static const char *const reasons[] = {"repeated-title", "caption", "widget", "breadcrumb",
                                      "related",        "appeal",  "footer", "site-repeated",
                                      "other",          NULL};
static const char *const etypes[] = {"PERS", "ORG", "LOC", "MISC", "GPE", NULL};
static const char *const subtypes[] = {"GPE", "LOC", NULL};
static const char *const qualifiers[] = {"eq", "approx", "gt", "lt", "gte", "lte", NULL};
static const char *const grains[] = {"day", "week", "month", "year", NULL};
static const char *const calendars[] = {"gregorian", "hijri", NULL};

#define O(type, f) offsetof(type, f)
#define SPAN(type) O(type, start), O(type, end), O(type, byte_start), O(type, byte_end)

static const msd_fcol removed_cols[] = {
    {"line", "line", MSD_T_SIZE, O(msd_removed_line, line), 0, 0, 0, NULL, MSD_ZERO_NULL, 0, NULL},
    {"text", "text", MSD_T_STR, O(msd_removed_line, text), 0, 0, 0, NULL, 0, 0, NULL},
    {"reason", "reason", MSD_T_ENUM, O(msd_removed_line, reason), 0, 0, 0, reasons, 0, 0, NULL},
};

static const msd_fcol entity_cols[] = {
    {"text", NULL, MSD_T_SLICE, O(msd_entity, text), O(msd_entity, start), O(msd_entity, end), 0,
     NULL, 0, 0, NULL},
    {"canonical", "name_id", MSD_T_NAME, O(msd_entity, canonical), 0, 0, 0, NULL, 0, 0, NULL},
    {"type", "type", MSD_T_ENUM, O(msd_entity, type), 0, 0, 0, etypes, 0, 0, NULL},
    {"subtype", "subtype", MSD_T_ENUM, O(msd_entity, subtype), 0, 0, 0, subtypes, MSD_OMIT_NULL, 0,
     NULL},
    {"start", "start", MSD_T_SIZE, O(msd_entity, start), 0, 0, 0, NULL, 0, 0, NULL},
    {"end", "end", MSD_T_SIZE, O(msd_entity, end), 0, 0, 0, NULL, 0, 0, NULL},
};

static const msd_fcol quote_cols[] = {
    {"speaker", "speaker_id", MSD_T_NAME, O(msd_quote, speaker), 0, 0, 0, NULL, 0, 0, NULL},
    {"speaker_text", NULL, MSD_T_SLICE, O(msd_quote, speaker_text), O(msd_quote, speaker_start),
     O(msd_quote, speaker_end), 0, NULL, 0, 0, NULL},
    {"cue", "cue", MSD_T_STR, O(msd_quote, cue), 0, 0, 0, NULL, 0, 0, NULL},
    {"text", NULL, MSD_T_SLICE, O(msd_quote, text), O(msd_quote, start), O(msd_quote, end), 0, NULL,
     0, 0, NULL},
    {"direct", "direct", MSD_T_BOOL, O(msd_quote, direct), 0, 0, 0, NULL, 0, 0, NULL},
    {"start", "start", MSD_T_SIZE, O(msd_quote, start), 0, 0, 0, NULL, 0, 0, NULL},
    {"end", "end", MSD_T_SIZE, O(msd_quote, end), 0, 0, 0, NULL, 0, 0, NULL},
    {"speaker_start", "speaker_start", MSD_T_SIZE, O(msd_quote, speaker_start), 0, 0, 0, NULL,
     MSD_OMIT_UNLESS, O(msd_quote, speaker_text), NULL},
    {"speaker_end", "speaker_end", MSD_T_SIZE, O(msd_quote, speaker_end), 0, 0, 0, NULL,
     MSD_OMIT_UNLESS, O(msd_quote, speaker_text), NULL},
    {"cue_start", "cue_start", MSD_T_SIZE, O(msd_quote, cue_start), O(msd_quote, cue_start),
     O(msd_quote, cue_end), 0, NULL, MSD_OMIT_UNLESS | MSD_OMIT_EMPTY_SPAN, O(msd_quote, cue),
     NULL},
    {"cue_end", "cue_end", MSD_T_SIZE, O(msd_quote, cue_end), O(msd_quote, cue_start),
     O(msd_quote, cue_end), 0, NULL, MSD_OMIT_UNLESS | MSD_OMIT_EMPTY_SPAN, O(msd_quote, cue),
     NULL},
};

static const msd_fcol number_cols[] = {
    {"text", NULL, MSD_T_SLICE, O(msd_number, text), O(msd_number, start), O(msd_number, end), 0,
     NULL, 0, 0, NULL},
    {"value", "value", MSD_T_NUMBER, O(msd_number, value), 0, 0, 0, NULL, 0, 0, NULL},
    {"high", "high", MSD_T_NUMBER, O(msd_number, high), 0, 0, 0, NULL, MSD_NAN_NULL, 0, NULL},
    {"qualifier", "qualifier", MSD_T_ENUM, O(msd_number, qualifier), 0, 0, 0, qualifiers, 0, 0,
     NULL},
    {"unit", "unit", MSD_T_STR, O(msd_number, unit), 0, 0, 0, NULL, 0, 0, NULL},
    {"counted", "counted", MSD_T_STR, O(msd_number, counted), 0, 0, 0, NULL, 0, 0, NULL},
    {"start", "start", MSD_T_SIZE, O(msd_number, start), 0, 0, 0, NULL, 0, 0, NULL},
    {"end", "end", MSD_T_SIZE, O(msd_number, end), 0, 0, 0, NULL, 0, 0, NULL},
};

static const msd_fcol date_cols[] = {
    {"text", NULL, MSD_T_SLICE, O(msd_date, text), O(msd_date, start), O(msd_date, end), 0, NULL, 0,
     0, NULL},
    {"value", "value", MSD_T_CHARS, O(msd_date, value), 0, 0, sizeof(((msd_date *)0)->value), NULL,
     0, 0, NULL},
    {"grain", "grain", MSD_T_ENUM, O(msd_date, grain), 0, 0, 0, grains, 0, 0, NULL},
    {"start", "start", MSD_T_SIZE, O(msd_date, start), 0, 0, 0, NULL, 0, 0, NULL},
    {"end", "end", MSD_T_SIZE, O(msd_date, end), 0, 0, 0, NULL, 0, 0, NULL},
    {"calendar", "calendar", MSD_T_ENUM, O(msd_date, calendar), 0, 0, 0, calendars,
     MSD_OMIT_DEFAULT, 0, "gregorian"},
    {"relative", "relative", MSD_T_BOOL, O(msd_date, relative), 0, 0, 0, NULL, MSD_OMIT_FALSE, 0,
     NULL},
    {"time", "time", MSD_T_CHARS, O(msd_date, time), 0, 0, sizeof(((msd_date *)0)->time), NULL,
     MSD_OMIT_EMPTY, 0, NULL},
    {"candidates", "candidates", MSD_T_CHARS, O(msd_date, candidates), 0, 0,
     sizeof(((msd_date *)0)->candidates), NULL, MSD_SPACE_LIST, 0, NULL},
};

#define N(a)   (sizeof a / sizeof a[0])
#define NOSPAN ((size_t)-1), ((size_t)-1), ((size_t)-1), ((size_t)-1)

const msd_fkind msd_fact_kinds[5] = {
    [MARSAD_REMOVED] = {"removed", "removed_lines", sizeof(msd_removed_line), NOSPAN, removed_cols,
                        N(removed_cols)},
    [MARSAD_ENTITIES] = {"entities", "entity_mentions", sizeof(msd_entity), SPAN(msd_entity),
                         entity_cols, N(entity_cols)},
    [MARSAD_QUOTES] = {"quotes", "quote_texts", sizeof(msd_quote), SPAN(msd_quote), quote_cols,
                       N(quote_cols)},
    [MARSAD_NUMBERS] = {"numbers", "number_claims", sizeof(msd_number), SPAN(msd_number),
                        number_cols, N(number_cols)},
    [MARSAD_DATES] = {"dates", "date_mentions", sizeof(msd_date), SPAN(msd_date), date_cols,
                      N(date_cols)},
};

int msd_field_enum_code(const msd_fcol *col, const char *value)
{
    for (int k = 0; value && col->values[k]; k++)
        if (!strcmp(col->values[k], value)) return k + 1;
    return 0;
}

const char *msd_field_enum_value(const msd_fcol *col, int code)
{
    for (int k = 0; col->values[k]; k++)
        if (k + 1 == code) return col->values[k];
    return NULL;
}
