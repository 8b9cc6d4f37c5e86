#include <stdio.h>

#include "view.h"
#include "widgets.h"

/* Column starts; INFO takes what is left. */
enum {
    C_PID = 0,
    C_NAME = 6,
    C_STATE = 19,
    C_LV = 24,
    C_LEFT = 28,
    C_RESP = 35,
    C_TURN = 41,
    C_WAIT = 47,
    C_INFO = 54
};

static void fmt_known(char *buf, size_t n, int64_t v) {
    if (v < 0)
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%lld", (long long)v);
}

/* What the process is doing, in words: where it runs or what it waits for. */
static void fmt_info(char *buf, size_t n, const machine *m, const proc *p) {
    switch (p->state) {
        case PROC_RUNNING: snprintf(buf, n, "on cpu%d", p->cpu); break;
        case PROC_BLOCKED: view_block_reason(buf, n, m, p, false); break;
        case PROC_NEW: snprintf(buf, n, "arrives %llu", (unsigned long long)p->arrival); break;
        case PROC_ZOMBIE: snprintf(buf, n, "reap by P%d", p->ppid); break;
        default: buf[0] = '\0'; break;
    }
}

void view_procs(WINDOW *w, const machine *m, const view_state *vs, const theme *th) {
    int rows = getmaxy(w) - 2;
    if (rows < 0)
        rows = 0;
    uint32_t top = vs->proc_top;
    uint32_t maxtop = m->nprocs > (uint32_t)rows ? m->nprocs - (uint32_t)rows : 0;
    if (top > maxtop)
        top = maxtop;

    bool focus = vs->focus == PANE_PROCS;
    if (m->nprocs > (uint32_t)rows && rows > 0)
        view_title(w, th, focus, "Processes", " %u, %u live  (rows %u-%u, Up/Down scroll)",
                   m->nprocs, m->nlive, top + 1, top + (uint32_t)rows);
    else
        view_title(w, th, focus, "Processes", " %u, %u live", m->nprocs, m->nlive);

    attr_t ha = theme_attr(th, THEME_COLHEAD);
    widget_fill(w, 1, ha);
    widget_put(w, 1, C_PID, ha, "  PID");
    widget_put(w, 1, C_NAME, ha, "NAME");
    widget_put(w, 1, C_STATE, ha, "STAT");
    widget_put(w, 1, C_LV, ha, " LV");
    widget_put(w, 1, C_LEFT, ha, "  LEFT");
    widget_put(w, 1, C_RESP, ha, " RESP");
    widget_put(w, 1, C_TURN, ha, " TURN");
    widget_put(w, 1, C_WAIT, ha, "  WAIT");
    widget_put(w, 1, C_INFO, ha, "INFO");

    if (m->nprocs == 0) {
        widget_put(w, 2, 2, theme_attr(th, THEME_DIM), "no processes");
        return;
    }
    attr_t na = theme_attr(th, THEME_NORMAL);
    attr_t sa = theme_attr(th, THEME_SELECT);
    for (int r = 0; r < rows && top + (uint32_t)r < m->nprocs; r++) {
        const proc *p = &m->procs[top + (uint32_t)r];
        int y = 2 + r;
        bool gone = p->state == PROC_TERMINATED;
        /* The selected row: highlighted, and a '>' for whoever cannot see the highlight. */
        bool sel = top + (uint32_t)r == vs->sel;
        attr_t a = sel ? sa : gone ? theme_attr(th, THEME_DIM) : na;
        if (sel)
            widget_fill(w, y, sa);
        char resp[24], turn[24], info[64];
        fmt_known(resp, sizeof resp, proc_response(p));
        fmt_known(turn, sizeof turn, proc_turnaround(p));
        fmt_info(info, sizeof info, m, p);
        widget_printf(w, y, C_PID, a, "%5d", p->pid);
        if (sel)
            widget_put(w, y, 0, sa | A_BOLD, ">");
        widget_printf(w, y, C_NAME, a, "%-12.12s", p->name[0] ? p->name : "-");
        widget_put(w, y, C_STATE, sel ? sa : theme_state(th, p->state), proc_state_short(p->state));
        widget_printf(w, y, C_LV, a, "%3d", p->level);
        widget_printf(w, y, C_LEFT, a, "%6llu", (unsigned long long)p->cpu_left);
        widget_printf(w, y, C_RESP, a, "%5s", resp);
        widget_printf(w, y, C_TURN, a, "%5s", turn);
        widget_printf(w, y, C_WAIT, a, "%6llu", (unsigned long long)proc_wait_at(p, m->tick));
        widget_put(w, y, C_INFO, sel ? sa : theme_attr(th, THEME_DIM), info);
    }
}
