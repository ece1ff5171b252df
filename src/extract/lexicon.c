/*
 * lexicon.c — gazetteers and word classes; the contract is in lexicon.h.
 *
 * Three hash maps over index-form keys: names → entry index, first words → the most
 * words a name beginning with them has (so the extractor tries long keys only where one
 * can match), and words → class bits. Entries live in a growable array; their canonical
 * names are separate allocations, so pointers to them survive growth.
 */
#include "extract/lexicon.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "text/tokenize.h"
#include "util/strmap.h"
#include "util/grow.h"
#include "util/str.h"

extern const char *const msd_gaz_places[], *const msd_gaz_orgs[], *const msd_gaz_persons[];
extern const char *const msd_lex_titles[],
    *const msd_lex_org_heads[], *const msd_lex_place_heads[], *const msd_lex_given_names[],
                                                                  *const msd_lex_speech_verbs[];
extern const char *const msd_stopwords_builtin[], *const msd_cues_months[],
                                                      *const msd_cues_weekdays[];

#define KEY_MAX 512
/* gazetteer entries (names with their canonical): tens of millions of names fit */
#define MSD_LEXICON_MAX_BYTES ((size_t)1 << 30)

/* Function words beyond the stopword list: they end a name or a speaker's phrase. */
static const char *const more_function[] = {
    "إنه", "إنها", "أنه", "أنها", "إنهم", "أنهم", "بأنه", "بأنها", "لأنه", "وإن", "وأنه", "كما",
    "ضمن", "إثر", "عقب", "جراء", "بسبب", "لدى", "أمس", "اليوم", "غدا", "يوم", "تجاه", "بشأن", "حول",
    "لصالح", "برفقة", "إزاء", "وسط", "قرب", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي",
    "غربي", "أكثر", "أقل", "نحو", "حوالي", "قرابة", "عدد", "عددا", "جميع", "كافة", "معظم", "أغلب",
    "مختلف", "لقد", "ذاته", "نفسه", "أنفسهم", "الذي", "التي", "الذين", "وهو", "وهي", "يوما", "عاما",
    "مساء", "صباح", "صباحا", "ظهر", "ليلة", "فجر",
    /* common verbs that would otherwise pass for a name part after one */
    "قام", "قامت", "تم", "بات", "عاد", "عادت", "بدأ", "بدأت", "جاء", "جاءت", "زار", "زارت", "التقى",
    "استقبل", "وصل", "وصلت", "غادر", "أشاد", "ترأس", "شارك", "شاركت", "أجرى", "يمكن", "يجب", "تمت",
    "هناك", "ليست", "سيتم", "يتم", "شيء", "أحد", "إحدى",
    /* participles that relate a name to another: "وكالة أعماق التابعة لتنظيم الدولة" */
    "التابع", "التابعة", "الموالي", "الموالية", "المدعوم", "المدعومة", "المطل", "المطلة", "المحاذي",
    "المحاذية", "المجاور", "المجاورة", "المقرب", "المقربة", "المعروف", "المعروفة",
    /* elatives: "أفضل", "أكبر" qualify nouns */
    "أفضل", "أكبر", "أهم", "أعلى", "أبرز", "أول", "آخر", "أخرى", "أحسن", "أسوأ", "أقوى"};
/* Ordinals and "former": they qualify a title (الرئيس السابق) or a name (الثاني), and
 * are no family name. */
static const char *const ordinals[] = {
    "الأول",   "الأولى",  "الثاني",  "الثانية", "الثالث",  "الثالثة", "الرابع",
    "الرابعة", "الخامس",  "الخامسة", "السادس",  "السادسة", "السابع",  "السابعة",
    "الثامن",  "الثامنة", "التاسع",  "التاسعة", "العاشر",  "العاشرة", "الأخير",
    "الأخيرة", "السابق",  "السابقة", "الأسبق",  "الراحل",  "الراحلة"};
static const char *const time_words[] = {
    "اليوم",  "أمس",     "غدا",    "الماضي",  "الماضية", "المقبل",  "المقبلة",
    "الجاري", "الجارية", "الحالي", "الحالية", "القادم",  "القادمة", "الأسبوع",
    "الشهر",  "العام",   "السنة",  "صباح",    "مساء",    "ليلة",    "فجر",
    "ظهر",    "منتصف",   "أواخر",  "أوائل",   "مطلع",    "نهاية",   "بداية"};
static const char *const that_words[] = {
    "فإن",  "فإنه", "فإنها", "فإنهم", "إن",    "أن",   "بأن",  "إنه", "أنه", "إنها", "أنها",
    "إنهم", "أنهم", "بأنه",  "بأنها", "بأنهم", "إننا", "أننا", "إني", "أني", "إنّ",   "أنّ"};
static const char *const name_links[] = {"بن", "ابن", "بنت"};
static const char *const name_prefixes[] = {"عبد", "أبو", "أبي", "أبا", "أم", "آل", "ذو"};

struct marsad_lexicon {
    msd_strmap *names; /* key → uint32 entry index */
    msd_strmap *first; /* first word → uint8 max words */
    msd_strmap *words; /* word → uint32 classes, uint8 place type */
    msd_lexent *ents;
    size_t n_ents, cap_ents;
};

static const char *const type_names[] = {NULL, "PERS", "ORG", "GPE", "LOC", "MISC"};

const char *msd_etype_name(int type)
{
    return type >= MSD_E_PERS && type <= MSD_E_MISC ? type_names[type] : "MISC";
}

int msd_etype_parse(const char *s, size_t n)
{
    for (int t = MSD_E_PERS; t <= MSD_E_MISC; t++)
        if (strlen(type_names[t]) == n && !memcmp(type_names[t], s, n)) return t;
    return 0;
}

/* The index form of s with single spaces between words, a glued compound name split as
 * the tokenizer splits it ("عبدالعزيز" → "عبد العزيز"); 0 when empty or too long. */
static size_t index_key(const char *s, size_t n, char *out)
{
    char tmp[KEY_MAX];
    size_t tl = 0, o = 0, word = 0;
    if (marsad_normalize(s, n, MARSAD_NORM_INDEX, tmp, sizeof tmp, &tl)) return 0;
    for (size_t k = 0; k <= tl; k++) {
        int space = k == tl || tmp[k] == ' ' || tmp[k] == '\t';
        if (space && o > word) { /* a word ends: out[word..o) */
            size_t split = msd_tok_compound(out + word, o - word);
            if (split) {
                if (o + 1 > KEY_MAX - 1) return 0;
                memmove(out + word + split + 1, out + word + split, o - word - split);
                out[word + split] = ' ';
                o++;
            }
        }
        if (k == tl) break;
        if (space && (!o || out[o - 1] == ' ')) continue;
        if (o >= KEY_MAX - 1) return 0;
        out[o++] = space ? ' ' : tmp[k];
        if (space) word = o;
    }
    while (o && out[o - 1] == ' ') o--;
    return o;
}

static int put(msd_strmap *m, const char *k, size_t kl, const void *v, size_t vl)
{
    return msd_strmap_put_keep(m, k, kl, v, vl);
}

static int add_key(msd_lexicon *lx, const char *key, size_t kl, int type, int ambiguous,
                   const char *canon, size_t cl)
{
    const char *v;
    size_t vl, words = 1, fl;
    uint32_t idx;
    unsigned char maxw;
    char *c = msd_strndup(canon, cl);
    int rc;
    if (!c) return MARSAD_ENOMEM;
    if (msd_strmap_get(lx->names, key, kl, &v, &vl)) { /* a later entry replaces */
        memcpy(&idx, v, sizeof idx);
        free((char *)lx->ents[idx].canonical);
        lx->ents[idx].canonical = c;
        lx->ents[idx].type = type;
        lx->ents[idx].ambiguous = ambiguous;
        return MARSAD_OK;
    }
    if ((rc = msd_grow((void **)&lx->ents, &lx->cap_ents, lx->n_ents + 1, sizeof *lx->ents,
                       MSD_LEXICON_MAX_BYTES))) {
        free(c);
        return rc;
    }
    idx = (uint32_t)lx->n_ents;
    lx->ents[lx->n_ents].type = type;
    lx->ents[lx->n_ents].ambiguous = ambiguous;
    lx->ents[lx->n_ents].canonical = c;
    lx->n_ents++;
    if ((rc = put(lx->names, key, kl, &idx, sizeof idx))) return rc;
    for (size_t k = 0; k < kl; k++) words += key[k] == ' ';
    { /* the first word (key holds kl bytes, no NUL) */
        const char *sp = memchr(key, ' ', kl);
        fl = sp ? (size_t)(sp - key) : kl;
    }
    maxw = 0;
    if (msd_strmap_get(lx->first, key, fl, &v, &vl)) maxw = (unsigned char)v[0];
    if (words > maxw) {
        maxw = (unsigned char)(words > 255 ? 255 : words);
        if ((rc = put(lx->first, key, fl, &maxw, 1))) return rc;
    }
    return MARSAD_OK;
}

int msd_lexicon_add(msd_lexicon *lx, const char *name, size_t name_len, int type, int ambiguous,
                    const char *canonical)
{
    char key[KEY_MAX];
    size_t kl = index_key(name, name_len, key);
    if (!kl || type < MSD_E_PERS || type > MSD_E_MISC) return MARSAD_EINVAL;
    if (!canonical) {
        while (name_len && (*name == ' ' || *name == '\t')) name++, name_len--;
        while (name_len && (name[name_len - 1] == ' ' || name[name_len - 1] == '\t')) name_len--;
        return add_key(lx, key, kl, type, ambiguous, name, name_len);
    }
    return add_key(lx, key, kl, type, ambiguous, canonical, strlen(canonical));
}

/* One gazetteer line (no newline): name<TAB>TYPE[<TAB>canonical]. */
static int add_line(msd_lexicon *lx, const char *line, size_t n)
{
    const char *t1 = memchr(line, '\t', n), *t2;
    char canon[KEY_MAX];
    size_t tl;
    int type, amb;
    if (!t1) return MARSAD_EFORMAT;
    t2 = memchr(t1 + 1, '\t', n - (size_t)(t1 + 1 - line));
    tl = (size_t)((t2 ? t2 : line + n) - (t1 + 1));
    amb = tl > 1 && t1[tl] == '?'; /* "GPE?": the TYPE ends at t1 + tl */
    type = msd_etype_parse(t1 + 1, tl - (size_t)amb);
    if (!type) return MARSAD_EFORMAT;
    if (t2 && (size_t)(line + n - t2 - 1) > 0) {
        size_t cl = (size_t)(line + n - t2 - 1);
        if (cl >= sizeof canon) return MARSAD_EFORMAT;
        memcpy(canon, t2 + 1, cl);
        canon[cl] = 0;
        return msd_lexicon_add(lx, line, (size_t)(t1 - line), type, amb, canon);
    }
    return msd_lexicon_add(lx, line, (size_t)(t1 - line), type, amb, NULL);
}

static int add_classes(msd_lexicon *lx, const char *w, size_t n, unsigned bits, int place_type)
{
    char key[KEY_MAX], val[5] = {0};
    const char *v;
    size_t kl = index_key(w, n, key), vl;
    uint32_t have = 0;
    if (!kl) return MARSAD_OK;
    if (msd_strmap_get(lx->words, key, kl, &v, &vl)) {
        memcpy(&have, v, sizeof have);
        if (!place_type) place_type = (unsigned char)v[4];
    }
    have |= bits;
    memcpy(val, &have, sizeof have);
    val[4] = (char)place_type;
    return put(lx->words, key, kl, val, sizeof val);
}

static int add_list(msd_lexicon *lx, const char *const *words, size_t n, unsigned bits)
{
    int rc = MARSAD_OK;
    for (size_t i = 0; !rc && (n ? i < n : words[i] != NULL); i++) {
        /* the index form of على is علي, the name Ali: the extractor tells them apart by
         * the surface, so the stopword does not make the name a function word */
        if (bits == MSD_W_FUNCTION && !strcmp(words[i], "على")) continue;
        rc = add_classes(lx, words[i], strlen(words[i]), bits, 0);
    }
    return rc;
}

/* A built-in list of "word[<TAB>tag]" lines; tagged words get tag_bits too. */
static int add_tagged(msd_lexicon *lx, const char *const *lines, unsigned bits, const char *tag,
                      unsigned tag_bits)
{
    int rc = MARSAD_OK;
    for (size_t i = 0; !rc && lines[i]; i++) {
        const char *tab = strchr(lines[i], '\t');
        size_t wl = tab ? (size_t)(tab - lines[i]) : strlen(lines[i]);
        unsigned b = tab && tag && !strcmp(tab + 1, tag) ? tag_bits : bits;
        int place = tab && !tag ? msd_etype_parse(tab + 1, strlen(tab + 1)) : 0;
        rc = add_classes(lx, lines[i], wl, b, place);
    }
    return rc;
}

static int add_speech(msd_lexicon *lx)
{
    int rc = MARSAD_OK;
    for (size_t i = 0; !rc && msd_lex_speech_verbs[i]; i++) {
        const char *l = msd_lex_speech_verbs[i], *tab = strchr(l, '\t');
        unsigned b = MSD_W_SPEECH;
        if (!tab) continue;
        if (!strcmp(tab + 1, "participle")) b = MSD_W_PARTICIPLE;
        if (!strcmp(tab + 1, "according")) b = MSD_W_ACCORDING;
        rc = add_classes(lx, l, (size_t)(tab - l), b, 0);
    }
    return rc;
}

#define N(a) (sizeof a / sizeof a[0])

int msd_lexicon_new(msd_lexicon **out)
{
    msd_lexicon *lx = calloc(1, sizeof *lx);
    const char *const *const gaz[] = {msd_gaz_places, msd_gaz_orgs, msd_gaz_persons};
    int rc;
    *out = NULL;
    if (!lx) return MARSAD_ENOMEM;
    rc = msd_strmap_new(4096, 64, &lx->names);
    if (!rc) rc = msd_strmap_new(4096, 24, &lx->first);
    if (!rc) rc = msd_strmap_new(4096, 24, &lx->words);
    for (size_t g = 0; !rc && g < N(gaz); g++)
        for (size_t i = 0; !rc && gaz[g][i]; i++) {
            rc = add_line(lx, gaz[g][i], strlen(gaz[g][i]));
            if (rc == MARSAD_EFORMAT || rc == MARSAD_EINVAL) rc = MARSAD_OK; /* tested apart */
        }
    if (!rc) rc = add_list(lx, msd_stopwords_builtin, 0, MSD_W_FUNCTION);
    if (!rc) rc = add_list(lx, more_function, N(more_function), MSD_W_FUNCTION);
    if (!rc) rc = add_list(lx, ordinals, N(ordinals), MSD_W_ORDINAL);
    if (!rc) rc = add_list(lx, time_words, N(time_words), MSD_W_TIME);
    if (!rc) rc = add_list(lx, msd_cues_months, 0, MSD_W_TIME);
    if (!rc) rc = add_list(lx, msd_cues_weekdays, 0, MSD_W_TIME);
    if (!rc) rc = add_list(lx, that_words, N(that_words), MSD_W_THAT);
    if (!rc) rc = add_list(lx, name_links, N(name_links), MSD_W_NAME_LINK);
    if (!rc) rc = add_list(lx, name_prefixes, N(name_prefixes), MSD_W_NAME_PREFIX);
    if (!rc)
        rc =
            add_tagged(lx, msd_lex_titles, MSD_W_TITLE, "honorific", MSD_W_TITLE | MSD_W_HONORIFIC);
    if (!rc)
        rc = add_tagged(lx, msd_lex_org_heads, MSD_W_ORG_HEAD, "named",
                        MSD_W_ORG_HEAD | MSD_W_ORG_NAMED);
    if (!rc) rc = add_tagged(lx, msd_lex_place_heads, MSD_W_PLACE_HEAD, NULL, 0);
    if (!rc) rc = add_tagged(lx, msd_lex_given_names, MSD_W_GIVEN, "ambiguous", MSD_W_GIVEN_AMBIG);
    if (!rc) rc = add_speech(lx);
    if (rc) {
        msd_lexicon_free(lx);
        return rc;
    }
    *out = lx;
    return MARSAD_OK;
}

void msd_lexicon_free(msd_lexicon *lx)
{
    if (!lx) return;
    for (size_t i = 0; i < lx->n_ents; i++) free((char *)lx->ents[i].canonical);
    free(lx->ents);
    msd_strmap_free(lx->names);
    msd_strmap_free(lx->first);
    msd_strmap_free(lx->words);
    free(lx);
}

int msd_lexicon_load(msd_lexicon *lx, const char *path, size_t *bad_line)
{
    FILE *f = fopen(path, "rb");
    char *line = NULL;
    size_t cap = 0, no = 0;
    ssize_t n;
    int rc = MARSAD_OK;
    if (bad_line) *bad_line = 0;
    if (!f) return MARSAD_EIO;
    while (!rc && (n = getline(&line, &cap, f)) >= 0) {
        size_t len = (size_t)n;
        no++;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
        if (no == 1 && len >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3)) { /* a BOM */
            memmove(line, line + 3, len - 3);
            len -= 3;
        }
        if (!len || line[0] == '#') continue;
        if (marsad_utf8_check(line, len, NULL) || memchr(line, 0, len))
            rc = MARSAD_EFORMAT;
        else
            rc = add_line(lx, line, len);
        if (rc == MARSAD_EINVAL) rc = MARSAD_EFORMAT;
        if (rc == MARSAD_EFORMAT && bad_line) *bad_line = no;
    }
    if (!rc && ferror(f)) rc = MARSAD_EIO;
    free(line);
    if (fclose(f) && !rc) rc = MARSAD_EIO;
    return rc;
}

const msd_lexent *msd_lexicon_name(const msd_lexicon *lx, const char *key, size_t key_len)
{
    const char *v;
    size_t vl;
    uint32_t idx;
    if (!msd_strmap_get(lx->names, key, key_len, &v, &vl)) return NULL;
    memcpy(&idx, v, sizeof idx);
    return &lx->ents[idx];
}

unsigned msd_lexicon_first(const msd_lexicon *lx, const char *word, size_t len)
{
    const char *v;
    size_t vl;
    return msd_strmap_get(lx->first, word, len, &v, &vl) ? (unsigned char)v[0] : 0;
}

unsigned msd_lexicon_word(const msd_lexicon *lx, const char *word, size_t len)
{
    const char *v;
    size_t vl;
    uint32_t bits;
    if (!msd_strmap_get(lx->words, word, len, &v, &vl)) return 0;
    memcpy(&bits, v, sizeof bits);
    return bits;
}

int msd_lexicon_place_type(const msd_lexicon *lx, const char *word, size_t len)
{
    const char *v;
    size_t vl;
    return msd_strmap_get(lx->words, word, len, &v, &vl) ? (unsigned char)v[4] : 0;
}
