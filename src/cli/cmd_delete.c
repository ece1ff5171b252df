/* cmd_delete.c — `marsad delete`: removes articles from the archive. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_delete = {
    "delete",
    "remove articles from the archive by id (a takedown, or before ingesting a new version)",
    "usage: marsad delete [--db PATH] ID...\n"
    "       marsad delete [--db PATH] -          (ids one a line on standard input)\n"
    "\n"
    "Removes each article with that id (docs/api.md \"id\", as search and dups print it): its\n"
    "row, removed lines, facts and duplicate keys leave the catalog, and its index\n"
    "document is marked in its segment's deletion bitmap, so no search finds it; a merge\n"
    "drops it from the index for good. The next article of its duplicate group becomes\n"
    "the group's first. Each deletion is one transaction. The id is free again: ingesting\n"
    "the article once more stores it anew.\n"
    "\n"
    "  --db PATH   the archive (default: $MARSAD_DB, else ./marsad.db)\n"
    "  -h, --help  show this help\n"
    "\n"
    "Prints how many were deleted and how many ids were not in the archive; exit 0 unless\n"
    "an error stopped it.\n",
    run,
};

/* Deletes one id; counts it; returns CLI_OK or CLI_ERROR. */
static int one(marsad_archive *a, const char *id, size_t *deleted, size_t *missing)
{
    int found, rc = marsad_archive_delete(a, id, &found);
    if (rc) {
        cli_error("delete", "%s: %s", id,
                  rc == MARSAD_EIO || rc == MARSAD_ECORRUPT ? marsad_archive_errmsg(a)
                                                            : marsad_strerror(rc));
        return CLI_ERROR;
    }
    if (found)
        ++*deleted;
    else
        ++*missing;
    return CLI_OK;
}

static int run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    size_t deleted = 0, missing = 0;
    marsad_archive *a = NULL;
    int c, rc = CLI_OK;
    if (cli_wants_help(&cli_cmd_delete, argc, argv)) return CLI_OK;
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        if (c == 'd')
            db = optarg;
        else
            return cli_usage_error(&cli_cmd_delete);
    }
    if (optind >= argc) {
        cli_error("delete", "which articles? give their ids, or - to read them");
        return cli_usage_error(&cli_cmd_delete);
    }
    db = cli_db_path(db);
    if (marsad_archive_open(db, MARSAD_WRITE, NULL, &a)) {
        cli_error("delete", "%s", marsad_archive_errmsg(a));
        marsad_archive_close(a);
        return CLI_ERROR;
    }
    if (argc - optind == 1 && !strcmp(argv[optind], "-")) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        while (rc == CLI_OK && (n = getline(&line, &cap, stdin)) >= 0) {
            while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ')) n--;
            line[n] = 0;
            if (n) rc = one(a, line, &deleted, &missing);
        }
        free(line);
    } else {
        for (int i = optind; i < argc && rc == CLI_OK; i++)
            rc = one(a, argv[i], &deleted, &missing);
    }
    if (marsad_archive_close(a) && rc == CLI_OK) {
        cli_error("delete", "%s: closing failed", db);
        rc = CLI_ERROR;
    }
    fprintf(stderr, "marsad delete: %zu deleted, %zu not in the archive\n", deleted, missing);
    return rc;
}
