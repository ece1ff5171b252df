/* cmd_show.c — `marsad show ID`: one article as the archive keeps it, its facts marked in
 * its clean body, its duplicates and its story. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_show = {
    "show",
    "show one article: its clean body with its facts marked, duplicates and story",
    "usage: marsad show [--db PATH] [--json] [--removed] [--color auto|always|never] ID\n"
    "\n"
    "Shows the article with that id: its fields, its story and its duplicates, then its\n"
    "clean body with the facts marked: on a terminal in colour (persons blue,\n"
    "organizations green, places cyan, quotations yellow, numbers magenta, dates red),\n"
    "else each marked span as [kind:text]; then the facts listed with their offsets\n"
    "(code points of the body), canonical names, values and hedges.\n"
    "\n"
    "  --db PATH     the archive (default: $MARSAD_DB, else ./marsad.db)\n"
    "  --json        the article's JSON (docs/api.md) with \"story\"\n"
    "  --removed     also the lines cleaning removed, with their reasons\n"
    "  --color WHEN  auto (a terminal), always or never\n"
    "  -h, --help    show this help\n",
    run,
};

enum { K_NONE, K_QUOTE, K_PERS, K_ORG, K_LOC, K_NUM, K_DATE, K_N };

static const char *const colour[K_N] = {"",         "\x1b[33m", "\x1b[34m", "\x1b[32m",
                                        "\x1b[36m", "\x1b[35m", "\x1b[31m"};
static const char *const tag[K_N] = {"", "quote", "PERS", "ORG", "LOC", "number", "date"};

/* Marks kind over code points [s, e) of the body; a later, narrower kind wins (numbers
 * and dates over entities over quotations). */
static void mark(unsigned char *k, size_t n, size_t s, size_t e, int kind)
{
    for (size_t i = s; i < e && i < n; i++)
        if (kind > k[i]) k[i] = (unsigned char)kind;
}

static int entity_kind(const char *type)
{
    return !strcmp(type, "PERS") ? K_PERS : !strcmp(type, "ORG") ? K_ORG : K_LOC;
}

/* The body with each code point's kind shown, in colour or as [kind:text]. */
static void print_body(const char *body, size_t len, const unsigned char *k, size_t ncp, int tty)
{
    int open = K_NONE;
    size_t cp = 0;
    for (size_t b = 0; b < len;) {
        size_t n = 1;
        int kind = cp < ncp ? k[cp] : K_NONE;
        unsigned char c = (unsigned char)body[b];
        if (c >= 0xf0)
            n = 4;
        else if (c >= 0xe0)
            n = 3;
        else if (c >= 0xc0)
            n = 2;
        if (kind != open || body[b] == '\n') {
            if (open) fputs(tty ? "\x1b[0m" : "]", stdout);
            open = body[b] == '\n' ? K_NONE : kind;
            if (open && tty) fputs(colour[open], stdout);
            if (open && !tty) printf("[%s:", tag[open]);
        }
        fwrite(body + b, 1, n > len - b ? len - b : n, stdout);
        b += n;
        cp++;
    }
    if (open) fputs(tty ? "\x1b[0m" : "]", stdout);
    putchar('\n');
}

static size_t codepoints(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xc0) != 0x80;
    return n;
}

static void print_article(const marsad_article *art, int64_t story, const marsad_story *st,
                          int removed, int tty)
{
    size_t len, ncp;
    const char *body = marsad_article_body(art, &len);
    unsigned char *k;
    printf("%s  %s  %s\n", marsad_article_field(art, MARSAD_FIELD_ID),
           marsad_article_field(art, MARSAD_FIELD_SOURCE)
               ? marsad_article_field(art, MARSAD_FIELD_SOURCE)
               : "-",
           marsad_article_field(art, MARSAD_FIELD_DATE)
               ? marsad_article_field(art, MARSAD_FIELD_DATE)
               : "-");
    if (marsad_article_field(art, MARSAD_FIELD_URL))
        printf("%s\n", marsad_article_field(art, MARSAD_FIELD_URL));
    printf("%s\n", marsad_article_field(art, MARSAD_FIELD_TITLE));
    if (story)
        printf("story %lld: %s (%llu articles)\n", (long long)story, st ? st->title : "",
               st ? (unsigned long long)st->articles : 0ULL);
    for (size_t i = 0; i < marsad_article_count(art, MARSAD_DUPLICATES); i++) {
        marsad_duplicate d;
        marsad_article_duplicate_at(art, i, &d);
        printf("duplicate: %s  %s  %s  %s\n", d.id, d.kind ? d.kind : "first",
               d.source ? d.source : "-", d.date ? d.date : "-");
    }
    putchar('\n');
    ncp = codepoints(body, len);
    if (!(k = calloc(ncp + 1, 1))) return;
    for (size_t i = 0; i < marsad_article_count(art, MARSAD_QUOTES); i++) {
        marsad_quote q;
        marsad_article_quote_at(art, i, &q);
        mark(k, ncp, q.start, q.end, K_QUOTE);
    }
    for (size_t i = 0; i < marsad_article_count(art, MARSAD_ENTITIES); i++) {
        marsad_entity e;
        marsad_article_entity_at(art, i, &e);
        mark(k, ncp, e.start, e.end, entity_kind(e.type));
    }
    for (size_t i = 0; i < marsad_article_count(art, MARSAD_NUMBERS); i++) {
        marsad_number x;
        marsad_article_number_at(art, i, &x);
        mark(k, ncp, x.start, x.end, K_NUM);
    }
    for (size_t i = 0; i < marsad_article_count(art, MARSAD_DATES); i++) {
        marsad_date x;
        marsad_article_date_at(art, i, &x);
        mark(k, ncp, x.start, x.end, K_DATE);
    }
    print_body(body, len, k, ncp, tty);
    free(k);
    puts("\nfacts:");
    for (size_t i = 0; i < marsad_article_count(art, MARSAD_ENTITIES); i++) {
        marsad_entity e;
        marsad_article_entity_at(art, i, &e);
        printf("  %-6s %zu-%zu  %s → %s\n", e.type, e.start, e.end, e.text,
               e.canonical ? e.canonical : "");
    }
    for (size_t i = 0; i < marsad_article_count(art, MARSAD_NUMBERS); i++) {
        marsad_number x;
        marsad_article_number_at(art, i, &x);
        printf("  number %zu-%zu  %s = %g (%s)\n", x.start, x.end, x.text, x.value, x.qualifier);
    }
    for (size_t i = 0; i < marsad_article_count(art, MARSAD_DATES); i++) {
        marsad_date x;
        marsad_article_date_at(art, i, &x);
        printf("  date   %zu-%zu  %s = %s\n", x.start, x.end, x.text, x.value);
    }
    for (size_t i = 0; i < marsad_article_count(art, MARSAD_QUOTES); i++) {
        marsad_quote q;
        marsad_article_quote_at(art, i, &q);
        printf("  quote  %zu-%zu  %s: %s\n", q.start, q.end, q.speaker ? q.speaker : "(no speaker)",
               q.text);
    }
    if (!removed) return;
    puts("\nremoved:");
    for (size_t i = 0; i < marsad_article_count(art, MARSAD_REMOVED); i++) {
        marsad_removed r;
        marsad_article_removed_at(art, i, &r);
        printf("  line %zu (%s): %s\n", r.line, r.reason, r.text);
    }
}

static int run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'}, {"json", no_argument, NULL, 'j'},
        {"removed", no_argument, NULL, 'r'},  {"color", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},     {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    int json = 0, removed = 0, tty = isatty(STDOUT_FILENO), c, rc;
    int64_t story = 0;
    marsad_archive *a = NULL;
    marsad_article *art = NULL;
    marsad_story *st = NULL;
    if (cli_wants_help(&cli_cmd_show, argc, argv)) return CLI_OK;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'j': json = 1; break;
        case 'r': removed = 1; break;
        case 'c':
            if (!strcmp(optarg, "always"))
                tty = 1;
            else if (!strcmp(optarg, "never"))
                tty = 0;
            else if (strcmp(optarg, "auto")) {
                cli_error("show", "--color is auto, always or never, not '%s'", optarg);
                return CLI_USAGE;
            }
            break;
        default: return cli_usage_error(&cli_cmd_show);
        }
    }
    if (optind != argc - 1) return cli_usage_error(&cli_cmd_show);
    db = cli_db_path(db);
    if (marsad_archive_open(db, MARSAD_READ, NULL, &a)) {
        cli_error("show", "%s", marsad_archive_errmsg(a));
        marsad_archive_close(a);
        return CLI_ERROR;
    }
    rc = marsad_archive_get(a, argv[optind], &art);
    if (!rc && marsad_archive_story_of(a, argv[optind], &story) == MARSAD_OK && !json)
        marsad_archive_story(a, story, &st);
    if (rc == MARSAD_ENOTFOUND) {
        cli_error("show", "no article %s in %s", argv[optind], db);
    } else if (rc) {
        cli_error("show", "%s",
                  marsad_archive_errmsg(a)[0] ? marsad_archive_errmsg(a) : marsad_strerror(rc));
    } else if (json) {
        rc = cli_print_article_story(art, MARSAD_JSON_ARTICLE, story);
    } else {
        print_article(art, story, st, removed, tty);
    }
    marsad_story_free(st);
    marsad_article_free(art);
    marsad_archive_close(a);
    return rc || fflush(stdout) ? CLI_ERROR : CLI_OK;
}
