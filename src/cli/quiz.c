#include "quiz.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "report.h"
#include "scenario.h"

static int fail(cli_error *err, const char *msg) {
    err->status = 1;
    snprintf(err->msg, sizeof err->msg, "%s", msg);
    return 1;
}

int quiz_init(quiz *q, const machine *m, cli_error *err) {
    memset(q, 0, sizeof *q);
    const cJSON *ej =
        m->scenario ? cJSON_GetObjectItemCaseSensitive(m->scenario, "exercise") : NULL;
    if (!ej)
        return fail(err, "this save is not an exercise (it has no scenario.exercise)");
    if (!(q->scenario = cJSON_Duplicate(m->scenario, true)))
        return fail(err, "out of memory");
    q->seed = m->seed;
    char why[400];
    if (exercise_parse(cJSON_GetObjectItemCaseSensitive(q->scenario, "exercise"), &q->ex, why,
                       sizeof why) != 0) {
        quiz_free(q);
        return fail(err, why);
    }
    return 0;
}

void quiz_free(quiz *q) {
    for (int i = 0; i < EXERCISE_MAX_QUESTIONS; i++)
        cJSON_Delete(q->expected[i]);
    cJSON_Delete(q->scenario);
    memset(q, 0, sizeof *q);
}

int quiz_due(const quiz *q, uint64_t tick) {
    for (int i = 0; i < q->ex.nq; i++)
        if (!q->asked[i] && q->ex.q[i].tick <= tick)
            return i;
    return -1;
}

/* The full report of variant k (0: the scenario itself), run to its end or
 * to tick stop (>= 0). */
static cJSON *variant_report(const quiz *q, int k, int64_t stop, cli_error *err) {
    cJSON *sc = cJSON_Duplicate(q->scenario, true);
    if (!sc)
        return NULL;
    if (k > 0) { /* other words, or another machine (scenario_check matched the kinds) */
        const cJSON *var = cJSON_GetArrayItem(q->ex.variants, k - 1);
        cJSON_ReplaceItemInObjectCaseSensitive(sc, cJSON_IsObject(var) ? "machine" : "args",
                                               cJSON_Duplicate(var, true));
    }
    cli_common c;
    cli_common_default(&c);
    c.report = "-"; /* record everything a full report holds */
    machine *v = NULL;
    cJSON *r = NULL;
    if (scenario_rebuild(sc, q->seed, &c, &v, err) == 0) {
        v->record = true;
        if (cli_advance(v, stop, err) == 0)
            r = report_build(v, false);
    } else if (k > 0) { /* the variant's fault, not the scenario's */
        cli_prefix(err, "scenario.exercise.variants[%d]", k - 1);
    }
    machine_destroy(v);
    cJSON_Delete(sc);
    return r;
}

const cJSON *quiz_expected(quiz *q, int i, cli_error *err) {
    if (i < 0 || i >= q->ex.nq)
        return fail(err, "no such question"), NULL;
    if (q->expected[i])
        return q->expected[i];
    const exercise_q *eq = &q->ex.q[i];
    cJSON *r = variant_report(q, eq->variant, eq->at_tick ? (int64_t)eq->tick : -1, err);
    if (!r)
        return NULL;
    const cJSON *want = exercise_lookup(r, eq->answer);
    if (!want) {
        err->status = 1;
        snprintf(err->msg, sizeof err->msg,
                 "scenario.exercise.questions[%d].answer: the report has no %.100s", i, eq->answer);
    } else {
        q->expected[i] = cJSON_Duplicate(want, true);
    }
    cJSON_Delete(r);
    return q->expected[i];
}

int quiz_answer(quiz *q, int i, const cJSON *given, bool *right, cli_error *err) {
    const cJSON *want = quiz_expected(q, i, err);
    if (!want)
        return 1;
    *right = given && exercise_grade(want, given);
    if (!q->asked[i])
        q->nasked++;
    if (q->asked[i] && q->correct[i])
        q->score--;
    q->asked[i] = true;
    q->correct[i] = *right;
    q->score += *right;
    return 0;
}

int quiz_answer_text(quiz *q, int i, const char *text, bool *right, cli_error *err) {
    cJSON *s = cJSON_CreateString(text ? text : "");
    if (!s)
        return fail(err, "out of memory");
    int rc = quiz_answer(q, i, text && *text ? s : NULL, right, err);
    cJSON_Delete(s);
    return rc;
}
