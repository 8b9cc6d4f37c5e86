/* Injecting processes (inject.h): a machine's own program with its forks, a
 * memory behaviour whose references happen and fault as its model says, a
 * resource taken, held and given back (claimed first under Banker's), bad
 * values refused with the field named, the command in JSON (old saves'
 * form included), and a replay that reaches the very same state. */
#include <cjson/cJSON.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "inject.h"
#include "resmgr.h"
#include "scenario.h"
#include "spec.h"
#include "state.h"
#include "templates.h"
#include "vm.h"

/* Memory (8 frames, lru, a fault takes 3 ticks) and resources: a mutex, a
 * pool of 2, a semaphore at 0. parent forks two workers, which have a model. */
static const char lab[] =
    "{\"sched\": {\"policy\": \"rr\", \"quantum\": 2},"
    " \"memory\": {\"frames\": 8, \"policy\": \"lru\", \"fault_time\": 3},"
    " \"resources\": {\"types\": [{\"name\": \"lock\", \"kind\": \"mutex\"},"
    "   {\"name\": \"tape\", \"kind\": \"pool\", \"count\": 2},"
    "   {\"name\": \"full\", \"kind\": \"semaphore\", \"count\": 0}] %s},"
    " \"programs\": [{\"name\": \"parent\", \"steps\": [\"cpu 2\", \"fork worker\", \"fork "
    "worker\", \"waitall\", \"cpu 1\"]},"
    "   {\"name\": \"worker\", \"steps\": [\"cpu 3\", \"acquire lock\", \"cpu 2\", \"release "
    "lock\"],"
    "    \"memory\": {\"base\": \"0x400000\", \"pages\": 6, \"hot\": 2, \"writes\": 30}},"
    "   {\"name\": \"idle\", \"steps\": [\"cpu 1\"]}],"
    " \"processes\": [{\"program\": \"idle\"}]}";

static machine *build(const char *json_fmt, const char *extra) {
    char text[2048];
    snprintf(text, sizeof text, json_fmt, extra);
    cJSON *j = cJSON_Parse(text);
    assert_non_null(j);
    machine *m = NULL;
    char err[256] = "";
    if (spec_build(j, 1, &m, err, sizeof err) != 0)
        fail_msg("%s", err);
    cJSON_Delete(j);
    return m;
}

static void run_to_end(machine *m) {
    for (int guard = 0; !machine_done(m); guard++) {
        assert_true(guard < 100000);
        machine_tick(m);
    }
}

static int count_events(const machine *m, int kind, int32_t pid) {
    int n = 0;
    for (uint64_t s = evlog_first(&m->log); s < evlog_end(&m->log); s++) {
        const event *ev = evlog_get(&m->log, s);
        n += ev->kind == kind && ev->pid == pid;
    }
    return n;
}

static inject_cmd tmpl(const char *name) {
    inject_cmd c = {0};
    int t = templates_find(name);
    assert_true(t >= 0);
    c.tmpl = (uint32_t)t;
    return c;
}

/* parent, injected: the machine's own program, run as it is (no copy), its
 * forks making two workers that are its children, all reaped at the end. */
static void test_own_program_forks(void **state) {
    (void)state;
    machine *m = build(lab, "");
    uint32_t nprogs = m->nprogs;
    machine_tick(m);
    inject_cmd c = {.prio = 0};
    snprintf(c.prog, sizeof c.prog, "parent");
    snprintf(c.name, sizeof c.name, "boss");
    char err[200];
    int32_t pid = inject_do(m, &c, err, sizeof err);
    assert_int_equal(pid, 2);
    assert_int_equal(m->nprogs, nprogs); /* nothing added to: the program itself */
    assert_int_equal(m->cmds.n, 1);
    assert_int_equal(m->cmds.v[0].tick, 1);
    assert_string_equal(m->cmds.v[0].inj.prog, "parent");
    const proc *p = machine_proc_c(m, pid);
    assert_string_equal(p->name, "boss");
    assert_int_equal(p->prog, (uint32_t)inject_find_program(m, "parent"));
    run_to_end(m);
    assert_int_equal(m->nprocs, 4);
    for (int32_t k = 3; k <= 4; k++) {
        assert_string_equal(machine_proc_c(m, k)->name, "worker");
        assert_int_equal(machine_proc_c(m, k)->ppid, pid);
        assert_int_equal(machine_proc_c(m, k)->state, PROC_TERMINATED);
    }
    assert_int_equal(machine_proc_c(m, pid)->state, PROC_TERMINATED);
    /* The workers made their own model's references. */
    vm_proc_view v;
    vm_proc_get(m, 3, &v);
    assert_int_equal(v.refs, 5);
    machine_destroy(m);
}

/* cpu-bound (40 ticks of CPU) with a memory behaviour, alone beside a 1-tick
 * process, on 8 frames with lru: a loop over 4 pages faults once per page;
 * a scan of 32 faults at every reference; the pages are in its range. */
static void test_memory_behaviour(void **state) {
    (void)state;
    const struct {
        size_t preset;
        uint32_t pages;
        uint64_t faults;
    } cases[] = {{0, 4, 4}, {1, 32, 40}, {0, 12, 40}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        machine *m = build(lab, "");
        inject_cmd c = tmpl("cpu-bound");
        assert_true(inject_preset_model(cases[i].preset, cases[i].pages, INJECT_BASE, &c.mem));
        assert_int_equal(c.mem.pages, cases[i].pages);
        int32_t pid = inject_do(m, &c, NULL, 0);
        assert_int_equal(pid, 2);
        const vm_model *md = vm_model_of(m, machine_proc_c(m, pid)->prog);
        assert_non_null(md);
        assert_true(md->scan);
        assert_true(m->progs[machine_proc_c(m, pid)->prog].injected);
        run_to_end(m);
        vm_proc_view v;
        vm_proc_get(m, pid, &v);
        assert_int_equal(v.refs, 40);
        assert_int_equal(v.faults, cases[i].faults);
        assert_int_equal(count_events(m, EV_VM_FAULT, pid), (int)cases[i].faults);
        machine_destroy(m);
    }

    /* The hot set preset: 8 of 64 pages, its references inside the range. */
    machine *m = build(lab, "");
    inject_cmd c = tmpl("cpu-bound");
    assert_true(inject_preset_model(3, 0, INJECT_BASE, &c.mem));
    assert_int_equal(c.mem.pages, 64);
    assert_int_equal(c.mem.hot, 8);
    int32_t pid = inject_do(m, &c, NULL, 0);
    for (int t = 0; t < 12; t++)
        machine_tick(m);
    vm_pte_view ptes[64];
    uint32_t n = vm_page_table(m, pid, 0, ptes, 64);
    assert_true(n > 0);
    for (uint32_t k = 0; k < n; k++) {
        assert_true(ptes[k].vpn >= INJECT_BASE / 4096);
        assert_true(ptes[k].vpn < INJECT_BASE / 4096 + 64);
    }
    machine_destroy(m);
}

/* A machine program with a model keeps it in its copy; a behaviour given
 * replaces it in the copy only. */
static void test_own_model_kept(void **state) {
    (void)state;
    machine *m = build(lab, "");
    int w = inject_find_program(m, "worker");
    inject_cmd c = {.count = 1, .hold = 2};
    snprintf(c.prog, sizeof c.prog, "worker");
    snprintf(c.res, sizeof c.res, "tape");
    int32_t pid = inject_do(m, &c, NULL, 0);
    uint32_t copy = machine_proc_c(m, pid)->prog;
    assert_int_not_equal(copy, (uint32_t)w);
    assert_string_equal(m->progs[copy].name, "worker");
    assert_memory_equal(vm_model_of(m, copy), vm_model_of(m, (uint32_t)w), sizeof(vm_model));

    inject_cmd d = c;
    d.res[0] = '\0';
    assert_true(inject_preset_model(2, 16, INJECT_BASE, &d.mem));
    pid = inject_do(m, &d, NULL, 0);
    const vm_model *md = vm_model_of(m, machine_proc_c(m, pid)->prog);
    assert_int_equal(md->pages, 16);
    assert_int_equal(md->base, INJECT_BASE);
    assert_int_equal(vm_model_of(m, (uint32_t)w)->pages, 6);
    /* The copies are not the machine's own: the name finds the original. */
    assert_int_equal(inject_find_program(m, "worker"), w);
    machine_destroy(m);
}

static int32_t alloc_of(const machine *m, int32_t pid, int32_t res) {
    const rm_snapshot *s = resmgr_snapshot(m);
    for (int32_t i = 0; i < s->n; i++)
        if (s->pid[i] == pid)
            return (int32_t)s->st.alloc[i][res];
    return -1;
}

/* cpu-bound holding both tapes for 5 ticks of CPU: acquire, cpu 5, release,
 * then its 40 ticks. Alone (the idle process done at tick 1), it takes them
 * when it first runs, shows in the allocation matrix, and gives them back
 * after its 5th tick; a second one asking for a tape waits meanwhile. */
static void test_resource_held(void **state) {
    (void)state;
    machine *m = build(lab, "");
    machine_tick(m);
    inject_cmd c = tmpl("cpu-bound");
    snprintf(c.res, sizeof c.res, "tape");
    c.count = 2;
    c.hold = 5;
    int32_t pid = inject_do(m, &c, NULL, 0);
    assert_int_equal(pid, 2);
    const program *pr = &m->progs[machine_proc_c(m, pid)->prog];
    assert_int_equal(pr->nsteps, 4);
    assert_int_equal(pr->steps[0].kind, STEP_ACQUIRE);
    assert_int_equal(pr->steps[0].n, 1);
    assert_int_equal(pr->steps[0].iofreq, 2);
    assert_int_equal(pr->steps[1].kind, STEP_RUN);
    assert_int_equal(pr->steps[1].n, 5);
    assert_int_equal(pr->steps[2].kind, STEP_RELEASE);
    assert_int_equal(pr->steps[3].kind, STEP_RUN);
    assert_int_equal(pr->steps[3].n, 40);
    assert_int_equal(machine_proc_c(m, pid)->length, 45);

    inject_cmd d = tmpl("cpu-bound");
    snprintf(d.res, sizeof d.res, "tape");
    d.count = 1;
    d.hold = 1;
    int32_t second = inject_do(m, &d, NULL, 0);
    assert_int_equal(second, 3);
    machine_tick(m); /* tick 1: P2 takes both tapes and runs */
    machine_tick(m); /* tick 2 */
    machine_tick(m); /* tick 3: P3 asks for a tape and waits */
    assert_int_equal(alloc_of(m, pid, 1), 2);
    assert_int_equal(resmgr_of(m)->types[1].avail, 0);
    assert_int_equal(machine_proc_c(m, second)->state, PROC_BLOCKED);
    assert_int_equal(machine_proc_c(m, second)->block_reason, BLOCK_RESOURCE);
    assert_int_equal(count_events(m, EV_RM_ACQUIRE, pid), 1);
    assert_int_equal(count_events(m, EV_RM_WAIT, second), 1);
    while (machine_proc_c(m, pid)->cpu_time < 5)
        machine_tick(m);
    machine_tick(m);
    assert_int_equal(count_events(m, EV_RM_RELEASE, pid), 1);
    assert_int_not_equal(machine_proc_c(m, second)->block_reason, BLOCK_RESOURCE);
    run_to_end(m);
    assert_int_equal(resmgr_of(m)->types[1].avail, 2);
    assert_int_equal(machine_proc_c(m, pid)->state, PROC_TERMINATED);
    assert_int_equal(machine_proc_c(m, second)->state, PROC_TERMINATED);
    machine_destroy(m);
}

/* Under Banker's the process claims what it takes first (a pool or a
 * mutex; not a semaphore, which Banker's leaves alone): the claim shows as
 * its max in the matrices. */
static void test_banker_claims(void **state) {
    (void)state;
    machine *m = build(lab, ", \"banker\": true");
    inject_cmd c = tmpl("interactive");
    snprintf(c.res, sizeof c.res, "tape");
    c.count = 2;
    c.hold = 3;
    int32_t pid = inject_do(m, &c, NULL, 0);
    const program *pr = &m->progs[machine_proc_c(m, pid)->prog];
    assert_int_equal(pr->steps[0].kind, STEP_CLAIM);
    assert_int_equal(pr->steps[0].iofreq, 2);
    assert_int_equal(pr->steps[1].kind, STEP_ACQUIRE);
    machine_tick(m);
    machine_tick(m);
    const rm_snapshot *s = resmgr_snapshot(m);
    assert_true(s->banker);
    bool found = false;
    for (int32_t i = 0; i < s->n; i++)
        if (s->pid[i] == pid) {
            found = true;
            assert_int_equal(s->st.max[i][1], 2);
            assert_int_equal(s->st.alloc[i][1], 2);
        }
    assert_true(found);
    run_to_end(m);
    assert_int_equal(resmgr_of(m)->errors, 0);

    inject_cmd sem = tmpl("cpu-bound");
    snprintf(sem.res, sizeof sem.res, "full");
    sem.count = 1;
    sem.hold = 1;
    machine *m2 = build(lab, ", \"banker\": true");
    pid = inject_do(m2, &sem, NULL, 0);
    assert_int_equal(m2->progs[machine_proc_c(m2, pid)->prog].steps[0].kind, STEP_ACQUIRE);
    machine_destroy(m2);
    machine_destroy(m);
}

/* Every bad value is refused with its field named and nothing changed. */
static void test_bad_values(void **state) {
    (void)state;
    machine *m = build(lab, "");
    char err[200];
    const struct {
        inject_cmd c;
        inject_field f;
        const char *msg;
    } cases[] = {
        {{.prog = "nosuch"},
         INJECT_F_PROGRAM,
         "no program named \"nosuch\" in this machine (parent, worker, idle)"},
        {{.tmpl = 99}, INJECT_F_PROGRAM, "no template 99"},
        {{.name = "a\tb"}, INJECT_F_NAME, "has a control character (byte 1)"},
        {{.prio = 8}, INJECT_F_PRIO, "8 is not from 0 to 7"},
        {{.mem = {.base = 0x1001, .pages = 2, .hot = 2}},
         INJECT_F_MEMORY,
         "base 0x1001 is not page aligned"},
        {{.mem = {.base = INJECT_BASE, .pages = 4, .hot = 5}},
         INJECT_F_MEMORY,
         "the hot set must be 1 to 4 pages"},
        {{.mem = {.base = 0xfffff000, .pages = 2, .hot = 1}},
         INJECT_F_MEMORY,
         "the range must hold 1 or more pages below 4 GiB"},
        {{.res = "disk", .count = 1, .hold = 1}, INJECT_F_RESOURCE, "no resource named \"disk\""},
        {{.res = "lock", .count = 2, .hold = 1},
         INJECT_F_COUNT,
         "lock is a mutex: it is taken once (1), not 2"},
        {{.res = "tape", .count = 3, .hold = 1},
         INJECT_F_COUNT,
         "3 is more than the 2 tape there are"},
        {{.res = "tape", .count = 0, .hold = 1}, INJECT_F_COUNT, "0 is not from 1 to 1000000"},
        {{.res = "tape", .count = 1, .hold = 0}, INJECT_F_HOLD, "0 is not from 1 to 1000000 ticks"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(inject_check(m, &cases[i].c, err, sizeof err), cases[i].f);
        assert_string_equal(err, cases[i].msg);
        assert_int_equal(inject_do(m, &cases[i].c, err, sizeof err), -1);
    }
    assert_string_equal(err, "inject at tick 0: resource.hold: 0 is not from 1 to 1000000 ticks");
    assert_int_equal(m->nprocs, 1);
    assert_int_equal(m->cmds.n, 0);
    machine_destroy(m);

    /* A machine without memory or resources (the sched mode). */
    char a0[] = "--policy", a1[] = "rr", a2[] = "--lengths", a3[] = "3";
    char *argv[] = {a0, a1, a2, a3, NULL};
    cli_common cc;
    cli_error ce = {0};
    cli_common_default(&cc);
    assert_int_equal(scenario_build("sched", 4, argv, &cc, &m, &ce), 0);
    inject_cmd mem = tmpl("cpu-bound");
    mem.mem = (vm_model){.base = INJECT_BASE, .pages = 4, .hot = 4};
    assert_int_equal(inject_check(m, &mem, err, sizeof err), INJECT_F_MEMORY);
    assert_string_equal(err, "this machine has no memory");
    inject_cmd res = tmpl("cpu-bound");
    snprintf(res.res, sizeof res.res, "tape");
    res.count = res.hold = 1;
    assert_int_equal(inject_check(m, &res, err, sizeof err), INJECT_F_RESOURCE);
    assert_string_equal(err, "this machine has no resources");
    machine_destroy(m);
}

/* A range that a MAP step of the program would find in private use is
 * refused; inject_base steps past the segments. */
static void test_shared_segments(void **state) {
    (void)state;
    static const char shared[] =
        "{\"sched\": {\"policy\": \"fifo\"}, \"memory\": {\"frames\": 8},"
        " \"shared\": [{\"name\": \"buf\", \"base\": \"0x10000000\", \"pages\": 2}] %s,"
        " \"programs\": [{\"name\": \"user\", \"steps\": [\"map buf\", \"cpu 3\"]}],"
        " \"processes\": [{\"program\": \"user\"}]}";
    machine *m = build(shared, "");
    uint32_t b = inject_base(m, 4);
    assert_int_equal(b, 0x10002000u);
    inject_cmd c = {.mem = {.base = INJECT_BASE, .pages = 4, .hot = 4}};
    snprintf(c.prog, sizeof c.prog, "user");
    char err[200];
    assert_int_equal(inject_check(m, &c, err, sizeof err), INJECT_F_MEMORY);
    assert_string_equal(err, "0x10000000-0x10003fff overlaps shared segment buf "
                             "(0x10000000-0x10001fff), which user maps");
    c.mem.base = b;
    assert_int_equal(inject_check(m, &c, err, sizeof err), INJECT_OK);
    int32_t pid = inject_do(m, &c, err, sizeof err);
    run_to_end(m);
    assert_int_equal(machine_proc_c(m, pid)->state, PROC_TERMINATED);
    machine_destroy(m);
}

static cJSON *round_trip(const machine_cmd *c, machine_cmd *back) {
    cJSON *j = cmd_to_json(c);
    char err[256] = "";
    char *text = cJSON_PrintUnformatted(j);
    cJSON *again = cJSON_Parse(text);
    free(text);
    if (cmd_from_json(again, "commands[0]", back, err, sizeof err) != 0)
        fail_msg("%s", err);
    cJSON_Delete(again);
    return j;
}

/* Every field survives JSON; a template alone is written as before the
 * fields existed; old saves' commands read. */
static void test_json(void **state) {
    (void)state;
    machine_cmd c = {.tick = 7, .kind = CMD_INJECT}, back;
    inject_cmd *k = &c.inj;
    snprintf(k->prog, sizeof k->prog, "worker");
    snprintf(k->name, sizeof k->name, "w2");
    k->prio = 3;
    k->mem = (vm_model){
        .base = 0x20000000, .pages = 64, .hot = 8, .locality = 90, .writes = 20, .phase = 40};
    snprintf(k->res, sizeof k->res, "tape");
    k->count = 2;
    k->hold = 9;
    cJSON *j = round_trip(&c, &back);
    char *text = cJSON_PrintUnformatted(j);
    assert_string_equal(text, "{\"tick\":7,\"inject\":{\"program\":\"worker\",\"name\":\"w2\","
                              "\"prio\":3,\"memory\":{\"base\":\"0x20000000\",\"pages\":64,"
                              "\"hot\":8,\"locality\":90,\"phase\":40,\"writes\":20},"
                              "\"resource\":{\"name\":\"tape\",\"count\":2,\"hold\":9}}}");
    free(text);
    cJSON_Delete(j);
    assert_int_equal(back.tick, 7);
    assert_int_equal(back.kind, CMD_INJECT);
    assert_memory_equal(&back.inj, &c.inj, sizeof c.inj);

    /* A scan writes only what it uses. */
    inject_cmd scan = tmpl("io-bound");
    assert_true(inject_preset_model(1, 0, INJECT_BASE, &scan.mem));
    c.inj = scan;
    j = round_trip(&c, &back);
    text = cJSON_PrintUnformatted(cJSON_GetObjectItem(j, "inject"));
    assert_string_equal(text, "{\"template\":\"io-bound\",\"name\":\"\",\"prio\":0,\"memory\":"
                              "{\"base\":\"0x10000000\",\"pages\":32,\"scan\":true,\"writes\":0}}");
    free(text);
    cJSON_Delete(j);
    assert_memory_equal(&back.inj, &scan, sizeof scan);

    /* The form of saves made before memory and resources. */
    cJSON *old = cJSON_Parse(
        "{\"tick\":4,\"inject\":{\"template\":\"io-bound\",\"name\":\"io\",\"prio\":2}}");
    char err[256];
    assert_int_equal(cmd_from_json(old, "commands[1]", &back, err, sizeof err), 0);
    assert_int_equal(back.inj.tmpl, (uint32_t)templates_find("io-bound"));
    assert_string_equal(back.inj.name, "io");
    assert_int_equal(back.inj.prio, 2);
    assert_int_equal(back.inj.mem.pages, 0);
    assert_string_equal(back.inj.res, "");
    j = cmd_to_json(&back);
    char *a = cJSON_PrintUnformatted(j), *b = cJSON_PrintUnformatted(old);
    assert_string_equal(a, b);
    free(a);
    free(b);
    cJSON_Delete(j);
    cJSON_Delete(old);
}

/* Bad JSON: one message naming the path. */
static void test_json_refusals(void **state) {
    (void)state;
    const struct {
        const char *json;
        const char *msg;
    } cases[] = {
        {"{\"name\":\"x\"}",
         "commands[2].inject: needs exactly one of template (cpu-bound, io-bound, interactive, "
         "forker) and program (one of the machine's)"},
        {"{\"template\":\"forker\",\"program\":\"p\"}",
         "commands[2].inject: needs exactly one of template (cpu-bound, io-bound, interactive, "
         "forker) and program (one of the machine's)"},
        {"{\"template\":\"nope\"}", "commands[2].inject.template: no template named \"nope\""},
        {"{\"program\":\"\"}", "commands[2].inject.program: must not be empty"},
        {"{\"program\":\"p\",\"speed\":1}", "commands[2].inject: unknown key \"speed\""},
        {"{\"program\":\"p\",\"prio\":8}", "commands[2].inject.prio: out of range 0..7"},
        {"{\"program\":\"p\",\"memory\":{\"pages\":4}}", "commands[2].inject.memory.base: missing"},
        {"{\"program\":\"p\",\"memory\":{\"base\":0,\"pages\":4,\"hot\":5}}",
         "commands[2].inject.memory.hot: out of range 1..4"},
        {"{\"program\":\"p\",\"memory\":{\"base\":0,\"pages\":4,\"scan\":true,\"hot\":2}}",
         "commands[2].inject.memory.hot: not used with \"scan\": true (it visits every page)"},
        {"{\"program\":\"p\",\"memory\":{\"base\":0,\"pages\":4,\"scan\":1}}",
         "commands[2].inject.memory.scan: expected true or false"},
        {"{\"program\":\"p\",\"resource\":{\"count\":1}}",
         "commands[2].inject.resource.name: missing"},
        {"{\"program\":\"p\",\"resource\":{\"name\":\"tape\",\"count\":0}}",
         "commands[2].inject.resource.count: out of range 1..1000000"},
        {"{\"program\":\"p\",\"resource\":{\"name\":\"tape\",\"hold\":-1}}",
         "commands[2].inject.resource.hold: out of range 1..1000000"},
        {"{\"program\":\"p\",\"resource\":\"tape\"}",
         "commands[2].inject.resource: expected an object, got a string"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[300], err[300] = "";
        snprintf(text, sizeof text, "{\"tick\":1,\"inject\":%s}", cases[i].json);
        cJSON *j = cJSON_Parse(text);
        assert_non_null(j);
        machine_cmd back;
        assert_int_equal(cmd_from_json(j, "commands[2]", &back, err, sizeof err), -1);
        assert_string_equal(err, cases[i].msg);
        cJSON_Delete(j);
    }
}

/* Injects with a model and a resource, given at ticks 3 and 6 to a machine
 * built from its scenario, are replayed from the scenario to the very same
 * state (the check a save's load makes), at the inject's tick and later. */
static void test_replay_same_state(void **state) {
    (void)state;
    char text[2048];
    snprintf(text, sizeof text, "{\"machine\": %s}", lab);
    char *pct = strstr(text, "%s");
    memmove(pct, pct + 2, strlen(pct + 2) + 1);
    cJSON *sc = cJSON_Parse(text);
    assert_non_null(sc);
    cli_common cc;
    cli_error ce = {0};
    cli_common_default(&cc);
    machine *m = NULL;
    if (scenario_rebuild(sc, 5, &cc, &m, &ce) != 0)
        fail_msg("%s", ce.msg);
    cJSON_Delete(sc);
    for (int t = 0; t < 3; t++)
        machine_tick(m);
    inject_cmd a = {.count = 1, .hold = 4};
    snprintf(a.prog, sizeof a.prog, "parent");
    snprintf(a.res, sizeof a.res, "lock");
    assert_true(inject_preset_model(4, 0, INJECT_BASE, &a.mem));
    char err[200];
    assert_true(inject_do(m, &a, err, sizeof err) > 0);
    for (int t = 0; t < 3; t++)
        machine_tick(m);
    inject_cmd b = tmpl("forker");
    assert_true(inject_preset_model(2, 24, INJECT_BASE, &b.mem));
    snprintf(b.res, sizeof b.res, "tape");
    b.count = 2;
    b.hold = 3;
    assert_true(inject_do(m, &b, err, sizeof err) > 0);
    uint64_t at[] = {3, 6, 25};
    for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
        while (m->tick < at[i] && !machine_done(m))
            machine_tick(m);
        machine *r = NULL;
        if (scenario_replay(m, m->tick, &cc, &r, &ce) != 0)
            fail_msg("%s", ce.msg);
        cJSON *sa = state_build(m), *sb = state_build(r);
        char why[300] = "";
        if (state_diff(sa, sb, why, sizeof why) != 0)
            fail_msg("tick %llu: %s", (unsigned long long)m->tick, why);
        cJSON_Delete(sa);
        cJSON_Delete(sb);
        machine_destroy(r);
    }
    vm_stats vs;
    vm_stats_get(m, &vs);
    assert_true(vs.faults > 0);
    machine_destroy(m);
}

/* A snapshot (machine_clone) taken after injects runs on exactly as the
 * original: the copies' models and marks come along, and an inject given to
 * both afterwards finds the same program. */
static void test_clone_after_inject(void **state) {
    (void)state;
    machine *m = build(lab, ", \"banker\": true");
    inject_cmd a = {.count = 2, .hold = 3};
    snprintf(a.prog, sizeof a.prog, "worker");
    snprintf(a.res, sizeof a.res, "tape");
    assert_true(inject_preset_model(1, 12, INJECT_BASE, &a.mem));
    assert_true(inject_do(m, &a, NULL, 0) > 0);
    for (int t = 0; t < 5; t++)
        machine_tick(m);
    machine *c = machine_clone(m, NULL);
    assert_non_null(c);
    inject_cmd b = {0};
    snprintf(b.prog, sizeof b.prog, "worker");
    assert_int_equal(inject_do(m, &b, NULL, 0), inject_do(c, &b, NULL, 0));
    assert_int_equal(machine_proc_c(c, 3)->prog, (uint32_t)inject_find_program(c, "worker"));
    run_to_end(m);
    run_to_end(c);
    cJSON *sa = state_build(m), *sb = state_build(c);
    char why[300] = "";
    if (state_diff(sa, sb, why, sizeof why) != 0)
        fail_msg("%s", why);
    cJSON_Delete(sa);
    cJSON_Delete(sb);
    machine_destroy(c);
    machine_destroy(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_own_program_forks),  cmocka_unit_test(test_memory_behaviour),
        cmocka_unit_test(test_own_model_kept),     cmocka_unit_test(test_resource_held),
        cmocka_unit_test(test_banker_claims),      cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_shared_segments),    cmocka_unit_test(test_json),
        cmocka_unit_test(test_json_refusals),      cmocka_unit_test(test_replay_same_state),
        cmocka_unit_test(test_clone_after_inject),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
