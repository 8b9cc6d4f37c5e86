/* memsrc: one read-only face over the three places a machine keeps memory,
 * for the memory pane: the full machine's (vm.h), the `paging` quick mode's
 * pager and the `translate` quick mode's MMU and TLB.
 *
 * The full machine reports its last lookup and last fault itself
 * (vm_view.c). The quick modes keep neither, so memsrc reads them from the
 * newest MEMSRC_SCAN events of the log (their one reference per tick emits
 * two to six events): older than that, nothing is marked. No curses, no
 * allocation; a memsrc is rebuilt on the stack for every frame drawn. */
#ifndef TICKOS_MEMSRC_H
#define TICKOS_MEMSRC_H

#include <stdbool.h>
#include <stdint.h>

#include "machine.h"
#include "vm.h"

#define MEMSRC_SCAN 1024u /* events read back for a quick mode's lookup and fault */

typedef enum memsrc_kind {
    MEMSRC_NONE,      /* no memory: nothing to draw */
    MEMSRC_VM,        /* the full machine */
    MEMSRC_PAGING,    /* paging: pages of one owner, no addresses */
    MEMSRC_TRANSLATE, /* translate: pid 0's addresses through one TLB */
} memsrc_kind;

/* The current translation (the newest reference). */
typedef struct memsrc_lookup {
    bool have;
    uint64_t tick;
    int cpu;     /* -1 when not known (paging) */
    int32_t pid; /* -1 paging (one owner) */
    bool addr;   /* vaddr and its split are known (not paging) */
    uint32_t vaddr, vpn, dir, table, offset;
    bool write;
    bool tlb;     /* went through a TLB */
    bool tlb_hit; /* ... and hit */
    bool fault;   /* needed a page-in */
    bool prot;    /* refused: a write to a read-only page */
    bool mapped;  /* frame and paddr are known */
    uint32_t frame;
    uint64_t paddr;
} memsrc_lookup;

/* The newest page fault: the frame it loaded and, if it had to evict, the
 * victim (whose frame is that same frame). */
typedef struct memsrc_fault {
    bool have;
    uint64_t tick;
    int32_t pid;
    uint32_t vpn, frame;
    bool write, evicted, dirty; /* dirty: the victim was written back */
    int32_t victim_pid;
    uint32_t victim_vpn;
    uint64_t ready_at; /* full machine: the tick its page-in completes; else 0 */
} memsrc_fault;

typedef struct memsrc {
    memsrc_kind kind;
    const machine *m;
    const vm *v;
    const pager *pg; /* paging, translate; the full machine's global pager */
    const mmu *mm;   /* translate and the full machine: the page tables */
    const tlb *tl;   /* translate */
    pager_policy policy;
    uint32_t frames;
    int levels;         /* 0 paging (no page tables), 1, 2 */
    uint32_t page_size; /* 0 paging */
    uint32_t vpn_bits;
    int tlbs;             /* TLBs to show: CPUs (full machine), 1 or 0 (translate), 0 */
    uint32_t tlb_entries; /* per TLB */
    bool tlb_tagged;
    bool local;       /* local replacement */
    bool ref_bits;    /* the policy uses reference bits (clock, second-chance, nru) */
    int32_t hand;     /* clock's hand over physical frames, -1 none */
    uint64_t pid_max; /* the largest pid that can own a frame (for widths) */
    memsrc_lookup look;
    memsrc_fault fault;
} memsrc;

/* Fills s for machine m; s->kind is MEMSRC_NONE when m has no memory. */
void memsrc_init(memsrc *s, const machine *m);

/* Physical frame f (pid -1 paging: one owner; used false: free). */
void memsrc_frame(const memsrc *s, uint32_t f, vm_frame_view *out);
/* Valid PTEs of pid with vpn >= first, in vpn order (vm_page_table's rules). */
uint32_t memsrc_ptes(const memsrc *s, int32_t pid, uint32_t first, vm_pte_view *out, uint32_t max);
/* TLB c, most recently used first. */
uint32_t memsrc_tlb(const memsrc *s, int c, vm_tlb_view *out, uint32_t max);
/* The full machine's CPU c's last lookup turned into a memsrc_lookup (have
 * false when it has made none); the quick modes: s->look for c 0. */
void memsrc_cpu_lookup(const memsrc *s, int c, memsrc_lookup *out);
/* Totals. fault_rate: over the full machine's window (window > 0), else over
 * all references (window 0); ws_total 0 when working sets are not kept. */
void memsrc_stats(const memsrc *s, vm_stats *out);
/* Page faults in each of the last n complete ticks, oldest first (n <=
 * VM_HIST). Quick modes count them in the log, 0 where it no longer reaches. */
void memsrc_fault_history(const memsrc *s, uint32_t *out, uint32_t n);
/* The process whose page table to show: want if it has one, else the pid of
 * the current translation, else the first process that has one; -1 none.
 * Translate: always 0; paging: -1. */
int32_t memsrc_pick_pid(const memsrc *s, int32_t want);

#endif
