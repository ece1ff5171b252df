/*
 * index.h — the live index: the segments the catalog's manifest names, opened together,
 * with the statistics scoring needs across them (documents, average field lengths,
 * document frequencies).
 *
 * An index is opened from a directory and a list of file names (the manifest); it owns
 * its segments and is only read after opening: many threads may search it at once.
 * Segment files are immutable, so an index stays valid while an ingest adds segments or
 * merges them away (a merged-away file is unlinked, its mapping lives on).
 *
 * Deletions: a segment's deleted documents are a bitmap over its local ids, kept in the
 * catalog's manifest (an immutable file cannot change) and handed to the index after it
 * opens. Search skips them; a merge leaves them out for good. Document frequencies and
 * average lengths still count them until then, as Lucene's do.
 */
#ifndef MSD_INDEX_INDEX_H
#define MSD_INDEX_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "index/segment.h"

typedef struct msd_index msd_index;

/* Opens dir/files[0..n). Returns MARSAD_OK, or what msd_seg_open returns for the first
 * file that fails (*bad receives its index; may be NULL). */
int msd_index_open(const char *dir, const char *const *files, size_t n, msd_index **out,
                   size_t *bad);
void msd_index_close(msd_index *ix);

size_t msd_index_nsegs(const msd_index *ix);
const msd_seg *msd_index_seg(const msd_index *ix, size_t i);

/* Sets segment i's deleted documents: bit k of bits[k / 8] (LSB first) for local id k;
 * a copy is kept (n bytes; bits past the segment are ignored). Call it before searches
 * start, from the thread that owns the index. Returns MARSAD_OK or MARSAD_ENOMEM. */
int msd_index_set_deleted(msd_index *ix, size_t i, const uint8_t *bits, size_t n);

/* Whether local document doc of segment i is deleted. */
int msd_index_deleted(const msd_index *ix, size_t i, uint32_t doc);

/* Bit doc of a deletion bitmap of n bytes (0 past its end). */
static inline int msd_index_deleted_bit(const uint8_t *bits, size_t n, uint32_t doc)
{
    return (size_t)(doc >> 3) < n && (bits[doc >> 3] >> (doc & 7) & 1);
}

/* Live documents: all the segments hold, less the deleted ones. */
uint64_t msd_index_docs(const msd_index *ix);
double msd_index_avg_body(const msd_index *ix);
double msd_index_avg_title(const msd_index *ix);
uint64_t msd_index_bytes(const msd_index *ix);

/* Damage met in the segments so far (the sum of msd_seg_damage): a search takes it
 * before and after, and fails when it moved. */
uint64_t msd_index_damage(const msd_index *ix);

/* The first segment that met damage, or NULL. */
const msd_seg *msd_index_damaged(const msd_index *ix);

/* The documents holding a term (key: tag byte and form), summed over the segments. */
uint64_t msd_index_df(const msd_index *ix, const char *key, size_t key_len);

#endif
