#include <stdio.h>

#include "event.h"

int cache_event_format(const struct machine *m, const event *ev, char *buf, size_t n) {
    (void)m;
    return snprintf(buf, n, "cache event %u", (unsigned)ev->kind);
}
