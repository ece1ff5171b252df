/* cmd_entities.c — `marsad entities`: the named entities of the archive, counted. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_entities = {
    "entities",
    "list the persons, organizations and places the archive names, with their counts",
    "usage: marsad entities [--db PATH] [--type T] [--limit N] [--json] [QUERY]\n"
    "\n"
    "Lists each canonical name (aliases joined: داعش is تنظيم الدولة الإسلامية) with its\n"
    "type, the articles naming it, its mentions, and the dates of its first and last\n"
    "articles; most articles first. QUERY keeps the names holding it.\n"
    "\n"
    "  --db PATH   the archive (default: $MARSAD_DB, else ./marsad.db)\n"
    "  --type T    only PERS, ORG, LOC, GPE or MISC\n"
    "  --limit N   at most N names (default 50; 0: all)\n"
    "  --json      one JSON object a name: name type articles mentions first last\n"
    "  -h, --help  show this help\n",
    run,
};

static int print_entity(void *ctx, const marsad_story_entity *e)
{
    const int *json = ctx;
    char *text;
    if (*json) return marsad_entity_json(e, &text, NULL) || cli_print_json(text);
    printf("%6llu %6llu  %-4s %s  %s  %s\n", (unsigned long long)e->articles,
           (unsigned long long)e->mentions, e->type ? e->type : "-", e->first ? e->first : "-",
           e->last ? e->last : "-", e->canonical);
    return 0;
}

static int run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},    {"json", no_argument, NULL, 'j'},
        {"limit", required_argument, NULL, 'n'}, {"type", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *type = NULL;
    char *query = NULL;
    int json = 0, c, rc, failed = 0;
    long limit = 50;
    marsad_archive *a = NULL;
    if (cli_wants_help(&cli_cmd_entities, argc, argv)) return CLI_OK;
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'j': json = 1; break;
        case 't': type = optarg; break;
        case 'n': {
            char *end;
            limit = strtol(optarg, &end, 10);
            if (*end || !*optarg || limit < 0) {
                cli_error("entities", "--limit takes a number of names, not '%s'", optarg);
                return CLI_USAGE;
            }
            break;
        }
        default: return cli_usage_error(&cli_cmd_entities);
        }
    }
    query = cli_join_args(optind, argc, argv, &failed);
    if (failed) {
        cli_error("entities", "out of memory");
        return CLI_ERROR;
    }
    db = cli_db_path(db);
    if (marsad_archive_open(db, MARSAD_READ, NULL, &a)) {
        cli_error("entities", "%s", marsad_archive_errmsg(a));
        marsad_archive_close(a);
        free(query);
        return CLI_ERROR;
    }
    rc = marsad_archive_entities(a, query, type, (size_t)limit, print_entity, &json);
    if (rc == MARSAD_EINVAL) {
        cli_error("entities", "%s (PERS, ORG, LOC, GPE or MISC)", marsad_archive_errmsg(a));
        marsad_archive_close(a);
        free(query);
        return CLI_USAGE;
    }
    if (rc)
        cli_error("entities", "%s",
                  rc == MARSAD_EIO || rc == MARSAD_ECORRUPT ? marsad_archive_errmsg(a)
                                                            : marsad_strerror(rc));
    marsad_archive_close(a);
    free(query);
    return rc || fflush(stdout) ? CLI_ERROR : CLI_OK;
}
