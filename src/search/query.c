/*
 * query.c — the query parser of `marsad search`; the language and the contract are in
 * query.h.
 *
 * The query is decoded once into code points with their byte offsets (at most 4096 of
 * each), then parsed by recursive descent, one function per precedence level:
 *
 *   query   := seq END
 *   seq     := and*                      joined by the default operator
 *   and     := or ("AND" or)*
 *   or      := unary ("OR" unary)*
 *   unary   := "-" primary | primary     '-' glued to what follows it
 *   primary := word | phrase | "(" seq ")" | title:value | filter
 *
 * Recursion goes through "(" only, so the parentheses cap bounds the stack. Filters
 * are stored in the msd_query as they are met and yield no node. Checks that need the
 * finished tree (exclusions with nothing to exclude from, tree depth) run after it is
 * built, so that harmless shapes flattened away ("a (-b -c)" under AND) pass.
 */
#include "search/query.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "text/normalize.h"
#include "text/utf8.h"
#include "util/grow.h"

typedef struct parser {
    const char *q;
    int32_t *cp;    /* the query's code points */
    size_t *at;     /* at[i]: byte offset of cp[i]; at[ncp] is the query's length */
    size_t ncp;     /* number of code points */
    size_t i;       /* cursor, in code points */
    int default_or; /* the default operator */
    int depth;      /* parentheses open at the cursor */
    size_t n_nodes; /* nodes alive, against MSD_QUERY_MAX_NODES */
    size_t filter_pos;
    size_t from_pos, to_pos;
    msd_query *out;
    msd_query_error *err;
} parser;

static int fail(parser *p, int rc, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(parser *p, int rc, size_t pos, const char *fmt, ...)
{
    va_list ap;
    if (!p->err) return rc;
    p->err->pos = pos;
    p->err->byte_pos = p->at ? p->at[pos] : 0;
    va_start(ap, fmt);
    vsnprintf(p->err->msg, sizeof p->err->msg, fmt, ap);
    va_end(ap);
    return rc;
}

/* ---- Characters ---------------------------------------------------------------------- */

/* White space, controls, and the invisible format characters that hold no letter. */
static int is_sep(int32_t c)
{
    if (c <= 0x20 || (c >= 0x7F && c <= 0xA0)) return 1;
    if (c < 0x600) return 0;
    return c == 0x61C || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x200E ||
           c == 0x200F || (c >= 0x2028 && c <= 0x202F) || c == 0x205F || c == 0x2060 ||
           (c >= 0x2066 && c <= 0x2069) || c == 0x3000 || c == 0xFEFF;
}

/* 0: not a quote mark; else its family: 1 "…", 2 “…”, 3 «…». */
static int quote_family(int32_t c)
{
    switch (c) {
    case '"': return 1;
    case 0x201C:
    case 0x201D: return 2;
    case 0xAB:
    case 0xBB: return 3;
    default: return 0;
    }
}

/* The mark that closes a phrase opened by c (either mark of its family does; this is
 * the one to suggest). */
static const char *partner(int32_t c)
{
    switch (c) {
    case 0x201C: return "\xE2\x80\x9D"; /* ” */
    case 0x201D: return "\xE2\x80\x9C"; /* “ */
    case 0xAB: return "\xC2\xBB";       /* » */
    case 0xBB: return "\xC2\xAB";       /* « */
    default: return "\"";
    }
}

static int is_delim(int32_t c)
{
    return is_sep(c) || quote_family(c) || c == '(' || c == ')';
}

/* Code points that vanish in the normalized form: they do not count toward a prefix. */
static int vanishes(int32_t c)
{
    return msd_is_arabic_mark(c) || c == 0x640 || c == 0x200C || c == 0x200D ||
           (c >= 0x300 && c <= 0x36F) || (c >= 0x8D3 && c <= 0x8FF);
}

static size_t run_end(const parser *p, size_t i)
{
    while (i < p->ncp && !is_delim(p->cp[i])) i++;
    return i;
}

enum { T_END, T_LPAREN, T_RPAREN, T_QUOTE, T_WORD, T_OR, T_AND };

/* Skips separators and says what starts at the cursor. OR and AND are whole runs. */
static int peek(parser *p)
{
    size_t e;
    while (p->i < p->ncp && is_sep(p->cp[p->i])) p->i++;
    if (p->i == p->ncp) return T_END;
    if (p->cp[p->i] == '(') return T_LPAREN;
    if (p->cp[p->i] == ')') return T_RPAREN;
    if (quote_family(p->cp[p->i])) return T_QUOTE;
    e = run_end(p, p->i);
    if (e - p->i == 2 && p->cp[p->i] == 'O' && p->cp[p->i + 1] == 'R') return T_OR;
    if (e - p->i == 3 && p->cp[p->i] == 'A' && p->cp[p->i + 1] == 'N' && p->cp[p->i + 2] == 'D')
        return T_AND;
    return T_WORD;
}

static char *copy_bytes(const char *s, size_t n)
{
    char *t = malloc(n + 1);
    if (!t) return NULL;
    memcpy(t, s, n);
    t[n] = '\0';
    return t;
}

/* ---- Nodes --------------------------------------------------------------------------- */

static size_t tree_free(msd_qnode *n)
{
    size_t count = 1;
    if (!n) return 0;
    for (size_t k = 0; k < n->n_kids; k++) count += tree_free(n->kids[k]);
    free(n->kids);
    free(n->text);
    free(n->ids);
    free(n);
    return count;
}

static void node_drop(parser *p, msd_qnode *n)
{
    p->n_nodes -= tree_free(n);
}

static void set_span(const parser *p, msd_qnode *n, size_t s, size_t e)
{
    n->pos = s;
    n->len = e - s;
    n->byte_pos = p->at[s];
    n->byte_len = p->at[e] - p->at[s];
}

static size_t span_end(const msd_qnode *n)
{
    return n->pos + n->len;
}

static int node_new(parser *p, msd_qkind kind, size_t s, size_t e, msd_qnode **out)
{
    msd_qnode *n;
    *out = NULL;
    if (p->n_nodes >= MSD_QUERY_MAX_NODES)
        return fail(p, MARSAD_ETOOBIG, s,
                    "the query is too long: more than %d words, phrases and operators",
                    MSD_QUERY_MAX_NODES);
    n = calloc(1, sizeof *n);
    if (!n) return fail(p, MARSAD_ENOMEM, s, "out of memory");
    n->kind = kind;
    set_span(p, n, s, e);
    p->n_nodes++;
    *out = n;
    return MARSAD_OK;
}

/* Appends kid to parent; kid is released on failure. */
static int add_kid(parser *p, msd_qnode *parent, msd_qnode *kid)
{
    msd_qnode **k = realloc(parent->kids, (parent->n_kids + 1) * sizeof *k);
    if (!k) {
        node_drop(p, kid);
        return fail(p, MARSAD_ENOMEM, parent->pos, "out of memory");
    }
    k[parent->n_kids++] = kid;
    parent->kids = k;
    return MARSAD_OK;
}

static void set_title(msd_qnode *n)
{
    n->title_only = 1;
    for (size_t k = 0; k < n->n_kids; k++) set_title(n->kids[k]);
}

/* The operands of one level, gathered before they are joined. */
typedef struct nvec {
    msd_qnode **a;
    size_t n, cap;
} nvec;

static void nvec_drop(parser *p, nvec *v)
{
    for (size_t k = 0; k < v->n; k++) node_drop(p, v->a[k]);
    free(v->a);
    v->a = NULL;
    v->n = v->cap = 0;
}

/* Appends x (which may be NULL: a filter, nothing to keep); x is released on failure. */
static int nvec_push(parser *p, nvec *v, msd_qnode *x)
{
    if (!x) return MARSAD_OK;
    if (msd_grow((void **)&v->a, &v->cap, v->n + 1, sizeof *v->a,
                 MSD_QUERY_MAX_NODES * sizeof *v->a)) {
        node_drop(p, x); /* a query never has more operands than nodes */
        return fail(p, MARSAD_ENOMEM, x->pos, "out of memory");
    }
    v->a[v->n++] = x;
    return MARSAD_OK;
}

/* Whether x may merge into a parent of kind: AND is associative with its exclusions
 * (x AND (a AND NOT c) = x AND a AND NOT c), OR is not (x OR (a NOT c) keeps x even
 * when it has c), so an OR with exclusions stays a node of its own. */
static int merges(const msd_qnode *x, msd_qkind kind)
{
    if (x->kind != kind) return 0;
    if (kind == MSD_Q_OR)
        for (size_t k = 0; k < x->n_kids; k++)
            if (x->kids[k]->kind == MSD_Q_NOT) return 0;
    return 1;
}

/* Joins v's operands with kind (AND or OR) into *out, flattening the operands that
 * merge(); none gives NULL, one gives itself. v is emptied either way. */
static int join(parser *p, msd_qkind kind, nvec *v, msd_qnode **out)
{
    msd_qnode *n;
    size_t total = 0, k;
    int rc;
    *out = NULL;
    if (v->n <= 1) {
        if (v->n) *out = v->a[0];
        free(v->a);
        return MARSAD_OK;
    }
    rc = node_new(p, kind, v->a[0]->pos, span_end(v->a[v->n - 1]), &n);
    if (rc) goto fail;
    for (k = 0; k < v->n; k++) total += merges(v->a[k], kind) ? v->a[k]->n_kids : 1;
    n->kids = malloc(total * sizeof *n->kids);
    if (!n->kids) {
        node_drop(p, n);
        rc = fail(p, MARSAD_ENOMEM, v->a[0]->pos, "out of memory");
        goto fail;
    }
    for (k = 0; k < v->n; k++) {
        msd_qnode *x = v->a[k];
        if (!merges(x, kind)) {
            n->kids[n->n_kids++] = x;
            continue;
        }
        memcpy(n->kids + n->n_kids, x->kids, x->n_kids * sizeof *x->kids);
        n->n_kids += x->n_kids;
        free(x->kids);
        free(x);
        p->n_nodes--;
    }
    free(v->a);
    *out = n;
    return MARSAD_OK;
fail:
    nvec_drop(p, v);
    return rc;
}

/* ---- Leaves, phrases, dates ------------------------------------------------------------ */

/* The leaf of the run [s, e): word, =exact or prefix*. */
static int make_leaf(parser *p, size_t s, size_t e, msd_qnode **out)
{
    msd_qkind kind = MSD_Q_WORD;
    size_t ts = s, te = e;
    int rc;
    if (p->cp[s] == '=' && e - s >= 2) {
        kind = MSD_Q_EXACT;
        ts++;
    }
    if (p->cp[te - 1] == '*') {
        size_t letters = 0;
        te--;
        for (size_t k = ts; k < te; k++) letters += !vanishes(p->cp[k]);
        if (letters < 2)
            return fail(p, MARSAD_EFORMAT, te,
                        "a prefix search needs at least 2 letters before '*'");
        kind = MSD_Q_PREFIX;
    }
    rc = node_new(p, kind, s, e, out);
    if (rc) return rc;
    (*out)->text = copy_bytes(p->q + p->at[ts], p->at[te] - p->at[ts]);
    if (!(*out)->text) {
        node_drop(p, *out);
        *out = NULL;
        return fail(p, MARSAD_ENOMEM, s, "out of memory");
    }
    return MARSAD_OK;
}

/* The mark that closes the quote at s, or ncp when there is none. */
static size_t quote_close(const parser *p, size_t s)
{
    int fam = quote_family(p->cp[s]);
    size_t j = s + 1;
    while (j < p->ncp && quote_family(p->cp[j]) != fam) j++;
    return j;
}

static int unclosed_quote(parser *p, size_t s)
{
    return fail(p, MARSAD_EFORMAT, s, "unclosed quote: expected a closing %s for the one here",
                partner(p->cp[s]));
}

static int parse_phrase(parser *p, msd_qnode **out)
{
    size_t s = p->i, j = quote_close(p, s), k;
    msd_qnode *ph;
    int rc;
    *out = NULL;
    if (j == p->ncp) return unclosed_quote(p, s);
    rc = node_new(p, MSD_Q_PHRASE, s, j + 1, &ph);
    if (rc) return rc;
    for (k = s + 1; k < j;) {
        msd_qnode *w;
        size_t e;
        if (is_delim(p->cp[k])) {
            k++;
            continue;
        }
        e = run_end(p, k);
        rc = make_leaf(p, k, e, &w);
        if (!rc && w->kind == MSD_Q_PREFIX) { /* positions hold whole words, not prefixes */
            node_drop(p, w);
            rc = fail(p, MARSAD_EFORMAT, e - 1, "a prefix search (*) cannot stand in a phrase");
        }
        if (!rc) rc = add_kid(p, ph, w);
        if (rc) {
            node_drop(p, ph);
            return rc;
        }
        k = e;
    }
    if (!ph->n_kids) {
        node_drop(p, ph);
        return fail(p, MARSAD_EFORMAT, s, "empty phrase: expected words between the quotes");
    }
    p->i = j + 1;
    *out = ph;
    return MARSAD_OK;
}

static int digit_value(int32_t c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 0x660 && c <= 0x669) return c - 0x660; /* Arabic-Indic */
    if (c >= 0x6F0 && c <= 0x6F9) return c - 0x6F0; /* Extended (Persian, Urdu) */
    return -1;
}

/* Reads up to max digits at *k (bounded by e); returns how many, the value in *val. */
static int read_digits(const parser *p, size_t *k, size_t e, int max, int *val)
{
    int nd = 0;
    *val = 0;
    while (*k < e && nd <= max && digit_value(p->cp[*k]) >= 0) {
        *val = *val * 10 + digit_value(p->cp[*k]);
        (*k)++;
        nd++;
    }
    return nd;
}

static int days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dim[m - 1];
}

static void put_digits(char *s, int v, int width)
{
    for (int k = width - 1; k >= 0; k--, v /= 10) s[k] = (char)('0' + v % 10);
}

/* The date of the run [v, e) after from: or to: (is_to), resolved to a day in out. */
static int parse_date(parser *p, const char *field, int is_to, size_t v, size_t e, char out[11])
{
    size_t k = v, ms = 0, ds = 0;
    int y, m = 0, d = 0, nd;
    nd = read_digits(p, &k, e, 4, &y);
    if (nd != 4 || (k < e && p->cp[k] != '-')) goto shape;
    if (y == 0) return fail(p, MARSAD_EFORMAT, v, "%s year 0000 is not a date", field);
    if (k < e) {
        ms = ++k;
        if (read_digits(p, &k, e, 2, &m) < 1 || k - ms > 2 || (k < e && p->cp[k] != '-'))
            goto shape;
        if (m < 1 || m > 12)
            return fail(p, MARSAD_EFORMAT, ms, "%s month %d is not between 1 and 12", field, m);
    }
    if (k < e) {
        ds = ++k;
        if (read_digits(p, &k, e, 2, &d) < 1 || k - ds > 2 || k != e) goto shape;
        if (d < 1 || d > days_in_month(y, m))
            return fail(p, MARSAD_EFORMAT, ds, "%s %04d-%02d has %d days, not %d", field, y, m,
                        days_in_month(y, m), d);
    }
    if (!m) m = is_to ? 12 : 1;
    if (!d) d = is_to ? days_in_month(y, m) : 1;
    put_digits(out, y, 4);
    out[4] = '-';
    put_digits(out + 5, m, 2);
    out[7] = '-';
    put_digits(out + 8, d, 2);
    out[10] = '\0';
    return MARSAD_OK;
shape:
    return fail(p, MARSAD_EFORMAT, v, "%s expects a date YYYY-MM-DD, YYYY-MM or YYYY", field);
}

/* ---- Fields ------------------------------------------------------------------------------ */

enum { F_NONE, F_TITLE, F_SOURCE, F_FROM, F_TO, F_ENTITY, F_SPEAKER, F_STORY };
static const char *const field_names[] = {
    "", "title:", "source:", "from:", "to:", "entity:", "speaker:", "story:"};

/* The catalog set each set field names (MSD_QSET_*), by field. A new catalog-backed
 * field adds its name above, its F_ and MSD_QSET_ values, and a line here. */
static int set_of_field(int f)
{
    return f == F_ENTITY    ? MSD_QSET_ENTITY
           : f == F_SPEAKER ? MSD_QSET_SPEAKER
           : f == F_STORY   ? MSD_QSET_STORY
                            : 0;
}

/* The field whose name starts the run [s, e), with *v set to where its value starts. */
static int field_at(const parser *p, size_t s, size_t e, size_t *v)
{
    for (int f = F_TITLE; f <= F_STORY; f++) {
        const char *name = field_names[f];
        size_t len = strlen(name), k;
        if (e - s < len) continue;
        for (k = 0; k < len && p->cp[s + k] == (unsigned char)name[k]; k++) continue;
        if (k == len) {
            *v = s + len;
            return f;
        }
    }
    return F_NONE;
}

static int add_source(parser *p, size_t s, char *name)
{
    char **a;
    if (!name) return fail(p, MARSAD_ENOMEM, s, "out of memory");
    a = realloc(p->out->sources, (p->out->n_sources + 1) * sizeof *a);
    if (!a) {
        free(name);
        return fail(p, MARSAD_ENOMEM, s, "out of memory");
    }
    a[p->out->n_sources++] = name;
    p->out->sources = a;
    return MARSAD_OK;
}

/* field:"…" (source:, entity:, speaker:): the text inside the quotes, each run of
 * separators made one space, into *out (malloc'd). */
static int quoted_value(parser *p, int f, size_t s, size_t v, size_t *end, char **out)
{
    size_t j = quote_close(p, v), k, len = 0;
    char *name;
    *out = NULL;
    if (j == p->ncp) return unclosed_quote(p, v);
    name = malloc(p->at[j] - p->at[v] + 1);
    if (!name) return fail(p, MARSAD_ENOMEM, s, "out of memory");
    for (k = v + 1; k < j;) {
        size_t e, nb;
        if (is_sep(p->cp[k])) {
            k++;
            continue;
        }
        e = k;
        while (e < j && !is_sep(p->cp[e])) e++;
        if (len) name[len++] = ' ';
        nb = p->at[e] - p->at[k];
        memcpy(name + len, p->q + p->at[k], nb);
        len += nb;
        k = e;
    }
    name[len] = '\0';
    if (!len) {
        free(name);
        return fail(p, MARSAD_EFORMAT, v, "%s expects %s name between the quotes", field_names[f],
                    f == F_SOURCE ? "an outlet" : "a");
    }
    *end = j + 1;
    *out = name;
    return MARSAD_OK;
}

/* entity:NAME, speaker:NAME: a node of the articles the catalog gives for the name (the
 * caller resolves it before the search: msd_qnode.ids). */
static int parse_set(parser *p, int f, size_t s, size_t v, msd_qnode **out)
{
    size_t e = run_end(p, v);
    char *name = NULL;
    int rc;
    if (quote_family(p->cp[v])) {
        if ((rc = quoted_value(p, f, s, v, &e, &name))) return rc;
    } else if (!(name = copy_bytes(p->q + p->at[v], p->at[e] - p->at[v]))) {
        return fail(p, MARSAD_ENOMEM, s, "out of memory");
    }
    if ((rc = node_new(p, MSD_Q_SET, s, e, out))) {
        free(name);
        return rc;
    }
    (*out)->text = name;
    (*out)->set = set_of_field(f);
    p->i = e;
    return MARSAD_OK;
}

/* A filter starting at s with its value at v; it yields no node. */
static int parse_filter(parser *p, int f, size_t s, size_t v, int negated)
{
    const char *name = field_names[f];
    size_t e = run_end(p, v);
    int rc;
    if (negated)
        return fail(p, MARSAD_EFORMAT, s - 1,
                    "%s is a filter: it cannot be excluded with '-' (keep it, or drop it)", name);
    if (p->depth)
        return fail(p, MARSAD_EFORMAT, s,
                    "%s is a filter on the whole query: it cannot be inside parentheses", name);
    if (f == F_SOURCE) {
        if (quote_family(p->cp[v])) {
            char *value;
            rc = quoted_value(p, f, s, v, &e, &value);
            if (!rc) rc = add_source(p, s, value);
        } else if (e == v) {
            return fail(p, MARSAD_EFORMAT, v, "source: expects an outlet name or a quoted name");
        } else {
            rc = add_source(p, s, copy_bytes(p->q + p->at[v], p->at[e] - p->at[v]));
        }
        if (rc) return rc;
    } else {
        int is_to = f == F_TO;
        size_t *seen = is_to ? &p->to_pos : &p->from_pos;
        char *date = is_to ? p->out->to : p->out->from;
        if (*date) return fail(p, MARSAD_EFORMAT, s, "%s is given twice", name);
        if (e == v) return fail(p, MARSAD_EFORMAT, v, "%s expects a date YYYY-MM-DD", name);
        if ((rc = parse_date(p, name, is_to, v, e, date))) return rc;
        *seen = s;
    }
    p->filter_pos = s;
    p->i = e;
    return MARSAD_OK;
}

/* ---- Structure ------------------------------------------------------------------------ */

static int parse_seq(parser *p, msd_qnode **out);
static int parse_group(parser *p, msd_qnode **out);

/* The value of title: at v (the field starts at s). */
static int parse_title(parser *p, size_t s, size_t v, msd_qnode **out)
{
    int rc;
    p->i = v;
    if (p->cp[v] == '(') {
        rc = parse_group(p, out);
    } else if (quote_family(p->cp[v])) {
        rc = parse_phrase(p, out);
    } else {
        size_t e = run_end(p, v);
        if (p->cp[v] == '-' && e - v > 1)
            return fail(p, MARSAD_EFORMAT, v, "'-' goes before the field: write -title:…");
        rc = make_leaf(p, v, e, out);
        p->i = e;
    }
    if (rc) return rc;
    set_title(*out);
    set_span(p, *out, s, span_end(*out));
    return MARSAD_OK;
}

/* A word, phrase, group, title: clause or filter at the cursor (not a separator).
 * *out is NULL after a filter. */
static int parse_primary(parser *p, int negated, msd_qnode **out)
{
    size_t s = p->i, e, v = 0;
    int32_t c = p->cp[s];
    int f;
    *out = NULL;
    if (c == '(') return parse_group(p, out);
    if (quote_family(c)) return parse_phrase(p, out);
    e = run_end(p, s);
    f = field_at(p, s, e, &v);
    if (f != F_NONE) {
        if (v == p->ncp || is_sep(p->cp[v]) || p->cp[v] == ')')
            return fail(p, MARSAD_EFORMAT, s, "%s expects a value right after the ':'",
                        field_names[f]);
        if (f == F_TITLE) return parse_title(p, s, v, out);
        if (set_of_field(f)) return parse_set(p, f, s, v, out);
        return parse_filter(p, f, s, v, negated);
    }
    p->i = e;
    return make_leaf(p, s, e, out);
}

static int parse_group(parser *p, msd_qnode **out)
{
    size_t s = p->i;
    msd_qnode *x;
    int rc;
    *out = NULL;
    if (p->depth >= MSD_QUERY_MAX_DEPTH)
        return fail(p, MARSAD_ETOOBIG, s, "parentheses nest more than %d deep",
                    MSD_QUERY_MAX_DEPTH);
    p->depth++;
    p->i++;
    rc = parse_seq(p, &x);
    if (rc) return rc;
    if (peek(p) != T_RPAREN) {
        node_drop(p, x);
        return fail(p, MARSAD_EFORMAT, s, "unclosed '(': expected ')' before the end of the query");
    }
    p->i++;
    p->depth--;
    if (!x) return fail(p, MARSAD_EFORMAT, s, "empty group: expected words between '(' and ')'");
    if (x->kind == MSD_Q_AND || x->kind == MSD_Q_OR) set_span(p, x, s, p->i);
    *out = x;
    return MARSAD_OK;
}

static int parse_unary(parser *p, msd_qnode **out, int *filter)
{
    msd_qnode *x, *n;
    int t = peek(p), rc;
    size_t s = p->i;
    *out = NULL;
    *filter = 0;
    if (t == T_END || t == T_RPAREN) /* the callers look first; kept for safety */
        return fail(p, MARSAD_EFORMAT, s, "expected a word, phrase or group");
    if (t == T_OR || t == T_AND)
        return fail(p, MARSAD_EFORMAT, s, "%s needs a word, phrase or group before it",
                    t == T_OR ? "OR" : "AND");
    if (!(p->cp[s] == '-' && s + 1 < p->ncp && !is_sep(p->cp[s + 1]) && p->cp[s + 1] != ')')) {
        rc = parse_primary(p, 0, out);
        *filter = !rc && !*out;
        return rc;
    }
    p->i++;
    rc = parse_primary(p, 1, &x);
    if (rc) return rc;
    if (x->kind == MSD_Q_NOT) {
        node_drop(p, x);
        return fail(p, MARSAD_EFORMAT, s, "cannot exclude an exclusion");
    }
    rc = node_new(p, MSD_Q_NOT, s, span_end(x), &n);
    if (!rc)
        rc = add_kid(p, n, x);
    else
        node_drop(p, x);
    if (rc) {
        node_drop(p, n);
        return rc;
    }
    *out = n;
    return MARSAD_OK;
}

/* After the operator op (at op_pos), an operand must follow. */
static int need_operand(parser *p, const char *op, size_t op_pos)
{
    int t = peek(p);
    if (t == T_END || t == T_RPAREN)
        return fail(p, MARSAD_EFORMAT, op_pos, "%s needs a word, phrase or group after it", op);
    if (t == T_OR || t == T_AND)
        return fail(p, MARSAD_EFORMAT, p->i, "expected a word, phrase or group after %s, found %s",
                    op, t == T_OR ? "OR" : "AND");
    return MARSAD_OK;
}

/* An OR operand may be neither a filter nor an exclusion. */
static int or_operand(parser *p, const msd_qnode *x, int filter)
{
    if (filter)
        return fail(p, MARSAD_EFORMAT, p->filter_pos,
                    "a filter cannot be an operand of OR: it always applies to the whole query");
    if (x->kind == MSD_Q_NOT)
        return fail(p, MARSAD_EFORMAT, x->pos,
                    "an exclusion cannot be an operand of OR: write \"a -b\", not \"a OR -b\"");
    return MARSAD_OK;
}

static int parse_or(parser *p, msd_qnode **out)
{
    nvec v = {0};
    msd_qnode *x;
    int rc, filt;
    *out = NULL;
    if ((rc = parse_unary(p, &x, &filt))) return rc;
    while (peek(p) == T_OR) {
        size_t op = p->i;
        if ((rc = or_operand(p, x, filt))) goto fail;
        rc = nvec_push(p, &v, x);
        x = NULL;
        if (rc) goto fail;
        p->i += 2;
        if ((rc = need_operand(p, "OR", op))) goto fail;
        if ((rc = parse_unary(p, &x, &filt))) goto fail;
    }
    if (!v.n) {
        *out = x;
        return MARSAD_OK;
    }
    if ((rc = or_operand(p, x, filt))) goto fail;
    rc = nvec_push(p, &v, x);
    x = NULL;
    if (rc) goto fail;
    return join(p, MSD_Q_OR, &v, out);
fail:
    node_drop(p, x);
    nvec_drop(p, &v);
    return rc;
}

static int parse_and(parser *p, msd_qnode **out)
{
    nvec v = {0};
    msd_qnode *x;
    int rc;
    *out = NULL;
    if ((rc = parse_or(p, &x))) return rc;
    if ((rc = nvec_push(p, &v, x))) return rc;
    while (peek(p) == T_AND) {
        size_t op = p->i;
        p->i += 3;
        if ((rc = need_operand(p, "AND", op))) goto fail;
        if ((rc = parse_or(p, &x))) goto fail;
        if ((rc = nvec_push(p, &v, x))) goto fail;
    }
    return join(p, MSD_Q_AND, &v, out);
fail:
    nvec_drop(p, &v);
    return rc;
}

/* Clauses up to the end or a ')', joined by the default operator; NULL when none. */
static int parse_seq(parser *p, msd_qnode **out)
{
    nvec v = {0};
    int rc;
    *out = NULL;
    for (;;) {
        msd_qnode *x;
        int t = peek(p);
        if (t == T_END || t == T_RPAREN) break;
        if ((rc = parse_and(p, &x))) goto fail;
        if ((rc = nvec_push(p, &v, x))) goto fail;
    }
    return join(p, p->default_or ? MSD_Q_OR : MSD_Q_AND, &v, out);
fail:
    nvec_drop(p, &v);
    return rc;
}

/* The checks on the finished tree; depth of n is `depth` (the root is 1). */
static int check_tree(parser *p, const msd_qnode *n, int depth)
{
    size_t k, n_not = 0;
    int rc;
    if (depth > MSD_QUERY_MAX_DEPTH)
        return fail(p, MARSAD_ETOOBIG, n->pos, "the query nests more than %d levels deep",
                    MSD_QUERY_MAX_DEPTH);
    for (k = 0; k < n->n_kids; k++) {
        n_not += n->kids[k]->kind == MSD_Q_NOT;
        if ((rc = check_tree(p, n->kids[k], depth + 1))) return rc;
    }
    if ((n->kind == MSD_Q_AND || n->kind == MSD_Q_OR) && n_not == n->n_kids) {
        if (depth == 1)
            return fail(p, MARSAD_EFORMAT, n->pos,
                        "nothing to search for: the query only excludes");
        return fail(p, MARSAD_EFORMAT, n->pos,
                    "nothing to exclude from: every operand here is an exclusion");
    }
    return MARSAD_OK;
}

/* Code points in s[0..n), valid or not (an invalid subpart counts as one). */
static size_t count_cps(const char *s, size_t n)
{
    size_t i = 0, count = 0;
    while (i < n) {
        msd_utf8_next((const unsigned char *)s, n, &i, NULL);
        count++;
    }
    return count;
}

static void early_error(msd_query_error *err, size_t pos, size_t byte_pos)
{
    if (!err) return;
    err->pos = pos;
    err->byte_pos = byte_pos;
}

int msd_query_parse(const char *q, size_t n, int default_or, msd_query *out, msd_query_error *err)
{
    parser p;
    msd_qnode *root = NULL;
    size_t bad = 0, i = 0;
    int rc;
    if (err) memset(err, 0, sizeof *err);
    if (!out) return MARSAD_EINVAL;
    memset(out, 0, sizeof *out);
    if (!q && n) return MARSAD_EINVAL;
    if (n > MSD_QUERY_MAX_BYTES) {
        early_error(err, count_cps(q, MSD_QUERY_MAX_BYTES), MSD_QUERY_MAX_BYTES);
        if (err)
            snprintf(err->msg, sizeof err->msg, "the query is longer than %d bytes (%zu)",
                     MSD_QUERY_MAX_BYTES, n);
        return MARSAD_ETOOBIG;
    }
    if (n && marsad_utf8_check(q, n, &bad) != MARSAD_OK) {
        early_error(err, count_cps(q, bad), bad);
        if (err) snprintf(err->msg, sizeof err->msg, "invalid UTF-8 at byte %zu of the query", bad);
        return MARSAD_EUTF8;
    }

    memset(&p, 0, sizeof p);
    p.q = q;
    p.default_or = default_or;
    p.out = out;
    p.err = err;
    p.cp = malloc((n + 1) * sizeof *p.cp);
    p.at = malloc((n + 1) * sizeof *p.at);
    if (!p.cp || !p.at) {
        rc = MARSAD_ENOMEM;
        if (err) snprintf(err->msg, sizeof err->msg, "out of memory");
        goto done;
    }
    while (i < n) {
        p.at[p.ncp] = i;
        p.cp[p.ncp++] = msd_utf8_next((const unsigned char *)q, n, &i, NULL);
    }
    p.at[p.ncp] = n;

    rc = parse_seq(&p, &root);
    if (!rc && p.i < p.ncp)
        rc = fail(&p, MARSAD_EFORMAT, p.i, "unbalanced ')': no '(' is open before it");
    if (!rc && root) {
        if (root->kind == MSD_Q_NOT)
            rc = fail(&p, MARSAD_EFORMAT, root->pos,
                      "nothing to search for: the query only excludes");
        else
            rc = check_tree(&p, root, 1);
    }
    if (!rc && !root && !out->n_sources && !out->from[0] && !out->to[0])
        rc = fail(&p, MARSAD_EFORMAT, 0, "empty query: expected words, a phrase or a filter");
    if (!rc && out->from[0] && out->to[0] && strcmp(out->from, out->to) > 0)
        rc = fail(&p, MARSAD_EFORMAT, p.from_pos > p.to_pos ? p.from_pos : p.to_pos,
                  "from: %s is after to: %s, no date can match", out->from, out->to);
done:
    free(p.cp);
    free(p.at);
    if (rc) {
        tree_free(root);
        msd_query_clear(out);
        return rc;
    }
    out->root = root;
    return MARSAD_OK;
}

void msd_query_clear(msd_query *q)
{
    if (!q) return;
    tree_free(q->root);
    for (size_t k = 0; k < q->n_sources; k++) free(q->sources[k]);
    free(q->sources);
    memset(q, 0, sizeof *q);
}

/* ---- Rendering ---------------------------------------------------------------------------- */

/* Counts every byte; stores those that fit. */
typedef struct wbuf {
    char *buf;
    size_t cap, n;
} wbuf;

static void put(wbuf *w, const char *s, size_t len)
{
    if (w->n < w->cap && len <= w->cap - w->n) memcpy(w->buf + w->n, s, len);
    w->n += len;
}

static void put_s(wbuf *w, const char *s)
{
    put(w, s, strlen(s));
}

static void put_quoted(wbuf *w, const char *s)
{
    put(w, "\"", 1);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') put(w, "\\", 1);
        put(w, s, 1);
    }
    put(w, "\"", 1);
}

static void put_node(wbuf *w, const msd_qnode *n, int in_title)
{
    static const char *const names[] = {"word", "exact", "prefix", "phrase",
                                        "and",  "or",    "not",    "set"};
    static const char *const sets[] = {"set", "entity", "speaker", "story"}; /* MSD_QSET_* */
    int wrap = n->title_only && !in_title && n->kind != MSD_Q_SET; /* a set has no field */
    if (wrap) put_s(w, "(title ");
    put(w, "(", 1);
    put_s(w, n->kind != MSD_Q_SET                                       ? names[n->kind]
             : n->set > 0 && n->set < (int)(sizeof sets / sizeof *sets) ? sets[n->set]
                                                                        : names[n->kind]);
    if (n->text) {
        put(w, " ", 1);
        put_quoted(w, n->text);
    }
    for (size_t k = 0; k < n->n_kids; k++) {
        put(w, " ", 1);
        put_node(w, n->kids[k], n->title_only);
    }
    put(w, ")", 1);
    if (wrap) put(w, ")", 1);
}

int msd_query_format(const msd_query *q, char *buf, size_t cap, size_t *need)
{
    wbuf w = {buf, buf ? cap : 0, 0};
    const char *sep = "";
    if (!q || !need) return MARSAD_EINVAL;
    if (q->root) {
        put_node(&w, q->root, 0);
        sep = " ";
    }
    if (q->n_sources) {
        put_s(&w, sep);
        put_s(&w, "(source");
        for (size_t k = 0; k < q->n_sources; k++) {
            put(&w, " ", 1);
            put_quoted(&w, q->sources[k]);
        }
        put(&w, ")", 1);
        sep = " ";
    }
    if (q->from[0]) {
        put_s(&w, sep);
        put_s(&w, "(from ");
        put_quoted(&w, q->from);
        put(&w, ")", 1);
        sep = " ";
    }
    if (q->to[0]) {
        put_s(&w, sep);
        put_s(&w, "(to ");
        put_quoted(&w, q->to);
        put(&w, ")", 1);
    }
    *need = w.n;
    if (w.n >= w.cap) {
        if (w.cap) buf[0] = '\0';
        return MARSAD_ERANGE;
    }
    buf[w.n] = '\0';
    return MARSAD_OK;
}

char *msd_query_literal(const char *q, size_t n)
{
    char *out = malloc(n + 1);
    size_t o = 0;
    if (!out) return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)q[i];
        int start = !o || out[o - 1] == ' ';
        if (c == '"' || c == '(' || c == ')' || ((c == '-' || c == '=') && start)) {
            out[o++] = ' ';
        } else if (c == '*' && (i + 1 == n || q[i + 1] == ' ')) {
            out[o++] = ' ';
        } else if (i + 1 < n &&
                   ((c == 0xC2 &&
                     ((unsigned char)q[i + 1] == 0xAB || (unsigned char)q[i + 1] == 0xBB)) ||
                    (c == 0xE2 && i + 2 < n && (unsigned char)q[i + 1] == 0x80 &&
                     (unsigned char)q[i + 2] >= 0x9C && (unsigned char)q[i + 2] <= 0x9E))) {
            i += c == 0xC2 ? 1 : 2; /* « » “ ” „ */
            out[o++] = ' ';
        } else {
            out[o++] = (char)c;
        }
    }
    out[o] = 0;
    for (size_t i = 0; i + 1 < o; i++) /* OR / AND: words, not operators */
        if ((i == 0 || out[i - 1] == ' ') &&
            ((out[i] == 'O' && out[i + 1] == 'R' && (i + 2 == o || out[i + 2] == ' ')) ||
             (i + 2 < o && out[i] == 'A' && out[i + 1] == 'N' && out[i + 2] == 'D' &&
              (i + 3 == o || out[i + 3] == ' '))))
            for (; i < o && out[i] != ' '; i++) out[i] = (char)(out[i] - 'A' + 'a');
    return out;
}
