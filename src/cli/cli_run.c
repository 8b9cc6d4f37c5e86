#include <cjson/cJSON.h>
#include <stdio.h>

#include "cli.h"
#include "report.h"
#include "scenario.h"

int cli_advance(machine *m, int64_t n, cli_error *err) {
    for (int64_t done = 0; (n < 0 || done < n) && !machine_done(m); done++) {
        if (m->tick >= CLI_MAX_TICKS) {
            err->status = 1;
            snprintf(err->msg, sizeof err->msg,
                     "stopped at tick %llu: the scenario did not finish within the limit",
                     (unsigned long long)m->tick);
            return 1;
        }
        machine_tick(m);
    }
    return 0;
}

int cli_write_outputs(const machine *m, const cli_common *c, cli_error *err) {
    if (c->report) {
        cJSON *r = report_build(m, c->summary);
        if (!r) {
            err->status = 1;
            snprintf(err->msg, sizeof err->msg, "--report: out of memory");
            return 1;
        }
        cJSON *grades = NULL;
        if (c->answers && cli_grade(m, c->answers, &grades, err) != 0) {
            cJSON_Delete(r);
            return 1;
        }
        if (grades)
            cJSON_AddItemToObject(r, "exercise", grades);
        char why[400];
        int rc = report_write(r, c->report, why, sizeof why);
        cJSON_Delete(r);
        if (rc != 0) {
            err->status = 1;
            snprintf(err->msg, sizeof err->msg, "--report: %s", why);
            return 1;
        }
    }
    if (c->save)
        return save_write(m, c->save, err);
    return 0;
}

int cli_run_headless(machine *m, const cli_common *c, cli_error *err) {
    /* Per-tick history costs memory; keep it only when a report will show it. */
    m->record = c->report && !c->summary;
    int rc = cli_advance(m, c->ticks, err);
    if (rc)
        return rc;
    return cli_write_outputs(m, c, err);
}
