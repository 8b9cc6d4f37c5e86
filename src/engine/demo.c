#include "demo.h"

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
#define ADD(m, name, s) machine_add_program((m), (name), (s), sizeof(s) / sizeof *(s))

enum { P_INIT, P_SHELL, P_LS, P_EDITOR, P_CC, P_DAEMON, P_WORKER, P_BATCH, P_QUICK };

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
    static const prog_step shell[] = {RUN(2), FORK(P_LS), WAIT, RUN(2), IO(3), RUN(1)};
    static const prog_step ls[] = {RUN(3), IO(4), RUN(2)};
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
    if (!ok) {
        machine_destroy(m);
        return NULL;
    }
    return m;
}
