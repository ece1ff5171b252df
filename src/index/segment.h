/*
 * segment.h — immutable index segments: one file per ingest batch (or merge), written
 * once, then only read through mmap. The byte format is specified at the top of
 * segment.c; postings.h reads the postings of one term.
 *
 * Terms. A term key is a tag byte and the UTF-8 form:
 *   'B' body stem (with positions)       'T' title stem (with positions)
 *   'b' body normalized surface form     't' title normalized form
 * The normalized form is indexed only where it differs from the stem; a position's low
 * bit says whether the token's normalized form equals the stem, so "=قال" is answered
 * from the stem postings of قال (positions with the bit) and "=والتحالف" from 'b'. Keys
 * sort bytewise, so each tag's terms are contiguous and a prefix is one range.
 *
 * Documents. A segment numbers its documents 0..ndocs-1 (local ids) in the increasing
 * order of their catalog ids; a document's row (msd_segdoc) carries what search needs
 * without the catalog: its catalog id, its duplicate group, its field lengths, source
 * and date.
 *
 * Ownership: a writer owns everything given to it (copied); a reader owns its mapping,
 * and every pointer it hands out lives until msd_seg_close(). A reader may be used by
 * many threads at once (it is never written). Corrupt files never make a reader read
 * outside its mapping: every length is checked, and open refuses what is inconsistent.
 *
 * Damage. Every page of a file has a checksum (segment.c), verified the first time the
 * reader hands out a byte of it. A reader meeting damage answers as if the damaged term
 * or dictionary block were not there, and counts it (msd_seg_damage): a caller takes
 * the count before its work and fails naming the file (msd_seg_path, msd_seg_describe)
 * when it moved, so damage is never served as a result.
 */
#ifndef MSD_INDEX_SEGMENT_H
#define MSD_INDEX_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#define MSD_SEG_NO_DATE INT32_MIN /* msd_segdoc.date when the article has none */

enum {
    MSD_TAG_BODY = 'B',
    MSD_TAG_BODY_EXACT = 'b',
    MSD_TAG_TITLE = 'T',
    MSD_TAG_TITLE_EXACT = 't'
};

typedef struct msd_seg msd_seg;

typedef struct msd_segdoc {
    uint32_t docid;     /* the catalog's article id */
    uint32_t group;     /* the catalog id of its duplicate group's first article (itself) */
    uint32_t body_len;  /* tokens of the body, stopwords included (positions) */
    uint32_t title_len; /* tokens of the title */
    uint32_t source;    /* the catalog's source id (0: none) */
    int32_t date;       /* days since 1970-01-01, or MSD_SEG_NO_DATE */
} msd_segdoc;

/* ---- Writing --------------------------------------------------------------------------- */

typedef struct msd_segw msd_segw;
struct msd_segterms; /* segterms.h */

int msd_segw_new(msd_segw **out);
void msd_segw_free(msd_segw *w);

/* Starts the next document (catalog ids must increase); its tokens follow. */
int msd_segw_doc(msd_segw *w, const msd_segdoc *d);

/* One token of the current document's title (title != 0) or body, at its position:
 * its stem and normalized form (both index forms from the analyzer). */
int msd_segw_token(msd_segw *w, int title, uint32_t pos, const char *stem, size_t stem_len,
                   const char *norm, size_t norm_len);

/* Adds a document (catalog ids must increase) with its finished terms (segterms.h):
 * what msd_segw_doc() and a msd_segw_token() per token would add, one lookup a key.
 * Returns MARSAD_OK, MARSAD_EINVAL, MARSAD_ETOOBIG or MARSAD_ENOMEM. */
int msd_segw_add(msd_segw *w, const msd_segdoc *row, const struct msd_segterms *t);

/* Fixes the current document's field lengths (positions used), after its tokens. */
void msd_segw_lengths(msd_segw *w, uint32_t body_len, uint32_t title_len);

uint32_t msd_segw_ndocs(const msd_segw *w);

/* Writes the segment to path (created, not replaced: it must not exist) and makes it
 * durable (fsync of the file and of its directory) before returning, so a catalog
 * commit that names it can trust it. *bytes receives its size. Returns MARSAD_OK,
 * MARSAD_EIO (errno set; the partial file is removed) or MARSAD_ENOMEM. */
int msd_segw_write(msd_segw *w, const char *path, uint64_t *bytes);

/* The streaming writer under msd_segw_write, for merges: memory holds one term's
 * postings and the dictionary, never the segment. begin() creates path (O_EXCL) and
 * writes the document rows (rows must live until finish); term() appends one term, keys
 * in strictly increasing order (bytes, then length), with its n documents (local ids,
 * increasing, below ndocs), their frequencies and, for a stem key (MSD_TAG_BODY,
 * MSD_TAG_TITLE), their positions as msd_pcur_positions gives them, document after
 * document; finish() writes the dictionary and header and makes the file durable, as
 * msd_segw_write does, and releases the writer; abort() removes the file. Errors are
 * sticky: after one, finish returns it and removes the file. *out is set even on a
 * failed begin (abort it). */
typedef struct msd_segout msd_segout;
int msd_segout_begin(const char *path, const msd_segdoc *rows, uint32_t ndocs, msd_segout **out);
int msd_segout_term(msd_segout *o, const char *key, size_t key_len, const uint32_t *docs,
                    const uint32_t *tfs, size_t n, const uint32_t *pos);
int msd_segout_finish(msd_segout *o, uint64_t *bytes);
void msd_segout_abort(msd_segout *o);

/* ---- Reading --------------------------------------------------------------------------- */

/* What the dictionary says of one term. */
typedef struct msd_term {
    uint32_t df;      /* documents */
    uint32_t max_tf;  /* the highest frequency in a document */
    uint32_t min_len; /* the shortest field among its documents (a score bound) */
    int has_pos;      /* positions stored (stem terms) */
    uint32_t ndocs;   /* of its segment: every local id is below it */
    const uint8_t *p; /* its postings, inside the mapping */
    size_t len;
    const struct msd_seg *seg; /* the segment (a cursor counts damage it meets there) */
} msd_term;

/* Maps and checks a segment file: its header and checksums, the pages of its document
 * rows and block index. Returns MARSAD_OK, MARSAD_EIO (errno set), MARSAD_EFORMAT (not
 * a segment, or a version this build does not read), MARSAD_ECORRUPT (a segment,
 * damaged: truncated, inconsistent or failing a checksum) or MARSAD_ENOMEM. */
int msd_seg_open(const char *path, msd_seg **out);
void msd_seg_close(msd_seg *s);

uint32_t msd_seg_ndocs(const msd_seg *s);
uint64_t msd_seg_nterms(const msd_seg *s);
uint64_t msd_seg_bytes(const msd_seg *s);

/* Sums of the field lengths over the segment's documents (for average lengths). */
uint64_t msd_seg_body_tokens(const msd_seg *s);
uint64_t msd_seg_title_tokens(const msd_seg *s);

/* The row of local document i (< ndocs). */
void msd_seg_doc(const msd_seg *s, uint32_t i, msd_segdoc *d);

/* The body and title lengths of local document i (< ndocs), as in its row. A reader
 * keeps them apart in a dense table built at open (4 bytes a document): scoring a
 * match reads them, and a row only for a document that enters the top k. */
void msd_seg_lens(const msd_seg *s, uint32_t i, uint32_t *body, uint32_t *title);

/* The local id of the document with catalog id docid, or UINT32_MAX. */
uint32_t msd_seg_local(const msd_seg *s, uint32_t docid);

/* Looks a term up (key: tag byte and form). Returns 1 and fills *t when present (its
 * postings verified); 0 when absent or damaged (counted). */
int msd_seg_term(const msd_seg *s, const char *key, size_t key_len, msd_term *t);

/* Calls fn for each term whose key begins with prefix, in key order, until fn returns
 * nonzero (which is returned) or the range ends (0). key is valid during the call. */
typedef int (*msd_seg_term_fn)(void *ctx, const char *key, size_t key_len, const msd_term *t);
int msd_seg_prefix(const msd_seg *s, const char *prefix, size_t prefix_len, msd_seg_term_fn fn,
                   void *ctx);

/* How many times damage was met in this segment since it was opened (never falls). */
unsigned msd_seg_damage(const msd_seg *s);

/* Counts damage met by a caller decoding n bytes at p (a postings run the format
 * checks refused, in a version-1 file that has no checksums). */
void msd_seg_note_damage(const msd_seg *s, const uint8_t *p, size_t n);

/* The path the segment was opened from. */
const char *msd_seg_path(const msd_seg *s);

/* Writes into buf (cap bytes, snprintf's contract) what the first damage met was:
 * "damaged: bytes A to B do not match their checksum", or "sound". */
int msd_seg_describe(const msd_seg *s, char *buf, size_t cap);

/* The pages that have a checksum (0 for a version-1 file). */
uint64_t msd_seg_pages(const msd_seg *s);

/* Verifies every page (marsad check); returns how many do not match (0 for a
 * version-1 file, which has no checksums: a full walk of its terms is its check). */
int msd_seg_verify_all(const msd_seg *s);

/* A walk over every term of a segment in key order, one step at a time (merges walk
 * several side by side). next() returns 1 with key, kl and t set to the next term, 0 at
 * the end, -1 when the dictionary or the term's postings are damaged (counted). t.p
 * points into the mapping, verified. */
typedef struct msd_seg_iter {
    const msd_seg *seg;
    uint32_t block; /* the dictionary block being read */
    int k;          /* entries read from it */
    const uint8_t *p, *end;
    uint8_t key[1100];
    size_t kl;
    msd_term t;
} msd_seg_iter;

void msd_seg_iter_init(msd_seg_iter *it, const msd_seg *s);
int msd_seg_iter_next(msd_seg_iter *it);

#endif
