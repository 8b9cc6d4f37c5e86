#include "machine.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clone.h"
#include "mcache.h"
#include "resmgr.h"
#include "vm.h"

#define EVLOG_CAP 8192

static const char *const mode_names[MODE_COUNT] = {
    "demo", "sched", "paging", "translate", "mesi", "deadlock",
};

const char *machine_mode_name(machine_mode mode) {
    return (unsigned)mode < MODE_COUNT ? mode_names[mode] : "?";
}

machine *machine_create(machine_mode mode, const sched_config *cfg, int ncpus, uint64_t seed) {
    machine *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->mode = mode;
    m->seed = seed;
    rng_seed(&m->rng, seed);
    m->init_pid = -1;
    m->ncpus = ncpus < 1 ? 1 : ncpus > MACHINE_MAX_CPUS ? MACHINE_MAX_CPUS : ncpus;
    for (int c = 0; c < MACHINE_MAX_CPUS; c++) {
        m->cpus[c].running = m->cpus[c].last = -1;
        for (int i = 0; i < MACHINE_GANTT; i++) {
            m->cpus[c].gantt[i] = -1;
            m->cpus[c].gantt_lv[i] = -1;
        }
    }
    sched_config def;
    if (!cfg) {
        sched_config_default(&def, SCHED_FIFO);
        cfg = &def;
    }
    if (evlog_init(&m->log, EVLOG_CAP) != 0 || sched_init(&m->sched, cfg) != 0) {
        machine_destroy(m);
        return NULL;
    }
    return m;
}

void machine_destroy(machine *m) {
    if (!m)
        return;
    if (m->sub_ops && m->sub_ops->destroy)
        m->sub_ops->destroy(m->sub);
    resmgr_destroy(m->res);
    for (uint32_t i = 0; i < m->nprogs; i++)
        free(m->progs[i].steps);
    free(m->progs);
    free(m->procs);
    free(m->arrivals);
    free(m->iowait);
    free(m->timeline);
    free(m->levels);
    vm_destroy(m->vm);
    mcache_destroy(m->caches);
    sched_free(&m->sched);
    mp_free(&m->mp);
    evlog_free(&m->log);
    cJSON_Delete(m->scenario);
    cmdlog_free(&m->cmds);
    free(m);
}

machine *machine_clone_in(clone_ctx *cx, const machine *m) {
    if (m->sub_ops && !m->sub_ops->clone)
        return NULL; /* its subsystem cannot be copied */
    machine *c = clone_dup(cx, m, sizeof *m);
    if (!c)
        return NULL;
    c->scenario = NULL; /* a cJSON tree: machine_clone copies it once the rest is done */
    evlog_clone(cx, &c->log, &m->log);
    /* Growable arrays are copied as far as they are in use (their capacity
     * is the length): they grow again as the original's would. */
    c->progs = clone_dup(cx, m->progs, m->nprogs * sizeof *m->progs);
    c->progs_cap = m->nprogs;
    for (uint32_t i = 0; c->progs && i < m->nprogs; i++)
        prog_clone(cx, &c->progs[i], &m->progs[i]);
    c->procs = clone_dup(cx, m->procs, m->nprocs * sizeof *m->procs);
    c->procs_cap = m->nprocs;
    c->arrivals = clone_dup(cx, m->arrivals, m->narrivals * sizeof *m->arrivals);
    c->arrivals_cap = m->narrivals;
    c->iowait = clone_dup(cx, m->iowait, m->niowait * sizeof *m->iowait);
    c->iowait_cap = m->niowait;
    sched_clone(cx, &c->sched, &m->sched);
    mp_clone(cx, &c->mp, &m->mp);
    c->timeline = clone_dup(cx, m->timeline, m->hist_len * sizeof *m->timeline);
    c->levels = clone_dup(cx, m->levels, m->hist_len * sizeof *m->levels);
    c->hist_cap = m->hist_len;
    /* sub_ops points at a subsystem's constant table: shared (views compare it). */
    c->sub = m->sub_ops ? m->sub_ops->clone(m->sub, cx) : NULL;
    if (m->sub_ops && !c->sub)
        cx->failed = true;
    cmdlog_clone(cx, &c->cmds, &m->cmds);
    c->vm = vm_clone(cx, m->vm);
    c->caches = mcache_clone(cx, m->caches);
    c->res = resmgr_clone(cx, m->res);
    return cx->failed ? NULL : c;
}

machine *machine_clone(const machine *m, size_t *bytes) {
    clone_ctx cx;
    clone_begin(&cx);
    machine *c = machine_clone_in(&cx, m);
    if (!c) {
        clone_abort(&cx);
        return NULL;
    }
    size_t n = clone_commit(&cx);
    /* Complete now, so machine_destroy can undo it. */
    if (m->scenario && !(c->scenario = cJSON_Duplicate(m->scenario, true))) {
        machine_destroy(c);
        return NULL;
    }
    if (bytes)
        *bytes = n;
    return c;
}

void machine_set_scenario(machine *m, cJSON *scenario) {
    cJSON_Delete(m->scenario);
    m->scenario = scenario;
}

void machine_attach(machine *m, const subsys_ops *ops, void *self) {
    if (m->sub_ops && m->sub_ops->destroy)
        m->sub_ops->destroy(m->sub);
    m->sub_ops = ops;
    m->sub = self;
}

/* Grows *buf (of *cap elements of size sz) to hold at least need. */
static bool grow(void **buf, uint32_t *cap, uint32_t need, size_t sz) {
    if (need <= *cap)
        return true;
    uint32_t ncap = *cap ? *cap : 16;
    while (ncap < need)
        ncap *= 2;
    void *nb = realloc(*buf, (size_t)ncap * sz);
    if (!nb)
        return false;
    *buf = nb;
    *cap = ncap;
    return true;
}

int machine_add_program(machine *m, const char *name, const prog_step *steps, uint32_t nsteps) {
    if (!grow((void **)&m->progs, &m->progs_cap, m->nprogs + 1, sizeof *m->progs))
        return -1;
    program *pr = &m->progs[m->nprogs];
    memset(pr, 0, sizeof *pr);
    snprintf(pr->name, sizeof pr->name, "%s", name ? name : "");
    if (nsteps) {
        pr->steps = malloc(nsteps * sizeof *steps);
        if (!pr->steps)
            return -1;
        memcpy(pr->steps, steps, nsteps * sizeof *steps);
    }
    pr->nsteps = nsteps;
    return (int)m->nprogs++;
}

proc *machine_proc(machine *m, int32_t pid) {
    int64_t i = (int64_t)pid - m->pid_base;
    return i >= 0 && i < m->nprocs ? &m->procs[i] : NULL;
}

const proc *machine_proc_c(const machine *m, int32_t pid) {
    int64_t i = (int64_t)pid - m->pid_base;
    return i >= 0 && i < m->nprocs ? &m->procs[i] : NULL;
}

static uint64_t program_cpu(const program *pr) {
    uint64_t sum = 0;
    for (uint32_t i = 0; i < pr->nsteps; i++)
        sum += prog_step_ticks(&pr->steps[i]);
    return sum;
}

int32_t machine_add_process(machine *m, const char *name, uint32_t prog, uint64_t arrival,
                            int32_t ppid) {
    if (prog >= m->nprogs || arrival < m->tick)
        return -1;
    if (!grow((void **)&m->procs, &m->procs_cap, m->nprocs + 1, sizeof *m->procs) ||
        !grow((void **)&m->arrivals, &m->arrivals_cap, m->narrivals + 1, sizeof *m->arrivals))
        return -1;
    proc *p = &m->procs[m->nprocs];
    memset(p, 0, sizeof *p);
    p->pid = m->pid_base + (int32_t)m->nprocs;
    p->ppid = ppid;
    snprintf(p->name, sizeof p->name, "%s", name && name[0] ? name : m->progs[prog].name);
    p->state = PROC_NEW;
    p->prog = prog;
    p->length = p->cpu_left = program_cpu(&m->progs[prog]);
    p->cpu = -1;
    p->arrival = arrival;
    p->first_run = p->finish = -1;
    p->state_since = arrival;
    p->waiting_for = -1;
    m->nprocs++;
    m->nlive++;
    if (ppid >= 0) {
        proc *parent = machine_proc(m, ppid);
        if (parent)
            parent->children++;
    }
    /* Keep arrivals sorted by (arrival, pid); new pids are the largest. */
    uint32_t i = m->narrivals++;
    while (i > m->next_arrival && machine_proc(m, m->arrivals[i - 1])->arrival > arrival) {
        m->arrivals[i] = m->arrivals[i - 1];
        i--;
    }
    m->arrivals[i] = p->pid;
    return p->pid;
}

int32_t machine_add_job(machine *m, uint64_t arrival, uint32_t run, uint32_t iofreq,
                        uint32_t iotime) {
    char name[16];
    snprintf(name, sizeof name, "job%u", m->nprocs);
    prog_step s = {.kind = STEP_RUN, .n = run, .iofreq = iofreq, .iotime = iotime};
    int prog = machine_add_program(m, name, &s, 1);
    if (prog < 0)
        return -1;
    return machine_add_process(m, name, (uint32_t)prog, arrival, -1);
}

/* ---- state changes ------------------------------------------------------ */

static void set_state(proc *p, proc_state s, uint64_t now) {
    if (now > p->state_since) {
        if (p->state == PROC_READY)
            p->wait_time += now - p->state_since;
        else if (p->state == PROC_BLOCKED)
            p->blocked_time += now - p->state_since;
    }
    p->state = s;
    p->state_since = now;
    if (s != PROC_BLOCKED)
        p->block_reason = BLOCK_NONE;
}

static void make_ready(machine *m, proc *p, sched_why why, uint64_t now) {
    set_state(p, PROC_READY, now);
    mp_enqueue(m, p, why);
}

/* I/O completions: a min-heap by (wake_at, io_seq). */
static bool io_less(const machine *m, int32_t a, int32_t b) {
    const proc *pa = machine_proc_c(m, a), *pb = machine_proc_c(m, b);
    if (pa->wake_at != pb->wake_at)
        return pa->wake_at < pb->wake_at;
    return pa->io_seq < pb->io_seq;
}

static void io_sift(machine *m, uint32_t i) {
    int32_t *h = m->iowait;
    while (i > 0 && io_less(m, h[i], h[(i - 1) / 2])) {
        int32_t t = h[i];
        h[i] = h[(i - 1) / 2];
        h[(i - 1) / 2] = t;
        i = (i - 1) / 2;
    }
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, best = i;
        if (l < m->niowait && io_less(m, h[l], h[best]))
            best = l;
        if (r < m->niowait && io_less(m, h[r], h[best]))
            best = r;
        if (best == i)
            return;
        int32_t t = h[i];
        h[i] = h[best];
        h[best] = t;
        i = best;
    }
}

static void io_remove_at(machine *m, uint32_t i) {
    m->iowait[i] = m->iowait[--m->niowait];
    if (i < m->niowait)
        io_sift(m, i);
}

/* Blocks p until wake_at: it joins the completions heap. */
static void block_until(machine *m, proc *p, proc_block why, uint64_t wake_at, uint64_t now) {
    set_state(p, PROC_BLOCKED, now);
    p->block_reason = why;
    p->wake_at = wake_at;
    p->io_seq = m->io_seq++;
    if (grow((void **)&m->iowait, &m->iowait_cap, m->niowait + 1, sizeof *m->iowait)) {
        m->iowait[m->niowait++] = p->pid;
        io_sift(m, m->niowait - 1);
    }
}

static void start_io(machine *m, proc *p, uint32_t iotime, uint64_t now) {
    block_until(m, p, BLOCK_IO, now + iotime, now);
    p->ios++;
    evlog_emit(&m->log, m->tick, EV_IO_START, p->cpu, p->pid, (int64_t)p->wake_at, iotime, 0);
}

static void terminate(machine *m, proc *p, uint64_t now) {
    set_state(p, PROC_TERMINATED, now);
    m->nlive--;
}

static sched_outcome settle(machine *m, int32_t pid, uint64_t now);

/* A parent blocked in wait() re-runs its wait step: it reaps and goes on. */
static void wake_waiter(machine *m, int32_t pid, uint64_t now) {
    proc *w = machine_proc(m, pid);
    if (!w || w->state != PROC_BLOCKED || w->block_reason != BLOCK_CHILD)
        return;
    if (settle(m, pid, now) == SCHED_CONTINUE)
        make_ready(m, machine_proc(m, pid), SCHED_REQUEUE, now);
}

/* Reaps one zombie child of parent; returns whether there was one. */
static bool reap_one(machine *m, int32_t parent, uint64_t now) {
    for (uint32_t i = 0; i < m->nprocs; i++) {
        proc *c = &m->procs[i];
        if (c->ppid != parent || c->state != PROC_ZOMBIE)
            continue;
        terminate(m, c, now);
        machine_proc(m, parent)->children--;
        evlog_emit(&m->log, m->tick, EV_REAP, -1, parent, c->pid, 0, 0);
        return true;
    }
    return false;
}

static void proc_exit(machine *m, int32_t pid, uint64_t now) {
    if (m->vm) /* vm hook: its frames, swap pages and TLB entries go */
        vm_proc_exit(m, pid);
    if (m->res) { /* resources: give back what it holds (resmgr.c) */
        resmgr_on_exit(m, pid);
        machine_wake_pending(m, now);
    }
    proc *p = machine_proc(m, pid);
    p->finish = (int64_t)now;
    p->cpu_left = 0;
    p->pc = m->progs[p->prog].nsteps;
    m->nexited++;
    /* Orphans go to init (which waits for them); without init they need no reaping. */
    proc *init = m->init_pid >= 0 && m->init_pid != pid ? machine_proc(m, m->init_pid) : NULL;
    if (init && (init->state == PROC_ZOMBIE || init->state == PROC_TERMINATED))
        init = NULL;
    bool adopted_zombie = false;
    if (p->children > 0) {
        for (uint32_t i = 0; i < m->nprocs; i++) {
            proc *c = &m->procs[i];
            if (c->ppid != pid || c->state == PROC_TERMINATED)
                continue;
            c->ppid = init ? init->pid : -1;
            evlog_emit(&m->log, m->tick, EV_ORPHAN, -1, c->pid, c->ppid, 0, 0);
            if (init) {
                init->children++;
                adopted_zombie |= c->state == PROC_ZOMBIE;
            } else if (c->state == PROC_ZOMBIE) {
                terminate(m, c, now);
            }
        }
        p->children = 0;
    }
    if (adopted_zombie)
        wake_waiter(m, init->pid, now);
    p = machine_proc(m, pid); /* waking init may have grown the process table */
    proc *parent = p->ppid >= 0 ? machine_proc(m, p->ppid) : NULL;
    if (!parent || parent->state == PROC_ZOMBIE || parent->state == PROC_TERMINATED) {
        evlog_emit(&m->log, m->tick, EV_EXIT, -1, pid, 0, 0, 0);
        terminate(m, p, now);
        return;
    }
    set_state(p, PROC_ZOMBIE, now);
    evlog_emit(&m->log, m->tick, EV_EXIT, -1, pid, 1, 0, 0);
    wake_waiter(m, parent->pid, now);
}

static void spawn(machine *m, int32_t parent, uint32_t prog, uint64_t now) {
    if (prog >= m->nprogs)
        return;
    char name[PROC_NAME_MAX];
    snprintf(name, sizeof name, "%s", m->progs[prog].name);
    int32_t child = machine_add_process(m, name, prog, now, parent);
    if (child >= 0) {
        proc *c = machine_proc(m, child);
        c->prio = machine_proc(m, parent)->prio;
        evlog_emit(&m->log, m->tick, EV_FORK, -1, parent, child, prog, 0);
    }
}

/* Carries out the zero-time steps a process stands on (fork, wait, io, exit)
 * until it stands on CPU work, blocks or exits. Pointers into the process
 * table may move (a fork grows it): callers look processes up again by pid. */
static sched_outcome settle(machine *m, int32_t pid, uint64_t now) {
    for (;;) {
        proc *p = machine_proc(m, pid);
        const program *pr = &m->progs[p->prog];
        if (p->pc >= pr->nsteps) {
            proc_exit(m, pid, now);
            return SCHED_EXITED;
        }
        const prog_step *s = &pr->steps[p->pc];
        switch ((step_kind)s->kind) {
            case STEP_RUN:
            case STEP_READ:
            case STEP_WRITE:
                if (p->step_done < prog_step_ticks(s))
                    return SCHED_CONTINUE;
                p->pc++;
                p->step_done = 0;
                break;
            case STEP_IO:
                p->pc++;
                start_io(m, p, s->n, now);
                return SCHED_BLOCKED;
            case STEP_FORK:
                p->pc++;
                spawn(m, pid, s->n, now);
                break;
            case STEP_WAIT:
                if (reap_one(m, pid, now)) {
                    if (s->n == 0)
                        p->pc++;
                    break;
                }
                if (p->children > 0) {
                    if (p->state != PROC_BLOCKED)
                        evlog_emit(&m->log, m->tick, EV_WAIT_BLOCK, -1, pid, 0, 0, 0);
                    set_state(p, PROC_BLOCKED, now);
                    p->block_reason = BLOCK_CHILD;
                    return SCHED_BLOCKED;
                }
                if (s->n == 0)
                    evlog_emit(&m->log, m->tick, EV_WAIT_NOCHILD, -1, pid, 0, 0, 0);
                p->pc++;
                break;
            case STEP_ACQUIRE:
            case STEP_RELEASE:
            case STEP_CLAIM: /* resources (resmgr.c) */
                switch (resmgr_step(m, pid)) {
                    case RM_GO: machine_wake_pending(m, now); break;
                    case RM_BLOCK:
                        set_state(p, PROC_BLOCKED, now);
                        p->block_reason = BLOCK_RESOURCE;
                        machine_wake_pending(m, now);
                        return SCHED_BLOCKED;
                    case RM_FAIL: proc_exit(m, pid, now); return SCHED_EXITED;
                }
                break;
            case STEP_MAP: /* vm hook: shared memory (vm_share.c); refused: it stops */
                p->pc++;
                if (vm_share_map(m, pid, s->n) != 0) { /* no memory: refused too */
                    proc_exit(m, pid, now);
                    return SCHED_EXITED;
                }
                break;
            case STEP_EXIT:
            default: proc_exit(m, pid, now); return SCHED_EXITED;
        }
    }
}

static void arrive(machine *m, int32_t pid, uint64_t now) {
    proc *p = machine_proc(m, pid);
    sched_admit(&m->sched, p);
    set_state(p, PROC_READY, now);
    p->state_since = now;
    if (settle(m, pid, now) != SCHED_CONTINUE)
        return;
    p = machine_proc(m, pid);
    mp_enqueue(m, p, SCHED_ARRIVE);
    evlog_emit(&m->log, m->tick, EV_ARRIVE, mp_queue_of(m, p), pid, p->level, 0, 0);
}

static void io_complete(machine *m, int32_t pid, uint64_t now) {
    bool fault = machine_proc(m, pid)->block_reason == BLOCK_FAULT;
    if (settle(m, pid, now) != SCHED_CONTINUE)
        return;
    proc *p = machine_proc(m, pid);
    make_ready(m, p, SCHED_WAKE, now);
    if (fault) /* vm hook: a page-in completed; the access is retried when it runs */
        vm_fault_done(m, p);
    else
        evlog_emit(&m->log, m->tick, EV_IO_DONE, mp_queue_of(m, p), pid, p->level,
                   m->sched.cfg.iobump, 0);
}

/* vm hook: a process that waited for a frame retries its fault. */
static void vm_wake(machine *m, int32_t pid) {
    proc *p = machine_proc(m, pid);
    if (p && p->state == PROC_BLOCKED && p->block_reason == BLOCK_FAULT)
        make_ready(m, p, SCHED_WAKE, m->tick);
}

/* After a tick of CPU: the step may be done, or an I/O due. */
static sched_outcome after_cpu(machine *m, proc *p, uint64_t now) {
    const prog_step *s = &m->progs[p->prog].steps[p->pc];
    if (p->step_done >= prog_step_ticks(s))
        return settle(m, p->pid, now);
    if (s->iofreq && p->step_done % s->iofreq == 0) {
        start_io(m, p, s->iotime, now);
        return SCHED_BLOCKED;
    }
    return SCHED_CONTINUE;
}

static void record(machine *m, int c, int32_t pid, int8_t level) {
    machine_cpu *cp = &m->cpus[c];
    cp->gantt[m->tick % MACHINE_GANTT] = pid;
    cp->gantt_lv[m->tick % MACHINE_GANTT] = level;
    if (!m->record)
        return;
    uint64_t i = m->tick * (uint64_t)m->ncpus + (uint64_t)c;
    if (i >= m->hist_cap) {
        uint64_t ncap = m->hist_cap ? m->hist_cap * 2 : 1024;
        while (ncap <= i)
            ncap *= 2;
        int32_t *nt = realloc(m->timeline, ncap * sizeof *nt);
        if (nt)
            m->timeline = nt;
        int8_t *nl = nt ? realloc(m->levels, ncap * sizeof *nl) : NULL;
        if (nl)
            m->levels = nl;
        if (!nt || !nl) {
            m->record = false; /* out of memory: stop recording, keep simulating */
            return;
        }
        m->hist_cap = ncap;
    }
    m->timeline[i] = pid;
    m->levels[i] = level;
    if (i + 1 > m->hist_len)
        m->hist_len = i + 1;
}

/* vm hook: the tick's memory reference. A page fault takes the tick (the trap)
 * without progress and blocks p: until its page-in completes, or (wake 0)
 * until vm_tick_begin finds it a frame. Returns whether it faulted. */
static bool run_fault(machine *m, int c, proc *p) {
    uint64_t wake;
    if (vm_cpu_ref(m, c, p, &wake) == VM_REF_DONE)
        return false;
    uint64_t t = m->tick;
    int32_t pid = p->pid;
    int8_t level = (int8_t)p->level;
    p->cpu_time++;
    m->cpus[c].busy++;
    if (wake) {
        block_until(m, p, BLOCK_FAULT, wake, t + 1);
    } else {
        set_state(p, PROC_BLOCKED, t + 1);
        p->block_reason = BLOCK_FAULT;
        p->wake_at = 0;
    }
    mp_ran(m, p, SCHED_BLOCKED);
    record(m, c, pid, level);
    return true;
}

static void run_cpu(machine *m, int c) {
    machine_cpu *cp = &m->cpus[c];
    uint64_t t = m->tick;
    proc *prev = cp->last >= 0 ? machine_proc(m, cp->last) : NULL;
    if (prev && (prev->state != PROC_RUNNING || prev->cpu != c))
        prev = NULL;
    proc *p = mp_pick(m, c, prev);
    if (prev && prev != p)
        set_state(prev, PROC_READY, t);
    if (!p) {
        if (cp->last != -1 || t == 0)
            evlog_emit(&m->log, t, EV_IDLE, c, -1, 0, 0, 0);
        cp->running = cp->last = -1;
        record(m, c, -1, -1);
        return;
    }
    if (p->pid != cp->last || p->state != PROC_RUNNING) {
        evlog_emit(&m->log, t, EV_DISPATCH, c, p->pid, cp->last, p->level, 0);
        if (p->pid != cp->last)
            cp->switches++;
    }
    if (p->state != PROC_RUNNING)
        set_state(p, PROC_RUNNING, t);
    if (p->first_run < 0)
        p->first_run = (int64_t)t;
    p->cpu = c;
    cp->running = cp->last = p->pid;
    if (m->vm && run_fault(m, c, p))
        return; /* vm hook: a page fault used the tick */
    p->cpu_time++;
    p->cpu_left--;
    p->step_done++;
    cp->busy++;
    int32_t pid = p->pid;
    int8_t level = (int8_t)p->level;
    sched_outcome out = after_cpu(m, p, t + 1);
    mp_ran(m, machine_proc(m, pid), out);
    record(m, c, pid, level);
}

void machine_tick(machine *m) {
    if (machine_done(m))
        return;
    uint64_t t = m->tick;
    if (m->sub_ops) {
        m->sub_ops->step(m->sub, m);
        m->tick = t + 1;
        return;
    }
    /* The order at a tick is pinned by the spec: boost, arrivals (by pid),
     * I/O completions (in order of issue), then the CPUs pick and run. */
    mp_boost(m);
    while (m->next_arrival < m->narrivals) {
        int32_t pid = m->arrivals[m->next_arrival];
        if (machine_proc(m, pid)->arrival > t)
            break;
        m->next_arrival++;
        arrive(m, pid, t);
    }
    while (m->niowait && machine_proc(m, m->iowait[0])->wake_at <= t) {
        int32_t pid = m->iowait[0];
        io_remove_at(m, 0);
        io_complete(m, pid, t);
    }
    if (m->vm) /* vm hook: nru's clear; frame waiters retry */
        vm_tick_begin(m, vm_wake);
    mp_balance(m); /* per-CPU queues: periodic balancing, before the CPUs pick */
    for (int c = 0; c < m->ncpus; c++)
        run_cpu(m, c);
    if (m->vm) /* vm hook: the window moves, thrashing is checked */
        vm_tick_end(m);
    m->tick = t + 1;
    if (m->res) /* resources: detection and recovery, between ticks (resmgr.c) */
        resmgr_tick(m);
    if (machine_done(m) && !(m->res && resmgr_stuck(m))) /* stuck: resmgr said so */
        evlog_emit(&m->log, t, EV_SYS_DONE, -1, -1, (int64_t)m->tick, 0, 0);
}

bool machine_done(const machine *m) {
    if (m->sub_ops)
        return m->sub_ops->done(m->sub, m);
    return (m->next_arrival >= m->narrivals && m->nexited == m->nprocs) ||
           (m->res && resmgr_stuck(m));
}

int machine_kill(machine *m, int32_t pid) {
    proc *p = machine_proc(m, pid);
    if (!p || p->state == PROC_ZOMBIE || p->state == PROC_TERMINATED)
        return -1;
    machine_cmd cmd = {.tick = m->tick, .kind = CMD_KILL, .pid = pid};
    if (cmdlog_push(&m->cmds, &cmd) != 0)
        return -1; /* a command that cannot be logged could not be replayed */
    return machine_terminate(m, pid);
}

int machine_terminate(machine *m, int32_t pid) {
    proc *p = machine_proc(m, pid);
    if (!p || p->state == PROC_ZOMBIE || p->state == PROC_TERMINATED)
        return -1;
    switch (p->state) {
        case PROC_NEW:
            for (uint32_t i = m->next_arrival; i < m->narrivals; i++) {
                if (m->arrivals[i] != pid)
                    continue;
                memmove(&m->arrivals[i], &m->arrivals[i + 1],
                        (m->narrivals - i - 1) * sizeof *m->arrivals);
                m->narrivals--;
                break;
            }
            break;
        case PROC_READY:
        case PROC_RUNNING: mp_remove(m, p); break;
        case PROC_BLOCKED:
            for (uint32_t i = 0; i < m->niowait; i++)
                if (m->iowait[i] == pid)
                    io_remove_at(m, i);
            break;
        default: break;
    }
    evlog_emit(&m->log, m->tick, EV_KILL, -1, pid, 0, 0, 0);
    proc_exit(m, pid, m->tick);
    return 0;
}

void machine_wake_pending(machine *m, uint64_t now) {
    if (!m->res || !resmgr_drain_begin(m->res))
        return; /* a drain further up the stack takes what was added */
    int32_t pid;
    while ((pid = resmgr_drain_next(m->res)) >= 0) {
        proc *p = machine_proc(m, pid);
        if (!p || p->state != PROC_BLOCKED || p->block_reason != BLOCK_RESOURCE)
            continue;
        set_state(p, PROC_READY, now); /* granted; queued once it stands on CPU work */
        if (settle(m, pid, now) == SCHED_CONTINUE)
            make_ready(m, machine_proc(m, pid), SCHED_WAKE, now);
    }
    resmgr_drain_end(m->res);
}

void machine_metrics_get(const machine *m, machine_metrics *out) {
    memset(out, 0, sizeof *out);
    double r = 0, t = 0, w = 0;
    uint64_t busy = 0;
    for (uint32_t i = 0; i < m->nprocs; i++) {
        const proc *p = &m->procs[i];
        if (p->finish < 0)
            continue;
        out->finished++;
        r += (double)proc_response(p);
        t += (double)proc_turnaround(p);
        w += (double)p->wait_time;
    }
    for (int c = 0; c < m->ncpus; c++) {
        busy += m->cpus[c].busy;
        out->switches += m->cpus[c].switches;
    }
    if (out->finished) {
        out->avg_response = r / out->finished;
        out->avg_turnaround = t / out->finished;
        out->avg_wait = w / out->finished;
    }
    if (m->tick) {
        out->utilisation = (double)busy / ((double)m->tick * m->ncpus);
        out->throughput = (double)out->finished / (double)m->tick;
    }
}

int sys_event_format(const machine *m, const event *ev, char *buf, size_t n) {
    (void)m;
    switch (ev->kind) {
        case EV_SYS_START:
            return snprintf(buf, n, "scenario starts (%s)", machine_mode_name((machine_mode)ev->a));
        case EV_SYS_DONE: return snprintf(buf, n, "all done after %lld ticks", (long long)ev->a);
        case EV_SYS_POLICY:
            return snprintf(buf, n, "scheduling policy changed from %s to %s",
                            sched_policy_name((sched_policy)ev->a),
                            sched_policy_name((sched_policy)ev->b));
        default: return snprintf(buf, n, "machine event %u", (unsigned)ev->kind);
    }
}
