/* mapguard.c — a SIGBUS handler for mappings of files cut short; see mapguard.h.
 *
 * The registry is a fixed array the handler scans without locks: a slot is claimed by a
 * compare-and-swap of its state (FREE → BUSY), filled, then published (READY, with
 * release order); the handler reads only READY slots (acquire). Removal takes the slot
 * back to BUSY before clearing it, so the handler never reads a half-cleared slot as
 * READY. `high` bounds the scan. mmap in a signal handler is not on POSIX's list of
 * async-signal-safe functions, but on Linux it is one system call, which is what the
 * list protects. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "index/mapguard.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum { FREE = 0, BUSY = 1, READY = 2 };

struct slot {
    int state;
    uintptr_t start;
    size_t len;
    msd_mapfault *f;
};

static struct slot slots[MSD_MAPGUARD_SLOTS];
static size_t high; /* slots at or past it are FREE */
static struct sigaction previous;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int installed;

/* Hands a fault outside every guarded mapping to the handler there was before. */
static void chain(int sig, siginfo_t *si, void *uc)
{
    if (previous.sa_flags & SA_SIGINFO) {
        if (previous.sa_sigaction) previous.sa_sigaction(sig, si, uc);
        return;
    }
    if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
        previous.sa_handler(sig);
        return;
    }
    /* the default: restore it; the faulting read runs again and the process ends as it
     * would have without us (ignoring a synchronous SIGBUS would loop forever) */
    signal(SIGBUS, SIG_DFL);
}

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
    uintptr_t at = (uintptr_t)si->si_addr;
    size_t n = __atomic_load_n(&high, __ATOMIC_ACQUIRE);
    for (size_t i = 0; i < n; i++) {
        struct slot *s = &slots[i];
        uintptr_t page, end;
        if (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) != READY) continue;
        if (at < s->start || at - s->start >= s->len) continue;
        page = at & ~(uintptr_t)(sysconf(_SC_PAGESIZE) - 1);
        end = s->start + s->len;
        end =
            (end + (uintptr_t)sysconf(_SC_PAGESIZE) - 1) & ~(uintptr_t)(sysconf(_SC_PAGESIZE) - 1);
        /* the rest of the mapping, from the faulting page on, becomes zeros */
        if (mmap((void *)page, end - page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
                 0) == MAP_FAILED)
            break;
        if (__atomic_fetch_add(&s->f->count, 1, __ATOMIC_RELAXED) == 0) s->f->first = at - s->start;
        return;
    }
    chain(sig, si, uc);
}

static void install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigbus;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    installed = sigaction(SIGBUS, &sa, &previous) == 0;
}

int msd_mapguard_add(const void *addr, size_t len, msd_mapfault *f)
{
    pthread_once(&once, install);
    if (!installed) return -1;
    for (size_t i = 0; i < MSD_MAPGUARD_SLOTS; i++) {
        struct slot *s = &slots[i];
        int expect = FREE;
        size_t h;
        if (!__atomic_compare_exchange_n(&s->state, &expect, BUSY, 0, __ATOMIC_ACQUIRE,
                                         __ATOMIC_RELAXED))
            continue;
        s->start = (uintptr_t)addr;
        s->len = len;
        s->f = f;
        h = __atomic_load_n(&high, __ATOMIC_RELAXED);
        while (h < i + 1 && !__atomic_compare_exchange_n(&high, &h, i + 1, 0, __ATOMIC_RELEASE,
                                                         __ATOMIC_RELAXED))
            ;
        __atomic_store_n(&s->state, READY, __ATOMIC_RELEASE);
        return 0;
    }
    return -1;
}

void msd_mapguard_remove(const void *addr)
{
    size_t n = __atomic_load_n(&high, __ATOMIC_ACQUIRE);
    for (size_t i = 0; i < n; i++) {
        struct slot *s = &slots[i];
        if (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) != READY || s->start != (uintptr_t)addr)
            continue;
        __atomic_store_n(&s->state, BUSY, __ATOMIC_RELEASE);
        s->start = 0;
        s->len = 0;
        s->f = NULL;
        __atomic_store_n(&s->state, FREE, __ATOMIC_RELEASE);
        return;
    }
}
