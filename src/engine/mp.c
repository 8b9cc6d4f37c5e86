#include "mp.h"

#include "clone.h"
#include "machine.h"

_Static_assert(MP_MAX_CPUS == MACHINE_MAX_CPUS, "one CPU limit");

int mp_configure(machine *m, const mp_config *cfg) {
    if (m->tick != 0 || m->sched.nready != 0)
        return -1; /* queues already hold processes: nothing to split them by */
    mp *x = &m->mp;
    mp_free(x);
    x->cfg = *cfg;
    if (cfg->percpu)
        for (int c = 1; c < m->ncpus; c++)
            if (sched_init(&x->rq[c], &m->sched.cfg) != 0)
                return -1;
    bool global_affinity = cfg->affinity && !cfg->percpu && m->ncpus > 1;
    m->sched.lookahead = global_affinity ? MP_LOOKAHEAD : 0;
    return 0;
}

void mp_free(mp *x) {
    for (int c = 1; c < MP_MAX_CPUS; c++)
        sched_free(&x->rq[c]);
}

void mp_clone(clone_ctx *cx, mp *dst, const mp *src) {
    *dst = *src;
    for (int c = 1; c < MP_MAX_CPUS; c++)
        sched_clone(cx, &dst->rq[c], &src->rq[c]);
}

sched *mp_queue(machine *m, int cpu) {
    if (!m->mp.cfg.percpu || cpu <= 0 || cpu >= m->ncpus)
        return &m->sched;
    return &m->mp.rq[cpu];
}

const sched *mp_queue_c(const machine *m, int cpu) {
    if (!m->mp.cfg.percpu || cpu <= 0 || cpu >= m->ncpus)
        return &m->sched;
    return &m->mp.rq[cpu];
}

int mp_queue_of(const machine *m, const proc *p) {
    return m->mp.cfg.percpu ? p->rq : -1;
}

/* The CPU with the least load; ties: the lowest. */
static int least_loaded(const machine *m) {
    int best = 0;
    for (int c = 1; c < m->ncpus; c++)
        if (m->mp.load[c] < m->mp.load[best])
            best = c;
    return best;
}

/* The CPU other than `not` with the most load; ties: the lowest. -1: none. */
static int most_loaded(const machine *m, int not ) {
    int best = -1;
    for (int c = 0; c < m->ncpus; c++)
        if (c != not &&(best < 0 || m->mp.load[c] > m->mp.load[best]))
            best = c;
    return best;
}

static void move(machine *m, proc *p, int from, int to) {
    sched_remove(mp_queue(m, from), m, p);
    m->mp.load[from]--;
    p->rq = to;
    m->mp.load[to]++;
    sched_enqueue(mp_queue(m, to), m, p, SCHED_REQUEUE);
}

void mp_enqueue(machine *m, proc *p, sched_why why) {
    mp *x = &m->mp;
    if (!x->cfg.percpu) {
        sched_enqueue(&m->sched, m, p, why);
        return;
    }
    bool home = why != SCHED_ARRIVE && x->cfg.affinity && p->cpu >= 0 && p->cpu < m->ncpus;
    int c = home ? p->cpu : least_loaded(m);
    p->rq = c;
    x->load[c]++;
    sched_enqueue(mp_queue(m, c), m, p, why);
}

static void steal_into(machine *m, int cpu) {
    int v = most_loaded(m, cpu);
    if (v < 0 || m->mp.load[v] < 2)
        return;
    proc *p = sched_last(mp_queue(m, v), m);
    if (!p)
        return;
    evlog_emit(&m->log, m->tick, EV_STEAL, cpu, p->pid, v, m->mp.load[v], m->mp.load[cpu]);
    move(m, p, v, cpu);
    m->mp.steals++;
}

proc *mp_pick(machine *m, int cpu, proc *prev) {
    mp *x = &m->mp;
    if (x->cfg.percpu && x->cfg.steal && x->load[cpu] == 0)
        steal_into(m, cpu);
    proc *p = sched_pick(mp_queue(m, cpu), m, cpu, prev);
    if (p && p->cpu >= 0 && p->cpu != cpu) {
        p->migrated++;
        x->migrations++;
        evlog_emit(&m->log, m->tick, EV_MIGRATE, cpu, p->pid, p->cpu, 0, 0);
    }
    return p;
}

void mp_ran(machine *m, proc *p, sched_outcome out) {
    if (!m->mp.cfg.percpu) {
        sched_ran(&m->sched, m, p, out);
        return;
    }
    int c = p->rq;
    sched_ran(mp_queue(m, c), m, p, out);
    if (out != SCHED_CONTINUE)
        m->mp.load[c]--;
}

void mp_remove(machine *m, proc *p) {
    if (!m->mp.cfg.percpu) {
        sched_remove(&m->sched, m, p);
        return;
    }
    sched_remove(mp_queue(m, p->rq), m, p);
    m->mp.load[p->rq]--;
}

void mp_boost(machine *m) {
    if (!m->mp.cfg.percpu) {
        sched_maybe_boost(&m->sched, m);
        return;
    }
    if (!sched_boost_due(&m->sched, m))
        return;
    int moved = 0;
    for (int c = 0; c < m->ncpus; c++)
        moved += sched_boost_queues(mp_queue(m, c));
    sched_boost_procs(&m->sched, m);
    evlog_emit(&m->log, m->tick, EV_BOOST, -1, -1, moved, 0, 0);
}

void mp_balance(machine *m) {
    mp *x = &m->mp;
    if (!x->cfg.percpu || x->cfg.balance == 0 || m->tick == 0 || m->tick % x->cfg.balance != 0)
        return;
    for (;;) {
        int hi = most_loaded(m, -1), lo = least_loaded(m);
        if (x->load[hi] < x->load[lo] + 2)
            return;
        proc *p = sched_last(mp_queue(m, hi), m);
        if (!p)
            return;
        evlog_emit(&m->log, m->tick, EV_BALANCE, lo, p->pid, hi, x->load[hi], x->load[lo]);
        move(m, p, hi, lo);
        x->moves++;
    }
}
