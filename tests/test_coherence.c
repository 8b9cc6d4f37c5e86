/* coherence: the protocol tables, hand-worked MESI/MSI/MOESI traces, evictions,
 * miss classification, event sentences, and the mesi quick mode end to end. */
/* cmocka needs these first, in this order. */
// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include <cjson/cJSON.h>
#include <string.h>

#include "cli.h"
#include "coherence.h"
#include "machine.h"
#include "report.h"

/* The line's states in every CPU as a string like "SIM". */
static const char *states(const coh *c, uint64_t addr) {
    static char buf[COH_MAX_CPUS + 1];
    uint8_t st[COH_MAX_CPUS];
    coherence_states(c, addr, st);
    for (int i = 0; i < c->ncpus; i++)
        buf[i] = coh_state_name((coh_state)st[i])[0];
    buf[c->ncpus] = '\0';
    return buf;
}

static void test_tables(void **state) {
    (void)state;
    const coh_proc_rule *p = coh_proc_rule_of(COH_MESI, COH_I, false);
    assert_int_equal(p->bus, COH_BUS_RD);
    assert_int_equal(p->next_shared, COH_S);
    assert_int_equal(p->next_alone, COH_E);
    p = coh_proc_rule_of(COH_MSI, COH_I, false);
    assert_int_equal(p->next_alone, COH_S); /* MSI has no E */
    p = coh_proc_rule_of(COH_MESI, COH_S, true);
    assert_int_equal(p->bus, COH_BUS_UPGR);
    assert_int_equal(p->next_alone, COH_M);
    p = coh_proc_rule_of(COH_MESI, COH_E, true);
    assert_int_equal(p->bus, COH_BUS_NONE); /* silent upgrade */
    assert_int_equal(p->next_alone, COH_M);
    p = coh_proc_rule_of(COH_MOESI, COH_O, true);
    assert_int_equal(p->bus, COH_BUS_UPGR);

    const coh_snoop_rule *s = coh_snoop_rule_of(COH_MESI, COH_M, COH_BUS_RD);
    assert_int_equal(s->next, COH_S);
    assert_int_equal(s->flags, COH_F_FLUSH | COH_F_SUPPLY);
    s = coh_snoop_rule_of(COH_MESI, COH_M, COH_BUS_RDX);
    assert_int_equal(s->next, COH_I);
    assert_false(s->flags & COH_F_INVAL); /* a flush, not counted as an invalidation */
    s = coh_snoop_rule_of(COH_MESI, COH_E, COH_BUS_RDX);
    assert_int_equal(s->next, COH_I);
    assert_int_equal(s->flags, COH_F_INVAL);
    s = coh_snoop_rule_of(COH_MESI, COH_E, COH_BUS_RD);
    assert_int_equal(s->next, COH_S);
    s = coh_snoop_rule_of(COH_MSI, COH_S, COH_BUS_UPGR);
    assert_int_equal(s->next, COH_I);
    assert_int_equal(s->flags, COH_F_INVAL);
    s = coh_snoop_rule_of(COH_MOESI, COH_M, COH_BUS_RD);
    assert_int_equal(s->next, COH_O);
    assert_int_equal(s->flags, COH_F_SUPPLY); /* no write-back in MOESI */
    s = coh_snoop_rule_of(COH_MOESI, COH_O, COH_BUS_RD);
    assert_int_equal(s->next, COH_O);

    assert_true(coh_state_dirty(COH_O));
    assert_false(coh_state_dirty(COH_E));
    assert_string_equal(coh_bus_name(COH_BUS_RDX), "BusRdX");
    assert_null(coh_bus_name(COH_BUS_NONE));
    assert_int_equal(coh_protocol_parse("moesi"), COH_MOESI);
    assert_int_equal(coh_protocol_parse("MESI"), -1);
}

/* Two CPUs, MESI, one 4-way set of 64-byte lines; every step worked by hand
 * from the spec's table. */
static void test_mesi_trace(void **state) {
    (void)state;
    coh c;
    coh_result r;
    assert_int_equal(coherence_init(&c, COH_MESI, 2, 1, 4, 64), 0);

    /* CPU0 reads 0x40: nobody else has it -> E. */
    assert_int_equal(coherence_access(&c, 0, false, 0x40, &r), 0);
    assert_false(r.hit);
    assert_int_equal(r.bus, COH_BUS_RD);
    assert_int_equal(r.line_addr, 0x40);
    assert_int_equal(r.miss, COH_MISS_COLD);
    assert_int_equal(r.nsnoops, 0);
    assert_string_equal(states(&c, 0x40), "EI");

    /* CPU1 reads 0x44 (same line): E -> S, requester S. */
    coherence_access(&c, 1, false, 0x44, &r);
    assert_int_equal(r.bus, COH_BUS_RD);
    assert_int_equal(r.nsnoops, 1);
    assert_int_equal(r.snoops[0].cpu, 0);
    assert_int_equal(r.snoops[0].from, COH_E);
    assert_int_equal(r.snoops[0].to, COH_S);
    assert_string_equal(states(&c, 0x40), "SS");

    /* CPU1 writes: hit in S -> BusUpgr, CPU0 invalidated. */
    coherence_access(&c, 1, true, 0x48, &r);
    assert_true(r.hit);
    assert_int_equal(r.bus, COH_BUS_UPGR);
    assert_int_equal(r.from, COH_S);
    assert_int_equal(r.to, COH_M);
    assert_string_equal(states(&c, 0x40), "IM");
    assert_int_equal(c.total.invalidations, 1);

    /* CPU0 reads again: a coherence miss; CPU1 flushes M -> S (a write-back)
     * and supplies the data. */
    coherence_access(&c, 0, false, 0x40, &r);
    assert_false(r.hit);
    assert_int_equal(r.miss, COH_MISS_COHERENCE);
    assert_int_equal(r.supplier, 1);
    assert_int_equal(r.snoops[0].flags, COH_F_FLUSH | COH_F_SUPPLY);
    assert_string_equal(states(&c, 0x40), "SS");
    assert_int_equal(c.total.writebacks, 1);

    /* CPU0 writes (BusUpgr), then CPU1 writes: a miss, BusRdX, CPU0 M
     * flushes -> I, which is a write-back but not an invalidation. */
    coherence_access(&c, 0, true, 0x40, &r);
    assert_int_equal(r.bus, COH_BUS_UPGR);
    assert_string_equal(states(&c, 0x40), "MI");
    coherence_access(&c, 1, true, 0x40, &r);
    assert_false(r.hit);
    assert_int_equal(r.bus, COH_BUS_RDX);
    assert_int_equal(r.miss, COH_MISS_COHERENCE);
    assert_string_equal(states(&c, 0x40), "IM");

    assert_int_equal(c.total.hits, 2);
    assert_int_equal(c.total.misses, 4);
    assert_int_equal(c.total.bus_rd, 3);
    assert_int_equal(c.total.bus_rdx, 1);
    assert_int_equal(c.total.bus_upgr, 2);
    assert_int_equal(c.total.invalidations, 2);
    assert_int_equal(c.total.writebacks, 2);
    assert_int_equal(c.total.supplies, 2);
    assert_int_equal(c.total.miss_kind[COH_MISS_COLD], 2);
    assert_int_equal(c.total.miss_kind[COH_MISS_COHERENCE], 2);
    /* Per CPU: what it did, and what happened to its lines. */
    assert_int_equal(c.per_cpu[0].hits, 1);
    assert_int_equal(c.per_cpu[0].misses, 2);
    assert_int_equal(c.per_cpu[0].bus_upgr, 1);
    assert_int_equal(c.per_cpu[0].invalidations, 1);
    assert_int_equal(c.per_cpu[0].writebacks, 1);
    assert_int_equal(c.per_cpu[1].hits, 1);
    assert_int_equal(c.per_cpu[1].misses, 2);
    assert_int_equal(c.per_cpu[1].bus_rdx, 1);
    assert_int_equal(c.per_cpu[1].invalidations, 1);
    assert_int_equal(c.per_cpu[1].writebacks, 1);

    assert_int_equal(coherence_access(&c, 2, false, 0, &r), -1);
    assert_int_equal(coherence_access(&c, -1, false, 0, &r), -1);
    coherence_free(&c);
}

static void test_msi_upgrade_alone(void **state) {
    (void)state;
    coh c;
    coh_result r;
    assert_int_equal(coherence_init(&c, COH_MSI, 1, 1, 4, 16), 0);
    coherence_access(&c, 0, false, 100, &r);
    assert_int_equal(r.to, COH_S); /* no E in MSI */
    /* A write hit in S issues BusUpgr even though nobody else holds it. */
    coherence_access(&c, 0, true, 96, &r);
    assert_true(r.hit);
    assert_int_equal(r.bus, COH_BUS_UPGR);
    assert_int_equal(r.to, COH_M);
    assert_int_equal(c.total.invalidations, 0);
    coherence_access(&c, 0, true, 111, &r);
    assert_true(r.hit);
    assert_int_equal(r.bus, COH_BUS_NONE);
    assert_int_equal(c.total.bus_upgr, 1);
    coherence_free(&c);
}

/* One CPU with a single one-way set: every new line evicts the last. */
static void test_evictions(void **state) {
    (void)state;
    coh c;
    coh_result r;
    assert_int_equal(coherence_init(&c, COH_MESI, 1, 1, 1, 64), 0);
    coherence_access(&c, 0, true, 0x10, &r); /* M */
    assert_false(r.evicted);
    coherence_access(&c, 0, false, 0x40, &r); /* evicts the M line: written back */
    assert_true(r.evicted);
    assert_true(r.victim_wb);
    assert_int_equal(r.victim_addr, 0);
    assert_int_equal(r.victim_state, COH_M);
    assert_int_equal(c.total.writebacks, 1);
    coherence_access(&c, 0, false, 0x80, &r); /* evicts E: silent */
    assert_true(r.evicted);
    assert_false(r.victim_wb);
    assert_int_equal(r.victim_addr, 0x40);
    assert_int_equal(c.total.writebacks, 1);
    coherence_access(&c, 0, false, 0x3f, &r); /* line 0 again */
    assert_int_equal(r.miss, COH_MISS_REPLACEMENT);
    assert_int_equal(c.total.miss_kind[COH_MISS_COLD], 3);
    assert_int_equal(c.total.miss_kind[COH_MISS_REPLACEMENT], 1);
    assert_string_equal(states(&c, 0x80), "I");
    coherence_free(&c);
}

/* Two sets of two ways, 16-byte lines: lines 0, 2, 4 conflict in set 0 while
 * line 1 lives in set 1; LRU picks the victim. */
static void test_sets_and_lru(void **state) {
    (void)state;
    coh c;
    coh_result r;
    assert_int_equal(coherence_init(&c, COH_MESI, 2, 2, 2, 16), 0);
    coherence_access(&c, 0, false, 0x00, &r); /* line 0, set 0 */
    coherence_access(&c, 0, false, 0x20, &r); /* line 2, set 0 */
    coherence_access(&c, 0, false, 0x10, &r); /* line 1, set 1 */
    coherence_access(&c, 0, false, 0x05, &r); /* hit line 0: line 2 is now LRU */
    assert_true(r.hit);
    coherence_access(&c, 0, false, 0x40, &r); /* line 4 evicts line 2 */
    assert_true(r.evicted);
    assert_int_equal(r.victim_addr, 0x20);
    assert_string_equal(states(&c, 0x00), "EI");
    assert_string_equal(states(&c, 0x10), "EI");
    assert_string_equal(states(&c, 0x20), "II");
    coherence_free(&c);
}

static void test_moesi(void **state) {
    (void)state;
    coh c;
    coh_result r;
    assert_int_equal(coherence_init(&c, COH_MOESI, 3, 1, 1, 64), 0);
    coherence_access(&c, 0, true, 0, &r);
    coherence_access(&c, 1, false, 0, &r); /* M -> O supplies; no write-back */
    assert_int_equal(r.supplier, 0);
    assert_string_equal(states(&c, 0), "OSI");
    coherence_access(&c, 2, false, 0, &r); /* O stays the owner */
    assert_string_equal(states(&c, 0), "OSS");
    assert_int_equal(c.total.writebacks, 0);
    assert_int_equal(c.total.supplies, 2);
    coherence_access(&c, 1, true, 0, &r); /* BusUpgr: O and S invalidated */
    assert_int_equal(r.bus, COH_BUS_UPGR);
    assert_string_equal(states(&c, 0), "IMI");
    assert_int_equal(c.total.invalidations, 2);
    coherence_access(&c, 0, false, 0, &r);
    assert_string_equal(states(&c, 0), "SOI");
    coherence_access(&c, 1, false, 0x40, &r); /* evicting O writes it back */
    assert_true(r.victim_wb);
    assert_int_equal(r.victim_state, COH_O);
    assert_int_equal(c.total.writebacks, 1);
    assert_string_equal(states(&c, 0), "SII");
    coherence_free(&c);
}

static void test_event_sentences(void **state) {
    (void)state;
    coh c;
    coh_result r;
    evlog log;
    char buf[200];
    assert_int_equal(evlog_init(&log, 64), 0);
    assert_int_equal(coherence_init(&c, COH_MESI, 2, 1, 1, 64), 0);
    coherence_access(&c, 0, true, 0x40, &r);
    coherence_emit(&r, &log, 0);
    coherence_access(&c, 1, true, 0x44, &r);
    coherence_emit(&r, &log, 1);
    coherence_access(&c, 1, false, 0x80, &r);
    coherence_emit(&r, &log, 2);
    assert_int_equal(evlog_end(&log), 5);

    const char *want[] = {
        "CPU0 write miss on line 0x40: BusRdX, I->M (cold miss, data from memory)",
        "CPU1 write miss on line 0x40: BusRdX, I->M (cold miss, data from CPU0)",
        "CPU0 snoops BusRdX on line 0x40: M->I (flush: supplies the data, written back)",
        "CPU1 read miss on line 0x80: BusRd, I->E (cold miss, data from memory)",
        "CPU1 evicts line 0x40 from a full set (M, dirty, written back)",
    };
    for (uint64_t i = 0; i < 5; i++) {
        event_format(NULL, evlog_get(&log, i), buf, sizeof buf);
        assert_string_equal(buf, want[i]);
    }
    coherence_access(&c, 1, true, 0x80, &r); /* E -> M: no bus */
    coherence_emit(&r, &log, 3);
    event_format(NULL, evlog_get(&log, 5), buf, sizeof buf);
    assert_string_equal(buf, "CPU1 write hit on line 0x80: no bus transaction, E->M");
    coherence_free(&c);
    evlog_free(&log);
}

/* The quick mode through the command line, as main.c drives it. */
static cJSON *run_cli(int argc, char **argv, int *status) {
    cli_common common;
    cli_error err = {0};
    machine *m = NULL;
    cli_common_default(&common);
    *status = cli_mesi_build(argc, argv, &common, &m, &err);
    cli_common_free(&common);
    if (*status)
        return NULL;
    while (!machine_done(m))
        machine_tick(m);
    cJSON *rep = report_build(m, common.summary);
    machine_destroy(m);
    return rep;
}

static long long num(const cJSON *o, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    assert_non_null(v);
    return (long long)cJSON_GetNumberValue(v);
}

static void test_mode_report(void **state) {
    (void)state;
    char *argv[] = {"--cpus", "2", "--refs", "0:r:0x40,1:r:68,1:w:0x48,0:r:64,0:r:0x7f",
                    "--line", "64"};
    int status;
    cJSON *rep = run_cli(6, argv, &status);
    assert_int_equal(status, 0);
    assert_non_null(rep);
    assert_string_equal(cJSON_GetObjectItem(rep, "mode")->valuestring, "mesi");
    assert_int_equal(num(rep, "tick"), 5);
    assert_string_equal(cJSON_GetObjectItem(rep, "protocol")->valuestring, "mesi");
    assert_int_equal(num(rep, "hits"), 2);
    assert_int_equal(num(rep, "misses"), 3);
    assert_int_equal(num(rep, "bus_rd"), 3);
    assert_int_equal(num(rep, "bus_upgr"), 1);
    assert_int_equal(num(rep, "invalidations"), 1);
    assert_int_equal(num(rep, "writebacks"), 1);
    const cJSON *acc = cJSON_GetObjectItem(rep, "accesses");
    assert_int_equal(cJSON_GetArraySize(acc), 5);
    const cJSON *a2 = cJSON_GetArrayItem(acc, 2);
    assert_int_equal(num(a2, "addr"), 0x48);
    assert_string_equal(cJSON_GetObjectItem(a2, "op")->valuestring, "w");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(a2, "hit")));
    assert_string_equal(cJSON_GetObjectItem(a2, "bus")->valuestring, "BusUpgr");
    const cJSON *st = cJSON_GetObjectItem(a2, "states");
    assert_string_equal(cJSON_GetArrayItem(st, 0)->valuestring, "I");
    assert_string_equal(cJSON_GetArrayItem(st, 1)->valuestring, "M");
    const cJSON *a0 = cJSON_GetArrayItem(acc, 0);
    assert_string_equal(cJSON_GetObjectItem(a0, "bus")->valuestring, "BusRd");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(acc, 4), "bus")));
    st = cJSON_GetObjectItem(cJSON_GetArrayItem(acc, 4), "states");
    assert_string_equal(cJSON_GetArrayItem(st, 0)->valuestring, "S");
    assert_string_equal(cJSON_GetArrayItem(st, 1)->valuestring, "S");
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(a0, "states"), 0)->valuestring, "E");
    const cJSON *per = cJSON_GetObjectItem(rep, "per_cpu");
    assert_int_equal(cJSON_GetArraySize(per), 2);
    assert_int_equal(num(cJSON_GetArrayItem(per, 1), "writebacks"), 1);
    assert_int_equal(num(cJSON_GetArrayItem(per, 0), "invalidations"), 1);
    cJSON_Delete(rep);

    char *argv2[] = {"--refs", "0:r:0,0:r:0", "--summary", "--protocol", "msi"};
    rep = run_cli(5, argv2, &status);
    assert_int_equal(status, 0);
    assert_null(cJSON_GetObjectItem(rep, "accesses"));
    assert_int_equal(num(rep, "cpus"), 1); /* one more than the highest CPU used */
    assert_int_equal(num(rep, "hits"), 1);
    assert_int_equal(num(rep, "bus_rd"), 1);
    assert_string_equal(cJSON_GetObjectItem(rep, "protocol")->valuestring, "msi");
    cJSON_Delete(rep);
}

static void test_mode_bad_input(void **state) {
    (void)state;
    struct {
        int argc;
        char *argv[6];
        const char *msg;
    } bad[] = {
        {4, {"--cpus", "2", "--refs", "2:r:0"}, "--refs: reference 1 uses CPU 2"},
        {4, {"--cpus", "2", "--refs", "0:x:0"}, "--refs: item 1 '0:x:0': the operation"},
        {4, {"--cpus", "2", "--refs", "0:r:0,,1:r:0"}, "--refs: item 2 is empty"},
        {4, {"--cpus", "2", "--refs", "0:r:zz"}, "--refs: item 1 '0:r:zz': the address"},
        {4,
         {"--line", "3", "--refs", "0:r:0"},
         "--line: expected a power of two from 4 to 4096, got 3"},
        {4, {"--cpus", "17", "--refs", "0:r:0"}, "--cpus: 17 is out of range"},
        {4, {"--ways", "0", "--refs", "0:r:0"}, "--ways: 0 is out of range"},
        {4, {"--protocol", "dragon", "--refs", "0:r:0"}, "--protocol: expected mesi"},
        {2, {"--cpus", "2"}, "--refs: required"},
        {6,
         {"--sets", "65536", "--ways", "8", "--refs", "0:r:0"},
         "--ways: --sets 65536 x --ways 8"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cli_common common;
        cli_error err = {0};
        machine *m = NULL;
        cli_common_default(&common);
        int status = cli_mesi_build(bad[i].argc, bad[i].argv, &common, &m, &err);
        cli_common_free(&common);
        if (status != 2)
            fail_msg("case %zu: status %d, want 2", i, status);
        assert_null(m);
        if (strncmp(err.msg, bad[i].msg, strlen(bad[i].msg)) != 0)
            fail_msg("case %zu: got '%s', want '%s...'", i, err.msg, bad[i].msg);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_mesi_trace),
        cmocka_unit_test(test_msi_upgrade_alone),
        cmocka_unit_test(test_evictions),
        cmocka_unit_test(test_sets_and_lru),
        cmocka_unit_test(test_moesi),
        cmocka_unit_test(test_event_sentences),
        cmocka_unit_test(test_mode_report),
        cmocka_unit_test(test_mode_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
