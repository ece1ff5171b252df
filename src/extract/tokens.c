/* tokens.c — the extractors' token view; see tokens.h. */
#include "extract/tokens.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "read/doc.h"
#include "util/grow.h"

/* Norms go to one arena (a token each would be a malloc each); their pointers are set
 * once the arena has stopped moving, in msd_xtoks_load. norm holds the offset until then. */
static int collect(void *ctx, const marsad_token *t)
{
    msd_xtoks *ts = ctx;
    if ((ts->rc =
             msd_grow((void **)&ts->t, &ts->cap, ts->n + 1, sizeof *ts->t, MSD_GROW_DOC_MAX)) ||
        (ts->rc = msd_grow((void **)&ts->arena, &ts->arena_cap, ts->used + t->norm_len + 1, 1,
                           MSD_GROW_DOC_MAX)))
        return 1;
    memcpy(ts->arena + ts->used, t->norm, t->norm_len);
    ts->arena[ts->used + t->norm_len] = 0;
    ts->t[ts->n].norm = (char *)(uintptr_t)ts->used;
    ts->used += t->norm_len + 1;
    ts->t[ts->n].kind = t->kind;
    ts->t[ts->n].b0 = t->byte_start;
    ts->t[ts->n].b1 = t->byte_end;
    ts->t[ts->n].c0 = t->cp_start;
    ts->t[ts->n].c1 = t->cp_end;
    ts->n++;
    return 0;
}

int msd_xtoks_load(const char *text, size_t len, msd_xtoks *ts)
{
    marsad_analyzer_config cfg;
    marsad_analyzer *a = NULL;
    int rc;
    memset(ts, 0, sizeof *ts);
    marsad_analyzer_config_init(&cfg);
    cfg.stemmer = MARSAD_STEMMER_NONE;
    rc = marsad_analyzer_new(&cfg, &a);
    if (rc) return rc;
    rc = marsad_analyze(a, text, len, collect, ts);
    marsad_analyzer_free(a);
    if (rc == MARSAD_ESTOP) rc = ts->rc; /* collect stops only when it cannot grow */
    if (rc) {
        msd_xtoks_free(ts);
        return rc;
    }
    for (size_t k = 0; k < ts->n; k++) ts->t[k].norm = ts->arena + (uintptr_t)ts->t[k].norm;
    return MARSAD_OK;
}

void msd_xtoks_free(msd_xtoks *ts)
{
    free(ts->t);
    free(ts->arena);
    memset(ts, 0, sizeof *ts);
}

int msd_xtok_is(const msd_xtoks *ts, size_t i, const char *w)
{
    return i < ts->n && !strcmp(ts->t[i].norm, w);
}

int msd_in_list(const char *w, const char *const *list, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (!strcmp(w, list[k])) return 1;
    return 0;
}

size_t msd_phrase_words(const char *phrase)
{
    size_t k = 1;
    for (const char *p = phrase; *p; p++) k += *p == ' ';
    return k;
}

size_t msd_xtok_phrase(const msd_xtoks *ts, size_t i, const char *phrase)
{
    size_t k = 0;
    const char *p = phrase;
    while (*p) {
        size_t len = strcspn(p, " ");
        const char *w = i + k < ts->n ? ts->t[i + k].norm : "";
        size_t wl = strlen(w);
        if (k == 0 && wl == len + 2 &&
            (!strncmp(w, "ب", 2) || !strncmp(w, "ل", 2) || !strncmp(w, "و", 2) ||
             !strncmp(w, "ف", 2))) {
            w += 2;
            wl -= 2;
        }
        if (i + k >= ts->n || wl != len || memcmp(w, p, len)) return 0;
        k++;
        p += len;
        if (*p == ' ') p++;
    }
    return k;
}
