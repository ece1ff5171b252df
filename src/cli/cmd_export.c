/* cmd_export.c — `marsad export`: articles with their fields and story ids, as JSONL or
 * CSV, for spreadsheets and scripts. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_export = {
    "export",
    "write the archive's articles (or a query's) with their story ids, as JSONL or CSV",
    "usage: marsad export [--db PATH] [--format jsonl|csv] [QUERY...]\n"
    "\n"
    "Writes every article of the archive, or those matching QUERY (marsad search's\n"
    "language; every duplicate, at most 10,000), one a line:\n"
    "  jsonl  the corpus record (id, source, url, date, title, author, body: docs/api.md)\n"
    "         with \"story\": its story id (null when it has none)\n"
    "  csv    RFC 4180, a header line then id, source, url, date, title, author, story,\n"
    "         duplicate_of, duplicate_kind, body (its paragraphs joined by a newline)\n"
    "\n"
    "  --db PATH        the archive (default: $MARSAD_DB, else ./marsad.db)\n"
    "  --format F       jsonl (default) or csv\n"
    "  -h, --help       show this help\n",
    run,
};

/* A CSV field: quoted when it holds a comma, a quote or a line break, quotes doubled. */
static void csv_field(const char *s, int last)
{
    if (s && strpbrk(s, ",\"\r\n")) {
        putchar('"');
        for (; *s; s++) {
            if (*s == '"') putchar('"');
            putchar(*s);
        }
        putchar('"');
    } else if (s) {
        fputs(s, stdout);
    }
    putchar(last ? '\n' : ',');
}

static int print_csv(void *ctx, const marsad_article *art, int64_t story)
{
    char num[24];
    (void)ctx;
    snprintf(num, sizeof num, "%lld", (long long)story);
    csv_field(marsad_article_field(art, MARSAD_FIELD_ID), 0);
    csv_field(marsad_article_field(art, MARSAD_FIELD_SOURCE), 0);
    csv_field(marsad_article_field(art, MARSAD_FIELD_URL), 0);
    csv_field(marsad_article_field(art, MARSAD_FIELD_DATE), 0);
    csv_field(marsad_article_field(art, MARSAD_FIELD_TITLE), 0);
    csv_field(marsad_article_field(art, MARSAD_FIELD_AUTHOR), 0);
    csv_field(story ? num : NULL, 0);
    csv_field(marsad_article_field(art, MARSAD_FIELD_DUPLICATE_OF), 0);
    csv_field(marsad_article_field(art, MARSAD_FIELD_DUPLICATE_KIND), 0);
    csv_field(marsad_article_field(art, MARSAD_FIELD_BODY), 1);
    return ferror(stdout);
}

static int print_jsonl(void *ctx, const marsad_article *art, int64_t story)
{
    (void)ctx;
    return cli_print_article_story(art, MARSAD_JSON_RECORD, story);
}

static int run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    char *query = NULL;
    int csv = 0, c, rc = CLI_OK;
    marsad_query_error err;
    marsad_archive *a = NULL;
    if (cli_wants_help(&cli_cmd_export, argc, argv)) return CLI_OK;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'f':
            if (!strcmp(optarg, "csv")) {
                csv = 1;
            } else if (strcmp(optarg, "jsonl")) {
                cli_error("export", "--format is jsonl or csv, not '%s'", optarg);
                return CLI_USAGE;
            }
            break;
        default: return cli_usage_error(&cli_cmd_export);
        }
    }
    query = cli_join_args(optind, argc, argv, &c);
    if (c) return CLI_ERROR;
    db = cli_db_path(db);
    if (marsad_archive_open(db, MARSAD_READ, NULL, &a)) {
        cli_error("export", "%s", marsad_archive_errmsg(a));
        rc = CLI_ERROR;
    } else {
        if (csv) puts("id,source,url,date,title,author,story,duplicate_of,duplicate_kind,body");
        c = marsad_archive_export(a, query, csv ? print_csv : print_jsonl, NULL, &err);
        if (c == MARSAD_EQUERY) {
            cli_error("export", "query: %s (at character %zu)", err.message, err.position);
            rc = CLI_ERROR;
        } else if (c) {
            cli_error("export", "%s",
                      c == MARSAD_ESTOP             ? "writing the output failed"
                      : marsad_archive_errmsg(a)[0] ? marsad_archive_errmsg(a)
                                                    : marsad_strerror(c));
            rc = CLI_ERROR;
        }
    }
    marsad_archive_close(a);
    free(query);
    return rc || fflush(stdout) ? (rc ? rc : CLI_ERROR) : CLI_OK;
}
