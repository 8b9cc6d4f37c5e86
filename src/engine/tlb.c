#include "tlb.h"

#include <stdlib.h>
#include <string.h>

#include "clone.h"

static uint32_t slot(const tlb *t, uint32_t pid, uint64_t vpn) {
    uint64_t h = vpn * 0x9e3779b97f4a7c15ULL ^ (uint64_t)pid * 0xc2b2ae3d27d4eb4fULL;
    h ^= h >> 29;
    return (uint32_t)(h & (t->nbuckets - 1));
}

int tlb_init(tlb *t, uint32_t entries) {
    memset(t, 0, sizeof *t);
    t->lru = t->mru = t->free_head = -1;
    if (entries > TLB_MAX_ENTRIES)
        return -1;
    t->cap = entries;
    if (entries == 0)
        return 0;
    t->nbuckets = 16;
    while (t->nbuckets < 2 * entries)
        t->nbuckets *= 2;
    t->e = calloc(entries, sizeof *t->e);
    t->buckets = malloc(t->nbuckets * sizeof *t->buckets);
    if (!t->e || !t->buckets) {
        tlb_free(t);
        return -1;
    }
    memset(t->buckets, 0xff, t->nbuckets * sizeof *t->buckets);
    for (uint32_t i = 0; i < entries; i++) {
        t->e[i].next = i + 1 < entries ? (int32_t)i + 1 : -1;
        t->e[i].prev = t->e[i].hnext = -1;
    }
    t->free_head = 0;
    return 0;
}

void tlb_free(tlb *t) {
    free(t->e);
    free(t->buckets);
    memset(t, 0, sizeof *t);
    t->lru = t->mru = t->free_head = -1;
}

void tlb_clone(clone_ctx *cx, tlb *dst, const tlb *src) {
    *dst = *src;
    dst->e = clone_dup(cx, src->e, src->cap * sizeof *src->e);
    dst->buckets = clone_dup(cx, src->buckets, src->nbuckets * sizeof *src->buckets);
}

static int32_t find(const tlb *t, uint32_t pid, uint64_t vpn) {
    for (int32_t i = t->buckets[slot(t, pid, vpn)]; i >= 0; i = t->e[i].hnext) {
        if (t->e[i].vpn == vpn && t->e[i].pid == pid)
            return i;
    }
    return -1;
}

static void unlink_lru(tlb *t, int32_t i) {
    tlb_entry *e = &t->e[i];
    if (e->prev >= 0)
        t->e[e->prev].next = e->next;
    else
        t->lru = e->next;
    if (e->next >= 0)
        t->e[e->next].prev = e->prev;
    else
        t->mru = e->prev;
    e->prev = e->next = -1;
}

static void push_mru(tlb *t, int32_t i) {
    tlb_entry *e = &t->e[i];
    e->prev = t->mru;
    e->next = -1;
    if (t->mru >= 0)
        t->e[t->mru].next = i;
    else
        t->lru = i;
    t->mru = i;
}

static void remove_entry(tlb *t, int32_t i) {
    tlb_entry *e = &t->e[i];
    int32_t *p = &t->buckets[slot(t, e->pid, e->vpn)];
    while (*p != i)
        p = &t->e[*p].hnext;
    *p = e->hnext;
    e->hnext = -1;
    unlink_lru(t, i);
    e->valid = 0;
    e->next = t->free_head;
    t->free_head = i;
    t->used--;
}

bool tlb_lookup(tlb *t, uint32_t pid, uint64_t vpn, uint32_t *frame) {
    if (t->cap == 0)
        return false;
    int32_t i = find(t, pid, vpn);
    if (i < 0) {
        t->misses++;
        return false;
    }
    t->hits++;
    unlink_lru(t, i);
    push_mru(t, i);
    *frame = t->e[i].frame;
    return true;
}

bool tlb_insert(tlb *t, uint32_t pid, uint64_t vpn, uint32_t frame, uint32_t *old_pid,
                uint64_t *old_vpn) {
    if (t->cap == 0)
        return false;
    int32_t i = find(t, pid, vpn);
    if (i >= 0) {
        t->e[i].frame = frame;
        unlink_lru(t, i);
        push_mru(t, i);
        return false;
    }
    bool replaced = false;
    if (t->free_head < 0) {
        int32_t v = t->lru;
        *old_pid = t->e[v].pid;
        *old_vpn = t->e[v].vpn;
        remove_entry(t, v);
        replaced = true;
    }
    i = t->free_head;
    tlb_entry *e = &t->e[i];
    t->free_head = e->next;
    *e = (tlb_entry){.vpn = vpn, .pid = pid, .frame = frame, .valid = 1};
    uint32_t s = slot(t, pid, vpn);
    e->hnext = t->buckets[s];
    t->buckets[s] = i;
    push_mru(t, i);
    t->used++;
    return replaced;
}

bool tlb_invalidate(tlb *t, uint32_t pid, uint64_t vpn) {
    if (t->cap == 0)
        return false;
    int32_t i = find(t, pid, vpn);
    if (i < 0)
        return false;
    remove_entry(t, i);
    return true;
}

uint32_t tlb_flush(tlb *t) {
    uint32_t n = 0;
    while (t->lru >= 0) {
        remove_entry(t, t->lru);
        n++;
    }
    return n;
}

uint32_t tlb_flush_pid(tlb *t, uint32_t pid) {
    uint32_t n = 0;
    for (int32_t i = t->lru; i >= 0;) {
        int32_t next = t->e[i].next;
        if (t->e[i].pid == pid) {
            remove_entry(t, i);
            n++;
        }
        i = next;
    }
    return n;
}
