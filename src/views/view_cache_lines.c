/* The caches pane's lines (a row per CPU and set in use, a cell per way:
 * line address and state letter, the last access's line marked '*' and
 * reversed in every cache that holds it; focused, the selected line
 * bracketed and reversed) and its bus log. */
#include <stdio.h>
#include <string.h>

#include "view_cache_int.h"

#define CELL_GAP 2

static uint64_t slot_addr(const cache *k, uint32_t slot) {
    return k->tag[slot] << k->line_shift;
}

/* A slot that never held a line (the LRU stamp of a fill is never 0). */
static bool slot_empty(const cache *k, uint32_t slot) {
    return k->used[slot] == 0;
}

static bool set_valid(const cache *k, uint32_t set) {
    const uint8_t *st = &k->state[(size_t)set * k->ways];
    for (uint32_t w = 0; w < k->ways; w++)
        if (st[w] != CACHE_INVALID)
            return true;
    return false;
}

static bool set_used(const cache *k, uint32_t set) {
    for (uint32_t w = 0; w < k->ways; w++)
        if (!slot_empty(k, set * k->ways + w))
            return true;
    return false;
}

static bool focused(const cache_ctx *x) {
    return x->sel && x->sel->on;
}

/* Puts set s among CPU c's n listed sets (ascending) when it is not there:
 * in place of the last one not kept, when the list is full. Returns the new
 * count. */
static int list_keep(cache_ctx *x, int c, int n, uint32_t s, uint32_t keep) {
    uint32_t *v = x->sets[c];
    for (int i = 0; i < n; i++)
        if (v[i] == s)
            return n;
    if (n == CACHE_LIST_SETS) {
        int drop = v[n - 1] == keep ? n - 2 : n - 1;
        memmove(&v[drop], &v[drop + 1], (size_t)(n - 1 - drop) * sizeof *v);
        n--;
    }
    int at = n;
    while (at > 0 && v[at - 1] > s)
        at--;
    memmove(&v[at + 1], &v[at], (size_t)(n - at) * sizeof *v);
    v[at] = s;
    return n + 1;
}

static int list_index(const cache_ctx *x, int c, uint32_t s) {
    for (int i = 0; i < x->nsets[c]; i++)
        if (x->sets[c][i] == s)
            return i;
    return -1;
}

/* The sets each CPU lists: those holding a valid line (a scan of the state
 * bytes, the cheapest way through a large cache), the last access's set if
 * it holds anything, so that an invalidated copy shows as I, and (focused)
 * the selected line's set; at most CACHE_LIST_SETS, those two kept among
 * them. */
void cache_list_sets(cache_ctx *x) {
    uint64_t top = x->have_last ? x->last.line : 0;
    int scpu = focused(x) ? VSEL_LINE_CPU(x->sel->item) : -1;
    uint32_t sslot = focused(x) ? VSEL_LINE_SLOT(x->sel->item) : 0;
    for (int c = 0; c < x->c->ncpus; c++) {
        const cache *k = &x->c->caches[c];
        uint32_t tset = x->have_last ? cache_set_of(k, cache_line_of(k, x->last.line)) : 0;
        bool want_t = x->have_last && set_used(k, tset);
        uint32_t sset = sslot / k->ways;
        bool want_s = c == scpu && sslot < k->sets * k->ways && set_used(k, sset);
        int n = 0;
        for (uint32_t s = 0; s < k->sets && n < CACHE_LIST_SETS; s++)
            if (set_valid(k, s))
                x->sets[c][n++] = s;
        if (want_t)
            n = list_keep(x, c, n, tset, want_s ? sset : tset);
        if (want_s)
            n = list_keep(x, c, n, sset, want_t ? tset : sset);
        x->nsets[c] = n;
        x->touched[c] = want_t ? list_index(x, c, tset) : -1;
        x->selected[c] = want_s ? list_index(x, c, sset) : -1;
        for (int i = 0; i < n; i++)
            for (uint32_t w = 0; w < k->ways; w++) {
                uint32_t slot = x->sets[c][i] * k->ways + w;
                if (!slot_empty(k, slot) && slot_addr(k, slot) > top)
                    top = slot_addr(k, slot);
            }
    }
    int w = 1;
    while (top >>= 4)
        w++;
    x->addr_w = 2 + w;
}

typedef struct lines_geom {
    int aw;      /* address width */
    int cellw;   /* "0x40 M*" */
    int labelw;  /* ">CPU1 s12 " */
    int per_row; /* cells per row */
    int wraps;   /* rows per set */
} lines_geom;

/* Focused, a column more before the cells and one kept after them, for the
 * selection's brackets. */
static void geometry(const cache_ctx *x, int width, lines_geom *g) {
    const cache *k = &x->c->caches[0];
    int pad = focused(x) ? 1 : 0;
    g->aw = x->addr_w;
    g->cellw = g->aw + 3;
    g->labelw = 1 + 3 + vrect_digits(x->c->ncpus - 1) + 2 + vrect_digits(k->sets - 1) + 1 + pad;
    int room = width - pad - g->labelw + CELL_GAP;
    g->per_row = room / (g->cellw + CELL_GAP);
    if (g->per_row < 1)
        g->per_row = 1;
    g->wraps = ((int)k->ways + g->per_row - 1) / g->per_row;
}

/* Rows CPU c's listed sets take (at least one: "no valid lines"). */
static int cpu_rows(const cache_ctx *x, int c, const lines_geom *g) {
    return x->nsets[c] ? x->nsets[c] * g->wraps : 1;
}

/* Whether slot holds the line of the last access (valid or not). */
static bool is_last_line(const cache_ctx *x, const cache *k, uint32_t slot) {
    return x->have_last && !slot_empty(k, slot) && slot_addr(k, slot) == x->last.line;
}

static void draw_set(const cache_ctx *x, const vrect *r, int y, int c, uint32_t set, bool label,
                     const lines_geom *g, int rows) {
    const cache *k = &x->c->caches[c];
    attr_t ha = theme_attr(x->th, THEME_COLHEAD), da = theme_attr(x->th, THEME_DIM);
    if (label)
        vrect_printf(r, y, 0, ha, "%sCPU%d", x->have_last && x->last.cpu == c ? ">" : " ", c);
    vrect_printf(r, y, 1 + 3 + vrect_digits(x->c->ncpus - 1) + 1, ha, "s%u", set);
    for (uint32_t w = 0; w < k->ways; w++) {
        int row = (int)w / g->per_row, at = (int)w % g->per_row;
        if (row >= rows)
            break;
        int col = g->labelw + at * (g->cellw + CELL_GAP);
        uint32_t slot = set * k->ways + w;
        if (slot_empty(k, slot)) {
            vrect_put(r, y + row, col, da, "-");
            continue;
        }
        int st = k->state[slot];
        bool mark = is_last_line(x, k, slot);
        bool sel = vsel_is(x->sel, VSEL_LINE(c, slot));
        attr_t rev = mark || sel ? A_REVERSE : 0;
        if (x->sel && x->sel->hits && r->w)
            vhits_add(x->sel->hits, r->w, r->y + y + row, r->x + col, 1, g->cellw,
                      VSEL_LINE(c, slot));
        if (sel) {
            attr_t sa = theme_attr(x->th, THEME_SELECT) | A_BOLD;
            vrect_put(r, y + row, col - 1, sa, "[");
            vrect_put(r, y + row, col + g->cellw, sa, "]");
        }
        attr_t aa = st == COH_I ? da : theme_attr(x->th, THEME_NORMAL);
        char addr[24];
        snprintf(addr, sizeof addr, "0x%llx", (unsigned long long)slot_addr(k, slot));
        vrect_printf(r, y + row, col, aa | rev, "%*s ", g->aw, addr);
        vrect_put(r, y + row, col + g->aw + 1, cache_state_attr(x, st) | rev,
                  coh_state_name((coh_state)st));
        vrect_put(r, y + row, col + g->aw + 2, ha | rev, mark ? "*" : " ");
    }
}

/* CPU c's listed sets in `rows` rows from y, from one that keeps the last
 * access's set in view (focused: the selected line's). */
static void draw_cpu(const cache_ctx *x, const vrect *r, int y, int c, int rows,
                     const lines_geom *g) {
    int n = x->nsets[c];
    if (n == 0) {
        vrect_printf(r, y, 0, theme_attr(x->th, THEME_COLHEAD), "%sCPU%d",
                     x->have_last && x->last.cpu == c ? ">" : " ", c);
        vrect_put(r, y, g->labelw, theme_attr(x->th, THEME_DIM), "no valid lines");
        return;
    }
    int fit = rows / g->wraps;
    if (fit < 1)
        fit = 1;
    int t = x->selected[c] >= 0 ? x->selected[c] : x->touched[c];
    int skip = t >= fit ? t - fit + 1 : 0;
    for (int i = skip, drawn = 0; i < n && drawn * g->wraps < rows; i++, drawn++) {
        int left = rows - drawn * g->wraps;
        draw_set(x, r, y + drawn * g->wraps, c, x->sets[c][i], drawn == 0, g,
                 left < g->wraps ? left : g->wraps);
    }
}

int cache_sec_lines(const cache_ctx *x, const vrect *r) {
    if (!x->c)
        return 0;
    lines_geom g;
    geometry(x, r->wd, &g);
    int want = 1;
    int per[COH_MAX_CPUS];
    for (int c = 0; c < x->c->ncpus; c++) {
        per[c] = cpu_rows(x, c, &g);
        want += per[c];
    }
    if (!r->w || r->h <= 0)
        return want;
    int col = 0;
    attr_t ha = theme_attr(x->th, THEME_COLHEAD);
    vrect_field(r, 0, &col, ha, "Lines");
    vrect_field(r, 0, &col, ha, "per set: line address, state");
    if (x->have_last)
        vrect_field(r, 0, &col, ha, "* line 0x%llx", (unsigned long long)x->last.line);
    /* Rows for each CPU: what it wants when everything fits, else a fair share. */
    int rows = r->h - 1, y = 1;
    int share = rows / x->c->ncpus, extra = rows % x->c->ncpus;
    for (int c = 0; c < x->c->ncpus && y < r->h; c++) {
        int n = want - 1 <= rows ? per[c] : share + (c < extra ? 1 : 0);
        if (n <= 0)
            continue;
        draw_cpu(x, r, y, c, n, &g);
        y += n;
    }
    return want;
}

/* ---- the bus log ---------------------------------------------------------------------- */

int cache_sec_bus(const cache_ctx *x, const vrect *r) {
    if (!x->c)
        return 0;
    int want = 1 + (x->nbus ? x->nbus : 1);
    if (!r->w || r->h <= 0)
        return want;
    attr_t ha = theme_attr(x->th, THEME_COLHEAD), na = theme_attr(x->th, THEME_NORMAL);
    int col = 0;
    vrect_field(r, 0, &col, ha, "Bus");
    vrect_field(r, 0, &col, ha, "newest first: requester, snoopers");
    if (x->nbus == 0) {
        vrect_put(r, 1, 0, theme_attr(x->th, THEME_DIM), "no bus transaction yet");
        return want;
    }
    int tw = vrect_digits((int64_t)x->bus[0].tick) + 1;
    for (int i = 0; i < x->nbus && 1 + i < r->h; i++) {
        const cache_access *a = &x->bus[i];
        int y = 1 + i;
        attr_t a0 = i == 0 ? A_BOLD : 0;
        col = vrect_printf(r, y, 0, theme_attr(x->th, THEME_TICK) | a0, "%c%-*s",
                           i == 0 ? '>' : ' ', tw, "");
        vrect_printf(r, y, 1, theme_attr(x->th, THEME_TICK) | a0, "t%llu",
                     (unsigned long long)a->tick);
        col = 1 + tw;
        if (!vrect_field(r, y, &col, na | a0, "CPU%d %-7s 0x%llx", a->cpu,
                         coh_bus_name((coh_bus)a->bus), (unsigned long long)a->line))
            continue;
        if (a->nsnoops == 0) {
            vrect_field(r, y, &col, theme_attr(x->th, THEME_DIM), "no other copy");
            continue;
        }
        for (int k = 0; k < a->nsnoops; k++) {
            if (!vrect_field_sep(r, y, &col, k ? ", " : "  ", na, "CPU%d %s->%s%s",
                                 a->snoops[k].cpu, coh_state_name((coh_state)a->snoops[k].from),
                                 coh_state_name((coh_state)a->snoops[k].to),
                                 cache_snoop_effect(a->snoops[k].flags)))
                break;
        }
    }
    return want;
}
