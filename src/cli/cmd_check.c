/* cmd_check.c — `marsad check`: is the archive sound; and its repair. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_check = {
    "check",
    "verify the archive (catalog, index, their agreement); --repair rebuilds a damaged index",
    "usage: marsad check [--db PATH] [--repair] [--quiet]\n"
    "\n"
    "Verifies the archive as `PRAGMA integrity_check` or `git fsck` do: the catalog\n"
    "(SQLite's full integrity check), the manifest against the index folder, every page\n"
    "of every index segment against its checksum and every term's postings decoded, and\n"
    "their agreement (each article of the catalog is in the index once, and nothing else\n"
    "is). Each problem is printed on a line naming the file; exit status 0 when the\n"
    "archive is sound, 1 when it is not. It only reads, so it may run beside an ingest.\n"
    "\n"
    "  --db PATH   the archive (default: $MARSAD_DB, else ./marsad.db)\n"
    "  --repair    when the index is damaged or disagrees with the catalog, rebuild it from\n"
    "              the catalog (which holds every title and body), then check again; takes\n"
    "              the writer's lock. A damaged catalog is not repaired so: restore it from\n"
    "              a copy, or try sqlite3's .recover\n"
    "  --quiet     print the problems only, not the summary\n"
    "  -h, --help  show this help\n",
    run,
};

static void print_finding(void *ctx, int rc, const char *message)
{
    (void)ctx;
    printf("%s%s\n", rc ? "problem: " : "", message);
}

static int run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"repair", no_argument, NULL, 'r'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    unsigned flags = 0;
    int quiet = 0, c, rc;
    marsad_check_report r;
    if (cli_wants_help(&cli_cmd_check, argc, argv)) return CLI_OK;
    while ((c = getopt_long(argc, argv, "+hq", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'r': flags |= MARSAD_CHECK_REPAIR; break;
        case 'q': quiet = 1; break;
        default: return cli_usage_error(&cli_cmd_check);
        }
    }
    if (optind < argc) return cli_usage_error(&cli_cmd_check);
    db = cli_db_path(db);
    marsad_check_report_init(&r);
    rc = marsad_check(db, flags, print_finding, NULL, &r);
    if (rc && rc != MARSAD_ECORRUPT) {
        cli_error("check", "%s: %s", db,
                  rc == MARSAD_EIO ? "no archive there" : marsad_strerror(rc));
        fflush(stdout);
        return CLI_ERROR;
    }
    if (!quiet)
        printf("%s: %s: %llu articles; %llu segment%s (%llu pages verified), %llu index "
               "documents; %llu problem%s%s\n",
               db, rc ? "DAMAGED" : "sound", (unsigned long long)r.articles,
               (unsigned long long)r.segments, r.segments == 1 ? "" : "s",
               (unsigned long long)r.pages, (unsigned long long)r.index_documents,
               (unsigned long long)r.problems, r.problems == 1 ? "" : "s",
               !rc ? (r.repaired ? " (after the repair)" : "")
               : r.catalog_damaged
                   ? "; the catalog is damaged: restore it from a copy (a damaged article "
                     "row alone: delete it and ingest it again)"
                   : "; `marsad check --repair` rebuilds the index from the catalog");
    if (fflush(stdout)) return CLI_ERROR;
    return rc ? CLI_ERROR : CLI_OK;
}
