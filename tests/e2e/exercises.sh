#!/usr/bin/env bash
# The exercises in saves/: every one loads, round-trips through a save, and is
# graded by --answers. Where the right answers are known from the textbook or
# worked by hand (below, never read from tickos), a student giving them scores
# full marks, and a wrong answer is marked wrong.
set -u
bin=${1:?usage: exercises.sh path/to/tickos}
saves="$(cd "$(dirname "$0")/../../saves" && pwd)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib/expect.bash"

n=0
for f in "$saves"/*.json; do
    n=$((n + 1))
    name=$(basename "$f" .json)
    expect 0 '' "$f" --headless --summary --report "$tmp/$name.report.json"
    expect 0 '' "$f" --headless --ticks 0 --save "$tmp/$name.save.json"
    expect 0 '' "$tmp/$name.save.json" --headless --ticks 0 --save "$tmp/$name.again.json"
    same "$tmp/$name.save.json" "$tmp/$name.again.json" "$name: save -> load -> save"
done
[ "$n" -ge 12 ] || { echo "FAIL: only $n exercises in saves/"; fails=$((fails + 1)); }

# grade NAME SCORE ANSWERS-JSON: the exercise graded against these answers scores SCORE.
grade() {
    printf '%s\n' "$3" >"$tmp/answers.json"
    "$bin" "$saves/$1.json" --headless --summary --report "$tmp/graded.json" --answers "$tmp/answers.json" 2>"$tmp/err"
    local got
    got=$(python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["exercise"]; print(e["score"], e["out_of"])' "$tmp/graded.json" 2>/dev/null)
    if [ "$got" != "$2" ]; then
        echo "FAIL: $1 with $3: score '$got', expected '$2' $(cat "$tmp/err")"
        fails=$((fails + 1))
    fi
}

# Worked by hand / from the textbooks (OSTEP ch. 7, 22; Silberschatz ch. 8).
grade convoy "3 3" '[110, 50, "70"]'
grade convoy "1 3" '[120, 50, "seventy"]'
grade rr-quantum "5 5" '["1", "10", "29", "20", "P2"]'
grade stcf-arrivals "3 3" '["P1", "46.67", 100]'
grade stcf-arrivals "2 3" '["P0", "46.67", 100]'
grade belady "3 3" '[9, 10, 4]'
grade belady "0 3" '[10, 9, 1]'
grade lru-clock-opt "4 4" '[12, 12, 6, 1]'
grade msi-vs-mesi "3 3" '[2, 0, "e"]'
grade false-sharing "3 3" '[4, 0, "0.67"]'
grade banker-safe "3 3" '["yes", "1, 3, 0, 2, 4", true]'
grade banker-safe "2 3" '["yes", "[1,3,4,0,2]", "yes"]'
grade banker-unsafe "3 3" '["no", "unsafe", "WAIT"]'
grade deadlock-detect "3 3" '["P1,P2,P3,P4", "0", "none"]'
# 2 CPUs, per-CPU queues: shorts (2) on CPU0, longs (6) on CPU1: 12 ticks;
# CPU0 steals l4 at tick 4 and ends it at 10.
grade work-stealing "4 4" '[12, 10, 1, "P4"]'
grade work-stealing "2 4" '[10, 10, 1, "P2"]'
grade two-level-walk "3 5" '[1, 3, "yes", null]'
# Machine specs (scenario.machine), worked by hand: the timelines are in each
# question's explanation. Thrashing's streams are random: only the references
# (3 x 120 ticks of CPU) and the evictions with 18 frames (3 x 6 pages fit)
# follow by hand.
grade dining-philosophers "7 7" '["P1 P2 P3 P4 P5", "1,2,3,4,5", 5, "P1", "held", 13, 1]'
grade dining-philosophers "0 7" '["P1 P2", "5,4,3,2,1", 4, "P5", "broken", 15, 5]'
grade dining-ordered "7 7" '[15, 6, 15, "10.2", 0, 13, "broken"]'
grade dining-ordered "1 7" '[12, 6, 12, 12, 1, 15, "held"]'
grade producer-consumer "7 7" '[0, "blocked", 20, 16, 4, "P1 P2", 2]'
grade producer-consumer "2 7" '[2, "ready", 20, 26, 4, "none", 5]'
grade thrashing "2 7" '[null, null, null, null, 360, 0, null]'
grade thrashing "0 7" '[null, null, null, null, 120, 18, null]'
# Caches fed by programs (mcache.h), worked by hand in the explanations:
# ping-pong: t0 R0 cold E; t1 W0 E->M, R1 cold (flush, S S); t2 R0 hit, W1
# BusUpgr (inval); t3 W0 BusRdX (flush), R1 BusRd (flush); t4 as t2; t5 as t3;
# t6 W1 BusUpgr: 4 coherence misses, 3 invalidations, 5 write-backs, CPU0 empty
# at the end, MSI 4 BusUpgr. False sharing, 4 increments each at once: one
# line 7 coherence misses, 5 + 4 + 4 bus transactions; two lines 0, 2, 14/16.
grade pingpong-programs "5 5" '[4, 3, 5, 0, 4]'
grade pingpong-programs "2 5" '[7, 3, 5, 1, 3]'
grade false-sharing-programs "5 5" '[7, 13, 0, 2, "0.875"]'
grade false-sharing-programs "2 5" '[4, 13, 0, 16, 0.5]'

printf '["x"]\n' >"$tmp/one.json"
expect 2 '^tickos: --answers: needs --report' "$saves/belady.json" --headless --answers "$tmp/one.json"
printf 'not json' >"$tmp/bad.json"
expect 1 'must be a JSON array' "$saves/belady.json" --headless --report - --answers "$tmp/bad.json"
printf '[1,2,3,4,5]\n' >"$tmp/many.json"
expect 1 'more answers than the 3 questions' "$saves/belady.json" --headless --report - --answers "$tmp/many.json"
printf '[]\n' >"$tmp/none.json"
expect 0 '' sched --policy fifo --lengths 5 --headless --save "$tmp/plain.json"
expect 1 'not an exercise' "$tmp/plain.json" --headless --report - --answers "$tmp/none.json"

# A broken exercise is refused at load, naming the question.
python3 - "$saves/belady.json" "$tmp/badq.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["scenario"]["exercise"]["questions"][1]["answer"] = "misses..x"
json.dump(d, open(sys.argv[2], "w"))
PY
expect 1 'badq.json: scenario.exercise.questions\[1\].answer: "misses..x" is not a report path' "$tmp/badq.json" --headless
python3 - "$saves/belady.json" "$tmp/badv.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["scenario"]["exercise"]["questions"][1]["variant"] = 5
json.dump(d, open(sys.argv[2], "w"))
PY
expect 1 'badv.json: scenario.exercise.questions\[1\].variant: out of range 0\.\.1' "$tmp/badv.json" --headless

# A machine exercise's variant is another machine: a bad one is named when graded.
python3 - "$saves/thrashing.json" "$tmp/badmv.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["scenario"]["exercise"]["variants"][0]["memory"]["frames"] = 0
json.dump(d, open(sys.argv[2], "w"))
PY
printf '[]\n' >"$tmp/none.json"
expect 1 '^tickos: scenario.exercise.variants\[0\]: scenario.machine.memory.frames: out of range 1\.\.1048576$' "$tmp/badmv.json" --headless --summary --report "$tmp/g.json" --answers "$tmp/none.json"
python3 - "$saves/thrashing.json" "$tmp/argsv.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["scenario"]["exercise"]["variants"][0] = ["demo"]
json.dump(d, open(sys.argv[2], "w"))
PY
expect 1 "argsv.json: scenario.exercise.variants: item 0: a machine scenario's variants are machine objects" "$tmp/argsv.json" --headless

[ "$fails" = 0 ] && echo "exercises: all $n passed"
exit $((fails > 0))
