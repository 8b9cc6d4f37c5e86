#!/usr/bin/env bash
# End-to-end: p changes the replacement policy of a machine with memory live
# (a menu of kinds, then the policies, the one in use marked), the log says
# what was kept, a save holds the command and loads back; c forks the machine
# with another replacement policy and shows page faults next to the
# scheduling metrics, both stepping (and going back) together.
#   bash tests/e2e/tui_policy.sh BUILD/tickos
NAME=tui_policy
# shellcheck source=tui_lib.bash
source "$(dirname "$0")/tui_lib.bash" "$@"
mkdir -p "$TMP/work"
cd "$TMP/work" || exit 1
# Three workers in 8 frames (LRU, global): their working sets fit until the
# third arrives.
cat >mem.json <<'JSON'
{"tickos": 1, "scenario": {"machine": {
  "sched": {"policy": "rr", "quantum": 4},
  "memory": {"frames": 8, "policy": "lru", "fault_time": 4, "writeback_time": 2},
  "programs": [{"name": "worker", "steps": ["cpu 120"],
                "memory": {"base": "0x10000000", "pages": 6, "hot": 4, "locality": 95,
                           "writes": 20}}],
  "processes": [{"program": "worker", "name": "w0"},
                {"program": "worker", "name": "w1", "arrival": 30},
                {"program": "worker", "name": "w2", "arrival": 60}]}}}
JSON

# ---------------------------------------------------------------------------
CASE="p: replacement lru -> fifo at tick 90, saved and loaded back"
start 120 40 -- mem.json
wait_for '\btick 0\b'
keys g 9 0 Enter
wait_for '\btick 90\b'
keys p
wait_for 'Change a policy, from the next tick'
has 'Now: scheduler rr; replacement lru\.'
has '> scheduler +which process runs next'
has '  replacement +which page leaves memory when a frame is needed'
keys Down Enter
wait_for 'Replacement policy \(now lru\)'
has '> lru +in use now'
has '  fifo +evict the page loaded first'
keys Up Enter
wait_for '^replacement lru -> fifo from tick 90'
has '^     90  replacement lru -> fifo from this tick: 8 resident pages kept; the queue in the order'
# The same again: nothing to do.
keys p Down Enter
wait_for 'Replacement policy \(now fifo\)'
has '> fifo +in use now'
keys Enter
wait_for '^replacement is already fifo'
keys s
wait_for 'Save the whole state'
for i in $(seq 30); do keys BSpace; done
keys f i f o . j s o n Enter
wait_for '^saved tick 90 to fifo\.json'
keys q
wait_exit 0
grep -q '"commands":\[{"tick":90,"replacement":"fifo"}\]' fifo.json ||
    fail "the save does not hold the command: $(grep -o '"commands":[^]]*]' fifo.json)"
"$BIN" fifo.json --headless --ticks 0 --save again.json || fail "the save does not load"
cmp -s fifo.json again.json || fail "save -> load -> save differs"
"$BIN" fifo.json --headless --report resumed.json || fail "the save does not run on"
grep -q '"policy":"fifo","replacement":"global"' resumed.json || fail "not fifo at the end"

# ---------------------------------------------------------------------------
CASE="c: fork with fifo at tick 90; page faults side by side; back moves both"
start 120 40 -- mem.json
wait_for '\btick 0\b'
keys g 9 0 Enter
wait_for '\btick 90\b'
keys c
wait_for 'Compare with another policy, from this tick on'
keys Down Enter
wait_for 'Compare with another replacement policy, from this tick on'
lacks '  lru  ' "the policy in use is not offered"
has '> fifo +evict the page loaded first'
keys Enter
wait_for '^comparing with replacement fifo from tick 90 \(c ends it\)'
has '^ this  lru  tick 90 +fork  fifo  tick 90'
keys g 1 5 0 Enter
wait_for '^ this  lru  tick 150 +fork  fifo  tick 150'
has '^ +lru +fifo$' "the metrics' columns"
has '^  context switches +[0-9]+\*? +[0-9]+\*?$'
has '^  page faults +[0-9]+\*? +[0-9]+\*?$'
has '^  page hit rate +[0-9.]+%\*? +[0-9.]+%\*?$'
keys b
wait_for '^ this  lru  tick 149 +fork  fifo  tick 149' "both went back"
keys c
wait_for '^comparison closed'
keys q
wait_exit 0
echo "$NAME: all passed"
