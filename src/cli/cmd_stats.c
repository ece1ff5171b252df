/* cmd_stats.c — `marsad stats`: what the archive holds. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "archive/archive.h"
#include "cli/cli.h"
#include "marsad.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_stats = {
    "stats",
    "what the archive holds: articles, sources, dates, duplicates, index",
    "usage: marsad stats [--db PATH] [--json]\n"
    "\n"
    "Prints the articles, sources, date range, exact and near duplicates (and the groups\n"
    "they form) of the archive, and its index: segments, documents, terms, bytes.\n"
    "\n"
    "  --db PATH   the archive (default: $MARSAD_DB, else ./marsad.db)\n"
    "  --json      one JSON object\n"
    "  -h, --help  show this help\n",
    run,
};

static int run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    int json = 0, c, rc;
    msd_archive *a = NULL;
    msd_archive_stats st;
    if (cli_wants_help(&cli_cmd_stats, argc, argv)) return CLI_OK;
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'j': json = 1; break;
        default: return cli_usage_error(&cli_cmd_stats);
        }
    }
    db = cli_db_path(db);
    if (msd_archive_open(db, MSD_ARCHIVE_READ, NULL, &a) || (rc = msd_archive_stats_of(a, &st))) {
        cli_error("stats", "%s", msd_archive_error(a));
        msd_archive_close(a);
        return CLI_ERROR;
    }
    msd_archive_close(a);
    if (json) {
        json_t *o = json_object();
        char *s;
        json_object_set_new(o, "articles", json_integer(st.articles));
        json_object_set_new(o, "sources", json_integer(st.sources));
        json_object_set_new(o, "first_date",
                            st.first_date[0] ? json_string(st.first_date) : json_null());
        json_object_set_new(o, "last_date",
                            st.last_date[0] ? json_string(st.last_date) : json_null());
        json_object_set_new(o, "exact_duplicates", json_integer(st.exact_dups));
        json_object_set_new(o, "near_duplicates", json_integer(st.near_dups));
        json_object_set_new(o, "duplicate_groups", json_integer(st.groups));
        json_object_set_new(o, "segments", json_integer((json_int_t)st.segments));
        json_object_set_new(o, "index_documents", json_integer((json_int_t)st.index_docs));
        json_object_set_new(o, "index_terms", json_integer((json_int_t)st.index_terms));
        json_object_set_new(o, "index_bytes", json_integer((json_int_t)st.index_bytes));
        json_object_set_new(o, "catalog_bytes", json_integer((json_int_t)st.catalog_bytes));
        s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (s) puts(s);
        free(s);
        json_decref(o);
    } else {
        printf("articles          %lld\n", (long long)st.articles);
        printf("sources           %lld\n", (long long)st.sources);
        printf("dates             %s … %s\n", st.first_date[0] ? st.first_date : "-",
               st.last_date[0] ? st.last_date : "-");
        printf("exact duplicates  %lld\n", (long long)st.exact_dups);
        printf("near duplicates   %lld\n", (long long)st.near_dups);
        printf("duplicate groups  %lld\n", (long long)st.groups);
        printf("index             %zu segment%s, %llu documents, %llu term entries, %.1f MB\n",
               st.segments, st.segments == 1 ? "" : "s", (unsigned long long)st.index_docs,
               (unsigned long long)st.index_terms, (double)st.index_bytes / 1e6);
        printf("catalog           %.1f MB\n", (double)st.catalog_bytes / 1e6);
    }
    return fflush(stdout) ? CLI_ERROR : CLI_OK;
}
