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

static int view_queues_io(WINDOW *w, const machine *m, const theme *th, int y);

/* Per-CPU run queues: a row per CPU, its levels inline from the top
 * ("CPU1 3  Q2 P4 P5  Q1 P7"), the load first. */
static int percpu_rows(WINDOW *w, const machine *m, const view_state *vs, const theme *th,
                       int lines) {
    attr_t la = theme_attr(th, THEME_COLHEAD), da = theme_attr(th, THEME_DIM);
    int ncpus = m->ncpus, shown = lines < ncpus ? lines : ncpus;
    int first = vs->queue_top;
    if (first > ncpus - shown)
        first = ncpus - shown;
    if (first < 0)
        first = 0;
    bool focus = vs->focus == PANE_QUEUES;
    view_title(w, th, focus, "Run queues", " %s, one per CPU",
               sched_policy_name(m->sched.cfg.policy));
    int32_t pids[QMAX];
    int width = getmaxx(w), y = 1;
    for (int i = 0; i < shown; i++, y++) {
        int c = first + i;
        const sched *s = mp_queue_c(m, c);
        int x = widget_printf(w, y, 0, la, "CPU%-2d %2u", c, m->mp.load[c]) + 1;
        int levels = sched_levels(s);
        bool any = false;
        for (int lvl = levels - 1; lvl >= 0 && x < width; lvl--) {
            uint32_t n = sched_queue_snapshot(s, m, lvl, pids, QMAX);
            if (n == 0)
                continue;
            any = true;
            if (levels > 1)
                x = widget_printf(w, y, x, la, "Q%d", lvl) + 1;
            for (uint32_t k = 0; k < n && x < width; k++) {
                char buf[16];
                snprintf(buf, sizeof buf, "P%d", pids[k]);
                x = widget_put(w, y, x, theme_pid(th, pids[k]), buf) + 1;
            }
        }
        if (!any)
            widget_put(w, y, x, da, "-");
    }
    return y;
}

void view_queues(WINDOW *w, const machine *m, const view_state *vs, const theme *th, int lines) {
    if (m->mp.cfg.percpu && m->ncpus > 1) {
        int y = percpu_rows(w, m, vs, th, lines);
        y = view_queues_io(w, m, th, y);
        if (y < getmaxy(w)) /* what the balancing did, when there is a row for it */
            widget_printf(w, y, 0, theme_attr(th, THEME_COLHEAD),
                          "moves %llu migrations, %llu steals",
                          (unsigned long long)m->mp.migrations, (unsigned long long)m->mp.steals);
        return;
    }
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

    (void)view_queues_io(w, m, th, y);
}

/* The I/O queue in completion order and the processes waiting for a child,
 * from row y. Returns the row after. */
static int view_queues_io(WINDOW *w, const machine *m, const theme *th, int y) {
    attr_t la = theme_attr(th, THEME_COLHEAD);
    int32_t pids[QMAX];
    if (y >= getmaxy(w))
        return y;
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
        return y;
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
    return y + 1;
}
