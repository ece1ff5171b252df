/* dedup.c — duplicate keys and the choice of a group; see dedup.h. */
#include "dedup/dedup.h"

#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "text/tokens.h"
#include "util/hash.h"

int msd_dupkeys_of(const msd_tokens *body, msd_dupkeys *out)
{
    const msd_minhash_params *p = &msd_minhash_default;
    uint64_t h = 0x9e3779b97f4a7c15ull, *words;
    uint32_t sig[MSD_MINHASH_MAX_SLOTS];
    int rc = MARSAD_OK;
    memset(out, 0, sizeof *out);
    out->words = body->n;
    out->nslots = msd_minhash_slots(p);
    out->nbands = p->bands;
    for (size_t k = 0; k < body->n; k++) /* the exact key: every word, in order */
        h = msd_mix64(h ^ msd_hash64(body->t[k].norm, body->t[k].norm_len));
    out->exact = h;
    if (body->n < MSD_MINHASH_MIN_WORDS) return MARSAD_OK;
    if (!(words = malloc(body->n * sizeof *words))) return MARSAD_ENOMEM;
    for (size_t k = 0; k < body->n; k++)
        words[k] = msd_minhash_word(body->t[k].stem, body->t[k].stem_len);
    if (!(rc = msd_minhash_sig(words, body->n, p, sig)) &&
        !(rc = msd_minhash_bands(sig, p, out->bands))) {
        for (size_t i = 0; i < out->nslots; i++) out->sig[i] = (uint8_t)sig[i];
        out->has_sig = 1;
    }
    free(words);
    return rc;
}

double msd_dup_estimate(const uint8_t *a, const uint8_t *b, size_t n)
{
    const double chance = 1.0 / 256; /* two other slots share their low byte */
    size_t same = 0;
    double p;
    if (!a || !b || !n) return 0.0;
    for (size_t i = 0; i < n; i++) same += a[i] == b[i];
    p = ((double)same / (double)n - chance) / (1 - chance);
    return p > 0 ? p : 0;
}

void msd_dup_choose(const msd_dupkeys *k, const msd_dupcand *cands, size_t n, int64_t *group,
                    double *jaccard)
{
    *group = 0;
    *jaccard = 0;
    for (size_t i = 0; k->has_sig && i < n; i++) {
        double e = msd_dup_estimate(k->sig, cands[i].sig, k->nslots);
        if (e >= MSD_MINHASH_THRESHOLD && e > *jaccard) { /* ties: the earliest */
            *jaccard = e;
            *group = cands[i].group;
        }
    }
}
