/* Actions on the clock: run, step, back, go to, restart, speed. */
#include <stdio.h>

#include "actions.h"
#include "ctl.h"
#include "submit.h"

unsigned act_pause(ctl *c) {
    c->vs.paused = !c->vs.paused;
    return ACT_REDRAW;
}

unsigned act_step(ctl *c) {
    c->vs.paused = true;
    if (machine_done(c->m)) {
        ctl_say(c, false, "the run is over at tick %llu: b steps back, r restarts",
                (unsigned long long)c->m->tick);
        return ACT_REDRAW;
    }
    return ACT_REDRAW | (ctl_advance(c, 1) ? ACT_TICKED : 0);
}

/* After time travel the number of levels may differ (a policy change undone). */
static unsigned travelled(void) {
    return ACT_REDRAW | ACT_TICKED | ACT_RELAYOUT;
}

unsigned act_back(ctl *c) {
    c->vs.paused = true;
    if (c->m->tick == 0) {
        ctl_say(c, false, "already at tick 0");
        return ACT_REDRAW;
    }
    if (ctl_goto(c, c->m->tick - 1) != 0)
        return ACT_REDRAW;
    return travelled();
}

unsigned act_goto(ctl *c) {
    c->vs.paused = true;
    char title[64];
    snprintf(title, sizeof title,
             "Go to tick (0 to %llu):", (unsigned long long)c->m->tick + CTL_GOTO_AHEAD);
    form_open(&c->vs.form, FORM_GOTO, title);
    form_add_text(&c->vs.form, "tick", "", NULL);
    c->vs.dialog = DIALOG_FORM;
    return ACT_REDRAW;
}

unsigned submit_goto(ctl *c) {
    long long t;
    if (!form_int(&c->vs.form, 0, 0, (long long)(c->m->tick + CTL_GOTO_AHEAD), &t))
        return ACT_REDRAW;
    c->vs.dialog = DIALOG_NONE;
    if (ctl_goto(c, (uint64_t)t) != 0)
        return ACT_REDRAW;
    if (c->m->tick < (uint64_t)t)
        ctl_say(c, false, "the run ends at tick %llu", (unsigned long long)c->m->tick);
    return travelled();
}

unsigned act_restart(ctl *c) {
    c->vs.paused = true;
    if (ctl_restart(c) != 0)
        return ACT_REDRAW;
    c->vs.sel = c->vs.proc_top = 0;
    c->vs.log_follow = true;
    c->vs.gantt_back = 0;
    ctl_say(c, false, "restarted at tick 0");
    return travelled();
}

static unsigned set_speed(ctl *c, int idx) {
    if (idx < 0)
        idx = 0;
    if (idx >= CTL_SPEEDS)
        idx = CTL_SPEEDS - 1;
    c->speed_idx = idx;
    c->vs.speed = ctl_speed_at(idx);
    return ACT_REDRAW;
}

unsigned act_faster(ctl *c) {
    return set_speed(c, c->speed_idx + 1);
}

unsigned act_slower(ctl *c) {
    return set_speed(c, c->speed_idx - 1);
}
