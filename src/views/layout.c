#include "layout.h"

#include <string.h>

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

/* The process panes: table and queues on top, the Gantt chart under them. */
static void layout_procs(const layout_req *req, layout *l, int body_y, int body_h, int *used) {
    int cols = req->cols;
    int ncpus = req->ncpus < 1 ? 1 : req->ncpus;
    int levels = clampi(req->levels, 1, 64);

    /* A CPU row per two spare rows beyond the minimum, so tall terminals show more. */
    l->gantt_cpus = clampi((body_h - 10) / 2, 1, ncpus);
    int gantt_h = l->gantt_cpus + 2; /* title, rows, ruler */
    int avail = body_h - gantt_h;
    int log_h = avail * 2 / 5 - 1;
    if (log_h < 3)
        log_h = 3;
    int top_h = avail - log_h;

    l->side = cols >= LAYOUT_SIDE_COLS;
    if (l->side) {
        int qw = clampi(cols * 3 / 10, 28, 60);
        int pw = cols - qw - 1; /* one blank column between them */
        l->pane[PANE_PROCS] = rect(body_y, 0, top_h, pw);
        l->pane[PANE_QUEUES] = rect(body_y, pw + 1, top_h, qw);
        l->queue_lines = clampi(top_h - 2, 1, levels); /* title and I/O line */
    } else {
        int need = levels + 3;               /* title, levels, I/O, waits */
        int qh = clampi(need, 3, top_h - 3); /* the table keeps a title, a header, a row */
        l->pane[PANE_PROCS] = rect(body_y, 0, top_h - qh, cols);
        l->pane[PANE_QUEUES] = rect(body_y + top_h - qh, 0, qh, cols);
        l->queue_lines = clampi(qh - 2, 1, levels);
    }
    l->pane[PANE_GANTT] = rect(body_y + top_h, 0, gantt_h, cols);
    *used = top_h + gantt_h;
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
    out->pane[PANE_HEADER] = rect(0, 0, 1, cols);
    out->pane[PANE_KEYBAR] = rect(rows - 1, 0, 1, cols);
    int body_y = 1, body_h = rows - 2, used;
    if (req->procs) {
        layout_procs(req, out, body_y, body_h, &used);
    } else {
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

int layout_centre(int cols, int len) {
    return len >= cols ? 0 : (cols - len) / 2;
}
