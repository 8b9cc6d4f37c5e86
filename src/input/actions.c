#include "actions.h"

#include <string.h>

/* In the order the key bar shows them, most useful first: a narrow bar drops
 * from the end (keeping help and quit). */
static const action table[] = {
    {"pause", "run/pause", "run", NULL, "run or pause the clock", act_pause, false},
    {"step", "step", NULL, NULL, "advance one tick (pauses the clock)", act_step, false},
    {"back", "back", NULL, NULL, "go back one tick, exactly (pauses the clock)", act_back, false},
    {"kill", "kill", NULL, NULL, "kill the selected process (asks first)", act_kill, true},
    {"policy", "policy", NULL, NULL,
     "change a policy from the next tick (scheduler, replacement, coherence, deadlocks)",
     act_policy, true},
    {"inject", "inject", NULL, NULL, "inject a new process (a form)", act_inject, true},
    {"details", "details", "info", NULL,
     "details of the selection: a process (PCB, program), frame, line, resource", act_details,
     false},
    {"focus-next", "pane", NULL, NULL, "focus the next pane (its title is in [brackets])",
     act_focus_next, false},
    {"goto", "go to", "goto", NULL, "go to a tick (asks for the number)", act_goto, false},
    {"screen-1", "screens", "screen", "1-6", "screen 1: overview of everything", act_screen_1,
     false},
    {"restart", "restart", NULL, NULL, "restart from tick 0 (drops kills, injects, policies)",
     act_restart, false},
    {"save", "save", NULL, NULL, "save the whole state to a file (asks before replacing one)",
     act_save, false},
    {"load", "load", NULL, NULL, "load a save or an exercise from saves/", act_load, false},
    {"compare", "compare", "cmp", NULL,
     "compare with another policy side by side, stepping together (c again ends it)", act_compare,
     false},
    {"faster", "faster", "fast", NULL, "run faster (1 to 1000 ticks/s)", act_faster, false},
    {"slower", "slower", "slow", NULL, "run slower", act_slower, false},
    {"focus-prev", "", NULL, NULL, "focus the previous pane", act_focus_prev, false},
    {"screen-2", "", NULL, NULL, "screen 2: scheduling (processes, queues, Gantt)", act_screen_2,
     false},
    {"screen-3", "", NULL, NULL, "screen 3: memory", act_screen_3, false},
    {"screen-4", "", NULL, NULL, "screen 4: caches", act_screen_4, false},
    {"screen-5", "", NULL, NULL, "screen 5: resources", act_screen_5, false},
    {"screen-6", "", NULL, NULL, "screen 6: the event log", act_screen_6, false},
    {"up", "", NULL, NULL, "scroll up; where there is a selection, move it up (frames: a row)",
     act_up, false},
    {"down", "", NULL, NULL,
     "scroll down; where there is a selection, move it down (frames: a row)", act_down, false},
    {"page-up", "", NULL, NULL, "scroll or select up a page (the Gantt chart: back in time)",
     act_page_up, false},
    {"page-down", "", NULL, NULL, "scroll or select down a page (the Gantt chart: forward)",
     act_page_down, false},
    {"home", "", NULL, NULL, "to the first row or item (the log: the oldest event kept)", act_home,
     false},
    {"end", "", NULL, NULL, "to the last row or item (the log: follow the newest again)", act_end,
     false},
    {"left", "", NULL, NULL, "select the frame before (in the frames grid)", act_left, false},
    {"right", "", NULL, NULL, "select the frame after (in the frames grid)", act_right, false},
    {"mouse", "", NULL, NULL,
     "click: select a row, frame, line or resource, focus a pane; wheel: scroll", act_mouse, false},
    {"close", "close", NULL, NULL, "close this", act_close, false},
    {"yes", "yes", NULL, NULL, "yes, do it", act_form_ok, false},
    {"no", "no", NULL, NULL, "no, leave it", act_form_cancel, false},
    {"form-ok", "ok", NULL, NULL, "accept (checked first; a wrong field says why)", act_form_ok,
     false},
    {"form-cancel", "cancel", "no", NULL, "cancel", act_form_cancel, false},
    {"form-next", "next", NULL, NULL, "next field", act_form_next, false},
    {"form-prev", "", NULL, NULL, "previous field", act_form_prev, false},
    {"form-up", "", NULL, NULL, "previous choice in a menu, else previous field", act_form_up,
     false},
    {"form-down", "", NULL, NULL, "next choice in a menu, else next field", act_form_down, false},
    {"form-left", "", NULL, NULL, "previous choice", act_form_left, false},
    {"form-right", "", NULL, NULL, "next choice", act_form_right, false},
    {"form-bs", "", NULL, NULL, "delete the last character", act_form_bs, false},
    {"help", "help", NULL, NULL, "show this help", act_help, false},
    {"quit", "quit", NULL, NULL, "quit tickos (asks first after unsaved commands)", act_quit,
     false},
};

const action *actions_find(const char *name) {
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(table[i].name, name) == 0)
            return &table[i];
    return NULL;
}

size_t actions_count(void) {
    return sizeof table / sizeof table[0];
}

const action *actions_at(size_t i) {
    return i < actions_count() ? &table[i] : NULL;
}
