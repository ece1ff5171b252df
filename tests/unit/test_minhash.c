/* test_minhash.c — MinHash signatures and LSH band keys (src/dedup/minhash.h).
 *
 * The pinned values were computed once from this code; signatures and keys are stored
 * by the archive, so a change in any of them is a format change, not a test to update
 * casually. */
#include <stdio.h>
#include <string.h>

#include "dedup/minhash.h"
#include "marsad.h"
#include "test.h"
#include "util/hash.h"

#define N 200

/* A fixed text of n pseudo-random "word hashes" from seed. */
static void text(uint64_t *w, size_t n, uint64_t seed)
{
    for (size_t i = 0; i < n; i++) w[i] = msd_mix64(seed + i);
}

static int all_max(const uint32_t *sig, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (sig[i] != UINT32_MAX) return 0;
    return 1;
}

static void pinned(void)
{
    static const uint32_t want_sig[8] = {0x21d48959u, 0x01d4dc93u, 0x26eac934u, 0x25bcce18u,
                                         0x1d22f989u, 0x0a3e035fu, 0x70f7a6feu, 0x12987dc7u};
    static const uint64_t want_keys[4] = {0x5d681a56b8f41938ull, 0xc207bb0656bb5ba9ull,
                                          0xbfd825390aa416ceull, 0x0c5cb7d4e5f3746eull};
    const msd_minhash_params p = {3, 4, 2};
    const char *ktb = "كتاب", *two = "المملكة العربية";
    uint64_t w[10], keys[32];
    uint32_t sig[128];
    for (int i = 0; i < 10; i++) w[i] = (uint64_t)(i + 1);
    CHECK_EQ(msd_minhash_sig(w, 10, &p, sig), MARSAD_OK);
    CHECK(!memcmp(sig, want_sig, sizeof want_sig));
    CHECK_EQ(msd_minhash_bands(sig, &p, keys), MARSAD_OK);
    CHECK(!memcmp(keys, want_keys, sizeof want_keys));
    CHECK_EQ(msd_minhash_shingle(w, 3), 0x63e7d65b030e285eull);
    /* the default setting: both ends of the signature and of the keys */
    CHECK_EQ(msd_minhash_sig(w, 10, &msd_minhash_default, sig), MARSAD_OK);
    CHECK_EQ(sig[0], 0x0b77b3c3u);
    CHECK_EQ(sig[1], 0x1a3da836u);
    CHECK_EQ(sig[126], 0x0d491593u);
    CHECK_EQ(sig[127], 0x3a963dc0u);
    CHECK_EQ(msd_minhash_bands(sig, &msd_minhash_default, keys), MARSAD_OK);
    CHECK_EQ(keys[0], 0x796ce65b7c9a5f60ull);
    CHECK_EQ(keys[31], 0xe5c4d341b64ab784ull);
    /* word hashes: fixed values, and msd_hash64's on a little-endian host */
    CHECK_EQ(msd_minhash_word("", 0), 0x4e17cf67001b3979ull);
    CHECK_EQ(msd_minhash_word(NULL, 0), 0x4e17cf67001b3979ull);
    CHECK_EQ(msd_minhash_word("abc", 3), 0xa30a638477ff72f7ull);
    CHECK_EQ(msd_minhash_word(ktb, strlen(ktb)), 0xb7c86ae38f4ecb80ull); /* 8 bytes */
    CHECK_EQ(msd_minhash_word(two, strlen(two)), 0x5798db524e1ac8f0ull); /* 29 bytes */
    {
        const uint16_t one = 1;
        unsigned char first;
        memcpy(&first, &one, 1);
        if (first == 1) {
            CHECK_EQ(msd_minhash_word(two, strlen(two)), msd_hash64(two, strlen(two)));
            CHECK_EQ(msd_minhash_word("abc", 3), msd_hash64("abc", 3));
        } else {
            test_skip("minhash word = msd_hash64", "big-endian host");
        }
    }
    /* the default is the measured choice of docs/dedup.md */
    CHECK_EQ(msd_minhash_default.shingle, 5);
    CHECK_EQ(msd_minhash_default.bands, 32);
    CHECK_EQ(msd_minhash_default.rows, 4);
}

static void invalid(void)
{
    uint64_t w[4] = {1, 2, 3, 4}, keys[4] = {7, 7, 7, 7};
    uint32_t sig[8];
    const msd_minhash_params ok = {2, 4, 2};
    const msd_minhash_params bad[] = {
        {0, 4, 2},           {MSD_MINHASH_MAX_SHINGLE + 1, 4, 2},
        {2, 0, 2},           {2, 4, 0},
        {2, 257, 1},         {2, 16, 17},
        {2, 0xffffffffu, 1}, {2, 65536, 65536}, /* would wrap in 32 bits */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(sig, 0x5a, sizeof sig);
        CHECK_EQ(msd_minhash_slots(&bad[i]), 0);
        CHECK_EQ(msd_minhash_sig(w, 4, &bad[i], sig), MARSAD_EINVAL);
        CHECK_EQ(sig[0], 0x5a5a5a5au); /* untouched */
        CHECK_EQ(msd_minhash_bands(sig, &bad[i], keys), MARSAD_EINVAL);
        CHECK_EQ(keys[0], 7);
    }
    CHECK_EQ(msd_minhash_slots(NULL), 0);
    CHECK_EQ(msd_minhash_slots(&ok), 8);
    CHECK_EQ(msd_minhash_slots(&msd_minhash_default), 128);
    CHECK_EQ(msd_minhash_slots(&(msd_minhash_params){16, 16, 16}), MSD_MINHASH_MAX_SLOTS);
    CHECK_EQ(msd_minhash_sig(w, 4, NULL, sig), MARSAD_EINVAL);
    CHECK_EQ(msd_minhash_sig(w, 4, &ok, NULL), MARSAD_EINVAL);
    CHECK_EQ(msd_minhash_sig(NULL, 4, &ok, sig), MARSAD_EINVAL);
    CHECK_EQ(msd_minhash_bands(NULL, &ok, keys), MARSAD_EINVAL);
    CHECK_EQ(msd_minhash_bands(sig, &ok, NULL), MARSAD_EINVAL);
    CHECK_EQ(msd_minhash_bands(sig, NULL, keys), MARSAD_EINVAL);
    CHECK(msd_minhash_estimate(NULL, sig, 8) == 0.0);
    CHECK(msd_minhash_estimate(sig, sig, 0) == 0.0);
}

static void short_texts(void)
{
    const msd_minhash_params p5 = {5, 4, 2}, p3 = {3, 4, 2};
    uint64_t w[4] = {11, 22, 33, 44};
    uint32_t a[8], b[8];
    /* n == 0: the empty signature, words may be NULL */
    CHECK_EQ(msd_minhash_sig(NULL, 0, &p5, a), MARSAD_OK);
    CHECK(all_max(a, 8));
    /* n < shingle: one shingle of the words there are, whatever the shingle size */
    CHECK_EQ(msd_minhash_sig(w, 2, &p5, a), MARSAD_OK);
    CHECK_EQ(msd_minhash_sig(w, 2, &p3, b), MARSAD_OK);
    CHECK(!all_max(a, 8));
    CHECK(!memcmp(a, b, sizeof a));
    /* one word differs from two words; n == shingle is one ordinary shingle */
    CHECK_EQ(msd_minhash_sig(w, 1, &p5, b), MARSAD_OK);
    CHECK(memcmp(a, b, sizeof a) != 0);
    CHECK_EQ(msd_minhash_sig(w, 3, &p3, b), MARSAD_OK);
    CHECK_EQ(msd_minhash_sig(w, 3, &p5, a), MARSAD_OK);
    CHECK(!memcmp(a, b, sizeof a));
}

static int shared_band(const uint64_t *ka, const uint64_t *kb, unsigned bands)
{
    for (unsigned i = 0; i < bands; i++)
        if (ka[i] == kb[i]) return 1;
    return 0;
}

static void similarity(void)
{
    const msd_minhash_params *p = &msd_minhash_default;
    size_t k = msd_minhash_slots(p);
    uint64_t a[N], b[N], c[N], ka[32], kb[32], kc[32];
    uint32_t sa[128], sb[128], sc[128], sl[128];
    text(a, N, 1000);
    memcpy(b, a, sizeof a);
    text(c, N, 5000);
    /* identical inputs: identical signatures and keys; the estimate of a text and itself */
    CHECK_EQ(msd_minhash_sig(a, N, p, sa), MARSAD_OK);
    CHECK_EQ(msd_minhash_sig(b, N, p, sb), MARSAD_OK);
    CHECK(!memcmp(sa, sb, sizeof sa));
    CHECK_EQ(msd_minhash_bands(sa, p, ka), MARSAD_OK);
    CHECK_EQ(msd_minhash_bands(sb, p, kb), MARSAD_OK);
    CHECK(!memcmp(ka, kb, sizeof ka));
    CHECK(msd_minhash_estimate(sa, sa, k) == 1.0);
    /* a small edit (two words of 200 replaced, a dateline added): high, and a candidate.
     * True J: 10 shingles of 196 gone, 4+10 new: 186 / 210 = 0.886. */
    b[50] = 77;
    b[150] = 78;
    {
        uint64_t d[N + 4] = {91, 92, 93, 94};
        memcpy(d + 4, b, sizeof b);
        CHECK_EQ(msd_minhash_sig(d, N + 4, p, sb), MARSAD_OK);
    }
    CHECK(msd_minhash_estimate(sa, sb, k) > 0.8);
    CHECK(msd_minhash_estimate(sa, sb, k) < 1.0);
    CHECK_EQ(msd_minhash_bands(sb, p, kb), MARSAD_OK);
    CHECK(shared_band(ka, kb, p->bands));
    /* unrelated texts: low, and no band in common */
    CHECK_EQ(msd_minhash_sig(c, N, p, sc), MARSAD_OK);
    CHECK(msd_minhash_estimate(sa, sc, k) < 0.05);
    CHECK_EQ(msd_minhash_bands(sc, p, kc), MARSAD_OK);
    CHECK(!shared_band(ka, kc, p->bands));
    /* keys of different bands differ even for equal slots (the band number is hashed) */
    {
        uint32_t flat[128];
        for (int i = 0; i < 128; i++) flat[i] = 5;
        CHECK_EQ(msd_minhash_bands(flat, p, kc), MARSAD_OK);
        CHECK(kc[0] != kc[1]);
    }
    /* order matters: the same words reversed share no 5-word shingle */
    for (size_t i = 0; i < N; i++) c[i] = a[N - 1 - i];
    CHECK_EQ(msd_minhash_sig(c, N, p, sc), MARSAD_OK);
    CHECK(msd_minhash_estimate(sa, sc, k) < 0.05);
    /* slot i depends on i alone: a shorter signature is a prefix of a longer one */
    CHECK_EQ(msd_minhash_sig(a, N, &(msd_minhash_params){5, 1, 100}, sl), MARSAD_OK);
    CHECK(!memcmp(sl, sa, 100 * sizeof *sl));
}

/* The whole path the archive takes: analyzer stems, word hashes, signature. */
static int push_stem(void *ctx, const marsad_token *t)
{
    uint64_t *w = ctx;
    if (w[0] < 63) {
        w[1 + w[0]] = msd_minhash_word(t->stem, t->stem_len);
        w[0]++;
    }
    return 0;
}

static void analyzed(void)
{
    static const char *a = "أعلنت وزارة الصحة اليوم تسجيل حالات جديدة لفيروس كورونا في منطقة "
                           "الرياض، وأوضحت الوزارة في بيان أن الحالات تتلقى العلاج في المستشفى "
                           "وأن فرق الرصد تتابع المخالطين";
    static const char *b = "الرياض - واس: أعلنت وزارة الصحة اليوم تسجيل حالات جديدة لفيروس كورونا "
                           "في منطقة الرياض. وأوضحت الوزارة في بيان أن الحالات تتلقى العلاج في "
                           "المستشفى، وأن فرق الرصد تتابع المخالطين";
    marsad_analyzer *an = NULL;
    uint64_t wa[64] = {0}, wb[64] = {0};
    uint32_t sa[128], sb[128];
    if (marsad_analyzer_new(NULL, &an) != MARSAD_OK) {
        test_skip("minhash analyzed", "no analyzer");
        return;
    }
    CHECK_EQ(marsad_analyze(an, a, strlen(a), push_stem, wa), MARSAD_OK);
    CHECK_EQ(marsad_analyze(an, b, strlen(b), push_stem, wb), MARSAD_OK);
    marsad_analyzer_free(an);
    CHECK_EQ(msd_minhash_sig(wa + 1, wa[0], &msd_minhash_default, sa), MARSAD_OK);
    CHECK_EQ(msd_minhash_sig(wb + 1, wb[0], &msd_minhash_default, sb), MARSAD_OK);
    /* a dateline and punctuation added: a near-duplicate at the shipped threshold */
    CHECK(msd_minhash_estimate(sa, sb, 128) >= MSD_MINHASH_THRESHOLD);
}

void suite_minhash(void);
void suite_minhash(void)
{
    pinned();
    invalid();
    short_texts();
    similarity();
    analyzed();
}
