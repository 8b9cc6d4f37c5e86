/* machine_policy: the policies a person can change in a running machine,
 * besides the scheduler (machine_cmd.h): page replacement, the cache
 * coherence protocol, deadlock handling.
 *
 * Each is carried out between ticks and takes effect from the next tick; each
 * is logged in m->cmds (CMD_PAGER, CMD_COHERENCE, CMD_DEADLOCK: saves and
 * stepping back replay it) and emits an event that says what changed. The
 * rules of each change are with the subsystem: pager.h (pager_set_policy) and
 * vm_policy.c, coherence.h (coherence_set_protocol), resmgr_live.c. The quick
 * modes take them too: paging and translate the replacement policy, mesi the
 * protocol (their next uses and states are exact there). */
#ifndef TICKOS_MACHINE_POLICY_H
#define TICKOS_MACHINE_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "coherence.h"
#include "machine.h"
#include "pager.h"
#include "resmgr.h"

typedef enum policy_kind {
    POLICY_SCHED,     /* the scheduling policy (machine_set_sched) */
    POLICY_PAGER,     /* page replacement */
    POLICY_COHERENCE, /* the coherence protocol */
    POLICY_DEADLOCK,  /* deadlock handling (resmgr_config) */
    POLICY_KIND_COUNT
} policy_kind;

/* "scheduler", "replacement", "coherence", "deadlock handling". */
const char *policy_kind_name(policy_kind k);
/* Whether m has that kind of policy to change: a scheduler (demo, sched),
 * memory (the full machine's, paging, translate), caches (the full
 * machine's, mesi), resources (the full machine's). */
bool machine_policy_has(const machine *m, policy_kind k);
/* The policy in use now, in words ("mlfq", "lru", "mesi", "detect every
 * tick, recovery none"); "" when m has none of that kind. */
int machine_policy_text(const machine *m, policy_kind k, char *buf, size_t n);

/* The same, short, for columns: "lru", "mesi"; deadlock handling as its
 * recovery, "+banker", "+ordered", "+rob" (release on block) when on, and
 * "/K" for detection every K ticks when K is not 1 ("kill", "none+banker/5",
 * "none/never"). */
int machine_policy_short(const machine *m, policy_kind k, char *buf, size_t n);

/* The current ones: false when m has none. */
bool machine_pager_policy(const machine *m, pager_policy *out);
bool machine_coh_protocol(const machine *m, coh_protocol *out);
const resmgr_config *machine_deadlock_config(const machine *m);

/* The changes. Each returns 0, or -1 with the reason in err (m has none of
 * that kind, a bad value, Banker's cannot start now, ENOMEM: nothing
 * changed). Giving the policy in use is allowed (logged, nothing moves). */
int machine_set_pager(machine *m, pager_policy p, char *err, size_t errlen);
int machine_set_coherence(machine *m, coh_protocol p, char *err, size_t errlen);
int machine_set_deadlock(machine *m, const resmgr_config *cfg, char *err, size_t errlen);

#endif
