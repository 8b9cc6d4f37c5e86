#!/usr/bin/env bash
# End-to-end: the caches pane (mesi) and the resources pane (deadlock) in the
# TUI: on the overview, on their screens, stepped forward and back.
#   bash tests/e2e/tui_panes.sh BUILD/tickos
NAME=tui_panes
# shellcheck source=tui_lib.bash
source "$(dirname "$0")/tui_lib.bash" "$@"

# ---------------------------------------------------------------------------
CASE="mesi: a write invalidates the other CPU's copy"
start 80 24 -- mesi --cpus 2 --refs 0:r:0x0,1:w:0x0
wait_for '\btick 0\b'
has '^\[Caches\]  mesi  2 CPUs  1 set x 4 ways, 64 B lines  0 refs' "the caches pane takes the focus"
keys Tab
wait_for '^ Caches  mesi  2 CPUs  1 set x 4 ways, 64 B lines  0 refs'
has '^no reference yet'
has '^ CPU0    no valid lines'
# t0: CPU0 reads alone (E); t1: CPU1 writes (BusRdX), CPU0's copy goes to I.
keys n
wait_for '\btick 1\b'
has '^t0  CPU0 read line 0x0  miss \(cold\)  BusRd  I -> E  data from memory'
has '^>CPU0 s0 0x0 E\*'
keys n
wait_for '\btick 2\b'
has '^t1  CPU1 write line 0x0  miss \(cold\)  BusRdX  I -> M  data from memory'
has '^line 0x0 now  CPU0 I  >CPU1 M$'
has '^snooped: CPU0 E->I inval$'
has '^ CPU0 s0 0x0 I\*'
has '^>CPU1 s0 0x0 M\*'
has '^total       0      2    2   0    0     1      1       0     1  0        0$'
has '^>t1  CPU1 BusRdX  0x0  CPU0 E->I inval$'
has '^ t0  CPU0 BusRd   0x0  no other copy$'
has '^\[Events\]' "the log under the pane"
keys 4
wait_for 'screen 4 caches$'
has '^line 0x0 now  CPU0 I  >CPU1 M$'
has '^\[Cache events\]  3 of the last 3 events'
keys 5
wait_for 'screen 5 resources$'
has "^ No resources in this scenario; below, the log's resource events"
keys 1 b
wait_for '\btick 1\b'
has '^line 0x0 now  >CPU0 E  CPU1 I$' "one step back, CPU0 has it exclusive again"
keys q
wait_exit 0

# ---------------------------------------------------------------------------
CASE="mesi at 160x40: bus log and diagram beside the lines"
start 160 40 -- mesi --cpus 2 --refs 0:r:0x0,1:w:0x0 --protocol msi
wait_for '\btick 0\b'
keys n n
wait_for '\btick 2\b'
has '^Lines  per set: line address, state  \* line 0x0 +\|Bus  newest first'
has '\|MSI states        I    S    M$'
has '\|PrWr              I-------->M  BusRdX  \* >CPU1$'
has '\|snoop BusRdX/Upgr I<---S       inval   \* CPU0$'
keys q
wait_exit 0

# ---------------------------------------------------------------------------
CASE="deadlock --detect: the matrices, then the verdict and the cycle"
start 80 24 -- deadlock --detect --available 0,0,0 --alloc '0,1,0;2,0,0;3,0,3;2,1,1;0,0,2' \
    --request '0,0,0;2,0,2;0,0,1;1,0,0;0,0,2'
wait_for '\btick 0\b'
has '^\[Resources\]  deadlock --detect  3 types  5 processes' "the resources pane takes the focus"
has '^detection running: 0 of 5 finished'
has '^      Allocation   Request$'
has '^ P2        3 0 3     0 0 1$'
has '^Avail      0 0 0$'
keys n n
wait_for '\btick 2\b'
has '^DEADLOCK: P1 P2 P3 P4  cycle P1 -> P2 -> P3 -> P1$'
has '^!P1        2 0 0     2 0 2  deadlocked$'
has '^ P0        0 1 0     0 0 0  finished #1$'
has '^Work       0 1 0  order P0$'
has '^cycle  P1 -> \[A\] -> P2 -> \[C\] -> P3 -> \[A\] -> P1$'
keys 5
wait_for 'screen 5 resources$'
has '^DEADLOCK: P1 P2 P3 P4'
has '^ Resource events  2 of the last 2 events'
keys 4
wait_for 'screen 4 caches$'
has "^ No caches in this scenario; below, the log's cache events"
keys q
wait_exit 0

# ---------------------------------------------------------------------------
CASE="deadlock --banker: need, the safe sequence step by step, the grant"
start 100 40 -- deadlock --banker --available 3,3,2 --alloc '0,1,0;2,0,0;3,0,2;2,1,1;0,0,2' \
    --max '7,5,3;3,2,2;9,0,2;2,2,2;4,3,3' --grant 1:1,0,2
wait_for '\btick 0\b'
# The pane has the focus: A is selected, ">A" in every matrix's heads (a
# column wider, so Max and Need move right by one).
has '^          >A B C   >A B C   >A B C$'
has '^ P1        2 0 0    3 2 2    1 2 2  next: fits in Work$'
has '^\[x\] mutual exclusion  held      no setting breaks it$'
keys n n n n n
wait_for '\btick 5\b'
has '^as given: SAFE: safe sequence P1, P3, P0, P2, P4$'
has '^Work      10 5 7  order P1 P3 P0 P2 P4$'
for i in 1 2 3 4 5 6; do keys n; done
wait_for '\btick 11\b'
has '^request P1 \(1,0,2\):  GRANTED: the state after is safe  \(P1, P3, P0, P2, P4\)$'
has 'the state after the grant'
keys q
wait_exit 0

echo "tui_panes: all cases passed"
