/* The mesi quick mode: a trace of (cpu, r/w, address) references, one per
 * tick, played through the coherence bus. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clone.h"
#include "coherence.h"
#include "machine.h"
#include "report.h"
#include "substate.h"

typedef struct mesi_mode {
    coh coh;
    /* The trace, owned. */
    uint64_t *addr;
    uint8_t *cpu;
    uint8_t *write;
    size_t n, next;
    /* For the per-access report array: the first nrec (<= MESI_REPORT_MAX)
     * references' outcome (hit | bus << 1) and the line's state in every CPU
     * afterwards, 3 bits per CPU. */
    bool record;
    size_t nrec;
    uint8_t *rec_flags;
    uint64_t *rec_states;
} mesi_mode;

static void mesi_destroy(void *self) {
    mesi_mode *s = self;
    if (!s)
        return;
    coherence_free(&s->coh);
    free(s->addr);
    free(s->cpu);
    free(s->write);
    free(s->rec_flags);
    free(s->rec_states);
    free(s);
}

void *mesi_mode_create(const mesi_config *cfg, uint64_t *addr, uint8_t *cpus, uint8_t *write,
                       size_t n) {
    mesi_mode *s = calloc(1, sizeof *s);
    if (!s) {
        free(addr);
        free(cpus);
        free(write);
        return NULL;
    }
    s->addr = addr;
    s->cpu = cpus;
    s->write = write;
    s->n = n;
    if (n > MESI_MAX_REFS || (n && (!addr || !cpus || !write)) ||
        coherence_init(&s->coh, cfg->proto, cfg->ncpus, cfg->sets, cfg->ways, cfg->line) != 0) {
        mesi_destroy(s);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (cpus[i] >= cfg->ncpus) {
            mesi_destroy(s);
            return NULL;
        }
    }
    s->record = cfg->record;
    if (s->record) {
        size_t r = n < MESI_REPORT_MAX ? n : MESI_REPORT_MAX;
        s->rec_flags = malloc(r ? r : 1);
        s->rec_states = malloc((r ? r : 1) * sizeof *s->rec_states);
        if (!s->rec_flags || !s->rec_states) {
            mesi_destroy(s);
            return NULL;
        }
    }
    return s;
}

int mesi_mode_set_protocol(machine *m, coh_protocol p, uint32_t *to_shared, uint32_t *wrote) {
    if (m->sub_ops != &mesi_mode_ops)
        return -1;
    return coherence_set_protocol(&((mesi_mode *)m->sub)->coh, p, to_shared, wrote);
}

const coh *mesi_mode_coh(const void *self) {
    return self ? &((const mesi_mode *)self)->coh : NULL;
}

static void mesi_step(void *self, machine *m) {
    mesi_mode *s = self;
    if (s->next >= s->n)
        return;
    size_t i = s->next++;
    coh_result res;
    coherence_access(&s->coh, s->cpu[i], s->write[i] != 0, s->addr[i], &res);
    coherence_emit(&res, &m->log, m->tick);
    if (s->record && i < MESI_REPORT_MAX) {
        uint8_t st[COH_MAX_CPUS];
        coherence_states(&s->coh, s->addr[i], st);
        uint64_t packed = 0;
        for (int c = 0; c < s->coh.ncpus; c++)
            packed |= (uint64_t)st[c] << (3 * c);
        s->rec_flags[i] = (uint8_t)(res.hit | res.bus << 1);
        s->rec_states[i] = packed;
        s->nrec = i + 1;
    }
}

static bool mesi_done(const void *self, const machine *m) {
    (void)m;
    const mesi_mode *s = self;
    return s->next >= s->n;
}

static cJSON *access_json(const mesi_mode *s, size_t i) {
    cJSON *a = cJSON_CreateObject();
    if (!a)
        return NULL;
    uint8_t flags = s->rec_flags[i];
    const char *bus = coh_bus_name((coh_bus)(flags >> 1));
    report_add_int(a, "cpu", s->cpu[i]);
    cJSON_AddStringToObject(a, "op", s->write[i] ? "w" : "r");
    /* Addresses beyond 2^53 do not fit a JSON number exactly: give them as hex text. */
    if (s->addr[i] < (1ull << 53)) {
        report_add_int(a, "addr", (long long)s->addr[i]);
    } else {
        char hex[24];
        snprintf(hex, sizeof hex, "0x%llx", (unsigned long long)s->addr[i]);
        cJSON_AddStringToObject(a, "addr", hex);
    }
    cJSON_AddBoolToObject(a, "hit", flags & 1);
    if (bus)
        cJSON_AddStringToObject(a, "bus", bus);
    else
        cJSON_AddNullToObject(a, "bus");
    cJSON *st = cJSON_AddArrayToObject(a, "states");
    for (int c = 0; st && c < s->coh.ncpus; c++) {
        coh_state v = (coh_state)((s->rec_states[i] >> (3 * c)) & 7);
        cJSON_AddItemToArray(st, cJSON_CreateString(coh_state_name(v)));
    }
    return a;
}

static void mesi_report(const void *self, const machine *m, cJSON *out, bool summary) {
    (void)m;
    const mesi_mode *s = self;
    const cache *k = &s->coh.caches[0];
    cJSON_AddStringToObject(out, "protocol", coh_protocol_name(s->coh.proto));
    report_add_int(out, "cpus", s->coh.ncpus);
    report_add_int(out, "line", k->line);
    report_add_int(out, "sets", k->sets);
    report_add_int(out, "ways", k->ways);
    report_add_int(out, "refs", (long long)s->n);
    if (!summary && s->record) {
        cJSON *arr = cJSON_AddArrayToObject(out, "accesses");
        for (size_t i = 0; arr && i < s->nrec; i++)
            cJSON_AddItemToArray(arr, access_json(s, i));
        if (s->next > s->nrec)
            report_add_int(out, "accesses_omitted", (long long)(s->next - s->nrec));
    }
    const coh_stats *t = &s->coh.total;
    coherence_stats_json(out, t);
    uint64_t done = t->hits + t->misses;
    cJSON_AddNumberToObject(out, "hit_rate", done ? (double)t->hits / (double)done : 0.0);
    cJSON *per = cJSON_AddArrayToObject(out, "per_cpu");
    for (int c = 0; per && c < s->coh.ncpus; c++) {
        cJSON *o = cJSON_CreateObject();
        if (!o)
            break;
        coherence_stats_json(o, &s->coh.per_cpu[c]);
        cJSON_AddItemToArray(per, o);
    }
}

static void mesi_state(const void *self, const machine *m, cJSON *out) {
    (void)m;
    const mesi_mode *s = self;
    report_add_int(out, "position", (long long)s->next);
    substate_coherence(&s->coh, out);
}

static void *mesi_clone(const void *self, clone_ctx *cx) {
    const mesi_mode *s = self;
    mesi_mode *d = clone_dup(cx, s, sizeof *s);
    if (!d)
        return NULL;
    coherence_clone(cx, &d->coh, &s->coh);
    d->addr = clone_dup(cx, s->addr, s->n * sizeof *s->addr);
    d->cpu = clone_dup(cx, s->cpu, s->n * sizeof *s->cpu);
    d->write = clone_dup(cx, s->write, s->n * sizeof *s->write);
    size_t r = s->n < MESI_REPORT_MAX ? s->n : MESI_REPORT_MAX; /* as mesi_mode_create */
    r = r ? r : 1;
    d->rec_flags = clone_dup(cx, s->rec_flags, r * sizeof *s->rec_flags);
    d->rec_states = clone_dup(cx, s->rec_states, r * sizeof *s->rec_states);
    return d;
}

const subsys_ops mesi_mode_ops = {
    .mode = MODE_MESI,
    .step = mesi_step,
    .done = mesi_done,
    .report = mesi_report,
    .state = mesi_state,
    .destroy = mesi_destroy,
    .clone = mesi_clone,
};
