/* cmd_analyze.c — `marsad analyze`: one article JSON (docs/api.md) per document. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_analyze = {
    "analyze",
    "clean crawled news and print one article JSON a line",
    "usage: marsad analyze [--jsonl] [--repair] [--strict] [--gazetteer FILE]... [--jobs N]\n"
    "                      [--verbose|--quiet] [FILE|DIR|-]...\n"
    "\n"
    "Reads plain-text articles, HTML pages, WARC files and JSONL exports, plain or gzip or\n"
    "zstd compressed — the format of each file is detected from its content — and prints\n"
    "one JSON object a line per article: schema, id, source, url, title, author, date,\n"
    "language, body, removed[] (every dropped line with its reason), and the fact arrays\n"
    "entities, quotes, numbers, dates (see docs/api.md). All inputs together feed the\n"
    "per-source statistics that find lines a site repeats on every page. Directories are\n"
    "walked recursively (.txt .html .htm .jsonl .json .warc, also .gz and .zst …); with no\n"
    "FILE, or '-', standard input is read.\n"
    "\n"
    "A document that cannot be read (invalid JSON line, invalid UTF-8, binary or empty\n"
    "file, broken WARC record or compressed stream) is skipped and counted; the run goes\n"
    "on. Exit 1 when a path cannot be read or no document could be.\n"
    "\n"
    "  --jsonl           read every input as JSONL (the format is otherwise detected)\n"
    "  --repair          replace invalid UTF-8 with U+FFFD instead of rejecting the document\n"
    "  --strict          exit 1 when any document was rejected\n"
    "  --gazetteer FILE  more names for the entity extractor, one a line:\n"
    "                    name<TAB>TYPE[<TAB>canonical], TYPE one of PERS ORG GPE LOC MISC\n"
    "                    (repeatable; a later entry for a known name replaces it)\n"
    "  --jobs N          worker threads (default 0: one per core); the output is the same\n"
    "  --verbose         name each rejected document on stderr\n"
    "  --quiet           print no summary, only errors\n"
    "  -h, --help        show this help\n",
    run,
};

static int print_article(void *ctx, const marsad_article *a)
{
    char *json;
    (void)ctx;
    if (marsad_article_json(a, MARSAD_JSON_ARTICLE, &json, NULL)) return 1;
    return cli_print_json(json);
}

static int run(int argc, char **argv)
{
    struct cli_run r;
    marsad_input in = {argv, 0, NULL, 0, NULL};
    marsad_report rep;
    int rc;
    if (cli_wants_help(&cli_cmd_analyze, argc, argv)) return CLI_OK;
    if ((rc = cli_run_parse(&r, &cli_cmd_analyze, argc, argv, 1, NULL, 0, NULL, NULL))) {
        cli_run_end(&r);
        return rc;
    }
    in.paths = argv + optind;
    in.n_paths = (size_t)(argc - optind);
    rc = marsad_process(&in, &r.o, print_article, NULL, &rep);
    if (fflush(stdout)) rc = MARSAD_EIO;
    if (!rc && !r.quiet && rep.rejected) {
        fprintf(stderr, "marsad analyze: %llu documents read, %llu rejected",
                (unsigned long long)rep.read, (unsigned long long)rep.rejected);
        cli_run_rejections(&rep, stderr);
        fprintf(stderr, "%s\n", r.verbose ? "" : " (--verbose names them)");
    }
    rc = cli_run_status(&r, rc, &rep);
    cli_run_end(&r);
    return rc;
}
