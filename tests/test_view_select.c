/* The subsystem panes' selections and their details dialog, driven through
 * the controller's keys and the mouse and drawn off-screen (curses writing
 * to /dev/null, text read back), on small cases worked by hand:
 *
 * - paging, fifo, 3 frames, references 1 2 3 4 (one a tick): pages 1, 2, 3
 *   go to the free frames 0, 1, 2 (loads 1-3, ticks 0-2); at tick 3 page 4
 *   evicts page 1, the earliest loaded, from frame 0 (load 4). fifo's queue
 *   is then F1 (page 2), F2 (page 3), F0 (page 4).
 * - mesi, 2 CPUs, 0:r:0x0 then 1:w:0x0: CPU0 reads alone (E, BusRd); CPU1
 *   writes (BusRdX), CPU0's copy is invalidated: the only valid line is
 *   CPU1's 0x0 in M (set 0, way 0 of the default 1 set x 4 ways).
 * - deadlock --detect, Silberschatz's example (available 0,0,0; alloc
 *   0,1,0 2,0,0 3,0,3 2,1,1 0,0,2; request 0,0,0 2,0,2 0,0,1 1,0,0 0,0,2):
 *   A has 0 + 2 + 3 + 2 = 7 instances, held by P1 x2, P2 x3, P3 x2, wanted
 *   by P1 (2) and P3 (1); after 2 ticks P0 finished and P1-P4 are deadlocked.
 * - translate 0x00403004 then a write to 0x00403008, TLB of 2: vpn 0x403 =
 *   dir 1 | table 3 faults into frame 0, the write hits the TLB: the PTE is
 *   0x167 (frame 0, valid 0x100, dirty 0x40, referenced 0x20, write 0x4,
 *   read 0x2, present 0x1) and CPU0's TLB holds it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "actions.h"
#include "cli.h"
#include "ctl.h"
#include "keymap.h"
#include "offscreen.h"
#include "view.h"
#include "view_caches.h"
#include "view_memory.h"
#include "view_resources.h"

static WINDOW *dialog_win; /* the dialog drawn last */

static bool is_dialog(WINDOW *w) {
    return w == dialog_win;
}
/* Row y of w from column x as text, trailing blanks removed; in a dialog
 * (boxed) not the right border. */
static const char *text_at(WINDOW *w, int y, int x) {
    static char buf[512];
    int most = is_dialog(w) ? getmaxx(w) - 1 - x : (int)sizeof buf - 1;
    int n = mvwinnstr(w, y, x, buf, most);
    if (n < 0)
        n = 0;
    buf[n] = '\0';
    while (n > 0 && buf[n - 1] == ' ')
        buf[--n] = '\0';
    return buf;
}

/* The first row of w whose text from column x starts with prefix, or -1. */
static int find_row(WINDOW *w, int x, const char *prefix) {
    for (int y = 0; y < getmaxy(w); y++)
        if (strncmp(text_at(w, y, x), prefix, strlen(prefix)) == 0)
            return y;
    return -1;
}

typedef int (*build_fn)(int argc, char **argv, cli_common *c, machine **out, cli_error *err);

static void start(ctl *c, build_fn fn, int argc, char **argv) {
    cli_common cc;
    cli_error err = {0};
    machine *m = NULL;
    cli_common_default(&cc);
    assert_int_equal(fn(argc, argv, &cc, &m, &err), 0);
    cli_common_free(&cc);
    ctl_init(c, m, NULL, NULL);
}

static void stop(ctl *c) {
    machine_destroy(c->m);
    ctl_free(c);
}

static void keys(ctl *c, const char *s) {
    for (; *s; s++)
        ctl_key(c, (unsigned char)*s);
}

/* The open item dialog drawn as the UI sizes it (76 columns, a row per line
 * and the border); lines are read from column 2, inside the box. */
static WINDOW *dialog(const ctl *c) {
    assert_int_equal(c->vs.dialog, DIALOG_ITEM);
    int n = view_item_lines(c->m, &c->vs);
    WINDOW *w = newwin(n + 2, 76, 0, 0);
    assert_non_null(w);
    view_item(w, c->m, &c->vs, &mono);
    dialog_win = w;
    return w;
}

static void close_dialog(WINDOW *w) {
    delwin(w);
    dialog_win = NULL;
}

/* Whether the dialog's title (on its top border) reads " want ". */
static void title_is(WINDOW *w, const char *want) {
    char buf[128];
    int n = mvwinnstr(w, 0, 2, buf, (int)sizeof buf - 1);
    buf[n > 0 ? n : 0] = '\0';
    char t[96];
    snprintf(t, sizeof t, " %s ", want);
    if (strncmp(buf, t, strlen(t)) != 0)
        fail_msg("the title reads '%s', not '%s'", buf, t);
}

/* Line `label` of the dialog (the text after its 12-column label). */
static const char *dline(WINDOW *w, const char *label) {
    char want[16];
    snprintf(want, sizeof want, "%-12s", label);
    int y = find_row(w, 2, want);
    if (y < 0)
        fail_msg("no line '%s' in the dialog", label);
    return text_at(w, y, 2 + 12);
}

/* A pane drawn where the layout puts it, recording its items in c->hits. */
static WINDOW *pane(ctl *c, layout_pane p) {
    const layout_rect *r = &c->lay.pane[p];
    assert_true(r->h > 0);
    WINDOW *w = newwin(r->h, r->w, r->y, r->x);
    assert_non_null(w);
    vsel s;
    switch (p) {
        case PANE_MEMORY:
            s = view_pane_sel(&c->vs, p, &c->hits.memory);
            view_memory(w, c->m, &mono, -1, &s);
            break;
        case PANE_CACHES:
            s = view_pane_sel(&c->vs, p, &c->hits.caches);
            view_caches(w, c->m, &mono, &s);
            break;
        default:
            s = view_pane_sel(&c->vs, p, &c->hits.resources);
            view_resources(w, c->m, &mono, &s);
            break;
    }
    return w;
}

static char *paging_argv[] = {"--policy", "fifo", "--frames", "3", "--refs", "1,2,3,4", NULL};

static void test_frame_details(void **state) {
    (void)state;
    ctl c;
    start(&c, cli_paging_build, 6, paging_argv);
    assert_int_equal(c.vs.focus, PANE_MEMORY); /* the paging overview's first pane */
    keys(&c, "nnnn");
    assert_int_equal(c.m->tick, 4);
    assert_int_equal(c.vs.frame_sel, 0);
    ctl_key(&c, '\r');
    assert_int_equal(c.vs.item, PANE_MEMORY);
    WINDOW *w = dialog(&c);
    title_is(w, "Frame 0  tick 4");
    assert_string_equal(dline(w, "frame"), "F0 of 3; fifo replacement");
    assert_string_equal(dline(w, "holds"), "page 4");
    assert_string_equal(dline(w, "dirty"), "no: clean, dropped if evicted");
    assert_string_equal(dline(w, "loaded"), "4th, at tick 3 (a read fault)");
    assert_string_equal(dline(w, "evicting"), "page 1 (clean: dropped)");
    assert_string_equal(dline(w, "fifo"), "3rd of 3 in the queue: the earliest loaded goes first");
    assert_int_equal(find_row(w, 2, "pte"), -1); /* paging has no page tables */
    close_dialog(w);

    /* The dialog's keys: the clock moves under it (the run is over at 4). */
    ctl_key(&c, 27);
    assert_int_equal(c.vs.dialog, DIALOG_NONE);
    /* Right: frame 1, the head of fifo's queue. */
    assert_string_equal(keymap_lookup(view_keymap(&c.vs), KEY_RIGHT), "right");
    ctl_key(&c, KEY_RIGHT);
    assert_int_equal(c.vs.frame_sel, 1);
    ctl_key(&c, '\n');
    w = dialog(&c);
    assert_string_equal(dline(w, "holds"), "page 2");
    assert_string_equal(dline(w, "loaded"), "2nd, at tick 1 (a read fault)");
    assert_string_equal(dline(w, "evicting"), "nothing: it went into a free frame");
    assert_string_equal(dline(w, "fifo"), "1st of 3 in the queue: the earliest loaded goes first");
    close_dialog(w);
    ctl_key(&c, 27);
    /* One row of 8 cells at 78 columns: Down has no frame under it; End,
     * Home, Left at 0. */
    ctl_key(&c, KEY_DOWN);
    assert_int_equal(c.vs.frame_sel, 1);
    ctl_key(&c, KEY_END);
    assert_int_equal(c.vs.frame_sel, 2);
    ctl_key(&c, KEY_HOME);
    assert_int_equal(c.vs.frame_sel, 0);
    ctl_key(&c, KEY_LEFT);
    assert_int_equal(c.vs.frame_sel, 0);
    assert_int_equal(c.m->tick, 4); /* Left moved the selection, not the clock */

    /* Drawn focused: the selected cell bracketed and reversed, the grid a
     * column in; the frame of the last fault (also F0) keeps its '!'. */
    WINDOW *pw = pane(&c, PANE_MEMORY);
    int y = find_row(pw, 0, "Frames 3/3 used");
    assert_true(y > 0);
    assert_string_equal(text_at(pw, y + 1, 0), "[ F0 4 .!]  F1 2 .    F2 3 .");
    assert_true(mvwinch(pw, y + 1, 3) & A_REVERSE);
    assert_string_equal(text_at(pw, 0, 0), "[Memory]  paging  fifo  3 frames");
    /* A click on F2's cell (as drawn) selects it. */
    int x = (int)(strstr(text_at(pw, y + 1, 0), "F2") - text_at(pw, y + 1, 0));
    assert_int_equal(ctl_mouse(&c, c.lay.pane[PANE_MEMORY].y + y + 1, x, CTL_CLICK), ACT_REDRAW);
    assert_int_equal(c.vs.frame_sel, 2);
    delwin(pw);
    /* Unfocused: as before, no brackets. */
    ctl_key(&c, '\t');
    assert_int_equal(c.vs.focus, PANE_LOG);
    pw = pane(&c, PANE_MEMORY);
    assert_string_equal(text_at(pw, y + 1, 0), " F0 4 .!   F1 2 .    F2 3 .");
    assert_string_equal(text_at(pw, 0, 0), " Memory  paging  fifo  3 frames");
    /* A click on F1 from the log focuses the pane and selects it. */
    ctl_mouse(&c, c.lay.pane[PANE_MEMORY].y + y + 1, 11, CTL_CLICK);
    assert_int_equal(c.vs.focus, PANE_MEMORY);
    assert_int_equal(c.vs.frame_sel, 1);
    delwin(pw);
    stop(&c);
}

/* 10 frames at 80 columns: 8 to a grid row, so Down from frame 1 is 9, and
 * from there nothing is under it; a page is the 2 rows shown. */
static void test_frame_moves(void **state) {
    (void)state;
    char *argv[] = {"--policy", "lru", "--frames", "10", "--refs", "1,2,3", NULL};
    ctl c;
    start(&c, cli_paging_build, 6, argv);
    int per_row, rows;
    const layout_rect *r = &c.lay.pane[PANE_MEMORY];
    view_memory_grid(c.m, -1, r->h, r->w, true, &per_row, &rows);
    assert_int_equal(per_row, 8);
    assert_int_equal(rows, 2);
    ctl_key(&c, KEY_RIGHT);
    ctl_key(&c, KEY_DOWN);
    assert_int_equal(c.vs.frame_sel, 9);
    ctl_key(&c, KEY_DOWN);
    assert_int_equal(c.vs.frame_sel, 9);
    ctl_key(&c, KEY_UP);
    assert_int_equal(c.vs.frame_sel, 1);
    ctl_key(&c, KEY_NPAGE);
    assert_int_equal(c.vs.frame_sel, 9);
    ctl_key(&c, KEY_PPAGE);
    assert_int_equal(c.vs.frame_sel, 0);
    stop(&c);
}

static void test_line_details(void **state) {
    (void)state;
    char *argv[] = {"--cpus", "2", "--refs", "0:r:0x0,1:w:0x0", NULL};
    ctl c;
    start(&c, cli_mesi_build, 4, argv);
    assert_int_equal(c.vs.focus, PANE_CACHES);
    /* No valid line yet: nothing to detail. */
    ctl_key(&c, '\r');
    assert_int_equal(c.vs.dialog, DIALOG_NONE);
    assert_string_equal(c.vs.msg, "no cache holds a valid line yet");
    keys(&c, "n");
    assert_int_equal(c.vs.line_cpu, 0); /* CPU0's 0x0, E */
    keys(&c, "n");
    /* CPU0's copy went to I: the selection moves to the only valid line. */
    assert_int_equal(c.vs.line_cpu, 1);
    assert_int_equal(c.vs.line_slot, 0);
    ctl_key(&c, KEY_DOWN);
    ctl_key(&c, KEY_UP);
    assert_int_equal(c.vs.line_cpu, 1);
    assert_int_equal(c.vs.line_slot, 0);
    WINDOW *pw = pane(&c, PANE_CACHES);
    int y = find_row(pw, 0, ">CPU1 s0");
    assert_true(y > 0);
    assert_string_equal(text_at(pw, y, 0), ">CPU1 s0 [0x0 M*] -       -       -");
    assert_string_equal(text_at(pw, y - 1, 0), " CPU0 s0  0x0 I*  -       -       -");
    /* A click on CPU0's I copy selects nothing: it is not valid. */
    ctl_mouse(&c, c.lay.pane[PANE_CACHES].y + y - 1, 11, CTL_CLICK);
    assert_int_equal(c.vs.line_cpu, 1);
    delwin(pw);

    ctl_key(&c, '\r');
    WINDOW *w = dialog(&c);
    title_is(w, "CPU1 set 0 way 0  tick 2");
    assert_string_equal(dline(w, "where"), "CPU1, set 0 of 1, way 0 of 4 (mesi, 64-byte lines)");
    assert_string_equal(dline(w, "line"), "0x0: tag 0x0 (the address >> 6), bytes 0x0-0x3f");
    assert_string_equal(dline(w, "state"), "M, modified: dirty, the only copy (memory is stale)");
    assert_string_equal(dline(w, "LRU"), "stamp 1: by recency 1st of 1 valid way in set 0");
    assert_string_equal(dline(w, "other CPUs"), "CPU0 I");
    assert_string_equal(dline(w, "bus"), "the last 2 transactions on it, newest first:");
    int b = find_row(w, 2, "bus");
    assert_string_equal(text_at(w, b + 1, 2), "  t1  CPU1 write BusRdX   CPU0 E->I inval");
    assert_string_equal(text_at(w, b + 2, 2), "  t0  CPU0 read  BusRd    no other copy");
    close_dialog(w);
    stop(&c);
}

static char *detect_argv[] = {"--detect",
                              "--available",
                              "0,0,0",
                              "--alloc",
                              "0,1,0;2,0,0;3,0,3;2,1,1;0,0,2",
                              "--request",
                              "0,0,0;2,0,2;0,0,1;1,0,0;0,0,2",
                              NULL};

static void test_resource_details(void **state) {
    (void)state;
    ctl c;
    start(&c, cli_deadlock_build, 7, detect_argv);
    assert_int_equal(c.vs.focus, PANE_RESOURCES);
    assert_int_equal(c.vs.res_sel, 0);
    ctl_key(&c, '\r');
    WINDOW *w = dialog(&c);
    title_is(w, "Resource A  tick 0");
    assert_string_equal(dline(w, "instances"), "7 in all: 0 free, 7 held");
    assert_string_equal(dline(w, "held by"), "P1 x2, P2 x3, P3 x2");
    int y = find_row(w, 2, "waiting");
    assert_string_equal(text_at(w, y, 14), "P1 for 2: not enough free (0 free)");
    assert_string_equal(text_at(w, y + 1, 14), "P3 for 1: not enough free (0 free)");
    close_dialog(w);
    /* Two ticks on, under the dialog: detection has concluded. */
    keys(&c, "nn");
    w = dialog(&c);
    title_is(w, "Resource A  tick 2");
    y = find_row(w, 2, "waiting");
    assert_string_equal(text_at(w, y, 14), "P1 for 2: not enough free (0 free); deadlocked");
    assert_string_equal(text_at(w, y + 1, 14), "P3 for 1: not enough free (0 free); deadlocked");
    /* The cycle P1 -> P2 -> P3 -> P1 waits for A, C, A. */
    y = find_row(w, 2, "cycle");
    assert_string_equal(text_at(w, y, 14), "P1 waits for it, P2 holds it");
    assert_string_equal(text_at(w, y + 1, 14), "P3 waits for it, P1 holds it");
    close_dialog(w);
    ctl_key(&c, 27);
    /* B: held by P0 and P3, wanted by nobody. */
    ctl_key(&c, KEY_DOWN);
    assert_int_equal(c.vs.res_sel, 1);
    WINDOW *pw = pane(&c, PANE_RESOURCES);
    y = find_row(pw, 0, "      Allocation");
    assert_string_equal(text_at(pw, y + 1, 0), "          A >B C    A >B C");
    ctl_key(&c, '\r');
    w = dialog(&c);
    assert_string_equal(dline(w, "held by"), "P0 x1, P3 x1");
    assert_string_equal(dline(w, "waiting"), "nobody");
    close_dialog(w);
    ctl_key(&c, 27);
    ctl_key(&c, KEY_END);
    assert_int_equal(c.vs.res_sel, 2);
    ctl_key(&c, KEY_DOWN);
    assert_int_equal(c.vs.res_sel, 2);
    /* A click on column A of the Request matrix (as drawn) selects A. */
    int x = (int)(strrchr(text_at(pw, y + 1, 0), 'A') - text_at(pw, y + 1, 0));
    ctl_mouse(&c, c.lay.pane[PANE_RESOURCES].y + y + 3, x, CTL_CLICK);
    assert_int_equal(c.vs.res_sel, 0);
    delwin(pw);
    stop(&c);
}

static void test_translate_pte_and_tlb(void **state) {
    (void)state;
    char *argv[] = {"--addrs", "0x00403004,0x00403008w", "--tlb", "2", NULL};
    ctl c;
    start(&c, cli_translate_build, 4, argv);
    keys(&c, "nn\r");
    WINDOW *w = dialog(&c);
    assert_string_equal(dline(w, "holds"), "vpn 0x00403 = dir 1 | table 3");
    assert_string_equal(dline(w, "dirty"), "yes: written since loaded (written back if evicted)");
    assert_string_equal(dline(w, "pte"),
                        "0x00000167 = frame 0 | present writable dirty referenced");
    assert_string_equal(dline(w, "TLB"), "CPU0 (1st of 1), most recent first");
    close_dialog(w);
    stop(&c);
}

/* The demo (8 frames, clock) at tick 20, as its log tells it: the 9th
 * fault, P6's write to vpn 0x40005 at tick 19, went into frame 0, where
 * clock's hand had stopped, evicting P2's clean vpn 0x00400; the hand moved
 * on to frame 1; the page-in is still under way (until tick 24), so the
 * frame is pinned, its PTE (valid 0x100, loading 0x400, write 0x4, read 0x2)
 * not yet present and no TLB holds it. */
static void test_machine_frame(void **state) {
    (void)state;
    ctl c;
    start(&c, cli_demo_build, 0, NULL);
    ctl_advance(&c, 20);
    ctl_key(&c, '3');
    layout_req req;
    layout l;
    ctl_layout_req(&c, 100, 30, &req);
    layout_compute(&req, &l);
    ctl_set_layout(&c, &l);
    assert_int_equal(c.vs.focus, PANE_MEMORY);
    ctl_key(&c, '\r');
    WINDOW *w = dialog(&c);
    assert_string_equal(dline(w, "frame"), "F0 of 8; clock, global replacement");
    assert_string_equal(dline(w, "holds"), "P6 (batch) vpn 0x40005 = dir 256 | table 5");
    assert_string_equal(dline(w, "pinned"), "yes: its page-in is under way");
    assert_string_equal(dline(w, "loaded"), "9th, at tick 19 (a write fault)");
    assert_string_equal(dline(w, "evicting"), "P2 (shell) vpn 0x00400 (clean: dropped)");
    assert_string_equal(dline(w, "clock"), "the hand is at F1 (pinned: the hand passes it by)");
    assert_string_equal(dline(w, "pte"), "P6's 0x00000506 = frame 0 | loading writable");
    assert_string_equal(dline(w, "TLB"), "no TLB holds the translation");
    close_dialog(w);
    stop(&c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frame_details),         cmocka_unit_test(test_frame_moves),
        cmocka_unit_test(test_line_details),          cmocka_unit_test(test_resource_details),
        cmocka_unit_test(test_translate_pte_and_tlb), cmocka_unit_test(test_machine_frame),
    };
    return cmocka_run_group_tests(tests, offscreen_setup, offscreen_teardown);
}
