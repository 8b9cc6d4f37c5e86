/* The MMU and the TLB: address splits, page-table pages allocated on demand,
 * faults and evictions through the pager, PTE bits, write-backs, protection,
 * processes sharing memory, and the TLB's LRU, tags and flushes (against a
 * naive list model). Expected values worked by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mmu.h"
#include "tlb.h"

static void test_split(void **state) {
    (void)state;
    mmu mm;
    mmu_result r;
    assert_int_equal(mmu_init(&mm, 2, 4096, PAGER_LRU, 4, 8), 0);
    mmu_split(&mm, 0x00403004, &r); /* the spec's example, 4206596 */
    assert_int_equal(r.vpn, 1027);
    assert_int_equal(r.dir, 1);
    assert_int_equal(r.table, 3);
    assert_int_equal(r.offset, 4);
    mmu_split(&mm, 0xffffffff, &r);
    assert_int_equal(r.dir, 1023);
    assert_int_equal(r.table, 1023);
    assert_int_equal(r.offset, 4095);
    mmu_free(&mm);

    /* 8 KiB pages: 19 vpn bits, 10 for the directory, 9 for the table. */
    assert_int_equal(mmu_init(&mm, 2, 8192, PAGER_LRU, 4, 8), 0);
    mmu_split(&mm, 0xffffffff, &r);
    assert_int_equal(r.vpn, 0x7ffff);
    assert_int_equal(r.dir, 1023);
    assert_int_equal(r.table, 511);
    assert_int_equal(r.offset, 8191);
    mmu_split(&mm, 0x00403004, &r); /* vpn 0x201 = 513: dir 1, table 1, offset 0x1004 */
    assert_int_equal(r.vpn, 513);
    assert_int_equal(r.dir, 1);
    assert_int_equal(r.table, 1);
    assert_int_equal(r.offset, 0x1004);
    mmu_free(&mm);

    assert_int_equal(mmu_init(&mm, 1, 4096, PAGER_LRU, 4, 8), 0);
    mmu_split(&mm, 0x00403004, &r);
    assert_int_equal(r.vpn, 1027);
    assert_int_equal(r.dir, 0);
    assert_int_equal(r.table, 0);
    assert_int_equal(mmu_table_bytes(&mm, 0), 4u << 20); /* 2^20 PTEs of 4 bytes */
    mmu_free(&mm);

    assert_int_equal(mmu_init(&mm, 3, 4096, PAGER_LRU, 4, 8), -1);
    assert_int_equal(mmu_init(&mm, 2, 3000, PAGER_LRU, 4, 8), -1);
    assert_int_equal(mmu_init(&mm, 2, 128, PAGER_LRU, 4, 8), -1);
}

static int translate(mmu *mm, tlb *t, uint32_t pid, uint32_t vaddr, bool write, uint64_t now,
                     mmu_result *r) {
    mmu_access a = {
        .pid = pid, .vaddr = vaddr, .write = write, .now = now, .next_use = PAGER_NEVER, .cpu = 0};
    return mmu_translate(mm, t, &a, NULL, NULL, r);
}

static void test_two_level_walk_and_faults(void **state) {
    (void)state;
    mmu mm;
    tlb t;
    mmu_result r;
    assert_int_equal(mmu_init(&mm, 2, 4096, PAGER_LRU, 2, 8), 0);
    assert_int_equal(tlb_init(&t, 2), 0);
    assert_int_equal(mmu_table_pages(&mm, 0), 0);

    assert_int_equal(translate(&mm, &t, 0, 0x00403004, false, 0, &r), 0);
    assert_true(r.fault);
    assert_true(r.table_alloc);
    assert_false(r.tlb_hit);
    assert_int_equal(r.frame, 0);
    assert_int_equal(r.paddr, 4);
    assert_int_equal(mmu_table_pages(&mm, 0), 1);
    assert_int_equal(mmu_table_bytes(&mm, 0), 4096 + 4096);

    /* Same directory entry: no new table page. */
    assert_int_equal(translate(&mm, &t, 0, 0x00404010, true, 1, &r), 0);
    assert_true(r.fault);
    assert_false(r.table_alloc);
    assert_int_equal(r.frame, 1);
    assert_int_equal(r.paddr, 4096 + 0x10);
    mmu_pte p = mmu_pte_get(&mm, 0, 1028);
    assert_int_equal(MMU_PTE_FRAME(p), 1);
    assert_int_equal(p & 0xfff, MMU_PTE_PRESENT | MMU_PTE_READ | MMU_PTE_WRITE |
                                    MMU_PTE_REFERENCED | MMU_PTE_DIRTY | MMU_PTE_VALID);

    /* TLB hit for vpn 1027. */
    assert_int_equal(translate(&mm, &t, 0, 0x00403ff0, false, 2, &r), 0);
    assert_true(r.tlb_hit);
    assert_false(r.fault);
    assert_int_equal(r.paddr, 0xff0);

    /* A new directory entry; memory full: lru evicts 1028 (used at tick 1,
     * 1027 at tick 2), dirty, so written back; its PTE loses present. */
    assert_int_equal(translate(&mm, &t, 0, 0x00800000, false, 3, &r), 0);
    assert_true(r.table_alloc);
    assert_int_equal(mmu_table_pages(&mm, 0), 2);
    assert_true(r.fault);
    assert_true(r.evicted);
    assert_true(r.writeback);
    assert_int_equal(r.victim_vpn, 1028);
    assert_int_equal(r.frame, 1);
    assert_int_equal(r.paddr, 4096);
    assert_int_equal(mmu_pte_get(&mm, 0, 1028) & (MMU_PTE_PRESENT | MMU_PTE_DIRTY), 0);
    assert_true(mmu_pte_get(&mm, 0, 1028) & MMU_PTE_VALID);
    /* The TLB no longer holds 1028: the next access misses and faults. */
    assert_int_equal(translate(&mm, &t, 0, 0x00404000, false, 4, &r), 0);
    assert_false(r.tlb_hit);
    assert_true(r.fault);
    assert_int_equal(r.victim_vpn, 1027); /* 1027 at tick 2, 2048 at tick 3 */
    assert_false(r.writeback);
    assert_int_equal(mm.faults, 4);
    assert_int_equal(mm.pg.writebacks, 1);
    assert_int_equal(t.hits, 1);
    assert_int_equal(t.misses, 4);
    tlb_free(&t);
    mmu_free(&mm);
}

static void test_no_tlb_counts_nothing(void **state) {
    (void)state;
    mmu mm;
    tlb t;
    mmu_result r;
    assert_int_equal(mmu_init(&mm, 1, 4096, PAGER_FIFO, 2, 8), 0);
    assert_int_equal(tlb_init(&t, 0), 0);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(translate(&mm, &t, 0, 0x1000, false, (uint64_t)i, &r), 0);
        assert_false(r.tlb_hit);
    }
    assert_int_equal(t.hits + t.misses, 0);
    assert_int_equal(mm.faults, 1);
    assert_int_equal(mmu_table_pages(&mm, 0), 0); /* linear: no table pages to count */
    tlb_free(&t);
    mmu_free(&mm);
}

static void test_protection(void **state) {
    (void)state;
    mmu mm;
    mmu_result r;
    assert_int_equal(mmu_init(&mm, 2, 4096, PAGER_LRU, 2, 8), 0);
    assert_int_equal(mmu_protect(&mm, 0, 5, MMU_PTE_READ), 0);
    assert_int_equal(translate(&mm, NULL, 0, 5 * 4096 + 1, true, 0, &r), 1);
    assert_true(r.prot_fault);
    assert_false(r.fault); /* refused before any page fault */
    assert_int_equal(mm.pg.nused, 0);
    assert_int_equal(translate(&mm, NULL, 0, 5 * 4096 + 1, false, 1, &r), 0);
    assert_true(r.fault);
    assert_int_equal(mm.prot_faults, 1);
    mmu_free(&mm);
}

static void test_processes_share_frames(void **state) {
    (void)state;
    mmu mm;
    tlb t;
    mmu_result r;
    assert_int_equal(mmu_init(&mm, 2, 4096, PAGER_FIFO, 3, 8), 0);
    assert_int_equal(tlb_init(&t, 4), 0);
    assert_int_equal(translate(&mm, &t, 1, 0x2000, false, 0, &r), 0);
    assert_int_equal(r.frame, 0);
    assert_int_equal(translate(&mm, &t, 2, 0x2000, false, 1, &r), 0);
    assert_int_equal(r.frame, 1); /* same vaddr, another process: another page */
    assert_false(r.tlb_hit);      /* tagged: pid 1's entry does not match */
    assert_int_equal(translate(&mm, &t, 2, 0x3000, false, 2, &r), 0);
    assert_int_equal(r.frame, 2);
    mmu_space_destroy(&mm, 2);
    assert_int_equal(mm.pg.nused, 1);
    assert_int_equal(tlb_flush_pid(&t, 2), 2);
    assert_int_equal(translate(&mm, &t, 1, 0x5000, false, 3, &r), 0);
    assert_false(r.evicted);
    assert_int_equal(r.frame, 1); /* lowest free frame */
    assert_int_equal(translate(&mm, &t, 1, 0x2000, false, 4, &r), 0);
    assert_true(r.tlb_hit);
    assert_int_equal(r.frame, 0);
    tlb_free(&t);
    mmu_free(&mm);
}

static void test_events_of_a_walk(void **state) {
    (void)state;
    evlog log;
    assert_int_equal(evlog_init(&log, 64), 0);
    mmu mm;
    tlb t;
    mmu_result r;
    assert_int_equal(mmu_init(&mm, 2, 4096, PAGER_LRU, 2, 8), 0);
    assert_int_equal(tlb_init(&t, 1), 0);
    mmu_access a = {.pid = 0, .vaddr = 0x00403004, .write = true, .next_use = PAGER_NEVER};
    assert_int_equal(mmu_translate(&mm, &t, &a, NULL, &log, &r), 0);
    const int kinds[] = {EV_MEM_TLB_MISS, EV_MEM_PT_ALLOC, EV_MEM_FAULT, EV_MEM_TRANSLATE};
    assert_int_equal(evlog_end(&log), 4);
    for (int i = 0; i < 4; i++)
        assert_int_equal(evlog_get(&log, (uint64_t)i)->kind, kinds[i]);
    char buf[200];
    event_format(NULL, evlog_get(&log, 1), buf, sizeof buf);
    assert_string_equal(buf, "pid 0 page directory entry 1 was empty: a page-table page is "
                             "allocated for it (1 in use)");
    event_format(NULL, evlog_get(&log, 3), buf, sizeof buf);
    assert_string_equal(buf, "pid 0 write of virtual 0x403004 -> frame 0 -> physical 0x4");
    tlb_free(&t);
    mmu_free(&mm);
    evlog_free(&log);
}

static void test_tlb_lru(void **state) {
    (void)state;
    tlb t;
    uint32_t f, op;
    uint64_t ov;
    assert_int_equal(tlb_init(&t, 2), 0);
    assert_false(tlb_insert(&t, 0, 10, 1, &op, &ov));
    assert_false(tlb_insert(&t, 0, 11, 2, &op, &ov));
    assert_true(tlb_lookup(&t, 0, 10, &f));
    assert_int_equal(f, 1);
    assert_true(tlb_insert(&t, 0, 12, 3, &op, &ov)); /* 11 is least recently used */
    assert_int_equal(ov, 11);
    assert_false(tlb_lookup(&t, 0, 11, &f));
    assert_false(tlb_lookup(&t, 1, 10, &f)); /* another pid's tag */
    assert_true(tlb_invalidate(&t, 0, 10));
    assert_false(tlb_invalidate(&t, 0, 10));
    assert_int_equal(t.used, 1);
    assert_false(tlb_insert(&t, 1, 10, 4, &op, &ov)); /* the freed slot */
    assert_int_equal(tlb_flush(&t), 2);
    assert_false(tlb_lookup(&t, 0, 12, &f));
    assert_int_equal(t.hits, 1);
    assert_int_equal(t.misses, 3);
    tlb_free(&t);
    assert_int_equal(tlb_init(&t, TLB_MAX_ENTRIES + 1), -1);
}

static void test_tlb_against_list_model(void **state) {
    (void)state;
    enum { CAP = 5, OPS = 5000 };
    tlb t;
    assert_int_equal(tlb_init(&t, CAP), 0);
    uint64_t model[CAP]; /* vpns, index 0 least recently used */
    int n = 0;
    rng r;
    rng_seed(&r, 4);
    for (int k = 0; k < OPS; k++) {
        uint64_t vpn = rng_below(&r, 9);
        int at = -1;
        for (int i = 0; i < n; i++)
            if (model[i] == vpn)
                at = i;
        uint32_t f;
        bool hit = tlb_lookup(&t, 7, vpn, &f);
        assert_int_equal(hit, at >= 0);
        if (hit) {
            assert_int_equal(f, (uint32_t)vpn + 100);
            memmove(&model[at], &model[at + 1], (size_t)(n - at - 1) * sizeof *model);
            model[n - 1] = vpn;
        } else if (rng_below(&r, 4) == 0 && n > 0) {
            uint64_t gone = model[0];
            assert_true(tlb_invalidate(&t, 7, gone));
            memmove(&model[0], &model[1], (size_t)(n - 1) * sizeof *model);
            n--;
        } else {
            uint32_t op;
            uint64_t ov;
            bool replaced = tlb_insert(&t, 7, vpn, (uint32_t)vpn + 100, &op, &ov);
            assert_int_equal(replaced, n == CAP);
            if (replaced) {
                assert_int_equal(ov, model[0]);
                memmove(&model[0], &model[1], (size_t)(n - 1) * sizeof *model);
                n--;
            }
            model[n++] = vpn;
        }
        assert_int_equal(t.used, n);
    }
    tlb_free(&t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_two_level_walk_and_faults),
        cmocka_unit_test(test_no_tlb_counts_nothing),
        cmocka_unit_test(test_protection),
        cmocka_unit_test(test_processes_share_frames),
        cmocka_unit_test(test_events_of_a_walk),
        cmocka_unit_test(test_tlb_lru),
        cmocka_unit_test(test_tlb_against_list_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
