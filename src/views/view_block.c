/* Why a process is blocked, in words, for the process table and the details. */
#include <stdio.h>

#include "resmgr.h"
#include "view.h"

/* The first resource p waits for and how many; -1 when none is recorded. */
static int32_t first_want(const machine *m, const proc *p, int32_t *count, rm_why *why) {
    const rm_proc *rp = m->res ? resmgr_proc(m->res, m, p->pid) : NULL;
    if (!rp)
        return -1;
    *why = rp->why;
    for (int32_t r = 0; r < m->res->ntypes; r++) {
        if (rp->want[r] > 0) {
            *count = rp->want[r];
            return r;
        }
    }
    return -1;
}

void view_block_reason(char *buf, size_t n, const machine *m, const proc *p, bool long_form) {
    unsigned long long at = (unsigned long long)p->wake_at;
    switch (p->block_reason) {
        case BLOCK_IO:
            snprintf(buf, n, long_form ? "on I/O until tick %llu" : "io until %llu", at);
            return;
        case BLOCK_CHILD:
            snprintf(buf, n, "%s", long_form ? "waiting for a child to exit" : "wait child");
            return;
        case BLOCK_FAULT:
            if (p->wake_at)
                snprintf(buf, n,
                         long_form ? "page fault: the page-in completes at tick %llu"
                                   : "fault until %llu",
                         at);
            else
                snprintf(buf, n, "%s",
                         long_form ? "page fault: waiting for a free frame" : "wait frame");
            return;
        case BLOCK_RESOURCE: {
            int32_t count = 0;
            rm_why why = RM_WHY_NONE;
            int32_t r = first_want(m, p, &count, &why);
            const char *name = r >= 0 ? m->res->types[r].name : "?";
            if (r < 0)
                snprintf(buf, n, "%s", long_form ? "waiting for a resource" : "wait resource");
            else if (why == RM_WHY_UNSAFE && long_form)
                snprintf(buf, n, "waiting: %d of %s now would leave an unsafe state (Banker's)",
                         count, name);
            else if (why == RM_WHY_UNSAFE)
                snprintf(buf, n, "unsafe %s x%d", name, count);
            else if (long_form)
                snprintf(buf, n, "waiting for %d of %s (not enough free)", count, name);
            else
                snprintf(buf, n, "wait %s x%d", name, count);
            return;
        }
        default: snprintf(buf, n, "blocked"); return;
    }
}
