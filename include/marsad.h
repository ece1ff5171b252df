/*
 * marsad.h — the public C API of libmarsad, an Arabic-first news monitoring engine.
 *
 * Conventions (hold for every function below unless its comment says otherwise):
 *  - Functions return an int status: MARSAD_OK (0) on success, a MARSAD_E* code on
 *    failure; marsad_strerror() names it. NULL never means two different failures.
 *  - Handles are opaque. They are created through an out-parameter and destroyed by a
 *    *_free() that accepts NULL.
 *  - A handle may be used by one thread at a time; different handles may be used from
 *    different threads concurrently. The library has no mutable global state.
 *  - Text is UTF-8 with an explicit byte length; it need not be NUL-terminated.
 *  - Offsets are given twice: in bytes of the input and in Unicode code points of the
 *    input. Ends are exclusive.
 *  - The library never aborts or prints on bad input or out-of-memory; it returns.
 */
#ifndef MARSAD_H
#define MARSAD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MARSAD_VERSION "0.1.0"

/* ---- Status codes ------------------------------------------------------------------ */

enum {
    MARSAD_OK = 0,
    MARSAD_ENOMEM = 1,   /* an allocation failed; nothing was changed */
    MARSAD_EINVAL = 2,   /* a bad argument (NULL handle, unknown option, bad spec) */
    MARSAD_EUTF8 = 3,    /* input is not valid UTF-8 (see marsad_utf8_check) */
    MARSAD_ERANGE = 4,   /* caller's buffer too small; the needed size was reported */
    MARSAD_ESTEMMER = 5, /* the stemming backend could not be created or failed */
    MARSAD_EIO = 6,      /* a read or write failed; errno tells more */
    MARSAD_ETOOBIG = 7,  /* input exceeds a documented size cap */
    MARSAD_ESTOP = 8,    /* a callback asked to stop; not an error of the library */
    MARSAD_EFORMAT = 9,  /* malformed input (a broken record, document or line) */
    MARSAD_END = 10,     /* no more input; not an error */
    MARSAD_EEMPTY = 11   /* a document with no text at all (blank, or an HTML page without any) */
};

/* Returns a static English message for a status code; never NULL. */
const char *marsad_strerror(int rc);

/* Returns MARSAD_VERSION of the library actually linked. */
const char *marsad_version(void);

/* ---- UTF-8 ------------------------------------------------------------------------- */
/*
 * Policy for invalid input. Validation is strict (RFC 3629): overlong forms, surrogates
 * (U+D800..U+DFFF), code points above U+10FFFF and truncated sequences are invalid.
 * Callers that ingest documents choose: reject the document (report the byte offset
 * from marsad_utf8_check), or repair it with marsad_utf8_repair, which replaces each
 * maximal invalid subpart with U+FFFD, as Unicode §3.9 recommends. The tokenizer and
 * normalizer never fail on invalid bytes: they read them as U+FFFD the same way, so
 * code-point offsets agree with the repaired text.
 */

/* Checks n bytes. Returns MARSAD_OK, or MARSAD_EUTF8 and sets *bad_offset (if not NULL)
 * to the byte offset of the first invalid sequence. */
int marsad_utf8_check(const char *s, size_t n, size_t *bad_offset);

/* Writes s with invalid subparts replaced by U+FFFD into out (capacity cap, not
 * NUL-terminated). *out_len receives the size needed, which is at most 3*n; if it
 * exceeds cap, returns MARSAD_ERANGE and out holds nothing useful. *n_replaced (may be
 * NULL) receives the number of replacements. */
int marsad_utf8_repair(const char *s, size_t n, char *out, size_t cap, size_t *out_len,
                       size_t *n_replaced);

/* ---- Arabic normalization ---------------------------------------------------------- */
/*
 * Each rule can be switched on or off. MARSAD_NORM_INDEX is the form marsad indexes
 * and compares; it agrees with Lucene's ArabicNormalizer on everything Lucene folds, and
 * folds the hamza seats too (ؤ ئ → ء), which Lucene does not.
 */
enum {
    MARSAD_NORM_NFKC = 1u << 0,        /* Unicode NFKC (utf8proc): presentation forms, ligatures */
    MARSAD_NORM_DIACRITICS = 1u << 1,  /* drop tashkeel U+064B..065F, U+0670, small marks
                                          U+0610..061A, Quranic marks U+06D6..06ED and
                                          Arabic Extended-A marks U+08D3..08FF */
    MARSAD_NORM_TATWEEL = 1u << 2,     /* drop tatweel U+0640 */
    MARSAD_NORM_ALEF = 1u << 3,        /* أ إ آ ٱ (and wavy-hamza alefs) → ا; drops the
                                          high hamza ٴ and combining hamza after alef */
    MARSAD_NORM_YEH = 1u << 4,         /* alef maksura ى → ي */
    MARSAD_NORM_TEH_MARBUTA = 1u << 5, /* ة → ه */
    MARSAD_NORM_PERSIAN = 1u << 6,     /* ک → ك, ی → ي, ۀ ہ ە ھ → ه */
    MARSAD_NORM_CONTROLS = 1u << 7,    /* drop ZWSP ZWNJ ZWJ LRM RLM ALM, bidi embeddings,
                                          isolates, BOM, soft hyphen */
    MARSAD_NORM_DIGITS = 1u << 8,      /* ٠..٩ and ۰..۹ → 0..9 */
    MARSAD_NORM_PUNCT = 1u << 9,       /* ، ؛ ؟ ٪ ٫ ٬ → , ; ? % . , */
    MARSAD_NORM_CASEFOLD = 1u << 10,   /* every cased script to lower case (utf8proc) */
    MARSAD_NORM_HAMZA = 1u << 11 /* hamza on a seat ؤ ئ → ء, so مسؤول and مسئول, شؤون
                                    and شئون meet (merges measured in docs/text.md) */
};
#define MARSAD_NORM_ALL 0xfffu
/* The index form: every rule but punctuation, which tokens never contain. */
#define MARSAD_NORM_INDEX (MARSAD_NORM_ALL & ~MARSAD_NORM_PUNCT)

/* Parses a rule list such as "index", "all,-teh-marbuta", "diacritics,tatweel" into
 * *rules. Names: nfkc diacritics tatweel alef yeh teh-marbuta persian controls digits
 * punct casefold hamza, and the sets index, all, none; "-name" removes. Returns MARSAD_EINVAL
 * on an unknown name. */
int marsad_norm_rules_parse(const char *spec, unsigned *rules);

/* Returns the rule name of one bit, or NULL when the bit is not a rule. */
const char *marsad_norm_rule_name(unsigned rule);

/* Normalizes n bytes of text into out (capacity cap, not NUL-terminated). *out_len
 * receives the size needed. Returns MARSAD_ERANGE when it exceeds cap (call again with
 * a buffer that large), MARSAD_ENOMEM when NFKC could not get scratch memory. Invalid
 * UTF-8 is read as U+FFFD. */
int marsad_normalize(const char *in, size_t n, unsigned rules, char *out, size_t cap,
                     size_t *out_len);

/* ---- Analysis: tokens with surface, normalized and stemmed forms --------------------- */

typedef struct marsad_analyzer marsad_analyzer;

/* Stemming backends. light10 is the default: on the 50,000 most frequent SaudiNewsNet
 * words it joins every w/b/f/k+al form to its bare al form (والتحالف = التحالف), where
 * Snowball joins 25% (bench/stem_agreement, numbers in docs/text.md). */
enum marsad_stemmer_kind {
    MARSAD_STEMMER_SNOWBALL = 0, /* libstemmer's Snowball "arabic" */
    MARSAD_STEMMER_LIGHT = 1,    /* light10 prefix/suffix stripping (Larkey et al. 2002) */
    MARSAD_STEMMER_NONE = 2      /* stem = normalized form */
};

/* Returns the kind named "snowball", "light" or "none", or -1. */
int marsad_stemmer_from_name(const char *name);

enum marsad_token_kind {
    MARSAD_TOKEN_WORD = 1,    /* a run of letters (Arabic, Latin or other) and marks */
    MARSAD_TOKEN_NUMBER = 2,  /* digits with inner separators: 25,000 ٢٥٬٠٠٠ 3.5 1/2 10:30 */
    MARSAD_TOKEN_URL = 3,     /* http(s)://… or www.… */
    MARSAD_TOKEN_EMAIL = 4,   /* local@domain.tld */
    MARSAD_TOKEN_HASHTAG = 5, /* a word or number of a hashtag: #دير_الزور gives دير and
                                 الزور, each at its offsets and position, normalized,
                                 stemmed and marked as a word; the whole is no token */
    MARSAD_TOKEN_MENTION = 6  /* @name */
};

/* Token flags. */
enum {
    MARSAD_TOKEN_ARABIC = 1u << 0,  /* the token has Arabic letters */
    MARSAD_TOKEN_STOPWORD = 1u << 1 /* set only when the analyzer marks stopwords */
};

typedef struct marsad_analyzer_config {
    unsigned norm_rules; /* MARSAD_NORM_* bits for the normalized form (default: INDEX) */
    int stemmer;         /* enum marsad_stemmer_kind (default: LIGHT) */
    int mark_stopwords;  /* nonzero: set MARSAD_TOKEN_STOPWORD on stopwords */
    int drop_stopwords;  /* nonzero: do not emit stopword tokens (their positions stay
                            counted, so phrases do not match across them) */
    size_t stem_cache;   /* entries in the Snowball stem cache (per handle), at most
                            2^26; 0: none */
} marsad_analyzer_config;

/* Fills cfg with the defaults. */
void marsad_analyzer_config_init(marsad_analyzer_config *cfg);

/* Creates an analyzer. cfg may be NULL for the defaults. Returns MARSAD_ESTEMMER when the
 * stemming backend is unavailable, MARSAD_EINVAL on a bad config. */
int marsad_analyzer_new(const marsad_analyzer_config *cfg, marsad_analyzer **out);
void marsad_analyzer_free(marsad_analyzer *a);

/*
 * One token. surface points into the text given to marsad_analyze. norm and stem point
 * into memory owned by the analyzer: valid only during the callback that receives them.
 * The index stores stem and norm at the same position (colocated), so stemmed and exact
 * matching both work. For NUMBER tokens norm is canonical: ASCII digits, thousands
 * separators removed, decimal separator '.'; stem equals norm. EMAIL and MENTION
 * tokens have their ASCII letters lower-cased, URLs only their scheme and host; none is
 * stemmed. A word whose NFKC form has spaces (the ligature ﷺ) has them removed.
 * A compound name glued to عبد is two WORD tokens, as in its spaced spelling
 * ("عبدالعزيز" → "عبد" "العزيز", "وعبدالله" → "وعبد" "الله"), each with its offsets.
 */
typedef struct marsad_token {
    int kind;            /* enum marsad_token_kind */
    unsigned flags;      /* MARSAD_TOKEN_ARABIC, MARSAD_TOKEN_STOPWORD */
    const char *surface; /* the bytes of the input */
    size_t surface_len;
    const char *norm; /* normalized form (analyzer's rules) */
    size_t norm_len;
    const char *stem; /* stem of the normalized form */
    size_t stem_len;
    size_t byte_start, byte_end; /* in the input, end exclusive */
    size_t cp_start, cp_end;     /* in code points of the input, end exclusive */
    size_t position;             /* 0-based ordinal among emitted tokens */
} marsad_token;

/* Called once per token, in text order. Return 0 to go on; any other value stops the
 * analysis, and marsad_analyze returns MARSAD_ESTOP. */
typedef int (*marsad_token_fn)(void *ctx, const marsad_token *tok);

/* Tokenizes, normalizes and stems n bytes of text, calling fn for each token.
 * Returns MARSAD_OK, MARSAD_ESTOP, MARSAD_EINVAL (NULL handle, callback or text),
 * MARSAD_ENOMEM or MARSAD_ESTEMMER (libstemmer failed: out of memory). The handle is
 * not re-entrant: fn must not call marsad_analyze on the same handle. Tokens longer
 * than 1024 bytes, and tokens whose NFKC form passes 4096 code points, are skipped. */
int marsad_analyze(marsad_analyzer *a, const char *text, size_t n, marsad_token_fn fn, void *ctx);

/* Returns nonzero when word (any spelling: it is normalized here) is a stopword.
 * Stopwords compare in the analyzer's rules but for the ى → ي fold, so that على (on) is
 * one and the name علي (Ali) is not. */
int marsad_analyzer_is_stopword(marsad_analyzer *a, const char *word, size_t n);

#ifdef __cplusplus
}
#endif
#endif /* MARSAD_H */
