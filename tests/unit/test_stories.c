/* test_stories.c — the online story rule (stories/cluster.c), its vectors (vector.c),
 * and the ledger's judgement of claims (ledger.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "marsad.h"
#include "stories/cluster.h"
#include "stories/ledger.h"
#include "stories/vector.h"
#include "test.h"
#include "util/date.h"

void suite_stories(void);

/* A vector over topic t's terms (t*100 …) with a few of its own (seed), unit length. */
static msd_storyvec make_vec(unsigned t, unsigned seed, unsigned shared)
{
    msd_storyvec v = {0};
    uint32_t keys[MSD_STORY_TERMS];
    size_t n = 0;
    for (unsigned i = 0; i < shared; i++) keys[n++] = t * 1000 + i;
    for (unsigned i = shared; i < 12; i++) keys[n++] = 900000 + seed * 50 + i;
    for (size_t i = 1; i < n; i++) /* sort */
        for (size_t j = i; j > 0 && keys[j - 1] > keys[j]; j--) {
            uint32_t x = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = x;
        }
    v.n = (uint32_t)n;
    for (size_t i = 0; i < n; i++) {
        v.key[i] = keys[i];
        v.w[i] = (uint16_t)lround(MSD_STORY_WMAX / sqrt((double)n));
        if (keys[i] < 900000) v.title |= (uint64_t)1 << i; /* the event's words head it */
    }
    return v;
}

struct art {
    int64_t id;
    int32_t day;
    unsigned topic, seed, shared;
    int64_t forced_by; /* a duplicate of this article, or 0 */
};

/* Two events a day apart, a third much later on the first's topic, unrelated noise,
 * and a duplicate. */
static const struct art arts[] = {
    {1, 100, 1, 1, 9, 0}, {2, 100, 2, 2, 9, 0},   {3, 101, 1, 3, 8, 0}, {4, 101, 3, 4, 2, 0},
    {5, 101, 2, 5, 9, 0}, {6, 102, 1, 6, 9, 0},   {7, 102, 2, 7, 9, 2}, {8, 130, 1, 8, 9, 0},
    {9, 131, 1, 9, 9, 0}, {10, 131, 4, 10, 0, 0},
};
#define N_ARTS (sizeof arts / sizeof arts[0])

/* Assigns arts[from..to) into s, the stories into got[] (by article id). */
static void feed(msd_stories *s, size_t from, size_t to, int64_t *got)
{
    for (size_t i = from; i < to; i++) {
        msd_storyvec v = make_vec(arts[i].topic, arts[i].seed, arts[i].shared);
        msd_story_decision d;
        int64_t forced = arts[i].forced_by ? got[arts[i].forced_by] : 0;
        CHECK_EQ(msd_stories_assign(s, arts[i].id, arts[i].day, &v, forced, &d), MARSAD_OK);
        got[arts[i].id] = d.story;
        CHECK(d.created == (d.story == arts[i].id));
    }
    for (size_t i = 0; i < to; i++) got[arts[i].id] = msd_stories_resolve(s, got[arts[i].id]);
}

static void rule(void)
{
    msd_story_params p;
    msd_stories *s = NULL, *t = NULL;
    int64_t one[N_ARTS + 1] = {0}, two[N_ARTS + 1] = {0};
    msd_story_params_init(&p);
    CHECK_EQ(msd_stories_new(&p, &s), MARSAD_OK);
    feed(s, 0, N_ARTS, one);
    CHECK_EQ(one[3], one[1]); /* same event, next day */
    CHECK_EQ(one[6], one[1]);
    CHECK_EQ(one[5], one[2]);
    CHECK(one[2] != one[1]);  /* another event */
    CHECK_EQ(one[4], 4);      /* little in common: a story of its own */
    CHECK_EQ(one[7], one[2]); /* a duplicate joins its group's story */
    CHECK(one[8] != one[1]);  /* a month later: out of the window */
    CHECK_EQ(one[9], one[8]);
    CHECK_EQ(one[10], 10);
    /* the same articles in two runs, the second resuming from what the first decided
     * (as a writer reopening an archive loads the window back) */
    CHECK_EQ(msd_stories_new(&p, &t), MARSAD_OK);
    feed(t, 0, 6, two);
    msd_stories_free(t);
    CHECK_EQ(msd_stories_new(&p, &t), MARSAD_OK);
    for (size_t i = 0; i < 6; i++) {
        msd_storyvec v = make_vec(arts[i].topic, arts[i].seed, arts[i].shared);
        CHECK_EQ(msd_stories_load(t, arts[i].id, two[arts[i].id], arts[i].day, &v,
                                  arts[i].day >= 102 - p.window),
                 MARSAD_OK);
    }
    feed(t, 6, N_ARTS, two);
    for (size_t i = 1; i <= N_ARTS; i++) CHECK_EQ(two[i], one[i]);
    CHECK_EQ(msd_stories_assign(t, 0, 100, NULL, 0, &(msd_story_decision){0}), MARSAD_EINVAL);
    msd_stories_free(s);
    msd_stories_free(t);
}

static void vectors(void)
{
    msd_storyvec v = make_vec(1, 1, 9), w;
    unsigned char buf[MSD_STORY_VEC_BYTES];
    size_t n = msd_storyvec_encode(&v, buf);
    CHECK_EQ(n, 6 * (size_t)v.n + 8);
    CHECK_EQ(msd_storyvec_decode(buf, n, &w), MARSAD_OK);
    CHECK_EQ(w.n, v.n);
    CHECK_EQ(w.title, v.title);
    CHECK(fabs(msd_storyvec_dot(&v, &w) - 1) < 1e-3);
    CHECK(fabs(msd_storyvec_title_cos(&v, &w) - 1) < 1e-9);
    CHECK_EQ(msd_storyvec_decode(buf, n - 1, &w), MARSAD_EFORMAT);
    /* the form without the title mask (stories version 2) still reads, with no title */
    CHECK_EQ(msd_storyvec_decode(buf, n - 8, &w), MARSAD_OK);
    CHECK_EQ(w.title, 0);
    CHECK_EQ(msd_storyvec_title_cos(&v, &w), 0);
    {
        msd_storyvec u = make_vec(1, 2, 3); /* three title words in common of nine */
        double c = msd_storyvec_title_cos(&v, &u);
        CHECK(c > 0.3 && c < 0.6);
        buf[n - 1] = 0x80; /* a title bit past the terms */
        CHECK_EQ(msd_storyvec_decode(buf, n, &w), MARSAD_EFORMAT);
        buf[n - 1] = 0;
    }
    buf[0] = 0xff, buf[1] = 0xff, buf[2] = 0xff, buf[3] = 0xff; /* keys out of order */
    CHECK_EQ(msd_storyvec_decode(buf, n, &w), MARSAD_EFORMAT);
}

static msd_ledger_claim claim(size_t q, double v, const char *qual, int32_t day)
{
    static size_t article;
    msd_ledger_claim c = {q, v, msd_ledger_qualifier(qual), day, 1, ++article, -1, 0};
    return c;
}

static void ledger(void)
{
    marsad_analyzer *an = NULL;
    msd_ledger_lemmas l;
    char a[64], b[64];
    /* what counts: one quantity for قتيلا, قتلى, القتلى and قتيل; another for غارة */
    CHECK_EQ(marsad_analyzer_new(NULL, &an), MARSAD_OK);
    CHECK_EQ(msd_ledger_lemmas_init(&l, an), MARSAD_OK);
    CHECK(msd_ledger_quantity(&l, an, "قتيلا", NULL, NULL, NULL, a, sizeof a) > 0);
    CHECK(msd_ledger_quantity(&l, an, "قتلى", NULL, NULL, NULL, b, sizeof b) > 0);
    CHECK_STR(a, b);
    CHECK(msd_ledger_quantity(&l, an, "والقتلى", NULL, NULL, NULL, b, sizeof b) > 0);
    CHECK_STR(a, b);
    CHECK(msd_ledger_quantity(&l, an, "قتيل", NULL, NULL, NULL, b, sizeof b) > 0);
    CHECK_STR(a, b);
    CHECK(msd_ledger_quantity(&l, an, "منازل", NULL, NULL, NULL, a, sizeof a) > 0);
    CHECK(msd_ledger_quantity(&l, an, "منزلا", NULL, NULL, NULL, b, sizeof b) > 0);
    CHECK_STR(a, b);
    CHECK(msd_ledger_quantity(&l, an, "غارة", NULL, NULL, NULL, b, sizeof b) > 0);
    CHECK(strcmp(a, b) != 0);
    CHECK(msd_ledger_quantity(&l, an, NULL, "دولار", NULL, NULL, a, sizeof a) > 0);
    CHECK(!msd_ledger_is_tally(&l, a)); /* money is listed, not judged */
    CHECK(msd_ledger_quantity(&l, an, "قتلى", NULL, NULL, NULL, b, sizeof b) > 0);
    CHECK(msd_ledger_is_tally(&l, b));
    CHECK_EQ(msd_ledger_quantity(&l, an, NULL, NULL, NULL, NULL, a, sizeof a), 0);
    marsad_analyzer_free(an);

    /* the intervals: أكثر من 40 vs 30; نحو 3000 vs أقل من 1000; نحو 200 vs 190 */
    {
        msd_ledger_claim x = claim(0, 40, "gt", 1), y = claim(0, 30, "eq", 1);
        CHECK(!msd_ledger_agree(&x, &y));
        x = claim(0, 3000, "approx", 1), y = claim(0, 1000, "lt", 1);
        CHECK(!msd_ledger_agree(&x, &y));
        x = claim(0, 200, "approx", 1), y = claim(0, 190, "eq", 1);
        CHECK(msd_ledger_agree(&x, &y));
        x = claim(0, 40, "gt", 1), y = claim(0, 40, "eq", 1); /* "more than 40" of 40 */
        CHECK(msd_ledger_agree(&x, &y));
        x = claim(0, 40, "gte", 1);
        CHECK(msd_ledger_agree(&x, &y));
        x = claim(0, 60, "lte", 1), y = claim(0, 50, "gt", 1);
        CHECK(msd_ledger_agree(&x, &y));
    }
    /* a toll that grows over three days is updates; the same day's 30 against more than
     * 40 disagrees; another quantity is judged apart */
    {
        msd_ledger_claim c[] = {
            claim(0, 12, "eq", 100),   claim(1, 3000, "approx", 100), claim(0, 27, "eq", 101),
            claim(1, 1000, "lt", 100), claim(0, 40, "gt", 102),       claim(0, 30, "eq", 102),
            claim(0, 12, "eq", 101),
        };
        msd_ledger_claim s[7];
        size_t order[] = {0, 2, 6, 4, 5, 1, 3}; /* by quantity, then date */
        for (size_t i = 0; i < 7; i++) s[i] = c[order[i]];
        msd_ledger_judge(s, 7);
        CHECK_EQ(s[0].verdict, MARSAD_CLAIM_ALONE);     /* 12 on the first day */
        CHECK_EQ(s[1].verdict, MARSAD_CLAIM_DISAGREES); /* 27 the next day: an update of */
        CHECK_EQ(s[1].other, 2);                        /* 12, but 12 is said again that day */
        CHECK_EQ(s[2].verdict, MARSAD_CLAIM_DISAGREES);
        CHECK_EQ(s[2].other, 1);
        CHECK_EQ(s[3].verdict, MARSAD_CLAIM_DISAGREES); /* more than 40, vs 30 that day */
        CHECK_EQ(s[3].other, 4);
        CHECK_EQ(s[4].verdict, MARSAD_CLAIM_DISAGREES);
        CHECK_EQ(s[4].other, 3);
        CHECK_EQ(s[5].verdict, MARSAD_CLAIM_DISAGREES); /* about 3000 vs under 1000 */
        CHECK_EQ(s[6].verdict, MARSAD_CLAIM_DISAGREES);
        CHECK_EQ(s[6].other, 5);
        /* without the stale 12 and the 30: a toll that grows is all updates */
        s[0] = c[0], s[1] = c[2], s[2] = c[4];
        msd_ledger_judge(s, 3);
        CHECK_EQ(s[0].verdict, MARSAD_CLAIM_ALONE);
        CHECK_EQ(s[1].verdict, MARSAD_CLAIM_UPDATE);
        CHECK_EQ(s[1].other, 0);
        CHECK_EQ(s[2].verdict, MARSAD_CLAIM_UPDATE);
        /* a lower figure more than a day later is another count, not a contradiction;
         * a day later it still disagrees */
        s[0] = claim(0, 27, "eq", 100), s[1] = claim(0, 9, "eq", 100 + MSD_LEDGER_DAYS + 1);
        msd_ledger_judge(s, 2);
        CHECK_EQ(s[1].verdict, MARSAD_CLAIM_ALONE);
        s[1] = claim(0, 9, "eq", 100 + MSD_LEDGER_DAYS);
        msd_ledger_judge(s, 2);
        CHECK_EQ(s[1].verdict, MARSAD_CLAIM_DISAGREES);
    }
}

void suite_stories(void)
{
    rule();
    vectors();
    ledger();
}
