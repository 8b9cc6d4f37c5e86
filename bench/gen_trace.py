#!/usr/bin/env python3
"""Writes a deterministic trace in the --refs-file / --addrs-file formats of tickos.

  gen_trace.py paging    N [SEED]  -> one page number per line, "w" suffix on writes
  gen_trace.py translate N [SEED]  -> one 32-bit hex address per line, "w" on writes
  gen_trace.py mesi      N [SEED]  -> one CPU:OP:ADDR per line, CPUs 0..7

Every trace has locality that drifts, so the replacement policy (paging,
translate) and the sharing between CPUs (mesi) matter:
- paging: a working set of about 1,400 pages (more than the benchmark's 1,024
  frames) whose base moves by a few pages every 1,000 references, hot pages
  near the base drawn more often, and 5% references scattered over 65,536 pages.
- translate: code, heap and stack regions far apart in the 32-bit space (so the
  two-level table has several directories), each with a working set (the
  heap's drifts); 90% of references walk on from the region's last address.
- mesi: 8 CPUs, each with a drifting private window (60% of its references walk
  on word by word), plus a shared region (20% of the references, a third of
  them writes) with 8 hot lines every CPU fights over.
"""
import random
import sys


def paging(n, rnd, out):
    base = 0
    lines = []
    for i in range(n):
        if i % 1000 == 0:
            base = (base + rnd.randrange(0, 24)) % 60000
        r = rnd.random()
        if r < 0.05:
            page = rnd.randrange(0, 65536)
        else:
            # Triangular: pages near the base are the hottest.
            page = base + int(rnd.triangular(0, 1400, 0))
        lines.append("%d%s" % (page, "w" if rnd.random() < 0.25 else ""))
    out.write("\n".join(lines))
    out.write("\n")


def translate(n, rnd, out):
    # (base page, working-set size in pages, weight, write probability)
    regions = [(0x00400, 300, 0.45, 0.02),  # code
               (0x10000, 900, 0.40, 0.35),  # heap, drifting
               (0xbff00, 120, 0.15, 0.50)]  # stack
    heap_drift = 0
    current = [None, None, None]  # the address each region last touched
    lines = []
    for i in range(n):
        if i % 2000 == 0:
            heap_drift = (heap_drift + rnd.randrange(0, 16)) % 0x20000
        r = rnd.random()
        k = 0 if r < regions[0][2] else 1 if r < regions[0][2] + regions[1][2] else 2
        base, size, _, wp = regions[k]
        if k == 1:
            base += heap_drift
        if current[k] is not None and rnd.random() < 0.9:
            # Mostly the next word of the same run (spatial locality).
            addr = current[k] + 4
        else:
            page = base + int(rnd.triangular(0, size, 0))
            addr = (page << 12) | (rnd.randrange(0, 1024) << 2)
        current[k] = addr
        lines.append("0x%x%s" % (addr & 0xffffffff, "w" if rnd.random() < wp else ""))
    out.write("\n".join(lines))
    out.write("\n")


def mesi(n, rnd, out, cpus=8):
    lines = []
    shared_base = 0x100000
    hot = [shared_base + 64 * k for k in range(8)]
    last = [None] * cpus  # each CPU's last private address
    for i in range(n):
        cpu = rnd.randrange(cpus)
        r = rnd.random()
        if r < 0.05:
            addr = rnd.choice(hot)
            write = rnd.random() < 0.33
        elif r < 0.20:
            addr = shared_base + 64 * int(rnd.triangular(0, 1024, 0)) + 8 * rnd.randrange(0, 8)
            write = rnd.random() < 0.33
        else:
            if last[cpu] is not None and rnd.random() < 0.6:
                addr = last[cpu] + 8  # the next word: mostly the same line
            else:
                # A drifting window of 1,024 lines per CPU, hottest at its start.
                window = (i // 5000) * 64 * 16
                addr = 0x10000000 * (cpu + 1) + window + 64 * int(rnd.triangular(0, 1024, 0))
            last[cpu] = addr
            write = rnd.random() < 0.3
        lines.append("%d:%s:0x%x" % (cpu, "w" if write else "r", addr))
    out.write("\n".join(lines))
    out.write("\n")


def main():
    if len(sys.argv) not in (3, 4) or sys.argv[1] not in ("paging", "translate", "mesi"):
        sys.exit("usage: gen_trace.py paging|translate|mesi N [SEED]")
    n = int(sys.argv[2])
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    {"paging": paging, "translate": translate, "mesi": mesi}[sys.argv[1]](n, rnd, sys.stdout)


if __name__ == "__main__":
    main()
