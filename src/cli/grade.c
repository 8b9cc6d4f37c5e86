/* Grading an exercise headless: --answers FILE puts each question's answer,
 * the value the engine gives, and the score in the report. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "file.h"
#include "quiz.h"
#include "report.h"

#define ANSWERS_MAX_FILE (1024 * 1024)

int cli_grade(const machine *m, const char *answers_path, cJSON **out, cli_error *err) {
    quiz q;
    *out = NULL;
    if (quiz_init(&q, m, err) != 0) {
        cli_prefix(err, "--answers");
        return 1;
    }
    char why[400];
    size_t len;
    char *text = file_read_all(answers_path, ANSWERS_MAX_FILE, &len, why, sizeof why);
    cJSON *ans = text ? cJSON_Parse(text) : NULL;
    free(text);
    err->status = 1;
    if (!text)
        snprintf(err->msg, sizeof err->msg, "--answers: %s", why);
    else if (!cJSON_IsArray(ans))
        snprintf(err->msg, sizeof err->msg,
                 "--answers: %.300s must be a JSON array with one answer per question (null for "
                 "none)",
                 answers_path);
    else if (cJSON_GetArraySize(ans) > q.ex.nq)
        snprintf(err->msg, sizeof err->msg, "--answers: more answers than the %d questions",
                 q.ex.nq);
    else
        err->status = 0;
    cJSON *qs = err->status ? NULL : cJSON_CreateArray();
    for (int i = 0; qs && i < q.ex.nq; i++) {
        const cJSON *given = cJSON_GetArrayItem(ans, i);
        bool right;
        if (given && cJSON_IsNull(given))
            given = NULL;
        if (quiz_answer(&q, i, given, &right, err) != 0) {
            cJSON_Delete(qs);
            qs = NULL;
            break;
        }
        const exercise_q *eq = &q.ex.q[i];
        cJSON *o = cJSON_CreateObject();
        report_add_int(o, "tick", (long long)eq->tick);
        cJSON_AddStringToObject(o, "ask", eq->ask);
        cJSON_AddItemToObject(o, "given",
                              given ? cJSON_Duplicate(given, true) : cJSON_CreateNull());
        cJSON_AddItemToObject(o, "expected", cJSON_Duplicate(q.expected[i], true));
        cJSON_AddBoolToObject(o, "correct", right);
        if (eq->explain)
            cJSON_AddStringToObject(o, "explain", eq->explain);
        cJSON_AddItemToArray(qs, o);
    }
    if (qs) {
        cJSON *g = cJSON_CreateObject();
        cJSON_AddStringToObject(g, "title", q.ex.title);
        report_add_int(g, "score", q.score);
        report_add_int(g, "out_of", q.ex.nq);
        cJSON_AddItemToObject(g, "questions", qs);
        *out = g;
    }
    cJSON_Delete(ans);
    quiz_free(&q);
    return *out ? 0 : 1;
}
