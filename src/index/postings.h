/*
 * postings.h — a cursor over one term's postings in one segment (format in segment.c):
 * documents in increasing local id, their frequencies, their positions on demand, and
 * the per-block score bounds that block-max WAND skips by.
 *
 * A cursor decodes one block of 128 documents at a time into its own arrays; it holds
 * pointers into the segment's mapping, which must outlive it, and a positions buffer
 * it owns (msd_pcur_free). A corrupt run ends the cursor early (corrupt is set): search
 * results may miss that term's documents, nothing is read out of bounds.
 */
#ifndef MSD_INDEX_POSTINGS_H
#define MSD_INDEX_POSTINGS_H

#include <stddef.h>
#include <stdint.h>

#include "index/codec.h"
#include "index/segment.h"

#define MSD_PCUR_END UINT32_MAX /* doc of an exhausted cursor */

typedef struct msd_pcur {
    uint32_t doc; /* current local id, or MSD_PCUR_END */
    uint32_t df, nblocks, ndocs;
    uint32_t max_tf, min_len; /* the term's bounds */
    int has_pos, corrupt;     /* corrupt: counted as the segment's damage too */
    /* private */
    const msd_seg *seg;
    const uint8_t *run;
    size_t run_len;
    const uint8_t *skip, *data, *pos;
    size_t data_len, pos_len;
    uint32_t block, n, i; /* decoded block, its documents, the index of doc in it */
    uint32_t docs[MSD_CODEC_BLOCK], tfs[MSD_CODEC_BLOCK];
    uint32_t *pv; /* positions of the decoded block (when asked), gap-coded */
    size_t pv_cap;
    uint32_t pv_block;                    /* the block pv holds, or UINT32_MAX */
    uint32_t pstart[MSD_CODEC_BLOCK + 1]; /* where each document's positions start in pv */
    uint32_t *abs;                        /* the current document's positions, absolute */
    size_t abs_cap;
} msd_pcur;

/* Starts a cursor on its first document. Returns MARSAD_OK, or MARSAD_EFORMAT when the
 * run is corrupt (the cursor is then at its end). */
int msd_pcur_init(msd_pcur *c, const msd_term *t);
void msd_pcur_free(msd_pcur *c);

/* Moves to the next document; returns it (MSD_PCUR_END at the end). */
uint32_t msd_pcur_next(msd_pcur *c);

/* Moves to the first document >= target; returns it. Never moves back. */
uint32_t msd_pcur_seek(msd_pcur *c, uint32_t target);

/* The frequency of the current document. */
static inline uint32_t msd_pcur_tf(const msd_pcur *c)
{
    return c->tfs[c->i];
}

/* The block that holds target or would (the first whose last id >= target), without
 * decoding it: its last document and its bounds. Returns 0 when target is past the last
 * document. */
int msd_pcur_block_of(const msd_pcur *c, uint32_t target, uint32_t *last, uint32_t *max_tf,
                      uint32_t *min_len);

/* The positions of the current document, each (position << 1 | exact) with exact set
 * when the token's normalized form is the stem; *n receives their count (the tf). The
 * array lives until the cursor moves. Returns MARSAD_OK, MARSAD_EINVAL (no positions
 * stored for this term), MARSAD_EFORMAT or MARSAD_ENOMEM. */
int msd_pcur_positions(msd_pcur *c, const uint32_t **pos, size_t *n);

#endif
