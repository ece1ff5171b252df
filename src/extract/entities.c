/*
 * entities.c — persons, organizations and places; the contract is in entities.h.
 *
 * Three passes over the tokens:
 *  1. each token's base form (a proclitic stripped when that makes a known word) and
 *     word classes (lexicon.h);
 *  2. left to right, the longest of: a gazetteer name; a place head with its name; an
 *     organization head with its qualifiers; a title with its role words and a name; a
 *     first name with the rest of the name;
 *  3. surnames alone (and short forms) resolved to the fullest name of the article, and
 *     one canonical per index form.
 * Every pass is linear in the tokens; names are at most MAX_NAME words.
 */
#include "extract/entities.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract/lexicon.h"
#include "extract/tokens.h"
#include "extract/words.h"
#include "marsad.h"
#include "text/utf8.h"
#include "util/strmap.h"
#include "util/grow.h"
#include "util/str.h"

#define MAX_NAME  8 /* words in a gazetteer name */
#define MAX_ROLE  8 /* tokens between a title and the name */
#define MAX_UNITS 4 /* parts of a person's name (عبد الرحمن is one part) */
struct ctx {
    const msd_xview *v;
    msd_entities *out;
    const msd_lexent **seen; /* gazetteer entries named plainly so far (distinct) */
    size_t n_seen, cap_seen;
};

/* ---- Helpers --------------------------------------------------------------------------- */

static int joined(const struct ctx *c, size_t a)
{
    return msd_xview_joined(c->v, a);
}

static int32_t last_char(const struct ctx *c, size_t i)
{
    return msd_xview_last_char(c->v, i);
}

static int is_ala(const struct ctx *c, size_t i)
{
    return msd_xview_is_ala(c->v, i);
}

static int starts(const struct msd_xword *ti, const char *p)
{
    size_t n = strlen(p);
    return ti->base_len >= n && !memcmp(ti->base, p, n);
}

static size_t letters(const struct msd_xword *ti)
{
    return ti->base_len / 2; /* Arabic letters are two bytes each */
}

#define NOT_NAME                                                                                   \
    (MSD_W_FUNCTION | MSD_W_TIME | MSD_W_SPEECH | MSD_W_PARTICIPLE | MSD_W_ACCORDING |             \
     MSD_W_THAT | MSD_W_TITLE | MSD_W_ORG_HEAD | MSD_W_PLACE_HEAD | MSD_W_NAME_LINK |              \
     MSD_W_ORDINAL)

/* The token's surface carries tanween (ـًا، ـٌ، ـٍ): an indefinite noun, not a name. */
static int has_tanween(const struct ctx *c, size_t i)
{
    const unsigned char *s = (const unsigned char *)c->v->text;
    for (size_t k = c->v->ts->t[i].b0; k + 1 < c->v->ts->t[i].b1; k++)
        if (s[k] == 0xD9 && s[k + 1] >= 0x8B && s[k + 1] <= 0x8D) return 1; /* U+064B..064D */
    return 0;
}

/* Whether token i can be a part of a person's name; `first` for the first part (2: the
 * first part right after a rank or honorific, where any word that is not a function
 * word is a name: "الدكتور توفيق"). */
static int name_word(const struct ctx *c, size_t i, int first)
{
    const struct msd_xword *ti = &c->v->w[i];
    int32_t last;
    if (i >= c->v->ts->n || !ti->arabic || (ti->strip && !first) || letters(ti) < 2) return 0;
    if (ti->cls & MSD_W_GIVEN) return !is_ala(c, i);
    if ((ti->cls & NOT_NAME) || is_ala(c, i)) return 0;
    if (first == 2 && !ti->def && !ti->strip && !has_tanween(c, i)) return 1;
    if (msd_lexicon_first(c->v->lx, ti->base, ti->base_len)) {
        const msd_lexent *e = msd_lexicon_name(c->v->lx, ti->base, ti->base_len);
        if (e && e->type != MSD_E_PERS) return 0; /* a place or an organization */
        if (e && !first) return 1;                /* a listed surname: "تركي المالكي" */
    }
    /* a family name that is a first name with ال: "طارق الحسن", "هشام الزين" */
    if (!first && ti->def && !ti->strip &&
        (msd_lexicon_word(c->v->lx, ti->base + 4, ti->base_len - 4) &
         (MSD_W_GIVEN | MSD_W_GIVEN_AMBIG)))
        return 1;
    last = last_char(c, i);
    if (last == 0x647 || has_tanween(c, i)) return 0; /* نظيره، مهرجاناً */
    /* an imperfect verb (يزور، تعليقا), a future (سيمثل), a tenth-form noun (استمرار) */
    if (letters(ti) >= 4 && (starts(ti, "ي") || starts(ti, "ت") || starts(ti, "ن"))) return 0;
    if (letters(ti) >= 4 && (starts(ti, "سي") || starts(ti, "ست") || starts(ti, "سن"))) return 0;
    if (letters(ti) >= 5 && (starts(ti, "است") || starts(ti, "انت") || starts(ti, "اعت"))) return 0;
    /* a preposition or conjunction on a definite noun: بالشكر، للمحلق، والأوقاف */
    if (starts(ti, "بال") || starts(ti, "لل") || starts(ti, "كال") || starts(ti, "وال") ||
        starts(ti, "فال"))
        return 0;
    /* ل before a verb (لتدعيم), ب before a verbal noun (بإصدار), و as a conjunction
     * (ويميني): a first name would be in the given names */
    if (letters(ti) >= 5 && (starts(ti, "لت") || starts(ti, "لي") || starts(ti, "با"))) return 0;
    if (!first && letters(ti) >= 5 && starts(ti, "و")) return 0;
    /* an adjective agreeing with the word before or after it: "دعما ماليا" */
    if (last == 0x627 && i + 1 < c->v->ts->n && joined(c, i) && last_char(c, i + 1) == 0x627)
        return 0;
    if (first) /* names rarely begin with ال, or end in ة or a nisba ي (جمهوري) */
        return !ti->def && last != 0x629 && last != 0x64A;
    /* a family name with ال is a nisba (الحلبي، العبادي) or ends in ة (الربيعة), not a
     * plural noun (الآثار) */
    return !ti->def || last == 0x64A || last == 0x629;
}

/* ---- Output ---------------------------------------------------------------------------- */

static char *clean_copy(const char *s, size_t n)
{
    return msd_xview_clean(s, n);
}

static void skip_letters(const struct ctx *c, size_t i, size_t n, size_t *b, size_t *cp)
{
    msd_xview_skip(c->v, i, n, b, cp);
}

static const char *api_type(int etype)
{
    return etype == MSD_E_GPE ? "LOC" : msd_etype_name(etype);
}

/* A new zeroed slot at the end of es, or NULL when out of memory. */
static msd_entity *push(msd_entities *es)
{
    if (msd_grow((void **)&es->items, &es->cap, es->n + 1, sizeof *es->items, MSD_GROW_DOC_MAX))
        return NULL;
    memset(&es->items[es->n], 0, sizeof es->items[0]);
    return &es->items[es->n++];
}

/* Emits tokens [first, last] (the proclitic of first left out) as an entity; canon NULL:
 * the cleaned surface. */
static int emit(struct ctx *c, size_t first, size_t last, int etype, const char *canon,
                size_t canon_len)
{
    msd_entity *e;
    size_t b, cp;
    if (c->out->n >= MSD_XCOLLECT_MAX) return MARSAD_OK; /* enough: the rest is cut anyway */
    if (!(e = push(c->out))) return MARSAD_ENOMEM;
    skip_letters(c, first, c->v->w[first].strip, &b, &cp);
    e->byte_start = b;
    e->start = cp;
    e->byte_end = c->v->ts->t[last].b1;
    e->end = c->v->ts->t[last].c1;
    e->tok_first = first;
    e->tok_last = last;
    e->etype = etype;
    e->type = api_type(etype);
    e->subtype = etype == MSD_E_GPE || etype == MSD_E_LOC ? msd_etype_name(etype) : NULL;
    e->text = msd_strndup(c->v->text + b, e->byte_end - b);
    if (canon)
        e->canonical = msd_strndup(canon, canon_len);
    else if (c->v->w[first].owned && e->text) { /* "للصندوق" → لصندوق → الصندوق */
        char *t = clean_copy(e->text, strlen(e->text));
        size_t tl = t ? strlen(t) : 0;
        e->canonical = t ? malloc(tl + 3) : NULL;
        if (e->canonical) {
            memcpy(e->canonical, "ا", 2);
            memcpy(e->canonical + 2, t, tl + 1);
        }
        free(t);
    } else if (e->text) {
        e->canonical = clean_copy(e->text, strlen(e->text));
    }
    return e->text && e->canonical ? MARSAD_OK : MARSAD_ENOMEM;
}

/* ---- Pass 2: the patterns ---------------------------------------------------------------- */

/* The longest gazetteer name at token i: sets *last and returns its entry. */
static const msd_lexent *gazetteer_at(const struct ctx *c, size_t i, size_t *last)
{
    char key[1024];
    const struct msd_xword *ti = &c->v->w[i];
    unsigned maxw;
    if (i >= c->v->ts->n || !ti->arabic) return NULL;
    maxw = msd_lexicon_first(c->v->lx, ti->base, ti->base_len);
    if (maxw > MAX_NAME) maxw = MAX_NAME;
    for (size_t w = maxw; w >= 1; w--) {
        size_t o = 0, k;
        const msd_lexent *e;
        if (i + w > c->v->ts->n) continue;
        for (k = 0; k < w; k++) {
            const char *nm = k ? c->v->ts->t[i + k].norm : ti->base;
            size_t l = k ? strlen(nm) : ti->base_len;
            if ((k && !joined(c, i + k - 1)) || o + l + 1 >= sizeof key) break;
            if (k) key[o++] = ' ';
            memcpy(key + o, nm, l);
            o += l;
        }
        if (k < w) continue;
        if ((e = msd_lexicon_name(c->v->lx, key, o))) {
            *last = i + w - 1;
            return e;
        }
    }
    return NULL;
}

/* The parts of a person's name from token i: sets *last; returns the parts (0: none).
 * lenient: right after a rank or honorific (see name_word). */
static size_t name_at(const struct ctx *c, size_t i, size_t *last, int lenient)
{
    size_t j = i, units = 0;
    int linked = 0; /* a بن joined parts: a lineage may be longer */
    while (units < (linked ? 6u : 3u) && j < c->v->ts->n) {
        const struct msd_xword *ti = &c->v->w[j];
        if (units && !joined(c, j - 1)) break;
        if ((ti->cls & MSD_W_NAME_PREFIX) && !ti->strip && joined(c, j) && c->v->w[j + 1].arabic &&
            !(c->v->w[j + 1].cls & (MSD_W_FUNCTION | MSD_W_THAT | MSD_W_TIME))) {
            /* عبد الرحمن، أبو بكر: the prefix and the next word are one part */
            units++;
            j += 2;
            *last = j - 1;
            continue;
        }
        if (units && (ti->cls & MSD_W_NAME_LINK) && !ti->strip && joined(c, j) &&
            name_word(c, j + 1, 0)) {
            j++; /* بن، ابن: the next part follows */
            linked = 1;
            continue;
        }
        if (!name_word(c, j, units == 0 ? (lenient ? 2 : 1) : 0)) {
            /* after a title, a first name and any family name with ال: "نهاد المشنوق" */
            if (!(lenient && units == 1 && ti->def && !ti->strip && !(ti->cls & NOT_NAME) &&
                  !has_tanween(c, j) && name_word(c, i, 1))) /* (not "يستقبل المهنئين") */
                break;
        }
        units++;
        *last = j;
        j++;
        /* a family name with ال ends the name, unless بن follows */
        if (c->v->w[j - 1].def && !(j < c->v->ts->n && (c->v->w[j].cls & MSD_W_NAME_LINK))) break;
    }
    return units;
}

static size_t org_at(struct ctx *c, size_t i, int *rc);
static int remember(struct ctx *c, const msd_lexent *e);

/* The name after a place head at token i: its last token (0: none), and *ge the
 * gazetteer entry it is, if any. */
static size_t place_span(const struct ctx *c, size_t i, const msd_lexent **ge)
{
    size_t last, j = i + 1;
    const msd_lexent *e;
    *ge = NULL;
    if (!joined(c, i) || !c->v->w[j].arabic) return 0;
    if ((e = gazetteer_at(c, j, &last)) && (e->type == MSD_E_GPE || e->type == MSD_E_LOC)) {
        *ge = e;
        return last;
    }
    if (c->v->w[j].strip || (c->v->w[j].cls & (MSD_W_FUNCTION | MSD_W_TIME | MSD_W_THAT)) ||
        is_ala(c, j) || last_char(c, j) == 0x647 || letters(&c->v->w[j]) < 2 || has_tanween(c, j))
        return 0;
    /* an indefinite nisba after the head is no name: "حي سكني", "مخيم عشوائي" (village
     * names end in ة often enough that "قرية صغيرة" stays a place) */
    if (!c->v->w[j].def && last_char(c, j) == 0x64A && !(c->v->w[j].cls & MSD_W_GIVEN)) return 0;
    last = j;
    /* a second word: "تل أبيض", "الشيخ مقصود" */
    if (joined(c, j) && c->v->w[j + 1].arabic && !c->v->w[j + 1].strip &&
        !(c->v->w[j + 1].cls & (NOT_NAME & ~MSD_W_TITLE)) && !is_ala(c, j + 1) &&
        (!c->v->w[j].def || (c->v->w[j].cls & MSD_W_TITLE)) && last_char(c, j + 1) != 0x647 &&
        !has_tanween(c, j + 1))
        last = j + 1;
    return last;
}

/* A place head and its name at token i ("مدينة الرقة"), emitted; returns its last token
 * or 0 when there is none. The canonical is the name without the head. */
static size_t place_at(struct ctx *c, size_t i, int *rc)
{
    const msd_lexent *e;
    size_t last = place_span(c, i, &e), b;
    int type = msd_lexicon_place_type(c->v->lx, c->v->w[i].base, c->v->w[i].base_len);
    char *canon;
    if (!last) return 0;
    if (e) {
        *rc = remember(c, e); /* "مدينة الباب" names الباب plainly */
        if (!*rc) *rc = emit(c, i, last, type ? type : e->type, e->canonical, strlen(e->canonical));
        return last;
    }
    b = c->v->ts->t[i + 1].b0;
    if (!(canon = clean_copy(c->v->text + b, c->v->ts->t[last].b1 - b))) {
        *rc = MARSAD_ENOMEM;
        return last;
    }
    *rc = emit(c, i, last, type ? type : MSD_E_GPE, canon, strlen(canon));
    free(canon);
    return last;
}

/* Words that qualify an organization's head: "الخارجية المغربية", "لحقوق الإنسان",
 * "أحرار الشام", a place or another name. Returns the last token used, or i. */
static size_t qualifiers(struct ctx *c, size_t i)
{
    size_t j = i + 1, last = i, mods = 0;
    int after_l = 0; /* a ل phrase was read: "اللجنة الوطنية للانتخابات" */
    while (mods < 5 && j < c->v->ts->n && joined(c, j - 1) && c->v->w[j].arabic) {
        const struct msd_xword *ti = &c->v->w[j];
        const msd_lexent *ge;
        size_t gl;
        if (ti->cls & (MSD_W_TIME | MSD_W_THAT | MSD_W_SPEECH | MSD_W_PARTICIPLE)) break;
        if (ti->cls & MSD_W_TITLE) {
            /* a person the body is named after: "جامعة الملك سعود", "مركز الملك سلمان" */
            size_t nl;
            if (!ti->def || ti->strip || !joined(c, j) || !name_at(c, j + 1, &nl, 0)) break;
            last = nl;
            j = nl + 1;
            mods += 2;
            continue;
        }
        if ((ge = gazetteer_at(c, j, &gl)) && !ti->strip) { /* قوات سوريا الديمقراطية */
            last = gl;
            j = gl + 1;
            mods++;
            /* after a place only a nisba goes on: "بلدية عرسال" + "المنظمات" is not one */
            if ((ge->type == MSD_E_GPE || ge->type == MSD_E_LOC) && j < c->v->ts->n &&
                !(c->v->w[j].def && last_char(c, j) == 0x64A))
                break;
            continue;
        }
        if (ti->cls & MSD_W_FUNCTION || is_ala(c, j)) break;
        if (ti->def && !ti->strip) {
            /* after "للانتخابات" only a nisba goes on ("الرئاسية"), not the verb's object */
            if (after_l && last_char(c, j) != 0x64A && last_char(c, j) != 0x629) break;
            last = j++;
            mods++;
            continue;
        }
        /* لل + noun (للأمم، للانتخابات), or ل + noun + a definite word (لحقوق الإنسان) */
        if (!strncmp(c->v->ts->t[j].norm, "لل", 4) && letters(ti) >= 4 &&
            !(ti->cls & (MSD_W_TIME | MSD_W_FUNCTION | MSD_W_THAT))) {
            last = j++;
            mods++;
            after_l = 1;
            continue;
        }
        if (!strncmp(c->v->ts->t[j].norm, "ل", 2) && !ti->def && joined(c, j) &&
            c->v->w[j + 1].def && !c->v->w[j + 1].strip) {
            after_l = 1;
            last = j + 1;
            j += 2;
            mods += 2;
            continue;
        }
        /* a bare proper name after a head that takes one: جامعة بيرزيت، إذاعة صوت فلسطين */
        if (j == i + 1 && (c->v->w[i].cls & MSD_W_ORG_NAMED) && !ti->strip && !ti->def &&
            letters(ti) >= 3 && !(ti->cls & NOT_NAME) && !has_tanween(c, j) &&
            last_char(c, j) != 0x647) {
            last = j++;
            mods++;
            continue;
        }
        /* only a head without ال takes a genitive (construct state): "بلدية مدينة البيرة",
         * but "القوات" + "مدينة الطبقة" is a verb's subject and object */
        if (j == i + 1 && (ti->cls & MSD_W_PLACE_HEAD) && !c->v->w[i].def && !ti->strip) {
            const msd_lexent *pe;
            size_t pl = place_span(c, j, &pe);
            if (pl) {
                last = pl;
                j = pl + 1;
                mods += 2;
                continue;
            }
        }
        /* a genitive noun right after the head and before a definite word: حركة أحرار الشام */
        if (j == i + 1 && !c->v->w[i].def && !ti->strip && last_char(c, j) != 0x647 &&
            joined(c, j) &&
            !(ti->cls & (MSD_W_GIVEN | MSD_W_GIVEN_AMBIG | MSD_W_PLACE_HEAD | MSD_W_ORG_HEAD)) &&
            j + 1 < c->v->ts->n && c->v->w[j + 1].def && !c->v->w[j + 1].strip &&
            !(c->v->w[j + 1].cls & (MSD_W_TIME | MSD_W_FUNCTION))) {
            last = j + 1;
            j += 2;
            mods += 2;
            continue;
        }
        break;
    }
    return last;
}

/* An organization head and its qualifiers at token i; returns the last token or 0. */
static size_t org_at(struct ctx *c, size_t i, int *rc)
{
    size_t last = qualifiers(c, i);
    if (last == i) return 0;
    *rc = emit(c, i, last, MSD_E_ORG, NULL, 0);
    return last;
}

/* Words after which an ambiguous place name is a place: "في الباب", "قرب الطبقة". */
static const char *const locatives[] = {
    "في",    "من",   "الي",   "قرب",  "نحو",    "باتجاه", "داخل",  "حول",   "عند",
    "شمال",  "جنوب", "شرق",   "غرب",  "شمالي",  "جنوبي",  "شرقي",  "غربي",  "ريف",
    "اطراف", "محيط", "مدينه", "بلده", "مدينتي", "بلدتي",  "مناطق", "منطقه", "حتي"};

static int was_seen(const struct ctx *c, const msd_lexent *e)
{
    for (size_t k = 0; k < c->n_seen; k++)
        if (c->seen[k] == e || !strcmp(c->seen[k]->canonical, e->canonical)) return 1;
    return 0;
}

static int remember(struct ctx *c, const msd_lexent *e)
{
    if (was_seen(c, e)) return MARSAD_OK;
    int rc =
        msd_grow((void **)&c->seen, &c->cap_seen, c->n_seen + 1, sizeof *c->seen, MSD_GROW_DOC_MAX);
    if (rc) return rc;
    c->seen[c->n_seen++] = e;
    return MARSAD_OK;
}

/* Whether an ambiguous name at token i reads as a name here: after a locative word
 * (places) or a speech cue (organizations: "قالت الجزيرة"), or once the text named the
 * same entity in a plain form. */
static int context_ok(const struct ctx *c, size_t i, const msd_lexent *e)
{
    if (was_seen(c, e)) return 1;
    if (i == 0) return 0;
    {
        const struct msd_xword *p = &c->v->w[i - 1];
        if (e->type == MSD_E_ORG)
            return (p->cls & (MSD_W_SPEECH | MSD_W_ACCORDING | MSD_W_PARTICIPLE)) != 0;
        if (!msd_xview_joined(c->v, i - 1)) return 0;
        for (size_t k = 0; k < sizeof locatives / sizeof locatives[0]; k++)
            if (p->base_len == strlen(locatives[k]) && !memcmp(p->base, locatives[k], p->base_len))
                return 1;
    }
    return 0;
}

/* A gazetteer name, place or organization at token i (emitted); returns its last
 * token, or (size_t)-1 when none starts there. */
static size_t named_at(struct ctx *c, size_t i, int *rc)
{
    const struct msd_xword *ti = &c->v->w[i];
    const msd_lexent *e;
    size_t last;
    if ((e = gazetteer_at(c, i, &last)) && e->ambiguous && !context_ok(c, i, e)) e = NULL;
    if (e && !e->ambiguous && (*rc = remember(c, e))) return last;
    if (e) {
        /* a listed body qualified by a nisba the list does not have: "وزارة الخارجية"
         * + "المغربية" is that country's ministry, its own name */
        size_t ext = last;
        while (e->type == MSD_E_ORG && (ti->cls & MSD_W_ORG_HEAD) && joined(c, ext) &&
               c->v->w[ext + 1].def && !c->v->w[ext + 1].strip &&
               !(c->v->w[ext + 1].cls & NOT_NAME) &&
               (last_char(c, ext + 1) == 0x64A || last_char(c, ext + 1) == 0x629))
            ext++;
        if (ext > last) {
            *rc = emit(c, i, ext, MSD_E_ORG, NULL, 0);
            return ext;
        }
        *rc = emit(c, i, last, e->type, e->canonical, strlen(e->canonical));
        return last;
    }
    if ((ti->cls & MSD_W_PLACE_HEAD) && (last = place_at(c, i, rc))) return last;
    if ((ti->cls & MSD_W_ORG_HEAD) && (last = org_at(c, i, rc))) return last;
    return (size_t)-1;
}

/* A title, its role words and the name after them, at token i. The entities inside the
 * role ("المتحدث باسم التحالف") are emitted as they come. Returns the last token used,
 * or (size_t)-1 when the title introduces nobody. */
static size_t titled_at(struct ctx *c, size_t i, int *rc)
{
    size_t j = i + 1, last, end = (size_t)-1, genitive = (size_t)-1, before_gen = (size_t)-1;
    int honorific = (c->v->w[i].cls & MSD_W_HONORIFIC) != 0;
    while (j < c->v->ts->n && j - i <= MAX_ROLE && joined(c, j - 1) && c->v->w[j].arabic && !*rc) {
        const struct msd_xword *ti = &c->v->w[j];
        const msd_lexent *e;
        if ((e = gazetteer_at(c, j, &last)) && e->type == MSD_E_PERS) break; /* the name */
        if (ti->cls & MSD_W_TITLE) { /* a second title: "… الكولونيل" */
            honorific = (ti->cls & MSD_W_HONORIFIC) != 0;
            end = j++;
            continue;
        }
        if (!strcmp(c->v->ts->t[j].norm, "باسم") ||
            (ti->def && !(ti->cls & (NOT_NAME & ~MSD_W_ORDINAL)) && !ti->strip &&
             !msd_lexicon_first(c->v->lx, ti->base, ti->base_len))) {
            end = j++; /* باسم، الخارجية، الأمريكي */
            continue;
        }
        if (!strcmp(c->v->ts->t[j].norm, "في") && joined(c, j) &&
            !strcmp(c->v->ts->t[j + 1].norm, "شءون") /* شؤون, شئون in index form */) {
            end = j + 1; /* الخبير في شؤون … */
            j += 2;
            continue;
        }
        if ((e = gazetteer_at(c, j, &last)) || (ti->cls & (MSD_W_ORG_HEAD | MSD_W_PLACE_HEAD))) {
            size_t l = named_at(c, j, rc);
            if (l == (size_t)-1 && ti->def && !ti->strip) { /* "رئيس البلدية": a role word */
                end = j++;
                continue;
            }
            if (l == (size_t)-1) break;
            end = l;
            j = l + 1;
            continue;
        }
        if (ti->strip && (ti->def || ti->cls)) { /* للأمم، لشؤون */
            end = j++;
            continue;
        }
        /* a genitive noun before a definite word or a name: "وزير خارجية روسيا" */
        if (!(ti->cls & (MSD_W_GIVEN | MSD_W_GIVEN_AMBIG | NOT_NAME)) && !ti->strip &&
            joined(c, j) && (c->v->w[j + 1].def || gazetteer_at(c, j + 1, &last)) &&
            !(c->v->w[j + 1].cls & (MSD_W_TIME | MSD_W_FUNCTION))) {
            if (genitive == (size_t)-1) {
                genitive = j;
                before_gen = end;
            }
            end = j++;
            continue;
        }
        break;
    }
    if (*rc) return end;
    /* "اللواء الطيار سمير الحلبي": what looked like a genitive ("سمير الحلبي") was the
     * name, when no name follows the role */
    if (genitive != (size_t)-1 && !name_at(c, j, &last, 0) &&
        (name_at(c, genitive, &last, genitive == i + 1 && honorific) >= 2 ||
         (last_char(c, genitive) != 0x64A && name_at(c, genitive, &last, 1) >= 2)) &&
        (!c->out->n || c->out->items[c->out->n - 1].tok_last < genitive)) {
        j = genitive;
        end = before_gen;
    }
    if (j < c->v->ts->n && (end == (size_t)-1 ? joined(c, i) : joined(c, end))) {
        const msd_lexent *e;
        size_t units;
        if ((e = gazetteer_at(c, j, &last)) && e->type == MSD_E_PERS) {
            *rc = emit(c, j, last, MSD_E_PERS, e->canonical, strlen(e->canonical));
            return last;
        }
        units = name_at(c, j, &last, honorific);
        if (units < 2 && !honorific && last_char(c, j) != 0x64A) {
            /* "وزير الداخلية نهاد المشنوق": a first name the list lacks, when two parts
             * follow and no definite noun after them makes them a verb and its object
             * ("الوزير يفتتح معرض الكتاب"); a nisba is no first name ("مسؤول عسكري رفيع") */
            size_t l2, u2 = name_at(c, j, &l2, 1);
            if (u2 >= 2 && !(joined(c, l2) && c->v->w[l2 + 1].def)) units = u2, last = l2;
        }
        /* after a role (الرئيس، الوزير) one bare word is a name only if it is a known
         * first name; after a rank or honorific any name word is */
        if (units >= 2 ||
            (units == 1 && (honorific || (c->v->w[j].cls & MSD_W_GIVEN) || !joined(c, last)))) {
            *rc = emit(c, j, last, MSD_E_PERS, NULL, 0);
            return last;
        }
    }
    return end;
}

/* A person from a first name at token i. */
static size_t given_at(struct ctx *c, size_t i, int *rc)
{
    size_t last, units;
    const struct msd_xword *ti = &c->v->w[i];
    /* "أم محمد", "أبو علي": a kunya is a name; so is عبد + a divine name (عبد الكريم) */
    if ((ti->cls & MSD_W_NAME_PREFIX) && !ti->strip && joined(c, i) &&
        (((c->v->w[i + 1].cls & (MSD_W_GIVEN | MSD_W_GIVEN_AMBIG)) && !is_ala(c, i + 1)) ||
         (!strcmp(c->v->ts->t[i].norm, "عبد") && c->v->w[i + 1].def &&
          !(c->v->w[i + 1].cls & NOT_NAME)))) {
        units = name_at(c, i, &last, 0);
        if (!units) return (size_t)-1;
        *rc = emit(c, i, last, MSD_E_PERS, NULL, 0);
        return last;
    }
    if (!(ti->cls & (MSD_W_GIVEN | MSD_W_GIVEN_AMBIG)) || is_ala(c, i)) return (size_t)-1;
    /* a proclitic on a first name is و ("وأحمد"); ل ب ك make words of names ("لدينا") */
    if (ti->strip && strncmp(c->v->ts->t[i].norm, "و", 2)) return (size_t)-1;
    if ((ti->cls & MSD_W_GIVEN_AMBIG) && !(ti->cls & MSD_W_GIVEN)) {
        /* حسن، أمل: a name only with more of the name after it (or بن and a name) */
        int more = joined(c, i) && name_word(c, i + 1, 0);
        if (!more && joined(c, i) && (c->v->w[i + 1].cls & MSD_W_NAME_LINK) && joined(c, i + 1))
            more = name_word(c, i + 2, 0);
        if (!more) return (size_t)-1;
    }
    units = name_at(c, i, &last, 0);
    if (!units) return (size_t)-1;
    *rc = emit(c, i, last, MSD_E_PERS, NULL, 0);
    return last;
}

static int find_names(struct ctx *c)
{
    int rc = MARSAD_OK;
    for (size_t i = 0; !rc && i < c->v->ts->n;) {
        const struct msd_xword *ti = &c->v->w[i];
        size_t last;
        if (!ti->arabic) {
            i++;
            continue;
        }
        if ((last = named_at(c, i, &rc)) != (size_t)-1) {
            i = last + 1;
            continue;
        }
        if ((ti->cls & MSD_W_TITLE) && (last = titled_at(c, i, &rc)) != (size_t)-1) {
            i = last + 1;
            continue;
        }
        if ((last = given_at(c, i, &rc)) != (size_t)-1) {
            i = last + 1;
            continue;
        }
        i++;
    }
    return rc;
}

/* ---- Pass 3: short forms and canonical names ---------------------------------------------- */

/* The index form of an entity's canonical name. */
static size_t canon_key(const msd_entity *e, char *key, size_t cap)
{
    size_t kl = 0;
    if (marsad_normalize(e->canonical, strlen(e->canonical), MARSAD_NORM_INDEX, key, cap, &kl))
        return 0;
    return kl;
}

/* Maps key to (words, type, canonical) in names unless a name of as many words or more
 * holds it. */
static int reg(msd_strmap *names, const char *key, size_t kl, size_t words, int etype,
               const char *canon)
{
    char val[1024];
    const char *v;
    size_t vl, cl = strlen(canon);
    if (msd_strmap_get(names, key, kl, &v, &vl) && (unsigned char)v[0] >= words) return MARSAD_OK;
    if (cl + 2 > sizeof val) return MARSAD_OK;
    val[0] = (char)(words > 255 ? 255 : words);
    val[1] = (char)etype;
    memcpy(val + 2, canon, cl);
    return msd_strmap_put_keep(names, key, kl, val, cl + 2);
}

/* The key "first\x01last" of a name of two words or more (the byte cannot occur in
 * text), or 0. */
static size_t first_last(const char *key, size_t kl, char *out)
{
    const char *sp1 = memchr(key, ' ', kl), *sp2 = NULL;
    size_t fl, ll;
    if (!sp1) return 0;
    for (size_t q = kl; q-- > 0;)
        if (key[q] == ' ') {
            sp2 = key + q;
            break;
        }
    fl = (size_t)(sp1 - key);
    ll = kl - (size_t)(sp2 + 1 - key);
    memcpy(out, key, fl);
    out[fl] = '\x01';
    memcpy(out + fl + 1, sp2 + 1, ll);
    return fl + 1 + ll;
}

/* One canonical per entity: names maps index forms to the fullest name.
 *  - a person's full name maps each of its word-suffixes: "رايان" and "شون رايان" both
 *    give شون رايان;
 *  - an organization whose name begins with a definite word maps that word: "المرصد"
 *    gives المرصد السوري لحقوق الإنسان;
 *  - any other entity keeps the first spelling of its index form (الإسلامية before
 *    الاسلامية). */
static int unify(struct ctx *c, msd_strmap *names)
{
    char key[1024];
    int rc = MARSAD_OK;
    for (size_t k = 0; k < c->out->n && !rc; k++) { /* full names first */
        const msd_entity *e = &c->out->items[k];
        size_t kl = canon_key(e, key, sizeof key), words = 1;
        if (!kl) continue;
        for (size_t q = 0; q < kl; q++) words += key[q] == ' ';
        if (e->etype == MSD_E_PERS && words >= 2) {
            char fl[1024];
            size_t fll = first_last(key, kl, fl);
            for (size_t q = 0; q < kl && !rc; q++)
                if (!q || key[q - 1] == ' ')
                    rc = reg(names, key + q, kl - q, words, e->etype, e->canonical);
            /* "سامر الحلبي" is "سامر يوسف الحلبي" */
            if (!rc && fll) rc = reg(names, fl, fll, words, e->etype, e->canonical);
        } else if (e->etype == MSD_E_ORG && words >= 2 && kl > 6 && !memcmp(key, "ال", 4)) {
            rc = reg(names, key, strcspn(key, " "), words, e->etype, e->canonical);
        }
    }
    for (size_t k = 0; k < c->out->n && !rc; k++) {
        msd_entity *e = &c->out->items[k];
        size_t kl = canon_key(e, key, sizeof key), vl;
        const char *v;
        /* a listed surname alone ("المالكي" → نوري المالكي) yields to the person of that
         * surname the article names in full ("تركي المالكي") */
        if (e->etype == MSD_E_PERS && !strchr(e->text, ' ')) {
            char tk[256];
            size_t tl = 0;
            if (!marsad_normalize(e->text, strlen(e->text), MARSAD_NORM_INDEX, tk, sizeof tk,
                                  &tl) &&
                msd_strmap_get(names, tk, tl, &v, &vl) && v[1] == (char)MSD_E_PERS &&
                (unsigned char)v[0] >= 2) {
                memcpy(key, tk, tl);
                kl = tl;
            }
        }
        if (!kl) continue;
        if (e->etype == MSD_E_PERS) { /* first and last names: the fullest such name */
            char fl[1024];
            size_t fll = first_last(key, kl, fl);
            if (fll && msd_strmap_get(names, fl, fll, &v, &vl) && v[1] == (char)MSD_E_PERS) {
                memcpy(key, fl, fll);
                kl = fll;
            }
        }
        if (!msd_strmap_get(names, key, kl, &v, &vl)) {
            rc = reg(names, key, kl, 1, e->etype, e->canonical);
        } else if (v[1] == (char)e->etype &&
                   (vl - 2 != strlen(e->canonical) || memcmp(v + 2, e->canonical, vl - 2))) {
            char *nc = msd_strndup(v + 2, vl - 2);
            if (!nc) return MARSAD_ENOMEM;
            free(e->canonical);
            e->canonical = nc;
        }
    }
    return rc;
}

/* Moves an entity to the end of es (the source keeps no strings). */
static int move(msd_entities *es, msd_entity *e)
{
    msd_entity *d = push(es);
    if (!d) return MARSAD_ENOMEM;
    *d = *e;
    e->text = e->canonical = NULL;
    return MARSAD_OK;
}

/* A surname or short form alone, where the article gives the full name: a new person
 * entity at each such token not inside another entity. */
static int short_forms(struct ctx *c, msd_strmap *names)
{
    msd_entities found = *c->out; /* pass 2's list, merged into c->out in text order */
    size_t k = 0;
    int rc = MARSAD_OK;
    memset(c->out, 0, sizeof *c->out);
    for (size_t i = 0; i < c->v->ts->n && !rc; i++) {
        const struct msd_xword *ti = &c->v->w[i];
        const char *w = c->v->ts->t[i].norm, *v;
        size_t wl = strlen(w), vl, strip = 0;
        /* (a person's surname is matched on the surface, an organization's head on its base) */
        int hit;
        while (!rc && k < found.n && found.items[k].tok_last < i)
            rc = move(c->out, &found.items[k++]);
        if (rc || (k < found.n && found.items[k].tok_first <= i)) continue; /* inside one */
        /* a surname of four letters at least (five with ال): shorter ones are words */
        if (!ti->arabic || letters(ti) < (ti->def ? 5u : 4u) || is_ala(c, i)) continue;
        hit = msd_strmap_get(names, w, wl, &v, &vl);
        if (!hit && wl > 8 &&
            (!strncmp(w, "و", 2) || !strncmp(w, "ل", 2) || !strncmp(w, "ب", 2) ||
             !strncmp(w, "ف", 2))) {
            hit = msd_strmap_get(names, w + 2, wl - 2, &v, &vl); /* "ورايان" */
            strip = 1;
        }
        if (hit && v[1] == (char)MSD_E_PERS && (unsigned char)v[0] >= 2 && !(ti->cls & NOT_NAME)) {
            c->v->w[i].strip = strip;
            rc = emit(c, i, i, MSD_E_PERS, v + 2, vl - 2);
        } else if (ti->def && msd_strmap_get(names, ti->base, ti->base_len, &v, &vl) &&
                   v[1] == (char)MSD_E_ORG && (unsigned char)v[0] >= 2) {
            rc = emit(c, i, i, MSD_E_ORG, v + 2, vl - 2); /* "المرصد", "للمرصد" */
        }
    }
    while (!rc && k < found.n) rc = move(c->out, &found.items[k++]);
    msd_entities_clear(&found);
    return rc;
}

int msd_entities_find(const msd_xview *v, msd_entities *out)
{
    struct ctx c = {v, out, NULL, 0, 0};
    msd_strmap *names = NULL;
    int rc;
    memset(out, 0, sizeof *out);
    rc = find_names(&c);
    if (!rc && out->n) rc = msd_strmap_new(64, 96, &names); /* grows as it must */
    if (!rc && names) rc = unify(&c, names);
    if (!rc && names) rc = short_forms(&c, names);
    msd_strmap_free(names);
    free(c.seen);
    if (rc) msd_entities_clear(out);
    return rc;
}

void msd_entities_clear(msd_entities *e)
{
    for (size_t i = 0; i < e->n; i++) {
        free(e->items[i].text);
        free(e->items[i].canonical);
    }
    free(e->items);
    memset(e, 0, sizeof *e);
}
