/* main.c — runs every unit-test suite and prints "unit: N passed, N failed, N skipped". */
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
void suite_codec(void);
void suite_facts(void);
void suite_segment(void);
void suite_search(void);
void suite_minhash(void);
void suite_grow(void);
void suite_zstream(void);
void suite_input(void);

static const struct {
    const char *name;
    void (*run)(void);
} suites[] = {
    {"utf8", suite_utf8},       {"normalize", suite_normalize}, {"tokenize", suite_tokenize},
    {"stem", suite_stem},       {"strmap", suite_strmap},       {"analyzer", suite_analyzer},
    {"warc", suite_warc},       {"html", suite_html},           {"clean", suite_clean},
    {"numbers", suite_numbers}, {"dates", suite_dates},         {"query", suite_query},
    {"snippet", suite_snippet}, {"entities", suite_entities},   {"quotes", suite_quotes},
    {"codec", suite_codec},     {"facts", suite_facts},         {"segment", suite_segment},
    {"search", suite_search},   {"minhash", suite_minhash},     {"grow", suite_grow},
    {"zstream", suite_zstream}, {"input", suite_input},
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
