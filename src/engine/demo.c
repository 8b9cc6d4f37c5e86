#include "demo.h"

#include "vm.h"

#define RUN(c) \
    { .kind = STEP_RUN, .n = (c) }
#define RUNIO(c, f, t) \
    { .kind = STEP_RUN, .n = (c), .iofreq = (f), .iotime = (t) }
#define IO(c) \
    { .kind = STEP_IO, .n = (c) }
#define FORK(prog) \
    { .kind = STEP_FORK, .n = (prog) }
#define WAIT \
    { .kind = STEP_WAIT, .n = 0 }
#define WAIT_ALL \
    { .kind = STEP_WAIT, .n = 1 }
#define READ(a) \
    { .kind = STEP_READ, .n = (a) }
#define WRITE(a) \
    { .kind = STEP_WRITE, .n = (a) }
#define ADD(m, name, s) machine_add_program((m), (name), (s), sizeof(s) / sizeof *(s))

enum { P_INIT, P_SHELL, P_LS, P_EDITOR, P_CC, P_DAEMON, P_WORKER, P_BATCH, P_QUICK };

/* Memory small enough that faults, evictions and write-backs start within
 * the first few dozen ticks: 8 frames shared by the busy programs' working
 * sets (clock, so the reference bits matter), a 4-entry TLB flushed on each
 * switch. */
static int demo_memory(machine *m) {
    vm_config vc;
    vm_config_default(&vc);
    vc.frames = 8;
    vc.policy = PAGER_CLOCK;
    vc.tlb_entries = 4;
    vc.fault_time = 4;
    vc.writeback_time = 2;
    vc.window = 16;
    char err[128];
    if (vm_attach(m, &vc, err, sizeof err) != 0)
        return -1;
    /* base, pages, hot set, locality %, writes %, phase, scan */
    static const struct {
        uint32_t prog;
        vm_model md;
    } models[] = {
        {P_EDITOR, {0x10000000, 6, 2, 90, 50, 0, false}},
        {P_CC, {0x20000000, 12, 4, 80, 30, 10, false}},
        {P_WORKER, {0x30000000, 6, 2, 90, 20, 0, false}},
        {P_BATCH, {0x40000000, 8, 3, 85, 60, 0, false}},
    };
    for (size_t i = 0; i < sizeof models / sizeof *models; i++) {
        if (vm_set_model(m, models[i].prog, &models[i].md, err, sizeof err) != 0)
            return -1;
    }
    return 0;
}

machine *demo_create(uint64_t seed) {
    sched_config cfg;
    sched_config_default(&cfg, SCHED_MLFQ);
    cfg.levels = 3;
    cfg.quantum[2] = 2;
    cfg.quantum[1] = 4;
    cfg.quantum[0] = 8;
    cfg.allot[2] = cfg.allot[1] = cfg.allot[0] = 2;
    cfg.boost = 60;
    machine *m = machine_create(MODE_DEMO, &cfg, 1, seed);
    if (!m)
        return NULL;
    m->pid_base = 1;
    m->init_pid = 1;

    /* Program indices must match the enum above: they are added in order. */
    static const prog_step init[] = {FORK(P_SHELL),  FORK(P_EDITOR), FORK(P_CC),
                                     FORK(P_DAEMON), FORK(P_BATCH),  WAIT_ALL};
    /* shell and ls name their addresses (code at 0x00400000, stack below
     * 0x80000000: two page-table pages); the others generate theirs. */
    static const prog_step shell[] = {READ(0x00400000),
                                      WRITE(0x7ffff008),
                                      RUN(2),
                                      FORK(P_LS),
                                      WAIT,
                                      RUN(2),
                                      IO(3),
                                      READ(0x00400040),
                                      RUN(1)};
    static const prog_step ls[] = {
        READ(0x00400000), READ(0x00401000), RUN(3), IO(4), WRITE(0x7fffe010), RUN(2)};
    static const prog_step editor[] = {RUNIO(14, 2, 3)};
    static const prog_step cc[] = {RUN(30), IO(5), RUN(24)};
    static const prog_step daemon[] = {RUN(3), FORK(P_WORKER), RUN(2)};
    static const prog_step worker[] = {RUN(8), IO(6), RUN(6)};
    static const prog_step batch[] = {FORK(P_QUICK), RUN(16), WAIT, RUN(4)};
    static const prog_step quick[] = {RUN(2)};
    int ok = ADD(m, "init", init) >= 0 && ADD(m, "shell", shell) >= 0 && ADD(m, "ls", ls) >= 0 &&
             ADD(m, "editor", editor) >= 0 && ADD(m, "cc", cc) >= 0 &&
             ADD(m, "daemon", daemon) >= 0 && ADD(m, "worker", worker) >= 0 &&
             ADD(m, "batch", batch) >= 0 && ADD(m, "quick", quick) >= 0 &&
             machine_add_process(m, "init", P_INIT, 0, -1) == 1;
    ok = ok && demo_memory(m) == 0;
    if (!ok) {
        machine_destroy(m);
        return NULL;
    }
    return m;
}
