#include "cmdlog.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "clone.h"
#include "cmd_policy.h"
#include "jsonv.h"
#include "machine.h"
#include "machine_cmd.h"
#include "machine_policy.h"

void cmdlog_free(cmdlog *l) {
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

void cmdlog_clone(clone_ctx *cx, cmdlog *dst, const cmdlog *src) {
    *dst = *src;
    dst->v = clone_dup(cx, src->v, src->n * sizeof *src->v);
    dst->cap = src->n; /* what is in use: cmdlog_push grows it as for the original */
}

int cmdlog_push(cmdlog *l, const machine_cmd *c) {
    if (l->n >= CMDLOG_MAX)
        return -1;
    if (l->n == l->cap) {
        uint32_t ncap = l->cap ? l->cap * 2 : 16;
        machine_cmd *nv = realloc(l->v, ncap * sizeof *nv);
        if (!nv)
            return -1;
        l->v = nv;
        l->cap = ncap;
    }
    l->v[l->n++] = *c;
    return 0;
}

int64_t cmd_apply(machine *m, const machine_cmd *c, char *err, size_t errlen) {
    switch ((cmd_kind)c->kind) {
        case CMD_KILL:
            if (machine_kill(m, c->pid) != 0) {
                snprintf(err, errlen, "kill %d at tick %llu: no such live process", c->pid,
                         (unsigned long long)c->tick);
                return -1;
            }
            return 0;
        case CMD_SCHED:
            if (machine_set_sched(m, &c->cfg) != 0) {
                snprintf(err, errlen, "policy change at tick %llu: refused",
                         (unsigned long long)c->tick);
                return -1;
            }
            return 0;
        case CMD_INJECT: return inject_do(m, &c->inj, err, errlen);
        case CMD_PAGER: return machine_set_pager(m, (pager_policy)c->policy, err, errlen);
        case CMD_COHERENCE: return machine_set_coherence(m, (coh_protocol)c->policy, err, errlen);
        case CMD_DEADLOCK: return machine_set_deadlock(m, &c->dl, err, errlen);
        default: snprintf(err, errlen, "unknown command kind %u", c->kind); return -1;
    }
}

static cJSON *ints_json(const int32_t *v, int n) {
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; a && i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber(v[i]));
    return a;
}

static cJSON *sched_cfg_json(const sched_config *cfg) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "policy", sched_policy_name(cfg->policy));
    cJSON_AddNumberToObject(o, "levels", cfg->levels);
    cJSON_AddItemToObject(o, "quantum", ints_json(cfg->quantum, cfg->levels));
    cJSON_AddItemToObject(o, "allot", ints_json(cfg->allot, cfg->levels));
    cJSON_AddItemToObject(o, "boost", jsonv_make_u64(cfg->boost));
    cJSON_AddBoolToObject(o, "stay", cfg->stay);
    cJSON_AddBoolToObject(o, "iobump", cfg->iobump);
    return o;
}

cJSON *cmd_to_json(const machine_cmd *c) {
    cJSON *j = cJSON_CreateObject();
    if (!j)
        return NULL;
    cJSON_AddNumberToObject(j, "tick", (double)c->tick);
    switch ((cmd_kind)c->kind) {
        case CMD_KILL: cJSON_AddNumberToObject(j, "kill", c->pid); break;
        case CMD_SCHED: cJSON_AddItemToObject(j, "sched", sched_cfg_json(&c->cfg)); break;
        case CMD_INJECT: cJSON_AddItemToObject(j, "inject", inject_json(&c->inj)); break;
        default: cmd_policy_to_json(c, j); break;
    }
    return j;
}

/* An array of levels integers in [lo, hi]. */
static bool get_levels(jsonv *v, const cJSON *o, const char *key, int levels, int32_t lo,
                       int32_t hi, int32_t *out) {
    const cJSON *a = jsonv_array(v, o, key, true, SCHED_MAX_LEVELS);
    if (!a)
        return false;
    if (cJSON_GetArraySize(a) != levels)
        return jsonv_fail(v, key, "needs %d values, one per level", levels);
    int i = 0;
    for (const cJSON *x = a->child; x; x = x->next, i++) {
        if (!cJSON_IsNumber(x) || x->valuedouble != (double)(int32_t)x->valuedouble ||
            x->valuedouble < lo || x->valuedouble > hi)
            return jsonv_fail(v, key, "item %d: expected an integer in %d..%d", i, lo, hi);
        out[i] = (int32_t)x->valuedouble;
    }
    return true;
}

static bool sched_cfg_from(jsonv *v, const cJSON *o, sched_config *cfg) {
    static const char *const keys[] = {"policy", "levels", "quantum", "allot",
                                       "boost",  "stay",   "iobump",  NULL};
    if (!jsonv_object(v, o, keys))
        return false;
    const char *name = jsonv_str(v, o, "policy", true, 16);
    if (!name)
        return false;
    int pol = sched_policy_parse(name);
    if (pol < 0)
        return jsonv_fail(v, "policy", "unknown policy \"%s\"", name);
    sched_config_default(cfg, (sched_policy)pol);
    uint64_t levels = (uint64_t)cfg->levels;
    if (!jsonv_u64(v, o, "levels", false, 1, SCHED_MAX_LEVELS, &levels))
        return false;
    cfg->levels = (int32_t)levels;
    if (!get_levels(v, o, "quantum", cfg->levels, 1, SCHED_UNBOUNDED, cfg->quantum) ||
        !get_levels(v, o, "allot", cfg->levels, 1, SCHED_UNBOUNDED, cfg->allot) ||
        !jsonv_u64(v, o, "boost", false, 0, JSONV_MAX_TICK, &cfg->boost) ||
        !jsonv_bool(v, o, "stay", &cfg->stay) || !jsonv_bool(v, o, "iobump", &cfg->iobump))
        return false;
    return true;
}

int cmd_from_json(const cJSON *j, const char *path, machine_cmd *out, char *err, size_t errlen) {
    static const char *const keys[] = {"tick",        "kill",      "sched",    "inject",
                                       "replacement", "coherence", "deadlock", NULL};
    jsonv v = {.err = err, .errlen = errlen};
    jsonv_path(&v, "%s", path);
    *out = (machine_cmd){0};
    if (!jsonv_object(&v, j, keys))
        return -1;
    if (!jsonv_u64(&v, j, "tick", true, 0, JSONV_MAX_TICK, &out->tick))
        return -1;
    const cJSON *kill = cJSON_GetObjectItemCaseSensitive(j, "kill");
    const cJSON *sch = cJSON_GetObjectItemCaseSensitive(j, "sched");
    const cJSON *inj = cJSON_GetObjectItemCaseSensitive(j, "inject");
    int npol = cmd_policy_count(j);
    if ((kill != NULL) + (sch != NULL) + (inj != NULL) + npol != 1)
        return jsonv_fail(&v, NULL,
                          "needs exactly one of kill, sched, inject, replacement, coherence, "
                          "deadlock"),
               -1;
    if (npol)
        return cmd_policy_from_json(&v, j, out) ? 0 : -1;
    if (kill) {
        int64_t pid;
        if (!jsonv_i64(&v, j, "kill", true, 0, INT32_MAX, &pid))
            return -1;
        out->kind = CMD_KILL;
        out->pid = (int32_t)pid;
        return 0;
    }
    if (sch) {
        out->kind = CMD_SCHED;
        jsonv_path(&v, "%s.sched", path);
        return sched_cfg_from(&v, sch, &out->cfg) ? 0 : -1;
    }
    out->kind = CMD_INJECT;
    char at[64];
    snprintf(at, sizeof at, "%s.inject", path);
    return inject_read(&v, inj, at, &out->inj) ? 0 : -1;
}
