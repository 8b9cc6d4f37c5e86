/* scenario: what built a machine, kept with it so that it can be saved,
 * loaded, restarted and stepped back (src/engine/cmdlog.h).
 *
 * A scenario is {"args": [MODE, words...], "files": {PATH: TEXT}}: the words
 * of the command line that built it, without the options of how it was run
 * (--headless, --report, ...), and the text of every trace file they name, so
 * a save needs nothing but itself. Or it is {"machine": {...}}: a whole
 * machine described in JSON (spec.h), which only save files hold. Either may
 * carry an "exercise". */
#ifndef TICKOS_SCENARIO_H
#define TICKOS_SCENARIO_H

#include <stdio.h>

#include "args.h"
#include "machine.h"

struct cJSON;

/* Largest file read: saves and traces. */
#define SCENARIO_MAX_FILE (256u * 1024 * 1024)

/* Opens a trace file for a builder: the embedded copy when loading
 * (c->files_in), else the disk; either way its text is kept in c->files_read.
 * NULL with err set (status 1) when it cannot be read. */
FILE *scenario_open(cli_common *c, const char *flag, const char *path, cli_error *err);

/* Builds the machine of a mode from its words (argv[0] is the first word after
 * the mode) and gives it its scenario. Returns 0 or the exit status. */
int scenario_build(const char *mode, int argc, char **argv, cli_common *c, machine **out,
                   cli_error *err);

/* Builds a machine again from its scenario and seed, at tick 0, for running
 * with the options in c (its report/summary decide what is recorded). The
 * words are checked: no common options, a known mode; a machine spec is
 * checked as spec_build builds it. Returns 0 or the exit status. */
int scenario_rebuild(const struct cJSON *scenario, uint64_t seed, const cli_common *c,
                     machine **out, cli_error *err);

/* Rebuilds m's scenario and replays its commands up to tick: the same state
 * m had at that tick. Returns 0 or the exit status. */
int scenario_replay(const machine *m, uint64_t tick, const cli_common *c, machine **out,
                    cli_error *err);

/* What the TUI needs to build the machine at tick 0 again (time travel). */
typedef struct scenario_source {
    struct cJSON *scenario; /* owned by whoever made the source */
    uint64_t seed;
    bool record;
} scenario_source;
/* Builds it (ctx: a scenario_source); NULL if that fails. */
machine *scenario_source_build(void *ctx);

/* Saves: {"tickos": 1, "kind": "save", "mode", "seed", "tick", "scenario",
 * "commands", "state"}, written atomically. Returns 0 or 1 with err set. */
int save_write(const machine *m, const char *path, cli_error *err);
/* Loads a save (or an exercise): validates it, rebuilds and replays to its
 * tick and checks the state it reaches against the one written. Returns 0, or
 * 1 with a message naming the file and the JSON path of the problem. */
int save_load(const char *path, const cli_common *c, machine **out, cli_error *err);
/* The same on a save's text (NUL-terminated, len bytes); name is for messages. */
int save_load_text(const char *name, const char *text, size_t len, const cli_common *c,
                   machine **out, cli_error *err);
/* The largest tick a save may be at (CLI_MAX_TICKS); the fuzzer lowers it so
 * that no input takes long to replay. */
extern uint64_t scenario_tick_limit;

#endif
