/* view_res_int: what the files of the resources pane share
 * (view_resources.c, view_res_matrix.c, view_res_graph.c); not for other
 * views. Each section draws into a vrect and returns the rows it would need
 * to show everything; given a vrect of no rows it only measures. */
#ifndef TICKOS_VIEW_RES_INT_H
#define TICKOS_VIEW_RES_INT_H

#include "ressrc.h"
#include "theme.h"
#include "vrect.h"
#include "vsel.h"

typedef struct res_ctx {
    const ressrc *s;
    const theme *th;
    const vsel *sel; /* the selected resource type; NULL: none */
} res_ctx;

/* Available, Allocation, Request, Max, Need (view_res_matrix.c). */
int res_sec_matrices(const res_ctx *c, const vrect *r);
/* The resource-allocation graph (view_res_graph.c). */
int res_sec_graph(const res_ctx *c, const vrect *r);
/* "P1 -> P2 -> P1" of the cycle into buf (with the resources between when
 * with_res). */
void res_cycle_text(const ressrc *s, bool with_res, char *buf, size_t n);

#endif
