/* cache: geometry, set mapping, LRU within a set, fills and victims. */
/* cmocka needs these first, in this order. */
// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include "cache.h"

static void test_geometry(void **state) {
    (void)state;
    assert_true(cache_geometry_ok(1, 4, 64));
    assert_true(cache_geometry_ok(3, 1, 4));        /* any number of sets */
    assert_true(cache_geometry_ok(4096, 64, 4096)); /* exactly CACHE_MAX_LINES */
    assert_false(cache_geometry_ok(1, 4, 3));       /* not a power of two */
    assert_false(cache_geometry_ok(1, 4, 2));
    assert_false(cache_geometry_ok(1, 4, 8192));
    assert_false(cache_geometry_ok(0, 4, 64));
    assert_false(cache_geometry_ok(1, 0, 64));
    assert_false(cache_geometry_ok(1, 65, 64));
    assert_false(cache_geometry_ok(65536, 8, 64)); /* 524288 lines */
    cache c;
    assert_int_equal(cache_init(&c, 1, 4, 48), -1);
    assert_null(c.tag);
    cache_free(&c); /* harmless after a failed init */
}

static void test_mapping(void **state) {
    (void)state;
    cache c;
    assert_int_equal(cache_init(&c, 4, 2, 64), 0);
    assert_int_equal(c.line_shift, 6);
    /* 0x1234 >> 6 = 0x48 = 72; 72 % 4 = 0. */
    assert_int_equal(cache_line_of(&c, 0x1234), 0x48);
    assert_int_equal(cache_set_of(&c, 0x48), 0);
    assert_int_equal(cache_line_of(&c, 0x7f), 1);
    assert_int_equal(cache_set_of(&c, 7), 3);
    /* Line 5 goes to set 1: slots 2 and 3; empty, so the lowest way. */
    assert_int_equal(cache_victim(&c, 5), 2);
    cache_fill(&c, 2, 5, 1);
    assert_int_equal(cache_lookup(&c, 5), 2);
    assert_int_equal(cache_lookup(&c, 1), -1); /* same set, other line */
    assert_int_equal(cache_lookup(&c, 4), -1); /* other set */
    assert_int_equal(cache_victim(&c, 9), 3);  /* set 1 again: the free way */
    assert_int_equal(cache_count_valid(&c), 1);
    cache_free(&c);
}

static void test_lru(void **state) {
    (void)state;
    cache c;
    assert_int_equal(cache_init(&c, 1, 3, 16), 0);
    cache_fill(&c, cache_victim(&c, 10), 10, 1); /* slot 0 */
    cache_fill(&c, cache_victim(&c, 11), 11, 1); /* slot 1 */
    cache_fill(&c, cache_victim(&c, 12), 12, 1); /* slot 2 */
    assert_int_equal(cache_lookup(&c, 11), 1);
    /* Full: the least recently used is 10 (slot 0). */
    assert_int_equal(cache_victim(&c, 13), 0);
    /* Using 10 makes 11 the oldest. */
    cache_touch(&c, cache_lookup(&c, 10));
    assert_int_equal(cache_victim(&c, 13), 1);
    cache_fill(&c, 1, 13, 2);
    assert_int_equal(cache_lookup(&c, 11), -1);
    assert_int_equal(cache_lookup(&c, 13), 1);
    assert_int_equal(c.state[1], 2);
    /* Order now (old -> new): 12, 10, 13. */
    assert_int_equal(cache_victim(&c, 14), 2);
    cache_free(&c);
}

static void test_invalid_way_first(void **state) {
    (void)state;
    cache c;
    assert_int_equal(cache_init(&c, 1, 2, 64), 0);
    cache_fill(&c, 0, 1, 1);
    cache_fill(&c, 1, 2, 1);
    /* Invalidating the most recent line frees its way: it is the victim, not
     * the LRU line; and the stale tag no longer matches. */
    c.state[1] = CACHE_INVALID;
    assert_int_equal(cache_lookup(&c, 2), -1);
    assert_int_equal(cache_victim(&c, 3), 1);
    assert_int_equal(cache_count_valid(&c), 1);
    cache_free(&c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geometry),
        cmocka_unit_test(test_mapping),
        cmocka_unit_test(test_lru),
        cmocka_unit_test(test_invalid_way_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
