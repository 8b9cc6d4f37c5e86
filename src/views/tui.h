/* tui: the interactive terminal UI.
 *
 * tui_run takes over the terminal, runs the interactive loop on m (already
 * built, at tick 0 or advanced by --ticks) and restores the terminal, also on
 * SIGINT, SIGTERM and SIGHUP and at exit. It starts paused; the controller
 * (src/input/ctl.c) is the only part that advances the machine. */
#ifndef TICKOS_TUI_H
#define TICKOS_TUI_H

#include "args.h"
#include "machine.h"

/* Returns the exit status: 0 after q, 128 + the signal after a signal, 2 for an
 * unknown --theme, 1 when there is no usable terminal (err says why). */
int tui_run(machine *m, const cli_common *c, cli_error *err);

#endif
