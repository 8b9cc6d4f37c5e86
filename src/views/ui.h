/* ui: the windows of the TUI, one per pane, laid out by layout_compute and
 * rebuilt whenever the terminal changes size. Drawing is erase and redraw of
 * every pane into its window, then one doupdate, so the terminal only gets the
 * difference and nothing flickers. */
#ifndef TICKOS_UI_H
#define TICKOS_UI_H

#include <curses.h>

#include "keymap.h"
#include "layout.h"
#include "machine.h"
#include "theme.h"
#include "view.h"

typedef struct ui {
    layout lay;
    WINDOW *pane[PANE_COUNT];
    WINDOW *help;  /* the help overlay, drawn on top when open */
    WINDOW *full;  /* the whole screen: the too-small message */
    WINDOW *input; /* keys are read here, never from stdscr */
    const keymap *km;
    theme th;
} ui;

/* Lays out the panes for the current terminal size (COLS x LINES) and makes
 * their windows. Returns 0, or -1 when curses could not make a window. */
int ui_build(ui *u, const machine *m);
/* Deletes the windows (the layout and theme stay). */
void ui_free(ui *u);
/* ui_free then ui_build, after KEY_RESIZE. */
int ui_rebuild(ui *u, const machine *m);
void ui_draw(ui *u, const machine *m, const view_state *vs);

#endif
