#include "jsonv.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXACT_MAX 9007199254740992.0 /* 2^53: integers up to here are exact doubles */

void jsonv_path(jsonv *v, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->path, sizeof v->path, fmt, ap);
    va_end(ap);
}

bool jsonv_fail(jsonv *v, const char *key, const char *fmt, ...) {
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *sep = v->path[0] && key ? "." : "";
    if (!v->path[0] && !key)
        snprintf(v->err, v->errlen, "%s", msg);
    else
        snprintf(v->err, v->errlen, "%s%s%s: %s", v->path, sep, key ? key : "", msg);
    return false;
}

static const char *type_name(const cJSON *j) {
    if (cJSON_IsObject(j))
        return "an object";
    if (cJSON_IsArray(j))
        return "an array";
    if (cJSON_IsString(j))
        return "a string";
    if (cJSON_IsNumber(j))
        return "a number";
    if (cJSON_IsBool(j))
        return "a boolean";
    if (cJSON_IsNull(j))
        return "null";
    return "something else";
}

bool jsonv_object(jsonv *v, const cJSON *j, const char *const *allowed) {
    if (!cJSON_IsObject(j))
        return jsonv_fail(v, NULL, "expected an object, got %s", type_name(j));
    if (!allowed)
        return true;
    for (const cJSON *it = j->child; it; it = it->next) {
        bool known = false;
        for (const char *const *k = allowed; *k && !known; k++)
            known = it->string && strcmp(it->string, *k) == 0;
        if (!known)
            return jsonv_fail(v, NULL, "unknown key \"%.60s\"", it->string ? it->string : "");
    }
    return true;
}

/* Parses obj[key] as an unsigned integer; sets *neg for a negative number. */
static bool get_int(jsonv *v, const cJSON *it, const char *key, uint64_t *mag, bool *neg) {
    *neg = false;
    if (cJSON_IsString(it)) {
        const char *s = it->valuestring;
        if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || !s[2] || strlen(s) > 18)
            return jsonv_fail(v, key, "expected an integer or \"0x...\" text, got \"%.40s\"", s);
        char *end;
        errno = 0;
        unsigned long long x = strtoull(s + 2, &end, 16);
        if (*end || errno)
            return jsonv_fail(v, key, "\"%.40s\" is not a hexadecimal integer", s);
        *mag = x;
        return true;
    }
    if (!cJSON_IsNumber(it))
        return jsonv_fail(v, key, "expected an integer, got %s", type_name(it));
    double d = it->valuedouble;
    if (!isfinite(d) || d != floor(d) || fabs(d) > EXACT_MAX)
        return jsonv_fail(v, key, "expected an integer, got %g", d);
    *neg = d < 0;
    *mag = (uint64_t)fabs(d);
    return true;
}

bool jsonv_u64(jsonv *v, const cJSON *obj, const char *key, bool required, uint64_t lo, uint64_t hi,
               uint64_t *out) {
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!it)
        return required ? jsonv_fail(v, key, "missing") : true;
    uint64_t x = 0; /* set by get_int; -O3 cannot see it */
    bool neg;
    if (!get_int(v, it, key, &x, &neg))
        return false;
    if (neg || x < lo || x > hi)
        return jsonv_fail(v, key, "out of range %llu..%llu", (unsigned long long)lo,
                          (unsigned long long)hi);
    *out = x;
    return true;
}

bool jsonv_i64(jsonv *v, const cJSON *obj, const char *key, bool required, int64_t lo, int64_t hi,
               int64_t *out) {
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!it)
        return required ? jsonv_fail(v, key, "missing") : true;
    uint64_t mag = 0; /* set by get_int; -O3 cannot see it */
    bool neg;
    if (!get_int(v, it, key, &mag, &neg))
        return false;
    if (mag > (uint64_t)INT64_MAX)
        return jsonv_fail(v, key, "out of range %lld..%lld", (long long)lo, (long long)hi);
    int64_t x = neg ? -(int64_t)mag : (int64_t)mag;
    if (x < lo || x > hi)
        return jsonv_fail(v, key, "out of range %lld..%lld", (long long)lo, (long long)hi);
    *out = x;
    return true;
}

const char *jsonv_str(jsonv *v, const cJSON *obj, const char *key, bool required, size_t maxlen) {
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!it) {
        if (required)
            jsonv_fail(v, key, "missing");
        return NULL;
    }
    if (!cJSON_IsString(it)) {
        jsonv_fail(v, key, "expected a string, got %s", type_name(it));
        return NULL;
    }
    if (strlen(it->valuestring) > maxlen) {
        jsonv_fail(v, key, "longer than %zu bytes", maxlen);
        return NULL;
    }
    return it->valuestring;
}

const cJSON *jsonv_array(jsonv *v, const cJSON *obj, const char *key, bool required, size_t max) {
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!it) {
        if (required)
            jsonv_fail(v, key, "missing");
        return NULL;
    }
    if (!cJSON_IsArray(it)) {
        jsonv_fail(v, key, "expected an array, got %s", type_name(it));
        return NULL;
    }
    if ((size_t)cJSON_GetArraySize(it) > max) {
        jsonv_fail(v, key, "more than %zu items", max);
        return NULL;
    }
    return it;
}

const cJSON *jsonv_obj(jsonv *v, const cJSON *obj, const char *key, bool required) {
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!it) {
        if (required)
            jsonv_fail(v, key, "missing");
        return NULL;
    }
    if (!cJSON_IsObject(it)) {
        jsonv_fail(v, key, "expected an object, got %s", type_name(it));
        return NULL;
    }
    return it;
}

cJSON *jsonv_make_u64(uint64_t x) {
    if ((double)x <= EXACT_MAX && x <= (1ULL << 53))
        return cJSON_CreateNumber((double)x);
    char buf[24];
    snprintf(buf, sizeof buf, "0x%llx", (unsigned long long)x);
    return cJSON_CreateString(buf);
}

bool jsonv_bool(jsonv *v, const cJSON *obj, const char *key, bool *out) {
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!b)
        return true;
    if (!cJSON_IsBool(b))
        return jsonv_fail(v, key, "expected true or false");
    *out = cJSON_IsTrue(b);
    return true;
}
