/* substate: the inner state of the subsystems as JSON, for saves (state.h).
 * Writers only: a save is restored by replay, then compared with this. */
#ifndef TICKOS_SUBSTATE_H
#define TICKOS_SUBSTATE_H

#include "coherence.h"
#include "mcache.h"
#include "mmu.h"
#include "pager.h"
#include "resmgr.h"
#include "tlb.h"
#include "vm.h"

struct cJSON;

/* Resident frames [frame, owner, page, dirty, ref, load order, key], the
 * policy's queue from its head, the clock hand and the counters. */
void substate_pager(const pager *pg, struct cJSON *out);
/* Each address space's valid PTEs as [vpn, pte bits], with the pager. */
void substate_mmu(const mmu *mm, struct cJSON *out);
/* Entries from least to most recently used as [pid, vpn, frame]. */
void substate_tlb(const tlb *t, struct cJSON *out);
/* Each CPU's valid lines [set, tag, state, lru stamp] and statistics. */
void substate_coherence(const coh *c, struct cJSON *out);
/* The full machine's caches: substate_coherence's lines and statistics, and
 * each CPU's and the total frame_invalidations and frame_writebacks. */
void substate_mcache(const mcache *mc, struct cJSON *out);
/* The full machine's memory: frame owners, the pager(s), each process's
 * pending reference, generator and counters, page tables, TLBs, waiters,
 * shared segments. */
void substate_vm(const vm *v, uint32_t pid_base, struct cJSON *out);
/* Resources: types and what is free, each process's holdings, claims, wants,
 * grants and rollbacks, the waiting order. (The matrices are in the report.) */
void substate_res(const resmgr *r, uint32_t pid_base, struct cJSON *out);

#endif
