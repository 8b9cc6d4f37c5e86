/* spec_step: a program step written as text ("cpu 3 io 2 5", "acquire fork0")
 * into a prog_step, names resolved to indices. */
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "deadlock.h"
#include "spec.h"

#define MAX_WORDS 6

/* One step being parsed: its text, for messages, and where they go. */
typedef struct step_ctx {
    const char *text;
    char *err;
    size_t n;
} step_ctx;

static int fail(const step_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(const step_ctx *c, const char *fmt, ...) {
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char quoted[SPEC_MAX_STEP_TEXT + 1]; /* control characters shown as ?: one line */
    size_t i = 0;
    for (; c->text[i] && i < SPEC_MAX_STEP_TEXT; i++)
        quoted[i] = iscntrl((unsigned char)c->text[i]) ? '?' : c->text[i];
    quoted[i] = '\0';
    snprintf(c->err, c->n, "'%s': %s", quoted, msg);
    return -1;
}

/* A whole number in [lo, hi]: decimal digits, or 0x and hex digits when hex. */
static int number(const step_ctx *c, const char *w, bool hex, uint64_t lo, uint64_t hi,
                  const char *what, uint64_t *out) {
    uint64_t x = 0;
    int base = 10;
    const char *p = w;
    if (hex && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    }
    bool ok = *p != '\0';
    for (; ok && *p; p++) {
        int d = isdigit((unsigned char)*p)                  ? *p - '0'
                : base == 16 && isxdigit((unsigned char)*p) ? tolower((unsigned char)*p) - 'a' + 10
                                                            : -1;
        ok = d >= 0;
        if (!ok)
            break;
        if (x > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
            x = UINT64_MAX; /* saturate: reported as out of range below */
        else
            x = x * (uint64_t)base + (uint64_t)d;
    }
    if (!ok)
        return fail(c, "%s '%s' is not a %s", what, w,
                    hex ? "number (decimal, or hexadecimal after 0x)" : "whole number");
    if (x < lo || x > hi)
        return fail(c, "%s must be %llu to %llu, got %s", what, (unsigned long long)lo,
                    (unsigned long long)hi, w);
    *out = x;
    return 0;
}

static int find(const char *const *names, uint32_t count, const char *w) {
    for (uint32_t i = 0; i < count; i++)
        if (strcmp(names[i], w) == 0)
            return (int)i;
    return -1;
}

static int resource_step(const step_ctx *c, step_kind kind, char **w, int nw, const spec_names *nm,
                         prog_step *out) {
    const char *form = kind == STEP_CLAIM     ? "claim RES n"
                       : kind == STEP_ACQUIRE ? "acquire RES [n]"
                                              : "release RES [n]";
    if (nw < 2 || nw > 3 || (kind == STEP_CLAIM && nw != 3))
        return fail(c, "expected '%s'", form);
    if (!nm->has_resources)
        return fail(c, "%s needs resources (machine.resources)", w[0]);
    int r = find(nm->res, (uint32_t)nm->nres, w[1]);
    if (r < 0)
        return fail(c, "no resource named '%s'", w[1]);
    uint64_t cnt = 1;
    if (nw == 3 &&
        number(c, w[2], false, kind == STEP_CLAIM ? 0 : 1, DL_MAX_VALUE, "the count", &cnt) != 0)
        return -1;
    /* iofreq 0 means 1 for acquire/release; a claim of 0 is kept as 0. */
    *out = (prog_step){.kind = (uint8_t)kind, .n = (uint32_t)r, .iofreq = (uint32_t)cnt};
    return 0;
}

int spec_step_parse(const char *text, const spec_names *nm, prog_step *out, char *err, size_t n) {
    char buf[SPEC_MAX_STEP_TEXT + 1];
    step_ctx ctx = {.text = text, .err = err, .n = n}, *c = &ctx;
    if (strlen(text) > SPEC_MAX_STEP_TEXT) {
        snprintf(err, n, "longer than %d characters", SPEC_MAX_STEP_TEXT);
        return -1;
    }
    memcpy(buf, text, strlen(text) + 1);
    char *w[MAX_WORDS + 1];
    int nw = 0;
    for (char *p = buf; *p;) {
        while (isspace((unsigned char)*p))
            *p++ = '\0';
        if (!*p)
            break;
        if (nw == MAX_WORDS)
            return fail(c, "too many words");
        w[nw++] = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
    }
    if (nw == 0)
        return fail(c, "an empty step");
    uint64_t a = 0, b = 0, t = 0;
    memset(out, 0, sizeof *out);
    const char *k = w[0];
    if (!strcmp(k, "cpu")) {
        if (nw != 2 && !(nw == 5 && !strcmp(w[2], "io")))
            return fail(c, "expected 'cpu N' or 'cpu N io F T'");
        if (number(c, w[1], false, 1, 1000000000, "N", &a) ||
            (nw == 5 && (number(c, w[3], false, 1, 1000000000, "F", &b) ||
                         number(c, w[4], false, 1, 1000000, "T", &t))))
            return -1;
        *out = (prog_step){
            .kind = STEP_RUN, .n = (uint32_t)a, .iofreq = (uint32_t)b, .iotime = (uint32_t)t};
        return 0;
    }
    if (!strcmp(k, "io")) {
        if (nw != 2)
            return fail(c, "expected 'io T'");
        if (number(c, w[1], false, 1, 1000000, "T", &a))
            return -1;
        *out = (prog_step){.kind = STEP_IO, .n = (uint32_t)a};
        return 0;
    }
    if (!strcmp(k, "fork")) {
        if (nw != 2)
            return fail(c, "expected 'fork PROGRAM'");
        int p = find(nm->progs, nm->nprogs, w[1]);
        if (p < 0)
            return fail(c, "no program named '%s'", w[1]);
        *out = (prog_step){.kind = STEP_FORK, .n = (uint32_t)p};
        return 0;
    }
    if (!strcmp(k, "wait") || !strcmp(k, "waitall") || !strcmp(k, "exit")) {
        if (nw != 1)
            return fail(c, "'%s' takes nothing more", k);
        *out = (prog_step){.kind = k[0] == 'e' ? STEP_EXIT : STEP_WAIT, .n = !strcmp(k, "waitall")};
        return 0;
    }
    if (!strcmp(k, "read") || !strcmp(k, "write")) {
        if (nw != 2)
            return fail(c, "expected '%s ADDR'", k);
        if (!nm->has_memory)
            return fail(c, "%s needs memory (machine.memory)", k);
        if (number(c, w[1], true, 0, UINT32_MAX, "the address", &a))
            return -1;
        *out = (prog_step){.kind = k[0] == 'r' ? STEP_READ : STEP_WRITE, .n = (uint32_t)a};
        return 0;
    }
    if (!strcmp(k, "map")) {
        if (nw != 2)
            return fail(c, "expected 'map SEGMENT'");
        if (!nm->nsegs)
            return fail(c, "map needs shared memory segments (machine.shared)");
        int sg = find(nm->segs, nm->nsegs, w[1]);
        if (sg < 0)
            return fail(c, "no shared segment named '%s'", w[1]);
        *out = (prog_step){.kind = STEP_MAP, .n = (uint32_t)sg};
        return 0;
    }
    if (!strcmp(k, "acquire"))
        return resource_step(c, STEP_ACQUIRE, w, nw, nm, out);
    if (!strcmp(k, "release"))
        return resource_step(c, STEP_RELEASE, w, nw, nm, out);
    if (!strcmp(k, "claim"))
        return resource_step(c, STEP_CLAIM, w, nw, nm, out);
    return fail(c, "unknown step (cpu, io, fork, wait, waitall, exit, read, write, map, "
                   "acquire, release, claim)");
}
