/* view: the panes of the TUI.
 *
 * Each view_* function draws one pane into its window from a read-only
 * machine, the view state and the theme. Views never change the machine,
 * never read input and never allocate; a pane too small for its content
 * shows what fits. */
#ifndef TICKOS_VIEW_H
#define TICKOS_VIEW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keymap.h"
#include "machine.h"
#include "theme.h"

/* What the user chose about the clock and the panes (owned by the controller). */
typedef struct view_state {
    bool paused;
    int speed;         /* ticks per second */
    bool help;         /* help overlay open */
    uint32_t proc_top; /* first process-table row shown */
    bool log_follow;   /* the log shows the newest events */
    uint64_t log_end;  /* not following: one past the last event shown */
} view_state;

/* Header: brand, mode, tick, running/paused/done, speed, policy, utilisation. */
void view_header(WINDOW *w, const machine *m, const view_state *vs, const theme *th);
/* Process table, scrolled to vs->proc_top. */
void view_procs(WINDOW *w, const machine *m, const view_state *vs, const theme *th);
/* Ready queues (one row per level, top first), the I/O queue and the waits;
 * lines: level rows that fit. */
void view_queues(WINDOW *w, const machine *m, const theme *th, int lines);
/* Gantt chart of the last ticks for the first cpus CPUs, with a tick ruler. */
void view_gantt(WINDOW *w, const machine *m, const theme *th, int cpus);
/* A one-line note about the mode (modes whose panes come later). */
void view_note(WINDOW *w, const machine *m, const theme *th);
/* Event log, newest at the bottom. */
void view_log(WINDOW *w, const machine *m, const view_state *vs, const theme *th);
/* Key bar generated from the key table. */
void view_keybar(WINDOW *w, const keymap *km, const theme *th);
/* Help overlay generated from the key table; view_help_size gives the size it
 * wants. */
void view_help_size(const keymap *km, int *h, int *w);
void view_help(WINDOW *w, const keymap *km, const theme *th);
/* "terminal too small (WxH), need at least 60x16", centred. */
void view_too_small(WINDOW *w, int cols, int rows, const theme *th);

/* Text of the too-small message. */
int view_too_small_text(char *buf, size_t n, int cols, int rows);

#endif
