/* inject: a process given to a running machine, with its memory behaviour and
 * a resource it holds (rules in inject.h). */
#include "inject.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonv.h"
#include "machine.h"
#include "machine_cmd.h"
#include "resmgr.h"
#include "templates.h"
#include "vm.h"

_Static_assert(INJECT_NAME_MAX == PROG_NAME_MAX && INJECT_NAME_MAX == PROC_NAME_MAX,
               "an inject names programs and processes");
_Static_assert(INJECT_RES_MAX == RM_NAME_MAX, "an inject names a resource");
_Static_assert(INJECT_COUNT_MAX == DL_MAX_VALUE, "counts are the deadlock maths' values");

static const char *const field_keys[] = {
    [INJECT_OK] = "",
    [INJECT_F_MACHINE] = "",
    [INJECT_F_PROGRAM] = "program",
    [INJECT_F_NAME] = "name",
    [INJECT_F_PRIO] = "prio",
    [INJECT_F_MEMORY] = "memory",
    [INJECT_F_RESOURCE] = "resource.name",
    [INJECT_F_COUNT] = "resource.count",
    [INJECT_F_HOLD] = "resource.hold",
};

const char *inject_field_key(inject_field f) {
    return (unsigned)f < sizeof field_keys / sizeof *field_keys ? field_keys[f] : "";
}

static inject_field bad(inject_field f, char *err, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static inject_field bad(inject_field f, char *err, size_t n, const char *fmt, ...) {
    if (err && n) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, n, fmt, ap);
        va_end(ap);
    }
    return f;
}

int inject_find_program(const machine *m, const char *name) {
    for (uint32_t i = 0; i < m->nprogs; i++)
        if (!m->progs[i].injected && strcmp(m->progs[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* The names of m's own programs, "a, b, c" (cut short with "..."). */
static void own_names(const machine *m, char *out, size_t n) {
    size_t len = 0;
    out[0] = '\0';
    for (uint32_t i = 0; i < m->nprogs; i++) {
        if (m->progs[i].injected)
            continue;
        const char *name = m->progs[i].name;
        if (len + strlen(name) + 6 >= n) {
            snprintf(out + len, n - len, "%s...", len ? ", " : "");
            return;
        }
        len += (size_t)snprintf(out + len, n - len, "%s%s", len ? ", " : "", name);
    }
}

static int find_res(const resmgr *r, const char *name) {
    for (int32_t j = 0; j < r->ntypes; j++)
        if (strcmp(r->types[j].name, name) == 0)
            return j;
    return -1;
}

/* A range of the model that a MAP step of the program would find already in
 * private use: the map would be refused and the process stopped. */
static inject_field check_maps(const machine *m, const program *pr, const vm_model *md, char *err,
                               size_t n) {
    const vm *v = m->vm;
    uint64_t lo = md->base, hi = lo + (uint64_t)md->pages * v->cfg.page_size;
    for (uint32_t k = 0; pr && k < pr->nsteps; k++) {
        const prog_step *s = &pr->steps[k];
        if (s->kind != STEP_MAP || s->n >= v->nsegs)
            continue;
        const vm_segment *g = &v->segs[s->n];
        uint64_t glo = g->base, ghi = glo + (uint64_t)g->pages * v->cfg.page_size;
        if (lo < ghi && glo < hi)
            return bad(INJECT_F_MEMORY, err, n,
                       "0x%llx-0x%llx overlaps shared segment %s (0x%llx-0x%llx), which %s maps",
                       (unsigned long long)lo, (unsigned long long)(hi - 1), g->name,
                       (unsigned long long)glo, (unsigned long long)(ghi - 1), pr->name);
    }
    return INJECT_OK;
}

static inject_field check_resource(const machine *m, const inject_cmd *c, char *err, size_t n) {
    const resmgr *r = m->res;
    if (!r)
        return bad(INJECT_F_RESOURCE, err, n, "this machine has no resources");
    int j = find_res(r, c->res);
    if (j < 0)
        return bad(INJECT_F_RESOURCE, err, n, "no resource named \"%s\"", c->res);
    const rm_type *t = &r->types[j];
    if (c->count < 1 || c->count > INJECT_COUNT_MAX)
        return bad(INJECT_F_COUNT, err, n, "%u is not from 1 to %u", c->count, INJECT_COUNT_MAX);
    if (t->kind == RM_MUTEX && c->count != 1)
        return bad(INJECT_F_COUNT, err, n, "%s is a mutex: it is taken once (1), not %u", t->name,
                   c->count);
    if (t->kind == RM_POOL && c->count > (uint32_t)t->total)
        return bad(INJECT_F_COUNT, err, n, "%u is more than the %d %s there %s", c->count, t->total,
                   t->name, t->total == 1 ? "is" : "are");
    if (c->hold < 1 || c->hold > INJECT_HOLD_MAX)
        return bad(INJECT_F_HOLD, err, n, "%u is not from 1 to %u ticks", c->hold, INJECT_HOLD_MAX);
    return INJECT_OK;
}

inject_field inject_check(const machine *m, const inject_cmd *c, char *err, size_t n) {
    if (m->sub_ops)
        return bad(INJECT_F_MACHINE, err, n, "%s mode has no processes to add to",
                   machine_mode_name(m->mode));
    const program *pr = NULL;
    if (c->prog[0]) {
        int p = inject_find_program(m, c->prog);
        if (p < 0) {
            char names[120];
            own_names(m, names, sizeof names);
            return bad(INJECT_F_PROGRAM, err, n, "no program named \"%s\" in this machine (%s)",
                       c->prog, names[0] ? names : "it has none");
        }
        pr = &m->progs[p];
    } else if (c->tmpl >= templates_count()) {
        return bad(INJECT_F_PROGRAM, err, n, "no template %u", c->tmpl);
    }
    size_t len = strnlen(c->name, INJECT_NAME_MAX);
    if (len >= INJECT_NAME_MAX)
        return bad(INJECT_F_NAME, err, n, "longer than %d characters", INJECT_NAME_MAX - 1);
    for (size_t k = 0; k < len; k++)
        if (iscntrl((unsigned char)c->name[k]))
            return bad(INJECT_F_NAME, err, n, "has a control character (byte %zu)", k);
    if (c->prio < 0 || c->prio > INJECT_PRIO_MAX)
        return bad(INJECT_F_PRIO, err, n, "%d is not from 0 to %d", c->prio, INJECT_PRIO_MAX);
    if (c->mem.pages) {
        if (!m->vm)
            return bad(INJECT_F_MEMORY, err, n, "this machine has no memory");
        char why[120];
        if (vm_model_check(&c->mem, m->vm->cfg.page_size, why, sizeof why) != 0)
            return bad(INJECT_F_MEMORY, err, n, "%s", why);
        inject_field f = check_maps(m, pr, &c->mem, err, n);
        if (f != INJECT_OK)
            return f;
    }
    if (c->res[0])
        return check_resource(m, c, err, n);
    return INJECT_OK;
}

/* The steps that take, hold and give back the resource; returns how many. */
static uint32_t resource_steps(const machine *m, const inject_cmd *c, prog_step *out) {
    if (!c->res[0])
        return 0;
    int32_t j = find_res(m->res, c->res);
    uint32_t k = 0;
    if (m->res->cfg.banker && m->res->types[j].kind != RM_SEM)
        out[k++] = (prog_step)RM_CLAIM((uint32_t)j, c->count);
    out[k++] = (prog_step)RM_ACQUIRE((uint32_t)j, c->count);
    out[k++] = (prog_step){.kind = STEP_RUN, .n = c->hold};
    out[k++] = (prog_step)RM_RELEASE((uint32_t)j, c->count);
    return k;
}

/* The process, once checked and logged: the program to run (a copy when the
 * command adds to it), its model, the process. Returns the pid or -1. */
static int32_t add(machine *m, const inject_cmd *c) {
    prog_step pre[4];
    uint32_t npre = resource_steps(m, c, pre);
    machine_prog main;
    const machine_prog *extra = NULL;
    uint32_t nextra = 0;
    int own = c->prog[0] ? inject_find_program(m, c->prog) : -1;
    char name[INJECT_NAME_MAX];
    vm_model md = {0};
    if (own >= 0) {
        /* Copied: adding a program may move m->progs and the models. */
        const program *pr = &m->progs[own];
        snprintf(name, sizeof name, "%s", pr->name);
        main = (machine_prog){name, pr->steps, pr->nsteps};
        const vm_model *own_md = vm_model_of(m, (uint32_t)own);
        if (own_md)
            md = *own_md;
        if (npre == 0 && c->mem.pages == 0)
            return machine_inject_proc(m, c->name, (uint32_t)own, c->prio);
    } else if (!templates_prog(c->tmpl, &main, &extra, &nextra)) {
        return -1;
    }
    if (c->mem.pages)
        md = c->mem;
    prog_step *steps = malloc((npre + main.nsteps) * sizeof *steps);
    if (!steps)
        return -1;
    memcpy(steps, pre, npre * sizeof *steps);
    memcpy(steps + npre, main.steps, main.nsteps * sizeof *steps);
    machine_prog whole = {main.name, steps, npre + main.nsteps};
    int idx;
    if (own >= 0) {
        /* Its forks already name the machine's programs. */
        idx = machine_add_program(m, whole.name, whole.steps, whole.nsteps);
        if (idx >= 0)
            m->progs[idx].injected = true;
    } else {
        idx = machine_inject_programs(m, &whole, extra, nextra);
    }
    free(steps);
    if (idx < 0 || (md.pages && vm_set_model(m, (uint32_t)idx, &md, NULL, 0) != 0))
        return -1;
    return machine_inject_proc(m, c->name, (uint32_t)idx, c->prio);
}

int32_t inject_do(machine *m, const inject_cmd *c, char *err, size_t errlen) {
    char why[200];
    inject_field f = inject_check(m, c, why, sizeof why);
    if (f != INJECT_OK) {
        if (err && errlen)
            snprintf(err, errlen, "inject at tick %llu: %s%s%s", (unsigned long long)m->tick,
                     inject_field_key(f), *inject_field_key(f) ? ": " : "", why);
        return -1;
    }
    /* Logged first (saves and step back replay it): no log, no process. */
    machine_cmd cmd = {.tick = m->tick, .kind = CMD_INJECT, .inj = *c};
    int32_t pid = -1;
    if (cmdlog_push(&m->cmds, &cmd) == 0) {
        pid = add(m, c);
        if (pid < 0)
            m->cmds.n--;
    }
    if (pid < 0 && err && errlen)
        snprintf(err, errlen, "inject at tick %llu: out of memory", (unsigned long long)m->tick);
    return pid;
}

/* ---- JSON ----------------------------------------------------------------------------- */

cJSON *inject_json(const inject_cmd *c) {
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    if (c->prog[0]) {
        cJSON_AddStringToObject(o, "program", c->prog);
    } else {
        const proc_template *t = templates_at(c->tmpl);
        cJSON_AddStringToObject(o, "template", t ? t->name : "?");
    }
    cJSON_AddStringToObject(o, "name", c->name);
    cJSON_AddNumberToObject(o, "prio", c->prio);
    if (c->mem.pages)
        cJSON_AddItemToObject(o, "memory", vm_model_json(&c->mem));
    if (c->res[0]) {
        cJSON *r = cJSON_AddObjectToObject(o, "resource");
        cJSON_AddStringToObject(r, "name", c->res);
        cJSON_AddNumberToObject(r, "count", c->count);
        cJSON_AddNumberToObject(r, "hold", c->hold);
    }
    return o;
}

/* An optional string of at most max bytes without control characters into
 * out (size max + 1); false only when present and bad. */
static bool get_text(jsonv *v, const cJSON *o, const char *key, size_t max, bool empty_ok,
                     char *out) {
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!it)
        return true;
    const char *s = jsonv_str(v, o, key, false, max);
    if (!s)
        return false;
    if (!*s && !empty_ok)
        return jsonv_fail(v, key, "must not be empty");
    for (const char *p = s; *p; p++)
        if (iscntrl((unsigned char)*p))
            return jsonv_fail(v, key, "has a control character (byte %d)", (int)(p - s));
    snprintf(out, max + 1, "%s", s);
    return true;
}

static bool read_resource(jsonv *v, const cJSON *ro, const char *path, inject_cmd *out) {
    static const char *const keys[] = {"name", "count", "hold", NULL};
    jsonv_path(v, "%s.resource", path);
    if (!jsonv_object(v, ro, keys))
        return false;
    if (!cJSON_GetObjectItemCaseSensitive(ro, "name"))
        return jsonv_fail(v, "name", "missing");
    uint64_t count = 1, hold = 1;
    if (!get_text(v, ro, "name", INJECT_RES_MAX - 1, false, out->res) ||
        !jsonv_u64(v, ro, "count", false, 1, INJECT_COUNT_MAX, &count) ||
        !jsonv_u64(v, ro, "hold", false, 1, INJECT_HOLD_MAX, &hold))
        return false;
    out->count = (uint32_t)count;
    out->hold = (uint32_t)hold;
    return true;
}

bool inject_read(jsonv *v, const cJSON *o, const char *path, inject_cmd *out) {
    static const char *const keys[] = {"template", "program",  "name", "prio",
                                       "memory",   "resource", NULL};
    *out = (inject_cmd){0};
    jsonv_path(v, "%s", path);
    if (!jsonv_object(v, o, keys))
        return false;
    bool has_t = cJSON_GetObjectItemCaseSensitive(o, "template") != NULL;
    bool has_p = cJSON_GetObjectItemCaseSensitive(o, "program") != NULL;
    if (has_t == has_p)
        return jsonv_fail(v, NULL,
                          "needs exactly one of template (%s) and program (one of the "
                          "machine's)",
                          "cpu-bound, io-bound, interactive, forker");
    if (has_t) {
        const char *t = jsonv_str(v, o, "template", true, 32);
        if (!t)
            return false;
        int ti = templates_find(t);
        if (ti < 0)
            return jsonv_fail(v, "template", "no template named \"%s\"", t);
        out->tmpl = (uint32_t)ti;
    } else if (!get_text(v, o, "program", INJECT_NAME_MAX - 1, false, out->prog)) {
        return false;
    }
    int64_t prio = 0;
    if (!get_text(v, o, "name", INJECT_NAME_MAX - 1, true, out->name) ||
        !jsonv_i64(v, o, "prio", false, 0, INJECT_PRIO_MAX, &prio))
        return false;
    out->prio = (int32_t)prio;
    const cJSON *mo = cJSON_GetObjectItemCaseSensitive(o, "memory");
    if (mo) {
        jsonv_path(v, "%s.memory", path);
        if (!vm_model_read(v, mo, 0, &out->mem))
            return false;
    }
    const cJSON *ro = cJSON_GetObjectItemCaseSensitive(o, "resource");
    return !ro || read_resource(v, ro, path, out);
}

/* ---- presets -------------------------------------------------------------------------- */

static const inject_preset presets[] = {
    {"loop", "its pages in turn, again and again (4: fits in memory)", 4},
    {"scan", "a sequential scan of its pages, over and over (32)", 32},
    {"random", "any of its pages at random, 1 write in 5 (16)", 16},
    {"hot set", "90% to a hot set of 1/8 of its pages (8 of 64)", 64},
    {"phases", "a hot set of 1/4 of its pages moving every 40 (32)", 32},
};

size_t inject_presets_count(void) {
    return sizeof presets / sizeof *presets;
}

const inject_preset *inject_preset_at(size_t i) {
    return i < inject_presets_count() ? &presets[i] : NULL;
}

bool inject_preset_model(size_t i, uint32_t pages, uint32_t base, vm_model *out) {
    if (i >= inject_presets_count())
        return false;
    uint32_t p = pages ? pages : presets[i].pages;
    vm_model md = {.base = base, .pages = p, .hot = p, .locality = 100};
    switch (i) {
        case 0: md.scan = true, md.writes = 10; break;
        case 1: md.scan = true; break;
        case 2: md.writes = 20; break;
        case 3: md.hot = p / 8 ? p / 8 : 1, md.locality = 90, md.writes = 20; break;
        default: md.hot = p / 4 ? p / 4 : 1, md.locality = 95, md.writes = 20, md.phase = 40; break;
    }
    *out = md;
    return true;
}

uint32_t inject_base(const machine *m, uint32_t pages) {
    const vm *v = m->vm;
    if (!v)
        return INJECT_BASE;
    uint64_t ps = v->cfg.page_size, len = (uint64_t)pages * ps, b = INJECT_BASE;
    /* b only grows, past a segment at a time: nsegs moves at most. */
    for (uint32_t pass = 0; pass <= v->nsegs; pass++) {
        bool moved = false;
        for (uint32_t k = 0; k < v->nsegs; k++) {
            const vm_segment *g = &v->segs[k];
            uint64_t glo = g->base, ghi = glo + (uint64_t)g->pages * ps;
            if (b < ghi && glo < b + len) {
                b = ghi;
                moved = true;
            }
        }
        if (!moved)
            return b + len <= (1ULL << 32) ? (uint32_t)b : INJECT_BASE;
    }
    return INJECT_BASE;
}
