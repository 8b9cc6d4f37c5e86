/* quiz: an exercise's questions put to a student, in the TUI or headless.
 *
 * The right answer to each question is computed, once, by running the
 * exercise's scenario (or variant) on a separate machine to the end or to the
 * question's tick and reading the report path the question names. */
#ifndef TICKOS_QUIZ_H
#define TICKOS_QUIZ_H

#include <stdbool.h>

#include "args.h"
#include "exercise.h"
#include "machine.h"

struct cJSON;

typedef struct quiz {
    struct cJSON *scenario; /* owned copy; ex points into it */
    uint64_t seed;
    exercise ex;
    struct cJSON *expected[EXERCISE_MAX_QUESTIONS]; /* computed on demand */
    bool asked[EXERCISE_MAX_QUESTIONS], correct[EXERCISE_MAX_QUESTIONS];
    int score, nasked;
} quiz;

/* 0 when m was loaded from an exercise (q is then ready); 1 with err set
 * when it was not, or the exercise is invalid. */
int quiz_init(quiz *q, const machine *m, cli_error *err);
void quiz_free(quiz *q);
/* The first question not yet asked whose tick is <= tick, or -1. */
int quiz_due(const quiz *q, uint64_t tick);
/* The right answer to question i (owned by q), or NULL with err set. */
const struct cJSON *quiz_expected(quiz *q, int i, cli_error *err);
/* Grades given (any JSON value; NULL: not answered) for question i, counts
 * it as asked and scores it. Returns 0 with *right set, or 1 with err set. */
int quiz_answer(quiz *q, int i, const struct cJSON *given, bool *right, cli_error *err);
/* The same for text typed in the TUI. */
int quiz_answer_text(quiz *q, int i, const char *text, bool *right, cli_error *err);

#endif
