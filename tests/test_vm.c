/* Memory in the full machine (vm.h): scenarios worked by hand, tick by tick.
 *
 * Conventions used below: a page fault at tick t uses that tick; the process
 * is blocked from t+1 and its page-in completes at t + 1 + fault_time (+
 * writeback_time for a dirty victim), when it becomes ready and (if the CPU
 * is free) retries at once. A retry misses the TLB (nothing was inserted for
 * a page that was not present) and finds the page in the page table. */
#include <cjson/cJSON.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "demo.h"
#include "machine.h"
#include "report.h"
#include "vm.h"

#define N(a) (uint32_t)(sizeof(a) / sizeof *(a))

static machine *make(sched_policy pol, const vm_config *vc) {
    sched_config cfg;
    sched_config_default(&cfg, pol);
    machine *m = machine_create(MODE_SCHED, &cfg, 1, 1);
    assert_non_null(m);
    m->record = true;
    char err[128];
    assert_int_equal(vm_attach(m, vc, err, sizeof err), 0);
    return m;
}

static int32_t add(machine *m, const char *name, const prog_step *s, uint32_t n, uint64_t at) {
    int prog = machine_add_program(m, name, s, n);
    assert_true(prog >= 0);
    int32_t pid = machine_add_process(m, name, (uint32_t)prog, at, -1);
    assert_true(pid >= 0);
    return pid;
}

static void run_until(machine *m, uint64_t tick) {
    while (!machine_done(m) && m->tick < tick)
        machine_tick(m);
}

static void run_all(machine *m) {
    for (int guard = 0; !machine_done(m); guard++) {
        assert_true(guard < 100000);
        machine_tick(m);
    }
}

/* The nth (0-based) event of kind (and pid, unless -1), or NULL. */
static const event *find(const machine *m, int kind, int32_t pid, int nth) {
    for (uint64_t s = evlog_first(&m->log); s < evlog_end(&m->log); s++) {
        const event *e = evlog_get(&m->log, s);
        if (e->kind == kind && (pid < 0 || e->pid == pid) && nth-- == 0)
            return e;
    }
    return NULL;
}

static int count(const machine *m, int kind, int32_t pid) {
    int n = 0;
    while (find(m, kind, pid, n))
        n++;
    return n;
}

static vm_config config(uint32_t frames, uint32_t fault_time, uint32_t wb_time) {
    vm_config vc;
    vm_config_default(&vc);
    vc.frames = frames;
    vc.fault_time = fault_time;
    vc.writeback_time = wb_time;
    return vc;
}

#define READ(a) \
    { .kind = STEP_READ, .n = (a) }
#define WRITE(a) \
    { .kind = STEP_WRITE, .n = (a) }
#define IO(t) \
    { .kind = STEP_IO, .n = (t) }
#define RUN(t) \
    { .kind = STEP_RUN, .n = (t) }

/* read 0x1008, read 0x1010; fault time 5. t0: fault (frame 0), blocked
 * t1..t5, ready at 6; t6: the retry misses the TLB and hits the page table;
 * t7: TLB hit. Done after 8 ticks; 3 ticks of CPU (the trap and two reads). */
static void test_fault_blocks_for_the_service_time_then_hits(void **state) {
    (void)state;
    vm_config vc = config(4, 5, 3);
    machine *m = make(SCHED_FIFO, &vc);
    const prog_step s[] = {READ(0x1008), READ(0x1010)};
    int32_t pid = add(m, "p", s, N(s), 0);
    run_all(m);
    assert_int_equal(m->tick, 8);
    const proc *p = machine_proc(m, pid);
    assert_int_equal(p->blocked_time, 5);
    assert_int_equal(p->cpu_time, 3);
    const int32_t want[] = {0, -1, -1, -1, -1, -1, 0, 0};
    for (int t = 0; t < 8; t++)
        assert_int_equal(m->timeline[t], want[t]);
    const event *f = find(m, EV_VM_FAULT, pid, 0);
    assert_non_null(f);
    assert_int_equal(f->tick, 0);
    assert_int_equal(f->a & 0xffffffff, 1); /* vpn 1 */
    assert_int_equal(f->b, 0);              /* frame 0 */
    assert_int_equal(find(m, EV_VM_BLOCK, pid, 0)->b, 6);
    assert_int_equal(find(m, EV_VM_READY, pid, 0)->tick, 6);
    const event *r1 = find(m, EV_VM_REF, pid, 0), *r2 = find(m, EV_VM_REF, pid, 1);
    assert_int_equal(r1->tick, 6);
    assert_int_equal(r1->a, 0x1008);
    assert_int_equal(r1->b, 0x008); /* frame 0 */
    assert_false(r1->c >> 33 & 1);  /* TLB miss */
    assert_int_equal(r2->tick, 7);
    assert_true(r2->c >> 33 & 1); /* TLB hit */
    vm_stats st;
    vm_stats_get(m, &st);
    assert_int_equal(st.faults, 1);
    assert_int_equal(st.refs, 2);
    assert_int_equal(st.tlb_hits, 1);
    assert_int_equal(st.tlb_misses, 2); /* the faulting attempt and the retry */
    uint32_t hist[10];
    vm_fault_history(m, hist, 10); /* ticks -2..7: the one fault at t0 */
    const uint32_t want_hist[] = {0, 0, 1, 0, 0, 0, 0, 0, 0, 0};
    assert_memory_equal(hist, want_hist, sizeof hist);
    char buf[200];
    event_format(m, f, buf, sizeof buf);
    assert_string_equal(buf, "P0 (p) page fault on vpn 0x1 (read) -> free frame 0, a zero-filled "
                             "page on first touch");
    event_format(m, find(m, EV_VM_BLOCK, pid, 0), buf, sizeof buf);
    assert_string_equal(buf, "P0 (p) blocks until tick 6: 5 ticks to read vpn 0x1 in");
    machine_destroy(m);
}

/* One frame; fault 5, write-back 3. t0 write 0x1000 faults -> ready 6; t6
 * the write completes (dirty); t7 read 0x2000 faults, evicting dirty vpn 1:
 * ready at 7 + 1 + 3 + 5 = 16 (a clean victim: 13). t16 retry, t17 read
 * 0x2004 hits the TLB. */
static void test_dirty_victim_adds_the_writeback_time(void **state) {
    (void)state;
    for (int dirty = 0; dirty <= 1; dirty++) {
        vm_config vc = config(1, 5, 3);
        machine *m = make(SCHED_FIFO, &vc);
        const prog_step s[] = {dirty ? (prog_step)WRITE(0x1000) : (prog_step)READ(0x1000),
                               READ(0x2000), READ(0x2004), IO(10)};
        int32_t pid = add(m, "p", s, N(s), 0);
        run_until(m, 8);
        const event *f = find(m, EV_VM_FAULT, pid, 1);
        assert_non_null(f);
        assert_int_equal(f->tick, 7);
        assert_true(f->a >> 33 & 1); /* a victim */
        assert_int_equal(f->a >> 34 & 1, dirty);
        assert_int_equal(f->c, (int64_t)pid << 32 | 1); /* P0:0x1 */
        assert_int_equal(find(m, EV_VM_BLOCK, pid, 1)->b, dirty ? 16 : 13);
        /* The victim's PTE: valid, not present, in swap only if it was dirty. */
        vm_pte_view pt[4];
        assert_int_equal(vm_page_table(m, pid, 0, pt, 4), 2);
        assert_int_equal(pt[0].vpn, 1);
        assert_false(pt[0].present);
        assert_int_equal(pt[0].swapped, dirty);
        assert_int_equal(pt[1].vpn, 2);
        assert_true(pt[1].loading);
        assert_int_equal(pt[1].frame, 0);
        vm_stats st;
        vm_stats_get(m, &st);
        assert_int_equal(st.writebacks, (uint64_t)dirty);
        assert_int_equal(st.swap_pages, (uint32_t)dirty);
        run_until(m, 18);
        const event *r = find(m, EV_VM_REF, pid, 2);
        assert_int_equal(r->tick, dirty ? 17 : 14);
        assert_true(r->c >> 33 & 1); /* TLB hit on vpn 2 */
        assert_int_equal(machine_proc(m, pid)->blocked_time, 5 + (dirty ? 8 : 5));
        run_all(m);
        const event *fr = find(m, EV_VM_FREE, pid, 0);
        assert_int_equal(fr->a, 1);     /* one frame */
        assert_int_equal(fr->b, dirty); /* its swap copy */
        machine_destroy(m);
    }
}

/* 4 frames, lru, fault time 1. B (pid 0, arrives 0) reads vpn 0 (t0, ready
 * t2) and vpn 1 (t3, ready t5), then blocks on I/O until t56. A (pid 1,
 * arrives 10) reads vpn 0 (frame 2, t10), vpn 1 (frame 3, t13), then vpn 2
 * at t16 with memory full. LRU order then: B:0 (t2), B:1 (t5), A:0 (t12),
 * A:1 (t15). Global: B:0 in frame 0 goes. Local (quota 2: B has frames 0-1,
 * A frames 2-3): A's own least recently used, A:0 in frame 2. */
static void test_local_and_global_pick_different_victims(void **state) {
    (void)state;
    for (int local = 0; local <= 1; local++) {
        vm_config vc = config(4, 1, 0);
        vc.local = local;
        vc.quota = 2;
        machine *m = make(SCHED_FIFO, &vc);
        const prog_step b[] = {READ(0x0000), READ(0x1000), IO(50)};
        const prog_step a[] = {READ(0x0000), READ(0x1000), READ(0x2000)};
        int32_t pb = add(m, "B", b, N(b), 0), pa = add(m, "A", a, N(a), 10);
        run_until(m, 17);
        const vm_fault_info *f = vm_last_fault(m);
        assert_int_equal(f->tick, 16);
        assert_int_equal(f->pid, pa);
        assert_int_equal(f->vpn, 2);
        assert_true(f->evicted);
        assert_int_equal(f->victim_pid, local ? pa : pb);
        assert_int_equal(f->victim_vpn, 0);
        assert_int_equal(f->frame, local ? 2 : 0);
        vm_frame_view fv;
        vm_frame_get(m, f->frame, &fv);
        assert_int_equal(fv.pid, pa);
        assert_int_equal(fv.vpn, 2);
        assert_true(fv.pinned && fv.loading);
        vm_frame_get(m, 0, &fv); /* B:0 kept its frame only under local replacement */
        assert_int_equal(fv.pid, local ? pb : pa);
        if (local) {
            const event *g = find(m, EV_VM_LOCAL, pa, 0);
            assert_int_equal(g->a, 2); /* frames given */
            assert_int_equal(g->c, 2); /* from frame 2 */
        } else {
            assert_int_equal(count(m, EV_VM_LOCAL, -1), 0);
        }
        machine_destroy(m);
    }
}

/* Two processes under rr (quantum 1), each reading its own page 0x1000 four
 * times; fault time 0. t0 P0 faults, t1 P1 faults, then they alternate: P0
 * at t2,4,6,8 and P1 at t3,5,7,9. Flushing on every switch, all 10 lookups
 * miss; tagged, only the 2 faulting attempts and the 2 first retries miss. */
static void test_tlb_flush_versus_tagged(void **state) {
    (void)state;
    for (int tagged = 0; tagged <= 1; tagged++) {
        vm_config vc = config(8, 0, 0);
        vc.tlb_tagged = tagged;
        machine *m = make(SCHED_RR, &vc);
        const prog_step s[] = {READ(0x1000), READ(0x1000), READ(0x1000), READ(0x1000)};
        add(m, "a", s, N(s), 0);
        add(m, "b", s, N(s), 0);
        run_all(m);
        assert_int_equal(m->tick, 10);
        vm_stats st;
        vm_stats_get(m, &st);
        assert_int_equal(st.tlb_hits, tagged ? 6 : 0);
        assert_int_equal(st.tlb_misses, tagged ? 4 : 10);
        /* Flushes that dropped something: t3..t8 (at t9 P0 has exited and
         * taken its entry with it). */
        assert_int_equal(count(m, EV_VM_TLB_FLUSH, -1), tagged ? 0 : 6);
        machine_destroy(m);
    }
}

/* Two CPUs (sjf), tagged TLBs, 2 frames, fault time 0. t0: A faults on
 * CPU0, B on CPU1; t1: A's retry puts A:0x1 in CPU0's TLB, then A starts an
 * I/O; B's retry on CPU1. t2: B faults on 0x2000 on CPU1; least recently
 * used is A:0x1 (touched first at t1, CPU0 going first), so CPU0's entry for
 * it must go too. */
static void test_eviction_shoots_down_other_cpus(void **state) {
    (void)state;
    vm_config vc = config(2, 0, 0);
    vc.tlb_tagged = true;
    sched_config cfg;
    sched_config_default(&cfg, SCHED_SJF);
    machine *m = machine_create(MODE_SCHED, &cfg, 2, 1);
    char err[128];
    assert_int_equal(vm_attach(m, &vc, err, sizeof err), 0);
    const prog_step a[] = {READ(0x1000), IO(20), READ(0x1000)};
    const prog_step b[] = {READ(0x1000), READ(0x2000), READ(0x3000)};
    int32_t pa = add(m, "a", a, N(a), 0), pb = add(m, "b", b, N(b), 0);
    run_until(m, 2);
    vm_tlb_view tv[4];
    assert_int_equal(vm_tlb_get(m, 0, tv, 4), 1);
    assert_int_equal(tv[0].pid, pa);
    assert_int_equal(tv[0].vpn, 1);
    run_until(m, 3);
    const event *sd = find(m, EV_VM_TLB_SHOOT, -1, 0);
    assert_non_null(sd);
    assert_int_equal(sd->tick, 2);
    assert_int_equal(sd->cpu, 0);
    assert_int_equal(sd->pid, pa);
    assert_int_equal(sd->a, 1);
    assert_int_equal(find(m, EV_VM_FAULT, pb, 1)->cpu, 1);
    assert_int_equal(vm_tlb_get(m, 0, tv, 4), 0);
    const vm_lookup *lk = vm_last_lookup(m, 1);
    assert_int_equal(lk->pid, pb);
    assert_int_equal(lk->vaddr, 0x2000);
    assert_true(lk->fault);
    assert_int_equal(lk->frame, 0);
    machine_destroy(m);
}

/* Two levels, 10/10/12: vaddrs in directory entries 0, 0, 1, 1 and 512 need
 * three page-table pages, each allocated at the first reference below it.
 * A linear table allocates none. Fault time 0: read k faults at t=2k. */
static void test_two_level_tables_are_allocated_lazily(void **state) {
    (void)state;
    for (int levels = 1; levels <= 2; levels++) {
        vm_config vc = config(8, 0, 0);
        vc.levels = levels;
        machine *m = make(SCHED_FIFO, &vc);
        const prog_step s[] = {READ(0x00000000), READ(0x00001000), READ(0x00400000),
                               READ(0x00403004), READ(0x80000000), IO(10)};
        int32_t pid = add(m, "p", s, N(s), 0);
        run_until(m, 12);
        vm_proc_view pv;
        vm_proc_get(m, pid, &pv);
        assert_int_equal(pv.resident, 5);
        if (levels == 2) {
            assert_int_equal(pv.table_pages, 3);
            assert_int_equal(count(m, EV_VM_PT_ALLOC, pid), 3);
            const int64_t dirs[] = {0, 1, 512}, ticks[] = {0, 4, 8};
            for (int i = 0; i < 3; i++) {
                assert_int_equal(find(m, EV_VM_PT_ALLOC, pid, i)->a, dirs[i]);
                assert_int_equal(find(m, EV_VM_PT_ALLOC, pid, i)->b, i + 1);
                assert_int_equal(find(m, EV_VM_PT_ALLOC, pid, i)->tick, ticks[i]);
            }
            uint32_t d[8];
            assert_int_equal(vm_page_dirs(m, pid, d, 8), 3);
            assert_int_equal(d[2], 512);
        } else {
            assert_int_equal(pv.table_pages, 0);
            assert_int_equal(count(m, EV_VM_PT_ALLOC, -1), 0);
        }
        vm_pte_view pt[8];
        assert_int_equal(vm_page_table(m, pid, 0, pt, 8), 5);
        const uint32_t vpns[] = {0, 1, 0x400, 0x403, 0x80000};
        for (int i = 0; i < 5; i++) {
            assert_int_equal(pt[i].vpn, vpns[i]);
            assert_true(pt[i].present && pt[i].referenced && !pt[i].dirty);
            assert_int_equal(pt[i].frame, (uint32_t)i); /* lowest free frame each time */
        }
        assert_int_equal(pt[4].dir, levels == 2 ? 512 : 0);
        run_all(m);
        vm_proc_get(m, pid, &pv); /* after the exit: nothing held, the count kept */
        assert_false(pv.has_memory);
        assert_int_equal(pv.resident, 0);
        assert_int_equal(pv.table_pages, levels == 2 ? 3 : 0);
        assert_int_equal(vm_page_table(m, pid, 0, pt, 8), 0);
        machine_destroy(m);
    }
}

/* n processes, each referencing its own 4 pages only (locality 100, hot set =
 * range = 4 pages), 8 frames, rr. A working set can hold at most 4 pages, so
 * with 1 or 2 processes they add up to at most 8 = the frames: never
 * thrashing. With 3 they want 12 > 8 frames and keep evicting each other:
 * the warning comes, and goes when the first process exits. */
static void test_thrashing_when_processes_are_added(void **state) {
    (void)state;
    for (int n = 1; n <= 3; n++) {
        vm_config vc = config(8, 2, 1);
        machine *m = make(SCHED_RR, &vc);
        const prog_step s[] = {RUN(200)};
        int prog = machine_add_program(m, "w", s, 1);
        vm_model md = {.base = 0x10000000, .pages = 4, .hot = 4, .locality = 100, .writes = 50};
        char err[128];
        assert_int_equal(vm_set_model(m, (uint32_t)prog, &md, err, sizeof err), 0);
        for (int i = 0; i < n; i++)
            machine_add_process(m, "w", (uint32_t)prog, 0, -1);
        uint32_t max_ws = 0;
        while (!machine_done(m)) {
            machine_tick(m);
            vm_stats st;
            vm_stats_get(m, &st);
            if (st.ws_total > max_ws)
                max_ws = st.ws_total;
        }
        assert_int_equal(max_ws, 4 * (uint32_t)n);
        if (n < 3) {
            assert_int_equal(count(m, EV_VM_THRASH, -1), 0);
            machine_destroy(m);
            continue;
        }
        const event *on = find(m, EV_VM_THRASH, -1, 0), *off = find(m, EV_VM_THRASH, -1, 1);
        /* One CPU: at most one new page a tick, so the working sets pass 8
         * at 9, while cold faults keep the rate high. */
        assert_non_null(on);
        assert_int_equal(on->a, 1);
        assert_int_equal(on->b, 9);
        assert_int_equal(on->c & 0xffffffff, 8);
        assert_true((on->c >> 32) >= 30);
        assert_non_null(off);
        assert_int_equal(off->a, 0);
        assert_int_equal(off->b, 8); /* two working sets left: they fit */
        const event *exit0 = find(m, EV_EXIT, -1, 0);
        assert_int_equal(off->tick, exit0->tick);
        machine_destroy(m);
    }
}

/* Fault time 0, fifo. t0 P0 faults, t1 P1 faults, t2 P0 reads, t3 P0 faults,
 * t4 P1 reads and starts an I/O until t105, t5 P0 reads, t6 faults, t7 reads
 * its third page and exits. P1 holds one page. The exit
 * frees P0's frames (global: back to the pager; local: back to the pool),
 * and a process killed in the middle of a page-in frees its pinned frame. */
static void test_exit_and_kill_free_frames(void **state) {
    (void)state;
    for (int local = 0; local <= 1; local++) {
        vm_config vc = config(8, 0, 0);
        vc.local = local;
        vc.quota = 4;
        machine *m = make(SCHED_FIFO, &vc);
        const prog_step a[] = {READ(0x1000), READ(0x2000), READ(0x3000)};
        const prog_step b[] = {READ(0x1000), IO(100), READ(0x5000)};
        int32_t pa = add(m, "a", a, N(a), 0), pb = add(m, "b", b, N(b), 0);
        run_until(m, 10);
        assert_int_equal(machine_proc(m, pa)->state, PROC_TERMINATED);
        const event *fr = find(m, EV_VM_FREE, pa, 0);
        assert_non_null(fr);
        assert_int_equal(fr->a, 3);
        vm_stats st;
        vm_stats_get(m, &st);
        assert_int_equal(st.frames_used, 1);
        int owned = 0;
        for (uint32_t f = 0; f < 8; f++) {
            vm_frame_view fv;
            vm_frame_get(m, f, &fv);
            assert_true(fv.pid != pa);
            owned += fv.pid == pb;
        }
        assert_int_equal(owned, local ? 4 : 1); /* local: b keeps its whole quota */
        if (local)
            assert_int_equal(m->vm->nfree, 4);
        /* b's last read faults at t105 (ready at t106): kill it while it waits. */
        run_until(m, 106);
        assert_int_equal(machine_proc(m, pb)->block_reason, BLOCK_FAULT);
        vm_frame_view fv;
        vm_frame_get(m, vm_last_fault(m)->frame, &fv);
        assert_true(fv.pinned);
        assert_int_equal(machine_kill(m, pb), 0);
        vm_stats_get(m, &st);
        assert_int_equal(st.frames_used, 0);
        assert_int_equal(find(m, EV_VM_FREE, pb, 0)->a, 2);
        assert_true(machine_done(m));
        machine_destroy(m);
    }
}

/* One frame, two processes: P0 faults at t0 (its frame pinned until the
 * retry, ready at 3). P1 faults at t1 and finds no frame to evict: it waits.
 * t3: P0 retries and exits, freeing the frame; t4: P1 is woken, retries,
 * faults into frame 0, is ready at 7 and done at 8. */
static void test_no_frame_to_evict_waits(void **state) {
    (void)state;
    vm_config vc = config(1, 2, 0);
    machine *m = make(SCHED_FIFO, &vc);
    const prog_step a[] = {READ(0x1000)}, b[] = {READ(0x2000)};
    int32_t pa = add(m, "a", a, 1, 0), pb = add(m, "b", b, 1, 0);
    run_all(m);
    assert_int_equal(find(m, EV_VM_WAIT, pb, 0)->tick, 1);
    assert_int_equal(find(m, EV_VM_WAKE, pb, 0)->tick, 4);
    assert_int_equal(find(m, EV_VM_FAULT, pb, 0)->tick, 4);
    assert_int_equal(find(m, EV_EXIT, pa, 0)->tick, 3);
    assert_int_equal(m->tick, 8);
    assert_int_equal(m->vm->faults, 2); /* waiting is not a second fault */
    machine_destroy(m);
}

/* Pages 1,2,3,1,2 with 2 frames, fault time 0. opt, knowing the program:
 * at 3 it evicts 2 (next used after 1), 1 hits, 2 faults: 4 faults.
 * lru evicts 1 at 3, then 1 and 2 both fault: 5. */
static void test_opt_reads_the_program_ahead(void **state) {
    (void)state;
    for (int opt = 0; opt <= 1; opt++) {
        vm_config vc = config(2, 0, 0);
        vc.policy = opt ? PAGER_OPT : PAGER_LRU;
        machine *m = make(SCHED_FIFO, &vc);
        const prog_step s[] = {READ(0x1000), READ(0x2000), READ(0x3000), READ(0x1000),
                               READ(0x2000)};
        int32_t pid = add(m, "p", s, N(s), 0);
        run_all(m);
        assert_int_equal(m->vm->faults, opt ? 4 : 5);
        const event *third = find(m, EV_VM_FAULT, pid, 2);
        assert_int_equal(third->c & 0xffffffff, opt ? 2 : 1);
        machine_destroy(m);
    }
}

/* A generated stream belongs to its process: two policies, same seed, the
 * same addresses in the same order for each process. */
static void test_generated_streams_do_not_depend_on_the_policy(void **state) {
    (void)state;
    uint32_t seen[2][2][40];
    for (int pol = 0; pol < 2; pol++) {
        vm_config vc = config(3, 2, 1);
        vc.policy = pol ? PAGER_FIFO : PAGER_OPT;
        machine *m = make(SCHED_RR, &vc);
        const prog_step s[] = {RUN(40)};
        int prog = machine_add_program(m, "g", s, 1);
        vm_model md = {
            .base = 0x400000, .pages = 10, .hot = 3, .locality = 80, .writes = 25, .phase = 7};
        char err[128];
        assert_int_equal(vm_set_model(m, (uint32_t)prog, &md, err, sizeof err), 0);
        machine_add_process(m, "g", (uint32_t)prog, 0, -1);
        machine_add_process(m, "g", (uint32_t)prog, 0, -1);
        run_all(m);
        for (int pid = 0; pid < 2; pid++) {
            assert_int_equal(count(m, EV_VM_REF, pid), 40);
            for (int i = 0; i < 40; i++) {
                uint32_t a = (uint32_t)find(m, EV_VM_REF, pid, i)->a;
                assert_true(a >= 0x400000 && a < 0x400000 + 10 * 4096 && a % 4 == 0);
                seen[pol][pid][i] = a;
            }
        }
        machine_destroy(m);
    }
    assert_memory_equal(seen[0], seen[1], sizeof seen[0]);
    assert_memory_not_equal(seen[0][0], seen[0][1], sizeof seen[0][0]); /* own generators */
}

/* A scan goes through its range page after page and starts again, every
 * offset a multiple of 4 inside its page; writes as often as asked. */
static void test_scan_goes_page_by_page(void **state) {
    (void)state;
    vm_model md = {.base = 0x10000000, .pages = 5, .hot = 5, .writes = 0, .scan = true};
    rng r;
    rng_seed(&r, 3);
    vm_gen g;
    vm_gen_seed(&g, &r);
    for (uint32_t i = 0; i < 12; i++) {
        uint32_t vaddr;
        bool write;
        vm_gen_next(&g, &md, 12, &vaddr, &write);
        assert_int_equal((vaddr - md.base) >> 12, i % 5);
        assert_int_equal(vaddr % 4, 0);
        assert_false(write);
    }
    md.writes = 100;
    uint32_t vaddr;
    bool write;
    vm_gen_next(&g, &md, 12, &vaddr, &write);
    assert_true(write);
    assert_int_equal((vaddr - md.base) >> 12, 12 % 5);
}

static void test_nru_clears_every_period(void **state) {
    (void)state;
    vm_config vc = config(4, 0, 0);
    vc.policy = PAGER_NRU;
    vc.nru_period = 4;
    machine *m = make(SCHED_FIFO, &vc);
    const prog_step s[] = {READ(0x1000), READ(0x2000), READ(0x1000), READ(0x1000), RUN(3)};
    add(m, "p", s, N(s), 0);
    run_all(m); /* faults t0, t2; refs t1, t3, t4, t5; run t6..t8 */
    assert_int_equal(m->tick, 9);
    assert_int_equal(count(m, EV_VM_NRU_CLEAR, -1), 2);
    const event *c1 = find(m, EV_VM_NRU_CLEAR, -1, 0), *c2 = find(m, EV_VM_NRU_CLEAR, -1, 1);
    assert_int_equal(c1->tick, 4);
    assert_int_equal(c1->a, 2); /* both pages were referenced in ticks 0-3 */
    assert_int_equal(c2->tick, 8);
    assert_int_equal(c2->a, 1); /* only vpn 1, at t4 and t5 */
    machine_destroy(m);
}

static void test_bad_settings_are_named(void **state) {
    (void)state;
    sched_config cfg;
    sched_config_default(&cfg, SCHED_FIFO);
    machine *m = machine_create(MODE_SCHED, &cfg, 1, 1);
    char err[128];
    vm_config vc = config(0, 1, 1);
    assert_int_equal(vm_attach(m, &vc, err, sizeof err), -1);
    assert_string_equal(err, "memory: frames must be 1 to 1048576");
    vc = config(4, 1, 1);
    vc.window = 5000;
    assert_int_equal(vm_attach(m, &vc, err, sizeof err), -1);
    assert_string_equal(err, "memory: the window must be 1 to 1024 references");
    vc = config(4, 1, 1);
    assert_int_equal(vm_attach(m, &vc, err, sizeof err), 0);
    const prog_step s[] = {RUN(1)};
    int prog = machine_add_program(m, "p", s, 1);
    vm_model md = {.base = 0x1001, .pages = 1, .hot = 1};
    assert_int_equal(vm_set_model(m, (uint32_t)prog, &md, err, sizeof err), -1);
    assert_string_equal(err, "memory model: base 0x1001 is not page aligned");
    md = (vm_model){.base = 0x1000, .pages = 2, .hot = 3};
    assert_int_equal(vm_set_model(m, (uint32_t)prog, &md, err, sizeof err), -1);
    assert_string_equal(err, "memory model: the hot set must be 1 to 2 pages");
    md = (vm_model){.base = 0xfffff000, .pages = 2, .hot = 1};
    assert_int_equal(vm_set_model(m, (uint32_t)prog, &md, err, sizeof err), -1);
    machine_destroy(m);
}

/* The demo: memory moves within its first 100 ticks, the same seed gives
 * the same events, every event has a sentence, the report has the totals. */
static void test_demo_memory_is_deterministic(void **state) {
    (void)state;
    machine *a = demo_create(7), *b = demo_create(7);
    run_until(a, 100);
    assert_true(count(a, EV_VM_FAULT, -1) > 0);
    int evict = 0, dirty = 0;
    for (int i = 0; find(a, EV_VM_FAULT, -1, i); i++) {
        evict += find(a, EV_VM_FAULT, -1, i)->a >> 33 & 1;
        dirty += find(a, EV_VM_FAULT, -1, i)->a >> 34 & 1;
    }
    assert_true(evict > 0 && dirty > 0);
    run_all(a);
    run_all(b);
    assert_int_equal(evlog_end(&a->log), evlog_end(&b->log));
    char buf[256];
    for (uint64_t s = evlog_first(&a->log); s < evlog_end(&a->log); s++) {
        const event *x = evlog_get(&a->log, s), *y = evlog_get(&b->log, s);
        assert_int_equal(x->tick, y->tick);
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->pid, y->pid);
        assert_int_equal(x->a, y->a);
        assert_int_equal(x->b, y->b);
        assert_int_equal(x->c, y->c);
        event_format(a, x, buf, sizeof buf);
        assert_null(strstr(buf, "memory event"));
    }
    /* Another seed, other generated streams. */
    machine *c = demo_create(8);
    run_all(c);
    assert_true(evlog_end(&c->log) != evlog_end(&a->log) ||
                find(c, EV_VM_REF, -1, 20)->a != find(a, EV_VM_REF, -1, 20)->a);
    cJSON *r = report_build(a, true);
    const cJSON *mem = cJSON_GetObjectItemCaseSensitive(r, "memory");
    assert_non_null(mem);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(mem, "faults")->valuedouble,
                     (double)a->vm->faults);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(mem, "frames_used")->valuedouble, 0);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(mem, "policy")->valuestring, "clock");
    cJSON_Delete(r);
    machine_destroy(a);
    machine_destroy(b);
    machine_destroy(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fault_blocks_for_the_service_time_then_hits),
        cmocka_unit_test(test_dirty_victim_adds_the_writeback_time),
        cmocka_unit_test(test_local_and_global_pick_different_victims),
        cmocka_unit_test(test_tlb_flush_versus_tagged),
        cmocka_unit_test(test_eviction_shoots_down_other_cpus),
        cmocka_unit_test(test_two_level_tables_are_allocated_lazily),
        cmocka_unit_test(test_thrashing_when_processes_are_added),
        cmocka_unit_test(test_exit_and_kill_free_frames),
        cmocka_unit_test(test_no_frame_to_evict_waits),
        cmocka_unit_test(test_opt_reads_the_program_ahead),
        cmocka_unit_test(test_generated_streams_do_not_depend_on_the_policy),
        cmocka_unit_test(test_scan_goes_page_by_page),
        cmocka_unit_test(test_nru_clears_every_period),
        cmocka_unit_test(test_bad_settings_are_named),
        cmocka_unit_test(test_demo_memory_is_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
