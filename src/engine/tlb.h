/* tlb: a translation lookaside buffer, fully associative with LRU replacement.
 *
 * Entries map (pid, vpn) -> frame. Tagging every entry with the pid lets the
 * machine choose between the two classic designs: flush the whole TLB on a
 * context switch (tlb_flush), or keep entries of several processes side by
 * side (tagged: lookups simply match the pid). A TLB of 0 entries is "no TLB":
 * lookups miss without being counted, inserts do nothing.
 *
 * O(1) per operation: a chained hash over entry indices and an LRU list. */
#ifndef TICKOS_TLB_H
#define TICKOS_TLB_H

#include <stdbool.h>
#include <stdint.h>

struct clone_ctx;

#define TLB_MAX_ENTRIES 4096u

typedef struct tlb_entry {
    uint64_t vpn;
    uint32_t pid;
    uint32_t frame;
    int32_t prev, next; /* LRU list when valid, free list (next) when not */
    int32_t hnext;      /* hash chain */
    uint8_t valid;
} tlb_entry;

typedef struct tlb {
    uint32_t cap; /* entries; 0: no TLB */
    uint32_t used;
    tlb_entry *e;
    int32_t *buckets;
    uint32_t nbuckets; /* a power of two */
    int32_t lru, mru;  /* list ends */
    int32_t free_head;
    uint64_t hits, misses;
} tlb;

/* entries in 0..TLB_MAX_ENTRIES. Returns 0, or -1 (bad size, ENOMEM). */
int tlb_init(tlb *t, uint32_t entries);
void tlb_free(tlb *t);
/* Makes *dst a deep copy of src (clone.h). */
void tlb_clone(struct clone_ctx *cx, tlb *dst, const tlb *src);

/* A hit makes the entry the most recently used and counts a hit; a miss counts
 * a miss (neither is counted without a TLB). */
bool tlb_lookup(tlb *t, uint32_t pid, uint64_t vpn, uint32_t *frame);
/* Adds or updates (pid, vpn) -> frame as the most recently used entry. When the
 * TLB is full the least recently used entry makes room: returns true and its
 * pid and vpn. */
bool tlb_insert(tlb *t, uint32_t pid, uint64_t vpn, uint32_t frame, uint32_t *old_pid,
                uint64_t *old_vpn);
/* Removes (pid, vpn); true if it was there. */
bool tlb_invalidate(tlb *t, uint32_t pid, uint64_t vpn);
/* Removes every entry (or every entry of one pid); returns how many. */
uint32_t tlb_flush(tlb *t);
uint32_t tlb_flush_pid(tlb *t, uint32_t pid);

#endif
