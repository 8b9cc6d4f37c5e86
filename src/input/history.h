/* history: the commands given to the machine (engine/cmdlog.h), in tick order,
 * for the TUI's time travel.
 *
 * The machine is deterministic, so (the machine at tick 0, this list) fixes
 * every later state: going back to tick t starts from a copy of the machine
 * at an earlier tick (snaps.h), or rebuilds it at tick 0, and replays the
 * ticks up to t, re-applying each command when the replay reaches its tick. A command
 * counts as part of its tick: the state shown at tick t is after the commands
 * given at t. Commands past the current point stay in the list (so stepping
 * forward again redoes them) until a new command is given there, which drops
 * them: a new branch of history. A loaded save starts with its own commands. */
#ifndef TICKOS_HISTORY_H
#define TICKOS_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "cmdlog.h"
#include "machine.h"

typedef struct history {
    machine_cmd *v;
    size_t n, cap;
    size_t next; /* the first command the machine has not had yet */
} history;

/* Starts with the commands m has had (all of them applied). Returns 0, or -1
 * on ENOMEM. */
int history_init(history *h, const machine *m);
void history_free(history *h);
/* Forgets every command (a restart). */
void history_clear(history *h);

/* Gives c to m now (cmd_apply): drops the commands after the current point,
 * applies c and, when m took it, keeps it. Returns 0 (kill, policy) or the
 * new pid (inject); -1 when m refused it (the reason in err, may be NULL) or
 * the list cannot grow. */
int64_t history_do(history *h, machine *m, const machine_cmd *c, char *err, size_t errlen);
/* Applies the commands of m's tick that m has not had yet. Call after each
 * machine_tick (and once on a fresh machine at tick 0). */
void history_catch_up(history *h, machine *m);
/* Back to the start, for a replay on a fresh machine. */
void history_rewind(history *h);
/* To just after tick t, for a replay from a copy of the machine at t (which
 * has had the commands of t). */
void history_seek(history *h, uint64_t t);

#endif
