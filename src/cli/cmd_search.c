/* cmd_search.c — `marsad search`: queries against the archive, one or a stream. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_search = {
    "search",
    "search the archive (bare words required; \"phrase\", =exact, prefix*, -not, OR)",
    "usage: marsad search [--db PATH] [--limit N] [--json] [--all] [--any] [--explain]\n"
    "                     [--facets] [--snippet N] [ranking options] QUERY...\n"
    "       marsad search [--db PATH] --batch [--json] [--limit N] [--all] [--any]\n"
    "                     [--offset N] [--sort relevance|date|newest|oldest]\n"
    "\n"
    "Finds articles by BM25 over their bodies and titles (a title match weighs double),\n"
    "stemmed and normalized as they were indexed: التحالف finds والتحالف and بالتحالف,\n"
    "الاسلامية finds الإسلامية. One result per group of duplicates unless --all.\n"
    "\n"
    "Query language:\n"
    "  word word      every word required (--any: optional, ranked by how many match)\n"
    "  \"a phrase\"     words in this order, next to each other (also “…” and «…»)\n"
    "  =word          this exact surface form, not its stem's other forms\n"
    "  pre*           words beginning with pre (two letters at least)\n"
    "  -word          articles without it (also -\"phrase\", -(group))\n"
    "  a OR b         either; binds tighter than the space: x a OR b = x (a OR b)\n"
    "  ( … )          grouping\n"
    "  title:word     in the title (title:\"phrase\", title:(…))\n"
    "  source:NAME    from that source (several: any of them)\n"
    "  from:DATE to:DATE   published in that range (YYYY-MM-DD, YYYY-MM or YYYY)\n"
    "  entity:NAME    articles naming that entity, by any of its aliases\n"
    "                 (entity:داعش, entity:\"تنظيم الدولة الإسلامية\")\n"
    "  speaker:NAME   articles quoting a speaker whose name holds these words\n"
    "A query of filters or entity:/speaker: only lists the newest matching articles.\n"
    "\n"
    "  --db PATH   the archive (default: $MARSAD_DB, else ./marsad.db)\n"
    "  --limit N   results (default 10)\n"
    "  --offset N  skip the first N results (paging; limit + offset at most 10000)\n"
    "  --sort S    relevance (default), date or newest, or oldest (undated articles last)\n"
    "  --facets    count the matches by outlet and by day, after the results (exact up to\n"
    "              10000 matches; one per duplicate group unless --all)\n"
    "  --snippet N snippet length in code points (default 200; 0: no snippet)\n"
    "  --json      one JSON object per query (docs/api.md: schema, query, total, took_ms,\n"
    "              results[] with id, score, title, source, date, duplicates, url,\n"
    "              snippet, highlights as code-point ranges of the snippet; facets)\n"
    "  --all       every duplicate, not one per group\n"
    "  --any       bare words are optional (for long queries: a pasted headline)\n"
    "  --batch     read one query a line from standard input; one result a line, flushed\n"
    "              (plain text: each query's results follow a line \"query: …\")\n"
    "  --explain   print how the query was parsed, then search\n"
    "  --k1 X, --b X   BM25 parameters (default 1.2 and 0.75)\n"
    "  --title-boost X the weight of a title match (default 2)\n"
    "  --exact-bonus X the weight of the typed form on top of its stem (default 0.3)\n"
    "  --exhaustive  score every match instead of skipping by block maxima (same results,\n"
    "              slower: for checking)\n"
    "  -h, --help  show this help\n"
    "\n"
    "Options may come before or after the query words; after \"--\" everything is query.\n"
    "A query the parser refuses is named with its position (a code point offset): exit 2\n"
    "for a single query; in --batch the line's result carries an \"error\" instead.\n",
    run,
};

struct opts {
    int json, explain, color;
    marsad_search_options so;
};

/* The facets, after the results: one "by source" and one "by day" block. */
static void print_facets(const marsad_results *r)
{
    static const char *const heads[2] = {"by source", "by day"};
    int partial = 0;
    size_t n;
    if (!marsad_results_facets(r, MARSAD_FACET_SOURCES, &n, &partial)) return;
    for (int kind = 0; kind < 2; kind++) {
        const marsad_facet *f = marsad_results_facets(r, kind, &n, NULL);
        printf("%s%s:\n", heads[kind], partial ? " (the first 10000 matching articles)" : "");
        for (size_t i = 0; i < n; i++)
            printf("  %s  %llu\n",
                   f[i].name ? f[i].name
                   : kind    ? "undated"
                             : "(no source)",
                   (unsigned long long)f[i].count);
    }
}

static void print_plain(const marsad_results *r, const struct opts *o)
{
    int lower;
    uint64_t total = marsad_results_total(r, &lower);
    for (size_t k = 0; k < marsad_results_count(r); k++) {
        const marsad_hit *x = marsad_results_hit(r, k);
        char *marked = NULL;
        printf("%zu. %s\n   %s%s%s  %s  score %.2f", k + 1,
               x->title && x->title[0] ? x->title : "(no title)", x->source ? x->source : "",
               x->source && x->date ? ", " : "", x->date ? x->date : "", x->id ? x->id : "",
               x->score);
        if (x->duplicates) printf("  +%llu duplicates", (unsigned long long)x->duplicates);
        putchar('\n');
        /* highlights: bold red on a terminal, [brackets] otherwise */
        if (x->snippet && !marsad_hit_marked(x, o->color ? "\033[1;31m" : "[",
                                             o->color ? "\033[0m" : "]", &marked))
            printf("   %s\n", marked);
        marsad_free(marked);
    }
    /* block-max WAND skips what cannot enter the top k: the count is then a floor */
    printf("%s%s%llu matching articles, %.2f ms\n", marsad_results_count(r) ? "" : "no results; ",
           lower ? "at least " : "", (unsigned long long)total, marsad_results_took_ms(r));
    print_facets(r);
}

/* The refusal of one query: an "error" object in --batch --json, else a message. */
static void refused(const char *q, size_t n, int rc, const marsad_query_error *err, int batch,
                    int json)
{
    char *text;
    if (batch && json && !marsad_search_error_json(q, n, rc, err, &text, NULL)) {
        cli_print_json(text);
        return;
    }
    if (rc == MARSAD_EQUERY)
        cli_error("search", "query error at %zu: %s", err->position, err->message);
    else /* the query as a whole, not one place of it */
        cli_error("search", "query error at 0: %s", marsad_strerror(rc));
}

/* Runs one query; returns CLI_OK, CLI_USAGE (refused query) or CLI_ERROR. */
static int one(marsad_archive *a, const char *q, size_t n, const struct opts *o, int batch)
{
    marsad_results *r = NULL;
    marsad_query_error err;
    char *json;
    int rc;
    memset(&err, 0, sizeof err);
    if (batch && !o->json) /* which results are whose */
        printf("query: %.*s\n", (int)(n < 65536 ? n : 65536), q);
    if (o->explain) {
        marsad_query *parsed;
        char *text;
        if (!marsad_query_parse(q, n, o->so.any, &parsed, NULL) &&
            !marsad_query_explain(parsed, &text)) {
            fprintf(stderr, "query: %s\n", text);
            marsad_free(text);
        }
        marsad_query_free(parsed);
    }
    rc = marsad_search(a, q, n, &o->so, &r, &err);
    if (rc == MARSAD_EQUERY || rc == MARSAD_ESTOPWORDS || rc == MARSAD_EONLYNOT) {
        refused(q, n, rc, &err, batch, o->json);
        return batch ? CLI_OK : CLI_USAGE;
    }
    if (rc) {
        const char *msg = marsad_archive_errmsg(a); /* names the file, when one is to blame */
        cli_error("search", "%s",
                  (rc == MARSAD_EIO || rc == MARSAD_ECORRUPT) && msg[0] ? msg
                                                                        : marsad_strerror(rc));
        return CLI_ERROR;
    }
    if (o->json)
        rc = marsad_results_json(r, q, n, &json, NULL) ? CLI_ERROR : cli_print_json(json);
    else
        print_plain(r, o);
    marsad_results_free(r);
    return rc;
}

/* One option of the command line: its name and whether it takes a value. */
static const struct option lopts[] = {
    {"db", required_argument, NULL, 'd'},
    {"limit", required_argument, NULL, 'n'},
    {"json", no_argument, NULL, 'j'},
    {"all", no_argument, NULL, 'a'},
    {"any", no_argument, NULL, 'o'},
    {"batch", no_argument, NULL, 'b'},
    {"explain", no_argument, NULL, 'x'},
    {"exhaustive", no_argument, NULL, 'E'},
    {"k1", required_argument, NULL, 'K'},
    {"b", required_argument, NULL, 'B'},
    {"title-boost", required_argument, NULL, 'T'},
    {"exact-bonus", required_argument, NULL, 'X'},
    {"offset", required_argument, NULL, 'O'},
    {"sort", required_argument, NULL, 'S'},
    {"facets", no_argument, NULL, 'F'},
    {"snippet", required_argument, NULL, 'P'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Applies option c with its value v; returns CLI_OK or CLI_USAGE (reported). */
static int apply(int c, const char *v, struct opts *o, const char **db, int *batch)
{
    char *end;
    switch (c) {
    case 'd': *db = v; return CLI_OK;
    case 'n': {
        long n = strtol(v, &end, 10);
        if (*end || n < 1 || n > 10000) {
            cli_error("search", "--limit takes 1 to 10000, not '%s'", v);
            return CLI_USAGE;
        }
        o->so.limit = (size_t)n;
        return CLI_OK;
    }
    case 'O': {
        long n = strtol(v, &end, 10);
        if (*end || !*v || n < 0 || n > 9999) {
            cli_error("search", "--offset takes 0 to 9999, not '%s'", v);
            return CLI_USAGE;
        }
        o->so.offset = (size_t)n;
        return CLI_OK;
    }
    case 'P': {
        long n = strtol(v, &end, 10);
        if (*end || !*v || n < 0 || n > 10000) {
            cli_error("search", "--snippet takes 0 to 10000 code points, not '%s'", v);
            return CLI_USAGE;
        }
        o->so.snippet_chars = (size_t)n;
        return CLI_OK;
    }
    case 'F': o->so.facets = 1; return CLI_OK;
    case 'S':
        if (!strcmp(v, "relevance"))
            o->so.sort = MARSAD_SORT_RELEVANCE;
        else if (!strcmp(v, "newest") || !strcmp(v, "date"))
            o->so.sort = MARSAD_SORT_NEWEST;
        else if (!strcmp(v, "oldest"))
            o->so.sort = MARSAD_SORT_OLDEST;
        else {
            cli_error("search", "--sort takes relevance, date, newest or oldest, not '%s'", v);
            return CLI_USAGE;
        }
        return CLI_OK;
    case 'j': o->json = 1; return CLI_OK;
    case 'a': o->so.all = 1; return CLI_OK;
    case 'o': o->so.any = 1; return CLI_OK;
    case 'b': *batch = 1; return CLI_OK;
    case 'x': o->explain = 1; return CLI_OK;
    case 'E': o->so.exhaustive = 1; return CLI_OK;
    default: { /* K B T X: numbers */
        double x = strtod(v, &end);
        if (!*v || *end || x < 0 || x > (c == 'B' ? 1 : 100)) {
            cli_error("search", "--%s takes a number%s, not '%s'",
                      c == 'K'   ? "k1"
                      : c == 'B' ? "b"
                      : c == 'T' ? "title-boost"
                                 : "exact-bonus",
                      c == 'B' ? " from 0 to 1" : "", v);
            return CLI_USAGE;
        }
        if (c == 'K') o->so.k1 = x;
        if (c == 'B') o->so.b = x;
        if (c == 'T') o->so.title_boost = x;
        if (c == 'X') o->so.exact_bonus = x;
        return CLI_OK;
    }
    }
}

/* Sorts the command line into options and query words, wherever the options stand
 * ("marsad search التحالف --limit 3"). Not getopt: a query word may begin with '-'
 * (an exclusion, -الرقة), so only "--name", "--name=value" and "-n N" are options, and
 * "--" makes everything after it query. words[] receives the query words in order. */
static int parse_args(int argc, char **argv, struct opts *o, const char **db, int *batch,
                      char **words, int *nw)
{
    int query_only = 0;
    *nw = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        const struct option *p = NULL;
        int rc;
        if (query_only || a[0] != '-' || (a[1] != '-' && strcmp(a, "-n"))) {
            words[(*nw)++] = argv[i];
            continue;
        }
        if (!strcmp(a, "--")) {
            query_only = 1;
            continue;
        }
        if (!strcmp(a, "-n")) {
            p = &lopts[1];
        } else {
            size_t len = strcspn(a + 2, "=");
            for (p = lopts; p->name && (strlen(p->name) != len || strncmp(p->name, a + 2, len));
                 p++)
                ;
            if (!p->name) {
                cli_error("search", "unknown option '%s'", a);
                return CLI_USAGE;
            }
            if (a[2 + len] == '=') v = a + 3 + len;
        }
        if (p->has_arg == required_argument && !v) {
            if (i + 1 == argc) {
                cli_error("search", "%s needs a value", a);
                return CLI_USAGE;
            }
            v = argv[++i];
        } else if (p->has_arg == no_argument && v) {
            cli_error("search", "--%s takes no value", p->name);
            return CLI_USAGE;
        }
        if ((rc = apply(p->val, v, o, db, batch))) return rc;
    }
    return CLI_OK;
}

static int run(int argc, char **argv)
{
    const char *db = NULL;
    struct opts o = {0};
    int batch = 0, rc = CLI_OK, nw = 0;
    char **words;
    marsad_archive *a = NULL;
    if (cli_wants_help(&cli_cmd_search, argc, argv)) return CLI_OK;
    marsad_search_options_init(&o.so);
    if (!(words = malloc((size_t)argc * sizeof *words))) {
        cli_error("search", "%s", marsad_strerror(MARSAD_ENOMEM));
        return CLI_ERROR;
    }
    if ((rc = parse_args(argc, argv, &o, &db, &batch, words, &nw))) {
        free(words);
        return rc == CLI_USAGE ? cli_usage_error(&cli_cmd_search) : rc;
    }
    if (batch && nw) {
        cli_error("search", "--batch reads its queries from standard input, not '%s'", words[0]);
        free(words);
        return cli_usage_error(&cli_cmd_search);
    }
    if (!batch && !nw) {
        free(words);
        cli_error("search", "a query is needed (or --batch)");
        return cli_usage_error(&cli_cmd_search);
    }
    o.color = !o.json && isatty(1) && !getenv("NO_COLOR");
    db = cli_db_path(db);
    if (o.so.limit + o.so.offset > 10000) {
        free(words);
        cli_error("search", "--limit and --offset add up past 10000");
        return cli_usage_error(&cli_cmd_search);
    }
    if (marsad_archive_open(db, MARSAD_READ, NULL, &a)) {
        cli_error("search", "%s", marsad_archive_errmsg(a));
        marsad_archive_close(a);
        free(words);
        return CLI_ERROR;
    }
    if (!batch) {
        size_t len = 0, o2 = 0;
        char *q;
        for (int i = 0; i < nw; i++) len += strlen(words[i]) + 1;
        if (!(q = malloc(len + 1))) rc = CLI_ERROR;
        for (int i = 0; q && i < nw; i++) { /* the words joined by spaces */
            size_t l = strlen(words[i]);
            if (o2) q[o2++] = ' ';
            memcpy(q + o2, words[i], l);
            o2 += l;
        }
        if (q) rc = one(a, q, o2, &o, 0);
        free(q);
    } else {
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        while (rc == CLI_OK && (n = getline(&line, &cap, stdin)) >= 0) {
            while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) n--;
            rc = one(a, line, (size_t)n, &o, 1);
            if (fflush(stdout)) rc = CLI_ERROR;
        }
        free(line);
    }
    marsad_archive_close(a);
    free(words);
    if (fflush(stdout)) return CLI_ERROR;
    return rc;
}
