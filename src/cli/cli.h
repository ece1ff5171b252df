/*
 * cli.h — what the command files of the `marsad` tool share.
 *
 * The CLI adds no logic of its own: each command parses its options, reads its input,
 * calls libmarsad through include/marsad.h alone (the build gives it no other header),
 * and prints. Exit codes: 0 ok, 1 error, 2 usage.
 */
#ifndef MSD_CLI_H
#define MSD_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "marsad.h"

enum { CLI_OK = 0, CLI_ERROR = 1, CLI_USAGE = 2 };

struct cli_command {
    const char *name;
    const char *summary;               /* one line for `marsad --help` */
    const char *usage;                 /* the full text for `marsad CMD --help` */
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
};

extern const struct cli_command cli_cmd_normalize;
extern const struct cli_command cli_cmd_tokens;
extern const struct cli_command cli_cmd_analyze;
extern const struct cli_command cli_cmd_clean;
extern const struct cli_command cli_cmd_extract;
extern const struct cli_command cli_cmd_ingest;
extern const struct cli_command cli_cmd_search;
extern const struct cli_command cli_cmd_dups;
extern const struct cli_command cli_cmd_delete;
extern const struct cli_command cli_cmd_stats;
extern const struct cli_command cli_cmd_check;
extern const struct cli_command cli_cmd_stories;
extern const struct cli_command cli_cmd_story;
extern const struct cli_command cli_cmd_quotes;
extern const struct cli_command cli_cmd_export;
extern const struct cli_command cli_cmd_show;
extern const struct cli_command cli_cmd_entities;
extern const struct cli_command cli_cmd_serve;

/* The archive a command works on: --db PATH, else $MARSAD_DB, else ./marsad.db. */
const char *cli_db_path(const char *given);

/* Input cap for text read whole into memory by the text commands. */
#define CLI_MAX_INPUT (512u << 20)

/* The text a command works on: the operands joined by single spaces, or standard input
 * when there are none or the only one is "-". Invalid UTF-8 is an error naming the byte
 * offset unless `repair` is set, in which case it is replaced by U+FFFD (with a note on
 * stderr). On success *text is a malloc'd buffer the caller frees. Prints its own error
 * and returns CLI_ERROR on failure. */
int cli_read_text(const char *cmd, int nargs, char **args, int repair, char **text, size_t *len);

/* Prints "marsad CMD: message" to stderr, printf-style. */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints the usage of cmd to stderr and returns CLI_USAGE. */
int cli_usage_error(const struct cli_command *cmd);

/* Handles --help/-h if argv holds it: prints usage to stdout, returns 1. */
int cli_wants_help(const struct cli_command *cmd, int argc, char **argv);

/* Monotonic seconds. */
double cli_now(void);

/* The operands argv[from..argc) joined by single spaces into a malloc'd string (a
 * query); NULL when there are none or memory ran out (*failed then set). */
char *cli_join_args(int from, int argc, char **argv, int *failed);

/* The bar of a sparkline for n out of max (▁ … █; "" when max is 0). */
const char *cli_bar(unsigned long long n, unsigned long long max);

/* Prints an article's JSON in view (enum marsad_json_view) with "story" (its story id,
 * or null for 0) as its last key, and a newline: export and show. Returns CLI_OK, or
 * CLI_ERROR when the JSON could not be made or written. */
int cli_print_article_story(const marsad_article *art, int view, int64_t story);

/* Prints an allocated JSON text (marsad_free'd here) and a newline; CLI_ERROR on NULL. */
int cli_print_json(char *json);

/* ---- The reading commands: analyze, clean, ingest (run.c) -----------------------------
 * They share their options, the progress bar on a terminal, the notices of rejected
 * documents (counted in the summary; listed with --verbose; --quiet prints errors
 * only), and their exit status: 1 when an input path is missing, when nothing could be
 * read, or with --strict when a document was rejected. */

struct cli_run {
    const char *cmd;
    marsad_options o;
    marsad_lexicon *lexicon;
    char **gazetteers;
    size_t n_gazetteers;
    int strict, verbose, quiet, tty;
    int input_failed; /* a path could not be opened */
    double t0;
};

/* The options of the command beside the shared ones (--jsonl --repair --strict --jobs
 * --verbose --quiet --gazetteer --help), and what to do with them: fn returns CLI_OK or
 * CLI_USAGE (having said why). */
typedef int (*cli_opt_fn)(void *ctx, int c, const char *arg);

/* Sets the defaults and parses argv (getopt_long; operands start at optind after it).
 * facts: the command extracts facts (--gazetteer allowed). Then loads the gazetteers and
 * sets up notices and progress. Returns CLI_OK, CLI_USAGE (usage printed) or CLI_ERROR
 * (reported). */
int cli_run_parse(struct cli_run *r, const struct cli_command *cmd, int argc, char **argv,
                  int facts, const struct option *extra, size_t n_extra, cli_opt_fn fn, void *ctx);

/* ", 2 malformed, 1 invalid UTF-8" for the rejected documents of a report. */
void cli_run_rejections(const marsad_report *rep, FILE *f);

/* The exit status of a finished run (rc: what marsad_process or marsad_ingest
 * returned), reporting what it must. */
int cli_run_status(struct cli_run *r, int rc, const marsad_report *rep);

void cli_run_end(struct cli_run *r);

#endif
