/* Views drawn off-screen (curses writing to /dev/null, text read back from the
 * windows) for rr with jobs of 3 and 2 ticks, worked by hand: timeline
 * 0 1 0 1 0; job 0 responds at 0, finishes at 5 (turnaround 5, wait 2);
 * job 1 responds at 1, finishes at 4 (turnaround 4, wait 2). Also the theme
 * choice rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "keybar.h"
#include "keymap.h"
#include "offscreen.h"
#include "theme.h"
#include "view.h"

/* No row selected, no pane focused: the plain table. */
static const view_state paused = {.paused = true,
                                  .speed = 10,
                                  .screen = 1,
                                  .focus = PANE_COUNT,
                                  .sel = UINT32_MAX,
                                  .log_follow = true};

static void test_header_and_table(void **state) {
    (void)state;
    machine *m = rr_3_2(5);
    WINDOW *w = newwin(1, 100, 0, 0);
    view_header(w, m, &paused, &mono);
    assert_string_equal(row(w, 0), " tickos sched  tick 5  done  10 ticks/s  rr  cpu 100%  "
                                   "procs 2 live 0             " /* to column 82 = 100 - 17 - 1 */
                                   "screen 1 overview");
    delwin(w);

    w = newwin(5, 70, 0, 0);
    view_procs(w, m, &paused, &mono);
    assert_string_equal(row(w, 0), " Processes  2, 0 live");
    assert_string_equal(row(w, 1), "  PID NAME         STAT  LV   LEFT  RESP  TURN   WAIT INFO");
    assert_string_equal(row(w, 2), "    0 job0         END    0      0     0     5      2");
    assert_string_equal(row(w, 3), "    1 job1         END    0      0     1     4      2");

    /* Focused, with job 1 selected: the name in brackets, a '>' on the row. */
    view_state vs = paused;
    vs.focus = PANE_PROCS;
    vs.sel = 1;
    werase(w);
    view_procs(w, m, &vs, &mono);
    assert_string_equal(row(w, 0), "[Processes]  2, 0 live");
    assert_string_equal(row(w, 2), "    0 job0         END    0      0     0     5      2");
    assert_string_equal(row(w, 3), ">   1 job1         END    0      0     1     4      2");
    /* The highlight covers the row (mono: reverse video). */
    assert_true(mvwinch(w, 3, 10) & A_REVERSE);
    assert_false(mvwinch(w, 2, 10) & A_REVERSE);
    delwin(w);
    machine_destroy(m);
}

/* A narrow header drops whole fields rather than cutting one, and keeps the
 * screen at the right end: at 80 columns "screen 1 overview" (17) leaves the
 * fields 61, so "procs 2 live 0" (at 53 + 2 + 14 = 69) goes; at 60 they have
 * 41, so "rr" (39 + 2 + 2 = 43) goes and all after it. At 30 the screen
 * itself gives way. */
static void test_header_narrow(void **state) {
    (void)state;
    machine *m = rr_3_2(5);
    WINDOW *w = newwin(1, 80, 0, 0);
    view_header(w, m, &paused, &mono);
    assert_string_equal(row(w, 0), " tickos sched  tick 5  done  10 ticks/s  rr  cpu 100%"
                                   "         screen 1 overview");
    delwin(w);
    w = newwin(1, 60, 0, 0);
    view_header(w, m, &paused, &mono);
    assert_string_equal(row(w, 0), " tickos sched  tick 5  done  10 ticks/s   screen 1 overview");
    delwin(w);
    w = newwin(1, 30, 0, 0);
    view_header(w, m, &paused, &mono);
    assert_string_equal(row(w, 0), " tickos sched  tick 5  done");
    delwin(w);
    machine_destroy(m);
}

/* After tick 0, job 0 (which ran) is back at the tail behind job 1; two rows
 * of the table then scroll. */
static void test_queues_and_scroll(void **state) {
    (void)state;
    machine *m = rr_3_2(1);
    WINDOW *w = newwin(4, 30, 0, 0);
    view_queues(w, m, &paused, &mono, 1);
    assert_string_equal(row(w, 0), " Ready queues  rr");
    assert_string_equal(row(w, 1), "Q0  P1 P0");
    assert_string_equal(row(w, 2), "I/O -");
    assert_string_equal(row(w, 3), "wait -");
    delwin(w);

    view_state vs = paused;
    vs.proc_top = 1;
    w = newwin(3, 70, 0, 0);
    view_procs(w, m, &vs, &mono);
    assert_string_equal(row(w, 0), " Processes  2, 2 live  (rows 2-2, Up/Down scroll)");
    assert_string_equal(row(w, 2), "    1 job1         RDY    0      2     -     -      1");
    delwin(w);
    machine_destroy(m);
}

/* Per-CPU queues on 2 CPUs, FIFO, jobs of 2, 6, 2 and 6 ticks: each goes to
 * the least loaded CPU (ties the lower), so jobs 0 and 2 to CPU0, 1 and 3 to
 * CPU1. After tick 0 the running job is at the head of its queue (FIFO keeps
 * it there). With stealing, CPU0 empties at tick 4 and takes job 3 from
 * CPU1: 1 steal, and no migration, since job 3 had not run anywhere yet. */
static void test_percpu_queues(void **state) {
    (void)state;
    char *argv[] = {"--policy", "fifo",      "--cpus",  "2", "--percpu",
                    "--steal",  "--lengths", "2,6,2,6", NULL};
    cli_common c;
    cli_error err = {0};
    machine *m = NULL;
    cli_common_default(&c);
    assert_int_equal(cli_sched_build(8, argv, &c, &m, &err), 0);
    machine_tick(m);
    WINDOW *w = newwin(6, 40, 0, 0);
    view_queues(w, m, &paused, &mono, 2);
    assert_string_equal(row(w, 0), " Run queues  fifo, one per CPU");
    assert_string_equal(row(w, 1), "CPU0   2 P0 P2");
    assert_string_equal(row(w, 2), "CPU1   2 P1 P3");
    assert_string_equal(row(w, 3), "I/O -");
    assert_string_equal(row(w, 4), "wait -");
    assert_string_equal(row(w, 5), "moves 0 migrations, 0 steals");
    for (int i = 0; i < 5; i++)
        machine_tick(m); /* to tick 6: job 3 stolen at tick 4, job 1 done at 6 */
    werase(w);
    view_queues(w, m, &paused, &mono, 2);
    assert_string_equal(row(w, 1), "CPU0   1 P3");
    assert_string_equal(row(w, 2), "CPU1   0 -");
    assert_string_equal(row(w, 5), "moves 0 migrations, 1 steals");
    delwin(w);
    machine_destroy(m);
}

static void test_gantt(void **state) {
    (void)state;
    machine *m = rr_3_2(5);
    WINDOW *w = newwin(3, 40, 0, 0);
    view_gantt(w, m, &paused, &mono, 1);
    assert_string_equal(row(w, 1), "CPU0  01010");
    assert_string_equal(row(w, 2), "tick  |0        |10       |20       |30");
    delwin(w);
    machine_destroy(m);
}

static void test_log(void **state) {
    (void)state;
    machine *m = rr_3_2(5);
    WINDOW *w = newwin(3, 80, 0, 0);
    view_log(w, m, &paused, &mono);
    assert_string_equal(row(w, 1), "      4  P0 (job0) exits");
    assert_string_equal(row(w, 2), "      4  all done after 5 ticks");
    /* Scrolled back: the two events before the last. */
    view_state vs = paused;
    vs.log_follow = false;
    vs.log_end = evlog_end(&m->log) - 2;
    werase(w);
    view_log(w, m, &vs, &mono);
    assert_string_equal(row(w, 1), "      3  P1 (job1) exits");
    assert_string_equal(row(w, 2), "      4  CPU0 switches P1 (job1) -> P0 (job0) (level 0)");
    delwin(w);
    machine_destroy(m);
}

static void test_keybar_and_too_small(void **state) {
    (void)state;
    machine *m = rr_3_2(0);
    WINDOW *w = newwin(1, 80, 0, 0);
    view_keybar(w, m, &paused, &mono);
    assert_string_equal(
        row(w, 0), "space run n step b back k kill p policy i inject Enter info ? help q quit");
    /* A message takes the row until the next key. */
    view_state vs = paused;
    snprintf(vs.msg, sizeof vs.msg, "P4 (cc) killed at tick 10");
    werase(w);
    view_keybar(w, m, &vs, &mono);
    assert_string_equal(row(w, 0), "P4 (cc) killed at tick 10");
    /* A prompt: the text typed so far with a cursor, then its keys or its error. */
    vs.msg[0] = '\0';
    vs.dialog = DIALOG_FORM;
    form_open(&vs.form, FORM_GOTO, "Go to tick (0 to 9):");
    form_add_text(&vs.form, "tick", "12", NULL);
    werase(w);
    view_keybar(w, m, &vs, &mono);
    assert_string_equal(row(w, 0), "Go to tick (0 to 9): 12_  Enter ok  Esc cancel  Tab next");
    snprintf(vs.form.error, sizeof vs.form.error, "tick: '12' is not a whole number from 0 to 9");
    werase(w);
    view_keybar(w, m, &vs, &mono);
    assert_string_equal(row(w, 0),
                        "Go to tick (0 to 9): 12_  tick: '12' is not a whole number from 0 to 9");
    delwin(w);
    machine_destroy(m);

    w = newwin(10, 40, 0, 0);
    view_too_small(w, 40, 10, &mono);
    assert_string_equal(row(w, 4), "      terminal too small (40x10),");
    assert_string_equal(row(w, 5), "          need at least 60x16");
    delwin(w);
}

/* The key bar at several widths. In full the main bar's 18 items take 146
 * columns and 17 gaps of 2: 180. Short labels and gaps of 1: 127 + 17 = 144.
 * Dropping from the end (never help or quit): - slow (7) 137, + fast 130,
 * c cmp (6) 124, l load 117, s save 110, r restart 100, 1-6 screen 89,
 * g goto 82, Tab pane 73. */
static void test_keybar_widths(void **state) {
    (void)state;
    const keymap *km = keymap_main();
    char buf[256];
    keybar_text(km, 180, true, buf, sizeof buf);
    assert_string_equal(buf, "space run/pause  n step  b back  k kill  p policy  i inject  "
                             "Enter details  Tab pane  g go to  1-6 screens  r restart  "
                             "s save  l load  c compare  + faster  - slower  ? help  q quit");
    assert_int_equal(strlen(buf), 180);
    keybar_text(km, 179, true, buf, sizeof buf);
    assert_string_equal(buf, "space run n step b back k kill p policy i inject Enter info "
                             "Tab pane g goto 1-6 screen r restart s save l load c cmp + fast "
                             "- slow ? help q quit");
    assert_int_equal(strlen(buf), 144);
    keybar_text(km, 143, true, buf, sizeof buf);
    assert_string_equal(buf, "space run n step b back k kill p policy i inject Enter info "
                             "Tab pane g goto 1-6 screen r restart s save l load c cmp + fast "
                             "? help q quit");
    assert_int_equal(strlen(buf), 137);
    keybar_text(km, 100, true, buf, sizeof buf);
    assert_string_equal(buf, "space run n step b back k kill p policy i inject Enter info "
                             "Tab pane g goto 1-6 screen ? help q quit");
    assert_int_equal(strlen(buf), 100);
    keybar_text(km, 99, true, buf, sizeof buf);
    assert_string_equal(buf, "space run n step b back k kill p policy i inject Enter info "
                             "Tab pane g goto ? help q quit");
    keybar_text(km, 20, true, buf, sizeof buf);
    assert_string_equal(buf, "? help q quit");
    keybar_text(km, 10, true, buf, sizeof buf);
    assert_string_equal(buf, "? help");
    /* Other contexts have their own bars. */
    keybar_text(keymap_get(KEYMAP_CONFIRM), 80, true, buf, sizeof buf);
    assert_string_equal(buf, "y yes  n no");
    keybar_text(keymap_get(KEYMAP_DETAILS), 80, true, buf, sizeof buf);
    assert_string_equal(buf, "space run/pause  n step  b back  k kill  Esc close  ? help");
    /* Without processes, no kill, policy or inject (details stay: a frame,
     * a line, a resource): 15 items, short 105 + 14 gaps = 119 at 80
     * columns; - slow, + fast, c cmp, l load, s save, r restart go: 76. */
    keybar_text(km, 80, false, buf, sizeof buf);
    assert_string_equal(buf, "space run n step b back Enter info Tab pane g goto 1-6 screen "
                             "? help q quit");
    /* The frames grid's table takes the rest from the screens': the same bar. */
    char main_bar[200];
    keybar_text(km, 80, false, main_bar, sizeof main_bar);
    keybar_text(keymap_get(KEYMAP_FRAMES), 80, false, buf, sizeof buf);
    assert_string_equal(buf, main_bar);
    keybar_text(keymap_get(KEYMAP_ITEM), 80, false, buf, sizeof buf);
    assert_string_equal(buf, "space run/pause  n step  b back  Esc close  ? help");
}

static void test_theme_choice(void **state) {
    (void)state;
    assert_string_equal(theme_choose(NULL, NULL)->name, "default");
    assert_string_equal(theme_choose(NULL, "")->name, "default");
    assert_string_equal(theme_choose(NULL, "1")->name, "mono");
    /* An explicit option beats NO_COLOR (no-color.org). */
    assert_string_equal(theme_choose("high-contrast", "1")->name, "high-contrast");
    assert_null(theme_choose("neon", NULL));
    assert_null(theme_find("Default"));

    /* Without colour any theme falls back to mono's attributes. */
    theme t;
    theme_setup(&t, theme_find("default"), false);
    assert_string_equal(t.def->name, "mono");
    assert_false(t.colour);
    assert_int_equal(theme_attr(&t, THEME_TITLE), A_REVERSE);
    assert_int_equal(theme_state(&t, PROC_RUNNING), A_BOLD);
    assert_int_equal(theme_state(&t, PROC_BLOCKED), A_UNDERLINE);
    assert_int_equal(theme_pid(&t, 7), A_BOLD);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_and_table),
        cmocka_unit_test(test_header_narrow),
        cmocka_unit_test(test_queues_and_scroll),
        cmocka_unit_test(test_percpu_queues),
        cmocka_unit_test(test_gantt),
        cmocka_unit_test(test_log),
        cmocka_unit_test(test_keybar_and_too_small),
        cmocka_unit_test(test_keybar_widths),
        cmocka_unit_test(test_theme_choice),
    };
    return cmocka_run_group_tests(tests, offscreen_setup, offscreen_teardown);
}
