/* resmgr_state: the matrices of the live processes that use resources (a
 * dl_state for deadlock.c's algorithms), Banker's check, and the snapshot the
 * resources pane reads, with the four conditions and the graph edges. */
#include <string.h>

#include "machine.h"
#include "resmgr.h"
#include "resmgr_int.h"

#define FORK_DEPTH 4 /* forked programs counted for a semaphore's signals to come */

/* Signals of semaphore j that program prog makes from step `from` on,
 * counting the programs it forks down to FORK_DEPTH. */
static int64_t future_signals(const machine *m, uint32_t prog, uint32_t from, int32_t j,
                              int depth) {
    if (prog >= m->nprogs) {
        return 0;
    }
    const program *pr = &m->progs[prog];
    int64_t sum = 0;
    for (uint32_t i = from; i < pr->nsteps && sum < DL_MAX_VALUE; i++) {
        const prog_step *s = &pr->steps[i];
        if (s->kind == STEP_RELEASE && s->n == (uint32_t)j) {
            sum += rm_step_count(s);
        } else if (s->kind == STEP_FORK && depth < FORK_DEPTH) {
            sum += future_signals(m, s->n, 0, j, depth + 1);
        }
    }
    return sum < DL_MAX_VALUE ? sum : DL_MAX_VALUE;
}

static bool is_live(const proc *p) {
    return p->state != PROC_ZOMBIE && p->state != PROC_TERMINATED;
}

static bool involved(const machine *m, const resmgr *r, const proc *p) {
    if (!is_live(p)) {
        return false;
    }
    const rm_proc *q = resmgr_proc(r, m, p->pid);
    if (q && q->gone) {
        return false;
    }
    if (q && q->waiting) {
        return true;
    }
    for (int32_t j = 0; j < r->ntypes; j++) {
        if (q && (q->held[j] > 0 || q->claim[j] > 0)) {
            return true;
        }
        if (rm_is_sem(r, j) && future_signals(m, p->prog, p->pc, j, 0) > 0) {
            return true;
        }
    }
    return false;
}

/* The processes in the matrices, ascending by pid; force (-1: none) is
 * always a candidate. Returns how many. */
int32_t rm_build_rows(const machine *m, const resmgr *r, int32_t *rows, int32_t force,
                      bool *truncated) {
    int32_t n = 0;
    *truncated = false;
    for (uint32_t i = 0; i < m->nprocs; i++) {
        const proc *p = &m->procs[i];
        if (p->pid != force && !involved(m, r, p)) {
            continue;
        }
        if (n == DL_MAX_PROCS) {
            *truncated = true;
            break;
        }
        rows[n++] = p->pid;
    }
    return n;
}

void rm_fill_state(const machine *m, const resmgr *r, const int32_t *rows, int32_t n,
                   rm_fill_mode mode, dl_state *s) {
    dl_state_init(s, n, r->ntypes);
    for (int32_t j = 0; j < r->ntypes; j++) {
        s->available[j] = mode == RM_FILL_BANKER && rm_is_sem(r, j) ? 0 : r->types[j].avail;
    }
    for (int32_t i = 0; i < n; i++) {
        const proc *p = machine_proc_c(m, rows[i]);
        const rm_proc *q = resmgr_proc(r, m, rows[i]);
        for (int32_t j = 0; j < r->ntypes; j++) {
            if (rm_is_sem(r, j)) {
                if (mode == RM_FILL_DETECT) {
                    s->alloc[i][j] = future_signals(m, p->prog, p->pc, j, 0);
                    s->request[i][j] = q && q->waiting ? q->want[j] : 0;
                }
                continue;
            }
            if (!q) {
                continue;
            }
            s->alloc[i][j] = q->held[j];
            s->request[i][j] = q->waiting ? q->want[j] : 0;
            s->max[i][j] = q->claim[j];
            s->need[i][j] = q->claim[j] - q->held[j];
        }
    }
}

int32_t rm_row_of(const int32_t *rows, int32_t n, int32_t pid) {
    for (int32_t i = 0; i < n; i++) {
        if (rows[i] == pid) {
            return i;
        }
    }
    return -1;
}

/* Banker's: would granting v (mutex/pool columns) to pid leave a safe state? */
bool rm_banker_safe(const machine *m, resmgr *r, int32_t pid, const int64_t *v) {
    int32_t rows[DL_MAX_PROCS];
    bool truncated;
    int32_t n = rm_build_rows(m, r, rows, pid, &truncated);
    int32_t row = rm_row_of(rows, n, pid);
    if (row < 0 || truncated) {
        return false;
    }
    rm_fill_state(m, r, rows, n, RM_FILL_BANKER, r->scratch);
    bool granted;
    dl_request(r->scratch, row, v, &granted);
    return granted;
}

/* The resource that row a waits for and row b holds (the lowest), or -1. */
static int32_t link_res(const dl_state *s, int32_t a, int32_t b) {
    for (int32_t j = 0; j < s->m; j++) {
        if (s->request[a][j] > 0 && s->alloc[b][j] > 0) {
            return j;
        }
    }
    return -1;
}

/* A cycle of g among the rows in mask, into pids/res; returns its length. */
int32_t rm_find_cycle(const dl_state *s, const int32_t *rows, const dl_wfg *g, uint64_t mask,
                      int32_t *pids, int32_t *res) {
    dl_wfg sub = *g;
    for (int32_t i = 0; i < sub.n; i++) {
        sub.waits_for[i] = (mask >> i & 1) ? sub.waits_for[i] & mask : 0;
    }
    int32_t cyc[DL_MAX_PROCS];
    int32_t len = dl_wfg_find_cycle(&sub, cyc);
    for (int32_t i = 0; i < len; i++) {
        pids[i] = rows[cyc[i]];
        if (res) {
            res[i] = link_res(s, cyc[i], cyc[(i + 1) % len]);
        }
    }
    return len;
}

int32_t resmgr_owner(const machine *m, int32_t res) {
    const resmgr *r = m->res;
    if (!r || res < 0 || res >= r->ntypes || rm_is_sem(r, res)) {
        return -1;
    }
    for (uint32_t i = 0; i < r->nprocs && i < m->nprocs; i++) {
        if (r->procs[i].held[res] > 0) {
            return m->procs[i].pid;
        }
    }
    return -1;
}

const rm_snapshot *resmgr_snapshot(const machine *m) {
    return m && m->res ? &m->res->snap : NULL;
}

const rm_detection *resmgr_last_deadlock(const machine *m) {
    const resmgr *r = m ? m->res : NULL;
    return r && r->serial ? &r->hist[r->serial % RM_HISTORY] : NULL;
}

static void conditions(const resmgr *r, rm_snapshot *s) {
    bool held = false, hold_wait = false;
    for (int32_t i = 0; i < s->n; i++) {
        bool holds = false, waits = false;
        for (int32_t j = 0; j < s->m; j++) {
            holds |= s->st.alloc[i][j] > 0;
            waits |= s->st.request[i][j] > 0;
        }
        held |= holds;
        hold_wait |= holds && waits;
    }
    /* The state first: a setting cannot undo what is true now (semaphores are
     * outside the prevention settings). */
    s->cond[RM_COND_MUTEX] = held ? RM_COND_HELD : RM_COND_POSSIBLE;
    s->cond[RM_COND_HOLD_WAIT] = hold_wait                 ? RM_COND_HELD
                                 : r->cfg.release_on_block ? RM_COND_BROKEN
                                                           : RM_COND_POSSIBLE;
    s->cond[RM_COND_NO_PREEMPT] = r->cfg.recovery == RM_RECOVER_PREEMPT ? RM_COND_BROKEN
                                  : held                                ? RM_COND_HELD
                                                                        : RM_COND_POSSIBLE;
    s->cond[RM_COND_CIRCULAR] = s->ncycle > 0    ? RM_COND_HELD
                                : r->cfg.ordered ? RM_COND_BROKEN
                                                 : RM_COND_POSSIBLE;
}

void resmgr_refresh(machine *m) {
    resmgr *r = m->res;
    if (!r || !rm_ensure(r, m)) {
        return;
    }
    rm_snapshot *s = &r->snap;
    r->changes_snap = r->changes;
    r->nprocs_snap = m->nprocs;
    r->cfg_snap = r->cfg;
    s->tick = m->tick;
    s->n = rm_build_rows(m, r, s->pid, -1, &s->truncated);
    s->m = r->ntypes;
    rm_fill_state(m, r, s->pid, s->n, RM_FILL_DETECT, &s->st);
    dl_wfg_build(&s->st, &s->wfg);
    s->ncycle = rm_find_cycle(&s->st, s->pid, &s->wfg, ~UINT64_C(0), s->cycle, NULL);
    s->banker = r->cfg.banker;
    s->safe = false;
    s->nseq = 0;
    if (s->banker) {
        int32_t seq[DL_MAX_PROCS];
        rm_fill_state(m, r, s->pid, s->n, RM_FILL_BANKER, r->scratch);
        s->safe = dl_safety(r->scratch, seq, &s->nseq, NULL);
        for (int32_t i = 0; i < s->nseq; i++) {
            s->seq[i] = s->pid[seq[i]];
        }
    }
    conditions(r, s);
}

int32_t resmgr_edges(const machine *m, rm_edge *out, int32_t max) {
    const rm_snapshot *s = resmgr_snapshot(m);
    if (!s) {
        return 0;
    }
    const rm_detection *d = &s->last;
    int32_t k = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (int32_t i = 0; i < s->n; i++) {
            for (int32_t j = 0; j < s->m && k < max; j++) {
                int64_t c = pass ? s->st.request[i][j] : s->st.alloc[i][j];
                if (c <= 0) {
                    continue;
                }
                rm_edge e = {s->pid[i], j, (int32_t)c, pass == 1, false};
                for (int32_t x = 0; x < d->ncycle; x++) {
                    int32_t next = d->cycle[(x + 1) % d->ncycle];
                    if (d->cycle_res[x] == j && (pass ? d->cycle[x] == e.pid : next == e.pid)) {
                        e.in_cycle = true;
                    }
                }
                out[k++] = e;
            }
        }
    }
    return k;
}
