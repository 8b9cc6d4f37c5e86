/* vm_model: a memory model in JSON, the same object wherever one is written:
 * a machine's program (spec.c) and an inject command (inject.c). */
#include "vm_model.h"

#include <cjson/cJSON.h>
#include <stdio.h>

#include "jsonv.h"
#include "mmu.h"

int vm_model_check(const vm_model *md, uint32_t page_size, char *err, size_t errlen) {
    uint64_t end = (uint64_t)md->base + (uint64_t)md->pages * page_size;
    const char *why = NULL;
    char buf[80];
    if (md->base % page_size) {
        snprintf(buf, sizeof buf, "base 0x%x is not page aligned", md->base);
        why = buf;
    } else if (md->pages < 1 || end > ((uint64_t)1 << MMU_ADDR_BITS)) {
        why = "the range must hold 1 or more pages below 4 GiB";
    } else if (md->hot < 1 || md->hot > md->pages) {
        snprintf(buf, sizeof buf, "the hot set must be 1 to %u pages", md->pages);
        why = buf;
    } else if (md->locality > 100 || md->writes > 100) {
        why = "locality and writes are 0 to 100 (%)";
    }
    if (why && err && errlen)
        snprintf(err, errlen, "%s", why);
    return why ? -1 : 0;
}

bool vm_model_read(jsonv *v, const cJSON *mo, uint32_t page_size, vm_model *out) {
    static const char *const keys[] = {"base",   "pages", "hot",  "locality",
                                       "writes", "phase", "scan", NULL};
    if (!jsonv_object(v, mo, keys))
        return false;
    uint64_t base = 0, pages = 0, hot = 0, loc = 100, wr = 0, phase = 0;
    uint64_t max_pages = (1ULL << MMU_ADDR_BITS) / (page_size ? page_size : MMU_PAGE_SIZE_MIN);
    bool scan = false;
    if (!jsonv_u64(v, mo, "base", true, 0, UINT32_MAX, &base) ||
        !jsonv_u64(v, mo, "pages", true, 1, max_pages, &pages) || !jsonv_bool(v, mo, "scan", &scan))
        return false;
    static const char *const unused[] = {"hot", "locality", "phase"};
    for (size_t i = 0; scan && i < sizeof unused / sizeof *unused; i++)
        if (cJSON_GetObjectItemCaseSensitive(mo, unused[i]))
            return jsonv_fail(v, unused[i], "not used with \"scan\": true (it visits every page)");
    hot = pages;
    if (!jsonv_u64(v, mo, "hot", false, 1, pages, &hot) ||
        !jsonv_u64(v, mo, "locality", false, 0, 100, &loc) ||
        !jsonv_u64(v, mo, "writes", false, 0, 100, &wr) ||
        !jsonv_u64(v, mo, "phase", false, 0, UINT32_MAX, &phase))
        return false;
    if (page_size && base % page_size)
        return jsonv_fail(v, "base", "0x%llx is not a multiple of the page size %u",
                          (unsigned long long)base, page_size);
    if (page_size && base + pages * page_size > (1ULL << MMU_ADDR_BITS))
        return jsonv_fail(v, "pages", "the range 0x%llx + %llu pages runs past 4 GiB",
                          (unsigned long long)base, (unsigned long long)pages);
    *out = (vm_model){.base = (uint32_t)base,
                      .pages = (uint32_t)pages,
                      .hot = (uint32_t)hot,
                      .locality = (uint32_t)loc,
                      .writes = (uint32_t)wr,
                      .phase = (uint32_t)phase,
                      .scan = scan};
    return true;
}

cJSON *vm_model_json(const vm_model *md) {
    cJSON *o = cJSON_CreateObject();
    char base[16];
    snprintf(base, sizeof base, "0x%x", md->base);
    cJSON_AddStringToObject(o, "base", base);
    cJSON_AddNumberToObject(o, "pages", md->pages);
    if (md->scan) {
        cJSON_AddBoolToObject(o, "scan", true);
    } else {
        cJSON_AddNumberToObject(o, "hot", md->hot);
        cJSON_AddNumberToObject(o, "locality", md->locality);
        cJSON_AddNumberToObject(o, "phase", md->phase);
    }
    cJSON_AddNumberToObject(o, "writes", md->writes);
    return o;
}
