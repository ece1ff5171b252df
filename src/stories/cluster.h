/*
 * cluster.h — online story detection: each article, as it comes, joins the story it is
 * most like among the stories of recent similar articles, or starts one.
 *
 * Candidates come from an inverted index of the articles of the last `window` days
 * (term → the recent articles with that term among their vector's terms), so the cost
 * of an article grows with how many recent articles share its terms, not with how
 * many stories there are. An article's likeness to a member weighs their vectors' and
 * their titles' cosines; a story is a candidate only through a recent member at least
 * `floor` alike, then scored by that best member and by its centroid (the sum of all
 * its members' vectors), each damped by the days between; it is joined above `join`. When the
 * article also scores above `bridge` against a second story whose centroid is within cosine `merge`
 * of the first's, the two have converged and merge into the older (smaller id). The rule, its
 * thresholds and their measurement are in docs/stories.md.
 *
 * A story's id is the catalog id of the article that started it. Every decision depends
 * only on the articles assigned before, in order, and on integer sums of their vectors:
 * a handle fed the same articles in the same order decides the same, whether they came
 * in one run or several (msd_stories_load brings back what earlier runs decided).
 *
 * Stories no recent article belongs to are forgotten from memory; when a duplicate
 * brings one back, the caller loads its members again (msd_stories_known, then
 * msd_stories_load with in_window 0).
 *
 * Ownership: the handle owns everything in it; decisions' merged arrays live until the
 * next call. Errors: MARSAD_ENOMEM (the handle is then unusable), MARSAD_EINVAL.
 */
#ifndef MSD_STORIES_CLUSTER_H
#define MSD_STORIES_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "stories/vector.h"

typedef struct msd_story_params {
    int window;    /* days an article stays a candidate (7) */
    double tau;    /* days over which similarity decays by 1/e (6) */
    double alpha;  /* weight of the best member against the centroid (0.6) */
    double join;   /* score to join a story (see docs/stories.md) */
    double merge;  /* centroid cosine of two stories that merge … */
    double bridge; /* … when the article scores this much against the second one */
    double title;  /* weight of the headlines' likeness in an article's (vs. the vectors') */
    double floor;  /* a story is joined only through a member at least this much like it */
} msd_story_params;

void msd_story_params_init(msd_story_params *p);

typedef struct msd_stories msd_stories;

int msd_stories_new(const msd_story_params *p, msd_stories **out);
void msd_stories_free(msd_stories *s);

/* What became of an article. */
typedef struct msd_story_decision {
    int64_t story;         /* the story it joined, or its own id when it started one */
    int created;           /* it started a story */
    const int64_t *merged; /* stories merged into `story` by this article */
    size_t n_merged;
    double score; /* the winning score (1 for a duplicate's forced story) */
} msd_story_decision;

/* Assigns article (catalog id) of day (msd_date_days, or MSD_NO_DAY: the latest day seen)
 * with vector v. forced (nonzero) is the story it must join: its duplicate group's;
 * that story must be known (msd_stories_known). */
int msd_stories_assign(msd_stories *s, int64_t article, int32_t day, const msd_storyvec *v,
                       int64_t forced, msd_story_decision *d);

/* Whether the story (after merges) is in memory. */
int msd_stories_known(const msd_stories *s, int64_t story);

/* Brings back an article assigned before: its story (as now, after merges), day and
 * vector; in_window: it may be a candidate (its day is recent). Members of one story may
 * come in any order. Returns MARSAD_OK or MARSAD_ENOMEM. */
int msd_stories_load(msd_stories *s, int64_t article, int64_t story, int32_t day,
                     const msd_storyvec *v, int in_window);

/* The story id now answers for (merged ones name the story they went into). */
int64_t msd_stories_resolve(const msd_stories *s, int64_t story);

/* Articles in the candidate window, and stories in memory (for the cost figures). */
size_t msd_stories_window(const msd_stories *s);
size_t msd_stories_in_memory(const msd_stories *s);

#endif
