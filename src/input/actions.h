/* actions: the named things a key can do.
 *
 * Each action has a name (what key tables bind), labels for the key bar (a
 * long one, a short one for narrow terminals), a line of help, and a function
 * on the controller that returns what changed. Actions (through the
 * controller) are the only code that changes the machine from the TUI. */
#ifndef TICKOS_ACTIONS_H
#define TICKOS_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>

struct ctl;

/* What an action changed (or-ed). */
enum {
    ACT_NONE = 0,
    ACT_REDRAW = 1 << 0,   /* the screen must be drawn again */
    ACT_TICKED = 1 << 1,   /* the machine advanced (or went back) */
    ACT_QUIT = 1 << 2,     /* leave the TUI */
    ACT_RELAYOUT = 1 << 3, /* the panes change: another screen, another number of levels */
};

typedef unsigned (*action_fn)(struct ctl *c);

typedef struct action {
    const char *name;    /* "step" */
    const char *label;   /* key bar, "" when not in the bar */
    const char *shorter; /* key bar on a narrow terminal; NULL: the label */
    const char *bar_key; /* key bar: instead of the key's name ("1-6"); NULL: the key */
    const char *help;    /* help screen */
    action_fn fn;
    bool procs; /* only for machines with processes: left out of the bar otherwise */
} action;

/* By name; NULL when there is none. */
const action *actions_find(const char *name);
size_t actions_count(void);
const action *actions_at(size_t i);

/* The action functions, by group (act_*.c). */
unsigned act_pause(struct ctl *c);
unsigned act_step(struct ctl *c);
unsigned act_back(struct ctl *c);
unsigned act_goto(struct ctl *c);
unsigned act_restart(struct ctl *c);
unsigned act_faster(struct ctl *c);
unsigned act_slower(struct ctl *c);

unsigned act_focus_next(struct ctl *c);
unsigned act_focus_prev(struct ctl *c);
unsigned act_up(struct ctl *c);
unsigned act_down(struct ctl *c);
unsigned act_page_up(struct ctl *c);
unsigned act_page_down(struct ctl *c);
unsigned act_home(struct ctl *c);
unsigned act_end(struct ctl *c);
unsigned act_left(struct ctl *c);
unsigned act_right(struct ctl *c);
unsigned act_screen_1(struct ctl *c);
unsigned act_screen_2(struct ctl *c);
unsigned act_screen_3(struct ctl *c);
unsigned act_screen_4(struct ctl *c);
unsigned act_screen_5(struct ctl *c);
unsigned act_screen_6(struct ctl *c);
unsigned act_mouse(struct ctl *c);

unsigned act_details(struct ctl *c);
unsigned act_close(struct ctl *c);
unsigned act_kill(struct ctl *c);
unsigned act_policy(struct ctl *c);
unsigned act_inject(struct ctl *c);
unsigned act_help(struct ctl *c);
unsigned act_quit(struct ctl *c);
unsigned act_save(struct ctl *c);
unsigned act_load(struct ctl *c);
unsigned act_compare(struct ctl *c);

unsigned act_form_ok(struct ctl *c);
unsigned act_form_cancel(struct ctl *c);
unsigned act_form_next(struct ctl *c);
unsigned act_form_prev(struct ctl *c);
unsigned act_form_up(struct ctl *c);
unsigned act_form_down(struct ctl *c);
unsigned act_form_left(struct ctl *c);
unsigned act_form_right(struct ctl *c);
unsigned act_form_bs(struct ctl *c);

#endif
