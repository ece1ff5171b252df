/* cmd_stats.c — `marsad stats`: what the archive holds. */
#include <stdlib.h>

#include "cli.h"

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
    int json = 0, c;
    marsad_archive *a = NULL;
    marsad_stats st;
    if (cli_wants_help(&cli_cmd_stats, argc, argv)) return CLI_OK;
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'j': json = 1; break;
        default: return cli_usage_error(&cli_cmd_stats);
        }
    }
    db = cli_db_path(db);
    marsad_stats_init(&st);
    if (marsad_archive_open(db, MARSAD_READ, NULL, &a) || marsad_archive_stats(a, &st)) {
        cli_error("stats", "%s", marsad_archive_errmsg(a));
        marsad_archive_close(a);
        return CLI_ERROR;
    }
    marsad_archive_close(a);
    if (json) {
        char *text;
        if (marsad_stats_json(&st, &text, NULL) || cli_print_json(text)) return CLI_ERROR;
    } else {
        printf("articles          %llu\n", (unsigned long long)st.articles);
        printf("sources           %llu\n", (unsigned long long)st.sources);
        printf("dates             %s … %s\n", st.first_date[0] ? st.first_date : "-",
               st.last_date[0] ? st.last_date : "-");
        printf("exact duplicates  %llu\n", (unsigned long long)st.exact_duplicates);
        printf("near duplicates   %llu\n", (unsigned long long)st.near_duplicates);
        printf("duplicate groups  %llu\n", (unsigned long long)st.duplicate_groups);
        printf("index             %llu segment%s, %llu documents, %llu term entries, %.1f MB\n",
               (unsigned long long)st.segments, st.segments == 1 ? "" : "s",
               (unsigned long long)st.index_documents, (unsigned long long)st.index_terms,
               (double)st.index_bytes / 1e6);
        printf("catalog           %.1f MB\n", (double)st.catalog_bytes / 1e6);
    }
    return fflush(stdout) ? CLI_ERROR : CLI_OK;
}
