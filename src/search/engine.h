/*
 * engine.h — ranked retrieval over the live index: a parsed query (query.h) is
 * analyzed with the index's analyzer, scored by BM25 over the body and title fields
 * (title weighted by title_boost), and the top k documents come back, one per
 * duplicate group unless asked otherwise.
 *
 * Evaluation: a query that is a plain disjunction of words (the --any mode, a pasted
 * headline) runs block-max WAND over the terms' postings, skipping blocks whose score
 * bound cannot enter the top k; every other query runs document at a time over an
 * iterator tree (conjunctions leapfrog from the rarest term, phrases check positions,
 * a prefix expands, per segment and field, to the first MSD_PREFIX_TERMS keys in key
 * order among both the normalized forms and the stems that begin with it, so تحا*
 * also finds والتحالف by its stem تحالف). Filters (sources,
 * dates) are checked on each candidate's document row before scoring.
 *
 * The engine reads only the index; the caller owns the analyzer (one per thread) and
 * the results (msd_hits_clear).
 */
#ifndef MSD_SEARCH_ENGINE_H
#define MSD_SEARCH_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "index/index.h"
#include "marsad.h"
#include "search/query.h"

#define MSD_PREFIX_TERMS 64

/* Different prefixes a query may hold. Each expands, per segment, to up to 4 ×
 * MSD_PREFIX_TERMS index terms, and each of those looks up its df in every segment:
 * 255 different two-letter prefixes took 880 ms on SaudiNewsNet; 32 take at most an
 * eighth of it, and no query of a person needs more. */
#define MSD_QUERY_MAX_PREFIXES 32

/* One word of a phrase to check at its place: at offset positions after the first word
 * (stopwords keep their places), a token whose normalized form (form 1) or stem (form 0)
 * is text[0..len), in the index's analysis. */
typedef struct msd_phrase_word {
    uint32_t offset;
    int form;
    const char *text;
    size_t len;
} msd_phrase_word;

typedef struct msd_search_opts {
    size_t k;           /* results wanted (default 10) */
    int collapse;       /* one result per duplicate group (default 1) */
    double k1, b;       /* BM25 parameters (default 1.2, 0.75) */
    double title_boost; /* weight of a title match (default 2) */
    int exhaustive;     /* score every match, no block-max WAND (for tests and checks) */
    double exact_bonus; /* a word's typed form scores this share of its own IDF on top of
                           its stem's (default 0.3; 0: stems only) */
    int sort;           /* MSD_SORT_SCORE (default), or by date: every match is scored (no
                           block-max WAND: its bounds are scores), the top k by date */
    int facets;         /* tally the outlet and day of the matches (msd_hits.f_*) */
    uint64_t count_cap; /* matches counted exactly at most (default MARSAD_COUNT_CAP) */
    double deadline;    /* CLOCK_MONOTONIC seconds past which the run stops with
                           MARSAD_ETIMEOUT (checked before each segment and every
                           MSD_DEADLINE_EVERY candidates); 0: none */
    /* Checks a phrase at its place in the article with catalog id docid (body or title):
       the index keeps positions for stems only, so a phrase that pins a form (=word) or
       favours the typed forms asks the caller, who re-reads the article. Returns 1 (it
       stands there), 0 (not), or a MARSAD_E* code, which ends the run. NULL: a pinned
       form is only required somewhere in the article, and the typed forms' bonus is
       given when they are anywhere in the body. */
    int (*phrase_at)(void *ctx, uint32_t docid, const struct msd_phrase_word *w, size_t n);
    void *phrase_ctx;
} msd_search_opts;

/* Candidates looked at between two looks at the clock: a clock read costs ~20 ns, a
 * candidate ~50 ns and more, so the check adds well under 1% and a budget overshoots by
 * a fraction of a millisecond. */
#define MSD_DEADLINE_EVERY 4096

enum { MSD_SORT_SCORE = 0, MSD_SORT_NEWEST = 1, MSD_SORT_OLDEST = 2 }; /* = enum marsad_sort */

void msd_search_opts_init(msd_search_opts *o);

typedef struct msd_search_filter {
    const uint32_t *sources; /* catalog source ids: any of them; NULL / 0: any source */
    size_t n_sources;
    int32_t from, to; /* days since 1970-01-01, inclusive; MSD_SEG_NO_DATE: unbounded */
} msd_search_filter;

typedef struct msd_hit {
    uint32_t docid, group;
    double score; /* BM25 (0 for a query of filters only) */
    double rank;  /* what orders the hits: the score, or under a date sort the date */
} msd_hit;

typedef struct msd_hits {
    msd_hit *items; /* best first */
    size_t n;
    uint64_t matched; /* documents that matched and were scored */
    int pruned;       /* matched counts only what pruning left (WAND): a lower bound */
    char **terms;     /* the index forms the query matched, for highlighting: "B…" stems,
                         "b…" normalized forms (exact words), "p…" normalized prefixes */
    size_t n_terms;
    /* Counting. matched is exact unless pruned. A flat disjunction run by block-max WAND
       is counted again without scores (a cheaper walk of the same postings) up to
       count_cap matches: past it, matched is a floor and pruned is set. */
    /* Facets (opts.facets): the outlet (catalog source id, 0: none) and day
       (MSD_SEG_NO_DATE: undated) of each counted match, n_facets of each, in index
       order; one per duplicate group when collapsing (its first match in index order).
       Only the first count_cap matches are tallied: facets_partial is set when more
       matched. */
    uint32_t *f_sources;
    int32_t *f_days;
    size_t n_facets;
    int facets_partial;
} msd_hits;

/* Runs root (may be NULL: filters only, newest first) against ix. Its MSD_Q_SET nodes
 * must be resolved (ids set; none: they match nothing). A query whose clauses score
 * nothing (sets only, under AND/OR/NOT) lists its matches newest first, as filters do. a must be an
 * analyzer configured as the index's (light stems, stopwords dropped). Returns MARSAD_OK,
 * MARSAD_ESTOPWORDS (a query whose words are all stopwords or punctuation: nothing to
 * look up), MARSAD_EONLYNOT (what is left once they are dropped only excludes),
 * MARSAD_ETOOBIG (more than MSD_QUERY_MAX_PREFIXES different prefixes), MARSAD_ECORRUPT
 * (a segment met damage during the run: msd_index_damaged says which) or MARSAD_ENOMEM. */
int msd_search_run(const msd_index *ix, marsad_analyzer *a, const msd_qnode *root,
                   const msd_search_filter *f, const msd_search_opts *o, msd_hits *out);

void msd_hits_clear(msd_hits *h);

#endif
