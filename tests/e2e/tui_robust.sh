#!/usr/bin/env bash
# End-to-end: resizing at any moment (80x24, 40x10 and back, with a dialog
# open), the terminal given back on a crash signal, and the mouse (clicks
# select rows and focus panes, the wheel scrolls).
#   bash tests/e2e/tui_robust.sh BUILD/tickos
NAME=tui_robust
# shellcheck source=tui_lib.bash
source "$(dirname "$0")/tui_lib.bash" "$@"

# ---------------------------------------------------------------------------
CASE="resize 80x24 -> 40x10 -> 100x30 -> 80x24 with the details open"
start 80 24 --
wait_for '\btick 0\b'
keys n n n
wait_for '\btick 3\b'
keys Enter
wait_for 'P1 init  tick 3'
T resize-window -t e2e -x 40 -y 10 || fail "resize-window"
wait_for 'terminal too small \(40x10\),'
has 'need at least 60x16'
lacks 'P1 init'
keys n # keys still work while it is too small
T resize-window -t e2e -x 100 -y 30 || fail "resize-window"
wait_for 'P1 init  tick 4' "the dialog is back, the step was taken"
has 'program +init, 6 steps'
T resize-window -t e2e -x 80 -y 24 || fail "resize-window"
wait_for '^space run/pause  n step  b back  k kill  Esc close  \? help'
has 'P1 init  tick 4'
keys Escape
wait_gone 'P1 init'
has '^ Gantt  ticks 0-3 '
has '^CPU0  2345 *$'
keys 6
wait_for 'screen 6 log$'
T resize-window -t e2e -x 40 -y 10 || fail "resize-window"
wait_for 'terminal too small \(40x10\),'
T resize-window -t e2e -x 80 -y 24 || fail "resize-window"
wait_for 'screen 6 log$'
has '^\[Events\]'
keys q
wait_exit 0

# ---------------------------------------------------------------------------
CASE="SIGABRT: the terminal is restored, then tickos dies of the signal"
start 80 24 --
wait_for '\btick 0\b'
pid=$(tickos_pid)
[ -n "$pid" ] || fail "cannot find the tickos process"
kill -ABRT "$pid"
wait_exit 134

# ASan keeps SIGSEGV for itself unless told otherwise (a plain build ignores this).
CASE="SIGSEGV: the terminal is restored, then tickos dies of the signal"
start 80 24 ASAN_OPTIONS=handle_segv=0:allow_user_segv_handler=1 --
wait_for '\btick 0\b'
pid=$(tickos_pid)
[ -n "$pid" ] || fail "cannot find the tickos process"
kill -SEGV "$pid"
wait_exit 139

# ---------------------------------------------------------------------------
# 100x30 (see tests/test_layout.c): the table's rows start at screen row 4
# (1-based), the queues at column 71, the log's title is row 21.
CASE="mouse: click a row, click a pane, the wheel"
start 100 30 -- sched --policy fifo --lengths 1,1,1,1,1,1,1,1
wait_for '\btick 0\b'
mouse 0 11 9 # row 9 is the sixth row: job5
mouse 3 11 9
wait_for '^>   5 job5 '
has '^\[Processes\]'
mouse 0 80 5
mouse 3 80 5
wait_for '\[Ready queues\]'
mouse 0 10 18
mouse 3 10 18
wait_for '^\[Gantt\]'
for i in 1 2 3 4 5 6 7 8; do keys n; done
wait_for '\btick 8\b'
# 8 arrivals, then per tick a dispatch and an exit (the last also "all done"):
# 8 + 16 + 1 = 25 events; the log shows the newest 8.
mouse 0 10 25
mouse 3 10 25
wait_for '^\[Events\]  25  \(newest at the bottom'
mouse 64 10 25
wait_for '^\[Events\]  15-22 of 25  \(scrolled back; End follows again\)'
mouse 65 10 25
wait_for '^\[Events\]  25  \(newest at the bottom'
keys q
wait_exit 0

echo "tui_robust: all cases passed"
