#!/usr/bin/env bash
# Saves with the live policy commands (replacement, coherence, deadlock):
# a machine given them loads at its tick (the state compared), runs on to
# the report of the uninterrupted run, and save -> load -> save is
# byte-identical; in the full machine (memory, caches, resources) and the
# quick modes. Commands a machine cannot carry out, or that are malformed,
# are refused with one line naming the command. The saves validate against
# assets/save.schema.json.
set -u
bin=${1:?usage: save_policy.sh path/to/tickos}
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib/expect.bash"

# with NAME TICK SCENARIO-JSON COMMANDS-JSON: a save at TICK without state.
with() {
    python3 - "$tmp/$1.json" "$2" "$3" "$4" <<'PY'
import json, sys
json.dump({"tickos": 1, "tick": int(sys.argv[2]), "scenario": json.loads(sys.argv[3]),
           "commands": json.loads(sys.argv[4])}, open(sys.argv[1], "w"))
PY
}

# check NAME T: NAME.json (commands, tick T, no state) loads; saved at T and
# again after 7 more ticks, each save loads back byte-identical and runs on to
# the same report as NAME.json run straight through.
check() {
    local n=$1 t=$2
    expect 0 '' "$tmp/$n.json" --headless --report "$tmp/$n-direct.json"
    expect 0 '' "$tmp/$n.json" --headless --ticks 0 --save "$tmp/$n-s0.json"
    expect 0 '' "$tmp/$n.json" --headless --ticks 7 --save "$tmp/$n-s7.json"
    for s in s0 s7; do
        expect 0 '' "$tmp/$n-$s.json" --headless --ticks 0 --save "$tmp/$n-$s-again.json"
        same "$tmp/$n-$s.json" "$tmp/$n-$s-again.json" "$n: $s: save -> load -> save"
        expect 0 '' "$tmp/$n-$s.json" --headless --report "$tmp/$n-$s-report.json"
        same "$tmp/$n-direct.json" "$tmp/$n-$s-report.json" "$n: $s: resumed report"
    done
    grep -q "\"tick\":$t," "$tmp/$n-s0.json" || { echo "FAIL: $n: not saved at tick $t"; fails=$((fails + 1)); }
}

full='{"machine": {"cpus": 2, "sched": {"policy": "rr", "quantum": 2},
  "memory": {"frames": 6, "policy": "clock", "fault_time": 2, "tlb": 2},
  "caches": {"protocol": "mesi", "sets": 2, "ways": 2},
  "resources": {"types": [{"name": "f0", "kind": "mutex"}, {"name": "f1", "kind": "mutex"},
                          {"name": "tape", "kind": "pool", "count": 2}]},
  "programs": [
    {"name": "p0", "steps": ["claim f0 1", "claim f1 1", "acquire f0", "cpu 12", "acquire f1",
                             "cpu 2", "release f1", "release f0", "cpu 10"],
     "memory": {"base": "0x10000000", "pages": 4, "hot": 2, "writes": 40}},
    {"name": "p1", "steps": ["claim f0 1", "claim f1 1", "acquire f1", "cpu 12", "acquire f0",
                             "cpu 2", "release f0", "release f1", "cpu 10"],
     "memory": {"base": "0x20000000", "pages": 4, "hot": 3, "writes": 40}},
    {"name": "t", "steps": ["acquire tape", "cpu 8", "release tape"],
     "memory": {"base": "0x30000000", "pages": 3}}],
  "processes": [{"program": "p0"}, {"program": "p1"}, {"program": "t", "arrival": 4}]}}'

# Every kind, local replacement too, and opt (its future read mid-run).
with full 30 "$full" '[{"tick": 5, "replacement": "opt"}, {"tick": 8, "coherence": "moesi"},
  {"tick": 12, "deadlock": {"detect_every": 2, "recovery": "kill"}},
  {"tick": 20, "replacement": "lfu"}, {"tick": 22, "coherence": "msi"}]'
check full 30
grep -q '"replacement":"lfu"' "$tmp/full-s0.json" || { echo "FAIL: full: the commands are not saved"; fails=$((fails + 1)); }
python3 - "$tmp/full-direct.json" <<'PY' || { echo "FAIL: full: report"; fails=$((fails + 1)); }
import json, sys
r = json.load(open(sys.argv[1]))
assert r["memory"]["policy"] == "lfu" and r["caches"]["protocol"] == "msi", r
assert r["resources"]["kills"] >= 1, r["resources"]  # the deadlock of p0 and p1, recovered
assert all(j["state"] == "terminated" for j in r["jobs"]), r["jobs"]
PY
local_full=$(python3 -c 'import json,sys; s=json.loads(sys.argv[1]); s["machine"]["memory"].update(local=True, quota=2); print(json.dumps(s))' "$full")
with local 25 "$local_full" '[{"tick": 6, "replacement": "fifo"}, {"tick": 15, "replacement": "nru"}]'
check local 25
# Banker's turned on once the claims are made, then preempt.
with banker 20 "$full" '[{"tick": 3, "deadlock": {"banker": true}},
  {"tick": 9, "deadlock": {"banker": true, "recovery": "preempt", "ordered": true}}]'
check banker 20

# Quick modes.
with paging 6 '{"args": ["paging", "--policy", "fifo", "--frames", "3", "--refs", "1,2,3,4,1,2,5,1,2,3,4,5"]}' \
    '[{"tick": 4, "replacement": "opt"}]'
check paging 6
with translate 3 '{"args": ["translate", "--frames", "2", "--tlb", "2", "--addrs", "0x1000,0x2004w,0x3008,0x1000,0x400000,0x2000,0x3000"]}' \
    '[{"tick": 2, "replacement": "mru"}]'
check translate 3
with mesi 3 '{"args": ["mesi", "--protocol", "moesi", "--cpus", "3", "--refs", "0:w:0x40,1:r:0x40,2:r:0x80,0:r:0x80,1:w:0x40,2:r:0x40"]}' \
    '[{"tick": 2, "coherence": "mesi"}]'
check mesi 3
# MOESI's owned line is written back when the protocol leaves O.
python3 - "$tmp/mesi-direct.json" <<'PY' || { echo "FAIL: mesi: the O line's write-back"; fails=$((fails + 1)); }
import json, sys
r = json.load(open(sys.argv[1]))
assert r["protocol"] == "mesi" and r["writebacks"] >= 1, r
PY

# A deadlock recovered by kill (no command): its save loads.
with phil 0 '{"machine": {"sched": {"policy": "rr"}, "resources": {"types": [{"name": "f0", "kind": "mutex"}, {"name": "f1", "kind": "mutex"}], "recovery": "kill"},
  "programs": [{"name": "a", "steps": ["acquire f0", "cpu 2", "acquire f1", "release f1", "release f0"]},
               {"name": "b", "steps": ["acquire f1", "cpu 2", "acquire f0", "release f0", "release f1"]}],
  "processes": [{"program": "a"}, {"program": "b"}]}}' '[]'
expect 0 '' "$tmp/phil.json" --headless --save "$tmp/phil-end.json"
grep -q '"commands":\[\]' "$tmp/phil-end.json" || { echo "FAIL: phil: a recovery kill was logged as a command"; fails=$((fails + 1)); }
expect 0 '' "$tmp/phil-end.json" --headless --ticks 0 --save "$tmp/phil-again.json"
same "$tmp/phil-end.json" "$tmp/phil-again.json" "phil: save -> load -> save"

# Refusals: one line naming the command.
with nomem 5 '{"args": ["sched", "--policy", "rr", "--lengths", "9,9"]}' '[{"tick": 2, "replacement": "fifo"}]'
expect 1 'nomem.json: commands\[0\]: replacement: this machine has no memory' "$tmp/nomem.json" --headless
with nocache 5 '{"args": ["paging", "--frames", "2", "--refs", "1,2,3,4,5,6"]}' '[{"tick": 1, "coherence": "msi"}]'
expect 1 'nocache.json: commands\[0\]: coherence: this machine has no caches' "$tmp/nocache.json" --headless
with nores 5 '{"args": ["demo"]}' '[{"tick": 1, "deadlock": {"recovery": "kill"}}]'
expect 1 'nores.json: commands\[0\]: deadlock handling: the machine has no resources' "$tmp/nores.json" --headless
with noclaim 5 "$(python3 -c 'import json,sys; s=json.loads(sys.argv[1]); [p.update(steps=[x for x in p["steps"] if not x.startswith("claim")]) for p in s["machine"]["programs"]]; print(json.dumps(s))' "$full")" \
    '[{"tick": 1, "deadlock": {"banker": true}}]'
expect 1 "noclaim.json: commands\[0\]: Banker's needs claims, and no program here declares any \(claim steps\)" "$tmp/noclaim.json" --headless
with overclaim 9 "$full" '[{"tick": 6, "deadlock": {"banker": true}}]'
expect 1 "overclaim.json: commands\[0\]: Banker's cannot start now: P3 \(t\) holds or waits for 1 of tape, more than its claim of 0" "$tmp/overclaim.json" --headless
with badpol 5 "$full" '[{"tick": 1, "replacement": "belady"}]'
expect 1 'badpol.json: commands\[0\].replacement: unknown policy "belady" \(fifo\|lru\|opt\|mru\|clock\|second-chance\|lfu\|nru\|rand\)' "$tmp/badpol.json" --headless
with badproto 5 "$full" '[{"tick": 1, "coherence": "dragon"}]'
expect 1 'badproto.json: commands\[0\].coherence: unknown protocol "dragon" \(msi, mesi, moesi\)' "$tmp/badproto.json" --headless
with badrec 5 "$full" '[{"tick": 1, "deadlock": {"recovery": "reboot"}}]'
expect 1 'badrec.json: commands\[0\].deadlock.recovery: unknown recovery "reboot" \(none, kill, preempt\)' "$tmp/badrec.json" --headless
with badkey 5 "$full" '[{"tick": 1, "deadlock": {"recover": "kill"}}]'
expect 1 'badkey.json: commands\[0\].deadlock: unknown key "recover"' "$tmp/badkey.json" --headless
with badevery 5 "$full" '[{"tick": 1, "deadlock": {"detect_every": 1.5}}]'
expect 1 'badevery.json: commands\[0\].deadlock.detect_every: expected an integer, got 1.5' "$tmp/badevery.json" --headless
with badbool 5 "$full" '[{"tick": 1, "deadlock": {"ordered": "yes"}}]'
expect 1 'badbool.json: commands\[0\].deadlock.ordered: expected true or false' "$tmp/badbool.json" --headless
with both 5 "$full" '[{"tick": 1, "replacement": "lru", "coherence": "msi"}]'
expect 1 'both.json: commands\[0\]: needs exactly one of kill, sched, inject, replacement, coherence, deadlock' "$tmp/both.json" --headless

# The saves made above validate against the schema; it refuses bad commands.
python3 - "$root/assets/save.schema.json" "$tmp"/*-s0.json "$tmp"/*-s7.json <<'PY' || fails=$((fails + 1))
import json, sys
import jsonschema
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
bad = 0
for path in sys.argv[2:]:
    for e in v.iter_errors(json.load(open(path))):
        print(f"FAIL: {path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
        bad += 1
base = {"tickos": 1, "scenario": {"args": ["demo"]}}
for cmd in ({"tick": 1, "replacement": "belady"}, {"tick": 1, "coherence": "dragon"},
            {"tick": 1, "deadlock": {"recover": "kill"}}, {"tick": 1, "deadlock": {"detect_every": -1}},
            {"tick": 1, "replacement": "lru", "coherence": "msi"}):
    if v.is_valid(dict(base, commands=[cmd])):
        print(f"FAIL: the schema accepts {cmd}")
        bad += 1
sys.exit(1 if bad else 0)
PY

[ "$fails" = 0 ] && echo "save_policy: all passed"
exit $((fails > 0))
