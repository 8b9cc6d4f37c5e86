/* resmgr_detect: after every K ticks, deadlock detection on the live
 * processes (deadlock.c's algorithm), the cycle that names it, and recovery
 * (kill or roll back a victim) until no deadlock is left; whether the machine
 * is stuck. */
#include <string.h>

#include "machine.h"
#include "resmgr.h"
#include "resmgr_int.h"

static void detect(machine *m, resmgr *r, rm_detection *d) {
    int32_t rows[DL_MAX_PROCS], dead[DL_MAX_PROCS];
    bool truncated;
    memset(d, 0, sizeof *d);
    d->tick = m->tick;
    int32_t n = rm_build_rows(m, r, rows, -1, &truncated);
    rm_fill_state(m, r, rows, n, RM_FILL_DETECT, r->scratch);
    d->ndead = dl_detect(r->scratch, dead, NULL);
    uint64_t mask = 0;
    for (int32_t i = 0; i < d->ndead; i++) {
        d->dead[i] = rows[dead[i]];
        mask |= UINT64_C(1) << dead[i];
    }
    if (d->ndead > 0) {
        dl_wfg g;
        dl_wfg_build(r->scratch, &g);
        d->ncycle = rm_find_cycle(r->scratch, rows, &g, mask, d->cycle, d->cycle_res);
    }
    r->changes_detected = r->changes;
    r->nprocs_detected = m->nprocs;
}

/* Can pid's last acquire be undone (resmgr.h, recovery preempt)? Only if
 * what it got is wanted by another waiting process, and the steps between it
 * and where the process waits can be done again. */
static bool can_roll_back(const machine *m, const resmgr *r, int32_t pid) {
    const rm_proc *q = resmgr_proc(r, m, pid);
    const proc *p = machine_proc_c(m, pid);
    if (!q || !p || !q->waiting || q->ngrants == 0) {
        return false;
    }
    const rm_grant *top = &q->grants[q->ngrants - 1];
    if (top->pc > q->req_pc) {
        return false;
    }
    const program *pr = &m->progs[p->prog];
    for (uint32_t i = top->pc + top->span; i < q->req_pc && i < pr->nsteps; i++) {
        uint8_t k = pr->steps[i].kind;
        if (k != STEP_RUN && k != STEP_IO && k != STEP_CLAIM) {
            return false;
        }
    }
    for (uint32_t w = 0; w < r->nwaiters; w++) {
        const rm_proc *o = resmgr_proc(r, m, r->waiters[w]);
        if (r->waiters[w] == pid || !o) {
            continue;
        }
        for (int32_t g = q->ngrants - 1; g >= 0 && q->grants[g].pc == top->pc; g--) {
            if (o->want[q->grants[g].res] > 0) {
                return true;
            }
        }
    }
    return false;
}

/* The cheapest deadlocked process (fewest CPU ticks, then lowest pid). */
static int32_t choose_victim(const machine *m, const resmgr *r, const rm_detection *d,
                             bool preempt) {
    int32_t best = -1;
    uint64_t best_cost = 0;
    for (int32_t i = 0; i < d->ndead; i++) {
        const proc *p = machine_proc_c(m, d->dead[i]);
        if (!p || (preempt && !can_roll_back(m, r, p->pid))) {
            continue;
        }
        if (best < 0 || p->cpu_time < best_cost) {
            best = p->pid;
            best_cost = p->cpu_time;
        }
    }
    return best;
}

/* Takes back what pid's last acquire got; pid returns to that acquire and
 * waits again, at the tail. */
static void roll_back(machine *m, resmgr *r, int32_t pid) {
    rm_proc *q = rm_rec(r, m, pid);
    proc *p = machine_proc(m, pid);
    const rm_grant top = q->grants[q->ngrants - 1];
    int32_t back[DL_MAX_RES] = {0};
    int32_t total = 0, kinds = 0, res = top.res;
    while (q->ngrants > 0 && q->grants[q->ngrants - 1].pc == top.pc) {
        const rm_grant g = q->grants[q->ngrants - 1];
        kinds += back[g.res] == 0;
        back[g.res] += g.n;
        total += g.n;
        rm_give_back(r, q, g.res, g.n); /* pops this record */
    }
    if (top.pc != q->req_pc) {
        memset(q->want, 0, sizeof q->want); /* the request it waited in is dropped */
    }
    for (int32_t j = 0; j < r->ntypes; j++) {
        q->want[j] += back[j];
    }
    const program *pr = &m->progs[p->prog];
    for (uint32_t i = top.pc; i < q->req_pc && i < pr->nsteps; i++) {
        if (pr->steps[i].kind == STEP_RUN) {
            p->cpu_left += pr->steps[i].n; /* CPU work to do again */
        }
    }
    p->pc = top.pc;
    p->step_done = 0;
    q->req_pc = top.pc;
    q->span = top.span;
    q->resume_pc = top.pc + top.span;
    q->atomic = r->cfg.release_on_block;
    q->why = RM_WHY_BUSY;
    q->why_res = kinds == 1 ? res : -1;
    q->rollbacks++;
    rm_drop_waiter(r, pid);
    rm_push_pid(&r->waiters, &r->nwaiters, &r->waiters_cap, pid);
    rm_emit(m, EV_RM_PREEMPT, pid, kinds == 1 ? res : -1, total, top.pc);
    rm_scan(m, r);
}

static bool same_set(const int32_t *a, int32_t na, const int32_t *b, int32_t nb) {
    return na == nb && memcmp(a, b, sizeof *a * (size_t)na) == 0;
}

static void detect_and_recover(machine *m, resmgr *r) {
    for (int32_t round = 0; round <= DL_MAX_PROCS; round++) {
        rm_detection d;
        detect(m, r, &d);
        r->snap.detected = true;
        r->snap.last_detected = m->tick;
        if (d.ndead == 0) {
            r->snap.last = d;
            r->nreported = 0;
            return;
        }
        bool quiet = r->cfg.recovery == RM_RECOVER_NONE &&
                     same_set(r->reported, r->nreported, d.dead, d.ndead);
        if (!quiet) {
            d.serial = ++r->serial;
            r->hist[d.serial % RM_HISTORY] = d;
            r->deadlocks++;
            memcpy(r->reported, d.dead, sizeof *d.dead * (size_t)d.ndead);
            r->nreported = d.ndead;
            rm_emit(m, EV_RM_DEADLOCK, -1, (int64_t)d.serial, d.ndead, 0);
        } else {
            d.serial = r->serial;
        }
        r->snap.last = d;
        if (r->cfg.recovery == RM_RECOVER_NONE) {
            return;
        }
        bool preempt = r->cfg.recovery == RM_RECOVER_PREEMPT;
        int32_t victim = choose_victim(m, r, &d, preempt);
        if (victim < 0) {
            rm_emit(m, EV_RM_NO_VICTIM, -1, d.ndead, 0, 0);
            return;
        }
        if (preempt && rm_rec(r, m, victim)->rollbacks < RM_MAX_ROLLBACKS) {
            r->preemptions++;
            roll_back(m, r, victim);
            machine_wake_pending(m, m->tick);
        } else {
            r->kills++;
            rm_emit(m, EV_RM_KILL, victim, (int64_t)machine_proc(m, victim)->cpu_time, preempt, 0);
            machine_terminate(m, victim); /* not a command: replays decide it again */
        }
    }
}

static uint32_t count_waiting(const machine *m) {
    uint32_t k = 0;
    for (uint32_t i = 0; i < m->nprocs; i++) {
        const proc *p = &m->procs[i];
        k += p->state == PROC_BLOCKED && p->block_reason == BLOCK_RESOURCE;
    }
    return k;
}

static bool cfg_equal(const resmgr_config *a, const resmgr_config *b) {
    return a->detect_every == b->detect_every && a->banker == b->banker &&
           a->ordered == b->ordered && a->release_on_block == b->release_on_block &&
           a->recovery == b->recovery;
}

void resmgr_tick(machine *m) {
    resmgr *r = m->res;
    if (!r || !rm_ensure(r, m)) {
        return;
    }
    uint32_t k = r->cfg.detect_every;
    if (k && m->tick % k == 0) {
        /* The matrices depend only on the manager's state and the process
         * table: unchanged, detection would find the same again. */
        if (r->snap.detected && r->changes_detected == r->changes &&
            r->nprocs_detected == m->nprocs) {
            r->snap.last_detected = m->tick;
        } else {
            detect_and_recover(m, r);
        }
    }
    if (r->changes != r->changes_snap || m->nprocs != r->nprocs_snap ||
        !cfg_equal(&r->cfg, &r->cfg_snap)) {
        resmgr_refresh(m);
    }
    bool stuck = resmgr_stuck(m);
    if (stuck && !r->stuck_logged) {
        rm_emit(m, EV_RM_STUCK, -1, count_waiting(m), 0, 0);
    }
    r->stuck_logged = stuck;
}

bool resmgr_stuck(const machine *m) {
    const resmgr *r = m->res;
    if (!r || r->nwaiters == 0 || r->wake_head < r->nwake || m->niowait > 0 ||
        m->next_arrival < m->narrivals) {
        return false;
    }
    if (r->cfg.detect_every && r->changes_detected != r->changes) {
        return false; /* detection (and recovery) has not seen this state yet */
    }
    for (uint32_t i = 0; i < m->nprocs; i++) {
        proc_state s = m->procs[i].state;
        if (s == PROC_READY || s == PROC_RUNNING) {
            return false;
        }
    }
    return true;
}
