#include "mmu.h"

#include <stdlib.h>
#include <string.h>

#include "clone.h"

int mmu_init(mmu *mm, int levels, uint32_t page_size, pager_policy policy, uint32_t nframes,
             uint32_t nru_period) {
    if (mmu_tables_init(mm, levels, page_size) != 0)
        return -1;
    return pager_init(&mm->pg, policy, nframes, nru_period);
}

int mmu_tables_init(mmu *mm, int levels, uint32_t page_size) {
    memset(mm, 0, sizeof *mm);
    mm->pg.head = mm->pg.tail = -1;
    if ((levels != 1 && levels != 2) || page_size < MMU_PAGE_SIZE_MIN ||
        page_size > MMU_PAGE_SIZE_MAX || (page_size & (page_size - 1)) != 0)
        return -1;
    mm->levels = levels;
    mm->page_size = page_size;
    while ((1u << mm->page_shift) < page_size)
        mm->page_shift++;
    mm->vpn_bits = MMU_ADDR_BITS - mm->page_shift;
    if (levels == 2)
        mm->table_bits = mm->vpn_bits / 2;
    else
        mm->table_bits = mm->vpn_bits < 10 ? mm->vpn_bits : 10;
    mm->dir_bits = mm->vpn_bits - mm->table_bits;
    return 0;
}

void mmu_free(mmu *mm) {
    for (uint32_t i = 0; i < mm->nspaces; i++) {
        free(mm->spaces[i].dir);
        free(mm->spaces[i].tables);
    }
    free(mm->spaces);
    pager_free(&mm->pg);
    memset(mm, 0, sizeof *mm);
}

void mmu_clone(clone_ctx *cx, mmu *dst, const mmu *src) {
    *dst = *src;
    pager_clone(cx, &dst->pg, &src->pg);
    dst->spaces = clone_dup(cx, src->spaces, src->nspaces * sizeof *src->spaces);
    size_t ndir = (size_t)1 << src->dir_bits, per = (size_t)1 << src->table_bits;
    for (uint32_t i = 0; dst->spaces && i < src->nspaces; i++) {
        const mmu_space *s = &src->spaces[i];
        mmu_space *d = &dst->spaces[i];
        d->dir = clone_dup(cx, s->dir, ndir * sizeof *s->dir);
        /* The pages in use only (pte_make grows the storage again): most of a
         * process's table storage is the 4 pages it starts with, unused. */
        d->tables = clone_dup(cx, s->tables, s->ntables * per * sizeof *s->tables);
        d->tables_cap = s->ntables;
    }
}

void mmu_split(const mmu *mm, uint32_t vaddr, mmu_result *res) {
    res->vaddr = vaddr;
    res->vpn = vaddr >> mm->page_shift;
    res->offset = vaddr & (mm->page_size - 1);
    res->dir = mm->levels == 2 ? res->vpn >> mm->table_bits : 0;
    res->table = mm->levels == 2 ? res->vpn & ((1u << mm->table_bits) - 1) : 0;
}

static mmu_space *space_get(mmu *mm, uint32_t pid) {
    if (pid >= MMU_MAX_PIDS)
        return NULL;
    if (pid >= mm->nspaces) {
        uint32_t n = mm->nspaces ? mm->nspaces : 4;
        while (n <= pid)
            n *= 2;
        mmu_space *s = realloc(mm->spaces, n * sizeof *s);
        if (!s)
            return NULL;
        memset(s + mm->nspaces, 0, (n - mm->nspaces) * sizeof *s);
        mm->spaces = s;
        mm->nspaces = n;
    }
    mmu_space *sp = &mm->spaces[pid];
    if (!sp->active) {
        size_t ndir = (size_t)1 << mm->dir_bits;
        sp->dir = malloc(ndir * sizeof *sp->dir);
        if (!sp->dir)
            return NULL;
        memset(sp->dir, 0xff, ndir * sizeof *sp->dir);
        sp->active = true;
    }
    return sp;
}

static const mmu_space *space_find(const mmu *mm, uint32_t pid) {
    return pid < mm->nspaces && mm->spaces[pid].active ? &mm->spaces[pid] : NULL;
}

/* The PTE of vpn, or NULL when its table page does not exist. */
static mmu_pte *pte_find(const mmu *mm, const mmu_space *sp, uint32_t vpn) {
    int32_t page = sp->dir[vpn >> mm->table_bits];
    if (page < 0)
        return NULL;
    size_t per = (size_t)1 << mm->table_bits;
    return &sp->tables[(size_t)page * per + (vpn & (per - 1))];
}

/* The PTE of vpn, allocating its table page; *alloc tells whether it did. */
static mmu_pte *pte_make(mmu *mm, mmu_space *sp, uint32_t vpn, bool *alloc) {
    *alloc = false;
    mmu_pte *p = pte_find(mm, sp, vpn);
    if (p)
        return p;
    size_t per = (size_t)1 << mm->table_bits;
    if (sp->ntables == sp->tables_cap) {
        uint32_t cap = sp->tables_cap ? sp->tables_cap * 2 : 4;
        mmu_pte *t = realloc(sp->tables, (size_t)cap * per * sizeof *t);
        if (!t)
            return NULL;
        sp->tables = t;
        sp->tables_cap = cap;
    }
    memset(&sp->tables[(size_t)sp->ntables * per], 0, per * sizeof *sp->tables);
    sp->dir[vpn >> mm->table_bits] = (int32_t)sp->ntables++;
    mm->tables_allocated++;
    *alloc = true;
    return pte_find(mm, sp, vpn);
}

mmu_pte mmu_pte_get(const mmu *mm, uint32_t pid, uint32_t vpn) {
    const mmu_space *sp = space_find(mm, pid);
    if (!sp || vpn >> mm->vpn_bits)
        return 0;
    mmu_pte *p = pte_find(mm, sp, vpn);
    return p ? *p : 0;
}

mmu_pte *mmu_pte_walk(mmu *mm, uint32_t pid, uint32_t vpn, bool *alloc) {
    *alloc = false;
    mmu_space *sp = vpn >> mm->vpn_bits ? NULL : space_get(mm, pid);
    return sp ? pte_make(mm, sp, vpn, alloc) : NULL;
}

mmu_pte *mmu_pte_at(mmu *mm, uint32_t pid, uint32_t vpn) {
    const mmu_space *sp = space_find(mm, pid);
    return sp && !(vpn >> mm->vpn_bits) ? pte_find(mm, sp, vpn) : NULL;
}

static void emit(evlog *log, uint64_t tick, int kind, int cpu, uint32_t pid, int64_t a, int64_t b,
                 int64_t c) {
    if (log)
        evlog_emit(log, tick, kind, cpu, (int)pid, a, b, c);
}

int mmu_protect(mmu *mm, uint32_t pid, uint32_t vpn, uint32_t rights) {
    mmu_space *sp = space_get(mm, pid);
    bool alloc;
    mmu_pte *p = sp && !(vpn >> mm->vpn_bits) ? pte_make(mm, sp, vpn, &alloc) : NULL;
    if (!p)
        return -1;
    uint32_t r = rights & (MMU_PTE_READ | MMU_PTE_WRITE | MMU_PTE_EXEC);
    *p = (*p & ~(MMU_PTE_READ | MMU_PTE_WRITE | MMU_PTE_EXEC)) | r | MMU_PTE_VALID;
    return 0;
}

/* The victim of a fault leaves its page table and the TLB. */
static void unmap_victim(mmu *mm, tlb *t, const mmu_access *a, evlog *log, const pager_result *pr) {
    uint32_t vpid = pr->victim_owner, vvpn = (uint32_t)pr->victim_page;
    mmu_space *vs = vpid < mm->nspaces && mm->spaces[vpid].active ? &mm->spaces[vpid] : NULL;
    mmu_pte *vp = vs ? pte_find(mm, vs, vvpn) : NULL;
    if (vp) {
        *vp &= ~(MMU_PTE_PRESENT | MMU_PTE_DIRTY | MMU_PTE_REFERENCED);
        vs->resident--;
    }
    if (t && tlb_invalidate(t, vpid, vvpn))
        emit(log, a->now, EV_MEM_TLB_INVAL, a->cpu, vpid, vvpn, 0, 0);
}

int mmu_translate(mmu *mm, tlb *t, const mmu_access *a, rng *r, evlog *log, mmu_result *res) {
    memset(res, 0, sizeof *res);
    mmu_split(mm, a->vaddr, res);
    mmu_space *sp = space_get(mm, a->pid);
    if (!sp)
        return -1;
    bool have_tlb = t && t->cap > 0;
    uint32_t frame = 0;
    res->tlb_hit = have_tlb && tlb_lookup(t, a->pid, res->vpn, &frame);
    if (have_tlb) {
        if (res->tlb_hit)
            emit(log, a->now, EV_MEM_TLB_HIT, a->cpu, a->pid, res->vpn, frame, 0);
        else
            emit(log, a->now, EV_MEM_TLB_MISS, a->cpu, a->pid, res->vpn, 0, 0);
    }
    /* The walk (on a TLB hit it only finds the PTE whose bits the hardware
     * updates: a TLB entry implies its table page exists). */
    bool alloc;
    mmu_pte *p = pte_make(mm, sp, res->vpn, &alloc);
    if (!p)
        return -1;
    if (alloc && mm->levels == 2) {
        res->table_alloc = true;
        emit(log, a->now, EV_MEM_PT_ALLOC, a->cpu, a->pid, res->dir, sp->ntables, 0);
    }
    if (!(*p & MMU_PTE_VALID))
        *p |= MMU_PTE_VALID | MMU_PTE_READ | MMU_PTE_WRITE; /* demand-zero page */
    if (a->write && !(*p & MMU_PTE_WRITE)) {
        mm->prot_faults++;
        res->prot_fault = true;
        emit(log, a->now, EV_MEM_PROT, a->cpu, a->pid, a->vaddr, *p & 0xfff, a->write);
        return 1;
    }
    pager_ref ref = {.owner = a->pid,
                     .page = res->vpn,
                     .write = a->write,
                     .now = a->now,
                     .next_use = a->next_use};
    if (*p & MMU_PTE_PRESENT) {
        frame = MMU_PTE_FRAME(*p);
        pager_touch(&mm->pg, frame, &ref, log);
    } else {
        pager_result pr;
        pager_fault(&mm->pg, &ref, r, log, &pr);
        mm->faults++;
        res->fault = true;
        if (pr.evicted) {
            res->evicted = true;
            res->writeback = pr.writeback;
            res->victim_pid = pr.victim_owner;
            res->victim_vpn = (uint32_t)pr.victim_page;
            unmap_victim(mm, t, a, log, &pr);
        }
        frame = pr.frame;
        *p = (*p & 0xfffu & ~MMU_PTE_DIRTY) | frame << MMU_PTE_FRAME_SHIFT | MMU_PTE_PRESENT;
        sp->resident++;
    }
    *p |= MMU_PTE_REFERENCED | (a->write ? MMU_PTE_DIRTY : 0);
    if (have_tlb && !res->tlb_hit) {
        uint32_t old_pid;
        uint64_t old_vpn;
        if (tlb_insert(t, a->pid, res->vpn, frame, &old_pid, &old_vpn))
            emit(log, a->now, EV_MEM_TLB_REPLACE, a->cpu, old_pid, (int64_t)old_vpn, res->vpn, 0);
    }
    res->frame = frame;
    res->paddr = (uint64_t)frame * mm->page_size + res->offset;
    emit(log, a->now, EV_MEM_TRANSLATE, a->cpu, a->pid, a->vaddr, (int64_t)res->paddr,
         (int64_t)frame | (int64_t)a->write << 32);
    return 0;
}

void mmu_space_destroy(mmu *mm, uint32_t pid) {
    if (pid >= mm->nspaces || !mm->spaces[pid].active)
        return;
    mmu_space *sp = &mm->spaces[pid];
    size_t n = (size_t)sp->ntables << mm->table_bits;
    for (size_t i = 0; i < n; i++) {
        if (sp->tables[i] & MMU_PTE_PRESENT)
            pager_release(&mm->pg, MMU_PTE_FRAME(sp->tables[i]));
    }
    free(sp->dir);
    free(sp->tables);
    memset(sp, 0, sizeof *sp);
}

uint32_t mmu_table_pages(const mmu *mm, uint32_t pid) {
    const mmu_space *sp = space_find(mm, pid);
    return sp && mm->levels == 2 ? sp->ntables : 0;
}

uint64_t mmu_table_bytes(const mmu *mm, uint32_t pid) {
    if (mm->levels == 1)
        return ((uint64_t)1 << mm->vpn_bits) * sizeof(mmu_pte);
    uint64_t dir = ((uint64_t)1 << mm->dir_bits) * sizeof(mmu_pte);
    return dir + ((uint64_t)mmu_table_pages(mm, pid) << mm->table_bits) * sizeof(mmu_pte);
}
