/* Why a process is blocked, as the process table and the details dialog say
 * it: worked by hand on small machines. */
// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on
#include <string.h>

#include "resmgr.h"
#include "view.h"
#include "vm.h"

/* FIFO: P0 takes the mutex and computes 3 ticks; P1 asks for it at tick 1. */
static void test_resource_wait(void **state) {
    (void)state;
    sched_config sc;
    sched_config_default(&sc, SCHED_FIFO);
    machine *m = machine_create(MODE_DEMO, &sc, 2, 1);
    resmgr_config rc = {.detect_every = 1};
    assert_non_null(resmgr_attach(m, &rc));
    assert_int_equal(resmgr_add(m, "lock", RM_MUTEX, 1), 0);
    prog_step hold[] = {RM_ACQUIRE(0, 1), {.kind = STEP_RUN, .n = 3}, RM_RELEASE(0, 1)};
    prog_step want[] = {
        {.kind = STEP_RUN, .n = 1}, RM_ACQUIRE(0, 1), {.kind = STEP_RUN, .n = 1}, RM_RELEASE(0, 1)};
    int a = machine_add_program(m, "holder", hold, 3);
    int b = machine_add_program(m, "waiter", want, 4);
    machine_add_process(m, "holder", (uint32_t)a, 0, -1);
    machine_add_process(m, "waiter", (uint32_t)b, 0, -1);
    machine_tick(m); /* tick 0: both run (2 CPUs); the waiter's CPU tick ends its step 0 */
    machine_tick(m); /* tick 1: the waiter asks for the lock and blocks */
    const proc *p = machine_proc_c(m, 1);
    assert_int_equal(p->state, PROC_BLOCKED);
    assert_int_equal(p->block_reason, BLOCK_RESOURCE);
    char buf[96];
    view_block_reason(buf, sizeof buf, m, p, false);
    assert_string_equal(buf, "wait lock x1");
    view_block_reason(buf, sizeof buf, m, p, true);
    assert_string_equal(buf, "waiting for 1 of lock (not enough free)");
    machine_destroy(m);
}

/* One process reading one page: a fault at tick 0 blocks it for the 5-tick
 * page-in, until tick 6 (the tick after the fault plus 5). */
static void test_fault_wait(void **state) {
    (void)state;
    sched_config sc;
    sched_config_default(&sc, SCHED_FIFO);
    machine *m = machine_create(MODE_DEMO, &sc, 1, 1);
    vm_config vc;
    vm_config_default(&vc);
    vc.frames = 2;
    vc.fault_time = 5;
    char err[200];
    assert_int_equal(vm_attach(m, &vc, err, sizeof err), 0);
    prog_step rd[] = {{.kind = STEP_READ, .n = 0x1000}};
    int a = machine_add_program(m, "reader", rd, 1);
    machine_add_process(m, "reader", (uint32_t)a, 0, -1);
    machine_tick(m);
    const proc *p = machine_proc_c(m, 0);
    assert_int_equal(p->block_reason, BLOCK_FAULT);
    char buf[96], want[96];
    view_block_reason(buf, sizeof buf, m, p, false);
    snprintf(want, sizeof want, "fault until %llu", (unsigned long long)p->wake_at);
    assert_string_equal(buf, want);
    assert_int_equal(p->wake_at, 6);
    view_block_reason(buf, sizeof buf, m, p, true);
    assert_string_equal(buf, "page fault: the page-in completes at tick 6");
    machine_destroy(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resource_wait),
        cmocka_unit_test(test_fault_wait),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
