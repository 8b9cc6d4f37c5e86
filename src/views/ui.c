#include "ui.h"

#include <string.h>

#include "machine_policy.h"
#include "view_caches.h"
#include "view_compare.h"
#include "view_memory.h"
#include "view_resources.h"

int ui_build(ui *u, const layout_req *r) {
    layout_req req = *r;
    req.cols = COLS;
    req.rows = LINES;
    layout_compute(&req, &u->lay);
    memset(u->pane, 0, sizeof u->pane);
    u->dialog = u->full = NULL;
    u->dialog_h = u->dialog_w = 0;

    /* Blank the whole screen once so nothing of the old layout survives in the
     * gaps between panes. */
    werase(stdscr);
    wnoutrefresh(stdscr);

    /* Keys are read from a 1x1 window that is never drawn into, so wgetch has
     * nothing to refresh (reading from stdscr would paint it over the panes). */
    u->input = newwin(1, 1, 0, 0);
    if (!u->input)
        return -1;
    keypad(u->input, TRUE);
    wnoutrefresh(u->input);

    if (u->lay.too_small) {
        u->full = newwin(0, 0, 0, 0);
        return u->full ? 0 : -1;
    }
    for (int p = 0; p < PANE_COUNT; p++) {
        const layout_rect *rc = &u->lay.pane[p];
        if (rc->h <= 0 || rc->w <= 0)
            continue;
        u->pane[p] = newwin(rc->h, rc->w, rc->y, rc->x);
        if (!u->pane[p])
            return -1;
    }
    return 0;
}

void ui_free(ui *u) {
    for (int p = 0; p < PANE_COUNT; p++) {
        if (u->pane[p])
            delwin(u->pane[p]);
        u->pane[p] = NULL;
    }
    if (u->dialog)
        delwin(u->dialog);
    if (u->full)
        delwin(u->full);
    if (u->input)
        delwin(u->input);
    u->dialog = u->full = u->input = NULL;
}

int ui_rebuild(ui *u, const layout_req *req) {
    ui_free(u);
    return ui_build(u, req);
}

static void draw_pane(ui *u, int p, const machine *m, const view_state *vs, view_hits *hits) {
    WINDOW *w = u->pane[p];
    const theme *th = &u->th;
    werase(w);
    switch (p) {
        case PANE_HEADER: view_header(w, m, vs, th); break;
        case PANE_PROCS: view_procs(w, m, vs, th); break;
        case PANE_QUEUES: view_queues(w, m, vs, th, u->lay.queue_lines); break;
        case PANE_GANTT: view_gantt(w, m, vs, th, u->lay.gantt_cpus); break;
        case PANE_NOTE: view_note(w, m, vs, th); break;
        case PANE_LOG: view_log(w, m, vs, th); break;
        case PANE_KEYBAR: view_keybar(w, m, vs, th); break;
        case PANE_CMP_A: view_compare_side(w, m, "this", vs, th); break;
        case PANE_CMP_B: view_compare_side(w, vs->cmp, "fork", vs, th); break;
        case PANE_CMP_METRICS:
            if (vs->cmp) {
                char now[48];
                machine_policy_short(m, (policy_kind)vs->cmp_kind, now, sizeof now);
                view_compare_metrics(w, m, vs->cmp, now, vs->cmp_label, th);
            }
            break;
        case PANE_MEMORY: {
            vsel s = view_pane_sel(vs, PANE_MEMORY, hits ? &hits->memory : NULL);
            view_memory(w, m, th, (int32_t)vs->sel + m->pid_base, &s);
            break;
        }
        case PANE_CACHES: {
            vsel s = view_pane_sel(vs, PANE_CACHES, hits ? &hits->caches : NULL);
            view_caches(w, m, th, &s);
            break;
        }
        case PANE_RESOURCES: {
            vsel s = view_pane_sel(vs, PANE_RESOURCES, hits ? &hits->resources : NULL);
            view_resources(w, m, th, &s);
            break;
        }
        default: break;
    }
    wnoutrefresh(w);
}

/* The dialog's window at h x w (clipped to the screen, centred), made anew
 * only when the size changes. */
static WINDOW *dialog_window(ui *u, int h, int w) {
    if (h > LINES)
        h = LINES;
    if (w > COLS)
        w = COLS;
    if (u->dialog && (u->dialog_h != h || u->dialog_w != w)) {
        delwin(u->dialog);
        u->dialog = NULL;
    }
    if (!u->dialog) {
        u->dialog = newwin(h, w, (LINES - h) / 2, (COLS - w) / 2);
        u->dialog_h = h;
        u->dialog_w = w;
    }
    return u->dialog;
}

static void draw_dialog(ui *u, const machine *m, const view_state *vs) {
    int h = 0, w = 0;
    switch (vs->dialog) {
        case DIALOG_HELP: view_help_size(&h, &w); break;
        case DIALOG_DETAILS:
            h = view_details_lines(m, vs) + 2;
            w = 76;
            break;
        case DIALOG_ITEM:
            h = view_item_lines(m, vs) + 2;
            w = 76;
            break;
        case DIALOG_FORM:
            if (view_form_inline(&vs->form))
                return; /* in the key bar row */
            view_form_size(vs, &h, &w);
            break;
        default: return;
    }
    WINDOW *d = dialog_window(u, h, w);
    if (!d)
        return;
    switch (vs->dialog) {
        case DIALOG_HELP: view_help(d, vs, &u->th); break;
        case DIALOG_DETAILS: view_details(d, m, vs, &u->th); break;
        case DIALOG_ITEM: view_item(d, m, vs, &u->th); break;
        default: view_form(d, vs, &u->th); break;
    }
    wnoutrefresh(d);
}

void ui_draw(ui *u, const machine *m, const view_state *vs, view_hits *hits) {
    if (hits) {
        vhits_clear(&hits->memory);
        vhits_clear(&hits->caches);
        vhits_clear(&hits->resources);
    }
    if (u->lay.too_small) {
        if (u->full) {
            werase(u->full);
            view_too_small(u->full, u->lay.cols, u->lay.rows, &u->th);
            wnoutrefresh(u->full);
        }
        doupdate();
        return;
    }
    /* The blank background first: a dialog that closed may have covered the
     * gap between panes, which no pane redraws. doupdate still sends only
     * the cells that changed. */
    touchwin(stdscr);
    wnoutrefresh(stdscr);
    for (int p = 0; p < PANE_COUNT; p++)
        if (u->pane[p])
            draw_pane(u, p, m, vs, hits);
    draw_dialog(u, m, vs);
    doupdate();
}
