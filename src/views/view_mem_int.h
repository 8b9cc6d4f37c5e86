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
#include "vsel.h"

/* A rectangle of window w (inside it); rows and columns below are relative. */
typedef struct mem_rect {
    WINDOW *w; /* NULL: measuring only (h must be 0) */
    int y, x, h, wd;
} mem_rect;

typedef struct mem_ctx {
    const memsrc *s;
    const theme *th;
    int32_t pid;     /* the page table shown, -1 none */
    const vsel *sel; /* the selected frame (item); NULL: none */
} mem_ctx;

/* Writes s at (row, col) of r in attribute a, clipped to r. Returns the
 * column after the text. */
int mem_put(const mem_rect *r, int row, int col, attr_t a, const char *s);
int mem_printf(const mem_rect *r, int row, int col, attr_t a, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Writes a whole field at *col (after two blanks unless *col is 0) if it fits
 * in r's width; returns false, writing nothing, when it does not. */
bool mem_field(const mem_rect *r, int row, int *col, attr_t a, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
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
