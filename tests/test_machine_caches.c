/* Caches in the full machine (mcache.h) and shared memory (vm.h, vm_share.c):
 * runs of small machines worked by hand, reference by reference.
 *
 * Conventions: with two CPUs and a global fifo queue, P1 runs on CPU0 and P2
 * on CPU1, and within a tick CPU0's reference comes first. A shared segment
 * added first gets frame 0, so its address 0x70000000 + o is physical o. */
// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coherence.h"
#include "machine.h"
#include "mcache.h"
#include "report.h"
#include "spec.h"
#include "state.h"
#include "vm.h"

/* JSON written with ' for ": the specs stay readable. */
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

static machine *build_seed(const char *text, uint64_t seed) {
    cJSON *j = parse_q(text);
    machine *m = NULL;
    char err[300] = "";
    if (spec_build(j, seed, &m, err, sizeof err) != 0)
        fail_msg("spec refused: %s", err);
    cJSON_Delete(j);
    return m;
}

static machine *build(const char *text) {
    return build_seed(text, 1);
}

static void run(machine *m) {
    while (!machine_done(m) && m->tick < 100000)
        machine_tick(m);
    assert_true(machine_done(m));
}

/* The nth (0-based) event of kind, or NULL. */
static const event *find(const machine *m, int kind, int nth) {
    for (uint64_t s = evlog_first(&m->log); s < evlog_end(&m->log); s++) {
        const event *e = evlog_get(&m->log, s);
        if (e->kind == kind && nth-- == 0)
            return e;
    }
    return NULL;
}

static int count(const machine *m, int kind) {
    int n = 0;
    while (find(m, kind, n))
        n++;
    return n;
}

static const coh_stats *total(const machine *m) {
    const coh *c = mcache_coh(m);
    assert_non_null(c);
    return &c->total;
}

#define TWO_CPUS_SHARED(proto)                                                \
    "{'cpus': 2, 'sched': {'policy': 'fifo'}, 'memory': {'frames': 8},"       \
    " 'caches': {'protocol': '" proto "', 'sets': 4, 'ways': 2, 'line': 64}," \
    " 'shared': [{'name': 'buf', 'base': '0x70000000', 'pages': 1}],"

/* Two processes on two CPUs write one line of a shared page in turn, three
 * times each: every write misses. The first two are cold (BusRdX, I->M; the
 * second makes CPU0's M flush to I), then each write finds its line
 * invalidated by the other's: 4 coherence misses, 6 BusRdX, 5 flushes (write-
 * backs that also supply the data), no invalidations (an M copy flushed is
 * not counted as one). After every write: the writer M, the other I. */
static void test_pingpong_writes(void **st) {
    (void)st;
    machine *m =
        build(TWO_CPUS_SHARED("mesi") " 'programs': [{'name': 'w', 'steps': ['map buf',"
                                      " 'write 0x70000010', 'write 0x70000010',"
                                      " 'write 0x70000010']}],"
                                      " 'processes': [{'program': 'w'}, {'program': 'w'}]}");
    const coh *c = mcache_coh(m);
    for (int t = 0; t < 3; t++) {
        machine_tick(m);
        assert_int_equal(coherence_state(c, 0, 0x10), COH_I);
        assert_int_equal(coherence_state(c, 1, 0x10), COH_M);
    }
    run(m);
    assert_int_equal(m->tick, 3);
    assert_int_equal(count(m, EV_CACHE_ACCESS), 6);
    for (int i = 0; i < 6; i++) {
        const event *a = find(m, EV_CACHE_ACCESS, i);
        assert_int_equal(a->cpu, i % 2);
        assert_int_equal(a->pid, 1 + i % 2);
        assert_int_equal(a->a, 0);     /* the line at physical 0: frame 0 */
        assert_int_equal(a->b & 3, 1); /* a write, a miss */
        assert_int_equal(COH_EV_BUS(a->b), COH_BUS_RDX);
        assert_int_equal(COH_EV_FROM(a->b), COH_I);
        assert_int_equal(COH_EV_TO(a->b), COH_M);
        assert_int_equal(a->c & 15, i < 2 ? COH_MISS_COLD : COH_MISS_COHERENCE);
        assert_int_equal((a->c >> 4) - 1, i == 0 ? -1 : 1 - i % 2); /* data from the other */
    }
    assert_int_equal(count(m, EV_CACHE_SNOOP), 5);
    for (int i = 0; i < 5; i++) {
        const event *s = find(m, EV_CACHE_SNOOP, i);
        assert_int_equal(s->cpu, i % 2); /* the previous writer */
        assert_int_equal(COH_EV_FROM(s->b), COH_M);
        assert_int_equal(COH_EV_TO(s->b), COH_I);
        assert_int_equal(s->c, COH_F_FLUSH | COH_F_SUPPLY);
    }
    const coh_stats *t = total(m);
    assert_int_equal(t->misses, 6);
    assert_int_equal(t->hits, 0);
    assert_int_equal(t->miss_kind[COH_MISS_COLD], 2);
    assert_int_equal(t->miss_kind[COH_MISS_COHERENCE], 4);
    assert_int_equal(t->bus_rdx, 6);
    assert_int_equal(t->bus_rd + t->bus_upgr, 0);
    assert_int_equal(t->writebacks, 5);
    assert_int_equal(t->supplies, 5);
    assert_int_equal(t->invalidations, 0);
    assert_int_equal(c->per_cpu[0].miss_kind[COH_MISS_COHERENCE], 2);
    assert_int_equal(c->per_cpu[1].writebacks, 2); /* CPU1's M flushed twice (ticks 1, 2) */

    /* The log explains it with the process. */
    char buf[200];
    event_format(m, find(m, EV_CACHE_ACCESS, 3), buf, sizeof buf);
    assert_string_equal(buf, "CPU1 write miss for P2 (w) on line 0x0: BusRdX, I->M (coherence "
                             "miss, data from CPU0)");
    event_format(m, find(m, EV_VM_MAP, 0), buf, sizeof buf);
    assert_string_equal(buf, "P1 (w) maps shared segment buf: 0x70000000-0x70000fff is frame 0, "
                             "the same for every process that maps it");
    machine_destroy(m);
}

/* A counter incremented in turn (read, then write), two rounds each; P2
 * starts a tick later. MESI: t0 CPU0 reads (cold, BusRd, alone: E), t1 CPU0
 * writes E->M silently; CPU1 reads (cold, BusRd: CPU0 M flushes to S, CPU1 S),
 * t2 CPU0 reads (hit S); CPU1 writes (BusUpgr: CPU0 S->I, an invalidation),
 * t3 CPU0 writes (coherence miss, BusRdX: CPU1 M flushes to I); CPU1 reads
 * (coherence miss, BusRd: CPU0 M->S), t4 CPU1 writes (BusUpgr, CPU0 S->I).
 * MSI: t0's read gives S, so t1's write needs a BusUpgr too. */
static void test_counter_in_turn(void **st) {
    (void)st;
    for (int msi = 0; msi <= 1; msi++) {
        const char *progs =
            " 'programs': [{'name': 'a', 'steps': ['map buf', 'read 0x70000000',"
            " 'write 0x70000000', 'read 0x70000000', 'write 0x70000000']},"
            " {'name': 'b', 'steps': ['map buf', 'cpu 1', 'read 0x70000000', 'write 0x70000000',"
            " 'read 0x70000000', 'write 0x70000000']}],"
            " 'processes': [{'program': 'a'}, {'program': 'b'}]}";
        char spec[1200];
        snprintf(spec, sizeof spec, "%s%s", msi ? TWO_CPUS_SHARED("msi") : TWO_CPUS_SHARED("mesi"),
                 progs);
        machine *m = build(spec);
        run(m);
        const coh_stats *t = total(m);
        assert_int_equal(t->hits + t->misses, 8);
        assert_int_equal(t->misses, 4);
        assert_int_equal(t->miss_kind[COH_MISS_COLD], 2);
        assert_int_equal(t->miss_kind[COH_MISS_COHERENCE], 2);
        assert_int_equal(t->bus_rd, 3);
        assert_int_equal(t->bus_rdx, 1);
        assert_int_equal(t->bus_upgr, msi ? 3 : 2);
        assert_int_equal(t->invalidations, 2);
        assert_int_equal(t->writebacks, 3);
        const event *first = find(m, EV_CACHE_ACCESS, 0);
        assert_int_equal(COH_EV_TO(first->b), msi ? COH_S : COH_E);
        machine_destroy(m);
    }
}

/* One process, a private page: read 0x1008 faults (the attempt does not reach
 * the cache), its retry misses cold with BusRd and, alone, gets E under MESI
 * (S under MSI); the write then hits: E->M with no bus transaction, or S->M
 * with a BusUpgr. Two references in all. */
static void test_private_read_then_write(void **st) {
    (void)st;
    for (int msi = 0; msi <= 1; msi++) {
        char spec[600];
        snprintf(spec, sizeof spec,
                 "{'sched': {'policy': 'fifo'}, 'memory': {'frames': 4},"
                 " 'caches': {'protocol': '%s'},"
                 " 'programs': [{'name': 'p', 'steps': ['read 0x1008', 'write 0x1010']}],"
                 " 'processes': [{'program': 'p'}]}",
                 msi ? "msi" : "mesi");
        machine *m = build(spec);
        run(m);
        const coh_stats *t = total(m);
        assert_int_equal(t->hits + t->misses, 2);
        assert_int_equal(t->misses, 1);
        assert_int_equal(t->hits, 1);
        assert_int_equal(t->bus_rd, 1);
        assert_int_equal(t->bus_upgr, msi ? 1 : 0);
        assert_int_equal(t->bus_rdx, 0);
        const event *r = find(m, EV_CACHE_ACCESS, 0), *w = find(m, EV_CACHE_ACCESS, 1);
        assert_int_equal(r->tick, 6); /* the retry after the 5-tick page-in */
        assert_int_equal(r->a, 0);    /* frame 0, line 0 */
        assert_int_equal(COH_EV_TO(r->b), msi ? COH_S : COH_E);
        assert_int_equal(COH_EV_FROM(w->b), msi ? COH_S : COH_E);
        assert_int_equal(COH_EV_TO(w->b), COH_M);
        assert_int_equal(COH_EV_BUS(w->b), msi ? COH_BUS_UPGR : COH_BUS_NONE);
        /* Its exit freed frame 0: the M line went with it, unwritten. */
        assert_int_equal(coherence_state(mcache_coh(m), 0, 0x10), COH_I);
        assert_int_equal(t->frame_invalidations, 1);
        assert_int_equal(t->frame_writebacks, 0);
        machine_destroy(m);
    }
}

/* One frame. write 0x1008 faults into frame 0; its retry caches line 0 in M.
 * read 0x2008 faults and evicts page 1 (dirty): frame 0's line is
 * invalidated in every cache and written back first (a frame write-back);
 * the retry, at the same physical address 0x8, misses cold instead of hitting
 * the old page's data, and gets E. The exit then drops that E line too. */
static void test_eviction_drops_the_frames_lines(void **st) {
    (void)st;
    machine *m = build("{'cpus': 2, 'sched': {'policy': 'fifo'}, 'memory': {'frames': 1},"
                       " 'caches': {'protocol': 'mesi'},"
                       " 'programs': [{'name': 'p', 'steps': ['write 0x1008', 'read 0x2008']}],"
                       " 'processes': [{'program': 'p'}]}");
    run(m);
    const coh *c = mcache_coh(m);
    const coh_stats *t = &c->total;
    assert_int_equal(t->hits, 0);
    assert_int_equal(t->misses, 2);
    assert_int_equal(t->miss_kind[COH_MISS_COLD], 2);
    assert_int_equal(t->frame_invalidations, 2);
    assert_int_equal(t->frame_writebacks, 1);
    assert_int_equal(t->writebacks, 1);
    assert_int_equal(c->per_cpu[0].frame_invalidations, 2);
    assert_int_equal(c->per_cpu[1].frame_invalidations, 0);
    const event *f = find(m, EV_CACHE_FRAME, 0);
    assert_non_null(f);
    assert_int_equal(f->a, 0);
    assert_int_equal(f->b, 1);
    assert_int_equal(f->c, 1 | (int64_t)1 << 32);
    assert_int_equal(f->pid, 1);
    const event *second = find(m, EV_CACHE_ACCESS, 1);
    assert_int_equal(second->a, 0);
    assert_int_equal(second->b & 3, 0); /* a read, a miss */
    assert_int_equal(COH_EV_TO(second->b), COH_E);
    char buf[200];
    event_format(m, f, buf, sizeof buf);
    assert_string_equal(buf, "frame 0's page was evicted: 1 cached line of it invalidated, 1 "
                             "dirty written back first");
    machine_destroy(m);
}

/* P1 writes two lines of its page and exits: its frame 0 is freed and both
 * lines are dropped, the dirty ones discarded (no write-back). P2, arriving
 * at 20, faults into frame 0 and misses cold on the same physical line; its
 * exit drops that line: 3 in all. */
static void test_exit_drops_the_frames_lines(void **st) {
    (void)st;
    machine *m = build("{'sched': {'policy': 'fifo'}, 'memory': {'frames': 4},"
                       " 'caches': {'protocol': 'moesi', 'sets': 2, 'ways': 2},"
                       " 'programs': [{'name': 'a', 'steps': ['write 0x1000', 'read 0x1040']},"
                       "              {'name': 'b', 'steps': ['read 0x5000']}],"
                       " 'processes': [{'program': 'a'}, {'program': 'b', 'arrival': 20}]}");
    run(m);
    const coh_stats *t = total(m);
    assert_int_equal(t->frame_invalidations, 3);
    assert_int_equal(t->frame_writebacks, 0);
    assert_int_equal(t->writebacks, 0);
    assert_int_equal(t->misses, 3);
    assert_int_equal(t->miss_kind[COH_MISS_COLD], 3);
    const event *f = find(m, EV_CACHE_FRAME, 0);
    assert_int_equal(f->a, 0);
    assert_int_equal(f->b, 2);
    assert_int_equal(f->c, 1); /* one dirty, discarded: not evicted */
    assert_int_equal(find(m, EV_CACHE_ACCESS, 2)->a, 0);
    char buf[200];
    event_format(m, f, buf, sizeof buf);
    assert_string_equal(buf, "frame 0 is freed (P1 exited): 2 cached lines of it dropped, 1 "
                             "dirty discarded");
    machine_destroy(m);
}

/* Shared memory: the page tables show the shared page, its frame stays after
 * every mapper exits, mapping twice is a no-op, and a process that used the
 * range privately first is refused and stopped. */
static void test_shared_mapping_rules(void **st) {
    (void)st;
    machine *m =
        build("{'sched': {'policy': 'fifo'}, 'memory': {'frames': 4, 'local': true, 'quota': 1},"
              " 'shared': [{'name': 'a', 'base': 4096, 'pages': 2},"
              "            {'name': 'b', 'base': '0x10000', 'pages': 1}],"
              " 'programs': [{'name': 'ok', 'steps': ['map b', 'write 0x10004', 'map b', 'cpu 1']},"
              "              {'name': 'bad', 'steps': ['read 0x1000', 'map a', 'cpu 5']}],"
              " 'processes': [{'program': 'ok'}, {'program': 'bad', 'arrival': 1}]}");
    const vm *v = vm_of(m);
    assert_int_equal(v->nsegs, 2);
    assert_int_equal(v->segs[0].frame, 0);
    assert_int_equal(v->segs[1].frame, 2);
    assert_int_equal(v->nfree, 1); /* 4 frames, 3 shared */
    machine_tick(m);               /* t0: P1 maps b, writes it: no fault */
    vm_pte_view pt[4];
    assert_int_equal(vm_page_table(m, 1, 0, pt, 4), 1);
    assert_int_equal(pt[0].vpn, 0x10);
    assert_true(pt[0].shared);
    assert_true(pt[0].present);
    assert_true(pt[0].dirty);
    assert_int_equal(pt[0].frame, 2);
    vm_frame_view fv;
    vm_frame_get(m, 2, &fv);
    assert_true(fv.shared && fv.used && fv.pinned);
    assert_int_equal(fv.pid, -1);
    assert_int_equal(fv.vpn, 0x10);
    vm_frame_get(m, 3, &fv);
    assert_false(fv.shared);
    run(m);
    assert_int_equal(count(m, EV_VM_MAP), 2);
    assert_int_equal(find(m, EV_VM_MAP, 1)->c >> 62 & 1, 1); /* the second map: already */
    assert_int_equal(v->segs[1].maps, 2);
    const proc *bad = machine_proc_c(m, 2);
    assert_int_equal(bad->cpu_time, 2); /* the fault's trap and the read; not the cpu 5 */
    const event *f = find(m, EV_VM_MAP_FAIL, 0);
    assert_non_null(f);
    assert_int_equal(f->pid, 2);
    assert_int_equal(f->a, 0);
    assert_int_equal(f->b, 0x1000);
    vm_stats s;
    vm_stats_get(m, &s);
    assert_int_equal(s.frames_used, 3); /* the shared frames stay */
    assert_int_equal(s.faults, 1);
    vm_frame_get(m, 0, &fv);
    assert_true(fv.shared);
    assert_int_equal(fv.vpn, 1);
    char buf[200];
    event_format(m, f, buf, sizeof buf);
    assert_string_equal(buf, "P2 (bad) cannot map shared segment a: it already uses 0x00001000 "
                             "as private memory; it is stopped");
    event_format(m, find(m, EV_VM_MAP, 1), buf, sizeof buf);
    assert_string_equal(buf, "P1 (ok) maps shared segment b again: it is mapped already");
    machine_destroy(m);
}

/* Caches change no timing: the same machine with and without them gives the
 * same report but for "caches". */
#define BUSY                                                                                    \
    " 'shared': [{'name': 's', 'base': '0x40000000', 'pages': 2}],"                             \
    " 'programs': [{'name': 'g', 'steps': ['map s', 'cpu 40', 'write 0x40000100', 'cpu 30'],"   \
    "   'memory': {'base': '0x40000000', 'pages': 6, 'hot': 3, 'locality': 80, 'writes': 40}}," \
    "  {'name': 'h', 'steps': ['cpu 25', 'read 0x40000100'],"                                   \
    "   'memory': {'base': '0x10000', 'pages': 5, 'hot': 2, 'writes': 30}}],"                   \
    " 'processes': [{'program': 'g'}, {'program': 'g'}, {'program': 'h'}, {'program': 'g',"     \
    "   'arrival': 5}, {'program': 'h', 'arrival': 9}]}"

static void test_off_by_default_and_no_timing_change(void **st) {
    (void)st;
    const char *head = "{'cpus': 3, 'run_queues': {'percpu': true, 'steal': true},"
                       " 'sched': {'policy': 'rr', 'quantum': 3},"
                       " 'memory': {'frames': 9, 'policy': 'clock'},";
    char with[2000], without[2000];
    snprintf(without, sizeof without, "%s%s", head, BUSY);
    snprintf(with, sizeof with, "%s 'caches': {'protocol': 'moesi', 'sets': 2, 'ways': 2},%s", head,
             BUSY);
    machine *a = build(without), *b = build(with);
    assert_null(mcache_coh(a));
    run(a);
    run(b);
    cJSON *ra = report_build(a, true), *rb = report_build(b, true);
    assert_null(cJSON_GetObjectItemCaseSensitive(ra, "caches"));
    cJSON *caches = cJSON_DetachItemFromObjectCaseSensitive(rb, "caches");
    assert_non_null(caches);
    assert_true(cJSON_Compare(ra, rb, true));
    /* Every completed reference went to a cache. */
    vm_stats s;
    vm_stats_get(b, &s);
    const coh_stats *t = total(b);
    assert_int_equal(s.refs, 3 * 71 + 2 * 26); /* one a tick of CPU work */
    assert_int_equal(t->hits + t->misses, s.refs);
    cJSON_Delete(caches);
    cJSON_Delete(ra);
    cJSON_Delete(rb);
    machine_destroy(a);
    machine_destroy(b);
}

/* The same spec and seed give the same whole state, caches included; the
 * caches see real traffic (coherence misses on the shared pages). */
static void test_determinism(void **st) {
    (void)st;
    const char *spec =
        "{'cpus': 4, 'sched': {'policy': 'lottery'},"
        " 'memory': {'frames': 10, 'policy': 'rand', 'tlb': 2},"
        " 'caches': {'protocol': 'mesi', 'sets': 4, 'ways': 2, 'line': 256},"
        " 'shared': [{'name': 's', 'base': '0x40000000', 'pages': 2}],"
        " 'programs': [{'name': 'g', 'steps': ['map s', 'cpu 60', 'write 0x40000100', 'cpu 20'],"
        "   'memory': {'base': '0x40000000', 'pages': 3, 'hot': 2, 'locality': 90, 'writes': 40}},"
        "  {'name': 'h', 'steps': ['cpu 25', 'read 0x40000100'],"
        "   'memory': {'base': '0x10000', 'pages': 5, 'hot': 2, 'writes': 30}}],"
        " 'processes': [{'program': 'g'}, {'program': 'g'}, {'program': 'h'}, {'program': 'g',"
        "   'arrival': 5}, {'program': 'h', 'arrival': 9}]}";
    machine *a = build_seed(spec, 7), *b = build_seed(spec, 7);
    run(a);
    run(b);
    cJSON *sa = state_build(a), *sb = state_build(b);
    char why[300] = "";
    if (state_diff(sa, sb, why, sizeof why))
        fail_msg("two runs differ: %s", why);
    assert_non_null(cJSON_GetObjectItemCaseSensitive(sa, "caches"));
    const coh_stats *t = total(a);
    assert_true(t->miss_kind[COH_MISS_COHERENCE] > 0);
    assert_true(t->invalidations > 0);
    assert_true(t->frame_invalidations > 0);
    cJSON_Delete(sa);
    cJSON_Delete(sb);
    machine_destroy(a);
    machine_destroy(b);
}

/* The full machine's tracking (coherence_track) is a filter and a
 * bookkeeping change only: random traffic gives the very same results with
 * per-line counts (A), without them (B: too many lines to count) and, until
 * the first drop, untracked as the mesi mode runs (C). Drops give the same in
 * A and B, and the counts always equal the copies the caches hold. */
static void same_result(const coh_result *x, const coh_result *y) {
    assert_int_equal(x->hit, y->hit);
    assert_int_equal(x->bus, y->bus);
    assert_int_equal(x->from, y->from);
    assert_int_equal(x->to, y->to);
    assert_int_equal(x->miss, y->miss);
    assert_int_equal(x->supplier, y->supplier);
    assert_int_equal(x->nsnoops, y->nsnoops);
    assert_int_equal(x->evicted, y->evicted);
    assert_memory_equal(x->snoops, y->snoops, sizeof x->snoops[0] * (size_t)x->nsnoops);
}

static void test_tracking_changes_nothing(void **st) {
    (void)st;
    for (int proto = 0; proto < COH_NPROTO; proto++) {
        coh a, b, c;
        assert_int_equal(coherence_init(&a, (coh_protocol)proto, 4, 4, 2, 64), 0);
        assert_int_equal(coherence_init(&b, (coh_protocol)proto, 4, 4, 2, 64), 0);
        assert_int_equal(coherence_init(&c, (coh_protocol)proto, 4, 4, 2, 64), 0);
        assert_int_equal(coherence_track(&a, 64 * 4, 2), 0); /* 64 frames of 4 lines */
        assert_int_equal(coherence_track(&b, (uint64_t)COH_TRACK_MAX_LINES * 2, 2), 0);
        assert_non_null(a.track.copies);
        assert_null(b.track.copies);
        uint64_t x = 12345;
        bool dropped = false;
        for (int i = 0; i < 40000; i++) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            uint32_t r = (uint32_t)(x >> 33);
            if (i >= 20000 && r % 50 == 0) { /* a page leaves frame 0..15 */
                uint32_t da, db;
                uint32_t na = coherence_drop_region(&a, r / 50 % 16, r & 1, &da);
                uint32_t nb = coherence_drop_region(&b, r / 50 % 16, r & 1, &db);
                assert_int_equal(na, nb);
                assert_int_equal(da, db);
                dropped = true;
                continue;
            }
            int cpu = (int)(r % 4);
            bool w = (r >> 2) % 3 == 0;
            uint64_t addr = (uint64_t)((r >> 4) % 64) * 64 + ((r >> 12) % 16) * 4; /* 16 frames */
            coh_result ra, rb, rc;
            coherence_access(&a, cpu, w, addr, &ra);
            coherence_access(&b, cpu, w, addr, &rb);
            same_result(&ra, &rb);
            if (!dropped) {
                coherence_access(&c, cpu, w, addr, &rc);
                same_result(&ra, &rc);
            }
        }
        assert_memory_equal(&a.total, &b.total, sizeof a.total);
        assert_true(a.total.frame_invalidations > 0);
        assert_true(a.total.miss_kind[COH_MISS_COHERENCE] > 0);
        for (uint64_t l = 0; l < 64 * 4; l++) {
            uint8_t held[COH_MAX_CPUS];
            coherence_states(&a, l * 64, held);
            int n = 0;
            for (int k = 0; k < 4; k++)
                n += held[k] != COH_I;
            assert_int_equal(a.track.copies[l], n);
        }
        coherence_free(&a);
        coherence_free(&b);
        coherence_free(&c);
    }
}

/* Bad caches and shared memory: one message naming the JSON path each. */
#define SCHED "'sched':{'policy':'fifo'}"
#define MEM   "'memory':{'frames':4}"
#define PROGS "'programs':[{'name':'a','steps':['cpu 1']}],'processes':[{'program':'a'}]"
static const struct {
    const char *spec, *msg;
} bad[] = {
    {"{" SCHED ",'caches':{}," PROGS "}",
     "machine.caches: caches need the machine's memory (machine.memory): they are fed by "
     "physical addresses"},
    {"{" SCHED "," MEM ",'caches':{'protocol':'dragon'}," PROGS "}",
     "machine.caches.protocol: unknown protocol \"dragon\" (msi, mesi, moesi)"},
    {"{" SCHED "," MEM ",'caches':{'line':48}," PROGS "}",
     "machine.caches.line: 48 is not a power of two"},
    {"{" SCHED "," MEM ",'caches':{'line':2}," PROGS "}",
     "machine.caches.line: out of range 4..4096"},
    {"{" SCHED ",'memory':{'frames':4,'page_size':256},'caches':{'line':512}," PROGS "}",
     "machine.caches.line: 512 bytes is more than a page (256): a line may not span frames"},
    {"{" SCHED "," MEM ",'caches':{'sets':0}," PROGS "}",
     "machine.caches.sets: out of range 1..65536"},
    {"{" SCHED "," MEM ",'caches':{'ways':65}," PROGS "}",
     "machine.caches.ways: out of range 1..64"},
    {"{" SCHED "," MEM ",'caches':{'sets':65536,'ways':8}," PROGS "}",
     "machine.caches.ways: sets x ways is 524288 lines per cache; at most 262144"},
    {"{" SCHED "," MEM ",'caches':{'size':8}," PROGS "}", "machine.caches: unknown key \"size\""},
    {"{" SCHED "," MEM ",'caches':[1]," PROGS "}",
     "machine.caches: expected an object, got an array"},
    {"{" SCHED ",'shared':[{'name':'b','base':0,'pages':1}]," PROGS "}",
     "machine.shared: shared memory needs the machine's memory (machine.memory)"},
    {"{" SCHED "," MEM ",'shared':{'name':'b'}," PROGS "}",
     "machine.shared: expected an array, got an object"},
    {"{" SCHED "," MEM ",'shared':[{'name':'b','base':0}]," PROGS "}",
     "machine.shared[0].pages: missing"},
    {"{" SCHED "," MEM ",'shared':[{'name':'b b','base':0,'pages':1}]," PROGS "}",
     "machine.shared[0].name: \"b b\" has a blank (steps name it as one word)"},
    {"{" SCHED "," MEM ",'shared':[{'name':'b','base':'0x1001','pages':1}]," PROGS "}",
     "machine.shared[0].base: 0x1001 is not a multiple of the page size 4096"},
    {"{" SCHED "," MEM ",'shared':[{'name':'b','base':0,'pages':1},"
     "{'name':'b','base':8192,'pages':1}]," PROGS "}",
     "machine.shared[1].name: \"b\" is already shared[0]"},
    {"{" SCHED "," MEM ",'shared':[{'name':'b','base':4096,'pages':2},"
     "{'name':'c','base':'0x2000','pages':1}]," PROGS "}",
     "machine.shared[1].base: 0x2000-0x2fff overlaps shared[0] (0x1000-0x2fff)"},
    {"{" SCHED "," MEM ",'shared':[{'name':'b','base':0,'pages':4}]," PROGS "}",
     "machine.shared[0].pages: the shared segments take 4 frames of the 4: one at least must be "
     "left for private pages"},
    {"{" SCHED "," MEM ",'shared':[{'name':'b','base':'0xfffff000','pages':2}]," PROGS "}",
     "machine.shared[0].pages: the range 0xfffff000 + 2 pages runs past 4 GiB"},
    {"{" SCHED "," MEM ",'shared':[{'name':'b','base':0,'pages':1,'mode':'rw'}]," PROGS "}",
     "machine.shared[0]: unknown key \"mode\""},
    {"{" SCHED "," MEM
     ",'programs':[{'name':'a','steps':['map b']}],'processes':[{'program':'a'}]}",
     "machine.programs[0].steps[0]: 'map b': map needs shared memory segments (machine.shared)"},
    {"{" SCHED "," MEM ",'shared':[{'name':'b','base':0,'pages':1}],"
     "'programs':[{'name':'a','steps':['map c']}],'processes':[{'program':'a'}]}",
     "machine.programs[0].steps[0]: 'map c': no shared segment named 'c'"},
    {"{" SCHED "," MEM ",'shared':[{'name':'b','base':0,'pages':1}],"
     "'programs':[{'name':'a','steps':['map']}],'processes':[{'program':'a'}]}",
     "machine.programs[0].steps[0]: 'map': expected 'map SEGMENT'"},
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pingpong_writes),
        cmocka_unit_test(test_counter_in_turn),
        cmocka_unit_test(test_private_read_then_write),
        cmocka_unit_test(test_eviction_drops_the_frames_lines),
        cmocka_unit_test(test_exit_drops_the_frames_lines),
        cmocka_unit_test(test_shared_mapping_rules),
        cmocka_unit_test(test_off_by_default_and_no_timing_change),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_tracking_changes_nothing),
        cmocka_unit_test(test_bad_specs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
