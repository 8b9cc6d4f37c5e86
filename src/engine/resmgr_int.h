/* resmgr_int: what the resmgr*.c files share; not for other modules. */
#ifndef TICKOS_RESMGR_INT_H
#define TICKOS_RESMGR_INT_H

#include "resmgr.h"

struct machine;

/* Records (resmgr.c). rm_ensure grows them to the process table; rm_rec is
 * NULL for a pid out of range. */
bool rm_ensure(resmgr *r, const struct machine *m);
rm_proc *rm_rec(resmgr *r, const struct machine *m, int32_t pid);
bool rm_is_sem(const resmgr *r, int32_t j);
void rm_emit(struct machine *m, int kind, int32_t pid, int64_t a, int64_t b, int64_t c);
/* n of res that q holds back to free (the caller scans). */
void rm_give_back(resmgr *r, rm_proc *q, int32_t res, int32_t n);
/* Once through the waiting requests, granting what can be (resmgr.h). */
void rm_scan(struct machine *m, resmgr *r);
bool rm_push_pid(int32_t **buf, uint32_t *len, uint32_t *cap, int32_t pid);
void rm_drop_waiter(resmgr *r, int32_t pid);

/* Matrices (resmgr_state.c). */
typedef enum rm_fill_mode {
    RM_FILL_DETECT, /* semaphore allocation = signals to come */
    RM_FILL_BANKER, /* semaphores left out: all zero */
} rm_fill_mode;

/* The processes in the matrices, ascending by pid; force (-1: none) is always
 * a candidate. Returns how many; *truncated when more would be needed. */
int32_t rm_build_rows(const struct machine *m, const resmgr *r, int32_t *rows, int32_t force,
                      bool *truncated);
void rm_fill_state(const struct machine *m, const resmgr *r, const int32_t *rows, int32_t n,
                   rm_fill_mode mode, dl_state *s);
int32_t rm_row_of(const int32_t *rows, int32_t n, int32_t pid);
/* A cycle of g among the rows in mask: pids (and, if res, the resource each
 * waits for). Returns its length. */
int32_t rm_find_cycle(const dl_state *s, const int32_t *rows, const dl_wfg *g, uint64_t mask,
                      int32_t *pids, int32_t *res);
/* Banker's: would granting v to pid leave a safe state? */
bool rm_banker_safe(const struct machine *m, resmgr *r, int32_t pid, const int64_t *v);

#endif
