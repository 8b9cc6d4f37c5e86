/* An exercise's questions: asked when their tick is reached, graded by the
 * engine's own answer (quiz.h), explained, and scored in the header. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "ctl.h"
#include "submit.h"

static void badge(ctl *c) {
    snprintf(c->vs.badge, sizeof c->vs.badge, "exercise %d/%d right", c->quiz.score, c->quiz.ex.nq);
}

bool ctl_quiz_check(ctl *c) {
    if (!c->has_quiz)
        return false;
    badge(c);
    if (c->vs.dialog != DIALOG_NONE)
        return false;
    int i = quiz_due(&c->quiz, c->m->tick);
    if (i < 0)
        return false;
    const exercise_q *q = &c->quiz.ex.q[i];
    char title[64];
    snprintf(title, sizeof title, "Question %d of %d  (tick %llu)", i + 1, c->quiz.ex.nq,
             (unsigned long long)c->m->tick);
    form_open(&c->vs.form, FORM_QUESTION, title);
    snprintf(c->vs.form.body, sizeof c->vs.form.body, "%s", q->ask);
    form_add_text(&c->vs.form, "answer", "", NULL);
    c->vs.form.pid = i;
    c->vs.dialog = DIALOG_FORM;
    c->vs.paused = true;
    return true;
}

/* Grades text for the open question and shows the verdict. */
static unsigned answer(ctl *c, const char *text) {
    int i = c->vs.form.pid;
    bool right = false;
    cli_error err = {0};
    if (quiz_answer_text(&c->quiz, i, text, &right, &err) != 0) {
        c->vs.dialog = DIALOG_NONE;
        ctl_say(c, true, "%s", err.msg);
        return ACT_REDRAW;
    }
    char *want = cJSON_PrintUnformatted(c->quiz.expected[i]);
    const exercise_q *q = &c->quiz.ex.q[i];
    char title[64];
    snprintf(title, sizeof title, "Question %d of %d: %s", i + 1, c->quiz.ex.nq,
             right     ? "right"
             : text[0] ? "not quite"
                       : "skipped");
    form_open(&c->vs.form, FORM_ANSWERED, title);
    snprintf(c->vs.form.body, sizeof c->vs.form.body, "%s%s%.60s.\n%s\nScore: %d of %d.",
             right ? "Right: " : "The answer is ", right ? "" : "", want ? want : "?",
             q->explain ? q->explain : "", c->quiz.score, c->quiz.ex.nq);
    free(want);
    c->vs.dialog = DIALOG_FORM;
    badge(c);
    return ACT_REDRAW;
}

unsigned submit_question(ctl *c) {
    char text[FORM_TEXT_MAX];
    snprintf(text, sizeof text, "%s", c->vs.form.field[0].text);
    if (!text[0]) {
        snprintf(c->vs.form.error, sizeof c->vs.form.error,
                 "answer: type one (a number, P3, yes/no, 1,3,0), or Esc to skip");
        return ACT_REDRAW;
    }
    return answer(c, text);
}

unsigned skip_question(ctl *c) {
    return answer(c, "");
}

unsigned submit_answered(ctl *c) {
    c->vs.dialog = DIALOG_NONE;
    ctl_quiz_check(c); /* the next one due at this tick, if any */
    return ACT_REDRAW;
}
