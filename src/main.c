/* tickos: an operating-systems simulator for the terminal.
 *
 * main only dispatches: the words after the mode build a machine (src/cli),
 * which then runs headless (src/cli) or in the TUI (src/views, src/input). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "machine.h"
#include "tui.h"

static const struct {
    const char *name;
    cli_build_fn build;
} modes[] = {
    {"sched", cli_sched_build},         {"paging", cli_paging_build},
    {"translate", cli_translate_build}, {"mesi", cli_mesi_build},
    {"deadlock", cli_deadlock_build},
};

static bool has_word(int argc, char **argv, const char *w) {
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], w) == 0)
            return true;
    return false;
}

int main(int argc, char **argv) {
    const char *mode = NULL;
    cli_build_fn build = cli_demo_build;
    int first = 1;
    if (argc >= 2 && argv[1][0] != '-') {
        for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
            if (strcmp(argv[1], modes[i].name) == 0) {
                mode = modes[i].name;
                build = modes[i].build;
            }
        }
        if (!mode) {
            fprintf(stderr,
                    "tickos: %s: not a mode (sched, paging, translate, mesi, deadlock), and "
                    "opening save files is not supported by this version yet\n",
                    argv[1]);
            return 1;
        }
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
    int rc = build(argc - first, argv + first, &c, &m, &err);
    if (rc == 0 && c.save) {
        rc = 2;
        snprintf(err.msg, sizeof err.msg, "--save: saving is not supported by this version yet");
    }
    if (rc == 0) {
        if (c.headless) {
            rc = cli_run_headless(m, &c, &err);
        } else {
            m->record = c.report && !c.summary;
            /* The TUI opens at --ticks (else 0) and can rebuild from the same words. */
            cli_source src = {build, argc - first, argv + first, m->record};
            rc = c.ticks > 0 ? cli_advance(m, c.ticks, &err) : 0;
            if (rc == 0)
                rc = tui_run(&m, &c, cli_source_build, &src, &err);
            if (rc == 0)
                rc = cli_write_outputs(m, &c, &err);
        }
    }
    if (rc != 0)
        fprintf(stderr, "tickos: %s\n", err.msg[0] ? err.msg : "failed");
    machine_destroy(m);
    return rc;
}
