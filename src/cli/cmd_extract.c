/* cmd_extract.c — `marsad extract`: the extractors on raw text taken whole as the body. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean/json.h"
#include "cli/cli.h"
#include "extract/facts.h"
#include "extract/lexicon.h"
#include "marsad.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_extract = {
    "extract",
    "run the fact extractors on text and print them as JSON",
    "usage: marsad extract [--date YYYY-MM-DD[THH:MM]] [--gazetteer FILE]... [--repair]\n"
    "                      [TEXT...|-]\n"
    "\n"
    "Takes TEXT (the operands joined by spaces, or standard input) whole as an article\n"
    "body — no cleaning, no headline — and prints one JSON object:\n"
    "  {\"body\": …, \"entities\": […], \"quotes\": […], \"numbers\": […], \"dates\": […]}\n"
    "with the fields of the article JSON (API.md); offsets are code points of body.\n"
    "\n"
    "  --date YYYY-MM-DD  the reference day relative dates resolve against (أمس، الأسبوع\n"
    "                     الماضي، الثلاثاء …); a time after it (T10:30) is accepted and\n"
    "                     not used; without it relative dates are left out\n"
    "  --gazetteer FILE   more names: name<TAB>TYPE[<TAB>canonical] lines (repeatable)\n"
    "  --repair           replace invalid UTF-8 with U+FFFD instead of failing\n"
    "  -h, --help         show this help\n"
    "\n"
    "example: marsad extract --date 2016-12-07 'قُتل أكثر من 40 مقاتلا أمس'\n",
    run,
};

/* YYYY-MM-DD, optionally followed by THH:MM or THH:MM:SS. */
static int valid_day(const char *s)
{
    int y, m, d, hh, mm, ss, end = 0;
    size_t n = strlen(s);
    if (n < 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &end) != 3 || end != 10) return 0;
    if (m < 1 || m > 12 || d < 1 || d > 31) return 0;
    if (n == 10) return 1;
    if (n == 16 && sscanf(s + 10, "T%2d:%2d%n", &hh, &mm, &end) == 2 && end == 6)
        return hh < 24 && mm < 60;
    if (n == 19 && sscanf(s + 10, "T%2d:%2d:%2d%n", &hh, &mm, &ss, &end) == 3 && end == 9)
        return hh < 24 && mm < 60 && ss < 61;
    return 0;
}

static int run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"date", required_argument, NULL, 'd'},
        {"repair", no_argument, NULL, 'R'},
        {"gazetteer", required_argument, NULL, 'g'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *ref = NULL;
    int repair = 0, c, rc;
    char *text = NULL, *json, **gaz;
    size_t len, n_gaz = 0;
    msd_facts facts;
    msd_lexicon *lx = NULL;
    if (cli_wants_help(&cli_cmd_extract, argc, argv)) return CLI_OK;
    gaz = calloc((size_t)argc, sizeof *gaz);
    if (!gaz) {
        cli_error("extract", "%s", marsad_strerror(MARSAD_ENOMEM));
        return CLI_ERROR;
    }
    while ((c = getopt_long(argc, argv, "+d:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (!valid_day(optarg)) {
                cli_error("extract", "--date takes YYYY-MM-DD[THH:MM], not '%s'", optarg);
                free(gaz);
                return CLI_USAGE;
            }
            ref = optarg;
            break;
        case 'R': repair = 1; break;
        case 'g': gaz[n_gaz++] = optarg; break;
        default: free(gaz); return cli_usage_error(&cli_cmd_extract);
        }
    }
    rc = cli_lexicon("extract", gaz, n_gaz, &lx);
    free(gaz);
    if (rc) return rc;
    rc = cli_read_text("extract", argc - optind, argv + optind, repair, &text, &len);
    if (rc) {
        msd_lexicon_free(lx);
        return rc;
    }
    /* readers refuse NUL bytes; so does the body an extractor is given */
    if (memchr(text, 0, len)) {
        cli_error("extract", "binary data (NUL bytes) in the input");
        free(text);
        msd_lexicon_free(lx);
        return CLI_ERROR;
    }
    rc = msd_extract_facts(lx, text, len, ref, &facts);
    msd_lexicon_free(lx);
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
