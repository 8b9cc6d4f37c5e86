/* actions: the named things a key can do.
 *
 * Each action has a name (what key tables bind), a short label for the key bar,
 * a line of help, and a function on the controller that returns what changed.
 * Actions are the only code that changes the machine from the TUI. */
#ifndef TICKOS_ACTIONS_H
#define TICKOS_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>

struct ctl;

/* What an action changed (or-ed). */
enum {
    ACT_NONE = 0,
    ACT_REDRAW = 1 << 0, /* the screen must be drawn again */
    ACT_TICKED = 1 << 1, /* the machine advanced */
    ACT_QUIT = 1 << 2,
};

typedef unsigned (*action_fn)(struct ctl *c);

typedef struct action {
    const char *name;  /* "step" */
    const char *label; /* key bar, "" when not in the bar */
    const char *help;  /* help screen */
    action_fn fn;
} action;

/* By name; NULL when there is none. */
const action *actions_find(const char *name);
size_t actions_count(void);
const action *actions_at(size_t i);

#endif
