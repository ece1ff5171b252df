/* test_query.c — the query parser of `marsad search`: renderings and errors, by table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "search/query.h"
#include "test.h"

enum { AND = 0, ANY = 1 }; /* the default operator */
#define NOPOS ((size_t)-1) /* the position is not checked */

struct qcase {
    int line;
    const char *q;
    int default_or;
    const char *want; /* the rendering when rc is MARSAD_OK */
    int rc;
    size_t pos;      /* error position in code points */
    const char *msg; /* a substring of the error message */
};

#define OK(q, op, want)                                                                            \
    {                                                                                              \
        __LINE__, q, op, want, MARSAD_OK, 0, NULL                                                  \
    }
#define ERR(q, op, rc, pos, msg)                                                                   \
    {                                                                                              \
        __LINE__, q, op, NULL, rc, pos, msg                                                        \
    }
#define SYNTAX(q, op, pos, msg) ERR(q, op, MARSAD_EFORMAT, pos, msg)

static const struct qcase cases[] = {
    /* Words: Arabic with proclitics, tashkeel, tatweel, ZWNJ, glued punctuation. */
    OK("التحالف", AND, "(word \"التحالف\")"),
    OK("والتحالف الدولي", AND, "(and (word \"والتحالف\") (word \"الدولي\"))"),
    OK("والتحالف الدولي", ANY, "(or (word \"والتحالف\") (word \"الدولي\"))"),
    OK("وبالرَّقَّة", AND, "(word \"وبالرَّقَّة\")"),
    OK("الرقـــة", AND, "(word \"الرقـــة\")"),
    OK("می\u200cخواهد", AND, "(word \"می\u200cخواهد\")"),
    OK("التحالف، الدولي.", AND, "(and (word \"التحالف،\") (word \"الدولي.\"))"),
    OK("a\tb\nc", AND, "(and (word \"a\") (word \"b\") (word \"c\"))"),
    OK("a\u00a0b\u2003c", AND, "(and (word \"a\") (word \"b\") (word \"c\"))"),
    OK("\u200fالرقة\u200f \u200fدمشق", AND, "(and (word \"الرقة\") (word \"دمشق\"))"),
    OK("a or b", AND, "(and (word \"a\") (word \"or\") (word \"b\"))"),
    OK("a\\b", AND, "(word \"a\\\\b\")"),
    OK("a = b", AND, "(and (word \"a\") (word \"=\") (word \"b\"))"),
    OK("a*b", AND, "(word \"a*b\")"),
    /* ':' and '-' inside words; fields are only the lower-case ASCII names. */
    OK("10:30 الساعة:", AND, "(and (word \"10:30\") (word \"الساعة:\"))"),
    OK("https://example.com/a", AND, "(word \"https://example.com/a\")"),
    OK("Title:a", AND, "(word \"Title:a\")"),
    OK("كوفيد-19", AND, "(word \"كوفيد-19\")"),
    OK("غزة - رويترز", AND, "(and (word \"غزة\") (word \"-\") (word \"رويترز\"))"),
    OK("(a -)", AND, "(and (word \"a\") (word \"-\"))"),
    OK("a --b", AND, "(and (word \"a\") (not (word \"-b\")))"),
    OK("a -OR", AND, "(and (word \"a\") (not (word \"OR\")))"),
    /* =exact and prefix*. */
    OK("=التحالف", AND, "(exact \"التحالف\")"),
    OK("دير*", AND, "(prefix \"دير\")"),
    OK("=دير*", AND, "(prefix \"دير\")"),
    OK("ab**", AND, "(prefix \"ab*\")"),
    SYNTAX("د*", AND, 1, "at least 2 letters"),
    SYNTAX("دَ*", AND, 2, "at least 2 letters"),
    SYNTAX("ـدـ*", AND, 3, "at least 2 letters"),
    SYNTAX("*", AND, 0, "at least 2 letters"),
    SYNTAX("a =*", AND, 3, "at least 2 letters"),
    /* Phrases in the three quote styles. */
    OK("\"التحالف الدولي\"", AND, "(phrase (word \"التحالف\") (word \"الدولي\"))"),
    OK("“التحالف الدولي”", AND, "(phrase (word \"التحالف\") (word \"الدولي\"))"),
    OK("«التحالف الدولي»", AND, "(phrase (word \"التحالف\") (word \"الدولي\"))"),
    OK("»التحالف الدولي«", AND, "(phrase (word \"التحالف\") (word \"الدولي\"))"),
    OK("\"قوات =سوريا الديمقراطية\"", AND,
       "(phrase (word \"قوات\") (exact \"سوريا\") (word \"الديمقراطية\"))"),
    SYNTAX("\"قوات الديمقراطي*\"", AND, 16, "a prefix search (*) cannot stand in a phrase"),
    OK("\"a «b» (c)\"", AND, "(phrase (word \"a\") (word \"b\") (word \"c\"))"),
    OK("\"a OR -b title:c\"", AND,
       "(phrase (word \"a\") (word \"OR\") (word \"-b\") (word \"title:c\"))"),
    OK("\"a\" b", AND, "(and (phrase (word \"a\")) (word \"b\"))"),
    OK("a\"b c\"d", AND, "(and (word \"a\") (phrase (word \"b\") (word \"c\")) (word \"d\"))"),
    SYNTAX("\"التحالف الدولي", AND, 0, "unclosed quote"),
    SYNTAX("a «b c", AND, 2, "expected a closing »"),
    SYNTAX("a \"b» c", AND, 2, "unclosed quote"),
    SYNTAX("a “b", AND, 2, "closing ”"),
    SYNTAX("\"\"", AND, 0, "empty phrase"),
    SYNTAX("a « »", AND, 2, "empty phrase"),
    SYNTAX("\"a *\"", AND, 3, "at least 2 letters"),
    /* Exclusions. */
    OK("-داعش الرقة", AND, "(and (not (word \"داعش\")) (word \"الرقة\"))"),
    OK("a -\"b c\"", AND, "(and (word \"a\") (not (phrase (word \"b\") (word \"c\"))))"),
    OK("a -(b OR c)", AND, "(and (word \"a\") (not (or (word \"b\") (word \"c\"))))"),
    OK("a -=b -bc*", AND, "(and (word \"a\") (not (exact \"b\")) (not (prefix \"bc\")))"),
    OK("a b -c", ANY, "(or (word \"a\") (word \"b\") (not (word \"c\")))"),
    OK("a AND -b", ANY, "(and (word \"a\") (not (word \"b\")))"),
    OK("a (-b -c)", AND, "(and (word \"a\") (not (word \"b\")) (not (word \"c\")))"),
    OK("a (-b)", ANY, "(or (word \"a\") (not (word \"b\")))"),
    SYNTAX("-a", AND, 0, "nothing to search for: the query only excludes"),
    SYNTAX("  -a -b", ANY, 2, "only excludes"),
    SYNTAX("-a source:x", AND, 0, "only excludes"),
    SYNTAX("(-a)", AND, 1, "only excludes"),
    SYNTAX("a (-b -c)", ANY, 2, "nothing to exclude from"),
    OK("x (a -c)", ANY, "(or (word \"x\") (or (word \"a\") (not (word \"c\"))))"),
    OK("x (a OR b) -c", ANY, "(or (word \"x\") (word \"a\") (word \"b\") (not (word \"c\")))"),
    OK("x (a -c)", AND, "(and (word \"x\") (word \"a\") (not (word \"c\")))"),
    SYNTAX("a (-b AND -c)", ANY, 2, "nothing to exclude from"),
    SYNTAX("a -b AND -c", ANY, 2, "nothing to exclude from"),
    SYNTAX("a -(-b)", AND, 2, "cannot exclude an exclusion"),
    SYNTAX("a OR -b", AND, 5, "exclusion cannot be an operand of OR"),
    SYNTAX("a OR (-b)", AND, 6, "exclusion cannot be an operand of OR"),
    /* Precedence: '-' > OR > AND > juxtaposition. */
    OK("a b OR c d", AND, "(and (word \"a\") (or (word \"b\") (word \"c\")) (word \"d\"))"),
    OK("a b OR c d", ANY, "(or (word \"a\") (word \"b\") (word \"c\") (word \"d\"))"),
    OK("a OR b AND c", AND, "(and (or (word \"a\") (word \"b\")) (word \"c\"))"),
    OK("a AND b OR c", AND, "(and (word \"a\") (or (word \"b\") (word \"c\")))"),
    OK("a AND b OR c", ANY, "(and (word \"a\") (or (word \"b\") (word \"c\")))"),
    OK("a b AND c d", ANY, "(or (word \"a\") (and (word \"b\") (word \"c\")) (word \"d\"))"),
    OK("a OR b OR c", AND, "(or (word \"a\") (word \"b\") (word \"c\"))"),
    SYNTAX("a OR -b c", ANY, 5, "exclusion cannot be an operand of OR"),
    /* Groups. */
    OK("(a OR b) (c OR d)", AND,
       "(and (or (word \"a\") (word \"b\")) (or (word \"c\") (word \"d\")))"),
    OK("((a b) c)", AND, "(and (word \"a\") (word \"b\") (word \"c\"))"),
    OK("(a (b OR (c d)))", AND,
       "(and (word \"a\") (or (word \"b\") (and (word \"c\") (word \"d\"))))"),
    OK("((((a))))", AND, "(word \"a\")"),
    OK("(a)(b)", ANY, "(or (word \"a\") (word \"b\"))"),
    SYNTAX("(a b", AND, 0, "unclosed '('"),
    SYNTAX("a ((b) c", AND, 2, "unclosed '('"),
    SYNTAX("a b)", AND, 3, "unbalanced ')'"),
    SYNTAX("a (b))", AND, 5, "unbalanced ')'"),
    SYNTAX("a) (b", AND, 1, "unbalanced ')'"),
    SYNTAX("()", AND, 0, "empty group"),
    SYNTAX("a ( )", AND, 2, "empty group"),
    /* OR and AND need operands. */
    SYNTAX("OR b", AND, 0, "OR needs a word, phrase or group before it"),
    SYNTAX("a OR", AND, 2, "OR needs a word, phrase or group after it"),
    SYNTAX("a OR OR b", AND, 5, "after OR, found OR"),
    SYNTAX("a AND OR b", AND, 6, "after AND, found OR"),
    SYNTAX("AND a", ANY, 0, "AND needs"),
    SYNTAX("a AND", ANY, 2, "AND needs a word, phrase or group after it"),
    SYNTAX("a (OR b)", AND, 3, "before it"),
    SYNTAX("(a OR) b", AND, 3, "after it"),
    /* title: */
    OK("title:التحالف", AND, "(title (word \"التحالف\"))"),
    OK("title:\"a b\"", AND, "(title (phrase (word \"a\") (word \"b\")))"),
    OK("title:«a b»", AND, "(title (phrase (word \"a\") (word \"b\")))"),
    OK("title:(a OR b) c", AND, "(and (title (or (word \"a\") (word \"b\"))) (word \"c\"))"),
    OK("title:(a b) c", AND, "(and (title (word \"a\")) (title (word \"b\")) (word \"c\"))"),
    OK("-title:a b", AND, "(and (not (title (word \"a\"))) (word \"b\"))"),
    OK("title:=ab*", AND, "(title (prefix \"ab\"))"),
    OK("title:OR", AND, "(title (word \"OR\"))"),
    OK("a title:(-b)", AND, "(and (word \"a\") (title (not (word \"b\"))))"),
    SYNTAX("title:", AND, 0, "title: expects a value"),
    SYNTAX("a title: b", AND, 2, "right after the ':'"),
    SYNTAX("title:-a", AND, 6, "'-' goes before the field"),
    SYNTAX("title:(a", AND, 6, "unclosed '('"),
    SYNTAX("title:\"a", AND, 6, "unclosed quote"),
    /* Filters: source:, from:, to:. */
    /* Catalog sets: clauses, not filters (under AND, OR, NOT, in groups). */
    OK("entity:داعش", AND, "(entity \"داعش\")"),
    OK("entity:\"تنظيم  الدولة الإسلامية\"", AND, "(entity \"تنظيم الدولة الإسلامية\")"),
    OK("speaker:«شون رايان» الرقة", AND, "(and (speaker \"شون رايان\") (word \"الرقة\"))"),
    OK("a -entity:x", AND, "(and (word \"a\") (not (entity \"x\")))"),
    OK("entity:x OR speaker:y", AND, "(or (entity \"x\") (speaker \"y\"))"),
    OK("(a entity:x)", ANY, "(or (word \"a\") (entity \"x\"))"),
    OK("title:(a entity:x)", AND, "(title (and (word \"a\") (entity \"x\")))"),
    OK("Entity:x", AND, "(word \"Entity:x\")"),
    SYNTAX("entity:", AND, 0, "entity: expects a value"),
    SYNTAX("speaker:\"\"", AND, 8, "speaker: expects a name between the quotes"),
    SYNTAX("entity:\"x", AND, 7, "unclosed quote"),
    SYNTAX("-entity:x", AND, 0, "only excludes"),
    OK("source:الجزيرة", AND, "(source \"الجزيرة\")"),
    OK("سوريا source:\"الجزيرة \u00a0 نت\" source:BBC", AND,
       "(word \"سوريا\") (source \"الجزيرة نت\" \"BBC\")"),
    OK("source:«سكاي نيوز عربية» title:a", AND,
       "(title (word \"a\")) (source \"سكاي نيوز عربية\")"),
    OK("source:«قال \"لا\"»", AND, "(source \"قال \\\"لا\\\"\")"),
    OK("a b source:x", ANY, "(or (word \"a\") (word \"b\")) (source \"x\")"),
    OK("a AND source:x", ANY, "(word \"a\") (source \"x\")"),
    OK("from:2016-02-29", AND, "(from \"2016-02-29\")"),
    OK("from:2016 to:2016", AND, "(from \"2016-01-01\") (to \"2016-12-31\")"),
    OK("to:2016-02", AND, "(to \"2016-02-29\")"),
    OK("to:2015-02", AND, "(to \"2015-02-28\")"),
    OK("to:2000-02-29", AND, "(to \"2000-02-29\")"),
    OK("from:2016-2-5", AND, "(from \"2016-02-05\")"),
    OK("from:٢٠١٦-٠٣-٠١ دمشق", AND, "(word \"دمشق\") (from \"2016-03-01\")"),
    OK("from:2016-02-29 to:2016-03 source:x", AND,
       "(source \"x\") (from \"2016-02-29\") (to \"2016-03-31\")"),
    SYNTAX("from:2015-02-29", AND, 13, "2015-02 has 28 days, not 29"),
    SYNTAX("from:2015-13-01", AND, 10, "month 13 is not between 1 and 12"),
    SYNTAX("to:1900-02-29", AND, 11, "has 28 days"),
    SYNTAX("to:2016-04-31", AND, 11, "has 30 days"),
    SYNTAX("from:2016-00", AND, 10, "month 0"),
    SYNTAX("from:16-03-01", AND, 5, "expects a date YYYY-MM-DD"),
    SYNTAX("from:2016-03-01x", AND, 5, "expects a date"),
    SYNTAX("from:2016-", AND, 5, "expects a date"),
    SYNTAX("from:0000", AND, 5, "year 0000"),
    SYNTAX("from:\"2016\"", AND, 5, "expects a date"),
    SYNTAX("from:2017 to:2016", AND, 10, "is after to:"),
    SYNTAX("from:2016 from:2017", AND, 10, "from: is given twice"),
    SYNTAX("a OR source:x", AND, 5, "filter cannot be an operand of OR"),
    SYNTAX("source:x OR a", AND, 0, "filter cannot be an operand of OR"),
    SYNTAX("(a source:x)", AND, 3, "cannot be inside parentheses"),
    SYNTAX("-source:x a", AND, 0, "cannot be excluded"),
    SYNTAX("source:", AND, 0, "source: expects a value"),
    SYNTAX("source:\"\"", AND, 7, "outlet name between the quotes"),
    SYNTAX("source:(x)", AND, 7, "expects an outlet name"),
    SYNTAX("source:«x", AND, 7, "unclosed quote"),
    /* Empty input, bad UTF-8. */
    SYNTAX("", AND, 0, "empty query"),
    SYNTAX(" \t\u200f ", ANY, 0, "empty query"),
    ERR("ab \xff", AND, MARSAD_EUTF8, 3, "invalid UTF-8 at byte 3"),
    ERR("سوريا \xc3", AND, MARSAD_EUTF8, 6, "invalid UTF-8"),
    ERR("\xed\xa0\x80", AND, MARSAD_EUTF8, 0, "invalid UTF-8"),
};

/* The spans of every node lie inside the query; kids are there; depth is capped. */
static int tree_ok(const msd_qnode *n, size_t ncp, size_t nbytes, int depth)
{
    if (!n || depth > MSD_QUERY_MAX_DEPTH) return 0;
    if (n->pos + n->len > ncp || n->byte_pos + n->byte_len > nbytes) return 0;
    if (n->n_kids && !n->kids) return 0;
    if ((n->kind <= MSD_Q_PREFIX || n->kind == MSD_Q_SET) != (n->text != NULL)) return 0;
    for (size_t k = 0; k < n->n_kids; k++)
        if (!tree_ok(n->kids[k], ncp, nbytes, depth + 1)) return 0;
    return 1;
}

static size_t cps(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void run_case(const struct qcase *c)
{
    msd_query q;
    msd_query_error err;
    char buf[2048];
    size_t need = 0;
    int rc = msd_query_parse(c->q, strlen(c->q), c->default_or, &q, &err);
    test_check(rc == c->rc, __FILE__, c->line, c->q);
    if (rc != c->rc)
        fprintf(stderr, "     rc %d (%s), want %d: %s\n", rc, marsad_strerror(rc), c->rc,
                rc ? err.msg : "");
    if (rc == MARSAD_OK) {
        CHECK(!q.root || tree_ok(q.root, cps(c->q), strlen(c->q), 1));
        test_check(msd_query_format(&q, buf, sizeof buf, &need) == MARSAD_OK, __FILE__, c->line,
                   c->q);
        if (c->want) test_check_str(buf, need, c->want, __FILE__, c->line, c->q);
        msd_query_clear(&q);
        return;
    }
    CHECK(q.root == NULL && q.n_sources == 0 && !q.from[0] && !q.to[0]);
    if (c->pos != NOPOS) {
        test_check(err.pos == c->pos, __FILE__, c->line, c->q);
        if (err.pos != c->pos) fprintf(stderr, "     pos %zu, want %zu\n", err.pos, c->pos);
    }
    test_check(strstr(err.msg, c->msg) != NULL, __FILE__, c->line, c->q);
    if (!strstr(err.msg, c->msg)) fprintf(stderr, "     msg [%s]\n", err.msg);
}

/* A query of `reps` copies of unit. */
static char *repeat(const char *head, const char *unit, size_t reps, const char *tail)
{
    size_t nh = strlen(head), nu = strlen(unit), nt = strlen(tail);
    char *s = malloc(nh + nu * reps + nt + 1), *w = s;
    if (!s) return NULL;
    memcpy(w, head, nh), w += nh;
    for (size_t k = 0; k < reps; k++) memcpy(w, unit, nu), w += nu;
    memcpy(w, tail, nt), w += nt;
    *w = '\0';
    return s;
}

static int parse_rc(const char *s, int default_or, msd_query_error *err)
{
    msd_query q;
    int rc = msd_query_parse(s, strlen(s), default_or, &q, err);
    msd_query_clear(&q);
    return rc;
}

static void caps(void)
{
    msd_query_error err;
    char *s, *t;
    /* Parentheses: 32 deep is fine, 33 is not (reported at the 33rd '('). */
    s = repeat("", "(", 32, "a");
    t = repeat(s, ")", 32, "");
    CHECK_EQ(parse_rc(t, AND, &err), MARSAD_OK);
    free(s);
    free(t);
    s = repeat("", "(", 33, "a");
    t = repeat(s, ")", 33, "");
    CHECK_EQ(parse_rc(t, AND, &err), MARSAD_ETOOBIG);
    CHECK_EQ(err.pos, 32);
    CHECK(strstr(err.msg, "nest more than 32") != NULL);
    free(s);
    free(t);
    /* Tree depth: alternating AND/OR groups add a level each; 32 levels pass, 33 do not. */
    for (int n = 31; n <= 32; n++) {
        char q[1024];
        size_t w = 0;
        for (int k = 0; k < n; k++)
            w += (size_t)snprintf(q + w, sizeof q - w, "w%d %s (", k, k % 2 ? "OR" : "AND");
        w += (size_t)snprintf(q + w, sizeof q - w, "z");
        for (int k = 0; k < n; k++) q[w++] = ')';
        q[w] = '\0';
        CHECK_EQ(parse_rc(q, AND, &err), n == 31 ? MARSAD_OK : MARSAD_ETOOBIG);
        if (n == 32) CHECK(strstr(err.msg, "more than 32 levels") != NULL);
    }
    /* Nodes: 255 words and their AND are 256 nodes; one word more is too many. */
    s = repeat("", "a ", 255, "");
    CHECK_EQ(parse_rc(s, AND, &err), MARSAD_OK);
    free(s);
    s = repeat("", "a ", 256, "");
    CHECK_EQ(parse_rc(s, AND, &err), MARSAD_ETOOBIG);
    CHECK(strstr(err.msg, "more than 256") != NULL);
    free(s);
    s = repeat("", "ab ", 1000, "");
    CHECK_EQ(parse_rc(s, ANY, &err), MARSAD_ETOOBIG);
    free(s);
    /* Length: 4096 bytes are read, 4097 refused before anything else. */
    s = repeat("", "x", 4096, "");
    CHECK_EQ(parse_rc(s, AND, &err), MARSAD_OK);
    free(s);
    s = repeat("", "x", 4097, "");
    CHECK_EQ(parse_rc(s, AND, &err), MARSAD_ETOOBIG);
    CHECK(strstr(err.msg, "longer than 4096 bytes") != NULL);
    CHECK_EQ(err.pos, 4096);
    free(s);
}

/* Spans, byte offsets and title flags of one parse. */
static void spans(void)
{
    const char *s = "سوريا -title:\"a b\" (c OR de*)";
    msd_query q;
    msd_query_error err;
    const msd_qnode *r, *no, *ph, *gr;
    CHECK_EQ(msd_query_parse(s, strlen(s), AND, &q, &err), MARSAD_OK);
    r = q.root;
    CHECK(r && r->kind == MSD_Q_AND && r->n_kids == 3);
    if (!r || r->n_kids != 3) return msd_query_clear(&q);
    CHECK(r->pos == 0 && r->len == cps(s) && r->byte_len == strlen(s));
    CHECK(r->kids[0]->pos == 0 && r->kids[0]->len == 5 && r->kids[0]->byte_len == 10);
    no = r->kids[1];
    CHECK(no->kind == MSD_Q_NOT && no->pos == 6 && no->len == 12 && !no->title_only);
    ph = no->kids[0];
    CHECK(ph->kind == MSD_Q_PHRASE && ph->pos == 7 && ph->len == 11 && ph->title_only);
    CHECK(ph->n_kids == 2 && ph->kids[1]->title_only && ph->kids[1]->pos == 16);
    gr = r->kids[2];
    CHECK(gr->kind == MSD_Q_OR && gr->pos == 19 && gr->len == 10 && !gr->title_only);
    CHECK(gr->kids[1]->kind == MSD_Q_PREFIX && gr->kids[1]->pos == 25 && gr->kids[1]->len == 3);
    CHECK_STR(gr->kids[1]->text, "de");
    CHECK_EQ(gr->kids[1]->byte_pos, 30);
    msd_query_clear(&q);
    msd_query_clear(&q); /* cleared twice: a zeroed query */
    msd_query_clear(NULL);
}

static void api(void)
{
    msd_query q;
    msd_query_error err;
    char buf[64];
    size_t need = 0;
    const char *want = "(and (word \"a\") (word \"b\")) (source \"x\")";
    CHECK_EQ(msd_query_parse("a", 1, AND, NULL, &err), MARSAD_EINVAL);
    CHECK_EQ(msd_query_parse(NULL, 1, AND, &q, &err), MARSAD_EINVAL);
    CHECK_EQ(msd_query_parse(NULL, 0, AND, &q, NULL), MARSAD_EFORMAT); /* empty, no err */
    /* Not NUL-terminated: only n bytes are read. */
    CHECK_EQ(msd_query_parse("a b source:x)))", 12, AND, &q, NULL), MARSAD_OK);
    CHECK_EQ(msd_query_format(&q, NULL, 0, &need), MARSAD_ERANGE);
    CHECK_EQ(need, strlen(want));
    CHECK_EQ(msd_query_format(&q, buf, need, &need), MARSAD_ERANGE);
    CHECK_EQ(buf[0], '\0');
    CHECK_EQ(msd_query_format(&q, buf, need + 1, &need), MARSAD_OK);
    CHECK_STR(buf, want);
    CHECK_EQ(msd_query_format(&q, buf, sizeof buf, NULL), MARSAD_EINVAL);
    CHECK_EQ(msd_query_format(NULL, buf, sizeof buf, &need), MARSAD_EINVAL);
    msd_query_clear(&q);
    /* Filters only: no root; the caller lists articles. */
    CHECK_EQ(msd_query_parse("source:x", 8, ANY, &q, NULL), MARSAD_OK);
    CHECK(q.root == NULL && q.n_sources == 1);
    CHECK_STR(q.sources[0], "x");
    msd_query_clear(&q);
}

void suite_query(void);
void suite_query(void)
{
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) run_case(&cases[k]);
    caps();
    spans();
    api();
}
