/* view_mem_int: what the files of the memory pane share (view_memory.c,
 * view_mem_grid.c, view_mem_table.c); not for other views.
 *
 * Each section draws into a rectangle of the pane's window and returns the
 * rows it would need to show everything; given a rectangle of no rows it
 * draws nothing and only measures. */
#ifndef TICKOS_VIEW_MEM_INT_H
#define TICKOS_VIEW_MEM_INT_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "memsrc.h"
#include "theme.h"
#include "vrect.h"
#include "vsel.h"

/* A rectangle of window w (inside it); rows and columns below are relative. */
/* The pane's sections draw into rectangles of its window (vrect.h). */
typedef vrect mem_rect;

typedef struct mem_ctx {
    const memsrc *s;
    const theme *th;
    int32_t pid;     /* the page table shown, -1 none */
    const vsel *sel; /* the selected frame (item); NULL: none */
} mem_ctx;

/* Writes s at (row, col) of r in attribute a, clipped to r. Returns the
 * column after the text. */
#define mem_put    vrect_put
#define mem_printf vrect_printf
#define mem_field  vrect_field
/* Decimal digits of v. */
int mem_dec_digits(uint64_t v);
/* Hex digits needed for values below 2^bits (at least 1). */
int mem_hex_digits(uint32_t bits);

/* Whether the pane is focused: the grid then marks the selected frame and
 * keeps it in view (view_mem_grid.c). */
bool mem_focused(const mem_ctx *c);
/* The grid in a rectangle of `width` columns: frames per row and rows in
 * all (view_mem_grid.c). */
void mem_grid_shape(const mem_ctx *c, int width, int *per_row, int *rows);

/* The sections (view_mem_grid.c, view_mem_table.c). */
int mem_sec_frames(const mem_ctx *c, const mem_rect *r);
int mem_sec_fault(const mem_ctx *c, const mem_rect *r);
int mem_sec_tlbs(const mem_ctx *c, const mem_rect *r);
int mem_sec_page_table(const mem_ctx *c, const mem_rect *r);

#endif
