/* ui: the windows of the TUI, one per pane, laid out by layout_compute for
 * the screen shown and rebuilt whenever the terminal size or the screen
 * changes; and one window for the dialog on top (help, details, a form),
 * sized for what it shows. Drawing is erase and redraw of every pane into
 * its window, then one doupdate, so the terminal only gets the difference
 * and nothing flickers. */
#ifndef TICKOS_UI_H
#define TICKOS_UI_H

#include <curses.h>

#include "layout.h"
#include "machine.h"
#include "theme.h"
#include "view.h"

typedef struct ui {
    layout lay;
    WINDOW *pane[PANE_COUNT];
    WINDOW *dialog; /* made on demand at the size the open dialog wants */
    int dialog_h, dialog_w;
    WINDOW *full;  /* the whole screen: the too-small message */
    WINDOW *input; /* keys are read here, never from stdscr */
    theme th;
} ui;

/* Lays out the panes of req (its size is taken from COLS x LINES) and makes
 * their windows. Returns 0, or -1 when curses could not make a window. */
int ui_build(ui *u, const layout_req *req);
/* Deletes the windows (the layout and theme stay). */
void ui_free(ui *u);
/* ui_free then ui_build, after KEY_RESIZE or a change of screen. */
int ui_rebuild(ui *u, const layout_req *req);
/* Draws every pane and the dialog; hits (may be NULL) gets where the
 * subsystem panes drew their items. */
void ui_draw(ui *u, const machine *m, const view_state *vs, view_hits *hits);

#endif
