/* cmd_clean.c — `marsad clean`: the corpus filter; cleaned JSONL out, a summary on stderr. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean/json.h"
#include "cli/cli.h"
#include "marsad.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_clean = {
    "clean",
    "filter a crawl: cleaned articles as JSONL, a summary on stderr",
    "usage: marsad clean [--jsonl] [--repair] [--strict] [--quiet] [FILE|DIR|-]...\n"
    "\n"
    "The corpus filter for data engineers: JSONL, WARC (plain or gzip), HTML or text in,\n"
    "one cleaned article a line out: {id, source, url, date, title, body}. A summary goes\n"
    "to stderr: documents read, cleaned, rejected and why, lines dropped by reason, bytes\n"
    "in and out (and a progress line when stderr is a terminal).\n"
    "\n"
    "  --jsonl    read every input as JSONL (the format is otherwise detected)\n"
    "  --repair   replace invalid UTF-8 with U+FFFD instead of rejecting the document\n"
    "  --strict   exit 1 when any document was rejected\n"
    "  --quiet    no summary\n"
    "  -h, --help show this help\n",
    run,
};

static const char *const reasons[] = {"repeated-title", "caption",       "widget",
                                      "breadcrumb",     "related",       "appeal",
                                      "footer",         "site-repeated", "other"};
#define NREASONS (sizeof reasons / sizeof reasons[0])

struct tally {
    size_t by_reason[NREASONS + 1]; /* the last: any other reason */
    size_t empty;                   /* articles with no body left */
};

static int write_article(void *ctx, const msd_doc *doc, const msd_article *a)
{
    struct tally *t = ctx;
    char *json;
    for (size_t i = 0; i < a->n_removed; i++) {
        size_t k = 0;
        while (k < NREASONS && strcmp(reasons[k], a->removed[i].reason)) k++;
        t->by_reason[k]++;
    }
    if (!a->body_len) { /* nothing of the article survived: not a record */
        t->empty++;
        return 0;
    }
    json = msd_article_json(doc, a, NULL, 0);
    if (!json) return 1;
    puts(json);
    free(json);
    return 0;
}

static void summary(const struct cli_run_stats *st, const struct tally *t)
{
    fprintf(stderr,
            "marsad clean: %zu documents read, %zu cleaned, %zu with no text left, "
            "%zu rejected",
            st->read, st->read - t->empty, t->empty, st->rejected);
    for (size_t k = 0; k < sizeof st->rejected_by / sizeof st->rejected_by[0]; k++)
        if (st->rejected_by[k]) fprintf(stderr, ", %zu %s", st->rejected_by[k], cli_reject_name(k));
    fprintf(stderr, "; %zu non-page records skipped\n", st->skipped);
    fprintf(stderr, "marsad clean: %zu lines dropped:", st->removed_lines);
    for (size_t k = 0; k <= NREASONS; k++)
        if (t->by_reason[k])
            fprintf(stderr, " %s %zu", k < NREASONS ? reasons[k] : "(reader)", t->by_reason[k]);
    fprintf(stderr, "\nmarsad clean: %zu bytes of text in, %zu bytes of body out\n", st->bytes_in,
            st->bytes_out);
}

static int run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"repair", no_argument, NULL, 'R'}, {"jsonl", no_argument, NULL, 'J'},
        {"strict", no_argument, NULL, 'S'}, {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},   {NULL, 0, NULL, 0},
    };
    struct cli_run_stats st;
    struct tally t = {{0}, 0};
    int repair = 0, jsonl = 0, strict = 0, quiet = 0, c, rc;
    if (cli_wants_help(&cli_cmd_clean, argc, argv)) return CLI_OK;
    while ((c = getopt_long(argc, argv, "+qh", opts, NULL)) != -1) {
        switch (c) {
        case 'R': repair = 1; break;
        case 'J': jsonl = 1; break;
        case 'S': strict = 1; break;
        case 'q': quiet = 1; break;
        default: return cli_usage_error(&cli_cmd_clean);
        }
    }
    rc = cli_each_article("clean", argv + optind, (size_t)(argc - optind), repair, jsonl,
                          write_article, &t, &st);
    if (fflush(stdout) != 0) return CLI_ERROR;
    if (!quiet && !rc) summary(&st, &t);
    if (rc) return rc;
    return strict && st.rejected ? CLI_ERROR : CLI_OK;
}
