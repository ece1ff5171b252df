/*
 * normalize.h — Arabic normalization on code-point arrays (library-internal).
 *
 * The public entry point is marsad_normalize() (marsad.h), which works on UTF-8; the
 * analyzer calls these on one token at a time so that offsets stay in the input.
 */
#ifndef MSD_TEXT_NORMALIZE_H
#define MSD_TEXT_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "util/cpvec.h"

/* Applies `rules` (MARSAD_NORM_* bits) to v->a[0..v->n) in place: NFKC first, when the
 * rule is on and the text needs it, then the letter, mark and digit folds, and again
 * (four passes at most) while a fold made something NFKC would change; the fuzzer
 * checks that the result is then stable.
 * `scratch` is working memory for NFKC, owned by the caller and reused across calls.
 * Returns MARSAD_OK, MARSAD_ENOMEM or MARSAD_ETOOBIG. */
int msd_norm_cps(msd_cpvec *v, unsigned rules, msd_cpvec *scratch);

/* Returns nonzero when NFKC may change cps[0..n) (a conservative test: zero means the
 * sequence is certainly NFKC-stable). `marks_dropped` says the diacritics rule will
 * delete Arabic marks afterwards, so their order does not matter. */
int msd_norm_nfkc_needed(const int32_t *cps, size_t n, int marks_dropped);

/* Maps one code point under `rules` (all but NFKC): returns the replacement, or -1 when
 * the code point is deleted. */
int32_t msd_norm_fold_cp(int32_t cp, unsigned rules);

/* The combining marks of the Arabic block that the diacritics rule deletes: U+0610..061A,
 * U+064B..065F, U+0670 and the Quranic annotation marks U+06D6..06ED. */
int msd_is_arabic_mark(int32_t cp);

/* Arabic presentation forms: U+FB50..U+FDFF (A) and U+FE70..U+FEFF (B). */
int msd_is_presentation_form(int32_t cp);

/* Stored text in its base letters: s[0..n) with each run of presentation forms replaced
 * by its NFKC form (ﻣﺼﺪﺭ → مصدر, ﻻ → لا, ﷺ → صلى الله عليه وسلم), and nothing else
 * changed; a space that NFKC puts before a mark (the isolated haraka U+FE70 is space +
 * fathatan) is left out, so the mark stays on its letter. *out is NULL when s has no
 * presentation form (s is then the text); else a malloc'd, NUL-terminated copy of
 * *out_len bytes, the caller's to free. Invalid UTF-8 is copied as it is. Returns
 * MARSAD_OK or MARSAD_ENOMEM. */
int msd_norm_presentation(const char *s, size_t n, char **out, size_t *out_len);

#endif
