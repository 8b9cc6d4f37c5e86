/* tickos paging: a page-replacement scenario from flags.
 *
 *   --policy fifo|lru|opt|mru|clock|second-chance|lfu|nru|rand (default fifo)
 *   --frames N (default 3) (--refs P,P,... | --refs-file PATH) [--nru-period K]
 *
 * A reference is a page number (decimal or 0x hex, 0 to 2^32-1) with an
 * optional suffix w for a write (r for an explicit read). --refs-file holds one
 * reference per line; blank lines and lines starting with # are skipped.
 * Limits: frames 1..1,048,576, at most 10,000,000 references, nru period
 * 1..10^9 ticks. A per-access report (--report without --summary) is limited
 * to CLI_MEM_REPORT_VALUES numbers, so a huge run cannot exhaust memory
 * building it. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pager.h"
#include "scenario.h"

#define CLI_MEM_MAX_REFS      10000000u
#define CLI_MEM_REPORT_VALUES 2000000u

uint64_t cli_mem_report_limit(void) {
    return CLI_MEM_REPORT_VALUES;
}

uint32_t cli_mem_max_refs(void) {
    return CLI_MEM_MAX_REFS;
}

typedef struct memtrace {
    uint32_t *v;
    uint8_t *w;
    uint32_t n, cap;
} memtrace;

static bool trace_push(memtrace *t, uint32_t v, bool w) {
    if (t->n == t->cap) {
        uint32_t cap = t->cap ? t->cap * 2 : 1024;
        if (cap > CLI_MEM_MAX_REFS)
            cap = CLI_MEM_MAX_REFS;
        uint32_t *nv = realloc(t->v, cap * sizeof *nv);
        if (nv)
            t->v = nv;
        uint8_t *nw = realloc(t->w, cap);
        if (nw)
            t->w = nw;
        if (!nv || !nw)
            return false;
        t->cap = cap;
    }
    t->v[t->n] = v;
    t->w[t->n] = w;
    t->n++;
    return true;
}

static bool is_space(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* One item "N" or "Nw" of s[0..len) (spaces around it allowed). Messages name
 * it as "<kind> <index>" ("item 3", "line 3"); the text is only made on an
 * error, as formatting it for every line cost more than parsing the line. */
static bool parse_item(cli_error *err, const char *flag, const char *kind, unsigned long index,
                       const char *what, const char *s, size_t len, memtrace *t) {
    while (len > 0 && is_space(*s)) {
        s++;
        len--;
    }
    while (len > 0 && is_space(s[len - 1]))
        len--;
    int shown = (int)(len > 40 ? 40 : len);
    if (len == 0)
        return cli_fail(err, flag, "%s %lu is empty (expected a %s like 3 or 3w)", kind, index,
                        what);
    /* Without a branch: writes come at random, and a mispredicted jump per
     * reference cost more than the rest of this suffix check. */
    unsigned last = (unsigned char)s[len - 1] | 0x20;
    bool write = last == 'w';
    len -= (size_t)(write | (last == 'r'));
    /* Decimal and hex have a loop each, so the common decimal digit costs a
     * compare, a multiply by a constant and an add. */
    const char *d = s, *end = s + len;
    uint64_t v = 0;
    bool ok = d < end, range = false;
    if (len > 2 && d[0] == '0' && (d[1] == 'x' || d[1] == 'X')) {
        for (d += 2; ok && d < end && !range; d++) {
            unsigned x = (unsigned char)*d - '0', lower = ((unsigned char)*d | 0x20) - 'a';
            ok = x <= 9 || lower <= 5;
            v = v * 16 + (x <= 9 ? x : lower + 10);
            range = v > UINT32_MAX;
        }
    } else {
        for (; ok && d < end && !range; d++) {
            unsigned x = (unsigned char)*d - '0';
            ok = x <= 9;
            v = v * 10 + x;
            range = v > UINT32_MAX;
        }
    }
    if (ok && range) {
        return cli_fail(err, flag, "%s %lu '%.*s' is out of range (a %s is at most %u, 0x%x)", kind,
                        index, shown, s, what, UINT32_MAX, UINT32_MAX);
    }
    if (!ok) {
        return cli_fail(err, flag,
                        "%s %lu '%.*s' is not a %s (expected decimal or 0x hex, w suffix for a "
                        "write, like 3 or 3w)",
                        kind, index, shown, s, what);
    }
    if (t->n >= CLI_MEM_MAX_REFS)
        return cli_fail(err, flag, "more than %u references", CLI_MEM_MAX_REFS);
    if (!trace_push(t, (uint32_t)v, write))
        return cli_fail(err, flag, "out of memory");
    return true;
}

static int parse_list(cli_error *err, const char *flag, const char *text, const char *what,
                      memtrace *t) {
    unsigned long item = 0;
    const char *start = text;
    for (const char *p = text;; p++) {
        if (*p != ',' && *p != '\0')
            continue;
        if (!parse_item(err, flag, "item", ++item, what, start, (size_t)(p - start), t))
            return 2;
        if (*p == '\0')
            return 0;
        start = p + 1;
    }
}

/* One reference per line. An unreadable or invalid file is exit status 1. */
static int read_file(cli_common *c, cli_error *err, const char *flag, const char *path,
                     const char *what, memtrace *t) {
    FILE *f = scenario_open(c, flag, path, err);
    if (!f)
        return 1;
    char buf[256];
    unsigned long lineno = 0;
    int status = 0;
    while (fgets(buf, sizeof buf, f)) {
        lineno++;
        size_t len = strlen(buf);
        if (len == sizeof buf - 1 && buf[len - 1] != '\n' && !feof(f)) {
            cli_fail(err, flag, "%s line %lu is too long", path, lineno);
            status = 1;
            break;
        }
        const char *s = buf;
        while (is_space(*s))
            s++;
        if (*s == '\0' || *s == '#')
            continue;
        if (!parse_item(err, flag, "line", lineno, what, s, len - (size_t)(s - buf), t)) {
            status = 1;
            break;
        }
    }
    if (status == 0 && ferror(f)) {
        snprintf(err->msg, sizeof err->msg, "%s: cannot read %s", flag, path);
        status = 1;
    }
    if (status == 0 && t->n == 0) {
        cli_fail(err, flag, "%s holds no references", path);
        status = 1;
    }
    fclose(f);
    err->status = status;
    return status;
}

int cli_pager_option(argp *p, pager_policy *policy, long long *frames, long long *period) {
    const char *v;
    if (argp_is(p, "--policy")) {
        if (!(v = argp_value(p)))
            return -1;
        if (pager_policy_parse(v, policy) != 0)
            return cli_fail(p->err, p->flag, "unknown policy '%s' (expected %s)", v,
                            pager_policy_list()),
                   -1;
    } else if (argp_is(p, "--frames")) {
        if (!(v = argp_value(p)) || !args_int(p->err, p->flag, v, 1, PAGER_MAX_FRAMES, frames))
            return -1;
    } else if (argp_is(p, "--nru-period")) {
        if (!(v = argp_value(p)) || !args_int(p->err, p->flag, v, 1, PAGER_NRU_MAX, period))
            return -1;
    } else {
        return 0;
    }
    return 1;
}

int cli_mem_trace(cli_common *c, cli_error *err, const args_source *src, const char *what,
                  uint32_t **vals, uint8_t **writes, uint32_t *n) {
    memtrace t = {0};
    const char *flag = args_source_flag(src);
    int st = src->list ? parse_list(err, flag, src->list, what, &t)
                       : read_file(c, err, flag, src->path, what, &t);
    if (st) {
        free(t.v);
        free(t.w);
        return st;
    }
    *vals = t.v;
    *writes = t.w;
    *n = t.n;
    return 0;
}

/* Numbers a per-access paging report holds: 7 per access plus the resident
 * lists. Frames are never freed here, so after reference i the resident count
 * is min(frames, distinct pages so far). */
static uint64_t report_values(const uint32_t *pages, uint32_t n, uint32_t frames) {
    if ((uint64_t)n * 8 > CLI_MEM_REPORT_VALUES)
        return (uint64_t)n * 8; /* too big anyway; spare the count */
    uint32_t *next = malloc((n ? n : 1) * sizeof *next);
    uint8_t *seen_before = calloc(n ? n : 1, 1);
    uint64_t total = (uint64_t)n * 7;
    if (!next || !seen_before || pager_next_uses(pages, n, next) != 0) {
        total = (uint64_t)n * (7 + (uint64_t)frames);
    } else {
        uint64_t distinct = 0;
        for (uint32_t i = 0; i < n; i++) {
            if (next[i] != UINT32_MAX)
                seen_before[next[i]] = 1;
            distinct += !seen_before[i];
            total += distinct < frames ? distinct : frames;
        }
    }
    free(next);
    free(seen_before);
    return total;
}

int cli_paging_build(int argc, char **argv, cli_common *c, machine **out, cli_error *err) {
    argp p;
    argp_init(&p, argc, argv, 0, err);
    long long frames = 3, period = PAGER_NRU_PERIOD;
    pager_policy policy = PAGER_FIFO;
    args_source src = {.flag = "--refs", .example = "page numbers like 1,2,3w"};
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
        argp_unknown(&p);
        return 2;
    }
    if (!args_source_check(&src, err))
        return 2;

    uint32_t *pages, n;
    uint8_t *writes;
    int st = cli_mem_trace(c, err, &src, "page number", &pages, &writes, &n);
    if (st)
        return st;
    bool record = !c->summary;
    if (record) {
        uint64_t values = report_values(pages, n, (uint32_t)frames);
        record = values <= CLI_MEM_REPORT_VALUES;
        if (!record && c->report) {
            free(pages);
            free(writes);
            cli_fail(err, args_source_flag(&src),
                     "a per-access report of %u references would hold over %u values; add "
                     "--summary",
                     n, CLI_MEM_REPORT_VALUES);
            return 2;
        }
    }
    machine *m = machine_create(MODE_PAGING, NULL, 1, c->seed);
    if (!m || paging_mode_attach(m, policy, (uint32_t)frames, (uint32_t)period, pages, writes, n,
                                 record) != 0) {
        if (m)
            machine_destroy(m);
        else {
            free(pages);
            free(writes);
        }
        snprintf(err->msg, sizeof err->msg, "paging: out of memory");
        err->status = 1;
        return 1;
    }
    *out = m;
    return 0;
}
