/* The memory pane: title, counters, sparkline and translation, and where
 * every section goes (view_memory.h). The frames are drawn in
 * view_mem_grid.c, the TLBs and the page table in view_mem_table.c. */
#include "view_memory.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "view_mem_int.h"
#include "widgets.h"

#define SPARK_LABEL "faults/4t "
#define SPARK_RAMP  "_.:-=+*#" /* no fault, then up to one per CPU per tick */

/* ---- drawing helpers ----------------------------------------------------------------- */

/* A step of a chain "a -> b -> c": a field after " -> ". */
#define step(r, row, col, a, ...) vrect_field_sep((r), (row), (col), " -> ", (a), __VA_ARGS__)

int mem_dec_digits(uint64_t v) {
    int n = 1;
    while (v >= 10) {
        v /= 10;
        n++;
    }
    return n;
}

int mem_hex_digits(uint32_t bits) {
    return bits == 0 ? 1 : (int)((bits + 3) / 4);
}

static int percent(uint64_t part, uint64_t whole) {
    return whole ? (int)((part * 100 + whole / 2) / whole) : 0;
}

/* ---- counters and sparkline ---------------------------------------------------------- */

static int sec_counters(const mem_ctx *c, const mem_rect *r) {
    const memsrc *s = c->s;
    if (s->kind == MEMSRC_NONE)
        return 0;
    if (r->h <= 0)
        return 2;
    vm_stats st;
    memsrc_stats(s, &st);
    attr_t na = theme_attr(c->th, THEME_NORMAL);
    int col = 0;
    if (st.thrashing && !mem_field(r, 0, &col, theme_attr(c->th, THEME_WARN), "THRASHING"))
        return 2;
    bool ok = mem_field(r, 0, &col, na, "refs %llu", (unsigned long long)st.refs) &&
              mem_field(r, 0, &col, na, "faults %llu", (unsigned long long)st.faults);
    if (ok && st.window > 0)
        ok = mem_field(r, 0, &col, na, "rate %d%% of last %u", (int)(st.fault_rate * 100 + 0.5),
                       st.window);
    else if (ok)
        ok = mem_field(r, 0, &col, na, "rate %d%%", percent(st.faults, st.refs));
    ok = ok && mem_field(r, 0, &col, na, "evicted %llu", (unsigned long long)st.evictions) &&
         mem_field(r, 0, &col, na, "written back %llu", (unsigned long long)st.writebacks);
    if (ok && s->kind == MEMSRC_VM)
        mem_field(r, 0, &col, na, "swap %u", st.swap_pages);
    if (r->h < 2)
        return 2;

    col = 0;
    ok = true;
    if (s->kind == MEMSRC_VM) {
        bool over = st.ws_total > st.frames;
        ok = mem_field(r, 1, &col, theme_attr(c->th, over ? THEME_WARN : THEME_NORMAL),
                       "working sets %u %s %u frames", st.ws_total, over ? ">" : "<=", st.frames);
    } else {
        ok =
            mem_field(r, 1, &col, na, "hits %llu (%d%%)", (unsigned long long)(st.refs - st.faults),
                      percent(st.refs - st.faults, st.refs));
    }
    uint64_t looks = st.tlb_hits + st.tlb_misses;
    if (ok && s->tlbs > 0)
        ok = mem_field(r, 1, &col, na, "TLB hits %llu/%llu (%d%%)", (unsigned long long)st.tlb_hits,
                       (unsigned long long)looks, percent(st.tlb_hits, looks));
    if (ok && s->kind == MEMSRC_VM && st.thrash_episodes > 0)
        mem_field(r, 1, &col, na, "thrashed %u time%s", st.thrash_episodes,
                  st.thrash_episodes == 1 ? "" : "s");
    return 2;
}

/* A column per VIEW_MEM_BUCKET ticks (aligned to multiples of it, the
 * newest possibly partial), scaled to the most faults a bucket can hold: one
 * reference per CPU per tick. Blank before tick 0. */
static int sec_spark(const mem_ctx *c, const mem_rect *r) {
    const memsrc *s = c->s;
    if (s->kind == MEMSRC_NONE)
        return 0;
    if (r->h <= 0)
        return 1;
    int col = mem_put(r, 0, 0, theme_attr(c->th, THEME_COLHEAD), SPARK_LABEL);
    int cols = r->wd - col;
    uint64_t now = s->m->tick;
    if (cols <= 0 || now == 0)
        return 1;
    const uint64_t b = VIEW_MEM_BUCKET;
    uint64_t last = (now - 1) / b; /* bucket of the newest tick */
    uint64_t maxcols = VM_HIST / b;
    if ((uint64_t)cols > maxcols)
        cols = (int)maxcols;
    uint64_t first = last + 1 > (uint64_t)cols ? last + 1 - (uint64_t)cols : 0;
    uint32_t n = (uint32_t)(now - first * b); /* ticks first*b .. now-1 */
    uint32_t hist[VM_HIST];
    memsrc_fault_history(s, hist, n);
    uint64_t cap = b * (uint64_t)(s->kind == MEMSRC_VM ? s->m->ncpus : 1);
    const char *ramp = SPARK_RAMP;
    int top = (int)strlen(ramp) - 1;
    char line[VM_HIST / VIEW_MEM_BUCKET + 1];
    int k = 0;
    for (uint64_t bk = first; bk <= last; bk++) {
        uint64_t sum = 0;
        for (uint64_t t = bk * b; t < (bk + 1) * b && t < now; t++)
            sum += hist[t - first * b];
        int lv = 0;
        if (sum > 0) {
            lv = (int)((sum * (uint64_t)top + cap - 1) / cap); /* ceil */
            lv = lv < 1 ? 1 : lv > top ? top : lv;
        }
        line[k++] = ramp[lv];
    }
    line[k] = '\0';
    mem_put(r, 0, col, theme_attr(c->th, THEME_WARN), line);
    return 1;
}

/* ---- the current translation --------------------------------------------------------- */

static int sec_translation(const mem_ctx *c, const mem_rect *r) {
    const memsrc *s = c->s;
    if (s->kind == MEMSRC_NONE)
        return 0;
    int want = s->kind == MEMSRC_PAGING ? 1 : 2;
    if (r->h <= 0)
        return want;
    const memsrc_lookup *l = &s->look;
    attr_t na = theme_attr(c->th, THEME_NORMAL), ha = theme_attr(c->th, THEME_COLHEAD);
    attr_t wa = theme_attr(c->th, THEME_WARN);
    if (!l->have) {
        mem_put(r, 0, 0, theme_attr(c->th, THEME_DIM), "no memory reference yet");
        return want;
    }
    int col = mem_printf(r, 0, 0, ha, "t%llu", (unsigned long long)l->tick);
    const char *rw = l->write ? "write" : "read";
    if (s->kind == MEMSRC_PAGING) {
        if (mem_field(r, 0, &col, na, "page %u %s", l->vpn, rw) &&
            step(r, 0, &col, l->fault ? wa : na, "%s", l->fault ? "page fault" : "hit"))
            step(r, 0, &col, na, "F%u", l->frame);
        return want;
    }
    if (s->kind == MEMSRC_VM && !mem_field(r, 0, &col, na, "CPU%d P%d", l->cpu, l->pid))
        return want;
    int ow = mem_hex_digits(32 - s->vpn_bits), vw = mem_hex_digits(s->vpn_bits);
    bool ok = mem_field(r, 0, &col, na, "%s 0x%08x", rw, l->vaddr);
    if (ok && s->levels == 2)
        mem_field(r, 0, &col, ha, "= dir %u | table %u | offset 0x%0*x", l->dir, l->table, ow,
                  l->offset);
    else if (ok)
        mem_field(r, 0, &col, ha, "= vpn 0x%0*x | offset 0x%0*x", vw, l->vpn, ow, l->offset);
    if (r->h < 2)
        return want;

    /* Row 2: the way it went. */
    col = 0;
    if (l->tlb && l->tlb_hit)
        ok = step(r, 1, &col, theme_attr(c->th, THEME_ST_RUNNING), "TLB hit");
    else if (l->tlb)
        ok = step(r, 1, &col, wa, "TLB miss");
    else
        ok = true;
    if (ok && !(l->tlb && l->tlb_hit)) {
        if (s->levels == 2)
            ok = step(r, 1, &col, na, "walk dir[%u] table[%u]", l->dir, l->table);
        else
            ok = step(r, 1, &col, na, "walk pte[0x%0*x]", vw, l->vpn);
    }
    if (!ok)
        return want;
    if (l->prot) {
        step(r, 1, &col, wa, "refused: a write to a read-only page");
    } else if (l->fault && !l->mapped) {
        step(r, 1, &col, wa, "not present: page fault");
    } else if (l->mapped) {
        if ((!l->fault || step(r, 1, &col, wa, "page fault")) &&
            step(r, 1, &col, na, "F%u", l->frame))
            step(r, 1, &col, ha, "paddr 0x%08llx", (unsigned long long)l->paddr);
    }
    return want;
}

/* ---- title and layout ---------------------------------------------------------------- */

/* Title fields, as many as fit (THRASHING is on the counters' first row). */
static void title(WINDOW *w, const mem_ctx *c) {
    const memsrc *s = c->s;
    attr_t ta = theme_attr(c->th, THEME_TITLE);
    widget_fill(w, 0, ta);
    /* Focused: the name in brackets from column 0, as view_title does. */
    bool focus = mem_focused(c);
    mem_rect r = {w, 0, focus ? 0 : 1, 1, getmaxx(w) - (focus ? 0 : 1)};
    int col = focus ? mem_put(&r, 0, 0, theme_attr(c->th, THEME_FOCUS), "[Memory]")
                    : mem_put(&r, 0, 0, ta, "Memory");
    if (s->kind == MEMSRC_NONE)
        return;
    bool ok = true;
    if (s->kind == MEMSRC_VM)
        ok = mem_field(&r, 0, &col, ta, "%s, %s replacement", pager_policy_name(s->policy),
                       s->local ? "local" : "global");
    else
        ok = mem_field(&r, 0, &col, ta, "%s  %s", s->kind == MEMSRC_PAGING ? "paging" : "translate",
                       pager_policy_name(s->policy));
    ok = ok && mem_field(&r, 0, &col, ta, "%u frames", s->frames);
    if (ok && s->page_size % 1024 == 0 && s->page_size)
        ok = mem_field(&r, 0, &col, ta, "%d-level, %u KiB pages", s->levels, s->page_size / 1024);
    else if (ok && s->page_size)
        ok = mem_field(&r, 0, &col, ta, "%d-level, %u B pages", s->levels, s->page_size);
    if (ok && s->kind == MEMSRC_VM)
        mem_field(&r, 0, &col, ta, "TLB %u per CPU, %s", s->tlb_entries,
                  s->tlb_tagged ? "tagged" : "flushed on a switch");
    else if (ok && s->kind == MEMSRC_TRANSLATE)
        mem_field(&r, 0, &col, ta, "TLB %u", s->tlb_entries);
}

/* Sections by importance (the order rows are given out). */
enum { SEC_COUNT, SEC_XLATE, SEC_FRAMES, SEC_FAULT, SEC_SPARK, SEC_TLB, SEC_PT, SEC_N };
/* ... and the order they are drawn in, top to bottom. */
static const int draw_order[SEC_N] = {SEC_COUNT,  SEC_SPARK, SEC_XLATE, SEC_TLB,
                                      SEC_FRAMES, SEC_FAULT, SEC_PT};

typedef int (*mem_section)(const mem_ctx *c, const mem_rect *r);

static const mem_section sections[SEC_N] = {
    [SEC_COUNT] = sec_counters,    [SEC_XLATE] = sec_translation, [SEC_FRAMES] = mem_sec_frames,
    [SEC_FAULT] = mem_sec_fault,   [SEC_SPARK] = sec_spark,       [SEC_TLB] = mem_sec_tlbs,
    [SEC_PT] = mem_sec_page_table,
};

/* Rows of each section: first every section's minimum, by importance, then
 * the rest of what each wants, by importance. */
static void allot(const int *min, const int *want, int rows, int *got) {
    for (int i = 0; i < SEC_N; i++) {
        got[i] = min[i] < rows ? min[i] : rows;
        rows -= got[i];
    }
    for (int i = 0; i < SEC_N; i++) {
        int more = want[i] - got[i];
        if (more > rows)
            more = rows;
        if (more > 0) {
            got[i] += more;
            rows -= more;
        }
    }
}

/* Whether the page table gets a column of its own at this width. */
static bool side_column(const mem_ctx *c, int width) {
    return width >= VIEW_MEM_SIDE_COLS && c->s->levels > 0;
}

/* What each section wants at width (the page table excluded in side mode). */
static void wants(const mem_ctx *c, int width, bool side, int *min, int *want) {
    mem_rect probe = {NULL, 0, 0, 0, width};
    for (int i = 0; i < SEC_N; i++) {
        want[i] = i == SEC_PT && side ? 0 : sections[i](c, &probe);
        min[i] = want[i] > 0 ? 1 : 0;
    }
    if (want[SEC_PT] > 1)
        min[SEC_PT] = 2; /* its header and one row, or nothing */
}

static void ctx_init(mem_ctx *c, memsrc *s, const machine *m, const theme *th, int32_t pid) {
    memsrc_init(s, m);
    c->s = s;
    c->th = th;
    c->pid = memsrc_pick_pid(s, pid);
    c->sel = NULL;
}

bool view_memory_has(const machine *m) {
    return vm_of(m) || paging_mode_pager(m) || translate_mode_mmu(m);
}

uint32_t view_memory_frames(const machine *m) {
    memsrc s;
    memsrc_init(&s, m);
    return s.frames;
}

void view_memory_size(const machine *m, int32_t selected_pid, int width, int *min_h, int *pref_h) {
    static const theme plain; /* measuring draws nothing: any attributes do */
    memsrc s;
    mem_ctx c;
    ctx_init(&c, &s, m, &plain, selected_pid);
    if (s.kind == MEMSRC_NONE) {
        *min_h = *pref_h = 2;
        return;
    }
    bool side = side_column(&c, width);
    int min[SEC_N], want[SEC_N];
    wants(&c, side ? width - VIEW_MEM_PT_COLS - 1 : width, side, min, want);
    int pt = want[SEC_PT];
    if (side) {
        mem_rect probe = {NULL, 0, 0, 0, VIEW_MEM_PT_COLS};
        pt = mem_sec_page_table(&c, &probe);
    }
    if (pt > VIEW_MEM_PT_ROWS)
        pt = VIEW_MEM_PT_ROWS;
    int rest = 0;
    for (int i = 0; i < SEC_N; i++)
        rest += i == SEC_PT ? 0 : want[i];
    *min_h = 1 + min[SEC_COUNT] + min[SEC_XLATE] + min[SEC_FRAMES];
    *pref_h = 1 + (side ? (rest > pt ? rest : pt) : rest + pt);
}

/* Draws the sections into the rectangle x..x+width-1, rows 1..h-1. */
static void draw_column(const mem_ctx *c, WINDOW *w, int x, int width, int rows, bool side) {
    int min[SEC_N], want[SEC_N], got[SEC_N];
    wants(c, width, side, min, want);
    allot(min, want, rows, got);
    int y = 1;
    for (int k = 0; k < SEC_N; k++) {
        int i = draw_order[k];
        if (got[i] <= 0)
            continue;
        mem_rect r = {w, y, x, got[i], width};
        sections[i](c, &r);
        y += got[i];
    }
}

void view_memory_grid(const machine *m, int32_t selected_pid, int h, int w, bool focused,
                      int *per_row, int *rows) {
    static const theme plain;
    memsrc s;
    mem_ctx c;
    vsel sel = {focused, -1, NULL};
    ctx_init(&c, &s, m, &plain, selected_pid);
    c.sel = &sel;
    *per_row = 1;
    *rows = 0;
    if (s.kind == MEMSRC_NONE || s.frames == 0 || h < 2 || w <= 0)
        return;
    bool side = side_column(&c, w);
    int width = side ? w - VIEW_MEM_PT_COLS - 1 : w;
    int min[SEC_N], want[SEC_N], got[SEC_N];
    wants(&c, width, side, min, want);
    allot(min, want, h - 1, got);
    int all;
    mem_grid_shape(&c, width, per_row, &all);
    /* The grid's header row goes when the grid does not fit (mem_sec_frames). */
    *rows = got[SEC_FRAMES] >= all + 1 ? all : got[SEC_FRAMES];
}

void view_memory(WINDOW *w, const machine *m, const theme *th, int32_t selected_pid,
                 const vsel *sel) {
    memsrc s;
    mem_ctx c;
    ctx_init(&c, &s, m, th, selected_pid);
    c.sel = sel;
    int h = getmaxy(w), wd = getmaxx(w);
    if (h <= 0 || wd <= 0)
        return;
    title(w, &c);
    if (s.kind == MEMSRC_NONE) {
        widget_put(w, 1, 1, theme_attr(th, THEME_DIM), "no memory in this scenario");
        return;
    }
    if (h < 2)
        return;
    if (!side_column(&c, wd)) {
        draw_column(&c, w, 0, wd, h - 1, false);
        return;
    }
    int left = wd - VIEW_MEM_PT_COLS - 1;
    draw_column(&c, w, 0, left, h - 1, true);
    attr_t da = theme_attr(th, THEME_DIM);
    for (int y = 1; y < h; y++)
        widget_put(w, y, left, da, "|");
    mem_rect r = {w, 1, left + 1, h - 1, VIEW_MEM_PT_COLS};
    mem_sec_page_table(&c, &r);
}

/* ---- the sections on their own -------------------------------------------------------- */

static int draw_one(WINDOW *w, const machine *m, const theme *th, int32_t pid, mem_section sec) {
    memsrc s;
    mem_ctx c;
    ctx_init(&c, &s, m, th, pid);
    mem_rect r = {w, 0, 0, getmaxy(w), getmaxx(w)};
    mem_rect probe = {NULL, 0, 0, 0, r.wd};
    int want = sec(&c, &probe);
    if (r.h > 0 && r.wd > 0)
        sec(&c, &r);
    return want;
}

static int counters_and_spark(const mem_ctx *c, const mem_rect *r) {
    int n = sec_counters(c, r), used = r->h < n ? r->h : n;
    mem_rect below = *r;
    below.y += used;
    below.h = r->h - used;
    return n + sec_spark(c, &below);
}

int view_mem_counters(WINDOW *w, const machine *m, const theme *th) {
    return draw_one(w, m, th, -1, counters_and_spark);
}

int view_mem_translation(WINDOW *w, const machine *m, const theme *th) {
    return draw_one(w, m, th, -1, sec_translation);
}

int view_mem_tlbs(WINDOW *w, const machine *m, const theme *th) {
    return draw_one(w, m, th, -1, mem_sec_tlbs);
}

static int frames_and_fault(const mem_ctx *c, const mem_rect *r) {
    mem_rect probe = {NULL, 0, 0, 0, r->wd};
    int g = mem_sec_frames(c, &probe);
    /* The fault line below the grid, when the grid leaves a row for it. */
    mem_rect top = *r, below = *r;
    top.h = r->h > g ? g : (r->h > 1 ? r->h - 1 : r->h);
    below.y += top.h;
    below.h = r->h - top.h;
    if (r->h > 0) {
        mem_sec_frames(c, &top);
        mem_sec_fault(c, &below);
    }
    return g + 1;
}

int view_mem_frames(WINDOW *w, const machine *m, const theme *th) {
    return draw_one(w, m, th, -1, frames_and_fault);
}

int view_mem_page_table(WINDOW *w, const machine *m, const theme *th, int32_t selected_pid) {
    return draw_one(w, m, th, selected_pid, mem_sec_page_table);
}
