/* vrect: drawing into a rectangle of a pane's window, for the panes that
 * split themselves into sections (resources, caches): clipped writes, fields
 * that are left out whole when they do not fit, and rows handed out to the
 * sections by importance.
 *
 * A section draws into a vrect and returns the rows it would need to show
 * everything; a vrect with no window (w NULL, h 0) only measures. */
#ifndef TICKOS_VRECT_H
#define TICKOS_VRECT_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct vrect {
    WINDOW *w; /* NULL: measuring only (h must be 0) */
    int y, x, h, wd;
} vrect;

/* A rectangle of no rows, wd wide, for measuring. */
vrect vrect_probe(int wd);
/* The part of r from row `from` on, at most h rows. */
vrect vrect_sub(const vrect *r, int from, int h);

/* Writes s at (row, col) of r in attribute a, clipped to r. Returns the
 * column after the text. */
int vrect_put(const vrect *r, int row, int col, attr_t a, const char *s);
int vrect_printf(const vrect *r, int row, int col, attr_t a, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Writes a whole field at *col (after two blanks unless *col is 0) if it
 * fits in r's width; returns false, writing nothing, when it does not. */
bool vrect_field(const vrect *r, int row, int *col, attr_t a, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The same after sep instead of two blanks (" -> " for chains). */
bool vrect_field_sep(const vrect *r, int row, int *col, const char *sep, attr_t a, const char *fmt,
                     ...) __attribute__((format(printf, 6, 7)));
/* Adds attribute a to n cells from (row, col), clipped to r (highlights). */
void vrect_mark(const vrect *r, int row, int col, int n, attr_t a);

/* Decimal digits of v (v >= 0). */
int vrect_digits(int64_t v);

/* Rows for n sections: first every section's minimum, in the order given
 * (most important first), then the rest of what each wants, in that order. */
void vrect_allot(const int *min, const int *want, int n, int rows, int *got);

#endif
