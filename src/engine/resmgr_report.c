/* The report's "resources" object: the settings, the types, the matrices of
 * the snapshot, the last detection, Banker's safety, the four conditions and
 * the counters. Only for machines with resources (demo-mode scenarios). */
#include <cjson/cJSON.h>

#include "machine.h"
#include "report.h"
#include "resmgr.h"

static cJSON *ints(const int32_t *v, int32_t n) {
    cJSON *a = cJSON_CreateArray();
    for (int32_t i = 0; a && i < n; i++) {
        cJSON_AddItemToArray(a, cJSON_CreateNumber(v[i]));
    }
    return a;
}

static cJSON *vec(const int64_t *v, int32_t n) {
    cJSON *a = cJSON_CreateArray();
    for (int32_t i = 0; a && i < n; i++) {
        cJSON_AddItemToArray(a, cJSON_CreateNumber((double)v[i]));
    }
    return a;
}

static cJSON *matrix(const int64_t (*rows)[DL_MAX_RES], int32_t n, int32_t m) {
    cJSON *a = cJSON_CreateArray();
    for (int32_t i = 0; a && i < n; i++) {
        cJSON_AddItemToArray(a, vec(rows[i], m));
    }
    return a;
}

static void add_settings(const resmgr *r, cJSON *out) {
    cJSON *s = cJSON_AddObjectToObject(out, "settings");
    if (!s) {
        return;
    }
    report_add_int(s, "detect_every", r->cfg.detect_every);
    cJSON_AddBoolToObject(s, "banker", r->cfg.banker);
    cJSON_AddBoolToObject(s, "ordered", r->cfg.ordered);
    cJSON_AddBoolToObject(s, "release_on_block", r->cfg.release_on_block);
    cJSON_AddStringToObject(s, "recovery", rm_recovery_name(r->cfg.recovery));
}

static void add_types(const machine *m, const resmgr *r, cJSON *out) {
    cJSON *types = cJSON_AddArrayToObject(out, "types");
    for (int32_t j = 0; types && j < r->ntypes; j++) {
        const rm_type *t = &r->types[j];
        cJSON *o = cJSON_CreateObject();
        if (!o) {
            return;
        }
        report_add_int(o, "id", j);
        cJSON_AddStringToObject(o, "name", t->name);
        cJSON_AddStringToObject(o, "kind", rm_kind_name(t->kind));
        report_add_int(o, t->kind == RM_SEM ? "initial" : "total", t->total);
        report_add_int(o, t->kind == RM_SEM ? "value" : "available", t->avail);
        if (t->kind == RM_MUTEX) {
            report_add_int(o, "owner", resmgr_owner(m, j));
        }
        cJSON_AddItemToArray(types, o);
    }
}

static void add_waiting(const machine *m, const resmgr *r, cJSON *out) {
    cJSON *w = cJSON_AddArrayToObject(out, "waiting");
    for (uint32_t i = 0; w && i < r->nwaiters; i++) {
        const rm_proc *q = resmgr_proc(r, m, r->waiters[i]);
        cJSON *o = cJSON_CreateObject();
        if (!o || !q) {
            cJSON_Delete(o);
            return;
        }
        int64_t want[DL_MAX_RES];
        for (int32_t j = 0; j < r->ntypes; j++) {
            want[j] = q->want[j];
        }
        report_add_int(o, "pid", r->waiters[i]);
        cJSON_AddItemToObject(o, "want", vec(want, r->ntypes));
        cJSON_AddStringToObject(o, "why", q->why == RM_WHY_UNSAFE ? "unsafe" : "busy");
        cJSON_AddItemToArray(w, o);
    }
}

void resmgr_report(const machine *m, cJSON *out, bool summary) {
    (void)summary; /* nothing here grows with the ticks */
    const resmgr *r = resmgr_of(m);
    if (!r) {
        return;
    }
    const rm_snapshot *s = &r->snap;
    cJSON *o = cJSON_AddObjectToObject(out, "resources");
    if (!o) {
        return;
    }
    add_settings(r, o);
    add_types(m, r, o);
    cJSON_AddItemToObject(o, "processes", ints(s->pid, s->n));
    cJSON_AddItemToObject(o, "available", vec(s->st.available, s->m));
    cJSON_AddItemToObject(o, "allocation", matrix(s->st.alloc, s->n, s->m));
    cJSON_AddItemToObject(o, "request", matrix(s->st.request, s->n, s->m));
    cJSON_AddItemToObject(o, "max", matrix(s->st.max, s->n, s->m));
    cJSON_AddItemToObject(o, "need", matrix(s->st.need, s->n, s->m));
    add_waiting(m, r, o);
    cJSON_AddItemToObject(o, "cycle", ints(s->cycle, s->ncycle));
    if (s->banker) {
        cJSON_AddBoolToObject(o, "safe", s->safe);
        if (s->safe) {
            cJSON_AddItemToObject(o, "sequence", ints(s->seq, s->nseq));
        }
    }
    cJSON *c = cJSON_AddObjectToObject(o, "conditions");
    for (int i = 0; c && i < RM_COND_COUNT; i++) {
        cJSON_AddStringToObject(c, rm_cond_name((rm_cond)i), rm_cond_state_name(s->cond[i]));
    }
    cJSON_AddItemToObject(o, "deadlocked", ints(s->last.dead, s->last.ndead));
    cJSON_AddItemToObject(o, "deadlock_cycle", ints(s->last.cycle, s->last.ncycle));
    report_add_int(o, "deadlocks", (long long)r->deadlocks);
    report_add_int(o, "kills", (long long)r->kills);
    report_add_int(o, "preemptions", (long long)r->preemptions);
    report_add_int(o, "refusals", (long long)r->refusals);
    report_add_int(o, "waits", (long long)r->waits);
    report_add_int(o, "errors", (long long)r->errors);
}
