/* templates: ready-made programs for processes injected at run time (the TUI's
 * inject form), each a typical kind of process a lesson talks about. */
#ifndef TICKOS_TEMPLATES_H
#define TICKOS_TEMPLATES_H

#include <stddef.h>
#include <stdint.h>

#include "machine.h"
#include "machine_cmd.h"

typedef struct proc_template {
    const char *name;  /* "cpu-bound" */
    const char *about; /* one line: what it does */
} proc_template;

size_t templates_count(void);
/* NULL past the end. */
const proc_template *templates_at(size_t i);
/* Index by name, or -1. */
int templates_find(const char *name);

/* Template i's program and the programs its forks run (*nextra of them; a
 * FORK step's n counts from the first, as machine_inject takes them). Returns
 * false past the end. */
bool templates_prog(size_t i, machine_prog *prog, const machine_prog **extra, uint32_t *nextra);

/* Injects a process running template i at the current tick, nothing added
 * (inject_do). Returns its pid, or -1. */
int32_t templates_inject(machine *m, size_t i, const char *name, int32_t prio);

#endif
