#include "state.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonv.h"
#include "mcache.h"
#include "report.h"
#include "substate.h"
#include "vm.h"

static void add_u64(cJSON *o, const char *key, uint64_t x) {
    cJSON_AddItemToObject(o, key, jsonv_make_u64(x));
}

static cJSON *programs_json(const machine *m) {
    cJSON *arr = cJSON_CreateArray();
    for (uint32_t i = 0; arr && i < m->nprogs; i++) {
        const program *pr = &m->progs[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", pr->name);
        cJSON *steps = cJSON_AddArrayToObject(o, "steps");
        for (uint32_t k = 0; k < pr->nsteps; k++) {
            const prog_step *s = &pr->steps[k];
            cJSON *st = cJSON_CreateArray();
            cJSON_AddItemToArray(st, cJSON_CreateString(step_kind_name((step_kind)s->kind)));
            cJSON_AddItemToArray(st, cJSON_CreateNumber(s->n));
            cJSON_AddItemToArray(st, cJSON_CreateNumber(s->iofreq));
            cJSON_AddItemToArray(st, cJSON_CreateNumber(s->iotime));
            cJSON_AddItemToArray(steps, st);
        }
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static cJSON *proc_json(const proc *p) {
    cJSON *o = cJSON_CreateObject();
    report_add_int(o, "pid", p->pid);
    report_add_int(o, "ppid", p->ppid);
    cJSON_AddStringToObject(o, "name", p->name);
    cJSON_AddStringToObject(o, "state", proc_state_name(p->state));
    report_add_int(o, "block", p->block_reason);
    report_add_int(o, "prog", p->prog);
    report_add_int(o, "pc", p->pc);
    report_add_int(o, "step_done", p->step_done);
    add_u64(o, "length", p->length);
    add_u64(o, "cpu_left", p->cpu_left);
    report_add_int(o, "level", p->level);
    report_add_int(o, "slice_left", p->slice_left);
    report_add_int(o, "allot_left", p->allot_left);
    report_add_int(o, "prio", p->prio);
    report_add_int(o, "tickets", p->tickets);
    report_add_int(o, "cpu", p->cpu);
    report_add_int(o, "rq", p->rq);
    report_add_int(o, "migrated", p->migrated);
    add_u64(o, "arrival", p->arrival);
    report_add_int(o, "first_run", p->first_run);
    report_add_int(o, "finish", p->finish);
    add_u64(o, "cpu_time", p->cpu_time);
    add_u64(o, "wait_time", p->wait_time);
    add_u64(o, "blocked_time", p->blocked_time);
    add_u64(o, "state_since", p->state_since);
    add_u64(o, "wake_at", p->wake_at);
    add_u64(o, "io_seq", p->io_seq);
    report_add_int(o, "ios", p->ios);
    report_add_int(o, "children", p->children);
    report_add_int(o, "waiting_for", p->waiting_for);
    return o;
}

static cJSON *pids_json(const int32_t *v, uint32_t n) {
    cJSON *a = cJSON_CreateArray();
    for (uint32_t i = 0; a && i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber(v[i]));
    return a;
}

/* One queue's levels in pick order; buf holds max pids. */
static cJSON *levels_json(const machine *m, const sched *s, int32_t *buf, uint32_t max) {
    cJSON *qs = cJSON_CreateArray();
    for (int l = 0; qs && l < sched_levels(s); l++) {
        uint32_t n = sched_queue_snapshot(s, m, l, buf, max);
        cJSON_AddItemToArray(qs, pids_json(buf, n));
    }
    return qs;
}

static cJSON *sched_json(const machine *m) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "policy", sched_policy_name(m->sched.cfg.policy));
    report_add_int(o, "ready", m->sched.nready);
    uint32_t max = m->nprocs ? m->nprocs : 1;
    int32_t *buf = malloc(max * sizeof *buf);
    if (!buf)
        return o;
    cJSON_AddItemToObject(o, "queues", levels_json(m, &m->sched, buf, max));
    if (m->ncpus > 1) {
        /* Several CPUs: the counters, and with per-CPU queues each CPU's queue
         * (CPU 0's is "queues" above) with its load. */
        add_u64(o, "migrations", m->mp.migrations);
        add_u64(o, "steals", m->mp.steals);
        add_u64(o, "balance_moves", m->mp.moves);
        cJSON *rqs = m->mp.cfg.percpu ? cJSON_AddArrayToObject(o, "run_queues") : NULL;
        for (int c = 0; rqs && c < m->ncpus; c++) {
            const sched *s = mp_queue_c(m, c);
            cJSON *q = cJSON_CreateObject();
            report_add_int(q, "load", m->mp.load[c]);
            report_add_int(q, "ready", s->nready);
            cJSON_AddItemToObject(q, "queues", levels_json(m, s, buf, max));
            cJSON_AddItemToArray(rqs, q);
        }
    }
    free(buf);
    return o;
}

static cJSON *cpus_json(const machine *m) {
    cJSON *arr = cJSON_CreateArray();
    uint64_t span = m->tick < MACHINE_GANTT ? m->tick : MACHINE_GANTT;
    for (int c = 0; arr && c < m->ncpus; c++) {
        const machine_cpu *cp = &m->cpus[c];
        cJSON *o = cJSON_CreateObject();
        report_add_int(o, "running", cp->running);
        report_add_int(o, "last", cp->last);
        add_u64(o, "busy", cp->busy);
        add_u64(o, "switches", cp->switches);
        cJSON *g = cJSON_AddArrayToObject(o, "gantt"); /* the last ticks shown, oldest first */
        for (uint64_t t = m->tick - span; t < m->tick; t++) {
            cJSON *cell = cJSON_CreateArray();
            cJSON_AddItemToArray(cell, cJSON_CreateNumber(cp->gantt[t % MACHINE_GANTT]));
            cJSON_AddItemToArray(cell, cJSON_CreateNumber(cp->gantt_lv[t % MACHINE_GANTT]));
            cJSON_AddItemToArray(g, cell);
        }
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static cJSON *events_json(const evlog *log) {
    cJSON *o = cJSON_CreateObject();
    add_u64(o, "first", evlog_first(log));
    add_u64(o, "end", evlog_end(log));
    cJSON *held = cJSON_AddArrayToObject(o, "held");
    for (uint64_t s = evlog_first(log); held && s < evlog_end(log); s++) {
        const event *e = evlog_get(log, s);
        cJSON *ev = cJSON_CreateArray();
        cJSON_AddItemToArray(ev, jsonv_make_u64(e->tick));
        cJSON_AddItemToArray(ev, cJSON_CreateNumber(e->kind));
        cJSON_AddItemToArray(ev, cJSON_CreateNumber(e->cpu));
        cJSON_AddItemToArray(ev, cJSON_CreateNumber(e->pid));
        cJSON_AddItemToArray(ev, cJSON_CreateNumber((double)e->a));
        cJSON_AddItemToArray(ev, cJSON_CreateNumber((double)e->b));
        cJSON_AddItemToArray(ev, cJSON_CreateNumber((double)e->c));
        cJSON_AddItemToArray(held, ev);
    }
    return o;
}

cJSON *state_build(const machine *m) {
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    add_u64(o, "tick", m->tick);
    add_u64(o, "seed", m->seed);
    cJSON *r = cJSON_AddArrayToObject(o, "rng");
    for (int i = 0; i < 4; i++) {
        char buf[24];
        snprintf(buf, sizeof buf, "0x%016llx", (unsigned long long)m->rng.s[i]);
        cJSON_AddItemToArray(r, cJSON_CreateString(buf));
    }
    cJSON_AddBoolToObject(o, "done", machine_done(m));
    if (!m->sub_ops) {
        report_add_int(o, "pid_base", m->pid_base);
        report_add_int(o, "init_pid", m->init_pid);
        report_add_int(o, "live", m->nlive);
        report_add_int(o, "exited", m->nexited);
        cJSON_AddItemToObject(o, "programs", programs_json(m));
        cJSON *procs = cJSON_AddArrayToObject(o, "procs");
        for (uint32_t i = 0; procs && i < m->nprocs; i++)
            cJSON_AddItemToArray(procs, proc_json(&m->procs[i]));
        cJSON_AddItemToObject(
            o, "arrivals",
            pids_json(m->arrivals + m->next_arrival, m->narrivals - m->next_arrival));
        cJSON_AddItemToObject(o, "io_heap", pids_json(m->iowait, m->niowait));
        add_u64(o, "io_seq", m->io_seq);
        cJSON_AddItemToObject(o, "sched", sched_json(m));
        cJSON_AddItemToObject(o, "cpus", cpus_json(m));
        if (m->vm)
            substate_vm(m->vm, (uint32_t)m->pid_base, cJSON_AddObjectToObject(o, "memory"));
        if (m->caches)
            substate_mcache(m->caches, cJSON_AddObjectToObject(o, "caches"));
        if (m->res)
            substate_res(m->res, (uint32_t)m->pid_base, cJSON_AddObjectToObject(o, "resources"));
    } else if (m->sub_ops->state) {
        cJSON *sub = cJSON_AddObjectToObject(o, machine_mode_name(m->mode));
        m->sub_ops->state(m->sub, m, sub);
    }
    cJSON_AddItemToObject(o, "events", events_json(&m->log));
    cJSON_AddItemToObject(o, "report", report_build(m, true));
    return o;
}

/* Appends a path step to buf (of size n) at len; returns the new length. */
static size_t path_add(char *buf, size_t n, size_t len, const cJSON *it, int idx) {
    int w = it && it->string ? snprintf(buf + len, n - len, "%s%s", len ? "." : "", it->string)
                             : snprintf(buf + len, n - len, "[%d]", idx);
    return w < 0 || (size_t)w >= n - len ? n - 1 : len + (size_t)w;
}

static void show(const cJSON *j, char *buf, size_t n) {
    char *t = j ? cJSON_PrintUnformatted(j) : NULL;
    snprintf(buf, n, "%.40s%s", t ? t : "(absent)", t && strlen(t) > 40 ? "..." : "");
    free(t);
}

static int diff(const cJSON *a, const cJSON *b, char *path, size_t pn, size_t len, char *why,
                size_t n) {
    if (cJSON_Compare(a, b, true))
        return 0;
    bool both_obj = cJSON_IsObject(a) && cJSON_IsObject(b);
    bool both_arr = cJSON_IsArray(a) && cJSON_IsArray(b);
    if (both_obj) {
        for (const cJSON *x = a->child; x; x = x->next) {
            const cJSON *y = cJSON_GetObjectItemCaseSensitive(b, x->string);
            if (diff(x, y, path, pn, path_add(path, pn, len, x, 0), why, n))
                return 1;
            path[len] = '\0';
        }
        for (const cJSON *y = b->child; y; y = y->next) {
            if (!cJSON_GetObjectItemCaseSensitive(a, y->string))
                return diff(NULL, y, path, pn, path_add(path, pn, len, y, 0), why, n);
        }
    } else if (both_arr && cJSON_GetArraySize(a) == cJSON_GetArraySize(b)) {
        int i = 0;
        for (const cJSON *x = a->child, *y = b->child; x && y; x = x->next, y = y->next, i++) {
            if (diff(x, y, path, pn, path_add(path, pn, len, NULL, i), why, n))
                return 1;
            path[len] = '\0';
        }
    }
    char sa[64], sb[64];
    show(a, sa, sizeof sa);
    show(b, sb, sizeof sb);
    snprintf(why, n, "%s: %s vs %s", path[0] ? path : "(top)", sa, sb);
    return 1;
}

int state_diff(const cJSON *a, const cJSON *b, char *why, size_t n) {
    char path[256] = "";
    return diff(a, b, path, sizeof path, 0, why, n);
}
