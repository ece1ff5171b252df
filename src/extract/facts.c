/* facts.c — all extractors over one text; see facts.h. */
#include "extract/facts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extract/lexicon.h"
#include "extract/tokens.h"
#include "extract/words.h"
#include "marsad.h"
#include "util/date.h"

static void number_free(msd_number *n)
{
    free(n->text);
    free(n->unit);
    free(n->counted);
}

/* Drops the numeric claims that overlap a date (both lists are in text order). */
static void drop_date_numbers(msd_numbers *ns, const msd_dates *ds)
{
    size_t o = 0, k = 0;
    for (size_t i = 0; i < ns->n; i++) {
        int inside;
        while (k < ds->n && ds->items[k].end <= ns->items[i].start) k++;
        inside = k < ds->n && ds->items[k].start < ns->items[i].end;
        if (inside) {
            number_free(&ns->items[i]);
        } else {
            ns->items[o++] = ns->items[i];
        }
    }
    ns->n = o;
}

/* Keeps the first MSD_FACTS_MAX items of each kind (a text of megabytes in one line must
 * not make an article of millions of facts). */
static int cap(msd_facts *f)
{
    int cut = 0;
    for (; f->entities.n > MSD_FACTS_MAX; cut = 1) {
        msd_entity *e = &f->entities.items[--f->entities.n];
        free(e->text);
        free(e->canonical);
    }
    for (; f->quotes.n > MSD_FACTS_MAX; cut = 1) {
        msd_quote *q = &f->quotes.items[--f->quotes.n];
        free(q->speaker);
        free(q->speaker_text);
        free(q->cue);
        free(q->text);
    }
    for (; f->numbers.n > MSD_FACTS_MAX; cut = 1) number_free(&f->numbers.items[--f->numbers.n]);
    for (; f->dates.n > MSD_FACTS_MAX; cut = 1) free(f->dates.items[--f->dates.n].text);
    return cut;
}

/* Today in UTC as "YYYY-MM-DD". */
static void today(char out[11])
{
    time_t now = time(NULL);
    struct tm tm;
    if (!gmtime_r(&now, &tm)) tm = (struct tm){.tm_year = 100, .tm_mon = 0, .tm_mday = 1};
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(tm.tm_year + 1900) % 10000u,
             (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u);
}

int msd_extract_facts_tokens(const msd_lexicon *lx, const char *text, size_t len,
                             const msd_tokens *ts, const char *ref, msd_facts *out)
{
    char day[11] = "";
    msd_pubday pub;
    int rc = MARSAD_OK;
    memset(out, 0, sizeof *out);
    if (lx) {
        msd_xview v;
        rc = msd_xview_load(&v, lx, text, len, ts);
        if (!rc) rc = msd_entities_find(&v, &out->entities);
        if (!rc) rc = msd_quotes_find(&v, &out->entities, &out->quotes);
        msd_xview_free(&v);
    }
    if (!rc) rc = msd_dates_from_tokens(text, ts, ref, &out->dates);
    if (!rc && !ref) today(day);
    if (!rc && ref) {
        snprintf(out->date, sizeof out->date, "%.10s", ref);
    } else if (!rc && msd_dates_infer_publication(&out->dates, day, &pub)) {
        /* resolve the relative dates again against the day the text gave away */
        msd_dates_clear(&out->dates);
        memcpy(out->date, pub.day, sizeof out->date);
        out->date_inferred = 1;
        rc = msd_dates_from_tokens(text, ts, out->date, &out->dates);
        for (size_t k = 0; !rc && pub.by_weekday && k < out->dates.n; k++)
            if (out->dates.items[k].start == pub.from) { /* "weekday" names the date */
                memcpy(out->dates.items[k].candidates, pub.candidates, sizeof pub.candidates);
                out->date_inferred = 2;
            }
    }
    if (!rc) rc = msd_numbers_from_tokens(text, len, ts, &out->numbers);
    if (rc) {
        msd_facts_clear(out);
        return rc;
    }
    drop_date_numbers(&out->numbers, &out->dates);
    out->truncated = cap(out);
    return MARSAD_OK;
}

int msd_extract_facts(const msd_lexicon *lx, const char *text, size_t len, const char *ref,
                      msd_facts *out)
{
    msd_tokens ts;
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = msd_xtoks_load(text, len, &ts))) return rc;
    rc = msd_extract_facts_tokens(lx, text, len, &ts, ref, out);
    msd_tokens_free(&ts);
    return rc;
}

/* The first date in digits not after `today`: "2015-08-10", "2015/08/10", "15/11/2026"
 * (day first), with any of the digits Arabic-Indic. */
static int digits_day(const char *s, size_t n, const char *today, int *y, int *m, int *d)
{
    char buf[256];
    size_t o = 0;
    /* a stamp is one short line: one past 255 bytes is none */
    if (marsad_normalize(s, n, MARSAD_NORM_DIGITS, buf, sizeof buf - 1, &o) || o >= sizeof buf)
        return 0;
    buf[o] = 0;
    for (size_t i = 0; i < o; i++) {
        int a, b, c, used = 0;
        char s1, s2;
        if ((i && buf[i - 1] >= '0' && buf[i - 1] <= '9') || buf[i] < '0' || buf[i] > '9') continue;
        if (sscanf(buf + i, "%4d%c%2d%c%2d%n", &a, &s1, &b, &s2, &c, &used) == 5 && used >= 8 &&
            s1 == s2 && (s1 == '-' || s1 == '/') && a >= 1900) {
            *y = a, *m = b, *d = c;
        } else if (sscanf(buf + i, "%2d%c%2d%c%4d%n", &a, &s1, &b, &s2, &c, &used) == 5 &&
                   used >= 8 && s1 == s2 && (s1 == '/' || s1 == '-' || s1 == '.') && c >= 1900) {
            *y = c, *m = b, *d = a;
        } else {
            continue;
        }
        if (*y <= 9999 && msd_date_valid(*y, *m, *d)) {
            char iso[40];
            snprintf(iso, sizeof iso, "%04d-%02d-%02d", *y, *m, *d);
            if (strcmp(iso, today) <= 0) return 1;
        }
    }
    return 0;
}

int msd_facts_stamp_day(const char *line, size_t len, char out[11])
{
    char day[11];
    msd_dates ds;
    int y, m, d, found = 0;
    today(day);
    if (msd_extract_dates(line, len, NULL, &ds)) return 0;
    for (size_t k = 0; k < ds.n && !found; k++) {
        const msd_date *x = &ds.items[k];
        if (x->year_written && !strcmp(x->grain, "day") && !strcmp(x->calendar, "gregorian") &&
            strlen(x->value) == 10 && strcmp(x->value, day) <= 0) {
            memcpy(out, x->value, 11);
            found = 1;
        }
    }
    msd_dates_clear(&ds);
    if (!found && digits_day(line, len, day, &y, &m, &d)) {
        snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
                 (unsigned)d % 100u);
        found = 1;
    }
    return found;
}

const char *msd_facts_date_source(const msd_facts *f)
{
    static const char *const how[] = {"given", "text", "weekday"};
    return f->date[0] && f->date_inferred >= 0 && f->date_inferred <= 2 ? how[f->date_inferred]
                                                                        : NULL;
}

void msd_facts_clear(msd_facts *f)
{
    msd_entities_clear(&f->entities);
    msd_quotes_clear(&f->quotes);
    msd_numbers_clear(&f->numbers);
    msd_dates_clear(&f->dates);
}
