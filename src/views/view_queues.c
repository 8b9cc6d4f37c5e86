#include <stdio.h>

#include "view.h"
#include "widgets.h"

#define QMAX 256 /* pids read per line: more than any pane is wide */

/* Writes "P1 P3 P7" from x on row y, then "+N" if some did not fit. */
static void put_pids(WINDOW *w, int y, int x, const theme *th, const int32_t *pids, uint32_t n,
                     bool more) {
    int width = getmaxx(w);
    for (uint32_t i = 0; i < n; i++) {
        char buf[16];
        int len = snprintf(buf, sizeof buf, "P%d", pids[i]);
        bool last = i + 1 == n;
        /* Keep room for a "+N" marker unless this is the last one. */
        if (x + len + (last && !more ? 0 : 5) > width) {
            widget_printf(w, y, x, theme_attr(th, THEME_DIM), "+%u%s", n - i, more ? "+" : "");
            return;
        }
        x = widget_put(w, y, x, theme_pid(th, pids[i]), buf) + 1;
    }
    if (more)
        widget_put(w, y, x, theme_attr(th, THEME_DIM), "...");
}

void view_queues(WINDOW *w, const machine *m, const view_state *vs, const theme *th, int lines) {
    const sched *s = &m->sched;
    int levels = sched_levels(s);
    int shown = lines < levels ? lines : levels;
    if (shown < 0)
        shown = 0;
    int first = vs->queue_top; /* rows scrolled past, from the top level down */
    if (first > levels - shown)
        first = levels - shown;
    if (first < 0)
        first = 0;
    attr_t la = theme_attr(th, THEME_COLHEAD);
    bool focus = vs->focus == PANE_QUEUES;
    if (shown < levels)
        view_title(w, th, focus, "Ready queues", " %s  (levels %d-%d of %d)",
                   sched_policy_name(s->cfg.policy), levels - 1 - first, levels - first - shown,
                   levels);
    else
        view_title(w, th, focus, "Ready queues", " %s", sched_policy_name(s->cfg.policy));

    int32_t pids[QMAX];
    int y = 1;
    for (int i = 0; i < shown; i++, y++) {
        int lvl = levels - 1 - first - i; /* top level first */
        uint32_t n = sched_queue_snapshot(s, m, lvl, pids, QMAX);
        widget_printf(w, y, 0, la, "Q%-2d", lvl);
        if (n == 0)
            widget_put(w, y, 4, theme_attr(th, THEME_DIM), "-");
        else
            put_pids(w, y, 4, th, pids, n, n == QMAX);
    }

    /* I/O queue in completion order: (wake_at, io_seq). A few hundred at most are
     * shown, so an insertion sort of a bounded copy is enough. */
    uint32_t nio = 0;
    for (uint32_t i = 0; i < m->niowait && nio < QMAX; i++)
        if (machine_proc_c(m, m->iowait[i]))
            pids[nio++] = m->iowait[i];
    for (uint32_t i = 1; i < nio; i++) {
        int32_t v = pids[i];
        const proc *pv = machine_proc_c(m, v);
        uint32_t j = i;
        while (j > 0) {
            const proc *pj = machine_proc_c(m, pids[j - 1]);
            bool after = pj->wake_at > pv->wake_at ||
                         (pj->wake_at == pv->wake_at && pj->io_seq > pv->io_seq);
            if (!after)
                break;
            pids[j] = pids[j - 1];
            j--;
        }
        pids[j] = v;
    }
    widget_put(w, y, 0, la, "I/O");
    int x = 4, width = getmaxx(w);
    if (nio == 0)
        widget_put(w, y, x, theme_attr(th, THEME_DIM), "-");
    for (uint32_t i = 0; i < nio; i++) {
        const proc *p = machine_proc_c(m, pids[i]);
        char buf[40];
        int len = snprintf(buf, sizeof buf, "P%d@%llu", p->pid, (unsigned long long)p->wake_at);
        if (x + len + (i + 1 == nio ? 0 : 5) > width) {
            widget_printf(w, y, x, theme_attr(th, THEME_DIM), "+%u", nio - i);
            break;
        }
        x = widget_put(w, y, x, theme_attr(th, THEME_ST_BLOCKED), buf) + 1;
    }
    y++;

    /* Processes blocked in wait() for a child, if there is a row for them. */
    if (y >= getmaxy(w))
        return;
    uint32_t nw = 0;
    for (uint32_t i = 0; i < m->nprocs && nw < QMAX; i++) {
        const proc *p = &m->procs[i];
        if (p->state == PROC_BLOCKED && p->block_reason == BLOCK_CHILD)
            pids[nw++] = p->pid;
    }
    widget_put(w, y, 0, la, "wait");
    if (nw == 0)
        widget_put(w, y, 5, theme_attr(th, THEME_DIM), "-");
    else
        put_pids(w, y, 5, th, pids, nw, false);
}
