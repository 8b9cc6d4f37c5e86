/* vm_model: how a program's generated memory references go (vm.h), in a
 * header of its own so that plain data that names one (an inject command,
 * cmdlog.h) need not see the whole memory. */
#ifndef TICKOS_VM_MODEL_H
#define TICKOS_VM_MODEL_H

#include <stdbool.h>
#include <stdint.h>

/* A generated reference stream: each reference goes, with probability
 * locality%, to a page of the hot set (hot consecutive pages inside the range,
 * placed at random), else to any page of the range; write% of them are
 * writes; every `phase` references the hot set moves (0: it never does). With
 * scan the references go through the range in order instead, a page each,
 * and start again at its first page (a loop, or a sequential scan: hot,
 * locality and phase are not used). The offset is a random multiple of 4. */
typedef struct vm_model {
    uint32_t base;     /* first virtual address of the range, page aligned */
    uint32_t pages;    /* pages in the range, at least 1 */
    uint32_t hot;      /* hot-set size in pages, 1..pages */
    uint32_t locality; /* 0..100 */
    uint32_t writes;   /* 0..100 */
    uint32_t phase;    /* references between hot-set moves; 0 never */
    bool scan;         /* page after page in order, wrapping */
} vm_model;

#include <stddef.h>

struct cJSON;
struct jsonv;

/* Whether md can be used with pages of page_size bytes: the base aligned, 1
 * or more pages below 4 GiB, hot 1..pages, locality and writes 0..100.
 * Returns 0, or -1 with the reason in err (without a prefix). */
int vm_model_check(const vm_model *md, uint32_t page_size, char *err, size_t errlen);

/* Reads a model object ({"base", "pages", "hot", "locality", "writes",
 * "phase", "scan"}: base and pages required; hot defaults to every page,
 * locality to 100, the rest to 0 / false; hot, locality and phase are refused
 * with scan). With page_size (0: not known yet, vm_set_model checks it later)
 * the base must be aligned and the range below 4 GiB. On a problem: false
 * and a message naming the key, in v. */
bool vm_model_read(struct jsonv *v, const struct cJSON *mo, uint32_t page_size, vm_model *out);
/* The object vm_model_read reads (base as "0x..." text; only the keys scan uses). */
struct cJSON *vm_model_json(const vm_model *md);

#endif
