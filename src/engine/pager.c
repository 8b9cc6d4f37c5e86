#include "pager.h"

#include <stdlib.h>
#include <string.h>

#include "clone.h"

static const char *const policy_names[PAGER_POLICY_COUNT] = {
    "fifo", "lru", "opt", "mru", "clock", "second-chance", "lfu", "nru", "rand",
};

const char *pager_policy_name(pager_policy p) {
    return (unsigned)p < PAGER_POLICY_COUNT ? policy_names[p] : "?";
}

int pager_policy_parse(const char *name, pager_policy *out) {
    for (int i = 0; i < PAGER_POLICY_COUNT; i++) {
        if (strcmp(name, policy_names[i]) == 0) {
            *out = (pager_policy)i;
            return 0;
        }
    }
    return -1;
}

const char *pager_policy_list(void) {
    return "fifo|lru|opt|mru|clock|second-chance|lfu|nru|rand";
}

/* ---- bitmap tree ---------------------------------------------------------------------- */

int pager_bits_init(pager_bits *b, uint32_t n, bool full) {
    memset(b, 0, sizeof *b);
    b->n = n;
    uint32_t len = (n + 63) / 64, total = 0;
    if (len == 0)
        len = 1;
    for (;;) {
        if (b->nlev == 5)
            return -1;
        b->off[b->nlev] = total;
        b->len[b->nlev] = len;
        total += len;
        b->nlev++;
        if (len == 1)
            break;
        len = (len + 63) / 64;
    }
    b->w = calloc(total, sizeof *b->w);
    if (!b->w)
        return -1;
    if (full && n > 0) {
        /* Level 0: n ones; each summary bit marks a non-empty word below. */
        uint64_t *w0 = b->w + b->off[0];
        for (uint32_t i = 0; i < n / 64; i++)
            w0[i] = UINT64_MAX;
        if (n % 64)
            w0[n / 64] = (1ULL << (n % 64)) - 1;
        for (int l = 1; l < b->nlev; l++) {
            for (uint32_t i = 0; i < b->len[l - 1]; i++) {
                if (b->w[b->off[l - 1] + i])
                    b->w[b->off[l] + i / 64] |= 1ULL << (i % 64);
            }
        }
    }
    return 0;
}

void pager_bits_free(pager_bits *b) {
    free(b->w);
    memset(b, 0, sizeof *b);
}

void pager_bits_clone(clone_ctx *cx, pager_bits *dst, const pager_bits *src) {
    *dst = *src;
    size_t words = src->nlev ? src->off[src->nlev - 1] + src->len[src->nlev - 1] : 0;
    dst->w = clone_dup(cx, src->w, words * sizeof *src->w);
}

void pager_bits_set(pager_bits *b, uint32_t i) {
    for (int l = 0; l < b->nlev; l++) {
        uint64_t *w = &b->w[b->off[l] + i / 64];
        bool was_empty = *w == 0;
        *w |= 1ULL << (i % 64);
        if (!was_empty)
            return;
        i /= 64;
    }
}

void pager_bits_clear(pager_bits *b, uint32_t i) {
    for (int l = 0; l < b->nlev; l++) {
        uint64_t *w = &b->w[b->off[l] + i / 64];
        *w &= ~(1ULL << (i % 64));
        if (*w != 0)
            return;
        i /= 64;
    }
}

bool pager_bits_has(const pager_bits *b, uint32_t i) {
    return i < b->n && (b->w[b->off[0] + i / 64] >> (i % 64) & 1);
}

int64_t pager_bits_next(const pager_bits *b, uint32_t i) {
    if (i >= b->n)
        return -1;
    /* Climb until some word holds a member at or after the position, then
     * descend taking the lowest set bit at each level. */
    uint64_t idx = i;
    int l = 0;
    for (;;) {
        uint64_t wi = idx / 64;
        if (wi >= b->len[l])
            return -1;
        uint64_t word = b->w[b->off[l] + wi] & (UINT64_MAX << (idx % 64));
        if (word) {
            idx = wi * 64 + (uint64_t)__builtin_ctzll(word);
            break;
        }
        if (++l == b->nlev)
            return -1;
        idx = wi + 1;
    }
    while (l > 0) {
        l--;
        idx = idx * 64 + (uint64_t)__builtin_ctzll(b->w[b->off[l] + idx]);
    }
    return (int64_t)idx;
}

/* ---- hash of resident pages ------------------------------------------------------------ */

/* Fibonacci hashing: one multiply, bits from the middle of the product (every
 * input bit reaches them). Every reference waits for this before its first
 * load, so it is kept short. */
static uint32_t hash_slot(const pager *pg, uint32_t owner, uint64_t page) {
    uint64_t h = (page + (uint64_t)owner * 0xc2b2ae3d27d4eb4fULL) * 0x9e3779b97f4a7c15ULL;
    return (uint32_t)(h >> 32) & (pg->nbuckets - 1);
}

int32_t pager_lookup(const pager *pg, uint32_t owner, uint64_t page) {
    for (int32_t f = pg->buckets[hash_slot(pg, owner, page)]; f >= 0; f = pg->frames[f].hnext) {
        if (pg->frames[f].page == page && pg->frames[f].owner == owner)
            return f;
    }
    return -1;
}

static void hash_insert(pager *pg, int32_t f) {
    uint32_t s = hash_slot(pg, pg->frames[f].owner, pg->frames[f].page);
    pg->frames[f].hnext = pg->buckets[s];
    pg->buckets[s] = f;
}

static void hash_remove(pager *pg, int32_t f) {
    int32_t *p = &pg->buckets[hash_slot(pg, pg->frames[f].owner, pg->frames[f].page)];
    while (*p != f)
        p = &pg->frames[*p].hnext;
    *p = pg->frames[f].hnext;
    pg->frames[f].hnext = -1;
}

/* ---- queue over frames ----------------------------------------------------------------- */

static void queue_push_tail(pager *pg, int32_t f) {
    pager_frame *fr = &pg->frames[f];
    fr->prev = pg->tail;
    fr->next = -1;
    if (pg->tail >= 0)
        pg->frames[pg->tail].next = f;
    else
        pg->head = f;
    pg->tail = f;
}

static void queue_unlink(pager *pg, int32_t f) {
    pager_frame *fr = &pg->frames[f];
    if (fr->prev >= 0)
        pg->frames[fr->prev].next = fr->next;
    else
        pg->head = fr->next;
    if (fr->next >= 0)
        pg->frames[fr->next].prev = fr->prev;
    else
        pg->tail = fr->prev;
    fr->prev = fr->next = -1;
}

static bool uses_queue(pager_policy p) {
    return p == PAGER_FIFO || p == PAGER_LRU || p == PAGER_MRU || p == PAGER_SECOND_CHANCE;
}

/* ---- indexed heap (opt, lfu) ----------------------------------------------------------- */

/* True when frame a must be nearer the top (evicted sooner) than frame b. */
static bool heap_before(const pager *pg, int32_t a, int32_t b) {
    const pager_frame *x = &pg->frames[a], *y = &pg->frames[b];
    if (pg->policy == PAGER_OPT) {
        /* Farthest next use first; among equal (never used again: the only
         * possible tie) the most recently loaded, as OSTEP's `>=` scan. */
        if (x->key != y->key)
            return x->key > y->key;
        return x->load_seq > y->load_seq;
    }
    /* lfu: fewest references, then loaded earliest. */
    if (x->key != y->key)
        return x->key < y->key;
    return x->load_seq < y->load_seq;
}

static void heap_place(pager *pg, uint32_t pos, int32_t f) {
    pg->heap[pos] = f;
    pg->frames[f].heap_pos = (int32_t)pos;
}

static void heap_fix(pager *pg, uint32_t pos) {
    int32_t f = pg->heap[pos];
    while (pos > 0) {
        uint32_t parent = (pos - 1) / 2;
        if (!heap_before(pg, f, pg->heap[parent]))
            break;
        heap_place(pg, pos, pg->heap[parent]);
        pos = parent;
    }
    for (;;) {
        uint32_t c = 2 * pos + 1;
        if (c >= pg->heap_len)
            break;
        if (c + 1 < pg->heap_len && heap_before(pg, pg->heap[c + 1], pg->heap[c]))
            c++;
        if (!heap_before(pg, pg->heap[c], f))
            break;
        heap_place(pg, pos, pg->heap[c]);
        pos = c;
    }
    heap_place(pg, pos, f);
}

static void heap_push(pager *pg, int32_t f) {
    heap_place(pg, pg->heap_len++, f);
    heap_fix(pg, pg->heap_len - 1);
}

static void heap_remove(pager *pg, int32_t f) {
    uint32_t pos = (uint32_t)pg->frames[f].heap_pos;
    int32_t last = pg->heap[--pg->heap_len];
    pg->frames[f].heap_pos = -1;
    if (last != f) {
        heap_place(pg, pos, last);
        heap_fix(pg, pos);
    }
}

static bool uses_heap(pager_policy p) {
    return p == PAGER_OPT || p == PAGER_LFU;
}

/* ---- nru ------------------------------------------------------------------------------- */

/* A frame's class: 2 * referenced + dirty. Each class is a bitmap tree, so the
 * victim (lowest frame of the lowest non-empty class) costs O(log frames). */
static uint32_t nru_class(const pager_frame *fr) {
    return (fr->ref ? 2u : 0u) + fr->dirty;
}

static void nru_move(pager *pg, uint32_t f, uint32_t from, uint32_t to) {
    pager_bits_clear(&pg->nru_class[from], f);
    pager_bits_set(&pg->nru_class[to], f);
}

/* Starts a new period when `now` has left the current one. Only frames
 * referenced in the period can have their bit set, and they are listed in
 * recent, so clearing costs what the references that set the bits cost. */
static uint32_t nru_advance(pager *pg, uint64_t now, evlog *log) {
    uint64_t epoch = now / pg->nru_period;
    if (epoch == pg->nru_epoch)
        return 0;
    uint32_t set = 0;
    for (uint32_t i = 0; i < pg->nrecent; i++) {
        pager_frame *fr = &pg->frames[pg->recent[i]];
        if (!fr->used || !fr->ref)
            continue;
        if (!fr->pinned) /* a pinned frame is in no class */
            nru_move(pg, (uint32_t)pg->recent[i], nru_class(fr), fr->dirty);
        fr->ref = 0;
        set++;
    }
    if (log)
        evlog_emit(log, now, EV_MEM_NRU_CLEAR, -1, -1, set, pg->nru_period, 0);
    pg->nru_epoch = epoch;
    pg->nrecent = 0;
    return set;
}

uint32_t pager_nru_advance(pager *pg, uint64_t now) {
    return pg->policy == PAGER_NRU ? nru_advance(pg, now, NULL) : 0;
}

/* Sets the reference bit (and the dirty bit for a write) of a resident frame. */
static void nru_mark(pager *pg, int32_t f, bool write) {
    pager_frame *fr = &pg->frames[f];
    uint32_t from = nru_class(fr);
    if (!fr->ref) {
        if (pg->nrecent == pg->recent_cap) {
            uint32_t cap = pg->recent_cap ? pg->recent_cap * 2 : 64;
            int32_t *p = realloc(pg->recent, cap * sizeof *p);
            if (!p)
                return; /* out of memory: the bit stays clear; never a crash */
            pg->recent = p;
            pg->recent_cap = cap;
        }
        pg->recent[pg->nrecent++] = f;
        fr->ref = 1;
    }
    if (write)
        fr->dirty = 1;
    if (nru_class(fr) != from)
        nru_move(pg, (uint32_t)f, from, nru_class(fr));
}

static int32_t nru_victim(const pager *pg) {
    for (int c = 0; c < 4; c++) {
        int64_t f = pager_bits_next(&pg->nru_class[c], 0);
        if (f >= 0)
            return (int32_t)f;
    }
    return 0;
}

/* ---- life cycle ------------------------------------------------------------------------ */

int pager_init(pager *pg, pager_policy policy, uint32_t nframes, uint32_t nru_period) {
    memset(pg, 0, sizeof *pg);
    pg->head = pg->tail = -1;
    if ((unsigned)policy >= PAGER_POLICY_COUNT || nframes == 0 || nframes > PAGER_MAX_FRAMES ||
        nru_period == 0 || nru_period > PAGER_NRU_MAX)
        return -1;
    pg->policy = policy;
    pg->nframes = nframes;
    pg->nru_period = nru_period;
    pg->nbuckets = 16;
    while (pg->nbuckets < 2 * nframes)
        pg->nbuckets *= 2;
    pg->frames = malloc(nframes * sizeof *pg->frames);
    pg->buckets = malloc(pg->nbuckets * sizeof *pg->buckets);
    if (uses_heap(policy))
        pg->heap = malloc(nframes * sizeof *pg->heap);
    bool ok = pg->frames && pg->buckets && (pg->heap || !uses_heap(policy)) &&
              pager_bits_init(&pg->free_set, nframes, true) == 0;
    for (int c = 0; ok && policy == PAGER_NRU && c < 4; c++)
        ok = pager_bits_init(&pg->nru_class[c], nframes, false) == 0;
    if (!ok) {
        pager_free(pg);
        return -1;
    }
    for (uint32_t f = 0; f < nframes; f++) {
        pg->frames[f] = (pager_frame){.hnext = -1, .prev = -1, .next = -1, .heap_pos = -1};
    }
    memset(pg->buckets, 0xff, pg->nbuckets * sizeof *pg->buckets);
    return 0;
}

void pager_free(pager *pg) {
    free(pg->frames);
    free(pg->buckets);
    free(pg->heap);
    free(pg->recent);
    pager_bits_free(&pg->free_set);
    for (int c = 0; c < 4; c++)
        pager_bits_free(&pg->nru_class[c]);
    memset(pg, 0, sizeof *pg);
    pg->head = pg->tail = -1;
}

void pager_clone(clone_ctx *cx, pager *dst, const pager *src) {
    *dst = *src;
    dst->frames = clone_dup(cx, src->frames, src->nframes * sizeof *src->frames);
    dst->buckets = clone_dup(cx, src->buckets, src->nbuckets * sizeof *src->buckets);
    /* opt/lfu's heap has a slot per frame (pager_init), heap_len of them in use. */
    dst->heap = clone_dup_part(cx, src->heap, src->heap_len * sizeof *src->heap,
                               src->nframes * sizeof *src->heap);
    pager_bits_clone(cx, &dst->free_set, &src->free_set);
    for (int c = 0; c < 4; c++)
        pager_bits_clone(cx, &dst->nru_class[c], &src->nru_class[c]);
    dst->recent = clone_dup(cx, src->recent, src->nrecent * sizeof *src->recent);
    dst->recent_cap = src->nrecent; /* grown again as needed */
}

/* ---- references ------------------------------------------------------------------------ */

void pager_touch(pager *pg, uint32_t frame, const pager_ref *ref, evlog *log) {
    pager_frame *fr = &pg->frames[frame];
    int32_t f = (int32_t)frame;
    pg->hits++;
    if (fr->pinned) { /* out of the policy's structures until unpinned */
        fr->dirty |= ref->write;
        return;
    }
    fr->use_seq = ++pg->stamp;
    fr->uses++;
    switch (pg->policy) {
        case PAGER_LRU:
        case PAGER_MRU:
            queue_unlink(pg, f);
            queue_push_tail(pg, f);
            break;
        case PAGER_CLOCK:
        case PAGER_SECOND_CHANCE: fr->ref = 1; break;
        case PAGER_OPT:
            fr->key = ref->next_use;
            heap_fix(pg, (uint32_t)fr->heap_pos);
            break;
        case PAGER_LFU:
            fr->key++;
            heap_fix(pg, (uint32_t)fr->heap_pos);
            break;
        case PAGER_NRU:
            nru_advance(pg, ref->now, log);
            nru_mark(pg, f, ref->write);
            break;
        default: break;
    }
    fr->dirty |= ref->write; /* no branch: writes come at random in a trace */
}

void pager_access(pager *pg, const pager_ref *ref, rng *r, evlog *log, pager_result *res) {
    int32_t f = pager_lookup(pg, ref->owner, ref->page);
    if (f < 0) {
        pager_fault(pg, ref, r, log, res);
        return;
    }
    pager_touch(pg, (uint32_t)f, ref, log);
    *res = (pager_result){.hit = true, .frame = (uint32_t)f};
    if (log)
        evlog_emit(log, ref->now, EV_MEM_HIT, -1, (int)ref->owner, (int64_t)ref->page, f,
                   ref->write);
}

/* Chooses the frame to evict; all frames are in use, at least one unpinned.
 * *swept: the reference bits clock or second-chance cleared on the way. */
static int32_t choose_victim(pager *pg, rng *r, uint64_t now, evlog *log, uint32_t *swept) {
    uint32_t cleared = 0;
    int32_t f;
    switch (pg->policy) {
        case PAGER_FIFO:
        case PAGER_LRU: return pg->head;
        case PAGER_MRU: return pg->tail;
        case PAGER_OPT:
        case PAGER_LFU: return pg->heap[0];
        case PAGER_CLOCK:
            /* Terminates: after one lap every unpinned bit is clear. */
            while (pg->frames[pg->hand].ref || pg->frames[pg->hand].pinned) {
                if (!pg->frames[pg->hand].pinned) {
                    pg->frames[pg->hand].ref = 0;
                    cleared++;
                }
                if (++pg->hand == pg->nframes) /* no division per bit swept */
                    pg->hand = 0;
            }
            f = (int32_t)pg->hand;
            break;
        case PAGER_SECOND_CHANCE:
            while (pg->frames[pg->head].ref) {
                f = pg->head;
                pg->frames[f].ref = 0;
                pg->frames[f].enq_seq = ++pg->stamp;
                queue_unlink(pg, f);
                queue_push_tail(pg, f);
                cleared++;
            }
            f = pg->head;
            break;
        case PAGER_NRU: return nru_victim(pg);
        case PAGER_RAND:
            /* Redraws past pinned frames (only the full machine pins). */
            do {
                f = r ? (int32_t)rng_below(r, pg->nframes) : 0;
            } while (pg->frames[f].pinned && r);
            return f;
        default: return 0;
    }
    *swept = cleared;
    if (log)
        evlog_emit(log, now, EV_MEM_SWEEP, -1, -1, cleared, f, pg->policy);
    return f;
}

/* Takes frame f out of every structure; it stays `used` for the caller. */
static void detach(pager *pg, int32_t f) {
    hash_remove(pg, f);
    if (pg->frames[f].pinned)
        return; /* already out of the policy's structures */
    if (uses_queue(pg->policy))
        queue_unlink(pg, f);
    if (uses_heap(pg->policy))
        heap_remove(pg, f);
    if (pg->policy == PAGER_NRU)
        pager_bits_clear(&pg->nru_class[nru_class(&pg->frames[f])], (uint32_t)f);
}

void pager_fault(pager *pg, const pager_ref *ref, rng *r, evlog *log, pager_result *res) {
    if (pg->policy == PAGER_NRU)
        nru_advance(pg, ref->now, log);
    pg->misses++;
    *res = (pager_result){.hit = false};
    /* Once memory is full (most faults of a long trace) there is nothing to find. */
    int64_t free_frame = pg->nused < pg->nframes ? pager_bits_next(&pg->free_set, 0) : -1;
    int32_t f;
    if (free_frame >= 0) {
        f = (int32_t)free_frame;
        pager_bits_clear(&pg->free_set, (uint32_t)f);
        pg->nused++;
    } else {
        f = choose_victim(pg, r, ref->now, log, &res->swept);
        pager_frame *v = &pg->frames[f];
        res->evicted = true;
        res->victim_owner = v->owner;
        res->victim_page = v->page;
        res->writeback = v->dirty;
        pg->evictions++;
        pg->writebacks += v->dirty;
        if (log)
            evlog_emit(log, ref->now, EV_MEM_EVICT, -1, (int)v->owner, (int64_t)v->page, f,
                       (int64_t)v->dirty | (int64_t)pg->policy << 1);
        detach(pg, f);
    }
    pager_frame *fr = &pg->frames[f];
    fr->page = ref->page;
    fr->owner = ref->owner;
    fr->used = 1;
    fr->dirty = ref->write;
    fr->ref = pg->policy != PAGER_NRU; /* nru sets it below, listing the frame */
    fr->load_seq = pg->load_seq++;
    fr->key = 0;
    fr->enq_seq = fr->use_seq = ++pg->stamp;
    fr->uses = 1;
    hash_insert(pg, f);
    switch (pg->policy) {
        case PAGER_FIFO:
        case PAGER_LRU:
        case PAGER_MRU:
        case PAGER_SECOND_CHANCE: queue_push_tail(pg, f); break;
        case PAGER_CLOCK:
            if (res->evicted)
                pg->hand = (uint32_t)f + 1 == pg->nframes ? 0 : (uint32_t)f + 1;
            break;
        case PAGER_OPT:
            fr->key = ref->next_use;
            heap_push(pg, f);
            break;
        case PAGER_LFU:
            fr->key = 1;
            heap_push(pg, f);
            break;
        case PAGER_NRU:
            pager_bits_set(&pg->nru_class[nru_class(fr)], (uint32_t)f);
            nru_mark(pg, f, ref->write);
            break;
        default: break;
    }
    res->frame = (uint32_t)f;
    if (log)
        evlog_emit(log, ref->now, EV_MEM_FAULT, -1, (int)ref->owner, (int64_t)ref->page, f,
                   (int64_t)ref->write | (res->evicted ? 2 : 0));
}

void pager_release(pager *pg, uint32_t frame) {
    if (frame >= pg->nframes || !pg->frames[frame].used)
        return;
    detach(pg, (int32_t)frame);
    pager_frame *fr = &pg->frames[frame];
    if (fr->pinned)
        pg->npinned--;
    fr->used = fr->dirty = fr->ref = fr->pinned = 0;
    fr->key = 0;
    pager_bits_set(&pg->free_set, frame);
    pg->nused--;
}

/* ---- pinning --------------------------------------------------------------------------- */

void pager_pin(pager *pg, uint32_t frame) {
    if (frame >= pg->nframes || !pg->frames[frame].used || pg->frames[frame].pinned)
        return;
    pager_frame *fr = &pg->frames[frame];
    int32_t f = (int32_t)frame;
    if (uses_queue(pg->policy))
        queue_unlink(pg, f);
    if (uses_heap(pg->policy))
        heap_remove(pg, f);
    if (pg->policy == PAGER_NRU)
        pager_bits_clear(&pg->nru_class[nru_class(fr)], frame);
    fr->pinned = 1;
    pg->npinned++;
}

void pager_unpin(pager *pg, uint32_t frame, const pager_ref *ref) {
    if (frame >= pg->nframes || !pg->frames[frame].pinned)
        return;
    pager_frame *fr = &pg->frames[frame];
    int32_t f = (int32_t)frame;
    fr->pinned = 0;
    pg->npinned--;
    if (ref->write)
        fr->dirty = 1;
    fr->enq_seq = fr->use_seq = ++pg->stamp; /* as if loaded now (pager.h) */
    switch (pg->policy) {
        case PAGER_FIFO:
        case PAGER_LRU:
        case PAGER_MRU: queue_push_tail(pg, f); break;
        case PAGER_SECOND_CHANCE:
            fr->ref = 1;
            queue_push_tail(pg, f);
            break;
        case PAGER_CLOCK: fr->ref = 1; break;
        case PAGER_OPT:
            fr->key = ref->next_use;
            heap_push(pg, f);
            break;
        case PAGER_LFU: heap_push(pg, f); break;
        case PAGER_NRU:
            nru_advance(pg, ref->now, NULL);
            pager_bits_set(&pg->nru_class[nru_class(fr)], frame);
            nru_mark(pg, f, ref->write);
            break;
        default: break;
    }
}

bool pager_has_victim(const pager *pg) {
    return pg->nused < pg->nframes || pg->npinned < pg->nused;
}

/* ---- live policy change ---------------------------------------------------------------- */

typedef struct seq_frame {
    uint64_t seq;
    int32_t f;
} seq_frame;

static int seq_cmp(const void *a, const void *b) {
    uint64_t x = ((const seq_frame *)a)->seq, y = ((const seq_frame *)b)->seq;
    return x < y ? -1 : x > y;
}

/* The queue of policy np (fifo, second-chance: by joining; lru, mru: by use)
 * over the unpinned resident frames. order has room for every frame. */
static void rebuild_queue(pager *pg, pager_policy np, seq_frame *order) {
    uint32_t n = 0;
    for (uint32_t f = 0; f < pg->nframes; f++) {
        const pager_frame *fr = &pg->frames[f];
        if (fr->used && !fr->pinned) {
            bool fifo = np == PAGER_FIFO || np == PAGER_SECOND_CHANCE;
            order[n++] = (seq_frame){fifo ? fr->enq_seq : fr->use_seq, (int32_t)f};
        }
    }
    qsort(order, n, sizeof *order, seq_cmp);
    for (uint32_t i = 0; i < n; i++)
        queue_push_tail(pg, order[i].f);
}

int pager_set_policy(pager *pg, pager_policy np, uint64_t now, const uint64_t *opt_keys) {
    if ((unsigned)np >= PAGER_POLICY_COUNT)
        return -1;
    if (np == pg->policy)
        return 0;
    /* What the new policy needs is allocated first: a failure changes nothing. */
    uint32_t nref = 0;
    for (uint32_t f = 0; f < pg->nframes; f++)
        nref += pg->frames[f].used && pg->frames[f].ref;
    int32_t *heap = uses_heap(np) && !pg->heap ? malloc(pg->nframes * sizeof *heap) : NULL;
    seq_frame *order = uses_queue(np) ? malloc(pg->nframes * sizeof *order) : NULL;
    int32_t *recent = NULL;
    pager_bits cls[4];
    memset(cls, 0, sizeof cls);
    bool ok = (heap || !uses_heap(np) || pg->heap) && (order || !uses_queue(np));
    if (ok && np == PAGER_NRU) {
        if (nref > pg->recent_cap) {
            recent = malloc(nref * sizeof *recent);
            ok = recent != NULL;
        }
        for (int c = 0; ok && c < 4; c++)
            ok = pager_bits_init(&cls[c], pg->nframes, false) == 0;
    }
    if (!ok) {
        free(heap);
        free(order);
        free(recent);
        for (int c = 0; c < 4; c++)
            pager_bits_free(&cls[c]);
        return -1;
    }
    /* Out of the old policy's structures. */
    pg->head = pg->tail = -1;
    pg->heap_len = 0;
    for (uint32_t f = 0; f < pg->nframes; f++) {
        pager_frame *fr = &pg->frames[f];
        fr->prev = fr->next = fr->heap_pos = -1;
        fr->key = 0;
    }
    for (int c = 0; c < 4; c++)
        pager_bits_free(&pg->nru_class[c]);
    pg->nrecent = 0;
    if (heap)
        pg->heap = heap;
    if (!uses_heap(np)) {
        free(pg->heap);
        pg->heap = NULL;
    }
    pg->policy = np;
    switch (np) {
        case PAGER_FIFO:
        case PAGER_LRU:
        case PAGER_MRU:
        case PAGER_SECOND_CHANCE: rebuild_queue(pg, np, order); break;
        case PAGER_OPT:
        case PAGER_LFU:
            for (uint32_t f = 0; f < pg->nframes; f++) {
                pager_frame *fr = &pg->frames[f];
                if (!fr->used)
                    continue;
                if (np == PAGER_LFU)
                    fr->key = fr->uses; /* also pinned ones: unpinning keeps the key */
                else
                    fr->key = opt_keys ? opt_keys[f] : PAGER_NEVER;
                if (!fr->pinned)
                    heap_push(pg, (int32_t)f);
            }
            break;
        case PAGER_NRU:
            memcpy(pg->nru_class, cls, sizeof cls);
            if (recent) {
                free(pg->recent);
                pg->recent = recent;
                pg->recent_cap = nref;
            }
            for (uint32_t f = 0; f < pg->nframes; f++) {
                pager_frame *fr = &pg->frames[f];
                if (!fr->used)
                    continue;
                if (fr->ref)
                    pg->recent[pg->nrecent++] = (int32_t)f; /* the next clear finds it */
                if (!fr->pinned)
                    pager_bits_set(&pg->nru_class[nru_class(fr)], f);
            }
            /* The period of the last tick that ran goes on. */
            pg->nru_epoch = now ? (now - 1) / pg->nru_period : 0;
            break;
        default: break; /* clock, rand: the bits and the hand as they are */
    }
    free(order);
    return 0;
}

void pager_trace_keys(const pager *pg, const uint32_t *trace, uint32_t pos, uint32_t n,
                      uint64_t *keys) {
    for (uint32_t f = 0; f < pg->nframes; f++)
        keys[f] = PAGER_NEVER;
    uint32_t left = pg->nused;
    for (uint32_t j = pos; j < n && left; j++) {
        int32_t f = pager_lookup(pg, 0, trace[j]);
        if (f >= 0 && keys[f] == PAGER_NEVER) {
            keys[f] = j;
            left--;
        }
    }
}

/* ---- opt's future ---------------------------------------------------------------------- */

int pager_next_uses(const uint32_t *keys, uint32_t n, uint32_t *next) {
    /* A chained hash of key -> latest index seen, walking backwards. */
    uint32_t nb = 16;
    while (nb < n && nb < (1u << 30))
        nb *= 2;
    uint32_t *bucket = malloc(nb * sizeof *bucket);
    uint32_t *chain = malloc((n ? n : 1) * sizeof *chain);   /* node i: key keys[i] */
    uint32_t *latest = malloc((n ? n : 1) * sizeof *latest); /* per node */
    if (!bucket || !chain || !latest) {
        free(bucket);
        free(chain);
        free(latest);
        return -1;
    }
    memset(bucket, 0xff, nb * sizeof *bucket);
    for (uint32_t i = n; i-- > 0;) {
        uint64_t h = (uint64_t)keys[i] * 0x9e3779b97f4a7c15ULL;
        uint32_t s = (uint32_t)(h >> 32) & (nb - 1);
        uint32_t node = bucket[s];
        while (node != UINT32_MAX && keys[node] != keys[i])
            node = chain[node];
        if (node == UINT32_MAX) {
            next[i] = UINT32_MAX;
            chain[i] = bucket[s];
            bucket[s] = i;
            latest[i] = i;
        } else {
            next[i] = latest[node];
            latest[node] = i;
        }
    }
    free(bucket);
    free(chain);
    free(latest);
    return 0;
}
