/* paging_mode: the `paging` quick mode, a page-reference trace replayed
 * through the pager, one reference per tick (shared/spec/headless.md, "paging").
 * It parses nothing: the command line hands it the trace. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "clone.h"
#include "machine.h"
#include "pager.h"
#include "report.h"
#include "substate.h"

enum { REC_HIT = 1, REC_VICTIM = 2, REC_WRITEBACK = 4 };

/* What one reference did, kept for the per-access report. */
typedef struct paging_rec {
    uint32_t frame;
    uint32_t victim; /* page, when REC_VICTIM */
    uint8_t flags;
} paging_rec;

typedef struct paging_mode {
    pager pg;
    uint32_t n, pos;
    uint32_t *pages;
    uint8_t *writes;
    uint32_t *next;   /* opt: index of each reference's next use, UINT32_MAX never */
    paging_rec *recs; /* NULL: not recorded */
} paging_mode;

static void paging_step(void *self, machine *m) {
    paging_mode *s = self;
    if (s->pos >= s->n)
        return;
    uint32_t i = s->pos++;
    pager_ref ref = {.owner = 0,
                     .page = s->pages[i],
                     .write = s->writes[i],
                     .now = m->tick,
                     .next_use = PAGER_NEVER};
    if (s->next && s->next[i] != UINT32_MAX)
        ref.next_use = s->next[i];
    pager_result res;
    pager_access(&s->pg, &ref, &m->rng, &m->log, &res);
    if (s->recs) {
        paging_rec *r = &s->recs[i];
        r->frame = res.frame;
        r->victim = (uint32_t)res.victim_page;
        r->flags = (uint8_t)((res.hit ? REC_HIT : 0) | (res.evicted ? REC_VICTIM : 0) |
                             (res.writeback ? REC_WRITEBACK : 0));
    }
}

static bool paging_done(const void *self, const machine *m) {
    (void)m;
    const paging_mode *s = self;
    return s->pos >= s->n;
}

static void add_cs(cJSON *obj, const char *key, cJSON *item) {
    if (item && !cJSON_AddItemToObjectCS(obj, key, item))
        cJSON_Delete(item);
}

/* The per-access array, replaying the records: frames fill in order 0, 1, ...
 * and are never freed here, so the resident pages are the first `used` slots. */
static cJSON *accesses_json(const paging_mode *s) {
    cJSON *arr = cJSON_CreateArray();
    uint32_t *slot = malloc((s->pg.nframes) * sizeof *slot);
    if (!arr || !slot) {
        free(slot);
        return arr;
    }
    uint32_t used = 0;
    for (uint32_t i = 0; i < s->pos; i++) {
        const paging_rec *r = &s->recs[i];
        if (!(r->flags & REC_HIT)) {
            slot[r->frame] = s->pages[i];
            if (r->frame >= used)
                used = r->frame + 1;
        }
        cJSON *o = cJSON_CreateObject();
        if (!o)
            break;
        add_cs(o, "page", cJSON_CreateNumber(s->pages[i]));
        add_cs(o, "write", cJSON_CreateBool(s->writes[i]));
        add_cs(o, "hit", cJSON_CreateBool(r->flags & REC_HIT));
        add_cs(o, "frame", cJSON_CreateNumber(r->frame));
        add_cs(o, "victim",
               r->flags & REC_VICTIM ? cJSON_CreateNumber(r->victim) : cJSON_CreateNull());
        add_cs(o, "writeback", cJSON_CreateBool(r->flags & REC_WRITEBACK));
        cJSON *res = cJSON_CreateArray();
        for (uint32_t f = 0; res && f < used; f++)
            cJSON_AddItemToArray(res, cJSON_CreateNumber(slot[f]));
        add_cs(o, "resident", res);
        cJSON_AddItemToArray(arr, o);
    }
    free(slot);
    return arr;
}

static void paging_report(const void *self, const machine *m, cJSON *out, bool summary) {
    (void)m;
    const paging_mode *s = self;
    const pager *pg = &s->pg;
    cJSON_AddStringToObject(out, "policy", pager_policy_name(pg->policy));
    report_add_int(out, "frames", pg->nframes);
    if (pg->policy == PAGER_NRU)
        report_add_int(out, "nru_period", pg->nru_period);
    report_add_int(out, "references", s->n);
    if (!summary && s->recs)
        cJSON_AddItemToObject(out, "accesses", accesses_json(s));
    report_add_int(out, "hits", (long long)pg->hits);
    report_add_int(out, "misses", (long long)pg->misses);
    report_add_int(out, "writebacks", (long long)pg->writebacks);
    report_add_int(out, "evictions", (long long)pg->evictions);
    uint64_t total = pg->hits + pg->misses;
    cJSON_AddNumberToObject(out, "hit_rate", total ? (double)pg->hits / (double)total : 0.0);
}

static void paging_destroy(void *self) {
    paging_mode *s = self;
    if (!s)
        return;
    pager_free(&s->pg);
    free(s->pages);
    free(s->writes);
    free(s->next);
    free(s->recs);
    free(s);
}

static void paging_state(const void *self, const machine *m, cJSON *out) {
    (void)m;
    const paging_mode *s = self;
    report_add_int(out, "position", s->pos);
    substate_pager(&s->pg, out);
}

static void *paging_clone(const void *self, clone_ctx *cx) {
    const paging_mode *s = self;
    paging_mode *d = clone_dup(cx, s, sizeof *s);
    if (!d)
        return NULL;
    pager_clone(cx, &d->pg, &s->pg);
    d->pages = clone_dup(cx, s->pages, s->n * sizeof *s->pages);
    d->writes = clone_dup(cx, s->writes, s->n * sizeof *s->writes);
    size_t n = s->n ? s->n : 1; /* as paging_mode_attach allocates them */
    d->next = clone_dup(cx, s->next, n * sizeof *s->next);
    d->recs = clone_dup(cx, s->recs, n * sizeof *s->recs);
    return d;
}

static const subsys_ops paging_ops = {
    .mode = MODE_PAGING,
    .step = paging_step,
    .done = paging_done,
    .report = paging_report,
    .state = paging_state,
    .destroy = paging_destroy,
    .clone = paging_clone,
};

int paging_mode_attach(machine *m, pager_policy policy, uint32_t frames, uint32_t nru_period,
                       uint32_t *pages, uint8_t *writes, uint32_t n, bool record) {
    paging_mode *s = calloc(1, sizeof *s);
    if (!s) {
        free(pages);
        free(writes);
        return -1;
    }
    s->pages = pages;
    s->writes = writes;
    s->n = n;
    bool ok = pager_init(&s->pg, policy, frames, nru_period) == 0;
    if (ok && policy == PAGER_OPT) {
        s->next = malloc((n ? n : 1) * sizeof *s->next);
        ok = s->next && pager_next_uses(pages, n, s->next) == 0;
    }
    if (ok && record) {
        s->recs = calloc(n ? n : 1, sizeof *s->recs);
        ok = s->recs != NULL;
    }
    if (!ok) {
        paging_destroy(s);
        return -1;
    }
    machine_attach(m, &paging_ops, s);
    return 0;
}

int paging_mode_set_policy(machine *m, pager_policy policy) {
    if (m->sub_ops != &paging_ops)
        return -1;
    paging_mode *s = m->sub;
    uint32_t *next = s->next;
    uint64_t *keys = NULL;
    if (policy == PAGER_OPT) {
        /* Its future from the next reference on; next uses for the ones after. */
        if (!next) {
            next = malloc((s->n ? s->n : 1) * sizeof *next);
            if (!next || pager_next_uses(s->pages, s->n, next) != 0) {
                free(next);
                return -1;
            }
        }
        keys = malloc(s->pg.nframes * sizeof *keys);
        if (keys)
            pager_trace_keys(&s->pg, s->pages, s->pos, s->n, keys);
    }
    if ((policy == PAGER_OPT && !keys) || pager_set_policy(&s->pg, policy, m->tick, keys) != 0) {
        if (next != s->next)
            free(next);
        free(keys);
        return -1;
    }
    s->next = next;
    free(keys);
    return 0;
}

const pager *paging_mode_pager(const machine *m) {
    return m->sub_ops == &paging_ops ? &((const paging_mode *)m->sub)->pg : NULL;
}
