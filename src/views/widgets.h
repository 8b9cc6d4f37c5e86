/* widgets: small drawing helpers shared by the views. All of them clip to the
 * window, so a view never writes outside its pane whatever the text. */
#ifndef TICKOS_WIDGETS_H
#define TICKOS_WIDGETS_H

#include <curses.h>

/* Writes s at (y, x) with attribute a, clipped to the window. Returns the
 * column after the text (clipped). */
int widget_put(WINDOW *w, int y, int x, attr_t a, const char *s);
/* printf form of widget_put. */
int widget_printf(WINDOW *w, int y, int x, attr_t a, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Fills row y with blanks in attribute a. */
void widget_fill(WINDOW *w, int y, attr_t a);
/* A pane's title bar on row 0: the row filled in the title attribute, then the
 * text. Returns the column after it. */
int widget_title(WINDOW *w, attr_t a, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
