/* fuzz_clean.c — libFuzzer target: the cleaner on any text as a document.
 *
 * The input is the document's text (repaired to valid UTF-8 without NUL bytes, as
 * the readers guarantee);
 * the first byte picks the headline line. Checks: every removed line is a line of the
 * text; the body is valid UTF-8 with no run of three newlines; the title is not NULL.
 * And the pipeline's shortcut: cleaning the document's tokens (analyzed as the archive
 * analyzes) gives the same article, and the body's tokens it selects from them are, one
 * by one (kind, flags, position, offsets, norm, stem), the tokens of the body analyzed
 * alone. */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "archive/internal.h"
#include "clean/clean.h"
#include "marsad.h"
#include "text/tokens.h"

static msd_cleaner *cleaner;
static marsad_analyzer *an; /* the archive's analysis */
static msd_tokens doc_toks, body_toks, direct;

static int same_tok(const struct msd_tok *x, const struct msd_tok *y)
{
    return x->kind == y->kind && x->flags == y->flags && x->pos == y->pos && x->b0 == y->b0 &&
           x->b1 == y->b1 && x->c0 == y->c0 && x->c1 == y->c1 && x->norm_len == y->norm_len &&
           x->stem_len == y->stem_len && !memcmp(x->norm, y->norm, x->norm_len) &&
           !memcmp(x->stem, y->stem, x->stem_len);
}

/* The body's tokens as the cleaner selects them equal the body analyzed alone. */
static void check_body_tokens(const msd_doc *doc, const msd_article *a)
{
    msd_article b;
    char *stored = NULL; /* the text as stored, when it differs from the input's */
    size_t len = doc->text_len;
    const char *text;
    if (!an) {
        marsad_analyzer_config cfg;
        msd_archive_analyzer_config(&cfg);
        if (marsad_analyzer_new(&cfg, &an)) abort();
    }
    if (msd_clean_stored_text(doc, &stored, &len)) abort();
    text = stored ? stored : doc->text;
    if (msd_tokens_analyze(an, text, len, &doc_toks)) abort();
    if (msd_cleaner_clean_tokens(cleaner, doc, text, len, &doc_toks, &b, &body_toks)) abort();
    free(stored);
    if (b.body_len != a->body_len || memcmp(b.body, a->body, a->body_len) ||
        strcmp(b.title, a->title) || b.n_removed != a->n_removed)
        abort();
    if (msd_tokens_analyze(an, b.body, b.body_len, &direct)) abort();
    if (body_toks.n != direct.n) abort();
    for (size_t k = 0; k < direct.n; k++)
        if (!same_tok(&body_toks.t[k], &direct.t[k])) abort();
    msd_article_clear(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    msd_doc doc = {0};
    msd_article a;
    size_t need = 0;
    if (size < 1) return 0;
    if (!cleaner && msd_cleaner_new(4096, &cleaner)) abort();
    marsad_utf8_repair((const char *)data + 1, size - 1, NULL, 0, &need, NULL);
    doc.text = malloc(need + 1);
    if (!doc.text) return 0;
    marsad_utf8_repair((const char *)data + 1, size - 1, doc.text, need, &need, NULL);
    doc.text[need] = 0;
    for (size_t i = 0; i < need; i++) /* readers reject NUL bytes (binary data) */
        if (!doc.text[i]) doc.text[i] = ' ';
    doc.text_len = need;
    doc.title_line = data[0] % 4;
    doc.format = "text";
    /* observe twice so the per-source rule has counts to work with */
    if (msd_cleaner_observe(cleaner, &doc) || msd_cleaner_observe(cleaner, &doc)) abort();
    if (msd_cleaner_clean(cleaner, &doc, &a)) abort();
    if (!a.title || strlen(a.body) != a.body_len) abort();
    if (marsad_utf8_check(a.body, a.body_len, NULL) != MARSAD_OK) abort();
    if (memmem(a.body, a.body_len, "\n\n\n", 3)) abort();
    for (size_t i = 0; i < a.n_removed; i++)
        if (!memmem(doc.text, doc.text_len, a.removed[i].text, strlen(a.removed[i].text))) abort();
    check_body_tokens(&doc, &a);
    msd_article_clear(&a);
    free(doc.text);
    return 0;
}
