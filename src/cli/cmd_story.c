/* cmd_story.c — `marsad story ID`: one story whole: its span, outlets, timeline, articles
 * (copies folded under their original), ledger, quotations and entities. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(int argc, char **argv);

const struct cli_command cli_cmd_story = {
    "story",
    "show one story: timeline, articles, ledger of figures, quotations, entities",
    "usage: marsad story [--db PATH] [--json] ID\n"
    "\n"
    "Shows story ID (as `marsad stories` lists it; a story merged into another answers with\n"
    "the one it went into): its title, span, outlets, articles per day (a sparkline), its\n"
    "articles with their copies folded under the original, the ledger of figures grouped\n"
    "by what they count (a claim that cannot be true together with another is marked\n"
    "'disagrees', a later report raising a figure 'update'), the quotations by speaker,\n"
    "and the entities with their mentions, articles and first and last dates.\n"
    "\n"
    "  --db PATH   the archive (default: $MARSAD_DB, else ./marsad.db)\n"
    "  --json      one JSON object: the stories fields, timeline, members, claims, quotes\n"
    "  -h, --help  show this help\n",
    run,
};

static const char *or_dash(const char *s)
{
    return s && *s ? s : "-";
}

static void print_counts(const char *label, const marsad_count *c, size_t n)
{
    printf("%s", label);
    for (size_t i = 0; i < n; i++)
        printf("%s%s %llu", i ? ", " : " ", c[i].name, (unsigned long long)c[i].n);
    putchar('\n');
}

static void print_timeline(const marsad_story *s)
{
    uint64_t max = 0;
    for (size_t i = 0; i < s->n_days; i++)
        if (s->days[i].n > max) max = s->days[i].n;
    puts("timeline:");
    for (size_t i = 0; i < s->n_days; i++) {
        printf("  %s %s %3llu ", s->days[i].name, cli_bar(s->days[i].n, max),
               (unsigned long long)s->days[i].n);
        for (size_t k = 0; k < s->n_timeline; k++)
            if (s->timeline[k].day && !strcmp(s->timeline[k].day, s->days[i].name))
                printf(" %s %llu", s->timeline[k].source, (unsigned long long)s->timeline[k].n);
        putchar('\n');
    }
}

/* Each original with its copies under it. */
static void print_members(const marsad_story *s)
{
    printf("articles (%llu, %llu texts):\n", (unsigned long long)s->articles,
           (unsigned long long)s->texts);
    for (size_t i = 0; i < s->n_members; i++) {
        const marsad_story_article *m = &s->members[i];
        int original = 1;
        if (m->duplicate_of)
            for (size_t k = 0; k < s->n_members; k++)
                if (!strcmp(s->members[k].id, m->duplicate_of)) original = 0;
        if (!original) continue; /* printed under its original */
        printf("  %-10s %-24s %s  %s\n", or_dash(m->date), or_dash(m->source), m->id, m->title);
        for (size_t k = 0; k < s->n_members; k++) {
            const marsad_story_article *d = &s->members[k];
            if (d->duplicate_of && !strcmp(d->duplicate_of, m->id))
                printf("      = %s copy: %s  %s  %s\n", or_dash(d->duplicate_kind), d->id,
                       or_dash(d->source), or_dash(d->date));
        }
    }
}

static void print_ledger(const marsad_story *s)
{
    const char *quantity = NULL;
    if (!s->n_claims) return;
    puts("ledger:");
    for (size_t i = 0; i < s->n_claims; i++) {
        const marsad_claim *c = &s->claims[i];
        if (!quantity || strcmp(quantity, c->quantity)) printf("  %s\n", quantity = c->quantity);
        printf("    [%zu] %-10s %-24s %-6s %g  «%s»", i, or_dash(c->date), or_dash(c->source),
               c->qualifier, c->value, c->text);
        if (c->speaker) printf("  (%s)", c->speaker);
        if (c->verdict == MARSAD_CLAIM_DISAGREES)
            printf("  ! disagrees with [%zu]", c->other);
        else if (c->verdict == MARSAD_CLAIM_UPDATE)
            printf("  ↑ update of [%zu]", c->other);
        putchar('\n');
    }
}

static void print_quotes(const marsad_story *s)
{
    const char *speaker = "";
    if (!s->n_quotes) return;
    puts("quotations:");
    for (size_t i = 0; i < s->n_quotes; i++) {
        const marsad_story_quote *q = &s->quotes[i];
        if (!speaker || !q->speaker || strcmp(speaker, q->speaker))
            printf("  %s\n", (speaker = q->speaker) ? speaker : "(no speaker)");
        printf("    %-10s %-24s %s%s%s\n", or_dash(q->date), or_dash(q->source),
               q->direct ? "«" : "", q->text, q->direct ? "»" : "");
    }
}

static void print_story(const marsad_story *s)
{
    if (s->asked) printf("(story %lld was merged into this one)\n", (long long)s->asked);
    printf("story %lld: %s\n", (long long)s->id, s->title);
    printf("span: %s … %s\n", or_dash(s->first), or_dash(s->last));
    print_counts("outlets:", s->sources, s->n_sources);
    if (s->n_days) print_timeline(s);
    print_members(s);
    print_ledger(s);
    print_quotes(s);
    if (s->n_entities) {
        puts("entities:");
        for (size_t i = 0; i < s->n_entities; i++) {
            const marsad_story_entity *e = &s->entities[i];
            printf("  %-4s %s  %llu mentions in %llu articles, %s … %s\n", e->type, e->canonical,
                   (unsigned long long)e->mentions, (unsigned long long)e->articles,
                   or_dash(e->first), or_dash(e->last));
        }
    }
}

static int run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    int json = 0, c, rc;
    long long id;
    char *end;
    marsad_archive *a = NULL;
    marsad_story *s = NULL;
    if (cli_wants_help(&cli_cmd_story, argc, argv)) return CLI_OK;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'j': json = 1; break;
        default: return cli_usage_error(&cli_cmd_story);
        }
    }
    if (optind != argc - 1) return cli_usage_error(&cli_cmd_story);
    id = strtoll(argv[optind], &end, 10);
    if (*end || id < 1) {
        cli_error("story", "a story id is a positive number, not '%s'", argv[optind]);
        return CLI_USAGE;
    }
    db = cli_db_path(db);
    if (marsad_archive_open(db, MARSAD_READ, NULL, &a)) {
        cli_error("story", "%s", marsad_archive_errmsg(a));
        marsad_archive_close(a);
        return CLI_ERROR;
    }
    rc = marsad_archive_story(a, id, &s);
    if (rc == MARSAD_ENOTFOUND) {
        cli_error("story", "no story %lld in %s", id, db);
    } else if (rc) {
        cli_error("story", "%s",
                  marsad_archive_errmsg(a)[0] ? marsad_archive_errmsg(a) : marsad_strerror(rc));
    } else if (json) {
        char *text;
        rc = marsad_story_json(s, &text, NULL) || cli_print_json(text);
    } else {
        print_story(s);
    }
    marsad_story_free(s);
    marsad_archive_close(a);
    return rc || fflush(stdout) ? CLI_ERROR : CLI_OK;
}
