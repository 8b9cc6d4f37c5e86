/* tickos deadlock: a detection or Banker's scenario from flags.
 *
 *   --detect --available V --alloc M --request M
 *   --banker --available V --alloc M --max M [--grant P:V]
 *
 * A vector is "a,b,c"; a matrix is rows of that separated by ';', one row per
 * process, one column per resource type. Limits: DL_MAX_PROCS processes,
 * DL_MAX_RES resource types, values in [0, DL_MAX_VALUE]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "deadlock.h"

/* One non-negative integer of text[0..len); what names it in messages. */
static bool parse_value(cli_error *err, const char *flag, const char *what, const char *text,
                        size_t len, int64_t *out) {
    while (len > 0 && *text == ' ') {
        text++;
        len--;
    }
    while (len > 0 && text[len - 1] == ' ') {
        len--;
    }
    if (len == 0) {
        return cli_fail(err, flag, "%s is empty", what);
    }
    int64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] < '0' || text[i] > '9') {
            return cli_fail(err, flag, "%s: '%.*s' is not a non-negative integer", what,
                            (int)(len > 40 ? 40 : len), text);
        }
        v = v * 10 + (text[i] - '0');
        if (v > DL_MAX_VALUE) {
            return cli_fail(err, flag, "%s: '%.*s' is too large (at most %d)", what,
                            (int)(len > 40 ? 40 : len), text, DL_MAX_VALUE);
        }
    }
    *out = v;
    return true;
}

/* A vector of text[0..len) into out (room for DL_MAX_RES); *m receives its length.
 * row (>= 0) names the matrix row in messages; -1 for a plain vector. */
static bool parse_vec(cli_error *err, const char *flag, const char *text, size_t len, int row,
                      int64_t *out, int32_t *m) {
    char what[64];
    int32_t k = 0;
    size_t start = 0;
    if (len == 0) {
        if (row >= 0) {
            return cli_fail(err, flag, "row %d (P%d) is empty", row + 1, row);
        }
        return cli_fail(err, flag, "empty vector (expected values like 3,3,2)");
    }
    for (size_t i = 0; i <= len; i++) {
        if (i < len && text[i] != ',') {
            continue;
        }
        if (k == DL_MAX_RES) {
            return cli_fail(err, flag, "more than %d resource types", DL_MAX_RES);
        }
        if (row >= 0) {
            snprintf(what, sizeof what, "row %d (P%d), column %d", row + 1, row, (int)k + 1);
        } else {
            snprintf(what, sizeof what, "value %d", (int)k + 1);
        }
        if (!parse_value(err, flag, what, text + start, i - start, &out[k])) {
            return false;
        }
        k++;
        start = i + 1;
    }
    *m = k;
    return true;
}

/* A matrix into out with exactly m columns; *n receives the rows. */
static bool parse_mat(cli_error *err, const char *flag, const char *text, int32_t m,
                      int64_t (*out)[DL_MAX_RES], int32_t *n) {
    size_t len = strlen(text);
    size_t start = 0;
    int32_t rows = 0;
    if (len == 0) {
        return cli_fail(err, flag, "empty matrix (expected rows like 0,1,0;2,0,0)");
    }
    for (size_t i = 0; i <= len; i++) {
        if (i < len && text[i] != ';') {
            continue;
        }
        if (rows == DL_MAX_PROCS) {
            return cli_fail(err, flag, "more than %d rows (processes)", DL_MAX_PROCS);
        }
        int32_t cols = 0;
        if (!parse_vec(err, flag, text + start, i - start, rows, out[rows], &cols)) {
            return false;
        }
        if (cols != m) {
            return cli_fail(err, flag,
                            "row %d (P%d) has %d value%s, but --available has %d resource types",
                            (int)rows + 1, (int)rows, (int)cols, cols == 1 ? "" : "s", (int)m);
        }
        rows++;
        start = i + 1;
    }
    *n = rows;
    return true;
}

typedef struct dl_flags {
    int algo; /* -1 none yet */
    const char *available, *alloc, *request, *max, *grant;
} dl_flags;

/* Stores a flag's value; a flag given twice is an error. */
static bool take(argp *p, const char **slot) {
    const char *flag = p->flag;
    if (*slot) {
        return cli_fail(p->err, flag, "given more than once");
    }
    *slot = argp_value(p);
    return *slot != NULL;
}

static bool take_algo(argp *p, dl_flags *f, int algo) {
    const char *flag = p->flag;
    if (p->inline_value) {
        return cli_fail(p->err, flag, "takes no value");
    }
    if (f->algo >= 0 && f->algo != algo) {
        return cli_fail(p->err, flag, "cannot be combined with %s",
                        f->algo == DL_DETECT ? "--detect" : "--banker");
    }
    f->algo = algo;
    return true;
}

static int fail_status(cli_error *err) {
    return err->status ? err->status : 2;
}

/* The grant "P:V" into *pid and v, checked against s (need: exit 2 when more). */
static bool parse_grant(cli_error *err, const char *text, const dl_state *s, int32_t *pid,
                        int64_t *v) {
    const char *colon = strchr(text, ':');
    if (!colon) {
        return cli_fail(err, "--grant",
                        "expected P:V, the process and what it asks for (e.g. "
                        "1:1,0,2)");
    }
    int64_t p = 0;
    if (!parse_value(err, "--grant", "process", text, (size_t)(colon - text), &p)) {
        return false;
    }
    if (p >= s->n) {
        return cli_fail(err, "--grant", "process %lld out of range (0-%d)", (long long)p,
                        (int)s->n - 1);
    }
    int32_t m = 0;
    if (!parse_vec(err, "--grant", colon + 1, strlen(colon + 1), -1, v, &m)) {
        return false;
    }
    if (m != s->m) {
        return cli_fail(err, "--grant", "%d values, but --available has %d resource types", (int)m,
                        (int)s->m);
    }
    for (int32_t j = 0; j < s->m; j++) {
        if (v[j] > s->need[p][j]) {
            char ask[300], need[300];
            dl_vec_format(v, s->m, ask, sizeof ask);
            dl_vec_format(s->need[p], s->m, need, sizeof need);
            return cli_fail(err, "--grant", "P%d asks for %s, more than its need %s (max - alloc)",
                            (int)p, ask, need);
        }
    }
    *pid = (int32_t)p;
    return true;
}

/* Builds the state from the flags; returns 0 or 2 with err set. */
static int build_state(const dl_flags *f, dl_state *s, int32_t *grant_pid, int64_t *grant,
                       cli_error *err) {
    if (f->algo < 0) {
        cli_fail(err, "--detect/--banker", "one of them is required");
        return 2;
    }
    bool detect = f->algo == DL_DETECT;
    const char *missing = !f->available           ? "--available"
                          : !f->alloc             ? "--alloc"
                          : detect && !f->request ? "--request"
                          : !detect && !f->max    ? "--max"
                                                  : NULL;
    if (missing) {
        cli_fail(err, missing, "required with %s", detect ? "--detect" : "--banker");
        return 2;
    }
    if (detect && f->max) {
        cli_fail(err, "--max", "only with --banker (detection uses --request)");
        return 2;
    }
    if (detect && f->grant) {
        cli_fail(err, "--grant", "only with --banker");
        return 2;
    }
    if (!detect && f->request) {
        cli_fail(err, "--request", "only with --detect (Banker's uses --max)");
        return 2;
    }
    int32_t m = 0, n = 0, n2 = 0;
    dl_state_init(s, DL_MAX_PROCS, DL_MAX_RES);
    if (!parse_vec(err, "--available", f->available, strlen(f->available), -1, s->available, &m)) {
        return fail_status(err);
    }
    if (!parse_mat(err, "--alloc", f->alloc, m, s->alloc, &n)) {
        return fail_status(err);
    }
    const char *flag2 = detect ? "--request" : "--max";
    if (!parse_mat(err, flag2, detect ? f->request : f->max, m, detect ? s->request : s->max,
                   &n2)) {
        return fail_status(err);
    }
    if (n2 != n) {
        cli_fail(err, flag2, "%d rows, but --alloc has %d (one row per process)", (int)n2, (int)n);
        return 2;
    }
    s->n = n;
    s->m = m;
    if (!detect) {
        for (int32_t i = 0; i < n; i++) {
            for (int32_t j = 0; j < m; j++) {
                if (s->alloc[i][j] > s->max[i][j]) {
                    cli_fail(err, "--alloc",
                             "P%d holds %lld of resource type %d (row %d, column %d), more than "
                             "its --max %lld",
                             (int)i, (long long)s->alloc[i][j], (int)j, (int)i + 1, (int)j + 1,
                             (long long)s->max[i][j]);
                    return 2;
                }
            }
        }
        dl_state_update_need(s);
        if (f->grant && !parse_grant(err, f->grant, s, grant_pid, grant)) {
            return fail_status(err);
        }
    }
    return 0;
}

int cli_deadlock_build(int argc, char **argv, cli_common *c, machine **out, cli_error *err) {
    *out = NULL;
    err->status = 0;
    err->msg[0] = '\0';
    dl_flags f = {.algo = -1};
    argp p;
    argp_init(&p, argc, argv, 0, err);
    while (argp_next(&p)) {
        int r = cli_common_parse(&p, c);
        if (r < 0) {
            return fail_status(err);
        }
        if (r) {
            continue;
        }
        bool ok;
        if (argp_is(&p, "--detect")) {
            ok = take_algo(&p, &f, DL_DETECT);
        } else if (argp_is(&p, "--banker")) {
            ok = take_algo(&p, &f, DL_BANKER);
        } else if (argp_is(&p, "--available")) {
            ok = take(&p, &f.available);
        } else if (argp_is(&p, "--alloc")) {
            ok = take(&p, &f.alloc);
        } else if (argp_is(&p, "--request")) {
            ok = take(&p, &f.request);
        } else if (argp_is(&p, "--max")) {
            ok = take(&p, &f.max);
        } else if (argp_is(&p, "--grant")) {
            ok = take(&p, &f.grant);
        } else {
            argp_unknown(&p);
            ok = false;
        }
        if (!ok) {
            return fail_status(err);
        }
    }
    if (err->status) {
        return err->status;
    }

    dl_state *s = malloc(sizeof *s);
    int64_t *grant = calloc(DL_MAX_RES, sizeof *grant);
    int32_t grant_pid = -1;
    int status = 1;
    machine *m = NULL;
    dl_mode *d = NULL;
    if (!s || !grant) {
        snprintf(err->msg, sizeof err->msg, "deadlock: out of memory");
        err->status = 1;
        goto done;
    }
    status = build_state(&f, s, &grant_pid, grant, err);
    if (status) {
        goto done;
    }
    status = 1;
    m = machine_create(MODE_DEADLOCK, NULL, 1, c->seed);
    d = m ? dl_mode_create(s, (dl_algo)f.algo, grant_pid, f.grant ? grant : NULL) : NULL;
    if (!m || !d) {
        if (m) {
            machine_destroy(m);
        }
        snprintf(err->msg, sizeof err->msg, "deadlock: out of memory");
        err->status = 1;
        goto done;
    }
    machine_attach(m, &dl_mode_ops, d);
    *out = m;
    status = 0;
done:
    free(s);
    free(grant);
    return status;
}
