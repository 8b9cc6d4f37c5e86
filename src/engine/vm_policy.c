/* vm_policy: the full machine's replacement policy changed live, between
 * ticks (machine_set_pager).
 *
 * Every pager is rebuilt by pager_set_policy (the rules in pager.h): the
 * global one, or with local replacement each process's own; pagers made
 * later (a process's first fault) get the new policy. Resident pages, their
 * frames, PTEs, TLB entries and pins are untouched: only the order in which
 * victims will be chosen changes.
 *
 * opt: a process's future is read from its program and its generator as
 * seeded (vm.h), so it can be built at any time; a resident page's next use
 * is estimated afresh at the switch as opt does at each reference: the tick
 * of the switch plus the owner's references until it uses the page again
 * (exact for one process running without interruption, an estimate
 * otherwise, as vm.h says of opt). */
#include <stdio.h>
#include <stdlib.h>

#include "vm.h"

/* opt's keys for the unpinned frames of pg, which holds pages of pid only
 * (local) or of everyone (pid -1: global): keys[slot]. Returns 0 or -1. */
static int opt_keys(vm *v, machine *m, const pager *pg, int32_t only, uint64_t *keys) {
    for (uint32_t f = 0; f < pg->nframes; f++)
        keys[f] = PAGER_NEVER;
    for (uint32_t i = 0; i < v->nprocs; i++) {
        vm_proc *vp = &v->procs[i];
        int32_t pid = (int32_t)i + m->pid_base;
        const proc *p = machine_proc_c(m, pid);
        if (!p || !vp->started || vp->exited || vp->resident == 0 || (only >= 0 && pid != only))
            continue;
        uint32_t n;
        uint32_t *vpns = vm_future_refs(v, m, p, vp, &n);
        if (!vpns && n)
            return -1;
        /* The first use of each of its resident pages from its next reference on. */
        uint32_t want = vp->resident - (vp->pinned >= 0), found = 0;
        for (uint64_t j = vp->idx; j < n && found < want; j++) {
            int32_t s = pager_lookup(pg, (uint32_t)pid, vpns[j]);
            if (s >= 0 && !pg->frames[s].pinned && keys[s] == PAGER_NEVER) {
                keys[s] = m->tick + (j - vp->idx);
                found++;
            }
        }
        free(vpns);
    }
    return 0;
}

/* One pager to policy p; -1 on ENOMEM (that pager unchanged). */
static int switch_one(vm *v, machine *m, pager *pg, int32_t only, pager_policy p) {
    uint64_t *keys = NULL;
    if (p == PAGER_OPT) {
        keys = malloc(pg->nframes * sizeof *keys);
        if (!keys || opt_keys(v, m, pg, only, keys) != 0) {
            free(keys);
            return -1;
        }
    }
    int rc = pager_set_policy(pg, p, m->tick, keys);
    free(keys);
    return rc;
}

/* The pagers in use: the global one, or the local ones (in locals order). */
static pager *pager_at(vm *v, const machine *m, uint32_t i, int32_t *only) {
    if (!v->cfg.local) {
        *only = -1;
        return &v->gpg;
    }
    *only = v->locals[i];
    return v->procs[v->locals[i] - m->pid_base].pg;
}

int vm_set_policy(machine *m, pager_policy p, uint32_t *kept, uint32_t *pagers, char *err,
                  size_t errlen) {
    vm *v = m->vm;
    if (!v || (unsigned)p >= PAGER_POLICY_COUNT) {
        snprintf(err, errlen, "replacement: %s",
                 v ? "unknown policy" : "the machine has no memory");
        return -1;
    }
    pager_policy old = v->cfg.policy;
    /* opt reads every started process's future; built now for those that
     * started under another policy (a failure leaves one without: as vm.h). */
    for (uint32_t i = 0; p == PAGER_OPT && i < v->nprocs; i++) {
        vm_proc *vp = &v->procs[i];
        const proc *pr = machine_proc_c(m, (int32_t)i + m->pid_base);
        if (pr && vp->started && !vp->exited && !vp->future)
            vm_build_future(v, m, pr, vp);
    }
    uint32_t n = v->cfg.local ? v->nlocals : 1, done = 0;
    *kept = 0;
    for (; done < n; done++) {
        int32_t only;
        pager *pg = pager_at(v, m, done, &only);
        if (switch_one(v, m, pg, only, p) != 0)
            break;
        *kept += pg->nused - (v->cfg.local ? 0 : v->shared_frames);
    }
    if (done < n) {
        /* Out of memory: back to the old policy (its structures were freed,
         * so this can fail too; then the pager keeps the new one). */
        for (uint32_t i = 0; i < done; i++) {
            int32_t only;
            pager *pg = pager_at(v, m, i, &only);
            switch_one(v, m, pg, only, old);
        }
        snprintf(err, errlen, "replacement: out of memory");
        return -1;
    }
    v->cfg.policy = p;
    *pagers = n;
    return 0;
}
