/* run.c — what analyze, clean and ingest share: options, notices, progress, exit status;
 * see cli.h. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define MAX_OPTS 24

/* A rejected document: listed with --verbose, else only counted (the summary says how
 * many, by kind). An I/O error (a path that cannot be read) is always said. */
static void on_notice(void *ctx, int rc, const char *msg)
{
    struct cli_run *r = ctx;
    if (rc != MARSAD_EIO && !r->verbose) return;
    if (r->tty) fputs("\r\033[K", stderr); /* over the progress bar */
    fprintf(stderr, "marsad %s: %s\n", r->cmd, msg);
}

/* A progress bar on stderr, when it is a terminal: the first pass counted the
 * documents, so the second knows how far it is. */
static void on_progress(void *ctx, const marsad_report *rep, int done)
{
    struct cli_run *r = ctx;
    uint64_t n = rep->read + rep->rejected, total = rep->documents ? rep->documents : n;
    int width = 30, fill = total ? (int)((double)n * width / (double)total) : width;
    double dt = cli_now() - r->t0;
    if (fill > width) fill = width;
    fprintf(stderr, "\r[%.*s%*s] %3d%% %llu/%llu documents, %llu rejected, %.0f/s%s", fill,
            "##############################", width - fill, "",
            total ? (int)(100.0 * (double)n / (double)total) : 100, (unsigned long long)n,
            (unsigned long long)total, (unsigned long long)rep->rejected,
            dt > 0 ? (double)n / dt : 0.0, done ? "\n" : "");
    fflush(stderr);
}

static int shared(struct cli_run *r, int c, const char *arg, int facts)
{
    switch (c) {
    case 'J': r->o.force_jsonl = 1; return CLI_OK;
    case 'R': r->o.repair_utf8 = 1; return CLI_OK;
    case 'S': r->strict = 1; return CLI_OK;
    case 'v': r->verbose = 1; return CLI_OK;
    case 'q': r->quiet = 1; return CLI_OK;
    case 'g':
        if (!facts) return -1;
        r->gazetteers[r->n_gazetteers++] = (char *)arg;
        return CLI_OK;
    case 'j': {
        char *end;
        long v = strtol(arg, &end, 10);
        if (*end || !*arg || v < 0 || v > 64) {
            cli_error(r->cmd, "--jobs takes 0 (one per core) to 64, not '%s'", arg);
            return CLI_USAGE;
        }
        r->o.jobs = (unsigned)v;
        return CLI_OK;
    }
    default: return -1;
    }
}

int cli_run_parse(struct cli_run *r, const struct cli_command *cmd, int argc, char **argv,
                  int facts, const struct option *extra, size_t n_extra, cli_opt_fn fn, void *ctx)
{
    static const struct option common[] = {
        {"jsonl", no_argument, NULL, 'J'},           {"repair", no_argument, NULL, 'R'},
        {"strict", no_argument, NULL, 'S'},          {"jobs", required_argument, NULL, 'j'},
        {"verbose", no_argument, NULL, 'v'},         {"quiet", no_argument, NULL, 'q'},
        {"gazetteer", required_argument, NULL, 'g'}, {"help", no_argument, NULL, 'h'},
    };
    struct option opts[MAX_OPTS + 1];
    size_t n = 0;
    int c;
    memset(r, 0, sizeof *r);
    r->cmd = cmd->name;
    marsad_options_init(&r->o);
    r->o.facts = facts;
    r->t0 = cli_now();
    if (!(r->gazetteers = calloc((size_t)argc + 1, sizeof *r->gazetteers))) {
        cli_error(r->cmd, "%s", marsad_strerror(MARSAD_ENOMEM));
        return CLI_ERROR;
    }
    for (size_t i = 0; i < n_extra && n < MAX_OPTS - 8; i++) opts[n++] = extra[i];
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++) opts[n++] = common[i];
    memset(&opts[n], 0, sizeof opts[n]);
    while ((c = getopt_long(argc, argv, "+qvh", opts, NULL)) != -1) {
        int rc = shared(r, c, optarg, facts);
        if (rc == -1 && fn && c != '?' && c != 'h') rc = fn(ctx, c, optarg);
        if (rc == -1) rc = CLI_USAGE;
        if (rc) return rc == CLI_USAGE ? cli_usage_error(cmd) : rc;
    }
    if (facts) {
        char msg[512];
        int rc = marsad_lexicon_new(&r->lexicon);
        for (size_t i = 0; !rc && i < r->n_gazetteers; i++)
            rc = marsad_lexicon_add_file(r->lexicon, r->gazetteers[i], msg, sizeof msg);
        if (rc) {
            if (r->lexicon)
                cli_error(r->cmd, "%s", msg);
            else
                cli_error(r->cmd, "cannot build the lexicon: %s", marsad_strerror(rc));
            return CLI_ERROR;
        }
        r->o.lexicon = r->lexicon;
    }
    r->tty = isatty(2) && !getenv("MARSAD_NO_PROGRESS") && !r->quiet;
    r->o.notice = on_notice;
    r->o.progress = r->tty ? on_progress : NULL;
    r->o.ctx = r;
    return CLI_OK;
}

void cli_run_rejections(const marsad_report *rep, FILE *f)
{
    for (int k = 0; k < MARSAD_REJECT_KINDS; k++)
        if (rep->rejected_by[k])
            fprintf(f, ", %llu %s", (unsigned long long)rep->rejected_by[k], marsad_reject_name(k));
}

int cli_run_status(struct cli_run *r, int rc, const marsad_report *rep)
{
    if (rc == MARSAD_EIO && !rep->documents) return CLI_ERROR; /* a path, said by on_notice */
    if (rc) {
        cli_error(r->cmd, "%s", marsad_strerror(rc));
        return CLI_ERROR;
    }
    if (!rep->read) { /* nothing it could use */
        if (!r->quiet)
            cli_error(r->cmd, "no document could be read%s",
                      rep->rejected && !r->verbose ? " (--verbose names them)" : "");
        return CLI_ERROR;
    }
    return r->strict && rep->rejected ? CLI_ERROR : CLI_OK;
}

void cli_run_end(struct cli_run *r)
{
    marsad_lexicon_free(r->lexicon);
    free(r->gazetteers);
    r->lexicon = NULL;
    r->gazetteers = NULL;
}
