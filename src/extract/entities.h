/*
 * entities.h — named entities in Arabic news text: persons, organizations and places.
 *
 * Found, longest first at each word:
 *  - names of the gazetteers (lexicon.h), with their aliases: داعش → تنظيم الدولة
 *    الإسلامية, البنتاغون → وزارة الدفاع الأمريكية;
 *  - organizations by their head word and the words that qualify it (وزارة الخارجية
 *    المغربية, حركة أحرار الشام);
 *  - places by their head word (مدينة الرقة, قرية المجدل);
 *  - persons after a title and its role words (المتحدث باسم التحالف الكولونيل ستيف
 *    وارن → ستيف وارن; the organization in the role is an entity too), or from a first
 *    name (أحمد حسن أبو شرخ);
 *  - a surname alone, when the article names that person in full (رايان → شون رايان).
 *
 * `canonical` joins the mentions of one entity: the gazetteer's canonical name; for a
 * person, the fullest name the article gives; otherwise the first spelling in the text
 * of that index form (so الإسلامية and الاسلامية share one canonical).
 *
 * Names match in the index form after a proclitic (و ب ل ف ك, لل) is stripped: the
 * entity of "بدير الزور" is "دير الزور", and its offsets leave the ب out.
 */
#ifndef MSD_EXTRACT_ENTITIES_H
#define MSD_EXTRACT_ENTITIES_H

#include <stddef.h>

struct msd_xview;

typedef struct msd_entity {
    char *text;          /* malloc'd: the slice of the input */
    char *canonical;     /* malloc'd */
    int etype;           /* enum msd_etype (lexicon.h): PERS ORG GPE LOC MISC */
    const char *type;    /* static, as the article JSON writes it: "PERS" "ORG" "LOC" "MISC" */
    const char *subtype; /* static: places "GPE" (a country, a city) or "LOC" (a river); NULL */
    size_t start, end;   /* code points */
    size_t byte_start, byte_end;
    size_t tok_first, tok_last; /* the tokens it spans (extract/tokens.h) */
} msd_entity;

typedef struct msd_entities {
    msd_entity *items; /* in text order, not overlapping */
    size_t n, cap;
} msd_entities;

/* Finds the entities of a text in its word view (extract/words.h). Release *out with
 * msd_entities_clear(). Returns MARSAD_OK or MARSAD_ENOMEM. */
int msd_entities_find(const struct msd_xview *v, msd_entities *out);

void msd_entities_clear(msd_entities *e);

#endif
