/* mp: scheduling over several CPUs, a thin layer between the machine and sched.
 *
 * Two organisations, a machine setting:
 *   - one global queue (the default): m->sched, shared; the CPUs pick from it
 *     in CPU order each tick (sched_pick says how a shared queue is shared);
 *   - per-CPU run queues: one sched instance per CPU, so every policy works per
 *     CPU unchanged. CPU 0's queue is m->sched itself, the others live here.
 *
 * The rules (pinned; docs/architecture.md, "The tick", says the same):
 *   load(c)    the runnable processes CPU c's queue holds: the one it runs
 *              plus those waiting in it, counted when a rule applies (CPUs
 *              pick in CPU order, each after the ones before ran their tick).
 *   placement  (per-CPU) a new process joins the least loaded CPU (ties: the
 *              lowest CPU); a woken one (I/O done, wait() returned) goes back
 *              to the CPU it last ran on with --affinity, else the least loaded.
 *   stealing   (per-CPU, --steal) when CPU c picks with an empty queue, it takes
 *              one waiting process from the busiest other CPU (most load; ties:
 *              the lowest CPU) if that CPU has a load of 2 or more; it takes
 *              the one that would run there last (sched_last: the tail of the
 *              lowest non-empty level).
 *   balancing  (per-CPU, --balance B) at every positive multiple of B, after
 *              the I/O completions and before the CPUs pick: while the busiest
 *              CPU's load exceeds the least loaded one's by 2 or more, the
 *              busiest's last process moves to the least loaded (ties: lowest).
 *   affinity   (global, --affinity; fifo, rr, mlfq, prio) when the process a CPU
 *              would take has last run on another CPU, the CPU takes instead the
 *              first, among the first MP_LOOKAHEAD candidates at that level, that
 *              last ran on it (if any). A process that never ran is never passed
 *              over, and a process is never passed over by its own CPU, so none
 *              waits forever. sjf/stcf keep their strict order by remaining time
 *              and lottery draws afresh each tick: no look-ahead for them.
 *   migration  a process that runs on a CPU other than the one it last ran on
 *              (counted per process and in total).
 */
#ifndef TICKOS_MP_H
#define TICKOS_MP_H

#include <stdbool.h>
#include <stdint.h>

#include "proc.h"
#include "sched.h"

struct clone_ctx;
struct machine;

#define MP_MAX_CPUS  16
#define MP_LOOKAHEAD 4

typedef struct mp_config {
    bool percpu;      /* one run queue per CPU instead of one global queue */
    bool steal;       /* per-CPU: an idle CPU steals from the busiest */
    bool affinity;    /* per-CPU: wake-ups go home; global: the look-ahead */
    uint64_t balance; /* per-CPU: balance every B ticks; 0 never */
} mp_config;

typedef struct mp {
    mp_config cfg;
    sched rq[MP_MAX_CPUS];              /* per-CPU queues of CPUs 1..; rq[0] unused (m->sched) */
    uint32_t load[MP_MAX_CPUS];         /* per-CPU: runnable processes each queue holds */
    uint64_t migrations, steals, moves; /* moves: by periodic balancing */
} mp;

/* Sets the organisation; call at tick 0, before any process is queued.
 * Returns 0, or -1 when cfg asks for something the machine cannot do. */
int mp_configure(struct machine *m, const mp_config *cfg);
void mp_free(mp *x);
/* Makes *dst a deep copy of src: the per-CPU queues (clone.h). */
void mp_clone(struct clone_ctx *cx, mp *dst, const mp *src);

/* The queue CPU cpu picks from (the global queue unless per-CPU). */
sched *mp_queue(struct machine *m, int cpu);
const sched *mp_queue_c(const struct machine *m, int cpu);
/* The CPU whose queue holds p (per-CPU), or -1 (global queue). */
int mp_queue_of(const struct machine *m, const proc *p);

/* The machine's scheduler calls, routed to the right queue. */
void mp_enqueue(struct machine *m, proc *p, sched_why why);
proc *mp_pick(struct machine *m, int cpu, proc *prev);
void mp_ran(struct machine *m, proc *p, sched_outcome out);
void mp_remove(struct machine *m, proc *p);
/* The mlfq boost over every queue (one event). */
void mp_boost(struct machine *m);
/* Periodic balancing, if due at this tick. */
void mp_balance(struct machine *m);

/* Event kinds of this layer are in proc.h (EV_MIGRATE, EV_STEAL, EV_BALANCE). */

#endif
