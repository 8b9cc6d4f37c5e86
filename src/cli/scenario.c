#include "scenario.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "exercise.h"
#include "file.h"
#include "jsonv.h"
#include "report.h"
#include "spec.h"
#include "state.h"

#define SCENARIO_MAX_WORDS 1000

typedef int (*build_fn)(int, char **, cli_common *, machine **, cli_error *);

static const struct {
    const char *name;
    build_fn build;
} modes[] = {
    {"sched", cli_sched_build},         {"paging", cli_paging_build},
    {"translate", cli_translate_build}, {"mesi", cli_mesi_build},
    {"deadlock", cli_deadlock_build},   {"demo", cli_demo_build},
};

static build_fn builder(const char *mode) {
    for (size_t i = 0; i < sizeof modes / sizeof *modes; i++)
        if (strcmp(mode, modes[i].name) == 0)
            return modes[i].build;
    return NULL;
}

static int fail1(cli_error *err, const char *fmt, const char *a, const char *b) {
    err->status = 1;
    snprintf(err->msg, sizeof err->msg, fmt, a, b);
    return 1;
}

FILE *scenario_open(cli_common *c, const char *flag, const char *path, cli_error *err) {
    if (!c->files_read && !(c->files_read = cJSON_CreateObject())) {
        fail1(err, "%s: out of memory reading %s", flag, path);
        return NULL;
    }
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(c->files_read, path);
    if (!text && c->files_in) {
        /* Loading: a save's own copy, never the disk. */
        const cJSON *in = cJSON_GetObjectItemCaseSensitive(c->files_in, path);
        if (!cJSON_IsString(in)) {
            fail1(err, "%s: the save holds no copy of %s (scenario.files)", flag, path);
            return NULL;
        }
        text = cJSON_AddStringToObject(c->files_read, path, in->valuestring);
    } else if (!text) {
        FILE *probe = fopen(path, "rb");
        if (!probe) {
            char why[300];
            snprintf(why, sizeof why, "%s: %s", path, strerror(errno));
            fail1(err, "%s: cannot open %s", flag, why);
            return NULL;
        }
        fclose(probe);
        char why[300];
        size_t len;
        char *buf = file_read_all(path, SCENARIO_MAX_FILE, &len, why, sizeof why);
        if (!buf) {
            fail1(err, "%s: %s", flag, why);
            return NULL;
        }
        if (strlen(buf) != len) {
            free(buf);
            fail1(err, "%s: %s is not a text file (it holds a NUL byte)", flag, path);
            return NULL;
        }
        text = cJSON_AddStringToObject(c->files_read, path, buf);
        free(buf);
    }
    if (!text) {
        fail1(err, "%s: out of memory reading %s", flag, path);
        return NULL;
    }
    size_t n = strlen(text->valuestring);
    FILE *f = fmemopen(n ? text->valuestring : (char *)"\n", n ? n : 1, "r");
    if (!f)
        fail1(err, "%s: cannot open %s in memory", flag, path);
    return f;
}

int scenario_build(const char *mode, int argc, char **argv, cli_common *c, machine **out,
                   cli_error *err) {
    build_fn build = builder(mode);
    *out = NULL;
    if (!build)
        return fail1(err, "%s: not a mode%s", mode, "");
    int rc = build(argc, argv, c, out, err);
    if (rc != 0)
        return rc;
    cJSON *sc = cJSON_CreateObject();
    cJSON *args = sc ? cJSON_AddArrayToObject(sc, "args") : NULL;
    if (args)
        cJSON_AddItemToArray(args, cJSON_CreateString(mode));
    for (int i = 0; args && i < argc;) {
        int skip = args_common_words(argc, argv, i);
        if (skip) {
            i += skip;
            continue;
        }
        cJSON_AddItemToArray(args, cJSON_CreateString(argv[i++]));
    }
    if (sc && c->files_read) {
        cJSON_AddItemToObject(sc, "files", c->files_read);
        c->files_read = NULL;
    }
    if (!args) {
        cJSON_Delete(sc);
        machine_destroy(*out);
        *out = NULL;
        return fail1(err, "out of memory%s%s", "", "");
    }
    machine_set_scenario(*out, sc);
    return 0;
}

/* Checks a scenario's shape; fills argv (pointers into it) unless it is a
 * machine spec (checked as it is built: spec.h). */
static bool scenario_check(const cJSON *sc, char **argv, int *argc, const cJSON **files, jsonv *v) {
    static const char *const keys[] = {"args", "machine", "files", "exercise", NULL};
    if (!jsonv_object(v, sc, keys))
        return false;
    const cJSON *spec = cJSON_GetObjectItemCaseSensitive(sc, "machine");
    *argc = 0;
    if (spec && cJSON_GetObjectItemCaseSensitive(sc, "args"))
        return jsonv_fail(v, NULL, "give either args or machine, not both");
    if (spec && cJSON_GetObjectItemCaseSensitive(sc, "files"))
        return jsonv_fail(v, "files", "a machine scenario reads no trace files");
    const cJSON *args = spec ? NULL : jsonv_array(v, sc, "args", false, SCENARIO_MAX_WORDS);
    if (!spec && !args)
        return cJSON_GetObjectItemCaseSensitive(sc, "args")
                   ? false
                   : jsonv_fail(v, NULL,
                                "needs args (a mode and its words) or machine (a "
                                "machine spec)");
    for (const cJSON *w = args ? args->child : NULL; w; w = w->next) {
        if (!cJSON_IsString(w))
            return jsonv_fail(v, "args", "item %d is not a string", *argc);
        argv[(*argc)++] = w->valuestring;
    }
    if (args && (*argc == 0 || !builder(argv[0])))
        return jsonv_fail(v, "args",
                          "must start with a mode (sched, paging, translate, mesi, "
                          "deadlock or demo)");
    for (int i = 1; i < *argc; i++)
        if (args_common_words(*argc, argv, i))
            return jsonv_fail(v, "args",
                              "\"%.40s\" says how to run, not what to run: give it "
                              "on the command line",
                              argv[i]);
    *files = jsonv_obj(v, sc, "files", false);
    if (!*files && cJSON_GetObjectItemCaseSensitive(sc, "files"))
        return false;
    for (const cJSON *f = *files ? (*files)->child : NULL; f; f = f->next)
        if (!cJSON_IsString(f))
            return jsonv_fail(v, "files", "\"%.60s\" is not a string", f->string);
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(sc, "exercise");
    exercise parsed;
    if (ex && exercise_parse(ex, &parsed, v->err, v->errlen) != 0)
        return false;
    int k = 0; /* a variant is the scenario with other args, or another machine */
    for (const cJSON *a = ex && parsed.variants ? parsed.variants->child : NULL; a;
         a = a->next, k++)
        if (cJSON_IsObject(a) != (spec != NULL))
            return jsonv_fail(v, "exercise.variants", "item %d: %s", k,
                              spec ? "a machine scenario's variants are machine objects"
                                   : "variants of args are arrays of words");
    return true;
}

int scenario_rebuild(const cJSON *scenario, uint64_t seed, const cli_common *c, machine **out,
                     cli_error *err) {
    char *argv[SCENARIO_MAX_WORDS + 1];
    int argc = 0;
    const cJSON *files = NULL;
    jsonv v = {.err = err->msg, .errlen = sizeof err->msg};
    jsonv_path(&v, "scenario");
    *out = NULL;
    if (!scenario || !scenario_check(scenario, argv, &argc, &files, &v)) {
        if (!scenario)
            snprintf(err->msg, sizeof err->msg, "this machine has no scenario to rebuild");
        err->status = 1;
        return 1;
    }
    argv[argc] = NULL;
    const cJSON *spec = cJSON_GetObjectItemCaseSensitive(scenario, "machine");
    if (spec) {
        char why[sizeof err->msg - 16];
        if (spec_build(spec, seed, out, why, sizeof why) != 0) {
            err->status = 1;
            snprintf(err->msg, sizeof err->msg, "scenario.%s", why);
            return 1;
        }
    }
    static const cJSON no_files = {.type = cJSON_Object};
    cli_common cc = *c;
    cc.seed = seed;
    cc.files_in = files ? files : &no_files;
    cc.files_read = NULL;
    int rc = spec ? 0 : builder(argv[0])(argc - 1, argv + 1, &cc, out, err);
    cli_common_free(&cc);
    if (rc != 0) {
        err->status = 1; /* a bad scenario in a file is not a usage error */
        cli_prefix(err, "scenario.args");
        return 1;
    }
    cJSON *copy = cJSON_Duplicate(scenario, true);
    if (!copy) {
        machine_destroy(*out);
        *out = NULL;
        return fail1(err, "out of memory%s%s", "", "");
    }
    machine_set_scenario(*out, copy);
    return 0;
}

machine *scenario_source_build(void *ctx) {
    const scenario_source *s = ctx;
    cli_common c;
    cli_error err = {0};
    machine *m = NULL;
    cli_common_default(&c);
    if (scenario_rebuild(s->scenario, s->seed, &c, &m, &err) != 0)
        return NULL;
    m->record = s->record;
    return m;
}

/* Carries out the commands due at m's tick, from *next on. */
static int apply_due(machine *m, const machine_cmd *cmds, uint32_t n, uint32_t *next,
                     cli_error *err) {
    while (*next < n && cmds[*next].tick == m->tick) {
        char why[200];
        if (cmd_apply(m, &cmds[*next], why, sizeof why) < 0) {
            err->status = 1;
            snprintf(err->msg, sizeof err->msg, "commands[%u]: %s", *next, why);
            return 1;
        }
        ++*next;
    }
    return 0;
}

/* Advances m to tick, carrying out the commands on the way and at tick. */
static int replay_to(machine *m, const machine_cmd *cmds, uint32_t n, uint64_t tick,
                     cli_error *err) {
    uint32_t next = 0;
    while (m->tick < tick) {
        if (apply_due(m, cmds, n, &next, err))
            return 1;
        if (machine_done(m)) {
            err->status = 1;
            snprintf(err->msg, sizeof err->msg,
                     "tick: %llu is past the end of the scenario (done at tick %llu)",
                     (unsigned long long)tick, (unsigned long long)m->tick);
            return 1;
        }
        machine_tick(m);
    }
    if (apply_due(m, cmds, n, &next, err))
        return 1;
    if (next < n) {
        err->status = 1;
        snprintf(err->msg, sizeof err->msg, "commands[%u]: tick %llu is after the save's tick",
                 next, (unsigned long long)cmds[next].tick);
        return 1;
    }
    return 0;
}

int scenario_replay(const machine *m, uint64_t tick, const cli_common *c, machine **out,
                    cli_error *err) {
    int rc = scenario_rebuild(m->scenario, m->seed, c, out, err);
    if (rc)
        return rc;
    uint32_t n = 0;
    while (n < m->cmds.n && m->cmds.v[n].tick <= tick)
        n++;
    (*out)->record = m->record;
    if (replay_to(*out, m->cmds.v, n, tick, err)) {
        machine_destroy(*out);
        *out = NULL;
        return 1;
    }
    return 0;
}

/* ---- save files --------------------------------------------------------- */

int save_write(const machine *m, const char *path, cli_error *err) {
    if (!m->scenario)
        return fail1(err, "--save: this machine has no scenario to save%s%s", "", "");
    cJSON *j = cJSON_CreateObject();
    cJSON *cmds = cJSON_CreateArray();
    if (!j || !cmds) {
        cJSON_Delete(j);
        cJSON_Delete(cmds);
        return fail1(err, "--save: out of memory%s%s", "", "");
    }
    report_add_int(j, "tickos", 1);
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(m->scenario, "exercise");
    cJSON_AddStringToObject(j, "kind", ex ? "exercise" : "save");
    cJSON_AddStringToObject(j, "mode", machine_mode_name(m->mode));
    cJSON_AddItemToObject(j, "seed", jsonv_make_u64(m->seed));
    cJSON_AddItemToObject(j, "tick", jsonv_make_u64(m->tick));
    cJSON_AddItemToObject(j, "scenario", cJSON_Duplicate(m->scenario, true));
    for (uint32_t i = 0; i < m->cmds.n; i++)
        cJSON_AddItemToArray(cmds, cmd_to_json(&m->cmds.v[i]));
    cJSON_AddItemToObject(j, "commands", cmds);
    cJSON_AddItemToObject(j, "state", state_build(m));
    char why[400];
    int rc = report_write(j, path, why, sizeof why);
    cJSON_Delete(j);
    if (rc != 0)
        return fail1(err, "--save: %s%s", why, "");
    return 0;
}

/* Line and column of p in text, for parse errors. */
static void where(const char *text, const char *p, size_t *line, size_t *col) {
    *line = 1;
    *col = 1;
    for (const char *s = text; s < p && *s; s++) {
        if (*s == '\n') {
            ++*line;
            *col = 1;
        } else {
            ++*col;
        }
    }
}

static int load_json(const cli_common *c, const cJSON *j, machine **out, cli_error *err) {
    static const char *const keys[] = {"tickos",   "kind",     "mode",  "seed", "tick",
                                       "scenario", "commands", "state", NULL};
    jsonv v = {.err = err->msg, .errlen = sizeof err->msg};
    err->status = 1;
    if (!jsonv_object(&v, j, keys))
        return 1;
    uint64_t version = 0, seed = 1, tick = 0;
    if (!jsonv_u64(&v, j, "tickos", true, 0, UINT32_MAX, &version))
        return 1;
    if (version != 1)
        return jsonv_fail(&v, "tickos", "version %llu is not supported (this tickos reads 1)",
                          (unsigned long long)version),
               1;
    const char *kind = jsonv_str(&v, j, "kind", false, 16);
    if (!kind && cJSON_GetObjectItemCaseSensitive(j, "kind"))
        return 1;
    if (kind && strcmp(kind, "save") && strcmp(kind, "exercise"))
        return jsonv_fail(&v, "kind", "expected \"save\" or \"exercise\", got \"%s\"", kind), 1;
    if (!jsonv_u64(&v, j, "seed", false, 0, UINT64_MAX, &seed) ||
        !jsonv_u64(&v, j, "tick", false, 0, scenario_tick_limit, &tick))
        return 1;
    const cJSON *sc = jsonv_obj(&v, j, "scenario", true);
    if (!sc)
        return 1;
    const char *mode = jsonv_str(&v, j, "mode", false, 16);
    if (!mode && cJSON_GetObjectItemCaseSensitive(j, "mode"))
        return 1;
    const cJSON *arr = jsonv_array(&v, j, "commands", false, CMDLOG_MAX);
    if (!arr && cJSON_GetObjectItemCaseSensitive(j, "commands"))
        return 1;
    cmdlog log = {0};
    int i = 0;
    for (const cJSON *it = arr ? arr->child : NULL; it; it = it->next, i++) {
        char at[32];
        machine_cmd cmd;
        snprintf(at, sizeof at, "commands[%d]", i);
        if (cmd_from_json(it, at, &cmd, err->msg, sizeof err->msg) != 0)
            goto fail;
        if (cmd.tick > tick || (log.n && cmd.tick < log.v[log.n - 1].tick)) {
            snprintf(err->msg, sizeof err->msg,
                     "%s.tick: %llu is out of order (commands go by tick, up to the save's "
                     "tick %llu)",
                     at, (unsigned long long)cmd.tick, (unsigned long long)tick);
            goto fail;
        }
        if (cmdlog_push(&log, &cmd) != 0) {
            snprintf(err->msg, sizeof err->msg, "out of memory");
            goto fail;
        }
    }
    if (scenario_rebuild(sc, seed, c, out, err) != 0)
        goto fail;
    if (mode && strcmp(mode, machine_mode_name((*out)->mode)) != 0) {
        jsonv_fail(&v, "mode", "\"%s\" does not match the scenario's mode %s", mode,
                   machine_mode_name((*out)->mode));
        goto fail_m;
    }
    (*out)->record = c->report && !c->summary;
    if (replay_to(*out, log.v, log.n, tick, err) != 0)
        goto fail_m;
    const cJSON *saved = cJSON_GetObjectItemCaseSensitive(j, "state");
    if (saved) {
        cJSON *now = state_build(*out);
        char why[300];
        int d = now ? state_diff(saved, now, why, sizeof why) : -1;
        cJSON_Delete(now);
        if (d != 0) {
            snprintf(err->msg, sizeof err->msg,
                     "state.%s (the file vs replaying its scenario): the file was changed or "
                     "made by another version",
                     d < 0 ? "?: out of memory" : why);
            goto fail_m;
        }
    }
    cmdlog_free(&log);
    return 0;
fail_m:
    machine_destroy(*out);
    *out = NULL;
fail:
    cmdlog_free(&log);
    err->status = 1;
    return 1;
}

uint64_t scenario_tick_limit = CLI_MAX_TICKS;

int save_load_text(const char *name, const char *text, size_t len, const cli_common *c,
                   machine **out, cli_error *err) {
    *out = NULL;
    if (strlen(text) != len)
        return fail1(err, "%s: not a tickos save (it holds a NUL byte)%s", name, "");
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithOpts(text, &end, true);
    if (!j) {
        size_t line, col;
        const char *at = end ? end : cJSON_GetErrorPtr();
        where(text, at ? at : text + len, &line, &col);
        err->status = 1;
        snprintf(err->msg, sizeof err->msg,
                 "%s: not valid JSON at line %zu, column %zu (truncated, or nested deeper "
                 "than %d?)",
                 name, line, col, CJSON_NESTING_LIMIT);
        return 1;
    }
    int rc = load_json(c, j, out, err);
    cJSON_Delete(j);
    if (rc != 0)
        cli_prefix(err, "%s", name);
    return rc;
}

int save_load(const char *path, const cli_common *c, machine **out, cli_error *err) {
    char why[300];
    size_t len;
    *out = NULL;
    char *text = file_read_all(path, SCENARIO_MAX_FILE, &len, why, sizeof why);
    if (!text)
        return fail1(err, "%s%s", why, "");
    int rc = save_load_text(path, text, len, c, out, err);
    free(text);
    return rc;
}
