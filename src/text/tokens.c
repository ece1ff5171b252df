/* tokens.c — a text analyzed once and kept; see tokens.h. */
#include "text/tokens.h"

#include <stdlib.h>
#include <string.h>

#include "util/grow.h"

/* Norms and stems go to one arena (a malloc each would cost more than the analysis);
 * while it may still move, a token holds offsets into it, made pointers at the end. */
static int collect(void *ctx, const marsad_token *t)
{
    msd_tokens *ts = ctx;
    struct msd_tok *k;
    size_t need = ts->used + t->norm_len + t->stem_len + 2;
    if ((ts->rc =
             msd_grow((void **)&ts->t, &ts->cap, ts->n + 1, sizeof *ts->t, MSD_GROW_DOC_MAX)) ||
        (ts->rc = msd_grow((void **)&ts->arena, &ts->arena_cap, need, 1, MSD_GROW_DOC_MAX)))
        return 1;
    k = &ts->t[ts->n++];
    k->kind = (uint8_t)t->kind;
    k->flags = (uint8_t)t->flags;
    k->pos = (uint32_t)t->position;
    k->b0 = t->byte_start;
    k->b1 = t->byte_end;
    k->c0 = t->cp_start;
    k->c1 = t->cp_end;
    k->norm_len = (uint32_t)t->norm_len;
    k->stem_len = (uint32_t)t->stem_len;
    k->norm = (char *)(uintptr_t)ts->used;
    memcpy(ts->arena + ts->used, t->norm, t->norm_len);
    ts->arena[ts->used + t->norm_len] = 0;
    ts->used += t->norm_len + 1;
    k->stem = (char *)(uintptr_t)ts->used;
    memcpy(ts->arena + ts->used, t->stem, t->stem_len);
    ts->arena[ts->used + t->stem_len] = 0;
    ts->used += t->stem_len + 1;
    return 0;
}

int msd_tokens_analyze(marsad_analyzer *a, const char *text, size_t len, msd_tokens *ts)
{
    int rc;
    msd_tokens_reset(ts);
    if (!ts->arena && ts->t) { /* was a selection: its array only */
        free(ts->t);
        ts->t = NULL;
        ts->cap = 0;
    }
    ts->rc = MARSAD_OK;
    if (len > UINT32_MAX) return MARSAD_ETOOBIG; /* offsets are 32-bit (tokens.h) */
    rc = marsad_analyze(a, text ? text : "", text ? len : 0, collect, ts);
    if (rc == MARSAD_ESTOP) rc = ts->rc; /* collect stops only when it cannot grow */
    if (rc) {
        msd_tokens_reset(ts);
        return rc;
    }
    for (size_t k = 0; k < ts->n; k++) {
        ts->t[k].norm = ts->arena + (uintptr_t)ts->t[k].norm;
        ts->t[k].stem = ts->arena + (uintptr_t)ts->t[k].stem;
    }
    return MARSAD_OK;
}

int msd_tokens_take(msd_tokens *dst, msd_tokens *src, const msd_tokspan *spans, size_t n)
{
    struct msd_tok *arr = src->t, *old = dst->t;
    size_t k = 0, m = 0, cap = src->cap, old_cap = dst->cap;
    int64_t next_pos = 0; /* the position the next span's first token takes */
    free(dst->arena);
    dst->arena = NULL;
    dst->used = dst->arena_cap = 0;
    for (size_t s = 0; s < n; s++) {
        const msd_tokspan *sp = &spans[s];
        int64_t pshift = 0;
        while (k < src->n && arr[k].b0 < sp->b_from) k++;
        /* positions keep their steps inside a span (colocated forms share one) and close
         * the gap of what was left out between spans */
        if (k < src->n) pshift = next_pos - (int64_t)arr[k].pos;
        for (; k < src->n && arr[k].b1 <= sp->b_to; k++) { /* m <= k: in place */
            struct msd_tok t = arr[k];
            t.b0 = (uint32_t)((int64_t)t.b0 + sp->b_shift);
            t.b1 = (uint32_t)((int64_t)t.b1 + sp->b_shift);
            t.c0 = (uint32_t)((int64_t)t.c0 + sp->c_shift);
            t.c1 = (uint32_t)((int64_t)t.c1 + sp->c_shift);
            t.pos = (uint32_t)((int64_t)t.pos + pshift);
            if ((int64_t)t.pos + 1 > next_pos) next_pos = (int64_t)t.pos + 1;
            arr[m++] = t;
        }
    }
    /* the arrays change hands: neither is allocated again for the next text */
    dst->t = arr;
    dst->cap = cap;
    dst->n = m;
    src->t = old;
    src->cap = old_cap;
    src->n = 0;
    return MARSAD_OK;
}

void msd_tokens_reset(msd_tokens *ts)
{
    ts->n = 0;
    ts->used = 0;
}

void msd_tokens_free(msd_tokens *ts)
{
    free(ts->t);
    free(ts->arena);
    memset(ts, 0, sizeof *ts);
}
