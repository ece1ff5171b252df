/*
 * tokens.h — what the extractors read of a text's tokens (the stream of text/tokens.h:
 * kind, normalized index form, offsets), and phrase matching on it. Library-internal.
 */
#ifndef MSD_EXTRACT_TOKENS_H
#define MSD_EXTRACT_TOKENS_H

#include <stddef.h>

#include "text/tokens.h"

/* Items of one kind (entities, numbers) an extractor collects from a text before it
 * stops. facts.c keeps the first MSD_FACTS_MAX (10,000) of each kind, after dates drop
 * the numbers inside them and quotations take speakers from the entities, so collecting
 * stops at four times that: a text below it is answered exactly as before, and a 60 MB
 * one no longer holds millions of entities and numbers only to drop them (its ingest:
 * 1.55 GB, now 1.26 GB). A text past it (marked facts_truncated already) may give its
 * later quotations without the speaker an uncollected entity would have named. */
#define MSD_XCOLLECT_MAX 40000

/* Analyzes text (valid UTF-8) into *ts with an analyzer of its own, for callers that
 * have none (the raw-text entry points, tests); the pipeline analyzes each body once and
 * hands the extractors that stream. Release with msd_tokens_free(). Returns MARSAD_OK,
 * MARSAD_ENOMEM or MARSAD_ETOOBIG. */
int msd_xtoks_load(const char *text, size_t len, msd_tokens *ts);

/* Token i exists and its normalized form is w. */
int msd_xtok_is(const msd_tokens *ts, size_t i, const char *w);

/* Whether tokens [i, i+k) spell the space-separated phrase (index form); the first
 * word may carry a proclitic ب ل و ف ("بحوالي"). Returns k, or 0. */
size_t msd_xtok_phrase(const msd_tokens *ts, size_t i, const char *phrase);

/* Words in a space-separated phrase. */
size_t msd_phrase_words(const char *phrase);

/* w is one of list[0..n). */
int msd_in_list(const char *w, const char *const *list, size_t n);

#endif
