/* select: the selections of the subsystem panes (act_select.c): a frame of
 * the memory pane, a valid line of the caches pane (in CPU, set, way order),
 * a resource type of the resources pane. They live in the view state
 * (frame_sel, line_cpu/line_slot, res_sel) and move with the keys while
 * their pane has the focus; the views mark them and follow them. */
#ifndef TICKOS_SELECT_H
#define TICKOS_SELECT_H

#include <stdbool.h>
#include <stdint.h>

#include "layout.h"

struct ctl;

typedef enum pane_move {
    MV_UP,
    MV_DOWN,
    MV_PGUP,
    MV_PGDN,
    MV_HOME,
    MV_END,
    MV_LEFT,
    MV_RIGHT
} pane_move;

/* Whether p is a pane with a selection of its own (memory, caches, resources). */
bool select_pane(layout_pane p);
/* Moves the focused subsystem pane's selection. Returns ACT_REDRAW, or
 * ACT_NONE when the focus is not on one (or Left/Right outside the frames). */
unsigned select_move(struct ctl *c, pane_move mv);
/* Makes p's selection one that exists now: a frame or type in range, a
 * valid line (the next one on, else the one before). False, leaving it,
 * when there is none. */
bool select_fix(struct ctl *c, layout_pane p);
/* Selects item (as vsel.h numbers it) of pane p, if it exists (a cache line:
 * valid). Returns whether it did. */
bool select_item(struct ctl *c, layout_pane p, int64_t item);

#endif
