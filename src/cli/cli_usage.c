#include <string.h>

#include "cli.h"

static const char usage_main[] =
    "usage: tickos [FILE.json] [options]        the TUI on a save or exercise; no FILE: the demo\n"
    "       tickos sched     [options]          a scheduling scenario\n"
    "       tickos paging    [options]          a page-replacement scenario\n"
    "       tickos translate [options]          an address-translation scenario\n"
    "       tickos mesi      [options]          a cache-coherence scenario\n"
    "       tickos deadlock  [options]          a deadlock detection / Banker's scenario\n"
    "       tickos MODE --help                  the options of one mode\n"
    "\n"
    "common options:\n"
    "  --headless        no terminal UI: run to the end (or --ticks), then exit\n"
    "  --ticks N         stop after N more ticks (headless), or open the TUI N ticks in\n"
    "  --report PATH     write the JSON report to PATH when the run stops ('-': stdout)\n"
    "  --summary         leave per-tick and per-access arrays out of the report\n"
    "  --save PATH       write a save of the whole state when the run stops\n"
    "  --seed N          seed of the engine's random generator (default 1)\n"
    "  --theme NAME      default, high-contrast (projectors), mono, or a file in\n"
    "                    assets/themes/NAME.theme; NO_COLOR is honoured\n"
    "  --answers FILE    (FILE.json exercises, with --report) grade a JSON array of\n"
    "                    answers, one per question, into the report\n"
    "  --help, --version\n"
    "\n"
    "exit status: 0 success, 2 usage error, 1 any other error\n";

static const char usage_sched[] =
    "usage: tickos sched --policy fifo|sjf|stcf|rr|mlfq|prio|lottery\n"
    "                    (--lengths L0,L1,... | --jobs S,R,F:S,R,F:...) [options]\n"
    "  --lengths L,...   jobs 0,1,... arriving at 0 with these run times, no I/O\n"
    "  --jobs S,R,F:...  jobs as start,run,iofreq: an I/O after every iofreq ticks of CPU\n"
    "  --iotime T        ticks each I/O takes (default 5)\n"
    "  --quantum Q       time slice: rr (default 1), mlfq (default 10, every level), prio\n"
    "  --queues N        mlfq levels (default 3)\n"
    "  --quanta Q,...    mlfq slice per level, highest priority first\n"
    "  --allotment A     mlfq slices at a level before moving down (default 1)\n"
    "  --allotments A,.. the same per level, highest first\n"
    "  --boost B         mlfq: every job back to the top every B ticks (default never)\n"
    "  --stay            mlfq: an I/O gives a fresh slice and allotment\n"
    "  --iobump          an I/O completion joins the head of its queue, not the tail\n"
    "  --prios P,...     prio: static priority per job (higher runs first, 0 to 7)\n"
    "  --tickets T,...   lottery: tickets per job (default 100)\n"
    "several CPUs:\n"
    "  --cpus N          CPUs, 1 to 16 (default 1); one global queue they pick from in order\n"
    "  --percpu          a run queue per CPU: a new job joins the least loaded CPU\n"
    "  --steal           --percpu: an idle CPU takes the last job of the busiest CPU\n"
    "  --affinity        --percpu: a woken job goes back to the CPU it last ran on;\n"
    "                    global queue (fifo, rr, mlfq, prio): a CPU prefers, among the\n"
    "                    first 4 at the head level, a job that last ran on it\n"
    "  --balance B       --percpu: every B ticks, even out loads that differ by 2 or more\n";

static const char usage_paging[] =
    "usage: tickos paging --policy fifo|lru|opt|mru|clock|second-chance|lfu|nru|rand\n"
    "                     --frames N (--refs P,P,... | --refs-file PATH) [options]\n"
    "  a reference is a page number, with w for a write (3w); one reference per tick\n"
    "  --policy P        replacement policy (default fifo)\n"
    "  --frames N        physical frames, 1 to 1048576 (default 3)\n"
    "  --refs P,...      page numbers 0 to 2^32-1, decimal or 0x hex; at most 10000000\n"
    "  --refs-file PATH  one reference per line; blank lines and # comments skipped\n"
    "  --nru-period K    nru: reference bits are cleared every K ticks (default 8)\n"
    "  rand draws from the --seed generator; a per-access report is limited to\n"
    "  2000000 values (use --summary for longer traces)\n";

static const char usage_translate[] =
    "usage: tickos translate --addrs A,A,... [--levels 1|2] [--page-size 4096] [--frames N]\n"
    "                        [--tlb N] [--policy fifo|lru|clock|...]\n"
    "  32-bit virtual addresses, decimal or 0x hex, w suffix for a write; one per tick\n"
    "  --addrs-file PATH one address per line instead of --addrs (at most 10000000)\n"
    "  --levels 1|2      linear page table, or two levels (default): directory/table/\n"
    "                    offset bits 10/10/12 for 4 KiB pages; for other page sizes the\n"
    "                    vpn bits are halved, the directory taking the odd bit\n"
    "  --page-size S     a power of two from 256 to 16777216 (default 4096)\n"
    "  --frames N        physical frames, 1 to 1048576 (default 8)\n"
    "  --tlb N           TLB entries, 0 to 4096 (default 4; 0: no TLB)\n"
    "  --policy P        fifo|lru|opt|mru|clock|second-chance|lfu|nru|rand (default lru)\n"
    "  --nru-period K    nru: reference bits are cleared every K ticks (default 8)\n";

static const char usage_mesi[] =
    "usage: tickos mesi --cpus N (--refs C:OP:ADDR,... | --refs-file PATH) [--line 64]\n"
    "                   [--sets 1] [--ways 4] [--protocol mesi|msi|moesi]\n"
    "  a reference is CPU:OP:ADDR: CPU index < --cpus, r or w, byte address (decimal or 0x hex)\n"
    "  --refs-file PATH  one reference per line (blank lines and # comments skipped)\n"
    "  --cpus N          1 to 16 (default: one more than the highest CPU in the trace)\n"
    "  --line B          bytes per line, a power of two from 4 to 4096 (default 64)\n"
    "  --sets S --ways W per-CPU cache geometry, LRU within a set; S 1..65536, W 1..64,\n"
    "                    S x W at most 262144 lines\n"
    "  at most 10,000,000 references; the full report lists the first 100,000 accesses\n";

static const char usage_deadlock[] =
    "usage: tickos deadlock --detect --available V --alloc M --request M\n"
    "       tickos deadlock --banker --available V --alloc M --max M [--grant P:V]\n"
    "  a vector is a,b,c; a matrix is rows of that separated by ';'\n";

const char *cli_usage(const char *mode) {
    if (!mode)
        return usage_main;
    if (strcmp(mode, "sched") == 0)
        return usage_sched;
    if (strcmp(mode, "paging") == 0)
        return usage_paging;
    if (strcmp(mode, "translate") == 0)
        return usage_translate;
    if (strcmp(mode, "mesi") == 0)
        return usage_mesi;
    if (strcmp(mode, "deadlock") == 0)
        return usage_deadlock;
    return usage_main;
}
