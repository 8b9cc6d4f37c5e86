#!/usr/bin/env bash
# tickos deadlock from the outside: exit codes and messages of bad input, and
# the textbook Banker's example end to end. $1 = the tickos binary.
set -u
bin=${1:?usage: cli_deadlock.sh path/to/tickos}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. "$(dirname "$0")/lib/expect.bash"
# expect_fail STATUS "message part" args...: the deadlock run exits STATUS with one
# stderr line containing the message and nothing on stdout.
expect_fail() { expect_fixed "$1" "$2" deadlock --headless --report - "${@:3}"; }

A=(--available 3,3,2 --alloc "0,1,0;2,0,0;3,0,2;2,1,1;0,0,2")
MAX=(--max "7,5,3;3,2,2;9,0,2;2,2,2;4,3,3")

expect_fail 2 "--detect/--banker: one of them is required" "${A[@]}" "${MAX[@]}"
expect_fail 2 "--banker: cannot be combined with --detect" --detect --banker "${A[@]}"
expect_fail 2 "--max: required with --banker" --banker "${A[@]}"
expect_fail 2 "--request: required with --detect" --detect "${A[@]}"
expect_fail 2 "--available: required" --banker --alloc 1 --max 1
expect_fail 2 "--alloc: required" --banker --available 1 --max 1
expect_fail 2 "--grant: only with --banker" --detect "${A[@]}" --request "0,0,0;0,0,0;0,0,0;0,0,0;0,0,0" --grant 1:1,0,2
expect_fail 2 "--max: row 3 (P2) has 2 values, but --available has 3" --banker "${A[@]}" --max "7,5,3;3,2,2;9,0;2,2,2;4,3,3"
expect_fail 2 "--max: 4 rows, but --alloc has 5" --banker "${A[@]}" --max "7,5,3;3,2,2;9,0,2;2,2,2"
expect_fail 2 "--alloc: P1 holds 2 of resource type 0 (row 2, column 1), more than its --max 1" --banker "${A[@]}" --max "7,5,3;1,2,2;9,0,2;2,2,2;4,3,3"
expect_fail 2 "--available: value 2: 'x' is not a non-negative integer" --banker --available 3,x,2 --alloc 1,1,1 --max 2,2,2
expect_fail 2 "--available: value 1: '-3' is not a non-negative integer" --banker --available=-3 --alloc 1 --max 2
expect_fail 2 "is too large (at most 1000000)" --banker --available 99999999999999999999 --alloc 1 --max 2
expect_fail 2 "--alloc: row 1 (P0), column 2 is empty" --detect --available 1,1 --alloc "1,,1" --request 0,0
expect_fail 2 "--grant: P1 asks for (2,0,2), more than its need (1,2,2)" --banker "${A[@]}" "${MAX[@]}" --grant 1:2,0,2
expect_fail 2 "--grant: process 5 out of range (0-4)" --banker "${A[@]}" "${MAX[@]}" --grant 5:0,0,0
expect_fail 2 "--grant: 2 values, but --available has 3" --banker "${A[@]}" "${MAX[@]}" --grant 1:1,0
expect_fail 2 "--grant: expected P:V" --banker "${A[@]}" "${MAX[@]}" --grant 1
expect_fail 2 "--frobnicate: unknown option" --detect --frobnicate
expect_fail 2 "--request: needs a value" --detect "${A[@]}" --request
big=$(python3 -c 'print(";".join(["1"] * 65))')
expect_fail 2 "--alloc: more than 64 rows" --detect --available 1 --alloc "$big" --request "$big"
wide=$(python3 -c 'print(",".join(["1"] * 33))')
expect_fail 2 "--available: more than 32 resource types" --detect --available "$wide" --alloc 1 --request 1

# check_report DESCRIPTION PYTHON-ASSERTIONS args...: exit 0 and the report satisfies r.
check_report() {
    local what=$1 code=$2
    shift 2
    rm -f "$tmp/r.json"
    if ! "$bin" deadlock "$@" --headless --report "$tmp/r.json" 2>"$tmp/err"; then
        echo "FAIL: $what: exit $?: $(cat "$tmp/err")"
        fails=$((fails + 1))
        return
    fi
    if ! python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
$code
" "$tmp/r.json"; then
        echo "FAIL: $what: $(cat "$tmp/r.json")"
        fails=$((fails + 1))
    fi
}

# By hand: need 7,4,3;1,2,2;6,0,0;0,1,1;4,3,1. Work 3,3,2: P1 -> 5,3,2; P3 ->
# 7,4,3; P0 -> 7,5,3; P2 -> 10,5,5; P4 -> 10,5,7. Grant (1,0,2) to P1: available
# 2,3,0, P1 needs 0,2,0, and 1,3,0,2,4 is still a safe sequence: granted.
check_report "textbook Banker's with grant" '
assert r["mode"] == "deadlock" and r["algorithm"] == "banker" and r["done"] is True
assert r["safe"] is True and r["sequence"] == [1, 3, 0, 2, 4]
assert r["granted"] is True and r["reason"] == "safe"
assert r["need"] == [[7, 4, 3], [1, 2, 2], [6, 0, 0], [0, 1, 1], [4, 3, 1]]
assert [s["process"] for s in r["steps"]] == [1, 3, 0, 2, 4]
assert [s["work"] for s in r["steps"]] == [[5, 3, 2], [7, 4, 3], [7, 5, 3], [10, 5, 5], [10, 5, 7]]
assert r["after"]["available"] == [2, 3, 0] and r["after"]["sequence"] == [1, 3, 0, 2, 4]
assert r["tick"] == 11
' --banker "${A[@]}" "${MAX[@]}" --grant 1:1,0,2

check_report "textbook Banker's without grant, summary" '
assert r["safe"] is True and r["sequence"] == [1, 3, 0, 2, 4]
assert "granted" not in r and "reason" not in r and "steps" not in r
assert r["tick"] == 5
' --banker "${A[@]}" "${MAX[@]}" --summary

# P4 asks (4,3,1): all of its need, but more than available 3,3,2 -> wait.
check_report "grant that must wait" '
assert r["granted"] is False and r["reason"] == "wait" and "after" not in r
assert r["safe"] is True
' --banker "${A[@]}" "${MAX[@]}" --grant 4:4,3,1

# P0 asks (0,2,0): available 3,1,2, P0 needs 7,2,3; then P1 (1,2,2) no, P3
# (0,1,1) -> 5,2,3; P1 -> 7,2,3; P0 (7,2,3) -> 7,5,3; P2, P4: still safe.
check_report "grant that stays safe" '
assert r["granted"] is True and r["after"]["sequence"] == [3, 1, 0, 2, 4]
' --banker "${A[@]}" "${MAX[@]}" --grant 0:0,2,0

# Silberschatz detection, P2 asking 0,0,1: P0 finishes (work 0,1,0), then
# nothing fits: P1..P4 deadlocked.
check_report "textbook detection" '
assert r["algorithm"] == "detect" and r["deadlocked"] == [1, 2, 3, 4]
assert r["finish_order"] == [0] and r["steps"][0]["work"] == [0, 1, 0]
' --detect --available 0,0,0 --alloc "0,1,0;2,0,0;3,0,3;2,1,1;0,0,2" \
    --request "0,0,0;2,0,2;0,0,1;1,0,0;0,0,2"

# --ticks 1 stops after the first step: nothing concluded yet.
check_report "partial run" '
assert r["done"] is False and r["tick"] == 1 and "deadlocked" not in r
assert r["finish_order"] == [0]
' --detect --available 0,0,0 --alloc "0,1,0;2,0,0;3,0,3;2,1,1;0,0,2" \
    --request "0,0,0;2,0,2;0,0,1;1,0,0;0,0,2" --ticks 1

if [ "$fails" -ne 0 ]; then
    echo "cli_deadlock: $fails failure(s)"
    exit 1
fi
echo "cli_deadlock: all passed"
