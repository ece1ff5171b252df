/*
 * record.h — one article as the library hands it on: the public marsad_article. The
 * pipeline makes it from a document it read, cleaned and analyzed; the catalog makes it
 * from its rows. Both give the same fields, and one table of them (fields.h) drives the
 * catalog's columns and the JSON.
 *
 * Ownership: the record owns every string, the removed lines and the facts
 * (msd_record_clear releases them all). Static strings (a removed line's reason, a
 * fact's type) are never freed.
 */
#ifndef MSD_STORE_RECORD_H
#define MSD_STORE_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "clean/clean.h"
#include "extract/facts.h"
#include "marsad.h"

/* String fields past the public ones (enum marsad_field): the JSON of `marsad analyze`
 * and the catalog keep them too. */
enum {
    MSD_F_SOURCE_FROM =
        MARSAD_FIELD_COUNT, /* "metadata", "footer" or "name": how the source was found */
    MSD_F_DATE_RAW,         /* the input's date when it is no ISO date */
    MSD_F_META,             /* JSONL fields marsad does not know: a JSON object */
    MSD_F_INGESTED,         /* UTC time the archive stored it */
    MSD_NFIELDS
};

/* An article of the same duplicate group (archived articles only). */
typedef struct msd_dupref {
    char *id, *source, *date;
    const char *kind; /* static: "exact", "near", or NULL for the group's first */
    double jaccard;
} msd_dupref;

struct marsad_article {
    char *f[MSD_NFIELDS]; /* malloc'd or NULL, by enum marsad_field and MSD_F_* */
    size_t body_len;      /* bytes of f[MARSAD_FIELD_BODY] */
    int facts_truncated;  /* some kind had more than MSD_FACTS_MAX items */
    msd_removed_line *removed;
    size_t n_removed;
    msd_facts facts;
    /* archived articles */
    int64_t rowid; /* its catalog id, 0 for an article not archived */
    double dup_jaccard;
    msd_dupref *dups; /* the others of its group, in id order */
    size_t n_dups;
};

/* Sets field f to a copy of s[0..n) (s NULL: NULL). Returns MARSAD_OK or MARSAD_ENOMEM. */
int msd_record_set(marsad_article *r, int f, const char *s, size_t n);

/* The items of one kind (enum marsad_fact_kind, MARSAD_REMOVED to MARSAD_DATES) as an
 * array of the kind's struct (msd_removed_line, msd_entity …) and their number; NULL, 0
 * for another kind. */
void *msd_record_items(const marsad_article *r, int kind, size_t *n);

/* Releases everything r holds and zeroes it; accepts a zeroed record. */
void msd_record_clear(marsad_article *r);

#endif
