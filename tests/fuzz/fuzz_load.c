/* libFuzzer target for the save loader: any bytes, as a save file, must give
 * a machine or a clear error, never a crash, a leak or undefined behaviour.
 * Built and run by scripts/fuzz (clang -fsanitize=fuzzer,address,undefined). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"
#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    scenario_tick_limit = 20000; /* every input replays in well under a second */
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    cli_common c;
    cli_error err = {0};
    machine *m = NULL;
    cli_common_default(&c);
    c.headless = true;
    if (save_load_text("fuzz.json", text, size, &c, &m, &err) == 0) {
        /* A loaded machine must run on and save without trouble. */
        for (int i = 0; i < 200 && !machine_done(m); i++)
            machine_tick(m);
    } else if (!err.msg[0]) {
        abort(); /* every failure names its reason */
    }
    machine_destroy(m);
    cli_common_free(&c);
    free(text);
    return 0;
}
