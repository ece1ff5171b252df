/*
 * lines.h — a document's lines with the features the cleaning rules read
 * (library-internal, shared by clean.c and rules.c).
 */
#ifndef MSD_CLEAN_LINES_H
#define MSD_CLEAN_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "clean/stats.h"
#include "marsad.h"
#include "util/strmap.h"

struct msd_tok; /* text/tokens.h */

#define MAX_LINE_TOKENS 64 /* tokens kept per line for the word rules */

struct line {
    const char *p; /* the line of the text cleaned (not NUL-terminated) */
    size_t n;
    const char *raw; /* the same line as the input had it (presentation forms kept) */
    size_t raw_n;
    size_t b, c; /* where it begins in the text: bytes, code points */
    size_t no;   /* 1-based */
    char *key;   /* normalized letters and digits only, digits as 0 ("" when none) */
    size_t key_len;
    uint64_t hash; /* of key */
    size_t words;  /* tokens */
    size_t letters, arabic;
    int blank;
    int ends_sentence; /* last visible character is . ! ؟ ? */
    int ends_period;   /* … is . or ! (a question can be a headline) */
    int list_item;     /* starts with a bullet: - – • * */
    int has_comma;     /* ، or , inside */
    int has_sep;       /* > › » | / ‹ « between words, or " I " */
    int has_domain;    /* a domain name or e-mail address */
    int has_copyright; /* © or (c) */
    /* its tokens in the document's stream, which owns them: the first ntok (at most
     * MAX_LINE_TOKENS) for the word rules. A pointer, not copies: a line costs the same
     * with one word or a hundred (copies of 64 made every line 1.4 KB, and a file of a
     * million blank lines 1.4 GB). */
    const struct msd_tok *tok;
    size_t ntok;
    const char *reason; /* the verdict: NULL = article, "title", or a removed reason */
};

/* The cue lists, normalized and stemmed with the cleaner's analyzer. */
struct cues {
    msd_strmap *widget, *time, *weekday, *month;  /* stems */
    msd_strmap *stamp, *byline;                   /* stems */
    char **related, **appeal, **caption, **icons; /* keys (letters only) */
    size_t n_related, n_appeal, n_caption, n_icons;
};

/* What the rules need of the document as a whole. */
struct docctx {
    const struct line *lines;
    size_t n;
    const char *title_key;
    size_t title_key_len;
    size_t first_prose; /* index of the first prose line, or n */
    size_t last_prose;  /* index of the last prose line, or n */
    uint64_t source_hash;
    uint32_t source_docs;   /* documents of this source seen in the first pass */
    uint32_t edge_docs;     /* …of its outlet, for the short lines above the first prose
                               line and below the last: source_docs, or for a document
                               without a source an estimate (clean.c, outlet_docs) */
    const msd_stats *stats; /* per (source, line) document counts */
};

/* A line of article prose: long, or a statement with punctuation (a short question
 * may be a headline). */
int msd_line_is_prose(const struct line *l);

/* The key of (source, line) in the statistics table. */
uint64_t msd_line_stat_key(uint64_t source_hash, uint64_t line_hash);

/* Finds the last domain name in p[0..n) (label.label…, a top-level label of letters);
 * sets *at, *len and returns 1, or returns 0. Digits-only dotted runs (3.5, 1.250) are
 * not domains. (source.c) */
int msd_last_domain(const char *p, size_t n, size_t *at, size_t *len);

/* Classifies lines[i] (rules.c): returns a removed reason, or NULL for article text.
 * in_related carries the related-block state from line to line. */
const char *msd_rules_classify(const struct cues *cues, const struct docctx *d, size_t i,
                               int *in_related);

#endif
