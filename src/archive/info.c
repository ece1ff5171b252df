/*
 * info.c — what an archive holds: its statistics (marsad stats) and its duplicate
 * groups (marsad dups).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "archive/internal.h"
#include "store/store.h"
#include "util/grow.h"

void marsad_stats_init(marsad_stats *st)
{
    memset(st, 0, sizeof *st);
    st->version = MARSAD_STATS_VERSION;
}

static uint64_t file_size(const char *path)
{
    struct stat fs;
    return stat(path, &fs) ? 0 : (uint64_t)fs.st_size;
}

int marsad_archive_stats(marsad_archive *a, marsad_stats *st)
{
    msd_store_stats ss;
    char wal[4200];
    int rc;
    if (!a || !st || st->version != MARSAD_STATS_VERSION) return MARSAD_EINVAL;
    marsad_stats_init(st);
    if (a->deferred) return MARSAD_OK; /* nothing yet */
    if ((rc = msd_store_stats_of(a->store, &ss)))
        return msd_archive_fail(a, rc, "%s: %s", a->path, msd_store_error(a->store));
    st->articles = (uint64_t)ss.articles;
    st->sources = (uint64_t)ss.sources;
    st->exact_duplicates = (uint64_t)ss.exact_dups;
    st->near_duplicates = (uint64_t)ss.near_dups;
    st->duplicate_groups = (uint64_t)ss.groups_with_dups;
    memcpy(st->first_date, ss.first_date, sizeof st->first_date);
    memcpy(st->last_date, ss.last_date, sizeof st->last_date);
    st->segments = msd_index_nsegs(a->ix);
    st->index_bytes = msd_index_bytes(a->ix);
    st->index_documents = msd_index_docs(a->ix);
    for (size_t i = 0; i < st->segments; i++)
        st->index_terms += msd_seg_nterms(msd_index_seg(a->ix, i));
    snprintf(wal, sizeof wal, "%s-wal", a->path);
    st->catalog_bytes = file_size(a->path) + file_size(wal);
    return MARSAD_OK;
}

struct dups {
    marsad_dup_fn fn;
    void *ctx;
    marsad_duplicate *members;
    size_t cap;
    int rc;
};

static int one_group(void *ctx, int64_t size, const msd_dupref *first, const char *title,
                     const msd_dupref *others, size_t n)
{
    struct dups *d = ctx;
    marsad_dup_group g;
    if ((d->rc =
             msd_grow((void **)&d->members, &d->cap, n + 1, sizeof *d->members, MSD_GROW_DOC_MAX)))
        return 1;
    for (size_t i = 0; i < n; i++) {
        d->members[i].id = others[i].id;
        d->members[i].source = others[i].source;
        d->members[i].date = others[i].date;
        d->members[i].kind = others[i].kind;
        d->members[i].jaccard = others[i].jaccard;
    }
    g.size = (size_t)size;
    g.id = first->id;
    g.date = first->date;
    g.source = first->source;
    g.title = title;
    g.members = d->members;
    g.n_members = n;
    return d->fn(d->ctx, &g);
}

int marsad_archive_dups(marsad_archive *a, size_t limit, marsad_dup_fn fn, void *ctx)
{
    struct dups d = {fn, ctx, NULL, 0, MARSAD_OK};
    int rc;
    if (!a || !fn) return MARSAD_EINVAL;
    if (a->deferred) return MARSAD_OK;
    rc = msd_store_groups(a->store, limit, one_group, &d);
    free(d.members);
    if (rc == MARSAD_ESTOP && d.rc) rc = d.rc;
    if (rc == MARSAD_EIO || rc == MARSAD_ECORRUPT) /* the catalog: its file, its row */
        msd_archive_fail(a, rc, "%s: %s", a->path, msd_store_error(a->store));
    return rc;
}
