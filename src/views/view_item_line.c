/* The item dialog for a cache line: where it sits (CPU, set, way), its
 * address and tag, its state and what that means, its LRU place in its set,
 * the same line in every other CPU, and the last bus transactions on it
 * (from the log, as the caches pane reads them). */
#include <stdio.h>
#include <string.h>

#include "view_cache_int.h"
#include "view_item_int.h"

#define LINE_BUS     8 /* bus transactions listed */
#define STATES_A_ROW 8 /* other CPUs per line */

static const char *const state_about[COH_NSTATES] = {
    [COH_M] = "modified: dirty, the only copy (memory is stale)",
    [COH_O] = "owned: dirty and shared; this cache supplies it and writes it back",
    [COH_E] = "exclusive: clean, the only copy (a write needs no bus transaction)",
    [COH_S] = "shared: clean; other caches may hold it too",
    [COH_I] = "invalid: nothing usable (invalidated, or evicted)",
};

/* The slot's place among the valid ways of its set by recency (1: the most
 * recently used) and how many are valid. */
static uint32_t lru_rank(const cache *k, uint32_t slot, uint32_t *valid) {
    uint32_t set = slot / k->ways, rank = 1, n = 0;
    for (uint32_t w = 0; w < k->ways; w++) {
        uint32_t i = set * k->ways + w;
        if (k->state[i] == CACHE_INVALID)
            continue;
        n++;
        if (k->used[i] > k->used[slot])
            rank++;
    }
    *valid = n;
    return rank;
}

static void others(vlines *l, const coh *k, int cpu, uint64_t addr) {
    uint8_t st[COH_MAX_CPUS];
    coherence_states(k, addr, st);
    char buf[160];
    size_t used = 0;
    int on_row = 0;
    bool first = true;
    for (int c = 0; c < k->ncpus; c++) {
        if (c == cpu)
            continue;
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%sCPU%d %s", on_row ? ", " : "", c,
                                 coh_state_name((coh_state)st[c]));
        if (++on_row == STATES_A_ROW) {
            vlines_add(l, false, first ? "other CPUs" : "", "%s", buf);
            first = false;
            used = 0;
            on_row = 0;
        }
    }
    if (on_row || first)
        vlines_add(l, false, first ? "other CPUs" : "", "%s", on_row ? buf : "none (one CPU)");
}

static void bus_lines(vlines *l, const machine *m, uint64_t addr) {
    cache_access a[LINE_BUS];
    int n = cache_scan(m, addr, a, LINE_BUS, NULL, NULL);
    if (n == 0) {
        vlines_add(l, false, "bus", "no transaction on it among the last %u events",
                   VIEW_CACHE_SCAN);
        return;
    }
    vlines_add(l, false, "bus", "the last %d transaction%s on it, newest first:", n,
               n == 1 ? "" : "s");
    for (int i = 0; i < n; i++) {
        char snoops[160] = "";
        size_t used = 0;
        for (int s = 0; s < a[i].nsnoops && used < sizeof snoops; s++)
            used += (size_t)snprintf(snoops + used, sizeof snoops - used, "%sCPU%d %s->%s%s",
                                     s ? ", " : "", a[i].snoops[s].cpu,
                                     coh_state_name((coh_state)a[i].snoops[s].from),
                                     coh_state_name((coh_state)a[i].snoops[s].to),
                                     cache_snoop_effect(a[i].snoops[s].flags));
        vlines_add(l, false, NULL, "  t%llu  CPU%d %s %-7s  %s", (unsigned long long)a[i].tick,
                   a[i].cpu, a[i].write ? "write" : "read ", coh_bus_name((coh_bus)a[i].bus),
                   a[i].nsnoops ? snoops : "no other copy");
    }
}

void item_line(vlines *l, const machine *m, int cpu, uint32_t slot, char *title, size_t tn) {
    const coh *k = view_caches_coh(m);
    snprintf(title, tn, "Cache line");
    if (!k || cpu < 0 || cpu >= k->ncpus || slot >= k->caches[cpu].sets * k->caches[cpu].ways) {
        vlines_add(l, false, NULL, "no such cache line");
        return;
    }
    const cache *c = &k->caches[cpu];
    uint32_t set = slot / c->ways, way = slot % c->ways;
    snprintf(title, tn, "CPU%d set %u way %u", cpu, set, way);
    vlines_add(l, false, "where", "CPU%d, set %u of %u, way %u of %u (%s, %u-byte lines)", cpu, set,
               c->sets, way, c->ways, coh_protocol_name(k->proto), c->line);
    if (c->used[slot] == 0) {
        vlines_add(l, false, "holds", "nothing: the way was never filled");
        return;
    }
    uint64_t addr = c->tag[slot] << c->line_shift;
    vlines_add(l, false, "line", "0x%llx: tag 0x%llx (the address >> %u), bytes 0x%llx-0x%llx",
               (unsigned long long)addr, (unsigned long long)c->tag[slot], c->line_shift,
               (unsigned long long)addr, (unsigned long long)(addr + c->line - 1));
    int st = c->state[slot];
    vlines_add(l, true, "state", "%s, %s", coh_state_name((coh_state)st),
               st < COH_NSTATES ? state_about[st] : "?");
    uint32_t valid, rank = lru_rank(c, slot, &valid);
    char nth[24];
    if (st == COH_I)
        vlines_add(l, false, "LRU", "stamp %llu; invalid, so a fill may take this way first",
                   (unsigned long long)c->used[slot]);
    else
        vlines_add(l, false, "LRU", "stamp %llu: by recency %s of %u valid way%s in set %u",
                   (unsigned long long)c->used[slot], item_ordinal(rank, nth, sizeof nth), valid,
                   valid == 1 ? "" : "s", set);
    if (st != COH_I && valid == c->ways && c->ways > 1)
        vlines_add(l, false, "", "(the set is full: a fill evicts the least recent, the %s)",
                   item_ordinal(valid, nth, sizeof nth));
    others(l, k, cpu, addr);
    bus_lines(l, m, addr);
}
