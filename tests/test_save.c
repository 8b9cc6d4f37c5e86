/* Saves: validated JSON reading (jsonv), the command log, state comparison,
 * and a save replayed from its scenario reaching the state of the original. */
// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "cmdlog.h"
#include "exercise.h"
#include "jsonv.h"
#include "machine.h"
#include "quiz.h"
#include "scenario.h"
#include "state.h"

static void test_jsonv_messages(void **state) {
    (void)state;
    char err[256];
    jsonv v = {.err = err, .errlen = sizeof err};
    jsonv_path(&v, "procs[3]");
    cJSON *j = cJSON_Parse("{\"a\":7,\"b\":-2,\"c\":2.5,\"d\":\"0x10\",\"e\":\"x\",\"big\":"
                           "\"0xffffffffffffffff\",\"s\":\"hello\",\"arr\":[1,2,3],\"t\":false}");
    assert_non_null(j);
    uint64_t u = 0;
    int64_t i = 0;
    assert_true(jsonv_u64(&v, j, "a", true, 0, 10, &u));
    assert_int_equal(u, 7);
    assert_false(jsonv_u64(&v, j, "a", true, 0, 5, &u));
    assert_string_equal(err, "procs[3].a: out of range 0..5");
    assert_false(jsonv_u64(&v, j, "b", true, 0, 5, &u));
    assert_string_equal(err, "procs[3].b: out of range 0..5");
    assert_true(jsonv_i64(&v, j, "b", true, -5, 5, &i));
    assert_int_equal(i, -2);
    assert_false(jsonv_u64(&v, j, "c", true, 0, 5, &u));
    assert_string_equal(err, "procs[3].c: expected an integer, got 2.5");
    assert_true(jsonv_u64(&v, j, "d", true, 0, 100, &u));
    assert_int_equal(u, 16);
    assert_false(jsonv_u64(&v, j, "e", true, 0, 100, &u));
    assert_string_equal(err, "procs[3].e: expected an integer or \"0x...\" text, got \"x\"");
    assert_true(jsonv_u64(&v, j, "big", true, 0, UINT64_MAX, &u));
    assert_true(u == UINT64_MAX);
    assert_false(jsonv_u64(&v, j, "missing", true, 0, 1, &u));
    assert_string_equal(err, "procs[3].missing: missing");
    u = 42;
    assert_true(jsonv_u64(&v, j, "missing", false, 0, 1, &u));
    assert_int_equal(u, 42); /* left alone */
    assert_null(jsonv_str(&v, j, "s", true, 3));
    assert_string_equal(err, "procs[3].s: longer than 3 bytes");
    assert_null(jsonv_array(&v, j, "arr", true, 2));
    assert_string_equal(err, "procs[3].arr: more than 2 items");
    bool flag = true;
    assert_true(jsonv_bool(&v, j, "missing", &flag));
    assert_true(flag); /* left alone */
    assert_true(jsonv_bool(&v, j, "t", &flag));
    assert_false(flag);
    assert_false(jsonv_bool(&v, j, "a", &flag));
    assert_string_equal(err, "procs[3].a: expected true or false");
    static const char *const keys[] = {"a", "b", NULL};
    assert_false(jsonv_object(&v, j, keys));
    assert_string_equal(err, "procs[3]: unknown key \"c\"");
    cJSON_Delete(j);

    /* Large integers round-trip as hex text. */
    cJSON *x = jsonv_make_u64(UINT64_MAX - 1);
    assert_true(cJSON_IsString(x));
    assert_string_equal(x->valuestring, "0xfffffffffffffffe");
    cJSON_Delete(x);
    x = jsonv_make_u64(12345);
    assert_true(cJSON_IsNumber(x));
    cJSON_Delete(x);
}

static void test_state_diff_names_the_path(void **state) {
    (void)state;
    char why[256];
    cJSON *a = cJSON_Parse("{\"procs\":[{\"pid\":1,\"t\":5},{\"pid\":2,\"t\":6}],\"x\":1}");
    cJSON *b = cJSON_Parse("{\"procs\":[{\"pid\":1,\"t\":5},{\"pid\":2,\"t\":7}],\"x\":1}");
    cJSON *c = cJSON_Parse("{\"procs\":[{\"pid\":1,\"t\":5},{\"pid\":2,\"t\":6}],\"x\":1}");
    cJSON *d = cJSON_Parse("{\"procs\":[{\"pid\":1,\"t\":5},{\"pid\":2,\"t\":6}]}");
    assert_int_equal(state_diff(a, c, why, sizeof why), 0);
    assert_int_equal(state_diff(a, b, why, sizeof why), 1);
    assert_string_equal(why, "procs[1].t: 6 vs 7");
    assert_int_equal(state_diff(a, d, why, sizeof why), 1);
    assert_string_equal(why, "x: 1 vs (absent)");
    cJSON_Delete(a);
    cJSON_Delete(b);
    cJSON_Delete(c);
    cJSON_Delete(d);
}

static void test_cmd_json(void **state) {
    (void)state;
    char err[256];
    machine_cmd c = {.tick = 12, .kind = CMD_KILL, .pid = 4}, back;
    cJSON *j = cmd_to_json(&c);
    char *text = cJSON_PrintUnformatted(j);
    assert_string_equal(text, "{\"tick\":12,\"kill\":4}");
    assert_int_equal(cmd_from_json(j, "commands[0]", &back, err, sizeof err), 0);
    assert_int_equal(back.tick, 12);
    assert_int_equal(back.kind, CMD_KILL);
    assert_int_equal(back.pid, 4);
    free(text);
    cJSON_Delete(j);
    j = cJSON_Parse("{\"tick\":3}");
    assert_int_equal(cmd_from_json(j, "commands[5]", &back, err, sizeof err), -1);
    assert_string_equal(
        err,
        "commands[5]: needs exactly one of kill, sched, inject, replacement, coherence, deadlock");
    cJSON_Delete(j);
}

/* A kill is logged; replaying the scenario to a tick reaches the same state. */
static void test_replay_reaches_the_same_state(void **state) {
    (void)state;
    cli_common c;
    cli_error err = {0};
    machine *m = NULL;
    cli_common_default(&c);
    char *argv[] = {"--policy", "rr", "--lengths", "5,9,4", "--quantum", "2", NULL};
    assert_int_equal(scenario_build("sched", 6, argv, &c, &m, &err), 0);
    for (int i = 0; i < 4; i++)
        machine_tick(m);
    assert_int_equal(machine_kill(m, 1), 0);
    assert_int_equal(m->cmds.n, 1);
    assert_int_equal(m->cmds.v[0].tick, 4);
    for (int i = 0; i < 3; i++)
        machine_tick(m);
    machine *r = NULL;
    assert_int_equal(scenario_replay(m, 7, &c, &r, &err), 0);
    cJSON *sa = state_build(m), *sb = state_build(r);
    char why[256] = "";
    assert_int_equal(state_diff(sa, sb, why, sizeof why), 0);
    /* The state right before the kill differs from the state after it. */
    machine *early = NULL;
    assert_int_equal(scenario_replay(m, 3, &c, &early, &err), 0);
    assert_int_equal(early->tick, 3);
    assert_int_equal(machine_proc(early, 1)->state != PROC_TERMINATED, 1);
    assert_int_equal(machine_proc(r, 1)->state, PROC_TERMINATED);
    cJSON_Delete(sa);
    cJSON_Delete(sb);
    machine_destroy(early);
    machine_destroy(r);
    machine_destroy(m);
    cli_common_free(&c);
}

static bool graded(const char *expected, const char *given) {
    cJSON *e = cJSON_Parse(expected), *g = cJSON_Parse(given);
    bool r = exercise_grade(e, g);
    cJSON_Delete(e);
    cJSON_Delete(g);
    return r;
}

static void test_exercise_grading(void **state) {
    (void)state;
    assert_true(graded("46.666666666666664", "\"46.67\""));
    assert_true(graded("46.666666666666664", "46.67"));
    assert_false(graded("46.666666666666664", "\"46.6\""));
    assert_true(graded("3", "\"P3\""));
    assert_true(graded("3", "\" p3 \""));
    assert_false(graded("3", "\"P4\""));
    assert_true(graded("true", "\"Yes\""));
    assert_true(graded("false", "\"unsafe\""));
    assert_false(graded("false", "\"yes\""));
    assert_true(graded("\"BusRdX\"", "\"busrdx\""));
    assert_true(graded("null", "\"none\""));
    assert_true(graded("[1,3,0,2,4]", "\"1, 3, 0, 2, 4\""));
    assert_true(graded("[1,3,0,2,4]", "\"[P1 P3 P0 P2 P4]\""));
    assert_true(graded("[1,3,0,2,4]", "[1,3,0,2,4]"));
    assert_false(graded("[1,3,0,2,4]", "\"1,3,0,2\""));
    assert_false(graded("[1,3,0,2,4]", "\"1,3,0,2,4,5\""));
    assert_true(graded("[]", "\"none\""));
    assert_false(graded("7", "null")); /* not answered */
}

static void test_exercise_paths(void **state) {
    (void)state;
    assert_true(exercise_path_valid("avg.turnaround"));
    assert_true(exercise_path_valid("accesses[6].states[0]"));
    assert_true(exercise_path_valid("timeline[12]"));
    assert_false(exercise_path_valid(""));
    assert_false(exercise_path_valid("a..b"));
    assert_false(exercise_path_valid("a[x]"));
    assert_false(exercise_path_valid(".a"));
    assert_false(exercise_path_valid("a."));
    assert_false(exercise_path_valid("a[1"));
    assert_false(exercise_path_valid("a b"));
    cJSON *r = cJSON_Parse("{\"avg\":{\"t\":5},\"a\":[{\"s\":[\"M\",\"I\"]}]}");
    assert_int_equal(exercise_lookup(r, "avg.t")->valueint, 5);
    assert_string_equal(exercise_lookup(r, "a[0].s[1]")->valuestring, "I");
    assert_null(exercise_lookup(r, "a[1].s"));
    assert_null(exercise_lookup(r, "avg[0]"));
    assert_null(exercise_lookup(r, "avg.t.u"));
    cJSON_Delete(r);
}

/* The TUI's path: questions come due by tick, typed answers are graded. */
static void test_quiz(void **state) {
    (void)state;
    cli_common c;
    cli_error err = {0};
    machine *m = NULL;
    cli_common_default(&c);
    assert_int_equal(save_load(TICKOS_SOURCE_DIR "/saves/belady.json", &c, &m, &err), 0);
    quiz q;
    assert_int_equal(quiz_init(&q, m, &err), 0);
    assert_int_equal(q.ex.nq, 3);
    assert_int_equal(quiz_due(&q, 0), 0);
    bool right;
    assert_int_equal(quiz_answer_text(&q, 0, " 9 ", &right, &err), 0);
    assert_true(right);
    assert_int_equal(quiz_due(&q, 0), 1); /* question 1 is also asked at tick 0 */
    assert_int_equal(quiz_answer_text(&q, 1, "9", &right, &err), 0);
    assert_false(right); /* 4 frames: 10 faults (Belady) */
    assert_int_equal(quiz_due(&q, 5), -1);
    assert_int_equal(quiz_due(&q, 6), 2);
    assert_int_equal(quiz_answer_text(&q, 2, "", &right, &err), 0);
    assert_false(right); /* not answered */
    assert_int_equal(q.score, 1);
    assert_int_equal(q.nasked, 3);
    assert_int_equal(quiz_answer_text(&q, 1, "10", &right, &err), 0); /* a second try */
    assert_true(right);
    assert_int_equal(q.score, 2);
    assert_int_equal(q.nasked, 3);
    quiz_free(&q);
    machine_destroy(m);
    /* A save that is not an exercise. */
    char *argv[] = {"--policy", "fifo", "--lengths", "3", NULL};
    assert_int_equal(scenario_build("sched", 4, argv, &c, &m, &err), 0);
    assert_int_equal(quiz_init(&q, m, &err), 1);
    assert_non_null(strstr(err.msg, "not an exercise"));
    machine_destroy(m);
    cli_common_free(&c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonv_messages),
        cmocka_unit_test(test_state_diff_names_the_path),
        cmocka_unit_test(test_cmd_json),
        cmocka_unit_test(test_replay_reaches_the_same_state),
        cmocka_unit_test(test_exercise_grading),
        cmocka_unit_test(test_exercise_paths),
        cmocka_unit_test(test_quiz),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
