/* mem_events: one sentence per memory event (kinds in pager.h). Pages are
 * shown in decimal as in the paging exercises, addresses in hex. */
#include <stdio.h>

#include "event.h"
#include "machine.h"
#include "pager.h"
#include "vm.h"

/* "pid 3 " in the full machine; the quick modes have a single owner. */
static const char *who(const struct machine *m, const event *ev, char *buf, size_t n) {
    if (ev->pid < 0 || (m && (m->mode == MODE_PAGING || m->mode == MODE_TRANSLATE))) {
        buf[0] = '\0';
    } else {
        snprintf(buf, n, "pid %d ", (int)ev->pid);
    }
    return buf;
}

static const char *policy(int64_t p) {
    return pager_policy_name((pager_policy)(p >= 0 && p < PAGER_POLICY_COUNT ? p : 0));
}

/* How the new policy's order was made from the resident pages (pager.h). */
static const char *rebuilt(int64_t p) {
    switch (p) {
        case PAGER_FIFO: return "the queue in the order the pages were loaded";
        case PAGER_SECOND_CHANCE:
            return "the queue in the order the pages were loaded, reference bits kept";
        case PAGER_LRU:
        case PAGER_MRU: return "the queue in the order the pages were last used";
        case PAGER_LFU: return "each page counts its references since it was loaded";
        case PAGER_OPT: return "each page's next use read from what comes";
        case PAGER_CLOCK: return "reference bits and the hand kept";
        case PAGER_NRU: return "classes from the reference and dirty bits";
        default: return "nothing to rebuild";
    }
}

static int format_policy(const event *ev, char *buf, size_t n) {
    long long kept = ev->c & 0xffffffff, pagers = ev->c >> 32;
    char local[40] = "";
    if (pagers > 1)
        snprintf(local, sizeof local, " in %lld local pagers", pagers);
    return snprintf(buf, n, "replacement %s -> %s from this tick: %lld resident page%s kept%s; %s",
                    policy(ev->a), policy(ev->b), kept, kept == 1 ? "" : "s", local,
                    rebuilt(ev->b));
}

int mem_event_format(const struct machine *m, const event *ev, char *buf, size_t n) {
    if (ev->kind >= EV_VM_REF)
        return vm_event_format(m, ev, buf, n);
    char w[32];
    const char *rw = ev->c & 1 ? "write" : "read";
    switch (ev->kind) {
        case EV_MEM_HIT:
            return snprintf(buf, n, "hit: %spage %lld is already in frame %lld (%s)%s",
                            who(m, ev, w, sizeof w), (long long)ev->a, (long long)ev->b, rw,
                            ev->c & 1 ? ", so the page is now dirty" : "");
        case EV_MEM_FAULT:
            return snprintf(buf, n, "page fault on %spage %lld (%s): loaded into %s frame %lld",
                            who(m, ev, w, sizeof w), (long long)ev->a, rw,
                            ev->c & 2 ? "the victim's" : "free", (long long)ev->b);
        case EV_MEM_EVICT:
            return snprintf(buf, n, "%s evicts %spage %lld from frame %lld%s", policy(ev->c >> 1),
                            who(m, ev, w, sizeof w), (long long)ev->a, (long long)ev->b,
                            ev->c & 1 ? "; it was written since it was loaded, so it is written "
                                        "back to disk first"
                                      : "; it is clean, so nothing is written back");
        case EV_MEM_SWEEP:
            if (ev->c == PAGER_SECOND_CHANCE)
                return snprintf(buf, n,
                                "second chance: %lld page%s at the head of the queue had the "
                                "reference bit set, got it cleared and went to the back; "
                                "frame %lld is the victim",
                                (long long)ev->a, ev->a == 1 ? "" : "s", (long long)ev->b);
            return snprintf(buf, n,
                            "clock: the hand cleared %lld reference bit%s and stopped at frame "
                            "%lld, whose bit was clear",
                            (long long)ev->a, ev->a == 1 ? "" : "s", (long long)ev->b);
        case EV_MEM_NRU_CLEAR:
            return snprintf(buf, n,
                            "nru: every %lld ticks the reference bits are cleared (%lld %s set)",
                            (long long)ev->b, (long long)ev->a, ev->a == 1 ? "was" : "were");
        case EV_MEM_TLB_HIT:
            return snprintf(buf, n, "TLB hit: %svpn 0x%llx -> frame %lld, no page-table walk",
                            who(m, ev, w, sizeof w), (unsigned long long)ev->a, (long long)ev->b);
        case EV_MEM_TLB_MISS:
            return snprintf(buf, n, "TLB miss on %svpn 0x%llx: walking the page table",
                            who(m, ev, w, sizeof w), (unsigned long long)ev->a);
        case EV_MEM_TLB_REPLACE:
            return snprintf(buf, n,
                            "TLB full: the least recently used entry (%svpn 0x%llx) makes room "
                            "for vpn 0x%llx",
                            who(m, ev, w, sizeof w), (unsigned long long)ev->a,
                            (unsigned long long)ev->b);
        case EV_MEM_TLB_INVAL:
            return snprintf(buf, n, "TLB entry for %svpn 0x%llx removed: its page left memory",
                            who(m, ev, w, sizeof w), (unsigned long long)ev->a);
        case EV_MEM_TLB_FLUSH:
            return snprintf(buf, n, "TLB flushed on a context switch: %lld entr%s dropped",
                            (long long)ev->a, ev->a == 1 ? "y" : "ies");
        case EV_MEM_PT_ALLOC:
            return snprintf(buf, n,
                            "%spage directory entry %lld was empty: a page-table page is "
                            "allocated for it (%lld in use)",
                            who(m, ev, w, sizeof w), (long long)ev->a, (long long)ev->b);
        case EV_MEM_TRANSLATE:
            return snprintf(buf, n, "%s%s of virtual 0x%llx -> frame %lld -> physical 0x%llx",
                            who(m, ev, w, sizeof w), ev->c >> 32 & 1 ? "write" : "read",
                            (unsigned long long)ev->a, (long long)(ev->c & 0xffffffff),
                            (unsigned long long)ev->b);
        case EV_MEM_PROT:
            return snprintf(buf, n, "protection fault: %s%s of 0x%llx refused, the page is not %s",
                            who(m, ev, w, sizeof w), ev->c ? "write" : "read",
                            (unsigned long long)ev->a, ev->c ? "writable" : "readable");
        case EV_MEM_POLICY: return format_policy(ev, buf, n);
        default: return snprintf(buf, n, "memory event %u", (unsigned)ev->kind);
    }
}
