/* ressrc: one read-only face over the two places a machine keeps resources,
 * for the resources pane: the full machine's resource manager (resmgr.h, its
 * snapshot rebuilt after every tick that changed it) and the `deadlock` quick
 * mode (deadlock.h: the state as given, or after a pretended grant, and the
 * run of the algorithm over it, one finish per tick).
 *
 * Rows are processes: the snapshot's (its pids, ascending) or the quick
 * mode's P0..Pn-1. The cycle is the last detection's: the full machine's
 * rm_detection, or for the quick mode's detection, once it has concluded
 * with a deadlock, the first cycle of the wait-for graph among the
 * deadlocked processes (dl_wfg_find_cycle). Its edges are marked by the rule
 * resmgr_edges uses. No curses, no allocation. */
#ifndef TICKOS_RESSRC_H
#define TICKOS_RESSRC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "deadlock.h"
#include "machine.h"
#include "resmgr.h"

typedef enum ressrc_kind {
    RESSRC_NONE,    /* no resources: nothing to draw */
    RESSRC_MACHINE, /* the full machine's resource manager */
    RESSRC_DETECT,  /* deadlock --detect */
    RESSRC_BANKER,  /* deadlock --banker */
} ressrc_kind;

typedef struct ressrc {
    ressrc_kind kind;
    const machine *m;
    const resmgr *r;         /* machine */
    const rm_snapshot *snap; /* machine */
    const dl_mode *d;        /* quick modes */
    const dl_state *st;      /* the matrices shown */
    const dl_run *run;       /* quick modes: the run over st */
    bool after;              /* banker: st is the state after the pretended grant */
    int32_t n, nres;
    bool has_request; /* the Request matrix is shown (detection, the machine) */
    bool has_max;     /* Max and Need are shown (Banker's, or claims made) */
    bool has_sem;     /* some column is a semaphore */
    /* The last detection's cycle: cycle_row[i] waits for cycle_res[i], held
     * by cycle_row[i+1] (the last by the first); a row -1: gone since. */
    int32_t ncycle;
    int32_t cycle_pid[DL_MAX_PROCS], cycle_row[DL_MAX_PROCS], cycle_res[DL_MAX_PROCS];
    int32_t ndead;
    bool dead[DL_MAX_PROCS]; /* rows deadlocked at the last detection */
    rm_cond_state cond[RM_COND_COUNT];
} ressrc;

/* Fills s for machine m; s->kind is RESSRC_NONE when m has no resources. */
void ressrc_init(ressrc *s, const machine *m);
/* The pid of a row. */
int32_t ressrc_pid(const ressrc *s, int32_t row);
/* A column's name: the type's name, or A, B, C ... (R26, ... beyond Z) for
 * the quick mode, which has none. */
void ressrc_res_name(const ressrc *s, int32_t j, char *buf, size_t n);
/* Whether the edge is on the cycle: a request edge row -> res, or an
 * assignment edge res -> row. */
bool ressrc_in_cycle(const ressrc *s, int32_t row, int32_t res, bool request);
/* Whether column j is a semaphore (its allocation: signals to come). */
bool ressrc_is_sem(const ressrc *s, int32_t j);

#endif
