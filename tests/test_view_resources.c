/* The resources pane drawn off-screen (curses writing to /dev/null, rows read
 * back from the window), in the mono theme so that marks must be letters.
 *
 * Worked by hand:
 * - Banker's textbook state (Silberschatz): available (3,3,2), allocation
 *   0,1,0;2,0,0;3,0,2;2,1,1;0,0,2, max 7,5,3;3,2,2;9,0,2;2,2,2;4,3,3. Need
 *   = max - allocation: 7,4,3;1,2,2;6,0,0;0,1,1;4,3,1. One finish a tick,
 *   always the lowest process whose need fits in work: P1 (1,2,2 <= 3,3,2;
 *   work 5,3,2), P3 (0,1,1; 7,4,3), P0 (7,4,3; 7,5,3), P2 (6,0,0; 10,5,5),
 *   P4 (4,3,1; 10,5,7): safe sequence 1,3,0,2,4 after 5 ticks.
 * - Its grant P1 (1,0,2) (tick 6 checks and pretends: available 2,3,0, P1
 *   holds 3,0,2 and needs 0,2,0; ticks 7-11 the safety of that state):
 *   P1, P3, P0, P2, P4 again, granted. From available (2,3,0) P0's (0,2,0)
 *   leaves (2,1,0), which fits no need (7,2,3 0,2,0 6,0,0 0,1,1 4,3,1):
 *   refused, at tick 7.
 * - Detection, textbook: available (0,0,0), allocation
 *   0,1,0;2,0,0;3,0,3;2,1,1;0,0,2, request 0,0,0;2,0,2;0,0,1;1,0,0;0,0,2.
 *   P0 asks for nothing: it finishes (work 0,1,0); nothing else fits: P1-P4
 *   are deadlocked after 2 ticks. Wait-for among them (P_i -> P_k when P_i
 *   asks for a type P_k holds), depth first from the lowest: P1 asks for A,
 *   held by P2; P2 asks for C, held by P3 (P2's own C does not count); P3
 *   asks for A, held by P1: P1 -[A]-> P2 -[C]-> P3 -[A]-> P1. Without P2's
 *   request for C: P0, P2 (work 3,1,3), P1 (5,1,3), P3 (7,2,4), P4 (7,2,6).
 * - Five philosophers (test_resmgr.c): each takes fork i at tick i-1 and
 *   blocks on fork i+1; the detection after tick 4 (stamped 5) finds all
 *   five in the cycle P1 -fork1-> P2 -fork2-> P3 -fork3-> P4 -fork4-> P5
 *   -fork0-> P1: every edge of the graph is on it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "machines.h"
#include "offscreen.h"
#include "resmgr.h"
#include "theme.h"
#include "view_resources.h"

/* TICKOS_DUMP=1 prints every window drawn (for working out expectations). */
static void dump(WINDOW *w) {
    if (!getenv("TICKOS_DUMP"))
        return;
    for (int y = 0; y < getmaxy(w); y++)
        printf("%2d|%s\n", y, row(w, y));
    printf("--\n");
}

static WINDOW *draw(const machine *m, int h, int wd) {
    WINDOW *w = newwin(h, wd, 0, 0);
    assert_non_null(w);
    view_resources(w, m, &mono, NULL);
    dump(w);
    return w;
}

static machine *deadlock(int argc, char **argv, int ticks) {
    cli_common c;
    cli_error err = {0};
    machine *m = NULL;
    cli_common_default(&c);
    assert_int_equal(cli_deadlock_build(argc, argv, &c, &m, &err), 0);
    for (int i = 0; i < ticks; i++)
        machine_tick(m);
    return m;
}

static machine *banker(int ticks, const char *grant) {
    char a0[] = "--banker", a1[] = "--available", a2[] = "3,3,2", a3[] = "--alloc",
         a4[] = "0,1,0;2,0,0;3,0,2;2,1,1;0,0,2", a5[] = "--max",
         a6[] = "7,5,3;3,2,2;9,0,2;2,2,2;4,3,3", a7[] = "--grant", a8[32];
    snprintf(a8, sizeof a8, "%s", grant ? grant : "");
    char *argv[] = {a0, a1, a2, a3, a4, a5, a6, a7, a8, NULL};
    return deadlock(grant ? 9 : 7, argv, ticks);
}

static machine *detect(const char *request, int ticks) {
    char a0[] = "--detect", a1[] = "--available", a2[] = "0,0,0", a3[] = "--alloc",
         a4[] = "0,1,0;2,0,0;3,0,3;2,1,1;0,0,2", a5[] = "--request", a6[64];
    snprintf(a6, sizeof a6, "%s", request);
    char *argv[] = {a0, a1, a2, a3, a4, a5, a6, NULL};
    return deadlock(7, argv, ticks);
}

#define RUN(c) \
    { .kind = STEP_RUN, .n = (c) }

/* Five philosophers P1..P5 (phil0..phil4), forks fork0..fork4 (mutexes), as
 * in test_resmgr.c: phil i takes fork i, runs 1, takes fork i+1 mod 5, runs
 * 2, releases both. */
static machine *philosophers(const resmgr_config *cfg, int ticks) {
    sched_config sc;
    sched_config_default(&sc, SCHED_FIFO);
    machine *m = machine_create(MODE_DEMO, &sc, 1, 1);
    assert_non_null(m);
    m->pid_base = 1;
    assert_non_null(resmgr_attach(m, cfg));
    char name[16];
    for (int i = 0; i < 5; i++) {
        snprintf(name, sizeof name, "fork%d", i);
        assert_int_equal(resmgr_add(m, name, RM_MUTEX, 1), i);
    }
    for (uint32_t i = 0; i < 5; i++) {
        prog_step s[] = {RM_ACQUIRE(i, 1), RUN(1),           RM_ACQUIRE((i + 1) % 5, 1),
                         RUN(2),           RM_RELEASE(i, 1), RM_RELEASE((i + 1) % 5, 1)};
        snprintf(name, sizeof name, "phil%u", i);
        int prog = machine_add_program(m, name, s, 6);
        assert_true(prog >= 0);
        assert_int_equal(machine_add_process(m, name, (uint32_t)prog, 0, -1), (int32_t)i + 1);
    }
    for (int i = 0; i < ticks; i++)
        machine_tick(m);
    return m;
}

static machine *banker_unsafe(int ticks) {
    char a0[] = "--banker", a1[] = "--available", a2[] = "2,3,0", a3[] = "--alloc",
         a4[] = "0,1,0;3,0,2;3,0,2;2,1,1;0,0,2", a5[] = "--max",
         a6[] = "7,5,3;3,2,2;9,0,2;2,2,2;4,3,3", a7[] = "--grant", a8[] = "0:0,2,0";
    char *argv[] = {a0, a1, a2, a3, a4, a5, a6, a7, a8, NULL};
    return deadlock(9, argv, ticks);
}

/* The first row of w starting with prefix, or -1. */
static int find_row(WINDOW *w, const char *prefix) {
    for (int y = 0; y < getmaxy(w); y++)
        if (strncmp(row(w, y), prefix, strlen(prefix)) == 0)
            return y;
    return -1;
}

/* Asserts rows y.. of w are the given lines. */
static void assert_rows(WINDOW *w, int y, const char *const *want, int n) {
    for (int i = 0; i < n; i++)
        assert_string_equal(row(w, y + i), want[i]);
}

static void test_banker_textbook(void **state) {
    (void)state;
    machine *m = banker(0, NULL);
    WINDOW *w = draw(m, 24, 80);
    assert_string_equal(row(w, 0), " Resources  deadlock --banker  3 types  5 processes");
    assert_string_equal(row(w, 1), "safety check running: 0 of 5 finished");
    assert_string_equal(row(w, 2), "step 0  Work (3,3,2)  next P1 fits");
    /* A safe state: nobody waits, so hold and wait and circular wait are
     * possible, not held. */
    static const char *const conds[] = {
        "Conditions  [x] held  [~] possible  [ ] broken",
        "[x] mutual exclusion  held      no setting breaks it",
        "[~] hold and wait     possible  release-on-block breaks it",
        "[x] no preemption     held      preempt recovery breaks it",
        "[~] circular wait     possible  ordered acquisition breaks it"};
    assert_rows(w, 3, conds, 5);
    int y = find_row(w, "      Allocation   Max     Need");
    assert_int_equal(y, 8);
    static const char *const start[] = {"           A B C   A B C   A B C",
                                        " P0        0 1 0   7 5 3   7 4 3",
                                        " P1        2 0 0   3 2 2   1 2 2  next: fits in Work",
                                        " P2        3 0 2   9 0 2   6 0 0",
                                        " P3        2 1 1   2 2 2   0 1 1",
                                        " P4        0 0 2   4 3 3   4 3 1",
                                        "Avail      3 3 2",
                                        "Work       3 3 2"};
    assert_rows(w, y + 1, start, 8);
    /* No process waits: the graph has only assignment edges. */
    static const char *const graph[] = {"Graph  [R] ==> P holds  P --> [R] waits for",
                                        "          [B] ==> P0",
                                        "        [A]x2 ==> P1",
                                        "  [A]x3 [C]x2 ==> P2",
                                        "[A]x2 [B] [C] ==> P3",
                                        "        [C]x2 ==> P4",
                                        "free  [A]x3 [B]x3 [C]x2"};
    assert_rows(w, 17, graph, 7);
    delwin(w);
    machine_destroy(m);

    /* Two ticks: P1 then P3 finished, P0 is next. */
    m = banker(2, NULL);
    w = draw(m, 24, 80);
    assert_string_equal(row(w, 2), "step 2  Work (7,4,3)  finished P1, P3  next P0 fits");
    assert_string_equal(row(w, 10), " P0        0 1 0   7 5 3   7 4 3  next: fits in Work");
    assert_string_equal(row(w, 11), " P1        2 0 0   3 2 2   1 2 2  finished #1");
    assert_string_equal(row(w, 13), " P3        2 1 1   2 2 2   0 1 1  finished #2");
    assert_string_equal(row(w, 16), "Work       7 4 3  order P1 P3");
    delwin(w);
    machine_destroy(m);

    /* Five ticks: safe. Work has two digits: the columns widen. */
    m = banker(5, NULL);
    w = draw(m, 24, 80);
    assert_string_equal(row(w, 1), "SAFE: safe sequence P1, P3, P0, P2, P4");
    assert_string_equal(row(w, 2), "step 5  Work (10,5,7)  finished P1, P3, P0, P2, P4");
    static const char *const done[] = {"      Allocation   Max      Need",
                                       "           A B C    A B C    A B C",
                                       " P0        0 1 0    7 5 3    7 4 3  finished #3",
                                       " P1        2 0 0    3 2 2    1 2 2  finished #1",
                                       " P2        3 0 2    9 0 2    6 0 0  finished #4",
                                       " P3        2 1 1    2 2 2    0 1 1  finished #2",
                                       " P4        0 0 2    4 3 3    4 3 1  finished #5",
                                       "Avail      3 3 2",
                                       "Work      10 5 7  order P1 P3 P0 P2 P4"};
    assert_rows(w, 8, done, 9);
    delwin(w);
    machine_destroy(m);
}

static void test_banker_grants(void **state) {
    (void)state;
    /* Tick 5: the state as given is safe; the grant is checked next. */
    machine *m = banker(5, "1:1,0,2");
    WINDOW *w = draw(m, 24, 80);
    assert_string_equal(row(w, 1), "as given: SAFE: safe sequence P1, P3, P0, P2, P4");
    assert_string_equal(row(w, 2), "request P1 (1,0,2):  checked next");
    delwin(w);
    machine_destroy(m);
    /* Tick 7: the pretended state (P1 holds 3,0,2, needs 0,2,0, available
     * 2,3,0), one step in. */
    m = banker(7, "1:1,0,2");
    w = draw(m, 24, 80);
    assert_string_equal(row(w, 0), " Resources  deadlock --banker  3 types  5 processes  the state "
                                   "after the grant");
    assert_string_equal(row(w, 2), "request P1 (1,0,2):  pretend granted, the state after:  step 1"
                                   "  Work (5,3,2)");
    assert_string_equal(row(w, 11), " P1        3 0 2   3 2 2   0 2 0  finished #1");
    assert_string_equal(row(w, 15), "Avail      2 3 0");
    delwin(w);
    machine_destroy(m);
    m = banker(11, "1:1,0,2");
    w = draw(m, 24, 80);
    assert_string_equal(row(w, 2), "request P1 (1,0,2):  GRANTED: the state after is safe  "
                                   "(P1, P3, P0, P2, P4)");
    delwin(w);
    machine_destroy(m);

    m = banker_unsafe(7);
    w = draw(m, 24, 80);
    assert_string_equal(row(w, 1), "as given: SAFE: safe sequence P1, P3, P0, P2, P4");
    assert_string_equal(row(w, 2), "request P0 (0,2,0):  REFUSED: the state after would be unsafe");
    assert_string_equal(row(w, 10), " P0        0 3 0   7 5 3   7 2 3  cannot finish");
    assert_string_equal(row(w, 15), "Avail      2 1 0");
    delwin(w);
    machine_destroy(m);
}

static void test_detect_textbook(void **state) {
    (void)state;
    const char *extra_c = "0,0,0;2,0,2;0,0,1;1,0,0;0,0,2";
    machine *m = detect(extra_c, 1);
    WINDOW *w = draw(m, 24, 80);
    assert_string_equal(row(w, 1), "detection running: 1 of 5 finished");
    assert_string_equal(row(w, 2), "step 1  Work (0,1,0)  finished P0  nothing else fits");
    assert_string_equal(row(w, 17), "Graph  [R] ==> P holds  P --> [R] waits for");
    assert_null(strchr(row(w, 19), '*')); /* no cycle marked before detection concludes */
    delwin(w);
    machine_destroy(m);

    m = detect(extra_c, 2);
    w = draw(m, 24, 80);
    assert_string_equal(row(w, 1), "DEADLOCK: P1 P2 P3 P4  cycle P1 -> P2 -> P3 -> P1");
    /* Four processes hold and wait in a cycle: every condition holds. */
    for (int k = 4; k <= 7; k++)
        assert_true(strncmp(row(w, k), "[x] ", 4) == 0);
    static const char *const mat[] = {"      Allocation   Request",
                                      "           A B C     A B C",
                                      " P0        0 1 0     0 0 0  finished #1",
                                      "!P1        2 0 0     2 0 2  deadlocked",
                                      "!P2        3 0 3     0 0 1  deadlocked",
                                      "!P3        2 1 1     1 0 0  deadlocked",
                                      "!P4        0 0 2     0 0 2  deadlocked",
                                      "Avail      0 0 0",
                                      "Work       0 1 0  order P0"};
    assert_rows(w, 8, mat, 9);
    /* The cycle's cells reversed: P1 asks for A (Request, column A) and P2
     * holds it (Allocation, column A); P2 asks for C, P3 holds it; P3 asks
     * for A, P1 holds it. P4's cells are not on it. */
    assert_true(mvwinch(w, 11, 21) & A_REVERSE);  /* P1 request A */
    assert_true(mvwinch(w, 12, 11) & A_REVERSE);  /* P2 alloc A */
    assert_true(mvwinch(w, 12, 25) & A_REVERSE);  /* P2 request C */
    assert_true(mvwinch(w, 13, 15) & A_REVERSE);  /* P3 alloc C */
    assert_true(mvwinch(w, 13, 21) & A_REVERSE);  /* P3 request A */
    assert_true(mvwinch(w, 11, 11) & A_REVERSE);  /* P1 alloc A */
    assert_false(mvwinch(w, 11, 25) & A_REVERSE); /* P1 request C: not on it */
    assert_false(mvwinch(w, 14, 25) & A_REVERSE); /* P4 request C */
    static const char *const graph[] = {
        "Graph  [R] ==> P holds  P --> [R] waits for  * on the cycle",
        "           [B] ==> P0",
        "        [A]x2* ==> P1 --> [A]x2* [C]x2",
        "  [A]x3* [C]x3 ==> P2 --> [C]*",
        "[A]x2 [B] [C]* ==> P3 --> [A]*",
        "         [C]x2 ==> P4 --> [C]x2",
        "cycle  P1 -> [A] -> P2 -> [C] -> P3 -> [A] -> P1"};
    assert_rows(w, 17, graph, 7);
    /* Highlighted as well as marked (bold in mono): [A]x2* of P1's request. */
    assert_true(mvwinch(w, 19, 26) & A_BOLD);
    assert_false(mvwinch(w, 19, 33) & A_BOLD); /* [C]x2 */
    delwin(w);
    machine_destroy(m);

    /* Without P2's request for C: no deadlock. */
    m = detect("0,0,0;2,0,2;0,0,0;1,0,0;0,0,2", 5);
    w = draw(m, 24, 80);
    assert_string_equal(row(w, 1), "NO DEADLOCK: every process can finish");
    assert_string_equal(row(w, 2), "step 5  Work (7,2,6)  finished P0, P2, P1, P3, P4");
    assert_int_equal(find_row(w, "cycle"), -1);
    delwin(w);
    machine_destroy(m);
}

static void test_philosophers(void **state) {
    (void)state;
    /* After tick 4: everyone holds a fork, P1-P4 wait; detection (stamped
     * 5) has not run on it yet. */
    machine *m = philosophers(NULL, 4);
    WINDOW *w = draw(m, 30, 100);
    assert_string_equal(row(w, 0),
                        " Resources  5 types  5 processes  detect every 1  recovery none");
    assert_string_equal(row(w, 1), "no deadlock at the last detection (t4)");
    assert_string_equal(row(w, 2), "Banker's off");
    assert_string_equal(row(w, 7), "[~] circular wait     possible  ordered acquisition breaks it");
    assert_string_equal(row(w, 13), " P4       0     0     0     1     0       0     0     0     0"
                                    "     1  waits for fork4 (P5 holds it)");
    assert_string_equal(row(w, 14), " P5       0     0     0     0     1       0     0     0     0"
                                    "     0");
    delwin(w);
    machine_destroy(m);

    m = philosophers(NULL, 5);
    w = draw(m, 30, 100);
    assert_string_equal(row(w, 1), "DEADLOCK at t5: P1 P2 P3 P4 P5  cycle P1 -> P2 -> P3 -> P4 -> "
                                   "P5 -> P1");
    static const char *const conds[] = {
        "[x] mutual exclusion  held      no setting breaks it",
        "[x] hold and wait     held      release-on-block breaks it",
        "[x] no preemption     held      preempt recovery breaks it",
        "[x] circular wait     held      ordered acquisition breaks it"};
    assert_rows(w, 4, conds, 4);
    static const char *const mat[] = {
        "      Allocation                      Request",
        "      fork0 fork1 fork2 fork3 fork4   fork0 fork1 fork2 fork3 fork4",
        "!P1       1     0     0     0     0       0     1     0     0     0  waits for fork1 (P2 "
        "holds it)",
        "!P2       0     1     0     0     0       0     0     1     0     0  waits for fork2 (P3 "
        "holds it)",
        "!P3       0     0     1     0     0       0     0     0     1     0  waits for fork3 (P4 "
        "holds it)",
        "!P4       0     0     0     1     0       0     0     0     0     1  waits for fork4 (P5 "
        "holds it)",
        "!P5       0     0     0     0     1       1     0     0     0     0  waits for fork0 (P1 "
        "holds it)",
        "Avail     0     0     0     0     0"};
    assert_rows(w, 8, mat, 8);
    static const char *const graph[] = {
        "Graph  [R] ==> P holds  P --> [R] waits for  * on the cycle",
        "[fork0]* ==> P1 --> [fork1]*",
        "[fork1]* ==> P2 --> [fork2]*",
        "[fork2]* ==> P3 --> [fork3]*",
        "[fork3]* ==> P4 --> [fork4]*",
        "[fork4]* ==> P5 --> [fork0]*",
        "cycle  P1 -> [fork1] -> P2 -> [fork2] -> P3 -> [fork3] -> P4 -> [fork4] -> P5 -> [fork0] "
        "-> P1"};
    assert_rows(w, 16, graph, 7);

    /* Every edge resmgr_edges reports is drawn, '*' exactly when in_cycle. */
    rm_edge e[64];
    int32_t n = resmgr_edges(m, e, 64);
    assert_int_equal(n, 10);
    for (int32_t i = 0; i < n; i++) {
        char pat[48];
        if (e[i].request)
            snprintf(pat, sizeof pat, "P%d --> [fork%d]%s", e[i].pid, e[i].res,
                     e[i].in_cycle ? "*" : "");
        else
            snprintf(pat, sizeof pat, "[fork%d]%s ==> P%d", e[i].res, e[i].in_cycle ? "*" : "",
                     e[i].pid);
        bool seen = false;
        for (int y = 17; y < 22; y++)
            seen |= strstr(row(w, y), pat) != NULL;
        if (!seen)
            fail_msg("edge \"%s\" not drawn", pat);
    }
    delwin(w);

    /* Wide: the conditions and the graph in a column of their own. */
    w = draw(m, 20, 150);
    assert_string_equal(row(w, 3) + 87, "|Conditions  [x] held  [~] possible  [ ] broken");
    assert_string_equal(row(w, 9) + 87, "|[fork0]* ==> P1 --> [fork1]*");
    assert_int_equal(mvwinch(w, 10, 87) & A_CHARTEXT, '|');
    assert_string_equal(row(w, 9),
                        "!P5       0     0     0     0     1       1     0     0     0     0      "
                        "              |[fork0]* ==> P1 --> [fork1]*");
    delwin(w);
    machine_destroy(m);
}

/* Each prevention setting breaks its condition; a condition true of the
 * state stays held whatever the setting. */
static void test_settings_break_conditions(void **state) {
    (void)state;
    resmgr_config cfg;
    resmgr_config_default(&cfg);
    cfg.ordered = true;
    cfg.release_on_block = true;
    cfg.recovery = RM_RECOVER_PREEMPT;
    cfg.banker = false;
    machine *m = philosophers(&cfg, 1);
    WINDOW *w = draw(m, 30, 100);
    assert_string_equal(row(w, 0), " Resources  5 types  5 processes  detect every 1  ordered  "
                                   "release-on-block  recovery preempt");
    /* After tick 0: P1 could not have fork1 with fork0, gave it back and
     * waits for both; P2-P5 hold theirs. Nobody holds and waits. */
    static const char *const conds[] = {
        "[x] mutual exclusion  held      no setting breaks it",
        "[ ] hold and wait     broken    broken by release-on-block",
        "[ ] no preemption     broken    broken by preempt recovery",
        "[ ] circular wait     broken    broken by ordered acquisition"};
    assert_rows(w, 4, conds, 4);
    delwin(w);
    machine_destroy(m);
}

/* The semaphore deadlock of test_resmgr.c (wait(mutex) before wait(empty)):
 * semaphore columns count the signals each process will still make. P1
 * (producer, at its second round) will signal full and mutex once each and
 * waits for empty; P2 (consumer, blocked at its first step) will signal
 * empty and mutex once each and waits for mutex. */
static void test_semaphores(void **state) {
    (void)state;
    machine *m = tm_semaphore_deadlock();
    assert_non_null(m);
    for (int i = 0; i < 3; i++)
        machine_tick(m);
    WINDOW *w = draw(m, 24, 80);
    assert_string_equal(row(w, 1), "DEADLOCK at t3: P1 P2  cycle P1 -> P2 -> P1");
    static const char *const mat[] = {
        "      Allocation         Request", "      empty full mutex   empty full mutex",
        "!P1       0    1     1       1    0     0  waits for empty (0 free)",
        "!P2       1    0     1       0    0     1  waits for mutex (0 free)",
        "Avail     0    1     0"};
    assert_rows(w, 8, mat, 5);
    /* Semaphore edges are signals to come: P1 will signal full and mutex
     * (mutex on the cycle: P2 waits for it), P2 empty (P1 waits for it). */
    static const char *const graph[] = {
        " [full] [mutex]* ==> P1 --> [empty]*", "[empty]* [mutex] ==> P2 --> [mutex]*",
        "cycle  P1 -> [empty] -> P2 -> [mutex] -> P1", "free  [full]"};
    assert_rows(w, 14, graph, 4);
    delwin(w);
    machine_destroy(m);
}

/* Small windows keep the most important: the verdict, the conditions'
 * marks, the matrices, then the conditions in full and the graph. */
static void test_small_windows_keep_the_important(void **state) {
    (void)state;
    machine *m = philosophers(NULL, 5);
    const char *verdict = "DEADLOCK at t5: P1 P2 P3 P4 P5  cycle P1 -> P2 -> P3 -> P4 -> P5 -> P1";
    const char *marks =
        "Conditions  [x] mutual excl.  [x] hold & wait  [x] no preempt  [x] circular";
    WINDOW *w = draw(m, 1, 80);
    assert_string_equal(row(w, 0),
                        " Resources  5 types  5 processes  detect every 1  recovery none");
    delwin(w);
    w = draw(m, 4, 80);
    assert_string_equal(row(w, 1), verdict);
    assert_string_equal(row(w, 2), "Banker's off");
    assert_string_equal(row(w, 3), marks);
    delwin(w);
    /* 8 rows: the matrices' titles, names and two rows. */
    w = draw(m, 8, 80);
    assert_string_equal(row(w, 3), marks);
    assert_string_equal(row(w, 4), "      Allocation                      Request");
    assert_true(strncmp(row(w, 7), "!P2 ", 4) == 0);
    delwin(w);
    /* 15: the matrices whole (8 rows) leave 3, not enough for the rest of
     * the checklist: the graph gets them, the cycle first. */
    w = draw(m, 15, 80);
    assert_string_equal(row(w, 11), "Avail     0     0     0     0     0");
    assert_string_equal(row(w, 12), "Graph  [R] ==> P holds  P --> [R] waits for  * on the cycle");
    assert_string_equal(row(w, 13), "cycle  P1 -> [fork1] -> P2 -> [fork2] -> P3 -> [fork3] -> "
                                    "P4 -> [fork4] -> P5");
    assert_string_equal(row(w, 14), "  -> [fork0] -> P1");
    delwin(w);
    /* 16: 4 left, the checklist in full. */
    w = draw(m, 16, 80);
    assert_string_equal(row(w, 3), "Conditions  [x] held  [~] possible  [ ] broken");
    assert_string_equal(row(w, 7), "[x] circular wait     held      ordered acquisition breaks it");
    assert_string_equal(row(w, 15), "Avail     0     0     0     0     0");
    delwin(w);
    /* Narrow: fields are left out whole, not cut. */
    w = draw(m, 4, 40);
    assert_string_equal(row(w, 0), " Resources  5 types  5 processes");
    assert_string_equal(row(w, 1), "DEADLOCK at t5: P1 P2 P3 P4 P5");
    assert_string_equal(row(w, 3), "Conditions  [x] mutual excl.");
    delwin(w);
    int mn, pref;
    view_resources_size(m, 80, &mn, &pref);
    assert_int_equal(mn, 4);
    /* 1 + 2 + 5 conditions + 8 matrix rows + graph (header, 5 rows, 2
     * cycle rows). */
    assert_int_equal(pref, 1 + 2 + 5 + 8 + 8);
    machine_destroy(m);
}

/* Whatever the size, nothing is written outside the pane: drawn into a
 * window inside a frame of '#', the frame stays whole. */
static void test_no_write_outside(void **state) {
    (void)state;
    machine *ms[4] = {philosophers(NULL, 5), banker(3, "1:1,0,2"),
                      detect("0,0,0;2,0,2;0,0,1;1,0,0;0,0,2", 2), philosophers(NULL, 0)};
    for (int k = 0; k < 4; k++) {
        for (int h = 1; h <= 31; h += 3) {
            for (int wd = 1; wd <= 160; wd += 9) {
                framed f = framed_new(h, wd);
                view_resources(f.w, ms[k], &mono, NULL);
                framed_check(&f);
                int mn, pref;
                view_resources_size(ms[k], wd, &mn, &pref);
                assert_true(mn >= 2 && pref >= mn);
            }
        }
    }
    for (int k = 0; k < 4; k++)
        machine_destroy(ms[k]);
}

/* A machine without resources: a note, and the layout leaves the pane out. */
static void test_no_resources(void **state) {
    (void)state;
    machine *m = rr_3_2(0);
    assert_false(view_resources_has(m));
    int mn, pref;
    view_resources_size(m, 80, &mn, &pref);
    assert_int_equal(mn, 2);
    assert_int_equal(pref, 2);
    WINDOW *w = draw(m, 3, 40);
    assert_string_equal(row(w, 0), " Resources");
    assert_string_equal(row(w, 1), " no resources in this scenario");
    delwin(w);
    machine_destroy(m);
    m = banker(0, NULL);
    assert_true(view_resources_has(m));
    machine_destroy(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_banker_textbook),
        cmocka_unit_test(test_banker_grants),
        cmocka_unit_test(test_detect_textbook),
        cmocka_unit_test(test_philosophers),
        cmocka_unit_test(test_settings_break_conditions),
        cmocka_unit_test(test_semaphores),
        cmocka_unit_test(test_small_windows_keep_the_important),
        cmocka_unit_test(test_no_write_outside),
        cmocka_unit_test(test_no_resources),
    };
    return cmocka_run_group_tests(tests, offscreen_setup, offscreen_teardown);
}
