#include "widgets.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int widget_put(WINDOW *w, int y, int x, attr_t a, const char *s) {
    int h = getmaxy(w), wd = getmaxx(w);
    if (y < 0 || y >= h || x < 0 || x >= wd)
        return x;
    int room = wd - x;
    int len = (int)strlen(s);
    if (len > room)
        len = room;
    wattrset(w, a);
    /* Writing the bottom-right cell returns ERR (the cursor cannot move on)
     * although the character is drawn; nothing to handle. */
    mvwaddnstr(w, y, x, s, len);
    wattrset(w, A_NORMAL);
    return x + len;
}

int widget_printf(WINDOW *w, int y, int x, attr_t a, const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return widget_put(w, y, x, a, buf);
}

void widget_fill(WINDOW *w, int y, attr_t a) {
    if (y < 0 || y >= getmaxy(w))
        return;
    mvwhline(w, y, 0, ' ' | a, getmaxx(w));
}

int widget_title(WINDOW *w, attr_t a, const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    widget_fill(w, 0, a);
    return widget_put(w, 0, 1, a, buf);
}
