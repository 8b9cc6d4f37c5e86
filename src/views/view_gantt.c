#include <stdio.h>

#include "layout.h"
#include "view.h"
#include "widgets.h"

#define LABEL_W LAYOUT_GANTT_LABEL /* "CPU15 " */

void view_gantt(WINDOW *w, const machine *m, const view_state *vs, const theme *th, int cpus) {
    int cells = getmaxx(w) - LABEL_W;
    if (cells < 1)
        return;
    /* `cells` ticks ending gantt_back ticks before the newest, within the
     * history the machine keeps. */
    uint64_t kept = m->tick < MACHINE_GANTT ? m->tick : MACHINE_GANTT;
    uint64_t span = (uint64_t)cells < kept ? (uint64_t)cells : kept;
    uint64_t back = vs->gantt_back > kept - span ? kept - span : vs->gantt_back;
    uint64_t end = m->tick - back;
    uint64_t t0 = end > span ? end - span : 0;

    bool focus = vs->focus == PANE_GANTT;
    if (end == 0)
        view_title(w, th, focus, "Gantt", " (a cell per tick: last digit of the pid, . idle)");
    else if (back)
        view_title(w, th, focus, "Gantt", " ticks %llu-%llu  (scrolled back; End: the newest)",
                   (unsigned long long)t0, (unsigned long long)(end - 1));
    else
        view_title(w, th, focus, "Gantt",
                   " ticks %llu-%llu  (a cell per tick: last digit of the pid, . idle)",
                   (unsigned long long)t0, (unsigned long long)(end - 1));

    if (cpus > m->ncpus)
        cpus = m->ncpus;
    int cpu0 = vs->gantt_cpu > m->ncpus - cpus ? m->ncpus - cpus : vs->gantt_cpu;
    if (cpu0 < 0)
        cpu0 = 0;
    for (int r = 0; r < cpus; r++) {
        int y = 1 + r, c = cpu0 + r;
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
