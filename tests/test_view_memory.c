/* The memory pane drawn off-screen (curses writing to /dev/null, rows read
 * back from the window), in the mono theme so that marks must be letters.
 *
 * Worked by hand:
 * - a full machine of 2 frames (fifo, fault and write-back time 1, 4-entry
 *   TLB) and one process reading 0x1000, writing 0x2004, reading 0x3008:
 *   t0 fault on vpn 1 -> F0, ready at 2; t2 the retry completes; t3 fault
 *   on vpn 2 -> F1, ready at 5; t5 the write completes (F1 dirty); t6 fault
 *   on vpn 3: no free frame, fifo evicts vpn 1 (loaded first, clean) from
 *   F0, ready at 8. After 7 ticks F0 is loading vpn 3 (the victim's frame),
 *   F1 holds dirty vpn 2, and the TLB holds only 2 -> F1 (1 was shot down,
 *   3 not yet inserted).
 * - paging fifo on 1,2,3,4 with 3 frames: 1,2,3 fill F0-F2, 4 evicts 1 from
 *   F0: frames 4,2,3. Belady's sequence 1,2,3,4,1,2,5,1,2,3,4,5: 9 faults
 *   with 3 frames (ending 5,3,4; the last fault, 4, evicted 2 from F2), 10
 *   with 4 (ending 4,5,2,3; the last fault, 5, evicted 1 from F1).
 * - translate: 0x00403004 = 0000000001 0000000011 000000000100: dir 1,
 *   table 3, offset 0x004. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "demo.h"
#include "offscreen.h"
#include "theme.h"
#include "view_memory.h"
#include "vm.h"

/* The first row of w starting with prefix, or -1. */
static int find_row(WINDOW *w, const char *prefix) {
    for (int y = 0; y < getmaxy(w); y++) {
        if (strncmp(row(w, y), prefix, strlen(prefix)) == 0)
            return y;
    }
    return -1;
}

static WINDOW *draw(const machine *m, int h, int wd, int32_t pid) {
    WINDOW *w = newwin(h, wd, 0, 0);
    assert_non_null(w);
    view_memory(w, m, &mono, pid, NULL);
    return w;
}

static machine *quick(const char *mode, int argc, char **argv, int ticks) {
    cli_common c;
    cli_error err = {0};
    machine *m = NULL;
    cli_common_default(&c);
    int rc = strcmp(mode, "paging") == 0 ? cli_paging_build(argc, argv, &c, &m, &err)
                                         : cli_translate_build(argc, argv, &c, &m, &err);
    assert_int_equal(rc, 0);
    for (int i = 0; i < ticks; i++)
        machine_tick(m);
    return m;
}

static machine *paging(const char *policy, const char *frames, const char *refs, int ticks) {
    char a0[] = "--policy", a2[] = "--frames", a4[] = "--refs";
    char a1[32], a3[16], a5[128];
    snprintf(a1, sizeof a1, "%s", policy);
    snprintf(a3, sizeof a3, "%s", frames);
    snprintf(a5, sizeof a5, "%s", refs);
    char *argv[] = {a0, a1, a2, a3, a4, a5, NULL};
    return quick("paging", 6, argv, ticks);
}

static machine *translate(int ticks) {
    char a0[] = "--addrs", a1[] = "0x00403004,0x00401008w,0x00403010,0x7fffe000w";
    char a2[] = "--frames", a3[] = "2", a4[] = "--tlb", a5[] = "2", a6[] = "--policy",
         a7[] = "fifo";
    char *argv[] = {a0, a1, a2, a3, a4, a5, a6, a7, NULL};
    return quick("translate", 8, argv, ticks);
}

#define READ(a) \
    { .kind = STEP_READ, .n = (a) }
#define WRITE(a) \
    { .kind = STEP_WRITE, .n = (a) }

/* The machine of the header comment, after `ticks` ticks. */
static machine *tiny(int ticks) {
    sched_config cfg;
    sched_config_default(&cfg, SCHED_FIFO);
    machine *m = machine_create(MODE_SCHED, &cfg, 1, 1);
    assert_non_null(m);
    vm_config vc;
    vm_config_default(&vc);
    vc.frames = 2;
    vc.policy = PAGER_FIFO;
    vc.fault_time = 1;
    vc.writeback_time = 1;
    char err[128];
    assert_int_equal(vm_attach(m, &vc, err, sizeof err), 0);
    const prog_step s[] = {READ(0x1000), WRITE(0x2004), READ(0x3008)};
    int prog = machine_add_program(m, "p", s, 3);
    assert_true(prog >= 0);
    assert_int_equal(machine_add_process(m, "p", (uint32_t)prog, 0, -1), 0);
    for (int i = 0; i < ticks; i++)
        machine_tick(m);
    return m;
}

static void test_tiny_machine_by_hand(void **state) {
    (void)state;
    machine *m = tiny(7);
    WINDOW *w = draw(m, 20, 80, -1);
    /* The title leaves out what does not fit (the TLB's field). */
    assert_string_equal(row(w, 0),
                        " Memory  fifo, global replacement  2 frames  2-level, 4 KiB pages");
    /* 2 references completed (t2, t5), both needed a page-in; 3 faults. */
    assert_string_equal(row(w, 1), "refs 2  faults 3  rate 100% of last 32  evicted 1  "
                                   "written back 0  swap 0");
    /* Faults at t0, t3 | t6: 2 of 4 possible, then 1. */
    assert_string_equal(row(w, 3), "faults/4t =:");
    assert_string_equal(row(w, 4),
                        "t6  CPU0 P0  read 0x00003008  = dir 0 | table 3 | offset 0x008");
    assert_string_equal(row(w, 5), "TLB miss -> walk dir[0] table[3] -> not present: page fault");
    assert_string_equal(row(w, 6), "CPU0  MISS P0:00002>F1");
    int g = find_row(w, "Frames 2/2 used");
    assert_true(g > 0);
    /* F0: the victim's frame, now loading vpn 3 ('!'); F1: vpn 2, dirty. */
    assert_string_equal(row(w, g + 1), " F0 P0:00003 .!   F1 P0:00002 D");
    assert_true((mvwinch(w, g + 1, 5) & A_REVERSE) != 0);   /* F0's cell: the last fault */
    assert_false((mvwinch(w, g + 1, 22) & A_REVERSE) != 0); /* F1's */
    assert_string_equal(row(w, g + 2), "last fault t6  P0 0x00003 read -> F0  ! evicted P0 0x00001"
                                       "  page-in done t8");
    int p = find_row(w, "Page table P0 (p)");
    assert_true(p > g);
    /* P0 holds F0 (loading) and F1; its working set is {1, 2}. */
    assert_string_equal(row(w, p),
                        "Page table P0 (p)  1 table page  3 valid  resident 2  working set 2  "
                        "faults 3");
    assert_string_equal(row(w, p + 1), "dir 0 (0x000) *");
    assert_string_equal(row(w, p + 2), " |-    1  0x00001  -      ...W.");
    assert_string_equal(row(w, p + 3), " |-    2  0x00002  F1     PDRW.");
    assert_string_equal(row(w, p + 4), " `-    3  0x00003  F0 L   ...W. *");
    delwin(w);

    /* Wide: the whole title, and the page table in a column of its own. */
    w = draw(m, 11, 120, -1);
    assert_string_equal(row(w, 0),
                        " Memory  fifo, global replacement  2 frames  2-level, 4 KiB pages"
                        "  TLB 4 per CPU, flushed on a switch");
    assert_string_equal(row(w, 1) + 79, "|Page table P0 (p)  1 table page  3 valid");
    assert_string_equal(row(w, 5) + 79, "| `-    3  0x00003  F0 L   ...W. *");
    /* The left part is 120 - 40 - 1 = 79 columns, then the separator. */
    assert_true(strncmp(row(w, 8), " F0 P0:00003 .!   F1 P0:00002 D ", 32) == 0);
    assert_int_equal(mvwinch(w, 8, 79) & A_CHARTEXT, '|');
    delwin(w);

    /* The sizes: everything takes 15 rows at 80 columns; side by side at 120
     * the page table (5 rows) is beside the other 9. */
    int mn, pref;
    view_memory_size(m, -1, 80, &mn, &pref);
    assert_int_equal(mn, 4);
    assert_int_equal(pref, 15);
    view_memory_size(m, -1, 120, &mn, &pref);
    assert_int_equal(pref, 10);
    machine_destroy(m);
}

/* The sections on their own, for a layout that places them itself: each
 * fills its window from row 0 and says how many rows it wants. */
static void test_sections_alone(void **state) {
    (void)state;
    machine *m = tiny(7);
    WINDOW *w = newwin(3, 80, 0, 0);
    assert_int_equal(view_mem_counters(w, m, &mono), 3);
    assert_string_equal(row(w, 1), "working sets 2 <= 2 frames  TLB hits 0/5 (0%)");
    assert_string_equal(row(w, 2), "faults/4t =:");
    werase(w);
    assert_int_equal(view_mem_frames(w, m, &mono), 3);
    assert_string_equal(row(w, 0), "Frames 2/2 used  D dirty  L loading  ! victim out, page in");
    assert_string_equal(row(w, 1), " F0 P0:00003 .!   F1 P0:00002 D");
    assert_true(strncmp(row(w, 2), "last fault t6  P0 0x00003", 25) == 0);
    delwin(w);

    w = newwin(2, 80, 0, 0);
    assert_int_equal(view_mem_translation(w, m, &mono), 2);
    assert_string_equal(row(w, 1), "TLB miss -> walk dir[0] table[3] -> not present: page fault");
    werase(w);
    assert_int_equal(view_mem_tlbs(w, m, &mono), 1);
    assert_string_equal(row(w, 0), "CPU0  MISS P0:00002>F1");
    werase(w);
    /* Two rows for five: the header, and the rows around the current PTE. */
    assert_int_equal(view_mem_page_table(w, m, &mono, -1), 5);
    assert_true(strstr(row(w, 0), "rows 4-4 of 4") != NULL);
    assert_string_equal(row(w, 1), " `-    3  0x00003  F0 L   ...W. *");
    delwin(w);
    machine_destroy(m);
}

/* Every frame cell shows the owner, page and bits vm_frame_get reports. */
static void test_demo_cells_match_the_engine(void **state) {
    (void)state;
    int tables = 0, thrashing = 0, calm = 0;
    for (int ticks = 4; ticks <= 124; ticks += 15) {
        machine *m = demo_create(1);
        assert_non_null(m);
        for (int i = 0; i < ticks; i++)
            machine_tick(m);
        WINDOW *w = draw(m, 40, 80, -1);
        int g = find_row(w, "Frames ");
        assert_true(g > 0);
        char grid[1024] = "";
        for (int y = g + 1; y <= g + 2; y++) {
            strcat(grid, row(w, y));
            strcat(grid, "\n");
        }
        vm_stats st;
        vm_stats_get(m, &st);
        assert_int_equal(strncmp(row(w, 1), "THRASHING", 9) == 0, st.thrashing);
        *(st.thrashing ? &thrashing : &calm) += 1;
        const vm_fault_info *fi = vm_last_fault(m);
        for (uint32_t f = 0; f < 8; f++) {
            vm_frame_view fv;
            vm_frame_get(m, f, &fv);
            char cell[64];
            if (fv.used)
                snprintf(cell, sizeof cell, "F%u P%d:%05x %c%c", f, fv.pid, fv.vpn,
                         fv.dirty ? 'D' : '.', fv.referenced ? 'R' : '.');
            else
                snprintf(cell, sizeof cell, "F%u -", f);
            char *at = strstr(grid, cell);
            assert_non_null(at);
            if (!fv.used)
                continue;
            char mark = at[strlen(cell)], want = ' ';
            if (fi->frame == f && fv.vpn == fi->vpn && fv.pid == fi->pid)
                want = fi->evicted ? '!' : '+';
            else if (fv.loading)
                want = 'L';
            /* A blank mark ends a row's text when the cell is its last. */
            assert_true(mark == want || (want == ' ' && mark == '\n'));
            /* Clock's hand: '>' before the frame it stands on. */
            assert_int_equal(at[-1] == '>', m->vm->gpg.hand == f);
        }
        delwin(w);

        /* Each process with memory, when selected, gets its page table. */
        for (uint32_t i = 0; i < m->nprocs; i++) {
            const proc *p = &m->procs[i];
            vm_proc_view pv;
            vm_proc_get(m, p->pid, &pv);
            if (!pv.has_memory)
                continue;
            w = draw(m, 40, 80, p->pid);
            char head[64];
            snprintf(head, sizeof head, "Page table P%d (%s)  %u table page", p->pid, p->name,
                     pv.table_pages);
            assert_true(find_row(w, head) > 0);
            delwin(w);
            tables++;
        }
        machine_destroy(m);
    }
    /* Not vacuous: both states of the warning, and page tables, were seen. */
    assert_true(tables > 10 && thrashing > 0 && calm > 0);
}

static void test_paging_fifo(void **state) {
    (void)state;
    machine *m = paging("fifo", "3", "1,2,3,4", 4);
    WINDOW *w = draw(m, 10, 80, -1);
    assert_string_equal(row(w, 0), " Memory  paging  fifo  3 frames");
    assert_string_equal(row(w, 1), "refs 4  faults 4  rate 100%  evicted 1  written back 0");
    assert_string_equal(row(w, 4), "t3  page 4 read -> page fault -> F0");
    int g = find_row(w, "Frames 3/3 used");
    assert_true(g > 0);
    assert_string_equal(row(w, g + 1), " F0 4 .!   F1 2 .    F2 3 .");
    assert_string_equal(row(w, g + 2), "last fault t3  page 4 read -> F0  ! evicted page 1");
    delwin(w);
    machine_destroy(m);

    const char *belady = "1,2,3,4,1,2,5,1,2,3,4,5";
    m = paging("fifo", "3", belady, 12);
    w = draw(m, 10, 80, -1);
    assert_string_equal(row(w, 1), "refs 12  faults 9  rate 75%  evicted 6  written back 0");
    assert_string_equal(row(w, 4), "t11  page 5 read -> hit -> F0");
    g = find_row(w, "Frames 3/3 used");
    assert_string_equal(row(w, g + 1), " F0 5 .    F1 3 .    F2 4 .!");
    assert_string_equal(row(w, g + 2), "last fault t10  page 4 read -> F2  ! evicted page 2");
    delwin(w);
    machine_destroy(m);

    m = paging("fifo", "4", belady, 12);
    w = draw(m, 10, 80, -1);
    assert_string_equal(row(w, 1), "refs 12  faults 10  rate 83%  evicted 6  written back 0");
    g = find_row(w, "Frames 4/4 used");
    assert_string_equal(row(w, g + 1), " F0 4 .    F1 5 .!   F2 2 .    F3 3 .");
    assert_string_equal(row(w, g + 2), "last fault t11  page 5 read -> F1  ! evicted page 1");
    delwin(w);
    machine_destroy(m);
}

/* clock on 1, 2w, 3, 4: 4 finds every bit set, clears all three, comes
 * back to F0 and evicts 1; the hand moves on to F1. Letters, not colour:
 * D for the written page, R for the only bit set (the new page's). */
static void test_mono_marks_are_letters(void **state) {
    (void)state;
    machine *m = paging("clock", "3", "1,2w,3,4", 4);
    WINDOW *w = draw(m, 10, 80, -1);
    int g = find_row(w, "Frames 3/3 used  D dirty  R referenced");
    assert_true(g > 0);
    assert_string_equal(row(w, g + 1), " F0 4 .R!  >F1 2 D.    F2 3 ..");
    assert_true((mvwinch(w, g + 1, 1) & A_REVERSE) != 0);
    delwin(w);
    machine_destroy(m);
}

static void test_translate_split_tlb_and_tree(void **state) {
    (void)state;
    machine *m = translate(1);
    WINDOW *w = draw(m, 20, 80, -1);
    assert_string_equal(row(w, 4), "t0  read 0x00403004  = dir 1 | table 3 | offset 0x004");
    assert_string_equal(row(w, 5),
                        "TLB miss -> walk dir[1] table[3] -> page fault -> F0 -> paddr 0x00000004");
    delwin(w);
    machine_destroy(m);

    /* t2 reads 0x00403010: a TLB hit on the entry t0 made. */
    m = translate(3);
    w = draw(m, 20, 80, -1);
    assert_string_equal(row(w, 4), "t2  read 0x00403010  = dir 1 | table 3 | offset 0x010");
    assert_string_equal(row(w, 5), "TLB hit -> F0 -> paddr 0x00000010");
    assert_string_equal(row(w, 6), "TLB  HIT  00403>F0* 00401>F1");
    delwin(w);
    machine_destroy(m);

    /* t3 writes 0x7fffe000: fifo evicts vpn 0x403 from F0; its PTE stays
     * valid, not present. */
    m = translate(4);
    w = draw(m, 20, 80, -1);
    assert_string_equal(row(w, 4), "t3  write 0x7fffe000  = dir 511 | table 1022 | offset 0x000");
    assert_string_equal(row(w, 6), "TLB  MISS 7fffe>F0* 00401>F1");
    int g = find_row(w, "Frames 2/2 used");
    assert_string_equal(row(w, g + 1), " F0 7fffe D!   F1 00401 D");
    int p = find_row(w, "Page table");
    assert_string_equal(row(w, p), "Page table  2 table pages  3 valid");
    assert_string_equal(row(w, p + 1), "dir 1 (0x001)");
    assert_string_equal(row(w, p + 2), " |-    1  0x00401  F1     PDRW");
    assert_string_equal(row(w, p + 3), " `-    3  0x00403  -      ...W");
    assert_string_equal(row(w, p + 4), "dir 511 (0x1ff) *");
    assert_string_equal(row(w, p + 5), " `- 1022  0x7fffe  F0     PDRW *");
    delwin(w);
    machine_destroy(m);
}

/* Small windows keep the most important sections, in their order. */
static void test_small_windows_keep_the_important(void **state) {
    (void)state;
    machine *m = tiny(7);
    const char *counters =
        "refs 2  faults 3  rate 100% of last 32  evicted 1  written back 0  swap 0";
    const char *xlate = "t6  CPU0 P0  read 0x00003008  = dir 0 | table 3 | offset 0x008";
    const char *grid = " F0 P0:00003 .!   F1 P0:00002 D";
    WINDOW *w = draw(m, 2, 80, -1);
    assert_string_equal(row(w, 1), counters);
    delwin(w);
    w = draw(m, 4, 80, -1);
    assert_string_equal(row(w, 1), counters);
    assert_string_equal(row(w, 2), xlate);
    assert_string_equal(row(w, 3), grid);
    delwin(w);
    w = draw(m, 5, 80, -1);
    assert_string_equal(row(w, 3), grid);
    assert_true(strncmp(row(w, 4), "last fault t6", 13) == 0);
    delwin(w);
    /* Narrow: fields are left out whole, not cut. */
    w = draw(m, 4, 30, -1);
    assert_string_equal(row(w, 1), "refs 2  faults 3");
    assert_string_equal(row(w, 2), "t6  CPU0 P0  read 0x00003008");
    delwin(w);
    machine_destroy(m);
}

/* Whatever the size, nothing is written outside the pane: drawn into a
 * window inside a frame of '#', the frame stays whole. */
static void test_no_write_outside(void **state) {
    (void)state;
    machine *ms[3] = {demo_create(1), paging("clock", "100", "1,2,3,4,5,6,7,8,9,10,11,12", 12),
                      translate(4)};
    for (int i = 0; i < 60; i++)
        machine_tick(ms[0]);
    for (int k = 0; k < 3; k++) {
        for (int h = 1; h <= 22; h += 3) {
            for (int wd = 1; wd <= 130; wd += 7) {
                framed f = framed_new(h, wd);
                view_memory(f.w, ms[k], &mono, -1, NULL);
                framed_check(&f);
                int mn, pref;
                view_memory_size(ms[k], -1, wd, &mn, &pref);
                assert_true(mn >= 4 && pref >= mn);
            }
        }
    }
    for (int k = 0; k < 3; k++)
        machine_destroy(ms[k]);
}

/* A machine without memory: a note, and the layout can leave the pane out. */
static void test_no_memory(void **state) {
    (void)state;
    machine *m = rr_3_2(0);
    assert_false(view_memory_has(m));
    int mn, pref;
    view_memory_size(m, -1, 80, &mn, &pref);
    assert_int_equal(mn, 2);
    assert_int_equal(pref, 2);
    WINDOW *w = draw(m, 3, 40, -1);
    assert_string_equal(row(w, 0), " Memory");
    assert_string_equal(row(w, 1), " no memory in this scenario");
    delwin(w);
    machine_destroy(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tiny_machine_by_hand),
        cmocka_unit_test(test_sections_alone),
        cmocka_unit_test(test_demo_cells_match_the_engine),
        cmocka_unit_test(test_paging_fifo),
        cmocka_unit_test(test_mono_marks_are_letters),
        cmocka_unit_test(test_translate_split_tlb_and_tree),
        cmocka_unit_test(test_small_windows_keep_the_important),
        cmocka_unit_test(test_no_write_outside),
        cmocka_unit_test(test_no_memory),
    };
    return cmocka_run_group_tests(tests, offscreen_setup, offscreen_teardown);
}
