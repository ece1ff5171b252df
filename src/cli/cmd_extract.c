/* cmd_extract.c — `marsad extract`: the extractors on raw text taken whole as the body. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_extract = {
    "extract",
    "run the fact extractors on text and print them as JSON",
    "usage: marsad extract [--date YYYY-MM-DD[THH:MM]] [--gazetteer FILE]... [--repair]\n"
    "                      [TEXT...|-]\n"
    "\n"
    "Takes TEXT (the operands joined by spaces, or standard input) whole as an article\n"
    "body — no cleaning, no headline — and prints one JSON object:\n"
    "  {\"body\": …, \"date\": …, \"date_source\": …, \"entities\": […], \"quotes\": […],\n"
    "   \"numbers\": […], \"dates\": […]}\n"
    "with the fields of the article JSON (docs/api.md); offsets are code points of body.\n"
    "date is the reference day (--date, else one the text gives, else null);\n"
    "\"facts_truncated\": true is added when a kind had more than 10,000 items.\n"
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
    int repair = 0, c, rc = CLI_OK;
    char *text = NULL, *json, msg[512];
    size_t len;
    marsad_lexicon *lx = NULL;
    marsad_article *art = NULL;
    if (cli_wants_help(&cli_cmd_extract, argc, argv)) return CLI_OK;
    if (marsad_lexicon_new(&lx)) {
        cli_error("extract", "%s", marsad_strerror(MARSAD_ENOMEM));
        return CLI_ERROR;
    }
    while (!rc && (c = getopt_long(argc, argv, "+d:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (!valid_day(optarg)) {
                cli_error("extract", "--date takes YYYY-MM-DD[THH:MM], not '%s'", optarg);
                rc = CLI_USAGE;
            }
            ref = optarg;
            break;
        case 'R': repair = 1; break;
        case 'g':
            if (marsad_lexicon_add_file(lx, optarg, msg, sizeof msg)) {
                cli_error("extract", "%s", msg);
                rc = CLI_ERROR;
            }
            break;
        default: rc = cli_usage_error(&cli_cmd_extract);
        }
    }
    if (!rc) rc = cli_read_text("extract", argc - optind, argv + optind, repair, &text, &len);
    /* readers refuse NUL bytes; so does the body an extractor is given */
    if (!rc && memchr(text, 0, len)) {
        cli_error("extract", "binary data (NUL bytes) in the input");
        rc = CLI_ERROR;
    }
    if (!rc && (c = marsad_extract(lx, text, len, ref, &art))) {
        cli_error("extract", "%s", marsad_strerror(c));
        rc = CLI_ERROR;
    }
    if (!rc) {
        rc = marsad_article_json(art, MARSAD_JSON_FACTS, &json, NULL) ? CLI_ERROR
                                                                      : cli_print_json(json);
        if (fflush(stdout)) rc = CLI_ERROR;
    }
    marsad_article_free(art);
    marsad_lexicon_free(lx);
    free(text);
    return rc;
}
