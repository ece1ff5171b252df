/*
 * workq.h — an ordered pool of worker threads: items go in, a work function runs on each
 * of them on one of the workers, and they come out in the order they went in.
 *
 * The ingest pipeline reads documents in order on one thread, lets the workers clean,
 * analyze and extract them, and takes the results back in input order to store them,
 * so the archive is the same whatever the number of threads.
 *
 * With 0 threads there are none: msd_workq_push() runs the work function at once on
 * the caller's thread, with the first worker context, and msd_workq_pop() hands the item
 * back. Otherwise at most `depth` items are in flight, and pop waits for the oldest to
 * be done. One thread (the owner) pushes and pops; the work
 * function runs on the workers, each with its own context (an analyzer, scratch memory),
 * and must not touch anything the owner touches meanwhile.
 */
#ifndef MSD_UTIL_WORKQ_H
#define MSD_UTIL_WORKQ_H

#include <stddef.h>

typedef struct msd_workq msd_workq;

/* Runs on a worker: ctx is that worker's context, item the pushed pointer. */
typedef void (*msd_work_fn)(void *ctx, void *item);

/* Starts nthreads workers (0: none, work runs inline), worker k with ctx[k] (ctx has
 * nthreads entries, or one when nthreads is 0), at most depth items in flight (at least
 * 1). Returns MARSAD_OK, MARSAD_ENOMEM, or MARSAD_EIO when a thread cannot start (the
 * workers started are stopped again). */
int msd_workq_new(size_t nthreads, size_t depth, msd_work_fn fn, void *const *ctx, msd_workq **out);

/* Hands item to the workers. Only when not msd_workq_full(): the owner pops first (a
 * push into a full pool would wait for the owner itself). */
void msd_workq_push(msd_workq *q, void *item);

/* The oldest item in flight once its work is done, or NULL when none is in flight. */
void *msd_workq_pop(msd_workq *q);

/* Items pushed and not yet popped. */
size_t msd_workq_pending(const msd_workq *q);

/* Nonzero when depth items are in flight (a push would wait). */
int msd_workq_full(const msd_workq *q);

/* Finishes the items in flight (they are not popped: pop them first to keep them),
 * stops the workers and frees the pool. Accepts NULL. */
void msd_workq_free(msd_workq *q);

#endif
