#!/usr/bin/env bash
# End-to-end: the subsystem panes take the focus, have a selection (marked
# with brackets or '>' as well as reverse video, only while focused) moved by
# the arrows and the mouse, and Enter opens its details (Esc closes them):
# a frame in paging, a resource in the dining philosophers' deadlock.
#   bash tests/e2e/tui_select.sh BUILD/tickos
NAME=tui_select
# shellcheck source=tui_lib.bash
source "$(dirname "$0")/tui_lib.bash" "$@"

# ---------------------------------------------------------------------------
# By hand: fifo with 3 frames, references 1 2 3 4 one a tick. Pages 1, 2, 3
# fill frames 0, 1, 2 (loads 1-3 at ticks 0-2); at tick 3 page 4 evicts page
# 1, the earliest loaded, from frame 0 (load 4). The queue is then F1, F2, F0.
CASE="paging: a frame's details"
start 80 24 -- paging --policy fifo --frames 3 --refs 1,2,3,4
wait_for '\btick 0\b'
has '^\[Memory\]  paging  fifo  3 frames' "the memory pane has the focus"
keys n n n n
wait_for '\btick 4\b'
has '^\[ F0 4 \.!\]  F1 2 \.    F2 3 \.$' "frame 0 selected: bracketed"
keys Enter
wait_for 'Frame 0  tick 4'
has 'frame +F0 of 3; fifo replacement'
has 'holds +page 4 '
has 'loaded +4th, at tick 3 \(a read fault\)'
has 'evicting +page 1 \(clean: dropped\)'
has 'fifo +3rd of 3 in the queue'
has '^space run/pause  n step  b back  Esc close  \? help' "the dialog's keys"
keys Escape
wait_gone 'Frame 0  tick'
keys Right
wait_for '^  F0 4 \.! \[ F1 2 \. \]  F2 3 \.$' "Right selects the next frame"
has '\btick 4\b' "Right moved the selection, not the clock"
keys Enter
wait_for 'Frame 1  tick 4'
has 'holds +page 2 '
has 'evicting +nothing: it went into a free frame'
has 'fifo +1st of 3 in the queue'
keys Escape
wait_gone 'Frame 1  tick'
keys Tab
wait_for '^\[Events\]'
has '^ Memory  paging' "the focus left the memory pane"
has '^ F0 4 \.!   F1 2 \.    F2 3 \.$' "no selection shown when not focused"
# A click on F2 (columns 21-28, row 8; 1-based) focuses the pane and selects it.
mouse 0 23 8
mouse 3 23 8
wait_for '^\[Memory\]'
wait_for '\[ F2 3 \. \]$'
keys Left Left
wait_for '^\[ F0 4 \.!\]'
keys q
wait_exit 0

# ---------------------------------------------------------------------------
CASE="mesi: the only valid line after a write invalidates the other copy"
start 80 24 -- mesi --cpus 2 --refs 0:r:0x0,1:w:0x0
wait_for '\btick 0\b'
keys n n
wait_for '\btick 2\b'
has '^ CPU0 s0  0x0 I\*' "CPU0's copy is invalid"
has '^>CPU1 s0 \[0x0 M\*\]' "the selection is the one valid line"
keys Enter
wait_for 'CPU1 set 0 way 0  tick 2'
has 'state +M, modified'
has 'other CPUs +CPU0 I '
has 't1  CPU1 write BusRdX   CPU0 E->I inval'
keys Escape
wait_gone 'set 0 way 0  tick'
keys q
wait_exit 0

# ---------------------------------------------------------------------------
# skip_questions: Esc (skip) and Enter (close) through an exercise's open
# questions, until none is shown.
skip_questions() {
    local i
    for i in $(seq 20); do
        capture
        grep -Eq 'Question [0-9]+ of [0-9]+  \(tick' "$TMP/screen" || return 0
        keys Escape
        wait_for 'Question [0-9]+ of [0-9]+: skipped'
        keys Enter
        wait_gone ': skipped'
    done
}

# Five philosophers each take their left fork (phil0 = P1 takes fork0, ...)
# and then wait for their right one: at tick 5 fork1 is held by P2 and
# wanted by P1, and every process is on the cycle.
CASE="the dining philosophers' deadlock: Tab through the overview, a resource's details"
start 160 40 -- "$SAVES/dining-philosophers.json" --theme mono
wait_for 'Question 1 of'
skip_questions
keys g 5 Enter
wait_for '\btick 5\b'
skip_questions
has '^\[Processes\]'
keys Tab Tab Tab
wait_for '\[Resources\]  5 types  5 processes'
has '>fork0 fork1 fork2 fork3 fork4$' "fork0 selected in the matrices' heads"
keys Tab
wait_for '^\[Events\]'
lacks '>fork0' "the mark is only shown while the pane has the focus"
keys BTab
wait_for '\[Resources\]'
keys 5
wait_for 'screen 5 resources$'
has '^\[Resources\]'
keys Down
wait_for '^      fork0 >fork1 fork2 fork3 fork4   fork0 >fork1 fork2'
keys Enter
wait_for 'Resource fork1  tick 5'
has 'resource +fork1: a mutex \(one instance, one owner\)'
has 'instances +1 in all: 0 free, 1 held'
has 'held by +P2 \(phil1\) x1 '
has 'waiting +P1 \(phil0\) for 1: not enough free, P2 holds it; deadlocked'
has 'cycle +P1 waits for it, P2 holds it'
keys Escape
wait_gone 'Resource fork1  tick'
keys q
wait_exit 0

echo "tui_select: all cases passed"
