#include "offscreen.h"

#include <stdio.h>

theme mono;
static SCREEN *scr;
static FILE *out, *in;

int offscreen_setup(void **state) {
    (void)state;
    out = fopen("/dev/null", "w");
    in = fopen("/dev/null", "r");
    if (!out || !in)
        return -1;
    scr = newterm("vt100", out, in);
    if (!scr)
        return -1;
    theme_setup(&mono, theme_find("mono"), false);
    return 0;
}

int offscreen_teardown(void **state) {
    (void)state;
    endwin();
    delscreen(scr);
    fclose(out);
    fclose(in);
    return 0;
}

const char *row(WINDOW *w, int y) {
    static char buf[512];
    int n = mvwinnstr(w, y, 0, buf, (int)sizeof buf - 1);
    if (n < 0)
        n = 0;
    buf[n] = '\0';
    while (n > 0 && buf[n - 1] == ' ')
        buf[--n] = '\0';
    return buf;
}
