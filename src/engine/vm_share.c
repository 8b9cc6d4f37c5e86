/* vm_share: shared memory in the full machine (rules in vm.h): segments given
 * pinned frames when the machine is built, and the MAP step that points a
 * process's PTEs at them. */
#include <stdio.h>
#include <string.h>

#include "vm.h"

int vm_share_find(const vm *v, const char *name) {
    for (uint32_t i = 0; v && i < v->nsegs; i++)
        if (strcmp(v->segs[i].name, name) == 0)
            return (int)i;
    return -1;
}

int vm_share_add(machine *m, const char *name, uint32_t base, uint32_t pages, char *err,
                 size_t errlen) {
    vm *v = m->vm;
    const char *bad = NULL;
    uint64_t page = v ? v->cfg.page_size : 1;
    uint64_t end = (uint64_t)base + (uint64_t)pages * page;
    if (!v)
        bad = "shared memory needs the machine's memory";
    else if (m->tick > 0 || v->refs || v->faults)
        bad = "shared segments are added before the machine runs";
    else if (v->nsegs == VM_MAX_SHARED)
        bad = "too many shared segments";
    else if (!name[0] || strlen(name) >= VM_SHARED_NAME)
        bad = "a shared segment's name has 1 to 15 bytes";
    else if (vm_share_find(v, name) >= 0)
        bad = "a shared segment of that name exists";
    else if (base % page)
        bad = "the base is not page aligned";
    else if (pages < 1 || end > ((uint64_t)1 << MMU_ADDR_BITS))
        bad = "the range must hold 1 or more pages below 4 GiB";
    else if ((uint64_t)v->shared_frames + pages >= v->cfg.frames)
        bad = "the shared segments need all the frames (one at least is left for private pages)";
    for (uint32_t i = 0; !bad && i < v->nsegs; i++) {
        const vm_segment *o = &v->segs[i];
        if (base < (uint64_t)o->base + (uint64_t)o->pages * page && o->base < end)
            bad = "the range overlaps another shared segment";
    }
    if (bad) {
        snprintf(err, errlen, "%s", bad);
        return -1;
    }
    vm_segment *sg = &v->segs[v->nsegs];
    snprintf(sg->name, sizeof sg->name, "%s", name);
    sg->base = base;
    sg->pages = pages;
    /* Nothing ran yet: the lowest free frames are the next ones in a row. */
    for (uint32_t i = 0; i < pages; i++) {
        uint32_t f;
        if (v->cfg.local) {
            f = (uint32_t)pager_bits_next(&v->free, 0);
            pager_bits_clear(&v->free, f);
            v->nfree--;
        } else {
            pager_ref ref = {.owner = VM_SHARED_OWNER,
                             .page = (base >> v->mm.page_shift) + i,
                             .next_use = PAGER_NEVER};
            pager_result pr;
            pager_fault(&v->gpg, &ref, &m->rng, NULL, &pr); /* a free frame: no rng drawn */
            pager_pin(&v->gpg, pr.frame);
            f = pr.frame;
        }
        if (i == 0)
            sg->frame = f;
        v->frame_pid[f] = VM_FRAME_SHARED;
    }
    v->shared_frames += pages;
    v->frames_used += pages;
    return (int)v->nsegs++;
}

static void emit(machine *m, int kind, int32_t pid, int64_t a, int64_t b, int64_t c) {
    evlog_emit(&m->log, m->tick, kind, -1, pid, a, b, c);
}

int vm_share_map(machine *m, int32_t pid, uint32_t seg) {
    vm *v = m->vm;
    if (!v || seg >= v->nsegs || !vm_proc_of(v, m, pid)) {
        emit(m, EV_VM_MAP_FAIL, pid, seg, 0, 1);
        return -1;
    }
    vm_segment *sg = &v->segs[seg];
    uint32_t vpn0 = sg->base >> v->mm.page_shift;
    /* Already mapped, or pages of the range already used privately? */
    uint32_t mine = 0;
    for (uint32_t i = 0; i < sg->pages; i++) {
        mmu_pte e = mmu_pte_get(&v->mm, (uint32_t)pid, vpn0 + i);
        if ((e & VM_PTE_SHARED) && MMU_PTE_FRAME(e) == sg->frame + i) {
            mine++;
        } else if (e & MMU_PTE_VALID) {
            emit(m, EV_VM_MAP_FAIL, pid, seg, (int64_t)(vpn0 + i) << v->mm.page_shift, 0);
            return -1;
        }
    }
    sg->maps++;
    int64_t what = (int64_t)sg->frame | (int64_t)sg->pages << 32;
    if (mine == sg->pages) {
        emit(m, EV_VM_MAP, pid, seg, sg->base, what | (int64_t)1 << 62);
        return 0;
    }
    for (uint32_t i = 0; i < sg->pages; i++) {
        bool alloc;
        mmu_pte *pte = mmu_pte_walk(&v->mm, (uint32_t)pid, vpn0 + i, &alloc);
        if (!pte) {
            emit(m, EV_VM_MAP_FAIL, pid, seg, 0, 1);
            return -1;
        }
        if (alloc && v->mm.levels == 2) {
            mmu_result x;
            mmu_split(&v->mm, (vpn0 + i) << v->mm.page_shift, &x);
            evlog_emit(&m->log, m->tick, EV_VM_PT_ALLOC, -1, pid, x.dir,
                       mmu_table_pages(&v->mm, (uint32_t)pid), 0);
        }
        *pte = (sg->frame + i) << MMU_PTE_FRAME_SHIFT | MMU_PTE_VALID | MMU_PTE_PRESENT |
               MMU_PTE_READ | MMU_PTE_WRITE | VM_PTE_SHARED;
    }
    emit(m, EV_VM_MAP, pid, seg, sg->base, what);
    return 0;
}
