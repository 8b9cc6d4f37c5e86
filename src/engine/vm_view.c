/* vm_view: read-only views of the machine's memory for the memory pane (and
 * tests). Nothing here changes the machine; a pane calls these each frame. */
#include <string.h>

#include "vm.h"

const vm *vm_of(const machine *m) {
    return m->vm;
}

static const vm_proc *vproc_c(const vm *v, const machine *m, int32_t pid) {
    int64_t i = (int64_t)pid - m->pid_base;
    return i >= 0 && i < v->nprocs ? &v->procs[i] : NULL;
}

void vm_frame_get(const machine *m, uint32_t frame, vm_frame_view *out) {
    const vm *v = m->vm;
    memset(out, 0, sizeof *out);
    out->pid = -1;
    if (!v || frame >= v->cfg.frames)
        return;
    out->pid = v->frame_pid[frame];
    if (out->pid == VM_FRAME_SHARED) { /* a shared segment's: resident and pinned for good */
        for (uint32_t i = 0; i < v->nsegs; i++) {
            const vm_segment *sg = &v->segs[i];
            if (frame - sg->frame < sg->pages)
                out->vpn = (sg->base >> v->mm.page_shift) + (frame - sg->frame);
        }
        out->pid = -1;
        out->used = out->pinned = out->shared = true;
        return;
    }
    const pager *pg = &v->gpg;
    uint32_t slot = frame;
    if (v->cfg.local) {
        /* A local frame belongs to its owner's pager, at its slot there. */
        const vm_proc *vp = out->pid >= 0 ? vproc_c(v, m, out->pid) : NULL;
        if (!vp || !vp->pg)
            return;
        pg = vp->pg;
        slot = v->frame_slot[frame];
    }
    const pager_frame *fr = &pg->frames[slot];
    if (!fr->used)
        return;
    out->pid = (int32_t)fr->owner;
    out->used = true;
    out->vpn = (uint32_t)fr->page;
    out->dirty = fr->dirty;
    out->referenced = fr->ref;
    out->pinned = fr->pinned;
    mmu_pte e = mmu_pte_get(&v->mm, fr->owner, out->vpn);
    out->loading = (e & VM_PTE_LOADING) != 0;
}

static void pte_view(const vm *v, uint32_t vpn, mmu_pte e, vm_pte_view *o) {
    mmu_result x;
    mmu_split(&v->mm, vpn << v->mm.page_shift, &x);
    *o = (vm_pte_view){.vpn = vpn,
                       .dir = x.dir,
                       .table = x.table,
                       .pte = e,
                       .present = (e & MMU_PTE_PRESENT) != 0,
                       .loading = (e & VM_PTE_LOADING) != 0,
                       .dirty = (e & MMU_PTE_DIRTY) != 0,
                       .referenced = (e & MMU_PTE_REFERENCED) != 0,
                       .writable = (e & MMU_PTE_WRITE) != 0,
                       .swapped = (e & VM_PTE_SWAPPED) != 0,
                       .shared = (e & VM_PTE_SHARED) != 0};
    if (o->present || o->loading)
        o->frame = MMU_PTE_FRAME(e);
}

static const mmu_space *space_of(const vm *v, int32_t pid) {
    if (pid < 0 || (uint32_t)pid >= v->mm.nspaces || !v->mm.spaces[pid].active)
        return NULL;
    return &v->mm.spaces[pid];
}

uint32_t vm_page_table(const machine *m, int32_t pid, uint32_t first, vm_pte_view *out,
                       uint32_t max) {
    const vm *v = m->vm;
    const mmu_space *sp = v ? space_of(v, pid) : NULL;
    if (!sp)
        return 0;
    uint32_t per = 1u << v->mm.table_bits, ndir = 1u << v->mm.dir_bits, k = 0;
    for (uint32_t d = first >> v->mm.table_bits; d < ndir && k < max; d++) {
        if (sp->dir[d] < 0)
            continue;
        const mmu_pte *t = &sp->tables[(size_t)sp->dir[d] * per];
        for (uint32_t i = 0; i < per && k < max; i++) {
            uint32_t vpn = d << v->mm.table_bits | i;
            if (vpn >= first && (t[i] & MMU_PTE_VALID))
                pte_view(v, vpn, t[i], &out[k++]);
        }
    }
    return k;
}

uint32_t vm_page_dirs(const machine *m, int32_t pid, uint32_t *dirs, uint32_t max) {
    const vm *v = m->vm;
    const mmu_space *sp = v ? space_of(v, pid) : NULL;
    if (!sp || v->mm.levels != 2)
        return 0;
    uint32_t k = 0;
    for (uint32_t d = 0; d < (1u << v->mm.dir_bits) && k < max; d++) {
        if (sp->dir[d] >= 0)
            dirs[k++] = d;
    }
    return k;
}

uint32_t vm_tlb_get(const machine *m, int c, vm_tlb_view *out, uint32_t max) {
    const vm *v = m->vm;
    if (!v || c < 0 || c >= m->ncpus)
        return 0;
    const tlb *t = &v->cpu[c].tl;
    uint32_t k = 0;
    for (int32_t i = t->mru; i >= 0 && k < max; i = t->e[i].prev)
        out[k++] = (vm_tlb_view){(int32_t)t->e[i].pid, (uint32_t)t->e[i].vpn, t->e[i].frame};
    return k;
}

const vm_lookup *vm_last_lookup(const machine *m, int c) {
    return m->vm && c >= 0 && c < m->ncpus ? &m->vm->cpu[c].last : NULL;
}

const vm_fault_info *vm_last_fault(const machine *m) {
    return m->vm ? &m->vm->last_fault : NULL;
}

void vm_proc_get(const machine *m, int32_t pid, vm_proc_view *out) {
    const vm *v = m->vm;
    memset(out, 0, sizeof *out);
    const vm_proc *vp = v ? vproc_c(v, m, pid) : NULL;
    if (!vp)
        return;
    out->has_memory = space_of(v, pid) != NULL;
    out->waiting = vp->waiting;
    out->resident = vp->resident;
    out->ws = vp->ws;
    out->table_pages = vp->exited ? vp->exit_tables : mmu_table_pages(&v->mm, (uint32_t)pid);
    out->quota = vp->pg ? vp->pg->nframes : 0;
    out->refs = vp->refs;
    out->faults = vp->faults;
    out->tlb_hits = vp->tlb_hits;
    out->tlb_misses = vp->tlb_misses;
}

void vm_stats_get(const machine *m, vm_stats *out) {
    const vm *v = m->vm;
    memset(out, 0, sizeof *out);
    if (!v)
        return;
    *out = (vm_stats){.frames = v->cfg.frames,
                      .frames_used = v->frames_used,
                      .swap_pages = v->swap_pages,
                      .refs = v->refs,
                      .faults = v->faults,
                      .tlb_hits = v->tlb_hits,
                      .tlb_misses = v->tlb_misses,
                      .evictions = v->evictions,
                      .writebacks = v->writebacks,
                      .window = v->cfg.window,
                      .ws_total = v->ws_total,
                      .thrash_episodes = v->thrash_episodes,
                      .thrash_first = v->thrash_first,
                      .thrashing = v->thrashing};
    if (v->win_len)
        out->fault_rate = (double)v->win_faulted / (double)v->win_len;
}

void vm_fault_history(const machine *m, uint32_t *out, uint32_t n) {
    const vm *v = m->vm;
    uint64_t now = m->tick;
    if (n > VM_HIST)
        n = VM_HIST;
    if (!v) {
        memset(out, 0, n * sizeof *out);
        return;
    }
    /* Ticks now-n .. now-1 (the last complete ones). */
    for (uint32_t i = 0; i < n; i++) {
        uint64_t back = n - i;
        out[i] = back <= now ? v->hist_faults[(now - back) % VM_HIST] : 0;
    }
}
