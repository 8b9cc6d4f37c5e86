/* Machines built in code that several tests share. */
#ifndef TICKOS_TEST_MACHINES_H
#define TICKOS_TEST_MACHINES_H

#include "machine.h"

/* The classic producer bug with semaphores only: wait(mutex) before
 * wait(empty). empty = 1, full = 0, mutex = 1 (types 0, 1, 2). The producer
 * P1 (two rounds) arrives at 0, the consumer P2 at 2; FIFO on one CPU,
 * detection every tick, timeline recorded. At tick 0, NULL on ENOMEM. */
machine *tm_semaphore_deadlock(void);

#endif
