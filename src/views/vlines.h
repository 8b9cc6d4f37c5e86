/* vlines: the text of a scrolling dialog (the details dialogs), generated a
 * line at a time: each line is drawn when it falls in the window's rows from
 * `top`, and counted always, so that sizing and drawing agree. */
#ifndef TICKOS_VLINES_H
#define TICKOS_VLINES_H

#include <curses.h>
#include <stdbool.h>

#define VLINES_LABEL 12 /* the label column's width */

typedef struct vlines {
    WINDOW *w; /* NULL: count only */
    int top, rows, n;
    attr_t text, label, mark;
} vlines;

/* One line: the label (NULL: none, the text from the left) and the text;
 * mark draws the text in the mark attribute. */
void vlines_add(vlines *l, bool mark, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
