/* The paging and translate quick modes end to end in-process: flags -> machine
 * -> ticks -> report keys, with hand-worked numbers; flag validation; the
 * per-access report limit; --refs-file parsing. */
#include <cjson/cJSON.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"
#include "report.h"

/* Builds mode from words (NULL-terminated), runs it, returns its report. */
static cJSON *run_mode(const char *mode, const char **words, bool summary) {
    char *argv[32];
    int argc = 0;
    for (; words[argc]; argc++)
        argv[argc] = (char *)words[argc];
    cli_common c;
    cli_error err = {0};
    machine *m = NULL;
    cli_common_default(&c);
    int rc = strcmp(mode, "paging") == 0 ? cli_paging_build(argc, argv, &c, &m, &err)
                                         : cli_translate_build(argc, argv, &c, &m, &err);
    if (rc != 0)
        fail_msg("build failed: %s", err.msg);
    assert_int_equal(cli_advance(m, -1, &err), 0);
    cJSON *r = report_build(m, summary);
    machine_destroy(m);
    cli_common_free(&c);
    return r;
}

static double num(const cJSON *o, const char *key) {
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);
    assert_non_null(x);
    assert_true(cJSON_IsNumber(x));
    return x->valuedouble;
}

static bool flag(const cJSON *o, const char *key) {
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);
    assert_non_null(x);
    assert_true(cJSON_IsBool(x));
    return cJSON_IsTrue(x);
}

static void test_paging_report(void **state) {
    (void)state;
    const char *w[] = {"--policy", "lru", "--frames", "3", "--refs", "1w,2,3,4,1", NULL};
    cJSON *r = run_mode("paging", w, false);
    assert_string_equal(cJSON_GetObjectItem(r, "policy")->valuestring, "lru");
    assert_int_equal(num(r, "frames"), 3);
    assert_int_equal(num(r, "tick"), 5);
    assert_int_equal(num(r, "hits"), 0);
    assert_int_equal(num(r, "misses"), 5);
    assert_int_equal(num(r, "writebacks"), 1);
    assert_int_equal(num(r, "hit_rate"), 0);
    const cJSON *acc = cJSON_GetObjectItem(r, "accesses");
    assert_int_equal(cJSON_GetArraySize(acc), 5);
    const cJSON *a3 = cJSON_GetArrayItem(acc, 3); /* 4 evicts 1, written */
    assert_int_equal(num(a3, "page"), 4);
    assert_int_equal(num(a3, "victim"), 1);
    assert_true(flag(a3, "writeback"));
    assert_false(flag(a3, "hit"));
    const cJSON *res = cJSON_GetObjectItem(a3, "resident"); /* frame order: 4, 2, 3 */
    assert_int_equal(cJSON_GetArraySize(res), 3);
    assert_int_equal(cJSON_GetArrayItem(res, 0)->valuedouble, 4);
    assert_int_equal(cJSON_GetArrayItem(res, 1)->valuedouble, 2);
    assert_int_equal(cJSON_GetArrayItem(res, 2)->valuedouble, 3);
    const cJSON *a4 = cJSON_GetArrayItem(acc, 4); /* 1 evicts 2, clean */
    assert_int_equal(num(a4, "victim"), 2);
    assert_false(flag(a4, "writeback"));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(acc, 0), "victim")));
    assert_true(flag(cJSON_GetArrayItem(acc, 0), "write"));
    cJSON_Delete(r);

    const char *w2[] = {"--policy", "fifo", "--frames", "1", "--refs", "7,7,7,8", NULL};
    r = run_mode("paging", w2, true);
    assert_null(cJSON_GetObjectItem(r, "accesses"));
    assert_int_equal(num(r, "hits"), 2);
    assert_true(num(r, "hit_rate") == 0.5);
    cJSON_Delete(r);
}

static void test_translate_report(void **state) {
    (void)state;
    const char *w[] = {"--addrs", "0x403004,4206600w,0x1000", "--tlb", "1", "--frames", "1", NULL};
    cJSON *r = run_mode("translate", w, false);
    assert_int_equal(num(r, "levels"), 2);
    assert_int_equal(num(r, "page_size"), 4096);
    assert_int_equal(num(r, "tlb"), 1);
    assert_string_equal(cJSON_GetObjectItem(r, "policy")->valuestring, "lru");
    assert_int_equal(num(r, "tlb_hits"), 1);
    assert_int_equal(num(r, "tlb_misses"), 2);
    assert_int_equal(num(r, "faults"), 2);
    assert_int_equal(num(r, "writebacks"), 1);
    const cJSON *acc = cJSON_GetObjectItem(r, "accesses");
    const cJSON *a1 = cJSON_GetArrayItem(acc, 1);
    assert_true(flag(a1, "tlb_hit"));
    assert_true(flag(a1, "write"));
    assert_int_equal(num(a1, "paddr"), 8);
    assert_int_equal(num(a1, "dir"), 1);
    assert_int_equal(num(a1, "table"), 3);
    const cJSON *a2 = cJSON_GetArrayItem(acc, 2); /* vpn 1 evicts the dirty 1027 */
    assert_int_equal(num(a2, "vpn"), 1);
    assert_int_equal(num(a2, "dir"), 0);
    assert_int_equal(num(a2, "table"), 1);
    assert_int_equal(num(a2, "victim"), 1027);
    assert_true(flag(a2, "writeback"));
    cJSON_Delete(r);

    const char *w1[] = {"--addrs", "0x403004", "--levels", "1", "--tlb", "0", NULL};
    r = run_mode("translate", w1, false);
    const cJSON *a0 = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "accesses"), 0);
    assert_null(cJSON_GetObjectItem(a0, "dir"));
    assert_int_equal(num(a0, "vpn"), 1027);
    assert_int_equal(num(r, "tlb_misses"), 0); /* no TLB, nothing counted */
    cJSON_Delete(r);
}

/* The status and message of building from words. */
static int build_err(const char *mode, const char **words, char *msg, size_t n) {
    char *argv[32];
    int argc = 0;
    for (; words[argc]; argc++)
        argv[argc] = (char *)words[argc];
    cli_common c;
    cli_error err = {0};
    machine *m = NULL;
    cli_common_default(&c);
    int rc = strcmp(mode, "paging") == 0 ? cli_paging_build(argc, argv, &c, &m, &err)
                                         : cli_translate_build(argc, argv, &c, &m, &err);
    snprintf(msg, n, "%s", err.msg);
    machine_destroy(m);
    cli_common_free(&c);
    return rc;
}

static void test_validation(void **state) {
    (void)state;
    char msg[512];
    const char *a[] = {"--frames", "0", "--refs", "1", NULL};
    assert_int_equal(build_err("paging", a, msg, sizeof msg), 2);
    assert_string_equal(msg, "--frames: 0 is out of range (1 to 1048576)");
    const char *b[] = {"--refs", "1,,2", NULL};
    assert_int_equal(build_err("paging", b, msg, sizeof msg), 2);
    assert_string_equal(msg, "--refs: item 2 is empty (expected a page number like 3 or 3w)");
    const char *c[] = {"--policy", "lfru", "--refs", "1", NULL};
    assert_int_equal(build_err("paging", c, msg, sizeof msg), 2);
    assert_non_null(strstr(msg, "--policy: unknown policy 'lfru'"));
    const char *d[] = {"--frames", "3", NULL};
    assert_int_equal(build_err("paging", d, msg, sizeof msg), 2);
    assert_non_null(strstr(msg, "--refs: required"));
    const char *e[] = {"--refs-file", "/nonexistent/refs.txt", NULL};
    assert_int_equal(build_err("paging", e, msg, sizeof msg), 1);
    assert_non_null(strstr(msg, "--refs-file: cannot open /nonexistent/refs.txt"));
    const char *f[] = {"--addrs", "1,4294967296", NULL};
    assert_int_equal(build_err("translate", f, msg, sizeof msg), 2);
    assert_non_null(strstr(msg, "--addrs: item 2 '4294967296' is out of range"));
    const char *g[] = {"--addrs", "1", "--page-size", "1000", NULL};
    assert_int_equal(build_err("translate", g, msg, sizeof msg), 2);
    assert_non_null(strstr(msg, "--page-size: expected a power of two"));
    const char *h[] = {"--addrs", "1", "--tlb", "4097", NULL};
    assert_int_equal(build_err("translate", h, msg, sizeof msg), 2);
    const char *i[] = {"--addrs", "12q", NULL};
    assert_int_equal(build_err("translate", i, msg, sizeof msg), 2);
    assert_non_null(strstr(msg, "item 1 '12q' is not a 32-bit address"));
}

static void test_report_limit(void **state) {
    (void)state;
    /* 300000 references x 7 values exceed the 2000000 limit of a per-access
     * report: an error when one is asked for, fine with --summary. */
    enum { N = 300000 };
    char *list = malloc(2 * N + 1);
    assert_non_null(list);
    for (int k = 0; k < N; k++) {
        list[2 * k] = (char)('0' + k % 10);
        list[2 * k + 1] = ',';
    }
    list[2 * N - 1] = '\0';
    char msg[512];
    const char *a[] = {"--refs", list, "--report", "-", NULL};
    assert_int_equal(build_err("paging", a, msg, sizeof msg), 2);
    assert_non_null(strstr(msg, "add --summary"));
    const char *b[] = {"--refs", list, "--report", "-", "--summary", NULL};
    assert_int_equal(build_err("paging", b, msg, sizeof msg), 0);
    free(list);
}

static void test_refs_file(void **state) {
    (void)state;
    char path[] = "/tmp/tickos_refs_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("# a trace\n1\n\n2w\n  3  \r\n1\n", f);
    fclose(f);
    const char *w[] = {"--policy", "fifo", "--frames", "2", "--refs-file", path, NULL};
    cJSON *r = run_mode("paging", w, false);
    assert_int_equal(num(r, "references"), 4);
    assert_int_equal(num(r, "writebacks"), 1); /* 3 evicts 1 (clean); 1 evicts 2w... */
    const cJSON *acc = cJSON_GetObjectItem(r, "accesses");
    assert_true(flag(cJSON_GetArrayItem(acc, 1), "write"));
    assert_int_equal(num(cJSON_GetArrayItem(acc, 3), "victim"), 2);
    assert_true(flag(cJSON_GetArrayItem(acc, 3), "writeback")); /* ...written back */
    cJSON_Delete(r);

    f = fopen(path, "w");
    fputs("1\n2x\n", f);
    fclose(f);
    char msg[512];
    const char *bad[] = {"--refs-file", path, NULL};
    assert_int_equal(build_err("paging", bad, msg, sizeof msg), 1);
    assert_non_null(strstr(msg, "line 2 '2x' is not a page number"));
    unlink(path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paging_report), cmocka_unit_test(test_translate_report),
        cmocka_unit_test(test_validation),    cmocka_unit_test(test_report_limit),
        cmocka_unit_test(test_refs_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
