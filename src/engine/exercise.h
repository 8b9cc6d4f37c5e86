/* exercise: a save with a title, a description, learning goals and questions.
 *
 * A question is asked at a tick; its right answer is never written in the
 * file but read from the engine: `answer` is a path into the report of the
 * run to its end ("avg.turnaround", "timeline[12]", "accesses[6].victim"), of
 * or, with "when": "tick", of the run stopped at the question's tick), of
 * the exercise's own scenario or of one of its variants (the same scenario
 * with other words, e.g. 4 frames instead of 3, or another machine object
 * when the scenario is a machine spec). A student's answer is graded
 * against that value (exercise_grade). */
#ifndef TICKOS_EXERCISE_H
#define TICKOS_EXERCISE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cJSON;

#define EXERCISE_MAX_QUESTIONS 64
#define EXERCISE_MAX_VARIANTS  8
#define EXERCISE_TEXT_MAX      2000

typedef struct exercise_q {
    uint64_t tick;       /* the TUI pauses and asks at this tick */
    const char *ask;     /* points into the exercise's JSON */
    const char *answer;  /* report path */
    const char *explain; /* shown after the answer */
    int variant;         /* 0: the scenario itself; k: variants[k - 1] */
    bool at_tick;        /* the report at `tick` ("when": "tick"), not at the end */
} exercise_q;

typedef struct exercise {
    const char *title, *description;
    const struct cJSON *goals;    /* array of strings, may be NULL */
    const struct cJSON *variants; /* array of args arrays or machine objects, may be NULL */
    int nvariants;
    exercise_q q[EXERCISE_MAX_QUESTIONS];
    int nq;
} exercise;

/* Reads and checks scenario.exercise (strings point into j, which must
 * outlive ex). Returns 0, or -1 with a message naming the JSON path. */
int exercise_parse(const struct cJSON *j, exercise *ex, char *err, size_t errlen);

/* The value at path in report ("a.b[3].c"), or NULL when there is none. */
const struct cJSON *exercise_lookup(const struct cJSON *report, const char *path);
/* Checks a path's syntax. */
bool exercise_path_valid(const char *path);

/* Grades a student's answer (a JSON value: a string such as "9", "P3",
 * "yes", "1,3,4,0,2", or a number, boolean or array) against the expected
 * value: numbers within 0.01, text case-insensitively, "yes"/"no" for
 * booleans, "none" for null, lists item by item. */
bool exercise_grade(const struct cJSON *expected, const struct cJSON *given);

#endif
