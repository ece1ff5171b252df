/*
 * auth.c — the bearer token of the write routes. The token is read once at start from
 * --token-file (its first line; a file others can read is refused, as ssh refuses a key
 * others can read, since anyone who reads it can write to the archive). The comparison
 * takes the same time whatever the first differing byte, so the token cannot be guessed
 * byte by byte from response times.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "server.h"

#define TOKEN_MAX 4096

int srv_token_load(const char *path, char **token, size_t *len, char *msg, size_t cap)
{
    struct stat st;
    char *buf;
    size_t n;
    FILE *f = fopen(path, "rb");
    *token = NULL;
    if (!f) {
        snprintf(msg, cap, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (fstat(fileno(f), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO))) {
        snprintf(msg, cap, "%s: readable by others (mode %03o); chmod 600 it", path,
                 (unsigned)(st.st_mode & 0777));
        fclose(f);
        return -1;
    }
    if (!(buf = calloc(1, TOKEN_MAX + 1))) {
        fclose(f);
        snprintf(msg, cap, "out of memory");
        return -1;
    }
    n = fread(buf, 1, TOKEN_MAX, f);
    fclose(f);
    buf[n] = 0;
    n = strcspn(buf, "\r\n"); /* the first line: a trailing newline is not the token's */
    buf[n] = 0;
    if (!n) {
        snprintf(msg, cap, "%s: empty token", path);
        free(buf);
        return -1;
    }
    *token = buf;
    *len = n;
    return 0;
}

int srv_token_ok(const srv *s, const char *authorization)
{
    const char *given;
    size_t n;
    unsigned char diff = 0;
    if (!s->token || !authorization || strncmp(authorization, "Bearer ", 7)) return 0;
    given = authorization + 7;
    n = strlen(given);
    /* every byte of the token is looked at whatever the given length; the lengths
     * count in the difference too */
    for (size_t i = 0; i < s->token_len; i++)
        diff |= (unsigned char)(s->token[i] ^ (i < n ? given[i] : 0));
    return (diff | (unsigned char)(n != s->token_len)) == 0;
}
