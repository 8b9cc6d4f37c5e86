/* The resources pane's matrices: Allocation, Request, Max and Need side by
 * side (in blocks of as many as fit the width), a row per process, resource
 * names as column heads; then Available and, in the quick mode, the
 * algorithm's Work under the first matrix. Focused, the selected type's
 * heads read ">name" reversed (its columns a character wider for the mark). */
#include <stdio.h>
#include <string.h>

#include "view_res_int.h"

#define GROUP_GAP 3 /* blanks between matrices */

enum { MAT_ALLOC, MAT_REQUEST, MAT_MAX, MAT_NEED, MAT_N };

static const char *const mat_title[MAT_N] = {"Allocation", "Request", "Max", "Need"};

typedef struct mat_geom {
    int nmat;
    int mats[MAT_N];
    int cw[DL_MAX_RES]; /* column widths */
    int gw[MAT_N];      /* each shown matrix's width */
    int lw;             /* row labels */
    int nblocks;
    int block_first[MAT_N + 1]; /* index into mats of each block's first matrix */
    int extra;                  /* rows under the first block: Available, Work */
} mat_geom;

static const int64_t *mat_row(const dl_state *st, int mat, int32_t i) {
    switch (mat) {
        case MAT_ALLOC: return st->alloc[i];
        case MAT_REQUEST: return st->request[i];
        case MAT_MAX: return st->max[i];
        default: return st->need[i];
    }
}

static int num_width(int64_t v) {
    char buf[24];
    return snprintf(buf, sizeof buf, "%lld", (long long)v);
}

/* Whether the Work row is shown: the quick modes' run. */
static bool has_work(const ressrc *s) {
    return s->run != NULL;
}

static bool selected(const res_ctx *c, int32_t j) {
    return vsel_is(c->sel, j);
}

static void geometry(const res_ctx *c, int width, mat_geom *g) {
    const ressrc *s = c->s;
    memset(g, 0, sizeof *g);
    g->mats[g->nmat++] = MAT_ALLOC;
    if (s->has_request)
        g->mats[g->nmat++] = MAT_REQUEST;
    if (s->has_max) {
        g->mats[g->nmat++] = MAT_MAX;
        g->mats[g->nmat++] = MAT_NEED;
    }
    const dl_state *st = s->st;
    for (int32_t j = 0; j < s->nres; j++) {
        char name[RM_NAME_MAX + 8];
        ressrc_res_name(s, j, name, sizeof name);
        int w = (int)strlen(name) + (selected(c, j) ? 1 : 0);
        int v = num_width(st->available[j]);
        w = v > w ? v : w;
        if (has_work(s) && num_width(s->run->work[j]) > w)
            w = num_width(s->run->work[j]);
        for (int k = 0; k < g->nmat; k++)
            for (int32_t i = 0; i < s->n; i++)
                if ((v = num_width(mat_row(st, g->mats[k], i)[j])) > w)
                    w = v;
        g->cw[j] = w;
    }
    int pidw = 1;
    for (int32_t i = 0; i < s->n; i++) {
        int d = vrect_digits(ressrc_pid(s, i));
        pidw = d > pidw ? d : pidw;
    }
    g->lw = 2 + pidw < 5 ? 5 : 2 + pidw; /* "!P12", "Avail" */
    int sum = s->nres > 0 ? s->nres - 1 : 0;
    for (int32_t j = 0; j < s->nres; j++)
        sum += g->cw[j];
    for (int k = 0; k < g->nmat; k++) {
        int t = (int)strlen(mat_title[g->mats[k]]);
        g->gw[k] = sum > t ? sum : t;
    }
    /* Blocks: as many matrices side by side as fit, at least one. */
    int x = width + 1;
    for (int k = 0; k < g->nmat; k++) {
        int need = (x > g->lw + 1 ? GROUP_GAP : 0) + g->gw[k];
        if (x > width || x + need > width) {
            g->block_first[g->nblocks++] = k;
            x = g->lw + 1 + g->gw[k];
        } else {
            x += need;
        }
    }
    g->block_first[g->nblocks] = g->nmat;
    g->extra = 1 + (has_work(s) ? 1 : 0);
}

/* The x of matrix k inside its block. */
static int mat_x(const mat_geom *g, int k) {
    int b = 0;
    while (g->block_first[b + 1] <= k)
        b++;
    int x = g->lw + 1;
    for (int i = g->block_first[b]; i < k; i++)
        x += g->gw[i] + GROUP_GAP;
    return x;
}

/* A vector under matrix k's columns at row y; cells in marked[] get a. */
static int draw_vec(const res_ctx *c, const vrect *r, int y, const mat_geom *g, int k,
                    const int64_t *v, const bool *marked, attr_t a, attr_t mark) {
    int x = mat_x(g, k);
    int sum = c->s->nres > 0 ? c->s->nres - 1 : 0;
    for (int32_t j = 0; j < c->s->nres; j++)
        sum += g->cw[j];
    x += g->gw[k] - sum; /* right-aligned under a title wider than the columns */
    for (int32_t j = 0; j < c->s->nres; j++) {
        vrect_printf(r, y, x, marked && marked[j] ? mark : a, "%*lld", g->cw[j], (long long)v[j]);
        x += g->cw[j] + 1;
    }
    return x - 1;
}

/* What a process row ends with: the quick modes' finish mark, the
 * machine's reason for waiting. */
static void row_note(const res_ctx *c, int32_t i, char *buf, size_t n, attr_t *a) {
    const ressrc *s = c->s;
    buf[0] = '\0';
    *a = theme_attr(c->th, THEME_DIM);
    if (s->run) {
        const dl_run *r = s->run;
        for (int32_t k = 0; k < r->norder; k++)
            if (r->order[k] == i) {
                snprintf(buf, n, "finished #%d", (int)k + 1);
                *a = theme_attr(c->th, THEME_ST_RUNNING);
                return;
            }
        if (r->idle[i]) {
            snprintf(buf, n, "holds nothing: finished");
        } else if (!r->done && dl_run_next(r, s->st) == i) {
            snprintf(buf, n, "next: fits in Work");
            *a = theme_attr(c->th, THEME_COLHEAD);
        } else if (s->dead[i]) {
            snprintf(buf, n, "deadlocked");
            *a = theme_attr(c->th, THEME_WARN);
        } else if (r->done) {
            snprintf(buf, n, "cannot finish");
            *a = theme_attr(c->th, THEME_WARN);
        }
        return;
    }
    if (s->kind != RESSRC_MACHINE)
        return;
    int32_t pid = ressrc_pid(s, i);
    const rm_proc *q = resmgr_proc(s->r, s->m, pid);
    if (!q || !q->waiting)
        return;
    char name[RM_NAME_MAX + 8] = "all it asked for";
    if (q->why_res >= 0)
        ressrc_res_name(s, q->why_res, name, sizeof name);
    *a = theme_attr(c->th, THEME_WARN);
    if (q->why == RM_WHY_UNSAFE) {
        snprintf(buf, n, "waits for %s: unsafe", name);
        return;
    }
    int32_t owner = q->why_res >= 0 ? resmgr_owner(s->m, q->why_res) : -1;
    if (q->why_res >= 0 && s->r->types[q->why_res].kind == RM_MUTEX && owner >= 0)
        snprintf(buf, n, "waits for %s (P%d holds it)", name, (int)owner);
    else if (q->why_res >= 0)
        snprintf(buf, n, "waits for %s (%d free)", name, (int)s->r->types[q->why_res].avail);
    else
        snprintf(buf, n, "waits for %s", name);
}

/* One block: titles, column names, the process rows and, under the first
 * block, Available and Work. Returns the rows it used. */
static int draw_block(const res_ctx *c, const vrect *r, int y, const mat_geom *g, int b) {
    const ressrc *s = c->s;
    attr_t ha = theme_attr(c->th, THEME_COLHEAD), na = theme_attr(c->th, THEME_NORMAL);
    attr_t wa = theme_attr(c->th, THEME_WARN), rev = na | A_REVERSE;
    int y0 = y;
    int k0 = g->block_first[b], k1 = g->block_first[b + 1];
    /* The rows a column takes: its name, the processes, Available and Work. */
    int col_h = 1 + s->n + (b == 0 ? g->extra : 0);
    if (col_h > r->h - (y + 1))
        col_h = r->h - (y + 1);
    for (int k = k0; k < k1; k++) {
        vrect_put(r, y, mat_x(g, k), ha, mat_title[g->mats[k]]);
        int sum = s->nres > 0 ? s->nres - 1 : 0;
        for (int32_t j = 0; j < s->nres; j++)
            sum += g->cw[j];
        int x = mat_x(g, k) + g->gw[k] - sum;
        for (int32_t j = 0; j < s->nres; j++) {
            char name[RM_NAME_MAX + 8];
            ressrc_res_name(s, j, name, sizeof name);
            if (selected(c, j))
                vrect_printf(r, y + 1, x + g->cw[j] - (int)strlen(name) - 1,
                             theme_attr(c->th, THEME_SELECT) | A_BOLD, ">%s", name);
            else
                vrect_printf(r, y + 1, x, ha, "%*s", g->cw[j], name);
            if (c->sel && c->sel->hits && r->w && col_h > 0 && x < r->wd)
                vhits_add(c->sel->hits, r->w, r->y + y + 1, r->x + x, col_h,
                          x + g->cw[j] <= r->wd ? g->cw[j] : r->wd - x, j);
            x += g->cw[j] + 1;
        }
    }
    y += 2;
    for (int32_t i = 0; i < s->n; i++, y++) {
        bool dead = s->dead[i];
        vrect_printf(r, y, 0, dead ? wa : ha, "%cP%d", dead ? '!' : ' ', (int)ressrc_pid(s, i));
        int end = 0;
        for (int k = k0; k < k1; k++) {
            int mat = g->mats[k];
            bool marked[DL_MAX_RES] = {false};
            /* The cycle's cells: what each waits for, what the next holds. */
            for (int32_t j = 0; j < s->nres; j++)
                marked[j] = (mat == MAT_REQUEST && ressrc_in_cycle(s, i, j, true)) ||
                            (mat == MAT_ALLOC && ressrc_in_cycle(s, i, j, false));
            end = draw_vec(c, r, y, g, k, mat_row(s->st, mat, i), marked, na, rev);
        }
        if (b == 0) {
            char note[96];
            attr_t a;
            row_note(c, i, note, sizeof note, &a);
            if (note[0] && end + 2 + (int)strlen(note) <= r->wd)
                vrect_put(r, y, end + 2, a, note);
        }
    }
    if (b == 0) {
        vrect_put(r, y, 0, ha, "Avail");
        draw_vec(c, r, y, g, 0, s->st->available, NULL, na, na);
        y++;
        if (has_work(s)) {
            vrect_put(r, y, 0, ha, "Work");
            int end = draw_vec(c, r, y, g, 0, s->run->work, NULL, na, na);
            char order[DL_MAX_PROCS * 6 + 16] = "";
            size_t used = 0;
            for (int32_t k = 0; k < s->run->norder && used < sizeof order; k++)
                used += (size_t)snprintf(order + used, sizeof order - used, "%sP%d",
                                         k ? " " : "order ", (int)s->run->order[k]);
            if (order[0] && end + 2 + (int)strlen(order) <= r->wd)
                vrect_put(r, y, end + 2, na, order);
            y++;
        }
    }
    return y - y0;
}

int res_sec_matrices(const res_ctx *c, const vrect *r) {
    const ressrc *s = c->s;
    if (s->kind == RESSRC_NONE)
        return 0;
    if (s->nres == 0) {
        vrect_put(r, 0, 0, theme_attr(c->th, THEME_DIM), "no resource types");
        return 1;
    }
    mat_geom g;
    geometry(c, r->wd, &g);
    int want = g.nblocks * (2 + s->n) + g.extra;
    if (!r->w)
        return want;
    int y = 0;
    for (int b = 0; b < g.nblocks && y < r->h; b++)
        y += draw_block(c, r, y, &g, b);
    return want;
}
