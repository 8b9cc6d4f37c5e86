/* The controller beyond the clock: exact time travel by rebuild and replay
 * (with the commands given on the way), kill, policy and inject through
 * their dialogs, the details dialog and the mouse. States are compared by a
 * fingerprint of everything the machine holds that a view or a later tick
 * can see. */
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
#include "cli.h"
#include "ctl.h"
#include "scenario.h"
#include "screens.h"

/* ---- fingerprints ---------------------------------------------------------- */

typedef struct fp {
    uint64_t h;
} fp;

static void mix(fp *f, uint64_t v) {
    for (int i = 0; i < 8; i++) {
        f->h ^= (v >> (8 * i)) & 0xff;
        f->h *= 1099511628211ULL; /* FNV-1a */
    }
}

static uint64_t fingerprint(const machine *m) {
    fp f = {14695981039346656037ULL};
    mix(&f, m->tick);
    for (int i = 0; i < 4; i++)
        mix(&f, m->rng.s[i]);
    mix(&f, m->nprocs);
    mix(&f, m->nlive);
    mix(&f, m->nprogs);
    for (uint32_t i = 0; i < m->nprocs; i++) {
        const proc *p = &m->procs[i];
        uint64_t v[] = {(uint64_t)p->pid,
                        (uint64_t)p->ppid,
                        p->state,
                        p->block_reason,
                        p->prog,
                        p->pc,
                        p->step_done,
                        p->cpu_left,
                        (uint64_t)p->level,
                        (uint64_t)p->slice_left,
                        (uint64_t)p->allot_left,
                        (uint64_t)p->prio,
                        p->tickets,
                        (uint64_t)p->cpu,
                        p->arrival,
                        (uint64_t)p->first_run,
                        (uint64_t)p->finish,
                        p->cpu_time,
                        p->wait_time,
                        p->blocked_time,
                        p->state_since,
                        p->wake_at,
                        p->ios,
                        (uint64_t)p->children};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
            mix(&f, v[k]);
    }
    mix(&f, m->sched.cfg.policy);
    for (int lv = 0; lv < sched_levels(&m->sched); lv++) {
        int32_t q[256];
        uint32_t n = sched_queue_snapshot(&m->sched, m, lv, q, 256);
        mix(&f, n);
        for (uint32_t i = 0; i < n; i++)
            mix(&f, (uint64_t)q[i]);
    }
    for (int c = 0; c < m->ncpus; c++) {
        const machine_cpu *k = &m->cpus[c];
        mix(&f, (uint64_t)k->running);
        mix(&f, k->busy);
        mix(&f, k->switches);
        for (int t = 0; t < MACHINE_GANTT; t++)
            mix(&f, (uint64_t)k->gantt[t]);
    }
    mix(&f, evlog_end(&m->log));
    for (uint64_t s = evlog_first(&m->log); s < evlog_end(&m->log); s++) {
        const event *e = evlog_get(&m->log, s);
        uint64_t v[] = {e->seq,           e->tick,        e->kind,        (uint64_t)e->cpu,
                        (uint64_t)e->pid, (uint64_t)e->a, (uint64_t)e->b, (uint64_t)e->c};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
            mix(&f, v[k]);
    }
    return f.h;
}

/* ---- scenarios ------------------------------------------------------------- */

/* A scenario given as command-line words, rebuilt (as the TUI does) from the
 * scenario its first build recorded. */
typedef struct words {
    const char *mode;
    int argc;
    char **argv;
    bool record;
    scenario_source s;
    int builds; /* machines built from it */
} words;

static machine *words_build(void *ctx) {
    words *w = ctx;
    w->builds++;
    if (!w->s.scenario) {
        cli_common c;
        cli_error err = {0};
        machine *m = NULL;
        cli_common_default(&c);
        if (scenario_build(w->mode, w->argc, w->argv, &c, &m, &err) != 0)
            return NULL;
        w->s.scenario = cJSON_Duplicate(m->scenario, true);
        w->s.seed = m->seed;
        w->s.record = w->record;
        machine_destroy(m);
        cli_common_free(&c);
    }
    return scenario_source_build(&w->s);
}

static void words_free(words *w) {
    cJSON_Delete(w->s.scenario);
    w->s.scenario = NULL;
}

/* Lottery with I/O: every tick draws from the machine's rng. */
static char *lottery_argv[] = {"--policy", "lottery", "--jobs",    "0,30,5:2,40,0:5,50,7",
                               "--iotime", "3",       "--tickets", "10,20,30",
                               NULL};
static words lottery = {"sched", 8, lottery_argv, false, {0}, 0};

/* Two long jobs for going far back. */
static char *long_argv[] = {"--policy", "rr", "--quantum", "3", "--lengths", "20000,20000", NULL};
static words long_jobs = {"sched", 6, long_argv, false, {0}, 0};

static machine *built_at(words *src, uint64_t ticks) {
    machine *m = words_build(src);
    assert_non_null(m);
    for (uint64_t i = 0; i < ticks; i++)
        machine_tick(m);
    return m;
}

static void start(ctl *c, words *src) {
    machine *m = words_build(src);
    assert_non_null(m);
    ctl_init(c, m, words_build, src);
}

static void stop(ctl *c) {
    machine_destroy(c->m);
    ctl_free(c);
}

static void keys(ctl *c, const char *s) {
    for (; *s; s++)
        ctl_key(c, (unsigned char)*s);
}

/* ---- time travel ----------------------------------------------------------- */

/* Forward 30, back 10 (one b at a time), forward 10: the state at 20 is that
 * of a fresh run of 20 ticks, and at 30 again the same as before. */
static void test_back_and_forth_is_exact(void **state) {
    (void)state;
    ctl c;
    start(&c, &lottery);
    for (int i = 0; i < 30; i++)
        ctl_key(&c, 'n');
    assert_int_equal(c.m->tick, 30);
    uint64_t at30 = fingerprint(c.m);
    for (int i = 0; i < 10; i++)
        ctl_key(&c, i % 2 ? 'b' : KEY_LEFT);
    assert_int_equal(c.m->tick, 20);
    machine *fresh = built_at(&lottery, 20);
    assert_int_equal(fingerprint(c.m), fingerprint(fresh));
    machine_destroy(fresh);
    for (int i = 0; i < 10; i++)
        ctl_key(&c, 'n');
    assert_int_equal(fingerprint(c.m), at30);
    /* At tick 0, b says so. */
    assert_int_equal(ctl_goto(&c, 0), 0);
    assert_int_equal(c.m->tick, 0);
    ctl_key(&c, 'b');
    assert_int_equal(c.m->tick, 0);
    assert_string_equal(c.vs.msg, "already at tick 0");
    stop(&c);
}

/* 11,000 ticks back: from 12,000 to 1,000 and forward again. */
static void test_far_back(void **state) {
    (void)state;
    ctl c;
    start(&c, &long_jobs);
    assert_int_equal(ctl_advance(&c, 12000), 12000);
    uint64_t at12000 = fingerprint(c.m);
    assert_int_equal(ctl_goto(&c, 1000), 0);
    machine *fresh = built_at(&long_jobs, 1000);
    assert_int_equal(fingerprint(c.m), fingerprint(fresh));
    machine_destroy(fresh);
    assert_int_equal(ctl_goto(&c, 12000), 0);
    assert_int_equal(fingerprint(c.m), at12000);
    stop(&c);
}

/* Commands are replayed at their ticks; a new command in the past drops the
 * ones after it (and the copies of the machine after it). Lottery: kill P1 at
 * 5, rr from 8, inject a cpu-bound at 12. every: ticks between copies (0: the
 * default, which leaves this short run without any). */
static void commands_replayed(uint64_t every) {
    ctl c;
    start(&c, &lottery);
    if (every) {
        c.snaps.adapt = false;
        c.snaps.every = every;
    }
    ctl_advance(&c, 5);
    machine_cmd kill = {.kind = CMD_KILL, .pid = 1};
    assert_int_equal(ctl_command(&c, &kill), 0);
    ctl_advance(&c, 3);
    machine_cmd rr = {.kind = CMD_SCHED};
    sched_config_default(&rr.cfg, SCHED_RR);
    assert_int_equal(ctl_command(&c, &rr), 0);
    ctl_advance(&c, 4);
    machine_cmd inj = {.kind = CMD_INJECT, .inj = {.tmpl = 0, .prio = 3}};
    snprintf(inj.inj.name, sizeof inj.inj.name, "hog");
    assert_int_equal(ctl_command(&c, &inj), 3);
    assert_int_equal(c.cmds.n, 3);
    ctl_advance(&c, 18);
    assert_int_equal(c.m->tick, 30);
    uint64_t at30 = fingerprint(c.m);

    /* Before the kill: P1 alive, lottery, three processes. */
    assert_int_equal(ctl_goto(&c, 4), 0);
    assert_int_not_equal(machine_proc(c.m, 1)->state, PROC_TERMINATED);
    assert_int_equal(c.m->sched.cfg.policy, SCHED_LOTTERY);
    assert_int_equal(c.m->nprocs, 3);
    /* At the kill's own tick the kill is done (a command belongs to its tick). */
    assert_int_equal(ctl_goto(&c, 5), 0);
    assert_int_equal(machine_proc(c.m, 1)->state, PROC_TERMINATED);
    assert_int_equal(ctl_goto(&c, 30), 0);
    assert_int_equal(fingerprint(c.m), at30);

    /* A new branch at 10: kill P2. The inject at 12 is dropped, rr at 8 stays. */
    assert_int_equal(ctl_goto(&c, 10), 0);
    machine_cmd kill2 = {.kind = CMD_KILL, .pid = 2};
    assert_int_equal(ctl_command(&c, &kill2), 0);
    assert_int_equal(c.cmds.n, 3);
    for (int i = 0; i < c.snaps.n; i++)
        assert_true(c.snaps.v[i].m->tick < 10);
    ctl_advance(&c, 20);
    uint64_t branch30 = fingerprint(c.m);
    assert_int_equal(ctl_goto(&c, 11), 0);
    assert_int_equal(ctl_goto(&c, 30), 0);
    assert_int_equal(fingerprint(c.m), branch30);
    assert_int_equal(c.m->nprocs, 3);
    assert_int_equal(c.m->sched.cfg.policy, SCHED_RR);
    assert_int_equal(machine_proc(c.m, 2)->state, PROC_TERMINATED);
    /* A refused command is not logged: P2 is dead already. */
    assert_int_equal(ctl_command(&c, &kill2), -1);
    assert_int_equal(c.cmds.n, 3);

    /* Restart: tick 0, no commands. */
    ctl_key(&c, 'r');
    assert_int_equal(c.m->tick, 0);
    assert_int_equal(c.cmds.n, 0);
    assert_string_equal(c.vs.msg, "restarted at tick 0");
    ctl_advance(&c, 30);
    machine *fresh = built_at(&lottery, 30);
    assert_int_equal(fingerprint(c.m), fingerprint(fresh));
    machine_destroy(fresh);
    stop(&c);
}

static void test_commands_replayed(void **state) {
    (void)state;
    commands_replayed(0);
}

/* The same with a copy of the machine every 2 ticks. */
static void test_commands_replayed_from_copies(void **state) {
    (void)state;
    commands_replayed(2);
}

/* ---- copies of the machine (snaps.h) --------------------------------------- */

/* Going back starts from a copy, not from tick 0: from 12,000 one tick and
 * then 10,000 ticks back rebuild nothing, and each state is the one a fresh
 * run reaches. */
static void test_back_from_copies(void **state) {
    (void)state;
    ctl c;
    start(&c, &long_jobs);
    c.snaps.adapt = false;
    c.snaps.every = 100;
    assert_int_equal(ctl_advance(&c, 12000), 12000);
    uint64_t at12000 = fingerprint(c.m);
    assert_true(c.snaps.n > 0 && c.snaps.n <= SNAPS_MAX);
    int builds = long_jobs.builds;
    uint64_t back[] = {11999, 11998, 2000, 1999, 5};
    for (size_t i = 0; i < sizeof back / sizeof back[0]; i++) {
        assert_int_equal(ctl_goto(&c, back[i]), 0);
        assert_int_equal(c.m->tick, back[i]);
        if (i < 4) { /* from a copy: no rebuild */
            assert_int_equal(long_jobs.builds, builds);
            assert_int_equal(c.snaps.restored, i + 1);
        } else { /* before the first copy (tick 100) only a rebuild can help */
            assert_int_equal(long_jobs.builds, builds + 1);
            builds++;
        }
        machine *fresh = built_at(&long_jobs, back[i]);
        builds++;
        assert_int_equal(fingerprint(c.m), fingerprint(fresh));
        machine_destroy(fresh);
    }
    assert_int_equal(ctl_goto(&c, 12000), 0);
    assert_int_equal(fingerprint(c.m), at12000);
    stop(&c);
}

/* The copies fit SNAPS_MAX and the byte budget: the older half is thinned,
 * recent ones stay `every` apart. */
static void test_copies_thin_out(void **state) {
    (void)state;
    ctl c;
    start(&c, &long_jobs);
    c.snaps.adapt = false;
    c.snaps.every = 10;
    ctl_advance(&c, 20000);
    const snaps *s = &c.snaps;
    assert_true(s->n > SNAPS_MAX / 2 && s->n <= SNAPS_MAX);
    assert_true(s->taken >= 20000 / 10);
    size_t bytes = 0;
    for (int i = 0; i < s->n; i++) {
        bytes += s->v[i].bytes;
        if (i > 0)
            assert_true(s->v[i].m->tick > s->v[i - 1].m->tick);
    }
    assert_int_equal(bytes, s->bytes);
    assert_true(s->v[s->n - 1].m->tick > 20000 - 10);
    assert_int_equal(s->v[s->n - 1].m->tick - s->v[s->n - 2].m->tick, 10);
    assert_true(s->v[1].m->tick - s->v[0].m->tick > 10);
    assert_int_equal(s->v[0].m->tick, 10); /* the oldest is kept */

    /* A restart forgets them; a budget of three copies keeps at most three. */
    size_t one = s->v[0].bytes;
    assert_int_equal(ctl_restart(&c), 0);
    assert_int_equal(s->n, 0);
    c.snaps.budget = 3 * one + one / 2;
    ctl_advance(&c, 1000);
    assert_true(s->n >= 2 && s->n <= 3);
    assert_true(s->bytes <= c.snaps.budget);
    stop(&c);
}

/* ---- dialogs --------------------------------------------------------------- */

static void test_goto_prompt(void **state) {
    (void)state;
    ctl c;
    start(&c, &lottery);
    ctl_key(&c, 'g');
    assert_int_equal(c.vs.dialog, DIALOG_FORM);
    assert_int_equal(c.vs.form.kind, FORM_GOTO);
    assert_string_equal(c.vs.form.title, "Go to tick (0 to 10000000):");
    keys(&c, "4x");
    ctl_key(&c, '\r');
    assert_int_equal(c.vs.dialog, DIALOG_FORM);
    assert_string_equal(c.vs.form.error, "tick: '4x' is not a whole number from 0 to 10000000");
    assert_int_equal(c.m->tick, 0);
    ctl_key(&c, KEY_BACKSPACE);
    assert_string_equal(c.vs.form.error, "");
    keys(&c, "2");
    ctl_key(&c, KEY_ENTER);
    assert_int_equal(c.vs.dialog, DIALOG_NONE);
    assert_int_equal(c.m->tick, 42);
    /* Empty, then past the end of the run (120 ticks of work, some I/O). */
    ctl_key(&c, 'g');
    ctl_key(&c, '\n');
    assert_string_equal(c.vs.form.error, "tick: empty; give a whole number from 0 to 10000042");
    keys(&c, "9999");
    ctl_key(&c, '\n');
    assert_true(machine_done(c.m));
    char want[64];
    snprintf(want, sizeof want, "the run ends at tick %llu", (unsigned long long)c.m->tick);
    assert_string_equal(c.vs.msg, want);
    /* Esc leaves without going anywhere. */
    uint64_t t = c.m->tick;
    ctl_key(&c, 'g');
    keys(&c, "1");
    ctl_key(&c, 27);
    assert_int_equal(c.vs.dialog, DIALOG_NONE);
    assert_int_equal(c.m->tick, t);
    stop(&c);
}

static void test_kill_policy_inject_by_keys(void **state) {
    (void)state;
    ctl c;
    start(&c, &lottery);
    ctl_advance(&c, 3);
    /* Kill P1 (the second row): asked first, n keeps it. */
    ctl_key(&c, KEY_DOWN);
    ctl_key(&c, 'k');
    assert_int_equal(c.vs.form.kind, FORM_KILL);
    assert_string_equal(c.vs.form.title, "Kill P1 (job1)?");
    ctl_key(&c, 'n');
    assert_int_equal(c.vs.dialog, DIALOG_NONE);
    assert_int_not_equal(machine_proc(c.m, 1)->state, PROC_TERMINATED);
    ctl_key(&c, 'k');
    ctl_key(&c, 'q'); /* not an answer: the question stays */
    assert_int_equal(c.vs.dialog, DIALOG_FORM);
    assert_false(c.quit);
    ctl_key(&c, 'y');
    assert_int_equal(machine_proc(c.m, 1)->state, PROC_TERMINATED);
    assert_string_equal(c.vs.msg, "P1 (job1) killed at tick 3");
    ctl_key(&c, 'k');
    assert_string_equal(c.vs.msg, "P1 (job1) has already exited");

    /* Policy: the menu starts on the current one (lottery, the last); Down
     * wraps to fifo. */
    ctl_key(&c, 'p');
    assert_int_equal(c.vs.form.kind, FORM_POLICY);
    assert_int_equal(c.vs.form.field[0].choice, SCHED_LOTTERY);
    ctl_key(&c, KEY_DOWN);
    assert_int_equal(ctl_key(&c, '\r') & ACT_RELAYOUT, ACT_RELAYOUT);
    assert_int_equal(c.m->sched.cfg.policy, SCHED_FIFO);
    assert_string_equal(c.vs.msg, "policy lottery -> fifo from tick 3");
    /* Back to lottery: the scenario's own settings (tickets are per process). */
    ctl_key(&c, 'p');
    ctl_key(&c, KEY_UP);
    ctl_key(&c, '\r');
    assert_int_equal(c.m->sched.cfg.policy, SCHED_LOTTERY);

    /* Inject: a bad name, a bad priority, then io-bound "web" at priority 6. */
    ctl_key(&c, 'i');
    assert_int_equal(c.vs.form.kind, FORM_INJECT);
    keys(&c, "my web");
    ctl_key(&c, '\r');
    assert_string_equal(c.vs.form.error,
                        "name: ' ' is not allowed; use letters, digits, '-', '_' and '.'");
    assert_int_equal(c.vs.form.cur, 0);
    for (int i = 0; i < 4; i++)
        ctl_key(&c, 127);
    assert_string_equal(c.vs.form.field[0].text, "my");
    ctl_key(&c, '\t');
    ctl_key(&c, KEY_RIGHT);
    assert_int_equal(c.vs.form.field[1].choice, 1);
    ctl_key(&c, '\t');
    ctl_key(&c, 8);
    keys(&c, "9");
    ctl_key(&c, '\r');
    assert_string_equal(c.vs.form.error, "priority: '9' is not a whole number from 0 to 7");
    ctl_key(&c, KEY_BACKSPACE);
    keys(&c, "6");
    assert_int_equal(ctl_key(&c, '\r') & ACT_TICKED, ACT_TICKED);
    assert_int_equal(c.vs.dialog, DIALOG_NONE);
    assert_int_equal(c.m->nprocs, 4);
    const proc *p = machine_proc_c(c.m, 3);
    assert_string_equal(p->name, "my");
    assert_string_equal(c.m->progs[p->prog].name, "io-bound");
    assert_int_equal(p->prio, 6);
    assert_int_equal(p->arrival, 3);
    assert_int_equal(c.vs.sel, 3);
    assert_string_equal(c.vs.msg, "P3 (my) injected at tick 3: it arrives now");
    assert_int_equal(c.cmds.n, 4);
    stop(&c);
}

static void test_details_and_quick_modes(void **state) {
    (void)state;
    ctl c;
    start(&c, &lottery);
    ctl_key(&c, '\r');
    assert_int_equal(c.vs.dialog, DIALOG_DETAILS);
    /* state, blocked, parent, cpu, scheduler, times (2 lines), work; then
     * "program" and its one step. */
    assert_int_equal(view_details_lines(c.m, &c.vs), 10);
    ctl_key(&c, KEY_DOWN);
    assert_int_equal(c.vs.details_top, 1);
    ctl_key(&c, 'n'); /* the clock still steps under the dialog */
    assert_int_equal(c.m->tick, 1);
    ctl_key(&c, 27);
    assert_int_equal(c.vs.dialog, DIALOG_NONE);
    stop(&c);

    char *argv[] = {"--policy", "fifo", "--frames", "2", "--refs", "1,2,3", NULL};
    words paging = {"paging", 6, argv, false, {0}, 0};
    start(&c, &paging);
    /* The memory pane takes the focus first; Enter there details a frame. */
    assert_int_equal(c.vs.focus, PANE_MEMORY);
    ctl_key(&c, '\r');
    assert_int_equal(c.vs.dialog, DIALOG_ITEM);
    assert_int_equal(c.vs.item, PANE_MEMORY);
    ctl_key(&c, 27);
    ctl_key(&c, '\t');
    assert_int_equal(c.vs.focus, PANE_LOG);
    ctl_key(&c, '\r');
    assert_int_equal(c.vs.dialog, DIALOG_NONE);
    assert_string_equal(c.vs.msg,
                        "paging mode has no processes: Tab to the memory pane for details");
    ctl_key(&c, 'p'); /* its policy is its replacement policy (test_view_policy.c) */
    assert_int_equal(c.vs.form.kind, FORM_POLICY);
    assert_string_equal(c.vs.form.title, "Replacement policy (now fifo)");
    ctl_key(&c, 27);
    ctl_key(&c, 'i');
    assert_string_equal(c.vs.msg, "paging mode has no processes to add to");
    /* Time travel works the same. */
    keys(&c, "nnn");
    uint64_t at3 = fingerprint(c.m);
    keys(&c, "bbnn");
    assert_int_equal(fingerprint(c.m), at3);
    stop(&c);
    words_free(&paging);
}

/* ---- the mouse ------------------------------------------------------------- */

/* 100x30 overview (see test_layout): table rows 1-16 (body from row 3),
 * queues from column 70, Gantt at 17, log from 20. */
static void test_mouse(void **state) {
    (void)state;
    char *argv[] = {"--policy", "fifo", "--lengths", "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1",
                    NULL};
    words twenty = {"sched", 4, argv, false, {0}, 0};
    ctl c;
    start(&c, &twenty);
    layout_req req;
    layout l;
    ctl_layout_req(&c, 100, 30, &req);
    layout_compute(&req, &l);
    ctl_set_layout(&c, &l);
    assert_int_equal(ctl_proc_rows(&c), 14);

    assert_int_equal(ctl_mouse(&c, 5, 10, CTL_CLICK), ACT_REDRAW);
    assert_int_equal(c.vs.sel, 2);
    assert_int_equal(c.vs.focus, PANE_PROCS);
    /* Title and column heads select nothing. */
    ctl_mouse(&c, 2, 10, CTL_CLICK);
    assert_int_equal(c.vs.sel, 2);
    /* The wheel scrolls the table 3 rows, up to the last page (20 - 14 = 6). */
    ctl_mouse(&c, 5, 10, CTL_WHEEL_DOWN);
    assert_int_equal(c.vs.proc_top, 3);
    ctl_mouse(&c, 5, 10, CTL_WHEEL_DOWN);
    ctl_mouse(&c, 5, 10, CTL_WHEEL_DOWN);
    assert_int_equal(c.vs.proc_top, 6);
    ctl_mouse(&c, 3, 10, CTL_CLICK); /* first row shown: P6 */
    assert_int_equal(c.vs.sel, 6);
    ctl_mouse(&c, 5, 10, CTL_WHEEL_UP);
    assert_int_equal(c.vs.proc_top, 3);

    ctl_mouse(&c, 5, 80, CTL_CLICK);
    assert_int_equal(c.vs.focus, PANE_QUEUES);
    ctl_mouse(&c, 18, 10, CTL_CLICK);
    assert_int_equal(c.vs.focus, PANE_GANTT);
    ctl_mouse(&c, 25, 10, CTL_CLICK);
    assert_int_equal(c.vs.focus, PANE_LOG);
    /* The header, the key bar and the gap take no focus. */
    assert_int_equal(ctl_mouse(&c, 0, 10, CTL_CLICK), ACT_NONE);
    assert_int_equal(ctl_mouse(&c, 29, 10, CTL_CLICK), ACT_NONE);
    assert_int_equal(ctl_mouse(&c, 5, 69, CTL_CLICK), ACT_NONE);
    assert_int_equal(c.vs.focus, PANE_LOG);

    /* The wheel on the log: 20 arrivals, 20 dispatches... it scrolls back 3. */
    ctl_advance(&c, 20);
    uint64_t end = evlog_end(&c.m->log);
    ctl_mouse(&c, 25, 10, CTL_WHEEL_UP);
    assert_false(c.vs.log_follow);
    assert_int_equal(c.vs.log_end, end - 3);
    ctl_mouse(&c, 25, 10, CTL_WHEEL_DOWN);
    assert_true(c.vs.log_follow);
    stop(&c);
    words_free(&twenty);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_back_and_forth_is_exact),
        cmocka_unit_test(test_far_back),
        cmocka_unit_test(test_commands_replayed),
        cmocka_unit_test(test_commands_replayed_from_copies),
        cmocka_unit_test(test_back_from_copies),
        cmocka_unit_test(test_copies_thin_out),
        cmocka_unit_test(test_goto_prompt),
        cmocka_unit_test(test_kill_policy_inject_by_keys),
        cmocka_unit_test(test_details_and_quick_modes),
        cmocka_unit_test(test_mouse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
