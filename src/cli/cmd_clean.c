/* cmd_clean.c — `marsad clean`: the corpus filter, one clean record a line. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_clean = {
    "clean",
    "clean crawled news into one record a line (a corpus filter)",
    "usage: marsad clean [--jsonl] [--repair] [--strict] [--jobs N] [--verbose|--quiet]\n"
    "                    [FILE|DIR|-]...\n"
    "\n"
    "Reads the inputs as `marsad analyze` does and prints one JSON record a line for each\n"
    "article with text left: id, source, url, title, author, date, body. A summary goes to\n"
    "stderr: documents read, cleaned and rejected (by kind), lines dropped by reason,\n"
    "bytes in and out. Exit 1 when a path cannot be read or no document could be.\n"
    "\n"
    "  --jsonl      read every input as JSONL\n"
    "  --repair     replace invalid UTF-8 with U+FFFD instead of rejecting the document\n"
    "  --strict     exit 1 when any document was rejected\n"
    "  --jobs N     worker threads (default 0: one per core); the output is the same\n"
    "  --verbose    name each rejected document on stderr\n"
    "  -q, --quiet  no summary, only errors\n"
    "  -h, --help   show this help\n",
    run,
};

static const char *const reasons[] = {"repeated-title", "caption",       "widget",
                                      "breadcrumb",     "related",       "appeal",
                                      "footer",         "site-repeated", "other"};
#define NREASONS (sizeof reasons / sizeof reasons[0])

struct tally {
    size_t by_reason[NREASONS + 1]; /* the last: any other reason */
};

static int write_article(void *ctx, const marsad_article *a)
{
    struct tally *t = ctx;
    size_t body_len;
    char *json;
    for (size_t i = 0; i < marsad_article_count(a, MARSAD_REMOVED); i++) {
        marsad_removed rm;
        size_t k = 0;
        marsad_article_removed_at(a, i, &rm);
        while (k < NREASONS && strcmp(reasons[k], rm.reason)) k++;
        t->by_reason[k]++;
    }
    marsad_article_body(a, &body_len);
    if (!body_len) return 0; /* nothing of the article survived: not a record */
    if (marsad_article_json(a, MARSAD_JSON_RECORD, &json, NULL)) return 1;
    return cli_print_json(json);
}

static void summary(const marsad_report *rep, const struct tally *t)
{
    fprintf(stderr,
            "marsad clean: %llu documents read, %llu cleaned, %llu with no text left, "
            "%llu rejected",
            (unsigned long long)rep->read, (unsigned long long)(rep->read - rep->empty),
            (unsigned long long)rep->empty, (unsigned long long)rep->rejected);
    cli_run_rejections(rep, stderr);
    fprintf(stderr, "; %llu non-page records skipped\n", (unsigned long long)rep->skipped);
    fprintf(stderr, "marsad clean: %llu lines dropped:", (unsigned long long)rep->removed_lines);
    for (size_t k = 0; k <= NREASONS; k++)
        if (t->by_reason[k])
            fprintf(stderr, " %s %zu", k < NREASONS ? reasons[k] : "(reader)", t->by_reason[k]);
    fprintf(stderr, "\nmarsad clean: %llu bytes of text in, %llu bytes of body out\n",
            (unsigned long long)rep->bytes_in, (unsigned long long)rep->bytes_out);
}

static int run(int argc, char **argv)
{
    struct cli_run r;
    struct tally t;
    marsad_input in = {argv, 0, NULL, 0, NULL};
    marsad_report rep;
    int rc;
    if (cli_wants_help(&cli_cmd_clean, argc, argv)) return CLI_OK;
    if ((rc = cli_run_parse(&r, &cli_cmd_clean, argc, argv, 0, NULL, 0, NULL, NULL))) {
        cli_run_end(&r);
        return rc;
    }
    memset(&t, 0, sizeof t);
    in.paths = argv + optind;
    in.n_paths = (size_t)(argc - optind);
    rc = marsad_process(&in, &r.o, write_article, &t, &rep);
    if (fflush(stdout)) rc = MARSAD_EIO;
    if (!rc && !r.quiet) summary(&rep, &t);
    rc = cli_run_status(&r, rc, &rep);
    cli_run_end(&r);
    return rc;
}
