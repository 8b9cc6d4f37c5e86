#!/usr/bin/env bash
# End-to-end: the inject form (i) on a machine with memory and resources: a
# machine program chosen, a memory behaviour and a resource held; a bad count
# refused with its message; the new process in the table, its references in
# the memory pane, its tapes in the resources pane; saved from the TUI, the
# save loads and saves again byte for byte. Fields only where they apply
# (no memory field without memory), and the form on the smallest screen.
#   bash tests/e2e/tui_inject.sh BUILD/tickos
NAME=tui_inject
# shellcheck source=tui_lib.bash
source "$(dirname "$0")/tui_lib.bash" "$@"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$TMP/work"
cp "$ROOT/tests/fixtures/inject-lab.json" "$TMP/work/lab.json"
cd "$TMP/work" || exit 1

# ---------------------------------------------------------------------------
CASE="inject a scanning worker holding both tapes"
start 100 30 -- lab.json
wait_for '\btick 0\b'
keys i
wait_for 'Inject a process'
has '> name +_ +empty: the program.s'
has 'memory +< as the program > +its own, if it has one'
has 'pages +1 to 4096 \(empty: the behaviour.s\)'
has 'resource +< none > +takes no resource'
has 'count +1 +how many \(a mutex: 1\)'
has 'hold +5 +ticks of CPU it holds them'
keys s c a n n e r Tab Left
wait_for 'program +< worker > +machine.s: 5 steps, 8 CPU ticks, memory model'
keys Tab Tab Right Right
wait_for 'memory +< scan > +a sequential scan of its pages'
keys Tab 0 Enter
wait_for "pages: '0' is not a whole number from 1 to 4096"
keys BSpace 3 2 Tab Right Right
wait_for 'resource +< tape > +a pool of 2'
keys Tab BSpace 3 Enter
wait_for 'count: 3 is more than the 2 tape there are'
has '> count +3_' "the bad field is the current one"
keys BSpace 2 Enter
wait_for '^P2 \(scanner\) injected at tick 0, scan over 32 pages, holds 2 tape for 5 ticks'
has '^>   2 scanner +NEW ' "the new process, selected"
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do keys n; done
wait_for '\btick 12\b'

keys 3
wait_for 'screen 3 memory'
# Its scan starts at 0x10000000: its first pages are in frames, and faulted in.
has 'F[0-7] P2:1000[0-9a-f]' "a frame holds one of its pages"
has 'Page table P2 \(scanner\)' "the selected process's page table"
has ' 0x10000  F[0-7] +P' "its first page is present"
has 'P2 \(scanner\): vpn 0x1000[0-9a-f] is now in frame [0-7]' "a page-in of its own"
keys 5
wait_for 'screen 5 resources'
has '^ P2 +0 +2 ' "P2 holds both tapes in the allocation matrix"
has '\[tape\]x2 ==> P2'
has '^ +[0-9]+  P2 \(scanner\) takes 2 of tape \(0 left\)'

# Saved from the TUI; the save loads (its state checked by the replay) and
# saves again byte for byte.
keys s
wait_for 'Save the whole state'
keys C-u
for i in $(seq 30); do keys BSpace; done
keys -l "$TMP/work/lab-t12.json"
keys Enter
wait_for 'saved tick 12 to '
grep -q '"inject":{"program":"worker","name":"scanner","prio":0,"memory":{"base":"0x10000000","pages":32,"scan":true,"writes":0},"resource":{"name":"tape","count":2,"hold":5}}' \
    "$TMP/work/lab-t12.json" || fail "the save lacks the inject command"
"$BIN" "$TMP/work/lab-t12.json" --headless --ticks 0 --save "$TMP/work/again.json" ||
    fail "the save does not load"
cmp -s "$TMP/work/lab-t12.json" "$TMP/work/again.json" || fail "save -> load -> save differs"
keys q
wait_exit 0

# ---------------------------------------------------------------------------
CASE="no memory: no memory fields; resources only"
cat >locks.json <<'EOF'
{"tickos": 1, "scenario": {"machine": {
  "sched": {"policy": "fifo"},
  "resources": {"types": [{"name": "mutex", "kind": "mutex"}]},
  "programs": [{"name": "producer", "steps": ["acquire mutex", "cpu 2", "release mutex"]},
               {"name": "consumer", "steps": ["cpu 1", "acquire mutex", "release mutex"]}],
  "processes": [{"program": "producer"}, {"program": "consumer"}]}}}
EOF
start 100 30 -- locks.json
wait_for '\btick 0\b'
keys i
wait_for 'Inject a process'
has 'resource +< none >'
lacks 'memory +<'
lacks 'pages +'
has 'program +< cpu-bound >'
keys Tab Left
wait_for 'program +< consumer > +machine.s'
keys Escape
wait_gone 'Inject a process'
keys q
wait_exit 0

# ---------------------------------------------------------------------------
CASE="the smallest screen, and smaller"
start 60 16 -- lab.json
wait_for '\btick 0\b'
keys i
wait_for 'Inject a process'
has 'hold +5'
keys Tab Tab Tab Tab Tab Right Right Tab BSpace 7 Enter
wait_for 'count: 7 is more than the 2 tape there are'
has 'Enter injects, Esc cancels' "the footer shows whole"
T resize-window -t e2e -x 40 -y 10 || fail "resize-window"
wait_for 'terminal too small'
T resize-window -t e2e -x 60 -y 16 || fail "resize-window"
wait_for 'Inject a process'
has 'count: 7 is more than the 2 tape there are'
keys Escape
wait_gone 'Inject a process'
keys q
wait_exit 0

echo "tui_inject: all cases passed"
