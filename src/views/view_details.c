/* The details dialog: the selected process's PCB and its program, the step
 * it stands on marked with '>'. */
#include <stdio.h>

#include "resmgr.h"
#include "view.h"
#include "vlines.h"
#include "widgets.h"

static const char *known(char *buf, size_t n, int64_t v) {
    if (v < 0)
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%lld", (long long)v);
    return buf;
}

static void step_text(char *buf, size_t n, const machine *m, const proc *p, uint32_t i) {
    const prog_step *s = &m->progs[p->prog].steps[i];
    int k = 0;
    switch ((step_kind)s->kind) {
        case STEP_RUN:
            k = snprintf(buf, n, "cpu %u", s->n);
            if (s->iofreq && k > 0 && (size_t)k < n)
                k += snprintf(buf + k, n - (size_t)k, ", an I/O of %u every %u", s->iotime,
                              s->iofreq);
            if (i == p->pc && k > 0 && (size_t)k < n)
                snprintf(buf + k, n - (size_t)k, "  (%u done)", p->step_done);
            break;
        case STEP_IO: snprintf(buf, n, "io %u", s->n); break;
        case STEP_FORK:
            snprintf(buf, n, "fork %s", s->n < m->nprogs ? m->progs[s->n].name : "?");
            break;
        case STEP_WAIT:
            snprintf(buf, n, "%s", s->n ? "wait for all children" : "wait for a child");
            break;
        case STEP_READ:
        case STEP_WRITE:
            snprintf(buf, n, "%s 0x%08x", s->kind == STEP_READ ? "read" : "write", s->n);
            break;
        case STEP_ACQUIRE:
        case STEP_RELEASE:
        case STEP_CLAIM: {
            const char *res =
                m->res && (int32_t)s->n < m->res->ntypes ? m->res->types[s->n].name : "?";
            snprintf(buf, n, "%s %s %u", step_kind_name((step_kind)s->kind), res,
                     s->iofreq ? s->iofreq : 1);
            break;
        }
        case STEP_EXIT:
        default: snprintf(buf, n, "exit"); break;
    }
}

static void walk(vlines *l, const machine *m, const proc *p) {
    char a[24], b[24], c[24], d[24];
    const proc *parent = p->ppid >= 0 ? machine_proc_c(m, p->ppid) : NULL;
    vlines_add(l, false, "state", "%s (%s) since tick %llu", proc_state_name(p->state),
               proc_state_short(p->state), (unsigned long long)p->state_since);
    if (p->state == PROC_BLOCKED) {
        char why[96];
        view_block_reason(why, sizeof why, m, p, true);
        vlines_add(l, false, "blocked", "%s", why);
    } else
        vlines_add(l, false, "blocked", "no");
    if (parent)
        vlines_add(l, false, "parent", "P%d (%s)  children %d", parent->pid, parent->name,
                   p->children);
    else
        vlines_add(l, false, "parent", "none  children %d", p->children);
    if (p->cpu >= 0)
        vlines_add(l, false, "cpu", "cpu%d (%s)", p->cpu,
                   p->state == PROC_RUNNING ? "running there" : "last ran there");
    else
        vlines_add(l, false, "cpu", "never ran");
    vlines_add(l, false, "scheduler",
               "level %d  slice left %d  allotment left %d  prio %d  tickets %u", p->level,
               p->slice_left, p->allot_left, p->prio, p->tickets);
    vlines_add(l, false, "times", "arrival %llu  first run %s  finish %s",
               (unsigned long long)p->arrival, known(a, sizeof a, p->first_run),
               known(b, sizeof b, p->finish));
    vlines_add(l, false, "", "response %s  turnaround %s", known(c, sizeof c, proc_response(p)),
               known(d, sizeof d, proc_turnaround(p)));
    vlines_add(l, false, "work", "cpu %llu, %llu left of %llu  waited %llu  blocked %llu  I/Os %u",
               (unsigned long long)p->cpu_time, (unsigned long long)p->cpu_left,
               (unsigned long long)p->length, (unsigned long long)proc_wait_at(p, m->tick),
               (unsigned long long)p->blocked_time, p->ios);
    const program *pr = &m->progs[p->prog];
    vlines_add(l, false, "program", "%s, %u step%s", pr->name, pr->nsteps,
               pr->nsteps == 1 ? "" : "s");
    for (uint32_t i = 0; i < pr->nsteps; i++) {
        char s[96];
        step_text(s, sizeof s, m, p, i);
        bool here = i == p->pc && p->state != PROC_ZOMBIE && p->state != PROC_TERMINATED;
        vlines_add(l, here, NULL, "  %s %2u  %s", here ? ">" : " ", i, s);
    }
    if (p->pc >= pr->nsteps || p->state == PROC_ZOMBIE || p->state == PROC_TERMINATED)
        vlines_add(l, false, NULL, "  (the program has ended)");
}

static const proc *selected(const machine *m, const view_state *vs) {
    return vs->sel < m->nprocs ? &m->procs[vs->sel] : NULL;
}

int view_details_lines(const machine *m, const view_state *vs) {
    const proc *p = selected(m, vs);
    if (!p)
        return 1;
    vlines l = {0};
    walk(&l, m, p);
    return l.n;
}

void view_details(WINDOW *w, const machine *m, const view_state *vs, const theme *th) {
    attr_t base = theme_attr(th, THEME_HELP);
    wbkgdset(w, ' ' | base);
    werase(w);
    const proc *p = selected(m, vs);
    int rows = getmaxy(w) - 2, total = view_details_lines(m, vs);
    int top = vs->details_top > total - rows ? total - rows : vs->details_top;
    if (top < 0)
        top = 0;
    if (p) {
        vlines l = {w, top, rows, 0, base, base | A_BOLD, theme_attr(th, THEME_SELECT) | A_BOLD};
        walk(&l, m, p);
    } else {
        widget_put(w, 1, 2, base, "no process selected");
    }
    wattrset(w, base);
    box(w, 0, 0);
    if (p)
        widget_printf(w, 0, 2, base | A_BOLD, " P%d %s  tick %llu ", p->pid, p->name,
                      (unsigned long long)m->tick);
    if (total > rows)
        widget_printf(w, getmaxy(w) - 1, 2, base, " lines %d-%d of %d; Up/Down scroll, Esc closes ",
                      top + 1, top + rows < total ? top + rows : total, total);
    else
        widget_put(w, getmaxy(w) - 1, 2, base, " Esc closes ");
    wbkgdset(w, ' ');
}
