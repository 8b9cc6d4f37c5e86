/* machine: the one simulated computer that every face of tickos drives.
 *
 * All state lives in this plain struct (and the structs it owns): the clock,
 * the random generator, the programs and the process table, the scheduler, the
 * CPUs, the event log and the recorded history. machine_tick advances it by one
 * tick; nothing else changes it except the commands below (inject, kill, policy
 * change), which the TUI's controller calls between ticks.
 *
 * The trace-driven quick modes (paging, translate, mesi, deadlock) attach a
 * subsystem with its own state; machine_tick then advances that subsystem one
 * reference per tick. The same subsystem modules serve the full machine. */
#ifndef TICKOS_MACHINE_H
#define TICKOS_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmdlog.h"
#include "event.h"
#include "mp.h"
#include "proc.h"
#include "rng.h"
#include "sched.h"

struct cJSON;
struct clone_ctx;
struct vm;

#define MACHINE_MAX_CPUS 16
#define MACHINE_GANTT    1024 /* ticks of per-CPU history kept for the UI */

typedef enum machine_mode {
    MODE_DEMO,
    MODE_SCHED,
    MODE_PAGING,
    MODE_TRANSLATE,
    MODE_MESI,
    MODE_DEADLOCK,
    MODE_COUNT
} machine_mode;

typedef struct cpu {
    int32_t running; /* pid this tick, -1 idle */
    int32_t last;    /* pid of the previous tick, -1 idle */
    uint64_t busy;   /* ticks spent running a process */
    uint64_t switches;
    int32_t gantt[MACHINE_GANTT];   /* pid at tick t % MACHINE_GANTT, -1 idle */
    int8_t gantt_lv[MACHINE_GANTT]; /* its level then */
} machine_cpu;

/* A trace-driven subsystem attached to the machine (quick modes). */
typedef struct subsys_ops {
    machine_mode mode;
    /* Advance one tick (one reference). */
    void (*step)(void *self, struct machine *m);
    bool (*done)(const void *self, const struct machine *m);
    /* Adds the mode's keys to the report object. */
    void (*report)(const void *self, const struct machine *m, struct cJSON *out, bool summary);
    /* Adds the subsystem's inner state (frames, TLB, caches, ...) to a save. */
    void (*state)(const void *self, const struct machine *m, struct cJSON *out);
    void (*destroy)(void *self);
    /* A deep copy of self (clone.h), for machine_clone; NULL: cannot be copied. */
    void *(*clone)(const void *self, struct clone_ctx *cx);
} subsys_ops;

typedef struct machine {
    machine_mode mode;
    uint64_t tick;
    uint64_t seed;
    rng rng;
    evlog log;

    /* Programs (owned) and the process table, indexed by pid - pid_base. */
    program *progs;
    uint32_t nprogs, progs_cap;
    proc *procs;
    uint32_t nprocs, procs_cap;
    int32_t pid_base; /* quick modes: jobs are 0,1,...; the demo: init is pid 1 */
    int32_t init_pid; /* adopts orphans and reaps them; -1: none */
    uint32_t nlive;   /* processes not yet terminated */
    uint32_t nexited; /* processes that have exited */

    /* Arrivals: pids sorted by (arrival, pid); the next one to arrive. */
    int32_t *arrivals;
    uint32_t narrivals, arrivals_cap, next_arrival;
    /* I/O completions: a min-heap of pids by (wake_at, io_seq). */
    int32_t *iowait;
    uint32_t niowait, iowait_cap;
    uint64_t io_seq;

    sched sched; /* the global queue, or CPU 0's queue with per-CPU queues (mp.h) */
    mp mp;       /* several CPUs: the organisation, per-CPU queues, migrations */
    int ncpus;
    machine_cpu cpus[MACHINE_MAX_CPUS];

    /* Full history for reports (timeline and levels per tick); off when the
     * report would leave it out, so long runs do not grow. */
    bool record;
    int32_t *timeline;
    int8_t *levels;
    uint64_t hist_len, hist_cap;

    const subsys_ops *sub_ops;
    void *sub;

    /* What built it, for saves and replays: {"args": [...], "files": {...}}
     * or {"machine": {...}} (owned; NULL when built in code), and the commands
     * given since. */
    struct cJSON *scenario;
    cmdlog cmds;

    struct vm *vm; /* memory: frames, page tables, TLBs (vm.h); NULL: none */

    /* Per-CPU caches fed by the memory references (mcache.h); NULL: none. Owned. */
    struct mcache *caches;

    /* Resources that processes acquire and release (resmgr.h); NULL: none. Owned. */
    struct resmgr *res;
} machine;

/* A new empty machine at tick 0. Returns NULL on ENOMEM. */
machine *machine_create(machine_mode mode, const sched_config *cfg, int ncpus, uint64_t seed);
void machine_destroy(machine *m);
/* A deep copy of m that runs on exactly as m would (the TUI's snapshots for
 * stepping back, compare's fork). Returns NULL on ENOMEM or when m's
 * subsystem cannot be copied. *bytes (may be NULL) gets the heap memory the
 * copy holds, which bounds how many snapshots are kept. */
machine *machine_clone(const machine *m, size_t *bytes);
/* machine_clone's copy made through cx, without the scenario (NULL in the
 * copy). NULL when m's subsystem cannot be copied or cx->failed; the caller
 * then undoes the blocks with clone_abort (never machine_destroy: a failed
 * copy is half made). Tests use it with clone.h's fail_at. */
machine *machine_clone_in(struct clone_ctx *cx, const machine *m);
/* Takes ownership of self; ops->destroy frees it with the machine. */
void machine_attach(machine *m, const subsys_ops *ops, void *self);

/* Programs. Copies the steps; returns the program index, or -1 on ENOMEM. */
int machine_add_program(machine *m, const char *name, const prog_step *steps, uint32_t nsteps);
/* A process that arrives at `arrival` running program prog. Returns its pid, or -1. */
int32_t machine_add_process(machine *m, const char *name, uint32_t prog, uint64_t arrival,
                            int32_t ppid);
/* An OSTEP job: run ticks of CPU, an I/O of iotime every iofreq ticks. Returns its pid. */
int32_t machine_add_job(machine *m, uint64_t arrival, uint32_t run, uint32_t iofreq,
                        uint32_t iotime);

proc *machine_proc(machine *m, int32_t pid);
const proc *machine_proc_c(const machine *m, int32_t pid);

/* Advance one tick. Does nothing once the machine is done. */
void machine_tick(machine *m);
/* True when nothing is left to simulate. */
bool machine_done(const machine *m);

/* Commands, carried out between ticks and logged in m->cmds. */
int machine_kill(machine *m, int32_t pid);
/* The same kill decided by the engine itself (deadlock recovery): not a
 * command, so not logged (a replay makes the same decision again). */
int machine_terminate(machine *m, int32_t pid);
/* Takes ownership of scenario (a cJSON object, may be NULL). */
void machine_set_scenario(machine *m, struct cJSON *scenario);

/* Resources: settles and readies every process whose request resmgr granted
 * (its wake list), at time now. resmgr calls it after a recovery step. */
void machine_wake_pending(machine *m, uint64_t now);

/* Metrics over the processes that finished. */
typedef struct machine_metrics {
    uint32_t finished;
    double avg_response, avg_turnaround, avg_wait;
    double utilisation; /* busy CPU ticks / (ticks * cpus) */
    double throughput;  /* finished per tick */
    uint64_t switches;
} machine_metrics;
void machine_metrics_get(const machine *m, machine_metrics *out);

const char *machine_mode_name(machine_mode mode);

/* Event kinds of the machine itself. */
enum {
    EV_SYS_START = EV_SYS_BASE, /* scenario started; a = mode */
    EV_SYS_DONE,                /* everything finished */
    EV_SYS_POLICY,              /* policy changed; a = old, b = new */
};

#endif
