/* cmdlog: the commands a person gives a running machine, with their ticks.
 *
 * A machine is a pure function of its scenario, its seed and the commands
 * given to it between ticks (a kill, ...). The machine logs each command it
 * carries out, so that a save, a step back or a comparison can rebuild the
 * scenario and replay the log to reach exactly the same state. */
#ifndef TICKOS_CMDLOG_H
#define TICKOS_CMDLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "inject.h"
#include "resmgr.h"
#include "sched.h"

struct cJSON;
struct clone_ctx;
struct machine;

typedef enum cmd_kind {
    CMD_KILL,      /* kill process pid */
    CMD_SCHED,     /* a new scheduling policy: cfg (machine_cmd.h) */
    CMD_INJECT,    /* a new process: inj (inject.h) */
    CMD_PAGER,     /* a new replacement policy: policy, a pager_policy (machine_policy.h) */
    CMD_COHERENCE, /* a new coherence protocol: policy, a coh_protocol */
    CMD_DEADLOCK,  /* new deadlock handling settings: dl */
    CMD_KIND_COUNT
} cmd_kind;

typedef struct machine_cmd {
    uint64_t tick; /* carried out before this tick runs (after the commands before it) */
    uint8_t kind;
    int32_t pid;
    sched_config cfg;
    inject_cmd inj;
    uint8_t policy;   /* CMD_PAGER, CMD_COHERENCE */
    resmgr_config dl; /* CMD_DEADLOCK */
} machine_cmd;

typedef struct cmdlog {
    machine_cmd *v;
    uint32_t n, cap;
} cmdlog;

#define CMDLOG_MAX 1000000u /* commands in one save */

void cmdlog_free(cmdlog *l);
/* Makes *dst a deep copy of src (clone.h). */
void cmdlog_clone(struct clone_ctx *cx, cmdlog *dst, const cmdlog *src);
/* Appends a copy of c. Returns 0, or -1 on ENOMEM or when the log is full. */
int cmdlog_push(cmdlog *l, const machine_cmd *c);

/* Carries out c on m (which logs it again). Returns 0 (an inject: the new
 * pid), or -1 when it cannot be carried out (e.g. no such process), with the
 * reason in err. */
int64_t cmd_apply(struct machine *m, const machine_cmd *c, char *err, size_t errlen);

/* JSON: {"tick": 12, "kill": 3}, {"tick": 5, "sched": {"policy": "rr", "quantum": [2],
 * ...}}, {"tick": 9, "inject": {"template": "io-bound", "name": "", "prio": 0}} (inject_json),
 * {"tick": 4, "replacement": "fifo"}, {"tick": 4, "coherence": "moesi"},
 * {"tick": 4, "deadlock": {"detect_every": 1, "banker": false, "ordered": false,
 * "release_on_block": false, "recovery": "kill"}} (cmd_policy.c). */
struct cJSON *cmd_to_json(const machine_cmd *c);
/* Parses and validates one command; path names it in messages ("commands[2]").
 * Returns 0, or -1 with a message in err. */
int cmd_from_json(const struct cJSON *j, const char *path, machine_cmd *out, char *err,
                  size_t errlen);

#endif
