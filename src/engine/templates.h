/* templates: ready-made programs for processes injected at run time (the TUI's
 * inject form), each a typical kind of process a lesson talks about. */
#ifndef TICKOS_TEMPLATES_H
#define TICKOS_TEMPLATES_H

#include <stddef.h>
#include <stdint.h>

#include "machine.h"

typedef struct proc_template {
    const char *name;  /* "cpu-bound" */
    const char *about; /* one line: what it does */
} proc_template;

size_t templates_count(void);
/* NULL past the end. */
const proc_template *templates_at(size_t i);
/* Index by name, or -1. */
int templates_find(const char *name);

/* Injects a process running template i at the current tick (machine_inject).
 * Returns its pid, or -1. */
int32_t templates_inject(machine *m, size_t i, const char *name, int32_t prio);

#endif
