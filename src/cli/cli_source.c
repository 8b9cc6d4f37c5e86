#include <stdio.h>

#include "cli.h"

machine *cli_source_build(void *ctx) {
    const cli_source *s = ctx;
    cli_common c;
    cli_error err = {0};
    machine *m = NULL;
    cli_common_default(&c);
    if (s->build(s->argc, s->argv, &c, &m, &err) != 0) {
        machine_destroy(m);
        return NULL;
    }
    m->record = s->record;
    return m;
}
