#!/usr/bin/env python3
"""Writes a save (scenario only) of a whole machine for the full-engine benchmark.

  gen_machine.py [N [SEED]]   -> {"tickos": 1, "scenario": {"machine": ...}} on stdout

N processes (default 1,000, the most a machine spec lists) on 8 CPUs with
per-CPU run queues, work stealing and affinity; round robin; 1,024 frames of
4 KiB (clock, 16-entry TLBs); MESI caches of 64 sets x 8 ways x 64 B per CPU;
a 4-page shared segment every process maps. 16 programs, each with a memory
model over 12 pages of which the first 4 are the shared segment, so every
tick of CPU makes a reference and part of them meet on the bus; some write
the shared counter line with named steps too. Every process needs 1,000 to
1,400 ticks of CPU in bursts between short I/Os and arrives in the first
2,000 ticks: about 1.1 million ticks of CPU, more than 8 CPUs can run in
100,000 ticks, so the CPUs stay busy throughout. Memory is overcommitted on
purpose: the working sets of 1,000 time-shared processes exceed 1,024 frames,
so the machine thrashes (about 3 ticks of CPU in 10 are page-fault traps) and
pages, with their cached lines, leave frames all the time.
"""
import json
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
rnd = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
SHM = 0x70000000

programs = []
for i in range(16):
    burst = rnd.choice([40, 60, 90])
    steps = ["map shm"]
    for k in range(3):
        steps.append("cpu %d io %d %d" % (rnd.randrange(300, 420), burst, rnd.choice([3, 5, 8])))
        steps.append("read 0x%x" % (SHM + 64 * (i % 4)))
        steps.append("write 0x%x" % (SHM + 64 * (i % 4)))
    programs.append({"name": "w%d" % i, "steps": steps,
                     "memory": {"base": "0x%x" % SHM, "pages": 12, "hot": 3,
                                "locality": 90, "writes": 25, "phase": 500}})

machine = {
    "cpus": 8,
    "run_queues": {"percpu": True, "steal": True, "affinity": True},
    "sched": {"policy": "rr", "quantum": 20},
    "memory": {"frames": 1024, "policy": "clock", "tlb": 16},
    "caches": {"protocol": "mesi", "sets": 64, "ways": 8, "line": 64},
    "shared": [{"name": "shm", "base": "0x%x" % SHM, "pages": 4}],
    "programs": programs,
    "processes": [{"program": "w%d" % rnd.randrange(16), "name": "p%d" % i,
                   "arrival": rnd.randrange(0, 2000)} for i in range(n)],
}
json.dump({"tickos": 1, "scenario": {"machine": machine}}, sys.stdout)
sys.stdout.write("\n")
