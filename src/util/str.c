/* str.c — small string helpers; see str.h. */
#include "util/str.h"

#include <stdlib.h>
#include <string.h>

char *msd_strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *msd_strdup(const char *s)
{
    return s ? msd_strndup(s, strlen(s)) : NULL;
}
