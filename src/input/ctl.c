#include "ctl.h"

#include <string.h>

#include "actions.h"

static const int speeds[CTL_SPEEDS] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};

void ctl_init(ctl *c, machine *m) {
    memset(c, 0, sizeof *c);
    c->m = m;
    c->speed_idx = CTL_DEFAULT_SPEED;
    c->vs.paused = true;
    c->vs.speed = speeds[CTL_DEFAULT_SPEED];
    c->vs.log_follow = true;
    c->proc_rows = 1;
    c->log_rows = 1;
}

int ctl_speed_at(int i) {
    if (i < 0)
        i = 0;
    if (i >= CTL_SPEEDS)
        i = CTL_SPEEDS - 1;
    return speeds[i];
}

unsigned ctl_action(ctl *c, const char *name) {
    const action *a = name ? actions_find(name) : NULL;
    return a ? a->fn(c) : ACT_NONE;
}

unsigned ctl_key(ctl *c, const keymap *km, int key) {
    if (c->vs.help) {
        c->vs.help = false;
        return ACT_REDRAW;
    }
    return ctl_action(c, keymap_lookup(km, key));
}

uint64_t ctl_advance(ctl *c, uint64_t n) {
    uint64_t done = 0;
    while (done < n && !machine_done(c->m)) {
        machine_tick(c->m);
        done++;
    }
    return done;
}
