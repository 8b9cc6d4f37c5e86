/* translate_mode: the `translate` quick mode, a trace of virtual addresses of
 * one process replayed through the TLB, the page table and the pager, one
 * reference per tick (shared/spec/headless.md, "translate"). */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "clone.h"
#include "machine.h"
#include "mmu.h"
#include "report.h"
#include "substate.h"

enum { REC_TLB_HIT = 1, REC_FAULT = 2, REC_VICTIM = 4, REC_WRITEBACK = 8, REC_PROT = 16 };

typedef struct translate_rec {
    uint32_t frame;
    uint32_t victim; /* vpn, when REC_VICTIM */
    uint8_t flags;
} translate_rec;

typedef struct translate_mode {
    mmu mm;
    tlb tl;
    uint32_t n, pos;
    uint32_t *addrs;
    uint8_t *writes;
    uint32_t *next; /* opt: index of the next reference to the same page */
    translate_rec *recs;
} translate_mode;

static void translate_step(void *self, machine *m) {
    translate_mode *s = self;
    if (s->pos >= s->n)
        return;
    uint32_t i = s->pos++;
    mmu_access a = {.pid = 0,
                    .vaddr = s->addrs[i],
                    .write = s->writes[i],
                    .now = m->tick,
                    .next_use = PAGER_NEVER,
                    .cpu = 0};
    if (s->next && s->next[i] != UINT32_MAX)
        a.next_use = s->next[i];
    mmu_result res;
    int rc = mmu_translate(&s->mm, &s->tl, &a, &m->rng, &m->log, &res);
    if (s->recs) {
        translate_rec *r = &s->recs[i];
        r->frame = res.frame;
        r->victim = res.victim_vpn;
        r->flags = (uint8_t)((res.tlb_hit ? REC_TLB_HIT : 0) | (res.fault ? REC_FAULT : 0) |
                             (res.evicted ? REC_VICTIM : 0) | (res.writeback ? REC_WRITEBACK : 0) |
                             (rc != 0 ? REC_PROT : 0));
    }
}

static bool translate_done(const void *self, const machine *m) {
    (void)m;
    const translate_mode *s = self;
    return s->pos >= s->n;
}

static void add_cs(cJSON *obj, const char *key, cJSON *item) {
    if (item && !cJSON_AddItemToObjectCS(obj, key, item))
        cJSON_Delete(item);
}

static cJSON *accesses_json(const translate_mode *s) {
    cJSON *arr = cJSON_CreateArray();
    for (uint32_t i = 0; arr && i < s->pos; i++) {
        const translate_rec *r = &s->recs[i];
        mmu_result x;
        mmu_split(&s->mm, s->addrs[i], &x);
        cJSON *o = cJSON_CreateObject();
        if (!o)
            break;
        add_cs(o, "vaddr", cJSON_CreateNumber(x.vaddr));
        add_cs(o, "write", cJSON_CreateBool(s->writes[i]));
        add_cs(o, "vpn", cJSON_CreateNumber(x.vpn));
        add_cs(o, "offset", cJSON_CreateNumber(x.offset));
        if (s->mm.levels == 2) {
            add_cs(o, "dir", cJSON_CreateNumber(x.dir));
            add_cs(o, "table", cJSON_CreateNumber(x.table));
        }
        add_cs(o, "tlb_hit", cJSON_CreateBool(r->flags & REC_TLB_HIT));
        add_cs(o, "fault", cJSON_CreateBool(r->flags & REC_FAULT));
        add_cs(o, "frame", cJSON_CreateNumber(r->frame));
        add_cs(o, "paddr",
               cJSON_CreateNumber((double)((uint64_t)r->frame * s->mm.page_size + x.offset)));
        add_cs(o, "victim",
               r->flags & REC_VICTIM ? cJSON_CreateNumber(r->victim) : cJSON_CreateNull());
        add_cs(o, "writeback", cJSON_CreateBool(r->flags & REC_WRITEBACK));
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static void translate_report(const void *self, const machine *m, cJSON *out, bool summary) {
    (void)m;
    const translate_mode *s = self;
    const pager *pg = &s->mm.pg;
    cJSON_AddStringToObject(out, "policy", pager_policy_name(pg->policy));
    report_add_int(out, "levels", s->mm.levels);
    report_add_int(out, "page_size", s->mm.page_size);
    report_add_int(out, "frames", pg->nframes);
    report_add_int(out, "tlb", s->tl.cap);
    if (pg->policy == PAGER_NRU)
        report_add_int(out, "nru_period", pg->nru_period);
    report_add_int(out, "references", s->n);
    if (!summary && s->recs)
        cJSON_AddItemToObject(out, "accesses", accesses_json(s));
    report_add_int(out, "tlb_hits", (long long)s->tl.hits);
    report_add_int(out, "tlb_misses", (long long)s->tl.misses);
    report_add_int(out, "faults", (long long)s->mm.faults);
    report_add_int(out, "writebacks", (long long)pg->writebacks);
    report_add_int(out, "evictions", (long long)pg->evictions);
    if (s->mm.levels == 2)
        report_add_int(out, "page_table_pages", mmu_table_pages(&s->mm, 0));
    report_add_int(out, "page_table_bytes", (long long)mmu_table_bytes(&s->mm, 0));
}

static void translate_destroy(void *self) {
    translate_mode *s = self;
    if (!s)
        return;
    mmu_free(&s->mm);
    tlb_free(&s->tl);
    free(s->addrs);
    free(s->writes);
    free(s->next);
    free(s->recs);
    free(s);
}

static void translate_state(const void *self, const machine *m, cJSON *out) {
    (void)m;
    const translate_mode *s = self;
    report_add_int(out, "position", s->pos);
    substate_mmu(&s->mm, cJSON_AddObjectToObject(out, "mmu"));
    substate_tlb(&s->tl, cJSON_AddObjectToObject(out, "tlb"));
}

static void *translate_clone(const void *self, clone_ctx *cx) {
    const translate_mode *s = self;
    translate_mode *d = clone_dup(cx, s, sizeof *s);
    if (!d)
        return NULL;
    mmu_clone(cx, &d->mm, &s->mm);
    tlb_clone(cx, &d->tl, &s->tl);
    d->addrs = clone_dup(cx, s->addrs, s->n * sizeof *s->addrs);
    d->writes = clone_dup(cx, s->writes, s->n * sizeof *s->writes);
    size_t n = s->n ? s->n : 1; /* as translate_mode_attach allocates them */
    d->next = clone_dup(cx, s->next, n * sizeof *s->next);
    d->recs = clone_dup(cx, s->recs, n * sizeof *s->recs);
    return d;
}

static const subsys_ops translate_ops = {
    .mode = MODE_TRANSLATE,
    .step = translate_step,
    .done = translate_done,
    .report = translate_report,
    .state = translate_state,
    .destroy = translate_destroy,
    .clone = translate_clone,
};

int translate_mode_attach(machine *m, const translate_config *cfg, uint32_t *addrs, uint8_t *writes,
                          uint32_t n, bool record) {
    translate_mode *s = calloc(1, sizeof *s);
    if (!s) {
        free(addrs);
        free(writes);
        return -1;
    }
    s->addrs = addrs;
    s->writes = writes;
    s->n = n;
    s->tl.lru = s->tl.mru = s->tl.free_head = -1;
    bool ok = mmu_init(&s->mm, cfg->levels, cfg->page_size, cfg->policy, cfg->frames,
                       cfg->nru_period) == 0 &&
              tlb_init(&s->tl, cfg->tlb_entries) == 0;
    if (ok && cfg->policy == PAGER_OPT) {
        /* opt's future is per page: next uses over the vpns of the trace. */
        uint32_t *vpns = malloc((n ? n : 1) * sizeof *vpns);
        s->next = malloc((n ? n : 1) * sizeof *s->next);
        ok = vpns && s->next;
        for (uint32_t i = 0; ok && i < n; i++)
            vpns[i] = addrs[i] >> s->mm.page_shift;
        ok = ok && pager_next_uses(vpns, n, s->next) == 0;
        free(vpns);
    }
    if (ok && record) {
        s->recs = calloc(n ? n : 1, sizeof *s->recs);
        ok = s->recs != NULL;
    }
    if (!ok) {
        translate_destroy(s);
        return -1;
    }
    machine_attach(m, &translate_ops, s);
    return 0;
}

int translate_mode_set_policy(machine *m, pager_policy policy) {
    if (m->sub_ops != &translate_ops)
        return -1;
    translate_mode *s = m->sub;
    uint32_t n = s->n ? s->n : 1;
    uint32_t *vpns = policy == PAGER_OPT ? malloc(n * sizeof *vpns) : NULL;
    uint32_t *next = s->next;
    uint64_t *keys = NULL;
    bool ok = policy != PAGER_OPT || vpns;
    for (uint32_t i = 0; vpns && i < s->n; i++)
        vpns[i] = s->addrs[i] >> s->mm.page_shift;
    if (ok && policy == PAGER_OPT && !next) {
        next = malloc(n * sizeof *next);
        ok = next && pager_next_uses(vpns, s->n, next) == 0;
    }
    if (ok && policy == PAGER_OPT) {
        keys = malloc(s->mm.pg.nframes * sizeof *keys);
        ok = keys != NULL;
        if (ok)
            pager_trace_keys(&s->mm.pg, vpns, s->pos, s->n, keys);
    }
    ok = ok && pager_set_policy(&s->mm.pg, policy, m->tick, keys) == 0;
    if (!ok && next != s->next)
        free(next);
    else
        s->next = next;
    free(vpns);
    free(keys);
    return ok ? 0 : -1;
}

const mmu *translate_mode_mmu(const machine *m) {
    return m->sub_ops == &translate_ops ? &((const translate_mode *)m->sub)->mm : NULL;
}

const tlb *translate_mode_tlb(const machine *m) {
    return m->sub_ops == &translate_ops ? &((const translate_mode *)m->sub)->tl : NULL;
}
