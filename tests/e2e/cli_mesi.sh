#!/usr/bin/env bash
# tickos mesi from the outside: exit codes and messages of bad input, and a
# hand-worked trace end to end under each protocol. $1 = the tickos binary.
set -u
bin=${1:?usage: cli_mesi.sh path/to/tickos}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. "$(dirname "$0")/lib/expect.bash"
# expect_fail STATUS "message part" args...: the mesi run exits STATUS with one
# stderr line containing the message and nothing on stdout.
expect_fail() { expect_fixed "$1" "$2" mesi --headless --report - "${@:3}"; }

expect_fail 2 "--refs: reference 2 uses CPU 2, out of range for --cpus 2 (0 to 1)" --cpus 2 --refs 0:r:0,2:r:0
expect_fail 2 "--refs: item 1 '0:x:0x40': the operation must be r or w" --cpus 2 --refs 0:x:0x40
expect_fail 2 "--refs: item 2 '1:rw:4': the operation must be r or w" --cpus 2 --refs 0:r:0,1:rw:4
expect_fail 2 "--refs: item 1 '0:r:0xzz': the address must be" --cpus 1 --refs 0:r:0xzz
expect_fail 2 "--refs: item 1 '0:r:18446744073709551616': the address" --cpus 1 --refs 0:r:18446744073709551616
expect_fail 2 "--refs: item 1 '0:r:0x10000000000000000': the address" --cpus 1 --refs 0:r:0x10000000000000000
expect_fail 2 "--refs: item 1 '0:r:0x': the address must be" --cpus 1 --refs 0:r:0x
expect_fail 2 "--refs: item 1 '0:r:0x4g': the address must be" --cpus 1 --refs 0:r:0x4g
expect_fail 2 "--refs: item 1 '-1:r:0': the CPU must be a number from 0 to 15" --refs -1:r:0
expect_fail 2 "--refs: item 2 '0r0' is not CPU:OP:ADDR" --cpus 1 --refs 0:r:0,0r0
expect_fail 2 "--refs: item 2 is empty" --cpus 1 --refs 0:r:0,,0:w:0
expect_fail 2 "--refs: required" --cpus 2
expect_fail 2 "--refs: needs a value" --cpus 2 --refs
expect_fail 2 "--line: expected a power of two from 4 to 4096, got 3" --cpus 1 --refs 0:r:0 --line 3
expect_fail 2 "--line: expected a power of two from 4 to 4096, got 8192" --cpus 1 --refs 0:r:0 --line 8192
expect_fail 2 "--line: expected a whole number, got 'big'" --cpus 1 --refs 0:r:0 --line big
expect_fail 2 "--cpus: 0 is out of range (1 to 16)" --cpus 0 --refs 0:r:0
expect_fail 2 "--cpus: 17 is out of range (1 to 16)" --cpus 17 --refs 0:r:0
expect_fail 2 "--sets: 0 is out of range (1 to 65536)" --sets 0 --refs 0:r:0
expect_fail 2 "--ways: 65 is out of range (1 to 64)" --ways 65 --refs 0:r:0
expect_fail 2 "--ways: --sets 65536 x --ways 64 is 4194304 lines per cache; at most 262144" \
    --sets 65536 --ways 64 --refs 0:r:0
expect_fail 2 "--protocol: expected mesi, msi or moesi, got 'dragon'" --protocol dragon --refs 0:r:0
expect_fail 2 "--refs-file: give either --refs or --refs-file, not both" --refs 0:r:0 --refs-file x
expect_fail 1 "--refs-file: cannot open $tmp/none" --refs-file "$tmp/none"
printf '0:r:0\n\n# comment\n 1:w:0x40 \n1:q:0\n' >"$tmp/bad.txt"
expect_fail 2 "--refs-file: line 5 '1:q:0': the operation must be r or w" --refs-file "$tmp/bad.txt"
printf '# nothing\n' >"$tmp/empty.txt"
expect_fail 2 "--refs-file: $tmp/empty.txt holds no references" --refs-file "$tmp/empty.txt"
expect_fail 2 "--frobnicate: unknown option" --refs 0:r:0 --frobnicate

# check_report DESCRIPTION PYTHON-ASSERTIONS args...: exit 0 and the report satisfies r.
check_report() {
    local what=$1 code=$2
    shift 2
    if ! "$bin" mesi "$@" --headless --report "$tmp/r.json" 2>"$tmp/err"; then
        echo "FAIL: $what: exit $?: $(cat "$tmp/err")"
        fails=$((fails + 1))
        return
    fi
    if ! python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
$code
" "$tmp/r.json"; then
        echo "FAIL: $what: $(head -c 2000 "$tmp/r.json")"
        fails=$((fails + 1))
    fi
}

# The largest addresses, in both bases (leading zeros beyond 16 hex digits are
# fine; beyond 2^53 the report gives hex text): 2^64 - 1 is in the line of
# 0xffff...c0, so the second reference hits.
check_report "addresses up to 2^64 - 1" '
a = r["accesses"]
assert [x["addr"] for x in a] == ["0xffffffffffffffff", "0xffffffffffffffc0", 1], a
assert [x["hit"] for x in a] == [False, True, False]
' --cpus 1 --refs 0:r:18446744073709551615,0:W:0xFFFFFFFFFFFFFFc0,0:R:0x00000000000000000001

# By hand (MESI, one 64-byte line 0x100): CPU0 reads -> E; CPU2 reads -> S,S;
# CPU2 writes: BusUpgr, CPU0 invalidated; CPU0 reads: CPU2 flushes M -> S (a
# write-back); CPU1 reads: S everywhere.
REFS=0:r:0x100,2:r:0x100,2:w:0x104,0:r:256,1:r:0x13f
check_report "textbook MESI trace" '
assert r["mode"] == "mesi" and r["tick"] == 5 and r["protocol"] == "mesi"
assert r["cpus"] == 3 and r["line"] == 64 and r["sets"] == 1 and r["ways"] == 4
a = r["accesses"]
assert [x["states"] for x in a] == [["E","I","I"], ["S","I","S"], ["I","I","M"],
                                   ["S","I","S"], ["S","S","S"]], a
assert [x["bus"] for x in a] == ["BusRd", "BusRd", "BusUpgr", "BusRd", "BusRd"]
assert [x["hit"] for x in a] == [False, False, True, False, False]
assert a[2] == {"cpu": 2, "op": "w", "addr": 260, "hit": True, "bus": "BusUpgr",
                "states": ["I", "I", "M"]}
assert (r["hits"], r["misses"], r["bus_rd"], r["bus_rdx"], r["bus_upgr"]) == (1, 4, 4, 0, 1)
assert (r["invalidations"], r["writebacks"]) == (1, 1)
assert r["miss_kinds"] == {"cold": 3, "coherence": 1, "replacement": 0}
assert r["per_cpu"][0]["invalidations"] == 1 and r["per_cpu"][2]["writebacks"] == 1
' --cpus 3 --refs "$REFS"

check_report "MSI: no E" '
assert r["accesses"][0]["states"] == ["S", "I", "I"] and r["protocol"] == "msi"
assert (r["invalidations"], r["writebacks"]) == (1, 1)
' --cpus 3 --refs "$REFS" --protocol msi

# MOESI: CPU2 M -> O supplies CPU0 without a write-back, and stays the owner.
check_report "MOESI: the owner state" '
assert [x["states"] for x in r["accesses"]][3:] == [["S","I","O"], ["S","S","O"]]
assert r["writebacks"] == 0 and r["supplies"] == 2
' --cpus 3 --refs "$REFS" --protocol moesi

check_report "summary and a partial run" '
assert "accesses" not in r and r["tick"] == 3 and r["hits"] == 1 and r["misses"] == 2
' --cpus 3 --refs "$REFS" --summary --ticks 3

printf '# the textbook trace\n0:r:0x100\n2:r:0x100\n\n2:w:0x104\r\n0:r:256\n  1:r:0x13f\n' >"$tmp/refs.txt"
check_report "--refs-file" '
assert r["tick"] == 5 and r["writebacks"] == 1 and r["cpus"] == 3
' --refs-file "$tmp/refs.txt"

# One 1-way set: every new line evicts the last; only the dirty one is written back.
check_report "evictions" '
assert [x["hit"] for x in r["accesses"]] == [False, False, False, True]
assert r["writebacks"] == 1 and r["misses"] == 3
assert r["miss_kinds"] == {"cold": 3, "coherence": 0, "replacement": 0}
' --cpus 1 --ways 1 --line 16 --refs 0:w:0,0:r:16,0:r:32,0:r:47

if [ "$fails" -ne 0 ]; then
    echo "cli_mesi: $fails failure(s)"
    exit 1
fi
echo "cli_mesi: all passed"
