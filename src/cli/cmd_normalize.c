/* cmd_normalize.c — `marsad normalize`: print text in normalized form. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_normalize = {
    "normalize",
    "print text with Arabic normalization applied",
    "usage: marsad normalize [--rules SPEC] [--repair] [TEXT...|-]\n"
    "\n"
    "Prints TEXT (the operands joined by spaces, or standard input when there are none or\n"
    "the operand is '-') normalized. Line breaks and spacing are kept.\n"
    "\n"
    "  -r, --rules SPEC  comma-separated rules; '-name' removes one (default: index)\n"
    "                    nfkc diacritics tatweel alef yeh teh-marbuta persian controls\n"
    "                    digits punct casefold hamza; sets: index (all but punct), all, none\n"
    "      --repair      replace invalid UTF-8 with U+FFFD instead of failing\n"
    "  -h, --help        show this help\n"
    "\n"
    "example: marsad normalize --rules all,-teh-marbuta 'إلى المدرسة ٢٠١٥'\n",
    run,
};

static int run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"rules", required_argument, NULL, 'r'},
        {"repair", no_argument, NULL, 'R'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    unsigned rules = MARSAD_NORM_INDEX;
    int repair = 0, c, rc;
    char *text = NULL, *out = NULL;
    size_t len, need;

    if (cli_wants_help(&cli_cmd_normalize, argc, argv)) return CLI_OK;
    while ((c = getopt_long(argc, argv, "+r:h", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            if (marsad_norm_rules_parse(optarg, &rules)) {
                cli_error("normalize", "unknown rule in '%s'", optarg);
                return CLI_USAGE;
            }
            break;
        case 'R': repair = 1; break;
        default: return cli_usage_error(&cli_cmd_normalize);
        }
    }
    rc = cli_read_text("normalize", argc - optind, argv + optind, repair, &text, &len);
    if (rc) return rc;
    /* Most text keeps its size; NFKC ligatures may grow it, and then we ask again. */
    need = len + len / 4 + 16;
    out = malloc(need);
    rc = out ? marsad_normalize(text, len, rules, out, need, &need) : MARSAD_ENOMEM;
    if (rc == MARSAD_ERANGE) {
        free(out);
        out = malloc(need);
        rc = out ? marsad_normalize(text, len, rules, out, need, &need) : MARSAD_ENOMEM;
    }
    if (rc == MARSAD_OK) {
        fwrite(out, 1, need, stdout);
        /* Operands carry no final newline; give the terminal one. */
        if (!(need && out[need - 1] == '\n')) fputc('\n', stdout);
    } else {
        cli_error("normalize", "%s", marsad_strerror(rc));
    }
    free(text);
    free(out);
    if (fflush(stdout) != 0) return CLI_ERROR;
    return rc == MARSAD_OK ? CLI_OK : CLI_ERROR;
}
