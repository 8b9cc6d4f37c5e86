/* view_caches: the caches pane, for the `mesi` quick mode (coherence.h):
 * per-CPU caches kept coherent over one snooping bus.
 *
 * Sections, top to bottom: the last access (tick, CPU, read or write,
 * address, hit or miss and its kind, the bus transaction, the requester's
 * transition, who snooped it and how, an eviction) with the state of its
 * line in every cache; each CPU's lines (a row per set holding a valid
 * line, and the last access's set, so that a copy it invalidated shows as
 * I; a cell per way: line address and state letter, '-' for a way never
 * filled); the counters (hits, misses by kind,
 * bus transactions by kind, invalidations, write-backs, supplies; the total
 * and per CPU); the bus log (the last VIEW_CACHE_BUS transactions, newest
 * first: requester, kind, line, and what each snooper did); and a small
 * diagram of the protocol's state machine (view_cache_diagram.c) with the
 * last access's transitions marked. From VIEW_CACHE_SIDE_COLS columns the
 * bus log and the diagram sit in a column of VIEW_CACHE_SIDE_W on the right.
 *
 * The last access and the bus log are read from the newest
 * VIEW_CACHE_SCAN events of the log (EV_CACHE_*): older than that, nothing is
 * shown. When the window is too small, rows go to the sections by
 * importance: last access, lines, counters, bus log, diagram.
 *
 * Marks are letters as well as colours: a line's state is its letter (M, O,
 * E, S, I, each in its own colour), '*' after the cells of the last access's
 * line (also reversed), '>' before the CPU that made it, '*' on the
 * diagram's rows of its transitions. Focused, the selected line's cell is
 * bracketed "[...]" and reversed, and its CPU's rows scroll to it. Views
 * only read the machine; nothing here allocates. */
#ifndef TICKOS_VIEW_CACHES_H
#define TICKOS_VIEW_CACHES_H

#include <curses.h>
#include <stdbool.h>

#include "coherence.h"
#include "machine.h"
#include "theme.h"
#include "vsel.h"

#define VIEW_CACHE_BUS       16    /* bus transactions in the log */
#define VIEW_CACHE_SCAN      4096u /* events read back for the last access and the bus log */
#define VIEW_CACHE_SIDE_COLS 120   /* from this width: bus log and diagram on the right */
#define VIEW_CACHE_SIDE_W    56    /* that column's width */

/* The caches the pane shows (the mesi quick mode's), or NULL. */
const coh *view_caches_coh(const machine *m);
/* Whether m has caches the pane can show. */
bool view_caches_has(const machine *m);

/* Heights for a pane of `width` columns: *min_h shows the title, the last
 * access and a row of lines per CPU; *pref_h everything. A machine without
 * caches: 2 and 2 (title and a note). */
void view_caches_size(const machine *m, int width, int *min_h, int *pref_h);

/* The whole pane, title on row 0. sel (may be NULL): the focus, the
 * selected line (VSEL_LINE) and where the lines' cells are recorded. */
void view_caches(WINDOW *w, const machine *m, const theme *th, const vsel *sel);

#endif
