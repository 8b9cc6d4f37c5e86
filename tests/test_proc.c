/* Process lifecycle: fork, wait, zombies, orphans adopted by init, kill,
 * and the event log that explains each step. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "demo.h"
#include "machine.h"

#define RUN(c) \
    { .kind = STEP_RUN, .n = (c) }
#define FORK(p) \
    { .kind = STEP_FORK, .n = (p) }
#define WAIT \
    { .kind = STEP_WAIT, .n = 0 }
#define WAIT_ALL \
    { .kind = STEP_WAIT, .n = 1 }

static machine *make(sched_policy pol, int32_t quantum) {
    sched_config cfg;
    sched_config_default(&cfg, pol);
    if (quantum)
        for (int i = 0; i < SCHED_MAX_LEVELS; i++)
            cfg.quantum[i] = quantum;
    machine *m = machine_create(MODE_DEMO, &cfg, 1, 1);
    assert_non_null(m);
    return m;
}

static int count_events(const machine *m, int kind, int32_t pid) {
    int n = 0;
    for (uint64_t s = evlog_first(&m->log); s < evlog_end(&m->log); s++) {
        const event *ev = evlog_get(&m->log, s);
        n += ev->kind == kind && (pid < 0 || ev->pid == pid);
    }
    return n;
}

static void run_to_end(machine *m) {
    for (int guard = 0; !machine_done(m); guard++) {
        assert_true(guard < 10000);
        machine_tick(m);
    }
}

static void test_fork_and_wait(void **state) {
    (void)state;
    machine *m = make(SCHED_FIFO, 0);
    const prog_step parent[] = {RUN(1), FORK(1), WAIT, RUN(1)};
    const prog_step child[] = {RUN(2)};
    assert_int_equal(machine_add_program(m, "parent", parent, 4), 0);
    assert_int_equal(machine_add_program(m, "child", child, 1), 1);
    assert_int_equal(machine_add_process(m, NULL, 0, 0, -1), 0);
    /* t0 parent runs, forks (child arrives at 1) and blocks in wait; t1-t2 the
     * child runs and exits at 3; the waiting parent reaps it and runs at t3. */
    run_to_end(m);
    const proc *p = machine_proc(m, 0), *c = machine_proc(m, 1);
    assert_int_equal(c->ppid, 0);
    assert_int_equal(c->arrival, 1);
    assert_int_equal(c->finish, 3);
    assert_int_equal(c->state, PROC_TERMINATED);
    assert_int_equal(p->finish, 4);
    assert_int_equal(p->blocked_time, 2);
    assert_int_equal(p->children, 0);
    assert_int_equal(count_events(m, EV_FORK, 0), 1);
    assert_int_equal(count_events(m, EV_WAIT_BLOCK, 0), 1);
    assert_int_equal(count_events(m, EV_REAP, 0), 1);
    machine_destroy(m);
}

static void test_zombie_until_parent_waits(void **state) {
    (void)state;
    machine *m = make(SCHED_RR, 1);
    const prog_step parent[] = {FORK(1), RUN(5), WAIT};
    const prog_step child[] = {RUN(1)};
    machine_add_program(m, "parent", parent, 3);
    machine_add_program(m, "child", child, 1);
    machine_add_process(m, NULL, 0, 0, -1);
    /* rr q1: t0 parent, t1 child exits (parent busy: zombie), t2.. parent. */
    for (int t = 0; t < 3; t++)
        machine_tick(m);
    assert_int_equal(machine_proc(m, 1)->state, PROC_ZOMBIE);
    assert_int_equal(machine_proc(m, 1)->finish, 2);
    run_to_end(m);
    assert_int_equal(machine_proc(m, 1)->state, PROC_TERMINATED);
    assert_int_equal(machine_proc(m, 0)->finish, 6);
    assert_int_equal(count_events(m, EV_REAP, 0), 1);
    machine_destroy(m);
}

static void test_orphan_adopted_by_init(void **state) {
    (void)state;
    machine *m = make(SCHED_FIFO, 0);
    m->pid_base = 1;
    m->init_pid = 1;
    const prog_step init[] = {FORK(1), WAIT_ALL};
    const prog_step parent[] = {FORK(2), RUN(1)};
    const prog_step child[] = {RUN(3)};
    machine_add_program(m, "init", init, 2);
    machine_add_program(m, "parent", parent, 2);
    machine_add_program(m, "child", child, 1);
    assert_int_equal(machine_add_process(m, "init", 0, 0, -1), 1);
    run_to_end(m);
    const proc *orphan = machine_proc(m, 3);
    assert_non_null(orphan);
    assert_int_equal(orphan->ppid, 1);
    assert_int_equal(orphan->state, PROC_TERMINATED);
    assert_int_equal(count_events(m, EV_ORPHAN, 3), 1);
    /* init reaps both its own child and the adopted orphan, then exits last. */
    assert_int_equal(count_events(m, EV_REAP, 1), 2);
    assert_int_equal(machine_proc(m, 1)->finish, (int64_t)m->tick);
    machine_destroy(m);
}

static void test_wait_without_children_returns(void **state) {
    (void)state;
    machine *m = make(SCHED_FIFO, 0);
    const prog_step lonely[] = {RUN(1), WAIT, RUN(1)};
    machine_add_program(m, "lonely", lonely, 3);
    machine_add_process(m, NULL, 0, 0, -1);
    run_to_end(m);
    assert_int_equal(machine_proc(m, 0)->finish, 2);
    assert_int_equal(count_events(m, EV_WAIT_NOCHILD, 0), 1);
    machine_destroy(m);
}

static void test_kill_ready_process(void **state) {
    (void)state;
    machine *m = make(SCHED_RR, 1);
    machine_add_job(m, 0, 5, 0, 0);
    machine_add_job(m, 0, 5, 0, 0);
    machine_tick(m);
    assert_int_equal(machine_kill(m, 1), 0);
    assert_int_equal(machine_proc(m, 1)->state, PROC_TERMINATED);
    assert_int_equal(machine_kill(m, 1), -1); /* already gone */
    run_to_end(m);
    assert_int_equal(m->tick, 5); /* job 0 alone */
    machine_destroy(m);
}

static void test_demo_shows_every_state_and_is_deterministic(void **state) {
    (void)state;
    machine *a = demo_create(1), *b = demo_create(1);
    bool seen[PROC_STATE_COUNT] = {0};
    for (int guard = 0; !machine_done(a); guard++) {
        assert_true(guard < 10000);
        machine_tick(a);
        machine_tick(b);
        for (uint32_t i = 0; i < a->nprocs; i++)
            seen[a->procs[i].state] = true;
        assert_int_equal(a->cpus[0].running, b->cpus[0].running);
    }
    assert_true(seen[PROC_READY] && seen[PROC_RUNNING] && seen[PROC_BLOCKED]);
    assert_true(seen[PROC_ZOMBIE] && seen[PROC_TERMINATED]);
    assert_true(count_events(a, EV_ORPHAN, -1) >= 1);
    assert_int_equal(a->nlive, 0);
    /* Every event formats to a sentence that is not the fallback. */
    char buf[160];
    for (uint64_t s = evlog_first(&a->log); s < evlog_end(&a->log); s++) {
        event_format(a, evlog_get(&a->log, s), buf, sizeof buf);
        assert_null(strstr(buf, "process event"));
    }
    machine_destroy(a);
    machine_destroy(b);
}

static void test_evlog_ring_keeps_the_newest(void **state) {
    (void)state;
    evlog log;
    assert_int_equal(evlog_init(&log, 10), 0); /* rounded up to 16 */
    for (int i = 0; i < 40; i++)
        evlog_emit(&log, (uint64_t)i, EV_IDLE, 0, -1, i, 0, 0);
    assert_int_equal(evlog_end(&log), 40);
    assert_int_equal(evlog_first(&log), 24);
    assert_null(evlog_get(&log, 23));
    assert_int_equal(evlog_get(&log, 30)->a, 30);
    assert_null(evlog_get(&log, 40));
    evlog_free(&log);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fork_and_wait),
        cmocka_unit_test(test_zombie_until_parent_waits),
        cmocka_unit_test(test_orphan_adopted_by_init),
        cmocka_unit_test(test_wait_without_children_returns),
        cmocka_unit_test(test_kill_ready_process),
        cmocka_unit_test(test_demo_shows_every_state_and_is_deterministic),
        cmocka_unit_test(test_evlog_ring_keeps_the_newest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
