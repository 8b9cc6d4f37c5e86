/* cmdlog: the commands a person gave the machine (kill, policy change,
 * inject), each with the tick it was given at.
 *
 * The machine is deterministic, so (the machine at tick 0, this log) fixes
 * every later state: going back to tick t rebuilds the machine and replays t
 * ticks, re-applying each command when the replay reaches its tick. A
 * command counts as part of its tick: the state shown at tick t is after the
 * commands given at t. Commands past the current point stay in the log (so
 * stepping forward again redoes them) until a new command is given there,
 * which drops them: a new branch of history. */
#ifndef TICKOS_CMDLOG_H
#define TICKOS_CMDLOG_H

#include <stddef.h>
#include <stdint.h>

#include "machine.h"

typedef enum cmd_kind {
    CMD_KILL,
    CMD_POLICY,
    CMD_INJECT,
} cmd_kind;

typedef struct cmd {
    uint64_t tick; /* set by cmdlog_do */
    cmd_kind kind;
    int32_t pid;              /* CMD_KILL */
    sched_config cfg;         /* CMD_POLICY */
    uint32_t tmpl;            /* CMD_INJECT: templates_at index */
    int32_t prio;             /* CMD_INJECT */
    char name[PROC_NAME_MAX]; /* CMD_INJECT: "" for the template's name */
} cmd;

typedef struct cmdlog {
    cmd *v;
    size_t n, cap;
    size_t next; /* the first command the machine has not had yet */
} cmdlog;

void cmdlog_init(cmdlog *l);
void cmdlog_free(cmdlog *l);
/* Forgets every command (a restart). */
void cmdlog_clear(cmdlog *l);

/* Carries out c on m at m's tick. Returns what the command returns: 0 (kill,
 * policy) or the new pid (inject), -1 when the machine refused it. */
int64_t cmd_apply(machine *m, const cmd *c);

/* Gives c to m now: drops the commands after the current point, applies c
 * and, when m took it, logs it. Returns cmd_apply's result; -1 also when the
 * log cannot grow (then nothing is applied). */
int64_t cmdlog_do(cmdlog *l, machine *m, const cmd *c);
/* Applies the logged commands of m's tick that m has not had yet. Call after
 * each machine_tick (and once on a fresh machine at tick 0). */
void cmdlog_catch_up(cmdlog *l, machine *m);
/* Back to the start, for a replay on a fresh machine. */
void cmdlog_rewind(cmdlog *l);

#endif
