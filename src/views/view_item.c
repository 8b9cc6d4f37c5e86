/* The item dialog (DIALOG_ITEM): the details of what a subsystem pane has
 * selected, a frame, a cache line or a resource, drawn as the process
 * details are (a box, a title with the tick, scrolling) and built afresh
 * from the machine every frame, so it follows the clock. The contents are
 * in view_item_frame.c, view_item_line.c and view_item_res.c. */
#include <stdio.h>

#include "view_item_int.h"
#include "widgets.h"

const char *item_ordinal(uint64_t v, char *buf, size_t n) {
    const char *suf = "th";
    if (v % 100 < 11 || v % 100 > 13) {
        if (v % 10 == 1)
            suf = "st";
        else if (v % 10 == 2)
            suf = "nd";
        else if (v % 10 == 3)
            suf = "rd";
    }
    snprintf(buf, n, "%llu%s", (unsigned long long)v, suf);
    return buf;
}

static void walk(vlines *l, const machine *m, const view_state *vs, char *title, size_t n) {
    switch (vs->item) {
        case PANE_MEMORY: item_frame(l, m, vs->frame_sel, title, n); break;
        case PANE_CACHES: item_line(l, m, vs->line_cpu, vs->line_slot, title, n); break;
        case PANE_RESOURCES: item_res(l, m, vs->res_sel, title, n); break;
        default:
            snprintf(title, n, "Details");
            vlines_add(l, false, NULL, "nothing selected");
            break;
    }
}

int view_item_lines(const machine *m, const view_state *vs) {
    char title[64];
    vlines l = {0};
    walk(&l, m, vs, title, sizeof title);
    return l.n;
}

void view_item(WINDOW *w, const machine *m, const view_state *vs, const theme *th) {
    attr_t base = theme_attr(th, THEME_HELP);
    wbkgdset(w, ' ' | base);
    werase(w);
    int rows = getmaxy(w) - 2, total = view_item_lines(m, vs);
    int top = vs->details_top > total - rows ? total - rows : vs->details_top;
    if (top < 0)
        top = 0;
    char title[64];
    vlines l = {w, top, rows, 0, base, base | A_BOLD, theme_attr(th, THEME_SELECT) | A_BOLD};
    walk(&l, m, vs, title, sizeof title);
    wattrset(w, base);
    box(w, 0, 0);
    widget_printf(w, 0, 2, base | A_BOLD, " %s  tick %llu ", title, (unsigned long long)m->tick);
    if (total > rows)
        widget_printf(w, getmaxy(w) - 1, 2, base, " lines %d-%d of %d; Up/Down scroll, Esc closes ",
                      top + 1, top + rows < total ? top + rows : total, total);
    else
        widget_put(w, getmaxy(w) - 1, 2, base, " Esc closes ");
    wbkgdset(w, ' ');
}
