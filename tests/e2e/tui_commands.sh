#!/usr/bin/env bash
# End-to-end: kill (k, with a confirm line), a policy change (p, a menu),
# injecting a process (i, a form checked field by field), and time travel
# across them.
#   bash tests/e2e/tui_commands.sh BUILD/tickos
NAME=tui_commands
# shellcheck source=tui_lib.bash
source "$(dirname "$0")/tui_lib.bash" "$@"

# ---------------------------------------------------------------------------
CASE="kill, policy and inject on the demo at tick 10"
start 100 30 --
wait_for '\btick 0\b'
for i in 1 2 3 4 5 6 7 8 9 10; do keys n; done
wait_for '\btick 10\b'
cp "$TMP/screen" "$TMP/at10"
keys Down Down Down
wait_for '^>   4 cc +RDY'
keys k
wait_for '^Kill P4 \(cc\)\?  y yes  n no'
keys n
wait_gone '^Kill P4'
has '^>   4 cc +RDY' "n keeps it"
keys k y
wait_for '^P4 \(cc\) killed at tick 10'
has '^>   4 cc +END ' "the killed process has ended"
has '^     10  P4 \(cc\) is killed'
has '^     10  P1 \(init\) reaps its zombie child P4 \(cc\)'
has '^ tickos demo  tick 10 .* procs 8 live 7 '

keys p
wait_for 'Change a policy, from the next tick'
has '> scheduler +which process runs next'
has '  replacement +which page leaves memory when a frame is needed'
keys Enter
wait_for 'Scheduling policy \(now mlfq\)'
has '> mlfq +as the scenario set it'
has '  rr +round robin, quantum 1'
keys Up
wait_for '> rr +round robin'
keys Enter
wait_for '^policy mlfq -> rr from tick 10'
has '^ tickos demo  tick 10  paused  10 ticks/s  rr '
has 'Ready queues  rr'
has '^     10  scheduling policy changed from mlfq to rr'

keys i
wait_for 'Inject a process'
has '> name +_ +empty: the program.s'
has 'program +< cpu-bound > +40 ticks of CPU'
keys a ' ' b Enter
wait_for "name: ' ' is not allowed; use letters, digits, '-', '_' and '.'"
keys BSpace BSpace BSpace h o g Tab Right
wait_for 'program +< io-bound > +12 ticks of CPU, an I/O of 4 after every 2'
keys Tab BSpace 9 Enter
wait_for "priority: '9' is not a whole number from 0 to 7"
keys BSpace 3 Enter
wait_for '^P9 \(hog\) injected at tick 10: it arrives now'
has '^>   9 hog +NEW +0 +12 ' "the new process, selected"
has '^     10  P9 \(hog\) injected'
keys n
wait_for '\btick 11\b'
has '^     10  P9 \(hog\) arrives and joins the ready queue'
cp "$TMP/screen" "$TMP/at11"

# Back before the commands: all undone; forward again: all redone.
keys b b
wait_for '\btick 9\b'
has '^    4 cc +(RDY|RUN) ' "cc is alive at tick 9"
has 'ticks/s  mlfq ' "mlfq at tick 9"
lacks 'hog'
keys n n
wait_for '\btick 11\b'
diff "$TMP/at11" "$TMP/screen" >"$TMP/diff" ||
    { cat "$TMP/diff" >&2; fail "tick 11 after going back differs"; }
# Three commands were given and not saved: q asks first; n keeps tickos open.
keys q
wait_for '^3 unsaved commands: quit anyway\?  y yes  n no'
keys n
wait_gone 'unsaved commands'
has '\btick 11\b' "still running"
keys q
wait_for 'quit anyway'
keys y
wait_exit 0

echo "tui_commands: all cases passed"
