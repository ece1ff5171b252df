/*
 * strmap.h — a bounded map from byte strings to byte strings (caches, word sets).
 *
 * Open addressing over a power-of-two slot array; keys and values live in one arena
 * owned by the map. It never holds more than `max_entries`: when an insert would pass
 * that bound, the map is emptied first (a cache of a Zipfian vocabulary refills with
 * the frequent words at once, and memory stays fixed).
 *
 * Lifetimes: the value pointer msd_strmap_get() gives stays valid until the next put or
 * clear on the same map. A key or value given to put must not point into the map.
 * A map sized for all it will hold never empties itself (word sets use it that way).
 */
#ifndef MSD_UTIL_STRMAP_H
#define MSD_UTIL_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct msd_strmap msd_strmap;

/* Creates a map that holds at most max_entries (1 to 2^26) entries whose key and value
 * together take at most avg_bytes on average (arena size = max_entries * avg_bytes, at
 * most 4 GiB). Returns MARSAD_OK, MARSAD_ENOMEM or MARSAD_EINVAL. */
int msd_strmap_new(size_t max_entries, size_t avg_bytes, msd_strmap **out);
void msd_strmap_free(msd_strmap *m);

/* Looks up key; returns 1 and sets *val, *val_len when found, else 0. */
int msd_strmap_get(const msd_strmap *m, const char *key, size_t key_len, const char **val,
                   size_t *val_len);

/* Inserts or replaces. A pair larger than the whole arena is not stored (returns
 * MARSAD_ETOOBIG); the map may be emptied to make room. */
int msd_strmap_put(msd_strmap *m, const char *key, size_t key_len, const char *val, size_t val_len);

/* Raises the bound to max_entries and the arena to max_entries * avg_bytes, keeping
 * every entry (for maps that must hold all they are given: a gazetteer a user extends).
 * Value pointers from before are invalid after it. A bound below the present one is
 * kept. Returns MARSAD_OK, MARSAD_ENOMEM (the map is unchanged) or MARSAD_EINVAL. */
int msd_strmap_grow(msd_strmap *m, size_t max_entries, size_t avg_bytes);

/* Whether a put of this many more entries and bytes fits without emptying the map. */
int msd_strmap_fits(const msd_strmap *m, size_t entries, size_t bytes);

/* A put that doubles the map when it is full instead of emptying it: for maps that
 * must keep all they are given. Returns what msd_strmap_put and msd_strmap_grow do. */
int msd_strmap_put_keep(msd_strmap *m, const char *key, size_t key_len, const char *val,
                        size_t val_len);

/* Empties the map, keeping its memory. */
void msd_strmap_clear(msd_strmap *m);

/* Number of entries held now. */
size_t msd_strmap_count(const msd_strmap *m);

#endif
