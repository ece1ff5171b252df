/* cmd_dups.c — `marsad dups`: the groups of duplicate articles. */
#include <getopt.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "archive/archive.h"
#include "cli/cli.h"
#include "marsad.h"
#include "store/store.h"

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

#define TEXT(st, i) ((const char *)sqlite3_column_text((st), (i)))

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
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
    int json = 0, c;
    long limit = -1;
    msd_archive *a = NULL;
    sqlite3 *sq;
    sqlite3_stmt *groups, *members;
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
    if (msd_archive_open(db, MSD_ARCHIVE_READ, NULL, &a)) {
        cli_error("dups", "%s", msd_archive_error(a));
        msd_archive_close(a);
        return CLI_ERROR;
    }
    sq = msd_store_db(msd_archive_store(a));
    if (sqlite3_prepare_v2(
            sq,
            "SELECT g.grp, count(*), f.ext_id, f.date, s.name, f.title FROM articles g "
            "JOIN articles f ON f.id = g.grp LEFT JOIN sources s ON s.id = f.source_id "
            "GROUP BY g.grp HAVING count(*) > 1 ORDER BY count(*) DESC, g.grp LIMIT ?1",
            -1, &groups, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(
            sq,
            "SELECT a.ext_id, a.date, s.name, a.dup_kind, a.dup_jaccard FROM articles a "
            "LEFT JOIN sources s ON s.id = a.source_id WHERE a.grp = ?1 AND a.id <> ?1 "
            "ORDER BY a.id",
            -1, &members, NULL) != SQLITE_OK) {
        cli_error("dups", "%s", sqlite3_errmsg(sq));
        msd_archive_close(a);
        return CLI_ERROR;
    }
    sqlite3_bind_int64(groups, 1, limit);
    while (sqlite3_step(groups) == SQLITE_ROW) {
        sqlite3_int64 grp = sqlite3_column_int64(groups, 0);
        json_t *o = NULL, *arr = NULL;
        if (json) {
            o = json_object();
            arr = json_array();
            json_object_set_new(o, "size", json_integer(sqlite3_column_int64(groups, 1)));
            json_object_set_new(o, "first", str_or_null(TEXT(groups, 2)));
            json_object_set_new(o, "date", str_or_null(TEXT(groups, 3)));
            json_object_set_new(o, "source", str_or_null(TEXT(groups, 4)));
            json_object_set_new(o, "title", str_or_null(TEXT(groups, 5)));
        } else {
            printf("%lld articles: %s  %s  %s\n  %s\n", (long long)sqlite3_column_int64(groups, 1),
                   TEXT(groups, 2) ? TEXT(groups, 2) : "", TEXT(groups, 3) ? TEXT(groups, 3) : "-",
                   TEXT(groups, 4) ? TEXT(groups, 4) : "-", TEXT(groups, 5) ? TEXT(groups, 5) : "");
        }
        sqlite3_bind_int64(members, 1, grp);
        while (sqlite3_step(members) == SQLITE_ROW) {
            if (json) {
                json_t *m = json_object();
                json_object_set_new(m, "id", str_or_null(TEXT(members, 0)));
                json_object_set_new(m, "date", str_or_null(TEXT(members, 1)));
                json_object_set_new(m, "source", str_or_null(TEXT(members, 2)));
                json_object_set_new(m, "kind", str_or_null(TEXT(members, 3)));
                json_object_set_new(m, "jaccard", json_real(sqlite3_column_double(members, 4)));
                json_array_append_new(arr, m);
            } else {
                printf("    %-5s %.2f  %s  %s  %s\n", TEXT(members, 3) ? TEXT(members, 3) : "-",
                       sqlite3_column_double(members, 4), TEXT(members, 0) ? TEXT(members, 0) : "",
                       TEXT(members, 1) ? TEXT(members, 1) : "-",
                       TEXT(members, 2) ? TEXT(members, 2) : "-");
            }
        }
        sqlite3_reset(members);
        if (json) {
            char *s;
            json_object_set_new(o, "members", arr);
            s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
            if (s) puts(s);
            free(s);
            json_decref(o);
        }
    }
    sqlite3_finalize(groups);
    sqlite3_finalize(members);
    msd_archive_close(a);
    return fflush(stdout) ? CLI_ERROR : CLI_OK;
}
