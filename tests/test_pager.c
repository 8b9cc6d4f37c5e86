/* The pager: hand-worked traces for every policy (victims, hits, write-backs),
 * the rules pinned by the spec (opt's tie, clock's hand, lfu's tie, nru's
 * classes), and random traces against naive list models written straight
 * from the rules (OSTEP's paging-policy.py for fifo/lru/mru/opt). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pager.h"

#define MAXREFS 4096
#define NONE    -1

/* The outcome of one trace: per reference, hit and victim page (NONE). */
typedef struct outcome {
    int n;
    bool hit[MAXREFS];
    int64_t victim[MAXREFS];
    bool wb[MAXREFS];
    uint32_t frame[MAXREFS];
    uint64_t hits, misses, writebacks;
} outcome;

/* Runs pages (writes where w[i]) through a pager; now = i, as the trace modes. */
static void run(pager_policy pol, uint32_t frames, uint32_t period, const uint32_t *pages,
                const bool *w, int n, uint64_t seed, outcome *o) {
    pager pg;
    assert_int_equal(pager_init(&pg, pol, frames, period), 0);
    uint32_t *next = malloc((size_t)n * sizeof *next);
    assert_non_null(next);
    assert_int_equal(pager_next_uses(pages, (uint32_t)n, next), 0);
    rng r;
    rng_seed(&r, seed);
    memset(o, 0, sizeof *o);
    o->n = n;
    for (int i = 0; i < n; i++) {
        pager_ref ref = {.owner = 0,
                         .page = pages[i],
                         .write = w && w[i],
                         .now = (uint64_t)i,
                         .next_use = next[i] == UINT32_MAX ? PAGER_NEVER : next[i]};
        pager_result res;
        pager_access(&pg, &ref, &r, NULL, &res);
        o->hit[i] = res.hit;
        o->victim[i] = res.evicted ? (int64_t)res.victim_page : NONE;
        o->wb[i] = res.writeback;
        o->frame[i] = res.frame;
    }
    o->hits = pg.hits;
    o->misses = pg.misses;
    o->writebacks = pg.writebacks;
    free(next);
    pager_free(&pg);
}

static const uint32_t belady[] = {1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5};
#define NBELADY 12

static void test_fifo_belady_anomaly(void **state) {
    (void)state;
    static outcome o;
    run(PAGER_FIFO, 3, 8, belady, NULL, NBELADY, 1, &o);
    assert_int_equal(o.misses, 9);
    /* 4 evicts 1, 1 evicts 2, 2 evicts 3, 5 evicts 4; 1 and 2 hit; 3 evicts 1 ... */
    const int64_t v3[NBELADY] = {NONE, NONE, NONE, 1, 2, 3, 4, NONE, NONE, 1, 2, NONE};
    for (int i = 0; i < NBELADY; i++)
        assert_int_equal(o.victim[i], v3[i]);
    run(PAGER_FIFO, 4, 8, belady, NULL, NBELADY, 1, &o);
    assert_int_equal(o.misses, 10); /* more frames, more faults */
}

static void test_lru(void **state) {
    (void)state;
    static outcome o;
    run(PAGER_LRU, 3, 8, belady, NULL, NBELADY, 1, &o);
    assert_int_equal(o.misses, 10);
    assert_int_equal(o.hits, 2);
    const int64_t v[NBELADY] = {NONE, NONE, NONE, 1, 2, 3, 4, NONE, NONE, 5, 1, 2};
    for (int i = 0; i < NBELADY; i++)
        assert_int_equal(o.victim[i], v[i]);
}

static void test_opt_and_its_tie(void **state) {
    (void)state;
    static outcome o;
    run(PAGER_OPT, 3, 8, belady, NULL, NBELADY, 1, &o);
    assert_int_equal(o.misses, 7);
    /* At 3 (index 9) pages 1 and 2 are never used again: the one loaded more
     * recently (2) goes, as OSTEP's `>=` scan in load order. At 4, 1 and 3
     * tie: 3 was loaded later. */
    const int64_t v[NBELADY] = {NONE, NONE, NONE, 3, NONE, NONE, 4, NONE, NONE, 2, 3, NONE};
    for (int i = 0; i < NBELADY; i++)
        assert_int_equal(o.victim[i], v[i]);
}

static void test_mru(void **state) {
    (void)state;
    static outcome o;
    const uint32_t refs[] = {1, 2, 3, 1, 4, 5};
    run(PAGER_MRU, 3, 8, refs, NULL, 6, 1, &o);
    /* 1 was just used when 4 comes; then 4 was just loaded when 5 comes. */
    assert_true(o.hit[3]);
    assert_int_equal(o.victim[4], 1);
    assert_int_equal(o.victim[5], 4);
}

static void test_clock_hand(void **state) {
    (void)state;
    static outcome o;
    const uint32_t refs[] = {1, 2, 3, 4, 2, 5, 1};
    run(PAGER_CLOCK, 3, 8, refs, NULL, 7, 1, &o);
    /* 4: the hand clears all three bits, comes back to frame 0 (page 1).
     * 2 hits (bit of frame 1 set). 5: frame 1's bit cleared, frame 2 (page 3)
     * is clear. 1: frame 0 (page 4) has its bit, frame 1 (page 2) not. */
    assert_int_equal(o.victim[3], 1);
    assert_int_equal(o.frame[3], 0);
    assert_true(o.hit[4]);
    assert_int_equal(o.victim[5], 3);
    assert_int_equal(o.frame[5], 2);
    assert_int_equal(o.victim[6], 2);
    assert_int_equal(o.frame[6], 1);
}

static void test_lfu_counts_and_tie(void **state) {
    (void)state;
    static outcome o;
    const uint32_t refs[] = {1, 1, 2, 3, 4};
    run(PAGER_LFU, 2, 8, refs, NULL, 5, 1, &o);
    assert_int_equal(o.victim[3], 2); /* 1 has 2 references, 2 has 1 */
    assert_int_equal(o.victim[4], 3);
    const uint32_t tie[] = {5, 6, 7};
    run(PAGER_LFU, 2, 8, tie, NULL, 3, 1, &o);
    assert_int_equal(o.victim[2], 5); /* one reference each: loaded earliest */
}

static void test_writeback_only_when_written(void **state) {
    (void)state;
    static outcome o;
    const uint32_t refs[] = {1, 2, 3, 2};
    const bool w[] = {true, false, false, true};
    run(PAGER_FIFO, 1, 8, refs, w, 4, 1, &o);
    assert_true(o.wb[1]);  /* 1 was written */
    assert_false(o.wb[2]); /* 2 was only read */
    assert_false(o.wb[3]); /* 3 was only read; 2 is now loaded dirty */
    assert_int_equal(o.writebacks, 1);
}

static void test_nru_classes_and_clearing(void **state) {
    (void)state;
    static outcome o;
    /* Period 4: ticks 0-3 one period, 4-7 the next. */
    const uint32_t refs[] = {1, 2, 3, 4, 5, 6};
    const bool w[] = {true, false, false, false, false, false};
    run(PAGER_NRU, 2, 4, refs, w, 6, 1, &o);
    /* t2: both referenced; page 2 (class 2) goes before dirty page 1 (class 3).
     * t3: again 3 (class 2) before 1. t4: bits cleared: 4 is class 0, 1 class
     * 1. t5: 5 is class 2 now, 1 still class 1: it goes, written back. */
    assert_int_equal(o.victim[2], 2);
    assert_int_equal(o.victim[3], 3);
    assert_int_equal(o.victim[4], 4);
    assert_int_equal(o.victim[5], 1);
    assert_true(o.wb[5]);
    /* Ties go to the lowest frame: two clean unreferenced pages, frames 0, 1. */
    const uint32_t tie[] = {7, 8, 9, 9, 10};
    run(PAGER_NRU, 2, 2, tie, NULL, 5, 1, &o);
    /* t2 (new period): 7 (frame 0) and 8 (frame 1) both class 0: frame 0. */
    assert_int_equal(o.victim[2], 7);
    assert_int_equal(o.frame[2], 0);
    assert_true(o.hit[3]);
    /* t4 (new period): 9 (frame 0) and 8 (frame 1) both class 0 again. */
    assert_int_equal(o.victim[4], 9);
}

static void test_rand_is_seeded_and_valid(void **state) {
    (void)state;
    static outcome a, b;
    uint32_t refs[600];
    for (int i = 0; i < 600; i++)
        refs[i] = (uint32_t)(i * 7 % 23);
    run(PAGER_RAND, 5, 8, refs, NULL, 600, 11, &a);
    run(PAGER_RAND, 5, 8, refs, NULL, 600, 11, &b);
    assert_memory_equal(a.victim, b.victim, sizeof a.victim);
    run(PAGER_RAND, 5, 8, refs, NULL, 600, 12, &b);
    assert_true(memcmp(a.victim, b.victim, sizeof a.victim) != 0);
    assert_int_equal(a.hits + a.misses, 600);
}

static void test_next_uses(void **state) {
    (void)state;
    const uint32_t keys[] = {1, 2, 1, 3, 2, 1};
    uint32_t next[6];
    assert_int_equal(pager_next_uses(keys, 6, next), 0);
    const uint32_t want[] = {2, 4, 5, UINT32_MAX, UINT32_MAX, UINT32_MAX};
    assert_memory_equal(next, want, sizeof want);
}

static void test_owners_lookup_release(void **state) {
    (void)state;
    pager pg;
    assert_int_equal(pager_init(&pg, PAGER_LRU, 3, 8), 0);
    pager_result res;
    pager_ref a = {.owner = 1, .page = 5, .next_use = PAGER_NEVER};
    pager_ref b = {.owner = 2, .page = 5, .now = 1, .next_use = PAGER_NEVER};
    pager_ref c = {.owner = 2, .page = 6, .now = 2, .next_use = PAGER_NEVER};
    pager_access(&pg, &a, NULL, NULL, &res);
    pager_access(&pg, &b, NULL, NULL, &res);
    pager_access(&pg, &c, NULL, NULL, &res);
    assert_int_equal(pager_lookup(&pg, 1, 5), 0);
    assert_int_equal(pager_lookup(&pg, 2, 5), 1);
    assert_int_equal(pager_lookup(&pg, 2, 6), 2);
    assert_int_equal(pager_lookup(&pg, 3, 5), -1);
    pager_release(&pg, 1);
    assert_int_equal(pager_lookup(&pg, 2, 5), -1);
    assert_int_equal(pg.nused, 2);
    pager_ref d = {.owner = 3, .page = 9, .now = 3, .next_use = PAGER_NEVER};
    pager_access(&pg, &d, NULL, NULL, &res);
    assert_false(res.evicted); /* the freed frame, lowest free */
    assert_int_equal(res.frame, 1);
    pager_ref e = {.owner = 3, .page = 10, .now = 4, .next_use = PAGER_NEVER};
    pager_access(&pg, &e, NULL, NULL, &res);
    assert_true(res.evicted); /* lru: (1, 5) used at tick 0 */
    assert_int_equal(res.victim_owner, 1);
    assert_int_equal(res.victim_page, 5);
    pager_free(&pg);
}

static void test_events(void **state) {
    (void)state;
    evlog log;
    assert_int_equal(evlog_init(&log, 64), 0);
    pager pg;
    assert_int_equal(pager_init(&pg, PAGER_FIFO, 1, 8), 0);
    pager_result res;
    pager_ref r1 = {.page = 1, .write = true, .now = 0, .next_use = PAGER_NEVER};
    pager_ref r2 = {.page = 1, .now = 1, .next_use = PAGER_NEVER};
    pager_ref r3 = {.page = 2, .now = 2, .next_use = PAGER_NEVER};
    pager_access(&pg, &r1, NULL, &log, &res);
    pager_access(&pg, &r2, NULL, &log, &res);
    pager_access(&pg, &r3, NULL, &log, &res);
    assert_int_equal(evlog_end(&log), 4);
    const int kinds[] = {EV_MEM_FAULT, EV_MEM_HIT, EV_MEM_EVICT, EV_MEM_FAULT};
    for (int i = 0; i < 4; i++)
        assert_int_equal(evlog_get(&log, (uint64_t)i)->kind, kinds[i]);
    char buf[256];
    event_format(NULL, evlog_get(&log, 2), buf, sizeof buf);
    assert_string_equal(buf, "fifo evicts pid 0 page 1 from frame 0; it was written since it was "
                             "loaded, so it is written back to disk first");
    event_format(NULL, evlog_get(&log, 3), buf, sizeof buf);
    assert_string_equal(buf, "page fault on pid 0 page 2 (read): loaded into the victim's frame 0");
    pager_free(&pg);
    evlog_free(&log);
}

static void test_policy_names(void **state) {
    (void)state;
    for (int i = 0; i < PAGER_POLICY_COUNT; i++) {
        pager_policy p;
        assert_int_equal(pager_policy_parse(pager_policy_name((pager_policy)i), &p), 0);
        assert_int_equal(p, i);
    }
    pager_policy p;
    assert_int_equal(pager_policy_parse("LRU", &p), -1);
    assert_int_equal(pager_policy_parse("second-chance", &p), 0);
    assert_int_equal(p, PAGER_SECOND_CHANCE);
    pager pg;
    assert_int_equal(pager_init(&pg, PAGER_LRU, 0, 8), -1);
    assert_int_equal(pager_init(&pg, PAGER_LRU, PAGER_MAX_FRAMES + 1, 8), -1);
    assert_int_equal(pager_init(&pg, PAGER_NRU, 4, 0), -1);
}

static void test_bits(void **state) {
    (void)state;
    pager_bits b;
    assert_int_equal(pager_bits_init(&b, 200, false), 0);
    assert_int_equal(pager_bits_next(&b, 0), -1);
    pager_bits_set(&b, 5);
    pager_bits_set(&b, 70);
    pager_bits_set(&b, 199);
    assert_int_equal(pager_bits_next(&b, 0), 5);
    assert_int_equal(pager_bits_next(&b, 6), 70);
    assert_int_equal(pager_bits_next(&b, 71), 199);
    assert_int_equal(pager_bits_next(&b, 200), -1);
    pager_bits_clear(&b, 70);
    assert_int_equal(pager_bits_next(&b, 6), 199);
    pager_bits_free(&b);

    /* Three levels, against a plain array. */
    enum { N = 5000 };
    static bool model[N];
    assert_int_equal(pager_bits_init(&b, N, true), 0);
    for (int i = 0; i < N; i++)
        model[i] = true;
    rng r;
    rng_seed(&r, 5);
    for (int k = 0; k < 20000; k++) {
        uint32_t i = (uint32_t)rng_below(&r, N);
        if (rng_below(&r, 3) == 0) {
            pager_bits_set(&b, i);
            model[i] = true;
        } else {
            pager_bits_clear(&b, i);
            model[i] = false;
        }
        uint32_t q = (uint32_t)rng_below(&r, N);
        int64_t want = -1;
        for (uint32_t j = q; j < N && want < 0; j++)
            if (model[j])
                want = j;
        assert_int_equal(pager_bits_next(&b, q), want);
        assert_int_equal(pager_bits_has(&b, q), model[q]);
    }
    pager_bits_free(&b);
}

/* ---- naive models, straight from the rules ---------------------------------------------- */

/* mem[] in OSTEP's order: load order for fifo/opt/lfu; lru/mru move a hit to
 * the end. Returns the victim or NONE; sets *hit. */
static int64_t naive_step(pager_policy pol, uint32_t frames, uint32_t *mem, int *count,
                          uint32_t *cnt, const uint32_t *refs, int n, int i, bool *hit) {
    uint32_t p = refs[i];
    int idx = -1;
    for (int k = 0; k < *count; k++)
        if (mem[k] == p)
            idx = k;
    *hit = idx >= 0;
    if (idx >= 0) {
        cnt[idx]++;
        if (pol == PAGER_LRU || pol == PAGER_MRU) {
            uint32_t c = cnt[idx];
            memmove(&mem[idx], &mem[idx + 1], (size_t)(*count - idx - 1) * sizeof *mem);
            memmove(&cnt[idx], &cnt[idx + 1], (size_t)(*count - idx - 1) * sizeof *cnt);
            mem[*count - 1] = p;
            cnt[*count - 1] = c;
        }
        return NONE;
    }
    int64_t victim = NONE;
    if ((uint32_t)*count == frames) {
        int vi = 0;
        if (pol == PAGER_MRU) {
            vi = *count - 1;
        } else if (pol == PAGER_OPT) {
            int best = -1;
            for (int k = 0; k < *count; k++) {
                int when = n;
                for (int j = i + 1; j < n; j++)
                    if (refs[j] == mem[k]) {
                        when = j;
                        break;
                    }
                if (when >= best) {
                    best = when;
                    vi = k;
                }
            }
        } else if (pol == PAGER_LFU) {
            for (int k = 1; k < *count; k++)
                if (cnt[k] < cnt[vi])
                    vi = k;
        }
        victim = mem[vi];
        memmove(&mem[vi], &mem[vi + 1], (size_t)(*count - vi - 1) * sizeof *mem);
        memmove(&cnt[vi], &cnt[vi + 1], (size_t)(*count - vi - 1) * sizeof *cnt);
        (*count)--;
    }
    mem[*count] = p;
    cnt[*count] = 1;
    (*count)++;
    return victim;
}

/* clock by the spec's words: frames in order, a hand, one bit each. */
static int64_t naive_clock(uint32_t frames, int64_t *slot, bool *bit, uint32_t *hand, uint32_t p,
                           bool *hit) {
    for (uint32_t f = 0; f < frames; f++) {
        if (slot[f] == (int64_t)p) {
            *hit = true;
            bit[f] = true;
            return NONE;
        }
    }
    *hit = false;
    for (uint32_t f = 0; f < frames; f++) {
        if (slot[f] < 0) {
            slot[f] = p;
            bit[f] = true;
            return NONE;
        }
    }
    while (bit[*hand]) {
        bit[*hand] = false;
        *hand = (*hand + 1) % frames;
    }
    int64_t v = slot[*hand];
    slot[*hand] = p;
    bit[*hand] = true;
    *hand = (*hand + 1) % frames;
    return v;
}

static void test_against_naive_models(void **state) {
    (void)state;
    static outcome o, o2;
    static uint32_t refs[MAXREFS];
    rng r;
    rng_seed(&r, 99);
    const pager_policy pols[] = {PAGER_FIFO, PAGER_LRU, PAGER_MRU, PAGER_OPT, PAGER_LFU};
    for (int trial = 0; trial < 40; trial++) {
        int n = 300 + (int)rng_below(&r, 700);
        uint32_t frames = 1 + (uint32_t)rng_below(&r, 7);
        uint32_t span = frames + 1 + (uint32_t)rng_below(&r, 12);
        for (int i = 0; i < n; i++)
            refs[i] = (uint32_t)rng_below(&r, span);
        for (size_t k = 0; k < sizeof pols / sizeof *pols; k++) {
            run(pols[k], frames, 8, refs, NULL, n, 1, &o);
            uint32_t mem[16], cnt[16];
            int count = 0;
            for (int i = 0; i < n; i++) {
                bool hit;
                int64_t v = naive_step(pols[k], frames, mem, &count, cnt, refs, n, i, &hit);
                assert_int_equal(o.hit[i], hit);
                assert_int_equal(o.victim[i], v);
            }
        }
        run(PAGER_CLOCK, frames, 8, refs, NULL, n, 1, &o);
        int64_t slot[16];
        bool bit[16] = {0};
        uint32_t hand = 0;
        for (uint32_t f = 0; f < 16; f++)
            slot[f] = -1;
        for (int i = 0; i < n; i++) {
            bool hit;
            int64_t v = naive_clock(frames, slot, bit, &hand, refs[i], &hit);
            assert_int_equal(o.hit[i], hit);
            assert_int_equal(o.victim[i], v);
        }
        /* second-chance evicts exactly what clock evicts */
        run(PAGER_SECOND_CHANCE, frames, 8, refs, NULL, n, 1, &o2);
        assert_memory_equal(o.victim, o2.victim, sizeof o.victim);
        assert_memory_equal(o.frame, o2.frame, sizeof o.frame);
    }
}

/* The resident-page hash (open addressing, deletion by moving entries back)
 * against a plain scan of the frames, through faults, evictions and releases
 * of a few owners' pages that crowd 8 frames' 16 slots. */
static void test_lookup_matches_a_scan(void **state) {
    (void)state;
    pager pg;
    rng r;
    rng_seed(&r, 7);
    assert_int_equal(pager_init(&pg, PAGER_FIFO, 8, 8), 0);
    pager_result res;
    for (uint64_t t = 0; t < 5000; t++) {
        if (rng_below(&r, 10) == 0) {
            pager_release(&pg, (uint32_t)rng_below(&r, 8));
        } else {
            pager_ref ref = {.owner = (uint32_t)rng_below(&r, 4),
                             .page = rng_below(&r, 40),
                             .now = t,
                             .next_use = PAGER_NEVER};
            pager_access(&pg, &ref, &r, NULL, &res);
        }
        for (uint32_t owner = 0; owner < 4; owner++) {
            for (uint64_t page = 0; page < 40; page++) {
                int32_t want = -1;
                for (uint32_t f = 0; f < 8; f++) {
                    if (pg.frames[f].used && pg.frames[f].owner == owner &&
                        pg.frames[f].page == page)
                        want = (int32_t)f;
                }
                assert_int_equal(pager_lookup(&pg, owner, page), want);
            }
        }
    }
    pager_free(&pg);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fifo_belady_anomaly),
        cmocka_unit_test(test_lru),
        cmocka_unit_test(test_opt_and_its_tie),
        cmocka_unit_test(test_mru),
        cmocka_unit_test(test_clock_hand),
        cmocka_unit_test(test_lfu_counts_and_tie),
        cmocka_unit_test(test_writeback_only_when_written),
        cmocka_unit_test(test_nru_classes_and_clearing),
        cmocka_unit_test(test_rand_is_seeded_and_valid),
        cmocka_unit_test(test_next_uses),
        cmocka_unit_test(test_owners_lookup_release),
        cmocka_unit_test(test_lookup_matches_a_scan),
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_policy_names),
        cmocka_unit_test(test_bits),
        cmocka_unit_test(test_against_naive_models),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
