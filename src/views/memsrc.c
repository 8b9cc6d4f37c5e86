#include "memsrc.h"

#include <string.h>

static bool uses_ref_bits(pager_policy p) {
    return p == PAGER_CLOCK || p == PAGER_SECOND_CHANCE || p == PAGER_NRU;
}

/* The quick modes' newest reference and newest fault, from the log. One
 * reference per tick, so the events of the newest reference are those of
 * its tick. */
static void scan_log(memsrc *s) {
    const evlog *log = &s->m->log;
    uint64_t first = evlog_first(log), end = evlog_end(log);
    if (end - first > MEMSRC_SCAN)
        first = end - MEMSRC_SCAN;
    memsrc_lookup *l = &s->look;
    memsrc_fault *f = &s->fault;
    for (uint64_t seq = end; seq > first; seq--) {
        const event *e = evlog_get(log, seq - 1);
        if (!e)
            break;
        if (l->have && f->have && e->tick < l->tick && e->tick < f->tick)
            break;
        bool ref = e->kind == EV_MEM_TRANSLATE || e->kind == EV_MEM_PROT ||
                   (s->kind == MEMSRC_PAGING && (e->kind == EV_MEM_HIT || e->kind == EV_MEM_FAULT));
        if (!l->have && ref) {
            l->have = true;
            l->tick = e->tick;
            l->cpu = s->kind == MEMSRC_TRANSLATE ? 0 : -1;
            l->pid = s->kind == MEMSRC_TRANSLATE ? e->pid : -1;
        }
        if (l->have && e->tick == l->tick) {
            switch (e->kind) {
                case EV_MEM_TRANSLATE:
                    l->addr = l->mapped = true;
                    l->vaddr = (uint32_t)e->a;
                    l->paddr = (uint64_t)e->b;
                    l->frame = (uint32_t)(e->c & 0xffffffff);
                    l->write = (e->c >> 32 & 1) != 0;
                    break;
                case EV_MEM_PROT:
                    l->addr = l->prot = true;
                    l->vaddr = (uint32_t)e->a;
                    l->write = e->c != 0;
                    break;
                case EV_MEM_HIT:
                    l->vpn = (uint32_t)e->a;
                    l->frame = (uint32_t)e->b;
                    l->mapped = true;
                    l->write = e->c != 0;
                    break;
                case EV_MEM_FAULT:
                    l->fault = true;
                    if (s->kind == MEMSRC_PAGING) {
                        l->vpn = (uint32_t)e->a;
                        l->frame = (uint32_t)e->b;
                        l->mapped = true;
                        l->write = (e->c & 1) != 0;
                    }
                    break;
                case EV_MEM_TLB_HIT: l->tlb = l->tlb_hit = true; break;
                case EV_MEM_TLB_MISS: l->tlb = true; break;
                default: break;
            }
        }
        if (!f->have && e->kind == EV_MEM_FAULT) {
            f->have = true;
            f->tick = e->tick;
            f->pid = s->kind == MEMSRC_PAGING ? -1 : e->pid;
            f->vpn = (uint32_t)e->a;
            f->frame = (uint32_t)e->b;
            f->write = (e->c & 1) != 0;
            f->evicted = (e->c & 2) != 0;
            f->victim_pid = -1;
        } else if (f->have && e->tick == f->tick && e->kind == EV_MEM_EVICT) {
            f->victim_pid = s->kind == MEMSRC_PAGING ? -1 : e->pid;
            f->victim_vpn = (uint32_t)e->a;
            f->dirty = (e->c & 1) != 0;
        }
    }
    if (l->addr && s->mm) {
        mmu_result x;
        mmu_split(s->mm, l->vaddr, &x);
        l->vpn = x.vpn;
        l->dir = x.dir;
        l->table = x.table;
        l->offset = x.offset;
    }
}

static void vm_lookup_to(const vm_lookup *x, int c, memsrc_lookup *out) {
    memset(out, 0, sizeof *out);
    if (!x || x->pid < 0)
        return;
    *out = (memsrc_lookup){.have = true,
                           .tick = x->tick,
                           .cpu = c,
                           .pid = x->pid,
                           .addr = true,
                           .vaddr = x->vaddr,
                           .vpn = x->vpn,
                           .dir = x->dir,
                           .table = x->table,
                           .offset = x->offset,
                           .write = x->write,
                           .tlb = true,
                           .tlb_hit = x->tlb_hit,
                           .fault = x->fault,
                           .mapped = !x->fault,
                           .frame = x->frame,
                           .paddr = x->paddr};
}

static void init_vm(memsrc *s) {
    const vm *v = s->v;
    const machine *m = s->m;
    s->kind = MEMSRC_VM;
    s->mm = &v->mm;
    s->pg = v->cfg.local ? NULL : &v->gpg;
    s->policy = v->cfg.policy;
    s->frames = v->cfg.frames;
    s->levels = v->mm.levels;
    s->page_size = v->mm.page_size;
    s->vpn_bits = v->mm.vpn_bits;
    s->tlbs = m->ncpus;
    s->tlb_entries = v->cfg.tlb_entries;
    s->tlb_tagged = v->cfg.tlb_tagged;
    s->local = v->cfg.local;
    s->pid_max = m->nprocs ? (uint64_t)(m->pid_base + (int64_t)m->nprocs - 1) : 0;
    /* The current translation: the newest of the CPUs' (lowest CPU on a tie). */
    for (int c = 0; c < m->ncpus; c++) {
        memsrc_lookup l;
        vm_lookup_to(vm_last_lookup(m, c), c, &l);
        if (l.have && (!s->look.have || l.tick > s->look.tick))
            s->look = l;
    }
    const vm_fault_info *fi = vm_last_fault(m);
    if (fi && fi->pid >= 0)
        s->fault = (memsrc_fault){.have = true,
                                  .tick = fi->tick,
                                  .pid = fi->pid,
                                  .vpn = fi->vpn,
                                  .frame = fi->frame,
                                  .write = fi->write,
                                  .evicted = fi->evicted,
                                  .dirty = fi->dirty,
                                  .victim_pid = fi->victim_pid,
                                  .victim_vpn = fi->victim_vpn,
                                  .ready_at = fi->ready_at};
}

void memsrc_init(memsrc *s, const machine *m) {
    memset(s, 0, sizeof *s);
    s->m = m;
    s->hand = -1;
    s->look.cpu = -1;
    s->look.pid = -1;
    s->fault.pid = -1;
    const pager *pg = NULL;
    if ((s->v = vm_of(m)) != NULL) {
        init_vm(s);
    } else if ((pg = paging_mode_pager(m)) != NULL) {
        s->kind = MEMSRC_PAGING;
        s->pg = pg;
    } else if ((s->mm = translate_mode_mmu(m)) != NULL) {
        s->kind = MEMSRC_TRANSLATE;
        s->pg = &s->mm->pg;
        s->tl = translate_mode_tlb(m);
        s->levels = s->mm->levels;
        s->page_size = s->mm->page_size;
        s->vpn_bits = s->mm->vpn_bits;
        s->tlbs = s->tl && s->tl->cap > 0 ? 1 : 0;
        s->tlb_entries = s->tl ? s->tl->cap : 0;
    } else {
        return;
    }
    if (s->kind != MEMSRC_VM) {
        s->policy = s->pg->policy;
        s->frames = s->pg->nframes;
        scan_log(s);
    }
    s->ref_bits = uses_ref_bits(s->policy);
    if (s->pg && s->policy == PAGER_CLOCK)
        s->hand = (int32_t)s->pg->hand;
}

void memsrc_frame(const memsrc *s, uint32_t f, vm_frame_view *out) {
    if (s->kind == MEMSRC_VM) {
        vm_frame_get(s->m, f, out);
        return;
    }
    memset(out, 0, sizeof *out);
    out->pid = -1;
    if (s->kind == MEMSRC_NONE || f >= s->frames)
        return;
    const pager_frame *fr = &s->pg->frames[f];
    if (!fr->used)
        return;
    out->used = true;
    out->pid = s->kind == MEMSRC_TRANSLATE ? (int32_t)fr->owner : -1;
    out->vpn = (uint32_t)fr->page;
    out->dirty = fr->dirty;
    out->referenced = fr->ref;
}

/* translate's page table, walked as vm_page_table walks the full machine's. */
static void pte_view(const mmu *mm, uint32_t vpn, mmu_pte e, vm_pte_view *o) {
    mmu_result x;
    mmu_split(mm, vpn << mm->page_shift, &x);
    *o = (vm_pte_view){.vpn = vpn,
                       .dir = x.dir,
                       .table = x.table,
                       .pte = e,
                       .present = (e & MMU_PTE_PRESENT) != 0,
                       .dirty = (e & MMU_PTE_DIRTY) != 0,
                       .referenced = (e & MMU_PTE_REFERENCED) != 0,
                       .writable = (e & MMU_PTE_WRITE) != 0};
    if (o->present)
        o->frame = MMU_PTE_FRAME(e);
}

static const mmu_space *space_of(const mmu *mm, int32_t pid) {
    if (pid < 0 || (uint32_t)pid >= mm->nspaces || !mm->spaces[pid].active)
        return NULL;
    return &mm->spaces[pid];
}

uint32_t memsrc_ptes(const memsrc *s, int32_t pid, uint32_t first, vm_pte_view *out, uint32_t max) {
    if (s->kind == MEMSRC_VM)
        return vm_page_table(s->m, pid, first, out, max);
    if (s->kind != MEMSRC_TRANSLATE)
        return 0;
    const mmu *mm = s->mm;
    const mmu_space *sp = space_of(mm, pid);
    if (!sp)
        return 0;
    uint32_t per = 1u << mm->table_bits, ndir = 1u << mm->dir_bits, k = 0;
    for (uint32_t d = first >> mm->table_bits; d < ndir && k < max; d++) {
        if (sp->dir[d] < 0)
            continue;
        const mmu_pte *t = &sp->tables[(size_t)sp->dir[d] * per];
        for (uint32_t i = 0; i < per && k < max; i++) {
            uint32_t vpn = d << mm->table_bits | i;
            if (vpn >= first && (t[i] & MMU_PTE_VALID))
                pte_view(mm, vpn, t[i], &out[k++]);
        }
    }
    return k;
}

uint32_t memsrc_tlb(const memsrc *s, int c, vm_tlb_view *out, uint32_t max) {
    if (s->kind == MEMSRC_VM)
        return vm_tlb_get(s->m, c, out, max);
    if (s->kind != MEMSRC_TRANSLATE || c != 0 || !s->tl)
        return 0;
    const tlb *t = s->tl;
    uint32_t k = 0;
    for (int32_t i = t->mru; i >= 0 && k < max; i = t->e[i].prev)
        out[k++] = (vm_tlb_view){(int32_t)t->e[i].pid, (uint32_t)t->e[i].vpn, t->e[i].frame};
    return k;
}

void memsrc_cpu_lookup(const memsrc *s, int c, memsrc_lookup *out) {
    if (s->kind == MEMSRC_VM) {
        vm_lookup_to(vm_last_lookup(s->m, c), c, out);
        return;
    }
    memset(out, 0, sizeof *out);
    if (c == 0)
        *out = s->look;
}

void memsrc_stats(const memsrc *s, vm_stats *out) {
    if (s->kind == MEMSRC_VM) {
        vm_stats_get(s->m, out);
        return;
    }
    memset(out, 0, sizeof *out);
    if (s->kind == MEMSRC_NONE)
        return;
    const pager *pg = s->pg;
    out->frames = pg->nframes;
    out->frames_used = pg->nused;
    out->refs = pg->hits + pg->misses;
    out->faults = pg->misses;
    out->evictions = pg->evictions;
    out->writebacks = pg->writebacks;
    if (s->tl) {
        out->tlb_hits = s->tl->hits;
        out->tlb_misses = s->tl->misses;
    }
    if (out->refs)
        out->fault_rate = (double)out->faults / (double)out->refs;
}

void memsrc_fault_history(const memsrc *s, uint32_t *out, uint32_t n) {
    if (n > VM_HIST)
        n = VM_HIST;
    if (s->kind == MEMSRC_VM) {
        vm_fault_history(s->m, out, n);
        return;
    }
    memset(out, 0, n * sizeof *out);
    if (s->kind == MEMSRC_NONE || n == 0)
        return;
    const evlog *log = &s->m->log;
    uint64_t now = s->m->tick, first = evlog_first(log);
    uint64_t from = now > n ? now - n : 0; /* ticks from .. now-1 */
    for (uint64_t seq = evlog_end(log); seq > first; seq--) {
        const event *e = evlog_get(log, seq - 1);
        if (!e || e->tick < from)
            break;
        if (e->kind == EV_MEM_FAULT && e->tick < now)
            out[n - (now - e->tick)]++;
    }
}

int32_t memsrc_pick_pid(const memsrc *s, int32_t want) {
    if (s->kind == MEMSRC_TRANSLATE)
        return 0;
    if (s->kind != MEMSRC_VM)
        return -1;
    vm_proc_view pv;
    vm_proc_get(s->m, want, &pv);
    if (want >= 0 && pv.has_memory)
        return want;
    if (s->look.have) {
        vm_proc_get(s->m, s->look.pid, &pv);
        if (pv.has_memory)
            return s->look.pid;
    }
    for (uint32_t i = 0; i < s->m->nprocs; i++) {
        int32_t pid = s->m->procs[i].pid;
        vm_proc_get(s->m, pid, &pv);
        if (pv.has_memory)
            return pid;
    }
    return -1;
}
