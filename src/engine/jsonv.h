/* jsonv: reading JSON that may be broken or hostile (saves, exercises).
 *
 * Every getter checks presence, type and range and, on a problem, writes one
 * message naming the JSON path ("commands[2].tick: expected an integer in
 * 0..2000000000, got 2.5") and returns false/NULL. Integers above 2^53 (seeds,
 * the generator's words) are written and read as "0x..." strings, since a
 * JSON number is a double. */
#ifndef TICKOS_JSONV_H
#define TICKOS_JSONV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cJSON;

#define JSONV_MAX_TICK 2000000000ULL

typedef struct jsonv {
    char *err;
    size_t errlen;
    char path[200]; /* of the object being read; "" at the top */
} jsonv;

void jsonv_path(jsonv *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "path.key: message"; returns false. key may be NULL (the object itself). */
bool jsonv_fail(jsonv *v, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A true/false key; absent leaves *out alone. */
bool jsonv_bool(jsonv *v, const struct cJSON *obj, const char *key, bool *out);
/* j is an object whose keys are all in allowed (NULL-terminated; NULL: any). */
bool jsonv_object(jsonv *v, const struct cJSON *j, const char *const *allowed);
/* obj[key] as an integer in [lo, hi]. Absent: false with a message when
 * required, else true leaving *out alone. */
bool jsonv_u64(jsonv *v, const struct cJSON *obj, const char *key, bool required, uint64_t lo,
               uint64_t hi, uint64_t *out);
bool jsonv_i64(jsonv *v, const struct cJSON *obj, const char *key, bool required, int64_t lo,
               int64_t hi, int64_t *out);
/* A string of at most maxlen bytes; NULL when absent (and not required) or bad. */
const char *jsonv_str(jsonv *v, const struct cJSON *obj, const char *key, bool required,
                      size_t maxlen);
/* An array of at most max items; NULL when absent (and not required) or bad. */
const struct cJSON *jsonv_array(jsonv *v, const struct cJSON *obj, const char *key, bool required,
                                size_t max);
/* An object; NULL when absent (and not required) or bad. */
const struct cJSON *jsonv_obj(jsonv *v, const struct cJSON *obj, const char *key, bool required);

/* A u64 as a JSON value: a number when exact in a double, else "0x..." text. */
struct cJSON *jsonv_make_u64(uint64_t x);

#endif
