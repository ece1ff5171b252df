/*
 * str.h — small string helpers every module uses (no module above util/ is needed for
 * them).
 */
#ifndef MSD_UTIL_STR_H
#define MSD_UTIL_STR_H

#include <stddef.h>

/* Copies n bytes of s into a new NUL-terminated string; NULL when out of memory. */
char *msd_strndup(const char *s, size_t n);

/* msd_strndup of a NUL-terminated string; NULL for NULL (or out of memory). */
char *msd_strdup(const char *s);

#endif
