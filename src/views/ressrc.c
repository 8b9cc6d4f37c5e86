/* ressrc: the resources pane's read-only face (ressrc.h). */
#include "ressrc.h"

#include <stdio.h>
#include <string.h>

static int32_t row_of(const ressrc *s, int32_t pid) {
    for (int32_t i = 0; i < s->n; i++)
        if (ressrc_pid(s, i) == pid)
            return i;
    return -1;
}

/* The resource row a waits for that row b holds (the lowest), -1 none. */
static int32_t link_res(const dl_state *st, int32_t a, int32_t b) {
    for (int32_t j = 0; j < st->m; j++)
        if (st->request[a][j] > 0 && st->alloc[b][j] > 0)
            return j;
    return -1;
}

static void init_machine(ressrc *s) {
    const rm_snapshot *sn = s->snap;
    s->st = &sn->st;
    s->n = sn->n;
    s->nres = sn->m;
    s->has_request = true;
    s->has_max = sn->banker;
    for (int32_t i = 0; i < s->n && !s->has_max; i++)
        for (int32_t j = 0; j < s->nres; j++)
            s->has_max |= sn->st.max[i][j] > 0;
    const rm_detection *d = &sn->last;
    if (sn->detected && d->ndead > 0) {
        s->ncycle = d->ncycle;
        for (int32_t i = 0; i < d->ncycle; i++) {
            s->cycle_pid[i] = d->cycle[i];
            s->cycle_row[i] = row_of(s, d->cycle[i]);
            s->cycle_res[i] = d->cycle_res[i];
        }
        for (int32_t i = 0; i < d->ndead; i++) {
            int32_t row = row_of(s, d->dead[i]);
            if (row >= 0) {
                s->dead[row] = true;
                s->ndead++;
            }
        }
    }
    memcpy(s->cond, sn->cond, sizeof s->cond);
}

/* The conditions of a quick mode's state: no settings, so none is broken. */
static void quick_conditions(ressrc *s) {
    const dl_state *st = s->st;
    bool held = false, hold_wait = false;
    for (int32_t i = 0; i < st->n; i++) {
        bool holds = !dl_vec_zero(st->alloc[i], st->m);
        held |= holds;
        hold_wait |= holds && !dl_vec_zero(st->request[i], st->m);
    }
    dl_wfg g;
    int32_t cyc[DL_MAX_PROCS];
    dl_wfg_build(st, &g);
    bool circular = dl_wfg_find_cycle(&g, cyc) > 0;
    s->cond[RM_COND_MUTEX] = held ? RM_COND_HELD : RM_COND_POSSIBLE;
    s->cond[RM_COND_HOLD_WAIT] = hold_wait ? RM_COND_HELD : RM_COND_POSSIBLE;
    s->cond[RM_COND_NO_PREEMPT] = held ? RM_COND_HELD : RM_COND_POSSIBLE;
    s->cond[RM_COND_CIRCULAR] = circular ? RM_COND_HELD : RM_COND_POSSIBLE;
}

/* Detection has concluded: the deadlocked rows and a cycle among them. */
static void quick_deadlock(ressrc *s) {
    const dl_run *r = s->run;
    if (s->kind != RESSRC_DETECT || !r->done)
        return;
    int32_t left[DL_MAX_PROCS];
    int32_t k = dl_run_unfinished(r, left);
    uint64_t mask = 0;
    for (int32_t i = 0; i < k; i++) {
        s->dead[left[i]] = true;
        mask |= UINT64_C(1) << left[i];
    }
    s->ndead = k;
    if (k == 0)
        return;
    dl_wfg g;
    dl_wfg_build(s->st, &g);
    for (int32_t i = 0; i < g.n; i++)
        g.waits_for[i] = (mask >> i & 1) ? g.waits_for[i] & mask : 0;
    int32_t cyc[DL_MAX_PROCS];
    s->ncycle = dl_wfg_find_cycle(&g, cyc);
    for (int32_t i = 0; i < s->ncycle; i++) {
        s->cycle_pid[i] = s->cycle_row[i] = cyc[i];
        s->cycle_res[i] = link_res(s->st, cyc[i], cyc[(i + 1) % s->ncycle]);
    }
}

void ressrc_init(ressrc *s, const machine *m) {
    memset(s, 0, sizeof *s);
    s->m = m;
    if ((s->r = resmgr_of(m)) != NULL && (s->snap = resmgr_snapshot(m)) != NULL) {
        s->kind = RESSRC_MACHINE;
        init_machine(s);
        for (int32_t j = 0; j < s->nres; j++)
            s->has_sem |= ressrc_is_sem(s, j);
        return;
    }
    const dl_mode *d = dl_mode_of(m);
    if (!d)
        return;
    s->d = d;
    s->kind = d->algo == DL_DETECT ? RESSRC_DETECT : RESSRC_BANKER;
    s->after = d->phase >= DL_PHASE_AFTER && d->check == DL_REQ_OK && d->has_grant;
    s->st = s->after ? &d->after : &d->state;
    s->run = s->after ? &d->after_run : &d->run;
    s->n = s->st->n;
    s->nres = s->st->m;
    s->has_request = s->kind == RESSRC_DETECT;
    s->has_max = s->kind == RESSRC_BANKER;
    quick_conditions(s);
    quick_deadlock(s);
}

int32_t ressrc_pid(const ressrc *s, int32_t row) {
    return s->kind == RESSRC_MACHINE ? s->snap->pid[row] : row;
}

void ressrc_res_name(const ressrc *s, int32_t j, char *buf, size_t n) {
    if (s->kind == RESSRC_MACHINE && j >= 0 && j < s->r->ntypes)
        snprintf(buf, n, "%s", s->r->types[j].name);
    else if (j >= 0 && j < 26)
        snprintf(buf, n, "%c", 'A' + j);
    else
        snprintf(buf, n, "R%d", (int)j);
}

bool ressrc_in_cycle(const ressrc *s, int32_t row, int32_t res, bool request) {
    for (int32_t x = 0; x < s->ncycle; x++) {
        if (s->cycle_res[x] != res)
            continue;
        int32_t at = request ? s->cycle_row[x] : s->cycle_row[(x + 1) % s->ncycle];
        if (at == row && row >= 0)
            return true;
    }
    return false;
}

bool ressrc_is_sem(const ressrc *s, int32_t j) {
    return s->kind == RESSRC_MACHINE && j >= 0 && j < s->r->ntypes && s->r->types[j].kind == RM_SEM;
}
