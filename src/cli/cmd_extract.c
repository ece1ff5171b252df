/* cmd_extract.c — `marsad extract`: the extractors on raw text taken whole as the body. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean/json.h"
#include "cli/cli.h"
#include "extract/facts.h"
#include "marsad.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_extract = {
    "extract",
    "run the fact extractors on text and print them as JSON",
    "usage: marsad extract [--date YYYY-MM-DD] [--repair] [TEXT...|-]\n"
    "\n"
    "Takes TEXT (the operands joined by spaces, or standard input) whole as an article\n"
    "body — no cleaning, no headline — and prints one JSON object:\n"
    "  {\"body\": …, \"entities\": […], \"quotes\": […], \"numbers\": […], \"dates\": […]}\n"
    "with the fields of the article JSON (API.md); offsets are code points of body.\n"
    "Numbers and dates are extracted today; entities and quotes come with their\n"
    "extractors.\n"
    "\n"
    "  --date YYYY-MM-DD  the reference day relative dates resolve against (أمس، الأسبوع\n"
    "                     الماضي، الثلاثاء …); without it they are left out\n"
    "  --repair           replace invalid UTF-8 with U+FFFD instead of failing\n"
    "  -h, --help         show this help\n"
    "\n"
    "example: marsad extract --date 2016-12-07 'قُتل أكثر من 40 مقاتلا أمس'\n",
    run,
};

static int valid_day(const char *s)
{
    int y, m, d;
    char tail;
    return strlen(s) >= 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) >= 3 && m >= 1 &&
           m <= 12 && d >= 1 && d <= 31;
}

static int run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"date", required_argument, NULL, 'd'},
        {"repair", no_argument, NULL, 'R'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *ref = NULL;
    int repair = 0, c, rc;
    char *text = NULL, *json;
    size_t len;
    msd_facts facts;
    if (cli_wants_help(&cli_cmd_extract, argc, argv)) return CLI_OK;
    while ((c = getopt_long(argc, argv, "+d:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (!valid_day(optarg)) {
                cli_error("extract", "--date takes YYYY-MM-DD[THH:MM], not '%s'", optarg);
                return CLI_USAGE;
            }
            ref = optarg;
            break;
        case 'R': repair = 1; break;
        default: return cli_usage_error(&cli_cmd_extract);
        }
    }
    rc = cli_read_text("extract", argc - optind, argv + optind, repair, &text, &len);
    if (rc) return rc;
    /* readers refuse NUL bytes; so does the body an extractor is given */
    if (memchr(text, 0, len)) {
        cli_error("extract", "binary data (NUL bytes) in the input");
        free(text);
        return CLI_ERROR;
    }
    rc = msd_extract_facts(text, len, ref, &facts);
    json = rc ? NULL : msd_facts_json(text, len, &facts);
    if (!rc) msd_facts_clear(&facts);
    free(text);
    if (!json) {
        cli_error("extract", "%s", marsad_strerror(MARSAD_ENOMEM));
        return CLI_ERROR;
    }
    puts(json);
    free(json);
    return fflush(stdout) ? CLI_ERROR : CLI_OK;
}
