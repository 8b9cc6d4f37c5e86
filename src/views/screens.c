#include "screens.h"

static const struct {
    const char *name;
    log_filter filter;
    const char *log_title;
    const char *missing;
} table[] = {
    [SCREEN_OVERVIEW] = {"overview", LOG_ALL, "Events", NULL},
    [SCREEN_SCHED] = {"scheduling", LOG_SUBSYS(EV_PROC_BASE) | LOG_SUBSYS(EV_SYS_BASE),
                      "Scheduling events", NULL},
    [SCREEN_MEMORY] = {"memory", LOG_SUBSYS(EV_MEM_BASE), "Memory events",
                       "No memory in this scenario (frames, page tables, TLB)"},
    [SCREEN_CACHES] = {"caches", LOG_SUBSYS(EV_CACHE_BASE), "Cache events",
                       "No caches in this scenario"},
    [SCREEN_RESOURCES] = {"resources", LOG_SUBSYS(EV_RES_BASE), "Resource events",
                          "No resources in this scenario"},
    [SCREEN_LOG] = {"log", LOG_ALL, "Events", NULL},
};

static bool valid(int s) {
    return s >= SCREEN_OVERVIEW && s <= SCREEN_LAST;
}

const char *screens_name(int screen) {
    return valid(screen) ? table[screen].name : "?";
}

log_filter screens_filter(int screen) {
    return valid(screen) ? table[screen].filter : LOG_ALL;
}

const char *screens_log_title(int screen) {
    return valid(screen) ? table[screen].log_title : "Events";
}

const char *screens_missing(int screen) {
    return valid(screen) ? table[screen].missing : NULL;
}

bool log_filter_match(log_filter f, const event *ev) {
    unsigned sub = ev->kind / 100u;
    return sub < EV_KIND_END / 100 && (f >> sub) & 1u;
}

uint64_t log_filter_back(const evlog *log, log_filter f, uint64_t bottom, uint64_t n) {
    uint64_t first = evlog_first(log);
    uint64_t s = bottom;
    if (n == 0)
        return bottom;
    if (f == LOG_ALL) /* the common case needs no scan */
        return s > first + n ? s - n : first;
    for (uint64_t found = 0; s > first && found < n; s--) {
        const event *ev = evlog_get(log, s - 1);
        if (ev && log_filter_match(f, ev))
            found++;
        if (found == n)
            return s - 1;
    }
    return first;
}

uint64_t log_filter_fwd(const evlog *log, log_filter f, uint64_t from, uint64_t n) {
    uint64_t end = evlog_end(log), first = evlog_first(log);
    if (from < first)
        from = first;
    if (f == LOG_ALL)
        return from + n < end ? from + n : end;
    uint64_t found = 0;
    for (uint64_t s = from; s < end; s++) {
        const event *ev = evlog_get(log, s);
        if (ev && log_filter_match(f, ev) && ++found == n)
            return s + 1;
    }
    return end;
}

uint64_t log_filter_count(const evlog *log, log_filter f, uint64_t from, uint64_t to) {
    uint64_t first = evlog_first(log), end = evlog_end(log);
    if (from < first)
        from = first;
    if (to > end)
        to = end;
    if (from >= to)
        return 0;
    if (f == LOG_ALL)
        return to - from;
    uint64_t n = 0;
    for (uint64_t s = from; s < to; s++) {
        const event *ev = evlog_get(log, s);
        n += ev && log_filter_match(f, ev);
    }
    return n;
}
