/* Off-screen curses for the view tests: a terminal writing to /dev/null whose
 * windows are read back as text. */
#ifndef TICKOS_TEST_OFFSCREEN_H
#define TICKOS_TEST_OFFSCREEN_H

#include <curses.h>

#include "theme.h"

/* The mono theme, set up by offscreen_setup. */
extern theme mono;

/* cmocka group setup and teardown: a vt100 on /dev/null. */
int offscreen_setup(void **state);
int offscreen_teardown(void **state);

/* Row y of w as text, trailing blanks removed (a static buffer). */
const char *row(WINDOW *w, int y);

#endif
