#!/usr/bin/env bash
# End-to-end: focus and selection, the details dialog, the numbered screens at
# 80x24 and the overview at 160x48, and the help listing every key.
#   bash tests/e2e/tui_navigate.sh BUILD/tickos
NAME=tui_navigate
# shellcheck source=tui_lib.bash
source "$(dirname "$0")/tui_lib.bash" "$@"

# ---------------------------------------------------------------------------
CASE="Tab cycles the focus; arrows move the selection; Enter shows the PCB"
start 100 30 --
wait_for '\btick 0\b'
has '^\[Processes\]  1, 1 live' "the process table is focused at the start"
has '^>   1 init ' "init is selected, marked with >"
keys Tab
wait_for '\[Ready queues\]  mlfq'
lacks '\[Processes\]'
keys Tab
wait_for '^\[Gantt\]'
keys Tab
wait_for '^\[Events\]'
keys BTab
wait_for '^\[Gantt\]' "S-Tab goes back"
keys Tab Tab
wait_for '^\[Processes\]'
for i in 1 2 3 4 5 6 7 8 9 10; do keys n; done
wait_for '\btick 10\b'
# The Gantt row is 2345567755. The demo has 8 frames: cc (P4) ran at tick 2,
# its first reference page-faulted and it was blocked until the page-in
# completed at tick 7 (5 ticks), so none of its first step is done and it has
# been ready since tick 7.
has '^CPU0  2345567755 *$' "Gantt after 10 ticks"
keys Down Down Down
wait_for '^>   4 cc +RDY'
has '^    1 init ' "the marker left init"
keys Enter
wait_for 'P4 cc  tick 10'
has 'state +ready \(RDY\) since tick 7'
has 'blocked +no'
has 'parent +P1 \(init\)'
has 'program +cc, 3 steps'
has '> +0  cpu 30  \(0 done\)' "the current step is marked"
has '   1  io 5'
has '   2  cpu 24'
has 'Esc close' "the key bar shows the dialog's keys"
keys n
wait_for 'P4 cc  tick 11' "the dialog follows the clock"
keys Escape
wait_gone 'P4 cc  tick'
has '^>   4 cc '
keys End
wait_for '^>   8 worker ' "End selects the last row"
keys Home
wait_for '^>   1 init '
keys q
wait_exit 0

# ---------------------------------------------------------------------------
CASE="screens 1-6 at 80x24"
start 80 24 --
wait_for '\btick 0\b'
for i in 1 2 3 4 5; do keys n; done
wait_for '\btick 5\b'
has 'screen 1 overview$' "the header names the screen"
keys 2
wait_for 'screen 2 scheduling$'
has '^\[Processes\]' && has 'Ready queues' && has '^ Gantt'
lacks 'Events' "screen 2 has no log"
keys 3
wait_for 'screen 3 memory$'
# The demo has 8 frames: the memory pane, then the log's memory events. At
# tick 5 three processes have faulted once each into frames 0-2 (no victim yet).
# The memory pane takes the focus: frame 0 selected, bracketed, the grid a
# column in.
has '^\[Memory\]  clock, global replacement  8 frames  2-level, 4 KiB pages'
has '^Frames 3/8 used'
has '^\[>F0 P2:00400 \.RL\]  F1 '
has '^  F4 -'
has '= dir 128 \| table 8 \| offset 0xa40' "the last translation, split"
has '^ Memory events  [1-9][0-9]* of the last [0-9]+ events'
has 'page fault on vpn'

lacks 'Processes'
keys 4
wait_for 'screen 4 caches$'
has "^ No caches in this scenario; below, the log's cache events"
keys 5
wait_for 'screen 5 resources$'
has "^ No resources in this scenario; below, the log's resource events"
keys 6
wait_for 'screen 6 log$'
has '^\[Events\]  [0-9]+  \(newest at the bottom'
has '^      4  '
lacks 'Processes|No memory'
keys 1
wait_for 'screen 1 overview$'
has '^ Processes' && has 'Gantt'
has '^\[Events\]' "the log keeps the focus it had on screen 6"
keys q
wait_exit 0

# ---------------------------------------------------------------------------
CASE="paging on screen 3: the memory events, one tick each"
start 80 24 -- paging --policy lru --frames 3 --refs 1,2,3,4
wait_for '\btick 0\b'
keys 3 n n n n
wait_for '\btick 4\b'
has '^ Memory events  5 of the last 5 events'
has '^      0  page fault on page 1 \(read\): loaded into free frame 0'
has '^      3  lru evicts page 1 from frame 0'
has 'space run n step b back Enter info Tab pane g goto' "no process keys in the bar"
lacks 'k kill'
keys q
wait_exit 0

# ---------------------------------------------------------------------------
CASE="the overview at 160x48 shows every pane and the full key bar"
start 160 48 --
wait_for '\btick 0\b'
has 'screen 1 overview$'
has '^\[Processes\]' && has 'Ready queues  mlfq' && has '^ Gantt' && has '^ Events'
has 'Memory  clock, global replacement  8 frames' "the memory pane beside them"
has '^space run n step b back k kill p policy i inject Enter info Tab pane g goto 1-6 screen r restart s save l load c cmp \+ fast - slow \? help q quit'
keys q
wait_exit 0

# ---------------------------------------------------------------------------
CASE="the playground at 160x48: CPUs, processes, memory, caches, resources and the log at once"
start 160 48 -- "$SAVES/playground.json"
wait_for '\btick 0\b'
keys g 4 0 Enter
wait_for '\btick 40\b'
has 'mlfq  cpu [0-9]+% of 2' "both CPUs in the header"
has '^\[Processes\]' && has 'Ready queues  mlfq' && has '^CPU0 ' && has '^CPU1 ' && has '^ Events'
has 'Memory  clock, global replacement  12 frames'
has 'Caches  mesi  2 CPUs  4 sets x 2 ways, 64 B lines'
has 'Resources  2 types'
keys q
wait_exit 0

# ---------------------------------------------------------------------------
CASE="the help lists every key of every table"
start 100 30 --
wait_for '\btick 0\b'
keys '?'
wait_for 'tickos keys'
has 'On the screens'
has 'lines 1-[0-9]+ of [0-9]+'
: >"$TMP/help"
for ((page = 0; page < 10; page++)); do
    capture
    cat "$TMP/screen" >>"$TMP/help"
    grep -q 'close this help' "$TMP/screen" && break
    shown=$(grep -Eo 'lines [0-9]+-[0-9]+ of' "$TMP/screen")
    keys NPage
    wait_gone "$shown"
done
cp "$TMP/help" "$TMP/screen"
for want in \
    'space +run or pause the clock' 'n, Right +advance one tick' 'b, Left +go back one tick' \
    'g +go to a tick' '\+, = +run faster' '-, _ +run slower' 'Tab +focus the next pane' \
    'S-Tab +focus the previous pane' '1 +screen 1' '2 +screen 2' '3 +screen 3' '4 +screen 4' \
    '5 +screen 5' '6 +screen 6' 'Enter +details of the selection: a process' \
    'k +kill the selected process' 'p +change a policy from the next tick' 'i +inject a new process' \
    'r +restart from tick 0' 'Up +scroll up' 'Down +scroll down' 'PgUp +scroll or select up a page' \
    'PgDn +scroll or select down a page' 'Home +to the first row' 'End +to the last row' \
    'mouse +click: select a row' '\?, F1 +show this help' 'q +quit tickos' \
    'With the memory pane focused' 'Left +select the frame before' \
    'Right +select the frame after' 'other keys +as on the screens' \
    'In the process details' 'Esc, Enter +close this' \
    'In the details of a frame, cache line or resource' \
    'In a prompt, menu or form' 'Enter +accept' 'Esc +cancel' 'Tab +next field' \
    'S-Tab +previous field' 'Left +previous choice' 'Right +next choice' \
    'BkSp +delete the last character' 'other keys +type into the field' \
    'When asked yes or no' 'y +yes, do it' 'n, Esc +no, leave it' \
    'In this help' 'Esc, q, \? +close this' 'other keys +close this help'; do
    has "$want" "the help does not list /$want/"
done
keys x
wait_gone 'tickos keys'
keys q
wait_exit 0

echo "tui_navigate: all cases passed"
