/* cmd_ingest.c — `marsad ingest`: read, clean, de-duplicate, store and index. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_ingest = {
    "ingest",
    "add crawled news to the archive: clean, de-duplicate, store, index",
    "usage: marsad ingest [--db PATH] [--jsonl] [--repair] [--strict] [--batch N]\n"
    "                     [--gazetteer FILE]... [--jobs N] [--verbose|--quiet]\n"
    "                     [FILE|DIR|-]...\n"
    "\n"
    "Reads the inputs as `marsad analyze` does (text, HTML, WARC, JSONL, plain or gzip or\n"
    "zstd; directories walked), cleans each article and extracts its facts, then adds it\n"
    "to the archive: an article whose id is in the archive already is skipped (ingesting\n"
    "the same input twice stores it once); an exact duplicate (the same normalized body)\n"
    "or a near duplicate (MinHash over word shingles) is stored and linked to the first\n"
    "article of its group. The archive is PATH (SQLite) and PATH.idx/ (the index\n"
    "segments); it is made when the first article is stored.\n"
    "\n"
    "Every N articles (default 20000) the batch's segment is written and the catalog\n"
    "committed: killed at any moment, the archive opens at its last commit, and running\n"
    "the same ingest again completes it. Segments are merged ten at a time. A progress\n"
    "bar shows on a terminal; a summary goes to stderr. Exit 1 when a path cannot be\n"
    "read, no document could be, or an error stopped the ingest.\n"
    "\n"
    "  --db PATH         the archive (default: $MARSAD_DB, else ./marsad.db)\n"
    "  --jsonl           read every input as JSONL\n"
    "  --repair          replace invalid UTF-8 with U+FFFD instead of rejecting\n"
    "  --strict          exit 1 when any document was rejected\n"
    "  --batch N         articles per segment and transaction\n"
    "  --gazetteer FILE  more names for the entity extractor (see `marsad analyze`)\n"
    "  --jobs N          worker threads (default 0: one per core); the archive is the same\n"
    "  --verbose         name each rejected document, and print where the time went\n"
    "  --quiet           print no summary, only errors\n"
    "  -h, --help        show this help\n",
    run,
};

struct args {
    const char *db;
    marsad_archive_options ao;
};

static int option(void *ctx, int c, const char *arg)
{
    struct args *g = ctx;
    char *end;
    long v;
    if (c == 'd') {
        g->db = arg;
        return CLI_OK;
    }
    if (c != 'b') return -1;
    v = strtol(arg, &end, 10);
    if (*end || v < 1 || v > 10000000) {
        cli_error("ingest", "--batch takes a number of articles, not '%s'", arg);
        return CLI_USAGE;
    }
    g->ao.batch = (size_t)v;
    return CLI_OK;
}

static void summary(const marsad_report *rep, int verbose)
{
    fprintf(stderr,
            "marsad ingest: %llu documents read, %llu stored (%llu exact duplicates, %llu near "
            "duplicates), %llu already in the archive, %llu with no text left, %llu rejected",
            (unsigned long long)rep->read, (unsigned long long)rep->stored,
            (unsigned long long)rep->exact, (unsigned long long)rep->near,
            (unsigned long long)rep->known, (unsigned long long)rep->empty,
            (unsigned long long)rep->rejected);
    cli_run_rejections(rep, stderr);
    fprintf(stderr, "; %.1f s\n", rep->seconds);
    if (!verbose) return;
    fprintf(stderr, "marsad ingest: time by stage (seconds, summed over threads):");
    for (int s = 0; s < MARSAD_STAGES; s++)
        fprintf(stderr, " %s %.2f", marsad_stage_name(s), rep->stage_seconds[s]);
    fputc('\n', stderr);
}

static int run(int argc, char **argv)
{
    static const struct option extra[] = {
        {"db", required_argument, NULL, 'd'},
        {"batch", required_argument, NULL, 'b'},
    };
    struct cli_run r;
    struct args g = {NULL, {0, 0}};
    marsad_input in = {argv, 0, NULL, 0, NULL};
    marsad_report rep;
    marsad_archive *a = NULL;
    int rc, crc;
    if (cli_wants_help(&cli_cmd_ingest, argc, argv)) return CLI_OK;
    marsad_archive_options_init(&g.ao);
    if ((rc = cli_run_parse(&r, &cli_cmd_ingest, argc, argv, 1, extra, 2, option, &g))) {
        cli_run_end(&r);
        return rc;
    }
    g.db = cli_db_path(g.db);
    if ((rc = marsad_archive_open(g.db, MARSAD_WRITE, &g.ao, &a))) {
        cli_error("ingest", "%s", marsad_archive_errmsg(a));
        marsad_archive_close(a);
        cli_run_end(&r);
        return CLI_ERROR;
    }
    in.paths = argv + optind;
    in.n_paths = (size_t)(argc - optind);
    rc = marsad_ingest(a, &in, &r.o, &rep);
    if (rc && rc != MARSAD_EIO) /* an input path is said by its notice */
        cli_error("ingest", "%s",
                  marsad_archive_errmsg(a)[0] ? marsad_archive_errmsg(a) : marsad_strerror(rc));
    else if (rc == MARSAD_EIO && rep.documents)
        cli_error("ingest", "%s", marsad_archive_errmsg(a));
    /* the batches committed stay; one an error cut short is rolled back */
    if ((crc = marsad_archive_close(a)) && !rc) {
        cli_error("ingest", "%s: closing: %s", g.db, marsad_strerror(crc));
        rc = crc;
    }
    if (!r.quiet) summary(&rep, r.verbose);
    if (rc && (rc != MARSAD_EIO || rep.documents)) rc = MARSAD_ESTOP; /* reported above */
    crc = rc == MARSAD_ESTOP ? CLI_ERROR : cli_run_status(&r, rc, &rep);
    cli_run_end(&r);
    return crc;
}
