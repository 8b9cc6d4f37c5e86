/* view_resources: the resources pane, for the full machine's resources
 * (resmgr.h) and the `deadlock` quick mode (deadlock.h), through ressrc.h.
 *
 * Sections, top to bottom: the verdict (the last detection: the deadlocked
 * processes and the cycle named P1 -> P2 -> ... -> P1, or none; Banker's
 * SAFE with the safe sequence or UNSAFE; in the quick mode the algorithm's
 * progress, or the grant's fate), the four necessary conditions as a
 * checklist ([x] held, [~] possible, [ ] broken, with the setting that
 * breaks each), the matrices (Allocation, Request, Max, Need; resource names
 * as column heads, a row per process; Available and the quick mode's Work
 * under them, each row's finish mark or reason for waiting at its end) and
 * the resource-allocation graph in text (view_res_graph.c). From
 * VIEW_RES_SIDE_COLS columns the conditions and the graph sit in a column of
 * VIEW_RES_SIDE_W on the right of the matrices.
 *
 * When the window is too small, rows go to the sections by importance:
 * verdict, conditions, matrices, graph; nothing is written outside it.
 *
 * Marks are letters as well as colours: '!' before a deadlocked process,
 * '*' after an edge of the cycle in the graph (which is also highlighted, as
 * are the cycle's cells in the matrices), [x]/[~]/[ ] for the conditions.
 * Focused, the selected type's column heads read ">name", reversed.
 * Views only read the machine; nothing here allocates. */
#ifndef TICKOS_VIEW_RESOURCES_H
#define TICKOS_VIEW_RESOURCES_H

#include <curses.h>
#include <stdbool.h>

#include "machine.h"
#include "theme.h"
#include "vsel.h"

#define VIEW_RES_SIDE_COLS 140 /* from this width: conditions and graph on the right */
#define VIEW_RES_SIDE_W    62  /* that column's width */

/* Whether m has resources the pane can show (the full machine's resource
 * manager, or the deadlock quick mode). */
bool view_resources_has(const machine *m);
/* Its resource types (0 without resources). */
int32_t view_resources_types(const machine *m);

/* Heights for a pane of `width` columns: *min_h shows the title, the verdict
 * and the conditions; *pref_h everything. A machine without resources: 2
 * and 2 (title and a note). */
void view_resources_size(const machine *m, int width, int *min_h, int *pref_h);

/* The whole pane, title on row 0. sel (may be NULL): the focus, the
 * selected resource type and where the matrices' columns are recorded. */
void view_resources(WINDOW *w, const machine *m, const theme *th, const vsel *sel);

#endif
