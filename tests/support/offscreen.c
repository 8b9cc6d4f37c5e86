#include "offscreen.h"

// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on
#include <stdio.h>

#include "cli.h"

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

machine *rr_3_2(int ticks) {
    char a0[] = "--policy", a1[] = "rr", a2[] = "--lengths", a3[] = "3,2";
    char *argv[] = {a0, a1, a2, a3, NULL};
    cli_common c;
    cli_error err = {0};
    machine *m = NULL;
    cli_common_default(&c);
    assert_int_equal(cli_sched_build(4, argv, &c, &m, &err), 0);
    for (int i = 0; i < ticks; i++)
        machine_tick(m);
    return m;
}

framed framed_new(int h, int wd) {
    framed f = {.h = h, .wd = wd, .outer = newwin(h + 2, wd + 2, 0, 0)};
    assert_non_null(f.outer);
    for (int y = 0; y < h + 2; y++)
        mvwhline(f.outer, y, 0, '#', wd + 2);
    f.w = derwin(f.outer, h, wd, 1, 1);
    assert_non_null(f.w);
    werase(f.w);
    return f;
}

void framed_check(framed *f) {
    for (int x = 0; x < f->wd + 2; x++) {
        assert_int_equal(mvwinch(f->outer, 0, x) & A_CHARTEXT, '#');
        assert_int_equal(mvwinch(f->outer, f->h + 1, x) & A_CHARTEXT, '#');
    }
    for (int y = 1; y <= f->h; y++) {
        assert_int_equal(mvwinch(f->outer, y, 0) & A_CHARTEXT, '#');
        assert_int_equal(mvwinch(f->outer, y, f->wd + 1) & A_CHARTEXT, '#');
    }
    delwin(f->w);
    delwin(f->outer);
}
