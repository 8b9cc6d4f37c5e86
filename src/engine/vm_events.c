/* vm_events: one sentence per event of the machine's memory (EV_VM_* in vm.h).
 * Virtual page numbers and addresses in hex, frames in decimal; a page of
 * another process is written P1:0x7. */
#include <stdio.h>

#include "vm.h"

static const char *pname(const machine *m, int32_t pid, char *buf, size_t n) {
    const proc *p = m ? machine_proc_c(m, pid) : NULL;
    if (p && p->name[0])
        snprintf(buf, n, "P%d (%s)", pid, p->name);
    else
        snprintf(buf, n, "P%d", pid);
    return buf;
}

static const char *plural(long long n, const char *one, const char *many) {
    return n == 1 ? one : many;
}

static int fault_text(const machine *m, const event *ev, const char *who, char *buf, size_t n) {
    unsigned long long vpn = (unsigned long long)(ev->a & 0xffffffff);
    const char *rw = ev->a >> 32 & 1 ? "write" : "read";
    bool evicted = ev->a >> 33 & 1, dirty = ev->a >> 34 & 1, swapped = ev->a >> 35 & 1;
    const char *from = swapped ? "read back from swap" : "a zero-filled page on first touch";
    if (!evicted)
        return snprintf(buf, n, "%s page fault on vpn 0x%llx (%s) -> free frame %lld, %s", who, vpn,
                        rw, (long long)ev->b, from);
    const vm *v = m ? m->vm : NULL;
    return snprintf(
        buf, n, "%s page fault on vpn 0x%llx (%s) -> frame %lld: %s evicts P%d:0x%llx (%s)", who,
        vpn, rw, (long long)ev->b, v ? pager_policy_name(v->cfg.policy) : "the policy",
        (int)(ev->c >> 32), (unsigned long long)(ev->c & 0xffffffff),
        dirty ? "dirty, written back to swap first" : "clean, nothing to write back");
}

static const char *seg_name(const machine *m, int64_t seg, char *buf, size_t n) {
    const vm *v = m ? m->vm : NULL;
    if (v && seg >= 0 && seg < v->nsegs)
        snprintf(buf, n, "%s", v->segs[seg].name);
    else
        snprintf(buf, n, "#%lld", (long long)seg);
    return buf;
}

static int map_text(const machine *m, const event *ev, const char *who, char *buf, size_t n) {
    char seg[VM_SHARED_NAME + 16];
    seg_name(m, ev->a, seg, sizeof seg);
    long long frame = ev->c & 0xffffffff, pages = (ev->c >> 32) & 0x3fffffff;
    if ((ev->c >> 62) & 1)
        return snprintf(buf, n, "%s maps shared segment %s again: it is mapped already", who, seg);
    const vm *v = m ? m->vm : NULL;
    unsigned long long end =
        (unsigned long long)ev->b + (unsigned long long)pages * (v ? v->cfg.page_size : 1) - 1;
    if (pages == 1)
        return snprintf(buf, n,
                        "%s maps shared segment %s: 0x%08llx-0x%08llx is frame %lld, the same "
                        "for every process that maps it",
                        who, seg, (unsigned long long)ev->b, end, frame);
    return snprintf(buf, n,
                    "%s maps shared segment %s: 0x%08llx-0x%08llx is frames %lld-%lld, the same "
                    "for every process that maps it",
                    who, seg, (unsigned long long)ev->b, end, frame, frame + pages - 1);
}

int vm_event_format(const machine *m, const event *ev, char *buf, size_t n) {
    char w[48];
    const char *who = pname(m, ev->pid, w, sizeof w);
    switch (ev->kind) {
        case EV_VM_REF: {
            bool has_tlb = m && m->vm && m->vm->cfg.tlb_entries;
            const char *how = !has_tlb          ? "page table"
                              : ev->c >> 33 & 1 ? "TLB hit"
                                                : "TLB miss, page table";
            return snprintf(buf, n, "%s %s 0x%08llx: %s -> frame %lld -> physical 0x%llx", who,
                            ev->c >> 32 & 1 ? "writes" : "reads", (unsigned long long)ev->a, how,
                            (long long)(ev->c & 0xffffffff), (unsigned long long)ev->b);
        }
        case EV_VM_FAULT: return fault_text(m, ev, who, buf, n);
        case EV_VM_BLOCK: {
            long long rd = ev->c & 0xffffffff, wb = ev->c >> 32;
            if (wb)
                return snprintf(buf, n,
                                "%s blocks until tick %lld: %lld tick%s to write the victim back, "
                                "then %lld to read vpn 0x%llx in",
                                who, (long long)ev->b, wb, plural(wb, "", "s"), rd,
                                (unsigned long long)ev->a);
            return snprintf(buf, n, "%s blocks until tick %lld: %lld tick%s to read vpn 0x%llx in",
                            who, (long long)ev->b, rd, plural(rd, "", "s"),
                            (unsigned long long)ev->a);
        }
        case EV_VM_READY:
            return snprintf(buf, n,
                            "%s: vpn 0x%llx is now in frame %lld; ready again (level %lld), it "
                            "will retry the access",
                            who, (unsigned long long)ev->a, (long long)ev->b, (long long)ev->c);
        case EV_VM_WAIT:
            if (ev->b)
                return snprintf(buf, n,
                                "%s page fault on vpn 0x%llx, but no frame is left to give it "
                                "(local replacement): it waits until a process frees some",
                                who, (unsigned long long)ev->a);
            return snprintf(buf, n,
                            "%s page fault on vpn 0x%llx, but every frame is pinned by a page-in: "
                            "it waits for a frame",
                            who, (unsigned long long)ev->a);
        case EV_VM_WAKE:
            return snprintf(buf, n,
                            "%s can have a frame now: ready to retry its fault on vpn 0x%llx", who,
                            (unsigned long long)ev->a);
        case EV_VM_LOCAL:
            return snprintf(buf, n,
                            "%s is given %lld frame%s from frame %lld on (quota %lld): it will "
                            "replace only its own pages",
                            who, (long long)ev->a, plural(ev->a, "", "s"), (long long)ev->c,
                            (long long)ev->b);
        case EV_VM_FREE:
            return snprintf(buf, n, "%s's memory is freed: %lld frame%s, %lld swap page%s", who,
                            (long long)ev->a, plural(ev->a, "", "s"), (long long)ev->b,
                            plural(ev->b, "", "s"));
        case EV_VM_THRASH:
            if (ev->a)
                return snprintf(buf, n,
                                "thrashing: the working sets add up to %lld pages but there are "
                                "only %lld frames, and %lld%% of recent references faulted",
                                (long long)ev->b, (long long)(ev->c & 0xffffffff),
                                (long long)(ev->c >> 32));
            return snprintf(
                buf, n,
                "thrashing is over: working sets %lld page%s for %lld frames, %lld%% of "
                "recent references faulted",
                (long long)ev->b, plural(ev->b, "", "s"), (long long)(ev->c & 0xffffffff),
                (long long)(ev->c >> 32));
        case EV_VM_SWEEP:
            if (ev->c == PAGER_SECOND_CHANCE)
                return snprintf(buf, n,
                                "second chance: %lld page%s with the reference bit set went to the "
                                "back of the queue; frame %lld is the victim",
                                (long long)ev->a, plural(ev->a, "", "s"), (long long)ev->b);
            return snprintf(buf, n,
                            "clock: the hand cleared %lld reference bit%s and stopped at frame "
                            "%lld, whose bit was clear",
                            (long long)ev->a, plural(ev->a, "", "s"), (long long)ev->b);
        case EV_VM_TLB_SHOOT:
            return snprintf(buf, n,
                            "CPU%d's TLB entry for P%d:0x%llx is removed: the page left memory",
                            ev->cpu, (int)ev->pid, (unsigned long long)ev->a);
        case EV_VM_TLB_FLUSH:
            return snprintf(buf, n,
                            "CPU%d's TLB is flushed on the switch to %s: %lld entr%s dropped",
                            ev->cpu, who, (long long)ev->a, plural(ev->a, "y", "ies"));
        case EV_VM_PT_ALLOC:
            return snprintf(buf, n,
                            "%s's page directory entry %lld was empty: a page-table page is "
                            "allocated for it (%lld in use)",
                            who, (long long)ev->a, (long long)ev->b);
        case EV_VM_NRU_CLEAR:
            return snprintf(buf, n,
                            "nru: every %lld ticks the reference bits are cleared (%lld %s set)",
                            (long long)ev->b, (long long)ev->a, plural(ev->a, "was", "were"));
        case EV_VM_NOSPACE:
            return snprintf(buf, n,
                            "%s's reference to 0x%08llx is dropped: no address space (out of "
                            "memory, or pid over 65535)",
                            who, (unsigned long long)ev->a);
        case EV_VM_MAP: return map_text(m, ev, who, buf, n);
        case EV_VM_MAP_FAIL: {
            char seg[VM_SHARED_NAME + 16];
            seg_name(m, ev->a, seg, sizeof seg);
            if (ev->c)
                return snprintf(buf, n,
                                "%s cannot map shared segment %s (no address space, or no such "
                                "segment): it is stopped",
                                who, seg);
            return snprintf(buf, n,
                            "%s cannot map shared segment %s: it already uses 0x%08llx as private "
                            "memory; it is stopped",
                            who, seg, (unsigned long long)ev->b);
        }
        default: return snprintf(buf, n, "memory event %u", (unsigned)ev->kind);
    }
}
