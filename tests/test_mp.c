/* Scheduling over several CPUs (mp.h). Every timeline below was worked out on
 * paper from the rules pinned in mp.h and sched.h; the comments show the work.
 * Jobs are (start, run, iofreq); timelines are one row per CPU. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "machine.h"

typedef struct job {
    uint64_t start;
    uint32_t run, iofreq;
} job;

static machine *build(sched_policy pol, int ncpus, const mp_config *mc, const job *jobs, int n,
                      uint32_t iotime, uint64_t seed) {
    sched_config cfg;
    sched_config_default(&cfg, pol);
    machine *m = machine_create(MODE_SCHED, &cfg, ncpus, seed);
    assert_non_null(m);
    m->record = true;
    assert_int_equal(mp_configure(m, mc), 0);
    for (int i = 0; i < n; i++)
        assert_int_equal(machine_add_job(m, jobs[i].start, jobs[i].run, jobs[i].iofreq, iotime), i);
    return m;
}

static void run(machine *m) {
    for (int guard = 0; !machine_done(m); guard++) {
        assert_true(guard < 100000);
        machine_tick(m);
    }
}

static machine *make(sched_policy pol, int ncpus, const mp_config *mc, const job *jobs, int n,
                     uint32_t iotime) {
    machine *m = build(pol, ncpus, mc, jobs, n, iotime, 1);
    run(m);
    return m;
}

/* want: ncpus rows of n ticks. */
static void assert_timelines(const machine *m, const int32_t *want, uint64_t n) {
    assert_int_equal(m->tick, n);
    assert_int_equal(m->hist_len, n * (uint64_t)m->ncpus);
    for (int c = 0; c < m->ncpus; c++)
        for (uint64_t t = 0; t < n; t++) {
            int32_t got = m->timeline[t * (uint64_t)m->ncpus + (uint64_t)c];
            if (got != want[(uint64_t)c * n + t])
                fail_msg("CPU%d tick %llu: ran %d, expected %d", c, (unsigned long long)t, got,
                         want[(uint64_t)c * n + t]);
        }
}

/* The sentence of the first event of that kind (and tick, unless any), or "". */
static const char *sentence(const machine *m, int kind, int64_t tick, char *buf, size_t n) {
    buf[0] = '\0';
    for (uint64_t s = evlog_first(&m->log); s < evlog_end(&m->log); s++) {
        const event *e = evlog_get(&m->log, s);
        if (e->kind == kind && (tick < 0 || e->tick == (uint64_t)tick)) {
            event_format(m, e, buf, n);
            break;
        }
    }
    return buf;
}

static int count_events(const machine *m, int kind) {
    int k = 0;
    for (uint64_t s = evlog_first(&m->log); s < evlog_end(&m->log); s++)
        k += evlog_get(&m->log, s)->kind == kind;
    return k;
}

/* Global FIFO queue, 2 CPUs, lengths 3, 2, 4: CPU0 takes P0, CPU1 skips P0
 * (running on CPU0) and takes P1. P1 ends at 2: CPU1 takes P2. P0 ends at 3:
 * CPU0 finds only P2, running on CPU1, and idles. */
static void test_global_fifo_three_jobs(void **state) {
    (void)state;
    mp_config mc = {0};
    job jobs[] = {{0, 3, 0}, {0, 2, 0}, {0, 4, 0}};
    machine *m = make(SCHED_FIFO, 2, &mc, jobs, 3, 5);
    const int32_t want[] = {0, 0, 0, -1, -1, -1, /* CPU0 */
                            1, 1, 2, 2,  2,  2}; /* CPU1 */
    assert_timelines(m, want, 6);
    assert_int_equal(proc_turnaround(machine_proc(m, 2)), 6);
    assert_int_equal(machine_proc(m, 2)->wait_time, 2);
    machine_metrics mt;
    machine_metrics_get(m, &mt);
    assert_true(mt.utilisation == 0.75); /* (3 + 6) / (6 * 2) */
    assert_int_equal(m->mp.migrations, 0);
    machine_destroy(m);
}

/* Global FIFO with an I/O (iotime 2): P0 = (0,4,2), P1 = 3, P2 = 3.
 * t0-1: CPU0 P0 (I/O after 2 ticks, back at 4), CPU1 P1.
 * t2: CPU0 skips P1 (on CPU1), takes P2; t2: P1's last tick (ends at 3).
 * t3: CPU0 P2, CPU1 idle (P2 is on CPU0).
 * t4: P0 is back; CPU0 keeps P2 (its last tick), CPU1 takes P0: a migration.
 * t5: CPU1 P0 (ends at 6), CPU0 idle. */
static void test_global_fifo_io_migrates(void **state) {
    (void)state;
    mp_config mc = {0};
    job jobs[] = {{0, 4, 2}, {0, 3, 0}, {0, 3, 0}};
    machine *m = make(SCHED_FIFO, 2, &mc, jobs, 3, 2);
    const int32_t want[] = {0, 0, 2, 2,  2, -1, /* CPU0 */
                            1, 1, 1, -1, 0, 0}; /* CPU1 */
    assert_timelines(m, want, 6);
    assert_int_equal(machine_proc(m, 0)->migrated, 1);
    assert_int_equal(m->mp.migrations, 1);
    char buf[160];
    assert_string_equal(sentence(m, EV_MIGRATE, 4, buf, sizeof buf),
                        "P0 (job0) migrates from CPU0 to CPU1: its cache stays behind");
    machine_destroy(m);
}

/* Global RR (quantum 1), lengths 3, 3, 3, 2 CPUs, without affinity:
 *   t0 C0 P0, C1 P1            queue then [2,0,1]
 *   t1 C0 P2, C1 P0 (mig)      [0,1,2] then [1,2,0]
 *   t2 C0 P1 (mig), C1 P2 (mig)
 *   t3 C0 P0 (mig, ends), C1 P1 (mig, ends)
 *   t4 C0 P2 (mig, ends), C1 idle            -> 6 migrations, 2 each.
 * With --affinity (look-ahead 4): a CPU whose first candidate last ran
 * elsewhere takes one of its own instead:
 *   t0 C0 P0, C1 P1            [2,0,1]
 *   t1 C0 P2 (never ran: taken in order), C1: P0 is CPU0's, P1 is its own
 *   t2 C0 P0, C1: P2 is CPU0's -> P1 (ends)
 *   t3 C0 P2, C1: P0 is CPU0's and no other candidate -> P0 (mig, ends)
 *   t4 C0 P2 (ends)                           -> 1 migration. */
static void test_global_rr_affinity_lookahead(void **state) {
    (void)state;
    job jobs[] = {{0, 3, 0}, {0, 3, 0}, {0, 3, 0}};
    mp_config plain = {0};
    machine *m = make(SCHED_RR, 2, &plain, jobs, 3, 5);
    const int32_t want[] = {0, 2, 1, 0, 2, /* CPU0 */
                            1, 0, 2, 1, -1};
    assert_timelines(m, want, 5);
    for (int32_t pid = 0; pid < 3; pid++)
        assert_int_equal(machine_proc(m, pid)->migrated, 2);
    assert_int_equal(m->mp.migrations, 6);
    machine_destroy(m);

    mp_config aff = {.affinity = true};
    m = make(SCHED_RR, 2, &aff, jobs, 3, 5);
    const int32_t want_aff[] = {0, 2, 0, 2, 2, /* CPU0 */
                                1, 1, 1, 0, -1};
    assert_timelines(m, want_aff, 5);
    assert_int_equal(m->mp.migrations, 1);
    assert_int_equal(machine_proc(m, 0)->migrated, 1);
    machine_destroy(m);
}

/* Per-CPU FIFO, 2 CPUs, lengths 2, 6, 2, 6: placement by least load, ties to
 * the lower CPU: P0 C0, P1 C1, P2 C0, P3 C1. CPU0 runs out of work at tick 4
 * and, with --steal, takes P3 (the tail of CPU1's queue, 2 runnable vs 0). */
static void test_percpu_steal_unbalanced(void **state) {
    (void)state;
    job jobs[] = {{0, 2, 0}, {0, 6, 0}, {0, 2, 0}, {0, 6, 0}};
    mp_config nosteal = {.percpu = true};
    machine *m = make(SCHED_FIFO, 2, &nosteal, jobs, 4, 5);
    const int32_t want[] = {0, 0, 2, 2, -1, -1, -1, -1, -1, -1, -1, -1, /* CPU0 */
                            1, 1, 1, 1, 1,  1,  3,  3,  3,  3,  3,  3};
    assert_timelines(m, want, 12);
    machine_destroy(m);

    mp_config steal = {.percpu = true, .steal = true};
    m = make(SCHED_FIFO, 2, &steal, jobs, 4, 5);
    const int32_t want_steal[] = {0, 0, 2, 2, 3, 3, 3,  3,  3,  3, /* CPU0 */
                                  1, 1, 1, 1, 1, 1, -1, -1, -1, -1};
    assert_timelines(m, want_steal, 10);
    assert_int_equal(m->mp.steals, 1);
    assert_int_equal(m->mp.migrations, 0); /* P3 had never run */
    char buf[160];
    assert_string_equal(sentence(m, EV_STEAL, 4, buf, sizeof buf),
                        "CPU0 steals P3 (job3) from CPU1 (2 runnable vs 0)");
    assert_string_equal(sentence(m, EV_ARRIVE, 0, buf, sizeof buf),
                        "P0 (job0) arrives and joins CPU0's queue (level 0)");
    machine_destroy(m);
}

/* Per-CPU FIFO, 3 CPUs, 9 jobs placed round robin by the ties:
 * C0 [P0 1, P3 1, P6 1], C1 [P1 3, P4 2, P7 4], C2 [P2 3, P5 2, P8 4].
 * t3: CPU0 is empty; CPU1 and CPU2 both hold 2: the lower, CPU1, is robbed
 * of its tail P7. t5: CPU1 is empty, but nobody holds 2 (CPU0 1, CPU2 1). */
static void test_percpu_steal_tie_lowest_victim(void **state) {
    (void)state;
    job jobs[] = {{0, 1, 0}, {0, 3, 0}, {0, 3, 0}, {0, 1, 0}, {0, 2, 0},
                  {0, 2, 0}, {0, 1, 0}, {0, 4, 0}, {0, 4, 0}};
    mp_config mc = {.percpu = true, .steal = true};
    machine *m = make(SCHED_FIFO, 3, &mc, jobs, 9, 5);
    const int32_t want[] = {0, 3, 6, 7, 7, 7,  7,  -1, -1, /* CPU0 */
                            1, 1, 1, 4, 4, -1, -1, -1, -1, /* CPU1 */
                            2, 2, 2, 5, 5, 8,  8,  8,  8}; /* CPU2 */
    assert_timelines(m, want, 9);
    assert_int_equal(m->mp.steals, 1);
    char buf[160];
    assert_string_equal(sentence(m, EV_STEAL, -1, buf, sizeof buf),
                        "CPU0 steals P7 (job7) from CPU1 (2 runnable vs 0)");
    machine_destroy(m);
}

/* Per-CPU FIFO, 2 CPUs, --balance 2, no stealing: short jobs land on CPU0
 * (P0 P2 P4 P6, 1 tick each), long ones on CPU1 (P1 P3 P5 P7, 6 ticks).
 * t2: loads 2 vs 4: P7 (CPU1's tail) moves to CPU0 -> 3 vs 3.
 * t4: loads 1 vs 3: P5 moves -> 2 vs 2. t6 on: never 2 apart again. */
static void test_percpu_periodic_balance(void **state) {
    (void)state;
    job jobs[] = {{0, 1, 0}, {0, 6, 0}, {0, 1, 0}, {0, 6, 0},
                  {0, 1, 0}, {0, 6, 0}, {0, 1, 0}, {0, 6, 0}};
    mp_config mc = {.percpu = true, .balance = 2};
    machine *m = make(SCHED_FIFO, 2, &mc, jobs, 8, 5);
    const int32_t want[] = {0, 2, 4, 6, 7, 7, 7, 7, 7, 7, 5, 5, 5,  5,  5,  5, /* CPU0 */
                            1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3, -1, -1, -1, -1};
    assert_timelines(m, want, 16);
    assert_int_equal(m->mp.moves, 2);
    assert_int_equal(count_events(m, EV_BALANCE), 2);
    char buf[160];
    assert_string_equal(sentence(m, EV_BALANCE, 2, buf, sizeof buf),
                        "balancing: P7 (job7) moves from CPU1 to CPU0 (4 runnable vs 2)");
    machine_destroy(m);
}

/* Per-CPU FIFO, 2 CPUs, iotime 2: P0 = (0,6,2) does I/O every 2 ticks,
 * P1 = (0,4,0), P2 and P3 = (2,5,0). P0 C0, P1 C1; P0 blocks at the end of
 * t1 (back at 4); at t2 P2 and P3 both join CPU0 (0 vs 1, then 1 vs 1).
 * Without affinity, P0 wakes at 4 to the least loaded CPU1 (2 vs 0): it
 * migrates once; its second I/O (back at 8) finds CPU1 least loaded again
 * (0 vs 1) where it last ran: 1 migration, done at 12. */
static const job io_jobs[] = {{0, 6, 2}, {0, 4, 0}, {2, 5, 0}, {2, 5, 0}};

static void test_percpu_wakeup_without_affinity(void **state) {
    (void)state;
    mp_config mc = {.percpu = true};
    machine *m = make(SCHED_FIFO, 2, &mc, io_jobs, 4, 2);
    const int32_t want[] = {0, 0, 2, 2, 2, 2, 2,  3,  3, 3, 3,  3, /* CPU0 */
                            1, 1, 1, 1, 0, 0, -1, -1, 0, 0, -1, -1};
    assert_timelines(m, want, 12);
    assert_int_equal(machine_proc(m, 0)->migrated, 1);
    assert_int_equal(m->mp.migrations, 1);
    char buf[160];
    assert_string_equal(sentence(m, EV_IO_DONE, 4, buf, sizeof buf),
                        "P0 (job0)'s I/O completes: joins the tail of level 0 on CPU1");
    machine_destroy(m);
}

/* The same with --affinity: P0 wakes to CPU0 every time, behind P2 and P3:
 * 0 migrations, but it waits (CPU1 idles from 4 on): done at 18. */
static void test_percpu_wakeup_with_affinity(void **state) {
    (void)state;
    mp_config mc = {.percpu = true, .affinity = true};
    machine *m = make(SCHED_FIFO, 2, &mc, io_jobs, 4, 2);
    const int32_t want[] = {
        0, 0, 2, 2, 2,  2,  2,  3,  3,  3,  3,  3,  0,  0,  -1, -1, 0,  0, /* CPU0 */
        1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
    assert_timelines(m, want, 18);
    assert_int_equal(machine_proc(m, 0)->migrated, 0);
    assert_int_equal(m->mp.migrations, 0);
    machine_destroy(m);
}

/* --affinity with --steal: P0 goes home at 4 (CPU0: P2, P3, P0) but idle
 * CPU1 steals the tail, P0 (3 runnable vs 0): a migration. At 6 CPU1 is idle
 * again, but CPU0 ran its tick first (CPU order) and P2 ended in it: CPU0
 * holds only P3, nothing to steal. At 8 P0 goes home to CPU1, where it last
 * ran. The same timeline as without affinity, reached by a steal. */
static void test_percpu_affinity_with_steal(void **state) {
    (void)state;
    mp_config mc = {.percpu = true, .affinity = true, .steal = true};
    machine *m = make(SCHED_FIFO, 2, &mc, io_jobs, 4, 2);
    const int32_t want[] = {0, 0, 2, 2, 2, 2, 2,  3,  3, 3, 3,  3, /* CPU0 */
                            1, 1, 1, 1, 0, 0, -1, -1, 0, 0, -1, -1};
    assert_timelines(m, want, 12);
    assert_int_equal(machine_proc(m, 0)->migrated, 1);
    assert_int_equal(m->mp.steals, 1);
    char buf[160];
    assert_string_equal(sentence(m, EV_STEAL, 4, buf, sizeof buf),
                        "CPU1 steals P0 (job0) from CPU0 (3 runnable vs 0)");
    machine_destroy(m);
}

/* Every policy, both organisations, 2 to 5 CPUs, random jobs with I/O:
 * no process runs on two CPUs in one tick; every job gets exactly its CPU
 * time; the migration counts add up; the per-CPU loads match the runnable
 * processes; a CPU idles only when nothing it could take is waiting. */
static void check_invariants(machine *m) {
    uint32_t nruns = 0;
    while (!machine_done(m)) {
        assert_true(m->tick < 100000);
        uint64_t t = m->tick;
        machine_tick(m);
        bool idle[MACHINE_MAX_CPUS] = {false};
        for (int c = 0; c < m->ncpus; c++) {
            int32_t pid = m->timeline[t * (uint64_t)m->ncpus + (uint64_t)c];
            idle[c] = pid < 0;
            nruns += pid >= 0;
            for (int d = 0; pid >= 0 && d < c; d++)
                assert_int_not_equal(m->timeline[t * (uint64_t)m->ncpus + (uint64_t)d], pid);
        }
        uint32_t load[MACHINE_MAX_CPUS] = {0}, runnable = 0;
        for (uint32_t i = 0; i < m->nprocs; i++) {
            const proc *p = &m->procs[i];
            if (p->state != PROC_READY && p->state != PROC_RUNNING)
                continue;
            runnable++;
            if (m->mp.cfg.percpu)
                load[p->rq]++;
            /* A process left waiting by an idle CPU that could have taken it. */
            if (p->state == PROC_READY && p->state_since <= t)
                for (int c = 0; c < m->ncpus; c++)
                    if (idle[c] && (!m->mp.cfg.percpu || p->rq == c))
                        fail_msg("tick %llu: CPU%d idle while P%d waits", (unsigned long long)t, c,
                                 p->pid);
        }
        if (m->mp.cfg.percpu)
            for (int c = 0; c < m->ncpus; c++)
                assert_int_equal(m->mp.load[c], load[c]);
        (void)runnable;
    }
    uint64_t migrated = 0, cpu = 0;
    for (uint32_t i = 0; i < m->nprocs; i++) {
        assert_int_equal(m->procs[i].cpu_time, m->procs[i].length);
        assert_true(m->procs[i].finish >= 0);
        migrated += m->procs[i].migrated;
        cpu += m->procs[i].length;
    }
    assert_int_equal(migrated, m->mp.migrations);
    assert_int_equal(nruns, cpu);
}

static void test_invariants_all_policies(void **state) {
    (void)state;
    const mp_config orgs[] = {
        {0},
        {.affinity = true},
        {.percpu = true},
        {.percpu = true, .steal = true},
        {.percpu = true, .steal = true, .affinity = true, .balance = 3},
    };
    rng r;
    rng_seed(&r, 42);
    for (int pol = 0; pol < SCHED_POLICY_COUNT; pol++)
        for (size_t o = 0; o < sizeof orgs / sizeof *orgs; o++)
            for (int ncpus = 2; ncpus <= 5; ncpus++) {
                sched_config cfg;
                sched_config_default(&cfg, (sched_policy)pol);
                if (pol == SCHED_MLFQ)
                    cfg.boost = 7;
                machine *m = machine_create(MODE_SCHED, &cfg, ncpus, 3);
                assert_non_null(m);
                m->record = true;
                assert_int_equal(mp_configure(m, &orgs[o]), 0);
                int n = 3 + (int)rng_below(&r, 12);
                for (int i = 0; i < n; i++)
                    assert_true(machine_add_job(m, rng_below(&r, 10),
                                                1 + (uint32_t)rng_below(&r, 15),
                                                (uint32_t)rng_below(&r, 4),
                                                1 + (uint32_t)rng_below(&r, 4)) >= 0);
                check_invariants(m);
                machine_destroy(m);
            }
}

/* Same seed, same run; another seed, another lottery (2 CPUs share the draw). */
static void test_determinism(void **state) {
    (void)state;
    job jobs[] = {{0, 20, 0}, {0, 20, 3}, {1, 20, 0}, {2, 20, 5}, {3, 20, 0}};
    mp_config orgs[] = {{0}, {.percpu = true, .steal = true, .affinity = true}};
    for (int o = 0; o < 2; o++) {
        machine *a = build(SCHED_LOTTERY, 3, &orgs[o], jobs, 5, 3, 9);
        machine *b = build(SCHED_LOTTERY, 3, &orgs[o], jobs, 5, 3, 9);
        machine *c = build(SCHED_LOTTERY, 3, &orgs[o], jobs, 5, 3, 10);
        run(a);
        run(b);
        run(c);
        assert_int_equal(a->hist_len, b->hist_len);
        assert_memory_equal(a->timeline, b->timeline, a->hist_len * sizeof *a->timeline);
        assert_int_equal(a->mp.migrations, b->mp.migrations);
        assert_int_equal(a->mp.steals, b->mp.steals);
        assert_true(a->hist_len != c->hist_len ||
                    memcmp(a->timeline, c->timeline, a->hist_len * sizeof *a->timeline) != 0);
        machine_destroy(a);
        machine_destroy(b);
        machine_destroy(c);
    }
}

/* One CPU: the layer changes nothing (the same timeline as sched alone). */
static void test_one_cpu_unchanged(void **state) {
    (void)state;
    mp_config mc = {0};
    job jobs[] = {{0, 3, 0}, {0, 2, 0}};
    machine *m = make(SCHED_RR, 1, &mc, jobs, 2, 5);
    const int32_t want[] = {0, 1, 0, 1, 0};
    assert_timelines(m, want, 5);
    assert_int_equal(m->mp.migrations, 0);
    machine_destroy(m);
}

/* Configuring after processes are queued is refused. */
static void test_configure_too_late(void **state) {
    (void)state;
    mp_config mc = {0};
    job jobs[] = {{0, 3, 0}};
    machine *m = build(SCHED_FIFO, 2, &mc, jobs, 1, 5, 1);
    machine_tick(m);
    mp_config per = {.percpu = true};
    assert_int_equal(mp_configure(m, &per), -1);
    machine_destroy(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_global_fifo_three_jobs),
        cmocka_unit_test(test_global_fifo_io_migrates),
        cmocka_unit_test(test_global_rr_affinity_lookahead),
        cmocka_unit_test(test_percpu_steal_unbalanced),
        cmocka_unit_test(test_percpu_steal_tie_lowest_victim),
        cmocka_unit_test(test_percpu_periodic_balance),
        cmocka_unit_test(test_percpu_wakeup_without_affinity),
        cmocka_unit_test(test_percpu_wakeup_with_affinity),
        cmocka_unit_test(test_percpu_affinity_with_steal),
        cmocka_unit_test(test_invariants_all_policies),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_one_cpu_unchanged),
        cmocka_unit_test(test_configure_too_late),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
