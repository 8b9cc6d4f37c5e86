#include "clone.h"

#include <stdlib.h>
#include <string.h>

void clone_begin(clone_ctx *cx) {
    memset(cx, 0, sizeof *cx);
}

static bool note(clone_ctx *cx, void *p) {
    if (cx->n == cx->cap) {
        size_t ncap = cx->cap ? cx->cap * 2 : 64;
        void **nb = realloc(cx->blocks, ncap * sizeof *nb);
        if (!nb)
            return false;
        cx->blocks = nb;
        cx->cap = ncap;
    }
    cx->blocks[cx->n++] = p;
    return true;
}

/* The test hook: the block about to be handed out is number n + 1. */
static bool fail_now(clone_ctx *cx) {
    if (cx->fail_at == 0 || cx->n + 1 != cx->fail_at)
        return false;
    cx->failed = true;
    return true;
}

void *clone_zalloc(clone_ctx *cx, size_t n) {
    if (cx->failed || n == 0 || fail_now(cx))
        return NULL;
    void *p = calloc(1, n);
    if (!p || !note(cx, p)) {
        free(p);
        cx->failed = true;
        return NULL;
    }
    cx->bytes += n;
    return p;
}

void *clone_dup(clone_ctx *cx, const void *src, size_t n) {
    if (!src || n == 0 || cx->failed || fail_now(cx))
        return NULL;
    void *p = malloc(n);
    if (!p || !note(cx, p)) {
        free(p);
        cx->failed = true;
        return NULL;
    }
    memcpy(p, src, n);
    cx->bytes += n;
    return p;
}

void *clone_dup_part(clone_ctx *cx, const void *src, size_t used, size_t cap) {
    if (!src || cap == 0)
        return NULL;
    char *p = clone_zalloc(cx, cap);
    if (p)
        memcpy(p, src, used < cap ? used : cap);
    return p;
}

size_t clone_commit(clone_ctx *cx) {
    size_t bytes = cx->bytes;
    free(cx->blocks);
    clone_begin(cx);
    return bytes;
}

void clone_abort(clone_ctx *cx) {
    for (size_t i = 0; i < cx->n; i++)
        free(cx->blocks[i]);
    free(cx->blocks);
    clone_begin(cx);
}
