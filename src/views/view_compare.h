/* view_compare: two machines side by side (c) — the machine and its fork
 * with another policy — and their metrics next to each other. */
#ifndef TICKOS_VIEW_COMPARE_H
#define TICKOS_VIEW_COMPARE_H

#include "view.h"

/* One side: its policy of the kind compared (vs->cmp_kind), and for
 * processes a compact table and the Gantt chart; for the memory modes the memory pane; else the
 * event log. */
void view_compare_side(WINDOW *w, const machine *m, const char *label, const view_state *vs,
                       const theme *th);
/* The metrics of both, a row each, with the better one marked: the mode's
 * own; with processes also page faults and hit rate (memory), cache misses
 * and bus transactions (caches), deadlocks and recoveries (resources). */
void view_compare_metrics(WINDOW *w, const machine *a, const machine *b, const char *alabel,
                          const char *blabel, const theme *th);
/* Rows the metrics pane wants for machines of this mode. */
int view_compare_metric_rows(const machine *m);

#endif
