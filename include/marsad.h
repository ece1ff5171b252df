/*
 * marsad.h — the public C API of libmarsad, an Arabic-first news monitoring engine.
 *
 * What it covers, in the order data flows: the text core (UTF-8, normalization,
 * analysis into tokens), reading crawled news and cleaning it into articles with their
 * facts (marsad_process), the archive that stores, de-duplicates and indexes them
 * (marsad_archive_open, marsad_ingest), and what reads it back (marsad_search,
 * marsad_archive_get, marsad_archive_dups, marsad_archive_stats), with the JSON the CLI
 * and the HTTP API print (docs/api.md, schema 1).
 *
 * Conventions (hold for every function below unless its comment says otherwise):
 *  - Functions return an int status: MARSAD_OK (0) on success, a MARSAD_E* code on
 *    failure; marsad_strerror() names it. NULL never means two different failures.
 *  - Handles are opaque. They are created through an out-parameter and destroyed by a
 *    *_free() (or *_close()) that accepts NULL.
 *  - A handle may be used by one thread at a time; different handles may be used from
 *    different threads concurrently. The library has no mutable global state. A
 *    marsad_lexicon, once loaded, is only read and may be shared by any threads.
 *  - Option and report structs the caller allocates carry a `version` field: fill them
 *    with their *_init() function, which sets it, then change what you need.
 *  - Text is UTF-8 with an explicit byte length; it need not be NUL-terminated.
 *  - Offsets are given twice: in bytes of the input and in Unicode code points of the
 *    input. Ends are exclusive. Fact offsets are code points of the article's body.
 *  - Memory the library returns is either owned by a handle (the comment says until
 *    when it lives) or malloc'd for the caller, who releases it with marsad_free().
 *  - The library never aborts or prints on bad input or out-of-memory; it returns.
 */
#ifndef MARSAD_H
#define MARSAD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MARSAD_VERSION "0.2.0"

/* Every public function is exported from libmarsad.so; nothing else is. */
#if defined(__GNUC__) && !defined(MARSAD_STATIC)
#define MARSAD_API __attribute__((visibility("default")))
#else
#define MARSAD_API
#endif

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
    MARSAD_EEMPTY = 11,  /* a document with no text at all (blank, or an HTML page without any) */
    MARSAD_EBUSY = 12,   /* another writer has the archive open (one writer at a time) */
    MARSAD_ESTOPWORDS = 13, /* a query of stopwords only: nothing to look up */
    MARSAD_EONLYNOT = 14,   /* a query that only excludes once its stopwords are gone */
    MARSAD_EABORTED = 15,   /* an earlier error abandoned the batch in progress; close the
                               handle (the archive stays at its last commit) */
    MARSAD_EREADONLY = 16,  /* a write through a handle opened for reading */
    MARSAD_ENOTFOUND = 17,  /* no article with that id */
    MARSAD_EQUERY = 18,     /* a query the parser refuses (marsad_query_error says where) */
    MARSAD_ECORRUPT = 19,   /* an archive file is damaged (a checksum or a structure check
                               failed; the message names it): see marsad check */
    MARSAD_ETIMEOUT = 20    /* a search ran past its time budget (budget_ms); nothing is
                               returned (the HTTP API answers 503 timeout) */
};

/* Returns a static English message for a status code; never NULL. */
MARSAD_API const char *marsad_strerror(int rc);

/* A short stable name of a status code ("ENOMEM", "EQUERY" …), for APIs that report
 * errors as data (the HTTP API's error codes); never NULL. */
MARSAD_API const char *marsad_status_name(int rc);

/* Returns MARSAD_VERSION of the library actually linked. */
MARSAD_API const char *marsad_version(void);

/* Releases memory the library malloc'd for the caller (JSON texts); accepts NULL. */
MARSAD_API void marsad_free(void *p);

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
MARSAD_API int marsad_utf8_check(const char *s, size_t n, size_t *bad_offset);

/* Writes s with invalid subparts replaced by U+FFFD into out (capacity cap, not
 * NUL-terminated). *out_len receives the size needed, which is at most 3*n; if it
 * exceeds cap, returns MARSAD_ERANGE and out holds nothing useful. *n_replaced (may be
 * NULL) receives the number of replacements. */
MARSAD_API int marsad_utf8_repair(const char *s, size_t n, char *out, size_t cap, size_t *out_len,
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
MARSAD_API int marsad_norm_rules_parse(const char *spec, unsigned *rules);

/* Returns the rule name of one bit, or NULL when the bit is not a rule. */
MARSAD_API const char *marsad_norm_rule_name(unsigned rule);

/* Normalizes n bytes of text into out (capacity cap, not NUL-terminated). *out_len
 * receives the size needed. Returns MARSAD_ERANGE when it exceeds cap (call again with
 * a buffer that large), MARSAD_ENOMEM when NFKC could not get scratch memory. Invalid
 * UTF-8 is read as U+FFFD. */
MARSAD_API int marsad_normalize(const char *in, size_t n, unsigned rules, char *out, size_t cap,
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
MARSAD_API int marsad_stemmer_from_name(const char *name);

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
MARSAD_API void marsad_analyzer_config_init(marsad_analyzer_config *cfg);

/* Creates an analyzer. cfg may be NULL for the defaults. Returns MARSAD_ESTEMMER when the
 * stemming backend is unavailable, MARSAD_EINVAL on a bad config. */
MARSAD_API int marsad_analyzer_new(const marsad_analyzer_config *cfg, marsad_analyzer **out);
MARSAD_API void marsad_analyzer_free(marsad_analyzer *a);

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
MARSAD_API int marsad_analyze(marsad_analyzer *a, const char *text, size_t n, marsad_token_fn fn,
                              void *ctx);

/* Returns nonzero when word (any spelling: it is normalized here) is a stopword.
 * Stopwords compare in the analyzer's rules but for the ى → ي fold, so that على (on) is
 * one and the name علي (Ali) is not. */
MARSAD_API int marsad_analyzer_is_stopword(marsad_analyzer *a, const char *word, size_t n);

/* ---- The lexicon of the fact extractors --------------------------------------------- */
/*
 * The names the entity extractor knows (persons, organizations, places with their
 * aliases) and the cue words of quotations: built in (data/gazetteer/, data/lexicon/),
 * extendable with gazetteer files of `name<TAB>TYPE[<TAB>canonical]` lines, TYPE one of
 * PERS ORG GPE LOC MISC (docs/extract.md). Once loaded it is only read: one lexicon may
 * serve any number of threads and pipelines at once.
 */
typedef struct marsad_lexicon marsad_lexicon;

/* The built-in lexicon. Returns MARSAD_OK or MARSAD_ENOMEM. */
MARSAD_API int marsad_lexicon_new(marsad_lexicon **out);

/* Adds the names of a gazetteer file; a later entry for a known name replaces it.
 * Returns MARSAD_OK, MARSAD_EIO (the file cannot be read), MARSAD_EFORMAT (a bad line)
 * or MARSAD_ENOMEM; msg (capacity cap, may be NULL) then names the file and line. */
MARSAD_API int marsad_lexicon_add_file(marsad_lexicon *lx, const char *path, char *msg, size_t cap);

MARSAD_API void marsad_lexicon_free(marsad_lexicon *lx);

/* ---- Articles ------------------------------------------------------------------------ */
/*
 * An article: what cleaning made of one crawled document — its headline, its body
 * without the crawl clutter, every dropped line with its reason — with the facts found
 * in the body, and, when it comes from an archive, its duplicate links. The fields and
 * their JSON are specified in docs/api.md (schema 1).
 *
 * An article handed to a marsad_article_fn lives until the callback returns; one from
 * marsad_archive_get() or marsad_extract() until marsad_article_free(). Every string it
 * gives out lives as long as it does.
 */
typedef struct marsad_article marsad_article;

enum marsad_field {
    MARSAD_FIELD_ID,             /* the input's id, else a hash of its URL or text */
    MARSAD_FIELD_SOURCE,         /* the outlet, from metadata or detected */
    MARSAD_FIELD_URL,            /* or NULL */
    MARSAD_FIELD_TITLE,          /* the headline, once ("" when there is none) */
    MARSAD_FIELD_AUTHOR,         /* the byline the input gives, or NULL */
    MARSAD_FIELD_DATE,           /* "YYYY-MM-DD", "YYYY-MM", or NULL */
    MARSAD_FIELD_DATE_SOURCE,    /* "metadata", "stamp" (the page's publication line), "text" (the
                                    text gave the day away), "weekday" (…and a weekday chose its
                                    year); "given" from marsad_extract's date; or NULL */
    MARSAD_FIELD_LANGUAGE,       /* "ar", or "und" when Arabic letters are under half */
    MARSAD_FIELD_BODY,           /* paragraphs separated by a blank line */
    MARSAD_FIELD_ORIGIN,         /* where it was read: "FILE", "FILE:LINE", "FILE@OFFSET" */
    MARSAD_FIELD_FORMAT,         /* "text", "jsonl", "html", "warc" */
    MARSAD_FIELD_DUPLICATE_OF,   /* the id of the first article of its duplicate group,
                                    or NULL (archived articles only) */
    MARSAD_FIELD_DUPLICATE_KIND, /* "exact" or "near", or NULL */
    MARSAD_FIELD_COUNT
};

/* The value of a field (enum marsad_field), or NULL when the article has none. */
MARSAD_API const char *marsad_article_field(const marsad_article *a, int field);

/* The body and its length in bytes. */
MARSAD_API const char *marsad_article_body(const marsad_article *a, size_t *len);

enum marsad_fact_kind {
    MARSAD_REMOVED,   /* the lines cleaning dropped */
    MARSAD_ENTITIES,  /* persons, organizations, places */
    MARSAD_QUOTES,    /* who said what */
    MARSAD_NUMBERS,   /* numeric claims */
    MARSAD_DATES,     /* dates in the text */
    MARSAD_DUPLICATES /* the other articles of its duplicate group (archived ones) */
};

/* How many items of a kind the article has. */
MARSAD_API size_t marsad_article_count(const marsad_article *a, int kind);

/* One item, its strings owned by the article. Each *_at() returns MARSAD_OK, or
 * MARSAD_EINVAL when i is out of range. Offsets are code points of the body. */
typedef struct marsad_removed {
    size_t line;        /* 1-based line of the input's text; 0 for a block the reader dropped */
    const char *text;   /* the line as it was */
    const char *reason; /* repeated-title caption widget breadcrumb related appeal footer
                           site-repeated other */
} marsad_removed;

typedef struct marsad_entity {
    const char *text; /* as written */
    const char *canonical; /* joins aliases and spellings: داعش → تنظيم الدولة الإسلامية */
    const char *type;    /* "PERS", "ORG", "LOC", "MISC" */
    const char *subtype; /* places: "GPE" (a country, a city) or "LOC" (a river); or NULL */
    size_t start, end;
} marsad_entity;

typedef struct marsad_quote {
    const char *speaker;      /* the fullest name the article gives, or NULL */
    const char *speaker_text; /* the speaker as written at this cue, or NULL */
    const char *cue;          /* قال، أكد … without its و/ف, or NULL */
    const char *text;         /* the quoted or reported words */
    int direct;               /* quoted rather than reported */
    size_t start, end;
    size_t speaker_start, speaker_end; /* 0, 0 without speaker_text */
    size_t cue_start, cue_end;         /* 0, 0 without cue */
} marsad_quote;

typedef struct marsad_number {
    const char *text;      /* the claim as written: أكثر من 40 مقاتلا */
    double value;          /* 40 */
    const char *qualifier; /* "eq" "approx" "gt" "lt" "gte" "lte" */
    const char *unit;      /* دولار، كلم … or NULL */
    const char *counted;   /* the counted noun, or NULL */
    size_t start, end;
} marsad_number;

typedef struct marsad_date {
    const char *text;     /* as written */
    const char *value;    /* "2016-12-06", "2016-12", "2016", "XXXX-12-06" */
    const char *grain;    /* "day" "week" "month" "year" */
    const char *calendar; /* "gregorian" or "hijri" (as written) */
    int relative;         /* resolved from أمس، الأسبوع الماضي … */
    size_t start, end;
} marsad_date;

typedef struct marsad_duplicate {
    const char *id, *source, *date;
    const char *kind; /* "exact" or "near" (NULL for the group's first article) */
    double jaccard;   /* the MinHash estimate that linked it (1 for exact) */
} marsad_duplicate;

MARSAD_API int marsad_article_removed_at(const marsad_article *a, size_t i, marsad_removed *out);
MARSAD_API int marsad_article_entity_at(const marsad_article *a, size_t i, marsad_entity *out);
MARSAD_API int marsad_article_quote_at(const marsad_article *a, size_t i, marsad_quote *out);
MARSAD_API int marsad_article_number_at(const marsad_article *a, size_t i, marsad_number *out);
MARSAD_API int marsad_article_date_at(const marsad_article *a, size_t i, marsad_date *out);
MARSAD_API int marsad_article_duplicate_at(const marsad_article *a, size_t i,
                                           marsad_duplicate *out);

/* What the structs above cannot grow to hold (they carry no version):
 *  - a number that is a range ("ما بين 10 و10.5 مليون"): its value is the low end, its
 *    qualifier "gte"; *high (not NULL) receives the high end. MARSAD_ENOTFOUND when the
 *    i-th number is a single figure;
 *  - a clock time said with the i-th date ("الخميس الساعة الثالثة عصرا"): *hhmm (not
 *    NULL) receives "15:00", 24-hour, owned by a. MARSAD_ENOTFOUND when none was said;
 *  - a date whose year was chosen by its weekday, which gave an undated article its day
 *    (date_source "weekday"): *days (not NULL) receives the days that weekday fits in the
 *    ten years up to the last year the text writes (or the run's year, when it writes
 *    none, or a later one), latest first, one space between ("2023-05-14 2017-05-14"),
 *    owned by a. MARSAD_ENOTFOUND for any other date.
 * Each returns MARSAD_EINVAL when i is past the last. */
MARSAD_API int marsad_article_number_high(const marsad_article *a, size_t i, double *high);
MARSAD_API int marsad_article_date_time(const marsad_article *a, size_t i, const char **hhmm);
MARSAD_API int marsad_article_date_candidates(const marsad_article *a, size_t i, const char **days);

/* The JSON forms of an article (docs/api.md). */
enum marsad_json_view {
    MARSAD_JSON_ARTICLE = 0, /* everything: `marsad analyze`, GET /api/v1/articles/ID */
    MARSAD_JSON_RECORD = 1,  /* the corpus record of `marsad clean`: id source url date
                                title author body */
    MARSAD_JSON_FACTS = 2    /* `marsad extract`: body, date, date_source and the facts */
};

/* The article as one line of compact JSON (no newline), malloc'd into *json (release
 * with marsad_free); *len (may be NULL) receives its length. Returns MARSAD_OK,
 * MARSAD_EINVAL (an unknown view) or MARSAD_ENOMEM. */
MARSAD_API int marsad_article_json(const marsad_article *a, int view, char **json, size_t *len);

/* Releases an article from marsad_archive_get() or marsad_extract(); accepts NULL.
 * (Articles handed to callbacks belong to the library.) */
MARSAD_API void marsad_article_free(marsad_article *a);

/* The facts of raw text taken whole as a body: entities, quotations, numbers, dates.
 * date ("YYYY-MM-DD", a time after it allowed; or NULL) is the day relative dates
 * resolve against; without it a weekday written with its date can give the day away. lx may be NULL
 * (no entities or quotations). Returns MARSAD_OK, MARSAD_EUTF8, MARSAD_EINVAL (a bad date) or
 * MARSAD_ENOMEM. */
MARSAD_API int marsad_extract(const marsad_lexicon *lx, const char *text, size_t n,
                              const char *date, marsad_article **out);

/* ---- Reading and cleaning: the pipeline --------------------------------------------- */
/*
 * Crawled news in, articles out. The inputs are files, directories (walked in name
 * order), standard input ("-"), or one buffer in memory; each file's format is detected
 * from its bytes (plain text, JSONL, HTML, WARC; gzip or zstd compressed). Every input
 * is read twice: first to count the lines each site repeats on its pages, then to clean
 * each document (docs/clean.md). Each article is analyzed once; that one token stream
 * feeds the cleaner, the fact extractors, the duplicate keys and the index.
 *
 * Work runs on `jobs` threads; articles still reach their consumer (the callback, or
 * the archive) one at a time, on the calling thread, in input order, so the result is
 * the same whatever the number of jobs.
 *
 * A document that cannot be read (malformed JSON, invalid UTF-8, binary, empty, too
 * large, a broken WARC record or compressed stream) is rejected alone: it is counted in
 * the report by kind, given to the notice callback with a message naming the file and
 * line or offset, and the run goes on.
 */
typedef struct marsad_input {
    char *const *paths; /* files, directories, "-" for standard input */
    size_t n_paths;     /* 0 and no data: standard input */
    const void *data;   /* or one buffer (a request body), read in place */
    size_t size;
    const char *name; /* the buffer's name in messages and origins ("upload") */
} marsad_input;

enum marsad_reject_kind {
    MARSAD_REJECT_MALFORMED, /* a broken JSON line, WARC record, compressed stream, binary */
    MARSAD_REJECT_UTF8,      /* invalid UTF-8 (see repair_utf8) */
    MARSAD_REJECT_TOOBIG,    /* a document over max_document */
    MARSAD_REJECT_IO,        /* a read failed */
    MARSAD_REJECT_EMPTY,     /* no text at all */
    MARSAD_REJECT_OTHER,
    MARSAD_REJECT_KINDS
};

/* "malformed", "invalid UTF-8", "too large", "I/O", "empty", "other"; NULL past them. */
MARSAD_API const char *marsad_reject_name(int kind);

/* Where the time of a run goes, in seconds summed over threads (report.stage_seconds). */
enum marsad_stage {
    MARSAD_STAGE_READ,    /* reading and parsing documents (both passes) */
    MARSAD_STAGE_COUNT,   /* the first pass's line keys and counts */
    MARSAD_STAGE_CLEAN,   /* analysis and cleaning */
    MARSAD_STAGE_EXTRACT, /* the fact extractors */
    MARSAD_STAGE_SIGN,    /* duplicate keys and MinHash signatures */
    MARSAD_STAGE_DEDUP,   /* duplicate lookups in the archive */
    MARSAD_STAGE_STORE,   /* catalog rows */
    MARSAD_STAGE_INDEX,   /* the batch's postings */
    MARSAD_STAGE_COMMIT,  /* segment files, commits, merges */
    MARSAD_STAGE_STORIES, /* story assignment (vectors, candidates, decisions, rows) */
    MARSAD_STAGES
};

/* "read", "count", "clean", "extract", "sign", "dedup", "store", "index", "commit". */
MARSAD_API const char *marsad_stage_name(int stage);

typedef struct marsad_report {
    unsigned version;
    uint64_t documents;                        /* seen by the first pass */
    uint64_t read;                             /* read (and cleaned, unless known) */
    uint64_t rejected;                         /* could not be read */
    uint64_t rejected_by[MARSAD_REJECT_KINDS]; /* by enum marsad_reject_kind */
    uint64_t skipped;                          /* records that are not pages (WARC) */
    uint64_t empty;                            /* read, and nothing left once cleaned */
    uint64_t removed_lines;                    /* lines cleaning dropped */
    uint64_t bytes_in, bytes_out;              /* text read, body kept (an article
                                                  whose input id or URL the archive
                                                  holds is known before it is cleaned:
                                                  its body and lines count in neither
                                                  bytes_out nor removed_lines) */
    uint64_t stored, exact, near, known;       /* marsad_ingest: stored (duplicates
                                                  included), of which exact and near
                                                  duplicates; already in the archive */
    double seconds;                            /* wall clock of the run */
    double stage_seconds[MARSAD_STAGES];       /* by enum marsad_stage */
} marsad_report;

#define MARSAD_REPORT_VERSION 2 /* 2: the stories stage */
MARSAD_API void marsad_report_init(marsad_report *r);

/* Called for each rejected document with its status and a message ("FILE:LINE:
 * reason"); the message lives until the call returns. */
typedef void (*marsad_notice_fn)(void *ctx, int rc, const char *message);

/* Called every few hundred documents of the second pass, and once at its end (done
 * nonzero), with the counts so far and the documents the first pass saw. */
typedef void (*marsad_progress_fn)(void *ctx, const marsad_report *so_far, int done);

typedef struct marsad_options {
    unsigned version;
    int repair_utf8;               /* replace invalid UTF-8 with U+FFFD instead of rejecting */
    int force_jsonl;               /* read every input as JSONL */
    int facts;                     /* run the fact extractors (default 1) */
    const marsad_lexicon *lexicon; /* names for the entity extractor; NULL: built in */
    unsigned jobs;                 /* worker threads; 0 (default): one per core, at most 64 */
    size_t max_document;           /* bytes of one document; 0 (default): 64 MiB */
    marsad_notice_fn notice;
    marsad_progress_fn progress;
    void *ctx; /* for notice and progress */
} marsad_options;

#define MARSAD_OPTIONS_VERSION 1
MARSAD_API void marsad_options_init(marsad_options *o);

/* Called for each article in input order; return 0 to go on, anything else to stop
 * (marsad_process then returns MARSAD_ESTOP). */
typedef int (*marsad_article_fn)(void *ctx, const marsad_article *a);

/* Reads, cleans and analyzes the input, calling fn for each article. report (may be
 * NULL) receives the counts. Returns MARSAD_OK (rejected documents included),
 * MARSAD_EIO (an input path does not exist or cannot be walked: nothing is read;
 * marsad_input_error-like detail goes to the notice callback), MARSAD_ESTOP,
 * MARSAD_ENOMEM or MARSAD_EINVAL (bad options). */
MARSAD_API int marsad_process(const marsad_input *in, const marsad_options *o, marsad_article_fn fn,
                              void *ctx, marsad_report *report);

/* ---- The archive ---------------------------------------------------------------------- */
/*
 * An archive is a catalog (PATH, SQLite in WAL mode, readable with the sqlite3 shell:
 * docs/store.md) and its index (PATH.idx/, immutable segment files: docs/index.md).
 * Any number of processes and handles may read while one writer ingests; a second
 * writer is refused (MARSAD_EBUSY). Killed at any moment, an archive opens at its last
 * commit. One handle serves one thread at a time; a server opens a handle per thread.
 */
typedef struct marsad_archive marsad_archive;

enum { MARSAD_READ = 0, MARSAD_WRITE = 1 };

typedef struct marsad_archive_options {
    unsigned version;
    size_t batch; /* articles per segment and transaction (default 20000) */
} marsad_archive_options;

#define MARSAD_ARCHIVE_OPTIONS_VERSION 1
MARSAD_API void marsad_archive_options_init(marsad_archive_options *o);

/* Opens the archive at path; MARSAD_WRITE creates or migrates it. o may be NULL. A new
 * archive's files are made when its first article is stored, but a folder they cannot
 * be made in (missing, not a folder, not writable) fails here, with MARSAD_EIO.
 * *out is set even on failure when there is a handle to explain it
 * (marsad_archive_errmsg); close it. Returns MARSAD_OK, MARSAD_EIO (with the file in
 * the message), MARSAD_EFORMAT (not an archive, an empty file, or a newer schema), MARSAD_EBUSY
 * (another writer), MARSAD_ENOMEM, MARSAD_EINVAL. */
MARSAD_API int marsad_archive_open(const char *path, int mode, const marsad_archive_options *o,
                                   marsad_archive **out);

/* Brings a reader up to date with what writers (other processes, other handles) have
 * committed since it opened or last refreshed: the index is read again, only when the
 * catalog's data version (SQLite's PRAGMA data_version) moved, so a call when nothing was
 * committed costs one small query. *changed (may be NULL) is set to 1 when it re-read
 * the index, else 0. A reader opened at one moment otherwise keeps the index of that
 * moment (results stay consistent between pages); a long-running server calls this each
 * time it takes a handle from its pool. Results, articles and stories taken from the
 * handle before must be freed first. For a writer it does nothing (it sees its own
 * commits). It clears the handle's last message (marsad_archive_errmsg), so that a new
 * request on a long-lived handle does not report an old one. Returns MARSAD_OK,
 * MARSAD_EINVAL (NULL handle), or the error of opening the new index
 * (marsad_archive_errmsg names it; the handle keeps its old index). */
MARSAD_API int marsad_archive_refresh(marsad_archive *a, int *changed);

/* A writer commits what it holds and merges segments; then the handle is freed.
 * Returns the status of that last commit (MARSAD_OK for a reader), or MARSAD_ECORRUPT
 * when a merge met a damaged segment (see marsad_ingest). Accepts NULL. */
MARSAD_API int marsad_archive_close(marsad_archive *a);

/* The last error of the handle, in English, naming the file or SQLite's message; ""
 * when there was none. Lives until the next call on the handle. */
MARSAD_API const char *marsad_archive_errmsg(const marsad_archive *a);

/* What marsad_ingest did with one article. */
enum marsad_outcome {
    MARSAD_STORED, /* a new article */
    MARSAD_EXACT,  /* stored, an exact duplicate of an earlier one (same words) */
    MARSAD_NEAR,   /* stored, a near duplicate (MinHash estimate >= 0.6) */
    MARSAD_KNOWN,  /* its id is in the archive already: nothing done */
    MARSAD_EMPTIED /* cleaning left no text: nothing stored */
};

/* Reads, cleans and analyzes the input as marsad_process does, and adds each article
 * to the archive: an article whose id is stored is skipped; an exact or near duplicate
 * is stored and linked to the first article of its group. Every `batch` articles the
 * batch is committed (segment file, then one catalog transaction). report (may be
 * NULL) receives the counts; its stored counts are committed articles. Returns
 * MARSAD_OK, MARSAD_EREADONLY, MARSAD_EABORTED, or the error that stopped the run
 * (marsad_archive_errmsg tells more; the batch it cut short is rolled back, committed
 * ones stay). MARSAD_ECORRUPT: every article was stored, but a merge met a damaged
 * index segment (named by marsad_archive_errmsg; marsad_check repairs it) and the
 * handle merges no more. */
MARSAD_API int marsad_ingest(marsad_archive *a, const marsad_input *in, const marsad_options *o,
                             marsad_report *report);

/* One document given by its fields, as a JSONL line gives them. */
typedef struct marsad_document {
    unsigned version;
    const char *id, *url, *source, *date, *title, *author; /* each may be NULL */
    const char *text; /* the text, lines separated by '\n'; or NULL with html */
    size_t text_len;
    const char *html; /* an HTML page to extract the article from, used when text is NULL:
                         its bytes as served, decoded as a page file is (its <meta
                         charset>, else UTF-8, else windows-1256) */
    size_t html_len;
} marsad_document;

#define MARSAD_DOCUMENT_VERSION 1
MARSAD_API void marsad_document_init(marsad_document *d);

/* Cleans, analyzes and adds one document (without the first pass's per-site counts, a
 * single document has none), in the batch in progress; *outcome (may be NULL) says
 * what became of it. Returns as marsad_ingest, or the document's own error
 * (MARSAD_EUTF8 in a field, unless o->repair_utf8; MARSAD_EEMPTY, MARSAD_ETOOBIG,
 * MARSAD_EFORMAT), which leaves the batch as it was. */
MARSAD_API int marsad_ingest_document(marsad_archive *a, const marsad_document *d,
                                      const marsad_options *o, int *outcome);

/* Commits the batch in progress now (ingest does it every `batch` articles and at
 * close). Returns MARSAD_OK, MARSAD_EABORTED, or a store or file error. */
MARSAD_API int marsad_archive_flush(marsad_archive *a);

/* Deletes the article with that id (*found: 0 when there is none), in one transaction:
 * its catalog rows go and its index document is marked deleted. The next article of
 * its duplicate group becomes the group's first. Returns MARSAD_OK, MARSAD_EREADONLY,
 * MARSAD_EABORTED, or a store error. */
MARSAD_API int marsad_archive_delete(marsad_archive *a, const char *id, int *found);

/* The article with that id, with its facts and duplicate links, into *out (release
 * with marsad_article_free). Returns MARSAD_OK, MARSAD_ENOTFOUND, MARSAD_EIO,
 * MARSAD_EFORMAT (a damaged row), MARSAD_ENOMEM. */
MARSAD_API int marsad_archive_get(marsad_archive *a, const char *id, marsad_article **out);

/* ---- What an archive holds ---------------------------------------------------------- */

typedef struct marsad_stats {
    unsigned version;
    uint64_t articles, sources;
    char first_date[11], last_date[11]; /* "" when no article has a date */
    uint64_t exact_duplicates, near_duplicates, duplicate_groups;
    uint64_t segments, index_documents, index_terms, index_bytes;
    uint64_t catalog_bytes; /* the SQLite file and its WAL */
} marsad_stats;

#define MARSAD_STATS_VERSION 1
MARSAD_API void marsad_stats_init(marsad_stats *st);
MARSAD_API int marsad_archive_stats(marsad_archive *a, marsad_stats *st);

/* The statistics as one line of JSON, malloc'd (marsad_free). */
MARSAD_API int marsad_stats_json(const marsad_stats *st, char **json, size_t *len);

/* ---- Checking an archive -------------------------------------------------------------- */
/*
 * marsad_check verifies an archive as PRAGMA integrity_check or git fsck do: the catalog
 * (SQLite's full integrity check), its manifest against the index folder (every segment
 * it names is there and opens; a file it does not name is a leftover), every page of
 * every segment against its checksum and every term's postings decoded, and their
 * agreement: each live index document is an article of the catalog, and each article is
 * in the index once. Each finding goes to fn (may be NULL) as one line naming the file:
 * rc MARSAD_ECORRUPT for a problem, MARSAD_OK for a note. It reads only, as a reader
 * does, so it may run beside an ingest (whose uncommitted files are then notes).
 *
 * With MARSAD_CHECK_REPAIR, an index found damaged or disagreeing with the catalog is
 * rebuilt from the catalog, which holds every title and body (as a change of analysis
 * rebuilds it), under the writer's lock; then the archive is checked again. A damaged
 * catalog is not repaired so: restore it from a copy, or try sqlite3's .recover.
 */
typedef struct marsad_check_report {
    unsigned version;
    uint64_t articles;        /* in the catalog */
    uint64_t segments, pages; /* segments checked, and their pages verified */
    uint64_t index_documents; /* live */
    uint64_t problems;        /* what the (last) check found */
    int catalog_damaged;      /* SQLite's integrity check failed */
    int repaired;             /* the index was rebuilt */
} marsad_check_report;

#define MARSAD_CHECK_REPORT_VERSION 1
MARSAD_API void marsad_check_report_init(marsad_check_report *r);

enum { MARSAD_CHECK_REPAIR = 1 };

/* Checks the archive at path (flags: 0 or MARSAD_CHECK_REPAIR); r (may be NULL)
 * receives the counts. Returns MARSAD_OK (sound, or repaired to sound), MARSAD_ECORRUPT
 * (problems remain), MARSAD_EIO (no archive at path), MARSAD_EBUSY (a repair while a
 * writer has the archive), MARSAD_ENOMEM or MARSAD_EINVAL; an error's line went to fn. */
MARSAD_API int marsad_check(const char *path, unsigned flags, marsad_notice_fn fn, void *ctx,
                            marsad_check_report *r);

/* A group of duplicates: its first article and the others. Lives during the callback. */
typedef struct marsad_dup_group {
    size_t size;                            /* articles in the group, the first included */
    const char *id, *date, *source, *title; /* its first article */
    const marsad_duplicate *members;        /* the others, in the order they came */
    size_t n_members;
} marsad_dup_group;

typedef int (*marsad_dup_fn)(void *ctx, const marsad_dup_group *g);

/* Calls fn for each group of two articles or more, largest first, at most limit (0:
 * all). Returns MARSAD_OK, MARSAD_ESTOP (fn returned nonzero), or a store error. */
MARSAD_API int marsad_archive_dups(marsad_archive *a, size_t limit, marsad_dup_fn fn, void *ctx);

/* A group as one line of JSON, malloc'd (marsad_free). */
MARSAD_API int marsad_dup_group_json(const marsad_dup_group *g, char **json, size_t *len);

/* ---- Search ------------------------------------------------------------------------- */
/*
 * The query language (docs/search.md): bare words (all required, or any with `any`),
 * "phrases", =exact forms, prefix*, -exclusions, OR, AND, ( ), title:, source:, from:,
 * to:, entity: and speaker: (articles naming an entity by any alias, or quoting a
 * speaker). Words are normalized and stemmed as the index was: التحالف finds والتحالف.
 * Results are ranked by BM25 over body and title (or by date), one per duplicate group
 * unless `all`.
 */
typedef struct marsad_query_error {
    size_t position;      /* code points into the query */
    size_t byte_position; /* the same in bytes */
    char message[160];    /* English: what is wrong and what was expected */
} marsad_query_error;

typedef struct marsad_query marsad_query;

/* Parses q[0..n); any: bare words are optional. Returns MARSAD_OK, MARSAD_EQUERY (err,
 * which may be NULL, says where and why), MARSAD_ENOMEM. */
MARSAD_API int marsad_query_parse(const char *q, size_t n, int any, marsad_query **out,
                                  marsad_query_error *err);

/* The parsed tree in one line (`marsad search --explain`), malloc'd (marsad_free). */
MARSAD_API int marsad_query_explain(const marsad_query *q, char **text);

MARSAD_API void marsad_query_free(marsad_query *q);

enum marsad_sort {
    MARSAD_SORT_RELEVANCE = 0, /* BM25 (a query of filters only: newest first) */
    MARSAD_SORT_NEWEST = 1,    /* by date, newest first; undated last */
    MARSAD_SORT_OLDEST = 2     /* by date, oldest first; undated last */
};

typedef struct marsad_search_options {
    unsigned version;
    size_t limit;               /* results wanted, 1..10000 (default 10) */
    size_t offset;              /* results skipped first (paging); limit + offset <= 10000 */
    int sort;                   /* enum marsad_sort */
    int all;                    /* every duplicate, not one result per group */
    int any;                    /* bare words optional (a pasted headline) */
    const char *const *sources; /* only these outlets (any of them), beside the query's */
    size_t n_sources;
    const char *from, *to; /* only this range: "YYYY-MM-DD", "YYYY-MM", "YYYY", or NULL */
    size_t snippet_chars;  /* snippet length in code points (default 200; 0: none) */
    double k1, b;          /* BM25 (default 1.2, 0.75) */
    double title_boost;    /* weight of a title match (default 2) */
    double exact_bonus;    /* weight of a word's typed form on top of its stem (0.3) */
    int exhaustive;        /* score every match, no block-max WAND (for checking) */
    /* version 2 */
    int facets; /* count the matches by outlet and by day (marsad_results_facets) */
    /* version 3 */
    double budget_ms; /* wall-clock budget of the search from its call, in milliseconds;
                         past it the search stops with MARSAD_ETIMEOUT (checked before
                         each index segment and every 4096 candidate documents). 0
                         (default): none */
} marsad_search_options;

/* 2 added `facets`, 3 `budget_ms`; a caller built against 1 or 2 (without them) is still
 * accepted. */
#define MARSAD_SEARCH_OPTIONS_VERSION 3
MARSAD_API void marsad_search_options_init(marsad_search_options *o);

typedef struct marsad_hit {
    const char *id, *title, *source, *date; /* date may be NULL */
    double score;                           /* BM25 */
    uint64_t duplicates;                    /* other articles of its group */
    const char *snippet;                    /* the best passage with "…" where cut, or NULL */
    const size_t (*highlights)[2];          /* matched words: code-point ranges of the snippet */
    size_t n_highlights;
    const char *url; /* the article's URL, or NULL when it has none */
    int64_t story;   /* the article's story (marsad_archive_stories), or 0 */
} marsad_hit;

typedef struct marsad_results marsad_results;

/* Runs q[0..n) against the archive into *out (release with marsad_results_free).
 * Returns MARSAD_OK, MARSAD_EQUERY (err says where), MARSAD_ESTOPWORDS,
 * MARSAD_EONLYNOT, MARSAD_EINVAL (bad options), MARSAD_ETIMEOUT (o->budget_ms ran out),
 * MARSAD_EIO, MARSAD_ENOMEM. */
MARSAD_API int marsad_search(marsad_archive *a, const char *q, size_t n,
                             const marsad_search_options *o, marsad_results **out,
                             marsad_query_error *err);

/* The same with a parsed query (o->any is then the parse's). Its entity: and speaker:
 * clauses take their articles from a's catalog at each call, stored in q: one query is
 * not to be searched by two threads at once. */
MARSAD_API int marsad_search_query(marsad_archive *a, const marsad_query *q,
                                   const marsad_search_options *o, marsad_results **out);

MARSAD_API size_t marsad_results_count(const marsad_results *r);

/* Result i (0 best), owned by r; NULL past the end. */
MARSAD_API const marsad_hit *marsad_results_hit(const marsad_results *r, size_t i);

/* Matching articles, every duplicate included (docs/search.md, "Counting"). Exact
 * whenever at most MARSAD_COUNT_CAP articles match; beyond that it may be a floor
 * (MARSAD_COUNT_CAP or more), and *lower_bound (may be NULL) is then set. */
MARSAD_API uint64_t marsad_results_total(const marsad_results *r, int *lower_bound);

/* Matches counted exactly, at most: past it, counts are floors. */
#define MARSAD_COUNT_CAP 10000

/* One facet value and its count. */
typedef struct marsad_facet {
    const char *name; /* the outlet, or the day "YYYY-MM-DD"; NULL: no outlet / undated
                         (a month-only date included) */
    uint64_t count;   /* matching articles: one per duplicate group unless `all` */
} marsad_facet;

enum marsad_facet_kind { MARSAD_FACET_SOURCES = 0, MARSAD_FACET_DAYS = 1 };

/* The facets of a search run with o->facets: an array of *n counts owned by r (valid
 * until marsad_results_free; *n is 0 when nothing matched), or NULL with *n 0 when
 * facets were not asked (or r or n is NULL or kind unknown). Sources are ordered by count, most
 * first, then by name; days oldest first, undated last. A duplicate group counts once unless `all`,
 * under the outlet and day of its first matching article in index order (usually the group's first
 * stored). Only the first MARSAD_COUNT_CAP matching articles are counted: *partial (may be NULL) is
 * set when more matched, and the counts are then floors. */
MARSAD_API const marsad_facet *marsad_results_facets(const marsad_results *r, int kind, size_t *n,
                                                     int *partial);

/* Parse, search and results, in milliseconds. */
MARSAD_API double marsad_results_took_ms(const marsad_results *r);

/* The results as one line of JSON (docs/api.md), with the query text q[0..n) echoed;
 * malloc'd (marsad_free). */
MARSAD_API int marsad_results_json(const marsad_results *r, const char *q, size_t n, char **json,
                                   size_t *len);

/* A query the search refused (rc: MARSAD_EQUERY with err, MARSAD_ESTOPWORDS,
 * MARSAD_EONLYNOT …) as the results' JSON would have carried it: schema, query, error
 * (the message), code (marsad_status_name), position (code points; 0 for the whole
 * query) and no results; malloc'd (marsad_free). */
MARSAD_API int marsad_search_error_json(const char *q, size_t n, int rc,
                                        const marsad_query_error *err, char **json, size_t *len);

/* The hit's snippet with `open` before and `close` after each highlight ("[", "]"; an
 * HTML <mark>; a terminal's colours), malloc'd into *out (marsad_free); "" when the hit
 * has no snippet. Returns MARSAD_OK, MARSAD_EINVAL or MARSAD_ENOMEM. */
MARSAD_API int marsad_hit_marked(const marsad_hit *h, const char *open, const char *close,
                                 char **out);

MARSAD_API void marsad_results_free(marsad_results *r);

/* ---- Stories ------------------------------------------------------------------------ */
/*
 * A story is one real-world event and its direct developments (an attack, its casualty
 * updates, the condemnations). Each article is assigned to one when it is stored, by
 * its TF-IDF terms (the title's weighted), canonical entities and date, against the
 * stories of similar recent articles; duplicates share their group's story; stories
 * that converge merge, and a merged id keeps answering for the story it went into. The
 * rule and its measured thresholds are in docs/stories.md.
 *
 * A story's id is the catalog id of the article that started it. Its ledger groups the
 * numeric claims of its articles by what they count, and marks each claim that cannot
 * be true together with another (a disagreement) or that raises an earlier one (an
 * update).
 *
 * Everything a story gives out lives during the callback (marsad_archive_stories) or
 * until marsad_story_free (marsad_archive_story).
 */
typedef struct marsad_count {
    const char *name; /* an outlet, or a day "YYYY-MM-DD" */
    uint64_t n;
} marsad_count;

typedef struct marsad_story_cell {
    const char *day, *source; /* day NULL: undated */
    uint64_t n;
} marsad_story_cell;

typedef struct marsad_story_article {
    const char *id, *title, *source, *date, *url; /* date, url may be NULL */
    const char *duplicate_of;                     /* the id of its group's first, or NULL */
    const char *duplicate_kind;                   /* "exact", "near" or NULL */
} marsad_story_article;

typedef struct marsad_story_entity {
    const char *canonical, *type;
    uint64_t mentions, articles;
    const char *first, *last; /* dates of its first and last mention, or NULL */
} marsad_story_entity;

enum marsad_claim_verdict {
    MARSAD_CLAIM_ALONE = 0,    /* agrees with every other claim of its quantity */
    MARSAD_CLAIM_UPDATE = 1,   /* a later report raising an earlier figure */
    MARSAD_CLAIM_DISAGREES = 2 /* cannot be true together with claim `other` */
};

typedef struct marsad_claim {
    const char *quantity; /* what it counts: the counted noun's lemma, or its unit */
    const char *text;     /* as written */
    double value;
    const char *qualifier; /* "eq" "approx" "gt" "lt" "gte" "lte" */
    const char *unit, *counted;
    const char *article, *source, *date;
    const char *speaker; /* of the quotation the figure sits in, or NULL */
    size_t start, end;   /* code points of the article's body */
    int verdict;         /* enum marsad_claim_verdict */
    size_t other;        /* the claim it updates or disagrees with (an index of claims) */
} marsad_claim;

typedef struct marsad_story_quote {
    const char *speaker; /* canonical, or NULL */
    const char *cue, *text, *article, *source, *date;
    int direct;
    size_t start, end;
} marsad_story_quote;

typedef struct marsad_story {
    int64_t id;
    int64_t asked;               /* the merged id asked for, when it went into this one; else 0 */
    const char *title;           /* its most representative headline (closest to its centroid) */
    const char *first, *last;    /* its earliest and latest dates, or NULL */
    uint64_t articles;           /* duplicates included */
    uint64_t texts;              /* distinct texts: duplicate groups */
    double heat;                 /* activity as of the newest day (docs/stories.md) */
    const marsad_count *sources; /* outlets, most articles first */
    size_t n_sources;
    const marsad_count *days; /* articles per day, in day order */
    size_t n_days;
    const char *const *article_ids; /* every member, in date order */
    size_t n_article_ids;
    const marsad_story_entity *entities; /* most mentioned first (a list: the top 5) */
    size_t n_entities;
    /* marsad_archive_story only (0 in a list) */
    const marsad_story_cell *timeline; /* per day and outlet */
    size_t n_timeline;
    const marsad_story_article *members; /* in date order */
    size_t n_members;
    const marsad_claim *claims; /* by quantity, then date */
    size_t n_claims;
    const marsad_story_quote *quotes; /* by speaker, then date */
    size_t n_quotes;
} marsad_story;

typedef struct marsad_story_filter {
    unsigned version;
    const char *since, *until;  /* a story with an article in this range ("YYYY-MM-DD") */
    const char *const *sources; /* … from one of these outlets */
    size_t n_sources;
    const char *query;   /* … matching this query (marsad_search's language), or NULL */
    size_t min_articles; /* at least this many articles (default 2) */
    size_t limit;        /* at most this many stories (default 20; 0: all) */
} marsad_story_filter;

#define MARSAD_STORY_FILTER_VERSION 1
MARSAD_API void marsad_story_filter_init(marsad_story_filter *f);

typedef int (*marsad_story_fn)(void *ctx, const marsad_story *s);

/* Calls fn for each story passing the filter, most active first (heat, then size).
 * Returns MARSAD_OK, MARSAD_ESTOP, MARSAD_EQUERY (err, may be NULL, says why), a store
 * error, MARSAD_ENOMEM. */
MARSAD_API int marsad_archive_stories(marsad_archive *a, const marsad_story_filter *f,
                                      marsad_story_fn fn, void *ctx, marsad_query_error *err);

/* One story with its timeline, members, ledger and quotations (id may be a merged one:
 * out->asked then says so). Returns MARSAD_OK, MARSAD_ENOTFOUND, a store error,
 * MARSAD_ENOMEM. */
MARSAD_API int marsad_archive_story(marsad_archive *a, int64_t id, marsad_story **out);
MARSAD_API void marsad_story_free(marsad_story *s);

/* A story as one line of JSON (docs/api.md), malloc'd (marsad_free). */
MARSAD_API int marsad_story_json(const marsad_story *s, char **json, size_t *len);

/* Who said what (`marsad quotes`): the quotations of the articles matching query (or
 * of every article quoting the speaker, when query is NULL), whose speaker's name holds
 * speaker's words (NULL: any speaker), by speaker then date, at most limit (0: all);
 * at least one of query and speaker is needed. fn gets each with the story of its
 * article (0: none). Returns MARSAD_OK, MARSAD_ESTOP, MARSAD_EINVAL, MARSAD_EQUERY (err
 * says why), a store error, MARSAD_ENOMEM. */
typedef int (*marsad_quote_fn)(void *ctx, const marsad_story_quote *q, int64_t story);
MARSAD_API int marsad_archive_quotes(marsad_archive *a, const char *speaker, const char *query,
                                     size_t limit, marsad_quote_fn fn, void *ctx,
                                     marsad_query_error *err);

/* Every article (query NULL) or the articles matching query (every duplicate, at most
 * 10,000), in catalog order (a query's: oldest first), each to fn whole (fields, facts,
 * duplicate links: as marsad_archive_get) with its story id (0: none); the article
 * lives during the call (`marsad export`). Returns MARSAD_OK, MARSAD_ESTOP, MARSAD_EQUERY
 * (err says why), a store error, MARSAD_ENOMEM. */
typedef int (*marsad_export_fn)(void *ctx, const marsad_article *art, int64_t story);
MARSAD_API int marsad_archive_export(marsad_archive *a, const char *query, marsad_export_fn fn,
                                     void *ctx, marsad_query_error *err);

/* The story of the article with that id, after merges (`marsad show`): MARSAD_OK,
 * MARSAD_ENOTFOUND (no such article, or it has no story), a store error. */
MARSAD_API int marsad_archive_story_of(marsad_archive *a, const char *id, int64_t *story);

/* The entities the archive's articles name (`marsad entities`, GET /api/v1/entities),
 * one per canonical name and type, as marsad_story_entity (canonical, type, articles,
 * mentions, first and last date; strings live during the call), most articles first,
 * then most mentions, then by name. query (NULL: every name) keeps the names holding
 * it (a substring of the canonical name, as stored: the extractor's spelling); type
 * (NULL: any) one of "PERS" "ORG" "LOC" "GPE" "MISC"; at most limit (0: all). fn returns
 * nonzero to stop. query matches as SQL's LIKE does (ASCII letters in any case).
 * Returns MARSAD_OK, MARSAD_ESTOP, MARSAD_EINVAL (a NULL handle or fn, an unknown type),
 * a store error, MARSAD_ENOMEM. */
typedef int (*marsad_entity_fn)(void *ctx, const marsad_story_entity *e);
MARSAD_API int marsad_archive_entities(marsad_archive *a, const char *query, const char *type,
                                       size_t limit, marsad_entity_fn fn, void *ctx);

/* An entity of marsad_archive_entities as one line of JSON (docs/api.md):
 * {"name","type","articles","mentions","first","last"}, malloc'd (marsad_free); len may
 * be NULL. Returns MARSAD_OK, MARSAD_EINVAL (no entity or name), MARSAD_ENOMEM. */
MARSAD_API int marsad_entity_json(const marsad_story_entity *e, char **json, size_t *len);

/* A quotation as one line of JSON (docs/api.md), malloc'd (marsad_free). */
MARSAD_API int marsad_quote_json(const marsad_story_quote *q, int64_t story, char **json,
                                 size_t *len);

/* Assigns every article again, in date order (a writer; `marsad stories --rebuild`):
 * the stories an ingest in date order would have made. Returns MARSAD_OK,
 * MARSAD_EREADONLY, or the error (the stories then stay as they were). */
MARSAD_API int marsad_stories_rebuild(marsad_archive *a);

#ifdef __cplusplus
}
#endif
#endif /* MARSAD_H */
