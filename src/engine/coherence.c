#include "coherence.h"

#include <stdlib.h>
#include <string.h>

#include "clone.h"

/* ---- The transition tables ---- */

/* clang-format off */
#define R(bus, shared, alone) {COH_BUS_##bus, COH_##shared, COH_##alone}

/* Processor side: [protocol][state][0 read, 1 write] -> bus transaction and
 * the requester's next state (when another cache holds the line, when none
 * does). States a protocol never reaches (E in MSI, O outside MOESI) repeat
 * MOESI's row so the table is total. */
static const coh_proc_rule PROC[COH_NPROTO][COH_NSTATES][2] = {
    /*                 read               write */
    [COH_MSI] = {
        [COH_I] = {R(RD, S, S),      R(RDX, M, M)},
        [COH_S] = {R(NONE, S, S),    R(UPGR, M, M)},
        [COH_E] = {R(NONE, E, E),    R(NONE, M, M)},
        [COH_O] = {R(NONE, O, O),    R(UPGR, M, M)},
        [COH_M] = {R(NONE, M, M),    R(NONE, M, M)},
    },
    [COH_MESI] = {
        [COH_I] = {R(RD, S, E),      R(RDX, M, M)},
        [COH_S] = {R(NONE, S, S),    R(UPGR, M, M)},
        [COH_E] = {R(NONE, E, E),    R(NONE, M, M)},
        [COH_O] = {R(NONE, O, O),    R(UPGR, M, M)},
        [COH_M] = {R(NONE, M, M),    R(NONE, M, M)},
    },
    [COH_MOESI] = {
        [COH_I] = {R(RD, S, E),      R(RDX, M, M)},
        [COH_S] = {R(NONE, S, S),    R(UPGR, M, M)},
        [COH_E] = {R(NONE, E, E),    R(NONE, M, M)},
        [COH_O] = {R(NONE, O, O),    R(UPGR, M, M)},
        [COH_M] = {R(NONE, M, M),    R(NONE, M, M)},
    },
};
#undef R

#define FL  COH_F_FLUSH
#define SU  COH_F_SUPPLY
#define INV COH_F_INVAL
#define S_(next, flags) {COH_##next, (flags)}

/* Snoop side: [protocol][state][bus] -> the snooper's next state and what it
 * does. An I line ignores the bus. BusUpgr only meets S (or O) copies: the E
 * and M cells for it are unreachable and made harmless. */
static const coh_snoop_rule SNOOP[COH_NPROTO][COH_NSTATES][COH_NBUS] = {
    /*                 none       BusRd           BusRdX             BusUpgr */
    [COH_MSI] = {
        [COH_I] = {S_(I, 0), S_(I, 0),       S_(I, 0),          S_(I, 0)},
        [COH_S] = {S_(S, 0), S_(S, 0),       S_(I, INV),        S_(I, INV)},
        [COH_E] = {S_(E, 0), S_(S, 0),       S_(I, INV),        S_(I, INV)},
        [COH_O] = {S_(O, 0), S_(O, SU),      S_(I, SU),         S_(I, INV)},
        [COH_M] = {S_(M, 0), S_(S, FL | SU), S_(I, FL | SU),    S_(I, FL)},
    },
    [COH_MESI] = {
        [COH_I] = {S_(I, 0), S_(I, 0),       S_(I, 0),          S_(I, 0)},
        [COH_S] = {S_(S, 0), S_(S, 0),       S_(I, INV),        S_(I, INV)},
        [COH_E] = {S_(E, 0), S_(S, 0),       S_(I, INV),        S_(I, INV)},
        [COH_O] = {S_(O, 0), S_(O, SU),      S_(I, SU),         S_(I, INV)},
        [COH_M] = {S_(M, 0), S_(S, FL | SU), S_(I, FL | SU),    S_(I, FL)},
    },
    [COH_MOESI] = {
        [COH_I] = {S_(I, 0), S_(I, 0),       S_(I, 0),          S_(I, 0)},
        [COH_S] = {S_(S, 0), S_(S, 0),       S_(I, INV),        S_(I, INV)},
        [COH_E] = {S_(E, 0), S_(S, 0),       S_(I, INV),        S_(I, INV)},
        [COH_O] = {S_(O, 0), S_(O, SU),      S_(I, SU),         S_(I, INV)},
        [COH_M] = {S_(M, 0), S_(O, SU),      S_(I, SU),         S_(I, FL)},
    },
};
#undef FL
#undef SU
#undef INV
#undef S_
/* clang-format on */

const coh_proc_rule *coh_proc_rule_of(coh_protocol p, coh_state s, bool write) {
    return &PROC[p][s][write ? 1 : 0];
}

const coh_snoop_rule *coh_snoop_rule_of(coh_protocol p, coh_state s, coh_bus b) {
    return &SNOOP[p][s][b];
}

bool coh_state_dirty(coh_state s) {
    return s == COH_M || s == COH_O;
}

const char *coh_state_name(coh_state s) {
    static const char *const names[COH_NSTATES] = {"I", "S", "E", "O", "M"};
    return (unsigned)s < COH_NSTATES ? names[s] : "?";
}

const char *coh_bus_name(coh_bus b) {
    static const char *const names[COH_NBUS] = {NULL, "BusRd", "BusRdX", "BusUpgr"};
    return (unsigned)b < COH_NBUS ? names[b] : NULL;
}

static const char *const PROTO_NAMES[COH_NPROTO] = {"msi", "mesi", "moesi"};

const char *coh_protocol_name(coh_protocol p) {
    return (unsigned)p < COH_NPROTO ? PROTO_NAMES[p] : "?";
}

int coh_protocol_parse(const char *name) {
    for (int p = 0; p < COH_NPROTO; p++) {
        if (strcmp(name, PROTO_NAMES[p]) == 0)
            return p;
    }
    return -1;
}

const char *coh_miss_name(coh_miss k) {
    static const char *const names[COH_NMISS] = {"", "cold", "coherence", "replacement"};
    return (unsigned)k < COH_NMISS ? names[k] : "";
}

/* ---- Departure history, for miss classification ---- */

static uint32_t hist_hash(uint64_t line, int cpu) {
    uint64_t x = line * 0x9E3779B97F4A7C15ull ^ (uint64_t)(cpu + 1) * 0xC2B2AE3D27D4EB4Full;
    x ^= x >> 31;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 29;
    return (uint32_t)x;
}

/* The slot of (line, cpu), or of the empty slot where it would go. */
static uint32_t hist_find(const coh_hist *h, uint64_t line, int cpu) {
    uint32_t mask = h->cap - 1;
    uint32_t i = hist_hash(line, cpu) & mask;
    while (h->cpu1[i] != 0 && !(h->cpu1[i] == cpu + 1 && h->line[i] == line))
        i = (i + 1) & mask;
    return i;
}

static bool hist_grow(coh_hist *h) {
    uint32_t ncap = h->cap ? h->cap * 2 : 1024;
    if (ncap > COH_HIST_MAX)
        return false;
    coh_hist n = {.cap = ncap, .with_gen = h->with_gen};
    n.line = malloc(ncap * sizeof *n.line);
    n.cpu1 = calloc(ncap, 1);
    n.why = malloc(ncap);
    n.gen = h->with_gen ? malloc(ncap * sizeof *n.gen) : NULL;
    if (!n.line || !n.cpu1 || !n.why || (h->with_gen && !n.gen)) {
        free(n.line);
        free(n.cpu1);
        free(n.why);
        free(n.gen);
        return false;
    }
    for (uint32_t i = 0; i < h->cap; i++) {
        if (h->cpu1[i] == 0)
            continue;
        uint32_t j = hist_find(&n, h->line[i], h->cpu1[i] - 1);
        n.line[j] = h->line[i];
        n.cpu1[j] = h->cpu1[i];
        n.why[j] = h->why[i];
        if (n.gen)
            n.gen[j] = h->gen[i];
    }
    n.n = h->n;
    free(h->line);
    free(h->cpu1);
    free(h->why);
    free(h->gen);
    *h = n;
    return true;
}

/* The generation of line's region (0 without tracking). */
static uint32_t line_gen(const coh *c, uint64_t line) {
    uint64_t r = line >> c->track.region_shift;
    return c->track.gen && r < c->track.nregions ? c->track.gen[r] : 0;
}

static void copies_add(coh *c, uint64_t line, int d) {
    if (c->track.copies && line < c->track.nlines)
        c->track.copies[line] = (uint8_t)(c->track.copies[line] + d);
}

static void hist_note(coh_hist *h, uint64_t line, int cpu, coh_miss why, uint32_t gen) {
    if (h->full)
        return;
    /* Keep the load under 3/4 so probes stay short. */
    if ((uint64_t)(h->n + 1) * 4 > (uint64_t)h->cap * 3 && !hist_grow(h)) {
        h->full = true;
        return;
    }
    uint32_t i = hist_find(h, line, cpu);
    if (h->cpu1[i] == 0) {
        h->line[i] = line;
        h->cpu1[i] = (uint8_t)(cpu + 1);
        h->n++;
    }
    h->why[i] = (uint8_t)why;
    if (h->gen)
        h->gen[i] = gen;
}

/* A line that left with its region at another generation held other data. */
static coh_miss hist_classify(const coh_hist *h, uint64_t line, int cpu, uint32_t gen) {
    if (h->cap == 0)
        return COH_MISS_COLD;
    uint32_t i = hist_find(h, line, cpu);
    if (!h->cpu1[i] || (h->gen && h->gen[i] != gen))
        return COH_MISS_COLD;
    return (coh_miss)h->why[i];
}

static void hist_free(coh_hist *h) {
    free(h->line);
    free(h->cpu1);
    free(h->why);
    free(h->gen);
    memset(h, 0, sizeof *h);
}

/* ---- The bus ---- */

int coherence_init(coh *c, coh_protocol p, int ncpus, uint32_t sets, uint32_t ways, uint32_t line) {
    memset(c, 0, sizeof *c);
    if ((unsigned)p >= COH_NPROTO || ncpus < 1 || ncpus > COH_MAX_CPUS)
        return -1;
    c->proto = p;
    for (int i = 0; i < ncpus; i++) {
        if (cache_init(&c->caches[i], sets, ways, line) != 0) {
            coherence_free(c);
            return -1;
        }
        c->ncpus = i + 1;
    }
    return 0;
}

void coherence_free(coh *c) {
    for (int i = 0; i < c->ncpus; i++)
        cache_free(&c->caches[i]);
    hist_free(&c->hist);
    free(c->track.copies);
    free(c->track.gen);
    memset(c, 0, sizeof *c);
}

void coherence_clone(clone_ctx *cx, coh *dst, const coh *src) {
    *dst = *src;
    for (int i = 0; i < COH_MAX_CPUS; i++)
        cache_clone(cx, &dst->caches[i], &src->caches[i]);
    const coh_hist *h = &src->hist; /* open addressing: every slot may be in use */
    dst->hist.line = clone_dup(cx, h->line, h->cap * sizeof *h->line);
    dst->hist.cpu1 = clone_dup(cx, h->cpu1, h->cap);
    dst->hist.why = clone_dup(cx, h->why, h->cap);
    dst->hist.gen = clone_dup(cx, h->gen, h->cap * sizeof *h->gen);
    const coh_track *t = &src->track; /* sized as coherence_track allocates them */
    dst->track.copies = clone_dup(cx, t->copies, t->nlines ? t->nlines : 1);
    dst->track.gen = clone_dup(cx, t->gen, (t->nregions ? t->nregions : 1) * sizeof *t->gen);
}

int coherence_track(coh *c, uint64_t nlines, uint32_t region_shift) {
    coh_track t = {.nlines = nlines,
                   .region_shift = region_shift,
                   .nregions = (nlines + (1ull << region_shift) - 1) >> region_shift};
    if (c->hist.cap || c->track.nlines || region_shift >= 64 || t.nregions > UINT32_MAX)
        return -1; /* before the first reference, once */
    t.gen = calloc(t.nregions ? t.nregions : 1, sizeof *t.gen);
    if (nlines <= COH_TRACK_MAX_LINES)
        t.copies = calloc(nlines ? nlines : 1, 1);
    if (!t.gen || (nlines <= COH_TRACK_MAX_LINES && !t.copies)) {
        free(t.gen);
        free(t.copies);
        return -1;
    }
    c->track = t;
    c->hist.with_gen = true;
    return 0;
}

static void count_bus(coh_stats *s, coh_bus bus) {
    switch (bus) {
        case COH_BUS_RD: s->bus_rd++; break;
        case COH_BUS_RDX: s->bus_rdx++; break;
        case COH_BUS_UPGR: s->bus_upgr++; break;
        default: break;
    }
}

int coherence_access(coh *c, int cpu, bool write, uint64_t addr, coh_result *res) {
    if (cpu < 0 || cpu >= c->ncpus)
        return -1;
    cache *rq = &c->caches[cpu];
    uint64_t lineno = cache_line_of(rq, addr);
    int32_t slot = cache_lookup(rq, lineno);
    coh_state from = slot >= 0 ? (coh_state)rq->state[slot] : COH_I;
    const coh_proc_rule *rule = coh_proc_rule_of(c->proto, from, write);
    coh_stats *mine = &c->per_cpu[cpu];

    memset(res, 0, sizeof *res);
    res->cpu = cpu;
    res->pid = -1;
    res->write = write;
    res->addr = addr;
    res->line_addr = lineno << rq->line_shift;
    res->hit = from != COH_I;
    res->bus = rule->bus;
    res->from = (uint8_t)from;
    res->supplier = -1;

    /* The bus transaction: every other cache looks the line up in its set,
     * unless the snoop filter knows none holds it. */
    bool shared = false;
    bool snoop =
        !c->track.copies || lineno >= c->track.nlines || c->track.copies[lineno] > (from != COH_I);
    uint32_t gen = line_gen(c, lineno);
    if (rule->bus != COH_BUS_NONE) {
        count_bus(&c->total, rule->bus);
        count_bus(mine, rule->bus);
        for (int o = 0; snoop && o < c->ncpus; o++) {
            if (o == cpu)
                continue;
            cache *oc = &c->caches[o];
            int32_t os = cache_lookup(oc, lineno);
            if (os < 0)
                continue;
            shared = true;
            coh_state st = (coh_state)oc->state[os];
            const coh_snoop_rule *sr = coh_snoop_rule_of(c->proto, st, (coh_bus)rule->bus);
            oc->state[os] = sr->next;
            coh_snoop_rec *rec = &res->snoops[res->nsnoops++];
            rec->cpu = (int8_t)o;
            rec->from = (uint8_t)st;
            rec->to = sr->next;
            rec->flags = sr->flags;
            if (sr->flags & COH_F_FLUSH) {
                c->total.writebacks++;
                c->per_cpu[o].writebacks++;
            }
            if (sr->flags & COH_F_INVAL) {
                c->total.invalidations++;
                c->per_cpu[o].invalidations++;
            }
            if ((sr->flags & COH_F_SUPPLY) && res->supplier < 0) {
                res->supplier = o;
                c->total.supplies++;
                c->per_cpu[o].supplies++;
            }
            if (sr->next == COH_I) {
                hist_note(&c->hist, lineno, o, COH_MISS_COHERENCE, gen);
                copies_add(c, lineno, -1);
            }
        }
    }

    coh_state to = (coh_state)(shared ? rule->next_shared : rule->next_alone);
    res->to = (uint8_t)to;
    if (res->hit) {
        c->total.hits++;
        mine->hits++;
        rq->state[slot] = (uint8_t)to;
        cache_touch(rq, slot);
        return 0;
    }

    coh_miss kind = hist_classify(&c->hist, lineno, cpu, gen);
    res->miss = (uint8_t)kind;
    c->total.misses++;
    c->total.miss_kind[kind]++;
    mine->misses++;
    mine->miss_kind[kind]++;

    int32_t victim = cache_victim(rq, lineno);
    coh_state vs = (coh_state)rq->state[victim];
    if (vs != COH_I) {
        res->evicted = true;
        res->victim_state = (uint8_t)vs;
        res->victim_addr = rq->tag[victim] << rq->line_shift;
        if (coh_state_dirty(vs)) {
            res->victim_wb = true;
            c->total.writebacks++;
            mine->writebacks++;
        }
        hist_note(&c->hist, rq->tag[victim], cpu, COH_MISS_REPLACEMENT,
                  line_gen(c, rq->tag[victim]));
        copies_add(c, rq->tag[victim], -1);
    }
    cache_fill(rq, victim, lineno, (uint8_t)to);
    copies_add(c, lineno, 1);
    return 0;
}

coh_state coherence_state(const coh *c, int cpu, uint64_t addr) {
    if (cpu < 0 || cpu >= c->ncpus)
        return COH_I;
    const cache *k = &c->caches[cpu];
    int32_t s = cache_lookup(k, cache_line_of(k, addr));
    return s >= 0 ? (coh_state)k->state[s] : COH_I;
}

void coherence_states(const coh *c, uint64_t addr, uint8_t *out) {
    for (int i = 0; i < c->ncpus; i++)
        out[i] = (uint8_t)coherence_state(c, i, addr);
}

void coherence_emit(const coh_result *res, evlog *log, uint64_t tick) {
    int64_t b = COH_EV_ACCESS_B(res->write, res->hit, res->bus, res->from, res->to);
    int64_t cval = (int64_t)res->miss | (int64_t)(res->supplier + 1) << 4;
    evlog_emit(log, tick, EV_CACHE_ACCESS, res->cpu, res->pid, (int64_t)res->line_addr, b, cval);
    for (int i = 0; i < res->nsnoops; i++) {
        const coh_snoop_rec *s = &res->snoops[i];
        int64_t sb = COH_EV_ACCESS_B(0, 0, res->bus, s->from, s->to);
        evlog_emit(log, tick, EV_CACHE_SNOOP, s->cpu, -1, (int64_t)res->line_addr, sb, s->flags);
    }
    if (res->evicted) {
        evlog_emit(log, tick, EV_CACHE_EVICT, res->cpu, -1, (int64_t)res->victim_addr,
                   res->victim_state, res->victim_wb);
    }
}

/* ---- Lines whose data left memory (the full machine) ---- */

/* Drops slot s of cache k; returns whether it was dirty. */
static bool drop_slot(coh *c, int k, uint32_t s, bool writeback) {
    cache *ca = &c->caches[k];
    bool dirty = coh_state_dirty((coh_state)ca->state[s]);
    ca->state[s] = CACHE_INVALID;
    c->per_cpu[k].frame_invalidations++;
    c->total.frame_invalidations++;
    if (dirty && writeback) {
        c->per_cpu[k].frame_writebacks++;
        c->total.frame_writebacks++;
        c->per_cpu[k].writebacks++;
        c->total.writebacks++;
    }
    return dirty;
}

uint32_t coherence_drop_region(coh *c, uint64_t region, bool writeback, uint32_t *dirty) {
    uint32_t dropped = 0, nd = 0;
    uint64_t first = region << c->track.region_shift, n = 1ull << c->track.region_shift;
    if (c->track.gen && region < c->track.nregions)
        c->track.gen[region]++; /* what its lines held before is gone: cold */
    if (c->track.copies && first + n <= c->track.nlines) {
        /* The counts say which lines have copies, and how many to find. */
        for (uint64_t l = first; l < first + n; l++) {
            uint32_t left = c->track.copies[l];
            for (int k = 0; left && k < c->ncpus; k++) {
                int32_t s = cache_lookup(&c->caches[k], l);
                if (s >= 0) {
                    nd += drop_slot(c, k, (uint32_t)s, writeback);
                    dropped++;
                    left--;
                }
            }
            c->track.copies[l] = 0;
        }
    } else {
        for (int k = 0; k < c->ncpus; k++) {
            cache *ca = &c->caches[k];
            if (n <= ca->sets) { /* look each line up */
                for (uint64_t l = first; l < first + n; l++) {
                    int32_t s = cache_lookup(ca, l);
                    if (s >= 0) {
                        nd += drop_slot(c, k, (uint32_t)s, writeback);
                        dropped++;
                    }
                }
            } else { /* more lines than sets: one pass over the cache is cheaper */
                for (uint32_t s = 0; s < ca->sets * ca->ways; s++) {
                    if (ca->state[s] != CACHE_INVALID && ca->tag[s] - first < n) {
                        nd += drop_slot(c, k, s, writeback);
                        dropped++;
                    }
                }
            }
        }
    }
    if (dirty)
        *dirty = nd;
    return dropped;
}

/* ---- A live protocol change ---- */

int coherence_set_protocol(coh *c, coh_protocol p, uint32_t *to_shared, uint32_t *wrote) {
    if ((unsigned)p >= COH_NPROTO)
        return -1;
    uint32_t e = 0, o = 0;
    for (int k = 0; k < c->ncpus && p != COH_MOESI; k++) {
        cache *ca = &c->caches[k];
        for (uint32_t s = 0; s < ca->sets * ca->ways; s++) {
            if (ca->state[s] == COH_E && p == COH_MSI) {
                ca->state[s] = COH_S;
                e++;
            } else if (ca->state[s] == COH_O) {
                ca->state[s] = COH_S;
                c->per_cpu[k].writebacks++;
                c->total.writebacks++;
                o++;
            }
        }
    }
    c->proto = p;
    if (to_shared)
        *to_shared = e;
    if (wrote)
        *wrote = o;
    return 0;
}
