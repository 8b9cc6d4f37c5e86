/* Live policy changes in the full machine (machine_policy.h): replacement
 * (global and local pagers), the coherence protocol (the full machine's
 * caches and the mesi mode) and deadlock handling; their commands in JSON;
 * and a replay of a machine given them reaching the same state. */
#include <cjson/cJSON.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cmdlog.h"
#include "machine.h"
#include "machine_policy.h"
#include "mcache.h"
#include "report.h"
#include "resmgr.h"
#include "scenario.h"
#include "state.h"
#include "vm.h"

/* JSON written with ' for " (readable in C). */
static cJSON *json(const char *text) {
    char *t = strdup(text);
    for (char *p = t; *p; p++)
        if (*p == '\'')
            *p = '"';
    cJSON *j = cJSON_Parse(t);
    free(t);
    assert_non_null(j);
    return j;
}

/* A machine from a spec, with its scenario (so it can be replayed). */
static machine *build(const char *spec) {
    cJSON *sc = cJSON_CreateObject();
    cJSON_AddItemToObject(sc, "machine", json(spec));
    cli_common c;
    cli_error err = {0};
    machine *m = NULL;
    cli_common_default(&c);
    if (scenario_rebuild(sc, 1, &c, &m, &err) != 0)
        fail_msg("%s", err.msg);
    cJSON_Delete(sc);
    return m;
}

static void run_to_end(machine *m) {
    while (!machine_done(m) && m->tick < 100000)
        machine_tick(m);
    assert_true(machine_done(m));
}

static char *report_text(const machine *m) {
    cJSON *r = report_build(m, false);
    char *t = cJSON_PrintUnformatted(r);
    cJSON_Delete(r);
    return t;
}

static void assert_same_report(const machine *a, const machine *b, const char *what) {
    char *ra = report_text(a), *rb = report_text(b);
    if (strcmp(ra, rb) != 0)
        fail_msg("%s:\n%s\n%s", what, ra, rb);
    free(ra);
    free(rb);
}

/* The newest event of kind k, or NULL. */
static const event *last_event(const machine *m, int k) {
    for (uint64_t s = evlog_end(&m->log); s-- > evlog_first(&m->log);) {
        const event *ev = evlog_get(&m->log, s);
        if (ev->kind == k)
            return ev;
    }
    return NULL;
}

/* ---- replacement ---------------------------------------------------------------------- */

/* Few pages at first, with many hits, so that before the first eviction
 * (c arrives at 30) the order of use is not the order of loading. */
#define MEM_SPEC(policy, local)                                                                 \
    "{'sched': {'policy': 'rr', 'quantum': 3},"                                                 \
    " 'memory': {'frames': 8, 'policy': '" policy "', 'fault_time': 2, 'writeback_time': 1,"    \
    "            'tlb': 2" local "},"                                                           \
    " 'programs': [{'name': 'a', 'steps': ['read 0x1000', 'cpu 40', 'write 0x2000', 'cpu 30']," \
    "               'memory': {'base': '0x10000000', 'pages': 3, 'hot': 2, 'locality': 90,"     \
    "                          'writes': 30}},"                                                 \
    "              {'name': 'b', 'steps': ['cpu 50'],"                                          \
    "               'memory': {'base': '0x20000000', 'pages': 4, 'hot': 2, 'locality': 85,"     \
    "                          'writes': 20}},"                                                 \
    "              {'name': 'c', 'steps': ['cpu 40'],"                                          \
    "               'memory': {'base': '0x30000000', 'pages': 5, 'hot': 3, 'locality': 60,"     \
    "                          'writes': 20}}],"                                                \
    " 'processes': [{'program': 'a'}, {'program': 'b', 'arrival': 8},"                          \
    "               {'program': 'c', 'arrival': 30}]}"

static const char *const pol_names[PAGER_POLICY_COUNT] = {
    "fifo", "lru", "opt", "mru", "clock", "second-chance", "lfu", "nru", "rand"};

static machine *mem_machine(pager_policy p, bool local) {
    char spec[2048];
    const char *fmt = local ? MEM_SPEC("%s", ", 'local': true, 'quota': 3") : MEM_SPEC("%s", "");
    snprintf(spec, sizeof spec, fmt, pol_names[p]);
    return build(spec);
}

static uint64_t evictions(const machine *m) {
    vm_stats st;
    vm_stats_get(m, &st);
    return st.evictions;
}

/* Every page a page table says is in memory is where its pager says, and
 * the pagers' structures are whole. */
static void check_vm(const machine *m) {
    const vm *v = vm_of(m);
    for (uint32_t i = 0; i < m->nprocs; i++) {
        int32_t pid = m->procs[i].pid;
        const vm_proc *vp = i < v->nprocs ? &v->procs[i] : NULL;
        vm_pte_view pt[64];
        uint32_t n = vm_page_table(m, pid, 0, pt, 64), resident = 0;
        for (uint32_t k = 0; k < n; k++) {
            if (!(pt[k].present || pt[k].loading) || pt[k].shared)
                continue;
            resident++;
            const pager *pg = v->cfg.local ? vp->pg : &v->gpg;
            uint32_t slot = v->cfg.local ? v->frame_slot[pt[k].frame] : pt[k].frame;
            assert_non_null(pg);
            assert_int_equal(pager_lookup(pg, (uint32_t)pid, pt[k].vpn), (int32_t)slot);
            assert_int_equal(pg->policy, v->cfg.policy);
        }
        if (vp)
            assert_int_equal(resident, vp->resident);
    }
    if (!v->cfg.local) {
        const pager *pg = &v->gpg;
        uint32_t live = pg->nused - pg->npinned, n = 0;
        if (pg->policy == PAGER_OPT || pg->policy == PAGER_LFU)
            n = pg->heap_len;
        else if (pg->policy == PAGER_FIFO || pg->policy == PAGER_LRU || pg->policy == PAGER_MRU ||
                 pg->policy == PAGER_SECOND_CHANCE)
            for (int32_t f = pg->head; f >= 0; f = pg->frames[f].next)
                n++;
        else
            n = live;
        assert_int_equal(n, live);
    }
}

/* At tick 0 nothing is resident: the change gives exactly the machine built
 * with the new policy (opt too: the futures are read when processes start). */
static void test_vm_switch_at_tick_zero_is_exact(void **state) {
    (void)state;
    for (int local = 0; local < 2; local++) {
        for (int p = 0; p < PAGER_POLICY_COUNT; p++) {
            machine *m = mem_machine(PAGER_LRU, local), *w = mem_machine((pager_policy)p, local);
            char err[200];
            assert_int_equal(machine_set_pager(m, (pager_policy)p, err, sizeof err), 0);
            run_to_end(m);
            run_to_end(w);
            assert_true(evictions(w) > 0);
            assert_same_report(m, w, pol_names[p]);
            machine_destroy(m);
            machine_destroy(w);
        }
    }
}

/* Before the first eviction every policy holds what the others would have
 * built (the stamps pager.h keeps), so a change there is exact too: for the
 * policies whose state does not depend on time (nru clears its bits by the
 * clock; opt's keys are estimates of the interleaving). */
static void test_vm_switch_before_first_eviction_is_exact(void **state) {
    (void)state;
    static const pager_policy pols[] = {PAGER_FIFO,          PAGER_LRU, PAGER_MRU, PAGER_CLOCK,
                                        PAGER_SECOND_CHANCE, PAGER_LFU, PAGER_RAND};
    for (int local = 0; local < 2; local++) {
        machine *probe = mem_machine(PAGER_LRU, local);
        while (evictions(probe) == 0 && !machine_done(probe))
            machine_tick(probe);
        uint64_t before = probe->tick - 1; /* the tick whose run made the first eviction */
        machine_destroy(probe);
        assert_true(before > 5);
        for (size_t i = 0; i < sizeof pols / sizeof *pols; i++) {
            for (size_t from = 0; from < sizeof pols / sizeof *pols; from++) {
                machine *m = mem_machine(pols[from], local), *w = mem_machine(pols[i], local);
                while (m->tick < before && !machine_done(m))
                    machine_tick(m);
                assert_int_equal(evictions(m), 0);
                char err[200];
                assert_int_equal(machine_set_pager(m, pols[i], err, sizeof err), 0);
                check_vm(m);
                run_to_end(m);
                run_to_end(w);
                char what[64];
                snprintf(what, sizeof what, "%s -> %s (%s)", pol_names[pols[from]],
                         pol_names[pols[i]], local ? "local" : "global");
                assert_same_report(m, w, what);
                machine_destroy(m);
                machine_destroy(w);
            }
        }
    }
}

/* After evictions, to every policy and on through several changes: the
 * structures stay whole, the event says what was kept, the command is
 * logged, and the machine runs to its end with every process done. */
static void test_vm_switch_mid_run(void **state) {
    (void)state;
    for (int local = 0; local < 2; local++) {
        for (int p = 0; p < PAGER_POLICY_COUNT; p++) {
            machine *m = mem_machine(PAGER_LRU, local);
            while (m->tick < 100 && !machine_done(m))
                machine_tick(m);
            assert_true(evictions(m) > 0);
            char err[200];
            assert_int_equal(machine_set_pager(m, (pager_policy)p, err, sizeof err), 0);
            const vm *v = vm_of(m);
            assert_int_equal(v->cfg.policy, p);
            const event *ev = last_event(m, EV_MEM_POLICY);
            assert_non_null(ev);
            assert_int_equal(ev->tick, 100);
            assert_int_equal(ev->a, PAGER_LRU);
            assert_int_equal(ev->b, p);
            uint32_t kept = 0;
            if (local)
                for (uint32_t i = 0; i < v->nlocals; i++)
                    kept += v->procs[v->locals[i] - m->pid_base].pg->nused;
            else
                kept = v->gpg.nused;
            assert_int_equal(ev->c & 0xffffffff, kept);
            assert_int_equal(ev->c >> 32, local ? v->nlocals : 1);
            assert_int_equal(m->cmds.n, 1);
            assert_int_equal(m->cmds.v[0].kind, CMD_PAGER);
            assert_int_equal(m->cmds.v[0].policy, p);
            char text[300];
            event_format(m, ev, text, sizeof text);
            assert_non_null(strstr(text, "replacement lru -> "));
            check_vm(m);
            /* More changes on the way, every 7 ticks. */
            for (int k = 1; !machine_done(m); k++) {
                machine_tick(m);
                check_vm(m);
                if (k % 7 == 0)
                    assert_int_equal(
                        machine_set_pager(m, (pager_policy)((p + k) % 9), err, sizeof err), 0);
            }
            for (uint32_t i = 0; i < m->nprocs; i++)
                assert_int_equal(m->procs[i].state, PROC_TERMINATED);
            machine_destroy(m);
        }
    }
}

/* opt from mid-run: each resident page's key is the tick of the switch plus
 * its owner's references until it uses the page again (never: PAGER_NEVER),
 * read from the owner's program and generator as seeded. */
static void test_vm_switch_to_opt_keys(void **state) {
    (void)state;
    machine *m = mem_machine(PAGER_FIFO, false);
    while (m->tick < 100 && !machine_done(m))
        machine_tick(m);
    char err[200];
    assert_int_equal(machine_set_pager(m, PAGER_OPT, err, sizeof err), 0);
    const vm *v = vm_of(m);
    const pager *pg = &v->gpg;
    uint32_t checked = 0, never = 0;
    for (uint32_t f = 0; f < pg->nframes; f++) {
        const pager_frame *fr = &pg->frames[f];
        if (!fr->used || fr->pinned)
            continue;
        int32_t pid = (int32_t)fr->owner;
        const vm_proc *vp = &v->procs[pid - m->pid_base];
        uint32_t n;
        uint32_t *refs = vm_future_refs(v, m, machine_proc_c(m, pid), vp, &n);
        uint64_t want = PAGER_NEVER;
        for (uint64_t j = vp->idx; j < n; j++) {
            if (refs[j] == fr->page) {
                want = m->tick + (j - vp->idx);
                break;
            }
        }
        free(refs);
        assert_int_equal(fr->key, want);
        checked++;
        never += want == PAGER_NEVER;
    }
    assert_true(checked >= 4);
    assert_true(checked > never);
    run_to_end(m);
    machine_destroy(m);
}

/* ---- coherence ------------------------------------------------------------------------ */

/* MOESI's O becomes S with a write-back under MESI; E becomes S under MSI,
 * and its next write then goes on the bus. */
static void test_coherence_state_mapping(void **state) {
    (void)state;
    coh c;
    coh_result r;
    uint32_t e, o;
    assert_int_equal(coherence_init(&c, COH_MOESI, 2, 1, 4, 64), 0);
    coherence_access(&c, 0, true, 0x40, &r);  /* CPU0 M */
    coherence_access(&c, 1, false, 0x40, &r); /* CPU0 O, CPU1 S */
    coherence_access(&c, 0, false, 0x80, &r); /* CPU0 E */
    assert_int_equal(coherence_state(&c, 0, 0x40), COH_O);
    assert_int_equal(coherence_state(&c, 0, 0x80), COH_E);
    uint64_t wb = c.total.writebacks;
    assert_int_equal(coherence_set_protocol(&c, COH_MESI, &e, &o), 0);
    assert_int_equal(c.proto, COH_MESI);
    assert_int_equal(e, 0);
    assert_int_equal(o, 1);
    assert_int_equal(c.total.writebacks, wb + 1);
    assert_int_equal(c.per_cpu[0].writebacks, 1);
    assert_int_equal(coherence_state(&c, 0, 0x40), COH_S);
    assert_int_equal(coherence_state(&c, 1, 0x40), COH_S);
    assert_int_equal(coherence_state(&c, 0, 0x80), COH_E); /* MESI has E */
    assert_int_equal(coherence_set_protocol(&c, COH_MSI, &e, &o), 0);
    assert_int_equal(e, 1);
    assert_int_equal(o, 0);
    assert_int_equal(coherence_state(&c, 0, 0x80), COH_S);
    coherence_access(&c, 0, true, 0x80, &r); /* S -> M needs BusUpgr */
    assert_int_equal(r.bus, COH_BUS_UPGR);
    assert_int_equal(r.to, COH_M);
    /* Back to MOESI: nothing to change. */
    assert_int_equal(coherence_set_protocol(&c, COH_MOESI, &e, &o), 0);
    assert_int_equal(e + o, 0);
    assert_int_equal(coherence_state(&c, 0, 0x80), COH_M);
    assert_int_equal(coherence_set_protocol(&c, COH_NPROTO, &e, &o), -1);
    coherence_free(&c);
}

#define CACHE_SPEC_P(proto)                                                          \
    "{'cpus': 2, 'sched': {'policy': 'rr', 'quantum': 2},"                           \
    " 'memory': {'frames': 8, 'fault_time': 1, 'tlb': 4, 'tlb_tagged': true},"       \
    " 'caches': {'protocol': '" proto "', 'sets': 2, 'ways': 2, 'line': 64},"        \
    " 'shared': [{'name': 'buf', 'base': '0x70000000', 'pages': 1}],"                \
    " 'programs': [{'name': 'w', 'steps': ['map buf', 'write 0x70000000', 'cpu 30'," \
    "               'write 0x70000040', 'read 0x70000000', 'cpu 20'],"               \
    "               'memory': {'base': '0x70000000', 'pages': 1, 'writes': 50}}],"   \
    " 'processes': [{'program': 'w'}, {'program': 'w'}, {'program': 'w', 'arrival': 5}]}"
#define CACHE_SPEC CACHE_SPEC_P("moesi")

static bool states_fit(const coh *c) {
    for (int k = 0; k < c->ncpus; k++) {
        const cache *ca = &c->caches[k];
        for (uint32_t s = 0; s < ca->sets * ca->ways; s++) {
            if (ca->state[s] == COH_O && c->proto != COH_MOESI)
                return false;
            if (ca->state[s] == COH_E && c->proto == COH_MSI)
                return false;
        }
    }
    return true;
}

/* The full machine's caches: every change keeps the lines in states the new
 * protocol has, logs its event and command, and the run goes on to its end. */
static void test_machine_caches_switch(void **state) {
    (void)state;
    for (int p = 0; p < COH_NPROTO; p++) {
        machine *m = build(CACHE_SPEC);
        while (m->tick < 25 && !machine_done(m))
            machine_tick(m);
        const coh *c = mcache_coh(m);
        uint64_t wb = c->total.writebacks;
        char err[200];
        assert_true(machine_policy_has(m, POLICY_COHERENCE));
        assert_int_equal(machine_set_coherence(m, (coh_protocol)p, err, sizeof err), 0);
        assert_int_equal(c->proto, p);
        assert_true(states_fit(c));
        const event *ev = last_event(m, EV_CACHE_PROTOCOL);
        assert_non_null(ev);
        assert_int_equal(ev->a, COH_MOESI);
        assert_int_equal(ev->b, p);
        assert_int_equal(c->total.writebacks, wb + (uint64_t)(ev->c >> 32));
        assert_int_equal(m->cmds.v[m->cmds.n - 1].kind, CMD_COHERENCE);
        for (int k = 1; !machine_done(m); k++) {
            machine_tick(m);
            assert_true(states_fit(c));
            if (k % 9 == 0)
                assert_int_equal(
                    machine_set_coherence(m, (coh_protocol)((p + k) % 3), err, sizeof err), 0);
        }
        machine_destroy(m);
    }
    /* At tick 0: exactly the machine built with that protocol. */
    machine *m = build(CACHE_SPEC), *w = build(CACHE_SPEC_P("msi"));
    char err[200];
    assert_int_equal(machine_set_coherence(m, COH_MSI, err, sizeof err), 0);
    run_to_end(m);
    run_to_end(w);
    assert_same_report(m, w, "moesi -> msi at tick 0");
    machine_destroy(m);
    machine_destroy(w);
}

/* The mesi mode: a change at tick 0 is the mode run with that protocol. */
static void test_mesi_mode_switch(void **state) {
    (void)state;
    static const char *const protos[] = {"msi", "mesi", "moesi"};
    for (int a = 0; a < 3; a++) {
        for (int b = 0; b < 3; b++) {
            char *wa[] = {
                "--protocol", (char *)protos[a],
                "--cpus",     "3",
                "--refs",     "0:r:0x0,1:w:0x0,2:r:0x0,0:w:0x40,1:r:0x40,0:r:0x40,2:w:0x0"};
            char *wb[] = {
                "--protocol", (char *)protos[b],
                "--cpus",     "3",
                "--refs",     "0:r:0x0,1:w:0x0,2:r:0x0,0:w:0x40,1:r:0x40,0:r:0x40,2:w:0x0"};
            cli_common c;
            cli_error err = {0};
            machine *m = NULL, *w = NULL;
            cli_common_default(&c);
            assert_int_equal(scenario_build("mesi", 6, wa, &c, &m, &err), 0);
            assert_int_equal(scenario_build("mesi", 6, wb, &c, &w, &err), 0);
            char why[200];
            assert_int_equal(machine_set_coherence(m, (coh_protocol)b, why, sizeof why), 0);
            run_to_end(m);
            run_to_end(w);
            assert_same_report(m, w, protos[b]);
            machine_destroy(m);
            machine_destroy(w);
        }
    }
}

/* ---- deadlock handling ---------------------------------------------------------------- */

#define PHIL_SPEC(recovery)                                                                       \
    "{'sched': {'policy': 'rr', 'quantum': 1},"                                                   \
    " 'resources': {'types': [{'name': 'f0', 'kind': 'mutex'}, {'name': 'f1', 'kind': 'mutex'}]," \
    "               'recovery': '" recovery "'},"                                                 \
    " 'programs': [{'name': 'p0', 'steps': ['acquire f0', 'cpu 2', 'acquire f1', 'cpu 1',"        \
    "                                       'release f1', 'release f0']},"                        \
    "              {'name': 'p1', 'steps': ['acquire f1', 'cpu 2', 'acquire f0', 'cpu 1',"        \
    "                                       'release f0', 'release f1']}],"                       \
    " 'processes': [{'program': 'p0'}, {'program': 'p1'}]}"

/* A deadlock left alone (recovery none) is recovered from once recovery
 * becomes kill: detection runs again although nothing else changed. */
static void test_deadlock_recovery_switch(void **state) {
    (void)state;
    machine *m = build(PHIL_SPEC("none"));
    run_to_end(m);
    assert_true(resmgr_stuck(m));
    uint64_t stuck_at = m->tick;
    resmgr_config cfg = *machine_deadlock_config(m);
    cfg.recovery = RM_RECOVER_KILL;
    char err[200];
    assert_int_equal(machine_set_deadlock(m, &cfg, err, sizeof err), 0);
    assert_false(machine_done(m));
    const event *ev = last_event(m, EV_RM_CONFIG);
    assert_non_null(ev);
    char text[300];
    event_format(m, ev, text, sizeof text);
    assert_string_equal(text, "deadlock handling changed from this tick: recovery none -> kill");
    assert_int_equal(m->cmds.v[0].kind, CMD_DEADLOCK);
    assert_int_equal(m->cmds.v[0].tick, stuck_at);
    run_to_end(m);
    assert_false(resmgr_stuck(m));
    assert_non_null(last_event(m, EV_RM_KILL));
    assert_int_equal(m->procs[0].state + m->procs[1].state, 2 * PROC_TERMINATED);
    /* The same as a machine that had kill all along, once detection ran. */
    machine *w = build(PHIL_SPEC("kill"));
    run_to_end(w);
    assert_int_equal(resmgr_of(w)->kills, resmgr_of(m)->kills);
    machine_destroy(m);
    machine_destroy(w);
}

#define BANKER_SPEC(banker, more)                                                               \
    "{'sched': {'policy': 'rr', 'quantum': 1},"                                                 \
    " 'resources': {'types': [{'name': 'tape', 'kind': 'pool', 'count': 2}], 'banker': " banker \
    "},"                                                                                        \
    " 'programs': [{'name': 'p1', 'steps': ['claim tape 2', 'acquire tape', 'cpu 20',"          \
    "                                       'acquire tape', 'release tape 2']},"                \
    "              {'name': 'p2', 'steps': ['claim tape 2', 'cpu 2', 'acquire tape', 'cpu 5',"  \
    "                                       'acquire tape', 'release tape 2']},"                \
    "              {'name': 'hog', 'steps': ['acquire tape', 'cpu 50', 'release tape']}],"      \
    " 'processes': [{'program': 'p1'}, {'program': 'p2'}" more "]}"

/* Banker's off grants at once what it refused as unsafe; on again needs
 * claims that cover the state. */
static void test_banker_switch(void **state) {
    (void)state;
    machine *m = build(BANKER_SPEC("true", ""));
    const rm_proc *q = NULL;
    while (m->tick < 40 && !machine_done(m)) {
        machine_tick(m);
        q = resmgr_proc(resmgr_of(m), m, 2);
        if (q && q->waiting && q->why == RM_WHY_UNSAFE)
            break;
    }
    assert_true(q && q->waiting && q->why == RM_WHY_UNSAFE);
    resmgr_config cfg = *machine_deadlock_config(m);
    cfg.banker = false;
    char err[200];
    assert_int_equal(machine_set_deadlock(m, &cfg, err, sizeof err), 0);
    q = resmgr_proc(resmgr_of(m), m, 2);
    assert_false(q->waiting);
    assert_int_equal(machine_proc(m, 2)->state, PROC_READY);
    const event *grant = last_event(m, EV_RM_GRANT), *change = last_event(m, EV_RM_CONFIG);
    assert_non_null(grant);
    assert_true(grant->seq > change->seq); /* the change, then what it granted */
    /* Back on: every claim covers what is held. */
    cfg.banker = true;
    assert_int_equal(machine_set_deadlock(m, &cfg, err, sizeof err), 0);
    run_to_end(m);
    machine_destroy(m);

    /* No claims anywhere: refused, nothing logged. */
    machine *d = build(PHIL_SPEC("none"));
    machine_tick(d);
    cfg = *machine_deadlock_config(d);
    cfg.banker = true;
    assert_int_equal(machine_set_deadlock(d, &cfg, err, sizeof err), -1);
    assert_string_equal(err,
                        "Banker's needs claims, and no program here declares any (claim steps)");
    assert_int_equal(d->cmds.n, 0);
    assert_null(last_event(d, EV_RM_CONFIG));
    machine_destroy(d);

    /* A process holding more than it claimed: refused, naming it. */
    machine *h = build(BANKER_SPEC("false", ", {'program': 'hog', 'name': 'hog'}"));
    while (resmgr_owner(h, 0) != 3 && h->tick < 10)
        machine_tick(h);
    cfg = *machine_deadlock_config(h);
    cfg.banker = true;
    assert_int_equal(machine_set_deadlock(h, &cfg, err, sizeof err), -1);
    assert_string_equal(err, "Banker's cannot start now: P3 (hog) holds or waits for 1 of tape, "
                             "more than its claim of 0");
    assert_int_equal(h->cmds.n, 0);
    machine_destroy(h);
}

/* Every setting's bad value is refused; a machine without resources too. */
static void test_deadlock_refusals(void **state) {
    (void)state;
    machine *m = mem_machine(PAGER_LRU, false);
    resmgr_config cfg;
    resmgr_config_default(&cfg);
    char err[200];
    assert_false(machine_policy_has(m, POLICY_DEADLOCK));
    assert_int_equal(machine_set_deadlock(m, &cfg, err, sizeof err), -1);
    assert_string_equal(err, "deadlock handling: the machine has no resources");
    assert_int_equal(machine_set_coherence(m, COH_MSI, err, sizeof err), -1);
    assert_string_equal(err, "coherence: this machine has no caches");
    machine_destroy(m);
    m = build(PHIL_SPEC("none"));
    cfg.recovery = RM_RECOVER_COUNT;
    assert_int_equal(machine_set_deadlock(m, &cfg, err, sizeof err), -1);
    assert_string_equal(err, "deadlock handling: a bad setting");
    assert_int_equal(m->cmds.n, 0);
    machine_destroy(m);
}

/* ---- commands in JSON ---------------------------------------------------------------- */

static void test_cmd_json_round_trip(void **state) {
    (void)state;
    machine_cmd cs[3] = {{.tick = 4, .kind = CMD_PAGER, .policy = PAGER_SECOND_CHANCE},
                         {.tick = 5, .kind = CMD_COHERENCE, .policy = COH_MOESI},
                         {.tick = 6,
                          .kind = CMD_DEADLOCK,
                          .dl = {.detect_every = 7,
                                 .banker = true,
                                 .release_on_block = true,
                                 .recovery = RM_RECOVER_PREEMPT}}};
    static const char *const want[3] = {
        "{\"tick\":4,\"replacement\":\"second-chance\"}", "{\"tick\":5,\"coherence\":\"moesi\"}",
        "{\"tick\":6,\"deadlock\":{\"detect_every\":7,\"banker\":true,\"ordered\":false,"
        "\"release_on_block\":true,\"recovery\":\"preempt\"}}"};
    for (int i = 0; i < 3; i++) {
        cJSON *j = cmd_to_json(&cs[i]);
        char *t = cJSON_PrintUnformatted(j);
        assert_string_equal(t, want[i]);
        machine_cmd back;
        char err[200];
        assert_int_equal(cmd_from_json(j, "commands[0]", &back, err, sizeof err), 0);
        assert_int_equal(back.tick, cs[i].tick);
        assert_int_equal(back.kind, cs[i].kind);
        assert_int_equal(back.policy, cs[i].policy);
        assert_true(resmgr_config_equal(&back.dl, &cs[i].dl));
        free(t);
        cJSON_Delete(j);
    }
    /* Absent deadlock settings are the defaults: detection every tick, the rest off. */
    cJSON *j = json("{'tick': 1, 'deadlock': {'recovery': 'kill'}}");
    machine_cmd back;
    char err[200];
    assert_int_equal(cmd_from_json(j, "commands[0]", &back, err, sizeof err), 0);
    resmgr_config d;
    resmgr_config_default(&d);
    d.recovery = RM_RECOVER_KILL;
    assert_true(resmgr_config_equal(&back.dl, &d));
    cJSON_Delete(j);
}

static void test_cmd_json_refusals(void **state) {
    (void)state;
    static const struct {
        const char *in, *msg;
    } cases[] = {
        {"{'tick': 1, 'replacement': 'lfru'}",
         "commands[2].replacement: unknown policy \"lfru\" "
         "(fifo|lru|opt|mru|clock|second-chance|lfu|nru|rand)"},
        {"{'tick': 1, 'replacement': 3}",
         "commands[2].replacement: expected a string, got a number"},
        {"{'tick': 1, 'coherence': 'mosi'}",
         "commands[2].coherence: unknown protocol \"mosi\" (msi, mesi, moesi)"},
        {"{'tick': 1, 'deadlock': 5}", "commands[2].deadlock: expected an object"},
        {"{'tick': 1, 'deadlock': {'recovery': 'restart'}}",
         "commands[2].deadlock.recovery: unknown recovery \"restart\" (none, kill, preempt)"},
        {"{'tick': 1, 'deadlock': {'banker': 1}}",
         "commands[2].deadlock.banker: expected true or false"},
        {"{'tick': 1, 'deadlock': {'detect_every': -1}}",
         "commands[2].deadlock.detect_every: out of range 0..1000000000"},
        {"{'tick': 1, 'deadlock': {'detect_every': 1.5}}",
         "commands[2].deadlock.detect_every: expected an integer, got 1.5"},
        {"{'tick': 1, 'replacement': 'lru', 'coherence': 'msi'}",
         "commands[2]: needs exactly one of kill, sched, inject, replacement, coherence, deadlock"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cJSON *j = json(cases[i].in);
        machine_cmd back;
        char err[200] = "";
        assert_int_equal(cmd_from_json(j, "commands[2]", &back, err, sizeof err), -1);
        assert_string_equal(err, cases[i].msg);
        cJSON_Delete(j);
    }
    /* An unknown key in the settings. */
    cJSON *j = json("{'tick': 1, 'deadlock': {'period': 3}}");
    machine_cmd back;
    char err[200] = "";
    assert_int_equal(cmd_from_json(j, "commands[2]", &back, err, sizeof err), -1);
    assert_non_null(strstr(err, "commands[2].deadlock"));
    assert_non_null(strstr(err, "period"));
    cJSON_Delete(j);
}

/* ---- replay --------------------------------------------------------------------------- */

#define ALL_SPEC                                                                                   \
    "{'cpus': 2, 'sched': {'policy': 'rr', 'quantum': 2},"                                         \
    " 'memory': {'frames': 5, 'policy': 'clock', 'fault_time': 2},"                                \
    " 'caches': {'protocol': 'mesi'},"                                                             \
    " 'resources': {'types': [{'name': 'f0', 'kind': 'mutex'}, {'name': 'f1', 'kind': 'mutex'}]}," \
    " 'programs': [{'name': 'p0', 'steps': ['acquire f0', 'cpu 12', 'acquire f1', 'cpu 1',"        \
    "                                       'release f1', 'release f0', 'cpu 10'],"                \
    "               'memory': {'base': '0x10000000', 'pages': 4, 'hot': 2, 'writes': 40}},"        \
    "              {'name': 'p1', 'steps': ['acquire f1', 'cpu 12', 'acquire f0', 'cpu 1',"        \
    "                                       'release f0', 'release f1', 'cpu 10'],"                \
    "               'memory': {'base': '0x20000000', 'pages': 4, 'hot': 3, 'writes': 40}}],"       \
    " 'processes': [{'program': 'p0'}, {'program': 'p1'}]}"

/* The three commands given through cmd_apply at different ticks: a replay
 * of the scenario with the log reaches the very same state, and the run
 * ends (the deadlock is recovered from by the kill given live). */
static void test_replay_with_policy_commands(void **state) {
    (void)state;
    machine *m = build(ALL_SPEC);
    machine_cmd cmds[3] = {
        {.kind = CMD_PAGER, .policy = PAGER_OPT},
        {.kind = CMD_COHERENCE, .policy = COH_MOESI},
        {.kind = CMD_DEADLOCK, .dl = {.detect_every = 2, .recovery = RM_RECOVER_KILL}}};
    for (int i = 0; i < 3; i++) {
        while (m->tick < 6 + 5 * (uint64_t)i && !machine_done(m))
            machine_tick(m);
        char err[200];
        assert_true(cmd_apply(m, &cmds[i], err, sizeof err) >= 0);
    }
    while (m->tick < 40 && !machine_done(m))
        machine_tick(m);
    assert_int_equal(m->cmds.n, 3);
    cli_common c;
    cli_error err = {0};
    machine *r = NULL;
    cli_common_default(&c);
    assert_int_equal(scenario_replay(m, m->tick, &c, &r, &err), 0);
    cJSON *sa = state_build(m), *sb = state_build(r);
    char why[256] = "";
    if (state_diff(sa, sb, why, sizeof why) != 0)
        fail_msg("%s", why);
    cJSON_Delete(sa);
    cJSON_Delete(sb);
    run_to_end(m);
    run_to_end(r);
    assert_same_report(m, r, "replayed");
    assert_false(resmgr_stuck(m));
    machine_destroy(m);
    machine_destroy(r);
}

/* Step back starts from copies of the machine (machine_clone): a copy made
 * after the changes, and changes made to a copy, run on exactly as the
 * original does. */
static void test_clone_after_and_before_changes(void **state) {
    (void)state;
    machine *m = build(ALL_SPEC);
    machine_cmd cmds[3] = {
        {.kind = CMD_PAGER, .policy = PAGER_NRU},
        {.kind = CMD_COHERENCE, .policy = COH_MSI},
        {.kind = CMD_DEADLOCK, .dl = {.detect_every = 3, .recovery = RM_RECOVER_PREEMPT}}};
    while (m->tick < 4)
        machine_tick(m);
    machine *before = machine_clone(m, NULL); /* the changes are given to it too */
    assert_non_null(before);
    char err[200];
    for (int i = 0; i < 3; i++) {
        assert_true(cmd_apply(m, &cmds[i], err, sizeof err) >= 0);
        assert_true(cmd_apply(before, &cmds[i], err, sizeof err) >= 0);
    }
    while (m->tick < 9 && !machine_done(m))
        machine_tick(m);
    machine *after = machine_clone(m, NULL);
    assert_non_null(after);
    run_to_end(m);
    run_to_end(before);
    run_to_end(after);
    assert_same_report(m, before, "changes given to a copy");
    assert_same_report(m, after, "a copy made after the changes");
    cJSON *sa = state_build(m), *sb = state_build(after);
    char why[256] = "";
    if (state_diff(sa, sb, why, sizeof why) != 0)
        fail_msg("%s", why);
    cJSON_Delete(sa);
    cJSON_Delete(sb);
    machine_destroy(m);
    machine_destroy(before);
    machine_destroy(after);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vm_switch_at_tick_zero_is_exact),
        cmocka_unit_test(test_vm_switch_before_first_eviction_is_exact),
        cmocka_unit_test(test_vm_switch_mid_run),
        cmocka_unit_test(test_vm_switch_to_opt_keys),
        cmocka_unit_test(test_coherence_state_mapping),
        cmocka_unit_test(test_machine_caches_switch),
        cmocka_unit_test(test_mesi_mode_switch),
        cmocka_unit_test(test_deadlock_recovery_switch),
        cmocka_unit_test(test_banker_switch),
        cmocka_unit_test(test_deadlock_refusals),
        cmocka_unit_test(test_cmd_json_round_trip),
        cmocka_unit_test(test_cmd_json_refusals),
        cmocka_unit_test(test_replay_with_policy_commands),
        cmocka_unit_test(test_clone_after_and_before_changes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
