/* The engine's generator: known values (from an independent Python model of
 * xoshiro256** seeded by splitmix64), determinism, and uniform bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rng.h"

static void test_known_values(void **state) {
    (void)state;
    rng r;
    rng_seed(&r, 1);
    assert_int_equal(rng_next(&r), 0xb3f2af6d0fc710c5ULL);
    assert_int_equal(rng_next(&r), 0x853b559647364ceaULL);
    assert_int_equal(rng_next(&r), 0x92f89756082a4514ULL);
    rng_seed(&r, 42);
    assert_int_equal(rng_next(&r), 0x15780b2e0c2ec716ULL);
}

static void test_same_seed_same_stream(void **state) {
    (void)state;
    rng a, b;
    rng_seed(&a, 7);
    rng_seed(&b, 7);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(rng_next(&a), rng_next(&b));
    rng_seed(&b, 8);
    int same = 0;
    for (int i = 0; i < 100; i++)
        same += rng_next(&a) == rng_next(&b);
    assert_int_equal(same, 0);
}

static void test_below_is_in_range_and_covers(void **state) {
    (void)state;
    rng r;
    rng_seed(&r, 3);
    int seen[6] = {0};
    for (int i = 0; i < 6000; i++) {
        uint64_t v = rng_below(&r, 6);
        assert_true(v < 6);
        seen[v]++;
    }
    for (int i = 0; i < 6; i++) /* each face near 1000 of 6000 */
        assert_in_range(seen[i], 850, 1150);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_values),
        cmocka_unit_test(test_same_seed_same_stream),
        cmocka_unit_test(test_below_is_in_range_and_covers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
