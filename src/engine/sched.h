/* sched: CPU scheduling policies behind one interface.
 *
 * The rules for fifo, sjf, stcf, rr and mlfq are those pinned by
 * shared/spec/headless.md (OSTEP's scheduler.py and mlfq.py): fifo is rr with an
 * unbounded slice, rr is mlfq with one queue. prio is preemptive static priority
 * (round robin within a priority); lottery draws a ticket from the machine's rng
 * every tick.
 *
 * The machine calls, per CPU and tick: sched_pick (who runs now), then after the
 * tick sched_ran (slice accounting; the policy requeues or demotes). Arrivals and
 * wake-ups enter with sched_enqueue; a process that blocks or exits leaves with
 * sched_remove. */
#ifndef TICKOS_SCHED_H
#define TICKOS_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "proc.h"

struct clone_ctx;
struct machine;

#define SCHED_MAX_LEVELS 16
#define SCHED_UNBOUNDED  INT32_MAX

typedef enum sched_policy {
    SCHED_FIFO,
    SCHED_SJF,
    SCHED_STCF,
    SCHED_RR,
    SCHED_MLFQ,
    SCHED_PRIO,
    SCHED_LOTTERY,
    SCHED_POLICY_COUNT
} sched_policy;

typedef struct sched_config {
    sched_policy policy;
    int32_t levels;                    /* queues: mlfq levels, prio priorities; 1 otherwise */
    int32_t quantum[SCHED_MAX_LEVELS]; /* slice in ticks per level; index 0 = bottom */
    int32_t allot[SCHED_MAX_LEVELS];   /* slices at a level before demotion */
    uint64_t boost;                    /* mlfq: boost every B ticks, 0 never */
    bool stay;                         /* mlfq: an I/O refreshes slice and allotment */
    bool iobump;                       /* an I/O completion joins the head of its queue */
} sched_config;

/* A deque of pids (ring buffer that grows). */
typedef struct pidq {
    int32_t *buf;
    uint32_t cap, head, len;
} pidq;

typedef struct sched {
    sched_config cfg;
    pidq q[SCHED_MAX_LEVELS]; /* fifo/rr/mlfq/prio: one queue per level */
    /* sjf/stcf: a binary min-heap of pids keyed by (cpu_left, pid). */
    int32_t *heap;
    uint32_t heap_len, heap_cap;
    /* lottery: a Fenwick tree of tickets indexed by pid - pid_base. */
    uint64_t *fen;
    uint32_t fen_cap;
    uint32_t nready; /* ready processes held (the running one excluded for heap/lottery) */
    /* A global queue on several CPUs with cache affinity (fifo, rr, mlfq, prio):
     * how many candidates at the head level a CPU looks at for one that last
     * ran on it (mp.h); 0: off. */
    int32_t lookahead;
} sched;

typedef enum sched_why {
    SCHED_ARRIVE,  /* a new process */
    SCHED_WAKE,    /* back from I/O or a wait */
    SCHED_REQUEUE, /* other: back after a kill of a sibling, a policy change, ... */
} sched_why;

/* What happened in the tick the process just ran. */
typedef enum sched_outcome {
    SCHED_CONTINUE, /* still has work, still ready */
    SCHED_BLOCKED,  /* issued an I/O or a wait */
    SCHED_EXITED,
} sched_outcome;

const char *sched_policy_name(sched_policy p);
/* Parses "fifo", "sjf", ... ; returns -1 if unknown. */
int sched_policy_parse(const char *s);
/* Defaults for a policy: rr quantum 1, mlfq 3 levels of quantum 10, allotment 1. */
void sched_config_default(sched_config *c, sched_policy p);

int sched_init(sched *s, const sched_config *cfg);
void sched_free(sched *s);
/* Makes *dst a deep copy of src: its queues, heap and tree (clone.h). */
void sched_clone(struct clone_ctx *cx, sched *dst, const sched *src);

/* Sets level, slice and allotment for a process that has never been queued. */
void sched_admit(sched *s, proc *p);
void sched_enqueue(sched *s, struct machine *m, proc *p, sched_why why);
/* The process to run on cpu this tick, or NULL for idle. prev is what ran on it
 * the tick before (NULL if idle or no longer runnable). CPUs pick in CPU order;
 * a queue shared by several CPUs never hands out a process another CPU runs:
 * fifo/rr/mlfq/prio skip a process running on another CPU (an earlier CPU
 * picked it this tick, or a later CPU ran it last tick and decides on it
 * itself); sjf/stcf hold only waiting processes in their heap; lottery draws
 * among the runnable processes minus those earlier CPUs picked this tick. */
proc *sched_pick(sched *s, struct machine *m, int cpu, proc *prev);
/* After p ran one tick: slice accounting, demotion, requeue. For BLOCKED and
 * EXITED, p leaves the ready structures. */
void sched_ran(sched *s, struct machine *m, proc *p, sched_outcome out);
/* Takes a ready (not running) process out, e.g. when it is killed. */
void sched_remove(sched *s, struct machine *m, proc *p);
/* mlfq boost at tick t if due. Returns the number of processes moved. */
int sched_maybe_boost(sched *s, struct machine *m);
/* The parts of a boost, for several queues boosted as one (mp.c): whether one
 * is due now; moving one queue's lower levels to its top (returns how many);
 * the top level and a fresh slice for every unfinished process. */
bool sched_boost_due(const sched *s, const struct machine *m);
int sched_boost_queues(sched *s);
void sched_boost_procs(const sched *s, struct machine *m);
/* The waiting (READY) process that would run last: the tail of the lowest
 * non-empty level; for sjf/stcf the most remaining time (ties: higher pid);
 * for lottery the highest pid. NULL if none waits. Work stealing takes it. */
proc *sched_last(const sched *s, struct machine *m);

/* Read-only views for the UI: the pids of level lvl in queue order. For heap
 * and lottery policies everything is on level 0 in pick order. Returns the
 * count written (at most max). */
uint32_t sched_queue_snapshot(const sched *s, const struct machine *m, int lvl, int32_t *out,
                              uint32_t max);
int32_t sched_levels(const sched *s);

#endif
