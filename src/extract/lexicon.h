/*
 * lexicon.h — the names and cue words the entity and quotation extractors read: the
 * gazetteers (places, organizations, persons, with aliases) and the word classes (titles,
 * organization and place head words, given names, speech verbs, function words).
 *
 * The built-in tables come from the files of data/gazetteer/ and data/lexicon/, compiled
 * in. Users add gazetteer files of the same format at start-up:
 *
 *     name<TAB>TYPE[<TAB>canonical]      TYPE: PERS ORG GPE LOC MISC; '#' comment lines
 *
 * A TYPE ending in '?' (GPE?) marks a name that is also a common word (الباب "the door",
 * القاعدة "the base"): it counts only in a context that makes it a name (after a place
 * head, a locative preposition or a speech verb, or once the article named it plainly).
 *
 * A later entry for a name already known replaces it, so a user file can correct the
 * built-in tables. Names and words are kept in the index form (marsad_normalize with
 * MARSAD_NORM_INDEX, single spaces between words), so hamza, ى/ي and ة/ه variants meet.
 *
 * Lifetimes: a lexicon is built once, then only read: one lexicon may serve any number of
 * threads at once. Pointers it returns live as long as the lexicon.
 */
#ifndef MSD_EXTRACT_LEXICON_H
#define MSD_EXTRACT_LEXICON_H

#include <stddef.h>

typedef struct marsad_lexicon msd_lexicon;

/* Entity types. GPE is a place with a government (country, province, city); LOC one
 * without (river, sea, region). The article JSON writes both as "LOC". */
enum msd_etype { MSD_E_PERS = 1, MSD_E_ORG, MSD_E_GPE, MSD_E_LOC, MSD_E_MISC };

/* Word classes, a bit set per word. */
enum {
    MSD_W_TITLE = 1u << 0,       /* a title or role before a name: الرئيس، وزير */
    MSD_W_HONORIFIC = 1u << 1,   /* a title a bare name follows: الكولونيل، الشيخ */
    MSD_W_ORG_HEAD = 1u << 2,    /* the head of an organization's name: وزارة، حركة */
    MSD_W_PLACE_HEAD = 1u << 3,  /* the head of a place's name: مدينة، نهر */
    MSD_W_GIVEN = 1u << 4,       /* a first name */
    MSD_W_GIVEN_AMBIG = 1u << 5, /* a first name that is also a common word: حسن، أمل */
    MSD_W_FUNCTION = 1u << 6,    /* a stopword or other function word */
    MSD_W_TIME = 1u << 7,        /* weekday, month, اليوم، الماضي … */
    MSD_W_SPEECH = 1u << 8,      /* a speech verb: قال، أكدت، يضيف */
    MSD_W_PARTICIPLE = 1u << 9,  /* a speech participle: مضيفا، قائلا */
    MSD_W_ACCORDING = 1u << 10,  /* بحسب، وفقا */
    MSD_W_THAT = 1u << 11, /* the complementizer: إن، أن، بأن، إنه، أنها … */
    MSD_W_NAME_LINK = 1u << 12,   /* بن، ابن، بنت between the parts of a name */
    MSD_W_NAME_PREFIX = 1u << 13, /* عبد، أبو، أم، آل: a name part that needs the next */
    MSD_W_ORDINAL = 1u << 14, /* الثاني، السابق: after a title or a name, not a name */
    MSD_W_ORG_NAMED = 1u << 15 /* an organization head a bare name may follow: جامعة */
};

/* A gazetteer entry. */
typedef struct msd_lexent {
    int type;              /* enum msd_etype */
    int ambiguous;         /* also a common word: needs context (TYPE?) */
    const char *canonical; /* NUL-terminated, owned by the lexicon */
} msd_lexent;

/* Builds the lexicon of the built-in tables. Returns MARSAD_OK or MARSAD_ENOMEM. */
int msd_lexicon_new(msd_lexicon **out);
void msd_lexicon_free(msd_lexicon *lx);

/* Adds the entries of a gazetteer file. Returns MARSAD_OK, MARSAD_EIO (errno set),
 * MARSAD_ENOMEM, or MARSAD_EFORMAT with *bad_line (1-based) set to the first line that
 * is not `name<TAB>TYPE[<TAB>canonical]` with a known TYPE. Entries before a bad line
 * stay added. */
int msd_lexicon_load(msd_lexicon *lx, const char *path, size_t *bad_line);

/* Adds one entry: name and canonical as written (canonical NULL: the name itself). */
int msd_lexicon_add(msd_lexicon *lx, const char *name, size_t name_len, int type, int ambiguous,
                    const char *canonical);

/* The entry of a name in index form (words separated by one space), or NULL. */
const msd_lexent *msd_lexicon_name(const msd_lexicon *lx, const char *key, size_t key_len);

/* How many words the longest name beginning with this word (index form) has; 0 when
 * no name begins with it. */
unsigned msd_lexicon_first(const msd_lexicon *lx, const char *word, size_t len);

/* The MSD_W_* classes of a word in index form (0 when none). */
unsigned msd_lexicon_word(const msd_lexicon *lx, const char *word, size_t len);

/* The place type (MSD_E_GPE or MSD_E_LOC) a place head word gives its name. */
int msd_lexicon_place_type(const msd_lexicon *lx, const char *word, size_t len);

/* "PERS", "ORG", "GPE", "LOC", "MISC" for a type, and back (0 when unknown). */
const char *msd_etype_name(int type);
int msd_etype_parse(const char *s, size_t n);

#endif
