/* cmd_analyze.c — `marsad analyze`: one article JSON (API.md) per document. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean/json.h"
#include "extract/facts.h"
#include "extract/lexicon.h"
#include "cli/cli.h"
#include "marsad.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_analyze = {
    "analyze",
    "clean crawled news and print one article JSON a line",
    "usage: marsad analyze [--jsonl] [--repair] [--strict] [--gazetteer FILE]... [FILE|DIR|-]...\n"
    "\n"
    "Reads plain-text articles, HTML pages, WARC files (plain or gzip) and JSONL exports —\n"
    "the format of each file is detected from its content — and prints one JSON object a\n"
    "line per article: schema, id, source, url, title, date, language, body, removed[]\n"
    "(every dropped line with its reason), and the fact arrays entities, quotes, numbers,\n"
    "dates (see API.md). All inputs together feed the per-source statistics that find\n"
    "lines a site repeats on every page. Directories are walked recursively (.txt .html\n"
    ".htm .jsonl .json .warc .warc.gz …); with no FILE, or '-', standard input is read.\n"
    "\n"
    "A document that cannot be read (invalid JSON line, invalid UTF-8, binary or empty\n"
    "file, broken WARC record) is named on stderr and skipped; the run goes on.\n"
    "\n"
    "  --jsonl           read every input as JSONL (the format is otherwise detected)\n"
    "  --repair          replace invalid UTF-8 with U+FFFD instead of rejecting the document\n"
    "  --strict          exit 1 when any document was rejected\n"
    "  --gazetteer FILE  more names for the entity extractor, one a line:\n"
    "                    name<TAB>TYPE[<TAB>canonical], TYPE one of PERS ORG GPE LOC MISC\n"
    "                    (repeatable; a later entry for a known name replaces it)\n"
    "  -h, --help        show this help\n",
    run,
};

static int print_article(void *ctx, const msd_doc *doc, const msd_article *a)
{
    const msd_lexicon *lx = ctx;
    msd_facts facts;
    char datebuf[11], *json;
    /* relative dates resolve against the publication day, when the input gives it */
    const char *ref = msd_api_date(doc->date, datebuf);
    if (ref && strlen(ref) != 10) ref = NULL;
    if (msd_extract_facts(lx, a->body, a->body_len, ref, &facts)) return 1;
    json = msd_article_json(doc, a, &facts, 1);
    msd_facts_clear(&facts);
    if (!json) return 1;
    puts(json);
    free(json);
    return 0;
}

static int run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"repair", no_argument, NULL, 'R'}, {"jsonl", no_argument, NULL, 'J'},
        {"strict", no_argument, NULL, 'S'}, {"gazetteer", required_argument, NULL, 'g'},
        {"help", no_argument, NULL, 'h'},   {NULL, 0, NULL, 0},
    };
    struct cli_run_stats st;
    int repair = 0, jsonl = 0, strict = 0, c, rc;
    char **gaz = calloc((size_t)argc, sizeof *gaz);
    size_t n_gaz = 0;
    msd_lexicon *lx = NULL;
    if (cli_wants_help(&cli_cmd_analyze, argc, argv)) {
        free(gaz);
        return CLI_OK;
    }
    if (!gaz) {
        cli_error("analyze", "%s", marsad_strerror(MARSAD_ENOMEM));
        return CLI_ERROR;
    }
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        switch (c) {
        case 'R': repair = 1; break;
        case 'J': jsonl = 1; break;
        case 'S': strict = 1; break;
        case 'g': gaz[n_gaz++] = optarg; break;
        default: free(gaz); return cli_usage_error(&cli_cmd_analyze);
        }
    }
    rc = cli_lexicon("analyze", gaz, n_gaz, &lx);
    free(gaz);
    if (rc) return rc;
    rc = cli_each_article("analyze", argv + optind, (size_t)(argc - optind), repair, jsonl,
                          print_article, lx, &st);
    msd_lexicon_free(lx);
    if (fflush(stdout) != 0) return CLI_ERROR;
    if (rc) return rc;
    return strict && st.rejected ? CLI_ERROR : CLI_OK;
}
