/* mcache: per-CPU caches in the full machine, kept coherent over one snooping
 * bus, fed by the processes' memory references.
 *
 * One implementation of the caches and protocols: coherence.h's, the very
 * tables the `mesi` quick mode plays a trace through. Here the references are
 * the running processes' own:
 *
 * - Every memory reference that completes (vm.h: after translation; not a
 *   faulting attempt, only its retry) by a process on CPU c goes to CPU c's
 *   cache at its physical address, frame * page_size + offset: one
 *   coherence_access (bus transaction, snoops, fill, LRU eviction, miss
 *   kind), its events (EV_CACHE_*, carrying the pid) in the log. Page-table
 *   walks and TLB lookups do not go through the caches.
 * - A process that migrates leaves its lines in the cache it ran on: the new
 *   CPU misses (cold) and the old copies answer the snoops.
 * - Shared memory (vm.h: a segment mapped by several processes) is the same
 *   physical frames for all of them, so their reads and writes meet on the bus.
 * - A page that leaves its frame would leave lines tagged with the frame's
 *   physical addresses, which the next page in that frame would hit. So:
 *   when a page is evicted, every cached copy of its frame's lines is
 *   invalidated in every cache, a dirty copy written back first (the page goes
 *   to swap with that data); when a process exits, the copies of its freed
 *   frames are dropped and dirty ones discarded (nobody can read them). An
 *   EV_CACHE_FRAME event says how many (when any); frame_invalidations and
 *   frame_writebacks count them (the write-backs also in writebacks). The next
 *   miss on such a line is cold in every CPU: the data is new. Shared
 *   segments are never evicted or freed.
 * - The line size may not exceed the page size (a line never spans frames).
 *
 * Off by default: a machine without caches is unchanged, and caches change
 * no timing. The physical lines are tracked (coherence_track, frames of
 * page_size / line lines): a count of copies per line filters the snoops and
 * finds a frame's copies, a generation per frame keeps the miss kinds right.
 * Cost: one coherence_access per completed reference (O(ways), O(cpus * ways)
 * with a bus transaction some other cache can answer); a page leaving its
 * frame O(lines per page), plus O(cpus * ways) per line with copies. */
#ifndef TICKOS_MCACHE_H
#define TICKOS_MCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coherence.h"
#include "machine.h"

typedef struct mcache_config {
    coh_protocol proto; /* default mesi */
    uint32_t sets;      /* default 1 */
    uint32_t ways;      /* default 4 */
    uint32_t line;      /* bytes, default 64 */
} mcache_config;

typedef struct mcache {
    mcache_config cfg;
    coh coh;         /* one cache per CPU of the machine */
    coh_result last; /* the newest reference (for views); last.cpu -1: none yet */
} mcache;

/* The mesi mode's defaults: mesi, 1 set, 4 ways, 64-byte lines. */
void mcache_config_default(mcache_config *c);
/* Gives machine m (which has memory) a cache per CPU, before its first tick.
 * Returns 0, or -1 with a message naming the bad setting (or ENOMEM) in err. */
int mcache_attach(machine *m, const mcache_config *cfg, char *err, size_t errlen);
void mcache_destroy(mcache *mc);
/* A deep copy of mc (clone.h); NULL when mc is NULL or memory ran out. */
mcache *mcache_clone(struct clone_ctx *cx, const mcache *mc);

/* ---- hooks: called by vm.c only ------------------------------------------------------- */

/* A completed reference by pid on cpu at physical address paddr. */
void mcache_ref(machine *m, int cpu, int32_t pid, bool write, uint64_t paddr);
/* The page in frame left memory: evicted (written back), or freed when its
 * owner pid exited (discarded). */
void mcache_frame_lost(machine *m, uint32_t frame, int32_t pid, bool evicted);

/* The protocol changed live (coherence_set_protocol: *to_shared E lines
 * made S, *wrote O lines written back). Returns 0, or -1 when m has no
 * caches or p is bad. */
int mcache_set_protocol(machine *m, coh_protocol p, uint32_t *to_shared, uint32_t *wrote);

/* ---- read side ----------------------------------------------------------------------- */

/* The caches and the bus of machine m, or NULL when it has none. */
const coh *mcache_coh(const machine *m);
/* The newest reference, or NULL when none was made yet. */
const coh_result *mcache_last(const machine *m);
/* The report's "caches" object, when the machine has caches. */
struct cJSON;
void mcache_report(const machine *m, struct cJSON *out, bool summary);

#endif
