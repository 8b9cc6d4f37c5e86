#include "layout.h"

#include <string.h>

#include "screens.h"

static int clampi(int v, int lo, int hi) {
    return v < lo ? lo : v > hi ? hi : v;
}

static layout_rect rect(int y, int x, int h, int w) {
    layout_rect r = {y, x, h, w};
    return r;
}

bool layout_too_small(int cols, int rows) {
    return cols < LAYOUT_MIN_COLS || rows < LAYOUT_MIN_ROWS;
}

/* The process panes: table and queues on top, the Gantt chart under them;
 * with_log leaves room for the log below. */
static void layout_procs(const layout_req *req, layout *l, int body_y, int body_h, bool with_log,
                         int *used) {
    int cols = req->cols;
    int ncpus = req->ncpus < 1 ? 1 : req->ncpus;
    int levels = clampi(req->levels, 1, 64);

    /* A CPU row per two spare rows beyond the minimum, so tall terminals show more. */
    l->gantt_cpus = clampi((body_h - (with_log ? 10 : 8)) / 2, 1, ncpus);
    int gantt_h = l->gantt_cpus + 2; /* title, rows, ruler */
    int avail = body_h - gantt_h;
    int log_h = 0;
    if (with_log) {
        log_h = avail * 2 / 5 - 1;
        if (log_h < 3)
            log_h = 3;
    }
    int top_h = avail - log_h;

    l->side = cols >= LAYOUT_SIDE_COLS;
    if (l->side) {
        int qw = clampi(cols * 3 / 10, 28, 60);
        int pw = cols - qw - 1; /* one blank column between them */
        l->pane[PANE_PROCS] = rect(body_y, 0, top_h, pw);
        l->pane[PANE_QUEUES] = rect(body_y, pw + 1, top_h, qw);
        l->queue_lines = clampi(top_h - 2, 1, levels); /* title and I/O line */
    } else {
        int need = levels + 3; /* title, levels, I/O, waits */
        /* At most half the rows (the rest scroll), and the table keeps a title,
         * a header and a row. */
        int most = top_h / 2 < top_h - 3 ? top_h / 2 : top_h - 3;
        int qh = clampi(need, 3, most > 3 ? most : 3);
        l->pane[PANE_PROCS] = rect(body_y, 0, top_h - qh, cols);
        l->pane[PANE_QUEUES] = rect(body_y + top_h - qh, 0, qh, cols);
        l->queue_lines = clampi(qh - 2, 1, levels);
    }
    l->pane[PANE_GANTT] = rect(body_y + top_h, 0, gantt_h, cols);
    *used = top_h + gantt_h;
}

/* The subsystem pane a screen shows over its log: screens 3-5 their own when
 * the machine has it; a quick mode's overview (no processes) the one it has. */
static layout_pane sub_pane(const layout_req *req, int screen) {
    if (screen == SCREEN_MEMORY)
        return req->memory ? PANE_MEMORY : PANE_COUNT;
    if (screen == SCREEN_CACHES)
        return req->caches ? PANE_CACHES : PANE_COUNT;
    if (screen == SCREEN_RESOURCES)
        return req->resources ? PANE_RESOURCES : PANE_COUNT;
    if (screen != SCREEN_OVERVIEW || req->procs)
        return PANE_COUNT;
    return req->memory      ? PANE_MEMORY
           : req->caches    ? PANE_CACHES
           : req->resources ? PANE_RESOURCES
                            : PANE_COUNT;
}

bool layout_compute(const layout_req *req, layout *out) {
    memset(out, 0, sizeof *out);
    out->cols = req->cols;
    out->rows = req->rows;
    if (layout_too_small(req->cols, req->rows)) {
        out->too_small = true;
        return false;
    }
    int cols = req->cols, rows = req->rows;
    int screen = req->screen >= SCREEN_OVERVIEW && req->screen <= SCREEN_LAST ? req->screen
                                                                              : SCREEN_OVERVIEW;
    out->screen = screen;
    out->pane[PANE_HEADER] = rect(0, 0, 1, cols);
    out->pane[PANE_KEYBAR] = rect(rows - 1, 0, 1, cols);
    int body_y = 1, body_h = rows - 2, used = 0;
    if (req->compare) {
        /* The two sides over the metrics, a blank column between them. */
        int mh = clampi(req->metric_rows, 3, body_h / 2);
        int half = (cols - 1) / 2;
        out->pane[PANE_CMP_A] = rect(body_y, 0, body_h - mh, half);
        out->pane[PANE_CMP_B] = rect(body_y, half + 1, body_h - mh, cols - half - 1);
        out->pane[PANE_CMP_METRICS] = rect(body_y + body_h - mh, 0, mh, cols);
        return true;
    }
    bool wide = (req->memory || req->caches || req->resources) && cols >= LAYOUT_WIDE_COLS &&
                rows >= LAYOUT_WIDE_ROWS;
    layout_pane sub = sub_pane(req, screen);
    if (req->procs && screen == SCREEN_OVERVIEW && wide) {
        /* A column right of the process panes and the Gantt: memory, caches
         * and resources stacked, those the machine has, as many as fit. */
        int mw = clampi(cols * 2 / 5, 64, 100);
        layout_req narrow = *req;
        narrow.cols = cols - mw - 1;
        layout_procs(&narrow, out, body_y, body_h, true, &used);
        out->side = narrow.cols >= LAYOUT_SIDE_COLS;
        layout_pane col[3];
        int n = 0;
        if (req->memory)
            col[n++] = PANE_MEMORY;
        if (req->caches)
            col[n++] = PANE_CACHES;
        if (req->resources)
            col[n++] = PANE_RESOURCES;
        if (n == 3 && used < LAYOUT_STACK3_ROWS) { /* too short for three: no caches */
            col[1] = col[2];
            n = 2;
        }
        if (n == 2 && used < LAYOUT_STACK_ROWS)
            n = 1;
        int h[3] = {used, 0, 0};
        if (n == 2) {
            h[1] = clampi(used * 2 / 5, 6, used - 8);
            h[0] = used - h[1];
        } else if (n == 3) {
            h[2] = clampi(used * 3 / 10, 6, used);
            h[1] = clampi(used / 4, 5, used);
            h[0] = used - h[1] - h[2];
        }
        for (int i = 0, y = body_y; i < n; y += h[i], i++)
            out->pane[col[i]] = rect(y, cols - mw, h[i], mw);
    } else if (req->procs && screen == SCREEN_OVERVIEW) {
        layout_procs(req, out, body_y, body_h, true, &used);
    } else if (sub != PANE_COUNT) {
        /* Two thirds for the subsystem's pane, the rest (at least 4 rows) for the log. */
        int mh = clampi(body_h * 2 / 3, 4, body_h - 4);
        out->pane[sub] = rect(body_y, 0, mh, cols);
        used = mh;
    } else if (req->procs && screen == SCREEN_SCHED) {
        layout_procs(req, out, body_y, body_h, false, &used);
        return true;
    } else if (screen != SCREEN_LOG) {
        out->pane[PANE_NOTE] = rect(body_y, 0, 1, cols);
        used = 1;
    }
    out->pane[PANE_LOG] = rect(body_y + used, 0, body_h - used, cols);
    return true;
}

int layout_proc_rows(const layout *l) {
    int h = l->pane[PANE_PROCS].h - 2;
    return h > 0 ? h : 0;
}

int layout_log_rows(const layout *l) {
    int h = l->pane[PANE_LOG].h - 1;
    return h > 0 ? h : 0;
}

int layout_gantt_cells(const layout *l) {
    int c = l->pane[PANE_GANTT].w - LAYOUT_GANTT_LABEL;
    return c > 0 ? c : 0;
}

layout_pane layout_hit(const layout *l, int y, int x) {
    if (l->too_small)
        return PANE_COUNT;
    for (int p = 0; p < PANE_COUNT; p++) {
        const layout_rect *r = &l->pane[p];
        if (r->h > 0 && y >= r->y && y < r->y + r->h && x >= r->x && x < r->x + r->w)
            return (layout_pane)p;
    }
    return PANE_COUNT;
}

static const layout_pane focus_order[] = {PANE_PROCS,  PANE_QUEUES,    PANE_GANTT, PANE_MEMORY,
                                          PANE_CACHES, PANE_RESOURCES, PANE_LOG};
#define NFOCUS ((int)(sizeof focus_order / sizeof focus_order[0]))

bool layout_focusable(const layout *l, layout_pane p) {
    if (l->too_small || p < 0 || p >= PANE_COUNT || l->pane[p].h <= 0)
        return false;
    for (int i = 0; i < NFOCUS; i++)
        if (focus_order[i] == p)
            return true;
    return false;
}

layout_pane layout_focus_next(const layout *l, layout_pane cur, int dir) {
    int at = -1;
    for (int i = 0; i < NFOCUS; i++)
        if (focus_order[i] == cur)
            at = i;
    if (at < 0 || !layout_focusable(l, cur)) {
        for (int i = 0; i < NFOCUS; i++)
            if (layout_focusable(l, focus_order[i]))
                return focus_order[i];
        return PANE_COUNT;
    }
    for (int k = 1; k <= NFOCUS; k++) {
        layout_pane p = focus_order[((at + (dir < 0 ? -k : k)) % NFOCUS + NFOCUS) % NFOCUS];
        if (layout_focusable(l, p))
            return p;
    }
    return cur;
}

int layout_centre(int cols, int len) {
    return len >= cols ? 0 : (cols - len) / 2;
}
