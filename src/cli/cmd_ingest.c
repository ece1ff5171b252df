/* cmd_ingest.c — `marsad ingest`: read, clean, de-duplicate, store and index. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/archive.h"
#include "cli/cli.h"
#include "extract/lexicon.h"
#include "marsad.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_ingest = {
    "ingest",
    "add crawled news to the archive: clean, de-duplicate, store, index",
    "usage: marsad ingest [--db PATH] [--jsonl] [--repair] [--strict] [--batch N]\n"
    "                     [--gazetteer FILE]... [FILE|DIR|-]...\n"
    "\n"
    "Reads the inputs as `marsad analyze` does (text, HTML, WARC, JSONL; directories\n"
    "walked), cleans each article and extracts its facts, then adds it to the archive:\n"
    "an article whose id is in the archive already is skipped (ingesting the same input\n"
    "twice stores it once); an exact duplicate (the same normalized body) or a near\n"
    "duplicate (MinHash over word shingles) is stored and linked to the first article\n"
    "of its group. The archive is PATH (SQLite) and PATH.idx/ (the index segments).\n"
    "\n"
    "Every N articles (default 20000) the batch's segment is written and the catalog\n"
    "committed: killed at any moment, the archive opens at its last commit, and running\n"
    "the same ingest again completes it. At the end, segments are merged ten at a time.\n"
    "A progress bar shows on a terminal; a summary goes to stderr.\n"
    "\n"
    "  --db PATH         the archive (default: $MARSAD_DB, else ./marsad.db)\n"
    "  --jsonl           read every input as JSONL\n"
    "  --repair          replace invalid UTF-8 with U+FFFD instead of rejecting\n"
    "  --strict          exit 1 when any document was rejected\n"
    "  --batch N         articles per segment and transaction\n"
    "  --gazetteer FILE  more names for the entity extractor (see `marsad analyze`)\n"
    "  -h, --help        show this help\n",
    run,
};

struct tally {
    msd_archive *a;
    size_t stored, exact, near, known, empty;
    int rc;
};

static int add_article(void *ctx, const msd_doc *doc, const msd_article *art)
{
    struct tally *t = ctx;
    int outcome, rc;
    if (!art->body_len) { /* nothing of the article survived cleaning */
        t->empty++;
        return 0;
    }
    rc = msd_archive_add(t->a, doc, art, &outcome);
    if (rc) {
        t->rc = rc;
        return 1;
    }
    if (outcome == MSD_INGEST_KNOWN) {
        t->known++;
        return 0;
    }
    t->stored++; /* duplicates are stored too, linked to their group */
    t->exact += outcome == MSD_INGEST_EXACT;
    t->near += outcome == MSD_INGEST_NEAR;
    return 0;
}

const char *cli_db_path(const char *given)
{
    const char *env = getenv("MARSAD_DB");
    return given ? given : env && env[0] ? env : "marsad.db";
}

static int run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},    {"jsonl", no_argument, NULL, 'J'},
        {"repair", no_argument, NULL, 'R'},      {"strict", no_argument, NULL, 'S'},
        {"batch", required_argument, NULL, 'b'}, {"gazetteer", required_argument, NULL, 'g'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    int repair = 0, jsonl = 0, strict = 0, c, rc;
    char **gaz;
    size_t n_gaz = 0;
    msd_lexicon *lx = NULL;
    msd_archive_options opt;
    struct cli_run_stats st;
    struct tally t = {0};
    double t0 = cli_now();
    if (cli_wants_help(&cli_cmd_ingest, argc, argv)) return CLI_OK;
    msd_archive_options_init(&opt);
    if (!(gaz = calloc((size_t)argc, sizeof *gaz))) {
        cli_error("ingest", "%s", marsad_strerror(MARSAD_ENOMEM));
        return CLI_ERROR;
    }
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'J': jsonl = 1; break;
        case 'R': repair = 1; break;
        case 'S': strict = 1; break;
        case 'g': gaz[n_gaz++] = optarg; break;
        case 'b': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 10000000) {
                cli_error("ingest", "--batch takes a number of articles, not '%s'", optarg);
                free(gaz);
                return CLI_USAGE;
            }
            opt.batch = (size_t)v;
            break;
        }
        default: free(gaz); return cli_usage_error(&cli_cmd_ingest);
        }
    }
    rc = cli_lexicon("ingest", gaz, n_gaz, &lx);
    free(gaz);
    if (rc) return rc;
    opt.lx = lx;
    db = cli_db_path(db);
    if ((rc = msd_archive_open(db, MSD_ARCHIVE_WRITE, &opt, &t.a))) {
        cli_error("ingest", "%s: %s", db, msd_archive_error(t.a));
        msd_archive_close(t.a);
        msd_lexicon_free(lx);
        return CLI_ERROR;
    }
    rc = cli_each_article("ingest", argv + optind, (size_t)(argc - optind), repair, jsonl,
                          add_article, &t, &st);
    if (t.rc) {
        cli_error("ingest", "%s: %s", db,
                  t.rc == MARSAD_EIO ? msd_archive_error(t.a) : marsad_strerror(t.rc));
        rc = CLI_ERROR;
    }
    {
        /* the batches committed stay; one an error cut short is rolled back */
        int crc = msd_archive_close(t.a);
        if (crc) {
            cli_error("ingest", "%s: closing: %s", db, marsad_strerror(crc));
            rc = CLI_ERROR;
        }
    }
    msd_lexicon_free(lx);
    fprintf(stderr,
            "marsad ingest: %zu documents read, %zu stored (%zu exact duplicates, %zu near "
            "duplicates), %zu already in the archive, %zu with no text left, %zu rejected",
            st.read, t.stored, t.exact, t.near, t.known, t.empty, st.rejected);
    for (size_t k = 0; k < sizeof st.rejected_by / sizeof st.rejected_by[0]; k++)
        if (st.rejected_by[k]) fprintf(stderr, ", %zu %s", st.rejected_by[k], cli_reject_name(k));
    fprintf(stderr, "; %.1f s\n", cli_now() - t0);
    if (rc) return rc;
    return strict && st.rejected ? CLI_ERROR : CLI_OK;
}
