#include "templates.h"

#include <stdio.h>
#include <string.h>

#include "inject.h"

#define RUN(c) \
    { .kind = STEP_RUN, .n = (c) }
#define RUNIO(c, f, t) \
    { .kind = STEP_RUN, .n = (c), .iofreq = (f), .iotime = (t) }
#define IO(c) \
    { .kind = STEP_IO, .n = (c) }
#define FORK(prog) \
    { .kind = STEP_FORK, .n = (prog) }
#define WAIT_ALL \
    { .kind = STEP_WAIT, .n = 1 }
#define PROG(name, s) \
    { (name), (s), sizeof(s) / sizeof *(s) }

/* 40 ticks of CPU and nothing else. */
static const prog_step cpu_bound[] = {RUN(40)};
/* 12 ticks of CPU in bursts of 2, each followed by an I/O of 4. */
static const prog_step io_bound[] = {RUNIO(12, 2, 4)};
/* A tick of CPU between waits of 6 for the user. */
static const prog_step interactive[] = {RUN(1), IO(6), RUN(1), IO(6), RUN(1), IO(6), RUN(1)};
/* Two children of 6 ticks each, waited for. */
static const prog_step forker[] = {RUN(2), FORK(0), FORK(0), WAIT_ALL, RUN(1)};
static const prog_step child[] = {RUN(6)};

static const struct {
    proc_template t;
    machine_prog prog;
    machine_prog extra;
    uint32_t nextra;
} table[] = {
    {{"cpu-bound", "40 ticks of CPU"}, PROG("cpu-bound", cpu_bound), {0}, 0},
    {{"io-bound", "12 ticks of CPU, an I/O of 4 after every 2"},
     PROG("io-bound", io_bound),
     {0},
     0},
    {{"interactive", "1 tick of CPU, then 6 of I/O, four times"},
     PROG("interactive", interactive),
     {0},
     0},
    {{"forker", "forks two children of 6 ticks and waits for both"},
     PROG("forker", forker),
     PROG("child", child),
     1},
};

size_t templates_count(void) {
    return sizeof table / sizeof table[0];
}

const proc_template *templates_at(size_t i) {
    return i < templates_count() ? &table[i].t : NULL;
}

int templates_find(const char *name) {
    for (size_t i = 0; i < templates_count(); i++)
        if (strcmp(table[i].t.name, name) == 0)
            return (int)i;
    return -1;
}

bool templates_prog(size_t i, machine_prog *prog, const machine_prog **extra, uint32_t *nextra) {
    if (i >= templates_count())
        return false;
    *prog = table[i].prog;
    *extra = table[i].nextra ? &table[i].extra : NULL;
    *nextra = table[i].nextra;
    return true;
}

int32_t templates_inject(machine *m, size_t i, const char *name, int32_t prio) {
    inject_cmd c = {.tmpl = (uint32_t)i, .prio = prio};
    snprintf(c.name, sizeof c.name, "%s", name ? name : "");
    return inject_do(m, &c, NULL, 0);
}
