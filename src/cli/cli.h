/* cli: the forms of the command line (shared/spec/headless.md, "Invocation").
 *
 * Each cli_<mode>_build parses the words after the mode name into a machine
 * ready at tick 0, plus the common options. They return 0, or the exit status
 * (2 usage, 1 other) with the message in err. cli_run_headless runs a machine
 * to its end (or --ticks) and writes the report and the save. */
#ifndef TICKOS_CLI_H
#define TICKOS_CLI_H

#include "args.h"
#include "machine.h"
#include "pager.h"

int cli_sched_build(int argc, char **argv, cli_common *c, machine **out, cli_error *err);
int cli_paging_build(int argc, char **argv, cli_common *c, machine **out, cli_error *err);
int cli_translate_build(int argc, char **argv, cli_common *c, machine **out, cli_error *err);
int cli_mesi_build(int argc, char **argv, cli_common *c, machine **out, cli_error *err);
int cli_deadlock_build(int argc, char **argv, cli_common *c, machine **out, cli_error *err);
/* The built-in demo (no arguments besides the common options). */
int cli_demo_build(int argc, char **argv, cli_common *c, machine **out, cli_error *err);

/* The words a machine was built from, to build it again at tick 0 (the TUI's
 * time travel replays from there). The words must outlive the source. */
typedef int (*cli_build_fn)(int argc, char **argv, cli_common *c, machine **out, cli_error *err);
typedef struct cli_source {
    cli_build_fn build;
    int argc;
    char **argv;
    bool record; /* machine.record, as the first build was given */
} cli_source;
/* Builds the machine again (ctx: a cli_source); NULL if that fails. */
machine *cli_source_build(void *ctx);

/* Memory traces shared by paging and translate (cli_paging.c): 32-bit values
 * with write flags, from a list or a file. Returns 0, or the exit status with
 * err set. */
int cli_mem_trace(cli_error *err, const args_source *src, const char *what, uint32_t **vals,
                  uint8_t **writes, uint32_t *n);
uint64_t cli_mem_report_limit(void);
/* The pager options paging and translate share: --policy, --frames, --nru-period.
 * 1 if the current flag was one (consumed), 0 if not, -1 on error. */
int cli_pager_option(argp *p, pager_policy *policy, long long *frames, long long *period);
uint32_t cli_mem_max_refs(void);

/* Advances m by n ticks, or to its end when n < 0. Never loops forever: stops
 * at CLI_MAX_TICKS with an error. Returns 0 or 1 with err set. */
#define CLI_MAX_TICKS 2000000000ULL
int cli_advance(machine *m, int64_t n, cli_error *err);
/* Headless: advance, then --report and --save. Returns the exit status. */
int cli_run_headless(machine *m, const cli_common *c, cli_error *err);
/* Writes the end-of-run outputs (--report, --save). Returns 0, or 1 with err set. */
int cli_write_outputs(const machine *m, const cli_common *c, cli_error *err);

/* Usage text of a form ("sched", ...; NULL for the whole program). */
const char *cli_usage(const char *mode);

#endif
