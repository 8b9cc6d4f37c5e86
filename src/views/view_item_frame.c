/* The item dialog for a physical frame: what it holds, its bits, the load
 * that filled it (from the log), where the replacement policy stands on it
 * and, with page tables (the full machine, translate), the owner's
 * page-table entry and the TLBs that hold the translation. */
#include <stdio.h>
#include <string.h>

#include "memsrc.h"
#include "tlb.h"
#include "view_item_int.h"

#define LOAD_SCAN 8192u /* events read back for the load that filled the frame */

/* The pager that decides about frame f, and f's index in it (local
 * replacement: its slot in the owner's pager); NULL for none. */
static const pager *frame_pager(const memsrc *s, uint32_t f, uint32_t *idx) {
    *idx = f;
    if (s->kind != MEMSRC_VM)
        return s->pg;
    const vm *v = s->v;
    if (!v->cfg.local)
        return &v->gpg;
    int64_t i = (int64_t)v->frame_pid[f] - s->m->pid_base;
    if (v->frame_pid[f] < 0 || i < 0 || i >= v->nprocs || !v->procs[i].pg)
        return NULL;
    *idx = v->frame_slot[f];
    return *idx < v->procs[i].pg->nframes ? v->procs[i].pg : NULL;
}

/* "P4 (cc) vpn 0x40005", "vpn 0x00403" or "page 4". */
static void page_text(const memsrc *s, int32_t pid, uint32_t vpn, char *buf, size_t n) {
    int vw = (int)(s->vpn_bits + 3) / 4;
    if (s->kind == MEMSRC_VM) {
        const proc *p = machine_proc_c(s->m, pid);
        snprintf(buf, n, "P%d (%s) vpn 0x%0*x", pid, p ? p->name : "?", vw, vpn);
    } else if (s->kind == MEMSRC_TRANSLATE) {
        snprintf(buf, n, "vpn 0x%0*x", vw, vpn);
    } else {
        snprintf(buf, n, "page %u", vpn);
    }
}

/* The fault that loaded the frame's page, as the log tells it. */
typedef struct frame_load {
    bool have;
    uint64_t tick;
    bool write, evicted, dirty; /* dirty: the victim was written back */
    int32_t victim_pid;
    uint32_t victim_vpn;
} frame_load;

/* The newest fault into frame f; it is the load of the page f holds when it
 * names that page (else the log no longer says). */
static void find_load(const memsrc *s, uint32_t f, const vm_frame_view *fv, frame_load *out) {
    memset(out, 0, sizeof *out);
    const evlog *log = &s->m->log;
    uint64_t end = evlog_end(log), first = evlog_first(log);
    if (end - first > LOAD_SCAN)
        first = end - LOAD_SCAN;
    for (uint64_t seq = end; seq > first; seq--) {
        const event *e = evlog_get(log, seq - 1);
        if (!e)
            return;
        if (s->kind == MEMSRC_VM) {
            if (e->kind != EV_VM_FAULT || (uint32_t)e->b != f)
                continue;
            if ((uint32_t)(e->a & 0xffffffff) != fv->vpn || e->pid != fv->pid)
                return;
            *out = (frame_load){.have = true,
                                .tick = e->tick,
                                .write = (e->a >> 32 & 1) != 0,
                                .evicted = (e->a >> 33 & 1) != 0,
                                .dirty = (e->a >> 34 & 1) != 0,
                                .victim_pid = (int32_t)(e->c >> 32),
                                .victim_vpn = (uint32_t)(e->c & 0xffffffff)};
            return;
        }
        if (e->kind != EV_MEM_FAULT || (uint32_t)e->b != f)
            continue;
        if ((uint32_t)e->a != fv->vpn || (s->kind == MEMSRC_TRANSLATE && e->pid != fv->pid))
            return;
        *out = (frame_load){.have = true,
                            .tick = e->tick,
                            .write = (e->c & 1) != 0,
                            .evicted = (e->c & 2) != 0,
                            .victim_pid = -1};
        /* The eviction is logged just before the fault, at the same tick. */
        for (uint64_t k = seq - 1; out->evicted && k > first; k--) {
            const event *x = evlog_get(log, k - 1);
            if (!x || x->tick != e->tick)
                break;
            if (x->kind == EV_MEM_EVICT && (uint32_t)x->b == f) {
                out->victim_pid = s->kind == MEMSRC_TRANSLATE ? x->pid : -1;
                out->victim_vpn = (uint32_t)x->a;
                out->dirty = (x->c & 1) != 0;
                break;
            }
        }
        return;
    }
}

static void load_line(vlines *l, const memsrc *s, uint32_t f, const vm_frame_view *fv,
                      const pager *pg, uint32_t idx) {
    char nth[24], victim[64];
    frame_load ld;
    find_load(s, f, fv, &ld);
    if (pg)
        item_ordinal(pg->frames[idx].load_seq + 1, nth, sizeof nth);
    const char *of = pg && s->kind == MEMSRC_VM && s->local ? " of its process's loads" : "";
    if (!ld.have) {
        if (pg)
            vlines_add(l, false, "loaded", "%s%s (before the oldest event kept)", nth, of);
        return;
    }
    if (pg)
        vlines_add(l, false, "loaded", "%s%s, at tick %llu (a %s fault)", nth, of,
                   (unsigned long long)ld.tick, ld.write ? "write" : "read");
    else
        vlines_add(l, false, "loaded", "at tick %llu (a %s fault)", (unsigned long long)ld.tick,
                   ld.write ? "write" : "read");
    if (ld.evicted) {
        page_text(s, ld.victim_pid, ld.victim_vpn, victim, sizeof victim);
        vlines_add(l, false, "evicting", "%s (%s)", victim,
                   ld.dirty ? "dirty: written back" : "clean: dropped");
    } else {
        vlines_add(l, false, "evicting", "nothing: it went into a free frame");
    }
}

/* Frame idx's place in pg's queue from the head (1 = head) and the queue's
 * length; 0 when it is not in it (pinned). */
static uint32_t queue_rank(const pager *pg, uint32_t idx, uint32_t *len) {
    uint32_t at = 0, n = 0;
    for (int32_t i = pg->head; i >= 0 && n <= pg->nframes; i = pg->frames[i].next) {
        n++;
        if ((uint32_t)i == idx)
            at = n;
    }
    *len = n;
    return at;
}

/* Where the policy stands on the frame: its queue place or its key. */
static void policy_line(vlines *l, const pager *pg, uint32_t idx, const char *local) {
    const pager_frame *fr = &pg->frames[idx];
    const char *name = pager_policy_name(pg->policy);
    char nth[24];
    uint32_t len = 0, at = 0;
    if (fr->pinned) {
        if (pg->policy != PAGER_CLOCK) /* the hand's line says it for clock */
            vlines_add(l, false, name, "pinned: out of the policy's reach until it is unpinned");
        return;
    }
    switch (pg->policy) {
        case PAGER_FIFO:
        case PAGER_LRU:
        case PAGER_SECOND_CHANCE:
            at = queue_rank(pg, idx, &len);
            vlines_add(l, false, name, "%s of %u in the queue%s: %s",
                       item_ordinal(at, nth, sizeof nth), len, local,
                       pg->policy == PAGER_LRU ? "the least recently used goes first"
                       : pg->policy == PAGER_FIFO
                           ? "the earliest loaded goes first"
                           : "the head goes first unless referenced (then to the back)");
            break;
        case PAGER_MRU:
            at = queue_rank(pg, idx, &len);
            vlines_add(l, false, name, "%s of %u from the most recently used end%s: it goes first",
                       item_ordinal(len - at + 1, nth, sizeof nth), len, local);
            break;
        case PAGER_OPT:
            if (fr->key == PAGER_NEVER)
                vlines_add(l, false, name, "not used again: among the first to evict");
            else
                vlines_add(l, false, name, "next use at tick %llu (the farthest goes first)",
                           (unsigned long long)fr->key);
            break;
        case PAGER_LFU:
            vlines_add(l, false, name, "%llu reference%s since loaded (the fewest goes first)",
                       (unsigned long long)fr->key, fr->key == 1 ? "" : "s");
            break;
        case PAGER_NRU:
            vlines_add(l, false, name, "class %d: %s, %s (the lowest class goes first)",
                       2 * fr->ref + fr->dirty, fr->ref ? "referenced" : "not referenced",
                       fr->dirty ? "dirty" : "clean");
            break;
        case PAGER_CLOCK: break; /* the hand, below */
        default: vlines_add(l, false, name, "a frame drawn at random"); break;
    }
}

/* Clock: whether its hand points at the frame. */
static void hand_line(vlines *l, const memsrc *s, uint32_t f, const pager *pg, uint32_t idx) {
    if (!pg || pg->policy != PAGER_CLOCK)
        return;
    const char *pinned = pg->frames[idx].pinned ? " (pinned: the hand passes it by)" : "";
    if (pg->hand == idx) {
        vlines_add(l, true, "clock", "the hand points at it: the next sweep starts here%s", pinned);
        return;
    }
    uint32_t at = pg->hand;
    if (s->kind == MEMSRC_VM && s->local) {
        int64_t i = (int64_t)s->v->frame_pid[f] - s->m->pid_base;
        at = s->v->procs[i].slot_frame[pg->hand];
        vlines_add(l, false, "clock", "the hand of its process's frames is at F%u%s", at, pinned);
        return;
    }
    vlines_add(l, false, "clock", "the hand is at F%u%s", at, pinned);
}

static void pte_line(vlines *l, const memsrc *s, const vm_frame_view *fv) {
    vm_pte_view pv;
    if (memsrc_ptes(s, fv->pid, fv->vpn, &pv, 1) != 1 || pv.vpn != fv->vpn) {
        vlines_add(l, false, "pte", "none (no valid entry maps it)");
        return;
    }
    char bits[96];
    snprintf(bits, sizeof bits, "%s%s%s%s%s%s", pv.present ? " present" : "",
             pv.loading ? " loading" : "", pv.writable ? " writable" : " read-only",
             pv.dirty ? " dirty" : "", pv.referenced ? " referenced" : "",
             pv.swapped ? " swapped" : "");
    if (s->kind == MEMSRC_VM)
        vlines_add(l, false, "pte", "P%d's 0x%08x = frame %u |%s", fv->pid, (unsigned)pv.pte,
                   pv.frame, bits);
    else
        vlines_add(l, false, "pte", "0x%08x = frame %u |%s", (unsigned)pv.pte, pv.frame, bits);
}

static void tlb_line(vlines *l, const memsrc *s, const vm_frame_view *fv) {
    if (s->tlbs <= 0)
        return;
    static vm_tlb_view t[TLB_MAX_ENTRIES]; /* 48 KiB: kept off the stack */
    char buf[200], nth[24];
    size_t used = 0;
    buf[0] = '\0';
    for (int c = 0; c < s->tlbs; c++) {
        uint32_t n = memsrc_tlb(s, c, t, TLB_MAX_ENTRIES);
        for (uint32_t i = 0; i < n; i++) {
            if (t[i].vpn != fv->vpn || (s->kind == MEMSRC_VM && t[i].pid != fv->pid))
                continue;
            if (used < sizeof buf)
                used +=
                    (size_t)snprintf(buf + used, sizeof buf - used, "%sCPU%d (%s of %u)",
                                     used ? ", " : "", c, item_ordinal(i + 1, nth, sizeof nth), n);
            break;
        }
    }
    if (used)
        vlines_add(l, false, "TLB", "%s, most recent first", buf);
    else
        vlines_add(l, false, "TLB", "no TLB holds the translation");
}

void item_frame(vlines *l, const machine *m, uint32_t f, char *title, size_t tn) {
    memsrc s;
    memsrc_init(&s, m);
    snprintf(title, tn, "Frame %u", f);
    if (s.kind == MEMSRC_NONE || f >= s.frames) {
        vlines_add(l, false, NULL, "no such frame");
        return;
    }
    const char *where = s.kind == MEMSRC_VM ? (s.local ? "local" : "global") : "";
    vlines_add(l, false, "frame", "F%u of %u; %s%s%s replacement", f, s.frames,
               pager_policy_name(s.policy), where[0] ? ", " : "", where);
    vm_frame_view fv;
    memsrc_frame(&s, f, &fv);
    uint32_t idx;
    const pager *pg = frame_pager(&s, f, &idx);
    const char *local = s.kind == MEMSRC_VM && s.local ? " of its process's frames" : "";
    if (!fv.used) {
        if (fv.pid >= 0) {
            const proc *p = machine_proc_c(m, fv.pid);
            vlines_add(l, false, "holds", "nothing yet: given to P%d (%s) by local replacement",
                       fv.pid, p ? p->name : "?");
        } else {
            vlines_add(l, false, "holds", "nothing: free");
        }
        hand_line(l, &s, f, pg, idx);
        return;
    }
    char page[64];
    page_text(&s, fv.pid, fv.vpn, page, sizeof page);
    if (s.levels == 2) {
        mmu_result x;
        mmu_split(s.mm, fv.vpn << s.mm->page_shift, &x);
        vlines_add(l, false, "holds", "%s = dir %u | table %u", page, x.dir, x.table);
    } else {
        vlines_add(l, false, "holds", "%s", page);
    }
    vlines_add(l, false, "dirty", "%s",
               fv.dirty ? "yes: written since loaded (written back if evicted)"
                        : "no: clean, dropped if evicted");
    if (s.ref_bits)
        vlines_add(l, false, "referenced", "%s", fv.referenced ? "yes" : "no");
    if (s.kind == MEMSRC_VM) {
        if (fv.loading)
            vlines_add(l, true, "pinned", "yes: its page-in is under way");
        else if (fv.pinned)
            vlines_add(l, true, "pinned", "yes: until its process retries the access");
        else
            vlines_add(l, false, "pinned", "no");
    }
    load_line(l, &s, f, &fv, pg, idx);
    if (pg)
        policy_line(l, pg, idx, local);
    hand_line(l, &s, f, pg, idx);
    if (s.levels > 0) {
        pte_line(l, &s, &fv);
        tlb_line(l, &s, &fv);
    }
}
