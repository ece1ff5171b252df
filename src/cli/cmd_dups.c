/* cmd_dups.c — `marsad dups`: the groups of duplicate articles. */
#include <stdlib.h>

#include "cli.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_dups = {
    "dups",
    "list the groups of duplicate articles (the same story in several outlets)",
    "usage: marsad dups [--db PATH] [--json] [--limit N]\n"
    "\n"
    "Lists each group of exact or near duplicates, largest first: its first article (id,\n"
    "date, source, title), then every other member with its source, date, kind (exact or\n"
    "near) and MinHash estimate of its similarity to the group.\n"
    "\n"
    "  --db PATH   the archive (default: $MARSAD_DB, else ./marsad.db)\n"
    "  --json      one JSON object a group\n"
    "  --limit N   the N largest groups only\n"
    "  -h, --help  show this help\n",
    run,
};

static int print_group(void *ctx, const marsad_dup_group *g)
{
    const int *json = ctx;
    char *text;
    if (*json) return marsad_dup_group_json(g, &text, NULL) || cli_print_json(text);
    printf("%zu articles: %s  %s  %s\n  %s\n", g->size, g->id ? g->id : "", g->date ? g->date : "-",
           g->source ? g->source : "-", g->title ? g->title : "");
    for (size_t i = 0; i < g->n_members; i++) {
        const marsad_duplicate *m = &g->members[i];
        printf("    %-5s %.2f  %s  %s  %s\n", m->kind ? m->kind : "-", m->jaccard,
               m->id ? m->id : "", m->date ? m->date : "-", m->source ? m->source : "-");
    }
    return 0;
}

static int run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"json", no_argument, NULL, 'j'},
        {"limit", required_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    int json = 0, c, rc;
    long limit = 0;
    marsad_archive *a = NULL;
    if (cli_wants_help(&cli_cmd_dups, argc, argv)) return CLI_OK;
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'j': json = 1; break;
        case 'n': {
            char *end;
            limit = strtol(optarg, &end, 10);
            if (*end || !*optarg || limit < 1) {
                cli_error("dups", "--limit takes a number of groups, not '%s'", optarg);
                return CLI_USAGE;
            }
            break;
        }
        default: return cli_usage_error(&cli_cmd_dups);
        }
    }
    db = cli_db_path(db);
    if (marsad_archive_open(db, MARSAD_READ, NULL, &a)) {
        cli_error("dups", "%s", marsad_archive_errmsg(a));
        marsad_archive_close(a);
        return CLI_ERROR;
    }
    rc = marsad_archive_dups(a, (size_t)limit, print_group, &json);
    if (rc)
        cli_error("dups", "%s",
                  rc == MARSAD_EIO || rc == MARSAD_ECORRUPT ? marsad_archive_errmsg(a)
                                                            : marsad_strerror(rc));
    marsad_archive_close(a);
    return rc || fflush(stdout) ? CLI_ERROR : CLI_OK;
}
