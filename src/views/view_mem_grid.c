/* The memory pane's physical frames (a grid, a cell per frame) and its line
 * about the last page fault. Focused, the grid sits one column in, so that
 * the selected frame's cell can be bracketed "[...]" (and reversed), and it
 * scrolls to the selection rather than to the last fault. */
#include <stdio.h>

#include "view_mem_int.h"

#define GAP 2 /* blanks between cells */

/* Cell geometry: ">F3 P4:20003 DR!" = hand, frame, owner:page, flags. */
typedef struct grid_geom {
    int fw;    /* frame number digits */
    int pw;    /* pid digits (full machine), 0 none */
    int vw;    /* page digits (hex, or decimal for paging) */
    int ow;    /* owner and page */
    int nf;    /* flag letters */
    int cellw; /* one cell, without the gap */
    int per_row, rows;
} grid_geom;

bool mem_focused(const mem_ctx *c) {
    return c->sel && c->sel->on;
}

static void grid_geometry(const memsrc *s, int width, grid_geom *g) {
    g->fw = mem_dec_digits(s->frames ? s->frames - 1 : 0);
    g->pw = s->kind == MEMSRC_VM ? mem_dec_digits(s->pid_max) : 0;
    if (s->kind == MEMSRC_PAGING) {
        /* Pages are any 32-bit numbers: as wide as the widest resident one. */
        uint32_t top = 0;
        for (uint32_t f = 0; f < s->frames && f < 65536; f++) {
            if (s->pg->frames[f].used && s->pg->frames[f].page > top)
                top = (uint32_t)s->pg->frames[f].page;
        }
        g->vw = s->frames > 65536 ? 10 : mem_dec_digits(top);
    } else {
        g->vw = mem_hex_digits(s->vpn_bits);
    }
    g->ow = (g->pw ? 1 + g->pw + 1 : 0) + g->vw;
    g->nf = 1 + (s->ref_bits ? 1 : 0) + 1;
    g->cellw = 2 + g->fw + 1 + g->ow + 1 + g->nf;
    g->per_row = (width + GAP) / (g->cellw + GAP);
    if (g->per_row < 1)
        g->per_row = 1;
    g->rows = (int)((s->frames + (uint32_t)g->per_row - 1) / (uint32_t)g->per_row);
}

/* Whether frame f (holding fv) is the one the last fault loaded: it still
 * holds that page. */
static bool is_fault_frame(const memsrc *s, uint32_t f, const vm_frame_view *fv) {
    const memsrc_fault *x = &s->fault;
    return x->have && x->frame == f && fv->used && fv->vpn == x->vpn && fv->pid == x->pid;
}

/* The brackets of the focused grid: one column on each side. */
#define FOCUS_PAD 1

void mem_grid_shape(const mem_ctx *c, int width, int *per_row, int *rows) {
    grid_geom g;
    grid_geometry(c->s, mem_focused(c) ? width - 2 * FOCUS_PAD : width, &g);
    *per_row = g.per_row;
    *rows = g.rows;
}

static void draw_cell(const mem_ctx *c, const mem_rect *r, int row, int col, const grid_geom *g,
                      uint32_t f) {
    const memsrc *s = c->s;
    vm_frame_view fv;
    memsrc_frame(s, f, &fv);
    bool hit = is_fault_frame(s, f, &fv);
    bool sel = vsel_is(c->sel, f);
    attr_t rev = hit || sel ? A_REVERSE : 0;
    if (c->sel && c->sel->hits && r->w)
        vhits_add(c->sel->hits, r->w, r->y + row, r->x + col, 1, g->cellw, f);
    if (sel) {
        attr_t ma = theme_attr(c->th, THEME_SELECT) | A_BOLD;
        mem_put(r, row, col - 1, ma, "[");
        mem_put(r, row, col + g->cellw, ma, "]");
    }
    char hand = s->hand == (int32_t)f ? '>' : ' ';
    col =
        mem_printf(r, row, col, theme_attr(c->th, THEME_COLHEAD) | rev, "%cF%-*u ", hand, g->fw, f);

    char owner[48];
    if (!fv.used && fv.pid < 0) {
        snprintf(owner, sizeof owner, "%-*s", g->ow, "-");
    } else if (!fv.used) { /* local replacement: given to pid, still empty */
        snprintf(owner, sizeof owner, "P%-*d:%-*s", g->pw, fv.pid, g->vw, "-");
    } else if (s->kind == MEMSRC_VM && fv.shared) { /* a shared segment's frame */
        snprintf(owner, sizeof owner, "%-*.*s:%0*x", g->pw + 1, g->pw + 1, "shm", g->vw, fv.vpn);
    } else if (s->kind == MEMSRC_VM) {
        snprintf(owner, sizeof owner, "P%-*d:%0*x", g->pw, fv.pid, g->vw, fv.vpn);
    } else if (s->kind == MEMSRC_TRANSLATE) {
        snprintf(owner, sizeof owner, "%0*x", g->vw, fv.vpn);
    } else {
        snprintf(owner, sizeof owner, "%*u", g->vw, fv.vpn);
    }
    attr_t oa = fv.used ? theme_pid(c->th, fv.pid) : theme_attr(c->th, THEME_DIM);
    col = mem_put(r, row, col, oa | rev, owner);

    char flags[8];
    int k = 0;
    flags[k++] = ' ';
    flags[k++] = !fv.used ? ' ' : fv.dirty ? 'D' : '.';
    if (s->ref_bits)
        flags[k++] = !fv.used ? ' ' : fv.referenced ? 'R' : '.';
    char mark = ' ';
    if (hit)
        mark = s->fault.evicted ? '!' : '+';
    else if (fv.loading)
        mark = 'L';
    flags[k++] = mark;
    flags[k] = '\0';
    mem_put(r, row, col, theme_attr(c->th, hit ? THEME_WARN : THEME_NORMAL) | rev, flags);
}

static void draw_header(const mem_ctx *c, const mem_rect *r) {
    const memsrc *s = c->s;
    vm_stats st;
    memsrc_stats(s, &st);
    attr_t ha = theme_attr(c->th, THEME_COLHEAD), da = theme_attr(c->th, THEME_DIM);
    int col = mem_printf(r, 0, 0, ha, "Frames %u/%u used", st.frames_used, st.frames);
    /* The legend, as much of it as fits. */
    const char *legend[] = {"D dirty",
                            s->ref_bits ? "R referenced" : NULL,
                            s->kind == MEMSRC_VM ? "L loading" : NULL,
                            "! victim out, page in",
                            "+ loaded into a free frame",
                            s->hand >= 0 ? "> clock hand" : NULL,
                            mem_focused(c) ? "[ ] selected" : NULL};
    for (size_t i = 0; i < sizeof legend / sizeof *legend; i++) {
        if (legend[i] && !mem_field(r, 0, &col, da, "%s", legend[i]))
            break;
    }
}

int mem_sec_frames(const mem_ctx *c, const mem_rect *r) {
    const memsrc *s = c->s;
    if (s->kind == MEMSRC_NONE || s->frames == 0)
        return 0;
    bool focus = mem_focused(c);
    int pad = focus ? FOCUS_PAD : 0;
    grid_geom g;
    grid_geometry(s, r->wd - 2 * pad, &g);
    int want = g.rows + 1;
    if (r->h <= 0)
        return want;
    bool head = r->h >= want;
    int avail = head ? g.rows : r->h;
    /* Too many rows: show those around the selected frame (focused) or the
     * last fault's. */
    int first = 0;
    int64_t centre = -1;
    if (focus && c->sel->item >= 0 && c->sel->item < s->frames)
        centre = c->sel->item;
    else if (!focus && s->fault.have && s->fault.frame < s->frames)
        centre = s->fault.frame;
    if (avail < g.rows && centre >= 0) {
        first = (int)(centre / g.per_row) - avail / 2;
        if (first > g.rows - avail)
            first = g.rows - avail;
        if (first < 0)
            first = 0;
    }
    if (head)
        draw_header(c, r);
    for (int i = 0; i < avail && first + i < g.rows; i++) {
        int row = (head ? 1 : 0) + i;
        for (int j = 0; j < g.per_row; j++) {
            uint64_t f = (uint64_t)(first + i) * (uint64_t)g.per_row + (uint64_t)j;
            if (f >= s->frames)
                break;
            draw_cell(c, r, row, pad + j * (g.cellw + GAP), &g, (uint32_t)f);
        }
    }
    return want;
}

/* "P4 0x20003", "vpn 0x00403" or "page 4". */
static void page_name(const memsrc *s, int32_t pid, uint32_t vpn, char *buf, size_t n) {
    int vw = mem_hex_digits(s->vpn_bits);
    if (s->kind == MEMSRC_VM)
        snprintf(buf, n, "P%d 0x%0*x", pid, vw, vpn);
    else if (s->kind == MEMSRC_TRANSLATE)
        snprintf(buf, n, "vpn 0x%0*x", vw, vpn);
    else
        snprintf(buf, n, "page %u", vpn);
}

int mem_sec_fault(const mem_ctx *c, const mem_rect *r) {
    const memsrc *s = c->s;
    if (s->kind == MEMSRC_NONE)
        return 0;
    if (r->h <= 0)
        return 1;
    const memsrc_fault *x = &s->fault;
    if (!x->have) {
        mem_put(r, 0, 0, theme_attr(c->th, THEME_DIM), "no page fault yet");
        return 1;
    }
    char page[48], victim[48];
    page_name(s, x->pid, x->vpn, page, sizeof page);
    int col = mem_printf(r, 0, 0, theme_attr(c->th, THEME_COLHEAD), "last fault t%llu",
                         (unsigned long long)x->tick);
    attr_t na = theme_attr(c->th, THEME_NORMAL);
    if (!mem_field(r, 0, &col, na, "%s %s -> F%u", page, x->write ? "write" : "read", x->frame))
        return 1;
    if (x->evicted) {
        page_name(s, x->victim_pid, x->victim_vpn, victim, sizeof victim);
        if (!mem_field(r, 0, &col, theme_attr(c->th, THEME_WARN), "! evicted %s%s", victim,
                       x->dirty ? ", dirty: written back" : ""))
            return 1;
    } else {
        mem_field(r, 0, &col, na, "+ a free frame");
    }
    if (x->ready_at > 0)
        mem_field(r, 0, &col, theme_attr(c->th, THEME_DIM), "page-in done t%llu",
                  (unsigned long long)x->ready_at);
    return 1;
}
