/* view_memory: the memory pane, for the full machine (vm.h) and for the
 * `paging` and `translate` quick modes (memsrc.h).
 *
 * Sections, top to bottom: counters (references, faults, fault rate,
 * evictions, write-backs, swap, working sets against frames, THRASHING), a
 * fault sparkline, the current translation (vaddr split into dir | table |
 * offset, TLB hit or miss, frame, physical address), each CPU's TLB, the
 * physical frames as a grid, the last fault, and the selected process's page
 * table as a two-level tree of valid entries. From VIEW_MEM_SIDE_COLS columns
 * the page table sits to the right of the rest.
 *
 * When the window is too small, rows go to the sections by importance:
 * counters, translation, frames, last fault, sparkline, TLBs, page table;
 * what gets no row is left out, and nothing is written outside the window.
 *
 * Marks are letters as well as colours (cells are coloured by owner with
 * theme_pid): D dirty, R referenced (policies that use the bit: clock,
 * second-chance, nru), L a page-in under way, '>' clock's hand; the frame of
 * the last fault is drawn reversed and marked '!' when a victim was evicted
 * from it or '+' when it was free. In the TLBs '*' marks the entry of the
 * CPU's last lookup, and the page table marks the PTE of the current
 * translation '*'. Focused, the selected frame's cell is bracketed "[...]"
 * and reversed, and the grid scrolls to it (else to the last fault).
 *
 * Views only read the machine; nothing here allocates. */
#ifndef TICKOS_VIEW_MEMORY_H
#define TICKOS_VIEW_MEMORY_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "machine.h"
#include "theme.h"
#include "vsel.h"

#define VIEW_MEM_SIDE_COLS 100 /* from this width the page table is a column of its own */
#define VIEW_MEM_PT_COLS   40  /* that column's width */
#define VIEW_MEM_PT_ROWS   16  /* page-table rows counted in the preferred height */
#define VIEW_MEM_BUCKET    4   /* ticks per sparkline column */

/* Whether m has memory the pane can show (full machine, paging, translate). */
bool view_memory_has(const machine *m);
/* Its physical frames (0 without memory). */
uint32_t view_memory_frames(const machine *m);

/* Heights for a pane of `width` columns: *min_h shows the title, counters,
 * translation and one row of frames; *pref_h every section in full (the page
 * table up to VIEW_MEM_PT_ROWS rows). selected_pid as for view_memory. A
 * machine without memory: 2 and 2 (title and a note). */
void view_memory_size(const machine *m, int32_t selected_pid, int width, int *min_h, int *pref_h);

/* The whole pane, title on row 0. selected_pid: the process whose page table
 * is shown; -1 (or a pid without memory): the pid of the current
 * translation, else the first process with memory. sel (may be NULL): the
 * focus, the selected frame, and where the frames' cells are recorded. */
void view_memory(WINDOW *w, const machine *m, const theme *th, int32_t selected_pid,
                 const vsel *sel);

/* The frames grid as view_memory draws it in a pane of h x w, focused or
 * not: frames per grid row and grid rows shown (0: the grid gets none).
 * For moving the selection by rows and pages. */
void view_memory_grid(const machine *m, int32_t selected_pid, int h, int w, bool focused,
                      int *per_row, int *rows);

/* The sections on their own, each filling w from row 0 (no title), for a
 * layout that places them itself. Each returns the rows it would use to show
 * everything (at w's width), which may be more than w has. */
int view_mem_counters(WINDOW *w, const machine *m, const theme *th); /* + sparkline */
int view_mem_translation(WINDOW *w, const machine *m, const theme *th);
int view_mem_tlbs(WINDOW *w, const machine *m, const theme *th);
int view_mem_frames(WINDOW *w, const machine *m, const theme *th); /* + last fault */
int view_mem_page_table(WINDOW *w, const machine *m, const theme *th, int32_t selected_pid);

#endif
