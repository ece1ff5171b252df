/*
 * alloc_wrap.h — driving alloc_wrap.c from the program it is linked into (the unit
 * tests): fail the Nth allocation of one call, for every N, as SQLite's fault tests do.
 *
 *     for (unsigned long n = 1;; n++) {
 *         alloc_fault_set(n, 0);
 *         rc = the_call(...);
 *         failed = alloc_fault_set(0, 0);
 *         ... rc is MARSAD_OK or MARSAD_ENOMEM, and what it did is what it says ...
 *         if (!failed) break;   (the call made fewer than n allocations: all were tried)
 *     }
 *
 * Only the allocations of marsad's own objects go through it (the link's --wrap).
 */
#ifndef MSD_TESTS_ALLOC_WRAP_H
#define MSD_TESTS_ALLOC_WRAP_H

/* From now on the nth allocation fails (n 0: none), and with every_after each one after
 * it too, counted from this call. Returns how many failed since the previous call. */
unsigned long alloc_fault_set(unsigned long n, int every_after);

#endif
