#!/usr/bin/env bash
# Saves of a machine with injected processes (memory behaviours, resources
# held, a machine program that forks, Banker's claims): loading checks the
# state the replay reaches against the file; a save at tick t loaded and run
# on gives the very report of the uninterrupted run; save -> load -> save is
# byte-identical; each bad inject is one line naming the problem.
set -u
bin=${1:?usage: save_inject.sh path/to/tickos}
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib/expect.bash"

# with_commands OUT BANKER TICK COMMANDS: the lab machine (memory, a mutex,
# a pool of 2, a semaphore) with the commands, at TICK, without a state.
with_commands() {
    python3 - "$root/tests/fixtures/inject-lab.json" "$@" <<'PY'
import json, sys
src, out, banker, tick, cmds = sys.argv[1:6]
s = json.load(open(src))
if banker == "banker":
    s["scenario"]["machine"]["resources"]["banker"] = True
s["tick"] = int(tick)
s["commands"] = json.loads(cmds)
json.dump(s, open(out, "w"))
PY
}

cmds='[
 {"tick": 3, "inject": {"program": "worker", "name": "scan", "prio": 0,
   "memory": {"base": "0x10000000", "pages": 32, "scan": true, "writes": 0},
   "resource": {"name": "tape", "count": 2, "hold": 4}}},
 {"tick": 3, "inject": {"template": "forker", "name": "", "prio": 0,
   "memory": {"base": "0x10000000", "pages": 64, "hot": 8, "locality": 90, "phase": 0, "writes": 20}}},
 {"tick": 6, "inject": {"program": "parent", "name": "boss", "prio": 0,
   "resource": {"name": "lock", "count": 1, "hold": 2}}},
 {"tick": 7, "inject": {"template": "io-bound", "name": "io", "prio": 2}}]'

for variant in plain banker; do
    d="$tmp/$variant"
    mkdir -p "$d"
    with_commands "$d/cmds.json" "$variant" 10 "$cmds"
    # At tick 10: the state written, then checked by every load below.
    expect 0 '' "$d/cmds.json" --headless --ticks 0 --save "$d/t10.json"
    expect 0 '' "$d/t10.json" --headless --report "$d/full.json"
    expect 0 '' "$d/t10.json" --headless --ticks 15 --save "$d/t25.json"
    expect 0 '' "$d/t25.json" --headless --report "$d/resumed.json"
    same "$d/full.json" "$d/resumed.json" "$variant: resumed report"
    expect 0 '' "$d/t25.json" --headless --ticks 0 --save "$d/again.json"
    same "$d/t25.json" "$d/again.json" "$variant: save -> load -> save"
    python3 - "$d/t25.json" "$d/full.json" "$variant" <<'PY' || { echo "FAIL: $variant: contents"; fails=$((fails + 1)); }
import json, sys
save, rep, variant = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
cmds = save["commands"]
assert [c["tick"] for c in cmds] == [3, 3, 6, 7], cmds
assert cmds[0]["inject"]["memory"] == {"base": "0x10000000", "pages": 32, "scan": True, "writes": 0}, cmds[0]
assert cmds[0]["inject"]["resource"] == {"name": "tape", "count": 2, "hold": 4}, cmds[0]
# The template alone is written as before memory and resources existed.
assert cmds[3]["inject"] == {"template": "io-bound", "name": "io", "prio": 2}, cmds[3]
progs = save["state"]["programs"]
scan = [p for p in progs if p["name"] == "worker"][1]  # the copy, after the machine's own
kinds = [s[0] for s in scan["steps"]]
want = ["acquire", "cpu", "release", "cpu", "acquire", "cpu", "release", "cpu"]
if variant == "banker":
    want = ["claim"] + want
assert kinds == want, kinds
jobs = {j["name"]: j for j in rep["jobs"]}
for name in ("scan", "forker", "child", "boss", "io"):
    assert name in jobs, (name, sorted(jobs))
assert rep["done"], rep
assert rep["memory"]["faults"] > 0, rep["memory"]
# The machine's own parent forked its workers for boss too: 2 + 2.
assert sum(1 for j in rep["jobs"] if j["name"] == "worker") == 4, rep["jobs"]
assert rep["resources"]["types"][1]["name"] == "tape", rep["resources"]
PY
done

# A save made before memory and resources (a template alone) still loads.
python3 - "$root/tests/fixtures/inject-lab.json" "$tmp/old.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["tick"] = 5
s["commands"] = [{"tick": 2, "inject": {"template": "cpu-bound", "name": "hog", "prio": 1}}]
json.dump(s, open(sys.argv[2], "w"))
PY
expect 0 '' "$tmp/old.json" --headless --ticks 0 --save "$tmp/old2.json"
grep -q '"commands":\[{"tick":2,"inject":{"template":"cpu-bound","name":"hog","prio":1}}\]' "$tmp/old2.json" ||
    { echo "FAIL: the old inject is not kept as it was"; fails=$((fails + 1)); }

# Bad injects: one line each, naming the command and the field.
bad() {
    local pattern=$1 json=$2
    with_commands "$tmp/bad.json" plain 5 "[{\"tick\": 2, \"inject\": $json}]"
    expect_fixed 1 "$pattern" "$tmp/bad.json" --headless
}
bad 'commands[0]: inject at tick 2: program: no program named "nope" in this machine (parent, worker)' \
    '{"program": "nope"}'
bad 'commands[0]: inject at tick 2: resource.name: no resource named "disk"' \
    '{"template": "cpu-bound", "resource": {"name": "disk"}}'
bad 'commands[0]: inject at tick 2: resource.count: 3 is more than the 2 tape there are' \
    '{"template": "cpu-bound", "resource": {"name": "tape", "count": 3}}'
bad 'commands[0]: inject at tick 2: resource.count: lock is a mutex: it is taken once (1), not 2' \
    '{"template": "cpu-bound", "resource": {"name": "lock", "count": 2}}'
bad 'commands[0]: inject at tick 2: memory: base 0x10000010 is not page aligned' \
    '{"template": "cpu-bound", "memory": {"base": "0x10000010", "pages": 4}}'
bad 'commands[0].inject.memory.pages: out of range 1..16777216' \
    '{"template": "cpu-bound", "memory": {"base": 0, "pages": 0}}'
bad 'commands[0].inject.resource.hold: out of range 1..1000000' \
    '{"template": "cpu-bound", "resource": {"name": "tape", "hold": 0}}'
bad 'commands[0].inject: needs exactly one of template' '{"name": "x"}'
# A machine without memory or resources refuses them by name.
expect 0 '' sched --policy rr --lengths 5,3 --headless --ticks 2 --save "$tmp/sched.json"
python3 - "$tmp/sched.json" "$tmp/sched_bad.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["commands"] = [{"tick": 1, "inject": {"template": "cpu-bound",
                                         "memory": {"base": 0, "pages": 2}}}]
del s["state"]
json.dump(s, open(sys.argv[2], "w"))
PY
expect_fixed 1 'commands[0]: inject at tick 1: memory: this machine has no memory' \
    "$tmp/sched_bad.json" --headless

[ "$fails" = 0 ] || { echo "save_inject: $fails failure(s)"; exit 1; }
echo "save_inject: all passed"
