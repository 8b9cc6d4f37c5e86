/* ctl: the TUI's controller. It owns the interaction state (paused, speed,
 * scroll positions, help), turns keys into actions through a key table and is
 * the only part of the TUI that calls machine_tick. Views only read it. */
#ifndef TICKOS_CTL_H
#define TICKOS_CTL_H

#include <stdbool.h>
#include <stdint.h>

#include "keymap.h"
#include "machine.h"
#include "view.h"

#define CTL_SPEEDS        10
#define CTL_DEFAULT_SPEED 3 /* index: 10 ticks/s */

typedef struct ctl {
    machine *m;
    view_state vs; /* what the views are given */
    int speed_idx;
    bool quit;
    int proc_rows, log_rows; /* page sizes, set by the UI after each layout */
} ctl;

/* Paused, at the default speed, following the log. */
void ctl_init(ctl *c, machine *m);

/* Ticks per second at speed index i (clamped). */
int ctl_speed_at(int i);

/* Carries out the action bound to key in km. Returns ACT_* flags; ACT_NONE when
 * the key is unbound. While the help overlay is open any key closes it. */
unsigned ctl_key(ctl *c, const keymap *km, int key);
/* Runs the named action. Returns its flags, ACT_NONE if there is none. */
unsigned ctl_action(ctl *c, const char *name);

/* Advances the machine by up to n ticks, stopping when it is done. Returns the
 * ticks simulated. */
uint64_t ctl_advance(ctl *c, uint64_t n);

#endif
