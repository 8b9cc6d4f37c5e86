/* tickos: an operating-systems simulator for the terminal.
 *
 * main only dispatches: the words after the mode build a machine (src/cli), or
 * a save file is loaded; then it runs headless (src/cli) or in the TUI
 * (src/views, src/input). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "machine.h"
#include "scenario.h"
#include "tui.h"

static const char *const mode_names[] = {"sched", "paging", "translate", "mesi", "deadlock"};

static bool has_word(int argc, char **argv, const char *w) {
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], w) == 0)
            return true;
    return false;
}

/* The options of a run on a save file: the common ones, but not --seed. */
static int parse_file_options(int argc, char **argv, cli_common *c, cli_error *err) {
    argp p;
    argp_init(&p, argc, argv, 0, err);
    while (argp_next(&p)) {
        if (argp_is(&p, "--seed"))
            return cli_fail(err, p.flag, "a save has its own seed"), 2;
        if (argp_is(&p, "--answers")) {
            if (!(c->answers = argp_value(&p)))
                return 2;
            if (!*c->answers)
                return cli_fail(err, p.flag, "needs a file name"), 2;
            continue;
        }
        int r = cli_common_parse(&p, c);
        if (r < 0)
            return 2;
        if (!r)
            return argp_unknown(&p), 2;
    }
    if (c->answers && !c->report)
        return cli_fail(err, "--answers", "needs --report, where the grades go"), 2;
    return 0;
}

int main(int argc, char **argv) {
    const char *mode = NULL, *file = NULL;
    int first = 1;
    if (argc >= 2 && argv[1][0] != '-') {
        for (size_t i = 0; i < sizeof mode_names / sizeof *mode_names; i++)
            if (strcmp(argv[1], mode_names[i]) == 0)
                mode = mode_names[i];
        if (!mode)
            file = argv[1];
        first = 2;
    }
    if (has_word(argc - first, argv + first, "--help") ||
        has_word(argc - first, argv + first, "-h")) {
        fputs(cli_usage(mode), stdout);
        return 0;
    }
    if (has_word(argc - first, argv + first, "--version")) {
        printf("tickos %s\n", TICKOS_VERSION);
        return 0;
    }

    cli_common c;
    cli_error err = {0};
    machine *m = NULL;
    cli_common_default(&c);
    int rc;
    if (file && access(file, F_OK) != 0 &&
        (strlen(file) < 5 || strcmp(file + strlen(file) - 5, ".json") != 0)) {
        rc = 1;
        snprintf(err.msg, sizeof err.msg,
                 "%s: not a mode (sched, paging, translate, mesi, deadlock) nor a save file", file);
    } else if (file) {
        rc = parse_file_options(argc - first, argv + first, &c, &err);
        if (rc == 0)
            rc = save_load(file, &c, &m, &err);
    } else {
        rc = scenario_build(mode ? mode : "demo", argc - first, argv + first, &c, &m, &err);
    }
    if (rc == 0) {
        if (c.headless) {
            rc = cli_run_headless(m, &c, &err);
        } else {
            if (!file)
                m->record = c.report && !c.summary;
            /* The TUI opens at --ticks (else the save's tick, or 0) and can rebuild the
             * scenario at tick 0 for time travel. */
            scenario_source src = {cJSON_Duplicate(m->scenario, true), m->seed, m->record};
            rc = c.ticks > 0 ? cli_advance(m, c.ticks, &err) : 0;
            if (rc == 0)
                rc = tui_run(&m, &c, src.scenario ? scenario_source_build : NULL, &src, &err);
            cJSON_Delete(src.scenario);
            if (rc == 0)
                rc = cli_write_outputs(m, &c, &err);
        }
    }
    if (rc != 0)
        fprintf(stderr, "tickos: %s\n", err.msg[0] ? err.msg : "failed");
    cli_common_free(&c);
    machine_destroy(m);
    return rc;
}
