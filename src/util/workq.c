/* workq.c — an ordered pool of worker threads; see workq.h.
 *
 * The items in flight sit in a ring of `depth` slots in push order: the owner pushes at
 * the tail and pops at the head; workers take queued slots in order from `take`. One
 * mutex guards the ring; workers wait on `work` for a queued slot, the owner on `done`
 * for the head to finish. */
#include "util/workq.h"

#include <pthread.h>
#include <stdlib.h>

#include "marsad.h"

enum { S_QUEUED = 1, S_WORKING, S_DONE };

struct slot {
    void *item;
    int state;
};

struct msd_workq {
    msd_work_fn fn;
    void *const *ctx;
    size_t nthreads, depth;
    pthread_t *threads;
    size_t started;
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    struct slot *ring;
    size_t head, count, take, queued;
    int stop;
    void *inline_item; /* no threads: the item pushed and worked, until popped */
};

struct worker {
    msd_workq *q;
    void *ctx;
};

static void *run(void *arg)
{
    msd_workq *q = ((struct worker *)arg)->q;
    void *ctx = ((struct worker *)arg)->ctx;
    free(arg);
    pthread_mutex_lock(&q->mu);
    for (;;) {
        struct slot *s;
        while (!q->queued && !q->stop) pthread_cond_wait(&q->work, &q->mu);
        if (!q->queued) break; /* stopping, and nothing left to do */
        s = &q->ring[q->take];
        q->take = (q->take + 1) % q->depth;
        q->queued--;
        s->state = S_WORKING;
        pthread_mutex_unlock(&q->mu);
        q->fn(ctx, s->item);
        pthread_mutex_lock(&q->mu);
        s->state = S_DONE;
        pthread_cond_signal(&q->done);
    }
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

int msd_workq_new(size_t nthreads, size_t depth, msd_work_fn fn, void *const *ctx, msd_workq **out)
{
    msd_workq *q = calloc(1, sizeof *q);
    *out = NULL;
    if (!q) return MARSAD_ENOMEM;
    q->fn = fn;
    q->ctx = ctx;
    q->nthreads = nthreads;
    q->depth = nthreads ? (depth ? depth : 1) : 1;
    if (!nthreads) {
        *out = q;
        return MARSAD_OK;
    }
    if (!(q->ring = calloc(q->depth, sizeof *q->ring)) ||
        !(q->threads = calloc(nthreads, sizeof *q->threads))) {
        free(q->ring);
        free(q);
        return MARSAD_ENOMEM;
    }
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->work, NULL);
    pthread_cond_init(&q->done, NULL);
    for (; q->started < nthreads; q->started++) {
        struct worker *w = malloc(sizeof *w);
        if (!w) break;
        w->q = q;
        w->ctx = ctx[q->started];
        if (pthread_create(&q->threads[q->started], NULL, run, w)) {
            free(w);
            break;
        }
    }
    if (q->started < nthreads) {
        int rc = q->started ? MARSAD_EIO : MARSAD_ENOMEM;
        msd_workq_free(q);
        return rc;
    }
    *out = q;
    return MARSAD_OK;
}

void msd_workq_push(msd_workq *q, void *item)
{
    struct slot *s;
    if (!q->nthreads) {
        q->fn(q->ctx[0], item);
        q->inline_item = item;
        q->count = 1;
        return;
    }
    pthread_mutex_lock(&q->mu);
    s = &q->ring[(q->head + q->count) % q->depth];
    s->item = item;
    s->state = S_QUEUED;
    q->count++;
    q->queued++;
    pthread_cond_signal(&q->work);
    pthread_mutex_unlock(&q->mu);
}

void *msd_workq_pop(msd_workq *q)
{
    void *item;
    if (!q->nthreads) {
        item = q->count ? q->inline_item : NULL;
        q->count = 0;
        q->inline_item = NULL;
        return item;
    }
    pthread_mutex_lock(&q->mu);
    if (!q->count) {
        pthread_mutex_unlock(&q->mu);
        return NULL;
    }
    while (q->ring[q->head].state != S_DONE) pthread_cond_wait(&q->done, &q->mu);
    item = q->ring[q->head].item;
    q->ring[q->head].state = 0;
    q->head = (q->head + 1) % q->depth;
    q->count--;
    pthread_mutex_unlock(&q->mu);
    return item;
}

size_t msd_workq_pending(const msd_workq *q)
{
    return q->count; /* only the owner changes it */
}

int msd_workq_full(const msd_workq *q)
{
    return q->count >= q->depth;
}

void msd_workq_free(msd_workq *q)
{
    if (!q) return;
    if (q->nthreads) {
        pthread_mutex_lock(&q->mu);
        q->stop = 1;
        pthread_cond_broadcast(&q->work);
        pthread_mutex_unlock(&q->mu);
        for (size_t i = 0; i < q->started; i++) pthread_join(q->threads[i], NULL);
        pthread_mutex_destroy(&q->mu);
        pthread_cond_destroy(&q->work);
        pthread_cond_destroy(&q->done);
    }
    free(q->threads);
    free(q->ring);
    free(q);
}
