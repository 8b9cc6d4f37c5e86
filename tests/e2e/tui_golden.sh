#!/usr/bin/env bash
# Golden captures: a few deterministic screens compared character for
# character with the files in tests/e2e/golden/ (what a person sees: any
# change to a view shows up here as a diff to review). After a deliberate
# change, TICKOS_GOLDEN_UPDATE=1 rewrites the files; review them with git diff.
#   bash tests/e2e/tui_golden.sh BUILD/tickos
NAME=tui_golden
# shellcheck source=tui_lib.bash
source "$(dirname "$0")/tui_lib.bash" "$@"
GOLDEN="$(cd "$(dirname "$0")/golden" && pwd)"

# golden NAME: the screen now against golden/NAME.txt.
golden() {
    settle
    if [ "${TICKOS_GOLDEN_UPDATE:-}" = 1 ]; then
        cp "$TMP/screen" "$GOLDEN/$1.txt"
        return
    fi
    diff -u "$GOLDEN/$1.txt" "$TMP/screen" >"$TMP/diff" ||
        { cat "$TMP/diff" >&2; fail "the screen differs from golden/$1.txt"; }
}

CASE="the demo at tick 20, 100x30"
start 100 30 -- --theme mono
wait_for '\btick 0\b'
for i in $(seq 20); do keys n; done
wait_for '\btick 20\b'
golden demo-t20
keys 3
wait_for 'screen 3 memory$'
golden demo-t20-memory
keys q
wait_exit 0

CASE="paging: Belady's string with fifo after 7 references, 80x24"
start 80 24 -- paging --policy fifo --frames 3 --refs 1,2,3,4,1,2,5,1,2,3,4,5
wait_for '\btick 0\b'
keys g 7 Enter
wait_for '\btick 7\b'
golden paging-belady-t7
keys q
wait_exit 0

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

CASE="five dining philosophers deadlocked at tick 5: the resources screen, 120x40"
start 120 40 -- "$SAVES/dining-philosophers.json" --theme mono
wait_for 'Question 1 of'
skip_questions
keys g 5 Enter
wait_for '\btick 5\b'
skip_questions
keys 5
wait_for 'screen 5 resources$'
golden dining-t5-resources
keys q
wait_exit 0

CASE="two processes ping-ponging a shared counter: the caches and memory screens, 120x40"
start 120 40 -- "$SAVES/pingpong-programs.json" --theme mono
wait_for 'Question 1 of'
skip_questions
keys g 2 0 Enter
wait_for '\bdone\b'
skip_questions
keys 4
wait_for 'screen 4 caches$'
golden pingpong-caches
keys 3
wait_for 'screen 3 memory$'
golden pingpong-memory
keys q
wait_exit 0

CASE="the convoy exercise's first question, 80x24"
start 80 24 -- "$SAVES/convoy.json"
wait_for 'Question 1 of 3'
golden convoy-question
# (the question stays open; the session ends with the test)
echo "$NAME: all passed"
