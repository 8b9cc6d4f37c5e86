/* cache: one CPU's private set-associative cache (sets x ways lines of `line`
 * bytes), LRU within a set.
 *
 * The cache only keeps tags, a per-line state byte and LRU stamps; what the
 * states mean is the coherence protocol's business (coherence.h). State 0 is
 * "invalid": such a way holds nothing and is the first choice for a fill.
 * Everything is plain arrays indexed by slot = set * ways + way, so a save can
 * write them out as they are. Every operation is O(ways). */
#ifndef TICKOS_CACHE_H
#define TICKOS_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"

struct clone_ctx;

/* Limits (documented in the mesi usage): sets x ways <= CACHE_MAX_LINES keeps
 * 16 caches under ~80 MB. */
#define CACHE_MIN_LINE  4
#define CACHE_MAX_LINE  4096
#define CACHE_MAX_SETS  65536
#define CACHE_MAX_WAYS  64
#define CACHE_MAX_LINES 262144

#define CACHE_INVALID 0

typedef struct cache {
    uint32_t sets, ways, line;
    uint32_t line_shift; /* log2(line) */
    uint32_t set_mask;   /* sets - 1 when sets is a power of two, else 0 */
    uint64_t clock;      /* LRU stamp source: bumped on every touch */
    uint64_t *tag;       /* line number (addr >> line_shift) held by each slot */
    uint64_t *used;      /* LRU stamp of each slot: larger = more recent */
    uint8_t *state;      /* protocol state of each slot; CACHE_INVALID = empty */
} cache;

/* line must be a power of two in [CACHE_MIN_LINE, CACHE_MAX_LINE], sets in
 * [1, CACHE_MAX_SETS] (any value: the set is the line number modulo sets), ways
 * in [1, CACHE_MAX_WAYS], sets * ways <= CACHE_MAX_LINES. Returns 0, or -1 on a
 * bad geometry or ENOMEM (c is then empty and cache_free is harmless). */
int cache_init(cache *c, uint32_t sets, uint32_t ways, uint32_t line);
void cache_free(cache *c);
/* Makes *dst a deep copy of src (clone.h). */
void cache_clone(struct clone_ctx *cx, cache *dst, const cache *src);
/* True when the geometry is one cache_init accepts. */
bool cache_geometry_ok(uint32_t sets, uint32_t ways, uint32_t line);

static inline uint64_t cache_line_of(const cache *c, uint64_t addr) {
    return addr >> c->line_shift;
}
static inline uint32_t cache_set_of(const cache *c, uint64_t lineno) {
    /* A snoop looks the line up in every other cache: a 64-bit division each
     * was a fifth of a mesi run, so powers of two take a mask. */
    if (c->set_mask || c->sets == 1)
        return (uint32_t)lineno & c->set_mask;
    return (uint32_t)(lineno % c->sets);
}

/* The slot holding line number lineno in a valid state, or -1. */
int32_t cache_lookup(const cache *c, uint64_t lineno);
/* Marks slot as the most recently used of its set. */
void cache_touch(cache *c, int32_t slot);
/* Where lineno would go: an invalid way of its set (the lowest), else the
 * least recently used way. The caller evicts what is there. */
int32_t cache_victim(const cache *c, uint64_t lineno);
/* Puts lineno in slot with state (not CACHE_INVALID) and touches it. */
void cache_fill(cache *c, int32_t slot, uint64_t lineno, uint8_t state);
/* Number of slots in a valid state (for views and tests; O(sets * ways)). */
uint32_t cache_count_valid(const cache *c);

/* Event kinds of caches and coherence (formatted by cache_events.c). Line
 * addresses are byte addresses of the line's first byte. Packed fields use
 * COH_PACK / the accessors in coherence.h. */
enum {
    /* A processor reference. cpu = requester; a = line address;
     * b = write | hit << 1 | bus << 2 | from << 4 | to << 8 (states before/after);
     * c = miss kind (coh_miss; 0 on a hit). */
    EV_CACHE_ACCESS = EV_CACHE_BASE,
    /* Another cache held the line and saw the bus transaction. cpu = snooper;
     * a = line address; b = bus | from << 4 | to << 8; c = COH_F_* flags. */
    EV_CACHE_SNOOP,
    /* A valid line left a full set to make room. cpu = owner; a = its line
     * address; b = its state; c = 1 when it was dirty and written back. */
    EV_CACHE_EVICT,
    /* The full machine (mcache.h): a frame's page left memory, so every cached
     * copy of the frame's lines was dropped. cpu = -1; pid = the page's owner;
     * a = frame; b = copies dropped; c = dirty copies | evicted << 32
     * (evicted: written back first; else the owner exited: discarded). */
    EV_CACHE_FRAME,
    /* The coherence protocol changed live (coherence_set_protocol). cpu = -1;
     * a = old protocol; b = new; c = E lines made S | O lines written back << 32. */
    EV_CACHE_PROTOCOL,
};

#endif
