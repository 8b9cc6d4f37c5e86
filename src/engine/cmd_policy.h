/* cmd_policy: the JSON of the policy commands (cmdlog.h): replacement,
 * coherence and deadlock handling; for cmdlog.c.
 *
 *   {"tick": T, "replacement": "fifo"}         a pager_policy name
 *   {"tick": T, "coherence": "moesi"}          msi, mesi, moesi
 *   {"tick": T, "deadlock": {"detect_every": 1, "banker": false, "ordered": false,
 *                            "release_on_block": false, "recovery": "kill"}}
 * A deadlock object's absent keys take resmgr_config_default's values
 * (detection every tick, everything else off, recovery none): the command
 * is the whole setting, whatever was in use before. */
#ifndef TICKOS_CMD_POLICY_H
#define TICKOS_CMD_POLICY_H

#include <stdbool.h>

#include "cmdlog.h"
#include "jsonv.h"

struct cJSON;

/* The keys of the policy commands, NULL-terminated. */
extern const char *const cmd_policy_keys[];
/* How many of them j has. */
int cmd_policy_count(const struct cJSON *j);
/* Adds c's key (CMD_PAGER, CMD_COHERENCE, CMD_DEADLOCK) to j. */
void cmd_policy_to_json(const machine_cmd *c, struct cJSON *j);
/* Reads the one policy key of j into out (kind and value); v's path names
 * the command. Returns false with a message in v. */
bool cmd_policy_from_json(jsonv *v, const struct cJSON *j, machine_cmd *out);

#endif
