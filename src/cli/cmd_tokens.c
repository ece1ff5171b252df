/* cmd_tokens.c — `marsad tokens`: print the analyzer's tokens as TSV. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_tokens = {
    "tokens",
    "print tokens with normalized form, stem and offsets",
    "usage: marsad tokens [options] [TEXT...|-]\n"
    "\n"
    "Prints one token a line as TSV:\n"
    "  surface  normalized  stem  start  end\n"
    "start and end are code-point offsets into the input, end exclusive.\n"
    "TEXT is the operands joined by spaces, or standard input when there are none or the\n"
    "operand is '-'.\n"
    "\n"
    "  -s, --stemmer NAME     light (light10, the default), snowball, none\n"
    "  -r, --rules SPEC       normalization rules, as for `marsad normalize` (default: index)\n"
    "      --stopwords MODE   mark: add a column 'stop' or '-'; drop: leave them out\n"
    "  -l, --long             add columns: kind, byte start, byte end\n"
    "      --repair           replace invalid UTF-8 with U+FFFD instead of failing\n"
    "  -h, --help             show this help\n"
    "\n"
    "example: marsad tokens 'وقال الكولونيل ،رايان إن ٢٥٬٠٠٠ مقاتل'\n",
    run,
};

static const char *const kind_names[] = {"?",     "word",    "number", "url",
                                         "email", "hashtag", "mention"};

struct out_opts {
    int long_form;
    int mark_stop;
};

static int print_token(void *ctx, const marsad_token *t)
{
    const struct out_opts *o = ctx;
    printf("%.*s\t%.*s\t%.*s\t%zu\t%zu", (int)t->surface_len, t->surface, (int)t->norm_len, t->norm,
           (int)t->stem_len, t->stem, t->cp_start, t->cp_end);
    if (o->mark_stop) printf("\t%s", (t->flags & MARSAD_TOKEN_STOPWORD) ? "stop" : "-");
    if (o->long_form) printf("\t%s\t%zu\t%zu", kind_names[t->kind], t->byte_start, t->byte_end);
    putchar('\n');
    return 0;
}

static int run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"stemmer", required_argument, NULL, 's'},
        {"rules", required_argument, NULL, 'r'},
        {"stopwords", required_argument, NULL, 'S'},
        {"long", no_argument, NULL, 'l'},
        {"repair", no_argument, NULL, 'R'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    marsad_analyzer_config cfg;
    marsad_analyzer *a = NULL;
    struct out_opts o = {0, 0};
    int repair = 0, c, rc;
    char *text = NULL;
    size_t len;

    marsad_analyzer_config_init(&cfg);
    if (cli_wants_help(&cli_cmd_tokens, argc, argv)) return CLI_OK;
    while ((c = getopt_long(argc, argv, "+s:r:lh", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            cfg.stemmer = marsad_stemmer_from_name(optarg);
            if (cfg.stemmer < 0) {
                cli_error("tokens", "unknown stemmer '%s' (snowball, light, none)", optarg);
                return CLI_USAGE;
            }
            break;
        case 'r':
            if (marsad_norm_rules_parse(optarg, &cfg.norm_rules)) {
                cli_error("tokens", "unknown rule in '%s'", optarg);
                return CLI_USAGE;
            }
            break;
        case 'S':
            if (!strcmp(optarg, "mark"))
                o.mark_stop = cfg.mark_stopwords = 1;
            else if (!strcmp(optarg, "drop"))
                cfg.drop_stopwords = 1;
            else {
                cli_error("tokens", "--stopwords takes 'mark' or 'drop', not '%s'", optarg);
                return CLI_USAGE;
            }
            break;
        case 'l': o.long_form = 1; break;
        case 'R': repair = 1; break;
        default: return cli_usage_error(&cli_cmd_tokens);
        }
    }
    rc = marsad_analyzer_new(&cfg, &a);
    if (rc) {
        cli_error("tokens", "cannot create the analyzer: %s", marsad_strerror(rc));
        return CLI_ERROR;
    }
    rc = cli_read_text("tokens", argc - optind, argv + optind, repair, &text, &len);
    if (rc) {
        marsad_analyzer_free(a);
        return rc;
    }
    rc = marsad_analyze(a, text, len, print_token, &o);
    if (rc) cli_error("tokens", "%s", marsad_strerror(rc));
    free(text);
    marsad_analyzer_free(a);
    if (fflush(stdout) != 0) return CLI_ERROR;
    return rc ? CLI_ERROR : CLI_OK;
}
