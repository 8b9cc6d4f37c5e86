/* The caches pane drawn off-screen (curses writing to /dev/null, rows read
 * back from the window), in the mono theme so that marks must be letters.
 *
 * Worked by hand from the spec's MESI table (64-byte lines, 1 set x 4 ways
 * unless said):
 * - 0:r:0x0, 1:w:0x0. t0: CPU0's read misses (cold), no other copy: BusRd,
 *   I -> E. t1: CPU1's write misses (cold): BusRdX; CPU0 snoops it, E -> I
 *   (an invalidation); CPU1 I -> M. Totals: 2 misses, both cold, BusRd 1,
 *   BusRdX 1, 1 invalidation (counted on CPU0, whose line it was).
 * - 0:w:0x0, 1:r:0x0. t1: CPU1's read misses; CPU0 holds the line in M: it
 *   flushes (a write-back) and supplies the data, M -> S; CPU1 gets S.
 * - one CPU, 2 ways: 0:w:0x0 (M, way 0), 0:r:0x40 (E, way 1), 0:r:0x80: the
 *   set is full, LRU is 0x0, dirty: written back; 0x80 takes way 0.
 * - 2 sets: line 0x0 is line number 0 (set 0), 0x40 is 1 (set 1).
 * - a read then a write by one CPU: MESI reads into E and upgrades to M
 *   silently (no bus transaction); MSI reads into S and needs a BusUpgr. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "coherence.h"
#include "offscreen.h"
#include "theme.h"
#include "view_caches.h"

/* TICKOS_DUMP=1 prints every window drawn (for working out expectations). */
static void dump(WINDOW *w) {
    if (!getenv("TICKOS_DUMP"))
        return;
    for (int y = 0; y < getmaxy(w); y++)
        printf("%2d|%s\n", y, row(w, y));
    printf("--\n");
}

static WINDOW *draw(const machine *m, int h, int wd) {
    WINDOW *w = newwin(h, wd, 0, 0);
    assert_non_null(w);
    view_caches(w, m, &mono, NULL);
    dump(w);
    return w;
}

/* tickos mesi --cpus N --refs REFS --protocol P [more flags], after `ticks`
 * ticks. more: extra flags separated by blanks ("--ways 2"), or NULL. */
static machine *mesi_with(const char *cpus, const char *refs, const char *proto, const char *more,
                          int ticks) {
    char buf[8][256];
    char *argv[16];
    int argc = 0;
    const char *fixed[] = {"--cpus", cpus, "--refs", refs, "--protocol", proto ? proto : "mesi"};
    for (int i = 0; i < 6; i++) {
        snprintf(buf[argc], sizeof buf[argc], "%s", fixed[i]);
        argv[argc] = buf[argc];
        argc++;
    }
    char extra[128];
    snprintf(extra, sizeof extra, "%s", more ? more : "");
    char *save = NULL;
    for (char *t = strtok_r(extra, " ", &save); t && argc < 8; t = strtok_r(NULL, " ", &save)) {
        snprintf(buf[argc], sizeof buf[argc], "%s", t);
        argv[argc] = buf[argc];
        argc++;
    }
    argv[argc] = NULL;
    cli_common c;
    cli_error err = {0};
    machine *m = NULL;
    cli_common_default(&c);
    assert_int_equal(cli_mesi_build(argc, argv, &c, &m, &err), 0);
    for (int i = 0; i < ticks; i++)
        machine_tick(m);
    return m;
}

static machine *mesi(const char *cpus, const char *refs, const char *proto, int ticks) {
    return mesi_with(cpus, refs, proto, NULL, ticks);
}

/* Asserts rows y.. of w are the given lines. */
static void assert_rows(WINDOW *w, int y, const char *const *want, int n) {
    for (int i = 0; i < n; i++)
        assert_string_equal(row(w, y + i), want[i]);
}

/* The first row of w starting with prefix, or -1. */
static int find_row(WINDOW *w, const char *prefix) {
    for (int y = 0; y < getmaxy(w); y++)
        if (strncmp(row(w, y), prefix, strlen(prefix)) == 0)
            return y;
    return -1;
}

static void test_write_invalidates(void **state) {
    (void)state;
    machine *m = mesi("2", "0:r:0x0,1:w:0x0", NULL, 1);
    WINDOW *w = draw(m, 30, 80);
    assert_string_equal(row(w, 1), "t0  CPU0 read line 0x0  miss (cold)  BusRd  I -> E  data from "
                                   "memory");
    assert_string_equal(row(w, 5), ">CPU0 s0 0x0 E*  -       -       -");
    assert_string_equal(row(w, 6), " CPU1    no valid lines");
    delwin(w);
    machine_destroy(m);

    m = mesi("2", "0:r:0x0,1:w:0x0", NULL, 2);
    w = draw(m, 30, 80);
    static const char *const top[] = {
        " Caches  mesi  2 CPUs  1 set x 4 ways, 64 B lines  2 refs  hit rate 0%",
        "t1  CPU1 write line 0x0  miss (cold)  BusRdX  I -> M  data from memory",
        "line 0x0 now  CPU0 I  >CPU1 M",
        "snooped: CPU0 E->I inval",
        "Lines  per set: line address, state  * line 0x0",
        " CPU0 s0 0x0 I*  -       -       -",
        ">CPU1 s0 0x0 M*  -       -       -",
        "Counters hits misses cold coh repl BusRd BusRdX BusUpgr inval wb supplied",
        "total       0      2    2   0    0     1      1       0     1  0        0",
        "CPU0        0      1    1   0    0     1      0       0     1  0        0",
        "CPU1        0      1    1   0    0     0      1       0     0  0        0",
        "Bus  newest first: requester, snoopers",
        ">t1  CPU1 BusRdX  0x0  CPU0 E->I inval",
        " t0  CPU0 BusRd   0x0  no other copy",
        "MESI states       I    S    E    M"};
    assert_rows(w, 0, top, 15);
    /* The line of the last access is reversed in both caches. */
    assert_true(mvwinch(w, 5, 9) & A_REVERSE);
    assert_true(mvwinch(w, 6, 9) & A_REVERSE);
    assert_false(mvwinch(w, 6, 17) & A_REVERSE);
    /* The diagram marks the requester's and the snooper's transitions. */
    int y = find_row(w, "PrWr              I------------->M  BusRdX");
    assert_true(y > 14);
    assert_string_equal(row(w, y), "PrWr              I------------->M  BusRdX  * >CPU1");
    assert_true(mvwinch(w, y, 0) & A_REVERSE);
    assert_string_equal(row(w, find_row(w, "snoop BusRdX      I<--------E")),
                        "snoop BusRdX      I<--------E       inval   * CPU0");
    /* Exactly those two rows are marked. */
    int marked = 0;
    for (int r = 15; r < 30; r++)
        marked += strchr(row(w, r), '*') != NULL;
    assert_int_equal(marked, 2);
    delwin(w);
    machine_destroy(m);
}

static void test_dirty_line_supplied(void **state) {
    (void)state;
    machine *m = mesi("2", "0:w:0x0,1:r:0x0", NULL, 2);
    WINDOW *w = draw(m, 30, 80);
    assert_string_equal(row(w, 1), "t1  CPU1 read line 0x0  miss (cold)  BusRd  I -> S  data from "
                                   "CPU0");
    assert_string_equal(row(w, 2), "line 0x0 now  CPU0 S  >CPU1 S");
    assert_string_equal(row(w, 3), "snooped: CPU0 M->S flush+supply");
    assert_string_equal(row(w, 8),
                        "total       0      2    2   0    0     1      1       0     0  1"
                        "        1");
    assert_string_equal(row(w, 12), ">t1  CPU1 BusRd   0x0  CPU0 M->S flush+supply");
    assert_string_equal(row(w, find_row(w, "snoop BusRd            S<--------M")),
                        "snoop BusRd            S<--------M  flush+supply * CPU0");
    delwin(w);
    machine_destroy(m);
}

static void test_eviction_and_sets(void **state) {
    (void)state;
    machine *m = mesi_with("1", "0:w:0x0,0:r:0x40,0:r:0x80", NULL, "--ways 2", 3);
    WINDOW *w = draw(m, 30, 80);
    assert_string_equal(row(w, 0), " Caches  mesi  1 CPU  1 set x 2 ways, 64 B lines  3 refs  hit "
                                   "rate 0%");
    assert_string_equal(row(w, 3), "no other cache held it  evicted line 0x0 (M, written back)");
    assert_string_equal(row(w, 5), ">CPU0 s0 0x80 E*  0x40 E");
    assert_string_equal(row(w, 8),
                        "CPU0        0      3    3   0    0     2      1       0     0  1"
                        "        0");
    delwin(w);
    machine_destroy(m);

    m = mesi_with("2", "0:r:0x0,0:r:0x40,1:r:0x40", NULL, "--sets 2", 3);
    w = draw(m, 30, 80);
    static const char *const lines[] = {
        "Lines  per set: line address, state  * line 0x40", " CPU0 s0  0x0 E   -        -        -",
        "      s1 0x40 S*  -        -        -", ">CPU1 s1 0x40 S*  -        -        -"};
    assert_rows(w, 4, lines, 4);
    delwin(w);
    machine_destroy(m);

    /* A set whose lines are all invalid is listed only when the last access
     * went to it: here CPU0's I copy of 0x40 (set 1) goes unlisted once
     * CPU1 reads 0x0 (set 0). */
    m = mesi_with("2", "0:r:0x40,1:w:0x40,1:r:0x0", NULL, "--sets 2", 2);
    w = draw(m, 30, 80);
    assert_string_equal(row(w, 5), " CPU0 s1 0x40 I*  -        -        -");
    delwin(w);
    machine_tick(m);
    w = draw(m, 30, 80);
    static const char *const later[] = {" CPU0    no valid lines",
                                        ">CPU1 s0  0x0 E*  -        -        -",
                                        "      s1 0x40 M   -        -        -"};
    assert_rows(w, 5, later, 3);
    delwin(w);
    machine_destroy(m);
}

/* MSI against MESI: a private read then write. */
static void test_msi_vs_mesi(void **state) {
    (void)state;
    machine *m = mesi("1", "0:r:0x0,0:w:0x0", "mesi", 1);
    WINDOW *w = draw(m, 30, 80);
    assert_string_equal(row(w, 1), "t0  CPU0 read line 0x0  miss (cold)  BusRd  I -> E  data from "
                                   "memory");
    assert_string_equal(row(w, find_row(w, "PrRd alone")),
                        "PrRd alone        I-------->E       BusRd   * >CPU0");
    delwin(w);
    machine_destroy(m);
    m = mesi("1", "0:r:0x0,0:w:0x0", "msi", 1);
    w = draw(m, 30, 80);
    assert_string_equal(row(w, 1), "t0  CPU0 read line 0x0  miss (cold)  BusRd  I -> S  data from "
                                   "memory");
    /* MSI has no E: one read row, three state columns. */
    assert_string_equal(row(w, find_row(w, "MSI states")), "MSI states        I    S    M");
    assert_string_equal(row(w, find_row(w, "PrRd")),
                        "PrRd              I--->S       BusRd   * >CPU0");
    assert_int_equal(find_row(w, "PrRd alone"), -1);
    delwin(w);
    machine_destroy(m);

    m = mesi("1", "0:r:0x0,0:w:0x0", "mesi", 2);
    w = draw(m, 30, 80);
    assert_string_equal(row(w, 1), "t1  CPU0 write line 0x0  hit  no bus transaction  E -> M");
    assert_string_equal(row(w, 3),
                        "no bus transaction: no other cache can hold the line (silent upgrade)");
    assert_string_equal(row(w, 7),
                        "total       1      1    1   0    0     1      0       0     0  0"
                        "        0");
    assert_string_equal(row(w, find_row(w, "PrWr                        E--->M")),
                        "PrWr                        E--->M  no bus  * >CPU0");
    delwin(w);
    machine_destroy(m);
    m = mesi("1", "0:r:0x0,0:w:0x0", "msi", 2);
    w = draw(m, 30, 80);
    assert_string_equal(row(w, 1), "t1  CPU0 write line 0x0  hit  BusUpgr  S -> M");
    assert_string_equal(row(w, 7),
                        "total       1      1    1   0    0     1      0       1     0  0"
                        "        0");
    assert_string_equal(row(w, 10), ">t1  CPU0 BusUpgr 0x0  no other copy");
    delwin(w);
    machine_destroy(m);
}

/* MOESI: a dirty line read by another CPU goes to O and is supplied; the
 * diagram has five columns and marks M -> O. */
static void test_moesi_owner(void **state) {
    (void)state;
    machine *m = mesi("2", "0:w:0x0,1:r:0x0", "moesi", 2);
    WINDOW *w = draw(m, 30, 80);
    assert_string_equal(row(w, 3), "snooped: CPU0 M->O supply");
    assert_string_equal(row(w, 5), " CPU0 s0 0x0 O*  -       -       -");
    assert_string_equal(row(w, find_row(w, "MOESI states")),
                        "MOESI states      I    S    E    O    M");
    assert_string_equal(row(w, find_row(w, "snoop BusRd                      O<---M")),
                        "snoop BusRd                      O<---M  supply  * CPU0");
    delwin(w);
    machine_destroy(m);
}

/* Small windows keep the last access, then a row of lines per CPU and the
 * totals; wide ones put the bus log and diagram on the right. */
static void test_sizes(void **state) {
    (void)state;
    machine *m = mesi("2", "0:r:0x0,1:w:0x0", NULL, 2);
    WINDOW *w = draw(m, 4, 80);
    assert_string_equal(row(w, 1),
                        "t1  CPU1 write line 0x0  miss (cold)  BusRdX  I -> M  data from "
                        "memory");
    assert_string_equal(row(w, 3), "snooped: CPU0 E->I inval");
    delwin(w);
    w = draw(m, 9, 80);
    assert_string_equal(row(w, 6), ">CPU1 s0 0x0 M*  -       -       -");
    assert_true(strncmp(row(w, 8), "total ", 6) == 0);
    delwin(w);
    /* Narrow: fields are left out whole. */
    w = draw(m, 4, 40);
    assert_string_equal(row(w, 0), " Caches  mesi  2 CPUs");
    assert_string_equal(row(w, 1), "t1  CPU1 write line 0x0  miss (cold)");
    delwin(w);
    w = draw(m, 20, 130);
    assert_string_equal(row(w, 4) + 73, "|Bus  newest first: requester, snoopers");
    assert_string_equal(row(w, 7) + 73, "|MESI states       I    S    E    M");
    delwin(w);
    int mn, pref;
    view_caches_size(m, 80, &mn, &pref);
    assert_int_equal(mn, 1 + 3 + 1 + 2);
    /* Title, last 3, lines 3, counters 4, bus 3, diagram 11. */
    assert_int_equal(pref, 1 + 3 + 3 + 4 + 3 + 11);
    machine_destroy(m);
}

/* Whatever the size, nothing is written outside the pane. */
static void test_no_write_outside(void **state) {
    (void)state;
    machine *ms[3] = {mesi("2", "0:r:0x0,1:w:0x0", NULL, 2),
                      mesi_with("4", "0:r:0x0,1:r:0x40,2:w:0x80,3:r:0x1000,0:r:0x2040", "moesi",
                                "--sets 4 --ways 2", 5),
                      mesi("3", "0:r:0x0", "msi", 0)};
    for (int k = 0; k < 3; k++) {
        for (int h = 1; h <= 31; h += 3) {
            for (int wd = 1; wd <= 160; wd += 9) {
                framed f = framed_new(h, wd);
                view_caches(f.w, ms[k], &mono, NULL);
                framed_check(&f);
            }
        }
    }
    for (int k = 0; k < 3; k++)
        machine_destroy(ms[k]);
}

static void test_no_caches(void **state) {
    (void)state;
    machine *m = rr_3_2(0);
    assert_false(view_caches_has(m));
    int mn, pref;
    view_caches_size(m, 80, &mn, &pref);
    assert_int_equal(mn, 2);
    assert_int_equal(pref, 2);
    WINDOW *w = draw(m, 3, 40);
    assert_string_equal(row(w, 0), " Caches");
    assert_string_equal(row(w, 1), " no caches in this scenario");
    delwin(w);
    machine_destroy(m);
    m = mesi("1", "0:r:0x0", NULL, 0);
    assert_true(view_caches_has(m));
    w = draw(m, 6, 80);
    assert_string_equal(row(w, 1), "no reference yet");
    delwin(w);
    machine_destroy(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_invalidates), cmocka_unit_test(test_dirty_line_supplied),
        cmocka_unit_test(test_eviction_and_sets), cmocka_unit_test(test_msi_vs_mesi),
        cmocka_unit_test(test_moesi_owner),       cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_no_write_outside),  cmocka_unit_test(test_no_caches),
    };
    return cmocka_run_group_tests(tests, offscreen_setup, offscreen_teardown);
}
