/* Unit tests of resources in the full machine (resmgr): machines built in
 * code, run tick by tick on one CPU with FIFO scheduling. Every expected tick,
 * pid and vector below is worked by hand in the comments. */
/* cmocka needs these first, in this order. */
// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"
#include "machines.h"
#include "report.h"
#include "resmgr.h"

#define RUN(c) \
    { .kind = STEP_RUN, .n = (c) }
#define IO(c) \
    { .kind = STEP_IO, .n = (c) }
#define ADD(m, name, s) machine_add_program((m), (name), (s), sizeof(s) / sizeof *(s))

static machine *new_machine(const resmgr_config *cfg, int32_t pid_base) {
    sched_config sc;
    sched_config_default(&sc, SCHED_FIFO);
    machine *m = machine_create(MODE_DEMO, &sc, 1, 1);
    assert_non_null(m);
    m->pid_base = pid_base;
    m->record = true;
    assert_non_null(resmgr_attach(m, cfg));
    return m;
}

static void run(machine *m, uint64_t limit) {
    while (!machine_done(m) && m->tick < limit) {
        machine_tick(m);
    }
}

static const proc *P(machine *m, int32_t pid) {
    const proc *p = machine_proc_c(m, pid);
    assert_non_null(p);
    return p;
}

/* The n-th event (0 first) of a kind, or NULL. */
static const event *find_event(const machine *m, int kind, int nth) {
    for (uint64_t s = evlog_first(&m->log); s < evlog_end(&m->log); s++) {
        const event *ev = evlog_get(&m->log, s);
        if (ev->kind == kind && nth-- == 0) {
            return ev;
        }
    }
    return NULL;
}

static int count_events(const machine *m, int kind) {
    int k = 0;
    while (find_event(m, kind, k)) {
        k++;
    }
    return k;
}

static void assert_text(const machine *m, const event *ev, const char *part) {
    char buf[1024];
    assert_non_null(ev);
    event_format(m, ev, buf, sizeof buf);
    if (!strstr(buf, part)) {
        fail_msg("\"%s\" not in \"%s\"", part, buf);
    }
}

/* Five philosophers P1..P5 (phil0..phil4) and forks fork0..fork4 (mutexes).
 * phil i: acquire first, run 1, acquire second, run 2, release first, release
 * second; first = fork i, second = fork i+1 mod 5, or (ordered) the lower
 * numbered of the two first. */
static machine *philosophers(const resmgr_config *cfg, bool ordered_forks) {
    machine *m = new_machine(cfg, 1);
    char name[16];
    for (int i = 0; i < 5; i++) {
        snprintf(name, sizeof name, "fork%d", i);
        assert_int_equal(resmgr_add(m, name, RM_MUTEX, 1), i);
    }
    for (uint32_t i = 0; i < 5; i++) {
        uint32_t a = i, b = (i + 1) % 5;
        if (ordered_forks && a > b) {
            uint32_t t = a;
            a = b;
            b = t;
        }
        prog_step s[] = {RM_ACQUIRE(a, 1), RUN(1),           RM_ACQUIRE(b, 1),
                         RUN(2),           RM_RELEASE(a, 1), RM_RELEASE(b, 1)};
        snprintf(name, sizeof name, "phil%u", i);
        int prog = ADD(m, name, s);
        assert_true(prog >= 0);
        assert_int_equal(machine_add_process(m, name, (uint32_t)prog, 0, -1), (int32_t)i + 1);
    }
    return m;
}

static void assert_finishes(machine *m, const int64_t *finish) {
    for (int32_t pid = 1; pid <= 5; pid++) {
        assert_int_equal(P(m, pid)->finish, finish[pid - 1]);
        assert_int_equal(P(m, pid)->state, PROC_TERMINATED);
    }
}

/* Tick 0: each arrives and takes its left fork at once; P1 runs its tick and
 * asks for fork1 (P2 has it), blocks; ticks 1-4 the same for P2..P5 (P5 asks
 * for fork0, P1 has it). After tick 4 (stamped 5) detection finds all five
 * deadlocked; the cycle starts at P1: P1 -fork1-> P2 -fork2-> P3 -fork3-> P4
 * -fork4-> P5 -fork0-> P1. Recovery none: nothing can run, the machine stops. */
static void test_philosophers_deadlock(void **st) {
    (void)st;
    machine *m = philosophers(NULL, false);
    run(m, 100);
    assert_true(machine_done(m));
    assert_int_equal(m->tick, 5);
    for (int32_t pid = 1; pid <= 5; pid++) {
        assert_int_equal(P(m, pid)->state, PROC_BLOCKED);
        assert_int_equal(P(m, pid)->block_reason, BLOCK_RESOURCE);
        assert_int_equal(P(m, pid)->cpu_time, 1);
    }
    /* P1 waits for one fork1, kept for display. */
    const rm_proc *q = resmgr_proc(resmgr_of(m), m, 1);
    assert_non_null(q);
    assert_true(q->waiting);
    assert_int_equal(q->want[1], 1);
    assert_int_equal(q->why, RM_WHY_BUSY);
    assert_int_equal(q->why_res, 1);
    assert_int_equal(resmgr_owner(m, 1), 2);

    const rm_snapshot *s = resmgr_snapshot(m);
    assert_int_equal(s->last.ndead, 5);
    int32_t dead[] = {1, 2, 3, 4, 5}, res[] = {1, 2, 3, 4, 0};
    assert_memory_equal(s->last.dead, dead, sizeof dead);
    assert_int_equal(s->last.ncycle, 5);
    assert_memory_equal(s->last.cycle, dead, sizeof dead);
    assert_memory_equal(s->last.cycle_res, res, sizeof res);
    for (int c = 0; c < RM_COND_COUNT; c++) {
        assert_int_equal(s->cond[c], RM_COND_HELD);
    }
    /* One deadlock event, at tick 5, naming the cycle. */
    assert_int_equal(count_events(m, EV_RM_DEADLOCK), 1);
    const event *ev = find_event(m, EV_RM_DEADLOCK, 0);
    assert_int_equal(ev->tick, 5);
    assert_int_equal(ev->b, 5);
    assert_text(m, ev, "deadlock among P1 (phil0), P2 (phil1)");
    assert_text(m, ev,
                "P1 waits for fork1 held by P2, P2 waits for fork2 held by P3, P3 waits for "
                "fork3 held by P4, P4 waits for fork4 held by P5, P5 waits for fork0 held by P1");
    assert_text(m, find_event(m, EV_RM_WAIT, 0), "P1 (phil0) waits for fork1, held by P2 (phil1)");
    assert_text(m, find_event(m, EV_RM_STUCK, 0), "5 processes wait");

    /* The graph: five assignment and five request edges, all on the cycle. */
    rm_edge e[32];
    assert_int_equal(resmgr_edges(m, e, 32), 10);
    assert_int_equal(e[0].pid, 1);
    assert_int_equal(e[0].res, 0);
    assert_false(e[0].request);
    assert_int_equal(e[5].pid, 1);
    assert_int_equal(e[5].res, 1);
    assert_true(e[5].request);
    for (int i = 0; i < 10; i++) {
        assert_true(e[i].in_cycle);
    }
    machine_destroy(m);
}

/* Detection every 3 ticks: it runs after ticks 3 and 6, so the deadlock of
 * tick 4 is found at tick 6, and the machine only stops then. */
static void test_detect_every_k(void **st) {
    (void)st;
    resmgr_config cfg;
    resmgr_config_default(&cfg);
    cfg.detect_every = 3;
    machine *m = philosophers(&cfg, false);
    run(m, 100);
    assert_int_equal(m->tick, 6);
    const event *ev = find_event(m, EV_RM_DEADLOCK, 0);
    assert_non_null(ev);
    assert_int_equal(ev->tick, 6);
    machine_destroy(m);
}

/* P5 (phil4) takes fork0 before fork4. Tick 0: P1..P4 take forks 0..3, P5
 * waits for fork0 (P1). P1, P2, P3 each run a tick and block on their right
 * fork (ticks 0-2); P4 gets fork4 at tick 3 and runs to 6, freeing fork3 for
 * P3 (runs 6-7, finish 8), fork2 for P2 (8-9, 10), fork1 for P1 (10-11, 12),
 * whose fork0 lets P5 go: ticks 12-14, finish 15. */
static void test_philosophers_ordered_forks(void **st) {
    (void)st;
    machine *m = philosophers(NULL, true);
    run(m, 100);
    int64_t finish[] = {12, 10, 8, 6, 15};
    assert_finishes(m, finish);
    assert_int_equal(m->tick, 15);
    assert_int_equal(resmgr_of(m)->deadlocks, 0);
    assert_int_equal(count_events(m, EV_RM_DEADLOCK), 0);
    machine_destroy(m);
}

/* The naive programs with the ordered setting. Ticks 0-3 as in the deadlock;
 * at tick 4 P5 asks for fork0 holding fork4: it gives fork4 back (P4 gets it)
 * and waits for fork0 then fork4. P4 runs 5-6 (finish 7), then P3 (9), P2
 * (11), P1 (13); P1's fork0 and the free fork4 let P5 finish at 15. */
static void test_philosophers_ordered_setting(void **st) {
    (void)st;
    resmgr_config cfg;
    resmgr_config_default(&cfg);
    cfg.ordered = true;
    machine *m = philosophers(&cfg, false);
    run(m, 100);
    int64_t finish[] = {13, 11, 9, 7, 15};
    assert_finishes(m, finish);
    assert_int_equal(count_events(m, EV_RM_REORDER), 1);
    const event *ev = find_event(m, EV_RM_REORDER, 0);
    assert_int_equal(ev->pid, 5);
    assert_int_equal(ev->tick, 4);
    assert_int_equal(ev->a, 0);
    assert_int_equal(ev->b, 4);
    assert_text(m, ev, "P5 (phil4) asks for fork0 while holding fork4");
    assert_int_equal(resmgr_of(m)->deadlocks, 0);
    assert_int_equal(resmgr_snapshot(m)->cond[RM_COND_CIRCULAR], RM_COND_BROKEN);
    machine_destroy(m);
}

/* Release-all-when-blocking. Tick 0: P1 cannot get fork1, gives fork0 back,
 * waits for {fork0, fork1}. Tick 1: P2 gives fork1 back: P1 gets both. Tick 2:
 * P3 gives fork2 back, waits {2,3}. Tick 3: P4 gives fork3 back: P3 gets
 * {2,3}. Tick 4: P5 gives fork4 back, waits {4,0}. P1 runs 5-6 (finish 7):
 * fork0 lets P5 have {4,0}. P3 runs 7-8 (9): P2 gets {1,2}. P5 runs 9-10 (11):
 * P4 gets {3,4}. P2 runs 11-12 (13), P4 13-14 (15). */
static void test_philosophers_release_all(void **st) {
    (void)st;
    resmgr_config cfg;
    resmgr_config_default(&cfg);
    cfg.release_on_block = true;
    machine *m = philosophers(&cfg, false);
    run(m, 100);
    int64_t finish[] = {7, 13, 9, 15, 11};
    assert_finishes(m, finish);
    assert_int_equal(count_events(m, EV_RM_RELEASE_ALL), 5); /* P1 to P5, ticks 0-4 */
    assert_int_equal(resmgr_of(m)->deadlocks, 0);
    assert_int_equal(resmgr_snapshot(m)->cond[RM_COND_HOLD_WAIT], RM_COND_BROKEN);
    machine_destroy(m);
}

/* Recovery by kill: at tick 5 all five have 1 tick of CPU; the tie goes to
 * P1, killed; fork0 goes to P5, which runs 5-6 (finish 7); then P4 (9), P3
 * (11), P2 (13). */
static void test_recovery_kill(void **st) {
    (void)st;
    resmgr_config cfg;
    resmgr_config_default(&cfg);
    cfg.recovery = RM_RECOVER_KILL;
    machine *m = philosophers(&cfg, false);
    run(m, 100);
    assert_true(machine_done(m));
    assert_int_equal(m->tick, 13);
    assert_int_equal(P(m, 1)->state, PROC_TERMINATED);
    assert_int_equal(P(m, 1)->finish, 5);
    assert_int_equal(P(m, 5)->finish, 7);
    assert_int_equal(P(m, 4)->finish, 9);
    assert_int_equal(P(m, 3)->finish, 11);
    assert_int_equal(P(m, 2)->finish, 13);
    assert_int_equal(resmgr_of(m)->kills, 1);
    const event *ev = find_event(m, EV_RM_KILL, 0);
    assert_int_equal(ev->pid, 1);
    assert_int_equal(ev->tick, 5);
    assert_text(m, ev, "P1 (phil0) is the cheapest deadlocked process (1 ticks of CPU");
    assert_non_null(find_event(m, EV_KILL, 0));
    machine_destroy(m);
}

/* Recovery by preemption: P1 (cheapest, lowest pid) gives fork0 back and
 * rolls back to step 0; P5 gets fork0 and runs 5-6 (finish 7), handing fork0
 * back to P1 and fork4 to P4 (7-8, finish 9). P1 runs its step again at 9 and
 * waits for fork1; P3 runs 10-11 (12), P2 12-13 (14), P1 14-15 (16). */
static void test_recovery_preempt(void **st) {
    (void)st;
    resmgr_config cfg;
    resmgr_config_default(&cfg);
    cfg.recovery = RM_RECOVER_PREEMPT;
    machine *m = philosophers(&cfg, false);
    run(m, 100);
    int64_t finish[] = {16, 14, 12, 9, 7};
    assert_finishes(m, finish);
    assert_int_equal(P(m, 1)->cpu_time, 4); /* the tick of step 1 done twice */
    assert_int_equal(resmgr_of(m)->preemptions, 1);
    assert_int_equal(resmgr_proc(resmgr_of(m), m, 1)->rollbacks, 1);
    const event *ev = find_event(m, EV_RM_PREEMPT, 0);
    assert_int_equal(ev->pid, 1);
    assert_int_equal(ev->a, 0); /* fork0 */
    assert_int_equal(ev->c, 0); /* back to step 0 */
    assert_text(m, ev, "fork0 is taken from it, it goes back to step 0");
    assert_int_equal(resmgr_snapshot(m)->cond[RM_COND_NO_PREEMPT], RM_COND_BROKEN);
    machine_destroy(m);
}

/* Bounded buffer of 1: empty = 1, full = 0 (semaphores), mutex. The producer
 * P1 makes 3 items, the consumer P2 arrives at 3 and takes 3. Tick 0: P1
 * produces (full 1) and blocks on empty; ticks 1-2 idle; then consumer and
 * producer alternate, each woken by the other's signal: 2,1,2,1,2. Detection
 * runs every tick with recovery kill: it must never see a deadlock. */
static void test_producer_consumer(void **st) {
    (void)st;
    resmgr_config cfg;
    resmgr_config_default(&cfg);
    cfg.recovery = RM_RECOVER_KILL;
    machine *m = new_machine(&cfg, 1);
    enum { EMPTY, FULL, MUTEX };
    assert_int_equal(resmgr_add(m, "empty", RM_SEM, 1), EMPTY);
    assert_int_equal(resmgr_add(m, "full", RM_SEM, 0), FULL);
    assert_int_equal(resmgr_add(m, "mutex", RM_MUTEX, 1), MUTEX);
    prog_step prod[15], cons[15];
    for (int i = 0; i < 3; i++) {
        prog_step p[] = {RM_ACQUIRE(EMPTY, 1), RM_ACQUIRE(MUTEX, 1), RUN(1), RM_RELEASE(MUTEX, 1),
                         RM_RELEASE(FULL, 1)};
        prog_step c[] = {RM_ACQUIRE(FULL, 1), RM_ACQUIRE(MUTEX, 1), RUN(1), RM_RELEASE(MUTEX, 1),
                         RM_RELEASE(EMPTY, 1)};
        memcpy(&prod[i * 5], p, sizeof p);
        memcpy(&cons[i * 5], c, sizeof c);
    }
    int pp = ADD(m, "producer", prod), pc = ADD(m, "consumer", cons);
    assert_int_equal(machine_add_process(m, "producer", (uint32_t)pp, 0, -1), 1);
    assert_int_equal(machine_add_process(m, "consumer", (uint32_t)pc, 3, -1), 2);
    run(m, 100);
    int32_t timeline[] = {1, -1, -1, 2, 1, 2, 1, 2};
    assert_int_equal(m->tick, 8);
    assert_int_equal(m->hist_len, 8);
    assert_memory_equal(m->timeline, timeline, sizeof timeline);
    assert_int_equal(P(m, 1)->finish, 7);
    assert_int_equal(P(m, 2)->finish, 8);
    const resmgr *r = resmgr_of(m);
    assert_int_equal(r->types[EMPTY].avail, 1);
    assert_int_equal(r->types[FULL].avail, 0);
    assert_int_equal(r->types[MUTEX].avail, 1);
    assert_int_equal(r->deadlocks, 0);
    assert_int_equal(r->kills, 0);
    /* The producer blocked on empty at tick 0, woken by the consumer at 3. */
    assert_text(m, find_event(m, EV_RM_WAIT, 0), "P1 (producer) does wait(empty) with empty at 0");
    const event *g = find_event(m, EV_RM_GRANT, 0);
    assert_int_equal(g->pid, 1);
    assert_int_equal(g->tick, 3);
    machine_destroy(m);
}

/* The classic producer bug with semaphores only: wait(mutex) before
 * wait(empty). empty = 1, full = 0, mutex = 1. Tick 0: P1 produces, signals
 * full and mutex, then takes mutex again and blocks on empty. While the
 * consumer P2 has not arrived it will still signal empty: no deadlock. It
 * arrives at 2 and blocks on mutex: P1 waits for empty (P2's signals to come),
 * P2 for mutex (P1's). Found after tick 2 (stamped 3). */
static void test_semaphore_deadlock(void **st) {
    (void)st;
    machine *m = tm_semaphore_deadlock();
    assert_non_null(m);
    enum { EMPTY, FULL, MUTEX };
    run(m, 100);
    assert_int_equal(m->tick, 3);
    assert_int_equal(count_events(m, EV_RM_DEADLOCK), 1);
    const event *ev = find_event(m, EV_RM_DEADLOCK, 0);
    assert_int_equal(ev->tick, 3);
    assert_text(m, ev, "P1 waits for empty held by P2, P2 waits for mutex held by P1");
    /* Semaphore columns: allocation = signals to come; P1 will signal full
     * once more and mutex once, P2 empty and mutex once each. */
    const rm_snapshot *s = resmgr_snapshot(m);
    assert_int_equal(s->st.alloc[0][FULL], 1);
    assert_int_equal(s->st.alloc[0][MUTEX], 1);
    assert_int_equal(s->st.alloc[1][EMPTY], 1);
    assert_int_equal(s->st.request[0][EMPTY], 1);
    assert_int_equal(s->st.request[1][MUTEX], 1);
    assert_int_equal(s->st.available[FULL], 1);
    machine_destroy(m);
}

/* Detection off: the philosophers stop at 5 without a deadlock event. A
 * machine without resources stops a process that asks for one. */
static void test_detection_off_and_no_manager(void **st) {
    (void)st;
    resmgr_config cfg;
    resmgr_config_default(&cfg);
    cfg.detect_every = 0;
    machine *m = philosophers(&cfg, false);
    run(m, 100);
    assert_int_equal(m->tick, 5);
    assert_int_equal(count_events(m, EV_RM_DEADLOCK), 0);
    assert_non_null(find_event(m, EV_RM_STUCK, 0));
    assert_false(resmgr_snapshot(m)->detected);
    machine_destroy(m);

    sched_config sc;
    sched_config_default(&sc, SCHED_FIFO);
    m = machine_create(MODE_DEMO, &sc, 1, 1);
    prog_step s[] = {RUN(1), RM_ACQUIRE(0, 1), RUN(1)};
    assert_int_equal(machine_add_process(m, NULL, (uint32_t)ADD(m, "x", s), 0, -1), 0);
    run(m, 10);
    assert_int_equal(P(m, 0)->state, PROC_TERMINATED);
    assert_int_equal(P(m, 0)->finish, 1);
    assert_text(m, find_event(m, EV_RM_ERROR, 0), "this machine has no resources");
    machine_destroy(m);
}

/* Silberschatz's Banker's example in a machine: A, B, C pools of 10, 5, 7.
 * At tick 0 P0..P4 claim their maxima and take their allocations
 * (0,1,0; 2,0,0; 3,0,2; 2,1,1; 0,0,2) so available is 3,3,2. P1 runs a tick
 * and asks for 1 of A and 2 of C: safe (sequence P1,P3,P0,P2,P4 after each),
 * granted. P0 asks for 2 of B at tick 3: available 2,3,0 would become 2,1,0,
 * and then no need fits (P1 needs 0,2,0, P3 0,1,1, ...): unsafe, refused; P0
 * waits. The state itself stays safe: sequence [1,3,0,2,4]. */
static machine *banker_machine(void) {
    resmgr_config cfg;
    resmgr_config_default(&cfg);
    cfg.banker = true;
    machine *m = new_machine(&cfg, 0);
    assert_int_equal(resmgr_add(m, "A", RM_POOL, 10), 0);
    assert_int_equal(resmgr_add(m, "B", RM_POOL, 5), 1);
    assert_int_equal(resmgr_add(m, "C", RM_POOL, 7), 2);
    prog_step p0[] = {RM_CLAIM(0, 7), RM_CLAIM(1, 5),   RM_CLAIM(2, 3), RM_ACQUIRE(1, 1),
                      IO(3),          RM_ACQUIRE(1, 2), RUN(1),         RM_RELEASE(1, 3)};
    prog_step p1[] = {RM_CLAIM(0, 3), RM_CLAIM(1, 2),   RM_CLAIM(2, 2),   RM_ACQUIRE(0, 2),
                      RUN(1),         RM_ACQUIRE(0, 1), RM_ACQUIRE(2, 2), IO(10),
                      RUN(1),         RM_RELEASE(0, 3), RM_RELEASE(2, 2)};
    prog_step p2[] = {RM_CLAIM(0, 9), RM_CLAIM(2, 2), RM_ACQUIRE(0, 3), RM_ACQUIRE(2, 2),
                      IO(20),         RUN(1),         RM_RELEASE(0, 3), RM_RELEASE(2, 2)};
    prog_step p3[] = {RM_CLAIM(0, 2),   RM_CLAIM(1, 2),   RM_CLAIM(2, 2),  RM_ACQUIRE(0, 2),
                      RM_ACQUIRE(1, 1), RM_ACQUIRE(2, 1), IO(20),          RUN(1),
                      RM_RELEASE(0, 2), RM_RELEASE(1, 1), RM_RELEASE(2, 1)};
    prog_step p4[] = {RM_CLAIM(0, 4), RM_CLAIM(1, 3), RM_CLAIM(2, 3),  RM_ACQUIRE(2, 2),
                      IO(20),         RUN(1),         RM_RELEASE(2, 2)};
    int progs[] = {ADD(m, "p0", p0), ADD(m, "p1", p1), ADD(m, "p2", p2), ADD(m, "p3", p3),
                   ADD(m, "p4", p4)};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(machine_add_process(m, NULL, (uint32_t)progs[i], 0, -1), i);
    }
    return m;
}

static void test_banker_textbook(void **st) {
    (void)st;
    machine *m = banker_machine();
    while (m->tick < 4) {
        machine_tick(m);
    }
    const resmgr *r = resmgr_of(m);
    /* P1's two requests were granted at tick 0. */
    const event *a = find_event(m, EV_RM_ACQUIRE, 8); /* 8 grants at arrival, then P1's */
    assert_non_null(a);
    assert_int_equal(a->pid, 1);
    assert_int_equal(a->tick, 0);
    assert_int_equal(a->a, 0);
    assert_int_equal(a->b, 1);
    assert_int_equal(find_event(m, EV_RM_ACQUIRE, 9)->a, 2);
    /* P0's request was refused: it waits for 2 of B because of safety. */
    assert_int_equal(P(m, 0)->state, PROC_BLOCKED);
    assert_int_equal(P(m, 0)->block_reason, BLOCK_RESOURCE);
    const rm_proc *q = resmgr_proc(r, m, 0);
    assert_int_equal(q->why, RM_WHY_UNSAFE);
    assert_int_equal(q->why_res, 1);
    assert_int_equal(q->want[1], 2);
    assert_int_equal(r->refusals, 1);
    const event *ev = find_event(m, EV_RM_UNSAFE, 0);
    assert_int_equal(ev->pid, 0);
    assert_int_equal(ev->tick, 3);
    assert_text(m, ev, "Banker's refuses P0 (p0) 2 of B: the state after it would be unsafe");
    /* The state now: available 2,3,0, safe with sequence P1, P3, P0, P2, P4. */
    const rm_snapshot *s = resmgr_snapshot(m);
    assert_int_equal(s->n, 5);
    assert_int_equal(s->st.available[0], 2);
    assert_int_equal(s->st.available[1], 3);
    assert_int_equal(s->st.available[2], 0);
    assert_int_equal(s->st.need[1][1], 2); /* P1 needs 0,2,0 */
    assert_int_equal(s->st.need[1][0], 0);
    assert_true(s->safe);
    int32_t seq[] = {1, 3, 0, 2, 4};
    assert_int_equal(s->nseq, 5);
    assert_memory_equal(s->seq, seq, sizeof seq);
    assert_int_equal(s->st.request[0][1], 2);

    /* At tick 11 P1 gives back 3 of A (still unsafe for P0: work 5,1,0 fits
     * no need) then 2 of C: now P3, P0, ... can finish, so P0 gets its 2 of B
     * and finishes at 13; P1 at 12; P2, P3, P4 run at 20, 21, 22. */
    run(m, 100);
    const event *g = find_event(m, EV_RM_GRANT, 0);
    assert_int_equal(g->pid, 0);
    assert_int_equal(g->tick, 11);
    assert_int_equal(P(m, 0)->finish, 13);
    assert_int_equal(P(m, 1)->finish, 12);
    assert_int_equal(P(m, 2)->finish, 21);
    assert_int_equal(P(m, 3)->finish, 22);
    assert_int_equal(P(m, 4)->finish, 23);
    assert_int_equal(r->refusals, 1);
    assert_int_equal(r->types[0].avail, 10);
    assert_int_equal(r->types[1].avail, 5);
    assert_int_equal(r->types[2].avail, 7);
    machine_destroy(m);
}

/* Asking for more than it claimed is an error: the process is stopped. */
static void test_banker_over_claim(void **st) {
    (void)st;
    resmgr_config cfg;
    resmgr_config_default(&cfg);
    cfg.banker = true;
    machine *m = new_machine(&cfg, 0);
    assert_int_equal(resmgr_add(m, "A", RM_POOL, 3), 0);
    prog_step s[] = {RM_CLAIM(0, 1), RM_ACQUIRE(0, 2), RUN(1)};
    assert_int_equal(machine_add_process(m, NULL, (uint32_t)ADD(m, "greedy", s), 0, -1), 0);
    run(m, 10);
    assert_int_equal(P(m, 0)->state, PROC_TERMINATED);
    assert_int_equal(P(m, 0)->cpu_time, 0);
    const event *ev = find_event(m, EV_RM_ERROR, 0);
    assert_int_equal(ev->a, RM_ERR_OVER_CLAIM);
    assert_text(m, ev,
                "P0 (greedy): 2 of A: that is more than it claimed (Banker's), so P0 (greedy) "
                "is stopped");
    assert_int_equal(resmgr_of(m)->errors, 1);
    machine_destroy(m);
}

/* Errors: giving back a mutex it does not hold, naming no resource. */
static void test_step_errors(void **st) {
    (void)st;
    machine *m = new_machine(NULL, 0);
    assert_int_equal(resmgr_add(m, "lock", RM_MUTEX, 0), 0);
    prog_step bad_release[] = {RUN(1), RM_RELEASE(0, 1), RUN(5)};
    prog_step bad_res[] = {RM_ACQUIRE(7, 1), RUN(1)};
    assert_int_equal(machine_add_process(m, NULL, (uint32_t)ADD(m, "a", bad_release), 0, -1), 0);
    assert_int_equal(machine_add_process(m, NULL, (uint32_t)ADD(m, "b", bad_res), 0, -1), 1);
    run(m, 10);
    assert_int_equal(P(m, 0)->finish, 1);
    assert_int_equal(P(m, 0)->cpu_time, 1);
    assert_int_equal(P(m, 1)->cpu_time, 0);
    assert_int_equal(find_event(m, EV_RM_ERROR, 0)->a, RM_ERR_NO_RESOURCE); /* b at arrival */
    assert_int_equal(find_event(m, EV_RM_ERROR, 1)->a, RM_ERR_NOT_HELD);
    assert_text(m, find_event(m, EV_RM_ERROR, 1), "lock: it holds fewer than that");
    machine_destroy(m);
}

/* A pool of 3: P1 takes 2, P2 asks for 2 (waits: 1 free), P3 asks for 1 and
 * passes P2 (first fit in blocking order). */
static void test_pool_first_fit(void **st) {
    (void)st;
    machine *m = new_machine(NULL, 1);
    assert_int_equal(resmgr_add(m, "printer", RM_POOL, 3), 0);
    prog_step two[] = {RM_ACQUIRE(0, 2), RUN(2), RM_RELEASE(0, 2)};
    prog_step one[] = {RM_ACQUIRE(0, 1), RUN(1), RM_RELEASE(0, 1)};
    int p2 = ADD(m, "two", two), p1 = ADD(m, "one", one);
    assert_int_equal(machine_add_process(m, "a", (uint32_t)p2, 0, -1), 1);
    assert_int_equal(machine_add_process(m, "b", (uint32_t)p2, 0, -1), 2);
    assert_int_equal(machine_add_process(m, "c", (uint32_t)p1, 0, -1), 3);
    /* Tick 0: a takes 2 (1 left); b waits; c takes the last one. a runs 0-1
     * (finish 2) and gives 2 back: b gets 2. c runs 2 (finish 3), b 3-4 (5). */
    run(m, 20);
    assert_int_equal(P(m, 1)->finish, 2);
    assert_int_equal(P(m, 3)->finish, 3);
    assert_int_equal(P(m, 2)->finish, 5);
    assert_text(m, find_event(m, EV_RM_WAIT, 0), "P2 (b) waits for 2 of printer: 1 free");
    assert_text(m, find_event(m, EV_RM_ACQUIRE, 1), "P3 (c) takes 1 of printer (0 left)");
    machine_destroy(m);
}

static const cJSON *get(const cJSON *o, const char *key) {
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!x) {
        fail_msg("no key %s", key);
    }
    return x;
}

static void assert_ints(const cJSON *a, const int *want, int n) {
    assert_true(cJSON_IsArray(a));
    assert_int_equal(cJSON_GetArraySize(a), n);
    for (int i = 0; i < n; i++) {
        assert_int_equal(cJSON_GetArrayItem(a, i)->valueint, want[i]);
    }
}

/* The report of the deadlocked philosophers: the scheduling keys stay, the
 * "resources" object is added. */
static void test_report(void **st) {
    (void)st;
    machine *m = philosophers(NULL, false);
    run(m, 100);
    cJSON *j = report_build(m, false);
    assert_non_null(j);
    assert_non_null(get(j, "jobs"));
    const cJSON *r = get(j, "resources");
    assert_string_equal(get(get(r, "settings"), "recovery")->valuestring, "none");
    const cJSON *t0 = cJSON_GetArrayItem(get(r, "types"), 0);
    assert_string_equal(get(t0, "name")->valuestring, "fork0");
    assert_string_equal(get(t0, "kind")->valuestring, "mutex");
    assert_int_equal(get(t0, "owner")->valueint, 1);
    assert_int_equal(get(t0, "available")->valueint, 0);
    int pids[] = {1, 2, 3, 4, 5}, row0[] = {1, 0, 0, 0, 0}, req0[] = {0, 1, 0, 0, 0};
    assert_ints(get(r, "processes"), pids, 5);
    assert_ints(get(r, "deadlocked"), pids, 5);
    assert_ints(get(r, "deadlock_cycle"), pids, 5);
    assert_ints(get(r, "cycle"), pids, 5);
    assert_ints(cJSON_GetArrayItem(get(r, "allocation"), 0), row0, 5);
    assert_ints(cJSON_GetArrayItem(get(r, "request"), 0), req0, 5);
    assert_int_equal(get(r, "deadlocks")->valueint, 1);
    assert_int_equal(cJSON_GetArraySize(get(r, "waiting")), 5);
    const cJSON *c = get(r, "conditions");
    assert_string_equal(get(c, "mutual_exclusion")->valuestring, "held");
    assert_string_equal(get(c, "circular_wait")->valuestring, "held");
    assert_null(cJSON_GetObjectItem(r, "safe")); /* Banker's is off */
    cJSON_Delete(j);
    machine_destroy(m);
}

/* Killing a waiting process by command gives back what it holds. */
static void test_kill_command(void **st) {
    (void)st;
    machine *m = philosophers(NULL, false);
    run(m, 100);
    assert_int_equal(m->tick, 5);
    assert_int_equal(machine_kill(m, 3), 0); /* P3 holds fork2, P2 waits for it */
    assert_text(m, find_event(m, EV_RM_EXIT_RELEASE, 0), "P3 (phil2) exits holding fork2");
    assert_int_equal(P(m, 2)->state, PROC_READY);
    assert_false(machine_done(m));
    /* The snapshot follows at once: P3 is gone, the cycle is broken. */
    const rm_snapshot *s = resmgr_snapshot(m);
    assert_int_equal(s->n, 4);
    assert_int_equal(s->ncycle, 0);
    run(m, 100);
    /* P2 runs 5-6 (7), frees fork1 for P1 (7-8, 9), fork0 for P5 (9-10, 11),
     * fork4 for P4 (11-12, 13). */
    assert_int_equal(P(m, 2)->finish, 7);
    assert_int_equal(P(m, 1)->finish, 9);
    assert_int_equal(P(m, 5)->finish, 11);
    assert_int_equal(P(m, 4)->finish, 13);
    machine_destroy(m);
}

/* Random programs under every combination of settings, two CPUs, round
 * robin: whatever happens, instances are conserved, every waiting process is
 * blocked on a resource and every such process waits, and the machine ends
 * (all exit, or stuck) within the limit when recovery is on. */
static uint32_t lcg(uint32_t *x) {
    *x = *x * 1664525u + 1013904223u;
    return *x >> 8;
}

static void check_invariants(const machine *m) {
    const resmgr *r = resmgr_of(m);
    for (int32_t j = 0; j < r->ntypes; j++) {
        int64_t held = 0;
        for (uint32_t i = 0; i < r->nprocs; i++) {
            held += r->procs[i].held[j];
        }
        assert_true(r->types[j].avail >= 0);
        if (r->types[j].kind != RM_SEM) {
            assert_int_equal(r->types[j].avail + held, r->types[j].total);
        }
    }
    for (uint32_t i = 0; i < m->nprocs; i++) {
        const proc *p = &m->procs[i];
        const rm_proc *q = resmgr_proc(r, m, p->pid);
        bool blocked = p->state == PROC_BLOCKED && p->block_reason == BLOCK_RESOURCE;
        assert_int_equal(blocked, q && q->waiting);
    }
}

static void test_random_invariants(void **st) {
    (void)st;
    uint32_t x = 12345;
    uint64_t kills = 0, preemptions = 0, escalated = 0;
    for (int round = 0; round < 48; round++) {
        resmgr_config cfg;
        resmgr_config_default(&cfg);
        cfg.detect_every = 1 + round % 3;
        cfg.banker = round & 1;
        cfg.ordered = round >> 1 & 1;
        cfg.release_on_block = round >> 2 & 1;
        cfg.recovery = (rm_recovery)(1 + (round >> 3) % 2);
        sched_config sc;
        sched_config_default(&sc, SCHED_RR);
        machine *m = machine_create(MODE_DEMO, &sc, 2, 1);
        assert_non_null(resmgr_attach(m, &cfg));
        assert_int_equal(resmgr_add(m, "m0", RM_MUTEX, 1), 0);
        assert_int_equal(resmgr_add(m, "m1", RM_MUTEX, 1), 1);
        assert_int_equal(resmgr_add(m, "pool", RM_POOL, 3), 2);
        assert_int_equal(resmgr_add(m, "sem", RM_SEM, 1), 3);
        for (int k = 0; k < 6; k++) {
            prog_step s[32]; /* up to 22 steps, then 3 releases */
            uint32_t n = 0;
            int32_t held[3] = {0};
            for (int c = 0; c < 3; c++) {
                s[n++] = (prog_step)RM_CLAIM((uint32_t)c, c == 2 ? 3u : 1u);
            }
            while (n < 20) {
                uint32_t op = lcg(&x) % 6, j = lcg(&x) % 3;
                if (op < 2 && held[j] < (j == 2 ? 3 : 1)) {
                    s[n++] = (prog_step)RM_ACQUIRE(j, 1);
                    held[j]++;
                } else if (op == 2 && held[j] > 0) {
                    s[n++] = (prog_step)RM_RELEASE(j, 1);
                    held[j]--;
                } else if (op == 3) {
                    s[n++] = (prog_step)RM_ACQUIRE(3, 1);
                    s[n++] = (prog_step)RUN(1);
                    s[n++] = (prog_step)RM_RELEASE(3, 1);
                } else {
                    s[n++] = (prog_step)RUN(1 + lcg(&x) % 3);
                }
            }
            for (uint32_t j = 0; j < 3; j++) {
                if (held[j]) {
                    s[n++] = (prog_step)RM_RELEASE(j, (uint32_t)held[j]);
                }
            }
            int prog = machine_add_program(m, "rnd", s, n);
            assert_true(machine_add_process(m, NULL, (uint32_t)prog, lcg(&x) % 4, -1) >= 0);
        }
        while (!machine_done(m) && m->tick < 2000) {
            machine_tick(m);
            check_invariants(m);
        }
        assert_true(machine_done(m));
        kills += resmgr_of(m)->kills;
        preemptions += resmgr_of(m)->preemptions;
        for (int k = 0; find_event(m, EV_RM_KILL, k); k++) {
            escalated += find_event(m, EV_RM_KILL, k)->b == 1;
        }
        machine_destroy(m);
    }
    /* The runs did meet deadlocks and recover both ways, and a victim that
     * kept coming back was killed in the end. */
    assert_true(kills > 0);
    assert_true(preemptions > 0);
    assert_true(escalated > 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_philosophers_deadlock),
        cmocka_unit_test(test_detect_every_k),
        cmocka_unit_test(test_philosophers_ordered_forks),
        cmocka_unit_test(test_philosophers_ordered_setting),
        cmocka_unit_test(test_philosophers_release_all),
        cmocka_unit_test(test_recovery_kill),
        cmocka_unit_test(test_recovery_preempt),
        cmocka_unit_test(test_producer_consumer),
        cmocka_unit_test(test_semaphore_deadlock),
        cmocka_unit_test(test_detection_off_and_no_manager),
        cmocka_unit_test(test_banker_textbook),
        cmocka_unit_test(test_banker_over_claim),
        cmocka_unit_test(test_step_errors),
        cmocka_unit_test(test_pool_first_fit),
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_kill_command),
        cmocka_unit_test(test_random_invariants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
