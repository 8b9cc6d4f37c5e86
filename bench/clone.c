/* clone: what a snapshot costs (machine_clone), for bench/run.
 *
 *   tickos_bench_clone SAVE TICKS COPIES
 *
 * Loads SAVE, runs it TICKS ticks, then makes COPIES deep copies of the
 * machine one after another, destroying each, and prints one JSON line: the
 * CPU time of the fastest copy and of its destruction, and the bytes a copy
 * holds (the clone context's count, the scenario's cJSON tree aside). It then
 * runs the last copy and the original 100 ticks on and checks that they end
 * in the same state, so the figure is of a copy that works. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cli.h"
#include "machine.h"
#include "scenario.h"
#include "state.h"

static double cpu_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
    long long ticks = argc == 4 ? atoll(argv[2]) : -1, copies = argc == 4 ? atoll(argv[3]) : 0;
    if (ticks < 0 || copies < 1) {
        fprintf(stderr, "usage: %s SAVE TICKS COPIES (TICKS >= 0, COPIES >= 1)\n", argv[0]);
        return 2;
    }
    cli_common c;
    cli_error err = {0};
    machine *m = NULL;
    cli_common_default(&c);
    if (save_load(argv[1], &c, &m, &err) != 0 || cli_advance(m, ticks, &err) != 0) {
        fprintf(stderr, "%s: %s\n", argv[1], err.msg);
        return 1;
    }
    double best = -1, best_free = -1;
    size_t bytes = 0;
    machine *copy = NULL;
    for (long long i = 0; i < copies; i++) {
        machine_destroy(copy);
        double t0 = cpu_ms();
        copy = machine_clone(m, &bytes);
        double t1 = cpu_ms();
        if (!copy) {
            fprintf(stderr, "machine_clone failed\n");
            return 1;
        }
        if (best < 0 || t1 - t0 < best)
            best = t1 - t0;
        if (i + 1 < copies) { /* the last copy is checked below */
            machine *spare = machine_clone(m, NULL);
            double t2 = cpu_ms();
            machine_destroy(spare);
            double d = cpu_ms() - t2;
            if (best_free < 0 || d < best_free)
                best_free = d;
        }
    }
    for (int i = 0; i < 100; i++) {
        machine_tick(m);
        machine_tick(copy);
    }
    cJSON *a = state_build(m), *b = state_build(copy);
    char why[300] = "out of memory";
    int same = a && b && state_diff(a, b, why, sizeof why) == 0;
    cJSON_Delete(a);
    cJSON_Delete(b);
    if (!same) {
        fprintf(stderr, "the copy went another way: %s\n", why);
        return 1;
    }
    printf("{\"tick\": %llu, \"processes\": %u, \"copy_ms\": %.3f, \"destroy_ms\": %.3f, "
           "\"bytes\": %zu}\n",
           (unsigned long long)(m->tick - 100), m->nprocs, best, best_free, bytes);
    machine_destroy(copy);
    machine_destroy(m);
    cli_common_free(&c);
    return 0;
}
