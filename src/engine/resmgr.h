/* resmgr: resources in the full machine. Processes acquire and release them
 * as steps of their programs; the manager blocks, wakes, detects deadlock,
 * avoids it (Banker's), prevents it (settings) and recovers from it.
 *
 * Resources. A type has instances: a mutex has one (and an owner), a pool has
 * n, a counting semaphore has a value. Program steps (proc.h; n = resource,
 * iofreq = count, 0 meaning 1):
 *   acquire R [n]  mutex/pool: take n instances, blocking until it can;
 *                  semaphore: wait()/P, take n from the value, blocking until it can
 *   release R [n]  mutex/pool: give back n it holds (more is an error);
 *                  semaphore: signal()/V, add n to the value (needs no holding)
 *   claim R n      Banker's: declare that it may hold up to n of R (mutex/pool
 *                  only; here n is taken as is, 0 included)
 * A step that can never succeed (more than exist, more than claimed, giving
 * back what it does not hold, ...) is an error: an event says why and the
 * process is stopped.
 *
 * Waiting (pinned). A request that cannot be granted blocks the process
 * (BLOCK_RESOURCE) and joins one list of waiting requests, in the order the
 * processes blocked. Whenever instances come back (release, signal, exit,
 * recovery) the list is scanned once in that order and every request that can
 * be granted now (it fits what is free and, under Banker's, leaves a safe
 * state) is granted; so a later request may pass an earlier one that does not
 * fit. A granted process moves past its acquire and becomes ready (SCHED_WAKE)
 * at once, before the process that released goes on. A new request is
 * granted at once when it can be, whoever waits (a freed mutex never stays
 * free while someone waits for it, so this only lets small pool requests pass).
 *
 * A request is one type, except under the prevention settings: ordered
 * acquisition asks for several types in rank order (holding what it got while
 * it waits for the next), release-on-block asks for all of them together.
 *
 * Settings (resmgr_config; may change between ticks):
 *  - detect_every K: after every K ticks (stamped t+1, like a command between
 *    ticks) the detection algorithm of the deadlock mode (deadlock.h) runs on
 *    the live processes; a deadlock is logged with its cycle in the wait-for
 *    graph, process by process. 0: never.
 *  - banker: every grant of a mutex/pool must be covered by the process's
 *    claims, and is made only if the state after it is safe (dl_request);
 *    otherwise the process waits ("unsafe") and is re-checked on every scan.
 *    Semaphores are consumable and are not under Banker's.
 *  - ordered (breaks circular wait): the global order is the resource index
 *    (R0 < R1 < ...). A run of consecutive acquire steps is one request taken
 *    in that order. Asking for R while holding a type ranked at or above R
 *    gives those back and asks for R and them again, in order; so a waiting
 *    process only ever holds types ranked below what it waits for.
 *  - release_on_block (breaks hold and wait): a process that would block
 *    while holding instances gives them all back and waits for them and the
 *    new request together, granted all at once.
 *  - recovery, when detection finds a deadlock: none (it stays stuck), kill
 *    (the cheapest deadlocked process: fewest CPU ticks done, then lowest
 *    pid), or preempt (the cheapest deadlocked process whose last acquire can
 *    be undone gives back what that acquire got and rolls back to it: its pc
 *    returns there and it waits again at the tail; only CPU, I/O and claim
 *    steps may lie between, so nothing is done twice that matters, and what it
 *    gives back must be wanted by another waiting process). Rolling back the
 *    last acquire may not be enough (the victim still holds older ones), and
 *    the same deadlock can come back: a victim already rolled back
 *    RM_MAX_ROLLBACKS times is killed instead, so recovery always ends.
 *    Detection runs again after each victim until no deadlock is left.
 *
 * Semaphores in the matrices. Units of a semaphore are not owned: the
 * allocation column of a semaphore counts the signals the process will still
 * make (its own remaining steps and those of programs it forks, to depth 4),
 * which is what it gives back by running to its end. So a consumer waiting
 * for "full" waits for the producer, and producer/consumer is not a deadlock
 * while the producer can run. Max and need are 0 for semaphores.
 *
 * The four conditions (rm_snapshot.cond) come from the matrices shown: held
 * when true of the state now, else broken when a setting prevents it (hold and
 * wait: release_on_block; no preemption: recovery preempt; circular wait:
 * ordered), else possible. Mutual exclusion is never broken here.
 *
 * Limits: DL_MAX_RES types; the matrices hold at most DL_MAX_PROCS processes
 * that use resources at once (live ones holding, waiting, claiming or about to
 * signal, lowest pids first; a step that would need more is an error).
 * Waiting for a child (wait()) is not a resource: a deadlock through it is not
 * seen. */
#ifndef TICKOS_RESMGR_H
#define TICKOS_RESMGR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "deadlock.h"
#include "event.h"
#include "proc.h"

struct machine;
struct cJSON;
struct clone_ctx;

#define RM_NAME_MAX      16
#define RM_MAX_GRANTS    32 /* acquisitions remembered per process, for rollback */
#define RM_HISTORY       32 /* detections remembered for the event sentences */
#define RM_MAX_ROLLBACKS 3  /* preempt recovery: a victim rolled back this often is killed */

typedef enum rm_kind {
    RM_MUTEX, /* one instance, one owner */
    RM_POOL,  /* n identical instances */
    RM_SEM,   /* a counting semaphore: wait/signal, signal needs no holding */
    RM_KIND_COUNT
} rm_kind;

typedef enum rm_recovery {
    RM_RECOVER_NONE,
    RM_RECOVER_KILL,
    RM_RECOVER_PREEMPT,
    RM_RECOVER_COUNT
} rm_recovery;

typedef struct resmgr_config {
    uint32_t detect_every; /* K: detect after every K ticks; 0 never (default 1) */
    bool banker;
    bool ordered;
    bool release_on_block;
    rm_recovery recovery;
} resmgr_config;

typedef struct rm_type {
    char name[RM_NAME_MAX];
    rm_kind kind;
    int32_t total; /* instances (mutex 1, pool n); semaphore: its initial value */
    int32_t avail; /* free instances; semaphore: its value */
} rm_type;

/* Why a waiting process waits. */
typedef enum rm_why {
    RM_WHY_NONE,   /* not waiting */
    RM_WHY_BUSY,   /* not enough free instances (semaphore: value too low) */
    RM_WHY_UNSAFE, /* Banker's: granting it would leave an unsafe state */
} rm_why;

/* One acquisition still held: what a step got, for rollback. */
typedef struct rm_grant {
    uint32_t pc;   /* the acquire step (first of the run under ordering) */
    uint32_t span; /* steps the request covered: it resumes at pc + span */
    int32_t res;
    int32_t n;
} rm_grant;

typedef struct rm_proc {
    int32_t held[DL_MAX_RES]; /* mutex/pool instances held */
    int32_t claim[DL_MAX_RES];
    int32_t want[DL_MAX_RES]; /* what it still waits for (when waiting) */
    bool gone;                /* exited: out of the matrices */
    bool waiting;
    bool atomic;        /* release-on-block: all of want at once */
    rm_why why;         /* why the last grant attempt failed */
    int32_t why_res;    /* the type it stopped at (-1: all together) */
    uint32_t resume_pc; /* pc once want is granted */
    uint32_t span;      /* steps the request covers */
    uint32_t req_pc;    /* the step the request is for */
    rm_grant grants[RM_MAX_GRANTS];
    int32_t ngrants;
    uint32_t rollbacks;
} rm_proc;

/* What a detection found (a deadlock), kept for the event sentences. */
typedef struct rm_detection {
    uint64_t serial;
    uint64_t tick;
    int32_t ndead;
    int32_t dead[DL_MAX_PROCS]; /* pids, ascending */
    int32_t ncycle;
    int32_t cycle[DL_MAX_PROCS];     /* pids: cycle[i] waits for cycle[i+1] (last for first) */
    int32_t cycle_res[DL_MAX_PROCS]; /* the resource cycle[i] waits for, held by the next */
} rm_detection;

/* The four necessary conditions (Coffman), for display. */
typedef enum rm_cond {
    RM_COND_MUTEX,
    RM_COND_HOLD_WAIT,
    RM_COND_NO_PREEMPT,
    RM_COND_CIRCULAR,
    RM_COND_COUNT
} rm_cond;

typedef enum rm_cond_state {
    RM_COND_BROKEN,   /* a setting prevents it */
    RM_COND_POSSIBLE, /* allowed, but not true of the state now */
    RM_COND_HELD,     /* true of the state now */
} rm_cond_state;

/* Everything the resources pane draws, rebuilt after a tick that changed it (and every
 * exit). Rows are the processes that use resources, ascending by pid. */
typedef struct rm_snapshot {
    uint64_t tick; /* when it was last rebuilt (only when the state changes) */
    int32_t n, m;
    int32_t pid[DL_MAX_PROCS];
    bool truncated; /* more processes use resources than DL_MAX_PROCS */
    /* available, alloc (semaphores: signals to come), request (what each waits
     * for), max (claims) and need = max - alloc (0 for semaphores). */
    dl_state st;
    dl_wfg wfg;   /* P_i waits for P_k: it requests a type P_k holds */
    bool banker;  /* the settings ask for Banker's: safe/seq are valid */
    bool safe;    /* Banker's safety of the state now */
    int32_t nseq; /* the safe sequence (pids) when safe; else how many could finish */
    int32_t seq[DL_MAX_PROCS];
    int32_t cycle[DL_MAX_PROCS]; /* a cycle of the wait-for graph now (pids), or none */
    int32_t ncycle;
    bool detected;          /* detection has run at least once */
    rm_detection last;      /* the last detection (ndead 0: no deadlock then) */
    uint64_t last_detected; /* tick it ran */
    rm_cond_state cond[RM_COND_COUNT];
} rm_snapshot;

typedef struct resmgr {
    resmgr_config cfg;
    rm_type types[DL_MAX_RES];
    int32_t ntypes;

    rm_proc *procs; /* indexed by pid - pid_base, grown on demand */
    uint32_t nprocs;

    int32_t *waiters; /* waiting pids, in the order they blocked */
    uint32_t nwaiters, waiters_cap;
    int32_t *wake; /* granted pids the machine still has to settle and ready */
    uint32_t nwake, wake_head, wake_cap;
    bool draining;

    /* Detection. */
    uint64_t changes;          /* counts state changes */
    uint64_t changes_detected; /* changes when detection last ran */
    uint32_t nprocs_detected;  /* and the process count (a fork adds rows) */
    uint64_t changes_snap;     /* the same for the snapshot, to rebuild it only on change */
    uint32_t nprocs_snap;
    resmgr_config cfg_snap;
    uint64_t serial; /* detections that found a deadlock */
    rm_detection hist[RM_HISTORY];
    int32_t reported[DL_MAX_PROCS]; /* the last deadlock logged (recovery none) */
    int32_t nreported;
    bool stuck_logged;

    /* Counters for the report. */
    uint64_t deadlocks, kills, preemptions, refusals, errors, waits;

    dl_state *scratch; /* detection / Banker's workspace (large: kept off the stack) */
    rm_snapshot snap;
} resmgr;

/* ---- setting up ---------------------------------------------------------- */

void resmgr_config_default(resmgr_config *c); /* detect every tick, nothing else */
/* Gives m a resource manager (replacing any). cfg NULL: defaults. Returns it, or NULL on ENOMEM. */
resmgr *resmgr_attach(struct machine *m, const resmgr_config *cfg);
void resmgr_destroy(resmgr *r);
/* A deep copy of r (clone.h); NULL when r is NULL or memory ran out. */
resmgr *resmgr_clone(struct clone_ctx *cx, const resmgr *r);
/* A new type: a mutex (count ignored: 1), a pool of count instances, a
 * semaphore of initial value count. Returns its index (its rank), or -1 when
 * there are DL_MAX_RES already, count is out of [0, DL_MAX_VALUE] or no manager. */
int resmgr_add(struct machine *m, const char *name, rm_kind kind, int32_t count);

/* Program steps. */
#define RM_ACQUIRE(res, cnt) \
    { .kind = STEP_ACQUIRE, .n = (res), .iofreq = (cnt) }
#define RM_RELEASE(res, cnt) \
    { .kind = STEP_RELEASE, .n = (res), .iofreq = (cnt) }
#define RM_CLAIM(res, cnt) \
    { .kind = STEP_CLAIM, .n = (res), .iofreq = (cnt) }
static inline int32_t rm_step_count(const prog_step *s) {
    return s->iofreq ? (int32_t)s->iofreq : 1;
}

/* ---- hooks called by the machine (machine.c) ---------------------------- */

typedef enum rm_result {
    RM_GO,    /* done: the pc moved on */
    RM_BLOCK, /* the process waits (the machine blocks it: BLOCK_RESOURCE) */
    RM_FAIL,  /* an error was logged: the machine stops the process */
} rm_result;

/* Carries out the resource step pid stands on. */
rm_result resmgr_step(struct machine *m, int32_t pid);
/* pid exits or is killed: gives back what it holds, drops its request. */
void resmgr_on_exit(struct machine *m, int32_t pid);
/* After every tick: detection when due, recovery, the snapshot. */
void resmgr_tick(struct machine *m);
/* Nothing can happen any more without a command: no process can run, no I/O
 * or arrival is pending, some process waits for a resource, and detection (if
 * on) has seen this state. */
bool resmgr_stuck(const struct machine *m);
/* The wake list, for machine_wake_pending: begin returns false when a drain is
 * already running (the outer one takes what is added); next returns -1 at the end. */
bool resmgr_drain_begin(resmgr *r);
int32_t resmgr_drain_next(resmgr *r);
void resmgr_drain_end(resmgr *r);

/* ---- reading (the resources pane, reports, tests) ----------------------- */

const resmgr *resmgr_of(const struct machine *m); /* NULL: no resources */
/* The per-process record, or NULL when pid has never used resources. */
const rm_proc *resmgr_proc(const resmgr *r, const struct machine *m, int32_t pid);
/* The owner of a mutex (or the lowest pid holding a pool's instance), -1 none. */
int32_t resmgr_owner(const struct machine *m, int32_t res);
/* Rebuilds the snapshot (the machine does it after each tick that changed the state). */
void resmgr_refresh(struct machine *m);
const rm_snapshot *resmgr_snapshot(const struct machine *m);
/* The last detection, or NULL when none has found a deadlock yet. */
const rm_detection *resmgr_last_deadlock(const struct machine *m);

/* Graph edges of the snapshot: assignment (resource -> process: alloc) and
 * request (process -> resource) edges, in row then column order, assignment
 * first; in_cycle marks the edges of the last detection's cycle. Returns how
 * many were written (at most max). */
typedef struct rm_edge {
    int32_t pid;
    int32_t res;
    int32_t count;
    bool request; /* process -> resource */
    bool in_cycle;
} rm_edge;
int32_t resmgr_edges(const struct machine *m, rm_edge *out, int32_t max);

const char *rm_kind_name(rm_kind k);           /* "mutex", "pool", "semaphore" */
const char *rm_recovery_name(rm_recovery r);   /* "none", "kill", "preempt" */
int rm_recovery_parse(const char *s);          /* -1 if unknown */
const char *rm_cond_name(rm_cond c);           /* "mutual_exclusion", ... */
const char *rm_cond_state_name(rm_cond_state); /* "held", "broken", "possible" */

/* ---- changing the settings live (resmgr_live.c) ------------------------ */

/* Whether m can take settings cfg now: 0, or -1 with the reason in err (no
 * resources, a bad setting, Banker's cannot start now). */
int resmgr_config_check(const struct machine *m, const resmgr_config *cfg, char *err,
                        size_t errlen);
/* Carries out new settings between ticks (rules in resmgr_live.c). Returns
 * 0, or -1 with the reason in err (as resmgr_config_check; ENOMEM). */
int resmgr_set_config(struct machine *m, const resmgr_config *cfg, char *err, size_t errlen);
bool resmgr_config_equal(const resmgr_config *a, const resmgr_config *b);
/* "detect every tick, recovery kill, Banker's": the settings in words. */
int resmgr_config_text(const resmgr_config *c, char *buf, size_t n);
/* "recovery none -> kill, Banker's off -> on": what differs ("nothing"). */
int resmgr_config_diff(const resmgr_config *a, const resmgr_config *b, char *buf, size_t n);
/* The settings in one event value, and back. */
int64_t resmgr_config_pack(const resmgr_config *c);
void resmgr_config_unpack(int64_t v, resmgr_config *c);
int rm_config_event_format(const event *ev, char *buf, size_t n);

/* The report's "resources" object (demo-mode machines with resources). */
void resmgr_report(const struct machine *m, struct cJSON *out, bool summary);

/* Event kinds (after the deadlock mode's). pid is the process; a, b, c below. */
enum {
    /* a = -1 below: several types together, b = their mask (bit j: type j). */
    EV_RM_ACQUIRE = EV_RES_BASE + 20, /* got it at once; a = res, b = n, c = left after */
    EV_RM_WAIT,                       /* blocks; a = res, b = n, c = free (a mutex: its owner) */
    EV_RM_UNSAFE,                     /* Banker's refuses; a = res, b = n */
    EV_RM_GRANT,                      /* a waited-for grant; a = res, b = n, c = 1 complete */
    EV_RM_RELEASE,                    /* a = res, b = n, c = free after */
    EV_RM_EXIT_RELEASE,               /* exits holding it: given back; a = res, b = n */
    EV_RM_CLAIM,                      /* a = res, b = max */
    EV_RM_ERROR,                      /* a = rm_error, b = res, c = n */
    EV_RM_REORDER,                    /* ordered: a = asked res, b = lowest given back */
    EV_RM_RELEASE_ALL, /* release-on-block: gives back all; a = res it asked, b = mask held */
    EV_RM_DEADLOCK,    /* a = detection serial, b = deadlocked */
    EV_RM_KILL,        /* recovery kills pid; a = its CPU ticks, b = 1: rolled back too often */
    EV_RM_PREEMPT,     /* recovery: a = res, b = n, c = pc it rolls back to */
    EV_RM_NO_VICTIM,   /* recovery finds nothing to undo; a = deadlocked */
    EV_RM_STUCK,       /* nothing can run any more; a = processes waiting */
    EV_RM_CONFIG,      /* settings changed live: a = old, b = new (resmgr_config_pack) */
};

typedef enum rm_error {
    RM_ERR_NO_MANAGER,    /* the machine has no resources */
    RM_ERR_NO_RESOURCE,   /* no such resource */
    RM_ERR_TOO_MANY,      /* with what it holds, more than exist */
    RM_ERR_OVER_CLAIM,    /* Banker's: more than it claimed */
    RM_ERR_NOT_HELD,      /* gives back more than it holds */
    RM_ERR_CLAIM_SEM,     /* claims a semaphore */
    RM_ERR_CLAIM_RANGE,   /* a claim below what it holds or above the total */
    RM_ERR_TOO_MANY_PROCS /* more than DL_MAX_PROCS processes use resources */
} rm_error;

int rm_event_format(const struct machine *m, const event *ev, char *buf, size_t n);

#endif
