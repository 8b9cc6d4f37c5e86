#!/usr/bin/env bash
# tickos paging and translate from the outside: exit codes and messages of bad
# input, and happy paths whose report numbers were worked by hand.
# $1 = the tickos binary.
set -u
bin=${1:?usage: cli_memory.sh path/to/tickos}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. "$(dirname "$0")/lib/expect.bash"
# expect_fail MODE STATUS "message part" args...: as expect_fixed, for a headless run of MODE.
expect_fail() { expect_fixed "$2" "$3" "$1" --headless --report - "${@:4}"; }

expect_fail paging 2 "--frames: 0 is out of range (1 to 1048576)" --frames 0 --refs 1
expect_fail paging 2 "--frames: 1048577 is out of range" --frames 1048577 --refs 1
expect_fail paging 2 "--frames: expected a whole number, got 'x'" --frames x --refs 1
expect_fail paging 2 "--refs: item 2 is empty" --refs 1,,2
expect_fail paging 2 "--refs: item 3 is empty" --refs 1,2,
expect_fail paging 2 "--refs: item 2 'a' is not a page number" --refs 1,a
expect_fail paging 2 "--refs: item 1 '4294967296' is out of range" --refs 4294967296
expect_fail paging 2 "--refs: item 1 '0x100000000' is out of range" --refs 0x100000000
expect_fail paging 2 "--refs: item 2 '0x' is not a page number" --refs 1,0x
expect_fail paging 2 "--refs: item 1 '0x1g' is not a page number" --refs 0x1g
expect_fail paging 2 "--refs: item 1 'w' is not a page number" --refs w
expect_fail paging 2 "--refs: needs page numbers" --refs ""
expect_fail paging 2 "--policy: unknown policy 'lfru' (expected fifo|lru|opt" --policy lfru --refs 1
expect_fail paging 2 "--refs: required" --policy lru --frames 3
expect_fail paging 2 "--refs-file: give either --refs or --refs-file" --refs 1 --refs-file x
expect_fail paging 2 "--nru-period: 0 is out of range" --policy nru --nru-period 0 --refs 1
expect_fail paging 2 "--bogus: unknown option" --refs 1 --bogus
expect_fail paging 2 "--frames: needs a value" --refs 1 --frames
expect_fail paging 1 "--refs-file: cannot open $tmp/missing.txt" --refs-file "$tmp/missing.txt"
printf '1\n2\nthree\n' >"$tmp/bad.txt"
expect_fail paging 1 "--refs-file: line 3 'three' is not a page number" --refs-file "$tmp/bad.txt"
printf '# nothing\n\n' >"$tmp/empty.txt"
expect_fail paging 1 "holds no references" --refs-file "$tmp/empty.txt"
# 300000 references: a per-access report would be too big, a summary is fine.
python3 -c "print('\\n'.join(str(i % 10) for i in range(300000)))" >"$tmp/many.txt"
expect_fail paging 2 "--refs-file: a per-access report of 300000 references" --refs-file "$tmp/many.txt"
if ! "$bin" paging --headless --refs-file "$tmp/many.txt" --summary --report "$tmp/many.json"; then
    echo "FAIL: paging --summary of 300000 references exited non-zero"
    fails=$((fails + 1))
fi

expect_fail translate 2 "--addrs: required" --levels 2
expect_fail translate 2 "--addrs: item 2 '0x100000000' is out of range" --addrs 1,0x100000000
expect_fail translate 2 "--addrs: item 1 '0xzz' is not a 32-bit address" --addrs 0xzz
expect_fail translate 2 "--levels: 3 is out of range (1 to 2)" --addrs 1 --levels 3
expect_fail translate 2 "--page-size: expected a power of two from 256 to 16777216, got 1000" \
    --addrs 1 --page-size 1000
expect_fail translate 2 "--tlb: 4097 is out of range (0 to 4096)" --addrs 1 --tlb 4097
expect_fail translate 2 "--tlb: -1 is out of range" --addrs 1 --tlb -1
expect_fail translate 2 "--policy: unknown policy 'belady'" --addrs 1 --policy belady
expect_fail translate 1 "--addrs-file: cannot open" --addrs-file "$tmp/missing.txt"

# check_json FILE 'python expression over d' description
check_json() {
    if ! python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" \
        "$1" 2>"$tmp/pyerr"; then
        echo "FAIL: $3: $(head -c 400 "$1") $(cat "$tmp/pyerr")"
        fails=$((fails + 1))
    fi
}

# Belady's anomaly with fifo: 9 faults with 3 frames, 10 with 4.
refs=1,2,3,4,1,2,5,1,2,3,4,5
if "$bin" paging --headless --policy fifo --frames 3 --refs $refs --report "$tmp/f3.json" &&
    "$bin" paging --headless --policy fifo --frames 4 --refs $refs --summary --report "$tmp/f4.json"; then
    check_json "$tmp/f3.json" "d['misses'] == 9 and d['hits'] == 3 and d['hit_rate'] == 0.25 \
        and len(d['accesses']) == 12 and d['accesses'][3]['victim'] == 1 \
        and sorted(d['accesses'][11]['resident']) == [3, 4, 5] and d['tick'] == 12" "fifo 3 frames"
    check_json "$tmp/f4.json" "d['misses'] == 10 and 'accesses' not in d" "fifo 4 frames"
else
    echo "FAIL: paging fifo happy path exited non-zero"
    fails=$((fails + 1))
fi

# The largest page in both bases and the suffixes in either case: 0xFFFFFFFF
# and 4294967295 are one page, loaded by a write (W), so only it is dirty.
if "$bin" paging --headless --frames 2 --refs 0xFFFFFFFFW,4294967295r,0x00000001R \
    --report "$tmp/big.json"; then
    check_json "$tmp/big.json" "[(a['page'], a['write'], a['hit']) for a in d['accesses']] == \
        [(4294967295, True, False), (4294967295, False, True), (1, False, False)]" "largest page"
else
    echo "FAIL: paging largest page exited non-zero"
    fails=$((fails + 1))
fi

# opt on the same trace: 7 faults. At 3 (index 9) pages 1 and 2 are never used
# again: the later loaded, 2 (written), goes and is written back.
printf '1\n2w\n3\n4\n1\n2\n5\n1\n2\n3\n4\n5\n' >"$tmp/refs.txt"
if "$bin" paging --headless --policy opt --frames 3 --refs-file "$tmp/refs.txt" --report "$tmp/o.json"; then
    check_json "$tmp/o.json" "d['misses'] == 7 and d['writebacks'] == 1 \
        and d['accesses'][9]['victim'] == 2 and d['accesses'][9]['writeback']" "opt"
else
    echo "FAIL: paging opt happy path exited non-zero"
    fails=$((fails + 1))
fi

# translate: the spec's example address, then a write hitting the TLB.
if "$bin" translate --headless --addrs 0x403004,4206600w --tlb 4 --report "$tmp/t.json"; then
    check_json "$tmp/t.json" "d['accesses'][0]['vpn'] == 1027 and d['accesses'][0]['dir'] == 1 \
        and d['accesses'][0]['table'] == 3 and d['accesses'][0]['paddr'] == 4 \
        and d['accesses'][1]['tlb_hit'] and d['tlb_hits'] == 1 and d['tlb_misses'] == 1 \
        and d['faults'] == 1 and d['levels'] == 2 and d['frames'] == 8" "translate"
else
    echo "FAIL: translate happy path exited non-zero"
    fails=$((fails + 1))
fi

# --ticks stops part-way: two of the three references.
if "$bin" paging --headless --ticks 2 --refs 1,2,3 --report "$tmp/p.json"; then
    check_json "$tmp/p.json" "d['tick'] == 2 and d['misses'] == 2 and len(d['accesses']) == 2 \
        and d['done'] is False" "paging --ticks"
else
    echo "FAIL: paging --ticks exited non-zero"
    fails=$((fails + 1))
fi

if [ "$fails" != 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "cli_memory: all passed"
