#!/usr/bin/env bash
# End-to-end tests of the TUI in a private tmux server (tui_lib.bash): start,
# step, help, resize, quit, colours and the terminal restored on signals.
#   bash tests/e2e/tui_basic.sh BUILD/tickos
NAME=tui_basic
# shellcheck source=tui_lib.bash
source "$(dirname "$0")/tui_lib.bash" "$@"

# ---------------------------------------------------------------------------
CASE="demo: start, step, help, resize, quit"
start 100 30 -- 
wait_for '\btick 0\b' "starts paused at tick 0"
grep -q 'paused' "$TMP/screen" || fail "header does not say paused"
grep -q 'mlfq' "$TMP/screen" || fail "header does not name the policy"
grep -Eq '\bQ2 ' "$TMP/screen" || fail "no Q2 row in the ready queues"
grep -q 'q quit' "$TMP/screen" || fail "no key bar"
keys n
wait_for '\btick 1\b' "n steps one tick"
keys '?'
wait_for 'tickos keys' "help overlay"
grep -q 'advance one tick' "$TMP/screen" || fail "help does not list the step key"
grep -q 'any other key closes' "$TMP/screen" || fail "help has no footer"
keys x
wait_gone 'tickos keys'
grep -Eq '\btick 1\b' "$TMP/screen" || fail "closing help changed the tick"
T resize-window -t e2e -x 40 -y 10 || fail "resize-window"
wait_for 'terminal too small \(40x10\)' "too-small message at 40x10"
grep -q 'need at least 60x16' "$TMP/screen" || fail "too-small message does not give the minimum"
T resize-window -t e2e -x 100 -y 30 || fail "resize-window"
wait_for '\btick 1\b' "redrawn at 100x30"
grep -q 'too small' "$TMP/screen" && fail "too-small message left on screen"
grep -q 'Gantt' "$TMP/screen" || fail "no Gantt pane after resize"
keys q
wait_exit 0

# ---------------------------------------------------------------------------
CASE="sched rr 3,2: five steps to the end"
start 100 30 -- sched --policy rr --lengths 3,2
wait_for '\btick 0\b'
for k in 1 2 3 4 5; do
    keys n
    wait_for "\\btick $k\\b" "step $k"
done
wait_for '\bdone\b' "header says done"
# rr, quantum 1: 0 1 0 1 0. Job 0: response 0, turnaround 5, wait 2; job 1: 1, 4, 2.
grep -Eq '^[ >] +0 +[^ ]+ +END +0 +0 +0 +5 +2\b' "$TMP/screen" || fail "job 0 row is not END 0 0 0 5 2"
grep -Eq '^ +1 +[^ ]+ +END +0 +0 +1 +4 +2\b' "$TMP/screen" || fail "job 1 row is not END 0 0 1 4 2"
grep -Eq '^CPU0 +01010 *$' "$TMP/screen" || fail "Gantt row is not 01010"
keys n
sleep 0.2
capture
grep -Eq '\btick 5\b' "$TMP/screen" || fail "stepping a finished machine changed the tick"
keys q
wait_exit 0

# ---------------------------------------------------------------------------
CASE="NO_COLOR: state letters without colour"
start 80 24 NO_COLOR=1 -- sched --policy rr --lengths 3,2
wait_for '\btick 0\b'
keys n
wait_for '\btick 1\b'
grep -Eq '^[ >] +0 +[^ ]+ +RUN\b' "$TMP/screen" || fail "job 0 not shown as RUN"
grep -Eq '^ +1 +[^ ]+ +RDY\b' "$TMP/screen" || fail "job 1 not shown as RDY"
T capture-pane -e -p -t e2e >"$TMP/screen.esc"
if grep -Eq $'\e\\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9;]*)?m' "$TMP/screen.esc"; then
    fail "NO_COLOR run still uses colours"
fi
keys q
wait_exit 0

# ---------------------------------------------------------------------------
CASE="default theme uses colour; SIGTERM restores the terminal"
start 80 24 -- sched --policy rr --lengths 3,2
wait_for '\btick 0\b'
T capture-pane -e -p -t e2e >"$TMP/screen.esc"
grep -Eq $'\e\\[([0-9;]*;)?(3[0-7]|4[0-7])(;[0-9;]*)?m' "$TMP/screen.esc" ||
    fail "default theme shows no colour"
pid=$(tickos_pid)
[ -n "$pid" ] || fail "cannot find the tickos process"
kill -TERM "$pid"
wait_exit 143

# ---------------------------------------------------------------------------
CASE="--theme beats NO_COLOR; Ctrl-C restores the terminal"
start 80 24 NO_COLOR=1 -- sched --policy rr --lengths 3,2 --theme high-contrast
wait_for '\btick 0\b'
T capture-pane -e -p -t e2e >"$TMP/screen.esc"
grep -Eq $'\e\\[([0-9;]*;)?(3[0-7]|4[0-7])(;[0-9;]*)?m' "$TMP/screen.esc" ||
    fail "an explicit --theme high-contrast shows no colour under NO_COLOR"
keys C-c
wait_exit 130

echo "tui_basic: all cases passed"
