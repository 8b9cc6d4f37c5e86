#include "machine_cmd.h"

#include <stdlib.h>
#include <string.h>

static bool config_valid(const sched_config *cfg) {
    if ((unsigned)cfg->policy >= SCHED_POLICY_COUNT || cfg->levels < 1 ||
        cfg->levels > SCHED_MAX_LEVELS)
        return false;
    for (int i = 0; i < cfg->levels; i++)
        if (cfg->quantum[i] < 1 || cfg->allot[i] < 1)
            return false;
    return true;
}

int machine_set_sched(machine *m, const sched_config *cfg) {
    /* Per-CPU queues would each need the change and a placement of their
     * processes: not supported (the TUI says the policy cannot be changed). */
    if (m->sub_ops || m->mp.cfg.percpu || !config_valid(cfg))
        return -1;
    /* Logged first (saves and step back replay it): no log, no change. */
    machine_cmd cmd = {.tick = m->tick, .kind = CMD_SCHED, .cfg = *cfg};
    if (cmdlog_push(&m->cmds, &cmd) != 0)
        return -1;
    sched fresh;
    if (sched_init(&fresh, cfg) != 0) {
        m->cmds.n--;
        return -1;
    }
    sched_policy old = m->sched.cfg.policy;
    sched_free(&m->sched);
    m->sched = fresh;
    /* A running process stops running here: the new policy picks afresh next
     * tick (run_cpu sees a previous process that is no longer RUNNING). Its
     * running stretch adds nothing to the wait, so state_since is all to set. */
    for (uint32_t i = 0; i < m->nprocs; i++) {
        proc *p = &m->procs[i];
        if (p->state == PROC_RUNNING) {
            p->state = PROC_READY;
            p->state_since = m->tick;
        }
        /* Blocked ones need a level of the new policy for when they wake. */
        if (p->state == PROC_READY || p->state == PROC_BLOCKED)
            sched_admit(&m->sched, p);
        if (p->state == PROC_READY)
            sched_enqueue(&m->sched, m, p, SCHED_REQUEUE);
    }
    evlog_emit(&m->log, m->tick, EV_SYS_POLICY, -1, -1, old, cfg->policy, 0);
    return 0;
}

static bool prog_valid(const machine_prog *p, uint32_t nextra) {
    if (!p || !p->steps || p->nsteps == 0)
        return false;
    for (uint32_t i = 0; i < p->nsteps; i++) {
        const prog_step *s = &p->steps[i];
        if (s->kind >= STEP_KIND_COUNT || (s->kind == STEP_FORK && s->n >= nextra))
            return false;
    }
    return true;
}

int machine_inject_programs(machine *m, const machine_prog *prog, const machine_prog *extra,
                            uint32_t nextra) {
    if (m->sub_ops || !prog_valid(prog, nextra))
        return -1;
    for (uint32_t i = 0; i < nextra; i++)
        if (!prog_valid(&extra[i], 0))
            return -1; /* a forked program forks nothing further */
    uint32_t base = m->nprogs;
    for (uint32_t i = 0; i < nextra; i++) {
        if (machine_add_program(m, extra[i].name, extra[i].steps, extra[i].nsteps) < 0)
            return -1;
        m->progs[base + i].injected = true;
    }
    /* The main program's forks point at the extra programs just added. */
    prog_step *steps = malloc(prog->nsteps * sizeof *steps);
    if (!steps)
        return -1;
    memcpy(steps, prog->steps, prog->nsteps * sizeof *steps);
    for (uint32_t i = 0; i < prog->nsteps; i++)
        if (steps[i].kind == STEP_FORK)
            steps[i].n += base;
    int idx = machine_add_program(m, prog->name, steps, prog->nsteps);
    free(steps);
    if (idx >= 0)
        m->progs[idx].injected = true;
    return idx;
}

int32_t machine_inject_proc(machine *m, const char *name, uint32_t prog, int32_t prio) {
    if (m->sub_ops)
        return -1;
    int32_t pid = machine_add_process(m, name, prog, m->tick, -1);
    if (pid < 0)
        return -1;
    machine_proc(m, pid)->prio = prio;
    evlog_emit(&m->log, m->tick, EV_INJECT, -1, pid, prog, 0, 0);
    return pid;
}

int32_t machine_inject(machine *m, const char *name, const machine_prog *prog,
                       const machine_prog *extra, uint32_t nextra, int32_t prio) {
    int idx = machine_inject_programs(m, prog, extra, nextra);
    return idx < 0 ? -1 : machine_inject_proc(m, name, (uint32_t)idx, prio);
}
