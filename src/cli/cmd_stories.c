/* cmd_stories.c — `marsad stories`: what is happening, the stories most active first;
 * and `--rebuild`, every article assigned again. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_stories = {
    "stories",
    "list the stories (events), most active first",
    "usage: marsad stories [--db PATH] [--since D] [--until D] [--source S]... [QUERY...]\n"
    "                      [--min-articles N] [--limit N | --all] [--json]\n"
    "       marsad stories [--db PATH] --rebuild\n"
    "\n"
    "Lists the stories of the archive, most active first: those with the most articles in\n"
    "the last days before the newest article (or --until). A story is listed when one of\n"
    "its articles is dated in [--since, --until], comes from one of the --source outlets\n"
    "and matches QUERY (marsad search's language); its figures cover all its articles.\n"
    "Each line: id, title (its most typical headline), span, articles (distinct texts),\n"
    "outlets, a per-day sparkline and its top entities.\n"
    "\n"
    "  --db PATH          the archive (default: $MARSAD_DB, else ./marsad.db)\n"
    "  --since D, --until D   YYYY-MM-DD\n"
    "  --source S         only stories with an article from S (repeat for several)\n"
    "  --min-articles N   stories of at least N articles (default 2)\n"
    "  --limit N          the N most active (default 20)\n"
    "  --all              every story, one-article stories included, no limit\n"
    "  --json             one JSON object a story: id, title, first, last, size, texts,\n"
    "                     heat, sources, days, entities, articles (every member's id)\n"
    "  --rebuild          assign every article again, in date order (a writer)\n"
    "  -h, --help         show this help\n",
    run,
};

/* Articles per day, a bar each. */
static void sparkline(const marsad_count *days, size_t n)
{
    uint64_t max = 0;
    for (size_t i = 0; i < n; i++)
        if (days[i].n > max) max = days[i].n;
    for (size_t i = 0; i < n; i++) fputs(cli_bar(days[i].n, max), stdout);
}

static int print_story(void *ctx, const marsad_story *s)
{
    const int *json = ctx;
    char *text;
    if (*json) return marsad_story_json(s, &text, NULL) || cli_print_json(text);
    printf("%lld  %s\n", (long long)s->id, s->title);
    printf("      %s … %s  %llu articles (%llu texts), %zu outlets  ", s->first ? s->first : "-",
           s->last ? s->last : "-", (unsigned long long)s->articles, (unsigned long long)s->texts,
           s->n_sources);
    sparkline(s->days, s->n_days);
    putchar('\n');
    if (s->n_entities) {
        fputs("      ", stdout);
        for (size_t i = 0; i < s->n_entities; i++)
            printf("%s%s (%llu)", i ? "، " : "", s->entities[i].canonical,
                   (unsigned long long)s->entities[i].mentions);
        putchar('\n');
    }
    return 0;
}

static int number_arg(const char *opt, const char *v, size_t *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || !*v || n < 1) {
        cli_error("stories", "%s takes a positive number, not '%s'", opt, v);
        return CLI_USAGE;
    }
    *out = (size_t)n;
    return CLI_OK;
}

static int rebuild(const char *db)
{
    marsad_archive *a = NULL;
    int rc = marsad_archive_open(db, MARSAD_WRITE, NULL, &a);
    if (!rc) rc = marsad_stories_rebuild(a);
    if (rc) /* the message lives in the handle: said before it is closed */
        cli_error("stories", "%s",
                  a && marsad_archive_errmsg(a)[0] ? marsad_archive_errmsg(a)
                                                   : marsad_strerror(rc));
    if (marsad_archive_close(a) && !rc) {
        cli_error("stories", "%s: closing the archive failed", db);
        rc = MARSAD_EIO;
    }
    return rc ? CLI_ERROR : CLI_OK;
}

static int run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"json", no_argument, NULL, 'j'},
        {"since", required_argument, NULL, 's'},
        {"until", required_argument, NULL, 'u'},
        {"source", required_argument, NULL, 'o'},
        {"min-articles", required_argument, NULL, 'm'},
        {"limit", required_argument, NULL, 'n'},
        {"all", no_argument, NULL, 'a'},
        {"rebuild", no_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, **sources = NULL;
    char *query = NULL;
    int json = 0, all = 0, rebuilding = 0, c, rc = CLI_OK;
    size_t n_sources = 0;
    marsad_story_filter f;
    marsad_query_error err;
    marsad_archive *a = NULL;
    if (cli_wants_help(&cli_cmd_stories, argc, argv)) return CLI_OK;
    marsad_story_filter_init(&f);
    if (!(sources = calloc((size_t)argc, sizeof *sources))) return CLI_ERROR;
    while (rc == CLI_OK && (c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'j': json = 1; break;
        case 's': f.since = optarg; break;
        case 'u': f.until = optarg; break;
        case 'o': sources[n_sources++] = optarg; break;
        case 'm': rc = number_arg("--min-articles", optarg, &f.min_articles); break;
        case 'n': rc = number_arg("--limit", optarg, &f.limit); break;
        case 'a': all = 1; break;
        case 'r': rebuilding = 1; break;
        default: rc = cli_usage_error(&cli_cmd_stories);
        }
    }
    db = cli_db_path(db);
    if (rc || rebuilding) {
        free(sources);
        return rc ? rc : rebuild(db);
    }
    if (all) {
        f.limit = 0;
        f.min_articles = 1;
    }
    f.sources = sources;
    f.n_sources = n_sources;
    if (!(query = cli_join_args(optind, argc, argv, &c)) && c) {
        free(sources);
        return CLI_ERROR;
    }
    f.query = query;
    if (marsad_archive_open(db, MARSAD_READ, NULL, &a)) {
        cli_error("stories", "%s", marsad_archive_errmsg(a));
        rc = CLI_ERROR;
    } else if ((c = marsad_archive_stories(a, &f, print_story, &json, &err))) {
        if (c == MARSAD_EQUERY)
            cli_error("stories", "query: %s (at character %zu)", err.message, err.position);
        else
            cli_error("stories", "%s",
                      marsad_archive_errmsg(a)[0] ? marsad_archive_errmsg(a) : marsad_strerror(c));
        rc = c == MARSAD_EINVAL ? CLI_USAGE : CLI_ERROR;
    }
    marsad_archive_close(a);
    free(query);
    free(sources);
    return rc || fflush(stdout) ? (rc ? rc : CLI_ERROR) : CLI_OK;
}
