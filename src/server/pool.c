/*
 * pool.c — the archive readers of the server: one per pool thread at most, each used by
 * one request at a time (marsad.h: a handle serves one thread at a time).
 *
 * Checkout takes a free slot under the mutex, opens its reader the first time (an archive
 * made after the server started is found then), and brings it up to date with
 * marsad_archive_refresh: one PRAGMA when nothing was committed, a re-read of the index
 * when a writer (the POST ingest, another process) committed. So a request sees what
 * was committed before it began. A reader that fails to open is closed and retried at
 * the next checkout. Slots are as many as MHD's threads, and a thread handles one
 * request at a time, so a checkout never waits for long; it waits on a condition
 * variable rather than failing if it must.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

struct srv_pool {
    pthread_mutex_t mu;
    pthread_cond_t freed;
    char *db;
    unsigned n;
    marsad_archive **handles; /* NULL: not opened yet */
    unsigned char *busy;
    unsigned long commits; /* commits seen by a refresh (under mu) */
    /* the statistics as of `stats_at` commits: /healthz and /metrics are polled, and
     * counting a 300,000-article catalog takes a second */
    pthread_mutex_t stats_mu;
    marsad_stats stats;
    unsigned long stats_at;
    int stats_ok;
};

int srv_pool_new(const char *db, unsigned n, srv_pool **out)
{
    srv_pool *p = calloc(1, sizeof *p);
    *out = NULL;
    if (!p || !(p->db = strdup(db)) || !(p->handles = calloc(n, sizeof *p->handles)) ||
        !(p->busy = calloc(n, 1))) {
        if (p) {
            free(p->db);
            free(p->handles);
        }
        free(p);
        return MARSAD_ENOMEM;
    }
    p->n = n;
    pthread_mutex_init(&p->mu, NULL);
    pthread_mutex_init(&p->stats_mu, NULL);
    pthread_cond_init(&p->freed, NULL);
    *out = p;
    return MARSAD_OK;
}

void srv_pool_free(srv_pool *p)
{
    if (!p) return;
    for (unsigned i = 0; i < p->n; i++) marsad_archive_close(p->handles[i]);
    pthread_mutex_destroy(&p->mu);
    pthread_mutex_destroy(&p->stats_mu);
    pthread_cond_destroy(&p->freed);
    free(p->handles);
    free(p->busy);
    free(p->db);
    free(p);
}

marsad_archive *srv_pool_checkout(srv_pool *p, char *msg, size_t cap)
{
    unsigned i;
    int rc, changed = 0;
    marsad_archive *a;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        for (i = 0; i < p->n && p->busy[i]; i++) continue;
        if (i < p->n) break;
        pthread_cond_wait(&p->freed, &p->mu);
    }
    p->busy[i] = 1;
    pthread_mutex_unlock(&p->mu);
    /* the slot is ours now: open or refresh outside the lock */
    a = p->handles[i];
    if (!a) {
        if ((rc = marsad_archive_open(p->db, MARSAD_READ, NULL, &a))) {
            snprintf(msg, cap, "%s", a ? marsad_archive_errmsg(a) : marsad_strerror(rc));
            marsad_archive_close(a);
            a = NULL;
        }
    } else if ((rc = marsad_archive_refresh(a, &changed))) {
        snprintf(msg, cap, "%s", marsad_archive_errmsg(a));
        marsad_archive_close(a); /* opened again at the next checkout */
        a = NULL;
    }
    pthread_mutex_lock(&p->mu);
    p->handles[i] = a;
    p->commits += (unsigned long)changed;
    if (!a) {
        p->busy[i] = 0;
        pthread_cond_signal(&p->freed);
    }
    pthread_mutex_unlock(&p->mu);
    return a;
}

void srv_pool_checkin(srv_pool *p, marsad_archive *a)
{
    pthread_mutex_lock(&p->mu);
    for (unsigned i = 0; i < p->n; i++)
        if (p->handles[i] == a) {
            p->busy[i] = 0;
            break;
        }
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->mu);
}

int srv_pool_stats(srv_pool *p, marsad_archive *a, marsad_stats *out)
{
    unsigned long at;
    int rc = MARSAD_OK;
    pthread_mutex_lock(&p->mu);
    at = p->commits;
    pthread_mutex_unlock(&p->mu);
    pthread_mutex_lock(&p->stats_mu);
    if (!p->stats_ok || p->stats_at != at) {
        marsad_stats_init(&p->stats);
        if (!(rc = marsad_archive_stats(a, &p->stats))) {
            p->stats_ok = 1;
            p->stats_at = at;
        } else {
            p->stats_ok = 0;
        }
    }
    if (!rc) *out = p->stats;
    pthread_mutex_unlock(&p->stats_mu);
    return rc;
}
