/* Actions that open dialogs or give the machine a command: details, kill,
 * help and quit (policy: act_policy.c, inject: act_inject.c). What Enter does in each form
 * is submit_*. */
#include <stdio.h>
#include <string.h>

#include "actions.h"
#include "ctl.h"
#include "select.h"
#include "submit.h"

/* The selected process, or NULL (with a message) when there is none. */
static const proc *selected(ctl *c) {
    if (!ctl_has_procs(c)) {
        ctl_say(c, true, "%s mode has no processes", machine_mode_name(c->m->mode));
        return NULL;
    }
    if (c->vs.sel >= c->m->nprocs) {
        ctl_say(c, true, "no process selected");
        return NULL;
    }
    return &c->m->procs[c->vs.sel];
}

static const char *const pane_noun[PANE_COUNT] = {
    [PANE_MEMORY] = "memory", [PANE_CACHES] = "caches", [PANE_RESOURCES] = "resources"};

/* Enter: the details of what the focused pane has selected: a frame, a
 * cache line, a resource; elsewhere the selected process. */
unsigned act_details(ctl *c) {
    layout_pane f = c->vs.focus;
    if (select_pane(f) && !c->cmp) {
        if (!select_fix(c, f)) {
            ctl_say(c, true, "%s",
                    f == PANE_MEMORY   ? "there are no frames to show"
                    : f == PANE_CACHES ? "no cache holds a valid line yet"
                                       : "there are no resource types to show");
            return ACT_REDRAW;
        }
        c->vs.dialog = DIALOG_ITEM;
        c->vs.item = f;
        c->vs.details_top = 0;
        return ACT_REDRAW;
    }
    if (!ctl_has_procs(c)) {
        /* A quick mode: its pane has the selections. */
        for (int p = PANE_MEMORY; p <= PANE_RESOURCES; p++)
            if (layout_focusable(&c->lay, (layout_pane)p)) {
                ctl_say(c, true, "%s mode has no processes: Tab to the %s pane for details",
                        machine_mode_name(c->m->mode), pane_noun[p]);
                return ACT_REDRAW;
            }
    }
    if (!selected(c))
        return ACT_REDRAW;
    c->vs.dialog = DIALOG_DETAILS;
    c->vs.details_top = 0;
    return ACT_REDRAW;
}

unsigned act_close(ctl *c) {
    c->vs.dialog = DIALOG_NONE;
    return ACT_REDRAW;
}

unsigned act_help(ctl *c) {
    c->vs.dialog = c->vs.dialog == DIALOG_HELP ? DIALOG_NONE : DIALOG_HELP;
    c->vs.help_top = 0;
    return ACT_REDRAW;
}

/* ---- kill ----------------------------------------------------------------- */

unsigned act_kill(ctl *c) {
    const proc *p = selected(c);
    if (!p)
        return ACT_REDRAW;
    if (p->state == PROC_ZOMBIE || p->state == PROC_TERMINATED) {
        ctl_say(c, true, "P%d (%s) has already exited", p->pid, p->name);
        return ACT_REDRAW;
    }
    char title[64];
    snprintf(title, sizeof title, "Kill P%d (%s)?", p->pid, p->name);
    form_open(&c->vs.form, FORM_KILL, title);
    c->vs.form.pid = p->pid;
    c->vs.dialog = DIALOG_FORM;
    return ACT_REDRAW;
}

unsigned submit_kill(ctl *c) {
    c->vs.dialog = DIALOG_NONE;
    machine_cmd k = {.kind = CMD_KILL, .pid = c->vs.form.pid};
    const proc *p = machine_proc_c(c->m, k.pid);
    char name[PROC_NAME_MAX];
    snprintf(name, sizeof name, "%s", p ? p->name : "?");
    if (ctl_command(c, &k) < 0) {
        ctl_say(c, true, "P%d (%s) cannot be killed: it has exited", k.pid, name);
        return ACT_REDRAW;
    }
    ctl_say(c, false, "P%d (%s) killed at tick %llu", k.pid, name, (unsigned long long)c->m->tick);
    return ACT_REDRAW | ACT_TICKED;
}
