/*
 * clean.h — from a raw document to the article: the headline once, the body without
 * crawl clutter, and every dropped line with its reason (docs/api.md removed[]).
 *
 * Two passes. msd_cleaner_observe() sees every document first and counts, per source,
 * in how many documents each normalized line occurs (the CCNet approach: a line in a
 * large share of one site's pages is that site's boilerplate). msd_cleaner_clean() then
 * classifies each line of a document. The counts live in a table of fixed size; when it
 * fills, lines seen once are forgotten first, so memory stays bounded on any input.
 *
 * Reasons, tried in this order (the first that fits wins; rules.c has the details):
 *   repeated-title  the headline again, alone or pasted several times on one line
 *   caption         an image caption: a photo credit in parentheses or after تصوير:,
 *                   "صورة …", or a UI label glued to it ("camera icon")
 *   widget          share, print and font-size controls, "×", icon text, empty-widget
 *                   messages: a short line made only of interface words
 *   footer          copyright, "all rights reserved", the site's domain or e-mail, the
 *                   site's name alone
 *   appeal          donation and subscription appeals (not inside someone's «words»)
 *   related         "اقرأ أيضا", "الأكثر قراءة", "قد يهمك أيضاً" … and the headline list
 *                   under them; "اقرأ أيضاً: <headline>" on one line
 *   breadcrumb      "الرئيسية > أخبار > سوريا", a section label above the article
 *   other           time stamps, view counters ("قبل 3 سنوات I …"), publication stamps
 *                   ("نُشر في: … | آخر تحديث: …") and bylines ("كتبت: …")
 *   site-repeated   any other line found in a large share of the source's documents
 *                   (for a document naming no source, of its outlet's: clean.c)
 * A line of article prose (long, or a sentence) is never dropped by the short-line
 * rules; only repeated-title, appeal and site-repeated apply to it.
 */
#ifndef MSD_CLEAN_CLEAN_H
#define MSD_CLEAN_CLEAN_H

#include <stddef.h>
#include <stdint.h>

#include "read/doc.h"

typedef struct msd_cleaner msd_cleaner;

typedef struct msd_removed_line {
    size_t line;        /* 1-based line of the document's text; 0 for reader blocks */
    char *text;         /* the line as it was */
    const char *reason; /* static */
} msd_removed_line;

/* The title and the body are stored with Arabic presentation forms in base letters
 * (msd_norm_presentation: ﻣﺼﺪﺭ → مصدر), nothing else normalized; removed[] lines are kept
 * as they were. */
typedef struct msd_article {
    char *title; /* the headline, once; may be empty, never NULL */
    char *body;  /* paragraphs separated by a blank line */
    size_t body_len;
    char *source;           /* from metadata, else detected (a domain in the text, else the
                               name the outlet gives itself: source.c), or NULL */
    const char *source_how; /* "metadata", "footer", "name", or NULL */
    const char *language;   /* "ar" when Arabic letters are at least half, else "und" */
    double arabic_share;    /* Arabic letters / all letters of the body */
    msd_removed_line *removed;
    size_t n_removed, cap_removed;
} msd_article;

/* count_slots: capacity of the line-count table (0: 1M entries, 16 MB). */
int msd_cleaner_new(size_t count_slots, msd_cleaner **out);
void msd_cleaner_free(msd_cleaner *c);

/* ---- First pass ----------------------------------------------------------------------
 * A document's line keys depend on the document alone (msd_cleaner_keys: safe from any
 * thread); counting them changes the cleaner and must run on one thread, in input
 * order, so that the table's forgetting when full is the same on every run. */
typedef struct msd_linekeys {
    uint64_t source;  /* hash of the document's source */
    uint64_t *hashes; /* of its lines with two letters or digits or more, sorted */
    size_t n;
} msd_linekeys;

/* The keys of doc's lines into *k (release with msd_linekeys_clear). Returns MARSAD_OK
 * or MARSAD_ENOMEM. */
int msd_cleaner_keys(const msd_doc *doc, msd_linekeys *k);
void msd_linekeys_clear(msd_linekeys *k);

/* Counts one document's distinct lines under its source. */
void msd_cleaner_count(msd_cleaner *c, const msd_linekeys *k);

/* Both in one call. */
int msd_cleaner_observe(msd_cleaner *c, const msd_doc *doc);

/* ---- Second pass ---------------------------------------------------------------------
 * The text an article is made from: doc->text with presentation-form runs in their base
 * letters (ﻣﺼﺪﺭ → مصدر). *text is a malloc'd copy, or NULL when nothing changes (then
 * doc->text is it); the line breaks are the same. Returns MARSAD_OK or MARSAD_ENOMEM. */
int msd_clean_stored_text(const msd_doc *doc, char **text, size_t *len);

/* Cleans doc into *a (cleared first; release with msd_article_clear), reading its
 * stored text text[0..len) (msd_clean_stored_text) and that text's tokens toks
 * (text/tokens.h: light stems, the index rules); removed[] lines are doc->text's. body
 * (may be NULL) receives the body's tokens, as analyzing the body would give them,
 * taken from toks (msd_tokens_take: toks keeps its strings, which body borrows, and no
 * tokens). Only reads c: safe from many threads once the
 * first pass is done. Returns MARSAD_OK, MARSAD_ENOMEM or MARSAD_ETOOBIG. */
struct msd_tokens;
int msd_cleaner_clean_tokens(const msd_cleaner *c, const msd_doc *doc, const char *text, size_t len,
                             struct msd_tokens *toks, msd_article *a, struct msd_tokens *body);

/* The same, analyzing doc->text with the cleaner's own analyzer: one thread at a time. */
int msd_cleaner_clean(msd_cleaner *c, const msd_doc *doc, msd_article *a);

void msd_article_clear(msd_article *a);

/* The article's id: the input's own (doc->id), else 16 hex digits written into buf of a
 * hash of its URL when it has one, else of its source and body. So the same page read
 * again gets the same id (an ingest stored twice is stored once), while the same wire
 * text from two outlets gets two ids and is stored twice, as duplicates linked. a is
 * read only when doc has neither id nor URL (it may be NULL then not). */
const char *msd_article_id(const msd_doc *doc, const msd_article *a, char buf[17]);

/* The source of a document: its metadata, else its URL's host, else the last domain
 * named in its text (a footer, an e-mail address), else the name the outlet gives
 * itself in a copyright line or its logo's alt text (source.c), into *out,
 * malloc'd, or NULL when it has none; *how (may be NULL) says "metadata", "footer" or
 * "name". Returns MARSAD_OK or MARSAD_ENOMEM (not a document without a source: it was
 * cleaned as one). */
int msd_clean_source(const msd_doc *doc, char **out, const char **how);

#endif
