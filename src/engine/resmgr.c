/* resmgr: resources in the full machine (see resmgr.h for the rules). The
 * algorithms themselves (detection, Banker's, the wait-for cycle) are those of
 * deadlock.c, run on a dl_state built from the live processes. */
#include "resmgr.h"

#include <stdlib.h>
#include <string.h>

#include "machine.h"

#define FORK_DEPTH 4 /* forked programs counted for a semaphore's signals to come */

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
static bool ensure_procs(resmgr *r, const machine *m) {
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

static rm_proc *rp(resmgr *r, const machine *m, int32_t pid) {
    int64_t i = (int64_t)pid - m->pid_base;
    return i >= 0 && i < r->nprocs ? &r->procs[i] : NULL;
}

const rm_proc *resmgr_proc(const resmgr *r, const machine *m, int32_t pid) {
    int64_t i = (int64_t)pid - m->pid_base;
    return r && i >= 0 && i < r->nprocs ? &r->procs[i] : NULL;
}

static bool is_sem(const resmgr *r, int32_t j) {
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

static void emit(machine *m, int kind, int32_t pid, int64_t a, int64_t b, int64_t c) {
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
static void give_back(resmgr *r, rm_proc *q, int32_t res, int32_t n) {
    q->held[res] -= n;
    r->types[res].avail += n;
    pop_grants(q, res, n);
    r->changes++;
}

/* ---- the matrices -------------------------------------------------------- */

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
        if (is_sem(r, j) && future_signals(m, p->prog, p->pc, j, 0) > 0) {
            return true;
        }
    }
    return false;
}

/* The processes in the matrices, ascending by pid; force (-1: none) is
 * always a candidate. Returns how many. */
static int32_t build_rows(const machine *m, const resmgr *r, int32_t *rows, int32_t force,
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

typedef enum fill_mode {
    FILL_DETECT, /* semaphore allocation = signals to come */
    FILL_BANKER, /* semaphores left out: all zero */
} fill_mode;

static void fill_state(const machine *m, const resmgr *r, const int32_t *rows, int32_t n,
                       fill_mode mode, dl_state *s) {
    dl_state_init(s, n, r->ntypes);
    for (int32_t j = 0; j < r->ntypes; j++) {
        s->available[j] = mode == FILL_BANKER && is_sem(r, j) ? 0 : r->types[j].avail;
    }
    for (int32_t i = 0; i < n; i++) {
        const proc *p = machine_proc_c(m, rows[i]);
        const rm_proc *q = resmgr_proc(r, m, rows[i]);
        for (int32_t j = 0; j < r->ntypes; j++) {
            if (is_sem(r, j)) {
                if (mode == FILL_DETECT) {
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

static int32_t row_of(const int32_t *rows, int32_t n, int32_t pid) {
    for (int32_t i = 0; i < n; i++) {
        if (rows[i] == pid) {
            return i;
        }
    }
    return -1;
}

/* Banker's: would granting v (mutex/pool columns) to pid leave a safe state? */
static bool banker_safe(const machine *m, resmgr *r, int32_t pid, const int64_t *v) {
    int32_t rows[DL_MAX_PROCS];
    bool truncated;
    int32_t n = build_rows(m, r, rows, pid, &truncated);
    int32_t row = row_of(rows, n, pid);
    if (row < 0 || truncated) {
        return false;
    }
    fill_state(m, r, rows, n, FILL_BANKER, r->scratch);
    bool granted;
    dl_request(r->scratch, row, v, &granted);
    return granted;
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
    if (!is_sem(r, j)) {
        q->held[j] += n;
        push_grant(q, j, n);
    }
    r->changes++;
    if (quiet) {
        return;
    }
    if (waited) {
        emit(m, EV_RM_GRANT, pid, j, n, want_empty(r, q));
    } else {
        emit(m, EV_RM_ACQUIRE, pid, j, n, r->types[j].avail);
    }
}

static void emit_unsafe(machine *m, resmgr *r, int32_t pid, const rm_proc *q) {
    int32_t j = q->why_res;
    emit(m, EV_RM_UNSAFE, pid, j, j >= 0 ? q->want[j] : type_mask(r, q->want), 0);
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
            if (!is_sem(r, j)) {
                v[j] = q->want[j];
                any |= v[j] > 0;
            }
        }
        if (r->cfg.banker && any && !banker_safe(m, r, pid, v)) {
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
            emit(m, waited ? EV_RM_GRANT : EV_RM_ACQUIRE, pid, last, n,
                 waited ? 1 : r->types[last].avail);
        } else if (kinds > 1) {
            emit(m, waited ? EV_RM_GRANT : EV_RM_ACQUIRE, pid, -1, mask, 1);
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
        if (r->cfg.banker && !is_sem(r, j)) {
            memset(v, 0, sizeof v);
            v[j] = n;
            if (!banker_safe(m, r, pid, v)) {
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

static bool push_pid(int32_t **buf, uint32_t *len, uint32_t *cap, int32_t pid) {
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
    push_pid(&r->wake, &r->nwake, &r->wake_cap, pid);
}

static void drop_waiter(resmgr *r, int32_t pid) {
    uint32_t k = 0;
    for (uint32_t i = 0; i < r->nwaiters; i++) {
        if (r->waiters[i] != pid) {
            r->waiters[k++] = r->waiters[i];
        }
    }
    r->nwaiters = k;
}

/* Once through the waiting requests, in the order they blocked. */
static void scan(machine *m, resmgr *r) {
    uint32_t k = 0;
    for (uint32_t i = 0; i < r->nwaiters; i++) {
        int32_t pid = r->waiters[i];
        rm_proc *q = rp(r, m, pid);
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
    emit(m, EV_RM_ERROR, pid, e, res, n);
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
        if (!is_sem(r, j) && q->held[j] + want[j] > r->types[j].total) {
            return fail(m, r, pid, RM_ERR_TOO_MANY, j, want[j]);
        }
        if (r->cfg.banker && !is_sem(r, j) && q->held[j] + want[j] > q->claim[j]) {
            return fail(m, r, pid, RM_ERR_OVER_CLAIM, j, want[j]);
        }
        if (is_sem(r, j) && want[j] > DL_MAX_VALUE) {
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
        int32_t n = build_rows(m, r, rows, pid, &truncated);
        if (truncated || row_of(rows, n, pid) < 0) {
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
            if (q->want[j] > 0 && !is_sem(r, j)) {
                low = j;
            }
        }
        for (int32_t j = low < 0 ? r->ntypes : low; j < r->ntypes; j++) {
            if (q->held[j] > 0 && !is_sem(r, j)) {
                back = back < 0 ? j : back;
                q->want[j] += q->held[j];
                give_back(r, q, j, q->held[j]);
            }
        }
        if (back >= 0) {
            emit(m, EV_RM_REORDER, pid, low, back, 0);
            scan(m, r);
        }
    }
    r->changes++;
    if (try_grant(m, r, pid, q, false)) {
        p->pc = q->resume_pc;
        return RM_GO;
    }
    if (r->cfg.release_on_block && holds_any(r, q)) {
        emit(m, EV_RM_RELEASE_ALL, pid, q->why_res, type_mask(r, q->held), 0);
        for (int32_t j = 0; j < r->ntypes; j++) {
            if (q->held[j] > 0) {
                q->want[j] += q->held[j];
                give_back(r, q, j, q->held[j]);
            }
        }
        q->atomic = true;
        scan(m, r);
        if (try_grant(m, r, pid, q, false)) {
            p->pc = q->resume_pc;
            return RM_GO;
        }
    }
    q->waiting = true;
    push_pid(&r->waiters, &r->nwaiters, &r->waiters_cap, pid);
    r->waits++;
    if (q->why == RM_WHY_UNSAFE) {
        r->refusals++;
        emit_unsafe(m, r, pid, q);
    } else {
        int32_t j = q->why_res;
        if (j < 0) { /* all together: which types */
            emit(m, EV_RM_WAIT, pid, -1, type_mask(r, q->want), 0);
            return RM_BLOCK;
        }
        int64_t c = r->types[j].kind == RM_MUTEX ? resmgr_owner(m, j) : r->types[j].avail;
        emit(m, EV_RM_WAIT, pid, j, q->want[j], c);
    }
    return RM_BLOCK;
}

static rm_result do_release(machine *m, resmgr *r, int32_t pid, rm_proc *q, const prog_step *s) {
    int32_t j = (int32_t)s->n, n = rm_step_count(s);
    if (s->n >= (uint32_t)r->ntypes) {
        return fail(m, r, pid, RM_ERR_NO_RESOURCE, (int32_t)s->n, n);
    }
    if (is_sem(r, j)) {
        if ((int64_t)r->types[j].avail + n > DL_MAX_VALUE) {
            return fail(m, r, pid, RM_ERR_TOO_MANY, j, n);
        }
        r->types[j].avail += n;
        r->changes++;
    } else if (q->held[j] < n) {
        return fail(m, r, pid, RM_ERR_NOT_HELD, j, n);
    } else {
        give_back(r, q, j, n);
    }
    emit(m, EV_RM_RELEASE, pid, j, n, r->types[j].avail);
    machine_proc(m, pid)->pc++;
    scan(m, r);
    return RM_GO;
}

static rm_result do_claim(machine *m, resmgr *r, int32_t pid, rm_proc *q, const prog_step *s) {
    int32_t j = (int32_t)s->n, n = (int32_t)s->iofreq; /* a claim of 0 is a claim of 0 */
    if (s->n >= (uint32_t)r->ntypes) {
        return fail(m, r, pid, RM_ERR_NO_RESOURCE, (int32_t)s->n, n);
    }
    if (is_sem(r, j)) {
        return fail(m, r, pid, RM_ERR_CLAIM_SEM, j, n);
    }
    if (n < q->held[j] || n > r->types[j].total) {
        return fail(m, r, pid, RM_ERR_CLAIM_RANGE, j, n);
    }
    q->claim[j] = n;
    r->changes++;
    emit(m, EV_RM_CLAIM, pid, j, n, 0);
    machine_proc(m, pid)->pc++;
    return RM_GO;
}

rm_result resmgr_step(machine *m, int32_t pid) {
    resmgr *r = m->res;
    if (!r) {
        return fail(m, NULL, pid, RM_ERR_NO_MANAGER, -1, 0);
    }
    rm_proc *q = ensure_procs(r, m) ? rp(r, m, pid) : NULL;
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
    rm_proc *q = r && ensure_procs(r, m) ? rp(r, m, pid) : NULL;
    if (!q) {
        return;
    }
    if (q->waiting) {
        drop_waiter(r, pid);
        q->waiting = false;
    }
    memset(q->want, 0, sizeof q->want);
    q->why = RM_WHY_NONE;
    for (int32_t j = 0; j < r->ntypes; j++) {
        if (q->held[j] > 0) {
            emit(m, EV_RM_EXIT_RELEASE, pid, j, q->held[j], 0);
            give_back(r, q, j, q->held[j]);
        }
    }
    memset(q->claim, 0, sizeof q->claim);
    q->ngrants = 0;
    q->gone = true;
    r->changes++;
    /* Its claims are gone too, so a request Banker's refused may now be safe. */
    scan(m, r);
    resmgr_refresh(m);
}

/* ---- detection and recovery --------------------------------------------- */

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
static int32_t find_cycle(const dl_state *s, const int32_t *rows, const dl_wfg *g, uint64_t mask,
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

static void detect(machine *m, resmgr *r, rm_detection *d) {
    int32_t rows[DL_MAX_PROCS], dead[DL_MAX_PROCS];
    bool truncated;
    memset(d, 0, sizeof *d);
    d->tick = m->tick;
    int32_t n = build_rows(m, r, rows, -1, &truncated);
    fill_state(m, r, rows, n, FILL_DETECT, r->scratch);
    d->ndead = dl_detect(r->scratch, dead, NULL);
    uint64_t mask = 0;
    for (int32_t i = 0; i < d->ndead; i++) {
        d->dead[i] = rows[dead[i]];
        mask |= UINT64_C(1) << dead[i];
    }
    if (d->ndead > 0) {
        dl_wfg g;
        dl_wfg_build(r->scratch, &g);
        d->ncycle = find_cycle(r->scratch, rows, &g, mask, d->cycle, d->cycle_res);
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
    rm_proc *q = rp(r, m, pid);
    proc *p = machine_proc(m, pid);
    const rm_grant top = q->grants[q->ngrants - 1];
    int32_t back[DL_MAX_RES] = {0};
    int32_t total = 0, kinds = 0, res = top.res;
    while (q->ngrants > 0 && q->grants[q->ngrants - 1].pc == top.pc) {
        const rm_grant g = q->grants[q->ngrants - 1];
        kinds += back[g.res] == 0;
        back[g.res] += g.n;
        total += g.n;
        give_back(r, q, g.res, g.n); /* pops this record */
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
    drop_waiter(r, pid);
    push_pid(&r->waiters, &r->nwaiters, &r->waiters_cap, pid);
    emit(m, EV_RM_PREEMPT, pid, kinds == 1 ? res : -1, total, top.pc);
    scan(m, r);
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
            emit(m, EV_RM_DEADLOCK, -1, (int64_t)d.serial, d.ndead, 0);
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
            emit(m, EV_RM_NO_VICTIM, -1, d.ndead, 0, 0);
            return;
        }
        if (preempt && rp(r, m, victim)->rollbacks < RM_MAX_ROLLBACKS) {
            r->preemptions++;
            roll_back(m, r, victim);
            machine_wake_pending(m, m->tick);
        } else {
            r->kills++;
            emit(m, EV_RM_KILL, victim, (int64_t)machine_proc(m, victim)->cpu_time, preempt, 0);
            machine_kill(m, victim);
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
    if (!r || !ensure_procs(r, m)) {
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
        emit(m, EV_RM_STUCK, -1, count_waiting(m), 0, 0);
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

/* ---- reading ------------------------------------------------------------- */

int32_t resmgr_owner(const machine *m, int32_t res) {
    const resmgr *r = m->res;
    if (!r || res < 0 || res >= r->ntypes || is_sem(r, res)) {
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
    if (!r || !ensure_procs(r, m)) {
        return;
    }
    rm_snapshot *s = &r->snap;
    r->changes_snap = r->changes;
    r->nprocs_snap = m->nprocs;
    r->cfg_snap = r->cfg;
    s->tick = m->tick;
    s->n = build_rows(m, r, s->pid, -1, &s->truncated);
    s->m = r->ntypes;
    fill_state(m, r, s->pid, s->n, FILL_DETECT, &s->st);
    dl_wfg_build(&s->st, &s->wfg);
    s->ncycle = find_cycle(&s->st, s->pid, &s->wfg, ~UINT64_C(0), s->cycle, NULL);
    s->banker = r->cfg.banker;
    s->safe = false;
    s->nseq = 0;
    if (s->banker) {
        int32_t seq[DL_MAX_PROCS];
        fill_state(m, r, s->pid, s->n, FILL_BANKER, r->scratch);
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
