#include "cmdlog.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "jsonv.h"
#include "machine.h"

void cmdlog_free(cmdlog *l) {
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
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

int cmd_apply(machine *m, const machine_cmd *c, char *err, size_t errlen) {
    switch ((cmd_kind)c->kind) {
        case CMD_KILL:
            if (machine_kill(m, c->pid) != 0) {
                snprintf(err, errlen, "kill %d at tick %llu: no such live process", c->pid,
                         (unsigned long long)c->tick);
                return -1;
            }
            return 0;
        default: snprintf(err, errlen, "unknown command kind %u", c->kind); return -1;
    }
}

cJSON *cmd_to_json(const machine_cmd *c) {
    cJSON *j = cJSON_CreateObject();
    if (!j)
        return NULL;
    cJSON_AddNumberToObject(j, "tick", (double)c->tick);
    switch ((cmd_kind)c->kind) {
        case CMD_KILL: cJSON_AddNumberToObject(j, "kill", c->pid); break;
        default: break;
    }
    return j;
}

int cmd_from_json(const cJSON *j, const char *path, machine_cmd *out, char *err, size_t errlen) {
    static const char *const keys[] = {"tick", "kill", NULL};
    jsonv v = {.err = err, .errlen = errlen};
    jsonv_path(&v, "%s", path);
    *out = (machine_cmd){0};
    if (!jsonv_object(&v, j, keys))
        return -1;
    if (!jsonv_u64(&v, j, "tick", true, 0, JSONV_MAX_TICK, &out->tick))
        return -1;
    int64_t pid;
    if (!jsonv_i64(&v, j, "kill", true, 0, INT32_MAX, &pid))
        return -1;
    out->kind = CMD_KILL;
    out->pid = (int32_t)pid;
    return 0;
}
