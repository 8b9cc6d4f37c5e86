#!/usr/bin/env bash
# The command line as a person or an autograder meets it: exit codes, one clear
# line on stderr naming the flag, --help/--version, reports to files.
set -u
bin=${1:?usage: cli_sched.sh path/to/tickos}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. "$(dirname "$0")/lib/expect.bash"

expect 2 '^tickos: --policy: unknown policy .bogus.' sched --policy bogus --lengths 1 --headless
expect 2 '^tickos: --policy: required' sched --lengths 1 --headless
expect 2 '^tickos: --lengths: give the jobs' sched --policy fifo --headless
expect 2 '^tickos: --lengths: item 2 is empty' sched --policy fifo --lengths 1,,2 --headless
expect 2 '^tickos: --lengths: expected a whole number, got .x.' sched --policy fifo --lengths 1,x --headless
expect 2 '^tickos: --lengths: 0 is out of range' sched --policy fifo --lengths 0 --headless
expect 2 '^tickos: --quantum: needs a value' sched --policy rr --lengths 1 --quantum
expect 2 '^tickos: --quantum: -3 is out of range' sched --policy rr --lengths 1 --quantum -3 --headless
expect 2 '^tickos: --quantum: only for rr, mlfq and prio' sched --policy fifo --lengths 1 --quantum 2 --headless
expect 2 '^tickos: --boost: only for mlfq' sched --policy rr --lengths 1 --boost 5 --headless
expect 2 '^tickos: --quanta: 2 values for 3 queues' sched --policy mlfq --jobs 0,5,0 --queues 3 --quanta 1,2 --headless
expect 2 '^tickos: --jobs: job 0 is .1,2.: expected start,run,iofreq' sched --policy mlfq --jobs 1,2 --headless
expect 2 '^tickos: --frobnicate: unknown option' sched --policy fifo --lengths 1 --frobnicate --headless
expect 2 '^tickos: --seed: expected a number' sched --policy fifo --lengths 1 --seed abc --headless
expect 2 '^tickos: --ticks: -1 is out of range' sched --policy fifo --lengths 1 --ticks -1 --headless
expect 2 '^tickos: --lengths: the jobs need more than' sched --policy fifo --lengths 999999999,999999999 --headless
expect 1 '^tickos: nosuchmode: not a mode' nosuchmode
# Themes: a name the TUI looks up (built in, or assets/themes/NAME.theme).
expect 2 "^tickos: --theme: expected a theme name \\(default, high-contrast, mono, or a file in assets/themes/\\), got 'Bad!'" sched --policy fifo --lengths 1 --theme 'Bad!'
expect 2 "^tickos: --theme: no theme 'solar' \\(default, high-contrast, mono, or a file .*/themes/solar.theme\\)" sched --policy fifo --lengths 1 --theme solar
# A list flag given twice: the last one counts (and, under ASan, nothing leaks).
expect 0 '' sched --policy mlfq --lengths 15 --lengths 3,4 --quanta 1,2,3 --quanta 2,2,2 --headless
expect 0 '' sched --policy fifo --jobs 0,5,0 --jobs 0,3,0:1,2,0 --headless
expect 1 '^tickos: --report: /nonexistent/dir/r.json: cannot write' sched --policy fifo --lengths 1 --headless --report /nonexistent/dir/r.json
expect 0 '' --help
expect 0 '' sched --help
expect 0 '' --version

# --help names every mode; --version prints the version.
"$bin" --help | grep -q "tickos deadlock" || { echo "FAIL: --help lacks the modes"; fails=$((fails + 1)); }
"$bin" --version | grep -qE '^tickos [0-9]+\.[0-9]+' || { echo "FAIL: --version"; fails=$((fails + 1)); }

# A report written to a file is complete JSON with the spec's keys, and
# --summary leaves the timeline out; --ticks stops early.
"$bin" sched --policy rr --quantum 2 --lengths 3,2 --headless --report "$tmp/r.json" || fails=$((fails + 1))
python3 - "$tmp/r.json" <<'PY' || fails=$((fails + 1))
import json, sys
r = json.load(open(sys.argv[1]))
assert r["tickos"] == 1 and r["mode"] == "sched" and r["tick"] == 5, r
assert r["timeline"] == [0, 0, 1, 1, 0], r["timeline"]
assert [j["turnaround"] for j in r["jobs"]] == [5, 4], r["jobs"]
assert r["avg"]["wait"] == 2.0, r["avg"]
PY
"$bin" sched --policy rr --lengths 3,2 --headless --summary --report - >"$tmp/s.json" || fails=$((fails + 1))
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert "timeline" not in r and r["avg"]["turnaround"] == 4.5, r' "$tmp/s.json" || fails=$((fails + 1))
"$bin" sched --policy fifo --lengths 10 --headless --ticks 4 --report - >"$tmp/t.json" || fails=$((fails + 1))
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["tick"] == 4 and r["done"] is False and len(r["timeline"]) == 4, r' "$tmp/t.json" || fails=$((fails + 1))
# Same seed, same run (lottery draws from the engine's generator).
a=$("$bin" sched --policy lottery --lengths 20,20,20 --tickets 1,2,3 --seed 9 --headless --report -)
b=$("$bin" sched --policy lottery --lengths 20,20,20 --tickets 1,2,3 --seed 9 --headless --report -)
c=$("$bin" sched --policy lottery --lengths 20,20,20 --tickets 1,2,3 --seed 10 --headless --report -)
[ "$a" = "$b" ] || { echo "FAIL: same seed gave different reports"; fails=$((fails + 1)); }
[ "$a" != "$c" ] || { echo "FAIL: another seed gave the same lottery"; fails=$((fails + 1)); }
# The headless demo runs to the end.
"$bin" --headless --summary --report - | python3 -c 'import json,sys; r=json.load(sys.stdin); assert r["mode"] == "demo" and r["done"] and r["metrics"]["finished"] == len(r["jobs"]), r' || fails=$((fails + 1))

if [ "$fails" -ne 0 ]; then
    echo "cli_sched: $fails failed"
    exit 1
fi
echo "cli_sched: all passed"
