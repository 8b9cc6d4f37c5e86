#include "machine_policy.h"

#include <stdio.h>

#include "mcache.h"
#include "mmu.h"
#include "vm.h"

static const char *const kind_names[POLICY_KIND_COUNT] = {"scheduler", "replacement", "coherence",
                                                          "deadlock handling"};

const char *policy_kind_name(policy_kind k) {
    return (unsigned)k < POLICY_KIND_COUNT ? kind_names[k] : "?";
}

bool machine_pager_policy(const machine *m, pager_policy *out) {
    const pager *pg = NULL;
    if (m->vm) {
        *out = m->vm->cfg.policy;
        return true;
    }
    if (m->mode == MODE_PAGING)
        pg = paging_mode_pager(m);
    else if (m->mode == MODE_TRANSLATE && translate_mode_mmu(m))
        pg = &translate_mode_mmu(m)->pg;
    if (pg)
        *out = pg->policy;
    return pg != NULL;
}

bool machine_coh_protocol(const machine *m, coh_protocol *out) {
    const coh *c = m->caches ? mcache_coh(m) : m->mode == MODE_MESI ? mesi_mode_coh(m->sub) : NULL;
    if (c)
        *out = c->proto;
    return c != NULL;
}

const resmgr_config *machine_deadlock_config(const machine *m) {
    return m->res ? &m->res->cfg : NULL;
}

bool machine_policy_has(const machine *m, policy_kind k) {
    pager_policy p;
    coh_protocol c;
    switch (k) {
        case POLICY_SCHED: return !m->sub_ops && (m->mode == MODE_DEMO || m->mode == MODE_SCHED);
        case POLICY_PAGER: return machine_pager_policy(m, &p);
        case POLICY_COHERENCE: return machine_coh_protocol(m, &c);
        case POLICY_DEADLOCK: return m->res != NULL;
        default: return false;
    }
}

int machine_policy_text(const machine *m, policy_kind k, char *buf, size_t n) {
    pager_policy p = PAGER_LRU;
    coh_protocol c = COH_MESI;
    if (!machine_policy_has(m, k))
        return snprintf(buf, n, "%s", "");
    switch (k) {
        case POLICY_SCHED: return snprintf(buf, n, "%s", sched_policy_name(m->sched.cfg.policy));
        case POLICY_PAGER:
            machine_pager_policy(m, &p);
            return snprintf(buf, n, "%s", pager_policy_name(p));
        case POLICY_COHERENCE:
            machine_coh_protocol(m, &c);
            return snprintf(buf, n, "%s", coh_protocol_name(c));
        default: return resmgr_config_text(&m->res->cfg, buf, n);
    }
}

int machine_policy_short(const machine *m, policy_kind k, char *buf, size_t n) {
    if (k != POLICY_DEADLOCK || !m->res)
        return machine_policy_text(m, k, buf, n);
    const resmgr_config *c = &m->res->cfg;
    char every[24] = "";
    if (c->detect_every == 0)
        snprintf(every, sizeof every, "/never");
    else if (c->detect_every != 1)
        snprintf(every, sizeof every, "/%u", c->detect_every);
    return snprintf(buf, n, "%s%s%s%s%s", rm_recovery_name(c->recovery), c->banker ? "+banker" : "",
                    c->ordered ? "+ordered" : "", c->release_on_block ? "+rob" : "", every);
}

/* Logged first (saves and step back replay it): no log, no change. The
 * caller drops it again (m->cmds.n--) when the change fails. */
static bool log_cmd(machine *m, const machine_cmd *c, char *err, size_t errlen) {
    if (cmdlog_push(&m->cmds, c) == 0)
        return true;
    snprintf(err, errlen, "the command log is full (or out of memory)");
    return false;
}

int machine_set_pager(machine *m, pager_policy p, char *err, size_t errlen) {
    pager_policy old;
    if (!machine_pager_policy(m, &old)) {
        snprintf(err, errlen, "replacement: this machine has no memory");
        return -1;
    }
    if ((unsigned)p >= PAGER_POLICY_COUNT) {
        snprintf(err, errlen, "replacement: unknown policy");
        return -1;
    }
    machine_cmd cmd = {.tick = m->tick, .kind = CMD_PAGER, .policy = (uint8_t)p};
    if (!log_cmd(m, &cmd, err, errlen))
        return -1;
    uint32_t kept = 0, pagers = 1;
    int rc;
    if (m->vm) {
        rc = vm_set_policy(m, p, &kept, &pagers, err, errlen);
    } else {
        bool paging = m->mode == MODE_PAGING;
        rc = paging ? paging_mode_set_policy(m, p) : translate_mode_set_policy(m, p);
        kept = paging ? paging_mode_pager(m)->nused : translate_mode_mmu(m)->pg.nused;
        if (rc != 0)
            snprintf(err, errlen, "replacement: out of memory");
    }
    if (rc != 0) {
        m->cmds.n--;
        return -1;
    }
    evlog_emit(&m->log, m->tick, EV_MEM_POLICY, -1, -1, old, p,
               (int64_t)kept | (int64_t)pagers << 32);
    return 0;
}

int machine_set_coherence(machine *m, coh_protocol p, char *err, size_t errlen) {
    coh_protocol old;
    if (!machine_coh_protocol(m, &old)) {
        snprintf(err, errlen, "coherence: this machine has no caches");
        return -1;
    }
    if ((unsigned)p >= COH_NPROTO) {
        snprintf(err, errlen, "coherence: unknown protocol");
        return -1;
    }
    machine_cmd cmd = {.tick = m->tick, .kind = CMD_COHERENCE, .policy = (uint8_t)p};
    if (!log_cmd(m, &cmd, err, errlen))
        return -1;
    uint32_t e = 0, o = 0;
    int rc = m->caches ? mcache_set_protocol(m, p, &e, &o) : mesi_mode_set_protocol(m, p, &e, &o);
    if (rc != 0) { /* cannot happen: p was checked */
        m->cmds.n--;
        snprintf(err, errlen, "coherence: refused");
        return -1;
    }
    evlog_emit(&m->log, m->tick, EV_CACHE_PROTOCOL, -1, -1, old, p, (int64_t)e | (int64_t)o << 32);
    return 0;
}

int machine_set_deadlock(machine *m, const resmgr_config *cfg, char *err, size_t errlen) {
    if (resmgr_config_check(m, cfg, err, errlen) != 0)
        return -1;
    machine_cmd cmd = {.tick = m->tick, .kind = CMD_DEADLOCK, .dl = *cfg};
    if (!log_cmd(m, &cmd, err, errlen))
        return -1;
    if (resmgr_set_config(m, cfg, err, errlen) != 0) { /* emits EV_RM_CONFIG */
        m->cmds.n--;
        return -1;
    }
    return 0;
}
