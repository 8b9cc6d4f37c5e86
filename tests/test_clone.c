/* Deep copies: the clone context (every block noted, undone on failure). */
// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on
#include <stdlib.h>
#include <string.h>

#include "clone.h"

static void test_clone_ctx_counts_and_commits(void **state) {
    (void)state;
    clone_ctx cx;
    clone_begin(&cx);
    int src[5] = {1, 2, 3, 4, 5};
    int *a = clone_dup(&cx, src, sizeof src);
    assert_non_null(a);
    assert_memory_equal(a, src, sizeof src);
    assert_ptr_not_equal(a, src);
    assert_null(clone_dup(&cx, NULL, 8)); /* nothing to copy: not a failure */
    assert_null(clone_dup(&cx, src, 0));
    char *z = clone_zalloc(&cx, 3);
    assert_non_null(z);
    assert_int_equal(z[0] | z[1] | z[2], 0);
    assert_false(cx.failed);
    assert_int_equal(clone_commit(&cx), sizeof src + 3);
    assert_int_equal(cx.n, 0);
    free(a); /* the blocks are the caller's now */
    free(z);
}

static void test_clone_ctx_abort_frees_everything(void **state) {
    (void)state;
    clone_ctx cx;
    clone_begin(&cx);
    for (int i = 0; i < 1000; i++) /* past the first growth of the block list */
        assert_non_null(clone_zalloc(&cx, 16));
    cx.failed = true; /* as after an allocation failed: nothing more is handed out */
    assert_null(clone_zalloc(&cx, 16));
    assert_null(clone_dup(&cx, "x", 1));
    clone_abort(&cx); /* ASan's leak check holds the test to it */
    assert_int_equal(cx.n, 0);
    assert_false(cx.failed);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clone_ctx_counts_and_commits),
        cmocka_unit_test(test_clone_ctx_abort_frees_everything),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
