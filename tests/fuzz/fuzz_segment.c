/* fuzz_segment.c — libFuzzer target: the segment reader on damaged files.
 *
 * A segment file may be truncated by a full disk or damaged on it; opening it must
 * either refuse it (MARSAD_EFORMAT) or give a reader that never reads outside the
 * mapping. The first input byte picks the test. Even: the rest is the whole file.
 * Odd: a valid segment, built once from a few documents, is damaged by the rest taken
 * as (offset, xor) byte pairs and cut to a length from the second byte. Then every
 * term is walked by prefix, looked up, and its postings and positions decoded to the
 * end; every document row is read. When the first byte is 1 mod 4, the damaged file's
 * checksums are computed anew before it is opened, so that the format checks beneath
 * them are what the damage meets. Memory safety is what is checked: a damaged file
 * that passes its checksums may give wrong postings, never a read outside it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "index/postings.h"
#include "index/segment.h"
#include "index/segment_int.h"
#include "marsad.h"

static uint8_t *valid;
static size_t valid_len;

/* A segment of 300 documents (more than one postings block) in memory. */
static void build_valid(void)
{
    static const char *const words[] = {"تحالف", "رقه", "غارات", "موصل", "بشمركه", "مرصد"};
    char path[] = "/tmp/fuzz-seg-XXXXXX";
    msd_segw *w;
    FILE *f;
    uint64_t bytes;
    int fd = mkstemp(path);
    if (fd < 0) abort();
    close(fd);
    unlink(path);
    if (msd_segw_new(&w)) abort();
    for (uint32_t d = 0; d < 300; d++) {
        msd_segdoc row = {d + 1, d + 1, 0, 0, d % 3, (int32_t)(16000 + d)};
        uint32_t pos = 0;
        if (msd_segw_doc(w, &row)) abort();
        for (size_t k = 0; k < 6; k++)
            if ((d + k) % (k + 1) == 0) {
                const char *s = words[k];
                if (msd_segw_token(w, 0, pos++, s, strlen(s), s, strlen(s))) abort();
                if (k == 2 && msd_segw_token(w, 1, pos++, s, strlen(s), "وغارات", 12)) abort();
            }
        msd_segw_lengths(w, pos, 1);
    }
    if (msd_segw_write(w, path, &bytes)) abort();
    msd_segw_free(w);
    if (!(f = fopen(path, "rb")) || !(valid = malloc(bytes))) abort();
    valid_len = fread(valid, 1, bytes, f);
    fclose(f);
    unlink(path);
}

static int walk_term(void *ctx, const char *key, size_t key_len, const msd_term *t)
{
    const msd_seg *s = ctx;
    msd_term again;
    msd_pcur c;
    /* (a damaged dictionary may be out of order: a lookup may then miss what the walk
     * lists, but it must stay inside the mapping too) */
    (void)msd_seg_term(s, key, key_len, &again);
    if (msd_pcur_init(&c, t) == MARSAD_OK) {
        for (uint32_t d = c.doc; d != MSD_PCUR_END; d = msd_pcur_next(&c)) {
            const uint32_t *pos;
            size_t n;
            if (d >= msd_seg_ndocs(s)) abort(); /* a document of this segment */
            (void)msd_pcur_tf(&c);
            if (t->has_pos && msd_pcur_positions(&c, &pos, &n) == MARSAD_OK)
                for (size_t i = 0; i < n; i++) (void)pos[i];
        }
    }
    msd_pcur_free(&c);
    return 0;
}

/* Writes the checksums of a version-2 file of len bytes as the writer would have. */
static void reseal(uint8_t *file, size_t len)
{
    uint64_t sums_off;
    size_t npages;
    if (len < MSD_SEG_HEADER || msd_get32(file + 8) != MSD_SEG_VERSION) return;
    sums_off = msd_get64(file + 64);
    npages = (size_t)((sums_off + MSD_SEG_PAGE - 1) / MSD_SEG_PAGE);
    if (sums_off < MSD_SEG_HEADER || sums_off + 4 * (uint64_t)npages != len) return;
    for (size_t p = 0; p < npages; p++) {
        size_t from = p ? p * MSD_SEG_PAGE : MSD_SEG_HEADER, to = (p + 1) * MSD_SEG_PAGE;
        if (to > sums_off) to = (size_t)sums_off;
        msd_put32(file + sums_off + 4 * p, (uint32_t)crc32(0, file + from, (uInt)(to - from)));
    }
    msd_put32(file + 76, (uint32_t)crc32(0, file + sums_off, (uInt)(4 * npages)));
    msd_put32(file + 92, (uint32_t)crc32(0, file, 92));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/fuzz-seg-XXXXXX";
    msd_seg *s;
    uint8_t *file;
    size_t len;
    int fd;
    if (!size) return 0;
    if (!valid) build_valid();
    if (data[0] % 2 == 0) {
        len = size - 1;
        if (!(file = malloc(len ? len : 1))) abort();
        memcpy(file, data + 1, len);
    } else {
        len = size > 1 ? valid_len - (valid_len * data[1] / 1024) : valid_len;
        if (!(file = malloc(valid_len))) abort();
        memcpy(file, valid, valid_len);
        for (size_t i = 2; i + 2 < size; i += 3) {
            size_t at = ((size_t)data[i] << 8 | data[i + 1]) % valid_len;
            file[at] ^= data[i + 2];
        }
        if (data[0] % 4 == 1) reseal(file, len);
    }
    if ((fd = mkstemp(path)) < 0) abort();
    if (write(fd, file, len) != (ssize_t)len) abort();
    close(fd);
    free(file);
    if (msd_seg_open(path, &s) == MARSAD_OK) {
        for (uint32_t i = 0; i < msd_seg_ndocs(s); i++) {
            msd_segdoc d;
            msd_seg_doc(s, i, &d);
        }
        (void)msd_seg_local(s, 7);
        msd_seg_prefix(s, "", 0, walk_term, s);
        msd_seg_prefix(s, "Bت", 3, walk_term, s);
        { /* the merge's walk, term by term */
            msd_seg_iter it;
            msd_seg_iter_init(&it, s);
            while (msd_seg_iter_next(&it) == 1) walk_term(s, (const char *)it.key, it.kl, &it.t);
        }
        msd_seg_close(s);
    }
    unlink(path);
    return 0;
}
