/*
 * cli.h — what the command files of the `marsad` tool share.
 *
 * The CLI adds no logic of its own: each command parses its options, reads its input,
 * calls libmarsad, and prints. Exit codes: 0 ok, 1 error, 2 usage.
 */
#ifndef MSD_CLI_H
#define MSD_CLI_H

#include <stddef.h>

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

/* ---- The lexicon of the fact extractors (lexicon.c) --------------------------------- */

struct msd_lexicon;

/* Builds the built-in lexicon and adds the gazetteer files (--gazetteer). Prints its own
 * error (naming the file and line) and returns CLI_ERROR on failure; *out is then NULL. */
int cli_lexicon(const char *cmd, char *const *files, size_t n, struct msd_lexicon **out);

/* ---- The read → clean loop of `analyze` and `clean` (articles.c) -------------------- */

#include "clean/clean.h"
#include "read/doc.h"

struct cli_run_stats {
    size_t total; /* documents the first pass saw (read and rejected) */
    size_t read, rejected, skipped;
    size_t rejected_by[6]; /* by cli_reject_name(slot) */
    size_t removed_lines;
    size_t bytes_in, bytes_out; /* text read, body written */
};

/* Called for each cleaned article; return nonzero to stop (with an error). */
typedef int (*cli_article_fn)(void *ctx, const msd_doc *doc, const msd_article *a);

/* Reads all paths (none: standard input) twice — counts, then cleans — and calls fn
 * for each article. Rejected documents are named on stderr and counted in *st; a
 * progress line goes to stderr when it is a terminal. Returns CLI_OK or CLI_ERROR
 * (a path that cannot be read, out of memory, fn failed). */
int cli_each_article(const char *cmd, char *const *paths, size_t n_paths, int repair,
                     int force_jsonl, cli_article_fn fn, void *ctx, struct cli_run_stats *st);

/* Monotonic seconds. */
double cli_now(void);

/* "malformed", "invalid UTF-8", "too large", "I/O", "other". */
const char *cli_reject_name(size_t slot);

#endif
