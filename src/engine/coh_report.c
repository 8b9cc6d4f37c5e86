/* coh_report: coherence counters as report keys, shared by the mesi mode and
 * the full machine's "caches" object. */
#include <cjson/cJSON.h>

#include "coherence.h"
#include "report.h"

void coherence_stats_json(cJSON *o, const coh_stats *st) {
    report_add_int(o, "hits", (long long)st->hits);
    report_add_int(o, "misses", (long long)st->misses);
    report_add_int(o, "bus_rd", (long long)st->bus_rd);
    report_add_int(o, "bus_rdx", (long long)st->bus_rdx);
    report_add_int(o, "bus_upgr", (long long)st->bus_upgr);
    report_add_int(o, "invalidations", (long long)st->invalidations);
    report_add_int(o, "writebacks", (long long)st->writebacks);
    report_add_int(o, "supplies", (long long)st->supplies);
    cJSON *k = cJSON_AddObjectToObject(o, "miss_kinds");
    if (k) {
        for (int i = COH_MISS_COLD; i < COH_NMISS; i++)
            report_add_int(k, coh_miss_name((coh_miss)i), (long long)st->miss_kind[i]);
    }
}
