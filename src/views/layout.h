/* layout: where each pane of the TUI goes, as pure arithmetic on the terminal
 * size and the screen shown (no curses), so that tests can check every size
 * without a terminal.
 *
 * Every screen has the header (1 row) on top and the key bar (1 row) at the
 * bottom. Between them:
 *   1 overview:   the process panes (process table and ready queues, side by
 *                 side when the terminal is wide enough, stacked otherwise),
 *                 the Gantt chart and the event log. With memory or
 *                 resources, from LAYOUT_WIDE_COLS x LAYOUT_WIDE_ROWS a
 *                 column right of the process panes and the Gantt chart holds
 *                 the memory pane, the resources pane, or both (memory on top,
 *                 resources under it from LAYOUT_STACK_ROWS rows of column;
 *                 with caches too, all three from LAYOUT_STACK3_ROWS).
 *                 A quick mode shows its subsystem's pane over the log
 *                 (paging, translate: memory; mesi: caches; deadlock:
 *                 resources); without one, a one-line note and the log;
 *   2 scheduling: the process panes and a taller Gantt chart, no log (modes
 *                 without processes: as 3-5 without a pane);
 *   3 memory,
 *   4 caches,
 *   5 resources:  the subsystem's pane when the machine has it, over the log
 *                 filtered to that subsystem's events; without, a one-line
 *                 note and that log;
 *   6 log:        the log alone.
 * While comparing (c), every screen's body is the compare pane.
 * A subsystem pane over the log takes two thirds of the rows, the log the
 * rest (at least 4).
 * Below LAYOUT_MIN_COLS x LAYOUT_MIN_ROWS nothing is drawn but a "terminal too
 * small" message. */
#ifndef TICKOS_LAYOUT_H
#define TICKOS_LAYOUT_H

#include <stdbool.h>

#define LAYOUT_MIN_COLS    60
#define LAYOUT_MIN_ROWS    16
#define LAYOUT_SIDE_COLS   90  /* from this width the queues sit beside the process table */
#define LAYOUT_WIDE_COLS   160 /* from this size the overview shows memory/resources too */
#define LAYOUT_WIDE_ROWS   40
#define LAYOUT_STACK_ROWS  16 /* rows of the right column that take two panes */
#define LAYOUT_STACK3_ROWS 24 /* ... and three (memory, caches, resources) */

typedef enum layout_pane {
    PANE_HEADER,
    PANE_PROCS,
    PANE_QUEUES,
    PANE_GANTT,
    PANE_NOTE,
    PANE_LOG,
    PANE_KEYBAR,
    PANE_MEMORY,      /* frames, page table, TLBs, translation (view_memory.h) */
    PANE_CACHES,      /* lines, bus log, MESI diagram, counters (view_caches.h) */
    PANE_RESOURCES,   /* matrices, graph, conditions, verdict (view_resources.h) */
    PANE_CMP_A,       /* compare: this machine (view_compare.h) */
    PANE_CMP_B,       /* compare: its fork with another policy */
    PANE_CMP_METRICS, /* compare: their metrics side by side */
    PANE_COUNT
} layout_pane;

typedef struct layout_rect {
    int y, x, h, w; /* h == 0: the pane is not shown */
} layout_rect;

typedef struct layout_req {
    int cols, rows;
    bool procs;      /* the mode has processes: table, queues and Gantt */
    int ncpus;       /* CPUs in the Gantt chart */
    int levels;      /* ready-queue levels */
    int screen;      /* screen_id; 0 means the overview */
    bool memory;     /* the machine has memory to draw (view_memory_has) */
    bool caches;     /* ... caches (view_caches_has) */
    bool resources;  /* ... resources (view_resources_has) */
    bool compare;    /* comparing two machines: the body is the compare panes */
    int metric_rows; /* compare: rows of the metrics pane */
} layout_req;

typedef struct layout {
    int cols, rows;
    int screen;
    bool too_small;
    bool side;       /* queues beside the process table */
    int gantt_cpus;  /* CPU rows that fit in the Gantt pane */
    int queue_lines; /* level rows that fit in the queues pane */
    layout_rect pane[PANE_COUNT];
} layout;

/* Fills out for the request. Returns false (and sets too_small, all panes
 * empty) when the terminal is below the minimum. */
bool layout_compute(const layout_req *req, layout *out);

/* True when the terminal is below the minimum size. */
bool layout_too_small(int cols, int rows);

/* Rows of the process table body (without its title and column header) and of
 * the event log body (without its title): the page sizes for scrolling. */
int layout_proc_rows(const layout *l);
int layout_log_rows(const layout *l);

/* The Gantt chart's tick cells per row (its width less the CPU labels). */
#define LAYOUT_GANTT_LABEL 6
int layout_gantt_cells(const layout *l);

/* The pane at screen cell (y, x); PANE_COUNT for none (a gap, too small). */
layout_pane layout_hit(const layout *l, int y, int x);
/* Whether a pane can take the focus: shown and scrollable or with a
 * selection (table, queues, Gantt, memory, caches, resources, log). */
bool layout_focusable(const layout *l, layout_pane p);
/* The next focusable pane after cur in the order table, queues, Gantt,
 * memory, caches, resources, log (dir -1: before), wrapping around; cur
 * itself when it is the only one; the first focusable pane when cur is not
 * one. PANE_COUNT when none is. */
layout_pane layout_focus_next(const layout *l, layout_pane cur, int dir);

/* Centres a message of len columns in a screen of cols: the starting column
 * (0 when it does not fit). */
int layout_centre(int cols, int len);

#endif
