/* The small panes: key bar, help overlay, mode note and the too-small message. */
#include <stdio.h>
#include <string.h>

#include "actions.h"
#include "keys.h"
#include "layout.h"
#include "view.h"
#include "widgets.h"

void view_keybar(WINDOW *w, const keymap *km, const theme *th) {
    attr_t ka = theme_attr(th, THEME_KEY), la = theme_attr(th, THEME_KEYBAR);
    widget_fill(w, 0, la);
    int x = 0, width = getmaxx(w);
    for (size_t i = 0; i < actions_count(); i++) {
        const action *a = actions_at(i);
        int key = keymap_first_key(km, a->name);
        if (!a->label[0] || key < 0)
            continue;
        char name[16];
        keys_name(key, name, sizeof name);
        int len = (int)(strlen(name) + 1 + strlen(a->label));
        if (x + len > width)
            break;
        x = widget_put(w, 0, x, ka, name);
        x = widget_printf(w, 0, x, la, " %s", a->label) + 2;
    }
}

#define HELP_KEYS_MAX 24

static int help_key_width(const keymap *km) {
    int kw = 0;
    for (size_t i = 0; i < actions_count(); i++) {
        char keys[64];
        keymap_keys(km, actions_at(i)->name, ", ", keys, sizeof keys);
        int len = (int)strlen(keys);
        if (len > kw)
            kw = len;
    }
    return kw > HELP_KEYS_MAX ? HELP_KEYS_MAX : kw;
}

static const char help_footer[] = "any key closes this help";

void view_help_size(const keymap *km, int *h, int *w) {
    int hw = (int)sizeof help_footer - 1;
    for (size_t i = 0; i < actions_count(); i++) {
        int len = (int)strlen(actions_at(i)->help);
        if (len > hw)
            hw = len;
    }
    *w = 2 + help_key_width(km) + 2 + hw + 2;
    *h = (int)actions_count() + 5; /* border, blank, actions, blank, footer, border */
}

void view_help(WINDOW *w, const keymap *km, const theme *th) {
    attr_t base = theme_attr(th, THEME_HELP);
    wbkgdset(w, ' ' | base);
    werase(w);
    wattrset(w, base);
    box(w, 0, 0);
    widget_put(w, 0, 2, base | A_BOLD, " tickos keys ");
    int kw = help_key_width(km);
    int y = 2;
    for (size_t i = 0; i < actions_count(); i++, y++) {
        const action *a = actions_at(i);
        char keys[64];
        keymap_keys(km, a->name, ", ", keys, sizeof keys);
        widget_printf(w, y, 2, base | A_BOLD, "%-*.*s", kw, kw, keys);
        widget_put(w, y, 2 + kw + 2, base, a->help);
    }
    widget_put(w, y + 1, 2, base, help_footer);
    /* The box again, as clipped text may have run over its right edge. */
    box(w, 0, 0);
    widget_put(w, 0, 2, base | A_BOLD, " tickos keys ");
    wbkgdset(w, ' ');
}

void view_note(WINDOW *w, const machine *m, const theme *th) {
    widget_printf(w, 0, 1, theme_attr(th, THEME_WARN),
                  "%s mode: its panes come in a later version; the log shows every step",
                  machine_mode_name(m->mode));
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
