/* fuzz_query.c — libFuzzer target: any bytes parse or fail cleanly, under both default
 * operators.
 *
 * On success the tree keeps the shape query.h promises (spans inside the query, kids
 * present, leaves with non-empty valid UTF-8 text, NOT only under AND/OR and never over
 * NOT, AND/OR with two kids or more and not only exclusions, AND flattened, at most 256
 * nodes and 32 levels) and the rendering
 * succeeds with the length it announced. The rendering is not query syntax, so there is
 * no round trip. On failure the output is zeroed and the error points into the query. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "search/query.h"
#include "text/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t n_nodes;

static void check_node(const msd_qnode *n, const msd_qnode *parent, size_t ncp, size_t nbytes,
                       int depth)
{
    if (!n || depth > MSD_QUERY_MAX_DEPTH) abort();
    if (++n_nodes > MSD_QUERY_MAX_NODES) abort();
    if (n->pos + n->len > ncp || n->byte_pos + n->byte_len > nbytes) abort();
    if (n->len == 0 || n->byte_len < n->len) abort();
    if (n->n_kids && !n->kids) abort();
    if (parent && parent->title_only && !n->title_only) abort();
    switch (n->kind) {
    case MSD_Q_WORD:
    case MSD_Q_EXACT:
    case MSD_Q_PREFIX:
        if (!n->text || !n->text[0] || n->n_kids) abort();
        if (marsad_utf8_check(n->text, strlen(n->text), NULL) != MARSAD_OK) abort();
        return;
    case MSD_Q_PHRASE:
        if (n->text || n->n_kids == 0) abort();
        for (size_t k = 0; k < n->n_kids; k++)
            if (n->kids[k] && n->kids[k]->kind > MSD_Q_PREFIX) abort();
        break;
    case MSD_Q_AND:
    case MSD_Q_OR: {
        size_t n_not = 0;
        if (n->text || n->n_kids < 2) abort();
        for (size_t k = 0; k < n->n_kids; k++) {
            if (!n->kids[k]) abort();
            if (n->kids[k]->kind == n->kind && n->kind == MSD_Q_AND) abort(); /* flattened */
            n_not += n->kids[k]->kind == MSD_Q_NOT;
        }
        if (n_not == n->n_kids) abort();
        break;
    }
    case MSD_Q_NOT:
        if (n->text || n->n_kids != 1 || !n->kids[0] || n->kids[0]->kind == MSD_Q_NOT) abort();
        if (!parent || (parent->kind != MSD_Q_AND && parent->kind != MSD_Q_OR)) abort();
        break;
    default: abort();
    }
    for (size_t k = 0; k < n->n_kids; k++) check_node(n->kids[k], n, ncp, nbytes, depth + 1);
}

static void check_date(const char *d)
{
    if (!d[0]) return;
    for (int k = 0; k < 10; k++)
        if (k == 4 || k == 7 ? d[k] != '-' : (d[k] < '0' || d[k] > '9')) abort();
    if (d[10]) abort();
}

static void one(const char *s, size_t size, size_t ncp, int default_or)
{
    msd_query q;
    msd_query_error err;
    size_t need = 0, need2 = 0;
    char *buf;
    int rc = msd_query_parse(s, size, default_or, &q, &err);

    if (rc != MARSAD_OK) {
        if (rc != MARSAD_EFORMAT && rc != MARSAD_EUTF8 && rc != MARSAD_ETOOBIG &&
            rc != MARSAD_ENOMEM)
            abort();
        if (q.root || q.sources || q.n_sources || q.from[0] || q.to[0]) abort();
        if (!err.msg[0] || !memchr(err.msg, '\0', sizeof err.msg)) abort();
        if (err.pos > ncp || err.byte_pos > size) abort();
        return;
    }
    if (!q.root && !q.n_sources && !q.from[0] && !q.to[0]) abort();
    if (q.root && q.root->kind == MSD_Q_NOT) abort();
    n_nodes = 0;
    if (q.root) check_node(q.root, NULL, ncp, size, 1);
    for (size_t k = 0; k < q.n_sources; k++)
        if (!q.sources[k] || !q.sources[k][0]) abort();
    check_date(q.from);
    check_date(q.to);
    if (q.from[0] && q.to[0] && strcmp(q.from, q.to) > 0) abort();

    if (msd_query_format(&q, NULL, 0, &need) != MARSAD_ERANGE) abort();
    buf = malloc(need + 1);
    if (buf) {
        if (msd_query_format(&q, buf, need + 1, &need2) != MARSAD_OK) abort();
        if (need2 != need || strlen(buf) != need) abort();
        if (marsad_utf8_check(buf, need, NULL) != MARSAD_OK) abort();
        free(buf);
    }
    msd_query_clear(&q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t i = 0, ncp = 0;
    while (i < size) {
        msd_utf8_next(data, size, &i, NULL);
        ncp++;
    }
    one((const char *)data, size, ncp, 0);
    one((const char *)data, size, ncp, 1);
    return 0;
}
