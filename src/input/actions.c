#include "actions.h"

#include <string.h>

#include "ctl.h"

static unsigned act_pause(ctl *c) {
    c->vs.paused = !c->vs.paused;
    return ACT_REDRAW;
}

static unsigned act_step(ctl *c) {
    c->vs.paused = true;
    return ACT_REDRAW | (ctl_advance(c, 1) ? ACT_TICKED : 0);
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

static unsigned act_faster(ctl *c) {
    return set_speed(c, c->speed_idx + 1);
}

static unsigned act_slower(ctl *c) {
    return set_speed(c, c->speed_idx - 1);
}

static uint32_t proc_top_max(const ctl *c) {
    uint32_t rows = c->proc_rows > 0 ? (uint32_t)c->proc_rows : 1;
    return c->m->nprocs > rows ? c->m->nprocs - rows : 0;
}

static unsigned act_procs_up(ctl *c) {
    if (c->vs.proc_top > proc_top_max(c))
        c->vs.proc_top = proc_top_max(c);
    if (c->vs.proc_top > 0)
        c->vs.proc_top--;
    return ACT_REDRAW;
}

static unsigned act_procs_down(ctl *c) {
    if (c->vs.proc_top < proc_top_max(c))
        c->vs.proc_top++;
    else
        c->vs.proc_top = proc_top_max(c);
    return ACT_REDRAW;
}

/* The log scrolls by pages; the bottom line is one past the last event shown. */
static unsigned act_log_up(ctl *c) {
    uint64_t first = evlog_first(&c->m->log), end = evlog_end(&c->m->log);
    uint64_t page = c->log_rows > 1 ? (uint64_t)c->log_rows - 1 : 1;
    uint64_t bottom = c->vs.log_follow ? end : c->vs.log_end;
    uint64_t lowest = first + (uint64_t)(c->log_rows > 0 ? c->log_rows : 1);
    if (lowest > end)
        lowest = end;
    bottom = bottom > lowest + page ? bottom - page : lowest;
    c->vs.log_follow = bottom >= end;
    c->vs.log_end = bottom;
    return ACT_REDRAW;
}

static unsigned act_log_down(ctl *c) {
    if (c->vs.log_follow)
        return ACT_NONE;
    uint64_t end = evlog_end(&c->m->log);
    uint64_t page = c->log_rows > 1 ? (uint64_t)c->log_rows - 1 : 1;
    c->vs.log_end += page;
    if (c->vs.log_end >= end)
        c->vs.log_follow = true;
    return ACT_REDRAW;
}

static unsigned act_log_end(ctl *c) {
    c->vs.log_follow = true;
    return ACT_REDRAW;
}

static unsigned act_help(ctl *c) {
    c->vs.help = !c->vs.help;
    return ACT_REDRAW;
}

static unsigned act_quit(ctl *c) {
    c->quit = true;
    return ACT_QUIT;
}

static const action table[] = {
    {"pause", "run/pause", "run or pause the clock", act_pause},
    {"step", "step", "advance one tick (pauses the clock)", act_step},
    {"faster", "faster", "run faster (1 to 1000 ticks/s)", act_faster},
    {"slower", "slower", "run slower", act_slower},
    {"procs-up", "", "scroll the process table up", act_procs_up},
    {"procs-down", "", "scroll the process table down", act_procs_down},
    {"log-up", "", "scroll the event log back a page", act_log_up},
    {"log-down", "", "scroll the event log forward a page", act_log_down},
    {"log-end", "", "follow the newest events again", act_log_end},
    {"help", "help", "show this help (any key closes it)", act_help},
    {"quit", "quit", "quit tickos", act_quit},
};

const action *actions_find(const char *name) {
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(table[i].name, name) == 0)
            return &table[i];
    return NULL;
}

size_t actions_count(void) {
    return sizeof table / sizeof table[0];
}

const action *actions_at(size_t i) {
    return i < actions_count() ? &table[i] : NULL;
}
