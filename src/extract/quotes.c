/*
 * quotes.c — direct and reported speech; the contract is in quotes.h.
 *
 * First the quote marks are paired over the raw text (tokens carry no punctuation) and
 * each token learns its sentence and the quotation it lies in. Then, at each speech
 * cue outside quote marks, the words after it are read up to what introduces the
 * speech: an opening quote mark (direct), a colon (direct, unquoted), or إن/أن
 * (reported); the words in between are the cue's subject, hence the speaker. Quotations
 * no verb claimed are tried last, with a cue after them or a speaker and a colon before.
 * Linear in the text but for the bounded look-ahead at each cue.
 */
#include "extract/quotes.h"

#include <stdlib.h>
#include <string.h>

#include "extract/entities.h"
#include "extract/lexicon.h"
#include "extract/words.h"
#include "marsad.h"
#include "text/utf8.h"
#include "util/grow.h"
#include "util/str.h"

/* tokens between a cue and what it introduces; past MAX_PLAIN only a person's name ends
 * them: a chain of roles before a name runs to 17 ("وقال مدير عام الإدارة العامة للطيران
 * المدني في الوزارة، اللواء الطيار …، إن") */
#define MAX_SUBJECT 24
#define MAX_PLAIN   14
#define MAX_CLAUSE  200 /* tokens of reported speech: a run-on "sentence" is cut there */

struct qspan {              /* a pair of quote marks */
    size_t open_b, close_b; /* bytes of the opening mark and of the closing one (for a
                               mark never closed: where its paragraph ends) */
    size_t first, last;     /* the tokens inside (first > last: none) */
    int used;
    int unclosed; /* an opening mark without its closer: nobody's speech */
};

struct ctx {
    const msd_xview *v;
    const msd_entities *ents;
    msd_quotes *out;
    struct qspan *qs;
    size_t nq;
    long *in_q;         /* per token: index into qs, or -1 */
    size_t *sent;       /* per token: sentence number */
    size_t *send;       /* per token: the last token of its sentence */
    size_t *para;       /* per token: paragraph (line) number */
    char *last_speaker; /* malloc'd copy of the speaker of the last quotation that had one */
    size_t last_at;     /* the token that quotation was asked at (its cue) */
    size_t last_end;    /* the last token of that quotation */
};

/* ---- Quote marks and sentences ------------------------------------------------------------ */

static int32_t closer_of(int32_t cp)
{
    switch (cp) {
    case 0xAB: return 0xBB;     /* « » */
    case 0xBB: return 0xAB;     /* » « as some right-to-left texts write them */
    case 0x201C: return 0x201D; /* “ ” */
    case 0x201D: return 0x201C;
    case 0x201E: return 0x201D; /* „ ” */
    case '"': return '"';
    default: return 0;
    }
}

static int add_span(struct ctx *c, size_t open_b, size_t close_b, int unclosed, size_t *cap)
{
    int rc = msd_grow((void **)&c->qs, cap, c->nq + 1, sizeof *c->qs, MSD_GROW_DOC_MAX);
    if (rc) return rc;
    c->qs[c->nq].open_b = open_b;
    c->qs[c->nq].close_b = close_b;
    c->qs[c->nq].first = 1;
    c->qs[c->nq].last = 0;
    c->qs[c->nq].used = unclosed;
    c->qs[c->nq].unclosed = unclosed;
    c->nq++;
    return MARSAD_OK;
}

/* Pairs the outermost quote marks of each paragraph; a mark left open at a blank line is
 * kept as an unclosed span, so that what follows it is not read as speech. */
static int find_marks(struct ctx *c)
{
    const unsigned char *s = (const unsigned char *)c->v->text;
    size_t n = c->v->len, i = 0, cap = 0, open_b = 0;
    int32_t want = 0; /* the closer awaited, 0 outside quotes */
    int newlines = 0, rc = MARSAD_OK;
    while (i < n && !rc) {
        size_t at = i;
        int32_t cp = msd_utf8_next(s, n, &i, NULL);
        if (cp == '\n') {
            if (++newlines >= 2 && want) { /* a paragraph ends every quotation */
                rc = add_span(c, open_b, at, 1, &cap);
                want = 0;
            }
            continue;
        }
        if (cp != ' ' && cp != '\r') newlines = 0;
        if (want && cp == want) {
            rc = add_span(c, open_b, at, 0, &cap);
            want = 0;
        } else if (!want && closer_of(cp)) {
            want = closer_of(cp);
            open_b = at;
        }
    }
    if (!rc && want) rc = add_span(c, open_b, n, 1, &cap);
    return rc;
}

static int sentence_end_in_gap(const msd_xview *v, size_t a)
{
    static const int32_t marks[] = {0x61F, 0x61B, 0x6D4, 0};
    return msd_xview_gap_has(v, a, ".!?;\n", marks);
}

static int index_tokens(struct ctx *c)
{
    const msd_tokens *ts = c->v->ts;
    size_t q = 0, sent = 0, para = 0;
    c->in_q = malloc((ts->n + 1) * sizeof *c->in_q);
    c->sent = malloc((ts->n + 1) * sizeof *c->sent);
    c->send = malloc((ts->n + 1) * sizeof *c->send);
    c->para = malloc((ts->n + 1) * sizeof *c->para);
    if (!c->in_q || !c->sent || !c->send || !c->para) return MARSAD_ENOMEM;
    for (size_t i = 0; i < ts->n; i++) {
        while (q < c->nq && c->qs[q].close_b < ts->t[i].b0) q++;
        c->in_q[i] = -1;
        if (q < c->nq && ts->t[i].b0 > c->qs[q].open_b && ts->t[i].b1 <= c->qs[q].close_b) {
            c->in_q[i] = (long)q;
            if (c->qs[q].first > c->qs[q].last) c->qs[q].first = i;
            c->qs[q].last = i;
        }
        c->sent[i] = sent;
        c->para[i] = para;
        if (sentence_end_in_gap(c->v, i)) { /* a line break ends a sentence too */
            sent++;
            if (msd_xview_gap_has(c->v, i, "\n", NULL)) para++;
        }
    }
    for (size_t i = ts->n; i-- > 0;)
        c->send[i] = i + 1 < ts->n && c->sent[i + 1] == c->sent[i] ? c->send[i + 1] : i;
    return MARSAD_OK;
}

/* ---- Speakers ----------------------------------------------------------------------------- */

/* The first entity whose last token is at or after token i (entities are in order). */
static size_t entity_from(const struct ctx *c, size_t i)
{
    size_t lo = 0, hi = c->ents->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->ents->items[mid].tok_last < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

struct speaker {
    const char *name; /* borrowed: an entity's canonical or the last speaker; or own */
    char *own;        /* malloc'd phrase when no entity names the speaker */
    size_t b0, b1, c0, c1;
    size_t at;  /* the token the speaker was asked for: its cue */
    int found;  /* named at this cue (0: carried) */
    int person; /* found, and a person's name */
};

/* Tokens [k0, k1] as the speaker, named by the phrase itself. */
static int from_tokens(const struct ctx *c, size_t k0, size_t k1, struct speaker *sp)
{
    const msd_tokens *ts = c->v->ts;
    sp->b0 = ts->t[k0].b0;
    sp->b1 = ts->t[k1].b1;
    sp->c0 = ts->t[k0].c0;
    sp->c1 = ts->t[k1].c1;
    if (!(sp->own = msd_xview_clean(c->v->text + sp->b0, sp->b1 - sp->b0))) return MARSAD_ENOMEM;
    sp->name = sp->own;
    sp->found = 1;
    return MARSAD_OK;
}

/* Where a person's name begins inside an organization's name that ran on into it ("بلدية
 * السويرقية المهندس حسن العنزي", "وزارة الخارجية الأمريكية جون كيري"): after a title, or
 * at a first name, from the name's third word on (second, after a head with ال); 0 when
 * none. A title or first name as the second word belongs to the organization (جامعة الملك
 * سعود، مؤسسة محمد بن راشد). */
static size_t person_in_org(const struct ctx *c, const msd_entity *e)
{
    const unsigned title = MSD_W_TITLE | MSD_W_HONORIFIC;
    if (e->etype != MSD_E_ORG) return 0;
    /* a head with ال has no complement: what follows it is not its name ("مدير الإدارة
     * المهندس صالح المطيري") */
    for (size_t k = e->tok_first + (c->v->w[e->tok_first].def ? 1 : 2); k <= e->tok_last; k++) {
        unsigned cls = c->v->w[k].cls, prev = c->v->w[k - 1].cls;
        if (cls & title) {
            while (k < e->tok_last && (c->v->w[k].cls & title)) k++;
            return c->v->w[k].cls & title ? 0 : k;
        }
        if (k < e->tok_last && (cls & MSD_W_GIVEN) && !(cls & MSD_W_GIVEN_AMBIG) &&
            !(prev & (title | MSD_W_NAME_PREFIX | MSD_W_NAME_LINK | MSD_W_GIVEN)))
            return k;
    }
    return 0;
}

/* The speaker an entity names: the entity, or the person an organization's name swallowed,
 * with the rest of the name after it ("… العقيد عاطي" "بن عطية القرشي"). */
static int from_entity(const struct ctx *c, const msd_entity *e, struct speaker *sp)
{
    size_t k = person_in_org(c, e);
    sp->person = k || e->etype == MSD_E_PERS;
    if (k) {
        size_t last = e->tok_last, n = c->v->ts->n;
        while (last + 1 < n && msd_xview_joined(c->v, last) && c->in_q[last + 1] < 0) {
            size_t x = entity_from(c, last + 1);
            if (x < c->ents->n && c->ents->items[x].tok_first == last + 1 &&
                c->ents->items[x].etype == MSD_E_PERS)
                last = c->ents->items[x].tok_last;
            else if ((c->v->w[last + 1].cls & MSD_W_NAME_LINK) && last + 2 < n &&
                     msd_xview_joined(c->v, last + 1))
                last += 2;
            else
                break;
        }
        return from_tokens(c, k, last, sp);
    }
    sp->name = e->canonical;
    sp->b0 = e->byte_start;
    sp->b1 = e->byte_end;
    sp->c0 = e->start;
    sp->c1 = e->end;
    sp->found = 1;
    return MARSAD_OK;
}

/* A word carrying ل or ب (لصحيفة، بحضور): a prepositional phrase, not the subject. */
static int prep_glued(const struct ctx *c, size_t k)
{
    const char *n = c->v->ts->t[k].norm;
    return (c->v->w[k].strip || !c->v->w[k].cls) && (!strncmp(n, "ل", 2) || !strncmp(n, "ب", 2)) &&
           strlen(n) > 6 && !(c->v->w[k].cls & MSD_W_GIVEN);
}

/* A preposition that relates the subject to someone else: من، عن، مع، إلى، على. */
static int relates(const struct ctx *c, size_t k)
{
    static const char *const preps[] = {"من", "عن", "مع", "الي", "لدي"};
    for (size_t i = 0; i < sizeof preps / sizeof preps[0]; i++)
        if (!strcmp(c->v->ts->t[k].norm, preps[i])) return 1;
    return msd_xview_is_ala(c->v, k);
}

/* Whether the preposition at token q makes the person named from token `person` someone the subject
 * at token a relates to ("مصدر مقرب من الرئيس بشار الأسد", "في مؤتمر مع نظيره … سامح شكري") rather
 * than the subject named after its role ("المشرف العام على الملتقى الأستاذ غرم الله
 * المالكي", "عضو البرلمان عن ائتلاف دولة القانون محمد الشمري"): it does unless its object
 * is some other noun and the subject is a role or the person has a title of their own. */
static int blocks(const struct ctx *c, size_t a, size_t q, size_t person)
{
    const unsigned title = MSD_W_TITLE | MSD_W_HONORIFIC;
    if (!relates(c, q)) return 0;
    if (q + 1 >= person || (c->v->w[q + 1].cls & title)) return 1;
    if (c->v->w[a].cls & (MSD_W_FUNCTION | MSD_W_TIME)) return 1;
    return !((c->v->w[a].cls & MSD_W_TITLE) || (c->v->w[person - 1].cls & title));
}

/* A word for people that is not a title: مصدر، شهود، دبلوماسي … (index forms), or a title:
 * a subject headed by one is a descriptor ("مسؤول في التحالف"), not its organization. */
static int people_word(const struct ctx *c, size_t k)
{
    static const char *const words[] = {"مصدر",   "مصادر",   "شهود",     "شاهد",       "سكان",
                                        "خبير",   "خبراء",   "محلل",     "محللون",     "ناشط",
                                        "ناشطون", "مسءولون", "دبلوماسي", "دبلوماسيون", "مراقبون"};
    const struct msd_xword *w = &c->v->w[k];
    const char *base = w->base;
    size_t n = w->base_len;
    if (w->cls & MSD_W_TITLE) return 1;
    if (n > 2 && !memcmp(base + n - 2, "ه", 2)) { /* a feminine: متحدثة، الخبيرة */
        if (msd_lexicon_word(c->v->lx, base, n - 2) & MSD_W_TITLE) return 1;
        n -= 2;
    }
    if (w->def && n > 4) base += 4, n -= 4; /* ال */
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (n == strlen(words[i]) && !memcmp(base, words[i], n)) return 1;
    return 0;
}

/* The last token of a descriptor that ends at token last, once it takes in the organization
 * or place it belongs to: "المتحدث باسم وزارة الداخلية", "مسؤول في التحالف", "مصدر
 * بالشرطة" (up to token b). */
static size_t belongs_to(const struct ctx *c, size_t last, size_t b)
{
    size_t k = entity_from(c, last), to = last + 1;
    if (k < c->ents->n && c->ents->items[k].tok_first <= last && c->ents->items[k].tok_last <= b &&
        c->ents->items[k].etype != MSD_E_PERS)
        return c->ents->items[k].tok_last; /* an entity the three words cut */
    if (to > b || !msd_xview_joined(c->v, last)) return last;
    if (c->v->w[to].strip != 1 || strncmp(c->v->ts->t[to].norm, "ب", 2)) { /* not glued ب */
        static const char *const links[] = {"في", "باسم", "لدي", "داخل"};
        size_t i = 0;
        while (i < 4 && strcmp(c->v->ts->t[to].norm, links[i])) i++;
        if (i == 4 || !msd_xview_joined(c->v, to)) return last;
        to++;
    }
    k = entity_from(c, to);
    if (to <= b && k < c->ents->n && c->ents->items[k].tok_first == to &&
        c->ents->items[k].tok_last <= b && c->ents->items[k].etype != MSD_E_PERS &&
        c->ents->items[k].etype != MSD_E_MISC)
        return c->ents->items[k].tok_last;
    return last;
}

/* The first token of the titles before a name at token p, and of their complements ("وزير
 * الخارجية خالد العلي"), not before token s0. */
static size_t titles_before(const struct ctx *c, size_t s0, size_t p)
{
    while (p > s0 && msd_xview_joined(c->v, p - 1) &&
           ((c->v->w[p - 1].cls & (MSD_W_TITLE | MSD_W_HONORIFIC)) ||
            (p - 1 > s0 && (c->v->w[p - 2].cls & MSD_W_TITLE) && msd_xview_joined(c->v, p - 2))))
        p--;
    return p;
}

/* Whether entity e lies in a quotation already found since token s0. */
static int quoted(const struct ctx *c, const msd_entity *e, size_t s0)
{
    for (size_t i = c->out->n; i-- > 0 && c->out->items[i].byte_end > c->v->ts->t[s0].b0;)
        if (e->byte_start >= c->out->items[i].byte_start &&
            e->byte_start < c->out->items[i].byte_end)
            return 1;
    return 0;
}

/* Who a verb with no subject of its own continues: the subject of its sentence's first verb,
 * before token at. A person named after that verb as the subject phrase would name it
 * ("التقى الرئيس عبد الفتاح السيسي بالوفد، وقال في إحداها إن"; "قلل مفوض العون في ولاية
 * كسلا، محمد الأمين حامد، من …، مؤكدا أن"), or an organization right after the verb
 * ("أصدرت وزارة الدفاع بيانا …، وأعلنت فيه أن"); not one after a preposition the subject
 * relates through, nor after أن, nor in a quotation. Deeper in the sentence an entity is
 * as often an object or a noun's complement ("… منزل عائلة دوابشة"). */
static const msd_entity *sentence_subject(const struct ctx *c, size_t at)
{
    size_t s0 = at;
    while (s0 > 0 && c->sent[s0 - 1] == c->sent[at] && at - s0 < MAX_CLAUSE) s0--;
    for (size_t k = entity_from(c, s0); k < c->ents->n && c->ents->items[k].tok_last < at; k++) {
        const msd_entity *e = &c->ents->items[k];
        size_t p = e->tok_first, q;
        if (p < s0 + 1 || (e->etype != MSD_E_PERS && e->etype != MSD_E_ORG)) continue;
        if (c->in_q[p] >= 0 || quoted(c, e, s0)) continue;
        for (q = s0 + 1; q < p && !blocks(c, s0 + 1, q, p) && !(c->v->w[q].cls & MSD_W_THAT); q++)
            ;
        if (q < p || p > s0 + MAX_SUBJECT) break;
        p = titles_before(c, s0, p);
        if (prep_glued(c, p) || (p > s0 && !strcmp(c->v->ts->t[p - 1].norm, "في"))) continue;
        if (e->etype == MSD_E_ORG && (p > s0 + 2 || p < e->tok_first))
            continue; /* "رئيس الاتحاد" */
        return e;
    }
    return NULL;
}

/* The speaker of a cue at token at that names none (sp->found stays 0): the speaker of the
 * quotation before it in its sentence; else the person or organization its sentence names
 * before it; else the last speaker, only when quoted in the same paragraph (line) or when
 * its quotation ended in the sentence before. Further away a reader could not tell who speaks
 * either, and a wrong name is worse than none: on SaudiNewsNet the unlimited carry-over named
 * speakers from paragraphs away. */
static void carried(const struct ctx *c, size_t at, struct speaker *sp)
{
    const msd_entity *e;
    sp->found = 0;
    sp->name = NULL;
    if (c->last_speaker && c->sent[c->last_at] == c->sent[at])
        sp->name = c->last_speaker;
    else if ((e = sentence_subject(c, at)))
        sp->name = e->canonical;
    else if (c->last_speaker &&
             (c->para[c->last_at] == c->para[at] || c->para[c->last_end] == c->para[at] ||
              c->sent[c->last_end] + 1 >= c->sent[at]))
        sp->name = c->last_speaker;
}

/* Whether the gap after token a holds only commas, colons and spaces (not "، لـ«"), and
 * quote marks when `marks`. */
static int commas_only(const struct ctx *c, size_t a, int marks)
{
    const unsigned char *s = (const unsigned char *)c->v->text;
    size_t k = c->v->ts->t[a].b1, end = a + 1 < c->v->ts->n ? c->v->ts->t[a + 1].b0 : c->v->len;
    while (k < end) {
        int32_t x = msd_utf8_next(s, end, &k, NULL);
        if (x != ' ' && x != ',' && x != ':' && x != 0x60C && !(marks && closer_of(x))) return 0;
    }
    return 1;
}

/* A name the entity finder does not know, set off by commas at the end [.., b] of a subject
 * headed by a role at a: "العقيد في الجيش الفرنسي ،مارتان،". Its first token, or 0. */
static size_t name_between_commas(const struct ctx *c, size_t a, size_t b)
{
    static const int32_t comma[] = {0x60C, 0};
    const unsigned not_name = MSD_W_FUNCTION | MSD_W_TIME | MSD_W_TITLE | MSD_W_THAT |
                              MSD_W_PARTICIPLE | MSD_W_SPEECH | MSD_W_ORG_HEAD | MSD_W_PLACE_HEAD;
    size_t n0 = b, k;
    if (b < a + 2 || !people_word(c, a) || !msd_xview_gap_has(c->v, b, ",", comma) ||
        !commas_only(c, b, 1))
        return 0;
    while (n0 > a + 1 && n0 + 2 > b && msd_xview_joined(c->v, n0 - 1)) n0--;
    if (!msd_xview_gap_has(c->v, n0 - 1, ",", comma) || !commas_only(c, n0 - 1, 0)) return 0;
    k = entity_from(c, n0);
    if (k < c->ents->n && c->ents->items[k].tok_first <= b) return 0; /* a name it knows */
    for (k = n0; k <= b; k++)
        if (!c->v->w[k].arabic || (c->v->w[k].cls & not_name) || c->v->w[k].strip) return 0;
    return n0;
}

/* The speaker among tokens [a, b] (the cue's subject; empty when a > b), or the entity
 * just before a subjectless verb at token verb (svo: "الوزير أكد أن"), or carried(). */
static int subject(struct ctx *c, size_t a, size_t b, size_t verb, int svo, struct speaker *sp)
{
    size_t k;
    memset(sp, 0, sizeof *sp);
    sp->at = verb;
    if (a <= b) {
        /* a person named in it ("المتحدث باسم التحالف الكولونيل ستيف وارن"), but not one
         * the subject only relates to ("مصدر مقرب من الرئيس بشار الأسد") */
        for (k = entity_from(c, a); k < c->ents->n && c->ents->items[k].tok_first <= b; k++) {
            const msd_entity *e = &c->ents->items[k];
            size_t q, person = e->etype == MSD_E_PERS ? e->tok_first : person_in_org(c, e);
            if (!person) continue;
            for (q = a; q < person && !blocks(c, a, q, person); q++)
                ;
            if (q < person) break;
            if (prep_glued(c, titles_before(c, a, person))) break; /* "لخادم الحرمين الملك" */
            if (e->tok_last <= b) return from_entity(c, e, sp);
        }
        if ((k = name_between_commas(c, a, b))) {
            sp->person = 1;
            return from_tokens(c, k, b, sp);
        }
        /* the subject phrase ends at the first adjunct: "مصدر أمني" (not "في بيان", "أمس",
         * "لوكالة فرانس برس"), three words at most (not "دبلوماسي عربي طلب عدم الكشف") */
        for (k = a; k <= b && k < a + 3; k++) {
            const struct msd_xword *w = &c->v->w[k];
            if (!w->arabic || (w->cls & (MSD_W_FUNCTION | MSD_W_TIME | MSD_W_THAT)) ||
                msd_xview_is_ala(c->v, k) || (k > a && !msd_xview_joined(c->v, k - 1)) ||
                (k > a && (w->cls & MSD_W_TITLE)) || /* "بلاتيني رئيس الاتحاد": the role */
                (k > a && prep_glued(c, k)))
                break;
        }
        /* an organization or place that is the subject ("قالت وزارة الخارجية") or owns
         * it ("بحسب أرقام الأمم المتحدة"); a descriptor keeps its organization instead
         * ("المتحدث باسم وزارة الداخلية", "مسؤول في التحالف") */
        {
            size_t e = entity_from(c, a);
            if (e < c->ents->n && c->ents->items[e].tok_first < (k > a ? k : a + 1) &&
                c->ents->items[e].tok_last <= b && c->ents->items[e].etype != MSD_E_MISC &&
                !(k > a && c->ents->items[e].tok_first > a && people_word(c, a)))
                return from_entity(c, &c->ents->items[e], sp);
        }
        if (k > a)
            return from_tokens(c, a, people_word(c, a) ? belongs_to(c, k - 1, b) : k - 1, sp);
    }
    /* "الوزير أكد أن": only a verb without و/ف can follow its subject */
    if (svo && verb > 0 && !c->v->w[verb].strip && msd_xview_joined(c->v, verb - 1)) {
        const struct msd_xword *w = &c->v->w[verb - 1];
        k = entity_from(c, verb - 1);
        if (k < c->ents->n && c->ents->items[k].tok_last == verb - 1 &&
            c->ents->items[k].etype != MSD_E_MISC)
            return from_entity(c, &c->ents->items[k], sp);
        if (w->def && !w->strip && (w->cls & (MSD_W_TITLE | MSD_W_ORG_HEAD))) /* a role */
            return from_tokens(c, verb - 1, verb - 1, sp);
    }
    carried(c, verb, sp);
    return MARSAD_OK;
}

/* ---- Output ------------------------------------------------------------------------------- */

static msd_quote *push(msd_quotes *qs)
{
    if (msd_grow((void **)&qs->items, &qs->cap, qs->n + 1, sizeof *qs->items, MSD_GROW_DOC_MAX))
        return NULL;
    memset(&qs->items[qs->n], 0, sizeof qs->items[0]);
    return &qs->items[qs->n++];
}

/* Code points from byte `from` (at code point cfrom) to byte `to`. */
static size_t cp_at(const char *text, size_t from, size_t cfrom, size_t to)
{
    while (from < to) {
        msd_utf8_next((const unsigned char *)text, to, &from, NULL);
        cfrom++;
    }
    return cfrom;
}

/* The token that holds byte b, or the last before it. */
static size_t token_at(const struct ctx *c, size_t b)
{
    size_t lo = 0, hi = c->v->ts->n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (c->v->ts->t[mid].b0 <= b)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Emits a quotation of bytes [b0, b1) starting at code point c0; cue is a token or
 * (size_t)-1. */
static int emit(struct ctx *c, size_t b0, size_t b1, size_t c0, size_t cue, int direct,
                struct speaker *sp)
{
    const char *text = c->v->text;
    msd_quote *q;
    while (b1 > b0 && (text[b1 - 1] == ' ' || text[b1 - 1] == '\n')) b1--;
    if (b1 <= b0) return MARSAD_OK;
    if (!(q = push(c->out))) return MARSAD_ENOMEM;
    q->byte_start = b0;
    q->byte_end = b1;
    q->start = c0;
    q->end = cp_at(text, b0, c0, b1);
    q->direct = direct;
    q->text = msd_strndup(text + b0, b1 - b0);
    if (!q->text) return MARSAD_ENOMEM;
    if (cue != (size_t)-1) {
        size_t cb, cc;
        msd_xview_skip(c->v, cue, c->v->w[cue].strip, &cb, &cc);
        q->cue_start = cc;
        q->cue_end = c->v->ts->t[cue].c1;
        if (!(q->cue = msd_xview_clean(text + cb, c->v->ts->t[cue].b1 - cb))) return MARSAD_ENOMEM;
    }
    if (sp->name && !(q->speaker = msd_strndup(sp->name, strlen(sp->name)))) return MARSAD_ENOMEM;
    if (sp->found) {
        q->speaker_text = msd_strndup(text + sp->b0, sp->b1 - sp->b0);
        q->speaker_start = sp->c0;
        q->speaker_end = sp->c1;
        if (!q->speaker_text) return MARSAD_ENOMEM;
    }
    if (sp->name) { /* carried on from here, found or carried itself */
        if (sp->name != c->last_speaker) {
            char *name = msd_strndup(sp->name, strlen(sp->name));
            if (!name) return MARSAD_ENOMEM;
            free(c->last_speaker);
            c->last_speaker = name;
        }
        c->last_at = sp->at;
        c->last_end = token_at(c, b1 - 1);
    }
    return MARSAD_OK;
}

/* The last token of token i's sentence, or of its first MAX_CLAUSE tokens from i. */
static size_t sentence_last(const struct ctx *c, size_t i)
{
    return c->send[i] - i >= MAX_CLAUSE ? i + MAX_CLAUSE - 1 : c->send[i];
}

/* A quotation of the quote marks q. */
static int emit_marks(struct ctx *c, struct qspan *q, size_t cue, struct speaker *sp)
{
    const msd_tokens *ts = c->v->ts;
    size_t b0 = ts->t[q->first].b0;
    q->used = 1;
    return emit(c, b0, ts->t[q->last].b1, ts->t[q->first].c0, cue, 1, sp);
}

/* Whether the participle at token k introduces speech of its own: a colon, أن or إلى أن
 * right after it ("مضيفا أن", "مشيرا إلى أن", "قائلا:"), comma or not. */
static int introduces(const struct ctx *c, size_t k)
{
    for (size_t j = k; j < k + 2 && j + 1 < c->v->ts->n && c->sent[j + 1] == c->sent[k]; j++)
        if (msd_xview_gap_has(c->v, j, ":", NULL) || (c->v->w[j + 1].cls & MSD_W_THAT)) return 1;
    return 0;
}

/* From token i to the end of its sentence, reported (or direct after a colon). */
static int emit_clause(struct ctx *c, size_t i, size_t cue, int direct, struct speaker *sp)
{
    const msd_tokens *ts = c->v->ts;
    size_t last = sentence_last(c, i);
    static const int32_t comma[] = {0x60C, 0};
    /* the clause stops at a quotation it does not hold whole, and at a comma before
     * the next cue ("…، مشيرا إلى أن", "…، ويضيف أنه") */
    for (size_t k = i; k <= last; k++) {
        if (c->in_q[k] >= 0 && c->qs[c->in_q[k]].last > last) {
            last = k > i ? k - 1 : i;
            break;
        }
        if (k > i && (c->v->w[k].cls & (MSD_W_SPEECH | MSD_W_PARTICIPLE)) &&
            (msd_xview_gap_has(c->v, k - 1, ",", comma) ||
             ((c->v->w[k].cls & MSD_W_PARTICIPLE) && c->in_q[k] < 0 && introduces(c, k)))) {
            last = k - 1;
            break;
        }
    }
    {
        /* a quotation at either end of the clause keeps its marks: «…» */
        size_t b0 = ts->t[i].b0, b1 = ts->t[last].b1, c0 = ts->t[i].c0;
        if (c->in_q[i] >= 0 && c->qs[c->in_q[i]].first == i && !c->qs[c->in_q[i]].unclosed) {
            c0 -= cp_at(c->v->text, c->qs[c->in_q[i]].open_b, 0, b0);
            b0 = c->qs[c->in_q[i]].open_b;
        }
        if (c->in_q[last] >= 0 && c->qs[c->in_q[last]].last == last &&
            !c->qs[c->in_q[last]].unclosed) {
            size_t k = c->qs[c->in_q[last]].close_b;
            msd_utf8_next((const unsigned char *)c->v->text, c->v->len, &k, NULL);
            b1 = k;
        }
        return emit(c, b0, b1, c0, cue, direct, sp);
    }
}

/* إن، أن، بأن، فإن: the clause begins after it (إنه، أنها begin it themselves). */
static int is_bare_that(const struct ctx *c, size_t t)
{
    const struct msd_xword *w = &c->v->w[t];
    return (w->base_len == 4 && !memcmp(w->base, "ان", 4)) ||
           (w->base_len == 6 && (!memcmp(w->base, "بان", 6) || !memcmp(w->base, "فان", 6)));
}

/* Whether a letter the tokens leave out stands right before the opening mark of q: the
 * preposition of "، لـ«الشرق الأوسط»", a name in quotes rather than speech. */
static int letter_before(const struct ctx *c, const struct qspan *q)
{
    const unsigned char *s = (const unsigned char *)c->v->text;
    size_t k = c->v->ts->t[q->first - 1].b1;
    int letter = 0;
    while (k < q->open_b) {
        int32_t x = msd_utf8_next(s, q->open_b, &k, NULL);
        if (x != 0x640) letter = x >= 0x621 && x <= 0x64A; /* tatweel: "لـ" */
    }
    return letter;
}

/* Whether the quote marks q after a cue hold speech rather than a name in quotes
 * ("لصحيفة «الحياة»"): a colon or comma opens them, or they hold three words at least
 * and close their sentence or clause. */
static int reads_as_speech(const struct ctx *c, const struct qspan *q)
{
    static const int32_t comma[] = {0x60C, 0};
    size_t words = q->last - q->first + 1;
    if (q->unclosed) return 0;
    if (q->first > 0 && msd_xview_gap_has(c->v, q->first - 1, ":,", comma) && !letter_before(c, q))
        return 1;
    if (words < 3) return 0;
    return q->last + 1 >= c->v->ts->n || sentence_end_in_gap(c->v, q->last) ||
           msd_xview_gap_has(c->v, q->last, ",", comma);
}

/* ---- Cues --------------------------------------------------------------------------------- */

/* Reads what a cue at token i introduces. participle: the subject is never between. */
static int at_cue(struct ctx *c, size_t i, int participle)
{
    const msd_tokens *ts = c->v->ts;
    for (size_t k = i; k < ts->n && k <= i + MAX_SUBJECT; k++) {
        struct speaker sp;
        int rc;
        size_t nx = k + 1;
        if (k > i && c->sent[k] != c->sent[i]) return MARSAD_OK;
        if (k > i && c->in_q[k] >= 0 && c->in_q[nx < ts->n ? nx : k] == c->in_q[k]) continue;
        if (k > i && (c->v->w[k].cls & (MSD_W_SPEECH | MSD_W_PARTICIPLE))) return MARSAD_OK;
        if (nx >= ts->n) return MARSAD_OK;
        /* a quotation opens right after k: "وقال رايان: «…»" */
        if (c->in_q[nx] >= 0 && c->qs[c->in_q[nx]].first == nx && !c->qs[c->in_q[nx]].used &&
            c->qs[c->in_q[nx]].open_b >= ts->t[k].b1 && reads_as_speech(c, &c->qs[c->in_q[nx]])) {
            if ((rc = subject(c, i + 1, participle ? 0 : k, i, !participle, &sp))) return rc;
            if (k > i + MAX_PLAIN && !sp.person) { /* a long subject names a person */
                free(sp.own);
                return MARSAD_OK;
            }
            rc = emit_marks(c, &c->qs[c->in_q[nx]], i, &sp);
            free(sp.own);
            return rc;
        }
        if (sentence_end_in_gap(c->v, k)) return MARSAD_OK;
        /* a colon: what follows is the speech (not an opening mark that never closes) */
        if (msd_xview_gap_has(c->v, k, ":", NULL)) {
            if (c->in_q[nx] >= 0 && c->qs[c->in_q[nx]].unclosed) return MARSAD_OK;
            if ((rc = subject(c, i + 1, participle ? 0 : k, i, !participle, &sp))) return rc;
            if (k > i + MAX_PLAIN && !sp.person) { /* a long subject names a person */
                free(sp.own);
                return MARSAD_OK;
            }
            rc = emit_clause(c, nx, i, 1, &sp);
            free(sp.own);
            return rc;
        }
        /* إن / أن: reported speech */
        if ((c->v->w[nx].cls & MSD_W_THAT) && c->in_q[nx] < 0) {
            size_t from = is_bare_that(c, nx) ? nx + 1 : nx;
            if (from >= ts->n || c->sent[from] != c->sent[nx]) return MARSAD_OK;
            if ((rc = subject(c, i + 1, participle ? 0 : k, i, !participle, &sp))) return rc;
            if (k > i + MAX_PLAIN && !sp.person) { /* a long subject names a person */
                free(sp.own);
                return MARSAD_OK;
            }
            /* "قال إن «…»": a quotation that is the whole clause is direct speech */
            if (c->in_q[from] >= 0 && c->qs[c->in_q[from]].first == from &&
                reads_as_speech(c, &c->qs[c->in_q[from]]))
                rc = emit_marks(c, &c->qs[c->in_q[from]], i, &sp);
            else
                rc = emit_clause(c, from, i, 0, &sp);
            free(sp.own);
            return rc;
        }
        if (participle && k > i + 3) return MARSAD_OK;
    }
    return MARSAD_OK;
}

/* "وبحسب X، فإن …" (X's words follow) and "…، بحسب X" (they come before). */
static int at_according(struct ctx *c, size_t i)
{
    const msd_tokens *ts = c->v->ts;
    size_t a = i + 1, b, first = i;
    struct speaker sp;
    int rc;
    if (a < ts->n && !strcmp(ts->t[a].norm, "عن")) a++; /* نقلا عن */
    if (a >= ts->n || c->sent[a] != c->sent[i] || !msd_xview_joined(c->v, i) ||
        (a > i + 1 && !msd_xview_joined(c->v, i + 1)))
        return MARSAD_OK;
    for (b = a; b + 1 < ts->n && b < a + MAX_PLAIN; b++)
        if (!msd_xview_joined(c->v, b) || (c->v->w[b + 1].cls & MSD_W_THAT)) break;
    while (first > 0 && i - first < MAX_CLAUSE && c->sent[first - 1] == c->sent[i]) first--;
    if ((rc = subject(c, a, b, i, 0, &sp))) return rc;
    if (!sp.found) return MARSAD_OK;
    if (sp.own && sp.b0 == ts->t[a].b0 && !strncmp(ts->t[a].norm, "ل", 2)) {
        /* "وفقا لمصادر أمنية": the source is مصادر أمنية */
        char *own;
        msd_xview_skip(c->v, a, 1, &sp.b0, &sp.c0);
        if (!(own = msd_xview_clean(c->v->text + sp.b0, sp.b1 - sp.b0))) {
            free(sp.own);
            return MARSAD_ENOMEM;
        }
        free(sp.own);
        sp.own = own;
        sp.name = own;
    }
    if (first == i) { /* at the head of its sentence: the words after X */
        size_t from = b + 1;
        if (from < ts->n && (c->v->w[from].cls & MSD_W_THAT) && is_bare_that(c, from)) from++;
        if (from < ts->n && c->sent[from] == c->sent[i]) rc = emit_clause(c, from, i, 0, &sp);
    } else if (msd_xview_gap_has(c->v, i - 1, ",", (const int32_t[]){0x60C, 0})) {
        /* after a comma: the sentence before it */
        size_t last = i - 1;
        if (c->in_q[first] < 0 && c->in_q[last] < 0)
            rc = emit(c, ts->t[first].b0, ts->t[last].b1, ts->t[first].c0, i, 0, &sp);
    }
    free(sp.own);
    return rc;
}

/* Quotations no cue before them claimed: "«…»، قال رايان", "رايان: «…»". */
static int lone_marks(struct ctx *c, struct qspan *q)
{
    const msd_tokens *ts = c->v->ts;
    struct speaker sp;
    size_t r = q->last + 1;
    int rc = MARSAD_OK;
    if (q->first > q->last || q->unclosed) return MARSAD_OK;
    /* a cue right after the closing mark, in the same sentence */
    if (r < ts->n && c->in_q[r] < 0 && ts->t[r].b0 > q->close_b &&
        (c->v->w[r].cls & (MSD_W_SPEECH | MSD_W_PARTICIPLE | MSD_W_ACCORDING)) &&
        !msd_xview_gap_has(c->v, q->last, "\n", NULL)) {
        size_t b = r;
        while (b + 1 < ts->n && b < r + MAX_PLAIN && msd_xview_joined(c->v, b) &&
               c->in_q[b + 1] < 0)
            b++;
        if ((rc = subject(c, r + 1, b, r, 0, &sp))) return rc;
        rc = emit_marks(c, q, r, &sp);
        free(sp.own);
        return rc;
    }
    /* a speaker and a colon right before the opening mark */
    if (q->first > 0 && msd_xview_gap_has(c->v, q->first - 1, ":", NULL)) {
        size_t k = entity_from(c, q->first - 1);
        if (k < c->ents->n && c->ents->items[k].tok_last == q->first - 1 &&
            (c->ents->items[k].etype == MSD_E_PERS || c->ents->items[k].etype == MSD_E_ORG)) {
            memset(&sp, 0, sizeof sp);
            sp.at = q->first;
            if (!(rc = from_entity(c, &c->ents->items[k], &sp)))
                rc = emit_marks(c, q, (size_t)-1, &sp);
            free(sp.own);
        }
    }
    return rc;
}

static int by_start(const void *a, const void *b)
{
    const msd_quote *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Orders the quotations and drops any that overlaps one before it. */
static void tidy(msd_quotes *qs)
{
    size_t o = 0;
    if (qs->n > 1) qsort(qs->items, qs->n, sizeof qs->items[0], by_start);
    for (size_t i = 0; i < qs->n; i++) {
        if (o && qs->items[i].start < qs->items[o - 1].end) {
            msd_quote *q = &qs->items[i];
            free(q->speaker);
            free(q->speaker_text);
            free(q->cue);
            free(q->text);
            continue;
        }
        qs->items[o++] = qs->items[i];
    }
    qs->n = o;
}

/* بين is "between" unless it opens a clause: "وبيّن مدير التعليم أن …" (the tashkeel
 * gone) is a cue, "مقارنة بين سكان الرياض وجدة أن …" is not. */
static int between(const struct ctx *c, size_t i)
{
    static const int32_t arabic_comma[] = {0x060C, 0};
    const struct msd_xword *w = &c->v->w[i];
    if (w->base_len != 6 || memcmp(w->base, "بين", 6)) return 0;
    return !(i == 0 || c->sent[i - 1] != c->sent[i] ||
             msd_xview_gap_has(c->v, i - 1, ",", arabic_comma));
}

/* ---- Speakers named by their kind ---------------------------------------------------------- */

/* Heads of the names a text shortens to "the <head>" once it has given them: المنظمة for
 * منظمة الأمم المتحدة للطفولة, الحركة for حركة طالبان, المصدر for مصدر في المستشفى
 * (index form). */
static const char *const kind_heads[] = {
    "منظمه", "حركه",  "شركه",  "وزاره", "هيئه", "رابطه", "جمعيه", "مصدر",     "مسؤول", "مجلس",
    "اتحاد", "جماعه", "تنظيم", "وكاله", "لجنه", "مؤسسه", "مركز",  "فيدراليه", "نقابه", NULL};

/* The first word of s in index form, without ال, into buf (cap bytes); its words into
 * *words. */
static void head_key(const char *s, char *buf, size_t cap, size_t *words)
{
    size_t n = 0, need = 0, len = strlen(s);
    const char *sp = strchr(s, ' ');
    *words = 1;
    for (const char *q = sp; q; q = strchr(q + 1, ' ')) ++*words;
    buf[0] = 0;
    if (marsad_normalize(s, sp ? (size_t)(sp - s) : len, MARSAD_NORM_INDEX, buf, cap - 1, &need) ||
        need >= cap)
        return;
    n = need;
    buf[n] = 0;
    if (n > 4 && !memcmp(buf, "ال", 4)) memmove(buf, buf + 4, n - 4 + 1);
}

static int kind_head(const char *key)
{
    for (size_t k = 0; kind_heads[k]; k++)
        if (!strcmp(key, kind_heads[k])) return 1;
    return 0;
}

/* A speaker written as its kind ("وقالت المنظمة الدولية", "وأضاف المصدر") is the one of
 * that kind the text named last before it: the speaker of an earlier quotation whose
 * name opens with that head, else an organization named earlier whose name does
 * (الرابطة → الرابطة الوطنية للوسطاء العقاريين). speaker_text stays as written. Kept
 * as it is when none is named: then the phrase is all the text says. Only the last
 * KIND_LOOKBACK quotations and entities are looked at, so that a text of thousands of
 * "وقال المجلس" costs linear time (a 1.2 MB one took 14 s when every one looked at
 * all before it). Returns MARSAD_OK or MARSAD_ENOMEM. */
#define KIND_LOOKBACK 48

static int resolve_kinds(msd_quotes *qs, const msd_entities *ents)
{
    size_t e0 = 0; /* entities before e0 start before the quotation at hand */
    for (size_t i = 0; i < qs->n; i++) {
        msd_quote *q = &qs->items[i];
        char key[64], other[64];
        size_t words, ow;
        const char *found = NULL;
        if (!q->speaker || !q->speaker_text) continue;
        head_key(q->speaker, key, sizeof key, &words);
        if (words > 2 || strncmp(q->speaker, "ال", 4) || !kind_head(key)) continue;
        for (size_t j = i; j-- > 0 && j + KIND_LOOKBACK >= i && !found;) {
            const char *s = qs->items[j].speaker;
            if (!s || !strcmp(s, q->speaker)) continue;
            head_key(s, other, sizeof other, &ow);
            if (ow > words && !strcmp(other, key)) found = s;
        }
        while (ents && e0 < ents->n && ents->items[e0].start < q->start) e0++;
        for (size_t e = e0; e-- > 0 && e + KIND_LOOKBACK >= e0 && !found;) {
            const msd_entity *x = &ents->items[e];
            if (x->end > q->start || x->etype != MSD_E_ORG) continue;
            head_key(x->canonical, other, sizeof other, &ow);
            if (ow > words && !strcmp(other, key)) found = x->canonical;
        }
        if (found) {
            char *s = msd_strdup(found);
            if (!s) return MARSAD_ENOMEM;
            free(q->speaker);
            q->speaker = s;
        }
    }
    return MARSAD_OK;
}

int msd_quotes_find(const msd_xview *v, const msd_entities *ents, msd_quotes *out)
{
    struct ctx c = {v, ents, out, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0, 0};
    int rc;
    memset(out, 0, sizeof *out);
    rc = find_marks(&c);
    if (!rc) rc = index_tokens(&c);
    for (size_t i = 0, q = 0; !rc && i < v->ts->n; i++) {
        unsigned cls = v->w[i].cls;
        /* quotations that close before this token and no cue claimed */
        for (; !rc && q < c.nq && c.qs[q].close_b < v->ts->t[i].b0; q++)
            if (!c.qs[q].used && c.qs[q].last + 1 == i) rc = lone_marks(&c, &c.qs[q]);
        if (rc || c.in_q[i] >= 0) continue; /* a cue inside quote marks is quoted */
        if ((cls & MSD_W_SPEECH) && between(&c, i)) continue;
        if (cls & MSD_W_SPEECH)
            rc = at_cue(&c, i, 0);
        else if (cls & MSD_W_PARTICIPLE)
            rc = at_cue(&c, i, 1);
        else if (cls & MSD_W_ACCORDING)
            rc = at_according(&c, i);
    }
    for (size_t q = 0; !rc && q < c.nq; q++)
        if (!c.qs[q].used && c.qs[q].last + 1 >= v->ts->n) rc = lone_marks(&c, &c.qs[q]);
    if (!rc) tidy(out);
    if (!rc) rc = resolve_kinds(out, ents);
    free(c.qs);
    free(c.in_q);
    free(c.sent);
    free(c.send);
    free(c.para);
    free(c.last_speaker);
    if (rc) msd_quotes_clear(out);
    return rc;
}

void msd_quotes_clear(msd_quotes *qs)
{
    for (size_t i = 0; i < qs->n; i++) {
        free(qs->items[i].speaker);
        free(qs->items[i].speaker_text);
        free(qs->items[i].cue);
        free(qs->items[i].text);
    }
    free(qs->items);
    memset(qs, 0, sizeof *qs);
}
