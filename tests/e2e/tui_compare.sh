#!/usr/bin/env bash
# End-to-end: c forks the machine with another policy; both step together,
# side by side, with their metrics next to each other; going back moves both.
# FIFO against SJF on jobs of 100, 10 and 10 ticks (OSTEP ch. 7, worked by
# hand): average turnaround (100+110+120)/3 = 110 against (10+20+120)/3 = 50,
# response 70 against 10.
#   bash tests/e2e/tui_compare.sh BUILD/tickos
NAME=tui_compare
# shellcheck source=tui_lib.bash
source "$(dirname "$0")/tui_lib.bash" "$@"

CASE="fifo against sjf, forked at tick 0"
start 100 30 -- sched --policy fifo --lengths 100,10,10
wait_for '\btick 0\b'
keys c
wait_for 'Compare with another policy, from this tick on'
has '> sjf'
keys Enter
wait_for '^comparing with sjf from tick 0 \(c ends it\)'
has '^ this  fifo  tick 0 +fork  sjf  tick 0'
keys g 1 2 0 Enter
wait_for '\btick 120\b'
has '^  finished +3 +3'
has '^  avg turnaround +110 +50\*'
has '^  avg response +70 +10\*'
# Side by side: FIFO ran job 0 first, SJF the two short ones.
has '^   0 job0 +END +0 +100 +0 +0 job0 +END +20 +120 +20'
keys b
wait_for '\btick 119\b'
has '^ this  fifo  tick 119 +fork  sjf  tick 119' "both went back"
has '^  finished +2 +2'
keys c
wait_for '^comparison closed'
wait_for '^\[Processes\]' "the usual panes are back"
keys q
wait_exit 0

CASE="paging: fifo against lru on Belady's string (replayed from tick 0)"
start 100 30 -- paging --policy fifo --frames 3 --refs 1,2,3,4,1,2,5,1,2,3,4,5
wait_for '\btick 0\b'
keys g 1 2 Enter
wait_for '\btick 12\b'
keys c
wait_for 'Compare with another policy: the trace again from tick 0'
keys Down Enter
wait_for '^comparing with lru from tick 12'
# FIFO: 9 faults; LRU on the same string with 3 frames: 10 (worked by hand).
has '^  page faults +9\* +10'
keys q
wait_exit 0
echo "$NAME: all passed"
