#include "polmenu.h"

#include <stdio.h>
#include <string.h>

int polmenu_kinds(const machine *m, policy_kind *out) {
    int n = 0;
    for (int k = 0; k < POLICY_KIND_COUNT; k++)
        if (machine_policy_has(m, (policy_kind)k))
            out[n++] = (policy_kind)k;
    return n;
}

const char *polmenu_kind_note(policy_kind k) {
    static const char *const notes[POLICY_KIND_COUNT] = {
        [POLICY_SCHED] = "which process runs next",
        [POLICY_PAGER] = "which page leaves memory when a frame is needed",
        [POLICY_COHERENCE] = "how the CPUs' caches keep a line coherent",
        [POLICY_DEADLOCK] = "detection, recovery, Banker's, prevention",
    };
    return (unsigned)k < POLICY_KIND_COUNT ? notes[k] : "";
}

static const char *const sched_notes[SCHED_POLICY_COUNT] = {
    [SCHED_FIFO] = "first come, first served",
    [SCHED_SJF] = "shortest job first, no preemption",
    [SCHED_STCF] = "shortest time to completion first",
    [SCHED_RR] = "round robin, quantum 1",
    [SCHED_MLFQ] = "multi-level feedback queue, 3 levels",
    [SCHED_PRIO] = "static priority, round robin within one",
    [SCHED_LOTTERY] = "a ticket drawn every tick",
};

static const char *const pager_notes[PAGER_POLICY_COUNT] = {
    [PAGER_FIFO] = "evict the page loaded first",
    [PAGER_LRU] = "evict the least recently used page",
    [PAGER_OPT] = "evict the page used farthest in the future",
    [PAGER_MRU] = "evict the most recently used page",
    [PAGER_CLOCK] = "a hand sweeps the reference bits",
    [PAGER_SECOND_CHANCE] = "FIFO, but a referenced page goes to the back",
    [PAGER_LFU] = "evict the page used least often since loaded",
    [PAGER_NRU] = "evict from the lowest class of (referenced, dirty)",
    [PAGER_RAND] = "evict a page at random",
};

static const char *const coh_notes[COH_NPROTO] = {
    [COH_MSI] = "no E: a write to a clean line always goes on the bus",
    [COH_MESI] = "E: a sole clean copy is written without the bus",
    [COH_MOESI] = "O: a dirty line is shared without writing it back",
};

static int sched_items(const machine *m, const sched_config *first, polmenu_item *out) {
    for (int p = 0; p < SCHED_POLICY_COUNT; p++) {
        polmenu_item *it = &out[p];
        *it = (polmenu_item){.name = sched_policy_name((sched_policy)p),
                             .note = p == (int)first->policy ? "as the scenario set it"
                                                             : sched_notes[p],
                             .current = p == (int)m->sched.cfg.policy,
                             .cmd = {.kind = CMD_SCHED}};
        /* The scenario's own policy comes back with its own settings. */
        if (p == (int)first->policy)
            it->cmd.cfg = *first;
        else
            sched_config_default(&it->cmd.cfg, (sched_policy)p);
    }
    return SCHED_POLICY_COUNT;
}

/* Deadlock handling: each choice changes one setting of the current ones. */
static int deadlock_items(const resmgr_config *now, polmenu_item *out) {
    static const struct {
        const char *name, *note;
        uint32_t every;
    } detect[] = {
        {"detect every tick", "look for a deadlock after every tick", 1},
        {"detect every 5 ticks", "look for a deadlock after every 5 ticks", 5},
        {"detect every 20 ticks", "look for a deadlock after every 20 ticks", 20},
        {"never detect", "a deadlock goes unnoticed", 0},
    };
    static const char *const rec_names[RM_RECOVER_COUNT] = {"recovery none", "recovery kill",
                                                            "recovery preempt"};
    static const char *const rec_notes[RM_RECOVER_COUNT] = {
        "a deadlock found is only reported", "kill the cheapest deadlocked process",
        "roll back the cheapest one's last acquire"};
    int n = 0;
    for (size_t i = 0; i < sizeof detect / sizeof *detect; i++) {
        polmenu_item *it = &out[n++];
        *it = (polmenu_item){.name = detect[i].name,
                             .note = detect[i].note,
                             .cmd = {.kind = CMD_DEADLOCK, .dl = *now}};
        it->cmd.dl.detect_every = detect[i].every;
    }
    for (int r = 0; r < RM_RECOVER_COUNT; r++) {
        polmenu_item *it = &out[n++];
        *it = (polmenu_item){
            .name = rec_names[r], .note = rec_notes[r], .cmd = {.kind = CMD_DEADLOCK, .dl = *now}};
        it->cmd.dl.recovery = (rm_recovery)r;
    }
    /* The switches, each offered the other way round. */
    polmenu_item *b = &out[n++];
    *b = (polmenu_item){.name = now->banker ? "Banker's off" : "Banker's on",
                        .note = now->banker ? "grant whatever is free"
                                            : "grant only what leaves a safe state (claims)",
                        .cmd = {.kind = CMD_DEADLOCK, .dl = *now}};
    b->cmd.dl.banker = !now->banker;
    polmenu_item *o = &out[n++];
    *o = (polmenu_item){.name = now->ordered ? "ordered acquisition off" : "ordered acquisition on",
                        .note = now->ordered ? "take resources in any order"
                                             : "take resources in rank order: no circular wait",
                        .cmd = {.kind = CMD_DEADLOCK, .dl = *now}};
    o->cmd.dl.ordered = !now->ordered;
    polmenu_item *h = &out[n++];
    *h = (polmenu_item){
        .name = now->release_on_block ? "release on block off" : "release on block on",
        .note = now->release_on_block ? "keep what is held while waiting"
                                      : "give everything back before waiting: no hold and wait",
        .cmd = {.kind = CMD_DEADLOCK, .dl = *now}};
    h->cmd.dl.release_on_block = !now->release_on_block;
    for (int i = 0; i < n; i++)
        out[i].current = resmgr_config_equal(&out[i].cmd.dl, now);
    return n;
}

int polmenu_items(const machine *m, policy_kind k, const sched_config *first_cfg,
                  polmenu_item *out) {
    pager_policy pp;
    coh_protocol cp;
    switch (k) {
        case POLICY_SCHED: return sched_items(m, first_cfg, out);
        case POLICY_PAGER:
            if (!machine_pager_policy(m, &pp))
                return 0;
            for (int p = 0; p < PAGER_POLICY_COUNT; p++)
                out[p] = (polmenu_item){.name = pager_policy_name((pager_policy)p),
                                        .note = pager_notes[p],
                                        .current = p == (int)pp,
                                        .cmd = {.kind = CMD_PAGER, .policy = (uint8_t)p}};
            return PAGER_POLICY_COUNT;
        case POLICY_COHERENCE:
            if (!machine_coh_protocol(m, &cp))
                return 0;
            for (int p = 0; p < COH_NPROTO; p++)
                out[p] = (polmenu_item){.name = coh_protocol_name((coh_protocol)p),
                                        .note = coh_notes[p],
                                        .current = p == (int)cp,
                                        .cmd = {.kind = CMD_COHERENCE, .policy = (uint8_t)p}};
            return COH_NPROTO;
        case POLICY_DEADLOCK: return m->res ? deadlock_items(machine_deadlock_config(m), out) : 0;
        default: return 0;
    }
}

void polmenu_title(const machine *m, policy_kind k, char *buf, size_t n) {
    static const char *const heads[POLICY_KIND_COUNT] = {"Scheduling policy", "Replacement policy",
                                                         "Coherence protocol", "Deadlock handling"};
    char now[48];
    machine_policy_short(m, k, now, sizeof now);
    snprintf(buf, n, "%s (now %s)", (unsigned)k < POLICY_KIND_COUNT ? heads[k] : "?", now);
}
