/* clone: deep copies of the engine's structs, for snapshots of a machine
 * (machine_clone) that the TUI keeps for stepping back.
 *
 * A module's copy function starts from a struct copy of the source and then
 * replaces each pointer it owns with a copy made through the context. The
 * context notes every block it hands out, so a copy that runs out of memory
 * half-way is undone by clone_abort without knowing the shape of what was
 * being copied, and it counts the bytes, which bounds the snapshots kept. */
#ifndef TICKOS_CLONE_H
#define TICKOS_CLONE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct clone_ctx {
    void **blocks; /* every block handed out, for clone_abort */
    size_t n, cap;
    size_t bytes; /* handed out so far */
    bool failed;  /* an allocation failed: later calls hand out nothing */
    /* Tests: block number fail_at (1 = the first) fails as if memory ran
     * out, to prove that every half-made copy is undone; 0 never. */
    size_t fail_at;
} clone_ctx;

void clone_begin(clone_ctx *cx);
/* A copy of the n bytes at src, or NULL when src is NULL or n is 0 (not a
 * failure) or memory ran out (cx->failed is set). */
void *clone_dup(clone_ctx *cx, const void *src, size_t n);
/* n zeroed bytes, NULL when n is 0 or memory ran out (cx->failed). */
void *clone_zalloc(clone_ctx *cx, size_t n);
/* A growable array: cap bytes (its capacity, so the copy grows when the
 * original would), the first used of them copied from src and the rest
 * zeroed (never read: it may be uninitialised in src). NULL when src is NULL
 * or cap is 0 (not a failure) or memory ran out (cx->failed). */
void *clone_dup_part(clone_ctx *cx, const void *src, size_t used, size_t cap);
/* Success: the blocks now belong to the copy. Returns the bytes copied. */
size_t clone_commit(clone_ctx *cx);
/* Failure: frees every block handed out. */
void clone_abort(clone_ctx *cx);

#endif
