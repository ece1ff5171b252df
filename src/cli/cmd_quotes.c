/* cmd_quotes.c — `marsad quotes`: who said what, by speaker. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_quotes = {
    "quotes",
    "who said what: the quotations by speaker, of a speaker or about a query",
    "usage: marsad quotes [--db PATH] [--speaker NAME] [--limit N] [--json] [QUERY...]\n"
    "\n"
    "Lists the quotations of the articles matching QUERY (marsad search's language) or\n"
    "of every article quoting NAME, by speaker then date: the speaker (the fullest name\n"
    "the article gives), the date, outlet and article, and the words, in «» when quoted\n"
    "directly. --speaker keeps the speakers whose name holds NAME's words, whole and in\n"
    "order (as search's speaker: does). One of --speaker and QUERY is needed.\n"
    "\n"
    "  --db PATH       the archive (default: $MARSAD_DB, else ./marsad.db)\n"
    "  --speaker NAME  only this speaker\n"
    "  --limit N       at most N quotations (default 50)\n"
    "  --json          one JSON object a quotation: speaker, cue, text, direct, article,\n"
    "                  source, date, start, end (code points of the body), story\n"
    "  -h, --help      show this help\n",
    run,
};

struct printing {
    int json;
    char last[512]; /* the speaker of the last quotation printed */
};

static int print_quote(void *ctx, const marsad_story_quote *q, int64_t story)
{
    struct printing *p = ctx;
    const char *who = q->speaker ? q->speaker : "(no speaker)";
    char *text;
    if (p->json) return marsad_quote_json(q, story, &text, NULL) || cli_print_json(text);
    if (strcmp(p->last, who)) {
        printf("%s\n", who);
        snprintf(p->last, sizeof p->last, "%s", who);
    }
    printf("  %-10s %-24s %s%s%s\n", q->date ? q->date : "-", q->source ? q->source : "-",
           q->direct ? "«" : "", q->text, q->direct ? "»" : "");
    printf("             %s%s%lld\n", q->article, story ? "  story " : "",
           story ? (long long)story : 0LL);
    return 0;
}

static int run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},      {"json", no_argument, NULL, 'j'},
        {"speaker", required_argument, NULL, 's'}, {"limit", required_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *speaker = NULL;
    char *query = NULL, *end;
    long limit = 50;
    int c, rc = CLI_OK;
    struct printing p = {0, ""};
    marsad_query_error err;
    marsad_archive *a = NULL;
    if (cli_wants_help(&cli_cmd_quotes, argc, argv)) return CLI_OK;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'j': p.json = 1; break;
        case 's': speaker = optarg; break;
        case 'n':
            limit = strtol(optarg, &end, 10);
            if (*end || !*optarg || limit < 1) {
                cli_error("quotes", "--limit takes a positive number, not '%s'", optarg);
                return CLI_USAGE;
            }
            break;
        default: return cli_usage_error(&cli_cmd_quotes);
        }
    }
    query = cli_join_args(optind, argc, argv, &c);
    if (c) return CLI_ERROR;
    if (!speaker && !query) {
        cli_error("quotes", "give a speaker (--speaker NAME) or a query");
        return cli_usage_error(&cli_cmd_quotes);
    }
    db = cli_db_path(db);
    if (marsad_archive_open(db, MARSAD_READ, NULL, &a)) {
        cli_error("quotes", "%s", marsad_archive_errmsg(a));
        rc = CLI_ERROR;
    } else if ((c = marsad_archive_quotes(a, speaker, query, (size_t)limit, print_quote, &p,
                                          &err))) {
        if (c == MARSAD_EQUERY)
            cli_error("quotes", "query: %s (at character %zu)", err.message, err.position);
        else
            cli_error("quotes", "%s",
                      marsad_archive_errmsg(a)[0] ? marsad_archive_errmsg(a) : marsad_strerror(c));
        rc = CLI_ERROR;
    }
    marsad_archive_close(a);
    free(query);
    return rc || fflush(stdout) ? (rc ? rc : CLI_ERROR) : CLI_OK;
}
