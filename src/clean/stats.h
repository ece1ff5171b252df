/*
 * stats.h — bounded counts of (source, line) pairs and of documents per source, for the
 * cleaner's site-repeated rule (library-internal).
 *
 * A fixed open-addressing table of 64-bit keys and 32-bit counts. When it is 3/4 full,
 * entries counted once are dropped (most lines of a crawl are unique, boilerplate is
 * counted many times), so memory never grows past what msd_stats_new() allocated.
 */
#ifndef MSD_CLEAN_STATS_H
#define MSD_CLEAN_STATS_H

#include <stddef.h>
#include <stdint.h>

typedef struct msd_stats msd_stats;

/* slots: table capacity (rounded up to a power of two, at least 1024). */
int msd_stats_new(size_t slots, msd_stats **out);
void msd_stats_free(msd_stats *s);

/* Adds one to key's count. Never fails: a full table prunes itself first. */
void msd_stats_add(msd_stats *s, uint64_t key);

/* The count of key (0 when unseen or pruned). */
uint32_t msd_stats_get(const msd_stats *s, uint64_t key);

#endif
