/* Live replacement-policy changes in the pager (pager_set_policy) and the
 * paging and translate quick modes: the structures rebuilt are consistent,
 * a change made before the first eviction runs on exactly as a pager built
 * with the new policy (every pair of policies), and after evictions the new
 * policy chooses from the pages resident then by its own rule. */
#include <cjson/cJSON.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "machine.h"
#include "machine_policy.h"
#include "mmu.h"
#include "pager.h"
#include "report.h"
#include "scenario.h"

static bool uses_queue(pager_policy p) {
    return p == PAGER_FIFO || p == PAGER_LRU || p == PAGER_MRU || p == PAGER_SECOND_CHANCE;
}

/* Every structure of pg agrees with its frames (pager.h's invariants). */
static void check_pager(const pager *pg) {
    uint32_t used = 0, pinned = 0;
    for (uint32_t f = 0; f < pg->nframes; f++) {
        const pager_frame *fr = &pg->frames[f];
        if (!fr->used)
            continue;
        used++;
        pinned += fr->pinned;
        assert_int_equal(pager_lookup(pg, fr->owner, fr->page), (int32_t)f);
    }
    assert_int_equal(used, pg->nused);
    assert_int_equal(pinned, pg->npinned);
    uint32_t live = used - pinned;
    if (uses_queue(pg->policy)) {
        uint32_t n = 0;
        int32_t prev = -1;
        for (int32_t f = pg->head; f >= 0; f = pg->frames[f].next, n++) {
            const pager_frame *fr = &pg->frames[f];
            assert_true(fr->used && !fr->pinned);
            assert_int_equal(fr->prev, prev);
            if (prev >= 0) {
                const pager_frame *pf = &pg->frames[prev];
                bool fifo = pg->policy == PAGER_FIFO || pg->policy == PAGER_SECOND_CHANCE;
                assert_true(fifo ? pf->enq_seq < fr->enq_seq : pf->use_seq < fr->use_seq);
            }
            prev = f;
            assert_true(n <= live);
        }
        assert_int_equal(prev, pg->tail);
        assert_int_equal(n, live);
    } else {
        assert_int_equal(pg->head, -1);
    }
    if (pg->policy == PAGER_OPT || pg->policy == PAGER_LFU) {
        assert_int_equal(pg->heap_len, live);
        for (uint32_t i = 0; i < pg->heap_len; i++) {
            const pager_frame *fr = &pg->frames[pg->heap[i]];
            assert_int_equal(fr->heap_pos, (int32_t)i);
            if (pg->policy == PAGER_LFU)
                assert_int_equal(fr->key, fr->uses);
            if (i > 0) { /* the parent comes first: larger next use / fewer uses */
                const pager_frame *pa = &pg->frames[pg->heap[(i - 1) / 2]];
                if (pg->policy == PAGER_OPT)
                    assert_true(pa->key >= fr->key);
                else
                    assert_true(pa->key <= fr->key);
            }
        }
    } else {
        assert_null(pg->heap);
    }
    if (pg->policy == PAGER_NRU) {
        for (uint32_t f = 0; f < pg->nframes; f++) {
            const pager_frame *fr = &pg->frames[f];
            for (uint32_t c = 0; c < 4; c++) {
                bool in = fr->used && !fr->pinned && c == (fr->ref ? 2u : 0u) + fr->dirty;
                assert_int_equal(pager_bits_has(&pg->nru_class[c], f), in);
            }
        }
    } else {
        for (int c = 0; c < 4; c++)
            assert_null(pg->nru_class[c].w);
    }
}

#define NREF 40
static const uint32_t trace[NREF] = {1, 2, 1, 3, 2, 4, 5, 1, 6, 2, 3, 7, 1, 4, 5, 2, 6, 3, 1, 2,
                                     7, 4, 1, 5, 6, 2, 3, 1, 7, 2, 4, 1, 3, 5, 2, 6, 1, 7, 3, 2};
static const bool writes[NREF] = {0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0,
                                  1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0};

typedef struct outcome {
    int64_t victim[NREF]; /* -1: none */
    uint32_t frame[NREF];
    bool hit[NREF], wb[NREF];
    uint64_t hits, misses, writebacks, evictions;
} outcome;

/* The trace with policy a, switched to b before reference `at` (at NREF: never). */
static void run(pager_policy a, pager_policy b, int at, outcome *o) {
    pager pg;
    uint32_t next[NREF];
    assert_int_equal(pager_next_uses(trace, NREF, next), 0);
    assert_int_equal(pager_init(&pg, a, 4, 8), 0);
    rng r;
    rng_seed(&r, 7);
    memset(o, 0, sizeof *o);
    for (int i = 0; i < NREF; i++) {
        if (i == at) {
            uint64_t keys[4];
            pager_trace_keys(&pg, trace, (uint32_t)i, NREF, keys);
            assert_int_equal(pager_set_policy(&pg, b, (uint64_t)i, keys), 0);
            assert_int_equal(pg.policy, b);
            check_pager(&pg);
        }
        pager_ref ref = {.owner = 0,
                         .page = trace[i],
                         .write = writes[i],
                         .now = (uint64_t)i,
                         .next_use = next[i] == UINT32_MAX ? PAGER_NEVER : next[i]};
        pager_result res;
        pager_access(&pg, &ref, &r, NULL, &res);
        o->hit[i] = res.hit;
        o->frame[i] = res.frame;
        o->victim[i] = res.evicted ? (int64_t)res.victim_page : -1;
        o->wb[i] = res.writeback;
    }
    check_pager(&pg);
    o->hits = pg.hits;
    o->misses = pg.misses;
    o->writebacks = pg.writebacks;
    o->evictions = pg.evictions;
    pager_free(&pg);
}

/* Before the first eviction (4 frames, 4 distinct pages in the first 6
 * references, with hits and a write among them) every policy holds what any
 * other would have built: switching there runs on exactly as the new policy
 * from the start, for all 81 pairs. */
static void test_switch_before_eviction_is_exact(void **state) {
    (void)state;
    for (int a = 0; a < PAGER_POLICY_COUNT; a++) {
        for (int b = 0; b < PAGER_POLICY_COUNT; b++) {
            outcome sw, built;
            run((pager_policy)a, (pager_policy)b, 6, &sw);
            run((pager_policy)b, (pager_policy)b, NREF, &built);
            assert_true(built.evictions > 10);
            if (memcmp(&sw, &built, sizeof sw) != 0)
                fail_msg("%s -> %s at 6 differs from %s all along",
                         pager_policy_name((pager_policy)a), pager_policy_name((pager_policy)b),
                         pager_policy_name((pager_policy)b));
        }
    }
}

/* After evictions the new policy chooses among the resident pages by its own
 * rule, from what every policy keeps: recency (lru), counts (lfu), the
 * future (opt). */
static void test_switch_after_evictions_uses_the_new_rule(void **state) {
    (void)state;
    /* fifo on 1,2,3,1(hit),4 with 3 frames would evict 1; lru evicts 2. */
    static const uint32_t t[] = {1, 2, 3, 1, 4, 5, 1, 2};
    uint32_t next[8];
    assert_int_equal(pager_next_uses(t, 8, next), 0);
    for (int target = 0; target < 3; target++) {
        pager pg;
        assert_int_equal(pager_init(&pg, PAGER_FIFO, 3, 8), 0);
        pager_result res;
        for (uint32_t i = 0; i < 8; i++) {
            if (i == 4) {
                pager_policy np = target == 0 ? PAGER_LRU : target == 1 ? PAGER_LFU : PAGER_OPT;
                uint64_t keys[3];
                pager_trace_keys(&pg, t, i, 8, keys);
                assert_int_equal(pager_set_policy(&pg, np, i, keys), 0);
                check_pager(&pg);
            }
            pager_ref ref = {
                .page = t[i], .now = i, .next_use = next[i] == UINT32_MAX ? PAGER_NEVER : next[i]};
            pager_access(&pg, &ref, NULL, NULL, &res);
            if (i == 4) {
                assert_true(res.evicted);
                /* lru: 2 is least recent; lfu: 2 and 3 were used once, 2 loaded
                 * first; opt: 3 is never used again (1 and 2 come back). */
                assert_int_equal(res.victim_page, target == 2 ? 3 : 2);
            }
        }
        check_pager(&pg);
        pager_free(&pg);
    }
}

/* Random traces with pins (as the full machine makes), random switches:
 * every structure stays consistent and every reference is counted. */
static void test_random_switches_stay_consistent(void **state) {
    (void)state;
    rng r;
    rng_seed(&r, 11);
    for (int round = 0; round < 40; round++) {
        pager pg;
        uint32_t frames = 1 + (uint32_t)rng_below(&r, 8);
        assert_int_equal(pager_init(&pg, (pager_policy)rng_below(&r, PAGER_POLICY_COUNT), frames,
                                    1 + (uint32_t)rng_below(&r, 5)),
                         0);
        int32_t pinned = -1;
        uint64_t refs = 0;
        for (uint64_t t = 0; t < 400; t++) {
            if (rng_below(&r, 20) == 0) {
                uint64_t keys[8];
                for (uint32_t f = 0; f < frames; f++)
                    keys[f] = rng_below(&r, 3) ? t + rng_below(&r, 50) : PAGER_NEVER;
                assert_int_equal(
                    pager_set_policy(&pg, (pager_policy)rng_below(&r, PAGER_POLICY_COUNT), t, keys),
                    0);
                check_pager(&pg);
            }
            pager_ref ref = {.owner = (uint32_t)rng_below(&r, 2),
                             .page = rng_below(&r, 12),
                             .write = rng_below(&r, 3) == 0,
                             .now = t,
                             .next_use = t + 1 + rng_below(&r, 30)};
            if (pinned >= 0) { /* the retry of the last fault */
                pager_unpin(&pg, (uint32_t)pinned, &ref);
                pinned = -1;
                continue;
            }
            if (pager_lookup(&pg, ref.owner, ref.page) < 0 && !pager_has_victim(&pg))
                continue;
            pager_result res;
            pager_access(&pg, &ref, &r, NULL, &res);
            refs++;
            if (!res.hit && rng_below(&r, 2)) {
                pager_pin(&pg, res.frame);
                pinned = (int32_t)res.frame;
            }
        }
        check_pager(&pg);
        assert_int_equal(pg.hits + pg.misses, refs);
        pager_free(&pg);
    }
}

static machine *quick(const char *mode, int argc, char **argv) {
    cli_common c;
    cli_error err = {0};
    machine *m = NULL;
    cli_common_default(&c);
    if (scenario_build(mode, argc, argv, &c, &m, &err) != 0)
        fail_msg("%s", err.msg);
    return m;
}

static char *report_text(const machine *m) {
    cJSON *r = report_build(m, false);
    char *t = cJSON_PrintUnformatted(r);
    cJSON_Delete(r);
    return t;
}

/* The paging and translate modes: a change is logged as a command and an
 * event; made before the first eviction it gives the report of the mode run
 * with the new policy (opt included: its future is the trace). */
static void test_quick_modes_switch(void **state) {
    (void)state;
    static const char *const names[] = {"fifo", "lru", "opt", "clock", "lfu", "nru"};
    for (int mode = 0; mode < 2; mode++) {
        for (size_t a = 0; a < 6; a++) {
            for (size_t b = 0; b < 6; b++) {
                char *pa[] = {"--policy", (char *)names[a], "--frames",
                              "3",        "--refs",         "1,2,1,3w,4,1,5,2,1,3,4,5,2,1"};
                char *ta[] = {"--policy",
                              (char *)names[a],
                              "--frames",
                              "3",
                              "--addrs",
                              "0x1000,0x2000,0x1004,0x3008w,0x4000,0x1000,0x5000,"
                              "0x2000,0x1000,0x3000,0x4000,0x5000w,0x2000,0x1000"};
                char *pb[] = {"--policy", (char *)names[b], "--frames",
                              "3",        "--refs",         "1,2,1,3w,4,1,5,2,1,3,4,5,2,1"};
                char *tb[] = {"--policy",
                              (char *)names[b],
                              "--frames",
                              "3",
                              "--addrs",
                              "0x1000,0x2000,0x1004,0x3008w,0x4000,0x1000,0x5000,"
                              "0x2000,0x1000,0x3000,0x4000,0x5000w,0x2000,0x1000"};
                const char *md = mode ? "translate" : "paging";
                machine *m = quick(md, 6, mode ? ta : pa);
                machine *w = quick(md, 6, mode ? tb : pb);
                for (int i = 0; i < 4; i++)
                    machine_tick(m);
                pager_policy pb_;
                assert_int_equal(pager_policy_parse(names[b], &pb_), 0);
                char err[200];
                assert_int_equal(machine_set_pager(m, pb_, err, sizeof err), 0);
                assert_int_equal(m->cmds.n, 1);
                assert_int_equal(m->cmds.v[0].kind, CMD_PAGER);
                assert_int_equal(m->cmds.v[0].tick, 4);
                const event *ev = evlog_get(&m->log, evlog_end(&m->log) - 1);
                assert_int_equal(ev->kind, EV_MEM_POLICY);
                assert_int_equal(ev->b, pb_);
                assert_int_equal(ev->c & 0xffffffff, 3); /* 1, 2, 3 resident */
                while (!machine_done(m))
                    machine_tick(m);
                while (!machine_done(w))
                    machine_tick(w);
                char *ra = report_text(m), *rb = report_text(w);
                if (strcmp(ra, rb) != 0)
                    fail_msg("%s %s -> %s:\n%s\n%s", md, names[a], names[b], ra, rb);
                free(ra);
                free(rb);
                machine_destroy(m);
                machine_destroy(w);
            }
        }
    }
}

/* Replacement in a machine without memory is refused, with the reason. */
static void test_refused_without_memory(void **state) {
    (void)state;
    char *argv[] = {"--policy", "rr", "--lengths", "3,2"};
    machine *m = quick("sched", 4, argv);
    char err[200] = "";
    assert_false(machine_policy_has(m, POLICY_PAGER));
    assert_int_equal(machine_set_pager(m, PAGER_FIFO, err, sizeof err), -1);
    assert_string_equal(err, "replacement: this machine has no memory");
    assert_int_equal(machine_set_pager(m, PAGER_POLICY_COUNT, err, sizeof err), -1);
    assert_int_equal(m->cmds.n, 0);
    machine_destroy(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_switch_before_eviction_is_exact),
        cmocka_unit_test(test_switch_after_evictions_uses_the_new_rule),
        cmocka_unit_test(test_random_switches_stay_consistent),
        cmocka_unit_test(test_quick_modes_switch),
        cmocka_unit_test(test_refused_without_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
