/* fuzz_stories.c — libFuzzer target: story vectors as stored, the online rule, and the
 * ledger's verdicts.
 *
 * The input is a run of records of 2 + 6k (+ 8) bytes: a day offset, a flags byte (low 6
 * bits: how many terms; bit 6: a title mask follows them; bit 7: force the previous
 * article's story), then the vector's stored bytes (6 a term, then the mask). Each record is
 * decoded as a member row is (keys must increase, or it is refused), then assigned, twice, into two
 * handles: their decisions must agree (the rule depends only on what came before), every story
 * named must resolve to itself, and a forced one must be kept. The same bytes, read as claims, are
 * judged: every verdict must be one of three and name a claim of the same quantity. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "stories/cluster.h"
#include "stories/ledger.h"
#include "stories/vector.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    msd_story_params p;
    msd_stories *s1 = NULL, *s2 = NULL;
    msd_ledger_claim claims[64];
    size_t nc = 0, pos = 0;
    int64_t id = 0, last = 0;
    msd_story_params_init(&p);
    if (msd_stories_new(&p, &s1) || msd_stories_new(&p, &s2)) abort();
    while (pos + 2 <= size) {
        unsigned terms = data[pos + 1] & 0x3f, force = data[pos + 1] >> 7;
        int32_t day = 17000 + data[pos];
        size_t len = 6 * (size_t)terms + (data[pos + 1] & 0x40 ? 8 : 0);
        msd_storyvec v;
        msd_story_decision d1, d2;
        if (pos + 2 + len > size) len = size - pos - 2;
        if (msd_storyvec_decode(data + pos + 2, len, &v) == MARSAD_OK) {
            int64_t forced = force && last ? last : 0;
            id++;
            if (msd_stories_assign(s1, id, day, &v, forced, &d1) ||
                msd_stories_assign(s2, id, day, &v, forced, &d2))
                abort();
            if (d1.story != d2.story || d1.created != d2.created || d1.n_merged != d2.n_merged)
                abort();
            if (msd_stories_resolve(s1, d1.story) != d1.story) abort();
            if (forced && d1.story != msd_stories_resolve(s1, forced)) abort();
            last = d1.story;
        }
        if (nc < 64) { /* the same bytes as a claim */
            claims[nc].quantity = data[pos + 1] & 3;
            claims[nc].value = data[pos];
            claims[nc].qualifier = 1 + data[pos + 1] % 6;
            claims[nc].day = 17000 + (data[pos] >> 5);
            claims[nc].judged = data[pos] & 1;
            claims[nc].article = 1 + nc % 5;
            nc++;
        }
        pos += 2 + len;
    }
    msd_ledger_judge(claims, nc);
    for (size_t i = 0; i < nc; i++) {
        if (claims[i].verdict < MARSAD_CLAIM_ALONE || claims[i].verdict > MARSAD_CLAIM_DISAGREES)
            abort();
        if (claims[i].verdict &&
            (claims[i].other >= nc || claims[claims[i].other].quantity != claims[i].quantity))
            abort();
    }
    msd_stories_free(s1);
    msd_stories_free(s2);
    return 0;
}
