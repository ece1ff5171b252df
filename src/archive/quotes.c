/*
 * quotes.c — who said what (marsad_archive_quotes): the quotations of the articles a
 * query (and the speaker: clause of the query language) finds, kept when their speaker's
 * name holds the speaker's words, sorted by speaker then date.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/internal.h"
#include "store/store.h"
#include "util/date.h"
#include "util/grow.h"
#include "util/str.h"

struct row {
    marsad_story_quote q; /* its strings malloc'd */
    int64_t story;
};

struct gather {
    const char *want; /* the speaker's words in the index form, or NULL */
    struct row *rows;
    size_t n, cap;
};

static void row_free(struct row *r)
{
    free((char *)r->q.speaker);
    free((char *)r->q.cue);
    free((char *)r->q.text);
    free((char *)r->q.article);
    free((char *)r->q.source);
    free((char *)r->q.date);
}

static int take(void *ctx, const msd_store_row *r)
{
    struct gather *g = ctx;
    struct row *w;
    const char *speaker = msd_row_text(r, 3);
    char day[11];
    const char *date = msd_row_text(r, 1), *d;
    if (g->want && !msd_archive_name_holds(speaker, g->want)) return MARSAD_OK;
    if (msd_grow((void **)&g->rows, &g->cap, g->n + 1, sizeof *g->rows, MSD_GROW_BATCH_MAX))
        return MARSAD_ENOMEM;
    w = &g->rows[g->n];
    memset(w, 0, sizeof *w);
    d = date ? msd_date_iso(date, day) : NULL;
    w->q.article = msd_strdup(msd_row_text(r, 0));
    w->q.date = msd_strdup(d ? d : date);
    w->q.source = msd_strdup(msd_row_text(r, 2));
    w->q.speaker = msd_strdup(speaker);
    w->q.cue = msd_strdup(msd_row_text(r, 4));
    w->q.text = msd_strdup(msd_row_text(r, 5) ? msd_row_text(r, 5) : "");
    w->q.direct = (int)msd_row_int(r, 6);
    w->q.start = (size_t)msd_row_int(r, 7);
    w->q.end = (size_t)msd_row_int(r, 8);
    w->story = msd_row_is_null(r, 9) ? 0 : msd_row_int(r, 9);
    g->n++;
    if (!w->q.article || !w->q.text) return MARSAD_ENOMEM;
    return MARSAD_OK;
}

static int by_speaker(const void *x, const void *y)
{
    const struct row *a = x, *b = y;
    int c;
    if (!a->q.speaker != !b->q.speaker) return a->q.speaker ? -1 : 1; /* unnamed last */
    if (a->q.speaker && (c = strcmp(a->q.speaker, b->q.speaker))) return c;
    if ((c = strcmp(a->q.date ? a->q.date : "~", b->q.date ? b->q.date : "~"))) return c;
    if ((c = strcmp(a->q.article, b->q.article))) return c;
    return (a->q.start > b->q.start) - (a->q.start < b->q.start);
}

int marsad_archive_quotes(marsad_archive *a, const char *speaker, const char *query, size_t limit,
                          marsad_quote_fn fn, void *ctx, marsad_query_error *err)
{
    struct gather g = {NULL, NULL, 0, 0};
    char want[1024], *q;
    marsad_search_options o;
    marsad_results *res = NULL;
    size_t qn;
    int rc;
    if (!a || !fn || ((!speaker || !*speaker) && (!query || !*query))) return MARSAD_EINVAL;
    if (a->deferred) return MARSAD_OK;
    if (speaker && *speaker) {
        if (!msd_archive_name_form(speaker, strlen(speaker), want, sizeof want)) return MARSAD_OK;
        g.want = want;
    }
    /* the articles: the query's, with the speaker as a clause of it */
    qn = (query ? strlen(query) : 0) + (speaker ? strlen(speaker) : 0) + 32;
    if (!(q = malloc(qn))) return MARSAD_ENOMEM;
    snprintf(q, qn, "%s%s%s%s%s", query && *query ? "(" : "", query && *query ? query : "",
             query && *query ? ") " : "", g.want ? "speaker:\"" : "", g.want ? want : "");
    if (g.want) strcat(q, "\"");
    marsad_search_options_init(&o);
    o.limit = 10000;
    o.all = 1;
    o.snippet_chars = 0;
    o.sort = MARSAD_SORT_OLDEST;
    rc = marsad_search(a, q, strlen(q), &o, &res, err);
    free(q);
    for (size_t i = 0; !rc && i < marsad_results_count(res); i++) {
        int64_t id;
        if ((rc = msd_store_find_ext(a->store, marsad_results_hit(res, i)->id, &id))) {
            if (rc == MARSAD_END) rc = MARSAD_OK; /* deleted since */
            continue;
        }
        rc = msd_store_story_query(a->store, MSD_STORY_Q_QUOTES_OF, id, take, &g);
    }
    marsad_results_free(res);
    if (!rc && g.n) qsort(g.rows, g.n, sizeof *g.rows, by_speaker);
    for (size_t i = 0; !rc && i < g.n && (!limit || i < limit); i++)
        if (fn(ctx, &g.rows[i].q, g.rows[i].story)) rc = MARSAD_ESTOP;
    for (size_t i = 0; i < g.n; i++) row_free(&g.rows[i]);
    free(g.rows);
    if (rc == MARSAD_EIO && !a->err[0])
        msd_archive_fail(a, rc, "%s: %s", a->path, msd_store_error(a->store));
    return rc;
}
