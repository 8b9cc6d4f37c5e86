/* The inject form (i) through the controller: the fields a machine has
 * (memory and resource fields only where they apply), a message naming the
 * field for each bad value, the process it injects, time travel across it,
 * and the dialog drawn at 80x24 and on the smallest screen. */
#include <cjson/cJSON.h>
#include <curses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "ctl.h"
#include "inject.h"
#include "offscreen.h"
#include "resmgr.h"
#include "scenario.h"
#include "state.h"
#include "view.h"
#include "vm.h"

/* Memory and resources (the lab of test_inject.c), as a scenario. */
static const char lab[] =
    "{\"machine\": {\"sched\": {\"policy\": \"rr\", \"quantum\": 2},"
    " \"memory\": {\"frames\": 8, \"policy\": \"lru\", \"fault_time\": 3},"
    " \"resources\": {\"types\": [{\"name\": \"lock\", \"kind\": \"mutex\"},"
    "   {\"name\": \"tape\", \"kind\": \"pool\", \"count\": 2}]},"
    " \"programs\": [{\"name\": \"parent\", \"steps\": [\"cpu 2\", \"fork worker\", \"waitall\"]},"
    "   {\"name\": \"worker\", \"steps\": [\"cpu 3\", \"acquire lock\", \"cpu 2\", \"release "
    "lock\"], \"memory\": {\"base\": \"0x400000\", \"pages\": 6, \"hot\": 2}}],"
    " \"processes\": [{\"program\": \"parent\"}]}}";

/* Memory, no resources. */
static const char mem_only[] =
    "{\"machine\": {\"sched\": {\"policy\": \"fifo\"}, \"memory\": {\"frames\": 4},"
    " \"programs\": [{\"name\": \"solo\", \"steps\": [\"cpu 4\"]}],"
    " \"processes\": [{\"program\": \"solo\"}]}}";

/* Neither (the sched mode's words). */
static const char sched_only[] = "{\"args\": [\"sched\", \"--policy\", \"rr\", \"--lengths\", "
                                 "\"5,3\"]}";

static void start(ctl *c, scenario_source *src, const char *json) {
    *src = (scenario_source){.scenario = cJSON_Parse(json), .seed = 1};
    assert_non_null(src->scenario);
    machine *m = scenario_source_build(src);
    assert_non_null(m);
    ctl_init(c, m, scenario_source_build, src);
}

static void stop(ctl *c, scenario_source *src) {
    machine_destroy(c->m);
    ctl_free(c);
    cJSON_Delete(src->scenario);
}

static void keys(ctl *c, const char *s) {
    for (; *s; s++)
        ctl_key(c, (unsigned char)*s);
}

/* Moves to field i (Tab from the first). */
static void go_field(ctl *c, int i) {
    while (c->vs.form.cur != i)
        ctl_key(c, '\t');
}

static void clear_field(ctl *c) {
    for (int k = 0; k < FORM_TEXT_MAX; k++)
        ctl_key(c, KEY_BACKSPACE);
}

static void assert_labels(const form *f, const char *const *want, int n) {
    assert_int_equal(f->nfields, n);
    for (int i = 0; i < n; i++)
        assert_string_equal(f->field[i].label, want[i]);
}

/* The fields shown follow the machine; the choices list the templates, the
 * machine's own programs, the behaviours and the resource types. */
static void test_fields_follow_the_machine(void **state) {
    (void)state;
    ctl c;
    scenario_source src;
    start(&c, &src, lab);
    ctl_key(&c, 'i');
    assert_int_equal(c.vs.dialog, DIALOG_FORM);
    const form *f = &c.vs.form;
    static const char *const all[] = {"name",  "program",  "priority", "memory",
                                      "pages", "resource", "count",    "hold"};
    assert_labels(f, all, 8);
    const form_field *p = &f->field[c.inj.prog];
    assert_int_equal(p->nchoices, 6);
    assert_string_equal(p->choices[3], "forker");
    assert_string_equal(p->choices[4], "parent");
    assert_string_equal(p->notes[4], "machine's: 3 steps, 2 CPU ticks, forks");
    assert_string_equal(p->choices[5], "worker");
    assert_string_equal(p->notes[5], "machine's: 4 steps, 5 CPU ticks, memory model");
    const form_field *mf = &f->field[c.inj.mem];
    assert_int_equal(mf->nchoices, 1 + (int)inject_presets_count());
    assert_string_equal(mf->choices[0], "as the program");
    assert_string_equal(mf->choices[2], "scan");
    const form_field *r = &f->field[c.inj.res];
    assert_int_equal(r->nchoices, 3);
    assert_string_equal(r->choices[2], "tape");
    assert_string_equal(r->notes[2], "a pool of 2");
    ctl_key(&c, 27);
    stop(&c, &src);

    start(&c, &src, mem_only);
    ctl_key(&c, 'i');
    static const char *const mem[] = {"name", "program", "priority", "memory", "pages"};
    assert_labels(&c.vs.form, mem, 5);
    assert_int_equal(c.inj.res, -1);
    stop(&c, &src);

    start(&c, &src, sched_only);
    ctl_key(&c, 'i');
    static const char *const plain[] = {"name", "program", "priority"};
    assert_labels(&c.vs.form, plain, 3);
    assert_int_equal(c.inj.mem, -1);
    stop(&c, &src);
}

/* Bad values, each with a message naming its field (which becomes the
 * current one), then a good inject: worker scanning 32 pages, holding both
 * tapes for 5 ticks. */
static void test_bad_values_then_inject(void **state) {
    (void)state;
    ctl c;
    scenario_source src;
    start(&c, &src, lab);
    ctl_key(&c, 'i');
    form *f = &c.vs.form;
    const inject_form *in = &c.inj;
    go_field(&c, in->prog);
    ctl_key(&c, KEY_LEFT); /* wraps to the last: worker */
    assert_string_equal(f->field[in->prog].choices[f->field[in->prog].choice], "worker");

    go_field(&c, in->pages);
    keys(&c, "32");
    ctl_key(&c, '\r');
    assert_string_equal(f->error, "pages: only with a memory behaviour (choose one under memory, "
                                  "or leave it empty)");
    assert_int_equal(f->cur, in->pages);
    go_field(&c, in->mem);
    ctl_key(&c, KEY_RIGHT);
    ctl_key(&c, KEY_RIGHT); /* scan */
    go_field(&c, in->pages);
    clear_field(&c);
    keys(&c, "0");
    ctl_key(&c, '\r');
    assert_string_equal(f->error, "pages: '0' is not a whole number from 1 to 4096");
    clear_field(&c);
    keys(&c, "32");

    go_field(&c, in->res);
    ctl_key(&c, KEY_RIGHT);
    ctl_key(&c, KEY_RIGHT); /* tape */
    go_field(&c, in->count);
    clear_field(&c);
    keys(&c, "3");
    go_field(&c, 0);
    ctl_key(&c, '\r');
    assert_string_equal(f->error, "count: 3 is more than the 2 tape there are");
    assert_int_equal(f->cur, in->count);
    clear_field(&c);
    keys(&c, "x");
    ctl_key(&c, '\r');
    assert_string_equal(f->error, "count: 'x' is not a whole number from 1 to 1000000");
    clear_field(&c);
    keys(&c, "2");
    go_field(&c, in->hold);
    clear_field(&c);
    ctl_key(&c, '\r');
    assert_string_equal(f->error, "hold: empty; give a whole number from 1 to 1000000");
    keys(&c, "5");
    go_field(&c, in->prio);
    clear_field(&c);
    keys(&c, "9");
    ctl_key(&c, '\r');
    assert_string_equal(f->error, "priority: '9' is not a whole number from 0 to 7");
    clear_field(&c);
    keys(&c, "1");
    assert_int_equal(c.m->nprocs, 1);
    assert_int_equal(c.cmds.n, 0);

    ctl_key(&c, '\r');
    assert_int_equal(c.vs.dialog, DIALOG_NONE);
    assert_string_equal(c.vs.msg, "P2 (worker) injected at tick 0, scan over 32 pages, holds 2 "
                                  "tape for 5 ticks: it arrives now");
    assert_int_equal(c.cmds.n, 1);
    const proc *p = machine_proc_c(c.m, 2);
    assert_non_null(p);
    assert_int_equal(p->prio, 1);
    const vm_model *md = vm_model_of(c.m, p->prog);
    assert_non_null(md);
    assert_true(md->scan);
    assert_int_equal(md->pages, 32);
    assert_int_equal(c.m->progs[p->prog].steps[0].kind, STEP_ACQUIRE);

    /* The copy is not offered: the next form lists the same programs. */
    ctl_key(&c, 'i');
    assert_int_equal(f->field[c.inj.prog].nchoices, 6);
    ctl_key(&c, 27);
    stop(&c, &src);
}

/* An inject with memory and a resource given at tick 4 is undone by going
 * back before it and redone, to the very same state, going forward. */
static void test_time_travel(void **state) {
    (void)state;
    ctl c;
    scenario_source src;
    start(&c, &src, lab);
    ctl_advance(&c, 4);
    uint32_t before = c.m->nprocs; /* parent and the worker it forked */
    assert_int_equal(before, 2);
    ctl_key(&c, 'i');
    go_field(&c, c.inj.mem);
    ctl_key(&c, KEY_RIGHT); /* loop */
    go_field(&c, c.inj.res);
    ctl_key(&c, KEY_RIGHT); /* lock */
    ctl_key(&c, '\r');
    assert_int_equal(c.vs.dialog, DIALOG_NONE);
    assert_int_equal(c.m->nprocs, 3);
    ctl_advance(&c, 26);
    assert_int_equal(c.m->tick, 30);
    cJSON *at30 = state_build(c.m);
    vm_proc_view v;
    vm_proc_get(c.m, 3, &v);
    assert_true(v.refs > 0);
    assert_int_equal(ctl_goto(&c, 3), 0);
    assert_int_equal(c.m->nprocs, 2);
    assert_int_equal(ctl_goto(&c, 30), 0);
    cJSON *again = state_build(c.m);
    char why[300] = "";
    if (state_diff(at30, again, why, sizeof why) != 0)
        fail_msg("%s", why);
    cJSON_Delete(at30);
    cJSON_Delete(again);
    stop(&c, &src);
}

/* The form with every field, drawn at 80x24 and at the smallest screen
 * (60x16): every field, the error line and the footer show, and nothing is
 * drawn outside the window. */
static void test_drawn(void **state) {
    (void)state;
    ctl c;
    scenario_source src;
    start(&c, &src, lab);
    ctl_key(&c, 'i');
    snprintf(c.vs.form.error, sizeof c.vs.form.error, "count: 3 is more than the 2 tape there are");
    int h, w;
    view_form_size(&c.vs, &h, &w);
    assert_int_equal(h, 14);
    assert_int_equal(w, 80);
    const int sizes[][2] = {{14, 80}, {14, 60}, {10, 60}};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        framed fr = framed_new(sizes[i][0], sizes[i][1]);
        view_form(fr.w, &c.vs, &mono);
        int rows = sizes[i][0];
        assert_non_null(strstr(row(fr.w, 0), "Inject a process"));
        assert_non_null(strstr(row(fr.w, 2), "> name"));
        assert_non_null(strstr(row(fr.w, rows - 3), "count: 3 is more than the 2 tape"));
        assert_non_null(strstr(row(fr.w, rows - 2), "Enter injects"));
        if (rows == 14) {
            assert_non_null(strstr(row(fr.w, 9), "hold      5"));
        } else {
            /* Cut after the fields that fit above the error line. */
            assert_non_null(strstr(row(fr.w, rows - 4), "pages"));
            for (int y = 0; y < rows; y++)
                assert_null(strstr(row(fr.w, y), "hold"));
        }
        framed_check(&fr);
    }
    stop(&c, &src);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields_follow_the_machine),
        cmocka_unit_test(test_bad_values_then_inject),
        cmocka_unit_test(test_time_travel),
        cmocka_unit_test(test_drawn),
    };
    return cmocka_run_group_tests(tests, offscreen_setup, offscreen_teardown);
}
