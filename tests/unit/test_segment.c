/* test_segment.c — index segments: write, map, look terms up, walk postings with seeks
 * and positions, prefix ranges, and refuse corrupt files. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "index/postings.h"
#include "index/segment.h"
#include "index/segterms.h"
#include "marsad.h"
#include "test.h"

/* One token of build()'s documents: to the writer, or gathered for msd_segw_add. */
static void token(msd_segw *w, msd_segterms *t, int title, uint32_t pos, const char *stem,
                  const char *norm)
{
    if (t)
        CHECK_EQ(msd_segterms_token(t, title, pos, stem, strlen(stem), norm, strlen(norm)),
                 MARSAD_OK);
    else
        CHECK_EQ(msd_segw_token(w, title, pos, stem, strlen(stem), norm, strlen(norm)), MARSAD_OK);
}

/* Documents 0..ndocs-1 (catalog ids 10, 13, 16, …); document d holds the body word
 * "w<k>" for every k dividing d+1 (so w1 is everywhere), at positions d%5 + k, and
 * "common" d%3+1 times; its title holds "عنوان". Given token by token, or (t not NULL)
 * gathered per document first. */
static msd_segw *build_with(uint32_t ndocs, msd_segterms *t)
{
    msd_segw *w;
    CHECK_EQ(msd_segw_new(&w), MARSAD_OK);
    for (uint32_t d = 0; d < ndocs; d++) {
        msd_segdoc doc = {10 + 3 * d, 10, 0, 0, d % 4, 16000 + (int32_t)d};
        uint32_t pos = d % 5, k;
        char word[16];
        if (t)
            msd_segterms_reset(t);
        else
            CHECK_EQ(msd_segw_doc(w, &doc), MARSAD_OK);
        for (k = 1; k <= d + 1 && k <= 600; k++) {
            if ((d + 1) % k) continue;
            snprintf(word, sizeof word, "w%u", k);
            token(w, t, 0, pos++, word, word);
        }
        for (k = 0; k < d % 3 + 1; k++) /* stem "common", surface "commons" */
            token(w, t, 0, pos++, "common", "commons");
        token(w, t, 1, 0, "عنوان", "عنوان");
        if (t) {
            CHECK_EQ(msd_segterms_finish(t), MARSAD_OK);
            CHECK_EQ(msd_segw_add(w, &doc, t), MARSAD_OK);
        }
        msd_segw_lengths(w, pos, 1);
    }
    return w;
}

static msd_segw *build(uint32_t ndocs)
{
    return build_with(ndocs, NULL);
}

static int count_prefix(void *ctx, const char *key, size_t kl, const msd_term *t)
{
    (void)key;
    (void)kl;
    (void)t;
    ++*(int *)ctx;
    return 0;
}

/* A fingerprint of all a reader answers: every term in order, its statistics, and
 * its documents, frequencies and positions. *damaged: the walk met damage. */
static uint64_t fingerprint(const msd_seg *s, int *damaged)
{
    uint64_t h = 1469598103934665603ull;
    msd_seg_iter it;
    int r;
#define MIX(v) (h = (h ^ (uint64_t)(v)) * 1099511628211ull)
    msd_seg_iter_init(&it, s);
    while ((r = msd_seg_iter_next(&it)) == 1) {
        msd_pcur c;
        for (size_t k = 0; k < it.kl; k++) MIX(it.key[k]);
        MIX(it.t.df);
        MIX(it.t.max_tf);
        MIX(it.t.min_len);
        if (msd_pcur_init(&c, &it.t)) continue;
        for (uint32_t d = c.doc; d != MSD_PCUR_END; d = msd_pcur_next(&c)) {
            const uint32_t *pos;
            size_t np = 0;
            MIX(d);
            MIX(msd_pcur_tf(&c));
            if (it.t.has_pos && !msd_pcur_positions(&c, &pos, &np))
                for (size_t k = 0; k < np; k++) MIX(pos[k]);
        }
        msd_pcur_free(&c);
    }
    for (uint32_t i = 0; i < msd_seg_ndocs(s); i++) {
        msd_segdoc d;
        msd_seg_doc(s, i, &d);
        MIX(d.docid);
        MIX(d.group);
        MIX(d.body_len);
        MIX(d.date);
    }
#undef MIX
    *damaged = r < 0 || msd_seg_damage(s) > 0;
    return h;
}

/* Damaged copies of a segment: bytes flipped anywhere, cut short, a page zeroed. Each
 * must be refused at open (MARSAD_ECORRUPT, or EFORMAT when the flip made the version
 * a newer one), or met as damage by the reader, or read the same as the original: never
 * a changed answer without a word (before checksums, 15 of 150 flips did that). */
static void corruptions(void)
{
    char path[] = "/tmp/marsad-segbad-XXXXXX", copy[300];
    uint64_t bytes = 0, want, seed = 11;
    int fd = mkstemp(path), damaged, refused = 0, met = 0, same = 0, changed = 0;
    uint8_t *orig, *buf;
    msd_segw *w;
    msd_seg *s;
    FILE *f;
    CHECK(fd >= 0);
    close(fd);
    unlink(path);
    /* 300 documents of 150 words each from 5,000: postings and dictionary outweigh the
     * document rows, as in a real segment (which open verifies whole) */
    CHECK_EQ(msd_segw_new(&w), MARSAD_OK);
    for (uint32_t d = 0; d < 300; d++) {
        msd_segdoc doc = {1 + d, 1 + d, 0, 0, 0, 0};
        CHECK_EQ(msd_segw_doc(w, &doc), MARSAD_OK);
        for (uint32_t j = 0; j < 150; j++) {
            char word[16];
            snprintf(word, sizeof word, "v%u", (d * 37 + j * 101) % 5000);
            token(w, NULL, 0, j, word, word);
        }
        msd_segw_lengths(w, 150, 0);
    }
    CHECK_EQ(msd_segw_write(w, path, &bytes), MARSAD_OK);
    msd_segw_free(w);
    f = fopen(path, "rb");
    orig = malloc(bytes);
    buf = malloc(bytes);
    CHECK(f && orig && buf && fread(orig, 1, bytes, f) == bytes);
    if (f) fclose(f);
    CHECK_EQ(msd_seg_open(path, &s), MARSAD_OK);
    want = fingerprint(s, &damaged);
    CHECK(!damaged);
    msd_seg_close(s);
    snprintf(copy, sizeof copy, "%s.bad", path);
    for (int round = 0; round < 400; round++) {
        uint64_t len = bytes, at;
        int rc;
        memcpy(buf, orig, bytes);
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        at = (seed >> 33) % bytes;
        if (round % 10 == 9)
            len = at; /* cut short */
        else if (round % 10 == 8)
            memset(buf + at / 4096 * 4096, 0,
                   bytes - at / 4096 * 4096 < 4096 ? bytes - at / 4096 * 4096 : 4096);
        else
            buf[at] ^= (uint8_t)(1u << (seed >> 60 & 7));
        f = fopen(copy, "wb");
        CHECK(f && fwrite(buf, 1, len, f) == len);
        if (f) fclose(f);
        rc = msd_seg_open(copy, &s);
        if (rc) {
            char msg[80];
            snprintf(msg, sizeof msg, "round %d: open gave %d", round, rc);
            test_check(rc == MARSAD_ECORRUPT || rc == MARSAD_EFORMAT, __FILE__, __LINE__, msg);
            refused++;
        } else {
            uint64_t got = fingerprint(s, &damaged);
            if (damaged)
                met++;
            else if (got == want)
                same++;
            else
                changed++;
            msd_seg_close(s);
        }
        unlink(copy);
    }
    CHECK_EQ(changed, 0); /* damaged copies read differently, unnoticed */
    CHECK(refused > 0 && met > 0);
    if (getenv("MARSAD_TEST_VERBOSE"))
        fprintf(stderr, "segment damage: refused %d, met %d, same %d, changed %d\n", refused, met,
                same, changed);
    /* cut short while open: the reads past the new end (SIGBUS, which killed the
     * process) find zeros, and the reader reports the damage */
    for (uint64_t cut = 0; cut < bytes - bytes / 4; cut += bytes / 3) {
        CHECK_EQ(msd_seg_open(path, &s), MARSAD_OK);
        CHECK_EQ(truncate(path, (off_t)cut), 0);
        fingerprint(s, &damaged);
        CHECK(damaged);
        {
            char what[200];
            msd_seg_describe(s, what, sizeof what);
            CHECK(strstr(what, "cut short while open") != NULL);
        }
        msd_seg_close(s);
        f = fopen(path, "wb");
        CHECK(f && fwrite(orig, 1, bytes, f) == bytes);
        if (f) fclose(f);
    }
    free(orig);
    free(buf);
    unlink(path);
}

/* Two writers of different batches, each in its own thread, write at the same time; each
 * file must be byte for byte what a writer alone writes (the term sort once kept its
 * context in a file-scope variable that the other writer overwrote). */
struct job {
    char salt; /* the two batches differ in their words, not their sizes */
    char path[64];
    int rc;
    pthread_barrier_t *start; /* both built: write at the same moment (NULL: alone) */
};

/* A batch of 400 documents with 60 words of their own each (24,000 terms, so that the
 * two writers' term sorts overlap in time), written without the harness's checks: its
 * counters are not for threads. */
static void *write_job(void *arg)
{
    struct job *j = arg;
    msd_segw *w = NULL;
    int rc = msd_segw_new(&w);
    for (uint32_t d = 0; !rc && d < 400; d++) {
        msd_segdoc doc = {10 + 3 * d, 60, 0, 0, d % 4, 16000 + (int32_t)d};
        char word[32];
        rc = msd_segw_doc(w, &doc);
        for (uint32_t k = 0; !rc && k < 60; k++) {
            snprintf(word, sizeof word, "%c%u", j->salt,
                     (d * 7919u + k * 104729u * (unsigned)j->salt) % 1000003u);
            rc = msd_segw_token(w, 0, k, word, strlen(word), word, strlen(word));
        }
    }
    if (j->start) pthread_barrier_wait(j->start);
    j->rc = rc ? rc : msd_segw_write(w, j->path, NULL);
    msd_segw_free(w);
    return NULL;
}

static char *slurp_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long len;
    if (!f) return NULL;
    if (!fseek(f, 0, SEEK_END) && (len = ftell(f)) >= 0 && !fseek(f, 0, SEEK_SET) &&
        (buf = malloc((size_t)len + 1)) && fread(buf, 1, (size_t)len, f) == (size_t)len)
        *n = (size_t)len;
    fclose(f);
    return buf;
}

/* A document's terms gathered first (segterms.h) make the same file as its tokens given
 * one by one. */
static void gathered_terms(void)
{
    char path[2][64];
    char *bytes[2];
    size_t n[2] = {0, 0};
    msd_segterms *t;
    msd_segterm e;
    CHECK_EQ(msd_segterms_new(&t), MARSAD_OK);
    for (int k = 0; k < 2; k++) {
        msd_segw *w = build_with(699, k ? t : NULL);
        snprintf(path[k], sizeof path[k], "/tmp/marsad-segterms-%d-%d", (int)getpid(), k);
        unlink(path[k]);
        CHECK_EQ(msd_segw_write(w, path[k], NULL), MARSAD_OK);
        msd_segw_free(w);
        bytes[k] = slurp_file(path[k], &n[k]);
        unlink(path[k]);
    }
    CHECK(bytes[0] && bytes[1] && n[0] == n[1] && n[0] > 64 && !memcmp(bytes[0], bytes[1], n[0]));
    free(bytes[0]);
    free(bytes[1]);
    /* the last document (698): w1 w3 w233, "common" three times as "commons", the title */
    CHECK_EQ(msd_segterms_count(t), 6);
    for (size_t i = 0; i < msd_segterms_count(t); i++) {
        msd_segterms_at(t, i, &e);
        if (e.key_len == 7 && !memcmp(e.key, "Bcommon", 7)) {
            CHECK_EQ(e.tf, 3); /* positions in order, the bit clear: "commons" is not the stem */
            CHECK(e.pos && e.pos[0] < e.pos[1] && e.pos[1] < e.pos[2] && !(e.pos[0] & 1));
        } else if (e.key_len == 8 && !memcmp(e.key, "bcommons", 8)) {
            CHECK(e.tf == 3 && !e.pos);
        }
    }
    /* refused as msd_segw_token refuses */
    msd_segterms_reset(t);
    CHECK_EQ(msd_segterms_token(t, 0, UINT32_MAX, "a", 1, "a", 1), MARSAD_EINVAL);
    CHECK_EQ(msd_segterms_finish(t), MARSAD_OK);
    CHECK_EQ(msd_segterms_token(t, 0, 1, "a", 1, "a", 1), MARSAD_EINVAL); /* finished */
    msd_segterms_free(t);
}

static void concurrent_writers(void)
{
    struct job ref[2] = {{'a', "", 0, NULL}, {'b', "", 0, NULL}};
    pthread_barrier_t start;
    char *want[2];
    size_t want_n[2] = {0, 0};
    int same = 1;
    for (int k = 0; k < 2; k++) { /* alone first: the reference files */
        snprintf(ref[k].path, sizeof ref[k].path, "/tmp/marsad-segref-%d-%d", (int)getpid(), k);
        write_job(&ref[k]);
        CHECK_EQ(ref[k].rc, MARSAD_OK);
        want[k] = slurp_file(ref[k].path, &want_n[k]);
        CHECK(want[k] != NULL);
        unlink(ref[k].path);
    }
    for (int round = 0; round < 8 && same; round++) {
        struct job j[2] = {{'a', "", 0, &start}, {'b', "", 0, &start}};
        pthread_t th[2];
        CHECK_EQ(pthread_barrier_init(&start, NULL, 2), 0);
        for (int k = 0; k < 2; k++) {
            snprintf(j[k].path, sizeof j[k].path, "/tmp/marsad-segthr-%d-%d", (int)getpid(), k);
            CHECK_EQ(pthread_create(&th[k], NULL, write_job, &j[k]), 0);
        }
        for (int k = 0; k < 2; k++) {
            char *got;
            size_t got_n = 0;
            pthread_join(th[k], NULL);
            CHECK_EQ(j[k].rc, MARSAD_OK);
            got = slurp_file(j[k].path, &got_n);
            same &= got && want[k] && got_n == want_n[k] && !memcmp(got, want[k], got_n);
            free(got);
            unlink(j[k].path);
        }
        pthread_barrier_destroy(&start);
    }
    CHECK(same);
    free(want[0]);
    free(want[1]);
}

void suite_segment(void);
void suite_segment(void)
{
    char path[] = "/tmp/marsad-seg-XXXXXX";
    int fd = mkstemp(path);
    uint64_t bytes = 0;
    msd_segw *w;
    msd_seg *s;
    msd_term t;
    msd_pcur c;
    const uint32_t ndocs = 1000;
    concurrent_writers();
    gathered_terms();
    corruptions();
    CHECK(fd >= 0);
    close(fd);
    unlink(path); /* the writer creates it */
    w = build(ndocs);
    CHECK_EQ(msd_segw_write(w, path, &bytes), MARSAD_OK);
    CHECK(bytes > 64);
    CHECK_EQ(msd_segw_write(w, path, &bytes), MARSAD_EIO); /* never replaces a file */
    msd_segw_free(w);
    CHECK_EQ(msd_seg_open(path, &s), MARSAD_OK);
    CHECK_EQ(msd_seg_ndocs(s), ndocs);
    {
        msd_segdoc d;
        msd_seg_doc(s, 7, &d);
        CHECK_EQ(d.docid, 31u);
        CHECK_EQ(d.source, 3u);
        CHECK_EQ(d.date, 16007);
        CHECK_EQ(msd_seg_local(s, 31), 7u);
        CHECK_EQ(msd_seg_local(s, 32), UINT32_MAX);
    }
    /* w1: every document, several blocks */
    CHECK(msd_seg_term(s, "Bw1", 3, &t));
    CHECK_EQ(t.df, ndocs);
    CHECK(t.has_pos);
    CHECK_EQ(msd_pcur_init(&c, &t), MARSAD_OK);
    {
        uint32_t n = 0, d;
        for (d = c.doc; d != MSD_PCUR_END; d = msd_pcur_next(&c)) n++;
        CHECK_EQ(n, ndocs);
        CHECK(!c.corrupt);
    }
    msd_pcur_free(&c);
    /* w7: documents 6, 13, 20, …; seeks across blocks, positions */
    CHECK(msd_seg_term(s, "Bw7", 3, &t));
    CHECK_EQ(t.df, ndocs / 7);
    CHECK_EQ(msd_pcur_init(&c, &t), MARSAD_OK);
    CHECK_EQ(c.doc, 6u);
    CHECK_EQ(msd_pcur_seek(&c, 500), 503u);
    CHECK_EQ(msd_pcur_seek(&c, 503), 503u);
    CHECK_EQ(msd_pcur_next(&c), 510u);
    CHECK_EQ(msd_pcur_seek(&c, 993), 993u);
    CHECK_EQ(msd_pcur_seek(&c, 994), MSD_PCUR_END);
    msd_pcur_free(&c);
    CHECK(msd_seg_term(s, "Bcommon", 7, &t));
    CHECK_EQ(t.max_tf, 3u);
    CHECK_EQ(msd_pcur_init(&c, &t), MARSAD_OK);
    CHECK_EQ(msd_pcur_seek(&c, 5), 5u);
    CHECK_EQ(msd_pcur_tf(&c), 3u);
    {
        const uint32_t *pos;
        size_t n;
        CHECK_EQ(msd_pcur_positions(&c, &pos, &n), MARSAD_OK);
        /* doc 5: d%5 = 0; w1, w2, w3, w6 at 0..3, then common at 4, 5, 6; not exact */
        CHECK_EQ(n, 3u);
        if (n == 3) {
            CHECK_EQ(pos[0], 4u << 1);
            CHECK_EQ(pos[2], 6u << 1);
        }
    }
    {
        uint32_t last, mtf, mlen;
        CHECK(msd_pcur_block_of(&c, 300, &last, &mtf, &mlen));
        CHECK(last >= 300 && mtf == 3);
        CHECK(!msd_pcur_block_of(&c, 5000, &last, &mtf, &mlen));
    }
    msd_pcur_free(&c);
    /* the surface form differs from the stem: an exact term, no positions */
    CHECK(msd_seg_term(s, "bcommons", 8, &t));
    CHECK_EQ(t.df, ndocs);
    CHECK(!t.has_pos);
    CHECK(!msd_seg_term(s, "bw1", 3, &t)); /* same as the stem: not stored twice */
    CHECK(msd_seg_term(s, "Tعنوان", 1 + strlen("عنوان"), &t));
    CHECK(!msd_seg_term(s, "Bzzz", 4, &t));
    CHECK(!msd_seg_term(s, "A", 1, &t));
    { /* the iterator walks every term once, in key order */
        msd_seg_iter it;
        uint8_t prev[1100];
        size_t pl = 0, n = 0;
        int r, ordered = 1;
        msd_seg_iter_init(&it, s);
        while ((r = msd_seg_iter_next(&it)) == 1) {
            size_t m = pl < it.kl ? pl : it.kl;
            int cmp = memcmp(prev, it.key, m);
            if (n && (cmp > 0 || (cmp == 0 && pl >= it.kl))) ordered = 0;
            memcpy(prev, it.key, it.kl);
            pl = it.kl;
            n++;
        }
        CHECK_EQ(r, 0);
        CHECK(ordered);
        CHECK_EQ((uint64_t)n, msd_seg_nterms(s));
    }
    { /* the streaming writer refuses keys out of order, and leaves no file */
        char p2[300];
        msd_segout *o;
        msd_segdoc rows[2] = {{1, 1, 3, 0, 0, 0}, {2, 2, 3, 0, 0, 0}};
        const uint32_t docs[2] = {0, 1}, tfs[2] = {1, 1}, pos[2] = {0, 2};
        snprintf(p2, sizeof p2, "%s.out", path);
        CHECK_EQ(msd_segout_begin(p2, rows, 2, &o), MARSAD_OK);
        CHECK_EQ(msd_segout_term(o, "Bb", 2, docs, tfs, 2, pos), MARSAD_OK);
        CHECK_EQ(msd_segout_term(o, "Ba", 2, docs, tfs, 2, pos), MARSAD_EINVAL);
        CHECK_EQ(msd_segout_finish(o, NULL), MARSAD_EINVAL);
        CHECK(access(p2, F_OK) != 0);
        CHECK_EQ(msd_segout_begin(p2, rows, 2, &o), MARSAD_OK);
        CHECK_EQ(msd_segout_term(o, "Ba", 2, docs, tfs, 2, NULL), MARSAD_EINVAL); /* no pos */
        msd_segout_abort(o);
        CHECK(access(p2, F_OK) != 0);
    }
    {
        int n = 0;
        msd_seg_prefix(s, "Bw5", 3, count_prefix, &n); /* w5, w50…w59, w500…w599 present */
        CHECK(n > 10);
        n = 0;
        msd_seg_prefix(s, "Bw", 2, count_prefix, &n);
        CHECK(n > 100);
    }
    msd_seg_close(s);
    /* a truncated or altered file is refused */
    {
        FILE *f = fopen(path, "r+b");
        CHECK(f != NULL);
        if (f) {
            CHECK_EQ(ftruncate(fileno(f), (off_t)(bytes - 1)), 0);
            fclose(f);
        }
        CHECK_EQ(msd_seg_open(path, &s), MARSAD_ECORRUPT);
    }
    unlink(path);
}
