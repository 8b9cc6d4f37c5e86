#include "history.h"

#include <stdlib.h>
#include <string.h>

static int grow(history *h, size_t need) {
    if (need <= h->cap)
        return 0;
    size_t ncap = h->cap ? h->cap * 2 : 16;
    while (ncap < need)
        ncap *= 2;
    machine_cmd *nv = realloc(h->v, ncap * sizeof *nv);
    if (!nv)
        return -1;
    h->v = nv;
    h->cap = ncap;
    return 0;
}

int history_init(history *h, const machine *m) {
    memset(h, 0, sizeof *h);
    if (grow(h, m->cmds.n) != 0)
        return -1;
    if (m->cmds.n)
        memcpy(h->v, m->cmds.v, m->cmds.n * sizeof *h->v);
    h->n = h->next = m->cmds.n;
    return 0;
}

void history_free(history *h) {
    free(h->v);
    memset(h, 0, sizeof *h);
}

void history_clear(history *h) {
    h->n = h->next = 0;
}

int64_t history_do(history *h, machine *m, const machine_cmd *c, char *err, size_t errlen) {
    h->n = h->next;
    if (grow(h, h->n + 1) != 0)
        return -1;
    char why[200];
    int64_t r = cmd_apply(m, c, err ? err : why, err ? errlen : sizeof why);
    if (r < 0)
        return r;
    h->v[h->n] = *c;
    h->v[h->n].tick = m->tick;
    h->next = ++h->n;
    return r;
}

void history_catch_up(history *h, machine *m) {
    while (h->next < h->n && h->v[h->next].tick <= m->tick) {
        if (h->v[h->next].tick == m->tick) {
            char why[200];
            cmd_apply(m, &h->v[h->next], why, sizeof why);
        }
        h->next++;
    }
}

void history_rewind(history *h) {
    h->next = 0;
}

void history_seek(history *h, uint64_t t) {
    size_t lo = 0, hi = h->n; /* the first command after t: ticks ascend */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->v[mid].tick <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    h->next = lo;
}
