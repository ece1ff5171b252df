/*
 * tokenize.c — token boundaries and kinds; the rules are listed in tokenize.h.
 *
 * The scanner works on a cursor (byte and code-point position) and looks ahead by
 * copying it, so every rule can give up and leave the text to the next one.
 */
#include "text/tokenize.h"

#include <utf8proc.h>

#include "marsad.h"
#include "text/utf8.h"

/* ---- Character classes --------------------------------------------------------------- */

#define S MSD_C_SEP
#define L MSD_C_LETTER
#define D MSD_C_DIGIT
static const unsigned char ascii_class[128] = {
    ['0' ... '9'] = D,
    ['A' ... 'Z'] = L,
    ['a' ... 'z'] = L,
};
#undef S
#undef L
#undef D

static const unsigned char arabic_class[256] = {
    [0x10 ... 0x1A] = MSD_C_MARK, /* honorific signs and small high marks */
    [0x1C] = MSD_C_FORMAT,        /* Arabic letter mark */
    [0x20 ... 0x3F] = MSD_C_ALETTER,
    [0x40] = MSD_C_TATWEEL,
    [0x41 ... 0x4A] = MSD_C_ALETTER,
    [0x4B ... 0x5F] = MSD_C_MARK,
    [0x60 ... 0x69] = MSD_C_DIGIT,
    [0x6E ... 0x6F] = MSD_C_ALETTER,
    [0x70] = MSD_C_MARK,
    [0x71 ... 0xD3] = MSD_C_ALETTER,
    [0xD5] = MSD_C_ALETTER,
    [0xD6 ... 0xDC] = MSD_C_MARK,
    [0xDF ... 0xE4] = MSD_C_MARK,
    [0xE5 ... 0xE6] = MSD_C_ALETTER, /* small waw, small yeh */
    [0xE7 ... 0xE8] = MSD_C_MARK,
    [0xEA ... 0xED] = MSD_C_MARK,
    [0xEE ... 0xEF] = MSD_C_ALETTER,
    [0xF0 ... 0xF9] = MSD_C_DIGIT,
    [0xFA ... 0xFC] = MSD_C_ALETTER,
    [0xFF] = MSD_C_ALETTER,
};

static int is_arabic_script(int cp)
{
    return (cp >= 0x600 && cp <= 0x6FF) || (cp >= 0x750 && cp <= 0x77F) ||
           (cp >= 0x8A0 && cp <= 0x8FF) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
           (cp >= 0xFE70 && cp <= 0xFEFF);
}

static int slow_class(int cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: return is_arabic_script(cp) ? MSD_C_ALETTER : MSD_C_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME: return MSD_C_MARK;
    /* Fullwidth digits fold to ASCII under NFKC; other scripts' digits belong to their
     * script's words (a number token's normalized form must be ASCII digits). */
    case UTF8PROC_CATEGORY_ND: return cp >= 0xFF10 && cp <= 0xFF19 ? MSD_C_DIGIT : MSD_C_LETTER;
    case UTF8PROC_CATEGORY_CF: return cp == 0xFEFF || cp == 0x200B ? MSD_C_SEP : MSD_C_FORMAT;
    default: return MSD_C_SEP;
    }
}

int msd_char_class(int cp)
{
    if (cp < 0x80) return cp >= 0 ? ascii_class[cp] : MSD_C_SEP;
    if (cp >= 0x600 && cp <= 0x6FF) return arabic_class[cp - 0x600];
    return slow_class(cp);
}

/* ---- Cursor -------------------------------------------------------------------------- */

typedef struct {
    size_t i, cp;
} cur;

/* Code point at c without moving; -1 at the end. */
static int peek(const msd_tokenizer *t, cur c)
{
    if (c.i >= t->n) return -1;
    return msd_utf8_next(t->s, t->n, &c.i, NULL);
}

/* Code point at *c, advancing it; -1 at the end. */
static int take(const msd_tokenizer *t, cur *c)
{
    if (c->i >= t->n) return -1;
    c->cp++;
    return msd_utf8_next(t->s, t->n, &c->i, NULL);
}

static int cls_at(const msd_tokenizer *t, cur c)
{
    int cp = peek(t, c);
    return cp < 0 ? MSD_C_SEP : msd_char_class(cp);
}

static int starts_with_ci(const msd_tokenizer *t, size_t i, const char *lit)
{
    for (; *lit; lit++, i++) {
        if (i >= t->n) return 0;
        unsigned char c = t->s[i];
        if (c >= 'A' && c <= 'Z') c |= 0x20;
        if (c != (unsigned char)*lit) return 0;
    }
    return 1;
}

static int is_ascii_alnum(int cp)
{
    return cp >= 0 && cp < 0x80 && ascii_class[cp] != MSD_C_SEP;
}

/* ---- Rules --------------------------------------------------------------------------- */

/* Characters that end a URL: white space, quotes, brackets, Arabic punctuation, and
 * invalid bytes (read as U+FFFD), so the token's bytes are always valid UTF-8. */
static int url_stop(int cp)
{
    switch (cp) {
    case -1:
    case MSD_REPLACEMENT:
    case ' ':
    case '\t':
    case '\n':
    case '\r':
    case '\f':
    case '\v':
    case '"':
    case '\'':
    case '<':
    case '>':
    case '`':
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
    case 0xA0:
    case 0xAB:
    case 0xBB:
    case 0x60C:
    case 0x61B:
    case 0x61F:
    case 0x2018:
    case 0x2019:
    case 0x201C:
    case 0x201D: return 1;
    default: return cp >= 0x2000 && cp <= 0x200A; /* typographic spaces */
    }
}

/* Punctuation that may close a sentence right after a URL. */
static int url_trailer(int cp)
{
    return cp == '.' || cp == ',' || cp == ';' || cp == ':' || cp == '!' || cp == '?' ||
           cp == 0x2026 || cp == 0x6D4; /* … and the Urdu full stop */
}

static int scan_url(const msd_tokenizer *t, cur *c)
{
    cur e = *c, last = *c;
    size_t head;
    if (starts_with_ci(t, c->i, "https://"))
        head = 8;
    else if (starts_with_ci(t, c->i, "http://"))
        head = 7;
    else if (starts_with_ci(t, c->i, "www."))
        head = 4;
    else
        return 0;
    if (!is_ascii_alnum(c->i + head < t->n ? t->s[c->i + head] : -1)) return 0;
    if (head == 4) { /* "www." needs a host with a dot after it: www.example.org */
        size_t k = c->i + head;
        while (k < t->n && (is_ascii_alnum(t->s[k]) || t->s[k] == '-')) k++;
        if (k + 1 >= t->n || t->s[k] != '.' || !is_ascii_alnum(t->s[k + 1])) return 0;
    }
    for (;;) {
        int cp = peek(t, e);
        if (url_stop(cp)) break;
        take(t, &e);
        if (!url_trailer(cp)) last = e;
    }
    *c = last;
    return 1;
}

static int email_local(int cp)
{
    return is_ascii_alnum(cp) || cp == '.' || cp == '_' || cp == '%' || cp == '+' || cp == '-';
}

/* local@label.label…tld, ASCII only: at least one dot in the domain and a top-level
 * label of two letters or more; a dot or hyphen ending the domain is not part of it. */
static int scan_email(msd_tokenizer *t, cur *c)
{
    size_t i = c->i, at, end, dot;
    /* A local part that reached no '@' is not read again from a later start inside it,
     * which keeps "a.a.a.a…" linear. */
    if (c->i < t->no_at_before) return 0;
    while (i < t->n && email_local(t->s[i])) i++;
    if (i == c->i || i >= t->n || t->s[i] != '@') {
        t->no_at_before = i;
        return 0;
    }
    at = i++;
    while (i < t->n && (is_ascii_alnum(t->s[i]) || t->s[i] == '-' || t->s[i] == '.')) i++;
    end = i;
    while (end > at + 1 && (t->s[end - 1] == '.' || t->s[end - 1] == '-')) end--;
    dot = end;
    while (dot > at + 1 && t->s[dot - 1] != '.') dot--;
    if (dot <= at + 2 || end < dot + 2) return 0; /* no dot, empty label, short tld */
    for (size_t k = dot; k < end; k++)
        if (ascii_class[t->s[k]] != MSD_C_LETTER) return 0;
    c->cp += end - c->i; /* all ASCII: one byte per code point */
    c->i = end;
    return 1;
}

static int scan_hashtag(const msd_tokenizer *t, cur *c, unsigned *flags)
{
    cur e = *c;
    int letters = 0;
    take(t, &e); /* '#' */
    for (;;) {
        int cp = peek(t, e), k;
        if (cp < 0) break;
        k = msd_char_class(cp);
        if (k == MSD_C_ALETTER) *flags |= MARSAD_TOKEN_ARABIC;
        if (k == MSD_C_ALETTER || k == MSD_C_LETTER)
            letters++;
        else if (k != MSD_C_DIGIT && k != MSD_C_MARK && k != MSD_C_TATWEEL && cp != '_')
            break;
        take(t, &e);
    }
    if (!letters) return 0;
    *c = e;
    return 1;
}

/* '@' starts a mention only after a non-alphanumeric ("a@b" is not one). */
static int scan_mention(const msd_tokenizer *t, cur *c)
{
    size_t i = c->i + 1;
    int letters = 0;
    if (c->i > 0 && is_ascii_alnum(t->s[c->i - 1])) return 0;
    for (; i < t->n && (is_ascii_alnum(t->s[i]) || t->s[i] == '_'); i++)
        letters += ascii_class[t->s[i]] == MSD_C_LETTER;
    if (!letters) return 0;
    c->cp += i - c->i;
    c->i = i;
    return 1;
}

static int num_sep(int cp)
{
    return cp == ',' || cp == '.' || cp == '/' || cp == ':' || cp == 0x66B || cp == 0x66C;
}

static void scan_number(const msd_tokenizer *t, cur *c)
{
    for (;;) {
        while (cls_at(t, *c) == MSD_C_DIGIT) take(t, c);
        cur e = *c;
        if (!num_sep(take(t, &e)) || cls_at(t, e) != MSD_C_DIGIT) return;
        *c = e;
    }
}

/* A word of the script class `k` (ALETTER or LETTER). Marks always continue it;
 * tatweel continues an Arabic word; an invisible format character continues it only
 * when a letter of the same script follows; ASCII digits continue a non-Arabic word.
 * The position lives in locals so the hot loop stays in registers. */
static void scan_word(const msd_tokenizer *t, cur *c, int k)
{
    const unsigned char *s = t->s;
    size_t n = t->n, i = c->i, cp = c->cp;
    for (;;) {
        /* Fast path: a two-byte sequence of the Arabic block (lead D8..DB), which is
         * nearly every character of an Arabic word. */
        if (i + 1 < n && s[i] >= 0xD8 && s[i] <= 0xDB && (s[i + 1] & 0xC0) == 0x80) {
            int kk = arabic_class[((s[i] & 0x03) << 6) | (s[i + 1] & 0x3F)];
            if (kk == k || kk == MSD_C_MARK || (kk == MSD_C_TATWEEL && k == MSD_C_ALETTER)) {
                i += 2;
                cp++;
                continue;
            }
            if (kk != MSD_C_FORMAT) break;
        }
        cur at = {i, cp};
        int ch = peek(t, at);
        int kk = ch < 0 ? MSD_C_SEP : msd_char_class(ch);
        if (kk == k || kk == MSD_C_MARK || (kk == MSD_C_TATWEEL && k == MSD_C_ALETTER) ||
            (kk == MSD_C_DIGIT && k == MSD_C_LETTER && ch < 0x80)) {
            take(t, &at);
        } else if (kk == MSD_C_FORMAT) {
            while (cls_at(t, at) == MSD_C_FORMAT) take(t, &at);
            if (cls_at(t, at) != k) break;
        } else {
            break;
        }
        i = at.i;
        cp = at.cp;
    }
    c->i = i;
    c->cp = cp;
}

static int is_proclitic(int cp)
{
    return cp == 0x628 || cp == 0x644 || cp == 0x643 || cp == 0x648 || cp == 0x641;
}

/* A proclitic written apart from what it governs: one of ب ل ك و ف joined by tatweel to
 * what is not a letter ("لـ40", "بـ“الخلافة”"), or glued straight to digits ("و25"). */
static int lone_proclitic(const msd_tokenizer *t, cur start, cur end)
{
    int first = take(t, &start);
    if (!is_proclitic(first)) return 0;
    if (start.i == end.i) return cls_at(t, end) == MSD_C_DIGIT;
    while (start.i < end.i)
        if (take(t, &start) != 0x640) return 0;
    return 1;
}

/* ---- Compound names with عبد ------------------------------------------------------------ */

#define AIN  0x639
#define BEH  0x628
#define DAL  0x62F
#define ALEF 0x627
#define LAM  0x644
#define WAW  0x648
#define FEH  0x641
#define KAF  0x643

/* The next Arabic letter of s[*i..n), marks, tatweel and format characters skipped;
 * *at (may be NULL) gets its byte offset. -1 at the end or at anything else. */
static int next_letter(const unsigned char *s, size_t n, size_t *i, size_t *at)
{
    while (*i < n) {
        size_t here = *i;
        int cp, k;
        if (here + 1 < n && s[here] >= 0xD8 && s[here] <= 0xDB && (s[here + 1] & 0xC0) == 0x80) {
            cp = ((s[here] & 0x1F) << 6) | (s[here + 1] & 0x3F); /* the Arabic block, inline */
            k = arabic_class[cp - 0x600];
            *i += 2;
        } else {
            cp = msd_utf8_next(s, n, i, NULL);
            k = msd_char_class(cp);
        }
        if (k == MSD_C_ALETTER) {
            if (at) *at = here;
            return cp;
        }
        if (k != MSD_C_MARK && k != MSD_C_TATWEEL && k != MSD_C_FORMAT) return -1;
    }
    return -1;
}

size_t msd_tok_compound(const char *w, size_t n)
{
    const unsigned char *s = (const unsigned char *)w;
    size_t i = 0, split = 0;
    int l;
    /* most words end here: seven letters are 14 bytes, and the first letter is one of
     * و ف ب ل ك ع (the tokenizer and its fast lane call this on every long word) */
    if (n < 14 ||
        !((s[0] == 0xD8 && (s[1] == 0xA8 || s[1] == 0xB9)) ||
          (s[0] == 0xD9 && (s[1] == 0x81 || s[1] == 0x83 || s[1] == 0x84 || s[1] == 0x88))))
        return 0;
    l = next_letter(s, n, &i, NULL);
    if (l == WAW || l == FEH) l = next_letter(s, n, &i, NULL);
    if (l == BEH || l == LAM || l == KAF) l = next_letter(s, n, &i, NULL);
    if (l != AIN || next_letter(s, n, &i, NULL) != BEH || next_letter(s, n, &i, NULL) != DAL)
        return 0;
    l = next_letter(s, n, &i, &split);
    if ((l != ALEF && l != 0x671) || next_letter(s, n, &i, NULL) != LAM) return 0;
    if (next_letter(s, n, &i, NULL) < 0 || next_letter(s, n, &i, NULL) < 0) return 0;
    return split;
}

/* Ends the Arabic word [start, *e) after its عبد when it is a glued compound name. */
static void split_compound(const msd_tokenizer *t, cur start, cur *e)
{
    size_t k;
    if (!msd_tok_compound_maybe((const char *)t->s + start.i, e->i - start.i)) return;
    k = msd_tok_compound((const char *)t->s + start.i, e->i - start.i);
    if (!k) return;
    *e = start;
    while (e->i < start.i + k) take(t, e);
}

void msd_tok_init(msd_tokenizer *t, const char *s, size_t n)
{
    t->s = (const unsigned char *)s;
    t->n = s ? n : 0;
    t->i = 0;
    t->cp = 0;
    t->no_at_before = 0;
    t->tag_end = 0;
}

/* The next token by the rules, a hashtag whole. */
static int next_token(msd_tokenizer *t, msd_rawtok *tok)
{
    cur c = {t->i, t->cp};
    while (c.i < t->n) {
        unsigned char b = t->s[c.i];
        /* Fast path: ASCII white space and punctuation between tokens. */
        if (b < 0x80 && ascii_class[b] == MSD_C_SEP && b != '#' && b != '@') {
            c.i++;
            c.cp++;
            continue;
        }
        cur start = c, e = c;
        /* Fast path: a word starting with an Arabic letter of the two-byte block. */
        if (b >= 0xD8 && b <= 0xDB && c.i + 1 < t->n && (t->s[c.i + 1] & 0xC0) == 0x80 &&
            arabic_class[((b & 0x03) << 6) | (t->s[c.i + 1] & 0x3F)] == MSD_C_ALETTER) {
            e.i += 2;
            e.cp++;
            scan_word(t, &e, MSD_C_ALETTER);
            /* A lone proclitic is one letter, or a letter and tatweel (D9 80). */
            if ((e.i - start.i == 2 ||
                 (e.i - start.i >= 4 && t->s[start.i + 2] == 0xD9 && t->s[start.i + 3] == 0x80)) &&
                lone_proclitic(t, start, e)) {
                c = e;
                continue;
            }
            split_compound(t, start, &e);
            tok->kind = MARSAD_TOKEN_WORD;
            tok->flags = MARSAD_TOKEN_ARABIC;
            goto found;
        }
        int cp = peek(t, c);
        int k = msd_char_class(cp);
        unsigned flags = 0;

        if ((cp == 'h' || cp == 'H' || cp == 'w' || cp == 'W') && scan_url(t, &e)) {
            tok->kind = MARSAD_TOKEN_URL;
        } else if (is_ascii_alnum(cp) && scan_email(t, &e)) {
            tok->kind = MARSAD_TOKEN_EMAIL;
        } else if (cp == '#' && scan_hashtag(t, &e, &flags)) {
            tok->kind = MARSAD_TOKEN_HASHTAG;
        } else if (cp == '@' && scan_mention(t, &e)) {
            tok->kind = MARSAD_TOKEN_MENTION;
        } else if (k == MSD_C_DIGIT) {
            scan_number(t, &e);
            tok->kind = MARSAD_TOKEN_NUMBER;
        } else if (k == MSD_C_ALETTER || k == MSD_C_LETTER) {
            take(t, &e);
            scan_word(t, &e, k);
            if (k == MSD_C_ALETTER) {
                flags |= MARSAD_TOKEN_ARABIC;
                if (lone_proclitic(t, start, e)) {
                    c = e;
                    continue;
                }
                split_compound(t, start, &e);
            }
            tok->kind = MARSAD_TOKEN_WORD;
        } else {
            take(t, &c);
            continue;
        }
        tok->flags = flags;
    found:
        tok->b0 = start.i;
        tok->c0 = start.cp;
        tok->b1 = e.i;
        tok->c1 = e.cp;
        t->i = e.i;
        t->cp = e.cp;
        return 1;
    }
    t->i = c.i;
    t->cp = c.cp;
    return 0;
}

/* A hashtag is read again as text that ends where it ends: its words and numbers are
 * its tokens, kind HASHTAG. Nothing in a hashtag ('#' aside: letters, digits, marks,
 * tatweel, '_') can start a URL, an address, a mention or another hashtag. */
int msd_tok_next(msd_tokenizer *t, msd_rawtok *tok)
{
    for (;;) {
        if (t->i < t->tag_end) {
            size_t n = t->n;
            int got;
            t->n = t->tag_end;
            got = next_token(t, tok);
            t->n = n;
            if (got) {
                tok->kind = MARSAD_TOKEN_HASHTAG;
                return 1;
            }
            t->tag_end = 0; /* t->i is at its end */
        }
        if (!next_token(t, tok)) return 0;
        if (tok->kind != MARSAD_TOKEN_HASHTAG) return 1;
        t->tag_end = tok->b1;
        t->i = tok->b0 + 1; /* after the '#' */
        t->cp = tok->c0 + 1;
    }
}
