/* resmgr: resources in the full machine (see resmgr.h for the rules): the
 * types, the per-process records, granting and waking, and the steps. The
 * matrices and the snapshot are in resmgr_state.c, detection and recovery in
 * resmgr_detect.c. */
#include "resmgr.h"

#include <stdlib.h>
#include <string.h>

#include "clone.h"
#include "machine.h"
#include "resmgr_int.h"

static const char *const kind_names[RM_KIND_COUNT] = {"mutex", "pool", "semaphore"};
static const char *const recovery_names[RM_RECOVER_COUNT] = {"none", "kill", "preempt"};
static const char *const cond_names[RM_COND_COUNT] = {"mutual_exclusion", "hold_and_wait",
                                                      "no_preemption", "circular_wait"};

const char *rm_kind_name(rm_kind k) {
    return (unsigned)k < RM_KIND_COUNT ? kind_names[k] : "?";
}

const char *rm_recovery_name(rm_recovery r) {
    return (unsigned)r < RM_RECOVER_COUNT ? recovery_names[r] : "?";
}

int rm_recovery_parse(const char *s) {
    for (int i = 0; s && i < RM_RECOVER_COUNT; i++) {
        if (strcmp(s, recovery_names[i]) == 0) {
            return i;
        }
    }
    return -1;
}

const char *rm_cond_name(rm_cond c) {
    return (unsigned)c < RM_COND_COUNT ? cond_names[c] : "?";
}

const char *rm_cond_state_name(rm_cond_state s) {
    switch (s) {
        case RM_COND_BROKEN: return "broken";
        case RM_COND_POSSIBLE: return "possible";
        case RM_COND_HELD: return "held";
    }
    return "?";
}

void resmgr_config_default(resmgr_config *c) {
    memset(c, 0, sizeof *c);
    c->detect_every = 1;
    c->recovery = RM_RECOVER_NONE;
}

/* ---- setting up ---------------------------------------------------------- */

resmgr *resmgr_attach(machine *m, const resmgr_config *cfg) {
    resmgr *r = calloc(1, sizeof *r);
    dl_state *scratch = malloc(sizeof *scratch);
    if (!r || !scratch) {
        free(r);
        free(scratch);
        return NULL;
    }
    r->scratch = scratch;
    if (cfg) {
        r->cfg = *cfg;
    } else {
        resmgr_config_default(&r->cfg);
    }
    resmgr_destroy(m->res);
    m->res = r;
    resmgr_refresh(m);
    return r;
}

void resmgr_destroy(resmgr *r) {
    if (!r) {
        return;
    }
    free(r->procs);
    free(r->waiters);
    free(r->wake);
    free(r->scratch);
    free(r);
}

resmgr *resmgr_clone(clone_ctx *cx, const resmgr *r) {
    resmgr *d = clone_dup(cx, r, sizeof *r); /* the snapshot is held by value */
    if (!d)
        return NULL;
    d->procs = clone_dup(cx, r->procs, r->nprocs * sizeof *r->procs);
    /* The lists as far as they are in use (rm_push_pid grows them again). */
    d->waiters = clone_dup(cx, r->waiters, r->nwaiters * sizeof *r->waiters);
    d->waiters_cap = r->nwaiters;
    /* The wake list is wake[wake_head .. nwake): a prefix of nwake is set. */
    d->wake = clone_dup(cx, r->wake, r->nwake * sizeof *r->wake);
    d->wake_cap = r->nwake;
    /* A workspace, but copied: a copy's bytes are the original's. */
    d->scratch = clone_dup(cx, r->scratch, sizeof *r->scratch);
    return d;
}

int resmgr_add(machine *m, const char *name, rm_kind kind, int32_t count) {
    resmgr *r = m->res;
    if (!r || r->ntypes >= DL_MAX_RES || (unsigned)kind >= RM_KIND_COUNT || count < 0 ||
        count > DL_MAX_VALUE) {
        return -1;
    }
    rm_type *t = &r->types[r->ntypes];
    memset(t, 0, sizeof *t);
    if (name && name[0]) {
        strncpy(t->name, name, RM_NAME_MAX - 1);
    } else {
        t->name[0] = 'R';
        t->name[1] = (char)('0' + r->ntypes % 10);
    }
    t->kind = kind;
    t->total = t->avail = kind == RM_MUTEX ? 1 : count;
    r->ntypes++;
    resmgr_refresh(m);
    return r->ntypes - 1;
}

const resmgr *resmgr_of(const machine *m) {
    return m ? m->res : NULL;
}

/* ---- per-process records ------------------------------------------------- */

/* Grows the records to cover every process of the machine. */
bool rm_ensure(resmgr *r, const machine *m) {
    if (r->nprocs >= m->nprocs) {
        return true;
    }
    rm_proc *np = realloc(r->procs, (size_t)m->nprocs * sizeof *np);
    if (!np) {
        return false;
    }
    memset(np + r->nprocs, 0, (size_t)(m->nprocs - r->nprocs) * sizeof *np);
    r->procs = np;
    r->nprocs = m->nprocs;
    return true;
}

rm_proc *rm_rec(resmgr *r, const machine *m, int32_t pid) {
    int64_t i = (int64_t)pid - m->pid_base;
    return i >= 0 && i < r->nprocs ? &r->procs[i] : NULL;
}

const rm_proc *resmgr_proc(const resmgr *r, const machine *m, int32_t pid) {
    int64_t i = (int64_t)pid - m->pid_base;
    return r && i >= 0 && i < r->nprocs ? &r->procs[i] : NULL;
}

bool rm_is_sem(const resmgr *r, int32_t j) {
    return r->types[j].kind == RM_SEM;
}

static bool holds_any(const resmgr *r, const rm_proc *q) {
    for (int32_t j = 0; j < r->ntypes; j++) {
        if (q->held[j] > 0) {
            return true;
        }
    }
    return false;
}

static bool want_empty(const resmgr *r, const rm_proc *q) {
    for (int32_t j = 0; j < r->ntypes; j++) {
        if (q->want[j] > 0) {
            return false;
        }
    }
    return true;
}

void rm_emit(machine *m, int kind, int32_t pid, int64_t a, int64_t b, int64_t c) {
    evlog_emit(&m->log, m->tick, kind, -1, pid, a, b, c);
}

/* The grant stack: what each acquire got, newest on top, for rollback. */
static void push_grant(rm_proc *q, int32_t res, int32_t n) {
    if (q->ngrants > 0) {
        rm_grant *top = &q->grants[q->ngrants - 1];
        if (top->pc == q->req_pc && top->res == res) {
            top->n += n;
            return;
        }
    }
    if (q->ngrants == RM_MAX_GRANTS) { /* forget the oldest: it can no longer be undone */
        memmove(q->grants, q->grants + 1, (RM_MAX_GRANTS - 1) * sizeof *q->grants);
        q->ngrants--;
    }
    q->grants[q->ngrants++] = (rm_grant){q->req_pc, q->span, res, n};
}

/* n of res given back: taken off the newest records first. */
static void pop_grants(rm_proc *q, int32_t res, int32_t n) {
    for (int32_t i = q->ngrants - 1; i >= 0 && n > 0; i--) {
        if (q->grants[i].res != res) {
            continue;
        }
        int32_t k = q->grants[i].n < n ? q->grants[i].n : n;
        q->grants[i].n -= k;
        n -= k;
        if (q->grants[i].n == 0) {
            memmove(&q->grants[i], &q->grants[i + 1],
                    (size_t)(q->ngrants - i - 1) * sizeof *q->grants);
            q->ngrants--;
        }
    }
}

/* Gives back n of res that q holds (no scan: the caller scans). */
void rm_give_back(resmgr *r, rm_proc *q, int32_t res, int32_t n) {
    q->held[res] -= n;
    r->types[res].avail += n;
    pop_grants(q, res, n);
    r->changes++;
}

/* ---- granting ------------------------------------------------------------ */

/* The types in v, one bit each (DL_MAX_RES <= 32), for event values. */
static int64_t type_mask(const resmgr *r, const int32_t *v) {
    int64_t mask = 0;
    for (int32_t j = 0; j < r->ntypes; j++) {
        if (v[j] > 0) {
            mask |= INT64_C(1) << j;
        }
    }
    return mask;
}

/* Moves n of j from free to q. quiet: the caller logs it (a grant of several types at once). */
static void take(machine *m, resmgr *r, int32_t pid, rm_proc *q, int32_t j, int32_t n, bool waited,
                 bool quiet) {
    r->types[j].avail -= n;
    q->want[j] -= n;
    if (!rm_is_sem(r, j)) {
        q->held[j] += n;
        push_grant(q, j, n);
    }
    r->changes++;
    if (quiet) {
        return;
    }
    if (waited) {
        rm_emit(m, EV_RM_GRANT, pid, j, n, want_empty(r, q));
    } else {
        rm_emit(m, EV_RM_ACQUIRE, pid, j, n, r->types[j].avail);
    }
}

static void emit_unsafe(machine *m, resmgr *r, int32_t pid, const rm_proc *q) {
    int32_t j = q->why_res;
    rm_emit(m, EV_RM_UNSAFE, pid, j, j >= 0 ? q->want[j] : type_mask(r, q->want), 0);
}

/* Grants what it can of q's want (resmgr.h: all at once when atomic, else
 * type by type in rank order). Returns true when nothing is left to wait for;
 * otherwise q->why and q->why_res say where it stopped. */
static bool try_grant(machine *m, resmgr *r, int32_t pid, rm_proc *q, bool waited) {
    int64_t v[DL_MAX_RES] = {0};
    if (q->atomic) {
        bool any = false;
        for (int32_t j = 0; j < r->ntypes; j++) {
            if (q->want[j] > r->types[j].avail) {
                q->why = RM_WHY_BUSY;
                q->why_res = -1;
                return false;
            }
            if (!rm_is_sem(r, j)) {
                v[j] = q->want[j];
                any |= v[j] > 0;
            }
        }
        if (r->cfg.banker && any && !rm_banker_safe(m, r, pid, v)) {
            q->why = RM_WHY_UNSAFE;
            q->why_res = -1;
            return false;
        }
        int64_t mask = type_mask(r, q->want);
        int32_t kinds = 0, last = -1, n = 0;
        for (int32_t j = 0; j < r->ntypes; j++) {
            if (q->want[j] > 0) {
                kinds++;
                last = j;
                n = q->want[j];
                take(m, r, pid, q, j, q->want[j], waited, true);
            }
        }
        if (kinds == 1) {
            rm_emit(m, waited ? EV_RM_GRANT : EV_RM_ACQUIRE, pid, last, n,
                    waited ? 1 : r->types[last].avail);
        } else if (kinds > 1) {
            rm_emit(m, waited ? EV_RM_GRANT : EV_RM_ACQUIRE, pid, -1, mask, 1);
        }
        q->why = RM_WHY_NONE;
        return true;
    }
    for (int32_t j = 0; j < r->ntypes; j++) {
        int32_t n = q->want[j];
        if (n <= 0) {
            continue;
        }
        if (n > r->types[j].avail) {
            q->why = RM_WHY_BUSY;
            q->why_res = j;
            return false;
        }
        if (r->cfg.banker && !rm_is_sem(r, j)) {
            memset(v, 0, sizeof v);
            v[j] = n;
            if (!rm_banker_safe(m, r, pid, v)) {
                q->why = RM_WHY_UNSAFE;
                q->why_res = j;
                return false;
            }
        }
        take(m, r, pid, q, j, n, waited, false);
    }
    q->why = RM_WHY_NONE;
    return true;
}

bool rm_push_pid(int32_t **buf, uint32_t *len, uint32_t *cap, int32_t pid) {
    if (*len == *cap) {
        uint32_t ncap = *cap ? *cap * 2 : 16;
        int32_t *nb = realloc(*buf, ncap * sizeof *nb);
        if (!nb) {
            return false;
        }
        *buf = nb;
        *cap = ncap;
    }
    (*buf)[(*len)++] = pid;
    return true;
}

static void push_wake(resmgr *r, int32_t pid) {
    if (r->wake_head == r->nwake) { /* empty: start at the front again */
        r->wake_head = r->nwake = 0;
    }
    rm_push_pid(&r->wake, &r->nwake, &r->wake_cap, pid);
}

void rm_drop_waiter(resmgr *r, int32_t pid) {
    uint32_t k = 0;
    for (uint32_t i = 0; i < r->nwaiters; i++) {
        if (r->waiters[i] != pid) {
            r->waiters[k++] = r->waiters[i];
        }
    }
    r->nwaiters = k;
}

/* Once through the waiting requests, in the order they blocked. */
void rm_scan(machine *m, resmgr *r) {
    uint32_t k = 0;
    for (uint32_t i = 0; i < r->nwaiters; i++) {
        int32_t pid = r->waiters[i];
        rm_proc *q = rm_rec(r, m, pid);
        proc *p = machine_proc(m, pid);
        if (!q || !p) {
            continue;
        }
        rm_why before = q->why;
        if (try_grant(m, r, pid, q, true)) {
            q->waiting = false;
            p->pc = q->resume_pc;
            push_wake(r, pid);
            continue;
        }
        if (q->why == RM_WHY_UNSAFE && before != RM_WHY_UNSAFE) {
            r->refusals++;
            emit_unsafe(m, r, pid, q);
        }
        r->waiters[k++] = pid;
    }
    r->nwaiters = k;
}

bool resmgr_drain_begin(resmgr *r) {
    if (r->draining) {
        return false;
    }
    r->draining = true;
    return true;
}

int32_t resmgr_drain_next(resmgr *r) {
    if (r->wake_head >= r->nwake) {
        r->wake_head = r->nwake = 0;
        return -1;
    }
    return r->wake[r->wake_head++];
}

void resmgr_drain_end(resmgr *r) {
    r->draining = false;
}

/* ---- the steps ----------------------------------------------------------- */

static rm_result fail(machine *m, resmgr *r, int32_t pid, rm_error e, int32_t res, int64_t n) {
    if (r) {
        r->errors++;
    }
    rm_emit(m, EV_RM_ERROR, pid, e, res, n);
    return RM_FAIL;
}

/* What the acquire at pc asks for, into want; span = steps it covers. */
static rm_result gather(machine *m, resmgr *r, int32_t pid, const rm_proc *q, int64_t *want,
                        uint32_t *span) {
    const proc *p = machine_proc_c(m, pid);
    const program *pr = &m->progs[p->prog];
    *span = 0;
    for (uint32_t i = p->pc; i < pr->nsteps && pr->steps[i].kind == STEP_ACQUIRE; i++) {
        const prog_step *s = &pr->steps[i];
        int32_t j = (int32_t)s->n, n = rm_step_count(s);
        if (s->n >= (uint32_t)r->ntypes) {
            return fail(m, r, pid, RM_ERR_NO_RESOURCE, (int32_t)s->n, n);
        }
        want[j] += n;
        if (!rm_is_sem(r, j) && q->held[j] + want[j] > r->types[j].total) {
            return fail(m, r, pid, RM_ERR_TOO_MANY, j, want[j]);
        }
        if (r->cfg.banker && !rm_is_sem(r, j) && q->held[j] + want[j] > q->claim[j]) {
            return fail(m, r, pid, RM_ERR_OVER_CLAIM, j, want[j]);
        }
        if (rm_is_sem(r, j) && want[j] > DL_MAX_VALUE) {
            return fail(m, r, pid, RM_ERR_TOO_MANY, j, want[j]);
        }
        (*span)++;
        if (!r->cfg.ordered) {
            break; /* without ordering, each acquire is its own request */
        }
    }
    return RM_GO;
}

static rm_result do_acquire(machine *m, resmgr *r, int32_t pid, rm_proc *q) {
    proc *p = machine_proc(m, pid);
    int64_t want[DL_MAX_RES] = {0};
    uint32_t span;
    if (gather(m, r, pid, q, want, &span) != RM_GO) {
        return RM_FAIL;
    }
    if (r->cfg.banker) {
        int32_t rows[DL_MAX_PROCS];
        bool truncated;
        int32_t n = rm_build_rows(m, r, rows, pid, &truncated);
        if (truncated || rm_row_of(rows, n, pid) < 0) {
            return fail(m, r, pid, RM_ERR_TOO_MANY_PROCS, -1, DL_MAX_PROCS);
        }
    }
    memset(q->want, 0, sizeof q->want);
    for (int32_t j = 0; j < r->ntypes; j++) {
        q->want[j] = (int32_t)want[j];
    }
    q->req_pc = p->pc;
    q->span = span;
    q->resume_pc = p->pc + span;
    q->atomic = false;
    if (r->cfg.ordered) {
        /* Holding something ranked at or above the lowest type asked for: give
         * it back and ask for it again after, in order. */
        int32_t low = -1, back = -1;
        for (int32_t j = 0; j < r->ntypes && low < 0; j++) {
            if (q->want[j] > 0 && !rm_is_sem(r, j)) {
                low = j;
            }
        }
        for (int32_t j = low < 0 ? r->ntypes : low; j < r->ntypes; j++) {
            if (q->held[j] > 0 && !rm_is_sem(r, j)) {
                back = back < 0 ? j : back;
                q->want[j] += q->held[j];
                rm_give_back(r, q, j, q->held[j]);
            }
        }
        if (back >= 0) {
            rm_emit(m, EV_RM_REORDER, pid, low, back, 0);
            rm_scan(m, r);
        }
    }
    r->changes++;
    if (try_grant(m, r, pid, q, false)) {
        p->pc = q->resume_pc;
        return RM_GO;
    }
    if (r->cfg.release_on_block && holds_any(r, q)) {
        rm_emit(m, EV_RM_RELEASE_ALL, pid, q->why_res, type_mask(r, q->held), 0);
        for (int32_t j = 0; j < r->ntypes; j++) {
            if (q->held[j] > 0) {
                q->want[j] += q->held[j];
                rm_give_back(r, q, j, q->held[j]);
            }
        }
        q->atomic = true;
        rm_scan(m, r);
        if (try_grant(m, r, pid, q, false)) {
            p->pc = q->resume_pc;
            return RM_GO;
        }
    }
    q->waiting = true;
    rm_push_pid(&r->waiters, &r->nwaiters, &r->waiters_cap, pid);
    r->waits++;
    if (q->why == RM_WHY_UNSAFE) {
        r->refusals++;
        emit_unsafe(m, r, pid, q);
    } else {
        int32_t j = q->why_res;
        if (j < 0) { /* all together: which types */
            rm_emit(m, EV_RM_WAIT, pid, -1, type_mask(r, q->want), 0);
            return RM_BLOCK;
        }
        int64_t c = r->types[j].kind == RM_MUTEX ? resmgr_owner(m, j) : r->types[j].avail;
        rm_emit(m, EV_RM_WAIT, pid, j, q->want[j], c);
    }
    return RM_BLOCK;
}

static rm_result do_release(machine *m, resmgr *r, int32_t pid, rm_proc *q, const prog_step *s) {
    int32_t j = (int32_t)s->n, n = rm_step_count(s);
    if (s->n >= (uint32_t)r->ntypes) {
        return fail(m, r, pid, RM_ERR_NO_RESOURCE, (int32_t)s->n, n);
    }
    if (rm_is_sem(r, j)) {
        if ((int64_t)r->types[j].avail + n > DL_MAX_VALUE) {
            return fail(m, r, pid, RM_ERR_TOO_MANY, j, n);
        }
        r->types[j].avail += n;
        r->changes++;
    } else if (q->held[j] < n) {
        return fail(m, r, pid, RM_ERR_NOT_HELD, j, n);
    } else {
        rm_give_back(r, q, j, n);
    }
    rm_emit(m, EV_RM_RELEASE, pid, j, n, r->types[j].avail);
    machine_proc(m, pid)->pc++;
    rm_scan(m, r);
    return RM_GO;
}

static rm_result do_claim(machine *m, resmgr *r, int32_t pid, rm_proc *q, const prog_step *s) {
    int32_t j = (int32_t)s->n, n = (int32_t)s->iofreq; /* a claim of 0 is a claim of 0 */
    if (s->n >= (uint32_t)r->ntypes) {
        return fail(m, r, pid, RM_ERR_NO_RESOURCE, (int32_t)s->n, n);
    }
    if (rm_is_sem(r, j)) {
        return fail(m, r, pid, RM_ERR_CLAIM_SEM, j, n);
    }
    if (n < q->held[j] || n > r->types[j].total) {
        return fail(m, r, pid, RM_ERR_CLAIM_RANGE, j, n);
    }
    q->claim[j] = n;
    r->changes++;
    rm_emit(m, EV_RM_CLAIM, pid, j, n, 0);
    machine_proc(m, pid)->pc++;
    return RM_GO;
}

rm_result resmgr_step(machine *m, int32_t pid) {
    resmgr *r = m->res;
    if (!r) {
        return fail(m, NULL, pid, RM_ERR_NO_MANAGER, -1, 0);
    }
    rm_proc *q = rm_ensure(r, m) ? rm_rec(r, m, pid) : NULL;
    proc *p = machine_proc(m, pid);
    if (!q || !p) {
        return fail(m, r, pid, RM_ERR_TOO_MANY_PROCS, -1, 0);
    }
    const prog_step *s = &m->progs[p->prog].steps[p->pc];
    switch (s->kind) {
        case STEP_ACQUIRE: return do_acquire(m, r, pid, q);
        case STEP_RELEASE: return do_release(m, r, pid, q, s);
        case STEP_CLAIM: return do_claim(m, r, pid, q, s);
        default: break;
    }
    p->pc++;
    return RM_GO;
}

void resmgr_on_exit(machine *m, int32_t pid) {
    resmgr *r = m->res;
    rm_proc *q = r && rm_ensure(r, m) ? rm_rec(r, m, pid) : NULL;
    if (!q) {
        return;
    }
    if (q->waiting) {
        rm_drop_waiter(r, pid);
        q->waiting = false;
    }
    memset(q->want, 0, sizeof q->want);
    q->why = RM_WHY_NONE;
    for (int32_t j = 0; j < r->ntypes; j++) {
        if (q->held[j] > 0) {
            rm_emit(m, EV_RM_EXIT_RELEASE, pid, j, q->held[j], 0);
            rm_give_back(r, q, j, q->held[j]);
        }
    }
    memset(q->claim, 0, sizeof q->claim);
    q->ngrants = 0;
    q->gone = true;
    r->changes++;
    /* Its claims are gone too, so a request Banker's refused may now be safe. */
    rm_scan(m, r);
    resmgr_refresh(m);
}
