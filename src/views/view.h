/* view: the panes of the TUI.
 *
 * Each view_* function draws one pane into its window from a read-only
 * machine, the view state and the theme. Views never change the machine,
 * never read input and never allocate; a pane too small for its content
 * shows what fits. */
#ifndef TICKOS_VIEW_H
#define TICKOS_VIEW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "form.h"
#include "keymap.h"
#include "layout.h"
#include "machine.h"
#include "theme.h"
#include "vsel.h"

/* What is drawn over the panes. */
typedef enum view_dialog {
    DIALOG_NONE,
    DIALOG_HELP,
    DIALOG_DETAILS, /* the selected process's PCB */
    DIALOG_ITEM,    /* the selected frame, cache line or resource (view_state.item) */
    DIALOG_FORM,    /* vs->form: a confirm or prompt (in the key bar row), a menu or form */
} view_dialog;

/* What the user chose about the clock and the panes (owned by the controller). */
typedef struct view_state {
    bool paused;
    int speed;  /* ticks per second */
    int screen; /* screen_id */
    layout_pane focus;
    view_dialog dialog;
    uint32_t sel;        /* selected process-table row (pid - pid_base) */
    uint32_t proc_top;   /* first process-table row shown */
    int queue_top;       /* first ready-queue level row shown, counted from the top level */
    int gantt_cpu;       /* first CPU row of the Gantt chart */
    uint64_t gantt_back; /* ticks the Gantt chart is scrolled back; 0: the newest */
    bool log_follow;     /* the log shows the newest events */
    uint64_t log_end;    /* not following: one past the last event shown */
    /* The subsystem panes' selections, marked while the pane has the focus. */
    uint32_t frame_sel; /* memory: a physical frame */
    int line_cpu;       /* caches: a line, by its CPU ... */
    uint32_t line_slot; /* ... and slot (set * ways + way) */
    int32_t res_sel;    /* resources: a resource type (matrix column) */
    layout_pane item;   /* DIALOG_ITEM: the pane whose selection it details */
    int help_top;       /* first help line shown */
    int details_top;    /* first line of the details (or item) dialog shown */
    form form;          /* DIALOG_FORM */
    char msg[160];      /* a message for the key bar row until the next key */
    char badge[48];     /* shown in the header: an exercise's score */
    /* Compare: a second machine forked from this one with another policy,
     * stepping with it (NULL: not comparing), and what it runs. */
    const machine *cmp;
    char cmp_label[32];
    int cmp_kind; /* the kind of policy compared (policy_kind): the columns' names */
    bool msg_err;
} view_state;

/* Header: brand, mode, tick, running/paused/done, speed, policy, utilisation,
 * and the screen. */
void view_header(WINDOW *w, const machine *m, const view_state *vs, const theme *th);
/* Why p is blocked, in words: short for the table ("io until 21", "fault
 * until 22", "wait frame", "wait fork1 x1", "unsafe tape x2", "wait child"),
 * a sentence for the details dialog. */
void view_block_reason(char *buf, size_t n, const machine *m, const proc *p, bool long_form);
/* Process table, scrolled to vs->proc_top, the selected row marked. */
void view_procs(WINDOW *w, const machine *m, const view_state *vs, const theme *th);
/* Ready queues (one row per level, top first, from vs->queue_top), the I/O
 * queue and the waits; lines: level rows that fit. */
void view_queues(WINDOW *w, const machine *m, const view_state *vs, const theme *th, int lines);
/* Gantt chart for up to cpus CPUs from vs->gantt_cpu, ending vs->gantt_back
 * ticks before the newest, with a tick ruler. */
void view_gantt(WINDOW *w, const machine *m, const view_state *vs, const theme *th, int cpus);
/* A one-line note about what the screen shows in place of panes that do not
 * exist yet for this mode. */
void view_note(WINDOW *w, const machine *m, const view_state *vs, const theme *th);
/* Event log filtered for the screen, newest at the bottom. */
void view_log(WINDOW *w, const machine *m, const view_state *vs, const theme *th);
/* Key bar for the current dialog, generated from its key table and fitted to
 * the width (actions on processes only when m has them); or the prompt of a
 * confirm/prompt form; or the message. */
void view_keybar(WINDOW *w, const machine *m, const view_state *vs, const theme *th);
/* Help overlay generated from the key tables, from line vs->help_top. */
void view_help(WINDOW *w, const view_state *vs, const theme *th);
/* Size the help overlay would like (lines of all the key tables). */
void view_help_size(int *h, int *w);
/* Details of the selected process (PCB, program and the step it is on). */
void view_details(WINDOW *w, const machine *m, const view_state *vs, const theme *th);
/* Lines of the details dialog for the selected process (for sizing). */
int view_details_lines(const machine *m, const view_state *vs);
/* Details of the selected frame, cache line or resource (vs->item's
 * selection; view_item*.c), scrolled to vs->details_top; follows the
 * machine as it ticks. */
void view_item(WINDOW *w, const machine *m, const view_state *vs, const theme *th);
/* Lines of that dialog (for sizing and scrolling). */
int view_item_lines(const machine *m, const view_state *vs);

/* Where the subsystem panes drew their items, for the mouse (ui_draw fills
 * them; a pane not drawn has none). */
typedef struct view_hits {
    vhits memory, caches, resources;
} view_hits;
/* The selection a subsystem pane is given: focused or not, its item. */
vsel view_pane_sel(const view_state *vs, layout_pane p, vhits *hits);

/* A menu or form dialog (FORM_POLICY, FORM_INJECT). */
void view_form(WINDOW *w, const view_state *vs, const theme *th);
void view_form_size(const view_state *vs, int *h, int *w);
/* Whether the form is drawn in the key bar row rather than as a dialog. */
bool view_form_inline(const form *f);
/* "terminal too small (WxH), need at least 60x16", centred. */
void view_too_small(WINDOW *w, int cols, int rows, const theme *th);

/* Text of the too-small message. */
int view_too_small_text(char *buf, size_t n, int cols, int rows);

/* The key table for what the state shows (main, help, details, form). */
const keymap *view_keymap(const view_state *vs);

/* Title bar of a pane: " Name  rest"; a focused pane's name in brackets,
 * " [Name]  rest". Returns the column after it. */
int view_title(WINDOW *w, const theme *th, bool focus, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
