/* The policy menus by keys (p and c): the kinds a machine has, the choices
 * of each with the one in use marked, the message line, refusals with their
 * reason, time travel over a change, and compare's fork with another
 * replacement policy and its metrics. */
#include <cjson/cJSON.h>
#include <curses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "actions.h"
#include "ctl.h"
#include "machine_policy.h"
#include "mcache.h"
#include "scenario.h"
#include "view_compare.h"
#include "vm.h"

/* A scenario (words or a machine spec) the controller rebuilds for time travel. */
static scenario_source src;

static void start_scenario(ctl *c, cJSON *scenario) {
    cJSON_Delete(src.scenario);
    src = (scenario_source){scenario, 1, false};
    machine *m = scenario_source_build(&src);
    assert_non_null(m);
    ctl_init(c, m, scenario_source_build, &src);
}

static void start_words(ctl *c, const char *words) {
    cJSON *sc = cJSON_CreateObject(), *args = cJSON_AddArrayToObject(sc, "args");
    char buf[512];
    snprintf(buf, sizeof buf, "%s", words);
    for (char *w = strtok(buf, " "); w; w = strtok(NULL, " "))
        cJSON_AddItemToArray(args, cJSON_CreateString(w));
    start_scenario(c, sc);
}

static void stop(ctl *c) {
    machine_destroy(c->m);
    ctl_free(c);
}

static void press(ctl *c, int key, int times) {
    for (int i = 0; i < times; i++)
        ctl_key(c, key);
}

static pager_policy pager_now(const machine *m) {
    pager_policy p = PAGER_POLICY_COUNT;
    machine_pager_policy(m, &p);
    return p;
}

/* The demo has a scheduler and memory: p asks which first. */
static void test_demo_replacement_by_keys(void **state) {
    (void)state;
    ctl c;
    start_words(&c, "demo");
    ctl_advance(&c, 10);
    ctl_key(&c, 'p');
    assert_int_equal(c.vs.form.kind, FORM_KINDS);
    assert_string_equal(c.vs.form.title, "Change a policy, from the next tick");
    assert_string_equal(c.vs.form.body, "Now: scheduler mlfq; replacement clock.");
    assert_int_equal(c.vs.form.field[0].nchoices, 2);
    assert_string_equal(c.vs.form.field[0].choices[1], "replacement");
    ctl_key(&c, KEY_DOWN);
    ctl_key(&c, '\r');
    assert_int_equal(c.vs.form.kind, FORM_POLICY);
    assert_string_equal(c.vs.form.title, "Replacement policy (now clock)");
    const form_field *fd = &c.vs.form.field[0];
    assert_int_equal(fd->nchoices, PAGER_POLICY_COUNT);
    assert_int_equal(fd->choice, PAGER_CLOCK); /* on the one in use, marked */
    assert_string_equal(fd->notes[PAGER_CLOCK], "in use now");
    assert_string_equal(fd->notes[PAGER_FIFO], "evict the page loaded first");
    press(&c, KEY_UP, 4);
    assert_int_equal(ctl_key(&c, '\r') & ACT_TICKED, ACT_TICKED);
    assert_string_equal(c.vs.msg, "replacement clock -> fifo from tick 10");
    assert_int_equal(pager_now(c.m), PAGER_FIFO);
    assert_int_equal(c.cmds.n, 1);
    assert_int_equal(c.cmds.v[0].kind, CMD_PAGER);
    assert_int_equal(c.cmds.v[0].tick, 10);
    /* The same again changes nothing. */
    ctl_key(&c, 'p');
    ctl_key(&c, KEY_DOWN);
    ctl_key(&c, '\r');
    ctl_key(&c, '\r');
    assert_string_equal(c.vs.msg, "replacement is already fifo");
    assert_int_equal(c.cmds.n, 1);
    /* Back before the change and forward again: it is redone at its tick. */
    ctl_advance(&c, 5);
    assert_int_equal(ctl_goto(&c, 9), 0);
    assert_int_equal(pager_now(c.m), PAGER_CLOCK);
    assert_int_equal(ctl_goto(&c, 15), 0);
    assert_int_equal(pager_now(c.m), PAGER_FIFO);
    stop(&c);
}

/* c on the demo: the same kinds; the fork replays this machine and changes
 * its replacement; the metrics gain page faults and hit rate. */
static void test_demo_compare_replacement(void **state) {
    (void)state;
    ctl c;
    start_words(&c, "demo");
    ctl_advance(&c, 20);
    ctl_key(&c, 'c');
    assert_int_equal(c.vs.form.kind, FORM_CMP_KINDS);
    ctl_key(&c, KEY_DOWN);
    ctl_key(&c, '\r');
    assert_int_equal(c.vs.form.kind, FORM_COMPARE);
    assert_string_equal(c.vs.form.title,
                        "Compare with another replacement policy, from this tick on");
    const form_field *fd = &c.vs.form.field[0];
    assert_int_equal(fd->nchoices, PAGER_POLICY_COUNT - 1); /* not clock, in use */
    for (int i = 0; i < fd->nchoices; i++)
        assert_string_not_equal(fd->choices[i], "clock");
    ctl_key(&c, KEY_DOWN); /* fifo, lru */
    ctl_key(&c, '\r');
    assert_non_null(c.cmp);
    assert_string_equal(c.vs.msg, "comparing with replacement lru from tick 20 (c ends it)");
    assert_string_equal(c.vs.cmp_label, "lru");
    assert_int_equal(c.vs.cmp_kind, POLICY_PAGER);
    assert_int_equal(pager_now(c.cmp), PAGER_LRU);
    assert_int_equal(pager_now(c.m), PAGER_CLOCK);
    assert_int_equal(c.cmp->tick, 20);
    assert_int_equal(c.cmds.n, 0); /* the change is the fork's, not this machine's */
    ctl_advance(&c, 60);
    assert_int_equal(c.cmp->tick, 80);
    vm_stats a, b;
    vm_stats_get(c.m, &a);
    vm_stats_get(c.cmp, &b);
    assert_true(a.refs > 0 && b.refs > 0);
    /* scheduling (6) + page faults and hit rate, a title and column heads */
    assert_int_equal(view_compare_metric_rows(c.m), 6 + 2 + 2);
    ctl_key(&c, 'c');
    assert_null(c.cmp);
    stop(&c);
}

#define FULL_MACHINE                                                                               \
    "{'machine': {'cpus': 2, 'sched': {'policy': 'rr', 'quantum': 2},"                             \
    " 'memory': {'frames': 6, 'policy': 'lru'}, 'caches': {'protocol': 'mesi'},"                   \
    " 'resources': {'types': [{'name': 'f0', 'kind': 'mutex'}, {'name': 'f1', 'kind': 'mutex'}]}," \
    " 'programs': [{'name': 'p0', 'steps': ['acquire f0', 'cpu 3', 'acquire f1', 'release f1',"    \
    "                                       'release f0'],"                                        \
    "               'memory': {'base': '0x10000000', 'pages': 3}},"                                \
    "              {'name': 'p1', 'steps': ['acquire f1', 'cpu 3', 'acquire f0', 'release f0',"    \
    "                                       'release f1'],"                                        \
    "               'memory': {'base': '0x20000000', 'pages': 3}}],"                               \
    " 'processes': [{'program': 'p0'}, {'program': 'p1'}]}}"

static cJSON *json(const char *text) {
    char buf[2048];
    snprintf(buf, sizeof buf, "%s", text);
    for (char *p = buf; *p; p++)
        if (*p == '\'')
            *p = '"';
    cJSON *j = cJSON_Parse(buf);
    assert_non_null(j);
    return j;
}

/* A machine with caches and resources: four kinds; deadlock handling's
 * choices change one setting each; a refusal says why. */
static void test_all_kinds(void **state) {
    (void)state;
    ctl c;
    start_scenario(&c, json(FULL_MACHINE));
    ctl_advance(&c, 3);
    ctl_key(&c, 'p');
    assert_int_equal(c.vs.form.field[0].nchoices, 4);
    assert_string_equal(c.vs.form.field[0].choices[2], "coherence");
    assert_string_equal(c.vs.form.field[0].choices[3], "deadlock handling");
    /* Coherence: mesi -> msi. */
    press(&c, KEY_DOWN, 2);
    ctl_key(&c, '\r');
    assert_string_equal(c.vs.form.title, "Coherence protocol (now mesi)");
    assert_int_equal(c.vs.form.field[0].choice, COH_MESI);
    ctl_key(&c, KEY_UP);
    ctl_key(&c, '\r');
    assert_string_equal(c.vs.msg, "coherence mesi -> msi from tick 3");
    assert_int_equal(mcache_coh(c.m)->proto, COH_MSI);
    /* Deadlock handling: recovery none -> kill. */
    ctl_key(&c, 'p');
    press(&c, KEY_DOWN, 3);
    ctl_key(&c, '\r');
    assert_string_equal(c.vs.form.body,
                        "Now: detect every tick, recovery none. Each choice changes one setting.");
    const form_field *fd = &c.vs.form.field[0];
    assert_int_equal(fd->nchoices, 10);
    assert_int_equal(fd->choice, 0); /* detect every tick: in use */
    assert_string_equal(fd->choices[5], "recovery kill");
    assert_string_equal(fd->notes[4], "in use now");
    assert_string_equal(fd->choices[7], "Banker's on");
    press(&c, KEY_DOWN, 5);
    ctl_key(&c, '\r');
    assert_string_equal(c.vs.msg, "deadlock handling: recovery none -> kill from tick 3");
    assert_int_equal(machine_deadlock_config(c.m)->recovery, RM_RECOVER_KILL);
    /* Banker's on: no program declares claims. */
    ctl_key(&c, 'p');
    press(&c, KEY_DOWN, 3);
    ctl_key(&c, '\r');
    press(&c, KEY_DOWN, 7);
    ctl_key(&c, '\r');
    assert_true(c.vs.msg_err);
    assert_string_equal(c.vs.msg,
                        "Banker's needs claims, and no program here declares any (claim steps)");
    assert_int_equal(c.cmds.n, 2);
    /* The deadlock comes and kill recovers: everything ends. */
    ctl_advance(&c, 200);
    assert_true(machine_done(c.m));
    assert_true(resmgr_of(c.m)->kills > 0);
    /* Compare with never detecting: the fork stays deadlocked. */
    assert_int_equal(ctl_goto(&c, 3), 0);
    ctl_key(&c, 'c');
    press(&c, KEY_DOWN, 3);
    ctl_key(&c, '\r');
    assert_string_equal(c.vs.form.title, "Compare with other deadlock handling, from this tick on");
    ctl_key(&c, KEY_UP); /* the first offered is detect every 5 ticks; up wraps */
    assert_string_equal(c.vs.form.field[0].choices[c.vs.form.field[0].choice],
                        "release on block on");
    ctl_key(&c, '\r');
    assert_non_null(c.cmp);
    assert_string_equal(c.vs.cmp_label, "kill+rob");
    stop(&c);
}

/* The quick modes: one kind each, straight to its choices. */
static void test_quick_modes(void **state) {
    (void)state;
    ctl c;
    start_words(&c, "paging --policy fifo --frames 2 --refs 1,2,3,1");
    ctl_advance(&c, 2);
    ctl_key(&c, 'p');
    assert_int_equal(c.vs.form.kind, FORM_POLICY);
    assert_string_equal(c.vs.form.title, "Replacement policy (now fifo)");
    ctl_key(&c, KEY_DOWN);
    ctl_key(&c, '\r');
    assert_string_equal(c.vs.msg, "replacement fifo -> lru from tick 2");
    stop(&c);
    start_words(&c, "mesi --cpus 2 --refs 0:r:0x0,1:w:0x0");
    ctl_key(&c, 'p');
    assert_string_equal(c.vs.form.title, "Coherence protocol (now mesi)");
    ctl_key(&c, KEY_DOWN);
    ctl_key(&c, '\r');
    assert_string_equal(c.vs.msg, "coherence mesi -> moesi from tick 0");
    stop(&c);
    start_words(&c, "deadlock --detect --available 0,0 --alloc 1,0;0,1 --request 0,1;1,0");
    ctl_key(&c, 'p');
    assert_int_equal(c.vs.dialog, DIALOG_NONE);
    assert_string_equal(c.vs.msg, "deadlock mode has no policy to change");
    stop(&c);
    cJSON_Delete(src.scenario);
    src.scenario = NULL;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo_replacement_by_keys),
        cmocka_unit_test(test_demo_compare_replacement),
        cmocka_unit_test(test_all_kinds),
        cmocka_unit_test(test_quick_modes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
