/*
 * bench_codec.c — the postings codecs side by side on real postings: bytes and decode
 * speed for document gaps, frequencies and position gaps.
 *
 * usage: bench_codec [--max-mb N] [--corpus PATH.jsonl.zst] [--drop-stopwords]
 *                    [--only CODEC]   (measure one codec, for profiling)
 *
 * Every article is analyzed with the default analyzer (light10 stems); each stem gets
 * its postings in memory as the index writer would cut them: document gaps minus 1 and
 * frequencies minus 1 (both are >= 1), in blocks of 128 postings; position gaps (the
 * first position of a document absolute, then gaps) in their own blocks of 128, across
 * document boundaries, as Lucene's postings format does. A term's last block of each
 * stream is partial. Each codec encodes every block alone; the decode speed is over all
 * blocks of a stream, in millions of integers per second of thread CPU time, the best
 * of 3 passes on one core. The losing candidates live here only; the shipped codec is
 * src/index/codec.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corpus.h"
#include "index/codec.h"
#include "marsad.h"
#include "util/hash.h"

#define BLOCK MSD_CODEC_BLOCK

static void *oom(void *q)
{
    if (!q) {
        fprintf(stderr, "bench_codec: out of memory\n");
        exit(1);
    }
    return q;
}

static void *xrealloc(void *p, size_t n)
{
    return oom(realloc(p, n ? n : 1));
}

static void *xcalloc(size_t n, size_t size)
{
    return oom(calloc(n, size));
}

static inline uint32_t load32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t load64(const uint8_t *p)
{
    return (uint64_t)load32(p) | (uint64_t)load32(p + 4) << 32;
}

/* ---- Candidate: plain VByte ---------------------------------------------------------- */

static size_t vbyte_enc(const uint32_t *in, size_t n, uint8_t *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) o += msd_varint_put(in[i], out + o);
    return o;
}

static size_t vbyte_dec(const uint8_t *in, size_t avail, size_t n, uint32_t *out)
{
    const uint8_t *p = in, *end = in + avail;
    for (size_t i = 0; i < n; i++) {
        if (p < end && *p < 0x80) {
            out[i] = *p++;
            continue;
        }
        size_t k = msd_varint_get32(p, (size_t)(end - p), out + i);
        if (!k) return 0;
        p += k;
    }
    return (size_t)(p - in);
}

/* ---- Candidate: frame of reference, one width per block ------------------------------ */

static size_t for_enc(const uint32_t *in, size_t n, uint8_t *out)
{
    uint32_t all = 0;
    for (size_t i = 0; i < n; i++) all |= in[i];
    out[0] = (uint8_t)msd_bits_of(all);
    return 1 + msd_bits_pack(in, n, out[0], out + 1);
}

static size_t for_dec(const uint8_t *in, size_t avail, size_t n, uint32_t *out)
{
    size_t len;
    if (!avail || in[0] > 32) return 0;
    len = msd_bits_bytes(n, in[0]);
    if (len > avail - 1) return 0;
    msd_bits_unpack(in + 1, avail - 1, n, in[0], out);
    return 1 + len;
}

/* ---- Candidate: patched FOR (OptPFOR's width choice), no other modes ----------------
 * w, nexc, hw, then the low bits, the exception positions and their packed high parts:
 * the shipped format's patched kind with its header kept always (nexc may be 0). */

static size_t pfor_enc(const uint32_t *in, size_t n, uint8_t *out)
{
    size_t cnt[33] = {0}, best, o, nexc = 0;
    unsigned maxb = 0, bw;
    uint32_t high[BLOCK];
    for (size_t i = 0; i < n; i++) {
        unsigned b = msd_bits_of(in[i]);
        cnt[b]++;
        if (b > maxb) maxb = b;
    }
    best = msd_bits_bytes(n, maxb);
    bw = maxb;
    for (size_t ne = cnt[maxb], b = maxb; b-- > 0; ne += cnt[b]) {
        size_t c = msd_bits_bytes(n, (unsigned)b) + ne + msd_bits_bytes(ne, maxb - (unsigned)b);
        if (c < best) {
            best = c;
            bw = (unsigned)b;
        }
    }
    out[0] = (uint8_t)bw;
    out[2] = (uint8_t)(maxb - bw);
    o = 3 + msd_bits_pack(in, n, bw, out + 3);
    for (size_t i = 0; i < n && bw < maxb; i++) {
        if (in[i] >> bw) {
            out[o + nexc] = (uint8_t)i;
            high[nexc++] = in[i] >> bw;
        }
    }
    out[1] = (uint8_t)nexc;
    o += nexc;
    return o + msd_bits_pack(high, nexc, maxb - bw, out + o);
}

static size_t pfor_dec(const uint8_t *in, size_t avail, size_t n, uint32_t *out)
{
    unsigned w, hw, bad;
    size_t nexc, len, o;
    if (avail < 3) return 0;
    w = in[0], nexc = in[1], hw = in[2];
    if (w > 32 || nexc > n || (nexc && (hw == 0 || hw > 32 - w))) return 0;
    len = msd_bits_bytes(n, w);
    o = 3 + len + nexc + msd_bits_bytes(nexc, hw);
    if (o > avail) return 0;
    msd_bits_unpack(in + 3, avail - 3, n, w, out);
    if (!nexc) return o;
    const uint8_t *pos = in + 3 + len, *hp = pos + nexc;
    bad = pos[0] >= n;
    for (size_t j = 1; j < nexc; j++) bad |= (pos[j] >= n) | (pos[j] <= pos[j - 1]);
    if (bad) return 0;
    if (((nexc - 1) * hw >> 3) + 8 <= avail - (size_t)(hp - in)) {
        uint32_t mask = (uint32_t)((1ull << hw) - 1);
        for (size_t j = 0; j < nexc; j++)
            out[pos[j]] |= ((uint32_t)(load64(hp + (j * hw >> 3)) >> (j * hw & 7)) & mask) << w;
    } else {
        uint32_t high[BLOCK];
        msd_bits_unpack(hp, avail - (size_t)(hp - in), nexc, hw, high);
        for (size_t j = 0; j < nexc; j++) out[pos[j]] |= high[j] << w;
    }
    return o;
}

/* ---- Candidate: FOR with the shipped codec's other two modes -------------------------
 * n == 1 a bare varint; else a width byte, or 0x80 and n varints when that is smaller. */

static size_t forvb_enc(const uint32_t *in, size_t n, uint8_t *out)
{
    size_t vb = 1 + vbyte_enc(in, n, out + 1), f;
    if (n == 1) return msd_varint_put(in[0], out);
    uint8_t tmp[1 + 4 * BLOCK];
    f = for_enc(in, n, tmp);
    if (vb < f) {
        out[0] = 0x80;
        return vb;
    }
    memcpy(out, tmp, f);
    return f;
}

static size_t forvb_dec(const uint8_t *in, size_t avail, size_t n, uint32_t *out)
{
    size_t k;
    if (n == 1) return msd_varint_get32(in, avail, out);
    if (avail && in[0] == 0x80) return (k = vbyte_dec(in + 1, avail - 1, n, out)) ? 1 + k : 0;
    return for_dec(in, avail, n, out);
}

/* ---- Candidate: Stream VByte (Lemire et al. 2017), scalar ---------------------------
 * ceil(n/4) control bytes, 2 bits a value (its byte length - 1), then the data bytes. */

static size_t svb_enc(const uint32_t *in, size_t n, uint8_t *out)
{
    size_t nc = (n + 3) / 4, o = nc;
    memset(out, 0, nc);
    for (size_t i = 0; i < n; i++) {
        uint32_t v = in[i];
        unsigned len = v < (1u << 8) ? 1 : v < (1u << 16) ? 2 : v < (1u << 24) ? 3 : 4;
        out[i / 4] |= (uint8_t)((len - 1) << (2 * (i % 4)));
        for (unsigned k = 0; k < len; k++) out[o++] = (uint8_t)(v >> (8 * k));
    }
    return o;
}

static size_t svb_dec(const uint8_t *in, size_t avail, size_t n, uint32_t *out)
{
    static const uint32_t mask[4] = {0xff, 0xffff, 0xffffff, 0xffffffff};
    size_t nc = (n + 3) / 4;
    const uint8_t *p = in + nc, *end = in + avail;
    if (avail < nc) return 0;
    for (size_t i = 0; i < n; i += 4) {
        unsigned c = in[i / 4];
        if (end - p >= 16 && i + 4 <= n) { /* room for 4 whole-word loads */
            for (unsigned k = 0; k < 4; k++) {
                unsigned len = ((c >> (2 * k)) & 3) + 1;
                out[i + k] = load32(p) & mask[len - 1];
                p += len;
            }
            continue;
        }
        for (size_t k = 0; k < 4 && i + k < n; k++) {
            unsigned len = ((c >> (2 * k)) & 3) + 1;
            uint32_t v = 0;
            if ((size_t)(end - p) < len) return 0;
            for (unsigned b = 0; b < len; b++) v |= (uint32_t)p[b] << (8 * b);
            out[i + k] = v;
            p += len;
        }
    }
    return (size_t)(p - in);
}

/* ---- The candidates -------------------------------------------------------------- */

struct codec {
    const char *name;
    size_t (*enc)(const uint32_t *in, size_t n, uint8_t *out);
    size_t (*dec)(const uint8_t *in, size_t avail, size_t n, uint32_t *out);
};

static const struct codec codecs[] = {
    {"vbyte", vbyte_enc, vbyte_dec}, {"streamvbyte", svb_enc, svb_dec},
    {"for", for_enc, for_dec},       {"for+vbyte", forvb_enc, forvb_dec},
    {"pfor", pfor_enc, pfor_dec},    {"marsad (pfor+vbyte)", msd_codec_encode, msd_codec_decode},
};
#define NCODECS (sizeof codecs / sizeof codecs[0])

/* ---- Postings in memory ---------------------------------------------------------- */

struct vec {
    uint32_t *a;
    size_t n, cap;
};

static void vec_push(struct vec *v, uint32_t x)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? 2 * v->cap : 4;
        v->a = xrealloc(v->a, v->cap * sizeof *v->a);
    }
    v->a[v->n++] = x;
}

struct term {
    uint64_t hash;
    size_t key, klen; /* in the key arena */
    long last_doc;    /* -1: none yet */
    size_t last_pos;
    struct vec docs, tfs, pos;
};

struct postings {
    struct term *terms;
    size_t nterms;
    size_t *slots; /* term index + 1; 0 = empty */
    size_t mask;
    char *keys;
    size_t nkeys, keycap;
    long doc;
    size_t ntokens;
};

static struct term *term_get(struct postings *p, const char *s, size_t n)
{
    uint64_t h = msd_hash64(s, n);
    size_t i = (size_t)h & p->mask;
    for (; p->slots[i]; i = (i + 1) & p->mask) {
        struct term *t = &p->terms[p->slots[i] - 1];
        if (t->hash == h && t->klen == n && !memcmp(p->keys + t->key, s, n)) return t;
    }
    if (2 * (p->nterms + 1) > p->mask + 1) { /* keep the load under 1/2 */
        size_t nm = 2 * (p->mask + 1) - 1;
        size_t *ns = xcalloc(nm + 1, sizeof *ns);
        for (size_t k = 0; k < p->nterms; k++) {
            size_t j = (size_t)p->terms[k].hash & nm;
            while (ns[j]) j = (j + 1) & nm;
            ns[j] = k + 1;
        }
        free(p->slots);
        p->slots = ns;
        p->mask = nm;
        for (i = (size_t)h & p->mask; p->slots[i]; i = (i + 1) & p->mask) {
        }
    }
    if (p->nkeys + n > p->keycap) {
        p->keycap = 2 * (p->nkeys + n) + 4096;
        p->keys = xrealloc(p->keys, p->keycap);
    }
    if ((p->nterms & (p->nterms - 1)) == 0) /* grow at powers of two */
        p->terms = xrealloc(p->terms, (p->nterms ? 2 * p->nterms : 1) * sizeof *p->terms);
    struct term *t = &p->terms[p->nterms++];
    memset(t, 0, sizeof *t);
    memcpy(p->keys + p->nkeys, s, n);
    t->hash = h;
    t->key = p->nkeys;
    t->klen = n;
    t->last_doc = -1;
    p->nkeys += n;
    p->slots[i] = p->nterms;
    return t;
}

static int on_token(void *ctx, const marsad_token *tok)
{
    struct postings *p = ctx;
    struct term *t = term_get(p, tok->stem, tok->stem_len);
    p->ntokens++;
    if (t->last_doc != p->doc) {
        vec_push(&t->docs, (uint32_t)(p->doc - t->last_doc - 1));
        vec_push(&t->tfs, 0);
        vec_push(&t->pos, (uint32_t)tok->position);
        t->last_doc = p->doc;
    } else {
        t->tfs.a[t->tfs.n - 1]++;
        vec_push(&t->pos, (uint32_t)(tok->position - t->last_pos));
    }
    t->last_pos = tok->position;
    return 0;
}

/* One stream of all terms, cut into blocks: values flat, block i at [at[i], at[i+1]). */
struct stream {
    const char *name;
    uint32_t *v;
    size_t nv;
    size_t *at;
    size_t nblocks;
};

static void stream_build(struct stream *s, const struct postings *p, size_t which)
{
    size_t nb = 0, nv = 0, cap = 0;
    for (size_t k = 0; k < p->nterms; k++) {
        const struct vec *v = which == 0   ? &p->terms[k].docs
                              : which == 1 ? &p->terms[k].tfs
                                           : &p->terms[k].pos;
        nv += v->n;
        cap += (v->n + BLOCK - 1) / BLOCK;
    }
    s->v = xrealloc(NULL, nv * sizeof *s->v);
    s->at = xrealloc(NULL, (cap + 1) * sizeof *s->at);
    nv = 0;
    for (size_t k = 0; k < p->nterms; k++) {
        const struct vec *v = which == 0   ? &p->terms[k].docs
                              : which == 1 ? &p->terms[k].tfs
                                           : &p->terms[k].pos;
        for (size_t i = 0; i < v->n; i += BLOCK) s->at[nb++] = nv + i;
        memcpy(s->v + nv, v->a, v->n * sizeof *v->a);
        nv += v->n;
    }
    s->at[nb] = nv;
    s->nv = nv;
    s->nblocks = nb;
}

/* ---- Measuring ------------------------------------------------------------------- */

struct result {
    size_t bytes;
    double all, full; /* decode, millions of integers per second: all blocks, full ones */
};

static uint64_t checksum;

/* Seconds of CPU time of this thread: the machine is shared, and time spent descheduled
 * is not the codec's. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One pass: every block (or every full block) decoded once, reps times; returns the
 * seconds and sets *nints to the integers decoded in one repetition. */
static double decode_pass(const struct codec *c, const struct stream *s, const uint8_t *buf,
                          size_t total, const size_t *off, size_t reps, int full_only,
                          size_t *nints)
{
    uint32_t out[BLOCK];
    uint64_t sum = 0;
    size_t ni = 0;
    double t0 = cpu_now();
    for (size_t r = 0; r < reps; r++) {
        ni = 0;
        for (size_t b = 0; b < s->nblocks; b++) {
            size_t n = s->at[b + 1] - s->at[b];
            if (full_only && n != BLOCK) continue;
            sum += c->dec(buf + off[b], total - off[b], n, out);
            sum += out[n - 1];
            ni += n;
        }
    }
    checksum += sum;
    *nints = ni;
    return cpu_now() - t0;
}

/* Millions of integers per second: enough repetitions for a pass of about 0.2 s, then
 * the best of 3 passes. */
static double speed(const struct codec *c, const struct stream *s, const uint8_t *buf, size_t total,
                    const size_t *off, int full_only)
{
    size_t reps, ni;
    double t = decode_pass(c, s, buf, total, off, 1, full_only, &ni), best = 1e30;
    if (!ni) return 0;
    reps = t > 0 ? (size_t)(0.2 / t) + 1 : 1000;
    for (int pass = 0; pass < 3; pass++) {
        t = decode_pass(c, s, buf, total, off, reps, full_only, &ni) / (double)reps;
        if (t < best) best = t;
    }
    return (double)ni / best / 1e6;
}

static struct result measure(const struct codec *c, const struct stream *s)
{
    struct result r = {0, 0, 0};
    size_t *off = xrealloc(NULL, (s->nblocks + 1) * sizeof *off);
    uint8_t *buf = xrealloc(NULL, s->nblocks * msd_codec_bound(BLOCK) + 64);
    uint32_t out[BLOCK];
    size_t o = 0;
    for (size_t b = 0; b < s->nblocks; b++) {
        off[b] = o;
        o += c->enc(s->v + s->at[b], s->at[b + 1] - s->at[b], buf + o);
    }
    off[s->nblocks] = o;
    r.bytes = o;
    for (size_t b = 0; b < s->nblocks; b++) { /* every block must come back exact */
        size_t n = s->at[b + 1] - s->at[b];
        if (c->dec(buf + off[b], off[b + 1] - off[b], n, out) != off[b + 1] - off[b] ||
            memcmp(out, s->v + s->at[b], n * sizeof *out)) {
            fprintf(stderr, "bench_codec: %s: %s block %zu does not round-trip\n", c->name, s->name,
                    b);
            exit(1);
        }
    }
    r.all = speed(c, s, buf, o, off, 0);
    r.full = speed(c, s, buf, o, off, 1);
    free(buf);
    free(off);
    return r;
}

int main(int argc, char **argv)
{
    size_t max_bytes = 64u << 20;
    const char *corpus = NULL, *only = NULL;
    struct bench_corpus c;
    struct postings p;
    marsad_analyzer_config cfg;
    marsad_analyzer *a = NULL;
    struct stream st[3] = {
        {"doc gaps", 0, 0, 0, 0}, {"tfs", 0, 0, 0, 0}, {"positions", 0, 0, 0, 0}};
    marsad_analyzer_config_init(&cfg);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--max-mb") && i + 1 < argc)
            max_bytes = (size_t)strtoull(argv[++i], NULL, 10) << 20;
        else if (!strcmp(argv[i], "--corpus") && i + 1 < argc)
            corpus = argv[++i];
        else if (!strcmp(argv[i], "--drop-stopwords"))
            cfg.drop_stopwords = 1;
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else {
            fprintf(stderr,
                    "usage: %s [--max-mb N] [--corpus PATH] [--drop-stopwords] [--only CODEC]\n",
                    argv[0]);
            return 2;
        }
    }
    if (bench_corpus_load(&c, corpus, max_bytes)) return 1;
    if (marsad_analyzer_new(&cfg, &a)) {
        fprintf(stderr, "bench_codec: cannot create analyzer\n");
        return 1;
    }
    memset(&p, 0, sizeof p);
    p.mask = (1u << 16) - 1;
    p.slots = xcalloc(p.mask + 1, sizeof *p.slots);
    for (size_t i = 0; i < c.n; i++) {
        p.doc = (long)i;
        if (marsad_analyze(a, c.text[i], c.len[i], on_token, &p)) {
            fprintf(stderr, "bench_codec: analysis failed on text %zu\n", i);
            return 1;
        }
    }
    marsad_analyzer_free(a);
    for (size_t k = 0; k < 3; k++) stream_build(&st[k], &p, k);

    printf("corpus: %s: %zu texts, %.1f MB\n", c.source, c.n, (double)c.bytes / 1e6);
    printf("index: %zu tokens, %zu stems%s, %zu postings, %zu positions; blocks of %d "
           "(%zu doc blocks, %zu position blocks)\n",
           p.ntokens, p.nterms, cfg.drop_stopwords ? " (stopwords dropped)" : "", st[0].nv,
           st[2].nv, BLOCK, st[0].nblocks, st[2].nblocks);
    printf("decode: one core, best of 3 passes, all blocks; Mint/s = 10^6 integers/s\n\n");
    printf("%-20s | %-22s | %-22s | %-22s | %7s %6s\n", "", "doc gaps", "tfs", "positions", "total",
           "bits/");
    printf("%-20s | %7s %5s %8s | %7s %5s %8s | %7s %5s %8s | %7s %6s\n", "codec", "MB", "bits",
           "Mint/s", "MB", "bits", "Mint/s", "MB", "bits", "Mint/s", "MB", "post");
    struct result res[NCODECS][3];
    memset(res, 0, sizeof res);
    for (size_t k = 0; k < NCODECS; k++) {
        size_t total = 0;
        if (only && strcmp(only, codecs[k].name)) continue;
        printf("%-20s", codecs[k].name);
        for (size_t j = 0; j < 3; j++) {
            struct result r = res[k][j] = measure(&codecs[k], &st[j]);
            total += r.bytes;
            printf(" | %7.2f %5.2f %8.0f", (double)r.bytes / 1e6, 8.0 * (double)r.bytes / st[j].nv,
                   r.all);
            fflush(stdout);
        }
        printf(" | %7.2f %6.2f\n", (double)total / 1e6, 8.0 * (double)total / st[0].nv);
    }
    printf("\ndecode of full blocks only (the long lists of frequent terms), Mint/s:\n");
    printf("%-20s | %8s | %8s | %8s\n", "codec", "doc gaps", "tfs", "pos");
    for (size_t k = 0; k < NCODECS; k++)
        if (!only || !strcmp(only, codecs[k].name))
            printf("%-20s | %8.0f | %8.0f | %8.0f\n", codecs[k].name, res[k][0].full,
                   res[k][1].full, res[k][2].full);
    printf("\nbits = bits per value of the stream (per posting for doc gaps and tfs, per\n"
           "position for positions); bits/post = all three streams per posting.\n");
    if (checksum == 42) printf(" ");
    for (size_t k = 0; k < 3; k++) {
        free(st[k].v);
        free(st[k].at);
    }
    for (size_t k = 0; k < p.nterms; k++) {
        free(p.terms[k].docs.a);
        free(p.terms[k].tfs.a);
        free(p.terms[k].pos.a);
    }
    free(p.terms);
    free(p.slots);
    free(p.keys);
    bench_corpus_free(&c);
    return 0;
}
