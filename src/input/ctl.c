#include "ctl.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "actions.h"
#include "screens.h"
#include "select.h"
#include "view_caches.h"
#include "view_compare.h"
#include "view_memory.h"
#include "view_resources.h"

static const int speeds[CTL_SPEEDS] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};

int ctl_queue_rows(const ctl *c) {
    /* Per-CPU run queues: a row per CPU; else a row per level. */
    return c->m->mp.cfg.percpu && c->m->ncpus > 1 ? c->m->ncpus : sched_levels(&c->m->sched);
}

bool ctl_has_procs(const ctl *c) {
    return c->m->mode == MODE_DEMO || c->m->mode == MODE_SCHED;
}

void ctl_layout_req(const ctl *c, int cols, int rows, layout_req *req) {
    memset(req, 0, sizeof *req);
    req->cols = cols;
    req->rows = rows;
    req->procs = ctl_has_procs(c);
    req->ncpus = c->m->ncpus;
    req->levels = req->procs ? ctl_queue_rows(c) : 1;
    req->screen = c->vs.screen;
    req->memory = view_memory_has(c->m);
    req->compare = c->cmp != NULL;
    req->metric_rows = view_compare_metric_rows(c->m);
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
    snaps_init(&c->snaps);
    snaps_clear(&c->snaps, m->tick);
    snaps_init(&c->cmp_snaps);
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
    cli_error err;
    c->has_quiz = quiz_init(&c->quiz, m, &err) == 0;
    ctl_quiz_check(c);
}

void ctl_compare_close(ctl *c) {
    machine_destroy(c->cmp);
    c->cmp = NULL;
    c->vs.cmp = NULL;
    c->vs.cmp_label[0] = '\0';
    snaps_clear(&c->cmp_snaps, 0);
}

/* Ticks m once, gives it the logged commands of its new tick (h may be
 * NULL: none) and notes the tick in s (a copy every so often). */
static void tick_noted(machine *m, history *h, snaps *s) {
    double t0 = snaps_clock();
    machine_tick(m);
    if (h)
        history_catch_up(h, m);
    snaps_note(s, m, snaps_clock() - t0);
}

/* The compared machine at tick t again: forward by ticking, back from one of
 * its copies or by replaying its own scenario and commands. */
static void compare_follow(ctl *c, uint64_t t) {
    if (!c->cmp)
        return;
    if (t < c->cmp->tick) {
        cli_common cc;
        cli_error err = {0};
        machine *fresh = snaps_restore(&c->cmp_snaps, t);
        cli_common_default(&cc);
        if (!fresh && scenario_replay(c->cmp, t, &cc, &fresh, &err) != 0) {
            ctl_say(c, true, "compare: %s", err.msg);
            ctl_compare_close(c);
            return;
        }
        machine_destroy(c->cmp);
        c->cmp = fresh;
        c->vs.cmp = fresh;
    }
    while (c->cmp->tick < t && !machine_done(c->cmp))
        tick_noted(c->cmp, NULL, &c->cmp_snaps);
}

void ctl_free(ctl *c) {
    ctl_compare_close(c);
    history_free(&c->cmds);
    snaps_free(&c->snaps);
    snaps_free(&c->cmp_snaps);
    if (c->has_quiz)
        quiz_free(&c->quiz);
    cJSON_Delete(c->loaded.scenario);
    c->loaded.scenario = NULL;
}

void ctl_adopt(ctl *c, machine *m2) {
    ctl_compare_close(c);
    machine_destroy(c->m);
    c->m = m2;
    history_free(&c->cmds);
    history_init(&c->cmds, m2);
    snaps_clear(&c->snaps, m2->tick);
    cJSON_Delete(c->loaded.scenario);
    c->loaded = (scenario_source){cJSON_Duplicate(m2->scenario, true), m2->seed, m2->record};
    c->build = c->loaded.scenario ? scenario_source_build : NULL;
    c->build_ctx = &c->loaded;
    c->first_cfg = m2->sched.cfg;
    c->changes = 0;
    c->vs.sel = c->vs.proc_top = 0;
    c->vs.queue_top = c->vs.gantt_cpu = 0;
    c->vs.gantt_back = 0;
    c->vs.frame_sel = 0;
    c->vs.line_cpu = 0;
    c->vs.line_slot = 0;
    c->vs.res_sel = 0;
    c->vs.log_follow = true;
    c->vs.paused = true;
    if (c->has_quiz)
        quiz_free(&c->quiz);
    cli_error err;
    c->has_quiz = quiz_init(&c->quiz, m2, &err) == 0;
}

void ctl_set_layout(ctl *c, const layout *l) {
    c->lay = *l;
    if (!layout_focusable(l, c->vs.focus)) {
        layout_pane p = layout_focus_next(l, c->vs.focus, 1);
        if (p != PANE_COUNT) {
            c->vs.focus = p;
            select_fix(c, p);
        }
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

/* The caches pane's selection is a valid line: one invalidated as the clock
 * moved gives way to the next valid one (not under its open details, which
 * follow that slot). */
static void follow_selection(ctl *c) {
    if (c->vs.focus == PANE_CACHES && c->vs.dialog != DIALOG_ITEM)
        select_fix(c, PANE_CACHES);
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
    follow_selection(c);
    return r | (had_msg ? ACT_REDRAW : ACT_NONE);
}

uint64_t ctl_advance(ctl *c, uint64_t n) {
    uint64_t done = 0;
    while (done < n && !machine_done(c->m)) {
        tick_noted(c->m, &c->cmds, &c->snaps);
        done++;
        if (c->cmp)
            compare_follow(c, c->m->tick);
        if (c->has_quiz && ctl_quiz_check(c))
            break; /* an exercise's question is due: pause and ask */
    }
    follow_selection(c);
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
    machine *fresh = snaps_restore(&c->snaps, t);
    if (fresh)
        history_seek(&c->cmds, fresh->tick);
    else if (!(fresh = rebuild(c)))
        return -1;
    while (fresh->tick < t && !machine_done(fresh))
        tick_noted(fresh, &c->cmds, &c->snaps);
    replace(c, fresh);
    compare_follow(c, c->m->tick);
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
    snaps_clear(&c->snaps, 0);
    c->changes = 0;
    ctl_compare_close(c);
    return 0;
}

int64_t ctl_command_why(ctl *c, const machine_cmd *cm, char *why, size_t n) {
    int64_t r = history_do(&c->cmds, c->m, cm, why, n);
    if (r >= 0) {
        c->changes++;
        snaps_drop_from(&c->snaps, c->m->tick); /* copies of the old branch */
    }
    return r;
}

int64_t ctl_command(ctl *c, const machine_cmd *cm) {
    return ctl_command_why(c, cm, NULL, 0);
}
