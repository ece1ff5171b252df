/*
 * ledger.h — a story's numeric claims, judged against each other.
 *
 * Claims are grouped by the quantity they count: the counted noun's lemma (its light
 * stem, with the broken plurals of the nouns news counts joined to their singular:
 * قتلى → قتيل, and the accusative alef of قتيلا dropped), or else the unit's. Within a
 * quantity every claim is an interval: eq v is [v, v]; approx v is [0.9 v, 1.1 v] (a
 * round figure: نحو 40 covers 36 to 44); gt and gte v are [v, ∞), lt and lte v
 * (-∞, v] (more than v takes v in: news writes "أكثر من 100" of a hundred). Only
 * tallies are judged (msd_ledger_is_tally). Two claims of one article are never judged against each
 * other; two of different articles whose intervals meet agree. Two that do not meet are an update
 * when the later one, dated a later day, lies wholly above the earlier (a toll that grows);
 * otherwise they disagree, when at most MSD_LEDGER_DAYS apart. docs/stories.md gives the rule with
 * examples.
 *
 * Pure functions over the caller's arrays; nothing is allocated.
 */
#ifndef MSD_STORIES_LEDGER_H
#define MSD_STORIES_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "marsad.h"

#define MSD_LEDGER_APPROX 0.10 /* the relative width of "approx" */
#define MSD_LEDGER_DAYS   1    /* claims further apart (days) never disagree */

/* The lemma table as stems of one analyzer: the plurals news counts (قتلى, جرحى, منازل …)
 * and their singulars, both analyzed as the claims' nouns will be. */
#define MSD_LEDGER_LEMMAS 64
#define MSD_LEDGER_CUES   64
typedef struct msd_ledger_lemmas {
    char from[MSD_LEDGER_LEMMAS][32], to[MSD_LEDGER_LEMMAS][32];
    size_t n;
    char person[16][32]; /* nouns that count people whatever befell them (شخص، مواطن) */
    size_t n_person;
    char cue[MSD_LEDGER_CUES][32]; /* words that say what befell them (مقتل، مفقود) */
    int cue_status[MSD_LEDGER_CUES];
    size_t n_cues;
    char tally[MSD_LEDGER_LEMMAS][32]; /* what an event's toll counts (قتيل، منزل، غارة) */
    size_t n_tally, n_cases;           /* n_cases: the place of حالة among them */
} msd_ledger_lemmas;

/* Returns MARSAD_OK, or the analyzer's error. */
int msd_ledger_lemmas_init(msd_ledger_lemmas *l, marsad_analyzer *an);

/* The quantity key of a claim into buf (cap bytes): the lemma of counted (or of unit when
 * counted is NULL). A noun that counts people whatever befell them (12 شخصا killed, تسعة
 * أشخاص missing) is told apart by what the words around the claim say befell them:
 * before (the text just before the claim) and after (just after; both may be NULL)
 * are searched for a cue (مقتل، جثث، مفقود، إصابة، نزوح، اعتقال …), whose status is added
 * to the key ("شخص: قتلى"). Returns the key's length, 0 when the claim counts nothing
 * (or the key does not fit). */
size_t msd_ledger_quantity(const msd_ledger_lemmas *l, marsad_analyzer *an, const char *counted,
                           const char *unit, const char *before, const char *after, char *buf,
                           size_t cap);

typedef struct msd_ledger_claim {
    size_t quantity; /* an index: claims of one quantity share it */
    double value;
    int qualifier;  /* 1 eq, 2 approx, 3 gt, 4 lt, 5 gte, 6 lte (the catalog's codes) */
    int32_t day;    /* msd_date_days, or MSD_NO_DAY */
    int judged;     /* a tally (msd_ledger_is_tally): compared with the others */
    size_t article; /* its article (nonzero; 0: unknown): one article is not judged
                       against itself */
    int verdict;    /* out: enum marsad_claim_verdict */
    size_t other;   /* out: the claim it updates or disagrees with */
} msd_ledger_claim;

/* Whether a quantity key (msd_ledger_quantity) is a toll an event runs up — people by
 * what befell them, buildings, strikes, cases — whose figures in one story can
 * contradict each other. Amounts of money, durations, measures and shares are listed
 * but not judged: one story holds many of them (a budget and a deficit, both in
 * ريال), and grouped by their unit they would "disagree" all day: on SaudiNewsNet,
 * judging every quantity marked 33,303 of 55,282 claims. */
int msd_ledger_is_tally(const msd_ledger_lemmas *l, const char *key);

/* The qualifier code of "eq" … "lte", or 0. */
int msd_ledger_qualifier(const char *name);

/* Whether two claims can both be true. */
int msd_ledger_agree(const msd_ledger_claim *a, const msd_ledger_claim *b);

/* Judges claims[0..n) (in date order): each judged claim gets its verdict against the
 * judged claims before it of its quantity; a claim a later one disagrees with is marked as
 * disagreeing too (naming it) unless it has a disagreement of its own. */
void msd_ledger_judge(msd_ledger_claim *claims, size_t n);

#endif
