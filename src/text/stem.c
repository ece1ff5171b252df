/* stem.c — the stemmer interface and its cache; contract in stem.h. */
#include "text/stem.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"
#include "util/strmap.h"

#define MAX_WORD 256 /* longer "words" (base64, runs of letters) are not stemmed */

struct msd_stemmer {
    int kind;
    struct sb_stemmer *sb;
    msd_strmap *cache;
};

static const char *const names[] = {"snowball", "light", "none"};

const char *msd_stemmer_name(int kind)
{
    if (kind < 0 || kind > MARSAD_STEMMER_NONE) return NULL;
    return names[kind];
}

int marsad_stemmer_from_name(const char *name)
{
    for (int k = 0; name && k <= MARSAD_STEMMER_NONE; k++)
        if (!strcmp(name, names[k])) return k;
    return -1;
}

int msd_stemmer_new(int kind, size_t cache_entries, msd_stemmer **out)
{
    msd_stemmer *st;
    int rc;
    if (!out || !msd_stemmer_name(kind)) return MARSAD_EINVAL;
    st = calloc(1, sizeof *st);
    if (!st) return MARSAD_ENOMEM;
    st->kind = kind;
    if (kind == MARSAD_STEMMER_SNOWBALL) {
        st->sb = sb_stemmer_new("arabic", "UTF_8");
        if (!st->sb) {
            free(st);
            return MARSAD_ESTEMMER;
        }
    }
    /* light10 is a few memcmps, cheaper than a hash lookup: only Snowball is cached. */
    if (cache_entries && kind == MARSAD_STEMMER_SNOWBALL) {
        /* Arabic words average ~12 bytes, their stems ~8. */
        rc = msd_strmap_new(cache_entries, 24, &st->cache);
        if (rc) {
            msd_stemmer_free(st);
            return rc;
        }
    }
    *out = st;
    return MARSAD_OK;
}

void msd_stemmer_free(msd_stemmer *st)
{
    if (!st) return;
    sb_stemmer_delete(st->sb);
    msd_strmap_free(st->cache);
    free(st);
}

/* The Snowball call, without the cache. */
static int snowball_stem(msd_stemmer *st, const char *w, size_t n, const char **out, size_t *out_n)
{
    const sb_symbol *r = sb_stemmer_stem(st->sb, (const sb_symbol *)w, (int)n);
    if (!r) {
        *out = w;
        *out_n = n;
        return MARSAD_ESTEMMER;
    }
    *out = (const char *)r;
    *out_n = (size_t)sb_stemmer_length(st->sb);
    return MARSAD_OK;
}

int msd_stemmer_stem(msd_stemmer *st, const char *w, size_t n, const char **out, size_t *out_n)
{
    int rc;
    if (st->kind == MARSAD_STEMMER_LIGHT) { /* the default: no cache, no length cap */
        size_t off;
        *out_n = msd_stem_light10(w, n, &off);
        *out = w + off;
        return MARSAD_OK;
    }
    if (st->kind == MARSAD_STEMMER_NONE || n > MAX_WORD) {
        *out = w;
        *out_n = n;
        return MARSAD_OK;
    }
    if (st->cache && msd_strmap_get(st->cache, w, n, out, out_n)) return MARSAD_OK;
    rc = snowball_stem(st, w, n, out, out_n);
    /* *out points into the backend's memory, never into the cache, so the put (which
     * may empty the cache) leaves it valid. A failed put only costs a later miss. */
    if (rc == MARSAD_OK && st->cache) msd_strmap_put(st->cache, w, n, *out, *out_n);
    return rc;
}
