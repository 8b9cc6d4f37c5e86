/* Deep copies: the clone context (every block noted, undone on failure), and
 * machine_clone: a copy made at any tick runs on exactly as the original
 * would, in every mode and with every subsystem, and owns all of its memory.
 *
 * The strong check runs three machines of one scenario side by side: the
 * reference C, never copied, and A, which is copied at chosen ticks (the copy
 * B carries on, A is destroyed, or both run on for a while). Every tick the
 * events of the carrying-on machines are compared with C's; at each copy and
 * at the end the whole saved state (state.h) and the report. Built with ASan
 * (detect_leaks=1), any block two machines shared would show as a
 * use-after-free or a double free, and any block a copy missed as a leak. */
// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clone.h"
#include "cmdlog.h"
#include "file.h"
#include "machine.h"
#include "machine_cmd.h"
#include "report.h"
#include "scenario.h"
#include "state.h"
#include "templates.h"

/* ---- the clone context -------------------------------------------------- */

static void test_clone_ctx_counts_and_commits(void **state) {
    (void)state;
    clone_ctx cx;
    clone_begin(&cx);
    int src[5] = {1, 2, 3, 4, 5};
    int *a = clone_dup(&cx, src, sizeof src);
    assert_non_null(a);
    assert_memory_equal(a, src, sizeof src);
    assert_ptr_not_equal(a, src);
    assert_null(clone_dup(&cx, NULL, 8)); /* nothing to copy: not a failure */
    assert_null(clone_dup(&cx, src, 0));
    char *z = clone_zalloc(&cx, 3);
    assert_non_null(z);
    assert_int_equal(z[0] | z[1] | z[2], 0);
    assert_false(cx.failed);
    assert_int_equal(clone_commit(&cx), sizeof src + 3);
    assert_int_equal(cx.n, 0);
    free(a); /* the blocks are the caller's now */
    free(z);
}

static void test_clone_ctx_abort_frees_everything(void **state) {
    (void)state;
    clone_ctx cx;
    clone_begin(&cx);
    for (int i = 0; i < 1000; i++) /* past the first growth of the block list */
        assert_non_null(clone_zalloc(&cx, 16));
    cx.failed = true; /* as after an allocation failed: nothing more is handed out */
    assert_null(clone_zalloc(&cx, 16));
    assert_null(clone_dup(&cx, "x", 1));
    clone_abort(&cx); /* ASan's leak check holds the test to it */
    assert_int_equal(cx.n, 0);
    assert_false(cx.failed);
}

static void test_clone_ctx_dup_part_and_fail_at(void **state) {
    (void)state;
    clone_ctx cx;
    clone_begin(&cx);
    int src[3] = {7, 8, 9};
    /* A growable array keeps its capacity; the unused tail is zero, not read. */
    int *p = clone_dup_part(&cx, src, 2 * sizeof *src, 6 * sizeof *src);
    assert_non_null(p);
    assert_int_equal(p[0], 7);
    assert_int_equal(p[1], 8);
    for (int i = 2; i < 6; i++)
        assert_int_equal(p[i], 0);
    assert_null(clone_dup_part(&cx, NULL, 0, 64)); /* nothing owned: not a failure */
    assert_false(cx.failed);
    /* The test hook: the third block fails, and so does everything after it. */
    cx.fail_at = 3;
    assert_non_null(clone_dup(&cx, src, sizeof src)); /* block 2 */
    assert_null(clone_dup(&cx, src, sizeof src));     /* block 3 */
    assert_true(cx.failed);
    assert_null(clone_zalloc(&cx, 4));
    assert_int_equal(cx.n, 2);
    clone_abort(&cx);
    assert_int_equal(cx.fail_at, 0);
}

/* ---- scenarios ---------------------------------------------------------- */

typedef enum src_kind {
    SRC_WORDS,    /* a mode's command-line words, through scenario_build */
    SRC_SAVE,     /* a save or exercise file, through save_load */
    SRC_SCENARIO, /* a scenario object ({"args"} or {"machine"}), through scenario_rebuild */
} src_kind;

typedef struct source {
    char name[160];
    src_kind kind;
    cJSON *words;    /* SRC_WORDS: an array of strings, the mode first (owned) */
    char path[512];  /* SRC_SAVE */
    cJSON *scenario; /* SRC_SCENARIO (owned) */
    uint64_t seed;
} source;

static machine *build(const source *s) {
    cli_common c;
    cli_error err = {0};
    machine *m = NULL;
    cli_common_default(&c);
    c.report = "-"; /* record everything a full report holds */
    int rc = -1;
    if (s->kind == SRC_WORDS) {
        int n = cJSON_GetArraySize(s->words);
        char **argv = calloc((size_t)n + 1, sizeof *argv);
        assert_non_null(argv);
        for (int i = 0; i < n; i++)
            argv[i] = cJSON_GetArrayItem(s->words, i)->valuestring;
        rc = scenario_build(argv[0], n - 1, argv + 1, &c, &m, &err);
        free(argv);
    } else if (s->kind == SRC_SAVE) {
        rc = save_load(s->path, &c, &m, &err);
    } else {
        rc = scenario_rebuild(s->scenario, s->seed, &c, &m, &err);
    }
    cli_common_free(&c);
    if (rc != 0)
        fail_msg("%s: does not build: %s", s->name, err.msg);
    m->record = true;
    return m;
}

static void source_free(source *s) {
    cJSON_Delete(s->words);
    cJSON_Delete(s->scenario);
}

/* ---- comparing two machines --------------------------------------------- */

static void expect_same_json(cJSON *a, cJSON *b, const char *what, const source *s, uint64_t tick) {
    char why[400] = "out of memory";
    if (!a || !b || state_diff(a, b, why, sizeof why) != 0)
        fail_msg("%s: %s at tick %llu differs: %s", s->name, what, (unsigned long long)tick, why);
    cJSON_Delete(a);
    cJSON_Delete(b);
}

/* The saved state, and what a save writes besides it: the commands given. */
static void expect_same_state(const machine *a, const machine *ref, const char *what,
                              const source *s) {
    expect_same_json(state_build(a), state_build(ref), what, s, ref->tick);
    cJSON *ca = cJSON_CreateArray(), *cr = cJSON_CreateArray();
    for (uint32_t i = 0; i < a->cmds.n; i++)
        cJSON_AddItemToArray(ca, cmd_to_json(&a->cmds.v[i]));
    for (uint32_t i = 0; i < ref->cmds.n; i++)
        cJSON_AddItemToArray(cr, cmd_to_json(&ref->cmds.v[i]));
    expect_same_json(ca, cr, "the command log", s, ref->tick);
}

static void expect_same_report(const machine *a, const machine *ref, const source *s) {
    expect_same_json(report_build(a, false), report_build(ref, false), "report", s, ref->tick);
}

/* The events from sequence number `from` on are the same, number for number. */
static void expect_same_events(const machine *a, const machine *ref, uint64_t from,
                               const source *s) {
    if (evlog_end(&a->log) != evlog_end(&ref->log))
        fail_msg("%s: tick %llu: %llu events vs %llu", s->name, (unsigned long long)ref->tick,
                 (unsigned long long)evlog_end(&a->log), (unsigned long long)evlog_end(&ref->log));
    for (uint64_t q = from; q < evlog_end(&ref->log); q++) {
        const event *x = evlog_get(&a->log, q), *y = evlog_get(&ref->log, q);
        if (!x && !y)
            continue; /* overwritten in both rings (more than a ring's worth in a tick) */
        if (!x || !y || x->tick != y->tick || x->kind != y->kind || x->cpu != y->cpu ||
            x->pid != y->pid || x->a != y->a || x->b != y->b || x->c != y->c)
            fail_msg("%s: tick %llu: event %llu differs (kind %d vs %d)", s->name,
                     (unsigned long long)ref->tick, (unsigned long long)q, x ? x->kind : -1,
                     y ? y->kind : -1);
    }
    if (machine_done(a) != machine_done(ref))
        fail_msg("%s: tick %llu: done differs", s->name, (unsigned long long)ref->tick);
}

/* ---- commands ----------------------------------------------------------- */

/* The person's commands of a plan with commands, from tick `at` on: an
 * injected process, a kill of the newest live process, a change to round
 * robin, and after the copy another injection. Carried out identically on
 * every machine of the run (they are in the same state). */
static int command_at(machine *m, uint64_t at) {
    if (m->sub_ops || m->tick < at || m->tick > at + 3)
        return 0;
    machine_cmd c = {.tick = m->tick};
    char why[200];
    switch (m->tick - at) {
        case 0:
        case 3:
            c.kind = CMD_INJECT;
            c.inj.tmpl = (uint32_t)((m->tick + 1) % templates_count());
            c.inj.prio = 1;
            break;
        case 1:
            c.kind = CMD_KILL;
            c.pid = -1;
            for (uint32_t i = m->nprocs; i-- > 0 && c.pid < 0;) {
                const proc *p = &m->procs[i];
                if (p->pid != m->init_pid && p->state != PROC_ZOMBIE && p->state != PROC_TERMINATED)
                    c.pid = p->pid;
            }
            if (c.pid < 0)
                return 0;
            break;
        case 2:
            c.kind = CMD_SCHED;
            sched_config_default(&c.cfg, SCHED_RR);
            c.cfg.quantum[0] = 3;
            break;
    }
    return cmd_apply(m, &c, why, sizeof why) == 0 ? 1 : -1;
}

/* ---- a run -------------------------------------------------------------- */

static int nplans;    /* runs made, for the summary line */
static int ncommands; /* commands carried out on the reference machines */

#define MAX_TICKS 20000 /* a run longer than that is cut there */

typedef struct plan {
    uint64_t at[3]; /* copy A at these ticks (ascending), the copy carrying on */
    int ncopies;
    uint32_t overlap;    /* ticks the original runs on next to its copy (0: destroyed at once) */
    bool keep_original;  /* after the overlap the copy goes and the original carries on */
    int64_t commands_at; /* commands from this tick on (command_at), -1 none */
} plan;

/* Ends an overlap: one of the two goes, the other carries on in *cur. */
static void overlap_end(machine **cur, machine **other, bool keep_original) {
    if (keep_original) {
        machine_destroy(*cur);
        *cur = *other;
    } else {
        machine_destroy(*other);
    }
    *other = NULL;
}

static void run_plan(const source *s, uint64_t end, const plan *p) {
    machine *cur = build(s), *ref = build(s), *other = NULL;
    uint32_t left = 0;
    int next = 0;
    for (;;) {
        if (p->commands_at >= 0) {
            int a = command_at(cur, (uint64_t)p->commands_at);
            int b = other ? command_at(other, (uint64_t)p->commands_at) : a;
            int r = command_at(ref, (uint64_t)p->commands_at);
            if (a != r || b != r)
                fail_msg("%s: a command at tick %llu went differently", s->name,
                         (unsigned long long)ref->tick);
            ncommands += r > 0;
        }
        while (next < p->ncopies && ref->tick == p->at[next]) {
            if (other)
                overlap_end(&cur, &other, p->keep_original);
            size_t bytes = 0;
            machine *copy = machine_clone(cur, &bytes);
            if (!copy)
                fail_msg("%s: no copy at tick %llu", s->name, (unsigned long long)ref->tick);
            assert_true(bytes >= sizeof *copy);
            assert_ptr_equal(copy->sub_ops, cur->sub_ops);
            assert_true(!cur->scenario || (copy->scenario != cur->scenario &&
                                           cJSON_Compare(copy->scenario, cur->scenario, true)));
            expect_same_state(copy, ref, "the copy's state", s);
            if (p->overlap) {
                other = cur;
                left = p->overlap;
            } else {
                machine_destroy(cur);
            }
            cur = copy;
            next++;
        }
        if (ref->tick >= end || machine_done(ref))
            break;
        uint64_t from = evlog_end(&ref->log);
        machine_tick(ref);
        machine_tick(cur);
        expect_same_events(cur, ref, from, s);
        if (other) {
            machine_tick(other);
            expect_same_events(other, ref, from, s);
            if (--left == 0)
                overlap_end(&cur, &other, p->keep_original);
        }
    }
    if (other) {
        expect_same_state(other, ref, "the original's state", s);
        overlap_end(&cur, &other, p->keep_original);
    }
    expect_same_state(cur, ref, "the state", s);
    expect_same_report(cur, ref, s);
    machine_destroy(cur);
    machine_destroy(ref);
}

/* The tick a scenario ends at (at most MAX_TICKS); *full: the full machine
 * (no quick-mode subsystem), which takes commands. */
static uint64_t run_length(const source *s, uint64_t *start, bool *full) {
    machine *m = build(s);
    *start = m->tick;
    *full = !m->sub_ops;
    while (!machine_done(m) && m->tick < MAX_TICKS)
        machine_tick(m);
    uint64_t end = m->tick;
    machine_destroy(m);
    return end;
}

/* Every plan on one scenario: a copy at the start, mid-run and near the end;
 * a copy of a copy with the original running on beside each; a copy after
 * commands (full machines), with a command to the copy after it. */
static void check_source(const source *s, int index) {
    bool full;
    uint64_t start, end = run_length(s, &start, &full);
    uint64_t n = end - start;
    plan plans[] = {
        {.at = {start}, .ncopies = 1, .commands_at = -1},
        {.at = {start + n / 2}, .ncopies = 1, .commands_at = -1},
        {.at = {end > start ? end - 1 : end}, .ncopies = 1, .commands_at = -1},
        {.at = {end}, .ncopies = 1, .commands_at = -1},           /* a finished machine */
        {.at = {start + n / 4, start + n / 4, start + 2 * n / 3}, /* a copy of a copy */
         .ncopies = 3,
         .overlap = 3,
         .keep_original = index % 2,
         .commands_at = -1},
        {.at = {start + 3}, .ncopies = 1, .commands_at = (int64_t)start + 1},
        {.at = {start + 6}, .ncopies = 1, .overlap = 2, .commands_at = (int64_t)start + 2},
    };
    int count = sizeof plans / sizeof *plans;
    if (!full || n < 8)
        count -= 2;                           /* commands: the full machine only */
    for (int i = 0; i < count; i++, nplans++) /* commands change the length: to the end */
        run_plan(s, plans[i].commands_at >= 0 ? MAX_TICKS : end, &plans[i]);
}

/* ---- the scenarios: oracle cases, e2e words, exercises, machine specs --- */

static char *read_text(const char *path) {
    char why[300];
    size_t len;
    char *t = file_read_all(path, SCENARIO_MAX_FILE, &len, why, sizeof why);
    if (!t)
        fail_msg("%s", why);
    return t;
}

static void check_words(cJSON *words, const char *name, int index) {
    source s = {.kind = SRC_WORDS, .words = words};
    snprintf(s.name, sizeof s.name, "%s", name);
    check_source(&s, index);
    source_free(&s);
}

static cJSON *words_of(const char *const *w) {
    cJSON *a = cJSON_CreateArray();
    for (; *w; w++)
        cJSON_AddItemToArray(a, cJSON_CreateString(*w));
    return a;
}

/* Every case of tests/fixtures/oracle_cases.json (all quick modes and sched). */
static void test_clone_oracle_cases(void **state) {
    (void)state;
    char *text = read_text(TICKOS_SOURCE_DIR "/tests/fixtures/oracle_cases.json");
    cJSON *j = cJSON_Parse(text);
    free(text);
    assert_non_null(j);
    const cJSON *cases = cJSON_GetObjectItemCaseSensitive(j, "cases");
    int i = 0, before = nplans;
    for (const cJSON *c = cases ? cases->child : NULL; c; c = c->next, i++) {
        const cJSON *args = cJSON_GetObjectItemCaseSensitive(c, "args");
        char name[64];
        snprintf(name, sizeof name, "oracle case %d (%s)", i, args->child->valuestring);
        check_words(cJSON_Duplicate(args, true), name, i);
    }
    assert_true(i >= 300);
    assert_true(ncommands > 300); /* sched cases: an injection, a kill, a policy change, ... */
    print_message("%d oracle cases, %d runs, %d commands\n", i, nplans - before, ncommands);
    cJSON_Delete(j);
}

/* Several CPUs, every scheduling policy and the demo, as the e2e saves use them. */
static void test_clone_sched_words(void **state) {
    (void)state;
    static const char *const cases[][40] = {
        {"sched", "--policy", "mlfq", "--jobs", "0,12,3:0,8,0:0,6,2:0,9,0:2,5,0:3,7,4", "--boost",
         "10", "--iobump", "--cpus", "3", "--percpu", "--steal", "--affinity", "--balance", "4",
         NULL},
        {"sched", "--policy", "lottery", "--lengths", "9,3,3,3,3,3,8", "--tickets", "5,1,2,3,4,5,6",
         "--seed", "5", "--cpus", "2", "--percpu", "--steal", NULL},
        {"sched", "--policy", "lottery", "--lengths", "10,20,30", "--tickets", "1,2,3", "--seed",
         "7", NULL},
        {"sched", "--policy", "rr", "--quantum", "2", "--jobs", "0,7,3:0,5,0:1,6,2:2,4,0", "--cpus",
         "2", "--affinity", NULL},
        {"sched", "--policy", "stcf", "--jobs", "0,9,2:1,4,0:2,7,3:3,2,0", "--cpus", "2",
         "--percpu", "--balance", "3", NULL},
        {"sched", "--policy", "sjf", "--jobs", "0,9,2:1,4,0:2,7,3:3,2,0", "--cpus", "3", NULL},
        {"sched", "--policy", "prio", "--lengths", "5,9,4,6", "--prios", "1,3,2,3", NULL},
        {"paging", "--policy", "rand", "--frames", "2", "--refs", "1,2,3,1,2,3,4", "--seed", "3",
         NULL},
        {"paging", "--policy", "nru", "--frames", "3", "--nru-period", "2", "--refs",
         "1,2w,3,4,1,2,5w,1,2,3,4w,5,1,2", NULL},
        {"translate", "--levels", "2", "--frames", "2", "--tlb", "2", "--policy", "opt", "--addrs",
         "0x1000,0x2004w,0x3008,0x1000,0x400000", NULL},
        {"demo", NULL},
        {"demo", "--seed", "11", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        check_words(words_of(cases[i]), cases[i][0], (int)i);
}

/* Every exercise in saves/ as saved, and each of its variants. */
static void test_clone_exercises(void **state) {
    (void)state;
    DIR *d = opendir(TICKOS_SOURCE_DIR "/saves");
    assert_non_null(d);
    int files = 0, variants = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        source s = {.kind = SRC_SAVE};
        snprintf(s.path, sizeof s.path, "%s/saves/%.200s", TICKOS_SOURCE_DIR, e->d_name);
        snprintf(s.name, sizeof s.name, "%.120s", e->d_name);
        check_source(&s, files++);
        machine *m = build(&s);
        const cJSON *ex = cJSON_GetObjectItemCaseSensitive(m->scenario, "exercise");
        const cJSON *vars = cJSON_GetObjectItemCaseSensitive(ex, "variants");
        int k = 0;
        for (const cJSON *v = vars ? vars->child : NULL; v; v = v->next, k++, variants++) {
            source vs = {.kind = SRC_SCENARIO, .seed = m->seed};
            snprintf(vs.name, sizeof vs.name, "%.120s variant %d", e->d_name, k);
            vs.scenario = cJSON_Duplicate(m->scenario, true);
            cJSON_DeleteItemFromObjectCaseSensitive(vs.scenario, "exercise");
            cJSON_ReplaceItemInObjectCaseSensitive(
                vs.scenario, cJSON_IsObject(v) ? "machine" : "args", cJSON_Duplicate(v, true));
            check_source(&vs, files + k);
            source_free(&vs);
        }
        machine_destroy(m);
    }
    closedir(d);
    assert_true(files >= 20);
    print_message("%d exercises, %d variants\n", files, variants);
}

static void check_machine(const char *name, const char *spec, int index) {
    source s = {.kind = SRC_SCENARIO, .seed = 42 + (uint64_t)index};
    snprintf(s.name, sizeof s.name, "%s", name);
    cJSON *m = cJSON_Parse(spec);
    if (!m)
        fail_msg("%s: the spec is not JSON", name);
    s.scenario = cJSON_CreateObject();
    cJSON_AddItemToObject(s.scenario, "machine", m);
    check_source(&s, index);
    source_free(&s);
}

/* Memory with every replacement policy, global and local, 1 and 2 levels,
 * flushed and tagged TLBs, generated and named references, forks, I/O. */
static void test_clone_memory_machines(void **state) {
    (void)state;
    static const char *const policies[] = {"fifo",          "lru", "opt", "mru", "clock",
                                           "second-chance", "lfu", "nru", "rand"};
    int index = 0;
    for (size_t i = 0; i < sizeof policies / sizeof *policies; i++) {
        for (int local = 0; local < 2; local++, index++) {
            char spec[3000], name[64];
            snprintf(
                spec, sizeof spec,
                "{\"cpus\": %d, \"sched\": {\"policy\": \"rr\", \"quantum\": 2},"
                " \"memory\": {\"frames\": 8, \"policy\": \"%s\", \"tlb\": 2, \"levels\": %d,"
                " \"tlb_tagged\": %s, \"fault_time\": 2, \"writeback_time\": 1, \"window\": 8%s%s},"
                " \"programs\": ["
                "  {\"name\": \"walk\", \"steps\": [\"cpu 12\", \"write 0x1000\", \"read 0x5000\","
                "   \"cpu 8 io 3 2\", \"fork kid\", \"wait\", \"cpu 4\"],"
                "   \"memory\": {\"base\": \"0x400000\", \"pages\": 12, \"hot\": 3,"
                "    \"locality\": 70, \"writes\": 40, \"phase\": 5}},"
                "  {\"name\": \"kid\", \"steps\": [\"read 0x2000\", \"cpu 6\", \"write 0x2000\"],"
                "   \"memory\": {\"base\": \"0x800000\", \"pages\": 5, \"hot\": 2, \"writes\": "
                "50}},"
                "  {\"name\": \"scan\", \"steps\": [\"read 0x1000\", \"read 0x2000\","
                "   \"read 0x3000\", \"read 0x4000\", \"read 0x1000\", \"write 0x9000\", \"cpu "
                "10\"],"
                "   \"memory\": {\"base\": \"0xc00000\", \"pages\": 20, \"locality\": 0}}],"
                " \"processes\": [{\"program\": \"walk\"}, {\"program\": \"scan\", \"arrival\": 2},"
                "  {\"program\": \"walk\", \"arrival\": 4}, {\"program\": \"scan\", \"arrival\": "
                "9},"
                "  {\"program\": \"kid\", \"arrival\": 1}]}",
                1 + (int)(i % 2), policies[i], 1 + local, i % 3 == 0 ? "true" : "false",
                local ? ", \"local\": true, \"quota\": 2" : "",
                strcmp(policies[i], "nru") == 0 ? ", \"nru_period\": 3" : "");
            snprintf(name, sizeof name, "memory %s %s", policies[i], local ? "local" : "global");
            check_machine(name, spec, index);
        }
    }
}

/* Caches over shared memory (every protocol; per-CPU queues with stealing,
 * balancing and affinity; a global queue), resources with Banker's, ordered
 * acquisition, release-on-block and every recovery, init adopting orphans. */
static void test_clone_machines_with_everything(void **state) {
    (void)state;
    static const char *const protocols[] = {"moesi", "msi", "mesi"};
    for (int i = 0; i < 3; i++) {
        char spec[3000], name[64];
        snprintf(
            spec, sizeof spec,
            "{\"cpus\": %d, \"run_queues\": %s, \"sched\": {\"policy\": \"%s\", \"quantum\": 2},"
            " \"memory\": {\"frames\": 7, \"policy\": \"%s\", \"tlb\": 2},"
            " \"caches\": {\"protocol\": \"%s\", \"sets\": 4, \"ways\": 2, \"line\": 128},"
            " \"shared\": [{\"name\": \"buf\", \"base\": \"0x70000000\", \"pages\": 1},"
            "  {\"name\": \"tab\", \"base\": \"0x70001000\", \"pages\": 2}],"
            " \"programs\": ["
            "  {\"name\": \"pp\", \"steps\": [\"map buf\", \"map tab\", \"read 0x70000000\","
            "   \"write 0x70000000\", \"cpu 3\", \"read 0x70000000\", \"write 0x70000000\","
            "   \"cpu 10 io 4 2\"],"
            "   \"memory\": {\"base\": \"0x70001000\", \"pages\": 4, \"hot\": 2, \"writes\": 50}},"
            "  {\"name\": \"solo\", \"steps\": [\"cpu 12\", \"write 0x1000\"],"
            "   \"memory\": {\"base\": \"0x400000\", \"pages\": 6, \"hot\": 3, \"locality\": 70,"
            "    \"writes\": 30}}],"
            " \"processes\": [{\"program\": \"pp\"}, {\"program\": \"pp\"}, {\"program\": "
            "\"solo\"},"
            "  {\"program\": \"pp\", \"arrival\": 4}, {\"program\": \"solo\", \"arrival\": 6}]}",
            3 + i,
            i == 0   ? "{\"percpu\": true, \"steal\": true}"
            : i == 1 ? "{\"percpu\": true, \"affinity\": true, \"balance\": 3}"
                     : "{\"affinity\": true}",
            i == 2 ? "mlfq" : "rr",
            i == 1   ? "opt"
            : i == 2 ? "nru"
                     : "lru",
            protocols[i]);
        snprintf(name, sizeof name, "caches %s", protocols[i]);
        check_machine(name, spec, i);
    }
    /* The e2e machine: init forking, mlfq, memory, a mutex, a semaphore, a pool. */
    check_machine(
        "init and resources",
        "{\"init\": true, \"sched\": {\"policy\": \"mlfq\", \"quanta\": [2, 4, 8], \"boost\": 30},"
        " \"memory\": {\"frames\": 6, \"policy\": \"clock\", \"tlb\": 2, \"fault_time\": 3,"
        "  \"writeback_time\": 2},"
        " \"resources\": {\"types\": [{\"name\": \"disk\", \"kind\": \"mutex\"},"
        "  {\"name\": \"items\", \"kind\": \"semaphore\", \"count\": 0},"
        "  {\"name\": \"tapes\", \"kind\": \"pool\", \"count\": 2}], \"recovery\": \"kill\"},"
        " \"programs\": ["
        "  {\"name\": \"init\", \"steps\": [\"fork maker\", \"fork taker\", \"fork taker\","
        "   \"waitall\"]},"
        "  {\"name\": \"maker\", \"steps\": [\"write 0x400000\", \"cpu 6\", \"acquire disk\","
        "   \"cpu 3\", \"release disk\", \"release items 2\", \"cpu 4\"],"
        "   \"memory\": {\"base\": \"0x10000000\", \"pages\": 5, \"hot\": 2, \"locality\": 80,"
        "    \"writes\": 30}},"
        "  {\"name\": \"taker\", \"steps\": [\"acquire items\", \"acquire tapes\","
        "   \"cpu 5 io 2 3\", \"release tapes\", \"read 0x400000\"],"
        "   \"memory\": {\"base\": \"0x20000000\", \"pages\": 4, \"hot\": 2}}],"
        " \"processes\": [{\"program\": \"init\"}, {\"program\": \"maker\", \"name\": \"late\","
        "  \"arrival\": 12}]}",
        3);
    /* Philosophers interleaved by rr so that they deadlock, under each setting. */
    static const char *const settings[] = {
        "\"recovery\": \"kill\"", "\"recovery\": \"preempt\", \"detect_every\": 2",
        "\"ordered\": true",      "\"release_on_block\": true",
        "\"recovery\": \"none\"",
    };
    for (int i = 0; i < 5; i++) {
        char spec[3000], name[64];
        snprintf(
            spec, sizeof spec,
            "{\"sched\": {\"policy\": \"rr\", \"quantum\": 1}, \"cpus\": %d,"
            " \"resources\": {\"types\": [{\"name\": \"f0\", \"kind\": \"mutex\"},"
            "  {\"name\": \"f1\", \"kind\": \"mutex\"}, {\"name\": \"f2\", \"kind\": \"mutex\"}],"
            "  %s},"
            " \"programs\": ["
            "  {\"name\": \"p0\", \"steps\": [\"acquire f0\", \"cpu 1\", \"acquire f1\", \"cpu 2\","
            "   \"release f0\", \"release f1\", \"cpu 2\"]},"
            "  {\"name\": \"p1\", \"steps\": [\"acquire f1\", \"cpu 1\", \"acquire f2\", \"cpu 2\","
            "   \"release f1\", \"release f2\", \"cpu 2\"]},"
            "  {\"name\": \"p2\", \"steps\": [\"acquire f2\", \"cpu 1\", \"acquire f0\", \"cpu 2\","
            "   \"release f2\", \"release f0\", \"cpu 2\"]}],"
            " \"processes\": [{\"program\": \"p0\"}, {\"program\": \"p1\"}, {\"program\": \"p2\"},"
            "  {\"program\": \"p0\", \"arrival\": 9}]}",
            1 + i % 2, settings[i]);
        snprintf(name, sizeof name, "philosophers %d", i);
        check_machine(name, spec, 4 + i);
    }
    /* Banker's: claims, pools, a request that must wait for safety. */
    check_machine(
        "banker",
        "{\"sched\": {\"policy\": \"rr\", \"quantum\": 1},"
        " \"resources\": {\"types\": [{\"name\": \"a\", \"kind\": \"pool\", \"count\": 3},"
        "  {\"name\": \"b\", \"kind\": \"mutex\"},"
        "  {\"name\": \"s\", \"kind\": \"semaphore\", \"count\": 1}], \"banker\": true},"
        " \"programs\": ["
        "  {\"name\": \"x\", \"steps\": [\"claim a 2\", \"claim b 1\", \"acquire a\", \"cpu 2\","
        "   \"acquire b\", \"cpu 3\", \"acquire a\", \"release b\", \"release a 2\", \"cpu 1\","
        "   \"acquire s\", \"cpu 1\", \"release s\"]},"
        "  {\"name\": \"y\", \"steps\": [\"claim a 3\", \"acquire a 2\", \"cpu 4\", \"acquire a\","
        "   \"cpu 1\", \"release a 3\"]}],"
        " \"processes\": [{\"program\": \"x\"}, {\"program\": \"y\"}, {\"program\": \"x\","
        "  \"arrival\": 2}, {\"program\": \"y\", \"arrival\": 3}]}",
        10);
}

/* A crowd: 120 processes on 4 CPUs with per-CPU queues, lottery tickets, a
 * thrashing memory and caches: many blocks, grown arrays, full rings. */
static void test_clone_crowd(void **state) {
    (void)state;
    size_t cap = 64 * 1024, len = 0;
    char *spec = malloc(cap);
    assert_non_null(spec);
    len += (size_t)snprintf(
        spec + len, cap - len,
        "{\"cpus\": 4, \"run_queues\": {\"percpu\": true, \"steal\": true, \"affinity\": true},"
        " \"sched\": {\"policy\": \"lottery\"},"
        " \"memory\": {\"frames\": 48, \"policy\": \"clock\", \"tlb\": 8, \"fault_time\": 2},"
        " \"caches\": {\"protocol\": \"mesi\", \"sets\": 8, \"ways\": 2, \"line\": 64},"
        " \"shared\": [{\"name\": \"shm\", \"base\": \"0x70000000\", \"pages\": 2}],"
        " \"programs\": [");
    for (int i = 0; i < 6; i++)
        len += (size_t)snprintf(
            spec + len, cap - len,
            "%s{\"name\": \"w%d\", \"steps\": [\"map shm\", \"cpu %d io %d 3\","
            " \"write 0x%x\", \"cpu 20\"],"
            " \"memory\": {\"base\": \"0x70000000\", \"pages\": 8, \"hot\": 3, \"locality\": 85,"
            " \"writes\": 25, \"phase\": 40}}",
            i ? ", " : "", i, 40 + 10 * i, 7 + i, 0x70000000 + 64 * i);
    len += (size_t)snprintf(spec + len, cap - len, "], \"processes\": [");
    for (int i = 0; i < 120; i++)
        len += (size_t)snprintf(spec + len, cap - len,
                                "%s{\"program\": \"w%d\", \"arrival\": %d, \"tickets\": %d}",
                                i ? ", " : "", (i * 7) % 6, (i * 13) % 200, 1 + (i * 37) % 300);
    snprintf(spec + len, cap - len, "]}");
    check_machine("crowd", spec, 0);
    free(spec);
}

/* ---- failures ----------------------------------------------------------- */

static machine *built_to(const char *name, const char *const *words, uint64_t ticks) {
    source s = {.kind = SRC_WORDS, .words = words_of(words)};
    snprintf(s.name, sizeof s.name, "%s", name);
    machine *m = build(&s);
    source_free(&s);
    while (m->tick < ticks && !machine_done(m))
        machine_tick(m);
    return m;
}

static machine *spec_to(const char *spec, uint64_t ticks) {
    source s = {.kind = SRC_SCENARIO, .seed = 9, .scenario = cJSON_CreateObject()};
    snprintf(s.name, sizeof s.name, "spec");
    cJSON_AddItemToObject(s.scenario, "machine", cJSON_Parse(spec));
    machine *m = build(&s);
    source_free(&s);
    while (m->tick < ticks && !machine_done(m))
        machine_tick(m);
    return m;
}

/* Every allocation of a copy, in turn, fails: machine_clone_in says so and
 * clone_abort undoes the half-made copy (ASan's leak check holds it to that);
 * the original is untouched and runs on as a fresh build does. */
static void fail_everywhere(machine *m, const char *name) {
    clone_ctx cx;
    clone_begin(&cx);
    machine *ok = machine_clone_in(&cx, m);
    assert_non_null(ok);
    size_t blocks = cx.n;
    clone_abort(&cx); /* a complete copy undone: also no leak */
    assert_true(blocks > 1);
    for (size_t k = 1; k <= blocks; k++) {
        clone_begin(&cx);
        cx.fail_at = k;
        if (machine_clone_in(&cx, m) != NULL)
            fail_msg("%s: a copy with block %zu of %zu failing was returned", name, k, blocks);
        assert_true(cx.failed);
        assert_int_equal(cx.n, k - 1); /* nothing handed out after the failure */
        clone_abort(&cx);
    }
    clone_begin(&cx);
    cx.fail_at = blocks + 1; /* one past the last: nothing fails */
    machine *c = machine_clone_in(&cx, m);
    assert_non_null(c);
    clone_commit(&cx);
    machine_destroy(c);
    print_message("%s: %zu blocks, each failing in turn\n", name, blocks);
}

static void test_clone_allocation_failures(void **state) {
    (void)state;
    static const char *const paging[] = {
        "paging", "--policy", "opt", "--frames", "3", "--refs", "1,2,3,4,1,2w,5,1,2,3,4,5", NULL};
    static const char *const translate[] = {"translate",
                                            "--levels",
                                            "2",
                                            "--frames",
                                            "2",
                                            "--tlb",
                                            "2",
                                            "--policy",
                                            "lfu",
                                            "--addrs",
                                            "0x1000,0x2004w,0x3008,0x1000,0x400000",
                                            NULL};
    static const char *const mesi[] = {"mesi",
                                       "--protocol",
                                       "moesi",
                                       "--cpus",
                                       "3",
                                       "--refs",
                                       "0:r:0x40,1:w:0x40,0:r:0x44,1:r:0x80,0:w:0x80,2:r:0x40",
                                       NULL};
    static const char *const deadlock[] = {"deadlock",    "--banker",
                                           "--available", "3,3,2",
                                           "--max",       "7,5,3;3,2,2;9,0,2;2,2,2;4,3,3",
                                           "--alloc",     "0,1,0;2,0,0;3,0,2;2,1,1;0,0,2",
                                           "--grant",     "1:1,0,2",
                                           NULL};
    static const char *const percpu[] = {
        "sched",  "--policy", "mlfq",     "--jobs",  "0,12,3:0,8,0:0,6,2:0,9,0:2,5,0:3,7,4",
        "--cpus", "3",        "--percpu", "--steal", NULL};
    static const char *const stcf[] = {"sched", "--policy", "stcf", "--lengths", "9,3,3,8", NULL};
    const struct {
        const char *name;
        const char *const *words;
        uint64_t ticks;
    } cases[] = {{"paging", paging, 6},
                 {"translate", translate, 3},
                 {"mesi", mesi, 3},
                 {"deadlock", deadlock, 2},
                 {"sched", percpu, 9},
                 {"stcf", stcf, 4},
                 {"demo", (const char *const[]){"demo", NULL}, 40}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        machine *m = built_to(cases[i].name, cases[i].words, cases[i].ticks);
        fail_everywhere(m, cases[i].name);
        machine_destroy(m);
    }
    /* Local replacement, caches, shared memory, resources in one machine. */
    machine *m = spec_to(
        "{\"cpus\": 2, \"run_queues\": {\"percpu\": true},"
        " \"sched\": {\"policy\": \"rr\", \"quantum\": 2},"
        " \"memory\": {\"frames\": 8, \"policy\": \"nru\", \"local\": true, \"quota\": 2},"
        " \"caches\": {\"protocol\": \"mesi\", \"sets\": 2, \"ways\": 2, \"line\": 64},"
        " \"shared\": [{\"name\": \"buf\", \"base\": \"0x70000000\", \"pages\": 1}],"
        " \"resources\": {\"types\": [{\"name\": \"m\", \"kind\": \"mutex\"}],"
        "  \"recovery\": \"kill\"},"
        " \"programs\": [{\"name\": \"p\", \"steps\": [\"map buf\", \"acquire m\","
        "  \"write 0x70000000\", \"cpu 6\", \"release m\", \"cpu 4\"],"
        "  \"memory\": {\"base\": \"0x400000\", \"pages\": 6, \"hot\": 2}}],"
        " \"processes\": [{\"program\": \"p\"}, {\"program\": \"p\"}, {\"program\": \"p\"}]}",
        7);
    fail_everywhere(m, "machine spec");
    machine *ref = spec_to(
        "{\"cpus\": 2, \"run_queues\": {\"percpu\": true},"
        " \"sched\": {\"policy\": \"rr\", \"quantum\": 2},"
        " \"memory\": {\"frames\": 8, \"policy\": \"nru\", \"local\": true, \"quota\": 2},"
        " \"caches\": {\"protocol\": \"mesi\", \"sets\": 2, \"ways\": 2, \"line\": 64},"
        " \"shared\": [{\"name\": \"buf\", \"base\": \"0x70000000\", \"pages\": 1}],"
        " \"resources\": {\"types\": [{\"name\": \"m\", \"kind\": \"mutex\"}],"
        "  \"recovery\": \"kill\"},"
        " \"programs\": [{\"name\": \"p\", \"steps\": [\"map buf\", \"acquire m\","
        "  \"write 0x70000000\", \"cpu 6\", \"release m\", \"cpu 4\"],"
        "  \"memory\": {\"base\": \"0x400000\", \"pages\": 6, \"hot\": 2}}],"
        " \"processes\": [{\"program\": \"p\"}, {\"program\": \"p\"}, {\"program\": \"p\"}]}",
        7);
    while (!machine_done(m)) { /* the failed copies left the original as it was */
        machine_tick(m);
        machine_tick(ref);
    }
    source s = {.name = "machine spec after failed copies"};
    expect_same_state(m, ref, "the state", &s);
    machine_destroy(ref);
    machine_destroy(m);
}

/* cJSON's allocations fail after `budget` of them (cJSON_InitHooks). */
static int cjson_budget;
static void *budget_malloc(size_t n) {
    return cjson_budget-- > 0 ? malloc(n) : NULL;
}

/* The scenario is copied last, outside the context: when that fails the
 * complete copy is destroyed, whatever part of the tree was made. */
static void test_clone_scenario_copy_fails(void **state) {
    (void)state;
    static const char *const words[] = {"paging", "--policy", "lru",     "--frames",
                                        "2",      "--refs",   "1,2,3,1", NULL};
    machine *m = built_to("paging", words, 2);
    int nodes = 0;
    for (int budget = 0;; budget++) {
        cjson_budget = budget;
        cJSON_InitHooks(&(cJSON_Hooks){.malloc_fn = budget_malloc, .free_fn = free});
        size_t bytes = 0;
        machine *c = machine_clone(m, &bytes);
        cJSON_InitHooks(NULL);
        if (c) {
            assert_true(cJSON_Compare(c->scenario, m->scenario, true));
            machine_destroy(c);
            nodes = budget;
            break;
        }
        assert_int_equal(bytes, 0); /* nothing reported for a copy that is not there */
    }
    assert_true(nodes > 3); /* {"args": [...]}: an allocation per node and string */
    machine_destroy(m);
}

/* A subsystem without a clone op: no copy, and nothing leaks. */
static void sub_step(void *self, machine *m) {
    (void)self;
    (void)m;
}
static bool sub_done(const void *self, const machine *m) {
    (void)self;
    return m->tick >= 3;
}
static const subsys_ops no_clone_ops = {
    .mode = MODE_PAGING, .step = sub_step, .done = sub_done, .destroy = free};

static void test_clone_refuses_what_it_cannot_copy(void **state) {
    (void)state;
    machine *m = machine_create(MODE_PAGING, NULL, 1, 1);
    assert_non_null(m);
    machine_attach(m, &no_clone_ops, malloc(16));
    machine_tick(m);
    size_t bytes = 7;
    assert_null(machine_clone(m, &bytes));
    assert_int_equal(bytes, 7);
    machine_destroy(m);
    /* A machine built in code has no scenario: its copy has none either. */
    m = machine_create(MODE_SCHED, NULL, 2, 5);
    assert_int_equal(machine_add_job(m, 0, 5, 2, 1), 0);
    assert_int_equal(machine_add_job(m, 1, 3, 0, 0), 1);
    machine_tick(m);
    machine *c = machine_clone(m, NULL);
    assert_non_null(c);
    assert_null(c->scenario);
    machine_destroy(m);
    while (!machine_done(c))
        machine_tick(c);
    assert_int_equal(machine_proc(c, 1)->state, PROC_TERMINATED);
    machine_destroy(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clone_ctx_counts_and_commits),
        cmocka_unit_test(test_clone_ctx_abort_frees_everything),
        cmocka_unit_test(test_clone_ctx_dup_part_and_fail_at),
        cmocka_unit_test(test_clone_oracle_cases),
        cmocka_unit_test(test_clone_sched_words),
        cmocka_unit_test(test_clone_exercises),
        cmocka_unit_test(test_clone_memory_machines),
        cmocka_unit_test(test_clone_machines_with_everything),
        cmocka_unit_test(test_clone_crowd),
        cmocka_unit_test(test_clone_allocation_failures),
        cmocka_unit_test(test_clone_scenario_copy_fails),
        cmocka_unit_test(test_clone_refuses_what_it_cannot_copy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
