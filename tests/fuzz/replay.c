/*
 * replay.c — a main() for a fuzz target without libFuzzer: feeds it the empty input,
 * then each file named, or each file in each folder named (in name order), once.
 *
 * usage: replay_TARGET PATH...
 *
 * `make test` builds every tests/fuzz/fuzz_*.c with it and the build's own compiler and
 * flags, and replays each target's seeds (tests/fuzz/seeds.sh): the targets keep
 * compiling against the library between fuzzing runs, and their seeds, among them the
 * inputs that once crashed, are regression tests under AddressSanitizer in `make asan`.
 * A target reports a failure by aborting; replay prints how many inputs it ran and
 * exits 0, or 2 when a path cannot be read.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads path whole into a malloc'd buffer; NULL when it cannot. */
static uint8_t *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    uint8_t *p = NULL;
    long len;
    if (!f) return NULL;
    if (!fseek(f, 0, SEEK_END) && (len = ftell(f)) >= 0 && !fseek(f, 0, SEEK_SET) &&
        (p = malloc((size_t)len + 1)) && fread(p, 1, (size_t)len, f) != (size_t)len) {
        free(p);
        p = NULL;
    }
    if (p) *n = (size_t)len;
    fclose(f);
    return p;
}

static int run_file(const char *path, size_t *count)
{
    size_t n = 0;
    uint8_t *p = slurp(path, &n);
    if (!p) {
        perror(path);
        return 2;
    }
    LLVMFuzzerTestOneInput(p, n);
    free(p);
    ++*count;
    return 0;
}

static int run_path(const char *path, size_t *count)
{
    struct stat st;
    struct dirent **ents;
    int n, rc = 0;
    if (stat(path, &st)) {
        perror(path);
        return 2;
    }
    if (!S_ISDIR(st.st_mode)) return run_file(path, count);
    if ((n = scandir(path, &ents, NULL, alphasort)) < 0) {
        perror(path);
        return 2;
    }
    for (int i = 0; i < n; i++) {
        char sub[4096];
        if (!rc && ents[i]->d_name[0] != '.' &&
            snprintf(sub, sizeof sub, "%s/%s", path, ents[i]->d_name) < (int)sizeof sub &&
            !stat(sub, &st) && S_ISREG(st.st_mode))
            rc = run_file(sub, count);
        free(ents[i]);
    }
    free(ents);
    return rc;
}

int main(int argc, char **argv)
{
    size_t count = 1;
    int rc = 0;
    LLVMFuzzerTestOneInput((const uint8_t *)"", 0);
    for (int i = 1; i < argc && !rc; i++) rc = run_path(argv[i], &count);
    printf("%zu inputs\n", count);
    return rc;
}
