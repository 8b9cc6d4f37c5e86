/* tickos mesi: a multiprocessor cache-coherence scenario from flags.
 *
 *   --cpus N --refs C:OP:ADDR,... | --refs-file PATH
 *   [--line 64] [--sets 1] [--ways 4] [--protocol mesi|msi|moesi]
 *
 * A reference is a CPU index (< --cpus), r or w, and a byte address (decimal
 * or 0x hex, 64 bits). --refs-file holds one reference per line (blank lines
 * and lines starting with # are skipped). Limits: 1..16 CPUs, --line a power
 * of two in 4..4096, --sets 1..65536, --ways 1..64, sets x ways <= 262144
 * lines per cache, at most 10,000,000 references. --cpus defaults to one more
 * than the highest CPU index in the trace. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "coherence.h"
#include "scenario.h"

/* The trace being read: three growing arrays. */
typedef struct trace {
    uint64_t *addr;
    uint8_t *cpu;
    uint8_t *write;
    size_t n, cap;
    int max_cpu; /* highest CPU index seen, -1: none */
} trace;

static void trace_free(trace *t) {
    free(t->addr);
    free(t->cpu);
    free(t->write);
    memset(t, 0, sizeof *t);
    t->max_cpu = -1;
}

static bool trace_push(trace *t, int who, bool write, uint64_t addr) {
    if (t->n == t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 1024;
        if (ncap > MESI_MAX_REFS)
            ncap = MESI_MAX_REFS;
        uint64_t *a = realloc(t->addr, ncap * sizeof *a);
        if (a)
            t->addr = a;
        uint8_t *c = realloc(t->cpu, ncap);
        if (c)
            t->cpu = c;
        uint8_t *w = realloc(t->write, ncap);
        if (w)
            t->write = w;
        if (!a || !c || !w)
            return false;
        t->cap = ncap;
    }
    if (who > t->max_cpu)
        t->max_cpu = who;
    t->addr[t->n] = addr;
    t->cpu[t->n] = (uint8_t)who;
    t->write[t->n] = write;
    t->n++;
    return true;
}

/* An unsigned number of s[0..len): decimal, or 0x hex when hex. A loop for
 * each base, overflow caught without a division: this runs twice a line. */
static bool parse_num(const char *s, size_t len, bool hex, uint64_t *out) {
    uint64_t v = 0;
    if (hex && len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        /* Branch-free digits: whether a hex digit is a letter is a coin toss
         * in addresses, and a mispredicted jump per digit was half the parse. */
        bool ok = true;
        for (size_t i = 2; i < len; i++) {
            unsigned c = (unsigned char)s[i];
            ok &= (c - '0' <= 9) | ((c | 0x20) - 'a' <= 5);
            ok &= v >> 60 == 0;
            v = v << 4 | ((c & 0xf) + 9 * (c >> 6)); /* '0'-'9': 0-9; 'a'-'f', 'A'-'F': 10-15 */
        }
        if (!ok)
            return false;
    } else {
        if (len == 0)
            return false;
        for (size_t i = 0; i < len; i++) {
            unsigned d = (unsigned char)s[i] - '0';
            if (d > 9 || v > UINT64_MAX / 10 || (v == UINT64_MAX / 10 && d > UINT64_MAX % 10))
                return false;
            v = v * 10 + d;
        }
    }
    *out = v;
    return true;
}

/* One reference "C:OP:ADDR" of s[0..len), appended to t. Messages name it as
 * "<what> <index>" ("item 3", "line 7"). */
static bool parse_ref(cli_error *err, const char *flag, const char *what, size_t index,
                      const char *s, size_t len, trace *t) {
    int shown = (int)(len > 40 ? 40 : len);
    if (len == 0)
        return cli_fail(err, flag, "%s %zu is empty (expected CPU:OP:ADDR like 0:r:0x40)", what,
                        index);
    const char *c1 = memchr(s, ':', len);
    const char *c2 = c1 ? memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - s)) : NULL;
    if (!c1 || !c2) {
        return cli_fail(err, flag, "%s %zu '%.*s' is not CPU:OP:ADDR (like 0:r:0x40)", what, index,
                        shown, s);
    }
    uint64_t who;
    if (!parse_num(s, (size_t)(c1 - s), false, &who) || who >= COH_MAX_CPUS) {
        return cli_fail(err, flag, "%s %zu '%.*s': the CPU must be a number from 0 to %d", what,
                        index, shown, s, COH_MAX_CPUS - 1);
    }
    size_t oplen = (size_t)(c2 - c1 - 1);
    char op = oplen == 1 ? c1[1] : '\0';
    if (op != 'r' && op != 'w' && op != 'R' && op != 'W')
        return cli_fail(err, flag, "%s %zu '%.*s': the operation must be r or w", what, index,
                        shown, s);
    uint64_t addr;
    if (!parse_num(c2 + 1, len - (size_t)(c2 + 1 - s), true, &addr)) {
        return cli_fail(err, flag,
                        "%s %zu '%.*s': the address must be a decimal or 0x hex number below 2^64",
                        what, index, shown, s);
    }
    if (t->n >= MESI_MAX_REFS)
        return cli_fail(err, flag, "more than %u references", MESI_MAX_REFS);
    if (!trace_push(t, (int)who, op == 'w' || op == 'W', addr))
        return cli_fail(err, flag, "out of memory");
    return true;
}

static bool parse_refs(cli_error *err, const char *flag, const char *text, trace *t) {
    size_t item = 0;
    const char *start = text;
    for (const char *p = text;; p++) {
        if (*p != ',' && *p != '\0')
            continue;
        if (!parse_ref(err, flag, "item", ++item, start, (size_t)(p - start), t))
            return false;
        if (*p == '\0')
            return true;
        start = p + 1;
    }
}

static bool is_space(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* One reference per line; returns 0, 2 (bad content) or 1 (unreadable). */
static int read_refs_file(cli_common *c, cli_error *err, const char *flag, const char *path,
                          trace *t) {
    FILE *f = scenario_open(c, flag, path, err);
    if (!f)
        return 1;
    char buf[256];
    size_t lineno = 0;
    int status = 0;
    while (fgets(buf, sizeof buf, f)) {
        lineno++;
        size_t len = strlen(buf);
        if (len == sizeof buf - 1 && buf[len - 1] != '\n' && !feof(f)) {
            cli_fail(err, flag, "%s line %zu is too long", path, lineno);
            status = 2;
            break;
        }
        const char *s = buf;
        while (is_space(*s))
            s++;
        len = strlen(s);
        while (len > 0 && is_space(s[len - 1]))
            len--;
        if (len == 0 || s[0] == '#')
            continue;
        if (!parse_ref(err, flag, "line", lineno, s, len, t)) {
            status = 2;
            break;
        }
    }
    if (status == 0 && ferror(f)) {
        snprintf(err->msg, sizeof err->msg, "%s: cannot read %s", flag, path);
        err->status = 1;
        status = 1;
    }
    fclose(f);
    return status;
}

int cli_mesi_build(int argc, char **argv, cli_common *c, machine **out, cli_error *err) {
    argp p;
    argp_init(&p, argc, argv, 0, err);
    long long ncpus = -1, line = 64, sets = 1, ways = 4;
    int proto = COH_MESI;
    args_source src = {.flag = "--refs", .example = "references like 0:r:0x40,1:w:0x40"};
    *out = NULL;
    while (argp_next(&p)) {
        int r = cli_common_parse(&p, c);
        if (r == 0)
            r = args_source_parse(&p, &src);
        if (r < 0)
            return err->status ? err->status : 2;
        if (r)
            continue;
        const char *v = NULL;
        bool ok;
        if (argp_is(&p, "--cpus")) {
            ok = (v = argp_value(&p)) && args_int(err, p.flag, v, 1, COH_MAX_CPUS, &ncpus);
        } else if (argp_is(&p, "--line")) {
            ok = (v = argp_value(&p)) && args_int(err, p.flag, v, 0, LLONG_MAX, &line);
            if (ok && (line < CACHE_MIN_LINE || line > CACHE_MAX_LINE || (line & (line - 1))))
                ok = cli_fail(err, p.flag, "expected a power of two from %d to %d, got %s",
                              CACHE_MIN_LINE, CACHE_MAX_LINE, v);
        } else if (argp_is(&p, "--sets")) {
            ok = (v = argp_value(&p)) && args_int(err, p.flag, v, 1, CACHE_MAX_SETS, &sets);
        } else if (argp_is(&p, "--ways")) {
            ok = (v = argp_value(&p)) && args_int(err, p.flag, v, 1, CACHE_MAX_WAYS, &ways);
        } else if (argp_is(&p, "--protocol")) {
            ok = (v = argp_value(&p)) != NULL;
            if (ok && (proto = coh_protocol_parse(v)) < 0)
                ok = cli_fail(err, p.flag, "expected mesi, msi or moesi, got '%s'", v);
        } else {
            ok = argp_unknown(&p);
        }
        if (!ok)
            return err->status ? err->status : 2;
    }
    if (!args_source_check(&src, err))
        return 2;
    const char *refs = src.list, *refs_file = src.path;
    if (sets * ways > CACHE_MAX_LINES) {
        cli_fail(err, "--ways", "--sets %lld x --ways %lld is %lld lines per cache; at most %d",
                 sets, ways, sets * ways, CACHE_MAX_LINES);
        return 2;
    }

    trace t = {.max_cpu = -1};
    if (refs) {
        if (!parse_refs(err, "--refs", refs, &t)) {
            trace_free(&t);
            return err->status ? err->status : 2;
        }
    } else {
        int st = read_refs_file(c, err, "--refs-file", refs_file, &t);
        if (st) {
            trace_free(&t);
            return st;
        }
        if (t.n == 0) {
            trace_free(&t);
            cli_fail(err, "--refs-file", "%s holds no references", refs_file);
            return 2;
        }
    }
    if (ncpus < 0)
        ncpus = t.max_cpu + 1;
    if (t.max_cpu >= ncpus) {
        size_t i = 0;
        while (t.cpu[i] < ncpus)
            i++;
        cli_fail(err, args_source_flag(&src),
                 "reference %zu uses CPU %d, out of range for --cpus %lld (0 to %lld)", i + 1,
                 t.cpu[i], ncpus, ncpus - 1);
        trace_free(&t);
        return 2;
    }

    mesi_config cfg = {.proto = (coh_protocol)proto,
                       .ncpus = (int)ncpus,
                       .sets = (uint32_t)sets,
                       .ways = (uint32_t)ways,
                       .line = (uint32_t)line,
                       .record = !c->summary};
    machine *m = machine_create(MODE_MESI, NULL, (int)ncpus, c->seed);
    /* mesi_mode_create owns the trace from here, even when it fails. */
    void *sub = m ? mesi_mode_create(&cfg, t.addr, t.cpu, t.write, t.n) : NULL;
    if (!m)
        trace_free(&t);
    if (!sub) {
        if (m)
            machine_destroy(m);
        snprintf(err->msg, sizeof err->msg, "mesi: out of memory");
        err->status = 1;
        return 1;
    }
    machine_attach(m, &mesi_mode_ops, sub);
    *out = m;
    return 0;
}
