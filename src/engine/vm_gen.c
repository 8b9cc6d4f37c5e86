/* vm_gen: generated reference streams, a working-set model (vm.h, vm_model).
 * A process's generator has its own rng, seeded once from the machine's, so
 * its stream is fixed at its first reference (opt reads it ahead). */
#include "vm.h"

void vm_gen_seed(vm_gen *g, rng *r) {
    rng_seed(&g->r, rng_next(r));
    g->hot_base = 0;
    g->count = 0;
}

void vm_gen_next(vm_gen *g, const vm_model *md, uint32_t page_shift, uint32_t *vaddr, bool *write) {
    if (!md->scan && (g->count == 0 || (md->phase && g->count % md->phase == 0)))
        g->hot_base = (uint32_t)rng_below(&g->r, md->pages - md->hot + 1);
    uint32_t page;
    if (md->scan)
        page = (uint32_t)(g->count % md->pages);
    else if (rng_below(&g->r, 100) < md->locality)
        page = g->hot_base + (uint32_t)rng_below(&g->r, md->hot);
    else
        page = (uint32_t)rng_below(&g->r, md->pages);
    *write = rng_below(&g->r, 100) < md->writes;
    uint32_t words = (1u << page_shift) / 4;
    *vaddr = md->base + (page << page_shift) + (uint32_t)rng_below(&g->r, words) * 4;
    g->count++;
}
