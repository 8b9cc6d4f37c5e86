/* spec: a machine built from its JSON description (spec.h): hand-worked runs
 * of small specs, the step text, and a message naming the JSON path for every
 * kind of bad spec. */
// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"
#include "resmgr.h"
#include "scenario.h"
#include "spec.h"
#include "vm.h"

/* JSON written with ' for ": the tables stay readable. */
static cJSON *parse_q(const char *text) {
    char *s = strdup(text);
    assert_non_null(s);
    for (char *p = s; *p; p++)
        if (*p == '\'')
            *p = '"';
    cJSON *j = cJSON_Parse(s);
    free(s);
    assert_non_null(j);
    return j;
}

static machine *build(const char *text) {
    cJSON *j = parse_q(text);
    machine *m = NULL;
    char err[300] = "";
    if (spec_build(j, 1, &m, err, sizeof err) != 0)
        fail_msg("spec refused: %s", err);
    cJSON_Delete(j);
    m->record = true;
    return m;
}

static void run(machine *m) {
    while (!machine_done(m) && m->tick < 10000)
        machine_tick(m);
    assert_true(machine_done(m));
}

static const proc *P(const machine *m, int32_t pid) {
    const proc *p = machine_proc_c(m, pid);
    assert_non_null(p);
    return p;
}

/* rr, quantum 2. a: cpu 3, io 2, cpu 1 at 0; b: cpu 4 at 1.
 * t0-1 a (its slice); b arrived at 1 and is ahead of a: t2-3 b; t4 a ends its
 * cpu 3 and starts a 2-tick I/O (back at 7); t5-6 b, done at 7; t7 a's last
 * tick, done at 8. a waited at 2-3, b at 1 and 4. */
static void test_rr_timeline(void **st) {
    (void)st;
    machine *m = build("{'sched': {'policy': 'rr', 'quantum': 2},"
                       " 'programs': [{'name': 'a', 'steps': ['cpu 3', 'io 2', 'cpu 1']},"
                       "              {'name': 'b', 'steps': ['cpu 4']}],"
                       " 'processes': [{'program': 'a'}, {'program': 'b', 'arrival': 1}]}");
    assert_int_equal(m->mode, MODE_DEMO);
    assert_int_equal(m->pid_base, 1);
    assert_int_equal(m->init_pid, -1);
    assert_int_equal(m->sched.cfg.policy, SCHED_RR);
    assert_int_equal(m->sched.cfg.quantum[0], 2);
    run(m);
    int32_t timeline[] = {1, 1, 2, 2, 1, 2, 2, 1};
    assert_int_equal(m->tick, 8);
    assert_int_equal(m->hist_len, 8);
    assert_memory_equal(m->timeline, timeline, sizeof timeline);
    assert_int_equal(P(m, 1)->finish, 8);
    assert_int_equal(P(m, 2)->finish, 7);
    assert_int_equal(P(m, 1)->wait_time, 2);
    assert_int_equal(P(m, 2)->wait_time, 2);
    assert_int_equal(P(m, 1)->ios, 1);
    assert_int_equal(P(m, 2)->first_run, 2);
    assert_int_equal(P(m, 1)->ppid, -1);
    assert_string_equal(P(m, 2)->name, "b");
    machine_destroy(m);
}

/* The step text, one of each form. */
static void test_step_text(void **st) {
    (void)st;
    static const char *const progs[] = {"init", "worker"};
    static const char *const res[] = {"fork0", "tape", "full"};
    spec_names nm = {progs, 2, res, 3, 1, 1, NULL, 0};
    static const struct {
        const char *text;
        uint8_t kind;
        uint32_t n, iofreq, iotime;
    } ok[] = {
        {"cpu 7", STEP_RUN, 7, 0, 0},
        {"  cpu   12 io 3 4 ", STEP_RUN, 12, 3, 4},
        {"io 5", STEP_IO, 5, 0, 0},
        {"fork worker", STEP_FORK, 1, 0, 0},
        {"wait", STEP_WAIT, 0, 0, 0},
        {"waitall", STEP_WAIT, 1, 0, 0},
        {"exit", STEP_EXIT, 0, 0, 0},
        {"read 0x7ffff008", STEP_READ, 0x7ffff008u, 0, 0},
        {"write 4096", STEP_WRITE, 4096, 0, 0},
        {"read 0XFFFFFFFF", STEP_READ, 0xffffffffu, 0, 0},
        {"acquire fork0", STEP_ACQUIRE, 0, 1, 0},
        {"acquire tape 2", STEP_ACQUIRE, 1, 2, 0},
        {"release full 3", STEP_RELEASE, 2, 3, 0},
        {"claim tape 0", STEP_CLAIM, 1, 0, 0},
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        prog_step s;
        char err[200] = "";
        if (spec_step_parse(ok[i].text, &nm, &s, err, sizeof err) != 0)
            fail_msg("'%s' refused: %s", ok[i].text, err);
        assert_int_equal(s.kind, ok[i].kind);
        assert_int_equal(s.n, ok[i].n);
        assert_int_equal(s.iofreq, ok[i].iofreq);
        assert_int_equal(s.iotime, ok[i].iotime);
    }
    /* Without memory or resources, their steps are refused. */
    spec_names bare = {progs, 2, res, 3, 0, 0, NULL, 0};
    prog_step s;
    char err[200];
    assert_int_equal(spec_step_parse("write 8", &bare, &s, err, sizeof err), -1);
    assert_string_equal(err, "'write 8': write needs memory (machine.memory)");
    assert_int_equal(spec_step_parse("release tape", &bare, &s, err, sizeof err), -1);
    assert_string_equal(err, "'release tape': release needs resources (machine.resources)");
    char longer[SPEC_MAX_STEP_TEXT + 2];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    assert_int_equal(spec_step_parse(longer, &nm, &s, err, sizeof err), -1);
    assert_string_equal(err, "longer than 100 characters");

    /* In a built machine: names resolve to indices, a fork to a program listed later. */
    machine *m =
        build("{'sched': {'policy': 'fifo'},"
              " 'resources': {'types': [{'name': 'm', 'kind': 'mutex'},"
              "                         {'name': 'sem', 'kind': 'semaphore', 'count': 2}]},"
              " 'programs': [{'name': 'p', 'steps': ['fork q', 'acquire sem 2', 'release m']},"
              "              {'name': 'q', 'steps': ['cpu 1']}],"
              " 'processes': [{'program': 'p'}]}");
    const program *p = &m->progs[0];
    assert_string_equal(p->name, "p");
    assert_int_equal(p->nsteps, 3);
    assert_int_equal(p->steps[0].kind, STEP_FORK);
    assert_int_equal(p->steps[0].n, 1);
    assert_int_equal(p->steps[1].kind, STEP_ACQUIRE);
    assert_int_equal(p->steps[1].n, 1);
    assert_int_equal(p->steps[1].iofreq, 2);
    assert_int_equal(p->steps[2].n, 0);
    assert_int_equal(resmgr_of(m)->types[1].kind, RM_SEM);
    assert_int_equal(resmgr_of(m)->types[1].avail, 2);
    machine_destroy(m);
}

/* init forks parent and waits for all; parent forks child and runs 1 tick;
 * child runs 2 (fifo). Tick 0: everyone arrives (init blocks in waitall),
 * parent runs and exits at 1 leaving child an orphan: with init it is
 * adopted (ppid 1), init reaps the parent and waits on; child runs 1-2,
 * exits at 3, init reaps it and exits at 3. Without init the orphan has no
 * parent (ppid -1, no reaping), init's only child is reaped at 1 and init
 * exits then. */
static void test_init_adopts(void **st) {
    (void)st;
    const char *fmt = "{'init': %s, 'sched': {'policy': 'fifo'},"
                      " 'programs': [{'name': 'init', 'steps': ['fork parent', 'waitall']},"
                      "              {'name': 'parent', 'steps': ['fork child', 'cpu 1']},"
                      "              {'name': 'child', 'steps': ['cpu 2']}],"
                      " 'processes': [{'program': 'init'}]}";
    char text[600];
    snprintf(text, sizeof text, fmt, "true");
    machine *m = build(text);
    assert_int_equal(m->init_pid, 1);
    run(m);
    int32_t timeline[] = {2, 3, 3};
    assert_int_equal(m->tick, 3);
    assert_memory_equal(m->timeline, timeline, sizeof timeline);
    assert_int_equal(P(m, 3)->ppid, 1);
    assert_int_equal(P(m, 2)->ppid, 1);
    int64_t finish[] = {3, 1, 3};
    for (int32_t pid = 1; pid <= 3; pid++) {
        assert_int_equal(P(m, pid)->state, PROC_TERMINATED);
        assert_int_equal(P(m, pid)->finish, finish[pid - 1]);
    }
    machine_destroy(m);

    snprintf(text, sizeof text, fmt, "false");
    m = build(text);
    assert_int_equal(m->init_pid, -1);
    run(m);
    assert_int_equal(m->tick, 3);
    assert_int_equal(P(m, 3)->ppid, -1);
    assert_int_equal(P(m, 1)->finish, 1);
    assert_int_equal(P(m, 3)->state, PROC_TERMINATED);
    machine_destroy(m);
}

/* Memory: linear tables of 256-byte pages, local replacement with a quota of
 * one frame, fault 5, write-back 5. read 0x100 faults at 0 (ready at 6,
 * retried at 6); write 512 faults at 7 and evicts the clean vpn 1 (13);
 * read 0x100 faults at 14 and evicts the dirty vpn 2: written back first
 * (14 + 1 + 5 + 5 = 25); exit at 26, the cpu 4 after it never runs. */
static void test_memory_steps(void **st) {
    (void)st;
    machine *m = build("{'sched': {'policy': 'rr'},"
                       " 'memory': {'frames': 2, 'policy': 'fifo', 'levels': 1, 'page_size': 256,"
                       "            'tlb': 0, 'local': true, 'quota': 1},"
                       " 'programs': [{'name': 'a', 'steps': ['read 0x100', 'write 512',"
                       "                                      'read 0x100', 'exit', 'cpu 4']}],"
                       " 'processes': [{'program': 'a'}]}");
    run(m);
    assert_int_equal(m->tick, 26);
    for (uint64_t t = 0; t < 26; t++) {
        bool on = t == 0 || t == 6 || t == 7 || t == 13 || t == 14 || t == 25;
        assert_int_equal(m->timeline[t], on ? 1 : -1);
    }
    vm_stats s;
    vm_stats_get(m, &s);
    assert_int_equal(s.faults, 3);
    assert_int_equal(s.evictions, 2);
    assert_int_equal(s.writebacks, 1);
    assert_int_equal(s.refs, 3);
    assert_int_equal(s.thrash_first, -1);
    machine_destroy(m);
}

/* Dining philosophers (fifo): each takes its left fork on arrival, thinks a
 * tick holding it, asks for its right fork. P1 runs at 0 and waits for
 * fork1 (P2's), ..., P5 runs at 4 and waits for fork0 (P1's): detection after
 * tick 4 finds all five in one cycle and the machine stops at 5. With P5
 * taking fork0 first it cannot close the cycle: P4 gets fork4 at 3 and eats
 * 4-5 (done 6), then P3 (8), P2 (10), P1 (12); P5, waiting for fork0 since 0,
 * thinks at 12 and eats 13-14 (15). */
static void test_dining(void **st) {
    (void)st;
    for (int ordered = 0; ordered <= 1; ordered++) {
        char text[2000];
        int n = snprintf(text, sizeof text,
                         "{'sched': {'policy': 'fifo'}, 'resources': {'types': ["
                         "{'name': 'fork0', 'kind': 'mutex'}, {'name': 'fork1', 'kind': 'mutex'},"
                         "{'name': 'fork2', 'kind': 'mutex'}, {'name': 'fork3', 'kind': 'mutex'},"
                         "{'name': 'fork4', 'kind': 'mutex'}]}, 'programs': [");
        for (int i = 0; i < 5; i++) {
            int a = i, b = (i + 1) % 5;
            if (ordered && a > b) {
                a = b;
                b = i;
            }
            n += snprintf(text + n, sizeof text - (size_t)n,
                          "%s{'name': 'phil%d', 'steps': ['acquire fork%d', 'cpu 1', "
                          "'acquire fork%d', 'cpu 2', 'release fork%d', 'release fork%d']}",
                          i ? "," : "", i, a, b, a, b);
        }
        snprintf(text + n, sizeof text - (size_t)n,
                 "], 'processes': [{'program': 'phil0'}, {'program': 'phil1'}, {'program': "
                 "'phil2'}, {'program': 'phil3'}, {'program': 'phil4'}]}");
        machine *m = build(text);
        run(m);
        const rm_snapshot *s = resmgr_snapshot(m);
        if (!ordered) {
            assert_int_equal(m->tick, 5);
            int32_t dead[] = {1, 2, 3, 4, 5};
            assert_int_equal(s->last.ndead, 5);
            assert_memory_equal(s->last.dead, dead, sizeof dead);
            assert_memory_equal(s->last.cycle, dead, sizeof dead);
            assert_int_equal(resmgr_owner(m, 0), 1);
        } else {
            int64_t finish[] = {12, 10, 8, 6, 15};
            assert_int_equal(m->tick, 15);
            for (int32_t pid = 1; pid <= 5; pid++)
                assert_int_equal(P(m, pid)->finish, finish[pid - 1]);
            assert_int_equal(resmgr_of(m)->deadlocks, 0);
        }
        machine_destroy(m);
    }
}

/* Settings that only some policies take reach the scheduler and the PCBs. */
static void test_settings(void **st) {
    (void)st;
    machine *m = build("{'sched': {'policy': 'mlfq', 'quanta': [2, 4, 8], 'allotments': [1, 1, 2],"
                       " 'boost': 20, 'stay': true, 'iobump': true},"
                       " 'programs': [{'name': 'a', 'steps': ['cpu 1']}],"
                       " 'processes': [{'program': 'a'}]}");
    const sched_config *c = &m->sched.cfg;
    assert_int_equal(c->levels, 3);
    assert_int_equal(c->quantum[2], 2);
    assert_int_equal(c->quantum[1], 4);
    assert_int_equal(c->quantum[0], 8);
    assert_int_equal(c->allot[2], 1);
    assert_int_equal(c->allot[0], 2);
    assert_int_equal(c->boost, 20);
    assert_true(c->stay);
    assert_true(c->iobump);
    machine_destroy(m);
    m = build("{'sched': {'policy': 'prio', 'quantum': 3},"
              " 'programs': [{'name': 'a', 'steps': ['cpu 1']}],"
              " 'processes': [{'program': 'a', 'prio': 6, 'name': 'hi'}, {'program': 'a'}]}");
    assert_int_equal(P(m, 1)->prio, 6);
    assert_int_equal(P(m, 2)->prio, 0);
    assert_string_equal(P(m, 1)->name, "hi");
    assert_string_equal(P(m, 2)->name, "a");
    assert_int_equal(m->sched.cfg.quantum[5], 3);
    machine_destroy(m);
    m = build("{'sched': {'policy': 'lottery'}, 'programs': [{'name': 'a', 'steps': ['cpu 1']}],"
              " 'processes': [{'program': 'a', 'tickets': 7}]}");
    assert_int_equal(P(m, 1)->tickets, 7);
    machine_destroy(m);
    m = build(
        "{'sched': {'policy': 'fifo'},"
        " 'memory': {'frames': 5, 'policy': 'nru', 'nru_period': 3, 'tlb': 9, 'tlb_tagged': true,"
        "            'fault_time': 7, 'writeback_time': 0, 'window': 64, 'thrash_pct': 50,"
        "            'trace_refs': false},"
        " 'resources': {'types': [{'name': 'r', 'kind': 'pool', 'count': 4}],"
        "               'detect_every': 0, 'banker': true, 'ordered': true,"
        "               'release_on_block': true, 'recovery': 'preempt'},"
        " 'programs': [{'name': 'a', 'steps': ['cpu 1'],"
        "               'memory': {'base': '0x400000', 'pages': 16, 'hot': 4,"
        "                          'locality': 90, 'writes': 20, 'phase': 8}}],"
        " 'processes': [{'program': 'a'}]}");
    const vm *v = vm_of(m);
    assert_non_null(v);
    assert_int_equal(v->cfg.frames, 5);
    assert_int_equal(v->cfg.policy, PAGER_NRU);
    assert_int_equal(v->cfg.nru_period, 3);
    assert_int_equal(v->cfg.tlb_entries, 9);
    assert_true(v->cfg.tlb_tagged);
    assert_int_equal(v->cfg.fault_time, 7);
    assert_int_equal(v->cfg.writeback_time, 0);
    assert_int_equal(v->cfg.window, 64);
    assert_int_equal(v->cfg.thrash_pct, 50);
    assert_false(v->cfg.trace_refs);
    assert_int_equal(v->models[0].base, 0x400000);
    assert_int_equal(v->models[0].pages, 16);
    assert_int_equal(v->models[0].hot, 4);
    assert_int_equal(v->models[0].phase, 8);
    const resmgr *r = resmgr_of(m);
    assert_int_equal(r->cfg.detect_every, 0);
    assert_true(r->cfg.banker && r->cfg.ordered && r->cfg.release_on_block);
    assert_int_equal(r->cfg.recovery, RM_RECOVER_PREEMPT);
    assert_int_equal(r->types[0].total, 4);
    machine_destroy(m);
}

/* Every kind of bad spec: one message naming the JSON path. */
#define RR    "'sched':{'policy':'rr'}"
#define PROCS "'processes':[{'program':'a'}]"
#define ONE   "'programs':[{'name':'a','steps':['cpu 1']}]," PROCS
static const struct {
    const char *spec, *msg;
} bad[] = {
    {"[]", "machine: expected an object, got an array"},
    {"{" RR "," ONE ",'colour':1}", "machine: unknown key \"colour\""},
    {"{" ONE "}", "machine.sched: missing"},
    {"{'sched':{'policy':'rrr'}," ONE "}",
     "machine.sched.policy: unknown policy \"rrr\" (fifo, sjf, stcf, rr, mlfq, prio, lottery)"},
    {"{'sched':{'policy':'fifo','quantum':2}," ONE "}",
     "machine.sched.quantum: only for rr, mlfq and prio"},
    {"{'sched':{'policy':'rr','boost':2}," ONE "}", "machine.sched.boost: only for mlfq"},
    {"{'sched':{'policy':'mlfq','queues':3,'quanta':[1,2]}," ONE "}",
     "machine.sched.quanta: 2 values for 3 queues"},
    {"{'sched':{'policy':'mlfq','quanta':[1,0,3]}," ONE "}",
     "machine.sched.quanta: item 1: expected an integer in 1..1000000000"},
    {"{'sched':{'policy':'mlfq','quantum':2,'quanta':[1,2,3]}," ONE "}",
     "machine.sched.quanta: give either quantum or quanta, not both"},
    {"{'sched':{'policy':'mlfq','stay':'yes'}," ONE "}",
     "machine.sched.stay: expected true or false"},
    {"{'cpus':17," RR "," ONE "}", "machine.cpus: out of range 1..16"},
    {"{" RR ",'programs':[]," PROCS "}", "machine.programs: needs at least one item"},
    {"{" RR ",'programs':[{'name':'a','steps':['cpu 1']},{'name':'a','steps':['cpu 1']}]," PROCS
     "}",
     "machine.programs[1].name: \"a\" is already programs[0]"},
    {"{" RR ",'programs':[{'name':'a b','steps':['cpu 1']}]," PROCS "}",
     "machine.programs[0].name: \"a b\" has a blank (steps name it as one word)"},
    {"{" RR ",'programs':[{'name':'a','steps':[]}]," PROCS "}",
     "machine.programs[0].steps: needs at least one item"},
    {"{" RR ",'programs':[{'name':'a','steps':[3]}]," PROCS "}",
     "machine.programs[0].steps[0]: expected a step as text, like \"cpu 3\""},
    {"{" RR ",'programs':[{'name':'a','steps':['cpu 0']}]," PROCS "}",
     "machine.programs[0].steps[0]: 'cpu 0': N must be 1 to 1000000000, got 0"},
    {"{" RR ",'programs':[{'name':'a','steps':['cpu x']}]," PROCS "}",
     "machine.programs[0].steps[0]: 'cpu x': N 'x' is not a whole number"},
    {"{" RR ",'programs':[{'name':'a','steps':['cpu 3 io 1']}]," PROCS "}",
     "machine.programs[0].steps[0]: 'cpu 3 io 1': expected 'cpu N' or 'cpu N io F T'"},
    {"{" RR ",'programs':[{'name':'a','steps':['cpu 3 io 1 0']}]," PROCS "}",
     "machine.programs[0].steps[0]: 'cpu 3 io 1 0': T must be 1 to 1000000, got 0"},
    {"{" RR ",'programs':[{'name':'a','steps':['io 2000000']}]," PROCS "}",
     "machine.programs[0].steps[0]: 'io 2000000': T must be 1 to 1000000, got 2000000"},
    {"{" RR ",'programs':[{'name':'a','steps':['fork b']}]," PROCS "}",
     "machine.programs[0].steps[0]: 'fork b': no program named 'b'"},
    {"{" RR
     ",'programs':[{'name':'a','steps':['fork b']},{'name':'b','steps':['cpu 1','fork a']}]," PROCS
     "}",
     "machine.programs[1].steps[1]: forks without end (a forks b forks a): a program may not fork "
     "itself, even through others"},
    {"{" RR ",'programs':[{'name':'a','steps':['fork a']}]," PROCS "}",
     "machine.programs[0].steps[0]: forks without end (a forks a): a program may not fork itself, "
     "even through others"},
    {"{" RR ",'programs':[{'name':'a','steps':['wait 1']}]," PROCS "}",
     "machine.programs[0].steps[0]: 'wait 1': 'wait' takes nothing more"},
    {"{" RR ",'programs':[{'name':'a','steps':['read 0x1000']}]," PROCS "}",
     "machine.programs[0].steps[0]: 'read 0x1000': read needs memory (machine.memory)"},
    {"{" RR ",'memory':{},'programs':[{'name':'a','steps':['read 0x100000000']}]," PROCS "}",
     "machine.programs[0].steps[0]: 'read 0x100000000': the address must be 0 to 4294967295, got "
     "0x100000000"},
    {"{" RR ",'memory':{},'programs':[{'name':'a','steps':['write zz']}]," PROCS "}",
     "machine.programs[0].steps[0]: 'write zz': the address 'zz' is not a number (decimal, or "
     "hexadecimal after 0x)"},
    {"{" RR ",'programs':[{'name':'a','steps':['acquire x']}]," PROCS "}",
     "machine.programs[0].steps[0]: 'acquire x': acquire needs resources (machine.resources)"},
    {"{" RR ",'resources':{'types':[{'name':'fork0','kind':'mutex'}]},'programs':[{'name':'a','"
     "steps':['cpu 1']},{'name':'b','steps':['acquire fork0','cpu 1','release "
     "fork0','acquire fork9']}]," PROCS "}",
     "machine.programs[1].steps[3]: 'acquire fork9': no resource named 'fork9'"},
    {"{" RR ",'resources':{'types':[{'name':'fork0','kind':'mutex'}]},'programs':[{'name':'a','"
     "steps':['acquire fork0 2']}]," PROCS "}",
     "machine.programs[0].steps[0]: 'acquire fork0 2': there is only 1 fork0"},
    {"{" RR ",'resources':{'types':[{'name':'s','kind':'semaphore','count':0}]},'programs':[{'name'"
     ":'a','steps':['claim s 1']}]," PROCS "}",
     "machine.programs[0].steps[0]: 'claim s 1': s is a semaphore (claims are for mutexes and "
     "pools)"},
    {"{" RR ",'resources':{'types':[{'name':'s','kind':'pool','count':2}]},'programs':[{'name':'a',"
     "'steps':['claim s']}]," PROCS "}",
     "machine.programs[0].steps[0]: 'claim s': expected 'claim RES n'"},
    {"{" RR ",'resources':{'types':[{'name':'s','kind':'pool','count':2}]},'programs':[{'name':'a',"
     "'steps':['acquire s 0']}]," PROCS "}",
     "machine.programs[0].steps[0]: 'acquire s 0': the count must be 1 to 1000000, got 0"},
    {"{" RR ",'resources':{'types':[{'name':'s','kind':'pool'}]}," ONE "}",
     "machine.resources.types[0].count: missing"},
    {"{" RR ",'resources':{'types':[{'name':'s','kind':'mutex','count':2}]}," ONE "}",
     "machine.resources.types[0].count: out of range 1..1"},
    {"{" RR ",'resources':{'types':[{'name':'s','kind':'lock'}]}," ONE "}",
     "machine.resources.types[0].kind: unknown kind \"lock\" (mutex, pool, semaphore)"},
    {"{" RR ",'resources':{'types':[{'name':'s','kind':'mutex'},{'name':'s','kind':'mutex'}]}," ONE
     "}",
     "machine.resources.types[1].name: \"s\" is already types[0]"},
    {"{" RR ",'resources':{'types':[]}," ONE "}",
     "machine.resources.types: needs at least one item"},
    {"{" RR ",'resources':{'types':[{'name':'s','kind':'mutex'}],'recovery':'reboot'}," ONE "}",
     "machine.resources.recovery: unknown recovery \"reboot\" (none, kill, preempt)"},
    {"{" RR ",'memory':{'frames':0}," ONE "}", "machine.memory.frames: out of range 1..1048576"},
    {"{" RR ",'memory':{'policy':'best'}," ONE "}",
     "machine.memory.policy: unknown policy \"best\" "
     "(fifo|lru|opt|mru|clock|second-chance|lfu|nru|rand)"},
    {"{" RR ",'memory':{'page_size':3000}," ONE "}",
     "machine.memory.page_size: 3000 is not a power of two"},
    {"{" RR ",'memory':{'quota':2}," ONE "}",
     "machine.memory.quota: only with local replacement (\"local\": true)"},
    {"{" RR ",'memory':{'local':true,'frames':4,'quota':5}," ONE "}",
     "machine.memory.quota: out of range 0..4"},
    {"{" RR ",'memory':{'nru_period':4}," ONE "}",
     "machine.memory.nru_period: only for the nru policy"},
    {"{" RR ",'programs':[{'name':'a','steps':['cpu 1'],'memory':{'base':0,'pages':4}}]," PROCS "}",
     "machine.programs[0].memory: a memory model needs the machine's memory (machine.memory)"},
    {"{" RR ",'memory':{},'programs':[{'name':'a','steps':['cpu "
     "1'],'memory':{'base':'0x1001','pages':4}}]," PROCS "}",
     "machine.programs[0].memory.base: 0x1001 is not a multiple of the page size 4096"},
    {"{" RR ",'memory':{},'programs':[{'name':'a','steps':['cpu "
     "1'],'memory':{'base':'0xfffff000','pages':2}}]," PROCS "}",
     "machine.programs[0].memory.pages: the range 0xfffff000 + 2 pages runs past 4 GiB"},
    {"{" RR ",'memory':{},'programs':[{'name':'a','steps':['cpu "
     "1'],'memory':{'base':0,'pages':4,'hot':5}}]," PROCS "}",
     "machine.programs[0].memory.hot: out of range 1..4"},
    {"{" RR ",'memory':{},'programs':[{'name':'a','steps':['cpu "
     "1'],'memory':{'base':0,'pages':4,'locality':101}}]," PROCS "}",
     "machine.programs[0].memory.locality: out of range 0..100"},
    {"{" RR ",'memory':{},'programs':[{'name':'a','steps':['cpu "
     "1'],'memory':{'base':0,'pages':4,'scan':true,'phase':3}}]," PROCS "}",
     "machine.programs[0].memory.phase: not used with \"scan\": true (it visits every page)"},
    {"{" RR ",'programs':[{'name':'a','steps':['cpu 1']}],'processes':[]}",
     "machine.processes: needs at least one item"},
    {"{" RR ",'programs':[{'name':'a','steps':['cpu 1']}],'processes':[{'program':'b'}]}",
     "machine.processes[0].program: no program named 'b'"},
    {"{" RR ",'programs':[{'name':'a','steps':['cpu 1']}],'processes':[{'program':'a','prio':1}]}",
     "machine.processes[0].prio: only for the prio policy"},
    {"{'sched':{'policy':'prio'},'programs':[{'name':'a','steps':['cpu "
     "1']}],'processes':[{'program':'a','prio':8}]}",
     "machine.processes[0].prio: out of range 0..7"},
    {"{" RR
     ",'programs':[{'name':'a','steps':['cpu 1']}],'processes':[{'program':'a','tickets':5}]}",
     "machine.processes[0].tickets: only for the lottery policy"},
    {"{'sched':{'policy':'lottery'},'programs':[{'name':'a','steps':['cpu "
     "1']}],'processes':[{'program':'a','tickets':0}]}",
     "machine.processes[0].tickets: out of range 1..1000000"},
    {"{" RR
     ",'programs':[{'name':'a','steps':['cpu 1']}],'processes':[{'program':'a','arrival':-1}]}",
     "machine.processes[0].arrival: out of range 0..1000000000"},
    {"{" RR ",'programs':[{'name':'a','steps':['cpu 1']}],'processes':[{'program':'a','name':''}]}",
     "machine.processes[0].name: must not be empty"},
    {"{" RR ",'programs':[{'name':'a','steps':['cpu "
     "600000000']}],'processes':[{'program':'a'},{'program':'a'}]}",
     "machine.processes[1]: with their children, the processes up to here need more than "
     "1000000000 ticks of CPU"},
    {"{" RR ",'programs':[{'name':'a','steps':['fork b','fork b','fork b','fork b','fork b','fork "
     "b','fork b','fork b','fork b','fork b']},{'name':'b','steps':['fork c','fork c','fork "
     "c','fork c','fork c','fork c','fork c','fork c','fork c','fork "
     "c']},{'name':'c','steps':['fork d','fork d','fork d','fork d','fork d','fork d','fork "
     "d','fork d','fork d','fork d']},{'name':'d','steps':['fork e','fork e','fork e','fork "
     "e','fork e','fork e','fork e','fork e','fork e','fork e']},{'name':'e','steps':['cpu "
     "1']}]," PROCS "}",
     "machine.processes[0]: with the children their forks make, the processes up to here come to "
     "more than 10000"},
    {"{" RR "," ONE ",'init':1}", "machine.init: expected true or false"},
    {"{" RR ",'programs':[{'name':'a','steps':['frobnicate']}]," PROCS "}",
     "machine.programs[0].steps[0]: 'frobnicate': unknown step (cpu, io, fork, wait, waitall, "
     "exit, read, write, map, acquire, release, claim)"},
    {"{" RR ",'programs':[{'name':'a','steps':['   ']}]," PROCS "}",
     "machine.programs[0].steps[0]: '   ': an empty step"},
    {"{" RR ",'programs':[{'name':'a','steps':['exit now']}]," PROCS "}",
     "machine.programs[0].steps[0]: 'exit now': 'exit' takes nothing more"},
    {"{" RR ",'programs':[{'name':'a','steps':['cpu 99999999999999999999999']}]," PROCS "}",
     "machine.programs[0].steps[0]: 'cpu 99999999999999999999999': N must be 1 to 1000000000, got "
     "99999999999999999999999"},
    {"{'cpus':1,'run_queues':{'percpu':true}," RR "," ONE "}",
     "machine.run_queues: needs \"cpus\" of 2 or more"},
    {"{'cpus':2,'run_queues':{'steal':true}," RR "," ONE "}",
     "machine.run_queues.steal: only with \"percpu\": true"},
    {"{'cpus':2,'run_queues':{'percpu':true,'spin':1}," RR "," ONE "}",
     "machine.run_queues: unknown key \"spin\""},
    {"{" RR ",'programs':[{'name':'a\\nb','steps':['cpu 1']}]," PROCS "}",
     "machine.programs[0].name: has a control character (byte 1)"},
    {"{" RR ",'programs':[{'name':'a','steps':['cpu\\u0007 1 2']}]," PROCS "}",
     "machine.programs[0].steps[0]: 'cpu? 1 2': unknown step (cpu, io, fork, wait, waitall, exit, "
     "read, write, map, acquire, release, claim)"},
};

static void test_bad_specs(void **st) {
    (void)st;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cJSON *j = parse_q(bad[i].spec);
        machine *m = (machine *)&m; /* must be set to NULL */
        char err[300] = "";
        int rc = spec_build(j, 1, &m, err, sizeof err);
        cJSON_Delete(j);
        if (rc != -1 || m != NULL || strcmp(err, bad[i].msg) != 0)
            fail_msg("bad[%zu]: rc %d, message\n  \"%s\", expected\n  \"%s\"", i, rc, err,
                     bad[i].msg);
    }
}

/* scenario.c: a machine scenario is rebuilt through spec_build and kept. */
static int rebuild(const char *text, machine **m, cli_error *err) {
    cJSON *j = parse_q(text);
    cli_common c;
    cli_common_default(&c);
    memset(err, 0, sizeof *err);
    int rc = scenario_rebuild(j, 5, &c, m, err);
    cJSON_Delete(j);
    return rc;
}

static void test_scenario(void **st) {
    (void)st;
    const char *ok = "{'machine': {'sched': {'policy': 'fifo'},"
                     " 'programs': [{'name': 'a', 'steps': ['cpu 2']}],"
                     " 'processes': [{'program': 'a'}]}}";
    machine *m = NULL;
    cli_error err;
    assert_int_equal(rebuild(ok, &m, &err), 0);
    assert_non_null(m);
    assert_int_equal(m->seed, 5);
    cJSON *want = parse_q(ok);
    assert_true(cJSON_Compare(m->scenario, want, true));
    cJSON_Delete(want);
    machine_destroy(m);
    static const struct {
        const char *sc, *msg;
    } no[] = {
        {"{'machine': {'sched': {'policy': 'fifo'}, 'programs': [{'name': 'a', 'steps': ['cpu 2', "
         "'acquire x']}], 'processes': [{'program': 'a'}]}}",
         "scenario.machine.programs[0].steps[1]: 'acquire x': acquire needs resources "
         "(machine.resources)"},
        {"{'machine': {}, 'args': ['demo']}", "scenario: give either args or machine, not both"},
        {"{'machine': {}, 'files': {}}", "scenario.files: a machine scenario reads no trace files"},
        {"{'exercise': {}}",
         "scenario: needs args (a mode and its words) or machine (a machine spec)"},
        {"{'machine': 3}", "scenario.machine: expected an object, got a number"},
        {"{'args': ['demo'], 'exercise': {'title': 't', 'description': 'd', 'variants': "
         "[{'cpus': 1}], 'questions': [{'ask': 'a', 'answer': 'tick'}]}}",
         "scenario.exercise.variants: item 0: variants of args are arrays of words"},
        {"{'machine': {}, 'exercise': {'title': 't', 'description': 'd', 'variants': "
         "[['demo']], 'questions': [{'ask': 'a', 'answer': 'tick'}]}}",
         "scenario.exercise.variants: item 0: a machine scenario's variants are machine objects"},
    };
    for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
        m = (machine *)&m;
        if (rebuild(no[i].sc, &m, &err) != 1 || m != NULL || err.status != 1 ||
            strcmp(err.msg, no[i].msg) != 0)
            fail_msg("no[%zu]: \"%s\", expected \"%s\"", i, err.msg, no[i].msg);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rr_timeline), cmocka_unit_test(test_step_text),
        cmocka_unit_test(test_init_adopts), cmocka_unit_test(test_memory_steps),
        cmocka_unit_test(test_dining),      cmocka_unit_test(test_settings),
        cmocka_unit_test(test_bad_specs),   cmocka_unit_test(test_scenario),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
