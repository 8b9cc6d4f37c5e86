/* The deadlock quick mode: detection or Banker's, one algorithm step per tick. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "clone.h"
#include "deadlock.h"
#include "machine.h"
#include "report.h"

dl_mode *dl_mode_create(const dl_state *s, dl_algo algo, int32_t grant_pid, const int64_t *grant) {
    dl_mode *d = calloc(1, sizeof *d);
    if (!d) {
        return NULL;
    }
    d->algo = algo;
    d->phase = DL_PHASE_RUN;
    memcpy(&d->state, s, sizeof d->state);
    if (algo == DL_BANKER) {
        dl_state_update_need(&d->state);
    }
    dl_run_init(&d->run, &d->state, algo);
    if (algo == DL_BANKER && grant) {
        d->has_grant = true;
        d->grant_pid = grant_pid;
        memcpy(d->grant, grant, sizeof d->grant[0] * (size_t)s->m);
    }
    d->check = DL_REQ_OK;
    d->reason = DL_REASON_NONE;
    return d;
}

const dl_mode *dl_mode_of(const machine *m) {
    if (!m || m->sub_ops != &dl_mode_ops) {
        return NULL;
    }
    return m->sub;
}

static void emit(machine *m, int kind, int32_t pid, int64_t a, int64_t b) {
    evlog_emit(&m->log, m->tick, kind, -1, pid, a, b, 0);
}

/* One step of a run; emits the finish, and the conclusion once it is done. */
static void step_run(dl_mode *d, machine *m, dl_run *r, const dl_state *s, dl_phase phase) {
    if (phase == DL_PHASE_RUN && r->norder == 0 && !r->done && d->algo == DL_DETECT) {
        for (int32_t i = 0; i < r->n; i++) {
            if (r->idle[i]) {
                emit(m, EV_RES_IDLE, i, phase, 0);
            }
        }
    }
    int32_t p = dl_run_step(r, s);
    if (p >= 0) {
        emit(m, EV_RES_FINISH, p, phase, r->norder - 1);
    }
    if (!r->done) {
        return;
    }
    int32_t left = r->n - r->nfinished;
    if (d->algo == DL_DETECT) {
        emit(m, EV_RES_DEADLOCK, -1, phase, left);
    } else if (left == 0) {
        emit(m, EV_RES_SAFE, -1, phase, r->n);
    } else {
        emit(m, EV_RES_UNSAFE, -1, phase, left);
    }
}

static void step_check(dl_mode *d, machine *m) {
    d->check = dl_request_check(&d->state, d->grant_pid, d->grant);
    switch (d->check) {
        case DL_REQ_BAD_PROCESS:
        case DL_REQ_EXCEEDS_NEED:
            d->reason = DL_REASON_ERROR;
            emit(m, EV_RES_REQ_ERROR, d->grant_pid, DL_PHASE_CHECK, 0);
            d->phase = DL_PHASE_DONE;
            return;
        case DL_REQ_WAIT:
            d->reason = DL_REASON_WAIT;
            emit(m, EV_RES_REQ_WAIT, d->grant_pid, DL_PHASE_CHECK, 0);
            d->phase = DL_PHASE_DONE;
            return;
        case DL_REQ_OK: break;
    }
    dl_request_pretend(&d->state, d->grant_pid, d->grant, &d->after);
    dl_run_init(&d->after_run, &d->after, DL_BANKER);
    emit(m, EV_RES_PRETEND, d->grant_pid, DL_PHASE_CHECK, 0);
    d->phase = DL_PHASE_AFTER;
}

static void mode_step(void *self, machine *m) {
    dl_mode *d = self;
    switch (d->phase) {
        case DL_PHASE_RUN:
            step_run(d, m, &d->run, &d->state, DL_PHASE_RUN);
            if (d->run.done) {
                d->phase = d->has_grant ? DL_PHASE_CHECK : DL_PHASE_DONE;
            }
            break;
        case DL_PHASE_CHECK: step_check(d, m); break;
        case DL_PHASE_AFTER:
            step_run(d, m, &d->after_run, &d->after, DL_PHASE_AFTER);
            if (d->after_run.done) {
                d->granted = dl_run_all_finished(&d->after_run);
                d->reason = d->granted ? DL_REASON_SAFE : DL_REASON_UNSAFE;
                emit(m, d->granted ? EV_RES_GRANTED : EV_RES_REFUSED, d->grant_pid, DL_PHASE_AFTER,
                     0);
                d->phase = DL_PHASE_DONE;
            }
            break;
        case DL_PHASE_DONE: break;
    }
}

static bool mode_done(const void *self, const machine *m) {
    (void)m;
    const dl_mode *d = self;
    return d->phase == DL_PHASE_DONE;
}

/* --- the report --- */

static cJSON *vec_json(const int64_t *v, int32_t m) {
    cJSON *a = cJSON_CreateArray();
    for (int32_t j = 0; a && j < m; j++) {
        cJSON_AddItemToArray(a, cJSON_CreateNumber((double)v[j]));
    }
    return a;
}

static cJSON *pids_json(const int32_t *p, int32_t n) {
    cJSON *a = cJSON_CreateArray();
    for (int32_t i = 0; a && i < n; i++) {
        cJSON_AddItemToArray(a, cJSON_CreateNumber(p[i]));
    }
    return a;
}

/* The keys of one run: finish_order, steps (unless summary), work. */
static void run_json(const dl_run *r, cJSON *out, bool summary) {
    cJSON_AddItemToObject(out, "finish_order", pids_json(r->order, r->norder));
    if (!summary) {
        cJSON *steps = cJSON_AddArrayToObject(out, "steps");
        for (int32_t i = 0; steps && i < r->norder; i++) {
            cJSON *st = cJSON_CreateObject();
            if (!st) {
                break;
            }
            report_add_int(st, "process", r->order[i]);
            cJSON_AddItemToObject(st, "work", vec_json(r->order_work[i], r->m));
            cJSON_AddItemToArray(steps, st);
        }
    }
    cJSON_AddItemToObject(out, "work", vec_json(r->work, r->m));
}

/* Safety keys: "safe", and "sequence" only when safe (spec); "cannot_finish"
 * when unsafe. Only once the run is done. */
static void safety_json(const dl_run *r, cJSON *out) {
    if (!r->done) {
        return;
    }
    bool safe = dl_run_all_finished(r);
    cJSON_AddBoolToObject(out, "safe", safe);
    if (safe) {
        cJSON_AddItemToObject(out, "sequence", pids_json(r->order, r->norder));
    } else {
        int32_t left[DL_MAX_PROCS];
        int32_t k = dl_run_unfinished(r, left);
        cJSON_AddItemToObject(out, "cannot_finish", pids_json(left, k));
    }
}

/* Keys of a phase appear once it has concluded ("done", from report_build,
 * says whether everything has), so a --ticks run shows only what is known. */
static void mode_report(const void *self, const machine *m, cJSON *out, bool summary) {
    (void)m;
    const dl_mode *d = self;
    const dl_state *s = &d->state;
    cJSON_AddStringToObject(out, "algorithm", d->algo == DL_DETECT ? "detect" : "banker");
    report_add_int(out, "processes", s->n);
    report_add_int(out, "resources", s->m);
    cJSON_AddItemToObject(out, "available", vec_json(s->available, s->m));
    if (d->algo == DL_DETECT) {
        int32_t idle[DL_MAX_PROCS];
        int32_t k = 0;
        for (int32_t i = 0; i < s->n; i++) {
            if (d->run.idle[i]) {
                idle[k++] = i;
            }
        }
        cJSON_AddItemToObject(out, "holds_nothing", pids_json(idle, k));
        run_json(&d->run, out, summary);
        if (d->run.done) {
            int32_t dead[DL_MAX_PROCS];
            k = dl_run_unfinished(&d->run, dead);
            cJSON_AddItemToObject(out, "deadlocked", pids_json(dead, k));
        }
        return;
    }
    cJSON *need = cJSON_AddArrayToObject(out, "need");
    for (int32_t i = 0; need && i < s->n; i++) {
        cJSON_AddItemToArray(need, vec_json(s->need[i], s->m));
    }
    /* "safe" and "sequence" describe the state as given, before any --grant:
     * the oracle cases pin this (e.g. available 2, alloc 5;0;1;0;1, max
     * 7;0;3;3;1, grant 3:2 expects [0,1,2,3,4], the sequence of the state
     * before; after the grant it would be [1,4,3,0,2]). The state after the
     * pretended grant is reported under "after". */
    run_json(&d->run, out, summary);
    safety_json(&d->run, out);
    if (!d->has_grant) {
        return;
    }
    cJSON *g = cJSON_AddObjectToObject(out, "grant");
    if (g) {
        report_add_int(g, "process", d->grant_pid);
        cJSON_AddItemToObject(g, "request", vec_json(d->grant, s->m));
    }
    if (d->reason != DL_REASON_NONE) {
        cJSON_AddBoolToObject(out, "granted", d->granted);
        cJSON_AddStringToObject(out, "reason", dl_reason_name(d->reason));
    }
    if (d->phase >= DL_PHASE_AFTER && d->check == DL_REQ_OK) {
        cJSON *after = cJSON_AddObjectToObject(out, "after");
        if (after) {
            cJSON_AddItemToObject(after, "available", vec_json(d->after.available, s->m));
            run_json(&d->after_run, after, summary);
            safety_json(&d->after_run, after);
        }
    }
}

/* The matrices as given and where each run stands. */
static void mode_state(const void *self, const machine *m, cJSON *out) {
    (void)m;
    const dl_mode *d = self;
    const dl_state *s = &d->state;
    report_add_int(out, "phase", d->phase);
    cJSON_AddItemToObject(out, "available", vec_json(s->available, s->m));
    cJSON *rows = cJSON_AddArrayToObject(out, "alloc_request_max_need");
    for (int32_t i = 0; rows && i < s->n; i++) {
        cJSON *r = cJSON_CreateArray();
        cJSON_AddItemToArray(r, vec_json(s->alloc[i], s->m));
        cJSON_AddItemToArray(r, vec_json(s->request[i], s->m));
        cJSON_AddItemToArray(r, vec_json(s->max[i], s->m));
        cJSON_AddItemToArray(r, vec_json(s->need[i], s->m));
        cJSON_AddItemToArray(rows, r);
    }
    cJSON *run = cJSON_AddObjectToObject(out, "run");
    run_json(&d->run, run, false);
    cJSON_AddBoolToObject(run, "done", d->run.done);
    if (d->phase > DL_PHASE_CHECK) {
        cJSON *after = cJSON_AddObjectToObject(out, "after_run");
        run_json(&d->after_run, after, false);
        cJSON_AddBoolToObject(after, "done", d->after_run.done);
    }
}

static void mode_destroy(void *self) {
    free(self);
}

static void *mode_clone(const void *self, clone_ctx *cx) {
    return clone_dup(cx, self, sizeof(dl_mode)); /* plain data: the states and runs */
}

const subsys_ops dl_mode_ops = {
    .mode = MODE_DEADLOCK,
    .step = mode_step,
    .done = mode_done,
    .report = mode_report,
    .state = mode_state,
    .destroy = mode_destroy,
    .clone = mode_clone,
};
