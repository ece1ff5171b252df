/* input.c — reading a command's text operands or standard input; see cli.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

void cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "marsad %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_usage_error(const struct cli_command *cmd)
{
    fputs(cmd->usage, stderr);
    return CLI_USAGE;
}

int cli_wants_help(const struct cli_command *cmd, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--")) break;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(cmd->usage, stdout);
            return 1;
        }
    }
    return 0;
}

static int read_stream(const char *cmd, FILE *f, char **out, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) goto oom;
    for (;;) {
        size_t got;
        if (n == cap) {
            char *nb;
            if (cap >= CLI_MAX_INPUT) {
                free(buf);
                cli_error(cmd, "input larger than %u MiB", CLI_MAX_INPUT >> 20);
                return CLI_ERROR;
            }
            cap *= 2;
            nb = realloc(buf, cap);
            if (!nb) goto oom;
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        free(buf);
        cli_error(cmd, "cannot read standard input: %s", strerror(errno));
        return CLI_ERROR;
    }
    *out = buf;
    *len = n;
    return CLI_OK;
oom:
    free(buf);
    cli_error(cmd, "%s", marsad_strerror(MARSAD_ENOMEM));
    return CLI_ERROR;
}

static int join_args(const char *cmd, int nargs, char **args, char **out, size_t *len)
{
    size_t total = 0, o = 0;
    char *buf;
    for (int i = 0; i < nargs; i++) total += strlen(args[i]) + 1;
    buf = malloc(total + 1);
    if (!buf) {
        cli_error(cmd, "%s", marsad_strerror(MARSAD_ENOMEM));
        return CLI_ERROR;
    }
    for (int i = 0; i < nargs; i++) {
        size_t k = strlen(args[i]);
        if (i) buf[o++] = ' ';
        memcpy(buf + o, args[i], k);
        o += k;
    }
    buf[o] = 0;
    *out = buf;
    *len = o;
    return CLI_OK;
}

int cli_read_text(const char *cmd, int nargs, char **args, int repair, char **text, size_t *len)
{
    char *buf;
    size_t n, bad;
    int rc;
    if (nargs == 0 || (nargs == 1 && !strcmp(args[0], "-")))
        rc = read_stream(cmd, stdin, &buf, &n);
    else
        rc = join_args(cmd, nargs, args, &buf, &n);
    if (rc) return rc;
    if (marsad_utf8_check(buf, n, &bad) == MARSAD_OK) {
        *text = buf;
        *len = n;
        return CLI_OK;
    }
    if (!repair) {
        cli_error(cmd, "invalid UTF-8 at byte %zu (--repair replaces invalid bytes with U+FFFD)",
                  bad);
        free(buf);
        return CLI_ERROR;
    }
    {
        size_t need, nrep;
        char *fixed;
        marsad_utf8_repair(buf, n, NULL, 0, &need, &nrep);
        fixed = malloc(need ? need : 1);
        if (!fixed) {
            free(buf);
            cli_error(cmd, "%s", marsad_strerror(MARSAD_ENOMEM));
            return CLI_ERROR;
        }
        marsad_utf8_repair(buf, n, fixed, need, &need, &nrep);
        free(buf);
        fprintf(stderr, "marsad %s: replaced %zu invalid UTF-8 sequence%s (first at byte %zu)\n",
                cmd, nrep, nrep == 1 ? "" : "s", bad);
        *text = fixed;
        *len = need;
        return CLI_OK;
    }
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

char *cli_join_args(int from, int argc, char **argv, int *failed)
{
    size_t len = 0;
    char *q;
    *failed = 0;
    for (int i = from; i < argc; i++) len += strlen(argv[i]) + 1;
    if (!len) return NULL;
    if (!(q = calloc(len, 1))) {
        *failed = 1;
        return NULL;
    }
    for (int i = from; i < argc; i++) {
        if (i > from) strcat(q, " ");
        strcat(q, argv[i]);
    }
    return q;
}

int cli_print_article_story(const marsad_article *art, int view, int64_t story)
{
    char *json = NULL;
    size_t len = 0;
    int ok = !marsad_article_json(art, view, &json, &len) && len && json[len - 1] == '}';
    if (ok) { /* the object, its closing brace replaced by the story */
        fwrite(json, 1, len - 1, stdout);
        if (story)
            printf(",\"story\":%lld}\n", (long long)story);
        else
            fputs(",\"story\":null}\n", stdout);
    }
    marsad_free(json);
    return ok && !ferror(stdout) ? CLI_OK : CLI_ERROR;
}

const char *cli_bar(unsigned long long n, unsigned long long max)
{
    static const char *const bars[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    return max ? bars[((n > max ? max : n) * 7 + max / 2) / max] : ""; /* rounded */
}

int cli_print_json(char *json)
{
    int ok = json && puts(json) >= 0;
    marsad_free(json);
    return ok ? CLI_OK : CLI_ERROR;
}

const char *cli_db_path(const char *given)
{
    const char *env = getenv("MARSAD_DB");
    return given ? given : env && env[0] ? env : "marsad.db";
}
