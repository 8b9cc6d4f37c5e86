#include "event.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clone.h"

int evlog_init(evlog *log, uint64_t cap) {
    uint64_t c = 16;
    while (c < cap)
        c <<= 1;
    log->ring = calloc(c, sizeof *log->ring);
    log->cap = log->ring ? c : 0;
    log->next_seq = 0;
    return log->ring ? 0 : -1;
}

void evlog_free(evlog *log) {
    free(log->ring);
    memset(log, 0, sizeof *log);
}

void evlog_clone(clone_ctx *cx, evlog *dst, const evlog *src) {
    *dst = *src;
    dst->ring = clone_dup(cx, src->ring, src->cap * sizeof *src->ring);
}

void evlog_clear(evlog *log) {
    log->next_seq = 0;
}

uint64_t evlog_push(evlog *log, const event *ev) {
    uint64_t seq = log->next_seq++;
    event *slot = &log->ring[seq & (log->cap - 1)];
    *slot = *ev;
    slot->seq = seq;
    return seq;
}

uint64_t evlog_emit(evlog *log, uint64_t tick, int kind, int cpu, int pid, int64_t a, int64_t b,
                    int64_t c) {
    /* Straight into the slot: the hottest call of every trace mode. */
    uint64_t seq = log->next_seq++;
    log->ring[seq & (log->cap - 1)] = (event){.seq = seq,
                                              .tick = tick,
                                              .kind = (uint16_t)kind,
                                              .cpu = (int16_t)cpu,
                                              .pid = pid,
                                              .a = a,
                                              .b = b,
                                              .c = c};
    return seq;
}

uint64_t evlog_first(const evlog *log) {
    return log->next_seq > log->cap ? log->next_seq - log->cap : 0;
}

uint64_t evlog_end(const evlog *log) {
    return log->next_seq;
}

const event *evlog_get(const evlog *log, uint64_t seq) {
    if (seq >= log->next_seq || seq < evlog_first(log))
        return NULL;
    return &log->ring[seq & (log->cap - 1)];
}

int event_format(const struct machine *m, const event *ev, char *buf, size_t n) {
    if (ev->kind < EV_MEM_BASE)
        return proc_event_format(m, ev, buf, n);
    if (ev->kind < EV_CACHE_BASE)
        return mem_event_format(m, ev, buf, n);
    if (ev->kind < EV_RES_BASE)
        return cache_event_format(m, ev, buf, n);
    if (ev->kind < EV_SYS_BASE)
        return res_event_format(m, ev, buf, n);
    if (ev->kind < EV_KIND_END)
        return sys_event_format(m, ev, buf, n);
    return snprintf(buf, n, "unknown event %u", (unsigned)ev->kind);
}
