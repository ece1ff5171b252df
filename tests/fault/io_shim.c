/*
 * io_shim.c — an LD_PRELOAD library that makes one file operation fail, or a disk full,
 * for the fault harness (tests/fault/run.sh). It stands in front of libc for the calls
 * that change files: write, pwrite, pwrite64, writev (op "write"); fsync, fdatasync
 * ("fsync"); rename, renameat ("rename"); open, open64, openat, openat64 and creat with
 * O_CREAT ("create"); ftruncate, ftruncate64 ("truncate"). SQLite (libsqlite3.so) calls
 * pwrite64, write, fdatasync, ftruncate64 and open64 through its PLT, so its journal,
 * WAL and database writes are reached as marsad's own segment writes are.
 *
 * Only calls on regular files count (fstat of the descriptor; for a path, a file that
 * exists as something else is left alone), so standard output and error, pipes and
 * directories neither count nor fail.
 *
 *   MARSAD_FAULT_IO=OP:N[:MODE]   OP write|fsync|rename|create|truncate|any; N the
 *                                 1-based index of the matching call that fails.
 *                                 MODE once (default): that call alone fails, with EIO.
 *                                 enospc: that call and every later write fail with
 *                                 ENOSPC, as a disk that filled up stays full.
 *   MARSAD_FAULT_IO=count         fail nothing, count.
 *   MARSAD_FAULT_PATH=GLOB        count only calls on files whose path (as given, or
 *                                 the descriptor's from /proc) matches GLOB (fnmatch:
 *                                 '*' crosses '/'), e.g. '*.idx/seg-*-1-*.msx', a merged
 *                                 segment; the disk, once full, is full for every file.
 *   MARSAD_FAULT_REPORT=FILE      where the report goes (appended), else standard error:
 *                                 a line "fail OP N ERRNO PATH" when a call is made to
 *                                 fail, and at exit "io: write=N fsync=N rename=N
 *                                 create=N truncate=N failed=N". A report is written only
 *                                 when MARSAD_FAULT_IO is set.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum { OP_WRITE, OP_FSYNC, OP_RENAME, OP_CREATE, OP_TRUNCATE, NOPS, OP_ANY = NOPS };

static const char *const op_names[] = {"write", "fsync", "rename", "create", "truncate", "any"};

static struct {
    int on;           /* MARSAD_FAULT_IO is set: count, report */
    int op;           /* the op that fails (OP_ANY: every op), or -1 */
    unsigned long at; /* its 1-based index */
    int enospc;       /* a full disk from that call on */
    int full;         /* the disk is full now */
    const char *glob; /* MARSAD_FAULT_PATH, or NULL */
    unsigned long seen[NOPS + 1];
    unsigned long failed;
} cfg = {0, -1, 0, 0, 0, NULL, {0}, 0};

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off64_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_rename)(const char *, const char *);
static int (*real_renameat)(int, const char *, int, const char *);
static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_openat64)(int, const char *, int, ...);
static int (*real_creat)(const char *, mode_t);
static int (*real_ftruncate)(int, off_t);
static int (*real_ftruncate64)(int, off64_t);

static void *next(const char *name)
{
    return dlsym(RTLD_NEXT, name);
}

static void report(const char *line)
{
    const char *file = getenv("MARSAD_FAULT_REPORT");
    int fd = 2;
    size_t n = strlen(line);
    if (file && *file) fd = real_open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return;
    while (n) {
        ssize_t k = real_write(fd, line, n);
        if (k <= 0) break;
        line += k;
        n -= (size_t)k;
    }
    if (fd != 2) close(fd);
}

static void __attribute__((destructor)) at_exit(void)
{
    char line[256];
    if (!cfg.on) return;
    snprintf(line, sizeof line,
             "io: write=%lu fsync=%lu rename=%lu create=%lu truncate=%lu failed=%lu\n",
             cfg.seen[OP_WRITE], cfg.seen[OP_FSYNC], cfg.seen[OP_RENAME], cfg.seen[OP_CREATE],
             cfg.seen[OP_TRUNCATE], cfg.failed);
    report(line);
}

/* Resolves the real calls and reads the environment, once: from the constructor, or
 * from the first call when another library's constructor writes before ours runs. */
static int ready;

static void __attribute__((constructor)) setup(void)
{
    const char *e = getenv("MARSAD_FAULT_IO");
    if (ready) return;
    ready = 1;
    real_write = (ssize_t(*)(int, const void *, size_t))next("write");
    real_pwrite = (ssize_t(*)(int, const void *, size_t, off_t))next("pwrite");
    real_pwrite64 = (ssize_t(*)(int, const void *, size_t, off64_t))next("pwrite64");
    real_writev = (ssize_t(*)(int, const struct iovec *, int))next("writev");
    real_fsync = (int (*)(int))next("fsync");
    real_fdatasync = (int (*)(int))next("fdatasync");
    real_rename = (int (*)(const char *, const char *))next("rename");
    real_renameat = (int (*)(int, const char *, int, const char *))next("renameat");
    real_open = (int (*)(const char *, int, ...))next("open");
    real_open64 = (int (*)(const char *, int, ...))next("open64");
    real_openat = (int (*)(int, const char *, int, ...))next("openat");
    real_openat64 = (int (*)(int, const char *, int, ...))next("openat64");
    real_creat = (int (*)(const char *, mode_t))next("creat");
    real_ftruncate = (int (*)(int, off_t))next("ftruncate");
    real_ftruncate64 = (int (*)(int, off64_t))next("ftruncate64");
    if (!e || !*e) return;
    cfg.on = 1;
    cfg.glob = getenv("MARSAD_FAULT_PATH");
    if (cfg.glob && !*cfg.glob) cfg.glob = NULL;
    if (!strcmp(e, "count")) return;
    for (int k = 0; k <= NOPS; k++) {
        size_t n = strlen(op_names[k]);
        char *end;
        if (strncmp(e, op_names[k], n) || e[n] != ':') continue;
        cfg.at = strtoul(e + n + 1, &end, 10);
        if (!cfg.at) break;
        if (!strcmp(end, ":enospc"))
            cfg.enospc = 1;
        else if (*end && strcmp(end, ":once"))
            break;
        cfg.op = k;
        return;
    }
    report("io_shim: MARSAD_FAULT_IO is OP:N[:once|:enospc] or count "
           "(OP write|fsync|rename|create|truncate|any)\n");
    _exit(125);
}

/* The path of a descriptor, for the report. */
static void fd_path(int fd, char *buf, size_t cap)
{
    char link[64];
    ssize_t n;
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    n = readlink(link, buf, cap - 1);
    buf[n > 0 ? (size_t)n : 0] = 0;
}

static int is_file(int fd)
{
    struct stat st;
    return fd >= 0 && !fstat(fd, &st) && S_ISREG(st.st_mode);
}

/* A path that is not there yet (a file about to be made) or a regular file. */
static int is_file_path(int dirfd, const char *path)
{
    struct stat st;
    return fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) ? errno == ENOENT : S_ISREG(st.st_mode);
}

/* Counts a call of op on a regular file; returns the errno it must fail with, or 0. */
static int fault(int op, int fd, const char *path)
{
    unsigned long n;
    char where[4096], line[4400];
    int err = 0;
    if (!cfg.on) return 0;
    if (path)
        snprintf(where, sizeof where, "%s", path);
    else
        fd_path(fd, where, sizeof where);
    if (cfg.glob && fnmatch(cfg.glob, where, 0)) /* not one of the files that count */
        n = 0;
    else if ((n = __atomic_add_fetch(&cfg.seen[op], 1, __ATOMIC_SEQ_CST)) && cfg.op == OP_ANY)
        n = __atomic_add_fetch(&cfg.seen[OP_ANY], 1, __ATOMIC_SEQ_CST);
    if (op == OP_WRITE && __atomic_load_n(&cfg.full, __ATOMIC_SEQ_CST))
        err = ENOSPC;
    else if (n && (cfg.op == op || cfg.op == OP_ANY) && n == cfg.at)
        err = cfg.enospc ? ENOSPC : EIO;
    if (!err) return 0;
    if (cfg.enospc) __atomic_store_n(&cfg.full, 1, __ATOMIC_SEQ_CST);
    if (__atomic_add_fetch(&cfg.failed, 1, __ATOMIC_SEQ_CST) > 1 && err == ENOSPC) return err;
    snprintf(line, sizeof line, "fail %s %lu %s %s\n", op_names[op], n,
             err == EIO ? "EIO" : "ENOSPC", where);
    report(line);
    return err;
}

#define FAIL_FD(op, fd, failed)                                                                    \
    do {                                                                                           \
        if (!ready) setup();                                                                       \
        int err_ = cfg.on && is_file(fd) ? fault(op, fd, NULL) : 0;                                \
        if (err_) {                                                                                \
            errno = err_;                                                                          \
            return failed;                                                                         \
        }                                                                                          \
    } while (0)

ssize_t write(int fd, const void *buf, size_t n)
{
    FAIL_FD(OP_WRITE, fd, -1);
    return real_write(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    FAIL_FD(OP_WRITE, fd, -1);
    return real_pwrite(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
    FAIL_FD(OP_WRITE, fd, -1);
    return real_pwrite64(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec *iov, int n)
{
    FAIL_FD(OP_WRITE, fd, -1);
    return real_writev(fd, iov, n);
}

int fsync(int fd)
{
    FAIL_FD(OP_FSYNC, fd, -1);
    return real_fsync(fd);
}

int fdatasync(int fd)
{
    FAIL_FD(OP_FSYNC, fd, -1);
    return real_fdatasync(fd);
}

int ftruncate(int fd, off_t len)
{
    FAIL_FD(OP_TRUNCATE, fd, -1);
    return real_ftruncate(fd, len);
}

int ftruncate64(int fd, off64_t len)
{
    FAIL_FD(OP_TRUNCATE, fd, -1);
    return real_ftruncate64(fd, len);
}

static int rename_fails(int dirfd, const char *from)
{
    int err;
    if (!ready) setup();
    err = cfg.on && is_file_path(dirfd, from) ? fault(OP_RENAME, -1, from) : 0;
    errno = err;
    return err;
}

int rename(const char *from, const char *to)
{
    int e = errno;
    if (rename_fails(AT_FDCWD, from)) return -1;
    errno = e;
    return real_rename(from, to);
}

int renameat(int fromfd, const char *from, int tofd, const char *to)
{
    int e = errno;
    if (rename_fails(fromfd, from)) return -1;
    errno = e;
    return real_renameat(fromfd, from, tofd, to);
}

/* A file made (O_CREAT) where none is, or a regular one opened to be made anew. */
static int create_fails(int dirfd, const char *path, int flags)
{
    int e = errno, err = 0;
    if (!ready) setup();
    if (cfg.on && (flags & O_CREAT) && is_file_path(dirfd, path)) err = fault(OP_CREATE, -1, path);
    errno = err ? err : e;
    return err;
}

static mode_t mode_of(int flags, va_list ap)
{
    return flags & (O_CREAT | O_TMPFILE) ? (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...)
{
    va_list ap;
    mode_t mode;
    va_start(ap, flags);
    mode = mode_of(flags, ap);
    va_end(ap);
    if (create_fails(AT_FDCWD, path, flags)) return -1;
    return real_open(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
    va_list ap;
    mode_t mode;
    va_start(ap, flags);
    mode = mode_of(flags, ap);
    va_end(ap);
    if (create_fails(AT_FDCWD, path, flags)) return -1;
    return real_open64(path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
    va_list ap;
    mode_t mode;
    va_start(ap, flags);
    mode = mode_of(flags, ap);
    va_end(ap);
    if (create_fails(dirfd, path, flags)) return -1;
    return real_openat(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
    va_list ap;
    mode_t mode;
    va_start(ap, flags);
    mode = mode_of(flags, ap);
    va_end(ap);
    if (create_fails(dirfd, path, flags)) return -1;
    return real_openat64(dirfd, path, flags, mode);
}

int creat(const char *path, mode_t mode)
{
    if (create_fails(AT_FDCWD, path, O_CREAT)) return -1;
    return real_creat(path, mode);
}
