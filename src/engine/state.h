/* state: the whole state of a machine as JSON, for saves.
 *
 * A save is restored by replaying its scenario and commands (machine.h), which
 * the engine's determinism makes exact; the state written next to them lets a
 * reader see everything (clock, generator, PCBs, queues, frames, TLBs, caches,
 * resources, events) and lets the loader prove the replay reached the very
 * state that was saved. */
#ifndef TICKOS_STATE_H
#define TICKOS_STATE_H

#include <stddef.h>

#include "machine.h"

struct cJSON;

/* A new object; NULL on ENOMEM. */
struct cJSON *state_build(const machine *m);

/* Compares two JSON values. Returns 0 when equal, else 1 and the path of the
 * first difference with both values in why ("procs[2].cpu_time: 5 vs 6"). */
int state_diff(const struct cJSON *a, const struct cJSON *b, char *why, size_t n);

#endif
