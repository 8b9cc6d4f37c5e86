#include <stdio.h>

#include "screens.h"
#include "view.h"
#include "widgets.h"

void view_log(WINDOW *w, const machine *m, const view_state *vs, const theme *th) {
    int rows = getmaxy(w) - 1;
    if (rows < 0)
        rows = 0;
    const evlog *log = &m->log;
    log_filter f = screens_filter(vs->screen);
    uint64_t first = evlog_first(log), end = evlog_end(log);
    uint64_t bottom = vs->log_follow || vs->log_end > end ? end : vs->log_end;
    if (bottom < first)
        bottom = first;
    uint64_t top = log_filter_back(log, f, bottom, (uint64_t)rows);

    bool focus = vs->focus == PANE_LOG;
    const char *name = screens_log_title(vs->screen);
    if (f == LOG_ALL && vs->log_follow)
        view_title(w, th, focus, name, " %llu  (newest at the bottom; PgUp scrolls back)",
                   (unsigned long long)end);
    else if (f == LOG_ALL)
        view_title(w, th, focus, name, " %llu-%llu of %llu  (scrolled back; End follows again)",
                   (unsigned long long)(top + 1), (unsigned long long)bottom,
                   (unsigned long long)end);
    else
        view_title(w, th, focus, name, " %llu of the last %llu events%s",
                   (unsigned long long)log_filter_count(log, f, first, end),
                   (unsigned long long)(end - first),
                   vs->log_follow ? "" : "  (scrolled back; End follows again)");
    if (log_filter_count(log, f, first, end) == 0) {
        widget_put(w, 1, 2, theme_attr(th, THEME_DIM),
                   end == first ? "no events yet: space runs, n steps"
                                : "none of this kind (1 shows the whole log)");
        return;
    }
    attr_t ka = theme_attr(th, THEME_TICK), na = theme_attr(th, THEME_NORMAL);
    int y = 1;
    for (uint64_t s = top; s < bottom && y <= rows; s++) {
        const event *ev = evlog_get(log, s);
        if (!ev || !log_filter_match(f, ev))
            continue;
        char text[256];
        event_format(m, ev, text, sizeof text);
        int x = widget_printf(w, y, 0, ka, "%7llu ", (unsigned long long)ev->tick);
        widget_put(w, y, x + 1, na, text);
        y++;
    }
}
