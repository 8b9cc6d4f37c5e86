#include "cache.h"

#include <stdlib.h>
#include <string.h>

#include "clone.h"

bool cache_geometry_ok(uint32_t sets, uint32_t ways, uint32_t line) {
    if (line < CACHE_MIN_LINE || line > CACHE_MAX_LINE || (line & (line - 1)) != 0)
        return false;
    if (sets < 1 || sets > CACHE_MAX_SETS || ways < 1 || ways > CACHE_MAX_WAYS)
        return false;
    return (uint64_t)sets * ways <= CACHE_MAX_LINES;
}

int cache_init(cache *c, uint32_t sets, uint32_t ways, uint32_t line) {
    memset(c, 0, sizeof *c);
    if (!cache_geometry_ok(sets, ways, line))
        return -1;
    size_t n = (size_t)sets * ways;
    c->tag = calloc(n, sizeof *c->tag);
    c->used = calloc(n, sizeof *c->used);
    c->state = calloc(n, sizeof *c->state);
    if (!c->tag || !c->used || !c->state) {
        cache_free(c);
        return -1;
    }
    c->sets = sets;
    c->ways = ways;
    c->line = line;
    c->set_mask = (sets & (sets - 1)) == 0 ? sets - 1 : 0;
    while ((1u << c->line_shift) < line)
        c->line_shift++;
    return 0;
}

void cache_clone(clone_ctx *cx, cache *dst, const cache *src) {
    *dst = *src;
    size_t n = (size_t)src->sets * src->ways;
    dst->tag = clone_dup(cx, src->tag, n * sizeof *src->tag);
    dst->used = clone_dup(cx, src->used, n * sizeof *src->used);
    dst->state = clone_dup(cx, src->state, n * sizeof *src->state);
}

void cache_free(cache *c) {
    free(c->tag);
    free(c->used);
    free(c->state);
    memset(c, 0, sizeof *c);
}

int32_t cache_lookup(const cache *c, uint64_t lineno) {
    uint32_t base = cache_set_of(c, lineno) * c->ways;
    for (uint32_t w = 0; w < c->ways; w++) {
        uint32_t s = base + w;
        if (c->tag[s] == lineno && c->state[s] != CACHE_INVALID)
            return (int32_t)s;
    }
    return -1;
}

void cache_touch(cache *c, int32_t slot) {
    c->used[slot] = ++c->clock;
}

int32_t cache_victim(const cache *c, uint64_t lineno) {
    uint32_t base = cache_set_of(c, lineno) * c->ways;
    uint32_t best = base;
    for (uint32_t w = 0; w < c->ways; w++) {
        uint32_t s = base + w;
        if (c->state[s] == CACHE_INVALID)
            return (int32_t)s;
        if (c->used[s] < c->used[best])
            best = s;
    }
    return (int32_t)best;
}

void cache_fill(cache *c, int32_t slot, uint64_t lineno, uint8_t state) {
    c->tag[slot] = lineno;
    c->state[slot] = state;
    cache_touch(c, slot);
}

uint32_t cache_count_valid(const cache *c) {
    uint32_t n = 0;
    for (size_t s = 0; s < (size_t)c->sets * c->ways; s++)
        n += c->state[s] != CACHE_INVALID;
    return n;
}
