/* Sentences for the resource/deadlock events (deadlock.h). Events hold only
 * the process, the phase and a step number; the vectors come from the deadlock
 * mode attached to m, which keeps every step of its runs. Without it (m NULL)
 * the sentences leave the vectors out. */
#include <stdio.h>

#include "deadlock.h"
#include "event.h"
#include "resmgr.h"

#define VEC_TEXT 300 /* "(" + 32 values of up to 7 digits and commas + ")" */

static const dl_run *phase_run(const dl_mode *d, int64_t phase) {
    return phase == DL_PHASE_AFTER ? &d->after_run : &d->run;
}

static const dl_state *phase_state(const dl_mode *d, int64_t phase) {
    return phase == DL_PHASE_AFTER ? &d->after : &d->state;
}

/* "P1, P3" into buf. */
static void pid_list(const int32_t *p, int32_t k, char *buf, size_t n) {
    size_t used = 0;
    buf[0] = '\0';
    for (int32_t i = 0; i < k && used < n; i++) {
        used += (size_t)snprintf(buf + used, n - used, "%sP%d", i ? ", " : "", (int)p[i]);
    }
}

static int fmt_finish(const dl_mode *d, const event *ev, char *buf, size_t n) {
    const dl_run *r = phase_run(d, ev->a);
    const dl_state *s = phase_state(d, ev->a);
    int32_t i = (int32_t)ev->b;
    if (ev->b < 0 || ev->b >= r->norder || r->order[i] != ev->pid) {
        return snprintf(buf, n, "P%d can finish", (int)ev->pid);
    }
    char dem[VEC_TEXT], before[VEC_TEXT], after[VEC_TEXT];
    const int64_t *demand = r->algo == DL_DETECT ? s->request[ev->pid] : s->need[ev->pid];
    dl_vec_format(demand, r->m, dem, sizeof dem);
    dl_vec_format(dl_run_work_before(r, i), r->m, before, sizeof before);
    dl_vec_format(r->order_work[i], r->m, after, sizeof after);
    return snprintf(buf, n, "P%d's %s %s fits in work %s: P%d can finish, work becomes %s",
                    (int)ev->pid, r->algo == DL_DETECT ? "request" : "need", dem, before,
                    (int)ev->pid, after);
}

static int fmt_deadlock(const dl_mode *d, const event *ev, char *buf, size_t n) {
    if (ev->b == 0) {
        return snprintf(buf, n, "every process can finish: no deadlock");
    }
    if (!d) {
        return snprintf(buf, n, "%lld processes are deadlocked", (long long)ev->b);
    }
    const dl_run *r = phase_run(d, ev->a);
    int32_t left[DL_MAX_PROCS];
    int32_t k = dl_run_unfinished(r, left);
    char list[DL_MAX_PROCS * 6], work[VEC_TEXT];
    pid_list(left, k, list, sizeof list);
    dl_vec_format(r->work, r->m, work, sizeof work);
    if (k == 1) {
        char req[VEC_TEXT];
        dl_vec_format(d->state.request[left[0]], r->m, req, sizeof req);
        return snprintf(buf, n, "%s is deadlocked: its request %s does not fit in work %s", list,
                        req, work);
    }
    return snprintf(buf, n, "%s are deadlocked: none of their requests fits in work %s", list,
                    work);
}

static int fmt_safety(const dl_mode *d, const event *ev, char *buf, size_t n) {
    const char *which = ev->a == DL_PHASE_AFTER ? "the state after the grant" : "the state";
    if (!d) {
        return snprintf(buf, n, "%s is %s", which, ev->kind == EV_RES_SAFE ? "safe" : "unsafe");
    }
    const dl_run *r = phase_run(d, ev->a);
    char list[DL_MAX_PROCS * 6];
    if (ev->kind == EV_RES_SAFE) {
        pid_list(r->order, r->norder, list, sizeof list);
        return snprintf(buf, n, "%s is safe: safe sequence %s", which, list);
    }
    int32_t left[DL_MAX_PROCS];
    int32_t k = dl_run_unfinished(r, left);
    char work[VEC_TEXT];
    pid_list(left, k, list, sizeof list);
    dl_vec_format(r->work, r->m, work, sizeof work);
    return snprintf(buf, n, "%s is unsafe: the need of %s does not fit in work %s", which, list,
                    work);
}

static int fmt_request(const dl_mode *d, const event *ev, char *buf, size_t n) {
    int p = (int)ev->pid;
    if (!d) {
        switch (ev->kind) {
            case EV_RES_REQ_ERROR: return snprintf(buf, n, "P%d asks for more than its need", p);
            case EV_RES_REQ_WAIT: return snprintf(buf, n, "P%d must wait", p);
            case EV_RES_PRETEND: return snprintf(buf, n, "pretend to grant P%d's request", p);
            case EV_RES_GRANTED: return snprintf(buf, n, "grant to P%d accepted", p);
            default: return snprintf(buf, n, "grant to P%d refused", p);
        }
    }
    const dl_state *s = &d->state;
    char req[VEC_TEXT], v1[VEC_TEXT], v2[VEC_TEXT], v3[VEC_TEXT];
    dl_vec_format(d->grant, s->m, req, sizeof req);
    bool in_range = p >= 0 && p < s->n;
    switch (ev->kind) {
        case EV_RES_REQ_ERROR:
            if (!in_range) {
                return snprintf(buf, n, "request %s for P%d: there is no such process", req, p);
            }
            dl_vec_format(s->need[p], s->m, v1, sizeof v1);
            return snprintf(buf, n, "P%d asks for %s but its need is %s: an error", p, req, v1);
        case EV_RES_REQ_WAIT:
            dl_vec_format(s->available, s->m, v1, sizeof v1);
            return snprintf(buf, n, "P%d asks for %s but only %s is available: P%d must wait", p,
                            req, v1, p);
        case EV_RES_PRETEND:
            if (!in_range) {
                break;
            }
            dl_vec_format(d->after.available, s->m, v1, sizeof v1);
            dl_vec_format(d->after.alloc[p], s->m, v2, sizeof v2);
            dl_vec_format(d->after.need[p], s->m, v3, sizeof v3);
            return snprintf(buf, n,
                            "pretend to grant %s to P%d: available becomes %s, P%d holds %s and "
                            "needs %s",
                            req, p, v1, p, v2, v3);
        case EV_RES_GRANTED:
            return snprintf(buf, n, "grant of %s to P%d accepted: the state after it is safe", req,
                            p);
        case EV_RES_REFUSED:
            return snprintf(
                buf, n, "grant of %s to P%d refused: the state after it would be unsafe", req, p);
        default: break;
    }
    return snprintf(buf, n, "request %s of P%d", req, p);
}

int res_event_format(const struct machine *m, const event *ev, char *buf, size_t n) {
    const dl_mode *d = dl_mode_of(m);
    switch (ev->kind) {
        case EV_RES_IDLE:
            return snprintf(buf, n, "P%d holds nothing, so it cannot be deadlocked", (int)ev->pid);
        case EV_RES_FINISH:
            if (!d) {
                return snprintf(buf, n, "P%d can finish and return its allocation", (int)ev->pid);
            }
            return fmt_finish(d, ev, buf, n);
        case EV_RES_DEADLOCK: return fmt_deadlock(d, ev, buf, n);
        case EV_RES_SAFE:
        case EV_RES_UNSAFE: return fmt_safety(d, ev, buf, n);
        case EV_RES_REQ_ERROR:
        case EV_RES_REQ_WAIT:
        case EV_RES_PRETEND:
        case EV_RES_GRANTED:
        case EV_RES_REFUSED: return fmt_request(d, ev, buf, n);
        default:
            if (ev->kind >= EV_RM_ACQUIRE) { /* resources in the full machine */
                return rm_event_format(m, ev, buf, n);
            }
            break;
    }
    return snprintf(buf, n, "resource event %u", (unsigned)ev->kind);
}
