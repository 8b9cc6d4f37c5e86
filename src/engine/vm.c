/* vm: the machine's memory (rules in vm.h): references, page faults,
 * eviction, frames given and freed. The window and thrashing are in vm_ws.c,
 * the generator in vm_gen.c, the read-only views in vm_view.c. */
#include "vm.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clone.h"
#include "mcache.h"

#define VM_MAX_SERVICE 1000000u /* largest fault or write-back time, ticks */

void vm_config_default(vm_config *c) {
    *c = (vm_config){.levels = 2,
                     .page_size = 4096,
                     .frames = 16,
                     .policy = PAGER_LRU,
                     .nru_period = PAGER_NRU_PERIOD,
                     .tlb_entries = 4,
                     .fault_time = 5,
                     .writeback_time = 5,
                     .window = 32,
                     .thrash_pct = 30,
                     .trace_refs = true};
}

static int fail(char *err, size_t n, const char *fmt, ...) {
    if (err && n) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static const char *config_error(const vm_config *c) {
    if (c->levels != 1 && c->levels != 2)
        return "memory: levels must be 1 or 2";
    if (c->page_size < MMU_PAGE_SIZE_MIN || c->page_size > MMU_PAGE_SIZE_MAX ||
        (c->page_size & (c->page_size - 1)))
        return "memory: page size must be a power of two from 256 to 16777216";
    if (c->frames < 1 || c->frames > PAGER_MAX_FRAMES)
        return "memory: frames must be 1 to 1048576";
    if ((unsigned)c->policy >= PAGER_POLICY_COUNT)
        return "memory: unknown replacement policy";
    if (c->nru_period < 1 || c->nru_period > PAGER_NRU_MAX)
        return "memory: nru period must be 1 to 1000000000";
    if (c->tlb_entries > TLB_MAX_ENTRIES)
        return "memory: TLB entries must be 0 to 4096";
    if (c->quota > c->frames)
        return "memory: the local quota cannot exceed the frames";
    if (c->fault_time > VM_MAX_SERVICE || c->writeback_time > VM_MAX_SERVICE)
        return "memory: fault and write-back times must be 0 to 1000000 ticks";
    if (c->window < 1 || c->window > VM_HIST)
        return "memory: the window must be 1 to 1024 references";
    if (c->thrash_pct < 1 || c->thrash_pct > 100)
        return "memory: the thrashing fault rate must be 1 to 100 (%)";
    return NULL;
}

void vm_destroy(vm *v) {
    if (!v)
        return;
    for (uint32_t i = 0; i < v->nprocs; i++) {
        if (v->procs[i].pg)
            pager_free(v->procs[i].pg);
        free(v->procs[i].pg);
        free(v->procs[i].slot_frame);
        free(v->procs[i].future);
        free(v->procs[i].wring);
    }
    for (int c = 0; c < MACHINE_MAX_CPUS; c++)
        tlb_free(&v->cpu[c].tl);
    mmu_free(&v->mm);
    pager_free(&v->gpg);
    pager_bits_free(&v->free);
    vm_ws_free(&v->ws);
    free(v->frame_pid);
    free(v->frame_slot);
    free(v->models);
    free(v->procs);
    free(v->waiters);
    free(v->locals);
    free(v);
}

static void proc_clone(clone_ctx *cx, vm_proc *dst, const vm_proc *src) {
    *dst = *src;
    if (src->pg) { /* local replacement: its own pager, a slot per frame it was given */
        dst->pg = clone_zalloc(cx, sizeof *dst->pg);
        if (dst->pg)
            pager_clone(cx, dst->pg, src->pg);
        dst->slot_frame =
            clone_dup(cx, src->slot_frame, src->pg->nframes * sizeof *src->slot_frame);
    }
    dst->wring = clone_dup(cx, src->wring, src->wcap * sizeof *src->wring); /* a ring */
    dst->future = clone_dup(cx, src->future, src->nfuture * sizeof *src->future);
}

vm *vm_clone(clone_ctx *cx, const vm *v) {
    vm *d = clone_dup(cx, v, sizeof *v);
    if (!d)
        return NULL;
    mmu_clone(cx, &d->mm, &v->mm);
    pager_clone(cx, &d->gpg, &v->gpg);
    pager_bits_clone(cx, &d->free, &v->free);
    d->frame_pid = clone_dup(cx, v->frame_pid, v->cfg.frames * sizeof *v->frame_pid);
    d->frame_slot = clone_dup(cx, v->frame_slot, v->cfg.frames * sizeof *v->frame_slot);
    d->models = clone_dup(cx, v->models, v->nmodels * sizeof *v->models);
    d->procs = clone_dup(cx, v->procs, v->nprocs * sizeof *v->procs);
    for (uint32_t i = 0; d->procs && i < v->nprocs; i++)
        proc_clone(cx, &d->procs[i], &v->procs[i]);
    d->waiters = clone_dup(cx, v->waiters, v->nwaiters * sizeof *v->waiters);
    d->waiters_cap = v->nwaiters; /* lists as far as in use: grow_pids grows them again */
    d->locals = clone_dup(cx, v->locals, v->nlocals * sizeof *v->locals);
    d->locals_cap = v->nlocals;
    for (int c = 0; c < MACHINE_MAX_CPUS; c++)
        tlb_clone(cx, &d->cpu[c].tl, &v->cpu[c].tl);
    vm_ws_clone(cx, &d->ws, &v->ws);
    return d;
}

int vm_attach(machine *m, const vm_config *cfg, char *err, size_t errlen) {
    const char *bad = config_error(cfg);
    if (bad)
        return fail(err, errlen, "%s", bad);
    vm *v = calloc(1, sizeof *v);
    if (!v)
        return fail(err, errlen, "memory: out of memory");
    v->cfg = *cfg;
    if (v->cfg.quota == 0)
        v->cfg.quota = cfg->frames / 4 ? cfg->frames / 4 : 1;
    v->gpg.head = v->gpg.tail = -1;
    v->thrash_first = -1;
    bool ok = mmu_tables_init(&v->mm, cfg->levels, cfg->page_size) == 0;
    if (ok && cfg->local) {
        ok = pager_bits_init(&v->free, cfg->frames, true) == 0;
        v->nfree = cfg->frames;
    } else if (ok) {
        ok = pager_init(&v->gpg, cfg->policy, cfg->frames, cfg->nru_period) == 0;
    }
    v->frame_pid = malloc(cfg->frames * sizeof *v->frame_pid);
    v->frame_slot = calloc(cfg->frames, sizeof *v->frame_slot);
    ok = ok && v->frame_pid && v->frame_slot;
    for (int c = 0; ok && c < MACHINE_MAX_CPUS; c++) {
        v->cpu[c].owner = -1;
        v->cpu[c].last.pid = -1;
        ok = tlb_init(&v->cpu[c].tl, c < m->ncpus ? cfg->tlb_entries : 0) == 0;
    }
    if (!ok) {
        vm_destroy(v);
        return fail(err, errlen, "memory: out of memory");
    }
    for (uint32_t f = 0; f < cfg->frames; f++)
        v->frame_pid[f] = -1;
    v->last_fault.pid = -1;
    v->ws.free_node = -1;
    vm_destroy(m->vm);
    m->vm = v;
    return 0;
}

int vm_set_model(machine *m, uint32_t prog, const vm_model *md, char *err, size_t errlen) {
    vm *v = m->vm;
    if (!v)
        return fail(err, errlen, "memory model: the machine has no memory");
    if (prog >= m->nprogs)
        return fail(err, errlen, "memory model: no program %u", prog);
    char why[120];
    if (vm_model_check(md, v->cfg.page_size, why, sizeof why) != 0)
        return fail(err, errlen, "memory model: %s", why);
    if (prog >= v->nmodels) {
        vm_model *nm = realloc(v->models, m->nprogs * sizeof *nm);
        if (!nm)
            return fail(err, errlen, "memory model: out of memory");
        memset(nm + v->nmodels, 0, (m->nprogs - v->nmodels) * sizeof *nm);
        v->models = nm;
        v->nmodels = m->nprogs;
    }
    v->models[prog] = *md;
    return 0;
}

/* ---- per-process state ---------------------------------------------------------------- */

/* The process's memory state, or NULL (no such process). vget grows the
 * table, so earlier vm_proc pointers die; vfind never does. */
static vm_proc *vfind(vm *v, const machine *m, int32_t pid) {
    int64_t i = (int64_t)pid - m->pid_base;
    return i >= 0 && i < v->nprocs ? &v->procs[i] : NULL;
}

static vm_proc *vget(vm *v, const machine *m, int32_t pid) {
    int64_t i = (int64_t)pid - m->pid_base;
    if (i < 0 || i >= m->nprocs)
        return NULL;
    if (i >= v->nprocs) {
        uint32_t n = m->nprocs;
        vm_proc *np = realloc(v->procs, n * sizeof *np);
        if (!np)
            return NULL;
        memset(np + v->nprocs, 0, (n - v->nprocs) * sizeof *np);
        for (uint32_t k = v->nprocs; k < n; k++)
            np[k].pinned = -1;
        v->procs = np;
        v->nprocs = n;
    }
    return &v->procs[i];
}

vm_proc *vm_proc_of(vm *v, const machine *m, int32_t pid) {
    return vget(v, m, pid);
}

static const vm_model *model_of(const vm *v, uint32_t prog) {
    return prog < v->nmodels && v->models[prog].pages ? &v->models[prog] : NULL;
}

const vm_model *vm_model_of(const machine *m, uint32_t prog) {
    return m->vm ? model_of(m->vm, prog) : NULL;
}

static void emit(machine *m, int kind, int cpu, int32_t pid, int64_t a, int64_t b, int64_t c) {
    evlog_emit(&m->log, m->tick, kind, cpu, pid, a, b, c);
}

/* opt: the process's whole reference string (its program's READ/WRITE steps
 * and a copy of its generator as seeded, run ahead), first VM_OPT_MAX
 * references. */
uint32_t *vm_future_refs(const vm *v, const machine *m, const proc *p, const vm_proc *vp,
                         uint32_t *count) {
    const program *pr = &m->progs[p->prog];
    const vm_model *md = model_of(v, p->prog);
    uint64_t n = 0;
    *count = 0;
    for (uint32_t i = 0; i < pr->nsteps; i++) {
        const prog_step *s = &pr->steps[i];
        if (s->kind == STEP_READ || s->kind == STEP_WRITE)
            n++;
        else if (s->kind == STEP_RUN && md)
            n += s->n;
    }
    if (n > VM_OPT_MAX)
        n = VM_OPT_MAX;
    uint32_t *vpns = n ? malloc(n * sizeof *vpns) : NULL;
    if (!vpns)
        return NULL;
    vm_gen g = vp->gen0;
    uint32_t k = 0;
    for (uint32_t i = 0; i < pr->nsteps && k < n; i++) {
        const prog_step *s = &pr->steps[i];
        if (s->kind == STEP_READ || s->kind == STEP_WRITE) {
            vpns[k++] = s->n >> v->mm.page_shift;
        } else if (s->kind == STEP_RUN && md) {
            for (uint32_t j = 0; j < s->n && k < n; j++) {
                uint32_t addr;
                bool w;
                vm_gen_next(&g, md, v->mm.page_shift, &addr, &w);
                vpns[k++] = addr >> v->mm.page_shift;
            }
        }
    }
    *count = (uint32_t)n;
    return vpns;
}

void vm_build_future(vm *v, const machine *m, const proc *p, vm_proc *vp) {
    uint32_t n;
    uint32_t *vpns = vm_future_refs(v, m, p, vp, &n);
    free(vp->future);
    vp->future = vpns ? malloc(n * sizeof *vp->future) : NULL;
    vp->nfuture = 0;
    if (vp->future && pager_next_uses(vpns, n, vp->future) == 0) {
        vp->nfuture = n;
    } else {
        free(vp->future); /* out of memory (or no references): opt sees no future for it */
        vp->future = NULL;
    }
    free(vpns);
}

static void proc_start(vm *v, machine *m, const proc *p, vm_proc *vp) {
    vp->started = true;
    if (model_of(v, p->prog)) {
        vm_gen_seed(&vp->gen, &m->rng);
        vp->gen0 = vp->gen;
        vp->has_gen = true;
    }
    if (v->cfg.policy == PAGER_OPT)
        vm_build_future(v, m, p, vp);
}

/* opt's key for the reference about to complete: now + the distance, in the
 * owner's references, to the next use of the page. */
static uint64_t next_use(const vm_proc *vp, uint64_t now) {
    if (!vp->future || vp->idx >= vp->nfuture || vp->future[vp->idx] == UINT32_MAX)
        return PAGER_NEVER;
    return now + (vp->future[vp->idx] - vp->idx);
}

/* The reference of this tick: the pending one (a retry) or a new one. */
static bool take_ref(vm *v, const machine *m, const proc *p, vm_proc *vp) {
    if (vp->pending)
        return true;
    const prog_step *s = &m->progs[p->prog].steps[p->pc];
    if (s->kind == STEP_READ || s->kind == STEP_WRITE) {
        vp->pend_vaddr = s->n;
        vp->pend_write = s->kind == STEP_WRITE;
    } else if (s->kind == STEP_RUN && vp->has_gen) {
        vm_gen_next(&vp->gen, model_of(v, p->prog), v->mm.page_shift, &vp->pend_vaddr,
                    &vp->pend_write);
    } else {
        return false;
    }
    vp->pending = true;
    vp->pend_faulted = false;
    return true;
}

/* ---- frames ---------------------------------------------------------------------------- */

static pager *pager_for(vm *v, vm_proc *vp) {
    return v->cfg.local ? vp->pg : &v->gpg;
}

/* The physical frame of a pager slot, and back. */
static uint32_t slot_to_frame(const vm *v, const vm_proc *vp, uint32_t slot) {
    return v->cfg.local ? vp->slot_frame[slot] : slot;
}

static uint32_t frame_to_slot(const vm *v, uint32_t frame) {
    return v->cfg.local ? v->frame_slot[frame] : frame;
}

static bool grow_pids(int32_t **buf, uint32_t *cap, uint32_t need) {
    if (need <= *cap)
        return true;
    uint32_t n = *cap ? *cap * 2 : 8;
    int32_t *nb = realloc(*buf, n * sizeof *nb);
    if (!nb)
        return false;
    *buf = nb;
    *cap = n;
    return true;
}

/* Local replacement: gives pid its frames, min(quota, free), the lowest free. */
static int local_alloc(vm *v, machine *m, int32_t pid, vm_proc *vp) {
    uint32_t q = v->cfg.quota < v->nfree ? v->cfg.quota : v->nfree;
    if (q == 0 || !grow_pids(&v->locals, &v->locals_cap, v->nlocals + 1))
        return -1;
    vp->pg = calloc(1, sizeof *vp->pg);
    vp->slot_frame = malloc(q * sizeof *vp->slot_frame);
    if (!vp->pg || !vp->slot_frame ||
        pager_init(vp->pg, v->cfg.policy, q, v->cfg.nru_period) != 0) {
        free(vp->pg);
        free(vp->slot_frame);
        vp->pg = NULL;
        vp->slot_frame = NULL;
        return -1;
    }
    for (uint32_t s = 0; s < q; s++) {
        uint32_t f = (uint32_t)pager_bits_next(&v->free, 0);
        pager_bits_clear(&v->free, f);
        vp->slot_frame[s] = f;
        v->frame_slot[f] = s;
        v->frame_pid[f] = pid;
    }
    v->nfree -= q;
    v->locals[v->nlocals++] = pid;
    emit(m, EV_VM_LOCAL, -1, pid, q, v->cfg.quota, vp->slot_frame[0]);
    return 0;
}

/* The victim leaves memory: its PTE is cleared (a dirty page goes to swap)
 * and every CPU drops its TLB entry. */
static void evict(vm *v, machine *m, int32_t vpid, uint32_t vvpn, bool dirty) {
    mmu_pte *pte = mmu_pte_at(&v->mm, (uint32_t)vpid, vvpn);
    if (pte) {
        if (dirty && !(*pte & VM_PTE_SWAPPED))
            v->swap_pages++;
        *pte &= 0xfffu & ~(MMU_PTE_PRESENT | MMU_PTE_DIRTY | MMU_PTE_REFERENCED | VM_PTE_LOADING);
        if (dirty)
            *pte |= VM_PTE_SWAPPED;
    }
    vm_proc *o = vfind(v, m, vpid);
    if (o && o->resident)
        o->resident--;
    v->evictions++;
    if (dirty)
        v->writebacks++;
    for (int c = 0; c < m->ncpus; c++) {
        if (tlb_invalidate(&v->cpu[c].tl, (uint32_t)vpid, vvpn))
            emit(m, EV_VM_TLB_SHOOT, c, vpid, vvpn, 0, 0);
    }
}

static vm_status wait_for_frame(vm *v, machine *m, int c, int32_t pid, vm_proc *vp, uint32_t vpn,
                                int why, uint64_t *wake_at) {
    if (!grow_pids(&v->waiters, &v->waiters_cap, v->nwaiters + 1)) {
        *wake_at = m->tick + 1; /* out of memory: it tries again next tick */
        return VM_REF_FAULT;
    }
    v->waiters[v->nwaiters++] = pid;
    vp->waiting = true;
    emit(m, EV_VM_WAIT, c, pid, vpn, why, 0);
    return VM_REF_WAIT;
}

static vm_status page_fault(vm *v, machine *m, int c, int32_t pid, vm_proc *vp, mmu_pte *pte,
                            uint32_t vpn, uint64_t *wake_at) {
    bool write = vp->pend_write;
    uint64_t now = m->tick;
    if (v->cfg.local && !vp->pg && local_alloc(v, m, pid, vp) != 0)
        return wait_for_frame(v, m, c, pid, vp, vpn, 1, wake_at);
    pager *pg = pager_for(v, vp);
    if (!pager_has_victim(pg))
        return wait_for_frame(v, m, c, pid, vp, vpn, 0, wake_at);
    pager_ref ref = {.owner = (uint32_t)pid,
                     .page = vpn,
                     .write = write,
                     .now = now,
                     .next_use = next_use(vp, now)};
    pager_result pr;
    pager_fault(pg, &ref, &m->rng, NULL, &pr);
    uint32_t frame = slot_to_frame(v, vp, pr.frame);
    bool swapped = *pte & VM_PTE_SWAPPED;
    if (pr.evicted && (v->cfg.policy == PAGER_CLOCK || v->cfg.policy == PAGER_SECOND_CHANCE))
        emit(m, EV_VM_SWEEP, c, pid, pr.swept, frame, v->cfg.policy);
    emit(m, EV_VM_FAULT, c, pid,
         (int64_t)vpn | (int64_t)write << 32 | (int64_t)pr.evicted << 33 |
             (int64_t)pr.writeback << 34 | (int64_t)swapped << 35,
         frame, pr.evicted ? (int64_t)pr.victim_owner << 32 | (int64_t)pr.victim_page : 0);
    if (pr.evicted)
        evict(v, m, (int32_t)pr.victim_owner, (uint32_t)pr.victim_page, pr.writeback);
    if (pr.evicted && m->caches) /* caches hook: the victim's lines go (mcache.h) */
        mcache_frame_lost(m, frame, (int32_t)pr.victim_owner, true);
    if (!pr.evicted)
        v->frames_used++;
    v->frame_pid[frame] = pid;
    pager_pin(pg, pr.frame);
    vp->pinned = (int32_t)frame;
    /* The victim's PTE was another entry (or this process's other page): the
     * table pages did not move, so pte is still good. */
    *pte = (*pte & 0xfffu & ~(MMU_PTE_PRESENT | MMU_PTE_DIRTY | MMU_PTE_REFERENCED)) |
           frame << MMU_PTE_FRAME_SHIFT | VM_PTE_LOADING;
    vp->resident++;
    uint32_t wb = pr.writeback ? v->cfg.writeback_time : 0;
    *wake_at = now + 1 + wb + v->cfg.fault_time;
    v->faults++;
    vp->faults++;
    v->cur_faults++;
    vp->pend_faulted = true;
    v->last_fault = (vm_fault_info){.tick = now,
                                    .pid = pid,
                                    .vpn = vpn,
                                    .frame = frame,
                                    .write = write,
                                    .evicted = pr.evicted,
                                    .dirty = pr.writeback,
                                    .victim_pid = pr.evicted ? (int32_t)pr.victim_owner : -1,
                                    .victim_vpn = (uint32_t)pr.victim_page,
                                    .ready_at = *wake_at};
    v->cpu[c].last.frame = frame;
    emit(m, EV_VM_BLOCK, c, pid, vpn, (int64_t)*wake_at,
         (int64_t)v->cfg.fault_time | (int64_t)wb << 32);
    return VM_REF_FAULT;
}

/* The page is present: the reference completes. */
static void complete(vm *v, machine *m, int c, int32_t pid, vm_proc *vp, mmu_pte *pte,
                     const mmu_result *x, bool tlb_hit) {
    uint64_t now = m->tick;
    bool write = vp->pend_write;
    uint32_t frame = MMU_PTE_FRAME(*pte);
    pager_ref ref = {.owner = (uint32_t)pid,
                     .page = x->vpn,
                     .write = write,
                     .now = now,
                     .next_use = next_use(vp, now)};
    if (*pte & VM_PTE_SHARED) {
        /* shared memory (vm_share.c): a pinned frame outside every policy */
    } else if (vp->pinned == (int32_t)frame) { /* the retry after a page-in */
        pager_unpin(pager_for(v, vp), frame_to_slot(v, frame), &ref);
        vp->pinned = -1;
    } else {
        pager_touch(pager_for(v, vp), frame_to_slot(v, frame), &ref, NULL);
    }
    *pte |= MMU_PTE_REFERENCED | (write ? MMU_PTE_DIRTY : 0);
    if (!tlb_hit && v->cfg.tlb_entries) {
        uint32_t op;
        uint64_t ov;
        tlb_insert(&v->cpu[c].tl, (uint32_t)pid, x->vpn, frame, &op, &ov);
    }
    uint64_t paddr = (uint64_t)frame * v->cfg.page_size + x->offset;
    vm_lookup *lk = &v->cpu[c].last;
    lk->frame = frame;
    lk->paddr = paddr;
    v->refs++;
    vp->refs++;
    vp->idx++;
    vp->pending = false;
    vm_ws_note(v, vp, pid, x->vpn, vp->pend_faulted);
    if (v->cfg.trace_refs)
        emit(m, EV_VM_REF, c, pid, x->vaddr, (int64_t)paddr,
             (int64_t)frame | (int64_t)write << 32 | (int64_t)tlb_hit << 33);
    if (m->caches) /* caches hook: the reference goes to CPU c's cache (mcache.h) */
        mcache_ref(m, c, pid, write, paddr);
}

vm_status vm_cpu_ref(machine *m, int c, proc *p, uint64_t *wake_at) {
    vm *v = m->vm;
    vm_cpu *cpu = &v->cpu[c];
    int32_t pid = p->pid;
    *wake_at = 0;
    if (!v->cfg.tlb_tagged && cpu->owner != pid) {
        uint32_t n = tlb_flush(&cpu->tl);
        if (n)
            emit(m, EV_VM_TLB_FLUSH, c, pid, n, cpu->owner, 0);
        cpu->owner = pid;
    }
    vm_proc *vp = vget(v, m, pid);
    if (!vp)
        return VM_REF_DONE;
    if (!vp->started)
        proc_start(v, m, p, vp);
    if (!take_ref(v, m, p, vp))
        return VM_REF_DONE;
    mmu_result x;
    mmu_split(&v->mm, vp->pend_vaddr, &x);
    cpu->last = (vm_lookup){.tick = m->tick,
                            .pid = pid,
                            .vaddr = x.vaddr,
                            .vpn = x.vpn,
                            .dir = x.dir,
                            .table = x.table,
                            .offset = x.offset,
                            .write = vp->pend_write};
    uint32_t frame = 0;
    bool hit = v->cfg.tlb_entries && tlb_lookup(&cpu->tl, (uint32_t)pid, x.vpn, &frame);
    if (v->cfg.tlb_entries) {
        *(hit ? &v->tlb_hits : &v->tlb_misses) += 1;
        *(hit ? &vp->tlb_hits : &vp->tlb_misses) += 1;
    }
    cpu->last.tlb_hit = hit;
    bool alloc;
    mmu_pte *pte = mmu_pte_walk(&v->mm, (uint32_t)pid, x.vpn, &alloc);
    if (!pte) {
        vp->pending = false;
        emit(m, EV_VM_NOSPACE, c, pid, x.vaddr, 0, 0);
        return VM_REF_DONE;
    }
    if (alloc && v->mm.levels == 2)
        emit(m, EV_VM_PT_ALLOC, c, pid, x.dir, mmu_table_pages(&v->mm, (uint32_t)pid), 0);
    if (!(*pte & MMU_PTE_VALID))
        *pte |= MMU_PTE_VALID | MMU_PTE_READ | MMU_PTE_WRITE; /* demand-zero page */
    if (*pte & MMU_PTE_PRESENT) {
        complete(v, m, c, pid, vp, pte, &x, hit);
        return VM_REF_DONE;
    }
    cpu->last.fault = true;
    return page_fault(v, m, c, pid, vp, pte, x.vpn, wake_at);
}

void vm_fault_done(machine *m, proc *p) {
    vm *v = m->vm;
    vm_proc *vp = vfind(v, m, p->pid);
    if (!vp || !vp->pending)
        return;
    uint32_t vpn = vp->pend_vaddr >> v->mm.page_shift;
    mmu_pte *pte = mmu_pte_at(&v->mm, (uint32_t)p->pid, vpn);
    if (!pte || !(*pte & VM_PTE_LOADING))
        return;
    *pte = (*pte & ~VM_PTE_LOADING) | MMU_PTE_PRESENT;
    emit(m, EV_VM_READY, -1, p->pid, vpn, MMU_PTE_FRAME(*pte), p->level);
}

/* ---- ticks and exits ------------------------------------------------------------------- */

static bool frame_available(const vm *v) {
    return v->cfg.local ? v->nfree > 0 : pager_has_victim(&v->gpg);
}

void vm_tick_begin(machine *m, void (*wake)(machine *m, int32_t pid)) {
    vm *v = m->vm;
    uint64_t t = m->tick;
    if (v->cfg.policy == PAGER_NRU && t > 0 && t % v->cfg.nru_period == 0) {
        uint32_t n = 0;
        if (v->cfg.local) {
            for (uint32_t i = 0; i < v->nlocals; i++)
                n += pager_nru_advance(vfind(v, m, v->locals[i])->pg, t);
        } else {
            n = pager_nru_advance(&v->gpg, t);
        }
        emit(m, EV_VM_NRU_CLEAR, -1, -1, n, v->cfg.nru_period, 0);
    }
    if (v->nwaiters == 0 || !frame_available(v))
        return;
    /* All of them retry, in the order they began to wait; one that still
     * finds no frame waits again. */
    uint32_t n = v->nwaiters;
    v->nwaiters = 0;
    for (uint32_t i = 0; i < n; i++) {
        int32_t pid = v->waiters[i];
        vm_proc *vp = vfind(v, m, pid);
        if (!vp || !vp->waiting)
            continue;
        vp->waiting = false;
        emit(m, EV_VM_WAKE, -1, pid, vp->pend_vaddr >> v->mm.page_shift, 0, 0);
        wake(m, pid);
    }
}

void vm_proc_exit(machine *m, int32_t pid) {
    vm *v = m->vm;
    vm_proc *vp = vfind(v, m, pid);
    if (!vp || vp->exited)
        return;
    vp->exited = true;
    if (vp->waiting) {
        for (uint32_t i = 0; i < v->nwaiters; i++) {
            if (v->waiters[i] == pid) {
                memmove(&v->waiters[i], &v->waiters[i + 1],
                        (v->nwaiters - i - 1) * sizeof *v->waiters);
                v->nwaiters--;
                break;
            }
        }
        vp->waiting = false;
    }
    vm_ws_drop(v, vp, pid);
    /* Its page table: frames held (global) and swap copies. */
    uint32_t freed = 0, swap = 0;
    const mmu_space *sp = (uint32_t)pid < v->mm.nspaces ? &v->mm.spaces[pid] : NULL;
    size_t n = sp && sp->active ? (size_t)sp->ntables << v->mm.table_bits : 0;
    for (size_t i = 0; i < n; i++) {
        mmu_pte e = sp->tables[i];
        if (e & VM_PTE_SWAPPED)
            swap++;
        if (!(e & (MMU_PTE_PRESENT | VM_PTE_LOADING)) || (e & VM_PTE_SHARED))
            continue; /* shared memory: the segment keeps its frames */
        uint32_t f = MMU_PTE_FRAME(e);
        freed++;
        if (m->caches && (e & MMU_PTE_PRESENT)) /* caches hook: its lines go (mcache.h) */
            mcache_frame_lost(m, f, pid, false);
        if (!v->cfg.local) {
            pager_release(&v->gpg, f);
            v->frame_pid[f] = -1;
        }
    }
    if (v->cfg.local && vp->pg) {
        for (uint32_t s = 0; s < vp->pg->nframes; s++) {
            uint32_t f = vp->slot_frame[s];
            pager_bits_set(&v->free, f);
            v->frame_pid[f] = -1;
        }
        v->nfree += vp->pg->nframes;
        pager_free(vp->pg);
        free(vp->pg);
        free(vp->slot_frame);
        vp->pg = NULL;
        vp->slot_frame = NULL;
        for (uint32_t i = 0; i < v->nlocals; i++) {
            if (v->locals[i] == pid) {
                v->locals[i] = v->locals[--v->nlocals];
                break;
            }
        }
    }
    v->frames_used -= freed;
    v->swap_pages -= swap;
    for (int c = 0; c < m->ncpus; c++)
        tlb_flush_pid(&v->cpu[c].tl, (uint32_t)pid);
    vp->exit_tables = mmu_table_pages(&v->mm, (uint32_t)pid);
    mmu_space_destroy(&v->mm, (uint32_t)pid); /* its own pager is empty: frees nothing */
    free(vp->future);
    vp->future = NULL;
    vp->nfuture = 0;
    vp->pending = false;
    vp->pinned = -1;
    vp->resident = 0;
    if (freed || swap)
        emit(m, EV_VM_FREE, -1, pid, freed, swap, 0);
}
