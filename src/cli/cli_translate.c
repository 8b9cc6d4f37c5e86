/* tickos translate: an address-translation scenario from flags.
 *
 *   (--addrs A,A,... | --addrs-file PATH) [--levels 1|2] [--page-size 4096]
 *   [--frames 8] [--tlb 4] [--policy lru] [--nru-period K]
 *
 * An address is a 32-bit virtual address (decimal or 0x hex) with an optional
 * suffix w for a write. With --levels 2 the vpn splits 10/10 for 4 KiB pages;
 * for other page sizes the vpn bits are halved, the directory taking the odd
 * bit. Limits: page size a power of two from 256 to 16 MiB, frames
 * 1..1,048,576, tlb 0..4096 entries (0: no TLB), at most 10,000,000 addresses. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "mmu.h"

/* Numbers one access holds in the per-access report. */
#define VALUES_PER_ACCESS 13u

int cli_translate_build(int argc, char **argv, cli_common *c, machine **out, cli_error *err) {
    argp p;
    argp_init(&p, argc, argv, 0, err);
    long long levels = 2, page_size = 4096, frames = 8, tlb_entries = 4, period = PAGER_NRU_PERIOD;
    pager_policy policy = PAGER_LRU;
    args_source src = {.flag = "--addrs", .example = "addresses like 0x1000,4100w"};
    *out = NULL;
    while (argp_next(&p)) {
        int r = cli_common_parse(&p, c);
        if (r == 0)
            r = args_source_parse(&p, &src);
        if (r == 0)
            r = cli_pager_option(&p, &policy, &frames, &period);
        if (r < 0)
            return err->status ? err->status : 2;
        if (r)
            continue;
        const char *v = NULL;
        bool ok;
        if (argp_is(&p, "--levels")) {
            ok = (v = argp_value(&p)) && args_int(err, p.flag, v, 1, 2, &levels);
        } else if (argp_is(&p, "--page-size")) {
            ok = (v = argp_value(&p)) && args_int(err, p.flag, v, 1, LLONG_MAX, &page_size);
            if (ok && (page_size < MMU_PAGE_SIZE_MIN || page_size > MMU_PAGE_SIZE_MAX ||
                       (page_size & (page_size - 1))))
                ok = cli_fail(err, p.flag, "expected a power of two from %u to %u, got %s",
                              MMU_PAGE_SIZE_MIN, MMU_PAGE_SIZE_MAX, v);
        } else if (argp_is(&p, "--tlb")) {
            ok = (v = argp_value(&p)) && args_int(err, p.flag, v, 0, TLB_MAX_ENTRIES, &tlb_entries);
        } else {
            ok = argp_unknown(&p);
        }
        if (!ok)
            return err->status ? err->status : 2;
    }
    if (!args_source_check(&src, err))
        return 2;

    uint32_t *vals, n;
    uint8_t *writes;
    int st = cli_mem_trace(c, err, &src, "32-bit address", &vals, &writes, &n);
    if (st)
        return st;
    bool record = !c->summary && (uint64_t)n * VALUES_PER_ACCESS <= cli_mem_report_limit();
    if (!c->summary && !record && c->report) {
        free(vals);
        free(writes);
        cli_fail(err, args_source_flag(&src),
                 "a per-access report of %u addresses would hold over %llu values; add "
                 "--summary",
                 n, (unsigned long long)cli_mem_report_limit());
        return 2;
    }
    translate_config cfg = {.levels = (int)levels,
                            .page_size = (uint32_t)page_size,
                            .frames = (uint32_t)frames,
                            .tlb_entries = (uint32_t)tlb_entries,
                            .policy = policy,
                            .nru_period = (uint32_t)period};
    machine *m = machine_create(MODE_TRANSLATE, NULL, 1, c->seed);
    if (!m || translate_mode_attach(m, &cfg, vals, writes, n, record) != 0) {
        if (m)
            machine_destroy(m);
        else {
            free(vals);
            free(writes);
        }
        snprintf(err->msg, sizeof err->msg, "translate: out of memory");
        err->status = 1;
        return 1;
    }
    *out = m;
    return 0;
}
