/* Grading an exercise headless: --answers FILE puts each question's answer,
 * the value the engine gives, and the score in the report. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "exercise.h"
#include "file.h"
#include "report.h"
#include "scenario.h"

#define ANSWERS_MAX_FILE (1024 * 1024)

static int fail(cli_error *err, const char *fmt, const char *a, const char *b) {
    err->status = 1;
    snprintf(err->msg, sizeof err->msg, fmt, a, b);
    return 1;
}

/* The full report of variant k of the scenario (0: itself), run to its end
 * or to tick stop (>= 0). */
static cJSON *variant_report(const machine *m, const exercise *ex, int k, int64_t stop,
                             cli_error *err) {
    cJSON *sc = cJSON_Duplicate(m->scenario, true);
    if (!sc)
        return NULL;
    if (k > 0) {
        cJSON *words = cJSON_Duplicate(cJSON_GetArrayItem(ex->variants, k - 1), true);
        cJSON_ReplaceItemInObjectCaseSensitive(sc, "args", words);
    }
    cli_common c;
    cli_common_default(&c);
    c.report = "-"; /* record everything a full report holds */
    machine *v = NULL;
    cJSON *r = NULL;
    if (scenario_rebuild(sc, m->seed, &c, &v, err) == 0) {
        v->record = true;
        if (cli_advance(v, stop, err) == 0)
            r = report_build(v, false);
    }
    machine_destroy(v);
    cJSON_Delete(sc);
    return r;
}

int cli_grade(const machine *m, const char *answers_path, cJSON **out, cli_error *err) {
    const cJSON *ej =
        m->scenario ? cJSON_GetObjectItemCaseSensitive(m->scenario, "exercise") : NULL;
    *out = NULL;
    if (!ej)
        return fail(err, "--answers: %s is not an exercise (it has no scenario.exercise)%s",
                    "this save", "");
    exercise ex;
    char why[400];
    if (exercise_parse(ej, &ex, why, sizeof why) != 0)
        return fail(err, "%s%s", why, "");
    size_t len;
    char *text = file_read_all(answers_path, ANSWERS_MAX_FILE, &len, why, sizeof why);
    if (!text)
        return fail(err, "--answers: %s%s", why, "");
    cJSON *ans = cJSON_Parse(text);
    free(text);
    if (!cJSON_IsArray(ans)) {
        cJSON_Delete(ans);
        return fail(err,
                    "--answers: %s must be a JSON array with one answer per question (null for "
                    "none)%s",
                    answers_path, "");
    }
    if (cJSON_GetArraySize(ans) > ex.nq) {
        cJSON_Delete(ans);
        snprintf(why, sizeof why, "%d", ex.nq);
        return fail(err, "--answers: more answers than the %s questions%s", why, "");
    }
    cJSON *reports[EXERCISE_MAX_VARIANTS + 1] = {0}; /* at the end, by variant */
    cJSON *g = cJSON_CreateObject();
    cJSON_AddStringToObject(g, "title", ex.title);
    cJSON *qs = cJSON_CreateArray();
    int score = 0, rc = 0;
    for (int i = 0; i < ex.nq && rc == 0; i++) {
        const exercise_q *q = &ex.q[i];
        cJSON *at = NULL, *rep;
        if (q->at_tick)
            rep = at = variant_report(m, &ex, q->variant, (int64_t)q->tick, err);
        else if (!(rep = reports[q->variant]))
            rep = reports[q->variant] = variant_report(m, &ex, q->variant, -1, err);
        if (!rep) {
            rc = 1;
            break;
        }
        const cJSON *want = exercise_lookup(rep, q->answer);
        if (!want) {
            snprintf(why, sizeof why, "scenario.exercise.questions[%d].answer", i);
            rc = fail(err, "%s: the report has no %s", why, q->answer);
            cJSON_Delete(at);
            break;
        }
        const cJSON *given = cJSON_GetArrayItem(ans, i);
        bool right = given && exercise_grade(want, given);
        cJSON *expected = cJSON_Duplicate(want, true);
        cJSON_Delete(at);
        score += right;
        cJSON *o = cJSON_CreateObject();
        report_add_int(o, "tick", (long long)q->tick);
        cJSON_AddStringToObject(o, "ask", q->ask);
        cJSON_AddItemToObject(o, "given",
                              given ? cJSON_Duplicate(given, true) : cJSON_CreateNull());
        cJSON_AddItemToObject(o, "expected", expected);
        cJSON_AddBoolToObject(o, "correct", right);
        if (q->explain)
            cJSON_AddStringToObject(o, "explain", q->explain);
        cJSON_AddItemToArray(qs, o);
    }
    for (int k = 0; k <= EXERCISE_MAX_VARIANTS; k++)
        cJSON_Delete(reports[k]);
    cJSON_Delete(ans);
    if (rc) {
        cJSON_Delete(qs);
        cJSON_Delete(g);
        return rc;
    }
    report_add_int(g, "score", score);
    report_add_int(g, "out_of", ex.nq);
    cJSON_AddItemToObject(g, "questions", qs);
    *out = g;
    return 0;
}
