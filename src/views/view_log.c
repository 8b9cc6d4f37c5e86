#include <stdio.h>

#include "view.h"
#include "widgets.h"

void view_log(WINDOW *w, const machine *m, const view_state *vs, const theme *th) {
    int rows = getmaxy(w) - 1;
    const evlog *log = &m->log;
    uint64_t first = evlog_first(log), end = evlog_end(log);
    uint64_t bottom = vs->log_follow || vs->log_end > end ? end : vs->log_end;
    if (bottom < first)
        bottom = first;
    uint64_t top =
        bottom > first + (uint64_t)(rows > 0 ? rows : 0) ? bottom - (uint64_t)rows : first;

    attr_t ta = theme_attr(th, THEME_TITLE);
    if (vs->log_follow)
        widget_title(w, ta, "Events  %llu  (newest at the bottom; PgUp scrolls back)",
                     (unsigned long long)end);
    else
        widget_title(w, ta, "Events  %llu-%llu of %llu  (scrolled back; End follows again)",
                     (unsigned long long)(top + 1), (unsigned long long)bottom,
                     (unsigned long long)end);
    if (end == first) {
        widget_put(w, 1, 2, theme_attr(th, THEME_DIM), "no events yet: space runs, n steps");
        return;
    }
    attr_t ka = theme_attr(th, THEME_TICK), na = theme_attr(th, THEME_NORMAL);
    int y = 1;
    for (uint64_t s = top; s < bottom && y <= rows; s++, y++) {
        const event *ev = evlog_get(log, s);
        if (!ev)
            continue;
        char text[256];
        event_format(m, ev, text, sizeof text);
        int x = widget_printf(w, y, 0, ka, "%7llu ", (unsigned long long)ev->tick);
        widget_put(w, y, x + 1, na, text);
    }
}
