/* main.c — runs every unit-test suite and prints "unit: N passed, N failed, N skipped". */
#define _XOPEN_SOURCE 700 /* nftw */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"

void suite_utf8(void);
void suite_normalize(void);
void suite_tokenize(void);
void suite_stem(void);
void suite_strmap(void);
void suite_analyzer(void);
void suite_warc(void);
void suite_html(void);
void suite_clean(void);
void suite_numbers(void);
void suite_dates(void);
void suite_query(void);
void suite_snippet(void);
void suite_entities(void);
void suite_quotes(void);
void suite_quote_score(void);
void suite_codec(void);
void suite_facts(void);
void suite_segment(void);
void suite_search(void);
void suite_stories(void);
void suite_minhash(void);
void suite_grow(void);
void suite_zstream(void);
void suite_input(void);
void suite_store(void);
void suite_json(void);
void suite_archive(void);
void suite_fault(void);
void suite_serving(void);

static const struct {
    const char *name;
    void (*run)(void);
} suites[] = {
    {"utf8", suite_utf8},         {"normalize", suite_normalize},
    {"tokenize", suite_tokenize}, {"stem", suite_stem},
    {"strmap", suite_strmap},     {"analyzer", suite_analyzer},
    {"warc", suite_warc},         {"html", suite_html},
    {"clean", suite_clean},       {"numbers", suite_numbers},
    {"dates", suite_dates},       {"query", suite_query},
    {"snippet", suite_snippet},   {"entities", suite_entities},
    {"quotes", suite_quotes},     {"quote_score", suite_quote_score},
    {"codec", suite_codec},       {"facts", suite_facts},
    {"segment", suite_segment},   {"search", suite_search},
    {"stories", suite_stories},   {"minhash", suite_minhash},
    {"grow", suite_grow},         {"zstream", suite_zstream},
    {"input", suite_input},       {"store", suite_store},
    {"json", suite_json},         {"archive", suite_archive},
    {"fault", suite_fault},       {"serving", suite_serving},
};

static int n_pass, n_fail, n_skip;

void test_check(int ok, const char *file, int line, const char *expr)
{
    if (ok) {
        n_pass++;
        return;
    }
    n_fail++;
    fprintf(stderr, "FAIL %s:%d: %s\n", file, line, expr);
}

void test_check_str(const char *got, size_t got_len, const char *want, const char *file, int line,
                    const char *expr)
{
    int ok = got && strlen(want) == got_len && !memcmp(got, want, got_len);
    test_check(ok, file, line, expr);
    if (!ok)
        fprintf(stderr, "     got  [%.*s]\n     want [%s]\n", (int)got_len, got ? got : "", want);
}

void test_skip(const char *what, const char *why)
{
    n_skip++;
    fprintf(stderr, "skip %s: %s\n", what, why);
}

const char *test_shared_data(void)
{
    const char *env = getenv("MARSAD_SHARED_DATA");
    if (env && *env) return access(env, R_OK) == 0 ? env : NULL;
    return access("../shared/data", R_OK) == 0 ? "../shared/data" : NULL;
}

int test_tmpdir(const char *name, char *buf, size_t cap)
{
    int ok = (size_t)snprintf(buf, cap, "/tmp/marsad-%s-XXXXXX", name) < cap && mkdtemp(buf);
    test_check(ok, __FILE__, __LINE__, "test_tmpdir");
    return ok ? 0 : -1;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

void test_rmtree(const char *dir)
{
    test_check(nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS) == 0, __FILE__, __LINE__, dir);
}

int test_write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(data, 1, n, f) == n;
    if (f && fclose(f)) ok = 0;
    return ok ? 0 : -1;
}

char *test_read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0, got;
    if (!f) return NULL;
    do {
        if (len + 4097 > cap) {
            char *grown = realloc(buf, cap = 2 * cap + 4097);
            if (!grown) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = grown;
        }
        got = fread(buf + len, 1, 4096, f);
        len += got;
    } while (got);
    fclose(f);
    buf[len] = 0;
    if (n) *n = len;
    return buf;
}

int main(int argc, char **argv)
{
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
        int before = n_fail;
        if (argc > 1 && strcmp(argv[1], suites[i].name)) continue;
        suites[i].run();
        if (n_fail > before)
            fprintf(stderr, "suite %s: %d failed\n", suites[i].name, n_fail - before);
    }
    printf("unit: %d passed, %d failed, %d skipped\n", n_pass, n_fail, n_skip);
    return n_fail ? 1 : 0;
}
