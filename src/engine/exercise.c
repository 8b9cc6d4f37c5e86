#include "exercise.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jsonv.h"

bool exercise_path_valid(const char *p) {
    if (!p || !*p)
        return false;
    bool need_key = true;
    while (*p) {
        if (*p == '[') {
            if (!isdigit((unsigned char)p[1]))
                return false;
            p++;
            while (isdigit((unsigned char)*p))
                p++;
            if (*p++ != ']')
                return false;
            need_key = false;
        } else if (*p == '.') {
            if (need_key)
                return false;
            p++;
            need_key = true;
        } else {
            if (!need_key)
                return false;
            while (*p && *p != '.' && *p != '[') {
                if (!isalnum((unsigned char)*p) && *p != '_')
                    return false;
                p++;
            }
            need_key = false;
        }
    }
    return !need_key;
}

const cJSON *exercise_lookup(const cJSON *report, const char *path) {
    if (!exercise_path_valid(path))
        return NULL;
    const cJSON *at = report;
    const char *p = path;
    char key[64];
    while (at && *p) {
        if (*p == '.')
            p++;
        if (*p == '[') {
            long idx = strtol(p + 1, NULL, 10);
            p = strchr(p, ']') + 1;
            at = cJSON_IsArray(at) && idx < INT32_MAX ? cJSON_GetArrayItem(at, (int)idx) : NULL;
        } else {
            size_t n = strcspn(p, ".[");
            if (n >= sizeof key)
                return NULL;
            memcpy(key, p, n);
            key[n] = '\0';
            p += n;
            at = cJSON_IsObject(at) ? cJSON_GetObjectItemCaseSensitive(at, key) : NULL;
        }
    }
    return at;
}

static bool fail(char *err, size_t n, const char *path, const char *msg) {
    snprintf(err, n, "%s: %s", path, msg);
    return false;
}

int exercise_parse(const cJSON *j, exercise *ex, char *err, size_t errlen) {
    static const char *const keys[] = {"title",    "description", "goals",
                                       "variants", "questions",   NULL};
    static const char *const qkeys[] = {"tick",    "ask",  "answer", "explain",
                                        "variant", "when", NULL};
    memset(ex, 0, sizeof *ex);
    jsonv v = {.err = err, .errlen = errlen};
    jsonv_path(&v, "scenario.exercise");
    if (!jsonv_object(&v, j, keys) || !(ex->title = jsonv_str(&v, j, "title", true, 200)) ||
        !(ex->description = jsonv_str(&v, j, "description", true, EXERCISE_TEXT_MAX)))
        return -1;
    ex->goals = jsonv_array(&v, j, "goals", false, 32);
    if (!ex->goals && cJSON_GetObjectItemCaseSensitive(j, "goals"))
        return -1;
    for (const cJSON *g = ex->goals ? ex->goals->child : NULL; g; g = g->next)
        if (!cJSON_IsString(g) || strlen(g->valuestring) > EXERCISE_TEXT_MAX)
            return fail(err, errlen, "scenario.exercise.goals", "each goal is a short string"), -1;
    ex->variants = jsonv_array(&v, j, "variants", false, EXERCISE_MAX_VARIANTS);
    if (!ex->variants && cJSON_GetObjectItemCaseSensitive(j, "variants"))
        return -1;
    for (const cJSON *a = ex->variants ? ex->variants->child : NULL; a; a = a->next) {
        if (!(cJSON_IsArray(a) && cJSON_GetArraySize(a)) && !cJSON_IsObject(a))
            return fail(err, errlen, "scenario.exercise.variants",
                        "each variant is a non-empty array of words, like scenario.args, or a "
                        "machine object, like scenario.machine"),
                   -1;
        ex->nvariants++;
    }
    const cJSON *qs = jsonv_array(&v, j, "questions", true, EXERCISE_MAX_QUESTIONS);
    if (!qs)
        return -1;
    for (const cJSON *q = qs->child; q; q = q->next) {
        exercise_q *eq = &ex->q[ex->nq];
        jsonv_path(&v, "scenario.exercise.questions[%d]", ex->nq);
        int64_t variant = 0;
        if (!jsonv_object(&v, q, qkeys) ||
            !jsonv_u64(&v, q, "tick", false, 0, JSONV_MAX_TICK, &eq->tick) ||
            !(eq->ask = jsonv_str(&v, q, "ask", true, EXERCISE_TEXT_MAX)) ||
            !(eq->answer = jsonv_str(&v, q, "answer", true, 200)) ||
            !jsonv_i64(&v, q, "variant", false, 0, ex->nvariants, &variant))
            return -1;
        const char *when = jsonv_str(&v, q, "when", false, 8);
        if (!when && cJSON_GetObjectItemCaseSensitive(q, "when"))
            return -1;
        if (when && strcmp(when, "end") && strcmp(when, "tick"))
            return jsonv_fail(&v, "when", "expected \"end\" or \"tick\", got \"%s\"", when), -1;
        eq->at_tick = when && !strcmp(when, "tick");
        eq->explain = jsonv_str(&v, q, "explain", false, EXERCISE_TEXT_MAX);
        if (!eq->explain && cJSON_GetObjectItemCaseSensitive(q, "explain"))
            return -1;
        if (!exercise_path_valid(eq->answer))
            return jsonv_fail(&v, "answer",
                              "\"%s\" is not a report path like avg.turnaround "
                              "or accesses[3].victim",
                              eq->answer),
                   -1;
        eq->variant = (int)variant;
        ex->nq++;
    }
    if (ex->nq == 0)
        return fail(err, errlen, "scenario.exercise.questions", "needs at least one question"), -1;
    return 0;
}

/* ---- grading ------------------------------------------------------------ */

/* Trims spaces and a leading "P" (process names like P3) into buf. */
static const char *token(const char *s, size_t n, char *buf, size_t bn) {
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n >= bn)
        n = bn - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

static bool number_of(const char *t, double *out) {
    if ((t[0] == 'P' || t[0] == 'p') && isdigit((unsigned char)t[1]))
        t++;
    char *end;
    double d = strtod(t, &end);
    if (end == t || *end || !isfinite(d))
        return false;
    *out = d;
    return true;
}

static bool text_matches(const cJSON *e, const char *t) {
    if (cJSON_IsNull(e))
        return !strcasecmp(t, "none") || !strcasecmp(t, "null") || !strcmp(t, "-");
    if (cJSON_IsBool(e)) {
        bool yes = !strcasecmp(t, "yes") || !strcasecmp(t, "true") || !strcasecmp(t, "y") ||
                   !strcasecmp(t, "safe");
        bool no = !strcasecmp(t, "no") || !strcasecmp(t, "false") || !strcasecmp(t, "n") ||
                  !strcasecmp(t, "unsafe");
        return cJSON_IsTrue(e) ? yes : no;
    }
    if (cJSON_IsNumber(e)) {
        double d;
        return number_of(t, &d) && fabs(d - e->valuedouble) <= 0.01;
    }
    if (cJSON_IsString(e))
        return !strcasecmp(t, e->valuestring);
    return false;
}

/* A list answer "1,3,4" / "1 3 4" / "[1, 3, 4]" against an array. */
static bool list_matches(const cJSON *e, const char *t) {
    char buf[64];
    while (isspace((unsigned char)*t))
        t++;
    if (!e->child && (!strcasecmp(t, "none") || !strcmp(t, "-")))
        return true;
    if (*t == '[')
        t++;
    const cJSON *item = e->child;
    for (;;) {
        size_t n = strcspn(t, ", ]");
        if (n > 0) {
            if (!item || !text_matches(item, token(t, n, buf, sizeof buf)))
                return false;
            item = item->next;
        }
        t += n;
        if (!*t || *t == ']')
            break;
        t++;
    }
    return item == NULL;
}

bool exercise_grade(const cJSON *expected, const cJSON *given) {
    if (!expected || !given)
        return false;
    char buf[256];
    if (cJSON_IsArray(expected)) {
        if (cJSON_IsArray(given)) {
            if (cJSON_GetArraySize(given) != cJSON_GetArraySize(expected))
                return false;
            for (const cJSON *a = expected->child, *b = given->child; a; a = a->next, b = b->next)
                if (!exercise_grade(a, b))
                    return false;
            return true;
        }
        return cJSON_IsString(given) && list_matches(expected, given->valuestring);
    }
    if (cJSON_IsString(given))
        return text_matches(expected,
                            token(given->valuestring, strlen(given->valuestring), buf, sizeof buf));
    if (cJSON_IsNumber(given) && cJSON_IsNumber(expected))
        return fabs(given->valuedouble - expected->valuedouble) <= 0.01;
    if (cJSON_IsBool(given) && cJSON_IsBool(expected))
        return cJSON_IsTrue(given) == cJSON_IsTrue(expected);
    if (cJSON_IsNull(given))
        return false; /* not answered */
    return false;
}
