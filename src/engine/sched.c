#include "sched.h"

#include <stdlib.h>
#include <string.h>

#include "clone.h"
#include "machine.h"

static const char *const policy_names[SCHED_POLICY_COUNT] = {
    [SCHED_FIFO] = "fifo", [SCHED_SJF] = "sjf",   [SCHED_STCF] = "stcf",       [SCHED_RR] = "rr",
    [SCHED_MLFQ] = "mlfq", [SCHED_PRIO] = "prio", [SCHED_LOTTERY] = "lottery",
};

const char *sched_policy_name(sched_policy p) {
    return (unsigned)p < SCHED_POLICY_COUNT ? policy_names[p] : "?";
}

int sched_policy_parse(const char *s) {
    for (int i = 0; i < SCHED_POLICY_COUNT; i++)
        if (strcmp(s, policy_names[i]) == 0)
            return i;
    return -1;
}

void sched_config_default(sched_config *c, sched_policy p) {
    memset(c, 0, sizeof *c);
    c->policy = p;
    c->levels = 1;
    int32_t q = SCHED_UNBOUNDED;
    if (p == SCHED_RR)
        q = 1;
    if (p == SCHED_MLFQ) {
        c->levels = 3;
        q = 10;
    }
    if (p == SCHED_PRIO) {
        c->levels = 8;
        q = 4;
    }
    for (int i = 0; i < SCHED_MAX_LEVELS; i++) {
        c->quantum[i] = q;
        c->allot[i] = p == SCHED_PRIO ? SCHED_UNBOUNDED : 1;
    }
}

static bool uses_queues(const sched *s) {
    sched_policy p = s->cfg.policy;
    return p == SCHED_FIFO || p == SCHED_RR || p == SCHED_MLFQ || p == SCHED_PRIO;
}

static bool uses_heap(const sched *s) {
    return s->cfg.policy == SCHED_SJF || s->cfg.policy == SCHED_STCF;
}

/* ---- pid deque ---------------------------------------------------------- */

static bool pidq_grow(pidq *q) {
    uint32_t ncap = q->cap ? q->cap * 2 : 16;
    int32_t *nb = malloc(ncap * sizeof *nb);
    if (!nb)
        return false;
    for (uint32_t i = 0; i < q->len; i++)
        nb[i] = q->buf[(q->head + i) % q->cap];
    free(q->buf);
    q->buf = nb;
    q->cap = ncap;
    q->head = 0;
    return true;
}

static bool pidq_push_back(pidq *q, int32_t pid) {
    if (q->len == q->cap && !pidq_grow(q))
        return false;
    q->buf[(q->head + q->len) % q->cap] = pid;
    q->len++;
    return true;
}

static bool pidq_push_front(pidq *q, int32_t pid) {
    if (q->len == q->cap && !pidq_grow(q))
        return false;
    q->head = (q->head + q->cap - 1) % q->cap;
    q->buf[q->head] = pid;
    q->len++;
    return true;
}

static int32_t pidq_at(const pidq *q, uint32_t i) {
    return q->buf[(q->head + i) % q->cap];
}

/* Removes pid wherever it stands; O(1) at the head (the usual case). */
static bool pidq_remove(pidq *q, int32_t pid) {
    for (uint32_t i = 0; i < q->len; i++) {
        if (pidq_at(q, i) != pid)
            continue;
        for (uint32_t j = i; j > 0; j--)
            q->buf[(q->head + j) % q->cap] = q->buf[(q->head + j - 1) % q->cap];
        q->head = (q->head + 1) % q->cap;
        q->len--;
        return true;
    }
    return false;
}

/* ---- heap of pids by (cpu_left, pid) ------------------------------------ */

static bool heap_less(const machine *m, int32_t a, int32_t b) {
    const proc *pa = machine_proc_c(m, a), *pb = machine_proc_c(m, b);
    if (pa->cpu_left != pb->cpu_left)
        return pa->cpu_left < pb->cpu_left;
    return a < b;
}

static void heap_swap(int32_t *h, uint32_t i, uint32_t j) {
    int32_t t = h[i];
    h[i] = h[j];
    h[j] = t;
}

static void heap_up(sched *s, const machine *m, uint32_t i) {
    while (i > 0) {
        uint32_t parent = (i - 1) / 2;
        if (!heap_less(m, s->heap[i], s->heap[parent]))
            break;
        heap_swap(s->heap, i, parent);
        i = parent;
    }
}

static void heap_down(sched *s, const machine *m, uint32_t i) {
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, best = i;
        if (l < s->heap_len && heap_less(m, s->heap[l], s->heap[best]))
            best = l;
        if (r < s->heap_len && heap_less(m, s->heap[r], s->heap[best]))
            best = r;
        if (best == i)
            return;
        heap_swap(s->heap, i, best);
        i = best;
    }
}

static bool heap_push(sched *s, const machine *m, int32_t pid) {
    if (s->heap_len == s->heap_cap) {
        uint32_t ncap = s->heap_cap ? s->heap_cap * 2 : 16;
        int32_t *nh = realloc(s->heap, ncap * sizeof *nh);
        if (!nh)
            return false;
        s->heap = nh;
        s->heap_cap = ncap;
    }
    s->heap[s->heap_len++] = pid;
    heap_up(s, m, s->heap_len - 1);
    return true;
}

static int32_t heap_pop(sched *s, const machine *m) {
    int32_t top = s->heap[0];
    s->heap[0] = s->heap[--s->heap_len];
    heap_down(s, m, 0);
    return top;
}

static bool heap_remove(sched *s, const machine *m, int32_t pid) {
    for (uint32_t i = 0; i < s->heap_len; i++) {
        if (s->heap[i] != pid)
            continue;
        s->heap[i] = s->heap[--s->heap_len];
        if (i < s->heap_len) {
            heap_up(s, m, i);
            heap_down(s, m, i);
        }
        return true;
    }
    return false;
}

/* ---- Fenwick tree of lottery tickets ------------------------------------ */

static bool fen_reserve(sched *s, uint32_t n) {
    if (n <= s->fen_cap)
        return true;
    uint32_t ncap = s->fen_cap ? s->fen_cap : 64;
    while (ncap < n)
        ncap *= 2;
    uint64_t *nf = calloc(ncap + 1, sizeof *nf);
    if (!nf)
        return false;
    /* Rebuild: a Fenwick tree does not survive a size change as is. */
    for (uint32_t i = 1; i <= s->fen_cap; i++) {
        uint64_t v = s->fen[i];
        /* Recover the point value: subtract the children's ranges. */
        for (uint32_t j = i - 1, k = i - (i & -i); j > k; j -= j & -j)
            v -= s->fen[j];
        for (uint32_t j = i; j <= ncap; j += j & -j)
            nf[j] += v;
    }
    free(s->fen);
    s->fen = nf;
    s->fen_cap = ncap;
    return true;
}

static void fen_add(sched *s, uint32_t idx, int64_t delta) {
    for (uint32_t i = idx + 1; i <= s->fen_cap; i += i & -i)
        s->fen[i] += (uint64_t)delta;
}

static uint64_t fen_total(const sched *s) {
    uint64_t sum = 0;
    for (uint32_t i = s->fen_cap; i > 0; i -= i & -i)
        sum += s->fen[i];
    return sum;
}

/* The index whose cumulative range holds ticket r (0-based). */
static uint32_t fen_find(const sched *s, uint64_t r) {
    uint32_t pos = 0, step = 1;
    while (step * 2 <= s->fen_cap)
        step *= 2;
    for (; step; step >>= 1) {
        if (pos + step <= s->fen_cap && s->fen[pos + step] <= r) {
            pos += step;
            r -= s->fen[pos];
        }
    }
    return pos;
}

/* ---- the interface ------------------------------------------------------ */

int sched_init(sched *s, const sched_config *cfg) {
    memset(s, 0, sizeof *s);
    s->cfg = *cfg;
    if (s->cfg.levels < 1)
        s->cfg.levels = 1;
    if (s->cfg.levels > SCHED_MAX_LEVELS)
        s->cfg.levels = SCHED_MAX_LEVELS;
    return 0;
}

void sched_free(sched *s) {
    for (int i = 0; i < SCHED_MAX_LEVELS; i++)
        free(s->q[i].buf);
    free(s->heap);
    free(s->fen);
    memset(s, 0, sizeof *s);
}

void sched_clone(clone_ctx *cx, sched *dst, const sched *src) {
    *dst = *src;
    for (int i = 0; i < SCHED_MAX_LEVELS; i++) /* rings: every slot may be in use */
        dst->q[i].buf = clone_dup(cx, src->q[i].buf, src->q[i].cap * sizeof *src->q[i].buf);
    dst->heap = clone_dup(cx, src->heap, src->heap_len * sizeof *src->heap);
    dst->heap_cap = src->heap_len; /* heap_push grows it again */
    /* The tree is 1-based: fen_cap + 1 words, all of them set. */
    dst->fen = src->fen ? clone_dup(cx, src->fen, (src->fen_cap + 1) * sizeof *src->fen) : NULL;
}

int32_t sched_levels(const sched *s) {
    return uses_queues(s) ? s->cfg.levels : 1;
}

static int32_t top_level(const sched *s) {
    return s->cfg.levels - 1;
}

static void refresh_slice(const sched *s, proc *p) {
    p->slice_left = s->cfg.quantum[p->level];
    p->allot_left = s->cfg.allot[p->level];
}

void sched_admit(sched *s, proc *p) {
    if (s->cfg.policy == SCHED_PRIO) {
        p->level = p->prio < 0 ? 0 : p->prio > top_level(s) ? top_level(s) : p->prio;
    } else {
        p->level = uses_queues(s) ? top_level(s) : 0;
    }
    refresh_slice(s, p);
    if (p->tickets == 0)
        p->tickets = 100;
}

void sched_enqueue(sched *s, machine *m, proc *p, sched_why why) {
    s->nready++;
    if (uses_queues(s)) {
        pidq *q = &s->q[p->level];
        if (why == SCHED_WAKE && s->cfg.iobump)
            pidq_push_front(q, p->pid);
        else
            pidq_push_back(q, p->pid);
    } else if (uses_heap(s)) {
        heap_push(s, m, p->pid);
    } else {
        uint32_t idx = (uint32_t)(p->pid - m->pid_base);
        if (fen_reserve(s, idx + 1))
            fen_add(s, idx, p->tickets);
    }
}

void sched_remove(sched *s, machine *m, proc *p) {
    bool found = false;
    if (uses_queues(s))
        found = pidq_remove(&s->q[p->level], p->pid);
    else if (uses_heap(s))
        found = heap_remove(s, m, p->pid);
    else {
        uint32_t idx = (uint32_t)(p->pid - m->pid_base);
        if (idx < s->fen_cap && (p->state == PROC_READY || p->state == PROC_RUNNING)) {
            fen_add(s, idx, -(int64_t)p->tickets);
            found = true;
        }
    }
    if (found && s->nready)
        s->nready--;
}

/* The first process of level lv that no other CPU runs; with a look-ahead,
 * one among the first `lookahead` of them that last ran on cpu when the first
 * has run elsewhere (a process that never ran has no cache to go back to and
 * is never passed over). */
static proc *queue_pick(const sched *s, machine *m, int32_t lv, int cpu) {
    const pidq *q = &s->q[lv];
    proc *first = NULL;
    int32_t seen = 0;
    for (uint32_t i = 0; i < q->len; i++) {
        proc *p = machine_proc(m, pidq_at(q, i));
        if (p->state == PROC_RUNNING && p->cpu != cpu)
            continue;
        if (!first) {
            first = p;
            if (s->lookahead <= 0 || p->cpu < 0 || p->cpu == cpu)
                return p;
        }
        if (p->cpu == cpu)
            return p;
        if (++seen >= s->lookahead)
            break;
    }
    return first;
}

static uint64_t fen_prefix(const sched *s, uint32_t n) {
    uint64_t sum = 0;
    for (uint32_t i = n; i > 0; i -= i & -i)
        sum += s->fen[i];
    return sum;
}

/* Tickets held by index idx: 0 when that process is not in this queue. */
static uint64_t fen_point(const sched *s, uint32_t idx) {
    return idx < s->fen_cap ? fen_prefix(s, idx + 1) - fen_prefix(s, idx) : 0;
}

/* A lottery draw among this queue's processes minus those that CPUs before
 * cpu picked this tick: the ticket is drawn from the tickets left and mapped
 * past the ranges of the excluded ones. With one CPU it is the plain draw. */
static proc *lottery_pick(sched *s, machine *m, int cpu) {
    uint64_t total = s->fen_cap ? fen_total(s) : 0;
    uint64_t start[MACHINE_MAX_CPUS], len[MACHINE_MAX_CPUS];
    int nex = 0;
    for (int c = 0; c < cpu && c < MACHINE_MAX_CPUS; c++) {
        const proc *p = machine_proc(m, m->cpus[c].running);
        if (!p || p->state != PROC_RUNNING || p->cpu != c)
            continue;
        uint32_t idx = (uint32_t)(p->pid - m->pid_base);
        uint64_t t = fen_point(s, idx);
        if (!t)
            continue;
        uint64_t st = fen_prefix(s, idx); /* its tickets are [st, st + t) */
        int j = nex++;
        for (; j > 0 && start[j - 1] > st; j--) {
            start[j] = start[j - 1];
            len[j] = len[j - 1];
        }
        start[j] = st;
        len[j] = t;
        total -= t;
    }
    if (total == 0)
        return NULL;
    uint64_t ticket = rng_below(&m->rng, total);
    for (int j = 0; j < nex; j++)
        if (ticket >= start[j])
            ticket += len[j];
    return machine_proc(m, (int32_t)fen_find(s, ticket) + m->pid_base);
}

proc *sched_pick(sched *s, machine *m, int cpu, proc *prev) {
    if (uses_queues(s)) {
        /* The head of the highest non-empty queue; the running job stays at
         * the head of its queue while it runs (OSTEP mlfq.py). */
        for (int32_t lv = top_level(s); lv >= 0; lv--) {
            proc *p = queue_pick(s, m, lv, cpu);
            if (p)
                return p;
        }
        return NULL;
    }
    if (uses_heap(s)) {
        if (prev && s->cfg.policy == SCHED_SJF)
            return prev; /* non-preemptive */
        if (prev) {
            /* Preempt only for strictly less remaining time: ties go to the
             * job that ran last tick. */
            if (s->heap_len == 0 || machine_proc(m, s->heap[0])->cpu_left >= prev->cpu_left)
                return prev;
            evlog_emit(&m->log, m->tick, EV_PREEMPT, cpu, prev->pid, s->heap[0], 0, 0);
            heap_push(s, m, prev->pid);
            s->nready++;
        }
        if (s->heap_len == 0)
            return NULL;
        s->nready--;
        return machine_proc(m, heap_pop(s, m));
    }
    /* Lottery: a fresh draw every tick among all runnable processes. */
    return lottery_pick(s, m, cpu);
}

/* OSTEP's slice accounting, in its order: a used-up slice costs one unit of
 * allotment, and a used-up allotment moves the job down one level. */
static void slice_end(sched *s, machine *m, proc *p, bool requeue) {
    int32_t old = p->level;
    p->allot_left--;
    if (p->allot_left <= 0) {
        if (p->level > 0)
            p->level--;
        refresh_slice(s, p);
    } else {
        p->slice_left = s->cfg.quantum[p->level];
    }
    if (requeue) {
        pidq_push_back(&s->q[p->level], p->pid);
        s->nready++;
    }
    evlog_emit(&m->log, m->tick, EV_SLICE_END, p->cpu, p->pid, old, p->level, 0);
}

void sched_ran(sched *s, machine *m, proc *p, sched_outcome out) {
    if (!uses_queues(s)) {
        if (out != SCHED_CONTINUE && s->cfg.policy == SCHED_LOTTERY) {
            uint32_t idx = (uint32_t)(p->pid - m->pid_base);
            fen_add(s, idx, -(int64_t)p->tickets);
            s->nready--;
        }
        return;
    }
    bool unbounded = s->cfg.quantum[p->level] == SCHED_UNBOUNDED;
    if (!unbounded)
        p->slice_left--;
    bool slice_over = !unbounded && p->slice_left <= 0;
    if (out == SCHED_EXITED) {
        pidq_remove(&s->q[p->level], p->pid);
        s->nready--;
        return;
    }
    if (out == SCHED_BLOCKED) {
        pidq_remove(&s->q[p->level], p->pid);
        s->nready--;
        /* --stay: an I/O buys a fresh slice and allotment. As in mlfq.py, a
         * slice that ended on this very tick is still charged afterwards. */
        if (s->cfg.stay)
            refresh_slice(s, p);
        if (slice_over)
            slice_end(s, m, p, false);
        return;
    }
    if (slice_over) {
        pidq_remove(&s->q[p->level], p->pid);
        s->nready--;
        slice_end(s, m, p, true);
    }
}

bool sched_boost_due(const sched *s, const machine *m) {
    return s->cfg.policy == SCHED_MLFQ && s->cfg.boost != 0 && m->tick != 0 &&
           m->tick % s->cfg.boost == 0;
}

int sched_boost_queues(sched *s) {
    int32_t top = top_level(s);
    int moved = 0;
    /* Lower levels join the top's tail, the lowest level first. */
    for (int32_t lv = 0; lv < top; lv++) {
        pidq *q = &s->q[lv];
        for (uint32_t i = 0; i < q->len; i++) {
            pidq_push_back(&s->q[top], pidq_at(q, i));
            moved++;
        }
        q->len = 0;
        q->head = 0;
    }
    return moved;
}

void sched_boost_procs(const sched *s, machine *m) {
    /* Every unfinished job, wherever it is, gets the top level afresh. */
    for (uint32_t i = 0; i < m->nprocs; i++) {
        proc *p = &m->procs[i];
        if (p->state == PROC_ZOMBIE || p->state == PROC_TERMINATED)
            continue;
        p->level = top_level(s);
        refresh_slice(s, p);
    }
}

int sched_maybe_boost(sched *s, machine *m) {
    if (!sched_boost_due(s, m))
        return 0;
    int moved = sched_boost_queues(s);
    sched_boost_procs(s, m);
    evlog_emit(&m->log, m->tick, EV_BOOST, -1, -1, moved, 0, 0);
    return moved;
}

proc *sched_last(const sched *s, machine *m) {
    if (uses_queues(s)) {
        for (int32_t lv = 0; lv < s->cfg.levels; lv++) {
            const pidq *q = &s->q[lv];
            for (uint32_t i = q->len; i > 0; i--) {
                proc *p = machine_proc(m, pidq_at(q, i - 1));
                if (p->state == PROC_READY)
                    return p;
            }
        }
        return NULL;
    }
    if (uses_heap(s)) {
        int32_t best = -1;
        for (uint32_t i = 0; i < s->heap_len; i++)
            if (best < 0 || heap_less(m, best, s->heap[i]))
                best = s->heap[i];
        return best < 0 ? NULL : machine_proc(m, best);
    }
    for (uint32_t idx = s->fen_cap; idx > 0; idx--) {
        proc *p = machine_proc(m, (int32_t)(idx - 1) + m->pid_base);
        if (p && p->state == PROC_READY && fen_point(s, idx - 1))
            return p;
    }
    return NULL;
}

/* Keeps the `max` smallest of the heap in order, without allocating. */
static uint32_t heap_snapshot(const sched *s, const machine *m, int32_t *out, uint32_t max) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->heap_len; i++) {
        int32_t pid = s->heap[i];
        uint32_t j = n < max ? n++ : max;
        if (j == max && (max == 0 || !heap_less(m, pid, out[max - 1])))
            continue;
        if (j == max)
            j = max - 1;
        while (j > 0 && heap_less(m, pid, out[j - 1])) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = pid;
    }
    return n;
}

uint32_t sched_queue_snapshot(const sched *s, const machine *m, int lvl, int32_t *out,
                              uint32_t max) {
    if (uses_queues(s)) {
        if (lvl < 0 || lvl >= s->cfg.levels)
            return 0;
        const pidq *q = &s->q[lvl];
        uint32_t n = q->len < max ? q->len : max;
        for (uint32_t i = 0; i < n; i++)
            out[i] = pidq_at(q, i);
        return n;
    }
    if (lvl != 0)
        return 0;
    if (uses_heap(s))
        return heap_snapshot(s, m, out, max);
    uint32_t n = 0; /* lottery: the runnable processes holding tickets here, by pid */
    for (uint32_t i = 0; i < m->nprocs && n < max; i++) {
        const proc *p = &m->procs[i];
        if ((p->state == PROC_READY || p->state == PROC_RUNNING) && fen_point(s, i))
            out[n++] = p->pid;
    }
    return n;
}
