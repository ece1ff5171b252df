/*
 * query.h — the query language of `marsad search`: parses the user's query string into
 * a tree and a set of filters. It analyzes no word (no normalization, no stemming: the
 * search compiler runs the analyzer on each word's text later); it parses structure and
 * reports errors with their position.
 *
 * The language, as implemented
 * ----------------------------
 * Words. A word is a maximal run of code points that are not separators, quote marks or
 * the parentheses ( ). Separators are Unicode White_Space (U+00A0 and the typographic
 * spaces included), the C0/C1 controls, and the invisible format characters that carry
 * no letter and end up at word edges in pasted Arabic text: ZWSP U+200B, LRM/RLM
 * U+200E/F, ALM U+061C, the bidi embeddings U+202A..202E and isolates U+2066..2069,
 * WJ U+2060 and BOM U+FEFF. ZWNJ U+200C, ZWJ U+200D, tashkeel, tatweel and other marks
 * are inside words. Punctuation glued to a word (التحالف، كوفيد-19 10:30) stays in its
 * text; the analyzer drops or splits it later.
 *
 *   word      a bare word; the analyzer stems it.
 *   =word     the exact surface form (normalized, not stemmed). A lone "=" is a word.
 *   word*     a prefix of the normalized surface form. At least 2 code points before the
 *             '*', not counting tashkeel, tatweel, combining marks and joiners (they
 *             vanish in the normalized form). "=word*" is the same as "word*". Only one
 *             trailing '*' is special; a '*' inside a word is part of the word.
 *   "a b"     a phrase: words in this order, each optionally =word or word*. Three quote
 *             families: "…" (ASCII), “…” and «…». A phrase opens with either mark of a
 *             family and closes at the next mark of the same family, so ”…“ and »…«
 *             (typed in the other direction) work too; marks of the other families and
 *             parentheses inside it are separators. Inside a phrase OR, AND, '-' and
 *             field names are ordinary words. A phrase of one word stays a PHRASE.
 *   (…)       a group; groups nest at most 32 deep.
 *   -x        excludes x, where x is a word, =word, prefix, phrase, group or title:
 *             clause. '-' negates only at the start of a clause and only when something
 *             other than a separator or ')' follows it directly: in كوفيد-19 it is part
 *             of the word, and a lone '-' (the dash of a pasted "غزة - رويترز") is a word.
 *             After the '-' comes one operand as written ("--a" excludes the word "-a").
 *   a OR b    either; "OR" and "AND" are operators only as whole words in Latin capitals
 *             (or, and, Or are words).
 *   a AND b   both.
 *   a b       joined by the caller's default operator: AND, or OR (`--any`).
 *
 * Precedence, tightest first: '-' > OR > AND > juxtaposition (the default operator).
 *   a b OR c d      = a, (b OR c), d
 *   a OR b AND c    = (a OR b) AND c
 *   a b AND c d     = a, (b AND c), d   (under OR default: a OR (b AND c) OR d)
 * Why OR above AND: under the AND default, inserting AND where there was a space must
 * never regroup the query (a b OR c = a AND b OR c); and under the OR default, AND still
 * joins exactly its two neighbours, which is what a user typing it in a list means.
 *
 * Fields. Only the lower-case ASCII names below, directly followed by ':' and then
 * directly (no space) by their value, are fields; any other x:y (10:30, الساعة:,
 * https://…, Title:) is a word.
 *   title:word  title:=word  title:word*  title:"phrase"  title:(group)
 *               match in the title only (every node of the clause has title_only set).
 *   source:X    X is a word or a quoted string (each run of separators inside it made
 *               one space, none kept at its ends): the outlet, as typed (the caller
 *               compares it as it likes). Several source: mean any of them.
 *   from:D  to:D
 *               D is YYYY-MM-DD, YYYY-MM or YYYY (month and day of 1 or 2 digits,
 *               ASCII, Arabic-Indic or Persian digits), a real calendar date (leap years
 *               counted); a month or year means its first day for from:, its last day
 *               for to:. Each may be given once; from: after to: is an error.
 *   entity:X  speaker:X  story:ID
 *               X is a word or a quoted string (as source:): the articles that have an
 *               entity whose canonical name is X's (entity:), or a quotation whose
 *               speaker's name holds X's words (speaker:). Unlike source:, these are
 *               clauses (MSD_Q_SET leaves): they go under AND, OR and '-' and inside
 *               parentheses, score nothing, and match no text; the archive layer turns
 *               each into catalog ids (docs/search.md, "Catalog sets").
 * source:, from: and to: are filters: they constrain the whole query, whatever the
 * default operator, so they are kept apart from the scored tree (msd_query.sources,
 * .from, .to) and cannot be put inside parentheses, excluded, or joined with OR (a
 * filter beside AND is allowed: it means what it says).
 *
 * Errors (MARSAD_EFORMAT unless said): an empty query; a query that only excludes
 * ("nothing to search for"); an AND/OR, group or not, whose operands all are exclusions
 * after flattening ("nothing to exclude from"); an exclusion of an exclusion, "-(-a)";
 * an exclusion as an operand of OR (write "a -b", not "a OR -b"); OR/AND without an
 * operand on either side; an unclosed quote (reported where it opened), '(' (where it
 * opened), a ')' with no '(' (where it stands); an empty phrase or group; a prefix with
 * fewer than 2 letters (at its '*'); a field without a value right after its ':'; a '-'
 * after title: (it goes before the field); a filter excluded, inside parentheses or
 * beside OR; a bad date (at the bad part), a date filter given twice; invalid UTF-8
 * (MARSAD_EUTF8, at the bad sequence); more than 4096 bytes, 256 nodes or 32 levels of
 * parentheses or of tree (MARSAD_ETOOBIG).
 *
 * The tree. Words (WORD, EXACT, PREFIX) and sets (SET) are leaves; a PHRASE's kids are leaves;
 * AND/OR have two or more kids (a single-child AND/OR collapses to the child). NOT has one kid and
 * appears only as a kid of AND or OR, where it means "remove these from this node's result"; it
 * never has a NOT kid, and an AND/OR never has NOT kids only. Nested AND in AND is flattened;
 * nested OR in OR too, but for an inner OR with NOT kids, whose exclusions apply to it alone: "x (a
 * -c)" under OR is (or x (or a (not c))). The root is never NOT. The tree is at most 32 levels deep
 * (the root is level 1).
 */
#ifndef MSD_SEARCH_QUERY_H
#define MSD_SEARCH_QUERY_H

#include <stddef.h>
#include <stdint.h>

#define MSD_QUERY_MAX_BYTES 4096
#define MSD_QUERY_MAX_NODES 256
#define MSD_QUERY_MAX_DEPTH 32

typedef enum msd_qkind {
    MSD_Q_WORD,   /* text: stem and match */
    MSD_Q_EXACT,  /* =text: match the normalized surface form */
    MSD_Q_PREFIX, /* text*: normalized surface forms that start with text */
    MSD_Q_PHRASE, /* kids: leaves, adjacent and in order */
    MSD_Q_AND,    /* kids: all of them (NOT kids subtract) */
    MSD_Q_OR,     /* kids: any of them (NOT kids subtract) */
    MSD_Q_NOT,    /* kids[0]: excluded from the parent's result */
    MSD_Q_SET     /* set: the articles a catalog set gives for text (entity:, speaker:) */
} msd_qkind;

/* The catalog sets a MSD_Q_SET node names. The parser only records which and the text;
 * the archive layer resolves each into the sorted catalog ids of its articles
 * (src/archive/idsets.c) before the engine runs. */
enum { MSD_QSET_ENTITY = 1, MSD_QSET_SPEAKER = 2, MSD_QSET_STORY = 3 };

typedef struct msd_qnode {
    msd_qkind kind;
    int title_only;  /* nonzero: match in the title field only (set on the whole subtree) */
    char *text;      /* WORD/EXACT/PREFIX: the word as typed without its '=' or '*'
                        (malloc'd, NUL-terminated, non-empty, valid UTF-8); else NULL */
    size_t pos, len; /* code points of the query this node was parsed from: a
                        leaf its word with '=' '*'; a phrase its quotes; a group
                        its parentheses; a title: clause includes "title:" */
    size_t byte_pos, byte_len; /* the same span in bytes */
    struct msd_qnode **kids;   /* n_kids non-NULL nodes; NULL when n_kids is 0 */
    size_t n_kids;
    /* MSD_Q_SET: which set (MSD_QSET_*), and once resolved the catalog ids of its
       articles, ascending and distinct (malloc'd, owned by the node, freed with it);
       ids NULL and n_ids 0 until resolved or when none match */
    int set;
    uint32_t *ids;
    size_t n_ids;
} msd_qnode;

typedef struct msd_query {
    msd_qnode *root;  /* the scored clauses; NULL when the query has filters only */
    char **sources;   /* source: values in query order, malloc'd, NUL-terminated; an
                         article matches if its source is any of them; none: any source */
    size_t n_sources; /* 0 when no source: was given */
    char from[11];    /* "" when absent, else "YYYY-MM-DD" (inclusive) */
    char to[11];      /* "" when absent, else "YYYY-MM-DD" (inclusive) */
} msd_query;

typedef struct msd_query_error {
    size_t pos;      /* code point offset in the query where the error is */
    size_t byte_pos; /* the same in bytes */
    char msg[160];   /* English, NUL-terminated: what is wrong and what was expected */
} msd_query_error;

/*
 * Parses q[0..n) (UTF-8, need not be NUL-terminated; q may be NULL when n is 0).
 * default_or: nonzero joins juxtaposed clauses with OR, zero with AND.
 * On MARSAD_OK, *out holds the query; release it with msd_query_clear(). The tree owns
 * all its strings and points nowhere into q. On failure *out is zeroed (nothing to
 * release) and, if err is not NULL, *err says where and why.
 * Returns MARSAD_OK, MARSAD_EFORMAT (syntax), MARSAD_EUTF8, MARSAD_ETOOBIG (the caps
 * above), MARSAD_ENOMEM, or MARSAD_EINVAL (out NULL, or q NULL with n > 0).
 */
int msd_query_parse(const char *q, size_t n, int default_or, msd_query *out, msd_query_error *err);

/* Frees everything *q holds and zeroes it; accepts NULL and a zeroed query. */
void msd_query_clear(msd_query *q);

/*
 * The canonical one-line rendering, for tests and `marsad search --explain` (not query
 * syntax):  (and (word "التحالف") (or (word "a") (phrase (word "b") (exact "c")))
 * (not (prefix "دير"))) (source "x" "y") (from "2016-01-01") (to "2016-12-31")
 * A title_only subtree is wrapped once: (title (word "a")). Strings are in double quotes
 * with '"' and '\' escaped by '\'. The root comes first, then the filters that are set.
 * Writes it NUL-terminated into buf (capacity cap; buf may be NULL when cap is 0).
 * *need receives its length without the NUL. Returns MARSAD_OK, MARSAD_ERANGE when
 * cap <= *need (call again with *need + 1), or MARSAD_EINVAL (q or need NULL).
 */
int msd_query_format(const msd_query *q, char *buf, size_t cap, size_t *need);

/* The words of q[0..n) without query syntax, malloc'd (NULL when out of memory): quote
 * marks and parentheses become spaces, a word loses a leading - or = and a trailing *,
 * OR and AND lose their capitals. A pasted headline whose punctuation is no well-formed
 * query is searched as this (marsad_search with `any`). */
char *msd_query_literal(const char *q, size_t n);

#endif
