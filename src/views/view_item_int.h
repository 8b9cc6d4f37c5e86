/* view_item_int: what the files of the item dialog share (view_item.c and
 * one file per kind of item); not for other views. Each walker writes the
 * dialog's lines through vlines and its title into title. */
#ifndef TICKOS_VIEW_ITEM_INT_H
#define TICKOS_VIEW_ITEM_INT_H

#include <stddef.h>
#include <stdint.h>

#include "view.h"
#include "vlines.h"

/* A frame of the memory pane (view_item_frame.c). */
void item_frame(vlines *l, const machine *m, uint32_t frame, char *title, size_t n);
/* A cache line, by CPU and slot (view_item_line.c). */
void item_line(vlines *l, const machine *m, int cpu, uint32_t slot, char *title, size_t n);
/* A resource type (view_item_res.c). */
void item_res(vlines *l, const machine *m, int32_t res, char *title, size_t n);

/* "1st", "2nd", "3rd", "4th", "11th", "21st" ... */
const char *item_ordinal(uint64_t v, char *buf, size_t n);

#endif
