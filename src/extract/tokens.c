/* tokens.c — the extractors' token view; see tokens.h. */
#include "extract/tokens.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"

int msd_xtoks_load(const char *text, size_t len, msd_tokens *ts)
{
    marsad_analyzer_config cfg;
    marsad_analyzer *a = NULL;
    int rc;
    memset(ts, 0, sizeof *ts);
    marsad_analyzer_config_init(&cfg);
    cfg.stemmer = MARSAD_STEMMER_NONE; /* the extractors read normalized forms only */
    if ((rc = marsad_analyzer_new(&cfg, &a))) return rc;
    rc = msd_tokens_analyze(a, text, len, ts);
    marsad_analyzer_free(a);
    if (rc) msd_tokens_free(ts);
    return rc;
}

int msd_xtok_is(const msd_tokens *ts, size_t i, const char *w)
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

size_t msd_xtok_phrase(const msd_tokens *ts, size_t i, const char *phrase)
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
