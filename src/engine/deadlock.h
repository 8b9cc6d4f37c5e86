/* deadlock: resources, deadlock detection and the Banker's algorithm.
 *
 * A resource state is n processes x m resource types: the available vector
 * and the allocation, request (detection) and max (Banker's) matrices, with
 * need = max - alloc. The rules are pinned by shared/spec/headless.md,
 * "deadlock":
 *
 *  - detection: a process holding nothing is never deadlocked (it starts
 *    finished); repeatedly the lowest-numbered unfinished process whose
 *    request fits in work finishes and returns its allocation; the processes
 *    left unfinished are deadlocked.
 *  - Banker's safety: the same loop over need instead of request, with no
 *    process finished at the start; the state is safe when every process
 *    finishes, and the order they finished in is the safe sequence.
 *  - a request of v more for process p: more than its need is an error; more
 *    than available must wait; otherwise it is granted only if the state after
 *    pretending to allocate it is safe.
 *
 * The algorithms are steppable: a dl_run advances one "finish" per
 * dl_run_step, so the TUI can show work changing tick by tick, and it keeps
 * every step (process, work after) for reports and event sentences. Everything
 * is plain fixed-size arrays (no pointers), so states copy and serialise as is.
 *
 * Limits (the CLI enforces them; the engine assumes them): at most
 * DL_MAX_PROCS processes, DL_MAX_RES resource types, every value in
 * [0, DL_MAX_VALUE], so work never exceeds (DL_MAX_PROCS + 1) * DL_MAX_VALUE. */
#ifndef TICKOS_DEADLOCK_H
#define TICKOS_DEADLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

struct machine;
struct cJSON;

#define DL_MAX_PROCS 64
#define DL_MAX_RES   32
#define DL_MAX_VALUE 1000000

typedef enum dl_algo {
    DL_DETECT, /* compare request with work; idle processes start finished */
    DL_BANKER, /* compare need with work */
} dl_algo;

typedef struct dl_state {
    int32_t n; /* processes */
    int32_t m; /* resource types */
    int64_t available[DL_MAX_RES];
    int64_t alloc[DL_MAX_PROCS][DL_MAX_RES];
    int64_t request[DL_MAX_PROCS][DL_MAX_RES]; /* detection */
    int64_t max[DL_MAX_PROCS][DL_MAX_RES];     /* Banker's */
    int64_t need[DL_MAX_PROCS][DL_MAX_RES];    /* max - alloc, kept by dl_state_update_need */
} dl_state;

/* An empty state of n x m (both clamped to the limits). */
void dl_state_init(dl_state *s, int32_t n, int32_t m);
/* need = max - alloc for every process. */
void dl_state_update_need(dl_state *s);
/* True when the state respects the limits and, for Banker's, alloc <= max. */
bool dl_state_valid(const dl_state *s, dl_algo algo);
/* True when a[j] <= b[j] for j < m. */
bool dl_vec_fits(const int64_t *a, const int64_t *b, int32_t m);
/* True when v is all zero. */
bool dl_vec_zero(const int64_t *v, int32_t m);
/* Writes "(a,b,c)" into buf; returns what snprintf would (the full length). */
int dl_vec_format(const int64_t *v, int32_t m, char *buf, size_t n);

/* One run of detection or of the safety algorithm, advanced a finish at a time. */
typedef struct dl_run {
    dl_algo algo;
    int32_t n, m;
    bool done;
    int64_t work[DL_MAX_RES];
    int64_t work0[DL_MAX_RES]; /* work at the start (available) */
    bool finished[DL_MAX_PROCS];
    bool idle[DL_MAX_PROCS];     /* detection: held nothing, so finished from the start */
    int32_t nfinished;           /* idle ones included */
    int32_t order[DL_MAX_PROCS]; /* processes in the order dl_run_step finished them */
    int64_t order_work[DL_MAX_PROCS][DL_MAX_RES]; /* work after each of those */
    int32_t norder;
} dl_run;

void dl_run_init(dl_run *r, const dl_state *s, dl_algo algo);
/* The lowest-numbered unfinished process whose request (need) fits in work, or -1. */
int32_t dl_run_next(const dl_run *r, const dl_state *s);
/* One step: finishes dl_run_next and returns it (its allocation is returned to
 * work); the run is done when every process has finished or, returning -1,
 * when none fits. Returns -1 and changes nothing once done. */
int32_t dl_run_step(dl_run *r, const dl_state *s);
/* Steps to the end. */
void dl_run_finish(dl_run *r, const dl_state *s);
/* Work before step i (0 <= i <= norder): work0, or the work after step i-1. */
const int64_t *dl_run_work_before(const dl_run *r, int32_t i);
/* The unfinished processes in ascending order into out (room for n); returns how many.
 * Once done: the deadlocked processes (detection) or those that cannot be sure to
 * finish (Banker's). */
int32_t dl_run_unfinished(const dl_run *r, int32_t *out);
/* Done and every process finished: no deadlock (detection), safe (Banker's). */
bool dl_run_all_finished(const dl_run *r);

/* Run-to-end helpers. dl_detect returns the number of deadlocked processes and
 * lists them ascending in out (room for s->n); r (may be NULL) receives the run. */
int32_t dl_detect(const dl_state *s, int32_t *out, dl_run *r);
/* Whether s is safe; the safe sequence (s->n of them when safe) goes into seq
 * (may be NULL), *nseq (may be NULL) receives how many finished. */
bool dl_safety(const dl_state *s, int32_t *seq, int32_t *nseq, dl_run *r);

/* Banker's request of v more for process p. */
typedef enum dl_req {
    DL_REQ_OK,           /* fits need and available: pretend and check safety */
    DL_REQ_EXCEEDS_NEED, /* more than its need: an error */
    DL_REQ_WAIT,         /* more than available: the process must wait */
    DL_REQ_BAD_PROCESS,  /* p out of range */
} dl_req;

dl_req dl_request_check(const dl_state *s, int32_t p, const int64_t *v);
/* out = s with v moved from available to p's allocation (need shrinks). Only
 * after dl_request_check said DL_REQ_OK. out may not alias s. */
void dl_request_pretend(const dl_state *s, int32_t p, const int64_t *v, dl_state *out);

typedef enum dl_reason {
    DL_REASON_NONE, /* no request, or not decided yet */
    DL_REASON_SAFE,
    DL_REASON_UNSAFE,
    DL_REASON_WAIT,
    DL_REASON_ERROR, /* exceeds need or bad process */
} dl_reason;

const char *dl_reason_name(dl_reason r); /* "safe", "unsafe", "wait", "error", "" */

/* The whole request to the end: granted only when the reason is DL_REASON_SAFE. */
dl_reason dl_request(const dl_state *s, int32_t p, const int64_t *v, bool *granted);

/* Wait-for graph for single-instance resources: P_i -> P_j when P_i requests a
 * resource type that P_j holds. One bit per process (n <= 64). */
typedef struct dl_wfg {
    int32_t n;
    uint64_t waits_for[DL_MAX_PROCS];
} dl_wfg;

void dl_wfg_build(const dl_state *s, dl_wfg *g);
void dl_wfg_add(dl_wfg *g, int32_t from, int32_t to);
/* A cycle, process by process: cycle[0] waits for cycle[1], ..., the last for
 * cycle[0]; it starts at its lowest-numbered process. Depth-first from P0 with
 * successors in ascending order, so the answer is deterministic. Returns the
 * length (cycle needs room for g->n), or 0 when there is none. */
int32_t dl_wfg_find_cycle(const dl_wfg *g, int32_t *cycle);
/* "P1 waits for P2, P2 waits for P3, P3 waits for P1". Returns what snprintf would. */
int dl_wfg_cycle_format(const int32_t *cycle, int32_t len, char *buf, size_t n);

/* The deadlock quick mode (deadlock_mode.c): the subsystem the machine
 * attaches. Each tick is one step: detection runs one finish per tick and then
 * concludes; Banker's runs the safety algorithm on the given state, then (with a
 * grant) checks the request in one tick, and runs the safety algorithm on the
 * state after the pretended grant, one finish per tick. */
typedef enum dl_phase {
    DL_PHASE_RUN,   /* detection, or safety of the given state */
    DL_PHASE_CHECK, /* Banker's with a grant: the request check and pretend */
    DL_PHASE_AFTER, /* safety of the state after the pretended grant */
    DL_PHASE_DONE,
} dl_phase;

typedef struct dl_mode {
    dl_algo algo;
    dl_phase phase;
    dl_state state; /* as given */
    dl_run run;
    bool has_grant;
    int32_t grant_pid;
    int64_t grant[DL_MAX_RES];
    dl_req check;   /* valid once past DL_PHASE_CHECK */
    dl_state after; /* valid when check == DL_REQ_OK */
    dl_run after_run;
    dl_reason reason;
    bool granted;
} dl_mode;

/* A new mode on a copy of s; grant (may be NULL) asks for grant[0..m) more for
 * grant_pid. Returns NULL on ENOMEM. Free with dl_mode_ops.destroy. */
dl_mode *dl_mode_create(const dl_state *s, dl_algo algo, int32_t grant_pid, const int64_t *grant);
extern const struct subsys_ops dl_mode_ops;
/* The deadlock mode attached to m, or NULL. */
const dl_mode *dl_mode_of(const struct machine *m);

/* Event kinds. pid is the process concerned (-1: none); a is the phase
 * (dl_phase: which run the event refers to). */
enum {
    EV_RES_IDLE = EV_RES_BASE, /* detection: pid holds nothing, cannot be deadlocked */
    EV_RES_FINISH,             /* pid's request/need fits in work and it finishes; b = step */
    EV_RES_DEADLOCK,           /* detection ends; b = number deadlocked (0: none) */
    EV_RES_SAFE,               /* safety ends safe; b = processes */
    EV_RES_UNSAFE,             /* safety ends unsafe; b = number that cannot finish */
    EV_RES_REQ_ERROR,          /* pid's request exceeds its need */
    EV_RES_REQ_WAIT,           /* pid's request exceeds available: it must wait */
    EV_RES_PRETEND,            /* pretend to allocate pid's request */
    EV_RES_GRANTED,            /* pid's request granted: the state after is safe */
    EV_RES_REFUSED,            /* pid's request refused: the state after would be unsafe */
};

#endif
