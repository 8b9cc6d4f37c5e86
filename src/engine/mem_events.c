#include <stdio.h>

#include "event.h"

int mem_event_format(const struct machine *m, const event *ev, char *buf, size_t n) {
    (void)m;
    return snprintf(buf, n, "mem event %u", (unsigned)ev->kind);
}
