/* Scheduling policies on small hand-worked examples: every timeline below was
 * worked out on paper from the rules in shared/spec/headless.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "machine.h"

typedef struct job {
    uint64_t start;
    uint32_t run, iofreq;
} job;

static machine *make(sched_config *cfg, const job *jobs, int n, uint32_t iotime) {
    machine *m = machine_create(MODE_SCHED, cfg, 1, 1);
    assert_non_null(m);
    m->record = true;
    for (int i = 0; i < n; i++)
        assert_int_equal(machine_add_job(m, jobs[i].start, jobs[i].run, jobs[i].iofreq, iotime), i);
    for (int guard = 0; !machine_done(m); guard++) {
        assert_true(guard < 100000);
        machine_tick(m);
    }
    return m;
}

static void assert_timeline(const machine *m, const int32_t *want, uint64_t n) {
    assert_int_equal(m->hist_len, n);
    for (uint64_t t = 0; t < n; t++) {
        if (m->timeline[t] != want[t])
            fail_msg("tick %llu: ran %d, expected %d", (unsigned long long)t, m->timeline[t],
                     want[t]);
    }
}

static void test_fifo(void **state) {
    (void)state;
    sched_config cfg;
    sched_config_default(&cfg, SCHED_FIFO);
    job jobs[] = {{0, 3, 0}, {0, 2, 0}};
    machine *m = make(&cfg, jobs, 2, 5);
    const int32_t want[] = {0, 0, 0, 1, 1};
    assert_timeline(m, want, 5);
    assert_int_equal(proc_turnaround(machine_proc(m, 1)), 5);
    assert_int_equal(machine_proc(m, 1)->wait_time, 3);
    machine_destroy(m);
}

static void test_sjf_picks_shortest_then_lower_id(void **state) {
    (void)state;
    sched_config cfg;
    sched_config_default(&cfg, SCHED_SJF);
    job jobs[] = {{0, 5, 0}, {0, 2, 0}, {0, 2, 0}};
    machine *m = make(&cfg, jobs, 3, 5);
    const int32_t want[] = {1, 1, 2, 2, 0, 0, 0, 0, 0};
    assert_timeline(m, want, 9);
    machine_metrics mt;
    machine_metrics_get(m, &mt);
    assert_true(mt.avg_turnaround == 5.0); /* (9 + 2 + 4) / 3 */
    assert_true(mt.avg_wait == 2.0);       /* (4 + 0 + 2) / 3 */
    machine_destroy(m);
}

static void test_sjf_is_not_preemptive(void **state) {
    (void)state;
    sched_config cfg;
    sched_config_default(&cfg, SCHED_SJF);
    job jobs[] = {{0, 4, 0}, {1, 1, 0}};
    machine *m = make(&cfg, jobs, 2, 5);
    const int32_t want[] = {0, 0, 0, 0, 1};
    assert_timeline(m, want, 5);
    machine_destroy(m);
}

static void test_stcf_preempts_and_ties_keep_the_runner(void **state) {
    (void)state;
    sched_config cfg;
    sched_config_default(&cfg, SCHED_STCF);
    job jobs[] = {{0, 5, 0}, {1, 2, 0}};
    machine *m = make(&cfg, jobs, 2, 5);
    const int32_t want[] = {0, 1, 1, 0, 0, 0, 0};
    assert_timeline(m, want, 7);
    machine_destroy(m);

    /* At tick 1 both have 2 left: the job that ran at tick 0 keeps the CPU. */
    job tie[] = {{0, 3, 0}, {1, 2, 0}};
    m = make(&cfg, tie, 2, 5);
    const int32_t want2[] = {0, 0, 0, 1, 1};
    assert_timeline(m, want2, 5);
    machine_destroy(m);
}

static void test_rr_quantum(void **state) {
    (void)state;
    sched_config cfg;
    sched_config_default(&cfg, SCHED_RR);
    for (int i = 0; i < SCHED_MAX_LEVELS; i++)
        cfg.quantum[i] = 2;
    job jobs[] = {{0, 3, 0}, {0, 2, 0}};
    machine *m = make(&cfg, jobs, 2, 5);
    const int32_t want[] = {0, 0, 1, 1, 0};
    assert_timeline(m, want, 5);
    assert_int_equal(proc_response(machine_proc(m, 1)), 2);
    machine_destroy(m);
}

static void test_io_blocks_for_iotime(void **state) {
    (void)state;
    sched_config cfg;
    sched_config_default(&cfg, SCHED_RR);
    /* An I/O after every tick of CPU except the last: blocked 2 ticks each. */
    job jobs[] = {{0, 3, 1}};
    machine *m = make(&cfg, jobs, 1, 2);
    const int32_t want[] = {0, -1, -1, 0, -1, -1, 0};
    assert_timeline(m, want, 7);
    const proc *p = machine_proc(m, 0);
    assert_int_equal(p->ios, 2);
    assert_int_equal(p->blocked_time, 4);
    assert_int_equal(p->wait_time, 0);
    machine_destroy(m);
}

static void test_mlfq_demotes_after_allotment(void **state) {
    (void)state;
    sched_config cfg;
    sched_config_default(&cfg, SCHED_MLFQ);
    cfg.levels = 2;
    cfg.quantum[1] = 1; /* top */
    cfg.quantum[0] = 2;
    cfg.allot[1] = cfg.allot[0] = 1;
    job jobs[] = {{0, 4, 0}};
    machine *m = make(&cfg, jobs, 1, 5);
    const int8_t want_lv[] = {1, 0, 0, 0};
    for (int t = 0; t < 4; t++)
        assert_int_equal(m->levels[t], want_lv[t]);
    machine_destroy(m);
}

static void test_mlfq_boost(void **state) {
    (void)state;
    sched_config cfg;
    sched_config_default(&cfg, SCHED_MLFQ);
    cfg.levels = 2;
    cfg.quantum[1] = cfg.quantum[0] = 1;
    cfg.allot[1] = cfg.allot[0] = 1;
    cfg.boost = 3;
    /* t0: A top -> down; t1: B top -> down; t2: A bottom (stays, to the tail);
     * t3: boost lifts the bottom queue [B, A] to the top: B runs at level 1. */
    job jobs[] = {{0, 4, 0}, {0, 4, 0}};
    machine *m = make(&cfg, jobs, 2, 5);
    const int32_t want[] = {0, 1, 0, 1, 0, 1, 0, 1};
    assert_timeline(m, want, 8);
    const int8_t want_lv[] = {1, 1, 0, 1, 1, 0, 1, 1}; /* second boost at t6 */
    for (int t = 0; t < 8; t++)
        assert_int_equal(m->levels[t], want_lv[t]);
    machine_destroy(m);
}

static void test_prio_runs_highest_first(void **state) {
    (void)state;
    sched_config cfg;
    sched_config_default(&cfg, SCHED_PRIO);
    machine *m = machine_create(MODE_SCHED, &cfg, 1, 1);
    m->record = true;
    machine_add_job(m, 0, 2, 0, 0);
    machine_add_job(m, 1, 2, 0, 0);
    machine_proc(m, 1)->prio = 5; /* arrives later, preempts */
    while (!machine_done(m))
        machine_tick(m);
    const int32_t want[] = {0, 1, 1, 0};
    assert_timeline(m, want, 4);
    machine_destroy(m);
}

static void test_lottery_shares_follow_tickets(void **state) {
    (void)state;
    sched_config cfg;
    sched_config_default(&cfg, SCHED_LOTTERY);
    machine *m = machine_create(MODE_SCHED, &cfg, 1, 1);
    machine_add_job(m, 0, 100000, 0, 0);
    machine_add_job(m, 0, 100000, 0, 0);
    machine_proc(m, 0)->tickets = 300;
    machine_proc(m, 1)->tickets = 100;
    for (int t = 0; t < 4000; t++)
        machine_tick(m);
    /* Expected 3000 of 4000 ticks for job 0; the bound is 5 standard deviations. */
    assert_in_range(machine_proc(m, 0)->cpu_time, 3000 - 137, 3000 + 137);
    uint64_t first = machine_proc(m, 0)->cpu_time;
    machine_destroy(m);

    m = machine_create(MODE_SCHED, &cfg, 1, 1);
    machine_add_job(m, 0, 100000, 0, 0);
    machine_add_job(m, 0, 100000, 0, 0);
    machine_proc(m, 0)->tickets = 300;
    machine_proc(m, 1)->tickets = 100;
    for (int t = 0; t < 4000; t++)
        machine_tick(m);
    assert_int_equal(machine_proc(m, 0)->cpu_time, first); /* same seed, same run */
    machine_destroy(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fifo),
        cmocka_unit_test(test_sjf_picks_shortest_then_lower_id),
        cmocka_unit_test(test_sjf_is_not_preemptive),
        cmocka_unit_test(test_stcf_preempts_and_ties_keep_the_runner),
        cmocka_unit_test(test_rr_quantum),
        cmocka_unit_test(test_io_blocks_for_iotime),
        cmocka_unit_test(test_mlfq_demotes_after_allotment),
        cmocka_unit_test(test_mlfq_boost),
        cmocka_unit_test(test_prio_runs_highest_first),
        cmocka_unit_test(test_lottery_shares_follow_tickets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
