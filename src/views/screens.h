/* screens: the numbered screens of the TUI (1 overview, 2 scheduling,
 * 3 memory, 4 caches, 5 resources, 6 log) and which events each one's log
 * shows. Screens 3-5 show their subsystem's pane over the log filtered to
 * its events; a machine without that subsystem gets a one-line note saying
 * so instead of the pane (layout.h). Pure data: no curses. */
#ifndef TICKOS_SCREENS_H
#define TICKOS_SCREENS_H

#include <stdbool.h>
#include <stddef.h>

#include "event.h"

typedef enum screen_id {
    SCREEN_OVERVIEW = 1,
    SCREEN_SCHED,
    SCREEN_MEMORY,
    SCREEN_CACHES,
    SCREEN_RESOURCES,
    SCREEN_LOG,
    SCREEN_LAST = SCREEN_LOG
} screen_id;

/* A set of event subsystems: bit k stands for kinds [100k, 100k + 100). */
typedef unsigned log_filter;
#define LOG_ALL          ((1u << (EV_KIND_END / 100)) - 1)
#define LOG_SUBSYS(base) (1u << ((base) / 100))

/* "overview", "scheduling", ...; "?" out of range. */
const char *screens_name(int screen);
/* The events the screen's log shows. */
log_filter screens_filter(int screen);
/* What the filtered log is called in its title ("Memory events"); "Events"
 * for all. */
const char *screens_log_title(int screen);
/* The note of a screen whose subsystem the machine does not have ("No
 * memory in this scenario (frames, page tables, TLB)"); NULL for screens
 * without one. */
const char *screens_missing(int screen);
bool log_filter_match(log_filter f, const event *ev);

/* Seeks in the log through the events f matches. back: the sequence number
 * n matching events before bottom (or the first held when there are fewer).
 * fwd: one past the n-th matching event at or after from (or the end). */
uint64_t log_filter_back(const evlog *log, log_filter f, uint64_t bottom, uint64_t n);
uint64_t log_filter_fwd(const evlog *log, log_filter f, uint64_t from, uint64_t n);
/* Matching events in [from, to). */
uint64_t log_filter_count(const evlog *log, log_filter f, uint64_t from, uint64_t to);

#endif
