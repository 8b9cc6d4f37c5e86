#include "proc.h"

#include <stdio.h>

#include "clone.h"
#include "machine.h"

static const char *const state_names[PROC_STATE_COUNT] = {
    "new", "ready", "running", "blocked", "zombie", "terminated",
};
static const char *const state_short[PROC_STATE_COUNT] = {
    "NEW", "RDY", "RUN", "BLK", "ZOM", "END",
};
static const char *const step_names[STEP_KIND_COUNT] = {
    "cpu", "io", "fork", "wait", "exit", "read", "write", "acquire", "release", "claim", "map",
};

const char *proc_state_name(proc_state s) {
    return (unsigned)s < PROC_STATE_COUNT ? state_names[s] : "?";
}

const char *proc_state_short(proc_state s) {
    return (unsigned)s < PROC_STATE_COUNT ? state_short[s] : "???";
}

const char *step_kind_name(step_kind k) {
    return (unsigned)k < STEP_KIND_COUNT ? step_names[k] : "?";
}

uint32_t prog_step_ticks(const prog_step *s) {
    switch ((step_kind)s->kind) {
        case STEP_RUN: return s->n;
        case STEP_READ:
        case STEP_WRITE: return 1;
        default: return 0;
    }
}

uint64_t proc_wait_at(const proc *p, uint64_t now) {
    uint64_t w = p->wait_time;
    if (p->state == PROC_READY && now > p->state_since)
        w += now - p->state_since;
    return w;
}

int64_t proc_response(const proc *p) {
    return p->first_run < 0 ? -1 : p->first_run - (int64_t)p->arrival;
}

int64_t proc_turnaround(const proc *p) {
    return p->finish < 0 ? -1 : p->finish - (int64_t)p->arrival;
}

/* "P3" or "P3 (editor)" when the machine lends a name. */
static const char *pname(const machine *m, int32_t pid, char *buf, size_t n) {
    const proc *p = m ? machine_proc_c(m, pid) : NULL;
    if (p && p->name[0])
        snprintf(buf, n, "P%d (%s)", pid, p->name);
    else
        snprintf(buf, n, "P%d", pid);
    return buf;
}

int proc_event_format(const machine *m, const event *ev, char *buf, size_t n) {
    char a[48], b[48];
    const char *who = pname(m, ev->pid, a, sizeof a);
    switch (ev->kind) {
        case EV_ARRIVE:
            if (ev->cpu >= 0)
                return snprintf(buf, n, "%s arrives and joins CPU%d's queue (level %lld)", who,
                                ev->cpu, (long long)ev->a);
            return snprintf(buf, n, "%s arrives and joins the ready queue (level %lld)", who,
                            (long long)ev->a);
        case EV_DISPATCH:
            if (ev->a < 0)
                return snprintf(buf, n, "CPU%d runs %s (level %lld)", ev->cpu, who,
                                (long long)ev->b);
            if (ev->a == ev->pid) /* back at once after blocking (e.g. a 0-tick page-in) */
                return snprintf(buf, n, "CPU%d runs %s again (level %lld)", ev->cpu, who,
                                (long long)ev->b);
            return snprintf(buf, n, "CPU%d switches %s -> %s (level %lld)", ev->cpu,
                            pname(m, (int32_t)ev->a, b, sizeof b), who, (long long)ev->b);
        case EV_PREEMPT:
            return snprintf(buf, n, "%s is preempted by %s, which has less work left", who,
                            pname(m, (int32_t)ev->a, b, sizeof b));
        case EV_SLICE_END:
            if (ev->a != ev->b)
                return snprintf(buf, n, "%s used its allotment at level %lld: moves down to %lld",
                                who, (long long)ev->a, (long long)ev->b);
            return snprintf(buf, n, "%s used its time slice: back to the tail of level %lld", who,
                            (long long)ev->b);
        case EV_IO_START:
            return snprintf(buf, n, "%s starts an I/O and blocks until tick %lld", who,
                            (long long)ev->a);
        case EV_IO_DONE:
            if (ev->cpu >= 0)
                return snprintf(buf, n, "%s's I/O completes: joins the %s of level %lld on CPU%d",
                                who, ev->b ? "head" : "tail", (long long)ev->a, ev->cpu);
            return snprintf(buf, n, "%s's I/O completes: joins the %s of level %lld", who,
                            ev->b ? "head" : "tail", (long long)ev->a);
        case EV_BOOST:
            return snprintf(buf, n,
                            "priority boost: every job back to the top level (%lld moved up)",
                            (long long)ev->a);
        case EV_FORK:
            return snprintf(buf, n, "%s forks child %s", who,
                            pname(m, (int32_t)ev->a, b, sizeof b));
        case EV_WAIT_BLOCK:
            return snprintf(buf, n, "%s calls wait() and blocks until a child exits", who);
        case EV_WAIT_NOCHILD:
            return snprintf(buf, n, "%s calls wait() with no children: returns at once", who);
        case EV_REAP:
            return snprintf(buf, n, "%s reaps its zombie child %s", who,
                            pname(m, (int32_t)ev->a, b, sizeof b));
        case EV_EXIT:
            return snprintf(buf, n, "%s exits%s", who,
                            ev->a ? ": a zombie until its parent waits" : "");
        case EV_ORPHAN:
            return snprintf(buf, n, "%s is orphaned: adopted by %s", who,
                            pname(m, (int32_t)ev->a, b, sizeof b));
        case EV_IDLE: return snprintf(buf, n, "CPU%d idle: nothing is ready", ev->cpu);
        case EV_KILL: return snprintf(buf, n, "%s is killed", who);
        case EV_INJECT: return snprintf(buf, n, "%s injected", who);
        case EV_MIGRATE:
            return snprintf(buf, n, "%s migrates from CPU%lld to CPU%d: its cache stays behind",
                            who, (long long)ev->a, ev->cpu);
        case EV_STEAL:
            return snprintf(buf, n, "CPU%d steals %s from CPU%lld (%lld runnable vs %lld)", ev->cpu,
                            who, (long long)ev->a, (long long)ev->b, (long long)ev->c);
        case EV_BALANCE:
            return snprintf(buf, n,
                            "balancing: %s moves from CPU%lld to CPU%d (%lld runnable vs %lld)",
                            who, (long long)ev->a, ev->cpu, (long long)ev->b, (long long)ev->c);
        default: return snprintf(buf, n, "process event %u", (unsigned)ev->kind);
    }
}

void prog_clone(clone_ctx *cx, program *dst, const program *src) {
    *dst = *src;
    dst->steps = clone_dup(cx, src->steps, src->nsteps * sizeof *src->steps);
}
