/* The resources pane: title, verdict, conditions, and where every section
 * goes (view_resources.h). The matrices are drawn in view_res_matrix.c, the
 * graph in view_res_graph.c. */
#include "view_resources.h"

#include <stdio.h>
#include <string.h>

#include "view_res_int.h"
#include "widgets.h"

#define LIST_MAX (DL_MAX_PROCS * 8 + 8)

/* "P1, P3, P0" of pids (rows mapped through the source when rows). */
static void pid_list_sep(const ressrc *s, const int32_t *v, int32_t n, bool rows, const char *sep,
                         char *buf, size_t size) {
    size_t used = 0;
    buf[0] = '\0';
    for (int32_t i = 0; i < n && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%sP%d", i ? sep : "",
                                 (int)(rows ? ressrc_pid(s, v[i]) : v[i]));
}

static void pid_list(const ressrc *s, const int32_t *v, int32_t n, bool rows, char *buf,
                     size_t size) {
    pid_list_sep(s, v, n, rows, ", ", buf, size);
}

static void vec_text(const int64_t *v, int32_t m, char *buf, size_t n) {
    dl_vec_format(v, m, buf, n);
}

/* ---- the verdict --------------------------------------------------------------------- */

/* "DEADLOCK at t5: P1 P2 P3" (the deadlocked processes) and the cycle, on
 * row y from *col; the tick when at is not NULL. */
static void deadlock_fields(const res_ctx *c, const vrect *r, int y, int *col, const uint64_t *at) {
    const ressrc *s = c->s;
    attr_t wa = theme_attr(c->th, THEME_WARN);
    int32_t dead[DL_MAX_PROCS], k = 0;
    for (int32_t i = 0; i < s->n; i++)
        if (s->dead[i])
            dead[k++] = i;
    char list[LIST_MAX], when[32] = "";
    pid_list_sep(s, dead, k, true, " ", list, sizeof list);
    if (at)
        snprintf(when, sizeof when, " at t%llu", (unsigned long long)*at);
    if (!vrect_field(r, y, col, wa, "DEADLOCK%s: %s", when, list))
        return;
    if (s->ncycle > 0) {
        char cyc[LIST_MAX];
        res_cycle_text(s, false, cyc, sizeof cyc);
        vrect_field(r, y, col, wa, "cycle %s", cyc);
    }
}

/* The progress of a quick mode's run: "step 2  Work (5,3,2)  next P0". */
static void progress_fields(const res_ctx *c, const vrect *r, int y, int *col) {
    const ressrc *s = c->s;
    const dl_run *run = s->run;
    attr_t na = theme_attr(c->th, THEME_NORMAL);
    char work[LIST_MAX];
    vec_text(run->work, run->m, work, sizeof work);
    if (!vrect_field(r, y, col, na, "step %d", (int)run->norder) ||
        !vrect_field(r, y, col, na, "Work %s", work))
        return;
    if (run->norder > 0) {
        char order[LIST_MAX];
        pid_list(s, run->order, run->norder, false, order, sizeof order);
        if (!vrect_field(r, y, col, na, "finished %s", order))
            return;
    }
    if (!run->done) {
        int32_t next = dl_run_next(run, s->st);
        if (next >= 0)
            vrect_field(r, y, col, theme_attr(c->th, THEME_COLHEAD), "next P%d fits", (int)next);
        else
            vrect_field(r, y, col, theme_attr(c->th, THEME_WARN), "nothing else fits");
    }
}

/* "SAFE: safe sequence P1, P3" or "UNSAFE: P0, P2 cannot be sure to finish"
 * of a done run. */
static void safety_fields(const res_ctx *c, const vrect *r, int y, int *col, const dl_run *run,
                          const char *what) {
    char list[LIST_MAX];
    if (dl_run_all_finished(run)) {
        pid_list(c->s, run->order, run->norder, false, list, sizeof list);
        vrect_field(r, y, col, theme_attr(c->th, THEME_ST_RUNNING), "%sSAFE: safe sequence %s",
                    what, list);
        return;
    }
    int32_t left[DL_MAX_PROCS];
    int32_t k = dl_run_unfinished(run, left);
    pid_list(c->s, left, k, false, list, sizeof list);
    vrect_field(r, y, col, theme_attr(c->th, THEME_WARN), "%sUNSAFE: %s cannot be sure to finish",
                what, list);
}

/* The grant of `deadlock --banker --grant`: what became of it. */
static void grant_fields(const res_ctx *c, const vrect *r, int y, int *col) {
    const dl_mode *d = c->s->d;
    char req[LIST_MAX];
    vec_text(d->grant, d->state.m, req, sizeof req);
    attr_t na = theme_attr(c->th, THEME_NORMAL), wa = theme_attr(c->th, THEME_WARN);
    attr_t ga = theme_attr(c->th, THEME_ST_RUNNING);
    if (!vrect_field(r, y, col, na, "request P%d %s:", (int)d->grant_pid, req))
        return;
    switch (d->phase) {
        case DL_PHASE_RUN:
        case DL_PHASE_CHECK: vrect_field(r, y, col, na, "checked next"); return;
        case DL_PHASE_AFTER:
            vrect_field(r, y, col, na, "pretend granted, the state after:");
            return;
        case DL_PHASE_DONE: break;
    }
    switch (d->reason) {
        case DL_REASON_SAFE:
            if (vrect_field(r, y, col, ga, "GRANTED: the state after is safe")) {
                char list[LIST_MAX];
                pid_list(c->s, d->after_run.order, d->after_run.norder, false, list, sizeof list);
                vrect_field(r, y, col, ga, "(%s)", list);
            }
            break;
        case DL_REASON_UNSAFE:
            vrect_field(r, y, col, wa, "REFUSED: the state after would be unsafe");
            break;
        case DL_REASON_WAIT: vrect_field(r, y, col, wa, "WAIT: more than available"); break;
        case DL_REASON_ERROR: vrect_field(r, y, col, wa, "ERROR: more than its need"); break;
        case DL_REASON_NONE: break;
    }
}

static void verdict_machine(const res_ctx *c, const vrect *r) {
    const ressrc *s = c->s;
    const rm_snapshot *sn = s->snap;
    attr_t na = theme_attr(c->th, THEME_NORMAL), wa = theme_attr(c->th, THEME_WARN);
    int col = 0;
    if (sn->detected && sn->last.ndead > 0) {
        deadlock_fields(c, r, 0, &col, &sn->last.tick);
    } else if (sn->detected) {
        vrect_field(r, 0, &col, na, "no deadlock at the last detection (t%llu)",
                    (unsigned long long)sn->last_detected);
    } else {
        vrect_field(r, 0, &col, theme_attr(c->th, THEME_DIM), "%s",
                    s->r->cfg.detect_every ? "no detection yet" : "detection off");
    }
    col = 0;
    if (!sn->banker) {
        vrect_field(r, 1, &col, theme_attr(c->th, THEME_DIM), "Banker's off");
        return;
    }
    char list[LIST_MAX];
    if (sn->safe) {
        pid_list(s, sn->seq, sn->nseq, false, list, sizeof list);
        vrect_field(r, 1, &col, theme_attr(c->th, THEME_ST_RUNNING),
                    "Banker's SAFE: safe sequence %s", list);
    } else {
        vrect_field(r, 1, &col, wa, "Banker's UNSAFE: only %d of %d can be sure to finish",
                    (int)sn->nseq, (int)sn->n);
    }
}

static void verdict_quick(const res_ctx *c, const vrect *r) {
    const ressrc *s = c->s;
    const dl_mode *d = s->d;
    attr_t na = theme_attr(c->th, THEME_NORMAL);
    int col = 0;
    /* Row 0: the given state's verdict, or how far its run is. */
    if (!d->run.done) {
        vrect_field(r, 0, &col, na, "%s running: %d of %d finished",
                    s->kind == RESSRC_DETECT ? "detection" : "safety check", (int)d->run.nfinished,
                    (int)d->state.n);
    } else if (s->kind == RESSRC_DETECT && s->ndead > 0) {
        deadlock_fields(c, r, 0, &col, NULL);
    } else if (s->kind == RESSRC_DETECT) {
        vrect_field(r, 0, &col, theme_attr(c->th, THEME_ST_RUNNING),
                    "NO DEADLOCK: every process can finish");
    } else {
        safety_fields(c, r, 0, &col, &d->run, d->has_grant ? "as given: " : "");
    }
    if (r->h < 2)
        return;
    /* Row 1: the grant, or the progress of the run. */
    col = 0;
    if (d->has_grant && d->run.done) {
        grant_fields(c, r, 1, &col);
        if (d->phase == DL_PHASE_AFTER)
            progress_fields(c, r, 1, &col);
    } else {
        progress_fields(c, r, 1, &col);
    }
}

static int sec_verdict(const res_ctx *c, const vrect *r) {
    if (c->s->kind == RESSRC_NONE)
        return 0;
    if (r->w && r->h > 0) {
        if (c->s->kind == RESSRC_MACHINE)
            verdict_machine(c, r);
        else
            verdict_quick(c, r);
    }
    return 2;
}

/* ---- the four conditions ------------------------------------------------------------- */

static const struct {
    const char *name;
    const char *setting; /* NULL: none breaks it */
} cond_text[RM_COND_COUNT] = {
    [RM_COND_MUTEX] = {"mutual exclusion", NULL},
    [RM_COND_HOLD_WAIT] = {"hold and wait", "release-on-block"},
    [RM_COND_NO_PREEMPT] = {"no preemption", "preempt recovery"},
    [RM_COND_CIRCULAR] = {"circular wait", "ordered acquisition"},
};

static attr_t cond_attr(const res_ctx *c, rm_cond_state st) {
    return st == RM_COND_HELD     ? theme_attr(c->th, THEME_WARN)
           : st == RM_COND_BROKEN ? theme_attr(c->th, THEME_ST_RUNNING)
                                  : theme_attr(c->th, THEME_NORMAL);
}

static const char cond_mark[] = {
    [RM_COND_BROKEN] = ' ', [RM_COND_POSSIBLE] = '~', [RM_COND_HELD] = 'x'};

/* The checklist: with 5 rows or more a legend and a row per condition
 * (held/possible/broken, the setting that breaks it); with fewer, all four
 * marks on the first row and as many full rows as fit under it. */
static void draw_conditions(const res_ctx *c, const vrect *r) {
    const ressrc *s = c->s;
    attr_t ha = theme_attr(c->th, THEME_COLHEAD);
    int col = 0;
    vrect_field(r, 0, &col, ha, "Conditions");
    if (r->h >= 1 + RM_COND_COUNT) {
        vrect_field(r, 0, &col, ha, "[x] held  [~] possible  [ ] broken");
    } else {
        static const char *const brief[RM_COND_COUNT] = {"mutual excl.", "hold & wait",
                                                         "no preempt", "circular"};
        for (int k = 0; k < RM_COND_COUNT; k++)
            if (!vrect_field(r, 0, &col, cond_attr(c, s->cond[k]), "[%c] %s", cond_mark[s->cond[k]],
                             brief[k]))
                break;
    }
    for (int k = 0; k < RM_COND_COUNT && 1 + k < r->h; k++) {
        rm_cond_state st = s->cond[k];
        attr_t a = cond_attr(c, st);
        col = 0;
        if (!vrect_field(r, 1 + k, &col, a, "[%c] %-16s", cond_mark[st], cond_text[k].name) ||
            !vrect_field(r, 1 + k, &col, a, "%-8s", rm_cond_state_name(st)))
            continue;
        const char *set = cond_text[k].setting;
        if (!set)
            vrect_field(r, 1 + k, &col, theme_attr(c->th, THEME_DIM), "no setting breaks it");
        else if (st == RM_COND_BROKEN)
            vrect_field(r, 1 + k, &col, a, "broken by %s", set);
        else
            vrect_field(r, 1 + k, &col, theme_attr(c->th, THEME_DIM), "%s breaks it", set);
    }
}

/* The first row of the checklist (its marks), and the rest; measured apart
 * so that the matrices come before the rest. Drawn together (column()). */
static int sec_cond_head(const res_ctx *c, const vrect *r) {
    (void)r;
    return c->s->kind == RESSRC_NONE ? 0 : 1;
}

static int sec_cond_rest(const res_ctx *c, const vrect *r) {
    (void)r;
    return c->s->kind == RESSRC_NONE ? 0 : RM_COND_COUNT;
}

/* ---- title and layout ---------------------------------------------------------------- */

static void title(WINDOW *w, const res_ctx *c) {
    const ressrc *s = c->s;
    attr_t ta = theme_attr(c->th, THEME_TITLE);
    widget_fill(w, 0, ta);
    /* Focused: the name in brackets from column 0, as view_title does. */
    bool focus = c->sel && c->sel->on;
    vrect r = {w, 0, focus ? 0 : 1, 1, getmaxx(w) - (focus ? 0 : 1)};
    int col = focus ? vrect_put(&r, 0, 0, theme_attr(c->th, THEME_FOCUS), "[Resources]")
                    : vrect_put(&r, 0, 0, ta, "Resources");
    if (s->kind == RESSRC_NONE)
        return;
    bool ok = true;
    if (s->kind != RESSRC_MACHINE)
        ok = vrect_field(&r, 0, &col, ta, "deadlock --%s",
                         s->kind == RESSRC_DETECT ? "detect" : "banker");
    ok = ok && vrect_field(&r, 0, &col, ta, "%d type%s", (int)s->nres, s->nres == 1 ? "" : "s") &&
         vrect_field(&r, 0, &col, ta, "%d process%s", (int)s->n, s->n == 1 ? "" : "es");
    if (ok && s->after)
        ok = vrect_field(&r, 0, &col, ta, "the state after the grant");
    if (!ok || s->kind != RESSRC_MACHINE)
        return;
    const resmgr_config *cfg = &s->r->cfg;
    if (cfg->detect_every)
        ok = vrect_field(&r, 0, &col, ta, "detect every %u", cfg->detect_every);
    ok = ok && (!cfg->banker || vrect_field(&r, 0, &col, ta, "banker"));
    ok = ok && (!cfg->ordered || vrect_field(&r, 0, &col, ta, "ordered"));
    ok = ok && (!cfg->release_on_block || vrect_field(&r, 0, &col, ta, "release-on-block"));
    if (ok)
        vrect_field(&r, 0, &col, ta, "recovery %s", rm_recovery_name(cfg->recovery));
}

/* Sections by importance (the order rows are given out): the verdict, the
 * conditions' marks, the matrices, the conditions in full, the graph. */
enum { SEC_VERDICT, SEC_COND, SEC_MATRIX, SEC_COND_REST, SEC_GRAPH, SEC_N };
/* ... and the order they are drawn in, top to bottom. */
static const int draw_order[SEC_N] = {SEC_VERDICT, SEC_COND, SEC_COND_REST, SEC_MATRIX, SEC_GRAPH};

typedef int (*res_section)(const res_ctx *c, const vrect *r);

static const res_section sections[SEC_N] = {
    [SEC_VERDICT] = sec_verdict,     [SEC_COND] = sec_cond_head,  [SEC_MATRIX] = res_sec_matrices,
    [SEC_COND_REST] = sec_cond_rest, [SEC_GRAPH] = res_sec_graph,
};

static bool side_mode(const ressrc *s, int width) {
    return s->kind != RESSRC_NONE && width >= VIEW_RES_SIDE_COLS;
}

/* Draws (or, w NULL, measures) the sections in the rows [y, y + rows) of
 * columns [x, x + width): those in `which` (a bit per section). Returns the
 * rows everything would take. */
static int column(const res_ctx *c, WINDOW *w, int y, int x, int width, int rows, unsigned which) {
    int min[SEC_N], want[SEC_N], got[SEC_N], total = 0;
    vrect probe = vrect_probe(width);
    for (int i = 0; i < SEC_N; i++) {
        want[i] = (which >> i & 1) ? sections[i](c, &probe) : 0;
        total += want[i];
    }
    min[SEC_VERDICT] = want[SEC_VERDICT];
    min[SEC_COND] = want[SEC_COND];
    /* The matrices' titles, column names and a row, or nothing. */
    min[SEC_MATRIX] = want[SEC_MATRIX] < 3 ? want[SEC_MATRIX] : 3;
    min[SEC_COND_REST] = min[SEC_GRAPH] = 0;
    if (!w)
        return total;
    vrect_allot(min, want, SEC_N, rows, got);
    /* The conditions in full or not at all: a part goes to the graph. */
    if (got[SEC_COND_REST] < want[SEC_COND_REST]) {
        got[SEC_GRAPH] += got[SEC_COND_REST];
        got[SEC_COND_REST] = 0;
    }
    for (int k = 0; k < SEC_N; k++) {
        int i = draw_order[k];
        if (i == SEC_COND_REST)
            continue; /* drawn with SEC_COND */
        int h = got[i] + (i == SEC_COND ? got[SEC_COND_REST] : 0);
        if (h <= 0)
            continue;
        vrect r = {w, y, x, h, width};
        if (i == SEC_COND)
            draw_conditions(c, &r);
        else
            sections[i](c, &r);
        y += h;
    }
    return total;
}

#define ALL_SECS   ((1u << SEC_N) - 1)
#define LEFT_SECS  (1u << SEC_MATRIX)
#define RIGHT_SECS ((1u << SEC_COND) | (1u << SEC_COND_REST) | (1u << SEC_GRAPH))

bool view_resources_has(const machine *m) {
    return resmgr_of(m) != NULL || dl_mode_of(m) != NULL;
}

int32_t view_resources_types(const machine *m) {
    ressrc s;
    ressrc_init(&s, m);
    return s.kind == RESSRC_NONE ? 0 : s.nres;
}

void view_resources_size(const machine *m, int width, int *min_h, int *pref_h) {
    static const theme plain; /* measuring draws nothing: any attributes do */
    ressrc s;
    ressrc_init(&s, m);
    res_ctx c = {&s, &plain, NULL};
    if (s.kind == RESSRC_NONE) {
        *min_h = *pref_h = 2;
        return;
    }
    vrect probe = vrect_probe(width);
    int verdict = sec_verdict(&c, &probe);
    *min_h = 1 + verdict + sec_cond_head(&c, &probe);
    if (side_mode(&s, width)) {
        int left = column(&c, NULL, 0, 0, width - VIEW_RES_SIDE_W - 1, 0, LEFT_SECS);
        int right = column(&c, NULL, 0, 0, VIEW_RES_SIDE_W, 0, RIGHT_SECS);
        *pref_h = 1 + verdict + (left > right ? left : right);
    } else {
        *pref_h = 1 + column(&c, NULL, 0, 0, width, 0, ALL_SECS);
    }
}

void view_resources(WINDOW *w, const machine *m, const theme *th, const vsel *sel) {
    ressrc s;
    ressrc_init(&s, m);
    res_ctx c = {&s, th, sel};
    int h = getmaxy(w), wd = getmaxx(w);
    if (h <= 0 || wd <= 0)
        return;
    title(w, &c);
    if (s.kind == RESSRC_NONE) {
        widget_put(w, 1, 1, theme_attr(th, THEME_DIM), "no resources in this scenario");
        return;
    }
    if (h < 2)
        return;
    if (!side_mode(&s, wd)) {
        column(&c, w, 1, 0, wd, h - 1, ALL_SECS);
        return;
    }
    /* The verdict across the whole width, then two columns. */
    int vh = h - 1 < 2 ? h - 1 : 2;
    vrect vr = {w, 1, 0, vh, wd};
    sec_verdict(&c, &vr);
    int rows = h - 1 - vh;
    if (rows <= 0)
        return;
    int left = wd - VIEW_RES_SIDE_W - 1;
    column(&c, w, 1 + vh, 0, left, rows, LEFT_SECS);
    attr_t da = theme_attr(th, THEME_DIM);
    for (int y = 1 + vh; y < h; y++)
        widget_put(w, y, left, da, "|");
    column(&c, w, 1 + vh, left + 1, VIEW_RES_SIDE_W, rows, RIGHT_SECS);
}
