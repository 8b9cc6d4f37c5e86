/* The item dialog for a resource type: its name and kind, its instances
 * (in all, free), who holds how many, who waits for how many and why (not
 * enough free, or unsafe under Banker's), the claims (Banker's max) per
 * process, its place on the deadlock's cycle and, in `deadlock --banker
 * --grant`, what the request asks of it. Read through ressrc, as the pane. */
#include <stdio.h>
#include <string.h>

#include "ressrc.h"
#include "view_item_int.h"

#define PER_ROW 6 /* processes per line in a list */

/* "P2 (phil1)" for the machine, "P2" for the quick mode. */
static void who(const ressrc *s, int32_t row, char *buf, size_t n) {
    int32_t pid = ressrc_pid(s, row);
    const proc *p = s->kind == RESSRC_MACHINE ? machine_proc_c(s->m, pid) : NULL;
    if (p)
        snprintf(buf, n, "P%d (%s)", pid, p->name);
    else
        snprintf(buf, n, "P%d", pid);
}

/* A list of "P2 (phil1) x1" of the rows whose v[row][j] > 0, PER_ROW to a
 * line; "nobody" when none. */
static void row_list(vlines *l, const ressrc *s, const char *label, const int64_t (*v)[DL_MAX_RES],
                     int32_t j, const char *what) {
    char buf[256], name[48];
    size_t used = 0;
    int on_row = 0;
    bool first = true;
    for (int32_t i = 0; i < s->n; i++) {
        if (v[i][j] <= 0)
            continue;
        who(s, i, name, sizeof name);
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s %s%lld", on_row ? ", " : "",
                                 name, what, (long long)v[i][j]);
        if (++on_row == PER_ROW) {
            vlines_add(l, false, first ? label : "", "%s", buf);
            first = false;
            used = 0;
            on_row = 0;
        }
    }
    if (on_row || first)
        vlines_add(l, false, first ? label : "", "%s", on_row ? buf : "nobody");
}

/* Why row i waits for j (it asks for req of it). */
static void why_text(const ressrc *s, int32_t i, int32_t j, int64_t req, char *buf, size_t n) {
    char other[RM_NAME_MAX + 8];
    int64_t free_now = s->st->available[j];
    if (s->kind != RESSRC_MACHINE) {
        snprintf(buf, n, "%s (%lld free)%s", req > free_now ? "not enough free" : "it fits",
                 (long long)free_now, s->dead[i] ? "; deadlocked" : "");
        return;
    }
    const rm_proc *q = resmgr_proc(s->r, s->m, ressrc_pid(s, i));
    if (q && q->why == RM_WHY_UNSAFE) {
        snprintf(buf, n, "unsafe: granting it would leave an unsafe state (Banker's)%s",
                 s->dead[i] ? "; deadlocked" : "");
        return;
    }
    if (q && q->why_res >= 0 && q->why_res != j) {
        ressrc_res_name(s, q->why_res, other, sizeof other);
        snprintf(buf, n, "asked with %s, which has not enough free%s", other,
                 s->dead[i] ? "; deadlocked" : "");
        return;
    }
    int32_t owner = s->r->types[j].kind == RM_MUTEX ? resmgr_owner(s->m, j) : -1;
    char holder[48] = "";
    if (owner >= 0)
        snprintf(holder, sizeof holder, ", P%d holds it", owner);
    snprintf(buf, n, "not enough free%s%s", holder, s->dead[i] ? "; deadlocked" : "");
}

static void waiters(vlines *l, const ressrc *s, int32_t j) {
    bool any = false;
    for (int32_t i = 0; i < s->n; i++) {
        int64_t req = s->st->request[i][j];
        if (req <= 0)
            continue;
        char name[48], why[160];
        who(s, i, name, sizeof name);
        why_text(s, i, j, req, why, sizeof why);
        vlines_add(l, false, any ? "" : "waiting", "%s for %lld: %s", name, (long long)req, why);
        any = true;
    }
    if (!any)
        vlines_add(l, false, "waiting", "nobody");
}

static void claims(vlines *l, const ressrc *s, int32_t j) {
    bool any = false;
    for (int32_t i = 0; i < s->n; i++) {
        if (s->st->max[i][j] <= 0)
            continue;
        char name[48];
        who(s, i, name, sizeof name);
        vlines_add(l, false, any ? "" : "claims", "%s max %lld: holds %lld, may ask %lld more",
                   name, (long long)s->st->max[i][j], (long long)s->st->alloc[i][j],
                   (long long)s->st->need[i][j]);
        any = true;
    }
    if (!any)
        vlines_add(l, false, "claims", "none");
}

/* The edges of the last detection's cycle through j. */
static void cycle(vlines *l, const ressrc *s, int32_t j) {
    bool any = false;
    for (int32_t x = 0; x < s->ncycle; x++) {
        if (s->cycle_res[x] != j)
            continue;
        vlines_add(l, true, any ? "" : "cycle", "P%d waits for it, P%d holds it",
                   (int)s->cycle_pid[x], (int)s->cycle_pid[(x + 1) % s->ncycle]);
        any = true;
    }
}

/* deadlock --banker --grant: what the request asks of j, and its fate. */
static void grant(vlines *l, const ressrc *s, int32_t j) {
    const dl_mode *d = s->d;
    if (!d || !d->has_grant || d->grant[j] <= 0)
        return;
    const char *fate = "checked once the safety run is done";
    if (d->phase == DL_PHASE_AFTER)
        fate = "pretend granted: is the state after safe?";
    else if (d->phase == DL_PHASE_DONE)
        fate = d->reason == DL_REASON_SAFE     ? "granted: the state after is safe"
               : d->reason == DL_REASON_UNSAFE ? "refused: the state after would be unsafe"
               : d->reason == DL_REASON_WAIT   ? "it waits: more than is free"
                                               : "an error: more than its need";
    vlines_add(l, false, "request", "P%d asks for %lld more: %s", (int)d->grant_pid,
               (long long)d->grant[j], fate);
}

void item_res(vlines *l, const machine *m, int32_t j, char *title, size_t tn) {
    ressrc s;
    ressrc_init(&s, m);
    snprintf(title, tn, "Resource");
    if (s.kind == RESSRC_NONE || j < 0 || j >= s.nres) {
        vlines_add(l, false, NULL, "no such resource");
        return;
    }
    char name[RM_NAME_MAX + 8];
    ressrc_res_name(&s, j, name, sizeof name);
    snprintf(title, tn, "Resource %s", name);
    int64_t held = 0;
    for (int32_t i = 0; i < s.n; i++)
        held += s.st->alloc[i][j];
    if (s.kind == RESSRC_MACHINE) {
        const rm_type *t = &s.r->types[j];
        if (t->kind == RM_SEM) {
            vlines_add(l, false, "resource", "%s: a counting semaphore (initial value %d)", name,
                       (int)t->total);
            vlines_add(l, false, "value", "%d now", (int)t->avail);
            row_list(l, &s, "to signal", s.st->alloc, j, "x");
        } else {
            vlines_add(l, false, "resource", "%s: a %s (%s)", name, rm_kind_name(t->kind),
                       t->kind == RM_MUTEX ? "one instance, one owner" : "identical instances");
            vlines_add(l, false, "instances", "%d in all: %d free, %lld held", (int)t->total,
                       (int)t->avail, (long long)held);
            row_list(l, &s, "held by", s.st->alloc, j, "x");
        }
    } else {
        int64_t free_now = s.st->available[j];
        char nth[24];
        vlines_add(l, false, "resource",
                   "%s: the %s of %d types (deadlock --%s: letters, no names)", name,
                   item_ordinal((uint64_t)j + 1, nth, sizeof nth), (int)s.nres,
                   s.kind == RESSRC_DETECT ? "detect" : "banker");
        vlines_add(l, false, "instances", "%lld in all: %lld free, %lld held%s",
                   (long long)(free_now + held), (long long)free_now, (long long)held,
                   s.after ? " (the state after the grant)" : "");
        row_list(l, &s, "held by", s.st->alloc, j, "x");
    }
    if (s.has_request)
        waiters(l, &s, j);
    if (s.has_max)
        claims(l, &s, j);
    else if (s.kind == RESSRC_MACHINE)
        vlines_add(l, false, "claims", "none made (Banker's off)");
    cycle(l, &s, j);
    grant(l, &s, j);
}
