#include "cmd_policy.h"

#include <cjson/cJSON.h>
#include <string.h>

#include "coherence.h"
#include "pager.h"

#define DETECT_MAX 1000000000u

const char *const cmd_policy_keys[] = {"replacement", "coherence", "deadlock", NULL};

int cmd_policy_count(const cJSON *j) {
    int n = 0;
    for (int i = 0; cmd_policy_keys[i]; i++)
        n += cJSON_GetObjectItemCaseSensitive(j, cmd_policy_keys[i]) != NULL;
    return n;
}

void cmd_policy_to_json(const machine_cmd *c, cJSON *j) {
    switch ((cmd_kind)c->kind) {
        case CMD_PAGER:
            cJSON_AddStringToObject(j, "replacement", pager_policy_name((pager_policy)c->policy));
            break;
        case CMD_COHERENCE:
            cJSON_AddStringToObject(j, "coherence", coh_protocol_name((coh_protocol)c->policy));
            break;
        case CMD_DEADLOCK: {
            cJSON *o = cJSON_AddObjectToObject(j, "deadlock");
            cJSON_AddNumberToObject(o, "detect_every", c->dl.detect_every);
            cJSON_AddBoolToObject(o, "banker", c->dl.banker);
            cJSON_AddBoolToObject(o, "ordered", c->dl.ordered);
            cJSON_AddBoolToObject(o, "release_on_block", c->dl.release_on_block);
            cJSON_AddStringToObject(o, "recovery", rm_recovery_name(c->dl.recovery));
            break;
        }
        default: break;
    }
}

static bool deadlock_from(jsonv *v, const cJSON *o, resmgr_config *cfg) {
    static const char *const keys[] = {"detect_every",     "banker",   "ordered",
                                       "release_on_block", "recovery", NULL};
    if (!jsonv_object(v, o, keys))
        return false;
    resmgr_config_default(cfg);
    uint64_t every = cfg->detect_every;
    if (!jsonv_u64(v, o, "detect_every", false, 0, DETECT_MAX, &every) ||
        !jsonv_bool(v, o, "banker", &cfg->banker) || !jsonv_bool(v, o, "ordered", &cfg->ordered) ||
        !jsonv_bool(v, o, "release_on_block", &cfg->release_on_block))
        return false;
    cfg->detect_every = (uint32_t)every;
    if (cJSON_GetObjectItemCaseSensitive(o, "recovery")) {
        const char *rec = jsonv_str(v, o, "recovery", true, 16);
        if (!rec)
            return false;
        int r = rm_recovery_parse(rec);
        if (r < 0)
            return jsonv_fail(v, "recovery", "unknown recovery \"%s\" (none, kill, preempt)", rec);
        cfg->recovery = (rm_recovery)r;
    }
    return true;
}

bool cmd_policy_from_json(jsonv *v, const cJSON *j, machine_cmd *out) {
    if (cJSON_GetObjectItemCaseSensitive(j, "replacement")) {
        const char *name = jsonv_str(v, j, "replacement", true, 16);
        pager_policy p;
        if (!name)
            return false;
        if (pager_policy_parse(name, &p) != 0)
            return jsonv_fail(v, "replacement", "unknown policy \"%s\" (%s)", name,
                              pager_policy_list());
        out->kind = CMD_PAGER;
        out->policy = (uint8_t)p;
        return true;
    }
    if (cJSON_GetObjectItemCaseSensitive(j, "coherence")) {
        const char *name = jsonv_str(v, j, "coherence", true, 16);
        if (!name)
            return false;
        int p = coh_protocol_parse(name);
        if (p < 0)
            return jsonv_fail(v, "coherence", "unknown protocol \"%s\" (msi, mesi, moesi)", name);
        out->kind = CMD_COHERENCE;
        out->policy = (uint8_t)p;
        return true;
    }
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(j, "deadlock");
    if (!o)
        return jsonv_fail(v, NULL, "no policy command");
    if (!cJSON_IsObject(o))
        return jsonv_fail(v, "deadlock", "expected an object");
    char path[sizeof v->path];
    memcpy(path, v->path, sizeof path);
    jsonv_path(v, "%s.deadlock", path);
    out->kind = CMD_DEADLOCK;
    return deadlock_from(v, o, &out->dl);
}
