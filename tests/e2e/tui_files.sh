#!/usr/bin/env bash
# End-to-end: an exercise asks its questions when their tick comes and grades
# the answers (s/l aside); s saves (asking before replacing a file) to a file
# the command line loads at the same tick; l lists saves/ with each
# exercise's title, loads one, and refuses a broken file without harm.
#   bash tests/e2e/tui_files.sh BUILD/tickos
NAME=tui_files
# shellcheck source=tui_lib.bash
source "$(dirname "$0")/tui_lib.bash" "$@"
mkdir -p "$TMP/work/saves"
cp "$SAVES/belady.json" "$SAVES/convoy.json" "$TMP/work/saves/"
printf '{"tickos": 1, "scenario": ' >"$TMP/work/saves/broken.json"
cd "$TMP/work" || exit 1

# ---------------------------------------------------------------------------
CASE="an exercise: Belady's anomaly, three questions"
start 100 30 -- saves/belady.json
# FIFO on 1,2,3,4,1,2,5,1,2,3,4,5: 9 faults with 3 frames, 10 with 4 (Belady).
wait_for 'Question 1 of 3  \(tick 0\)'
has 'With 3 frames, how many page faults does FIFO take\?'
keys 9 Enter
wait_for 'Question 1 of 3: right'
has 'Score: 1 of 3\.'
keys Enter
wait_for 'Question 2 of 3  \(tick 0\)' "the next question of the same tick"
keys 9 Enter
wait_for 'Question 2 of 3: not quite'
has 'The answer is 10\.'
keys Enter
wait_gone 'Question 2'
has 'exercise 1/3 right' "the score is in the header"
for i in 1 2 3 4 5 6; do keys n; done
wait_for 'Question 3 of 3  \(tick 6\)' "the clock stops at the question's tick"
keys Escape
wait_for 'Question 3 of 3: skipped'
has 'The answer is 4\.'
keys Enter
wait_gone 'Question 3'

# s: a name, Enter; s again: the same name, which asks before replacing it.
keys s
wait_for 'Save the whole state'
for i in $(seq 30); do keys BSpace; done
keys m i n e . j s o n Enter
wait_for '^saved tick 6 to mine\.json'
keys s
wait_for 'Save the whole state'
keys Enter
wait_for '^mine\.json exists: replace it\?  y yes  n no'
keys y
wait_for '^saved tick 6 to mine\.json'
keys q
wait_exit 0
"$BIN" mine.json --headless --ticks 0 --report "$TMP/r.json" || fail "the saved file does not load"
grep -q '"tick":6,' "$TMP/r.json" || fail "the save is not at tick 6"

# ---------------------------------------------------------------------------
CASE="l lists saves/ with titles, loads, and refuses a broken file"
start 100 30 -- sched --policy rr --lengths 5,5
wait_for '\btick 0\b'
keys n n
wait_for '\btick 2\b'
keys l
wait_for 'Load a save or an exercise from saves/'
has '> belady\.json +Belady.s anomaly'
has '  broken\.json +\(not a readable save\)'
has '  convoy\.json +The convoy effect: FIFO against SJF'
keys Down
wait_for '> broken\.json'
keys Enter
wait_for 'saves/broken\.json: not valid JSON at line 1' "the error is shown in the dialog"
keys Escape
wait_gone 'Load a save'
has '\btick 2\b' "the machine is untouched"
has ' sched  tick 2 '
keys l
wait_for 'Load a save'
keys Down Down Enter
wait_for 'Question 1 of 3  \(tick 0\)' "an exercise starts with its questions"
for i in 1 2 3; do # all three are asked at tick 0
    keys Escape
    wait_for "Question $i of 3: skipped"
    keys Enter
done
wait_gone 'Question'
has '^ tickos sched  tick 0 ' "the convoy exercise is loaded"
has '^loaded saves/convoy\.json at tick 0|exercise 0/3 right'
keys q
wait_exit 0
echo "$NAME: all passed"
