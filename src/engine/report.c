#include "report.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "mcache.h"
#include "resmgr.h"
#include "vm.h"

cJSON *report_add_int(cJSON *obj, const char *key, long long v) {
    return cJSON_AddNumberToObject(obj, key, (double)v);
}

static cJSON *int_array(const int32_t *v, uint64_t n, uint64_t stride, uint64_t off) {
    cJSON *a = cJSON_CreateArray();
    for (uint64_t i = 0; a && i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber(v[i * stride + off]));
    return a;
}

static cJSON *level_array(const int8_t *v, uint64_t n, uint64_t stride, uint64_t off) {
    cJSON *a = cJSON_CreateArray();
    for (uint64_t i = 0; a && i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber(v[i * stride + off]));
    return a;
}

/* Several CPUs: the organisation, migrations and steals, and each CPU's work. */
static void report_mp(const machine *m, cJSON *out, cJSON *met) {
    const mp_config *mc = &m->mp.cfg;
    cJSON_AddStringToObject(out, "run_queues", mc->percpu ? "per-cpu" : "global");
    cJSON_AddBoolToObject(out, "steal", mc->steal);
    cJSON_AddBoolToObject(out, "affinity", mc->affinity);
    report_add_int(out, "balance", (long long)mc->balance);
    report_add_int(met, "migrations", (long long)m->mp.migrations);
    report_add_int(met, "steals", (long long)m->mp.steals);
    report_add_int(met, "balance_moves", (long long)m->mp.moves);
    cJSON *per = cJSON_AddArrayToObject(out, "per_cpu");
    for (int c = 0; per && c < m->ncpus; c++) {
        const machine_cpu *cp = &m->cpus[c];
        cJSON *o = cJSON_CreateObject();
        report_add_int(o, "cpu", c);
        report_add_int(o, "busy", (long long)cp->busy);
        cJSON_AddNumberToObject(o, "utilisation", m->tick ? (double)cp->busy / (double)m->tick : 0);
        report_add_int(o, "switches", (long long)cp->switches);
        cJSON_AddItemToArray(per, o);
    }
}

void report_sched(const machine *m, cJSON *out, bool summary) {
    const sched_config *cfg = &m->sched.cfg;
    cJSON_AddStringToObject(out, "policy", sched_policy_name(cfg->policy));
    report_add_int(out, "cpus", m->ncpus);
    cJSON *jobs = cJSON_AddArrayToObject(out, "jobs");
    for (uint32_t i = 0; i < m->nprocs; i++) {
        const proc *p = &m->procs[i];
        cJSON *j = cJSON_CreateObject();
        report_add_int(j, "id", p->pid);
        cJSON_AddStringToObject(j, "name", p->name);
        report_add_int(j, "ppid", p->ppid);
        cJSON_AddStringToObject(j, "state", proc_state_name(p->state));
        report_add_int(j, "arrival", (long long)p->arrival);
        report_add_int(j, "length", (long long)p->length);
        report_add_int(j, "first_run", p->first_run);
        report_add_int(j, "finish", p->finish);
        report_add_int(j, "response", proc_response(p));
        report_add_int(j, "turnaround", proc_turnaround(p));
        report_add_int(j, "wait", (long long)proc_wait_at(p, m->tick));
        report_add_int(j, "cpu_time", (long long)p->cpu_time);
        report_add_int(j, "ios", p->ios);
        if (m->ncpus > 1)
            report_add_int(j, "migrations", p->migrated);
        cJSON_AddItemToArray(jobs, j);
    }
    machine_metrics mt;
    machine_metrics_get(m, &mt);
    cJSON *avg = cJSON_AddObjectToObject(out, "avg");
    cJSON_AddNumberToObject(avg, "response", mt.avg_response);
    cJSON_AddNumberToObject(avg, "turnaround", mt.avg_turnaround);
    cJSON_AddNumberToObject(avg, "wait", mt.avg_wait);
    cJSON *met = cJSON_AddObjectToObject(out, "metrics");
    report_add_int(met, "finished", mt.finished);
    cJSON_AddNumberToObject(met, "utilisation", mt.utilisation);
    cJSON_AddNumberToObject(met, "throughput", mt.throughput);
    report_add_int(met, "context_switches", (long long)mt.switches);
    if (m->ncpus > 1)
        report_mp(m, out, met);
    if (summary || !m->record)
        return;
    uint64_t ticks = m->hist_len / (uint64_t)m->ncpus;
    bool mlfq = cfg->policy == SCHED_MLFQ;
    if (m->ncpus == 1) {
        cJSON_AddItemToObject(out, "timeline", int_array(m->timeline, ticks, 1, 0));
        if (mlfq)
            cJSON_AddItemToObject(out, "levels", level_array(m->levels, ticks, 1, 0));
        return;
    }
    cJSON *tls = cJSON_AddArrayToObject(out, "timelines");
    for (int c = 0; c < m->ncpus; c++)
        cJSON_AddItemToArray(tls, int_array(m->timeline, ticks, (uint64_t)m->ncpus, (uint64_t)c));
}

cJSON *report_build(const machine *m, bool summary) {
    cJSON *out = cJSON_CreateObject();
    if (!out)
        return NULL;
    report_add_int(out, "tickos", 1);
    cJSON_AddStringToObject(out, "mode", machine_mode_name(m->mode));
    report_add_int(out, "tick", (long long)m->tick);
    report_add_int(out, "seed", (long long)m->seed);
    cJSON_AddBoolToObject(out, "done", machine_done(m));
    if (m->sub_ops && m->sub_ops->report)
        m->sub_ops->report(m->sub, m, out, summary);
    else
        report_sched(m, out, summary);
    vm_report(m, out, summary);     /* "memory", when the machine has memory */
    mcache_report(m, out, summary); /* "caches", when the machine has caches */
    resmgr_report(m, out, summary); /* "resources", when the machine has them */
    return out;
}

int report_write(const cJSON *j, const char *path, char *err, size_t errlen) {
    char *text = cJSON_PrintUnformatted(j);
    if (!text) {
        snprintf(err, errlen, "report: out of memory");
        return -1;
    }
    int rc = 0;
    size_t len = strlen(text);
    if (strcmp(path, "-") == 0) {
        if (fwrite(text, 1, len, stdout) != len || fputc('\n', stdout) == EOF ||
            fflush(stdout) != 0) {
            snprintf(err, errlen, "report: cannot write to standard output");
            rc = -1;
        }
    } else {
        text[len] = '\0';
        char *withnl = realloc(text, len + 2);
        if (withnl) {
            text = withnl;
            text[len] = '\n';
            text[len + 1] = '\0';
            len++;
        }
        rc = file_write_atomic(path, text, len, err, errlen);
    }
    free(text);
    return rc;
}
