/*
 * test.h — the unit-test harness: checks counted one by one, a suite per module.
 *
 * A suite is a function registered in main.c. CHECK* macros count a pass or print the
 * failing expression with file and line; the runner ends with "N passed, N failed".
 */
#ifndef MSD_TEST_H
#define MSD_TEST_H

#include <stddef.h>
#include <string.h>

void test_check(int ok, const char *file, int line, const char *expr);
void test_check_str(const char *got, size_t got_len, const char *want, const char *file, int line,
                    const char *expr);
void test_skip(const char *what, const char *why);

/* The repository's neighbour ../shared/data, or NULL when it is absent (a user's clone).
 * MARSAD_SHARED_DATA overrides the location. */
const char *test_shared_data(void);

#define CHECK(c)       test_check(!!(c), __FILE__, __LINE__, #c)
#define CHECK_EQ(a, b) test_check((a) == (b), __FILE__, __LINE__, #a " == " #b)
/* got is a (pointer, length) pair; want a NUL-terminated string. */
#define CHECK_STRN(got, len, want) test_check_str((got), (len), (want), __FILE__, __LINE__, #got)
#define CHECK_STR(got, want)       CHECK_STRN((got), strlen(got), (want))

#endif
