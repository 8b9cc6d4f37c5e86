/* pager: physical memory as frames, and the page-replacement policies.
 *
 * The pager knows which (owner pid, page) sits in which frame and nothing about
 * addresses or page tables: the MMU (mmu.h) and the paging quick mode call it
 * once per memory reference. The API is access-driven, so the full machine can
 * call it from processes' read and write steps exactly as the trace modes do.
 *
 * Rules (shared/spec/headless.md, "paging"):
 * - A fault loads the page into the lowest-numbered free frame; only when no
 *   frame is free does the policy choose a victim, so every eviction happens
 *   with all frames in use.
 * - fifo: evict the page loaded earliest. lru: the least recently used.
 *   mru: the most recently used (a load counts as a use), as OSTEP.
 * - opt: the page whose next use is farthest away, never-used-again counting as
 *   farthest. Ties can only be among pages never used again; OSTEP's
 *   paging-policy.py scans memory in load order keeping the last page with
 *   `whenReferenced >= max`, so among those the page loaded MOST RECENTLY is
 *   evicted. tickos does the same. The caller passes each reference's next use
 *   (pager_next_uses computes them for a trace); PAGER_NEVER when unknown.
 * - clock: one reference bit per frame, set on every reference, the load
 *   included. The hand starts at frame 0; on an eviction it clears set bits and
 *   advances until it finds a clear bit: that frame is the victim, the new page
 *   goes there with its bit set, and the hand moves on to the next frame.
 * - second-chance: a FIFO queue whose head, if its bit is set, has the bit
 *   cleared and goes to the back. It evicts exactly what clock evicts (the
 *   queue is the clock circle read from the hand); kept as its own code so the
 *   two can be shown side by side and tested against each other.
 * - lfu: the fewest references since loaded (the load counts as one); ties: the
 *   page loaded earliest.
 * - nru: reference bits are cleared every `nru_period` ticks (at the start of
 *   each tick that is a multiple of it); evict from the lowest class
 *   2*referenced + dirty, ties by the lowest frame number.
 * - rand: a uniformly random frame, from the machine's rng.
 * - A victim written since it was loaded is written back (counted).
 *
 * - Pinning (the full machine): a frame being filled by a page-in is pinned
 *   until its process retries the access. A pinned frame is invisible to the
 *   policy (out of its queue, heap or classes; clock's hand and rand pass it
 *   by); unpinning puts it back as if just referenced (fifo, second-chance:
 *   at the tail, i.e. loaded now). The quick modes never pin.
 *
 * - Changing the policy live (pager_set_policy, between references): the
 *   resident pages stay where they are, with their dirty and reference bits,
 *   and the new policy's structure is rebuilt from what every policy keeps
 *   per frame, so it is what that policy would hold had it always run on
 *   the same resident set:
 *     fifo, second-chance: the queue in the order the pages last joined a
 *       FIFO queue (loaded, unpinned, or sent to the back by second-chance);
 *     lru, mru: the queue in the order of last use;
 *     lfu: each page's references since it was loaded;
 *     opt: each page's next use, given by the caller (it knows the future);
 *     clock: the bits as they are (a policy that never clears them leaves
 *       them all set, the load sets them), the hand where it was (frame 0
 *       if clock never ran);
 *     nru: the classes from the bits as they are; the current period goes on
 *       (the next clear comes at the next multiple of nru_period);
 *     rand: nothing.
 *   Pinned frames stay pinned and join the new policy when unpinned.
 *
 * Cost: O(1) per reference for fifo, lru, mru, second-chance and clock
 * (amortised), O(log frames) for opt and lfu (an indexed heap) and nru (one
 * bitmap tree per class; a periodic clear costs what setting the bits cost). */
#ifndef TICKOS_PAGER_H
#define TICKOS_PAGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "rng.h"

struct clone_ctx;

#define PAGER_MAX_FRAMES 1048576u
#define PAGER_NEVER      UINT64_MAX
#define PAGER_NRU_PERIOD 8u          /* default ticks between reference-bit clears */
#define PAGER_NRU_MAX    1000000000u /* largest nru_period accepted */

typedef enum pager_policy {
    PAGER_FIFO,
    PAGER_LRU,
    PAGER_OPT,
    PAGER_MRU,
    PAGER_CLOCK,
    PAGER_SECOND_CHANCE,
    PAGER_LFU,
    PAGER_NRU,
    PAGER_RAND,
    PAGER_POLICY_COUNT
} pager_policy;

/* Event kinds of the memory subsystem (pager, MMU, TLB); EV_MEM_BASE range.
 * Formatted by mem_events.c. pid is the page's owner where there is one. */
enum {
    EV_MEM_HIT = EV_MEM_BASE, /* a = page, b = frame, c = write */
    EV_MEM_FAULT,             /* a = page, b = frame, c = write | 2 if a victim made room */
    EV_MEM_EVICT,             /* pid = victim owner, a = page, b = frame, c = dirty | policy << 1 */
    EV_MEM_SWEEP,             /* clock / second-chance: a = bits cleared, b = victim frame,
                                 c = policy */
    EV_MEM_NRU_CLEAR,         /* a = reference bits that were set, b = period */
    EV_MEM_TLB_HIT,           /* a = vpn, b = frame */
    EV_MEM_TLB_MISS,          /* a = vpn */
    EV_MEM_TLB_REPLACE,       /* TLB full: pid = old entry's pid, a = its vpn, b = new vpn */
    EV_MEM_TLB_INVAL,         /* a = vpn whose entry was removed (its page was evicted) */
    EV_MEM_TLB_FLUSH,         /* a = entries dropped, b = pid switched to (-1 unknown) */
    EV_MEM_PT_ALLOC,          /* a = directory index, b = page-table pages now in use */
    EV_MEM_TRANSLATE,         /* a = vaddr, b = paddr, c = frame | write << 32 */
    EV_MEM_PROT,              /* protection fault: a = vaddr, b = pte flags, c = write */
    EV_MEM_POLICY,            /* replacement policy changed live: a = old, b = new,
                                 c = resident pages kept | pagers rebuilt << 32 */
};

/* One frame. Indices (not pointers) link frames, so the state stays plain data. */
typedef struct pager_frame {
    uint64_t page;
    uint64_t load_seq; /* order of loading: smaller loaded earlier */
    uint64_t key;      /* opt: next use; lfu: references since loaded */
    /* Kept under every policy, so a live change can rebuild any policy's
     * order (pager_set_policy): when the page last joined a FIFO queue
     * (loaded, unpinned, given a second chance), when it was last used, and
     * its references since loaded (lfu's count). */
    uint64_t enq_seq;
    uint64_t use_seq;
    uint64_t uses;
    uint32_t owner;
    int32_t hnext; /* next frame in the same hash bucket, -1 none */
    int32_t prev;  /* queue (fifo, lru, mru, second-chance), -1 none */
    int32_t next;
    int32_t heap_pos; /* position in the opt/lfu heap, -1 none */
    uint8_t used;
    uint8_t dirty;  /* written since loaded */
    uint8_t ref;    /* reference bit: clock, second-chance, nru */
    uint8_t pinned; /* held for a page-in: never a victim */
} pager_frame;

/* A set of frame numbers: a 64-ary bitmap tree, so "lowest member >= i" costs
 * O(log64 n). Used for free frames and for nru's four classes. */
typedef struct pager_bits {
    uint64_t *w;
    uint32_t off[5], len[5]; /* words of each level inside w */
    int nlev;
    uint32_t n;
} pager_bits;

typedef struct pager {
    pager_policy policy;
    uint32_t nframes;
    uint32_t nused;
    uint32_t nru_period;
    pager_frame *frames;
    int32_t *buckets;   /* hash of (owner, page) -> first frame, -1 empty */
    uint32_t nbuckets;  /* a power of two */
    int32_t head, tail; /* the queue: head = oldest / least recently used */
    uint32_t hand;      /* clock */
    int32_t *heap;      /* opt (max next use) / lfu (min count) */
    uint32_t heap_len;
    pager_bits free_set;
    pager_bits nru_class[4]; /* nru only: resident frames by 2 * referenced + dirty */
    int32_t *recent;         /* nru: frames referenced in the current period */
    uint32_t nrecent, recent_cap;
    uint64_t nru_epoch; /* now / nru_period of the current period */
    uint64_t load_seq;
    uint64_t stamp; /* source of enq_seq and use_seq */
    uint32_t npinned;
    uint64_t hits, misses, writebacks, evictions;
} pager;

/* One memory reference. */
typedef struct pager_ref {
    uint32_t owner; /* pid owning the page */
    uint64_t page;  /* virtual page number */
    bool write;
    uint64_t now;      /* tick */
    uint64_t next_use; /* opt: tick of this page's next reference, PAGER_NEVER if none */
} pager_ref;

typedef struct pager_result {
    bool hit;
    uint32_t frame;
    bool evicted;
    uint32_t victim_owner;
    uint64_t victim_page;
    bool writeback; /* the victim was dirty and was written back */
    uint32_t swept; /* clock, second-chance: reference bits cleared to find the victim */
} pager_result;

/* nframes in 1..PAGER_MAX_FRAMES, nru_period in 1..PAGER_NRU_MAX (only nru
 * uses it). Returns 0, or -1 on a bad argument or ENOMEM (pg then needs no
 * pager_free, but pager_free is harmless). */
int pager_init(pager *pg, pager_policy policy, uint32_t nframes, uint32_t nru_period);
void pager_free(pager *pg);
/* Makes *dst a deep copy of src (clone.h). */
void pager_clone(struct clone_ctx *cx, pager *dst, const pager *src);

/* A reference by page: a hit if resident, else a fault (pager_fault). Emits
 * EV_MEM_HIT or the fault's events to log (may be NULL). r: needed by rand. */
void pager_access(pager *pg, const pager_ref *ref, rng *r, evlog *log, pager_result *res);
/* A reference to a page known to be resident in `frame` (the MMU found it in a
 * page table or TLB): updates the policy's state and the dirty bit. Emits
 * nothing but nru's periodic clear. */
void pager_touch(pager *pg, uint32_t frame, const pager_ref *ref, evlog *log);
/* A reference to a page known NOT to be resident: loads it into the lowest free
 * frame or into a victim's. Emits EV_MEM_EVICT (and EV_MEM_SWEEP), EV_MEM_FAULT. */
void pager_fault(pager *pg, const pager_ref *ref, rng *r, evlog *log, pager_result *res);

/* Pinning (see above). pager_fault needs a victim when no frame is free:
 * pager_has_victim tells whether there is one (an unpinned resident frame). */
void pager_pin(pager *pg, uint32_t frame);
/* ref: the access that releases the pin (opt: its next_use; nru: the tick). */
void pager_unpin(pager *pg, uint32_t frame, const pager_ref *ref);
bool pager_has_victim(const pager *pg);
/* nru: starts the period holding `now` if it is a new one (otherwise done
 * lazily at the next reference) and returns how many reference bits that
 * cleared. Emits nothing. Other policies: 0. */
uint32_t pager_nru_advance(pager *pg, uint64_t now);

/* Switches pg to policy np before the reference at tick now (rules above).
 * opt_keys: for opt, each frame's next use, indexed by frame (NULL: never
 * used again); ignored otherwise. Returns 0 (also when np is the policy
 * already), or -1 on a bad policy or ENOMEM, pg unchanged. O(frames log
 * frames). */
int pager_set_policy(pager *pg, pager_policy np, uint64_t now, const uint64_t *opt_keys);

/* The frame holding (owner, page), or -1. */
int32_t pager_lookup(const pager *pg, uint32_t owner, uint64_t page);
/* Frees a frame without writing it back (its process exited). */
void pager_release(pager *pg, uint32_t frame);

const char *pager_policy_name(pager_policy p);
/* 0 and *out set, or -1 for an unknown name. */
int pager_policy_parse(const char *name, pager_policy *out);
/* "fifo|lru|opt|..." for usage text and error messages. */
const char *pager_policy_list(void);

/* For a trace of n keys, next[i] = the smallest j > i with keys[j] == keys[i],
 * or UINT32_MAX. One backward pass with a hash map. Returns 0, or -1 on ENOMEM. */
int pager_next_uses(const uint32_t *keys, uint32_t n, uint32_t *next);

/* The `paging` quick mode (paging_mode.c): replays pages[i] (written when
 * writes[i]) one per tick. Takes ownership of both arrays (malloc'd, n entries),
 * also on failure. record: keep per-access results for the report. Returns 0,
 * or -1 on ENOMEM or bad sizes. */
struct machine;
int paging_mode_attach(struct machine *m, pager_policy policy, uint32_t frames, uint32_t nru_period,
                       uint32_t *pages, uint8_t *writes, uint32_t n, bool record);
/* Changes the paging mode's policy live (pager_set_policy). opt is exact
 * here: each resident page's next use is read from the trace. Returns 0, or
 * -1 (not the paging mode, ENOMEM: nothing changed). */
int paging_mode_set_policy(struct machine *m, pager_policy policy);
/* opt's keys for a one-owner pager replaying trace[pos..n) of pages (the
 * quick modes): each resident page's next index, PAGER_NEVER if none.
 * keys has pg->nframes entries. */
void pager_trace_keys(const pager *pg, const uint32_t *trace, uint32_t pos, uint32_t n,
                      uint64_t *keys);
/* The pager of a machine in paging mode (for views), else NULL. */
const pager *paging_mode_pager(const struct machine *m);

/* The bitmap tree (exposed for tests). */
int pager_bits_init(pager_bits *b, uint32_t n, bool full);
void pager_bits_free(pager_bits *b);
void pager_bits_clone(struct clone_ctx *cx, pager_bits *dst, const pager_bits *src);
void pager_bits_set(pager_bits *b, uint32_t i);
void pager_bits_clear(pager_bits *b, uint32_t i);
bool pager_bits_has(const pager_bits *b, uint32_t i);
/* The smallest member >= i, or -1. */
int64_t pager_bits_next(const pager_bits *b, uint32_t i);

#endif
