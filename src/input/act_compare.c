/* Compare (c): the current state forked into a second machine with another
 * policy of the user's choice; both step together and their metrics are
 * shown side by side. With processes the fork is exact: a copy of this
 * machine at this tick (machine_clone), then the chosen command (the same menus as p:
 * scheduler, replacement, coherence, deadlock handling), from the next tick.
 * The trace modes replay the same trace under the other policy from tick 0
 * to this tick: "what if it had been LRU all along". */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "act_policy.h"
#include "actions.h"
#include "coherence.h"
#include "ctl.h"
#include "pager.h"
#include "submit.h"

/* The flag of the policy the user picks in this mode, or NULL. */
static const char *policy_flag(machine_mode mode) {
    switch (mode) {
        case MODE_PAGING:
        case MODE_TRANSLATE: return "--policy";
        case MODE_MESI: return "--protocol";
        default: return NULL;
    }
}

unsigned act_compare(ctl *c) {
    if (c->cmp) {
        ctl_compare_close(c);
        ctl_say(c, false, "comparison closed");
        return ACT_REDRAW | ACT_RELAYOUT;
    }
    if (ctl_has_procs(c))
        return policy_kinds_menu(c, true);
    form *f = &c->vs.form;
    form_open(f, FORM_COMPARE, "Compare with another policy: the trace again from tick 0");
    form_field *fd = form_add_choice(f, "policy", true);
    machine_mode mode = c->m->mode;
    if (mode == MODE_PAGING || mode == MODE_TRANSLATE) {
        f->topic = POLICY_PAGER;
        for (int p = 0; p < PAGER_POLICY_COUNT; p++)
            form_choice(fd, pager_policy_name((pager_policy)p), NULL);
    } else if (mode == MODE_MESI) {
        f->topic = POLICY_COHERENCE;
        for (int p = 0; p < COH_NPROTO; p++)
            form_choice(fd, coh_protocol_name((coh_protocol)p), NULL);
    } else {
        ctl_say(c, true, "%s mode has no policy to compare", machine_mode_name(mode));
        return ACT_REDRAW;
    }
    c->vs.dialog = DIALOG_FORM;
    return ACT_REDRAW;
}

/* A scenario like m's with flag's value set to value (added if absent). */
static cJSON *with_policy(const cJSON *scenario, const char *flag, const char *value) {
    cJSON *sc = cJSON_Duplicate(scenario, true);
    cJSON *args = cJSON_GetObjectItemCaseSensitive(sc, "args");
    if (!cJSON_IsArray(args)) {
        cJSON_Delete(sc);
        return NULL;
    }
    for (cJSON *w = args->child; w; w = w->next) {
        if (cJSON_IsString(w) && strcmp(w->valuestring, flag) == 0 && w->next) {
            cJSON_SetValuestring(w->next, value);
            return sc;
        }
    }
    cJSON_AddItemToArray(args, cJSON_CreateString(flag));
    cJSON_AddItemToArray(args, cJSON_CreateString(value));
    return sc;
}

/* This machine at this tick (a copy, or a replay), given cmd. */
static machine *fork_procs(ctl *c, const machine_cmd *cmd, cli_error *err) {
    /* A copy is the same state at once; a replay reaches it too (no memory for a copy). */
    machine *f = machine_clone(c->m, NULL);
    cli_common cc;
    cli_common_default(&cc);
    if (!f && scenario_replay(c->m, c->m->tick, &cc, &f, err) != 0)
        return NULL;
    char why[200] = "";
    if (cmd_apply(f, cmd, why, sizeof why) < 0) {
        snprintf(err->msg, sizeof err->msg, "%s",
                 why[0] ? why : "the policy cannot be changed here");
        machine_destroy(f);
        return NULL;
    }
    return f;
}

static machine *fork_trace(ctl *c, const char *name, cli_error *err) {
    cJSON *sc = with_policy(c->m->scenario, policy_flag(c->m->mode), name);
    cli_common cc;
    machine *f = NULL;
    cli_common_default(&cc);
    int rc = sc ? scenario_rebuild(sc, c->m->seed, &cc, &f, err) : 1;
    cJSON_Delete(sc);
    if (rc != 0)
        return NULL;
    f->record = c->m->record;
    while (f->tick < c->m->tick && !machine_done(f))
        machine_tick(f);
    return f;
}

unsigned submit_compare(ctl *c) {
    const form_field *fd = &c->vs.form.field[0];
    policy_kind kind = (policy_kind)c->vs.form.topic;
    cli_error err = {0};
    if (!c->m->scenario) {
        c->vs.dialog = DIALOG_NONE;
        ctl_say(c, true, "this machine has no scenario to fork");
        return ACT_REDRAW;
    }
    machine *f = NULL;
    char what[64];
    if (ctl_has_procs(c)) {
        polmenu_item it;
        bool ok = policy_menu_pick(c, true, &it);
        c->vs.dialog = DIALOG_NONE;
        if (!ok)
            return ACT_REDRAW;
        if (kind == POLICY_SCHED || kind == POLICY_DEADLOCK)
            snprintf(what, sizeof what, "%s", it.name);
        else
            snprintf(what, sizeof what, "%s %s", policy_kind_name(kind), it.name);
        f = fork_procs(c, &it.cmd, &err);
    } else {
        c->vs.dialog = DIALOG_NONE;
        snprintf(what, sizeof what, "%s", fd->choices[fd->choice]);
        f = fork_trace(c, fd->choices[fd->choice], &err);
    }
    if (!f) {
        ctl_say(c, true, "compare: %s", err.msg[0] ? err.msg : "cannot fork the machine");
        return ACT_REDRAW;
    }
    c->cmp = f;
    c->vs.cmp = f;
    c->vs.cmp_kind = kind;
    machine_policy_short(f, kind, c->vs.cmp_label, sizeof c->vs.cmp_label);
    ctl_say(c, false, "comparing with %s from tick %llu (c ends it)", what,
            (unsigned long long)c->m->tick);
    return ACT_REDRAW | ACT_RELAYOUT;
}
