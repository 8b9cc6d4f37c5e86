/* machine_cmd: the commands a person gives a running machine, beyond kill
 * (machine_kill): change the scheduling policy, inject a process.
 *
 * They are carried out between ticks and take effect from the next tick. They
 * use only the public functions of machine.h and sched.h, and each is logged
 * as an event, so a command replayed at the same tick gives the same run. */
#ifndef TICKOS_MACHINE_CMD_H
#define TICKOS_MACHINE_CMD_H

#include <stdint.h>

#include "machine.h"

/* Replaces the scheduler by a fresh one with cfg. Every live process is
 * admitted afresh (level, slice and allotment of the new policy); running ones
 * are taken off their CPU, and all ready ones are queued in pid order. Emits
 * EV_SYS_POLICY (a = old policy, b = new). Returns 0, or -1 when the machine
 * has no scheduler in use (a trace-driven quick mode), has per-CPU queues, or
 * cfg is not valid. */
int machine_set_sched(machine *m, const sched_config *cfg);

/* A new process running a program of nsteps steps (copied), arriving at the
 * current tick with no parent and static priority prio. extra programs (may
 * be 0) are added first, for the program's forks: a FORK step's n counts from
 * the first of them (FORK 0 runs extra[0]). Emits EV_INJECT (a = program).
 * Returns the pid, or -1 on bad input or ENOMEM. */
typedef struct machine_prog {
    const char *name;
    const prog_step *steps;
    uint32_t nsteps;
} machine_prog;
int32_t machine_inject(machine *m, const char *name, const machine_prog *prog,
                       const machine_prog *extra, uint32_t nextra, int32_t prio);
/* machine_inject in two halves, for an inject that adds to the program
 * (inject.h): the programs (marked injected), returning prog's index or -1;
 * then a process of any program, returning its pid or -1. */
int machine_inject_programs(machine *m, const machine_prog *prog, const machine_prog *extra,
                            uint32_t nextra);
int32_t machine_inject_proc(machine *m, const char *name, uint32_t prog, int32_t prio);

#endif
