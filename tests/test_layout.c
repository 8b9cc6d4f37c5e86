/* TUI layout maths: pane rectangles worked out by hand for a few terminal
 * sizes, the too-small threshold, and for every size up to 220x70 that the
 * panes tile the screen without overlapping and keep their minimum sizes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "layout.h"
#include "screens.h"
#include "view.h"

static void assert_rect(const layout *l, layout_pane p, int y, int x, int h, int w) {
    const layout_rect *r = &l->pane[p];
    if (r->y != y || r->x != x || r->h != h || r->w != w)
        fail_msg("pane %d: got y%d x%d h%d w%d, expected y%d x%d h%d w%d", (int)p, r->y, r->x, r->h,
                 r->w, y, x, h, w);
}

/* What the machine has besides processes (check_tiling's sweep). */
static bool with_memory, with_caches, with_resources;

static layout make_on(int screen, int cols, int rows, bool procs, int ncpus, int levels) {
    layout_req req = {.cols = cols,
                      .rows = rows,
                      .procs = procs,
                      .ncpus = ncpus,
                      .levels = levels,
                      .screen = screen,
                      .memory = with_memory,
                      .caches = with_caches,
                      .resources = with_resources};
    layout l;
    layout_compute(&req, &l);
    return l;
}

static layout make(int cols, int rows, bool procs, int ncpus, int levels) {
    layout_req req = {.cols = cols, .rows = rows, .procs = procs, .ncpus = ncpus, .levels = levels};
    layout l;
    layout_compute(&req, &l);
    return l;
}

static void test_too_small_threshold(void **state) {
    (void)state;
    assert_true(layout_too_small(59, 16));
    assert_true(layout_too_small(60, 15));
    assert_true(layout_too_small(40, 10));
    assert_false(layout_too_small(60, 16));
    assert_false(layout_too_small(80, 24));

    layout_req req = {.cols = 40, .rows = 10, .procs = true, .ncpus = 1, .levels = 3};
    layout l;
    assert_false(layout_compute(&req, &l));
    assert_true(l.too_small);
    for (int p = 0; p < PANE_COUNT; p++)
        assert_int_equal(l.pane[p].h, 0);
    req.cols = 60;
    req.rows = 16;
    assert_true(layout_compute(&req, &l));
    assert_false(l.too_small);
}

/* 80x24, one CPU, mlfq's 3 levels: too narrow to put the queues beside the
 * table. Body 22 rows: Gantt 1+1+1 = 3, leaving 19; log 19*2/5-1 = 6; top 13,
 * of which the queues take title + 3 levels + I/O + wait = 6. */
static void test_80x24(void **state) {
    (void)state;
    layout l = make(80, 24, true, 1, 3);
    assert_false(l.side);
    assert_rect(&l, PANE_HEADER, 0, 0, 1, 80);
    assert_rect(&l, PANE_PROCS, 1, 0, 7, 80);
    assert_rect(&l, PANE_QUEUES, 8, 0, 6, 80);
    assert_rect(&l, PANE_GANTT, 14, 0, 3, 80);
    assert_rect(&l, PANE_LOG, 17, 0, 6, 80);
    assert_rect(&l, PANE_KEYBAR, 23, 0, 1, 80);
    assert_int_equal(l.pane[PANE_NOTE].h, 0);
    assert_int_equal(l.queue_lines, 3);
    assert_int_equal(l.gantt_cpus, 1);
    assert_int_equal(layout_proc_rows(&l), 5);
    assert_int_equal(layout_log_rows(&l), 5);
}

/* 100x30: side by side, queues 30 wide (3/10), a blank column, table 69. */
static void test_100x30(void **state) {
    (void)state;
    layout l = make(100, 30, true, 1, 3);
    assert_true(l.side);
    assert_rect(&l, PANE_PROCS, 1, 0, 16, 69);
    assert_rect(&l, PANE_QUEUES, 1, 70, 16, 30);
    assert_rect(&l, PANE_GANTT, 17, 0, 3, 100);
    assert_rect(&l, PANE_LOG, 20, 0, 9, 100);
    assert_rect(&l, PANE_KEYBAR, 29, 0, 1, 100);
    assert_int_equal(layout_proc_rows(&l), 14);
}

/* 200x60 with 4 CPUs: all four Gantt rows fit ((58-10)/2 = 24 >= 4); queues
 * capped at 60 columns. */
static void test_200x60(void **state) {
    (void)state;
    layout l = make(200, 60, true, 4, 3);
    assert_true(l.side);
    assert_int_equal(l.gantt_cpus, 4);
    assert_rect(&l, PANE_PROCS, 1, 0, 33, 139);
    assert_rect(&l, PANE_QUEUES, 1, 140, 33, 60);
    assert_rect(&l, PANE_GANTT, 34, 0, 6, 200);
    assert_rect(&l, PANE_LOG, 40, 0, 19, 200);
}

/* The minimum with 16 CPUs and 8 priority levels: 2 CPU rows; the top 7
 * rows split with at most half (3) for the queues: 1 level shown (the others
 * scroll), the table keeps two rows, the log two. */
static void test_60x16_crowded(void **state) {
    (void)state;
    layout l = make(60, 16, true, 16, 8);
    assert_false(l.side);
    assert_int_equal(l.gantt_cpus, 2);
    assert_int_equal(l.queue_lines, 1);
    assert_rect(&l, PANE_PROCS, 1, 0, 4, 60);
    assert_rect(&l, PANE_QUEUES, 5, 0, 3, 60);
    assert_rect(&l, PANE_GANTT, 8, 0, 4, 60);
    assert_rect(&l, PANE_LOG, 12, 0, 3, 60);
    assert_int_equal(layout_proc_rows(&l), 2);
    assert_int_equal(layout_log_rows(&l), 2);
    /* 80x24 with prio's 8 levels: the top 13 rows give the queues 6 (4 levels
     * shown, the rest scroll) and the table 7. */
    l = make(80, 24, true, 1, 8);
    assert_rect(&l, PANE_PROCS, 1, 0, 7, 80);
    assert_rect(&l, PANE_QUEUES, 8, 0, 6, 80);
    assert_int_equal(l.queue_lines, 4);
}

/* Modes without processes: header, a note line, the log, the key bar. */
static void test_no_procs(void **state) {
    (void)state;
    layout l = make(80, 24, false, 1, 1);
    assert_rect(&l, PANE_NOTE, 1, 0, 1, 80);
    assert_rect(&l, PANE_LOG, 2, 0, 21, 80);
    assert_int_equal(l.pane[PANE_PROCS].h, 0);
    assert_int_equal(l.pane[PANE_QUEUES].h, 0);
    assert_int_equal(l.pane[PANE_GANTT].h, 0);
}

/* Screen 2 at 80x24, one CPU: no log; Gantt (22-8)/2 = 7 -> 1 CPU, 3 rows;
 * the table and queues get the other 19 (queues 6, as on the overview). */
static void test_screen_2(void **state) {
    (void)state;
    layout l = make_on(SCREEN_SCHED, 80, 24, true, 1, 3);
    assert_rect(&l, PANE_PROCS, 1, 0, 13, 80);
    assert_rect(&l, PANE_QUEUES, 14, 0, 6, 80);
    assert_rect(&l, PANE_GANTT, 20, 0, 3, 80);
    assert_int_equal(l.pane[PANE_LOG].h, 0);
    assert_int_equal(l.pane[PANE_NOTE].h, 0);
    assert_int_equal(layout_proc_rows(&l), 11);
    /* 4 CPUs on screen 2 of a 100x40: (38-8)/2 = 15, so all 4. */
    l = make_on(SCREEN_SCHED, 100, 40, true, 4, 3);
    assert_int_equal(l.gantt_cpus, 4);
    /* Quick modes: a note and the (filtered) log, as screens 3-5. */
    l = make_on(SCREEN_SCHED, 80, 24, false, 1, 1);
    assert_rect(&l, PANE_NOTE, 1, 0, 1, 80);
    assert_rect(&l, PANE_LOG, 2, 0, 21, 80);
}

/* Screens 3-5: a note and the log; 6: the log alone, 22 rows (21 events). */
static void test_screens_3_to_6(void **state) {
    (void)state;
    for (int s = SCREEN_MEMORY; s <= SCREEN_RESOURCES; s++) {
        layout l = make_on(s, 80, 24, true, 1, 3);
        assert_rect(&l, PANE_NOTE, 1, 0, 1, 80);
        assert_rect(&l, PANE_LOG, 2, 0, 21, 80);
        assert_int_equal(l.pane[PANE_PROCS].h, 0);
    }
    layout l = make_on(SCREEN_LOG, 80, 24, true, 1, 3);
    assert_rect(&l, PANE_LOG, 1, 0, 22, 80);
    assert_int_equal(l.pane[PANE_NOTE].h, 0);
    assert_int_equal(layout_log_rows(&l), 21);
    /* Out of range means the overview. */
    l = make_on(9, 80, 24, true, 1, 3);
    assert_int_equal(l.screen, SCREEN_OVERVIEW);
    assert_rect(&l, PANE_PROCS, 1, 0, 7, 80);
}

/* Hits on the 100x30 overview (see test_100x30): the table is rows 1-16,
 * columns 0-68; column 69 is the gap; the queues 70-99. */
static void test_hit_and_focus(void **state) {
    (void)state;
    layout l = make(100, 30, true, 1, 3);
    assert_int_equal(layout_hit(&l, 0, 5), PANE_HEADER);
    assert_int_equal(layout_hit(&l, 1, 0), PANE_PROCS);
    assert_int_equal(layout_hit(&l, 16, 68), PANE_PROCS);
    assert_int_equal(layout_hit(&l, 5, 69), PANE_COUNT);
    assert_int_equal(layout_hit(&l, 5, 70), PANE_QUEUES);
    assert_int_equal(layout_hit(&l, 17, 3), PANE_GANTT);
    assert_int_equal(layout_hit(&l, 20, 99), PANE_LOG);
    assert_int_equal(layout_hit(&l, 29, 0), PANE_KEYBAR);
    assert_int_equal(layout_hit(&l, 30, 0), PANE_COUNT);
    assert_int_equal(layout_hit(&l, -1, 0), PANE_COUNT);
    assert_int_equal(layout_gantt_cells(&l), 94);

    assert_true(layout_focusable(&l, PANE_PROCS));
    assert_false(layout_focusable(&l, PANE_HEADER));
    assert_false(layout_focusable(&l, PANE_NOTE));
    assert_int_equal(layout_focus_next(&l, PANE_PROCS, 1), PANE_QUEUES);
    assert_int_equal(layout_focus_next(&l, PANE_LOG, 1), PANE_PROCS);
    assert_int_equal(layout_focus_next(&l, PANE_PROCS, -1), PANE_LOG);
    assert_int_equal(layout_focus_next(&l, PANE_HEADER, 1), PANE_PROCS);
    /* Screen 6: only the log. */
    l = make_on(SCREEN_LOG, 100, 30, true, 1, 3);
    assert_int_equal(layout_focus_next(&l, PANE_PROCS, 1), PANE_LOG);
    assert_int_equal(layout_focus_next(&l, PANE_LOG, 1), PANE_LOG);
    /* Too small: nothing to hit or focus. */
    l = make(40, 10, true, 1, 3);
    assert_int_equal(layout_hit(&l, 1, 1), PANE_COUNT);
    assert_int_equal(layout_focus_next(&l, PANE_LOG, 1), PANE_COUNT);
}

/* The subsystem panes take the focus, in the order table, queues, Gantt,
 * memory, caches, resources, log; only those shown. */
static void test_focus_order(void **state) {
    (void)state;
    with_memory = with_resources = true;
    /* 200x60 overview: all but caches. */
    layout l = make_on(SCREEN_OVERVIEW, 200, 60, true, 4, 3);
    layout_pane want[] = {PANE_PROCS,     PANE_QUEUES, PANE_GANTT, PANE_MEMORY,
                          PANE_RESOURCES, PANE_LOG,    PANE_PROCS};
    for (size_t i = 0; i + 1 < sizeof want / sizeof want[0]; i++) {
        assert_true(layout_focusable(&l, want[i]));
        assert_int_equal(layout_focus_next(&l, want[i], 1), want[i + 1]);
        assert_int_equal(layout_focus_next(&l, want[i + 1], -1), want[i]);
    }
    assert_false(layout_focusable(&l, PANE_CACHES));
    /* 100x30: no room for them; a focus left on memory goes to the table. */
    l = make_on(SCREEN_OVERVIEW, 100, 30, true, 1, 3);
    assert_false(layout_focusable(&l, PANE_MEMORY));
    assert_int_equal(layout_focus_next(&l, PANE_MEMORY, 1), PANE_PROCS);
    /* Screen 3: memory first, then the log. */
    l = make_on(SCREEN_MEMORY, 80, 24, true, 1, 3);
    assert_int_equal(layout_focus_next(&l, PANE_PROCS, 1), PANE_MEMORY);
    assert_int_equal(layout_focus_next(&l, PANE_MEMORY, 1), PANE_LOG);
    assert_int_equal(layout_focus_next(&l, PANE_LOG, 1), PANE_MEMORY);
    with_memory = with_resources = false;
    /* mesi's overview: caches, then the log. */
    with_caches = true;
    l = make_on(SCREEN_OVERVIEW, 80, 24, false, 2, 1);
    assert_int_equal(layout_focus_next(&l, PANE_COUNT, 1), PANE_CACHES);
    assert_int_equal(layout_focus_next(&l, PANE_CACHES, -1), PANE_LOG);
    with_caches = false;
}

static unsigned char cover[70][220];

static void check_tiling(int screen, int cols, int rows, bool procs, int ncpus, int levels) {
    layout l = make_on(screen, cols, rows, procs, ncpus, levels);
    memset(cover, 0, sizeof cover);
    for (int p = 0; p < PANE_COUNT; p++) {
        const layout_rect *r = &l.pane[p];
        if (r->h == 0)
            continue;
        if (p == PANE_NOTE && screen == SCREEN_LOG)
            fail_msg("%dx%d: screen 6 has a note", cols, rows);
        if (r->w <= 0 || r->y < 0 || r->x < 0 || r->y + r->h > rows || r->x + r->w > cols)
            fail_msg("%dx%d: pane %d out of the screen", cols, rows, p);
        for (int y = r->y; y < r->y + r->h; y++)
            for (int x = r->x; x < r->x + r->w; x++)
                if (cover[y][x]++)
                    fail_msg("%dx%d: pane %d overlaps at %d,%d", cols, rows, p, y, x);
    }
    /* Every cell is covered but the blank column between table and queues,
     * and the one left of the memory and resources panes beside them. */
    int gap = l.side ? l.pane[PANE_PROCS].h : 0;
    if (l.pane[PANE_MEMORY].h && l.pane[PANE_MEMORY].x > 0)
        gap += l.pane[PANE_MEMORY].h;
    if (l.pane[PANE_RESOURCES].h && l.pane[PANE_RESOURCES].x > 0)
        gap += l.pane[PANE_RESOURCES].h;
    /* A subsystem pane only where the machine has the subsystem, and no
     * note where it is shown. */
    if ((l.pane[PANE_MEMORY].h && !with_memory) || (l.pane[PANE_CACHES].h && !with_caches) ||
        (l.pane[PANE_RESOURCES].h && !with_resources))
        fail_msg("%dx%d screen %d: a pane of a subsystem the machine lacks", cols, rows, screen);
    if (l.pane[PANE_NOTE].h &&
        (l.pane[PANE_MEMORY].h || l.pane[PANE_CACHES].h || l.pane[PANE_RESOURCES].h))
        fail_msg("%dx%d screen %d: a note beside a subsystem pane", cols, rows, screen);
    int covered = 0;
    for (int y = 0; y < rows; y++)
        for (int x = 0; x < cols; x++)
            covered += cover[y][x];
    if (covered != cols * rows - gap)
        fail_msg("%dx%d: %d cells covered, expected %d", cols, rows, covered, cols * rows - gap);
    assert_int_equal(l.pane[PANE_HEADER].y, 0);
    assert_int_equal(l.pane[PANE_KEYBAR].y, rows - 1);
    if (procs && screen == SCREEN_SCHED)
        assert_int_equal(l.pane[PANE_LOG].h, 0);
    else
        assert_true(layout_log_rows(&l) >= 2);
    if (procs && (screen == SCREEN_OVERVIEW || screen == SCREEN_SCHED)) {
        assert_true(layout_proc_rows(&l) >= 1);
        assert_true(l.pane[PANE_QUEUES].h >= 3);
        assert_true(l.queue_lines >= 1 && l.queue_lines <= levels);
        assert_true(l.gantt_cpus >= 1 && l.gantt_cpus <= ncpus);
        assert_int_equal(l.pane[PANE_GANTT].h, l.gantt_cpus + 2);
        assert_int_equal(l.side, cols >= LAYOUT_SIDE_COLS);
    }
}

/* The memory pane: beside the process panes on a wide overview, over the log
 * on screen 3 and in the memory quick modes, absent without memory. */
static void test_memory_pane(void **state) {
    (void)state;
    with_memory = true;
    /* 200x60: memory 2/5 of the width (80); the process panes lay out in 119
     * columns (queues 35, table 83) and keep the 200x60 heights. */
    layout l = make_on(SCREEN_OVERVIEW, 200, 60, true, 4, 3);
    assert_rect(&l, PANE_PROCS, 1, 0, 33, 83);
    assert_rect(&l, PANE_QUEUES, 1, 84, 33, 35);
    assert_rect(&l, PANE_GANTT, 34, 0, 6, 119);
    assert_rect(&l, PANE_MEMORY, 1, 120, 39, 80);
    assert_rect(&l, PANE_LOG, 40, 0, 19, 200);
    /* Below 160 columns the overview has no room for it. */
    l = make_on(SCREEN_OVERVIEW, 159, 60, true, 4, 3);
    assert_int_equal(l.pane[PANE_MEMORY].h, 0);
    /* Screen 3 at 80x24: two thirds of the 22 body rows, the log the rest. */
    l = make_on(SCREEN_MEMORY, 80, 24, true, 1, 3);
    assert_rect(&l, PANE_MEMORY, 1, 0, 14, 80);
    assert_rect(&l, PANE_LOG, 15, 0, 8, 80);
    assert_int_equal(l.pane[PANE_NOTE].h, 0);
    /* paging / translate: the overview is the memory screen. */
    l = make_on(SCREEN_OVERVIEW, 80, 24, false, 1, 1);
    assert_rect(&l, PANE_MEMORY, 1, 0, 14, 80);
    with_memory = false;
    l = make_on(SCREEN_MEMORY, 80, 24, true, 1, 3);
    assert_int_equal(l.pane[PANE_MEMORY].h, 0);
    assert_rect(&l, PANE_NOTE, 1, 0, 1, 80);
}

/* The caches and resources panes: on screens 4 and 5 over the log, in the
 * mesi and deadlock overviews, and the resources pane in the right column
 * of a wide overview (alone, or under the memory pane). */
static void test_cache_and_resource_panes(void **state) {
    (void)state;
    /* 200x60, 4 CPUs, memory and resources: the column of 80 right of the
     * process panes is 39 rows (as in test_memory_pane); resources take
     * 39*2/5 = 15 of them, under memory's 24. */
    with_memory = with_resources = true;
    layout l = make_on(SCREEN_OVERVIEW, 200, 60, true, 4, 3);
    assert_rect(&l, PANE_PROCS, 1, 0, 33, 83);
    assert_rect(&l, PANE_MEMORY, 1, 120, 24, 80);
    assert_rect(&l, PANE_RESOURCES, 25, 120, 15, 80);
    assert_rect(&l, PANE_LOG, 40, 0, 19, 200);
    /* 160x40, one CPU: the column is 64 wide (the minimum) beside 95 of
     * process panes; body 38, Gantt 3, log 35*2/5-1 = 13, so the column is
     * 22 + 3 = 25 rows: resources 10 under memory's 15. */
    l = make_on(SCREEN_OVERVIEW, 160, 40, true, 1, 3);
    assert_rect(&l, PANE_MEMORY, 1, 96, 15, 64);
    assert_rect(&l, PANE_RESOURCES, 16, 96, 10, 64);
    assert_rect(&l, PANE_LOG, 26, 0, 13, 160);
    /* With caches too (a full machine with memory, caches and resources): at
     * 200x60 the column's 39 rows give resources 39*3/10 = 11, caches
     * 39/4 = 9 and memory the 19 left; at 160x40 (25 rows) 7, 6 and 12. */
    with_caches = true;
    l = make_on(SCREEN_OVERVIEW, 200, 60, true, 4, 3);
    assert_rect(&l, PANE_MEMORY, 1, 120, 19, 80);
    assert_rect(&l, PANE_CACHES, 20, 120, 9, 80);
    assert_rect(&l, PANE_RESOURCES, 29, 120, 11, 80);
    l = make_on(SCREEN_OVERVIEW, 160, 40, true, 1, 3);
    assert_rect(&l, PANE_MEMORY, 1, 96, 12, 64);
    assert_rect(&l, PANE_CACHES, 13, 96, 6, 64);
    assert_rect(&l, PANE_RESOURCES, 19, 96, 7, 64);
    /* Memory and caches: caches take 2/5 (15 of 39) under memory. */
    with_resources = false;
    l = make_on(SCREEN_OVERVIEW, 200, 60, true, 4, 3);
    assert_rect(&l, PANE_MEMORY, 1, 120, 24, 80);
    assert_rect(&l, PANE_CACHES, 25, 120, 15, 80);
    with_caches = false;
    with_resources = true;
    /* Resources without memory: the whole column. */
    with_memory = false;
    l = make_on(SCREEN_OVERVIEW, 160, 40, true, 1, 3);
    assert_int_equal(l.pane[PANE_MEMORY].h, 0);
    assert_rect(&l, PANE_RESOURCES, 1, 96, 25, 64);
    assert_rect(&l, PANE_GANTT, 23, 0, 3, 95);
    /* Not below 160x40. */
    l = make_on(SCREEN_OVERVIEW, 160, 39, true, 1, 3);
    assert_int_equal(l.pane[PANE_RESOURCES].h, 0);
    /* Screen 5 at 80x24: two thirds of the 22 body rows; screen 4 has no
     * caches in a full machine: its note. */
    l = make_on(SCREEN_RESOURCES, 80, 24, true, 1, 3);
    assert_rect(&l, PANE_RESOURCES, 1, 0, 14, 80);
    assert_rect(&l, PANE_LOG, 15, 0, 8, 80);
    assert_int_equal(l.pane[PANE_NOTE].h, 0);
    l = make_on(SCREEN_CACHES, 80, 24, true, 1, 3);
    assert_int_equal(l.pane[PANE_CACHES].h, 0);
    assert_rect(&l, PANE_NOTE, 1, 0, 1, 80);
    /* deadlock: its overview and screen 5 show the pane; 60x16: 14 body
     * rows, 9 for the pane, 5 for the log. */
    l = make_on(SCREEN_OVERVIEW, 80, 24, false, 1, 1);
    assert_rect(&l, PANE_RESOURCES, 1, 0, 14, 80);
    l = make_on(SCREEN_RESOURCES, 60, 16, false, 1, 1);
    assert_rect(&l, PANE_RESOURCES, 1, 0, 9, 60);
    assert_rect(&l, PANE_LOG, 10, 0, 5, 60);
    with_resources = false;
    /* mesi: its overview and screen 4; screen 5 is a note. */
    with_caches = true;
    l = make_on(SCREEN_OVERVIEW, 80, 24, false, 1, 1);
    assert_rect(&l, PANE_CACHES, 1, 0, 14, 80);
    assert_rect(&l, PANE_LOG, 15, 0, 8, 80);
    l = make_on(SCREEN_CACHES, 100, 30, false, 1, 1);
    assert_rect(&l, PANE_CACHES, 1, 0, 18, 100);
    assert_rect(&l, PANE_LOG, 19, 0, 10, 100);
    l = make_on(SCREEN_RESOURCES, 80, 24, false, 1, 1);
    assert_int_equal(l.pane[PANE_RESOURCES].h, 0);
    assert_rect(&l, PANE_NOTE, 1, 0, 1, 80);
    with_caches = false;
}

/* What a machine can have besides processes: {memory, caches, resources}.
 * Quick modes have one subsystem at most; full machines memory and/or
 * resources. */
static const bool quick_flags[][3] = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
static const bool full_flags[][3] = {{0, 0, 0}, {1, 0, 0}, {0, 0, 1}, {1, 0, 1}};

static void tile_with(const bool *f, int s, int cols, int rows, bool procs) {
    with_memory = f[0];
    with_caches = f[1];
    with_resources = f[2];
    check_tiling(s, cols, rows, procs, 1, 1);
    with_memory = with_caches = with_resources = false;
}

static void test_every_size_tiles(void **state) {
    (void)state;
    static const int cpus[] = {1, 2, 16}, levels[] = {1, 3, 16};
    for (int cols = LAYOUT_MIN_COLS; cols <= 220; cols++)
        for (int rows = LAYOUT_MIN_ROWS; rows <= 70; rows++)
            for (int c = 0; c < 3; c++)
                for (int v = 0; v < 3; v++) {
                    check_tiling(SCREEN_OVERVIEW, cols, rows, true, cpus[c], levels[v]);
                    check_tiling(SCREEN_SCHED, cols, rows, true, cpus[c], levels[v]);
                    if (c == 0 && v == 0)
                        for (int s = SCREEN_OVERVIEW; s <= SCREEN_LAST; s++)
                            for (int k = 0; k < 4; k++) {
                                tile_with(quick_flags[k], s, cols, rows, false);
                                tile_with(full_flags[k], s, cols, rows, true);
                            }
                }
    /* The right column with both panes, with every CPU and level count. */
    with_memory = with_resources = true;
    for (int cols = LAYOUT_WIDE_COLS; cols <= 220; cols++)
        for (int rows = LAYOUT_WIDE_ROWS; rows <= 70; rows++)
            for (int c = 0; c < 3; c++)
                for (int v = 0; v < 3; v++) {
                    check_tiling(SCREEN_OVERVIEW, cols, rows, true, cpus[c], levels[v]);
                    layout l = make_on(SCREEN_OVERVIEW, cols, rows, true, cpus[c], levels[v]);
                    assert_true(l.pane[PANE_MEMORY].h >= 8);
                    if (l.pane[PANE_RESOURCES].h)
                        assert_true(l.pane[PANE_RESOURCES].h >= 6);
                }
    with_memory = with_resources = false;
}

static void test_centre_and_message(void **state) {
    (void)state;
    assert_int_equal(layout_centre(40, 27), 6);
    assert_int_equal(layout_centre(100, 47), 26);
    assert_int_equal(layout_centre(10, 20), 0);
    char buf[96];
    int n = view_too_small_text(buf, sizeof buf, 40, 10);
    assert_string_equal(buf, "terminal too small (40x10), need at least 60x16");
    assert_int_equal(n, 47);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_too_small_threshold),
        cmocka_unit_test(test_80x24),
        cmocka_unit_test(test_100x30),
        cmocka_unit_test(test_200x60),
        cmocka_unit_test(test_60x16_crowded),
        cmocka_unit_test(test_no_procs),
        cmocka_unit_test(test_screen_2),
        cmocka_unit_test(test_screens_3_to_6),
        cmocka_unit_test(test_hit_and_focus),
        cmocka_unit_test(test_focus_order),
        cmocka_unit_test(test_memory_pane),
        cmocka_unit_test(test_cache_and_resource_panes),
        cmocka_unit_test(test_every_size_tiles),
        cmocka_unit_test(test_centre_and_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
