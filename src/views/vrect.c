#include "vrect.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "widgets.h"

vrect vrect_probe(int wd) {
    vrect r = {NULL, 0, 0, 0, wd};
    return r;
}

vrect vrect_sub(const vrect *r, int from, int h) {
    vrect s = *r;
    if (from > r->h)
        from = r->h;
    s.y = r->y + from;
    s.h = r->h - from < h ? r->h - from : h;
    if (s.h < 0)
        s.h = 0;
    return s;
}

int vrect_put(const vrect *r, int row, int col, attr_t a, const char *s) {
    if (!r->w || row < 0 || row >= r->h || col < 0 || col >= r->wd)
        return col;
    char buf[512];
    int len = (int)strlen(s), room = r->wd - col;
    if (len > room)
        len = room;
    if (len > (int)sizeof buf - 1)
        len = (int)sizeof buf - 1;
    memcpy(buf, s, (size_t)len);
    buf[len] = '\0';
    widget_put(r->w, r->y + row, r->x + col, a, buf);
    return col + len;
}

int vrect_printf(const vrect *r, int row, int col, attr_t a, const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return vrect_put(r, row, col, a, buf);
}

static bool vfield(const vrect *r, int row, int *col, const char *sep, attr_t a, const char *fmt,
                   va_list ap) {
    char buf[512];
    int len = vsnprintf(buf, sizeof buf, fmt, ap);
    int at = *col == 0 ? 0 : *col + (int)strlen(sep);
    if (len < 0 || len >= (int)sizeof buf || at + len > r->wd)
        return false;
    if (*col > 0)
        vrect_put(r, row, *col, A_NORMAL, sep);
    vrect_put(r, row, at, a, buf);
    *col = at + len;
    return true;
}

bool vrect_field(const vrect *r, int row, int *col, attr_t a, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    bool ok = vfield(r, row, col, "  ", a, fmt, ap);
    va_end(ap);
    return ok;
}

bool vrect_field_sep(const vrect *r, int row, int *col, const char *sep, attr_t a, const char *fmt,
                     ...) {
    va_list ap;
    va_start(ap, fmt);
    bool ok = vfield(r, row, col, sep, a, fmt, ap);
    va_end(ap);
    return ok;
}

void vrect_mark(const vrect *r, int row, int col, int n, attr_t a) {
    if (!r->w || row < 0 || row >= r->h)
        return;
    for (int x = col < 0 ? 0 : col; x < col + n && x < r->wd; x++) {
        chtype ch = mvwinch(r->w, r->y + row, r->x + x);
        mvwaddch(r->w, r->y + row, r->x + x, ch | a);
    }
}

int vrect_digits(int64_t v) {
    int n = 1;
    while (v >= 10) {
        v /= 10;
        n++;
    }
    return n;
}

void vrect_allot(const int *min, const int *want, int n, int rows, int *got) {
    for (int i = 0; i < n; i++) {
        got[i] = min[i] < rows ? min[i] : rows;
        if (got[i] < 0)
            got[i] = 0;
        rows -= got[i];
    }
    for (int i = 0; i < n; i++) {
        int more = want[i] - got[i];
        if (more > rows)
            more = rows;
        if (more > 0) {
            got[i] += more;
            rows -= more;
        }
    }
}
