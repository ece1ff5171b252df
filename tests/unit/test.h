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

/* Temporary files for the suites that need a directory of their own (archives, catalogs):
 * test_tmpdir makes /tmp/marsad-NAME-XXXXXX into buf (0 on success, a failed check
 * otherwise); test_rmtree removes a directory and all it holds. */
int test_tmpdir(const char *name, char *buf, size_t cap);
void test_rmtree(const char *dir);

/* Writes n bytes to path (0 on success); reads a whole file into a malloc'd buffer
 * (NUL-terminated; *n its length), NULL when it cannot. */
int test_write_file(const char *path, const void *data, size_t n);
char *test_read_file(const char *path, size_t *n);

/* A growing byte buffer for building inputs (bytes.c), kept NUL-terminated: test_put
 * appends n bytes, test_puts a string, test_gzip one gzip member of in[0..n), test_zstd
 * one zstd frame. Zero-initialize; free(b.p) after. */
struct test_buf {
    char *p;
    size_t n, cap;
};
void test_put(struct test_buf *b, const void *s, size_t n);
void test_puts(struct test_buf *b, const char *s);
void test_gzip(struct test_buf *out, const void *in, size_t n);
void test_zstd(struct test_buf *out, const void *in, size_t n);

#define CHECK(c)       test_check(!!(c), __FILE__, __LINE__, #c)
#define CHECK_EQ(a, b) test_check((a) == (b), __FILE__, __LINE__, #a " == " #b)
/* got is a (pointer, length) pair; want a NUL-terminated string. A NULL got fails. */
#define CHECK_STRN(got, len, want) test_check_str((got), (len), (want), __FILE__, __LINE__, #got)
#define CHECK_STR(got, want)       CHECK_STRN((got), test_strlen(got), (want))

static inline size_t test_strlen(const char *s)
{
    return s ? strlen(s) : 0;
}

#endif
