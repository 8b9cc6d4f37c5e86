/* Off-screen curses for the view tests: a terminal writing to /dev/null whose
 * windows are read back as text. */
#ifndef TICKOS_TEST_OFFSCREEN_H
#define TICKOS_TEST_OFFSCREEN_H

#include <curses.h>

#include "machine.h"
#include "theme.h"

/* The mono theme, set up by offscreen_setup. */
extern theme mono;

/* cmocka group setup and teardown: a vt100 on /dev/null. */
int offscreen_setup(void **state);
int offscreen_teardown(void **state);

/* Row y of w as text, trailing blanks removed (a static buffer). */
const char *row(WINDOW *w, int y);

/* rr on jobs of 3 and 2 ticks (`sched --policy rr --lengths 3,2`), advanced
 * `ticks` ticks: the small machine the view tests draw. */
machine *rr_3_2(int ticks);

/* A window of h x wd inside a frame of '#' one cell wide, for checking that
 * a pane never writes outside its window: draw into f.w, then
 * framed_check asserts the frame is whole and frees both windows. */
typedef struct framed {
    WINDOW *outer, *w;
    int h, wd;
} framed;
framed framed_new(int h, int wd);
void framed_check(framed *f);

#endif
