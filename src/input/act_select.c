/* The subsystem panes' selections (select.h) and the Left/Right actions of
 * the frames grid. */
#include "actions.h"
#include "coherence.h"
#include "ctl.h"
#include "select.h"
#include "view_caches.h"
#include "view_memory.h"
#include "view_resources.h"

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi) {
    return v < lo ? lo : v > hi ? hi : v;
}

bool select_pane(layout_pane p) {
    return p == PANE_MEMORY || p == PANE_CACHES || p == PANE_RESOURCES;
}

/* ---- memory: frames --------------------------------------------------------- */

static bool frames_move(ctl *c, pane_move mv) {
    int64_t n = view_memory_frames(c->m);
    if (n == 0)
        return false;
    const layout_rect *r = &c->lay.pane[PANE_MEMORY];
    int per_row = 1, rows = 0;
    view_memory_grid(c->m, (int32_t)c->vs.sel + c->m->pid_base, r->h, r->w, true, &per_row, &rows);
    int64_t f = c->vs.frame_sel < n ? c->vs.frame_sel : n - 1;
    int64_t page = (int64_t)per_row * (rows > 1 ? rows : 1);
    switch (mv) {
        case MV_LEFT: f--; break;
        case MV_RIGHT: f++; break;
        /* A row up or down in the grid; none there: stay. */
        case MV_UP: f = f >= per_row ? f - per_row : f; break;
        case MV_DOWN: f = f + per_row < n ? f + per_row : f; break;
        case MV_PGUP: f -= page; break;
        case MV_PGDN: f += page; break;
        case MV_HOME: f = 0; break;
        case MV_END: f = n - 1; break;
    }
    c->vs.frame_sel = (uint32_t)clamp64(f, 0, n - 1);
    return true;
}

/* ---- caches: valid lines in CPU, set, way order ----------------------------------- */

static uint32_t slots_of(const coh *k) {
    return k->caches[0].sets * k->caches[0].ways;
}

static bool line_valid(const coh *k, int cpu, uint32_t slot) {
    return cpu >= 0 && cpu < k->ncpus && slot < slots_of(k) &&
           k->caches[cpu].state[slot] != CACHE_INVALID;
}

/* The first valid line from position i (cpu * slots + slot) on, going by
 * dir (+1 or -1); -1 none. */
static int64_t line_scan(const coh *k, int64_t i, int dir) {
    int64_t n = (int64_t)k->ncpus * slots_of(k);
    for (; i >= 0 && i < n; i += dir)
        if (k->caches[i / slots_of(k)].state[i % slots_of(k)] != CACHE_INVALID)
            return i;
    return -1;
}

static void line_set(ctl *c, const coh *k, int64_t i) {
    c->vs.line_cpu = (int)(i / slots_of(k));
    c->vs.line_slot = (uint32_t)(i % slots_of(k));
}

static int64_t line_pos(const ctl *c, const coh *k) {
    int64_t n = (int64_t)k->ncpus * slots_of(k);
    int64_t i = (int64_t)c->vs.line_cpu * slots_of(k) + c->vs.line_slot;
    return c->vs.line_cpu < 0 || i >= n ? n - 1 : i;
}

static bool lines_fix(ctl *c) {
    const coh *k = view_caches_coh(c->m);
    if (!k)
        return false;
    int64_t at = line_pos(c, k);
    if (line_valid(k, c->vs.line_cpu, c->vs.line_slot))
        return true;
    int64_t i = line_scan(k, at, 1);
    if (i < 0)
        i = line_scan(k, at, -1);
    if (i < 0)
        return false;
    line_set(c, k, i);
    return true;
}

static bool lines_move(ctl *c, pane_move mv) {
    const coh *k = view_caches_coh(c->m);
    if (!k || mv == MV_LEFT || mv == MV_RIGHT)
        return false;
    /* From a line that is no longer valid, the first move finds one. */
    if (!line_valid(k, c->vs.line_cpu, c->vs.line_slot)) {
        lines_fix(c);
        return true;
    }
    int64_t n = (int64_t)k->ncpus * slots_of(k), at = line_pos(c, k), i = -1;
    int page = c->lay.pane[PANE_CACHES].h > 4 ? c->lay.pane[PANE_CACHES].h - 4 : 1;
    switch (mv) {
        case MV_UP: i = line_scan(k, at - 1, -1); break;
        case MV_DOWN: i = line_scan(k, at + 1, 1); break;
        case MV_HOME: i = line_scan(k, 0, 1); break;
        case MV_END: i = line_scan(k, n - 1, -1); break;
        case MV_PGUP:
        case MV_PGDN: {
            int dir = mv == MV_PGUP ? -1 : 1;
            for (int step = 0; step < page; step++) {
                int64_t next = line_scan(k, (i < 0 ? at : i) + dir, dir);
                if (next < 0)
                    break;
                i = next;
            }
            break;
        }
        default: break;
    }
    if (i >= 0)
        line_set(c, k, i);
    return true;
}

/* ---- resources: types ------------------------------------------------------------- */

static bool res_move(ctl *c, pane_move mv) {
    int32_t n = view_resources_types(c->m);
    if (n == 0 || mv == MV_LEFT || mv == MV_RIGHT)
        return false;
    int64_t j = c->vs.res_sel;
    int64_t to[] = {j - 1, j + 1, 0, n - 1, 0, n - 1};
    c->vs.res_sel = (int32_t)clamp64(to[mv], 0, n - 1);
    return true;
}

/* ---- the interface ---------------------------------------------------------------- */

unsigned select_move(ctl *c, pane_move mv) {
    if (c->cmp)
        return ACT_NONE;
    bool done = false;
    switch (c->vs.focus) {
        case PANE_MEMORY: done = frames_move(c, mv); break;
        case PANE_CACHES: done = lines_move(c, mv); break;
        case PANE_RESOURCES: done = res_move(c, mv); break;
        default: break;
    }
    return done ? ACT_REDRAW : ACT_NONE;
}

bool select_fix(ctl *c, layout_pane p) {
    switch (p) {
        case PANE_MEMORY: {
            uint32_t n = view_memory_frames(c->m);
            if (n == 0)
                return false;
            if (c->vs.frame_sel >= n)
                c->vs.frame_sel = n - 1;
            return true;
        }
        case PANE_CACHES: return lines_fix(c);
        case PANE_RESOURCES: {
            int32_t n = view_resources_types(c->m);
            if (n == 0)
                return false;
            c->vs.res_sel = (int32_t)clamp64(c->vs.res_sel, 0, n - 1);
            return true;
        }
        default: return false;
    }
}

bool select_item(ctl *c, layout_pane p, int64_t item) {
    switch (p) {
        case PANE_MEMORY:
            if (item < 0 || item >= view_memory_frames(c->m))
                return false;
            c->vs.frame_sel = (uint32_t)item;
            return true;
        case PANE_CACHES: {
            const coh *k = view_caches_coh(c->m);
            if (!k || !line_valid(k, VSEL_LINE_CPU(item), VSEL_LINE_SLOT(item)))
                return false;
            c->vs.line_cpu = VSEL_LINE_CPU(item);
            c->vs.line_slot = VSEL_LINE_SLOT(item);
            return true;
        }
        case PANE_RESOURCES:
            if (item < 0 || item >= view_resources_types(c->m))
                return false;
            c->vs.res_sel = (int32_t)item;
            return true;
        default: return false;
    }
}

/* Left and Right are bound to these only in the frames grid (KEYMAP_FRAMES). */
unsigned act_left(ctl *c) {
    return select_move(c, MV_LEFT);
}

unsigned act_right(ctl *c) {
    return select_move(c, MV_RIGHT);
}
