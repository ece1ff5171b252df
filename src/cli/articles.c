/* articles.c — the read → clean loop `analyze` and `clean` share; see cli.h. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>

#include "clean/clean.h"
#include "cli/cli.h"
#include "marsad.h"
#include "read/input.h"

/* A progress bar on stderr, when it is a terminal: the first pass counted the
 * documents, so the second knows how far it is. */
static void progress(const struct cli_run_stats *st, double t0, int final)
{
    size_t done = st->read + st->rejected, total = st->total ? st->total : done;
    int width = 30, fill = total ? (int)((double)done * width / (double)total) : width;
    double dt = cli_now() - t0;
    if (fill > width) fill = width;
    fprintf(stderr, "\r[%.*s%*s] %3d%% %zu/%zu documents, %zu rejected, %.0f/s%s", fill,
            "##############################", width - fill, "",
            total ? (int)(100.0 * (double)done / (double)total) : 100, done, total, st->rejected,
            dt > 0 ? (double)done / dt : 0.0, final ? "\n" : "");
    fflush(stderr);
}

static const char *const reject_names[] = {"malformed", "invalid UTF-8", "too large",
                                           "I/O",       "other",         "empty"};

static int reject_slot(int rc)
{
    switch (rc) {
    case MARSAD_EFORMAT: return 0;
    case MARSAD_EUTF8: return 1;
    case MARSAD_ETOOBIG: return 2;
    case MARSAD_EIO: return 3;
    case MARSAD_EEMPTY: return 5;
    default: return 4;
    }
}

int cli_each_article(const char *cmd, char *const *paths, size_t n_paths, int repair,
                     int force_jsonl, cli_article_fn fn, void *ctx, struct cli_run_stats *st)
{
    msd_input_options opt = {repair, 0, force_jsonl};
    msd_input *in = NULL;
    msd_cleaner *cleaner = NULL;
    msd_doc doc = {0};
    int rc, tty = isatty(2) && !getenv("MARSAD_NO_PROGRESS");
    double t0 = 0;
    char *const stdin_only[] = {"-"};

    memset(st, 0, sizeof *st);
    if (!n_paths) {
        paths = stdin_only;
        n_paths = 1;
    }
    rc = msd_input_open(paths, n_paths, &opt, &in);
    if (rc) {
        cli_error(cmd, "%s", rc == MARSAD_ENOMEM ? marsad_strerror(rc) : msd_input_error(in));
        goto done;
    }
    rc = msd_cleaner_new(0, &cleaner);
    if (rc) {
        cli_error(cmd, "cannot start the cleaner: %s", marsad_strerror(rc));
        goto done;
    }
    /* Pass 1: per-source line counts (errors are reported in pass 2). */
    while ((rc = msd_input_next(in, &doc)) != MARSAD_END) {
        if (rc == MARSAD_ENOMEM) goto oom;
        st->total++;
        if (rc == MARSAD_OK && (rc = msd_cleaner_observe(cleaner, &doc))) goto oom;
    }
    t0 = cli_now();
    msd_input_rewind(in);
    /* Pass 2: clean and hand each article on. */
    while ((rc = msd_input_next(in, &doc)) != MARSAD_END) {
        msd_article a;
        if (rc == MARSAD_ENOMEM) goto oom;
        if (rc) {
            st->rejected++;
            st->rejected_by[reject_slot(rc)]++;
            if (tty) fputc('\r', stderr);
            cli_error(cmd, "%s", msd_input_error(in));
            continue;
        }
        st->read++;
        st->bytes_in += doc.text_len;
        if ((rc = msd_cleaner_clean(cleaner, &doc, &a))) goto oom;
        st->removed_lines += a.n_removed;
        st->bytes_out += a.body_len;
        rc = fn(ctx, &doc, &a);
        msd_article_clear(&a);
        if (rc) goto done;
        if (tty && st->read % 256 == 0) progress(st, t0, 0);
    }
    if (tty) progress(st, t0, 1);
    st->skipped = msd_input_skipped(in);
    rc = CLI_OK;
    goto done;
oom:
    cli_error(cmd, "%s", marsad_strerror(MARSAD_ENOMEM));
    rc = CLI_ERROR;
done:
    msd_doc_clear(&doc);
    msd_cleaner_free(cleaner);
    msd_input_close(in);
    return rc ? CLI_ERROR : CLI_OK;
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *cli_reject_name(size_t slot)
{
    return slot < sizeof reject_names / sizeof reject_names[0] ? reject_names[slot] : "?";
}
