#include "tui.h"

#include <curses.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "actions.h"
#include "ctl.h"
#include "ui.h"

#define FRAME_MS      16  /* at most ~60 frames a second, several ticks each when fast */
#define IDLE_MS       500 /* paused: wake now and then to notice a signal */
#define MAX_PER_FRAME 1000

/* Set by the signal handler, read by the loop: the only state a handler may touch. */
static volatile sig_atomic_t tui_signal;
/* Whether curses owns the terminal, for the atexit handler. */
static bool tui_active;

static void tui_on_signal(int sig) {
    tui_signal = sig;
}

/* A crash: give the terminal back, then die of the same signal (the handler
 * was installed with SA_RESETHAND, so the default action is back). endwin is
 * not async-signal-safe, but the process is going down anyway and a terminal
 * left in raw mode is the worse outcome. */
static void tui_on_crash(int sig) {
    if (tui_active && !isendwin())
        endwin();
    tui_active = false;
    raise(sig);
}

static void tui_atexit(void) {
    if (tui_active && !isendwin())
        endwin();
    tui_active = false;
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void tui_fail(cli_error *err, int status, const char *msg) {
    err->status = status;
    snprintf(err->msg, sizeof err->msg, "%s", msg);
}

static const int crash_signals[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL};
#define NCRASH (sizeof crash_signals / sizeof crash_signals[0])

typedef struct saved_signals {
    struct sigaction intr, term, hup;
    struct sigaction crash[NCRASH];
} saved_signals;

/* Installed before curses starts, so ncurses leaves these signals to us; no
 * SA_RESTART, so a signal also cuts a wait for input short. */
static void signals_catch(saved_signals *old) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = tui_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old->intr);
    sigaction(SIGTERM, &sa, &old->term);
    sigaction(SIGHUP, &sa, &old->hup);
    sa.sa_handler = tui_on_crash;
    sa.sa_flags = (int)SA_RESETHAND;
    for (size_t i = 0; i < NCRASH; i++)
        sigaction(crash_signals[i], &sa, &old->crash[i]);
}

static void signals_restore(const saved_signals *old) {
    sigaction(SIGINT, &old->intr, NULL);
    sigaction(SIGTERM, &old->term, NULL);
    sigaction(SIGHUP, &old->hup, NULL);
    for (size_t i = 0; i < NCRASH; i++)
        sigaction(crash_signals[i], &old->crash[i], NULL);
}

/* Lays the panes out again for the controller's screen. */
static int relayout(ui *u, ctl *ct) {
    layout_req req;
    ctl_layout_req(ct, COLS, LINES, &req);
    if (ui_rebuild(u, &req) != 0)
        return -1;
    ctl_set_layout(ct, &u->lay);
    return 0;
}

/* The interactive loop. Returns 0 after quit, or the signal number. */
static int tui_loop(ui *u, ctl *ct) {
    bool dirty = true, was_running = false;
    uint64_t next_ns = 0;
    int last_speed = ct->vs.speed;
    while (!ct->quit && !tui_signal) {
        machine *m = ct->m; /* time travel replaces it */
        bool running = !ct->vs.paused && !machine_done(m);
        uint64_t period = 1000000000u / (uint64_t)(ct->vs.speed > 0 ? ct->vs.speed : 1);
        uint64_t t = now_ns();
        if (running && (!was_running || ct->vs.speed != last_speed)) {
            next_ns = t + period; /* the first tick comes one period after resuming */
        } else if (running) {
            uint64_t due = 0;
            while (next_ns <= t && due < MAX_PER_FRAME) {
                due++;
                next_ns += period;
            }
            if (next_ns + period < t)
                next_ns = t + period; /* too far behind: drop the backlog */
            if (due && ctl_advance(ct, due))
                dirty = true;
        }
        was_running = running;
        last_speed = ct->vs.speed;
        if (dirty) {
            ui_draw(u, ct->m, &ct->vs, &ct->hits);
            dirty = false;
        }

        int timeout = IDLE_MS;
        if (running && !machine_done(m)) {
            t = now_ns();
            uint64_t wait = next_ns > t ? next_ns - t : 0;
            timeout = (int)((wait + 999999u) / 1000000u);
            if (timeout < FRAME_MS)
                timeout = FRAME_MS;
        } else if (running) {
            dirty = true; /* it just finished: show "done" */
            timeout = 0;
        }
        wtimeout(u->input, timeout);
        int ch = wgetch(u->input);
        if (ch == ERR)
            continue;
        if (ch == KEY_RESIZE) {
            if (relayout(u, ct) != 0)
                return -1;
            dirty = true;
            continue;
        }
        unsigned r = ctl_key(ct, ch);
        if ((r & ACT_RELAYOUT) && relayout(u, ct) != 0)
            return -1;
        if (r != ACT_NONE)
            dirty = true;
    }
    return tui_signal;
}

int tui_run(machine **mref, const cli_common *c, tui_build_fn build, void *ctx, cli_error *err) {
    /* Themes: assets/themes/NAME.theme (TICKOS_ASSETS overrides the folder),
     * else the built-in ones. */
    static theme_def file_def;
    static char file_name[40];
    char why[400];
    const char *assets = getenv("TICKOS_ASSETS");
    const theme_def *td =
        theme_resolve(c->theme, getenv("NO_COLOR"), assets && *assets ? assets : TICKOS_ASSETS_DIR,
                      &file_def, file_name, sizeof file_name, why, sizeof why);
    if (!td) {
        cli_fail(err, "--theme", "%s", why);
        return 2;
    }
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        tui_fail(err, 1, "the TUI needs a terminal; use --headless for a report");
        return 1;
    }
    setlocale(LC_CTYPE, ""); /* only the character set: numbers in reports stay "1.5" */

    saved_signals old;
    tui_signal = 0;
    signals_catch(&old);
    SCREEN *scr = newterm(NULL, stdout, stdin);
    if (!scr) {
        signals_restore(&old);
        const char *term = getenv("TERM");
        snprintf(err->msg, sizeof err->msg, "cannot start the TUI on this terminal (TERM=%s)",
                 term ? term : "unset");
        err->status = 1;
        return 1;
    }
    tui_active = true;
    static bool atexit_set;
    if (!atexit_set) {
        atexit(tui_atexit);
        atexit_set = true;
    }
    cbreak();
    noecho();
    nonl();
    curs_set(0);
    set_escdelay(25);
    /* Clicks arrive as presses (no click-detection delay); the wheel is buttons 4 and 5. */
    mouseinterval(0);
    mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
                  | BUTTON5_PRESSED
#endif
              ,
              NULL);

    bool colour = false;
    if (td->colour && has_colors() && start_color() == OK) {
        use_default_colors();
        colour = COLOR_PAIRS > THEME_ROLE_COUNT + THEME_PIDS;
    }

    ui u;
    memset(&u, 0, sizeof u);
    theme_setup(&u.th, td, colour);
    ctl ct;
    ctl_init(&ct, *mref, build, ctx);

    int status = relayout(&u, &ct) != 0 ? -1 : tui_loop(&u, &ct);
    *mref = ct.m;
    ctl_free(&ct);
    ui_free(&u);
    endwin();
    delscreen(scr);
    tui_active = false;
    signals_restore(&old);
    if (status < 0) {
        tui_fail(err, 1, "the TUI could not make its windows");
        return 1;
    }
    if (status) {
        snprintf(err->msg, sizeof err->msg, "stopped by signal %d", status);
        err->status = 128 + status;
        return 128 + status;
    }
    return 0;
}
