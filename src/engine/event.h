/* event: the engine's structured event log.
 *
 * Every state change the engine makes is recorded as a fixed-size plain-data
 * event (tick, kind, pid, a few values) in a ring buffer with increasing
 * sequence numbers. Nothing is formatted when it happens: text is made only
 * when a view, a report or a golden trace asks (event_format), so a
 * million-tick headless run pays for a 48-byte store per event and no more.
 *
 * Kinds are grouped by subsystem in ranges of 100; each subsystem declares its
 * kinds in its own header and formats them in its own *_events.c file. */
#ifndef TICKOS_EVENT_H
#define TICKOS_EVENT_H

#include <stddef.h>
#include <stdint.h>

struct clone_ctx;
struct machine;

enum {
    EV_PROC_BASE = 0,    /* processes and scheduling: proc.h */
    EV_MEM_BASE = 100,   /* paging, MMU, TLB: pager.h */
    EV_CACHE_BASE = 200, /* caches and coherence: coherence.h */
    EV_RES_BASE = 300,   /* resources and deadlock: deadlock.h */
    EV_SYS_BASE = 400,   /* the machine itself: machine.h */
    EV_KIND_END = 500,
};

typedef struct event {
    uint64_t seq;  /* assigned by evlog_push */
    uint64_t tick; /* the tick during which it happened */
    uint16_t kind;
    int16_t cpu;     /* -1 when not about a CPU */
    int32_t pid;     /* -1 when not about a process */
    int64_t a, b, c; /* kind-specific values, documented with each kind */
} event;

/* A ring of the most recent events. Old events are overwritten; readers keep
 * a sequence number as their cursor and ask which range is still held. */
typedef struct evlog {
    event *ring;
    uint64_t cap; /* a power of two */
    uint64_t next_seq;
} evlog;

/* cap is rounded up to a power of two (minimum 16). Returns 0, or -1 on ENOMEM. */
int evlog_init(evlog *log, uint64_t cap);
void evlog_free(evlog *log);
/* Makes *dst a deep copy of src (clone.h). */
void evlog_clone(struct clone_ctx *cx, evlog *dst, const evlog *src);
void evlog_clear(evlog *log);
/* Copies *ev in, assigns and returns its sequence number. */
uint64_t evlog_push(evlog *log, const event *ev);
/* Shorthand for the common case. */
uint64_t evlog_emit(evlog *log, uint64_t tick, int kind, int cpu, int pid, int64_t a, int64_t b,
                    int64_t c);
/* The oldest sequence number still held, and one past the newest. */
uint64_t evlog_first(const evlog *log);
uint64_t evlog_end(const evlog *log);
/* The event with that sequence number, or NULL when it is gone or not yet. */
const event *evlog_get(const evlog *log, uint64_t seq);

/* One line of text explaining the event, without the tick. m (may be NULL)
 * lends process names. Returns what snprintf returns. */
int event_format(const struct machine *m, const event *ev, char *buf, size_t n);

/* Per-subsystem formatters, dispatched to by event_format. */
int proc_event_format(const struct machine *m, const event *ev, char *buf, size_t n);
int mem_event_format(const struct machine *m, const event *ev, char *buf, size_t n);
int cache_event_format(const struct machine *m, const event *ev, char *buf, size_t n);
int res_event_format(const struct machine *m, const event *ev, char *buf, size_t n);
int sys_event_format(const struct machine *m, const event *ev, char *buf, size_t n);

#endif
