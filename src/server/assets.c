/*
 * assets.c — GET / and GET /static/NAME: the files of web/, embedded in the binary at
 * build time (scripts/embed.c writes the table). A request names a file of that table by
 * its exact name; no path from a request ever reaches the filesystem, so ../, %2e%2e,
 * // and the like can only miss (404). The type comes from the name's extension.
 */
#include <string.h>

#include "server.h"

static const struct {
    const char *ext, *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
};

static const char *type_of(const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t e = strlen(types[i].ext);
        if (n > e && !strcmp(name + n - e, types[i].ext)) return types[i].type;
    }
    return "application/octet-stream";
}

static const srv_asset *find(const char *name)
{
    for (size_t i = 0; i < srv_assets_count; i++)
        if (!strcmp(srv_assets_table[i].name, name)) return &srv_assets_table[i];
    return NULL;
}

enum MHD_Result srv_assets(srv *s, struct MHD_Connection *c, struct srv_req *r, const char *path)
{
    const srv_asset *f = NULL;
    if (!strcmp(path, "/"))
        f = find("index.html");
    else if (!strncmp(path, "/static/", 8))
        f = find(path + 8);
    if (!f) return srv_error(s, c, r, 404, "not_found", "no such file", -1);
    return srv_reply_static(s, c, r, 200, type_of(f->name), f->data, f->size);
}
