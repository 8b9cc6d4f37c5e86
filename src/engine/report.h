/* report: the JSON report of a run (shared/spec/headless.md, "The report").
 *
 * report_build writes the common keys and the mode's own: the scheduler's
 * (sched_report) for process modes, the attached subsystem's otherwise. */
#ifndef TICKOS_REPORT_H
#define TICKOS_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "machine.h"

struct cJSON;

/* A new report object; the caller frees it with cJSON_Delete. NULL on ENOMEM. */
struct cJSON *report_build(const machine *m, bool summary);
/* The scheduling keys: policy, jobs, avg, timeline, levels, metrics. */
void report_sched(const machine *m, struct cJSON *out, bool summary);

/* Adds a number only if it fits a double exactly; used everywhere for counts. */
struct cJSON *report_add_int(struct cJSON *obj, const char *key, long long v);

/* Prints j to path ("-" is standard output), atomically for files.
 * Returns 0, or -1 with a message in err. */
int report_write(const struct cJSON *j, const char *path, char *err, size_t errlen);

#endif
