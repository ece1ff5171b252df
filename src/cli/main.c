/* main.c — the `marsad` tool: dispatches to one command per file (cmd_*.c). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct cli_command *const commands[] = {
    &cli_cmd_analyze, &cli_cmd_clean,     &cli_cmd_extract, &cli_cmd_ingest,   &cli_cmd_search,
    &cli_cmd_dups,    &cli_cmd_delete,    &cli_cmd_stats,   &cli_cmd_stories,  &cli_cmd_story,
    &cli_cmd_quotes,  &cli_cmd_export,    &cli_cmd_show,    &cli_cmd_entities, &cli_cmd_serve,
    &cli_cmd_check,   &cli_cmd_normalize, &cli_cmd_tokens,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void print_help(FILE *f)
{
    fputs("usage: marsad [--version] [--help] COMMAND [ARGS]\n"
          "\n"
          "marsad turns crawled Arabic news into a clean, searchable archive.\n"
          "\n"
          "commands:\n",
          f);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    fputs("\n"
          "`marsad COMMAND --help` describes one command.\n"
          "exit status: 0 ok, 1 error, 2 usage error\n",
          f);
}

static const struct cli_command *find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(commands[i]->name, name)) return commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    const struct cli_command *cmd;
    const char *name;
    if (argc < 2) {
        print_help(stderr);
        return CLI_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        print_help(stdout);
        return CLI_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        printf("marsad %s\n", marsad_version());
        return CLI_OK;
    }
    if (!strcmp(argv[1], "help")) {
        if (argc < 3) {
            print_help(stdout);
            return CLI_OK;
        }
        name = argv[2];
        cmd = find(name);
        if (!cmd) goto unknown;
        fputs(cmd->usage, stdout);
        return CLI_OK;
    }
    name = argv[1];
    cmd = find(name);
    if (!cmd) goto unknown;
    return cmd->run(argc - 1, argv + 1);
unknown:
    fprintf(stderr, "marsad: unknown command '%s' (see marsad --help)\n", name);
    return CLI_USAGE;
}
