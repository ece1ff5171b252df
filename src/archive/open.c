/*
 * open.c — opening and closing an archive: the catalog, the writer's lock, the index the
 * manifest names, and the debris a crash left (a segment file no manifest row names).
 * The contract is in marsad.h; the handle in internal.h.
 */
#define _GNU_SOURCE /* F_OFD_SETLK */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "archive/internal.h"
#include "store/store.h"

int msd_archive_fail(msd_archive *a, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->err, sizeof a->err, fmt, ap);
    va_end(ap);
    return rc;
}

void marsad_archive_options_init(marsad_archive_options *o)
{
    memset(o, 0, sizeof *o);
    o->version = MARSAD_ARCHIVE_OPTIONS_VERSION;
    o->batch = 20000;
}

const char *marsad_archive_errmsg(const marsad_archive *a)
{
    if (!a) return "out of memory";
    return a->err[0] ? a->err : a->store ? msd_store_error(a->store) : "";
}

void msd_archive_analyzer_config(marsad_analyzer_config *cfg)
{
    marsad_analyzer_config_init(cfg);
    /* stopwords are marked, not dropped: the index leaves them out (as Lucene's
     * ArabicAnalyzer; positions keep their gaps), the duplicate keys keep them
     * (docs/dedup.md: dropping them loses 640 of 8,083 near-duplicate pairs) */
    cfg->mark_stopwords = 1;
}

/* ---- The index ----------------------------------------------------------------------- */

/* Hands each segment its deletion bitmap from the manifest. */
static int load_deleted(msd_archive *a, msd_index *ix, const msd_store_segment *segs, size_t n)
{
    int rc = MARSAD_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        uint8_t *bits;
        size_t nb;
        if (!(rc = msd_store_deleted(a->store, segs[i].id, &bits, &nb)) && nb)
            rc = msd_index_set_deleted(ix, i, bits, nb);
        free(bits);
    }
    return rc;
}

/* Opens the segments the manifest names now; *missing tells a file was not there. */
static int open_index(msd_archive *a, msd_index **ix, int *missing)
{
    msd_store_segment *segs = NULL;
    size_t n = 0, bad = 0;
    const char **files;
    int rc = msd_store_segments(a->store, &segs, &n);
    *missing = 0;
    if (rc) return rc;
    if (!(files = calloc(n ? n : 1, sizeof *files))) {
        free(segs);
        return MARSAD_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) files[i] = segs[i].file;
    while ((rc = msd_index_open(a->dir, files, n, ix, &bad)) == MARSAD_ECORRUPT && a->writer &&
           !a->repairing) {
        /* a writer goes on without a damaged segment, so ingests keep storing (the catalog
         * holds every article; the repair rebuilds the index from it); it merges and
         * deletes no more, and its ingest ends with MARSAD_ECORRUPT naming the file */
        if (!a->index_damaged)
            msd_archive_fail(a, rc,
                             "index segment %s/%s: damaged (cut short, or failing its checksum); "
                             "`marsad check --repair` rebuilds the index from the catalog",
                             a->dir, files[bad]);
        if (!a->index_damaged) memcpy(a->damage, a->err, sizeof a->damage);
        a->index_damaged = a->merge_off = 1;
        memmove(files + bad, files + bad + 1, (n - bad - 1) * sizeof *files);
        memmove(segs + bad, segs + bad + 1, (n - bad - 1) * sizeof *segs);
        n--;
    }
    if (rc) {
        *missing = rc == MARSAD_EIO && errno == ENOENT;
        msd_archive_fail(a, rc, "index segment %s/%s: %s%s", a->dir, n ? files[bad] : "?",
                         rc == MARSAD_EIO        ? strerror(errno)
                         : rc == MARSAD_ECORRUPT ? "damaged (cut short, or failing its checksum)"
                                                 : marsad_strerror(rc),
                         rc == MARSAD_ECORRUPT ? "; `marsad check --repair` rebuilds the index "
                                                 "from the catalog"
                                               : "");
    } else if ((rc = load_deleted(a, *ix, segs, n))) {
        msd_index_close(*ix);
        *ix = NULL;
    }
    free(files);
    free(segs);
    return rc;
}

int msd_archive_reload(msd_archive *a)
{
    msd_index *ix = NULL;
    int64_t version;
    int missing, rc;
    if (!a->store) return MARSAD_OK; /* a deferred writer: no index yet */
    if (msd_store_data_version(a->store, &version)) version = -1; /* before the manifest */
    rc = open_index(a, &ix, &missing);
    /* a reader that read the manifest just before a merge committed may find a file
     * unlinked after it; read again, the manifest then names the merged one */
    for (int tries = 0; rc && missing && !a->writer && tries < 20; tries++) {
        struct timespec pause = {0, 5000000};
        nanosleep(&pause, NULL);
        a->err[0] = 0;
        rc = open_index(a, &ix, &missing);
    }
    if (rc) return rc;
    msd_index_close(a->ix);
    a->ix = ix;
    a->ix_version = version;
    return MARSAD_OK;
}

int marsad_archive_refresh(marsad_archive *a, int *changed)
{
    int64_t version;
    int rc;
    if (changed) *changed = 0;
    if (!a) return MARSAD_EINVAL;
    a->err[0] = 0; /* a new request on a long-lived handle: an old message is not its */
    if (a->writer || !a->store) return MARSAD_OK; /* a writer reads its own commits */
    /* data_version moves when another connection commits: one cheap PRAGMA when nothing
     * changed, instead of reading the manifest and reopening every segment */
    if (!msd_store_data_version(a->store, &version) && version == a->ix_version &&
        a->ix_version >= 0)
        return MARSAD_OK;
    if ((rc = msd_archive_reload(a))) return rc;
    if (changed) *changed = 1;
    return MARSAD_OK;
}

/* Removes the segment files no manifest row names: what a crash left behind. */
static int remove_orphans(msd_archive *a)
{
    msd_store_segment *segs = NULL;
    size_t n = 0;
    DIR *d;
    struct dirent *e;
    int rc = msd_store_segments(a->store, &segs, &n);
    if (rc) return rc;
    if (!(d = opendir(a->dir))) {
        free(segs);
        return msd_archive_fail(a, MARSAD_EIO, "%s: %s", a->dir, strerror(errno));
    }
    while ((e = readdir(d))) {
        size_t k;
        char path[4400];
        if (strncmp(e->d_name, "seg-", 4)) continue;
        for (k = 0; k < n && strcmp(segs[k].file, e->d_name); k++)
            ;
        if (k < n) continue;
        snprintf(path, sizeof path, "%s/%.255s", a->dir, e->d_name);
        unlink(path);
        a->orphans++;
    }
    closedir(d);
    free(segs);
    return MARSAD_OK;
}

/* One writer at a time: a second one would take the first's uncommitted segment for a
 * crash's leftover and remove it. The lock is a record lock on PATH.idx/LOCK, released
 * by the kernel when the process ends, however it ends. It belongs to the handle's open
 * file (Linux's OFD locks), not to the process: a second writer handle of the same
 * process is refused too, and closing it does not release the first one's lock, as a
 * POSIX lock (F_SETLK, the fallback) would. */
#ifdef F_OFD_SETLK
#define LOCK_CMD F_OFD_SETLK
#else
#define LOCK_CMD F_SETLK
#endif
static int lock_writer(msd_archive *a)
{
    struct flock fl;
    char path[4400];
    snprintf(path, sizeof path, "%s/LOCK", a->dir);
    if ((a->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0)
        return msd_archive_fail(a, MARSAD_EIO, "%s: %s", path, strerror(errno));
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(a->lock_fd, LOCK_CMD, &fl)) {
        int busy = errno == EACCES || errno == EAGAIN;
        return msd_archive_fail(a, busy ? MARSAD_EBUSY : MARSAD_EIO, "%s: %s", a->dir,
                                busy ? marsad_strerror(MARSAD_EBUSY) : strerror(errno));
    }
    return MARSAD_OK;
}

/* The index directory and the writer's lock in it. */
static int lock_dir(msd_archive *a)
{
    if (a->lock_fd >= 0) return MARSAD_OK;
    if (mkdir(a->dir, 0755) && errno != EEXIST)
        return msd_archive_fail(a, MARSAD_EIO, "%s: %s", a->dir, strerror(errno));
    return lock_writer(a);
}

/* The catalog open (a file that is not a marsad catalog is refused before anything is
 * made beside it), with its writer's lock and a clean index directory. */
static int open_catalog(msd_archive *a)
{
    int rc = msd_store_open(a->path, a->writer ? MSD_STORE_WRITE : MSD_STORE_READ, &a->store);
    if (rc) return msd_archive_fail(a, rc, "%s: %s", a->path, msd_store_error(a->store));
    if (a->writer && ((rc = lock_dir(a)) || (rc = remove_orphans(a)))) return rc;
    if (a->repairing) { /* the index may not open: it is about to be rebuilt */
        msd_archive_reload(a);
        a->err[0] = 0;
        return msd_archive_reindex(a, 1);
    }
    if (a->writer && (rc = msd_archive_reindex(a, 0))) return rc;
    return msd_archive_reload(a);
}

/* The folder of the archive's path into dir (of sizeof a->path bytes); returns the
 * file's name, a pointer into a->path. */
static const char *parent_of(const msd_archive *a, char *dir)
{
    const char *slash = strrchr(a->path, '/');
    if (!slash) {
        strcpy(dir, ".");
        return a->path;
    }
    snprintf(dir, sizeof a->path, "%.*s", (int)(slash - a->path) + (slash == a->path),
             a->path); /* "/m.db" lives in "/" */
    return slash + 1;
}

/* The archive is made when its first article comes; a folder it cannot be made in is
 * refused now, before the input is read (else a run would read and analyze a document
 * to fail on PATH.idx). */
static int check_parent(msd_archive *a)
{
    char dir[sizeof a->path];
    struct stat st;
    int err = 0;
    parent_of(a, dir);
    if (stat(dir, &st))
        err = errno;
    else if (!S_ISDIR(st.st_mode))
        err = ENOTDIR;
    else if (access(dir, W_OK | X_OK))
        err = errno;
    if (err)
        return msd_archive_fail(a, MARSAD_EIO, "%s: cannot make an archive there: %s: %s", a->path,
                                dir, strerror(err));
    return MARSAD_OK;
}

/* Removes PATH.new-* (with their -wal and -shm): the catalogs that writers killed while
 * making them left. Called under the writer's lock, so none is being made. */
static void remove_unfinished(const msd_archive *a)
{
    char dir[sizeof a->path], prefix[300], path[sizeof a->path + 300];
    const char *name = parent_of(a, dir);
    size_t np = (size_t)snprintf(prefix, sizeof prefix, "%s.new-", name);
    DIR *d = np < sizeof prefix ? opendir(dir) : NULL;
    struct dirent *e;
    if (!d) return; /* leftovers stay; the new catalog's name is its own */
    while ((e = readdir(d)))
        if (!strncmp(e->d_name, prefix, np) &&
            (size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) < sizeof path)
            unlink(path);
    closedir(d);
}

/* Removes a catalog file with its -wal and -shm. */
static void remove_catalog(const char *path)
{
    char side[4300];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

/* A new catalog is made whole under a temporary name, then renamed into place: killed
 * while it is made, nothing is left at PATH that a reader would take for an archive,
 * only PATH.new-PID, which the next writer's creation removes. The writer's lock is
 * taken first, so two writers never make it at once. The WAL keeps the temporary name,
 * so all it holds goes into the file before the rename, checked: closing checkpoints
 * too, but says nothing when that fails, and a disk full there renamed a file without
 * its schema into place ("database disk image is malformed" for every command). */
static int create_catalog(msd_archive *a)
{
    char tmp[4200];
    msd_store *s = NULL;
    int rc;
    if ((rc = lock_dir(a))) return rc;
    if (!access(a->path, F_OK)) return MARSAD_OK; /* made meanwhile, by a writer now gone */
    remove_unfinished(a);
    snprintf(tmp, sizeof tmp, "%s.new-%ld", a->path, (long)getpid());
    rc = msd_store_open(tmp, MSD_STORE_CREATE, &s);
    if (!rc) rc = msd_store_checkpoint(s);
    if (rc) msd_archive_fail(a, rc, "%s: %s", tmp, msd_store_error(s));
    msd_store_close(s);
    if (!rc && rename(tmp, a->path))
        rc = msd_archive_fail(a, MARSAD_EIO, "%s: %s", a->path, strerror(errno));
    remove_catalog(tmp); /* after the rename, its empty WAL and index if closing left them */
    return rc;
}

int msd_archive_materialize(msd_archive *a)
{
    int rc;
    if (!a->deferred) return MARSAD_OK;
    a->deferred = 0;
    if ((rc = create_catalog(a)) || (rc = open_catalog(a))) a->broken = 1;
    return rc;
}

static int open_handle(const char *path, int mode, const marsad_archive_options *o, int repairing,
                       marsad_archive **out)
{
    msd_archive *a = calloc(1, sizeof *a);
    marsad_analyzer_config cfg;
    int rc;
    *out = a;
    if (!a) return MARSAD_ENOMEM;
    a->lock_fd = -1;
    a->repairing = repairing;
    if (!path || (mode != MARSAD_READ && mode != MARSAD_WRITE) ||
        (o && o->version != MARSAD_ARCHIVE_OPTIONS_VERSION))
        return msd_archive_fail(a, MARSAD_EINVAL, "bad arguments to marsad_archive_open");
    if (o)
        a->opt = *o;
    else
        marsad_archive_options_init(&a->opt);
    if (!a->opt.batch) a->opt.batch = 20000;
    a->writer = mode == MARSAD_WRITE;
    if ((size_t)snprintf(a->path, sizeof a->path, "%s", path) >= sizeof a->path ||
        (size_t)snprintf(a->dir, sizeof a->dir, "%s.idx", path) >= sizeof a->dir)
        return msd_archive_fail(a, MARSAD_EINVAL, "%.64s…: path too long", path);
    msd_archive_analyzer_config(&cfg);
    if ((rc = marsad_analyzer_new(&cfg, &a->an))) return rc;
    if (access(path, F_OK)) {
        if (!a->writer)
            return msd_archive_fail(a, MARSAD_EIO, "%s: no archive there (marsad ingest makes one)",
                                    path);
        if ((rc = check_parent(a))) return rc;
        a->deferred = 1; /* made when the first article comes (internal.h) */
        return MARSAD_OK;
    }
    return open_catalog(a);
}

int marsad_archive_open(const char *path, int mode, const marsad_archive_options *o,
                        marsad_archive **out)
{
    return open_handle(path, mode, o, 0, out);
}

int msd_archive_open_repair(const char *path, msd_archive **out)
{
    return open_handle(path, MARSAD_WRITE, NULL, 1, out);
}

int marsad_archive_close(marsad_archive *a)
{
    int rc = MARSAD_OK;
    if (!a) return MARSAD_OK;
    if (a->writer && a->store && a->an && !a->broken) {
        rc = msd_archive_commit(a);
        if (!rc) rc = msd_archive_merge(a, NULL);
        if (!rc && a->merge_off) rc = msd_archive_fail(a, MARSAD_ECORRUPT, "%s", a->damage);
    }
    if (a->writer && a->store) msd_store_rollback(a->store);
    msd_segw_free(a->w);
    msd_index_close(a->ix);
    marsad_analyzer_free(a->an);
    msd_store_close(a->store);
    if (a->lock_fd >= 0) close(a->lock_fd);
    free(a->cands);
    msd_archive_story_drop(a);
    free(a);
    return rc;
}

int msd_archive_new_segment_name(msd_archive *a, int level, char *name, size_t cap)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (size_t)snprintf(name, cap, "seg-%08llx%05llx-%d-%u.msx", (unsigned long long)ts.tv_sec,
                            (unsigned long long)(ts.tv_nsec / 10000), level,
                            (unsigned)getpid() ^ a->seq++) < cap
               ? MARSAD_OK
               : MARSAD_EINVAL;
}
