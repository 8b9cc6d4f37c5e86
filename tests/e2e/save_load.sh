#!/usr/bin/env bash
# Saves: in every mode, a save made at tick t, loaded and run on, gives the
# very report of the uninterrupted run; save -> load -> save is byte-identical;
# a save needs nothing but itself (trace files are embedded). Then broken and
# hostile files: each gets exit status 1 and one line naming the problem.
set -u
bin=${1:?usage: save_load.sh path/to/tickos}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib/expect.bash"

printf '1\n2\n3\n4\n1\n2\n5w\n1\n2\n3\n4\n5\n' >"$tmp/pages.txt"
printf '0:r:0x40\n1:w:0x40\n0:r:0x44\n1:r:0x80\n0:w:0x80\n2:r:0x40\n' >"$tmp/mesi.txt"

# roundtrip NAME T ARGS...: the scenario ARGS saved at tick T.
roundtrip() {
    local name=$1 t=$2
    shift 2
    local d="$tmp/$name"
    mkdir -p "$d"
    expect 0 '' "$@" --headless --report "$d/full.json"
    expect 0 '' "$@" --headless --ticks "$t" --save "$d/save.json"
    [ -s "$d/save.json" ] || { echo "FAIL: $name: no save written"; fails=$((fails + 1)); return; }
    expect 0 '' "$d/save.json" --headless --report "$d/resumed.json"
    same "$d/full.json" "$d/resumed.json" "$name: resumed report"
    expect 0 '' "$d/save.json" --headless --ticks 0 --save "$d/again.json"
    same "$d/save.json" "$d/again.json" "$name: save -> load -> save"
    grep -q "\"tick\":$t," "$d/save.json" || { echo "FAIL: $name: save not at tick $t"; fails=$((fails + 1)); }
}

roundtrip fifo 17 sched --policy fifo --lengths 30,10,20
roundtrip mlfq 23 sched --policy mlfq --jobs 0,10,2:3,20,5:5,8,0 --boost 10 --iobump
roundtrip lottery 9 sched --policy lottery --lengths 10,20,30 --tickets 1,2,3 --seed 7
roundtrip percpu_steal 9 sched --policy mlfq --jobs 0,12,3:0,8,0:0,6,2:0,9,0:2,5,0:3,7,4 --boost 10 --iobump --cpus 3 --percpu --steal --affinity --balance 4
roundtrip percpu_lottery 5 sched --policy lottery --lengths 9,3,3,3,3,3,8 --tickets 5,1,2,3,4,5,6 --seed 5 --cpus 2 --percpu --steal
roundtrip global_mp 6 sched --policy rr --quantum 2 --jobs 0,7,3:0,5,0:1,6,2:2,4,0 --cpus 2 --affinity
roundtrip paging 5 paging --policy clock --frames 3 --refs-file "$tmp/pages.txt"
roundtrip paging_rand 4 paging --policy rand --frames 2 --refs 1,2,3,1,2,3,4 --seed 3
roundtrip translate 3 translate --levels 2 --frames 2 --tlb 2 --policy lru --addrs 0x1000,0x2004w,0x3008,0x1000,0x400000
roundtrip mesi 3 mesi --protocol mesi --cpus 3 --refs-file "$tmp/mesi.txt"
roundtrip deadlock 2 deadlock --banker --available 3,3,2 --max '7,5,3;3,2,2;9,0,2;2,2,2;4,3,3' --alloc '0,1,0;2,0,0;3,0,2;2,1,1;0,0,2' --grant 1:1,0,2
roundtrip demo 40
# A machine described in JSON (scenario.machine): init forking, mlfq, memory
# with generated and named references, a mutex, a semaphore and a pool.
cat >"$tmp/machine.json" <<'EOF'
{"tickos": 1, "scenario": {"machine": {
  "init": true,
  "sched": {"policy": "mlfq", "quanta": [2, 4, 8], "boost": 30},
  "memory": {"frames": 6, "policy": "clock", "tlb": 2, "fault_time": 3, "writeback_time": 2},
  "resources": {"types": [{"name": "disk", "kind": "mutex"},
                          {"name": "items", "kind": "semaphore", "count": 0},
                          {"name": "tapes", "kind": "pool", "count": 2}],
                "recovery": "kill"},
  "programs": [
    {"name": "init", "steps": ["fork maker", "fork taker", "fork taker", "waitall"]},
    {"name": "maker", "steps": ["write 0x400000", "cpu 6", "acquire disk", "cpu 3", "release disk",
                                "release items 2", "cpu 4"],
     "memory": {"base": "0x10000000", "pages": 5, "hot": 2, "locality": 80, "writes": 30}},
    {"name": "taker", "steps": ["acquire items", "acquire tapes", "cpu 5 io 2 3", "release tapes",
                                "read 0x400000"],
     "memory": {"base": "0x20000000", "pages": 4, "hot": 2}}],
  "processes": [{"program": "init"}, {"program": "maker", "name": "late", "arrival": 12}]}}}
EOF
roundtrip machine 30 "$tmp/machine.json"
python3 - "$tmp/machine/full.json" <<'PY' || { echo "FAIL: machine report"; fails=$((fails + 1)); }
import json, sys
r = json.load(open(sys.argv[1]))
assert r["mode"] == "demo" and r["done"], r
assert [j["name"] for j in r["jobs"]] == ["init", "late", "maker", "taker", "taker"], r["jobs"]
assert [j["ppid"] for j in r["jobs"]] == [-1, -1, 1, 1, 1], r["jobs"]
assert r["memory"]["frames"] == 6 and r["memory"]["policy"] == "clock", r["memory"]
assert [t["name"] for t in r["resources"]["types"]] == ["disk", "items", "tapes"], r["resources"]
# Two makers signal items twice each, two takers wait once each: 2 are left.
assert r["resources"]["types"][1]["value"] == 2, r["resources"]["types"]
PY

# Caches and shared memory in a machine (mcache.h, vm.h): three CPUs with
# per-CPU queues, MOESI caches, two shared segments mapped by three processes
# whose generated references fall partly on them.
cat >"$tmp/caches.json" <<'EOF'
{"tickos": 1, "scenario": {"machine": {
  "cpus": 3, "run_queues": {"percpu": true, "steal": true},
  "sched": {"policy": "rr", "quantum": 2},
  "memory": {"frames": 7, "policy": "lru", "tlb": 2},
  "caches": {"protocol": "moesi", "sets": 4, "ways": 2, "line": 128},
  "shared": [{"name": "buf", "base": "0x70000000", "pages": 1},
             {"name": "tab", "base": "0x70001000", "pages": 2}],
  "programs": [
    {"name": "pp", "steps": ["map buf", "map tab", "read 0x70000000", "write 0x70000000", "cpu 3",
                             "read 0x70000000", "write 0x70000000", "cpu 10"],
     "memory": {"base": "0x70001000", "pages": 4, "hot": 2, "writes": 50}},
    {"name": "solo", "steps": ["cpu 12", "write 0x1000"],
     "memory": {"base": "0x400000", "pages": 6, "hot": 3, "locality": 70, "writes": 30}}],
  "processes": [{"program": "pp"}, {"program": "pp"}, {"program": "solo"},
                {"program": "pp", "arrival": 4}]}}}
EOF
roundtrip caches 15 "$tmp/caches.json"
grep -q '"caches":{"sets":4,"ways":2,"line":128,"protocol":"moesi","cpus":\[{"lines":' "$tmp/caches/save.json" ||
    { echo "FAIL: caches: the save holds no cache state"; fails=$((fails + 1)); }
python3 - "$tmp/caches/full.json" <<'PY' || { echo "FAIL: caches report"; fails=$((fails + 1)); }
import json, sys
r = json.load(open(sys.argv[1]))
c, mem = r["caches"], r["memory"]
assert c["protocol"] == "moesi" and c["cpus"] == 3 and c["line"] == 128, c
# Every completed reference went to a cache: 3 x (4 + 13) + (12 + 1).
assert c["references"] == mem["references"] == 64, (c["references"], mem["references"])
assert c["hits"] + c["misses"] == 64 and sum(p["references"] for p in c["per_cpu"]) == 64, c
assert c["miss_kinds"]["coherence"] > 0 and c["bus_transactions"] > 0, c
assert [s["name"] for s in mem["shared"]] == ["buf", "tab"], mem["shared"]
assert [s["frame"] for s in mem["shared"]] == [0, 1] and mem["shared"][1]["maps"] == 3, mem["shared"]
PY

# A save holds its trace: it loads with the trace file gone.
rm "$tmp/pages.txt"
expect 0 '' "$tmp/paging/save.json" --headless --report "$tmp/paging/nofile.json"
same "$tmp/paging/full.json" "$tmp/paging/nofile.json" "paging without its trace file"

# Commands (a kill, given in the TUI) are replayed and kept.
demo="$tmp/demo/save.json"
python3 - "$demo" "$tmp/kill.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["commands"] = [{"tick": 12, "kill": 4}]
del s["state"]
json.dump(s, open(sys.argv[2], "w"))
PY
expect 0 '' "$tmp/kill.json" --headless --ticks 0 --save "$tmp/kill2.json"
grep -q '"commands":\[{"tick":12,"kill":4}\]' "$tmp/kill2.json" || { echo "FAIL: kill not kept"; fails=$((fails + 1)); }
grep -q '"pid":4,"ppid":[0-9-]*,"name":"cc","state":"\(terminated\|zombie\)"' "$tmp/kill2.json" ||
    { echo "FAIL: P4 not killed by the replayed command"; fails=$((fails + 1)); }
expect 0 '' "$tmp/kill2.json" --headless --report "$tmp/kill_a.json"
expect 0 '' "$tmp/kill.json" --headless --report "$tmp/kill_b.json"
same "$tmp/kill_a.json" "$tmp/kill_b.json" "kill replayed twice"

# A policy change and an injected process (TUI commands) replay and are kept.
python3 - "$demo" "$tmp/cmds.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["tick"] = 30
s["commands"] = [
    {"tick": 5, "sched": {"policy": "rr", "levels": 1, "quantum": [2], "allot": [1], "boost": 0,
                          "stay": False, "iobump": False}},
    {"tick": 8, "inject": {"template": "cpu-bound", "name": "hog", "prio": 0}},
    {"tick": 8, "kill": 3}]
del s["state"]
json.dump(s, open(sys.argv[2], "w"))
PY
expect 0 '' "$tmp/cmds.json" --headless --ticks 0 --save "$tmp/cmds2.json"
grep -q '"sched":{"policy":"rr","levels":1,"quantum":\[2\]' "$tmp/cmds2.json" || { echo "FAIL: sched command not kept"; fails=$((fails + 1)); }
grep -q '"inject":{"template":"cpu-bound","name":"hog","prio":0}' "$tmp/cmds2.json" || { echo "FAIL: inject command not kept"; fails=$((fails + 1)); }
grep -q '"name":"hog","state"' "$tmp/cmds2.json" || { echo "FAIL: hog not injected"; fails=$((fails + 1)); }
expect 0 '' "$tmp/cmds2.json" --headless --report "$tmp/cmds_a.json"
expect 0 '' "$tmp/cmds.json" --headless --report "$tmp/cmds_b.json"
same "$tmp/cmds_a.json" "$tmp/cmds_b.json" "policy change and inject replayed"
grep -q '"policy":"rr"' "$tmp/cmds_a.json" || { echo "FAIL: the policy change did not take"; fails=$((fails + 1)); }

# Broken and hostile files.
good="$tmp/fifo/save.json"
mut() { # mut NAME PYTHON-EXPR-ON-s: a copy of the fifo save changed by the expression
    python3 - "$good" "$tmp/$1.json" "$2" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(s, open(sys.argv[2], "w"))
PY
}
head -c 300 "$good" >"$tmp/trunc.json"
expect 1 'trunc.json: not valid JSON at line 1, column [0-9]+' "$tmp/trunc.json" --headless
head -c 5000 /dev/urandom >"$tmp/random.json"
expect 1 'random.json: (not valid JSON|not a tickos save)' "$tmp/random.json" --headless
printf '{"tickos":1,\0"x":1}' >"$tmp/nul.json"
expect 1 'nul.json: not a tickos save \(it holds a NUL byte\)' "$tmp/nul.json" --headless
python3 -c 'print("[" * 200000 + "]" * 200000)' >"$tmp/deep.json"
expect 1 'deep.json: not valid JSON .*nested deeper than 1000' "$tmp/deep.json" --headless
truncate -s 300M "$tmp/huge.json"
expect 1 'huge.json: larger than the limit of 268435456 bytes' "$tmp/huge.json" --headless
rm -f "$tmp/huge.json"
echo '[1,2]' >"$tmp/array.json"
expect 1 'array.json: expected an object, got an array' "$tmp/array.json" --headless
expect 1 'nothere.json: cannot open: No such file' "$tmp/nothere.json" --headless
expect 1 'is a folder' "$tmp" --headless
mut version 's["tickos"] = 2'
expect 1 'version.json: tickos: version 2 is not supported' "$tmp/version.json" --headless
mut tickstr 's["tick"] = "soon"'
expect 1 'tickstr.json: tick: expected an integer or "0x..." text, got "soon"' "$tmp/tickstr.json" --headless
mut tickneg 's["tick"] = -1'
expect 1 'tickneg.json: tick: out of range 0\.\.2000000000' "$tmp/tickneg.json" --headless
mut tickfrac 's["tick"] = 2.5'
expect 1 'tickfrac.json: tick: expected an integer, got 2.5' "$tmp/tickfrac.json" --headless
mut past 's["tick"] = 500; del s["state"]'
expect 1 'past.json: tick: 500 is past the end of the scenario \(done at tick 60\)' "$tmp/past.json" --headless
mut unknown 's["colour"] = "red"'
expect 1 'unknown.json: unknown key "colour"' "$tmp/unknown.json" --headless
mut noscen 'del s["scenario"]'
expect 1 'noscen.json: scenario: missing' "$tmp/noscen.json" --headless
mut badmode 's["scenario"]["args"][0] = "bogus"'
expect 1 'badmode.json: scenario.args: must start with a mode' "$tmp/badmode.json" --headless
mut badarg 's["scenario"]["args"] += ["--quantum", "x"]'
expect 1 'badarg.json: scenario.args: --quantum: ' "$tmp/badarg.json" --headless
mut runopt 's["scenario"]["args"] += ["--report", "/tmp/owned.json"]'
expect 1 'runopt.json: scenario.args: "--report" says how to run' "$tmp/runopt.json" --headless
mut nofile 's["scenario"]["args"] = ["paging", "--frames", "3", "--refs-file", "/etc/hostname"]; del s["state"]; s["tick"] = 0'
expect 1 'nofile.json: scenario.args: --refs-file: the save holds no copy of /etc/hostname' "$tmp/nofile.json" --headless
mut cmdpid 's["commands"] = [{"tick": 3, "kill": 99}]; del s["state"]'
expect 1 'cmdpid.json: commands\[0\]: kill 99 at tick 3: no such live process' "$tmp/cmdpid.json" --headless
mut cmdorder 's["commands"] = [{"tick": 5, "kill": 1}, {"tick": 3, "kill": 2}]; del s["state"]'
expect 1 'cmdorder.json: commands\[1\].tick: 3 is out of order' "$tmp/cmdorder.json" --headless
mut cmdkey 's["commands"] = [{"tick": 3, "launch": 1}]'
expect 1 'cmdkey.json: commands\[0\]: unknown key "launch"' "$tmp/cmdkey.json" --headless
mut cmdtwo 's["commands"] = [{"tick": 3, "kill": 1, "inject": {"template": "cpu-bound"}}]'
expect 1 'cmdtwo.json: commands\[0\]: needs exactly one of kill, sched, inject, replacement, coherence, deadlock' "$tmp/cmdtwo.json" --headless
mut cmdtmpl 's["commands"] = [{"tick": 3, "inject": {"template": "rocket"}}]'
expect 1 'cmdtmpl.json: commands\[0\].inject.template: no template named "rocket"' "$tmp/cmdtmpl.json" --headless
mut cmdq 's["commands"] = [{"tick": 3, "sched": {"policy": "rr", "levels": 2, "quantum": [1], "allot": [1, 1]}}]'
expect 1 'cmdq.json: commands\[0\].sched.quantum: needs 2 values, one per level' "$tmp/cmdq.json" --headless
mut tamper 's["state"]["procs"][1]["cpu_time"] = 99'
expect 1 'tamper.json: state.procs\[1\].cpu_time: 99 vs [0-9]+ \(the file vs replaying its scenario\)' "$tmp/tamper.json" --headless
mut modewrong 's["mode"] = "paging"'
expect 1 'modewrong.json: mode: "paging" does not match the scenario.s mode sched' "$tmp/modewrong.json" --headless
machine="$tmp/machine/save.json"
mutm() { # mutm NAME PYTHON-EXPR-ON-s: a copy of the machine save changed by the expression
    python3 - "$machine" "$tmp/$1.json" "$2" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(s, open(sys.argv[2], "w"))
PY
}
mutm mbadstep 's["scenario"]["machine"]["programs"][2]["steps"][1] = "acquire tape"; del s["state"]'
expect 1 "mbadstep.json: scenario.machine.programs\[2\].steps\[1\]: 'acquire tape': no resource named 'tape'" "$tmp/mbadstep.json" --headless
mutm mboth 's["scenario"]["args"] = ["demo"]'
expect 1 'mboth.json: scenario: give either args or machine, not both' "$tmp/mboth.json" --headless
mutm mframes 's["scenario"]["machine"]["memory"]["frames"] = 7'
expect 1 'mframes.json: state\..* \(the file vs replaying its scenario\)' "$tmp/mframes.json" --headless
mutm mmode 's["mode"] = "sched"'
expect 1 'mmode.json: mode: "sched" does not match the scenario.s mode demo' "$tmp/mmode.json" --headless
expect 2 '^tickos: --seed: a save has its own seed' "$good" --headless --seed 4
expect 2 '^tickos: --frames: unknown option' "$good" --headless --frames 4
expect 2 '^tickos: --save: needs a file name' sched --policy fifo --lengths 3 --headless --save ''

# A failed load writes nothing.
[ ! -e /tmp/owned.json ] || { echo "FAIL: a hostile save wrote a file"; fails=$((fails + 1)); }

[ "$fails" = 0 ] && echo "save_load: all passed"
exit $((fails > 0))
