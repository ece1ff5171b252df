/*
 * segterms.h — one document's index terms, gathered before they join a segment.
 *
 * The segment writer (segment.h) is fed by one thread, the archive's writer, in input
 * order. Handing it a document token by token costs a map lookup per token and form
 * (10 million on SaudiNewsNet, 9 of the writer's 38 s at --jobs 2). A worker thread
 * instead gathers the document's distinct keys with their frequencies and positions
 * here, and msd_segw_add() takes each key once. The segment is byte for byte the one
 * msd_segw_token() would write (tests/unit/test_segment.c).
 *
 * Keys are made by msd_segterms_keys(), for both paths: a tag byte and the stem,
 * with the position's low bit set when the normalized form is the stem; else the
 * normalized form under the lower-case tag too, counted but without positions. Each
 * key's positions stay in the order given.
 *
 * Ownership: a msd_segterms owns its memory and keeps it across documents (reset). It is
 * used by one thread at a time; once finished it is only read, so it may be handed to
 * another thread.
 */
#ifndef MSD_INDEX_SEGTERMS_H
#define MSD_INDEX_SEGTERMS_H

#include <stddef.h>
#include <stdint.h>

typedef struct msd_segterms msd_segterms;

/* One distinct key of a finished document. */
typedef struct msd_segterm {
    const char *key;     /* tag byte and form; not NUL-terminated */
    size_t key_len;      /* 2 to 256 */
    uint32_t tf;         /* occurrences */
    const uint32_t *pos; /* tf position values (pos << 1 | same), or NULL: no positions */
} msd_segterm;

int msd_segterms_new(msd_segterms **out);
void msd_segterms_free(msd_segterms *t);

/* Starts a new document, keeping the memory. */
void msd_segterms_reset(msd_segterms *t);

/* The keys of one token, in the rule above: add(ctx, key, key_len, has_pos, value) for
 * the stem's key and, when the normalized form differs, for the form's; key is a buffer
 * of this call's, valid only until add returns (copy what is kept). Returns
 * MARSAD_EINVAL (a form over 1,098 bytes, a position past 2^31 - 1) or add's first
 * non-zero return. */
typedef int (*msd_segkey_fn)(void *ctx, const char *key, size_t key_len, int has_pos,
                             uint32_t value);
int msd_segterms_keys(int title, uint32_t pos, const char *stem, size_t stem_len, const char *norm,
                      size_t norm_len, msd_segkey_fn add, void *ctx);

/* One token, as msd_segw_token() takes it. Returns MARSAD_OK, MARSAD_EINVAL (a form
 * over 1,098 bytes, a position past 2^31 - 1, or after msd_segterms_finish),
 * MARSAD_ETOOBIG or MARSAD_ENOMEM. */
int msd_segterms_token(msd_segterms *t, int title, uint32_t pos, const char *stem, size_t stem_len,
                       const char *norm, size_t norm_len);

/* Groups the positions by key; after it the document is only read. MARSAD_OK or
 * MARSAD_ENOMEM. */
int msd_segterms_finish(msd_segterms *t);

/* The distinct keys of a finished document (0 before finish), in the order they first
 * came; *out points into t until the next reset. */
size_t msd_segterms_count(const msd_segterms *t);
void msd_segterms_at(const msd_segterms *t, size_t i, msd_segterm *out);

#endif
