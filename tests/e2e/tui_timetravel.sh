#!/usr/bin/env bash
# End-to-end: stepping back (b, Left), go to (g) and restart (r) are exact:
# the screen after going back and forth is the one seen before, character for
# character, also 11,000 ticks back.
#   bash tests/e2e/tui_timetravel.sh BUILD/tickos
NAME=tui_timetravel
# shellcheck source=tui_lib.bash
source "$(dirname "$0")/tui_lib.bash" "$@"

steps() { # steps KEY N: N presses, one at a time, each seen on the screen
    local k=$1 n=$2 i
    for ((i = 0; i < n; i++)); do
        keys "$k"
    done
}

# ---------------------------------------------------------------------------
CASE="forward 30, back 10, forward 10: the same screen"
start 100 30 --
wait_for '\btick 0\b'
steps n 30
wait_for '\btick 30\b'
cp "$TMP/screen" "$TMP/at30"
steps b 5
steps Left 5
wait_for '\btick 20\b'
cp "$TMP/screen" "$TMP/at20"
steps n 10
wait_for '\btick 30\b'
diff "$TMP/at30" "$TMP/screen" >"$TMP/diff" || { cat "$TMP/diff" >&2; fail "tick 30 again differs"; }
keys q
wait_exit 0

# The same 20 ticks in a fresh run: the screen seen after going back.
start 100 30 --
wait_for '\btick 0\b'
steps n 20
wait_for '\btick 20\b'
diff "$TMP/at20" "$TMP/screen" >"$TMP/diff" ||
    { cat "$TMP/diff" >&2; fail "going back to 20 differs from a run of 20"; }
keys q
wait_exit 0

# ---------------------------------------------------------------------------
CASE="g asks for a tick and checks it; r restarts"
start 100 30 --
wait_for '\btick 0\b'
keys g
wait_for '^Go to tick \(0 to 10000000\): _  Enter ok  Esc cancel'
keys a b c Enter
wait_for "^Go to tick \(0 to 10000000\): abc_  tick: 'abc' is not a whole number from 0 to 10000000"
keys BSpace BSpace BSpace 2 5 Enter
wait_for '\btick 25\b'
lacks 'Go to tick'
cp "$TMP/screen" "$TMP/at25"
keys g 7 Enter
wait_for '\btick 7\b'
keys g 2 5 Enter
wait_for '\btick 25\b'
diff "$TMP/at25" "$TMP/screen" >"$TMP/diff" || { cat "$TMP/diff" >&2; fail "g 7 then g 25 differs"; }
keys g 1 Escape
wait_gone 'Go to tick'
has '\btick 25\b' "Esc leaves the tick alone"
keys r
wait_for '\btick 0\b'
has '^restarted at tick 0'
keys b
wait_for '^already at tick 0'
keys q
wait_exit 0

# ---------------------------------------------------------------------------
# rr (quantum 1) with two jobs of 20,000: job t % 2 runs at tick t until
# 40,000, so the 94 cells of the Gantt chart ending at any even tick read
# 0101...01, starting at tick (end - 94).
CASE="11,000 ticks back and forward again"
start 100 30 -- sched --policy rr --lengths 20000,20000 --ticks 12000
wait_for '\btick 12000\b'
has '^ Gantt  ticks 11906-11999 '
has "^CPU0  $(printf '01%.0s' {1..47}) *$"
cp "$TMP/screen" "$TMP/at12000"
keys g 1 0 0 0 Enter
wait_for '\btick 1000\b'
has '^ Gantt  ticks 906-999 '
has "^CPU0  $(printf '01%.0s' {1..47}) *$"
# Each job has run 500 ticks and waited 500 (job 1 at the even ticks); job 1
# ran tick 999. Events: 2 arrivals, then a switch and a slice end per tick.
has '^[ >] +0 +job0 +RDY +0 +19500 +0 +- +500  ' "job 0 at tick 1000"
has '^[ >] +1 +job1 +RUN +0 +19500 +1 +- +500 on cpu0' "job 1 at tick 1000"
has '^ Events  2002 '
keys g 1 2 0 0 0 Enter
wait_for '\btick 12000\b'
diff "$TMP/at12000" "$TMP/screen" >"$TMP/diff" ||
    { cat "$TMP/diff" >&2; fail "back at 12000 differs"; }
keys q
wait_exit 0

echo "tui_timetravel: all cases passed"
