#!/usr/bin/env python3
"""Writes an OSTEP-style --jobs list: N jobs whose run times add up to TOTAL ticks.

  gen_jobs.py N TOTAL [SEED]   -> start,run,iofreq:start,run,iofreq:...
"""
import random
import sys

n, total = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
base = total // n
jobs = []
for i in range(n):
    run = base + (total - base * n if i == n - 1 else 0)
    jobs.append("%d,%d,%d" % (rnd.randrange(0, total // 10), run, rnd.choice([0, 0, 7, 50])))
print(":".join(jobs))
