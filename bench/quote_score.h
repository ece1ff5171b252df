/*
 * quote_score.h — matching marsad's quotations to hand-labelled ones and judging their
 * speakers (bench/quote_eval.c; checked by tests/unit/test_quote_score.c).
 *
 * A gold quotation is a cue span [cs, ce) in code points of the article text (the cue
 * word, or the opening quote mark when there is none), a speaker (NULL or "-" when the
 * text gives none) and a kind. A predicted one is marsad's msd_quote reduced to its cue
 * span (has_cue 0 when it has none), the start of its text and its speaker.
 *
 * Matching, one to one, gold quotations in order:
 *  1. a prediction whose cue span overlaps the gold cue span;
 *  2. else, when the gold cue is a quote mark or the prediction has no cue, a prediction
 *     whose text starts at cs .. ce + QS_SLACK (the quoted words begin right after the
 *     mark or a colon and space);
 * each prediction is taken by one gold quotation at most, the first that can take it.
 *
 * Speakers compare as word lists in a key form: each word normalized with
 * MARSAD_NORM_INDEX (hamza seats, alef variants, ta marbuta, yeh, diacritics), stripped
 * of punctuation and quote marks, then of leading ال و ف ب ل ك one after another while
 * three letters remain (greedy, so a word wears down alike with or without a clitic:
 * لمحرج and المحرج give محرج, وزارة and بوزارة give زاره). A speaker is correct when
 *  - both keys are the same word list, or
 *  - the gold kind is person and every word of the predicted speaker is a word of the
 *    gold name (رايان for شون رايان; the fullest name is the first case), or
 *  - the gold has no speaker and the prediction has none either.
 * A prediction without a speaker is wrong for any gold that has one.
 */
#ifndef MSD_BENCH_QUOTE_SCORE_H
#define MSD_BENCH_QUOTE_SCORE_H

#include <stddef.h>

#define QS_SLACK 3 /* code points between a gold quote mark's end and the quoted text */

enum qs_kind { QS_PERSON, QS_ORG, QS_DESCRIPTOR, QS_NONE, QS_NKINDS };

struct qs_gold {
    size_t cs, ce;       /* cue, code points, end exclusive */
    int cue_is_mark;     /* the cue is an opening quote mark */
    const char *speaker; /* NULL or "-": none */
    int kind;            /* enum qs_kind */
};

struct qs_pred {
    size_t cs, ce; /* cue (when has_cue) */
    int has_cue;
    size_t start;        /* first code point of the quoted text */
    const char *speaker; /* NULL: none */
};

/* The kind named s ("person", "org", "descriptor", "none"), or -1. */
int qs_kind_parse(const char *s);
const char *qs_kind_name(int kind);

/* Matches g[0..ng) to p[0..np): gm[i] receives the index of g[i]'s prediction or -1;
 * used[j] (np entries) is set nonzero for each prediction taken. */
void qs_match(const struct qs_gold *g, size_t ng, const struct qs_pred *p, size_t np, long *gm,
              unsigned char *used);

/* 1 when pred is a correct speaker for gold (rule above), 0 when not, -1 when memory ran
 * out. */
int qs_speaker_ok(const char *gold, int kind, const char *pred);

/* The looser reading, for development: 1 when pred is a part of the gold speaker of any
 * kind (every predicted word a gold word: الرابطة for الرابطة الوطنية للوسطاء العقاريين),
 * or qs_speaker_ok. -1 when memory ran out. */
int qs_speaker_part(const char *gold, int kind, const char *pred);

#endif
