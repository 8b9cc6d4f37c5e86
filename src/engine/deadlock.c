#include "deadlock.h"

#include <stdio.h>
#include <string.h>

void dl_state_init(dl_state *s, int32_t n, int32_t m) {
    memset(s, 0, sizeof *s);
    s->n = n < 0 ? 0 : n > DL_MAX_PROCS ? DL_MAX_PROCS : n;
    s->m = m < 0 ? 0 : m > DL_MAX_RES ? DL_MAX_RES : m;
}

void dl_state_update_need(dl_state *s) {
    for (int32_t i = 0; i < s->n; i++) {
        for (int32_t j = 0; j < s->m; j++) {
            s->need[i][j] = s->max[i][j] - s->alloc[i][j];
        }
    }
}

static bool in_range(int64_t v) {
    return v >= 0 && v <= DL_MAX_VALUE;
}

bool dl_state_valid(const dl_state *s, dl_algo algo) {
    if (s->n < 1 || s->n > DL_MAX_PROCS || s->m < 1 || s->m > DL_MAX_RES) {
        return false;
    }
    for (int32_t j = 0; j < s->m; j++) {
        if (!in_range(s->available[j])) {
            return false;
        }
    }
    for (int32_t i = 0; i < s->n; i++) {
        for (int32_t j = 0; j < s->m; j++) {
            if (!in_range(s->alloc[i][j])) {
                return false;
            }
            if (algo == DL_DETECT && !in_range(s->request[i][j])) {
                return false;
            }
            if (algo == DL_BANKER && (!in_range(s->max[i][j]) || s->alloc[i][j] > s->max[i][j] ||
                                      s->need[i][j] != s->max[i][j] - s->alloc[i][j])) {
                return false;
            }
        }
    }
    return true;
}

bool dl_vec_fits(const int64_t *a, const int64_t *b, int32_t m) {
    for (int32_t j = 0; j < m; j++) {
        if (a[j] > b[j]) {
            return false;
        }
    }
    return true;
}

bool dl_vec_zero(const int64_t *v, int32_t m) {
    for (int32_t j = 0; j < m; j++) {
        if (v[j] != 0) {
            return false;
        }
    }
    return true;
}

int dl_vec_format(const int64_t *v, int32_t m, char *buf, size_t n) {
    size_t len = 0;
    int w = snprintf(buf, n, "(");
    len += (size_t)w;
    for (int32_t j = 0; j < m; j++) {
        w = snprintf(len < n ? buf + len : NULL, len < n ? n - len : 0, "%s%lld", j ? "," : "",
                     (long long)v[j]);
        len += (size_t)w;
    }
    w = snprintf(len < n ? buf + len : NULL, len < n ? n - len : 0, ")");
    len += (size_t)w;
    return (int)len;
}

/* --- the steppable run --- */

static const int64_t *run_demand(const dl_run *r, const dl_state *s, int32_t i) {
    return r->algo == DL_DETECT ? s->request[i] : s->need[i];
}

void dl_run_init(dl_run *r, const dl_state *s, dl_algo algo) {
    memset(r, 0, sizeof *r);
    r->algo = algo;
    r->n = s->n;
    r->m = s->m;
    memcpy(r->work, s->available, sizeof r->work);
    memcpy(r->work0, s->available, sizeof r->work0);
    if (algo == DL_DETECT) {
        /* Coffman/Silberschatz: holding nothing, it cannot be part of a cycle. */
        for (int32_t i = 0; i < s->n; i++) {
            if (dl_vec_zero(s->alloc[i], s->m)) {
                r->idle[i] = true;
                r->finished[i] = true;
                r->nfinished++;
            }
        }
    }
}

int32_t dl_run_next(const dl_run *r, const dl_state *s) {
    if (r->done) {
        return -1;
    }
    for (int32_t i = 0; i < r->n; i++) {
        if (!r->finished[i] && dl_vec_fits(run_demand(r, s, i), r->work, r->m)) {
            return i;
        }
    }
    return -1;
}

int32_t dl_run_step(dl_run *r, const dl_state *s) {
    int32_t p = dl_run_next(r, s);
    if (p < 0) {
        r->done = true;
        return -1;
    }
    for (int32_t j = 0; j < r->m; j++) {
        r->work[j] += s->alloc[p][j];
    }
    r->finished[p] = true;
    r->nfinished++;
    r->order[r->norder] = p;
    memcpy(r->order_work[r->norder], r->work, sizeof r->work);
    r->norder++;
    if (r->nfinished == r->n) {
        r->done = true;
    }
    return p;
}

void dl_run_finish(dl_run *r, const dl_state *s) {
    /* Each step finishes a process, so this ends within n + 1 steps. */
    while (!r->done) {
        dl_run_step(r, s);
    }
}

const int64_t *dl_run_work_before(const dl_run *r, int32_t i) {
    if (i <= 0 || r->norder == 0) {
        return r->work0;
    }
    if (i > r->norder) {
        i = r->norder;
    }
    return r->order_work[i - 1];
}

int32_t dl_run_unfinished(const dl_run *r, int32_t *out) {
    int32_t k = 0;
    for (int32_t i = 0; i < r->n; i++) {
        if (!r->finished[i]) {
            out[k++] = i;
        }
    }
    return k;
}

bool dl_run_all_finished(const dl_run *r) {
    return r->done && r->nfinished == r->n;
}

int32_t dl_detect(const dl_state *s, int32_t *out, dl_run *r) {
    dl_run local;
    dl_run *run = r ? r : &local;
    dl_run_init(run, s, DL_DETECT);
    dl_run_finish(run, s);
    return dl_run_unfinished(run, out);
}

bool dl_safety(const dl_state *s, int32_t *seq, int32_t *nseq, dl_run *r) {
    dl_run local;
    dl_run *run = r ? r : &local;
    dl_run_init(run, s, DL_BANKER);
    dl_run_finish(run, s);
    if (seq) {
        memcpy(seq, run->order, sizeof run->order[0] * (size_t)run->norder);
    }
    if (nseq) {
        *nseq = run->norder;
    }
    return dl_run_all_finished(run);
}

/* --- Banker's requests --- */

dl_req dl_request_check(const dl_state *s, int32_t p, const int64_t *v) {
    if (p < 0 || p >= s->n) {
        return DL_REQ_BAD_PROCESS;
    }
    for (int32_t j = 0; j < s->m; j++) {
        if (v[j] < 0 || v[j] > s->need[p][j]) {
            return DL_REQ_EXCEEDS_NEED;
        }
    }
    if (!dl_vec_fits(v, s->available, s->m)) {
        return DL_REQ_WAIT;
    }
    return DL_REQ_OK;
}

void dl_request_pretend(const dl_state *s, int32_t p, const int64_t *v, dl_state *out) {
    memcpy(out, s, sizeof *out);
    for (int32_t j = 0; j < s->m; j++) {
        out->available[j] -= v[j];
        out->alloc[p][j] += v[j];
        out->need[p][j] -= v[j];
    }
}

const char *dl_reason_name(dl_reason r) {
    switch (r) {
        case DL_REASON_SAFE: return "safe";
        case DL_REASON_UNSAFE: return "unsafe";
        case DL_REASON_WAIT: return "wait";
        case DL_REASON_ERROR: return "error";
        case DL_REASON_NONE: break;
    }
    return "";
}

dl_reason dl_request(const dl_state *s, int32_t p, const int64_t *v, bool *granted) {
    *granted = false;
    switch (dl_request_check(s, p, v)) {
        case DL_REQ_BAD_PROCESS:
        case DL_REQ_EXCEEDS_NEED: return DL_REASON_ERROR;
        case DL_REQ_WAIT: return DL_REASON_WAIT;
        case DL_REQ_OK: break;
    }
    dl_state after; /* ~66 KB of stack: bounded by the limits, and no allocation to fail */
    dl_request_pretend(s, p, v, &after);
    if (!dl_safety(&after, NULL, NULL, NULL)) {
        return DL_REASON_UNSAFE;
    }
    *granted = true;
    return DL_REASON_SAFE;
}

/* --- wait-for graph --- */

void dl_wfg_build(const dl_state *s, dl_wfg *g) {
    memset(g, 0, sizeof *g);
    g->n = s->n;
    for (int32_t i = 0; i < s->n; i++) {
        for (int32_t k = 0; k < s->n; k++) {
            if (k == i) {
                continue;
            }
            for (int32_t j = 0; j < s->m; j++) {
                if (s->request[i][j] > 0 && s->alloc[k][j] > 0) {
                    dl_wfg_add(g, i, k);
                    break;
                }
            }
        }
    }
}

void dl_wfg_add(dl_wfg *g, int32_t from, int32_t to) {
    if (from < 0 || from >= g->n || to < 0 || to >= g->n) {
        return;
    }
    g->waits_for[from] |= UINT64_C(1) << to;
}

int32_t dl_wfg_find_cycle(const dl_wfg *g, int32_t *cycle) {
    /* Iterative DFS: colour 0 unvisited, 1 on the stack, 2 done. The stack is
     * the current path, so a back edge to a node on it closes a cycle. */
    uint8_t colour[DL_MAX_PROCS] = {0};
    int32_t path[DL_MAX_PROCS];
    int32_t next[DL_MAX_PROCS]; /* next successor to try, per path position */
    int32_t n = g->n < DL_MAX_PROCS ? g->n : DL_MAX_PROCS;
    for (int32_t root = 0; root < n; root++) {
        if (colour[root]) {
            continue;
        }
        int32_t depth = 0;
        path[0] = root;
        next[0] = 0;
        colour[root] = 1;
        while (depth >= 0) {
            int32_t u = path[depth];
            int32_t v = next[depth];
            while (v < n && !(g->waits_for[u] >> v & 1)) {
                v++;
            }
            if (v >= n) {
                colour[u] = 2;
                depth--;
                continue;
            }
            next[depth] = v + 1;
            if (colour[v] == 1) {
                int32_t start = depth;
                while (path[start] != v) {
                    start--;
                }
                int32_t len = depth - start + 1;
                int32_t low = start;
                for (int32_t i = start; i <= depth; i++) {
                    if (path[i] < path[low]) {
                        low = i;
                    }
                }
                for (int32_t i = 0; i < len; i++) {
                    cycle[i] = path[start + (low - start + i) % len];
                }
                return len;
            }
            if (colour[v] == 0) {
                colour[v] = 1;
                depth++;
                path[depth] = v;
                next[depth] = 0;
            }
        }
    }
    return 0;
}

int dl_wfg_cycle_format(const int32_t *cycle, int32_t len, char *buf, size_t n) {
    size_t used = 0;
    if (n) {
        buf[0] = '\0';
    }
    for (int32_t i = 0; i < len; i++) {
        int w =
            snprintf(used < n ? buf + used : NULL, used < n ? n - used : 0, "%sP%d waits for P%d",
                     i ? ", " : "", (int)cycle[i], (int)cycle[(i + 1) % len]);
        used += (size_t)w;
    }
    return (int)used;
}
