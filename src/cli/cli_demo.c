#include <stdio.h>

#include "cli.h"
#include "demo.h"

int cli_demo_build(int argc, char **argv, cli_common *c, machine **out, cli_error *err) {
    argp p;
    *out = NULL;
    argp_init(&p, argc, argv, 0, err);
    while (argp_next(&p)) {
        int r = cli_common_parse(&p, c);
        if (r < 0)
            return 2;
        if (!r) {
            argp_unknown(&p);
            return 2;
        }
    }
    *out = demo_create(c->seed);
    if (!*out) {
        err->status = 1;
        snprintf(err->msg, sizeof err->msg, "out of memory building the demo");
        return 1;
    }
    return 0;
}
