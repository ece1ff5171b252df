/*
 * article.c — the public face of an article (marsad_article: fields, facts, duplicate
 * links), marsad_extract, and the lexicon. The record itself is store/record.h.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/internal.h"
#include "extract/facts.h"
#include "extract/lexicon.h"
#include "util/date.h"

void marsad_free(void *p)
{
    free(p);
}

const char *marsad_article_field(const marsad_article *a, int field)
{
    return a && field >= 0 && field < MARSAD_FIELD_COUNT ? a->f[field] : NULL;
}

const char *marsad_article_body(const marsad_article *a, size_t *len)
{
    if (len) *len = a ? a->body_len : 0;
    return a && a->f[MARSAD_FIELD_BODY] ? a->f[MARSAD_FIELD_BODY] : "";
}

size_t marsad_article_count(const marsad_article *a, int kind)
{
    size_t n = 0;
    if (!a) return 0;
    if (kind == MARSAD_DUPLICATES) return a->n_dups;
    msd_record_items(a, kind, &n);
    return n;
}

/* Item i of a kind, or NULL (the caller returns MARSAD_EINVAL). */
static const void *item(const marsad_article *a, int kind, size_t i, size_t size)
{
    size_t n = 0;
    const char *items = a ? msd_record_items(a, kind, &n) : NULL;
    return i < n ? items + i * size : NULL;
}

int marsad_article_removed_at(const marsad_article *a, size_t i, marsad_removed *out)
{
    const msd_removed_line *r = item(a, MARSAD_REMOVED, i, sizeof *r);
    if (!r) return MARSAD_EINVAL;
    out->line = r->line;
    out->text = r->text;
    out->reason = r->reason;
    return MARSAD_OK;
}

int marsad_article_entity_at(const marsad_article *a, size_t i, marsad_entity *out)
{
    const msd_entity *e = item(a, MARSAD_ENTITIES, i, sizeof *e);
    if (!e) return MARSAD_EINVAL;
    out->text = e->text;
    out->canonical = e->canonical;
    out->type = e->type;
    out->subtype = e->subtype;
    out->start = e->start;
    out->end = e->end;
    return MARSAD_OK;
}

int marsad_article_quote_at(const marsad_article *a, size_t i, marsad_quote *out)
{
    const msd_quote *q = item(a, MARSAD_QUOTES, i, sizeof *q);
    if (!q) return MARSAD_EINVAL;
    out->speaker = q->speaker;
    out->speaker_text = q->speaker_text;
    out->cue = q->cue;
    out->text = q->text;
    out->direct = q->direct;
    out->start = q->start;
    out->end = q->end;
    out->speaker_start = q->speaker_start;
    out->speaker_end = q->speaker_end;
    out->cue_start = q->cue_start;
    out->cue_end = q->cue_end;
    return MARSAD_OK;
}

int marsad_article_number_at(const marsad_article *a, size_t i, marsad_number *out)
{
    const msd_number *n = item(a, MARSAD_NUMBERS, i, sizeof *n);
    if (!n) return MARSAD_EINVAL;
    out->text = n->text;
    out->value = n->value;
    out->qualifier = n->qualifier;
    out->unit = n->unit;
    out->counted = n->counted;
    out->start = n->start;
    out->end = n->end;
    return MARSAD_OK;
}

int marsad_article_number_high(const marsad_article *a, size_t i, double *high)
{
    const msd_number *n = item(a, MARSAD_NUMBERS, i, sizeof *n);
    if (!n) return MARSAD_EINVAL;
    if (isnan(n->high)) return MARSAD_ENOTFOUND;
    *high = n->high;
    return MARSAD_OK;
}

int marsad_article_date_time(const marsad_article *a, size_t i, const char **hhmm)
{
    const msd_date *d = item(a, MARSAD_DATES, i, sizeof *d);
    if (!d) return MARSAD_EINVAL;
    if (!d->time[0]) return MARSAD_ENOTFOUND;
    *hhmm = d->time;
    return MARSAD_OK;
}

int marsad_article_date_candidates(const marsad_article *a, size_t i, const char **days)
{
    const msd_date *d = item(a, MARSAD_DATES, i, sizeof *d);
    if (!d) return MARSAD_EINVAL;
    if (!d->candidates[0]) return MARSAD_ENOTFOUND;
    *days = d->candidates;
    return MARSAD_OK;
}

int marsad_article_date_at(const marsad_article *a, size_t i, marsad_date *out)
{
    const msd_date *d = item(a, MARSAD_DATES, i, sizeof *d);
    if (!d) return MARSAD_EINVAL;
    out->text = d->text;
    out->value = d->value;
    out->grain = d->grain;
    out->calendar = d->calendar;
    out->relative = d->relative;
    out->start = d->start;
    out->end = d->end;
    return MARSAD_OK;
}

int marsad_article_duplicate_at(const marsad_article *a, size_t i, marsad_duplicate *out)
{
    if (!a || i >= a->n_dups) return MARSAD_EINVAL;
    out->id = a->dups[i].id;
    out->source = a->dups[i].source;
    out->date = a->dups[i].date;
    out->kind = a->dups[i].kind;
    out->jaccard = a->dups[i].jaccard;
    return MARSAD_OK;
}

void marsad_article_free(marsad_article *a)
{
    if (!a) return;
    msd_record_clear(a);
    free(a);
}

int marsad_extract(const marsad_lexicon *lx, const char *text, size_t n, const char *date,
                   marsad_article **out)
{
    marsad_article *r;
    char day[11];
    int rc;
    *out = NULL;
    if (!text && n) return MARSAD_EINVAL;
    if (date && (!msd_date_iso(date, day) || strlen(day) != 10)) return MARSAD_EINVAL;
    if (marsad_utf8_check(text ? text : "", n, NULL)) return MARSAD_EUTF8;
    if (!(r = calloc(1, sizeof *r))) return MARSAD_ENOMEM;
    rc = msd_record_set(r, MARSAD_FIELD_BODY, text ? text : "", n);
    if (!rc) rc = msd_extract_facts(lx, r->f[MARSAD_FIELD_BODY], n, date ? day : NULL, &r->facts);
    if (!rc && r->facts.date[0]) { /* the day relative dates were resolved against */
        rc = msd_record_set(r, MARSAD_FIELD_DATE, r->facts.date, strlen(r->facts.date));
        if (!rc)
            rc = msd_record_set(r, MARSAD_FIELD_DATE_SOURCE, msd_facts_date_source(&r->facts),
                                strlen(msd_facts_date_source(&r->facts)));
    }
    r->facts_truncated = r->facts.truncated;
    if (rc) {
        marsad_article_free(r);
        return rc;
    }
    *out = r;
    return MARSAD_OK;
}

/* ---- The lexicon ----------------------------------------------------------------------- */

int marsad_lexicon_new(marsad_lexicon **out)
{
    return msd_lexicon_new(out);
}

int marsad_lexicon_add_file(marsad_lexicon *lx, const char *path, char *msg, size_t cap)
{
    size_t bad = 0;
    int rc;
    if (!lx || !path) return MARSAD_EINVAL;
    rc = msd_lexicon_load(lx, path, &bad);
    if (rc && msg && cap) {
        if (rc == MARSAD_EFORMAT)
            snprintf(msg, cap,
                     "%s:%zu: not name<TAB>TYPE[<TAB>canonical] with TYPE one of PERS ORG GPE LOC "
                     "MISC",
                     path, bad);
        else
            snprintf(msg, cap, "%s: %s", path,
                     rc == MARSAD_EIO ? strerror(errno) : marsad_strerror(rc));
    }
    return rc;
}

void marsad_lexicon_free(marsad_lexicon *lx)
{
    msd_lexicon_free(lx);
}
