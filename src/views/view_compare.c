#include "view_compare.h"

#include <stdio.h>
#include <string.h>

#include "coherence.h"
#include "machine_policy.h"
#include "mcache.h"
#include "mmu.h"
#include "pager.h"
#include "resmgr.h"
#include "view_memory.h"
#include "vm.h"
#include "widgets.h"

#define MAX_METRICS 14

/* A metric: its value, and whether smaller is better (for the mark). */
typedef struct metric {
    const char *name;
    double v;
    bool pct;
    bool lower_better;
    bool none; /* no value yet (an average over no finished process) */
} metric;

/* The metrics of m's mode, without allocating (views never do). */
static int metrics_of(const machine *m, metric *out) {
    int n = 0;
#define PUT(nm, val, p, low)                   \
    out[n++] = (metric) {                      \
        (nm), (double)(val), (p), (low), false \
    }
    switch (m->mode) {
        case MODE_PAGING:
        case MODE_TRANSLATE: {
            const pager *pg =
                m->mode == MODE_PAGING ? paging_mode_pager(m) : &translate_mode_mmu(m)->pg;
            if (!pg)
                return 0;
            uint64_t all = pg->hits + pg->misses;
            PUT("page hits", pg->hits, false, false);
            PUT("page faults", pg->misses, false, true);
            PUT("hit rate", all ? 100.0 * (double)pg->hits / (double)all : 0, true, false);
            PUT("evictions", pg->evictions, false, true);
            PUT("write-backs", pg->writebacks, false, true);
            if (m->mode == MODE_TRANSLATE) {
                const tlb *t = translate_mode_tlb(m);
                PUT("TLB hits", t ? t->hits : 0, false, false);
            }
            break;
        }
        case MODE_MESI: {
            const coh *c = mesi_mode_coh(m->sub);
            if (!c)
                return 0;
            const coh_stats *s = &c->total;
            uint64_t all = s->hits + s->misses;
            PUT("hits", s->hits, false, false);
            PUT("misses", s->misses, false, true);
            PUT("hit rate", all ? 100.0 * (double)s->hits / (double)all : 0, true, false);
            PUT("BusRd", s->bus_rd, false, true);
            PUT("BusRdX", s->bus_rdx, false, true);
            PUT("BusUpgr", s->bus_upgr, false, true);
            PUT("invalidations", s->invalidations, false, true);
            PUT("write-backs", s->writebacks, false, true);
            break;
        }
        default: {
            machine_metrics mt;
            machine_metrics_get(m, &mt);
            PUT("finished", mt.finished, false, false);
            PUT("avg turnaround", mt.avg_turnaround, false, true);
            out[n - 1].none = mt.finished == 0;
            PUT("avg response", mt.avg_response, false, true);
            out[n - 1].none = mt.finished == 0;
            PUT("avg wait", mt.avg_wait, false, true);
            out[n - 1].none = mt.finished == 0;
            PUT("context switches", mt.switches, false, true);
            PUT("cpu utilisation", 100.0 * mt.utilisation, true, false);
            /* What the other kinds of policy change, when the machine has them. */
            if (m->vm) {
                vm_stats st;
                vm_stats_get(m, &st);
                PUT("page faults", st.faults, false, true);
                PUT("page hit rate",
                    st.refs ? 100.0 * (double)(st.refs - st.faults) / (double)st.refs : 0, true,
                    false);
            }
            const coh *co = mcache_coh(m);
            if (co) {
                const coh_stats *cs = &co->total;
                PUT("cache misses", cs->misses, false, true);
                PUT("bus transactions", cs->bus_rd + cs->bus_rdx + cs->bus_upgr, false, true);
            }
            if (m->res) {
                PUT("deadlocks", m->res->deadlocks, false, true);
                PUT("killed, rolled back", m->res->kills + m->res->preemptions, false, true);
            }
            break;
        }
    }
#undef PUT
    return n;
}

int view_compare_metric_rows(const machine *m) {
    metric ms[MAX_METRICS];
    return metrics_of(m, ms) + 2; /* title, column heads */
}

static void fmt(char *buf, size_t n, const metric *mt) {
    if (mt->none)
        snprintf(buf, n, "-");
    else if (mt->pct)
        snprintf(buf, n, "%.1f%%", mt->v);
    else if (mt->v == (double)(long long)mt->v)
        snprintf(buf, n, "%lld", (long long)mt->v);
    else
        snprintf(buf, n, "%.2f", mt->v);
}

void view_compare_metrics(WINDOW *w, const machine *a, const machine *b, const char *alabel,
                          const char *blabel, const theme *th) {
    attr_t ta = theme_attr(th, THEME_TITLE), ha = theme_attr(th, THEME_COLHEAD);
    attr_t na = theme_attr(th, THEME_NORMAL), win = theme_attr(th, THEME_FOCUS);
    widget_fill(w, 0, ta);
    widget_printf(w, 0, 1, ta,
                  "Compare at tick %llu  (* the better; averages over finished "
                  "processes)  c ends it",
                  (unsigned long long)a->tick);
    widget_printf(w, 1, 2, ha, "%-18s %14.14s %14.14s", "", alabel, blabel);
    metric ma[MAX_METRICS], mb[MAX_METRICS];
    int n = metrics_of(a, ma), nb = metrics_of(b, mb);
    if (nb < n)
        n = nb;
    for (int i = 0; i < n && i + 2 < getmaxy(w); i++) {
        char va[24], vb[24];
        fmt(va, sizeof va, &ma[i]);
        fmt(vb, sizeof vb, &mb[i]);
        bool same = ma[i].v == mb[i].v || ma[i].none || mb[i].none;
        bool a_better = !same && (ma[i].lower_better ? ma[i].v < mb[i].v : ma[i].v > mb[i].v);
        int y = i + 2;
        widget_printf(w, y, 2, na, "%-18s", ma[i].name);
        /* The better value is marked with '*' as well as the colour. */
        widget_printf(w, y, 21, !same && a_better ? win : na, "%13s%s", va,
                      !same && a_better ? "*" : " ");
        widget_printf(w, y, 36, !same && !a_better ? win : na, "%13s%s", vb,
                      !same && !a_better ? "*" : " ");
    }
}

/* A compact process table and a one-CPU Gantt row for a side. */
static void side_procs(WINDOW *w, const machine *m, const theme *th) {
    int h = getmaxy(w), width = getmaxx(w);
    attr_t ha = theme_attr(th, THEME_COLHEAD), na = theme_attr(th, THEME_NORMAL);
    int rows = h - 1 - 3; /* title; Gantt title, row, ruler */
    widget_printf(w, 1, 0, ha, "%4s %-10s %-4s %5s %5s %5s", "PID", "NAME", "STAT", "RESP", "TURN",
                  "WAIT");
    for (uint32_t i = 0; i < m->nprocs && (int)i < rows - 1; i++) {
        const proc *p = &m->procs[i];
        char r[12], t[12];
        int64_t resp = proc_response(p), turn = proc_turnaround(p);
        snprintf(r, sizeof r, resp < 0 ? "-" : "%lld", (long long)resp);
        snprintf(t, sizeof t, turn < 0 ? "-" : "%lld", (long long)turn);
        widget_printf(w, (int)i + 2, 0, na, "%4d %-10.10s %-4s %5s %5s %5llu", p->pid, p->name,
                      proc_state_short(p->state), r, t,
                      (unsigned long long)proc_wait_at(p, m->tick));
    }
    /* The last ticks of CPU 0, a cell each (last digit of the pid, . idle). */
    int gy = h - 2, cells = width - 6;
    widget_put(w, gy - 1, 0, ha, "Gantt (CPU0, newest at the right)");
    widget_put(w, gy, 0, ha, "CPU0");
    uint64_t span = m->tick < (uint64_t)cells ? m->tick : (uint64_t)cells;
    if (span > MACHINE_GANTT)
        span = MACHINE_GANTT;
    for (uint64_t k = 0; k < span; k++) {
        uint64_t t = m->tick - span + k;
        int32_t pid = m->cpus[0].gantt[t % MACHINE_GANTT];
        char cell[2] = {pid < 0 ? '.' : (char)('0' + pid % 10), '\0'};
        widget_put(w, gy, 6 + (int)k, pid < 0 ? theme_attr(th, THEME_IDLE) : theme_pid(th, pid),
                   cell);
    }
    widget_printf(w, h - 1, 0, theme_attr(th, THEME_TICK), "ticks %llu-%llu",
                  (unsigned long long)(m->tick - span), (unsigned long long)m->tick);
}

void view_compare_side(WINDOW *w, const machine *m, const char *label, const view_state *vs,
                       const theme *th) {
    if (!m)
        return;
    if (m->mode == MODE_DEMO || m->mode == MODE_SCHED) {
        attr_t ta = theme_attr(th, THEME_TITLE);
        widget_fill(w, 0, ta);
        char pol[48];
        machine_policy_short(m, (policy_kind)vs->cmp_kind, pol, sizeof pol);
        widget_printf(w, 0, 1, ta, "%s  %s  tick %llu%s", label, pol, (unsigned long long)m->tick,
                      machine_done(m) ? "  done" : "");
        side_procs(w, m, th);
    } else if (view_memory_has(m)) {
        view_memory(w, m, th, -1, NULL);
    } else {
        view_log(w, m, vs, th);
    }
}
