/*
 * tokenize.h — splitting UTF-8 text into raw tokens (library-internal).
 *
 * The tokenizer finds boundaries and kinds only; it does not normalize or stem (the
 * analyzer does, per token). It reads invalid UTF-8 as U+FFFD, a separator, exactly
 * as msd_utf8_next() does, so code-point offsets agree with marsad_utf8_repair().
 *
 * Rules, in the order they are tried at a token start:
 *   URL      "http://", "https://" or "www." (then a host with a dot) up to white space,
 *            a quote, a bracket or invalid bytes; trailing sentence punctuation is not
 *            part of it.
 *   EMAIL    local@domain.tld in ASCII.
 *   HASHTAG  '#' then letters, digits, marks, tatweel and '_' (one letter at least);
 *            its tokens are the words and numbers in it, by these rules, each of kind
 *            HASHTAG with its own offsets: "#دير_الزور" → "دير" "الزور". The '#' and
 *            the '_' belong to none, and the whole hashtag is no token.
 *   MENTION  '@' then ASCII letters, digits and '_', one letter at least, after a
 *            character that is not ASCII alphanumeric.
 *   NUMBER   digits (ASCII, Arabic-Indic, Eastern, fullwidth), with , . ٫ ٬ / : between
 *            digits. Digits of other scripts are read as letters of their script.
 *   WORD     an Arabic word: Arabic letters with marks, tatweel and invisible format
 *            characters between letters; or a word of another script: its letters,
 *            marks and ASCII digits ("G20"). A change of script ends a word.
 * A lone proclitic (ب ل ك و ف) joined by tatweel to what is not a letter ("لـ40",
 * "بـ“الخلافة”"), or glued to digits ("و25"), is not a token: what follows it is.
 * A compound name glued to عبد (msd_tok_compound) is two WORD tokens, as when it is
 * written apart: "عبدالعزيز" → "عبد" "العزيز", "وعبدالله" → "وعبد" "الله".
 */
#ifndef MSD_TEXT_TOKENIZE_H
#define MSD_TEXT_TOKENIZE_H

#include <stddef.h>

typedef struct msd_rawtok {
    int kind;       /* enum marsad_token_kind */
    unsigned flags; /* MARSAD_TOKEN_ARABIC */
    size_t b0, b1;  /* byte offsets, end exclusive */
    size_t c0, c1;  /* code-point offsets, end exclusive */
} msd_rawtok;

typedef struct msd_tokenizer {
    const unsigned char *s;
    size_t n;
    size_t i;            /* byte position */
    size_t cp;           /* code-point position */
    size_t no_at_before; /* no e-mail '@' can follow a local part starting before this */
    size_t tag_end;      /* inside a hashtag, its end: its words are read up to there */
} msd_tokenizer;

/* Starts tokenizing s[0..n). The tokenizer borrows s; it must outlive the iteration. */
void msd_tok_init(msd_tokenizer *t, const char *s, size_t n);

/* Finds the next token. Returns 1 and fills *tok, or 0 at the end of the text. */
int msd_tok_next(msd_tokenizer *t, msd_rawtok *tok);

/* A compound name with عبد written as one word: w[0..n) is, marks, tatweel and format
 * characters aside, [و|ف][ب|ل|ك]عبد + ال + two letters or more (عبدالله، وعبدالعزيز،
 * لعبدالرحمن). Returns the byte length of its first part (up to the alef of ال), or 0.
 * عبده، عبدربه، العبدلي, and the family names spelt with ال (العبدالله), stay whole. */
size_t msd_tok_compound(const char *w, size_t n);

/* A cheap filter for msd_tok_compound, inline for the tokenizer's hot loops: zero when w
 * certainly is no compound (shorter than seven two-byte letters, or no ع among its first
 * three characters, none of which is a mark, tatweel or outside the two-byte Arabic
 * block). On SaudiNewsNet it lets a few percent of the long words through. */
static inline int msd_tok_compound_maybe(const char *w, size_t n)
{
    const unsigned char *s = (const unsigned char *)w;
    if (n < 14) return 0;
    for (size_t k = 0; k < 6; k += 2) {
        if (s[k] < 0xD8 || s[k] > 0xDB) return 1;       /* not two-byte Arabic */
        if (s[k] == 0xD8 && s[k + 1] == 0xB9) return 1; /* ع */
        if (s[k] == 0xD9 && (s[k + 1] >= 0x8B || s[k + 1] == 0x80)) return 1; /* marks, tatweel */
        if (s[k] == 0xD8 && s[k + 1] >= 0x90 && s[k + 1] <= 0x9A) return 1;   /* small marks */
    }
    return 0;
}

/* Character classes, exposed for the extractors and tests. */
enum msd_cclass {
    MSD_C_SEP = 0, /* white space, punctuation, symbols, invalid bytes */
    MSD_C_ALETTER, /* Arabic-script letter, presentation forms included */
    MSD_C_LETTER,  /* a letter of any other script */
    MSD_C_MARK,    /* a combining mark */
    MSD_C_TATWEEL, /* U+0640 */
    MSD_C_DIGIT,   /* a decimal digit of any script */
    MSD_C_FORMAT   /* an invisible format character (ZWNJ, RLM, …) */
};
int msd_char_class(int cp);

#endif
