/* mcache: the full machine's per-CPU caches (rules in mcache.h). */
#include "mcache.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "clone.h"
#include "report.h"
#include "vm.h"

void mcache_config_default(mcache_config *c) {
    *c = (mcache_config){.proto = COH_MESI, .sets = 1, .ways = 4, .line = 64};
}

int mcache_attach(machine *m, const mcache_config *cfg, char *err, size_t errlen) {
    const vm *v = m->vm;
    const char *bad = NULL;
    if (!v)
        bad = "caches: they need the machine's memory (they are fed by physical addresses)";
    else if ((unsigned)cfg->proto >= COH_NPROTO)
        bad = "caches: unknown protocol";
    else if (!cache_geometry_ok(cfg->sets, cfg->ways, cfg->line))
        bad = "caches: a line is a power of two of 4 to 4096 bytes, sets 1 to 65536, ways 1 to "
              "64, sets x ways at most 262144";
    else if (cfg->line > v->cfg.page_size)
        bad = "caches: a line may not be larger than a page";
    if (bad) {
        snprintf(err, errlen, "%s", bad);
        return -1;
    }
    mcache *mc = calloc(1, sizeof *mc);
    bool ok =
        mc && coherence_init(&mc->coh, cfg->proto, m->ncpus, cfg->sets, cfg->ways, cfg->line) == 0;
    /* Physical memory is frames x page_size: its lines, in regions of a frame. */
    uint32_t shift = 0;
    while ((cfg->line << shift) < v->cfg.page_size)
        shift++;
    if (ok && coherence_track(&mc->coh, (uint64_t)v->cfg.frames << shift, shift) != 0) {
        coherence_free(&mc->coh);
        ok = false;
    }
    if (!ok) {
        free(mc);
        snprintf(err, errlen, "caches: out of memory");
        return -1;
    }
    mc->cfg = *cfg;
    mc->last.cpu = -1;
    mc->last.pid = -1;
    mcache_destroy(m->caches);
    m->caches = mc;
    return 0;
}

void mcache_destroy(mcache *mc) {
    if (!mc)
        return;
    coherence_free(&mc->coh);
    free(mc);
}

mcache *mcache_clone(clone_ctx *cx, const mcache *mc) {
    mcache *d = clone_dup(cx, mc, sizeof *mc);
    if (d)
        coherence_clone(cx, &d->coh, &mc->coh);
    return d;
}

void mcache_ref(machine *m, int cpu, int32_t pid, bool write, uint64_t paddr) {
    mcache *mc = m->caches;
    coherence_access(&mc->coh, cpu, write, paddr, &mc->last);
    mc->last.pid = pid;
    coherence_emit(&mc->last, &m->log, m->tick);
}

void mcache_frame_lost(machine *m, uint32_t frame, int32_t pid, bool evicted) {
    mcache *mc = m->caches;
    uint32_t dirty = 0;
    uint32_t n = coherence_drop_region(&mc->coh, frame, evicted, &dirty);
    if (n)
        evlog_emit(&m->log, m->tick, EV_CACHE_FRAME, -1, pid, frame, n,
                   (int64_t)dirty | (int64_t)evicted << 32);
}

int mcache_set_protocol(machine *m, coh_protocol p, uint32_t *to_shared, uint32_t *wrote) {
    mcache *mc = m->caches;
    if (!mc || coherence_set_protocol(&mc->coh, p, to_shared, wrote) != 0)
        return -1;
    mc->cfg.proto = p;
    return 0;
}

const coh *mcache_coh(const machine *m) {
    return m->caches ? &m->caches->coh : NULL;
}

const coh_result *mcache_last(const machine *m) {
    return m->caches && m->caches->last.cpu >= 0 ? &m->caches->last : NULL;
}

/* What coherence_stats_json leaves out: the totals the full machine adds. */
static void add_more(cJSON *o, const coh_stats *st) {
    report_add_int(o, "bus_transactions", (long long)(st->bus_rd + st->bus_rdx + st->bus_upgr));
    report_add_int(o, "frame_invalidations", (long long)st->frame_invalidations);
    report_add_int(o, "frame_writebacks", (long long)st->frame_writebacks);
    uint64_t refs = st->hits + st->misses;
    cJSON_AddNumberToObject(o, "hit_rate", refs ? (double)st->hits / (double)refs : 0.0);
}

void mcache_report(const machine *m, cJSON *out, bool summary) {
    (void)summary;
    const mcache *mc = m->caches;
    if (!mc)
        return;
    cJSON *o = cJSON_AddObjectToObject(out, "caches");
    if (!o)
        return;
    const coh *c = &mc->coh;
    cJSON_AddStringToObject(o, "protocol", coh_protocol_name(c->proto));
    report_add_int(o, "cpus", c->ncpus);
    report_add_int(o, "sets", mc->cfg.sets);
    report_add_int(o, "ways", mc->cfg.ways);
    report_add_int(o, "line", mc->cfg.line);
    report_add_int(o, "references", (long long)(c->total.hits + c->total.misses));
    coherence_stats_json(o, &c->total);
    add_more(o, &c->total);
    cJSON *per = cJSON_AddArrayToObject(o, "per_cpu");
    for (int k = 0; per && k < c->ncpus; k++) {
        cJSON *p = cJSON_CreateObject();
        if (!p)
            break;
        const coh_stats *st = &c->per_cpu[k];
        report_add_int(p, "cpu", k);
        report_add_int(p, "references", (long long)(st->hits + st->misses));
        coherence_stats_json(p, st);
        add_more(p, st);
        report_add_int(p, "lines", cache_count_valid(&c->caches[k]));
        cJSON_AddItemToArray(per, p);
    }
}
