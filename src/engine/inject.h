/* inject: a process given to a running machine (the TUI's `i`, a save's
 * "inject" command).
 *
 * It runs a built-in template (templates.h) or one of the machine's own
 * programs (those its scenario made, not those earlier injects added), with
 * its forks working. On a machine with memory it may have a memory behaviour
 * of its own: a generated reference stream (vm_model), one reference per tick
 * of CPU, replacing the program's own model. On a machine with resources it
 * may take one: its program then starts with
 *     claim RES n      (only under Banker's, and not for a semaphore)
 *     acquire RES n
 *     cpu HOLD         (held through HOLD ticks of CPU)
 *     release RES n
 * and goes on with the program's steps. Either change gives the process its
 * own copy of the program (marked injected), so the machine's programs stay
 * as they were; otherwise a machine program is run as it is.
 *
 * The command is plain data (logged in machine.cmds, saved, replayed) and
 * names programs and resources, so a save reads alike whatever the machine;
 * inject_check holds it against the machine it is given. */
#ifndef TICKOS_INJECT_H
#define TICKOS_INJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vm_model.h"

struct cJSON;
struct jsonv;
struct machine;

#define INJECT_NAME_MAX  24          /* a program or process name, with its NUL */
#define INJECT_RES_MAX   16          /* a resource name, with its NUL */
#define INJECT_PRIO_MAX  7           /* priorities 0..7 */
#define INJECT_COUNT_MAX 1000000u    /* instances (a semaphore's units) */
#define INJECT_HOLD_MAX  1000000u    /* ticks of CPU a resource is held */
#define INJECT_BASE      0x10000000u /* where a generated range starts by default */

typedef struct inject_cmd {
    uint32_t tmpl;              /* the template, when prog is "" */
    char prog[INJECT_NAME_MAX]; /* one of the machine's own programs, or "" */
    char name[INJECT_NAME_MAX]; /* the process's name; "" the program's */
    int32_t prio;               /* static priority (the prio policy), 0..INJECT_PRIO_MAX */
    vm_model mem;               /* its references; pages 0: the program's own (if any) */
    char res[INJECT_RES_MAX];   /* a resource it takes, holds and gives back, or "" */
    uint32_t count;             /* how many of res (a semaphore: units), 1.. */
    uint32_t hold;              /* ticks of CPU it holds them, 1.. */
} inject_cmd;

/* The part of the command a problem is in. */
typedef enum inject_field {
    INJECT_OK,
    INJECT_F_MACHINE, /* the machine takes no processes (a trace-driven mode) */
    INJECT_F_PROGRAM,
    INJECT_F_NAME,
    INJECT_F_PRIO,
    INJECT_F_MEMORY,
    INJECT_F_RESOURCE,
    INJECT_F_COUNT,
    INJECT_F_HOLD,
} inject_field;

/* The JSON key of a field: "program", "memory", "resource.count", ... */
const char *inject_field_key(inject_field f);

/* Checks c against m (everything inject_do will need). Returns INJECT_OK, or
 * the field at fault with a message (without the field's name) in err. */
inject_field inject_check(const struct machine *m, const inject_cmd *c, char *err, size_t errlen);
/* Carries c out on m now: logs it in m->cmds (a save and a step back replay
 * it), adds the programs it needs and the process, arriving at this tick.
 * Returns the pid, or -1 with "inject: <field>: <why>" in err (err may be
 * NULL) when m refuses it. */
int32_t inject_do(struct machine *m, const inject_cmd *c, char *err, size_t errlen);

/* m's own program named name (the first, not an injected one), or -1. */
int inject_find_program(const struct machine *m, const char *name);

/* JSON: {"template": "forker"} or {"program": "phil"}, and "name", "prio",
 * "memory" (vm_model_json's object) and "resource": {"name", "count", "hold"};
 * the last two only when set, so an inject of a template alone is written as
 * before they existed. inject_read checks what needs no machine; path names
 * the object in messages ("commands[2].inject"). */
struct cJSON *inject_json(const inject_cmd *c);
bool inject_read(struct jsonv *v, const struct cJSON *o, const char *path, inject_cmd *out);

/* Memory behaviours offered by the inject form, each a model over a number
 * of pages (its own default, or the pages the form asks for). */
typedef struct inject_preset {
    const char *name;  /* "loop" */
    const char *about; /* one line, with its default size */
    uint32_t pages;    /* default pages */
} inject_preset;

size_t inject_presets_count(void);
const inject_preset *inject_preset_at(size_t i); /* NULL past the end */
/* Preset i over pages pages (0: its default) starting at base. False past
 * the end. */
bool inject_preset_model(size_t i, uint32_t pages, uint32_t base, vm_model *out);
/* A base for a range of pages pages in m: INJECT_BASE, or past the shared
 * segments that range would overlap (page-aligned; INJECT_BASE when nothing
 * fits). */
uint32_t inject_base(const struct machine *m, uint32_t pages);

#endif
