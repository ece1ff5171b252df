/*
 * mapguard.h — surviving a mapped file cut short under its reader.
 *
 * A segment is read through mmap. When its file is truncated while mapped (a disk
 * tool, an operator, a copy over it), reading a page past the new end raises SIGBUS,
 * which kills the process: every search of a server, for one damaged file. A guarded
 * mapping instead gets a SIGBUS handler (installed once, process-wide, on the first
 * msd_mapguard_add; a handler already installed for SIGBUS is chained to for faults
 * outside guarded mappings) that replaces the unreadable tail of the mapping with
 * zero-filled pages, records the damage, and lets the read go on. The reader sees
 * zeros, which fail its checksums or format checks, and the damage count it keeps
 * (msd_seg_damage) makes its caller report the file.
 *
 * Limits: at most MSD_MAPGUARD_SLOTS mappings are guarded at once (more are read
 * unguarded, as before). A program that installs its own SIGBUS handler after the
 * first archive opens replaces this one.
 */
#ifndef MSD_INDEX_MAPGUARD_H
#define MSD_INDEX_MAPGUARD_H

#include <stddef.h>
#include <stdint.h>

#define MSD_MAPGUARD_SLOTS 8192

/* What the handler records for a mapping: how many faults (count, atomically), and the
 * offset into the mapping of the first (set once, by the fault that made count 1). */
typedef struct msd_mapfault {
    unsigned count;
    uint64_t first;
} msd_mapfault;

/* Guards [addr, addr + len), a read-only mapping of a file; faults are recorded in *f,
 * which must live until msd_mapguard_remove(addr). Returns 0, or -1 when no slot is
 * free or the handler cannot be installed (the mapping is then unguarded). */
int msd_mapguard_add(const void *addr, size_t len, msd_mapfault *f);

/* Stops guarding the mapping at addr (before it is unmapped). */
void msd_mapguard_remove(const void *addr);

#endif
