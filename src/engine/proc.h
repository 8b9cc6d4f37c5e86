/* proc: processes, their programs and their control blocks (PCBs).
 *
 * A program is a list of steps. RUN is CPU work (with an optional periodic I/O,
 * which is how OSTEP's jobs are described); the others take no CPU time and are
 * carried out the moment the process reaches them (proc_settle), so a READY
 * process always stands on CPU work: a RUN step, or a READ or WRITE (one tick
 * each). With memory (vm.h) a RUN tick may also make a generated reference. */
#ifndef TICKOS_PROC_H
#define TICKOS_PROC_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"

struct clone_ctx;
struct machine;

typedef enum proc_state {
    PROC_NEW,        /* created, not yet arrived */
    PROC_READY,      /* waiting for a CPU */
    PROC_RUNNING,    /* on a CPU this tick */
    PROC_BLOCKED,    /* waiting for I/O, a child, ... (block_reason) */
    PROC_ZOMBIE,     /* exited, its parent has not waited yet */
    PROC_TERMINATED, /* exited and reaped (or had no parent) */
    PROC_STATE_COUNT
} proc_state;

typedef enum proc_block {
    BLOCK_NONE,
    BLOCK_IO,    /* an I/O in flight until wake_at */
    BLOCK_CHILD, /* wait(): until a child exits */
    BLOCK_FAULT, /* a page fault: until the page-in completes at wake_at (vm.h), or
                    wake_at 0: until a frame can be had */
    /* a resource request (resmgr.h keeps what and why) */
    BLOCK_RESOURCE,
} proc_block;

typedef enum step_kind {
    STEP_RUN,   /* n ticks of CPU; an I/O of iotime ticks after every iofreq ticks of CPU
                   (0: never) unless that tick ends the prog_step */
    STEP_IO,    /* block for n ticks of I/O */
    STEP_FORK,  /* create a child running program n */
    STEP_WAIT,  /* n = 0: wait for one child to exit; n = 1: until no children are left.
                   Returns at once if there is none. */
    STEP_EXIT,  /* exit; implied at the end of every program */
    STEP_READ,  /* read virtual address n: one tick of CPU (a page fault blocks, then retries) */
    STEP_WRITE, /* write virtual address n: likewise */
    /* Resources (resmgr.h): n = resource index, iofreq = count (0: 1). */
    STEP_ACQUIRE, /* take instances (a semaphore: wait), blocking until it can */
    STEP_RELEASE, /* give them back (a semaphore: signal) */
    STEP_CLAIM,   /* Banker's: declare the most of a resource it may hold */
    STEP_MAP,     /* map shared memory segment n into the address space (vm.h) */
    STEP_KIND_COUNT
} step_kind;

typedef struct prog_step {
    uint8_t kind;
    uint32_t n;
    uint32_t iofreq;
    uint32_t iotime;
} prog_step;

#define PROG_NAME_MAX 24
typedef struct program {
    char name[PROG_NAME_MAX];
    prog_step *steps; /* owned */
    uint32_t nsteps;
    bool injected; /* added by an inject (inject.h), not one of the scenario's own */
} program;

/* Makes *dst a deep copy of src, its steps included (clone.h). */
void prog_clone(struct clone_ctx *cx, program *dst, const program *src);

#define PROC_NAME_MAX PROG_NAME_MAX
typedef struct proc {
    int32_t pid;
    int32_t ppid; /* -1: no parent (a job of a quick mode) */
    char name[PROC_NAME_MAX];
    proc_state state;
    proc_block block_reason;
    uint32_t prog;      /* index into the machine's programs */
    uint32_t pc;        /* the step it stands on */
    uint32_t step_done; /* CPU ticks done in the current RUN prog_step */
    uint64_t length;    /* CPU ticks in the whole program (not counting children) */
    uint64_t cpu_left;  /* CPU ticks still to run: the SJF/STCF key */

    /* Scheduling state, interpreted by the policy. */
    int32_t level;      /* MLFQ level (top = queues-1, as OSTEP) or static priority */
    int32_t slice_left; /* ticks left of the current time slice */
    int32_t allot_left; /* slices left at this level before demotion */
    int32_t prio;       /* static priority for the prio policy: higher runs first */
    uint32_t tickets;   /* lottery */
    int32_t cpu;        /* CPU it runs on or last ran on, -1 never ran */
    int32_t rq;         /* per-CPU run queues: the CPU whose queue holds it (mp.h) */
    uint32_t migrated;  /* times it ran on a CPU other than the one it last ran on */

    /* Accounting. */
    uint64_t arrival;
    int64_t first_run; /* -1 until it first runs */
    int64_t finish;    /* tick after its last tick of CPU; -1 until it exits */
    uint64_t cpu_time;
    uint64_t wait_time;    /* ticks READY but not running, up to state_since */
    uint64_t blocked_time; /* ticks BLOCKED, up to state_since */
    uint64_t state_since;  /* tick it entered its current state */
    uint64_t wake_at;      /* BLOCK_IO: tick its I/O completes */
    uint64_t io_seq;       /* BLOCK_IO: order of issue, to break ties */
    uint32_t ios;          /* I/Os issued */
    int32_t children;      /* children not yet reaped */
    int32_t waiting_for;   /* BLOCK_CHILD: -1 any child */
} proc;

const char *proc_state_name(proc_state s);  /* "ready" */
const char *proc_state_short(proc_state s); /* "RDY": fixed 3 letters for tables */
const char *step_kind_name(step_kind k);    /* "cpu", "io", "fork", "wait", "exit", "read", ... */
/* Ticks of CPU a step takes: n for RUN, 1 for READ and WRITE, 0 otherwise. */
uint32_t prog_step_ticks(const prog_step *s);

/* Wait so far, counting the current stretch if it is READY now. */
uint64_t proc_wait_at(const proc *p, uint64_t now);
/* response = first_run - arrival, turnaround = finish - arrival; -1 when not yet known. */
int64_t proc_response(const proc *p);
int64_t proc_turnaround(const proc *p);

/* Event kinds of this subsystem. Values: see each comment. */
enum {
    EV_ARRIVE = EV_PROC_BASE, /* pid arrives; a = level it joins */
    EV_DISPATCH,              /* pid put on cpu; a = previous pid (-1 idle), b = level */
    EV_PREEMPT,               /* pid taken off cpu for a = pid */
    EV_SLICE_END,             /* pid used its slice; a = old level, b = new level */
    EV_IO_START,              /* pid starts an I/O; a = completes at tick */
    EV_IO_DONE,               /* pid's I/O completed; a = level it joins, b = 1 at head */
    EV_BOOST,                 /* priority boost; a = jobs moved */
    EV_FORK,                  /* pid forks child a running program b */
    EV_WAIT_BLOCK,            /* pid waits for a child */
    EV_WAIT_NOCHILD,          /* pid waits but has no children: returns at once */
    EV_REAP,                  /* pid reaps zombie child a */
    EV_EXIT,                  /* pid exits; a = 1 becomes a zombie, 0 terminated */
    EV_ORPHAN,                /* pid orphaned, adopted by a */
    EV_IDLE,                  /* cpu idle: nothing ready */
    EV_KILL,                  /* pid killed */
    EV_INJECT,                /* pid injected running program a */
    EV_MIGRATE,               /* pid runs on cpu, last ran on CPU a */
    EV_STEAL,                 /* idle cpu steals pid from CPU a; b = a's load, c = cpu's load */
    EV_BALANCE,               /* pid moves from CPU a to cpu; b = a's load, c = cpu's load */
};

#endif
