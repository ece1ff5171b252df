/*
 * snippet.h — the passage of an article shown for a search hit, with the matched words
 * marked (library-internal; `marsad search` uses it).
 *
 * The search engine knows which query terms matched an article. It re-analyzes the
 * stored body and hands the byte spans of the matching tokens here; this module picks
 * the best passage of at most max_cp code points and renders it.
 *
 * Passage choice. A window is a run of whole words of at most max_cp code points
 * (whitespace runs counted as one); a match is inside when its words are. In order of
 * precedence the window has:
 *   1. the most DISTINCT query terms inside;
 *   2. then the most matches inside;
 *   3. then a start at a sentence or paragraph start: the body start, the first word
 *      after a blank line (two line breaks, or U+2029), or the first word after a word
 *      ending in . ! ? ; ؟ ؛ ۔ (closing quotes and brackets may follow). A single line
 *      break is no paragraph: bodies are often hard-wrapped;
 *   4. then the earliest start. So a body that fits whole is shown whole, and among
 *      sentence starts the earliest that still holds the matches gives most context.
 * A window that cannot start at a sentence start begins before its first match by up
 * to half its slack and at most a quarter of max_cp (more when it would otherwise
 * reach the body end with room unused), at the latest word start there (else the
 * match's word). With no match the window is the start of the body.
 *
 * Cuts fall only at whitespace between words, never inside a word, so never between a
 * letter and its marks, tatweel or ZWNJ/ZWJ. Runs of whitespace (line breaks, blank
 * lines, tabs, and C0/C1 controls, which must not reach a terminal) become one space
 * in the text; leading and trailing whitespace is dropped. "…" (U+2026) is added where
 * the text starts after, or ends before, other words of the body. max_cp bounds the
 * text without those two ellipses. No-break spaces (U+00A0, U+2007, U+202F) are not
 * whitespace here: "25 000" is not cut.
 *
 * When no match's word fits in max_cp (a long URL, a run-on token), the snippet is the
 * first match alone, highlighted, cut after at most max_cp code points but not before
 * a combining mark, tatweel or invisible format character (unless only such follow
 * its first letter), then "…". With no match, a first word longer than max_cp is cut
 * the same way.
 *
 * Right-to-left text is never reordered: the text stays in logical order and the
 * terminal or browser applies the bidi algorithm. Highlights are "snapped" outward so
 * that no highlight boundary lies between a code point and a following mark, tatweel
 * or format character, nor between two Arabic letters: a marker there would break the
 * joining (shaping) of the word, and an ANSI escape there would separate a letter from
 * its tashkeel. A highlight therefore covers the whole Arabic letter run around the
 * match: a span for "الحكومة" inside "بالحكومة" marks "بالحكومة". Highlights that
 * overlap or touch after snapping are merged into one.
 *
 * Cost: one pass over the whole body, and a second from a recorded word start (there
 * is one every 4096 code points or so) to the end of the window: O(len + n). Memory:
 * one record per match, the sentence starts less than max_cp before a match, and
 * those resume points; nothing per code point.
 */
#ifndef MSD_SEARCH_SNIPPET_H
#define MSD_SEARCH_SNIPPET_H

#include <stddef.h>
#include <stdint.h>

/* The byte span of one matching token in the body, and the query term (0..31) it
 * matches. Spans start and end on code-point boundaries (as the tokenizer decodes
 * them), are non-empty, sorted by b0 and do not overlap (b0 >= the previous b1).
 * Whitespace at either end of a span is not highlighted; a span of only whitespace
 * is ignored altogether. */
typedef struct msd_snip_match {
    size_t b0, b1; /* byte offsets in the body, end exclusive */
    unsigned term; /* query term index, 0..31 */
} msd_snip_match;

/* A snippet. All memory is owned by the struct; release it with msd_snippet_clear().
 * text is UTF-8 without NUL bytes, NUL-terminated (len excludes the NUL); invalid
 * input bytes appear as U+FFFD. hl lists n_hl highlight spans in CODE POINTS of text,
 * end exclusive, non-empty, in order, neither overlapping nor touching (NULL when
 * n_hl is 0). */
typedef struct msd_snippet {
    char *text;
    size_t len;
    size_t (*hl)[2];
    size_t n_hl;
    size_t body_cp_start; /* code point of the body where text (after any "…") begins,
                             counted as msd_utf8_next() decodes; 0 for an empty text */
    int cut_start;        /* 1: text begins with the "…" added here */
    int cut_end;          /* 1: text ends with the "…" added here */
} msd_snippet;

/* Marker styles for msd_snippet_render(). */
enum {
    MSD_SNIP_PLAIN = 0, /* "[" before and "]" after each highlight */
    MSD_SNIP_ANSI = 1   /* bold red on (ESC[1;31m) and reset (ESC[0m), for terminals */
};

/* Picks and renders the passage of body[0..len) (UTF-8; invalid bytes are read as
 * U+FFFD) around the n matches m, into *out (fully overwritten; zeroed on failure).
 * max_cp (>= 1) bounds the text in code points, ellipses aside (callers use ~200).
 * The body and m are only read during the call.
 * Returns MARSAD_OK, MARSAD_ENOMEM, or MARSAD_EINVAL: out is NULL, max_cp is 0, body is
 * NULL with len > 0, m is NULL with n > 0, or a match breaks the rules above (out of
 * the body, empty, unsorted, overlapping, term > 31, or not on a code-point boundary). */
int msd_snippet_make(const char *body, size_t len, const msd_snip_match *m, size_t n, size_t max_cp,
                     msd_snippet *out);

/* Frees what a snippet holds and zeroes it. Accepts NULL and a zeroed or cleared
 * snippet. */
void msd_snippet_clear(msd_snippet *s);

/* Writes s->text with the markers of style (MSD_SNIP_PLAIN or MSD_SNIP_ANSI) around
 * each highlight into a malloc'd NUL-terminated string *out, which the caller frees.
 * Returns MARSAD_OK, MARSAD_ENOMEM, or MARSAD_EINVAL (NULL argument, unknown style,
 * highlights out of order or outside the text); *out is NULL on failure. */
int msd_snippet_render(const msd_snippet *s, int style, char **out);

/* The same with any markers: on before and off after each highlight. */
int msd_snippet_mark(const msd_snippet *s, const char *on, const char *off, char **out);

/* The character classes the module measures with, shared with its tests and fuzzer.
 * Whitespace: cut points, collapsed to one space. Attached: a combining mark, tatweel
 * or invisible format character (ZWNJ, ZWJ, …), as the tokenizer classes them
 * (msd_char_class). Glued: no cut or marker may go between a and b, which follow each
 * other in a word: b is attached, or both are Arabic letters or attached. */
int msd_snippet_is_space(int32_t cp);
int msd_snippet_is_attached(int32_t cp);
int msd_snippet_glued(int32_t a, int32_t b);

#endif
