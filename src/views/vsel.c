#include "vsel.h"

void vhits_clear(vhits *h) {
    h->n = 0;
}

void vhits_add(vhits *h, WINDOW *win, int y, int x, int rows, int cols, int64_t item) {
    if (!h || !win || h->n >= VHITS_MAX || rows <= 0 || cols <= 0)
        return;
    int by = getbegy(win), bx = getbegx(win);
    int maxw = getmaxx(win) - x, maxh = getmaxy(win) - y;
    if (maxw <= 0 || maxh <= 0 || x < 0 || y < 0)
        return;
    vhit *t = &h->at[h->n++];
    t->y = (int16_t)(by + y);
    t->x = (int16_t)(bx + x);
    t->h = (int16_t)(rows < maxh ? rows : maxh);
    t->w = (int16_t)(cols < maxw ? cols : maxw);
    t->item = item;
}

int64_t vhits_find(const vhits *h, int y, int x) {
    for (int i = h->n - 1; i >= 0; i--) {
        const vhit *t = &h->at[i];
        if (y >= t->y && y < t->y + t->h && x >= t->x && x < t->x + t->w)
            return t->item;
    }
    return -1;
}
