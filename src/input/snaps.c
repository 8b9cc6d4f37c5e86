#include "snaps.h"

#include <string.h>
#include <time.h>

void snaps_init(snaps *s) {
    memset(s, 0, sizeof *s);
    s->every = SNAPS_EVERY;
    s->budget = SNAPS_BUDGET;
    s->adapt = true;
}

static void drop_at(snaps *s, int i) {
    machine_destroy(s->v[i].m);
    s->bytes -= s->v[i].bytes;
    memmove(&s->v[i], &s->v[i + 1], (size_t)(s->n - i - 1) * sizeof s->v[0]);
    s->n--;
}

void snaps_clear(snaps *s, uint64_t tick) {
    while (s->n > 0)
        drop_at(s, s->n - 1);
    s->last = tick;
    s->tick_ns = 0;
    s->off = false; /* another machine, or the same again: worth a try */
}

void snaps_free(snaps *s) {
    snaps_clear(s, 0);
}

void snaps_drop_from(snaps *s, uint64_t t) {
    while (s->n > 0 && s->v[s->n - 1].m->tick >= t)
        drop_at(s, s->n - 1);
    if (s->last > t)
        s->last = t;
}

/* Room for one more: every other copy of the older half goes (v[1], v[3],
 * ... below n / 2), or the oldest when too few are left, until the count and
 * the bytes fit. */
static void make_room(snaps *s, size_t more) {
    while (s->n > 0 && (s->n >= SNAPS_MAX || s->bytes + more > s->budget)) {
        if (s->n < 4) {
            drop_at(s, 0);
            continue;
        }
        int i = s->n / 2 - 1;
        if (i % 2 == 0)
            i--;
        for (; i >= 1; i -= 2) /* from the top, so lower indices stay put */
            drop_at(s, i);
    }
}

double snaps_clock(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Copies cost about 1/16 of the ticking between them: one that costs more
 * comes half as often, one under 1/32 twice as often (going back replays
 * fewer ticks then). */
static void adapt(snaps *s, double copy_ns, double tick_ns) {
    if (!s->adapt)
        return;
    if (copy_ns * 16 > tick_ns && s->every < SNAPS_EVERY_MAX)
        s->every *= 2;
    else if (copy_ns * 32 < tick_ns && s->every > SNAPS_EVERY_MIN)
        s->every /= 2;
}

/* How many copies are at or before tick t (they come first: ticks ascend). */
static int upto(const snaps *s, uint64_t t) {
    int i = s->n;
    while (i > 0 && s->v[i - 1].m->tick > t)
        i--;
    return i;
}

void snaps_note(snaps *s, const machine *m, double ns) {
    if (s->off)
        return;
    s->tick_ns += ns;
    if (m->tick < s->last + s->every)
        return;
    s->last = m->tick;
    double ticking = s->tick_ns;
    s->tick_ns = 0;
    /* Back on a stretch already covered (after going back): keep what is there. */
    int at = upto(s, m->tick);
    if ((at > 0 && s->v[at - 1].m->tick + s->every > m->tick) ||
        (at < s->n && s->v[at].m->tick < m->tick + s->every))
        return;
    double t0 = snaps_clock();
    size_t bytes = 0;
    machine *copy = machine_clone(m, &bytes);
    double copy_ns = snaps_clock() - t0;
    if (!copy) {
        s->off = true; /* cannot be copied (or no memory): replay from tick 0 */
        return;
    }
    if (bytes > s->budget) {
        machine_destroy(copy);
        s->off = true;
        return;
    }
    make_room(s, bytes);
    at = upto(s, m->tick);
    memmove(&s->v[at + 1], &s->v[at], (size_t)(s->n - at) * sizeof s->v[0]);
    s->v[at] = (snap){copy, bytes};
    s->n++;
    s->bytes += bytes;
    s->taken++;
    adapt(s, copy_ns, ticking);
}

machine *snaps_restore(snaps *s, uint64_t t) {
    int i = upto(s, t) - 1;
    if (i < 0) {
        s->last = 0; /* the caller rebuilds from tick 0 */
        return NULL;
    }
    machine *m = machine_clone(s->v[i].m, NULL);
    if (m) {
        s->restored++;
        s->last = m->tick;
    }
    return m;
}
