/* cmd_serve.c — `marsad serve`: the HTTP server of src/server/, run as a command. */
#include "cli.h"

int srv_main(int argc, char **argv); /* src/server/serve.c */

static int run(int argc, char **argv)
{
    return srv_main(argc, argv);
}

const struct cli_command cli_cmd_serve = {
    "serve",
    "serve the archive over HTTP: the JSON API, the web page, health and metrics",
    "usage: marsad serve [--db PATH] [--listen 127.0.0.1:8080] [--token-file F]\n"
    "                    [--threads N] [--cors ORIGIN] [--max-body BYTES]\n"
    "                    [--query-budget MS] [--timeout S] [--body-timeout S]\n"
    "                    [--max-conns N] [--max-conns-per-ip N]\n"
    "\n"
    "See `marsad serve --help`, docs/server.md and docs/openapi.yaml.\n",
    run,
};
