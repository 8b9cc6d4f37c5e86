#!/usr/bin/env bash
# The JSON Schema of saves (assets/save.schema.json) describes what tickos
# writes and what ships: every exercise in saves/, and a save of every mode
# (with commands given in the TUI: kill, a policy change, injects with memory
# and a resource), validate.
set -u
bin=${1:?usage: schema.sh path/to/tickos}
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib/expect.bash"

expect 0 '' sched --policy mlfq --jobs 0,10,2:3,20,5 --headless --ticks 5 --save "$tmp/sched.json"
expect 0 '' paging --policy lru --frames 3 --refs 1,2,3,4,1 --headless --ticks 2 --save "$tmp/paging.json"
expect 0 '' translate --addrs 0x1000,0x2004w --headless --save "$tmp/translate.json"
expect 0 '' mesi --cpus 2 --refs 0:r:0x0,1:w:0x0 --headless --save "$tmp/mesi.json"
expect 0 '' deadlock --detect --available 0,0 --alloc '1,0;0,1' --request '0,1;1,0' --headless --save "$tmp/deadlock.json"
expect 0 '' --headless --ticks 20 --save "$tmp/demo.json"
python3 - "$tmp/demo.json" "$tmp/cmds.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["commands"] = [{"tick": 3, "sched": {"policy": "rr", "levels": 1, "quantum": [2], "allot": [1]}},
                 {"tick": 4, "inject": {"template": "io-bound", "name": "io", "prio": 2}},
                 {"tick": 5, "kill": 2}]
del s["state"]
json.dump(s, open(sys.argv[2], "w"))
PY
expect 0 '' "$tmp/cmds.json" --headless --ticks 0 --save "$tmp/cmds-saved.json"
# Injects with a machine program, a memory behaviour and a resource held.
python3 - "$root/tests/fixtures/inject-lab.json" "$tmp/inject.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["tick"] = 4
s["commands"] = [
    {"tick": 2, "inject": {"program": "worker", "name": "w", "prio": 0,
                           "memory": {"base": "0x10000000", "pages": 32, "scan": True, "writes": 0},
                           "resource": {"name": "tape", "count": 2, "hold": 3}}},
    {"tick": 3, "inject": {"template": "forker", "name": "", "prio": 0,
                           "memory": {"base": "0x10000000", "pages": 64, "hot": 8,
                                      "locality": 90, "phase": 40, "writes": 20}}}]
json.dump(s, open(sys.argv[2], "w"))
PY
expect 0 '' "$tmp/inject.json" --headless --ticks 0 --save "$tmp/inject-saved.json"

python3 - "$root/assets/save.schema.json" "$root"/saves/*.json "$tmp"/*.json <<'PY' || fails=$((fails + 1))
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
bad = 0
for path in sys.argv[2:]:
    for e in v.iter_errors(json.load(open(path))):
        print(f"FAIL: {path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
        bad += 1
# And the schema is not vacuous: it refuses a wrong version and an unknown key.
for wrong in ({"tickos": 2, "scenario": {"args": ["demo"]}},
              {"tickos": 1, "scenario": {"args": ["demo"]}, "colour": 1},
              {"tickos": 1, "scenario": {"args": ["demo"], "machine": {}}},
              {"tickos": 1, "scenario": {"args": ["demo"]},
               "commands": [{"tick": 0, "inject": {"template": "forker", "program": "init"}}]},
              {"tickos": 1, "scenario": {"args": ["demo"]},
               "commands": [{"tick": 0, "inject": {"program": "init",
                                                   "resource": {"name": "r", "count": 0}}}]}):
    if v.is_valid(wrong):
        print(f"FAIL: the schema accepts {wrong}")
        bad += 1
sys.exit(1 if bad else 0)
PY
[ "$fails" = 0 ] && echo "schema: all passed"
exit $((fails > 0))
