/* The caches pane's state diagram, generated from the protocol's tables
 * (coh_proc_rule_of, coh_snoop_rule_of): the states the protocol can reach
 * are columns, each transition a row with an arrow from its state to the
 * next ("I---->S", "S<----M"), what causes it on the left (the processor's
 * PrRd/PrWr, or a snooped bus transaction) and what comes with it on the
 * right (the bus transaction issued; a flush, a supply, an invalidation).
 * The rows of the last access's transitions are reversed and marked '*'
 * with the CPUs that took them ('>' before the requester). Hits that keep
 * the state are left out. */
#include <stdio.h>
#include <string.h>

#include "view_cache_int.h"

#define LABEL_W  18 /* "snoop BusRdX/Upgr " */
#define STATE_DX 5  /* columns between two states */
#define MAX_ROWS 32

static const int state_order[] = {COH_I, COH_S, COH_E, COH_O, COH_M};
#define NORDER ((int)(sizeof state_order / sizeof state_order[0]))

typedef struct diag_row {
    bool snoop;
    bool write;
    int variant; /* a read from I: 0 one next state, 1 when shared, 2 when alone */
    int from, to;
    int bus;           /* issued (processor rows) */
    unsigned bus_mask; /* snooped (snoop rows): bit per coh_bus */
    int flags;
} diag_row;

typedef struct diagram {
    int ncols;
    int col_of[COH_NSTATES]; /* -1: not reached */
    int nrows;
    diag_row rows[MAX_ROWS];
} diagram;

/* The states reachable from I through the tables. */
static void reach(coh_protocol p, bool *in) {
    memset(in, 0, sizeof(bool) * COH_NSTATES);
    in[COH_I] = true;
    for (bool grew = true; grew;) {
        grew = false;
        for (int s = 0; s < COH_NSTATES; s++) {
            if (!in[s])
                continue;
            int next[8], n = 0;
            for (int w = 0; w < 2; w++) {
                const coh_proc_rule *r = coh_proc_rule_of(p, (coh_state)s, w);
                next[n++] = r->next_shared;
                next[n++] = r->next_alone;
            }
            for (int b = COH_BUS_RD; b < COH_NBUS; b++)
                next[n++] = coh_snoop_rule_of(p, (coh_state)s, (coh_bus)b)->next;
            for (int i = 0; i < n; i++)
                if (!in[next[i]]) {
                    in[next[i]] = true;
                    grew = true;
                }
        }
    }
}

static void add(diagram *d, diag_row r) {
    if (r.snoop) {
        for (int i = 0; i < d->nrows; i++) {
            diag_row *o = &d->rows[i];
            if (o->snoop && o->from == r.from && o->to == r.to && o->flags == r.flags) {
                o->bus_mask |= r.bus_mask;
                return;
            }
        }
    }
    if (d->nrows < MAX_ROWS)
        d->rows[d->nrows++] = r;
}

static void build(coh_protocol p, diagram *d) {
    memset(d, 0, sizeof *d);
    bool in[COH_NSTATES];
    reach(p, in);
    for (int s = 0; s < COH_NSTATES; s++)
        d->col_of[s] = -1;
    for (int k = 0; k < NORDER; k++)
        if (in[state_order[k]])
            d->col_of[state_order[k]] = d->ncols++;
    for (int k = 0; k < NORDER; k++) {
        int s = state_order[k];
        if (!in[s])
            continue;
        for (int w = 0; w < 2; w++) {
            const coh_proc_rule *r = coh_proc_rule_of(p, (coh_state)s, w);
            diag_row row = {.write = w, .from = s, .bus = r->bus};
            if (r->next_shared == r->next_alone) {
                row.to = r->next_shared;
                if (row.to != s)
                    add(d, row);
                continue;
            }
            row.variant = 1;
            row.to = r->next_shared;
            add(d, row);
            row.variant = 2;
            row.to = r->next_alone;
            add(d, row);
        }
    }
    for (int k = 0; k < NORDER; k++) {
        int s = state_order[k];
        if (!in[s] || s == COH_I)
            continue;
        for (int b = COH_BUS_RD; b < COH_NBUS; b++) {
            /* BusUpgr is issued from S (or O): it never meets an E or M copy. */
            if (b == COH_BUS_UPGR && (s == COH_E || s == COH_M))
                continue;
            const coh_snoop_rule *r = coh_snoop_rule_of(p, (coh_state)s, (coh_bus)b);
            if (r->next == s)
                continue;
            diag_row row = {
                .snoop = true, .from = s, .to = r->next, .bus_mask = 1u << b, .flags = r->flags};
            add(d, row);
        }
    }
}

static void label(const diag_row *r, char *buf, size_t n) {
    if (!r->snoop) {
        snprintf(buf, n, "%s%s", r->write ? "PrWr" : "PrRd",
                 r->variant == 1   ? " shared"
                 : r->variant == 2 ? " alone"
                                   : "");
        return;
    }
    size_t used = (size_t)snprintf(buf, n, "snoop");
    bool first = true;
    for (int b = COH_BUS_RD; b < COH_NBUS && used < n; b++) {
        if (!(r->bus_mask >> b & 1))
            continue;
        const char *name = coh_bus_name((coh_bus)b);
        used += (size_t)snprintf(buf + used, n - used, "%s%s", first ? " " : "/",
                                 first ? name : name + 3); /* "BusRdX/Upgr" */
        first = false;
    }
}

/* The CPUs of the last access that took row r's transition: ">CPU1",
 * "CPU0 CPU2"; empty when none. */
static void takers(const cache_ctx *x, const diag_row *r, char *buf, size_t n) {
    buf[0] = '\0';
    if (!x->have_last)
        return;
    const cache_access *a = &x->last;
    size_t used = 0;
    if (!r->snoop && a->from != a->to && r->from == a->from && r->to == a->to &&
        r->write == a->write)
        used += (size_t)snprintf(buf + used, n - used, ">CPU%d", a->cpu);
    for (int i = 0; r->snoop && i < a->nsnoops && used < n; i++) {
        if (a->snoops[i].from == a->snoops[i].to || a->snoops[i].from != r->from ||
            a->snoops[i].to != r->to || !(r->bus_mask >> a->bus & 1))
            continue;
        used +=
            (size_t)snprintf(buf + used, n - used, "%sCPU%d", used ? " " : "", a->snoops[i].cpu);
    }
}

static void draw_arrow(const cache_ctx *x, const vrect *rc, int y, const diagram *d,
                       const diag_row *r, attr_t extra) {
    int xa = LABEL_W + STATE_DX * d->col_of[r->from], xb = LABEL_W + STATE_DX * d->col_of[r->to];
    attr_t na = theme_attr(x->th, THEME_NORMAL) | extra;
    int lo = xa < xb ? xa : xb, hi = xa < xb ? xb : xa;
    for (int c = lo + 1; c < hi; c++)
        vrect_put(rc, y, c, na, "-");
    vrect_put(rc, y, xa < xb ? xb - 1 : xb + 1, na, xa < xb ? ">" : "<");
    vrect_put(rc, y, xa, cache_state_attr(x, r->from) | extra, coh_state_name((coh_state)r->from));
    vrect_put(rc, y, xb, cache_state_attr(x, r->to) | extra, coh_state_name((coh_state)r->to));
}

int cache_sec_diagram(const cache_ctx *x, const vrect *r) {
    if (!x->c)
        return 0;
    diagram d;
    build(x->c->proto, &d);
    int want = 1 + d.nrows;
    if (!r->w || r->h <= 0)
        return want;
    attr_t ha = theme_attr(x->th, THEME_COLHEAD), na = theme_attr(x->th, THEME_NORMAL);
    char name[16];
    snprintf(name, sizeof name, "%s", coh_protocol_name(x->c->proto));
    for (char *p = name; *p; p++)
        *p = (char)(*p - 'a' + 'A');
    vrect_printf(r, 0, 0, ha, "%s states", name);
    for (int k = 0; k < NORDER; k++) {
        int s = state_order[k];
        if (d.col_of[s] >= 0)
            vrect_put(r, 0, LABEL_W + STATE_DX * d.col_of[s], cache_state_attr(x, s),
                      coh_state_name((coh_state)s));
    }
    int right = LABEL_W + STATE_DX * (d.ncols - 1) + 3;
    /* Rows that fit; when some must go, the marked ones stay. */
    int room = r->h - 1;
    int marked = 0;
    for (int i = 0; i < d.nrows; i++) {
        char who[64];
        takers(x, &d.rows[i], who, sizeof who);
        marked += who[0] != '\0';
    }
    int spare = room - marked, y = 1;
    for (int i = 0; i < d.nrows && y < r->h; i++) {
        const diag_row *row = &d.rows[i];
        char who[64], lab[32];
        takers(x, row, who, sizeof who);
        if (!who[0]) {
            if (spare <= 0)
                continue;
            spare--;
        }
        attr_t extra = who[0] ? A_REVERSE : 0;
        label(row, lab, sizeof lab);
        vrect_printf(r, y, 0, na | extra, "%-*s", LABEL_W, lab);
        draw_arrow(x, r, y, &d, row, extra);
        const char *what =
            row->snoop ? cache_snoop_effect(row->flags) : coh_bus_name((coh_bus)row->bus);
        if (!row->snoop && !what)
            what = "no bus";
        while (*what == ' ')
            what++;
        int col = vrect_put(r, y, right, na | extra, what);
        if (who[0])
            vrect_printf(r, y, col > right + 7 ? col + 1 : right + 8, ha | A_REVERSE, "* %s", who);
        y++;
    }
    return want;
}
