#include "machines.h"

#include "resmgr.h"

#define RUN(c) \
    { .kind = STEP_RUN, .n = (c) }

machine *tm_semaphore_deadlock(void) {
    sched_config sc;
    sched_config_default(&sc, SCHED_FIFO);
    machine *m = machine_create(MODE_DEMO, &sc, 1, 1);
    if (!m)
        return NULL;
    m->pid_base = 1;
    m->record = true;
    enum { EMPTY, FULL, MUTEX };
    static const prog_step prod[] = {RM_ACQUIRE(MUTEX, 1),
                                     RM_ACQUIRE(EMPTY, 1),
                                     RUN(1),
                                     RM_RELEASE(FULL, 1),
                                     RM_RELEASE(MUTEX, 1),
                                     RM_ACQUIRE(MUTEX, 1),
                                     RM_ACQUIRE(EMPTY, 1),
                                     RUN(1),
                                     RM_RELEASE(FULL, 1),
                                     RM_RELEASE(MUTEX, 1)};
    static const prog_step cons[] = {RM_ACQUIRE(MUTEX, 1), RM_ACQUIRE(FULL, 1), RUN(1),
                                     RM_RELEASE(EMPTY, 1), RM_RELEASE(MUTEX, 1)};
    int pp, pc;
    if (!resmgr_attach(m, NULL) || resmgr_add(m, "empty", RM_SEM, 1) != EMPTY ||
        resmgr_add(m, "full", RM_SEM, 0) != FULL || resmgr_add(m, "mutex", RM_SEM, 1) != MUTEX ||
        (pp = machine_add_program(m, "producer", prod, sizeof prod / sizeof *prod)) < 0 ||
        (pc = machine_add_program(m, "consumer", cons, sizeof cons / sizeof *cons)) < 0 ||
        machine_add_process(m, "producer", (uint32_t)pp, 0, -1) != 1 ||
        machine_add_process(m, "consumer", (uint32_t)pc, 2, -1) != 2) {
        machine_destroy(m);
        return NULL;
    }
    return m;
}
