#include <stdio.h>

#include "view.h"
#include "widgets.h"

#define LABEL_W 6 /* "CPU15 " */

void view_gantt(WINDOW *w, const machine *m, const theme *th, int cpus) {
    int cells = getmaxx(w) - LABEL_W;
    if (cells < 1)
        return;
    /* The last `cells` ticks simulated, within the history the machine keeps. */
    uint64_t end = m->tick;
    uint64_t span = (uint64_t)cells < MACHINE_GANTT ? (uint64_t)cells : MACHINE_GANTT;
    uint64_t t0 = end > span ? end - span : 0;

    attr_t ta = theme_attr(th, THEME_TITLE);
    if (end == 0)
        widget_title(w, ta, "Gantt  (a cell per tick: last digit of the pid, . idle)");
    else
        widget_title(w, ta,
                     "Gantt  ticks %llu-%llu  (a cell per tick: last digit of the pid, . idle)",
                     (unsigned long long)t0, (unsigned long long)(end - 1));

    if (cpus > m->ncpus)
        cpus = m->ncpus;
    for (int c = 0; c < cpus; c++) {
        int y = 1 + c;
        const machine_cpu *k = &m->cpus[c];
        widget_printf(w, y, 0, theme_attr(th, THEME_COLHEAD), "CPU%d", c);
        for (uint64_t t = t0; t < end; t++) {
            int32_t pid = k->gantt[t % MACHINE_GANTT];
            char cell[2] = {pid < 0 ? '.' : (char)('0' + pid % 10), '\0'};
            attr_t a = pid < 0 ? theme_attr(th, THEME_IDLE) : theme_pid(th, pid);
            widget_put(w, y, LABEL_W + (int)(t - t0), a, cell);
        }
    }

    /* Ruler: each multiple of 10 gets a '|' and its number when it fits. */
    int y = 1 + (cpus > 0 ? cpus : 0);
    attr_t ra = theme_attr(th, THEME_TICK);
    widget_put(w, y, 0, theme_attr(th, THEME_COLHEAD), "tick");
    int free_from = LABEL_W;
    for (uint64_t t = t0; t < t0 + (uint64_t)cells; t++) {
        if (t % 10 != 0)
            continue;
        int x = LABEL_W + (int)(t - t0);
        if (x < free_from)
            continue;
        free_from = widget_printf(w, y, x, ra, "|%llu", (unsigned long long)t) + 1;
    }
}
