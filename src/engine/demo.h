/* demo: the built-in demo scenario that `tickos` opens with no arguments.
 *
 * init (pid 1) starts a shell, an editor (I/O-bound), a compiler (CPU-bound),
 * a daemon that leaves an orphan behind, and a batch job whose quick child is a
 * zombie for a while, all under MLFQ with a periodic boost: every state a
 * process can be in shows up within the first hundred ticks. */
#ifndef TICKOS_DEMO_H
#define TICKOS_DEMO_H

#include <stdint.h>

#include "machine.h"

machine *demo_create(uint64_t seed);

#endif
