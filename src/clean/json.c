/* json.c — the article JSON (API.md, schema 1); see json.h. */
#include "clean/json.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "extract/lexicon.h"
#include "marsad.h"
#include "util/hash.h"

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

const char *msd_api_date(const char *date, char *buf)
{
    size_t n = date ? strlen(date) : 0;
    if (n < 7 || !digits(date, 4) || date[4] != '-' || !digits(date + 5, 2)) return NULL;
    if ((date[5] - '0') * 10 + (date[6] - '0') < 1 || (date[5] - '0') * 10 + (date[6] - '0') > 12)
        return NULL;
    if (n >= 10 && date[7] == '-' && digits(date + 8, 2) &&
        (date[8] - '0') * 10 + (date[9] - '0') >= 1 &&
        (date[8] - '0') * 10 + (date[9] - '0') <= 31) {
        memcpy(buf, date, 10);
        buf[10] = 0;
    } else {
        memcpy(buf, date, 7);
        buf[7] = 0;
    }
    return buf;
}

/* A string or null; a value jansson refuses (invalid UTF-8) is null too, never a key
 * silently missing from the object. */
static json_t *str_or_null(const char *s)
{
    json_t *v = s ? json_string(s) : NULL;
    return v ? v : json_null();
}

static json_t *numbers_json(const msd_numbers *ns)
{
    json_t *arr = json_array();
    for (size_t i = 0; ns && i < ns->n; i++) {
        const msd_number *n = &ns->items[i];
        json_t *e = json_object();
        json_object_set_new(e, "text", json_string(n->text));
        /* whole numbers print as integers: 3000, not 3000.0 */
        if (n->value == (double)(long long)n->value && n->value < 9007199254740992.0)
            json_object_set_new(e, "value", json_integer((json_int_t)n->value));
        else
            json_object_set_new(e, "value", json_real(n->value));
        json_object_set_new(e, "qualifier", json_string(n->qualifier));
        json_object_set_new(e, "unit", str_or_null(n->unit));
        json_object_set_new(e, "counted", str_or_null(n->counted));
        json_object_set_new(e, "start", json_integer((json_int_t)n->start));
        json_object_set_new(e, "end", json_integer((json_int_t)n->end));
        json_array_append_new(arr, e);
    }
    return arr;
}

static json_t *entities_json(const msd_entities *es)
{
    json_t *arr = json_array();
    for (size_t i = 0; es && i < es->n; i++) {
        const msd_entity *e = &es->items[i];
        json_t *o = json_object();
        json_object_set_new(o, "text", str_or_null(e->text));
        json_object_set_new(o, "canonical", str_or_null(e->canonical));
        json_object_set_new(o, "type", json_string(e->type));
        /* places: a political entity (country, city) or a geographic one (river, sea) */
        if (e->etype == MSD_E_GPE || e->etype == MSD_E_LOC)
            json_object_set_new(o, "subtype", json_string(msd_etype_name(e->etype)));
        json_object_set_new(o, "start", json_integer((json_int_t)e->start));
        json_object_set_new(o, "end", json_integer((json_int_t)e->end));
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *quotes_json(const msd_quotes *qs)
{
    json_t *arr = json_array();
    for (size_t i = 0; qs && i < qs->n; i++) {
        const msd_quote *q = &qs->items[i];
        json_t *o = json_object();
        json_object_set_new(o, "speaker", str_or_null(q->speaker));
        json_object_set_new(o, "speaker_text", str_or_null(q->speaker_text));
        json_object_set_new(o, "cue", str_or_null(q->cue));
        json_object_set_new(o, "text", str_or_null(q->text));
        json_object_set_new(o, "direct", json_boolean(q->direct));
        json_object_set_new(o, "start", json_integer((json_int_t)q->start));
        json_object_set_new(o, "end", json_integer((json_int_t)q->end));
        if (q->speaker_text) { /* where the speaker is named at this cue */
            json_object_set_new(o, "speaker_start", json_integer((json_int_t)q->speaker_start));
            json_object_set_new(o, "speaker_end", json_integer((json_int_t)q->speaker_end));
        }
        if (q->cue) {
            json_object_set_new(o, "cue_start", json_integer((json_int_t)q->cue_start));
            json_object_set_new(o, "cue_end", json_integer((json_int_t)q->cue_end));
        }
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *dates_json(const msd_dates *ds)
{
    json_t *arr = json_array();
    for (size_t i = 0; ds && i < ds->n; i++) {
        const msd_date *d = &ds->items[i];
        json_t *e = json_object();
        json_object_set_new(e, "text", json_string(d->text));
        json_object_set_new(e, "value", json_string(d->value));
        json_object_set_new(e, "grain", json_string(d->grain));
        json_object_set_new(e, "start", json_integer((json_int_t)d->start));
        json_object_set_new(e, "end", json_integer((json_int_t)d->end));
        if (strcmp(d->calendar, "gregorian"))
            json_object_set_new(e, "calendar", json_string(d->calendar));
        if (d->relative) json_object_set_new(e, "relative", json_true());
        json_array_append_new(arr, e);
    }
    return arr;
}

char *msd_article_json(const msd_doc *doc, const msd_article *a, const msd_facts *facts, int full)
{
    json_t *o = json_object(), *removed;
    char idbuf[17], datebuf[11];
    const char *id = msd_article_id(doc, a, idbuf), *date = msd_api_date(doc->date, datebuf);
    char *out;
    if (!o) return NULL;
    if (full) json_object_set_new(o, "schema", json_integer(1));
    json_object_set_new(o, "id", str_or_null(id));
    json_object_set_new(o, "source", str_or_null(a->source));
    json_object_set_new(o, "url", str_or_null(doc->url));
    json_object_set_new(o, "title", str_or_null(a->title));
    if (full) json_object_set_new(o, "author", str_or_null(doc->author));
    if (!date && facts && facts->date_inferred) { /* the text gave the day away */
        json_object_set_new(o, "date", json_string(facts->date));
        if (full) json_object_set_new(o, "date_source", json_string("text"));
    } else {
        json_object_set_new(o, "date", str_or_null(date));
        if (full)
            json_object_set_new(o, "date_source", date ? json_string("metadata") : json_null());
    }
    if (full) json_object_set_new(o, "language", json_string(a->language));
    json_object_set_new(o, "body", json_stringn(a->body, a->body_len));
    if (full) {
        removed = json_array();
        for (size_t i = 0; i < a->n_removed; i++) {
            const msd_removed_line *r = &a->removed[i];
            json_t *e = json_object();
            json_object_set_new(e, "line",
                                r->line ? json_integer((json_int_t)r->line) : json_null());
            json_object_set_new(e, "text", json_string(r->text));
            json_object_set_new(e, "reason", json_string(r->reason));
            json_array_append_new(removed, e);
        }
        json_object_set_new(o, "removed", removed);
        json_object_set_new(o, "entities", entities_json(facts ? &facts->entities : NULL));
        json_object_set_new(o, "quotes", quotes_json(facts ? &facts->quotes : NULL));
        json_object_set_new(o, "numbers", numbers_json(facts ? &facts->numbers : NULL));
        json_object_set_new(o, "dates", dates_json(facts ? &facts->dates : NULL));
        if (facts && facts->truncated) json_object_set_new(o, "facts_truncated", json_true());
        json_object_set_new(o, "origin", str_or_null(doc->origin));
        json_object_set_new(o, "format", str_or_null(doc->format));
        json_object_set_new(o, "source_from", str_or_null(a->source_how));
        if (doc->date && !date) json_object_set_new(o, "date_raw", json_string(doc->date));
        if (doc->extra_json) {
            json_error_t err;
            json_t *extra = json_loads(doc->extra_json, 0, &err);
            if (extra) json_object_set_new(o, "meta", extra);
        }
    }
    out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return out;
}

char *msd_facts_json(const char *body, size_t len, const msd_facts *facts)
{
    json_t *o = json_object();
    char *out;
    if (!o) return NULL;
    json_object_set_new(o, "body", json_stringn(body, len));
    json_object_set_new(o, "date", facts->date[0] ? json_string(facts->date) : json_null());
    json_object_set_new(o, "date_source",
                        facts->date[0] ? json_string(facts->date_inferred ? "text" : "given")
                                       : json_null());
    json_object_set_new(o, "entities", entities_json(&facts->entities));
    json_object_set_new(o, "quotes", quotes_json(&facts->quotes));
    json_object_set_new(o, "numbers", numbers_json(&facts->numbers));
    json_object_set_new(o, "dates", dates_json(&facts->dates));
    out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return out;
}
