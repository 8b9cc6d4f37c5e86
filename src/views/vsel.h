/* vsel: what a subsystem pane (memory, caches, resources) is told about its
 * selection, and where it records the items it drew so that a mouse click
 * can be turned into one (vhits).
 *
 * An item is a number each pane defines: the memory pane's frame, the caches
 * pane's line as VSEL_LINE(cpu, slot), the resources pane's type. Hits are
 * kept in screen coordinates (the window's origin added), the last drawn
 * item on top. No allocation: a fixed number of rectangles per pane; items
 * drawn beyond it are not clickable. */
#ifndef TICKOS_VSEL_H
#define TICKOS_VSEL_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#define VHITS_MAX 1024

/* A cache line as an item: its CPU and its slot (set * ways + way). */
#define VSEL_LINE(cpu, slot) ((int64_t)(cpu) << 32 | (int64_t)(uint32_t)(slot))
#define VSEL_LINE_CPU(item)  ((int)((item) >> 32))
#define VSEL_LINE_SLOT(item) ((uint32_t)((item)&0xffffffff))

typedef struct vhit {
    int16_t y, x, h, w;
    int64_t item;
} vhit;

typedef struct vhits {
    int n;
    vhit at[VHITS_MAX];
} vhits;

typedef struct vsel {
    bool on;      /* the pane has the focus: mark the selection and keep it in view */
    int64_t item; /* the selected item (meaningful when on) */
    vhits *hits;  /* where drawn items are recorded; NULL: nowhere */
} vsel;

void vhits_clear(vhits *h);
/* Records item drawn at (y, x), h rows by w columns, of window win. */
void vhits_add(vhits *h, WINDOW *win, int y, int x, int rows, int cols, int64_t item);
/* The item drawn at screen cell (y, x), or -1. */
int64_t vhits_find(const vhits *h, int y, int x);

/* Whether sel marks item (the pane is focused and it is the selection). */
static inline bool vsel_is(const vsel *sel, int64_t item) {
    return sel && sel->on && sel->item == item;
}

#endif
