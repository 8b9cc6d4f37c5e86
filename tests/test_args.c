/* Command-line parsing: values, ranges, lists, and the messages that name the flag. */
// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"

static void test_int_ranges_and_messages(void **state) {
    (void)state;
    cli_error err = {0};
    long long v;
    assert_true(args_int(&err, "--n", "42", 0, 100, &v));
    assert_int_equal(v, 42);
    assert_true(args_int(&err, "--n", "-5", -10, 10, &v));
    assert_int_equal(v, -5);
    assert_false(args_int(&err, "--n", "101", 0, 100, &v));
    assert_string_equal(err.msg, "--n: 101 is out of range (0 to 100)");
    assert_int_equal(err.status, 2);
    assert_false(args_int(&err, "--n", "4x", 0, 100, &v));
    assert_string_equal(err.msg, "--n: expected a whole number, got '4x'");
    assert_false(args_int(&err, "--n", "", 0, 100, &v));
    assert_false(args_int(&err, "--n", "99999999999999999999999", 0, 100, &v));
}

static void test_u64_hex(void **state) {
    (void)state;
    cli_error err = {0};
    uint64_t v;
    assert_true(args_u64(&err, "--a", "0x1F", true, 0, UINT64_MAX, &v));
    assert_int_equal(v, 31);
    assert_false(args_u64(&err, "--a", "0x", true, 0, UINT64_MAX, &v));
    assert_false(args_u64(&err, "--a", "0x10", false, 0, UINT64_MAX, &v));
}

static void test_lists(void **state) {
    (void)state;
    cli_error err = {0};
    long long *v;
    size_t n;
    assert_true(args_int_list(&err, "--l", "3,1,2", 0, 9, 10, &v, &n));
    assert_int_equal(n, 3);
    assert_int_equal(v[0], 3);
    assert_int_equal(v[2], 2);
    free(v);
    assert_false(args_int_list(&err, "--l", "3,,2", 0, 9, 10, &v, &n));
    assert_string_equal(err.msg, "--l: item 2 is empty in '3,,2'");
    assert_false(args_int_list(&err, "--l", "1,2,3", 0, 9, 2, &v, &n));
    assert_string_equal(err.msg, "--l: too many items (3; at most 2)");
    assert_false(args_int_list(&err, "--l", "1,", 0, 9, 10, &v, &n));
}

static void test_argp_inline_values_and_common_options(void **state) {
    (void)state;
    char *argv[] = {"--seed=7", "--report", "-", "--headless", "--bogus"};
    cli_error err = {0};
    cli_common c;
    cli_common_default(&c);
    argp p;
    argp_init(&p, 5, argv, 0, &err);
    for (int i = 0; i < 3; i++) {
        assert_true(argp_next(&p));
        assert_int_equal(cli_common_parse(&p, &c), 1);
    }
    assert_int_equal(c.seed, 7);
    assert_string_equal(c.report, "-");
    assert_true(c.headless);
    assert_true(argp_next(&p));
    assert_int_equal(cli_common_parse(&p, &c), 0);
    assert_false(argp_unknown(&p));
    assert_string_equal(err.msg, "--bogus: unknown option (see --help)");
    assert_false(argp_next(&p));
}

static void test_sched_build_refuses_bad_flags(void **state) {
    (void)state;
    char *argv[] = {"--policy", "fifo", "--lengths", "2,1", "--quantum", "3"};
    cli_error err = {0};
    cli_common c;
    cli_common_default(&c);
    machine *m = NULL;
    assert_int_equal(cli_sched_build(6, argv, &c, &m, &err), 2);
    assert_null(m);
    assert_string_equal(err.msg, "--quantum: only for rr, mlfq and prio");
    /* The same without the stray flag builds two jobs at tick 0. */
    assert_int_equal(cli_sched_build(4, argv, &c, &m, &err), 0);
    assert_non_null(m);
    assert_int_equal(m->nprocs, 2);
    assert_int_equal(m->procs[1].length, 1);
    machine_destroy(m);
}

/* A prefix goes in front of the message; an overlong message keeps what fits. */
static void test_prefix(void **state) {
    (void)state;
    cli_error err = {0};
    snprintf(err.msg, sizeof err.msg, "tick: out of range");
    cli_prefix(&err, "%s", "s.json");
    assert_string_equal(err.msg, "s.json: tick: out of range");
    cli_prefix(&err, "variants[%d]", 2);
    assert_string_equal(err.msg, "variants[2]: s.json: tick: out of range");
    memset(err.msg, 'x', sizeof err.msg - 1);
    err.msg[sizeof err.msg - 1] = '\0';
    cli_prefix(&err, "p");
    assert_int_equal(strlen(err.msg), sizeof err.msg - 1);
    assert_int_equal(strncmp(err.msg, "p: xxx", 6), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefix),
        cmocka_unit_test(test_int_ranges_and_messages),
        cmocka_unit_test(test_u64_hex),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_argp_inline_values_and_common_options),
        cmocka_unit_test(test_sched_build_refuses_bad_flags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
