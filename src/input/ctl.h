/* ctl: the TUI's controller. It owns the interaction state (clock, screen,
 * focus, selection, scroll positions, dialogs), turns keys into actions
 * through the key tables, and is the only part of the TUI that changes the
 * machine: ticks, commands (kill, policy, inject) and time travel.
 *
 * Time travel is exact by deterministic replay: the controller keeps the log
 * of commands (history.h), copies of the machine taken as the clock moves
 * (snaps.h) and a way to build the machine at tick 0 again; going to an
 * earlier tick starts from the newest copy before it (or a rebuild) and
 * replays. The machine it points at is
 * replaced then, so callers read c->m afresh after every action. */
#ifndef TICKOS_CTL_H
#define TICKOS_CTL_H

#include <stdbool.h>
#include <stdint.h>

#include "history.h"
#include "inject_form.h"
#include "keymap.h"
#include "layout.h"
#include "machine.h"
#include "quiz.h"
#include "scenario.h"
#include "snaps.h"
#include "view.h"

#define CTL_SPEEDS        10
#define CTL_DEFAULT_SPEED 3         /* index: 10 ticks/s */
#define CTL_GOTO_AHEAD    10000000u /* the furthest g goes forward in one go */

/* Builds the machine of the scenario at tick 0; NULL on failure. */
typedef machine *(*ctl_build_fn)(void *ctx);

typedef struct ctl {
    machine *m; /* owned: replaced by time travel, freed by the caller at the end */
    ctl_build_fn build;
    void *build_ctx;
    sched_config first_cfg; /* the scenario's own scheduler, offered again by p */
    history cmds;
    snaps snaps;   /* copies of m for going back */
    view_state vs; /* what the views are given */
    int speed_idx;
    bool quit;
    layout lay;     /* the panes as laid out now: page sizes and mouse hits */
    view_hits hits; /* where the subsystem panes drew their items (the UI fills it) */

    /* Saves: commands given since the last save or load (q asks then), the
     * file name proposed, and the scenario of a save loaded here (its
     * rebuild replaces the caller's). */
    uint32_t changes;
    char save_path[FORM_TEXT_MAX];
    scenario_source loaded;
    char load_names[FORM_CHOICES][FORM_TEXT_MAX]; /* the load menu's files */
    char load_notes[FORM_CHOICES][48];
    inject_form inj; /* the inject form's fields and choices */
    /* An exercise: its questions come up when their tick is reached. */
    bool has_quiz;
    quiz quiz;
    /* Compare (c): the forked machine (owned; also in vs.cmp), stepped with
     * the main one, and rebuilt by replay when going back. */
    machine *cmp;
    snaps cmp_snaps;
} ctl;

/* Paused, at the default speed, on the overview with the process table (or
 * the log) focused, laid out for 80x24 until ctl_set_layout. build may be
 * NULL: then there is no going back. */
void ctl_init(ctl *c, machine *m, ctl_build_fn build, void *ctx);
/* Frees the command log (not the machine). */
void ctl_free(ctl *c);
/* After the UI laid the panes out: keeps the focus on a pane that is shown. */
void ctl_set_layout(ctl *c, const layout *l);
/* The layout request for the current state at cols x rows. */
void ctl_layout_req(const ctl *c, int cols, int rows, layout_req *req);

/* Ticks per second at speed index i (clamped). */
int ctl_speed_at(int i);

/* Carries out the action bound to key in the table of what is shown (main,
 * help, details, form); unbound keys type into a form or close the help.
 * Clears the message line first. Returns ACT_* flags; ACT_NONE when the key
 * does nothing. */
unsigned ctl_key(ctl *c, int key);
/* Runs the named action. Returns its flags, ACT_NONE if there is none. */
unsigned ctl_action(ctl *c, const char *name);

/* Advances the machine by up to n ticks, stopping when it is done, applying
 * logged commands as their ticks come. Returns the ticks simulated. */
uint64_t ctl_advance(ctl *c, uint64_t n);
/* Goes to tick t: forward by advancing, back by rebuild and replay. Returns 0,
 * or -1 with a message (cannot rebuild). The machine may end before t. */
int ctl_goto(ctl *c, uint64_t t);
/* Back to tick 0 with the command log emptied. Returns 0 or -1 (message). */
int ctl_restart(ctl *c);
/* Gives the machine a command now (logged for replay). Returns cmd_apply's
 * result (-1: refused). */
int64_t ctl_command(ctl *c, const machine_cmd *cmd);
/* The same, with the reason for a refusal in why (n bytes). */
int64_t ctl_command_why(ctl *c, const machine_cmd *cmd, char *why, size_t n);

/* A mouse event at screen cell (y, x). */
typedef enum ctl_mouse_kind { CTL_CLICK, CTL_WHEEL_UP, CTL_WHEEL_DOWN } ctl_mouse_kind;
unsigned ctl_mouse(ctl *c, int y, int x, ctl_mouse_kind kind);

/* Sets the message line (printf). */
void ctl_say(ctl *c, bool err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Page sizes of the panes as laid out. */
int ctl_proc_rows(const ctl *c);
int ctl_log_rows(const ctl *c);
/* Whether the machine has processes (demo, sched) for kill, policy, inject. */
bool ctl_has_procs(const ctl *c);
/* Rows of the ready-queues pane: one per level, or one per CPU with per-CPU queues. */
int ctl_queue_rows(const ctl *c);

/* Ends a comparison (frees the second machine). */
void ctl_compare_close(ctl *c);

/* Exercises: when a question is due at the machine's tick, pauses and opens
 * it. Returns whether one was opened. */
bool ctl_quiz_check(ctl *c);
/* Replaces the machine by m2 (loaded from a file): fresh history, rebuild
 * from m2's scenario, its quiz. Takes ownership of m2. */
void ctl_adopt(ctl *c, machine *m2);

#endif
