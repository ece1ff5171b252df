/* words.c — base forms and word classes of the tokens; see words.h. */
#include "extract/words.h"

#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "text/utf8.h"
#include "util/str.h"

/* Tashkeel, superscript alef and tatweel: they belong to the letter before them. */
static int is_mark(int32_t x)
{
    return (x >= 0x64B && x <= 0x65F) || x == 0x670 || x == 0x640;
}

static int arabic_word(const struct msd_tok *t)
{
    return t->kind == MARSAD_TOKEN_WORD && (unsigned char)t->norm[0] >= 0xD8 &&
           (unsigned char)t->norm[0] <= 0xDB;
}

static int known(const msd_lexicon *lx, const char *w, size_t n)
{
    return msd_lexicon_word(lx, w, n) || msd_lexicon_first(lx, w, n);
}

/* Proclitics, shortest first (the longest known base wins: "وبحسب" → بحسب, not حسب);
 * "لل" stands for ل + ال with the alef dropped. */
static const char *const proclitics[] = {"و",  "ف",  "ب",  "ل",  "ك",   "وب", "ول",
                                         "وك", "فب", "فل", "لل", "ولل", "فلل"};

/* Sets the base form of a token; returns MARSAD_ENOMEM when a rebuilt one cannot be kept. */
static int base_form(const msd_lexicon *lx, const struct msd_tok *t, struct msd_xword *w)
{
    char own[256];
    size_t n = strlen(t->norm);
    w->base = t->norm;
    w->base_len = n;
    w->strip = 0;
    /* a stopword that is و + a speech verb is read as the verb: "وبين" is "and between"
     * as a stopword, "وبيّن" (and he made clear) once the tashkeel is gone; only a
     * subject and أن after it make it a cue */
    if (known(lx, t->norm, n) &&
        !(n > 2 && !memcmp(t->norm, "و", 2) && msd_lexicon_word(lx, t->norm, n) == MSD_W_FUNCTION &&
          (msd_lexicon_word(lx, t->norm + 2, n - 2) & MSD_W_SPEECH)))
        return MARSAD_OK;
    for (size_t k = 0; k < sizeof proclitics / sizeof proclitics[0]; k++) {
        const char *p = proclitics[k], *rest = t->norm + strlen(p);
        size_t pl = strlen(p), rl = n - pl;
        if (n < pl + 4 || memcmp(t->norm, p, pl)) continue;
        if (pl >= 4 && !strcmp(p + pl - 4, "لل")) { /* ل + ال */
            if (rl + 4 > sizeof own) continue;
            memcpy(own, "ال", 4);
            memcpy(own + 4, rest, rl);
            if (!known(lx, own, rl + 4)) continue;
            if (!(w->base = msd_strndup(own, rl + 4))) return MARSAD_ENOMEM;
            w->owned = 1;
            w->base_len = rl + 4;
            w->strip = pl / 2 - 1; /* the second ل is the article's */
            return MARSAD_OK;
        }
        if (!known(lx, rest, rl)) continue;
        /* three letters stay, but for function words ("فإن" → إن) */
        if (rl < 6 && !(msd_lexicon_word(lx, rest, rl) & (MSD_W_THAT | MSD_W_FUNCTION))) continue;
        /* ب ل ك go before nouns: "كيري" is no ك + يرى */
        if ((strstr(p, "ب") || strstr(p, "ل") || strstr(p, "ك")) &&
            (msd_lexicon_word(lx, rest, rl) & (MSD_W_SPEECH | MSD_W_PARTICIPLE | MSD_W_THAT)))
            continue;
        w->base = rest;
        w->base_len = rl;
        w->strip = pl / 2;
        return MARSAD_OK;
    }
    return MARSAD_OK;
}

int msd_xview_load(msd_xview *v, const msd_lexicon *lx, const char *text, size_t len,
                   const msd_tokens *ts)
{
    v->lx = lx;
    v->text = text;
    v->len = len;
    v->ts = ts;
    v->w = calloc(ts->n ? ts->n : 1, sizeof *v->w);
    if (!v->w) return MARSAD_ENOMEM;
    for (size_t i = 0; i < ts->n; i++) {
        const struct msd_tok *t = &ts->t[i];
        struct msd_xword *w = &v->w[i];
        w->arabic = arabic_word(t);
        if (!w->arabic) {
            w->base = t->norm;
            w->base_len = strlen(t->norm);
            continue;
        }
        if (base_form(lx, t, w)) return MARSAD_ENOMEM;
        w->cls = msd_lexicon_word(lx, w->base, w->base_len);
        w->def = w->base_len > 6 && !memcmp(w->base, "ال", 4);
    }
    return MARSAD_OK;
}

void msd_xview_free(msd_xview *v)
{
    for (size_t i = 0; v->w && i < v->ts->n; i++)
        if (v->w[i].owned) free((char *)v->w[i].base);
    free(v->w);
    v->w = NULL;
}

int msd_xview_joined(const msd_xview *v, size_t a)
{
    if (a + 1 >= v->ts->n) return 0;
    for (size_t k = v->ts->t[a].b1; k < v->ts->t[a + 1].b0; k++)
        if (v->text[k] != ' ') return 0;
    return 1;
}

int32_t msd_xview_last_char(const msd_xview *v, size_t i)
{
    const unsigned char *s = (const unsigned char *)v->text;
    size_t k = v->ts->t[i].b0;
    int32_t cp = 0;
    while (k < v->ts->t[i].b1) {
        int32_t x = msd_utf8_next(s, v->ts->t[i].b1, &k, NULL);
        if (!is_mark(x)) cp = x;
    }
    return cp;
}

int msd_xview_is_ala(const msd_xview *v, size_t i)
{
    return !strcmp(v->ts->t[i].norm, "علي") && msd_xview_last_char(v, i) == 0x649;
}

int msd_xview_gap_has(const msd_xview *v, size_t a, const char *chars, const int32_t *cps)
{
    const unsigned char *s = (const unsigned char *)v->text;
    size_t k = v->ts->t[a].b1, end = a + 1 < v->ts->n ? v->ts->t[a + 1].b0 : v->len;
    while (k < end) {
        int32_t x = msd_utf8_next(s, end, &k, NULL);
        if (x < 0x80 && chars && strchr(chars, (int)x) && x) return 1;
        for (const int32_t *p = cps; p && *p; p++)
            if (*p == x) return 1;
    }
    return 0;
}

void msd_xview_skip(const msd_xview *v, size_t i, size_t n, size_t *b, size_t *cp)
{
    const unsigned char *s = (const unsigned char *)v->text;
    const struct msd_tok *t = &v->ts->t[i];
    size_t k = t->b0, p = t->c0;
    while (n && k < t->b1) {
        msd_utf8_next(s, t->b1, &k, NULL);
        p++;
        n--;
        while (k < t->b1) { /* marks and tatweel stay with their letter */
            size_t j = k;
            if (!is_mark(msd_utf8_next(s, t->b1, &j, NULL))) break;
            k = j;
            p++;
        }
    }
    *b = k;
    *cp = p;
}

char *msd_xview_clean(const char *s, size_t n)
{
    char buf[1024];
    size_t ol = 0;
    unsigned rules = MARSAD_NORM_DIACRITICS | MARSAD_NORM_TATWEEL | MARSAD_NORM_CONTROLS;
    if (n < sizeof buf && !marsad_normalize(s, n, rules, buf, sizeof buf, &ol))
        return msd_strndup(buf, ol);
    return msd_strndup(s, n);
}
