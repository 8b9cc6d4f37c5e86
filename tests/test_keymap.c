/* Key tables, the help and the controller's clock and scrolling: every
 * binding names a real action, the help lists every key of every table, and
 * keys drive a real machine (rr with jobs of 3 and 2 ticks: 0 1 0 1 0, done
 * after 5 ticks, 13 events). */
#include <curses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "actions.h"
#include "cli.h"
#include "ctl.h"
#include "keyhelp.h"
#include "keymap.h"
#include "keys.h"
#include "screens.h"

static void test_bindings_name_real_actions(void **state) {
    (void)state;
    for (int id = 0; id < KEYMAP_COUNT; id++) {
        const keymap *km = keymap_get((keymap_id)id);
        assert_true(km->n > 0);
        assert_non_null(km->title);
        for (size_t i = 0; i < km->n; i++) {
            if (!actions_find(km->binds[i].action))
                fail_msg("%s: key %d is bound to '%s', which is not an action", km->name,
                         km->binds[i].key, km->binds[i].action);
            for (size_t j = i + 1; j < km->n; j++)
                if (km->binds[i].key == km->binds[j].key)
                    fail_msg("%s: key %d is bound twice", km->name, km->binds[i].key);
        }
    }
    /* Every action can be reached from the keyboard somewhere. */
    for (size_t i = 0; i < actions_count(); i++) {
        const action *a = actions_at(i);
        assert_non_null(a->fn);
        assert_true(a->help[0] != '\0');
        bool bound = false;
        for (int id = 0; id < KEYMAP_COUNT; id++)
            bound |= keymap_first_key(keymap_get((keymap_id)id), a->name) >= 0;
        if (!bound)
            fail_msg("action '%s' has no key", a->name);
    }
    assert_null(actions_find("no-such-action"));
    assert_null(actions_at(actions_count()));
}

static void test_lookup_and_names(void **state) {
    (void)state;
    const keymap *km = keymap_main();
    assert_string_equal(keymap_lookup(km, ' '), "pause");
    assert_string_equal(keymap_lookup(km, 'n'), "step");
    assert_string_equal(keymap_lookup(km, KEY_RIGHT), "step");
    assert_string_equal(keymap_lookup(km, 'b'), "back");
    assert_string_equal(keymap_lookup(km, KEY_LEFT), "back");
    assert_string_equal(keymap_lookup(km, 'g'), "goto");
    assert_string_equal(keymap_lookup(km, 'r'), "restart");
    assert_string_equal(keymap_lookup(km, 'k'), "kill");
    assert_string_equal(keymap_lookup(km, 'p'), "policy");
    assert_string_equal(keymap_lookup(km, 'i'), "inject");
    assert_string_equal(keymap_lookup(km, '\t'), "focus-next");
    assert_string_equal(keymap_lookup(km, '\r'), "details");
    assert_string_equal(keymap_lookup(km, '3'), "screen-3");
    assert_string_equal(keymap_lookup(km, '+'), "faster");
    assert_string_equal(keymap_lookup(km, '-'), "slower");
    assert_string_equal(keymap_lookup(km, '?'), "help");
    assert_string_equal(keymap_lookup(km, 'q'), "quit");
    assert_null(keymap_lookup(km, 'x'));
    /* The frames grid: Left and Right select frames; the rest as on the screens. */
    const keymap *fr = keymap_get(KEYMAP_FRAMES);
    assert_ptr_equal(fr->base, km);
    assert_string_equal(keymap_lookup(fr, KEY_LEFT), "left");
    assert_string_equal(keymap_lookup(fr, KEY_RIGHT), "right");
    assert_string_equal(keymap_lookup(fr, 'n'), "step");
    assert_string_equal(keymap_lookup(fr, KEY_UP), "up");
    assert_int_equal(keymap_first_key(fr, "back"), 'b');
    assert_null(keymap_lookup(fr, 'x'));
    /* In a form, letters are typed, not commands. */
    assert_null(keymap_lookup(keymap_get(KEYMAP_FORM), 'q'));
    assert_string_equal(keymap_lookup(keymap_get(KEYMAP_CONFIRM), 'y'), "yes");

    char buf[32];
    assert_string_equal(keys_name(' ', buf, sizeof buf), "space");
    assert_string_equal(keys_name(KEY_RIGHT, buf, sizeof buf), "Right");
    assert_string_equal(keys_name(KEY_PPAGE, buf, sizeof buf), "PgUp");
    assert_string_equal(keys_name(KEY_F(1), buf, sizeof buf), "F1");
    assert_string_equal(keys_name(KEY_BTAB, buf, sizeof buf), "S-Tab");
    assert_string_equal(keys_name(3, buf, sizeof buf), "^C");
    assert_string_equal(keys_name('q', buf, sizeof buf), "q");

    assert_int_equal(keymap_keys(km, "step", ", ", buf, sizeof buf), 2);
    assert_string_equal(buf, "n, Right");
    /* Enter is \r, \n and KEY_ENTER to curses, one key to a person. */
    assert_int_equal(keymap_keys(km, "details", ", ", buf, sizeof buf), 1);
    assert_string_equal(buf, "Enter");
    assert_int_equal(keymap_keys(km, "quit", ", ", buf, sizeof buf), 1);
    assert_string_equal(buf, "q");
    /* Right is the frames grid's own there: step is n alone. */
    assert_int_equal(keymap_keys(fr, "step", ", ", buf, sizeof buf), 1);
    assert_string_equal(buf, "n");
    /* A short buffer is cut, never overrun. */
    char tiny[4];
    assert_int_equal(keymap_keys(km, "step", ", ", tiny, sizeof tiny), 2);
    assert_string_equal(tiny, "n, ");
}

/* The help has a section per table and a line per action of it: main has 31
 * actions, frames 2 (left, right), details 12, item 11 (details less kill),
 * form 9, confirm 2, help 7; and an "other keys" line for each table but
 * main (six). */
static void test_help_lists_every_key(void **state) {
    (void)state;
    int want = 0;
    for (int id = 0; id < KEYMAP_COUNT; id++) {
        const keymap *km = keymap_get((keymap_id)id);
        want += 1 + (km->other ? 1 : 0);
        for (size_t i = 0; i < km->n; i++) {
            bool first = true;
            for (size_t j = 0; j < i; j++)
                first &= strcmp(km->binds[j].action, km->binds[i].action) != 0;
            want += first;
        }
    }
    assert_int_equal(want, 7 + 6 + 31 + 2 + 12 + 11 + 9 + 2 + 7);
    assert_int_equal(keyhelp_count(), want);

    /* Every key of every table appears in some line of its section. */
    int line = 0;
    for (int id = 0; id < KEYMAP_COUNT; id++) {
        const keymap *km = keymap_get((keymap_id)id);
        keyhelp_line l;
        keyhelp_get(line, &l);
        assert_true(l.section);
        assert_string_equal(l.text, km->title);
        int end = line + 1;
        for (;; end++) {
            if (end >= keyhelp_count())
                break;
            keyhelp_get(end, &l);
            if (l.section)
                break;
        }
        for (size_t i = 0; i < km->n; i++) {
            char name[16];
            keys_name(km->binds[i].key, name, sizeof name);
            const char *help = actions_find(km->binds[i].action)->help;
            bool found = false;
            for (int k = line + 1; k < end && !found; k++) {
                keyhelp_get(k, &l);
                found = strstr(l.keys, name) && strcmp(l.text, help) == 0;
            }
            if (!found)
                fail_msg("%s: key %s (%s) is not in the help", km->name, name, km->binds[i].action);
        }
        line = end;
    }
    keyhelp_line l;
    keyhelp_get(2, &l);
    assert_string_equal(l.keys, "n, Right");
    assert_string_equal(l.text, "advance one tick (pauses the clock)");
}

static machine *rr_jobs(const char *lengths) {
    char a0[] = "--policy", a1[] = "rr", a2[] = "--lengths", a3[64];
    snprintf(a3, sizeof a3, "%s", lengths);
    char *argv[] = {a0, a1, a2, a3, NULL};
    cli_common c;
    cli_error err = {0};
    machine *m = NULL;
    cli_common_default(&c);
    assert_int_equal(cli_sched_build(4, argv, &c, &m, &err), 0);
    assert_non_null(m);
    return m;
}

static machine *rr_3_2(void) {
    return rr_jobs("3,2");
}

static void test_controller_clock(void **state) {
    (void)state;
    ctl c;
    ctl_init(&c, rr_3_2(), NULL, NULL);
    assert_true(c.vs.paused);
    assert_int_equal(c.vs.speed, 10);
    assert_int_equal(c.m->tick, 0);
    assert_int_equal(c.vs.screen, SCREEN_OVERVIEW);
    assert_int_equal(c.vs.focus, PANE_PROCS);

    assert_int_equal(ctl_key(&c, 'n'), ACT_REDRAW | ACT_TICKED);
    assert_int_equal(c.m->tick, 1);
    assert_int_equal(c.m->cpus[0].gantt[0], 0);

    assert_int_equal(ctl_key(&c, ' '), ACT_REDRAW);
    assert_false(c.vs.paused);
    /* Stepping pauses. */
    ctl_key(&c, KEY_RIGHT);
    assert_true(c.vs.paused);
    assert_int_equal(c.m->tick, 2);
    assert_int_equal(c.m->cpus[0].gantt[1], 1);

    /* Speeds: 10 -> 20 -> ... capped at 1000, then down to 1. */
    ctl_key(&c, '+');
    assert_int_equal(c.vs.speed, 20);
    for (int i = 0; i < 20; i++)
        ctl_key(&c, '+');
    assert_int_equal(c.vs.speed, 1000);
    ctl_key(&c, '-');
    assert_int_equal(c.vs.speed, 500);
    for (int i = 0; i < 20; i++)
        ctl_key(&c, '-');
    assert_int_equal(c.vs.speed, 1);
    assert_int_equal(ctl_speed_at(2), 5);
    assert_int_equal(ctl_speed_at(99), 1000);

    /* The help: scrolled by arrows, closed by any other key, which does nothing else. */
    ctl_key(&c, '?');
    assert_int_equal(c.vs.dialog, DIALOG_HELP);
    ctl_key(&c, KEY_DOWN);
    assert_int_equal(c.vs.help_top, 1);
    assert_int_equal(c.vs.dialog, DIALOG_HELP);
    assert_int_equal(ctl_key(&c, 'n'), ACT_REDRAW);
    assert_int_equal(c.vs.dialog, DIALOG_NONE);
    assert_int_equal(c.m->tick, 2);

    /* Without a way to rebuild, back says so and changes nothing. */
    ctl_key(&c, 'b');
    assert_int_equal(c.m->tick, 2);
    assert_true(c.vs.msg_err);
    assert_string_equal(c.vs.msg, "going back is not available here");

    /* To the end (tick 5); a step after that changes nothing and says why. */
    for (int i = 0; i < 3; i++)
        ctl_key(&c, 'n');
    assert_int_equal(c.m->tick, 5);
    assert_true(machine_done(c.m));
    assert_int_equal(ctl_key(&c, 'n'), ACT_REDRAW);
    assert_int_equal(c.m->tick, 5);
    assert_string_equal(c.vs.msg, "the run is over at tick 5: b steps back, r restarts");
    assert_int_equal(ctl_advance(&c, 10), 0);

    assert_int_equal(ctl_key(&c, 'x'), ACT_REDRAW); /* only clears the message */
    assert_int_equal(ctl_key(&c, 'x'), ACT_NONE);
    assert_false(c.quit);
    assert_int_equal(ctl_key(&c, 'q'), ACT_QUIT);
    assert_true(c.quit);
    machine_destroy(c.m);
    ctl_free(&c);
}

static void lay_out(ctl *c, int cols, int rows) {
    layout_req req;
    layout l;
    ctl_layout_req(c, cols, rows, &req);
    layout_compute(&req, &l);
    ctl_set_layout(c, &l);
}

/* 60x16 on the overview with one CPU and one queue: body 14 rows, Gantt 3,
 * log 11*2/5-1 = 3 (2 rows of events: pages of 1), the rest 8 of which the
 * queues take 4: the table shows 2 rows. */
static void test_controller_scrolling(void **state) {
    (void)state;
    ctl c;
    ctl_init(&c, rr_jobs("1,1,1,1,1"), NULL, NULL);
    lay_out(&c, 60, 16);
    assert_int_equal(ctl_proc_rows(&c), 2);

    /* The selection moves and the table follows it. */
    assert_int_equal(c.vs.focus, PANE_PROCS);
    ctl_key(&c, KEY_DOWN);
    assert_int_equal(c.vs.sel, 1);
    assert_int_equal(c.vs.proc_top, 0);
    ctl_key(&c, KEY_DOWN);
    assert_int_equal(c.vs.sel, 2);
    assert_int_equal(c.vs.proc_top, 1);
    ctl_key(&c, KEY_END);
    assert_int_equal(c.vs.sel, 4);
    assert_int_equal(c.vs.proc_top, 3);
    ctl_key(&c, KEY_DOWN);
    assert_int_equal(c.vs.sel, 4);
    ctl_key(&c, KEY_PPAGE);
    assert_int_equal(c.vs.sel, 2);
    assert_int_equal(c.vs.proc_top, 2);
    ctl_key(&c, KEY_HOME);
    assert_int_equal(c.vs.sel, 0);
    assert_int_equal(c.vs.proc_top, 0);
    machine_destroy(c.m);
    ctl_free(&c);

    ctl_init(&c, rr_3_2(), NULL, NULL);
    assert_int_equal(ctl_advance(&c, 100), 5);
    assert_int_equal(evlog_end(&c.m->log), 13);
    lay_out(&c, 60, 16);

    /* Tab: table, queues, Gantt, log, and round again; S-Tab back. */
    ctl_key(&c, '\t');
    assert_int_equal(c.vs.focus, PANE_QUEUES);
    ctl_key(&c, '\t');
    assert_int_equal(c.vs.focus, PANE_GANTT);
    ctl_key(&c, '\t');
    assert_int_equal(c.vs.focus, PANE_LOG);
    ctl_key(&c, '\t');
    assert_int_equal(c.vs.focus, PANE_PROCS);
    ctl_key(&c, KEY_BTAB);
    assert_int_equal(c.vs.focus, PANE_LOG);

    /* Log with 2 rows at 60x16: pages of 1 line, from 13 back to 12, 11, ...
     * never above the first page (2). Up moves a line too. */
    assert_int_equal(ctl_log_rows(&c), 2);
    assert_true(c.vs.log_follow);
    ctl_key(&c, KEY_NPAGE);
    assert_true(c.vs.log_follow);
    ctl_key(&c, KEY_PPAGE);
    assert_false(c.vs.log_follow);
    assert_int_equal(c.vs.log_end, 12);
    ctl_key(&c, KEY_UP);
    assert_int_equal(c.vs.log_end, 11);
    ctl_key(&c, KEY_HOME);
    assert_int_equal(c.vs.log_end, 2);
    ctl_key(&c, KEY_PPAGE);
    assert_int_equal(c.vs.log_end, 2);
    ctl_key(&c, KEY_DOWN);
    assert_int_equal(c.vs.log_end, 3);
    assert_false(c.vs.log_follow);
    ctl_key(&c, KEY_END);
    assert_true(c.vs.log_follow);

    /* 100x30: 5 ticks of Gantt in 94 cells: nothing to scroll back. */
    lay_out(&c, 100, 30);
    c.vs.focus = PANE_GANTT;
    ctl_key(&c, KEY_PPAGE);
    assert_int_equal(c.vs.gantt_back, 0);
    machine_destroy(c.m);
    ctl_free(&c);
}

/* Screens: the layout and the focus follow; the log filters. */
static void test_screens(void **state) {
    (void)state;
    ctl c;
    ctl_init(&c, rr_3_2(), NULL, NULL);
    assert_int_equal(ctl_key(&c, '6'), ACT_REDRAW | ACT_RELAYOUT);
    assert_int_equal(c.vs.screen, SCREEN_LOG);
    lay_out(&c, 80, 24);
    assert_int_equal(c.vs.focus, PANE_LOG);
    assert_int_equal(c.lay.pane[PANE_PROCS].h, 0);
    ctl_key(&c, '\t');
    assert_int_equal(c.vs.focus, PANE_LOG); /* the only pane */
    ctl_key(&c, '2');
    lay_out(&c, 80, 24);
    assert_int_equal(c.vs.focus, PANE_PROCS);
    assert_int_equal(c.lay.pane[PANE_LOG].h, 0);
    assert_int_equal(screens_filter(SCREEN_MEMORY), 1u << 1);
    assert_int_equal(screens_filter(SCREEN_OVERVIEW), 0x1fu);
    machine_destroy(c.m);
    ctl_free(&c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bindings_name_real_actions), cmocka_unit_test(test_lookup_and_names),
        cmocka_unit_test(test_help_lists_every_key),       cmocka_unit_test(test_controller_clock),
        cmocka_unit_test(test_controller_scrolling),       cmocka_unit_test(test_screens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
