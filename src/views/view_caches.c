/* The caches pane: title, the last access, the counters, and where every
 * section goes (view_caches.h). Lines and the bus log are drawn in
 * view_cache_lines.c, the state diagram in view_cache_diagram.c. */
#include "view_caches.h"

#include <stdio.h>
#include <string.h>

#include "mcache.h"
#include "view_cache_int.h"
#include "widgets.h"

/* ---- the source: the coherence state and the newest events ---------------------------- */

/* The mesi quick mode's caches, or the full machine's (mcache.h). */
const coh *view_caches_coh(const machine *m) {
    if (!m)
        return NULL;
    if (m->sub_ops == &mesi_mode_ops)
        return mesi_mode_coh(m->sub);
    return mcache_coh(m);
}

bool view_caches_has(const machine *m) {
    return view_caches_coh(m) != NULL;
}

static void from_access(const event *ev, cache_access *a) {
    a->tick = ev->tick;
    a->cpu = ev->cpu;
    a->line = (uint64_t)ev->a;
    a->write = ev->b & 1;
    a->hit = (ev->b >> 1) & 1;
    a->bus = COH_EV_BUS(ev->b);
    a->from = COH_EV_FROM(ev->b);
    a->to = COH_EV_TO(ev->b);
    a->miss = (int)(ev->c & 15);
    a->supplier = (int)(ev->c >> 4) - 1;
}

/* Snoops and evictions come after their access, so going backwards they are
 * met first and held until it is. */
int cache_scan(const machine *m, uint64_t line, cache_access *out, int max, cache_access *last,
               bool *have_last) {
    const evlog *log = &m->log;
    uint64_t end = evlog_end(log), first = evlog_first(log);
    uint64_t stop = end - first > VIEW_CACHE_SCAN ? end - VIEW_CACHE_SCAN : first;
    int n = 0;
    bool got_last = false;
    cache_access pend;
    memset(&pend, 0, sizeof pend);
    for (uint64_t s = end; s > stop && n < max; s--) {
        const event *ev = evlog_get(log, s - 1);
        if (!ev)
            continue;
        if (ev->kind == EV_CACHE_SNOOP && pend.nsnoops < COH_MAX_CPUS) {
            pend.snoops[pend.nsnoops].cpu = ev->cpu;
            pend.snoops[pend.nsnoops].from = COH_EV_FROM(ev->b);
            pend.snoops[pend.nsnoops].to = COH_EV_TO(ev->b);
            pend.snoops[pend.nsnoops].flags = (int)ev->c;
            pend.nsnoops++;
        } else if (ev->kind == EV_CACHE_EVICT) {
            pend.evicted = true;
            pend.victim = (uint64_t)ev->a;
            pend.victim_state = (int)ev->b;
            pend.victim_wb = ev->c != 0;
        } else if (ev->kind == EV_CACHE_ACCESS) {
            from_access(ev, &pend);
            /* Back in the order they were snooped (CPU order). */
            for (int i = 0, j = pend.nsnoops - 1; i < j; i++, j--) {
                cache_snoop t = pend.snoops[i];
                pend.snoops[i] = pend.snoops[j];
                pend.snoops[j] = t;
            }
            if (!got_last && last)
                *last = pend;
            got_last = true;
            if (pend.bus != COH_BUS_NONE && (line == UINT64_MAX || pend.line == line))
                out[n++] = pend;
            memset(&pend, 0, sizeof pend);
        }
    }
    if (have_last)
        *have_last = got_last;
    return n;
}

static void ctx_init(cache_ctx *x, const machine *m, const theme *th, const vsel *sel) {
    memset(x, 0, sizeof *x);
    x->m = m;
    x->th = th;
    x->sel = sel;
    x->c = view_caches_coh(m);
    if (x->c) {
        x->nbus = cache_scan(m, UINT64_MAX, x->bus, VIEW_CACHE_BUS, &x->last, &x->have_last);
        cache_list_sets(x);
    }
}

attr_t cache_state_attr(const cache_ctx *x, int state) {
    switch (state) {
        case COH_M: return theme_attr(x->th, THEME_ST_BLOCKED);
        case COH_O: return theme_attr(x->th, THEME_ST_ZOMBIE);
        case COH_E: return theme_attr(x->th, THEME_ST_RUNNING);
        case COH_S: return theme_attr(x->th, THEME_ST_READY);
        default: return theme_attr(x->th, THEME_DIM);
    }
}

/* ---- the last access ------------------------------------------------------------------ */

const char *cache_snoop_effect(int flags) {
    if ((flags & COH_F_FLUSH) && (flags & COH_F_SUPPLY))
        return " flush+supply";
    if (flags & COH_F_FLUSH)
        return " flush";
    if (flags & COH_F_SUPPLY)
        return " supply";
    if (flags & COH_F_INVAL)
        return " inval";
    return "";
}

static int sec_last(const cache_ctx *x, const vrect *r) {
    if (!x->c)
        return 0;
    if (!r->w || r->h <= 0)
        return 3;
    attr_t na = theme_attr(x->th, THEME_NORMAL), ha = theme_attr(x->th, THEME_COLHEAD);
    attr_t wa = theme_attr(x->th, THEME_WARN);
    if (!x->have_last) {
        vrect_put(r, 0, 0, theme_attr(x->th, THEME_DIM), "no reference yet");
        return 3;
    }
    const cache_access *a = &x->last;
    int col = vrect_printf(r, 0, 0, ha, "t%llu", (unsigned long long)a->tick);
    bool ok = vrect_field(r, 0, &col, na, "CPU%d %s line 0x%llx", a->cpu,
                          a->write ? "write" : "read", (unsigned long long)a->line);
    if (ok && a->hit)
        ok = vrect_field(r, 0, &col, theme_attr(x->th, THEME_ST_RUNNING), "hit");
    else if (ok)
        ok = vrect_field(r, 0, &col, wa, "miss (%s)", coh_miss_name((coh_miss)a->miss));
    const char *bus = coh_bus_name((coh_bus)a->bus);
    ok = ok && vrect_field(r, 0, &col, bus ? wa : na, "%s", bus ? bus : "no bus transaction");
    if (ok) {
        /* The requester's transition, each state in its colour. */
        if (vrect_field(r, 0, &col, cache_state_attr(x, a->from), "%s",
                        coh_state_name((coh_state)a->from)) &&
            vrect_field_sep(r, 0, &col, " -> ", cache_state_attr(x, a->to), "%s",
                            coh_state_name((coh_state)a->to)) &&
            !a->hit) {
            if (a->supplier >= 0)
                vrect_field(r, 0, &col, na, "data from CPU%d", a->supplier);
            else
                vrect_field(r, 0, &col, na, "data from memory");
        }
    }
    if (r->h < 2)
        return 3;

    /* Row 2: the line's state in every cache now. */
    col = 0;
    if (vrect_field(r, 1, &col, ha, "line 0x%llx now", (unsigned long long)a->line)) {
        for (int c = 0; c < x->c->ncpus; c++) {
            int st = coherence_state(x->c, c, a->line);
            if (!vrect_field(r, 1, &col, na, "%sCPU%d", c == a->cpu ? ">" : "", c) ||
                !vrect_field_sep(r, 1, &col, " ", cache_state_attr(x, st), "%s",
                                 coh_state_name((coh_state)st)))
                break;
        }
    }
    if (r->h < 3)
        return 3;

    /* Row 3: who snooped it, and what left the set. */
    col = 0;
    if (a->bus != COH_BUS_NONE) {
        if (a->nsnoops == 0)
            vrect_field(r, 2, &col, na, "no other cache held it");
        else
            vrect_field(r, 2, &col, ha, "snooped:");
        for (int i = 0; i < a->nsnoops; i++) {
            const char *eff = cache_snoop_effect(a->snoops[i].flags);
            if (!vrect_field_sep(r, 2, &col, i ? ", " : " ", na, "CPU%d %s->%s%s", a->snoops[i].cpu,
                                 coh_state_name((coh_state)a->snoops[i].from),
                                 coh_state_name((coh_state)a->snoops[i].to), eff))
                break;
        }
    } else {
        vrect_field(r, 2, &col, theme_attr(x->th, THEME_DIM), "no bus transaction: %s",
                    a->from == a->to ? "a hit keeps its state"
                                     : "no other cache can hold the line (silent upgrade)");
    }
    if (a->evicted)
        vrect_field(r, 2, &col, wa, "evicted line 0x%llx (%s, %s)", (unsigned long long)a->victim,
                    coh_state_name((coh_state)a->victim_state),
                    a->victim_wb ? "written back" : "clean, dropped");
    return 3;
}

/* ---- counters ------------------------------------------------------------------------- */

enum {
    CNT_HITS,
    CNT_MISS,
    CNT_COLD,
    CNT_COH,
    CNT_REPL,
    CNT_RD,
    CNT_RDX,
    CNT_UPGR,
    CNT_INVAL,
    CNT_WB,
    CNT_SUPPLY,
    CNT_N
};

static const char *const cnt_head[CNT_N] = {"hits",   "misses",  "cold",  "coh", "repl",    "BusRd",
                                            "BusRdX", "BusUpgr", "inval", "wb",  "supplied"};

static uint64_t cnt_value(const coh_stats *s, int k) {
    switch (k) {
        case CNT_HITS: return s->hits;
        case CNT_MISS: return s->misses;
        case CNT_COLD: return s->miss_kind[COH_MISS_COLD];
        case CNT_COH: return s->miss_kind[COH_MISS_COHERENCE];
        case CNT_REPL: return s->miss_kind[COH_MISS_REPLACEMENT];
        case CNT_RD: return s->bus_rd;
        case CNT_RDX: return s->bus_rdx;
        case CNT_UPGR: return s->bus_upgr;
        case CNT_INVAL: return s->invalidations;
        case CNT_WB: return s->writebacks;
        default: return s->supplies;
    }
}

#define CNT_LABEL 8 /* "Counters", "total", "CPU15" */

static void cnt_row(const vrect *r, int y, const char *label, const coh_stats *s, const int *cw,
                    attr_t a) {
    vrect_put(r, y, 0, a, label);
    int col = CNT_LABEL;
    for (int k = 0; k < CNT_N; k++) {
        if (col + 1 + cw[k] > r->wd)
            break;
        col = vrect_printf(r, y, col + 1, a, "%*llu", cw[k], (unsigned long long)cnt_value(s, k));
    }
}

static int sec_counters(const cache_ctx *x, const vrect *r) {
    if (!x->c)
        return 0;
    int want = 2 + x->c->ncpus;
    if (!r->w || r->h <= 0)
        return want;
    int cw[CNT_N];
    for (int k = 0; k < CNT_N; k++) {
        int d = vrect_digits((int64_t)cnt_value(&x->c->total, k));
        int t = (int)strlen(cnt_head[k]);
        cw[k] = d > t ? d : t;
    }
    attr_t ha = theme_attr(x->th, THEME_COLHEAD), na = theme_attr(x->th, THEME_NORMAL);
    vrect_put(r, 0, 0, ha, "Counters");
    int col = CNT_LABEL;
    for (int k = 0; k < CNT_N && col + 1 + cw[k] <= r->wd; k++)
        col = vrect_printf(r, 0, col + 1, ha, "%*s", cw[k], cnt_head[k]);
    cnt_row(r, 1, "total", &x->c->total, cw, ha);
    for (int c = 0; c < x->c->ncpus; c++) {
        char label[16];
        snprintf(label, sizeof label, "CPU%d", c);
        cnt_row(r, 2 + c, label, &x->c->per_cpu[c], cw, na);
    }
    return want;
}

/* ---- title and layout ----------------------------------------------------------------- */

static void title(WINDOW *w, const cache_ctx *x) {
    attr_t ta = theme_attr(x->th, THEME_TITLE);
    widget_fill(w, 0, ta);
    /* Focused: the name in brackets from column 0, as view_title does. */
    bool focus = x->sel && x->sel->on;
    vrect r = {w, 0, focus ? 0 : 1, 1, getmaxx(w) - (focus ? 0 : 1)};
    int col = focus ? vrect_put(&r, 0, 0, theme_attr(x->th, THEME_FOCUS), "[Caches]")
                    : vrect_put(&r, 0, 0, ta, "Caches");
    if (!x->c)
        return;
    const cache *k = &x->c->caches[0];
    uint64_t done = x->c->total.hits + x->c->total.misses;
    if (vrect_field(&r, 0, &col, ta, "%s", coh_protocol_name(x->c->proto)) &&
        vrect_field(&r, 0, &col, ta, "%d CPU%s", x->c->ncpus, x->c->ncpus == 1 ? "" : "s") &&
        vrect_field(&r, 0, &col, ta, "%u set%s x %u way%s, %u B lines", k->sets,
                    k->sets == 1 ? "" : "s", k->ways, k->ways == 1 ? "" : "s", k->line) &&
        vrect_field(&r, 0, &col, ta, "%llu refs", (unsigned long long)done))
        vrect_field(&r, 0, &col, ta, "hit rate %d%%",
                    done ? (int)((x->c->total.hits * 100 + done / 2) / done) : 0);
}

/* Sections by importance (the order rows are given out); drawn top to
 * bottom in that order too. */
enum { SEC_LAST, SEC_LINES, SEC_COUNT, SEC_BUS, SEC_DIAG, SEC_N };

typedef int (*cache_section)(const cache_ctx *x, const vrect *r);

static const cache_section sections[SEC_N] = {
    [SEC_LAST] = sec_last,     [SEC_LINES] = cache_sec_lines,  [SEC_COUNT] = sec_counters,
    [SEC_BUS] = cache_sec_bus, [SEC_DIAG] = cache_sec_diagram,
};

#define ALL_SECS   ((1u << SEC_N) - 1)
#define LEFT_SECS  ((1u << SEC_LINES) | (1u << SEC_COUNT))
#define RIGHT_SECS ((1u << SEC_BUS) | (1u << SEC_DIAG))

static bool side_mode(const cache_ctx *x, int width) {
    return x->c && width >= VIEW_CACHE_SIDE_COLS;
}

/* Draws (or, w NULL, measures) the sections in `which` into rows [y, y +
 * rows) of columns [x0, x0 + width). Returns the rows all of them want. */
static int column(const cache_ctx *x, WINDOW *w, int y, int x0, int width, int rows,
                  unsigned which) {
    int min[SEC_N], want[SEC_N], got[SEC_N], total = 0;
    vrect probe = vrect_probe(width);
    for (int i = 0; i < SEC_N; i++) {
        want[i] = (which >> i & 1) ? sections[i](x, &probe) : 0;
        total += want[i];
    }
    min[SEC_LAST] = want[SEC_LAST];
    min[SEC_LINES] = want[SEC_LINES] < 1 + x->c->ncpus ? want[SEC_LINES] : 1 + x->c->ncpus;
    min[SEC_COUNT] = want[SEC_COUNT] < 2 ? want[SEC_COUNT] : 2;
    min[SEC_BUS] = min[SEC_DIAG] = 0;
    if (!w)
        return total;
    vrect_allot(min, want, SEC_N, rows, got);
    for (int i = 0; i < SEC_N; i++) {
        if (got[i] <= 0)
            continue;
        vrect r = {w, y, x0, got[i], width};
        sections[i](x, &r);
        y += got[i];
    }
    return total;
}

void view_caches_size(const machine *m, int width, int *min_h, int *pref_h) {
    static const theme plain; /* measuring draws nothing: any attributes do */
    cache_ctx x;
    ctx_init(&x, m, &plain, NULL);
    if (!x.c) {
        *min_h = *pref_h = 2;
        return;
    }
    vrect probe = vrect_probe(width);
    int last = sec_last(&x, &probe);
    *min_h = 1 + last + 1 + x.c->ncpus;
    if (side_mode(&x, width)) {
        int left = column(&x, NULL, 0, 0, width - VIEW_CACHE_SIDE_W - 1, 0, LEFT_SECS);
        int right = column(&x, NULL, 0, 0, VIEW_CACHE_SIDE_W, 0, RIGHT_SECS);
        *pref_h = 1 + last + (left > right ? left : right);
    } else {
        *pref_h = 1 + column(&x, NULL, 0, 0, width, 0, ALL_SECS);
    }
}

void view_caches(WINDOW *w, const machine *m, const theme *th, const vsel *sel) {
    cache_ctx x;
    ctx_init(&x, m, th, sel);
    int h = getmaxy(w), wd = getmaxx(w);
    if (h <= 0 || wd <= 0)
        return;
    title(w, &x);
    if (!x.c) {
        widget_put(w, 1, 1, theme_attr(th, THEME_DIM), "no caches in this scenario");
        return;
    }
    if (h < 2)
        return;
    if (!side_mode(&x, wd)) {
        column(&x, w, 1, 0, wd, h - 1, ALL_SECS);
        return;
    }
    /* The last access across the whole width, then two columns. */
    int lh = h - 1 < 3 ? h - 1 : 3;
    vrect lr = {w, 1, 0, lh, wd};
    sec_last(&x, &lr);
    int rows = h - 1 - lh;
    if (rows <= 0)
        return;
    int left = wd - VIEW_CACHE_SIDE_W - 1;
    column(&x, w, 1 + lh, 0, left, rows, LEFT_SECS);
    attr_t da = theme_attr(th, THEME_DIM);
    for (int y = 1 + lh; y < h; y++)
        widget_put(w, y, left, da, "|");
    column(&x, w, 1 + lh, left + 1, VIEW_CACHE_SIDE_W, rows, RIGHT_SECS);
}
