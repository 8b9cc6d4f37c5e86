#include <inttypes.h>
#include <stdio.h>

#include "cache.h"
#include "coherence.h"
#include "event.h"
#include "machine.h"

/* Bus transaction as text, "no bus transaction" when none. */
static const char *bus_text(int bus) {
    const char *name = coh_bus_name((coh_bus)bus);
    return name ? name : "no bus transaction";
}

/* " for P3 (name)" when the reference was a process's (the full machine). */
static const char *for_whom(const struct machine *m, int32_t pid, char *buf, size_t n) {
    const proc *p = m && pid >= 0 ? machine_proc_c(m, pid) : NULL;
    if (pid < 0)
        buf[0] = '\0';
    else if (p && p->name[0])
        snprintf(buf, n, " for P%d (%s)", (int)pid, p->name);
    else
        snprintf(buf, n, " for P%d", (int)pid);
    return buf;
}

static int format_access(const struct machine *m, const event *ev, char *buf, size_t n) {
    int64_t b = ev->b;
    bool write = b & 1, hit = (b >> 1) & 1;
    int from = COH_EV_FROM(b), to = COH_EV_TO(b);
    coh_miss kind = (coh_miss)(ev->c & 15);
    int supplier = (int)(ev->c >> 4) - 1;
    char more[64] = "";
    if (!hit) {
        char src[16] = "memory";
        if (supplier >= 0)
            snprintf(src, sizeof src, "CPU%d", supplier);
        snprintf(more, sizeof more, " (%s miss, data from %s)", coh_miss_name(kind), src);
    }
    char who[48];
    return snprintf(buf, n, "CPU%d %s %s%s on line 0x%" PRIx64 ": %s, %s->%s%s", ev->cpu,
                    write ? "write" : "read", hit ? "hit" : "miss",
                    for_whom(m, ev->pid, who, sizeof who), (uint64_t)ev->a, bus_text(COH_EV_BUS(b)),
                    coh_state_name((coh_state)from), coh_state_name((coh_state)to), more);
}

static int format_snoop(const event *ev, char *buf, size_t n) {
    int64_t b = ev->b;
    int flags = (int)ev->c;
    const char *what = "";
    if ((flags & COH_F_FLUSH) && (flags & COH_F_SUPPLY))
        what = " (flush: supplies the data, written back)";
    else if (flags & COH_F_FLUSH)
        what = " (flush, written back)";
    else if (flags & COH_F_SUPPLY)
        what = " (supplies the dirty data cache to cache)";
    else if (flags & COH_F_INVAL)
        what = " (invalidated)";
    return snprintf(buf, n, "CPU%d snoops %s on line 0x%" PRIx64 ": %s->%s%s", ev->cpu,
                    bus_text(COH_EV_BUS(b)), (uint64_t)ev->a,
                    coh_state_name((coh_state)COH_EV_FROM(b)),
                    coh_state_name((coh_state)COH_EV_TO(b)), what);
}

static int format_frame(const event *ev, char *buf, size_t n) {
    long long dropped = ev->b, dirty = ev->c & 0xffffffff;
    bool evicted = (ev->c >> 32) & 1;
    if (evicted)
        return snprintf(buf, n,
                        "frame %lld's page was evicted: %lld cached line%s of it invalidated, "
                        "%lld dirty written back first",
                        (long long)ev->a, dropped, dropped == 1 ? "" : "s", dirty);
    return snprintf(buf, n,
                    "frame %lld is freed (P%d exited): %lld cached line%s of it dropped, %lld "
                    "dirty discarded",
                    (long long)ev->a, (int)ev->pid, dropped, dropped == 1 ? "" : "s", dirty);
}

static int format_protocol(const event *ev, char *buf, size_t n) {
    long long e = ev->c & 0xffffffff, o = ev->c >> 32;
    int k =
        snprintf(buf, n, "coherence protocol %s -> %s from this tick: every cached line kept",
                 coh_protocol_name((coh_protocol)ev->a), coh_protocol_name((coh_protocol)ev->b));
    if (e && k >= 0 && (size_t)k < n)
        k += snprintf(buf + k, n - (size_t)k, "; %lld E line%s made S (%s has no E)", e,
                      e == 1 ? "" : "s", coh_protocol_name((coh_protocol)ev->b));
    if (o && k >= 0 && (size_t)k < n)
        k += snprintf(buf + k, n - (size_t)k,
                      "; %lld O line%s written back and made S (%s has no O)", o, o == 1 ? "" : "s",
                      coh_protocol_name((coh_protocol)ev->b));
    return k;
}

int cache_event_format(const struct machine *m, const event *ev, char *buf, size_t n) {
    switch (ev->kind) {
        case EV_CACHE_ACCESS: return format_access(m, ev, buf, n);
        case EV_CACHE_FRAME: return format_frame(ev, buf, n);
        case EV_CACHE_PROTOCOL: return format_protocol(ev, buf, n);
        case EV_CACHE_SNOOP: return format_snoop(ev, buf, n);
        case EV_CACHE_EVICT:
            return snprintf(buf, n, "CPU%d evicts line 0x%" PRIx64 " from a full set (%s, %s)",
                            ev->cpu, (uint64_t)ev->a, coh_state_name((coh_state)ev->b),
                            ev->c ? "dirty, written back" : "clean, dropped silently");
        default: return snprintf(buf, n, "cache event %u", (unsigned)ev->kind);
    }
}
