/* snaps: copies of the machine taken as the clock moves (machine_clone), so
 * that going back to tick t starts from the newest copy at or before t and
 * replays only the ticks after it, instead of rebuilding the scenario and
 * replaying from tick 0. Replay stays the source of exactness; the copies
 * only shorten it.
 *
 * A copy is taken every `every` ticks. `every` adapts to what a copy costs
 * against what ticking costs (a machine that is cheap to tick and costly to
 * copy is copied less often), and when the store is full (SNAPS_MAX copies or
 * the byte budget) every other copy of the older half is dropped: recent
 * history stays dense, the distant past sparse. */
#ifndef TICKOS_SNAPS_H
#define TICKOS_SNAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine.h"

#define SNAPS_MAX       64
#define SNAPS_EVERY     256 /* ticks between copies at first */
#define SNAPS_EVERY_MIN 16
#define SNAPS_EVERY_MAX 65536
#define SNAPS_BUDGET    (256u * 1024 * 1024) /* bytes all copies may hold */

typedef struct snap {
    machine *m; /* owned */
    size_t bytes;
} snap;

typedef struct snaps {
    snap v[SNAPS_MAX]; /* ascending tick */
    int n;
    uint64_t every;           /* ticks between copies now */
    uint64_t last;            /* tick of the newest copy taken (or of the start) */
    size_t bytes;             /* held by all copies */
    size_t budget;            /* bytes they may hold */
    bool off;                 /* the machine cannot be copied: nothing is kept (until a clear) */
    bool adapt;               /* every follows the measured costs (off in tests) */
    double tick_ns;           /* measured: the time of the ticks since the last copy */
    uint64_t taken, restored; /* copies taken and restores made (tests read them) */
} snaps;

void snaps_init(snaps *s);
void snaps_free(snaps *s);
/* Forgets every copy (a restart, a load) and starts counting from tick. */
void snaps_clear(snaps *s, uint64_t tick);
/* Call after the machine reached a new tick (and its commands were applied):
 * takes a copy when `every` ticks have passed since the last one. ns is the
 * time the ticks since the previous call took (0: not measured). */
void snaps_note(snaps *s, const machine *m, double ns);
/* Drops the copies at or after tick t: a command given at t starts a new
 * branch of history that they are not part of. */
void snaps_drop_from(snaps *s, uint64_t t);
/* A monotonic clock in nanoseconds, to time the ticks given to snaps_note. */
double snaps_clock(void);
/* A new machine equal to the newest copy at or before t, from which the
 * caller replays to t; NULL when there is none (or out of memory), and then
 * the caller replays from a rebuild at tick 0. */
machine *snaps_restore(snaps *s, uint64_t t);

#endif
