/* Key table and controller: every binding names a real action, the help and
 * key bar texts come from the table, and keys drive a real machine (rr with
 * jobs of 3 and 2 ticks: 0 1 0 1 0, done after 5 ticks, 13 events). */
#include <curses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "actions.h"
#include "cli.h"
#include "ctl.h"
#include "keymap.h"
#include "keys.h"

static void test_bindings_name_real_actions(void **state) {
    (void)state;
    const keymap *km = keymap_main();
    assert_true(km->n > 0);
    for (size_t i = 0; i < km->n; i++) {
        if (!actions_find(km->binds[i].action))
            fail_msg("key %d is bound to '%s', which is not an action", km->binds[i].key,
                     km->binds[i].action);
        for (size_t j = i + 1; j < km->n; j++)
            if (km->binds[i].key == km->binds[j].key)
                fail_msg("key %d is bound twice", km->binds[i].key);
    }
    /* And every action can be reached from the keyboard. */
    for (size_t i = 0; i < actions_count(); i++) {
        const action *a = actions_at(i);
        assert_non_null(a->fn);
        assert_true(a->help[0] != '\0');
        if (keymap_first_key(km, a->name) < 0)
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
    assert_string_equal(keymap_lookup(km, '+'), "faster");
    assert_string_equal(keymap_lookup(km, '-'), "slower");
    assert_string_equal(keymap_lookup(km, '?'), "help");
    assert_string_equal(keymap_lookup(km, 'q'), "quit");
    assert_null(keymap_lookup(km, 'x'));

    char buf[32];
    assert_string_equal(keys_name(' ', buf, sizeof buf), "space");
    assert_string_equal(keys_name(KEY_RIGHT, buf, sizeof buf), "Right");
    assert_string_equal(keys_name(KEY_PPAGE, buf, sizeof buf), "PgUp");
    assert_string_equal(keys_name(KEY_F(1), buf, sizeof buf), "F1");
    assert_string_equal(keys_name(3, buf, sizeof buf), "^C");
    assert_string_equal(keys_name('q', buf, sizeof buf), "q");

    assert_int_equal(keymap_keys(km, "step", ", ", buf, sizeof buf), 2);
    assert_string_equal(buf, "n, Right");
    assert_int_equal(keymap_keys(km, "quit", ", ", buf, sizeof buf), 1);
    assert_string_equal(buf, "q");
    /* A short buffer is cut, never overrun. */
    char tiny[4];
    assert_int_equal(keymap_keys(km, "step", ", ", tiny, sizeof tiny), 2);
    assert_string_equal(tiny, "n, ");
}

/* The key bar shows help and quit; scrolling is left to the help screen. */
static void test_bar_labels(void **state) {
    (void)state;
    assert_string_equal(actions_find("help")->label, "help");
    assert_string_equal(actions_find("quit")->label, "quit");
    assert_string_equal(actions_find("step")->label, "step");
    assert_string_equal(actions_find("log-up")->label, "");
}

static machine *rr_3_2(void) {
    char a0[] = "--policy", a1[] = "rr", a2[] = "--lengths", a3[] = "3,2";
    char *argv[] = {a0, a1, a2, a3, NULL};
    cli_common c;
    cli_error err = {0};
    machine *m = NULL;
    cli_common_default(&c);
    assert_int_equal(cli_sched_build(4, argv, &c, &m, &err), 0);
    assert_non_null(m);
    return m;
}

static void test_controller_clock(void **state) {
    (void)state;
    machine *m = rr_3_2();
    const keymap *km = keymap_main();
    ctl c;
    ctl_init(&c, m);
    assert_true(c.vs.paused);
    assert_int_equal(c.vs.speed, 10);
    assert_int_equal(m->tick, 0);

    assert_int_equal(ctl_key(&c, km, 'n'), ACT_REDRAW | ACT_TICKED);
    assert_int_equal(m->tick, 1);
    assert_int_equal(m->cpus[0].gantt[0], 0);

    assert_int_equal(ctl_key(&c, km, ' '), ACT_REDRAW);
    assert_false(c.vs.paused);
    /* Stepping pauses. */
    ctl_key(&c, km, KEY_RIGHT);
    assert_true(c.vs.paused);
    assert_int_equal(m->tick, 2);
    assert_int_equal(m->cpus[0].gantt[1], 1);

    /* Speeds: 10 -> 20 -> ... capped at 1000, then down to 1. */
    ctl_key(&c, km, '+');
    assert_int_equal(c.vs.speed, 20);
    for (int i = 0; i < 20; i++)
        ctl_key(&c, km, '+');
    assert_int_equal(c.vs.speed, 1000);
    ctl_key(&c, km, '-');
    assert_int_equal(c.vs.speed, 500);
    for (int i = 0; i < 20; i++)
        ctl_key(&c, km, '-');
    assert_int_equal(c.vs.speed, 1);
    assert_int_equal(ctl_speed_at(2), 5);
    assert_int_equal(ctl_speed_at(99), 1000);

    /* The help overlay: any key closes it and does nothing else. */
    ctl_key(&c, km, '?');
    assert_true(c.vs.help);
    assert_int_equal(ctl_key(&c, km, 'n'), ACT_REDRAW);
    assert_false(c.vs.help);
    assert_int_equal(m->tick, 2);

    /* To the end (tick 5); a step after that changes nothing. */
    for (int i = 0; i < 3; i++)
        ctl_key(&c, km, 'n');
    assert_int_equal(m->tick, 5);
    assert_true(machine_done(m));
    assert_int_equal(ctl_key(&c, km, 'n'), ACT_REDRAW);
    assert_int_equal(m->tick, 5);
    assert_int_equal(ctl_advance(&c, 10), 0);

    assert_int_equal(ctl_key(&c, km, 'x'), ACT_NONE);
    assert_false(c.quit);
    assert_int_equal(ctl_key(&c, km, 'q'), ACT_QUIT);
    assert_true(c.quit);
    machine_destroy(m);
}

static void test_controller_scrolling(void **state) {
    (void)state;
    machine *m = rr_3_2();
    const keymap *km = keymap_main();
    ctl c;
    ctl_init(&c, m);
    assert_int_equal(ctl_advance(&c, 100), 5);
    assert_int_equal(evlog_end(&m->log), 13);

    /* Process table, one row visible of two. */
    c.proc_rows = 1;
    ctl_key(&c, km, KEY_DOWN);
    assert_int_equal(c.vs.proc_top, 1);
    ctl_key(&c, km, 'j');
    assert_int_equal(c.vs.proc_top, 1);
    ctl_key(&c, km, KEY_UP);
    assert_int_equal(c.vs.proc_top, 0);
    ctl_key(&c, km, 'k');
    assert_int_equal(c.vs.proc_top, 0);

    /* Log with 3 rows: pages of 2, from 13 back to 11, 9, ... never above
     * the first page (3). */
    c.log_rows = 3;
    assert_true(c.vs.log_follow);
    assert_int_equal(ctl_key(&c, km, KEY_NPAGE), ACT_NONE);
    ctl_key(&c, km, KEY_PPAGE);
    assert_false(c.vs.log_follow);
    assert_int_equal(c.vs.log_end, 11);
    ctl_key(&c, km, KEY_PPAGE);
    assert_int_equal(c.vs.log_end, 9);
    for (int i = 0; i < 10; i++)
        ctl_key(&c, km, KEY_PPAGE);
    assert_int_equal(c.vs.log_end, 3);
    ctl_key(&c, km, KEY_NPAGE);
    assert_int_equal(c.vs.log_end, 5);
    assert_false(c.vs.log_follow);
    ctl_key(&c, km, 'G');
    assert_true(c.vs.log_follow);
    ctl_key(&c, km, KEY_PPAGE);
    ctl_key(&c, km, KEY_NPAGE);
    assert_true(c.vs.log_follow);
    machine_destroy(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bindings_name_real_actions),
        cmocka_unit_test(test_lookup_and_names),
        cmocka_unit_test(test_bar_labels),
        cmocka_unit_test(test_controller_clock),
        cmocka_unit_test(test_controller_scrolling),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
