/* spec: a whole machine described in JSON (a save's scenario.machine), so
 * that teachers and exercises can set up any machine without writing C.
 *
 *   {"cpus": 1,
 *    "sched": {"policy": "rr", "quantum": 2, "queues": 3, "quanta": [...],
 *              "allotment": 1, "allotments": [...], "boost": 0, "stay": false,
 *              "iobump": false},
 *    "memory": {"frames": 8, "policy": "clock", "levels": 2, "page_size": 4096,
 *               "tlb": 4, "tlb_tagged": false, "fault_time": 5, "writeback_time": 5,
 *               "local": false, "quota": 0, "nru_period": 8, "window": 32,
 *               "thrash_pct": 30, "trace_refs": true},
 *    "resources": {"types": [{"name": "fork0", "kind": "mutex"},
 *                            {"name": "full", "kind": "semaphore", "count": 0},
 *                            {"name": "tape", "kind": "pool", "count": 2}],
 *                  "detect_every": 1, "banker": false, "ordered": false,
 *                  "release_on_block": false, "recovery": "none"},
 *    "caches": {"protocol": "mesi", "sets": 1, "ways": 4, "line": 64},
 *    "shared": [{"name": "buf", "base": "0x70000000", "pages": 1}],
 *    "programs": [{"name": "phil", "steps": ["acquire fork0", "cpu 2", ...],
 *                  "memory": {"base": "0x400000", "pages": 16, "hot": 4,
 *                             "locality": 90, "writes": 20, "phase": 0, "scan": false}}],
 *    "processes": [{"program": "phil", "name": "phil0", "arrival": 0,
 *                   "prio": 0, "tickets": 100}],
 *    "init": false}
 *
 * Only "sched" (with its "policy"), "programs" and "processes" are required.
 * The machine runs in mode demo (the full machine): its report is the
 * scheduling report plus "memory", "caches" and "resources" when it has them. Pids are
 * 1, 2, ... in the order of "processes", then forked children as they are
 * made; the listed processes have no parent. With "init": true the first
 * listed process is init: it adopts orphans (and should waitall to reap them).
 *
 * Steps are text: "cpu N", "cpu N io F T" (an I/O of T ticks after every F
 * ticks of CPU), "io T", "fork PROGRAM", "wait", "waitall", "exit",
 * "read ADDR", "write ADDR" (need "memory"), "map SEGMENT" (needs "shared"),
 * "acquire RES [n]",
 * "release RES [n]", "claim RES n" (need "resources"). Names are resolved to
 * indices; the full rules and limits are in docs/saves.md.
 *
 * Everything is checked: every problem is one message naming the JSON path,
 * e.g. "machine.programs[1].steps[3]: no resource named 'fork9'". */
#ifndef TICKOS_SPEC_H
#define TICKOS_SPEC_H

#include <stddef.h>
#include <stdint.h>

#include "machine.h"

struct cJSON;

#define SPEC_MAX_PROGRAMS  256
#define SPEC_MAX_STEPS     10000         /* per program */
#define SPEC_MAX_PROCESSES 1000          /* listed in "processes" */
#define SPEC_MAX_ALL_PROCS 10000         /* listed plus every child their forks can make */
#define SPEC_MAX_CPU_TOTAL 1000000000ULL /* CPU ticks of all those processes together */
#define SPEC_MAX_STEP_TEXT 100

/* Builds the machine spec describes, at tick 0 with the given seed. Returns
 * 0 and *out, or -1 with *out NULL and a message naming the JSON path
 * (starting "machine") in err. */
int spec_build(const struct cJSON *spec, uint64_t seed, machine **out, char *err, size_t errlen);

/* ---- step text (spec_step.c) ---------------------------------------------------------- */

/* What a step's names resolve against. */
typedef struct spec_names {
    const char *const *progs; /* program names, nprogs of them */
    uint32_t nprogs;
    const char *const *res; /* resource names, nres of them */
    int32_t nres;
    int has_memory;          /* read/write are allowed */
    int has_resources;       /* acquire/release/claim are allowed */
    const char *const *segs; /* shared memory segment names (map), nsegs of them */
    uint32_t nsegs;
} spec_names;

/* Parses one step's text into *out. Returns 0, or -1 with a message (without
 * the path) in err. */
int spec_step_parse(const char *text, const spec_names *names, prog_step *out, char *err,
                    size_t errlen);

#endif
