/* Unit tests of the deadlock module: detection, Banker's safety and requests,
 * the wait-for graph, the quick mode (ticks, events, report) and its flags.
 * Every expected value below is worked by hand in the comments. */
/* cmocka needs these first, in this order. */
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

#include "cli.h"
#include "deadlock.h"
#include "machine.h"
#include "report.h"

/* Rows of up to 4 columns, enough for the examples here. */
static void set_rows(int64_t (*dst)[DL_MAX_RES], const int64_t (*src)[4], int32_t n, int32_t m) {
    for (int32_t i = 0; i < n; i++) {
        for (int32_t j = 0; j < m; j++) {
            dst[i][j] = src[i][j];
        }
    }
}

/* Silberschatz's Banker's example: 5 processes, 3 resource types. Need is
 * 7,4,3; 1,2,2; 6,0,0; 0,1,1; 4,3,1. */
static dl_state *textbook_banker(void) {
    static const int64_t alloc[5][4] = {{0, 1, 0}, {2, 0, 0}, {3, 0, 2}, {2, 1, 1}, {0, 0, 2}};
    static const int64_t max[5][4] = {{7, 5, 3}, {3, 2, 2}, {9, 0, 2}, {2, 2, 2}, {4, 3, 3}};
    dl_state *s = malloc(sizeof *s);
    assert_non_null(s);
    dl_state_init(s, 5, 3);
    s->available[0] = 3;
    s->available[1] = 3;
    s->available[2] = 2;
    set_rows(s->alloc, alloc, 5, 3);
    set_rows(s->max, max, 5, 3);
    dl_state_update_need(s);
    return s;
}

/* Silberschatz's detection example: available 0,0,0, alloc 0,1,0; 2,0,0;
 * 3,0,3; 2,1,1; 0,0,2, request 0,0,0; 2,0,2; 0,0,0; 1,0,0; 0,0,2. */
static dl_state *textbook_detect(void) {
    static const int64_t alloc[5][4] = {{0, 1, 0}, {2, 0, 0}, {3, 0, 3}, {2, 1, 1}, {0, 0, 2}};
    static const int64_t req[5][4] = {{0, 0, 0}, {2, 0, 2}, {0, 0, 0}, {1, 0, 0}, {0, 0, 2}};
    dl_state *s = malloc(sizeof *s);
    assert_non_null(s);
    dl_state_init(s, 5, 3);
    set_rows(s->alloc, alloc, 5, 3);
    set_rows(s->request, req, 5, 3);
    return s;
}

static void assert_vec(const int64_t *v, int64_t a, int64_t b, int64_t c) {
    assert_int_equal(v[0], a);
    assert_int_equal(v[1], b);
    assert_int_equal(v[2], c);
}

static void test_need(void **st) {
    (void)st;
    dl_state *s = textbook_banker();
    assert_vec(s->need[0], 7, 4, 3);
    assert_vec(s->need[2], 6, 0, 0);
    assert_vec(s->need[4], 4, 3, 1);
    assert_true(dl_state_valid(s, DL_BANKER));
    s->alloc[1][0] = 4; /* more than max 3 */
    assert_false(dl_state_valid(s, DL_BANKER));
    free(s);
}

/* work 3,3,2: P0 (7,4,3) no, P1 (1,2,2) yes -> 5,3,2; P0 no, P2 (6,0,0) no,
 * P3 (0,1,1) yes -> 7,4,3; P0 yes -> 7,5,3; P2 -> 10,5,5; P4 -> 10,5,7. */
static void test_banker_safe_sequence(void **st) {
    (void)st;
    dl_state *s = textbook_banker();
    int32_t seq[DL_MAX_PROCS], nseq = 0;
    dl_run *r = malloc(sizeof *r);
    assert_non_null(r);
    assert_true(dl_safety(s, seq, &nseq, r));
    assert_int_equal(nseq, 5);
    int32_t want[] = {1, 3, 0, 2, 4};
    assert_memory_equal(seq, want, sizeof want);
    assert_vec(r->order_work[0], 5, 3, 2);
    assert_vec(r->order_work[1], 7, 4, 3);
    assert_vec(r->order_work[2], 7, 5, 3);
    assert_vec(r->order_work[3], 10, 5, 5);
    assert_vec(r->order_work[4], 10, 5, 7);
    assert_vec(dl_run_work_before(r, 0), 3, 3, 2);
    assert_vec(dl_run_work_before(r, 2), 7, 4, 3);
    free(r);
    free(s);
}

/* The run advances one finish per step, so work changes step by step. */
static void test_banker_stepwise(void **st) {
    (void)st;
    dl_state *s = textbook_banker();
    dl_run *r = malloc(sizeof *r);
    assert_non_null(r);
    dl_run_init(r, s, DL_BANKER);
    assert_int_equal(dl_run_next(r, s), 1);
    assert_int_equal(dl_run_step(r, s), 1);
    assert_vec(r->work, 5, 3, 2);
    assert_false(r->done);
    assert_int_equal(dl_run_step(r, s), 3);
    assert_vec(r->work, 7, 4, 3);
    assert_int_equal(dl_run_step(r, s), 0);
    assert_int_equal(dl_run_step(r, s), 2);
    assert_false(r->done);
    assert_int_equal(dl_run_step(r, s), 4);
    assert_true(r->done); /* the last finish ends the run */
    assert_true(dl_run_all_finished(r));
    assert_int_equal(dl_run_step(r, s), -1);
    assert_int_equal(r->norder, 5);
    free(r);
    free(s);
}

/* Unsafe: available 1, P0 holds 0 of max 2 -> need 2 > 1, nothing finishes. */
static void test_banker_unsafe(void **st) {
    (void)st;
    dl_state *s = malloc(sizeof *s);
    assert_non_null(s);
    dl_state_init(s, 2, 1);
    s->available[0] = 1;
    s->alloc[0][0] = 0;
    s->max[0][0] = 2;
    s->alloc[1][0] = 1;
    s->max[1][0] = 3; /* need 2 */
    dl_state_update_need(s);
    int32_t seq[DL_MAX_PROCS], nseq = -1;
    assert_false(dl_safety(s, seq, &nseq, NULL));
    assert_int_equal(nseq, 0);
    /* With available 2: P0 (need 2) finishes -> work 2, then P1 (need 2) -> 3. */
    s->available[0] = 2;
    assert_true(dl_safety(s, seq, &nseq, NULL));
    assert_int_equal(seq[0], 0);
    assert_int_equal(seq[1], 1);
    free(s);
}

/* Grant (1,0,2) to P1: need 1,2,2 and available 3,3,2 allow it; after it
 * available 2,3,0, P1 needs 0,2,0: P1 -> 5,3,2, P3 -> 7,4,3, P0, P2, P4: safe.
 * Then from that state: P4 asks (3,3,0) > available 2,3,0 -> wait; P0 asks
 * (0,2,0) -> available 2,1,0 where no need fits -> unsafe; P0 asks (8,0,0) >
 * need 7 -> error. */
static void test_banker_requests(void **st) {
    (void)st;
    dl_state *s = textbook_banker();
    dl_state *after = malloc(sizeof *after);
    assert_non_null(after);
    int64_t g1[DL_MAX_RES] = {1, 0, 2};
    bool granted = false;
    assert_int_equal(dl_request_check(s, 1, g1), DL_REQ_OK);
    assert_int_equal(dl_request(s, 1, g1, &granted), DL_REASON_SAFE);
    assert_true(granted);
    dl_request_pretend(s, 1, g1, after);
    assert_vec(after->available, 2, 3, 0);
    assert_vec(after->alloc[1], 3, 0, 2);
    assert_vec(after->need[1], 0, 2, 0);
    assert_vec(s->available, 3, 3, 2); /* the original is untouched */

    int64_t g2[DL_MAX_RES] = {3, 3, 0};
    assert_int_equal(dl_request(after, 4, g2, &granted), DL_REASON_WAIT);
    assert_false(granted);
    int64_t g3[DL_MAX_RES] = {0, 2, 0};
    assert_int_equal(dl_request(after, 0, g3, &granted), DL_REASON_UNSAFE);
    assert_false(granted);
    int64_t g4[DL_MAX_RES] = {8, 0, 0};
    assert_int_equal(dl_request_check(after, 0, g4), DL_REQ_EXCEEDS_NEED);
    assert_int_equal(dl_request(after, 0, g4, &granted), DL_REASON_ERROR);
    assert_int_equal(dl_request_check(after, 5, g1), DL_REQ_BAD_PROCESS);
    assert_string_equal(dl_reason_name(DL_REASON_UNSAFE), "unsafe");
    assert_string_equal(dl_reason_name(DL_REASON_WAIT), "wait");
    free(after);
    free(s);
}

/* work 0,0,0: P0 (0,0,0) -> 0,1,0; P1 (2,0,2) no; P2 (0,0,0) -> 3,1,3; P1 ->
 * 5,1,3; P3 -> 7,2,4; P4 -> 7,2,6. No deadlock. With P2 asking 0,0,1 more:
 * P0 -> 0,1,0, then nothing fits: P1..P4 deadlocked. */
static void test_detect_textbook(void **st) {
    (void)st;
    dl_state *s = textbook_detect();
    dl_run *r = malloc(sizeof *r);
    assert_non_null(r);
    int32_t dead[DL_MAX_PROCS];
    assert_int_equal(dl_detect(s, dead, r), 0);
    int32_t order[] = {0, 2, 1, 3, 4};
    assert_int_equal(r->norder, 5);
    assert_memory_equal(r->order, order, sizeof order);
    assert_vec(r->order_work[1], 3, 1, 3);
    assert_vec(r->work, 7, 2, 6);

    s->request[2][2] = 1;
    assert_int_equal(dl_detect(s, dead, r), 4);
    int32_t want[] = {1, 2, 3, 4};
    assert_memory_equal(dead, want, sizeof want);
    assert_int_equal(r->norder, 1);
    assert_vec(r->work, 0, 1, 0);
    free(r);
    free(s);
}

/* A process holding nothing is never deadlocked, even if its request can
 * never be met: available 0, P0 holds 1 and wants 1, P1 holds 0 and wants 5. */
static void test_detect_idle(void **st) {
    (void)st;
    dl_state *s = malloc(sizeof *s);
    assert_non_null(s);
    dl_state_init(s, 2, 1);
    s->alloc[0][0] = 1;
    s->request[0][0] = 1;
    s->request[1][0] = 5;
    dl_run *r = malloc(sizeof *r);
    assert_non_null(r);
    int32_t dead[DL_MAX_PROCS];
    assert_int_equal(dl_detect(s, dead, r), 1);
    assert_int_equal(dead[0], 0);
    assert_true(r->idle[1]);
    assert_false(r->idle[0]);
    assert_int_equal(r->norder, 0);
    /* Oracle case: available 2, alloc 1;3, request 1;2: P0 -> 3, P1 -> 6. */
    dl_state_init(s, 2, 1);
    s->available[0] = 2;
    s->alloc[0][0] = 1;
    s->alloc[1][0] = 3;
    s->request[0][0] = 1;
    s->request[1][0] = 2;
    assert_int_equal(dl_detect(s, dead, r), 0);
    assert_int_equal(r->work[0], 6);
    free(r);
    free(s);
}

static void test_vec_format(void **st) {
    (void)st;
    int64_t v[3] = {10, 0, 7};
    char buf[32];
    assert_int_equal(dl_vec_format(v, 3, buf, sizeof buf), 8);
    assert_string_equal(buf, "(10,0,7)");
    char small[4];
    assert_int_equal(dl_vec_format(v, 3, small, sizeof small), 8); /* truncated, length kept */
    assert_string_equal(small, "(10");
}

static void test_wfg_cycle(void **st) {
    (void)st;
    dl_wfg g = {.n = 4};
    int32_t cyc[DL_MAX_PROCS];
    /* 0 -> 1 -> 2 -> 0, and 3 -> 1 outside the cycle. */
    dl_wfg_add(&g, 0, 1);
    dl_wfg_add(&g, 1, 2);
    dl_wfg_add(&g, 2, 0);
    dl_wfg_add(&g, 3, 1);
    assert_int_equal(dl_wfg_find_cycle(&g, cyc), 3);
    assert_int_equal(cyc[0], 0);
    assert_int_equal(cyc[1], 1);
    assert_int_equal(cyc[2], 2);
    char buf[128];
    dl_wfg_cycle_format(cyc, 3, buf, sizeof buf);
    assert_string_equal(buf, "P0 waits for P1, P1 waits for P2, P2 waits for P0");

    /* 0 -> 1 -> 3 -> 2 -> 1: the DFS path is 0,1,3,2 and 2 -> 1 closes
     * the cycle 1,3,2 (0 is only on the way in). */
    dl_wfg h = {.n = 4};
    dl_wfg_add(&h, 0, 1);
    dl_wfg_add(&h, 1, 3);
    dl_wfg_add(&h, 3, 2);
    dl_wfg_add(&h, 2, 1);
    assert_int_equal(dl_wfg_find_cycle(&h, cyc), 3);
    dl_wfg_cycle_format(cyc, 3, buf, sizeof buf);
    assert_string_equal(buf, "P1 waits for P3, P3 waits for P2, P2 waits for P1");

    /* A cycle found from a later root is rotated to its lowest process:
     * 3 -> 2 -> 3 is reported as 2, 3. */
    dl_wfg k = {.n = 4};
    dl_wfg_add(&k, 3, 2);
    dl_wfg_add(&k, 2, 3);
    assert_int_equal(dl_wfg_find_cycle(&k, cyc), 2);
    assert_int_equal(cyc[0], 2);
    assert_int_equal(cyc[1], 3);

    /* A DAG (0 -> 1, 0 -> 2, 1 -> 2) has none. */
    dl_wfg dag = {.n = 3};
    dl_wfg_add(&dag, 0, 1);
    dl_wfg_add(&dag, 0, 2);
    dl_wfg_add(&dag, 1, 2);
    assert_int_equal(dl_wfg_find_cycle(&dag, cyc), 0);
    dl_wfg_add(&dag, 0, 9); /* out of range: ignored */
    assert_int_equal(dag.waits_for[0], 6);
}

/* Single instances: P0 holds R0 and wants R1, P1 holds R1 and wants R2, P2
 * holds R2 and wants R0; P3 holds nothing and wants R0. */
static void test_wfg_build(void **st) {
    (void)st;
    dl_state *s = malloc(sizeof *s);
    assert_non_null(s);
    dl_state_init(s, 4, 3);
    s->alloc[0][0] = 1;
    s->request[0][1] = 1;
    s->alloc[1][1] = 1;
    s->request[1][2] = 1;
    s->alloc[2][2] = 1;
    s->request[2][0] = 1;
    s->request[3][0] = 1;
    dl_wfg g;
    dl_wfg_build(s, &g);
    assert_int_equal(g.waits_for[0], 1 << 1);
    assert_int_equal(g.waits_for[1], 1 << 2);
    assert_int_equal(g.waits_for[2], 1 << 0);
    assert_int_equal(g.waits_for[3], 1 << 0);
    int32_t cyc[DL_MAX_PROCS];
    assert_int_equal(dl_wfg_find_cycle(&g, cyc), 3);
    assert_int_equal(cyc[0], 0);
    assert_int_equal(cyc[1], 1);
    assert_int_equal(cyc[2], 2);
    /* Detection on the same state agrees: P0..P2 deadlocked, P3 idle. */
    int32_t dead[DL_MAX_PROCS];
    assert_int_equal(dl_detect(s, dead, NULL), 3);
    assert_int_equal(dead[2], 2);
    free(s);
}

/* --- the quick mode through the machine --- */

static machine *mode_machine(const dl_state *s, dl_algo algo, int32_t pid, const int64_t *grant) {
    machine *m = machine_create(MODE_DEADLOCK, NULL, 1, 1);
    assert_non_null(m);
    dl_mode *d = dl_mode_create(s, algo, pid, grant);
    assert_non_null(d);
    machine_attach(m, &dl_mode_ops, d);
    return m;
}

static int run_to_end(machine *m) {
    int ticks = 0;
    while (!machine_done(m) && ticks < 1000) {
        machine_tick(m);
        ticks++;
    }
    return ticks;
}

/* The text of the first event of kind in the log, into buf. */
static bool find_event(const machine *m, int kind, int32_t pid, char *buf, size_t n) {
    for (uint64_t q = evlog_first(&m->log); q < evlog_end(&m->log); q++) {
        const event *ev = evlog_get(&m->log, q);
        if (ev && ev->kind == kind && (pid < 0 || ev->pid == pid)) {
            event_format(m, ev, buf, n);
            return true;
        }
    }
    return false;
}

/* Banker's with grant 1:1,0,2: 5 ticks of safety (the fifth finish ends the
 * run), 1 tick of request check, 5 ticks on the state after: 11 ticks. */
static void test_mode_banker_grant(void **st) {
    (void)st;
    dl_state *s = textbook_banker();
    int64_t g[DL_MAX_RES] = {1, 0, 2};
    machine *m = mode_machine(s, DL_BANKER, 1, g);
    assert_false(machine_done(m));
    machine_tick(m);
    const dl_mode *d = dl_mode_of(m);
    assert_non_null(d);
    assert_vec(d->run.work, 5, 3, 2); /* tick 0 finished P1 */
    assert_int_equal(run_to_end(m), 10);
    assert_int_equal(m->tick, 11);
    assert_true(d->granted);
    assert_int_equal(d->reason, DL_REASON_SAFE);

    char buf[512];
    assert_true(find_event(m, EV_RES_FINISH, 1, buf, sizeof buf));
    assert_string_equal(buf, "P1's need (1,2,2) fits in work (3,3,2): P1 can finish, work becomes "
                             "(5,3,2)");
    assert_true(find_event(m, EV_RES_SAFE, -1, buf, sizeof buf));
    assert_string_equal(buf, "the state is safe: safe sequence P1, P3, P0, P2, P4");
    assert_true(find_event(m, EV_RES_PRETEND, 1, buf, sizeof buf));
    assert_string_equal(buf, "pretend to grant (1,0,2) to P1: available becomes (2,3,0), P1 "
                             "holds (3,0,2) and needs (0,2,0)");
    assert_true(find_event(m, EV_RES_GRANTED, 1, buf, sizeof buf));
    assert_string_equal(buf, "grant of (1,0,2) to P1 accepted: the state after it is safe");

    cJSON *rep = report_build(m, false);
    assert_non_null(rep);
    assert_string_equal(cJSON_GetObjectItem(rep, "algorithm")->valuestring, "banker");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(rep, "safe")));
    cJSON *seq = cJSON_GetObjectItem(rep, "sequence");
    assert_int_equal(cJSON_GetArraySize(seq), 5);
    assert_int_equal(cJSON_GetArrayItem(seq, 0)->valueint, 1);
    assert_int_equal(cJSON_GetArrayItem(seq, 4)->valueint, 4);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(rep, "granted")));
    assert_string_equal(cJSON_GetObjectItem(rep, "reason")->valuestring, "safe");
    cJSON *steps = cJSON_GetObjectItem(rep, "steps");
    assert_int_equal(cJSON_GetArraySize(steps), 5);
    cJSON *w = cJSON_GetObjectItem(cJSON_GetArrayItem(steps, 1), "work");
    assert_int_equal(cJSON_GetArrayItem(w, 0)->valueint, 7);
    cJSON *need = cJSON_GetArrayItem(cJSON_GetObjectItem(rep, "need"), 0);
    assert_int_equal(cJSON_GetArrayItem(need, 1)->valueint, 4);
    cJSON *after = cJSON_GetObjectItem(rep, "after");
    assert_non_null(after);
    assert_int_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(after, "available"), 2)->valueint, 0);
    cJSON_Delete(rep);

    rep = report_build(m, true); /* --summary: no per-step arrays */
    assert_null(cJSON_GetObjectItem(rep, "steps"));
    assert_non_null(cJSON_GetObjectItem(rep, "sequence"));
    cJSON_Delete(rep);
    machine_destroy(m);
    free(s);
}

/* From the state after the first grant, P0 asks (0,2,0): 5 ticks safe, the
 * check, then one tick in which nothing fits in 2,1,0: 7 ticks, refused. */
static void test_mode_banker_refused(void **st) {
    (void)st;
    dl_state *s = textbook_banker();
    dl_state *after = malloc(sizeof *after);
    assert_non_null(after);
    int64_t g1[DL_MAX_RES] = {1, 0, 2};
    dl_request_pretend(s, 1, g1, after);
    int64_t g[DL_MAX_RES] = {0, 2, 0};
    machine *m = mode_machine(after, DL_BANKER, 0, g);
    assert_int_equal(run_to_end(m), 7);
    char buf[512];
    assert_true(find_event(m, EV_RES_REFUSED, 0, buf, sizeof buf));
    assert_string_equal(buf, "grant of (0,2,0) to P0 refused: the state after it would be unsafe");
    assert_true(find_event(m, EV_RES_UNSAFE, -1, buf, sizeof buf));
    assert_string_equal(buf, "the state after the grant is unsafe: the need of P0, P1, P2, P3, P4 "
                             "does not fit in work (2,1,0)");
    cJSON *rep = report_build(m, false);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(rep, "safe"))); /* the state before */
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(rep, "granted")));
    assert_string_equal(cJSON_GetObjectItem(rep, "reason")->valuestring, "unsafe");
    cJSON_Delete(rep);
    machine_destroy(m);

    /* P4 asks (3,3,0) > available (2,3,0): must wait, decided in the check tick. */
    int64_t gw[DL_MAX_RES] = {3, 3, 0};
    m = mode_machine(after, DL_BANKER, 4, gw);
    assert_int_equal(run_to_end(m), 6);
    assert_true(find_event(m, EV_RES_REQ_WAIT, 4, buf, sizeof buf));
    assert_string_equal(buf, "P4 asks for (3,3,0) but only (2,3,0) is available: P4 must wait");
    rep = report_build(m, false);
    assert_string_equal(cJSON_GetObjectItem(rep, "reason")->valuestring, "wait");
    assert_null(cJSON_GetObjectItem(rep, "after"));
    cJSON_Delete(rep);
    machine_destroy(m);
    free(after);
    free(s);
}

/* Detection with P2 asking 0,0,1 more: tick 0 finishes P0, tick 1 finds
 * nothing fits in 0,1,0 and concludes. */
static void test_mode_detect(void **st) {
    (void)st;
    dl_state *s = textbook_detect();
    s->request[2][2] = 1;
    machine *m = mode_machine(s, DL_DETECT, -1, NULL);
    assert_int_equal(run_to_end(m), 2);
    char buf[512];
    assert_true(find_event(m, EV_RES_FINISH, 0, buf, sizeof buf));
    assert_string_equal(buf, "P0's request (0,0,0) fits in work (0,0,0): P0 can finish, work "
                             "becomes (0,1,0)");
    assert_true(find_event(m, EV_RES_DEADLOCK, -1, buf, sizeof buf));
    assert_string_equal(
        buf, "P1, P2, P3, P4 are deadlocked: none of their requests fits in work (0,1,0)");
    cJSON *rep = report_build(m, false);
    assert_string_equal(cJSON_GetObjectItem(rep, "algorithm")->valuestring, "detect");
    cJSON *dead = cJSON_GetObjectItem(rep, "deadlocked");
    assert_int_equal(cJSON_GetArraySize(dead), 4);
    assert_int_equal(cJSON_GetArrayItem(dead, 0)->valueint, 1);
    cJSON *fo = cJSON_GetObjectItem(rep, "finish_order");
    assert_int_equal(cJSON_GetArraySize(fo), 1);
    assert_int_equal(cJSON_GetArrayItem(fo, 0)->valueint, 0);
    cJSON_Delete(rep);
    machine_destroy(m);
    free(s);

    /* Everyone idle: one tick announces it and concludes. */
    dl_state *e = malloc(sizeof *e);
    assert_non_null(e);
    dl_state_init(e, 2, 1);
    e->request[0][0] = 3;
    m = mode_machine(e, DL_DETECT, -1, NULL);
    assert_int_equal(run_to_end(m), 1);
    assert_true(find_event(m, EV_RES_IDLE, 1, buf, sizeof buf));
    assert_string_equal(buf, "P1 holds nothing, so it cannot be deadlocked");
    assert_true(find_event(m, EV_RES_DEADLOCK, -1, buf, sizeof buf));
    assert_string_equal(buf, "every process can finish: no deadlock");
    machine_destroy(m);

    /* One deadlocked process: available 0, alloc 1, request 3. */
    dl_state_init(e, 1, 1);
    e->alloc[0][0] = 1;
    e->request[0][0] = 3;
    m = mode_machine(e, DL_DETECT, -1, NULL);
    assert_int_equal(run_to_end(m), 1);
    assert_true(find_event(m, EV_RES_DEADLOCK, -1, buf, sizeof buf));
    assert_string_equal(buf, "P0 is deadlocked: its request (3) does not fit in work (0)");
    machine_destroy(m);
    free(e);
}

/* --- the command line --- */

static int build(machine **m, cli_error *err, int argc, ...) {
    char *argv[32];
    va_list ap;
    va_start(ap, argc);
    for (int i = 0; i < argc; i++) {
        argv[i] = va_arg(ap, char *);
    }
    va_end(ap);
    cli_common c;
    cli_common_default(&c);
    *m = NULL;
    return cli_deadlock_build(argc, argv, &c, m, err);
}

static void test_cli_ok(void **st) {
    (void)st;
    machine *m;
    cli_error err;
    assert_int_equal(build(&m, &err, 9, "--banker", "--available", "3,3,2", "--alloc",
                           "0,1,0;2,0,0;3,0,2;2,1,1;0,0,2", "--max",
                           "7,5,3;3,2,2;9,0,2;2,2,2;4,3,3", "--grant", "1:1,0,2"),
                     0);
    assert_non_null(m);
    const dl_mode *d = dl_mode_of(m);
    assert_int_equal(d->state.n, 5);
    assert_int_equal(d->state.m, 3);
    assert_int_equal(d->grant_pid, 1);
    assert_vec(d->grant, 1, 0, 2);
    run_to_end(m);
    assert_true(d->granted);
    machine_destroy(m);

    assert_int_equal(build(&m, &err, 7, "--detect", "--available=0", "--alloc", "1", "--request",
                           "3", "--summary"),
                     0);
    run_to_end(m);
    assert_int_equal(dl_mode_of(m)->run.nfinished, 0);
    machine_destroy(m);
}

static void expect_error(const char *want, int argc, ...) {
    char *argv[32];
    va_list ap;
    va_start(ap, argc);
    for (int i = 0; i < argc; i++) {
        argv[i] = va_arg(ap, char *);
    }
    va_end(ap);
    cli_common c;
    cli_common_default(&c);
    cli_error err;
    machine *m = NULL;
    assert_int_equal(cli_deadlock_build(argc, argv, &c, &m, &err), 2);
    assert_null(m);
    assert_int_equal(err.status, 2);
    if (!strstr(err.msg, want)) {
        fail_msg("message '%s' lacks '%s'", err.msg, want);
    }
}

static void test_cli_errors(void **st) {
    (void)st;
    expect_error("--detect/--banker: one of them is required", 2, "--available", "1");
    expect_error("--banker: cannot be combined with --detect", 2, "--detect", "--banker");
    expect_error("--max: required with --banker", 5, "--banker", "--available", "1", "--alloc",
                 "0");
    expect_error("--available: required", 3, "--detect", "--alloc", "1");
    expect_error("--request: only with --detect", 9, "--banker", "--available", "1", "--alloc", "0",
                 "--max", "1", "--request", "1");
    expect_error("--grant: only with --banker", 9, "--detect", "--available", "1", "--alloc", "0",
                 "--request", "1", "--grant", "0:1");
    expect_error("--alloc: row 2 (P1) has 1 value, but --available has 2", 7, "--detect",
                 "--available", "1,1", "--alloc", "0,1;1", "--request", "0,0;0,0");
    expect_error("--request: 1 rows, but --alloc has 2", 7, "--detect", "--available", "1",
                 "--alloc", "0;1", "--request", "0");
    expect_error("--alloc: row 1 (P0), column 2: '-1' is not a non-negative integer", 7, "--detect",
                 "--available", "1,1", "--alloc", "0,-1", "--request", "0,0");
    expect_error("--available: value 1: '1000001' is too large", 7, "--detect", "--available",
                 "1000001", "--alloc", "0", "--request", "0");
    expect_error("--alloc: row 2 (P1) is empty", 7, "--detect", "--available", "1", "--alloc", "0;",
                 "--request", "0;0");
    expect_error("--alloc: P0 holds 3 of resource type 0 (row 1, column 1), more than its --max 2",
                 7, "--banker", "--available", "1", "--alloc", "3", "--max", "2");
    expect_error("--grant: P0 asks for (2), more than its need (1)", 9, "--banker", "--available",
                 "5", "--alloc", "1", "--max", "2", "--grant", "0:2");
    expect_error("--grant: process 1 out of range (0-0)", 9, "--banker", "--available", "5",
                 "--alloc", "1", "--max", "2", "--grant", "1:0");
    expect_error("--grant: expected P:V", 9, "--banker", "--available", "5", "--alloc", "1",
                 "--max", "2", "--grant", "1");
    expect_error("--alloc: given more than once", 5, "--detect", "--alloc", "1", "--alloc", "1");
    expect_error("--frames: unknown option", 1, "--frames");
    expect_error("--available: needs a value", 2, "--detect", "--available");
    expect_error("--detect: takes no value", 1, "--detect=1");
}

/* The limits: 65 rows or 33 columns are refused before anything is allocated. */
static void test_cli_limits(void **st) {
    (void)st;
    char rows[65 * 2 + 1], cols[33 * 2 + 1];
    size_t k = 0;
    for (int i = 0; i < 65; i++) {
        rows[k++] = '0';
        rows[k++] = ';';
    }
    rows[k - 1] = '\0';
    k = 0;
    for (int i = 0; i < 33; i++) {
        cols[k++] = '0';
        cols[k++] = ',';
    }
    cols[k - 1] = '\0';
    expect_error("--alloc: more than 64 rows", 7, "--detect", "--available", "1", "--alloc", rows,
                 "--request", "0");
    expect_error("--available: more than 32 resource types", 7, "--detect", "--available", cols,
                 "--alloc", "0", "--request", "0");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_need),
        cmocka_unit_test(test_banker_safe_sequence),
        cmocka_unit_test(test_banker_stepwise),
        cmocka_unit_test(test_banker_unsafe),
        cmocka_unit_test(test_banker_requests),
        cmocka_unit_test(test_detect_textbook),
        cmocka_unit_test(test_detect_idle),
        cmocka_unit_test(test_vec_format),
        cmocka_unit_test(test_wfg_cycle),
        cmocka_unit_test(test_wfg_build),
        cmocka_unit_test(test_mode_banker_grant),
        cmocka_unit_test(test_mode_banker_refused),
        cmocka_unit_test(test_mode_detect),
        cmocka_unit_test(test_cli_ok),
        cmocka_unit_test(test_cli_errors),
        cmocka_unit_test(test_cli_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
