#include <stdio.h>
#include <string.h>

#include "screens.h"
#include "view.h"
#include "widgets.h"

static bool has_procs(const machine *m) {
    return m->mode == MODE_DEMO || m->mode == MODE_SCHED;
}

/* An optional header field: drawn (after two blanks) only when it fits whole
 * before column limit. */
static int field(WINDOW *w, int x, int limit, attr_t a, const char *text) {
    int len = (int)strlen(text);
    if (x + 2 + len > limit)
        return limit; /* and nothing after it either */
    return widget_put(w, 0, x + 2, a, text);
}

void view_header(WINDOW *w, const machine *m, const view_state *vs, const theme *th) {
    attr_t base = theme_attr(th, THEME_HEADER);
    char buf[64];
    widget_fill(w, 0, base);
    int x = widget_put(w, 0, 1, theme_attr(th, THEME_BRAND), "tickos");
    x = widget_printf(w, 0, x, base, " %s  tick %llu", machine_mode_name(m->mode),
                      (unsigned long long)m->tick);

    /* The screen keeps its place at the right end; optional fields give way. */
    int len = snprintf(buf, sizeof buf, "screen %d %s", vs->screen, screens_name(vs->screen));
    int limit = getmaxx(w) - len - 1;
    if (limit >= x + 2)
        widget_put(w, 0, limit, base, buf);
    else
        limit = getmaxx(w);
    limit -= 1; /* a blank before the screen */

    bool done = machine_done(m);
    const char *status = done ? "done" : vs->paused ? "paused" : "running";
    theme_role role = done ? THEME_DONE : vs->paused ? THEME_PAUSED : THEME_RUNNING;
    x = field(w, x, limit, theme_attr(th, role), status);
    snprintf(buf, sizeof buf, "%d ticks/s", vs->speed);
    x = field(w, x, limit, base, buf);
    if (vs->badge[0]) /* an exercise's score */
        x = field(w, x, limit, theme_attr(th, THEME_FOCUS), vs->badge);
    if (!has_procs(m))
        return;

    x = field(w, x, limit, base, sched_policy_name(m->sched.cfg.policy));
    uint64_t busy = 0;
    for (int c = 0; c < m->ncpus && c < MACHINE_MAX_CPUS; c++)
        busy += m->cpus[c].busy;
    uint64_t cap = m->tick * (uint64_t)(m->ncpus > 0 ? m->ncpus : 1);
    int n = cap ? snprintf(buf, sizeof buf, "cpu %.0f%%", 100.0 * (double)busy / (double)cap)
                : snprintf(buf, sizeof buf, "cpu -");
    if (m->ncpus > 1)
        snprintf(buf + n, sizeof buf - (size_t)n, " of %d", m->ncpus);
    x = field(w, x, limit, base, buf);
    snprintf(buf, sizeof buf, "procs %u live %u", m->nprocs, m->nlive);
    field(w, x, limit, base, buf);
}
