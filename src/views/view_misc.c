/* The small panes: key bar, help overlay, mode note, too-small message, and
 * pane titles. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "keybar.h"
#include "keyhelp.h"
#include "layout.h"
#include "screens.h"
#include "view.h"
#include "widgets.h"

const keymap *view_keymap(const view_state *vs) {
    switch (vs->dialog) {
        case DIALOG_HELP: return keymap_get(KEYMAP_HELP);
        case DIALOG_DETAILS: return keymap_get(KEYMAP_DETAILS);
        case DIALOG_ITEM: return keymap_get(KEYMAP_ITEM);
        case DIALOG_FORM:
            return keymap_get(form_is_confirm(vs->form.kind) ? KEYMAP_CONFIRM : KEYMAP_FORM);
        default:
            /* Comparing, the panes are the compare panes: no frames grid. */
            return keymap_get(vs->focus == PANE_MEMORY && !vs->cmp ? KEYMAP_FRAMES : KEYMAP_MAIN);
    }
}

vsel view_pane_sel(const view_state *vs, layout_pane p, vhits *hits) {
    vsel s = {vs->focus == p && !vs->cmp, -1, hits};
    switch (p) {
        case PANE_MEMORY: s.item = vs->frame_sel; break;
        case PANE_CACHES: s.item = VSEL_LINE(vs->line_cpu, vs->line_slot); break;
        case PANE_RESOURCES: s.item = vs->res_sel; break;
        default: s.on = false; break;
    }
    return s;
}

int view_title(WINDOW *w, const theme *th, bool focus, const char *name, const char *fmt, ...) {
    char rest[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rest, sizeof rest, fmt, ap);
    va_end(ap);
    attr_t ta = theme_attr(th, THEME_TITLE);
    widget_fill(w, 0, ta);
    int x = focus ? widget_printf(w, 0, 0, theme_attr(th, THEME_FOCUS), "[%s]", name)
                  : widget_put(w, 0, 1, ta, name);
    return rest[0] ? widget_printf(w, 0, x, ta, " %s", rest) : x;
}

/* Key names and labels from x; returns the column after. */
static int put_items(WINDOW *w, int x, const keymap *km, int width, bool procs, const theme *th) {
    attr_t ka = theme_attr(th, THEME_KEY), la = theme_attr(th, THEME_KEYBAR);
    keybar_item it[KEYBAR_MAX];
    int n = keybar_fit(km, width, procs, it);
    int end = x;
    for (int i = 0; i < n; i++) {
        int cx = widget_put(w, 0, x + it[i].x, ka, it[i].key);
        end = widget_printf(w, 0, cx, la, " %s", it[i].label);
    }
    return end;
}

void view_keybar(WINDOW *w, const machine *m, const view_state *vs, const theme *th) {
    bool procs = m->mode == MODE_DEMO || m->mode == MODE_SCHED;
    widget_fill(w, 0, theme_attr(th, THEME_KEYBAR));
    int width = getmaxx(w);
    if (vs->dialog == DIALOG_FORM && view_form_inline(&vs->form)) {
        attr_t qa = theme_attr(th, THEME_WARN);
        int x = widget_printf(w, 0, 0, qa, "%s ", vs->form.title);
        if (vs->form.kind == FORM_GOTO) {
            x = widget_printf(w, 0, x, theme_attr(th, THEME_NORMAL) | A_UNDERLINE, "%s_",
                              vs->form.field[0].text);
            x += 2;
        } else {
            x += 1;
        }
        if (vs->form.error[0])
            widget_put(w, 0, x, qa, vs->form.error);
        else
            put_items(w, x, view_keymap(vs), width - x, procs, th);
        return;
    }
    if (vs->msg[0]) {
        widget_put(w, 0, 0, theme_attr(th, vs->msg_err ? THEME_WARN : THEME_KEYBAR), vs->msg);
        return;
    }
    put_items(w, 0, view_keymap(vs), width, procs, th);
}

#define HELP_KEYS_MAX 24
static const char help_title[] = " tickos keys ";
static const char help_footer[] = "Up/Down scroll, any other key closes this help";

void view_help_size(int *h, int *w) {
    int kw, tw;
    keyhelp_widths(&kw, &tw);
    if (kw > HELP_KEYS_MAX)
        kw = HELP_KEYS_MAX;
    if (tw < (int)sizeof help_footer)
        tw = (int)sizeof help_footer;
    *w = 2 + kw + 2 + tw + 2;
    *h = keyhelp_count() + 5; /* border, blank, lines, blank, footer, border */
}

void view_help(WINDOW *w, const view_state *vs, const theme *th) {
    attr_t base = theme_attr(th, THEME_HELP);
    wbkgdset(w, ' ' | base);
    werase(w);
    int kw, tw;
    keyhelp_widths(&kw, &tw);
    if (kw > HELP_KEYS_MAX)
        kw = HELP_KEYS_MAX;
    int rows = getmaxy(w) - 5, total = keyhelp_count();
    if (rows < 1)
        rows = 1;
    int top = vs->help_top;
    if (top > total - rows)
        top = total - rows;
    if (top < 0)
        top = 0;
    for (int i = 0; i < rows && top + i < total; i++) {
        keyhelp_line l;
        keyhelp_get(top + i, &l);
        if (l.section) {
            widget_put(w, 2 + i, 2, base | A_BOLD | A_UNDERLINE, l.text);
            continue;
        }
        widget_printf(w, 2 + i, 2, base | A_BOLD, "%-*.*s", kw, kw, l.keys);
        widget_put(w, 2 + i, 2 + kw + 2, base, l.text);
    }
    char foot[96];
    if (total > rows)
        snprintf(foot, sizeof foot, "lines %d-%d of %d; %s", top + 1,
                 top + rows < total ? top + rows : total, total, help_footer);
    else
        snprintf(foot, sizeof foot, "%s", help_footer);
    widget_put(w, getmaxy(w) - 2, 2, base, foot);
    /* The box last, as clipped text may have run over its right edge. */
    wattrset(w, base);
    box(w, 0, 0);
    widget_put(w, 0, 2, base | A_BOLD, help_title);
    wbkgdset(w, ' ');
}

void view_note(WINDOW *w, const machine *m, const view_state *vs, const theme *th) {
    attr_t a = theme_attr(th, THEME_WARN);
    const char *mode = machine_mode_name(m->mode);
    const char *missing = screens_missing(vs->screen);
    if (missing) {
        char what[48];
        snprintf(what, sizeof what, "%s", screens_log_title(vs->screen));
        what[0] = (char)(what[0] - 'A' + 'a'); /* "memory events" */
        widget_printf(w, 0, 1, a, "%s; below, the log's %s", missing, what);
    } else if (vs->screen == SCREEN_SCHED)
        widget_printf(w, 0, 1, a, "%s mode has no processes; below, the log's scheduling events",
                      mode);
    else
        widget_printf(w, 0, 1, a,
                      "%s mode: its panes come in a later version; the log shows every step", mode);
}

int view_too_small_text(char *buf, size_t n, int cols, int rows) {
    return snprintf(buf, n, "terminal too small (%dx%d), need at least %dx%d", cols, rows,
                    LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
}

void view_too_small(WINDOW *w, int cols, int rows, const theme *th) {
    char msg[96];
    int len = view_too_small_text(msg, sizeof msg, cols, rows);
    attr_t a = theme_attr(th, THEME_WARN);
    int h = getmaxy(w), width = getmaxx(w);
    char *comma = strchr(msg, ',');
    if (len <= width || !comma) {
        widget_put(w, h / 2, layout_centre(width, len), a, msg);
        return;
    }
    /* Two lines, split after the comma. */
    comma[1] = '\0';
    const char *second = comma + 2;
    int y = h / 2 > 0 ? h / 2 - 1 : 0;
    widget_put(w, y, layout_centre(width, (int)strlen(msg)), a, msg);
    widget_put(w, y + 1, layout_centre(width, (int)strlen(second)), a, second);
}
