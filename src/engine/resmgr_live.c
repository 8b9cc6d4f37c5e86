/* resmgr_live: the deadlock handling settings changed between ticks
 * (machine_set_deadlock), and their text.
 *
 * Every setting can change (resmgr.h: "may change between ticks"); the new
 * ones apply from the next tick:
 *  - detection and recovery: the next detection comes at the next tick that
 *    is a multiple of the new period, and it runs even if nothing else
 *    changed (a deadlock left alone under recovery none is then recovered
 *    from under kill or preempt);
 *  - ordered, release on block: they shape the requests made from now on; a
 *    request already waiting keeps its form (so circular wait may still hold
 *    until what was taken before is given back: the conditions say so);
 *  - Banker's: from now on every grant of a mutex or pool must leave a safe
 *    state. Turning it on needs claims that cover the state now: some
 *    program must declare claims, and no live process may hold or wait for
 *    more than it claimed (else it is refused, with the first such process);
 *  - the waiting requests are scanned once at the change, in order, as after
 *    a release: one that Banker's refused may be granted without it.
 * An EV_RM_CONFIG event lists what changed (before the grants of the scan). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "machine.h"
#include "resmgr.h"
#include "resmgr_int.h"

#define DETECT_MAX 1000000000u

int64_t resmgr_config_pack(const resmgr_config *c) {
    return (int64_t)c->detect_every | (int64_t)c->banker << 32 | (int64_t)c->ordered << 33 |
           (int64_t)c->release_on_block << 34 | (int64_t)c->recovery << 35;
}

void resmgr_config_unpack(int64_t v, resmgr_config *c) {
    c->detect_every = (uint32_t)(v & 0xffffffff);
    c->banker = v >> 32 & 1;
    c->ordered = v >> 33 & 1;
    c->release_on_block = v >> 34 & 1;
    c->recovery = (rm_recovery)(v >> 35 & 3);
}

bool resmgr_config_equal(const resmgr_config *a, const resmgr_config *b) {
    return resmgr_config_pack(a) == resmgr_config_pack(b);
}

int resmgr_config_text(const resmgr_config *c, char *buf, size_t n) {
    char every[40];
    if (c->detect_every == 0)
        snprintf(every, sizeof every, "no detection");
    else if (c->detect_every == 1)
        snprintf(every, sizeof every, "detect every tick");
    else
        snprintf(every, sizeof every, "detect every %u ticks", c->detect_every);
    return snprintf(buf, n, "%s, recovery %s%s%s%s", every, rm_recovery_name(c->recovery),
                    c->banker ? ", Banker's" : "", c->ordered ? ", ordered" : "",
                    c->release_on_block ? ", release on block" : "");
}

/* Appends ", " (unless first) and the text to buf[0..n) at *k. */
static void append(char *buf, size_t n, size_t *k, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void append(char *buf, size_t n, size_t *k, const char *fmt, ...) {
    if (*k + 1 >= n)
        return;
    if (*k) {
        snprintf(buf + *k, n - *k, ", ");
        *k = strlen(buf);
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + *k, n - *k, fmt, ap);
    va_end(ap);
    *k = strlen(buf);
}

static const char *onoff(bool b) {
    return b ? "on" : "off";
}

int resmgr_config_diff(const resmgr_config *a, const resmgr_config *b, char *buf, size_t n) {
    size_t k = 0;
    if (!n)
        return 0;
    buf[0] = '\0';
    if (a->detect_every != b->detect_every)
        append(buf, n, &k, "detection period %u -> %u ticks", a->detect_every, b->detect_every);
    if (a->recovery != b->recovery)
        append(buf, n, &k, "recovery %s -> %s", rm_recovery_name(a->recovery),
               rm_recovery_name(b->recovery));
    if (a->banker != b->banker)
        append(buf, n, &k, "Banker's %s -> %s", onoff(a->banker), onoff(b->banker));
    if (a->ordered != b->ordered)
        append(buf, n, &k, "ordered acquisition %s -> %s", onoff(a->ordered), onoff(b->ordered));
    if (a->release_on_block != b->release_on_block)
        append(buf, n, &k, "release on block %s -> %s", onoff(a->release_on_block),
               onoff(b->release_on_block));
    if (!k)
        snprintf(buf, n, "nothing");
    return (int)strlen(buf);
}

int rm_config_event_format(const event *ev, char *buf, size_t n) {
    resmgr_config a, b;
    char what[200];
    resmgr_config_unpack(ev->a, &a);
    resmgr_config_unpack(ev->b, &b);
    resmgr_config_diff(&a, &b, what, sizeof what);
    return snprintf(buf, n, "deadlock handling changed from this tick: %s", what);
}

static bool any_claim_step(const machine *m) {
    for (uint32_t i = 0; i < m->nprogs; i++)
        for (uint32_t k = 0; k < m->progs[i].nsteps; k++)
            if (m->progs[i].steps[k].kind == STEP_CLAIM)
                return true;
    return false;
}

/* Banker's from now on: the claims must cover what each live process holds
 * and waits for. */
static bool banker_can_start(const machine *m, const resmgr *r, char *err, size_t errlen) {
    if (!any_claim_step(m)) {
        snprintf(err, errlen,
                 "Banker's needs claims, and no program here declares any (claim steps)");
        return false;
    }
    for (uint32_t i = 0; i < r->nprocs && i < m->nprocs; i++) {
        const rm_proc *q = &r->procs[i];
        const proc *p = &m->procs[i];
        if (q->gone || p->state == PROC_ZOMBIE || p->state == PROC_TERMINATED)
            continue;
        for (int32_t j = 0; j < r->ntypes; j++) {
            int64_t use = (int64_t)q->held[j] + (q->waiting ? q->want[j] : 0);
            if (!rm_is_sem(r, j) && use > q->claim[j]) {
                snprintf(err, errlen,
                         "Banker's cannot start now: P%d (%s) holds or waits for %lld of %s, "
                         "more than its claim of %d",
                         p->pid, p->name, (long long)use, r->types[j].name, q->claim[j]);
                return false;
            }
        }
    }
    int32_t rows[DL_MAX_PROCS];
    bool truncated;
    rm_build_rows(m, r, rows, -1, &truncated);
    if (truncated) {
        snprintf(err, errlen, "Banker's cannot start now: more than %d processes use resources",
                 DL_MAX_PROCS);
        return false;
    }
    return true;
}

int resmgr_config_check(const machine *m, const resmgr_config *cfg, char *err, size_t errlen) {
    const resmgr *r = m->res;
    if (!r) {
        snprintf(err, errlen, "deadlock handling: the machine has no resources");
        return -1;
    }
    if (cfg->detect_every > DETECT_MAX || (unsigned)cfg->recovery >= RM_RECOVER_COUNT) {
        snprintf(err, errlen, "deadlock handling: a bad setting");
        return -1;
    }
    if (cfg->banker && !r->cfg.banker && !banker_can_start(m, r, err, errlen))
        return -1;
    return 0;
}

int resmgr_set_config(machine *m, const resmgr_config *cfg, char *err, size_t errlen) {
    resmgr *r = m->res;
    if (resmgr_config_check(m, cfg, err, errlen) != 0)
        return -1;
    if (!rm_ensure(r, m)) {
        snprintf(err, errlen, "deadlock handling: out of memory");
        return -1;
    }
    /* The event first: the grants of the scan below follow it. */
    rm_emit(m, EV_RM_CONFIG, -1, resmgr_config_pack(&r->cfg), resmgr_config_pack(cfg), 0);
    r->cfg = *cfg;
    r->changes++; /* detection runs again: what it would do has changed */
    rm_scan(m, r);
    machine_wake_pending(m, m->tick);
    resmgr_refresh(m);
    return 0;
}
