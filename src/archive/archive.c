/*
 * archive.c — the catalog and the index together: ingest, flush, search; the contract
 * is in archive.h, the merge policy in merge.c.
 *
 * Durability order of a batch: (1) the segment file is written and fsync'd under a new
 * name; (2) one catalog transaction inserts the batch's articles, facts, signatures and
 * the segment's manifest row, and commits. A crash before (2) leaves a file no manifest
 * names (removed at the next writer's open) and no article of the batch; after (2)
 * everything is there. Articles are inserted as they come (in the open transaction) so
 * that duplicates within a batch find each other.
 */
#include "archive/archive.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "archive/internal.h"
#include "clean/clean.h"
#include "clean/json.h"
#include "dedup/minhash.h"
#include "extract/facts.h"
#include "read/doc.h"
#include "search/snippet.h"
#include "store/store.h"
#include "util/grow.h"
#include "util/hash.h"

void msd_archive_options_init(msd_archive_options *o)
{
    o->batch = 20000;
    o->lx = NULL;
}

const char *msd_archive_error(const msd_archive *a)
{
    if (!a) return "out of memory";
    return a->err[0] ? a->err : msd_store_error(a->store);
}

struct msd_store *msd_archive_store(msd_archive *a)
{
    return a->store;
}

/* ---- Opening ---------------------------------------------------------------------------- */

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
    rc = msd_index_open(a->dir, files, n, ix, &bad);
    if (rc) {
        *missing = rc == MARSAD_EIO && errno == ENOENT;
        snprintf(a->err, sizeof a->err, "index segment %s/%s: %s", a->dir, n ? files[bad] : "?",
                 rc == MARSAD_EIO ? strerror(errno) : marsad_strerror(rc));
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
    int missing, rc = open_index(a, &ix, &missing);
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
        return MARSAD_EIO;
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
 * crash's leftover and remove it. The lock is a POSIX record lock on PATH.idx/LOCK,
 * released by the kernel when the process ends, however it ends. */
static int lock_writer(msd_archive *a)
{
    struct flock fl;
    char path[4400];
    snprintf(path, sizeof path, "%s/LOCK", a->dir);
    if ((a->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0) {
        snprintf(a->err, sizeof a->err, "%s: %s", path, strerror(errno));
        return MARSAD_EIO;
    }
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(a->lock_fd, F_SETLK, &fl)) {
        int busy = errno == EACCES || errno == EAGAIN;
        snprintf(a->err, sizeof a->err, "%s: %s", a->dir,
                 busy ? marsad_strerror(MARSAD_EBUSY) : strerror(errno));
        return busy ? MARSAD_EBUSY : MARSAD_EIO;
    }
    return MARSAD_OK;
}

int msd_archive_open(const char *path, int mode, const msd_archive_options *opt, msd_archive **out)
{
    msd_archive *a = calloc(1, sizeof *a);
    marsad_analyzer_config cfg;
    int rc;
    *out = a;
    if (!a) return MARSAD_ENOMEM;
    a->lock_fd = -1;
    if (opt)
        a->opt = *opt;
    else
        msd_archive_options_init(&a->opt);
    if (!a->opt.batch) a->opt.batch = 20000;
    a->writer = mode == MSD_ARCHIVE_WRITE;
    if ((size_t)snprintf(a->dir, sizeof a->dir, "%s.idx", path) >= sizeof a->dir)
        return MARSAD_EINVAL;
    if (!a->writer && access(path, F_OK)) {
        snprintf(a->err, sizeof a->err, "%s: no archive there (marsad ingest makes one)", path);
        return MARSAD_EIO;
    }
    rc = msd_store_open(path, a->writer ? MSD_STORE_WRITE : MSD_STORE_READ, &a->store);
    if (rc) return rc;
    if (a->writer) {
        if (mkdir(a->dir, 0755) && errno != EEXIST) {
            snprintf(a->err, sizeof a->err, "%s: %s", a->dir, strerror(errno));
            return MARSAD_EIO;
        }
        if ((rc = lock_writer(a)) || (rc = remove_orphans(a))) return rc;
    }
    marsad_analyzer_config_init(&cfg);
    /* stopwords are marked, not dropped: the index leaves them out (as Lucene's
     * ArabicAnalyzer; positions keep their gaps), the duplicate keys keep them
     * (docs/dedup.md: dropping them loses 640 of 8,083 near-duplicate pairs) */
    cfg.mark_stopwords = 1;
    if ((rc = marsad_analyzer_new(&cfg, &a->an))) return rc;
    return msd_archive_reload(a);
}

int msd_archive_close(msd_archive *a)
{
    int rc = MARSAD_OK;
    if (!a) return MARSAD_OK;
    if (a->writer && a->store && a->an && !a->broken) {
        rc = msd_archive_flush(a);
        if (!rc) rc = msd_archive_merge(a, NULL);
    }
    if (a->writer && a->store) msd_store_rollback(a->store);
    msd_segw_free(a->w);
    msd_index_close(a->ix);
    marsad_analyzer_free(a->an);
    msd_store_close(a->store);
    if (a->lock_fd >= 0) close(a->lock_fd);
    free(a->toks);
    free(a->words);
    free(a->cands);
    free(a);
    return rc;
}

/* ---- Ingest ----------------------------------------------------------------------------- */

/* Days since 1970-01-01 of "YYYY-MM-DD…", or MSD_SEG_NO_DATE. */
int32_t msd_archive_days(const char *date)
{
    int y, m, d;
    long yy, era, yoe, doy, doe;
    if (!date || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return MSD_SEG_NO_DATE;
    yy = y - (m <= 2);
    era = (yy >= 0 ? yy : yy - 399) / 400;
    yoe = yy - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

struct collect {
    msd_archive *a;
    int title;
    uint64_t norm_hash; /* of the normalized token sequence: the exact-duplicate key */
    uint32_t last_pos;
    int rc;
};

static int collect_tok(void *ctx, const marsad_token *t)
{
    struct collect *c = ctx;
    msd_archive *a = c->a;
    struct tokbuf *b;
    if (!c->title) { /* the duplicate keys: every word of the body */
        c->norm_hash = msd_mix64(c->norm_hash ^ msd_hash64(t->norm, t->norm_len));
        if ((c->rc = msd_grow((void **)&a->words, &a->cap_words, a->nwords + 1, sizeof *a->words,
                              MSD_GROW_DOC_MAX)))
            return 1;
        a->words[a->nwords++] = msd_minhash_word(t->stem, t->stem_len);
    }
    if (t->flags & MARSAD_TOKEN_STOPWORD) return 0; /* not indexed */
    if ((c->rc = msd_grow((void **)&a->toks, &a->cap_toks, a->ntoks + 1, sizeof *a->toks,
                          MSD_GROW_DOC_MAX)))
        return 1;
    if (t->stem_len > 255 || t->norm_len > 255) return 0; /* (tokens are < 1024 bytes) */
    b = &a->toks[a->ntoks++];
    memcpy(b->stem, t->stem, t->stem_len);
    b->sl = (uint8_t)t->stem_len;
    memcpy(b->norm, t->norm, t->norm_len);
    b->nl = (uint8_t)t->norm_len;
    b->pos = (uint32_t)t->position;
    b->title = (uint8_t)c->title;
    c->last_pos = (uint32_t)t->position + 1;
    return 0;
}

/* The first article of the group this one nearly duplicates, by the LSH candidates'
 * signatures; 0 when none reaches the threshold. */
static int near_group(msd_archive *a, const uint32_t *sig, const uint64_t *keys, int64_t *group,
                      double *best)
{
    size_t n = 0, slots = msd_minhash_slots(&msd_minhash_default);
    uint32_t other[MSD_MINHASH_MAX_SLOTS];
    int rc;
    *group = 0;
    *best = 0;
    if (!a->cands && !(a->cands = malloc(MSD_ARCHIVE_CANDIDATES * sizeof *a->cands)))
        return MARSAD_ENOMEM;
    rc = msd_store_candidates(a->store, keys, msd_minhash_default.bands, a->cands,
                              MSD_ARCHIVE_CANDIDATES, &n);
    for (size_t k = 0; !rc && k < n; k++) {
        int64_t g;
        double e;
        if ((rc = msd_store_signature(a->store, a->cands[k], other, slots, &g))) {
            if (rc == MARSAD_END || rc == MARSAD_EFORMAT) rc = MARSAD_OK; /* gone or foreign */
            continue;
        }
        e = msd_minhash_estimate(sig, other, slots);
        if (e >= MSD_MINHASH_THRESHOLD && e > *best) { /* ties: the earliest (ids increase) */
            *best = e;
            *group = g;
        }
    }
    return rc;
}

static int begin_batch(msd_archive *a)
{
    int rc;
    if (a->in_batch) return MARSAD_OK;
    if ((rc = msd_store_begin(a->store))) return rc;
    if (!a->w && (rc = msd_segw_new(&a->w))) return rc;
    a->in_batch = 1;
    return MARSAD_OK;
}

static int add_one(msd_archive *a, const msd_doc *doc, const msd_article *art, int *outcome)
{
    struct collect c = {a, 1, 0x9e3779b97f4a7c15ull, 0, MARSAD_OK};
    msd_store_article sa;
    msd_facts facts;
    char idbuf[17], datebuf[11];
    const char *date = msd_api_date(doc->date, datebuf), *ref;
    uint32_t sig[MSD_MINHASH_MAX_SLOTS], body_len, title_len;
    uint64_t keys[MSD_MINHASH_MAX_SLOTS];
    int64_t id, prev_id, group = 0;
    double jac = 0;
    msd_segdoc row;
    uint32_t source = 0;
    int rc, have_sig = 0;
    *outcome = MSD_INGEST_STORED;
    if (!a->writer) return MARSAD_EREADONLY;
    memset(&sa, 0, sizeof sa);
    sa.ext_id = msd_article_id(doc, art, idbuf);
    if ((rc = begin_batch(a))) return rc;
    rc = msd_store_find_ext(a->store, sa.ext_id, &prev_id);
    if (rc == MARSAD_OK) {
        *outcome = MSD_INGEST_KNOWN;
        return MARSAD_OK;
    }
    if (rc != MARSAD_END) return rc;
    /* tokens of the title and body, for the index, the duplicate keys and MinHash */
    a->ntoks = a->nwords = 0;
    if (art->title && art->title[0] &&
        (rc = marsad_analyze(a->an, art->title, strlen(art->title), collect_tok, &c)) &&
        rc != MARSAD_ESTOP)
        return rc;
    if (c.rc) return c.rc;
    title_len = c.last_pos;
    c.title = 0;
    c.last_pos = 0;
    if ((rc = marsad_analyze(a->an, art->body, art->body_len, collect_tok, &c)) &&
        rc != MARSAD_ESTOP)
        return rc;
    if (c.rc) return c.rc;
    body_len = c.last_pos;
    sa.body_hash = c.norm_hash;
    /* duplicates: an identical normalized body, else a near one */
    if (a->nwords &&
        (rc = msd_store_find_hash(a->store, sa.body_hash, &prev_id, &group)) == MARSAD_OK) {
        sa.dup_kind = "exact";
        jac = 1;
        *outcome = MSD_INGEST_EXACT;
    } else if (rc && rc != MARSAD_END) {
        return rc;
    } else {
        group = 0;
    }
    if (a->nwords >= MSD_MINHASH_MIN_WORDS) {
        if ((rc = msd_minhash_sig(a->words, a->nwords, &msd_minhash_default, sig)) ||
            (rc = msd_minhash_bands(sig, &msd_minhash_default, keys)))
            return rc;
        have_sig = 1;
        if (!group) {
            if ((rc = near_group(a, sig, keys, &group, &jac))) return rc;
            if (group) {
                sa.dup_kind = "near";
                *outcome = MSD_INGEST_NEAR;
            }
        }
    }
    sa.group = group;
    sa.dup_jaccard = jac;
    /* facts, against the publication day when there is one */
    ref = date && strlen(date) == 10 ? date : NULL;
    if ((rc = msd_extract_facts(a->opt.lx, art->body, art->body_len, ref, &facts))) return rc;
    if (!date && facts.date_inferred) {
        date = facts.date;
        sa.date_source = "text";
    } else if (date) {
        sa.date_source = "metadata";
    }
    sa.source = art->source;
    sa.url = doc->url;
    sa.title = art->title;
    sa.date = date;
    sa.language = art->language;
    sa.body = art->body;
    sa.body_len = art->body_len;
    sa.origin = doc->origin;
    sa.format = doc->format;
    rc = msd_store_add(a->store, &sa, art, &facts, &id);
    msd_facts_clear(&facts);
    if (rc) return rc;
    if (id > UINT32_MAX) return MARSAD_ETOOBIG; /* index document ids are 32-bit */
    if (have_sig &&
        (rc = msd_store_add_signature(a->store, id, sig, msd_minhash_slots(&msd_minhash_default),
                                      keys, msd_minhash_default.bands)))
        return rc;
    if (sa.source && (rc = msd_store_source(a->store, sa.source, 1, &source))) return rc;
    /* the index document */
    row.docid = (uint32_t)id;
    row.group = (uint32_t)(group ? group : id);
    row.body_len = body_len;
    row.title_len = title_len;
    row.source = source;
    row.date = msd_archive_days(date);
    if ((rc = msd_segw_doc(a->w, &row))) return rc;
    for (size_t k = 0; k < a->ntoks && !rc; k++) {
        const struct tokbuf *t = &a->toks[k];
        rc = msd_segw_token(a->w, t->title, t->pos, t->stem, t->sl, t->norm, t->nl);
    }
    if (rc) return rc;
    a->batch_docs++;
    if (a->batch_docs >= a->opt.batch) return msd_archive_flush(a);
    return MARSAD_OK;
}

int msd_archive_add(msd_archive *a, const msd_doc *doc, const msd_article *art, int *outcome)
{
    int rc;
    if (a->broken) return MARSAD_EABORTED;
    rc = add_one(a, doc, art, outcome);
    if (rc && a->in_batch) a->broken = 1; /* whatever of it got in stays uncommitted */
    return rc;
}

/* Sets the bit of catalog document id in the deletion bitmap of the segment holding it. */
static int mark_deleted(msd_archive *a, int64_t id)
{
    msd_store_segment *segs = NULL;
    size_t n = 0;
    int rc = msd_store_segments(a->store, &segs, &n);
    if (rc) return rc;
    rc = n == msd_index_nsegs(a->ix) ? MARSAD_OK : MARSAD_EFORMAT; /* the writer's view */
    for (size_t i = 0; !rc && i < n; i++) {
        uint32_t local = msd_seg_local(msd_index_seg(a->ix, i), (uint32_t)id);
        uint8_t *bits = NULL, *grown;
        size_t nb = 0, need = (size_t)local / 8 + 1;
        if (local == UINT32_MAX) continue;
        if ((rc = msd_store_deleted(a->store, segs[i].id, &bits, &nb))) break;
        if (nb < need) {
            if (!(grown = realloc(bits, need))) {
                free(bits);
                rc = MARSAD_ENOMEM;
                break;
            }
            memset(grown + nb, 0, need - nb);
            bits = grown;
            nb = need;
        }
        bits[local / 8] |= (uint8_t)(1u << (local % 8));
        rc = msd_store_set_deleted(a->store, segs[i].id, bits, nb);
        if (!rc) rc = msd_index_set_deleted(a->ix, i, bits, nb);
        free(bits);
        break;
    }
    free(segs);
    return rc;
}

int msd_archive_delete(msd_archive *a, const char *ext_id, int *found)
{
    uint32_t sig[MSD_MINHASH_MAX_SLOTS];
    uint64_t keys[MSD_MINHASH_MAX_SLOTS];
    size_t nbands = 0, slots = msd_minhash_slots(&msd_minhash_default);
    int64_t id, group;
    int rc;
    *found = 0;
    if (!a->writer) return MARSAD_EREADONLY;
    if (a->broken) return MARSAD_EABORTED;
    if ((rc = msd_archive_flush(a))) return rc; /* the batch in progress first */
    rc = msd_store_find_ext(a->store, ext_id, &id);
    if (rc == MARSAD_END) return MARSAD_OK;
    if (rc) return rc;
    rc = msd_store_signature(a->store, id, sig, slots, &group);
    if (!rc && !(rc = msd_minhash_bands(sig, &msd_minhash_default, keys)))
        nbands = msd_minhash_default.bands;
    if (rc == MARSAD_END) rc = MARSAD_OK; /* a short text: no signature */
    if (rc || (rc = msd_store_begin(a->store))) return rc;
    if (!(rc = msd_store_delete(a->store, id, keys, nbands)) && !(rc = mark_deleted(a, id)))
        rc = msd_store_commit(a->store);
    if (rc) {
        msd_store_rollback(a->store);
        msd_archive_reload(a); /* the bitmaps as committed */
        return rc;
    }
    *found = 1;
    return MARSAD_OK;
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

int msd_archive_flush(msd_archive *a)
{
    msd_store_segment seg;
    char path[4400];
    int rc;
    if (!a->writer || !a->in_batch) return MARSAD_OK;
    if (a->broken) return MARSAD_EABORTED;
    memset(&seg, 0, sizeof seg);
    if (a->w && msd_segw_ndocs(a->w)) {
        if ((rc = msd_archive_new_segment_name(a, 0, seg.file, sizeof seg.file))) return rc;
        snprintf(path, sizeof path, "%s/%s", a->dir, seg.file);
        if ((rc = msd_segw_write(a->w, path, &seg.bytes))) {
            snprintf(a->err, sizeof a->err, "%s: %s", path,
                     rc == MARSAD_EIO ? strerror(errno) : marsad_strerror(rc));
            return rc;
        }
        seg.ndocs = msd_segw_ndocs(a->w);
        if ((rc = msd_store_add_segment(a->store, &seg, NULL))) {
            unlink(path);
            return rc;
        }
    }
    if ((rc = msd_store_commit(a->store))) return rc;
    a->in_batch = 0;
    a->batch_docs = 0;
    msd_segw_free(a->w);
    a->w = NULL;
    if ((rc = msd_archive_reload(a))) return rc;
    /* merge as runs of ten form, so readers during a long ingest face few segments */
    return msd_archive_merge(a, NULL);
}

/* ---- Search ----------------------------------------------------------------------------- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

struct marks {
    const msd_hits *h;
    msd_snip_match *m;
    size_t n, cap;
    int rc;
};

/* A token of the body matches when its stem is a query stem, its normalized form an
 * exact word, or its normalized form or its stem begins with a prefix (the engine
 * expands a prefix over both: تحال* finds والتحالف by its stem تحالف). */
static int mark_tok(void *ctx, const marsad_token *t)
{
    struct marks *mk = ctx;
    if (t->flags & MARSAD_TOKEN_STOPWORD) return 0; /* never a term */
    for (size_t i = 0; i < mk->h->n_terms; i++) {
        const char *term = mk->h->terms[i];
        size_t tl = strlen(term + 1);
        int hit = term[0] == 'B'   ? tl == t->stem_len && !memcmp(term + 1, t->stem, tl)
                  : term[0] == 'b' ? tl == t->norm_len && !memcmp(term + 1, t->norm, tl)
                                   : (tl <= t->norm_len && !memcmp(term + 1, t->norm, tl)) ||
                                         (tl <= t->stem_len && !memcmp(term + 1, t->stem, tl));
        if (!hit) continue;
        if ((mk->rc =
                 msd_grow((void **)&mk->m, &mk->cap, mk->n + 1, sizeof *mk->m, MSD_GROW_DOC_MAX)))
            return 1;
        mk->m[mk->n].b0 = t->byte_start;
        mk->m[mk->n].b1 = t->byte_end;
        mk->m[mk->n].term = (unsigned)(i < 31 ? i : 31);
        mk->n++;
        break;
    }
    return 0;
}

static int snippet_of(msd_archive *a, const msd_hits *h, const char *body, size_t len, size_t cp,
                      msd_snippet *out)
{
    struct marks mk = {h, NULL, 0, 0, MARSAD_OK};
    int rc = marsad_analyze(a->an, body, len, mark_tok, &mk);
    if (rc == MARSAD_ESTOP) rc = mk.rc;
    if (!rc) rc = msd_snippet_make(body, len, mk.m, mk.n, cp, out);
    free(mk.m);
    return rc;
}

/* Appends a string to the results' string area; returns its offset. */
static size_t keep(char **area, size_t *used, size_t *cap, const char *s, int *rc)
{
    size_t n = s ? strlen(s) + 1 : 0, at = *used;
    if (!s || *rc) return (size_t)-1;
    if ((*rc = msd_grow((void **)area, cap, *used + n, 1, MSD_GROW_DOC_MAX))) return (size_t)-1;
    memcpy(*area + at, s, n);
    *used += n;
    return at;
}

/* The words of q without query syntax: quote marks and parentheses become spaces, and a
 * word loses a leading - or = and a trailing *; OR and AND lose their capitals. */
static char *literal(const char *q, size_t n)
{
    char *out = malloc(n + 1);
    size_t o = 0;
    if (!out) return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)q[i];
        int start = !o || out[o - 1] == ' ';
        if (c == '"' || c == '(' || c == ')' || ((c == '-' || c == '=') && start)) {
            out[o++] = ' ';
        } else if (c == '*' && (i + 1 == n || q[i + 1] == ' ')) {
            out[o++] = ' ';
        } else if (i + 1 < n &&
                   ((c == 0xC2 &&
                     ((unsigned char)q[i + 1] == 0xAB || (unsigned char)q[i + 1] == 0xBB)) ||
                    (c == 0xE2 && i + 2 < n && (unsigned char)q[i + 1] == 0x80 &&
                     (unsigned char)q[i + 2] >= 0x9C && (unsigned char)q[i + 2] <= 0x9E))) {
            i += c == 0xC2 ? 1 : 2; /* « » “ ” „ */
            out[o++] = ' ';
        } else {
            out[o++] = (char)c;
        }
    }
    out[o] = 0;
    for (size_t i = 0; i + 1 < o; i++) /* OR / AND: words, not operators */
        if ((i == 0 || out[i - 1] == ' ') &&
            ((out[i] == 'O' && out[i + 1] == 'R' && (i + 2 == o || out[i + 2] == ' ')) ||
             (i + 2 < o && out[i] == 'A' && out[i + 1] == 'N' && out[i + 2] == 'D' &&
              (i + 3 == o || out[i + 3] == ' '))))
            for (; i < o && out[i] != ' '; i++) out[i] = (char)(out[i] - 'A' + 'a');
    return out;
}

int msd_archive_search(msd_archive *a, const char *q, size_t n, int any, const msd_search_opts *o,
                       size_t snippet_cp, msd_results *out, msd_query_error *err)
{
    double t0 = now_ms();
    msd_query query;
    msd_search_filter f = {NULL, 0, MSD_SEG_NO_DATE, MSD_SEG_NO_DATE};
    uint32_t *srcs = NULL;
    msd_hits hits;
    size_t used = 0, cap = 0, (*offs)[4] = NULL;
    int rc;
    memset(out, 0, sizeof *out);
    rc = msd_query_parse(q, n, any, &query, err);
    if (rc == MARSAD_EFORMAT && any) {
        /* --any is for pasted text (a headline, a paragraph): when its punctuation is
         * not a well-formed query, its words are searched as they stand */
        char *lit = literal(q, n);
        if (!lit) return MARSAD_ENOMEM;
        rc = msd_query_parse(lit, strlen(lit), any, &query, err);
        free(lit);
    }
    if (rc) return rc;
    if (query.n_sources && !(srcs = calloc(query.n_sources, sizeof *srcs))) rc = MARSAD_ENOMEM;
    for (size_t k = 0; !rc && k < query.n_sources; k++) { /* an unknown source matches nothing */
        rc = msd_store_source(a->store, query.sources[k], 0, &srcs[f.n_sources]);
        if (rc == MARSAD_END) {
            rc = MARSAD_OK;
            srcs[f.n_sources++] = UINT32_MAX;
        } else if (!rc) {
            f.n_sources++;
        }
    }
    f.sources = srcs;
    if (query.from[0]) f.from = msd_archive_days(query.from);
    if (query.to[0]) f.to = msd_archive_days(query.to);
    if (!rc) rc = msd_search_run(a->ix, a->an, query.root, &f, o, &hits);
    msd_query_clear(&query);
    free(srcs);
    if (rc) return rc;
    out->matched = hits.matched;
    out->pruned = hits.pruned;
    if (hits.n && (!(out->items = calloc(hits.n, sizeof *out->items)) ||
                   !(offs = calloc(hits.n, sizeof *offs))))
        rc = MARSAD_ENOMEM;
    for (size_t k = 0; !rc && k < hits.n; k++) {
        msd_store_brief b;
        msd_result *r = &out->items[k];
        msd_snippet sn;
        if ((rc = msd_store_brief_of(a->store, hits.items[k].docid, &b))) {
            if (rc == MARSAD_END) rc = MARSAD_OK; /* indexed, not committed: a race at most */
            continue;
        }
        r->score = hits.items[k].score;
        offs[out->n][0] = keep(&out->strings, &used, &cap, b.ext_id, &rc);
        offs[out->n][1] = keep(&out->strings, &used, &cap, b.title, &rc);
        offs[out->n][2] = keep(&out->strings, &used, &cap, b.source, &rc);
        offs[out->n][3] = keep(&out->strings, &used, &cap, b.date, &rc);
        if (!rc && snippet_cp && b.body &&
            !(rc = snippet_of(a, &hits, b.body, b.body_len, snippet_cp, &sn))) {
            r->snippet = sn.text; /* taken over */
            r->hl = sn.hl;
            r->n_hl = sn.n_hl;
        }
        if (!rc) {
            int64_t size = 1;
            rc = msd_store_group_size(a->store, hits.items[k].group, &size);
            r->duplicates = size > 0 ? size - 1 : 0;
        }
        out->items[out->n++] = *r;
    }
    for (size_t k = 0; !rc && k < out->n; k++) { /* the string area stopped moving */
        msd_result *r = &out->items[k];
        r->id = offs[k][0] == (size_t)-1 ? NULL : out->strings + offs[k][0];
        r->title = offs[k][1] == (size_t)-1 ? NULL : out->strings + offs[k][1];
        r->source = offs[k][2] == (size_t)-1 ? NULL : out->strings + offs[k][2];
        r->date = offs[k][3] == (size_t)-1 ? NULL : out->strings + offs[k][3];
    }
    free(offs);
    msd_hits_clear(&hits);
    if (rc) {
        msd_results_clear(out);
        return rc;
    }
    out->took_ms = now_ms() - t0;
    return MARSAD_OK;
}

void msd_results_clear(msd_results *r)
{
    for (size_t k = 0; k < r->n; k++) {
        free(r->items[k].snippet);
        free(r->items[k].hl);
    }
    free(r->items);
    free(r->strings);
    memset(r, 0, sizeof *r);
}

/* ---- Statistics ------------------------------------------------------------------------- */

int msd_archive_stats_of(msd_archive *a, msd_archive_stats *st)
{
    msd_store_stats ss;
    struct stat fs;
    char wal[4400];
    int rc = msd_store_stats_of(a->store, &ss);
    memset(st, 0, sizeof *st);
    if (rc) return rc;
    st->articles = ss.articles;
    st->sources = ss.sources;
    st->exact_dups = ss.exact_dups;
    st->near_dups = ss.near_dups;
    st->groups = ss.groups_with_dups;
    memcpy(st->first_date, ss.first_date, sizeof st->first_date);
    memcpy(st->last_date, ss.last_date, sizeof st->last_date);
    st->segments = msd_index_nsegs(a->ix);
    st->index_bytes = msd_index_bytes(a->ix);
    st->index_docs = msd_index_docs(a->ix);
    for (size_t i = 0; i < st->segments; i++)
        st->index_terms += msd_seg_nterms(msd_index_seg(a->ix, i));
    snprintf(wal, sizeof wal, "%.*s", (int)(strlen(a->dir) - 4), a->dir); /* the catalog */
    if (!stat(wal, &fs)) st->catalog_bytes = (uint64_t)fs.st_size;
    snprintf(wal, sizeof wal, "%.*s-wal", (int)(strlen(a->dir) - 4), a->dir); /* and its log */
    if (!stat(wal, &fs)) st->catalog_bytes += (uint64_t)fs.st_size;
    return MARSAD_OK;
}
