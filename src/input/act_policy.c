/* Change a policy (p): a menu of the kinds of policy this machine has
 * (scheduler, replacement when it has memory, coherence when it has caches,
 * deadlock handling when it has resources; straight to the choices when
 * there is one kind), then the choices of the kind picked, the current one
 * marked. Enter gives the machine the command: it takes effect from the next
 * tick and is logged (saves, stepping back). Compare (c, act_compare.c)
 * offers the same menus through policy_menu_open. */
#include "act_policy.h"

#include <stdio.h>
#include <string.h>

#include "actions.h"
#include "ctl.h"
#include "submit.h"

/* The choices offered: all for p, all but the current for c. */
static int offered(ctl *c, policy_kind k, bool compare, polmenu_item *out) {
    polmenu_item all[POLMENU_MAX];
    int n = polmenu_items(c->m, k, &c->first_cfg, all), m = 0;
    for (int i = 0; i < n; i++)
        if (!compare || !all[i].current)
            out[m++] = all[i];
    return m;
}

static const char *const compare_nouns[POLICY_KIND_COUNT] = {
    "another policy", "another replacement policy", "another coherence protocol",
    "other deadlock handling"};

unsigned policy_menu_open(ctl *c, policy_kind k, bool compare) {
    polmenu_item items[POLMENU_MAX];
    int n = offered(c, k, compare, items);
    if (n == 0) {
        ctl_say(c, true, "there is no other %s to choose", policy_kind_name(k));
        return ACT_REDRAW;
    }
    form *f = &c->vs.form;
    char title[64];
    if (compare)
        snprintf(title, sizeof title, "Compare with %s, from this tick on", compare_nouns[k]);
    else
        polmenu_title(c->m, k, title, sizeof title);
    form_open(f, compare ? FORM_COMPARE : FORM_POLICY, title);
    f->topic = (int32_t)k;
    if (k == POLICY_DEADLOCK) {
        char now[160];
        machine_policy_text(c->m, k, now, sizeof now);
        snprintf(f->body, sizeof f->body, "Now: %s. Each choice changes one setting.", now);
    }
    form_field *fd = form_add_choice(f, "policy", true);
    int first = -1;
    for (int i = 0; i < n; i++) {
        /* The scheduler's notes say which one the scenario set; the others
         * mark the one in use. The menu starts on it (the first, for
         * deadlock handling's several settings). */
        bool mark = items[i].current && k != POLICY_SCHED;
        form_choice(fd, items[i].name, mark ? "in use now" : items[i].note);
        if (items[i].current && first < 0)
            first = i;
    }
    fd->choice = first < 0 ? 0 : first;
    c->vs.dialog = DIALOG_FORM;
    return ACT_REDRAW;
}

/* The kinds menu (p or c) when m has several kinds. */
static unsigned kinds_menu(ctl *c, policy_kind *k, int n, bool compare) {
    form *f = &c->vs.form;
    form_open(f, compare ? FORM_CMP_KINDS : FORM_KINDS,
              compare ? "Compare with another policy, from this tick on"
                      : "Change a policy, from the next tick");
    size_t used = 0;
    used += (size_t)snprintf(f->body, sizeof f->body, "Now:");
    form_field *fd = form_add_choice(f, "kind", true);
    for (int i = 0; i < n; i++) {
        char now[160];
        machine_policy_text(c->m, k[i], now, sizeof now);
        if (used < sizeof f->body)
            used +=
                (size_t)snprintf(f->body + used, sizeof f->body - used, "%s %s %s%s", i ? ";" : "",
                                 policy_kind_name(k[i]), now, i + 1 == n ? "." : "");
        form_choice(fd, policy_kind_name(k[i]), polmenu_kind_note(k[i]));
    }
    c->vs.dialog = DIALOG_FORM;
    return ACT_REDRAW;
}

unsigned policy_kinds_menu(ctl *c, bool compare) {
    policy_kind k[POLICY_KIND_COUNT];
    int n = polmenu_kinds(c->m, k);
    if (n == 0) {
        ctl_say(c, true, "%s mode has no policy to %s", machine_mode_name(c->m->mode),
                compare ? "compare" : "change");
        return ACT_REDRAW;
    }
    if (n == 1)
        return policy_menu_open(c, k[0], compare);
    return kinds_menu(c, k, n, compare);
}

unsigned act_policy(ctl *c) {
    return policy_kinds_menu(c, false);
}

/* The kind picked in a kinds menu. */
static policy_kind picked_kind(ctl *c) {
    policy_kind k[POLICY_KIND_COUNT];
    int n = polmenu_kinds(c->m, k), i = c->vs.form.field[0].choice;
    return i >= 0 && i < n ? k[i] : POLICY_SCHED;
}

unsigned submit_policy_kind(ctl *c) {
    return policy_menu_open(c, picked_kind(c), false);
}

unsigned submit_compare_kind(ctl *c) {
    return policy_menu_open(c, picked_kind(c), true);
}

bool policy_menu_pick(ctl *c, bool compare, polmenu_item *out) {
    polmenu_item items[POLMENU_MAX];
    int n = offered(c, (policy_kind)c->vs.form.topic, compare, items);
    int i = c->vs.form.field[0].choice;
    if (i < 0 || i >= n)
        return false;
    *out = items[i];
    return true;
}

unsigned submit_policy(ctl *c) {
    policy_kind k = (policy_kind)c->vs.form.topic;
    polmenu_item it;
    c->vs.dialog = DIALOG_NONE;
    if (!policy_menu_pick(c, false, &it))
        return ACT_REDRAW;
    char old[160], now[160], why[200] = "";
    machine_policy_text(c->m, k, old, sizeof old);
    if (it.current) {
        if (k == POLICY_SCHED)
            ctl_say(c, false, "the policy is already %s", old);
        else if (k == POLICY_DEADLOCK)
            ctl_say(c, false, "deadlock handling is already %s", old);
        else
            ctl_say(c, false, "%s is already %s", policy_kind_name(k), old);
        return ACT_REDRAW;
    }
    resmgr_config before = {0};
    if (k == POLICY_DEADLOCK)
        before = *machine_deadlock_config(c->m);
    if (ctl_command_why(c, &it.cmd, why, sizeof why) < 0) {
        if (k == POLICY_SCHED)
            ctl_say(c, true, "the policy could not be changed%s",
                    c->m->mp.cfg.percpu ? " with per-CPU queues" : "");
        else
            ctl_say(c, true, "%s", why[0] ? why : "refused");
        return ACT_REDRAW;
    }
    unsigned long long t = (unsigned long long)c->m->tick;
    machine_policy_text(c->m, k, now, sizeof now);
    switch (k) {
        case POLICY_SCHED: ctl_say(c, false, "policy %s -> %s from tick %llu", old, now, t); break;
        case POLICY_DEADLOCK: {
            char diff[140];
            resmgr_config_diff(&before, machine_deadlock_config(c->m), diff, sizeof diff);
            ctl_say(c, false, "deadlock handling: %s from tick %llu", diff, t);
            break;
        }
        default: ctl_say(c, false, "%s %s -> %s from tick %llu", policy_kind_name(k), old, now, t);
    }
    return ACT_REDRAW | ACT_TICKED | (k == POLICY_SCHED ? ACT_RELAYOUT : 0);
}
