/*
 * alloc_wrap.c — fails the Nth allocation of marsad's own code, for the fault harness
 * (tests/fault/run.sh) and the tests. Linked into BUILD/marsad-fault (the tool) and the
 * unit tests with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,
 * --wrap=strndup: every call of those in marsad's objects (the tool and libmarsad.a)
 * comes here; the shared libraries' own (SQLite, libxml2, jansson, which have their own
 * out-of-memory tests) do not. In the sanitizer build AddressSanitizer's allocator stays
 * underneath, so a run that fails an allocation is still checked for overflows, use
 * after free and leaks.
 *
 *   MARSAD_FAULT_ALLOC=N        the Nth allocation (1-based) returns NULL, once
 *   MARSAD_FAULT_ALLOC=N+       every allocation from the Nth on returns NULL
 *   MARSAD_FAULT_ALLOC=count    nothing fails
 *   MARSAD_FAULT_REPORT=FILE    where the report goes (appended), else standard error:
 *                               "alloc: calls=N failed=N" at exit, when
 *                               MARSAD_FAULT_ALLOC is set.
 *   MARSAD_FAULT_TRACE=1        the stack of each allocation made to fail, on standard
 *                               error (symbolized in the sanitizer build)
 *
 * A program linked with it may drive it itself instead (the unit tests, in the manner of
 * SQLite's and FTS5's fault tests): alloc_wrap.h.
 *
 * A failing realloc leaves its block as it was, as the real one does.
 */
#define _GNU_SOURCE
#include <execinfo.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc_wrap.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

/* The sanitizers' runtime, when linked: a symbolized stack. */
void __sanitizer_print_stack_trace(void) __attribute__((weak));

static int ready, on, from_on, reporting, tracing;
static unsigned long at, calls, failed;

static void report(void)
{
    const char *file = getenv("MARSAD_FAULT_REPORT");
    char line[128];
    int fd = 2, n;
    if (!reporting) return;
    n = snprintf(line, sizeof line, "alloc: calls=%lu failed=%lu\n",
                 __atomic_load_n(&calls, __ATOMIC_SEQ_CST),
                 __atomic_load_n(&failed, __ATOMIC_SEQ_CST));
    if (file && *file) fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return;
    if (write(fd, line, (size_t)n) != n) { /* nothing more to do */
    }
    if (fd != 2) close(fd);
}

static void __attribute__((destructor)) at_exit(void)
{
    report();
}

static void setup(void)
{
    const char *e = getenv("MARSAD_FAULT_ALLOC");
    char *end;
    ready = 1;
    tracing = getenv("MARSAD_FAULT_TRACE") != NULL;
    if (!e || !*e) return;
    on = reporting = 1;
    if (!strcmp(e, "count")) return;
    at = strtoul(e, &end, 10);
    from_on = *end == '+';
    if (!at || (*end && strcmp(end, "+"))) {
        static const char usage[] = "alloc_wrap: MARSAD_FAULT_ALLOC is N, N+ or count\n";
        if (write(2, usage, sizeof usage - 1) < 0) { /* exits all the same */
        }
        _exit(125);
    }
}

unsigned long alloc_fault_set(unsigned long n, int every_after)
{
    if (!ready) setup();
    __atomic_store_n(&calls, 0, __ATOMIC_SEQ_CST);
    at = n;
    from_on = every_after;
    on = 1;
    return __atomic_exchange_n(&failed, 0, __ATOMIC_SEQ_CST);
}

/* Counts an allocation; nonzero when it must fail. */
static int fails(void)
{
    unsigned long n;
    if (!ready) setup();
    if (!on) return 0;
    n = __atomic_add_fetch(&calls, 1, __ATOMIC_SEQ_CST);
    if (!at || n < at || (n > at && !from_on)) return 0;
    __atomic_add_fetch(&failed, 1, __ATOMIC_SEQ_CST);
    if (tracing) {
        void *frames[32];
        if (__sanitizer_print_stack_trace)
            __sanitizer_print_stack_trace();
        else
            backtrace_symbols_fd(frames, backtrace(frames, 32), 2);
    }
    return 1;
}

void *__wrap_malloc(size_t n)
{
    return fails() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t k, size_t n)
{
    return fails() ? NULL : __real_calloc(k, n);
}

void *__wrap_realloc(void *p, size_t n)
{
    return fails() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
    return fails() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
    return fails() ? NULL : __real_strndup(s, n);
}
