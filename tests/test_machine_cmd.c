/* Commands on a running machine: a policy change between ticks and process
 * injection. Every timeline was worked out by hand from the rules in
 * shared/spec/headless.md and the command's contract in machine_cmd.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "machine_cmd.h"
#include "templates.h"

static machine *jobs(sched_policy pol, const uint32_t *runs, int n) {
    sched_config cfg;
    sched_config_default(&cfg, pol);
    machine *m = machine_create(MODE_SCHED, &cfg, 1, 1);
    assert_non_null(m);
    m->record = true;
    for (int i = 0; i < n; i++)
        assert_int_equal(machine_add_job(m, 0, runs[i], 0, 0), i);
    return m;
}

static void run_to_end(machine *m) {
    for (int guard = 0; !machine_done(m); guard++) {
        assert_true(guard < 100000);
        machine_tick(m);
    }
}

static void assert_timeline(const machine *m, const int32_t *want, uint64_t n) {
    assert_int_equal(m->hist_len, n);
    for (uint64_t t = 0; t < n; t++)
        if (m->timeline[t] != want[t])
            fail_msg("tick %llu: ran %d, expected %d", (unsigned long long)t, m->timeline[t],
                     want[t]);
}

/* The newest event of a kind, or NULL. */
static const event *last_of(const machine *m, int kind) {
    for (uint64_t s = evlog_end(&m->log); s > evlog_first(&m->log); s--) {
        const event *ev = evlog_get(&m->log, s - 1);
        if (ev->kind == kind)
            return ev;
    }
    return NULL;
}

/* rr (quantum 1), three jobs of 5: ticks 0 and 1 run P0 and P1, and the queue
 * is then P2 P0 P1. Switched to fifo at tick 2, the ready processes (P1 taken
 * off the CPU) queue in pid order 0 1 2, each running to its end:
 * 0 1 | 0 0 0 0 | 1 1 1 1 | 2 2 2 2 2. Waits: P0 only tick 1; P1 tick 0 and
 * ticks 2-5; P2 ticks 0-9. */
static void test_rr_to_fifo(void **state) {
    (void)state;
    const uint32_t runs[] = {5, 5, 5};
    machine *m = jobs(SCHED_RR, runs, 3);
    machine_tick(m);
    machine_tick(m);
    assert_int_equal(machine_proc(m, 1)->state, PROC_RUNNING);
    sched_config fifo;
    sched_config_default(&fifo, SCHED_FIFO);
    assert_int_equal(machine_set_sched(m, &fifo), 0);
    assert_int_equal(m->sched.cfg.policy, SCHED_FIFO);
    assert_int_equal(machine_proc(m, 1)->state, PROC_READY);
    int32_t q[4];
    assert_int_equal(sched_queue_snapshot(&m->sched, m, 0, q, 4), 3);
    assert_int_equal(q[0], 0);
    assert_int_equal(q[1], 1);
    assert_int_equal(q[2], 2);
    const event *ev = last_of(m, EV_SYS_POLICY);
    assert_non_null(ev);
    assert_int_equal(ev->tick, 2);
    assert_int_equal(ev->a, SCHED_RR);
    assert_int_equal(ev->b, SCHED_FIFO);
    char text[128];
    event_format(m, ev, text, sizeof text);
    assert_string_equal(text, "scheduling policy changed from rr to fifo");

    run_to_end(m);
    const int32_t want[] = {0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2};
    assert_timeline(m, want, 15);
    assert_int_equal(proc_turnaround(machine_proc(m, 0)), 6);
    assert_int_equal(proc_turnaround(machine_proc(m, 1)), 10);
    assert_int_equal(proc_turnaround(machine_proc(m, 2)), 15);
    assert_int_equal(machine_proc(m, 0)->wait_time, 1);
    assert_int_equal(machine_proc(m, 1)->wait_time, 5);
    assert_int_equal(machine_proc(m, 2)->wait_time, 10);
    machine_destroy(m);
}

/* fifo, jobs of 10, 2, 3: P0 runs tick 0. Under sjf from tick 1 the running
 * P0 (9 left) goes into the heap with P1 (2) and P2 (3): 1 1 2 2 2, then P0's
 * nine ticks. */
static void test_fifo_to_sjf_takes_the_running_job_back(void **state) {
    (void)state;
    const uint32_t runs[] = {10, 2, 3};
    machine *m = jobs(SCHED_FIFO, runs, 3);
    machine_tick(m);
    sched_config sjf;
    sched_config_default(&sjf, SCHED_SJF);
    assert_int_equal(machine_set_sched(m, &sjf), 0);
    assert_int_equal(m->sched.nready, 3);
    run_to_end(m);
    const int32_t want[] = {0, 1, 1, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    assert_timeline(m, want, 15);
    assert_int_equal(proc_turnaround(machine_proc(m, 1)), 3);
    assert_int_equal(proc_turnaround(machine_proc(m, 2)), 6);
    assert_int_equal(machine_proc(m, 0)->wait_time, 5);
    machine_destroy(m);
}

/* rr, two jobs of 4; at tick 1 prio, with P1 at priority 5 and P0 at 0: P1
 * runs its four ticks first (levels come from the priorities afresh). */
static void test_rr_to_prio_uses_priorities(void **state) {
    (void)state;
    const uint32_t runs[] = {4, 4};
    machine *m = jobs(SCHED_RR, runs, 2);
    machine_tick(m);
    machine_proc(m, 1)->prio = 5;
    sched_config prio;
    sched_config_default(&prio, SCHED_PRIO);
    assert_int_equal(machine_set_sched(m, &prio), 0);
    assert_int_equal(machine_proc(m, 1)->level, 5);
    assert_int_equal(machine_proc(m, 0)->level, 0);
    run_to_end(m);
    const int32_t want[] = {0, 1, 1, 1, 1, 0, 0, 0};
    assert_timeline(m, want, 8);
    machine_destroy(m);
}

static void test_set_sched_refusals(void **state) {
    (void)state;
    const uint32_t runs[] = {3};
    machine *m = jobs(SCHED_RR, runs, 1);
    sched_config bad;
    sched_config_default(&bad, SCHED_MLFQ);
    bad.levels = 0;
    assert_int_equal(machine_set_sched(m, &bad), -1);
    sched_config_default(&bad, SCHED_MLFQ);
    bad.quantum[1] = 0;
    assert_int_equal(machine_set_sched(m, &bad), -1);
    bad.policy = (sched_policy)99;
    assert_int_equal(machine_set_sched(m, &bad), -1);
    assert_int_equal(m->sched.cfg.policy, SCHED_RR);
    assert_null(last_of(m, EV_SYS_POLICY));
    machine_destroy(m);

    /* A trace-driven mode has no scheduler in use. */
    char a0[] = "--policy", a1[] = "fifo", a2[] = "--frames", a3[] = "2", a4[] = "--refs",
         a5[] = "1,2,3";
    char *argv[] = {a0, a1, a2, a3, a4, a5, NULL};
    cli_common c;
    cli_error err = {0};
    cli_common_default(&c);
    assert_int_equal(cli_paging_build(6, argv, &c, &m, &err), 0);
    sched_config rr;
    sched_config_default(&rr, SCHED_RR);
    assert_int_equal(machine_set_sched(m, &rr), -1);
    assert_int_equal(templates_inject(m, 0, "x", 0), -1);
    machine_destroy(m);
}

/* A cpu-bound process injected at tick 1 into rr beside a job of 3: pid 1,
 * arriving at 1, 40 ticks long. It joins the queue behind P0 (requeued after
 * tick 0), so ticks 1-3 run 0 1 0 and P0 is done at 4; P1 then runs alone
 * from tick 4 to 42 (finish 43, turnaround 42, waited at ticks 1 and 3). */
static void test_inject_cpu_bound(void **state) {
    (void)state;
    const uint32_t runs[] = {3};
    machine *m = jobs(SCHED_RR, runs, 1);
    machine_tick(m);
    int t = templates_find("cpu-bound");
    assert_true(t >= 0);
    assert_int_equal(templates_inject(m, (size_t)t, "hog", 2), 1);
    const proc *p = machine_proc_c(m, 1);
    assert_string_equal(p->name, "hog");
    assert_int_equal(p->state, PROC_NEW);
    assert_int_equal(p->arrival, 1);
    assert_int_equal(p->length, 40);
    assert_int_equal(p->prio, 2);
    assert_int_equal(p->ppid, -1);
    const event *ev = last_of(m, EV_INJECT);
    assert_non_null(ev);
    assert_int_equal(ev->pid, 1);
    assert_int_equal(ev->tick, 1);
    assert_string_equal(m->progs[ev->a].name, "cpu-bound");
    run_to_end(m);
    assert_int_equal(m->tick, 43);
    assert_int_equal(proc_turnaround(machine_proc(m, 0)), 4);
    assert_int_equal(proc_turnaround(machine_proc(m, 1)), 42);
    assert_int_equal(machine_proc(m, 1)->wait_time, 2);
    machine_destroy(m);
}

/* forker: 2 ticks of CPU, two children of 6 ticks, waits for both, 1 tick.
 * Alone under fifo from tick 0: 2 + 6 + 6 + 1 = 15 ticks, children pids 1 and
 * 2 (reaped, so terminated), everything done at 15. */
static void test_inject_forker(void **state) {
    (void)state;
    sched_config cfg;
    sched_config_default(&cfg, SCHED_FIFO);
    machine *m = machine_create(MODE_SCHED, &cfg, 1, 1);
    assert_non_null(m);
    int t = templates_find("forker");
    assert_int_equal(templates_inject(m, (size_t)t, "", 0), 0);
    assert_string_equal(machine_proc(m, 0)->name, "forker");
    run_to_end(m);
    assert_int_equal(m->tick, 15);
    assert_int_equal(m->nprocs, 3);
    for (int32_t pid = 0; pid < 3; pid++)
        assert_int_equal(machine_proc(m, pid)->state, PROC_TERMINATED);
    assert_string_equal(machine_proc(m, 1)->name, "child");
    assert_int_equal(machine_proc(m, 1)->ppid, 0);
    assert_int_equal(proc_turnaround(machine_proc(m, 0)), 15);

    /* Bad input: no such template, a fork with no program to run. */
    assert_int_equal(templates_inject(m, templates_count(), "x", 0), -1);
    prog_step fork = {.kind = STEP_FORK, .n = 0};
    machine_prog bad = {"bad", &fork, 1};
    assert_int_equal(machine_inject(m, "x", &bad, NULL, 0, 0), -1);
    assert_int_equal(m->nprocs, 3);
    machine_destroy(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rr_to_fifo),
        cmocka_unit_test(test_fifo_to_sjf_takes_the_running_job_back),
        cmocka_unit_test(test_rr_to_prio_uses_priorities),
        cmocka_unit_test(test_set_sched_refusals),
        cmocka_unit_test(test_inject_cpu_bound),
        cmocka_unit_test(test_inject_forker),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
