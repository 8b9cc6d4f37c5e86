/* vm_ws: working sets, the fault-rate window and thrashing (rules in vm.h).
 *
 * Each process keeps the vpns of its last `window` references in a ring; a
 * chained hash counts each (pid, vpn) among them, so a process's working set
 * is its number of keys. The machine keeps one flag per reference of its
 * last `window`: did it fault. A reference costs O(1); an exit O(window). */
#include <stdlib.h>
#include <string.h>

#include "clone.h"
#include "vm.h"

static uint32_t ws_slot(const vm_ws *w, uint64_t key) {
    uint64_t h = key * 0x9e3779b97f4a7c15ULL;
    h ^= h >> 29;
    return (uint32_t)(h & (w->nbuckets - 1));
}

void vm_ws_free(vm_ws *w) {
    free(w->node);
    free(w->buckets);
    memset(w, 0, sizeof *w);
    w->free_node = -1;
}

void vm_ws_clone(clone_ctx *cx, vm_ws *dst, const vm_ws *src) {
    *dst = *src; /* every node is set: in use or on the free list */
    dst->node = clone_dup(cx, src->node, src->node_cap * sizeof *src->node);
    dst->buckets = clone_dup(cx, src->buckets, src->nbuckets * sizeof *src->buckets);
}

/* Doubles the hash, rehashing every live node. */
static int ws_rehash(vm_ws *w) {
    uint32_t nb = w->nbuckets ? w->nbuckets * 2 : 64;
    int32_t *b = malloc(nb * sizeof *b);
    if (!b)
        return -1;
    memset(b, 0xff, nb * sizeof *b);
    free(w->buckets);
    w->buckets = b;
    w->nbuckets = nb;
    for (uint32_t i = 0; i < w->node_cap; i++) {
        if (w->node[i].count == 0)
            continue;
        uint32_t s = ws_slot(w, w->node[i].key);
        w->node[i].next = w->buckets[s];
        w->buckets[s] = (int32_t)i;
    }
    return 0;
}

static int32_t ws_find(const vm_ws *w, uint64_t key) {
    if (!w->nbuckets)
        return -1;
    int32_t i = w->buckets[ws_slot(w, key)];
    while (i >= 0 && w->node[i].key != key)
        i = w->node[i].next;
    return i;
}

/* One more occurrence of key: 1 when it is new, 0 if not, -1 on ENOMEM. */
static int ws_inc(vm_ws *w, uint64_t key) {
    int32_t i = ws_find(w, key);
    if (i >= 0) {
        w->node[i].count++;
        return 0;
    }
    if (w->free_node < 0) {
        uint32_t cap = w->node_cap ? w->node_cap * 2 : 64;
        vm_ws_node *nn = realloc(w->node, cap * sizeof *nn);
        if (!nn)
            return -1;
        for (uint32_t k = w->node_cap; k < cap; k++)
            nn[k] = (vm_ws_node){.next = k + 1 < cap ? (int32_t)k + 1 : -1};
        w->node = nn;
        w->free_node = (int32_t)w->node_cap;
        w->node_cap = cap;
    }
    if (w->distinct + 1 > w->nbuckets && ws_rehash(w) != 0)
        return -1;
    i = w->free_node;
    w->free_node = w->node[i].next;
    uint32_t s = ws_slot(w, key);
    w->node[i] = (vm_ws_node){.key = key, .count = 1, .next = w->buckets[s]};
    w->buckets[s] = i;
    w->distinct++;
    return 1;
}

/* One occurrence fewer: true when key leaves. */
static bool ws_dec(vm_ws *w, uint64_t key) {
    int32_t i = ws_find(w, key);
    if (i < 0 || --w->node[i].count)
        return false;
    int32_t *p = &w->buckets[ws_slot(w, key)];
    while (*p != i)
        p = &w->node[*p].next;
    *p = w->node[i].next;
    w->node[i].next = w->free_node;
    w->free_node = i;
    w->distinct--;
    return true;
}

static uint64_t ws_key(int32_t pid, uint32_t vpn) {
    return (uint64_t)(uint32_t)pid << 32 | vpn;
}

static void ws_leave(vm *v, vm_proc *vp, int32_t pid, uint32_t vpn) {
    if (ws_dec(&v->ws, ws_key(pid, vpn))) {
        vp->ws--;
        v->ws_total--;
    }
}

void vm_ws_note(vm *v, vm_proc *vp, int32_t pid, uint32_t vpn, bool faulted) {
    uint32_t w = v->cfg.window;
    if (v->win_len == w)
        v->win_faulted -= v->win_flag[v->win_pos];
    else
        v->win_len++;
    v->win_flag[v->win_pos] = faulted;
    v->win_faulted += faulted;
    v->win_pos = (v->win_pos + 1) % w;
    if (vp->wlen == w) { /* the oldest reference leaves */
        ws_leave(v, vp, pid, vp->wring[vp->whead]);
        vp->whead = (vp->whead + 1) % vp->wcap;
        vp->wlen--;
    }
    if (vp->wlen == vp->wcap) { /* grow, unrolling the ring; at most w */
        uint32_t cap = vp->wcap ? vp->wcap * 2 : 8;
        if (cap > w)
            cap = w;
        uint32_t *r = malloc(cap * sizeof *r);
        if (!r)
            return; /* out of memory: the reference goes unrecorded */
        for (uint32_t i = 0; i < vp->wlen; i++)
            r[i] = vp->wring[(vp->whead + i) % vp->wcap];
        free(vp->wring);
        vp->wring = r;
        vp->wcap = cap;
        vp->whead = 0;
    }
    int fresh = ws_inc(&v->ws, ws_key(pid, vpn));
    if (fresh < 0)
        return;
    vp->wring[(vp->whead + vp->wlen++) % vp->wcap] = vpn;
    if (fresh) {
        vp->ws++;
        v->ws_total++;
    }
}

void vm_ws_drop(vm *v, vm_proc *vp, int32_t pid) {
    for (uint32_t i = 0; i < vp->wlen; i++)
        ws_leave(v, vp, pid, vp->wring[(vp->whead + i) % vp->wcap]);
    free(vp->wring);
    vp->wring = NULL;
    vp->whead = vp->wlen = vp->wcap = 0;
}

/* ---- the fault-rate window and thrashing ---------------------------------------------- */

void vm_tick_end(machine *m) {
    vm *v = m->vm;
    uint64_t t = m->tick;
    v->hist_faults[t % VM_HIST] = v->cur_faults;
    v->cur_faults = 0;

    uint32_t rate = v->win_len ? v->win_faulted * 100 / v->win_len : 0;
    bool over = v->ws_total > v->cfg.frames;
    int64_t c = (int64_t)v->cfg.frames | (int64_t)rate << 32;
    if (!v->thrashing && over && rate >= v->cfg.thrash_pct) {
        v->thrashing = true;
        v->thrash_episodes++;
        if (v->thrash_first < 0)
            v->thrash_first = (int64_t)t;
        evlog_emit(&m->log, t, EV_VM_THRASH, -1, -1, 1, v->ws_total, c);
    } else if (v->thrashing && (!over || rate * 2 < v->cfg.thrash_pct)) {
        v->thrashing = false;
        evlog_emit(&m->log, t, EV_VM_THRASH, -1, -1, 0, v->ws_total, c);
    }
}
