/* tui: the interactive terminal UI.
 *
 * tui_run takes over the terminal, runs the interactive loop on *m (already
 * built, at tick 0 or advanced by --ticks) and restores the terminal, also on
 * SIGINT, SIGTERM and SIGHUP, on a crash signal (SIGSEGV, SIGABRT, SIGBUS,
 * SIGFPE, SIGILL: restored, then the signal is raised again) and at exit. It
 * starts paused; the controller (src/input/ctl.c) is the only part that
 * changes the machine.
 *
 * build (may be NULL) makes the scenario's machine at tick 0 again: with it,
 * stepping back, go to and restart work by deterministic replay. Time travel
 * replaces the machine, so *m is updated: on return it is the machine the TUI
 * ended on, owned by the caller as before (the ones replaced are freed). */
#ifndef TICKOS_TUI_H
#define TICKOS_TUI_H

#include "args.h"
#include "machine.h"

typedef machine *(*tui_build_fn)(void *ctx);

/* Returns the exit status: 0 after q, 128 + the signal after a signal, 2 for an
 * unknown --theme, 1 when there is no usable terminal (err says why). */
int tui_run(machine **m, const cli_common *c, tui_build_fn build, void *ctx, cli_error *err);

#endif
