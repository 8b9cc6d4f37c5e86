#!/usr/bin/env python3
"""Runs the tickos benchmarks (called by bench/run after the build).

  bench.py TICKOS FLOOR OUTDIR

Times every benchmark as the CPU time (user + system) of the process, the
fastest of RUNS runs: the machine may be shared, and CPU time, unlike wall
time, does not count the moments another process had the core. Measures peak
memory (max RSS, one run under /usr/bin/time), prints a table and writes
bench/RESULTS.md (bench/notes.md is appended to it). Trace-driven figures are
also given as a ratio to the floor (bench/floor.c) timed on the same file in
the same run. The TUI figures are wall-clock latencies on a pseudo-terminal.
"""
import datetime
import fcntl
import hashlib
import json
import os
import re
import platform
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time

RUNS = 5
PEER_LIMIT = 120  # seconds a peer may run
HERE = os.path.dirname(os.path.abspath(__file__))
TIME = "/usr/bin/time"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run_once(cmd, stdout=subprocess.DEVNULL, limit=None):
    """Runs cmd; returns (CPU seconds, wall seconds, stdout bytes or None). CPU
    time (user + system, from wait4) is what the figures use: other work on a
    shared machine stretches wall time far more than it stretches CPU time.
    With limit (seconds), a run still going then is killed: TimeoutError."""
    with tempfile.TemporaryFile() as errf:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=stdout, stderr=errf, start_new_session=limit is not None)
        out = p.stdout.read() if stdout == subprocess.PIPE else None
        while True:  # not p.wait(): wait4 also gives the rusage
            pid, status, ru = os.wait4(p.pid, os.WNOHANG if limit else 0)
            if pid:
                break
            if time.perf_counter() - t0 > limit:
                os.killpg(p.pid, signal.SIGKILL)  # the peer and anything it started
                os.wait4(p.pid, 0)
                p.returncode = -9
                raise TimeoutError(cmd[0])
            time.sleep(0.02)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.stdout:
            p.stdout.close()
        if p.returncode != 0:
            errf.seek(0)
            sys.exit("bench: %s failed (exit %d): %s" %
                     (" ".join(cmd)[:200], p.returncode,
                      errf.read().decode(errors="replace").strip()))
    return ru.ru_utime + ru.ru_stime, wall, out


def best_ms(cmd, runs=RUNS):
    return min(run_once(cmd)[0] for _ in range(runs)) * 1000


def peak_kb(cmd):
    """Max RSS of one run in KiB, and its standard output; RSS None without GNU time."""
    if not os.access(TIME, os.X_OK):
        return None, run_once(cmd, subprocess.PIPE)[2]
    out = os.path.join(OUT, "rss.txt")
    stdout = run_once([TIME, "-f", "%M", "-o", out] + cmd, subprocess.PIPE)[2]
    with open(out) as f:
        return int(f.read().split()[-1]), stdout


def gen(kind, args, name):
    """Writes OUT/name from a generator unless it is there from the same generator and args."""
    script = os.path.join(HERE, kind)
    with open(script, "rb") as f:
        stamp = hashlib.sha1(f.read() + repr(args).encode()).hexdigest()
    path = os.path.join(OUT, name)
    stamp_path = path + ".stamp"
    if os.path.exists(path) and os.path.exists(stamp_path) and open(stamp_path).read() == stamp:
        return path
    log("generating %s" % name)
    with open(path + ".part", "w") as f:
        subprocess.run([sys.executable, script] + [str(a) for a in args], stdout=f, check=True)
    os.replace(path + ".part", path)
    with open(stamp_path, "w") as f:
        f.write(stamp)
    return path


# ---- TUI on a pty ---------------------------------------------------------------------------

def read_burst(fd, quiet, limit):
    """Reads until no byte came for `quiet` seconds (or `limit` passed). Returns
    (bytes, time of the last byte or None)."""
    got, last = 0, None
    end = time.perf_counter() + limit
    while True:
        now = time.perf_counter()
        wait = quiet if last is not None else end - now
        if last is not None:
            wait = min(wait, end - now)
        if wait <= 0:
            break
        r, _, _ = select.select([fd], [], [], wait)
        if not r:
            if last is not None or time.perf_counter() >= end:
                break
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        got += len(chunk)
        last = time.perf_counter()
    return got, last


def spawn_tui(tickos, args):
    """tickos on a fresh 200x60 pty in colour: (the process, the pty's master fd)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 60, 200, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", LINES="60", COLUMNS="200")
    env.pop("NO_COLOR", None)
    p = subprocess.Popen([tickos] + args, stdin=slave, stdout=slave, stderr=slave, env=env,
                         start_new_session=True)
    os.close(slave)
    return p, master


def end_tui(p, master):
    """Kills tickos if it is still there; closes the pty."""
    if p.poll() is None:
        p.kill()
        p.wait()
    os.close(master)


def tui_bench(tickos, args, steps=40):
    """Starts the TUI on a 200x60 pty. Returns (ms to the first frame, bytes of
    it, median ms from a step key to the last byte of its frame, median bytes
    per step frame), or raises RuntimeError."""
    t0 = time.perf_counter()
    p, master = spawn_tui(tickos, args)
    try:
        first_bytes, last = read_burst(master, 0.25, 10)
        if last is None or first_bytes < 1000:
            raise RuntimeError("no first frame (%d bytes)" % first_bytes)
        first_ms = (last - t0) * 1000
        lat, sizes = [], []
        for _ in range(steps):
            t = time.perf_counter()
            os.write(master, b"n")
            n, last = read_burst(master, 0.06, 5)
            if last is None:
                raise RuntimeError("no frame after a step key")
            lat.append((last - t) * 1000)
            sizes.append(n)
        os.write(master, b"q")
        read_burst(master, 0.1, 2)
        p.wait(timeout=5)
    finally:
        end_tui(p, master)
    lat.sort()
    sizes.sort()
    return first_ms, first_bytes, lat[len(lat) // 2], sizes[len(sizes) // 2]


def tui_back(tickos, args, ticks, steps=10):
    """Step back in the TUI on a 200x60 pty opened at tick `ticks` (--ticks):
    returns (ms from the first b to the last byte of its frame: no copy of the
    machine exists yet, so it replays from tick 0 and takes copies on the way;
    the median ms of the next `steps` b presses, which start from those copies;
    ms of a g back by 10,000 ticks)."""
    p, master = spawn_tui(tickos, args + ["--ticks", str(ticks)])

    def key(k, quiet=0.08):
        t = time.perf_counter()
        os.write(master, k)
        n, last = read_burst(master, quiet, 60)
        if last is None:
            raise RuntimeError("no frame after %r" % k)
        return (last - t) * 1000

    try:
        read_burst(master, 0.25, 60)
        cold = key(b"b", 0.3)
        warm = sorted(key(b"b") for _ in range(steps))
        far = key(b"g%d\r" % (ticks - steps - 1 - 10000), 0.3)
        os.write(master, b"q")
        read_burst(master, 0.1, 2)
        p.wait(timeout=5)
    finally:
        end_tui(p, master)
    return cold, warm[len(warm) // 2], far


def tui_running(tickos, args, seconds=1.0):
    """The TUI running at its top speed (1,000 ticks/s) on a 200x60 pty:
    returns (ms from a key, '6', to the first byte of the screen it asks for,
    the median ms between frames, bytes written per tick while running: the
    bytes from the run key to quitting over the ticks the report says ran)."""
    report = os.path.join(OUT, "tui-running.json")
    p, master = spawn_tui(tickos, args + ["--report", report])
    try:
        read_burst(master, 0.25, 10)
        os.write(master, b"+" * 9 + b" ")  # the top speed, then run
        total, stamps = 0, []
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            r, _, _ = select.select([master], [], [], 0.05)
            if r:
                total += len(os.read(master, 65536))
                stamps.append(time.perf_counter())
        gaps = sorted(b - a for a, b in zip(stamps, stamps[1:]) if b - a > 0.002)
        frame_ms = gaps[len(gaps) // 2] * 1000 if gaps else None
        # A key while it runs: how long until the screen it asks for starts.
        t = time.perf_counter()
        os.write(master, b"6")
        latency, buf = None, b""
        while time.perf_counter() - t < 5 and latency is None:
            r, _, _ = select.select([master], [], [], 0.05)
            if r:
                chunk = os.read(master, 65536)
                total += len(chunk)
                buf = (buf + chunk)[-4096:]
                if b"screen 6 log" in buf:
                    latency = (time.perf_counter() - t) * 1000
        os.write(master, b" q")  # pause, quit: the report has the ticks run
        total += read_burst(master, 0.1, 2)[0]
        p.wait(timeout=5)
    finally:
        end_tui(p, master)
    if latency is None:
        raise RuntimeError("the key was not answered")
    with open(report) as f:
        ran = json.load(f)["tick"]
    return latency, frame_ms, total / ran if ran else None


# ---- the benchmarks ---------------------------------------------------------------------------

def fmt_kb(kb):
    return "n/a" if kb is None else "%.1f MiB" % (kb / 1024)


def main():
    global OUT
    tickos, floor, OUT = sys.argv[1:4]
    tickos = os.path.abspath(tickos)
    os.makedirs(OUT, exist_ok=True)
    rows = []  # (name, ms, floor_ms, ratio, target, met, rss, note)

    def add(name, ms, rss, floor_ms=None, target=None, note="", met=None):
        """target: a ratio to the floor (met when at most that), or text with met given."""
        ratio = ms / floor_ms if floor_ms else None
        if met is None and target is not None:
            met = ratio <= target
        rows.append((name, ms, floor_ms, ratio, target, met, rss, note))
        log("  %-70s %8.1f ms%s  %s" % (name, ms, "" if ratio is None else "  %.2fx floor" % ratio,
                                         fmt_kb(rss)))

    # sched (no trace file, so no floor)
    jobs_path = gen("gen_jobs.py", [1000, 1000000], "jobs-1000.txt")
    jobs = open(jobs_path).read().strip()
    jobs10 = open(gen("gen_jobs.py", [1000, 10000000], "jobs-1000-10x.txt")).read().strip()
    sched = [tickos, "sched", "--headless", "--summary", "--report", "-", "--jobs"]
    log("sched")
    for pol, extra in (("mlfq", ["--boost", "100"]), ("stcf", []), ("lottery", [])):
        cmd = sched + [jobs, "--policy", pol] + extra
        rss, out = peak_kb(cmd)
        add("sched %s, 1,000 jobs, 1,000,000 CPU ticks" % pol, best_ms(cmd), rss,
            note="%d ticks" % json.loads(out)["tick"])
    cmd10 = sched + [jobs10, "--policy", "mlfq", "--boost", "100"]
    rss10, out10 = peak_kb(cmd10)
    ticks10 = json.loads(out10)["tick"]
    add("sched mlfq, 1,000 jobs, 10,000,000 CPU ticks", best_ms(cmd10, 1), rss10,
        note="%d ticks" % ticks10)
    rss1 = rows[0][6]
    growth_ok = rss1 is not None and rss10 is not None and rss10 <= rss1 * 1.25 + 1024

    # traces
    paging = gen("gen_trace.py", ["paging", 1000000], "paging-1m.txt")
    translate = gen("gen_trace.py", ["translate", 1000000], "translate-1m.txt")
    mesi = gen("gen_trace.py", ["mesi", 1000000], "mesi-1m.txt")
    floors = {}
    for name, fmt, path in (("paging", "mem", paging), ("translate", "mem", translate),
                            ("mesi", "mesi", mesi)):
        cmd = [floor, fmt, path]
        rss, out = peak_kb(cmd)
        if not out.startswith(b"1000000 references"):
            sys.exit("bench: the floor read %r from %s" % (out[:60], path))
        floors[name] = (best_ms(cmd), rss)
    log("floors: " + ", ".join("%s %.1f ms" % (k, v[0]) for k, v in floors.items()))

    def trace(name, cmd, floor_name, fmt, path, target, key):
        rss, out = peak_kb(cmd)
        rep = json.loads(out)
        if rep.get(key) != 1000000 or not rep.get("done"):
            sys.exit("bench: %s did not replay 1,000,000 references: %s" % (name, out[:200]))
        note = {"paging": "hit rate %.3f" % rep.get("hit_rate", 0),
                "translate": "TLB hits %d, faults %d" % (rep.get("tlb_hits", 0),
                                                         rep.get("faults", 0)),
                "mesi": "hit rate %.3f, %d invalidations" % (rep.get("hit_rate", 0),
                                                             rep.get("invalidations", 0))}[floor_name]
        # Alternate with the floor, so a busy moment of the machine hits both.
        ms, fms = [], []
        for _ in range(RUNS):
            fms.append(run_once([floor, fmt, path])[0])
            ms.append(run_once(cmd)[0])
        fl = min(min(fms) * 1000, floors[floor_name][0])
        add(name, min(ms) * 1000, rss, fl, target, note)

    log("traces")
    common = ["--headless", "--summary", "--report", "-"]
    for pol, target in (("fifo", 3), ("lru", 3), ("clock", 3), ("opt", 6)):
        trace("paging %s, 1,000,000 refs, 1,024 frames" % pol,
              [tickos, "paging", "--policy", pol, "--frames", "1024", "--refs-file", paging] + common,
              "paging", "mem", paging, target, "references")
    trace("translate, 1,000,000 addresses, 2 levels, 1,024 frames, 64-entry TLB", [tickos, "translate", "--levels", "2", "--frames",
                                            "1024", "--tlb", "64", "--addrs-file", translate] +
          common, "translate", "mem", translate, 4, "references")
    trace("mesi, 8 CPUs, 1,000,000 refs, 64 sets x 8 ways x 64 B", [tickos, "mesi", "--cpus", "8", "--sets", "64",
                                          "--ways", "8", "--refs-file", mesi] + common,
          "mesi", "mesi", mesi, 4, "refs")

    # The full engine: a machine save (bench/gen_machine.py) with every subsystem on.
    log("full engine")
    full = gen("gen_machine.py", [1000], "machine-1000.json")
    run_args = [tickos, full, "--headless", "--summary", "--ticks", "100000"]
    rss, out = peak_kb(run_args + ["--report", "-"])
    rep = json.loads(out)
    if rep.get("tick") != 100000 or "caches" not in rep:
        sys.exit("bench: the full engine did not run 100,000 ticks with caches: %s" % out[:200])
    pticks = sum(c["busy"] for c in rep["per_cpu"])  # CPU ticks run: process-ticks
    ms = best_ms(run_args + ["--report", "/dev/null"])
    rate = pticks / (ms / 1000)
    mem, cc = rep["memory"], rep["caches"]
    add("full engine, 1,000 processes, 8 CPUs, memory and caches, 100,000 ticks", ms, rss,
        target=">= 1,000,000 process-ticks/s", met=rate >= 1e6,
        note="%.2fM process-ticks/s (%d process-ticks); %d references, %d page faults, "
             "cache hit rate %.3f, %d coherence misses" % (
                 rate / 1e6, pticks, mem["references"], mem["faults"], cc["hit_rate"],
                 cc["miss_kinds"]["coherence"]))

    # A snapshot of that machine (machine_clone), which the TUI keeps every K ticks to step
    # back: timed inside the process (bench/clone.c), the fastest of 20 copies.
    clone_bin = os.path.join(os.path.dirname(tickos), "tickos_bench_clone")
    if os.access(clone_bin, os.X_OK):
        rss, out = peak_kb([clone_bin, full, "50000", "20"])
        cl = json.loads(out)
        add("snapshot (machine_clone) of that machine at tick 50,000", cl["copy_ms"], rss,
            note="one copy (CPU time inside the process, not the whole run): %.1f MiB; "
                 "destroyed in %.2f ms" % (cl["bytes"] / 2**20, cl["destroy_ms"]))
    else:
        log("  no %s: snapshot not measured" % clone_bin)

    # TUI
    log("tui")
    tui = []
    for label, args in (("demo", []), ("sched mlfq, 1,000 jobs", ["sched", "--policy", "mlfq",
                                                                   "--jobs", jobs])):
        try:
            tui.append((label,) + tui_bench(tickos, args))
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
            tui.append((label, None, None, None, None))
            log("  tui %s: not measured: %s" % (label, e))
    for t in tui:
        if t[1] is not None:
            log("  tui %-20s first frame %.1f ms (%d bytes), step frame %.2f ms, %d bytes" % t)
    try:
        running = tui_running(tickos, ["sched", "--policy", "mlfq", "--jobs", jobs])
        log("  tui running at 1,000 ticks/s: key answered in %.1f ms, frames every %s ms, "
            "%s bytes per tick" % (running[0], running[1], running[2]))
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
        running = None
        log("  tui running: not measured: %s" % e)

    back = []
    for label, args, ticks in (("sched mlfq, 1,000 jobs, at tick 1,000,000",
                                ["sched", "--policy", "mlfq", "--jobs", jobs], 1000000),
                               ("full machine, 1,000 processes, at tick 12,000", [full], 12000)):
        try:
            back.append((label,) + tui_back(tickos, args, ticks))
            log("  tui back, %s: first b %.0f ms, then %.1f ms per b, 10,000 back %.0f ms"
                % back[-1])
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
            log("  tui back, %s: not measured: %s" % (label, e))

    # peers
    peers = []
    ostep = os.environ.get("OSTEP_HOMEWORK", "")

    def find_peer(script, sub):
        cand = os.path.join(ostep, sub, script) if ostep else ""
        if cand and os.path.exists(cand):
            return [sys.executable, cand]
        found = shutil.which(script)
        return [found] if found else None

    def peer_run(what, cmd, mine_ms):
        """One run of a peer, CPU time as for tickos; stopped after PEER_LIMIT seconds."""
        try:
            cpu = run_once(cmd, limit=PEER_LIMIT)[0]
        except TimeoutError:
            peers.append("%s: still running after %d s, stopped." % (what, PEER_LIMIT))
            return
        peers.append("%s: %.0f ms, %.1fx tickos's %.1f ms." % (what, cpu * 1000,
                                                                  cpu * 1000 / mine_ms, mine_ms))

    mlfq = find_peer("mlfq.py", "cpu-sched-mlfq")
    if mlfq:
        peer_run("OSTEP mlfq.py, same jobs (-c -B 100)", mlfq + ["-l", jobs, "-c", "-B", "100"],
                 rows[0][1])
    else:
        peers.append("OSTEP mlfq.py: not installed (no package registry here has it; set "
                     "OSTEP_HOMEWORK to an ostep-homework checkout or put it on PATH), so no peer "
                     "figure.")
    pp = find_peer("paging-policy.py", "vm-beyondphys-policy")
    if pp:
        peer_in = os.path.join(OUT, "paging-1m-peer.txt")
        with open(paging) as src, open(peer_in, "w") as dst:
            for line in src:
                dst.write(line.rstrip("\nwr") + "\n")  # it reads bare page numbers
        for pol in ("FIFO", "LRU"):
            mine = [r for r in rows if r[0].startswith("paging %s" % pol.lower())][0][1]
            peer_run("OSTEP paging-policy.py -p %s -C 1024, same pages" % pol,
                     pp + ["-f", peer_in, "-p", pol, "-C", "1024", "-c", "-N"], mine)
    else:
        peers.append("OSTEP paging-policy.py: not installed either, so no peer figure.")

    write_results(rows, floors, tui, growth_ok, rss1, rss10, peers, running, back)


def machine_line():
    model = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return "%d cores, %s, %s %s, %s" % (os.cpu_count() or 0, model, platform.system(),
                                        platform.release(), subprocess.run(
                                            ["cc", "--version"], capture_output=True,
                                            text=True).stdout.splitlines()[0])


def write_results(rows, floors, tui, growth_ok, rss1, rss10, peers, running, back):
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["| benchmark | time | floor | ratio | target | met | peak RSS | notes |",
             "|---|---:|---:|---:|---:|---|---:|---|"]
    for name, ms, fl, ratio, target, met, rss, note in rows:
        lines.append("| %s | %.1f ms | %s | %s | %s | %s | %s | %s |" % (
            name, ms, "" if fl is None else "%.1f ms" % fl,
            "" if ratio is None else "%.2fx" % ratio,
            "" if target is None else target if isinstance(target, str) else "%gx" % target,
            "" if met is None else ("yes" if met else "**no**"), fmt_kb(rss), note))
    for label, first, fbytes, frame, fb in tui:
        if first is None:
            lines.append("| TUI %s, 200x60 pty | not measured | | | 2 ms | | | |" % label)
            continue
        lines.append("| TUI %s, 200x60 pty: step frame | %.2f ms | | | 2 ms | %s | | %d bytes "
                     "per frame |" % (label, frame, "yes" if frame < 2 else "**no**", fb))
        lines.append("| TUI %s, 200x60 pty: first frame | %.1f ms | | | | | | %d bytes |" %
                     (label, first, fbytes))
    if running:
        lat, frame, per_tick = running
        lines.append("| TUI sched mlfq, 1,000 jobs, running at 1,000 ticks/s: a key (6) answered "
                     "| %.1f ms | | | one frame (%s ms) | %s | | %s bytes per tick |" % (
                         lat, "?" if frame is None else "%.0f" % frame,
                         "yes" if frame is not None and lat <= frame + 2 else "**no**",
                         "?" if per_tick is None else "%.0f" % per_tick))
    for label, cold, warm, far in back:
        lines.append("| TUI step back (b), %s | %.1f ms | | | | | | the first b (replay from 0, "
                     "copies taken on the way) %.0f ms; g 10,000 ticks back %.0f ms |" % (
                         label, warm, cold, far))
    growth = ("no per-tick growth: peak RSS %s at 1,000,000 ticks, %s at 10,000,000 (target: "
              "within 25%% + 1 MiB): %s" % (fmt_kb(rss1), fmt_kb(rss10),
                                            "yes" if growth_ok else "**no**"))
    table = "\n".join(lines)
    print()
    print(table)
    print()
    print(growth)
    with open(os.path.join(HERE, "notes.md")) as f:
        notes = f.read()
    with open(os.path.join(HERE, "RESULTS.md"), "w") as f:
        f.write("# tickos benchmarks\n\n")
        f.write("Written by `bench/run` on %s. Machine: %s. Build: Release (cmake "
                "-DCMAKE_BUILD_TYPE=Release); floor: `cc -O2 bench/floor.c`. Times are CPU time "
                "(user + system) of the whole process, start to exit with parsing included, the "
                "fastest of %d runs; ratios divide by the floor timed in the same run on the same "
                "file. TUI times are wall-clock latencies read on the pty. Peak RSS is GNU "
                "time's %%M of one run.\n\n" % (date, machine_line(), RUNS))
        f.write(table + "\n\n- Headless `--summary`, " + growth + ".\n")
        for p in peers:
            f.write("- " + p + "\n")
        f.write("\n" + notes)
    print("\nwrote bench/RESULTS.md")


if __name__ == "__main__":
    main()
