#include "substate.h"

#include <cjson/cJSON.h>

#include "jsonv.h"
#include "report.h"

static cJSON *nums(int n, const uint64_t *v) {
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; a && i < n; i++)
        cJSON_AddItemToArray(a, jsonv_make_u64(v[i]));
    return a;
}

void substate_pager(const pager *pg, cJSON *out) {
    cJSON_AddStringToObject(out, "policy", pager_policy_name(pg->policy));
    report_add_int(out, "frames", pg->nframes);
    report_add_int(out, "used", pg->nused);
    cJSON *fr = cJSON_AddArrayToObject(out, "resident");
    for (uint32_t i = 0; fr && i < pg->nframes; i++) {
        const pager_frame *f = &pg->frames[i];
        if (!f->used)
            continue;
        uint64_t v[7] = {i, f->owner, f->page, f->dirty, f->ref, f->load_seq, f->key};
        cJSON_AddItemToArray(fr, nums(7, v));
    }
    cJSON *q = cJSON_AddArrayToObject(out, "queue");
    uint32_t guard = 0;
    for (int32_t i = pg->head; q && i >= 0 && guard++ < pg->nframes; i = pg->frames[i].next)
        cJSON_AddItemToArray(q, cJSON_CreateNumber(i));
    report_add_int(out, "hand", pg->hand);
    cJSON_AddItemToObject(out, "nru_epoch", jsonv_make_u64(pg->nru_epoch));
    cJSON_AddItemToObject(out, "load_seq", jsonv_make_u64(pg->load_seq));
    uint64_t c[4] = {pg->hits, pg->misses, pg->writebacks, pg->evictions};
    cJSON_AddItemToObject(out, "hits_misses_writebacks_evictions", nums(4, c));
}

void substate_mmu(const mmu *mm, cJSON *out) {
    report_add_int(out, "levels", mm->levels);
    report_add_int(out, "page_size", mm->page_size);
    cJSON *spaces = cJSON_AddArrayToObject(out, "spaces");
    size_t per = (size_t)1 << mm->table_bits;
    uint32_t ndir = 1u << (mm->vpn_bits - mm->table_bits);
    for (uint32_t pid = 0; spaces && pid < mm->nspaces; pid++) {
        const mmu_space *sp = &mm->spaces[pid];
        if (!sp->active)
            continue;
        cJSON *o = cJSON_CreateObject();
        report_add_int(o, "pid", pid);
        report_add_int(o, "resident", sp->resident);
        report_add_int(o, "table_pages", sp->ntables);
        cJSON *ptes = cJSON_AddArrayToObject(o, "ptes");
        for (uint32_t d = 0; d < ndir; d++) {
            if (sp->dir[d] < 0)
                continue;
            const mmu_pte *t = &sp->tables[(size_t)sp->dir[d] * per];
            for (size_t i = 0; i < per; i++) {
                if (!t[i])
                    continue;
                uint64_t v[2] = {((uint64_t)d << mm->table_bits) | i, t[i]};
                cJSON_AddItemToArray(ptes, nums(2, v));
            }
        }
        cJSON_AddItemToArray(spaces, o);
    }
    uint64_t c[3] = {mm->faults, mm->prot_faults, mm->tables_allocated};
    cJSON_AddItemToObject(out, "faults_prot_tables", nums(3, c));
    substate_pager(&mm->pg, cJSON_AddObjectToObject(out, "pager"));
}

void substate_tlb(const tlb *t, cJSON *out) {
    report_add_int(out, "entries", t->cap);
    cJSON *e = cJSON_AddArrayToObject(out, "lru_to_mru");
    uint32_t guard = 0;
    for (int32_t i = t->lru; e && i >= 0 && guard++ < t->cap; i = t->e[i].next) {
        uint64_t v[3] = {t->e[i].pid, t->e[i].vpn, t->e[i].frame};
        cJSON_AddItemToArray(e, nums(3, v));
    }
    uint64_t c[2] = {t->hits, t->misses};
    cJSON_AddItemToObject(out, "hits_misses", nums(2, c));
}

static cJSON *stats_json(const coh_stats *s) {
    cJSON *o = cJSON_CreateObject();
    uint64_t v[8] = {s->hits,     s->misses,        s->bus_rd,     s->bus_rdx,
                     s->bus_upgr, s->invalidations, s->writebacks, s->supplies};
    cJSON_AddItemToObject(o, "hits_misses_rd_rdx_upgr_inval_wb_supply", nums(8, v));
    cJSON_AddItemToObject(o, "miss_kinds", nums(COH_NMISS, s->miss_kind));
    return o;
}

void substate_coherence(const coh *c, cJSON *out) {
    cJSON_AddStringToObject(out, "protocol", coh_protocol_name(c->proto));
    cJSON *cpus = cJSON_AddArrayToObject(out, "cpus");
    for (int k = 0; cpus && k < c->ncpus; k++) {
        const cache *ca = &c->caches[k];
        cJSON *o = cJSON_CreateObject();
        cJSON *lines = cJSON_AddArrayToObject(o, "lines");
        for (uint32_t i = 0; i < ca->sets * ca->ways; i++) {
            if (ca->state[i] == CACHE_INVALID)
                continue;
            cJSON *l = cJSON_CreateArray();
            cJSON_AddItemToArray(l, cJSON_CreateNumber(i / ca->ways));
            cJSON_AddItemToArray(l, jsonv_make_u64(ca->tag[i]));
            cJSON_AddItemToArray(l, cJSON_CreateString(coh_state_name((coh_state)ca->state[i])));
            cJSON_AddItemToArray(l, jsonv_make_u64(ca->used[i]));
            cJSON_AddItemToArray(lines, l);
        }
        cJSON_AddItemToObject(o, "stats", stats_json(&c->per_cpu[k]));
        cJSON_AddItemToArray(cpus, o);
    }
    cJSON_AddItemToObject(out, "total", stats_json(&c->total));
}

void substate_mcache(const mcache *mc, cJSON *out) {
    const coh *c = &mc->coh;
    report_add_int(out, "sets", mc->cfg.sets);
    report_add_int(out, "ways", mc->cfg.ways);
    report_add_int(out, "line", mc->cfg.line);
    substate_coherence(c, out);
    cJSON *fr = cJSON_AddArrayToObject(out, "frame_invalidations_writebacks");
    for (int k = 0; fr && k <= c->ncpus; k++) { /* each CPU, then the total */
        const coh_stats *st = k < c->ncpus ? &c->per_cpu[k] : &c->total;
        uint64_t v[2] = {st->frame_invalidations, st->frame_writebacks};
        cJSON_AddItemToArray(fr, nums(2, v));
    }
}

void substate_vm(const vm *v, uint32_t pid_base, cJSON *out) {
    report_add_int(out, "frames", v->cfg.frames);
    cJSON *fr = cJSON_AddArrayToObject(out, "frame_owner");
    for (uint32_t f = 0; fr && f < v->cfg.frames; f++)
        cJSON_AddItemToArray(fr, cJSON_CreateNumber(v->frame_pid[f]));
    if (!v->cfg.local)
        substate_pager(&v->gpg, cJSON_AddObjectToObject(out, "pager"));
    cJSON *procs = cJSON_AddArrayToObject(out, "procs");
    for (uint32_t i = 0; procs && i < v->nprocs; i++) {
        const vm_proc *p = &v->procs[i];
        if (!p->started)
            continue;
        cJSON *o = cJSON_CreateObject();
        report_add_int(o, "pid", (long long)pid_base + i);
        uint64_t flags[8] = {p->exited,
                             p->waiting,
                             p->pending,
                             p->pend_write,
                             p->pend_faulted,
                             p->pend_vaddr,
                             (uint64_t)(int64_t)p->pinned,
                             p->resident};
        cJSON_AddItemToObject(o, "exited_waiting_pending_write_faulted_vaddr_pinned_resident",
                              nums(8, flags));
        uint64_t c[6] = {p->idx, p->ws, p->refs, p->faults, p->tlb_hits, p->tlb_misses};
        cJSON_AddItemToObject(o, "idx_ws_refs_faults_tlbhits_tlbmisses", nums(6, c));
        cJSON_AddItemToObject(o, "gen", nums(4, p->gen.r.s));
        uint64_t g[2] = {p->gen.hot_base, p->gen.count};
        cJSON_AddItemToObject(o, "gen_hot_count", nums(2, g));
        if (p->pg)
            substate_pager(p->pg, cJSON_AddObjectToObject(o, "pager"));
        cJSON_AddItemToArray(procs, o);
    }
    substate_mmu(&v->mm, cJSON_AddObjectToObject(out, "page_tables"));
    cJSON *tlbs = cJSON_AddArrayToObject(out, "tlbs");
    for (int c = 0; tlbs && c < MACHINE_MAX_CPUS; c++) {
        if (!v->cpu[c].tl.cap)
            continue;
        cJSON *o = cJSON_CreateObject();
        report_add_int(o, "cpu", c);
        report_add_int(o, "owner", v->cpu[c].owner);
        substate_tlb(&v->cpu[c].tl, o);
        cJSON_AddItemToArray(tlbs, o);
    }
    if (v->nsegs) {
        cJSON *sh = cJSON_AddArrayToObject(out, "shared");
        for (uint32_t i = 0; sh && i < v->nsegs; i++) {
            const vm_segment *sg = &v->segs[i];
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "name", sg->name);
            uint64_t f[4] = {sg->base, sg->pages, sg->frame, sg->maps};
            cJSON_AddItemToObject(o, "base_pages_frame_maps", nums(4, f));
            cJSON_AddItemToArray(sh, o);
        }
    }
    cJSON *w = cJSON_AddArrayToObject(out, "frame_waiters");
    for (uint32_t i = 0; w && i < v->nwaiters; i++)
        cJSON_AddItemToArray(w, cJSON_CreateNumber(v->waiters[i]));
    uint64_t t[9] = {v->refs,       v->faults,      v->tlb_hits,   v->tlb_misses,     v->evictions,
                     v->writebacks, v->frames_used, v->swap_pages, v->thrash_episodes};
    cJSON_AddItemToObject(out, "refs_faults_tlbhits_tlbmisses_evict_wb_used_swap_thrash",
                          nums(9, t));
    report_add_int(out, "ws_total", v->ws_total);
    cJSON_AddBoolToObject(out, "thrashing", v->thrashing);
    report_add_int(out, "thrash_first", v->thrash_first);
    uint64_t win[3] = {v->win_pos, v->win_len, v->win_faulted};
    cJSON_AddItemToObject(out, "window_pos_len_faulted", nums(3, win));
}

static cJSON *ints(int n, const int32_t *v) {
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; a && i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber(v[i]));
    return a;
}

void substate_res(const resmgr *r, uint32_t pid_base, cJSON *out) {
    cJSON *types = cJSON_AddArrayToObject(out, "types");
    for (int32_t t = 0; types && t < r->ntypes; t++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", r->types[t].name);
        report_add_int(o, "kind", r->types[t].kind);
        report_add_int(o, "total", r->types[t].total);
        report_add_int(o, "avail", r->types[t].avail);
        cJSON_AddItemToArray(types, o);
    }
    cJSON *procs = cJSON_AddArrayToObject(out, "procs");
    for (uint32_t i = 0; procs && i < r->nprocs; i++) {
        const rm_proc *p = &r->procs[i];
        cJSON *o = cJSON_CreateObject();
        report_add_int(o, "pid", (long long)pid_base + i);
        cJSON_AddItemToObject(o, "held", ints(r->ntypes, p->held));
        cJSON_AddItemToObject(o, "claim", ints(r->ntypes, p->claim));
        cJSON_AddItemToObject(o, "want", ints(r->ntypes, p->want));
        uint64_t f[10] = {
            p->gone,      p->waiting, p->atomic, (uint64_t)p->why, (uint64_t)(int64_t)p->why_res,
            p->resume_pc, p->span,    p->req_pc, p->rollbacks,     (uint64_t)p->ngrants};
        cJSON_AddItemToObject(o, "gone_waiting_atomic_why_whyres_resume_span_req_rollbacks_ngrants",
                              nums(10, f));
        cJSON *g = cJSON_AddArrayToObject(o, "grants");
        for (int32_t k = 0; g && k < p->ngrants; k++) {
            int32_t v[4] = {(int32_t)p->grants[k].pc, (int32_t)p->grants[k].span, p->grants[k].res,
                            p->grants[k].n};
            cJSON_AddItemToArray(g, ints(4, v));
        }
        cJSON_AddItemToArray(procs, o);
    }
    cJSON_AddItemToObject(out, "waiters", ints((int)r->nwaiters, r->waiters));
    /* wake is NULL until the first grant to a waiter: no offset on NULL. */
    cJSON_AddItemToObject(
        out, "wake", ints((int)(r->nwake - r->wake_head), r->wake ? r->wake + r->wake_head : NULL));
    cJSON_AddItemToObject(out, "detections", jsonv_make_u64(r->serial));
}
