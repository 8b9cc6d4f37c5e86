/* vm: memory in the full machine (demo and scheduling scenarios).
 *
 * Physical frames and a swap device, an address space (page table, mmu.h) per
 * process, a TLB per CPU (tlb.h), page faults that block the faulting process,
 * and the replacement policies of pager.h: one implementation of each, shared
 * with the quick modes.
 *
 * A memory reference is one tick of CPU: a READ or WRITE step, or, when the
 * program has a memory model (vm_set_model), every tick of its RUN steps (a
 * generated working-set stream). Each reference goes TLB -> page table ->
 * frame. The rules:
 *
 * - TLB: per CPU, fully associative, LRU (tlb.h). Flush mode: a CPU's TLB is
 *   emptied when it runs a process other than the one whose entries it holds
 *   (the CR3 reload of a context switch). Tagged mode: entries carry the pid
 *   and survive switches.
 * - Page fault (the page is not present): the OS takes the lowest free frame,
 *   else a victim chosen by the policy (global: among all frames; local: among
 *   the faulting process's own). A dirty victim is written back to swap first.
 *   The victim's PTE is cleared and its TLB entries are removed from every
 *   CPU. The faulting process blocks (BLOCK_FAULT) until tick
 *   t + 1 + fault_time (+ writeback_time for a dirty victim), t being the tick
 *   of the fault, which the trap used up; the new frame is pinned (pager.h)
 *   from the fault until the process retries the access, so the retry always
 *   hits. Completions are I/O completions: step 3 of the tick, in the order
 *   the faults happened.
 * - If no frame can be had (global: every frame is pinned by a page-in; local:
 *   no frame is left to give a newcomer), the process blocks with wake_at 0
 *   and becomes ready at the start of the first tick (after I/O completions)
 *   at which one can be had, then retries.
 * - Local replacement: at its first reference a process is given
 *   min(quota, free) frames (the lowest free) and pages only within them.
 * - Swap: a page written back keeps a copy in swap (VM_PTE_SWAPPED) until its
 *   process exits. Every page-in costs fault_time (first touch: a zero-filled
 *   page; else read back).
 * - opt: a process's future is known from its program: its READ/WRITE steps
 *   and its generated stream (drawn from its own generator, seeded from the
 *   machine's rng at its first reference, so the stream does not depend on the
 *   policy). A page's key is the tick of its last use plus the number of its
 *   owner's references until the next use: exact for one process running
 *   without interruption, an estimate otherwise (the interleaving with other
 *   processes, and fault delays, are not known ahead). Only the first
 *   VM_OPT_MAX references of a process are read ahead; past them pages count
 *   as never used again. Ties (never used again) go as in pager.h.
 * - Events: each step is one sentence (vm_events.c): the reference and how it
 *   was translated (trace_refs), the fault and its victim, the block and when
 *   it ends, the page-in done, TLB flushes and shootdowns, page-table pages,
 *   frames given and freed, nru's clears, thrashing.
 * - nru: reference bits are cleared at the start of every tick that is a
 *   positive multiple of nru_period.
 * - Working set (Denning): the distinct pages among a process's last `window`
 *   references, i.e. over the last `window` ticks of its own virtual time.
 *   (Over wall-clock ticks a thrashing process, blocked most of the time,
 *   would seem to need almost nothing: the measure would hide what it is for.)
 *   An exited process has none.
 * - Fault rate: the share of the machine's last `window` completed references
 *   that needed a page-in. (Counted over references, not ticks: a fault and
 *   the retry that completes it are ticks apart, and a window of ticks can
 *   hold only retries while the machine thrashes worst.)
 * - Thrashing: the working sets of the live processes add up to more than the
 *   frames and the fault rate is at least thrash_pct%. It is over when the
 *   working sets fit or the rate falls below half that. An event marks each
 *   change.
 *
 * - Shared memory (vm_share.c): a segment is a named range of virtual pages
 *   (base, pages) given frames when the machine is built, before it runs: the
 *   lowest free ones, in the order the segments are added (zero-filled, no
 *   page-in). Its frames are resident and pinned for the machine's whole
 *   life: never a victim, never freed, outside every pager's policy and
 *   outside every process's resident count and local quota; at least one
 *   frame is left for private pages. Segments' ranges do not overlap.
 * - A process maps a segment with a MAP step (zero time, like fork): its PTEs
 *   for the segment's range point at the segment's frames (present,
 *   read-write, VM_PTE_SHARED), so every process that maps it reaches the
 *   same physical frames; its references there are ordinary references (TLB,
 *   referenced and dirty bits in its own PTE, working set) that never fault.
 *   Mapping again is a no-op. Mapping over pages the process already used
 *   privately is refused (an event) and the process is stopped, as a resource
 *   step that can never succeed is. A forked child starts with a fresh address
 *   space: it maps what it needs itself. At exit the mapping goes, the frames
 *   stay.
 *
 * Cost per reference: O(1) (opt, lfu: O(log frames)); per tick O(1) (nru
 * with local replacement: O(processes holding frames) every nru_period
 * ticks); an exit: its page-table pages and its window. */
#ifndef TICKOS_VM_H
#define TICKOS_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine.h"
#include "mmu.h"
#include "pager.h"
#include "rng.h"
#include "tlb.h"
#include "vm_model.h"

#define VM_HIST    1024u      /* ticks of fault history kept; the largest window */
#define VM_OPT_MAX (1u << 20) /* references per process opt looks ahead over */

/* Software PTE bits (mmu.h leaves 0x200-0x800 to the OS). */
#define VM_PTE_SWAPPED 0x200u /* the page has a copy in swap */
#define VM_PTE_LOADING 0x400u /* a page-in into the PTE's frame is under way */
#define VM_PTE_SHARED  0x800u /* a shared segment's page: its frame is the segment's */

/* Shared memory (rules above). */
#define VM_MAX_SHARED   32          /* segments */
#define VM_SHARED_NAME  16          /* bytes of a name, with its NUL */
#define VM_FRAME_SHARED (-2)        /* frame_pid of a shared segment's frame */
#define VM_SHARED_OWNER 0xffff0000u /* their owner in the global pager (no pid is that high) */

typedef struct vm_config {
    int levels;              /* 1 linear, 2 two-level (default; 10/10/12 for 4 KiB) */
    uint32_t page_size;      /* default 4096 */
    uint32_t frames;         /* physical frames, default 16 */
    pager_policy policy;     /* default lru */
    uint32_t nru_period;     /* default PAGER_NRU_PERIOD */
    uint32_t tlb_entries;    /* per CPU, 0..TLB_MAX_ENTRIES, default 4 */
    bool tlb_tagged;         /* default false: flush on a context switch */
    bool local;              /* default false: global replacement */
    uint32_t quota;          /* local: frames per process; 0: frames / 4 (at least 1) */
    uint32_t fault_time;     /* ticks to page a page in, default 5 */
    uint32_t writeback_time; /* extra ticks to write a dirty victim back, default 5 */
    uint32_t window;         /* references in the working-set and fault-rate windows,
                                1..VM_HIST, default 32 */
    uint32_t thrash_pct;     /* fault rate (% of references) that with the working sets
                                over the frames means thrashing, default 30 */
    bool trace_refs;         /* an event for every completed reference, default true */
} vm_config;

/* A process's generator: its own rng and where its hot set is. */
typedef struct vm_gen {
    rng r;
    uint32_t hot_base; /* first page of the hot set, relative to the range */
    uint64_t count;    /* references generated */
} vm_gen;

/* The last translation a CPU made (or attempted: fault set). */
typedef struct vm_lookup {
    uint64_t tick;
    int32_t pid; /* -1: none yet */
    uint32_t vaddr, vpn, dir, table, offset;
    bool write, tlb_hit, fault;
    uint32_t frame;
    uint64_t paddr;
} vm_lookup;

/* The last page fault: the pane highlights its frame (and the victim). */
typedef struct vm_fault_info {
    uint64_t tick;
    int32_t pid; /* -1: none yet */
    uint32_t vpn, frame;
    bool write, evicted, dirty; /* dirty: the victim was written back */
    int32_t victim_pid;
    uint32_t victim_vpn;
    uint64_t ready_at; /* the tick the page-in completes */
} vm_fault_info;

typedef struct vm_proc {
    bool started; /* has made its first reference */
    bool exited;  /* its memory is gone */
    bool waiting; /* blocked until a frame can be had */
    bool has_gen; /* its program has a model: gen is seeded */
    bool pending; /* a reference is under way (faulted, to be retried) */
    bool pend_write;
    bool pend_faulted; /* it needed a page-in */
    uint32_t pend_vaddr;
    int32_t pinned; /* frame pinned for its retry, -1 none */
    vm_gen gen;
    vm_gen gen0;  /* gen as seeded: opt reads the process's future from it */
    uint64_t idx; /* references completed: the index into future */
    pager *pg;    /* local: its own pager over its frames (slot -> slot_frame) */
    uint32_t *slot_frame;
    uint32_t resident; /* frames it holds (pages present or loading) */
    uint32_t ws;       /* its working set: distinct pages among wring */
    uint32_t *wring;   /* vpns of its last `window` references, oldest at whead */
    uint32_t whead, wlen, wcap;
    uint64_t refs, faults, tlb_hits, tlb_misses;
    uint32_t exit_tables; /* page-table pages it had when it exited */
    uint32_t *future;     /* opt: future[i] = index of the next reference to the same page */
    uint32_t nfuture;
} vm_proc;

typedef struct vm_segment {
    char name[VM_SHARED_NAME];
    uint32_t base;  /* first virtual address, page aligned */
    uint32_t pages; /* at least 1 */
    uint32_t frame; /* its first frame; its frames are consecutive */
    uint32_t maps;  /* MAP steps carried out (a no-op counted) */
} vm_segment;

typedef struct vm_cpu {
    tlb tl;
    int32_t owner; /* flush mode: the pid whose entries the TLB holds, -1 none */
    vm_lookup last;
} vm_cpu;

/* Working sets: how many times each (pid, vpn) occurs in its process's
 * window of references, in a chained hash (vm_ws.c). */
typedef struct vm_ws_node {
    uint64_t key;
    uint32_t count;
    int32_t next; /* hash chain, or free list */
} vm_ws_node;

typedef struct vm_ws {
    vm_ws_node *node;
    uint32_t node_cap;
    int32_t free_node;
    int32_t *buckets;
    uint32_t nbuckets, distinct;
} vm_ws;

typedef struct vm {
    vm_config cfg;
    mmu mm;          /* page tables (its own pager unused) */
    pager gpg;       /* global replacement: one pager, frame = physical frame */
    pager_bits free; /* local replacement: frames not given to any process */
    uint32_t nfree;
    int32_t *frame_pid;   /* per physical frame: owner pid, -1 free */
    uint32_t *frame_slot; /* local: its slot in the owner's pager */
    vm_model *models;     /* per program; pages 0: none */
    uint32_t nmodels;
    vm_proc *procs; /* indexed by pid - pid_base */
    uint32_t nprocs;
    int32_t *waiters; /* pids waiting for a frame, in order */
    uint32_t nwaiters, waiters_cap;
    int32_t *locals; /* pids that hold a local pager (nru's clears) */
    uint32_t nlocals, locals_cap;
    vm_cpu cpu[MACHINE_MAX_CPUS];
    vm_fault_info last_fault;
    vm_segment segs[VM_MAX_SHARED]; /* shared memory */
    uint32_t nsegs, shared_frames;

    /* Totals. */
    uint64_t refs, faults, tlb_hits, tlb_misses, evictions, writebacks;
    uint32_t frames_used, swap_pages, thrash_episodes;
    int64_t thrash_first; /* the tick the first thrashing episode began, -1 none yet */

    /* Per-tick history (ring of VM_HIST) and the window's sums. */
    uint32_t hist_faults[VM_HIST]; /* faults per tick, a ring of VM_HIST ticks */
    uint32_t cur_faults;           /* this tick so far */
    uint8_t win_flag[VM_HIST];     /* did each of the last `window` references fault */
    uint32_t win_pos, win_len, win_faulted;
    vm_ws ws;
    uint32_t ws_total; /* working sets of the live processes, summed */
    bool thrashing;
} vm;

void vm_config_default(vm_config *c);

/* Gives machine m memory (before its first tick). Returns 0, or -1 with a
 * message naming the bad setting (or ENOMEM) in err. */
int vm_attach(machine *m, const vm_config *cfg, char *err, size_t errlen);
/* The memory model of program prog (its processes' RUN ticks reference
 * memory). Returns 0, or -1 with a message in err. */
int vm_set_model(machine *m, uint32_t prog, const vm_model *md, char *err, size_t errlen);
/* Program prog's memory model, or NULL: none (or no memory). */
const vm_model *vm_model_of(const machine *m, uint32_t prog);
void vm_destroy(vm *v);
/* A deep copy of v (clone.h); NULL when v is NULL or memory ran out. */
vm *vm_clone(struct clone_ctx *cx, const vm *v);
/* Adds a shared segment (before the machine's first tick). Returns its index,
 * or -1 with a message in err (bad range, an overlap, too few frames, more
 * than VM_MAX_SHARED). */
int vm_share_add(machine *m, const char *name, uint32_t base, uint32_t pages, char *err,
                 size_t errlen);
/* The segment named name, or -1. */
int vm_share_find(const vm *v, const char *name);

/* ---- hooks: called by machine.c only -------------------------------------------------- */

typedef enum vm_status {
    VM_REF_DONE,  /* no reference this tick, or it completed */
    VM_REF_FAULT, /* page fault: block until *wake_at */
    VM_REF_WAIT,  /* page fault, no frame to be had: block until woken */
} vm_status;

/* The reference of the tick p runs on cpu c (TLB flush first if due). */
vm_status vm_cpu_ref(machine *m, int c, proc *p, uint64_t *wake_at);
/* p's page-in completed: its page is present; p is now ready. */
void vm_fault_done(machine *m, proc *p);
/* Start of tick: nru's clear; wake(m, pid) for each frame waiter that can go on. */
void vm_tick_begin(machine *m, void (*wake)(machine *m, int32_t pid));
/* End of tick: the window moves, thrashing is checked. */
void vm_tick_end(machine *m);
/* pid exited: its frames, swap pages and TLB entries are freed. */
void vm_proc_exit(machine *m, int32_t pid);
/* pid's memory state, made on first use (NULL: no such process or ENOMEM);
 * earlier vm_proc pointers die. For vm_share.c. */
vm_proc *vm_proc_of(vm *v, const machine *m, int32_t pid);
/* opt (vm_policy.c): the process's reference string, its first VM_OPT_MAX
 * references (malloc'd, *count of them; NULL when none or ENOMEM), and
 * vp->future built from it. */
uint32_t *vm_future_refs(const vm *v, const machine *m, const proc *p, const vm_proc *vp,
                         uint32_t *count);
void vm_build_future(vm *v, const machine *m, const proc *p, vm_proc *vp);
/* Changes the replacement policy live (rules in vm_policy.c): every pager
 * (global, or each process's local one) is rebuilt by pager_set_policy.
 * *kept gets the resident pages, *pagers the pagers rebuilt. Returns 0, or
 * -1 with a message in err (ENOMEM: nothing changed). */
int vm_set_policy(machine *m, pager_policy p, uint32_t *kept, uint32_t *pagers, char *err,
                  size_t errlen);
/* pid's MAP step: maps segment seg. Returns 0, or -1 when refused (an event
 * says why; the caller stops the process). */
int vm_share_map(machine *m, int32_t pid, uint32_t seg);

/* ---- read-only views (the memory pane, tests) ----------------------------------------- */

typedef struct vm_frame_view {
    int32_t pid; /* owner, -1: free (local: a frame given to pid may be empty) */
    bool used;   /* holds a page (vpn) */
    uint32_t vpn;
    bool dirty, referenced, pinned, loading;
    bool shared; /* a shared segment's frame: pid -1, vpn its page */
} vm_frame_view;

typedef struct vm_pte_view {
    uint32_t vpn, dir, table; /* dir, table: levels 2 */
    mmu_pte pte;
    uint32_t frame; /* when present or loading */
    bool present, loading, dirty, referenced, writable, swapped;
    bool shared; /* a shared segment's page */
} vm_pte_view;

typedef struct vm_tlb_view {
    int32_t pid;
    uint32_t vpn, frame;
} vm_tlb_view;

typedef struct vm_proc_view {
    bool has_memory; /* has made a reference and not exited */
    bool waiting;    /* for a frame */
    uint32_t resident, ws, quota;
    uint32_t table_pages; /* levels 2; after its exit, the number it had */
    uint64_t refs, faults, tlb_hits, tlb_misses;
} vm_proc_view;

typedef struct vm_stats {
    uint32_t frames, frames_used, swap_pages;
    uint64_t refs, faults, tlb_hits, tlb_misses, evictions, writebacks;
    uint32_t window, ws_total, thrash_episodes;
    int64_t thrash_first; /* the tick thrashing first began, -1 never */
    double fault_rate;    /* share of the last `window` references that faulted */
    bool thrashing;
} vm_stats;

/* The machine's memory, or NULL when it has none. The others take the
 * machine and give zeros / 0 / NULL when it has no memory. */
const vm *vm_of(const machine *m);
void vm_frame_get(const machine *m, uint32_t frame, vm_frame_view *out);
/* Valid PTEs of pid with vpn >= first, in vpn order, up to max; returns how
 * many were written (page through a big table by passing the last vpn + 1). */
uint32_t vm_page_table(const machine *m, int32_t pid, uint32_t first, vm_pte_view *out,
                       uint32_t max);
/* Directory entries in use (levels 2), ascending; returns how many written. */
uint32_t vm_page_dirs(const machine *m, int32_t pid, uint32_t *dirs, uint32_t max);
/* CPU c's TLB, most recently used first; returns how many written. */
uint32_t vm_tlb_get(const machine *m, int c, vm_tlb_view *out, uint32_t max);
const vm_lookup *vm_last_lookup(const machine *m, int c);
const vm_fault_info *vm_last_fault(const machine *m);
void vm_proc_get(const machine *m, int32_t pid, vm_proc_view *out);
void vm_stats_get(const machine *m, vm_stats *out);
/* Faults in each of the last n complete ticks (n <= VM_HIST; ticks before 0
 * count 0), oldest first, into out[0..n): the fault-rate sparkline. */
void vm_fault_history(const machine *m, uint32_t *out, uint32_t n);

/* One sentence for an EV_VM_* event (vm_events.c). */
int vm_event_format(const machine *m, const event *ev, char *buf, size_t n);

/* The "memory" object of the report (vm_report.c). */
struct cJSON;
void vm_report(const machine *m, struct cJSON *out, bool summary);

/* Working sets and the fault-rate window (vm_ws.c): vm_ws_note records a
 * completed reference of pid (faulted: it needed a page-in); vm_ws_drop
 * empties pid's window. */
void vm_ws_free(vm_ws *w);
void vm_ws_clone(struct clone_ctx *cx, vm_ws *dst, const vm_ws *src);
void vm_ws_note(vm *v, vm_proc *vp, int32_t pid, uint32_t vpn, bool faulted);
void vm_ws_drop(vm *v, vm_proc *vp, int32_t pid);

/* The generator (vm_gen.c): seeds g from r, and draws the next reference. */
void vm_gen_seed(vm_gen *g, rng *r);
void vm_gen_next(vm_gen *g, const vm_model *md, uint32_t page_shift, uint32_t *vaddr, bool *write);

/* Event kinds of the machine's memory (pager.h lists the EV_MEM_BASE range). */
enum {
    EV_VM_REF =
        EV_MEM_BASE + 50, /* a = vaddr, b = paddr, c = frame | write << 32 | tlb_hit << 33 */
    EV_VM_FAULT,          /* a = vpn | write << 32 | evicted << 33 | dirty << 34 | swapped << 35,
                             b = frame, c = victim pid << 32 | victim vpn */
    EV_VM_BLOCK,          /* a = vpn, b = ready at tick, c = fault_time | writeback ticks << 32 */
    EV_VM_READY,          /* page-in done: a = vpn, b = frame, c = level it joins */
    EV_VM_WAIT,           /* a = vpn, b = 0 every frame pinned / 1 no frame to give (local) */
    EV_VM_WAKE,           /* a frame can be had: the waiter retries */
    EV_VM_LOCAL,          /* local frames given: a = count, b = quota, c = first frame */
    EV_VM_FREE,           /* exit: a = frames freed, b = swap pages dropped */
    EV_VM_THRASH,         /* a = 1 starts / 0 ends, b = working sets, c = frames | rate % << 32 */
    EV_VM_SWEEP,          /* clock/second-chance: a = bits cleared, b = victim frame, c = policy */
    EV_VM_TLB_SHOOT,      /* cpu's entry of (pid, vpn a) removed: the page left memory */
    EV_VM_TLB_FLUSH,      /* cpu's TLB flushed for pid: a = entries dropped */
    EV_VM_PT_ALLOC,       /* a = directory index, b = page-table pages of pid now */
    EV_VM_NRU_CLEAR,      /* a = reference bits that were set, b = period */
    EV_VM_NOSPACE,        /* pid's reference refused: a = vaddr (no address space: ENOMEM or
                             more than MMU_MAX_PIDS pids) */
    EV_VM_MAP,            /* pid maps segment a: b = base, c = first frame | pages << 32 |
                             again << 62 (already mapped: nothing changes) */
    EV_VM_MAP_FAIL,       /* pid's map of segment a refused: b = a vaddr it already uses
                             (c = 0), or c = 1 no address space / no such segment; it stops */
};

#endif
