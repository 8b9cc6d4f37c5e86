/* mmu: per-process page tables and address translation over the pager.
 *
 * Virtual addresses are 32 bits: a virtual page number (vpn) and an offset of
 * page_shift bits. With levels 1 the page table is linear: one PTE per vpn.
 * With levels 2 the vpn splits into a directory index and a table index; a
 * page-table page exists only for directory entries in use, allocated on the
 * first reference below it. For 4 KiB pages the split is 10/10/12; for other
 * page sizes the vpn bits are halved, the directory taking the odd bit
 * (8 KiB pages: 10/9/13).
 *
 * A PTE is one 32-bit word laid out like x86's: the frame number in the high 20
 * bits, flags in the low 12. Pages are mapped read-write on first touch (a
 * demand-zero page); mmu_protect can drop rights, and a write to a page without
 * MMU_PTE_WRITE is a protection fault.
 *
 * mmu_translate: the TLB first (if any); on a miss the walk; if the page is not
 * present a page fault asks the pager for a frame (lowest free, else a victim
 * chosen by the policy). The victim's PTE is cleared and its TLB entry removed
 * from the TLB passed in; other CPUs' TLBs are the caller's to shoot down (the
 * result names the victim). A write sets the dirty bit; a dirty victim is
 * written back. Every reference, TLB hit or not, is a reference for the
 * replacement policy (as if the hardware kept the bits the policy reads).
 *
 * Host storage for a linear table is allocated in 1024-PTE chunks as touched,
 * which saves memory without changing what is simulated. */
#ifndef TICKOS_MMU_H
#define TICKOS_MMU_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "pager.h"
#include "rng.h"
#include "tlb.h"

struct clone_ctx;

#define MMU_ADDR_BITS     32
#define MMU_PAGE_SIZE_MIN 256u
#define MMU_PAGE_SIZE_MAX 16777216u
#define MMU_MAX_PIDS      65536u

typedef uint32_t mmu_pte;
#define MMU_PTE_PRESENT     0x001u
#define MMU_PTE_READ        0x002u
#define MMU_PTE_WRITE       0x004u
#define MMU_PTE_EXEC        0x008u
#define MMU_PTE_REFERENCED  0x020u
#define MMU_PTE_DIRTY       0x040u
#define MMU_PTE_VALID       0x100u /* part of the address space */
#define MMU_PTE_FRAME_SHIFT 12
#define MMU_PTE_FRAME(p)    ((uint32_t)(p) >> MMU_PTE_FRAME_SHIFT)

/* One process's page table. tables holds ntables pages of 1 << table_bits PTEs;
 * dir maps a directory index to its page, -1 none. */
typedef struct mmu_space {
    bool active;
    int32_t *dir;
    mmu_pte *tables;
    uint32_t ntables, tables_cap;
    uint32_t resident; /* pages present */
} mmu_space;

typedef struct mmu {
    int levels;
    uint32_t page_size, page_shift, vpn_bits;
    uint32_t dir_bits, table_bits; /* levels 1: host storage chunks only */
    mmu_space *spaces;             /* indexed by pid */
    uint32_t nspaces;
    pager pg;
    uint64_t faults, prot_faults, tables_allocated;
} mmu;

typedef struct mmu_access {
    uint32_t pid;
    uint32_t vaddr;
    bool write;
    uint64_t now;
    uint64_t next_use; /* for opt: tick of the next reference to this page */
    int cpu;           /* for events; -1 none */
} mmu_access;

typedef struct mmu_result {
    uint32_t vaddr, vpn, offset, dir, table; /* dir, table: levels 2 */
    bool tlb_hit;
    bool fault;       /* page fault */
    bool prot_fault;  /* the access was refused */
    bool table_alloc; /* a page-table page was allocated */
    uint32_t frame;
    uint64_t paddr;
    bool evicted, writeback;
    uint32_t victim_pid, victim_vpn;
} mmu_result;

/* levels 1 or 2, page_size a power of two in MMU_PAGE_SIZE_MIN..MAX, the rest
 * as pager_init. Returns 0, or -1 on a bad argument or ENOMEM. */
int mmu_init(mmu *mm, int levels, uint32_t page_size, pager_policy policy, uint32_t nframes,
             uint32_t nru_period);
void mmu_free(mmu *mm);
/* Makes *dst a deep copy of src: page tables and pager (clone.h). */
void mmu_clone(struct clone_ctx *cx, mmu *dst, const mmu *src);
/* Page tables only, for a caller that keeps its own pagers (the full
 * machine's vm.c): mm->pg stays empty and mmu_translate must not be used. */
int mmu_tables_init(mmu *mm, int levels, uint32_t page_size);

/* vpn, offset, dir and table of vaddr. */
void mmu_split(const mmu *mm, uint32_t vaddr, mmu_result *res);
/* One reference. t may be NULL or of 0 entries (no TLB). r: for rand; log may
 * be NULL. Returns 0, 1 for a protection fault (nothing changed but the TLB),
 * or -1 on ENOMEM / a pid >= MMU_MAX_PIDS. */
int mmu_translate(mmu *mm, tlb *t, const mmu_access *a, rng *r, evlog *log, mmu_result *res);

/* The PTE of (pid, vpn); 0 when there is none. */
mmu_pte mmu_pte_get(const mmu *mm, uint32_t pid, uint32_t vpn);
/* The PTE itself, to update: mmu_pte_walk creates the space and the
 * page-table page as needed (*alloc: a table page was allocated; NULL on
 * ENOMEM, a pid >= MMU_MAX_PIDS or a vpn out of range); mmu_pte_at only finds
 * one that exists (NULL otherwise). */
mmu_pte *mmu_pte_walk(mmu *mm, uint32_t pid, uint32_t vpn, bool *alloc);
mmu_pte *mmu_pte_at(mmu *mm, uint32_t pid, uint32_t vpn);
/* Sets the rights (MMU_PTE_READ|WRITE|EXEC) of a page, mapping it if needed.
 * The caller flushes TLB entries it holds. Returns 0 or -1. */
int mmu_protect(mmu *mm, uint32_t pid, uint32_t vpn, uint32_t rights);
/* Drops a process's page table and frees its frames (no write-back). */
void mmu_space_destroy(mmu *mm, uint32_t pid);
/* Page-table pages in use by pid (levels 2), and the table's simulated size in
 * bytes (levels 1: the whole linear table; levels 2: directory + pages in use). */
uint32_t mmu_table_pages(const mmu *mm, uint32_t pid);
uint64_t mmu_table_bytes(const mmu *mm, uint32_t pid);

/* The `translate` quick mode (translate_mode.c): one process (pid 0) making
 * the references addrs[i] (writes when writes[i]), one per tick, through one
 * TLB. Takes ownership of both arrays (malloc'd, n entries), also on failure.
 * record: keep per-access results for the report. Returns 0, or -1 on ENOMEM
 * or a bad configuration. */
typedef struct translate_config {
    int levels;
    uint32_t page_size;
    uint32_t frames;
    uint32_t tlb_entries;
    pager_policy policy;
    uint32_t nru_period;
} translate_config;

struct machine;
int translate_mode_attach(struct machine *m, const translate_config *cfg, uint32_t *addrs,
                          uint8_t *writes, uint32_t n, bool record);
/* Changes the translate mode's replacement policy live (pager_set_policy;
 * opt exact: next uses from the trace). Returns 0, or -1 (not the translate
 * mode, ENOMEM: nothing changed). */
int translate_mode_set_policy(struct machine *m, pager_policy policy);
/* The MMU and TLB of a machine in translate mode (for views), else NULL. */
const mmu *translate_mode_mmu(const struct machine *m);
const tlb *translate_mode_tlb(const struct machine *m);

#endif
