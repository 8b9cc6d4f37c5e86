#!/usr/bin/env bash
# sched on several CPUs from the command line: the flags, their usage errors
# (one line naming the flag), and the report's multiprocessor keys on cases
# worked out by hand (the same as tests/test_mp.c).
set -u
bin=${1:?usage: cli_mp.sh path/to/tickos}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. "$(dirname "$0")/lib/expect.bash"

expect 2 '^tickos: --cpus: 0 is out of range' sched --policy fifo --lengths 1 --cpus 0 --headless
expect 2 '^tickos: --cpus: 17 is out of range' sched --policy fifo --lengths 1 --cpus 17 --headless
expect 2 '^tickos: --cpus: expected a whole number' sched --policy fifo --lengths 1 --cpus two --headless
expect 2 '^tickos: --cpus: needs a value' sched --policy fifo --lengths 1 --cpus
expect 2 '^tickos: --percpu: needs --cpus 2 or more' sched --policy fifo --lengths 1 --percpu --headless
expect 2 '^tickos: --percpu: needs --cpus 2 or more' sched --policy fifo --lengths 1 --cpus 1 --percpu --headless
expect 2 '^tickos: --affinity: needs --cpus 2 or more' sched --policy rr --lengths 1 --affinity --headless
expect 2 '^tickos: --steal: only with --percpu' sched --policy fifo --lengths 1 --cpus 2 --steal --headless
expect 2 '^tickos: --balance: only with --percpu' sched --policy fifo --lengths 1 --cpus 2 --balance 4 --headless
expect 2 '^tickos: --balance: 0 is out of range' sched --policy fifo --lengths 1 --cpus 2 --percpu --balance 0 --headless
expect 2 '^tickos: --affinity: with one global queue only for fifo, rr, mlfq and prio' sched --policy stcf --lengths 1 --cpus 2 --affinity --headless
expect 2 '^tickos: --affinity: with one global queue only for' sched --policy lottery --lengths 1 --cpus 2 --affinity --headless
expect 0 '' sched --policy stcf --lengths 1,2 --cpus 2 --percpu --affinity --headless
expect 0 '' sched --help
"$bin" sched --help | grep -q -- '--percpu' || { echo "FAIL: sched --help lacks --percpu"; fails=$((fails + 1)); }

# --cpus 1 is the single CPU: the very same report as without the flag.
"$bin" sched --policy mlfq --jobs 0,10,2:3,20,5:5,8,0 --boost 10 --headless --report "$tmp/one.json" || fails=$((fails + 1))
"$bin" sched --policy mlfq --jobs 0,10,2:3,20,5:5,8,0 --boost 10 --cpus 1 --headless --report "$tmp/one1.json" || fails=$((fails + 1))
same "$tmp/one.json" "$tmp/one1.json" "--cpus 1"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert "timeline" in r and "per_cpu" not in r and "migrations" not in r["metrics"], r' "$tmp/one.json" || fails=$((fails + 1))

# Per-CPU fifo, lengths 2,6,2,6 on 2 CPUs: CPU0 holds P0 P2, CPU1 P1 P3; at
# tick 4 CPU0 is empty and steals P3, CPU1's tail.
"$bin" sched --policy fifo --lengths 2,6,2,6 --cpus 2 --percpu --steal --headless --report "$tmp/steal.json" || fails=$((fails + 1))
python3 - "$tmp/steal.json" <<'PY' || fails=$((fails + 1))
import json, sys
r = json.load(open(sys.argv[1]))
assert r["cpus"] == 2 and r["tick"] == 10 and r["run_queues"] == "per-cpu", r
assert r["steal"] is True and r["affinity"] is False and r["balance"] == 0, r
assert r["timelines"] == [[0, 0, 2, 2, 3, 3, 3, 3, 3, 3], [1, 1, 1, 1, 1, 1, -1, -1, -1, -1]], r["timelines"]
assert r["metrics"]["steals"] == 1 and r["metrics"]["migrations"] == 0, r["metrics"]
assert [j["migrations"] for j in r["jobs"]] == [0, 0, 0, 0], r["jobs"]
assert [(c["cpu"], c["busy"], c["utilisation"]) for c in r["per_cpu"]] == [(0, 10, 1.0), (1, 6, 0.6)], r["per_cpu"]
assert r["metrics"]["utilisation"] == 0.8, r["metrics"]
PY
# The same without --steal: CPU1 runs P3 after P1, done at 12.
"$bin" sched --policy fifo --lengths 2,6,2,6 --cpus 2 --percpu --headless --summary --report - >"$tmp/nosteal.json" || fails=$((fails + 1))
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["tick"] == 12 and r["metrics"]["steals"] == 0 and "timelines" not in r and r["per_cpu"][0]["busy"] == 4, r' "$tmp/nosteal.json" || fails=$((fails + 1))

# Global rr, 3 jobs of 3 on 2 CPUs: 6 migrations (2 each); with --affinity 1.
"$bin" sched --policy rr --lengths 3,3,3 --cpus 2 --headless --report "$tmp/rr.json" || fails=$((fails + 1))
"$bin" sched --policy rr --lengths 3,3,3 --cpus 2 --affinity --headless --report "$tmp/rra.json" || fails=$((fails + 1))
python3 - "$tmp/rr.json" "$tmp/rra.json" <<'PY' || fails=$((fails + 1))
import json, sys
r, a = (json.load(open(p)) for p in sys.argv[1:3])
assert r["run_queues"] == "global" and r["timelines"] == [[0, 2, 1, 0, 2], [1, 0, 2, 1, -1]], r
assert r["metrics"]["migrations"] == 6 and [j["migrations"] for j in r["jobs"]] == [2, 2, 2], r
assert a["timelines"] == [[0, 2, 0, 2, 2], [1, 1, 1, 0, -1]], a["timelines"]
assert a["metrics"]["migrations"] == 1 and [j["migrations"] for j in a["jobs"]] == [1, 0, 0], a
PY

# Periodic balancing moves P7 at tick 2 and P5 at tick 4.
"$bin" sched --policy fifo --lengths 1,6,1,6,1,6,1,6 --cpus 2 --percpu --balance 2 --headless --report - >"$tmp/bal.json" || fails=$((fails + 1))
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["metrics"]["balance_moves"] == 2 and r["tick"] == 16 and r["timelines"][0][:6] == [0, 2, 4, 6, 7, 7], r' "$tmp/bal.json" || fails=$((fails + 1))

# Same seed, same run; the shared lottery on 3 CPUs never runs a job twice a tick.
a=$("$bin" sched --policy lottery --lengths 20,20,20,20 --tickets 1,2,3,4 --cpus 3 --seed 9 --headless --report -)
b=$("$bin" sched --policy lottery --lengths 20,20,20,20 --tickets 1,2,3,4 --cpus 3 --seed 9 --headless --report -)
[ "$a" = "$b" ] || { echo "FAIL: same seed gave different multi-CPU reports"; fails=$((fails + 1)); }
python3 -c '
import json, sys
r = json.loads(sys.argv[1])
for t in zip(*r["timelines"]):
    run = [p for p in t if p >= 0]
    assert len(run) == len(set(run)), t
assert r["tick"] >= 27 and sum(c["busy"] for c in r["per_cpu"]) == 80 and all(j["cpu_time"] == 20 for j in r["jobs"]), r
' "$a" || fails=$((fails + 1))

if [ "$fails" -ne 0 ]; then
    echo "cli_mp: $fails failed"
    exit 1
fi
echo "cli_mp: all passed"
