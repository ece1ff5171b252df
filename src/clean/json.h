/*
 * json.h — the article JSON of ../shared/API.md (schema 1), for the CLI and the server.
 */
#ifndef MSD_CLEAN_JSON_H
#define MSD_CLEAN_JSON_H

#include "clean/clean.h"
#include "extract/facts.h"
#include "read/doc.h"

/* The article as one line of compact JSON (no newline), malloc'd; NULL when out of
 * memory. `full` adds "author" after "title" (doc->author, or null), removed[] and the
 * fact arrays of `marsad analyze` (numbers and
 * dates from `facts`, which may be NULL; entities and quotes stay empty until their
 * extractors land); without it the object is the corpus record of `marsad clean`:
 * id, source, url, date, title, body. */
char *msd_article_json(const msd_doc *doc, const msd_article *a, const msd_facts *facts, int full);

/* The result of `marsad extract`: {"body", "entities", "quotes", "numbers", "dates"} with
 * the fields of the article JSON, as one line of compact JSON; malloc'd, NULL when out of
 * memory. */
char *msd_facts_json(const char *body, size_t len, const msd_facts *facts);

/* The publication date in API form: "YYYY-MM-DD" or "YYYY-MM" from the start of an ISO
 * 8601 value, else NULL. Writes into buf (at least 11 bytes). */
const char *msd_api_date(const char *date, char *buf);

#endif
