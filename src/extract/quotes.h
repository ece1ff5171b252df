/*
 * quotes.h — who said what: direct and reported speech in Arabic news text.
 *
 * Found:
 *  - direct speech: words in quote marks (« », “ ”, " ") next to a speech cue — a verb
 *    before them ("وقال رايان: «…»"), a verb after them ("«…»، قال رايان"), or a
 *    speaker and a colon ("رايان: «…»");
 *  - speech after a verb and a colon without quote marks ("وقال رايان: العملية مستمرة");
 *  - reported speech: a speech verb in any form (قال، أكدت، يضيف …), its subject, and
 *    the clause after إن / أن / بأن (or إنه، أنها …) to the end of the sentence;
 *  - "وبحسب X، فإن …" and "…، بحسب X": what X reports;
 *  - participles (مضيفا أن، مشيرا إلى أن، قائلا: «…») carry the speaker of their sentence;
 *    one that introduces speech (أن، إلى أن or a colon after it) ends the quotation before
 *    it and begins its own, comma or not.
 *
 * The speaker is the subject of the cue: the person named there (titles and roles
 * dropped, however long their chain — up to 24 words, past 14 only when a person ends it —
 * and whether commas set the name off or not: "العقيد في الجيش الفرنسي ،جان مارتان،";
 * resolved to the fullest name of the article: رايان → شون رايان; a person an
 * organization's name ran on into is that person: "بلدية السويرقية المهندس حسن العنزي" →
 * حسن العنزي), else the organization or place that is the subject (التحالف الدولي), else
 * the phrase itself. A phrase headed by a role or a word for people is a descriptor and
 * stays one, with the organization it belongs to ("مسؤول في التحالف", "المتحدث باسم وزارة
 * الداخلية", "مصدر أمني", "شهود عيان"): never that organization.
 *
 * A cue with no subject of its own ("وأضاف أن …", "وقال في إحداها إن …") carries, in this
 * order: the speaker of the quotation before it in the same sentence; the person or
 * organization that is the subject of its sentence's first verb ("التقى الرئيس X بالوفد،
 * وقال …"); the speaker of the last quotation, only when that quotation's cue or end is in
 * the same paragraph (line) or it ended in the sentence before. Else the speaker is NULL:
 * a name from paragraphs away is more often wrong than right.
 *
 * Offsets are code points of the text, end exclusive: `text` is the slice [start, end)
 * (inside the quote marks for direct speech).
 */
#ifndef MSD_EXTRACT_QUOTES_H
#define MSD_EXTRACT_QUOTES_H

#include <stddef.h>

struct msd_xview;
struct msd_entities;

typedef struct msd_quote {
    char *speaker;                     /* malloc'd fullest name, or NULL when nobody is known */
    char *speaker_text;                /* malloc'd: the speaker as written at this cue, or NULL when
                                          the speaker was carried over from an earlier quote */
    size_t speaker_start, speaker_end; /* code points of speaker_text (0, 0 without) */
    char *cue;                         /* malloc'd: the cue word without its و/ف, or NULL
                                          ("رايان: «…»" has none) */
    size_t cue_start, cue_end;
    int direct; /* quoted (or after a colon) rather than reported */
    char *text; /* malloc'd: the slice of the input */
    size_t start, end;
    size_t byte_start, byte_end;
} msd_quote;

typedef struct msd_quotes {
    msd_quote *items; /* in text order, not overlapping */
    size_t n, cap;
} msd_quotes;

/* Finds the quotations of a text in its word view (words.h), with its entities (which
 * give speakers their names). Release *out with msd_quotes_clear(). Returns MARSAD_OK or
 * MARSAD_ENOMEM. */
int msd_quotes_find(const struct msd_xview *v, const struct msd_entities *ents, msd_quotes *out);

void msd_quotes_clear(msd_quotes *q);

#endif
