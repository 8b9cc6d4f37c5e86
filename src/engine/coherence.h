/* coherence: per-CPU caches kept coherent over one snooping bus, and the
 * trace-driven `mesi` quick mode built on it (shared/spec/headless.md, "mesi").
 *
 * The protocols are data: for every (protocol, state, processor op) the table
 * coh_proc_rule_of gives the bus transaction issued and the requester's next
 * state (which may depend on whether another cache holds the line: the
 * "shared" signal); for every (protocol, state, snooped transaction) the table
 * coh_snoop_rule_of gives the snooper's next state and whether it flushes
 * (writes back), supplies the data, or counts as invalidated.
 *
 * MESI is Illinois MESI exactly as the spec's table. MSI has no E: a read miss
 * with no other copy gets S, and a write hit in S issues BusUpgr even when no
 * one else holds the line. MOESI choices (not pinned by the spec):
 *   - M snooping BusRd -> O and supplies the data, without a memory write-back
 *     (the owner stays responsible for the dirty line);
 *   - O snooping BusRd stays O and supplies the data;
 *   - M or O snooping BusRdX -> I and hands the dirty data to the writer cache
 *     to cache: neither a write-back nor an invalidation (as MESI's M flush is
 *     not an invalidation);
 *   - O snooping BusUpgr -> I (counted as an invalidation; the writer already
 *     has the data); a write hit in O issues BusUpgr -> M;
 *   - a dirty line (M or O) evicted from a full set is written back.
 * In every protocol S and E lines that go to I on BusRdX/BusUpgr count as
 * invalidations; an M line flushing on BusRd or BusRdX (MSI, MESI) counts as a
 * write-back, not an invalidation.
 *
 * coherence_access performs one reference: the requester's lookup, the bus
 * transaction, the snoop in every other cache (a lookup of the line's set in
 * each: O(cpus * ways)), the fill and eviction, and the statistics. */
#ifndef TICKOS_COHERENCE_H
#define TICKOS_COHERENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cache.h"

struct clone_ctx;

#define COH_MAX_CPUS 16

typedef enum coh_protocol { COH_MSI, COH_MESI, COH_MOESI, COH_NPROTO } coh_protocol;

/* Line states; COH_I is CACHE_INVALID. */
typedef enum coh_state { COH_I = CACHE_INVALID, COH_S, COH_E, COH_O, COH_M, COH_NSTATES } coh_state;

typedef enum coh_bus { COH_BUS_NONE, COH_BUS_RD, COH_BUS_RDX, COH_BUS_UPGR, COH_NBUS } coh_bus;

/* What a snooping cache does besides changing state. */
enum {
    COH_F_FLUSH = 1,  /* writes the dirty line back to memory (counted in writebacks) */
    COH_F_SUPPLY = 2, /* puts its dirty data on the bus for the requester */
    COH_F_INVAL = 4,  /* its copy is invalidated (counted in invalidations) */
};

/* Why a miss missed: the line was never in this cache, it was invalidated by
 * another CPU's write, or it was evicted to make room (capacity or conflict). */
typedef enum coh_miss {
    COH_MISS_NONE,
    COH_MISS_COLD,
    COH_MISS_COHERENCE,
    COH_MISS_REPLACEMENT,
    COH_NMISS
} coh_miss;

typedef struct coh_proc_rule {
    uint8_t bus;         /* coh_bus issued */
    uint8_t next_shared; /* requester's state when another cache holds the line */
    uint8_t next_alone;  /* ... when none does */
} coh_proc_rule;

typedef struct coh_snoop_rule {
    uint8_t next;  /* snooper's next state */
    uint8_t flags; /* COH_F_* */
} coh_snoop_rule;

const coh_proc_rule *coh_proc_rule_of(coh_protocol p, coh_state s, bool write);
const coh_snoop_rule *coh_snoop_rule_of(coh_protocol p, coh_state s, coh_bus b);
/* M and O hold data newer than memory. */
bool coh_state_dirty(coh_state s);

/* "M", "O", "E", "S", "I". */
const char *coh_state_name(coh_state s);
/* "BusRd", "BusRdX", "BusUpgr"; NULL for none. */
const char *coh_bus_name(coh_bus b);
/* "msi", "mesi", "moesi". */
const char *coh_protocol_name(coh_protocol p);
/* The protocol named (lower case), or -1. */
int coh_protocol_parse(const char *name);
/* "cold", "coherence", "replacement"; "" for none. */
const char *coh_miss_name(coh_miss k);

/* Counters. In the totals, invalidations and writebacks count lines; per CPU,
 * hits/misses/bus_* are what that CPU did and invalidations/writebacks/
 * supplies are what happened to its lines. */
typedef struct coh_stats {
    uint64_t hits, misses;
    uint64_t bus_rd, bus_rdx, bus_upgr;
    uint64_t invalidations, writebacks;
    uint64_t supplies; /* cache-to-cache transfers of dirty data */
    uint64_t miss_kind[COH_NMISS];
    /* The full machine (mcache.h): lines dropped because their page left its
     * frame, and how many of them were dirty and written back first (also
     * counted in writebacks). Always 0 in the mesi mode. */
    uint64_t frame_invalidations, frame_writebacks;
} coh_stats;

/* Which caches held the line and how they changed. */
typedef struct coh_snoop_rec {
    int8_t cpu;
    uint8_t from, to;
    uint8_t flags; /* COH_F_* */
} coh_snoop_rec;

/* What one reference did. */
typedef struct coh_result {
    int cpu;
    int32_t pid; /* the process that made it (the full machine), -1: none (set by the caller) */
    bool write;
    uint64_t addr, line_addr;
    bool hit;
    uint8_t bus;      /* coh_bus */
    uint8_t from, to; /* requester's state of the line before and after */
    uint8_t miss;     /* coh_miss; COH_MISS_NONE on a hit */
    int supplier;     /* the CPU that supplied dirty data, -1: memory or none */
    bool evicted;     /* a valid line left the requester's set */
    uint8_t victim_state;
    bool victim_wb;
    uint64_t victim_addr;
    int nsnoops; /* caches that held the line when the transaction was snooped */
    coh_snoop_rec snoops[COH_MAX_CPUS];
} coh_result;

/* Lines that left a cache, by (cpu, line), to classify later misses: open
 * addressing, grown by doubling up to COH_HIST_MAX slots; beyond that (or on
 * ENOMEM) it stops growing and unknown lines are classified as cold. */
#define COH_HIST_MAX (1u << 25)
typedef struct coh_hist {
    uint64_t *line;
    uint8_t *cpu1; /* cpu + 1; 0 = empty slot */
    uint8_t *why;  /* coh_miss the next miss of that line would be */
    uint32_t *gen; /* with tracking: its region's generation when noted, else NULL */
    uint32_t cap, n;
    bool full, with_gen;
} coh_hist;

/* Tracking (the full machine, coherence_track): physical lines 0..nlines-1
 * in regions of 2^region_shift lines (page frames). */
#define COH_TRACK_MAX_LINES (1u << 24) /* beyond: no per-line copy counts */
typedef struct coh_track {
    uint64_t nlines;       /* 0: no tracking */
    uint8_t *copies;       /* per line: valid copies in all caches; NULL: too many lines */
    uint32_t region_shift; /* lines per region = 1 << region_shift */
    uint64_t nregions;
    uint32_t *gen; /* per region: bumped when its data is replaced */
} coh_track;

typedef struct coh {
    coh_protocol proto;
    int ncpus;
    cache caches[COH_MAX_CPUS];
    coh_stats total;
    coh_stats per_cpu[COH_MAX_CPUS];
    coh_hist hist;
    coh_track track;
} coh;

/* ncpus in [1, COH_MAX_CPUS], geometry as cache_init. Returns 0, or -1 on a
 * bad argument or ENOMEM (then coherence_free is harmless). */
int coherence_init(coh *c, coh_protocol p, int ncpus, uint32_t sets, uint32_t ways, uint32_t line);
void coherence_free(coh *c);
/* Makes *dst a deep copy of src: caches, departure history, tracking (clone.h). */
void coherence_clone(struct clone_ctx *cx, coh *dst, const coh *src);
/* One reference by cpu. Fills *res. Returns 0, or -1 when cpu is out of range. */
int coherence_access(coh *c, int cpu, bool write, uint64_t addr, coh_result *res);
/* The state of the line holding addr in cpu's cache (COH_I when absent). O(ways). */
coh_state coherence_state(const coh *c, int cpu, uint64_t addr);
/* The same for every CPU: out[0 .. ncpus-1]. */
void coherence_states(const coh *c, uint64_t addr, uint8_t *out);
/* Emits the events of one reference (EV_CACHE_*, cache.h) at tick. */
void coherence_emit(const coh_result *res, evlog *log, uint64_t tick);
/* The full machine: tracks physical line numbers 0..nlines-1 in regions of
 * 2^region_shift lines (its page frames). Per line, the number of caches
 * holding a copy: a snoop filter, so a bus transaction that no other cache
 * can answer looks in none (the outcome is the same); not kept above
 * COH_TRACK_MAX_LINES lines. Per region, a generation, bumped by
 * coherence_drop_region, against which departures are noted: a miss on a line
 * whose region got new data since the CPU last held it is cold. Returns 0, or
 * -1 on ENOMEM (nothing is tracked then). */
int coherence_track(coh *c, uint64_t nlines, uint32_t region_shift);
/* Drops every cached copy of region's lines from every cache: their data
 * left memory (a page left its frame). With writeback, dirty copies are
 * written back first. Counted per CPU and in total as frame_invalidations and
 * frame_writebacks (and writebacks); the next miss on those lines is cold in
 * every CPU. Returns the copies dropped, and the dirty ones in *dirty.
 * O(lines per region) with per-line counts, plus O(ways) a copy per cache;
 * without them O(cpus * min(lines per region, sets) * ways). */
uint32_t coherence_drop_region(coh *c, uint64_t region, bool writeback, uint32_t *dirty);

/* Changes the protocol live, between references. Each valid line keeps its
 * data and gets a state the new protocol has:
 *   M and S stay (every protocol has them; an S line alone is not promoted
 *   to E: that takes a bus transaction);
 *   E stays under MESI and MOESI; under MSI it becomes S (it is clean, so
 *   nothing is written; its next write issues BusUpgr);
 *   O stays under MOESI; under MSI and MESI the owner writes the line back
 *   and it becomes S (the other copies are S already: all clean now),
 *   counted in writebacks (the total and the owner CPU's).
 * *to_shared gets the E lines made S, *wrote the O lines written back (may
 * be NULL). Returns 0, or -1 on a bad protocol. O(cpus * sets * ways). */
int coherence_set_protocol(coh *c, coh_protocol p, uint32_t *to_shared, uint32_t *wrote);

/* The counters of one coh_stats as report keys (hits, misses, bus_rd,
 * bus_rdx, bus_upgr, invalidations, writebacks, supplies, miss_kinds), for the
 * mesi mode's report and the full machine's "caches" (coh_report.c). */
struct cJSON;
void coherence_stats_json(struct cJSON *o, const coh_stats *st);

/* Packing of EV_CACHE_* event fields (see cache.h). */
#define COH_EV_ACCESS_B(w, hit, bus, from, to)                                         \
    ((int64_t)(w) | (int64_t)(hit) << 1 | (int64_t)(bus) << 2 | (int64_t)(from) << 4 | \
     (int64_t)(to) << 8)
#define COH_EV_BUS(b)  ((int)(((b) >> 2) & 3))
#define COH_EV_FROM(b) ((int)(((b) >> 4) & 7))
#define COH_EV_TO(b)   ((int)(((b) >> 8) & 7))

/* ---- The `mesi` quick mode: a trace of references, one per tick. ---- */

#define MESI_MAX_REFS   10000000u /* references per trace */
#define MESI_REPORT_MAX 100000u   /* accesses listed in a full report; the rest are counted */

struct subsys_ops;
/* The subsystem machine_attach takes (machine.h). */
extern const struct subsys_ops mesi_mode_ops;

typedef struct mesi_config {
    coh_protocol proto;
    int ncpus;
    uint32_t sets, ways, line;
    bool record; /* keep what the per-access report array needs (off with --summary) */
} mesi_config;

/* A trace: ref i is by cpus[i], a write when write[i], at addr[i]. Takes
 * ownership of the three malloc'd arrays (freed even on failure). Returns the
 * subsystem state for machine_attach, or NULL on a bad argument or ENOMEM. */
void *mesi_mode_create(const mesi_config *cfg, uint64_t *addr, uint8_t *cpus, uint8_t *write,
                       size_t n);
/* The mesi mode's protocol changed live (coherence_set_protocol). Returns
 * 0, or -1 when m is not in the mesi mode or p is bad. */
struct machine;
int mesi_mode_set_protocol(struct machine *m, coh_protocol p, uint32_t *to_shared, uint32_t *wrote);
/* The coherence state of a mesi subsystem (for views). */
const coh *mesi_mode_coh(const void *self);

#endif
