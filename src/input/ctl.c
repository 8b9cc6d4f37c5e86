#include "ctl.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "actions.h"
#include "screens.h"
#include "view_caches.h"
#include "view_memory.h"
#include "view_resources.h"

static const int speeds[CTL_SPEEDS] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};

bool ctl_has_procs(const ctl *c) {
    return c->m->mode == MODE_DEMO || c->m->mode == MODE_SCHED;
}

void ctl_layout_req(const ctl *c, int cols, int rows, layout_req *req) {
    memset(req, 0, sizeof *req);
    req->cols = cols;
    req->rows = rows;
    req->procs = ctl_has_procs(c);
    req->ncpus = c->m->ncpus;
    req->levels = req->procs ? sched_levels(&c->m->sched) : 1;
    req->screen = c->vs.screen;
    req->memory = view_memory_has(c->m);
    req->caches = view_caches_has(c->m);
    req->resources = view_resources_has(c->m);
}

void ctl_init(ctl *c, machine *m, ctl_build_fn build, void *ctx) {
    memset(c, 0, sizeof *c);
    c->m = m;
    c->build = build;
    c->build_ctx = ctx;
    c->first_cfg = m->sched.cfg;
    history_init(&c->cmds, m);
    c->speed_idx = CTL_DEFAULT_SPEED;
    c->vs.paused = true;
    c->vs.speed = speeds[CTL_DEFAULT_SPEED];
    c->vs.screen = SCREEN_OVERVIEW;
    c->vs.focus = PANE_COUNT;
    c->vs.log_follow = true;
    layout_req req;
    layout l;
    ctl_layout_req(c, 80, 24, &req);
    layout_compute(&req, &l);
    ctl_set_layout(c, &l);
}

void ctl_free(ctl *c) {
    history_free(&c->cmds);
}

void ctl_set_layout(ctl *c, const layout *l) {
    c->lay = *l;
    if (!layout_focusable(l, c->vs.focus)) {
        layout_pane p = layout_focus_next(l, c->vs.focus, 1);
        if (p != PANE_COUNT)
            c->vs.focus = p;
    }
}

int ctl_speed_at(int i) {
    if (i < 0)
        i = 0;
    if (i >= CTL_SPEEDS)
        i = CTL_SPEEDS - 1;
    return speeds[i];
}

int ctl_proc_rows(const ctl *c) {
    int r = layout_proc_rows(&c->lay);
    return r > 0 ? r : 1;
}

int ctl_log_rows(const ctl *c) {
    int r = layout_log_rows(&c->lay);
    return r > 0 ? r : 1;
}

void ctl_say(ctl *c, bool err, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->vs.msg, sizeof c->vs.msg, fmt, ap);
    va_end(ap);
    c->vs.msg_err = err;
}

unsigned ctl_action(ctl *c, const char *name) {
    const action *a = name ? actions_find(name) : NULL;
    return a ? a->fn(c) : ACT_NONE;
}

unsigned ctl_key(ctl *c, int key) {
    bool had_msg = c->vs.msg[0] != '\0';
    c->vs.msg[0] = '\0';
    const keymap *km = view_keymap(&c->vs);
    const char *name = keymap_lookup(km, key);
    unsigned r = ACT_NONE;
    if (name) {
        r = ctl_action(c, name);
    } else if (c->vs.dialog == DIALOG_HELP) {
        c->vs.dialog = DIALOG_NONE; /* any other key closes the help */
        r = ACT_REDRAW;
    } else if (c->vs.dialog == DIALOG_FORM && km == keymap_get(KEYMAP_FORM)) {
        r = form_type(&c->vs.form, key) ? ACT_REDRAW : ACT_NONE;
    }
    return r | (had_msg ? ACT_REDRAW : ACT_NONE);
}

uint64_t ctl_advance(ctl *c, uint64_t n) {
    uint64_t done = 0;
    while (done < n && !machine_done(c->m)) {
        machine_tick(c->m);
        history_catch_up(&c->cmds, c->m);
        done++;
    }
    return done;
}

/* A fresh machine at tick 0 with the commands of tick 0 applied. */
static machine *rebuild(ctl *c) {
    if (!c->build) {
        ctl_say(c, true, "going back is not available here");
        return NULL;
    }
    machine *fresh = c->build(c->build_ctx);
    if (!fresh) {
        ctl_say(c, true, "could not rebuild the scenario (out of memory?)");
        return NULL;
    }
    history_rewind(&c->cmds);
    history_catch_up(&c->cmds, fresh);
    return fresh;
}

static void replace(ctl *c, machine *fresh) {
    machine_destroy(c->m);
    c->m = fresh;
}

int ctl_goto(ctl *c, uint64_t t) {
    if (t >= c->m->tick) {
        ctl_advance(c, t - c->m->tick);
        return 0;
    }
    machine *fresh = rebuild(c);
    if (!fresh)
        return -1;
    while (fresh->tick < t && !machine_done(fresh)) {
        machine_tick(fresh);
        history_catch_up(&c->cmds, fresh);
    }
    replace(c, fresh);
    return 0;
}

int ctl_restart(ctl *c) {
    size_t n = c->cmds.n, next = c->cmds.next;
    history_clear(&c->cmds);
    machine *fresh = rebuild(c);
    if (!fresh) {
        c->cmds.n = n; /* nothing changed: keep the history */
        c->cmds.next = next;
        return -1;
    }
    replace(c, fresh);
    return 0;
}

int64_t ctl_command(ctl *c, const machine_cmd *cm) {
    return history_do(&c->cmds, c->m, cm);
}
