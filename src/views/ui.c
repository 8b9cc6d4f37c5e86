#include "ui.h"

#include <string.h>

static bool mode_has_procs(const machine *m) {
    return m->mode == MODE_DEMO || m->mode == MODE_SCHED;
}

int ui_build(ui *u, const machine *m) {
    layout_req req = {
        .cols = COLS,
        .rows = LINES,
        .procs = mode_has_procs(m),
        .ncpus = m->ncpus,
        .levels = mode_has_procs(m) ? sched_levels(&m->sched) : 1,
    };
    layout_compute(&req, &u->lay);
    memset(u->pane, 0, sizeof u->pane);
    u->help = u->full = NULL;

    /* Blank the whole screen once so nothing of the old layout survives in the
     * gaps between panes. */
    werase(stdscr);
    wnoutrefresh(stdscr);

    /* Keys are read from a 1x1 window that is never drawn into, so wgetch has
     * nothing to refresh (reading from stdscr would paint it over the panes). */
    u->input = newwin(1, 1, 0, 0);
    if (!u->input)
        return -1;
    keypad(u->input, TRUE);
    wnoutrefresh(u->input);

    if (u->lay.too_small) {
        u->full = newwin(0, 0, 0, 0);
        return u->full ? 0 : -1;
    }
    for (int p = 0; p < PANE_COUNT; p++) {
        const layout_rect *r = &u->lay.pane[p];
        if (r->h <= 0 || r->w <= 0)
            continue;
        u->pane[p] = newwin(r->h, r->w, r->y, r->x);
        if (!u->pane[p])
            return -1;
    }
    int hh, hw;
    view_help_size(u->km, &hh, &hw);
    if (hh > LINES)
        hh = LINES;
    if (hw > COLS)
        hw = COLS;
    u->help = newwin(hh, hw, (LINES - hh) / 2, (COLS - hw) / 2);
    return u->help ? 0 : -1;
}

void ui_free(ui *u) {
    for (int p = 0; p < PANE_COUNT; p++) {
        if (u->pane[p])
            delwin(u->pane[p]);
        u->pane[p] = NULL;
    }
    if (u->help)
        delwin(u->help);
    if (u->full)
        delwin(u->full);
    if (u->input)
        delwin(u->input);
    u->help = u->full = u->input = NULL;
}

int ui_rebuild(ui *u, const machine *m) {
    ui_free(u);
    return ui_build(u, m);
}

static void draw_pane(ui *u, int p, const machine *m, const view_state *vs) {
    WINDOW *w = u->pane[p];
    const theme *th = &u->th;
    werase(w);
    switch (p) {
        case PANE_HEADER: view_header(w, m, vs, th); break;
        case PANE_PROCS: view_procs(w, m, vs, th); break;
        case PANE_QUEUES: view_queues(w, m, th, u->lay.queue_lines); break;
        case PANE_GANTT: view_gantt(w, m, th, u->lay.gantt_cpus); break;
        case PANE_NOTE: view_note(w, m, th); break;
        case PANE_LOG: view_log(w, m, vs, th); break;
        case PANE_KEYBAR: view_keybar(w, u->km, th); break;
        default: break;
    }
    wnoutrefresh(w);
}

void ui_draw(ui *u, const machine *m, const view_state *vs) {
    if (u->lay.too_small) {
        if (u->full) {
            werase(u->full);
            view_too_small(u->full, u->lay.cols, u->lay.rows, &u->th);
            wnoutrefresh(u->full);
        }
        doupdate();
        return;
    }
    for (int p = 0; p < PANE_COUNT; p++)
        if (u->pane[p])
            draw_pane(u, p, m, vs);
    if (vs->help && u->help) {
        view_help(u->help, u->km, &u->th);
        wnoutrefresh(u->help);
    }
    doupdate();
}
