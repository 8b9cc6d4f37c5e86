#include "vlines.h"

#include <stdarg.h>
#include <stdio.h>

#include "widgets.h"

void vlines_add(vlines *l, bool mark, const char *label, const char *fmt, ...) {
    int i = l->n++;
    if (!l->w || i < l->top || i >= l->top + l->rows)
        return;
    int y = 1 + i - l->top;
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    int x = 2;
    if (label) {
        widget_put(l->w, y, x, l->label, label);
        x += VLINES_LABEL;
    }
    widget_put(l->w, y, x, mark ? l->mark : l->text, buf);
}
