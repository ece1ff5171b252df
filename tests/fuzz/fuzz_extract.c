/* fuzz_extract.c — libFuzzer target: every fact extractor on any text.
 *
 * The input is repaired to valid UTF-8 without NUL bytes (what the extractors are
 * given). The first byte picks a reference date or none, and which extractor runs:
 * numbers, dates, entities or quotations alone through their own entry points, or all
 * of them through msd_extract_facts. Checks, for every kind alike: offsets lie inside
 * the text, items come in order without overlapping, and each item's text is exactly
 * the slice [start, end) of the input in code points; a quotation's speaker and cue
 * slices too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract/facts.h"
#include "extract/lexicon.h"
#include "extract/tokens.h"
#include "extract/words.h"
#include "marsad.h"
#include "text/utf8.h"

struct text {
    const char *s;
    size_t len, total; /* bytes, code points */
};

/* The byte offset of code point cp. */
static size_t byte_at(const struct text *t, size_t cp)
{
    size_t b = 0;
    while (cp--) msd_utf8_next((const unsigned char *)t->s, t->len, &b, NULL);
    return b;
}

/* [start, end) lies in the text and spells item; ordered after *prev_end when given. */
static void check_slice(const struct text *t, size_t start, size_t end, const char *item,
                        size_t *prev_end)
{
    size_t b0, b1;
    if (start >= end || end > t->total || (prev_end && start < *prev_end)) abort();
    b0 = byte_at(t, start);
    b1 = byte_at(t, end);
    if (strlen(item) != b1 - b0 || memcmp(t->s + b0, item, b1 - b0)) abort();
    if (prev_end) *prev_end = end;
}

static void check_bytes(const struct text *t, size_t start, size_t b_start, size_t b_end)
{
    if (b_end > t->len || b_start > b_end || byte_at(t, start) != b_start) abort();
}

static void check_numbers(const struct text *t, const msd_numbers *ns)
{
    size_t prev = 0;
    for (size_t k = 0; k < ns->n; k++) {
        const msd_number *n = &ns->items[k];
        check_slice(t, n->start, n->end, n->text, &prev);
        check_bytes(t, n->start, n->byte_start, n->byte_end);
        if (!n->qualifier) abort();
    }
}

static void check_dates(const struct text *t, const msd_dates *ds)
{
    size_t prev = 0;
    for (size_t k = 0; k < ds->n; k++) {
        const msd_date *d = &ds->items[k];
        check_slice(t, d->start, d->end, d->text, &prev);
        check_bytes(t, d->start, d->byte_start, d->byte_end);
        if (!d->grain || !d->value[0]) abort();
    }
}

static void check_entities(const struct text *t, const msd_entities *es)
{
    size_t prev = 0;
    for (size_t k = 0; k < es->n; k++) {
        const msd_entity *e = &es->items[k];
        check_slice(t, e->start, e->end, e->text, &prev);
        check_bytes(t, e->start, e->byte_start, e->byte_end);
        if (!e->type || !e->canonical || !e->canonical[0] || e->tok_first > e->tok_last) abort();
    }
}

static void check_quotes(const struct text *t, const msd_quotes *qs)
{
    size_t prev = 0;
    for (size_t k = 0; k < qs->n; k++) {
        const msd_quote *q = &qs->items[k];
        check_slice(t, q->start, q->end, q->text, &prev);
        check_bytes(t, q->start, q->byte_start, q->byte_end);
        if (q->speaker_text)
            check_slice(t, q->speaker_start, q->speaker_end, q->speaker_text, NULL);
        if (q->speaker_text && !q->speaker) abort();
        if (q->cue && (q->cue_start >= q->cue_end || q->cue_end > t->total)) abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const refs[] = {NULL, "2016-11-20", "2000-02-29", "1999-12-31"};
    static msd_lexicon *lx;
    struct text t = {NULL, 0, 0};
    size_t need = 0, i = 0;
    const char *ref;
    char *text;
    if (!size) return 0;
    ref = refs[data[0] % 4];
    marsad_utf8_repair((const char *)data + 1, size - 1, NULL, 0, &need, NULL);
    text = malloc(need ? need : 1); /* not NUL-terminated: the extractors take a length */
    if (!text) return 0;
    marsad_utf8_repair((const char *)data + 1, size - 1, text, need, &need, NULL);
    for (size_t k = 0; k < need; k++) /* bodies never hold NUL bytes (readers reject them) */
        if (!text[k]) text[k] = ' ';
    t.s = text;
    t.len = need;
    while (i < need) msd_utf8_next((const unsigned char *)text, need, &i, NULL), t.total++;
    if (!lx && msd_lexicon_new(&lx)) abort(); /* built once: it is only read */
    switch ((data[0] >> 2) % 5) {
    case 0: { /* numbers alone */
        msd_numbers ns;
        if (msd_extract_numbers(text, need, &ns)) abort();
        check_numbers(&t, &ns);
        msd_numbers_clear(&ns);
        break;
    }
    case 1: { /* dates alone */
        msd_dates ds;
        if (msd_extract_dates(text, need, ref, &ds)) abort();
        check_dates(&t, &ds);
        msd_dates_clear(&ds);
        break;
    }
    case 2: /* entities and quotations on their word view */
    case 3: {
        msd_tokens ts;
        msd_xview v = {0};
        msd_entities es;
        msd_quotes qs;
        if (msd_xtoks_load(text, need, &ts) || msd_xview_load(&v, lx, text, need, &ts) ||
            msd_entities_find(&v, &es))
            abort();
        check_entities(&t, &es);
        if ((data[0] >> 2) % 5 == 3) {
            if (msd_quotes_find(&v, &es, &qs)) abort();
            check_quotes(&t, &qs);
            msd_quotes_clear(&qs);
        }
        msd_entities_clear(&es);
        msd_xview_free(&v);
        msd_tokens_free(&ts);
        break;
    }
    default: { /* all of them, reconciled */
        msd_facts f;
        if (msd_extract_facts(lx, text, need, ref, &f) != MARSAD_OK) abort();
        check_numbers(&t, &f.numbers);
        check_dates(&t, &f.dates);
        check_entities(&t, &f.entities);
        check_quotes(&t, &f.quotes);
        if (f.date_inferred && strlen(f.date) != 10) abort();
        msd_facts_clear(&f);
    }
    }
    free(text);
    return 0;
}
