/* spec: building a machine from its JSON description (rules in spec.h and
 * docs/saves.md). Everything is read and checked before it is used; the step
 * text is parsed by spec_step.c. */
#include "spec.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonv.h"
#include "mcache.h"
#include "resmgr.h"
#include "vm.h"

#define MAX_RUN    1000000000ULL /* quanta, boost, arrival */
#define MAX_ALLOT  1000000ULL
#define MAX_TICKET 1000000ULL

typedef struct build {
    jsonv v;
    machine *m;
    const char *prog_names[SPEC_MAX_PROGRAMS];
    uint32_t nprogs;
    const char *res_names[DL_MAX_RES];
    rm_kind res_kind[DL_MAX_RES];
    int32_t res_total[DL_MAX_RES];
    int32_t nres;
    bool has_memory;
    uint32_t page_size;
    const char *seg_names[VM_MAX_SHARED];
    uint32_t nsegs;
    /* Per program: processes one process of it makes (itself and every
     * descendant) and their CPU ticks, saturated above the limits. */
    uint64_t procs_of[SPEC_MAX_PROGRAMS], cpu_of[SPEC_MAX_PROGRAMS];
    uint8_t mark[SPEC_MAX_PROGRAMS]; /* fork walk: 0 new, 1 on the path, 2 done */
    uint32_t path[SPEC_MAX_PROGRAMS];
    uint32_t npath;
} build;

static bool present(const cJSON *o, const char *key) {
    return cJSON_GetObjectItemCaseSensitive(o, key) != NULL;
}

/* An optional string: false only when present and bad. */
static bool get_str(jsonv *v, const cJSON *o, const char *key, size_t maxlen, const char **out) {
    const char *s = jsonv_str(v, o, key, false, maxlen);
    if (!s && present(o, key))
        return false;
    if (s)
        *out = s;
    return true;
}

/* A non-empty array of at most max items (required). */
static const cJSON *get_list(jsonv *v, const cJSON *o, const char *key, size_t max) {
    const cJSON *a = jsonv_array(v, o, key, true, max);
    if (a && !a->child) {
        jsonv_fail(v, key, "needs at least one item");
        return NULL;
    }
    return a;
}

/* A name (its length is checked by jsonv_str): not empty, no control
 * characters and, for a word, no blanks, since steps name it in their text. */
static bool check_name(jsonv *v, const char *key, const char *s, bool word) {
    if (!*s)
        return jsonv_fail(v, key, "must not be empty");
    for (const char *p = s; *p; p++) {
        if (iscntrl((unsigned char)*p))
            return jsonv_fail(v, key, "has a control character (byte %d)", (int)(p - s));
        if (word && isspace((unsigned char)*p))
            return jsonv_fail(v, key, "\"%s\" has a blank (steps name it as one word)", s);
    }
    return true;
}

/* An array of integers in [lo, hi] with exactly n items. */
static bool int_list(jsonv *v, const cJSON *o, const char *key, int n, int64_t lo, int64_t hi,
                     int32_t *out) {
    const cJSON *a = jsonv_array(v, o, key, true, SCHED_MAX_LEVELS);
    if (!a)
        return false;
    if (cJSON_GetArraySize(a) != n)
        return jsonv_fail(v, key, "%d values for %d queues", cJSON_GetArraySize(a), n);
    int i = 0;
    for (const cJSON *it = a->child; it; it = it->next, i++) {
        double d = cJSON_IsNumber(it) ? it->valuedouble : NAN;
        if (!(d == floor(d) && d >= (double)lo && d <= (double)hi))
            return jsonv_fail(v, key, "item %d: expected an integer in %lld..%lld", i,
                              (long long)lo, (long long)hi);
        out[i] = (int32_t)d;
    }
    return true;
}

/* ---- sched ---------------------------------------------------------------------------- */

static bool read_sched(build *b, const cJSON *spec, sched_config *cfg) {
    static const char *const keys[] = {"policy",     "quantum", "queues", "quanta", "allotment",
                                       "allotments", "boost",   "stay",   "iobump", NULL};
    jsonv *v = &b->v;
    jsonv_path(v, "machine");
    const cJSON *s = jsonv_obj(v, spec, "sched", true);
    if (!s)
        return false;
    jsonv_path(v, "machine.sched");
    if (!jsonv_object(v, s, keys))
        return false;
    const char *name = jsonv_str(v, s, "policy", true, 16);
    if (!name)
        return false;
    int pol = sched_policy_parse(name);
    if (pol < 0)
        return jsonv_fail(v, "policy",
                          "unknown policy \"%s\" (fifo, sjf, stcf, rr, mlfq, prio, "
                          "lottery)",
                          name);
    sched_config_default(cfg, (sched_policy)pol);
    bool mlfq = pol == SCHED_MLFQ;
    if (present(s, "quantum") && !(mlfq || pol == SCHED_RR || pol == SCHED_PRIO))
        return jsonv_fail(v, "quantum", "only for rr, mlfq and prio");
    static const char *const mlfq_only[] = {"queues",     "quanta", "allotment",
                                            "allotments", "boost",  "stay"};
    for (size_t i = 0; i < sizeof mlfq_only / sizeof *mlfq_only; i++)
        if (!mlfq && present(s, mlfq_only[i]))
            return jsonv_fail(v, mlfq_only[i], "only for mlfq");
    if (present(s, "quantum") && present(s, "quanta"))
        return jsonv_fail(v, "quanta", "give either quantum or quanta, not both");
    if (present(s, "allotment") && present(s, "allotments"))
        return jsonv_fail(v, "allotments", "give either allotment or allotments, not both");
    uint64_t quantum = 0, queues = 0, allot = 1, boost = 0;
    if (!jsonv_u64(v, s, "quantum", false, 1, MAX_RUN, &quantum) ||
        !jsonv_u64(v, s, "queues", false, 1, SCHED_MAX_LEVELS, &queues) ||
        !jsonv_u64(v, s, "allotment", false, 1, MAX_ALLOT, &allot) ||
        !jsonv_u64(v, s, "boost", false, 0, MAX_RUN, &boost) ||
        !jsonv_bool(v, s, "stay", &cfg->stay) || !jsonv_bool(v, s, "iobump", &cfg->iobump))
        return false;
    if (!mlfq) {
        for (int lv = 0; quantum && lv < SCHED_MAX_LEVELS; lv++)
            cfg->quantum[lv] = (int32_t)quantum;
        return true;
    }
    /* The number of queues: given, or the length of a list, or 3. */
    const cJSON *qa = cJSON_GetObjectItemCaseSensitive(s, "quanta");
    const cJSON *aa = cJSON_GetObjectItemCaseSensitive(s, "allotments");
    int levels = queues              ? (int)queues
                 : cJSON_IsArray(qa) ? cJSON_GetArraySize(qa)
                 : cJSON_IsArray(aa) ? cJSON_GetArraySize(aa)
                                     : 3;
    if (levels < 1 || levels > SCHED_MAX_LEVELS)
        levels = 3; /* an empty or long list is reported by int_list */
    int32_t quanta[SCHED_MAX_LEVELS], allots[SCHED_MAX_LEVELS];
    if ((qa && !int_list(v, s, "quanta", levels, 1, (int64_t)MAX_RUN, quanta)) ||
        (aa && !int_list(v, s, "allotments", levels, 1, (int64_t)MAX_ALLOT, allots)))
        return false;
    cfg->levels = levels;
    for (int lv = 0; lv < levels; lv++) {
        int hi = levels - 1 - lv; /* lists run from the top level down, as on the command line */
        cfg->quantum[lv] = qa ? quanta[hi] : quantum ? (int32_t)quantum : 10;
        cfg->allot[lv] = aa ? allots[hi] : (int32_t)allot;
    }
    cfg->boost = boost;
    return true;
}

/* ---- memory --------------------------------------------------------------------------- */

static bool read_memory(build *b, const cJSON *mo, vm_config *c) {
    static const char *const keys[] = {"frames",     "policy",     "levels",     "page_size",
                                       "tlb",        "tlb_tagged", "fault_time", "writeback_time",
                                       "local",      "quota",      "nru_period", "window",
                                       "thrash_pct", "trace_refs", NULL};
    jsonv *v = &b->v;
    jsonv_path(v, "machine.memory");
    if (!jsonv_object(v, mo, keys))
        return false;
    vm_config_default(c);
    const char *pol = NULL;
    uint64_t frames = c->frames, levels = (uint64_t)c->levels, page = c->page_size,
             tlbn = c->tlb_entries, ft = c->fault_time, wt = c->writeback_time, quota = 0,
             nru = c->nru_period, win = c->window, pct = c->thrash_pct;
    if (!get_str(v, mo, "policy", 16, &pol) ||
        !jsonv_u64(v, mo, "frames", false, 1, PAGER_MAX_FRAMES, &frames) ||
        !jsonv_u64(v, mo, "levels", false, 1, 2, &levels) ||
        !jsonv_u64(v, mo, "page_size", false, MMU_PAGE_SIZE_MIN, MMU_PAGE_SIZE_MAX, &page) ||
        !jsonv_u64(v, mo, "tlb", false, 0, TLB_MAX_ENTRIES, &tlbn) ||
        !jsonv_u64(v, mo, "fault_time", false, 0, 1000000, &ft) ||
        !jsonv_u64(v, mo, "writeback_time", false, 0, 1000000, &wt) ||
        !jsonv_u64(v, mo, "nru_period", false, 1, PAGER_NRU_MAX, &nru) ||
        !jsonv_u64(v, mo, "window", false, 1, VM_HIST, &win) ||
        !jsonv_u64(v, mo, "thrash_pct", false, 1, 100, &pct) ||
        !jsonv_bool(v, mo, "tlb_tagged", &c->tlb_tagged) ||
        !jsonv_bool(v, mo, "local", &c->local) || !jsonv_bool(v, mo, "trace_refs", &c->trace_refs))
        return false;
    if (page & (page - 1))
        return jsonv_fail(v, "page_size", "%llu is not a power of two", (unsigned long long)page);
    if (pol && pager_policy_parse(pol, &c->policy) != 0)
        return jsonv_fail(v, "policy", "unknown policy \"%s\" (%s)", pol, pager_policy_list());
    if (present(mo, "nru_period") && c->policy != PAGER_NRU)
        return jsonv_fail(v, "nru_period", "only for the nru policy");
    if (present(mo, "quota") && !c->local)
        return jsonv_fail(v, "quota", "only with local replacement (\"local\": true)");
    if (!jsonv_u64(v, mo, "quota", false, 0, frames, &quota))
        return false;
    c->frames = (uint32_t)frames;
    c->levels = (int)levels;
    c->page_size = (uint32_t)page;
    c->tlb_entries = (uint32_t)tlbn;
    c->fault_time = (uint32_t)ft;
    c->writeback_time = (uint32_t)wt;
    c->quota = (uint32_t)quota;
    c->nru_period = (uint32_t)nru;
    c->window = (uint32_t)win;
    c->thrash_pct = (uint32_t)pct;
    b->page_size = c->page_size;
    return true;
}

static bool read_model(build *b, const cJSON *mo, uint32_t prog) {
    jsonv *v = &b->v;
    jsonv_path(v, "machine.programs[%u].memory", prog);
    if (!cJSON_IsObject(mo))
        return jsonv_object(v, mo, NULL);
    if (!b->has_memory)
        return jsonv_fail(v, NULL, "a memory model needs the machine's memory (machine.memory)");
    vm_model md;
    if (!vm_model_read(v, mo, b->page_size, &md))
        return false;
    char why[160];
    if (vm_set_model(b->m, prog, &md, why, sizeof why) != 0)
        return jsonv_fail(v, NULL, "%s", why);
    return true;
}

/* ---- caches and shared memory --------------------------------------------------------- */

static bool read_caches(build *b, const cJSON *co, bool memory, mcache_config *c) {
    static const char *const keys[] = {"protocol", "sets", "ways", "line", NULL};
    jsonv *v = &b->v;
    jsonv_path(v, "machine.caches");
    if (!jsonv_object(v, co, keys))
        return false;
    if (!memory)
        return jsonv_fail(v, NULL,
                          "caches need the machine's memory (machine.memory): they are fed by "
                          "physical addresses");
    mcache_config_default(c);
    const char *proto = NULL;
    uint64_t sets = c->sets, ways = c->ways, line = c->line;
    if (!get_str(v, co, "protocol", 16, &proto) ||
        !jsonv_u64(v, co, "line", false, CACHE_MIN_LINE, CACHE_MAX_LINE, &line) ||
        !jsonv_u64(v, co, "sets", false, 1, CACHE_MAX_SETS, &sets) ||
        !jsonv_u64(v, co, "ways", false, 1, CACHE_MAX_WAYS, &ways))
        return false;
    if (proto) {
        int p = coh_protocol_parse(proto);
        if (p < 0)
            return jsonv_fail(v, "protocol", "unknown protocol \"%s\" (msi, mesi, moesi)", proto);
        c->proto = (coh_protocol)p;
    }
    if (line & (line - 1))
        return jsonv_fail(v, "line", "%llu is not a power of two", (unsigned long long)line);
    if (line > b->page_size)
        return jsonv_fail(v, "line",
                          "%llu bytes is more than a page (%u): a line may not span "
                          "frames",
                          (unsigned long long)line, b->page_size);
    if (sets * ways > CACHE_MAX_LINES)
        return jsonv_fail(v, "ways", "sets x ways is %llu lines per cache; at most %u",
                          (unsigned long long)(sets * ways), CACHE_MAX_LINES);
    c->sets = (uint32_t)sets;
    c->ways = (uint32_t)ways;
    c->line = (uint32_t)line;
    return true;
}

static bool read_segment(build *b, const cJSON *so, uint32_t i) {
    static const char *const keys[] = {"name", "base", "pages", NULL};
    jsonv *v = &b->v;
    jsonv_path(v, "machine.shared[%u]", i);
    const char *name;
    uint64_t base = 0, pages = 0, page = b->page_size;
    if (!jsonv_object(v, so, keys) ||
        !(name = jsonv_str(v, so, "name", true, VM_SHARED_NAME - 1)) ||
        !check_name(v, "name", name, true) ||
        !jsonv_u64(v, so, "base", true, 0, UINT32_MAX, &base) ||
        !jsonv_u64(v, so, "pages", true, 1, (1ULL << MMU_ADDR_BITS) / page, &pages))
        return false;
    for (uint32_t k = 0; k < i; k++)
        if (!strcmp(b->seg_names[k], name))
            return jsonv_fail(v, "name", "\"%s\" is already shared[%u]", name, k);
    if (base % page)
        return jsonv_fail(v, "base", "0x%llx is not a multiple of the page size %u",
                          (unsigned long long)base, b->page_size);
    if (base + pages * page > (1ULL << MMU_ADDR_BITS))
        return jsonv_fail(v, "pages", "the range 0x%llx + %llu pages runs past 4 GiB",
                          (unsigned long long)base, (unsigned long long)pages);
    const vm *vmem = vm_of(b->m);
    for (uint32_t k = 0; k < i; k++) {
        const vm_segment *o = &vmem->segs[k];
        uint64_t oend = (uint64_t)o->base + (uint64_t)o->pages * page;
        if (base < oend && o->base < base + pages * page)
            return jsonv_fail(v, "base", "0x%llx-0x%llx overlaps shared[%u] (0x%x-0x%llx)",
                              (unsigned long long)base,
                              (unsigned long long)(base + pages * page - 1), k, o->base,
                              (unsigned long long)(oend - 1));
    }
    if (vmem->shared_frames + pages >= vmem->cfg.frames)
        return jsonv_fail(v, "pages",
                          "the shared segments take %llu frames of the %u: one at least must be "
                          "left for private pages",
                          (unsigned long long)(vmem->shared_frames + pages), vmem->cfg.frames);
    char why[160];
    if (vm_share_add(b->m, name, (uint32_t)base, (uint32_t)pages, why, sizeof why) != (int)i)
        return jsonv_fail(v, NULL, "%s", why);
    b->seg_names[i] = name;
    b->nsegs = i + 1;
    return true;
}

static bool read_shared(build *b, const cJSON *arr) {
    jsonv *v = &b->v;
    jsonv_path(v, "machine");
    if (!b->has_memory)
        return jsonv_fail(v, "shared", "shared memory needs the machine's memory (machine.memory)");
    uint32_t i = 0;
    for (const cJSON *so = arr->child; so; so = so->next, i++)
        if (!read_segment(b, so, i))
            return false;
    return true;
}

/* ---- resources ------------------------------------------------------------------------ */

static bool read_type(build *b, const cJSON *t, int32_t j) {
    static const char *const keys[] = {"name", "kind", "count", NULL};
    jsonv *v = &b->v;
    jsonv_path(v, "machine.resources.types[%d]", j);
    const char *name, *kind;
    if (!jsonv_object(v, t, keys) || !(name = jsonv_str(v, t, "name", true, RM_NAME_MAX - 1)) ||
        !check_name(v, "name", name, true) || !(kind = jsonv_str(v, t, "kind", true, 16)))
        return false;
    for (int32_t i = 0; i < j; i++)
        if (!strcmp(b->res_names[i], name))
            return jsonv_fail(v, "name", "\"%s\" is already types[%d]", name, i);
    uint64_t count = 1;
    rm_kind k;
    if (!strcmp(kind, "mutex")) {
        k = RM_MUTEX;
        if (!jsonv_u64(v, t, "count", false, 1, 1, &count))
            return false;
    } else if (!strcmp(kind, "pool")) {
        k = RM_POOL;
        if (!jsonv_u64(v, t, "count", true, 1, DL_MAX_VALUE, &count))
            return false;
    } else if (!strcmp(kind, "semaphore")) {
        k = RM_SEM;
        if (!jsonv_u64(v, t, "count", true, 0, DL_MAX_VALUE, &count))
            return false;
    } else {
        return jsonv_fail(v, "kind", "unknown kind \"%s\" (mutex, pool, semaphore)", kind);
    }
    if (resmgr_add(b->m, name, k, (int32_t)count) != j)
        return jsonv_fail(v, NULL, "cannot add the resource");
    b->res_names[j] = name;
    b->res_kind[j] = k;
    b->res_total[j] = (int32_t)count;
    b->nres = j + 1;
    return true;
}

static bool read_resources(build *b, const cJSON *ro) {
    static const char *const keys[] = {
        "types", "detect_every", "banker", "ordered", "release_on_block", "recovery", NULL};
    jsonv *v = &b->v;
    jsonv_path(v, "machine.resources");
    if (!jsonv_object(v, ro, keys))
        return false;
    resmgr_config rc;
    resmgr_config_default(&rc);
    uint64_t every = rc.detect_every;
    const char *rec = NULL;
    if (!jsonv_u64(v, ro, "detect_every", false, 0, MAX_RUN, &every) ||
        !jsonv_bool(v, ro, "banker", &rc.banker) || !jsonv_bool(v, ro, "ordered", &rc.ordered) ||
        !jsonv_bool(v, ro, "release_on_block", &rc.release_on_block) ||
        !get_str(v, ro, "recovery", 16, &rec))
        return false;
    if (rec) {
        int r = rm_recovery_parse(rec);
        if (r < 0)
            return jsonv_fail(v, "recovery", "unknown recovery \"%s\" (none, kill, preempt)", rec);
        rc.recovery = (rm_recovery)r;
    }
    rc.detect_every = (uint32_t)every;
    const cJSON *types = get_list(v, ro, "types", DL_MAX_RES);
    if (!types)
        return false;
    if (!resmgr_attach(b->m, &rc))
        return jsonv_fail(v, NULL, "out of memory");
    int32_t j = 0;
    for (const cJSON *t = types->child; t; t = t->next, j++)
        if (!read_type(b, t, j))
            return false;
    return true;
}

/* ---- programs ------------------------------------------------------------------------- */

/* What spec_step cannot see: counts against the resource's size and kind. */
static bool check_resource_step(build *b, const prog_step *s, const char *text, char *err,
                                size_t n) {
    if (s->kind != STEP_ACQUIRE && s->kind != STEP_RELEASE && s->kind != STEP_CLAIM)
        return true;
    int32_t j = (int32_t)s->n, cnt = (int32_t)s->iofreq;
    if (s->kind == STEP_CLAIM && b->res_kind[j] == RM_SEM) {
        snprintf(err, n, "'%s': %s is a semaphore (claims are for mutexes and pools)", text,
                 b->res_names[j]);
        return false;
    }
    if (b->res_kind[j] != RM_SEM && cnt > b->res_total[j]) {
        snprintf(err, n, "'%s': there %s only %d %s", text, b->res_total[j] == 1 ? "is" : "are",
                 b->res_total[j], b->res_names[j]);
        return false;
    }
    return true;
}

static bool read_steps(build *b, const cJSON *po, uint32_t i, prog_step *steps, uint32_t *n) {
    jsonv *v = &b->v;
    const cJSON *arr = get_list(v, po, "steps", SPEC_MAX_STEPS);
    if (!arr)
        return false;
    spec_names nm = {.progs = b->prog_names,
                     .nprogs = b->nprogs,
                     .res = b->res_names,
                     .nres = b->nres,
                     .has_memory = b->has_memory,
                     .has_resources = b->m->res != NULL,
                     .segs = b->seg_names,
                     .nsegs = b->nsegs};
    uint32_t k = 0;
    for (const cJSON *st = arr->child; st; st = st->next, k++) {
        char key[32], why[200];
        snprintf(key, sizeof key, "steps[%u]", k);
        jsonv_path(v, "machine.programs[%u]", i);
        if (!cJSON_IsString(st))
            return jsonv_fail(v, key, "expected a step as text, like \"cpu 3\"");
        if (spec_step_parse(st->valuestring, &nm, &steps[k], why, sizeof why) != 0 ||
            !check_resource_step(b, &steps[k], st->valuestring, why, sizeof why))
            return jsonv_fail(v, key, "%s", why);
    }
    *n = k;
    return true;
}

static bool read_programs(build *b, const cJSON *spec) {
    static const char *const keys[] = {"name", "steps", "memory", NULL};
    jsonv *v = &b->v;
    jsonv_path(v, "machine");
    const cJSON *arr = get_list(v, spec, "programs", SPEC_MAX_PROGRAMS);
    if (!arr)
        return false;
    /* Names first: a step may fork a program listed after it. */
    for (const cJSON *po = arr->child; po; po = po->next, b->nprogs++) {
        const char *name;
        jsonv_path(v, "machine.programs[%u]", b->nprogs);
        if (!jsonv_object(v, po, keys) ||
            !(name = jsonv_str(v, po, "name", true, PROG_NAME_MAX - 1)) ||
            !check_name(v, "name", name, true))
            return false;
        for (uint32_t i = 0; i < b->nprogs; i++)
            if (!strcmp(b->prog_names[i], name))
                return jsonv_fail(v, "name", "\"%s\" is already programs[%u]", name, i);
        b->prog_names[b->nprogs] = name;
    }
    prog_step *steps = malloc(SPEC_MAX_STEPS * sizeof *steps);
    if (!steps)
        return jsonv_fail(v, NULL, "out of memory");
    bool ok = true;
    uint32_t i = 0;
    for (const cJSON *po = arr->child; ok && po; po = po->next, i++) {
        uint32_t n = 0;
        jsonv_path(v, "machine.programs[%u]", i);
        ok = read_steps(b, po, i, steps, &n);
        if (ok && machine_add_program(b->m, b->prog_names[i], steps, n) != (int)i)
            ok = jsonv_fail(v, NULL, "out of memory");
        const cJSON *mo = cJSON_GetObjectItemCaseSensitive(po, "memory");
        if (ok && mo)
            ok = read_model(b, mo, i);
    }
    free(steps);
    return ok;
}

static uint64_t sat_add(uint64_t a, uint64_t b, uint64_t cap) {
    return a > cap || b > cap - a ? cap + 1 : a + b;
}

/* Walks the forks from program p: counts what one process of it makes and
 * refuses a cycle, which would fork without end. */
static bool walk_forks(build *b, uint32_t p) {
    if (b->mark[p] == 2)
        return true;
    b->mark[p] = 1;
    b->path[b->npath++] = p;
    const program *pr = &b->m->progs[p];
    uint64_t procs = 1, cpu = 0;
    for (uint32_t k = 0; k < pr->nsteps; k++) {
        const prog_step *s = &pr->steps[k];
        cpu = sat_add(cpu, prog_step_ticks(s), SPEC_MAX_CPU_TOTAL);
        if (s->kind != STEP_FORK)
            continue;
        uint32_t c = s->n;
        if (b->mark[c] == 1) {
            char chain[300] = "";
            size_t len = 0;
            uint32_t from = 0;
            while (b->path[from] != c)
                from++;
            for (uint32_t i = from; i < b->npath && len < sizeof chain; i++)
                len += (size_t)snprintf(chain + len, sizeof chain - len, "%s forks ",
                                        b->prog_names[b->path[i]]);
            if (len < sizeof chain)
                snprintf(chain + len, sizeof chain - len, "%s", b->prog_names[c]);
            jsonv_path(&b->v, "machine.programs[%u]", p);
            char key[32];
            snprintf(key, sizeof key, "steps[%u]", k);
            return jsonv_fail(&b->v, key,
                              "forks without end (%s): a program may not fork itself, even "
                              "through others",
                              chain);
        }
        if (!walk_forks(b, c))
            return false;
        procs = sat_add(procs, b->procs_of[c], SPEC_MAX_ALL_PROCS);
        cpu = sat_add(cpu, b->cpu_of[c], SPEC_MAX_CPU_TOTAL);
    }
    b->procs_of[p] = procs;
    b->cpu_of[p] = cpu;
    b->mark[p] = 2;
    b->npath--;
    return true;
}

/* ---- processes ------------------------------------------------------------------------ */

static bool read_processes(build *b, const cJSON *spec) {
    static const char *const keys[] = {"program", "name", "arrival", "prio", "tickets", NULL};
    jsonv *v = &b->v;
    jsonv_path(v, "machine");
    const cJSON *arr = get_list(v, spec, "processes", SPEC_MAX_PROCESSES);
    if (!arr)
        return false;
    sched_policy pol = b->m->sched.cfg.policy;
    uint64_t all = 0, cpu = 0;
    uint32_t i = 0;
    for (const cJSON *po = arr->child; po; po = po->next, i++) {
        jsonv_path(v, "machine.processes[%u]", i);
        const char *prog, *name = NULL;
        uint64_t arrival = 0, prio = 0, tickets = 0;
        if (!jsonv_object(v, po, keys) || !(prog = jsonv_str(v, po, "program", true, 64)) ||
            !get_str(v, po, "name", PROC_NAME_MAX - 1, &name) ||
            (name && !check_name(v, "name", name, false)) ||
            !jsonv_u64(v, po, "arrival", false, 0, MAX_RUN, &arrival))
            return false;
        if (present(po, "prio") && pol != SCHED_PRIO)
            return jsonv_fail(v, "prio", "only for the prio policy");
        if (present(po, "tickets") && pol != SCHED_LOTTERY)
            return jsonv_fail(v, "tickets", "only for the lottery policy");
        if (!jsonv_u64(v, po, "prio", false, 0, (uint64_t)b->m->sched.cfg.levels - 1, &prio) ||
            !jsonv_u64(v, po, "tickets", false, 1, MAX_TICKET, &tickets))
            return false;
        uint32_t p = 0;
        while (p < b->nprogs && strcmp(b->prog_names[p], prog))
            p++;
        if (p == b->nprogs)
            return jsonv_fail(v, "program", "no program named '%s'", prog);
        all = sat_add(all, b->procs_of[p], SPEC_MAX_ALL_PROCS);
        cpu = sat_add(cpu, b->cpu_of[p], SPEC_MAX_CPU_TOTAL);
        if (all > SPEC_MAX_ALL_PROCS)
            return jsonv_fail(v, NULL,
                              "with the children their forks make, the processes up to here "
                              "come to more than %d",
                              SPEC_MAX_ALL_PROCS);
        if (cpu > SPEC_MAX_CPU_TOTAL)
            return jsonv_fail(v, NULL,
                              "with their children, the processes up to here need more than "
                              "%llu ticks of CPU",
                              SPEC_MAX_CPU_TOTAL);
        int32_t pid = machine_add_process(b->m, name ? name : prog, p, arrival, -1);
        if (pid < 0)
            return jsonv_fail(v, NULL, "out of memory");
        proc *pc = machine_proc(b->m, pid);
        pc->prio = (int32_t)prio;
        pc->tickets = (uint32_t)tickets; /* 0: the default, 100 */
    }
    return true;
}

/* ---- the whole machine ---------------------------------------------------------------- */

static bool read_all(build *b, const cJSON *spec, uint64_t seed) {
    static const char *const keys[] = {"cpus",      "run_queues", "sched",     "memory",
                                       "caches",    "shared",     "resources", "programs",
                                       "processes", "init",       NULL};
    static const char *const mpkeys[] = {"percpu", "steal", "affinity", "balance", NULL};
    jsonv *v = &b->v;
    jsonv_path(v, "machine");
    uint64_t cpus = 1;
    bool init = false;
    sched_config sc;
    if (!jsonv_object(v, spec, keys) ||
        !jsonv_u64(v, spec, "cpus", false, 1, MACHINE_MAX_CPUS, &cpus))
        return false;
    /* Several CPUs: one global queue, or per-CPU queues (mp.h). */
    mp_config mc = {0};
    const cJSON *rq = jsonv_obj(v, spec, "run_queues", false);
    if (!rq && present(spec, "run_queues"))
        return false;
    if (rq) {
        jsonv_path(v, "machine.run_queues");
        if (!jsonv_object(v, rq, mpkeys) || !jsonv_bool(v, rq, "percpu", &mc.percpu) ||
            !jsonv_bool(v, rq, "steal", &mc.steal) ||
            !jsonv_bool(v, rq, "affinity", &mc.affinity) ||
            !jsonv_u64(v, rq, "balance", false, 0, JSONV_MAX_TICK, &mc.balance))
            return false;
        if (cpus < 2)
            return jsonv_fail(v, NULL, "needs \"cpus\" of 2 or more");
        if ((mc.steal || mc.balance) && !mc.percpu)
            return jsonv_fail(v, mc.steal ? "steal" : "balance", "only with \"percpu\": true");
        jsonv_path(v, "machine");
    }
    if (!jsonv_bool(v, spec, "init", &init) || !read_sched(b, spec, &sc))
        return false;
    jsonv_path(v, "machine");
    const cJSON *mo = jsonv_obj(v, spec, "memory", false);
    const cJSON *ro = jsonv_obj(v, spec, "resources", false);
    const cJSON *co = jsonv_obj(v, spec, "caches", false);
    if ((!mo && present(spec, "memory")) || (!ro && present(spec, "resources")) ||
        (!co && present(spec, "caches")))
        return false;
    const cJSON *sh = jsonv_array(v, spec, "shared", false, VM_MAX_SHARED);
    if (!sh && present(spec, "shared"))
        return false;
    vm_config vc;
    mcache_config cc;
    if ((mo && !read_memory(b, mo, &vc)) || (co && !read_caches(b, co, mo != NULL, &cc)))
        return false;
    jsonv_path(v, "machine");
    b->m = machine_create(MODE_DEMO, &sc, (int)cpus, seed);
    if (!b->m)
        return jsonv_fail(v, NULL, "out of memory");
    b->m->pid_base = 1;
    b->m->init_pid = init ? 1 : -1;
    if (rq && mp_configure(b->m, &mc) != 0)
        return jsonv_fail(v, "run_queues",
                          "not possible with this scheduler (affinity with a "
                          "global queue is for fifo, rr, mlfq and prio)");
    char why[160];
    if (mo) {
        jsonv_path(v, "machine");
        if (vm_attach(b->m, &vc, why, sizeof why) != 0)
            return jsonv_fail(v, NULL, "%s", why);
        b->has_memory = true;
    }
    if (co && mcache_attach(b->m, &cc, why, sizeof why) != 0)
        return jsonv_fail(v, NULL, "%s", why);
    if (sh && !read_shared(b, sh))
        return false;
    if (ro && !read_resources(b, ro))
        return false;
    if (!read_programs(b, spec))
        return false;
    for (uint32_t p = 0; p < b->nprogs; p++)
        if (!walk_forks(b, p))
            return false;
    return read_processes(b, spec);
}

int spec_build(const cJSON *spec, uint64_t seed, machine **out, char *err, size_t errlen) {
    build *b = calloc(1, sizeof *b);
    *out = NULL;
    if (!b) {
        snprintf(err, errlen, "machine: out of memory");
        return -1;
    }
    b->v.err = err;
    b->v.errlen = errlen;
    bool ok = read_all(b, spec, seed);
    if (ok)
        *out = b->m;
    else
        machine_destroy(b->m);
    free(b);
    return ok ? 0 : -1;
}
