/* Actions on the panes: focus, scrolling, the selection, screens, the mouse. */
#include <curses.h>

#include "actions.h"
#include "ctl.h"
#include "keyhelp.h"
#include "screens.h"
#include "select.h"

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi) {
    return v < lo ? lo : v > hi ? hi : v;
}

/* ---- the process table: a selection that the view follows -------------- */

static uint32_t proc_top_max(const ctl *c) {
    uint32_t rows = (uint32_t)ctl_proc_rows(c);
    return c->m->nprocs > rows ? c->m->nprocs - rows : 0;
}

static void procs_scroll(ctl *c, int64_t d) {
    uint32_t top = c->vs.proc_top > proc_top_max(c) ? proc_top_max(c) : c->vs.proc_top;
    c->vs.proc_top = (uint32_t)clamp64((int64_t)top + d, 0, proc_top_max(c));
}

static void select_row(ctl *c, int64_t sel) {
    int64_t n = c->m->nprocs;
    c->vs.sel = (uint32_t)clamp64(sel, 0, n > 0 ? n - 1 : 0);
    int64_t rows = ctl_proc_rows(c), top = c->vs.proc_top;
    if (c->vs.sel < top)
        top = c->vs.sel;
    if (c->vs.sel >= top + rows)
        top = c->vs.sel - rows + 1;
    c->vs.proc_top = (uint32_t)clamp64(top, 0, proc_top_max(c));
}

/* ---- the other panes ------------------------------------------------------ */

static void queues_scroll(ctl *c, int64_t d) {
    int levels = ctl_queue_rows(c), lines = c->lay.queue_lines;
    c->vs.queue_top = (int)clamp64(c->vs.queue_top + d, 0, levels > lines ? levels - lines : 0);
}

static void gantt_cpus_scroll(ctl *c, int64_t d) {
    int n = c->m->ncpus, shown = c->lay.gantt_cpus;
    c->vs.gantt_cpu = (int)clamp64(c->vs.gantt_cpu + d, 0, n > shown ? n - shown : 0);
}

/* Back in time (d > 0) or forward, within the history the machine keeps. */
static void gantt_time_scroll(ctl *c, int64_t d) {
    uint64_t kept = c->m->tick < MACHINE_GANTT ? c->m->tick : MACHINE_GANTT;
    uint64_t cells = (uint64_t)layout_gantt_cells(&c->lay);
    int64_t most = kept > cells ? (int64_t)(kept - cells) : 0;
    c->vs.gantt_back = (uint64_t)clamp64((int64_t)c->vs.gantt_back + d, 0, most);
}

/* The log moves by events the screen shows; the bottom is one past the last
 * event shown. It never scrolls above its first full page. */
static void log_scroll(ctl *c, int64_t d) {
    const evlog *log = &c->m->log;
    log_filter f = screens_filter(c->vs.screen);
    uint64_t end = evlog_end(log), rows = (uint64_t)ctl_log_rows(c);
    uint64_t lowest = log_filter_fwd(log, f, evlog_first(log), rows);
    uint64_t bottom = c->vs.log_follow || c->vs.log_end > end ? end : c->vs.log_end;
    if (d < 0) {
        bottom = log_filter_back(log, f, bottom, (uint64_t)-d);
        if (bottom < lowest)
            bottom = lowest;
    } else if (d > 0) {
        if (c->vs.log_follow)
            return;
        bottom = log_filter_fwd(log, f, bottom, (uint64_t)d);
    }
    c->vs.log_end = bottom;
    c->vs.log_follow = log_filter_count(log, f, bottom, end) == 0;
}

static int dialog_page(const ctl *c) {
    return c->lay.rows > 8 ? c->lay.rows - 6 : 2;
}

/* ---- what the keys do ------------------------------------------------------ */

#define FAR (INT64_MAX / 4)

static unsigned move_dialog(ctl *c, int *top, int total, pane_move mv) {
    int64_t page = dialog_page(c);
    int64_t d = mv == MV_UP     ? -1
                : mv == MV_DOWN ? 1
                : mv == MV_PGUP ? -page
                : mv == MV_PGDN ? page
                : mv == MV_HOME ? -FAR
                                : FAR;
    *top = (int)clamp64(*top + d, 0, total > 1 ? total - 1 : 0);
    return ACT_REDRAW;
}

static unsigned move_focused(ctl *c, pane_move mv) {
    if (c->vs.dialog == DIALOG_HELP)
        return move_dialog(c, &c->vs.help_top, keyhelp_count(), mv);
    if (c->vs.dialog == DIALOG_DETAILS)
        return move_dialog(c, &c->vs.details_top, view_details_lines(c->m, &c->vs), mv);
    if (c->vs.dialog == DIALOG_ITEM)
        return move_dialog(c, &c->vs.details_top, view_item_lines(c->m, &c->vs), mv);
    if (select_pane(c->vs.focus))
        return select_move(c, mv);
    switch (c->vs.focus) {
        case PANE_PROCS: {
            int64_t page = ctl_proc_rows(c), sel = c->vs.sel;
            int64_t to[] = {sel - 1, sel + 1, sel - page, sel + page, 0, FAR};
            select_row(c, to[mv]);
            break;
        }
        case PANE_QUEUES: {
            int64_t page = c->lay.queue_lines;
            int64_t d[] = {-1, 1, -page, page, -FAR, FAR};
            queues_scroll(c, d[mv]);
            break;
        }
        case PANE_GANTT: {
            int64_t page = layout_gantt_cells(&c->lay);
            if (mv == MV_UP || mv == MV_DOWN)
                gantt_cpus_scroll(c, mv == MV_UP ? -1 : 1);
            else /* PgUp goes back in time, Home to the oldest tick kept */
                gantt_time_scroll(c, mv == MV_PGUP   ? page
                                     : mv == MV_PGDN ? -page
                                     : mv == MV_HOME ? FAR
                                                     : -FAR);
            break;
        }
        case PANE_LOG: {
            int64_t page = ctl_log_rows(c) > 1 ? ctl_log_rows(c) - 1 : 1;
            int64_t d[] = {-1, 1, -page, page, -FAR, FAR};
            if (mv == MV_END)
                c->vs.log_follow = true;
            else
                log_scroll(c, d[mv]);
            break;
        }
        default: return ACT_NONE;
    }
    return ACT_REDRAW;
}

unsigned act_up(ctl *c) {
    return move_focused(c, MV_UP);
}
unsigned act_down(ctl *c) {
    return move_focused(c, MV_DOWN);
}
unsigned act_page_up(ctl *c) {
    return move_focused(c, MV_PGUP);
}
unsigned act_page_down(ctl *c) {
    return move_focused(c, MV_PGDN);
}
unsigned act_home(ctl *c) {
    return move_focused(c, MV_HOME);
}
unsigned act_end(ctl *c) {
    return move_focused(c, MV_END);
}

static unsigned focus(ctl *c, int dir) {
    layout_pane p = layout_focus_next(&c->lay, c->vs.focus, dir);
    if (p == PANE_COUNT)
        return ACT_NONE;
    c->vs.focus = p;
    select_fix(c, p); /* a selection that exists, where there is one */
    return ACT_REDRAW;
}

unsigned act_focus_next(ctl *c) {
    return focus(c, 1);
}
unsigned act_focus_prev(ctl *c) {
    return focus(c, -1);
}

static unsigned screen(ctl *c, int n) {
    c->vs.screen = n;
    return ACT_REDRAW | ACT_RELAYOUT;
}

unsigned act_screen_1(ctl *c) {
    return screen(c, SCREEN_OVERVIEW);
}
unsigned act_screen_2(ctl *c) {
    return screen(c, SCREEN_SCHED);
}
unsigned act_screen_3(ctl *c) {
    return screen(c, SCREEN_MEMORY);
}
unsigned act_screen_4(ctl *c) {
    return screen(c, SCREEN_CACHES);
}
unsigned act_screen_5(ctl *c) {
    return screen(c, SCREEN_RESOURCES);
}
unsigned act_screen_6(ctl *c) {
    return screen(c, SCREEN_LOG);
}

/* ---- the mouse ------------------------------------------------------------ */

#define WHEEL_LINES 3

/* Where pane p drew its items when the screen was last drawn. */
static const vhits *hits_of(const ctl *c, layout_pane p) {
    return p == PANE_MEMORY      ? &c->hits.memory
           : p == PANE_CACHES    ? &c->hits.caches
           : p == PANE_RESOURCES ? &c->hits.resources
                                 : NULL;
}

unsigned ctl_mouse(ctl *c, int y, int x, ctl_mouse_kind kind) {
    layout_pane p = layout_hit(&c->lay, y, x);
    if (!layout_focusable(&c->lay, p))
        return ACT_NONE;
    if (kind != CTL_CLICK) {
        int64_t d = kind == CTL_WHEEL_UP ? -WHEEL_LINES : WHEEL_LINES;
        switch (p) {
            case PANE_PROCS: procs_scroll(c, d); break;
            case PANE_QUEUES: queues_scroll(c, d); break;
            case PANE_GANTT: gantt_time_scroll(c, -d * 5); break; /* up: back in time */
            case PANE_LOG: log_scroll(c, d); break;
            default: /* a subsystem pane follows its selection: the wheel moves it */
                if (p == c->vs.focus)
                    select_move(c, kind == CTL_WHEEL_UP ? MV_UP : MV_DOWN);
                break;
        }
        return ACT_REDRAW;
    }
    if (select_pane(p)) {
        /* The item under the pointer as it was drawn (before the focus
         * changes how the pane looks); else a selection that exists. */
        int64_t item = vhits_find(hits_of(c, p), y, x);
        c->vs.focus = p;
        if (item < 0 || !select_item(c, p, item))
            select_fix(c, p);
        return ACT_REDRAW;
    }
    c->vs.focus = p;
    const layout_rect *r = &c->lay.pane[PANE_PROCS];
    if (p == PANE_PROCS && y >= r->y + 2) { /* below the title and the column heads */
        uint32_t top = c->vs.proc_top > proc_top_max(c) ? proc_top_max(c) : c->vs.proc_top;
        int64_t row = (int64_t)top + (y - r->y - 2);
        if (row < c->m->nprocs)
            select_row(c, row);
    }
    return ACT_REDRAW;
}

unsigned act_mouse(ctl *c) {
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return ACT_NONE;
    if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED))
        return ctl_mouse(c, ev.y, ev.x, CTL_CLICK);
    if (ev.bstate & BUTTON4_PRESSED)
        return ctl_mouse(c, ev.y, ev.x, CTL_WHEEL_UP);
#ifdef BUTTON5_PRESSED
    if (ev.bstate & BUTTON5_PRESSED)
        return ctl_mouse(c, ev.y, ev.x, CTL_WHEEL_DOWN);
#endif
    return ACT_NONE;
}
