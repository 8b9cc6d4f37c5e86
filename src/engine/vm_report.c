/* vm_report: the "memory" object of a demo or sched report when the machine
 * has memory (keys are additions; the sched keys are unchanged). */
#include <cjson/cJSON.h>

#include "report.h"
#include "vm.h"

void vm_report(const machine *m, cJSON *out, bool summary) {
    (void)summary;
    const vm *v = m->vm;
    if (!v)
        return;
    const vm_config *c = &v->cfg;
    vm_stats st;
    vm_stats_get(m, &st);
    cJSON *mem = cJSON_AddObjectToObject(out, "memory");
    if (!mem)
        return;
    report_add_int(mem, "frames", c->frames);
    report_add_int(mem, "page_size", c->page_size);
    report_add_int(mem, "levels", c->levels);
    cJSON_AddStringToObject(mem, "policy", pager_policy_name(c->policy));
    if (c->policy == PAGER_NRU)
        report_add_int(mem, "nru_period", c->nru_period);
    cJSON_AddStringToObject(mem, "replacement", c->local ? "local" : "global");
    if (c->local)
        report_add_int(mem, "quota", c->quota);
    report_add_int(mem, "tlb", c->tlb_entries);
    cJSON_AddStringToObject(mem, "tlb_mode", c->tlb_tagged ? "tagged" : "flush");
    report_add_int(mem, "fault_time", c->fault_time);
    report_add_int(mem, "writeback_time", c->writeback_time);
    report_add_int(mem, "window", c->window);
    report_add_int(mem, "references", (long long)st.refs);
    report_add_int(mem, "faults", (long long)st.faults);
    report_add_int(mem, "evictions", (long long)st.evictions);
    report_add_int(mem, "writebacks", (long long)st.writebacks);
    report_add_int(mem, "tlb_hits", (long long)st.tlb_hits);
    report_add_int(mem, "tlb_misses", (long long)st.tlb_misses);
    uint64_t lookups = st.tlb_hits + st.tlb_misses;
    cJSON_AddNumberToObject(mem, "tlb_hit_rate",
                            lookups ? (double)st.tlb_hits / (double)lookups : 0.0);
    report_add_int(mem, "frames_used", st.frames_used);
    report_add_int(mem, "swap_pages", st.swap_pages);
    report_add_int(mem, "working_sets", st.ws_total);
    cJSON_AddNumberToObject(mem, "fault_rate", st.fault_rate);
    cJSON_AddBoolToObject(mem, "thrashing", st.thrashing);
    report_add_int(mem, "thrash_episodes", st.thrash_episodes);
    report_add_int(mem, "thrash_first", st.thrash_first);
    if (v->nsegs) { /* shared memory (vm_share.c) */
        cJSON *sh = cJSON_AddArrayToObject(mem, "shared");
        for (uint32_t i = 0; sh && i < v->nsegs; i++) {
            const vm_segment *sg = &v->segs[i];
            cJSON *o = cJSON_CreateObject();
            if (!o)
                break;
            cJSON_AddStringToObject(o, "name", sg->name);
            report_add_int(o, "base", sg->base);
            report_add_int(o, "pages", sg->pages);
            report_add_int(o, "frame", sg->frame);
            report_add_int(o, "maps", sg->maps);
            cJSON_AddItemToArray(sh, o);
        }
    }
    cJSON *procs = cJSON_AddArrayToObject(mem, "procs");
    for (uint32_t i = 0; procs && i < m->nprocs; i++) {
        vm_proc_view pv;
        vm_proc_get(m, m->procs[i].pid, &pv);
        if (!pv.refs && !pv.faults && !pv.has_memory)
            continue;
        cJSON *o = cJSON_CreateObject();
        if (!o)
            break;
        report_add_int(o, "id", m->procs[i].pid);
        report_add_int(o, "references", (long long)pv.refs);
        report_add_int(o, "faults", (long long)pv.faults);
        report_add_int(o, "tlb_hits", (long long)pv.tlb_hits);
        report_add_int(o, "tlb_misses", (long long)pv.tlb_misses);
        report_add_int(o, "resident", pv.resident);
        report_add_int(o, "working_set", pv.ws);
        report_add_int(o, "page_table_pages", pv.table_pages);
        cJSON_AddItemToArray(procs, o);
    }
}
