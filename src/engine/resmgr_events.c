/* Sentences for the events of resources in the full machine (resmgr.h).
 * Names come from the machine (may be NULL: then pids and R0, R1, ...); a
 * deadlock's list and cycle from the detection history the manager keeps. */
#include <stdio.h>

#include "machine.h"
#include "resmgr.h"

#define NAME_TEXT 48

/* "P3 (phil2)" or "P3". */
static const char *who(const machine *m, int32_t pid, char *buf, size_t n) {
    const proc *p = m ? machine_proc_c(m, pid) : NULL;
    if (p && p->name[0]) {
        snprintf(buf, n, "P%d (%s)", (int)pid, p->name);
    } else {
        snprintf(buf, n, "P%d", (int)pid);
    }
    return buf;
}

static const rm_type *type_of(const machine *m, int64_t j) {
    const resmgr *r = resmgr_of(m);
    return r && j >= 0 && j < r->ntypes ? &r->types[j] : NULL;
}

static const char *rname(const machine *m, int64_t j, char *buf, size_t n) {
    const rm_type *t = type_of(m, j);
    if (t) {
        snprintf(buf, n, "%s", t->name);
    } else {
        snprintf(buf, n, "R%lld", (long long)j);
    }
    return buf;
}

static rm_kind kind_of(const machine *m, int64_t j) {
    const rm_type *t = type_of(m, j);
    return t ? t->kind : RM_POOL;
}

/* "fork1" for a mutex, "2 of printer" otherwise. */
static const char *units(const machine *m, int64_t j, int64_t n, char *buf, size_t len) {
    char name[RM_NAME_MAX + 8];
    rname(m, j, name, sizeof name);
    if (kind_of(m, j) == RM_MUTEX) {
        snprintf(buf, len, "%s", name);
    } else {
        snprintf(buf, len, "%lld of %s", (long long)n, name);
    }
    return buf;
}

/* "fork0, fork1 and fork4": the types of a mask (bit j: type j). */
static const char *mask_list(const machine *m, int64_t mask, char *buf, size_t n) {
    int32_t total = 0, k = 0;
    for (int32_t j = 0; j < DL_MAX_RES; j++) {
        total += (int32_t)(mask >> j & 1);
    }
    size_t used = 0;
    buf[0] = '\0';
    for (int32_t j = 0; j < DL_MAX_RES && used < n; j++) {
        if (mask >> j & 1) {
            char name[RM_NAME_MAX + 8];
            k++;
            used += (size_t)snprintf(buf + used, n - used, "%s%s",
                                     k == 1       ? ""
                                     : k == total ? " and "
                                                  : ", ",
                                     rname(m, j, name, sizeof name));
        }
    }
    return buf;
}

static int fmt_take(const machine *m, const event *ev, const char *p, char *buf, size_t n) {
    char u[RM_NAME_MAX + 24], name[RM_NAME_MAX + 8];
    if (ev->a < 0) {
        char list[256];
        mask_list(m, ev->b, list, sizeof list);
        if (ev->kind == EV_RM_GRANT) {
            return snprintf(buf, n, "%s gets %s it waited for, all at once, and goes on", p, list);
        }
        return snprintf(buf, n, "%s takes %s, all at once", p, list);
    }
    rname(m, ev->a, name, sizeof name);
    rm_kind k = kind_of(m, ev->a);
    switch (ev->kind) {
        case EV_RM_ACQUIRE:
            if (k == RM_SEM) {
                return snprintf(buf, n, "%s does wait(%s): %s goes down to %lld, it goes on", p,
                                name, name, (long long)ev->c);
            }
            if (k == RM_MUTEX) {
                return snprintf(buf, n, "%s takes %s", p, name);
            }
            return snprintf(buf, n, "%s takes %s (%lld left)", p,
                            units(m, ev->a, ev->b, u, sizeof u), (long long)ev->c);
        case EV_RM_GRANT:
            if (k == RM_SEM) {
                return snprintf(buf, n, "%s's wait(%s) completes%s", p, name,
                                ev->c ? ": it goes on" : ": it still waits for more");
            }
            return snprintf(buf, n, "%s gets %s it waited for%s", p,
                            units(m, ev->a, ev->b, u, sizeof u),
                            ev->c ? " and goes on" : ", and still waits for more");
        case EV_RM_RELEASE:
            if (k == RM_SEM) {
                return snprintf(buf, n, "%s does signal(%s): %s goes up to %lld", p, name, name,
                                (long long)ev->c);
            }
            if (k == RM_MUTEX) {
                return snprintf(buf, n, "%s releases %s", p, name);
            }
            return snprintf(buf, n, "%s gives back %s (%lld free)", p,
                            units(m, ev->a, ev->b, u, sizeof u), (long long)ev->c);
        default:
            return snprintf(buf, n, "%s exits holding %s: it is given back", p,
                            units(m, ev->a, ev->b, u, sizeof u));
    }
}

static int fmt_wait(const machine *m, const event *ev, const char *p, char *buf, size_t n) {
    char u[RM_NAME_MAX + 24], name[RM_NAME_MAX + 8], o[NAME_TEXT];
    if (ev->a < 0) {
        char list[256];
        return snprintf(buf, n, "%s waits for %s, to take them all at once", p,
                        mask_list(m, ev->b, list, sizeof list));
    }
    rname(m, ev->a, name, sizeof name);
    switch (kind_of(m, ev->a)) {
        case RM_SEM:
            return snprintf(buf, n, "%s does wait(%s) with %s at %lld: it blocks", p, name, name,
                            (long long)ev->c);
        case RM_MUTEX:
            if (ev->c >= 0) {
                return snprintf(buf, n, "%s waits for %s, held by %s", p, name,
                                who(m, (int32_t)ev->c, o, sizeof o));
            }
            return snprintf(buf, n, "%s waits for %s", p, name);
        default:
            return snprintf(buf, n, "%s waits for %s: %lld free", p,
                            units(m, ev->a, ev->b, u, sizeof u), (long long)ev->c);
    }
}

static const char *error_text(int64_t code) {
    switch ((rm_error)code) {
        case RM_ERR_NO_MANAGER: return "this machine has no resources";
        case RM_ERR_NO_RESOURCE: return "there is no such resource";
        case RM_ERR_TOO_MANY: return "with what it holds, that is more than there are";
        case RM_ERR_OVER_CLAIM: return "that is more than it claimed (Banker's)";
        case RM_ERR_NOT_HELD: return "it holds fewer than that";
        case RM_ERR_CLAIM_SEM: return "claims are for mutexes and pools, not semaphores";
        case RM_ERR_CLAIM_RANGE:
            return "a claim must be at least what it holds and at most the total";
        case RM_ERR_TOO_MANY_PROCS: return "too many processes use resources at once";
    }
    return "an error";
}

static int fmt_error(const machine *m, const event *ev, const char *p, char *buf, size_t n) {
    char u[RM_NAME_MAX + 24];
    const char *what = "";
    if (ev->b >= 0 && ev->a != RM_ERR_TOO_MANY_PROCS && ev->a != RM_ERR_NO_MANAGER) {
        units(m, ev->b, ev->c, u, sizeof u);
        what = u;
    }
    return snprintf(buf, n, "%s: %s%s%s, so %s is stopped", p, what, what[0] ? ": " : "",
                    error_text(ev->a), p);
}

/* "P1 (phil0), P2 (phil1): P1 waits for fork1 held by P2, ..." */
static int fmt_deadlock(const machine *m, const event *ev, char *buf, size_t n) {
    const resmgr *r = resmgr_of(m);
    const rm_detection *d = r ? &r->hist[(uint64_t)ev->a % RM_HISTORY] : NULL;
    if (!d || d->serial != (uint64_t)ev->a) {
        return snprintf(buf, n, "deadlock: %lld processes are deadlocked", (long long)ev->b);
    }
    size_t used = (size_t)snprintf(buf, n, "deadlock among ");
    char o[NAME_TEXT], name[RM_NAME_MAX + 8];
    for (int32_t i = 0; i < d->ndead && used < n; i++) {
        used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? ", " : "",
                                 who(m, d->dead[i], o, sizeof o));
    }
    if (d->ncycle == 0 && used < n) {
        used += (size_t)snprintf(buf + used, n - used, " (no cycle among them)");
    }
    for (int32_t i = 0; i < d->ncycle && used < n; i++) {
        used += (size_t)snprintf(buf + used, n - used, "%sP%d waits for %s held by P%d",
                                 i ? ", " : ": ", (int)d->cycle[i],
                                 rname(m, d->cycle_res[i], name, sizeof name),
                                 (int)d->cycle[(i + 1) % d->ncycle]);
    }
    return (int)used;
}

int rm_event_format(const struct machine *m, const event *ev, char *buf, size_t n) {
    char p[NAME_TEXT], a[RM_NAME_MAX + 24], b[RM_NAME_MAX + 24];
    who(m, ev->pid, p, sizeof p);
    switch (ev->kind) {
        case EV_RM_ACQUIRE:
        case EV_RM_GRANT:
        case EV_RM_RELEASE:
        case EV_RM_EXIT_RELEASE: return fmt_take(m, ev, p, buf, n);
        case EV_RM_WAIT: return fmt_wait(m, ev, p, buf, n);
        case EV_RM_UNSAFE:
            if (ev->a < 0) {
                char list[256];
                return snprintf(buf, n,
                                "Banker's refuses %s %s: the state after it would be unsafe, so "
                                "it waits",
                                p, mask_list(m, ev->b, list, sizeof list));
            }
            return snprintf(buf, n,
                            "Banker's refuses %s %s: the state after it would be unsafe, so it "
                            "waits",
                            p, units(m, ev->a, ev->b, a, sizeof a));
        case EV_RM_CLAIM:
            return snprintf(buf, n, "%s claims at most %lld of %s (Banker's maximum)", p,
                            (long long)ev->b, rname(m, ev->a, a, sizeof a));
        case EV_RM_ERROR: return fmt_error(m, ev, p, buf, n);
        case EV_RM_REORDER:
            return snprintf(buf, n,
                            "%s asks for %s while holding %s, which comes later in the global "
                            "order: it gives back what it holds from %s up and takes them in order",
                            p, rname(m, ev->a, a, sizeof a), rname(m, ev->b, b, sizeof b), a);
        case EV_RM_RELEASE_ALL: {
            char list[256];
            if (ev->a >= 0) {
                rname(m, ev->a, a, sizeof a);
            } else {
                snprintf(a, sizeof a, "all it asks for");
            }
            return snprintf(buf, n,
                            "%s cannot get %s now: it gives back %s and will take everything at "
                            "once (no hold and wait)",
                            p, a, mask_list(m, ev->b, list, sizeof list));
        }
        case EV_RM_DEADLOCK: return fmt_deadlock(m, ev, buf, n);
        case EV_RM_KILL:
            if (ev->b) {
                return snprintf(buf, n,
                                "recovery: %s, the cheapest deadlocked process, was rolled back "
                                "%d times already: it is killed instead",
                                p, RM_MAX_ROLLBACKS);
            }
            return snprintf(buf, n,
                            "recovery: %s is the cheapest deadlocked process (%lld ticks of CPU "
                            "done): it is killed",
                            p, (long long)ev->a);
        case EV_RM_PREEMPT:
            if (ev->a < 0) {
                snprintf(a, sizeof a, "what it got at step %lld", (long long)ev->c);
            } else {
                units(m, ev->a, ev->b, a, sizeof a);
            }
            return snprintf(buf, n,
                            "recovery: %s is the cheapest deadlocked process that can roll back: "
                            "%s is taken from it, it goes back to step %lld and waits again",
                            p, a, (long long)ev->c);
        case EV_RM_NO_VICTIM:
            return snprintf(buf, n,
                            "recovery: no deadlocked process can be rolled back; the %lld stay "
                            "deadlocked",
                            (long long)ev->a);
        case EV_RM_STUCK:
            return snprintf(buf, n,
                            "nothing can run any more: %lld processes wait for resources that "
                            "will never come",
                            (long long)ev->a);
        case EV_RM_CONFIG: return rm_config_event_format(ev, buf, n);
        default: break;
    }
    return snprintf(buf, n, "resource event %u", (unsigned)ev->kind);
}
