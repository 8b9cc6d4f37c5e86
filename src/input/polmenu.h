/* polmenu: what p (change a policy) and c (compare with another policy)
 * offer for a machine: the kinds of policy it has (scheduler, replacement,
 * coherence, deadlock handling) and the choices of each, each a command
 * (engine/machine_policy.h). Plain data: no curses, no controller. */
#ifndef TICKOS_POLMENU_H
#define TICKOS_POLMENU_H

#include <stdbool.h>
#include <stddef.h>

#include "cmdlog.h"
#include "machine.h"
#include "machine_policy.h"

#define POLMENU_MAX 16

typedef struct polmenu_item {
    const char *name; /* "lru", "recovery kill": the menu's line */
    const char *note; /* a line about it */
    bool current;     /* what the machine runs now (changing to it changes nothing) */
    machine_cmd cmd;  /* what choosing it does (tick 0: set when carried out) */
} polmenu_item;

/* The kinds m has, in the order above. Returns how many (into out). */
int polmenu_kinds(const machine *m, policy_kind *out);
/* A line about kind k, for the kinds menu ("page replacement"). */
const char *polmenu_kind_note(policy_kind k);
/* The choices of kind k for m; first_cfg: the scenario's own scheduler,
 * offered with its own settings. Returns how many (at most POLMENU_MAX). */
int polmenu_items(const machine *m, policy_kind k, const sched_config *first_cfg,
                  polmenu_item *out);
/* The menu's title for kind k ("Replacement policy (now lru)"). */
void polmenu_title(const machine *m, policy_kind k, char *buf, size_t n);

#endif
